//! The solutions of `detente.TUGame` (Shapley, Banzhaf, core, least core, nucleolus,
//! Monte-Carlo Shapley) and their result classes.

use num_rational::BigRational;
use numpy::{PyArray1, PyArray2, ToPyArray};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde::{Deserialize, Serialize};

use super::tu::{PyTUGame, fractions};
use crate::coalition::TUGame;
use crate::coalition::tu::{LeastCore, Nucleolus, ShapleyEstimate};
use crate::error::Error;
use crate::python::args;
use crate::python::face::{fraction, result_class};
use crate::python::run::run;
use crate::report::Labels;

/// The labels of a TU game's results: its players (no actions).
fn labels(g: &TUGame) -> Labels {
    Labels {
        players: g.players().to_vec(),
        actions: vec![Vec::new(); g.num_players()],
    }
}

/// Floats as a numpy array, or exact values as an object array of Fractions.
fn vector<'py>(
    py: Python<'py>,
    floats: Option<&[f64]>,
    exact: Option<&[BigRational]>,
) -> PyResult<Bound<'py, PyAny>> {
    match (exact, floats) {
        (Some(x), _) => fractions(py, x),
        (None, Some(f)) => Ok(f.to_pyarray(py).into_any()),
        (None, None) => Ok(py.None().into_bound(py)),
    }
}

/// A coalition as a tuple of player names.
fn names<'py>(py: Python<'py>, l: &Labels, s: usize) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(
        py,
        TUGame::members(s).map(|i| l.player(i)).collect::<Vec<_>>(),
    )
}

/// The nucleolus (or prenucleolus) of a TU game, with its Kohlberg certificate:
/// ``allocation`` (numpy array), ``allocation_exact`` (``Fraction`` object array, or None
/// above 16 players), ``certified``, ``levels`` (the excess levels in decreasing order, each
/// a dict with ``excess``, ``excess_exact``, ``coalitions`` and the balancing ``weights``),
/// ``lp_solves`` and ``method`` (``"nucleolus"`` or ``"prenucleolus"``).
#[pyclass(module = "detente", name = "Nucleolus", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyNucleolus {
    #[serde(flatten)]
    inner: Nucleolus,
    #[serde(flatten)]
    labels: Labels,
}

result_class!(PyNucleolus, "Nucleolus", {
    /// One payoff per player (a numpy array).
    #[getter]
    fn allocation<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.allocation.to_pyarray(py)
    }

    /// The payoffs as ``fractions.Fraction`` (an object array), or None when the
    /// nucleolus was not found exactly (more than 16 players).
    #[getter]
    fn allocation_exact<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        vector(py, None, self.inner.allocation_exact.as_deref())
    }

    /// Whether Kohlberg's criterion was verified (in exact rationals when
    /// ``allocation_exact`` is given).
    #[getter]
    fn certified(&self) -> bool {
        self.inner.certified
    }

    /// The number of LPs solved.
    #[getter]
    fn lp_solves(&self) -> usize {
        self.inner.lp_solves
    }

    /// ``"nucleolus"`` or ``"prenucleolus"``.
    #[getter]
    fn method(&self) -> String {
        self.inner.method.clone()
    }

    /// The certificate: the excess levels in decreasing order down to the one where the
    /// coalitions above span the space. Each is a dict: ``excess`` (float),
    /// ``excess_exact`` (Fraction or None), ``coalitions`` (tuples of player names),
    /// ``weights`` (coalition -> Fraction: positive weights of every coalition at this level
    /// or above whose indicator vectors, with ``bound_weights``, add up to all ones; empty
    /// where the level lies in the span of those above) and ``bound_weights`` (player ->
    /// Fraction, for players held at their own value).
    #[getter]
    fn levels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for level in &self.inner.levels {
            let d = PyDict::new(py);
            d.set_item("excess", level.excess)?;
            d.set_item(
                "excess_exact",
                level
                    .excess_exact
                    .as_ref()
                    .map(|e| fraction(py, e))
                    .transpose()?,
            )?;
            let coalitions = PyList::empty(py);
            for &s in &level.coalitions {
                coalitions.append(names(py, &self.labels, s)?)?;
            }
            d.set_item("coalitions", coalitions)?;
            let weights = PyDict::new(py);
            for (s, w) in &level.weights {
                weights.set_item(names(py, &self.labels, *s)?, fraction(py, w)?)?;
            }
            d.set_item("weights", weights)?;
            let bounds = PyDict::new(py);
            for (i, w) in &level.bound_weights {
                bounds.set_item(self.labels.player(*i), fraction(py, w)?)?;
            }
            d.set_item("bound_weights", bounds)?;
            out.append(d)?;
        }
        Ok(out)
    }
});

