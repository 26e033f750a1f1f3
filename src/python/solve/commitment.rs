//! `detente.solve.commitment` and its result class `detente.Commitment`.

use numpy::{PyArray1, ToPyArray};
use pyo3::prelude::*;
use serde::{Deserialize, Serialize};

use crate::python::convert;
use crate::python::face::result_class;
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::report::Labels;
use crate::solve::{self, Commitment};

/// The leader's optimal mixed commitment and the follower's best reply (strong Stackelberg
/// equilibrium): ``leader``, ``leader_strategy``, ``follower_action``, ``strategies`` (both
/// players', the follower's as a unit vector), ``payoffs`` and ``method``
/// (``"commitment"``).
#[pyclass(module = "detente", name = "Commitment", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct PyCommitment {
    #[serde(flatten)]
    inner: Commitment,
    #[serde(flatten)]
    labels: Labels,
}

impl PyCommitment {
    fn follower_actions(&self) -> usize {
        let follower = 1 - self.inner.leader.min(1);
        self.labels.actions.get(follower).map_or(0, Vec::len)
    }
}

result_class!(PyCommitment, "Commitment", {
    /// The committing player's index.
    #[getter]
    fn leader(&self) -> usize {
        self.inner.leader
    }

    /// The leader's mixed strategy.
    #[getter]
    fn leader_strategy<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.leader_strategy.to_pyarray(py)
    }

    /// The follower's (pure) best response.
    #[getter]
    fn follower_action(&self) -> usize {
        self.inner.follower_action
    }

    /// Both players' strategies, indexed by player (the follower's as a unit vector).
    #[getter]
    fn strategies<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyArray1<f64>>> {
        let s = self.inner.strategies(self.follower_actions());
        s.iter().map(|p| p.to_pyarray(py)).collect()
    }

    /// Both players' expected payoffs, indexed by player.
    #[getter]
    fn payoffs<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.payoffs.to_pyarray(py)
    }

    /// ``"commitment"``.
    #[getter]
    fn method(&self) -> &'static str {
        "commitment"
    }
});

/// The leader's optimal commitment: `detente.solve.commitment`.
#[pyfunction]
#[pyo3(signature = (game, leader=None))]
fn solve_commitment(
    py: Python<'_>,
    game: &PyGame,
    leader: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyCommitment> {
    let g = &game.inner;
    let leader = leader.map_or(Ok(0), |l| convert::player_index(g, l))?;
    let inner = run(py, || solve::commitment(g, leader))?;
    Ok(PyCommitment {
        inner,
        labels: Labels::of(g),
    })
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCommitment>()?;
    m.add_function(wrap_pyfunction!(solve_commitment, m)?)
}
