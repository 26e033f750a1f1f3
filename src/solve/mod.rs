//! Solvers for normal-form games, one module per algorithm family.
//!
//! | function | players | arithmetic | guarantees |
//! | --- | --- | --- | --- |
//! | [`pure`] | any | float, exact comparisons (`tol = 0`) | every pure (ε-)equilibrium |
//! | [`dominated`] | any | exact for pure dominators, LP (simplex) for mixed | one round; every dominator re-verified on the payoffs |
//! | [`dominance`] | any | exact for pure dominators, LP (simplex) for mixed | iterated elimination, order recorded; strict keeps every equilibrium |
//! | [`lemke_howson`] | 2 | `f64` (lexicographic ratio test) or exact integer pivoting | one equilibrium per dropped label; [`lemke_howson_all`] tries every label |
//!
//! Every equilibrium solver returns results certified by [`crate::Game::regret`]; the dominance
//! solvers return dominators whose margins were recomputed from the payoffs.

mod dominance;
mod equilibrium;
mod lemke_howson;
mod pure;

pub use dominance::{
    DOMINANCE_TOLERANCE, DominanceOptions, Elimination, Reduction, dominance, dominated,
};
pub use equilibrium::Equilibrium;
pub use lemke_howson::{LemkeHowsonOptions, lemke_howson, lemke_howson_all, lemke_howson_exact};
/// Exact rationals (re-exported from `num-rational`), the number type of the exact solvers and
/// of [`crate::Game::exact_regret`].
pub use num_rational::BigRational;
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