/// The least core of a TU game: ``epsilon`` (the smallest relaxation of the core
/// constraints that keeps them feasible; the core is non-empty exactly when it is ``<= 0``),
/// ``epsilon_exact``, a point ``allocation`` of the least core (the prenucleolus),
/// ``allocation_exact``, ``certified`` and ``method`` (``"least_core"``).
#[pyclass(module = "detente", name = "LeastCore", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyLeastCore {
    #[serde(flatten)]
    inner: LeastCore,
    #[serde(flatten)]
    labels: Labels,
}

result_class!(PyLeastCore, "LeastCore", {
    /// The least-core value ε.
    #[getter]
    fn epsilon(&self) -> f64 {
        self.inner.epsilon
    }

    /// ε as a ``fractions.Fraction``, or None when not found exactly.
    #[getter]
    fn epsilon_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .epsilon_exact
            .as_ref()
            .map(|e| fraction(py, e))
            .transpose()
    }

    /// A point of the least core (a numpy array).
    #[getter]
    fn allocation<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.allocation.to_pyarray(py)
    }

    /// The point as ``fractions.Fraction`` (object array), or None.
    #[getter]
    fn allocation_exact<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        vector(py, None, self.inner.allocation_exact.as_deref())
    }

    /// Whether ε is certified optimal (the coalitions at the largest excess are balanced).
    #[getter]
    fn certified(&self) -> bool {
        self.inner.certified
    }

    /// ``"least_core"``.
    #[getter]
    fn method(&self) -> String {
        self.inner.method.clone()
    }
});

/// A Monte-Carlo estimate of the Shapley value: ``values``, ``std_errors``, the 95%
/// confidence intervals ``low`` and ``high``, ``samples``, ``seed`` and ``method``
/// (``"shapley_monte_carlo"``).
#[pyclass(module = "detente", name = "ShapleyEstimate", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyShapleyEstimate {
    #[serde(flatten)]
    inner: ShapleyEstimate,
    #[serde(flatten)]
    labels: Labels,
}

result_class!(PyShapleyEstimate, "ShapleyEstimate", {
    /// The estimated Shapley values.
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.values.to_pyarray(py)
    }

    /// The standard error of each estimate.
    #[getter]
    fn std_errors<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.std_errors.to_pyarray(py)
    }

    /// Lower ends of the 95% confidence intervals.
    #[getter]
    fn low<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.low.to_pyarray(py)
    }

    /// Upper ends of the 95% confidence intervals.
    #[getter]
    fn high<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.high.to_pyarray(py)
    }

    /// The number of sampled orders.
    #[getter]
    fn samples(&self) -> u64 {
        self.inner.samples
    }

    /// The seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    /// ``"shapley_monte_carlo"``.
    #[getter]
    fn method(&self) -> String {
        self.inner.method.clone()
    }
});

/// Refuses `exact=True` when the result has no exact form.
fn need_exact(what: &str) -> PyErr {
    Error::InvalidArgument(format!(
        "{what} could not be found in exact rationals for this game (more than {} players); \
         use exact=False",
        crate::coalition::tu::MAX_EXACT_NUCLEOLUS_PLAYERS
    ))
    .into()
}

/// A property's counterexample as coalitions (tuples of player names).
fn witness<'py>(py: Python<'py>, g: &TUGame, masks: &[usize]) -> PyResult<Bound<'py, PyTuple>> {
    let l = labels(g);
    let items: Vec<Bound<'py, PyTuple>> = masks
        .iter()
        .map(|&s| names(py, &l, s))
        .collect::<PyResult<_>>()?;
    PyTuple::new(py, items)
}

