//! `detente.repeated`: [`crate::repeated`] for Python.
//!
//! One file per core module; methods of `RepeatedGame` live next to the core module they call
//! (pyo3's `multiple-pymethods`), so each file stays small.

mod automaton;
mod critical;
mod game;
mod minmax;
mod moran;
mod payoff_set;
mod spe;
mod strategies;
mod tournament;

use pyo3::prelude::*;

pub(crate) use game::PyRepeatedGame;

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<game::PyRepeatedGame>()?;
    m.add_class::<automaton::PyAutomaton>()?;
    m.add_class::<payoff_set::PyEquilibriumPayoffSet>()?;
    critical::register(m)?;
    minmax::register(m)?;
    spe::register(m)?;
    strategies::register(m)?;
    tournament::register(m)?;
    moran::register(m)
}
