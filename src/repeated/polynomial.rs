//! Exact univariate polynomials over the rationals and their real roots in `[0, 1]`, for
//! [`RepeatedGame::spe_discount_range`](crate::repeated::RepeatedGame::spe_discount_range).
//!
//! Roots are isolated with Sturm sequences (the number of sign changes of the sequence
//! `p, p', -rem(p, p'), …` at `a` minus at `b` counts the distinct real roots in `(a, b]`;
//! Sturm 1829, e.g. Basu, Pollack and Roy, *Algorithms in Real Algebraic Geometry*, §2.2) and
//! rational bisection, so every root is either an exact rational or an [`AlgebraicRoot`]: a
//! square-free polynomial and a rational bracket `(low, high)` holding exactly one of its roots,
//! with the polynomial of opposite non-zero signs at the two ends. Rational roots are found
//! exactly: linear factors directly, and candidates `p/q` of the rational root theorem for
//! factors with small integer coefficients.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::interrupt;

/// A polynomial with rational coefficients, lowest degree first, with no trailing zeros (the
/// zero polynomial has no coefficients).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Poly(pub(crate) Vec<BigRational>);

impl Poly {
    pub(crate) fn new(mut c: Vec<BigRational>) -> Self {
        while c.last().is_some_and(Zero::is_zero) {
            c.pop();
        }
        Self(c)
    }

    pub(crate) fn zero() -> Self {
        Self(Vec::new())
    }

    pub(crate) fn constant(c: BigRational) -> Self {
        Self::new(vec![c])
    }

