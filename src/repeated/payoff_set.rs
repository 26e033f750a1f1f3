//! The set of pure-strategy subgame-perfect equilibrium payoffs of a two-player repeated game
//! with public randomization: [`RepeatedGame::equilibrium_payoff_set`].
//!
//! Two methods, both iterating the operator of Abreu, Pearce & Stacchetti (1990) on convex
//! polygons from the feasible set down to the largest self-generating set `V`:
//!
//! - [`PayoffSetMethod::AbreuSannikov`] (Abreu & Sannikov 2014, *Theoretical Economics* 9:
//!   313-338; see [`abreu_sannikov`](super::abreu_sannikov)): each action profile generates
//!   at most four candidate extreme points, so an iteration costs `O(|A| · |W|)` for `|A|`
//!   profiles and a polygon of `|W|` vertices; it converges to `V` from outside.
//! - [`PayoffSetMethod::Outer`] (Judd, Yeltekin & Conklin 2003, *Econometrica* 71:
//!   1239-1254; see [`outer`](super::outer)): `V` approximated from outside by a polygon
//!   whose edges have fixed normals (`directions` of them, evenly spaced), the support value
//!   in each direction updated by one linear program per action profile and direction. The
//!   result always contains `V` (up to rounding), so it bounds the Abreu-Sannikov answer.
//!
//! Both work in floating point, also for games with exact (rational) payoffs: the result
//! says so ([`EquilibriumPayoffSet::exact_game`]). `tol` is relative: iterations stop once
//! the Hausdorff distance between two successive sets is at most `tol · s`, where `s` is
//! the largest absolute payoff; [`EquilibriumPayoffSet::hausdorff`] reports
//! that last change in payoff units. A converged set's vertices within
//! `tol · s · max(1, 2δ/(1 - δ))` of the segment between their neighbours are merged (the
//! iterates approach the limit about geometrically at the rate `δ`), so a set that shrinks
//! to a point or a segment is reported as one. The geometry works on the payoffs divided by
//! `s`, so games of any scale behave alike. The change between iterates is not the distance to `V`
//! itself, which the methods do not certify; every vertex of a converged Abreu-Sannikov set
//! is enforceable within the set (the tests check this independently).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::payoff_set_mixed::{self, PayoffSetWitness, StageActions};
use super::polygon::{self, Point};
use super::{RepeatedGame, abreu_sannikov, outer};
use crate::error::{Error, Result, choose};
use crate::format;
use crate::report::{Cell, Labels, Report, Table, Validate, invalid};

/// How [`RepeatedGame::equilibrium_payoff_set`] computes the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PayoffSetMethod {
    /// Abreu & Sannikov (2014): the set itself, from outside, on polygons.
    #[default]
    AbreuSannikov,
    /// Judd, Yeltekin & Conklin (2003): an outer polygon with fixed edge directions.
    Outer,
}

impl PayoffSetMethod {
    /// The method's name as Python and the result's `method` spell it.
    pub fn name(self) -> &'static str {
        match self {
            Self::AbreuSannikov => "abreu_sannikov",
            Self::Outer => "outer",
        }
    }
}

impl FromStr for PayoffSetMethod {
    type Err = Error;

    /// Reads `"abreu_sannikov"` (also `"AS"`, QuantEcon's spelling) or `"outer"`.
    fn from_str(s: &str) -> Result<Self> {
        choose(
            "method",
            s,
            &[
                ("abreu_sannikov", Self::AbreuSannikov),
                ("AS", Self::AbreuSannikov),
                ("outer", Self::Outer),
            ],
        )
    }
}

