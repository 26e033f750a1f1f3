//! The float fast path for nondegenerate games: the vertices of one best-response polytope,
//! each paired with the only vertex of the other polytope that could complete its labels.
//!
//! In a nondegenerate game every vertex `z` of `{z >= 0 : C z <= 1}` (here `C` is `k × d`)
//! has exactly `d` labels: its support `S` and its tight constraints `T` have the same size,
//! and the partner `w` must have support `T` and make the constraints of `S` tight in
//! `{w >= 0 : D w <= 1}` (`D` is `d × k`): the square system `D[S, T] w_T = 1`. So one
//! polytope is searched, breadth first over its bases (one per vertex, since the polytope is
//! simple), and each vertex costs one small dense solve and a feasibility test: the approach
//! of `lrsnash` (Avis, Rosenberg, Savani & von Stengel 2010, §6).
//!
//! Every decision is taken with a margin: a basic variable or a partner's slack within
//! [`MARGIN`] of zero, a near tie in a ratio test, or a badly conditioned partner system means
//! the game is degenerate (or too close to it for floats), and the search declines (`None`).
//! The caller then uses the general two-polytope search, which handles degeneracy.

use std::cell::RefCell;
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
/// `certify`) run as rayon tasks on batches of vertices while the search goes on, so on two
/// cores they mostly hide behind it.
pub(super) fn equilibria<T: Send>(
    c: &[Vec<f64>],
    partner: &[Vec<f64>],
    max_bases: usize,
    certify: impl Fn(u128, u128) -> T + Sync,
) -> Result<Option<Vec<T>>> {
    let (k, d) = (c.len(), partner.len());
    let flat: Vec<f64> = partner.iter().flatten().copied().collect();
    let (low, high) = (mask(d), mask(k));
    let declined = AtomicBool::new(false);
    let found = Mutex::new(Vec::new());
    let test = |keys: Vec<u128>| {
        let mut solver = Partner::new(&flat, k);
        let mut pairs = Vec::new();
        for key in keys {
            // Basic `z_i`: the support; non-basic slacks: the tight constraints.
            let (support, tight) = (key & low, !(key >> d) & high);
            match solver.completes(support, tight) {
                _ if declined.load(Ordering::Relaxed) => return,
                None => {
                    declined.store(true, Ordering::Relaxed);
                    return;
                }
                Some(true) => pairs.push(certify(support, tight)),
                Some(false) => {}
            }
        }
        found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(pairs);
    };
    let test = &test;
    let searched = rayon::scope(|scope| {
        let mut batch = Vec::new();
        let searched = bases(c, d, max_bases, &mut |keys| {
            batch.extend_from_slice(keys);
            if batch.len() >= PARTNER_BATCH {
                let keys = std::mem::take(&mut batch);
                scope.spawn(move |_| test(keys));
            }
            !declined.load(Ordering::Relaxed)
        });
        if matches!(searched, Ok(true)) {
            test(batch);
        }
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

/// Vertices per rayon task of the partner tests.
const PARTNER_BATCH: usize = 256;

/// The largest level buffer (cells) a thread keeps for its next search: 4 MiB.
const SPARE_CELLS: usize = 1 << 19;

/// The largest basis set (slots) a thread keeps for its next search: 1 MiB, so that
/// emptying it costs little even when the next game is tiny.
const SPARE_SLOTS: usize = 1 << 16;

thread_local! {
    /// The buffers of this thread's last search, reused by the next one: fresh allocations of
    /// a level's tableaux and of the basis set cost a page fault every 4 KiB, about a sixth
    /// of a 12×12 search.
    static SPARE: RefCell<Option<Search>> = const { RefCell::new(None) };
}

/// The growing state of one search: the current and the next level, and the bases seen.
#[derive(Default)]
struct Search {
    level: Level,
    next: Level,
    seen: BasisSet,
}

impl Search {
    /// This thread's spare buffers, emptied, or new ones.
    fn take() -> Self {
        let mut search = SPARE.with_borrow_mut(Option::take).unwrap_or_default();
        search.level.clear();
        search.next.clear();
        search.seen.clear();
        search
    }

    /// Keeps the buffers for this thread's next search unless they are very large.
    fn give_back(self) {
        let cells = self.level.cells.capacity().max(self.next.cells.capacity());
        if cells <= SPARE_CELLS && self.seen.slots.len() <= SPARE_SLOTS {
            SPARE.set(Some(self));
        }
    }
}

/// Visits every basis of `{z >= 0 : C z <= 1}` (`c` is `k × d`) but the first by a
/// breadth-first search, passing each level's bases to `level` as the bit sets of their basic
/// variables (`i < d`: `z_i`, `d + j`: slack `j`); `false` if a vertex or a ratio test is
/// degenerate within [`MARGIN`], or `level` returns `false` (stop).
///
/// On x86-64 processors with AVX2 the search is compiled a second time for them (the ratio
/// tests and pivots vectorise four lanes wide) and chosen at run time.
fn bases(c: &[Vec<f64>], d: usize, max_bases: usize, level: Visit<'_>) -> Result<bool> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the processor supports AVX2 and FMA, as just checked.
        return unsafe { bases_avx2(c, d, max_bases, level) };
    }
    bases_portable(c, d, max_bases, level)
}

/// [`bases`] compiled for AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn bases_avx2(c: &[Vec<f64>], d: usize, max_bases: usize, level: Visit<'_>) -> Result<bool> {
    bases_portable(c, d, max_bases, level)
}

/// The search of [`bases`], inlined into each compiled variant.
#[inline(always)]
fn bases_portable(c: &[Vec<f64>], d: usize, max_bases: usize, visit: Visit<'_>) -> Result<bool> {
    let mut search = Search::take();
    let result = search_levels(&mut search, c, d, max_bases, visit);
    search.give_back();
    result
}

/// The breadth-first search of [`bases_portable`] in the buffers of `search`.
#[inline(always)]
fn search_levels(
    search: &mut Search,
    c: &[Vec<f64>],
    d: usize,
    max_bases: usize,
    visit: Visit<'_>,
) -> Result<bool> {
    let k = c.len();
    // Rows padded with zero columns to a multiple of four cells, so that the vectorised
    // loops over a row have no scalar remainder; padding stays zero under pivoting.
    let width = (1 + d).next_multiple_of(4);
    let size = k * width;
    let Search { level, next, seen } = search;
    for row in c {
        level.cells.push(1.0);
        level.cells.extend_from_slice(row);
        level.cells.resize(level.cells.len() + width - 1 - d, 0.0);
    }
    level.basic.extend((d..d + k).map(|v| v as u8));
    level.nonbasic.extend((0..d).map(|v| v as u8));
    let start = mask(d + k) & !mask(d);
    level.keys.push(start);
    level.back.push(NO_EDGE);
    seen.insert(start);
    let mut ratios = Ratios::new(width);
    let mut scaled = vec![0.0; width];
    while !level.keys.is_empty() {
        interrupt::check()?;
        for (s, &key) in level.keys.iter().enumerate() {
            let cells = &level.cells[s * size..(s + 1) * size];
            let basic = &level.basic[s * k..(s + 1) * k];
            let nonbasic = &level.nonbasic[s * d..(s + 1) * d];
            if !ratios.compute(cells, width) {
                return Ok(false);
            }
            for (col, &entering) in nonbasic.iter().enumerate() {
                let Some(r) = ratios.leaving(col) else {
                    return Ok(false);
                };
                // The edge back to the parent leads to a basis already seen.
                if col == usize::from(level.back[s]) {
                    continue;
                }
                let neighbour = (key & !(1 << basic[r])) | (1 << entering);
                if seen.insert(neighbour) {
                    let t = next.keys.len();
                    push_pivoted(&mut next.cells, &mut scaled, cells, width, r, 1 + col);
                    next.basic.extend_from_slice(basic);
                    next.nonbasic.extend_from_slice(nonbasic);
                    next.keys.push(neighbour);
                    next.back.push(col as u8);
                    next.nonbasic[t * d + col] = basic[r];
                    next.basic[t * k + r] = entering;
                }
            }
        }
        if seen.len() > max_bases {
            return Err(cap_error(max_bases));
        }
        if !visit(&next.keys) {
            return Ok(false);
        }
        std::mem::swap(level, next);
        next.clear();
    }
    Ok(true)
}

/// A set of basis keys (never 0: a basis has `k >= 1` basic variables) by open addressing
/// with linear probing, hashed by one multiplication (Fibonacci hashing); half full at most.
#[derive(Default)]
struct BasisSet {
    slots: Vec<u128>,
    len: usize,
}

impl BasisSet {
    /// Inserts `key`; `false` if it was there already.
    #[inline(always)]
    fn insert(&mut self, key: u128) -> bool {
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = Self::hash(key, mask);
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = key;
                    self.len += 1;
                    return true;
                }
                k if k == key => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    /// Empties the set, keeping its room.
    fn clear(&mut self) {
        self.slots.fill(0);
        self.len = 0;
    }

    #[inline(always)]
    fn hash(key: u128, mask: usize) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
    }

    fn grow(&mut self) {
        let size = (2 * self.slots.len()).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        self.len = 0;
        for key in old.into_iter().filter(|&k| k != 0) {
            self.insert(key);
        }
    }
}

