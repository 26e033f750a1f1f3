//! `detente.solve.lemke_howson` and `detente.solve.lemke_howson_all`.

use pyo3::prelude::*;

use super::equilibrium::PyEquilibrium;
use crate::python::args;
use crate::python::game::PyGame;
use crate::python::progress;
use crate::python::run::run;
use crate::solve::{self, LemkeHowsonOptions};

/// The options from Python: `max_pivots=None` takes the default for the game's size.
fn options(exact: bool, max_pivots: Option<&Bound<'_, PyAny>>) -> PyResult<LemkeHowsonOptions> {
    let max_pivots = max_pivots
        .filter(|m| !m.is_none())
        .map(|m| args::count(m, "max_pivots", 1))
        .transpose()?;
    Ok(LemkeHowsonOptions { exact, max_pivots })
}

/// One equilibrium from one dropped label: `detente.solve.lemke_howson(g, label)`.
///
/// `max_pivots=None` caps each path at `max(100_000, 10 * (m + n)**2)` pivots.
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

/// The distinct equilibria from every label, and the labels whose paths reached the pivot
/// cap: `detente.solve.lemke_howson_all(g)` returns the first as an `EquilibriumList` with the
/// second as its `stopped_labels` (and a `RuntimeWarning` if there are any). `progress`
/// shows a bar of the labels whose paths are done (see `detente._progress`).
#[pyfunction]
#[pyo3(signature = (game, exact=false, max_pivots=None, *, progress=None))]
fn solve_lemke_howson_all(
    py: Python<'_>,
    game: &PyGame,
    exact: bool,
    max_pivots: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Vec<PyEquilibrium>, Vec<usize>)> {
    let g = &game.inner;
    let options = options(exact, max_pivots)?;
    let all = progress::run(py, progress, "lemke_howson_all", " labels", || {
        solve::lemke_howson_all_labels(g, options)
    })?;
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
