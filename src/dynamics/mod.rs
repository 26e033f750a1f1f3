//! Learning dynamics: best-response dynamics, fictitious play and replicator dynamics, each
//! run from many starting profiles in parallel.
//!
//! Dynamics are not equilibrium solvers: they model how players might adapt, and may cycle or
//! wander forever. Every [`Run`] therefore reports what happened — converged or not, the
//! cycle found, the iterations used — and the `regret` of its final profile, recomputed from
//! the game by [`Game::max_regret`] (an independent certificate, 0 at a Nash equilibrium;
//! computed on the run's thread, with a fixed order of the sums).
//!
//! | function | players | profiles | stops when |
//! | --- | --- | --- | --- |
//! | [`best_response`] | any | pure | a pure equilibrium is reached, a cycle is found, or `max_iter` |
//! | [`fictitious_play`] | any (2: incremental `O(n_1 + n_2)` per iteration) | empirical mixtures | regret `<= tol`, or `max_iter` |
//! | [`replicator`] | any (multi-population); symmetric 2-player (one population) | interior mixed | regret `<= tol`, or `max_iter` |
//!
//! # Starts and reproducibility
//! [`Starts::Random`] draws `count` starting profiles from a seed: start `k` gets its own
//! generator seeded from `(seed, k)` (splitmix64), and every run is computed on one thread
//! with a fixed order of operations, so the results depend on `(seed, k)` only — not on the
//! number of threads or on how rayon schedules the runs. [`Starts::Given`] runs from the
//! listed profiles instead.
//!
//! # Example
//! ```
//! use detente::dynamics::{self, BestResponseOptions, Starts, Update};
//! use detente::Game;
//! use ndarray::array;
//!
//! // A coordination game: with players moving in turn, every start ends at one of the two
//! // pure equilibria (simultaneous moves flip between the miscoordinated profiles forever).
//! let a = array![[2.0, 0.0], [0.0, 1.0]];
//! let g = Game::from_bimatrix(a.view(), a.view())?;
//! let options = BestResponseOptions { update: Update::Sequential, ..Default::default() };
//! let runs = dynamics::best_response(&g, &Starts::Random { count: 16, seed: 7 }, &options)?;
//! assert!(runs.iter().all(|r| r.converged && r.regret == 0.0));
//! let limits = dynamics::limits(&runs, 0.0)?;
//! assert_eq!(limits.iter().map(|l| l.runs).sum::<usize>(), 16);
//! # Ok::<(), detente::Error>(())
//! ```

mod best_response;
mod fictitious_play;
mod replicator;
mod report;

pub use best_response::{BestResponseOptions, best_response};
pub use fictitious_play::{FictitiousPlayOptions, fictitious_play};
pub use replicator::{Integrator, Population, ReplicatorOptions, replicator};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::game::{Game, Profile};
use crate::interrupt;
use crate::rng::SplitMix64;

/// Iterations between two interrupt checks inside a run.
const CHECK_EVERY: usize = 1024;

/// Where the runs of a dynamic start.
///
/// # Example
/// ```
/// use detente::dynamics::Starts;
///
/// let random = Starts::Random { count: 256, seed: 7 };
/// let given = Starts::Given(vec![vec![vec![1.0, 0.0], vec![0.0, 1.0]]]);
/// assert_ne!(random, given);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Starts {
    /// `count` random profiles drawn from `seed`: pure profiles (each action equally likely)
    /// for best-response dynamics, interior mixed profiles (uniform on the simplex) for
    /// fictitious play and replicator dynamics.
    Random {
        /// Number of runs, at least 1.
        count: usize,
        /// The seed; start `k` uses a generator derived from `(seed, k)`.
        seed: u64,
    },
    /// These profiles, one run each, in order (at least one).
    Given(Vec<Profile>),
}

/// Who updates at each iteration.
///
/// # Example
/// ```
/// use detente::dynamics::Update;
///
/// assert_eq!(Update::default(), Update::Simultaneous);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Update {
    /// All players update at once, each against the others' current profile.
    #[default]
    Simultaneous,
    /// Players update one after another in index order (round robin, "alternating"), each
    /// against the profile left by the previous updates.
    Sequential,
}

/// `"simultaneous"`, or `"sequential"` (also `"alternating"`).
///
/// # Example
/// ```
/// use detente::dynamics::Update;
///
/// assert_eq!("alternating".parse::<Update>()?, Update::Sequential);
/// # Ok::<(), detente::Error>(())
/// ```
impl std::str::FromStr for Update {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        crate::error::choose(
            "mode",
            text,
            &[
                ("simultaneous", Self::Simultaneous),
                ("sequential", Self::Sequential),
                ("alternating", Self::Sequential),
            ],
        )
    }
}

