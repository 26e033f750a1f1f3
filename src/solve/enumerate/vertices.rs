//! Every vertex of a polytope `{z ∈ R^d : z >= 0, C z <= 1}` with `C > 0`, by a breadth-first
//! search over the lexicographically feasible bases of its simplex tableau.
//!
//! Perturbing the right-hand side `1` to `1 + (ε, ε², …, ε^k)` makes the polytope simple: each
//! vertex of the perturbed polytope has exactly one basis, `d` neighbours, and the
//! lexicographic minimum-ratio test finds each neighbour without ambiguity. Its vertex graph is
//! connected, so the search from the basis of `z = 0` visits all of them; and every vertex of
//! the original polytope is the limit of one of them (a linear objective maximised only at the
//! vertex is maximised on the perturbed polytope at a nearby perturbed vertex). The labels of a
//! vertex (its tight inequalities) are read from the unperturbed right-hand side, so degenerate
//! vertices are reported once, with all of their labels.

use std::cmp::Ordering;
use std::collections::hash_map::Entry;

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use ethnum::I256;
use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rayon::prelude::*;

use super::cap_error;
use super::memory::Budget;
use crate::error::{Error, Result};
use crate::interrupt;
use crate::progress;

/// The arithmetic of a tableau: exact integers with fraction-free pivoting, or floats.
pub(super) trait Scalar: Clone + Send + Sync {
    /// The number 1.
    fn one() -> Self;
    /// The number 0.
    fn zero() -> Self;
    /// The sign of the number (floats: 0 within the tolerance).
    fn sign(&self) -> Ordering;
    /// Compares `a1 / t1` with `a2 / t2` for positive `t1`, `t2`.
    fn cmp_ratio(a1: &Self, t1: &Self, a2: &Self, t2: &Self) -> Ordering;
    /// Pivots `tableau` on row `r`, column `c` (its entry there is positive); `false` if an
    /// entry overflowed the type (machine integers only; the tableau is then unusable).
    fn pivot(tableau: &mut Tableau<Self>, r: usize, c: usize) -> bool;
    /// The bytes the number takes, its heap allocation included (an overestimate).
    fn bytes(&self) -> usize;
    /// The bytes of `numbers`: [`Scalar::bytes`] summed (for fixed-size numbers, a product).
    fn total_bytes(numbers: &[Self]) -> usize {
        numbers.iter().map(Self::bytes).sum()
    }
    /// Every vertex of `{z >= 0 : C z <= 1}`, as [`vertices`] (which this is, but for big
    /// integers: machine integers first, [`exact_vertices`]).
    fn enumerate(
        c: &[Vec<Self>],
        d: usize,
        max_bases: usize,
        budget: &Budget,
    ) -> Result<Vec<Vertex<Self>>> {
        vertices(c, d, max_bases, budget)
    }
}

/// Sign and ratio tests of the float tableau are exact below this absolute tolerance.
const FLOAT_TOLERANCE: f64 = 1e-9;

impl Scalar for f64 {
    fn one() -> Self {
        1.0
    }
    fn zero() -> Self {
        0.0
    }
    fn sign(&self) -> Ordering {
        if *self > FLOAT_TOLERANCE {
            Ordering::Greater
        } else if *self < -FLOAT_TOLERANCE {
            Ordering::Less
        } else {
            Ordering::Equal
        }
    }
    fn cmp_ratio(a1: &Self, t1: &Self, a2: &Self, t2: &Self) -> Ordering {
        let (l, r) = (a1 * t2, a2 * t1);
        if (l - r).abs() <= FLOAT_TOLERANCE * l.abs().max(r.abs()).max(1.0) {
            Ordering::Equal
        } else {
            l.total_cmp(&r)
        }
    }
    fn pivot(t: &mut Tableau<Self>, r: usize, c: usize) -> bool {
        let w = t.width;
        let (before, rest) = t.cells.split_at_mut(r * w);
        let (pivot_row, after) = rest.split_at_mut(w);
        let p = pivot_row[c];
        for x in pivot_row.iter_mut() {
            *x /= p;
        }
        // The leaving variable's column, now non-basic, replaces the entering one's.
        pivot_row[c] = 1.0 / p;
        for row in before.chunks_mut(w).chain(after.chunks_mut(w)) {
            let f = row[c];
            if f != 0.0 {
                for (x, y) in row.iter_mut().zip(pivot_row.iter()) {
                    *x -= f * y;
                }
                row[c] = -f / p;
            }
        }
        true
    }
    fn bytes(&self) -> usize {
        size_of::<f64>()
    }
    fn total_bytes(numbers: &[Self]) -> usize {
        size_of_val(numbers)
    }
}

