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

use std::sync::{Mutex, PoisonError};

use super::memory::Budget;
use super::{bits, mask};
use crate::error::{Error, Result};
use crate::interrupt;

mod search;

#[cfg(target_arch = "x86_64")]
use search::Isa;

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
/// At most `max_bases` bases are visited ([`super::cap_error`] beyond). The search is split between
/// the threads of rayon's pool ([`search::bases`]), and each thread tests the partners (and
/// runs `certify`) of the bases it finds, a batch at a time. Its paths take at most half of
/// what is left of `budget` ([`search::bases`]); each equilibrium found is counted as
/// `pair_bytes` against the rest.
pub(super) fn equilibria<T: Send>(
    c: &[Vec<f64>],
    partner: &[Vec<f64>],
    max_bases: usize,
    budget: &Budget,
    pair_bytes: usize,
    certify: impl Fn(u128, u128) -> T + Sync,
) -> Result<Option<Vec<T>>> {
    let (k, d) = (c.len(), partner.len());
    let padded = Padded::new(partner);
    let (low, high) = (mask(d), mask(k));
    let found = Mutex::new(Vec::new());
    let over: Mutex<Option<Error>> = Mutex::new(None);
    let visitor = || {
        let mut solver = Partner::new(&padded);
        let (found, certify, over) = (&found, &certify, &over);
        move |keys: &[u128]| {
            let mut pairs = Vec::new();
            for key in keys {
                // Basic `z_i`: the support; non-basic slacks: the tight constraints.
                let (support, tight) = (key & low, !(key >> d) & high);
                match solver.completes(support, tight) {
                    None => return false,
                    Some(true) => pairs.push(certify(support, tight)),
                    Some(false) => {}
                }
            }
            if !pairs.is_empty() {
                let counted = budget.charge(pairs.len() * pair_bytes, || {
                    "to hold the equilibria found by the search".into()
                });
                if let Err(error) = counted {
                    over.lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .get_or_insert(error);
                    return false;
                }
                found
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend(pairs);
            }
            true
        }
    };
    let searched = search::bases(c, d, max_bases, budget, &visitor)?;
    if let Some(error) = over.into_inner().unwrap_or_else(PoisonError::into_inner) {
        return Err(error);
    }
    if !searched {
        return Ok(None);
    }
    interrupt::check()?;
    let found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    // A nondegenerate game has an odd number of equilibria (Lemke-Howson's parity theorem):
    // an even count means a decision above went wrong despite the margins.
    Ok((found.len() % 2 == 1).then_some(found))
}

/// Columns per lane group of the search's ratio tests and of the partner test's dot products (rows are
/// padded to a multiple of it).
const LANES: usize = 4;

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
    /// equal row `s` if it is inside. On random games this rejects most vertices at the cost
    /// of one pass over `T` per row, far less than the solve it spares.
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
    pub(super) fn random_matrix(
        rows: usize,
        columns: usize,
        low: f64,
        mut seed: u64,
    ) -> Vec<Vec<f64>> {
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

    pub(super) fn plenty() -> Budget {
        Budget::new(1 << 30)
    }

    fn pair(s: u128, t: u128) -> (u128, u128) {
        (s, t)
    }

    #[test]
    fn battle_of_the_sexes_has_three_labelled_pairs() {
        let (cp, cq) = polytopes(&[&[2.0, 0.0], &[0.0, 1.0]], &[&[1.0, 0.0], &[0.0, 2.0]]);
        let mut found = equilibria(&cp, &cq, 100, &plenty(), 0, pair)
            .unwrap()
            .unwrap();
        found.sort_unstable();
        // (T, L), (B, R) and the mixture with both supports full.
        assert_eq!(found, vec![(0b01, 0b01), (0b10, 0b10), (0b11, 0b11)]);
    }

    #[test]
    fn degenerate_games_are_declined() {
        // Column L is a best response to both rows (a tie in P): a degenerate vertex.
        let (cp, cq) = polytopes(&[&[1.0, 0.0], &[0.0, 1.0]], &[&[1.0, 1.0], &[1.0, 0.0]]);
        assert_eq!(equilibria(&cp, &cq, 100, &plenty(), 0, pair).unwrap(), None);
        // All payoffs equal: every vertex is degenerate.
        let (cp, cq) = polytopes(&[&[0.0, 0.0], &[0.0, 0.0]], &[&[0.0, 0.0], &[0.0, 0.0]]);
        assert_eq!(equilibria(&cp, &cq, 100, &plenty(), 0, pair).unwrap(), None);
        // P is nondegenerate, but the partner of its fully mixed vertex is y = (1, 0), where
        // three constraints of Q are tight: too close to call for floats.
        let (cp, cq) = polytopes(&[&[0.0, 1.0], &[0.0, 2.0]], &[&[2.0, 0.0], &[0.0, 1.0]]);
        assert_eq!(equilibria(&cp, &cq, 100, &plenty(), 0, pair).unwrap(), None);
    }

    #[test]
    fn base_cap_is_an_error() {
        let (cp, cq) = polytopes(&[&[2.0, 0.0], &[0.0, 1.0]], &[&[1.0, 0.0], &[0.0, 2.0]]);
        let err = equilibria(&cp, &cq, 2, &plenty(), 0, pair).unwrap_err();
        assert!(err.to_string().contains("max_vertices"));
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
}
