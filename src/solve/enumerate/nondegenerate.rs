//! The float fast path for nondegenerate games: the vertices of one best-response polytope,
//! each paired with the only vertex of the other polytope that could complete its labels.
//!
//! In a nondegenerate game every vertex `z` of `{z >= 0 : C z <= 1}` (here `C` is `k × d`)
//! has exactly `d` labels: its support `S` and its tight constraints `T` have the same size,
//! and the partner `w` must have support `T` and make the constraints of `S` tight in
//! `{w >= 0 : D w <= 1}` (`D` is `d × k`): the square system `D[S, T] w_T = 1`. So one
//! polytope is searched, by reverse search over its bases (one per vertex, since the polytope
//! is simple), and each vertex costs one small dense solve and a feasibility test: the
//! approach of `lrsnash` (Avis, Rosenberg, Savani & von Stengel 2010, §6).
//!
//! Every decision is taken with a margin: a basic variable, a reduced cost of the search's
//! objective or a partner's slack within [`MARGIN`] of zero, a near tie in a ratio test, or a
//! badly conditioned partner system means
//! the game is degenerate (or too close to it for floats), and the search declines (`None`).
//! The caller then uses the general two-polytope search, which handles degeneracy.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use super::{bits, cap_error, mask};
use crate::error::Result;
use crate::interrupt;

/// Decisions closer than this (on entries of magnitude about 1) count as degenerate.
const MARGIN: f64 = 1e-9;

/// A partner system whose smallest elimination pivot is below this fraction of its largest
/// is treated as too badly conditioned to decide feasibility.
const CONDITION: f64 = 1e-7;

