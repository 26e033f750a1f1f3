//! The Python extension module `detente._core` (feature `python`).
//!
//! The only place in the crate that knows about pyo3: conversions, error mapping, the GIL and
//! Ctrl-C helper, and thin classes over the Rust API. No algorithm lives here.

mod alliance;
mod convert;
mod dynamics;
mod enumerate;
mod errors;
mod game;
mod io;
mod lemke_howson;
mod lp_solvers;
mod nplayer;
mod results;
mod run;
#[cfg(unix)]
mod sigint;
mod solve;

use pyo3::prelude::*;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_class::<game::PyGame>()?;
    m.add_class::<results::PyEquilibrium>()?;
    m.add_class::<results::PyElimination>()?;
    m.add_class::<results::PyReduction>()?;
    io::register(m)?;
    solve::register(m)?;
    lp_solvers::register(m)?;
    alliance::register(m)?;
    lemke_howson::register(m)?;
    enumerate::register(m)?;
    dynamics::register(m)?;
    nplayer::register(m)?;
    Ok(())
}
