//! Exact certificates of the equilibria found in floats: each extreme strategy re-derived in
//! integer arithmetic from its support and the opponent's best responses, and each pair
//! confirmed to have exact regret zero.
//!
//! Every `f64` is an integer times a power of two, so each payoff matrix is read exactly as
//! integers times one common power of two. A strategy is then `numerators / denominator` with
//! integers from fraction-free (Bareiss) elimination, and no fraction is ever reduced. The
//! regret test needs exact dot products only where floats cannot decide: the support's
//! actions are equally good by construction (each strategy solves the opponent's indifference
//! equations exactly), and an action off the support is certainly worse when its float value
//! is below the support's by more than a rigorous bound on the rounding errors.

use num_bigint::{BigInt, Sign};
use num_traits::{Float, One, Signed, ToPrimitive, Zero};

use super::bits;

/// An extreme strategy as float labels: the actions it plays and the opponent's actions it
/// makes best responses (bit sets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Labels {
    /// The support: bit `a` set when action `a` has positive probability.
    pub(super) support: u128,
    /// The opponent's actions that are best responses (the tight inequalities).
    pub(super) best: u128,
}

/// A strategy in exact arithmetic: probability `numerators[a] / denominator`.
#[derive(Clone, Debug)]
pub(super) struct Strategy {
    numerators: Vec<BigInt>,
    denominator: BigInt,
    support: u128,
    /// The opponent's actions this strategy makes exactly indifferent (`Labels::best`).
    indifferent: u128,
}

impl Strategy {
    /// The probabilities as `f64`, within two units in the last place: numerator and
    /// denominator are each cut to their 64 leading bits, converted and divided, and the
    /// quotient scaled back by the power of two cut off.
    pub(super) fn to_f64(&self) -> Vec<f64> {
        let leading = |x: &BigInt| -> (f64, i32) {
            let shift = x.bits().saturating_sub(64);
            let exponent = i32::try_from(shift).unwrap_or(i32::MAX);
            ((x >> shift).to_f64().unwrap_or(f64::NAN), exponent)
        };
        let (denominator, below) = leading(&self.denominator);
        self.numerators
            .iter()
            .map(|p| {
                let (numerator, above) = leading(p);
                numerator / denominator * 2f64.powi(above - below)
            })
            .collect()
    }

    /// Whether both are the same probability vector.
    pub(super) fn same(&self, other: &Self) -> bool {
        self.support == other.support
            && self
                .numerators
                .iter()
                .zip(&other.numerators)
                .all(|(p, q)| p * &other.denominator == q * &self.denominator)
    }
}

/// The payoff matrices of a bimatrix game (`m × n`, row-major) as exact integers, each matrix
/// times its own power of two.
pub(super) struct Payoffs {
    a: Vec<BigInt>,
    b: Vec<BigInt>,
    float_a: Vec<f64>,
    float_b: Vec<f64>,
    m: usize,
    n: usize,
}

impl Payoffs {
    /// Reads the finite payoffs `a` (row player) and `b` (column player) exactly.
    pub(super) fn new(a: &[f64], b: &[f64], m: usize, n: usize) -> Self {
        Self {
            a: integers(a),
            b: integers(b),
            float_a: a.to_vec(),
            float_b: b.to_vec(),
            m,
            n,
        }
    }

    /// The row strategy of labels `x`: the unique mixture on `x.support` that makes the
    /// column player indifferent among `x.best`; `None` if that system is singular or
    /// inconsistent, or the mixture is not positive on the support.
    pub(super) fn row_strategy(&self, x: Labels) -> Option<Strategy> {
        mixture(self.m, x, |j, i| &self.b[i * self.n + j])
    }

    /// The column strategy of labels `y`, as [`Self::row_strategy`].
    pub(super) fn column_strategy(&self, y: Labels) -> Option<Strategy> {
        mixture(self.n, y, |i, j| &self.a[i * self.n + j])
    }

    /// Whether the profile `(x, y)` has exact regret zero for both players: every action in
    /// each support earns the opponent's best payoff against the other strategy.
    pub(super) fn is_equilibrium(&self, x: &Strategy, y: &Strategy) -> bool {
        let row = Side {
            exact: &self.a,
            float: &self.float_a,
            strides: (self.n, 1),
        };
        let column = Side {
            exact: &self.b,
            float: &self.float_b,
            strides: (1, self.n),
        };
        row.best_on_support(self.m, x, y) && column.best_on_support(self.n, y, x)
    }
}