    /// `a + b x`.
    pub(crate) fn linear(a: BigRational, b: BigRational) -> Self {
        Self::new(vec![a, b])
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// The degree (0 for constants and for the zero polynomial).
    pub(crate) fn degree(&self) -> usize {
        self.0.len().saturating_sub(1)
    }

    fn lead(&self) -> Option<&BigRational> {
        self.0.last()
    }

    pub(crate) fn add(&self, o: &Poly) -> Poly {
        let n = self.0.len().max(o.0.len());
        let z = BigRational::zero();
        Poly::new(
            (0..n)
                .map(|k| self.0.get(k).unwrap_or(&z) + o.0.get(k).unwrap_or(&z))
                .collect(),
        )
    }

    pub(crate) fn sub(&self, o: &Poly) -> Poly {
        self.add(&o.scale(&-BigRational::one()))
    }

    pub(crate) fn scale(&self, c: &BigRational) -> Poly {
        Poly::new(self.0.iter().map(|x| x * c).collect())
    }

    pub(crate) fn mul(&self, o: &Poly) -> Poly {
        if self.is_zero() || o.is_zero() {
            return Poly::zero();
        }
        let mut c = vec![BigRational::zero(); self.0.len() + o.0.len() - 1];
        for (i, a) in self.0.iter().enumerate() {
            if a.is_zero() {
                continue;
            }
            for (j, b) in o.0.iter().enumerate() {
                c[i + j] += a * b;
            }
        }
        Poly::new(c)
    }

    /// `p(c x)`: substitutes `c x` for `x`.
    pub(crate) fn compose_scale(&self, c: &BigRational) -> Poly {
        let mut power = BigRational::one();
        let mut out = Vec::with_capacity(self.0.len());
        for a in &self.0 {
            out.push(a * &power);
            power *= c;
        }
        Poly::new(out)
    }

    /// The value at `x` (Horner).
    pub(crate) fn eval(&self, x: &BigRational) -> BigRational {
        let mut v = BigRational::zero();
        for a in self.0.iter().rev() {
            v = v * x + a;
        }
        v
    }

    /// The sign of the value at `x`: -1, 0 or 1.
    pub(crate) fn sign_at(&self, x: &BigRational) -> i8 {
        let v = self.eval(x);
        if v.is_zero() {
            0
        } else if v.is_positive() {
            1
        } else {
            -1
        }
    }

    fn derivative(&self) -> Poly {
        Poly::new(
            self.0
                .iter()
                .enumerate()
                .skip(1)
                .map(|(k, a)| a * BigRational::from_integer(k.into()))
                .collect(),
        )
    }

    /// The quotient and remainder of the division by `d` (not zero).
    pub(crate) fn div_rem(&self, d: &Poly) -> (Poly, Poly) {
        let dl = d.lead().expect("division by the zero polynomial").clone();
        let mut r = self.0.clone();
        if r.len() < d.0.len() {
            return (Poly::zero(), self.clone());
        }
        let mut q = vec![BigRational::zero(); r.len() - d.0.len() + 1];
        for k in (0..q.len()).rev() {
            let c = &r[k + d.0.len() - 1] / &dl;
            if !c.is_zero() {
                for (j, b) in d.0.iter().enumerate() {
                    r[k + j] -= &c * b;
                }
            }
            q[k] = c;
        }
        r.truncate(d.0.len() - 1);
        (Poly::new(q), Poly::new(r))
    }

    /// The monic polynomial with the same roots (the zero polynomial stays zero).
    pub(crate) fn monic(&self) -> Poly {
        match self.lead() {
            Some(l) => self.scale(&l.recip()),
            None => Poly::zero(),
        }
    }

    /// The monic greatest common divisor.
    pub(crate) fn gcd(&self, o: &Poly) -> Poly {
        let (mut a, mut b) = (self.monic(), o.monic());
        while !b.is_zero() {
            let r = a.div_rem(&b).1.monic();
            a = b;
            b = r;
        }
        a
    }

    /// The product of the distinct irreducible factors (monic), `p / gcd(p, p')`.
    pub(crate) fn square_free(&self) -> Poly {
        if self.degree() == 0 {
            return self.monic();
        }
        let g = self.gcd(&self.derivative());
        self.div_rem(&g).0.monic()
    }

    /// The same polynomial scaled by a positive number so that its coefficients are coprime
    /// integers: a canonical form for de-duplicating constraints `p >= 0` (the sign is kept).
    pub(crate) fn primitive(&self) -> Poly {
        if self.is_zero() {
            return Poly::zero();
        }
        let denom = self.0.iter().fold(BigInt::one(), |l, c| l.lcm(c.denom()));
        let ints: Vec<BigInt> = self
            .0
            .iter()
            .map(|c| c.numer() * (&denom / c.denom()))
            .collect();
        let content = ints.iter().fold(BigInt::zero(), |g, c| g.gcd(c));
        Poly::new(
            ints.into_iter()
                .map(|c| BigRational::from_integer(c / &content))
                .collect(),
        )
    }
}

/// The Sturm sequence of a square-free polynomial.
fn sturm(p: &Poly) -> Vec<Poly> {
    let mut seq = vec![p.clone(), p.derivative()];
    loop {
        let k = seq.len();
        if seq[k - 1].is_zero() {
            seq.pop();
            break;
        }
        let r = seq[k - 2].div_rem(&seq[k - 1]).1;
        if r.is_zero() {
            break;
        }
        seq.push(r.scale(&-BigRational::one()));
    }
    seq
}

fn sign_changes(seq: &[Poly], x: &BigRational) -> usize {
    let mut last = 0i8;
    let mut changes = 0;
    for p in seq {
        let s = p.sign_at(x);
        if s != 0 {
            if last != 0 && s != last {
                changes += 1;
            }
            last = s;
        }
    }
    changes
}

/// A real root of a square-free polynomial that is not known to be rational, isolated in the
/// open interval `(low, high)`: the polynomial has exactly one root there and non-zero values
/// of opposite signs at `low` and `high`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlgebraicRoot {
    /// The polynomial's coefficients, lowest degree first (the root is a simple root of it).
    pub polynomial: Vec<BigRational>,
    /// The lower end of the bracket.
    pub low: BigRational,
    /// The upper end of the bracket.
    pub high: BigRational,
}

