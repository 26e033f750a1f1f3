//! Replicator dynamics, one population (symmetric games) or one population per player.

use serde::{Deserialize, Serialize};

use super::{
    CHECK_EVERY, Run, StartKind, Starts, Trajectory, check_max_iter, check_trajectories, finish,
    run_all,
};
use crate::error::{Error, Result};
use crate::game::{Game, PROBABILITY_TOLERANCE, Profile};
use crate::interrupt;

/// Who replicates: one population per player, or a single population playing a symmetric
/// two-player game against itself.
///
/// # Example
/// ```
/// use detente::dynamics::Population;
///
/// assert_eq!(Population::default(), Population::Multi);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Population {
    /// One population per player: `ẋ_{i,a} = x_{i,a} (v_i(a) − x_i · v_i)`, with `v_i` player
    /// `i`'s action values against the others' mixtures. Any number of players.
    #[default]
    Multi,
    /// One population of a symmetric two-player game with row matrix `A`:
    /// `ẋ_a = x_a ((A x)_a − x · A x)`; the profile is `(x, x)`.
    Single,
}

/// `"multi"` or `"single"`.
impl std::str::FromStr for Population {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        crate::error::choose(
            "population",
            text,
            &[("multi", Self::Multi), ("single", Self::Single)],
        )
    }
}

/// The numerical integrator of the replicator equation.
///
/// # Example
/// ```
/// use detente::dynamics::Integrator;
///
/// assert_eq!(Integrator::default(), Integrator::Rk4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Integrator {
    /// Forward Euler, `x + dt · f(x)`: one evaluation of the action values per step.
    Euler,
    /// Classical fourth-order Runge–Kutta: four evaluations per step, error `O(dt⁴)`.
    #[default]
    Rk4,
}

/// `"euler"` or `"rk4"`.
impl std::str::FromStr for Integrator {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        crate::error::choose(
            "method",
            text,
            &[("euler", Self::Euler), ("rk4", Self::Rk4)],
        )
    }
}

/// Options of [`replicator`].
///
/// # Example
/// ```
/// use detente::dynamics::{Population, ReplicatorOptions};
///
/// let o = ReplicatorOptions { population: Population::Single, ..Default::default() };
/// assert_eq!(o.dt, 0.05);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReplicatorOptions {
    /// One population per player, or one for a symmetric game.
    pub population: Population,
    /// Euler or RK4 steps.
    pub integrator: Integrator,
    /// The step size, finite and `> 0`.
    pub dt: f64,
    /// The largest number of steps per run, at least 1.
    pub max_iter: usize,
    /// Stop once the max regret of the profile is at most `tol` (finite, `>= 0`).
    pub tol: f64,
    /// Record the profile after every step in [`Run::trajectory`].
    pub trajectory: bool,
}

impl Default for ReplicatorOptions {
    fn default() -> Self {
        Self {
            population: Population::Multi,
            integrator: Integrator::Rk4,
            dt: 0.05,
            max_iter: 100_000,
            tol: 1e-6,
            trajectory: false,
        }
    }
}

