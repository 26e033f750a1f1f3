//! `detente.solve.logit_homotopy`: one Nash equilibrium of any game.

use pyo3::prelude::*;

use super::equilibrium::PyEquilibrium;
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::solve::{self, HomotopyOptions};

/// One Nash equilibrium of any game by the logit homotopy: `detente.solve.logit_homotopy`.
#[pyfunction]
#[pyo3(
    signature = (game, tol=1e-9, max_steps=None, max_lambda=1e10),
    text_signature = "(game, tol=1e-09, max_steps=100000, max_lambda=10000000000.0)"
)]
fn solve_logit_homotopy(
    py: Python<'_>,
    game: &PyGame,
    tol: f64,
    max_steps: Option<&Bound<'_, PyAny>>,
    max_lambda: f64,
) -> PyResult<PyEquilibrium> {
    let g = &game.inner;
    let max_steps = max_steps.map_or(Ok(solve::QRE_MAX_STEPS), |m| {
        crate::python::args::count(m, "max_steps", 1)
    })?;
    let options = HomotopyOptions {
        tol,
        max_steps,
        max_lambda,
    };
    let eq = run(py, || solve::logit_homotopy(g, options))?;
    Ok(PyEquilibrium::wrap(g, eq))
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(solve_logit_homotopy, m)?)
}
