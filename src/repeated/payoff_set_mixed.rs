//! The equilibrium payoff set of a two-player repeated game when the players may play
//! **mixed** stage actions: [`RepeatedGame::equilibrium_payoff_set_with`](super::RepeatedGame::equilibrium_payoff_set_with) with
//! [`StageActions::Mixed`].
//!
//! # The model
//! Perfect monitoring of the realized pure actions, public randomization, and players who may
//! mix in the stage game. A mixed profile `α = (α_1, α_2)` with supports `S_1 × S_2`, with a
//! continuation payoff `w(a) ∈ W` for every realized profile `a ∈ S_1 × S_2`, is
//! *enforceable* on `W` when every player is indifferent between the actions of her support,
//!
//! ```text
//! (1-δ) u_i(a_i, α_-i) + δ Σ_a-i α_-i(a_-i) w_i(a_i, a_-i) = v_i   for every a_i ∈ S_i,
//! ```
//!
//! and no action outside the support does better when its use (which is observed) is
//! followed by the deviator's worst continuation `t_i` in `W`:
//! `(1-δ) u_i(a_i', α_-i) + δ t_i <= v_i` for `a_i' ∉ S_i`. Pure deviations suffice, as a
//! player's payoff is linear in her own mixture. The payoff `v = Σ_a α(a) [(1-δ) g(a) + δ w(a)]`
//! is then *generated* by `W` (Abreu, Pearce & Stacchetti 1990, with mixed actions as in
//! Fudenberg & Tirole 1991, ch. 5.5). For a fixed `α` and `W` a polygon (half-planes), the
//! largest generated `d · v` in a direction `d` is a linear program in the `w(a)`, solved
//! with the crate's LP backend (good_lp).
//!
//! # The family of mixed profiles
//! The union over all `α` is not convex in `α`, so the set is computed for a finite family
//! `F_k`: every profile whose probabilities are multiples of `1/k` (`k` = `grid`) on each
//! player's simplex, plus the stage game's Nash equilibria (extreme equilibria, exactly as
//! [`enumerate_all`] finds them), plus each player's mixed
//! minmax punishing profile (the punishers' mixture and the punished player's pure best
//! reply). The pure profiles are always in (they are handled by Abreu and Sannikov's exact
//! construction). Deviations are unrestricted (any pure action).
//!
//! * With [`PayoffSetMethod::AbreuSannikov`] the
//!   answer is an **inner** approximation of `V(F_k)`, the set of subgame-perfect
//!   equilibrium payoffs of the repeated game whose on-path stage play is restricted to
//!   `F_k`: each iteration takes the pure profiles' exact candidates and, for the mixed
//!   profiles, the optimal payoffs of the programs above in `directions` fixed directions,
//!   and their convex hull. The limit generates each of its vertices from itself (it is
//!   self-generating, so all its points are equilibrium payoffs — of the restricted game,
//!   hence of the unrestricted one), and it contains the pure-action set. Since
//!   `F_k ⊆ F_2k`, the set grows with `k` (up to the tolerance); every vertex carries a
//!   [`PayoffSetWitness`].
//! * With [`PayoffSetMethod::Outer`] the answer is an
//!   **outer** approximation of `V(F_k)` (Judd, Yeltekin & Conklin 2003, the support value
//!   of each profile of `F_k` being its program's optimum).
//!
//! Neither bounds the set `V` of the unrestricted mixed-action game from outside; the result's
//! `outer_bound` does, trivially: the feasible set cut by the mixed-minmax individual
//! rationality constraints (which `V` lies in, and which `V` approaches as `δ → 1` by the folk
//! theorem).
//!
//! The worst continuation `t_i` is the larger of player `i`'s lowest payoff in `W` and her
//! mixed minmax (no equilibrium of either game pays less). The programs are solved in floating
//! point; each solution is checked (continuations inside `W`, indifference and deviation
//! constraints, to `1e-7` of the largest payoff) before its payoff is used by the inner
//! method, and the tolerance is at least [`MIXED_MIN_TOL`].

use std::collections::HashMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::minmax::minmax;
use super::payoff_set::{EPS, EPS_INCENTIVE, Iterated, Stage, lowest, settled};
use super::polygon::{self, Point};
use super::{
    EquilibriumPayoffSet, MinmaxKind, PayoffSetMethod, PayoffSetOptions, abreu_sannikov, outer,
};
use crate::error::{Error, Result, choose};
use crate::game::Game;
use crate::interrupt;
use crate::lp::{LinearProgram, Outcome, Relation};
use crate::solve::{EnumerateOptions, enumerate_all};

