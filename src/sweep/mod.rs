//! Parameter sweeps: an alliance model over a grid of parameters, one tidy table out.
//!
//! A political scientist varies the power gap, the threat, the discount factor or the number
//! of allies and wants to see where the regime changes. [`sweep`] builds the model at every
//! point of a [`Grid`], computes the analyses asked for (the regime, every equilibrium of the
//! model's game, the model's own headline quantities, [`SweepModel`]) and returns one
//! [`SweepTable`]: one row per point, or per equilibrium where a point has several.
//!
//! * **Failures stay in their row.** A parameter out of range at one point, or an analysis
//!   that fails there, fills that row's `error` column with the message and leaves the rest of
//!   the table alone. An unknown parameter *name* is refused before anything runs.
//! * **Parallel and deterministic.** Points are spread over rayon's threads (or a pool of
//!   [`SweepOptions::threads`] threads); each point is computed on its own, with its own seed
//!   derived from `(seed, point index)`, and the table is assembled in point order, so it is
//!   the same whatever the thread count and however the grid is cut into chunks
//!   ([`SweepOptions::points`]).
//! * **Bounded.** The table's size is estimated from the number of points and refused before
//!   anything is allocated if it exceeds [`SweepOptions::max_memory`]; every point checks
//!   [`crate::interrupt`], so a sweep stops on Ctrl-C.
//!
//! Equilibria: `"equilibria"` gives every extreme equilibrium of a two-player game
//! ([`crate::solve::enumerate_all`], exact) and every pure equilibrium of a game of more
//! players ([`crate::solve::pure`]); `"pure_equilibria"` gives the pure ones of any game.
//! The `method` column says which solver produced each row.
//!
//! # Example
//! ```
//! use detente::alliance::RestraintGame;
//! use detente::sweep::{self, Grid, SweepOptions, Value};
//!
//! // Where does the restraint dilemma end as entrapment gets cheaper?
//! let grid = Grid::product(vec![
//!     ("entrapment_cost".into(), vec![0.5.into(), 3.0.into()]),
//!     ("war_cost".into(), vec![(-1.0).into(), 4.0.into()]),
//! ])?;
//! let options = SweepOptions { analyses: Some(vec!["regime".into()]), ..Default::default() };
//! let t = sweep::sweep::<RestraintGame>(&grid, &options)?;
//! let regimes: Vec<_> = t.column("regime").unwrap().values.iter().cloned().collect();
//! assert_eq!(regimes[3], Some(Value::from("dilemma")));
//! assert_eq!(t.column("error").unwrap().values, vec![None; 4]);
//! # Ok::<(), detente::Error>(())
//! ```

mod grid;
mod models;
mod table;

use std::ops::Range;

use rayon::prelude::*;

pub use grid::Grid;
pub use models::SweepModel;
pub use table::{Column, Key, SweepTable, Value};

use crate::alliance::{
    BurdenSharing, CollectiveSecurity, InstitutionalPower, Powerplay, ProtectionForPatronage,
    Reciprocity, RestraintGame,
};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::rng::SplitMix64;
use crate::solve::{self, EnumerateOptions};
use table::{Cells, PointOutput};

/// The bytes a sweep's table is assumed to need per grid point when its size is estimated
/// before allocating (a point's cells, a few equilibrium rows, their labels).
///
/// # Example
/// ```
/// use detente::sweep::{check_size, BYTES_PER_POINT};
///
/// assert!(check_size(1000, Some(1000 * BYTES_PER_POINT)).is_ok());
/// assert!(check_size(1001, Some(1000 * BYTES_PER_POINT)).is_err());
/// ```
pub const BYTES_PER_POINT: usize = 2048;

/// The analyses every model offers, before its own.
///
/// # Example
/// ```
/// assert_eq!(detente::sweep::COMMON_ANALYSES, ["regime", "equilibria", "pure_equilibria"]);
/// ```
pub const COMMON_ANALYSES: [&str; 3] = ["regime", "equilibria", "pure_equilibria"];

