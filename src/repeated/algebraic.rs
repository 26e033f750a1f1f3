//! Exact real roots of polynomials with rational coefficients, and the set of discount factors
//! at which a family of polynomial incentive constraints `h_c(δ) >= 0` all hold.
//!
//! Discounted incentive constraints of repeated games become polynomial inequalities in the
//! discount factor once their (positive) denominators are cleared. Their thresholds are real
//! algebraic numbers: an [`AlgebraicNumber`] holds a polynomial, a rational bracket
//! of width below `2^-100` (< 1e-30) containing exactly one of its roots, the root itself when it
//! is rational, and the nearest float. Roots are isolated by Sturm sequences and refined by
//! bisection on rationals, so nothing is rounded.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

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

/// Removes trailing zero coefficients.
pub(crate) fn trim(mut p: Poly) -> Poly {
    while p.last().is_some_and(Zero::is_zero) {
        p.pop();
    }
    p
}

pub(crate) fn add(a: &[BigRational], b: &[BigRational]) -> Poly {
    let n = a.len().max(b.len());
    trim(
        (0..n)
            .map(|k| {
                let x = a.get(k).cloned().unwrap_or_else(BigRational::zero);
                x + b.get(k).cloned().unwrap_or_else(BigRational::zero)
            })
            .collect(),
    )
}

pub(crate) fn sub(a: &[BigRational], b: &[BigRational]) -> Poly {
    add(a, &scale(b, &rat(-1)))
}

pub(crate) fn scale(a: &[BigRational], c: &BigRational) -> Poly {
    trim(a.iter().map(|x| x * c).collect())
}