/// Which stage actions [`RepeatedGame::equilibrium_payoff_set_with`](super::RepeatedGame::equilibrium_payoff_set_with)
/// lets the players use on the equilibrium path.
///
/// # Example
/// ```
/// use detente::repeated::StageActions;
///
/// assert_eq!("mixed".parse::<StageActions>()?, StageActions::Mixed);
/// assert_eq!(StageActions::default().name(), "pure");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum StageActions {
    /// Pure stage actions only (the default).
    #[default]
    Pure,
    /// Mixed stage actions from a finite family (a grid of step `1/grid`, the stage game's
    /// Nash equilibria and the minmax punishers): see [`payoff_set_mixed`](self).
    Mixed,
}

impl StageActions {
    /// `"pure"` or `"mixed"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pure => "pure",
            Self::Mixed => "mixed",
        }
    }
}

impl FromStr for StageActions {
    type Err = Error;

    /// Reads `"pure"` or `"mixed"`.
    fn from_str(s: &str) -> Result<Self> {
        choose(
            "actions",
            s,
            &[("pure", Self::Pure), ("mixed", Self::Mixed)],
        )
    }
}

/// How a vertex of a mixed-action payoff set is generated: the stage profile played and the
/// continuation payoff after each realized pure profile of its support.
///
/// The vertex is `Σ_a α(a) [(1-δ) g(a) + δ w(a)]` over the support's profiles `a`, every
/// player is indifferent between the actions of her support and no other action pays more
/// when followed by her lowest payoff in the set. The `w(a)` lie in the previous iterate: in
/// the returned set within the tolerance when it converged (the tests check all of this
/// independently).
///
/// # Example
/// ```
/// use detente::repeated::{PayoffSetMethod, PayoffSetOptions, RepeatedGame, StageActions};
/// use detente::Game;
/// use ndarray::array;
///
/// // Matching pennies: the only equilibrium payoff is (0, 0), from mixing half-half.
/// let mp = Game::from_bimatrix(array![[1.0, -1.0], [-1.0, 1.0]].view(),
///                              array![[-1.0, 1.0], [1.0, -1.0]].view())?;
/// let v = RepeatedGame::new(mp, 0.9)?.equilibrium_payoff_set_with(
///     &PayoffSetOptions::new(PayoffSetMethod::AbreuSannikov).with_actions(StageActions::Mixed))?;
/// let w = &v.witnesses.as_ref().unwrap()[0];
/// assert_eq!(w.strategies, [vec![0.5, 0.5], vec![0.5, 0.5]]);
/// assert_eq!(w.profiles.len(), 4);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayoffSetWitness {
    /// Each player's stage strategy (probabilities over her actions).
    pub strategies: [Vec<f64>; 2],
    /// The pure profiles `[a_1, a_2]` of the support, row-major.
    pub profiles: Vec<[usize; 2]>,
    /// The continuation payoff after each of those profiles.
    pub continuations: Vec<[f64; 2]>,
}

/// The largest `grid`.
pub const MAX_GRID: usize = 1000;

/// The most mixed profiles in the family (the grid's, the equilibria and the punishers).
pub const MAX_MIXED_PROFILES: usize = 50_000;

/// The most `profiles × support size` (the size of one iteration's linear programs, summed).
pub const MAX_MIXED_WORK: usize = 2_000_000;

/// The smallest tolerance of the mixed-action iteration, relative to the largest payoff: the
/// linear programs are solved to about `1e-9`.
pub const MIXED_MIN_TOL: f64 = 1e-8;

/// Slack of the check of a program's solution, in units of the largest payoff.
const VERIFY: f64 = 1e-7;

/// A mixed profile of the family, in the scaled payoffs of a [`Stage`].
pub(crate) struct Mixed {
    pub p: [Vec<f64>; 2],
    pub support: [Vec<usize>; 2],
    /// `u_1(a_1, α_2)` for every `a_1`, and `u_2(α_1, a_2)` for every `a_2`.
    pub against: [Vec<f64>; 2],
    /// The expected payoffs `g(α)`.
    pub g: Point,
    /// Each player's best payoff against the other's mixture.
    pub best: Point,
}

