//! `RepeatedGame.minmax`, `.feasible_set` and `.individually_rational_set`, and the result
//! class `detente.repeated.Minmax`.

use numpy::{PyArray1, PyArray2, ToPyArray};
use pyo3::prelude::*;
use serde::{Deserialize, Serialize};

use super::game::PyRepeatedGame;
use crate::python::face::{fraction, result_class};
use crate::python::run::run;
use crate::repeated::{Minmax, MinmaxKind, PayoffSet};
use crate::report::Labels;

/// Every player's minmax value of the stage game and the profile that holds it there.
///
/// ``values`` (numpy), ``values_exact`` (``Fraction``, when the game is exact),
/// ``strategies`` (per punished player: the punishers' strategies and the punished player's
/// best reply), ``kind``, ``lower_bounds`` (equal to ``values`` except for mixed minmax with
/// three or more players, where ``lower_bounds <= minmax <= values`` within 1e-9 of the payoff
/// range), ``joint`` (correlated: the punishers' joint distribution) and ``method``.
///
/// Returned by :meth:`RepeatedGame.minmax`.
#[pyclass(module = "detente.repeated", name = "Minmax", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct PyMinmax {
    #[serde(flatten)]
    inner: Minmax,
    #[serde(flatten)]
    labels: Labels,
}

result_class!(PyMinmax, "Minmax", {
    /// Each player's minmax value (numpy array).
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.values.to_pyarray(py)
    }

    /// The values as ``Fraction`` when the stage game is exact, else ``None`` (for mixed
    /// minmax with 3+ players: the exact value the returned punishers attain).
    #[getter]
    fn values_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
        self.inner
            .values_exact
            .as_ref()
            .map(|v| v.iter().map(|x| fraction(py, x)).collect())
            .transpose()
    }

    /// Certified lower bounds on the values (numpy array).
    #[getter]
    fn lower_bounds<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.lower_bounds.to_pyarray(py)
    }

    /// Per punished player, the punishing profile: one numpy array per player (the
    /// punishers' strategies, the punished player's best reply as a pure strategy).
    #[getter]
    fn strategies<'py>(&self, py: Python<'py>) -> Vec<Vec<Bound<'py, PyArray1<f64>>>> {
        self.inner
            .strategies
            .iter()
            .map(|p| p.iter().map(|s| s.to_pyarray(py)).collect())
            .collect()
    }

    /// The same profiles with ``Fraction`` probabilities, when the stage game is exact.
    #[getter]
    fn strategies_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<ExactProfile<'py>>>> {
        self.inner
            .strategies_exact
            .as_ref()
            .map(|all| {
                all.iter()
                    .map(|p| {
                        p.iter()
                            .map(|s| s.iter().map(|x| fraction(py, x)).collect())
                            .collect()
                    })
                    .collect()
            })
            .transpose()
    }

    /// Correlated minmax: per punished player, the punishers' joint distribution over their
    /// pure profiles (C order, the punished player left out); ``None`` otherwise.
    #[getter]
    fn joint<'py>(&self, py: Python<'py>) -> Option<Vec<Bound<'py, PyArray1<f64>>>> {
        self.inner
            .joint
            .as_ref()
            .map(|j| j.iter().map(|d| d.to_pyarray(py)).collect())
    }

    /// ``"pure"``, ``"mixed"`` or ``"correlated"``.
    #[getter]
    fn kind(&self) -> String {
        self.inner.kind.clone()
    }

    /// How each value was found: ``"enumeration"``, ``"zero_sum_exact"``, ``"zero_sum"`` or
    /// ``"branch_and_bound"``.
    #[getter]
    fn method(&self) -> Vec<String> {
        self.inner.method.clone()
    }
});

/// One exact profile for Python: per player, a list of `Fraction`.
type ExactProfile<'py> = Vec<Vec<Bound<'py, PyAny>>>;

/// The vertices as a numpy array `(k, n)`, or as lists of `Fraction` when `exact`.
fn vertices(py: Python<'_>, set: &PayoffSet, n: usize, exact: bool) -> PyResult<Py<PyAny>> {
    if exact {
        let rows: Vec<Vec<Bound<'_, PyAny>>> = set
            .vertices_exact
            .iter()
            .map(|v| v.iter().map(|x| fraction(py, x)).collect::<PyResult<_>>())
            .collect::<PyResult<_>>()?;
        return Ok(rows.into_pyobject(py)?.into_any().unbind());
    }
    let flat: Vec<f64> = set.vertices.iter().flatten().copied().collect();
    let array = ndarray::Array2::from_shape_vec((set.vertices.len(), n), flat)
        .map_err(|e| crate::error::Error::Solver(format!("vertices: {e}")))?;
    let out: Bound<'_, PyArray2<f64>> = array.to_pyarray(py);
    Ok(out.into_any().unbind())
}