pub(crate) fn mul(a: &[BigRational], b: &[BigRational]) -> Poly {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut out = vec![BigRational::zero(); a.len() + b.len() - 1];
    for (i, x) in a.iter().enumerate() {
        if x.is_zero() {
            continue;
        }
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    trim(out)
}

/// `x^k`.
pub(crate) fn monomial(k: usize) -> Poly {
    let mut p = vec![BigRational::zero(); k + 1];
    p[k] = BigRational::one();
    p
}

/// `p(c·x)`.
pub(crate) fn compose_scale(p: &[BigRational], c: &BigRational) -> Poly {
    let mut power = BigRational::one();
    let mut out = Vec::with_capacity(p.len());
    for x in p {
        out.push(x * &power);
        power *= c;
    }
    trim(out)
}

pub(crate) fn eval(p: &[BigRational], x: &BigRational) -> BigRational {
    p.iter()
        .rev()
        .fold(BigRational::zero(), |acc, c| acc * x + c)
}

fn sign_at(p: &[BigRational], x: &BigRational) -> i8 {
    let v = eval(p, x);
    if v.is_positive() {
        1
    } else if v.is_negative() {
        -1
    } else {
        0
    }
}

fn derivative(p: &[BigRational]) -> Poly {
    trim(
        p.iter()
            .enumerate()
            .skip(1)
            .map(|(k, c)| c * rat(k as i64))
            .collect(),
    )
}

/// The remainder of `a` divided by `b` (`b` nonzero).
fn rem(a: &[BigRational], b: &[BigRational]) -> Poly {
    let mut r: Poly = a.to_vec();
    let lead = b.last().expect("nonzero divisor");
    while r.len() >= b.len() && !r.is_empty() {
        let f = r.last().expect("nonempty") / lead;
        let shift = r.len() - b.len();
        for (k, c) in b.iter().enumerate() {
            r[shift + k] -= &f * c;
        }
        r.pop();
        r = trim(r);
    }
    r
}

/// `a / b` when `b` divides `a`.
fn div_exact(a: &[BigRational], b: &[BigRational]) -> Poly {
    let mut r: Poly = a.to_vec();
    let lead = b.last().expect("nonzero divisor");
    let mut q = vec![BigRational::zero(); (a.len() + 1).saturating_sub(b.len())];
    while r.len() >= b.len() && !r.is_empty() {
        let f = r.last().expect("nonempty") / lead;
        let shift = r.len() - b.len();
        for (k, c) in b.iter().enumerate() {
            r[shift + k] -= &f * c;
        }
        q[shift] = f;
        r.pop();
        r = trim(r);
    }
    trim(q)
}

/// A positive multiple of `p` with coprime integer coefficients (signs kept), so that
/// sequences of remainders do not grow fractions.
pub(crate) fn primitive(p: &[BigRational]) -> Poly {
    if p.is_empty() {
        return Vec::new();
    }
    let lcm = p.iter().fold(BigInt::one(), |l, c| l.lcm(c.denom()));
    let ints: Vec<BigInt> = p
        .iter()
        .map(|c| (c * BigRational::from_integer(lcm.clone())).to_integer())
        .collect();
    let g = ints.iter().fold(BigInt::zero(), |g, x| g.gcd(x));
    let g = if g.is_zero() { BigInt::one() } else { g };
    ints.into_iter()
        .map(|x| BigRational::from_integer(x / &g))
        .collect()
}

fn gcd(a: &[BigRational], b: &[BigRational]) -> Poly {
    let (mut a, mut b) = (primitive(a), primitive(b));
    while !b.is_empty() {
        if interrupt::check().is_err() {
            // Stopping is reported by the caller's next check; finish cheaply.
            return vec![rat(1)];
        }
        let r = primitive(&rem(&a, &b));
        a = b;
        b = r;
    }
    a
}

/// The square-free part of a nonzero `p`: the product of its distinct irreducible factors,
/// as a primitive polynomial with a positive leading coefficient.
pub(crate) fn square_free(p: &[BigRational]) -> Poly {
    let g = gcd(p, &derivative(p));
    let mut q = if g.len() <= 1 {
        primitive(p)
    } else {
        primitive(&div_exact(p, &g))
    };
    if q.last().is_some_and(Signed::is_negative) {
        q = scale(&q, &rat(-1));
    }
    q
}

/// The Sturm sequence of a square-free `p`.
fn sturm(p: &[BigRational]) -> Vec<Poly> {
    let mut seq = vec![p.to_vec(), primitive(&derivative(p))];
    loop {
        let n = seq.len();
        if seq[n - 1].is_empty() {
            seq.pop();
            break;
        }
        let r = rem(&seq[n - 2], &seq[n - 1]);
        if r.is_empty() {
            break;
        }
        seq.push(primitive(&scale(&r, &rat(-1))));
    }
    seq
}

fn variations(seq: &[Poly], x: &BigRational) -> usize {
    let mut last = 0i8;
    let mut count = 0;
    for p in seq {
        let s = sign_at(p, x);
        if s != 0 {
            if last != 0 && s != last {
                count += 1;
            }
            last = s;
        }
    }
    count
}

/// The number of distinct roots of the square-free `p` (Sturm sequence `seq`) in `(a, b]`.
fn count(seq: &[Poly], a: &BigRational, b: &BigRational) -> usize {
    variations(seq, a).saturating_sub(variations(seq, b))
}

/// An isolated root: an exact rational, or an open interval `(lo, hi)` with `p(lo)`, `p(hi)`
/// nonzero containing exactly one root.
#[derive(Debug, Clone)]
enum Isolated {
    Exact(BigRational),
    Between(BigRational, BigRational),
}

/// The distinct roots of `p` in the open interval `(0, 1)`, in increasing order,
/// each as an [`AlgebraicNumber`].
///
/// # Errors
/// [`Error::Interrupted`] if stopped.
pub(crate) fn roots_in_unit_interval(p: &[BigRational]) -> Result<Vec<AlgebraicNumber>> {
    if p.len() <= 1 {
        return Ok(Vec::new());
    }
    // Cheap first: without the roots at 0 and 1, Descartes' rule of signs on the polynomial
    // mapped from (0, 1) to (0, ∞) bounds the number of roots; 0 means none and 1 exactly one
    // (simple, so a sign change), found by bisection without a Sturm sequence.
    let reduced = strip_ends(p);
    match unit_interval_sign_variations(&reduced) {
        0 => return Ok(Vec::new()),
        1 => return Ok(vec![refine(&reduced, rat(0), rat(1))?]),
        _ => {}
    }
    interrupt::check()?;
    let p = square_free(&reduced);
    let seq = sturm(&p);
    // gcd and Sturm sequences give up early when stopped: do not trust them then.
    interrupt::check()?;
    let mut found = Vec::new();
    // Roots at 1 are outside (0, 1): isolate in (0, 1], then drop 1.
    isolate(&p, &seq, rat(0), rat(1), &mut found)?;
    let one = rat(1);
    let mut out = Vec::new();
    for iso in found {
        match iso {
            Isolated::Exact(r) => {
                if r != one {
                    out.push(AlgebraicNumber::rational(r));
                }
            }
            Isolated::Between(lo, hi) => out.push(refine(&p, lo, hi)?),
        }
    }
    Ok(out)
}

/// `p` (nonzero) divided by its factors `x` and `x − 1`, as a primitive polynomial: the same
/// roots in `(0, 1)`, and nonzero at 0 and 1.
fn strip_ends(p: &[BigRational]) -> Poly {
    let mut q: Poly = primitive(p);
    while q.len() > 1 && q[0].is_zero() {
        q.remove(0);
    }
    let x_minus_one = vec![rat(-1), rat(1)];
    while q.len() > 1 && eval(&q, &rat(1)).is_zero() {
        q = div_exact(&q, &x_minus_one);
    }
    q
}

/// Sign variations of `(1 + y)^d p(1 / (1 + y))`, an upper bound on the number of roots of
/// `p` in `(0, 1)` with the same parity (Descartes), for `p` nonzero at 0 and 1.
fn unit_interval_sign_variations(p: &[BigRational]) -> usize {
    // Integer coefficients, reversed (x^d p(1/x)), then a Taylor shift by 1.
    let ints = primitive(p);
    let mut c: Vec<BigInt> = ints.iter().rev().map(|x| x.to_integer()).collect();
    let d = c.len();
    for i in 0..d {
        for j in (i..d - 1).rev() {
            let next = c[j + 1].clone();
            c[j] += next;
        }
    }
    // c now holds the coefficients of r(y + 1), lowest degree first.
    let mut last = 0i8;
    let mut count = 0;
    for x in &c {
        let s = if x.is_positive() {
            1
        } else if x.is_negative() {
            -1
        } else {
            0
        };
        if s != 0 {
            if last != 0 && s != last {
                count += 1;
            }
            last = s;
        }
    }
    count
}

/// Isolates the roots of `p` in `(a, b]`, appending them in increasing order.
fn isolate(
    p: &[BigRational],
    seq: &[Poly],
    a: BigRational,
    b: BigRational,
    out: &mut Vec<Isolated>,
) -> Result<()> {
    interrupt::check()?;
    let n = count(seq, &a, &b);
    if n == 0 {
        return Ok(());
    }
    if sign_at(p, &b) == 0 {
        // b is a root: isolate the others in (a, b - eps], then b itself.
        let mut eps = (&b - &a) / rat(2);
        while count(seq, &(&b - &eps), &b) > 1 || sign_at(p, &(&b - &eps)) == 0 {
            eps /= rat(2);
        }
        isolate(p, seq, a, &b - &eps, out)?;
        out.push(Isolated::Exact(b));
        return Ok(());
    }
    if n == 1 && sign_at(p, &a) != 0 {
        out.push(Isolated::Between(a, b));
        return Ok(());
    }
    let mid = (&a + &b) / rat(2);
    isolate(p, seq, a, mid.clone(), out)?;
    isolate(p, seq, mid, b, out)
}

/// Bisects `(lo, hi)` (one simple root, a sign change) to width below `2^-BITS`, and
/// recognises a rational root by the simplest fraction in the bracket.
fn refine(p: &[BigRational], mut lo: BigRational, mut hi: BigRational) -> Result<AlgebraicNumber> {
    let width = BigRational::new(BigInt::one(), BigInt::one() << BITS);
    let s_lo = sign_at(p, &lo);
    while &hi - &lo >= width {
        let mid = (&lo + &hi) / rat(2);
        let s = sign_at(p, &mid);
        if s == 0 {
            return Ok(AlgebraicNumber::rational(mid));
        }
        if s == s_lo {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    if let Some(q) = simplest_between(&lo, &hi).filter(|q| sign_at(p, q) == 0) {
        return Ok(AlgebraicNumber::rational(q));
    }
    let value = ((&lo + &hi) / rat(2)).to_f64().unwrap_or(f64::NAN);
    Ok(AlgebraicNumber {
        polynomial: p.to_vec(),
        lower: lo,
        upper: hi,
        exact: None,
        value,
    })
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
        let mid = (&self.lower + &self.upper) / rat(2);
        let s = sign_at(&self.polynomial, &mid);
        if s == 0 {
            *self = Self::rational(mid);
        } else if s == sign_at(&self.polynomial, &self.lower) {
            self.lower = mid;
        } else {
            self.upper = mid;
        }
    }
}

/// Compares two algebraic numbers exactly, narrowing their brackets as needed.
pub(crate) fn compare(a: &mut AlgebraicNumber, b: &mut AlgebraicNumber) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    for _ in 0..2000 {
        if let (Some(x), Some(y)) = (&a.exact, &b.exact) {
            return x.cmp(y);
        }
        if a.upper < b.lower {
            return Ordering::Less;
        }
        if b.upper < a.lower {
            return Ordering::Greater;
        }
        // The brackets meet: are the numbers equal?
        let equal = match (&a.exact, &b.exact) {
            (Some(r), None) => sign_at(&b.polynomial, r) == 0,
            (None, Some(r)) => sign_at(&a.polynomial, r) == 0,
            _ => {
                let g = gcd(&a.polynomial, &b.polynomial);
                let lo = (&a.lower).max(&b.lower).clone();
                let hi = (&a.upper).min(&b.upper).clone();
                // Each bracket holds one root of its polynomial, and g divides both, so a
                // root of g in the common part is both numbers.
                g.len() > 1 && lo < hi && {
                    let seq = sturm(&square_free(&g));
                    count(&seq, &lo, &hi) > 0
                }
            }
        };
        if equal {
            return Ordering::Equal;
        }
        a.bisect();
        b.bisect();
    }
    // Unreachable for distinct numbers: 2000 halvings separate any two of them that the
    // equality test above did not identify.
    a.value.total_cmp(&b.value)
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
}
