//! Correlated and coarse correlated equilibria of n-player games by linear programming.

use ndarray::{ArrayD, IxDyn};
use serde::{Deserialize, Serialize};

use super::clean_distribution;
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::lp::{LinearProgram, Outcome, Relation};

/// The largest number of pure profiles (LP variables) [`correlated`] accepts.
///
/// # Example
/// ```
/// assert_eq!(detente::solve::MAX_CORRELATED_PROFILES, 1_000_000);
/// ```
pub const MAX_CORRELATED_PROFILES: usize = 1_000_000;

/// The largest number of nonzero constraint coefficients [`correlated`] hands to the LP
/// backend (`P · (1 + Σ_i (n_i − 1))` for correlated, `P · (1 + N)` for coarse correlated
/// equilibria, with `P` profiles).
const MAX_NONZEROS: usize = 20_000_000;

/// The largest deviation gain accepted from the backend, relative to the largest absolute
/// payoff; beyond it [`correlated`] reports [`Error::Solver`] rather than a wrong answer.
const ACCEPT: f64 = 1e-6;

/// Weights below which the LP's distribution is also tried without them.
const NOISE_THRESHOLDS: [f64; 4] = [1e-9, 1e-7, 1e-6, 1e-5];

/// What [`correlated`] optimises over the equilibrium polytope.
///
/// # Example
/// ```
/// use detente::solve::CorrelatedObjective;
///
/// let fair = CorrelatedObjective::Weights(vec![1.0, 1.0]);
/// assert_ne!(fair, CorrelatedObjective::Welfare);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CorrelatedObjective {
    /// Maximise the sum of the players' expected payoffs.
    Welfare,
    /// No objective: any (coarse) correlated equilibrium, a vertex of the polytope.
    None,
    /// Maximise `Σ_i w_i · u_i` with one finite weight per player.
    Weights(Vec<f64>),
    /// Maximise the smallest expected payoff of any player.
    MaxMin,
}

/// `"welfare"`, `"none"` or `"max_min"` (weights have no name: build
/// [`CorrelatedObjective::Weights`]).
///
/// # Example
/// ```
/// use detente::solve::CorrelatedObjective;
///
/// assert_eq!("max_min".parse::<CorrelatedObjective>()?, CorrelatedObjective::MaxMin);
/// assert!("fair".parse::<CorrelatedObjective>().is_err());
/// # Ok::<(), detente::Error>(())
/// ```
impl std::str::FromStr for CorrelatedObjective {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        crate::error::choose(
            "objective",
            text,
            &[
                ("welfare", Self::Welfare),
                ("none", Self::None),
                ("max_min", Self::MaxMin),
            ],
        )
    }
}

/// A correlated (or coarse correlated) equilibrium: a distribution over pure profiles.
///
/// `payoffs`, `regret` and `objective_value` are recomputed from `distribution`
/// and the game, never taken from the LP.
///
/// # Example
/// ```
/// use detente::solve::{correlated, CorrelatedObjective};
/// use detente::Game;
/// use ndarray::array;
///
/// // Battle of the sexes: the welfare-maximising CE is a pure equilibrium (welfare 3).
/// let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
///                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
/// let ce = correlated(&g, &CorrelatedObjective::Welfare, false)?;
/// assert!((ce.objective_value - 3.0).abs() < 1e-9);
/// assert_eq!(ce.distribution.shape(), &[2, 2]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrelatedEquilibrium {
    /// Probability of each pure profile; the array has the game's action shape
    /// `(n_1, …, n_N)`, entries in `[0, 1]` summing to 1.
    pub distribution: ArrayD<f64>,
    /// Each player's expected payoff under the distribution.
    pub payoffs: Vec<f64>,
    /// The largest expected gain of any deviation the equilibrium notion forbids, `>= 0`
    /// (0 at an exact equilibrium): for a CE, player `i` replacing recommendation `a` by `a'`
    /// (the gain summed over profiles recommending `a`, i.e. unnormalised by their
    /// probability); for a coarse CE, player `i` playing `a'` whatever the recommendation.
    #[serde(alias = "max_deviation_gain")]
    pub regret: f64,
    /// The objective at the distribution: total welfare, the weighted sum, the smallest
    /// payoff, or 0 for [`CorrelatedObjective::None`].
    pub objective_value: f64,
    /// Whether this is a coarse correlated equilibrium (method `"coarse_correlated"`) rather
    /// than a correlated one (method `"correlated"`).
    #[serde(default)]
    pub coarse: bool,
}

