//! `detente.solve.zero_sum` and its result class `detente.ZeroSumSolution`.
//!
//! The file to copy for a new result class: a frozen pyclass holding the core result and
//! the labels, its own getters inside [`result_class!`], a function that converts arguments,
//! runs the core solver with [`run`] and wraps the result.

use ndarray::Ix2;
use numpy::{PyArray1, ToPyArray};
use pyo3::prelude::*;
use serde::{Deserialize, Serialize};

use super::equilibrium::{self, PyEquilibrium};
use crate::error::Error;
use crate::game::Game;
use crate::python::convert::{self, Payoffs};
use crate::python::face::{fraction, outcome_class};
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::report::Labels;
use crate::solve::{self, ZeroSumSolution};

/// The value of a two-player zero-sum game and a certified pair of optimal strategies:
/// ``value`` (the row player's), ``strategies``, ``payoffs``, ``regret``, ``method``
/// (``"zero_sum"``) and ``equilibrium`` (the strategies as an :class:`Equilibrium`). For a
/// game given exactly (ints, Fractions, an ``.nfg`` file's rationals) of at most 4096
/// profiles (64 × 64) the solution is exact:
/// ``value_exact``, ``exact_strategies``, ``exact_payoffs`` and ``regret_exact`` are
/// ``fractions.Fraction`` (``None`` for a float game), and the floats are their rounding.
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

    /// The value exactly (``fractions.Fraction``) for a game given exactly; ``None`` for a
    /// float game.
    #[getter]
    fn value_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .value_exact
            .as_ref()
            .map(|v| fraction(py, v))
            .transpose()
    }

    /// The two optimal strategies exactly (lists of ``fractions.Fraction``) for a game given
    /// exactly; ``None`` for a float game.
    #[getter]
    fn exact_strategies<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<Option<Vec<Vec<Bound<'py, PyAny>>>>> {
        equilibrium::exact_strategies(py, self.inner.equilibrium.exact.as_ref())
    }

    /// Each player's exact payoff (``fractions.Fraction``) for a game given exactly; ``None``
    /// for a float game.
    #[getter]
    fn exact_payoffs<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
        equilibrium::exact_payoffs(py, self.inner.equilibrium.exact.as_ref())
    }

    /// The exact regret (``fractions.Fraction``, ``0``) for a game given exactly; ``None``
    /// for a float game.
    #[getter]
    fn regret_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        equilibrium::regret_exact(py, self.inner.equilibrium.exact.as_ref())
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
        // Exact input (ints, Fractions) makes an exact game, as `Game.zero_sum` does.
        let wrong = |ndim: usize| {
            Error::InvalidGame(format!(
                "zero_sum takes a Game or the row player's payoff matrix (2-dimensional), got a \
                 {ndim}-dimensional array"
            ))
        };
        let float_matrix = |a: ndarray::ArrayD<f64>| {
            let ndim = a.ndim();
            a.into_dimensionality::<Ix2>().map_err(|_| wrong(ndim))
        };
        owned = match convert::to_payoff_array(game, "the payoff matrix", Error::InvalidGame)? {
            Payoffs::Float(a) => Game::zero_sum(float_matrix(a)?.view())?,
            Payoffs::ExactFloats(a) => Game::zero_sum(float_matrix(a)?.view())?.with_exact_floats(),
            Payoffs::Exact(a) => {
                if a.ndim() != 2 {
                    return Err(wrong(a.ndim()).into());
                }
                let b = a.mapv(|x| -x);
                Game::from_exact_player_arrays(&[a.view(), b.view()])?
            }
        };
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