/// Options of [`RepeatedGame::equilibrium_payoff_set_with`].
///
/// # Example
/// ```
/// use detente::repeated::{PayoffSetMethod, PayoffSetOptions};
///
/// let o = PayoffSetOptions::new(PayoffSetMethod::Outer).with_directions(32);
/// assert_eq!((o.directions, o.tol), (32, 1e-10));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PayoffSetOptions {
    /// The method (Abreu-Sannikov by default).
    pub method: PayoffSetMethod,
    /// Stop when successive sets are within `tol · largest |payoff|` (Hausdorff
    /// distance); in `(0, 1)`, default `1e-10`.
    pub tol: f64,
    /// The most iterations (at least 1, at most 10⁶; default 10,000). A run that reaches
    /// it returns its last set with `converged == false`.
    pub max_iter: usize,
    /// The number of evenly spaced edge normals of the outer method (4 to 4096, default
    /// 64); the Abreu-Sannikov method ignores it with pure actions, and with mixed actions
    /// solves its mixed profiles' programs in that many directions.
    pub directions: usize,
    /// Pure stage actions (the default) or mixed ones from a finite family (see
    /// [`payoff_set_mixed`](super::payoff_set_mixed)).
    pub actions: StageActions,
    /// With mixed actions, the grid's denominator `k`: mixed strategies whose probabilities
    /// are multiples of `1/k` (1 to [`MAX_GRID`](super::MAX_GRID), default 4).
    pub grid: usize,
}

impl Default for PayoffSetOptions {
    fn default() -> Self {
        Self {
            method: PayoffSetMethod::AbreuSannikov,
            tol: 1e-10,
            max_iter: 10_000,
            directions: 64,
            actions: StageActions::Pure,
            grid: 4,
        }
    }
}

impl PayoffSetOptions {
    /// The default options of `method`.
    pub fn new(method: PayoffSetMethod) -> Self {
        Self {
            method,
            ..Self::default()
        }
    }

    /// Sets the tolerance.
    pub fn with_tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Sets the iteration cap.
    pub fn with_max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets the number of directions of the outer method.
    pub fn with_directions(mut self, directions: usize) -> Self {
        self.directions = directions;
        self
    }

    /// Sets the stage actions (pure or mixed).
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{PayoffSetMethod, PayoffSetOptions, StageActions};
    ///
    /// let o = PayoffSetOptions::new(PayoffSetMethod::AbreuSannikov)
    ///     .with_actions(StageActions::Mixed)
    ///     .with_grid(8);
    /// assert_eq!((o.actions, o.grid), (StageActions::Mixed, 8));
    /// ```
    pub fn with_actions(mut self, actions: StageActions) -> Self {
        self.actions = actions;
        self
    }

    /// Sets the grid of the mixed family (multiples of `1/grid`).
    pub fn with_grid(mut self, grid: usize) -> Self {
        self.grid = grid;
        self
    }

    fn check(&self) -> Result<()> {
        if !(self.tol > 0.0 && self.tol < 1.0) {
            return Err(Error::InvalidArgument(format!(
                "tol: {} is not in (0, 1); give a small positive number such as 1e-10 (it is \
                 relative to the largest absolute payoff)",
                self.tol
            )));
        }
        if !(1..=1_000_000).contains(&self.max_iter) {
            return Err(Error::InvalidArgument(format!(
                "max_iter: {} is not in 1..=1000000",
                self.max_iter
            )));
        }
        let uses_directions =
            self.method == PayoffSetMethod::Outer || self.actions == StageActions::Mixed;
        if uses_directions && !(4..=4096).contains(&self.directions) {
            return Err(Error::InvalidArgument(format!(
                "directions: {} is not in 4..=4096; give the number of edge normals of the \
                 outer polygon, e.g. 64",
                self.directions
            )));
        }
        Ok(())
    }
}

