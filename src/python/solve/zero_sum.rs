//! `detente.solve.zero_sum` and its result class `detente.ZeroSumSolution`.
//!
//! The file to copy for a new result class: a frozen pyclass holding the core result and
//! the labels, its own getters inside [`result_class!`], a function that converts arguments,
//! runs the core solver with [`run`] and wraps the result.

use ndarray::Ix2;
use numpy::{PyArray1, ToPyArray};
use pyo3::prelude::*;
use serde::{Deserialize, Serialize};

use super::equilibrium::PyEquilibrium;
use crate::error::Error;
use crate::game::Game;
use crate::python::convert;
use crate::python::face::outcome_class;
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::report::Labels;
use crate::solve::{self, ZeroSumSolution};

/// The value of a two-player zero-sum game and a certified pair of optimal strategies:
/// ``value`` (the row player's), ``strategies``, ``payoffs``, ``regret``, ``method``
/// (``"zero_sum"``) and ``equilibrium`` (the strategies as an :class:`Equilibrium`).
#[pyclass(module = "detente", name = "ZeroSumSolution", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct PyZeroSumSolution {
    #[serde(flatten)]
    inner: ZeroSumSolution,
    #[serde(flatten)]
    labels: Labels,
}

outcome_class!(PyZeroSumSolution, "ZeroSumSolution", {
    /// The value of the game to the row player.
    #[getter]
    fn value(&self) -> f64 {
        self.inner.value
    }

    /// The two optimal strategies, as numpy arrays.
    #[getter]
    fn strategies<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyArray1<f64>>> {
        let s = &self.inner.equilibrium.strategies;
        s.iter().map(|p| p.to_pyarray(py)).collect()
    }

    /// The strategies as a certified :class:`Equilibrium`.
    #[getter]
    fn equilibrium(&self) -> PyEquilibrium {
        PyEquilibrium {
            inner: self.inner.equilibrium.clone(),
            labels: self.labels.clone(),
        }
    }

    /// ``"zero_sum"``.
    #[getter]
    fn method(&self) -> String {
        self.inner.equilibrium.method.clone()
    }
});

/// The value and optimal strategies of a zero-sum game: `detente.solve.zero_sum`.
#[pyfunction]
fn solve_zero_sum(py: Python<'_>, game: &Bound<'_, PyAny>) -> PyResult<PyZeroSumSolution> {
    let owned;
    let g: &Game = if let Ok(g) = game.cast::<PyGame>() {
        owned = g.get().inner.clone();
        &owned
    } else {
        let a = convert::to_f64_array(game, "the payoff matrix", Error::InvalidGame)?;
        let ndim = a.ndim();
        let a = a.into_dimensionality::<Ix2>().map_err(|_| {
            Error::InvalidGame(format!(
                "zero_sum takes a Game or the row player's payoff matrix (2-dimensional), got a \
                 {ndim}-dimensional array"
            ))
        })?;
        owned = Game::zero_sum(a.view())?;
        &owned
    };
    let inner = run(py, || solve::zero_sum(g))?;
    Ok(PyZeroSumSolution {
        inner,
        labels: Labels::of(g),
    })
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyZeroSumSolution>()?;
    m.add_function(wrap_pyfunction!(solve_zero_sum, m)?)
}
