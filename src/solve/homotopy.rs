//! A Nash equilibrium of any finite game by the logit homotopy: the principal branch of logit
//! quantal response equilibria traced to large `λ`, then polished by Newton's method on the
//! support it reveals.

use super::indifference::{Multilinear, solve_on_support};
use super::qre::{Tracer, check_max_steps, sigma_of, steps_error};
use super::{Equilibrium, check_tolerance};
use crate::error::{Error, Result};
use crate::game::Game;

/// Method name recorded in the results.
const METHOD: &str = "logit_homotopy";
/// The first rescaled `λ` at which polishing is tried; later tries double it.
const FIRST_CHECK: f64 = 4.0;
/// Support thresholds tried when polishing: an action is in the support if its probability is
/// at least this fraction of the player's largest.
const SUPPORT_THRESHOLDS: [f64; 4] = [1e-2, 1e-4, 1e-7, 1e-10];
/// Perturbed games tried when the branch of the game itself cannot be followed.
const PERTURBATIONS: u64 = 3;
/// Size of those perturbations, relative to the payoff range.
const PERTURBATION: f64 = 1e-6;

/// Options of [`logit_homotopy`].
///
/// # Example
/// ```
/// use detente::solve::HomotopyOptions;
///
/// let o = HomotopyOptions { tol: 1e-6, ..HomotopyOptions::default() };
/// assert_eq!(o.max_lambda, HomotopyOptions::default().max_lambda);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HomotopyOptions {
    /// Largest regret accepted for the returned profile, relative to each player's payoff
    /// range (`>= 0`): every player `i` has `regret_i ≤ tol · (max_i − min_i)`, where
    /// `max_i − min_i` is the spread of player `i`'s own payoffs.
    pub tol: f64,
    /// Cap on continuation steps.
    pub max_steps: usize,
    /// Cap on `λ`, in units of each player's reciprocal payoff range
    /// (`λ_i · (max_i − min_i)`).
    pub max_lambda: f64,
}

impl Default for HomotopyOptions {
    fn default() -> Self {
        Self {
            tol: 1e-9,
            max_steps: super::QRE_MAX_STEPS,
            max_lambda: 1e10,
        }
    }
}

/// One Nash equilibrium of any finite game, by tracing the logit QRE branch to large `λ`
/// (a globally convergent homotopy) and polishing.
///
/// Each player's payoffs are first mapped affinely onto `[0, 1]` (a player whose payoffs are
/// all equal, onto 0): that changes no equilibrium, and makes the method invariant to each
/// player's payoff unit and origin, so the same equilibrium is found when one player's
/// payoffs are multiplied by `10⁹` or shifted. The branch traced is the logit branch of this
/// rescaled game, in which `λ` is in units of each player's reciprocal payoff range; the
/// result is certified on the game itself.
///
/// The principal branch of logit quantal response equilibria starts at the uniform profile
/// (`λ = 0`) and, for generic games, converges as `λ → ∞` to a Nash equilibrium (McKelvey &
/// Palfrey 1995); [`logit_qre`](super::logit_qre) describes the tracer. Each time `λ` doubles
/// (from `λ · range = 4`), the likely support is read off the current profile and the
/// indifference equations on it are solved by Newton's method (least-squares steps via SVD,
/// with nalgebra), which reaches regrets near `1e-12` times each player's payoff range. The
/// first polished profile within `tol` is returned; if polishing never succeeds, the
/// unpolished QRE profile is returned once it is within `tol` itself. If the branch cannot be
/// followed (a singular point, possible in degenerate games), up to three random
/// perturbations of the payoffs by `10⁻⁶` of each player's range are traced instead, each polished
/// and certified on the original game, and finally the game's own branch is followed through
/// its singular points; the caps apply to each attempt.
///
/// # Arguments
/// * `game` – any finite game, any number of players.
/// * `options` – `tol` (default `1e-9`), `max_steps`, `max_lambda`.
///
/// # Returns
/// An [`Equilibrium`] with method `"logit_homotopy"` in which every player's regret
/// ([`Game::regret`], recomputed from the game) is at most `tol` times that player's payoff
/// range, so `regret ≤ tol · (largest range)`. Regrets are in each player's own payoff units;
/// when the players' scales differ, the relative criterion is the one that means the same for
/// every player (an absolute `1e-9` is below the rounding error of payoffs near `10⁹`).
///
/// # Errors
/// [`Error::InvalidArgument`] for a negative `tol`, zero `max_steps` or non-positive
/// `max_lambda`; [`Error::Solver`] if a cap is reached or the branch cannot be followed
/// (possible in degenerate games) before a profile within `tol` is found;
/// [`Error::Interrupted`].
///
/// # Complexity
/// Typically a few hundred continuation steps, each a few `O(P · N²)` evaluations and dense
/// solves of size `Σ n_i + 1`; no worst-case bound is known (the problem is PPAD-hard).
///
/// # References
/// McKelvey & Palfrey (1995), GEB 10; Turocy (2005), GEB 51; Govindan & Wilson (2003),
/// "A global Newton method to compute Nash equilibria", JET 110 (on homotopies).
///
/// # Example
/// ```
/// use detente::solve::{self, HomotopyOptions};
/// use detente::Game;
///
/// // Three-player volunteer's dilemma: benefit 2 if someone volunteers, cost 1.
/// let g = Game::from_fn(&[2, 2, 2], |s, i| {
///     let any = s.contains(&1);
///     (if any { 2.0 } else { 0.0 }) - if s[i] == 1 { 1.0 } else { 0.0 }
/// })?;
/// let eq = solve::logit_homotopy(&g, HomotopyOptions::default())?;
/// assert!(eq.regret <= 1e-9);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn logit_homotopy(game: &Game, options: HomotopyOptions) -> Result<Equilibrium> {
    check_tolerance(options.tol)?;
    check_max_steps(options.max_steps)?;
    if !(options.max_lambda.is_finite() && options.max_lambda > 0.0) {
        return Err(Error::InvalidArgument(format!(
            "max_lambda must be finite and > 0, got {}",
            options.max_lambda
        )));
    }
    let ml = Multilinear::per_player(game);
    if ml.scale == 0.0 {
        return Equilibrium::new(game, game.uniform_profile(), METHOD);
    }
    let mut result = trace(game, &ml, &ml, options, true);
    for seed in 0..PERTURBATIONS {
        if !matches!(result, Err(Error::Solver(_))) {
            return result;
        }
        // A degenerate game can make the branch singular: trace a generic neighbour instead
        // and polish on the game itself.
        let nearby = ml.perturbed(seed, PERTURBATION);
        result = trace(game, &nearby, &ml, options, true);
    }
    match result {
        // Last resort: follow the game's own branch through its singular points.
        Err(Error::Solver(_)) => trace(game, &ml, &ml, options, false),
        other => other,
    }
}

