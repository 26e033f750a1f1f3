//! Two-player zero-sum and constant-sum games by linear programming (von Neumann's minimax).

use ndarray::{Array2, ArrayView2};
use num_rational::BigRational;
use num_traits::Zero;
use serde::{Deserialize, Serialize};

use super::{Equilibrium, clean_distribution};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::lp::{LinearProgram, Relation};

/// How far `u_1 + u_2` may stray from its value at the first profile, relative to the largest
/// absolute payoff, for a game to count as constant-sum.
const CONSTANT_SUM_TOLERANCE: f64 = 1e-12;

/// The largest duality gap accepted from the backend, relative to the payoff range; beyond
/// it [`zero_sum`] reports [`Error::Solver`] rather than a wrong answer.
const ACCEPT: f64 = 1e-6;

/// The most support subsets tried when polishing a degenerate solution.
const MAX_SUBSETS: usize = 64;

/// Weights of an LP strategy above this count as its support when the strategies are polished,
/// and payoffs within this of the best (on the `[0, 1]` scale) as best responses.
const SUPPORT: f64 = 1e-6;

/// The solution of a two-player zero-sum (or constant-sum) game.
///
/// # Example
/// ```
/// use detente::solve::zero_sum_matrix;
/// use ndarray::array;
///
/// let s = zero_sum_matrix(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// assert!(s.value.abs() < 1e-12);
/// assert!(s.equilibrium.regret < 1e-12);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZeroSumSolution {
    /// The value of the game to the row player (player 0): what it can guarantee, and what the
    /// column player can hold it to. Equal to `equilibrium.payoffs[0]`.
    pub value: f64,
    /// A pair of optimal (maximin / minimax) strategies, certified by [`Game::regret`]
    /// (method `"zero_sum"`). For a game given exactly, its exact profile, payoffs and regret
    /// are in `equilibrium.exact`.
    pub equilibrium: Equilibrium,
    /// The value exactly, for a game given exactly ([`Game::is_exact`]) that is exactly
    /// constant-sum; `value` is its rounding. `None` for a float game, or a game above
    /// [`MAX_EXACT_PROFILES`] profiles or whose exact path exceeds the pivot cap (then
    /// `value` is the float answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_exact: Option<BigRational>,
}

