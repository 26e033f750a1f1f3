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

/// What `__reduce__` returns for a class that round-trips through JSON:
/// `(cls.from_json, (json,))`, so results pickle (e.g. to Dask workers) with their labels.
pub(super) type JsonReduce<'py> = (Bound<'py, PyAny>, (String,));

/// The shared `__reduce__` of every frozen result class that implements [`ToJson`].
pub(super) fn reduce_via_json<'py, T>(slf: &Bound<'py, T>) -> PyResult<JsonReduce<'py>>
where
    T: pyo3::PyClass<Frozen = pyo3::pyclass::boolean_struct::True> + Sync + ToJson,
{
    Ok((
        slf.as_any().get_type().getattr("from_json")?,
        (slf.get().to_json()?,),
    ))
}

impl ToJson for PyEquilibrium {}
impl FromJson for PyEquilibrium {}

impl PyEquilibrium {
    pub(super) fn wrap(game: &crate::Game, inner: Equilibrium) -> Self {
        Self {
            inner,
            players: game.players().to_vec(),
            actions: game.actions().to_vec(),
        }
    }

    pub(super) fn describe(&self, player: usize) -> String {
        describe_mixture(&self.inner.strategies[player], &self.actions[player])
    }
}

/// "0.5·Cooperate + 0.5·Arm", or the label alone for a pure strategy.
fn describe_mixture(probabilities: &[f64], labels: &[String]) -> String {
    probabilities
        .iter()
        .zip(labels)
        .filter(|(p, _)| **p > 0.0)
        .map(|(&p, l)| {
            if p == 1.0 {
                l.clone()
            } else {
                format!("{}·{l}", short(p))
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
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
    fn new(
        py: Python<'_>,
        game: &PyGame,
        profile: &Bound<'_, PyAny>,
        method: &str,
    ) -> PyResult<Self> {
        let profile = convert::profile(&game.inner, profile)?;
        let eq = super::run::run(py, || Equilibrium::new(&game.inner, profile, method))?;
        Ok(Self::wrap(&game.inner, eq))
    }

    #[getter]
    fn strategies<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyArray1<f64>>> {
        self.inner
            .strategies
            .iter()
            .map(|s| s.to_pyarray(py))
            .collect()
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

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<JsonReduce<'py>> {
        reduce_via_json(slf)
    }

    fn __repr__(&self) -> String {
        let players: Vec<String> = (0..self.players.len())
            .map(|i| {
                format!(
                    "{}: {} (payoff {})",
                    self.players[i],
                    self.describe(i),
                    short(self.inner.payoffs[i])
                )
            })
            .collect();
        format!(
            "Equilibrium({}; regret={}, method={:?})",
            players.join("; "),
            self.inner.regret,
            self.inner.method
        )
    }
}

/// One eliminated action, with labels: `detente.Elimination`.
#[pyclass(module = "detente", name = "Elimination", frozen, eq, get_all)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PyElimination {
    /// Round of elimination, from 0.
    round: usize,
    /// Index of the player in the original game.
    player_index: usize,
    /// Index of the action in the original game.
    action_index: usize,
    /// Player name.
    player: String,
    /// Action label.
    action: String,
    /// The dominating (mixed) strategy over the player's original actions.
    dominator: Vec<f64>,
    /// The dominator in words, e.g. `"0.5·Top + 0.5·Bottom"`.
    dominated_by: String,
}

impl PyElimination {
    pub(super) fn wrap(game: &crate::Game, e: &crate::solve::Elimination) -> Self {
        let labels = &game.actions()[e.player];
        let dominated_by = describe_mixture(&e.dominator, labels);
        Self {
            round: e.round,
            player_index: e.player,
            action_index: e.action,
            player: game.players()[e.player].clone(),
            action: labels[e.action].clone(),
            dominator: e.dominator.clone(),
            dominated_by,
        }
    }

    fn line(&self) -> String {
        format!(
            "round {}: {} drops {} (dominated by {})",
            self.round, self.player, self.action, self.dominated_by
        )
    }
}

#[pymethods]
impl PyElimination {
    #[getter]
    fn is_pure_dominator(&self) -> bool {
        self.dominator.iter().filter(|&&p| p > 0.0).count() == 1
    }

    fn __repr__(&self) -> String {
        format!("Elimination({})", self.line())
    }
}

/// The result of iterated elimination: `detente.Reduction`.
#[pyclass(module = "detente", name = "Reduction", frozen, get_all)]
pub(super) struct PyReduction {
    /// The reduced game (labels preserved).
    game: Py<PyGame>,
    /// Original indices of the actions each player keeps.
    kept: Vec<Vec<usize>>,
    /// The eliminations, in order.
    eliminated: Vec<PyElimination>,
}

impl PyReduction {
    pub(super) fn wrap(
        py: Python<'_>,
        original: &crate::Game,
        r: crate::solve::Reduction,
    ) -> PyResult<Self> {
        let eliminated = r
            .eliminated
            .iter()
            .map(|e| PyElimination::wrap(original, e))
            .collect();
        Ok(Self {
            game: Py::new(py, PyGame { inner: r.game })?,
            kept: r.kept,
            eliminated,
        })
    }
}

#[pymethods]
impl PyReduction {
    /// One row per elimination (needs pandas).
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = pyo3::types::PyList::empty(py);
        for e in &self.eliminated {
            let row = pyo3::types::PyDict::new(py);
            row.set_item("round", e.round)?;
            row.set_item("player", &e.player)?;
            row.set_item("action", &e.action)?;
            row.set_item("dominated_by", &e.dominated_by)?;
            row.set_item("pure_dominator", e.is_pure_dominator())?;
            rows.append(row)?;
        }
        let columns = vec![
            "round",
            "player",
            "action",
            "dominated_by",
            "pure_dominator",
        ];
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("columns", columns)?;
        py.import("pandas")?
            .getattr("DataFrame")?
            .call((rows,), Some(&kwargs))
    }

    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let game = &self.game.borrow(py).inner;
        let value = serde_json::json!({
            "game": game,
            "kept": self.kept,
            "eliminated": self.eliminated,
        });
        Ok(value.to_string())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let game = &self.game.borrow(py).inner;
        let mut lines = vec![format!(
            "Reduction: {} elimination(s)",
            self.eliminated.len()
        )];
        lines.extend(self.eliminated.iter().map(|e| format!("  {}", e.line())));
        lines.push(format!("reduced game:\n{game}"));
        lines.join("\n")
    }

    fn _repr_html_(&self, py: Python<'_>) -> String {
        let game = &self.game.borrow(py).inner;
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let rows: String = self
            .eliminated
            .iter()
            .map(|e| {
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    e.round,
                    esc(&e.player),
                    esc(&e.action),
                    esc(&e.dominated_by)
                )
            })
            .collect();
        format!(
            "<div><table><thead><tr><th>round</th><th>player</th><th>action</th><th>dominated by</th></tr></thead>\
             <tbody>{rows}</tbody></table><p>reduced game:</p>{}</div>",
            game.to_html()
        )
    }
}
