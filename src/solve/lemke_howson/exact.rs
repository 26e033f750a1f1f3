//! The exact tableau: fraction-free (integer) pivoting on the revised form of
//! [`super::revised`], in machine integers while they suffice and in big integers after.
//!
//! The polytope is `{z ≥ 0 : C z ≤ 1}` with an integer `C` and slacks `s = 1 − C z`. As in the
//! float tableau, a basis is its basic structural variables `S` and the tight rows `R` (the
//! nonbasic slacks), `|S| = |R| = k`, with core `M = C[R, S]`, and
//!
//! ```text
//! B⁻¹ = [  M⁻¹            0 ]
//!       [ −C[R̄, S] M⁻¹    I ]
//! ```
//!
//! Everything is kept multiplied by `D = |det M|` (`D = 1` for `k = 0`), which makes it
//! integer (Cramer's rule): `A = D·M⁻¹` (`k × k`, `±` the adjugate), the values `D·z_S` and
//! `D·s`. The tableau column of an entering variable, `D·u` over `S` and `D·v` over the
//! slacks, is `A a_R` and `D a_R̄ − C[R̄, S] (A a_R)` for a structural column `a` of `C`, and
//! column `q` of `A` and `−C[R̄, S]` times it for the slack of tight row `R_q`. These are the
//! entries a dense integer tableau (von Stengel 2002, §3.5) would hold in that column and its
//! right-hand side, so the ratio test compares the same rationals: `value / entry` by
//! cross-multiplication (`D` cancels), ties broken lexicographically by the rows of `B⁻¹`
//! (`D·B⁻¹`, formed from the formula above for the tied rows only). The path is therefore the
//! dense tableau's, pivot for pivot, and its end the same equilibrium.
//!
//! A pivot on the entry `P` (positive) of the leaving variable is the integer pivoting rule
//! restricted to what is kept: each kept number `x` of another row becomes
//! `(P·x − e·y) / D`, an exact division, where `e` is that row's entry in the entering column
//! and `y` the pivot row's entry in `x`'s column, and then `D = P` (`P` is `D` times `u_p` or
//! `v_i`, the factor by which `det M` changes: Jacobi's and Schur's determinant formulas).
//! The pivot row's entries in the columns of `A` are row `p` of `A` when a structural
//! variable `S_p` leaves, and `−C[i, S] A` (the kept part of `D·B⁻¹`'s row) when the slack of
//! row `i` leaves; a column that joins `R` starts as the leaving slack's unit column. So a
//! pivot costs `O(rows · k + k²)` integer operations, against `O(rows · (rows + cols))` for
//! the dense tableau, and paths of random games keep `k` small.
//!
//! The numbers are minors of `[C | I | 1]`, which grow with `k`. They are held in `i128`
//! while every one fits: sums of products are formed with overflow checks, in 256 bits
//! (`ethnum`) when a product or sum leaves 128, and the first result that does not fit in
//! `i128` makes the tableau switch to big integers for good. A pivot computes its results
//! aside and stores them only when all fit, so the pivot that overflows is redone in big
//! integers from the same state. Integer payoffs are read as integers, without rationals.

use std::borrow::Cow;
use std::cmp::Ordering;

use ethnum::I256;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use super::basis::Basis;
use super::revised::{Basic, NONE, Var};
use super::{Layout, Tableau};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::solve::payoff_matrix::{exact_bimatrix, integer_payoffs};

/// Integer payoffs of this size or less (in absolute value, as floats) are read without
/// rationals; their shifted values then fit in `i128` with room to spare.
const MACHINE_PAYOFF: f64 = (1u128 << 120) as f64;

/// The arithmetic of an integer tableau: `i128` with overflow checks, or big integers.
pub(super) trait Int: Clone {
    /// The number 0.
    fn zero() -> Self;
    /// The number 1.
    fn one() -> Self;
    /// Whether the number is positive.
    fn positive(&self) -> bool;
    /// The number as a big integer.
    fn to_big(&self) -> BigInt;
    /// `−x`; `None` if it overflows.
    fn neg(&self) -> Option<Self>;
    /// `Σ_t x_t · y_t` over `t in 0..len` with `(x_t, y_t) = term(t)`; `None` if the result
    /// overflows.
    fn dot<'x>(len: usize, term: impl Fn(usize) -> (&'x Self, &'x Self)) -> Option<Self>
    where
        Self: 'x;
    /// `a · b − Σ_t x_t · y_t` over `t in 0..len`; `None` if the result overflows.
    fn sub_dot<'x>(
        a: &Self,
        b: &Self,
        len: usize,
        term: impl Fn(usize) -> (&'x Self, &'x Self),
    ) -> Option<Self>
    where
        Self: 'x;
    /// `(p · x − e · y) / d`, a division known to be exact; `None` if the result overflows.
    fn combine(p: &Self, x: &Self, e: &Self, y: &Self, d: &Self) -> Option<Self>;
    /// Compares `a · b` with `c · d`, exactly.
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Ordering;
}

/// `x · y` in 256 bits: exact for any two `i128` (at most `2^254` in absolute value).
#[inline(always)]
fn wide_product(x: i128, y: i128) -> I256 {
    I256::from(x) * I256::from(y)
}

/// `x · y`, `None` if it leaves `i128`: one widening multiplication when both fit in 64 bits
/// (the product then fits in 127), else a checked one.
#[inline(always)]
fn mul(x: i128, y: i128) -> Option<i128> {
    match (i64::try_from(x), i64::try_from(y)) {
        (Ok(a), Ok(b)) => Some(i128::from(a) * i128::from(b)),
        _ => x.checked_mul(y),
    }
}

/// `n / d` for `d > 0`: a 64-bit division when both fit in 64 bits.
#[inline(always)]
fn div(n: i128, d: i128) -> i128 {
    match (i64::try_from(n), i64::try_from(d)) {
        (Ok(a), Ok(b)) => i128::from(a / b),
        _ => n / d,
    }
}

