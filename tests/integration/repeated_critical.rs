//! Critical discount factors: hand-derived fractions and roots, and a brute-force one-shot
//! deviation check (discounted sums over a long horizon, no polynomials) around the threshold.

use detente::Game;
use detente::repeated::{Punishment, RepeatedGame};
use ndarray::array;
use num_rational::BigRational;
use proptest::prelude::*;

fn r(p: i64, q: i64) -> BigRational {
    BigRational::new(p.into(), q.into())
}

/// Prisoners' dilemma: C = 0, D = 1; (C,C) = 3, (C,D) = 0/5, (D,D) = 1.
fn pd() -> RepeatedGame {
    let g = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    RepeatedGame::new(g, 0.9).unwrap()
}

#[test]
fn grim_threshold_of_the_prisoners_dilemma_is_one_half() {
    let c = pd()
        .critical_discount(&[vec![0, 0]], Punishment::Grim)
        .unwrap();
    // (d − u) / (d − p) = (5 − 3) / (5 − 1).
    let t = c.discount_exact.clone().unwrap();
    assert_eq!(t.exact, Some(r(1, 2)));
    assert_eq!(c.thresholds, vec![Some(0.5), Some(0.5)]);
    let b = c.binding.unwrap();
    assert_eq!((b.player, b.period, b.phase.as_str()), (0, 0, "target"));
    assert!(c.holds);
    assert!(c.intervals[0].upper.is_none());
}

#[test]
fn a_profile_paying_less_than_the_punishment_is_never_sustained() {
    // (D, C): the column player gets 0 < 1, its stage equilibrium payoff.
    let c = pd()
        .critical_discount(&[vec![1, 0]], Punishment::Grim)
        .unwrap();
    assert_eq!(c.discount, None);
    assert!(c.intervals.is_empty());
    assert_eq!(c.thresholds[0], Some(0.0)); // the row player has nothing to gain
    assert_eq!(c.thresholds[1], None);
    assert!(
        c.reasons[1].as_ref().unwrap().contains("P2"),
        "{:?}",
        c.reasons
    );
    assert!(!c.holds);
}

#[test]
fn a_stage_equilibrium_is_sustained_at_every_discount_factor() {
    let c = pd()
        .critical_discount(&[vec![1, 1]], Punishment::Grim)
        .unwrap();
    assert_eq!(c.discount_exact.unwrap().exact, Some(r(0, 1)));
    assert_eq!(c.binding, None);
}

#[test]
fn alternating_exploitation_needs_one_quarter() {
    // Player 1 at (C, D): (0 + 5δ)/(1 + δ) >= 1 iff δ >= 1/4; at (D, C): 4δ² − δ >= 0.
    let c = pd()
        .critical_discount(&[vec![0, 1], vec![1, 0]], Punishment::Grim)
        .unwrap();
    assert_eq!(c.discount_exact.unwrap().exact, Some(r(1, 4)));
    let b = c.binding.unwrap();
    assert_eq!((b.player, b.period), (0, 0));
}

#[test]
fn a_three_period_cycle_has_an_irrational_threshold() {
    // (C,C), (C,C), (C,D): player 1's constraint at period 1 is 4δ³ + 2δ² − δ − 2 >= 0, the
    // largest of its thresholds (hand-derived: periods 0, 2 give 4δ³ − δ² + 2δ − 2 and
    // 2δ² + 2δ − 1; player 2's are smaller).
    let c = pd()
        .critical_discount(&[vec![0, 0], vec![0, 0], vec![0, 1]], Punishment::Grim)
        .unwrap();
    let t = c.discount_exact.clone().unwrap();
    assert!(t.exact.is_none());
    let p = |x: &BigRational| r(4, 1) * x * x * x + r(2, 1) * x * x - x - r(2, 1);
    let zero = r(0, 1);
    assert!(p(&t.lower) < zero && p(&t.upper) > zero);
    assert!(&t.upper - &t.lower < r(1, 1_000_000_000_000_000) * r(1, 1_000_000_000_000_000));
    let b = c.binding.unwrap();
    assert_eq!((b.player, b.period, b.phase.as_str()), (0, 1, "target"));
    // Bisection in floats agrees.
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..60 {
        let m = (lo + hi) / 2.0;
        if 4.0 * m * m * m + 2.0 * m * m - m - 2.0 < 0.0 {
            lo = m
        } else {
            hi = m
        }
    }
    assert!((t.value - lo).abs() < 1e-12);
}

