//! `detente.solve.support_enumeration`: the equilibria of small games.

use pyo3::prelude::*;

use super::equilibrium::PyEquilibrium;
use crate::python::args;
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::solve::{self, SupportEnumerationOptions};

/// Equilibria by support enumeration: `detente.solve.support_enumeration`.
#[pyfunction]
#[pyo3(
    signature = (game, tol=1e-9, max_profiles=None, starts=None, seed=None),
    text_signature = "(game, tol=1e-09, max_profiles=1000000, starts=8, seed=0)"
)]
fn solve_support_enumeration(
    py: Python<'_>,
    game: &PyGame,
    tol: f64,
    max_profiles: Option<&Bound<'_, PyAny>>,
    starts: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyEquilibrium>> {
    let g = &game.inner;
    let defaults = SupportEnumerationOptions::default();
    let max_profiles = max_profiles.map_or(Ok(defaults.max_profiles), |m| {
        args::count(m, "max_profiles", 1)
    })?;
    let starts = starts.map_or(Ok(defaults.starts), |s| args::count(s, "starts", 1))?;
    let seed = seed.map_or(Ok(defaults.seed), args::seed)?;
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
