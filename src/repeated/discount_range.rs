//! The discount factors at which a profile of automata is subgame perfect:
//!
//! The method is described on [`SpeDiscountRange`].

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use serde::{Deserialize, Serialize};

use super::chain::{Chain, gauss};
use super::polynomial::{Poly, RealRoot, compare_or_equal, descartes_unit, refine, roots_in_unit};
use super::{Automaton, RepeatedGame};
use crate::error::{Error, Result};
use crate::format;
use crate::interrupt;
use crate::report::{Cell, Labels, Report, Table, Validate, invalid};

/// The most joint states of a profile with mixed outputs whose discount range is computed
/// (the values are interpolated from that many exact solves, and the constraints' degree
/// grows with it).
pub const MAX_SYMBOLIC_MIXED: usize = 16;

/// The most joint states of a pure profile whose discount range is computed: the
/// constraints' degree grows with the cycles and paths of the profile, and exact root
/// isolation (above all, recognising equal roots of different constraints) with the degree.
pub const MAX_SYMBOLIC_PURE: usize = 36;

/// One interval of discount factors, with exact ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscountInterval {
    /// The lower end.
    pub low: RealRoot,
    /// The upper end (1, open, when the interval reaches up to 1).
    pub high: RealRoot,
    /// Whether the lower end belongs to the interval.
    pub low_closed: bool,
    /// Whether the upper end belongs to the interval.
    pub high_closed: bool,
}

impl DiscountInterval {
    /// Whether `delta` lies in the interval.
    pub fn contains(&self, delta: &BigRational) -> bool {
        let above = match self.low.cmp_rational(delta) {
            Ordering::Less => true,
            Ordering::Equal => self.low_closed,
            Ordering::Greater => false,
        };
        let below = match self.high.cmp_rational(delta) {
            Ordering::Greater => true,
            Ordering::Equal => self.high_closed,
            Ordering::Less => false,
        };
        above && below
    }

    /// Whether the interval is a single point.
    pub fn is_point(&self) -> bool {
        self.low == self.high
    }

    /// The interval as a person writes it: `[1/2, 1)`, `{2/3}`, `(0.2679…, 1)` (an irrational
    /// end as a float).
    pub fn text(&self) -> String {
        let end = |r: &RealRoot| match r {
            RealRoot::Rational(x) => format::rational(x),
            RealRoot::Algebraic(_) => format!("{}…", format::number(r.to_f64())),
        };
        if self.is_point() {
            return format!("{{{}}}", end(&self.low));
        }
        format!(
            "{}{}, {}{}",
            if self.low_closed { "[" } else { "(" },
            end(&self.low),
            end(&self.high),
            if self.high_closed { "]" } else { ")" }
        )
    }
}

/// The set of common discount factors `δ ∈ [0, 1)` at which a profile is subgame perfect
/// ([`RepeatedGame::spe_discount_range`]): a union of disjoint intervals in increasing order,
/// possibly empty or a single point.
///
/// [`RepeatedGame::spe_discount_range`].
///
/// With one discount factor `δ` for every player (the continuation probability `p` fixed,
/// `β = δ p`), every value of the profile is a rational function of `δ`, and so is every
/// one-shot deviation constraint `V_i(s) - Q_i(s, b) >= 0` of [`SpeCheck`](super::SpeCheck). Multiplied by
/// its positive denominator, each becomes a polynomial inequality `g(δ) >= 0` with rational
/// coefficients:
///
/// - pure profiles: a joint state's value is `N(β) / S(β)` with `S(β) = Σ_{k<C} β^k` for the
///   length `C` of the cycle its path ends in, and `N(β) = Σ_k β^k u(y_k)` on the cycle,
///   `N(s) = (1 - β) u(s) S + β N(next(s))` before it; so
///   `g = N(s) S(s') - (1 - β) u S(s) S(s') - β N(s') S(s)` for the deviation's next state `s'`;
/// - mixed profiles: `V = N / D` with `D(β) = det(I - β P) > 0` on `[0, 1)` and `N` the
///   numerators of Cramer's rule, both of degree at most the number `m` of joint states,
///   obtained exactly by interpolation from `m + 1` exact solves; then
///   `g = N(s) - E[(1 - β) u D + β N(s')]`.
///
/// The set where every `g >= 0` is a union of intervals whose ends are roots of the `g`s in
/// `[0, 1)`: the roots are isolated exactly (Sturm sequences of the square-free parts,
/// rational bisection, rational roots found exactly; equal roots of different constraints
/// recognised by the gcd of their polynomials), and
/// each point root and each open piece between consecutive roots is tested exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeDiscountRange {
    /// The intervals, in increasing order.
    pub intervals: Vec<DiscountInterval>,
    /// The number of distinct one-shot deviation constraints (polynomials in `δ`).
    pub constraints: usize,
    /// The continuation probability held fixed.
    pub continuation: BigRational,
}