/// The completely labelled pairs `(S, T)` of a nondegenerate game, as support bit sets: `S`
/// of a vertex of `{z >= 0 : C z <= 1}` (`c` is `k × d`), `T` of its partner in
/// `{w >= 0 : D w <= 1}` (`partner` is `d × k`), each passed through `certify`; `None` if the
/// game looks degenerate.
///
/// At most `max_bases` bases are visited ([`cap_error`] beyond). The partner tests (and
/// `certify`) run on batches of vertices while the search goes on, on the calling thread
/// (whose processor is already awake): a rayon task takes the batches from a queue, waiting for more (spinning, then yielding) rather than sleeping, so
/// that no batch waits for a thread to wake up; when the search ends, its thread helps to
/// finish the queue. On two cores the tests mostly hide behind the search.
pub(super) fn equilibria<T: Send>(
    c: &[Vec<f64>],
    partner: &[Vec<f64>],
    max_bases: usize,
    certify: impl Fn(u128, u128) -> T + Sync,
) -> Result<Option<Vec<T>>> {
    let (k, d) = (c.len(), partner.len());
    let padded = Padded::new(partner);
    let (low, high) = (mask(d), mask(k));
    let declined = AtomicBool::new(false);
    let searching = AtomicBool::new(true);
    let queue = Mutex::new(VecDeque::<Vec<u128>>::new());
    let found = Mutex::new(Vec::new());
    // Tests batches from the queue until it is empty and (if `wait`) the search is over.
    let drain = |wait: bool| {
        let mut solver = Partner::new(&padded);
        let mut pairs = Vec::new();
        let mut idle = 0u32;
        while !declined.load(Ordering::Relaxed) {
            let batch = queue
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop_front();
            let Some(keys) = batch else {
                if !(wait && searching.load(Ordering::Acquire)) {
                    break;
                }
                idle += 1;
                if idle < SPINS {
                    std::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
                continue;
            };
            idle = 0;
            for key in keys {
                // Basic `z_i`: the support; non-basic slacks: the tight constraints.
                let (support, tight) = (key & low, !(key >> d) & high);
                match solver.completes(support, tight) {
                    None => declined.store(true, Ordering::Relaxed),
                    Some(true) => pairs.push(certify(support, tight)),
                    Some(false) => {}
                }
            }
        }
        found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(pairs);
    };
    let searched = rayon::in_place_scope(|scope| {
        scope.spawn(|_| drain(true));
        let searched = bases(c, d, max_bases, &mut |keys| {
            queue
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push_back(keys.to_vec());
            !declined.load(Ordering::Relaxed)
        });
        searching.store(false, Ordering::Release);
        drain(false);
        searched
    });
    if !searched? || declined.into_inner() {
        return Ok(None);
    }
    interrupt::check()?;
    let found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    // A nondegenerate game has an odd number of equilibria (Lemke-Howson's parity theorem):
    // an even count means a decision above went wrong despite the margins.
    Ok((found.len() % 2 == 1).then_some(found))
}

/// Empty looks at the queue of partner tests before the waiting task starts to yield its
/// thread between looks.
const SPINS: u32 = 1 << 10;

/// Visits every basis of `{z >= 0 : C z <= 1}` (`c` is `k × d`) but the first, passing them
/// a batch at a time to `visit` as the bit sets of their basic variables (`i < d`: `z_i`,
/// `d + j`: slack `j`); `false` if a vertex, an edge or a pivot rule's decision is
/// degenerate within [`MARGIN`], or `visit` returns `false` (stop).
///
/// The search is Avis and Fukuda's reverse search (Discrete Comput. Geom. 8, 1992), as in
/// `lrs`: the origin is the unique minimum of `w · z` (weights `w > 0`), and the parent of any
/// other basis is the one Bland's rule (the smallest improving variable enters) pivots it to,
/// so the bases form a tree rooted at the origin, searched depth first with each basis's
/// children found from its own dictionary. No set of bases seen is kept, and the
/// dictionaries in use are the path from the root: a few kilobytes that stay in cache.
///
/// The search is compiled for each row width of 8, 16, 24 and 32 cells (so that the loops
/// over a row unroll) and once for any width; on x86-64 each is compiled for AVX-512, for
/// AVX2 and for the baseline, the one the processor supports best chosen at run time.
fn bases(c: &[Vec<f64>], d: usize, max_bases: usize, visit: Visit<'_>) -> Result<bool> {
    // Rows padded with zero columns to a multiple of eight cells (whole 512-bit vectors, or
    // pairs of 256-bit ones), so that the vectorised loops over a row have no remainder;
    // padding stays zero under pivoting. (At 12 cells the compiler mixed vector sizes: the
    // AVX-512 ratio tests took 53 instructions a row against 22 at 16, and 10×10 games
    // searched 20% faster padded to 16.)
    let width = (1 + d).next_multiple_of(8);
    macro_rules! fixed {
        ($($w:literal)*) => {
            match width {
                $($w => search(c, d, max_bases, visit, Fixed::<$w>),)*
                _ => search(c, d, max_bases, visit, Dynamic(width)),
            }
        };
    }
    fixed!(8 16 24 32)
}

/// The number of cells in a row of the search's dictionaries.
trait Width: Copy {
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
fn search<W: Width>(
    c: &[Vec<f64>],
    d: usize,
    max_bases: usize,
    visit: Visit<'_>,
    width: W,
) -> Result<bool> {
    #[cfg(target_arch = "x86_64")]
    match Isa::detect() {
        // SAFETY: the processor supports the features of each variant, as just detected.
        Isa::Avx512 => unsafe { search_avx512(c, d, max_bases, visit, width) },
        Isa::Avx2 => unsafe { search_avx2(c, d, max_bases, visit, width) },
        Isa::Baseline => reverse_search(c, d, max_bases, visit, width),
    }
    #[cfg(not(target_arch = "x86_64"))]
    reverse_search(c, d, max_bases, visit, width)
}

/// The instruction sets the search is compiled for on x86-64.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Isa {
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
    fn detect() -> Self {
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
    c: &[Vec<f64>],
    d: usize,
    max_bases: usize,
    visit: Visit<'_>,
    width: W,
) -> Result<bool> {
    reverse_search(c, d, max_bases, visit, width)
}

/// [`reverse_search`] compiled for AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn search_avx2<W: Width>(
    c: &[Vec<f64>],
    d: usize,
    max_bases: usize,
    visit: Visit<'_>,
    width: W,
) -> Result<bool> {
    reverse_search(c, d, max_bases, visit, width)
}

/// Bases found per call of the search's callback (a batch of partner tests).
const FOUND_BATCH: usize = 64;

/// The search of [`bases`], rows `width` cells wide. Each dictionary has `k` constraint rows
/// and, last, the objective row `w · z` in the same form (`value - Σ entry · x_j`, so that a
/// positive entry means that `x_j` entering lowers the objective: an improving column).
#[inline(always)]
fn reverse_search<W: Width>(
    c: &[Vec<f64>],
    d: usize,
    max_bases: usize,
    visit: Visit<'_>,
    width: W,
) -> Result<bool> {
    let (k, w) = (c.len(), width.get());
    let size = (k + 1) * w;
    let mut path = Path::new(k, d, w);
    for row in c {
        path.cells.push(1.0);
        path.cells.extend_from_slice(row);
        path.cells.resize(path.cells.len() + w - 1 - d, 0.0);
    }
    // Weights 1 + frac(j φ) / 2: positive (the origin is the unique minimum) and irrational
    // ratios apart, so that structured games rarely tie two objective values.
    path.cells.push(0.0);
    path.cells
        .extend((0..d).map(|j| -(1.0 + (j as f64 * 0.618_033_988_749_895).fract() / 2.0)));
    path.cells.resize(size, 0.0);
    path.basic.extend((d..d + k).map(|v| v as u8));
    path.nonbasic.extend((0..d).map(|v| v as u8));
    path.keys.push(mask(d + k) & !mask(d));
    path.next.push(0);
    path.leave.resize(w, 0);
    if !ratio_tests(&path.cells[..k * w], &mut path.leave, width) {
        return Ok(false);
    }
    let bit: Vec<u128> = (0..d + k).map(|v| 1 << v).collect();
    let (mut found, mut count) = (Vec::with_capacity(FOUND_BATCH), 0usize);
    let mut scaled = vec![0.0; w];
    while let Some(&col) = path.next.last() {
        let top = path.next.len() - 1;
        if col == d {
            path.pop();
            continue;
        }
        path.next[top] += 1;
        let cells = &path.cells[top * size..(top + 1) * size];
        let (rows, objective) = cells.split_at(k * w);
        let o = objective[1 + col];
        if o > MARGIN {
            // An improving column: its edge leads towards the root, not to a child.
            continue;
        }
        if o >= -MARGIN {
            return Ok(false);
        }
        let Ok(r) = usize::try_from(path.leave[top * w + 1 + col]) else {
            // A near tie in the ratio test (a degenerate neighbour) or an unbounded edge.
            return Ok(false);
        };
        let (basic, nonbasic) = (&path.basic[top * k..], &path.nonbasic[top * d..]);
        let (leaves, enters) = (basic[r], nonbasic[col]);
        // After the pivot, `leaves` sits in column `col` with objective entry
        // `-o / pivot > 0` (improving); the neighbour is a child if no smaller variable
        // improves there too, Bland's rule then pivoting straight back.
        let pivot_row = &rows[r * w..(r + 1) * w];
        let ratio = o / pivot_row[1 + col];
        let mut child = true;
        for (j, &var) in nonbasic[..d].iter().enumerate() {
            if j != col && var < leaves {
                let entry = objective[1 + j] - ratio * pivot_row[1 + j];
                if entry.abs() <= MARGIN {
                    return Ok(false);
                }
                if entry > 0.0 {
                    child = false;
                    break;
                }
            }
        }
        if !child {
            continue;
        }
        count += 1;
        if count > max_bases {
            return Err(cap_error(max_bases));
        }
        let key = path.keys[top] ^ bit[usize::from(leaves)] ^ bit[usize::from(enters)];
        let child = path.push_copy(key);
        pivot(
            &mut path.cells[child * size..],
            &mut scaled,
            width,
            r,
            1 + col,
        );
        let rows = &path.cells[child * size..][..k * w];
        if !ratio_tests(rows, &mut path.leave[child * w..], width) {
            return Ok(false);
        }
        path.basic[child * k + r] = enters;
        path.nonbasic[child * d + col] = leaves;
        found.push(key);
        if found.len() == FOUND_BATCH {
            interrupt::check()?;
            if !visit(&found) {
                return Ok(false);
            }
            found.clear();
        }
    }
    Ok(found.is_empty() || visit(&found))
}

/// Pivots the dictionary `cells` (rows of `width` cells, right-hand side first) on row `r`,
/// column `c`, in place; the leaving variable's column, now non-basic, replaces the entering
/// one's. `scaled` is scratch space of `width` cells.
#[inline(always)]
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

/// The callback of [`bases`] for each batch of bases found: `false` stops the search.
type Visit<'a> = &'a mut dyn FnMut(&[u128]) -> bool;

/// The bases on the search's path from the root, flat: `k + 1` rows of `width` cells (the
/// dictionary and its objective row), `k` basic and `d` non-basic variables,
/// the key (the bit set of basic variables), the next column to try and each column's
/// leaving row (`width` cells, from [`ratio_tests`]).
struct Path {
    k: usize,
    d: usize,
    width: usize,
    cells: Vec<f64>,
    basic: Vec<u8>,
    nonbasic: Vec<u8>,
    keys: Vec<u128>,
    next: Vec<usize>,
    leave: Vec<i64>,
}

impl Path {
    /// An empty path for bases of this shape.
    fn new(k: usize, d: usize, width: usize) -> Self {
        Self {
            k,
            d,
            width,
            cells: Vec::new(),
            basic: Vec::new(),
            nonbasic: Vec::new(),
            keys: Vec::new(),
            next: Vec::new(),
            leave: Vec::new(),
        }
    }

    /// Appends a copy of the last basis's dictionary and variables under the key `key`, with
    /// no column tried yet (its leaving rows still to compute); returns its index.
    fn push_copy(&mut self, key: u128) -> usize {
        let (top, size, k, d) = (self.keys.len() - 1, self.size(), self.k, self.d);
        self.cells.extend_from_within(top * size..(top + 1) * size);
        self.basic.extend_from_within(top * k..(top + 1) * k);
        self.nonbasic.extend_from_within(top * d..(top + 1) * d);
        self.leave.resize((top + 2) * self.width, 0);
        self.keys.push(key);
        self.next.push(0);
        top + 1
    }

    /// Cells per dictionary: `k + 1` rows of `width`.
    fn size(&self) -> usize {
        (self.k + 1) * self.width
    }

    /// Drops the last basis.
    fn pop(&mut self) {
        let depth = self.keys.len() - 1;
        self.cells.truncate(depth * self.size());
        self.basic.truncate(depth * self.k);
        self.nonbasic.truncate(depth * self.d);
        self.leave.truncate(depth * self.width);
        self.keys.pop();
        self.next.pop();
    }
}

/// Columns per lane group of [`ratio_tests`] and of the partner test's dot products (rows are
/// padded to a multiple of it).
const LANES: usize = 4;

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

/// `D` (`d × k`) with rows padded by zeros to `stride`, a multiple of [`LANES`] cells.
struct Padded {
    cells: Vec<f64>,
    stride: usize,
    /// The largest support size (`min(d, k)`) rounded up to a multiple of [`LANES`].
    n: usize,
    /// `d` rows of `d` column sets, for [`Partner::test`]'s dominance filter:
    /// `beats[s * d + i]` holds the columns `j` where `D[i, j] > D[s, j] + 2 MARGIN` (empty
    /// for `i == s`). Empty (no filter) when `D` has no columns or more than 64.
    beats: Vec<u64>,
}

impl Padded {
    fn new(rows: &[Vec<f64>]) -> Self {
        let k = rows.first().map_or(0, Vec::len);
        let stride = k.next_multiple_of(LANES);
        let mut cells = vec![0.0; rows.len() * stride];
        for (to, from) in cells.chunks_exact_mut(stride).zip(rows) {
            to[..k].copy_from_slice(from);
        }
        let n = rows.len().min(k).next_multiple_of(LANES);
        let beats = if k == 0 || k > 64 {
            Vec::new()
        } else {
            let beats = |low: &Vec<f64>, high: &Vec<f64>| {
                (0..k)
                    .filter(|&j| high[j] > low[j] + 2.0 * MARGIN)
                    .fold(0, |set, j| set | 1 << j)
            };
            rows.iter()
                .flat_map(|low| rows.iter().map(move |high| beats(low, high)))
                .collect()
        };
        Self {
            cells,
            stride,
            n,
            beats,
        }
    }
}

/// The partner test with its scratch space: `D` and room for one square system in rows of
/// `n` cells (so that the elimination's row operations are whole-row vector operations).
struct Partner<'a> {
    d: &'a [f64],
    beats: &'a [u64],
    stride: usize,
    n: usize,
    rows: Vec<usize>,
    columns: Vec<usize>,
    a: Vec<f64>,
    w: Vec<f64>,
    x: Vec<f64>,
    spread: Vec<f64>,
}