/// Appends to `out` the dictionary `cells` (rows of length `width`, right-hand side first)
/// pivoted on row `r`, column `c`, without copying it first; the leaving variable's column,
/// now non-basic, replaces the entering one's. `scaled` is scratch space of length `width`.
#[inline(always)]
fn push_pivoted(
    out: &mut Vec<f64>,
    scaled: &mut [f64],
    cells: &[f64],
    width: usize,
    r: usize,
    c: usize,
) {
    let pivot_row = &cells[r * width..(r + 1) * width];
    let inverse = 1.0 / pivot_row[c];
    let scaled = &mut scaled[..width];
    for j in 0..width {
        scaled[j] = pivot_row[j] * inverse;
    }
    scaled[c] = inverse;
    for (i, row) in cells.chunks_exact(width).enumerate() {
        if i == r {
            out.extend_from_slice(scaled);
        } else {
            let f = row[c];
            let start = out.len();
            out.extend(row.iter().zip(scaled.iter()).map(|(x, y)| x - f * y));
            out[start + c] = -f * inverse;
        }
    }
}

/// The callback of [`bases`] for each level: `false` stops the search.
type Visit<'a> = &'a mut dyn FnMut(&[u128]) -> bool;

/// Marks the starting basis, which has no parent edge.
const NO_EDGE: u8 = u8::MAX;