/// The set of pure-strategy subgame-perfect equilibrium payoffs of a two-player repeated
/// game with public randomization (or an outer approximation of it), as a convex polygon.
///
/// The polygon may be empty (no pure-strategy subgame-perfect equilibrium), a single point
/// or a segment.
///
/// # Example
/// ```
/// use detente::repeated::{PayoffSetMethod, RepeatedGame};
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let v = RepeatedGame::new(pd.clone(), 0.2)?.equilibrium_payoff_set(PayoffSetMethod::AbreuSannikov)?;
/// assert_eq!(v.kind(), "point");                 // only the stage equilibrium (1, 1)
/// assert!(v.contains([1.0, 1.0], 1e-9));
/// let v = RepeatedGame::new(pd, 0.9)?.equilibrium_payoff_set(PayoffSetMethod::AbreuSannikov)?;
/// assert!(v.contains([3.0, 3.0], 1e-9) && v.converged);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EquilibriumPayoffSet {
    /// The vertices `[player 1's payoff, player 2's payoff]`, counter-clockwise from the
    /// leftmost one (least player-1 payoff, then least player-2 payoff); empty when no
    /// pure-strategy subgame-perfect equilibrium exists.
    pub vertices: Vec<[f64; 2]>,
    /// `"abreu_sannikov"` or `"outer"`.
    pub method: String,
    /// The iterations done.
    pub iterations: usize,
    /// Whether the last change was within the tolerance (before `max_iter`).
    pub converged: bool,
    /// The Hausdorff distance between the last two iterates, in payoff units.
    pub hausdorff: f64,
    /// The relative tolerance used.
    pub tol: f64,
    /// The common discount factor (times the continuation probability).
    pub discount: f64,
    /// The number of edge normals (outer method), or of directions of the mixed profiles' programs
    /// (mixed actions); `None` for pure Abreu-Sannikov.
    pub directions: Option<usize>,
    /// Whether the stage game's payoffs are exact: the set is still computed in floating
    /// point.
    pub exact_game: bool,
    /// `"pure"` or `"mixed"`: the stage actions allowed on the equilibrium path.
    #[serde(default = "pure_actions")]
    pub stage_actions: String,
    /// With mixed actions: the grid's denominator `k` of the family of mixed profiles.
    #[serde(default)]
    pub grid: Option<usize>,
    /// With mixed actions: the number of (not pure) mixed profiles in the family.
    #[serde(default)]
    pub mixed_profiles: Option<usize>,
    /// With mixed actions: a polygon that contains the equilibrium payoff set of the
    /// unrestricted mixed-action game, the feasible set cut by the mixed-minmax individual
    /// rationality constraints.
    #[serde(default)]
    pub outer_bound: Option<Vec<[f64; 2]>>,
    /// With mixed actions and the Abreu-Sannikov method: how each vertex is generated (one
    /// [`PayoffSetWitness`] per vertex, in order).
    #[serde(default)]
    pub witnesses: Option<Vec<PayoffSetWitness>>,
}

fn pure_actions() -> String {
    "pure".into()
}

impl EquilibriumPayoffSet {
    /// Whether the set is empty (no pure-strategy subgame-perfect equilibrium).
    pub fn is_empty(&self) -> bool {
        self.vertices.is_empty()
    }

    /// Whether `point` lies in the set, or within `tol` (Euclidean distance) of it.
    pub fn contains(&self, point: [f64; 2], tol: f64) -> bool {
        polygon::distance_to(&self.vertices, point) <= tol
    }

    /// Each player's lowest payoff in the set (their worst equilibrium payoff, the optimal
    /// punishment), `None` when the set is empty.
    pub fn worst_payoffs(&self) -> Option<[f64; 2]> {
        lowest(&self.vertices)
    }

    /// Each player's highest payoff in the set, `None` when the set is empty.
    pub fn best_payoffs(&self) -> Option<[f64; 2]> {
        let first = self.vertices.first()?;
        Some(
            self.vertices
                .iter()
                .fold(*first, |m, v| [m[0].max(v[0]), m[1].max(v[1])]),
        )
    }

    /// The area of the polygon (0 for a point or a segment).
    pub fn area(&self) -> f64 {
        polygon::area(&self.vertices)
    }

