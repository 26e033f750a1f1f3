//! The solver functions behind `detente.solve` (the Python module wraps their lists).

use pyo3::prelude::*;

use super::game::PyGame;
use super::results::{PyElimination, PyEquilibrium, PyReduction};
use super::run::run;
use crate::solve::{self, DominanceOptions};

/// Every pure (ε-)equilibrium: `detente.solve.pure`.
#[pyfunction]
#[pyo3(signature = (game, tol=0.0))]
fn solve_pure(py: Python<'_>, game: &PyGame, tol: f64) -> PyResult<Vec<PyEquilibrium>> {
    let g = &game.inner;
    let eqs = run(py, || solve::pure(g, tol))?;
    Ok(eqs.into_iter().map(|e| PyEquilibrium::wrap(g, e)).collect())
}

/// Iterated elimination of dominated actions: `detente.solve.dominance`.
#[pyfunction]
#[pyo3(signature = (game, strict=true, mixed=true))]
fn solve_dominance(
    py: Python<'_>,
    game: &PyGame,
    strict: bool,
    mixed: bool,
) -> PyResult<PyReduction> {
    let g = &game.inner;
    let reduction = run(py, || {
        solve::dominance(g, DominanceOptions { strict, mixed })
    })?;
    PyReduction::wrap(py, g, reduction)
}

/// The actions of one player dominated in the game as it stands: `detente.solve.dominated`.
#[pyfunction]
#[pyo3(signature = (game, player, strict=true, mixed=true))]
fn solve_dominated(
    py: Python<'_>,
    game: &PyGame,
    player: &Bound<'_, PyAny>,
    strict: bool,
    mixed: bool,
) -> PyResult<Vec<PyElimination>> {
    let g = &game.inner;
    let i = super::convert::player_index(g, player)?;
    let found = run(py, || {
        solve::dominated(g, i, DominanceOptions { strict, mixed })
    })?;
    Ok(found.iter().map(|e| PyElimination::wrap(g, e)).collect())
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(solve_pure, m)?)?;
    m.add_function(wrap_pyfunction!(solve_dominance, m)?)?;
    m.add_function(wrap_pyfunction!(solve_dominated, m)?)
}