impl SpeDiscountRange {
    /// Whether no discount factor makes the profile subgame perfect.
    pub fn is_empty(&self) -> bool {
        self.intervals.is_empty()
    }

    /// Whether the profile is subgame perfect at the common discount factor `delta`.
    pub fn contains(&self, delta: &BigRational) -> bool {
        self.intervals.iter().any(|i| i.contains(delta))
    }
}

impl RepeatedGame {
    /// The common discount factors `δ ∈ [0, 1)` (the same for every player; the continuation
    /// probability held fixed, so players weight the next period by `δ p`) at which a profile of
    /// automata is subgame perfect: empty, a point, an interval or a union of them, with
    /// exact ends (rational, or a root of a polynomial with a rational bracket). The game's
    /// own discount factors are ignored. Stage payoffs are taken exactly (floats at their
    /// binary value). See [`SpeDiscountRange`] for the method.
    ///
    /// # Errors
    /// As [`RepeatedGame::payoffs`]; [`Error::InvalidArgument`] for a finite horizon (not
    /// supported) and for more joint states than [`MAX_SYMBOLIC_PURE`] (pure profiles) or
    /// [`MAX_SYMBOLIC_MIXED`] (mixed ones).
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{Automaton, RepeatedGame};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let grim = Automaton::pure(vec!["c".into(), "p".into()], vec![0, 1],
    ///                            vec![vec![0, 1, 1, 1], vec![1; 4]], vec![2, 2], 0)?;
    /// let range = RepeatedGame::new(pd, 0.9)?.spe_discount_range(&[&grim, &grim])?;
    /// assert_eq!(range.intervals.len(), 1);
    /// assert_eq!(range.intervals[0].text(), "[1/2, 1)");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn spe_discount_range(&self, strategies: &[&Automaton]) -> Result<SpeDiscountRange> {
        if let Some(t) = self.horizon() {
            return Err(Error::InvalidArgument(format!(
                "spe_discount_range: the game has a finite horizon ({t} periods), which is not \
                 supported; check single discount factors with is_spe, or drop the horizon"
            )));
        }
        let chain = Chain::<BigRational>::new(self, strategies)?;
        let m = chain.len();
        let pure = chain.is_pure();
        let limit = if pure {
            MAX_SYMBOLIC_PURE
        } else {
            MAX_SYMBOLIC_MIXED
        };
        if m > limit {
            return Err(Error::InvalidArgument(format!(
                "strategies: {m} reachable joint states is more than the {limit} whose discount \
                 range is computed exactly for {} profiles; use smaller automata",
                if pure { "pure" } else { "mixed" }
            )));
        }
        let raw = if pure {
            pure_constraints(&chain)?
        } else {
            mixed_constraints(&chain)?
        };
        let p = self.exact_continuation().clone();
        let mut constraints: Vec<Poly> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for g in raw {
            let g = g.compose_scale(&p).primitive();
            if !g.is_zero() && seen.insert(g.clone()) {
                constraints.push(g);
            }
        }
        let intervals = feasible_set(&constraints)?;
        Ok(SpeDiscountRange {
            intervals,
            constraints: constraints.len(),
            continuation: p,
        })
    }
}

