//! The memory budget of [`super::enumerate_all`]: what each search keeps, counted in bytes
//! against [`super::EnumerateOptions::max_memory`] before (or as) it is allocated.
//!
//! The searches keep different things:
//! * the float fast path (reverse search, [`super::nondegenerate`]) keeps no set of bases: each
//!   thread holds the path of dictionaries from its share's root to the basis it searches, so
//!   its memory is `threads × depth × (k + 1) × width × 8` bytes; the depth is capped so that
//!   this stays within the budget, and the certified equilibria it finds are counted;
//! * the two-polytope search ([`super::vertices`], exact mode and degenerate games) keeps the
//!   set of bases seen, the distinct vertices found and the tableaux still to expand (in exact
//!   mode big integers whose size grows with the pivots: about 100 KB per tableau of a 14×14
//!   game with random payoffs); each is counted as it is made, from its actual size;
//! * exact mode's one-polytope path ([`super::one_polytope`]) keeps what the two-polytope
//!   search keeps, for one polytope, and the partners of the equilibria it finds, counted as
//!   they are kept; when it declines, all it counted is given back before the two-polytope
//!   search starts;
//! * the matching, the equilibria and the maximal Nash subsets are counted before they are
//!   built.
//!
//! A search that would go past the budget stops with [`Error::Solver`] naming `max_memory`.
//! Transient memory (one pivot's temporaries per thread, the result's conversion) is not
//! counted; the counts are overestimates of the allocator's sizes, so the process's peak
//! stays near the budget plus its baseline.

use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// The budget of one call: the limit and the bytes counted so far, shared by all threads.
#[derive(Debug)]
pub(super) struct Budget {
    limit: usize,
    used: AtomicUsize,
}

impl Budget {
    /// A budget of `limit` bytes, nothing used yet.
    pub(super) fn new(limit: usize) -> Self {
        Self {
            limit,
            used: AtomicUsize::new(0),
        }
    }

    /// Counts `bytes` more; an error (naming `max_memory`, saying `doing`) if the total would
    /// pass the limit.
    pub(super) fn charge(&self, bytes: usize, doing: impl FnOnce() -> String) -> Result<()> {
        let before = self.used.fetch_add(bytes, Ordering::Relaxed);
        if before.saturating_add(bytes) > self.limit {
            self.used.fetch_sub(bytes, Ordering::Relaxed);
            return Err(self.exceeded(before.saturating_add(bytes), &doing()));
        }
        Ok(())
    }

    /// Gives back `bytes` counted before.
    pub(super) fn release(&self, bytes: usize) {
        self.used.fetch_sub(bytes, Ordering::Relaxed);
    }

    /// The bytes counted so far.
    pub(super) fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// The bytes left.
    pub(super) fn remaining(&self) -> usize {
        self.limit.saturating_sub(self.used.load(Ordering::Relaxed))
    }

    /// The error of a step that would bring the count to `needed` bytes.
    pub(super) fn exceeded(&self, needed: usize, doing: &str) -> Error {
        Error::Solver(format!(
            "enumerate_all would need more than {} of memory (the budget max_memory = {} \
             bytes) {doing}; pass a larger max_memory (in bytes) if the machine has it, \
             reduce the game (e.g. eliminate dominated actions), or compute one equilibrium \
             with lemke_howson instead",
            readable(needed.max(self.limit)),
            self.limit
        ))
    }
}

/// `bytes` in GiB or MiB, for messages.
fn readable(bytes: usize) -> String {
    const MIB: f64 = (1u64 << 20) as f64;
    let b = bytes as f64;
    if b >= 1024.0 * MIB {
        format!("{:.1} GiB", b / (1024.0 * MIB))
    } else {
        format!("{:.1} MiB", b / MIB)
    }
}

/// The default memory budget of [`super::enumerate_all`], in bytes, read from the machine at
/// each call: a quarter of the physical memory (4 GiB where it cannot be read), and no more
/// than half of what the process may still map under its address-space limit
/// (`RLIMIT_AS`, `ulimit -v`) or use under its control group's memory limit (containers,
/// JupyterHub), where those are set.
///
/// A quarter leaves room for the interpreter, the user's own data and other processes; the
/// halves leave room for the memory the budget does not count (the allocator's slack, thread
/// stacks, the result's conversion), so that hitting a limit gives an error, not an abort.
///
/// What cannot change while the process runs is read once: the physical memory, and which
/// control-group files (v2, v1 or none) the process has; the limits and the usage are read
/// at each call (reading all of it took about as long as a small game's whole search).
///
/// # Example
/// ```
/// use detente::solve::default_max_memory;
///
/// assert!(default_max_memory() > 0);
/// ```
pub fn default_max_memory() -> usize {
    const FALLBACK: usize = 4 << 30;
    let mut budget = physical_memory().map_or(FALLBACK, |total| total / 4);
    if let Some(limit) = address_space_limit() {
        let mapped = status_kib("VmSize:").unwrap_or(0).saturating_mul(1024);
        budget = budget.min(limit.saturating_sub(mapped) / 2);
    }
    if let Some(free) = cgroup_room() {
        budget = budget.min(free / 2);
    }
    budget.max(1)
}