/// Solves a two-player constant-sum game: the value and a pair of optimal strategies.
///
/// In a game where `u_1(i, j) + u_2(i, j) = c` for every profile, every Nash equilibrium is a
/// pair of maximin strategies and gives the row player the same payoff, the value `v`
/// (von Neumann's minimax theorem). A game given exactly ([`Game::is_exact`]) whose exact
/// payoffs are constant-sum, of at most [`MAX_EXACT_PROFILES`] profiles, is solved exactly:
/// Lemke-Howson in rational arithmetic (label 0,
/// at most `16 (m + n)` pivots), certified by an exact regret of 0, gives the exact value
/// ([`ZeroSumSolution::value_exact`]) and strategies (`equilibrium.exact`); if the path
/// exceeds the cap, the float answer below is returned (`value_exact` is `None`). For a
/// float game detente first runs Lemke-Howson (floats, label 0,
/// at most `16 (m + n)` pivots), which is typically much faster than the LPs, and
/// keeps its equilibrium if the recomputed regret is within `1e-9` of the payoff range.
/// Otherwise it solves the LPs: the row player's strategy `x` solves
/// `max v s.t. Σ_i x_i A_ij >= v for every column j, x in the simplex`, and the column
/// player's `y` solves the dual-side program `min w s.t. Σ_j A_ij y_j <= w for every row i`,
/// solved separately (the backend gives no duals). Payoffs are first mapped affinely onto
/// `[0, 1]` for numerical stability (optimal strategies do not change); the LP's strategies
/// are cleaned (negative noise clipped, renormalised), polished by solving the equalising
/// equations on their supports when that lowers the duality gap, and certified by
/// [`Equilibrium::new`], which recomputes payoffs and regret from the game. The value is the
/// row player's payoff at that profile. The regret is typically below `1e-12`; on degenerate
/// games with near-ties of very different magnitudes (`1e-9` next to `1`) the simplex backend
/// can be far less accurate: strategies whose duality gap exceeds `1e-6` of the payoff range
/// are refused with [`Error::Solver`], never returned.
///
/// # Arguments
/// * `game` – a two-player game whose payoffs sum to the same constant at every profile
///   (within `1e-12` times the largest absolute payoff).
///
/// # Returns
/// A [`ZeroSumSolution`]: the value to player 0 and a certified equilibrium, method
/// `"zero_sum"`; exact (`value_exact`, `equilibrium.exact`) for an exact game.
///
/// # Errors
/// [`Error::InvalidGame`] if the game does not have two players or is not constant-sum (the
/// message names two profiles whose sums differ); [`Error::Solver`] if the LP backend fails
/// or its answer cannot be certified (see above);
/// [`Error::Interrupted`] if it is stopped ([`interrupt`]) before an LP.
///
/// # Complexity
/// Lemke-Howson: at most `16 (m + n)` pivots of `O(m n)` each. The fallback: two LPs of
/// `m + 1` variables and `n + 1` rows (and vice versa) for an `m × n` game, by the simplex
/// method: polynomial in practice, exponential in the worst case.
///
/// # References
/// * J. von Neumann, "Zur Theorie der Gesellschaftsspiele", *Math. Annalen* 100, 1928.
/// * C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", *J. SIAM* 12,
///   1964.
/// * G. B. Dantzig, "A proof of the equivalence of the programming problem and the game
///   problem", in *Activity Analysis of Production and Allocation*, 1951.
///
/// # Example
/// ```
/// use detente::{solve, Game};
/// use ndarray::array;
///
/// // Rock, paper, scissors: uniform play, value 0.
/// let a = array![[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]];
/// let s = solve::zero_sum(&Game::zero_sum(a.view())?)?;
/// assert!(s.value.abs() < 1e-9);
/// assert!(s.equilibrium.strategies[0].iter().all(|p| (p - 1.0 / 3.0).abs() < 1e-9));
/// # Ok::<(), detente::Error>(())
/// ```
pub fn zero_sum(game: &Game) -> Result<ZeroSumSolution> {
    let a = row_matrix(game)?;
    if let Some(solution) = exactly(game)? {
        return Ok(solution);
    }
    let equilibrium = match by_lemke_howson(game, a.view())? {
        Some(equilibrium) => equilibrium,
        None => {
            let (x, y) = optimal_strategies(a.view())?;
            Equilibrium::new(game, vec![x, y], "zero_sum")?
        }
    };
    Ok(ZeroSumSolution {
        value: equilibrium.payoffs[0],
        equilibrium,
        value_exact: None,
    })
}

/// The exact solution of a game given exactly and exactly constant-sum: an equilibrium found
/// by Lemke-Howson in rational arithmetic (label 0, at most `16 (m + n)` pivots), certified
/// by its exact regret 0, so that its exact payoff to the row player is the value. `None`
/// for a float game, a game whose exact payoffs are not constant-sum, or a path over the cap
/// (then [`zero_sum`] answers in floats).
fn exactly(game: &Game) -> Result<Option<ZeroSumSolution>> {
    let (m, n) = (game.shape()[0], game.shape()[1]);
    if !game.is_exact() || m * n > MAX_EXACT_PROFILES {
        return Ok(None);
    }
    let sum = |p: usize| game.exact_payoff(2 * p) + game.exact_payoff(2 * p + 1);
    let first = sum(0);
    if (1..m * n).any(|p| sum(p) != first) {
        return Ok(None);
    }
    let [x, y] = match super::lemke_howson_exact(game, 0, PIVOTS_PER_ACTION * (m + n)) {
        Ok(pair) => pair,
        Err(Error::Interrupted) => return Err(Error::Interrupted),
        Err(_) => return Ok(None),
    };
    let equilibrium = Equilibrium::new_exact(game, vec![x, y], "zero_sum")?;
    let Some(exact) = equilibrium.exact.as_ref() else {
        return Ok(None);
    };
    if !exact.regret.as_ref().is_some_and(Zero::is_zero) {
        return Ok(None);
    }
    let value_exact = exact.payoffs[0].clone();
    Ok(Some(ZeroSumSolution {
        value: equilibrium.payoffs[0],
        value_exact: Some(value_exact),
        equilibrium,
    }))
}