impl Scalar for BigInt {
    fn one() -> Self {
        One::one()
    }
    fn zero() -> Self {
        Zero::zero()
    }
    fn sign(&self) -> Ordering {
        if self.is_positive() {
            Ordering::Greater
        } else if self.is_negative() {
            Ordering::Less
        } else {
            Ordering::Equal
        }
    }
    fn cmp_ratio(a1: &Self, t1: &Self, a2: &Self, t2: &Self) -> Ordering {
        (a1 * t2).cmp(&(a2 * t1))
    }
    /// Integer pivoting (Bareiss; von Stengel 2002, §2.5): every entry stays an integer, the
    /// division by the previous determinant is exact, and the pivot becomes the determinant.
    fn pivot(t: &mut Tableau<Self>, r: usize, c: usize) -> bool {
        let w = t.width;
        let (before, rest) = t.cells.split_at_mut(r * w);
        let (pivot_row, after) = rest.split_at_mut(w);
        let p = std::mem::replace(&mut pivot_row[c], t.det.clone());
        for row in before.chunks_mut(w).chain(after.chunks_mut(w)) {
            let f = std::mem::take(&mut row[c]);
            for (j, (x, y)) in row.iter_mut().zip(pivot_row.iter()).enumerate() {
                if j != c {
                    let value: BigInt = &p * &*x - &f * y;
                    *x = value / &t.det;
                }
            }
            // The leaving variable's column, now non-basic, replaces the entering one's.
            row[c] = -f;
        }
        t.det = p;
        true
    }
    /// The limbs, rounded up to the allocator's 16-byte granules, plus its 16-byte header
    /// (limbs may have spare capacity: a quarter more is counted).
    fn bytes(&self) -> usize {
        let limbs = self.bits().div_ceil(64) as usize;
        let heap = if limbs == 0 {
            0
        } else {
            (limbs + limbs / 4) * 8 + 16
        };
        size_of::<BigInt>() + heap.next_multiple_of(16)
    }
    fn enumerate(
        c: &[Vec<Self>],
        d: usize,
        max_bases: usize,
        budget: &Budget,
    ) -> Result<Vec<Vertex<Self>>> {
        exact_vertices(c, d, max_bases, budget)
    }
}

/// An exact integer in a machine word, pivoted without division: every entry of the search
/// is a minor of `[1 | C | I]` (von Stengel 2002, §2.5), below `2^Tableau::bits` by Hadamard's
/// inequality, so the exact quotient of the integer pivoting rule is known from its
/// residue modulo `2^128`: the products wrap, and the division by the previous determinant
/// `2^s · d` (`d` odd) is a shift and a multiplication by the inverse of `d` modulo `2^128`
/// (exact division: Jebelean 1993), exact while `bits + s < 127`. A pivot that would leave
/// that range reports an overflow and the search moves to big integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Wide(i128);

/// `x` as a float within a relative `2^-51` (64-bit conversions: `i128 as f64` is a slow
/// library call). Beyond 64 bits the high word dominates: `|x| >= 2^63`, so the low word's
/// rounding (at most `2^11`) and the cancellation (at most a factor 2) stay relative.
fn approx(x: i128) -> f64 {
    const TWO_64: f64 = 18_446_744_073_709_551_616.0;
    match i64::try_from(x) {
        Ok(small) => small as f64,
        Err(_) => ((x >> 64) as i64 as f64).mul_add(TWO_64, x as u64 as f64),
    }
}

/// The inverse of an odd `d` modulo `2^128` (Newton's iteration doubles the correct bits:
/// `d · d ≡ 1 (mod 8)` to start, then 6, 12, …, 192).
fn inverse_mod_2_128(d: u128) -> u128 {
    debug_assert!(d % 2 == 1);
    let mut inverse = d;
    for _ in 0..6 {
        inverse = inverse.wrapping_mul(2u128.wrapping_sub(d.wrapping_mul(inverse)));
    }
    inverse
}