    /// What the polygon is: `"empty"`, `"point"`, `"segment"` or `"polygon"`.
    pub fn kind(&self) -> &'static str {
        match self.vertices.len() {
            0 => "empty",
            1 => "point",
            2 => "segment",
            _ => "polygon",
        }
    }
}

/// Each coordinate's minimum over the points.
pub(crate) fn lowest(points: &[Point]) -> Option<Point> {
    let first = points.first()?;
    Some(
        points
            .iter()
            .fold(*first, |m, v| [m[0].min(v[0]), m[1].min(v[1])]),
    )
}

impl Report for EquilibriumPayoffSet {
    fn summary(&self, labels: &Labels) -> String {
        let set = match self.vertices.len() {
            0 if self.stage_actions == "mixed" => {
                "empty: no subgame-perfect equilibrium with stage play in the family".to_string()
            }
            0 => "empty: no pure-strategy subgame-perfect equilibrium".to_string(),
            n => {
                let pts: Vec<String> = self
                    .vertices
                    .iter()
                    .map(|v| format!("({}, {})", format::number(v[0]), format::number(v[1])))
                    .collect();
                let what = match n {
                    1 => "a single point".to_string(),
                    2 => "a segment".to_string(),
                    n => format!("{n} vertices"),
                };
                format!("{what} [{}]", pts.join(", "))
            }
        };
        let worst = match self.worst_payoffs() {
            Some(w) => format!(
                "; worst payoffs {}: {}, {}: {}",
                labels.player(0),
                format::number(w[0]),
                labels.player(1),
                format::number(w[1])
            ),
            None => String::new(),
        };
        let status = if self.converged {
            "converged"
        } else {
            "NOT converged"
        };
        let exact = if self.exact_game {
            "; floats (the game is exact)"
        } else {
            ""
        };
        let actions = match (self.grid, self.mixed_profiles) {
            (Some(k), Some(m)) => format!("; mixed actions (grid 1/{k}, {m} mixed profiles)"),
            _ => String::new(),
        };
        format!(
            "{set}{worst}; discount {}; method {}{actions}; {} iterations, {status} (last change {}){exact}",
            format::number(self.discount),
            self.method,
            self.iterations,
            format::number(self.hausdorff),
        )
    }

    fn table(&self, labels: &Labels) -> Table {
        let mut t = Table::new(["vertex", "player", "payoff"]);
        for (k, v) in self.vertices.iter().enumerate() {
            for (i, x) in v.iter().enumerate() {
                t.push(vec![Cell::from(k), labels.player(i).into(), Cell::from(*x)]);
            }
        }
        t
    }
}

impl Validate for EquilibriumPayoffSet {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        if labels.players.len() != 2 {
            return Err(invalid(
                "players",
                "must name two players: payoff sets are computed for two-player games",
            ));
        }
        if !matches!(self.method.as_str(), "abreu_sannikov" | "outer") {
            return Err(invalid(
                "method",
                format!("is {:?}, not \"abreu_sannikov\" or \"outer\"", self.method),
            ));
        }
        if !matches!(self.stage_actions.as_str(), "pure" | "mixed") {
            return Err(invalid(
                "stage_actions",
                format!("is {:?}, not \"pure\" or \"mixed\"", self.stage_actions),
            ));
        }
        if (self.stage_actions == "mixed") != self.grid.is_some() {
            return Err(invalid(
                "grid",
                "is given exactly when stage_actions is \"mixed\"",
            ));
        }
        if let Some(w) = &self.witnesses
            && w.len() != self.vertices.len()
        {
            return Err(invalid("witnesses", "must give one witness per vertex"));
        }
        if self.vertices.iter().flatten().any(|x| !x.is_finite()) {
            return Err(invalid("vertices", "must be finite numbers"));
        }
        let mut copy = self.vertices.clone();
        if polygon::hull(&mut copy, 0.0) != self.vertices {
            return Err(invalid(
                "vertices",
                "must be the distinct vertices of a convex polygon, counter-clockwise from the \
                 leftmost one",
            ));
        }
        if !(self.hausdorff >= 0.0 && self.hausdorff.is_finite()) {
            return Err(invalid("hausdorff", "must be a finite number >= 0"));
        }
        if !(self.tol > 0.0 && self.tol < 1.0) {
            return Err(invalid("tol", "must be in (0, 1)"));
        }
        if !(0.0..1.0).contains(&self.discount) {
            return Err(invalid("discount", "must be in [0, 1)"));
        }
        Ok(())
    }
}