impl Mixed {
    fn new(stage: &Stage, n: [usize; 2], p: [Vec<f64>; 2]) -> Self {
        let support: [Vec<usize>; 2] =
            [0, 1].map(|i| (0..n[i]).filter(|&a| p[i][a] > 0.0).collect());
        let u = |a1: usize, a2: usize| stage.payoffs[a1 * n[1] + a2];
        let against = [
            (0..n[0])
                .map(|a1| (0..n[1]).map(|a2| p[1][a2] * u(a1, a2)[0]).sum())
                .collect::<Vec<f64>>(),
            (0..n[1])
                .map(|a2| (0..n[0]).map(|a1| p[0][a1] * u(a1, a2)[1]).sum())
                .collect::<Vec<f64>>(),
        ];
        let g = [
            (0..n[0]).map(|a1| p[0][a1] * against[0][a1]).sum(),
            (0..n[1]).map(|a2| p[1][a2] * against[1][a2]).sum(),
        ];
        let best = [0, 1].map(|i| against[i].iter().copied().fold(f64::NEG_INFINITY, f64::max));
        Self {
            p,
            support,
            against,
            g,
            best,
        }
    }

    fn is_pure(&self) -> bool {
        self.support[0].len() == 1 && self.support[1].len() == 1
    }

    /// The observable-mixture incentive point: `t + (1-δ)/δ · (best - g)`.
    fn incentive(&self, threat: Point, ratio: f64) -> Point {
        [0, 1].map(|i| threat[i] + ratio * (self.best[i] - self.g[i]).max(0.0))
    }

    /// Whether the profile is a Nash equilibrium of the stage game (within `eps`).
    fn is_equilibrium(&self, eps: f64) -> bool {
        (0..2).all(|i| self.best[i] <= self.g[i] + eps)
    }
}

/// `C(k + n - 1, n - 1)`, the number of points of the simplex of `n` actions with
/// probabilities in multiples of `1/k`, saturating.
pub(crate) fn grid_size(n: usize, k: usize) -> u128 {
    let mut c: u128 = 1;
    for j in 1..n as u128 {
        // C(k + j, j) = C(k + j - 1, j - 1) · (k + j) / j
        c = match c.checked_mul(k as u128 + j) {
            Some(x) => x / j,
            None => return u128::MAX,
        };
    }
    c
}

/// Every composition of `k` into `n` non-negative parts, divided by `k`.
fn simplex_grid(n: usize, k: usize) -> Vec<Vec<f64>> {
    let mut out = Vec::new();
    let mut parts = vec![0usize; n];
    fn rec(j: usize, left: usize, k: usize, parts: &mut Vec<usize>, out: &mut Vec<Vec<f64>>) {
        let n = parts.len();
        if j == n - 1 {
            parts[j] = left;
            out.push(parts.iter().map(|&x| x as f64 / k as f64).collect());
            return;
        }
        for x in (0..=left).rev() {
            parts[j] = x;
            rec(j + 1, left - x, k, parts, out);
        }
    }
    rec(0, k, k, &mut parts, &mut out);
    out
}

/// The family `F_k` without its pure profiles, refusing before allocating when it is too
/// large. `extra` are the equilibria and punishers to add.
pub(crate) fn family(game: &Game, stage: &Stage, grid: usize) -> Result<Vec<Mixed>> {
    let n = [game.shape()[0], game.shape()[1]];
    if !(1..=MAX_GRID).contains(&grid) {
        return Err(Error::InvalidArgument(format!(
            "grid: {grid} is not in 1..={MAX_GRID}; give the denominator k of the mixed \
             strategies' probabilities (multiples of 1/k), e.g. 4"
        )));
    }
    let counts = [grid_size(n[0], grid), grid_size(n[1], grid)];
    let profiles = counts[0].saturating_mul(counts[1]);
    let work = profiles.saturating_mul((n[0] * n[1]) as u128);
    if profiles > MAX_MIXED_PROFILES as u128 || work > MAX_MIXED_WORK as u128 {
        return Err(Error::InvalidArgument(format!(
            "grid: k = {grid} gives {} x {} = {profiles} mixed profiles of the {}x{} stage game \
             (each a linear program of up to {} continuation pairs per iteration), more than \
             the {MAX_MIXED_PROFILES} profiles or {MAX_MIXED_WORK} profile-cells detente \
             handles; give a smaller grid",
            counts[0],
            counts[1],
            n[0],
            n[1],
            n[0] * n[1]
        )));
    }
    let grids = [simplex_grid(n[0], grid), simplex_grid(n[1], grid)];
    let mut out: Vec<Mixed> = Vec::new();
    out.try_reserve(profiles as usize + 16).map_err(|_| {
        Error::InvalidArgument(format!(
            "grid: the {profiles} mixed profiles of k = {grid} need more memory than is available"
        ))
    })?;
    for (c, p1) in grids[0].iter().enumerate() {
        if c % 64 == 63 {
            interrupt::check()?;
        }
        for p2 in &grids[1] {
            let m = Mixed::new(stage, n, [p1.clone(), p2.clone()]);
            if !m.is_pure() {
                out.push(m);
            }
        }
    }
    // The stage game's extreme Nash equilibria and the mixed minmax punishers.
    let mut extra: Vec<[Vec<f64>; 2]> = Vec::new();
    let all = enumerate_all(
        game,
        EnumerateOptions {
            exact: false,
            ..EnumerateOptions::default()
        },
    )?;
    for e in all.equilibria {
        extra.push([e.strategies[0].clone(), e.strategies[1].clone()]);
    }
    let mm = minmax(game, MinmaxKind::Mixed)?;
    for s in mm.strategies {
        extra.push([s[0].clone(), s[1].clone()]);
    }
    for p in extra {
        let near = |q: &[Vec<f64>; 2]| {
            (0..2).all(|i| p[i].iter().zip(&q[i]).all(|(x, y)| (x - y).abs() <= 1e-12))
        };
        if out.iter().any(|m| near(&m.p)) {
            continue;
        }
        let m = Mixed::new(stage, n, p);
        if !m.is_pure() {
            out.push(m);
        }
    }
    Ok(out)
}

