//! The one helper every long call into Rust goes through: it releases the GIL, runs the work
//! on a rayon worker thread, and turns Ctrl-C (also a Jupyter interrupt) into
//! [`crate::interrupt::request`], so the solver stops and Python sees `KeyboardInterrupt`.

use std::sync::mpsc;
use std::time::Duration;

use pyo3::prelude::*;

use crate::error::Result;
use crate::interrupt;

/// How often the waiting thread looks for a pending signal.
const POLL: Duration = Duration::from_millis(50);

/// Runs `work` without the GIL, honouring Ctrl-C. Returns as soon as `work` does.
pub(super) fn run<T: Send>(py: Python<'_>, work: impl FnOnce() -> Result<T> + Send) -> PyResult<T> {
    interrupt::clear();
    let mut signal: Option<PyErr> = None;
    let result = py.detach(|| {
        // The work runs on a (warm) rayon worker, so a call costs microseconds, not a thread
        // start; this thread waits for it and looks for signals meanwhile.
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
