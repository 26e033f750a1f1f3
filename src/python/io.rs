//! `detente.read_nfg`.

use pyo3::prelude::*;

use super::game::PyGame;
use crate::io;

/// Reads a Gambit `.nfg` game from a path or from the text of a file.
#[pyfunction]
fn read_nfg(path_or_text: &Bound<'_, PyAny>) -> PyResult<PyGame> {
    if let Ok(text) = path_or_text.extract::<String>()
        && text.trim_start().starts_with("NFG")
    {
        return Ok(PyGame {
            inner: io::read_nfg(&text)?,
        });
    }
    let path: std::path::PathBuf = path_or_text.extract()?;
    Ok(PyGame {
        inner: io::read_nfg_path(path)?,
    })
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_nfg, m)?)
}