/// One player's payoffs (row-major `m × n`), exact and as given; the payoff of own action
/// `a` against the opponent's `j` is at `a · strides.0 + j · strides.1`.
struct Side<'a> {
    exact: &'a [BigInt],
    float: &'a [f64],
    strides: (usize, usize),
}

impl Side<'_> {
    fn index(&self, own: usize, opponent: usize) -> usize {
        own * self.strides.0 + opponent * self.strides.1
    }

    /// Whether every action in `own.support` (of `actions`) is a best response to `other`,
    /// exactly.
    ///
    /// Floats first: with `q` the opponent's probabilities rounded (each within two units in
    /// the last place) and `s` its support size, the computed value `Σ u q` of an action is
    /// within `(s + 4) ε Σ |u| q + (s + 1) · MIN_POSITIVE` of the exact one, twice the bound of
    /// the standard analysis of a dot product (Higham, *Accuracy and Stability of Numerical
    /// Algorithms*, §3.1) plus the rounding of `q`, and an absolute term for underflow.
    /// Exact dot products are taken only where these intervals do not separate an action off
    /// the support from the support, and for the support itself when `other` was not built
    /// to make those actions indifferent.
    fn best_on_support(&self, actions: usize, own: &Strategy, other: &Strategy) -> bool {
        let opponent: Vec<usize> = bits(other.support).collect();
        let exact_value = |a: usize| {
            dot(opponent
                .iter()
                .map(|&j| (&self.exact[self.index(a, j)], &other.numerators[j])))
        };
        let q = other.to_f64();
        let s = opponent.len() as f64;
        let mut bounded = Vec::with_capacity(actions);
        for a in 0..actions {
            let (mut value, mut size) = (0.0, 0.0);
            for &j in &opponent {
                let u = self.float[self.index(a, j)];
                value += u * q[j];
                size += u.abs() * q[j];
            }
            let error = (s + 4.0) * f64::EPSILON * size + (s + 1.0) * f64::MIN_POSITIVE;
            if !(value.is_finite() && error.is_finite()) {
                let values: Vec<BigInt> = (0..actions).map(exact_value).collect();
                return best_on_support(&values, own.support);
            }
            bounded.push((value, error));
        }
        let mut common = None;
        if own.support & !other.indifferent != 0 {
            let values: Vec<BigInt> = bits(own.support).map(exact_value).collect();
            if values.windows(2).any(|w| w[0] != w[1]) {
                return false;
            }
            common = values.into_iter().next();
        }
        let low = bits(own.support)
            .map(|a| bounded[a].0 - bounded[a].1)
            .fold(f64::INFINITY, f64::min);
        let first = bits(own.support).next().unwrap_or(0);
        (0..actions)
            .filter(|&a| own.support & (1 << a) == 0)
            .filter(|&a| bounded[a].0 + bounded[a].1 >= low)
            .all(|a| exact_value(a) <= *common.get_or_insert_with(|| exact_value(first)))
    }
}

/// `Σ u · p` over the pairs.
fn dot<'a>(pairs: impl Iterator<Item = (&'a BigInt, &'a BigInt)>) -> BigInt {
    pairs.fold(BigInt::zero(), |total, (u, p)| total + u * p)
}

/// Whether every value on `support` is the largest value.
fn best_on_support(values: &[BigInt], support: u128) -> bool {
    let best = values.iter().max();
    bits(support).all(|a| Some(&values[a]) == best)
}

/// The values as integers times one common power of two (exactly).
fn integers(values: &[f64]) -> Vec<BigInt> {
    let exponent = values
        .iter()
        .filter(|v| **v != 0.0)
        .map(|v| v.integer_decode().1)
        .min()
        .unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            let (mantissa, e, sign) = v.integer_decode();
            if mantissa == 0 {
                return BigInt::zero();
            }
            let shift = usize::try_from(e - exponent).unwrap_or(0);
            BigInt::from_biguint(
                if sign < 0 { Sign::Minus } else { Sign::Plus },
                mantissa.into(),
            ) << shift
        })
        .collect()
}

