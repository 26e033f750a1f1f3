//! The LP-based solvers behind `detente.solve.zero_sum`, `.correlated` and `.commitment`, and
//! their result classes.

use ndarray::Ix2;
use numpy::{PyArray1, PyArrayDyn, ToPyArray};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyType};
use serde::{Deserialize, Serialize};

use super::convert;
use super::errors::InvalidGameError;
use super::game::PyGame;
use super::results::PyEquilibrium;
use super::results::{JsonReduce, reduce_via_json};
use super::run::run;
use crate::game::Game;
use crate::io::{FromJson, ToJson};
use crate::solve::{self, Commitment, CorrelatedEquilibrium, CorrelatedObjective};

/// A probability vector in words: "0.5·Hold + 0.5·Fold", or the label alone when pure.
fn describe(strategy: &[f64], labels: &[String]) -> String {
    let parts: Vec<String> = strategy
        .iter()
        .zip(labels)
        .filter(|(p, _)| **p > 0.0)
        .map(|(&p, l)| {
            if p == 1.0 {
                l.clone()
            } else {
                format!("{}·{l}", round6(p))
            }
        })
        .collect();
    parts.join(" + ")
}

/// Six significant decimals, without trailing zeros.
fn round6(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn round6_all(xs: &[f64]) -> String {
    let parts: Vec<String> = xs.iter().map(|&x| round6(x)).collect();
    format!("[{}]", parts.join(", "))
}

/// `detente.ZeroSumSolution`: the value and a certified pair of optimal strategies.
#[pyclass(module = "detente", name = "ZeroSumSolution", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct PyZeroSumSolution {
    value: f64,
    equilibrium: PyEquilibrium,
}

impl ToJson for PyZeroSumSolution {}
impl FromJson for PyZeroSumSolution {}

#[pymethods]
impl PyZeroSumSolution {
    /// The value of the game to the row player.
    #[getter]
    fn value(&self) -> f64 {
        self.value
    }

    /// The two optimal strategies, as numpy arrays.
    #[getter]
    fn strategies<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyArray1<f64>>> {
        let s = &self.equilibrium.inner.strategies;
        s.iter().map(|p| p.to_pyarray(py)).collect()
    }

    /// The strategies as a certified `Equilibrium`.
    #[getter]
    fn equilibrium(&self) -> PyEquilibrium {
        self.equilibrium.clone()
    }

    /// The largest gain of a deviation, recomputed from the game.
    #[getter]
    fn regret(&self) -> f64 {
        self.equilibrium.inner.regret
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
        let e = &self.equilibrium;
        let parts: Vec<String> = (0..2)
            .map(|i| {
                format!(
                    "{}: {}",
                    e.players[i],
                    describe(&e.inner.strategies[i], &e.actions[i])
                )
            })
            .collect();
        format!(
            "ZeroSumSolution(value={}; {}; regret={})",
            round6(self.value),
            parts.join("; "),
            e.inner.regret
        )
    }
}

/// `detente.CorrelatedEquilibrium`: a distribution over pure profiles and its certificate.
#[pyclass(module = "detente", name = "CorrelatedEquilibrium", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct PyCorrelatedEquilibrium {
    #[serde(flatten)]
    inner: CorrelatedEquilibrium,
    players: Vec<String>,
    actions: Vec<Vec<String>>,
}

impl ToJson for PyCorrelatedEquilibrium {}
impl FromJson for PyCorrelatedEquilibrium {}

#[pymethods]
impl PyCorrelatedEquilibrium {
    /// Probability of each pure profile, an array of the game's action shape.
    #[getter]
    fn distribution<'py>(&self, py: Python<'py>) -> Bound<'py, PyArrayDyn<f64>> {
        self.inner.distribution.to_pyarray(py)
    }

    #[getter]
    fn payoffs<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.payoffs.to_pyarray(py)
    }

    #[getter]
    fn max_deviation_gain(&self) -> f64 {
        self.inner.max_deviation_gain
    }

    #[getter]
    fn objective_value(&self) -> f64 {
        self.inner.objective_value
    }

    #[getter]
    fn players(&self) -> Vec<String> {
        self.players.clone()
    }

    #[getter]
    fn actions(&self) -> Vec<Vec<String>> {
        self.actions.clone()
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
        // The profiles played with positive probability, most likely first.
        let mut cells: Vec<(f64, String)> = self
            .inner
            .distribution
            .indexed_iter()
            .filter(|(_, p)| **p > 0.0)
            .map(|(idx, &p)| {
                let labels: Vec<&str> = (0..self.players.len())
                    .map(|i| self.actions[i][idx[i]].as_str())
                    .collect();
                (p, format!("({}): {}", labels.join(", "), round6(p)))
            })
            .collect();
        cells.sort_by(|a, b| b.0.total_cmp(&a.0));
        let shown: Vec<String> = cells.iter().take(8).map(|c| c.1.clone()).collect();
        let more = if cells.len() > 8 { ", ..." } else { "" };
        format!(
            "CorrelatedEquilibrium({{{}{more}}}; payoffs={}, objective_value={}, \
             max_deviation_gain={})",
            shown.join(", "),
            round6_all(&self.inner.payoffs),
            round6(self.inner.objective_value),
            self.inner.max_deviation_gain
        )
    }
}