/// The outcome of one run of a dynamic.
///
/// # Example
/// ```
/// use detente::dynamics::{self, BestResponseOptions, Starts};
/// use detente::Game;
/// use ndarray::array;
///
/// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// let start = g.pure_profile(&[0, 0])?;
/// let runs = dynamics::best_response(&g, &Starts::Given(vec![start]),
///                                    &BestResponseOptions::default())?;
/// assert!(!runs[0].converged);
/// assert_eq!(runs[0].cycle.as_ref().map(Vec::len), Some(4));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// The initial profile (one-hot vectors for best-response dynamics).
    pub start: Profile,
    /// The profile when the run stopped.
    #[serde(alias = "final_profile")]
    pub strategies: Profile,
    /// Each player's expected payoff at `strategies`, recomputed from the game.
    #[serde(default)]
    pub payoffs: Vec<f64>,
    /// Max regret of `strategies`, recomputed by [`Game::max_regret`].
    pub regret: f64,
    /// Whether the stopping rule was met: a pure equilibrium for best-response dynamics,
    /// `regret <= tol` for the others. `false` after a cycle or `max_iter` iterations.
    pub converged: bool,
    /// Number of updates performed (see each dynamic for what one update is).
    pub iterations: usize,
    /// Best-response dynamics only: the cycle of pure profiles (action indices) the run fell
    /// into, rotated to start at its smallest profile in C order (see [`best_response`]).
    pub cycle: Option<Vec<Vec<usize>>>,
    /// If requested: one row per visited state (`iterations + 1` rows), each the players'
    /// strategies concatenated (`Σ n_i` entries).
    pub trajectory: Option<Vec<Vec<f64>>>,
}

impl Run {
    /// The former name of [`Run::strategies`].
    #[deprecated(
        since = "0.1.0",
        note = "use the `strategies` field (the common vocabulary)"
    )]
    pub fn final_profile(&self) -> &Profile {
        &self.strategies
    }
}

/// A distinct outcome of several runs, as grouped by [`limits`].
///
/// # Example
/// ```
/// use detente::dynamics::Limit;
///
/// let l = Limit { profile: vec![vec![1.0, 0.0]], cycle: None, runs: 3, converged: true,
///                 regret: 0.0 };
/// assert_eq!(l.runs, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Limit {
    /// The final profile of the first run in the group.
    pub profile: Profile,
    /// The cycle shared by the group, for best-response runs that cycled.
    pub cycle: Option<Vec<Vec<usize>>>,
    /// How many runs ended here.
    pub runs: usize,
    /// Whether these runs converged.
    pub converged: bool,
    /// The largest regret of a final profile in the group.
    pub regret: f64,
}

/// Groups runs by where they ended: runs that fell into the same cycle, or whose final
/// profiles differ by at most `tol` in every probability (with the same `converged` flag).
///
/// # Arguments
/// * `runs` – the output of a dynamic.
/// * `tol` – the largest difference of two probabilities in one group, finite and `>= 0`
///   (`0.0` suits pure outcomes).
///
/// # Returns
/// The groups, most frequent first (ties in order of first appearance).
///
/// # Errors
/// [`Error::InvalidArgument`] for a negative or non-finite `tol`.
///
/// # Complexity
/// `O(R · L · Σ n_i)` for `R` runs and `L` groups.
///
/// # Example
/// ```
/// use detente::dynamics::{self, BestResponseOptions, Starts};
/// use detente::Game;
/// use ndarray::array;
///
/// // Simultaneous best responses in a coordination game: the two equilibria, and the
/// // 2-cycle between the miscoordinated profiles.
/// let a = array![[2.0, 0.0], [0.0, 1.0]];
/// let g = Game::from_bimatrix(a.view(), a.view())?;
/// let runs = dynamics::best_response(&g, &Starts::Random { count: 32, seed: 1 },
///                                    &BestResponseOptions::default())?;
/// let limits = dynamics::limits(&runs, 0.0)?;
/// assert_eq!(limits.len(), 3);
/// let cycle = limits.iter().find_map(|l| l.cycle.clone());
/// assert_eq!(cycle, Some(vec![vec![0, 1], vec![1, 0]]));
/// # Ok::<(), detente::Error>(())
/// ```
pub fn limits(runs: &[Run], tol: f64) -> Result<Vec<Limit>> {
    crate::game::check_tolerance(tol)?;
    let mut out: Vec<Limit> = Vec::new();
    for run in runs {
        let same = |l: &Limit| match (&l.cycle, &run.cycle) {
            (Some(a), Some(b)) => a == b,
            (None, None) => l.converged == run.converged && close(&l.profile, &run.strategies, tol),
            _ => false,
        };
        if let Some(l) = out.iter_mut().find(|l| same(l)) {
            l.runs += 1;
            l.regret = l.regret.max(run.regret);
        } else {
            out.push(Limit {
                profile: run.strategies.clone(),
                cycle: run.cycle.clone(),
                runs: 1,
                converged: run.converged,
                regret: run.regret,
            });
        }
    }
    // A stable sort keeps first appearance among equal counts.
    out.sort_by_key(|l| std::cmp::Reverse(l.runs));
    Ok(out)
}