impl Scalar for Wide {
    fn one() -> Self {
        Self(1)
    }
    fn zero() -> Self {
        Self(0)
    }
    fn sign(&self) -> Ordering {
        self.0.cmp(&0)
    }
    fn cmp_ratio(a1: &Self, t1: &Self, a2: &Self, t2: &Self) -> Ordering {
        // In floats first: each product is within a relative 2^-49 of the exact one, so a
        // relative gap above 1e-12 decides.
        let (l, r) = (approx(a1.0) * approx(t2.0), approx(a2.0) * approx(t1.0));
        if (l - r).abs() > 1e-12 * l.abs().max(r.abs()) {
            return l.total_cmp(&r);
        }
        // Entries below 2^126: the products fit in 256 bits.
        (I256::from(a1.0) * I256::from(t2.0)).cmp(&(I256::from(a2.0) * I256::from(t1.0)))
    }
    /// [`BigInt`]'s integer pivoting in residues modulo `2^128` (see [`Wide`]); `false` if
    /// the previous determinant's factor `2^s` leaves too few bits for exact quotients.
    fn pivot(t: &mut Tableau<Self>, r: usize, c: usize) -> bool {
        let (w, det) = (t.width, t.det.0.unsigned_abs());
        let shift = det.trailing_zeros();
        if t.bits.saturating_add(shift) >= 127 {
            return false;
        }
        let inverse = inverse_mod_2_128(det >> shift);
        let (before, rest) = t.cells.split_at_mut(r * w);
        let (pivot_row, after) = rest.split_at_mut(w);
        let p = std::mem::replace(&mut pivot_row[c], t.det).0 as u128;
        for row in before.chunks_mut(w).chain(after.chunks_mut(w)) {
            let f = std::mem::replace(&mut row[c], Self(0)).0 as u128;
            for (j, (x, y)) in row.iter_mut().zip(pivot_row.iter()).enumerate() {
                if j != c {
                    // `(p·x − f·y) / det`, exact, modulo 2^128: wrapping is harmless.
                    let residue = p
                        .wrapping_mul(x.0 as u128)
                        .wrapping_sub(f.wrapping_mul(y.0 as u128));
                    // The quotient modulo 2^(128 − s), sign-extended: it lies below
                    // 2^bits <= 2^(126 − s) in absolute value.
                    let quotient = (residue >> shift).wrapping_mul(inverse) << shift;
                    x.0 = (quotient as i128) >> shift;
                }
            }
            row[c] = Self(-(f as i128));
        }
        t.det = Self(p as i128);
        true
    }
    fn bytes(&self) -> usize {
        size_of::<Self>()
    }
    fn total_bytes(numbers: &[Self]) -> usize {
        size_of_val(numbers)
    }
}

/// An upper bound on `log2` of the absolute value of every minor of `[1 | C | I]` (the
/// entries of every tableau of the search are such minors; von Stengel 2002, §2.5): by
/// Hadamard's inequality, the product of the `min(k, d + 1)` longest rows, or columns, of
/// `[1 | C]` (an identity column only removes a row and a column), whichever is smaller.
fn log2_minor_bound(c: &[Vec<BigInt>], d: usize) -> f64 {
    let square = |x: &BigInt| x.to_f64().map_or(f64::INFINITY, |x| x * x);
    let rows: Vec<f64> = c
        .iter()
        .map(|row| 1.0 + row.iter().map(square).sum::<f64>())
        .collect();
    let mut columns = vec![c.len() as f64];
    columns.extend((0..d).map(|j| c.iter().map(|row| square(&row[j])).sum::<f64>()));
    let order = c.len().min(d + 1);
    let bound = |mut squares: Vec<f64>| -> f64 {
        squares.sort_unstable_by(|a, b| b.total_cmp(a));
        squares
            .iter()
            .take(order)
            .map(|s| 0.5 * s.max(1.0).log2())
            .sum()
    };
    bound(rows).min(bound(columns))
}

/// [`vertices`] in exact integers: in [`Wide`] machine words where Hadamard's bound on the
/// minors of `[C | I]` leaves room, else (or when a determinant's factor of 2 is too large)
/// in big integers, the machine-word search then dropped and its memory given back.
pub(super) fn exact_vertices(
    c: &[Vec<BigInt>],
    d: usize,
    max_bases: usize,
    budget: &Budget,
) -> Result<Vec<Vertex<BigInt>>> {
    match exact_search(c, d, max_bases, false, budget)? {
        Searched::Found(found) => Ok(found),
        Searched::Overflow | Searched::Degenerate => Err(internal_overflow()),
    }
}

/// [`exact_vertices`] of a simple polytope: `None` as soon as the search meets a degenerate
/// vertex (more than `d` tight inequalities), with everything it counted given back.
pub(super) fn exact_simple_vertices(
    c: &[Vec<BigInt>],
    d: usize,
    max_bases: usize,
    budget: &Budget,
) -> Result<Option<Vec<Vertex<BigInt>>>> {
    match exact_search(c, d, max_bases, true, budget)? {
        Searched::Found(found) => Ok(Some(found)),
        Searched::Overflow => Err(internal_overflow()),
        Searched::Degenerate => Ok(None),
    }
}

