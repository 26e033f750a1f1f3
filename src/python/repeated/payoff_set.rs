//! `RepeatedGame.equilibrium_payoff_set` and its result class `detente.repeated.EquilibriumPayoffSet`.

use ndarray::Array2;
use numpy::{PyArray1, PyArray2, ToPyArray};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::{Deserialize, Serialize};

use super::game::PyRepeatedGame;
use crate::python::face::result_class;
use crate::python::run::run;
use crate::python::{args, convert};
use crate::repeated::{EquilibriumPayoffSet, PayoffSetMethod, PayoffSetOptions, StageActions};
use crate::report::Labels;

/// The set of pure-strategy subgame-perfect equilibrium payoffs of a two-player repeated
/// game with public randomization (or an outer approximation of it): a convex polygon,
/// possibly empty, a single point or a segment.
///
/// With ``actions="mixed"`` it is the set of the game whose on-path stage play is restricted
/// to a finite family of mixed profiles (``grid``, the stage equilibria, the minmax
/// punishers): an inner approximation with ``method="abreu_sannikov"`` (with one
/// ``witnesses`` entry per vertex), an outer one with ``method="outer"``; ``outer_bound``
/// contains the unrestricted mixed-action set.
///
/// Attributes: ``vertices`` (numpy array of shape ``(k, 2)``, each row player 1's payoff
/// and player 2's payoff, counter-clockwise from the leftmost vertex), ``kind`` (``"empty"``,
/// ``"point"``, ``"segment"`` or ``"polygon"``), ``worst_payoffs`` (each player's lowest
/// payoff in the set: the optimal punishment), ``best_payoffs``, ``area``, ``method``,
/// ``iterations``, ``converged``, ``hausdorff`` (the last change between iterates, in
/// payoff units), ``tol``, ``discount``, ``directions`` (outer method), ``exact_game``
/// (computed in floats even when the game is exact), ``stage_actions`` (``"pure"`` or
/// ``"mixed"``), ``grid``, ``mixed_profiles``, ``outer_bound``, ``witnesses`` (mixed actions).
/// ``contains(point)`` tests membership.
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
/// >>> v = dt.RepeatedGame(pd, 0.9).equilibrium_payoff_set()
/// >>> v.kind, v.vertices.shape, v.contains([3, 3])
/// ('polygon', (4, 2), True)
#[pyclass(module = "detente.repeated", name = "EquilibriumPayoffSet", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyEquilibriumPayoffSet {
    #[serde(flatten)]
    inner: EquilibriumPayoffSet,
    #[serde(flatten)]
    labels: Labels,
}

