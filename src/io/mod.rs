//! Reading and writing games: Gambit `.nfg` files and JSON.

mod json;
mod nfg;

pub use json::{FromJson, ToJson};
pub use nfg::{decode_nfg, read_nfg, read_nfg_path};
