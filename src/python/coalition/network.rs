//! `detente.coalition.network_formation` and its result class `detente.NetworkStability`
//! ([`crate::coalition::network`]); `pairwise_stable` / `pairwise_nash_stable` are thin Python
//! views of the result (`python/detente/_network.py`).

use num_rational::BigRational;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde::{Deserialize, Serialize};

use super::tu::PyTUGame;
use super::voting::exact;
use crate::coalition::network::{
    NetworkStability, StableGraph, myerson_stable_graphs, stable_graphs,
};
use crate::error::Error;
use crate::python::face::{fraction, result_class};
use crate::python::progress;
use crate::report::Labels;

fn names(players: Option<&Bound<'_, PyAny>>, n: Option<usize>) -> PyResult<Vec<String>> {
    match players {
        Some(p) if p.extract::<usize>().is_ok() => {
            let k: usize = p.extract()?;
            if n.is_some_and(|m| m != k) {
                return Err(Error::InvalidArgument(format!(
                    "players is {k} but the game has {} players",
                    n.unwrap_or_default()
                ))
                .into());
            }
            Ok((1..=k).map(|i| format!("P{i}")).collect())
        }
        Some(p) => {
            let list = p.extract::<Vec<String>>().map_err(|_| {
                PyTypeError::new_err("players must be a number of players or a list of names")
            })?;
            let distinct: std::collections::BTreeSet<&String> = list.iter().collect();
            if distinct.len() != list.len() {
                return Err(Error::InvalidArgument(
                    "players has a repeated name: give distinct names".into(),
                )
                .into());
            }
            if n.is_some_and(|k| k != list.len()) {
                return Err(Error::InvalidArgument(format!(
                    "players has {} names but the game has {} players",
                    list.len(),
                    n.unwrap_or_default()
                ))
                .into());
            }
            Ok(list)
        }
        None => match n {
            Some(k) => Ok((1..=k).map(|i| format!("P{i}")).collect()),
            None => Err(Error::InvalidArgument(
                "players is required with a callable value: give the number of players or \
                 their names"
                    .into(),
            )
            .into()),
        },
    }
}

/// The pairwise stable, pairwise Nash stable and efficient graphs of a network-formation
/// game (Jackson & Wolinsky 1996), with exact counts: ``pairwise_stable``,
/// ``pairwise_nash_stable`` and ``efficient`` (lists of ``(edges, payoffs)``, edges as
/// ``(name, name)`` links, payoffs as ``fractions.Fraction``), ``structures`` (the label of
/// each pairwise stable graph when a labelling was given), ``counts``, ``max_total``,
/// ``players``. Each list holds at most 32768 graphs; ``counts`` are always exact.
#[pyclass(module = "detente", name = "NetworkStability", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyNetworkStability {
    #[serde(flatten)]
    pub(crate) inner: NetworkStability,
    #[serde(flatten)]
    pub(crate) labels: Labels,
}

impl PyNetworkStability {
    /// Wraps a core result with the players' names.
    pub(crate) fn new(inner: NetworkStability, players: Vec<String>) -> Self {
        let n = players.len();
        Self {
            inner,
            labels: Labels {
                players,
                actions: vec![Vec::new(); n],
            },
        }
    }

    fn graphs<'py>(&self, py: Python<'py>, graphs: &[StableGraph]) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for g in graphs {
            let edges: Vec<(String, String)> = g
                .edges
                .iter()
                .map(|&(i, j)| (self.labels.player(i), self.labels.player(j)))
                .collect();
            let pay = PyList::empty(py);
            for x in &g.payoffs {
                pay.append(fraction(py, x)?)?;
            }
            out.append(PyTuple::new(
                py,
                [edges.into_pyobject(py)?.into_any(), pay.into_any()],
            )?)?;
        }
        Ok(out)
    }
}

result_class!(PyNetworkStability, "NetworkStability", {
    /// The pairwise stable graphs, each ``(edges, payoffs)``.
    #[getter]
    fn pairwise_stable<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.graphs(py, &self.inner.pairwise_stable)
    }

    /// The pairwise Nash stable graphs (no player gains by cutting any set of its links),
    /// each ``(edges, payoffs)``.
    #[getter]
    fn pairwise_nash_stable<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.graphs(py, &self.inner.pairwise_nash_stable)
    }

    /// The efficient graphs (the largest total payoff), each ``(edges, payoffs)``.
    #[getter]
    fn efficient<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.graphs(py, &self.inner.efficient)
    }

    /// The structure label of each pairwise stable graph (``None`` where no labelling was
    /// given).
    #[getter]
    fn structures(&self) -> Vec<Option<String>> {
        self.inner
            .pairwise_stable
            .iter()
            .map(|g| g.label.clone())
            .collect()
    }

    /// The structure label of each efficient graph.
    #[getter]
    fn efficient_structures(&self) -> Vec<Option<String>> {
        self.inner
            .efficient
            .iter()
            .map(|g| g.label.clone())
            .collect()
    }

    /// ``{"graphs", "pairwise_stable", "pairwise_nash_stable", "efficient"}``: how many graphs
    /// were checked and how many are of each kind (exact, also past the listed 32768).
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("graphs", self.inner.num_graphs)?;
        d.set_item("pairwise_stable", self.inner.num_pairwise_stable)?;
        d.set_item("pairwise_nash_stable", self.inner.num_pairwise_nash_stable)?;
        d.set_item("efficient", self.inner.num_efficient)?;
        Ok(d)
    }

    /// The largest total payoff over all graphs, a ``Fraction``.
    #[getter]
    fn max_total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, &self.inner.max_total)
    }

    /// Whether every list holds all its graphs (none cut at 32768).
    #[getter]
    fn is_complete(&self) -> bool {
        self.inner.is_complete()
    }

    /// ``"network_formation"``.
    #[getter]
    fn method(&self) -> &'static str {
        "network_formation"
    }
});

