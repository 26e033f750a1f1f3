//! `detente.strategies`: the automata of [`crate::repeated::strategies`], built from Python.
//!
//! One entry point per kind (the Python module `detente.strategies` documents each strategy
//! and calls these).

use pyo3::prelude::*;

use super::automaton::PyAutomaton;
use crate::error::Error;
use crate::python::args;
use crate::python::face::fraction;
use crate::repeated::strategies::{self, n_player};

/// A library strategy by name: ``players`` for the n-player ones, ``parameter`` for those
/// that take one (``q``, ``p``, ``k``, ``pattern``).
#[pyfunction]
#[pyo3(signature = (name, players, parameter = None))]
fn repeated_strategy(
    name: &str,
    players: &Bound<'_, PyAny>,
    parameter: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyAutomaton> {
    let players = args::count(players, "players", 0)?;
    let param = |what: &str| {
        parameter.ok_or_else(|| {
            PyErr::from(Error::InvalidArgument(format!(
                "{what}: missing; give a value"
            )))
        })
    };
    let two = players == 2;
    let inner = match name {
        "cooperate" if two => strategies::cooperate(),
        "cooperate" => n_player::cooperate(players)?,
        "defect" if two => strategies::defect(),
        "defect" => n_player::defect(players)?,
        "grim_trigger" if two => strategies::grim_trigger(),
        "grim_trigger" => n_player::grim_trigger(players)?,
        "tit_for_tat" if two => strategies::tit_for_tat(),
        "tit_for_tat_any" => n_player::tit_for_tat(players, n_player::Rule::Any)?,
        "tit_for_tat_majority" | "tit_for_tat" => {
            n_player::tit_for_tat(players, n_player::Rule::Majority)?
        }
        "suspicious_tit_for_tat" => strategies::suspicious_tit_for_tat(),
        "tit_for_two_tats" => strategies::tit_for_two_tats(),
        "two_tits_for_tat" => strategies::two_tits_for_tat(),
        "win_stay_lose_shift" => strategies::win_stay_lose_shift(),
        "grudger" => strategies::grudger(),
        "soft_grudger" => strategies::soft_grudger(),
        "alternator" => strategies::alternator(),
        "generous_tit_for_tat" => {
            strategies::generous_tit_for_tat(args::rational(param("q")?, "q")?)?
        }
        "random" => strategies::random(args::rational(param("p")?, "p")?)?,
        "forgiving_grudger" => strategies::forgiving_grudger(args::count(param("k")?, "k", 0)?)?,
        "cycler" => strategies::cycler(&param("pattern")?.extract::<String>().map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err("pattern must be a str of C and D")
        })?)?,
        other => {
            return Err(Error::InvalidArgument(format!("name: no strategy {other:?}")).into());
        }
    };
    Ok(PyAutomaton { inner })
}

/// The memory-one strategy ``(p_cc, p_cd, p_dc, p_dd)`` starting with ``initial``.
#[pyfunction]
fn repeated_memory_one(
    p_cc: &Bound<'_, PyAny>,
    p_cd: &Bound<'_, PyAny>,
    p_dc: &Bound<'_, PyAny>,
    p_dd: &Bound<'_, PyAny>,
    initial: &Bound<'_, PyAny>,
) -> PyResult<PyAutomaton> {
    let inner = strategies::memory_one(
        args::rational(p_cc, "p_cc")?,
        args::rational(p_cd, "p_cd")?,
        args::rational(p_dc, "p_dc")?,
        args::rational(p_dd, "p_dd")?,
        args::rational(initial, "initial")?,
    )?;
    Ok(PyAutomaton { inner })
}

/// ``(p_cc, p_cd, p_dc, p_dd, initial)`` as Fractions, or ``None``.
#[pyfunction]
fn repeated_to_memory_one<'py>(
    py: Python<'py>,
    automaton: PyRef<'_, PyAutomaton>,
) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
    strategies::to_memory_one(&automaton.inner)
        .map(|m| {
            [&m.p_cc, &m.p_cd, &m.p_dc, &m.p_dd, &m.initial]
                .into_iter()
                .map(|p| fraction(py, p))
                .collect()
        })
        .transpose()
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(repeated_strategy, m)?)?;
    m.add_function(wrap_pyfunction!(repeated_memory_one, m)?)?;
    m.add_function(wrap_pyfunction!(repeated_to_memory_one, m)?)
}