/// Solves the zero-sum game in which the row player receives `a[i, j]` and the column player
/// `-a[i, j]`; see [`zero_sum`] for the method.
///
/// # Arguments
/// * `a` – the row player's payoff matrix, at least one row and one column, finite entries.
///
/// # Returns
/// A [`ZeroSumSolution`] whose equilibrium belongs to [`Game::zero_sum`]`(a)`.
///
/// # Errors
/// [`Error::InvalidGame`] for an empty matrix or a non-finite entry; otherwise as [`zero_sum`].
///
/// # Complexity
/// As [`zero_sum`].
///
/// # Example
/// ```
/// use detente::solve::zero_sum_matrix;
/// use ndarray::array;
///
/// // A saddle point at (row 1, column 0): the value is 2, both players pure.
/// let s = zero_sum_matrix(array![[1.0, 5.0], [2.0, 3.0]].view())?;
/// assert!((s.value - 2.0).abs() < 1e-9);
/// assert!(s.equilibrium.is_pure());
/// # Ok::<(), detente::Error>(())
/// ```
pub fn zero_sum_matrix(a: ArrayView2<'_, f64>) -> Result<ZeroSumSolution> {
    zero_sum(&Game::zero_sum(a)?)
}

/// The largest exact game (`m × n` profiles) [`zero_sum`] solves in rational arithmetic:
/// rational pivoting costs about 0.3 s at 60 × 60 and grows steeply beyond; larger games
/// are solved in floats (`value_exact` is `None`).
pub const MAX_EXACT_PROFILES: usize = 4096;

/// Pivots allowed to Lemke-Howson per action before [`zero_sum`] falls back to the LPs.
const PIVOTS_PER_ACTION: usize = 16;

/// The relative regret below which a Lemke-Howson equilibrium is accepted as optimal.
const LEMKE_HOWSON_ACCEPT: f64 = 1e-9;

/// An equilibrium found by Lemke-Howson (label 0, floats) if its path is short and its regret,
/// recomputed by [`Equilibrium::new`], is within [`LEMKE_HOWSON_ACCEPT`] of the payoff range;
/// `None` sends [`zero_sum`] to the LPs.
fn by_lemke_howson(game: &Game, a: ArrayView2<'_, f64>) -> Result<Option<Equilibrium>> {
    let (m, n) = a.dim();
    let range =
        a.fold(f64::NEG_INFINITY, |h, &x| h.max(x)) - a.fold(f64::INFINITY, |l, &x| l.min(x));
    let options = super::LemkeHowsonOptions {
        exact: false,
        max_pivots: Some(PIVOTS_PER_ACTION * (m + n)),
    };
    match super::lemke_howson(game, 0, options) {
        Ok(eq) if eq.regret <= LEMKE_HOWSON_ACCEPT * range => {
            Ok(Some(Equilibrium::new(game, eq.strategies, "zero_sum")?))
        }
        Err(Error::Interrupted) => Err(Error::Interrupted),
        _ => Ok(None),
    }
}

