//! The learning dynamics behind `detente.dynamics` (the Python module wraps their lists).

use numpy::{PyArray1, PyArray2, ToPyArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyTuple};
use serde::{Deserialize, Serialize};

use super::face::{Wrapped, deprecated, frame, outcome_class, unwrap};
use super::game::PyGame;
use super::run::run;
use super::{args, convert};
use crate::dynamics::{
    self, BestResponseOptions, FictitiousPlayOptions, Integrator, Limit, Population,
    ReplicatorOptions, Run, Starts, Update,
};
use crate::game::Game;
use crate::report::{Labels, Report};

/// One run of a dynamic from one start: ``strategies`` (the final profile), ``start``,
/// ``regret`` (of the final profile, recomputed from the game), ``converged``,
/// ``iterations``, ``cycle`` (best-response dynamics: the pure profiles of the cycle it fell
/// into, or ``None``), ``trajectory`` (if requested: one row per visited state) and
/// ``method`` (``"best_response"``, ``"fictitious_play"`` or ``"replicator"``).
#[pyclass(module = "detente", name = "Run", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PyRun {
    #[serde(flatten)]
    inner: Run,
    method: String,
    #[serde(flatten)]
    labels: Labels,
}

fn strategies<'py>(py: Python<'py>, profile: &[Vec<f64>]) -> Vec<Bound<'py, PyArray1<f64>>> {
    profile.iter().map(|s| s.to_pyarray(py)).collect()
}

fn cycle<'py>(
    py: Python<'py>,
    cycle: &Option<Vec<Vec<usize>>>,
) -> PyResult<Option<Vec<Bound<'py, PyTuple>>>> {
    cycle
        .as_ref()
        .map(|c| c.iter().map(|p| PyTuple::new(py, p)).collect())
        .transpose()
}

outcome_class!(PyRun, "Run", {
    /// The initial profile.
    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyArray1<f64>>> {
        strategies(py, &self.inner.start)
    }

    /// The profile when the run stopped, one probability array per player.
    #[getter]
    fn strategies<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyArray1<f64>>> {
        strategies(py, &self.inner.strategies)
    }

    /// Deprecated name of ``strategies``.
    #[getter]
    fn final_profile<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyArray1<f64>>>> {
        deprecated(py, "final_profile", "strategies")?;
        Ok(strategies(py, &self.inner.strategies))
    }

    /// Whether the stopping rule was met.
    #[getter]
    fn converged(&self) -> bool {
        self.inner.converged
    }

    /// The number of updates performed.
    #[getter]
    fn iterations(&self) -> usize {
        self.inner.iterations
    }

    /// Best-response dynamics: the cycle of pure profiles the run fell into, or ``None``.
    #[getter]
    fn cycle<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyTuple>>>> {
        cycle(py, &self.inner.cycle)
    }

    /// If requested: one row per visited state, the players' strategies concatenated.
    #[getter]
    fn trajectory<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyArray2<f64>>>> {
        self.inner
            .trajectory
            .as_ref()
            .map(|rows| Ok(PyArray2::from_vec2(py, rows)?))
            .transpose()
    }

    /// The dynamic that produced the run.
    #[getter]
    fn method(&self) -> String {
        self.method.clone()
    }

    /// Each player's final strategy in words.
    fn describe_final(&self) -> Vec<String> {
        let s = &self.inner.strategies;
        (0..s.len())
            .map(|i| self.labels.mixture(i, &s[i]))
            .collect()
    }
});

/// The table of many runs (one row per run, player and action), as a DataFrame: behind
/// ``DynamicsResult.to_frame``.
#[pyfunction]
fn dynamics_frame<'py>(
    py: Python<'py>,
    runs: Vec<PyRef<'py, PyRun>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (inner, labels) = unwrap(&runs);
    frame(py, &inner.table(&labels))
}

impl Wrapped for PyRun {
    type Inner = Run;

    fn parts(&self) -> (&Run, &Labels) {
        (&self.inner, &self.labels)
    }
}

/// `starts` from Python: a number of random starts, or a sequence of profiles.
fn starts(game: &Game, starts: &Bound<'_, PyAny>, seed: u64) -> PyResult<Starts> {
    if starts.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(
            "starts is an int (random starts) or a sequence of profiles, got a bool",
        ));
    }
    if starts.hasattr("__index__")? {
        let count = args::count(starts, "starts (the number of random starts)", 1)?;
        return Ok(Starts::Random { count, seed });
    }
    let list: Vec<Bound<'_, PyAny>> = starts
        .try_iter()
        .map_err(|_| {
            PyTypeError::new_err("starts is an int (random starts) or a sequence of profiles")
        })?
        .collect::<PyResult<_>>()?;
    let profiles = list
        .iter()
        .map(|p| convert::profile(game, p))
        .collect::<PyResult<_>>()?;
    Ok(Starts::Given(profiles))
}

fn wrap(game: &Game, method: &str, runs: Vec<Run>) -> Vec<PyRun> {
    let labels = Labels::of(game);
    runs.into_iter()
        .map(|inner| PyRun {
            inner,
            method: method.into(),
            labels: labels.clone(),
        })
        .collect()
}

