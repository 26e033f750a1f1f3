//! Progress bars for long calls: the binding side of `detente._progress`.
//!
//! A binding that takes `progress=None` calls [`run`] in place of [`super::run::run`]. With
//! `progress=False` (or when the automatic rule of `detente._progress.progress_wanted`
//! shows no bar) that is exactly `super::run::run`: the fast path, nothing else. Otherwise
//! the Python side opens a bar (`detente._progress._open_bar`), the work runs under a fresh
//! [`Progress`] on a rayon worker ([`super::run::run_watched`]), and the calling thread,
//! between its checks for Ctrl-C, moves the counters into the bar (its `total`, then
//! `update(new units)`). The bar gets the final count and is closed whatever the outcome.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyBool;

use super::run::{run as run_plain, run_watched};
use crate::error::Result;
use crate::progress::{self, Progress};

/// What one bar has been shown so far.
struct Shown {
    bar: Py<PyAny>,
    done: u64,
    total: Option<u64>,
    /// The bar raised once: it is no longer drawn (the work goes on).
    broken: bool,
}

impl Shown {
    /// Moves `counters` into the bar (new total, then the units done since the last call).
    fn draw(&mut self, py: Python<'_>, counters: &Progress) {
        if self.broken {
            return;
        }
        let bar = self.bar.bind(py);
        let total = counters.total();
        let done = counters.done();
        let drawn = (|| -> PyResult<()> {
            if total != self.total {
                bar.setattr("total", total)?;
                self.total = total;
            }
            if done > self.done {
                bar.call_method1("update", (done - self.done,))?;
                self.done = done;
            }
            Ok(())
        })();
        if let Err(e) = drawn {
            self.broken = true;
            e.write_unraisable(py, Some(bar));
        }
    }
}

/// Runs `work` as [`super::run::run`] does, with a progress bar labelled `desc` counting
/// `unit`s when `progress` asks for one (`True`; `None` in an interactive session; see
/// `detente._progress`). `work` advances the bar through [`crate::progress`].
pub(super) fn run<T: Send>(
    py: Python<'_>,
    progress: Option<&Bound<'_, PyAny>>,
    desc: &str,
    unit: &str,
    work: impl FnOnce() -> Result<T> + Send,
) -> PyResult<T> {
    if let Some(p) = progress
        && p.cast::<PyBool>().is_ok_and(|b| !b.is_true())
    {
        return run_plain(py, work);
    }
    static OPEN: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let open = OPEN.import(py, "detente._progress", "_open_bar")?;
    let bar = open.call1((progress, desc, unit))?;
    if bar.is_none() {
        return run_plain(py, work);
    }
    let counters = Progress::new();
    let mut shown = Shown {
        bar: bar.clone().unbind(),
        done: 0,
        total: None,
        broken: false,
    };
    let watched = counters.clone();
    let result = run_watched(
        py,
        move || progress::with_progress(&watched, work),
        |py| shown.draw(py, &counters),
    );
    shown.draw(py, &counters);
    if let Err(e) = bar.call_method0("close") {
        e.write_unraisable(py, Some(&bar));
    }
    result
}
