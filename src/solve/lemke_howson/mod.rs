//! The Lemke–Howson algorithm for two-player games: complementary pivoting on the two
//! best-response polytopes, in `f64` or in exact integer arithmetic.
//!
//! Method, references and guarantees are in the documentation of [`lemke_howson`] (this
//! module is private; its items are re-exported from [`crate::solve`]).

mod basis;
mod exact;
mod revised;

use num_rational::BigRational;
use num_traits::ToPrimitive;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Equilibrium;
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::progress;

use super::payoff_matrix::{normalisation, payoff_ranges};
use exact::{ExactTableau, IntegerPayoffs};
use revised::RevisedTableau;

/// The method string of every Lemke–Howson result.
const METHOD: &str = "lemke_howson";

/// Profiles closer than this (largest absolute difference of probabilities) are one
/// equilibrium in [`lemke_howson_all`] with floats.
const SAME_PROFILE: f64 = 1e-9;

/// Options of [`lemke_howson`], [`lemke_howson_all`] and [`lemke_howson_all_labels`].
///
/// The default is `f64` arithmetic with a pivot cap that grows with the game
/// ([`LemkeHowsonOptions::default_max_pivots`]).
///
/// # Example
/// ```
/// use detente::solve::LemkeHowsonOptions;
///
/// let exact = LemkeHowsonOptions { exact: true, ..Default::default() };
/// assert_eq!(exact.max_pivots, None);
/// assert_eq!(exact.max_pivots_for(200, 200), 1_600_000);
/// let capped = LemkeHowsonOptions { max_pivots: Some(500), ..exact };
/// assert_eq!(capped.max_pivots_for(200, 200), 500);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct LemkeHowsonOptions {
    /// `true`: exact integer pivoting, in `i128` while the entries are small and in big
    /// integers from then on (slower, never rounds); `false`: `f64`
    /// with a lexicographic ratio test and relative tolerances.
    pub exact: bool,
    /// The largest number of pivots one path may take (at least 1); `None` (the default):
    /// [`LemkeHowsonOptions::default_max_pivots`] of the game's size.
    pub max_pivots: Option<usize>,
}

impl LemkeHowsonOptions {
    /// The default pivot cap of one path in an `m × n` game:
    /// `max(100 000, 10 · (m + n)²)`.
    ///
    /// Paths of random games grow with the size: some 200×200 games need about 180 000 to
    /// 210 000 pivots (QuantEcon's `lemke_howson` finishes them), beyond the fixed cap of 10⁵
    /// this replaces, and `(m + n)²` is 160 000 there. Ten times that leaves a wide margin
    /// while still stopping a runaway path; a pivot costs `O((m + n) · k + k²)` and no memory
    /// grows along the path, so the cap bounds the time only, and the call can be
    /// interrupted meanwhile. The cap counts pivots rather than seconds so that a result
    /// does not depend on the machine's speed or load.
    ///
    /// # Example
    /// ```
    /// use detente::solve::LemkeHowsonOptions;
    ///
    /// assert_eq!(LemkeHowsonOptions::default_max_pivots(2, 2), 100_000);
    /// assert_eq!(LemkeHowsonOptions::default_max_pivots(300, 300), 3_600_000);
    /// ```
    pub fn default_max_pivots(m: usize, n: usize) -> usize {
        let labels = m.saturating_add(n);
        labels
            .saturating_mul(labels)
            .saturating_mul(10)
            .max(100_000)
    }

    /// The pivot cap these options give an `m × n` game: `max_pivots`, or the default for
    /// the size ([`LemkeHowsonOptions::default_max_pivots`]).
    ///
    /// # Example
    /// ```
    /// use detente::solve::LemkeHowsonOptions;
    ///
    /// assert_eq!(LemkeHowsonOptions::default().max_pivots_for(3, 4), 100_000);
    /// ```
    pub fn max_pivots_for(&self, m: usize, n: usize) -> usize {
        self.max_pivots
            .unwrap_or_else(|| Self::default_max_pivots(m, n))
    }
}

/// What [`lemke_howson_all_labels`] found: the distinct equilibria of the labels whose paths
/// finished, and the labels whose paths reached the pivot cap first.
///
/// # Example
/// ```
/// use detente::solve::{lemke_howson_all_labels, LemkeHowsonOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
///                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
/// let all = lemke_howson_all_labels(&g, LemkeHowsonOptions::default())?;
/// assert_eq!((all.equilibria.len(), all.stopped_labels.len()), (2, 0));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LemkeHowsonAll {
    /// The distinct equilibria, sorted as in [`lemke_howson_all`].
    pub equilibria: Vec<Equilibrium>,
    /// The labels (in `0..m+n`, increasing) whose paths reached the pivot cap.
    pub stopped_labels: Vec<usize>,
}

