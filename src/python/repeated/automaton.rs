//! `detente.Automaton`: a thin class over [`crate::repeated::Automaton`].

use numpy::{PyArrayDyn, PyArrayMethods, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::error::Error;
use crate::io::{FromJson, ToJson};
use crate::python::args;
use crate::python::face::{JsonReduce, fraction};
use crate::repeated::Automaton;

/// A player's strategy in a repeated game as a finite automaton (Moore machine).
///
/// In each state the player plays an action (or a mixed action), then moves to the next state
/// according to the action profile just observed, seen from the automaton's own seat: its own
/// action first, then the other players' in seat order. So one tit-for-tat plays either seat
/// of a symmetric game.
///
/// Parameters
/// ----------
/// states : list of str
///     Distinct state names.
/// output : list
///     For each state, the action played: an action index, or a list of probabilities over the
///     player's own actions (kept exactly: ``0.1`` is ``1/10``).
/// transitions : array_like of int
///     Shape ``(len(states), n_own, n_other_1, ...)``: ``transitions[s, own, other...]`` is
///     the state after ``s`` when that profile was played. Its shape after the first axis gives
///     the numbers of actions the automaton is built for.
/// initial : int or str, optional
///     The initial state (index or name; the first by default).
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> grim = dt.Automaton(["cooperate", "punish"], [0, 1],
/// ...                     [[[0, 1], [1, 1]], [[1, 1], [1, 1]]])
/// >>> grim.next("cooperate", [0, 1])
/// 'punish'
#[pyclass(module = "detente", name = "Automaton", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyAutomaton {
    pub(crate) inner: Automaton,
}

/// The index of `state`, given by name or index, among `states`.
fn state_index(states: &[String], state: &Bound<'_, PyAny>, what: &str) -> PyResult<usize> {
    if let Ok(name) = state.extract::<String>() {
        return states.iter().position(|s| *s == name).ok_or_else(|| {
            Error::InvalidArgument(format!(
                "{what}: no state named {name:?}; the states are {states:?}"
            ))
            .into()
        });
    }
    let i = args::count(state, what, 0)?;
    if i >= states.len() {
        return Err(Error::InvalidArgument(format!(
            "{what}: state {i} does not exist (there are {})",
            states.len()
        ))
        .into());
    }
    Ok(i)
}

#[pymethods]
impl PyAutomaton {
    #[new]
    #[pyo3(signature = (states, output, transitions, initial = None))]
    fn new(
        py: Python<'_>,
        states: &Bound<'_, PyAny>,
        output: &Bound<'_, PyAny>,
        transitions: &Bound<'_, PyAny>,
        initial: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let states = args::names(states, "states")?;
        let table = py
            .import("numpy")?
            .call_method1("asarray", (transitions,))
            .map_err(|_| PyTypeError::new_err("transitions must be an array of state indices"))?;
        let kind: String = table.getattr("dtype")?.getattr("kind")?.extract()?;
        if kind != "i" && kind != "u" {
            return Err(PyTypeError::new_err(format!(
                "transitions must hold integer state indices, got numpy dtype kind {kind:?}"
            )));
        }
        let table = table
            .call_method1("astype", ("int64",))?
            .cast_into::<PyArrayDyn<i64>>()
            .map_err(|_| PyTypeError::new_err("transitions must be an array of state indices"))?;
        if table.ndim() < 2 || table.shape()[0] != states.len() {
            return Err(Error::InvalidArgument(format!(
                "transitions: shape {:?}; give shape (number of states = {}, own actions, other players' actions...)",
                table.shape(),
                states.len()
            ))
            .into());
        }
        let shape = table.shape()[1..].to_vec();
        let flat: Vec<i64> = table
            .to_vec()
            .unwrap_or_else(|_| table.to_owned_array().into_iter().collect());
        let per_state = flat.len() / states.len().max(1);
        let mut rows = Vec::with_capacity(states.len());
        for chunk in flat.chunks(per_state.max(1)) {
            rows.push(
                chunk
                    .iter()
                    .map(|&t| usize::try_from(t).unwrap_or(usize::MAX))
                    .collect::<Vec<_>>(),
            );
        }
        let own = shape[0];
        let entries: Vec<Bound<'_, PyAny>> = output
            .try_iter()
            .map_err(|_| PyTypeError::new_err("output must be a list with one entry per state"))?
            .collect::<PyResult<_>>()?;
        let mut dists = Vec::with_capacity(entries.len());
        for (s, e) in entries.iter().enumerate() {
            let what = format!("output[{s}]");
            if let Ok(a) = args::count(e, &what, 0) {
                if a >= own {
                    return Err(Error::InvalidArgument(format!(
                        "{what}: action {a} is out of range for {own} own actions"
                    ))
                    .into());
                }
                dists.push(
                    (0..own)
                        .map(|k| {
                            if k == a {
                                num_traits::One::one()
                            } else {
                                num_traits::Zero::zero()
                            }
                        })
                        .collect(),
                );
            } else {
                dists.push(args::rationals(e, &what, 1).and_then(|v| {
                    if v.len() == 1 && own != 1 {
                        Err(PyTypeError::new_err(format!(
                            "{what} must be an action index or a list of {own} probabilities"
                        )))
                    } else {
                        Ok(v)
                    }
                })?);
            }
        }
        let initial = initial.map_or(Ok(0), |i| state_index(&states, i, "initial"))?;
        Ok(Self {
            inner: Automaton::new(states, dists, rows, shape, initial)?,
        })
    }

    /// The state names.
    #[getter]
    fn states(&self) -> Vec<String> {
        self.inner.states().to_vec()
    }

    /// The name of the initial state.
    #[getter]
    fn initial(&self) -> String {
        self.inner.states()[self.inner.initial()].clone()
    }

    /// The numbers of actions of the observed profile, own first.
    #[getter]
    fn shape(&self) -> Vec<usize> {
        self.inner.shape().to_vec()
    }

    /// The distribution over own actions in every state, as ``fractions.Fraction`` lists.
    #[getter]
    fn output<'py>(&self, py: Python<'py>) -> PyResult<Vec<Vec<Bound<'py, PyAny>>>> {
        (0..self.inner.num_states())
            .map(|s| {
                self.inner
                    .exact_output(s)
                    .iter()
                    .map(|p| fraction(py, p))
                    .collect()
            })
            .collect()
    }

    /// The state after ``state`` (name or index) when ``observed`` (own action first) was
    /// played; returns the state's name.
    fn next(&self, state: &Bound<'_, PyAny>, observed: Vec<usize>) -> PyResult<String> {
        let s = state_index(self.inner.states(), state, "state")?;
        let shape = self.inner.shape();
        if observed.len() != shape.len() || observed.iter().zip(shape).any(|(a, k)| a >= k) {
            return Err(Error::InvalidArgument(format!(
                "observed: {observed:?} is not a profile of shape {shape:?} (own action first)"
            ))
            .into());
        }
        Ok(self.inner.states()[self.inner.next(s, &observed)].clone())
    }

    /// The automaton as JSON.
    fn to_json(&self) -> PyResult<String> {
        Ok(self.inner.to_json()?)
    }

    /// An automaton from JSON written by :meth:`to_json` (validated).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        Ok(Self {
            inner: Automaton::from_json(text)?,
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<JsonReduce<'py>> {
        Ok((slf.getattr("from_json")?, (slf.get().to_json()?,)))
    }

    fn __repr__(&self) -> String {
        format!(
            "Automaton({} states {:?}, initial {:?}, shape {:?})",
            self.inner.num_states(),
            self.inner.states(),
            self.inner.states()[self.inner.initial()],
            self.inner.shape()
        )
    }
}
