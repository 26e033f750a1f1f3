//! The sequence of linear programs of Maschler, Peleg & Shapley (1979) that computes the
//! nucleolus (Schmeidler 1969) and the prenucleolus, with constraint generation.
//!
//! Stage `k` minimises the largest excess `e(S, x) = v(S) − x(S)` over the coalitions not
//! yet fixed, keeping the coalitions fixed at earlier stages at their excess:
//!
//! `min t  s.t.  x(S) + t ≥ v(S) (S free),  x(S) = v(S) − t_j (S fixed at stage j),
//! x(N) = v(N)`, and `x_i ≥ v({i})` for the nucleolus (imputations).
//!
//! **Which coalitions to fix.** After stage `k` reaches its optimum `t_k`, the coalitions
//! fixed are those tight in *every* optimal solution, not merely in the vertex the simplex
//! method returned: fixing a coalition that is tight at one optimal vertex only cuts the
//! optimal face and gives a wrong nucleolus on degenerate games. They are found by a second
//! kind of LP: with `t = t_k`, maximise the sum of slacks `s_S ∈ [0, 1]` of a set of candidate
//! coalitions (tight at the vertex found); a candidate with positive slack at the optimum is
//! not always tight and leaves the candidates; once the optimum is 0 no remaining candidate
//! can be slack, so each is tight in every optimal solution. Candidates are taken a basis at
//! a time (a maximal independent set relative to the coalitions already fixed): a tight
//! coalition whose vector lies in the span of always-tight ones has its excess fixed over the
//! whole optimal face, hence is always tight too. Each slack LP's solution is optimal, so every
//! candidate slack there (not only those of the basis tested) leaves at once: on degenerate
//! games, where thousands of coalitions tie, a stage takes a few LPs. For the nucleolus, the bounds `x_i ≥ v({i})`
//! are candidates in the same way, and fixed (`x_i = v({i})`) when always tight. Coalitions in
//! the span of the fixed ones (and `N`) have a constant excess from then on and leave the
//! later stages. The sequence ends when the fixed coalitions determine `x` (rank `n`).
//!
//! **Constraint generation.** Only a working set of coalitions enters each LP (at first the
//! singletons and their complements); after each solve, all `2ⁿ` excesses are scanned in
//! parallel (`x(S)` from two tables of partial sums over the low and high halves of the
//! players, so `O(1)` per coalition and `O(2^{n/2})` memory), and the most violated
//! coalitions join the working set until none is violated. Coalitions in the span of the
//! fixed ones are recognised during the scan by two random vectors orthogonal to that span.
//!
//! Values are scaled to a largest absolute value of 1 inside the LPs.

use rayon::prelude::*;

use super::TUGame;
use super::linalg::{FloatEchelon, indicator, solve_float};
use crate::error::{Error, Result};
use crate::interrupt;
use crate::lp::{LinearProgram, Relation};
use crate::rng::SplitMix64;

/// Excess above the LP's `t` that counts as a violation (scaled units).
const VIOLATION: f64 = 1e-9;
/// Excess below `t_k` within which a coalition is a candidate for being tight.
const TIGHT: f64 = 1e-8;
/// Slack above which a candidate is not always tight.
const SLACK: f64 = 1e-7;
/// Coalitions per block of the parallel scan.
const BLOCK: usize = 1 << 14;

/// One stage of the sequence: the coalitions it fixed at its optimal largest excess.
#[derive(Debug, Clone)]
pub(crate) struct Stage {
    /// The coalitions tight in every optimal solution, fixed at excess `t`.
    pub coalitions: Vec<usize>,
}

/// The outcome of the sequence.
#[derive(Debug, Clone)]
pub(crate) struct Sequence {
    /// The (pre)nucleolus in floats.
    pub x: Vec<f64>,
    pub stages: Vec<Stage>,
    /// Players fixed at `x_i = v({i})` (nucleolus only).
    pub bounds: Vec<usize>,
    pub lp_solves: usize,
}

/// `x(S)` for every `S` from two half tables.
struct Sums {
    k: usize,
    low: Vec<f64>,
    high: Vec<f64>,
}

impl Sums {
    fn new(x: &[f64]) -> Self {
        let n = x.len();
        let k = n / 2;
        let table = |part: &[f64]| {
            let mut t = vec![0.0; 1 << part.len()];
            for s in 1..t.len() {
                let i = s.trailing_zeros() as usize;
                t[s] = t[s & (s - 1)] + part[i];
            }
            t
        };
        Self {
            k,
            low: table(&x[..k]),
            high: table(&x[k..]),
        }
    }

    #[inline]
    fn of(&self, s: usize) -> f64 {
        self.low[s & ((1 << self.k) - 1)] + self.high[s >> self.k]
    }
}

