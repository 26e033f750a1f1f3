//! Exact real roots of polynomials with rational coefficients, and the set of discount factors
//! at which a family of polynomial incentive constraints `h_c(δ) >= 0` all hold.
//!
//! Discounted incentive constraints of repeated games become polynomial inequalities in the
//! discount factor once their (positive) denominators are cleared. Their thresholds are real
//! algebraic numbers: an [`AlgebraicNumber`] holds a polynomial, a rational bracket
//! of width below `2^-100` (< 1e-30) containing exactly one of its roots, the root itself when it
//! is rational, and the nearest float. Roots are isolated by Sturm sequences and refined by
//! bisection on rationals, so nothing is rounded: the polynomial arithmetic, the isolation and
//! the exact comparison are those of `polynomial.rs` (shared with `spe_discount_range`); this
//! module adds the `AlgebraicNumber` view and the feasible set of the constraints.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

use super::polynomial::{self, AlgebraicRoot, Poly as P, RealRoot};
use crate::error::{Error, Result};
use crate::interrupt;

/// A polynomial with rational coefficients, lowest degree first (`[a0, a1, a2]` is
/// `a0 + a1 x + a2 x²`), without trailing zeros (the zero polynomial is empty).
pub(crate) type Poly = Vec<BigRational>;

/// Bits of the final bracket: its width is below `2^-BITS`.
const BITS: u32 = 100;

/// A real algebraic number: a root of `polynomial` isolated in `[lower, upper]`.
///
/// `lower == upper` exactly when the number is rational (then `exact` holds it); otherwise
/// the bracket is open, of width below `2^-100` (< 1e-30), and the polynomial (rational
/// coefficients, lowest degree first) has exactly one root in it, a simple one.
///
/// # Example
/// ```
/// use detente::repeated::{contagion_threshold, AlgebraicNumber};
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let t: AlgebraicNumber = contagion_threshold(&pd, 4)?.threshold.unwrap();
/// assert!((t.value - (33f64.sqrt() - 3.0) / 4.0).abs() < 1e-12);
/// assert!(t.exact.is_none()); // (√33 − 3)/4 is irrational
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlgebraicNumber {
    /// Coefficients of a polynomial (rational coefficients) with this number as a simple
    /// root, lowest degree first.
    pub polynomial: Vec<BigRational>,
    /// A rational lower bound.
    pub lower: BigRational,
    /// A rational upper bound (`upper − lower < 2^-100`).
    pub upper: BigRational,
    /// The number itself when it is rational.
    pub exact: Option<BigRational>,
    /// The nearest float.
    pub value: f64,
}

impl AlgebraicNumber {
    /// The rational `r`, as the root of `x − r`.
    pub fn rational(r: BigRational) -> Self {
        Self {
            polynomial: vec![-r.clone(), BigRational::one()],
            lower: r.clone(),
            upper: r.clone(),
            value: r.to_f64().unwrap_or(f64::NAN),
            exact: Some(r),
        }
    }

    /// Whether it is rational.
    pub fn is_rational(&self) -> bool {
        self.exact.is_some()
    }

    /// The number in words: the fraction, or `root of <polynomial> in [lower, upper] ≈ value`.
    pub fn describe(&self) -> String {
        match &self.exact {
            Some(r) => crate::format::rational(r),
            None => format!(
                "{} (root of {} near {})",
                crate::format::number(self.value),
                poly_text(&self.polynomial),
                crate::format::number(self.value)
            ),
        }
    }
}

/// `p` as text in `x`, highest degree first.
pub(crate) fn poly_text(p: &[BigRational]) -> String {
    let mut terms = Vec::new();
    for (k, c) in p.iter().enumerate().rev() {
        if c.is_zero() {
            continue;
        }
        let mag = crate::format::rational(&c.abs());
        let body = match k {
            0 => mag,
            _ => {
                let pow = if k == 1 {
                    "x".to_string()
                } else {
                    format!("x^{k}")
                };
                if c.abs().is_one() {
                    pow
                } else {
                    format!("{mag}·{pow}")
                }
            }
        };
        let sign = if c.is_negative() { "−" } else { "+" };
        if terms.is_empty() {
            terms.push(if c.is_negative() {
                format!("−{body}")
            } else {
                body
            });
        } else {
            terms.push(format!("{sign} {body}"));
        }
    }
    if terms.is_empty() {
        "0".into()
    } else {
        terms.join(" ")
    }
}

