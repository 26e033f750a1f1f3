//! The Lemke–Howson algorithm for two-player games: complementary pivoting on the two
//! best-response polytopes, in `f64` or in exact integer arithmetic.
//!
//! Method, references and guarantees are in the documentation of [`lemke_howson`] (this
//! module is private; its items are re-exported from [`crate::solve`]).

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

use super::payoff_matrix::{exact_bimatrix, integer_payoffs, normalisation, payoff_ranges};
use exact::ExactTableau;
use revised::RevisedTableau;

/// The method string of every Lemke–Howson result.
const METHOD: &str = "lemke_howson";

/// Pivots between two interrupt checks.
const CHECK_EVERY: usize = 128;

/// Profiles closer than this (largest absolute difference of probabilities) are one
/// equilibrium in [`lemke_howson_all`] with floats.
const SAME_PROFILE: f64 = 1e-9;

/// Options of [`lemke_howson`] and [`lemke_howson_all`].
///
/// The default is `f64` arithmetic with a cap of 100 000 pivots.
///
/// # Example
/// ```
/// use detente::solve::LemkeHowsonOptions;
///
/// let exact = LemkeHowsonOptions { exact: true, ..Default::default() };
/// assert_eq!(exact.max_pivots, 100_000);
/// assert!(!LemkeHowsonOptions::default().exact);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LemkeHowsonOptions {
    /// `true`: exact integer pivoting on big integers (slower, never rounds); `false`: `f64`
    /// with a lexicographic ratio test and relative tolerances.
    pub exact: bool,
    /// The largest number of pivots one path may take (at least 1).
    pub max_pivots: usize,
}

impl Default for LemkeHowsonOptions {
    fn default() -> Self {
        Self {
            exact: false,
            max_pivots: 100_000,
        }
    }
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
/// `options.exact` the tableaux hold big integers and are updated by integer pivoting
/// (§3.5), so every comparison is exact; with floats, entries below `1e-10` times the
/// column's largest are treated as zero and ratios within `1e-12` (relative) as ties.
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
/// for a label outside `0..m+n` or `max_pivots == 0`; [`Error::Solver`] if the path needs
/// more than `max_pivots` pivots; [`Error::Interrupted`] if it is stopped ([`interrupt`])
/// meanwhile (checked every 128 pivots).
///
/// # Complexity
/// With floats, each tableau is kept in revised form (the inverse of the basis' `k × k`
/// core, where `k` is the current support size of that player's strategy, updated by rank-one
/// and bordering formulas), so a pivot costs `O((m + n) · k + k²)` operations instead of
/// the `O(m · n)` of a dense tableau: paths of random games keep `k` small (about 20 of 200
/// actions), which makes a pivot several times cheaper; with full supports it costs up to
/// three times a dense pivot. The hot loop is compiled twice and runs with AVX2 where the CPU
/// has it (same operations, same results). In exact mode each pivot is `O(m · n)`
/// big-integer operations on the full tableau, whose numbers grow along the path (far slower
/// than floats). The number of pivots is often small but varies widely and is exponential in
/// the worst case (Savani & von Stengel 2006): on random 200×200 games with uniform payoffs,
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
    let strategies = if options.exact {
        let [x, y] = exact_path(game, label, options.max_pivots)?;
        return Equilibrium::new_exact(game, vec![x, y], METHOD);
    } else {
        let layout = Layouts::new(m, n);
        let data = game.payoff_slice();
        let [a, b] = payoff_ranges(data).map(normalisation);
        // P's constraint j reads the column player's payoffs against row action l; Q's
        // constraint i, the row player's payoffs against column action l - m.
        let mut p = RevisedTableau::new(&layout.p, |j, l| b(data[2 * (l * n + j) + 1]));
        let mut q = RevisedTableau::new(&layout.q, |i, l| a(data[2 * (i * n + l - m)]));
        follow(&mut p, &mut q, label, m, options.max_pivots)?;
        vec![p.values(0..m), q.values(m..m + n)]
    };
    Equilibrium::new(game, strategies, METHOD)
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
    check(game, label, max_pivots)?;
    exact_path(game, label, max_pivots)
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
/// # Arguments
/// * `game` – a two-player game.
/// * `options` – arithmetic and pivot cap (per path).
///
/// # Returns
/// The distinct [`Equilibrium`] values, method `"lemke_howson"`.
///
/// # Errors
/// As [`lemke_howson`] (the first error of any path).
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
    let (m, n) = check(game, 0, options.max_pivots)?;
    let token = interrupt::current();
    if options.exact {
        let mut exact: Vec<[Vec<BigRational>; 2]> = (0..m + n)
            .into_par_iter()
            .map(|k| interrupt::within(token.as_ref(), || exact_path(game, k, options.max_pivots)))
            .collect::<Result<_>>()?;
        // Rounding to the nearest float is monotone, so this is also the order of the floats.
        exact.sort();
        exact.dedup();
        return exact
            .iter()
            .map(|[x, y]| Equilibrium::new_exact(game, vec![x.clone(), y.clone()], METHOD))
            .collect();
    }
    let mut found: Vec<Equilibrium> = (0..m + n)
        .into_par_iter()
        .map(|k| interrupt::within(token.as_ref(), || lemke_howson(game, k, options)))
        .collect::<Result<_>>()?;
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
    Ok(distinct)
}