impl Int for i128 {
    #[inline(always)]
    fn zero() -> Self {
        0
    }
    #[inline(always)]
    fn one() -> Self {
        1
    }
    #[inline(always)]
    fn positive(&self) -> bool {
        *self > 0
    }
    fn to_big(&self) -> BigInt {
        BigInt::from(*self)
    }
    #[inline(always)]
    fn neg(&self) -> Option<Self> {
        self.checked_neg()
    }
    #[inline(always)]
    fn dot<'x>(len: usize, term: impl Fn(usize) -> (&'x Self, &'x Self)) -> Option<Self> {
        let machine = || {
            (0..len).try_fold(0i128, |acc, t| {
                let (x, y) = term(t);
                acc.checked_add(mul(*x, *y)?)
            })
        };
        machine().or_else(|| {
            let wide = (0..len).try_fold(I256::ZERO, |acc, t| {
                let (x, y) = term(t);
                acc.checked_add(wide_product(*x, *y))
            })?;
            i128::try_from(wide).ok()
        })
    }
    #[inline(always)]
    fn sub_dot<'x>(
        a: &Self,
        b: &Self,
        len: usize,
        term: impl Fn(usize) -> (&'x Self, &'x Self),
    ) -> Option<Self> {
        let machine = || {
            (0..len).try_fold(mul(*a, *b)?, |acc, t| {
                let (x, y) = term(t);
                acc.checked_sub(mul(*x, *y)?)
            })
        };
        machine().or_else(|| {
            let wide = (0..len).try_fold(wide_product(*a, *b), |acc, t| {
                let (x, y) = term(t);
                acc.checked_sub(wide_product(*x, *y))
            })?;
            i128::try_from(wide).ok()
        })
    }
    #[inline(always)]
    fn combine(p: &Self, x: &Self, e: &Self, y: &Self, d: &Self) -> Option<Self> {
        let machine = mul(*p, *x)
            .zip(mul(*e, *y))
            .and_then(|(l, r)| l.checked_sub(r));
        match machine {
            Some(n) => {
                debug_assert_eq!(n % d, 0, "integer pivoting divides exactly");
                Some(div(n, *d))
            }
            None => {
                let n = wide_product(*p, *x).checked_sub(wide_product(*e, *y))?;
                debug_assert_eq!(n % I256::from(*d), I256::ZERO);
                i128::try_from(n / I256::from(*d)).ok()
            }
        }
    }
    #[inline(always)]
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Ordering {
        match (mul(*a, *b), mul(*c, *d)) {
            (Some(l), Some(r)) => l.cmp(&r),
            _ => wide_product(*a, *b).cmp(&wide_product(*c, *d)),
        }
    }
}

impl Int for BigInt {
    fn zero() -> Self {
        BigInt::ZERO
    }
    fn one() -> Self {
        BigInt::from(1)
    }
    fn positive(&self) -> bool {
        self.is_positive()
    }
    fn to_big(&self) -> BigInt {
        self.clone()
    }
    fn neg(&self) -> Option<Self> {
        Some(-self)
    }
    fn dot<'x>(len: usize, term: impl Fn(usize) -> (&'x Self, &'x Self)) -> Option<Self> {
        let mut acc = BigInt::ZERO;
        for t in 0..len {
            let (x, y) = term(t);
            if !x.is_zero() && !y.is_zero() {
                acc += x * y;
            }
        }
        Some(acc)
    }
    fn sub_dot<'x>(
        a: &Self,
        b: &Self,
        len: usize,
        term: impl Fn(usize) -> (&'x Self, &'x Self),
    ) -> Option<Self> {
        let mut acc = if a.is_zero() || b.is_zero() {
            BigInt::ZERO
        } else {
            a * b
        };
        for t in 0..len {
            let (x, y) = term(t);
            if !x.is_zero() && !y.is_zero() {
                acc -= x * y;
            }
        }
        Some(acc)
    }
    fn combine(p: &Self, x: &Self, e: &Self, y: &Self, d: &Self) -> Option<Self> {
        let mut n = p * x;
        if !e.is_zero() && !y.is_zero() {
            n -= e * y;
        }
        debug_assert!((&n % d).is_zero(), "integer pivoting divides exactly");
        n /= d;
        Some(n)
    }
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Ordering {
        (a * b).cmp(&(c * d))
    }
}

/// One player's payoffs as the positive integers the tableaux read (row-major `m × n`):
/// shifted so that the smallest is 1 and scaled by the common denominator, exactly as
/// [`integer_payoffs`] makes them, in `i128` when every one fits.
pub(super) enum IntegerPayoffs {
    /// Every payoff fits in `i128`.
    Machine(Vec<i128>),
    /// Some payoff does not.
    Big(Vec<BigInt>),
}

impl IntegerPayoffs {
    /// The integer payoffs of `player` (0 or 1) in a two-player game. Integer payoffs given as
    /// integers or integral floats are read from the floats (no rational per entry).
    ///
    /// # Errors
    /// [`Error::Solver`] if the memory for them cannot be had.
    pub(super) fn of(game: &Game, player: usize) -> Result<Self> {
        let data = game.payoff_slice();
        let count = data.len() / 2;
        let mine = || data.iter().skip(player).step_by(2).copied();
        let integral = |x: f64| x.trunc() == x && x.abs() <= MACHINE_PAYOFF;
        if !game.has_rational_payoffs() && mine().all(integral) {
            // Exactly integer_payoffs' values: x − min + 1 (no denominators).
            let min = mine().fold(f64::INFINITY, f64::min) as i128;
            let mut out = reserve(count)?;
            out.extend(mine().map(|x| x as i128 - min + 1));
            return Ok(Self::Machine(out));
        }
        let big = integer_payoffs(exact_bimatrix(game, player));
        let machine: Option<Vec<i128>> = big.iter().map(ToPrimitive::to_i128).collect();
        Ok(match machine {
            Some(v) => Self::Machine(v),
            None => Self::Big(big),
        })
    }
}