fn close(a: &Profile, b: &Profile, tol: f64) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.len() == y.len() && x.iter().zip(y).all(|(p, q)| (p - q).abs() <= tol))
}

/// What a random start looks like.
#[derive(Clone, Copy)]
enum StartKind {
    /// One uniformly drawn action per player.
    Pure,
    /// An independent uniform point of each player's simplex (all entries positive).
    Interior,
    /// One uniform point of the simplex, played by both players of a symmetric game.
    Symmetric,
}

/// The most memory the runs of one call may hold (their profiles and trajectories), in bytes:
/// the same cap as a game's payoff tensor ([`crate::game::MAX_PAYOFF_BYTES`]).
const MAX_RESULT_BYTES: usize = crate::game::MAX_PAYOFF_BYTES;

/// Refuses, before any run starts, a number of runs whose results alone would exceed
/// [`MAX_RESULT_BYTES`].
fn check_run_count(game: &Game, count: usize) -> Result<()> {
    let n = game.num_players();
    let width: usize = game.shape().iter().sum();
    let vec = std::mem::size_of::<Vec<f64>>();
    let per_run = std::mem::size_of::<Run>() + 2 * (n * vec + width * 8) + n * 8;
    match count.checked_mul(per_run) {
        Some(bytes) if bytes <= MAX_RESULT_BYTES => Ok(()),
        _ => Err(Error::InvalidArgument(format!(
            "starts = {count} runs would need more than {} GiB for their results alone (about \
             {per_run} bytes each); use fewer starts, e.g. a few thousand",
            MAX_RESULT_BYTES >> 30
        ))),
    }
}

/// Refuses, before any run starts, trajectories that could need more than
/// [`MAX_RESULT_BYTES`]: `rows` rows per run (at most), one per start.
fn check_trajectories(game: &Game, starts: &Starts, rows: usize) -> Result<()> {
    let count = match starts {
        Starts::Random { count, .. } => *count,
        Starts::Given(list) => list.len(),
    };
    let width: usize = game.shape().iter().sum();
    // The flat buffer of a run, then its rows as vectors.
    let per_row = 2 * width * 8 + std::mem::size_of::<Vec<f64>>() + 16;
    match count.checked_mul(rows).and_then(|r| r.checked_mul(per_row)) {
        Some(bytes) if bytes <= MAX_RESULT_BYTES => Ok(()),
        _ => Err(Error::InvalidArgument(format!(
            "the trajectories of {count} runs of up to {rows} states could need more than {} \
             GiB; lower max_iter or starts, or pass trajectory=False",
            MAX_RESULT_BYTES >> 30
        ))),
    }
}

/// The states of one run, kept flat in memory reserved (fallibly) when the run starts and
/// turned into rows (fallibly) when it ends, so that running out of memory is an error, not
/// an abort of the process.
struct Trajectory {
    flat: Vec<f64>,
    width: usize,
}

fn out_of_memory() -> Error {
    Error::InvalidArgument(
        "out of memory for the trajectories; lower max_iter or starts, or pass \
         trajectory=False"
            .into(),
    )
}

/// Memory kept free beyond a trajectory's own needs when it is allocated, so that the
/// small (infallible) allocations of the other runs in flight still succeed.
const HEADROOM: usize = 64 << 20;

/// Whether `bytes` plus [`HEADROOM`] can be allocated now (tried, then released).
fn room_for(bytes: usize) -> bool {
    let mut probe: Vec<u8> = Vec::new();
    bytes
        .checked_add(HEADROOM)
        .is_some_and(|total| probe.try_reserve_exact(total).is_ok())
}

impl Trajectory {
    /// Room for `rows` states of `game`.
    fn with_rows(game: &Game, rows: usize) -> Result<Self> {
        let width: usize = game.shape().iter().sum();
        let mut flat = Vec::new();
        let reserved = rows
            .checked_mul(width)
            .filter(|&n| room_for(n.saturating_mul(8)))
            .is_some_and(|n| flat.try_reserve_exact(n).is_ok());
        if !reserved {
            return Err(out_of_memory());
        }
        Ok(Self { flat, width })
    }