#[pymethods]
impl PyTUGame {
    /// Whether ``v(S ∪ T) >= v(S) + v(T)`` for all disjoint coalitions (exact comparisons
    /// on exact games, within 1e-9 of the largest value on float games). Checks all ``3**n``
    /// pairs, so at most 20 players; ``violation("superadditive")`` names a failing pair.
    fn is_superadditive(&self, py: Python<'_>) -> PyResult<bool> {
        run(py, || self.inner.is_superadditive())
    }

    /// Whether ``v(S ∪ T) + v(S ∩ T) >= v(S) + v(T)`` for all coalitions (supermodular).
    fn is_convex(&self, py: Python<'_>) -> PyResult<bool> {
        run(py, || Ok(self.inner.is_convex()))
    }

    /// Whether every value is 0 or 1, ``v(N) = 1`` and the game is monotone.
    fn is_simple(&self, py: Python<'_>) -> PyResult<bool> {
        run(py, || Ok(self.inner.is_simple()))
    }

    /// Whether ``v(S) <= v(T)`` whenever ``S ⊆ T``.
    fn is_monotone(&self, py: Python<'_>) -> PyResult<bool> {
        run(py, || Ok(self.inner.is_monotone()))
    }

    /// Whether ``sum_i v({i}) < v(N)``: cooperation creates a surplus.
    fn is_essential(&self) -> bool {
        self.inner.is_essential()
    }