/// An empty vector with room for `len` items, or an error naming the memory.
fn reserve<T>(len: usize) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| {
        Error::Solver(format!(
            "Lemke-Howson (exact): not enough memory for {len} numbers of its tableaux; the \
             game is too large for exact arithmetic on this machine: use floats (exact=False)"
        ))
    })?;
    Ok(v)
}

/// `len` zeros, with fallible allocation.
fn zeros<T: Int>(len: usize) -> Result<Vec<T>> {
    let mut v = reserve(len)?;
    v.resize(len, T::zero());
    Ok(v)
}

/// Why a pivot stopped: a number overflowed the tableau's type (machine integers only; the
/// tableau is unchanged), or the path failed.
enum Halt {
    Overflow,
    Failed(Error),
}

impl From<Error> for Halt {
    fn from(e: Error) -> Self {
        Self::Failed(e)
    }
}

/// `Some(x)` or [`Halt::Overflow`].
fn fits<T>(x: Option<T>) -> std::result::Result<T, Halt> {
    x.ok_or(Halt::Overflow)
}

/// The room for `k` that the core starts with.
const INITIAL_CORE: usize = 8;

/// The revised integer tableau of one polytope in the arithmetic `T` (see the module docs).
pub(super) struct IntTableau<'a, T: Int + 'static> {
    /// The labels, `S`, `R`, `A = D·M⁻¹` and `D·z` of the basic structurals.
    basis: Basis<T>,
    /// `C`: entry `(i, j)` at `c[i * row_stride + j * col_stride]` (a view of the payoffs).
    c: Cow<'a, [T]>,
    row_stride: usize,
    col_stride: usize,
    /// `D = |det M|` (1 for the empty core).
    det: T,
    /// `D·s` of every row's slack (0 for tight rows).
    s: Vec<T>,
    /// Scratch: `D·u`, the entering column over `S`.
    u: Vec<T>,
    /// Scratch: `D·v`, the entering column over the slacks (0 on tight rows).
    v: Vec<T>,
    /// Scratch: the leaving slack's row of `D·B⁻¹` over the positions of `R`.
    w: Vec<T>,
    /// Scratch: the next `A`, the next `D·z` and the next `D·s`, stored when a pivot fits.
    next: Vec<T>,
    next_z: Vec<T>,
    next_s: Vec<T>,
    /// Scratch: candidates still tied in the ratio test.
    tied: Vec<Basic>,
}

impl<'a, T: Int + 'static> IntTableau<'a, T> {
    /// The tableau of `layout` whose structural column `j` (the `j`-th label outside the
    /// initial basis) in row `i` is `c[i * row_stride + j * col_stride]`.
    fn new(layout: &Layout, c: Cow<'a, [T]>, row_stride: usize, col_stride: usize) -> Result<Self> {
        let basis = Basis::new(layout, INITIAL_CORE, zeros)?;
        let (rows, stride) = (basis.rows, basis.stride);
        let mut s = reserve(rows)?;
        s.resize(rows, T::one());
        Ok(Self {
            c,
            row_stride,
            col_stride,
            det: T::one(),
            s,
            u: Vec::with_capacity(stride),
            v: zeros(rows)?,
            w: Vec::with_capacity(stride),
            next: zeros(stride * stride)?,
            next_z: Vec::with_capacity(stride),
            next_s: zeros(rows)?,
            tied: Vec::with_capacity(rows),
            basis,
        })
    }

    /// `C[i, j]`.
    #[inline(always)]
    fn coeff(&self, i: usize, j: usize) -> &T {
        &self.c[i * self.row_stride + j * self.col_stride]
    }
}

impl<T: Int + 'static> IntTableau<'_, T> {
    /// Fills `u` and `v` with `D` times the tableau column of `entering`.
    fn entering_column(&mut self, entering: Var) -> std::result::Result<(), Halt> {
        let k = self.basis.basic.len();
        let (stride, rows) = (self.basis.stride, self.basis.rows);
        let mut u = std::mem::take(&mut self.u);
        let mut v = std::mem::take(&mut self.v);
        u.clear();
        let result = (|| {
            let first = match entering {
                // D·u = A a_R; D·v_i = D·a_i − C[i, S] (D·u).
                Var::Structural(j) => {
                    for p in 0..k {
                        let term = |q: usize| {
                            (
                                &self.basis.inverse[q * stride + p],
                                self.coeff(self.basis.tight[q], j),
                            )
                        };
                        u.push(fits(T::dot(k, term))?);
                    }
                    Some(j)
                }
                // D·u = column q of A; D·v_i = −C[i, S] (D·u).
                Var::Slack(i) => {
                    let q = self.basis.pos_tight[i];
                    u.extend_from_slice(&self.basis.inverse[q * stride..q * stride + k]);
                    None
                }
            };
            let zero = T::zero();
            for (i, vi) in v.iter_mut().enumerate().take(rows) {
                *vi = if self.basis.pos_tight[i] != NONE {
                    T::zero()
                } else {
                    let (a, b) = match first {
                        Some(j) => (&self.det, self.coeff(i, j)),
                        None => (&zero, &zero),
                    };
                    let term = |p: usize| (self.coeff(i, self.basis.basic[p]), &u[p]);
                    fits(T::sub_dot(a, b, k, term))?
                };
            }
            Ok(())
        })();
        self.u = u;
        self.v = v;
        result
    }

    /// `D` times the entry of candidate `b` in the entering column.
    #[inline(always)]
    fn entry(&self, b: Basic) -> &T {
        match b {
            Basic::Structural(p) => &self.u[p],
            Basic::Slack(i) => &self.v[i],
        }
    }