#[test]
fn unequal_discount_factors_use_each_players_threshold() {
    let g = pd().stage().clone();
    let rg = RepeatedGame::with_discounts(g.clone(), &[0.6, 0.4]).unwrap();
    let c = rg
        .critical_discount(&[vec![0, 0]], Punishment::Grim)
        .unwrap();
    assert!(!c.holds);
    let rg = RepeatedGame::with_discounts(g, &[0.6, 0.5]).unwrap();
    assert!(
        rg.critical_discount(&[vec![0, 0]], Punishment::Grim)
            .unwrap()
            .holds
    );
}

#[test]
fn a_continuation_probability_scales_the_threshold() {
    // δ p >= 1/2 with p = 4/5: δ >= 5/8.
    let rg = pd().with_continuation(0.8).unwrap();
    let c = rg
        .critical_discount(&[vec![0, 0]], Punishment::Grim)
        .unwrap();
    assert_eq!(c.discount_exact.unwrap().exact, Some(r(5, 8)));
}

#[test]
fn an_explicit_mixed_punishment_is_checked_and_used() {
    // Matching pennies has no pure equilibrium: grim refuses, the mixed one (payoff 0) works.
    let g = Game::from_bimatrix(
        array![[2.0, 0.0], [0.0, 2.0]].view(),
        array![[0.0, 2.0], [2.0, 0.0]].view(),
    )
    .unwrap();
    let rg = RepeatedGame::new(g, 0.5).unwrap();
    let err = rg
        .critical_discount(&[vec![0, 0]], Punishment::Grim)
        .unwrap_err();
    assert!(
        err.to_string().contains("no pure Nash equilibrium"),
        "{err}"
    );
    let half = vec![r(1, 2), r(1, 2)];
    let c = rg
        .critical_discount(&[vec![0, 0]], Punishment::Nash(vec![half.clone(), half]))
        .unwrap();
    // Player 2 gets 0 at (0, 0) and 1 by playing its equilibrium: never.
    assert_eq!(c.discount, None);
    let bad = vec![vec![r(1, 1), r(0, 1)], vec![r(1, 1), r(0, 1)]];
    assert!(
        rg.critical_discount(&[vec![0, 0]], Punishment::Nash(bad))
            .is_err()
    );
}

#[test]
fn optimal_codes_use_the_pure_minmax_when_it_is_harsher() {
    // A punishing action X: the row player's pure minmax (-2) is below its stage equilibrium
    // payoff (1); the best code is never worse than grim.
    let a = array![[3.0, 0.0, -2.0], [5.0, 1.0, -2.0], [-2.0, -2.0, -4.0]];
    let g = Game::from_bimatrix(a.view(), a.t()).unwrap();
    let rg = RepeatedGame::new(g, 0.9).unwrap();
    let grim = rg
        .critical_discount(&[vec![0, 0]], Punishment::Grim)
        .unwrap();
    let opt = rg
        .critical_discount(&[vec![0, 0]], Punishment::Optimal)
        .unwrap();
    assert_eq!(grim.discount, Some(0.5));
    assert!(
        opt.discount.unwrap() <= 0.5,
        "{:?} {}",
        opt.discount,
        opt.code
    );
    assert_eq!(opt.punishment, "optimal");
    assert!(
        rg.critical_discount(&[vec![0, 0]], Punishment::Optimal)
            .is_ok()
    );
}

#[test]
fn bad_arguments_are_refused_with_the_argument_named() {
    let rg = pd();
    assert!(
        rg.critical_discount(&[], Punishment::Grim)
            .unwrap_err()
            .to_string()
            .contains("profile")
    );
    assert!(
        rg.critical_discount(&[vec![0, 5]], Punishment::Grim)
            .is_err()
    );
    assert!(rg.critical_discount(&[vec![0]], Punishment::Grim).is_err());
    let long = vec![vec![0, 0]; 5];
    let e = rg
        .critical_discount(&long, Punishment::Optimal)
        .unwrap_err()
        .to_string();
    assert!(e.contains("at most 4"), "{e}");
    assert!(
        rg.critical_discount(&vec![vec![0, 0]; 25], Punishment::Grim)
            .is_err()
    );
    let finite = RepeatedGame::finite(rg.stage().clone(), vec![r(1, 1), r(1, 1)], 3).unwrap();
    assert!(
        finite
            .critical_discount(&[vec![0, 0]], Punishment::Grim)
            .unwrap_err()
            .to_string()
            .contains("finite")
    );
}

