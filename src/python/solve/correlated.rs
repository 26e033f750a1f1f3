//! `detente.solve.correlated` and its result class `detente.CorrelatedEquilibrium`.

use numpy::{PyArrayDyn, ToPyArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde::{Deserialize, Serialize};

use crate::python::face::outcome_class;
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::report::Labels;
use crate::solve::{self, CorrelatedEquilibrium, CorrelatedObjective};

/// A correlated (or coarse correlated) equilibrium: ``distribution`` (the probability of each
/// pure profile, an array of the game's action shape), ``payoffs``, ``regret`` (the largest
/// gain of a forbidden deviation, 0 at an exact equilibrium), ``objective_value`` and
/// ``method`` (``"correlated"`` or ``"coarse_correlated"``).
#[pyclass(module = "detente", name = "CorrelatedEquilibrium", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct PyCorrelatedEquilibrium {
    #[serde(flatten)]
    inner: CorrelatedEquilibrium,
    #[serde(flatten)]
    labels: Labels,
}

outcome_class!(PyCorrelatedEquilibrium, "CorrelatedEquilibrium", {
    /// Probability of each pure profile, an array of the game's action shape (games of more
    /// than 32 players: use ``to_frame()``).
    #[getter]
    fn distribution<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
        let axes = self.inner.distribution.ndim();
        if axes > crate::python::game::MAX_NUMPY_AXES {
            return Err(crate::error::Error::InvalidArgument(format!(
                "CorrelatedEquilibrium.distribution: the game has {axes} players, more than the \
                 {} axes a numpy array can have here; use to_frame() (one row per profile)",
                crate::python::game::MAX_NUMPY_AXES
            ))
            .into());
        }
        Ok(self.inner.distribution.to_pyarray(py))
    }

    /// Deprecated name of ``regret``.
    #[getter]
    fn max_deviation_gain(&self, py: Python<'_>) -> PyResult<f64> {
        crate::python::face::deprecated(py, "max_deviation_gain", "regret")?;
        Ok(self.inner.regret)
    }

    /// The objective at the distribution.
    #[getter]
    fn objective_value(&self) -> f64 {
        self.inner.objective_value
    }

    /// ``"correlated"`` or ``"coarse_correlated"``.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method()
    }
});

/// Reads an objective name (see [`CorrelatedObjective`]'s `FromStr`) or a sequence of weights.
fn objective(obj: &Bound<'_, PyAny>) -> PyResult<CorrelatedObjective> {
    if let Ok(name) = obj.cast::<PyString>() {
        return Ok(name.to_str()?.parse::<CorrelatedObjective>()?);
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
        labels: Labels::of(g),
    })
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCorrelatedEquilibrium>()?;
    m.add_function(wrap_pyfunction!(solve_correlated, m)?)
}
