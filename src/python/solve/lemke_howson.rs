//! `detente.solve.lemke_howson` and `detente.solve.lemke_howson_all`.

use pyo3::prelude::*;

use super::equilibrium::PyEquilibrium;
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::solve::{self, LemkeHowsonOptions};

fn options(exact: bool, max_pivots: Option<usize>) -> LemkeHowsonOptions {
    LemkeHowsonOptions {
        exact,
        max_pivots: max_pivots.unwrap_or(LemkeHowsonOptions::default().max_pivots),
    }
}

/// One equilibrium from one dropped label: `detente.solve.lemke_howson(g, label)`.
#[pyfunction]
#[pyo3(signature = (game, label=0, exact=false, max_pivots=None))]
fn solve_lemke_howson(
    py: Python<'_>,
    game: &PyGame,
    label: usize,
    exact: bool,
    max_pivots: Option<usize>,
) -> PyResult<PyEquilibrium> {
    let g = &game.inner;
    let eq = run(py, || {
        solve::lemke_howson(g, label, options(exact, max_pivots))
    })?;
    Ok(PyEquilibrium::wrap(g, eq))
}

/// The distinct equilibria from every label: `detente.solve.lemke_howson_all(g)`.
#[pyfunction]
#[pyo3(signature = (game, exact=false, max_pivots=None))]
fn solve_lemke_howson_all(
    py: Python<'_>,
    game: &PyGame,
    exact: bool,
    max_pivots: Option<usize>,
) -> PyResult<Vec<PyEquilibrium>> {
    let g = &game.inner;
    let eqs = run(py, || {
        solve::lemke_howson_all(g, options(exact, max_pivots))
    })?;
    Ok(eqs.into_iter().map(|e| PyEquilibrium::wrap(g, e)).collect())
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(solve_lemke_howson, m)?)?;
    m.add_function(wrap_pyfunction!(solve_lemke_howson_all, m)?)
}
