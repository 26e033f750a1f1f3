//! The reverse search over the bases of `{z >= 0 : C z <= 1}`, split between threads.
//!
//! The search is Avis and Fukuda's reverse search (Discrete Comput. Geom. 8, 1992), as in
//! `lrs`: the origin is the unique minimum of `w · z` (weights `w > 0`), and the parent of any
//! other basis is the one Bland's rule (the smallest improving variable enters) pivots it to,
//! so the bases form a tree rooted at the origin, searched depth first with each basis's
//! children found from its own dictionary. No set of bases seen is kept, and the
//! dictionaries in use are the path from the root: a few kilobytes that stay in cache.
//!
//! The tree is shared out by work donation: a thread that runs out of bases to search says
//! so, and a busy thread hands it the shallowest basis on its path that still has children
//! to visit (most likely the largest unsearched subtree), with those children; it keeps the
//! rest of its path. Every basis is visited by exactly one thread, and a donation costs one
//! copy of a dictionary.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::{LANES, MARGIN};
use crate::error::{Error, Result};
use crate::interrupt;
use crate::progress::{self, Progress};
use crate::solve::enumerate::memory::Budget;
use crate::solve::enumerate::{cap_error, mask};

/// Visits every basis of `{z >= 0 : C z <= 1}` (`c` is `k × d`) but the first, passing them
/// a batch at a time to a visitor as the bit sets of their basic variables (`i < d`: `z_i`,
/// `d + j`: slack `j`); `false` if a vertex, an edge or a pivot rule's decision is
/// degenerate within [`MARGIN`], or a visitor returns `false` (stop).
///
/// Each thread of rayon's pool that takes part (the calling one, and one task for each other
/// thread) makes its own visitor with `visitor`, so a visitor may keep scratch space; more
/// than `max_bases` bases are an error ([`cap_error`]), noticed a batch of bases late.
///
/// Memory: each thread's path holds one dictionary and its bookkeeping per basis from its
/// share's root, a few kilobytes each. Half of what is left of `budget` is set aside for the
/// paths (and given back at the end); a path deeper than that allows (with room for its
/// vectors to double) stops the search with the budget's error.
///
/// The search is compiled for each row width of 8, 16, 24 and 32 cells (so that the loops
/// over a row unroll) and once for any width; on x86-64 each is compiled for AVX-512, for
/// AVX2 and for the baseline, the one the processor supports best chosen at run time.
pub(super) fn bases<V: FnMut(&[u128]) -> bool>(
    c: &[Vec<f64>],
    d: usize,
    max_bases: usize,
    budget: &Budget,
    visitor: &(impl Fn() -> V + Sync),
) -> Result<bool> {
    let k = c.len();
    // Rows padded with zero columns to a multiple of eight cells (whole 512-bit vectors, or
    // pairs of 256-bit ones), so that the vectorised loops over a row have no remainder;
    // padding stays zero under pivoting. (At 12 cells the compiler mixed vector sizes: the
    // AVX-512 ratio tests took 53 instructions a row against 22 at 16, and 10×10 games
    // searched 20% faster padded to 16.)
    let width = (1 + d).next_multiple_of(8);
    // Per basis of a path: `k + 1` rows and a row of leaving rows, the variables, key and
    // children; each vector may have twice that as capacity.
    let per_basis = 2 * ((k + 2) * width * 8 + k + d + 32);
    let threads = rayon::current_num_threads().max(1);
    let allowance = budget.remaining() / 2;
    let limits = Limits {
        max_bases,
        max_depth: allowance / (threads * per_basis),
        budget,
    };
    budget.charge(allowance, String::new)?;
    macro_rules! fixed {
        ($($w:literal)*) => {
            match width {
                $($w => shared(c, d, &limits, visitor, Fixed::<$w>),)*
                _ => shared(c, d, &limits, visitor, Dynamic(width)),
            }
        };
    }
    let searched = fixed!(8 16 24 32);
    budget.release(allowance);
    searched
}

/// The caps of a search: bases visited, and the depth of a path (from the memory budget,
/// whose error it gives).
struct Limits<'a> {
    max_bases: usize,
    max_depth: usize,
    budget: &'a Budget,
}

/// [`bases`] with rows `width` cells wide: the root, then the threads' shares of the tree.
fn shared<V: FnMut(&[u128]) -> bool, W: Width>(
    c: &[Vec<f64>],
    d: usize,
    limits: &Limits<'_>,
    visitor: &(impl Fn() -> V + Sync),
    width: W,
) -> Result<bool> {
    let Some(root) = Path::root(c, d, width) else {
        return Ok(false);
    };
    let mut tree = Tree::new(root, limits.max_bases);
    tree.max_depth = limits.max_depth;
    let token = interrupt::current();
    let work = || {
        interrupt::within(token.as_ref(), || {
            let mut visit = visitor();
            while let Some(path) = tree.take() {
                tree.finish(search(&tree, path, &mut visit, width));
            }
        });
    };
    rayon::in_place_scope(|scope| {
        for _ in 1..rayon::current_num_threads() {
            scope.spawn(|_| work());
        }
        work();
    });
    if tree.too_deep.load(Ordering::Relaxed) {
        return Err(limits.budget.exceeded(
            0,
            &format!(
                "for the reverse search's paths (deeper than {} bases)",
                limits.max_depth
            ),
        ));
    }
    tree.outcome()
}

