//! Conversions from Python values (numpy arrays, lists, labels) to detente's Rust types.

use ndarray::ArrayD;
use numpy::PyReadonlyArrayDyn;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::game::{Game, Profile};

/// `numpy.asarray(obj)` as float64, with a `TypeError` for non-numeric data and an
/// `InvalidGameError` for ragged nesting.
pub(super) fn to_f64_array(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<ArrayD<f64>> {
    let py = obj.py();
    let np = py.import("numpy")?;
    let arr = np.call_method1("asarray", (obj,)).map_err(|e| {
        PyErr::from(crate::error::Error::InvalidGame(format!("{what} could not be read as a numeric array ({e}); pass equal-length nested lists or a numpy array")))
    })?;
    let dtype = arr.getattr("dtype")?;
    let kind: String = dtype.getattr("kind")?.extract()?;
    if !matches!(kind.as_str(), "b" | "i" | "u" | "f") {
        return Err(PyTypeError::new_err(format!(
            "{what} must be real numbers (bool, int or float), got an array of dtype {}",
            dtype.str()?
        )));
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
            .map(|item| to_f64_array(&item?, "payoffs"))
            .collect::<PyResult<_>>()?;
        if n > 0 && arrays.iter().all(|a| a.ndim() == n) {
            let views: Vec<_> = arrays.iter().map(|a| a.view()).collect();
            return Ok(Game::from_player_arrays(&views)?);
        }
    }
    Ok(Game::new(to_f64_array(payoffs, "payoffs")?)?)
}

/// A player given as an index (negative counts from the end) or a name.
pub(super) fn player_index(game: &Game, player: &Bound<'_, PyAny>) -> PyResult<usize> {
    if let Ok(name) = player.cast::<PyString>() {
        let name = name.to_str()?;
        return game
            .players()
            .iter()
            .position(|p| p == name)
            .ok_or_else(|| {
                PyErr::from(crate::error::Error::InvalidProfile(format!(
                    "no player is named {name:?}; the players are {:?}",
                    game.players()
                )))
            });
    }
    let i: i64 = player
        .extract()
        .map_err(|_| PyTypeError::new_err("a player is an int index or a player name (str)"))?;
    let n = game.num_players() as i64;
    let j = if i < 0 { i + n } else { i };
    if (0..n).contains(&j) {
        Ok(j as usize)
    } else {
        Err(PyErr::from(crate::error::Error::InvalidProfile(format!(
            "player index {i} is out of range for a {n}-player game"
        ))))
    }
}

/// A profile: one entry per player, each an action index, an action label, or a probability
/// vector.
pub(super) fn profile(game: &Game, profile: &Bound<'_, PyAny>) -> PyResult<Profile> {
    let entries: Vec<Bound<'_, PyAny>> = profile
        .try_iter()
        .map_err(|_| PyTypeError::new_err("a profile is a sequence with one strategy per player"))?
        .collect::<PyResult<_>>()?;
    if entries.len() != game.num_players() {
        return Err(PyErr::from(crate::error::Error::InvalidProfile(format!(
            "a profile of this {}-player game needs one strategy per player, got {}",
            game.num_players(),
            entries.len()
        ))));
    }
    let out: Profile = entries
        .iter()
        .enumerate()
        .map(|(i, entry)| strategy(game, i, entry))
        .collect::<PyResult<_>>()?;
    game.check_profile(&out)?;
    Ok(out)
}

fn strategy(game: &Game, player: usize, entry: &Bound<'_, PyAny>) -> PyResult<Vec<f64>> {
    let n = game.shape()[player];
    let unit = |a: usize| (0..n).map(|b| f64::from(u8::from(a == b))).collect();
    if let Ok(label) = entry.cast::<PyString>() {
        let label = label.to_str()?;
        return game.action_index(player, label).map(unit).ok_or_else(|| {
            PyErr::from(crate::error::Error::InvalidProfile(format!(
                "player {} ({}) has no action labelled {label:?}; the labels are {:?}",
                player + 1,
                game.players()[player],
                game.actions()[player]
            )))
        });
    }
    if let Ok(a) = entry.extract::<i64>() {
        return usize::try_from(a)
            .ok()
            .filter(|&a| a < n)
            .map(unit)
            .ok_or_else(|| {
                PyErr::from(crate::error::Error::InvalidProfile(format!(
                    "player {} ({}) has {n} actions, so action {a} is out of range",
                    player + 1,
                    game.players()[player]
                )))
            });
    }
    let arr = to_f64_array(entry, "a mixed strategy")
        .map_err(|e| PyErr::from(crate::error::Error::InvalidProfile(e.to_string())))?;
    if arr.ndim() != 1 {
        return Err(PyErr::from(crate::error::Error::InvalidProfile(format!(
            "player {}'s strategy must be an action index, a label or a 1-D probability vector, got shape {:?}",
            player + 1,
            arr.shape()
        ))));
    }
    Ok(arr.into_iter().collect())
}