/// Options of [`sweep`].
///
/// # Example
/// ```
/// use detente::sweep::SweepOptions;
///
/// let o = SweepOptions { threads: Some(1), points: Some(0..10), ..Default::default() };
/// assert_eq!((o.seed, o.analyses, o.exact), (0, None, true));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepOptions {
    /// The analyses to compute, in column order; `None`: the model's
    /// [`SweepModel::DEFAULT_ANALYSES`].
    pub analyses: Option<Vec<String>>,
    /// The seed each point's own seed is derived from (with the point's index).
    pub seed: u64,
    /// Only the points with these indices (a chunk of the grid); `None`: all. The table's
    /// `point` column keeps the indices in the whole grid.
    pub points: Option<Range<usize>>,
    /// Run on a pool of this many threads (e.g. one per core a Dask worker owns); `None`:
    /// rayon's global pool.
    pub threads: Option<usize>,
    /// The most memory the table may take, in bytes, estimated at [`BYTES_PER_POINT`] per
    /// point of the whole grid; `None`: [`crate::solve::default_max_memory`].
    pub max_memory: Option<usize>,
    /// The index of the grid's first point in a larger grid it is a part of (0 for a whole
    /// grid): the `point` column and the points' seeds count from it, so that parts swept
    /// apart give the rows of the whole.
    pub first_point: usize,
    /// `true` (the default): two-player equilibria by exact enumeration, as
    /// [`crate::solve::enumerate_all`] with its default options. `false`: its float search,
    /// about twice as fast on small games; every equilibrium it returns is still certified
    /// exactly, but on degenerate games a near-tie can hide one ([`EnumerateOptions::exact`]).
    pub exact: bool,
}

impl Default for SweepOptions {
    fn default() -> Self {
        Self {
            analyses: None,
            seed: 0,
            points: None,
            threads: None,
            max_memory: None,
            first_point: 0,
            exact: true,
        }
    }
}

/// Refuses a grid of `points` points whose table would need more than `max_memory` bytes
/// (default: [`crate::solve::default_max_memory`]), before anything is allocated.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `grid`.
///
/// # Example
/// ```
/// use detente::sweep::check_size;
///
/// assert!(check_size(1000, None).is_ok());
/// let err = check_size(1 << 40, None).unwrap_err().to_string();
/// assert!(err.contains("grid") && err.contains("points"));
/// ```
pub fn check_size(points: usize, max_memory: Option<usize>) -> Result<()> {
    let budget = max_memory.unwrap_or_else(solve::default_max_memory);
    let need = points.saturating_mul(BYTES_PER_POINT);
    if need > budget {
        return Err(Error::InvalidArgument(format!(
            "grid has {points} points: their table would need about {} MiB, more than the {} \
             MiB allowed (max_memory); sweep fewer points, or the grid in parts",
            need >> 20,
            budget >> 20
        )));
    }
    Ok(())
}

