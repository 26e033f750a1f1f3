//! Conversions from Python values (numpy arrays, lists, labels) to detente's Rust types.

use ndarray::ArrayD;
use numpy::PyReadonlyArrayDyn;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyList, PyString, PyTuple};

use crate::error::Error;
use crate::game::{Game, MAX_PAYOFF_BYTES, PlayerSpec, Profile, StrategySpec};

/// `numpy.asarray(obj)` as float64, with a `TypeError` for non-numeric data and
/// `invalid(message)` for ragged nesting or an array larger than
/// [`crate::game::MAX_PAYOFF_BYTES`] (checked from its shape, before anything is copied: a
/// broadcast view may describe far more memory than it holds).
pub(super) fn to_f64_array(
    obj: &Bound<'_, PyAny>,
    what: &str,
    invalid: fn(String) -> Error,
) -> PyResult<ArrayD<f64>> {
    let py = obj.py();
    let np = py.import("numpy")?;
    let arr = np.call_method1("asarray", (obj,)).map_err(|e| {
        invalid(format!(
            "{what} could not be read as a numeric array ({e}); pass equal-length nested lists \
             or a numpy array"
        ))
    })?;
    let dtype = arr.getattr("dtype")?;
    let kind: String = dtype.getattr("kind")?.extract()?;
    if !matches!(kind.as_str(), "b" | "i" | "u" | "f") {
        return Err(PyTypeError::new_err(format!(
            "{what} must be real numbers (bool, int or float), got an array of dtype {}",
            dtype.str()?
        )));
    }
    let size: usize = arr.getattr("size")?.extract()?;
    if size.saturating_mul(std::mem::size_of::<f64>()) > MAX_PAYOFF_BYTES {
        let shape: Vec<usize> = arr.getattr("shape")?.extract()?;
        return Err(invalid(format!(
            "{what} has shape {shape:?}, {size} numbers: more than the {} GiB detente copies; \
             pass a smaller array",
            MAX_PAYOFF_BYTES >> 30
        ))
        .into());
    }
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("copy", false)?;
    let arr = arr.call_method("astype", ("float64",), Some(&kwargs))?;
    let arr: PyReadonlyArrayDyn<'_, f64> = arr.extract()?;
    Ok(arr.as_array().to_owned())
}

/// Reads payoffs in either convention: a list or tuple of N N-dimensional arrays (one per
/// player, Gambit's) or one array of shape `(n_1, …, n_N, N)` (QuantEcon's).
pub(super) fn game_from_payoffs(payoffs: &Bound<'_, PyAny>) -> PyResult<Game> {
    if payoffs.is_instance_of::<PyList>() || payoffs.is_instance_of::<PyTuple>() {
        let n = payoffs.len()?;
        let arrays: Vec<ArrayD<f64>> = payoffs
            .try_iter()?
            .map(|item| to_f64_array(&item?, "payoffs", Error::InvalidGame))
            .collect::<PyResult<_>>()?;
        if n > 0 && arrays.iter().all(|a| a.ndim() == n) {
            let views: Vec<_> = arrays.iter().map(|a| a.view()).collect();
            return Ok(Game::from_player_arrays(&views)?);
        }
    }
    Ok(Game::new(to_f64_array(
        payoffs,
        "payoffs",
        Error::InvalidGame,
    )?)?)
}

/// A player given as an index (negative counts from the end) or a name.
pub(super) fn player_index(game: &Game, player: &Bound<'_, PyAny>) -> PyResult<usize> {
    let spec =
        if let Ok(name) = player.cast::<PyString>() {
            PlayerSpec::Name(name.to_str()?.to_string())
        } else {
            PlayerSpec::Index(player.extract().map_err(|_| {
                PyTypeError::new_err("a player is an int index or a player name (str)")
            })?)
        };
    Ok(game.resolve_player(&spec)?)
}

/// A profile: one entry per player, each an action index, an action label, or a probability
/// vector.
pub(super) fn profile(game: &Game, profile: &Bound<'_, PyAny>) -> PyResult<Profile> {
    let specs: Vec<StrategySpec> = profile
        .try_iter()
        .map_err(|_| PyTypeError::new_err("a profile is a sequence with one strategy per player"))?
        .enumerate()
        .map(|(i, entry)| strategy(i, &entry?))
        .collect::<PyResult<_>>()?;
    Ok(game.resolve_profile(&specs)?)
}

/// One strategy: a label (str), an action index (int) or a 1-D probability vector.
fn strategy(player: usize, entry: &Bound<'_, PyAny>) -> PyResult<StrategySpec> {
    if let Ok(label) = entry.cast::<PyString>() {
        return Ok(StrategySpec::Label(label.to_str()?.to_string()));
    }
    if !entry.is_instance_of::<PyBool>()
        && let Ok(a) = entry.extract::<i64>()
    {
        return Ok(StrategySpec::Action(a));
    }
    let arr = to_f64_array(entry, "a mixed strategy", Error::InvalidProfile)?;
    if arr.ndim() != 1 {
        return Err(Error::InvalidProfile(format!(
            "player {}'s strategy must be an action index, a label or a 1-D probability \
             vector, got an array of shape {:?}",
            player + 1,
            arr.shape()
        ))
        .into());
    }
    Ok(StrategySpec::Mixed(arr.into_iter().collect()))
}
