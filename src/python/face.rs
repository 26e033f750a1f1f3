//! The one face of every Python result class, written once.
//!
//! A result class is a frozen `#[pyclass]` holding the core result (`inner`, which implements
//! [`Report`] and serde) and the labels of its game (`labels`). [`result_class!`] adds its own
//! methods and the common ones: `players`, `actions`, `to_json` / `from_json`, `__reduce__`
//! (pickling through JSON), `to_frame()` (a numeric pandas DataFrame from the core's tidy
//! table), `__repr__` and `_repr_html_` (the core's summary and table). To add a result class,
//! copy `src/python/solve/zero_sum.rs`.

use num_rational::BigRational;
use pyo3::PyClass;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::format;
use crate::report::{Cell, Labels, Table};

/// What `__reduce__` returns: `(cls.from_json, (json,))`.
pub(super) type JsonReduce<'py> = (Bound<'py, PyAny>, (String,));

/// An exact value as a Python `fractions.Fraction`.
pub(super) fn fraction<'py>(py: Python<'py>, x: &BigRational) -> PyResult<Bound<'py, PyAny>> {
    py.import("fractions")?
        .getattr("Fraction")?
        .call1((format::rational(x),))
}

/// A pandas DataFrame with the table's columns; exact cells become `fractions.Fraction`,
/// missing ones `None`.
pub(super) fn frame<'py>(py: Python<'py>, table: &Table) -> PyResult<Bound<'py, PyAny>> {
    let pandas = py.import("pandas").map_err(|e| {
        pyo3::exceptions::PyImportError::new_err(format!(
            "to_frame() needs pandas ({e}); install it with `pip install pandas`"
        ))
    })?;
    let data = PyDict::new(py);
    for (c, _) in table.columns.iter().enumerate() {
        let column = PyList::empty(py);
        for row in &table.rows {
            match &row[c] {
                Cell::Int(i) => column.append(i)?,
                Cell::Float(x) => column.append(x)?,
                Cell::Bool(b) => column.append(b)?,
                Cell::Text(s) => column.append(s)?,
                Cell::Exact(r) => column.append(fraction(py, r)?)?,
                Cell::Missing => column.append(py.None())?,
            }
        }
        data.set_item(c, column)?;
    }
    let df = pandas.getattr("DataFrame")?.call1((data,))?;
    df.setattr("columns", table.columns.clone())?;
    Ok(df)
}

/// A result class that lists of results are built from (`EquilibriumList`,
/// `DynamicsResult`): its core result and its labels.
pub(super) trait Wrapped {
    /// The core result.
    type Inner: Clone;
    /// The core result and the labels of its game.
    fn parts(&self) -> (&Self::Inner, &Labels);
}

/// The core results of a list of result objects, and the labels of the first (all come
/// from one game), for the list's table.
pub(super) fn unwrap<T: Wrapped + PyClass>(items: &[PyRef<'_, T>]) -> (Vec<T::Inner>, Labels) {
    let labels = items
        .first()
        .map(|e| e.parts().1.clone())
        .unwrap_or_default();
    (items.iter().map(|e| e.parts().0.clone()).collect(), labels)
}

/// A class read from JSON checks itself before `from_json` returns it (for result classes,
/// [`crate::report::Validate`] on the core result with its labels), so no forged or
/// hand-edited JSON reaches `repr`, `to_frame` or a getter.
pub(super) trait Checked {
    /// Refuses an object that does not fit its labels or is inconsistent.
    fn check(&self) -> crate::error::Result<()>;
}

/// Defines a class's `#[pymethods]`: the methods given, then `to_json`, `from_json` (which
/// validates what it read with [`Checked`]) and `__reduce__` (pickling through JSON). The
/// struct implements serde and [`Checked`].
macro_rules! json_class {
    ($ty:ident, { $($methods:tt)* }) => {
        impl $crate::io::ToJson for $ty {}
        impl $crate::io::FromJson for $ty {}

        #[pyo3::pymethods]
        impl $ty {
            $($methods)*

            /// The object as JSON text, which ``from_json`` reads back.
            fn to_json(&self) -> pyo3::PyResult<String> {
                Ok($crate::io::ToJson::to_json(self)?)
            }

            /// Reads an object written by ``to_json``, refusing (``ValueError``) one that
            /// does not fit its players and actions or is inconsistent (probabilities outside
            /// [0, 1] or not summing to 1, non-finite payoffs, a negative regret, indices out
            /// of range). Only the structure is checked: the game is not at hand, so payoffs
            /// and regret are not recomputed (``Equilibrium(game, profile)`` certifies a
            /// profile again).
            #[classmethod]
            fn from_json(
                _cls: &pyo3::Bound<'_, pyo3::types::PyType>,
                text: &str,
            ) -> pyo3::PyResult<Self> {
                let object = <Self as $crate::io::FromJson>::from_json(text)?;
                $crate::python::face::Checked::check(&object)?;
                Ok(object)
            }

            fn __reduce__<'py>(
                slf: &pyo3::Bound<'py, Self>,
            ) -> pyo3::PyResult<$crate::python::face::JsonReduce<'py>> {
                use pyo3::types::PyAnyMethods;
                Ok((
                    slf.as_any().get_type().getattr("from_json")?,
                    ($crate::io::ToJson::to_json(slf.get())?,),
                ))
            }
        }
    };
}

