//! `detente.solve.enumerate_all` and its result classes `AllEquilibria` and `Component`.

use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PyList};

use super::game::PyGame;
use super::results::PyEquilibrium;
use super::run::run;
use crate::solve::{self, AllEquilibria, EnumerateOptions};

/// One connected component of the equilibrium set: `detente.Component`.
#[pyclass(module = "detente", name = "Component", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
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

#[pymethods]
impl PyComponent {
    #[new]
    fn new(
        row_vertices: Vec<usize>,
        column_vertices: Vec<usize>,
        equilibria: Vec<usize>,
        cliques: Vec<(Vec<usize>, Vec<usize>)>,
    ) -> Self {
        Self {
            row_vertices,
            column_vertices,
            equilibria,
            cliques,
        }
    }

    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> (
        Bound<'py, PyAny>,
        (
            Vec<usize>,
            Vec<usize>,
            Vec<usize>,
            Vec<(Vec<usize>, Vec<usize>)>,
        ),
    ) {
        let c = slf.get();
        (
            slf.get_type().into_any(),
            (
                c.row_vertices.clone(),
                c.column_vertices.clone(),
                c.equilibria.clone(),
                c.cliques.clone(),
            ),
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "Component(equilibria={:?}, row_vertices={:?}, column_vertices={:?}, cliques={:?})",
            self.equilibria, self.row_vertices, self.column_vertices, self.cliques
        )
    }
}

/// Every extreme equilibrium of a two-player game: `detente.AllEquilibria`.
#[pyclass(module = "detente", name = "AllEquilibria", frozen)]
pub(super) struct PyAllEquilibria {
    equilibria: Vec<PyEquilibrium>,
    /// Exact strategies as strings `"p/q"`, per equilibrium and player.
    exact: Option<Vec<Vec<Vec<String>>>>,
    components: Vec<PyComponent>,
    vertex_pairs: Vec<(usize, usize)>,
}

impl PyAllEquilibria {
    fn wrap(game: &crate::Game, all: AllEquilibria) -> Self {
        let exact = all.exact.map(|eqs| {
            eqs.iter()
                .map(|e| {
                    e.strategies
                        .iter()
                        .map(|s| s.iter().map(ToString::to_string).collect())
                        .collect()
                })
                .collect()
        });
        let components = all
            .components
            .into_iter()
            .map(|c| PyComponent {
                row_vertices: c.row_vertices,
                column_vertices: c.column_vertices,
                equilibria: c.equilibria,
                cliques: c
                    .cliques
                    .into_iter()
                    .map(|k| (k.row_vertices, k.column_vertices))
                    .collect(),
            })
            .collect();
        Self {
            equilibria: all
                .equilibria
                .into_iter()
                .map(|e| PyEquilibrium::wrap(game, e))
                .collect(),
            exact,
            components,
            vertex_pairs: all.vertex_pairs,
        }
    }

    fn list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.equilibria.iter().cloned())
    }
}

#[pymethods]
impl PyAllEquilibria {
    #[new]
    fn new(
        equilibria: Vec<Bound<'_, PyEquilibrium>>,
        exact_strategies: Option<Vec<Vec<Vec<Bound<'_, PyAny>>>>>,
        components: Vec<Bound<'_, PyComponent>>,
        vertex_pairs: Vec<(usize, usize)>,
    ) -> PyResult<Self> {
        let exact = exact_strategies
            .map(|eqs| {
                eqs.iter()
                    .map(|e| {
                        e.iter()
                            .map(|s| s.iter().map(|p| Ok(p.str()?.to_string())).collect())
                            .collect()
                    })
                    .collect::<PyResult<Vec<Vec<Vec<String>>>>>()
            })
            .transpose()?;
        Ok(Self {
            equilibria: equilibria.iter().map(|e| e.get().clone()).collect(),
            exact,
            components: components.iter().map(|c| c.get().clone()).collect(),
            vertex_pairs,
        })
    }

