//! Logit quantal response equilibria (McKelvey & Palfrey 1995) and the path tracer that follows
//! their principal branch from the uniform profile at `λ = 0` (Turocy 2005).
//!
//! The branch is the solution curve of `H(y, λ) = 0` in the log-probabilities
//! `y_i(a) = ln σ_i(a)`: for every player, `Σ_a exp y_i(a) = 1` and
//! `y_i(a) − y_i(0) = λ · (u_i(a, σ_{−i}) − u_i(0, σ_{−i}))` for `a ≥ 1`. It is followed by
//! arc-length continuation: an Euler predictor along the tangent, then Newton corrections on
//! the hyperplane orthogonal to it, with adaptive steps. Working in logs keeps the
//! probabilities positive and lets `λ` grow to `10^10` without underflow trouble.

use nalgebra::{DMatrix, DVector};
use serde::{Deserialize, Serialize};

use super::indifference::Multilinear;
use crate::error::{Error, Result};
use crate::game::{Game, Profile};
use crate::interrupt;

/// Default cap on accepted continuation steps (Python's `max_steps`).
///
/// # Example
/// ```
/// assert!(detente::solve::QRE_MAX_STEPS >= 1000);
/// ```
pub const QRE_MAX_STEPS: usize = 100_000;

/// Corrector iterations before a step is rejected and shortened.
const CORRECTOR_ITERATIONS: usize = 8;
/// Smallest step length before the tracer gives up.
const MIN_STEP: f64 = 1e-12;
/// Largest step length relative to `1 + |x|∞` of the current point.
const MAX_RELATIVE_STEP: f64 = 0.25;
/// Largest angle (radians) between consecutive tangents of an accepted step.
const MAX_ANGLE: f64 = 0.3;

/// The logit QRE at each requested `λ`, with the regret of each profile.
///
/// # Example
/// ```
/// use detente::{solve, Game};
/// use ndarray::array;
///
/// let pennies = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// let path = solve::logit_qre(&pennies, &[0.0, 1.0, 10.0])?;
/// assert_eq!(path.lambdas, vec![0.0, 1.0, 10.0]);
/// assert!((path.strategies[2][0][0] - 0.5).abs() < 1e-12);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogitQre {
    /// The precision parameters, as requested (in reciprocal payoff units).
    pub lambdas: Vec<f64>,
    /// The QRE profile at each `λ`.
    #[serde(alias = "profiles")]
    pub strategies: Vec<Profile>,
    /// The max regret ([`Game::max_regret`]) of each profile: how far it is from Nash.
    #[serde(alias = "regrets")]
    pub regret: Vec<f64>,
}

impl LogitQre {
    /// The former name of [`LogitQre::strategies`].
    #[deprecated(
        since = "0.1.0",
        note = "use the `strategies` field (the common vocabulary)"
    )]
    pub fn profiles(&self) -> &[Profile] {
        &self.strategies
    }

    /// The former name of [`LogitQre::regret`].
    #[deprecated(
        since = "0.1.0",
        note = "use the `regret` field (the common vocabulary)"
    )]
    pub fn regrets(&self) -> &[f64] {
        &self.regret
    }

    /// The log-likelihood of observed play at each `λ`: `Σ_i Σ_a counts[i][a] · ln σ_i(a)`,
    /// for fitting `λ` to data (maximum likelihood over the requested grid).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `counts` does not hold one non-negative, finite count per
    /// action of every player.
    ///
    /// # Example
    /// ```
    /// use detente::{solve, Game};
    /// use ndarray::array;
    ///
    /// let g = Game::from_bimatrix(array![[9.0, 0.0], [0.0, 1.0]].view(),
    ///                             array![[0.0, 1.0], [1.0, 0.0]].view())?;
    /// let path = solve::logit_qre(&g, &[0.0, 0.5, 1.0])?;
    /// let ll = path.log_likelihood(&[vec![30.0, 10.0], vec![15.0, 25.0]])?;
    /// assert_eq!(ll.len(), 3);
    /// assert!((ll[0] - 80.0 * 0.5f64.ln()).abs() < 1e-9);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn log_likelihood(&self, counts: &[Vec<f64>]) -> Result<Vec<f64>> {
        let shape: Vec<usize> = self.strategies[0].iter().map(Vec::len).collect();
        let fits = counts.len() == shape.len()
            && counts.iter().zip(&shape).all(|(c, &n)| c.len() == n)
            && counts.iter().flatten().all(|c| c.is_finite() && *c >= 0.0);
        if !fits {
            return Err(Error::InvalidArgument(format!(
                "counts must hold one non-negative finite count per action of every player \
                 (action counts {shape:?})"
            )));
        }
        Ok(self
            .strategies
            .iter()
            .map(|p| {
                p.iter()
                    .flatten()
                    .zip(counts.iter().flatten())
                    .filter(|(_, c)| **c > 0.0)
                    .map(|(s, c)| c * s.ln())
                    .sum()
            })
            .collect())
    }
}

