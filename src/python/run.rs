//! The one helper every long call into Rust goes through: it releases the GIL, runs the work
//! under a [`StopToken`] of its own and turns Ctrl-C (also a Jupyter interrupt) into a stop of
//! the calls in flight, so their solvers stop and Python sees `KeyboardInterrupt`.
//!
//! Each call registers its token in [`CALLS`] while it runs; Ctrl-C stops every registered
//! token ([`stop_calls`]), as it stops every computation of a program, and a call that starts
//! or ends never touches another's token (the process-wide [`interrupt::request`] is not used
//! here, so one call can no longer clear another's Ctrl-C).
//!
//! When Ctrl-C raises `KeyboardInterrupt` (Python's `signal.default_int_handler`, as in a
//! terminal or Jupyter) on Unix, the work runs on the calling thread: its processor is the one
//! that was just running Python, which saves a thread wake-up per call, and a SIGINT hook
//! ([`sigint::Hook`]) stops the calls. Otherwise (a custom handler, which may choose not to
//! raise; other platforms) the work runs on a rayon worker while this thread waits and runs
//! Python's signal handlers every [`POLL`], stopping the calls only if one raises.
//!
//! A call that shows a progress bar ([`run_watched`], used by `super::progress::run`)
//! always takes the second way, whatever the handler: the waiting thread then also draws the
//! bar from the call's [`crate::progress::Progress`] counters at every poll. Without a bar
//! the fast path above is unchanged.

use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use pyo3::prelude::*;
#[cfg(unix)]
use pyo3::sync::PyOnceLock;

#[cfg(unix)]
use super::sigint;
use crate::error::Result;
use crate::interrupt::{self, StopToken};

/// How often the waiting thread looks for a pending signal.
const POLL: Duration = Duration::from_millis(50);

/// Calls that can run at once and still be reached by Ctrl-C; a call beyond that many runs
/// to its end (Python still raises `KeyboardInterrupt` once it returns).
const SLOTS: usize = 64;

/// The tokens of the calls in flight, each a pointer from `Box::into_raw`, null for a free
/// slot. Read by [`stop_calls`], which may run in a signal handler: hence atomics and no lock.
static CALLS: [AtomicPtr<StopToken>; SLOTS] = [const { AtomicPtr::new(ptr::null_mut()) }; SLOTS];

/// How many [`stop_calls`] are reading [`CALLS`] now: a call frees its token only once this
/// is zero after taking its pointer out of its slot.
static STOPPING: AtomicUsize = AtomicUsize::new(0);

/// Stops the token of every call in flight. Async-signal-safe: atomic loads and stores only.
pub(super) fn stop_calls() {
    STOPPING.fetch_add(1, Ordering::SeqCst);
    for slot in &CALLS {
        let token = slot.load(Ordering::SeqCst);
        if !token.is_null() {
            // SAFETY: a non-null pointer in a slot is a live `Box<StopToken>`: its call frees
            // it only after clearing the slot and seeing `STOPPING` at zero, and `STOPPING`
            // (raised before this load, in the one total order of `SeqCst` operations) stays
            // above zero until this function is done with it.
            unsafe { (*token).stop() };
        }
    }
    STOPPING.fetch_sub(1, Ordering::SeqCst);
}

/// One call in flight: its token, registered in [`CALLS`] until it is dropped.
struct Call {
    token: StopToken,
    slot: Option<usize>,
}

impl Call {
    /// A new token, registered in a free slot if there is one.
    fn register() -> Self {
        let token = StopToken::new();
        let shared = Box::into_raw(Box::new(token.clone()));
        for (i, slot) in CALLS.iter().enumerate() {
            if slot
                .compare_exchange(ptr::null_mut(), shared, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                return Self {
                    token,
                    slot: Some(i),
                };
            }
        }
        // SAFETY: `shared` came from `Box::into_raw` above and was never published.
        drop(unsafe { Box::from_raw(shared) });
        Self { token, slot: None }
    }

