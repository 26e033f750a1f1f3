//! `detente.solve.lemke_howson` and `detente.solve.lemke_howson_all`.

use pyo3::prelude::*;

use super::equilibrium::PyEquilibrium;
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::solve::{self, LemkeHowsonOptions};

/// One equilibrium from one dropped label: `detente.solve.lemke_howson(g, label)`.
///
/// `max_pivots=None` caps each path at `max(100_000, 10 * (m + n)**2)` pivots.
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
    let options = LemkeHowsonOptions { exact, max_pivots };
    let eq = run(py, || solve::lemke_howson(g, label, options))?;
    Ok(PyEquilibrium::wrap(g, eq))
}

/// The distinct equilibria from every label, and the labels whose paths reached the pivot
/// cap: `detente.solve.lemke_howson_all(g)` returns the first as an `EquilibriumList` with the
/// second as its `stopped_labels` (and a `RuntimeWarning` if there are any).
#[pyfunction]
#[pyo3(signature = (game, exact=false, max_pivots=None))]
fn solve_lemke_howson_all(
    py: Python<'_>,
    game: &PyGame,
    exact: bool,
    max_pivots: Option<usize>,
) -> PyResult<(Vec<PyEquilibrium>, Vec<usize>)> {
    let g = &game.inner;
    let options = LemkeHowsonOptions { exact, max_pivots };
    let all = run(py, || solve::lemke_howson_all_labels(g, options))?;
    let equilibria = all.equilibria.into_iter();
    Ok((
        equilibria.map(|e| PyEquilibrium::wrap(g, e)).collect(),
        all.stopped_labels,
    ))
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(solve_lemke_howson, m)?)?;
    m.add_function(wrap_pyfunction!(solve_lemke_howson_all, m)?)
}