/// [`search`] in [`Wide`] machine words when Hadamard's bound allows, else (or after an
/// overflow) in big integers.
fn exact_search(
    c: &[Vec<BigInt>],
    d: usize,
    max_bases: usize,
    simple: bool,
    budget: &Budget,
) -> Result<Searched<BigInt>> {
    // Above the bound by a margin for the rounding of the logarithms.
    let bound = log2_minor_bound(c, d) + 1e-6;
    let words: Option<Vec<Vec<Wide>>> = c
        .iter()
        .map(|row| row.iter().map(|x| x.to_i128().map(Wide)).collect())
        .collect();
    if bound < 126.0
        && let Some(words) = words
    {
        // Every entry is a minor, below 2^bits <= 2^126.
        let bits = bound.ceil() as u32;
        match search(&words, d, max_bases, bits, simple, budget)? {
            Searched::Found(found) => {
                return Ok(Searched::Found(
                    found
                        .into_iter()
                        .map(|v| Vertex {
                            zero: v.zero,
                            point: v.point.into_iter().map(|x| BigInt::from(x.0)).collect(),
                        })
                        .collect(),
                ));
            }
            Searched::Degenerate => return Ok(Searched::Degenerate),
            Searched::Overflow => {}
        }
    }
    search(c, d, max_bases, 0, simple, budget)
}

/// The error of an overflow where none can happen (big integers do not overflow).
fn internal_overflow() -> Error {
    Error::Solver(
        "vertex enumeration overflowed its arithmetic, which only machine integers can \
         (an internal error: please report it)"
            .into(),
    )
}

/// A simplex dictionary: the right-hand side and non-basic columns of the tableau
/// `det · B⁻¹ [1 | C | I]` (the basic columns are `det` times unit vectors, left implicit).
#[derive(Clone)]
pub(super) struct Tableau<S> {
    /// One row per constraint, row-major: right-hand side, then one column per non-basic
    /// variable.
    cells: Vec<S>,
    /// The length of a row, `1 + d`.
    width: usize,
    /// The non-basic variable of each column after the first.
    nonbasic: Vec<usize>,
    /// The basic variable of each row (`< d`: `z_i`; `d + j`: slack of constraint `j`).
    basic: Vec<usize>,
    /// The basic variables as a bit set.
    key: u128,
    /// The common denominator (1 for floats).
    det: S,
    /// Every entry of the search is below `2^bits` in absolute value ([`Wide`] relies on
    /// it; unused by the other arithmetics).
    bits: u32,
}

/// A vertex of the polytope.
#[derive(Clone, Debug)]
pub(super) struct Vertex<S> {
    /// Bit `i < d`: `z_i = 0`; bit `d + j`: constraint `j` is tight.
    pub(super) zero: u128,
    /// The coordinates `z`, all multiplied by the same positive number.
    pub(super) point: Vec<S>,
}

/// Bytes counted for each basis in the set of bases seen: the key and the hash table's
/// control byte, at the table's lowest load (1/2 after it grows) and with the old table still
/// alive while it grows (16 + 1 bytes, times 2, times 1.5, rounded up).
const SEEN_BYTES: usize = 64;

/// Bytes counted for each entry of the map of vertices found, besides the vertex's
/// coordinates: key, vertex header and control byte, with the same slack as [`SEEN_BYTES`].
const FOUND_BYTES: usize = 192;

/// Every vertex of `{z >= 0 : C z <= 1}` for the `k × d` matrix `c` with positive entries,
/// once each, in no particular order; at most `max_bases` bases are visited, and what the
/// search keeps is counted against `budget`.
///
/// The search keeps the set of bases seen ([`SEEN_BYTES`] each), the distinct vertices found
/// (their coordinates and [`FOUND_BYTES`]) and the tableaux of the bases seen but not yet
/// expanded, each counted from its actual size ([`Tableau::bytes`]). Bases are expanded a
/// batch at a time (rayon-parallel within a batch), most recently found first, so that the
/// duplicate neighbours a batch produces are dropped before the next batch is expanded; a
/// batch is smaller when its neighbours' tableaux would take more than a quarter of the
/// budget left.
pub(super) fn vertices<S: Scalar>(
    c: &[Vec<S>],
    d: usize,
    max_bases: usize,
    budget: &Budget,
) -> Result<Vec<Vertex<S>>> {
    match search(c, d, max_bases, 0, false, budget)? {
        Searched::Found(found) => Ok(found),
        Searched::Overflow | Searched::Degenerate => Err(internal_overflow()),
    }
}