    /// Stops this call and every other in flight (Ctrl-C).
    fn stop_all(&self) {
        self.token.stop();
        stop_calls();
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        let Some(i) = self.slot else {
            return;
        };
        let shared = CALLS[i].swap(ptr::null_mut(), Ordering::SeqCst);
        while STOPPING.load(Ordering::SeqCst) != 0 {
            std::thread::yield_now();
        }
        // SAFETY: `shared` came from `Box::into_raw` in `register`; it is out of its slot
        // and no `stop_calls` that could have read it is still running.
        drop(unsafe { Box::from_raw(shared) });
    }
}

/// Runs `work` without the GIL, honouring Ctrl-C. Returns as soon as `work` does.
pub(super) fn run<T: Send>(py: Python<'_>, work: impl FnOnce() -> Result<T> + Send) -> PyResult<T> {
    #[cfg(unix)]
    if interrupts_raise(py)? {
        return on_this_thread(py, work);
    }
    on_a_worker(py, work, |_| {})
}

/// Runs `work` without the GIL on a rayon worker, honouring Ctrl-C, and calls `watch` with
/// the GIL every [`POLL`] while it runs (after Python's signal handlers), to draw its
/// progress. Returns as soon as `work` does, without a last call of `watch`.
pub(super) fn run_watched<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> Result<T> + Send,
    watch: impl FnMut(Python<'_>) + Send,
) -> PyResult<T> {
    on_a_worker(py, work, watch)
}

/// Whether SIGINT's Python handler is `signal.default_int_handler` (it raises
/// `KeyboardInterrupt`).
///
/// `signal.getsignal` and `signal.default_int_handler` are looked up once per process (an
/// import per call cost more than a small solve's pivoting); the handler itself is asked for
/// at every call, as the user may change it at any time.
#[cfg(unix)]
fn interrupts_raise(py: Python<'_>) -> PyResult<bool> {
    static GETSIGNAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    static DEFAULT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let getsignal = GETSIGNAL.import(py, "signal", "getsignal")?;
    let handler = getsignal.call1((libc::SIGINT,))?;
    Ok(handler.is(DEFAULT.import(py, "signal", "default_int_handler")?))
}

/// Runs `work` here with the SIGINT hook installed; a Ctrl-C during the work is then raised
/// by Python's own handler (`KeyboardInterrupt`) in place of the result.
#[cfg(unix)]
fn on_this_thread<T: Send>(py: Python<'_>, work: impl FnOnce() -> Result<T> + Send) -> PyResult<T> {
    let call = Call::register();
    let result = {
        let _hook = sigint::Hook::install();
        py.detach(|| interrupt::with_token(&call.token, work))
    };
    drop(call);
    py.check_signals()?;
    result.map_err(PyErr::from)
}

/// Runs `work` on a rayon worker while this thread runs Python's signal handlers every
/// [`POLL`], then `watch`; a handler that raises stops the calls in flight and its exception
/// is returned.
fn on_a_worker<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> Result<T> + Send,
    mut watch: impl FnMut(Python<'_>) + Send,
) -> PyResult<T> {
    let call = Call::register();
    let token = call.token.clone();
    let mut signal: Option<PyErr> = None;
    let result = py.detach(|| {
        rayon::in_place_scope(|scope| {
            let (tx, rx) = mpsc::channel();
            scope.spawn(move |_| {
                // The receiver outlives this scope's threads, so sending cannot fail.
                let _ = tx.send(interrupt::with_token(&token, work));
            });
            loop {
                match rx.recv_timeout(POLL) {
                    Ok(result) => return result,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        if signal.is_none() {
                            Python::attach(|py| match py.check_signals() {
                                Ok(()) => watch(py),
                                Err(e) => {
                                    signal = Some(e);
                                    call.stop_all();
                                }
                            });
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        return Err(crate::Error::Solver("the worker thread panicked".into()));
                    }
                }
            }
        })
    });
    drop(call);
    match signal {
        Some(e) => Err(e),
        None => result.map_err(PyErr::from),
    }
}
