//! Exact mode's fast path: the vertices of one best-response polytope, each paired with the
//! only vertex of the other polytope that could complete its labels (the approach of
//! `lrsnash`; Avis, Rosenberg, Savani & von Stengel 2010, §6), all in exact integers.
//!
//! If the searched polytope `{z >= 0 : C z <= 1}` (`C` is `k × d`) is simple, each of its
//! vertices `z` has exactly `d` labels: its support `S` and its tight constraints `T` have the
//! same size. A point `w` of the other polytope `{w >= 0 : D w <= 1}` (`D` is `d × k`)
//! completes `z`'s labels exactly when `w` is zero off `T` and the constraints of `S` are
//! tight: `D[S, T] w_T = 1`. When that square system is nonsingular its solution is the one
//! candidate, and it is a vertex of the other polytope (its tight inequalities include `k`
//! independent ones) if it is feasible: `w_T >= 0` and `D w <= 1` off `S`. So every extreme
//! equilibrium is found from one polytope's vertices, whatever the other polytope's
//! degeneracy. The system is solved by fraction-free (integer) pivoting, in machine words
//! (each product and quotient exact in 128 bits) while its entries stay below `2^62` and in
//! big integers otherwise, and feasibility is decided exactly.
//!
//! The path declines (`None`, and the caller searches both polytopes) if neither polytope is
//! simple at its pure strategies (ties in a best response to an action), if the searched
//! polytope has a degenerate vertex, or if a partner system is singular; what it counted
//! against the budget is then given back.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::memory::Budget;
use super::vertices::{Vertex, exact_simple_vertices};
use super::{Found, bits, mask};
use crate::error::Result;
use crate::interrupt;
use crate::progress;

/// Bytes counted per completely labelled pair besides the partner's coordinates: the pair,
/// the partner's header and its entry in the map of distinct partners.
const PAIR_BYTES: usize = 128;

/// The completely labelled vertex pairs of `P = {x >= 0 : cp x <= 1}` (`cp` is `n × m`) and
/// `Q = {y >= 0 : cq y <= 1}` (`cq` is `m × n`) as [`super::extreme_pairs`] returns them, but
/// with only the vertices that occur in pairs; `None` if neither polytope is simple at its
/// pure strategies, the searched one has a degenerate vertex, or a partner system is
/// singular (see the module's documentation).
pub(super) fn extreme_pairs(
    cp: &[Vec<BigInt>],
    cq: &[Vec<BigInt>],
    m: usize,
    n: usize,
    max_bases: usize,
    budget: &Budget,
) -> Result<Option<Found<BigInt>>> {
    let (p_simple, q_simple) = (
        simple_at_pure_strategies(cp, m),
        simple_at_pure_strategies(cq, n),
    );
    // The polytope of smaller dimension, of the two that may be simple.
    let search_p = p_simple && (m <= n || !q_simple);
    if !search_p && !q_simple {
        return Ok(None);
    }
    let mark = budget.used();
    let search = || {
        Ok(if search_p {
            one_side(cp, cq, m, n, max_bases, budget)?
        } else {
            one_side(cq, cp, n, m, max_bases, budget)?
                .map(|(vq, vp, pairs)| (vp, vq, pairs.into_iter().map(|(q, p)| (p, q)).collect()))
        })
    };
    // On one of rayon's threads, carrying the caller's token and progress counters: the
    // search's parallel batches then start from inside the pool, not each with a round trip
    // from the calling thread to a worker and back.
    let (token, watch) = (interrupt::current(), progress::current());
    let found = rayon::scope(|_| {
        interrupt::within(token.as_ref(), || progress::within(watch.as_ref(), search))
    })?;
    if found.is_none() {
        budget.release(budget.used().saturating_sub(mark));
    }
    Ok(found)
}

/// Whether each vertex `e_i / max_r c[r][i]` of `{z >= 0 : C z <= 1}` (a pure strategy) has
/// one tight constraint: the largest entry of each column of `C` is unique. Otherwise the
/// polytope is degenerate.
fn simple_at_pure_strategies(c: &[Vec<BigInt>], d: usize) -> bool {
    (0..d).all(|i| {
        let Some(top) = c.iter().map(|row| &row[i]).max() else {
            return true;
        };
        c.iter().filter(|row| &row[i] == top).count() == 1
    })
}