/// Every graph's stability for `value`, with the players' names.
fn stability(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    cost: BigRational,
    players: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<(NetworkStability, Vec<String>)> {
    if let Ok(game) = value.cast::<PyTUGame>() {
        let inner = game.get().inner.clone();
        let names = match players {
            None => inner.players().to_vec(),
            Some(_) => names(players, Some(inner.num_players()))?,
        };
        let s = progress::run(py, progress, "network_formation", " graphs", || {
            myerson_stable_graphs(&inner, &cost)
        })?;
        return Ok((s, names));
    }
    if !value.is_callable() {
        return Err(PyTypeError::new_err(
            "value must be a TUGame or a callable taking a list of links (i, j) and returning \
             one payoff per player",
        ));
    }
    let names = names(players, None)?;
    let n = names.len();
    let f: Py<PyAny> = value.clone().unbind();
    let mut failure: Option<PyErr> = None;
    let result = progress::run(py, progress, "network_formation", " graphs", || {
        stable_graphs(n, |edges| {
            let call = || -> PyResult<Vec<BigRational>> {
                Python::attach(|py| {
                    let out = f.bind(py).call1((edges.to_vec(),))?;
                    let mut u = Vec::new();
                    for (i, x) in out.try_iter()?.enumerate() {
                        u.push(exact(&x?, &format!("value(graph)[{i}]"))?);
                    }
                    Ok(u)
                })
            };
            let mut u = call().map_err(|e| {
                let msg = e.to_string();
                failure = Some(e);
                Error::InvalidArgument(msg)
            })?;
            for &(i, j) in edges {
                if i < u.len() && j < u.len() {
                    u[i] -= &cost;
                    u[j] -= &cost;
                }
            }
            Ok(u)
        })
    });
    match result {
        Ok(s) => Ok((s, names)),
        Err(e) => Err(failure.take().unwrap_or(e)),
    }
}

/// Every graph on the players checked for pairwise stability (Jackson & Wolinsky 1996: no
/// player gains by cutting one of its links, no two unlinked players both weakly gain, one
/// strictly, by adding theirs), pairwise Nash stability (no player gains by cutting any set
/// of its links) and efficiency (the largest total payoff). At most 7 players
/// (2^21 graphs); the call releases the GIL, runs in parallel and stops on Ctrl-C.
///
/// Parameters
/// ----------
/// value : TUGame or callable
///     A ``TUGame``: each player earns its Myerson value of the game restricted to the
///     graph, minus ``link_cost`` per own link. A callable: called once per graph with its
///     links as a list of ``(i, j)`` index pairs (``i < j``) and returning one payoff per
///     player (ints, Fractions or floats; floats are read as the simplest fraction that
///     rounds to them); ``link_cost`` is then subtracted per own link as well (at most 6
///     players: the table of fractions of 7 would not fit in memory).
/// link_cost : int, Fraction or float, default 0
/// players : int or list of str, optional
///     Required with a callable (number of players or their names).
/// labels : callable, optional
///     Called with the links ``(i, j)`` of each listed graph; its string (or None) becomes
///     the graph's structure label (``structures``, the table's ``structure`` column).
/// progress : bool or None, default None
///     A progress bar of the graphs checked, each counted once per pass over the graphs
///     (their payoffs, then their stability: ``2 * 2**(n*(n-1)//2)`` units; a third pass
///     for TU games whose values need big integers): ``True`` always, ``False`` never,
///     ``None`` only in an interactive session (Jupyter, or a terminal; never in CI or
///     captured logs). The result is the same either way.
///
/// Returns
/// -------
/// NetworkStability
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> majority = dt.TUGame(lambda s: int(len(s) >= 2), players=3)
/// >>> r = dt.coalition.network_formation(majority, link_cost=0)
/// >>> r.counts["pairwise_stable"], r.counts["efficient"]   # free links: any linked graph
/// (1, 7)
#[pyfunction]
#[pyo3(signature = (value, link_cost=None, players=None, *, labels=None, progress=None))]
pub(crate) fn network_formation(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    link_cost: Option<&Bound<'_, PyAny>>,
    players: Option<&Bound<'_, PyAny>>,
    labels: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyNetworkStability> {
    let cost = match link_cost {
        Some(c) if !c.is_none() => exact(c, "link_cost")?,
        _ => BigRational::from_integer(0.into()),
    };
    if let Some(l) = labels
        && !l.is_none()
        && !l.is_callable()
    {
        return Err(PyTypeError::new_err(
            "labels must be a callable taking the links (i, j) of a graph and returning its \
             label (a string) or None",
        ));
    }
    let (mut s, names) = stability(py, value, cost, players, progress)?;
    if let Some(l) = labels.filter(|l| !l.is_none()) {
        let mut failure: Option<PyErr> = None;
        let labelled = s.label_with(|edges| {
            let call = || -> PyResult<Option<String>> {
                let out = l.call1((edges.to_vec(),))?;
                if out.is_none() {
                    return Ok(None);
                }
                out.extract::<String>()
                    .map(Some)
                    .map_err(|_| PyTypeError::new_err("labels(edges) must return a string or None"))
            };
            call().map_err(|e| {
                let msg = e.to_string();
                failure = Some(e);
                Error::InvalidArgument(msg)
            })
        });
        if let Err(e) = labelled {
            return Err(failure.take().unwrap_or_else(|| e.into()));
        }
    }
    Ok(PyNetworkStability::new(s, names))
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNetworkStability>()?;
    m.add_function(wrap_pyfunction!(network_formation, m)?)?;
    Ok(())
}
