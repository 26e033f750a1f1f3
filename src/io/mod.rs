//! Reading and writing games: Gambit `.nfg` files and JSON.

mod json;

pub use json::{FromJson, ToJson};