/// The number of cells in a row of the search's dictionaries.
trait Width: Copy + Send + Sync {
    fn get(self) -> usize;
}

/// A width known at compile time.
#[derive(Clone, Copy)]
struct Fixed<const W: usize>;

impl<const W: usize> Width for Fixed<W> {
    #[inline(always)]
    fn get(self) -> usize {
        W
    }
}

/// A width known at run time.
#[derive(Clone, Copy)]
struct Dynamic(usize);

impl Width for Dynamic {
    #[inline(always)]
    fn get(self) -> usize {
        self.0
    }
}

/// [`reverse_search`], compiled for the widest vector instructions the processor has.
fn search<W: Width>(tree: &Tree, path: Path, visit: Visit<'_>, width: W) -> Result<bool> {
    #[cfg(target_arch = "x86_64")]
    match Isa::detect() {
        // SAFETY: the processor supports the features of each variant, as just detected.
        Isa::Avx512 => unsafe { search_avx512(tree, path, visit, width) },
        Isa::Avx2 => unsafe { search_avx2(tree, path, visit, width) },
        Isa::Baseline => reverse_search(tree, path, visit, width),
    }
    #[cfg(not(target_arch = "x86_64"))]
    reverse_search(tree, path, visit, width)
}

/// The instruction sets the search is compiled for on x86-64.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Isa {
    /// AVX-512 (F and VL) with FMA: the same 256-bit vectors as AVX2, but 32 registers, so
    /// that the ratio tests' running results never spill to memory.
    Avx512,
    /// AVX2 and FMA.
    Avx2,
    /// The x86-64 baseline (SSE2).
    Baseline,
}

#[cfg(target_arch = "x86_64")]
impl Isa {
    pub(super) fn detect() -> Self {
        use std::arch::is_x86_feature_detected as has;
        if has!("avx512f") && has!("avx512vl") && has!("fma") {
            Self::Avx512
        } else if has!("avx2") && has!("fma") {
            Self::Avx2
        } else {
            Self::Baseline
        }
    }
}

/// [`reverse_search`] compiled for AVX-512 (F and VL) and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,avx512f,avx512vl")]
unsafe fn search_avx512<W: Width>(
    tree: &Tree,
    path: Path,
    visit: Visit<'_>,
    width: W,
) -> Result<bool> {
    reverse_search(tree, path, visit, width)
}

/// [`reverse_search`] compiled for AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn search_avx2<W: Width>(
    tree: &Tree,
    path: Path,
    visit: Visit<'_>,
    width: W,
) -> Result<bool> {
    reverse_search(tree, path, visit, width)
}

/// Bases found per call of a visitor (a batch of partner tests).
const FOUND_BATCH: usize = 64;

/// The search of the subtrees below the last basis of `path` (its children still to visit),
/// rows `width` cells wide, until the path is empty; donates its shallowest basis with
/// children left to `tree` whenever another thread is hungry. `false` on a degenerate
/// decision, when `visit` returns `false`, or when another thread stopped the search.
#[inline(always)]
fn reverse_search<W: Width>(
    tree: &Tree,
    mut path: Path,
    visit: Visit<'_>,
    width: W,
) -> Result<bool> {
    let (k, d, w) = (path.k, path.d, width.get());
    let size = (k + 1) * w;
    let bit: Vec<u128> = (0..d + k).map(|v| 1 << v).collect();
    let mut found = Vec::with_capacity(FOUND_BATCH);
    let mut scaled = vec![0.0; w];
    while let Some(&todo) = path.todo.last() {
        let top = path.todo.len() - 1;
        if todo == 0 {
            path.pop();
            continue;
        }
        path.todo[top] = todo & (todo - 1);
        let col = todo.trailing_zeros() as usize;
        // `children` checked the leaving row.
        let r = path.leave[top * w + 1 + col] as usize;
        let (leaves, enters) = (path.basic[top * k + r], path.nonbasic[top * d + col]);
        let key = path.keys[top] ^ bit[usize::from(leaves)] ^ bit[usize::from(enters)];
        if path.keys.len() >= tree.max_depth {
            tree.too_deep.store(true, Ordering::Relaxed);
            return Ok(false);
        }
        let child = path.push_pivoted(key, &mut scaled, width, r, 1 + col);
        let rows = &path.cells[child * size..][..k * w];
        if !ratio_tests(rows, &mut path.leave[child * w..], width) {
            return Ok(false);
        }
        let Some(children) = children(&path, child, width) else {
            return Ok(false);
        };
        path.todo[child] = children;
        found.push(key);
        if found.len() == FOUND_BATCH {
            if !(tree.count(found.len())? && visit(&found)) {
                return Ok(false);
            }
            found.clear();
        }
        if tree.hungry.load(Ordering::Relaxed)
            && let Some(share) = path.split_off()
        {
            tree.give(share);
        }
    }
    Ok(found.is_empty() || (tree.count(found.len())? && visit(&found)))
}