/// The searched polytope's vertices (`c` is `k × d`) with partners in
/// `{w >= 0 : D w <= 1}` (`partner` is `d × k`), the distinct partners, and the pairs.
fn one_side(
    c: &[Vec<BigInt>],
    partner: &[Vec<BigInt>],
    d: usize,
    k: usize,
    max_bases: usize,
    budget: &Budget,
) -> Result<Option<Found<BigInt>>> {
    let Some(mut vertices) = exact_simple_vertices(c, d, max_bases, budget)? else {
        return Ok(None);
    };
    vertices.retain(|v| v.zero & mask(d) != mask(d));
    let system = System::new(partner, k);
    let token = interrupt::current();
    let partners: Vec<Option<Option<Vertex<BigInt>>>> = vertices
        .par_chunks(64)
        .map(|chunk| {
            interrupt::within(token.as_ref(), interrupt::check)?;
            Ok(chunk
                .iter()
                .map(|v| system.partner(v, d))
                .collect::<Vec<_>>())
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    interrupt::check()?;
    if partners.iter().any(Option::is_none) {
        return Ok(None);
    }
    let count = partners.iter().flatten().flatten().count();
    let largest = partners
        .iter()
        .flatten()
        .flatten()
        .map(Vertex::bytes)
        .max()
        .unwrap_or(0);
    budget.charge(count.saturating_mul(largest + PAIR_BYTES), || {
        format!("to hold {count} completely labelled vertex pairs")
    })?;
    let (mut searched, mut others, mut pairs) = (Vec::new(), Vec::new(), Vec::new());
    let mut index: FxHashMap<u128, usize> = FxHashMap::default();
    for (v, w) in vertices.into_iter().zip(partners.into_iter().flatten()) {
        let Some(w) = w else { continue };
        let q = *index.entry(w.zero).or_insert_with(|| {
            others.push(w);
            others.len() - 1
        });
        pairs.push((searched.len(), q));
        searched.push(v);
    }
    Ok(Some((searched, others, pairs)))
}

/// The partner systems `D[S, T] w_T = 1` of one polytope `D` (`d × k`), with the exact
/// dominance filter of [`System::partner`].
struct System<'a> {
    big: &'a [Vec<BigInt>],
    /// `D` in machine words, when every entry is within [`WORD`].
    small: Option<Vec<Vec<i64>>>,
    /// `beats[s * d + i]`: the columns `j` where `D[i, j] > D[s, j]`.
    beats: Vec<u128>,
    k: usize,
}

impl<'a> System<'a> {
    fn new(d: &'a [Vec<BigInt>], k: usize) -> Self {
        let small = d
            .iter()
            .map(|row| {
                row.iter()
                    .map(|x| x.to_i64().filter(|x| x.unsigned_abs() <= WORD))
                    .collect::<Option<Vec<_>>>()
            })
            .collect();
        let beats = d
            .iter()
            .flat_map(|low| {
                d.iter().map(move |high| {
                    (0..k)
                        .filter(|&j| high[j] > low[j])
                        .fold(0u128, |set, j| set | 1 << j)
                })
            })
            .collect();
        Self {
            big: d,
            small,
            beats,
            k,
        }
    }

    /// The partner of vertex `z` of the searched polytope (with `d` variables): `Some(None)`
    /// if it has none, `None` if its system is singular (the game is degenerate).
    ///
    /// Most vertices have no partner, and most of those are rejected first by an exact
    /// dominance filter: if some row `i` of `D` exceeds a row `s ∈ S` on every column of `T`,
    /// then any `w_T >= 0` with `D[s, T] w_T = 1` (so `w_T ≠ 0`) has `D[i, T] w_T > 1`: row
    /// `i` breaks `D w <= 1` if it is outside `S`, and cannot be tight if it is inside.
    fn partner(&self, z: &Vertex<BigInt>, d: usize) -> Option<Option<Vertex<BigInt>>> {
        let support = !z.zero & mask(d);
        let tight = (z.zero >> d) & mask(self.k);
        debug_assert_eq!(support.count_ones(), tight.count_ones());
        for s in bits(support) {
            let rows = &self.beats[s * d..(s + 1) * d];
            if rows.iter().any(|&set| set & tight == tight) {
                return Some(None);
            }
        }
        let (rows, columns): (Vec<usize>, Vec<usize>) =
            (bits(support).collect(), bits(tight).collect());
        let solved = match &self.small {
            Some(small) => match solve(small, &rows, &columns) {
                Ok(solved) => solved,
                Err(Overflow) => solve(self.big, &rows, &columns).ok()?,
            },
            None => solve(self.big, &rows, &columns).ok()?,
        }?;
        Some(solved.map(|(numerators, tight_rows)| {
            let mut point = vec![BigInt::zero(); self.k];
            let mut zero = !tight & mask(self.k);
            for (&j, x) in columns.iter().zip(numerators) {
                if x.is_zero() {
                    zero |= 1 << j;
                }
                point[j] = x;
            }
            for i in bits(tight_rows) {
                zero |= 1 << (self.k + i);
            }
            Vertex { zero, point }
        }))
    }
}

/// A checked operation overflowed its integer type.
struct Overflow;

/// The largest absolute value [`solve`] keeps in a machine word (`i64`): products of two
/// such values, and their differences, fit in an `i128`.
const WORD: u64 = 1 << 62;

/// Integers for [`solve`]: machine words (each product and quotient computed exactly in
/// `i128`, [`Overflow`] when a result leaves [`WORD`]), or big integers.
trait Integer: Clone + Zero + One + Signed + Ord {
    /// The exact quotient `(p · x − f · y) / det` of integer pivoting.
    fn pivot(
        p: &Self,
        x: &Self,
        f: &Self,
        y: &Self,
        det: &Self,
    ) -> std::result::Result<Self, Overflow>;
    /// How `Σ row[columns[t]] · numerators[t]` compares with `det`.
    fn compare_dot(
        row: &[Self],
        columns: &[usize],
        numerators: &[Self],
        det: &Self,
    ) -> std::result::Result<std::cmp::Ordering, Overflow>;
    fn into_big(self) -> BigInt;
}

impl Integer for i64 {
    fn pivot(
        p: &Self,
        x: &Self,
        f: &Self,
        y: &Self,
        det: &Self,
    ) -> std::result::Result<Self, Overflow> {
        // Below 2^124 each, so the difference fits.
        let value = i128::from(*p) * i128::from(*x) - i128::from(*f) * i128::from(*y);
        let quotient = value / i128::from(*det);
        i64::try_from(quotient)
            .ok()
            .filter(|q| q.unsigned_abs() <= WORD)
            .ok_or(Overflow)
    }
    fn compare_dot(
        row: &[Self],
        columns: &[usize],
        numerators: &[Self],
        det: &Self,
    ) -> std::result::Result<std::cmp::Ordering, Overflow> {
        let mut total = 0i128;
        for (&j, &x) in columns.iter().zip(numerators) {
            total = total
                .checked_add(i128::from(row[j]) * i128::from(x))
                .ok_or(Overflow)?;
        }
        Ok(total.cmp(&i128::from(*det)))
    }
    fn into_big(self) -> BigInt {
        BigInt::from(self)
    }
}

impl Integer for BigInt {
    fn pivot(
        p: &Self,
        x: &Self,
        f: &Self,
        y: &Self,
        det: &Self,
    ) -> std::result::Result<Self, Overflow> {
        Ok((p * x - f * y) / det)
    }
    fn compare_dot(
        row: &[Self],
        columns: &[usize],
        numerators: &[Self],
        det: &Self,
    ) -> std::result::Result<std::cmp::Ordering, Overflow> {
        let total: BigInt = columns
            .iter()
            .zip(numerators)
            .map(|(&j, x)| &row[j] * x)
            .sum();
        Ok(total.cmp(det))
    }
    fn into_big(self) -> BigInt {
        self
    }
}

/// The solution of `D[rows, columns] w = 1` (square), by integer pivoting (von Stengel 2002,
/// §2.5: every entry stays a minor and each division by the previous pivot is exact), and its
/// feasibility: `Ok(None)` if the system is singular, `Ok(Some(None))` if the solution has a
/// negative entry or breaks `D w <= 1` on a row outside `rows`, else the numerators of `w` on
/// `columns` over a positive common denominator and the set of tight rows of `D w <= 1`.
#[allow(clippy::type_complexity)]
fn solve<T: Integer>(
    d: &[Vec<T>],
    rows: &[usize],
    columns: &[usize],
) -> std::result::Result<Option<Option<(Vec<BigInt>, u128)>>, Overflow> {
    let s = rows.len();
    let width = s + 1;
    let mut a: Vec<T> = Vec::with_capacity(s * width);
    for &i in rows {
        a.extend(columns.iter().map(|&j| d[i][j].clone()));
        a.push(T::one());
    }
    let mut pivoted = vec![false; s];
    // The row pivoted on each column.
    let mut basic = vec![0; s];
    let mut det = T::one();
    for c in 0..s {
        let Some(r) = (0..s).find(|&r| !pivoted[r] && !a[r * width + c].is_zero()) else {
            return Ok(None);
        };
        pivoted[r] = true;
        basic[c] = r;
        let (before, rest) = a.split_at_mut(r * width);
        let (pivot_row, after) = rest.split_at_mut(width);
        let p = pivot_row[c].clone();
        for row in before.chunks_mut(width).chain(after.chunks_mut(width)) {
            let f = std::mem::replace(&mut row[c], T::zero());
            for (j, (x, y)) in row.iter_mut().zip(pivot_row.iter()).enumerate() {
                if j != c {
                    *x = T::pivot(&p, x, &f, y, &det)?;
                }
            }
        }
        det = p;
    }
    // Row `basic[c]` now reads `det · w_c = a[basic[c]][s]`.
    let negative = det.is_negative();
    let numerators: Vec<T> = (0..s)
        .map(|c| {
            let x = a[basic[c] * width + s].clone();
            if negative { -x } else { x }
        })
        .collect();
    if numerators.iter().any(Signed::is_negative) {
        return Ok(Some(None));
    }
    let det = det.abs();
    let mut tight = rows.iter().fold(0u128, |set, &i| set | 1 << i);
    for (i, row) in d.iter().enumerate() {
        if tight & (1 << i) != 0 {
            continue;
        }
        match T::compare_dot(row, columns, &numerators, &det)? {
            std::cmp::Ordering::Greater => return Ok(Some(None)),
            std::cmp::Ordering::Equal => tight |= 1 << i,
            std::cmp::Ordering::Less => {}
        }
    }
    Ok(Some(Some((
        numerators.into_iter().map(Integer::into_big).collect(),
        tight,
    ))))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use num_rational::BigRational;

    use super::*;

    /// The polytopes of the bimatrix game `(a, b)` (`m × n`, row-major) as `enumerate_all`
    /// builds them: `Bᵀ` and `A`, shifted so that the smallest payoff of each is 1.
    fn polytopes(a: &[i64], b: &[i64], m: usize, n: usize) -> (Vec<Vec<BigInt>>, Vec<Vec<BigInt>>) {
        let shift = |u: &[i64]| 1 - u.iter().min().copied().unwrap_or(0);
        let (sa, sb) = (shift(a), shift(b));
        let cp = (0..n)
            .map(|j| (0..m).map(|i| BigInt::from(b[i * n + j] + sb)).collect())
            .collect();
        let cq = (0..m)
            .map(|i| (0..n).map(|j| BigInt::from(a[i * n + j] + sa)).collect())
            .collect();
        (cp, cq)
    }

    type Normalised = BTreeSet<(Vec<BigRational>, Vec<BigRational>)>;

    /// The pairs as normalised strategy pairs.
    fn normalised(found: &Found<BigInt>) -> Normalised {
        let rational = |v: &Vertex<BigInt>| {
            let sum: BigInt = v.point.iter().sum();
            v.point
                .iter()
                .map(|p| BigRational::new(p.clone(), sum.clone()))
                .collect::<Vec<_>>()
        };
        let (vp, vq, pairs) = found;
        pairs
            .iter()
            .map(|&(p, q)| (rational(&vp[p]), rational(&vq[q])))
            .collect()
    }

    /// Both searches of one game: the one-polytope path's pairs (`None` if it declined, then
    /// having given back all it counted) and the two-polytope search's.
    fn both(a: &[i64], b: &[i64], m: usize, n: usize) -> (Option<Normalised>, Normalised) {
        let (cp, cq) = polytopes(a, b, m, n);
        let budget = Budget::new(1 << 30);
        let one = extreme_pairs(&cp, &cq, m, n, 1_000_000, &budget).unwrap();
        if one.is_none() {
            assert_eq!(budget.used(), 0);
        }
        let two = super::super::extreme_pairs(&cp, &cq, m, n, 1_000_000, &budget).unwrap();
        (one.as_ref().map(normalised), normalised(&two))
    }

    #[test]
    fn battle_of_the_sexes_takes_the_one_polytope_path() {
        let (one, two) = both(&[2, 0, 0, 1], &[1, 0, 0, 2], 2, 2);
        assert_eq!(one.as_ref(), Some(&two));
        assert_eq!(two.len(), 3);
    }

    #[test]
    fn ties_at_pure_strategies_on_both_sides_decline() {
        // Every payoff equal: both polytopes have ties at every pure strategy.
        let (one, two) = both(&[0; 4], &[0; 4], 2, 2);
        assert_eq!(one, None);
        assert_eq!(two.len(), 4);
    }

    #[test]
    fn a_degenerate_mixed_vertex_declines() {
        // P = {x >= 0 : 2 x0 + 4 x1 <= 1, 4 x0 + 2 x1 <= 1, 3 x0 + 3 x1 <= 1} is simple at
        // its pure strategies but all three constraints are tight at (1/6, 1/6).
        let c = vec![
            vec![BigInt::from(2), BigInt::from(4)],
            vec![BigInt::from(4), BigInt::from(2)],
            vec![BigInt::from(3), BigInt::from(3)],
        ];
        assert!(simple_at_pure_strategies(&c, 2));
        let budget = Budget::new(1 << 30);
        assert!(
            exact_simple_vertices(&c, 2, 100, &budget)
                .unwrap()
                .is_none()
        );
        assert_eq!(budget.used(), 0);
    }

    /// A game's payoffs from an xorshift generator: `m × n` entries in `-top..=top`.
    fn payoffs(m: usize, n: usize, top: i64, seed: &mut u64) -> Vec<i64> {
        (0..m * n)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                (*seed % (2 * top as u64 + 1)) as i64 - top
            })
            .collect()
    }

    #[test]
    fn partner_systems_overflowing_machine_words_are_solved_in_big_integers() {
        // D = [[2^61, 1], [1, 2^61]] (entries within the machine-word limit): the first pivot
        // makes an entry 2^122 - 1, past a machine word, and the big-integer solve gives
        // w = (1, 1) / (2^61 + 1), with both rows tight.
        let big = BigInt::from(1u64 << 61);
        let d = vec![
            vec![big.clone(), BigInt::one()],
            vec![BigInt::one(), big.clone()],
        ];
        let system = System::new(&d, 2);
        assert!(system.small.is_some());
        let small = system.small.as_ref().unwrap();
        assert!(matches!(solve(small, &[0, 1], &[0, 1]), Err(Overflow)));
        // A vertex of the searched polytope (d = 2 variables, k = 2 constraints) with full
        // support and both constraints tight: zero bits only for the constraints.
        let z = Vertex {
            zero: 0b1100,
            point: vec![BigInt::one(), BigInt::one()],
        };
        let w = system.partner(&z, 2).unwrap().unwrap();
        // Coordinates over a common positive factor: equal, and (2^61 + 1) w0 = 1 when
        // normalised by the row sums, i.e. each row of D w equals the same positive total.
        let (x, y) = (&w.point[0], &w.point[1]);
        assert!(x.is_positive() && x == y);
        assert_eq!(&big * x + y, x + &big * y);
        assert_eq!(w.zero, 0b1100);
    }

    #[test]
    fn random_integer_games_take_the_one_polytope_path() {
        // Wide payoffs: ties are rare, and the fast path answers nearly every game.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut answered = 0;
        for _ in 0..40 {
            let (a, b) = (payoffs(5, 5, 100, &mut seed), payoffs(5, 5, 100, &mut seed));
            let (one, two) = both(&a, &b, 5, 5);
            if let Some(one) = one {
                assert_eq!(one, two);
                answered += 1;
            }
        }
        assert!(answered >= 30, "{answered}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]
        /// The one-polytope path, when it answers, finds exactly the two-polytope search's
        /// pairs: random integer games, with payoffs from a small range (ties everywhere), a
        /// wide one, and the wide one with a repeated row and column; payoffs up to 2^40 make
        /// the partner systems leave machine words (big integers then).
        #[test]
        fn one_polytope_path_agrees_with_the_two_polytope_search(
            m in 1usize..6,
            n in 1usize..6,
            top in proptest::sample::select(vec![1i64, 3, 100, 1 << 40]),
            repeat in proptest::prelude::any::<bool>(),
            seed in proptest::prelude::any::<u64>(),
        ) {
            let mut seed = seed | 1;
            let (mut a, mut b) = (payoffs(m, n, top, &mut seed), payoffs(m, n, top, &mut seed));
            if repeat {
                for u in [&mut a, &mut b] {
                    for j in 0..n {
                        u[(m - 1) * n + j] = u[j];
                    }
                    for i in 0..m {
                        u[i * n + n - 1] = u[i * n];
                    }
                }
            }
            let (one, two) = both(&a, &b, m, n);
            if let Some(one) = one {
                proptest::prop_assert_eq!(one, two);
            }
        }
    }
}
