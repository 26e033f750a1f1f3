//! How far a long computation has got: a per-call pair of counters (units done, units in
//! all) that the computation advances and anyone holding a clone reads, from any thread.
//!
//! A caller who wants to watch makes a [`Progress`], runs the computation under it with
//! [`with_progress`] and reads [`Progress::done`] and [`Progress::total`] from another
//! thread while it runs (the Python bindings draw a progress bar from them). Computations
//! that report progress take the current counters once with [`current`] and add to them per
//! *coarse* unit of work: a tournament per match, the network check per graph (a chunk at
//! a time), the vertex enumeration per batch of bases, Lemke-Howson from every label per
//! path. A unit costs one relaxed atomic addition, and nothing at all when nobody watches
//! ([`current`] is then `None`).
//!
//! The counters travel like a [`crate::interrupt::StopToken`]: a thread-local on the calling
//! thread, carried by hand into rayon tasks ([`current`] on the caller, the handle moved into
//! the task or [`within`] on the worker). A computation that reports progress and calls
//! another that does too hides its counters from the inner one with [`within`]`(None, ..)`,
//! so that each unit is counted once.
//!
//! Reporting computations: [`crate::repeated::tournament()`] (matches),
//! [`crate::repeated::moran()`] and [`crate::repeated::moran_exact`] (pairs, or simulated
//! runs), [`crate::coalition::network::stable_graphs`] and
//! [`crate::coalition::network::MyersonNetwork`] (graphs),
//! [`crate::solve::enumerate_all`] (bases searched; no total: the number of vertices is not
//! known in advance), [`crate::solve::lemke_howson_all`] and
//! [`crate::solve::lemke_howson_all_labels`] (labels, `m + n` in all).
//!
//! # Example
//! ```rust
//! use detente::progress::{self, Progress};
//! use detente::{Game, solve};
//! use ndarray::array;
//!
//! let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
//!                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
//! let watched = Progress::new();
//! progress::with_progress(&watched, || {
//!     solve::lemke_howson_all(&g, solve::LemkeHowsonOptions::default())
//! })?;
//! // Every one of the 2 + 2 labels' paths was followed.
//! assert_eq!((watched.done(), watched.total()), (4, Some(4)));
//! # Ok::<(), detente::Error>(())
//! ```

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The stored total that means "not known yet".
const UNKNOWN: u64 = u64::MAX;

thread_local! {
    /// The counters [`add`] and [`set_total`] advance on this thread, installed by [`within`].
    static CURRENT: RefCell<Option<Progress>> = const { RefCell::new(None) };
}

#[derive(Debug)]
struct Counters {
    done: AtomicU64,
    total: AtomicU64,
}

impl Default for Counters {
    fn default() -> Self {
        Self {
            done: AtomicU64::new(0),
            total: AtomicU64::new(UNKNOWN),
        }
    }
}

/// The progress counters of one computation: cheap to clone, every clone shares the same
/// counters, and every update is a single relaxed atomic operation, safe from any thread.
///
/// `done` only grows; `total` is unknown (`None`) until the computation sets it.
///
/// # Example
/// ```rust
/// use detente::progress::Progress;
///
/// let p = Progress::new();
/// let watcher = p.clone();
/// p.set_total(10);
/// p.add(3);
/// assert_eq!((watcher.done(), watcher.total()), (3, Some(10)));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Progress {
    counters: Arc<Counters>,
}

impl Progress {
    /// New counters: nothing done, total unknown.
    ///
    /// # Example
    /// ```rust
    /// let p = detente::progress::Progress::new();
    /// assert_eq!((p.done(), p.total()), (0, None));
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Units of work done so far.
    ///
    /// # Example
    /// ```rust
    /// let p = detente::progress::Progress::new();
    /// p.add(2);
    /// assert_eq!(p.done(), 2);
    /// ```
    #[must_use]
    pub fn done(&self) -> u64 {
        self.counters.done.load(Ordering::Relaxed)
    }

    /// Units of work in all, once the computation knows (`None` before, and for searches
    /// whose size is not known in advance).
    ///
    /// # Example
    /// ```rust
    /// let p = detente::progress::Progress::new();
    /// assert_eq!(p.total(), None);
    /// p.set_total(5);
    /// assert_eq!(p.total(), Some(5));
    /// ```
    #[must_use]
    pub fn total(&self) -> Option<u64> {
        let total = self.counters.total.load(Ordering::Relaxed);
        (total != UNKNOWN).then_some(total)
    }

    /// Adds `n` units to [`Progress::done`] (saturating at `u64::MAX - 1`, never wrapping).
    ///
    /// # Example
    /// ```rust
    /// let p = detente::progress::Progress::new();
    /// p.add(1);
    /// p.add(4);
    /// assert_eq!(p.done(), 5);
    /// ```
    pub fn add(&self, n: u64) {
        if n != 0 {
            let before = self.counters.done.fetch_add(n, Ordering::Relaxed);
            if before.checked_add(n).is_none_or(|after| after == UNKNOWN) {
                // Out of range only after 2^64 units: pin it rather than wrap.
                self.counters.done.store(UNKNOWN - 1, Ordering::Relaxed);
            }
        }
    }

