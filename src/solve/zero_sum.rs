//! Two-player zero-sum and constant-sum games by linear programming (von Neumann's minimax).

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use super::{Equilibrium, clean_distribution};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::lp::{LinearProgram, Relation};

/// How far `u_1 + u_2` may stray from its value at the first profile, relative to the largest
/// absolute payoff, for a game to count as constant-sum.
const CONSTANT_SUM_TOLERANCE: f64 = 1e-12;

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
    /// (method `"zero_sum"`).
    pub equilibrium: Equilibrium,
}

/// Solves a two-player constant-sum game: the value and a pair of optimal strategies.
///
/// In a game where `u_1(i, j) + u_2(i, j) = c` for every profile, every Nash equilibrium is a
/// pair of maximin strategies and gives the row player the same payoff, the value `v`
/// (von Neumann's minimax theorem). The row player's strategy `x` solves
/// `max v s.t. Σ_i x_i A_ij >= v for every column j, x in the simplex`, and the column
/// player's `y` solves the dual-side program `min w s.t. Σ_j A_ij y_j <= w for every row i`,
/// solved separately (the backend gives no duals). Payoffs are first mapped affinely onto
/// `[0, 1]` for numerical stability (optimal strategies do not change); the LP's strategies
/// are cleaned (negative noise clipped, renormalised) and certified by
/// [`Equilibrium::new`], which recomputes payoffs and regret from the game. The value is the
/// row player's payoff at that profile.
///
/// # Arguments
/// * `game` – a two-player game whose payoffs sum to the same constant at every profile
///   (within `1e-12` times the largest absolute payoff).
///
/// # Returns
/// A [`ZeroSumSolution`]: the value to player 0 and a certified equilibrium, method
/// `"zero_sum"`.
///
/// # Errors
/// [`Error::InvalidGame`] if the game does not have two players or is not constant-sum (the
/// message names two profiles whose sums differ); [`Error::Solver`] if the LP backend fails;
/// [`Error::Interrupted`] if [`interrupt::request`] is called before an LP.
///
/// # Complexity
/// Two LPs of `m + 1` variables and `n + 1` rows (and vice versa) for an `m × n` game, by the
/// simplex method: polynomial in practice, exponential in the worst case.
///
/// # References
/// * J. von Neumann, "Zur Theorie der Gesellschaftsspiele", *Math. Annalen* 100, 1928.
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
    let (x, y) = optimal_strategies(a.view())?;
    let equilibrium = Equilibrium::new(game, vec![x, y], "zero_sum")?;
    Ok(ZeroSumSolution {
        value: equilibrium.payoffs[0],
        equilibrium,
    })
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
    Ok((x, y))
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
