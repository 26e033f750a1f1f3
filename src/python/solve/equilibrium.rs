//! `detente.Equilibrium` and the tables of equilibrium lists (`detente.EquilibriumList`).

use numpy::{PyArray1, ToPyArray};
use pyo3::prelude::*;
use serde::{Deserialize, Serialize};

use crate::python::convert;
use crate::python::face::{Wrapped, fraction, frame, outcome_class, unwrap};
use crate::python::game::PyGame;
use crate::report::{Labels, Report};
use crate::solve::{Equilibrium, ExactEquilibrium};

/// A certified strategy profile (a Nash equilibrium, or any profile with its regret), with
/// the player names and action labels of its game.
///
/// ``strategies`` (one probability array per player), ``payoffs`` (each player's expected
/// payoff), ``regret`` (the most any player gains by deviating, recomputed from the game: 0
/// at an exact equilibrium), ``support``, ``method`` (the solver's name). The exact solvers
/// (``enumerate_all(exact=True)``, ``lemke_howson(exact=True)``, and ``pure`` and
/// ``zero_sum`` on a game given exactly) also give the exact profile, payoffs and regret as
/// ``fractions.Fraction`` (``exact_strategies``, ``exact_payoffs``, ``regret_exact``; ``None``
/// from the float solvers; ``regret`` is then the exact regret rounded, ``0.0`` at an
/// equilibrium), and the ``repr`` and HTML then show fractions. Construct one with
/// ``Equilibrium(game, profile)`` to certify a profile of your own.
#[pyclass(module = "detente", name = "Equilibrium", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyEquilibrium {
    #[serde(flatten)]
    pub(super) inner: Equilibrium,
    #[serde(flatten)]
    pub(super) labels: Labels,
}

impl PyEquilibrium {
    pub(crate) fn wrap(game: &crate::Game, inner: Equilibrium) -> Self {
        Self {
            inner,
            labels: Labels::of(game),
        }
    }
}

outcome_class!(PyEquilibrium, "Equilibrium", {
    /// Certifies a profile of ``game``: its payoffs and regret are computed from the game.
    /// A profile has one entry per player: an action index, an action label or a
    /// probability vector.
    #[new]
    #[pyo3(signature = (game, profile, method="user"))]
    fn new(
        py: Python<'_>,
        game: &PyGame,
        profile: &Bound<'_, PyAny>,
        method: &str,
    ) -> PyResult<Self> {
        let profile = convert::profile(&game.inner, profile)?;
        let eq = crate::python::run::run(py, || Equilibrium::new(&game.inner, profile, method))?;
        Ok(Self::wrap(&game.inner, eq))
    }

    /// One probability vector (numpy array) per player.
    #[getter]
    fn strategies<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyArray1<f64>>> {
        self.inner
            .strategies
            .iter()
            .map(|s| s.to_pyarray(py))
            .collect()
    }

    /// One list of ``fractions.Fraction`` per player: the exact profile from an exact solver,
    /// of which ``strategies`` is the rounding; ``None`` from a float solver.
    #[getter]
    fn exact_strategies<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<Option<Vec<Vec<Bound<'py, PyAny>>>>> {
        exact_strategies(py, self.inner.exact.as_ref())
    }

    /// Each player's exact expected payoff (``fractions.Fraction``) from an exact solver;
    /// ``None`` from a float solver.
    #[getter]
    fn exact_payoffs<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
        exact_payoffs(py, self.inner.exact.as_ref())
    }

    /// The exact regret (``fractions.Fraction``, from the game's exact payoffs: ``0`` at an
    /// exact equilibrium) when the profile is exact; ``regret`` is its rounding. ``None``
    /// from a float solver.
    #[getter]
    fn regret_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        regret_exact(py, self.inner.exact.as_ref())
    }

    /// The actions each player plays with positive probability.
    #[getter]
    fn support(&self) -> Vec<Vec<usize>> {
        self.inner.support()
    }

    /// The solver that produced the profile, e.g. ``"lemke_howson"``.
    #[getter]
    fn method(&self) -> String {
        self.inner.method.clone()
    }

    /// Whether every player plays one action with probability 1.
    #[getter]
    fn is_pure(&self) -> bool {
        self.inner.is_pure()
    }

    /// One description per player, e.g. ``["Arm", "0.5·Hold + 0.5·Fold"]``.
    fn describe_strategies(&self) -> Vec<String> {
        (0..self.inner.strategies.len())
            .map(|i| self.labels.mixture(i, &self.inner.strategies[i]))
            .collect()
    }
});

/// The table of a list of equilibria (one row per equilibrium, player and action), as a
/// DataFrame: behind ``EquilibriumList.to_frame``.
#[pyfunction]
pub(super) fn equilibria_frame<'py>(
    py: Python<'py>,
    equilibria: Vec<PyRef<'py, PyEquilibrium>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (list, labels) = unwrap(&equilibria);
    frame(py, &list.table(&labels))
}

/// The HTML table of a list of equilibria: behind ``EquilibriumList._repr_html_``.
#[pyfunction]
pub(super) fn equilibria_html(equilibria: Vec<PyRef<'_, PyEquilibrium>>) -> String {
    let (list, labels) = unwrap(&equilibria);
    list.to_html(&labels)
}

impl Wrapped for PyEquilibrium {
    type Inner = Equilibrium;

    fn parts(&self) -> (&Equilibrium, &Labels) {
        (&self.inner, &self.labels)
    }
}

/// The exact profile of `exact` as lists of `fractions.Fraction`, `None` without one: the
/// `exact_strategies` of every result that carries an [`ExactEquilibrium`].
pub(super) fn exact_strategies<'py>(
    py: Python<'py>,
    exact: Option<&ExactEquilibrium>,
) -> PyResult<Option<Vec<Vec<Bound<'py, PyAny>>>>> {
    exact
        .map(|x| {
            x.strategies
                .iter()
                .map(|s| s.iter().map(|p| fraction(py, p)).collect())
                .collect()
        })
        .transpose()
}

/// The exact payoffs of `exact` as `fractions.Fraction`s, `None` without them.
pub(super) fn exact_payoffs<'py>(
    py: Python<'py>,
    exact: Option<&ExactEquilibrium>,
) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
    exact
        .map(|x| x.payoffs.iter().map(|u| fraction(py, u)).collect())
        .transpose()
}

/// The exact regret of `exact` as a `fractions.Fraction`, `None` without one.
pub(super) fn regret_exact<'py>(
    py: Python<'py>,
    exact: Option<&ExactEquilibrium>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    exact
        .and_then(|x| x.regret.as_ref())
        .map(|r| fraction(py, r))
        .transpose()
}
