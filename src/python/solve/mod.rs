//! The solvers behind `detente.solve`, one file per core module of [`crate::solve`], and
//! their result classes (each built with [`super::face::result_class`]).

mod commitment;
mod correlated;
mod dominance;
mod enumerate;
pub(super) mod equilibrium;
mod homotopy;
mod lemke_howson;
mod pure;
mod qre;
mod support_enumeration;
mod zero_sum;

use pyo3::prelude::*;

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<equilibrium::PyEquilibrium>()?;
    m.add_function(wrap_pyfunction!(equilibrium::equilibria_frame, m)?)?;
    m.add_function(wrap_pyfunction!(equilibrium::equilibria_html, m)?)?;
    dominance::register(m)?;
    pure::register(m)?;
    zero_sum::register(m)?;
    correlated::register(m)?;
    commitment::register(m)?;
    lemke_howson::register(m)?;
    enumerate::register(m)?;
    homotopy::register(m)?;
    support_enumeration::register(m)?;
    qre::register(m)
}