/// A stage's optimum, its vertex, and the coalitions and bounds tight on the optimal face.
type StageOutcome = (f64, Vec<f64>, Vec<usize>, Vec<usize>);

/// The state of the computation.
struct Solver<'a> {
    game: &'a TUGame,
    n: usize,
    scale: f64,
    imputation: bool,
    /// Working set of free coalitions.
    active: Vec<usize>,
    in_active: std::collections::HashSet<usize>,
    /// Fixed rows kept in the LPs (independent): (coalition, t in scaled units).
    fixed_rows: Vec<(usize, f64)>,
    /// Span of the fixed coalitions, `N` and the fixed bounds.
    span: FloatEchelon,
    /// Two random vectors orthogonal to `span`, as partial-sum tables (None once the span
    /// is everything).
    excluders: Option<(Sums, Sums)>,
    bounds: Vec<usize>,
    lp_solves: usize,
    lower_t: f64,
}

impl<'a> Solver<'a> {
    fn v(&self, s: usize) -> f64 {
        self.game.value(s) / self.scale
    }

    fn new(game: &'a TUGame, imputation: bool) -> Self {
        let n = game.num_players();
        let grand = game.grand();
        let mut span = FloatEchelon::new(n);
        span.insert(vec![1.0; n]);
        let mut solver = Self {
            game,
            n,
            scale: game.scale(),
            imputation,
            active: Vec::new(),
            in_active: Default::default(),
            fixed_rows: Vec::new(),
            span,
            excluders: None,
            bounds: Vec::new(),
            lp_solves: 0,
            lower_t: -4.0 * (n as f64 + 2.0),
        };
        for i in 0..n {
            solver.activate(1 << i);
            solver.activate(grand ^ (1 << i));
        }
        solver.update_excluders();
        solver
    }

    fn activate(&mut self, s: usize) {
        if s != 0 && s != self.game.grand() && self.in_active.insert(s) {
            self.active.push(s);
        }
    }

    fn update_excluders(&mut self) {
        let basis = self.span.complement();
        if basis.is_empty() {
            self.excluders = None;
            return;
        }
        let mut rng = SplitMix64::for_stream(0x5EED, self.span.rank() as u64);
        let mut random = || {
            let mut w = vec![0.0; self.n];
            for z in &basis {
                let g = rng.open01() * 2.0 - 1.0;
                for (a, b) in w.iter_mut().zip(z) {
                    *a += g * b;
                }
            }
            let top = w.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
            w.iter()
                .map(|x| x / top.max(f64::MIN_POSITIVE))
                .collect::<Vec<_>>()
        };
        let (a, b) = (random(), random());
        self.excluders = Some((Sums::new(&a), Sums::new(&b)));
        let excluded: Vec<usize> = self
            .active
            .iter()
            .copied()
            .filter(|&s| self.excluded(s))
            .collect();
        for s in excluded {
            self.in_active.remove(&s);
        }
        let keep = &self.in_active;
        self.active.retain(|s| keep.contains(s));
    }

    /// Whether `s` lies in the span of the fixed coalitions (its excess is determined).
    #[inline]
    fn excluded(&self, s: usize) -> bool {
        match &self.excluders {
            None => true,
            Some((a, b)) => a.of(s).abs() <= 1e-9 && b.of(s).abs() <= 1e-9,
        }
    }

    /// Free coalitions with excess above `threshold` at `x`, the `limit` largest first.
    fn scan(&self, x: &[f64], threshold: f64, limit: usize) -> Result<Vec<(f64, usize)>> {
        let sums = Sums::new(x);
        let grand = self.game.grand();
        let token = interrupt::current();
        let blocks: Vec<Vec<(f64, usize)>> = (0..(grand + 1).div_ceil(BLOCK))
            .into_par_iter()
            .map(|b| {
                interrupt::within(token.as_ref(), interrupt::check)?;
                let mut found = Vec::new();
                // Raise the block's threshold as it fills, keeping its `limit` largest.
                let mut floor = threshold;
                let values = self.game.values();
                let inverse = 1.0 / self.scale;
                let lo = (b * BLOCK).max(1);
                let hi = ((b + 1) * BLOCK).min(grand);
                for (s, value) in values.iter().enumerate().take(hi).skip(lo) {
                    let e = value * inverse - sums.of(s);
                    if e > floor && !self.excluded(s) {
                        found.push((e, s));
                        if found.len() >= 2 * limit.min(1 << 20) && limit < usize::MAX / 2 {
                            found.select_nth_unstable_by(limit - 1, |a, b| b.0.total_cmp(&a.0));
                            found.truncate(limit);
                            floor = floor.max(found[limit - 1].0);
                        }
                    }
                }
                if found.len() > limit {
                    found.select_nth_unstable_by(limit, |a, b| b.0.total_cmp(&a.0));
                    found.truncate(limit);
                }
                Ok(found)
            })
            .collect::<Result<_>>()?;
        let mut all: Vec<(f64, usize)> = blocks.into_iter().flatten().collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        all.truncate(limit);
        Ok(all)
    }