/// Defines a result class's `#[pymethods]`: the methods given, then the common face
/// (`players`, `actions`, `to_frame`, `__repr__`, `_repr_html_` and [`json_class!`]'s).
///
/// The struct needs `inner: T` with `T: Report + Serialize + DeserializeOwned` and
/// `labels: Labels` (serialised flat, so the JSON holds `players` and `actions`).
macro_rules! result_class {
    ($ty:ident, $name:literal, { $($methods:tt)* }) => {
        impl $crate::python::face::Checked for $ty {
            fn check(&self) -> $crate::error::Result<()> {
                $crate::report::Validate::validate(&self.inner, &self.labels)
            }
        }

        $crate::python::face::json_class!($ty, {
            $($methods)*

            /// The player names of the game the result belongs to.
            #[getter]
            fn players(&self) -> Vec<String> {
                self.labels.players.clone()
            }

            /// The action labels of each player.
            #[getter]
            fn actions(&self) -> Vec<Vec<String>> {
                self.labels.actions.clone()
            }

            /// The result as a tidy pandas DataFrame: one row per observation (e.g. per
            /// player and action), numbers as numbers, exact values as ``Fraction``.
            fn to_frame<'py>(
                &self,
                py: pyo3::Python<'py>,
            ) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                let table = $crate::report::Report::table(&self.inner, &self.labels);
                $crate::python::face::frame(py, &table)
            }

            fn __repr__(&self) -> String {
                format!(
                    "{}({})",
                    $name,
                    $crate::report::Report::summary(&self.inner, &self.labels)
                )
            }

            fn _repr_html_(&self) -> String {
                $crate::report::Report::to_html(&self.inner, &self.labels)
            }
        });
    };
}

/// [`result_class!`] for a result with one outcome ([`crate::report::Outcome`]): adds the
/// `payoffs` and `regret` getters.
macro_rules! outcome_class {
    ($ty:ident, $name:literal, { $($methods:tt)* }) => {
        $crate::python::face::result_class!($ty, $name, {
            $($methods)*

            /// Each player's expected payoff (a numpy array), recomputed from the game.
            #[getter]
            fn payoffs<'py>(
                &self,
                py: pyo3::Python<'py>,
            ) -> pyo3::Bound<'py, numpy::PyArray1<f64>> {
                numpy::ToPyArray::to_pyarray($crate::report::Outcome::payoffs(&self.inner), py)
            }

            /// The largest gain of a unilateral deviation, recomputed from the game (0 at an
            /// exact equilibrium).
            #[getter]
            fn regret(&self) -> f64 {
                $crate::report::Outcome::regret(&self.inner)
            }
        });
    };
}

pub(super) use json_class;
pub(super) use outcome_class;
pub(super) use result_class;

/// Warns that `old` is a deprecated name of `new` (a `DeprecationWarning`).
pub(super) fn deprecated(py: Python<'_>, old: &str, new: &str) -> PyResult<()> {
    let category = py.get_type::<pyo3::exceptions::PyDeprecationWarning>();
    let message = std::ffi::CString::new(format!(
        "`{old}` is deprecated; use `{new}` (the same value under detente's common vocabulary)"
    ))
    .unwrap_or_default();
    PyErr::warn(py, &category, &message, 1)
}
