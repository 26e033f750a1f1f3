//! Repeated games: a stage [`Game`](crate::Game) played again and again.
//!
//! | item | what it holds |
//! | --- | --- |
//! | [`RepeatedGame`] | a stage game with per-player discount factors, a continuation probability (random ending) and an optional finite horizon |
//! | [`Automaton`] | a player's strategy as a finite automaton (Moore machine) over observed action profiles |
//!
//! Numbers are exact where the input is: a [`RepeatedGame`] keeps its discount factors as
//! rationals (each float taken as the simplest rational that rounds to it, see
//! [`crate::alliance::rational_value`]), and an [`Automaton`] its output probabilities.
//!
//! # Example
//! ```
//! use detente::repeated::{Automaton, RepeatedGame};
//! use detente::Game;
//! use ndarray::array;
//!
//! // Prisoners' dilemma, cooperation = action 0.
//! let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
//!                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
//! let rg = RepeatedGame::new(pd, 0.9)?;
//! assert_eq!(rg.discount(1), 0.9);
//! // Grim trigger: cooperate until anyone defects, then defect for ever.
//! let grim = Automaton::pure(
//!     vec!["cooperate".into(), "punish".into()],
//!     vec![0, 1],
//!     // transitions[state][own action][other's action]
//!     vec![vec![0, 1, 1, 1], vec![1, 1, 1, 1]],
//!     vec![2, 2],
//!     0,
//! )?;
//! assert_eq!(grim.next(0, &[0, 1]), 1);
//! # Ok::<(), detente::Error>(())
//! ```

mod automaton;
mod game;

pub use automaton::Automaton;
pub use game::RepeatedGame;

mod algebraic;
mod contagion;
mod critical;

#[cfg(feature = "python")]
pub(crate) use algebraic::poly_text;
pub use algebraic::{AlgebraicNumber, DiscountInterval};
pub use contagion::{ContagionThreshold, MAX_POPULATION, contagion_threshold};
pub use critical::{
    Binding, CriticalDiscount, MAX_CYCLE, MAX_OPTIMAL_CYCLE, MAX_STICK, Punishment,
};

mod minmax;

pub use minmax::{MAX_REGIONS, MINMAX_TOL, Minmax, MinmaxKind};

mod feasible;

pub use feasible::{MAX_HULL_POINTS, PayoffSet};