    /// The LP's variables (x then t) and its fixed rows; `t_fixed` makes `t` a constant.
    fn base_lp(&self, t_fixed: Option<f64>, skip_bounds: &[usize]) -> LinearProgram {
        let mut lp = LinearProgram::new();
        for i in 0..self.n {
            let vi = self.v(1 << i);
            let (lo, hi) = if self.bounds.contains(&i) {
                (vi, vi)
            } else if self.imputation && !skip_bounds.contains(&i) {
                (vi, f64::INFINITY)
            } else {
                (f64::NEG_INFINITY, f64::INFINITY)
            };
            lp.add_variable(lo, hi, 0.0);
        }
        match t_fixed {
            Some(t) => lp.add_variable(t, t, 0.0),
            None => lp.add_variable(self.lower_t, f64::INFINITY, 1.0),
        };
        lp.add_dense_row(
            0,
            &vec![1.0; self.n],
            Relation::Eq,
            self.v(self.game.grand()),
        );
        for &(s, t) in &self.fixed_rows {
            lp.add_row(
                TUGame::members(s).map(|i| (i, 1.0)),
                Relation::Eq,
                self.v(s) - t,
            );
        }
        lp
    }

    fn row(&self, lp: &mut LinearProgram, s: usize, extra: Option<usize>) {
        let t = self.n;
        let terms = TUGame::members(s)
            .map(|i| (i, 1.0))
            .chain(std::iter::once((t, 1.0)))
            .chain(extra.map(|j| (j, -1.0)));
        lp.add_row(terms, Relation::Ge, self.v(s));
    }

    /// Solves `lp` (after `add_rows` adds the working set's rows) with constraint generation
    /// at threshold `t + VIOLATION`; returns the solution.
    fn solve_generating(
        &mut self,
        build: &dyn Fn(&Self) -> LinearProgram,
        maximise: bool,
    ) -> Result<Vec<f64>> {
        loop {
            interrupt::check()?;
            let lp = build(self);
            self.lp_solves += 1;
            let outcome = if maximise {
                lp.maximise()?
            } else {
                lp.minimise()?
            };
            let sol = outcome.optimal("a nucleolus LP")?;
            let x = &sol.values[..self.n];
            let t = sol.values[self.n];
            let limit = (4 * self.n).max(32);
            let violated = self.scan(x, t + VIOLATION, limit)?;
            if violated.is_empty() {
                return Ok(sol.values);
            }
            for (_, s) in violated {
                self.activate(s);
            }
        }
    }

