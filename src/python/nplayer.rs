//! The n-player solvers behind `detente.solve`: `logit_homotopy`, `support_enumeration` and
//! `logit_qre`, and the `detente.LogitQre` result class.

use numpy::{PyArray1, ToPyArray};
use pyo3::prelude::*;
use pyo3::types::PyType;
use serde::{Deserialize, Serialize};

use super::game::PyGame;
use super::results::PyEquilibrium;
use super::results::{JsonReduce, reduce_via_json};
use super::run::run;
use crate::io::{FromJson, ToJson};
use crate::solve::{self, HomotopyOptions, LogitQre, SupportEnumerationOptions};

/// One Nash equilibrium of any game by the logit homotopy: `detente.solve.logit_homotopy`.
#[pyfunction]
#[pyo3(signature = (game, tol=1e-9, max_steps=100_000, max_lambda=1e10))]
fn solve_logit_homotopy(
    py: Python<'_>,
    game: &PyGame,
    tol: f64,
    max_steps: usize,
    max_lambda: f64,
) -> PyResult<PyEquilibrium> {
    let g = &game.inner;
    let options = HomotopyOptions {
        tol,
        max_steps,
        max_lambda,
    };
    let eq = run(py, || solve::logit_homotopy(g, options))?;
    Ok(PyEquilibrium::wrap(g, eq))
}

/// Equilibria by support enumeration: `detente.solve.support_enumeration`.
#[pyfunction]
#[pyo3(signature = (game, tol=1e-9, max_profiles=1_000_000, starts=8, seed=0))]
fn solve_support_enumeration(
    py: Python<'_>,
    game: &PyGame,
    tol: f64,
    max_profiles: usize,
    starts: usize,
    seed: u64,
) -> PyResult<Vec<PyEquilibrium>> {
    let g = &game.inner;
    let options = SupportEnumerationOptions {
        max_profiles,
        starts,
        seed,
    };
    let eqs = run(py, || solve::support_enumeration(g, tol, options))?;
    Ok(eqs.into_iter().map(|e| PyEquilibrium::wrap(g, e)).collect())
}

/// Logit QRE along the principal branch: `detente.solve.logit_qre`.
#[pyfunction]
#[pyo3(signature = (game, lambdas, max_steps=100_000))]
fn solve_logit_qre(
    py: Python<'_>,
    game: &PyGame,
    lambdas: Vec<f64>,
    max_steps: usize,
) -> PyResult<PyLogitQre> {
    let g = &game.inner;
    let inner = run(py, || solve::logit_qre_with(g, &lambdas, max_steps))?;
    Ok(PyLogitQre {
        inner,
        players: g.players().to_vec(),
    })
}

/// Logit QRE profiles at a sequence of precisions: `detente.LogitQre`.
#[pyclass(module = "detente", name = "LogitQre", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PyLogitQre {
    #[serde(flatten)]
    inner: LogitQre,
    players: Vec<String>,
}

impl ToJson for PyLogitQre {}
impl FromJson for PyLogitQre {}

#[pymethods]
impl PyLogitQre {
    #[getter]
    fn lambdas<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.lambdas.to_pyarray(py)
    }

    #[getter]
    fn profiles<'py>(&self, py: Python<'py>) -> Vec<Vec<Bound<'py, PyArray1<f64>>>> {
        self.inner
            .profiles
            .iter()
            .map(|p| p.iter().map(|s| s.to_pyarray(py)).collect())
            .collect()
    }

    #[getter]
    fn regrets<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.regrets.to_pyarray(py)
    }

    #[getter]
    fn players(&self) -> Vec<String> {
        self.players.clone()
    }

    fn log_likelihood<'py>(
        &self,
        py: Python<'py>,
        counts: Vec<Vec<f64>>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        Ok(self.inner.log_likelihood(&counts)?.to_pyarray(py))
    }

    fn __len__(&self) -> usize {
        self.inner.lambdas.len()
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
        let q = &self.inner;
        let last = q.lambdas.len() - 1;
        format!(
            "LogitQre({} λ values from {} to {}; regret {:.3e} at λ = {})",
            q.lambdas.len(),
            q.lambdas[0],
            q.lambdas[last],
            q.regrets[last],
            q.lambdas[last]
        )
    }
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyLogitQre>()?;
    m.add_function(wrap_pyfunction!(solve_logit_homotopy, m)?)?;
    m.add_function(wrap_pyfunction!(solve_support_enumeration, m)?)?;
    m.add_function(wrap_pyfunction!(solve_logit_qre, m)?)
}