/// The analyses, validated, with the columns they always have.
struct Plan {
    analyses: Vec<String>,
    fixed: Vec<(Key, &'static str)>,
    /// The options of every two-player enumeration (the memory budget read once).
    enumerate: EnumerateOptions,
}

/// The rank of the equilibrium rows' columns: after every analysis' own columns.
const ROW_RANK: u32 = u32::MAX - 1;

/// Validates `analyses` against the common ones and `own`, and lists the fixed columns.
fn plan(
    model: &str,
    analyses: &[String],
    own: &[&str],
    columns: impl Fn(&str) -> Vec<(u32, &'static str, &'static str)>,
) -> Result<Plan> {
    let mut fixed = Vec::new();
    for (i, a) in analyses.iter().enumerate() {
        let rank = i as u32 + 1;
        if analyses[..i].contains(a) {
            return Err(Error::InvalidArgument(format!(
                "analyses names {a:?} twice; give each analysis once"
            )));
        }
        match a.as_str() {
            "regime" => fixed.push((Key::new(rank, 0, "regime"), "text")),
            "equilibria" | "pure_equilibria" => {
                let count = if a == "equilibria" {
                    "n_equilibria"
                } else {
                    "n_pure_equilibria"
                };
                fixed.push((Key::new(rank, 0, count), "int"));
                fixed.push((Key::new(ROW_RANK, 0, "equilibrium"), "int"));
                fixed.push((Key::new(ROW_RANK, 1, "method"), "text"));
                fixed.push((Key::new(ROW_RANK, u32::MAX, "regret"), "float"));
            }
            other if own.contains(&other) => {
                for (slot, name, kind) in columns(other) {
                    fixed.push((Key::new(rank, slot, name), kind));
                }
            }
            other => {
                let mut valid: Vec<&str> = COMMON_ANALYSES.to_vec();
                valid.extend_from_slice(own);
                return Err(Error::InvalidArgument(format!(
                    "analyses: {model} has no analysis {other:?}; choose from {}",
                    valid.join(", ")
                )));
            }
        }
    }
    fixed.sort();
    fixed.dedup();
    Ok(Plan {
        analyses: analyses.to_vec(),
        fixed,
        enumerate: EnumerateOptions::default(),
    })
}

/// The enumeration options of a sweep: exact or not, and the default memory budget read
/// from the machine once rather than at every point.
fn enumerate_options(exact: bool) -> EnumerateOptions {
    EnumerateOptions {
        exact,
        max_memory: Some(solve::default_max_memory()),
        ..EnumerateOptions::default()
    }
}

fn model_plan<M: SweepModel>(options: &SweepOptions) -> Result<Plan> {
    let defaults: Vec<String>;
    let analyses = match options.analyses.as_ref() {
        Some(a) => a,
        None => {
            defaults = M::DEFAULT_ANALYSES.iter().map(|s| s.to_string()).collect();
            &defaults
        }
    };
    let mut p = plan(M::NAME, analyses, M::ANALYSES, M::columns)?;
    p.enumerate = enumerate_options(options.exact);
    Ok(p)
}

/// The equilibrium rows of `game` by `solver` (`"enumerate_all"` or `"pure"`).
fn equilibrium_rows(game: &Game, solver: &str, options: EnumerateOptions) -> Result<Vec<Cells>> {
    let equilibria = if solver == "enumerate_all" {
        solve::enumerate_all(game, options)?.equilibria
    } else {
        solve::pure(game, 0.0)?
    };
    let players = game.players();
    Ok(equilibria
        .into_iter()
        .enumerate()
        .map(|(k, e)| {
            let mut cells = Vec::with_capacity(3 + 2 * players.len());
            cells.push((Key::new(ROW_RANK, 0, "equilibrium"), Value::Int(k as i64)));
            cells.push((Key::new(ROW_RANK, 1, "method"), Value::from(solver)));
            for (i, (s, name)) in e.strategies.into_iter().zip(players).enumerate() {
                let slot = 2 + i as u32;
                cells.push((
                    Key::new(ROW_RANK, slot, format!("strategy_{name}")),
                    Value::Floats(s),
                ));
            }
            for (i, (p, name)) in e.payoffs.into_iter().zip(players).enumerate() {
                let slot = (1 << 16) + i as u32;
                cells.push((
                    Key::new(ROW_RANK, slot, format!("payoff_{name}")),
                    Value::Float(p),
                ));
            }
            cells.push((
                Key::new(ROW_RANK, u32::MAX, "regret"),
                Value::Float(e.regret),
            ));
            cells
        })
        .collect())
}

/// Records a failed analysis; an interrupt ends the sweep instead.
fn record(out: &mut PointOutput, analysis: &str, e: Error) -> Result<()> {
    if e == Error::Interrupted {
        return Err(e);
    }
    out.errors.push(format!("{analysis}: {e}"));
    Ok(())
}

/// What a point is: a model, a bare game (from a callable), or a failure to build either.
trait Subject {
    /// The regime label, if any.
    fn regime_label(&self) -> Result<Option<String>>;
    /// The game whose equilibria are found.
    fn subject_game(&self) -> Result<Game>;
    /// A headline analysis.
    fn headline(&self, analysis: &str, rank: u32, seed: u64, out: &mut Cells) -> Result<()>;
}

impl<M: SweepModel> Subject for M {
    fn regime_label(&self) -> Result<Option<String>> {
        Ok(self.regime()?.map(|r| r.to_string()))
    }
    fn subject_game(&self) -> Result<Game> {
        self.game()
    }
    fn headline(&self, analysis: &str, rank: u32, seed: u64, out: &mut Cells) -> Result<()> {
        self.analyze(analysis, rank, seed, out)
    }
}

impl Subject for Game {
    fn regime_label(&self) -> Result<Option<String>> {
        Ok(None)
    }
    fn subject_game(&self) -> Result<Game> {
        Ok(self.clone())
    }
    fn headline(&self, analysis: &str, _: u32, _: u64, _: &mut Cells) -> Result<()> {
        Err(Error::InvalidArgument(format!(
            "the analysis {analysis:?} needs a model, and this point gave a bare Game"
        )))
    }
}

/// Runs the plan's analyses on one subject.
fn evaluate(subject: &dyn Subject, plan: &Plan, seed: u64) -> Result<PointOutput> {
    let mut out = PointOutput::default();
    let mut game: Option<Result<Game>> = None;
    for (i, a) in plan.analyses.iter().enumerate() {
        let rank = i as u32 + 1;
        match a.as_str() {
            "regime" => match subject.regime_label() {
                Ok(Some(r)) => out
                    .cells
                    .push((Key::new(rank, 0, "regime"), Value::Text(r))),
                Ok(None) => {}
                Err(e) => record(&mut out, a, e)?,
            },
            "equilibria" | "pure_equilibria" => {
                let g = match game.get_or_insert_with(|| subject.subject_game()) {
                    Ok(g) => g,
                    Err(e) => {
                        record(&mut out, a, e.clone())?;
                        continue;
                    }
                };
                let solver = if a == "equilibria" && g.num_players() == 2 {
                    "enumerate_all"
                } else {
                    "pure"
                };
                match equilibrium_rows(g, solver, plan.enumerate) {
                    Ok(rows) => {
                        let count = if a == "equilibria" {
                            "n_equilibria"
                        } else {
                            "n_pure_equilibria"
                        };
                        out.cells
                            .push((Key::new(rank, 0, count), Value::Int(rows.len() as i64)));
                        out.rows.extend(rows);
                    }
                    Err(e) => record(&mut out, a, e)?,
                }
            }
            _ => {
                if let Err(e) = subject.headline(a, rank, seed, &mut out.cells) {
                    record(&mut out, a, e)?;
                }
            }
        }
    }
    Ok(out)
}

/// The seed of point `index` of a sweep seeded with `seed`: the same whatever the chunking
/// and the thread count.
///
/// # Example
/// ```
/// use detente::sweep::point_seed;
///
/// assert_eq!(point_seed(7, 3), point_seed(7, 3));
/// assert_ne!(point_seed(7, 3), point_seed(7, 4));
/// ```
pub fn point_seed(seed: u64, index: usize) -> u64 {
    SplitMix64::for_stream(seed, index as u64).next_u64()
}

/// Runs `work` on a pool of `threads` threads, or on rayon's global pool.
fn on_pool<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> Result<T> {
    match threads {
        None => Ok(work()),
        Some(0) => Err(Error::InvalidArgument(
            "threads must be at least 1 (None: every core)".into(),
        )),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| Error::Solver(format!("could not start {n} threads: {e}")))?;
            Ok(pool.install(work))
        }
    }
}

