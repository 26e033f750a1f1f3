//! Arguments read from Python with errors that name the argument at fault and say what it
//! must be (pyo3's own messages, "Can't extract `str` to `Vec`" or a bare "can't convert
//! negative int to unsigned", name neither).

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyString};

use crate::error::Error;

/// The name of `obj`'s type, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Whether `obj` is a Python or numpy bool (numpy's `bool_` is no `int`, but converts to one).
fn is_bool(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyBool>() || matches!(type_name(obj).as_str(), "bool" | "bool_")
}

/// The items of a list-like argument (not a string), or a `TypeError` saying what `what`
/// must be.
fn items<'py>(obj: &Bound<'py, PyAny>, what: &str, must: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let refuse = || {
        PyTypeError::new_err(format!(
            "{what} must be {must}, got {} {}",
            type_name(obj),
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        ))
    };
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(refuse());
    }
    obj.try_iter()
        .map_err(|_| refuse())?
        .collect::<PyResult<_>>()
}

/// A list of names: `players`, or one player's action labels.
pub(super) fn names(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    let must = "a list of names (one str each)";
    items(obj, what, must)?
        .iter()
        .enumerate()
        .map(|(k, item)| {
            item.cast::<PyString>()
                .map_err(|_| {
                    PyTypeError::new_err(format!(
                        "{what}[{k}] must be a str (a name), got {}",
                        type_name(item)
                    ))
                })?
                .to_str()
                .map(str::to_owned)
        })
        .collect()
}

/// `actions`: one list of labels per player.
pub(super) fn label_lists(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Vec<String>>> {
    let must = "a list with one list of action labels (str) per player";
    items(obj, what, must)?
        .iter()
        .enumerate()
        .map(|(i, list)| names(list, &format!("{what}[{i}]")))
        .collect()
}

/// An integer argument in `min..=max`: a `TypeError` for a bool or a non-integer, a
/// `ValueError` naming the argument and its range otherwise.
pub(super) fn integer(obj: &Bound<'_, PyAny>, what: &str, min: u64, max: u64) -> PyResult<u64> {
    let range = if max == u64::MAX {
        format!("an int >= {min}")
    } else {
        format!("an int in {min}..={max}")
    };
    if is_bool(obj) {
        return Err(PyTypeError::new_err(format!(
            "{what} must be {range}, got the bool {}",
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        )));
    }
    let index = obj.call_method0("__index__").map_err(|_| {
        PyTypeError::new_err(format!("{what} must be {range}, got {}", type_name(obj)))
    })?;
    let out_of_range = || {
        PyErr::from(Error::InvalidArgument(format!(
            "{what} must be {range}, got {}",
            index.str().map(|s| s.to_string()).unwrap_or_default()
        )))
    };
    let value: i128 = index.extract().map_err(|_| out_of_range())?;
    match u64::try_from(value) {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(out_of_range()),
    }
}

/// A count or index argument in `min..=usize::MAX` (see [`integer`]).
pub(super) fn count(obj: &Bound<'_, PyAny>, what: &str, min: usize) -> PyResult<usize> {
    let max = u64::try_from(usize::MAX).unwrap_or(u64::MAX);
    let v = integer(obj, what, min as u64, max)?;
    Ok(usize::try_from(v).unwrap_or(usize::MAX))
}

/// A seed: any int in `0..=2**64 - 1`.
pub(super) fn seed(obj: &Bound<'_, PyAny>) -> PyResult<u64> {
    integer(obj, "seed", 0, u64::MAX)
}

/// `keep` of `Game.restrict`: one list of action indices (ints, not bools) per player.
pub(super) fn index_lists(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Vec<usize>>> {
    let must = "a list with one list of action indices (int) per player";
    items(obj, what, must)?
        .iter()
        .enumerate()
        .map(|(i, list)| {
            items(
                list,
                &format!("{what}[{i}]"),
                "a list of action indices (int)",
            )?
            .iter()
            .enumerate()
            .map(|(k, a)| count(a, &format!("{what}[{i}][{k}]"), 0))
            .collect()
        })
        .collect()
}

/// One number: int, float, `fractions.Fraction`, `decimal.Decimal`, a numpy scalar (anything
/// with `__float__`), or a decimal string. `bool` is refused.
pub(super) fn number(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<f64> {
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        return s.trim().parse().map_err(|_| {
            PyErr::from(Error::InvalidArgument(format!(
                "{name} must be a number, got the string {s:?}"
            )))
        });
    }
    if is_bool(obj) {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a number, got a bool"
        )));
    }
    obj.extract::<f64>().map_err(|e| {
        let what = obj
            .get_type()
            .name()
            .map_or_else(|_| "?".into(), |n| n.to_string());
        if e.is_instance_of::<PyOverflowError>(obj.py()) {
            PyErr::from(Error::InvalidArgument(format!(
                "{name} is too large for a float: {e}"
            )))
        } else {
            PyTypeError::new_err(format!("{name} must be a number, got {what}"))
        }
    })
}

/// One number read as by [`number`] and kept as the simplest rational that rounds to it (the
/// house rule for exact parameters: `0.9` and `Fraction(9, 10)` are both `9/10`).
pub(super) fn rational(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<num_rational::BigRational> {
    let x = number(obj, what)?;
    if !x.is_finite() {
        return Err(Error::InvalidArgument(format!("{what} is {x}; give a finite number")).into());
    }
    Ok(crate::alliance::rational_value(x))
}

/// One number or a list of numbers (each read as by [`rational`]); a single number is repeated
/// `n` times.
pub(super) fn rationals(
    obj: &Bound<'_, PyAny>,
    what: &str,
    n: usize,
) -> PyResult<Vec<num_rational::BigRational>> {
    if obj.is_instance_of::<PyString>() || obj.try_iter().is_err() {
        return Ok(vec![rational(obj, what)?; n]);
    }
    items(obj, what, "a number or a list of numbers")?
        .iter()
        .enumerate()
        .map(|(i, x)| rational(x, &format!("{what}[{i}]")))
        .collect()
}
