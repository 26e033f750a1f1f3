//! `detente.solve.pure`: every pure (ε-)equilibrium.

use pyo3::prelude::*;

use super::equilibrium::PyEquilibrium;
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::solve;

/// Every pure (ε-)equilibrium: `detente.solve.pure`.
#[pyfunction]
#[pyo3(signature = (game, tol=0.0))]
fn solve_pure(py: Python<'_>, game: &PyGame, tol: f64) -> PyResult<Vec<PyEquilibrium>> {
    let g = &game.inner;
    let eqs = run(py, || solve::pure(g, tol))?;
    Ok(eqs.into_iter().map(|e| PyEquilibrium::wrap(g, e)).collect())
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(solve_pure, m)?)
}