/// How a candidate point is generated.
#[derive(Clone)]
enum Source {
    Pure { k: usize, c: Point },
    Mixed { m: usize, conts: Vec<Point> },
}

/// The best payoff generated by `w` with profile `m` in direction `d` (the program of the
/// module docs), with the continuations, or `None` when `m` is not enforceable on `w`.
/// `Err` when the backend fails.
fn program(
    stage: &Stage,
    n: [usize; 2],
    m: &Mixed,
    w: &[Point],
    threat: Point,
    delta: f64,
    d: Point,
) -> Result<Option<(Point, Vec<Point>)>> {
    let ratio = (1.0 - delta) / delta;
    let cells: Vec<[usize; 2]> = m.support[0]
        .iter()
        .flat_map(|&a1| m.support[1].iter().map(move |&a2| [a1, a2]))
        .collect();
    let mut lp = LinearProgram::new();
    let mut vars = Vec::with_capacity(cells.len());
    for c in &cells {
        let pr = m.p[0][c[0]] * m.p[1][c[1]];
        let x = lp.add_variable(-4.0, 4.0, delta * pr * d[0]);
        let y = lp.add_variable(-4.0, 4.0, delta * pr * d[1]);
        vars.push([x, y]);
    }
    // w(a) ∈ W.
    for v in &vars {
        let [x, y] = *v;
        match w.len() {
            0 => return Ok(None),
            1 => {
                lp.add_row([(x, 1.0)], Relation::Eq, w[0][0]);
                lp.add_row([(y, 1.0)], Relation::Eq, w[0][1]);
            }
            2 => {
                let (p, q) = (w[0], w[1]);
                let (a, b) = (-(q[1] - p[1]), q[0] - p[0]);
                lp.add_row([(x, a), (y, b)], Relation::Eq, a * p[0] + b * p[1]);
                let (e0, e1) = (q[0] - p[0], q[1] - p[1]);
                lp.add_row([(x, e0), (y, e1)], Relation::Ge, e0 * p[0] + e1 * p[1]);
                lp.add_row([(x, e0), (y, e1)], Relation::Le, e0 * q[0] + e1 * q[1]);
            }
            len => {
                for k in 0..len {
                    let (p, q) = (w[k], w[(k + 1) % len]);
                    let (a, b) = (-(q[1] - p[1]), q[0] - p[0]);
                    lp.add_row([(x, a), (y, b)], Relation::Ge, a * p[0] + b * p[1]);
                }
            }
        }
    }
    let index = |a1: usize, a2: usize| -> usize {
        let j1 = m.support[0].iter().position(|&x| x == a1).unwrap_or(0);
        let j2 = m.support[1].iter().position(|&x| x == a2).unwrap_or(0);
        j1 * m.support[1].len() + j2
    };
    // Player i's rows: the averages of her continuations after each of her support actions.
    for i in 0..2 {
        let other = 1 - i;
        let own = &m.support[i];
        let first = own[0];
        let terms = |ai: usize, sign: f64| -> Vec<(usize, f64)> {
            m.support[other]
                .iter()
                .map(|&ao| {
                    let (a1, a2) = if i == 0 { (ai, ao) } else { (ao, ai) };
                    (vars[index(a1, a2)][i], sign * m.p[other][ao])
                })
                .collect()
        };
        for &ai in &own[1..] {
            let mut t = terms(ai, 1.0);
            t.extend(terms(first, -1.0));
            lp.add_row(
                t,
                Relation::Eq,
                ratio * (m.against[i][first] - m.against[i][ai]),
            );
        }
        let outside = (0..n[i])
            .filter(|a| !own.contains(a))
            .map(|a| m.against[i][a])
            .fold(f64::NEG_INFINITY, f64::max);
        if outside.is_finite() {
            lp.add_row(
                terms(first, 1.0),
                Relation::Ge,
                threat[i] + ratio * (outside - m.against[i][first]),
            );
        }
    }
    let solution = match lp.maximise()? {
        Outcome::Optimal(s) => s,
        Outcome::Infeasible => return Ok(None),
        Outcome::Unbounded => {
            return Err(Error::Solver(
                "a mixed profile's program is unbounded".into(),
            ));
        }
    };
    let conts: Vec<Point> = vars
        .iter()
        .map(|&[x, y]| [solution.values[x], solution.values[y]])
        .collect();
    let mut v = [0.0; 2];
    for (c, w) in cells.iter().zip(&conts) {
        let pr = m.p[0][c[0]] * m.p[1][c[1]];
        let g = stage.payoffs[c[0] * n[1] + c[1]];
        for i in 0..2 {
            v[i] += pr * ((1.0 - delta) * g[i] + delta * w[i]);
        }
    }
    Ok(Some((v, conts)))
}