/// The row player's payoff matrix of a two-player constant-sum game.
fn row_matrix(game: &Game) -> Result<Array2<f64>> {
    let complain = |detail: String| {
        Error::InvalidGame(format!(
            "zero_sum needs a two-player constant-sum game; {detail}"
        ))
    };
    if game.num_players() != 2 {
        return Err(complain(format!(
            "this game has {} players",
            game.num_players()
        )));
    }
    let (m, n) = (game.shape()[0], game.shape()[1]);
    let data = game.payoff_slice();
    let scale = data.iter().fold(0.0_f64, |s, x| s.max(x.abs()));
    let sum0 = data[0] + data[1];
    for p in 1..m * n {
        let sum = data[2 * p] + data[2 * p + 1];
        if (sum - sum0).abs() > CONSTANT_SUM_TOLERANCE * scale {
            return Err(complain(format!(
                "payoffs at (0, 0) sum to {sum0} and at ({}, {}) to {sum}",
                p / n,
                p % n
            )));
        }
    }
    Ok(Array2::from_shape_fn((m, n), |(i, j)| {
        data[2 * (i * n + j)]
    }))
}

/// Optimal strategies `(x, y)` of the row and column players of the zero-sum matrix game `a`.
fn optimal_strategies(a: ArrayView2<'_, f64>) -> Result<(Vec<f64>, Vec<f64>)> {
    let (m, n) = a.dim();
    let lo = a.fold(f64::INFINITY, |l, &x| l.min(x));
    let hi = a.fold(f64::NEG_INFINITY, |h, &x| h.max(x));
    if lo == hi {
        // Every profile pays the same: any strategies are optimal.
        return Ok((unit(m, 0), unit(n, 0)));
    }
    // Affine map onto [0, 1]: the same optimal strategies, a better-conditioned LP.
    let b = a.mapv(|x| (x - lo) / (hi - lo));
    let x = optimal_strategy(&b, true)?;
    let y = optimal_strategy(&b.t().to_owned(), false)?;
    // The simplex leaves errors of order 1e-9, more on degenerate games; solving the
    // equalising equations on candidate supports usually removes them. Keep the pair with the
    // smallest gap.
    let mut best = (gap(&b, &x, &y), x, y);
    for (rows, cols) in candidate_supports(&b, &best.1, &best.2) {
        if let Some((px, py)) = polish(&b, &rows, &cols) {
            let g = gap(&b, &px, &py);
            if g < best.0 {
                best = (g, px, py);
            }
        }
    }
    if best.0 > ACCEPT {
        return Err(Error::Solver(format!(
            "the zero-sum LPs (microlp) returned strategies with a duality gap of {:e} of the \
             payoff range, above the accepted {ACCEPT:e}: the game is numerically degenerate \
             for the backend (payoffs of very different magnitudes?); round the payoffs and retry",
            best.0
        )));
    }
    Ok((best.1, best.2))
}

/// `max_i (b y)_i − min_j (x b)_j`: the sum of both players' regrets, 0 at an equilibrium.
fn gap(b: &Array2<f64>, x: &[f64], y: &[f64]) -> f64 {
    let (row_values, col_values) = values(b, x, y);
    let cap = row_values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let guarantee = col_values.iter().copied().fold(f64::INFINITY, f64::min);
    cap - guarantee
}

/// `(b y, x b)`: each row's payoff against `y` and each column's against `x`.
fn values(b: &Array2<f64>, x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (m, n) = b.dim();
    let rows = (0..m)
        .map(|i| (0..n).map(|j| b[[i, j]] * y[j]).sum())
        .collect();
    let cols = (0..n)
        .map(|j| (0..m).map(|i| x[i] * b[[i, j]]).sum())
        .collect();
    (rows, cols)
}

