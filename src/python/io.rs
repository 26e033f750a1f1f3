//! `detente.read_nfg`.

use pyo3::prelude::*;

use super::game::PyGame;
use crate::io;

/// Reads a game in Gambit's ``.nfg`` format (payoff or outcome version).
///
/// Parameters
/// ----------
/// path_or_text : str or os.PathLike
///     A path to a ``.nfg`` file, or the text of one (a string starting with ``NFG``). Files
///     are read as Gambit writes them: UTF-8 (with or without a byte-order mark) or Latin-1.
///     Repeated player names are made distinct (``~2`` suffixes; a repeated empty name becomes
///     ``P<k>``).
///
/// Returns
/// -------
/// Game
///     With the file's title, player names and action labels.
///
/// Raises
/// ------
/// NfgParseError
///     If the text is not a valid ``.nfg`` game; the message gives line and column.
/// OSError
///     If the file cannot be read.
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> g = dt.read_nfg('NFG 1 R "Pennies" { "Row" "Column" } { 2 2 } 1 -1 -1 1 -1 1 1 -1')
/// >>> g.title, g.shape, g.payoff([0, 0]).tolist()
/// ('Pennies', [2, 2], [1.0, -1.0])
#[pyfunction]
fn read_nfg(path_or_text: &Bound<'_, PyAny>) -> PyResult<PyGame> {
    if let Ok(text) = path_or_text.extract::<String>()
        && text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with("NFG")
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