    /// Sets [`Progress::total`] (a total of `u64::MAX` reads as unknown).
    ///
    /// # Example
    /// ```rust
    /// let p = detente::progress::Progress::new();
    /// p.set_total(2);
    /// assert_eq!(p.total(), Some(2));
    /// ```
    pub fn set_total(&self, total: u64) {
        self.counters.total.store(total, Ordering::Relaxed);
    }

    /// Adds `n` units to [`Progress::total`] (an unknown total becomes `n`): for work done
    /// in passes, or found to need another pass after it started.
    ///
    /// # Example
    /// ```rust
    /// let p = detente::progress::Progress::new();
    /// p.add_total(4);
    /// p.add_total(4);
    /// assert_eq!(p.total(), Some(8));
    /// ```
    pub fn add_total(&self, n: u64) {
        let grow = |t: u64| {
            Some(if t == UNKNOWN {
                n.min(UNKNOWN - 1)
            } else {
                t.saturating_add(n).min(UNKNOWN - 1)
            })
        };
        // The closure never returns `None`, so the update cannot fail.
        let _ = self
            .counters
            .total
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, grow);
    }
}

/// Runs `work` on this thread with `progress` as the current counters, then puts back the
/// ones that were current before (also if `work` panics). The computations inside that
/// report progress advance `progress`.
///
/// # Example
/// ```rust
/// use detente::progress::{self, Progress};
///
/// let p = Progress::new();
/// progress::with_progress(&p, || progress::add(3));
/// progress::add(1); // nobody watches here: ignored
/// assert_eq!(p.done(), 3);
/// ```
pub fn with_progress<T>(progress: &Progress, work: impl FnOnce() -> T) -> T {
    within(Some(progress), work)
}

/// The counters current on this thread (see [`with_progress`]), `None` when nobody watches:
/// a computation takes them once and advances them from its tasks.
///
/// # Example
/// ```rust
/// use detente::progress::{self, Progress};
///
/// assert!(progress::current().is_none());
/// let p = Progress::new();
/// let inside = progress::with_progress(&p, progress::current).unwrap();
/// inside.add(1);
/// assert_eq!(p.done(), 1);
/// ```
#[must_use]
pub fn current() -> Option<Progress> {
    CURRENT.with_borrow(Clone::clone)
}

/// Runs `work` on this thread under `progress` (none: nothing is counted), then puts back
/// the counters that were current before. This carries a caller's counters (taken with
/// [`current`]) into a task on another thread, and with `None` hides them from an inner
/// computation whose own units should not be counted.
///
/// # Example
/// ```rust
/// use detente::progress::{self, Progress};
/// use rayon::prelude::*;
///
/// let p = Progress::new();
/// progress::with_progress(&p, || {
///     let mine = progress::current();
///     (0..8).into_par_iter().for_each(|_| progress::within(mine.as_ref(), || progress::add(1)));
///     // Hidden: not counted.
///     progress::within(None, || progress::add(100));
/// });
/// assert_eq!(p.done(), 8);
/// ```
pub fn within<T>(progress: Option<&Progress>, work: impl FnOnce() -> T) -> T {
    /// Puts the previous counters back when dropped, so that a panic does not leave ours.
    struct Restore(Option<Progress>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CURRENT.with_borrow_mut(|current| *current = previous);
        }
    }
    let previous = CURRENT.with_borrow_mut(|current| std::mem::replace(current, progress.cloned()));
    let _restore = Restore(previous);
    work()
}

/// Adds `n` units to the current counters, if any (see [`Progress::add`]). Hot loops should
/// take [`current`] once rather than call this per unit.
///
/// # Example
/// ```rust
/// use detente::progress::{self, Progress};
///
/// let p = Progress::new();
/// progress::with_progress(&p, || progress::add(2));
/// assert_eq!(p.done(), 2);
/// ```
pub fn add(n: u64) {
    CURRENT.with_borrow(|current| {
        if let Some(p) = current {
            p.add(n);
        }
    });
}

/// Adds to the total of the current counters, if any (see [`Progress::add_total`]).
///
/// # Example
/// ```rust
/// use detente::progress::{self, Progress};
///
/// let p = Progress::new();
/// progress::with_progress(&p, || {
///     progress::add_total(2);
///     progress::add_total(3);
/// });
/// assert_eq!(p.total(), Some(5));
/// ```
pub fn add_total(n: u64) {
    CURRENT.with_borrow(|current| {
        if let Some(p) = current {
            p.add_total(n);
        }
    });
}

/// Sets the total of the current counters, if any (see [`Progress::set_total`]).
///
/// # Example
/// ```rust
/// use detente::progress::{self, Progress};
///
/// let p = Progress::new();
/// progress::with_progress(&p, || progress::set_total(7));
/// assert_eq!(p.total(), Some(7));
/// ```
pub fn set_total(total: u64) {
    CURRENT.with_borrow(|current| {
        if let Some(p) = current {
            p.set_total(total);
        }
    });
}
