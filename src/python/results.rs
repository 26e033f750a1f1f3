//! `detente.Equilibrium`: a certified profile with the labels of its game.

use numpy::{PyArray1, ToPyArray};
use pyo3::prelude::*;
use pyo3::types::PyType;
use serde::{Deserialize, Serialize};

use super::convert;
use super::game::PyGame;
use crate::io::{FromJson, ToJson};
use crate::solve::Equilibrium;

/// An equilibrium (or any certified profile) plus the player names and action labels of the
/// game it belongs to, so that it prints and serialises meaningfully on its own.
#[pyclass(module = "detente", name = "Equilibrium", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PyEquilibrium {
    #[serde(flatten)]
    pub(super) inner: Equilibrium,
    pub(super) players: Vec<String>,
    pub(super) actions: Vec<Vec<String>>,
}

impl ToJson for PyEquilibrium {}
impl FromJson for PyEquilibrium {}

impl PyEquilibrium {
    pub(super) fn wrap(game: &crate::Game, inner: Equilibrium) -> Self {
        Self { inner, players: game.players().to_vec(), actions: game.actions().to_vec() }
    }

    /// "0.5·Cooperate + 0.5·Arm", or the label alone for a pure strategy.
    fn describe(&self, player: usize) -> String {
        let s = &self.inner.strategies[player];
        let labels = &self.actions[player];
        let parts: Vec<String> = s
            .iter()
            .zip(labels)
            .filter(|(p, _)| **p > 0.0)
            .map(|(&p, l)| if p == 1.0 { l.clone() } else { format!("{}·{l}", short(p)) })
            .collect();
        parts.join(" + ")
    }
}

fn short(x: f64) -> String {
    let s = format!("{x}");
    if s.len() > 8 { format!("{x:.6}") } else { s }
}

#[pymethods]
impl PyEquilibrium {
    /// Certifies a profile of `game`: its payoffs and regret are computed from the game.
    #[new]
    #[pyo3(signature = (game, profile, method="user"))]
    fn new(py: Python<'_>, game: &PyGame, profile: &Bound<'_, PyAny>, method: &str) -> PyResult<Self> {
        let profile = convert::profile(&game.inner, profile)?;
        let eq = super::run::run(py, || Equilibrium::new(&game.inner, profile, method))?;
        Ok(Self::wrap(&game.inner, eq))
    }

    #[getter]
    fn strategies<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyArray1<f64>>> {
        self.inner.strategies.iter().map(|s| s.to_pyarray(py)).collect()
    }

    #[getter]
    fn payoffs<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.payoffs.to_pyarray(py)
    }

    #[getter]
    fn regret(&self) -> f64 {
        self.inner.regret
    }

    #[getter]
    fn support(&self) -> Vec<Vec<usize>> {
        self.inner.support()
    }

    #[getter]
    fn method(&self) -> String {
        self.inner.method.clone()
    }

    #[getter]
    fn players(&self) -> Vec<String> {
        self.players.clone()
    }

    #[getter]
    fn actions(&self) -> Vec<Vec<String>> {
        self.actions.clone()
    }

    #[getter]
    fn is_pure(&self) -> bool {
        self.inner.is_pure()
    }

    /// One human-readable description per player, e.g. `["Arm", "0.5·Hold + 0.5·Fold"]`.
    fn describe_strategies(&self) -> Vec<String> {
        (0..self.players.len()).map(|i| self.describe(i)).collect()
    }

    fn to_json(&self) -> PyResult<String> {
        Ok(ToJson::to_json(self)?)
    }

    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        Ok(<Self as FromJson>::from_json(text)?)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().getattr("from_json")?, (ToJson::to_json(slf.get())?,)))
    }

    fn __repr__(&self) -> String {
        let players: Vec<String> = (0..self.players.len())
            .map(|i| format!("{}: {} (payoff {})", self.players[i], self.describe(i), short(self.inner.payoffs[i])))
            .collect();
        format!("Equilibrium({}; regret={}, method={:?})", players.join("; "), self.inner.regret, self.inner.method)
    }
}
