//! Cooperative cancellation of long computations.
//!
//! Long solvers poll [`check`] and return [`Error::Interrupted`] once a stop is asked for.
//! A stop reaches a computation in one of two ways:
//!
//! - through a [`StopToken`]: [`with_token`] makes a token *current* on the calling thread for
//!   the duration of a closure, every [`check`] inside it (also on the threads the solvers
//!   hand their parallel work to) consults that token, and [`StopToken::stop`] from anywhere
//!   (another thread, a signal handler) stops that computation and no other. Each Python
//!   call runs under its own token, which Ctrl-C stops, so two calls from two Python threads
//!   never clear each other's stop.
//! - through the process-wide request: [`request`] stops every computation, under a token or
//!   not, until [`clear`] withdraws it. [`clear`] withdraws only that request, never a token's
//!   stop. Code written before tokens existed keeps working unchanged; new code should
//!   prefer a token, because two callers sharing the process-wide flag can clear each other's
//!   request.
//!
//! Work a solver spreads over rayon's threads carries the caller's token explicitly
//! ([`current`] on the caller, [`within`] on the worker), since a thread-local does not cross
//! threads by itself. Code of your own that calls detente from rayon tasks under a token
//! does the same.
//!
//! # Example
//! ```rust
//! use detente::interrupt::{self, StopToken};
//!
//! let token = StopToken::new();
//! token.stop();
//! // Under the stopped token, checks fail; outside it they pass.
//! assert!(interrupt::with_token(&token, interrupt::check).is_err());
//! assert!(interrupt::check().is_ok());
//! ```

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

static REQUESTED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The token [`check`] consults on this thread, installed by [`within`].
    static CURRENT: RefCell<Option<StopToken>> = const { RefCell::new(None) };
}

/// A stop switch for one computation (or a group of them): cheap to clone, every clone
/// shares the same switch, and stopping is a single atomic store, safe from any thread and
/// from a signal handler.
///
/// A token never restarts once stopped: make a new one for the next computation.
///
/// # Example
/// ```rust
/// use detente::interrupt::{self, StopToken};
/// use detente::{Error, Game, solve};
/// use ndarray::array;
///
/// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// let token = StopToken::new();
/// let for_another_thread = token.clone();
/// for_another_thread.stop();
/// let stopped = interrupt::with_token(&token, || solve::pure(&g, 0.0));
/// assert_eq!(stopped.unwrap_err(), Error::Interrupted);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct StopToken {
    stopped: Arc<AtomicBool>,
}

impl StopToken {
    /// A new token, not stopped.
    ///
    /// # Example
    /// ```rust
    /// assert!(!detente::interrupt::StopToken::new().is_stopped());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the computations running under this token (or a clone of it) to stop at their
    /// next check.
    ///
    /// # Example
    /// ```rust
    /// let token = detente::interrupt::StopToken::new();
    /// token.clone().stop();
    /// assert!(token.is_stopped());
    /// ```
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
    }

    /// Whether [`StopToken::stop`] was called on this token or a clone of it.
    ///
    /// # Example
    /// ```rust
    /// let token = detente::interrupt::StopToken::new();
    /// assert!(!token.is_stopped());
    /// token.stop();
    /// assert!(token.is_stopped());
    /// ```
    #[must_use]
    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }
}

/// Runs `work` on this thread with `token` as the current token, then puts back the one that
/// was current before (also if `work` panics). Every [`check`] inside `work`, including
/// those of the solvers' parallel tasks, fails once `token` is stopped.
///
/// # Example
/// ```rust
/// use detente::interrupt::{self, StopToken};
///
/// let (stopped, running) = (StopToken::new(), StopToken::new());
/// stopped.stop();
/// interrupt::with_token(&stopped, || {
///     assert!(interrupt::check().is_err());
///     // An inner token replaces the outer one until its closure returns.
///     interrupt::with_token(&running, || assert!(interrupt::check().is_ok()));
///     assert!(interrupt::check().is_err());
/// });
/// ```
pub fn with_token<T>(token: &StopToken, work: impl FnOnce() -> T) -> T {
    within(Some(token), work)
}

/// The token current on this thread (see [`with_token`]), to hand to work that runs on
/// another thread through [`within`]; `None` outside any token.
///
/// # Example
/// ```rust
/// use detente::interrupt::{self, StopToken};
///
/// assert!(interrupt::current().is_none());
/// let token = StopToken::new();
/// let inside = interrupt::with_token(&token, interrupt::current).unwrap();
/// inside.stop();
/// assert!(token.is_stopped());
/// ```
#[must_use]
pub fn current() -> Option<StopToken> {
    CURRENT.with_borrow(Clone::clone)
}

/// Runs `work` on this thread under `token` (none: only the process-wide request applies),
/// then puts back the token that was current before. This carries a caller's token, taken
/// with [`current`], into a task on another thread; a rayon worker may run tasks of several
/// computations in turn, so the task must name its token rather than inherit the worker's.
///
/// # Example
/// ```rust
/// use detente::interrupt::{self, StopToken};
/// use rayon::prelude::*;
///
/// let token = StopToken::new();
/// token.stop();
/// let checks: Vec<bool> = interrupt::with_token(&token, || {
///     let token = interrupt::current();
///     (0..4)
///         .into_par_iter()
///         .map(|_| interrupt::within(token.as_ref(), || interrupt::check().is_err()))
///         .collect()
/// });
/// assert_eq!(checks, vec![true; 4]);
/// ```
pub fn within<T>(token: Option<&StopToken>, work: impl FnOnce() -> T) -> T {
    /// Puts the previous token back when dropped, so that a panic does not leave ours.
    struct Restore(Option<StopToken>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CURRENT.with_borrow_mut(|current| *current = previous);
        }
    }
    let previous = CURRENT.with_borrow_mut(|current| std::mem::replace(current, token.cloned()));
    let _restore = Restore(previous);
    work()
}

/// Asks every running detente computation to stop at its next check, whatever its token,
/// until [`clear`] is called. Prefer a [`StopToken`], which stops one computation only.
///
/// # Example
/// ```rust,standalone_crate
/// use detente::interrupt;
///
/// interrupt::request();
/// assert!(interrupt::check().is_err());
/// interrupt::clear();
/// assert!(interrupt::check().is_ok());
/// ```
pub fn request() {
    REQUESTED.store(true, Ordering::Relaxed);
}

/// Withdraws a [`request`], so that new computations run; call it before starting one. It
/// does not undo [`StopToken::stop`].
///
/// # Example
/// ```rust,standalone_crate
/// use detente::interrupt;
///
/// interrupt::request();
/// interrupt::clear();
/// assert!(interrupt::check().is_ok());
/// ```
pub fn clear() {
    REQUESTED.store(false, Ordering::Relaxed);
}

/// `Err(Error::Interrupted)` if a stop was asked for (the current token is stopped, or
/// [`request`] was called and not cleared), `Ok(())` otherwise. Solvers call it between
/// steps; it costs a thread-local read and two atomic loads.
///
/// # Errors
/// [`Error::Interrupted`] as described.
///
/// # Example
/// ```rust
/// use detente::interrupt::{self, StopToken};
///
/// assert!(interrupt::check().is_ok());
/// let token = StopToken::new();
/// token.stop();
/// assert!(interrupt::with_token(&token, interrupt::check).is_err());
/// ```
pub fn check() -> Result<()> {
    let stopped = REQUESTED.load(Ordering::Relaxed)
        || CURRENT.with_borrow(|current| current.as_ref().is_some_and(StopToken::is_stopped));
    if stopped {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}