/// Logit quantal response equilibria along the principal branch, at the given `λ` values.
///
/// At precision `λ` every player plays each action with probability proportional to
/// `exp(λ · u_i(a, σ_{−i}))`. At `λ = 0` that is the uniform profile; as `λ → ∞` the branch
/// converges to a Nash equilibrium (McKelvey & Palfrey 1995), so the regrets shrink. The
/// branch is traced by predictor–corrector continuation (Turocy 2005) and each requested
/// `λ` is hit exactly by Newton's method with `λ` fixed. If the branch bends back in `λ`
/// (possible in some games), the first point at which it reaches a requested `λ` is reported.
///
/// # Arguments
/// * `game` – any finite game.
/// * `lambdas` – non-decreasing, finite, non-negative precisions.
///
/// # Returns
/// A [`LogitQre`] with one profile and regret per `λ`.
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty, negative, non-finite or decreasing `lambdas`;
/// [`Error::InvalidGame`] for payoffs too large to subtract ([`Game::check_payoff_scale`]);
/// [`Error::Solver`] if the tracer needs more than [`QRE_MAX_STEPS`] steps or cannot continue
/// (a singular point); [`Error::Interrupted`].
///
/// # Complexity
/// Each step costs a few evaluations of `O(P · N²)` (`P` pure profiles, `N` players) and
/// dense solves of size `Σ n_i + 1`; the number of steps grows roughly with `log λ_max`.
///
/// # References
/// McKelvey & Palfrey (1995), "Quantal response equilibria for normal form games", GEB 10;
/// Turocy (2005), "A dynamic homotopy interpretation of the logistic quantal response
/// equilibrium correspondence", GEB 51.
///
/// # Example
/// ```
/// use detente::{solve, Game};
/// use ndarray::array;
///
/// // Asymmetric matching pennies: the row player's (0,0) payoff is 9.
/// let g = Game::from_bimatrix(array![[9.0, 0.0], [0.0, 1.0]].view(),
///                             array![[0.0, 1.0], [1.0, 0.0]].view())?;
/// let path = solve::logit_qre(&g, &[0.0, 1.0, 100.0])?;
/// assert_eq!(path.strategies[0], vec![vec![0.5, 0.5], vec![0.5, 0.5]]);
/// assert!(path.regret[2] < path.regret[1]);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn logit_qre(game: &Game, lambdas: &[f64]) -> Result<LogitQre> {
    logit_qre_with(game, lambdas, QRE_MAX_STEPS)
}

