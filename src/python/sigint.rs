//! Ctrl-C for work that runs on the calling thread (Unix): while a [`Hook`] lives, SIGINT
//! stops the calls in flight ([`run::stop_calls`]) and then runs the handler that
//! was installed before (Python's), so that Python still sees the signal and raises
//! `KeyboardInterrupt` at its next check.
//!
//! The hook is installed with `sigaction` when the first [`Hook`] is made and the previous
//! action is put back when the last one is dropped (calls may overlap, from several Python
//! threads), unless someone replaced the hook in between. Nothing is installed when SIGINT is
//! ignored or has its default action (the process ends): Ctrl-C then does what it did before.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use libc::{SA_SIGINFO, SIG_DFL, SIG_IGN, SIGINT, c_int, sigaction, siginfo_t};

use super::run;

/// The previous handler's address and whether it takes `siginfo` (`SA_SIGINFO`): read by
/// [`on_sigint`], which may run on any thread at any time, so they are atomics.
static PREVIOUS: AtomicUsize = AtomicUsize::new(0);
static PREVIOUS_SIGINFO: AtomicBool = AtomicBool::new(false);

/// The live hooks and the action to restore when the last one goes.
static INSTALLED: Mutex<Option<(usize, sigaction)>> = Mutex::new(None);

/// While it lives, Ctrl-C stops detente's solvers (see the module documentation).
pub(super) struct Hook {
    active: bool,
}

impl Hook {
    /// Installs the SIGINT hook, or joins the one already installed.
    pub(super) fn install() -> Self {
        let mut installed = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((count, _)) = installed.as_mut() {
            *count += 1;
            return Self { active: true };
        }
        let Some(previous) = current() else {
            return Self { active: false };
        };
        if previous.sa_sigaction == SIG_DFL || previous.sa_sigaction == SIG_IGN {
            return Self { active: false };
        }
        PREVIOUS.store(previous.sa_sigaction, Ordering::Release);
        PREVIOUS_SIGINFO.store(previous.sa_flags & SA_SIGINFO != 0, Ordering::Release);
        // SAFETY: a zeroed `sigaction` is valid; the fields that matter are then set.
        let mut hook: sigaction = unsafe { std::mem::zeroed() };
        hook.sa_sigaction = on_sigint as *const () as usize;
        hook.sa_flags = previous.sa_flags | SA_SIGINFO;
        hook.sa_mask = previous.sa_mask;
        // SAFETY: `hook` is a valid action whose handler only does async-signal-safe work.
        if unsafe { libc::sigaction(SIGINT, &hook, std::ptr::null_mut()) } != 0 {
            return Self { active: false };
        }
        *installed = Some((1, previous));
        Self { active: true }
    }
}

impl Drop for Hook {
    fn drop(&mut self) {
        if !self.active {
            return;
        }
        let mut installed = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
        let Some((count, previous)) = installed.as_mut() else {
            return;
        };
        *count -= 1;
        if *count > 0 {
            return;
        }
        let ours = current().is_some_and(|a| a.sa_sigaction == on_sigint as *const () as usize);
        if ours {
            // SAFETY: `previous` is the action `sigaction` reported before the hook went in.
            unsafe { libc::sigaction(SIGINT, &*previous, std::ptr::null_mut()) };
        }
        *installed = None;
    }
}

/// The action now installed for SIGINT.
fn current() -> Option<sigaction> {
    // SAFETY: a zeroed `sigaction` is valid; with a null new action, `sigaction` only reads.
    let mut action: sigaction = unsafe { std::mem::zeroed() };
    (unsafe { libc::sigaction(SIGINT, std::ptr::null(), &mut action) } == 0).then_some(action)
}

/// The hook: stops the calls in flight (atomic stores, async-signal-safe), then runs the
/// previous handler as it expects to be called.
extern "C" fn on_sigint(signal: c_int, info: *mut siginfo_t, context: *mut c_void) {
    run::stop_calls();
    let previous = PREVIOUS.load(Ordering::Acquire);
    if PREVIOUS_SIGINFO.load(Ordering::Acquire) {
        // SAFETY: `previous` is the address of the handler that `sigaction` reported with
        // `SA_SIGINFO`, so it has this signature.
        let handler: extern "C" fn(c_int, *mut siginfo_t, *mut c_void) =
            unsafe { std::mem::transmute(previous) };
        handler(signal, info, context);
    } else {
        // SAFETY: as above, for a handler reported without `SA_SIGINFO`.
        let handler: extern "C" fn(c_int) = unsafe { std::mem::transmute(previous) };
        handler(signal);
    }
}