/// Whether a program's solution satisfies the enforceability constraints on `w` (the
/// backend is trusted for nothing).
fn verified(
    n: [usize; 2],
    m: &Mixed,
    conts: &[Point],
    v: Point,
    w: &[Point],
    threat: Point,
    delta: f64,
) -> bool {
    if conts.iter().any(|&c| polygon::distance_to(w, c) > VERIFY) {
        return false;
    }
    let s2 = m.support[1].len();
    for i in 0..2 {
        let other = 1 - i;
        let value = |ai: usize, j: usize| -> f64 {
            // Player i's payoff from her support action number j (action ai).
            let cont: f64 = m.support[other]
                .iter()
                .enumerate()
                .map(|(jo, &ao)| {
                    let cell = if i == 0 { j * s2 + jo } else { jo * s2 + j };
                    m.p[other][ao] * conts[cell][i]
                })
                .sum();
            (1.0 - delta) * m.against[i][ai] + delta * cont
        };
        for (j, &ai) in m.support[i].iter().enumerate() {
            if (value(ai, j) - v[i]).abs() > VERIFY {
                return false;
            }
        }
        for a in 0..n[i] {
            if !m.support[i].contains(&a)
                && (1.0 - delta) * m.against[i][a] + delta * threat[i] > v[i] + VERIFY
            {
                return false;
            }
        }
    }
    true
}

/// What the mixed-action iteration ends with: the set and, for the inner method, how each
/// vertex is generated (in scaled payoffs).
pub(crate) struct MixedIterated {
    pub iterated: Iterated,
    pub witnesses: Option<Vec<PayoffSetWitness>>,
}

fn witness(stage: &Stage, n: [usize; 2], family: &[Mixed], s: &Source) -> PayoffSetWitness {
    let _ = stage;
    match s {
        Source::Pure { k, c } => {
            let (a1, a2) = (k / n[1], k % n[1]);
            let mut p = [vec![0.0; n[0]], vec![0.0; n[1]]];
            p[0][a1] = 1.0;
            p[1][a2] = 1.0;
            PayoffSetWitness {
                strategies: p,
                profiles: vec![[a1, a2]],
                continuations: vec![*c],
            }
        }
        Source::Mixed { m, conts } => {
            let mx = &family[*m];
            PayoffSetWitness {
                strategies: mx.p.clone(),
                profiles: mx.support[0]
                    .iter()
                    .flat_map(|&a1| mx.support[1].iter().map(move |&a2| [a1, a2]))
                    .collect(),
                continuations: conts.clone(),
            }
        }
    }
}

/// The hull of `points` and, for each of its vertices, its source.
fn hull_with(points: &[Point], sources: &[Source]) -> (Vec<Point>, Vec<Source>) {
    let vertices = polygon::hull(&mut points.to_vec(), EPS);
    let mut at: HashMap<[u64; 2], usize> = HashMap::with_capacity(points.len());
    for (j, p) in points.iter().enumerate() {
        at.entry([p[0].to_bits(), p[1].to_bits()]).or_insert(j);
    }
    let src = vertices
        .iter()
        .filter_map(|v| at.get(&[v[0].to_bits(), v[1].to_bits()]))
        .map(|&j| sources[j].clone())
        .collect();
    (vertices, src)
}