/// [`logit_qre`] with an explicit cap on continuation steps.
///
/// # Errors
/// As [`logit_qre`], and [`Error::InvalidArgument`] for `max_steps = 0`.
///
/// # Example
/// ```
/// use detente::{solve, Game};
/// use ndarray::array;
///
/// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// assert!(solve::logit_qre_with(&g, &[1e9], 1).is_err());
/// # Ok::<(), detente::Error>(())
/// ```
pub fn logit_qre_with(game: &Game, lambdas: &[f64], max_steps: usize) -> Result<LogitQre> {
    if lambdas.is_empty() {
        return Err(Error::InvalidArgument(
            "lambdas is empty: give at least one precision λ >= 0".into(),
        ));
    }
    if let Some(l) = lambdas.iter().find(|l| !l.is_finite() || **l < 0.0) {
        return Err(Error::InvalidArgument(format!(
            "every λ must be finite and >= 0, got {l}"
        )));
    }
    if let Some(w) = lambdas.windows(2).find(|w| w[1] < w[0]) {
        return Err(Error::InvalidArgument(format!(
            "lambdas must be non-decreasing (the branch is traced from λ = 0 upwards), but {} \
             comes after {}",
            w[1], w[0]
        )));
    }
    check_max_steps(max_steps)?;
    game.check_payoff_scale("the logit QRE tracer")?;
    let ml = Multilinear::new(game);
    let flat = if ml.scale == 0.0 {
        // Every action pays the same: the uniform profile is the QRE at every λ.
        vec![ml.uniform(); lambdas.len()]
    } else {
        // A strict trace first; through a bifurcation of a degenerate game, a lenient one.
        let traced = match trace_to(&ml, lambdas, max_steps, true) {
            Err(Error::Solver(m)) if !m.contains("max_steps") => {
                trace_to(&ml, lambdas, max_steps, false)
            }
            other => other,
        };
        traced.map_err(|e| explain_scales(e, &ml))?
    };
    let profiles: Vec<Profile> = flat.iter().map(|x| ml.unflatten(x)).collect();
    let regrets = profiles
        .iter()
        .map(|p| game.max_regret(p))
        .collect::<Result<_>>()?;
    Ok(LogitQre {
        lambdas: lambdas.to_vec(),
        strategies: profiles,
        regret: regrets,
    })
}

/// The flat QRE profiles at the (rescaled) `lambdas`, by one trace of the branch.
fn trace_to(
    ml: &Multilinear,
    lambdas: &[f64],
    max_steps: usize,
    strict: bool,
) -> Result<Vec<Vec<f64>>> {
    let mut flat = Vec::with_capacity(lambdas.len());
    let mut tracer = Tracer::new(ml, strict);
    let mut prev = tracer.x.clone();
    let mut k = 0;
    while k < lambdas.len() {
        let target = lambdas[k] * ml.scale;
        if target <= prev[ml.m] {
            flat.push(sigma_of(ml, &prev));
            k += 1;
            continue;
        }
        if target <= tracer.lambda() {
            let x = tracer.at_lambda(&prev, target)?;
            flat.push(sigma_of(ml, &x));
            k += 1;
            continue;
        }
        if tracer.steps >= max_steps {
            return Err(steps_error(max_steps, &ml.describe_lambda(tracer.lambda())));
        }
        prev = tracer.x.clone();
        tracer.step()?;
    }
    Ok(flat)
}

/// Players' payoff ranges differing by more than this factor are named in a tracer failure.
const SCALE_RATIO: f64 = 1e6;

/// Adds to a tracer failure on a game whose players' payoff ranges differ by more than
/// [`SCALE_RATIO`] that this is the likely cause (one `λ` for every player then means a
/// nearly best-responding player next to a nearly indifferent one, and a long, stiff branch).
fn explain_scales(e: Error, ml: &Multilinear) -> Error {
    let ratio = ml.range_ratio();
    match e {
        Error::Solver(m) if ratio > SCALE_RATIO => {
            let ranges: Vec<String> = ml.ranges.iter().map(|r| format!("{r:.3e}")).collect();
            Error::Solver(format!(
                "{m}. Likely cause: the players' payoff scales differ by a factor of \
                 {ratio:.1e} (payoff ranges {}). λ is in reciprocal payoff units, one for all \
                 players, so where one player is still nearly indifferent another already \
                 best-responds sharply, and the branch is too stiff to follow. If the payoff \
                 units are arbitrary, express every player's payoffs in comparable units; for a \
                 Nash equilibrium use logit_homotopy, which rescales each player's payoffs",
                ranges.join(", ")
            ))
        }
        other => other,
    }
}

pub(crate) fn check_max_steps(max_steps: usize) -> Result<()> {
    if max_steps == 0 {
        Err(Error::InvalidArgument(
            "max_steps must be at least 1".into(),
        ))
    } else {
        Ok(())
    }
}

/// The error for a trace stopped at `max_steps`; `lambda` says where, as
/// [`Multilinear::describe_lambda`] does.
pub(crate) fn steps_error(max_steps: usize, lambda: &str) -> Error {
    Error::Solver(format!(
        "the logit path tracer reached its cap of max_steps = {max_steps} continuation steps at \
         {lambda}; raise max_steps"
    ))
}

