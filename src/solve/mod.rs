//! Solvers for normal-form games, one module per algorithm family.
//!
//! | function | players | arithmetic | guarantees |
//! | --- | --- | --- | --- |
//! | [`pure`] | any | float, exact comparisons (`tol = 0`) | every pure (ε-)equilibrium |
//! | [`dominance`] | any | LP (simplex) for mixed dominators | iterated elimination, order recorded |
//!
//! Every function returns results certified by [`crate::Game::regret`].

mod equilibrium;
mod pure;

pub use equilibrium::Equilibrium;
pub use pure::pure;

use crate::error::{Error, Result};

/// Checks a tolerance argument: finite and non-negative.
pub(crate) fn check_tolerance(tol: f64) -> Result<()> {
    if tol.is_finite() && tol >= 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!(
            "tol must be a finite number >= 0, got {tol}"
        )))
    }
}