/// A small rotation of the directions of the inner method, so that a program whose optimum
/// is a whole edge picks the same end of it from one iteration to the next.
const TILT: f64 = 1e-6;

/// The start of both iterations: the feasible set cut by the mixed-minmax constraints.
pub(crate) fn individually_rational(stage: &Stage, mm: Point) -> Vec<Point> {
    let feasible = polygon::hull(&mut stage.payoffs.clone(), EPS);
    let start = polygon::clip(&feasible, [-1.0, 0.0], -mm[0], EPS);
    polygon::clip(&start, [0.0, -1.0], -mm[1], EPS)
}

/// At `δ = 0`: the hull of the stage equilibria's payoffs among the pure profiles and the
/// family.
fn stage_equilibria(stage: &Stage, n: [usize; 2], family: &[Mixed]) -> MixedIterated {
    let mut pts = Vec::new();
    let mut src = Vec::new();
    for k in 0..stage.payoffs.len() {
        if stage.best[k] == stage.payoffs[k] {
            pts.push(stage.payoffs[k]);
            src.push(Source::Pure {
                k,
                c: stage.payoffs[k],
            });
        }
    }
    for (j, m) in family.iter().enumerate() {
        if m.is_equilibrium(EPS_INCENTIVE) {
            pts.push(m.g);
            let cells = m.support[0].len() * m.support[1].len();
            src.push(Source::Mixed {
                m: j,
                conts: vec![m.g; cells],
            });
        }
    }
    let (vertices, sources) = hull_with(&pts, &src);
    MixedIterated {
        witnesses: Some(
            sources
                .iter()
                .map(|s| witness(stage, n, family, s))
                .collect(),
        ),
        iterated: Iterated {
            vertices,
            iterations: 0,
            converged: true,
            hausdorff: 0.0,
        },
    }
}

/// The inner (Abreu-Sannikov) iteration with mixed profiles (see the module docs).
#[allow(clippy::too_many_arguments)]
pub(crate) fn iterate_inner(
    stage: &Stage,
    n: [usize; 2],
    family: &[Mixed],
    mm: Point,
    delta: f64,
    tol: f64,
    max_iter: usize,
    count: usize,
) -> Result<MixedIterated> {
    if delta == 0.0 {
        return Ok(stage_equilibria(stage, n, family));
    }
    let ratio = (1.0 - delta) / delta;
    let dirs: Vec<Point> = (0..count)
        .map(|l| {
            let angle = std::f64::consts::TAU * l as f64 / count as f64 + TILT;
            [angle.cos(), angle.sin()]
        })
        .collect();
    let mut w = individually_rational(stage, mm);
    let mut sources: Vec<Source> = Vec::new();
    let mut change = 0.0;
    let mut points: Vec<Point> = Vec::new();
    let mut from: Vec<Source> = Vec::new();
    let mut order: Vec<usize> = Vec::with_capacity(family.len());
    let mut bounds: Vec<Vec<f64>> = vec![vec![f64::NEG_INFINITY; count]; family.len()];
    let mut dead = vec![false; family.len()];
    let done =
        |w: Vec<Point>, sources: &[Source], iterations, converged, hausdorff| MixedIterated {
            witnesses: Some(
                sources
                    .iter()
                    .map(|s| witness(stage, n, family, s))
                    .collect(),
            ),
            iterated: Iterated {
                vertices: w,
                iterations,
                converged,
                hausdorff,
            },
        };
    for iteration in 1..=max_iter {
        interrupt::check()?;
        if w.is_empty() {
            return Ok(done(w, &[], iteration - 1, true, 0.0));
        }
        let low = lowest(&w).unwrap_or(mm);
        let threat = [mm[0].max(low[0]), mm[1].max(low[1])];
        points.clear();
        from.clear();
        for k in 0..stage.payoffs.len() {
            if k % 1024 == 1023 {
                interrupt::check()?;
            }
            abreu_sannikov::generate_with(
                stage,
                k,
                &w,
                threat,
                ratio,
                delta,
                EPS_INCENTIVE,
                &mut |p, c| {
                    points.push(p);
                    from.push(Source::Pure { k, c });
                },
            );
        }
        // The best value found in each direction, and each profile's bound there.
        let mut best: Vec<f64> = dirs.iter().map(|&d| outer::support(&points, d)).collect();
        for (j, m) in family.iter().enumerate() {
            if j % 256 == 255 {
                interrupt::check()?;
            }
            let h = m.incentive(threat, ratio);
            let region = outer::region(&w, h, EPS);
            dead[j] = region.is_empty();
            if dead[j] {
                continue;
            }
            for (b, d) in bounds[j].iter_mut().zip(&dirs) {
                *b = (1.0 - delta) * (d[0] * m.g[0] + d[1] * m.g[1])
                    + delta * outer::support(&region, *d);
            }
        }
        for l in 0..count {
            order.clear();
            order.extend((0..family.len()).filter(|&j| !dead[j]));
            order.sort_by(|&a, &b| bounds[b][l].total_cmp(&bounds[a][l]));
            for &j in &order {
                if dead[j] {
                    continue;
                }
                if bounds[j][l] <= best[l] + EPS_INCENTIVE {
                    break;
                }
                interrupt::check()?;
                let m = &family[j];
                match program(stage, n, m, &w, threat, delta, dirs[l]) {
                    Ok(Some((v, conts))) => {
                        if verified(n, m, &conts, v, &w, threat, delta) {
                            for (bm, d) in best.iter_mut().zip(&dirs) {
                                *bm = bm.max(d[0] * v[0] + d[1] * v[1]);
                            }
                            points.push(v);
                            from.push(Source::Mixed { m: j, conts });
                        }
                        // A profile's value in this direction is now known: its bound is
                        // spent either way.
                        bounds[j][l] = f64::NEG_INFINITY;
                    }
                    Ok(None) => dead[j] = true,
                    Err(Error::Interrupted) => return Err(Error::Interrupted),
                    // A failed program only leaves a payoff out (the set stays inner).
                    Err(_) => bounds[j][l] = f64::NEG_INFINITY,
                }
            }
        }
        let (next, src) = hull_with(&points, &from);
        change = polygon::hausdorff(&w, &next);
        w = next;
        sources = src;
        if w.is_empty() {
            return Ok(done(w, &[], iteration, true, 0.0));
        }
        if change <= tol {
            // Simplification only drops vertices: keep the sources of those that stay.
            let kept = polygon::simplify(w.clone(), settled(tol, delta));
            let src: Vec<Source> = kept
                .iter()
                .filter_map(|v| w.iter().position(|x| x == v).map(|j| sources[j].clone()))
                .collect();
            return Ok(done(kept, &src, iteration, true, change));
        }
    }
    Ok(done(w, &sources, max_iter, false, change))
}