/// Replicator dynamics (Taylor & Jonker 1978) in discrete time, from many starts in parallel.
///
/// The share of each action grows in proportion to how much better than average it does
/// (see [`Population`] for the equations). Each step advances time by `dt` with the chosen
/// [`Integrator`]; a step that leaves the simplex by rounding or by too large a `dt` is
/// projected back (negative shares set to 0, each strategy renormalised to sum 1; an action
/// whose share reaches 0 stays extinct, as in the continuous dynamic). The run converges when
/// the max regret of the profile is at most `tol`, checked with [`Game::max_regret`].
///
/// Rest points of the dynamic need not be equilibria (a pure profile is a rest point), but
/// a limit of an interior trajectory is a Nash equilibrium, and an evolutionarily stable
/// strategy is asymptotically stable under the one-population dynamic (Taylor & Jonker 1978;
/// Hofbauer & Sigmund 1998) — e.g. the mixed ESS `p(Hawk) = V/C` of the hawk–dove game.
///
/// # Arguments
/// * `game` – any finite game; for [`Population::Single`] a symmetric two-player game
///   (`u_2(a, b) = u_1(b, a)` exactly).
/// * `starts` – random interior profiles (symmetric ones for one population), or given
///   profiles (`(x, x)` for one population).
/// * `options` – population, integrator, step size, cap, tolerance, trajectory.
///
/// # Returns
/// One [`Run`] per start, in start order.
///
/// # Errors
/// [`Error::InvalidArgument`] for `dt <= 0` or non-finite, `max_iter = 0`, a bad `tol`, or no
/// starts; [`Error::InvalidGame`] for [`Population::Single`] on a game that is not symmetric
/// two-player; [`Error::InvalidProfile`] for a given start that does not fit (or is not
/// symmetric for one population); [`Error::InvalidGame`] also for payoffs too large to
/// subtract ([`Game::check_payoff_scale`]); [`Error::Solver`] if the shares overflow (reduce
/// `dt`);
/// [`Error::Interrupted`] if it is stopped ([`interrupt`]) meanwhile.
///
/// # Complexity
/// Per step, one (Euler) or four (RK4) evaluations of all action values: `O(N · Π n_k)`.
///
/// # References
/// * P. D. Taylor and L. B. Jonker, "Evolutionarily stable strategies and game dynamics",
///   *Mathematical Biosciences* 40 (1978) 145–156.
/// * J. Hofbauer and K. Sigmund, *Evolutionary Games and Population Dynamics*, Cambridge
///   University Press, 1998, ch. 7 and 10.
///
/// # Example
/// ```
/// use detente::dynamics::{self, Population, ReplicatorOptions, Starts};
/// use detente::Game;
/// use ndarray::array;
///
/// // Hawk-dove with V = 2, C = 6: the ESS plays Hawk with probability V/C = 1/3.
/// let a = array![[-2.0, 2.0], [0.0, 1.0]];
/// let g = Game::from_bimatrix(a.view(), a.t())?;
/// let options = ReplicatorOptions { population: Population::Single, ..Default::default() };
/// let runs = dynamics::replicator(&g, &Starts::Random { count: 4, seed: 1 }, &options)?;
/// for r in &runs {
///     assert!(r.converged);
///     assert!((r.strategies[0][0] - 1.0 / 3.0).abs() < 1e-5);
/// }
/// # Ok::<(), detente::Error>(())
/// ```
pub fn replicator(game: &Game, starts: &Starts, options: &ReplicatorOptions) -> Result<Vec<Run>> {
    check_max_iter(options.max_iter)?;
    crate::game::check_tolerance(options.tol)?;
    if !(options.dt.is_finite() && options.dt > 0.0) {
        return Err(Error::InvalidArgument(format!(
            "dt must be a finite step size > 0, got {}",
            options.dt
        )));
    }
    let kind = match options.population {
        Population::Multi => StartKind::Interior,
        Population::Single => {
            check_symmetric(game)?;
            StartKind::Symmetric
        }
    };
    game.check_payoff_scale("replicator dynamics")?;
    if options.trajectory {
        check_trajectories(game, starts, options.max_iter.saturating_add(1))?;
    }
    run_all(game, starts, kind, |start| evolve(game, start, options))
}

/// One population needs `u_2(a, b) = u_1(b, a)` for all `a`, `b`, compared exactly.
fn check_symmetric(game: &Game) -> Result<()> {
    let shape = game.shape();
    if shape.len() != 2 || shape[0] != shape[1] {
        return Err(Error::InvalidGame(format!(
            "one-population replicator dynamics need a symmetric two-player game, but this game \
             has action counts {shape:?}; use the multi-population dynamic instead"
        )));
    }
    let n = shape[0];
    for a in 0..n {
        for b in 0..n {
            if game.pure_payoffs(&[a, b])[1] != game.pure_payoffs(&[b, a])[0] {
                return Err(Error::InvalidGame(format!(
                    "one-population replicator dynamics need a symmetric game (u_2(a, b) = \
                     u_1(b, a)), but at actions ({a}, {b}) player 2 gets {} and player 1 at \
                     ({b}, {a}) gets {}; use the multi-population dynamic instead",
                    game.pure_payoffs(&[a, b])[1],
                    game.pure_payoffs(&[b, a])[0]
                )));
            }
        }
    }
    Ok(())
}