fn q(x: &BigRational) -> Poly {
    Poly::constant(x.clone())
}

fn one_minus_x() -> Poly {
    Poly::linear(BigRational::one(), -BigRational::one())
}

fn x() -> Poly {
    Poly::linear(BigRational::zero(), BigRational::one())
}

/// The constraints of a pure profile, as polynomials in `β`.
fn pure_constraints(chain: &Chain<BigRational>) -> Result<Vec<Poly>> {
    let m = chain.len();
    let n = chain.n;
    let profile: Vec<usize> = (0..m).map(|s| chain.pure_profile(s).unwrap_or(0)).collect();
    let succ: Vec<usize> = (0..m).map(|s| chain.next(s, profile[s])).collect();
    // The cycle each state's path ends in: states in order, and S per state.
    let mut den: Vec<Option<Poly>> = vec![None; m];
    let mut cycle_of: Vec<Vec<usize>> = Vec::new();
    let mut cycle_id = vec![usize::MAX; m];
    let mut order: Vec<usize> = Vec::new(); // tree states, each after its successor
    let mut mark = vec![0u8; m];
    for start in 0..m {
        if mark[start] == 2 {
            continue;
        }
        let mut walk = Vec::new();
        let mut s = start;
        while mark[s] == 0 {
            mark[s] = 1;
            walk.push(s);
            s = succ[s];
        }
        let mut end = walk.len();
        if mark[s] == 1 {
            let at = walk.iter().position(|&y| y == s).unwrap_or(0);
            let cycle = walk[at..].to_vec();
            let s_c = Poly::new(vec![BigRational::one(); cycle.len()]);
            for &y in &cycle {
                den[y] = Some(s_c.clone());
                cycle_id[y] = cycle_of.len();
                mark[y] = 2;
            }
            cycle_of.push(cycle);
            end = at;
        }
        for k in (0..end).rev() {
            let y = walk[k];
            den[y] = den[succ[y]].clone();
            order.push(y);
            mark[y] = 2;
        }
    }
    let den: Vec<Poly> = den.into_iter().map(Option::unwrap_or_default).collect();
    let mut out = Vec::new();
    for i in 0..n {
        interrupt::check()?;
        let u = |s: usize| chain.u[profile[s] * n + i].clone();
        let mut num = vec![Poly::zero(); m];
        for cycle in &cycle_of {
            let c = cycle.len();
            for j in 0..c {
                let coeffs = (0..c).map(|k| u(cycle[(j + k) % c])).collect();
                num[cycle[j]] = Poly::new(coeffs);
            }
        }
        for &y in &order {
            num[y] = one_minus_x()
                .mul(&q(&u(y)))
                .mul(&den[y])
                .add(&x().mul(&num[succ[y]]));
        }
        for s in 0..m {
            interrupt::check()?;
            let played = chain.decode(profile[s])[i];
            let base = profile[s] - played * chain.strides[i];
            for b in (0..chain.shape[i]).filter(|&b| b != played) {
                let a = base + b * chain.strides[i];
                let t = chain.next(s, a);
                let ub = &chain.u[a * n + i];
                let g = num[s]
                    .mul(&den[t])
                    .sub(&one_minus_x().mul(&q(ub)).mul(&den[s]).mul(&den[t]))
                    .sub(&x().mul(&num[t]).mul(&den[s]));
                out.push(g);
            }
        }
    }
    Ok(out)
}

