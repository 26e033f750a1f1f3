//! Cooperative games with transferable utility (TU games).
//!
//! A [`TUGame`] holds `v(S)` for every coalition `S` of `n` players, coalitions being
//! bitmasks (bit `i` = player `i`). On it:
//!
//! | what | method | arithmetic |
//! | --- | --- | --- |
//! | Shapley value, Banzhaf value | [`TUGame::shapley`], [`TUGame::shapley_exact`], [`TUGame::banzhaf`], [`TUGame::banzhaf_exact`], [`TUGame::banzhaf_swings`] | float or exact; `O(n·2ⁿ)`, parallel |
//! | Monte-Carlo Shapley value | [`TUGame::shapley_monte_carlo`] | float; estimates, standard errors, 95% intervals; reproducible for a seed |
//! | core, least core | [`TUGame::is_core_empty`], [`TUGame::core_point`], [`TUGame::least_core`], [`TUGame::core_vertices`] (at most [`MAX_CORE_VERTEX_PLAYERS`] players) | LP (good_lp + microlp) with constraint generation; exact recovery and checks in rationals |
//! | nucleolus, prenucleolus | [`TUGame::nucleolus`], [`TUGame::prenucleolus`] | LP sequence (Maschler, Peleg & Shapley 1979) fixing only coalitions tight on the whole optimal face; exact and certified by Kohlberg's criterion up to [`MAX_EXACT_NUCLEOLUS_PLAYERS`] players |
//! | Myerson value | [`TUGame::graph_restricted`], [`TUGame::myerson`], [`TUGame::myerson_exact`] | the Shapley value of the game restricted to the components of a communication graph |
//! | properties | [`TUGame::is_superadditive`], [`TUGame::is_convex`], [`TUGame::is_simple`], [`TUGame::is_monotone`], [`TUGame::is_essential`] | exact comparisons on exact games |
//!
//! # Example
//! ```
//! use detente::coalition::TUGame;
//!
//! let majority = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?;
//! assert!(majority.is_superadditive()?);
//! assert!(!majority.is_convex());
//! # Ok::<(), detente::Error>(())
//! ```

mod core;
mod game;
mod linalg;
mod monte_carlo;
mod myerson;
mod nucleolus;
mod properties;
mod sequence;
mod shapley;

pub use core::{CorePoint, LeastCore, MAX_CORE_VERTEX_PLAYERS};
pub use game::{MAX_EXACT_PLAYERS, MAX_PLAYERS, MAX_VALUE_BYTES, TUGame, check_players};
pub use monte_carlo::{
    MAX_SAMPLED_PLAYERS, MAX_SAMPLES, ShapleyEstimate, shapley_monte_carlo_with,
};
pub use nucleolus::{ExcessLevel, MAX_EXACT_NUCLEOLUS_PLAYERS, Nucleolus};
pub use properties::MAX_SUPERADDITIVE_PLAYERS;