/// The outer (Judd-Yeltekin-Conklin) iteration with mixed profiles (see the module docs).
#[allow(clippy::too_many_arguments)]
pub(crate) fn iterate_outer(
    stage: &Stage,
    n: [usize; 2],
    family: &[Mixed],
    mm: Point,
    delta: f64,
    tol: f64,
    max_iter: usize,
    count: usize,
) -> Result<MixedIterated> {
    let dirs = outer::directions(count);
    let (lo, hi) = (-2.0, 2.0);
    let outer_of = |set: &[Point]| {
        let c: Vec<f64> = dirs.iter().map(|&d| outer::support(set, d)).collect();
        outer::from_supports(&dirs, &c, lo, hi, EPS)
    };
    let finish = |vertices, iterations, converged, hausdorff| MixedIterated {
        witnesses: None,
        iterated: Iterated {
            vertices,
            iterations,
            converged,
            hausdorff,
        },
    };
    if delta == 0.0 {
        let ne = stage_equilibria(stage, n, family).iterated.vertices;
        let v = if ne.is_empty() { ne } else { outer_of(&ne) };
        return Ok(finish(v, 0, true, 0.0));
    }
    let ratio = (1.0 - delta) / delta;
    let start = individually_rational(stage, mm);
    if start.is_empty() {
        return Ok(finish(Vec::new(), 0, true, 0.0));
    }
    let mut poly = outer_of(&start);
    let mut change = 0.0;
    let mut c = vec![f64::NEG_INFINITY; count];
    for iteration in 1..=max_iter {
        interrupt::check()?;
        let Some(low) = lowest(&poly) else {
            return Ok(finish(Vec::new(), iteration, true, 0.0));
        };
        let threat = [mm[0].max(low[0]), mm[1].max(low[1])];
        c.fill(f64::NEG_INFINITY);
        for k in 0..stage.payoffs.len() {
            let g = stage.payoffs[k];
            let h = stage.incentive(k, threat, ratio);
            if !(h[0].is_finite() && h[1].is_finite()) {
                continue;
            }
            let q = outer::region(&poly, h, EPS);
            if q.is_empty() {
                continue;
            }
            for (cl, d) in c.iter_mut().zip(&dirs) {
                let value =
                    (1.0 - delta) * (d[0] * g[0] + d[1] * g[1]) + delta * outer::support(&q, *d);
                *cl = cl.max(value);
            }
        }
        for (j, m) in family.iter().enumerate() {
            if j % 64 == 63 {
                interrupt::check()?;
            }
            let q = outer::region(&poly, m.incentive(threat, ratio), EPS);
            if q.is_empty() {
                continue;
            }
            for l in 0..count {
                let d = dirs[l];
                let bound =
                    (1.0 - delta) * (d[0] * m.g[0] + d[1] * m.g[1]) + delta * outer::support(&q, d);
                if bound <= c[l] {
                    continue;
                }
                interrupt::check()?;
                match program(stage, n, m, &poly, threat, delta, d) {
                    Ok(Some((v, _))) => c[l] = c[l].max((d[0] * v[0] + d[1] * v[1]).min(bound)),
                    Ok(None) => break,
                    Err(Error::Interrupted) => return Err(Error::Interrupted),
                    // The bound is valid for the outer set when the program fails.
                    Err(_) => c[l] = bound,
                }
            }
        }
        if c.iter().any(|x| !x.is_finite()) {
            return Ok(finish(Vec::new(), iteration, true, 0.0));
        }
        let next = outer::from_supports(&dirs, &c, lo, hi, EPS);
        change = polygon::hausdorff(&poly, &next);
        poly = next;
        if poly.is_empty() {
            return Ok(finish(Vec::new(), iteration, true, 0.0));
        }
        if change <= tol {
            return Ok(finish(
                polygon::simplify(poly, settled(tol, delta)),
                iteration,
                true,
                change,
            ));
        }
    }
    Ok(finish(poly, max_iter, false, change))
}