/// The bases of one level of the search, flat: `k` rows of `1 + d` cells, `k` basic and `d`
/// non-basic variables per basis, its key (the bit set of basic variables) and the column
/// whose pivot leads back to its parent.
#[derive(Default)]
struct Level {
    cells: Vec<f64>,
    basic: Vec<u8>,
    nonbasic: Vec<u8>,
    keys: Vec<u128>,
    back: Vec<u8>,
}

impl Level {
    fn clear(&mut self) {
        self.cells.clear();
        self.basic.clear();
        self.nonbasic.clear();
        self.keys.clear();
        self.back.clear();
    }
}

/// The minimum-ratio tests of every column of one basis at once, row by row (the dictionary is
/// row-major): for each column the two largest `entry / rhs` (the reciprocals of the two
/// smallest ratios) and the row of the largest. Every cell of a row is scored, the
/// right-hand side too (its score is meaningless and never read).
struct Ratios {
    first: Vec<f64>,
    second: Vec<f64>,
    /// Row indices as floats, so that every lane of the loop is 64 bits wide (it vectorises).
    row: Vec<f64>,
}

impl Ratios {
    fn new(width: usize) -> Self {
        Self {
            first: vec![0.0; width],
            second: vec![0.0; width],
            row: vec![0.0; width],
        }
    }

    /// Runs the tests on the dictionary `cells`; `false` if a basic variable is within
    /// [`MARGIN`] of zero (a degenerate vertex).
    #[inline(always)]
    fn compute(&mut self, cells: &[f64], width: usize) -> bool {
        self.first.fill(0.0);
        self.second.fill(0.0);
        for (r, row) in cells.chunks_exact(width).enumerate() {
            let index = r as f64;
            if row[0] <= MARGIN {
                return false;
            }
            let inverse = 1.0 / row[0];
            let (first, second, best) = (
                &mut self.first[..width],
                &mut self.second[..width],
                &mut self.row[..width],
            );
            let entries = &row[..width];
            // Branch-free selects over equal-length slices, so that the loop vectorises; a
            // non-positive entry scores 0, which never wins.
            for c in 0..width {
                let score = if entries[c] > MARGIN {
                    entries[c] * inverse
                } else {
                    0.0
                };
                // Loaded and stored unconditionally (blends, not masked stores).
                let (top, runner, row) = (first[c], second[c], best[c]);
                let wins = score > top;
                let runner_up = if wins { top } else { score };
                second[c] = if runner_up > runner {
                    runner_up
                } else {
                    runner
                };
                best[c] = if wins { index } else { row };
                first[c] = if wins { score } else { top };
            }
        }
        true
    }

    /// The row leaving the basis when non-basic column `col` (cell `1 + col`) enters: the
    /// unique minimum ratio, or `None` if two ratios nearly tie (a degenerate neighbour) or
    /// the edge is unbounded.
    #[inline(always)]
    fn leaving(&self, col: usize) -> Option<usize> {
        let (first, second) = (self.first[1 + col], self.second[1 + col]);
        if first == 0.0 {
            return None;
        }
        // The ratios are 1/first < 1/second; they tie unless
        // 1/second - 1/first > MARGIN · max(1/first, 1), that is (without dividing)
        // first - second > MARGIN · second · max(1, first).
        (first - second > MARGIN * second * first.max(1.0)).then_some(self.row[1 + col] as usize)
    }
}

/// The partner test with its scratch space: `D` (`d × k`, row-major) and room for one square
/// system.
struct Partner<'a> {
    d: &'a [f64],
    k: usize,
    rows: Vec<usize>,
    columns: Vec<usize>,
    lu: Vec<f64>,
    w: Vec<f64>,
}

