//! Iterated elimination of dominated actions: `detente.solve.dominance` and `.dominated`,
//! and their result classes `detente.Reduction` and `detente.Elimination`.

use pyo3::prelude::*;
use serde::{Deserialize, Serialize};

use crate::python::convert;
use crate::python::face::{json_class, result_class};
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::report::Labels;
use crate::solve::{self, DominanceOptions, Elimination, Reduction};

/// One eliminated action: ``round``, ``player`` / ``action`` (names) and their indices
/// ``player_index`` / ``action_index``, and the ``dominator`` (a mixed strategy over the
/// player's original actions), in words as ``dominated_by``.
#[pyclass(module = "detente", name = "Elimination", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PyElimination {
    #[serde(flatten)]
    inner: Elimination,
    #[serde(flatten)]
    labels: Labels,
}

impl PyElimination {
    pub(super) fn wrap(game: &crate::Game, e: &Elimination) -> Self {
        Self {
            inner: e.clone(),
            labels: Labels::of(game),
        }
    }
}

impl crate::python::face::Checked for PyElimination {
    fn check(&self) -> crate::error::Result<()> {
        crate::report::Validate::validate(&self.inner, &self.labels)
    }
}

json_class!(PyElimination, {
    /// The round of elimination, from 0.
    #[getter]
    fn round(&self) -> usize {
        self.inner.round
    }

    /// The player's name.
    #[getter]
    fn player(&self) -> String {
        self.labels.player(self.inner.player)
    }

    /// The dominated action's label.
    #[getter]
    fn action(&self) -> String {
        self.labels.action(self.inner.player, self.inner.action)
    }

    /// The player's index in the original game.
    #[getter]
    fn player_index(&self) -> usize {
        self.inner.player
    }

    /// The action's index in the original game.
    #[getter]
    fn action_index(&self) -> usize {
        self.inner.action
    }

    /// The dominating strategy over the player's original actions.
    #[getter]
    fn dominator(&self) -> Vec<f64> {
        self.inner.dominator.clone()
    }

    /// The dominator in words, e.g. ``"0.5·Top + 0.5·Bottom"``.
    #[getter]
    fn dominated_by(&self) -> String {
        self.labels
            .mixture(self.inner.player, &self.inner.dominator)
    }

    /// Whether the dominator is a pure strategy.
    #[getter]
    fn is_pure_dominator(&self) -> bool {
        self.inner.is_pure_dominator()
    }

    fn __repr__(&self) -> String {
        format!("Elimination({})", self.inner.describe(&self.labels))
    }
});

/// The result of iterated elimination: ``game`` (the reduced game, labels kept), ``kept``
/// (the original indices of the actions each player keeps) and ``eliminated`` (the
/// :class:`Elimination` steps in order).
#[pyclass(module = "detente", name = "Reduction", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PyReduction {
    #[serde(flatten)]
    inner: Reduction,
    #[serde(flatten)]
    labels: Labels,
}

impl PyReduction {
    pub(super) fn wrap(original: &crate::Game, inner: Reduction) -> Self {
        Self {
            inner,
            labels: Labels::of(original),
        }
    }
}

result_class!(PyReduction, "Reduction", {
    /// The reduced game (names and labels of the kept actions preserved).
    #[getter]
    fn game(&self) -> PyGame {
        PyGame {
            inner: self.inner.game.clone(),
        }
    }

    /// For each player, the original indices of the actions kept.
    #[getter]
    fn kept(&self) -> Vec<Vec<usize>> {
        self.inner.kept.clone()
    }

    /// The eliminations, in order.
    #[getter]
    fn eliminated(&self) -> Vec<PyElimination> {
        self.inner
            .eliminated
            .iter()
            .map(|e| PyElimination {
                inner: e.clone(),
                labels: self.labels.clone(),
            })
            .collect()
    }
});

/// Iterated elimination of dominated actions: `detente.solve.dominance`.
#[pyfunction]
#[pyo3(signature = (game, strict=true, mixed=true))]
fn solve_dominance(
    py: Python<'_>,
    game: &PyGame,
    strict: bool,
    mixed: bool,
) -> PyResult<PyReduction> {
    let g = &game.inner;
    let reduction = run(py, || {
        solve::dominance(g, DominanceOptions { strict, mixed })
    })?;
    Ok(PyReduction::wrap(g, reduction))
}

/// The actions of one player dominated in the game as it stands: `detente.solve.dominated`.
#[pyfunction]
#[pyo3(signature = (game, player, strict=true, mixed=true))]
fn solve_dominated(
    py: Python<'_>,
    game: &PyGame,
    player: &Bound<'_, PyAny>,
    strict: bool,
    mixed: bool,
) -> PyResult<Vec<PyElimination>> {
    let g = &game.inner;
    let i = convert::player_index(g, player)?;
    let found = run(py, || {
        solve::dominated(g, i, DominanceOptions { strict, mixed })
    })?;
    Ok(found.iter().map(|e| PyElimination::wrap(g, e)).collect())
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyElimination>()?;
    m.add_class::<PyReduction>()?;
    m.add_function(wrap_pyfunction!(solve_dominance, m)?)?;
    m.add_function(wrap_pyfunction!(solve_dominated, m)?)
}
