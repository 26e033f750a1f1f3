//! `detente.coalition`: [`crate::coalition`] for Python.

mod voting;

use pyo3::prelude::*;

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    voting::register(m)?;
    Ok(())
}
