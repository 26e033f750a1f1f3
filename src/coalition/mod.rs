//! Coalitional games: TU games ([`tu`]).

pub mod tu;

pub use tu::TUGame;