/// A two-player stage game as the payoff-set methods read it: profile `k = a1 · n2 + a2`.
pub(crate) struct Stage {
    /// The payoff pair of each profile.
    pub payoffs: Vec<Point>,
    /// Each player's best payoff against the other's action in the profile (their best
    /// deviation), per profile.
    pub best: Vec<Point>,
    /// Each player's pure minmax payoff.
    pub minmax: Point,
    /// The largest absolute payoff `s` (1 if every payoff is 0): the payoffs here are the
    /// game's divided by it, so that the geometry works on numbers of order 1 whatever the
    /// game's scale (products of payoffs near 1e300 would overflow) and tolerances are
    /// relative to `s`.
    pub scale: f64,
}

impl Stage {
    pub(crate) fn of(game: &crate::Game) -> Self {
        let n = [game.shape()[0], game.shape()[1]];
        let raw: Vec<Point> = (0..n[0] * n[1])
            .map(|k| {
                let p = game.pure_payoffs(&[k / n[1], k % n[1]]);
                [p[0], p[1]]
            })
            .collect();
        let top = raw.iter().flatten().fold(0.0_f64, |m, x| m.max(x.abs()));
        let scale = if top > 0.0 { top } else { 1.0 };
        let payoffs: Vec<Point> = raw.iter().map(|p| [p[0] / scale, p[1] / scale]).collect();
        let col_best: Vec<f64> = (0..n[1])
            .map(|a2| {
                (0..n[0])
                    .map(|a1| payoffs[a1 * n[1] + a2][0])
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        let row_best: Vec<f64> = (0..n[0])
            .map(|a1| {
                (0..n[1])
                    .map(|a2| payoffs[a1 * n[1] + a2][1])
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        let best = (0..n[0] * n[1])
            .map(|k| [col_best[k % n[1]], row_best[k / n[1]]])
            .collect();
        let minmax = [
            col_best.iter().copied().fold(f64::INFINITY, f64::min),
            row_best.iter().copied().fold(f64::INFINITY, f64::min),
        ];
        Self {
            payoffs,
            best,
            minmax,
            scale,
        }
    }

    /// The lowest continuation payoffs that keep each player from deviating from profile
    /// `k` when deviations are punished with `threat`: `threat_i + (1-δ)/δ · gain_i`.
    pub(crate) fn incentive(&self, k: usize, threat: Point, ratio: f64) -> Point {
        let mut h = threat;
        for (i, hi) in h.iter_mut().enumerate() {
            let gain = self.best[k][i] - self.payoffs[k][i];
            if gain > 0.0 {
                *hi += ratio * gain;
            }
        }
        h
    }

    /// The convex hull of the payoffs of the stage game's pure equilibria.
    pub(crate) fn equilibria_hull(&self, eps: f64) -> Vec<Point> {
        let mut pts: Vec<Point> = (0..self.payoffs.len())
            .filter(|&k| self.best[k] == self.payoffs[k])
            .map(|k| self.payoffs[k])
            .collect();
        polygon::hull(&mut pts, eps)
    }
}

/// The slack with which a converged set (in units of the largest payoff) is simplified:
/// `tol · max(1, 2δ/(1 - δ))`.
///
/// Iterates approach the limit about geometrically at the rate `δ`, so once successive sets
/// differ by `tol` the limit is still about `tol · δ/(1 - δ)` away: a set shrinking to a
/// point or a segment is then a sliver that thin, which this slack collapses.
pub(crate) fn settled(tol: f64, delta: f64) -> f64 {
    tol * (2.0 * delta / (1.0 - delta)).max(1.0)
}

/// Geometric slack, in units of the largest payoff.
pub(crate) const EPS: f64 = 1e-12;

/// Slack of the incentive and membership tests of the Abreu-Sannikov candidates, in units
/// of the largest payoff: a continuation that must sit exactly on a vertex (a stage
/// equilibrium's payoff on an incentive line, say) stays available when rounding moved that
/// vertex by a few ulps. It errs towards larger sets, by far less than the tolerances the
/// tests check enforceability with.
pub(crate) const EPS_INCENTIVE: f64 = 1e-11;

/// What one method's iteration ends with.
pub(crate) struct Iterated {
    pub vertices: Vec<Point>,
    pub iterations: usize,
    pub converged: bool,
    pub hausdorff: f64,
}

impl RepeatedGame {
    /// The set of pure-strategy subgame-perfect equilibrium payoffs with public
    /// randomization, by `method`, with default options (see
    /// [`RepeatedGame::equilibrium_payoff_set_with`]).
    ///
    /// # Errors
    /// As [`RepeatedGame::equilibrium_payoff_set_with`].
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{PayoffSetMethod, RepeatedGame};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let v = RepeatedGame::new(pd, 0.3)?.equilibrium_payoff_set(PayoffSetMethod::AbreuSannikov)?;
    /// assert_eq!(v.kind(), "polygon");           // the triangle (1, 1), (4, 1), (1, 4)
    /// assert!((v.area() - 4.5).abs() < 1e-9);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn equilibrium_payoff_set(&self, method: PayoffSetMethod) -> Result<EquilibriumPayoffSet> {
        self.equilibrium_payoff_set_with(&PayoffSetOptions::new(method))
    }

    /// The set `V` of pure-strategy subgame-perfect equilibrium payoffs of this repeated
    /// two-player game with public randomization and perfect monitoring (or, with
    /// [`PayoffSetMethod::Outer`], a polygon containing it), iterated from the feasible set
    /// until successive sets are within `options.tol` times the largest absolute payoff
    /// `s` (Hausdorff distance; the result's `hausdorff` is that last change, in payoff units).
    /// Both methods compute in floating point, also when the game is exact (the result's
    /// `exact_game` says so); the geometry works in units of `s`, so games of any scale behave
    /// alike. A converged set's vertices within `tol · s · max(1, 2δ/(1 - δ))` of the segment
    /// between their neighbours are merged (iterates approach the limit about geometrically
    /// at the rate `δ`), so a set that shrinks to a point or a segment is reported as one. The
    /// change between iterates is not the distance to the true set, which is not certified;
    /// the tests check independently that every vertex is enforceable within the set. The
    /// methods are described in [`abreu_sannikov`](crate::repeated::abreu_sannikov) and
    /// [`outer`](crate::repeated::outer).
    ///
    /// The discount factor is the players' common `δ` times the continuation probability.
    /// At `δ = 0` the set is the convex hull of the stage game's pure equilibrium payoffs.
    ///
    /// With `options.actions == StageActions::Mixed` the players may also play the mixed
    /// profiles of a finite family (a grid of step `1/options.grid`, the stage equilibria,
    /// the minmax punishers): the Abreu-Sannikov method then returns an inner approximation
    /// of the payoff set of the game restricted to that family, with a witness per vertex,
    /// and the outer method an outer one; see
    /// [`payoff_set_mixed`](crate::repeated::payoff_set_mixed) for the model and what
    /// exactly is computed.
    ///
    /// # Arguments
    /// * `options` - the method, `tol`, `max_iter` and (outer) `directions`.
    ///
    /// # Returns
    /// The polygon, possibly empty, a point or a segment, with the iterations done and the
    /// last change.
    ///
    /// # Complexity
    /// Abreu-Sannikov: `O(|A| · |W|)` per iteration for `|A|` action profiles and a polygon
    /// of `|W| ≤ 4|A|` vertices; outer: `O(|A| · L · (L + |W|))` for `L` directions.
    /// Memory `O(|A| + L)`. Iterations: typically tens to a few hundred (more as `δ → 1`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a stage game without exactly two players, players
    /// with different discount factors, a finite horizon, or options out of range;
    /// [`Error::InvalidGame`] for payoffs so large that their differences overflow;
    /// [`Error::Interrupted`] when the computation is stopped.
    ///
    /// # References
    /// Abreu, Pearce & Stacchetti (1990), *Econometrica* 58: 1041-1063; Abreu & Sannikov
    /// (2014), *Theoretical Economics* 9: 313-338; Judd, Yeltekin & Conklin (2003),
    /// *Econometrica* 71: 1239-1254.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{PayoffSetMethod, PayoffSetOptions, RepeatedGame};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let rg = RepeatedGame::new(pd, 0.8)?;
    /// let inner = rg.equilibrium_payoff_set(PayoffSetMethod::AbreuSannikov)?;
    /// let outer = rg.equilibrium_payoff_set_with(
    ///     &PayoffSetOptions::new(PayoffSetMethod::Outer).with_directions(32))?;
    /// assert!(inner.vertices.iter().all(|&v| outer.contains(v, 1e-8)));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn equilibrium_payoff_set_with(
        &self,
        options: &PayoffSetOptions,
    ) -> Result<EquilibriumPayoffSet> {
        options.check()?;
        let n = self.num_players();
        if n != 2 {
            return Err(Error::InvalidArgument(format!(
                "equilibrium_payoff_set: the stage game has {n} players; the Abreu-Sannikov and \
                 outer methods compute payoff sets of two-player games only"
            )));
        }
        if self.horizon().is_some() {
            return Err(Error::InvalidArgument(
                "equilibrium_payoff_set: this game has a finite horizon; the payoff set is \
                 computed for infinitely repeated games (drop `horizon`)"
                    .into(),
            ));
        }
        if self.exact_discount(0) != self.exact_discount(1) {
            return Err(Error::InvalidArgument(format!(
                "discount: the players discount at {} and {}; equilibrium_payoff_set supports a \
                 common discount factor only (give one number)",
                format::rational(self.exact_discount(0)),
                format::rational(self.exact_discount(1))
            )));
        }
        let game = self.stage();
        game.check_payoff_scale("equilibrium_payoff_set")?;
        let stage = Stage::of(game);
        let delta = self.effective_discount(0);
        if options.actions == StageActions::Mixed {
            return payoff_set_mixed::equilibrium_payoff_set(game, &stage, delta, options);
        }
        let iterated = match options.method {
            PayoffSetMethod::AbreuSannikov => {
                abreu_sannikov::iterate(&stage, delta, options.tol, options.max_iter)?
            }
            PayoffSetMethod::Outer => outer::iterate(
                &stage,
                delta,
                options.tol,
                options.max_iter,
                options.directions,
            )?,
        };
        let unit = stage.scale;
        Ok(EquilibriumPayoffSet {
            vertices: iterated
                .vertices
                .iter()
                .map(|v| [v[0] * unit, v[1] * unit])
                .collect(),
            method: options.method.name().to_string(),
            iterations: iterated.iterations,
            converged: iterated.converged,
            hausdorff: iterated.hausdorff * unit,
            tol: options.tol,
            discount: delta,
            directions: (options.method == PayoffSetMethod::Outer).then_some(options.directions),
            exact_game: game.is_exact(),
            stage_actions: "pure".into(),
            grid: None,
            mixed_profiles: None,
            outer_bound: None,
            witnesses: None,
        })
    }
}