/// One Nash equilibrium of a two-player game by the Lemke–Howson algorithm, following the
/// path that starts by dropping `label`.
///
/// # Method
/// With payoffs shifted to be positive (`A` the row player's, `B` the column player's,
/// `m × n`), the best-response polytopes are `P = {x ≥ 0 : Bᵀx ≤ 1}` and
/// `Q = {y ≥ 0 : Ay ≤ 1}`. Labels `0..m` stand for the row player's actions and `m..m+n` for
/// the column player's; a point of `P` has label `i` if `x_i = 0` and label `m + j` if
/// `(Bᵀx)_j = 1` (action `j` is a best response to `x`), and symmetrically in `Q`. The
/// completely labelled pairs other than `(0, 0)` are exactly the equilibria, after
/// normalising `x` and `y` to probabilities. Starting from `(0, 0)`, the algorithm drops
/// `label` and pivots alternately in the tableaux of `P` and `Q`, each time bringing in the
/// label that has just been duplicated, until `label` itself leaves: that pair is
/// completely labelled (Lemke & Howson 1964; von Stengel 2002, §3).
///
/// Degenerate games are handled by the lexicographic minimum-ratio test (von Stengel 2002,
/// §3.7): ties in the ratio test are broken by the rows of the basis inverse, which
/// perturbs the right-hand side symbolically, so the path cannot cycle. With
/// `options.exact` the tableaux hold integers (`i128` while every number fits, big integers
/// after) and are updated by fraction-free integer pivoting (§3.5), so every comparison is
/// exact; with floats, entries below `1e-10` times the
/// column's largest are treated as zero and ratios within `1e-12` (relative to the smaller, or to a unit value over the column's largest entry near zero) as ties.
///
/// The path from a label finds one equilibrium, not all: some equilibria are reachable from
/// no label (Shapley 1974), and different labels may end at the same equilibrium.
///
/// # Arguments
/// * `game` – a two-player game, `m` row actions and `n` column actions.
/// * `label` – the dropped label, in `0..m+n`: `0..m` are the row player's actions, `m..m+n`
///   the column player's.
/// * `options` – arithmetic and pivot cap.
///
/// # Returns
/// An [`Equilibrium`] with method `"lemke_howson"`; its regret is recomputed from the game.
/// In exact mode the payoffs are the game's exact ones ([`Game::exact_payoff`]: as given for
/// a game given exactly, the floats' binary values for a float game), the probabilities are
/// the exact equilibrium rounded to the nearest `f64`, and [`Equilibrium::exact`] holds the
/// rationals and the exact payoffs.
///
/// # Errors
/// [`Error::InvalidGame`] if the game does not have two players; [`Error::InvalidArgument`]
/// for a label outside `0..m+n` or `max_pivots == Some(0)`; [`Error::Solver`] if the path
/// needs more than `max_pivots` pivots (by default
/// [`LemkeHowsonOptions::default_max_pivots`]); [`Error::Interrupted`] if it is stopped
/// ([`interrupt`]) meanwhile (checked every 128 pivots with floats, at every pivot in exact
/// mode).
///
/// # Complexity
/// With floats, each tableau is kept in revised form (the inverse of the basis' `k × k`
/// core, where `k` is the current support size of that player's strategy, updated by rank-one
/// and bordering formulas), so a pivot costs `O((m + n) · k + k²)` operations instead of
/// the `O(m · n)` of a dense tableau: paths of random games keep `k` small (about 20 of 200
/// actions), which makes a pivot several times cheaper; with full supports it costs up to
/// three times a dense pivot. The hot loop is compiled twice and runs with AVX2 where the CPU
/// has it (same operations, same results). In exact mode the tableaux are revised in the
/// same way and pivoted fraction-free, `O((m + n) · k + k²)` integer operations per pivot on
/// numbers (minors of the payoff matrices) that grow with `k`: machine integers while they
/// fit, big integers after (slower than floats, and more so once big integers are needed).
/// The number of pivots is often small but varies widely and is exponential in the worst
/// case (Savani & von Stengel 2006): on random 200×200 games with uniform payoffs,
/// paths from label 0 range from a handful of pivots to more than 100 000 (timings are in the
/// README; rerun them with `cargo bench --bench lemke_howson`).
///
/// # References
/// * C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", *Journal of the
///   SIAM* 12 (1964), 413–423.
/// * B. von Stengel, "Computing equilibria for two-person games", *Handbook of Game Theory*
///   vol. 3, ch. 45, North-Holland, 2002.
/// * L. S. Shapley, "A note on the Lemke-Howson algorithm", *Mathematical Programming Study*
///   1 (1974), 175–189.
/// * R. Savani and B. von Stengel, "Hard-to-solve bimatrix games", *Econometrica* 74 (2006),
///   397–429.
///
/// # Example
/// ```
/// use detente::solve::{lemke_howson, LemkeHowsonOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// // Matching pennies: the unique equilibrium is 50/50 for both.
/// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// let eq = lemke_howson(&g, 0, LemkeHowsonOptions::default())?;
/// assert!(eq.strategies.iter().flatten().all(|p| (p - 0.5).abs() < 1e-12));
/// assert!(eq.regret < 1e-12);
/// // Exact arithmetic gives exactly 1/2, which is a float.
/// let exact = LemkeHowsonOptions { exact: true, ..Default::default() };
/// assert_eq!(lemke_howson(&g, 0, exact)?.regret, 0.0);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn lemke_howson(game: &Game, label: usize, options: LemkeHowsonOptions) -> Result<Equilibrium> {
    let (m, n) = check(game, label, options.max_pivots)?;
    let max_pivots = options.max_pivots_for(m, n);
    if options.exact {
        return match exact_path(game, label, max_pivots)? {
            Some([x, y]) => Equilibrium::new_exact(game, vec![x, y], METHOD),
            None => Err(cap_error(label, max_pivots)),
        };
    }
    match float_path(game, label, max_pivots)? {
        Some(strategies) => Equilibrium::new(game, strategies, METHOD),
        None => Err(cap_error(label, max_pivots)),
    }
}