impl<'a> Partner<'a> {
    fn new(d: &'a Padded) -> Self {
        let Padded {
            ref cells,
            stride,
            n,
            ref beats,
        } = *d;
        Self {
            d: cells,
            beats,
            stride,
            n,
            rows: Vec::new(),
            columns: Vec::new(),
            a: vec![0.0; n * n],
            w: vec![0.0; n],
            x: vec![0.0; n],
            spread: vec![0.0; stride],
        }
    }

    /// Whether the vertex with support `support` and tight constraints `tight` has a partner:
    /// the solution `w` of `D[S, T] w_T = 1` has `w_T > 0` and `D w <= 1` off `S`. `None`
    /// when the answer is too close to call (a degenerate partner or an ill-conditioned
    /// system).
    ///
    /// Most vertices are rejected first by a dominance filter: if some row `i` of `D` beats a
    /// row `s` of `S` by more than `2 MARGIN` on every column of `T`, then for any `w_T > 0`
    /// with `D[s, T] w_T = 1` (so `Σ w_T >= 1/2`, entries being at most 2) row `i` has
    /// `D[i, T] w_T > 1 + MARGIN`: `i` breaks `D w <= 1` if it is outside `S`, and cannot
    /// equal row `s` if it is inside. On random 10×10 games this rejects 68% of the vertices
    /// in about 100 instructions each, and halves the tests' cost.
    ///
    /// The system is solved by Gaussian elimination with partial pivoting in the scratch
    /// space, as nalgebra's LU would, but without its allocations: this runs once per vertex.
    /// On x86-64 processors with AVX2 and FMA the test runs compiled for them.
    fn completes(&mut self, support: u128, tight: u128) -> Option<bool> {
        #[cfg(target_arch = "x86_64")]
        if Isa::detect() != Isa::Baseline {
            // SAFETY: the processor supports AVX2 and FMA, as just detected.
            return unsafe { self.completes_avx2(support, tight) };
        }
        self.test(support, tight)
    }

