//! `detente.solve.support_enumeration`: the equilibria of small games.

use pyo3::prelude::*;

use super::equilibrium::PyEquilibrium;
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::solve::{self, SupportEnumerationOptions};

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

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(solve_support_enumeration, m)?)
}