/// Player `j`'s normalised discounted value of the path `path(t)` for `t >= 0`, summed over
/// 4000 periods (the tail is below 1e-12 for δ <= 0.99).
fn brute_value(path: &dyn Fn(usize) -> f64, delta: f64) -> f64 {
    let mut v = 0.0;
    let mut w = 1.0 - delta;
    for t in 0..4000 {
        v += w * path(t);
        w *= delta;
    }
    v
}

/// The largest one-shot deviation gain on the grim target cycle at `delta`, from stage
/// payoffs and discounted sums only.
fn grim_gain(a: &[[f64; 2]], cycle: &[[usize; 2]], punish: [f64; 2], delta: f64) -> f64 {
    let shape = (a.len() as f64).sqrt() as usize;
    let u = |p: [usize; 2], j: usize| a[p[0] * shape + p[1]][j];
    let mut worst = f64::NEG_INFINITY;
    for s in 0..cycle.len() {
        for j in 0..2 {
            let stay = brute_value(&|t| u(cycle[(s + t) % cycle.len()], j), delta);
            for dev in 0..shape {
                let mut p = cycle[s];
                p[j] = dev;
                let v = (1.0 - delta) * u(p, j) + delta * punish[j];
                worst = worst.max(v - stay);
            }
        }
    }
    worst
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random 2×2 and 3×3 games with a pure equilibrium and random target cycles: just above
    /// the threshold no one-shot deviation pays, just below one does (brute force).
    #[test]
    fn grim_thresholds_separate_profitable_deviations(
        m in 2usize..4,
        values in proptest::collection::vec(-4i32..6, 18),
        cycle in proptest::collection::vec((0usize..3, 0usize..3), 1..3),
    ) {
        let a: Vec<[f64; 2]> = (0..m * m).map(|k| [f64::from(values[2 * k]), f64::from(values[2 * k + 1])]).collect();
        let row = ndarray::Array2::from_shape_fn((m, m), |(i, j)| a[i * m + j][0]);
        let col = ndarray::Array2::from_shape_fn((m, m), |(i, j)| a[i * m + j][1]);
        let g = Game::from_bimatrix(row.view(), col.view()).unwrap();
        // Pure equilibria by brute force, and each player's worst.
        let mut punish = [f64::INFINITY; 2];
        for i in 0..m { for j in 0..m {
            let best_row = (0..m).all(|k| a[k * m + j][0] <= a[i * m + j][0]);
            let best_col = (0..m).all(|k| a[i * m + k][1] <= a[i * m + j][1]);
            if best_row && best_col {
                punish[0] = punish[0].min(a[i * m + j][0]);
                punish[1] = punish[1].min(a[i * m + j][1]);
            }
        }}
        prop_assume!(punish[0].is_finite());
        let cycle: Vec<[usize; 2]> = cycle.into_iter().map(|(x, y)| [x % m, y % m]).collect();
        let rg = RepeatedGame::new(g, 0.5).unwrap();
        let profiles: Vec<Vec<usize>> = cycle.iter().map(|p| p.to_vec()).collect();
        let c = rg.critical_discount(&profiles, Punishment::Grim).unwrap();
        match c.discount {
            Some(t) => {
                // Sustained on [t, 1) or up to the first interval's end.
                let above = match &c.intervals[0].upper {
                    Some(u) => (t + u.value) / 2.0,
                    None => (t + 1e-4).min((t + 0.99) / 2.0),
                };
                if above <= 0.99 {
                    prop_assert!(grim_gain(&a, &cycle, punish, above) <= 1e-7,
                        "gain {} at {above} above {t}", grim_gain(&a, &cycle, punish, above));
                }
                if t > 1e-3 {
                    prop_assert!(grim_gain(&a, &cycle, punish, t - 1e-4) > 0.0);
                }
            }
            None => {
                // Never: some deviation pays on a grid of discount factors.
                for d in [0.0, 0.3, 0.6, 0.9, 0.99] {
                    prop_assert!(grim_gain(&a, &cycle, punish, d) > -1e-9);
                }
            }
        }
    }
}