impl<'a> Partner<'a> {
    fn new(d: &'a [f64], k: usize) -> Self {
        Self {
            d,
            k,
            rows: Vec::new(),
            columns: Vec::new(),
            lu: Vec::new(),
            w: Vec::new(),
        }
    }

    /// Whether the vertex with support `support` and tight constraints `tight` has a partner:
    /// the solution `w` of `D[S, T] w_T = 1` has `w_T > 0` and `D w <= 1` off `S`. `None`
    /// when the answer is too close to call (a degenerate partner or an ill-conditioned
    /// system).
    ///
    /// The system is solved by Gaussian elimination with partial pivoting in the scratch
    /// space, as nalgebra's LU would, but without its allocations: this runs once per vertex.
    fn completes(&mut self, support: u128, tight: u128) -> Option<bool> {
        let k = self.k;
        self.rows.clear();
        self.rows.extend(bits(support));
        self.columns.clear();
        self.columns.extend(bits(tight));
        let s = self.rows.len();
        debug_assert_eq!(s, self.columns.len());
        self.lu.clear();
        for &i in &self.rows {
            let row = &self.d[i * k..(i + 1) * k];
            self.lu.extend(self.columns.iter().map(|&j| row[j]));
        }
        self.w.clear();
        self.w.resize(s, 1.0);
        let (a, w) = (&mut self.lu, &mut self.w);
        let (mut smallest, mut largest) = (f64::INFINITY, 0.0f64);
        for c in 0..s {
            let p = (c..s)
                .max_by(|&x, &y| a[x * s + c].abs().total_cmp(&a[y * s + c].abs()))
                .unwrap_or(c);
            if p != c {
                for j in c..s {
                    a.swap(p * s + j, c * s + j);
                }
                w.swap(p, c);
            }
            let (top, below) = a.split_at_mut((c + 1) * s);
            let pivot_row = &top[c * s + c..];
            let pivot = pivot_row[0];
            smallest = smallest.min(pivot.abs());
            largest = largest.max(pivot.abs());
            if pivot == 0.0 {
                return None;
            }
            for (r, row) in below.chunks_exact_mut(s).enumerate() {
                let f = row[c] / pivot;
                for (x, y) in row[c + 1..].iter_mut().zip(&pivot_row[1..]) {
                    *x -= f * y;
                }
                w[c + 1 + r] -= f * w[c];
            }
        }
        if smallest < CONDITION * largest {
            return None;
        }
        for c in (0..s).rev() {
            let row = &a[c * s..(c + 1) * s];
            let tail: f64 = row[c + 1..]
                .iter()
                .zip(&w[c + 1..])
                .map(|(x, y)| x * y)
                .sum();
            w[c] = (w[c] - tail) / row[c];
        }
        let mut unsure = false;
        let mut check = |slack: f64| {
            if slack < -MARGIN {
                false
            } else {
                unsure |= slack <= MARGIN;
                true
            }
        };
        if !w.iter().all(|&x| check(x)) {
            return Some(false);
        }
        for (i, row) in self.d.chunks_exact(k).enumerate() {
            if support & (1 << i) == 0 {
                let load: f64 = self
                    .columns
                    .iter()
                    .zip(w.iter())
                    .map(|(&j, x)| row[j] * x)
                    .sum();
                if !check(1.0 - load) {
                    return Some(false);
                }
            }
        }
        (!unsure).then_some(true)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

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
    fn basis_set_is_a_set() {
        let mut set = BasisSet::default();
        let mut reference = HashSet::new();
        let mut x = 0x2545_F491_4F6C_DD1Du128;
        for _ in 0..5000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Few distinct keys, spread over both halves, so that many repeat.
            let key = 1 + (x % 3000) * (1 << 70 | 1);
            assert_eq!(set.insert(key), reference.insert(key));
        }
        assert_eq!(set.len(), reference.len());
    }

    #[test]
    fn ratio_ties_and_unbounded_edges_are_reported() {
        let mut ratios = Ratios::new(3);
        // Rows (rhs, column 0, column 1): column 0 ties (1/1 = 2/2), column 1 is unbounded.
        assert!(ratios.compute(&[1.0, 1.0, 0.0, 2.0, 2.0, -1.0], 3));
        assert_eq!((ratios.leaving(0), ratios.leaving(1)), (None, None));
        assert!(ratios.compute(&[1.0, 1.0, 0.5, 3.0, 2.0, 1.0], 3));
        assert_eq!((ratios.leaving(0), ratios.leaving(1)), (Some(0), Some(0)));
        // A basic variable at zero: a degenerate vertex.
        assert!(!ratios.compute(&[0.0, 1.0, 1.0], 3));
    }
}