    /// `D` times the value of candidate `b`.
    #[inline(always)]
    fn value(&self, b: Basic) -> &T {
        match b {
            Basic::Structural(p) => &self.basis.z[p],
            Basic::Slack(i) => &self.s[i],
        }
    }

    /// The kept part of row `i` of `D·B⁻¹` for a basic slack: `−C[i, S] A` over the positions
    /// of `R`, into `out`.
    fn slack_row(&self, i: usize, out: &mut Vec<T>) -> std::result::Result<(), Halt> {
        let (k, stride, zero) = (self.basis.basic.len(), self.basis.stride, T::zero());
        out.clear();
        for q in 0..k {
            let term = |p: usize| {
                (
                    self.coeff(i, self.basis.basic[p]),
                    &self.basis.inverse[q * stride + p],
                )
            };
            out.push(fits(T::sub_dot(&zero, &zero, k, term))?);
        }
        Ok(())
    }

    /// Row `b` of `D·B⁻¹`, over the initial basis' rows.
    fn inverse_row(&self, b: Basic) -> std::result::Result<Vec<T>, Halt> {
        let (k, stride) = (self.basis.basic.len(), self.basis.stride);
        let mut row = zeros(self.basis.rows)?;
        match b {
            Basic::Structural(p) => {
                for (q, &i) in self.basis.tight.iter().enumerate() {
                    row[i] = self.basis.inverse[q * stride + p].clone();
                }
            }
            Basic::Slack(home) => {
                let mut w = Vec::with_capacity(k);
                self.slack_row(home, &mut w)?;
                for (q, &i) in self.basis.tight.iter().enumerate() {
                    row[i] = std::mem::replace(&mut w[q], T::zero());
                }
                row[home] = self.det.clone();
            }
        }
        Ok(row)
    }

    /// The leaving candidate by the lexicographic minimum-ratio test on `u`, `v`: the least
    /// `value / entry` over the positive entries, ties broken by the rows of `B⁻¹` divided by
    /// the entry, column by column (as a dense tableau's slack columns; the minimum is unique).
    fn ratio_test(&mut self) -> std::result::Result<Basic, Halt> {
        let mut tied = std::mem::take(&mut self.tied);
        tied.clear();
        let candidates = (0..self.basis.basic.len())
            .filter(|&p| self.u[p].positive())
            .map(Basic::Structural)
            .chain(
                (0..self.basis.rows)
                    .filter(|&i| self.v[i].positive())
                    .map(Basic::Slack),
            );
        for b in candidates {
            let order = match tied.first() {
                None => Ordering::Less,
                // value_b / entry_b against value_t / entry_t (entries positive).
                Some(&t) => {
                    T::cmp_products(self.value(b), self.entry(t), self.value(t), self.entry(b))
                }
            };
            match order {
                Ordering::Less => {
                    tied.clear();
                    tied.push(b);
                }
                Ordering::Equal => tied.push(b),
                Ordering::Greater => {}
            }
        }
        let leaving = match tied.as_slice() {
            [] => {
                return Err(Halt::Failed(Error::Solver(
                    "Lemke-Howson (exact): no row can leave the basis, an unbounded ray, which \
                     the positive payoffs the method builds rule out; please report this game"
                        .into(),
                )));
            }
            &[b] => b,
            _ => {
                let mut keyed: Vec<(Basic, Vec<T>)> = Vec::with_capacity(tied.len());
                for &b in &tied {
                    keyed.push((b, self.inverse_row(b)?));
                }
                for col in 0..self.basis.rows {
                    if keyed.len() == 1 {
                        break;
                    }
                    let mut best = 0;
                    for t in 1..keyed.len() {
                        let ((b, kb), (c, kc)) = (&keyed[t], &keyed[best]);
                        let order =
                            T::cmp_products(&kb[col], self.entry(*c), &kc[col], self.entry(*b));
                        if order == Ordering::Less {
                            best = t;
                        }
                    }
                    let (c, kc) = (keyed[best].0, keyed[best].1[col].clone());
                    keyed.retain(|(b, kb)| {
                        T::cmp_products(&kb[col], self.entry(c), &kc, self.entry(*b))
                            == Ordering::Equal
                    });
                }
                keyed[0].0
            }
        };
        self.tied = tied;
        Ok(leaving)
    }

    /// Grows the basis's core matrix to hold a `k × k` core, and `next` with it.
    fn make_room(&mut self, k: usize) -> Result<()> {
        if let Some(stride) = self.basis.make_room(k, zeros)? {
            self.next = zeros(stride * stride)?;
        }
        Ok(())
    }

