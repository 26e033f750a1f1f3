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
    /// Largest regret accepted for the returned profile (in payoff units, `>= 0`).
    pub tol: f64,
    /// Cap on continuation steps.
    pub max_steps: usize,
    /// Cap on `λ`, in units of the reciprocal payoff range (`λ · (max − min payoff)`).
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
/// The principal branch of logit quantal response equilibria starts at the uniform profile
/// (`λ = 0`) and, for generic games, converges as `λ → ∞` to a Nash equilibrium (McKelvey &
/// Palfrey 1995); [`logit_qre`](super::logit_qre) describes the tracer. Each time `λ` doubles
/// (from `λ · range = 4`), the likely support is read off the current profile and the
/// indifference equations on it are solved by Newton's method (least-squares steps via SVD,
/// with nalgebra), which reaches regrets near `1e-12` times the payoff range. The first
/// polished profile with regret `≤ tol` is returned; if polishing never succeeds, the
/// unpolished QRE profile is returned once its own regret is `≤ tol`. If the branch cannot be
/// followed (a singular point, possible in degenerate games), up to three random
/// perturbations of the payoffs by `10⁻⁶` of their range are traced instead, each polished
/// and certified on the original game, and finally the game's own branch is followed through
/// its singular points; the caps apply to each attempt.
///
/// # Arguments
/// * `game` – any finite game, any number of players.
/// * `options` – `tol` (default `1e-9`), `max_steps`, `max_lambda`.
///
/// # Returns
/// An [`Equilibrium`] with method `"logit_homotopy"` and `regret ≤ tol` (recomputed from the
/// game).
///
/// # Errors
/// [`Error::InvalidArgument`] for a negative `tol`, zero `max_steps` or non-positive
/// `max_lambda`; [`Error::Solver`] if a cap is reached or the branch cannot be followed
/// (possible in degenerate games) before a profile with regret `≤ tol` is found;
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
    let ml = Multilinear::new(game);
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
            if raw.regret <= options.tol {
                return Ok(raw);
            }
            if tracer.lambda() >= options.max_lambda {
                return Err(Error::Solver(format!(
                    "the logit homotopy reached max_lambda = {:e} (in units of the payoff range) \
                     with regret {:.3e} > tol = {:e}; raise max_lambda or tol",
                    options.max_lambda, raw.regret, options.tol
                )));
            }
            while check <= tracer.lambda() {
                check *= 2.0;
            }
        }
        if tracer.steps >= options.max_steps {
            return Err(steps_error(options.max_steps, tracer.lambda() / ml.scale));
        }
        tracer.step()?;
    }
}

/// Newton on the supports suggested by `sigma`; the first certified profile with regret
/// `<= tol`, if any.
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
            if eq.regret <= tol {
                return Ok(Some(eq));
            }
        }
        tried.push(support);
    }
    Ok(None)
}
