//! Cooperative games with transferable utility (TU games).
//!
//! A [`TUGame`] holds `v(S)` for every coalition `S` of `n` players, coalitions being
//! bitmasks (bit `i` = player `i`). On it:
//!
//! | what | method | arithmetic |
//! | --- | --- | --- |
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

mod game;
mod properties;

pub use game::{MAX_EXACT_PLAYERS, MAX_PLAYERS, MAX_VALUE_BYTES, TUGame, check_players};
