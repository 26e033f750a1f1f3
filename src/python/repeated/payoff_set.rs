//! `RepeatedGame.equilibrium_payoff_set` and its result class `detente.repeated.EquilibriumPayoffSet`.

use ndarray::Array2;
use numpy::{PyArray1, PyArray2, ToPyArray};
use pyo3::prelude::*;
use serde::{Deserialize, Serialize};

use super::game::PyRepeatedGame;
use crate::python::face::result_class;
use crate::python::run::run;
use crate::python::{args, convert};
use crate::repeated::{EquilibriumPayoffSet, PayoffSetMethod, PayoffSetOptions};
use crate::report::Labels;

/// The set of pure-strategy subgame-perfect equilibrium payoffs of a two-player repeated
/// game with public randomization (or an outer approximation of it): a convex polygon,
/// possibly empty, a single point or a segment.
///
/// Attributes: ``vertices`` (numpy array of shape ``(k, 2)``, each row player 1's payoff
/// and player 2's payoff, counter-clockwise from the leftmost vertex), ``kind`` (``"empty"``,
/// ``"point"``, ``"segment"`` or ``"polygon"``), ``worst_payoffs`` (each player's lowest
/// payoff in the set: the optimal punishment), ``best_payoffs``, ``area``, ``method``,
/// ``iterations``, ``converged``, ``hausdorff`` (the last change between iterates, in
/// payoff units), ``tol``, ``discount``, ``directions`` (outer method), ``exact_game``
/// (computed in floats even when the game is exact). ``contains(point)`` tests membership.
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

    /// The number of edge normals of the outer method, ``None`` for Abreu-Sannikov.
    #[getter]
    fn directions(&self) -> Option<usize> {
        self.inner.directions
    }

    /// Whether the stage game's payoffs are exact (the set is computed in floats anyway).
    #[getter]
    fn exact_game(&self) -> bool {
        self.inner.exact_game
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
    ///     Edge normals of the outer polygon (4 to 4096; outer method only).
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
    #[pyo3(
        signature = (method = "abreu_sannikov", *, tol = None, max_iter = None, directions = None),
        text_signature = "($self, method='abreu_sannikov', *, tol=1e-10, max_iter=10000, directions=64)"
    )]
    fn equilibrium_payoff_set(
        &self,
        py: Python<'_>,
        method: &str,
        tol: Option<&Bound<'_, PyAny>>,
        max_iter: Option<&Bound<'_, PyAny>>,
        directions: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyEquilibriumPayoffSet> {
        let mut options = PayoffSetOptions::new(method.parse::<PayoffSetMethod>()?);
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
