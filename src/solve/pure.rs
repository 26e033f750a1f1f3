//! Every pure-strategy Nash equilibrium of an n-player game, by a parallel scan of profiles.

use num_rational::BigRational;
use num_traits::{One, Zero};
use rayon::prelude::*;

use super::{Equilibrium, ExactEquilibrium, check_tolerance};
use crate::error::Result;
use crate::game::Game;
use crate::interrupt;

/// Fibers of the last player's axis (runs of contiguous profiles) per parallel task, and
/// between interrupt checks.
const FIBERS_PER_TASK: usize = 1 << 12;

/// Finds every pure profile at which no player gains more than `tol` by deviating
/// (`tol = 0`: exact Nash equilibria, compared without rounding).
///
/// The scan runs in parallel over blocks of profiles and allocates nothing per profile. It
/// reads memory in order: for each run of profiles that differ only in the last player's
/// action it finds that player's best payoff, and checks the other players' deviations (in
/// turn, stopping at the first profitable one) only at the profiles that reach it. Results
/// come in C order of the profiles (player 1's action slowest).
///
/// # Arguments
/// * `game` – any finite game.
/// * `tol` – the ε of ε-equilibria, finite and `>= 0`.
///
/// # Returns
/// One [`Equilibrium`] per equilibrium profile, method `"pure"`. For a game given exactly
/// ([`Game::is_exact`]) each also carries its exact profile, payoffs and regret
/// ([`Equilibrium::exact`]), and at `tol = 0` only profiles with exact regret 0 are kept
/// (floats may tie where the exact payoffs differ).
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for a negative or non-finite `tol`;
/// [`crate::Error::Interrupted`] if it is stopped ([`interrupt`]) meanwhile.
///
/// # Complexity
/// `O(P · Σ n_i)` time in the worst case for `P = Π n_i` profiles; typically `O(P)`, since
/// only about `P / n_N` profiles survive the last player's check. `O(1)` extra memory per
/// thread.
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
    let last = game.shape()[game.num_players() - 1];
    let fibers = game.num_profiles() / last;
    let tasks = fibers.div_ceil(FIBERS_PER_TASK);
    let scan_task = |t: usize| -> Result<Vec<usize>> {
        interrupt::check()?;
        Ok(scan(
            game,
            tol,
            t * FIBERS_PER_TASK,
            ((t + 1) * FIBERS_PER_TASK).min(fibers),
        ))
    };
    let blocks: Vec<Vec<usize>> = if tasks > 1 {
        let token = interrupt::current();
        (0..tasks)
            .into_par_iter()
            .map(|t| interrupt::within(token.as_ref(), || scan_task(t)))
            .collect::<Result<_>>()?
    } else {
        vec![scan_task(0)?]
    };
    let shape = game.shape();
    let mut found = Vec::new();
    for p in blocks.into_iter().flatten() {
        let mut rest = p;
        let mut actions = vec![0; shape.len()];
        for (a, &n) in actions.iter_mut().zip(shape).rev() {
            *a = rest % n;
            rest /= n;
        }
        let eq = Equilibrium::new(game, game.pure_profile(&actions)?, "pure")?;
        if !game.is_exact() {
            found.push(eq);
            continue;
        }
        // A pure profile of an exact game is exact: certify it in the game's exact payoffs.
        // Floats keep the order of the exact values but may tie where they differ, so at
        // `tol = 0` a profile the floats accept can have a positive exact regret: drop it.
        let exact = ExactEquilibrium::new(game, exact_pure_profile(game, &actions))?;
        if tol == 0.0 && exact.regret.as_ref().is_some_and(|r| !r.is_zero()) {
            continue;
        }
        found.push(eq.with_exact(exact));
    }
    Ok(found)
}

/// The pure profile `actions` as exact unit vectors.
fn exact_pure_profile(game: &Game, actions: &[usize]) -> Vec<Vec<BigRational>> {
    game.shape()
        .iter()
        .zip(actions)
        .map(|(&k, &a)| {
            (0..k)
                .map(|b| {
                    if a == b {
                        BigRational::one()
                    } else {
                        BigRational::zero()
                    }
                })
                .collect()
        })
        .collect()
}

/// Flat indices of the pure equilibria among the profiles of fibers `start..end`.
///
/// A fiber is the run of profiles that differ only in the last player's action; they are
/// contiguous in memory. The last player's best payoff in the fiber is found first, and only
/// profiles reaching it (within `tol`) are checked for the other players' deviations, so most
/// profiles cost one sequential read.
fn scan(game: &Game, tol: f64, start: usize, end: usize) -> Vec<usize> {
    let n = game.num_players();
    let shape = game.shape();
    let strides = game.profile_strides();
    let data = game.payoff_slice();
    let last = n - 1;
    let k = shape[last];
    let mut found = Vec::new();
    for fiber in start..end {
        let base = fiber * k;
        let best = (base..base + k).fold(f64::NEG_INFINITY, |m, p| m.max(data[p * n + last]));
        for p in base..base + k {
            if data[p * n + last] + tol < best {
                continue;
            }
            let stable = (0..last).rev().all(|i| {
                let own = (p / strides[i]) % shape[i];
                let u = data[p * n + i] + tol;
                let first = p - own * strides[i];
                (0..shape[i]).all(|a| data[(first + a * strides[i]) * n + i] <= u)
            });
            if stable {
                found.push(p);
            }
        }
    }
    found
}