    /// Brings `entering` in for `leaving` (see the module docs). The new numbers are computed
    /// into `next`, `next_z` and `next_s` and stored only when all of them fit in `T`.
    fn pivot(&mut self, entering: Var, leaving: Basic) -> std::result::Result<(), Halt> {
        let k = self.basis.basic.len();
        if matches!((entering, leaving), (Var::Structural(_), Basic::Slack(_))) {
            self.make_room(k + 1)?;
        }
        let stride = self.basis.stride;
        let pivot = self.entry(leaving).clone();
        let value = self.value(leaving).clone();
        // The pivot row's entries in the columns of A: row p of A, or −C[i, S] A.
        let mut w = std::mem::take(&mut self.w);
        let computed = (|| {
            // Which column of A the entering slack frees (dropped or replaced).
            let freed = match entering {
                Var::Slack(i) => Some(self.basis.pos_tight[i]),
                Var::Structural(_) => None,
            };
            match leaving {
                Basic::Structural(p) => {
                    w.clear();
                    w.extend((0..k).map(|q| self.basis.inverse[q * stride + p].clone()));
                }
                Basic::Slack(i) => self.slack_row(i, &mut w)?,
            }
            for (q, wq) in w.iter().enumerate() {
                if Some(q) == freed {
                    continue;
                }
                for r in 0..k {
                    let x = &self.basis.inverse[q * stride + r];
                    self.next[q * stride + r] = if leaving == Basic::Structural(r) {
                        x.clone()
                    } else {
                        fits(T::combine(&pivot, x, &self.u[r], wq, &self.det))?
                    };
                }
            }
            self.next_z.clear();
            for r in 0..k {
                self.next_z.push(if leaving == Basic::Structural(r) {
                    value.clone()
                } else {
                    fits(T::combine(
                        &pivot,
                        &self.basis.z[r],
                        &self.u[r],
                        &value,
                        &self.det,
                    ))?
                });
            }
            for i in 0..self.basis.rows {
                self.next_s[i] = if self.basis.pos_tight[i] != NONE || leaving == Basic::Slack(i) {
                    T::zero()
                } else {
                    fits(T::combine(
                        &pivot, &self.s[i], &self.v[i], &value, &self.det,
                    ))?
                };
            }
            match (entering, leaving) {
                // A grows by a row and a column: −D·u, −C[i, S] A and D.
                (Var::Structural(_), Basic::Slack(_)) => {
                    for r in 0..k {
                        self.next[k * stride + r] = fits(self.u[r].neg())?;
                    }
                    for (q, wq) in w.iter().enumerate() {
                        self.next[q * stride + k] = wq.clone();
                    }
                    self.next[k * stride + k] = self.det.clone();
                }
                // Row i' replaces row i in M: its column starts as the leaving slack's unit
                // column, which the pivot turns into −D·u.
                (Var::Slack(_), Basic::Slack(_)) => {
                    let q = freed.expect("a slack enters");
                    for r in 0..k {
                        self.next[q * stride + r] = fits(self.u[r].neg())?;
                    }
                }
                _ => {}
            }
            Ok::<_, Halt>(())
        })();
        self.w = w;
        computed?;
        // Everything fits: store it.
        std::mem::swap(&mut self.basis.inverse, &mut self.next);
        std::mem::swap(&mut self.basis.z, &mut self.next_z);
        std::mem::swap(&mut self.s, &mut self.next_s);
        self.det = pivot;
        match (entering, leaving) {
            (Var::Structural(j), Basic::Structural(p)) => {
                self.basis.pos_basic[self.basis.basic[p]] = NONE;
                self.basis.basic[p] = j;
                self.basis.pos_basic[j] = p;
            }
            (Var::Structural(j), Basic::Slack(i)) => {
                self.basis.basic.push(j);
                self.basis.pos_basic[j] = k;
                self.basis.tight.push(i);
                self.basis.pos_tight[i] = k;
                self.basis.z.push(value);
            }
            (Var::Slack(i), Basic::Structural(p)) => {
                let q = self.basis.pos_tight[i];
                self.s[i] = std::mem::replace(&mut self.basis.z[p], T::zero());
                self.basis.remove_basic(p);
                self.basis.remove_tight(q);
            }
            (Var::Slack(i), Basic::Slack(i_out)) => {
                let q = self.basis.pos_tight[i];
                self.basis.tight[q] = i_out;
                self.basis.pos_tight[i] = NONE;
                self.basis.pos_tight[i_out] = q;
                self.s[i] = value;
            }
        }
        Ok(())
    }

    /// Brings the variable with `label` into the basis; the label of the one that left.
    fn enter(&mut self, label: usize) -> std::result::Result<usize, Halt> {
        let entering = self.basis.var[label];
        self.entering_column(entering)?;
        let leaving = self.ratio_test()?;
        let leaving_label = match leaving {
            Basic::Structural(p) => self.basis.structural_label[self.basis.basic[p]],
            Basic::Slack(i) => self.basis.slack_label[i],
        };
        self.pivot(entering, leaving)?;
        Ok(leaving_label)
    }

    /// The exact values of the variables with `labels`, normalised to sum to 1.
    fn rational_values(&self, labels: std::ops::Range<usize>) -> Vec<BigRational> {
        let raw: Vec<BigInt> = labels
            .map(|l| match self.basis.var[l] {
                Var::Structural(j) => match self.basis.pos_basic[j] {
                    NONE => BigInt::ZERO,
                    p => self.basis.z[p].to_big(),
                },
                Var::Slack(i) => self.s[i].to_big(),
            })
            .collect();
        let sum: BigInt = raw.iter().sum();
        raw.into_iter()
            .map(|x| BigRational::new(x, sum.clone()))
            .collect()
    }

    /// The same tableau in big integers.
    fn to_big(&self) -> Result<IntTableau<'static, BigInt>> {
        let big = |x: &[T]| -> Result<Vec<BigInt>> {
            let mut out = reserve(x.len())?;
            out.extend(x.iter().map(T::to_big));
            Ok(out)
        };
        let b = &self.basis;
        let basis = Basis {
            rows: b.rows,
            slack_label: b.slack_label.clone(),
            structural_label: b.structural_label.clone(),
            var: b.var.clone(),
            basic: b.basic.clone(),
            tight: b.tight.clone(),
            pos_basic: b.pos_basic.clone(),
            pos_tight: b.pos_tight.clone(),
            inverse: big(&b.inverse)?,
            stride: b.stride,
            max_core: b.max_core,
            z: big(&b.z)?,
        };
        Ok(IntTableau {
            c: Cow::Owned(big(&self.c)?),
            row_stride: self.row_stride,
            col_stride: self.col_stride,
            det: self.det.to_big(),
            s: big(&self.s)?,
            u: Vec::with_capacity(self.u.capacity()),
            v: zeros(self.basis.rows)?,
            w: Vec::with_capacity(self.w.capacity()),
            next: zeros(self.next.len())?,
            next_z: Vec::with_capacity(self.next_z.capacity()),
            next_s: zeros(self.basis.rows)?,
            tied: Vec::with_capacity(self.basis.rows),
            basis,
        })
    }
}