/// `MemTotal` of `/proc/meminfo`, in bytes (read once).
fn physical_memory() -> Option<usize> {
    static TOTAL: OnceLock<Option<usize>> = OnceLock::new();
    *TOTAL.get_or_init(|| {
        let info = std::fs::read_to_string("/proc/meminfo").ok()?;
        kib_field(&info, "MemTotal:").map(|k| k.saturating_mul(1024))
    })
}

/// A field of `/proc/self/status` in KiB.
fn status_kib(field: &str) -> Option<usize> {
    kib_field(&std::fs::read_to_string("/proc/self/status").ok()?, field)
}

/// The number after `field` on its line of `text` (a `/proc` file in KiB).
fn kib_field(text: &str, field: &str) -> Option<usize> {
    text.lines()
        .find_map(|line| line.strip_prefix(field))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The soft `RLIMIT_AS` of this process in bytes (`None` if unlimited or unreadable).
///
/// On Linux on x86-64 and AArch64 it is asked of the C library (`getrlimit`, one system
/// call, where reading `/proc/self/limits` took about 10 µs a call, a few percent of a small
/// game's enumeration); elsewhere it is read from `/proc/self/limits`.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn address_space_limit() -> Option<usize> {
    /// `struct rlimit` of Linux on 64-bit targets (`rlim_t` is `unsigned long`).
    #[repr(C)]
    struct Rlimit {
        current: u64,
        maximum: u64,
    }
    /// `RLIMIT_AS` (the generic Linux numbering, which x86-64 and AArch64 use).
    const RLIMIT_AS: i32 = 9;
    /// `RLIM_INFINITY`.
    const UNLIMITED: u64 = u64::MAX;
    unsafe extern "C" {
        // The C library's `getrlimit(int, struct rlimit *)`, which std already links.
        fn getrlimit(resource: i32, limit: *mut Rlimit) -> i32;
    }
    let mut limit = Rlimit {
        current: 0,
        maximum: 0,
    };
    // SAFETY: `limit` is a valid, writable `struct rlimit` of this target's layout, and
    // `getrlimit` writes only it.
    let status = unsafe { getrlimit(RLIMIT_AS, &mut limit) };
    (status == 0 && limit.current != UNLIMITED)
        .then(|| usize::try_from(limit.current).ok())
        .flatten()
}

/// The soft `RLIMIT_AS` of this process in bytes (`None` if unlimited or unreadable), read
/// from `/proc/self/limits`.
#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
fn address_space_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?;
    line.trim_start_matches("Max address space")
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The memory the process's control group may still use, in bytes (`None` if unlimited or
/// unreadable): cgroup v2 `memory.max - memory.current`, or v1 `limit - usage`.
fn cgroup_room() -> Option<usize> {
    /// The limit and usage files of cgroup v2 and v1.
    const FILES: [(&str, &str); 2] = [
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ];
    // Which of them this process has, looked up once (a process does not change hierarchy).
    static PRESENT: OnceLock<[bool; 2]> = OnceLock::new();
    let present = PRESENT.get_or_init(|| FILES.map(|(limit, _)| Path::new(limit).exists()));
    let read =
        |path: &str| -> Option<usize> { std::fs::read_to_string(path).ok()?.trim().parse().ok() };
    let read_if = |i: usize, path: &str| present[i].then(|| read(path)).flatten();
    let (limit, usage) = match read_if(0, FILES[0].0) {
        Some(limit) => (limit, read(FILES[0].1)),
        None => (read_if(1, FILES[1].0)?, read(FILES[1].1)),
    };
    // cgroup v1 reports "no limit" as a huge number.
    (limit < 1 << 60).then(|| limit.saturating_sub(usage.unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_past_the_limit_are_refused_and_not_kept() {
        let budget = Budget::new(100);
        budget.charge(60, String::new).unwrap();
        let err = budget.charge(50, || "to do it".into()).unwrap_err();
        assert!(err.to_string().contains("max_memory = 100 bytes) to do it"));
        assert_eq!(budget.remaining(), 40);
        budget.release(60);
        budget.charge(100, String::new).unwrap();
    }

    #[test]
    fn proc_fields_are_read() {
        assert_eq!(kib_field("MemTotal:   2048 kB\n", "MemTotal:"), Some(2048));
        assert_eq!(kib_field("Other: 1\n", "MemTotal:"), None);
        assert!(default_max_memory() >= 1);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn address_space_limit_is_the_one_proc_shows() {
        // An independent reading: the soft limit column of `/proc/self/limits`, a number of
        // bytes or "unlimited".
        let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
        let line = limits
            .lines()
            .find(|l| l.starts_with("Max address space"))
            .unwrap();
        let soft = line["Max address space".len()..].split_whitespace().next();
        let shown = soft.and_then(|v| v.parse::<usize>().ok());
        assert_eq!(address_space_limit(), shown, "{line}");
    }
}
