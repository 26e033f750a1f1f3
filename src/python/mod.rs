//! The Python extension module `detente._core` (feature `python`).
//!
//! The only place in the crate that knows about pyo3: conversions, error mapping, the GIL and
//! Ctrl-C helper, and thin classes over the Rust API. No algorithm lives here.

mod alliance;
mod args;
mod coalition;
mod convert;
mod dynamics;
mod errors;
mod face;
mod game;
mod io;
mod progress;
mod repeated;
mod run;
#[cfg(unix)]
mod sigint;
mod solve;
mod sweep;

use pyo3::prelude::*;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_class::<game::PyGame>()?;
    io::register(m)?;
    solve::register(m)?;
    alliance::register(m)?;
    dynamics::register(m)?;
    repeated::register(m)?;
    coalition::register(m)?;
    sweep::register(m)?;
    Ok(())
}
