//! # detente
//!
//! Game-theory solvers for the study of alliances and international security, with Python
//! bindings (feature `python`) over the same Rust API.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`game`] | [`Game`]: n-player payoff tensors, validation, mixed profiles, payoffs, regrets |
//! | [`solve`] | equilibrium solvers (pure, dominance, LPs, Lemke-Howson, enumeration, n-player) |
//! | [`dynamics`] | best-response dynamics, fictitious play, replicator; parallel multi-start |
//! | [`alliance`] | alliance models from international relations, built on the games above |
//! | [`io`] | Gambit `.nfg` files and JSON |
//! | [`format`](mod@format) | how numbers, fractions and mixed strategies print |
//! | [`coalition`] | cooperative (TU) games: Shapley, Banzhaf, core, nucleolus; voting games and power indices, exact at scale |
//! | [`repeated`] | repeated games: minmax, payoff sets, critical discount factors, automata, SPE checks, tournaments |
//! | [`report`] | the one face of every result: summary line, tidy table, HTML |
//! | [`interrupt`] | cooperative cancellation of long computations |
//!
//! Every solver returns [`Equilibrium`] values whose `regret` is recomputed from the game by an
//! independent routine ([`Game::regret`]), so each answer carries its own certificate.
//!
//! # Example
//! ```
//! use detente::{solve, Game};
//! use ndarray::array;
//!
//! // Stag hunt as a security dilemma: both cooperate, or both arm.
//! let g = Game::from_bimatrix(array![[4.0, 0.0], [3.0, 2.0]].view(),
//!                             array![[4.0, 3.0], [0.0, 2.0]].view())?
//!     .with_actions(vec![vec!["Cooperate", "Arm"], vec!["Cooperate", "Arm"]])?;
//! let eqs = solve::pure(&g, 0.0)?;
//! assert_eq!(eqs.len(), 2);
//! assert!(eqs.iter().all(|e| e.regret == 0.0));
//! # Ok::<(), detente::Error>(())
//! ```

pub mod alliance;
pub mod coalition;
pub mod dynamics;
pub mod error;
pub mod format;
pub mod game;
pub mod interrupt;
pub mod io;
mod lp;
pub mod progress;
pub mod repeated;
pub mod report;
mod rng;
pub mod solve;
pub mod sweep;

#[cfg(feature = "python")]
mod python;

/// The Python extension allocates through mimalloc: a sweep builds and drops a game, its
/// equilibria and their certificates at every grid point, and glibc's allocator took a third
/// of that time. Rust users of the crate keep their own allocator.
#[cfg(feature = "python")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The README's Rust example, compiled and run as a doctest so it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use error::{Error, Result};
pub use game::Game;
pub use solve::Equilibrium;