/// The polynomial of degree `< xs.len()` through the points `(xs[j], ys[j])` (Lagrange).
fn interpolate(xs: &[BigRational], ys: &[BigRational]) -> Poly {
    let mut total = Poly::zero();
    for (j, (xj, yj)) in xs.iter().zip(ys).enumerate() {
        if yj.is_zero() {
            continue;
        }
        let mut term = q(yj);
        for (k, xk) in xs.iter().enumerate() {
            if k != j {
                let d = (xj - xk).recip();
                term = term.mul(&Poly::linear(-xk * &d, d));
            }
        }
        total = total.add(&term);
    }
    total
}

/// The constraints of a profile with mixed outputs, as polynomials in `β`.
fn mixed_constraints(chain: &Chain<BigRational>) -> Result<Vec<Poly>> {
    let m = chain.len();
    let n = chain.n;
    let dists: Vec<Vec<(usize, BigRational)>> = (0..m).map(|s| chain.profiles(s)).collect();
    let points: Vec<BigRational> = (0..=m)
        .map(|j| BigRational::new(BigInt::from(j), BigInt::from(m + 2)))
        .collect();
    // dets[j], nums[i][s][j].
    let mut dets = Vec::with_capacity(points.len());
    let mut nums = vec![vec![Vec::with_capacity(points.len()); m]; n];
    for beta in &points {
        let mut a = vec![BigRational::zero(); m * m];
        for s in 0..m {
            a[s * m + s] = BigRational::one();
            for (prof, p) in &dists[s] {
                let t = chain.next(s, *prof);
                a[s * m + t] -= beta * p;
            }
        }
        let mut det = BigRational::zero();
        for (i, rows) in nums.iter_mut().enumerate() {
            interrupt::check()?;
            let b: Vec<BigRational> = (0..m)
                .map(|s| {
                    let r: BigRational = dists[s]
                        .iter()
                        .map(|(prof, p)| p * &chain.u[prof * n + i])
                        .sum();
                    (BigRational::one() - beta) * r
                })
                .collect();
            let (v, d) = gauss(m, a.clone(), b)
                .ok_or_else(|| Error::Solver("I - βP is singular, which cannot happen".into()))?;
            det = d;
            for (row, x) in rows.iter_mut().zip(&v) {
                row.push(x * &det);
            }
        }
        dets.push(det);
    }
    let d = interpolate(&points, &dets);
    let mut out = Vec::new();
    for (i, rows) in nums.iter().enumerate() {
        let num: Vec<Poly> = rows.iter().map(|ys| interpolate(&points, ys)).collect();
        for s in 0..m {
            interrupt::check()?;
            let others = chain.others(s, i);
            for b in 0..chain.shape[i] {
                let mut g = num[s].clone();
                for (base, p) in &others {
                    let a = base + b * chain.strides[i];
                    let t = chain.next(s, a);
                    let now = one_minus_x().mul(&q(&chain.u[a * n + i])).mul(&d);
                    g = g.sub(&now.add(&x().mul(&num[t])).scale(p));
                }
                out.push(g);
            }
        }
    }
    Ok(out)
}

/// The lower and upper rational bounds of a root: itself, or its bracket's ends.
fn bounds(r: &RealRoot) -> (BigRational, BigRational) {
    match r {
        RealRoot::Rational(x) => (x.clone(), x.clone()),
        RealRoot::Algebraic(a) => (a.low.clone(), a.high.clone()),
    }
}

/// A rational strictly between two roots `x < y`, refining their brackets as needed.
fn between(x: &mut RealRoot, y: &mut RealRoot) -> BigRational {
    let two = BigRational::from_integer(2.into());
    loop {
        let (_, hx) = bounds(x);
        let (ly, _) = bounds(y);
        let (ax, ay) = (
            matches!(x, RealRoot::Algebraic(_)),
            matches!(y, RealRoot::Algebraic(_)),
        );
        // Two rationals need no refinement (and allow none).
        if hx < ly || (ax && ay && hx == ly) || !(ax || ay) {
            return (hx + ly) / &two;
        }
        // Shrink whichever bracket is wider.
        let wx = {
            let (l, h) = bounds(x);
            h - l
        };
        let wy = {
            let (l, h) = bounds(y);
            h - l
        };
        if wx >= wy {
            refine(x, &(wx / &two));
        } else {
            refine(y, &(wy / &two));
        }
    }
}