#[pymethods]
impl PyRepeatedGame {
    /// Every player's minmax value of the stage game, with the punishing profiles.
    ///
    /// ``"pure"``: enumeration. ``"correlated"`` (and ``"mixed"`` with 2 players): the value
    /// of the zero-sum game between the punished player and the punishers as one player, a
    /// linear program solved exactly (rational Lemke-Howson, certified) on small or exact
    /// games. ``"mixed"`` with 3+ players (independent punishers, not convex): a branch and
    /// bound over products of simplices with certified bounds, until the bracket
    /// ``lower_bounds <= minmax <= values`` is narrower than 1e-9 of the payoff range (meant
    /// for small games).
    ///
    /// Parameters
    /// ----------
    /// kind : {"pure", "mixed", "correlated"}, default "mixed"
    ///
    /// Returns
    /// -------
    /// Minmax
    ///
    /// Raises
    /// ------
    /// ValueError
    ///     An unknown kind, or a game of more than 2**22 pure profiles.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> mp = dt.Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    /// >>> rg = dt.RepeatedGame(mp, 0.9)
    /// >>> rg.minmax("pure").values.tolist(), rg.minmax("mixed").values.tolist()
    /// ([1.0, 1.0], [0.0, 0.0])
    #[pyo3(signature = (kind = "mixed"))]
    fn minmax(&self, py: Python<'_>, kind: &str) -> PyResult<PyMinmax> {
        let kind = MinmaxKind::parse(kind)?;
        let rg = &self.inner;
        let inner = run(py, || rg.minmax(kind))?;
        Ok(PyMinmax {
            inner,
            labels: Labels::of(self.inner.stage()),
        })
    }

    /// The feasible payoff set: vertices of the convex hull of the stage game's payoff
    /// vectors, for 2 or 3 players.
    ///
    /// Two players: counter-clockwise from the lowest (then leftmost) vertex; a point or a
    /// segment when all payoffs coincide or are collinear. Computed exactly.
    ///
    /// Parameters
    /// ----------
    /// exact : bool, default False
    ///     Return lists of ``Fraction`` instead of a float array.
    ///
    /// Returns
    /// -------
    /// numpy.ndarray
    ///     Shape ``(k, n)``: one vertex per row.
    ///
    /// Raises
    /// ------
    /// ValueError
    ///     Other than 2 or 3 players (the message says what to use instead).
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> dt.RepeatedGame(pd, 0.9).feasible_set().tolist()
    /// [[5.0, 0.0], [3.0, 3.0], [0.0, 5.0], [1.0, 1.0]]
    #[pyo3(signature = (*, exact = false))]
    fn feasible_set(&self, py: Python<'_>, exact: bool) -> PyResult<Py<PyAny>> {
        let rg = &self.inner;
        let set = run(py, || rg.feasible_set())?;
        vertices(py, &set, rg.num_players(), exact)
    }

    /// The individually rational part of the feasible set: feasible payoff vectors giving
    /// every player at least its minmax value of ``kind``, by its vertices (the folk
    /// theorem's set for ``kind="mixed"``).
    ///
    /// Parameters
    /// ----------
    /// kind : {"mixed", "pure", "correlated"}, default "mixed"
    /// exact : bool, default False
    ///     Return lists of ``Fraction`` instead of a float array.
    ///
    /// Returns
    /// -------
    /// numpy.ndarray
    ///     Shape ``(k, n)``; empty when no feasible payoff is individually rational.
    ///
    /// Raises
    /// ------
    /// ValueError
    ///     Other than 2 or 3 players, or an unknown kind.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> dt.RepeatedGame(pd, 0.9).individually_rational_set(exact=True)[1]
    /// [Fraction(13, 3), Fraction(1, 1)]
    #[pyo3(signature = (kind = "mixed", *, exact = false))]
    fn individually_rational_set(
        &self,
        py: Python<'_>,
        kind: &str,
        exact: bool,
    ) -> PyResult<Py<PyAny>> {
        let kind = MinmaxKind::parse(kind)?;
        let rg = &self.inner;
        let set = run(py, || rg.individually_rational_set(kind))?;
        vertices(py, &set, rg.num_players(), exact)
    }
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyMinmax>()
}
