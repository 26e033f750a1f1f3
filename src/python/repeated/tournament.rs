//! `detente.tournament` and its result class `detente.Tournament`.

use numpy::{PyArray1, PyArray2, ToPyArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use serde::{Deserialize, Serialize};

use super::automaton::PyAutomaton;
use crate::python::args;
use crate::python::face::{frame, result_class};
use crate::python::game::PyGame;
use crate::python::progress;
use crate::repeated::{Tournament, TournamentOptions, tournament};
use crate::report::Labels;

/// The results of a round-robin tournament (:func:`detente.tournament`): the ranking, each
/// strategy's scores per repetition, wins and cooperation rate, and the payoff matrix.
///
/// ``to_frame()`` gives one row per strategy in rank order (``rank``, ``strategy``,
/// ``median_score``, ``mean_score``, ``wins``, ``cooperation_rate``);
/// ``pairwise_frame()`` one row per (strategy, opponent) pair; ``payoff_matrix`` is the
/// numpy matrix for :func:`detente.repeated.moran` and :func:`detente.repeated.replicator`.
#[pyclass(module = "detente", name = "Tournament", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyTournament {
    #[serde(flatten)]
    pub(crate) inner: Tournament,
    #[serde(flatten)]
    labels: Labels,
}

result_class!(PyTournament, "Tournament", {
    /// The strategies' names, in the order given.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner.names.clone()
    }

    /// The names, best first (by median score, then mean score, then order given).
    #[getter]
    fn ranking(&self) -> Vec<String> {
        self.inner
            .ranking
            .iter()
            .map(|&i| self.inner.names[i].clone())
            .collect()
    }

    /// The strategies' indices, best first.
    #[getter]
    fn ranked_indices(&self) -> Vec<usize> {
        self.inner.ranking.clone()
    }

    /// ``payoff_matrix[i, j]``: the mean per-turn payoff of strategy ``i`` against ``j``
    /// (numpy, ``NaN`` where they never met: the diagonal without self-play).
    #[getter]
    fn payoff_matrix<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        Ok(PyArray2::from_vec2(py, &self.inner.payoff_matrix_f64())?)
    }

    /// ``scores[i, r]``: strategy ``i``'s mean per-turn payoff over its matches against the
    /// others in repetition ``r`` (numpy).
    #[getter]
    fn scores<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        Ok(PyArray2::from_vec2(py, &self.inner.scores)?)
    }

    /// Each strategy's median score over the repetitions (numpy).
    #[getter]
    fn median_scores<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.median_scores().to_pyarray(py)
    }

    /// Each strategy's mean score over the repetitions (numpy).
    #[getter]
    fn mean_scores<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.mean_scores().to_pyarray(py)
    }

    /// Matches won by each strategy (strictly highest payoff in the match), summed over
    /// repetitions.
    #[getter]
    fn wins(&self) -> Vec<usize> {
        self.inner.wins.clone()
    }

    /// The share of turns in which each strategy played action 0 (cooperate) in its matches
    /// against the others (numpy).
    #[getter]
    fn cooperation_rate<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.cooperation_rate.to_pyarray(py)
    }

    /// Turns simulated in all.
    #[getter]
    fn turns_played(&self) -> u64 {
        self.inner.turns_played
    }

    /// Turns per match (with ``continuation``: the longest match).
    #[getter]
    fn turns(&self) -> usize {
        self.inner.options.turns
    }

    /// Times each match was played.
    #[getter]
    fn repetitions(&self) -> usize {
        self.inner.options.repetitions
    }

    /// The probability that an action is flipped.
    #[getter]
    fn noise(&self) -> f64 {
        self.inner.options.noise
    }

    /// The seed of the random streams.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.options.seed
    }

    /// The discount factor per turn, or ``None``.
    #[getter]
    fn discount(&self) -> Option<f64> {
        self.inner.options.discount
    }

    /// The continuation probability per turn, or ``None``.
    #[getter]
    fn continuation(&self) -> Option<f64> {
        self.inner.options.continuation
    }

    /// Whether each strategy also played a copy of itself.
    #[getter]
    fn self_play(&self) -> bool {
        self.inner.options.self_play
    }

    /// The payoff matrix as a tidy pandas DataFrame: one row per (strategy, opponent) pair
    /// that met, columns ``strategy``, ``opponent``, ``payoff``.
    fn pairwise_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, &self.inner.pairwise_table())
    }
});

/// `detente.tournament`: converts the arguments and plays the tournament without the GIL.
#[pyfunction]
#[pyo3(signature = (strategies, names, stage, turns, repetitions, noise, seed, discount, continuation, self_play, progress=None))]
#[allow(clippy::too_many_arguments)]
fn repeated_tournament(
    py: Python<'_>,
    strategies: &Bound<'_, PyAny>,
    names: &Bound<'_, PyAny>,
    stage: &Bound<'_, PyAny>,
    turns: &Bound<'_, PyAny>,
    repetitions: &Bound<'_, PyAny>,
    noise: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
    discount: Option<&Bound<'_, PyAny>>,
    continuation: Option<&Bound<'_, PyAny>>,
    self_play: bool,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyTournament> {
    let game = stage
        .cast::<PyGame>()
        .map_err(|_| PyTypeError::new_err("stage must be a detente.Game"))?
        .get()
        .inner
        .clone();
    let mut automata = Vec::new();
    for (i, item) in strategies
        .try_iter()
        .map_err(|_| PyTypeError::new_err("strategies must be a list of detente.Automaton"))?
        .enumerate()
    {
        let item = item?;
        let a = item.cast::<PyAutomaton>().map_err(|_| {
            PyTypeError::new_err(format!(
                "strategies[{i}] must be a detente.Automaton (see detente.strategies)"
            ))
        })?;
        automata.push(a.get().inner.clone());
    }
    let names = args::names(names, "names")?;
    let options = TournamentOptions {
        turns: args::count(turns, "turns", 0)?,
        repetitions: args::count(repetitions, "repetitions", 0)?,
        noise: args::number(noise, "noise")?,
        seed: args::seed(seed)?,
        discount: discount.map(|d| args::number(d, "discount")).transpose()?,
        continuation: continuation
            .map(|p| args::number(p, "continuation"))
            .transpose()?,
        self_play,
        // The bar below replaces the old standard-error report; the options (and so the
        // result) do not depend on whether a bar is shown.
        progress: false,
    };
    let inner = progress::run(py, progress, "tournament", " matches", || {
        tournament(&automata, &game, &options)?.with_names(names)
    })?;
    Ok(PyTournament {
        inner,
        labels: Labels::of(&game),
    })
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTournament>()?;
    m.add_function(wrap_pyfunction!(repeated_tournament, m)?)
}