    /// Coalitions where a property fails, or None when it holds.
    ///
    /// Parameters
    /// ----------
    /// prop : {"superadditive", "convex", "monotone", "simple"}
    ///     ``"superadditive"`` gives disjoint ``(S, T)`` with ``v(S ∪ T) < v(S) + v(T)``;
    ///     ``"convex"`` gives ``(S, (i,), (j,))`` with
    ///     ``v(S+i+j) - v(S+i) < v(S+j) - v(S)``; ``"monotone"`` gives ``(S, (i,))`` with
    ///     ``v(S+i) < v(S)``; ``"simple"`` gives ``(S,)`` whose value is not 0 or 1 (or
    ///     ``(N,)`` when ``v(N) != 1``), else the monotonicity counterexample.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> dt.TUGame([0, 1, 1, 1.5], players=["a", "b"]).violation("superadditive")
    /// (('a',), ('b',))
    fn violation<'py>(&self, py: Python<'py>, prop: &str) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let g = &self.inner;
        let masks: Option<Vec<usize>> = match prop {
            "superadditive" => run(py, || g.superadditivity_violation())?.map(|(s, t)| vec![s, t]),
            "convex" => {
                run(py, || Ok(g.convexity_violation()))?.map(|(s, i, j)| vec![s, 1 << i, 1 << j])
            }
            "monotone" => run(py, || Ok(g.monotonicity_violation()))?.map(|(s, i)| vec![s, 1 << i]),
            "simple" => {
                if g.grand_value() != 1.0 {
                    Some(vec![g.grand()])
                } else if let Some(s) = g.non_binary_coalition() {
                    Some(vec![s])
                } else {
                    g.monotonicity_violation().map(|(s, i)| vec![s, 1 << i])
                }
            }
            other => {
                return Err(Error::InvalidArgument(format!(
                    "prop must be one of \"superadditive\", \"convex\", \"monotone\", \
                     \"simple\", got {other:?}"
                ))
                .into());
            }
        };
        masks.map(|m| witness(py, g, &m)).transpose()
    }

    /// The Shapley value: each player's average marginal contribution over all orders of
    /// the players (Shapley 1953), computed exactly in ``O(n 2**n)`` in parallel.
    ///
    /// Parameters
    /// ----------
    /// exact : bool, default False
    ///     Return ``fractions.Fraction`` values (an object array), from the exact values
    ///     (at most 20 players).
    ///
    /// Returns
    /// -------
    /// numpy.ndarray
    ///     One value per player, in the order of :attr:`players`.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> glove = dt.TUGame([0, 0, 0, 1, 0, 1, 0, 1], players=["L", "R1", "R2"])
    /// >>> glove.shapley(exact=True).tolist()
    /// [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    #[pyo3(signature = (*, exact=false))]
    fn shapley<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        let g = &self.inner;
        if exact {
            let x = run(py, || g.shapley_exact())?;
            return fractions(py, &x);
        }
        let x = run(py, || g.shapley())?;
        vector(py, Some(&x), None)
    }

    /// The Banzhaf value: each player's average marginal contribution over the ``2**(n-1)``
    /// coalitions of the others, or (``normalized=True``) these divided by their sum.
    ///
    /// Parameters
    /// ----------
    /// normalized : bool, default True
    ///     Normalize so that the values add up to 1 (an error when they add up to 0).
    /// exact : bool, default False
    ///     Return ``fractions.Fraction`` values (at most 20 players).
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> glove = dt.TUGame([0, 0, 0, 1, 0, 1, 0, 1])
    /// >>> glove.banzhaf().tolist(), glove.banzhaf(normalized=False).tolist()
    /// ([0.6, 0.2, 0.2], [0.75, 0.25, 0.25])
    #[pyo3(signature = (normalized=true, *, exact=false))]
    fn banzhaf<'py>(
        &self,
        py: Python<'py>,
        normalized: bool,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let g = &self.inner;
        if exact {
            let x = run(py, || g.banzhaf_exact(normalized))?;
            return fractions(py, &x);
        }
        let x = run(py, || g.banzhaf(normalized))?;
        vector(py, Some(&x), None)
    }

    /// Each player's total marginal contribution ``sum over S not containing i of
    /// v(S+i) - v(S)``: for a simple game, its number of swings (raw Banzhaf counts).
    #[pyo3(signature = (*, exact=false))]
    fn banzhaf_swings<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        let g = &self.inner;
        if exact {
            let x = run(py, || g.banzhaf_swings_exact())?;
            return fractions(py, &x);
        }
        let x = run(py, || g.banzhaf_swings())?;
        vector(py, Some(&x), None)
    }

    /// Estimates the Shapley value from ``samples`` random orders of the players
    /// (permutation sampling), in parallel, reproducibly for a ``seed`` whatever the number
    /// of threads.
    ///
    /// Returns
    /// -------
    /// ShapleyEstimate
    ///     ``values``, ``std_errors`` and 95% confidence intervals ``low``/``high``.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> est = dt.TUGame(lambda s: int(len(s) >= 2), players=3).shapley_monte_carlo(1000, seed=1)
    /// >>> bool(abs(est.values - 1 / 3).max() < 5 * est.std_errors.max())
    /// True
    #[pyo3(signature = (samples, seed=None))]
    fn shapley_monte_carlo(
        &self,
        py: Python<'_>,
        samples: &Bound<'_, PyAny>,
        seed: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyShapleyEstimate> {
        let samples = args::integer(samples, "samples", 2, crate::coalition::tu::MAX_SAMPLES)?;
        let seed = seed.map(args::seed).transpose()?.unwrap_or(0);
        let g = &self.inner;
        let inner = run(py, || g.shapley_monte_carlo(samples, seed))?;
        Ok(PyShapleyEstimate {
            inner,
            labels: labels(g),
        })
    }

    /// The nucleolus: the imputation that lexicographically minimises the excesses
    /// ``v(S) - x(S)`` in decreasing order (Schmeidler 1969), by the LP sequence of
    /// Maschler, Peleg & Shapley (fixing only coalitions tight in every optimal solution),
    /// recovered exactly in rationals and certified by Kohlberg's criterion (up to 16
    /// players; above, in floats). It lies in the core when the core is non-empty.
    ///
    /// Parameters
    /// ----------
    /// exact : bool, default False
    ///     Require the exact result (``allocation_exact``); an error if it could not be
    ///     found exactly.
    ///
    /// Raises
    /// ------
    /// ValueError
    ///     If the imputation set is empty (``sum v({i}) > v(N)``): use :meth:`prenucleolus`.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> g = dt.TUGame({(0, 1): 10, (0, 1, 2): 2}, default=0)
    /// >>> nu = g.nucleolus()
    /// >>> nu.allocation_exact.tolist(), nu.certified
    /// ([Fraction(1, 1), Fraction(1, 1), Fraction(0, 1)], True)
    /// >>> g.prenucleolus().allocation.tolist()
    /// [3.0, 3.0, -4.0]
    #[pyo3(signature = (*, exact=false))]
    fn nucleolus(&self, py: Python<'_>, exact: bool) -> PyResult<PyNucleolus> {
        let g = &self.inner;
        let inner = run(py, || g.nucleolus())?;
        if exact && inner.allocation_exact.is_none() {
            return Err(need_exact("the nucleolus"));
        }
        Ok(PyNucleolus {
            inner,
            labels: labels(g),
        })
    }

    /// The prenucleolus: as :meth:`nucleolus` over all pre-imputations (no individual
    /// bounds); defined for every game, equal to the nucleolus when the core is non-empty.
    #[pyo3(signature = (*, exact=false))]
    fn prenucleolus(&self, py: Python<'_>, exact: bool) -> PyResult<PyNucleolus> {
        let g = &self.inner;
        let inner = run(py, || g.prenucleolus())?;
        if exact && inner.allocation_exact.is_none() {
            return Err(need_exact("the prenucleolus"));
        }
        Ok(PyNucleolus {
            inner,
            labels: labels(g),
        })
    }

    /// The least core: the smallest ``epsilon`` such that some allocation gives every
    /// coalition at least ``v(S) - epsilon``, and such an allocation (the prenucleolus).
    /// With ``imputations=True`` the allocations are imputations (``x_i >= v({i})``, as
    /// coopgame-py's default) and the point is the nucleolus; ``epsilon`` is then at least
    /// as large.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> lc = dt.TUGame(lambda s: int(len(s) >= 2), players=3).least_core()
    /// >>> lc.epsilon_exact
    /// Fraction(1, 3)
    /// >>> g = dt.TUGame({(0, 1): 10, (0, 1, 2): 2}, default=0)
    /// >>> g.least_core().epsilon, g.least_core(imputations=True).epsilon
    /// (4.0, 8.0)
    #[pyo3(signature = (*, exact=false, imputations=false))]
    fn least_core(&self, py: Python<'_>, exact: bool, imputations: bool) -> PyResult<PyLeastCore> {
        let g = &self.inner;
        let inner = run(py, || {
            if imputations {
                g.least_core_over_imputations()
            } else {
                g.least_core()
            }
        })?;
        if exact && inner.epsilon_exact.is_none() {
            return Err(need_exact("the least core"));
        }
        Ok(PyLeastCore {
            inner,
            labels: labels(g),
        })
    }

    /// Whether the core is empty (the least-core value is positive; decided exactly when
    /// found exactly).
    fn is_core_empty(&self, py: Python<'_>) -> PyResult<bool> {
        run(py, || self.inner.is_core_empty())
    }

    /// A point of the core — the nucleolus, which lies in it — or None when the core is
    /// empty. For games of up to 16 players the point is exact and checked against every
    /// coalition in rationals.
    ///
    /// Parameters
    /// ----------
    /// exact : bool, default False
    ///     Return ``fractions.Fraction`` values.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> dt.TUGame([0, 0, 0, 1, 0, 1, 0, 1]).core_point().tolist()   # glove game
    /// [1.0, 0.0, 0.0]
    #[pyo3(signature = (*, exact=false))]
    fn core_point<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Option<Bound<'py, PyAny>>> {
        let g = &self.inner;
        let Some((x, xe)) = run(py, || g.core_point())? else {
            return Ok(None);
        };
        if exact {
            let xe = xe.ok_or_else(|| need_exact("the core point"))?;
            return Ok(Some(fractions(py, &xe)?));
        }
        Ok(Some(vector(py, Some(&x), None)?))
    }

    /// The vertices of the core, one row per vertex (empty when the core is), found exactly
    /// by solving every system of ``n - 1`` tight coalitions with ``x(N) = v(N)``: at most 6
    /// players.
    ///
    /// Parameters
    /// ----------
    /// exact : bool, default False
    ///     Return an object array of ``fractions.Fraction``.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> dt.TUGame([0, 0, 0, 1]).core_vertices().tolist()
    /// [[0.0, 1.0], [1.0, 0.0]]
    #[pyo3(signature = (*, exact=false))]
    fn core_vertices<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        let g = &self.inner;
        let n = g.num_players();
        let vertices = run(py, || g.core_vertices())?;
        if exact {
            let flat: Vec<BigRational> = vertices.iter().flatten().cloned().collect();
            let arr = fractions(py, &flat)?;
            return arr.call_method1("reshape", ((vertices.len(), n),));
        }
        let floats: Vec<Vec<f64>> = vertices
            .iter()
            .map(|v| {
                v.iter()
                    .map(|x| num_traits::ToPrimitive::to_f64(x).unwrap_or(f64::NAN))
                    .collect()
            })
            .collect();
        if floats.is_empty() {
            return Ok(numpy::PyArray2::<f64>::zeros(py, [0, n], false).into_any());
        }
        Ok(PyArray2::from_vec2(py, &floats)?.into_any())
    }
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNucleolus>()?;
    m.add_class::<PyLeastCore>()?;
    m.add_class::<PyShapleyEstimate>()?;
    m.add_function(wrap_pyfunction!(shapley_monte_carlo, m)?)
}