/// The exact tableau of one polytope: in machine integers until a number overflows them,
/// then in big integers.
pub(super) enum ExactTableau<'a> {
    Machine(IntTableau<'a, i128>),
    Big(IntTableau<'a, BigInt>),
}

impl<'a> ExactTableau<'a> {
    /// The tableau of `layout` whose structural column `j` in row `i` is entry
    /// `i * row_stride + j * col_stride` of `payoffs`.
    pub(super) fn new(
        layout: &Layout,
        payoffs: &'a IntegerPayoffs,
        row_stride: usize,
        col_stride: usize,
    ) -> Result<Self> {
        Ok(match payoffs {
            IntegerPayoffs::Machine(c) => Self::Machine(IntTableau::new(
                layout,
                Cow::Borrowed(c),
                row_stride,
                col_stride,
            )?),
            IntegerPayoffs::Big(c) => Self::Big(IntTableau::new(
                layout,
                Cow::Borrowed(c),
                row_stride,
                col_stride,
            )?),
        })
    }

    /// The exact values of the variables with `labels`, normalised to sum to 1.
    pub(super) fn rational_values(&self, labels: std::ops::Range<usize>) -> Vec<BigRational> {
        match self {
            Self::Machine(t) => t.rational_values(labels),
            Self::Big(t) => t.rational_values(labels),
        }
    }

    /// Whether the tableau is still held in machine integers.
    #[cfg(test)]
    fn is_machine(&self) -> bool {
        matches!(self, Self::Machine(_))
    }
}

impl Tableau for ExactTableau<'_> {
    /// An exact pivot costs microseconds in machine integers and up to milliseconds in big
    /// integers on large games: a stop is looked for at every one.
    const CHECK_EVERY: usize = 1;

    fn enter(&mut self, label: usize) -> Result<usize> {
        if let Self::Machine(t) = self {
            match t.enter(label) {
                Ok(leaving) => return Ok(leaving),
                Err(Halt::Failed(e)) => return Err(e),
                // The tableau is unchanged: redo the pivot in big integers.
                Err(Halt::Overflow) => *self = Self::Big(t.to_big()?),
            }
        }
        match self {
            Self::Big(t) => t.enter(label).map_err(|h| match h {
                Halt::Failed(e) => e,
                Halt::Overflow => Error::Solver(
                    "Lemke-Howson (exact): a big integer overflowed, which cannot happen; \
                     please report this game"
                        .into(),
                ),
            }),
            Self::Machine(_) => unreachable!("switched to big integers above"),
        }
    }

    fn values(&self, labels: std::ops::Range<usize>) -> Vec<f64> {
        super::to_f64(&self.rational_values(labels))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Layouts, follow};
    use super::*;
    use crate::rng::SplitMix64;
    use proptest::prelude::*;

    /// The dense integer tableau (von Stengel 2002, §3.5) that the revised one replaced, in
    /// big integers, written plainly: every column of `[C | I | 1]` kept and pivoted. The
    /// reference the revised tableau must follow pivot for pivot.
    struct Dense {
        width: usize,
        data: Vec<BigInt>,
        det: BigInt,
        basis: Vec<usize>,
        slack: Vec<usize>,
    }

    impl Dense {
        /// The tableau of `layout` with `C[i, j]` from `coeff`, as [`IntTableau::new`] reads it.
        fn new(layout: &Layout, coeff: impl Fn(usize, usize) -> BigInt) -> Self {
            let width = layout.labels + 1;
            let mut structural = 0..;
            let column: Vec<Option<usize>> = (0..layout.labels)
                .map(|l| (!layout.slack.contains(&l)).then(|| structural.next().unwrap()))
                .collect();
            let mut data = Vec::new();
            for (r, &s) in layout.slack.iter().enumerate() {
                for (l, j) in column.iter().enumerate() {
                    data.push(match j {
                        Some(j) => coeff(r, *j),
                        None => BigInt::from(i32::from(l == s)),
                    });
                }
                data.push(BigInt::one());
            }
            Self {
                width,
                data,
                det: BigInt::one(),
                basis: layout.slack.clone(),
                slack: layout.slack.clone(),
            }
        }

        fn at(&self, r: usize, c: usize) -> &BigInt {
            &self.data[r * self.width + c]
        }

        /// The exact values of `labels`, normalised.
        fn rational_values(&self, labels: std::ops::Range<usize>) -> Vec<BigRational> {
            let raw: Vec<BigInt> = labels
                .map(|l| match self.basis.iter().position(|&b| b == l) {
                    Some(r) => self.at(r, self.width - 1).clone(),
                    None => BigInt::ZERO,
                })
                .collect();
            let sum: BigInt = raw.iter().sum();
            raw.into_iter()
                .map(|x| BigRational::new(x, sum.clone()))
                .collect()
        }
    }

    impl Tableau for Dense {
        fn enter(&mut self, c: usize) -> Result<usize> {
            let rows = self.basis.len();
            let mut tied: Vec<usize> = (0..rows).filter(|&r| self.at(r, c).is_positive()).collect();
            // Minimum ratio on the right-hand side, then on each slack column in turn.
            let columns = std::iter::once(self.width - 1).chain(self.slack.iter().copied());
            for col in columns {
                let ratio =
                    |r: usize| BigRational::new(self.at(r, col).clone(), self.at(r, c).clone());
                let min = tied.iter().map(|&r| ratio(r)).min().unwrap();
                tied.retain(|&r| ratio(r) == min);
            }
            assert_eq!(tied.len(), 1, "the lexicographic minimum is unique");
            let r = tied[0];
            let p = self.at(r, c).clone();
            let w = self.width;
            let pivot_row: Vec<BigInt> = self.data[r * w..(r + 1) * w].to_vec();
            for i in (0..rows).filter(|&i| i != r) {
                let f = self.at(i, c).clone();
                for (x, y) in self.data[i * w..(i + 1) * w].iter_mut().zip(&pivot_row) {
                    *x = (&*x * &p - &f * y) / &self.det;
                }
            }
            self.det = p;
            Ok(std::mem::replace(&mut self.basis[r], c))
        }

        fn values(&self, _: std::ops::Range<usize>) -> Vec<f64> {
            unreachable!()
        }
    }

    /// The leaving labels of the path from `label` and whether it ended, alternating between
    /// `p` and `q` as [`follow`] does.
    fn path<T: Tableau>(p: &mut T, q: &mut T, label: usize, m: usize) -> Vec<usize> {
        let (mut current, mut other) = if label < m { (p, q) } else { (q, p) };
        let (mut entering, mut left) = (label, Vec::new());
        for _ in 0..10_000 {
            let leaving = current.enter(entering).unwrap();
            left.push(leaving);
            if leaving == label {
                return left;
            }
            entering = leaving;
            std::mem::swap(&mut current, &mut other);
        }
        panic!("no end within 10 000 pivots");
    }

    /// Payoffs `a`, `b` (positive integers, row-major `m × n`) in the given arithmetic.
    fn payoffs(v: &[i128], big: bool) -> IntegerPayoffs {
        if big {
            IntegerPayoffs::Big(v.iter().map(|&x| BigInt::from(x)).collect())
        } else {
            IntegerPayoffs::Machine(v.to_vec())
        }
    }

    /// The exact path from every label of the game `(a, b)`: the dense reference, then the
    /// revised tableau in machine and in big integers, pivot for pivot and at the end.
    fn compare_paths(
        m: usize,
        n: usize,
        a: &[i128],
        b: &[i128],
    ) -> std::result::Result<(), TestCaseError> {
        let layout = Layouts::new(m, n);
        for label in 0..m + n {
            let mut dp = Dense::new(&layout.p, |i, j| BigInt::from(b[j * n + i]));
            let mut dq = Dense::new(&layout.q, |i, j| BigInt::from(a[i * n + j]));
            let want = path(&mut dp, &mut dq, label, m);
            let want_end = [dp.rational_values(0..m), dq.rational_values(m..m + n)];
            for big in [false, true] {
                let (pa, pb) = (payoffs(a, big), payoffs(b, big));
                let mut p = ExactTableau::new(&layout.p, &pb, 1, n).unwrap();
                let mut q = ExactTableau::new(&layout.q, &pa, n, 1).unwrap();
                let got = path(&mut p, &mut q, label, m);
                prop_assert_eq!(&got, &want, "label {} (big: {})", label, big);
                let end = [p.rational_values(0..m), q.rational_values(m..m + n)];
                prop_assert_eq!(&end, &want_end);
            }
        }
        Ok(())
    }

    /// A random `m × n` game (positive integers), `values` distinct values per payoff.
    fn game() -> impl Strategy<Value = (usize, usize, Vec<i128>, Vec<i128>)> {
        (
            1usize..=7,
            1usize..=7,
            prop_oneof![Just(2i128), Just(3), Just(1000)],
        )
            .prop_flat_map(|(m, n, values)| {
                let entries = proptest::collection::vec(1..=values, m * n);
                (Just(m), Just(n), entries.clone(), entries)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Degenerate games (two or three payoff values: ties everywhere) and nondegenerate
        /// ones (values up to 1000): the revised tableau takes the dense one's path.
        #[test]
        fn revised_and_dense_paths_agree((m, n, a, b) in game()) {
            compare_paths(m, n, &a, &b)?;
        }
    }

    #[test]
    fn larger_games_agree_pivot_for_pivot() {
        // Supports grow and shrink along these paths; every label of each game.
        for (m, n, values, seed) in [(12, 10, 1000, 1), (15, 15, 3, 2), (20, 18, 200, 3)] {
            let mut rng = SplitMix64::for_stream(seed, 0);
            let mut draw = |len: usize| -> Vec<i128> {
                (0..len).map(|_| 1 + rng.below(values) as i128).collect()
            };
            let (a, b) = (draw(m * n), draw(m * n));
            compare_paths(m, n, &a, &b).unwrap();
        }
    }

    /// Checks from scratch, in rationals: `A M = D I`, `D z = A 1`, `D s = D − C (D z)`.
    fn check_invariants(t: &IntTableau<'_, BigInt>) {
        let k = t.basis.basic.len();
        let (d, st) = (&t.det, t.basis.stride);
        assert!(d.is_positive());
        for p in 0..k {
            for p2 in 0..k {
                let product: BigInt = (0..k)
                    .map(|q| {
                        &t.basis.inverse[q * st + p] * t.coeff(t.basis.tight[q], t.basis.basic[p2])
                    })
                    .sum();
                let want = if p == p2 { d.clone() } else { BigInt::ZERO };
                assert_eq!(product, want, "(A M)[{p}][{p2}]");
            }
            let z: BigInt = (0..k).map(|q| &t.basis.inverse[q * st + p]).sum();
            assert_eq!(z, t.basis.z[p]);
            assert!(!t.basis.z[p].is_negative());
        }
        for i in 0..t.basis.rows {
            let cz: BigInt = (0..k)
                .map(|p| t.coeff(i, t.basis.basic[p]) * &t.basis.z[p])
                .sum();
            assert_eq!(d - cz, t.s[i], "s[{i}]");
            assert!(!t.s[i].is_negative());
            assert_eq!(t.basis.pos_tight[i] != NONE, t.basis.tight.contains(&i));
        }
    }

    #[test]
    fn random_pivots_keep_the_adjugate_and_the_values_exact() {
        for (rows, cols, seed) in [(1, 1, 1), (3, 5, 2), (6, 4, 3), (9, 9, 4), (12, 20, 5)] {
            let mut rng = SplitMix64::for_stream(seed, 1);
            let c: Vec<BigInt> = (0..rows * cols)
                .map(|_| BigInt::from(1 + rng.below(50)))
                .collect();
            let layout = Layout {
                labels: rows + cols,
                slack: (0..rows).collect(),
            };
            let mut t = IntTableau::new(&layout, Cow::Borrowed(&c), cols, 1).unwrap();
            let mut cases = [0; 4];
            for _ in 0..600 {
                let nonbasic: Vec<usize> = (0..rows + cols)
                    .filter(|&l| match t.basis.var[l] {
                        Var::Slack(i) => t.basis.pos_tight[i] != NONE,
                        Var::Structural(j) => t.basis.pos_basic[j] == NONE,
                    })
                    .collect();
                let (structural, slack): (Vec<usize>, Vec<usize>) =
                    nonbasic.iter().partition(|&&l| l >= rows);
                let pool = if slack.is_empty() || (!structural.is_empty() && rng.below(4) > 0) {
                    structural
                } else {
                    slack
                };
                let label = pool[rng.below(pool.len())];
                let leaving = t.enter(label).unwrap_or_else(|_| panic!("pivot failed"));
                check_invariants(&t);
                cases[usize::from(label < rows) * 2 + usize::from(leaving < rows)] += 1;
            }
            // [column replaced, grown, shrunk, row replaced] (3x5 rarely replaces a row).
            if rows.min(cols) > 3 {
                assert!(
                    cases.iter().all(|&n| n > 0),
                    "{rows}x{cols}: cases {cases:?}"
                );
            }
        }
    }

    #[test]
    fn overflowing_pivots_switch_to_big_integers_and_agree() {
        // Entries near 2^100: the first products leave 128 bits (computed in 256) and the
        // results soon leave i128; the path then goes on in big integers, as the dense
        // reference does.
        let (m, n) = (6, 6);
        let mut rng = SplitMix64::for_stream(5, 0);
        let mut draw = || (1i128 << 100) + ((rng.below(1 << 30) as i128) << 70);
        let a: Vec<i128> = (0..m * n).map(|_| draw()).collect();
        let b: Vec<i128> = (0..m * n).map(|_| draw()).collect();
        compare_paths(m, n, &a, &b).unwrap();
        let layout = Layouts::new(m, n);
        let (pa, pb) = (payoffs(&a, false), payoffs(&b, false));
        let mut switched = 0;
        for label in 0..m + n {
            let mut p = ExactTableau::new(&layout.p, &pb, 1, n).unwrap();
            let mut q = ExactTableau::new(&layout.q, &pa, n, 1).unwrap();
            assert!(p.is_machine() && q.is_machine());
            assert!(follow(&mut p, &mut q, label, m, 1000).unwrap());
            switched += usize::from(!p.is_machine()) + usize::from(!q.is_machine());
        }
        assert!(switched > 0, "no tableau switched");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Integral floats read without rationals give exactly the integers that
        /// `integer_payoffs` makes from the exact payoffs; below 2^120 in machine integers.
        #[test]
        fn integer_payoffs_read_from_floats_are_the_exact_ones(
            (m, n, v, shift) in (1usize..=5, 1usize..=5, 0i32..=200).prop_flat_map(|(m, n, shift)| {
                (Just(m), Just(n), proptest::collection::vec(-1000i64..=1000, 2 * m * n), Just(shift))
            })
        ) {
            let values: Vec<f64> = v.iter().map(|&x| x as f64 * 2f64.powi(shift)).collect();
            let machine = values.iter().all(|x| x.abs() <= MACHINE_PAYOFF);
            let g = Game::new(
                ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[m, n, 2]), values).unwrap(),
            )
            .unwrap();
            for player in 0..2 {
                let want = integer_payoffs(exact_bimatrix(&g, player));
                let got: Vec<BigInt> = match IntegerPayoffs::of(&g, player).unwrap() {
                    IntegerPayoffs::Machine(v) => v.into_iter().map(BigInt::from).collect(),
                    IntegerPayoffs::Big(v) => {
                        prop_assert!(!machine, "payoffs below 2^120 are machine integers");
                        v
                    }
                };
                prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn machine_arithmetic_is_exact_at_its_limits() {
        let (max, min) = (i128::MAX, i128::MIN);
        // Products beyond 128 bits, results within.
        assert_eq!(i128::combine(&max, &max, &0, &0, &max), Some(max));
        assert_eq!(i128::combine(&max, &max, &1, &max, &max), Some(max - 1));
        assert_eq!(i128::combine(&max, &2, &1, &2, &2), Some(max - 1));
        assert_eq!(i128::combine(&max, &max, &0, &0, &1), None);
        assert_eq!(i128::dot(2, |t| [(&max, &2), (&max, &-2)][t]), Some(0));
        assert_eq!(i128::sub_dot(&max, &3, 1, |_| (&max, &2)), Some(max));
        assert_eq!(i128::sub_dot(&min, &1, 1, |_| (&1, &1)), None);
        assert_eq!(i128::cmp_products(&max, &max, &min, &min), Ordering::Less);
        assert_eq!(
            i128::cmp_products(&max, &3, &(max / 3), &9),
            Ordering::Greater
        );
        assert_eq!(i128::neg(&min), None);
        // The 64-bit shortcuts agree with 128-bit arithmetic at their edges.
        let (lo, hi) = (i128::from(i64::MIN), i128::from(i64::MAX));
        assert_eq!(mul(lo, lo), Some(1 << 126));
        assert_eq!(mul(hi + 1, lo), Some(-(1 << 126)));
        assert_eq!(mul(1 << 64, 1 << 63), None);
        assert_eq!(
            (div(-7, 2), div(lo, 3), div(lo - 1, 3)),
            (-3, lo / 3, (lo - 1) / 3)
        );
    }
}
