//! `detente.solve.logit_qre` and its result class `detente.LogitQre`.

use numpy::{PyArray1, ToPyArray};
use pyo3::prelude::*;
use serde::{Deserialize, Serialize};

use crate::python::face::{deprecated, result_class};
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::report::Labels;
use crate::solve::{self, LogitQre};

/// Logit quantal response equilibria along the principal branch: ``lambdas`` (the precisions
/// requested), ``strategies`` (one profile per ``λ``: a list of probability arrays),
/// ``regret`` (each profile's regret, an array), ``method`` (``"logit_qre"``);
/// ``log_likelihood(counts)`` for fitting ``λ`` to observed play.
#[pyclass(module = "detente", name = "LogitQre", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PyLogitQre {
    #[serde(flatten)]
    inner: LogitQre,
    #[serde(flatten)]
    labels: Labels,
}

impl PyLogitQre {
    fn profiles_py<'py>(&self, py: Python<'py>) -> Vec<Vec<Bound<'py, PyArray1<f64>>>> {
        self.inner
            .strategies
            .iter()
            .map(|p| p.iter().map(|s| s.to_pyarray(py)).collect())
            .collect()
    }
}

result_class!(PyLogitQre, "LogitQre", {
    /// The precisions ``λ``, as requested.
    #[getter]
    fn lambdas<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.lambdas.to_pyarray(py)
    }

    /// The QRE profile at each ``λ`` (a list of per-player probability arrays).
    #[getter]
    fn strategies<'py>(&self, py: Python<'py>) -> Vec<Vec<Bound<'py, PyArray1<f64>>>> {
        self.profiles_py(py)
    }

    /// The regret of each profile (how far from Nash), one per ``λ``.
    #[getter]
    fn regret<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.regret.to_pyarray(py)
    }

    /// Deprecated name of ``strategies``.
    #[getter]
    fn profiles<'py>(&self, py: Python<'py>) -> PyResult<Vec<Vec<Bound<'py, PyArray1<f64>>>>> {
        deprecated(py, "profiles", "strategies")?;
        Ok(self.profiles_py(py))
    }

    /// Deprecated name of ``regret``.
    #[getter]
    fn regrets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<f64>>> {
        deprecated(py, "regrets", "regret")?;
        Ok(self.inner.regret.to_pyarray(py))
    }

    /// ``"logit_qre"``.
    #[getter]
    fn method(&self) -> &'static str {
        "logit_qre"
    }

    /// The log-likelihood of observed play (one count per action of every player) at each
    /// ``λ``, for fitting ``λ`` by maximum likelihood.
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
});

/// Logit QRE along the principal branch: `detente.solve.logit_qre`.
#[pyfunction]
#[pyo3(
    signature = (game, lambdas, max_steps=None),
    text_signature = "(game, lambdas, max_steps=100000)"
)]
fn solve_logit_qre(
    py: Python<'_>,
    game: &PyGame,
    lambdas: Vec<f64>,
    max_steps: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyLogitQre> {
    let g = &game.inner;
    let max_steps = max_steps.map_or(Ok(solve::QRE_MAX_STEPS), |m| {
        crate::python::args::count(m, "max_steps", 1)
    })?;
    let inner = run(py, || solve::logit_qre_with(g, &lambdas, max_steps))?;
    Ok(PyLogitQre {
        inner,
        labels: Labels::of(g),
    })
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyLogitQre>()?;
    m.add_function(wrap_pyfunction!(solve_logit_qre, m)?)
}