/// The `f64` path from `label` in a validated game: the equilibrium's strategies, or `None`
/// if the path reached `max_pivots`.
fn float_path(game: &Game, label: usize, max_pivots: usize) -> Result<Option<Vec<Vec<f64>>>> {
    let (m, n) = (game.shape()[0], game.shape()[1]);
    let layout = Layouts::new(m, n);
    let data = game.payoff_slice();
    let [a, b] = payoff_ranges(data).map(normalisation);
    // P's constraint j reads the column player's payoffs against row action l; Q's
    // constraint i, the row player's payoffs against column action l - m.
    let p_coeff = |j: usize, l: usize| b(data[2 * (l * n + j) + 1]);
    let q_coeff = |i: usize, l: usize| a(data[2 * (i * n + l - m)]);
    let mut p = RevisedTableau::new(&layout.p, &p_coeff);
    let mut q = RevisedTableau::new(&layout.q, &q_coeff);
    let finished = follow(&mut p, &mut q, label, m, max_pivots)?;
    Ok(finished.then(|| vec![p.values(0..m), q.values(m..m + n)]))
}

/// The equilibrium of [`lemke_howson`] in exact arithmetic, as rational probabilities.
///
/// Runs the exact (integer pivoting) path from `label` and returns the row player's and the
/// column player's strategies without rounding; certify them with [`Game::exact_regret`].
///
/// # Arguments
/// * `game`, `label` – as in [`lemke_howson`].
/// * `max_pivots` – the pivot cap, at least 1.
///
/// # Returns
/// `[x, y]`: the two players' probability vectors, each summing to exactly 1.
///
/// # Errors
/// As [`lemke_howson`].
///
/// # Complexity
/// As [`lemke_howson`] in exact mode.
///
/// # Example
/// ```
/// use detente::solve::{lemke_howson_exact, BigRational};
/// use detente::Game;
/// use ndarray::array;
///
/// // Battle of the sexes: dropping label 3 (the column player's second action) leads to the
/// // pure equilibrium in which both play action 1.
/// let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
///                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
/// let [x, y] = lemke_howson_exact(&g, 3, 100)?;
/// let (zero, one) = (BigRational::from_integer(0.into()), BigRational::from_integer(1.into()));
/// assert_eq!((x, y), (vec![zero.clone(), one.clone()], vec![zero, one]));
/// # Ok::<(), detente::Error>(())
/// ```
pub fn lemke_howson_exact(
    game: &Game,
    label: usize,
    max_pivots: usize,
) -> Result<[Vec<BigRational>; 2]> {
    check(game, label, Some(max_pivots))?;
    exact_path(game, label, max_pivots)?.ok_or_else(|| cap_error(label, max_pivots))
}