result_class!(PyEquilibriumPayoffSet, "EquilibriumPayoffSet", {
    /// The vertices, a numpy array of shape ``(k, 2)`` (``k = 0`` for the empty set),
    /// counter-clockwise from the leftmost one (least player-1 payoff, then least player-2 payoff).
    #[getter]
    fn vertices<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<f64>> {
        let flat: Vec<f64> = self.inner.vertices.iter().flatten().copied().collect();
        Array2::from_shape_vec((self.inner.vertices.len(), 2), flat)
            .unwrap_or_else(|_| Array2::zeros((0, 2)))
            .to_pyarray(py)
    }

    /// ``"empty"``, ``"point"``, ``"segment"`` or ``"polygon"``.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }

    /// Whether the set is empty (no pure-strategy subgame-perfect equilibrium).
    #[getter]
    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// Each player's lowest payoff in the set (their worst equilibrium payoff), a numpy
    /// array, or ``None`` when the set is empty.
    #[getter]
    fn worst_payoffs<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        self.inner.worst_payoffs().map(|w| w.to_pyarray(py))
    }

    /// Each player's highest payoff in the set, or ``None`` when the set is empty.
    #[getter]
    fn best_payoffs<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        self.inner.best_payoffs().map(|w| w.to_pyarray(py))
    }

    /// The area of the polygon (0 for a point or a segment).
    #[getter]
    fn area(&self) -> f64 {
        self.inner.area()
    }

    /// ``"abreu_sannikov"`` or ``"outer"``.
    #[getter]
    fn method(&self) -> String {
        self.inner.method.clone()
    }

    /// The iterations done.
    #[getter]
    fn iterations(&self) -> usize {
        self.inner.iterations
    }

    /// Whether the last change between iterates was within ``tol`` before ``max_iter``.
    #[getter]
    fn converged(&self) -> bool {
        self.inner.converged
    }

    /// The Hausdorff distance between the last two iterates, in payoff units.
    #[getter]
    fn hausdorff(&self) -> f64 {
        self.inner.hausdorff
    }

    /// The relative tolerance used.
    #[getter]
    fn tol(&self) -> f64 {
        self.inner.tol
    }

    /// The common discount factor (times the continuation probability), as a float.
    #[getter]
    fn discount(&self) -> f64 {
        self.inner.discount
    }

    /// The number of edge normals of the outer method (also the number of directions of the
    /// mixed profiles' programs with ``actions="mixed"``), ``None`` for pure Abreu-Sannikov.
    #[getter]
    fn directions(&self) -> Option<usize> {
        self.inner.directions
    }

    /// Whether the stage game's payoffs are exact (the set is computed in floats anyway).
    #[getter]
    fn exact_game(&self) -> bool {
        self.inner.exact_game
    }

    /// ``"pure"`` or ``"mixed"``: the stage actions allowed on the equilibrium path.
    #[getter]
    fn stage_actions(&self) -> String {
        self.inner.stage_actions.clone()
    }

    /// With mixed actions, the grid's denominator ``k`` (probabilities in multiples of
    /// ``1/k``); ``None`` with pure actions.
    #[getter]
    fn grid(&self) -> Option<usize> {
        self.inner.grid
    }

    /// With mixed actions, the number of mixed (not pure) profiles in the family; ``None``
    /// with pure actions.
    #[getter]
    fn mixed_profiles(&self) -> Option<usize> {
        self.inner.mixed_profiles
    }

    /// With mixed actions, a polygon (numpy array of shape ``(k, 2)``) containing the
    /// equilibrium payoff set of the unrestricted mixed-action game: the feasible set cut
    /// by the mixed-minmax individual rationality constraints. ``None`` with pure actions.
    #[getter]
    fn outer_bound<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray2<f64>>> {
        self.inner.outer_bound.as_ref().map(|b| {
            let flat: Vec<f64> = b.iter().flatten().copied().collect();
            Array2::from_shape_vec((b.len(), 2), flat)
                .unwrap_or_else(|_| Array2::zeros((0, 2)))
                .to_pyarray(py)
        })
    }

    /// With mixed actions and ``method="abreu_sannikov"``: how each vertex is generated, a
    /// list (one per vertex, in order) of dicts with ``strategies`` (the two players' stage
    /// strategies, numpy arrays), ``profiles`` (the support's pure profiles, an int array of
    /// shape ``(m, 2)``) and ``continuations`` (the continuation payoffs after them, shape
    /// ``(m, 2)``). ``None`` otherwise.
    #[getter]
    fn witnesses<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyDict>>>> {
        let Some(ws) = &self.inner.witnesses else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(ws.len());
        for w in ws {
            let d = PyDict::new(py);
            let strategies = (
                w.strategies[0].to_pyarray(py),
                w.strategies[1].to_pyarray(py),
            );
            d.set_item("strategies", strategies)?;
            let flat: Vec<i64> = w.profiles.iter().flatten().map(|&a| a as i64).collect();
            let profiles = Array2::from_shape_vec((w.profiles.len(), 2), flat)
                .unwrap_or_else(|_| Array2::zeros((0, 2)));
            d.set_item("profiles", profiles.to_pyarray(py))?;
            let flat: Vec<f64> = w.continuations.iter().flatten().copied().collect();
            let conts = Array2::from_shape_vec((w.continuations.len(), 2), flat)
                .unwrap_or_else(|_| Array2::zeros((0, 2)));
            d.set_item("continuations", conts.to_pyarray(py))?;
            out.push(d);
        }
        Ok(Some(out))
    }

    /// Whether ``point`` (a pair of payoffs) lies in the set, or within ``tol``
    /// (Euclidean distance) of it.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> dt.RepeatedGame(pd, 0.2).equilibrium_payoff_set().contains([3, 3])
    /// False
    #[pyo3(signature = (point, tol = 1e-9))]
    fn contains(&self, point: &Bound<'_, PyAny>, tol: f64) -> PyResult<bool> {
        if tol.is_nan() || tol < 0.0 {
            return Err(crate::Error::InvalidArgument(format!(
                "tol: {tol} is not a distance >= 0"
            ))
            .into());
        }
        let p = convert::to_f64_array(point, "point", crate::Error::InvalidArgument)?;
        if p.shape() != [2] || p.iter().any(|x| !x.is_finite()) {
            return Err(crate::Error::InvalidArgument(format!(
                "point: give two finite payoffs (player 1's, player 2's), got an array of shape {:?}",
                p.shape()
            ))
            .into());
        }
        Ok(self.inner.contains([p[0], p[1]], tol))
    }
});

