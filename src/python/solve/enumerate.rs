//! `detente.solve.enumerate_all` and its result classes `AllEquilibria` and `Component`.

use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PySlice};
use serde::{Deserialize, Serialize};

use super::equilibrium::PyEquilibrium;
use crate::python::face::{fraction, json_class, result_class};
use crate::python::game::PyGame;
use crate::python::progress;
use crate::report::Labels;
use crate::solve::{self, AllEquilibria, EnumerateOptions};

/// One connected component of the equilibrium set: ``equilibria`` (indices of its extreme
/// equilibria), ``row_vertices`` / ``column_vertices`` (indices of the players' extreme
/// strategies, as in ``AllEquilibria.vertex_pairs``) and ``cliques`` (the maximal Nash
/// subsets, as pairs of vertex lists).
#[pyclass(module = "detente", name = "Component", frozen, eq, get_all)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PyComponent {
    /// Indices of the row player's extreme strategies in the component.
    row_vertices: Vec<usize>,
    /// Indices of the column player's extreme strategies in the component.
    column_vertices: Vec<usize>,
    /// Indices of the extreme equilibria in the component.
    equilibria: Vec<usize>,
    /// The maximal Nash subsets, as (row vertices, column vertices).
    cliques: Vec<(Vec<usize>, Vec<usize>)>,
}

impl From<&solve::Component> for PyComponent {
    fn from(c: &solve::Component) -> Self {
        Self {
            row_vertices: c.row_vertices.clone(),
            column_vertices: c.column_vertices.clone(),
            equilibria: c.equilibria.clone(),
            cliques: c
                .cliques
                .iter()
                .map(|k| (k.row_vertices.clone(), k.column_vertices.clone()))
                .collect(),
        }
    }
}

/// A component alone has no labels to check against: its indices are checked with its
/// `AllEquilibria`.
impl crate::python::face::Checked for PyComponent {
    fn check(&self) -> crate::error::Result<()> {
        Ok(())
    }
}

json_class!(PyComponent, {
    fn __repr__(&self) -> String {
        format!(
            "Component(equilibria={:?}, row_vertices={:?}, column_vertices={:?}, cliques={:?})",
            self.equilibria, self.row_vertices, self.column_vertices, self.cliques
        )
    }
});

/// Every extreme equilibrium of a two-player game, and the components they form. Behaves
/// like a list of :class:`Equilibrium` (``len``, indexing and slicing, iteration);
/// ``exact_strategies`` gives the probabilities as ``fractions.Fraction`` (``None`` in float
/// mode), ``components`` the :class:`Component` list, ``vertex_pairs`` each equilibrium's
/// pair of extreme-strategy indices.
#[pyclass(module = "detente", name = "AllEquilibria", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PyAllEquilibria {
    #[serde(flatten)]
    inner: AllEquilibria,
    #[serde(flatten)]
    labels: Labels,
}

impl PyAllEquilibria {
    fn item(&self, k: usize) -> PyEquilibrium {
        PyEquilibrium {
            inner: self.inner.equilibria[k].clone(),
            labels: self.labels.clone(),
        }
    }

    fn list(&self) -> Vec<PyEquilibrium> {
        (0..self.inner.equilibria.len())
            .map(|k| self.item(k))
            .collect()
    }
}

result_class!(PyAllEquilibria, "AllEquilibria", {
    /// The extreme equilibria, as a list of :class:`Equilibrium`.
    #[getter]
    fn equilibria(&self) -> Vec<PyEquilibrium> {
        self.list()
    }

    /// Per equilibrium, per player, the probabilities as ``fractions.Fraction`` (``None`` in
    /// float mode).
    #[getter]
    fn exact_strategies<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let Some(exact) = &self.inner.exact else {
            return Ok(None);
        };
        let out = PyList::empty(py);
        for eq in exact {
            let players = PyList::empty(py);
            for s in &eq.strategies {
                let probabilities = PyList::empty(py);
                for p in s {
                    probabilities.append(fraction(py, p)?)?;
                }
                players.append(probabilities)?;
            }
            out.append(players)?;
        }
        Ok(Some(out))
    }

    /// The connected components of the equilibrium set.
    #[getter]
    fn components(&self) -> Vec<PyComponent> {
        self.inner
            .components
            .iter()
            .map(PyComponent::from)
            .collect()
    }

    /// For each equilibrium, the indices of its row and column extreme strategies.
    #[getter]
    fn vertex_pairs(&self) -> Vec<(usize, usize)> {
        self.inner.vertex_pairs.clone()
    }

    fn __len__(&self) -> usize {
        self.inner.equilibria.len()
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let len = self.inner.equilibria.len();
        if let Ok(slice) = index.cast::<PySlice>() {
            let ix = slice.indices(len as isize)?;
            let picked: Vec<PyEquilibrium> = (0..ix.slicelength)
                .map(|k| self.item((ix.start + k as isize * ix.step) as usize))
                .collect();
            return Ok(PyList::new(py, picked)?.into_any());
        }
        let index: isize = index
            .extract()
            .map_err(|_| PyTypeError::new_err("AllEquilibria indices are integers or slices"))?;
        let i = if index < 0 {
            index + len as isize
        } else {
            index
        };
        if (0..len as isize).contains(&i) {
            Ok(Bound::new(py, self.item(i as usize))?.into_any())
        } else {
            Err(PyIndexError::new_err(format!(
                "equilibrium index {index} out of range for {len} equilibria"
            )))
        }
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
        PyList::new(py, self.list())?.try_iter()
    }
});

/// Every extreme equilibrium of a two-player game: `detente.solve.enumerate_all`;
/// `max_memory` is the memory budget in bytes (`None`: `detente.solve.default_max_memory()`,
/// read at the call); `progress` shows a bar of the bases searched (see `detente._progress`).
#[pyfunction]
#[pyo3(
    signature = (game, exact=true, max_vertices=None, max_memory=None, *, progress=None),
    text_signature = "(game, exact=True, max_vertices=1000000, max_memory=None, *, progress=None)"
)]
fn solve_enumerate_all(
    py: Python<'_>,
    game: &PyGame,
    exact: bool,
    max_vertices: Option<&Bound<'_, PyAny>>,
    max_memory: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyAllEquilibria> {
    let g = &game.inner;
    let max_vertices = max_vertices.map_or(Ok(EnumerateOptions::default().max_vertices), |m| {
        crate::python::args::count(m, "max_vertices", 1)
    })?;
    let max_memory = max_memory
        .filter(|m| !m.is_none())
        .map(|m| crate::python::args::count(m, "max_memory", 1))
        .transpose()?;
    let options = EnumerateOptions {
        exact,
        max_vertices,
        max_memory,
    };
    let inner = progress::run(py, progress, "enumerate_all", " bases", || {
        solve::enumerate_all(g, options)
    })?;
    Ok(PyAllEquilibria {
        inner,
        labels: Labels::of(g),
    })
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAllEquilibria>()?;
    m.add_class::<PyComponent>()?;
    m.add_function(wrap_pyfunction!(solve_enumerate_all, m)?)?;
    m.add_function(wrap_pyfunction!(solve_default_max_memory, m)?)
}

/// The default memory budget of `enumerate_all` in bytes, read from the machine now:
/// `detente.solve.default_max_memory`.
#[pyfunction]
fn solve_default_max_memory() -> usize {
    solve::default_max_memory()
}