impl CorrelatedEquilibrium {
    /// The former name of [`CorrelatedEquilibrium::regret`].
    #[deprecated(
        since = "0.1.0",
        note = "use the `regret` field (the common vocabulary)"
    )]
    pub fn max_deviation_gain(&self) -> f64 {
        self.regret
    }

    /// `"correlated"` or `"coarse_correlated"`.
    pub fn method(&self) -> &'static str {
        if self.coarse {
            "coarse_correlated"
        } else {
            "correlated"
        }
    }
}

/// A correlated equilibrium (Aumann 1974) or coarse correlated equilibrium (Hannan 1957;
/// Moulin & Vial 1978) of an n-player game, optimising `objective`.
///
/// A distribution `μ` over pure profiles is a **correlated equilibrium** (CE) if no player,
/// told only its own action `a` drawn from `μ`, gains by playing `a'` instead:
/// `Σ_{s_-i} μ(a, s_-i) [u_i(a, s_-i) − u_i(a', s_-i)] >= 0` for every player `i` and actions
/// `a ≠ a'`. It is a **coarse correlated equilibrium** (CCE) if no player gains by committing
/// to `a'` before hearing anything: `Σ_s μ(s) [u_i(s) − u_i(a', s_-i)] >= 0`. Every Nash
/// equilibrium (as the product of its strategies) is a CE, every CE is a CCE; both sets are
/// polytopes, so a linear objective is optimised by one LP over `μ`.
///
/// Each deviation row is scaled to a largest coefficient of 1 for numerical stability. The
/// LP's `μ` is cleaned (negative noise clipped, renormalised), then `payoffs`,
/// `regret` and `objective_value` are recomputed from it and the game.
///
/// The deviation gain is typically below `1e-10`. On degenerate games with near-ties of very
/// different magnitudes (`1e-9` next to `1`) the backend can be far less accurate: an answer
/// whose gain exceeds `1e-6` times the largest absolute payoff is retried on a rounded
/// program and otherwise refused with [`Error::Solver`], never returned.
///
/// # Arguments
/// * `game` – any finite game with at most [`MAX_CORRELATED_PROFILES`] pure profiles.
/// * `objective` – what to maximise; see [`CorrelatedObjective`].
/// * `coarse` – `false` for a correlated equilibrium, `true` for a coarse correlated one.
///
/// # Returns
/// A [`CorrelatedEquilibrium`]: an optimal vertex of the (coarse) correlated equilibrium
/// polytope.
///
/// # Errors
/// [`Error::InvalidArgument`] for weights of the wrong length or not finite;
/// [`Error::InvalidGame`] if the game has more than [`MAX_CORRELATED_PROFILES`] profiles or
/// its LP would have more than 2·10⁷ nonzero coefficients, or for payoffs too large to add
/// ([`Game::check_payoff_scale`]); [`Error::Solver`] if the LP
/// backend fails or its answer cannot be certified (see above); [`Error::Interrupted`] if
/// it is stopped ([`interrupt`]) while the LP is being built (the simplex itself cannot be
/// interrupted).
///
/// # Complexity
/// One LP with `P = Π n_i` variables and `1 + Σ_i n_i (n_i − 1)` rows (`1 + Σ_i n_i` for a
/// CCE) holding `P · Σ_i (n_i − 1)` nonzeros (`P · N`), by the simplex method of the pure-Rust
/// backend; a CE, with its larger LP, takes longer than a CCE of the same game. Games much
/// beyond `10⁴` profiles are accepted but may take very long.
///
/// # References
/// * R. J. Aumann, "Subjectivity and correlation in randomized strategies", *J. Math.
///   Econ.* 1, 1974.
/// * H. Moulin and J.-P. Vial, "Strategically zero-sum games", *Int. J. Game Theory* 7, 1978.
/// * C. H. Papadimitriou and T. Roughgarden, "Computing correlated equilibria in
///   multi-player games", *J. ACM* 55, 2008.
///
/// # Example
/// ```
/// use detente::solve::{correlated, CorrelatedObjective};
/// use detente::Game;
/// use ndarray::array;
///
/// // Chicken (C = 0, D = 1): the welfare-maximising CE puts 1/2 on (C, C) and 1/4 on each of
/// // (C, D) and (D, C), welfare 10.5, better than any Nash equilibrium (at most 9).
/// let g = Game::from_bimatrix(array![[6.0, 2.0], [7.0, 0.0]].view(),
///                             array![[6.0, 7.0], [2.0, 0.0]].view())?;
/// let ce = correlated(&g, &CorrelatedObjective::Welfare, false)?;
/// assert!((ce.objective_value - 10.5).abs() < 1e-9);
/// assert!((ce.distribution[[0, 0]] - 0.5).abs() < 1e-9);
/// assert!(ce.regret <= 1e-9);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn correlated(
    game: &Game,
    objective: &CorrelatedObjective,
    coarse: bool,
) -> Result<CorrelatedEquilibrium> {
    let n = game.num_players();
    if let CorrelatedObjective::Weights(w) = objective
        && (w.len() != n || w.iter().any(|x| !x.is_finite()))
    {
        return Err(Error::InvalidArgument(format!(
            "objective weights must be {n} finite numbers, one per player; got {w:?}"
        )));
    }
    check_size(game, coarse)?;
    game.check_payoff_scale("the correlated equilibrium LP")?;
    // The backend is trusted for nothing: if its answer violates the constraints by more than
    // ACCEPT times the payoff scale, retry on the rounded program, then give up with an error.
    let scale = game
        .payoff_slice()
        .iter()
        .fold(0.0_f64, |s, x| s.max(x.abs()));
    let accept = ACCEPT * scale.max(f64::MIN_POSITIVE);
    let mut best = denoise(game, solve_lp(game, objective, coarse, false)?, coarse);
    if best.0.1 > accept {
        best = denoise(game, solve_lp(game, objective, coarse, true)?, coarse);
    }
    if best.0.1 > accept {
        return Err(Error::Solver(format!(
            "the LP backend (microlp) returned a distribution with deviation gain {:e}, above \
             the accepted {accept:e}: the game is numerically degenerate for it (payoffs of \
             very different magnitudes?); round the payoffs and retry",
            best.0.1
        )));
    }
    let ((payoffs, regret), mu) = best;
    let objective_value = match objective {
        CorrelatedObjective::Welfare => payoffs.iter().sum(),
        CorrelatedObjective::None => 0.0,
        CorrelatedObjective::Weights(w) => w.iter().zip(&payoffs).map(|(w, u)| w * u).sum(),
        CorrelatedObjective::MaxMin => payoffs.iter().copied().fold(f64::INFINITY, f64::min),
    };
    let distribution = ArrayD::from_shape_vec(IxDyn(game.shape()), mu)
        .map_err(|e| Error::Solver(format!("cannot shape the distribution: {e}")))?;
    Ok(CorrelatedEquilibrium {
        distribution,
        payoffs,
        regret,
        objective_value,
        coarse,
    })
}