/// The scaled mixed minmax point of the stage game.
pub(crate) fn mixed_minmax(game: &Game, stage: &Stage) -> Result<Point> {
    let m = minmax(game, MinmaxKind::Mixed)?;
    Ok([m.values[0] / stage.scale, m.values[1] / stage.scale])
}

/// [`RepeatedGame::equilibrium_payoff_set_with`](super::RepeatedGame::equilibrium_payoff_set_with)
/// with mixed actions, after the checks shared with pure actions.
pub(crate) fn equilibrium_payoff_set(
    game: &Game,
    stage: &Stage,
    delta: f64,
    options: &PayoffSetOptions,
) -> Result<EquilibriumPayoffSet> {
    let n = [game.shape()[0], game.shape()[1]];
    let family = family(game, stage, options.grid)?;
    let mm = mixed_minmax(game, stage)?;
    let tol = options.tol.max(MIXED_MIN_TOL);
    let run = match options.method {
        PayoffSetMethod::AbreuSannikov => iterate_inner(
            stage,
            n,
            &family,
            mm,
            delta,
            tol,
            options.max_iter,
            options.directions,
        )?,
        PayoffSetMethod::Outer => iterate_outer(
            stage,
            n,
            &family,
            mm,
            delta,
            tol,
            options.max_iter,
            options.directions,
        )?,
    };
    let unit = stage.scale;
    let up = |v: &Point| [v[0] * unit, v[1] * unit];
    let witnesses = run.witnesses.map(|ws| {
        ws.into_iter()
            .map(|mut w| {
                for c in &mut w.continuations {
                    *c = up(c);
                }
                w
            })
            .collect()
    });
    Ok(EquilibriumPayoffSet {
        vertices: run.iterated.vertices.iter().map(up).collect(),
        method: options.method.name().to_string(),
        iterations: run.iterated.iterations,
        converged: run.iterated.converged,
        hausdorff: run.iterated.hausdorff * unit,
        tol,
        discount: delta,
        directions: Some(options.directions),
        exact_game: game.is_exact(),
        stage_actions: StageActions::Mixed.name().into(),
        grid: Some(options.grid),
        mixed_profiles: Some(family.len()),
        outer_bound: Some(individually_rational(stage, mm).iter().map(up).collect()),
        witnesses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_sizes_and_points() {
        assert_eq!(grid_size(2, 4), 5);
        assert_eq!(grid_size(3, 8), 45);
        assert_eq!(grid_size(1, 7), 1);
        assert_eq!(grid_size(400, 1000), u128::MAX);
        let g = simplex_grid(3, 2);
        assert_eq!(g.len(), 6);
        assert!(
            g.iter()
                .all(|p| (p.iter().sum::<f64>() - 1.0).abs() < 1e-15)
        );
    }
}
