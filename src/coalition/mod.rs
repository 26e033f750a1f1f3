//! Coalitional games: TU games ([`tu`]) and voting games with their power indices
//! ([`voting`]).
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`tu`] | TU games: Shapley, Banzhaf, core, least core, nucleolus, Monte-Carlo Shapley |
//! | [`voting`] | weighted and compound voting rules (vetoes, several weight vectors, lists of minimal winning coalitions) and exact power indices at the scale of real assemblies |
//!
//! # Example
//! ```
//! use detente::coalition::voting::VotingGame;
//!
//! let g = VotingGame::weighted(5, &[4, 2, 1])?; // [5; 4, 2, 1]
//! assert_eq!(g.shapley_shubik()?.to_string(), "[2/3, 1/6, 1/6]");
//! # Ok::<(), detente::Error>(())
//! ```

pub mod tu;
pub mod voting;

pub use tu::TUGame;
pub mod network;