/// The probabilities of a point `(y, λ)` of the branch.
pub(crate) fn sigma_of(ml: &Multilinear, x: &DVector<f64>) -> Vec<f64> {
    let mut sigma: Vec<f64> = x.iter().take(ml.m).map(|y| y.exp()).collect();
    // Renormalise away the corrector's last rounding error, so the profile validates.
    for (i, &off) in ml.offsets.iter().enumerate() {
        let block = &mut sigma[off..off + ml.shape[i]];
        let s: f64 = block.iter().sum();
        block.iter_mut().for_each(|p| *p /= s);
    }
    sigma
}

/// The state of a predictor–corrector trace of the principal logit branch (rescaled payoffs,
/// so `λ` here is the user's `λ` times the payoff range).
pub(crate) struct Tracer<'a> {
    ml: &'a Multilinear,
    /// Current point `(y, λ)`.
    pub(crate) x: DVector<f64>,
    /// Unit tangent at `x`, oriented away from `λ = 0`.
    tangent: DVector<f64>,
    /// Current step length.
    h: f64,
    /// Accepted steps so far.
    pub(crate) steps: usize,
    /// Orientation of the branch (see [`Tracer::orientation`]).
    sign: f64,
    /// Whether steps that change the orientation are rejected (safe against jumps across
    /// folds, but stops at the bifurcations of degenerate games).
    strict: bool,
}

impl<'a> Tracer<'a> {
    pub(crate) fn new(ml: &'a Multilinear, strict: bool) -> Self {
        let m = ml.m;
        let mut x = DVector::zeros(m + 1);
        for (k, p) in ml.uniform().iter().enumerate() {
            x[k] = p.ln();
        }
        let mut e = DVector::zeros(m + 1);
        e[m] = 1.0;
        let mut tracer = Self {
            ml,
            x,
            tangent: e.clone(),
            h: 0.03,
            steps: 0,
            sign: 1.0,
            strict,
        };
        // At λ = 0 the y-block of the Jacobian is invertible, so this cannot fail.
        if let Some(t) = tracer.tangent_at(&tracer.x, &e) {
            tracer.tangent = t;
        }
        tracer.sign = tracer.orientation(&tracer.x, &tracer.tangent);
        tracer
    }

    pub(crate) fn lambda(&self) -> f64 {
        self.x[self.ml.m]
    }

    /// `H(x)` and its `m × (m + 1)` Jacobian.
    fn system(&self, x: &DVector<f64>) -> (DVector<f64>, DMatrix<f64>) {
        let ml = self.ml;
        let m = ml.m;
        let lambda = x[m];
        let sigma: Vec<f64> = x.iter().take(m).map(|y| y.exp()).collect();
        let (values, cross) = ml.values_and_cross(&sigma);
        let mut h = DVector::zeros(m);
        let mut jac = DMatrix::zeros(m, m + 1);
        for (i, &off) in ml.offsets.iter().enumerate() {
            let n_i = ml.shape[i];
            h[off] = sigma[off..off + n_i].iter().sum::<f64>() - 1.0;
            for b in 0..n_i {
                jac[(off, off + b)] = sigma[off + b];
            }
            for a in 1..n_i {
                let r = off + a;
                let dv = values[r] - values[off];
                h[r] = x[r] - x[off] - lambda * dv;
                jac[(r, r)] = 1.0;
                jac[(r, off)] = -1.0;
                jac[(r, m)] = -dv;
                for c in 0..m {
                    if ml.player_of(c) != i {
                        jac[(r, c)] = -lambda * (cross[(r, c)] - cross[(off, c)]) * sigma[c];
                    }
                }
            }
        }
        (h, jac)
    }

    /// The unit null vector of the Jacobian at `x` with positive component along `prev`.
    fn tangent_at(&self, x: &DVector<f64>, prev: &DVector<f64>) -> Option<DVector<f64>> {
        let m = self.ml.m;
        let (_, jac) = self.system(x);
        let mut a = jac.insert_row(m, 0.0);
        a.set_row(m, &prev.transpose());
        let mut rhs = DVector::zeros(m + 1);
        rhs[m] = 1.0;
        let t = a.lu().solve(&rhs)?;
        let norm = t.norm();
        (norm.is_finite() && norm > 0.0).then(|| t / norm)
    }