/// A communication graph as edges: a list of pairs of player indices or names, or an
/// `n × n` symmetric 0/1 adjacency matrix with a zero diagonal.
fn graph_edges(g: &TUGame, graph: &Bound<'_, PyAny>) -> PyResult<Vec<(usize, usize)>> {
    let n = g.num_players();
    let py = graph.py();
    let np = py.import("numpy")?;
    if let Ok(arr) = np.call_method1("asarray", (graph,))
        && arr.getattr("shape")?.extract::<Vec<usize>>().ok() == Some(vec![n, n])
        && let Ok(m) = arr
            .call_method1("astype", ("float64",))
            .and_then(|a| a.extract::<numpy::PyReadonlyArray2<'_, f64>>())
    {
        let m = m.as_array();
        let adjacency = (0..n).all(|i| {
            m[[i, i]] == 0.0
                && (0..n).all(|j| m[[i, j]] == m[[j, i]] && (m[[i, j]] == 0.0 || m[[i, j]] == 1.0))
        });
        if adjacency {
            let mut edges = Vec::new();
            for i in 0..n {
                for j in i + 1..n {
                    if m[[i, j]] == 1.0 {
                        edges.push((i, j));
                    }
                }
            }
            return Ok(edges);
        }
    }
    let me = PyTUGame::new(g.clone());
    let items: Vec<Bound<'_, PyAny>> = graph
        .try_iter()
        .map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(
                "graph must be a list of edges (pairs of player indices or names) or an n x n \
                 adjacency matrix",
            )
        })?
        .collect::<PyResult<_>>()?;
    items
        .iter()
        .enumerate()
        .map(|(k, edge)| {
            let pair: Vec<Bound<'_, PyAny>> = edge
                .try_iter()
                .and_then(|it| it.collect::<PyResult<Vec<_>>>())
                .ok()
                .filter(|p| p.len() == 2)
                .ok_or_else(|| {
                    PyErr::from(Error::InvalidArgument(format!(
                        "graph[{k}] must be a pair of players (indices or names), got {}",
                        edge.repr().map(|r| r.to_string()).unwrap_or_default()
                    )))
                })?;
            let one = |p: &Bound<'_, PyAny>| -> PyResult<usize> {
                let s = me.mask(&PyTuple::new(py, [p])?.into_any())?;
                Ok(s.trailing_zeros() as usize)
            };
            Ok((one(&pair[0])?, one(&pair[1])?))
        })
        .collect()
}