/// Traces the branch of `traced` and polishes (and certifies) on `game` / `ml`.
fn trace(
    game: &Game,
    traced: &Multilinear,
    ml: &Multilinear,
    options: HomotopyOptions,
    strict: bool,
) -> Result<Equilibrium> {
    let mut tracer = Tracer::new(traced, strict);
    let mut check = FIRST_CHECK;
    loop {
        if tracer.lambda() >= check || tracer.lambda() >= options.max_lambda {
            let sigma = sigma_of(traced, &tracer.x);
            if let Some(eq) = polish(game, ml, &sigma, options.tol)? {
                return Ok(eq);
            }
            let raw = Equilibrium::new(game, ml.unflatten(&sigma), METHOD)?;
            let relative = relative_regret(game, ml, &raw)?;
            if relative <= options.tol {
                return Ok(raw);
            }
            if tracer.lambda() >= options.max_lambda {
                return Err(Error::Solver(format!(
                    "the logit homotopy reached max_lambda = {:e} (in units of each player's \
                     payoff range) with a regret of {relative:.3e} times a player's payoff range \
                     > tol = {:e}; raise max_lambda or tol",
                    options.max_lambda, options.tol
                )));
            }
            while check <= tracer.lambda() {
                check *= 2.0;
            }
        }
        if tracer.steps >= options.max_steps {
            return Err(steps_error(
                options.max_steps,
                &ml.describe_lambda(tracer.lambda()),
            ));
        }
        tracer.step()?;
    }
}

/// The largest ratio of a player's regret to that player's payoff range (a player with
/// constant payoffs has no regret to speak of and counts as 0).
fn relative_regret(game: &Game, ml: &Multilinear, eq: &Equilibrium) -> Result<f64> {
    let regrets = game.regret(&eq.strategies)?;
    Ok(regrets
        .iter()
        .zip(&ml.ranges)
        .map(|(&r, &range)| if range > 0.0 { r / range } else { 0.0 })
        .fold(0.0, f64::max))
}

/// Newton on the supports suggested by `sigma`; the first certified profile whose relative
/// regret ([`relative_regret`]) is `<= tol`, if any.
fn polish(game: &Game, ml: &Multilinear, sigma: &[f64], tol: f64) -> Result<Option<Equilibrium>> {
    let mut tried: Vec<Vec<usize>> = Vec::new();
    for threshold in SUPPORT_THRESHOLDS {
        let support: Vec<usize> = (0..ml.n)
            .flat_map(|i| {
                let block = &sigma[ml.offsets[i]..ml.offsets[i] + ml.shape[i]];
                let top = block.iter().copied().fold(0.0, f64::max);
                (0..ml.shape[i])
                    .filter(move |&a| block[a] >= threshold * top)
                    .map(move |a| ml.offsets[i] + a)
            })
            .collect();
        if tried.contains(&support) {
            continue;
        }
        if let Some(x) = solve_on_support(ml, &support, sigma) {
            let eq = Equilibrium::new(game, ml.unflatten(&x), METHOD)?;
            if relative_regret(game, ml, &eq)? <= tol {
                return Ok(Some(eq));
            }
        }
        tried.push(support);
    }
    Ok(None)
}