/// Supports to polish on: those of the LP's strategies (weights above [`SUPPORT`]), the best
/// responses to them (within [`SUPPORT`]; `b` has entries in `[0, 1]`), and their
/// intersections.
fn candidate_supports(b: &Array2<f64>, x: &[f64], y: &[f64]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let support = |p: &[f64]| -> Vec<usize> { (0..p.len()).filter(|&i| p[i] > SUPPORT).collect() };
    let (row_values, col_values) = values(b, x, y);
    let top = row_values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let bottom = col_values.iter().copied().fold(f64::INFINITY, f64::min);
    let best_rows: Vec<usize> = (0..x.len())
        .filter(|&i| row_values[i] >= top - SUPPORT)
        .collect();
    let best_cols: Vec<usize> = (0..y.len())
        .filter(|&j| col_values[j] <= bottom + SUPPORT)
        .collect();
    let (sx, sy) = (support(x), support(y));
    let both = |a: &[usize], b: &[usize]| a.iter().copied().filter(|i| b.contains(i)).collect();
    let pairs = [
        (both(&sx, &best_rows), both(&sy, &best_cols)),
        (sx, sy),
        (best_rows, best_cols),
    ];
    // Degenerate games have supports of different sizes: also try the square pairs obtained by
    // keeping a subset of the larger one (when there are few such subsets).
    let mut out = Vec::new();
    for (rows, cols) in pairs {
        if rows.len() > cols.len() {
            out.extend(
                subsets(&rows, cols.len())
                    .into_iter()
                    .map(|r| (r, cols.clone())),
            );
        } else if cols.len() > rows.len() {
            out.extend(
                subsets(&cols, rows.len())
                    .into_iter()
                    .map(|c| (rows.clone(), c)),
            );
        }
        out.push((rows, cols));
    }
    out
}

/// The subsets of `items` of size `k`, or none if there would be more than [`MAX_SUBSETS`].
fn subsets(items: &[usize], k: usize) -> Vec<Vec<usize>> {
    let count = (0..k).fold(1usize, |c, i| c.saturating_mul(items.len() - i) / (i + 1));
    if k == 0 || count > MAX_SUBSETS {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut pick = Vec::with_capacity(k);
    fn walk(
        items: &[usize],
        k: usize,
        start: usize,
        pick: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        if pick.len() == k {
            out.push(pick.clone());
            return;
        }
        for i in start..items.len() {
            pick.push(items[i]);
            walk(items, k, i + 1, pick, out);
            pick.pop();
        }
    }
    walk(items, k, 0, &mut pick, &mut out);
    out
}

/// Strategies on supports `rows × cols` of equal size: `y` equalises the payoffs of `rows`
/// and `x` those of `cols`. `None` when the sizes differ, the system is singular, or a weight
/// is negative.
fn polish(b: &Array2<f64>, rows: &[usize], cols: &[usize]) -> Option<(Vec<f64>, Vec<f64>)> {
    if rows.len() != cols.len() || rows.is_empty() {
        return None;
    }
    let (m, n) = b.dim();
    let sub = |i: usize, j: usize| b[[rows[i], cols[j]]];
    let k = rows.len();
    let ys = equalise(k, sub)?;
    let xs = equalise(k, |j, i| sub(i, j))?;
    let spread = |weights: Vec<f64>, support: &[usize], len: usize| {
        let mut full = vec![0.0; len];
        for (&a, w) in support.iter().zip(weights) {
            full[a] = w;
        }
        full
    };
    Some((spread(xs, rows, m), spread(ys, cols, n)))
}

/// Solves `Σ_j m(i, j) z_j = v` for `i < k` and `Σ_j z_j = 1` (unknowns `z` and `v`) by
/// Gaussian elimination with partial pivoting; returns `z` if it is a probability vector.
fn equalise(k: usize, m: impl Fn(usize, usize) -> f64) -> Option<Vec<f64>> {
    // Augmented matrix of k + 1 rows and k + 2 columns: [M, -1 | 0] and [1 … 1, 0 | 1].
    let mut aug: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            let mut row: Vec<f64> = (0..k).map(|j| m(i, j)).collect();
            row.extend([-1.0, 0.0]);
            row
        })
        .collect();
    let mut last = vec![1.0; k];
    last.extend([0.0, 1.0]);
    aug.push(last);
    let size = k + 1;
    for c in 0..size {
        let pivot = (c..size).max_by(|&p, &q| aug[p][c].abs().total_cmp(&aug[q][c].abs()))?;
        if aug[pivot][c].abs() < 1e-12 {
            return None;
        }
        aug.swap(c, pivot);
        for r in (0..size).filter(|&r| r != c) {
            let f = aug[r][c] / aug[c][c];
            if f != 0.0 {
                let pivot_row = aug[c].clone();
                for (x, p) in aug[r].iter_mut().zip(&pivot_row).skip(c) {
                    *x -= f * p;
                }
            }
        }
    }
    let mut z: Vec<f64> = (0..k).map(|j| aug[j][size] / aug[j][j]).collect();
    if z.iter().any(|&w| w < -1e-12) {
        return None;
    }
    clean_distribution(&mut z, "the support equations").ok()?;
    Some(z)
}

