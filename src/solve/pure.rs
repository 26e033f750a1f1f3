//! Every pure-strategy Nash equilibrium of an n-player game, by a parallel scan of profiles.

use rayon::prelude::*;

use super::{Equilibrium, check_tolerance};
use crate::error::Result;
use crate::game::Game;
use crate::interrupt;

/// Profiles scanned per parallel task (and between interrupt checks).
const CHUNK: usize = 1 << 14;

/// Finds every pure profile at which no player gains more than `tol` by deviating
/// (`tol = 0`: exact Nash equilibria, compared without rounding).
///
/// The scan runs in parallel over blocks of profiles and allocates nothing per profile; each
/// player's deviations are checked in turn and the check stops at the first profitable one.
/// Results come in C order of the profiles (player 1's action slowest).
///
/// # Arguments
/// * `game` – any finite game.
/// * `tol` – the ε of ε-equilibria, finite and `>= 0`.
///
/// # Returns
/// One [`Equilibrium`] per equilibrium profile, method `"pure"`.
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for a negative or non-finite `tol`;
/// [`crate::Error::Interrupted`] if [`interrupt::request`] is called meanwhile.
///
/// # Complexity
/// `O(P · Σ n_i)` time in the worst case for `P = Π n_i` profiles (typically `O(P · n_1)`,
/// since most profiles fail at the first player), `O(1)` extra memory per thread.
///
/// # Example
/// ```
/// use detente::{solve, Game};
/// use ndarray::array;
///
/// // Battle of the sexes: two pure equilibria.
/// let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
///                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
/// let eqs = solve::pure(&g, 0.0)?;
/// assert_eq!(eqs.iter().map(|e| e.support()).collect::<Vec<_>>(),
///            vec![vec![vec![0], vec![0]], vec![vec![1], vec![1]]]);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn pure(game: &Game, tol: f64) -> Result<Vec<Equilibrium>> {
    check_tolerance(tol)?;
    let total = game.num_profiles();
    let blocks: Vec<Vec<usize>> = (0..total.div_ceil(CHUNK))
        .into_par_iter()
        .map(|b| {
            interrupt::check()?;
            Ok(scan(game, tol, b * CHUNK, ((b + 1) * CHUNK).min(total)))
        })
        .collect::<Result<_>>()?;
    let shape = game.shape();
    blocks
        .into_iter()
        .flatten()
        .map(|p| {
            let mut rest = p;
            let mut actions = vec![0; shape.len()];
            for (a, &n) in actions.iter_mut().zip(shape).rev() {
                *a = rest % n;
                rest /= n;
            }
            Equilibrium::new(game, game.pure_profile(&actions)?, "pure")
        })
        .collect()
}

/// Flat indices in `start..end` of the pure equilibria.
fn scan(game: &Game, tol: f64, start: usize, end: usize) -> Vec<usize> {
    let n = game.num_players();
    let shape = game.shape();
    let strides = game.profile_strides();
    let data = game.payoff_slice();
    let mut actions: Vec<usize> = shape
        .iter()
        .zip(&strides)
        .map(|(&k, &st)| (start / st) % k)
        .collect();
    let mut found = Vec::new();
    for p in start..end {
        let stable = (0..n).all(|i| {
            let u = data[p * n + i] + tol;
            let first = p - actions[i] * strides[i];
            (0..shape[i]).all(|a| data[(first + a * strides[i]) * n + i] <= u)
        });
        if stable {
            found.push(p);
        }
        crate::game::advance(&mut actions, shape);
    }
    found
}