/// The range of points to visit, checked against the grid.
fn point_range(len: usize, points: Option<&Range<usize>>) -> Result<Range<usize>> {
    match points {
        None => Ok(0..len),
        Some(r) if r.start <= r.end && r.end <= len => Ok(r.clone()),
        Some(r) => Err(Error::InvalidArgument(format!(
            "points {}..{} is not a range of the grid's {len} points",
            r.start, r.end
        ))),
    }
}

/// Evaluates points `range` in parallel, in order, each through `point`.
fn run_points(
    range: Range<usize>,
    threads: Option<usize>,
    point: impl Fn(usize) -> Result<PointOutput> + Sync + Send,
) -> Result<Vec<(usize, PointOutput)>> {
    let token = interrupt::current();
    on_pool(threads, || {
        range
            .into_par_iter()
            .map(|i| {
                interrupt::within(token.as_ref(), || {
                    interrupt::check()?;
                    Ok((i, point(i)?))
                })
            })
            .collect::<Result<Vec<_>>>()
    })?
}

/// The points' indices in the whole grid.
fn offset(points: Vec<(usize, PointOutput)>, first: usize) -> Vec<(usize, PointOutput)> {
    points
        .into_iter()
        .map(|(i, out)| (first + i, out))
        .collect()
}

/// Sweeps the model `M` over `grid`: builds it at every point (missing parameters take their
/// defaults), computes the analyses and returns the table.
///
/// # Arguments
/// * `grid` – the points; its names must be parameters of `M`
///   ([`crate::alliance::AllianceModel::PARAM_NAMES`]).
/// * `options` – analyses (default [`SweepModel::DEFAULT_ANALYSES`]), seed, a chunk of the
///   points, threads and the memory cap.
///
/// # Returns
/// A [`SweepTable`] with, in order: `point`; each analysis' columns (`regime`; `n_equilibria`;
/// the model's own); for equilibria, one row per equilibrium with `equilibrium` (its index at
/// the point), `method`, `strategy_<player>` (one list of probabilities per player),
/// `payoff_<player>` and `regret`; then `error`. A point whose parameters are out of range
/// has one row with its `error` and nothing else.
///
/// # Errors
/// [`Error::InvalidArgument`] for a grid name that is not a parameter of `M` (listing the
/// valid ones), an unknown analysis, a grid too large for `max_memory` (naming `grid`), a
/// `points` range outside the grid or `threads == Some(0)`; [`Error::Interrupted`] if it is
/// stopped. Nothing that goes wrong at one point is an error of the sweep.
///
/// # Complexity
/// The sum over points of the analyses' costs (a 2×2 game's exact enumeration is a few
/// microseconds), divided among the threads; memory `O(rows × columns)`.
///
/// # Example
/// ```
/// use detente::alliance::ProtectionForPatronage;
/// use detente::sweep::{self, Grid, SweepOptions, Value};
///
/// let grid = Grid::product(vec![("discount".into(), vec![0.5.into(), 0.8.into(), 1.5.into()])])?;
/// let t = sweep::sweep::<ProtectionForPatronage>(&grid, &SweepOptions::default())?;
/// let regime = &t.column("regime").unwrap().values;
/// assert_eq!(regime[0], Some(Value::from("exchange_unsustainable")));   // δ < δ* = 25/36
/// assert_eq!(regime[1], Some(Value::from("exchange_sustainable")));
/// let error = &t.column("error").unwrap().values;
/// assert!(matches!(&error[2], Some(Value::Text(e)) if e.contains("discount")));  // δ = 1.5
/// # Ok::<(), detente::Error>(())
/// ```
pub fn sweep<M: SweepModel>(grid: &Grid, options: &SweepOptions) -> Result<SweepTable> {
    if let Some(bad) = grid
        .names()
        .iter()
        .find(|n| !M::PARAM_NAMES.contains(&n.as_str()))
    {
        return Err(Error::InvalidArgument(format!(
            "grid names {bad:?}, which is not a parameter of {}; its parameters are {}",
            M::NAME,
            M::PARAM_NAMES.join(", ")
        )));
    }
    let plan = model_plan::<M>(options)?;
    check_size(grid.len(), options.max_memory)?;
    let range = point_range(grid.len(), options.points.as_ref())?;
    let (seed, first) = (options.seed, options.first_point);
    let points = run_points(range, options.threads, |i| {
        match M::from_params(&grid.point(i)) {
            Ok(model) => evaluate(&model, &plan, point_seed(seed, first + i)),
            Err(e) => Ok(PointOutput {
                errors: vec![e.to_string()],
                ..Default::default()
            }),
        }
    })?;
    SweepTable::assemble(offset(points, first), &plan.fixed)
}

