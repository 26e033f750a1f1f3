//! Exact certificates of the equilibria found in floats: each extreme strategy re-derived in
//! integer arithmetic from its support and the opponent's best responses, and each pair
//! confirmed to have exact regret zero.
//!
//! Every `f64` is an integer times a power of two, so each payoff matrix is read exactly as
//! integers times one common power of two. A strategy is then `numerators / denominator` with
//! integers from fraction-free (Bareiss) elimination, and the regret test compares integer
//! dot products; no fraction is ever reduced, which keeps the cost to a few big-integer
//! products per support entry.

use num_bigint::{BigInt, Sign};
use num_rational::BigRational;
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
    m: usize,
    n: usize,
}

impl Payoffs {
    /// Reads the finite payoffs `a` (row player) and `b` (column player) exactly.
    pub(super) fn new(a: &[f64], b: &[f64], m: usize, n: usize) -> Self {
        Self {
            a: integers(a),
            b: integers(b),
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
        let row_values: Vec<BigInt> = (0..self.m)
            .map(|i| dot(bits(y.support).map(|j| (&self.a[i * self.n + j], &y.numerators[j]))))
            .collect();
        let column_values: Vec<BigInt> = (0..self.n)
            .map(|j| dot(bits(x.support).map(|i| (&self.b[i * self.n + j], &x.numerators[i]))))
            .collect();
        best_on_support(&row_values, x.support) && best_on_support(&column_values, y.support)
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
/// first) is solved by fraction-free Gauss-Jordan elimination (Bareiss): every intermediate
/// value is an integer (a minor of the system), the divisions are exact, and at the end each
/// pivot row holds `determinant · p_a`.
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
    let mut det = BigInt::one();
    for col in 0..s {
        let p = (col..rows.len()).find(|&r| !rows[r][col].is_zero())?;
        rows.swap(col, p);
        let (before, rest) = rows.split_at_mut(col);
        let (pivot_row, after) = rest.split_first_mut()?;
        let pivot = pivot_row[col].clone();
        for row in before.iter_mut().chain(after.iter_mut()) {
            let f = std::mem::take(&mut row[col]);
            for (j, x) in row.iter_mut().enumerate() {
                if j != col {
                    *x *= &pivot;
                    if !f.is_zero() {
                        *x -= &f * &pivot_row[j];
                    }
                    if !det.is_one() {
                        *x /= &det;
                    }
                }
            }
        }
        det = pivot;
    }
    // Equations beyond the unknowns are consistent only if their right side vanished too.
    if rows[s..].iter().any(|r| !r[s].is_zero()) {
        return None;
    }
    let flip = det.is_negative();
    let mut numerators = vec![BigInt::zero(); size];
    for (k, &a) in support.iter().enumerate() {
        let value = std::mem::take(&mut rows[k][s]);
        numerators[a] = if flip { -value } else { value };
        if !numerators[a].is_positive() {
            return None;
        }
    }
    Some(Strategy {
        numerators,
        denominator: det.abs(),
        support: labels.support,
    })
}