/// The columns of basis `at` of `path` whose edges lead to its children in the search tree,
/// as a bit set; `None` if a decision on the way is degenerate within [`MARGIN`].
///
/// Each dictionary has `k` constraint rows and, last, the objective row `w · z` in the same
/// form (`value - Σ entry · x_j`, so that a positive entry means that `x_j` entering lowers
/// the objective: an improving column). An improving column's edge leads towards the root;
/// the edge of any other column `c` leads to a child if, after its pivot, no variable
/// smaller than the one that left improves (Bland's rule then pivots straight back). The
/// decisions are taken without branches, every column and variable looked at (their
/// outcomes are unpredictable, and a mispredicted branch costs more than the arithmetic):
/// for each candidate column the whole updated objective row is computed and compared a
/// lane group at a time into bit sets of the cells that improve and that are near zero,
/// masked by the cells whose variable counts (smaller than the leaving one, the entering
/// column excluded), so that the compiler turns the comparisons into vector compares and
/// mask moves rather than one scalar test per variable.
#[inline(always)]
fn children<W: Width>(path: &Path, at: usize, width: W) -> Option<u128> {
    let (k, d, w) = (path.k, path.d, width.get());
    let cells = &path.cells[at * (k + 1) * w..][..(k + 1) * w];
    let (rows, objective) = cells.split_at(k * w);
    let (basic, nonbasic) = (&path.basic[at * k..][..k], &path.nonbasic[at * d..][..d]);
    let leave = &path.leave[at * w..][..w];
    let (mut downhill, mut degenerate) = (0u128, false);
    for (col, &o) in objective[1..=d].iter().enumerate() {
        degenerate |= o.abs() <= MARGIN;
        downhill |= u128::from(o < 0.0) << col;
    }
    if downhill == 0 {
        return (!degenerate).then_some(0);
    }
    // The non-basic variable of each cell of a row (`u8::MAX`, larger than any variable, on
    // the right-hand side and the padding, which never count).
    let mut variable = [u8::MAX; MAX_WIDTH];
    variable[1..=d].copy_from_slice(nonbasic);
    let variable = &variable[..w];
    let mut children = 0;
    let mut rest = downhill;
    while rest != 0 {
        let col = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        // A near tie in the ratio test (a degenerate neighbour) or an unbounded edge.
        let r = usize::try_from(leave[1 + col]).ok()?;
        let leaves = basic[r];
        let pivot_row = &rows[r * w..][..w];
        let ratio = objective[1 + col] / pivot_row[1 + col];
        let mut improves = false;
        for (start, ((objective, pivot_row), variable)) in objective
            .chunks(MASK_LANES)
            .zip(pivot_row.chunks(MASK_LANES))
            .zip(variable.chunks(MASK_LANES))
            .enumerate()
            .map(|(c, chunks)| (c * MASK_LANES, chunks))
        {
            let (mut up, mut near, mut counts) = (0u64, 0u64, 0u64);
            for (t, ((&o, &p), &var)) in objective.iter().zip(pivot_row).zip(variable).enumerate() {
                let entry = o - ratio * p;
                up |= u64::from(entry > 0.0) << t;
                near |= u64::from(entry.abs() <= MARGIN) << t;
                counts |= u64::from(var < leaves) << t;
            }
            // The entering column's own cell does not count.
            if let Some(t) = (1 + col).checked_sub(start).filter(|&t| t < MASK_LANES) {
                counts &= !(1 << t);
            }
            degenerate |= near & counts != 0;
            improves |= up & counts != 0;
        }
        children |= u128::from(!improves) << col;
    }
    (!degenerate).then_some(children)
}

/// The widest row of a dictionary: the right-hand side and at most 127 columns, padded.
const MAX_WIDTH: usize = 128;

/// Cells per bit set in [`children`].
const MASK_LANES: usize = 64;

/// Pivots the dictionary `cells` (rows of `width` cells, right-hand side first) on row `r`,
/// column `c`, in place; the leaving variable's column, now non-basic, replaces the entering
/// one's. `scaled` is scratch space of `width` cells. The search pivots out of place
/// ([`pivot_into`]); this is the reference its tests compare with.
#[cfg(test)]
fn pivot<W: Width>(cells: &mut [f64], scaled: &mut [f64], width: W, r: usize, c: usize) {
    let width = width.get();
    let scaled = &mut scaled[..width];
    let pivot_row = &mut cells[r * width..(r + 1) * width];
    let inverse = 1.0 / pivot_row[c];
    for (s, x) in scaled.iter_mut().zip(pivot_row.iter()) {
        *s = x * inverse;
    }
    scaled[c] = inverse;
    pivot_row.copy_from_slice(scaled);
    for (i, row) in cells.chunks_exact_mut(width).enumerate() {
        if i != r {
            let f = row[c];
            for (x, y) in row.iter_mut().zip(scaled.iter()) {
                *x -= f * y;
            }
            row[c] = -f * inverse;
        }
    }
}