/// The distinct equilibria found by [`lemke_howson`] from every label `0..m+n`, the paths
/// run in parallel.
///
/// Equal profiles are merged (exactly in exact mode; with floats, profiles whose
/// probabilities all differ by at most `1e-9`). The result is sorted by the row player's
/// strategy, then the column player's, comparing probabilities in index order, so it does
/// not depend on the number of threads. As with a single label, some equilibria may be
/// missed (Shapley 1974); use a support or vertex enumeration to find all of them.
///
/// Progress: one unit per label whose path is done (`m + n` in all) to the counters of
/// [`crate::progress`].
///
/// # Arguments
/// * `game` – a two-player game.
/// * `options` – arithmetic and pivot cap (per path).
///
/// # Returns
/// The distinct [`Equilibrium`] values, method `"lemke_howson"`.
///
/// # Errors
/// As [`lemke_howson`] (the first error of any path, which ends the others early): one path
/// that reaches the pivot cap fails the call. [`lemke_howson_all_labels`] returns what the
/// other labels found instead.
///
/// # Complexity
/// `m + n` paths, each as in [`lemke_howson`], spread over rayon's threads.
///
/// # Example
/// ```
/// use detente::solve::{lemke_howson_all, LemkeHowsonOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// // Battle of the sexes: the four labels reach both pure equilibria (the mixed one lies on
/// // no path from the artificial equilibrium).
/// let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
///                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
/// let eqs = lemke_howson_all(&g, LemkeHowsonOptions::default())?;
/// assert_eq!(eqs.iter().map(|e| e.support()).collect::<Vec<_>>(),
///            vec![vec![vec![1], vec![1]], vec![vec![0], vec![0]]]);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn lemke_howson_all(game: &Game, options: LemkeHowsonOptions) -> Result<Vec<Equilibrium>> {
    Ok(every_label(game, options, true)?.equilibria)
}

/// The distinct equilibria found by [`lemke_howson`] from every label `0..m+n`, and the
/// labels whose paths reached the pivot cap: as [`lemke_howson_all`], but a path that stops
/// does not discard what the others found.
///
/// Progress: one unit per label whose path is done or stopped (`m + n` in all) to the
/// counters of [`crate::progress`].
///
/// # Arguments
/// * `game` – a two-player game.
/// * `options` – arithmetic and pivot cap (per path).
///
/// # Returns
/// A [`LemkeHowsonAll`]: the distinct equilibria of the finished paths (merged and sorted as
/// in [`lemke_howson_all`]) and the stopped labels, increasing.
///
/// # Errors
/// [`Error::InvalidGame`] and [`Error::InvalidArgument`] as [`lemke_howson`];
/// [`Error::Solver`] if every path reached the pivot cap (or one failed otherwise);
/// [`Error::Interrupted`] if the call is stopped.
///
/// # Complexity
/// As [`lemke_howson_all`]: `m + n` paths, each as in [`lemke_howson`], spread over rayon's
/// threads.
///
/// # Example
/// ```
/// use detente::solve::{lemke_howson_all_labels, LemkeHowsonOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// // Rock-paper-scissors with a twist: one pivot is not enough for any label.
/// let a = array![[0.0, -1.0, 2.0], [2.0, 0.0, -1.0], [-1.0, 2.0, 0.0]];
/// let g = Game::from_bimatrix(a.view(), a.t())?;
/// let one = LemkeHowsonOptions { max_pivots: Some(1), ..Default::default() };
/// assert!(lemke_howson_all_labels(&g, one).is_err());
/// let all = lemke_howson_all_labels(&g, LemkeHowsonOptions::default())?;
/// assert!(all.stopped_labels.is_empty() && all.equilibria[0].regret < 1e-12);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn lemke_howson_all_labels(game: &Game, options: LemkeHowsonOptions) -> Result<LemkeHowsonAll> {
    every_label(game, options, false)
}