/// The mixture `p` over `size` actions, supported on `labels.support`, with `Σ p = 1` and
/// `Σ_a coefficient(e, a) p_a` equal for every equation `e` in `labels.best`.
///
/// Differences of consecutive equations remove the common value; the system (the sum row
/// first) is solved by fraction-free Gaussian elimination (Bareiss): every intermediate
/// value is an integer (a minor of the system) and every division exact; back substitution
/// then gives the integers `determinant · p_a`.
fn mixture<'a>(
    size: usize,
    labels: Labels,
    coefficient: impl Fn(usize, usize) -> &'a BigInt,
) -> Option<Strategy> {
    let support: Vec<usize> = bits(labels.support).collect();
    let equations: Vec<usize> = bits(labels.best).collect();
    let s = support.len();
    if s == 0 || equations.len() < s {
        return None;
    }
    // Columns: p on the support, then the right-hand side.
    let mut rows: Vec<Vec<BigInt>> = Vec::with_capacity(equations.len());
    let mut sum = vec![BigInt::one(); s];
    sum.push(BigInt::one());
    rows.push(sum);
    for pair in equations.windows(2) {
        let mut row: Vec<BigInt> = support
            .iter()
            .map(|&a| coefficient(pair[1], a) - coefficient(pair[0], a))
            .collect();
        row.push(BigInt::zero());
        rows.push(row);
    }
    // Forward elimination: row `c` ends with the leading minor of order `c + 1` on the
    // diagonal, so the last pivot is the determinant of the square system.
    let mut det = BigInt::one();
    for col in 0..s {
        let p = (col..rows.len()).find(|&r| !rows[r][col].is_zero())?;
        rows.swap(col, p);
        let (top, below) = rows.split_at_mut(col + 1);
        let pivot_row = &top[col];
        let pivot = &pivot_row[col];
        for row in below {
            let f = std::mem::take(&mut row[col]);
            for (x, y) in row[col + 1..].iter_mut().zip(&pivot_row[col + 1..]) {
                *x *= pivot;
                if !f.is_zero() {
                    *x -= &f * y;
                }
                if !det.is_one() {
                    *x /= &det;
                }
            }
        }
        det = pivot.clone();
    }
    // Equations beyond the unknowns are consistent only if their right side vanished too.
    if rows[s..].iter().any(|r| !r[s].is_zero()) {
        return None;
    }
    // Back substitution for the Cramer numerators N = det · p, integers: the division by
    // the diagonal entry is exact.
    let mut solution = vec![BigInt::zero(); s];
    for k in (0..s).rev() {
        let mut value = &det * &rows[k][s];
        for j in k + 1..s {
            value -= &rows[k][j] * &solution[j];
        }
        solution[k] = value / &rows[k][k];
    }
    let flip = det.is_negative();
    let mut numerators = vec![BigInt::zero(); size];
    for (value, &a) in solution.into_iter().zip(&support) {
        numerators[a] = if flip { -value } else { value };
        if !numerators[a].is_positive() {
            return None;
        }
    }
    Some(Strategy {
        numerators,
        denominator: det.abs(),
        support: labels.support,
        indifferent: labels.best,
    })
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;
    use num_rational::BigRational;

    use super::*;

    fn rational(s: &Strategy) -> Vec<BigRational> {
        s.numerators
            .iter()
            .map(|p| BigRational::new(p.clone(), s.denominator.clone()))
            .collect()
    }

    /// Pseudo-random payoffs: `f64` with many significant bits, or small integers (ties).
    fn payoffs(m: usize, n: usize, seed: u64, integer: bool) -> (Vec<f64>, Vec<f64>) {
        let mut x = seed | 1;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if integer {
                (x % 3) as f64 - 1.0
            } else {
                (x >> 11) as f64 / (1u64 << 53) as f64 * 20.0 - 10.0
            }
        };
        let a = (0..m * n).map(|_| next()).collect();
        let b = (0..m * n).map(|_| next()).collect();
        (a, b)
    }

    #[test]
    fn battle_of_the_sexes_mixture_is_exact() {
        let (a, b) = ([2.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 2.0]);
        let p = Payoffs::new(&a, &b, 2, 2);
        let both = Labels {
            support: 0b11,
            best: 0b11,
        };
        let x = p.row_strategy(both).unwrap();
        let y = p.column_strategy(both).unwrap();
        let third = |k: i64| BigRational::new(k.into(), 3.into());
        assert_eq!(rational(&x), vec![third(2), third(1)]);
        assert_eq!(rational(&y), vec![third(1), third(2)]);
        assert!(p.is_equilibrium(&x, &y));
        assert_eq!(x.to_f64(), vec![2.0 / 3.0, 1.0 / 3.0]);
        // Pure (T, R) is no equilibrium; a support with one indifference equation too few
        // has no unique mixture.
        let top = Labels {
            support: 0b01,
            best: 0b01,
        };
        let right = Labels {
            support: 0b10,
            best: 0b01,
        };
        let (t, r) = (
            p.row_strategy(top).unwrap(),
            p.column_strategy(right).unwrap(),
        );
        assert!(!p.is_equilibrium(&t, &r));
        let short = Labels {
            support: 0b11,
            best: 0b01,
        };
        assert!(p.row_strategy(short).is_none());
    }

    /// Over every pair of label sets of small games, the certificate agrees with
    /// [`Game::exact_regret`] on the exact mixtures, which solve their indifference systems.
    #[test]
    fn certificates_agree_with_exact_regret() {
        for seed in 1..40u64 {
            let (m, n) = (1 + (seed % 3) as usize, 1 + (seed / 3 % 3) as usize);
            let (a, b) = payoffs(m, n, seed * 7919, seed % 2 == 0);
            let game = crate::Game::from_bimatrix(
                Array2::from_shape_vec((m, n), a.clone()).unwrap().view(),
                Array2::from_shape_vec((m, n), b.clone()).unwrap().view(),
            )
            .unwrap();
            let p = Payoffs::new(&a, &b, m, n);
            for (sx, bx) in (1..1u128 << m).flat_map(|s| (1..1u128 << n).map(move |t| (s, t))) {
                let Some(x) = p.row_strategy(Labels {
                    support: sx,
                    best: bx,
                }) else {
                    continue;
                };
                let xr = rational(&x);
                let values: Vec<BigRational> = bits(bx)
                    .map(|j| {
                        (0..m)
                            .map(|i| BigRational::from_float(b[i * n + j]).unwrap() * &xr[i])
                            .sum()
                    })
                    .collect();
                assert!(values.windows(2).all(|w| w[0] == w[1]), "not indifferent");
                assert_eq!(
                    xr.iter().sum::<BigRational>(),
                    BigRational::from_integer(1.into())
                );
                for (sy, by) in (1..1u128 << n).flat_map(|s| (1..1u128 << m).map(move |t| (s, t))) {
                    let Some(y) = p.column_strategy(Labels {
                        support: sy,
                        best: by,
                    }) else {
                        continue;
                    };
                    let regret = game.exact_regret(&[xr.clone(), rational(&y)]).unwrap();
                    assert_eq!(
                        p.is_equilibrium(&x, &y),
                        regret.iter().all(Zero::is_zero),
                        "seed {seed}: {sx:b}/{bx:b} against {sy:b}/{by:b}"
                    );
                }
            }
        }
    }

    /// An action off the support worse or better by a hair more than the floats' bounds can
    /// separate: the exact comparison decides.
    #[test]
    fn near_ties_off_the_support_are_decided_exactly() {
        let hair = 2f64.powi(-50);
        for (third, expected) in [(0.5 - hair, true), (0.5 + hair, false), (0.5, true)] {
            let a = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0];
            let b = [1.0, 0.0, third, 0.0, 1.0, 0.5];
            let p = Payoffs::new(&a, &b, 2, 3);
            let x = p
                .row_strategy(Labels {
                    support: 0b11,
                    best: 0b011,
                })
                .unwrap();
            let y = p
                .column_strategy(Labels {
                    support: 0b011,
                    best: 0b11,
                })
                .unwrap();
            assert_eq!(p.is_equilibrium(&x, &y), expected, "third column {third}");
        }
    }

    #[test]
    fn floats_are_within_two_ulps() {
        let big = BigInt::from(3).pow(400);
        let s = Strategy {
            numerators: vec![big.clone(), BigInt::from(7) * &big + 1, BigInt::zero()],
            denominator: BigInt::from(8) * &big + 1,
            support: 0b11,
            indifferent: 0b11,
        };
        for (got, p) in s.to_f64().iter().zip(&s.numerators) {
            let exact = BigRational::new(p.clone(), s.denominator.clone())
                .to_f64()
                .unwrap();
            assert!(
                (got - exact).abs() <= 2.0 * f64::EPSILON * exact,
                "{got} vs {exact}"
            );
        }
    }
}