/// [`pivot`] from the dictionary `from` into `to` (same shape): the same operations on the
/// same values, so `to` ends bit for bit as `from` pivoted in place would, without copying
/// `from` first.
#[inline(always)]
fn pivot_into<W: Width>(
    from: &[f64],
    to: &mut [f64],
    scaled: &mut [f64],
    width: W,
    r: usize,
    c: usize,
) {
    let width = width.get();
    let scaled = &mut scaled[..width];
    let pivot_row = &from[r * width..(r + 1) * width];
    let inverse = 1.0 / pivot_row[c];
    for (s, x) in scaled.iter_mut().zip(pivot_row.iter()) {
        *s = x * inverse;
    }
    scaled[c] = inverse;
    let scaled = &scaled[..width];
    for i in 0..from.len() / width {
        let (row, out) = (&from[i * width..][..width], &mut to[i * width..][..width]);
        if i == r {
            out.copy_from_slice(scaled);
        } else {
            let f = row[c];
            // Indexed over the whole row (of a width known at compile time): vectorised.
            for j in 0..width {
                out[j] = row[j] - f * scaled[j];
            }
            out[c] = -f * inverse;
        }
    }
}

/// A visitor of [`bases`], called with each batch of bases found: `false` stops the search.
type Visit<'a> = &'a mut dyn FnMut(&[u128]) -> bool;

/// The search tree shared by the threads: the bases donated and not yet taken, how the
/// search is going, and how it ended.
struct Tree {
    work: Mutex<Work>,
    /// A thread waits for a donation (a hint: the queue itself is under the lock).
    hungry: AtomicBool,
    /// A thread met a degenerate decision, an error or a visitor's stop: the others stop too.
    stopped: AtomicBool,
    declined: AtomicBool,
    failure: Mutex<Option<Error>>,
    /// Bases found so far, counted a batch at a time.
    visited: AtomicUsize,
    /// The caller's progress counters, advanced by the bases found (a batch at a time).
    progress: Option<Progress>,
    max_bases: usize,
    /// The most bases on a path (from the memory budget), and whether a path reached it.
    max_depth: usize,
    too_deep: AtomicBool,
}

/// The donated paths not yet taken, and the number of threads searching.
struct Work {
    donated: Vec<Path>,
    busy: usize,
}

