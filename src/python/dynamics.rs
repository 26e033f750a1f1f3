//! The learning dynamics behind `detente.dynamics` (the Python module wraps their lists).

use numpy::{PyArray1, PyArray2, ToPyArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyTuple, PyType};
use serde::{Deserialize, Serialize};

use super::convert;
use super::game::PyGame;
use super::results::{JsonReduce, reduce_via_json};
use super::run::run;
use crate::dynamics::{
    self, BestResponseOptions, FictitiousPlayOptions, Integrator, Limit, Population,
    ReplicatorOptions, Run, Starts, Update,
};
use crate::error::Error;
use crate::game::Game;
use crate::io::{FromJson, ToJson};

/// One run of a dynamic, with the labels of its game: `detente.Run`.
#[pyclass(module = "detente", name = "Run", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PyRun {
    #[serde(flatten)]
    inner: Run,
    players: Vec<String>,
    actions: Vec<Vec<String>>,
}

impl ToJson for PyRun {}
impl FromJson for PyRun {}

impl PyRun {
    fn wrap(game: &Game, inner: Run) -> Self {
        Self {
            inner,
            players: game.players().to_vec(),
            actions: game.actions().to_vec(),
        }
    }

    /// Each player's final strategy in words: `"Hawk"` or `"0.333·Hawk + 0.667·Dove"`.
    fn describe(&self) -> Vec<String> {
        describe_profile(&self.inner.final_profile, &self.actions)
    }
}