    /// The extreme equilibria as an `EquilibriumList`.
    #[getter]
    fn equilibria<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("detente._results")?
            .getattr("EquilibriumList")?
            .call1((self.list(py)?,))
    }

    /// Per equilibrium, per player, the probabilities as `fractions.Fraction` (None in float
    /// mode).
    #[getter]
    fn exact_strategies<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let Some(exact) = &self.exact else {
            return Ok(None);
        };
        let fraction = py.import("fractions")?.getattr("Fraction")?;
        let out = PyList::empty(py);
        for eq in exact {
            let players = PyList::empty(py);
            for s in eq {
                let probabilities = PyList::empty(py);
                for p in s {
                    probabilities.append(fraction.call1((p,))?)?;
                }
                players.append(probabilities)?;
            }
            out.append(players)?;
        }
        Ok(Some(out))
    }

    #[getter]
    fn components(&self) -> Vec<PyComponent> {
        self.components.clone()
    }

    #[getter]
    fn vertex_pairs(&self) -> Vec<(usize, usize)> {
        self.vertex_pairs.clone()
    }

    fn __len__(&self) -> usize {
        self.equilibria.len()
    }

    fn __getitem__(&self, index: isize) -> PyResult<PyEquilibrium> {
        let len = self.equilibria.len() as isize;
        let i = if index < 0 { index + len } else { index };
        if (0..len).contains(&i) {
            Ok(self.equilibria[i as usize].clone())
        } else {
            Err(PyIndexError::new_err(format!(
                "equilibrium index {index} out of range for {len} equilibria"
            )))
        }
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.list(py)?.try_iter()
    }

    /// One row per extreme equilibrium (as `EquilibriumList.to_frame()`), with the component
    /// index and, in exact mode, each player's exact strategy.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let frame = self.equilibria(py)?.call_method0("to_frame")?;
        let mut component = vec![0; self.equilibria.len()];
        for (c, comp) in self.components.iter().enumerate() {
            for &e in &comp.equilibria {
                component[e] = c;
            }
        }
        frame.call_method1("insert", (0, "component", component))?;
        if let Some(exact) = &self.exact {
            let players = self
                .equilibria
                .first()
                .map(|e| e.players.clone())
                .unwrap_or_default();
            for (i, name) in players.iter().enumerate() {
                let column: Vec<String> = exact.iter().map(|e| e[i].join(", ")).collect();
                frame.call_method1("__setitem__", (format!("exact {name}"), column))?;
            }
        }
        Ok(frame)
    }

    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(
        Bound<'py, PyAny>,
        (
            Bound<'py, PyList>,
            Option<Bound<'py, PyList>>,
            Vec<PyComponent>,
            Vec<(usize, usize)>,
        ),
    )> {
        let py = slf.py();
        let a = slf.get();
        Ok((
            slf.get_type().into_any(),
            (
                a.list(py)?,
                a.exact_strategies(py)?,
                a.components.clone(),
                a.vertex_pairs.clone(),
            ),
        ))
    }

    fn __repr__(&self) -> String {
        let mut lines = vec![format!(
            "AllEquilibria({} extreme equilibri{} in {} component{}",
            self.equilibria.len(),
            if self.equilibria.len() == 1 {
                "um"
            } else {
                "a"
            },
            self.components.len(),
            if self.components.len() == 1 { "" } else { "s" },
        )];
        for (k, e) in self.equilibria.iter().enumerate() {
            let strategies = match &self.exact {
                Some(exact) => exact[k]
                    .iter()
                    .map(|s| format!("({})", s.join(", ")))
                    .collect::<Vec<_>>()
                    .join(", "),
                None => (0..e.players.len())
                    .map(|i| e.describe(i))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            lines.push(format!("  {k}: {strategies}"));
        }
        lines.join("\n") + ")"
    }

    fn _repr_html_<'py>(&self, py: Python<'py>) -> PyResult<String> {
        let table: String = self
            .equilibria(py)?
            .call_method0("_repr_html_")?
            .extract()?;
        Ok(format!(
            "<div><p>{} extreme equilibria in {} component(s)</p>{table}</div>",
            self.equilibria.len(),
            self.components.len()
        ))
    }
}

/// Every extreme equilibrium of a two-player game: `detente.solve.enumerate_all`.
#[pyfunction]
#[pyo3(signature = (game, exact=true, max_vertices=1_000_000))]
fn solve_enumerate_all(
    py: Python<'_>,
    game: &PyGame,
    exact: bool,
    max_vertices: usize,
) -> PyResult<PyAllEquilibria> {
    let g = &game.inner;
    let options = EnumerateOptions {
        exact,
        max_vertices,
    };
    let all = run(py, || solve::enumerate_all(g, options))?;
    Ok(PyAllEquilibria::wrap(g, all))
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAllEquilibria>()?;
    m.add_class::<PyComponent>()?;
    m.add_function(wrap_pyfunction!(solve_enumerate_all, m)?)
}
