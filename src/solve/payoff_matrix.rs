//! The two forms in which the two-player solvers (Lemke-Howson, enumeration) take a player's
//! payoffs: exactly, as integers, and in floats, normalised into `[1, 2]`.
//!
//! Both are positive affine images of the payoffs, so they have the same best responses, hence
//! the same equilibria, as the game. Both make every payoff positive (at least 1), which the
//! best-response polytopes `{x ≥ 0 : Bᵀx ≤ 1}` and `{y ≥ 0 : Ay ≤ 1}` need to be bounded.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Zero};

use crate::game::Game;

/// One player's payoffs in a two-player game, exactly, row-major `m × n`: the game's exact
/// payoffs when it was given exactly ([`Game::exact_payoff`]), otherwise each `f64` taken at
/// its exact binary value. This is the one place the exact solvers read payoffs from.
pub(super) fn exact_bimatrix(game: &Game, player: usize) -> Vec<BigRational> {
    (0..game.num_profiles())
        .map(|p| game.exact_payoff(2 * p + player))
        .collect()
}

/// The payoffs as integers: shifted so that the smallest is 1 and multiplied by the least
/// common multiple of their denominators. Nothing is rounded.
pub(super) fn integer_payoffs(exact: Vec<BigRational>) -> Vec<BigInt> {
    let min = exact
        .iter()
        .min()
        .cloned()
        .unwrap_or_else(BigRational::zero);
    let shift = BigRational::one() - min;
    let shifted: Vec<BigRational> = exact.into_iter().map(|x| x + &shift).collect();
    let denominator = shifted.iter().fold(BigInt::one(), |l, x| l.lcm(x.denom()));
    shifted
        .into_iter()
        .map(|x| x.numer() * (&denominator / x.denom()))
        .collect()
}

/// The smallest and largest payoff of each player in the interleaved bimatrix `data`
/// (`a₀, b₀, a₁, b₁, …`), in one pass of sixteen lanes (eight per player) that vectorises;
/// with AVX2 where the CPU has it (the same comparisons, so the same result).
pub(super) fn payoff_ranges(data: &[f64]) -> [(f64, f64); 2] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { payoff_ranges_avx2(data) };
    }
    ranges(data)
}

/// [`payoff_ranges`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn payoff_ranges_avx2(data: &[f64]) -> [(f64, f64); 2] {
    ranges(data)
}

/// [`payoff_ranges`] for any CPU. Sixteen independent lanes keep the comparisons from
/// waiting on each other (four lanes left the loop bound by the latency of one comparison
/// per lane and step, a large part of a short Lemke–Howson path's cost at 200×200).
#[inline(always)]
fn ranges(data: &[f64]) -> [(f64, f64); 2] {
    const LANES: usize = 16;
    let (mut lo, mut hi) = ([f64::INFINITY; LANES], [f64::NEG_INFINITY; LANES]);
    let chunks = data.chunks_exact(LANES);
    // A bimatrix has an even number of entries, so lane `l` (of the chunks and of the
    // remainder) holds player `l % 2`'s payoffs.
    for (l, &v) in chunks.remainder().iter().enumerate() {
        (lo[l], hi[l]) = (lo[l].min(v), hi[l].max(v));
    }
    for c in chunks {
        for l in 0..LANES {
            lo[l] = if c[l] < lo[l] { c[l] } else { lo[l] };
            hi[l] = if c[l] > hi[l] { c[l] } else { hi[l] };
        }
    }
    [0, 1].map(|p| {
        (p..LANES)
            .step_by(2)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(min, max), l| {
                (min.min(lo[l]), max.max(hi[l]))
            })
    })
}

/// The affine map of payoffs in `[lo, hi]` onto `[1, 2]` (a constant onto 1): positive, and
/// of the same scale whatever the input's.
pub(super) fn normalisation((lo, hi): (f64, f64)) -> impl Fn(f64) -> f64 + Copy {
    // Halved first, so that payoffs near ±f64::MAX cannot overflow the range; a
    // multiplication by the inverse instead of a division keeps building the tableaux a small
    // part of a short path's cost, unless the range is so small (subnormal) that its inverse
    // overflows: then each payoff is divided.
    let half_range = hi / 2.0 - lo / 2.0;
    let scale = if half_range > 0.0 {
        1.0 / half_range
    } else {
        0.0
    };
    let divide = scale.is_infinite();
    move |v| {
        let offset = v / 2.0 - lo / 2.0;
        1.0 + if divide {
            offset / half_range
        } else {
            offset * scale
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(values: &[f64]) -> Vec<BigRational> {
        values
            .iter()
            .map(|&x| BigRational::from_float(x).unwrap())
            .collect()
    }

    #[test]
    fn integer_payoffs_are_exact_shifted_and_scaled() {
        // -1, 0.5, 2 shift to 1, 2.5, 4 and scale by 2.
        let ints = integer_payoffs(exact(&[-1.0, 0.5, 2.0]));
        assert_eq!(ints, [2, 5, 8].map(BigInt::from));
        // Payoffs at both ends of the f64 range stay exact.
        let ints = integer_payoffs(exact(&[f64::MAX, -f64::MAX, 1e-310]));
        assert!(ints.iter().all(|x| x >= &BigInt::one()));
    }

    #[test]
    fn integer_payoffs_use_the_common_multiple_of_the_denominators() {
        // 0, 1/2 and 1/3 shift to 1, 3/2 and 4/3, whose denominators 2 and 3 divide neither
        // each other: the scale is their least common multiple 6 (the largest, 3, is not
        // enough).
        let r = |p: i64, q: i64| BigRational::new(p.into(), q.into());
        let ints = integer_payoffs(vec![r(0, 1), r(1, 2), r(1, 3)]);
        assert_eq!(ints, [6, 9, 8].map(BigInt::from));
        let ints = integer_payoffs(vec![r(2, 7), r(3, 19)]);
        assert_eq!(ints, [150, 133].map(BigInt::from));
    }

    #[test]
    fn payoff_ranges_are_each_players_min_and_max() {
        // Every length up to a few chunks, so that remainders of every size occur, with the
        // extremes of each player placed at every position.
        let mut rng = crate::rng::SplitMix64::for_stream(7, 0);
        for pairs in 0..40 {
            let data: Vec<f64> = (0..2 * pairs).map(|_| rng.open01() - 0.5).collect();
            let naive = [0, 1].map(|p| {
                let own = data.iter().skip(p).step_by(2);
                own.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                })
            });
            assert_eq!(payoff_ranges(&data), naive, "{pairs} pairs");
            assert_eq!(ranges(&data), naive, "{pairs} pairs");
        }
    }

    #[test]
    fn normalisation_maps_onto_one_to_two() {
        for (lo, hi) in [
            (-3.0, 5.0),
            (-f64::MAX, f64::MAX),
            (0.0, 2.2e-309),
            (4.0, 4.0),
        ] {
            let f = normalisation((lo, hi));
            assert_eq!(f(lo), 1.0);
            assert_eq!(f(hi), if hi > lo { 2.0 } else { 1.0 });
            assert!((1.0..=2.0).contains(&f(lo / 2.0 + hi / 2.0)));
        }
    }
}