/// An optimal strategy of the player choosing the rows of `b` (entries in `[0, 1]`).
///
/// * `maximiser` (the row player of the game): `max v` subject to `Σ_i x_i b_ij >= v` for
///   every column `j`;
/// * otherwise (the column player, given the transposed matrix): `min w` subject to
///   `Σ_i y_i b_ij <= w` for every row `j` of the game.
fn optimal_strategy(b: &Array2<f64>, maximiser: bool) -> Result<Vec<f64>> {
    interrupt::check()?;
    let (m, n) = b.dim();
    let mut lp = LinearProgram::new();
    let x = lp.add_variables(m, 0.0, 1.0, 0.0);
    let v = lp.add_variable(-1.0, 2.0, 1.0);
    let relation = if maximiser {
        Relation::Ge
    } else {
        Relation::Le
    };
    for j in 0..n {
        let terms = (0..m)
            .filter(|&i| b[[i, j]] != 0.0)
            .map(|i| (x.start + i, b[[i, j]]))
            .chain([(v, -1.0)]);
        lp.add_row(terms, relation, 0.0);
    }
    lp.add_dense_row(x.start, &vec![1.0; m], Relation::Eq, 1.0);
    let (what, outcome) = if maximiser {
        ("the row player's zero-sum LP", lp.maximise()?)
    } else {
        ("the column player's zero-sum LP", lp.minimise()?)
    };
    let mut s = outcome.optimal(what)?.values;
    s.truncate(m);
    clean_distribution(&mut s, what)?;
    Ok(s)
}

fn unit(n: usize, a: usize) -> Vec<f64> {
    (0..n).map(|b| f64::from(u8::from(a == b))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// Both routes of [`zero_sum`] (Lemke-Howson first, the LPs as fallback) give optimal
    /// strategies with the same value: the LPs are called directly here, since Lemke-Howson
    /// usually succeeds and hides them.
    #[test]
    fn lp_fallback_and_lemke_howson_agree() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
        };
        let mut games = vec![
            array![[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]],
            array![[1.0, 5.0], [2.0, 3.0]],
            array![[3.0, 3.0], [3.0, 3.0]],
        ];
        games.push(Array2::from_shape_simple_fn((12, 9), &mut next));
        games.push(Array2::from_shape_simple_fn((30, 30), &mut next));
        for a in games {
            let game = Game::zero_sum(a.view()).unwrap();
            let (x, y) = optimal_strategies(a.view()).unwrap();
            let lp = Equilibrium::new(&game, vec![x, y], "zero_sum").unwrap();
            assert!(lp.regret <= 1e-9, "LP regret {}", lp.regret);
            let lh = by_lemke_howson(&game, a.view())
                .unwrap()
                .expect("a short path");
            assert!(lh.regret <= 1e-9);
            assert!((lp.payoffs[0] - lh.payoffs[0]).abs() <= 1e-9);
        }
    }
}