    /// Room for the states of a run of at most `max_iter` updates if `requested`, else none.
    fn for_run(requested: bool, game: &Game, max_iter: usize) -> Result<Option<Self>> {
        requested
            .then(|| Self::with_rows(game, max_iter.saturating_add(1)))
            .transpose()
    }

    /// Appends a state (within the room reserved).
    fn push(&mut self, profile: &[Vec<f64>]) {
        for s in profile {
            self.flat.extend_from_slice(s);
        }
    }

    /// One row per state, each the players' strategies concatenated.
    fn into_rows(self) -> Result<Vec<Vec<f64>>> {
        // On failure everything is released before the error (a message) is allocated.
        self.try_into_rows().ok_or_else(out_of_memory)
    }

    fn try_into_rows(self) -> Option<Vec<Vec<f64>>> {
        let width = self.width.max(1);
        let count = self.flat.len() / width;
        let bytes = count.checked_mul(width * 8 + std::mem::size_of::<Vec<f64>>() + 16)?;
        if !room_for(bytes) {
            return None;
        }
        let mut rows = Vec::new();
        rows.try_reserve_exact(count).ok()?;
        for chunk in self.flat.chunks(width) {
            let mut row = Vec::new();
            row.try_reserve_exact(width).ok()?;
            row.extend_from_slice(chunk);
            rows.push(row);
        }
        Some(rows)
    }
}

/// Runs `run_one` from every start, in parallel over starts, results in start order.
fn run_all(
    game: &Game,
    starts: &Starts,
    kind: StartKind,
    run_one: impl Fn(Profile) -> Result<Run> + Sync,
) -> Result<Vec<Run>> {
    let token = interrupt::current();
    let run_one = |start: Profile| {
        interrupt::within(token.as_ref(), || {
            interrupt::check()?;
            run_one(start)
        })
    };
    match starts {
        Starts::Random { count: 0, .. } => Err(Error::InvalidArgument(
            "starts must be at least 1: give the number of random starting profiles".into(),
        )),
        Starts::Random { count, seed } => {
            check_run_count(game, *count)?;
            (0..*count)
                .into_par_iter()
                .map(|k| run_one(random_start(game, kind, *seed, k)))
                .collect()
        }
        Starts::Given(list) if list.is_empty() => Err(Error::InvalidArgument(
            "no starting profiles were given: pass at least one, or ask for random starts".into(),
        )),
        Starts::Given(list) => {
            for p in list {
                game.check_profile(p)?;
            }
            list.par_iter().map(|p| run_one(p.clone())).collect()
        }
    }
}

/// Checks an iteration cap.
fn check_max_iter(max_iter: usize) -> Result<()> {
    if max_iter == 0 {
        Err(Error::InvalidArgument(
            "max_iter must be at least 1 (the largest number of updates per run)".into(),
        ))
    } else {
        Ok(())
    }
}

/// The certificate of a profile: [`Game::max_regret`], computed on the calling thread so that
/// it (and every decision taken on it) does not depend on the number of threads.
///
/// # Errors
/// [`Error::InvalidProfile`] if the profile does not fit the game.
fn certified_regret(game: &Game, profile: &Profile) -> Result<f64> {
    game.check_profile(profile)?;
    Ok(game.max_regret_serial(profile))
}

/// Builds a run, certifying the final profile (as [`certified_regret`] does) and recomputing
/// its payoffs.
fn finish(
    game: &Game,
    start: Profile,
    strategies: Profile,
    converged: bool,
    iterations: usize,
    cycle: Option<Vec<Vec<usize>>>,
    trajectory: Option<Vec<Vec<f64>>>,
) -> Result<Run> {
    game.check_profile(&strategies)?;
    let (payoffs, regret) = game.payoffs_and_max_regret_serial(&strategies);
    Ok(Run {
        start,
        strategies,
        payoffs,
        regret,
        converged,
        iterations,
        cycle,
        trajectory,
    })
}

/// Start `k` of `seed`.
fn random_start(game: &Game, kind: StartKind, seed: u64, k: usize) -> Profile {
    let mut rng = SplitMix64::for_stream(seed, k as u64);
    let shape = game.shape();
    match kind {
        StartKind::Pure => shape
            .iter()
            .map(|&n| {
                let a = rng.below(n);
                (0..n).map(|b| f64::from(u8::from(a == b))).collect()
            })
            .collect(),
        StartKind::Interior => shape.iter().map(|&n| rng.simplex(n)).collect(),
        StartKind::Symmetric => {
            let x = rng.simplex(shape[0]);
            vec![x; shape.len()]
        }
    }
}

/// The lowest-indexed largest entry (exact comparisons).
fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (a, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = a;
        }
    }
    best
}