/// What one search has counted against the budget, so that an abandoned search (an overflow
/// of machine integers) can give it back.
struct Tally<'a> {
    budget: &'a Budget,
    mine: AtomicUsize,
}

impl Tally<'_> {
    fn charge(&self, bytes: usize, doing: impl FnOnce() -> String) -> Result<()> {
        self.budget.charge(bytes, doing)?;
        self.mine.fetch_add(bytes, AtomicOrdering::Relaxed);
        Ok(())
    }

    fn release(&self, bytes: usize) {
        self.budget.release(bytes);
        self.mine.fetch_sub(bytes, AtomicOrdering::Relaxed);
    }
}

/// A basis expanded: its vertex and its unvisited neighbours (`None`: a pivot overflowed).
type Expanded<S> = (Vertex<S>, Option<Vec<Tableau<S>>>);

/// How a [`search`] ended.
pub(super) enum Searched<S> {
    /// Every vertex.
    Found(Vec<Vertex<S>>),
    /// A pivot overflowed the machine integers.
    Overflow,
    /// A degenerate vertex was met by a search for the vertices of a simple polytope.
    Degenerate,
}

/// [`vertices`], or [`Searched::Overflow`] if a pivot overflowed, or (with `simple`)
/// [`Searched::Degenerate`] at the first degenerate vertex; either way everything it counted
/// is then given back. `bits` as [`Tableau::bits`].
fn search<S: Scalar>(
    c: &[Vec<S>],
    d: usize,
    max_bases: usize,
    bits: u32,
    simple: bool,
    budget: &Budget,
) -> Result<Searched<S>> {
    let tally = Tally {
        budget,
        mine: AtomicUsize::new(0),
    };
    let k = c.len();
    debug_assert!(d + k <= 128);
    let width = 1 + d;
    let mut cells = Vec::new();
    cells
        .try_reserve_exact(k * width)
        .map_err(|_| budget.exceeded(k * width * size_of::<S>(), "for one tableau"))?;
    for row in c {
        cells.push(S::one());
        cells.extend(row.iter().cloned());
    }
    let start = Tableau {
        cells,
        width,
        nonbasic: (0..d).collect(),
        basic: (d..d + k).collect(),
        key: (d..d + k).fold(0u128, |key, v| key | 1 << v),
        det: S::one(),
        bits,
    };
    let doing = |seen: usize| {
        move || format!("to enumerate the vertices of a best-response polytope ({seen} bases seen)")
    };
    tally.charge(start.bytes() + SEEN_BYTES, doing(1))?;
    let mut seen: FxHashSet<u128> = FxHashSet::from_iter([start.key]);
    let mut found: FxHashMap<u128, Vertex<S>> = FxHashMap::default();
    let mut todo = vec![start];
    let threads = rayon::current_num_threads().max(1);
    while let Some(last) = todo.last() {
        interrupt::check()?;
        // Up to 16 bases per thread, fewer if their neighbours (`d` each, about this size)
        // would take more than a quarter of the budget left.
        let neighbours_bytes = last.bytes().saturating_mul(d.max(1));
        let fit = budget.remaining() / 4 / neighbours_bytes.max(1);
        let batch_size = fit.clamp(threads, 16 * threads);
        let batch = todo.split_off(todo.len().saturating_sub(batch_size));
        let batch_bytes: usize = batch.iter().map(Tableau::bytes).sum();
        let token = interrupt::current();
        let seen_now = seen.len();
        let expanded: Vec<Expanded<S>> = batch
            .par_iter()
            .map(|t| {
                interrupt::within(token.as_ref(), interrupt::check)?;
                Ok((vertex(t, d), neighbours(t, d, k, &seen, &tally, seen_now)?))
            })
            .collect::<Result<_>>()?;
        drop(batch);
        tally.release(batch_bytes);
        progress::add(expanded.len() as u64);
        let overflow = expanded.iter().any(|(_, next)| next.is_none());
        // A simple polytope's vertices have exactly `d` zero variables (the non-basic ones).
        let degenerate = simple
            && expanded
                .iter()
                .any(|(v, _)| v.zero.count_ones() as usize > d);
        if overflow || degenerate {
            drop((expanded, todo, found));
            budget.release(tally.mine.into_inner());
            return Ok(if overflow {
                Searched::Overflow
            } else {
                Searched::Degenerate
            });
        }
        for (v, next) in expanded {
            if let Entry::Vacant(entry) = found.entry(v.zero) {
                tally.charge(v.bytes() + FOUND_BYTES, doing(seen.len()))?;
                entry.insert(v);
            }
            for t in next.into_iter().flatten() {
                if seen.insert(t.key) {
                    tally.charge(SEEN_BYTES, doing(seen.len()))?;
                    todo.push(t);
                } else {
                    tally.release(t.bytes());
                }
            }
        }
        if seen.len() > max_bases {
            return Err(cap_error(max_bases));
        }
    }
    Ok(Searched::Found(found.into_values().collect()))
}