fn rat(n: i64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

// The arithmetic below is that of [`polynomial::Poly`]: these functions only let the
// critical-discount and contagion code keep plain coefficient vectors.

fn lift(p: &[BigRational]) -> P {
    P::new(p.to_vec())
}

/// Removes trailing zero coefficients.
pub(crate) fn trim(p: Poly) -> Poly {
    P::new(p).0
}

pub(crate) fn add(a: &[BigRational], b: &[BigRational]) -> Poly {
    lift(a).add(&lift(b)).0
}

pub(crate) fn sub(a: &[BigRational], b: &[BigRational]) -> Poly {
    lift(a).sub(&lift(b)).0
}

pub(crate) fn scale(a: &[BigRational], c: &BigRational) -> Poly {
    lift(a).scale(c).0
}

pub(crate) fn mul(a: &[BigRational], b: &[BigRational]) -> Poly {
    lift(a).mul(&lift(b)).0
}

/// `x^k`.
pub(crate) fn monomial(k: usize) -> Poly {
    let mut p = vec![BigRational::zero(); k + 1];
    p[k] = BigRational::one();
    p
}

/// `p(c·x)`.
pub(crate) fn compose_scale(p: &[BigRational], c: &BigRational) -> Poly {
    lift(p).compose_scale(c).0
}

fn sign_at(p: &[BigRational], x: &BigRational) -> i8 {
    lift(p).sign_at(x)
}

/// The square-free part of a nonzero `p`: the product of its distinct irreducible factors,
/// as a primitive polynomial with a positive leading coefficient.
pub(crate) fn square_free(p: &[BigRational]) -> Poly {
    lift(p).square_free().primitive().0
}

/// The distinct roots of `p` in the open interval `(0, 1)`, in increasing order,
/// each as an [`AlgebraicNumber`] (isolated by [`polynomial::roots_in_unit`]).
///
/// # Errors
/// [`Error::Interrupted`] if stopped.
pub(crate) fn roots_in_unit_interval(p: &[BigRational]) -> Result<Vec<AlgebraicNumber>> {
    let p = lift(p);
    if p.degree() == 0 {
        return Ok(Vec::new());
    }
    // Cheap first: no sign variation (Descartes, after the roots at 0 and 1 are divided out)
    // means no root in (0, 1), without a gcd or a Sturm sequence.
    let x_minus_one = P::linear(rat(-1), rat(1));
    let mut reduced = p.primitive();
    while reduced.degree() > 0 && reduced.0[0].is_zero() {
        reduced = P::new(reduced.0[1..].to_vec());
    }
    while reduced.degree() > 0 && reduced.sign_at(&rat(1)) == 0 {
        reduced = reduced.div_rem(&x_minus_one).0;
    }
    if reduced.degree() == 0 || polynomial::descartes_unit(&reduced) == 0 {
        return Ok(Vec::new());
    }
    interrupt::check()?;
    let roots = polynomial::roots_in_unit(&reduced.square_free())?;
    // Square-free parts give up early when stopped: do not trust them then.
    interrupt::check()?;
    let (zero, one) = (rat(0), rat(1));
    let mut out = Vec::with_capacity(roots.len());
    for r in roots {
        match r {
            RealRoot::Rational(x) if x == zero || x == one => {}
            r => out.push(AlgebraicNumber::from_root(r)?),
        }
    }
    Ok(out)
}

impl AlgebraicNumber {
    /// The root `r`, its bracket refined below `2^-BITS`; a rational root is recognised by the
    /// simplest fraction in the bracket.
    fn from_root(mut r: RealRoot) -> Result<Self> {
        interrupt::check()?;
        let width = BigRational::new(BigInt::one(), BigInt::one() << BITS);
        polynomial::refine(&mut r, &width);
        let a = match r {
            RealRoot::Rational(x) => return Ok(Self::rational(x)),
            RealRoot::Algebraic(a) => a,
        };
        if let Some(q) =
            simplest_between(&a.low, &a.high).filter(|q| sign_at(&a.polynomial, q) == 0)
        {
            return Ok(Self::rational(q));
        }
        let mut p = lift(&a.polynomial).primitive();
        if p.0.last().is_some_and(Signed::is_negative) {
            p = p.scale(&rat(-1));
        }
        Ok(Self {
            polynomial: p.0,
            value: ((&a.low + &a.high) / rat(2)).to_f64().unwrap_or(f64::NAN),
            lower: a.low,
            upper: a.high,
            exact: None,
        })
    }

    /// The same number as a [`RealRoot`] (the bracket of an irrational one is kept).
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{AlgebraicNumber, RealRoot};
    /// use num_rational::BigRational;
    ///
    /// let half = BigRational::new(1.into(), 2.into());
    /// assert_eq!(AlgebraicNumber::rational(half.clone()).to_root(), RealRoot::Rational(half));
    /// ```
    pub fn to_root(&self) -> RealRoot {
        match &self.exact {
            Some(r) => RealRoot::Rational(r.clone()),
            None => RealRoot::Algebraic(AlgebraicRoot {
                polynomial: self.polynomial.clone(),
                low: self.lower.clone(),
                high: self.upper.clone(),
            }),
        }
    }
}

/// The fraction with the smallest denominator in the closed interval `[lo, hi]`
/// (`0 <= lo < hi`), by continued fractions.
fn simplest_between(lo: &BigRational, hi: &BigRational) -> Option<BigRational> {
    if lo >= hi || lo.is_negative() {
        return None;
    }
    fn go(lo: &BigRational, hi: &BigRational, depth: usize) -> Option<BigRational> {
        if depth > 1000 {
            return None;
        }
        let up = lo.ceil();
        if &up <= hi {
            return Some(up);
        }
        // No integer in [lo, hi]: both share the integer part n and lo > n.
        let n = lo.floor();
        let inner = go(&(hi - &n).recip(), &(lo - &n).recip(), depth + 1)?;
        Some(n + inner.recip())
    }
    go(lo, hi, 0)
}

/// One closed interval `[lower, upper]` of discount factors (`upper: None`: up to 1,
/// excluded).
///
/// # Example
/// ```
/// use detente::repeated::{Punishment, RepeatedGame};
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let c = RepeatedGame::new(pd, 0.9)?.critical_discount(&[vec![0, 0]], Punishment::Grim)?;
/// assert_eq!(c.intervals.len(), 1);
/// assert_eq!(c.intervals[0].lower.value, 0.5);
/// assert!(c.intervals[0].upper.is_none());
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscountInterval {
    /// The smallest discount factor of the interval.
    pub lower: AlgebraicNumber,
    /// The largest, or `None` when the interval reaches 1 (excluded).
    pub upper: Option<AlgebraicNumber>,
}

/// Where the constraints `h_c(δ) >= 0` all hold on `[0, 1)`, and at each threshold which
/// constraint binds.
pub(crate) struct Solution {
    /// The feasible set, as disjoint closed intervals in increasing order.
    pub intervals: Vec<DiscountInterval>,
    /// For each interval, the constraints that are zero at its lower end and negative just
    /// below it (empty when the lower end is 0).
    pub binding: Vec<Vec<usize>>,
}

impl AlgebraicNumber {
    /// Halves the bracket of an irrational number (a rational one is already a point).
    fn bisect(&mut self) {
        if self.exact.is_some() {
            return;
        }
        let mut r = self.to_root();
        polynomial::refine(&mut r, &((&self.upper - &self.lower) * rat(3) / rat(4)));
        match r {
            RealRoot::Rational(x) => *self = Self::rational(x),
            RealRoot::Algebraic(a) => (self.lower, self.upper) = (a.low, a.high),
        }
    }
}

/// Compares two algebraic numbers exactly ([`polynomial::compare_or_equal`]).
pub(crate) fn compare(a: &mut AlgebraicNumber, b: &mut AlgebraicNumber) -> std::cmp::Ordering {
    polynomial::compare_or_equal(&mut a.to_root(), &mut b.to_root())
}

/// The set of `δ` in `[0, 1)` where every constraint of each `selection` holds
/// (`h_c(δ) >= 0`), exactly: the constraints' roots in `(0, 1)` are isolated
/// ([`roots_in_unit_interval`]), merged in increasing order by exact comparison, and each
/// constraint's sign is read at every root and at a rational point between consecutive
/// roots.
///
/// # Errors
/// [`Error::Interrupted`] if stopped.
pub(crate) fn solve(constraints: &[Poly], selection: &[Vec<usize>]) -> Result<Vec<Solution>> {
    // Distinct primitive parts; a zero polynomial always holds.
    let parts: Vec<Option<Poly>> = constraints
        .iter()
        .map(|h| {
            if h.is_empty() {
                None
            } else {
                Some(square_free(h))
            }
        })
        .collect();
    let mut distinct: Vec<Poly> = Vec::new();
    for p in parts.iter().flatten() {
        if p.len() > 1 && !distinct.contains(p) {
            distinct.push(p.clone());
        }
    }
    // Every root in (0, 1), merged into classes of equal numbers in increasing order; each
    // class remembers which distinct parts vanish there.
    let mut classes: Vec<(AlgebraicNumber, Vec<usize>)> = Vec::new();
    for (d, p) in distinct.iter().enumerate() {
        for mut root in roots_in_unit_interval(p)? {
            interrupt::check()?;
            let mut at = classes.len();
            for (k, (rep, members)) in classes.iter_mut().enumerate() {
                match compare(&mut root, rep) {
                    std::cmp::Ordering::Less => {
                        at = k;
                        break;
                    }
                    std::cmp::Ordering::Equal => {
                        members.push(d);
                        at = usize::MAX;
                        break;
                    }
                    std::cmp::Ordering::Greater => {}
                }
            }
            if at != usize::MAX {
                classes.insert(at, (root, vec![d]));
            }
        }
    }
    // Strictly separated brackets, so that midpoints fall strictly between the roots.
    for k in 1..classes.len() {
        let (left, right) = classes.split_at_mut(k);
        let (a, b) = (&mut left[k - 1].0, &mut right[0].0);
        while a.upper >= b.lower {
            a.bisect();
            b.bisect();
        }
    }
    let m = classes.len();
    let zero = rat(0);
    let one = rat(1);
    // A rational point of the open cell between root k−1 (or 0) and root k (or 1).
    let samples: Vec<BigRational> = (0..=m)
        .map(|k| {
            let left = if k == 0 {
                zero.clone()
            } else {
                classes[k - 1].0.upper.clone()
            };
            let right = if k == m {
                one.clone()
            } else {
                classes[k].0.lower.clone()
            };
            (left + right) / rat(2)
        })
        .collect();
    // Cells: {0}, (0, r1), {r1}, (r1, r2), …, {rm}, (rm, 1); signs[c][cell].
    let cells = 2 * m + 2;
    let mut signs: Vec<Vec<i8>> = Vec::with_capacity(constraints.len());
    for (c, h) in constraints.iter().enumerate() {
        let Some(part) = &parts[c] else {
            signs.push(vec![0; cells]);
            continue;
        };
        let d = distinct.iter().position(|p| p == part);
        let mut row = Vec::with_capacity(cells);
        row.push(sign_at(h, &zero));
        for k in 0..=m {
            let s = sign_at(h, &samples[k]);
            row.push(s);
            if k < m {
                // h vanishes at root k exactly when its primitive part is in the class;
                // otherwise it keeps the sign of the next cell, which holds no root of h.
                let vanishes = d.is_some_and(|d| classes[k].1.contains(&d));
                row.push(if vanishes {
                    0
                } else {
                    sign_at(h, &samples[k + 1])
                });
            }
        }
        signs.push(row);
    }
    let point = |cell: usize| -> AlgebraicNumber {
        if cell == 0 {
            AlgebraicNumber::rational(zero.clone())
        } else {
            classes[cell / 2 - 1].0.clone()
        }
    };
    let mut out = Vec::new();
    for chosen in selection {
        let feasible: Vec<bool> = (0..cells)
            .map(|cell| chosen.iter().all(|&c| signs[c][cell] >= 0))
            .collect();
        let mut intervals = Vec::new();
        let mut binding = Vec::new();
        let mut cell = 0;
        while cell < cells {
            if !feasible[cell] {
                cell += 1;
                continue;
            }
            // A run of feasible cells; the closure of an open cell holds its left root.
            let start = if cell % 2 == 0 { cell } else { cell - 1 };
            let mut end = cell;
            while end + 1 < cells && feasible[end + 1] {
                end += 1;
            }
            let upper = if end == cells - 1 {
                None
            } else if end % 2 == 0 {
                Some(point(end))
            } else {
                Some(point(end + 1))
            };
            let binds: Vec<usize> = if start == 0 {
                Vec::new()
            } else {
                chosen
                    .iter()
                    .copied()
                    .filter(|&c| signs[c][start] == 0 && signs[c][start - 1] < 0)
                    .collect()
            };
            intervals.push(DiscountInterval {
                lower: point(start),
                upper,
            });
            binding.push(binds);
            cell = end + 1;
        }
        out.push(Solution { intervals, binding });
    }
    // Comparisons give up early when stopped: do not trust them then.
    interrupt::check()?;
    Ok(out)
}

/// The sign of each constraint just below 1 (`+1`, `0` for the zero polynomial, `-1`).
pub(crate) fn sign_near_one(h: &[BigRational]) -> Result<i8> {
    if h.is_empty() {
        return Ok(0);
    }
    let roots = roots_in_unit_interval(h)?;
    let left = roots.last().map_or_else(|| rat(0), |r| r.upper.clone());
    Ok(sign_at(h, &((left + rat(1)) / rat(2))))
}

/// Checks that a polynomial's degree stays within `max` before it is solved.
pub(crate) fn check_degree(p: &[BigRational], max: usize, what: &str) -> Result<()> {
    if p.len() > max + 1 {
        return Err(Error::InvalidArgument(format!(
            "{what}: the incentive constraints are polynomials of degree {} in the discount \
             factor, above the {max} detente solves exactly; use a shorter cycle or a smaller \
             population",
            p.len() - 1
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(p: i64, q: i64) -> BigRational {
        BigRational::new(p.into(), q.into())
    }

    #[test]
    fn roots_of_a_quadratic_are_isolated_and_a_rational_one_recognised() {
        // 2x² + 3x − 3: root (√33 − 3)/4 ≈ 0.6861 in (0, 1).
        let roots = roots_in_unit_interval(&[r(-3, 1), r(3, 1), r(2, 1)]).unwrap();
        assert_eq!(roots.len(), 1);
        let t = &roots[0];
        assert!(t.exact.is_none());
        assert!((t.value - (33f64.sqrt() - 3.0) / 4.0).abs() < 1e-15);
        assert!(&t.upper - &t.lower < r(1, 1_000_000_000_000_000) * r(1, 1_000_000_000_000_000));
        // (3x − 1)(7x − 5) = 21x² − 22x + 5: roots 1/3 and 5/7.
        let roots = roots_in_unit_interval(&[r(5, 1), r(-22, 1), r(21, 1)]).unwrap();
        let exact: Vec<_> = roots.iter().map(|a| a.exact.clone().unwrap()).collect();
        assert_eq!(exact, vec![r(1, 3), r(5, 7)]);
        // (x − 1/2)²: one double root, found once.
        let roots = roots_in_unit_interval(&[r(1, 4), r(-1, 1), r(1, 1)]).unwrap();
        assert_eq!(roots.len(), 1);
        assert_eq!(roots[0].exact, Some(r(1, 2)));
    }

    #[test]
    fn a_touching_root_does_not_cut_the_feasible_set() {
        // (x − 1/2)² >= 0 everywhere: one interval from 0.
        let s = solve(&[vec![r(1, 4), r(-1, 1), r(1, 1)]], &[vec![0]]).unwrap();
        assert_eq!(s[0].intervals.len(), 1);
        assert_eq!(s[0].intervals[0].lower.exact, Some(r(0, 1)));
        // x − 1/2 >= 0 and 3/4 − x >= 0: [1/2, 3/4], the first binding at 1/2.
        let s = solve(
            &[vec![r(-1, 2), r(1, 1)], vec![r(3, 4), r(-1, 1)]],
            &[vec![0, 1], vec![1]],
        )
        .unwrap();
        let i = &s[0].intervals[0];
        assert_eq!(i.lower.exact, Some(r(1, 2)));
        assert_eq!(i.upper.as_ref().unwrap().exact, Some(r(3, 4)));
        assert_eq!(s[0].binding[0], vec![0]);
        assert_eq!(s[1].intervals[0].lower.exact, Some(r(0, 1)));
    }

    #[test]
    fn equal_roots_of_different_polynomials_compare_equal() {
        // 1/√2 as a root of x² − 1/2 and of (x² − 1/2)(3x − 1); 1/3 and 3/4 on either side.
        let a = roots_in_unit_interval(&[r(-1, 2), r(0, 1), r(1, 1)]).unwrap();
        let b = roots_in_unit_interval(&[r(1, 2), r(-3, 2), r(-1, 1), r(3, 1)]).unwrap();
        assert_eq!((a.len(), b.len()), (1, 2));
        assert_eq!(b[0].exact, Some(r(1, 3)));
        let (mut x, mut y) = (a[0].clone(), b[1].clone());
        assert!(x.exact.is_none() && y.exact.is_none());
        assert_eq!(compare(&mut x, &mut y), std::cmp::Ordering::Equal);
        let mut third = AlgebraicNumber::rational(r(1, 3));
        let mut three_quarters = AlgebraicNumber::rational(r(3, 4));
        assert_eq!(compare(&mut third, &mut x), std::cmp::Ordering::Less);
        assert_eq!(
            compare(&mut three_quarters, &mut y),
            std::cmp::Ordering::Greater
        );
        // The polynomial is kept primitive with a positive leading coefficient.
        assert_eq!(a[0].polynomial, vec![r(-1, 1), r(0, 1), r(2, 1)]);
    }
}
