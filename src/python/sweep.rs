//! The Rust half of `detente.sweep`: converts a grid chunk in and a [`SweepTable`] out.
//!
//! `python/detente/_sweep.py` cuts the grid into chunks, calls [`sweep_model`] (or
//! [`sweep_items`] for the points of a Python callable) once per chunk and assembles the
//! pandas DataFrame; the sweep itself is [`crate::sweep`].

use numpy::{PyArray1, ToPyArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use rustc_hash::FxHashMap;

use super::alliance::value_from_py;
use super::args;
use super::game::PyGame;
use super::run::run;
use crate::alliance::{
    AllianceModel, BurdenSharing, CollectiveSecurity, InstitutionalPower, ParamValue, Powerplay,
    ProtectionForPatronage, Reciprocity, RestraintGame,
};
use crate::error::Error;
use crate::sweep::{self, Grid, Item, SweepOptions, SweepTable, Value};

/// The grid's values: one list per name (`product`), or one row per point.
fn grid_from_py(names: Vec<String>, values: &Bound<'_, PyAny>, product: bool) -> PyResult<Grid> {
    let lists: Vec<Bound<'_, PyAny>> = values.try_iter()?.collect::<PyResult<_>>()?;
    let convert =
        |list: &Bound<'_, PyAny>, what: &dyn Fn(usize) -> String| -> PyResult<Vec<ParamValue>> {
            list.try_iter()?
                .enumerate()
                .map(|(i, v)| value_from_py(&v?, &what(i)))
                .collect()
        };
    if product {
        let axes = names
            .iter()
            .zip(&lists)
            .map(|(n, list)| Ok((n.clone(), convert(list, &|i| format!("grid[{n:?}][{i}]"))?)))
            .collect::<PyResult<Vec<_>>>()?;
        if axes.len() != lists.len() {
            return Err(Error::InvalidArgument("grid: one list of values per name".into()).into());
        }
        Ok(Grid::product(axes)?)
    } else {
        let rows = lists
            .iter()
            .enumerate()
            .map(|(r, row)| {
                convert(row, &|i| {
                    format!(
                        "grid row {r}, {:?}",
                        names.get(i).map_or("?", |s| s.as_str())
                    )
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Grid::rows(names, rows)?)
    }
}

/// A [`SweepTable`] as `(rows, columns)`, each column `(rank, slot, name, kind, data, mask)`:
/// floats a numpy array (NaN missing); ints a numpy array and a boolean mask (True missing);
/// the rest a list (None missing) of str, or of tuples for lists.
fn table_to_py<'py>(py: Python<'py>, table: &SweepTable) -> PyResult<Bound<'py, PyTuple>> {
    let columns = PyList::empty(py);
    let mut interned: FxHashMap<&str, Bound<'py, PyString>> = FxHashMap::default();
    for c in &table.columns {
        let none = py.None().into_bound(py);
        let (data, mask): (Bound<'py, PyAny>, Bound<'py, PyAny>) = match c.kind {
            "float" => {
                let v: Vec<f64> = c
                    .values
                    .iter()
                    .map(|v| match v {
                        Some(Value::Float(x)) => *x,
                        _ => f64::NAN,
                    })
                    .collect();
                (PyArray1::from_vec(py, v).into_any(), none)
            }
            "int" => {
                let v: Vec<i64> = c
                    .values
                    .iter()
                    .map(|v| match v {
                        Some(Value::Int(x)) => *x,
                        _ => 0,
                    })
                    .collect();
                let m: Vec<bool> = c.values.iter().map(Option::is_none).collect();
                (
                    PyArray1::from_vec(py, v).into_any(),
                    m.to_pyarray(py).into_any(),
                )
            }
            _ => {
                let list = PyList::empty(py);
                for v in &c.values {
                    let item: Bound<'py, PyAny> = match v {
                        None => py.None().into_bound(py),
                        Some(Value::Text(s)) => interned
                            .entry(s.as_str())
                            .or_insert_with(|| PyString::new(py, s))
                            .clone()
                            .into_any(),
                        Some(Value::Floats(x)) => PyTuple::new(py, x)?.into_any(),
                        Some(Value::Ints(x)) => PyTuple::new(py, x)?.into_any(),
                        Some(Value::Texts(x)) => PyTuple::new(py, x)?.into_any(),
                        Some(Value::IntLists(x)) => {
                            let inner = x
                                .iter()
                                .map(|l| PyTuple::new(py, l))
                                .collect::<PyResult<Vec<_>>>()?;
                            PyTuple::new(py, inner)?.into_any()
                        }
                        Some(other) => other_kind(py, other)?,
                    };
                    list.append(item)?;
                }
                (list.into_any(), none)
            }
        };
        columns.append((c.key.rank, c.key.slot, &c.key.name, c.kind, data, mask))?;
    }
    PyTuple::new(
        py,
        [
            table.num_rows().into_pyobject(py)?.into_any(),
            columns.into_any(),
        ],
    )
}

/// A number in a list column (not produced by the sweep; kept for completeness).
fn other_kind<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Int(x) => x.into_pyobject(py)?.into_any(),
        Value::Float(x) => x.into_pyobject(py)?.into_any(),
        _ => py.None().into_bound(py),
    })
}

