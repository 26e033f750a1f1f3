//! `detente.coalition`: [`crate::coalition`] for Python, one file per core module.

pub(crate) mod network;
pub(crate) mod tu;
mod tu_solutions;
pub(crate) mod voting;

use pyo3::prelude::*;

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    tu::register(m)?;
    voting::register(m)?;
    tu_solutions::register(m)?;
    network::register(m)?;
    Ok(())
}
