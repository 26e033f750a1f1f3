//! Solvers for normal-form games, one module per algorithm family.
//!
//! | function | players | arithmetic | guarantees |
//! | --- | --- | --- | --- |
//! | [`pure`] | any | float, exact comparisons (`tol = 0`) | every pure (ε-)equilibrium |
//! | [`dominated`] | any | exact for pure dominators, LP (simplex) for mixed | one round; every dominator re-verified on the payoffs |
//! | [`dominance`] | any | exact for pure dominators, LP (simplex) for mixed | iterated elimination, order recorded; strict keeps every equilibrium |
//! | [`zero_sum`] | 2, constant-sum | LP (simplex) | value and optimal strategies, certified by regret |
//! | [`correlated`] | any | LP (simplex) | a (coarse) correlated equilibrium optimising an objective; deviation gain recomputed |
//! | [`commitment`] | 2 | one LP per follower action | strong Stackelberg equilibrium; best response re-verified |
//! | [`lemke_howson`] | 2 | `f64` (lexicographic ratio test) or exact integer pivoting | one equilibrium per dropped label; [`lemke_howson_all_labels`] tries every label and keeps what finished ([`lemke_howson_all`]: all or nothing) |
//! | [`enumerate_all`] | 2 | exact rational (default) or float | every extreme equilibrium, maximal Nash subsets and components, degenerate games included |
//! | [`logit_homotopy`] | any | float, Newton polishing (nalgebra) | one equilibrium of any game, each player's regret `≤ tol` × that player's payoff range |
//! | [`support_enumeration`] | any (small games) | float, Newton per support (nalgebra) | 2 players: all equilibria of nondegenerate games; n ≥ 3: those the Newton solves reach |
//! | [`logit_qre`] | any | float, predictor–corrector continuation | logit QRE on the principal branch at given `λ` |
//!
//! Every equilibrium solver returns results certified by [`crate::Game::regret`]; the dominance
//! solvers return dominators whose margins were recomputed from the payoffs.

mod commitment;
mod correlated;
mod dominance;
mod enumerate;
mod equilibrium;
mod homotopy;
mod indifference;
mod lemke_howson;
mod payoff_matrix;
mod pure;
mod qre;
mod report;
mod support_enumeration;
mod validate;
mod zero_sum;

pub use commitment::{Commitment, commitment};
pub use correlated::{
    CorrelatedEquilibrium, CorrelatedObjective, MAX_CORRELATED_PROFILES, correlated,
};
pub use dominance::{
    DOMINANCE_TOLERANCE, DominanceOptions, Elimination, Reduction, dominance, dominated,
};
pub use enumerate::{
    AllEquilibria, Clique, Component, DEFAULT_MAX_VERTICES, EnumerateOptions, default_max_memory,
    enumerate_all,
};
pub use equilibrium::{Equilibrium, ExactEquilibrium};
pub use homotopy::{HomotopyOptions, logit_homotopy};
pub use lemke_howson::{
    LemkeHowsonAll, LemkeHowsonOptions, lemke_howson, lemke_howson_all, lemke_howson_all_labels,
    lemke_howson_exact,
};
/// Exact rationals (re-exported from `num-rational`), the number type of the exact solvers and
/// of [`crate::Game::exact_regret`].
pub use num_rational::BigRational;
pub use pure::pure;
pub use qre::{LogitQre, QRE_MAX_STEPS, logit_qre, logit_qre_with};
pub use support_enumeration::{SupportEnumerationOptions, support_enumeration};
pub use zero_sum::{
    MAX_EXACT_PROFILES as MAX_EXACT_ZERO_SUM_PROFILES, ZeroSumSolution, zero_sum, zero_sum_matrix,
};

use crate::error::{Error, Result};
pub(crate) use crate::game::check_tolerance;

/// Weights below this are treated as LP noise when cleaning a probability vector.
const LP_NOISE: f64 = 1e-14;

/// Cleans a probability vector proposed by an LP: weights below [`LP_NOISE`] (including
/// negative noise) become 0, the rest are capped at 1 and divided by their sum.
///
/// # Errors
/// [`Error::Solver`] naming the LP `what` if nothing positive is left.
pub(crate) fn clean_distribution(p: &mut [f64], what: &str) -> Result<()> {
    for x in p.iter_mut() {
        *x = if *x < LP_NOISE { 0.0 } else { x.min(1.0) };
    }
    let sum: f64 = p.iter().sum();
    if sum < 0.5 {
        return Err(Error::Solver(format!(
            "{what} returned weights summing to {sum} instead of 1"
        )));
    }
    for x in p.iter_mut() {
        *x /= sum;
    }
    Ok(())
}