impl<S: Scalar> Tableau<S> {
    /// The bytes the tableau takes (an overestimate: the allocator's headers are counted).
    fn bytes(&self) -> usize {
        size_of::<Self>()
            + S::total_bytes(&self.cells)
            + (self.nonbasic.len() + self.basic.len()) * size_of::<usize>()
            + 3 * 16
            + self.det.bytes()
    }
}

impl<S: Scalar> Vertex<S> {
    /// The bytes of the vertex's coordinates.
    pub(super) fn bytes(&self) -> usize {
        S::total_bytes(&self.point) + 16
    }
}

/// The vertex of a basis: its zero variables and coordinates.
fn vertex<S: Scalar>(t: &Tableau<S>, d: usize) -> Vertex<S> {
    let mut zero = !t.key;
    let mut point = vec![S::zero(); d];
    for (row, &v) in t.cells.chunks(t.width).zip(&t.basic) {
        if row[0].sign() == Ordering::Equal {
            zero |= 1 << v;
        } else if v < d {
            point[v] = row[0].clone();
        }
    }
    let width = d + t.basic.len();
    if width < 128 {
        zero &= (1u128 << width) - 1;
    }
    Vertex { zero, point }
}

/// Where a variable stands in a dictionary.
#[derive(Clone, Copy)]
enum Place {
    /// Basic in this row (its column is `det` times a unit vector).
    Row(usize),
    /// Non-basic in this cell column.
    Column(usize),
}

/// The unvisited neighbours of a lexicographically feasible basis, pivoted (`None` if a pivot
/// overflowed).
/// Each is counted against `budget` (`seen_count` bases seen so far, for the message): the
/// parent's size before it is copied, corrected to the pivoted tableau's size after.
fn neighbours<S: Scalar>(
    t: &Tableau<S>,
    d: usize,
    k: usize,
    seen: &FxHashSet<u128>,
    budget: &Tally<'_>,
    seen_count: usize,
) -> Result<Option<Vec<Tableau<S>>>> {
    let estimate = t.bytes();
    let doing = || {
        format!(
            "to enumerate the vertices of a best-response polytope ({seen_count} bases seen, \
             tableaux of {} KiB each)",
            estimate.div_ceil(1024)
        )
    };
    // The columns of B⁻¹ (times det) are the slack columns of the full tableau.
    let mut slacks = vec![Place::Row(0); k];
    for (r, &v) in t.basic.iter().enumerate() {
        if v >= d {
            slacks[v - d] = Place::Row(r);
        }
    }
    for (c, &v) in t.nonbasic.iter().enumerate() {
        if v >= d {
            slacks[v - d] = Place::Column(1 + c);
        }
    }
    let zero = S::zero();
    let mut out = Vec::new();
    for (c, &entering) in t.nonbasic.iter().enumerate() {
        let col = 1 + c;
        let mut best: Option<usize> = None;
        for r in 0..k {
            if t.cells[r * t.width + col].sign() != Ordering::Greater {
                continue;
            }
            best = Some(match best {
                None => r,
                Some(b) if lex_less(t, r, b, col, &slacks, &zero) => r,
                Some(b) => b,
            });
        }
        let Some(r) = best else {
            return Err(Error::Solver(
                "vertex enumeration met an unbounded edge of a best-response polytope, which \
                 is bounded by construction (numerical trouble: try exact arithmetic)"
                    .into(),
            ));
        };
        let key = (t.key & !(1 << t.basic[r])) | (1 << entering);
        if seen.contains(&key) {
            continue;
        }
        budget.charge(estimate, doing)?;
        let mut next = t.clone();
        if !S::pivot(&mut next, r, col) {
            budget.release(estimate);
            return Ok(None);
        }
        let actual = next.bytes();
        if actual > estimate {
            budget.charge(actual - estimate, doing)?;
        } else {
            budget.release(estimate - actual);
        }
        next.nonbasic[c] = t.basic[r];
        next.basic[r] = entering;
        next.key = key;
        out.push(next);
    }
    Ok(Some(out))
}