/// The sweep options from the keyword arguments.
fn options(
    analyses: Option<Vec<String>>,
    seed: u64,
    points: Option<(usize, usize)>,
    first_point: usize,
    threads: Option<&Bound<'_, PyAny>>,
    max_memory: Option<&Bound<'_, PyAny>>,
    exact: bool,
) -> PyResult<SweepOptions> {
    let count = |v: Option<&Bound<'_, PyAny>>, what: &str| -> PyResult<Option<usize>> {
        v.filter(|v| !v.is_none())
            .map(|v| args::count(v, what, 1))
            .transpose()
    };
    Ok(SweepOptions {
        analyses,
        seed,
        points: points.map(|(a, b)| a..b),
        threads: count(threads, "threads")?,
        max_memory: count(max_memory, "max_memory")?,
        first_point,
        exact,
    })
}

/// Sweeps the alliance model named `model` over a grid chunk: `detente.sweep`'s engine.
#[pyfunction]
#[pyo3(signature = (model, names, values, product, analyses=None, *, seed=0, points=None, first_point=0, threads=None, max_memory=None, exact=true))]
#[allow(clippy::too_many_arguments)]
fn _sweep_model<'py>(
    py: Python<'py>,
    model: &str,
    names: Vec<String>,
    values: &Bound<'py, PyAny>,
    product: bool,
    analyses: Option<Vec<String>>,
    seed: u64,
    points: Option<(usize, usize)>,
    first_point: usize,
    threads: Option<&Bound<'py, PyAny>>,
    max_memory: Option<&Bound<'py, PyAny>>,
    exact: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let grid = grid_from_py(names, values, product)?;
    let o = options(
        analyses,
        seed,
        points,
        first_point,
        threads,
        max_memory,
        exact,
    )?;
    let table = match model {
        "RestraintGame" => run(py, || sweep::sweep::<RestraintGame>(&grid, &o))?,
        "BurdenSharing" => run(py, || sweep::sweep::<BurdenSharing>(&grid, &o))?,
        "CollectiveSecurity" => run(py, || sweep::sweep::<CollectiveSecurity>(&grid, &o))?,
        "ProtectionForPatronage" => run(py, || sweep::sweep::<ProtectionForPatronage>(&grid, &o))?,
        "Reciprocity" => run(py, || sweep::sweep::<Reciprocity>(&grid, &o))?,
        "InstitutionalPower" => run(py, || sweep::sweep::<InstitutionalPower>(&grid, &o))?,
        "Powerplay" => run(py, || sweep::sweep::<Powerplay>(&grid, &o))?,
        other => {
            return Err(PyTypeError::new_err(format!(
                "model must be an alliance model class or a callable, got {other}"
            )));
        }
    };
    table_to_py(py, &table)
}

/// A model object through its JSON (its class validates it again).
fn from_json<M: AllianceModel>(obj: &Bound<'_, PyAny>) -> PyResult<M> {
    let json: String = obj.call_method0("to_json")?.extract()?;
    Ok(M::from_json(&json)?)
}

/// One point of a callable's sweep: a model object, a Game, or an error message (str).
fn item_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Item> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Item::Failed(s.to_cow()?.into_owned()));
    }
    if let Ok(g) = obj.cast::<PyGame>() {
        return Ok(Item::Game(g.borrow().inner.clone()));
    }
    let ty = obj.get_type();
    let module: String = ty.module()?.extract()?;
    let name: String = ty.name()?.extract()?;
    if module == "detente.alliance" {
        return Ok(match name.as_str() {
            "RestraintGame" => Item::RestraintGame(from_json(obj)?),
            "BurdenSharing" => Item::BurdenSharing(from_json(obj)?),
            "CollectiveSecurity" => Item::CollectiveSecurity(from_json(obj)?),
            "ProtectionForPatronage" => Item::ProtectionForPatronage(from_json(obj)?),
            "Reciprocity" => Item::Reciprocity(from_json(obj)?),
            "InstitutionalPower" => Item::InstitutionalPower(from_json(obj)?),
            "Powerplay" => Item::Powerplay(from_json(obj)?),
            _ => Item::Failed(format!(
                "the function returned a {name}, not a Game or a model"
            )),
        });
    }
    Ok(Item::Failed(format!(
        "the function returned a {module}.{name}, not a Game or an alliance model"
    )))
}

/// Sweeps prepared points (a callable's results, in order): `detente.sweep`'s engine for
/// functions.
#[pyfunction]
#[pyo3(signature = (items, analyses=None, *, seed=0, first_point=0, threads=None, max_memory=None, exact=true))]
#[allow(clippy::too_many_arguments)]
fn _sweep_items<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    analyses: Option<Vec<String>>,
    seed: u64,
    first_point: usize,
    threads: Option<&Bound<'py, PyAny>>,
    max_memory: Option<&Bound<'py, PyAny>>,
    exact: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let items = items
        .try_iter()?
        .map(|o| item_from_py(&o?))
        .collect::<PyResult<Vec<_>>>()?;
    let o = options(
        analyses,
        seed,
        None,
        first_point,
        threads,
        max_memory,
        exact,
    )?;
    let table = run(py, || sweep::sweep_items(&items, &o))?;
    table_to_py(py, &table)
}

/// Refuses a grid of `points` points whose table would not fit in `max_memory` bytes.
#[pyfunction]
#[pyo3(signature = (points, max_memory=None))]
fn _sweep_check(points: &Bound<'_, PyAny>, max_memory: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    let points = args::count(points, "grid points", 0)?;
    let max_memory = max_memory
        .filter(|v| !v.is_none())
        .map(|v| args::count(v, "max_memory", 1))
        .transpose()?;
    Ok(sweep::check_size(points, max_memory)?)
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_sweep_model, m)?)?;
    m.add_function(wrap_pyfunction!(_sweep_items, m)?)?;
    m.add_function(wrap_pyfunction!(_sweep_check, m)?)?;
    Ok(())
}