/// The state: every player's mixture, or (one population) the single mixture.
fn evolve(game: &Game, start: Profile, options: &ReplicatorOptions) -> Result<Run> {
    let single = options.population == Population::Single;
    let mut x: Profile = if single {
        if start[0]
            .iter()
            .zip(&start[1])
            .any(|(p, q)| (p - q).abs() > PROBABILITY_TOLERANCE)
        {
            return Err(Error::InvalidProfile(
                "one-population replicator dynamics start from symmetric profiles (x, x): both \
                 players must have the same strategy"
                    .into(),
            ));
        }
        vec![start[0].clone()]
    } else {
        start.clone()
    };
    let profile = |x: &Profile| -> Profile {
        if single {
            vec![x[0].clone(), x[0].clone()]
        } else {
            x.clone()
        }
    };
    let dt = options.dt;
    let mut trajectory = Trajectory::for_run(options.trajectory, game, options.max_iter)?;
    let mut converged = false;
    let mut iterations = 0;
    for t in 0..=options.max_iter {
        if t % CHECK_EVERY == CHECK_EVERY - 1 {
            interrupt::check()?;
        }
        iterations = t;
        let current = profile(&x);
        if let Some(rows) = trajectory.as_mut() {
            rows.push(&current);
        }
        let (k1, regret) = field(game, single, &x);
        if regret <= options.tol && super::certified_regret(game, &current)? <= options.tol {
            converged = true;
            break;
        }
        if t == options.max_iter {
            break;
        }
        let step = match options.integrator {
            Integrator::Euler => k1,
            Integrator::Rk4 => {
                let k2 = field(game, single, &axpy(&x, dt / 2.0, &k1)).0;
                let k3 = field(game, single, &axpy(&x, dt / 2.0, &k2)).0;
                let k4 = field(game, single, &axpy(&x, dt, &k3)).0;
                combine(&k1, &k2, &k3, &k4)
            }
        };
        x = project(axpy(&x, dt, &step))?;
    }
    finish(
        game,
        start,
        profile(&x),
        converged,
        iterations,
        None,
        trajectory.map(Trajectory::into_rows).transpose()?,
    )
}

/// The replicator field at `x`, and the max regret of `x` (from the same action values).
fn field(game: &Game, single: bool, x: &Profile) -> (Profile, f64) {
    let full;
    let profile: &Profile = if single {
        full = vec![x[0].clone(), x[0].clone()];
        &full
    } else {
        x
    };
    let mut regret: f64 = 0.0;
    let f = x
        .iter()
        .enumerate()
        .map(|(i, xi)| {
            let v = game.action_values_serial(i, profile);
            let mean: f64 = xi.iter().zip(&v).map(|(p, q)| p * q).sum();
            regret = regret.max(v.fold(f64::NEG_INFINITY, |m, &q| m.max(q)) - mean);
            xi.iter().zip(&v).map(|(p, q)| p * (q - mean)).collect()
        })
        .collect();
    (f, regret)
}

/// `x + h · d`.
fn axpy(x: &Profile, h: f64, d: &Profile) -> Profile {
    x.iter()
        .zip(d)
        .map(|(xi, di)| xi.iter().zip(di).map(|(p, q)| p + h * q).collect())
        .collect()
}

/// The RK4 direction `(k1 + 2 k2 + 2 k3 + k4) / 6`.
fn combine(k1: &Profile, k2: &Profile, k3: &Profile, k4: &Profile) -> Profile {
    (0..k1.len())
        .map(|i| {
            (0..k1[i].len())
                .map(|a| (k1[i][a] + 2.0 * k2[i][a] + 2.0 * k3[i][a] + k4[i][a]) / 6.0)
                .collect()
        })
        .collect()
}

/// Back onto the simplex: negative shares to 0, each strategy renormalised.
fn project(mut x: Profile) -> Result<Profile> {
    for xi in &mut x {
        let finite = xi.iter().all(|p| p.is_finite());
        for p in xi.iter_mut() {
            *p = p.max(0.0);
        }
        let sum: f64 = xi.iter().sum();
        if !(finite && sum.is_finite() && sum > 0.0) {
            return Err(Error::Solver(
                "a replicator step overflowed (the shares are no longer finite); reduce dt".into(),
            ));
        }
        for p in xi.iter_mut() {
            *p /= sum;
        }
    }
    Ok(x)
}
