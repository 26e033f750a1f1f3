//! Maps [`crate::Error`] onto Python exceptions, all importable from `detente`.

use pyo3::exceptions::{
    PyException, PyFileNotFoundError, PyKeyboardInterrupt, PyOSError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

use crate::error::Error;

pyo3::create_exception!(
    detente,
    DetenteError,
    PyException,
    "The base of every error detente raises on purpose: ``except detente.DetenteError`` catches \
     them all. Each is also a ``ValueError`` or a ``RuntimeError``."
);

/// The error classes under [`DetenteError`], each also a subclass of a built-in exception:
/// `(name, built-in base, docstring)`.
const CLASSES: [(&str, &str, &str); 4] = [
    (
        "InvalidGameError",
        "ValueError",
        "Payoffs, shape, names or labels that do not describe a valid game.",
    ),
    (
        "InvalidProfileError",
        "ValueError",
        "A strategy profile that does not fit the game.",
    ),
    (
        "NfgParseError",
        "ValueError",
        "A malformed Gambit .nfg file; the message gives line and column.",
    ),
    (
        "SolverError",
        "RuntimeError",
        "A solver that could not finish (LP failure, iteration cap).",
    ),
];

/// The classes of [`CLASSES`], made once per interpreter with two bases each
/// (`type(name, (DetenteError, base), ...)`, which `create_exception!` cannot do).
static TYPES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

fn types(py: Python<'_>) -> PyResult<&Vec<Py<PyType>>> {
    TYPES.get_or_try_init(py, || {
        let builtins = py.import("builtins")?;
        let make = builtins.getattr("type")?;
        CLASSES
            .iter()
            .map(|(name, base, doc)| {
                let bases = (py.get_type::<DetenteError>(), builtins.getattr(*base)?);
                let namespace = PyDict::new(py);
                namespace.set_item("__doc__", *doc)?;
                namespace.set_item("__module__", "detente")?;
                Ok(make
                    .call1((*name, bases, namespace))?
                    .cast_into::<PyType>()?
                    .unbind())
            })
            .collect()
    })
}

/// An error of class `CLASSES[index]` with `message`.
fn error(index: usize, message: String) -> PyErr {
    Python::attach(|py| match types(py) {
        Ok(types) => PyErr::from_type(types[index].bind(py).clone(), message),
        Err(e) => e,
    })
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("DetenteError", py.get_type::<DetenteError>())?;
    for ((name, _, _), class) in CLASSES.iter().zip(types(py)?) {
        m.add(*name, class.bind(py))?;
    }
    Ok(())
}

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        let msg = err.to_string();
        match err {
            Error::InvalidGame(_) => error(0, msg),
            Error::InvalidProfile(_) => error(1, msg),
            Error::NfgParse { .. } => error(2, msg),
            Error::InvalidArgument(_) | Error::Json(_) => PyValueError::new_err(msg),
            Error::Solver(_) => error(3, msg),
            Error::Interrupted => PyKeyboardInterrupt::new_err(msg),
            Error::Io {
                kind: std::io::ErrorKind::NotFound,
                ..
            } => PyFileNotFoundError::new_err(msg),
            Error::Io { .. } => PyOSError::new_err(msg),
        }
    }
}