/// A point of [`sweep_items`]: a model of any of the seven alliance classes, a bare game, or
/// the reason none could be built (e.g. the message of a Python exception).
///
/// # Example
/// ```
/// use detente::alliance::Reciprocity;
/// use detente::sweep::Item;
///
/// let items = vec![Item::Reciprocity(Reciprocity::default()), Item::Failed("bad".into())];
/// assert_eq!(items.len(), 2);
/// ```
#[derive(Debug, Clone)]
pub enum Item {
    /// A [`RestraintGame`] (M2).
    RestraintGame(RestraintGame),
    /// A [`BurdenSharing`] model (M3).
    BurdenSharing(BurdenSharing),
    /// A [`CollectiveSecurity`] model (M4).
    CollectiveSecurity(CollectiveSecurity),
    /// A [`ProtectionForPatronage`] model (M1).
    ProtectionForPatronage(ProtectionForPatronage),
    /// A [`Reciprocity`] model (M7).
    Reciprocity(Reciprocity),
    /// An [`InstitutionalPower`] model (M5).
    InstitutionalPower(InstitutionalPower),
    /// A [`Powerplay`] model (M6).
    Powerplay(Powerplay),
    /// A bare game: equilibria only (no regime, no model analysis).
    Game(Game),
    /// Why the point has no model or game; it becomes the row's `error`.
    Failed(String),
}

