//! Voting games (simple games) and their power indices, exact at the scale of real
//! assemblies.
//!
//! | item | what it holds |
//! | --- | --- |
//! | [`WeightedRule`] | one weighted majority rule `[q; w_1, …, w_n]` (integer or rational weights) |
//! | [`Rule`] | weighted rules joined by "all of" / "any of", nested freely |
//! | [`VotingGame`] | a rule over named players: vetoes, lists of minimal winning coalitions, the UN Security Council, the EU Council; power indices and structural queries |
//! | [`PowerIndices`] | the result of every index: exact fractions and floats, with the one result face |
//!
//! Shapley-Shubik and Banzhaf are computed exactly by generating-function dynamic
//! programming over the weights (see the `power` module's docs: box-truncated tables of
//! complements, leave-one-out by division, counts in machine words modulo `2^(64L)`), so
//! a 190-member board or the US Electoral College are counted exactly. Deegan-Packel and
//! Holler use the list of minimal winning coalitions (pruned search, bounded by
//! `max_count`), Johnston an enumeration of all coalitions (at most 20 players). Every
//! count is checked in the tests against an enumeration of all coalitions.
//!
//! # Example
//! ```
//! use detente::coalition::voting::VotingGame;
//!
//! let unsc = VotingGame::un_security_council();
//! let bz = unsc.banzhaf_swings()?;
//! assert_eq!((bz[0].clone(), bz[5].clone()), (848u32.into(), 84u32.into()));
//! # Ok::<(), detente::Error>(())
//! ```

mod compound;
mod counts;
pub(crate) mod enumerate;
mod indices;
mod power;
mod result;
mod to_tu;
mod weighted;

pub use compound::{Rule, VotingGame, default_players};
pub use enumerate::MAX_BRUTE_FORCE_PLAYERS;
pub use indices::DEFAULT_MAX_COALITIONS;
pub use power::MEMORY_BUDGET;
pub use result::PowerIndices;
pub use weighted::{MAX_TOTAL_WEIGHT, WeightedRule};