fn describe_profile(profile: &[Vec<f64>], actions: &[Vec<String>]) -> Vec<String> {
    profile
        .iter()
        .zip(actions)
        .map(|(s, labels)| {
            s.iter()
                .zip(labels)
                .filter(|(p, _)| **p > 0.0)
                .map(|(&p, l)| {
                    if p == 1.0 {
                        l.clone()
                    } else {
                        format!("{p:.3}·{l}")
                    }
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect()
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

#[pymethods]
impl PyRun {
    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyArray1<f64>>> {
        strategies(py, &self.inner.start)
    }

    #[getter]
    fn final_profile<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyArray1<f64>>> {
        strategies(py, &self.inner.final_profile)
    }

    #[getter]
    fn regret(&self) -> f64 {
        self.inner.regret
    }

    #[getter]
    fn converged(&self) -> bool {
        self.inner.converged
    }

    #[getter]
    fn iterations(&self) -> usize {
        self.inner.iterations
    }

    #[getter]
    fn cycle<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyTuple>>>> {
        cycle(py, &self.inner.cycle)
    }

    #[getter]
    fn trajectory<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyArray2<f64>>>> {
        self.inner
            .trajectory
            .as_ref()
            .map(|rows| Ok(PyArray2::from_vec2(py, rows)?))
            .transpose()
    }

    #[getter]
    fn players(&self) -> Vec<String> {
        self.players.clone()
    }

    #[getter]
    fn actions(&self) -> Vec<Vec<String>> {
        self.actions.clone()
    }

    /// Each player's final strategy in words.
    fn describe_final(&self) -> Vec<String> {
        self.describe()
    }

    fn to_json(&self) -> PyResult<String> {
        Ok(ToJson::to_json(self)?)
    }

    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        Ok(<Self as FromJson>::from_json(text)?)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<JsonReduce<'py>> {
        reduce_via_json(slf)
    }

    fn __repr__(&self) -> String {
        let outcome = match (&self.inner.cycle, self.inner.converged) {
            (Some(c), _) => format!("cycle of length {}", c.len()),
            (None, true) => "converged".into(),
            (None, false) => "not converged".into(),
        };
        format!(
            "Run({}; {outcome} after {} iterations, regret={})",
            self.describe().join("; "),
            self.inner.iterations,
            self.inner.regret
        )
    }
}

/// `starts` from Python: a number of random starts, or a sequence of profiles.
fn starts(game: &Game, starts: &Bound<'_, PyAny>, seed: u64) -> PyResult<Starts> {
    if !starts.is_instance_of::<PyBool>()
        && let Ok(count) = starts.extract::<i64>()
    {
        return usize::try_from(count)
            .map(|count| Starts::Random { count, seed })
            .map_err(|_| {
                Error::InvalidArgument(format!(
                    "starts must be a number of random starts >= 1 or a list of profiles, got {count}"
                ))
                .into()
            });
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

fn update(mode: &str) -> PyResult<Update> {
    match mode {
        "simultaneous" => Ok(Update::Simultaneous),
        "sequential" | "alternating" => Ok(Update::Sequential),
        _ => Err(Error::InvalidArgument(format!(
            "mode must be \"simultaneous\" or \"sequential\", got {mode:?}"
        ))
        .into()),
    }
}

fn wrap(game: &Game, runs: Vec<Run>) -> Vec<PyRun> {
    runs.into_iter().map(|r| PyRun::wrap(game, r)).collect()
}

/// Best-response dynamics: `detente.dynamics.best_response`.
#[pyfunction]
#[pyo3(signature = (game, starts, seed=7, max_iter=1000, mode="simultaneous", trajectory=false))]
fn dynamics_best_response(
    py: Python<'_>,
    game: &PyGame,
    starts: &Bound<'_, PyAny>,
    seed: u64,
    max_iter: usize,
    mode: &str,
    trajectory: bool,
) -> PyResult<Vec<PyRun>> {
    let g = &game.inner;
    let starts = self::starts(g, starts, seed)?;
    let options = BestResponseOptions {
        update: update(mode)?,
        max_iter,
        trajectory,
    };
    let runs = run(py, || dynamics::best_response(g, &starts, &options))?;
    Ok(wrap(g, runs))
}

/// Fictitious play: `detente.dynamics.fictitious_play`.
#[pyfunction]
#[pyo3(signature = (game, starts, seed=7, max_iter=10_000, tol=1e-3, mode="simultaneous", trajectory=false))]
#[allow(clippy::too_many_arguments)]
fn dynamics_fictitious_play(
    py: Python<'_>,
    game: &PyGame,
    starts: &Bound<'_, PyAny>,
    seed: u64,
    max_iter: usize,
    tol: f64,
    mode: &str,
    trajectory: bool,
) -> PyResult<Vec<PyRun>> {
    let g = &game.inner;
    let starts = self::starts(g, starts, seed)?;
    let options = FictitiousPlayOptions {
        update: update(mode)?,
        max_iter,
        tol,
        trajectory,
    };
    let runs = run(py, || dynamics::fictitious_play(g, &starts, &options))?;
    Ok(wrap(g, runs))
}

/// Replicator dynamics: `detente.dynamics.replicator`.
#[pyfunction]
#[pyo3(signature = (game, starts, seed=7, dt=0.05, max_iter=100_000, tol=1e-6, population="multi", method="rk4", trajectory=false))]
#[allow(clippy::too_many_arguments)]
fn dynamics_replicator(
    py: Python<'_>,
    game: &PyGame,
    starts: &Bound<'_, PyAny>,
    seed: u64,
    dt: f64,
    max_iter: usize,
    tol: f64,
    population: &str,
    method: &str,
    trajectory: bool,
) -> PyResult<Vec<PyRun>> {
    let g = &game.inner;
    let starts = self::starts(g, starts, seed)?;
    let population = match population {
        "multi" => Population::Multi,
        "single" => Population::Single,
        _ => {
            return Err(Error::InvalidArgument(format!(
                "population must be \"multi\" or \"single\", got {population:?}"
            ))
            .into());
        }
    };
    let integrator = match method {
        "euler" => Integrator::Euler,
        "rk4" => Integrator::Rk4,
        _ => {
            return Err(Error::InvalidArgument(format!(
                "method must be \"euler\" or \"rk4\", got {method:?}"
            ))
            .into());
        }
    };
    let options = ReplicatorOptions {
        population,
        integrator,
        dt,
        max_iter,
        tol,
        trajectory,
    };
    let runs = run(py, || dynamics::replicator(g, &starts, &options))?;
    Ok(wrap(g, runs))
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
    let actions = first.actions.clone();
    let inner: Vec<Run> = runs.iter().map(|r| r.inner.clone()).collect();
    let limits: Vec<Limit> = dynamics::limits(&inner, tol)?;
    limits
        .into_iter()
        .map(|l| {
            let d = PyDict::new(py);
            d.set_item("profile", strategies(py, &l.profile))?;
            d.set_item("describe", describe_profile(&l.profile, &actions))?;
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
    m.add_function(wrap_pyfunction!(dynamics_limits, m)?)
}