/// Validates the game, label and cap; returns `(m, n)`.
fn check(game: &Game, label: usize, max_pivots: usize) -> Result<(usize, usize)> {
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
    if max_pivots == 0 {
        return Err(Error::InvalidArgument(
            "max_pivots must be at least 1".into(),
        ));
    }
    Ok((m, n))
}

/// The exact path from `label` in a validated game.
fn exact_path(game: &Game, label: usize, max_pivots: usize) -> Result<[Vec<BigRational>; 2]> {
    let (m, n) = (game.shape()[0], game.shape()[1]);
    // The exact payoffs (as given, for a game given exactly), not the floats.
    let a = integer_payoffs(exact_bimatrix(game, 0));
    let b = integer_payoffs(exact_bimatrix(game, 1));
    let layout = Layouts::new(m, n);
    let zero = num_bigint::BigInt::ZERO;
    let mut p = ExactTableau::new(&layout.p, |r, l| {
        if l < m {
            b[l * n + r].clone()
        } else {
            zero.clone()
        }
    });
    let mut q = ExactTableau::new(&layout.q, |r, l| {
        if l < m {
            zero.clone()
        } else {
            a[r * n + l - m].clone()
        }
    });
    follow(&mut p, &mut q, label, m, max_pivots)?;
    Ok([p.rational_values(0..m), q.rational_values(m..m + n)])
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
    /// Brings the variable with `label` into the basis (lexicographic minimum-ratio test) and
    /// returns the label of the variable that left.
    fn enter(&mut self, label: usize) -> Result<usize>;
    /// The values of the variables with `labels` (0 if nonbasic), normalised to sum to 1.
    fn values(&self, labels: std::ops::Range<usize>) -> Vec<f64>;
}

/// Complementary pivoting from `(0, 0)` dropping `label`, alternating between `p` and `q`
/// until `label` leaves a basis.
fn follow<T: Tableau>(
    p: &mut T,
    q: &mut T,
    label: usize,
    m: usize,
    max_pivots: usize,
) -> Result<()> {
    // The variable with the dropped label is nonbasic in P if it is a row action's, in Q
    // otherwise; that tableau moves first.
    let (mut current, mut other) = if label < m { (p, q) } else { (q, p) };
    let mut entering = label;
    for pivots in 1..=max_pivots {
        if pivots % CHECK_EVERY == 0 {
            interrupt::check()?;
        }
        let leaving = current.enter(entering)?;
        if leaving == label {
            return Ok(());
        }
        entering = leaving;
        std::mem::swap(&mut current, &mut other);
    }
    Err(Error::Solver(format!(
        "Lemke-Howson did not reach an equilibrium from label {label} within max_pivots = \
         {max_pivots} pivots; raise max_pivots (LemkeHowsonOptions::max_pivots in Rust, \
         max_pivots= in Python) or try another label"
    )))
}

/// Rounds rational probabilities to the nearest `f64`.
fn to_f64(values: &[BigRational]) -> Vec<f64> {
    values
        .iter()
        .map(|v| v.to_f64().expect("a probability converts to f64"))
        .collect()
}