/// Whether row `a` beats row `b` in the lexicographic ratio test of column `col`: compares
/// `(rhs, B⁻¹ row) / entry` entry by entry (ties, possible only with floats, go to `a < b`).
fn lex_less<S: Scalar>(
    t: &Tableau<S>,
    a: usize,
    b: usize,
    col: usize,
    slacks: &[Place],
    zero: &S,
) -> bool {
    let w = t.width;
    let (ra, rb) = (&t.cells[a * w..(a + 1) * w], &t.cells[b * w..(b + 1) * w]);
    let entry = |row: &'_ [S], i: usize, place: Place| -> S {
        match place {
            Place::Column(j) => row[j].clone(),
            Place::Row(r) if r == i => t.det.clone(),
            Place::Row(_) => zero.clone(),
        }
    };
    match S::cmp_ratio(&ra[0], &ra[col], &rb[0], &rb[col]) {
        Ordering::Less => return true,
        Ordering::Greater => return false,
        Ordering::Equal => {}
    }
    for &place in slacks {
        let (x, y) = (entry(ra, a, place), entry(rb, b, place));
        match S::cmp_ratio(&x, &ra[col], &y, &rb[col]) {
            Ordering::Less => return true,
            Ordering::Greater => return false,
            Ordering::Equal => {}
        }
    }
    a < b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plenty() -> Budget {
        Budget::new(1 << 30)
    }

    fn int(rows: &[&[i64]]) -> Vec<Vec<BigInt>> {
        rows.iter()
            .map(|r| r.iter().map(|&x| BigInt::from(x)).collect())
            .collect()
    }

    #[test]
    fn square_and_degenerate_simplex() {
        // {z >= 0 : z1 <= 1, z2 <= 1}: the unit square, 4 vertices.
        let v = vertices(&int(&[&[1, 0], &[0, 1]]), 2, 100, &plenty());
        // C must be positive in use, but the square is a fine bounded test case here.
        assert_eq!(v.unwrap().len(), 4);
        // z1 + z2 <= 1 three times: a triangle whose vertices are all degenerate.
        let v = vertices(&int(&[&[1, 1], &[1, 1], &[1, 1]]), 2, 100, &plenty()).unwrap();
        let mut zeros: Vec<u128> = v.iter().map(|v| v.zero).collect();
        zeros.sort_unstable();
        // (0,0): z1, z2 zero; (1,0): z2 zero, all tight; (0,1): z1 zero, all tight.
        assert_eq!(zeros, vec![0b00011, 0b11100 | 0b01, 0b11100 | 0b10]);
        let f = vertices(&[vec![1.0, 1.0], vec![1.0, 1.0]], 2, 100, &plenty()).unwrap();
        assert_eq!(f.len(), 3);
    }

    /// The vertices as sorted (zero set, coordinates) pairs.
    fn sorted(v: Vec<Vertex<BigInt>>) -> Vec<(u128, Vec<BigInt>)> {
        let mut v: Vec<_> = v.into_iter().map(|v| (v.zero, v.point)).collect();
        v.sort();
        v
    }

    /// `rows` scaled by `scale`, as big integers and as machine words.
    fn scaled(rows: &[Vec<i64>], scale: i64) -> (Vec<Vec<BigInt>>, Vec<Vec<Wide>>) {
        let big = rows
            .iter()
            .map(|r| r.iter().map(|&x| BigInt::from(x * scale)).collect())
            .collect();
        let words = rows
            .iter()
            .map(|r| r.iter().map(|&x| Wide(i128::from(x * scale))).collect())
            .collect();
        (big, words)
    }

    #[test]
    fn machine_words_agree_with_big_integers_and_fall_back_on_overflow() {
        // A 7 × 6 polytope with entries 1..=9 (degenerate ties included): machine words
        // all the way.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            1 + (seed % 9) as i64
        };
        let rows: Vec<Vec<i64>> = (0..7).map(|_| (0..6).map(|_| next()).collect()).collect();
        let (c, small) = scaled(&rows, 1);
        let big = sorted(vertices(&c, 6, 100_000, &plenty()).unwrap());
        assert!(big.len() > 10);
        let bits = log2_minor_bound(&c, 6).ceil() as u32;
        assert!(bits < 40, "{bits}");
        let Searched::Found(words) = search(&small, 6, 100_000, bits, false, &plenty()).unwrap()
        else {
            panic!("small entries overflowed")
        };
        let words: Vec<Vertex<BigInt>> = words
            .into_iter()
            .map(|v| Vertex {
                zero: v.zero,
                point: v.point.iter().map(|x| BigInt::from(x.0)).collect(),
            })
            .collect();
        assert_eq!(sorted(words), big);
        assert_eq!(
            sorted(exact_vertices(&c, 6, 100_000, &plenty()).unwrap()),
            big
        );
        // Entries times 2^16: each determinant carries a factor 2^16 that the bound (about
        // 2^120) leaves no room for, so the second pivot gives up and the search starts again
        // in big integers, with the abandoned search's memory given back.
        let (huge, wide) = scaled(&rows, 1 << 16);
        let bits = log2_minor_bound(&huge, 6).ceil() as u32;
        assert!((100..126).contains(&bits), "{bits}");
        assert!(matches!(
            search(&wide, 6, 100_000, bits, false, &plenty()).unwrap(),
            Searched::Overflow
        ));
        let (fallback, direct) = (plenty(), plenty());
        let found = sorted(exact_vertices(&huge, 6, 100_000, &fallback).unwrap());
        assert_eq!(found, sorted(vertices(&huge, 6, 100_000, &direct).unwrap()));
        assert_eq!(fallback.remaining(), direct.remaining());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Machine words and big integers find the same vertices, degenerate polytopes
        /// (small entries, many ties) and large entries (an even determinant then moves the
        /// search to big integers) included.
        #[test]
        fn machine_words_and_big_integers_agree(
            k in 1usize..6,
            d in 1usize..6,
            top in proptest::sample::select(vec![3i64, 200, 1 << 20]),
            seed in proptest::prelude::any::<u64>(),
        ) {
            let mut state = seed | 1;
            let rows: Vec<Vec<i64>> = (0..k)
                .map(|_| {
                    (0..d)
                        .map(|_| {
                            state ^= state << 13;
                            state ^= state >> 7;
                            state ^= state << 17;
                            1 + (state % top as u64) as i64
                        })
                        .collect()
                })
                .collect();
            let (c, _) = scaled(&rows, 1);
            let words = sorted(exact_vertices(&c, d, 100_000, &plenty()).unwrap());
            let big = sorted(vertices(&c, d, 100_000, &plenty()).unwrap());
            proptest::prop_assert_eq!(words, big);
        }
    }

    #[test]
    fn float_approximations_are_relative() {
        let edges = [
            0i128,
            -5,
            5,
            i128::from(i64::MAX),
            i128::from(i64::MIN),
            i128::from(i64::MIN) - 1,
            -(1 << 64) + 3,
            (1 << 64) + 3,
            -(1 << 65) + 1,
            (1 << 100) - 1,
            -(1 << 125) + 12_345,
        ];
        for x in edges {
            let exact = x as f64;
            assert!(
                (approx(x) - exact).abs() <= exact.abs() * 2f64.powi(-50),
                "{x}"
            );
        }
    }

    #[test]
    fn hadamard_bound_holds_for_every_basis() {
        // Every determinant reached is a minor: the bound holds for all of them (a random
        // 5 × 5 polytope with entries up to 10^6).
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            1 + (seed % 1_000_000) as i64
        };
        let rows: Vec<Vec<i64>> = (0..5).map(|_| (0..5).map(|_| next()).collect()).collect();
        let (c, _) = scaled(&rows, 1);
        let bound = log2_minor_bound(&c, 5);
        let found = vertices(&c, 5, 100_000, &plenty()).unwrap();
        for v in &found {
            for x in &v.point {
                assert!(x.bits() as f64 <= bound + 1.0, "{x} above 2^{bound}");
            }
        }
    }

    #[test]
    fn memory_budget_is_an_error() {
        // The 2 × 2 polytope's four bases fit in 4 KiB, but not in a budget of one tableau.
        let c = int(&[&[1, 2], &[2, 1]]);
        assert_eq!(vertices(&c, 2, 100, &Budget::new(4096)).unwrap().len(), 4);
        let err = vertices(&c, 2, 100, &Budget::new(400)).unwrap_err();
        assert!(err.to_string().contains("max_memory = 400 bytes"), "{err}");
    }

    #[test]
    fn base_cap_is_an_error() {
        let err = vertices(&int(&[&[1, 2], &[2, 1]]), 2, 1, &plenty()).unwrap_err();
        assert!(err.to_string().contains("max_vertices"));
    }
}