    /// The sign of `det [J(x); tᵀ]`: constant along a regular branch traversed in one
    /// direction, so a change reveals a jump onto another part of the curve traversed
    /// backwards (or a bifurcation).
    fn orientation(&self, x: &DVector<f64>, t: &DVector<f64>) -> f64 {
        let m = self.ml.m;
        let (_, jac) = self.system(x);
        let mut a = jac.insert_row(m, 0.0);
        a.set_row(m, &t.transpose());
        a.lu().determinant().signum()
    }

    /// Newton corrections from `start` on the hyperplane through it orthogonal to `normal`.
    /// Returns the converged point, or `None`.
    fn correct(&self, start: DVector<f64>, normal: &DVector<f64>, h: f64) -> Option<DVector<f64>> {
        let m = self.ml.m;
        let mut x = start;
        let mut last = f64::INFINITY;
        for it in 0..CORRECTOR_ITERATIONS {
            let (res, jac) = self.system(&x);
            if !res.iter().all(|v| v.is_finite()) {
                return None;
            }
            let mut a = jac.insert_row(m, 0.0);
            a.set_row(m, &normal.transpose());
            let rhs = -res.insert_row(m, 0.0);
            let d = a.lu().solve(&rhs)?;
            let dn = d.norm();
            if !dn.is_finite() || (it == 0 && dn > 0.5 * h.max(1e-8)) || (it > 0 && dn > 0.5 * last)
            {
                return None;
            }
            x += &d;
            if dn <= 1e-10 * (1.0 + x.amax()) {
                return Some(x);
            }
            last = dn;
        }
        None
    }

    /// One accepted predictor–corrector step.
    pub(crate) fn step(&mut self) -> Result<()> {
        loop {
            interrupt::check()?;
            let predicted = &self.x + &self.tangent * self.h;
            if let Some(x) = self.correct(predicted, &self.tangent.clone(), self.h)
                && x[self.ml.m] >= 0.0
                && let Some(t) = self.tangent_at(&x, &self.tangent)
                && t.dot(&self.tangent) >= MAX_ANGLE.cos()
                && (!self.strict || self.orientation(&x, &t) == self.sign)
            {
                self.x = x;
                self.tangent = t;
                self.steps += 1;
                // Grow the step, but never beyond a fixed fraction of the distance travelled
                // (in these coordinates the branch becomes a ray as λ grows).
                self.h = (self.h * 1.5).min(MAX_RELATIVE_STEP * (1.0 + self.x.amax()));
                return Ok(());
            }
            self.h *= 0.5;
            if self.h < MIN_STEP {
                return Err(Error::Solver(format!(
                    "the logit path tracer could not continue at {} (the branch is singular \
                     there, e.g. at a bifurcation of a degenerate game)",
                    self.ml.describe_lambda(self.lambda())
                )));
            }
        }
    }

    /// The point of the branch at exactly `lambda`, between `prev` and the current point
    /// (Newton on the square system with `λ` fixed, from the linear interpolation).
    pub(crate) fn at_lambda(&self, prev: &DVector<f64>, lambda: f64) -> Result<DVector<f64>> {
        let m = self.ml.m;
        let (l0, l1) = (prev[m], self.lambda());
        let w = if l1 > l0 {
            (lambda - l0) / (l1 - l0)
        } else {
            1.0
        };
        let mut x = prev * (1.0 - w) + &self.x * w;
        x[m] = lambda;
        let mut normal = DVector::zeros(m + 1);
        normal[m] = 1.0;
        for _ in 0..50 {
            let (res, jac) = self.system(&x);
            let mut a = jac.insert_row(m, 0.0);
            a.set_row(m, &normal.transpose());
            let rhs = -res.insert_row(m, 0.0);
            let Some(d) = a.lu().solve(&rhs) else { break };
            x += &d;
            if d.norm() <= 1e-12 * (1.0 + x.amax()) {
                return Ok(x);
            }
        }
        Err(Error::Solver(format!(
            "Newton's method did not converge to the logit QRE at {} (a turning point of the \
             branch); request a slightly different λ",
            self.ml.describe_lambda(lambda)
        )))
    }
}
