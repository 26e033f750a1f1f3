//! `detente.solve.lemke_howson` and `detente.solve.lemke_howson_all`.

use pyo3::prelude::*;

use super::equilibrium::PyEquilibrium;
use crate::python::args;
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::solve::{self, LemkeHowsonOptions};

fn options(exact: bool, max_pivots: Option<&Bound<'_, PyAny>>) -> PyResult<LemkeHowsonOptions> {
    let default = LemkeHowsonOptions::default().max_pivots;
    Ok(LemkeHowsonOptions {
        exact,
        max_pivots: max_pivots
            .filter(|m| !m.is_none())
            .map_or(Ok(default), |m| args::count(m, "max_pivots", 1))?,
    })
}

/// One equilibrium from one dropped label: `detente.solve.lemke_howson(g, label)`.
#[pyfunction]
#[pyo3(
    signature = (game, label=None, exact=false, max_pivots=None),
    text_signature = "(game, label=0, exact=False, max_pivots=None)"
)]
fn solve_lemke_howson(
    py: Python<'_>,
    game: &PyGame,
    label: Option<&Bound<'_, PyAny>>,
    exact: bool,
    max_pivots: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyEquilibrium> {
    let g = &game.inner;
    let label = label.map_or(Ok(0), |l| args::count(l, "label", 0))?;
    let options = options(exact, max_pivots)?;
    let eq = run(py, || solve::lemke_howson(g, label, options))?;
    Ok(PyEquilibrium::wrap(g, eq))
}

/// The distinct equilibria from every label: `detente.solve.lemke_howson_all(g)`.
#[pyfunction]
#[pyo3(signature = (game, exact=false, max_pivots=None))]
fn solve_lemke_howson_all(
    py: Python<'_>,
    game: &PyGame,
    exact: bool,
    max_pivots: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyEquilibrium>> {
    let g = &game.inner;
    let options = options(exact, max_pivots)?;
    let eqs = run(py, || solve::lemke_howson_all(g, options))?;
    Ok(eqs.into_iter().map(|e| PyEquilibrium::wrap(g, e)).collect())
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(solve_lemke_howson, m)?)?;
    m.add_function(wrap_pyfunction!(solve_lemke_howson_all, m)?)
}