#[pymethods]
impl PyTUGame {
    /// The game restricted by a communication graph: ``v^g(S)`` is the sum of ``v`` over
    /// the connected components of ``S`` (Myerson 1977).
    ///
    /// Parameters
    /// ----------
    /// graph : list of pairs or array_like
    ///     Edges as pairs of player indices or names, or an ``n x n`` symmetric 0/1
    ///     adjacency matrix with a zero diagonal.
    fn graph_restricted(&self, graph: &Bound<'_, PyAny>) -> PyResult<PyTUGame> {
        let edges = graph_edges(&self.inner, graph)?;
        Ok(PyTUGame::new(self.inner.graph_restricted(&edges)?))
    }

    /// The Myerson value: the Shapley value of the game restricted by a communication graph
    /// (see :meth:`graph_restricted`).
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> majority = dt.TUGame(lambda s: int(len(s) >= 2), players=3)
    /// >>> majority.myerson([(0, 1), (0, 2)], exact=True).tolist()     # a star on player 0
    /// [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    #[pyo3(signature = (graph, *, exact=false))]
    fn myerson<'py>(
        &self,
        py: Python<'py>,
        graph: &Bound<'py, PyAny>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let edges = graph_edges(&self.inner, graph)?;
        let g = &self.inner;
        if exact {
            let x = run(py, || g.myerson_exact(&edges))?;
            return fractions(py, &x);
        }
        let x = run(py, || g.myerson(&edges))?;
        vector(py, Some(&x), None)
    }
}