#[pymethods]
impl PyRepeatedGame {
    /// The set of pure-strategy subgame-perfect equilibrium payoffs of this two-player
    /// repeated game with public randomization and perfect monitoring.
    ///
    /// Parameters
    /// ----------
    /// method : {"abreu_sannikov", "outer"}
    ///     ``"abreu_sannikov"`` (also ``"AS"``): Abreu & Sannikov (2014), the set itself
    ///     (from outside, to ``tol``). ``"outer"``: Judd, Yeltekin & Conklin (2003), a
    ///     polygon with ``directions`` fixed edge normals that contains the set.
    /// tol : float, default 1e-10
    ///     Stop once successive sets are within ``tol * s``, ``s`` the largest |payoff|
    ///     (Hausdorff distance). A converged set's vertices closer than
    ///     ``tol * s * max(1, 2δ/(1-δ))`` to their neighbours' segment are merged, so a set
    ///     that shrinks to a point or a segment is reported as one.
    /// max_iter : int, default 10000
    ///     The most iterations (1 to 10⁶); the last set is returned with
    ///     ``converged == False`` when reached.
    /// directions : int, default 64
    ///     Edge normals of the outer polygon (4 to 4096); with ``actions="mixed"`` also the
    ///     number of directions in which the Abreu-Sannikov method solves each mixed
    ///     profile's linear program.
    /// actions : {"pure", "mixed"}, default "pure"
    ///     ``"pure"``: pure stage actions. ``"mixed"``: the players may also play the mixed
    ///     profiles of a finite family — every profile whose probabilities are multiples of
    ///     ``1/grid``, the stage game's Nash equilibria and the mixed minmax punishers —
    ///     with perfect monitoring of the realized actions (deviations unrestricted). The
    ///     Abreu-Sannikov method then returns an inner approximation of the equilibrium
    ///     payoff set of the game whose on-path play is restricted to that family (every
    ///     point an equilibrium payoff; it contains the pure set and grows with ``grid``),
    ///     with a ``witnesses`` list; ``"outer"`` an outer approximation of the same
    ///     restricted set. ``outer_bound`` (the feasible set cut by the mixed-minmax
    ///     constraints) contains the unrestricted mixed-action set. ``tol`` is raised to at
    ///     least ``1e-8`` (the linear programs' accuracy).
    /// grid : int, default 4
    ///     The denominator ``k`` of the mixed family (1 to 1000; ``actions="mixed"`` only).
    ///     A family too large for memory or time (more than 50,000 mixed profiles, or
    ///     2,000,000 profile-cells) is refused before anything is allocated.
    ///
    /// Returns
    /// -------
    /// EquilibriumPayoffSet
    ///     The polygon: possibly empty (no pure-strategy subgame-perfect equilibrium), a
    ///     point or a segment.
    ///
    /// Both methods compute in floating point, also for exact games (``exact_game`` says
    /// so). Players must share one discount factor; the game must have two players and no
    /// finite horizon (``ValueError`` otherwise). The call releases the GIL and stops on
    /// Ctrl-C.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> dt.RepeatedGame(pd, 0.2).equilibrium_payoff_set().kind
    /// 'point'
    /// >>> v = dt.RepeatedGame(pd, 0.3).equilibrium_payoff_set()
    /// >>> v.vertices.round(9).tolist()
    /// [[1.0, 1.0], [4.0, 1.0], [1.0, 4.0]]
    ///
    /// Matching pennies has no pure-strategy equilibrium; with mixed actions its only
    /// equilibrium payoff is (0, 0), from both players mixing half-half:
    ///
    /// >>> mp = dt.Game.zero_sum([[1, -1], [-1, 1]])
    /// >>> v = dt.RepeatedGame(mp, 0.9).equilibrium_payoff_set(actions="mixed", grid=4)
    /// >>> v.kind, v.stage_actions, v.grid, bool(abs(v.vertices).max() < 1e-9)
    /// ('point', 'mixed', 4, True)
    /// >>> [s.tolist() for s in v.witnesses[0]["strategies"]]
    /// [[0.5, 0.5], [0.5, 0.5]]
    #[pyo3(
        signature = (method = "abreu_sannikov", *, tol = None, max_iter = None, directions = None, actions = "pure", grid = None),
        text_signature = "($self, method='abreu_sannikov', *, tol=1e-10, max_iter=10000, directions=64, actions='pure', grid=4)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn equilibrium_payoff_set(
        &self,
        py: Python<'_>,
        method: &str,
        tol: Option<&Bound<'_, PyAny>>,
        max_iter: Option<&Bound<'_, PyAny>>,
        directions: Option<&Bound<'_, PyAny>>,
        actions: &str,
        grid: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyEquilibriumPayoffSet> {
        let mut options = PayoffSetOptions::new(method.parse::<PayoffSetMethod>()?)
            .with_actions(actions.parse::<StageActions>()?);
        if let Some(k) = grid {
            options.grid = args::count(k, "grid", 1)?;
        }
        if let Some(t) = tol {
            options.tol = args::number(t, "tol")?;
        }
        if let Some(m) = max_iter {
            options.max_iter = args::count(m, "max_iter", 1)?;
        }
        if let Some(d) = directions {
            options.directions = args::count(d, "directions", 4)?;
        }
        let game = &self.inner;
        let inner = run(py, || game.equilibrium_payoff_set_with(&options))?;
        Ok(PyEquilibriumPayoffSet {
            inner,
            labels: Labels::of(self.inner.stage()),
        })
    }
}
