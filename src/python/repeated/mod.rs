//! `detente.repeated`: [`crate::repeated`] for Python.
//!
//! One file per core module; methods of `RepeatedGame` live next to the core module they call
//! (pyo3's `multiple-pymethods`), so each file stays small.

mod automaton;
mod critical;
mod game;
mod minmax;

use pyo3::prelude::*;

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<game::PyRepeatedGame>()?;
    m.add_class::<automaton::PyAutomaton>()?;
    critical::register(m)?;
    minmax::register(m)?;
    Ok(())
}