/// A real number that is a root of a constraint: an exact rational or an algebraic root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RealRoot {
    /// A rational number.
    Rational(BigRational),
    /// An irrational (or not recognised as rational) root of a polynomial.
    Algebraic(AlgebraicRoot),
}

impl RealRoot {
    /// The nearest float (the midpoint of a bracket refined below `f64` resolution).
    pub fn to_f64(&self) -> f64 {
        match self {
            RealRoot::Rational(r) => r.to_f64().unwrap_or(f64::NAN),
            RealRoot::Algebraic(a) => {
                let mut a = a.clone();
                let p = Poly::new(a.polynomial.clone());
                let eps = BigRational::new(1.into(), BigInt::one() << 60);
                while &a.high - &a.low > eps {
                    if a.bisect(&p).is_some() {
                        break;
                    }
                }
                ((&a.low + &a.high) / BigRational::from_integer(2.into()))
                    .to_f64()
                    .unwrap_or(f64::NAN)
            }
        }
    }

    /// The exact value, if rational.
    pub fn exact(&self) -> Option<&BigRational> {
        match self {
            RealRoot::Rational(r) => Some(r),
            RealRoot::Algebraic(_) => None,
        }
    }

    /// How `x` compares with this number.
    pub fn cmp_rational(&self, x: &BigRational) -> Ordering {
        match self {
            RealRoot::Rational(r) => r.cmp(x),
            RealRoot::Algebraic(a) => {
                if x <= &a.low {
                    return Ordering::Greater;
                }
                if x >= &a.high {
                    return Ordering::Less;
                }
                let p = Poly::new(a.polynomial.clone());
                let s = p.sign_at(x);
                if s == 0 {
                    Ordering::Equal
                } else if s == p.sign_at(&a.low) {
                    // x lies between low and the root.
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
        }
    }
}

impl AlgebraicRoot {
    /// Halves the bracket; returns the midpoint if it is the root itself.
    fn bisect(&mut self, p: &Poly) -> Option<BigRational> {
        let mid = (&self.low + &self.high) / BigRational::from_integer(2.into());
        let s = p.sign_at(&mid);
        if s == 0 {
            return Some(mid);
        }
        if s == p.sign_at(&self.low) {
            self.low = mid;
        } else {
            self.high = mid;
        }
        None
    }
}

/// The most candidates `p/q` of the rational root theorem tried per polynomial.
const MAX_CANDIDATES: usize = 4096;

/// The rational roots of `p` in `[0, 1]` found by the rational root theorem, for polynomials of
/// low degree (at most 8) whose integer coefficients are small enough for the candidates to be
/// few. (Roots that bisection lands on exactly are found exact too, at any degree.)
fn rational_roots(p: &Poly) -> Vec<BigRational> {
    if p.degree() > 8 {
        return Vec::new();
    }
    let ints = p.primitive();
    let Some(lead) = ints.0.last().and_then(|c| c.numer().abs().to_u64()) else {
        return Vec::new();
    };
    // Strip factors x (roots at 0 are found separately).
    let Some(first) = ints.0.iter().find(|c| !c.is_zero()) else {
        return Vec::new();
    };
    let Some(constant) = first.numer().abs().to_u64() else {
        return Vec::new();
    };
    const LIMIT: u64 = 1_000_000;
    if lead > LIMIT || constant > LIMIT {
        return Vec::new();
    }
    let divisors = |n: u64| -> Vec<u64> {
        let mut d = Vec::new();
        let mut k = 1;
        while k * k <= n {
            if n.is_multiple_of(k) {
                d.push(k);
                if k * k != n {
                    d.push(n / k);
                }
            }
            k += 1;
        }
        d
    };
    let (dq, dp) = (divisors(lead), divisors(constant));
    if dq.len() * dp.len() > MAX_CANDIDATES {
        return Vec::new();
    }
    let mut found = Vec::new();
    for q in dq {
        for &num in &dp {
            if num > q || num.gcd(&q) != 1 {
                continue;
            }
            let x = BigRational::new(num.into(), q.into());
            if p.sign_at(&x) == 0 {
                found.push(x);
            }
        }
    }
    found
}

/// An upper bound on the number of roots of `p` in `(0, 1)` (counted with multiplicity), of
/// the parity of that number: the sign variations of the coefficients of
/// `(x + 1)^n p(1 / (x + 1))` (Descartes' rule of signs after the Möbius map of `(0, ∞)` onto
/// `(0, 1)`; exact when it is 0 or 1).
pub(crate) fn descartes_unit(p: &Poly) -> usize {
    let ints: Vec<BigInt> = p.primitive().0.iter().map(|c| c.numer().clone()).collect();
    // x^n p(1/x): reversed coefficients; then the Taylor shift x -> x + 1.
    let mut c: Vec<BigInt> = ints.into_iter().rev().collect();
    let n = c.len();
    for i in 0..n {
        for j in (i..n - 1).rev() {
            let next = c[j + 1].clone();
            c[j] += next;
        }
    }
    let mut last = 0i8;
    let mut changes = 0;
    for x in &c {
        let s = if x.is_zero() {
            0
        } else if x.is_positive() {
            1
        } else {
            -1
        };
        if s != 0 {
            if last != 0 && s != last {
                changes += 1;
            }
            last = s;
        }
    }
    changes
}

/// The distinct real roots in `[0, 1]` of a square-free, non-constant polynomial, each exact
/// or bracketed, in increasing order (brackets disjoint).
pub(crate) fn roots_in_unit(p: &Poly) -> Result<Vec<RealRoot>> {
    let zero = BigRational::zero();
    let one = BigRational::one();
    let mut exact: Vec<BigRational> = Vec::new();
    let mut rest = p.clone();
    if rest.degree() == 1 {
        let r = -&rest.0[0] / &rest.0[1];
        return Ok(if r >= zero && r <= one {
            vec![RealRoot::Rational(r)]
        } else {
            Vec::new()
        });
    }
    for r in [zero.clone(), one.clone()]
        .into_iter()
        .chain(rational_roots(&rest))
    {
        if rest.sign_at(&r) == 0 && !exact.contains(&r) {
            rest = rest.div_rem(&Poly::linear(-r.clone(), one.clone())).0;
            exact.push(r);
        }
    }
    let mut out: Vec<RealRoot> = Vec::new();
    let variations = if rest.degree() >= 1 {
        descartes_unit(&rest)
    } else {
        0
    };
    if variations == 1 {
        // Exactly one (simple) root in (0, 1), and neither end is a root.
        out.push(RealRoot::Algebraic(AlgebraicRoot {
            polynomial: rest.0.clone(),
            low: zero.clone(),
            high: one.clone(),
        }));
    } else if variations >= 2 {
        let seq = sturm(&rest);
        // Intervals (a, b] with a root count; 0 and 1 are not roots of `rest`.
        let mut stack = vec![(zero.clone(), one.clone())];
        while let Some((a, b)) = stack.pop() {
            interrupt::check()?;
            let count = sign_changes(&seq, &a) - sign_changes(&seq, &b);
            if count == 0 {
                continue;
            }
            let mid = (&a + &b) / BigRational::from_integer(2.into());
            if count == 1 && rest.sign_at(&mid) != 0 {
                // Exactly one root in (a, b), ends non-zero: the bracket is found.
                out.push(RealRoot::Algebraic(AlgebraicRoot {
                    polynomial: rest.0.clone(),
                    low: a,
                    high: b,
                }));
                continue;
            }
            if rest.sign_at(&mid) == 0 {
                exact.push(mid.clone());
                let (l, r) = (mid.clone(), mid.clone());
                // Split around the exact root: a tiny gap on each side that holds no other
                // root (refined until the counts say so).
                let mut eps = (&b - &a) / BigRational::from_integer(4.into());
                loop {
                    let lo = &l - &eps;
                    let hi = &r + &eps;
                    let inside = sign_changes(&seq, &lo) - sign_changes(&seq, &hi);
                    if inside == 1 && rest.sign_at(&lo) != 0 && rest.sign_at(&hi) != 0 {
                        stack.push((a.clone(), lo));
                        stack.push((hi, b.clone()));
                        break;
                    }
                    eps /= BigRational::from_integer(2.into());
                    interrupt::check()?;
                }
                continue;
            }
            stack.push((a, mid.clone()));
            stack.push((mid, b));
        }
    }
    out.extend(exact.into_iter().map(RealRoot::Rational));
    Ok(sort_roots(out))
}

/// Sorts distinct roots in increasing order (refining brackets as needed).
pub(crate) fn sort_roots(roots: Vec<RealRoot>) -> Vec<RealRoot> {
    let mut sorted: Vec<RealRoot> = Vec::with_capacity(roots.len());
    for mut r in roots {
        let mut k = sorted.len();
        while k > 0 && compare_roots(&mut sorted[k - 1], &mut r) == Ordering::Greater {
            k -= 1;
        }
        sorted.insert(k, r);
    }
    sorted
}

/// Compares two real roots, possibly of different polynomials, detecting equality: brackets
/// are refined until they are disjoint or narrower than 2^-64 while overlapping; then the roots
/// are equal exactly when the gcd of their polynomials has a root in the overlap (it changes
/// sign there: the gcd is square-free, and non-zero at bracket ends, which are no roots of
/// either polynomial).
pub(crate) fn compare_or_equal(x: &mut RealRoot, y: &mut RealRoot) -> Ordering {
    compare_refining(x, y, true)
}

/// Refines the brackets of two roots of different (coprime) polynomials until they are
/// disjoint, then compares them.
pub(crate) fn compare_roots(x: &mut RealRoot, y: &mut RealRoot) -> Ordering {
    compare_refining(x, y, false)
}

/// Halves the wider of two overlapping brackets until they are disjoint; with
/// `detect_equal`, once both are narrower than 2^-64 the gcd test of [`compare_or_equal`]
/// decides equality.
fn compare_refining(x: &mut RealRoot, y: &mut RealRoot, detect_equal: bool) -> Ordering {
    let eps = BigRational::new(1.into(), BigInt::one() << 64);
    let mut gcd_tried = !detect_equal;
    loop {
        match (&mut *x, &mut *y) {
            (RealRoot::Rational(a), RealRoot::Rational(b)) => return (*a).cmp(&*b),
            (RealRoot::Rational(a), r @ RealRoot::Algebraic(_)) => {
                return r.cmp_rational(a).reverse();
            }
            (r @ RealRoot::Algebraic(_), RealRoot::Rational(b)) => return r.cmp_rational(b),
            (RealRoot::Algebraic(a), RealRoot::Algebraic(b)) => {
                if a.high <= b.low {
                    return Ordering::Less;
                }
                if b.high <= a.low {
                    return Ordering::Greater;
                }
                let narrow = &a.high - &a.low < eps && &b.high - &b.low < eps;
                if narrow && !gcd_tried {
                    gcd_tried = true;
                    let g = Poly::new(a.polynomial.clone()).gcd(&Poly::new(b.polynomial.clone()));
                    if g.degree() > 0 {
                        let lo = (&a.low).max(&b.low).clone();
                        let hi = (&a.high).min(&b.high).clone();
                        let (sl, sh) = (g.sign_at(&lo), g.sign_at(&hi));
                        if sl != 0 && sh != 0 && sl != sh {
                            return Ordering::Equal;
                        }
                    }
                }
                // Halve the wider bracket; an exact hit makes the root rational.
                let (wide, other_is_x) = if &a.high - &a.low >= &b.high - &b.low {
                    (a, false)
                } else {
                    (b, true)
                };
                let p = Poly::new(wide.polynomial.clone());
                if let Some(m) = wide.bisect(&p) {
                    if other_is_x {
                        *y = RealRoot::Rational(m);
                    } else {
                        *x = RealRoot::Rational(m);
                    }
                }
            }
        }
    }
}

/// Shrinks an algebraic root's bracket below `width` (a rational hit becomes exact).
pub(crate) fn refine(r: &mut RealRoot, width: &BigRational) {
    while let RealRoot::Algebraic(a) = r {
        if &(&a.high - &a.low) < width {
            return;
        }
        let p = Poly::new(a.polynomial.clone());
        if let Some(m) = a.bisect(&p) {
            *r = RealRoot::Rational(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    fn poly(c: &[(i64, i64)]) -> Poly {
        Poly::new(c.iter().map(|&(n, d)| q(n, d)).collect())
    }

    #[test]
    fn division_and_gcd() {
        // (x - 1/2)(x - 1/3) and (x - 1/2)(x + 2)
        let a = poly(&[(1, 6), (-5, 6), (1, 1)]);
        let b = poly(&[(-1, 1), (3, 2), (1, 1)]);
        assert_eq!(a.gcd(&b), poly(&[(-1, 2), (1, 1)]));
        let (qq, r) = a.mul(&b).div_rem(&b);
        assert_eq!((qq, r.is_zero()), (a.clone(), true));
        assert_eq!(a.mul(&a).square_free(), a);
    }

    #[test]
    fn roots_rational_and_irrational() {
        // (x - 1/2)(x^2 - 1/2): roots 1/2 and 1/sqrt(2) in [0, 1].
        let p = poly(&[(-1, 2), (1, 1)]).mul(&poly(&[(-1, 2), (0, 1), (1, 1)]));
        let roots = roots_in_unit(&p).unwrap();
        assert_eq!(roots.len(), 2);
        assert_eq!(roots[0], RealRoot::Rational(q(1, 2)));
        assert!((roots[1].to_f64() - 0.5f64.sqrt()).abs() < 1e-15);
        assert_eq!(roots[1].cmp_rational(&q(7, 10)), Ordering::Greater);
        assert_eq!(roots[1].cmp_rational(&q(71, 100)), Ordering::Less);
        // A cubic with rational roots 0, 1/3, 1 found exactly.
        let c = poly(&[(0, 1), (1, 3), (-4, 3), (1, 1)]);
        let r: Vec<_> = roots_in_unit(&c).unwrap();
        assert_eq!(
            r,
            vec![
                RealRoot::Rational(q(0, 1)),
                RealRoot::Rational(q(1, 3)),
                RealRoot::Rational(q(1, 1))
            ]
        );
    }

    #[test]
    fn descartes_counts_roots_in_the_unit_interval() {
        // (x - 1/2)(x - 1/3)(x + 2): two roots in (0, 1); (x - 2)(x + 1): none; x - 1/4: one.
        let two = poly(&[(-1, 2), (1, 1)])
            .mul(&poly(&[(-1, 3), (1, 1)]))
            .mul(&poly(&[(2, 1), (1, 1)]));
        assert_eq!(descartes_unit(&two), 2);
        assert_eq!(descartes_unit(&poly(&[(-2, 1), (-1, 1), (1, 1)])), 0);
        assert_eq!(descartes_unit(&poly(&[(-1, 4), (1, 1)])), 1);
    }

    #[test]
    fn equal_roots_of_different_polynomials_are_detected() {
        // sqrt(1/2) as a root of x^2 - 1/2 and of (x^2 - 1/2)(x + 3).
        let p = poly(&[(-1, 2), (0, 1), (1, 1)]);
        let q = p.mul(&poly(&[(3, 1), (1, 1)]));
        let mut a = roots_in_unit(&p).unwrap().remove(0);
        let mut b = roots_in_unit(&q).unwrap().remove(0);
        assert_eq!(compare_or_equal(&mut a, &mut b), Ordering::Equal);
        let mut c = roots_in_unit(&poly(&[(-7, 10), (1, 1)])).unwrap().remove(0);
        assert_eq!(compare_or_equal(&mut a, &mut c), Ordering::Greater);
    }
}
