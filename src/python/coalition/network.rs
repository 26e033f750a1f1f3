//! `detente.coalition.pairwise_stable` / `pairwise_nash_stable`: [`crate::coalition::network`].

use num_rational::BigRational;
use num_traits::Zero;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use super::tu::PyTUGame;
use super::voting::exact;
use crate::coalition::network::{
    NetworkStability, StableGraph, myerson_stable_graphs, stable_graphs,
};
use crate::error::Error;
use crate::python::face::fraction;

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
            let list = p.extract::<Vec<String>>()?;
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

fn stability(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    link_cost: &Bound<'_, PyAny>,
    players: Option<&Bound<'_, PyAny>>,
) -> PyResult<(NetworkStability, Vec<String>)> {
    let cost = exact(link_cost, "link_cost")?;
    if let Ok(game) = value.cast::<PyTUGame>() {
        let inner = &game.get().inner;
        let names = match players {
            None => inner.players().to_vec(),
            Some(_) => names(players, Some(inner.num_players()))?,
        };
        return Ok((myerson_stable_graphs(inner, &cost)?, names));
    }
    if !value.is_callable() {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "value must be a TUGame or a callable taking a list of links (i, j) and returning \
             one payoff per player",
        ));
    }
    let names = names(players, None)?;
    let n = names.len();
    let mut failure: Option<PyErr> = None;
    let result = stable_graphs(n, |edges| {
        let call = || -> PyResult<Vec<BigRational>> {
            let out = value.call1((edges.to_vec(),))?;
            let mut u = Vec::new();
            for (i, x) in out.try_iter()?.enumerate() {
                u.push(exact(&x?, &format!("value(graph)[{i}]"))?);
            }
            Ok(u)
        };
        call().map_err(|e| {
            let msg = e.to_string();
            failure = Some(e);
            Error::InvalidArgument(msg)
        })
    });
    let _ = py;
    match result {
        Ok(s) => Ok((s, names)),
        Err(e) => Err(failure.take().unwrap_or_else(|| e.into())),
    }
}

fn to_python<'py>(
    py: Python<'py>,
    graphs: &[StableGraph],
    names: &[String],
) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for g in graphs {
        let edges: Vec<(String, String)> = g
            .edges
            .iter()
            .map(|&(i, j)| (names[i].clone(), names[j].clone()))
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

/// The pairwise stable graphs (Jackson & Wolinsky 1996) of a network-formation game: no
/// player gains by cutting one of its links, and no two unlinked players both weakly gain,
/// one strictly, by adding their link. Every graph on the players is checked (at most 6
/// players).
///
/// Parameters
/// ----------
/// value : TUGame or callable
///     A ``TUGame``: each player earns its Myerson value of the game restricted to the
///     graph, minus ``link_cost`` per own link. A callable: called once per graph with its
///     links as a list of ``(i, j)`` index pairs (``i < j``) and returning one payoff per
///     player (ints, Fractions or floats; floats are read as the simplest fraction that
///     rounds to them); ``link_cost`` is then subtracted per own link as well.
/// link_cost : int, Fraction or float, default 0
/// players : int or list of str, optional
///     Required with a callable (number of players or their names).
///
/// Returns
/// -------
/// list of (edges, payoffs)
///     ``edges`` a list of ``(name, name)`` links, ``payoffs`` a list of ``Fraction``.
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> majority = dt.TUGame(lambda s: int(len(s) >= 2), players=3)
/// >>> [len(e) for e, u in dt.coalition.pairwise_stable(majority, link_cost=0)]
/// [3]
#[pyfunction]
#[pyo3(signature = (value, link_cost=None, players=None))]
pub(crate) fn pairwise_stable<'py>(
    py: Python<'py>,
    value: &Bound<'py, PyAny>,
    link_cost: Option<&Bound<'py, PyAny>>,
    players: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let (s, names) = run_with_cost(py, value, link_cost, players)?;
    to_python(py, &s.pairwise_stable, &names)
}

/// The pairwise Nash stable graphs: no player gains by cutting any set of its links, and
/// no two unlinked players both weakly gain, one strictly, by adding their link. Arguments
/// and result as :func:`pairwise_stable`.
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> u = lambda edges: [-len([e for e in edges if i in e]) for i in range(3)]
/// >>> dt.coalition.pairwise_nash_stable(u, players=3)
/// [([], [Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)])]
#[pyfunction]
#[pyo3(signature = (value, link_cost=None, players=None))]
pub(crate) fn pairwise_nash_stable<'py>(
    py: Python<'py>,
    value: &Bound<'py, PyAny>,
    link_cost: Option<&Bound<'py, PyAny>>,
    players: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let (s, names) = run_with_cost(py, value, link_cost, players)?;
    to_python(py, &s.pairwise_nash_stable, &names)
}

fn run_with_cost<'py>(
    py: Python<'py>,
    value: &Bound<'py, PyAny>,
    link_cost: Option<&Bound<'py, PyAny>>,
    players: Option<&Bound<'py, PyAny>>,
) -> PyResult<(NetworkStability, Vec<String>)> {
    let zero = 0i64.into_pyobject(py)?.into_any();
    let cost = link_cost.unwrap_or(&zero);
    if value.cast::<PyTUGame>().is_ok() {
        return stability(py, value, cost, players);
    }
    // A callable: subtract the link cost here.
    let c = exact(cost, "link_cost")?;
    if c.is_zero() {
        return stability(py, value, &zero, players);
    }
    let wrapped = pyo3::types::PyCFunction::new_closure(
        py,
        None,
        None,
        move |args: &Bound<'_, PyTuple>, _kw| -> PyResult<Py<PyAny>> {
            let py = args.py();
            let f = args.get_item(0)?;
            let edges: Vec<(usize, usize)> = args.get_item(1)?.extract()?;
            let out = f.call1((edges.clone(),))?;
            let mut u = Vec::new();
            for (i, x) in out.try_iter()?.enumerate() {
                u.push(exact(&x?, &format!("value(graph)[{i}]"))?);
            }
            for &(i, j) in &edges {
                if i < u.len() && j < u.len() {
                    u[i] -= &c;
                    u[j] -= &c;
                }
            }
            let list = PyList::empty(py);
            for x in &u {
                list.append(fraction(py, x)?)?;
            }
            Ok(list.into_any().unbind())
        },
    )?;
    let functools = py.import("functools")?;
    let bound = functools.call_method1("partial", (wrapped, value))?;
    stability(py, &bound, &zero, players)
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(pairwise_stable, m)?)?;
    m.add_function(wrap_pyfunction!(pairwise_nash_stable, m)?)?;
    Ok(())
}