/// The largest one-shot deviation gain of a stick-and-carrot code at `delta`, by discounted
/// sums over a long horizon: states are the target's periods and each player's punishment
/// periods; a deviation by player j starts j's punishment.
fn stick_gain(
    a: &[[f64; 2]],
    m: usize,
    cycle: &[[usize; 2]],
    stick: &[usize],
    minmax: &[[usize; 2]; 2],
    delta: f64,
) -> f64 {
    let u = |p: [usize; 2], j: usize| a[p[0] * m + p[1]][j];
    // State: (phase, k): phase 0 target at period k; phase 1 + i punishing i at period k.
    let play = |phase: usize, k: usize| -> [usize; 2] {
        if phase == 0 {
            cycle[k % cycle.len()]
        } else {
            minmax[phase - 1]
        }
    };
    let next = |phase: usize, k: usize| -> (usize, usize) {
        if phase == 0 {
            (0, (k + 1) % cycle.len())
        } else if k + 1 < stick[phase - 1] {
            (phase, k + 1)
        } else {
            (0, 0)
        }
    };
    let value = |phase: usize, k: usize, j: usize| -> f64 {
        let (mut ph, mut kk) = (phase, k);
        let mut v = 0.0;
        let mut w = 1.0 - delta;
        for _ in 0..4000 {
            v += w * u(play(ph, kk), j);
            w *= delta;
            (ph, kk) = next(ph, kk);
        }
        v
    };
    let mut worst = f64::NEG_INFINITY;
    let states: Vec<(usize, usize)> = (0..cycle.len())
        .map(|k| (0, k))
        .chain((0..2).flat_map(|i| (0..stick[i]).map(move |k| (1 + i, k))))
        .collect();
    for &(ph, k) in &states {
        for j in 0..2 {
            let stay = value(ph, k, j);
            let punished = value(1 + j, 0, j);
            for dev in 0..m {
                let mut p = play(ph, k);
                if p[j] == dev {
                    continue;
                }
                p[j] = dev;
                worst = worst.max((1.0 - delta) * u(p, j) + delta * punished - stay);
            }
        }
    }
    worst
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Stick-and-carrot codes: never worse than grim, and when a stick-and-carrot code is
    /// chosen, the brute-force one-shot deviation check of that code agrees with its
    /// threshold.
    #[test]
    fn optimal_stick_codes_pass_a_brute_force_deviation_check(
        values in proptest::collection::vec(-4i32..6, 18),
        cycle in proptest::collection::vec((0usize..3, 0usize..3), 1..3),
    ) {
        let m = 3;
        let a: Vec<[f64; 2]> = (0..m * m).map(|k| [f64::from(values[2 * k]), f64::from(values[2 * k + 1])]).collect();
        let row = ndarray::Array2::from_shape_fn((m, m), |(i, j)| a[i * m + j][0]);
        let col = ndarray::Array2::from_shape_fn((m, m), |(i, j)| a[i * m + j][1]);
        let g = Game::from_bimatrix(row.view(), col.view()).unwrap();
        let rg = RepeatedGame::new(g, 0.5).unwrap();
        let cycle: Vec<[usize; 2]> = cycle.into_iter().map(|(x, y)| [x, y]).collect();
        let profiles: Vec<Vec<usize>> = cycle.iter().map(|p| p.to_vec()).collect();
        let opt = rg.critical_discount(&profiles, Punishment::StickAndCarrot).unwrap();
        let grim = rg.critical_discount(&profiles, Punishment::Grim).ok().and_then(|c| c.discount);
        if let Some(g) = grim {
            prop_assert!(opt.discount.is_some_and(|o| o <= g + 1e-15));
        }
        if opt.stick.is_empty() {
            return Ok(());
        }
        let mm = [
            [opt.minmax_profiles[0][0], opt.minmax_profiles[0][1]],
            [opt.minmax_profiles[1][0], opt.minmax_profiles[1][1]],
        ];
        let Some(t) = opt.discount else {
            // Never, for this code: some deviation pays at every discount factor tried.
            for d in [0.0, 0.5, 0.9, 0.99] {
                prop_assert!(stick_gain(&a, m, &cycle, &opt.stick, &mm, d) > -1e-9);
            }
            return Ok(());
        };
        let above = match &opt.intervals[0].upper {
            Some(u) => (t + u.value) / 2.0,
            None => (t + 1e-4).min((t + 0.99) / 2.0),
        };
        if above <= 0.99 {
            let gain = stick_gain(&a, m, &cycle, &opt.stick, &mm, above);
            prop_assert!(gain <= 1e-7, "gain {gain} at {above} (threshold {t}, {})", opt.code);
        }
        if t > 1e-3 {
            prop_assert!(stick_gain(&a, m, &cycle, &opt.stick, &mm, t - 1e-4) > 0.0);
        }
    }
}