/// `detente.Commitment`: the leader's optimal commitment and the follower's reply.
#[pyclass(module = "detente", name = "Commitment", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct PyCommitment {
    #[serde(flatten)]
    inner: Commitment,
    players: Vec<String>,
    actions: Vec<Vec<String>>,
}

impl ToJson for PyCommitment {}
impl FromJson for PyCommitment {}

#[pymethods]
impl PyCommitment {
    #[getter]
    fn leader(&self) -> usize {
        self.inner.leader
    }

    #[getter]
    fn leader_strategy<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.leader_strategy.to_pyarray(py)
    }

    #[getter]
    fn follower_action(&self) -> usize {
        self.inner.follower_action
    }

    #[getter]
    fn payoffs<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.payoffs.to_pyarray(py)
    }

    #[getter]
    fn players(&self) -> Vec<String> {
        self.players.clone()
    }

    #[getter]
    fn actions(&self) -> Vec<Vec<String>> {
        self.actions.clone()
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
        let c = &self.inner;
        let follower = 1 - c.leader;
        format!(
            "Commitment(leader {} commits to {}; follower {} plays {}; payoffs={})",
            self.players[c.leader],
            describe(&c.leader_strategy, &self.actions[c.leader]),
            self.players[follower],
            self.actions[follower][c.follower_action],
            round6_all(&c.payoffs)
        )
    }
}

/// The value and optimal strategies of a zero-sum game: `detente.solve.zero_sum`.
#[pyfunction]
fn solve_zero_sum(py: Python<'_>, game: &Bound<'_, PyAny>) -> PyResult<PyZeroSumSolution> {
    let owned;
    let g: &Game = if let Ok(g) = game.cast::<PyGame>() {
        owned = g.get().inner.clone();
        &owned
    } else {
        let a = convert::to_f64_array(game, "the payoff matrix")?;
        let ndim = a.ndim();
        let a = a.into_dimensionality::<Ix2>().map_err(|_| {
            InvalidGameError::new_err(format!(
                "zero_sum takes a Game or the row player's payoff matrix (2-dimensional), got a \
                 {ndim}-dimensional array"
            ))
        })?;
        owned = Game::zero_sum(a.view())?;
        &owned
    };
    let s = run(py, || solve::zero_sum(g))?;
    Ok(PyZeroSumSolution {
        value: s.value,
        equilibrium: PyEquilibrium::wrap(g, s.equilibrium),
    })
}

/// Reads `"welfare" | "none" | "max_min"` or a sequence of weights.
fn objective(obj: &Bound<'_, PyAny>) -> PyResult<CorrelatedObjective> {
    if let Ok(name) = obj.cast::<PyString>() {
        return match name.to_str()? {
            "welfare" => Ok(CorrelatedObjective::Welfare),
            "none" => Ok(CorrelatedObjective::None),
            "max_min" => Ok(CorrelatedObjective::MaxMin),
            other => Err(PyValueError::new_err(format!(
                "unknown objective {other:?}: use \"welfare\", \"none\", \"max_min\" or one \
                 weight per player"
            ))),
        };
    }
    obj.extract::<Vec<f64>>()
        .map(CorrelatedObjective::Weights)
        .map_err(|_| {
            PyTypeError::new_err(
                "objective must be \"welfare\", \"none\", \"max_min\" or a sequence of weights \
                 (one float per player)",
            )
        })
}

/// A (coarse) correlated equilibrium: `detente.solve.correlated`.
#[pyfunction]
#[pyo3(signature = (game, objective, coarse=false))]
fn solve_correlated(
    py: Python<'_>,
    game: &PyGame,
    objective: &Bound<'_, PyAny>,
    coarse: bool,
) -> PyResult<PyCorrelatedEquilibrium> {
    let g = &game.inner;
    let objective = self::objective(objective)?;
    let inner = run(py, || solve::correlated(g, &objective, coarse))?;
    Ok(PyCorrelatedEquilibrium {
        inner,
        players: g.players().to_vec(),
        actions: g.actions().to_vec(),
    })
}

/// The leader's optimal commitment: `detente.solve.commitment`.
#[pyfunction]
fn solve_commitment(
    py: Python<'_>,
    game: &PyGame,
    leader: &Bound<'_, PyAny>,
) -> PyResult<PyCommitment> {
    let g = &game.inner;
    let leader = convert::player_index(g, leader)?;
    let inner = run(py, || solve::commitment(g, leader))?;
    Ok(PyCommitment {
        inner,
        players: g.players().to_vec(),
        actions: g.actions().to_vec(),
    })
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyZeroSumSolution>()?;
    m.add_class::<PyCorrelatedEquilibrium>()?;
    m.add_class::<PyCommitment>()?;
    m.add_function(wrap_pyfunction!(solve_zero_sum, m)?)?;
    m.add_function(wrap_pyfunction!(solve_correlated, m)?)?;
    m.add_function(wrap_pyfunction!(solve_commitment, m)?)
}
