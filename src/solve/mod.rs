//! Solvers for normal-form games, one module per algorithm family.
//!
//! | function | players | arithmetic | guarantees |
//! | --- | --- | --- | --- |
//! | [`pure`] | any | float, exact comparisons (`tol = 0`) | every pure (ε-)equilibrium |
//! | [`dominated`] | any | exact for pure dominators, LP (simplex) for mixed | one round; every dominator re-verified on the payoffs |
//! | [`dominance`] | any | exact for pure dominators, LP (simplex) for mixed | iterated elimination, order recorded; strict keeps every equilibrium |
//! | [`logit_homotopy`] | any | float, Newton polishing (nalgebra) | one equilibrium of any game, `regret ≤ tol` |
//! | [`support_enumeration`] | any (small games) | float, Newton per support (nalgebra) | 2 players: all equilibria of nondegenerate games; n ≥ 3: those the Newton solves reach |
//! | [`logit_qre`] | any | float, predictor–corrector continuation | logit QRE on the principal branch at given `λ` |
//!
//! Every equilibrium solver returns results certified by [`crate::Game::regret`]; the dominance
//! solvers return dominators whose margins were recomputed from the payoffs.

mod dominance;
mod equilibrium;
mod homotopy;
mod indifference;
mod pure;
mod qre;
mod rng;
mod support_enumeration;

pub use dominance::{
    DOMINANCE_TOLERANCE, DominanceOptions, Elimination, Reduction, dominance, dominated,
};
pub use equilibrium::Equilibrium;
pub use homotopy::{HomotopyOptions, logit_homotopy};
pub use pure::pure;
pub use qre::{LogitQre, QRE_MAX_STEPS, logit_qre, logit_qre_with};
pub use support_enumeration::{SupportEnumerationOptions, support_enumeration};

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
