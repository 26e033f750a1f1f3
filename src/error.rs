//! The one error type of detente: every variant says what the caller must fix.

use thiserror::Error;

/// Everything that can go wrong in detente.
///
/// Each variant carries a message written for the person who made the call: it names the
/// offending value and says what would be accepted instead. The Python bindings map the
/// variants onto `detente.InvalidGameError`, `detente.InvalidProfileError`,
/// `detente.NfgParseError` (all `ValueError` subclasses) and `detente.SolverError`.
///
/// # Example
/// ```
/// use detente::{Error, Game};
/// use ndarray::ArrayD;
///
/// let nan = ArrayD::from_shape_vec(vec![1, 1, 2], vec![f64::NAN, 0.0]).unwrap();
/// let err = Game::new(nan).unwrap_err();
/// assert!(matches!(err, Error::InvalidGame(_)));
/// assert!(err.to_string().contains("NaN"));
/// ```
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// The payoffs, shape, names or labels do not describe a valid game.
    #[error("invalid game: {0}")]
    InvalidGame(String),
    /// A strategy profile does not fit the game (wrong lengths, negative or non-summing
    /// probabilities, unknown player or action).
    #[error("invalid profile: {0}")]
    InvalidProfile(String),
    /// A Gambit `.nfg` file could not be parsed; `line` and `column` are 1-based.
    #[error("malformed .nfg at line {line}, column {column}: {message}")]
    NfgParse {
        /// 1-based line of the offending token.
        line: usize,
        /// 1-based column of the offending token.
        column: usize,
        /// What was expected and what was found.
        message: String,
    },
    /// A file could not be read or written. `kind` is the operating system's reason
    /// ([`std::io::ErrorKind::NotFound`] for a missing file; the Python bindings raise
    /// `FileNotFoundError` for it) and `message` its description.
    #[error("cannot access {path}: {message}")]
    Io {
        /// The path as given by the caller.
        path: String,
        /// Why the operation failed.
        kind: std::io::ErrorKind,
        /// The operating system's description of the failure.
        message: String,
    },
    /// A solver option is out of range (a negative tolerance, a zero iteration cap, …).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// JSON that does not describe a detente object.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// A solver could not finish (an LP backend failed, an iteration cap was reached).
    #[error("solver failed: {0}")]
    Solver(String),
    /// The computation was stopped: its [`crate::interrupt::StopToken`] was stopped (Ctrl-C in
    /// Python) or [`crate::interrupt::request`] was called.
    #[error("interrupted")]
    Interrupted,
}

/// Shorthand for `std::result::Result<T, detente::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

/// Reads `text` as one of the named choices of the option `what`, or explains the valid names.
///
/// The core's option enums implement [`std::str::FromStr`] with it, so that every front end
/// (Python, the command line, Rust callers) reads option names the same way.
pub(crate) fn choose<T: Clone>(what: &str, text: &str, choices: &[(&str, T)]) -> Result<T> {
    choices
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, value)| value.clone())
        .ok_or_else(|| {
            let names: Vec<String> = choices.iter().map(|(n, _)| format!("{n:?}")).collect();
            Error::InvalidArgument(format!(
                "{what} must be one of {}, got {text:?}",
                names.join(", ")
            ))
        })
}