/// The paths from every label, in parallel; with `strict`, a path that reaches the cap is an
/// error (which ends the other paths early), else it is listed in `stopped_labels`.
fn every_label(game: &Game, options: LemkeHowsonOptions, strict: bool) -> Result<LemkeHowsonAll> {
    let (m, n) = check(game, 0, options.max_pivots)?;
    let max_pivots = options.max_pivots_for(m, n);
    let token = interrupt::current();
    // Progress: one unit per label's path, `m + n` in all.
    let watch = progress::current();
    if let Some(p) = &watch {
        p.set_total((m + n) as u64);
    }
    let (equilibria, stopped_labels) = if options.exact {
        let ends: Vec<Option<[Vec<BigRational>; 2]>> = (0..m + n)
            .into_par_iter()
            .map(|k| {
                interrupt::within(token.as_ref(), || {
                    path_end(k, exact_path(game, k, max_pivots)?, strict, max_pivots).inspect(
                        |_| {
                            if let Some(p) = &watch {
                                p.add(1);
                            }
                        },
                    )
                })
            })
            .collect::<Result<_>>()?;
        let stopped_labels = stopped(&ends);
        let mut exact: Vec<[Vec<BigRational>; 2]> = ends.into_iter().flatten().collect();
        // Rounding to the nearest float is monotone, so this is also the order of the floats.
        exact.sort();
        exact.dedup();
        let equilibria = exact
            .iter()
            .map(|[x, y]| Equilibrium::new_exact(game, vec![x.clone(), y.clone()], METHOD))
            .collect::<Result<_>>()?;
        (equilibria, stopped_labels)
    } else {
        let ends: Vec<Option<Vec<Vec<f64>>>> = (0..m + n)
            .into_par_iter()
            .map(|k| {
                interrupt::within(token.as_ref(), || {
                    path_end(k, float_path(game, k, max_pivots)?, strict, max_pivots).inspect(
                        |_| {
                            if let Some(p) = &watch {
                                p.add(1);
                            }
                        },
                    )
                })
            })
            .collect::<Result<_>>()?;
        let stopped_labels = stopped(&ends);
        let found = ends
            .into_iter()
            .flatten()
            .map(|s| Equilibrium::new(game, s, METHOD))
            .collect::<Result<_>>()?;
        (distinct(found), stopped_labels)
    };
    if equilibria.is_empty() {
        return Err(Error::Solver(format!(
            "Lemke-Howson did not reach an equilibrium from any of the {} labels within \
             max_pivots = {max_pivots} pivots each; raise max_pivots",
            m + n
        )));
    }
    Ok(LemkeHowsonAll {
        equilibria,
        stopped_labels,
    })
}

/// The end of the path from `label`, or `None` if it reached the cap: an error if `strict`.
fn path_end<T>(label: usize, end: Option<T>, strict: bool, max_pivots: usize) -> Result<Option<T>> {
    match end {
        None if strict => Err(cap_error(label, max_pivots)),
        end => Ok(end),
    }
}

/// The labels (positions) of the paths that did not finish.
fn stopped<T>(ends: &[Option<T>]) -> Vec<usize> {
    (0..ends.len()).filter(|&k| ends[k].is_none()).collect()
}

