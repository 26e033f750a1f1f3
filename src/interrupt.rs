//! Cooperative cancellation of long computations.
//!
//! Long solvers poll a process-wide flag and return [`Error::Interrupted`] once it is set.
//! The Python bindings set it when Ctrl-C arrives (the pattern of polars' abort flag); a Rust
//! program can set it from a signal handler or another thread with [`request`].
//!
//! # Example
//! ```rust,standalone_crate
//! use detente::interrupt;
//!
//! interrupt::request();
//! assert!(interrupt::check().is_err());
//! interrupt::clear();
//! assert!(interrupt::check().is_ok());
//! ```

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Asks every running detente computation to stop at its next check.
pub fn request() {
    REQUESTED.store(true, Ordering::Relaxed);
}

/// Withdraws a request, so that new computations run; call it before starting one.
pub fn clear() {
    REQUESTED.store(false, Ordering::Relaxed);
}

/// `Err(Error::Interrupted)` if a stop was requested, `Ok(())` otherwise.
///
/// # Errors
/// [`Error::Interrupted`] after [`request`] and before [`clear`].
pub fn check() -> Result<()> {
    if REQUESTED.load(Ordering::Relaxed) {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}
