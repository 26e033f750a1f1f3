//! Repeated games: a stage [`Game`](crate::Game) played again and again.
//!
//! | item | what it holds |
//! | --- | --- |
//! | [`RepeatedGame`] | a stage game with per-player discount factors, a continuation probability (random ending) and an optional finite horizon |
//! | [`Automaton`] | a player's strategy as a finite automaton (Moore machine) over observed action profiles |
//! | [`EquilibriumPayoffSet`] | the pure-strategy subgame-perfect equilibrium payoffs of a two-player game with public randomization ([`RepeatedGame::equilibrium_payoff_set`]: Abreu-Sannikov, or an outer approximation) |
//! | [`StageActions`], [`PayoffSetWitness`] | the payoff set with mixed stage actions from a finite family ([`payoff_set_mixed`]) |
//! | [`RepeatedPayoffs`] | exact discounted payoffs of a profile of automata and its path ([`RepeatedGame::payoffs`]) |
//! | [`SpeCheck`] | the one-shot deviation check of subgame perfection ([`RepeatedGame::is_spe`]) |
//! | [`SpeDiscountRange`] | the discount factors at which a profile is subgame perfect ([`RepeatedGame::spe_discount_range`]) |
//! | [`Minmax`] | minmax values and punishing profiles, pure, mixed and correlated ([`RepeatedGame::minmax`]) |
//! | [`PayoffSet`] | the feasible and individually rational payoff sets ([`RepeatedGame::feasible_set`]) |
//! | [`CriticalDiscount`] | the smallest discount factor sustaining a profile or cycle ([`RepeatedGame::critical_discount`]; optimal penal codes in [`optimal_code`]) |
//! | [`contagion_threshold`] | community enforcement under random matching (Kandori 1992) |
//! | [`strategies`], [`tournament()`], [`moran()`] | classic strategies, round-robin tournaments, the Moran process |
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

pub mod abreu_sannikov;
mod algebraic;
mod automaton;
mod chain;
mod contagion;
mod critical;
mod discount_range;
mod feasible;
mod game;
mod memory_one;
mod minmax;
pub mod moran;
pub mod optimal_code;
pub mod outer;
mod payoff_set;
pub mod payoff_set_mixed;
mod payoffs;
mod polygon;
mod polynomial;
mod spe;
pub mod strategies;
pub mod tournament;

#[cfg(feature = "python")]
pub(crate) use algebraic::poly_text;
// `spe_discount_range` also exports a `DiscountInterval`: the critical-discount one (exact
// algebraic ends) is re-exported as `CriticalInterval`.
pub use algebraic::{AlgebraicNumber, DiscountInterval as CriticalInterval};
pub use automaton::Automaton;
pub use chain::{MAX_EXACT_SYSTEM, MAX_FLOAT_SYSTEM, MAX_JOINT_STATES, MAX_TRANSITIONS};
pub use contagion::{ContagionThreshold, MAX_POPULATION, contagion_threshold};
pub use critical::{
    Binding, CriticalDiscount, MAX_CYCLE, MAX_OPTIMAL_CYCLE, MAX_STICK, Punishment,
};
pub use discount_range::{
    DiscountInterval, MAX_SYMBOLIC_MIXED, MAX_SYMBOLIC_PURE, SpeDiscountRange,
};
pub use feasible::{MAX_HULL_POINTS, PayoffSet};
pub use game::RepeatedGame;
pub use minmax::{MAX_REGIONS, MINMAX_TOL, Minmax, MinmaxKind};
pub use moran::{Fitness, MAX_EXACT_POPULATION, MoranMethod, MoranOptions, moran, moran_exact};
pub use optimal_code::{BRACKET_WIDTH, MAX_SEARCH_DISCOUNT};
pub use payoff_set::{EquilibriumPayoffSet, PayoffSetMethod, PayoffSetOptions};
pub use payoff_set_mixed::{
    MAX_GRID, MAX_MIXED_PROFILES, MAX_MIXED_WORK, MIXED_MIN_TOL, PayoffSetWitness, StageActions,
};
pub use payoffs::{MAX_EXACT_HORIZON, MAX_FINITE_WORK, RepeatedPayoffs};
pub use polynomial::{AlgebraicRoot, RealRoot};
pub use spe::{Deviation, SpeCheck};
pub use tournament::{MAX_SIMULATIONS, MAX_TOTAL_TURNS, Tournament, TournamentOptions, tournament};