/// The distinct profiles of `found` (within [`SAME_PROFILE`]), sorted by the players'
/// probabilities in index order.
fn distinct(mut found: Vec<Equilibrium>) -> Vec<Equilibrium> {
    found.sort_by(|s, t| {
        let (s, t) = (s.strategies.iter().flatten(), t.strategies.iter().flatten());
        s.zip(t)
            .map(|(a, b)| a.total_cmp(b))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut distinct: Vec<Equilibrium> = Vec::with_capacity(found.len());
    for e in found {
        let same = |f: &Equilibrium| {
            e.strategies
                .iter()
                .flatten()
                .zip(f.strategies.iter().flatten())
                .all(|(a, b)| (a - b).abs() <= SAME_PROFILE)
        };
        if !distinct.iter().any(same) {
            distinct.push(e);
        }
    }
    distinct
}

/// Validates the game, label and cap; returns `(m, n)`.
fn check(game: &Game, label: usize, max_pivots: Option<usize>) -> Result<(usize, usize)> {
    if game.num_players() != 2 {
        return Err(Error::InvalidGame(format!(
            "Lemke-Howson solves two-player games, but this game has {} players",
            game.num_players()
        )));
    }
    let (m, n) = (game.shape()[0], game.shape()[1]);
    if label >= m + n {
        return Err(Error::InvalidArgument(format!(
            "label {label} is out of range: this {m}x{n} game has labels 0..{} (0..{m} for the \
             row player's actions, {m}..{} for the column player's)",
            m + n,
            m + n
        )));
    }
    if max_pivots == Some(0) {
        return Err(Error::InvalidArgument(
            "max_pivots must be at least 1".into(),
        ));
    }
    Ok((m, n))
}

/// The exact path from `label` in a validated game: the equilibrium, or `None` if the path
/// reached `max_pivots`.
fn exact_path(
    game: &Game,
    label: usize,
    max_pivots: usize,
) -> Result<Option<[Vec<BigRational>; 2]>> {
    let (m, n) = (game.shape()[0], game.shape()[1]);
    // The exact payoffs (as given, for a game given exactly), not the floats, as integers.
    let a = IntegerPayoffs::of(game, 0)?;
    let b = IntegerPayoffs::of(game, 1)?;
    let layout = Layouts::new(m, n);
    // P = {x ≥ 0 : Bᵀx ≤ 1}: row j (a column action), column i (a row action) is B[i, j],
    // at b[i·n + j]; Q = {y ≥ 0 : Ay ≤ 1}: row i, column j is A[i, j], at a[i·n + j].
    let mut p = ExactTableau::new(&layout.p, &b, 1, n)?;
    let mut q = ExactTableau::new(&layout.q, &a, n, 1)?;
    let finished = follow(&mut p, &mut q, label, m, max_pivots)?;
    Ok(finished.then(|| [p.rational_values(0..m), q.rational_values(m..m + n)]))
}

/// Which labels a tableau has and which of them start in the basis.
struct Layout {
    /// The number of labels, `m + n`: the columns of the tableau.
    labels: usize,
    /// The initial basis (the slack variables), one label per row in row order.
    slack: Vec<usize>,
}

/// The tableaux of the two polytopes: `P` (variables `x`, labels `0..m`, and slacks of
/// `Bᵀx ≤ 1`, labels `m..m+n`) and `Q` (slacks of `Ay ≤ 1`, labels `0..m`, and variables
/// `y`, labels `m..m+n`).
struct Layouts {
    p: Layout,
    q: Layout,
}

impl Layouts {
    fn new(m: usize, n: usize) -> Self {
        Self {
            p: Layout {
                labels: m + n,
                slack: (m..m + n).collect(),
            },
            q: Layout {
                labels: m + n,
                slack: (0..m).collect(),
            },
        }
    }
}

/// What the complementary pivoting needs from a tableau.
trait Tableau {
    /// Pivots between two interrupt checks: many for cheap pivots, fewer for costly ones.
    const CHECK_EVERY: usize = 128;
    /// Brings the variable with `label` into the basis (lexicographic minimum-ratio test) and
    /// returns the label of the variable that left.
    fn enter(&mut self, label: usize) -> Result<usize>;
    /// The values of the variables with `labels` (0 if nonbasic), normalised to sum to 1.
    fn values(&self, labels: std::ops::Range<usize>) -> Vec<f64>;
}

/// Complementary pivoting from `(0, 0)` dropping `label`, alternating between `p` and `q`
/// until `label` leaves a basis (`true`) or `max_pivots` pivots are done (`false`).
fn follow<T: Tableau>(
    p: &mut T,
    q: &mut T,
    label: usize,
    m: usize,
    max_pivots: usize,
) -> Result<bool> {
    // The variable with the dropped label is nonbasic in P if it is a row action's, in Q
    // otherwise; that tableau moves first.
    let (mut current, mut other) = if label < m { (p, q) } else { (q, p) };
    let mut entering = label;
    for pivots in 1..=max_pivots {
        if pivots % T::CHECK_EVERY == 0 {
            interrupt::check()?;
        }
        let leaving = current.enter(entering)?;
        if leaving == label {
            return Ok(true);
        }
        entering = leaving;
        std::mem::swap(&mut current, &mut other);
    }
    Ok(false)
}

/// The error of a path from `label` that reached `max_pivots`.
fn cap_error(label: usize, max_pivots: usize) -> Error {
    Error::Solver(format!(
        "Lemke-Howson did not reach an equilibrium from label {label} within max_pivots = \
         {max_pivots} pivots; raise max_pivots or try another label"
    ))
}

/// Rounds rational probabilities to the nearest `f64`.
fn to_f64(values: &[BigRational]) -> Vec<f64> {
    values
        .iter()
        .map(|v| v.to_f64().expect("a probability converts to f64"))
        .collect()
}