impl Tree {
    /// A tree whose search starts from `root`.
    fn new(root: Path, max_bases: usize) -> Self {
        Self {
            work: Mutex::new(Work {
                donated: vec![root],
                busy: 0,
            }),
            hungry: AtomicBool::new(false),
            stopped: AtomicBool::new(false),
            declined: AtomicBool::new(false),
            failure: Mutex::new(None),
            visited: AtomicUsize::new(0),
            progress: progress::current(),
            max_bases,
            max_depth: usize::MAX,
            too_deep: AtomicBool::new(false),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Work> {
        self.work.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A path to search, waiting for a donation while another thread searches (spinning,
    /// then yielding the processor, so that a donation is taken at once); `None` once every
    /// thread has run out or the search has stopped.
    fn take(&self) -> Option<Path> {
        let mut idle = 0u32;
        loop {
            if self.stopped.load(Ordering::Relaxed) {
                return None;
            }
            {
                let mut work = self.lock();
                if let Some(path) = work.donated.pop() {
                    work.busy += 1;
                    return Some(path);
                }
                if work.busy == 0 {
                    return None;
                }
                self.hungry.store(true, Ordering::Relaxed);
            }
            // Reading the flag alone keeps its cache line shared with the busy threads.
            while self.hungry.load(Ordering::Relaxed) && !self.stopped.load(Ordering::Relaxed) {
                idle = idle.saturating_add(1);
                if idle < SPINS {
                    std::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
            }
        }
    }

    /// Hands `path` to a hungry thread.
    fn give(&self, path: Path) {
        self.lock().donated.push(path);
        self.hungry.store(false, Ordering::Relaxed);
    }

    /// Counts `n` more bases found: an error past the cap or on an interrupt, `false` if
    /// another thread has stopped the search.
    fn count(&self, n: usize) -> Result<bool> {
        interrupt::check()?;
        if let Some(p) = &self.progress {
            p.add(n as u64);
        }
        if self.visited.fetch_add(n, Ordering::Relaxed) + n > self.max_bases {
            return Err(cap_error(self.max_bases));
        }
        Ok(!self.stopped.load(Ordering::Relaxed))
    }

    /// Records how a thread's search of a path ended.
    fn finish(&self, searched: Result<bool>) {
        match searched {
            Ok(true) => {}
            Ok(false) => {
                self.declined.store(true, Ordering::Relaxed);
                self.stop();
            }
            Err(error) => {
                self.failure
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get_or_insert(error);
                self.stop();
            }
        }
        let mut work = self.lock();
        work.busy -= 1;
        if work.busy == 0 {
            // Wake the waiting threads: there is nothing left to donate.
            self.hungry.store(false, Ordering::Relaxed);
        }
    }

    fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
        self.hungry.store(false, Ordering::Relaxed);
    }

    /// The result of the whole search: the first error, else whether it was not declined.
    fn outcome(self) -> Result<bool> {
        match self
            .failure
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
        {
            Some(error) => Err(error),
            None => Ok(!self.declined.into_inner()),
        }
    }
}

/// Empty looks for a donation before a waiting thread starts to yield its processor.
const SPINS: u32 = 1 << 10;

/// A path of bases from the search tree, flat: `k + 1` rows of `width` cells per basis (the
/// dictionary and its objective row), `k` basic and `d` non-basic variables, the key (the
/// bit set of basic variables), the columns of the children still to visit and each column's leaving row
/// (`width` cells, from [`ratio_tests`]). A thread's path runs from the root of its share
/// of the tree (the root, or a donated basis) to the basis being searched.
struct Path {
    k: usize,
    d: usize,
    width: usize,
    cells: Vec<f64>,
    basic: Vec<u8>,
    nonbasic: Vec<u8>,
    keys: Vec<u128>,
    todo: Vec<u128>,
    leave: Vec<i64>,
}

impl Path {
    /// The path of the origin alone (the slacks basic), rows `width` cells wide; `None` if
    /// a decision on it is degenerate.
    fn root<W: Width>(c: &[Vec<f64>], d: usize, width: W) -> Option<Self> {
        let (k, w) = (c.len(), width.get());
        let mut path = Self::empty(k, d, w);
        for row in c {
            path.cells.push(1.0);
            path.cells.extend_from_slice(row);
            path.cells.resize(path.cells.len() + w - 1 - d, 0.0);
        }
        // Weights 1 + frac(j φ) / 2: positive (the origin is the unique minimum) and
        // irrational ratios apart, so that structured games rarely tie two objective values.
        path.cells.push(0.0);
        path.cells
            .extend((0..d).map(|j| -(1.0 + (j as f64 * 0.618_033_988_749_895).fract() / 2.0)));
        path.cells.resize((k + 1) * w, 0.0);
        path.basic.extend((d..d + k).map(|v| v as u8));
        path.nonbasic.extend((0..d).map(|v| v as u8));
        path.keys.push(mask(d + k) & !mask(d));
        path.todo.push(0);
        path.leave.resize(w, 0);
        if !ratio_tests(&path.cells[..k * w], &mut path.leave, width) {
            return None;
        }
        path.todo[0] = children(&path, 0, width)?;
        Some(path)
    }

    /// An empty path for bases of this shape.
    fn empty(k: usize, d: usize, width: usize) -> Self {
        Self {
            k,
            d,
            width,
            cells: Vec::new(),
            basic: Vec::new(),
            nonbasic: Vec::new(),
            keys: Vec::new(),
            todo: Vec::new(),
            leave: Vec::new(),
        }
    }

    /// Appends the last basis pivoted on row `r`, column `c` ([`pivot_into`], written straight
    /// into the new basis's dictionary rather than copied first and pivoted in place) under
    /// the key `key`, with its variables swapped and no children yet (they, and its leaving
    /// rows, still to compute); returns its index. `scaled` is scratch space of `width` cells.
    #[inline(always)]
    fn push_pivoted<W: Width>(
        &mut self,
        key: u128,
        scaled: &mut [f64],
        width: W,
        r: usize,
        c: usize,
    ) -> usize {
        let (top, size, k, d) = (self.keys.len() - 1, self.size(), self.k, self.d);
        // The dictionaries below the path's deepest point so far stay allocated (`pop` keeps
        // them): every cell of the new one is written by the pivot.
        if self.cells.len() < (top + 2) * size {
            self.cells.resize((top + 2) * size, 0.0);
        }
        let (parent, child) = self.cells[top * size..(top + 2) * size].split_at_mut(size);
        pivot_into(parent, child, scaled, width, r, c);
        self.basic.extend_from_within(top * k..(top + 1) * k);
        self.nonbasic.extend_from_within(top * d..(top + 1) * d);
        let (leaves, enters) = (self.basic[top * k + r], self.nonbasic[top * d + c - 1]);
        self.basic[(top + 1) * k + r] = enters;
        self.nonbasic[(top + 1) * d + c - 1] = leaves;
        self.leave.resize((top + 2) * self.width, 0);
        self.keys.push(key);
        self.todo.push(0);
        top + 1
    }

    /// The shallowest basis with children left to visit, as a path of its own that will visit
    /// them (this path then visits none of them); `None` if no basis has any left.
    fn split_off(&mut self) -> Option<Self> {
        let at = self.todo.iter().position(|&todo| todo != 0)?;
        let (size, k, d, w) = (self.size(), self.k, self.d, self.width);
        let share = Self {
            cells: self.cells[at * size..(at + 1) * size].to_vec(),
            basic: self.basic[at * k..(at + 1) * k].to_vec(),
            nonbasic: self.nonbasic[at * d..(at + 1) * d].to_vec(),
            keys: vec![self.keys[at]],
            todo: vec![self.todo[at]],
            leave: self.leave[at * w..(at + 1) * w].to_vec(),
            ..Self::empty(k, d, w)
        };
        self.todo[at] = 0;
        Some(share)
    }

    /// Cells per dictionary: `k + 1` rows of `width`.
    fn size(&self) -> usize {
        (self.k + 1) * self.width
    }

    /// Drops the last basis (its dictionary's cells stay allocated, for the next push).
    fn pop(&mut self) {
        let depth = self.keys.len() - 1;
        self.basic.truncate(depth * self.k);
        self.nonbasic.truncate(depth * self.d);
        self.leave.truncate(depth * self.width);
        self.keys.pop();
        self.todo.pop();
    }
}

/// Lane groups per block of [`ratio_tests`].
const GROUPS: usize = 8;

/// Columns per block of [`ratio_tests`]: rows up to this wide are read once.
const BLOCK: usize = LANES * GROUPS;

/// The minimum-ratio tests of every column of the dictionary `cells` at once, writing to
/// `leave` the leaving row of each column, or -1 for a near tie or an unbounded edge; `false`
/// if a basic variable is within [`MARGIN`] of zero (a degenerate vertex).
///
/// For each column the two largest `entry / rhs` (the reciprocals of the two smallest
/// ratios) and the row of the largest are kept. The dictionary is read row by row, a block of
/// up to [`BLOCK`] columns at a time, with the block's running results in registers (or L1)
/// as groups of [`LANES`] lanes; every cell is scored, the right-hand side too (its result is
/// meaningless and never read).
#[inline(always)]
fn ratio_tests<W: Width>(cells: &[f64], leave: &mut [i64], width: W) -> bool {
    let width = width.get();
    if cells.chunks_exact(width).any(|row| row[0] <= MARGIN) {
        return false;
    }
    for (block, leave) in leave[..width].chunks_mut(BLOCK).enumerate() {
        let groups = leave.len() / LANES;
        let mut first = [[0.0; LANES]; GROUPS];
        let mut second = [[0.0; LANES]; GROUPS];
        let mut best = [[0i64; LANES]; GROUPS];
        for (r, row) in cells.chunks_exact(width).enumerate() {
            let inverse = 1.0 / row[0];
            let cells = &row[block * BLOCK..][..groups * LANES];
            for (g, entries) in cells.chunks_exact(LANES).enumerate() {
                // Branch-free selects on whole lanes (they vectorise); a non-positive
                // entry scores 0, which never wins.
                let (first, second, best) = (&mut first[g], &mut second[g], &mut best[g]);
                for l in 0..LANES {
                    let score = if entries[l] > MARGIN {
                        entries[l] * inverse
                    } else {
                        0.0
                    };
                    let top = first[l];
                    let runner_up = if score < top { score } else { top };
                    second[l] = if runner_up > second[l] {
                        runner_up
                    } else {
                        second[l]
                    };
                    best[l] = if score > top { r as i64 } else { best[l] };
                    first[l] = if score > top { score } else { top };
                }
            }
        }
        // The ratios are 1/first < 1/second; they tie unless
        // 1/second - 1/first > MARGIN · max(1/first, 1), that is (without dividing)
        // first - second > MARGIN · second · max(1, first). `first == 0`: unbounded.
        for (g, leave) in leave.chunks_exact_mut(LANES).enumerate() {
            for l in 0..LANES {
                let (top, runner) = (first[g][l], second[g][l]);
                let scale = if top > 1.0 { top } else { 1.0 };
                let clear = top > 0.0 && top - runner > MARGIN * runner * scale;
                leave[l] = if clear { best[g][l] } else { -1 };
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::{plenty, random_matrix};
    use super::*;

    /// Rows of 16 cells: room for up to 15 columns.
    const WIDTH: Dynamic = Dynamic(16);

    /// The bases of `{z >= 0 : C z <= 1}` (at most 15 columns) found on this thread alone by
    /// `run` (a compiled variant of the search), sorted, and the number of paths searched;
    /// with `donate`, the search gives away a share of its path (to be searched later) as
    /// soon as it can after starting each path and after each batch of bases.
    fn alone(
        c: &[Vec<f64>],
        donate: bool,
        run: impl Fn(&Tree, Path, Visit<'_>) -> Result<bool>,
    ) -> (Vec<u128>, usize) {
        let d = c[0].len();
        let tree = Tree::new(Path::root(c, d, WIDTH).unwrap(), 100_000);
        let (mut keys, mut paths) = (Vec::new(), 0);
        let mut visit = |found: &[u128]| {
            keys.extend_from_slice(found);
            tree.hungry.store(donate, Ordering::Relaxed);
            true
        };
        while let Some(path) = tree.take() {
            paths += 1;
            tree.hungry.store(donate, Ordering::Relaxed);
            tree.finish(run(&tree, path, &mut visit));
        }
        assert!(tree.outcome().unwrap());
        keys.sort_unstable();
        (keys, paths)
    }

    /// The bases `bases` finds on `c` with the threads of `pool`, sorted.
    fn on(pool: &rayon::ThreadPool, c: &[Vec<f64>], max_bases: usize) -> Result<Vec<u128>> {
        let keys = Mutex::new(Vec::new());
        let visitor = || {
            |found: &[u128]| {
                keys.lock().unwrap().extend_from_slice(found);
                true
            }
        };
        assert!(pool.install(|| bases(c, c[0].len(), max_bases, &plenty(), &visitor))?);
        let mut keys = keys.into_inner().unwrap();
        keys.sort_unstable();
        Ok(keys)
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// [`children`] as it was before its comparisons were vectorised: one scalar test per
    /// non-basic variable. The reference for the property test below.
    fn children_one_by_one(path: &Path, at: usize, w: usize) -> Option<u128> {
        let (k, d) = (path.k, path.d);
        let cells = &path.cells[at * (k + 1) * w..][..(k + 1) * w];
        let (rows, objective) = cells.split_at(k * w);
        let (basic, nonbasic) = (&path.basic[at * k..][..k], &path.nonbasic[at * d..][..d]);
        let leave = &path.leave[at * w..][..w];
        let (mut downhill, mut degenerate) = (0u128, false);
        for (col, &o) in objective[1..=d].iter().enumerate() {
            degenerate |= o.abs() <= MARGIN;
            downhill |= u128::from(o < 0.0) << col;
        }
        let mut children = 0;
        for col in (0..d).filter(|&c| downhill & (1 << c) != 0) {
            let r = usize::try_from(leave[1 + col]).ok()?;
            let leaves = basic[r];
            let pivot_row = &rows[r * w..][..w];
            let ratio = objective[1 + col] / pivot_row[1 + col];
            let mut improves = false;
            for (j, &var) in nonbasic.iter().enumerate() {
                if j != col && var < leaves {
                    let entry = objective[1 + j] - ratio * pivot_row[1 + j];
                    degenerate |= entry.abs() <= MARGIN;
                    improves |= entry > 0.0;
                }
            }
            children |= u128::from(!improves) << col;
        }
        (!degenerate).then_some(children)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Along random walks of pivots from the origin of random polytopes (`k × d`, up to
        /// 80 columns so that rows span two bit sets of [`MASK_LANES`] cells), [`children`]
        /// decides every basis as the one-variable-at-a-time reference does, and each
        /// out-of-place pivot ([`Path::push_pivoted`]) gives what the in-place one does.
        #[test]
        fn vectorised_children_match_the_scalar_reference(
            k in 1usize..12,
            d in 1usize..80,
            seed in 1u64..u64::MAX,
            steps in 1usize..40,
        ) {
            let c = random_matrix(k, d, 0.5, seed);
            let w = (1 + d).next_multiple_of(8);
            let width = Dynamic(w);
            // Entries drawn from 2^53 values: no ties at the origin, whose children `root`
            // computes with `children`.
            let root = Path::root(&c, d, width);
            proptest::prop_assert!(root.is_some());
            let Some(mut path) = root else {
                return Ok(());
            };
            proptest::prop_assert_eq!(
                Some(path.todo[0]),
                children_one_by_one(&path, 0, w)
            );
            let mut scaled = vec![0.0; w];
            let mut pick = seed;
            for _ in 0..steps {
                let top = path.keys.len() - 1;
                proptest::prop_assert_eq!(
                    children(&path, top, width),
                    children_one_by_one(&path, top, w)
                );
                // Any column with a clear leaving row: children and parents alike.
                let columns: Vec<usize> = (0..d).filter(|&c| path.leave[top * w + 1 + c] >= 0).collect();
                if columns.is_empty() {
                    break;
                }
                pick ^= pick << 13;
                pick ^= pick >> 7;
                pick ^= pick << 17;
                let col = columns[(pick % columns.len() as u64) as usize];
                let r = path.leave[top * w + 1 + col] as usize;
                let (leaves, enters) = (path.basic[top * k + r], path.nonbasic[top * d + col]);
                // The out-of-place pivot writes what a copy pivoted in place holds, bit for bit.
                let size = (k + 1) * w;
                let mut expected = path.cells[top * size..(top + 1) * size].to_vec();
                pivot(&mut expected, &mut scaled, width, r, 1 + col);
                let child = path.push_pivoted(0, &mut scaled, width, r, 1 + col);
                let got = &path.cells[child * size..(child + 1) * size];
                proptest::prop_assert!(got.iter().zip(&expected).all(|(x, y)| x.to_bits() == y.to_bits()));
                proptest::prop_assert_eq!(path.basic[child * k + r], enters);
                proptest::prop_assert_eq!(path.nonbasic[child * d + col], leaves);
                let rows = &path.cells[child * (k + 1) * w..][..k * w];
                if !ratio_tests(rows, &mut path.leave[child * w..], width) {
                    break;
                }
            }
        }
    }

    #[test]
    fn ratio_ties_and_unbounded_edges_are_reported() {
        let mut leave = [0; 4];
        // Rows (rhs, column 1, column 2, padding): column 1 ties (1/1 = 2/2), column 2 is
        // unbounded; in the second dictionary both leave by row 0.
        let tie = [1.0, 1.0, 0.0, 0.0, 2.0, 2.0, -1.0, 0.0];
        assert!(ratio_tests(&tie, &mut leave, Dynamic(4)));
        assert_eq!((leave[1], leave[2]), (-1, -1));
        let clear = [1.0, 1.0, 0.5, 0.0, 3.0, 2.0, 1.0, 0.0];
        assert!(ratio_tests(&clear, &mut leave, Dynamic(4)));
        assert_eq!((leave[1], leave[2]), (0, 0));
        // A basic variable at zero: a degenerate vertex.
        assert!(!ratio_tests(&[0.0, 1.0, 1.0, 0.0], &mut leave, Dynamic(4)));
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn every_compiled_variant_visits_the_same_bases() {
        // A random-looking 7 × 6 polytope (entries in (0.5, 1.5)): each variant the processor
        // can run must visit the same bases.
        let c = random_matrix(7, 6, 0.5, 0x9E37_79B9_7F4A_7C15);
        let (baseline, _) = alone(&c, false, |t, p, v| reverse_search(t, p, v, WIDTH));
        assert!(baseline.len() > 7);
        let best = Isa::detect();
        if best != Isa::Baseline {
            // SAFETY: the processor supports AVX2 and FMA, as just detected.
            let (avx2, _) = alone(&c, false, |t, p, v| unsafe { search_avx2(t, p, v, WIDTH) });
            assert_eq!(avx2, baseline);
        }
        if best == Isa::Avx512 {
            // SAFETY: the processor supports AVX-512 F and VL, as just detected.
            let (avx512, _) = alone(&c, false, |t, p, v| unsafe {
                search_avx512(t, p, v, WIDTH)
            });
            assert_eq!(avx512, baseline);
        }
    }

    #[test]
    fn donated_shares_cover_every_basis_once() {
        let c = random_matrix(12, 10, 0.5, 0x2545_F491_4F6C_DD1D);
        let (whole, one) = alone(&c, false, |t, p, v| reverse_search(t, p, v, WIDTH));
        let (split, paths) = alone(&c, true, |t, p, v| reverse_search(t, p, v, WIDTH));
        assert_eq!(one, 1);
        // Many shares, and together exactly the bases of one search: none lost, none twice.
        assert!(
            paths > 20 && whole.len() > 20 * FOUND_BATCH,
            "{paths} paths"
        );
        assert_eq!(split, whole);
        let mut distinct = whole.clone();
        distinct.dedup();
        assert_eq!(distinct.len(), whole.len());
    }

    #[test]
    fn threads_share_the_search_and_its_cap() {
        let c = random_matrix(10, 9, 0.5, 0x9E37_79B9_7F4A_7C15);
        let one = on(&pool(1), &c, 1_000_000).unwrap();
        let four = pool(4);
        for _ in 0..20 {
            assert_eq!(on(&four, &c, 1_000_000).unwrap(), one);
        }
        // The cap counts every thread's bases: one short of them all is an error.
        let err = on(&four, &c, one.len() - 1).unwrap_err();
        assert!(err.to_string().contains("max_vertices"));
        assert_eq!(on(&four, &c, one.len()).unwrap().len(), one.len());
    }

    #[test]
    fn a_stop_in_one_thread_stops_them_all() {
        let c = random_matrix(10, 9, 0.5, 0x2545_F491_4F6C_DD1D);
        let calls = AtomicUsize::new(0);
        let visitor = || {
            |_: &[u128]| {
                calls.fetch_add(1, Ordering::Relaxed);
                false
            }
        };
        let searched = pool(4).install(|| bases(&c, 9, 1_000_000, &plenty(), &visitor));
        assert!(!searched.unwrap());
        // Each thread stops at its first batch.
        assert!(calls.into_inner() <= 4);
    }

    #[test]
    fn every_vertex_of_a_cube_is_visited_once() {
        // `z <= 1` in three dimensions: the cube's 8 vertices, 7 of them besides the origin.
        let c = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.0, 1.0, 0.0],
            vec![0.0, 0.0, 1.0],
        ];
        let keys = on(&pool(2), &c, 100).unwrap();
        assert_eq!(keys.len(), 7);
        let mut distinct = keys.clone();
        distinct.dedup();
        assert_eq!(distinct, keys);
    }
}