    /// [`Partner::test`] compiled for AVX2 and FMA.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn completes_avx2(&mut self, support: u128, tight: u128) -> Option<bool> {
        self.test(support, tight)
    }

    /// The test of [`Partner::completes`], inlined into each compiled variant.
    #[inline(always)]
    fn test(&mut self, support: u128, tight: u128) -> Option<bool> {
        let (n, stride) = (self.n, self.stride);
        if !self.beats.is_empty() {
            // At most 64 columns, so `tight` fits.
            let (d, tight) = (self.d.len() / stride, tight as u64);
            for s in bits(support) {
                let rows = &self.beats[s * d..(s + 1) * d];
                if rows
                    .iter()
                    .fold(false, |hit, &set| hit | (set & tight == tight))
                {
                    return Some(false);
                }
            }
        }
        self.rows.clear();
        self.rows.extend(bits(support));
        self.columns.clear();
        self.columns.extend(bits(tight));
        let s = self.rows.len();
        debug_assert_eq!(s, self.columns.len());
        // `D[S, T]` in rows of `n` cells, zeros beyond column `s`; right-hand side ones.
        let a = &mut self.a[..n * n];
        for (to, &i) in a.chunks_exact_mut(n).zip(&self.rows) {
            let from = &self.d[i * stride..(i + 1) * stride];
            for (cell, &j) in to.iter_mut().zip(&self.columns) {
                *cell = from[j];
            }
            to[s..].fill(0.0);
        }
        let w = &mut self.w[..n];
        w[..s].fill(1.0);
        let (mut smallest, mut largest) = (f64::INFINITY, 0.0f64);
        for c in 0..s {
            let (mut p, mut size) = (c, a[c * n + c].abs());
            for r in c + 1..s {
                let x = a[r * n + c].abs();
                if x > size {
                    (p, size) = (r, x);
                }
            }
            if size == 0.0 {
                return None;
            }
            smallest = smallest.min(size);
            largest = largest.max(size);
            if p != c {
                let (upper, lower) = a.split_at_mut(p * n);
                upper[c * n..(c + 1) * n].swap_with_slice(&mut lower[..n]);
                w.swap(p, c);
            }
            let (top, below) = a.split_at_mut((c + 1) * n);
            let pivot_row = &top[c * n..];
            let inverse = 1.0 / pivot_row[c];
            let wc = w[c];
            for (row, wr) in below[..(s - c - 1) * n]
                .chunks_exact_mut(n)
                .zip(&mut w[c + 1..])
            {
                let f = row[c] * inverse;
                // Whole rows: the cells left of `c` are (near) zero on both sides and never
                // read again.
                for (x, y) in row.iter_mut().zip(pivot_row) {
                    *x -= f * y;
                }
                *wr -= f * wc;
            }
        }
        if smallest < CONDITION * largest {
            return None;
        }
        // Back substitution into `x` (zero where not yet solved), so that each step is a
        // whole-row dot product.
        let x = &mut self.x[..n];
        x.fill(0.0);
        let mut unsure = false;
        for c in (0..s).rev() {
            let row = &a[c * n..(c + 1) * n];
            let value = (w[c] - dot(row, x)) / row[c];
            if value < -MARGIN {
                return Some(false);
            }
            unsure |= value <= MARGIN;
            x[c] = value;
        }
        // `D w` off `S`, with `w` spread over all columns.
        let spread = &mut self.spread[..stride];
        spread.fill(0.0);
        for (&j, &value) in self.columns.iter().zip(x.iter()) {
            spread[j] = value;
        }
        for (i, row) in self.d.chunks_exact(stride).enumerate() {
            if support & (1 << i) == 0 {
                let slack = 1.0 - dot(row, spread);
                if slack < -MARGIN {
                    return Some(false);
                }
                unsure |= slack <= MARGIN;
            }
        }
        (!unsure).then_some(true)
    }
}

