//! The one helper every long call into Rust goes through: it releases the GIL, runs the work
//! and turns Ctrl-C (also a Jupyter interrupt) into [`crate::interrupt::request`], so the
//! solver stops and Python sees `KeyboardInterrupt`.
//!
//! When Ctrl-C raises `KeyboardInterrupt` (Python's `signal.default_int_handler`, as in a
//! terminal or Jupyter) on Unix, the work runs on the calling thread: its processor is the one
//! that was just running Python, which saves a thread wake-up per call (short solves took
//! about a third longer on a rayon worker), and a SIGINT hook ([`sigint::Hook`]) requests the
//! stop. Otherwise (a custom handler, which may choose not to raise; other platforms) the work
//! runs on a rayon worker while this thread waits and runs Python's signal handlers every
//! [`POLL`], requesting the stop only if one raises.

use std::sync::mpsc;
use std::time::Duration;

use pyo3::prelude::*;

#[cfg(unix)]
use super::sigint;
use crate::error::Result;
use crate::interrupt;

/// How often the waiting thread looks for a pending signal.
const POLL: Duration = Duration::from_millis(50);

/// Runs `work` without the GIL, honouring Ctrl-C. Returns as soon as `work` does.
pub(super) fn run<T: Send>(py: Python<'_>, work: impl FnOnce() -> Result<T> + Send) -> PyResult<T> {
    #[cfg(unix)]
    if interrupts_raise(py)? {
        return on_this_thread(py, work);
    }
    on_a_worker(py, work)
}

/// Whether SIGINT's Python handler is `signal.default_int_handler` (it raises
/// `KeyboardInterrupt`).
#[cfg(unix)]
fn interrupts_raise(py: Python<'_>) -> PyResult<bool> {
    let signal = py.import("signal")?;
    let handler = signal.call_method1("getsignal", (signal.getattr("SIGINT")?,))?;
    Ok(handler.is(&signal.getattr("default_int_handler")?))
}

/// Runs `work` here with the SIGINT hook installed; a Ctrl-C during the work is then raised
/// by Python's own handler (`KeyboardInterrupt`) in place of the result.
#[cfg(unix)]
fn on_this_thread<T: Send>(py: Python<'_>, work: impl FnOnce() -> Result<T> + Send) -> PyResult<T> {
    interrupt::clear();
    let result = {
        let _hook = sigint::Hook::install();
        py.detach(work)
    };
    interrupt::clear();
    py.check_signals()?;
    result.map_err(PyErr::from)
}

/// Runs `work` on a rayon worker while this thread runs Python's signal handlers every
/// [`POLL`]; one that raises stops the work and its exception is returned.
fn on_a_worker<T: Send>(py: Python<'_>, work: impl FnOnce() -> Result<T> + Send) -> PyResult<T> {
    interrupt::clear();
    let mut signal: Option<PyErr> = None;
    let result = py.detach(|| {
        rayon::in_place_scope(|scope| {
            let (tx, rx) = mpsc::channel();
            scope.spawn(move |_| {
                // The receiver outlives this scope's threads, so sending cannot fail.
                let _ = tx.send(work());
            });
            loop {
                match rx.recv_timeout(POLL) {
                    Ok(result) => return result,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        if signal.is_none()
                            && let Err(e) = Python::attach(|py| py.check_signals())
                        {
                            signal = Some(e);
                            interrupt::request();
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        return Err(crate::Error::Solver("the worker thread panicked".into()));
                    }
                }
            }
        })
    });
    interrupt::clear();
    match signal {
        Some(e) => Err(e),
        None => result.map_err(PyErr::from),
    }
}
