//! Maps [`crate::Error`] onto Python exceptions, all importable from `detente`.

use pyo3::exceptions::{
    PyFileNotFoundError, PyKeyboardInterrupt, PyOSError, PyRuntimeError, PyValueError,
};
use pyo3::prelude::*;

use crate::error::Error;

pyo3::create_exception!(
    detente,
    InvalidGameError,
    PyValueError,
    "Payoffs, shape, names or labels that do not describe a valid game."
);
pyo3::create_exception!(
    detente,
    InvalidProfileError,
    PyValueError,
    "A strategy profile that does not fit the game."
);
pyo3::create_exception!(
    detente,
    NfgParseError,
    PyValueError,
    "A malformed Gambit .nfg file; the message gives line and column."
);
pyo3::create_exception!(
    detente,
    SolverError,
    PyRuntimeError,
    "A solver that could not finish (LP failure, iteration cap)."
);

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("InvalidGameError", py.get_type::<InvalidGameError>())?;
    m.add("InvalidProfileError", py.get_type::<InvalidProfileError>())?;
    m.add("NfgParseError", py.get_type::<NfgParseError>())?;
    m.add("SolverError", py.get_type::<SolverError>())?;
    Ok(())
}

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        let msg = err.to_string();
        match err {
            Error::InvalidGame(_) => InvalidGameError::new_err(msg),
            Error::InvalidProfile(_) => InvalidProfileError::new_err(msg),
            Error::NfgParse { .. } => NfgParseError::new_err(msg),
            Error::InvalidArgument(_) | Error::Json(_) => PyValueError::new_err(msg),
            Error::Solver(_) => SolverError::new_err(msg),
            Error::Interrupted => PyKeyboardInterrupt::new_err(msg),
            Error::Io {
                kind: std::io::ErrorKind::NotFound,
                ..
            } => PyFileNotFoundError::new_err(msg),
            Error::Io { .. } => PyOSError::new_err(msg),
        }
    }
}