/// The dot product of two slices whose common length is a multiple of [`LANES`], summed in
/// [`LANES`] interleaved partial sums (so that it vectorises).
#[inline(always)]
fn dot(x: &[f64], y: &[f64]) -> f64 {
    let mut sums = [0.0; LANES];
    for (x, y) in x.chunks_exact(LANES).zip(y.chunks_exact(LANES)) {
        for l in 0..LANES {
            sums[l] += x[l] * y[l];
        }
    }
    sums.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `P` and `Q` of the bimatrix game `(a, b)` as [`equilibria`] takes them (`Bᵀ` and `A`),
    /// payoffs shifted by 1 (they are non-negative here).
    fn polytopes(a: &[&[f64]], b: &[&[f64]]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let (m, n) = (a.len(), a[0].len());
        let cp = (0..n)
            .map(|j| (0..m).map(|i| b[i][j] + 1.0).collect())
            .collect();
        let cq = a
            .iter()
            .map(|r| r.iter().map(|x| x + 1.0).collect())
            .collect();
        (cp, cq)
    }

    /// A random-looking `rows × columns` matrix with entries in `[low, low + 1)`, from an
    /// xorshift generator seeded with `seed`.
    fn random_matrix(rows: usize, columns: usize, low: f64, mut seed: u64) -> Vec<Vec<f64>> {
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            low + (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..rows)
            .map(|_| (0..columns).map(|_| next()).collect())
            .collect()
    }

    fn pair(s: u128, t: u128) -> (u128, u128) {
        (s, t)
    }

    #[test]
    fn battle_of_the_sexes_has_three_labelled_pairs() {
        let (cp, cq) = polytopes(&[&[2.0, 0.0], &[0.0, 1.0]], &[&[1.0, 0.0], &[0.0, 2.0]]);
        let mut found = equilibria(&cp, &cq, 100, pair).unwrap().unwrap();
        found.sort_unstable();
        // (T, L), (B, R) and the mixture with both supports full.
        assert_eq!(found, vec![(0b01, 0b01), (0b10, 0b10), (0b11, 0b11)]);
    }

    #[test]
    fn degenerate_games_are_declined() {
        // Column L is a best response to both rows (a tie in P): a degenerate vertex.
        let (cp, cq) = polytopes(&[&[1.0, 0.0], &[0.0, 1.0]], &[&[1.0, 1.0], &[1.0, 0.0]]);
        assert_eq!(equilibria(&cp, &cq, 100, pair).unwrap(), None);
        // All payoffs equal: every vertex is degenerate.
        let (cp, cq) = polytopes(&[&[0.0, 0.0], &[0.0, 0.0]], &[&[0.0, 0.0], &[0.0, 0.0]]);
        assert_eq!(equilibria(&cp, &cq, 100, pair).unwrap(), None);
        // P is nondegenerate, but the partner of its fully mixed vertex is y = (1, 0), where
        // three constraints of Q are tight: too close to call for floats.
        let (cp, cq) = polytopes(&[&[0.0, 1.0], &[0.0, 2.0]], &[&[2.0, 0.0], &[0.0, 1.0]]);
        assert_eq!(equilibria(&cp, &cq, 100, pair).unwrap(), None);
    }

    #[test]
    fn base_cap_is_an_error() {
        let (cp, cq) = polytopes(&[&[2.0, 0.0], &[0.0, 1.0]], &[&[1.0, 0.0], &[0.0, 2.0]]);
        let err = equilibria(&cp, &cq, 2, pair).unwrap_err();
        assert!(err.to_string().contains("max_vertices"));
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
        let run = |isa: Isa| {
            let mut keys = Vec::new();
            let mut visit = |found: &[u128]| {
                keys.extend_from_slice(found);
                true
            };
            let width = Dynamic(8);
            // SAFETY: each variant runs only if the processor supports it (checked below).
            let searched = unsafe {
                match isa {
                    Isa::Avx512 => search_avx512(&c, 6, 10_000, &mut visit, width),
                    Isa::Avx2 => search_avx2(&c, 6, 10_000, &mut visit, width),
                    Isa::Baseline => reverse_search(&c, 6, 10_000, &mut visit, width),
                }
            };
            assert!(searched.unwrap());
            keys.sort_unstable();
            keys
        };
        let baseline = run(Isa::Baseline);
        assert!(baseline.len() > 7);
        let best = Isa::detect();
        if best != Isa::Baseline {
            assert_eq!(run(Isa::Avx2), baseline);
        }
        if best == Isa::Avx512 {
            assert_eq!(run(Isa::Avx512), baseline);
        }
    }

    #[test]
    fn dominance_filter_rejects_only_what_the_full_test_rejects() {
        // A random-looking 6 × 6 `D` with entries in [1, 2], as the search passes it, and
        // every support pair of equal sizes: with the filter, each answer is the full test's,
        // except that the filter may reject where the full test cannot decide.
        let rows = random_matrix(6, 6, 1.0, 0x2545_F491_4F6C_DD1D);
        let filtered = Padded::new(&rows);
        assert!(!filtered.beats.is_empty());
        let plain = Padded {
            beats: Vec::new(),
            ..Padded::new(&rows)
        };
        let mut without = Partner::new(&plain);
        let (mut rejected_early, mut completed) = (0, 0);
        for support in 1u128..64 {
            for tight in (1u128..64).filter(|t| t.count_ones() == support.count_ones()) {
                let full = without.completes(support, tight);
                // Scratch space of NaNs: a rejection that leaves it untouched was the filter's.
                let mut with = Partner {
                    a: vec![f64::NAN; 64],
                    ..Partner::new(&filtered)
                };
                let fast = with.completes(support, tight);
                if fast != full {
                    assert_eq!((fast, full), (Some(false), None));
                }
                completed += usize::from(full == Some(true));
                let untouched = with.a.iter().all(|v| v.is_nan());
                rejected_early += usize::from(fast == Some(false) && untouched);
            }
        }
        // The filter does reject without elimination, and the full test finds partners.
        assert!(rejected_early > 0 && completed > 0);
    }

    #[test]
    fn every_vertex_of_a_cube_is_visited_once() {
        // `z <= 1` in three dimensions: the cube's 8 vertices, 7 of them besides the origin.
        let c = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.0, 1.0, 0.0],
            vec![0.0, 0.0, 1.0],
        ];
        let mut keys = Vec::new();
        let searched = bases(&c, 3, 100, &mut |found| {
            keys.extend_from_slice(found);
            true
        });
        assert!(searched.unwrap());
        assert_eq!(keys.len(), 7);
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 7);
    }
}