impl Item {
    /// The item's subject and its own analyses, or its failure.
    fn subject(&self) -> std::result::Result<&dyn Subject, &str> {
        Ok(match self {
            Self::RestraintGame(m) => m,
            Self::BurdenSharing(m) => m,
            Self::CollectiveSecurity(m) => m,
            Self::ProtectionForPatronage(m) => m,
            Self::Reciprocity(m) => m,
            Self::InstitutionalPower(m) => m,
            Self::Powerplay(m) => m,
            Self::Game(g) => g,
            Self::Failed(e) => return Err(e),
        })
    }
}

/// The analyses of every alliance model, for validating a sweep over [`Item`]s.
fn all_analyses() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    for own in [
        RestraintGame::ANALYSES,
        BurdenSharing::ANALYSES,
        CollectiveSecurity::ANALYSES,
        ProtectionForPatronage::ANALYSES,
        Reciprocity::ANALYSES,
        InstitutionalPower::ANALYSES,
        Powerplay::ANALYSES,
    ] {
        for a in own {
            if !all.contains(a) {
                all.push(a);
            }
        }
    }
    all
}

/// Sweeps prepared points: the same analyses and columns as [`sweep`], for points a caller
/// built itself (the Python sweep of an arbitrary function). A model's own analysis at a
/// point of another kind, and an [`Item::Failed`], fill that row's `error`.
///
/// `options.points` and `options.max_memory` refer to `items`; the `point` column counts
/// from `options.first_point`.
///
/// # Errors
/// As [`sweep`], for the analyses and the options.
///
/// # Example
/// ```
/// use detente::alliance::RestraintGame;
/// use detente::sweep::{self, Item, SweepOptions, Value};
///
/// let items = vec![Item::RestraintGame(RestraintGame::default()), Item::Failed("no".into())];
/// let options = SweepOptions { first_point: 10, ..Default::default() };
/// let t = sweep::sweep_items(&items, &options)?;
/// assert_eq!(t.column("point").unwrap().values[1], Some(Value::Int(11)));
/// assert_eq!(t.column("error").unwrap().values[1], Some(Value::from("no")));
/// # Ok::<(), detente::Error>(())
/// ```
pub fn sweep_items(items: &[Item], options: &SweepOptions) -> Result<SweepTable> {
    let all = all_analyses();
    let defaults = vec!["regime".to_string(), "equilibria".to_string()];
    let analyses = options.analyses.as_ref().unwrap_or(&defaults);
    let columns = |a: &str| {
        let mut c = RestraintGame::columns(a);
        c.extend(BurdenSharing::columns(a));
        c.extend(CollectiveSecurity::columns(a));
        c.extend(ProtectionForPatronage::columns(a));
        c.extend(Reciprocity::columns(a));
        c.extend(InstitutionalPower::columns(a));
        c.extend(Powerplay::columns(a));
        c
    };
    let mut plan = plan("a sweep of models", analyses, &all, columns)?;
    plan.enumerate = enumerate_options(options.exact);
    check_size(items.len(), options.max_memory)?;
    let range = point_range(items.len(), options.points.as_ref())?;
    let (seed, first) = (options.seed, options.first_point);
    let points = run_points(range, options.threads, |i| match items[i].subject() {
        Ok(subject) => evaluate(subject, &plan, point_seed(seed, first + i)),
        Err(e) => Ok(PointOutput {
            errors: vec![e.to_string()],
            ..Default::default()
        }),
    })?;
    SweepTable::assemble(offset(points, first), &plan.fixed)
}
