//! JSON for games and results, through serde.
//!
//! A game is stored as `{"title", "players", "actions", "shape", "payoffs"}` with the payoff
//! tensor flattened in C order (player index fastest); reading validates it like any
//! constructor.

use serde::{Serialize, de::DeserializeOwned};

use crate::error::{Error, Result};
use crate::game::Game;

/// Serialises a detente value to a JSON string.
///
/// # Example
/// ```
/// use detente::io::{FromJson, ToJson};
/// use detente::Game;
/// use ndarray::array;
///
/// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// assert_eq!(Game::from_json(&g.to_json()?)?, g);
/// # Ok::<(), detente::Error>(())
/// ```
pub trait ToJson: Serialize {
    /// The value as a JSON string.
    ///
    /// # Errors
    /// [`Error::Json`] if serde fails (it does not for detente's types).
    fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| Error::Json(e.to_string()))
    }
}

/// Reads a detente value from a JSON string, validating it.
pub trait FromJson: DeserializeOwned {
    /// Parses and validates `text`.
    ///
    /// # Errors
    /// [`Error::Json`] for malformed JSON or a value that does not describe a valid object
    /// (the message says which field is wrong).
    fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| Error::Json(e.to_string()))
    }
}

impl ToJson for Game {}
impl FromJson for Game {}
impl ToJson for crate::repeated::Automaton {}
impl FromJson for crate::repeated::Automaton {}
impl ToJson for crate::repeated::RepeatedGame {}
impl FromJson for crate::repeated::RepeatedGame {}