/// Refuses games whose LP would be too large to build or solve.
fn check_size(game: &Game, coarse: bool) -> Result<()> {
    let p = game.num_profiles();
    let kind = if coarse {
        "coarse correlated"
    } else {
        "correlated"
    };
    if p > MAX_CORRELATED_PROFILES {
        return Err(Error::InvalidGame(format!(
            "the {kind} equilibrium LP has one variable per pure profile, and this game has \
             {p} profiles (limit {MAX_CORRELATED_PROFILES}); reduce the game first (e.g. \
             solve::dominance)"
        )));
    }
    let per_profile = 1 + if coarse {
        game.num_players()
    } else {
        game.shape().iter().map(|k| k - 1).sum()
    };
    let nonzeros = p.saturating_mul(per_profile);
    if nonzeros > MAX_NONZEROS {
        return Err(Error::InvalidGame(format!(
            "the {kind} equilibrium LP of this game would have {nonzeros} nonzero coefficients \
             (limit {MAX_NONZEROS}); reduce the game first (e.g. solve::dominance)"
        )));
    }
    Ok(())
}

/// On degenerate games the simplex can leave weights of order 1e-7 where there should be
/// none: also tries dropping weights below a few thresholds, and keeps the distribution with
/// the smallest deviation gain (the LP's own on ties). Returns `((payoffs, gain), mu)`.
fn denoise(game: &Game, lp_mu: Vec<f64>, coarse: bool) -> ((Vec<f64>, f64), Vec<f64>) {
    let mut best = (deviation_gains(game, &lp_mu, coarse), lp_mu.clone());
    for threshold in NOISE_THRESHOLDS {
        let mut mu: Vec<f64> = lp_mu
            .iter()
            .map(|&p| if p < threshold { 0.0 } else { p })
            .collect();
        if clean_distribution(&mut mu, "the correlated equilibrium LP").is_ok() {
            let gains = deviation_gains(game, &mu, coarse);
            if gains.1 < best.0.1 {
                best = (gains, mu);
            }
        }
    }
    best
}