    /// One stage: its optimum and the coalitions and bounds tight in every optimal solution.
    fn stage(&mut self) -> Result<StageOutcome> {
        let stage_lp = |me: &Self| {
            let mut lp = me.base_lp(None, &[]);
            for &s in &me.active {
                me.row(&mut lp, s, None);
            }
            lp
        };
        let sol = self.solve_generating(&stage_lp, false)?;
        let t = sol[self.n];
        let x: Vec<f64> = sol[..self.n].to_vec();
        // Candidates: free coalitions (and bounds) tight at this vertex.
        let mut remaining: Vec<usize> = self
            .scan(&x, t - TIGHT, usize::MAX)?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        let mut bound_candidates: Vec<usize> = if self.imputation {
            (0..self.n)
                .filter(|i| !self.bounds.contains(i) && x[*i] - self.v(1 << *i) <= TIGHT)
                .collect()
        } else {
            Vec::new()
        };
        for &s in &remaining {
            self.activate(s);
        }
        let mut span = self.span.clone();
        let mut tight = Vec::new();
        let mut tight_bounds = Vec::new();
        let relaxed = t + VIOLATION * 0.1;
        loop {
            // Candidates in the span of the always-tight ones have a constant excess over
            // the optimal face, t_k at this vertex: always tight.
            let (inside, outside): (Vec<usize>, Vec<usize>) = remaining
                .iter()
                .partition(|&&s| span.contains(indicator(s, self.n)));
            tight.extend(inside);
            // Test a maximal independent set of the others (and the bounds) this round.
            let mut probe = span.clone();
            let (mut basis, mut rest): (Vec<usize>, Vec<usize>) = outside
                .iter()
                .partition(|&&s| probe.insert(indicator(s, self.n)));
            let mut bounds_left = std::mem::take(&mut bound_candidates);
            if basis.is_empty() && bounds_left.is_empty() {
                break;
            }
            // Drop candidates with slack until none can be slack.
            loop {
                let slack_lp = |me: &Self| {
                    let mut lp = me.base_lp(Some(relaxed), &bounds_left);
                    let first = lp.num_variables();
                    lp.add_variables(basis.len() + bounds_left.len(), 0.0, 1.0, 1.0);
                    for &s in &me.active {
                        match basis.iter().position(|&b| b == s) {
                            Some(k) => me.row(&mut lp, s, Some(first + k)),
                            None => me.row(&mut lp, s, None),
                        }
                    }
                    for (k, &i) in bounds_left.iter().enumerate() {
                        lp.add_row(
                            [(i, 1.0), (first + basis.len() + k, -1.0)],
                            Relation::Ge,
                            me.v(1 << i),
                        );
                    }
                    lp
                };
                let sol = self.solve_generating(&slack_lp, true)?;
                // Every candidate slack at this (optimal) solution is not always tight: on
                // degenerate games (simple games with vetoes) this drops thousands of tied
                // coalitions per LP instead of at most a basis of them.
                let xs = &sol[..self.n];
                rest.retain(|&s| {
                    let paid: f64 = (0..self.n).filter(|i| s >> i & 1 == 1).map(|i| xs[i]).sum();
                    self.v(s) - paid >= t - SLACK
                });
                let slack = &sol[self.n + 1..];
                let before = basis.len() + bounds_left.len();
                let nb = basis.len();
                let mut k = 0;
                basis.retain(|_| {
                    k += 1;
                    slack[k - 1] <= SLACK
                });
                let mut k = 0;
                bounds_left.retain(|_| {
                    k += 1;
                    slack[nb + k - 1] <= SLACK
                });
                let left = basis.len() + bounds_left.len();
                if left == before || left == 0 {
                    break;
                }
            }
            for &s in &basis {
                span.insert(indicator(s, self.n));
                tight.push(s);
            }
            for &i in &bounds_left {
                let mut e = vec![0.0; self.n];
                e[i] = 1.0;
                span.insert(e);
                tight_bounds.push(i);
            }
            remaining = rest;
        }
        Ok((t, x, tight, tight_bounds))
    }
}

/// Runs the sequence on `game`: the nucleolus (`imputation = true`) or the prenucleolus.
pub(crate) fn run(game: &TUGame, imputation: bool) -> Result<Sequence> {
    let n = game.num_players();
    if imputation {
        let mut terms: Vec<(usize, i64)> = (0..n).map(|i| (1 << i, 1)).collect();
        terms.push((game.grand(), -1));
        if game.sign(&terms) == std::cmp::Ordering::Greater {
            return Err(Error::InvalidArgument(
                "the imputation set is empty (the players' values v({i}) add up to more than \
                 v(N)), so the nucleolus is undefined; the prenucleolus (prenucleolus()) is \
                 defined for every game"
                    .into(),
            ));
        }
    }
    let mut solver = Solver::new(game, imputation);
    let mut stages = Vec::new();
    let mut x = vec![0.0; n];
    while solver.span.rank() < n {
        if stages.len() > 2 * n + 2 {
            return Err(Error::Solver(
                "the nucleolus LP sequence did not converge (numerical trouble)".into(),
            ));
        }
        let (t, sx, tight, tight_bounds) = solver.stage()?;
        x = sx;
        if tight.is_empty() && tight_bounds.is_empty() {
            return Err(Error::Solver(format!(
                "stage {} of the nucleolus LP sequence found no coalition tight in every \
                 optimal solution (numerical trouble)",
                stages.len() + 1
            )));
        }
        for &s in &tight {
            if solver.span.insert(indicator(s, n)) {
                solver.fixed_rows.push((s, t));
            }
        }
        for &i in &tight_bounds {
            let mut e = vec![0.0; n];
            e[i] = 1.0;
            solver.span.insert(e);
            solver.bounds.push(i);
        }
        solver.update_excluders();
        stages.push(Stage { coalitions: tight });
    }
    // x from the square system of the fixed rows, N and the fixed bounds.
    let mut a = vec![vec![1.0; n]];
    let mut b = vec![solver.v(game.grand())];
    for &(s, t) in &solver.fixed_rows {
        a.push(indicator(s, n));
        b.push(solver.v(s) - t);
    }
    for &i in &solver.bounds {
        let mut e = vec![0.0; n];
        e[i] = 1.0;
        a.push(e);
        b.push(solver.v(1 << i));
    }
    if a.len() == n
        && let Some(sol) = solve_float(a, b)
    {
        x = sol;
    }
    Ok(Sequence {
        x: x.iter().map(|v| v * solver.scale).collect(),
        stages,
        bounds: solver.bounds,
        lp_solves: solver.lp_solves,
    })
}