/// Estimates the Shapley value of a game given by a function, for games too large for a
/// :class:`TUGame` (more than 30 players): ``f`` is called on a ``frozenset`` of player
/// indices (``players`` an int) or names (``players`` a list of names), never on the empty
/// coalition (worth 0), ``samples`` times ``n`` times. Orders of the players are drawn
/// from ``seed`` one after another, so a seed always gives the same estimate.
///
/// Returns
/// -------
/// ShapleyEstimate
///     ``values``, ``std_errors`` and 95% confidence intervals.
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> est = dt.coalition.shapley_monte_carlo(lambda s: len(s) >= 51, 101, 200, seed=1)
/// >>> est.values.shape, bool(abs(est.values.sum() - 1) < 1e-9)
/// ((101,), True)
#[pyfunction]
#[pyo3(signature = (f, players, samples, seed=None))]
fn shapley_monte_carlo(
    py: Python<'_>,
    f: &Bound<'_, PyAny>,
    players: &Bound<'_, PyAny>,
    samples: &Bound<'_, PyAny>,
    seed: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyShapleyEstimate> {
    let names: Option<Vec<String>> = if players.call_method0("__index__").is_ok() {
        None
    } else {
        Some(args::names(players, "players")?)
    };
    let n = match &names {
        Some(v) => v.len(),
        None => args::count(players, "players", 1)?,
    };
    let samples = args::integer(samples, "samples", 2, crate::coalition::tu::MAX_SAMPLES)?;
    let seed = seed.map(args::seed).transpose()?.unwrap_or(0);
    let mut failure: Option<PyErr> = None;
    let result = crate::coalition::tu::shapley_monte_carlo_with(n, samples, seed, |members| {
        let call = || -> PyResult<f64> {
            let items: Vec<Bound<'_, PyAny>> = match &names {
                Some(v) => members
                    .iter()
                    .map(|&i| pyo3::types::PyString::new(py, &v[i]).into_any())
                    .collect(),
                None => members
                    .iter()
                    .map(|&i| pyo3::types::PyInt::new(py, i).into_any())
                    .collect(),
            };
            let set = pyo3::types::PyFrozenSet::new(py, &items)?;
            let value = f.call1((set,))?;
            if let Ok(b) = value.cast::<pyo3::types::PyBool>() {
                return Ok(if b.is_true() { 1.0 } else { 0.0 });
            }
            crate::python::args::number(&value, "the value of a coalition")
        };
        call().map_err(|e| {
            failure = Some(e);
            Error::Interrupted
        })
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let labels = Labels {
        players: names.unwrap_or_else(|| (1..=n).map(|i| format!("P{i}")).collect()),
        actions: vec![Vec::new(); n],
    };
    Ok(PyShapleyEstimate {
        inner: result?,
        labels,
    })
}
