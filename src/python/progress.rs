//! Progress bars for long calls: the binding side of `detente._progress`.
//!
//! A binding that takes `progress=None` calls [`run`] in place of [`super::run::run`]. With
//! `progress=False` (or when the automatic rule of `detente._progress.progress_wanted`
//! shows no bar) that is exactly `super::run::run`: the fast path, nothing else. Otherwise
//! the work runs under a fresh [`Progress`] on a rayon worker
//! ([`super::run::run_watched`]), and the calling thread, between its checks for Ctrl-C,
//! moves the counters into a bar (its `total`, then `update(new units)`). The bar is opened
//! (`detente._progress._open_bar`) at the first poll or when the work ends, whichever comes
//! first (but not before `detente._progress.bar_delay` has passed: a bar shown by the
//! automatic rule waits half a second, so a quick call draws nothing), so that it starts
//! with the total the computation announced; it gets the final
//! count and is closed whatever the outcome. A bar that raises is reported as unraisable
//! (`sys.unraisablehook`) and no longer drawn: the work goes on.

use std::time::{Duration, Instant};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyBool;

use super::run::{run as run_plain, run_watched};
use crate::error::Result;
use crate::progress::{self, Progress};

/// The bar of one call, opened at its first drawing.
struct Shown<'a> {
    desc: &'a str,
    unit: &'a str,
    bar: Option<Py<PyAny>>,
    done: u64,
    total: Option<u64>,
    /// Opening or drawing the bar failed once (or there is nowhere to draw): no more tries.
    broken: bool,
    /// Not opened before this instant.
    opens_at: Instant,
}

impl Shown<'_> {
    /// Moves `counters` into the bar (opening it first), a new total, then the units done
    /// since the last call.
    fn draw(&mut self, py: Python<'_>, counters: &Progress) {
        if self.broken || (self.bar.is_none() && Instant::now() < self.opens_at) {
            return;
        }
        let total = counters.total();
        let done = counters.done();
        let drawn = (|| -> PyResult<()> {
            let bar = match &self.bar {
                Some(bar) => bar.bind(py).clone(),
                None => {
                    static OPEN: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
                    let open = OPEN.import(py, "detente._progress", "_open_bar")?;
                    let bar = open.call1((true, self.desc, self.unit, total))?;
                    if bar.is_none() {
                        self.broken = true;
                        return Ok(());
                    }
                    self.bar = Some(bar.clone().unbind());
                    self.total = total;
                    bar
                }
            };
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
            let bar = self.bar.as_ref().map(|b| b.bind(py).clone());
            e.write_unraisable(py, bar.as_ref());
        }
    }

    /// Closes the bar, if it was opened.
    fn close(&self, py: Python<'_>) {
        if let Some(bar) = &self.bar {
            let bar = bar.bind(py);
            if let Err(e) = bar.call_method0("close") {
                e.write_unraisable(py, Some(bar));
            }
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
    // Decided (and `progress` checked) before the work starts; `None` reads the session.
    static WANTED: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let wanted = WANTED.import(py, "detente._progress", "progress_wanted")?;
    if !wanted.call1((progress,))?.is_truthy()? {
        return run_plain(py, work);
    }
    static DELAY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let delay: f64 = DELAY
        .import(py, "detente._progress", "bar_delay")?
        .call1((progress,))?
        .extract()?;
    let counters = Progress::new();
    let mut shown = Shown {
        opens_at: Instant::now() + Duration::from_secs_f64(delay),
        desc,
        unit,
        bar: None,
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
    shown.close(py);
    result
}