/// Whether every constraint holds at the root `r`, at which exactly the constraints
/// `vanish` are zero and whose bracket holds no root of any other constraint.
fn holds_at_root(constraints: &[Poly], r: &RealRoot, vanish: &[usize]) -> bool {
    match r {
        RealRoot::Rational(x) => constraints.iter().all(|g| g.sign_at(x) >= 0),
        RealRoot::Algebraic(a) => {
            let mid = (&a.low + &a.high) / BigRational::from_integer(2.into());
            constraints
                .iter()
                .enumerate()
                .all(|(c, g)| vanish.contains(&c) || g.sign_at(&mid) > 0)
        }
    }
}

/// The set where every constraint is `>= 0`, within `[0, 1)`.
fn feasible_set(constraints: &[Poly]) -> Result<Vec<DiscountInterval>> {
    let zero = BigRational::zero();
    let one = BigRational::one();
    // Every root in [0, 1] of every constraint, merged when equal, with the constraints that
    // vanish there.
    let mut marks: Vec<(RealRoot, Vec<usize>)> = Vec::new();
    for (c, g) in constraints.iter().enumerate() {
        interrupt::check()?;
        if g.degree() == 0 {
            continue;
        }
        // Descartes' bound first: most constraints have no root in (0, 1) or a single one,
        // which needs neither the square-free part nor a Sturm sequence.
        // Roots at 0 and 1 are divided out first (constraints often vanish at δ = 1).
        let mut h = g.clone();
        let mut found = Vec::new();
        while h.degree() >= 1 && h.sign_at(&zero) == 0 {
            h = h.div_rem(&x()).0;
            if found.is_empty() {
                found.push(RealRoot::Rational(zero.clone()));
            }
        }
        let x_minus_one = Poly::linear(-one.clone(), one.clone());
        while h.degree() >= 1 && h.sign_at(&one) == 0 {
            h = h.div_rem(&x_minus_one).0;
        }
        if h.degree() >= 1 {
            let h = h.monic();
            match descartes_unit(&h) {
                0 => {}
                // One simple root in (0, 1): rational if linear or found by the rational root
                // theorem, otherwise bracketed by (0, 1) itself.
                1 => found.extend(roots_in_unit(&h)?),
                _ => found.extend(roots_in_unit(&h.square_free())?),
            }
        }
        for mut r in found {
            interrupt::check()?;
            let mut k = marks.len();
            let mut merged = false;
            while k > 0 {
                match compare_or_equal(&mut marks[k - 1].0, &mut r) {
                    Ordering::Greater => k -= 1,
                    Ordering::Equal => {
                        marks[k - 1].1.push(c);
                        merged = true;
                        break;
                    }
                    Ordering::Less => break,
                }
            }
            if !merged {
                marks.insert(k, (r, vec![c]));
            }
        }
    }
    // The marks: 0, then the roots in (0, 1), then 1.
    marks.retain(|r| r.0.cmp_rational(&one) == Ordering::Less);
    if marks
        .first()
        .is_none_or(|r| r.0.cmp_rational(&zero) != Ordering::Equal)
    {
        marks.insert(0, (RealRoot::Rational(zero.clone()), Vec::new()));
    }
    marks.push((RealRoot::Rational(one.clone()), Vec::new()));
    let (mut roots, vanish): (Vec<RealRoot>, Vec<Vec<usize>>) = marks.into_iter().unzip();
    // Sample points strictly between consecutive marks; then shrink each bracket inside them.
    let mut samples = Vec::with_capacity(roots.len());
    for k in 0..roots.len() - 1 {
        let (left, right) = roots.split_at_mut(k + 1);
        samples.push(between(&mut left[k], &mut right[0]));
    }
    for (k, r) in roots.iter_mut().enumerate() {
        if let RealRoot::Algebraic(a) = r {
            if k > 0 && samples[k - 1] > a.low {
                a.low = samples[k - 1].clone();
            }
            if k < samples.len() && samples[k] < a.high {
                a.high = samples[k].clone();
            }
        }
    }
    // Cells: mark k (a point) and the open piece after it, for every mark but the last (1).
    let mut intervals: Vec<DiscountInterval> = Vec::new();
    let mut open: Option<(RealRoot, bool)> = None;
    for k in 0..roots.len() - 1 {
        interrupt::check()?;
        let at_point = holds_at_root(constraints, &roots[k], &vanish[k]);
        let after = constraints.iter().all(|g| g.sign_at(&samples[k]) >= 0);
        let mark = &roots[k];
        match (&open, at_point) {
            (None, true) => open = Some((mark.clone(), true)),
            (Some((low, closed)), false) => {
                intervals.push(DiscountInterval {
                    low: low.clone(),
                    high: mark.clone(),
                    low_closed: *closed,
                    high_closed: false,
                });
                open = None;
            }
            _ => {}
        }
        match (&open, after) {
            (None, true) => open = Some((mark.clone(), false)),
            (Some((low, closed)), false) => {
                intervals.push(DiscountInterval {
                    low: low.clone(),
                    high: mark.clone(),
                    low_closed: *closed,
                    high_closed: true,
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some((low, closed)) = open {
        intervals.push(DiscountInterval {
            low,
            high: RealRoot::Rational(one),
            low_closed: closed,
            high_closed: false,
        });
    }
    // Floats to full precision: narrow the brackets of irrational ends.
    let width = BigRational::new(1.into(), BigInt::one() << 64);
    for i in &mut intervals {
        refine(&mut i.low, &width);
        refine(&mut i.high, &width);
    }
    Ok(intervals)
}

impl Report for SpeDiscountRange {
    fn summary(&self, _labels: &Labels) -> String {
        if self.intervals.is_empty() {
            return format!(
                "subgame perfect at no discount factor in [0, 1) ({} constraints)",
                self.constraints
            );
        }
        let parts: Vec<String> = self.intervals.iter().map(DiscountInterval::text).collect();
        format!(
            "subgame perfect for δ in {} ({} constraints)",
            parts.join(" ∪ "),
            self.constraints
        )
    }

    /// One row per interval: `low`, `low_exact` (missing when irrational), `low_closed`,
    /// `high`, `high_exact`, `high_closed`.
    fn table(&self, _labels: &Labels) -> Table {
        let mut t = Table::new([
            "low",
            "low_exact",
            "low_closed",
            "high",
            "high_exact",
            "high_closed",
        ]);
        let exact = |r: &RealRoot| r.exact().cloned().map_or(Cell::Missing, Cell::Exact);
        for i in &self.intervals {
            t.push(vec![
                i.low.to_f64().into(),
                exact(&i.low),
                i.low_closed.into(),
                i.high.to_f64().into(),
                exact(&i.high),
                i.high_closed.into(),
            ]);
        }
        t
    }
}

impl Validate for SpeDiscountRange {
    fn check_fields(&self, _labels: &Labels) -> Result<()> {
        for i in &self.intervals {
            for r in [&i.low, &i.high] {
                if let RealRoot::Algebraic(a) = r
                    && !(a.low < a.high && a.polynomial.len() >= 2)
                {
                    return Err(invalid(
                        "intervals",
                        "hold an algebraic end with an empty bracket or a constant polynomial",
                    ));
                }
            }
            if i.is_point() && !(i.low_closed && i.high_closed) {
                return Err(invalid(
                    "intervals",
                    "hold a single point that is not closed",
                ));
            }
        }
        Ok(())
    }
}
