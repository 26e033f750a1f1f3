//! Solvers for normal-form games, one module per algorithm family.
//!
//! | function | players | arithmetic | guarantees |
//! | --- | --- | --- | --- |
//! | [`pure`] | any | float, exact comparisons (`tol = 0`) | every pure (ε-)equilibrium |
//! | [`dominated`] | any | exact for pure dominators, LP (simplex) for mixed | one round; every dominator re-verified on the payoffs |
//! | [`dominance`] | any | exact for pure dominators, LP (simplex) for mixed | iterated elimination, order recorded; strict keeps every equilibrium |
//! | [`enumerate_all`] | 2 | exact rational (default) or float | every extreme equilibrium, maximal Nash subsets and components, degenerate games included |
//!
//! Every equilibrium solver returns results certified by [`crate::Game::regret`]; the dominance
//! solvers return dominators whose margins were recomputed from the payoffs.

mod dominance;
mod enumerate;
mod equilibrium;
mod pure;

pub use dominance::{
    DOMINANCE_TOLERANCE, DominanceOptions, Elimination, Reduction, dominance, dominated,
};
pub use enumerate::{
    AllEquilibria, Clique, Component, DEFAULT_MAX_VERTICES, EnumerateOptions, ExactEquilibrium,
    enumerate_all,
};
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