/// Best-response dynamics: `detente.dynamics.best_response`.
#[pyfunction]
#[pyo3(
    signature = (game, starts, seed=None, max_iter=None, mode="simultaneous", trajectory=false),
    text_signature = "(game, starts, seed=7, max_iter=1000, mode='simultaneous', trajectory=False)"
)]
fn dynamics_best_response(
    py: Python<'_>,
    game: &PyGame,
    starts: &Bound<'_, PyAny>,
    seed: Option<&Bound<'_, PyAny>>,
    max_iter: Option<&Bound<'_, PyAny>>,
    mode: &str,
    trajectory: bool,
) -> PyResult<Vec<PyRun>> {
    let g = &game.inner;
    let seed = seed.map_or(Ok(7), args::seed)?;
    let max_iter = max_iter.map_or(Ok(1000), |m| args::count(m, "max_iter", 1))?;
    let starts = self::starts(g, starts, seed)?;
    let options = BestResponseOptions {
        update: mode.parse::<Update>()?,
        max_iter,
        trajectory,
    };
    let runs = run(py, || dynamics::best_response(g, &starts, &options))?;
    Ok(wrap(g, "best_response", runs))
}

/// Fictitious play: `detente.dynamics.fictitious_play`.
#[pyfunction]
#[pyo3(
    signature = (game, starts, seed=None, max_iter=None, tol=1e-3, mode="simultaneous", trajectory=false),
    text_signature = "(game, starts, seed=7, max_iter=10000, tol=0.001, mode='simultaneous', trajectory=False)"
)]
#[allow(clippy::too_many_arguments)]
fn dynamics_fictitious_play(
    py: Python<'_>,
    game: &PyGame,
    starts: &Bound<'_, PyAny>,
    seed: Option<&Bound<'_, PyAny>>,
    max_iter: Option<&Bound<'_, PyAny>>,
    tol: f64,
    mode: &str,
    trajectory: bool,
) -> PyResult<Vec<PyRun>> {
    let g = &game.inner;
    let seed = seed.map_or(Ok(7), args::seed)?;
    let max_iter = max_iter.map_or(Ok(10_000), |m| args::count(m, "max_iter", 1))?;
    let starts = self::starts(g, starts, seed)?;
    let options = FictitiousPlayOptions {
        update: mode.parse::<Update>()?,
        max_iter,
        tol,
        trajectory,
    };
    let runs = run(py, || dynamics::fictitious_play(g, &starts, &options))?;
    Ok(wrap(g, "fictitious_play", runs))
}

/// Replicator dynamics: `detente.dynamics.replicator`.
#[pyfunction]
#[pyo3(
    signature = (game, starts, seed=None, dt=0.05, max_iter=None, tol=1e-6, population="multi", method="rk4", trajectory=false),
    text_signature = "(game, starts, seed=7, dt=0.05, max_iter=100000, tol=1e-06, population='multi', method='rk4', trajectory=False)"
)]
#[allow(clippy::too_many_arguments)]
fn dynamics_replicator(
    py: Python<'_>,
    game: &PyGame,
    starts: &Bound<'_, PyAny>,
    seed: Option<&Bound<'_, PyAny>>,
    dt: f64,
    max_iter: Option<&Bound<'_, PyAny>>,
    tol: f64,
    population: &str,
    method: &str,
    trajectory: bool,
) -> PyResult<Vec<PyRun>> {
    let g = &game.inner;
    let seed = seed.map_or(Ok(7), args::seed)?;
    let max_iter = max_iter.map_or(Ok(100_000), |m| args::count(m, "max_iter", 1))?;
    let starts = self::starts(g, starts, seed)?;
    let population = population.parse::<Population>()?;
    let integrator = method.parse::<Integrator>()?;
    let options = ReplicatorOptions {
        population,
        integrator,
        dt,
        max_iter,
        tol,
        trajectory,
    };
    let runs = run(py, || dynamics::replicator(g, &starts, &options))?;
    Ok(wrap(g, "replicator", runs))
}

/// Distinct outcomes of runs (`DynamicsResult.limits`): one dict per group.
#[pyfunction]
#[pyo3(signature = (runs, tol=1e-6))]
fn dynamics_limits<'py>(
    py: Python<'py>,
    runs: Vec<PyRef<'py, PyRun>>,
    tol: f64,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let Some(first) = runs.first() else {
        crate::solve::check_tolerance(tol)?;
        return Ok(Vec::new());
    };
    let labels = first.labels.clone();
    let inner: Vec<Run> = runs.iter().map(|r| r.inner.clone()).collect();
    let limits: Vec<Limit> = dynamics::limits(&inner, tol)?;
    limits
        .into_iter()
        .map(|l| {
            let d = PyDict::new(py);
            d.set_item("profile", strategies(py, &l.profile))?;
            let words: Vec<String> = (0..l.profile.len())
                .map(|i| labels.mixture(i, &l.profile[i]))
                .collect();
            d.set_item("describe", words)?;
            d.set_item("cycle", cycle(py, &l.cycle)?)?;
            d.set_item("runs", l.runs)?;
            d.set_item("converged", l.converged)?;
            d.set_item("regret", l.regret)?;
            Ok(d)
        })
        .collect()
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRun>()?;
    m.add_function(wrap_pyfunction!(dynamics_best_response, m)?)?;
    m.add_function(wrap_pyfunction!(dynamics_fictitious_play, m)?)?;
    m.add_function(wrap_pyfunction!(dynamics_replicator, m)?)?;
    m.add_function(wrap_pyfunction!(dynamics_limits, m)?)?;
    m.add_function(wrap_pyfunction!(dynamics_frame, m)?)
}