/// Builds and solves the LP (with rounded coefficients if `snap`, see
/// [`LinearProgram::snapped`]); returns the cleaned distribution in C order of profiles.
fn solve_lp(
    game: &Game,
    objective: &CorrelatedObjective,
    coarse: bool,
    snap: bool,
) -> Result<Vec<f64>> {
    let n = game.num_players();
    let shape = game.shape();
    let strides = game.profile_strides();
    let data = game.payoff_slice();
    let total = game.num_profiles();
    // The largest absolute payoff scales the objective (deviation rows are scaled below).
    let scale = data
        .iter()
        .fold(0.0_f64, |s, x| s.max(x.abs()))
        .max(f64::MIN_POSITIVE);

    let mut lp = LinearProgram::new();
    let cost = |p: usize| match objective {
        CorrelatedObjective::Welfare => (0..n).map(|i| data[p * n + i]).sum::<f64>() / scale,
        CorrelatedObjective::Weights(w) => {
            (0..n).map(|i| w[i] * data[p * n + i]).sum::<f64>() / scale
        }
        CorrelatedObjective::None | CorrelatedObjective::MaxMin => 0.0,
    };
    for p in 0..total {
        lp.add_variable(0.0, 1.0, cost(p));
    }
    lp.add_dense_row(0, &vec![1.0; total], Relation::Eq, 1.0);
    if *objective == CorrelatedObjective::MaxMin {
        // max t subject to Σ_s μ(s) u_i(s) / scale >= t for every player i.
        let t = lp.add_variable(-1.0, 1.0, 1.0);
        for i in 0..n {
            let terms = (0..total).map(|p| (p, data[p * n + i] / scale));
            lp.add_row(terms.chain([(t, -1.0)]), Relation::Ge, 0.0);
        }
    }
    for i in 0..n {
        interrupt::check()?;
        let k = shape[i];
        // CE: row (a, a') for a ≠ a'; CCE: row a'.
        let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); if coarse { k } else { k * k }];
        for p in 0..total {
            let a = (p / strides[i]) % k;
            let base = p - a * strides[i];
            let u = data[p * n + i];
            for b in (0..k).filter(|&b| b != a) {
                let c = u - data[(base + b * strides[i]) * n + i];
                if c != 0.0 {
                    rows[if coarse { b } else { a * k + b }].push((p, c));
                }
            }
        }
        for mut row in rows.into_iter().filter(|r| !r.is_empty()) {
            // The rows are homogeneous: scaling each to a largest coefficient of 1 keeps the
            // polytope and spares the backend rows of tiny numbers.
            let top = row.iter().fold(0.0_f64, |m, &(_, c)| m.max(c.abs()));
            row.iter_mut().for_each(|(_, c)| *c /= top);
            lp.add_row(row, Relation::Ge, 0.0);
        }
    }
    interrupt::check()?;
    let what = if coarse {
        "the coarse correlated equilibrium LP"
    } else {
        "the correlated equilibrium LP"
    };
    // The polytope is never empty (Nash equilibria lie in it), but the backend can misjudge
    // near-degenerate rows: retry without their tiniest coefficients.
    let lp = if snap { lp.snapped() } else { lp };
    let outcome = match lp.maximise()? {
        Outcome::Infeasible if !snap => lp.snapped().maximise()?,
        outcome => outcome,
    };
    let mut mu = outcome.optimal(what)?.values;
    mu.truncate(total);
    clean_distribution(&mut mu, what)?;
    Ok(mu)
}

/// Each player's expected payoff under `mu` and the largest gain of a forbidden deviation,
/// computed from the game alone: `gain[i][a][a'] = Σ_{s: s_i = a} μ(s) u_i(a', s_-i)`.
fn deviation_gains(game: &Game, mu: &[f64], coarse: bool) -> (Vec<f64>, f64) {
    let n = game.num_players();
    let shape = game.shape();
    let strides = game.profile_strides();
    let data = game.payoff_slice();
    let mut payoffs = vec![0.0; n];
    let mut worst = 0.0_f64;
    for i in 0..n {
        let k = shape[i];
        let mut value = vec![0.0; k * k];
        for (p, &m) in mu.iter().enumerate().filter(|&(_, &m)| m > 0.0) {
            let a = (p / strides[i]) % k;
            let base = p - a * strides[i];
            payoffs[i] += m * data[p * n + i];
            for b in 0..k {
                value[a * k + b] += m * data[(base + b * strides[i]) * n + i];
            }
        }
        if coarse {
            let stay: f64 = (0..k).map(|a| value[a * k + a]).sum();
            for b in 0..k {
                let deviate: f64 = (0..k).map(|a| value[a * k + b]).sum();
                worst = worst.max(deviate - stay);
            }
        } else {
            for a in 0..k {
                for b in 0..k {
                    worst = worst.max(value[a * k + b] - value[a * k + a]);
                }
            }
        }
    }
    (payoffs, worst)
}
