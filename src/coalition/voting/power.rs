//! Exact swing counts of compound voting games by generating-function dynamic programming.
//!
//! # Method
//!
//! Player `i` *swings* for a coalition `S ∌ i` when `S` loses and `S ∪ {i}` wins. Every
//! power index of this module is a weighted count of swings: Banzhaf counts them all,
//! Shapley-Shubik weighs a swing for a coalition of size `k` by `k!(n−1−k)!/n!`. In a
//! monotone game the swings of `i` at size `k` are `W⁺ᵢ(k) − W⁻ᵢ(k)`, the coalitions `S ⊆ N∖i`
//! of size `k` with `S ∪ {i}` winning, minus those with `S` itself winning.
//!
//! **Compound rules.** The rule is brought into disjunctive normal form, an "any of" of
//! "all of"s of weighted rules, and the count of coalitions satisfying the "any of" is
//! written by inclusion–exclusion as a signed sum of counts of coalitions satisfying an
//! "all of" (the conjunctions of unions of terms, with coefficients that cancel where
//! unions coincide). A weighted rule whose weights are all equal is a condition on the
//! coalition's size alone, and is handled by the size dimension of the tables.
//!
//! **Complements.** `w(S) ≥ q` for `S ⊆ P` says `w(T) ≤ w(P) − q` for the complement
//! `T = P ∖ S`, so each conjunction counts the complements lying in a *lower box*
//! `w_r(T) ≤ b_r` (and `|T| ≤ b₀`). The tables then need only weights up to
//! `B_r = w_r(N) − q_r`, the counts of coalitions by (size, weight in each rule) of the
//! generating function `Π_j (1 + y x₁^{w_1j} ⋯ x_d^{w_dj})` truncated to that box
//! (Brams & Affuso 1976; Bilbao, Fernández, Jiménez Losada & López 2000; Uno 2012).
//!
//! **Leaving one player out.** The table of `N ∖ i` is the table of `N` divided by
//! `(1 + y x^{w_i})`, `G[t][s] = Σ_j (−1)^j F[t−j][s − j w_i]`, so its box sums are
//! alternating sums of box sums of the table of everyone:
//! `P_G[t][b] = Σ_j (−1)^j P_F[t−j][b − j w_i]`. After one pass of prefix sums over the
//! table, each query of each player costs `O(min(t, b / w_i))` per size, with no table of
//! its own; players with the same weights share their answers. Box sums of `G` give `W⁺ᵢ`
//! (bounds `B_r`) and `W⁻ᵢ` (bounds `B_r − w_ri`), both from the cells `(u, B − j w_i)` of
//! one lattice, read row by row (every weight signature reads a row while it is in cache).
//!
//! **Bands.** With one weight dimension the players enter the table in ascending weight, so
//! after the first `d` of them row `t` is zero outside `[L_t, H_{d,t}]`, `L_t` the sum of the
//! `t` lightest weights and `H_{d,t}` the sum of the `t` heaviest so far; each player's pass
//! touches only that band, and rows with `L_t > B` are not stored.
//!
//! **Exactness.** Counts run modulo `2^(64 L)` in `L` machine words with `64 L > n`
//! (see [`super::counts`]): additions and subtractions only, so the final counts, true
//! integers below `2ⁿ`, are exact; they are then converted to big integers.
//!
//! # Complexity
//! Time `O(n · T · R)` for the table (rows start at the sum of the `t` smallest weights, and
//! only weight sums reachable so far are visited), `O(d · T · R)` for its prefix sums, and
//! `O(T · min(T, B / w))` per query and distinct weight signature, where
//! `R = Π_r (B_r + 1)` and `T ≤ n` the number of sizes tracked (1 when no size is needed);
//! memory `T · R` counters of `L` words. [`plan`] estimates the table and refuses it above
//! [`MEMORY_BUDGET`].

use std::collections::BTreeMap;

use num_bigint::BigUint;
use rayon::prelude::*;

use super::compound::{Rule, VotingGame};
use super::counts::{Counter, WidthJob, dispatch, words_for};
use crate::error::{Error, Result};
use crate::interrupt;

/// The most memory the tables of one exact computation may take (bytes).
pub const MEMORY_BUDGET: u64 = 1 << 30;

/// Conjunctions a rule's disjunctive normal form may have, and distinct unions of them in
/// the inclusion–exclusion sum.
const MAX_TERMS: usize = 4096;

/// Swing counts of every player.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SwingCounts {
    /// `swings[i][k]`: coalitions `S ∌ i` with `|S| = k` for which `i` swings; a single
    /// entry (all sizes together) when sizes were not asked for.
    pub(crate) swings: Vec<Vec<BigUint>>,
    /// The number of winning coalitions of the whole game.
    pub(crate) winning: BigUint,
}

/// One conjunction's bounds after inclusion–exclusion: its coefficient and the size a
/// coalition needs (0: no size condition).
#[derive(Debug, Clone, Copy)]
struct Term {
    coef: i64,
    min_size: u64,
}

/// The counts over one set of weight dimensions.
#[derive(Debug, Clone)]
struct Group {
    /// The weight rules (indices into the leaves) that are dimensions of this table.
    dims: Vec<usize>,
    terms: Vec<Term>,
}

/// What the counting needs: the groups of conjunctions and the players' weights.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    n: usize,
    sized: bool,
    /// Integer weights of every leaf, per player.
    weights: Vec<Vec<u64>>,
    /// `B_r = total − quota` of every leaf.
    slack: Vec<u64>,
    groups: Vec<Group>,
    words: usize,
}

/// The conjunctions of the disjunctive normal form of `rule`, as sorted leaf indices
/// (leaves numbered depth first, as [`Rule::leaves`] lists them).
fn dnf(rule: &Rule, next: &mut usize) -> Result<Vec<Vec<usize>>> {
    let too_many = || {
        Error::InvalidArgument(format!(
            "the rule expands to more than {MAX_TERMS} conjunctions of weighted rules, too many \
             for the exact dynamic program; for up to 20 players the brute-force enumeration \
             applies (it is used automatically)"
        ))
    };
    match rule {
        Rule::Weighted(_) => {
            let id = *next;
            *next += 1;
            Ok(vec![vec![id]])
        }
        Rule::AnyOf(rules) => {
            let mut out = Vec::new();
            for r in rules {
                out.extend(dnf(r, next)?);
                if out.len() > MAX_TERMS {
                    return Err(too_many());
                }
            }
            Ok(out)
        }
        Rule::AllOf(rules) => {
            let mut acc: Vec<Vec<usize>> = vec![Vec::new()];
            for r in rules {
                let part = dnf(r, next)?;
                if acc.len().saturating_mul(part.len()) > MAX_TERMS {
                    return Err(too_many());
                }
                let mut joined = Vec::with_capacity(acc.len() * part.len());
                for a in &acc {
                    for b in &part {
                        let mut u = a.clone();
                        u.extend(b);
                        u.sort_unstable();
                        u.dedup();
                        joined.push(u);
                    }
                }
                acc = joined;
            }
            Ok(acc)
        }
    }
}

fn is_subset(a: &[usize], b: &[usize]) -> bool {
    a.iter().all(|x| b.binary_search(x).is_ok())
}

/// Builds the plan of the exact count of `game`'s swings, by size when `sized`.
///
/// # Errors
/// [`Error::InvalidArgument`] when the rule has too many conjunctions, the tables would
/// exceed [`MEMORY_BUDGET`], or there are more than 1023 players; the message says what
/// to do instead.
pub(crate) fn plan(game: &VotingGame, sized: bool) -> Result<Plan> {
    let n = game.num_players();
    let words = words_for(n + 1).ok_or_else(|| {
        Error::InvalidArgument(format!(
            "the exact dynamic program counts coalitions of up to 1022 players; this game has {n}"
        ))
    })?;
    let leaves = game.rule().leaves();
    let mut next = 0;
    let mut terms = dnf(game.rule(), &mut next)?;
    terms.sort_by_key(Vec::len);
    terms.dedup();
    // Absorption: a conjunction implied by a shorter one adds nothing to the union.
    let mut kept: Vec<Vec<usize>> = Vec::new();
    for t in terms {
        if !kept.iter().any(|k| is_subset(k, &t)) {
            kept.push(t);
        }
    }
    // Inclusion–exclusion over the union of the conjunctions.
    let mut coef: BTreeMap<Vec<usize>, i64> = BTreeMap::new();
    for t in &kept {
        let mut add: Vec<(Vec<usize>, i64)> = vec![(t.clone(), 1)];
        for (u, &c) in &coef {
            let mut v = u.clone();
            v.extend(t);
            v.sort_unstable();
            v.dedup();
            add.push((v, -c));
        }
        for (u, c) in add {
            let slot = coef.entry(u).or_insert(0);
            *slot = slot.checked_add(c).ok_or_else(|| {
                Error::InvalidArgument("inclusion–exclusion coefficients overflow".into())
            })?;
        }
        coef.retain(|_, c| *c != 0);
        if coef.len() > MAX_TERMS {
            return Err(Error::InvalidArgument(format!(
                "the rule's inclusion–exclusion sum has more than {MAX_TERMS} terms, too many \
                 for the exact dynamic program; for up to 20 players the brute-force \
                 enumeration applies (it is used automatically)"
            )));
        }
    }
    let weights: Vec<Vec<u64>> = leaves
        .iter()
        .map(|l| l.integer_weights().to_vec())
        .collect();
    let slack: Vec<u64> = leaves
        .iter()
        .map(|l| l.integer_total() - l.integer_quota())
        .collect();
    // Leaves with equal weights are conditions on the size: `|S| ≥ ⌈q / c⌉`.
    let size_of = |leaf: usize| -> Option<u64> {
        let w = &weights[leaf];
        let c = w[0];
        (c > 0 && w.iter().all(|&x| x == c)).then(|| leaves[leaf].integer_quota().div_ceil(c))
    };
    let mut groups: BTreeMap<Vec<usize>, Vec<Term>> = BTreeMap::new();
    for (u, &c) in &coef {
        let mut dims = Vec::new();
        let mut min_size = 0;
        for &leaf in u {
            match size_of(leaf) {
                Some(k) => min_size = min_size.max(k),
                None => dims.push(leaf),
            }
        }
        groups
            .entry(dims)
            .or_default()
            .push(Term { coef: c, min_size });
    }
    let groups: Vec<Group> = groups
        .into_iter()
        .map(|(dims, terms)| Group { dims, terms })
        .collect();
    let plan = Plan {
        n,
        sized,
        weights,
        slack,
        groups,
        words,
    };
    let bytes = plan.table_bytes();
    if bytes > MEMORY_BUDGET {
        return Err(Error::InvalidArgument(format!(
            "the exact dynamic program for this rule needs tables of about {:.1} GiB (above the \
             {} GiB budget): the weights are too fine-grained for their number of players; \
             round them (e.g. populations to thousands or weights to basis points), or, for up \
             to 20 players, the brute-force enumeration applies (it is used automatically)",
            bytes as f64 / (1u64 << 30) as f64,
            MEMORY_BUDGET >> 30
        )));
    }
    Ok(plan)
}

impl Plan {
    /// Whether a group's table tracks sizes.
    fn group_sized(&self, g: &Group) -> bool {
        self.sized
            || g.dims.is_empty()
            || g.terms.iter().any(|t| t.min_size > 0)
            || (0..self.n).any(|j| g.dims.iter().all(|&r| self.weights[r][j] == 0))
    }

    /// The largest complement size a group's queries reach.
    fn group_rows(&self, g: &Group) -> usize {
        if !self.group_sized(g) {
            return 0;
        }
        let n = self.n as u64;
        let top = g
            .terms
            .iter()
            .map(|t| {
                if t.min_size == 0 {
                    n - 1
                } else {
                    n.saturating_sub(t.min_size)
                }
            })
            .max()
            .unwrap_or(0);
        usize::try_from(top.min(n - 1)).unwrap_or(usize::MAX)
    }

    fn group_cells(&self, g: &Group) -> u128 {
        let row: u128 = g
            .dims
            .iter()
            .map(|&r| u128::from(self.slack[r]) + 1)
            .fold(1u128, |a, b| a.saturating_mul(b));
        row.saturating_mul(self.group_rows(g) as u128 + 1)
    }

    /// Estimated bytes of the largest group's table.
    pub(crate) fn table_bytes(&self) -> u64 {
        let cells = self
            .groups
            .iter()
            .map(|g| self.group_cells(g))
            .max()
            .unwrap_or(0);
        let bytes = cells.saturating_mul(self.words as u128 * 8);
        u64::try_from(bytes).unwrap_or(u64::MAX)
    }
}

/// The exact swing counts of every player (by coalition size when the plan was made
/// `sized`) and the number of winning coalitions.
///
/// # Errors
/// [`Error::Interrupted`] when stopped.
pub(crate) fn count(plan: &Plan) -> Result<SwingCounts> {
    dispatch(plan.words, CountJob(plan))
}

struct CountJob<'a>(&'a Plan);

impl WidthJob for CountJob<'_> {
    type Out = Result<SwingCounts>;
    fn run<C: Counter>(self) -> Self::Out {
        count_with::<C>(self.0)
    }
}

/// A row of a table: a box `0..=bound_r` in each weight dimension, last dimension contiguous.
struct Geom {
    bounds: Vec<usize>,
    strides: Vec<usize>,
    len: usize,
}

impl Geom {
    fn new(bounds: Vec<usize>) -> Self {
        let mut strides = vec![1; bounds.len()];
        for r in (0..bounds.len().saturating_sub(1)).rev() {
            strides[r] = strides[r + 1] * (bounds[r + 1] + 1);
        }
        let len = bounds.iter().map(|b| b + 1).product();
        Self {
            bounds,
            strides,
            len,
        }
    }

    fn index(&self, coord: &[usize]) -> usize {
        coord.iter().zip(&self.strides).map(|(c, s)| c * s).sum()
    }

    /// Calls `f(dst_start, src_start, count)` for the contiguous runs of cells `x` with
    /// `step ≤ x ≤ hi` (per dimension), the source cell being `x − step`, outer dimensions
    /// in ascending order.
    fn runs(&self, step: &[usize], hi: &[usize], mut f: impl FnMut(usize, usize, usize)) {
        let d = self.bounds.len();
        if (0..d).any(|r| step[r] > hi[r]) {
            return;
        }
        let last = d - 1;
        let count = hi[last] - step[last] + 1;
        let mut coord: Vec<usize> = step.to_vec();
        loop {
            let dst = self.index(&coord);
            let src = dst - self.index(step);
            f(dst, src, count);
            let mut r = last;
            loop {
                if r == 0 {
                    return;
                }
                r -= 1;
                coord[r] += 1;
                if coord[r] <= hi[r] {
                    break;
                }
                coord[r] = step[r];
            }
        }
    }
}

/// `dst[x] += src[x − step]` (or `−=`) over the region `step ≤ x ≤ hi`.
fn shift<C: Counter>(
    geom: &Geom,
    dst: &mut [C],
    src: &[C],
    step: &[usize],
    hi: &[usize],
    sub: bool,
) {
    geom.runs(step, hi, |d, s, k| {
        let (dst, src) = (&mut dst[d..d + k], &src[s..s + k]);
        if sub {
            dst.iter_mut().zip(src).for_each(|(a, b)| a.sub(b));
        } else {
            dst.iter_mut().zip(src).for_each(|(a, b)| a.add(b));
        }
    });
}

/// `row[x] += row[x − step]` (or `−=`) in ascending order, so each source is already
/// updated (`step ≠ 0`): prefix sums (add, unit steps) and deconvolution (sub).
fn shift_in_place<C: Counter>(geom: &Geom, row: &mut [C], step: &[usize], sub: bool) {
    let hi = geom.bounds.clone();
    geom.runs(step, &hi, |d, s, k| {
        for j in 0..k {
            let v = row[s + j];
            if sub {
                row[d + j].sub(&v);
            } else {
                row[d + j].add(&v);
            }
        }
    });
}

fn count_with<C: Counter>(plan: &Plan) -> Result<SwingCounts> {
    let n = plan.n;
    let len = if plan.sized { n } else { 1 };
    let mut plus: Vec<Vec<C>> = vec![vec![C::ZERO; len]; n];
    let mut minus: Vec<Vec<C>> = vec![vec![C::ZERO; len]; n];
    for group in &plan.groups {
        count_group(plan, group, &mut plus, &mut minus)?;
    }
    let swings = (0..n)
        .map(|i| {
            (0..len)
                .map(|k| {
                    let mut s = plus[i][k];
                    s.sub(&minus[i][k]);
                    s.to_biguint()
                })
                .collect()
        })
        .collect();
    let mut winning = C::ZERO;
    for k in 0..len {
        winning.add(&plus[0][k]);
        winning.add(&minus[0][k]);
    }
    Ok(SwingCounts {
        swings,
        winning: winning.to_biguint(),
    })
}

fn count_group<C: Counter>(
    plan: &Plan,
    group: &Group,
    plus: &mut [Vec<C>],
    minus: &mut [Vec<C>],
) -> Result<()> {
    let n = plan.n;
    let sized = plan.group_sized(group);
    let rows = plan.group_rows(group) + 1;
    // A group without weight dimensions gets one dimension of extent 1 and step 0.
    let dims: Vec<Option<usize>> = if group.dims.is_empty() {
        vec![None]
    } else {
        group.dims.iter().copied().map(Some).collect()
    };
    let bounds: Vec<usize> = dims
        .iter()
        .map(|r| r.map_or(0, |r| usize::try_from(plan.slack[r]).unwrap_or(usize::MAX)))
        .collect();
    let geom = Geom::new(bounds.clone());
    let step_of = |j: usize| -> Vec<usize> {
        dims.iter()
            .map(|r| {
                r.map_or(0, |r| {
                    usize::try_from(plan.weights[r][j]).unwrap_or(usize::MAX)
                })
            })
            .collect()
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&j| step_of(j));
    // With one weight dimension, row t of every table is zero below the sum of the t
    // smallest weights.
    let one_dim = geom.bounds.len() == 1;
    let mut lows = vec![0usize; rows];
    for t in 1..rows {
        let w = step_of(order[t - 1])[0];
        lows[t] = lows[t - 1].saturating_add(w).min(geom.len);
    }
    // So the rows whose t lightest weights already exceed the bound stay empty: the table
    // stops before them (the queries' sums for those sizes are 0).
    let queried = rows;
    let rows = if one_dim {
        lows.iter().take_while(|&&low| low < geom.len).count()
    } else {
        rows
    };
    // The table of all players, by complement size and weights.
    let cells = rows * geom.len;
    let mut table: Vec<C> = Vec::new();
    table.try_reserve_exact(cells).map_err(|_| {
        Error::InvalidArgument(format!(
            "cannot allocate the dynamic program's table of {cells} counts: round the weights"
        ))
    })?;
    table.resize(cells, C::ZERO);
    table[0] = C::one();
    // And, once the first `d` players (the lightest) are in, row t ends at the sum of the
    // t heaviest of them: `sums[d] − sums[d − t]`.
    // (In `u64`: a rule's integer weights total at most 2^62.)
    let mut sums = vec![0u64; if one_dim { n + 1 } else { 0 }];
    if let (true, Some(r)) = (one_dim, dims[0]) {
        for d in 1..=n {
            sums[d] = sums[d - 1] + plan.weights[r][order[d - 1]];
        }
    }
    let mut reach = vec![0usize; geom.bounds.len()];
    let mut scratch: Vec<C> = Vec::new();
    let mut snapshot: Vec<C> = Vec::new();
    for (done, &j) in order.iter().enumerate() {
        interrupt::check()?;
        let step = step_of(j);
        for (r, s) in reach.iter_mut().enumerate() {
            *s = (*s).saturating_add(step[r]).min(geom.bounds[r]);
        }
        if sized && one_dim {
            // Players come in ascending weight, so row t starts at lows[t].
            let (w, hi, width) = (step[0], reach[0], geom.len);
            let top = rows.min(done + 2) - 1;
            let pass = Pass {
                width,
                lows: &lows,
                sums: &sums,
                done,
                w,
                hi,
            };
            if top >= 16 && top * (hi + 1) >= 1 << 17 && rayon::current_num_threads() > 1 {
                // Two halves of the rows at once; the upper half reads a snapshot of the
                // row below it, which the lower half updates meanwhile.
                let mid = top / 2;
                snapshot.clear();
                snapshot.extend_from_slice(&table[mid * width..(mid + 1) * width]);
                let (lower, upper) = table.split_at_mut((mid + 1) * width);
                rayon::join(
                    || pass.run(lower, 0, None, 1, mid),
                    || pass.run(upper, mid + 1, Some(&snapshot), mid + 1, top),
                );
            } else if top >= 1 {
                pass.run(&mut table, 0, None, 1, top);
            }
        } else if sized {
            for t in (1..rows.min(done + 2)).rev() {
                let (low, high) = table.split_at_mut(t * geom.len);
                let src = &low[(t - 1) * geom.len..];
                shift(&geom, &mut high[..geom.len], src, &step, &reach, false);
            }
        } else {
            scratch.clear();
            scratch.extend_from_slice(&table[..geom.len]);
            shift(
                &geom,
                &mut table[..geom.len],
                &scratch,
                &step,
                &reach,
                false,
            );
        }
    }
    // Box prefix sums of every row along the weight dimensions.
    for t in 0..rows {
        interrupt::check()?;
        let row = &mut table[t * geom.len..(t + 1) * geom.len];
        for r in 0..geom.bounds.len() {
            if geom.bounds[r] == 0 {
                continue;
            }
            let mut unit = vec![0; geom.bounds.len()];
            unit[r] = 1;
            shift_in_place(&geom, row, &unit, false);
        }
    }
    // Players with equal steps share their answers.
    let mut signatures: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
    for j in 0..n {
        signatures.entry(step_of(j)).or_default().push(j);
    }
    let work: Vec<(Vec<usize>, Vec<usize>)> = signatures.into_iter().collect();
    let steps: Vec<&[usize]> = work.iter().map(|(step, _)| step.as_slice()).collect();
    let caps = caps(plan, group, queried);
    let len = plus[0].len();
    let sums = lattice_sums(&geom, &table, rows, sized, &steps, &bounds, &caps)?;
    for ((_, players), (p_sums, m_sums)) in work.iter().zip(sums) {
        let (p, m) = split_by_terms(&caps, &p_sums, &m_sums, n, len);
        for &j in players {
            for k in 0..len {
                plus[j][k].add(&p[k]);
                minus[j][k].add(&m[k]);
            }
        }
    }
    Ok(())
}

/// One player's factor `(1 + y x^w)` applied to rows of a one-dimensional table.
///
/// Players come in ascending weight, so after the first `d` of them row `t` holds weights
/// from `lows[t]` (the `t` lightest) to `sums[d] − sums[d − t]` (the `t` heaviest so far):
/// the pass touches only that band of each row.
struct Pass<'a> {
    width: usize,
    lows: &'a [usize],
    /// Prefix sums of the weights in the order the players are added (all zero when the
    /// table has no weight dimension).
    sums: &'a [u64],
    /// Players added before this one.
    done: usize,
    w: usize,
    hi: usize,
}

impl Pass<'_> {
    /// `F[t] += F[t−1] shifted by w` for `t` from `t_hi` down to `t_lo`, on `block`, which
    /// holds the rows from `base` on; the row below `base` is `below`.
    fn run<C: Counter>(
        &self,
        block: &mut [C],
        base: usize,
        below: Option<&[C]>,
        t_lo: usize,
        t_hi: usize,
    ) {
        let (width, w) = (self.width, self.w);
        let added = self.done + 1;
        for t in (t_lo..=t_hi).rev() {
            let lo = self.lows[t].max(w);
            let heaviest = self.sums[added] - self.sums[added - t];
            let hi = usize::try_from(heaviest).map_or(self.hi, |h| self.hi.min(h));
            if lo > hi {
                continue;
            }
            let local = t - base;
            let (src, dst): (&[C], &mut [C]) = if local == 0 {
                match below {
                    Some(b) => (b, &mut block[..width]),
                    None => continue,
                }
            } else {
                let (low, high) = block.split_at_mut(local * width);
                (&low[(local - 1) * width..], &mut high[..width])
            };
            for (d, s) in dst[lo..=hi].iter_mut().zip(&src[lo - w..=hi - w]) {
                d.add(s);
            }
        }
    }
}

/// One inclusion–exclusion term of a group, as a player's counts need it: the coefficient
/// and the largest complement size `t` that counts towards `W⁺` and towards `W⁻` (`None`:
/// no complement does).
struct Cap {
    coef: i64,
    plus: Option<usize>,
    minus: Option<usize>,
}

/// The terms of `group` with their complement-size limits (the same for every player).
///
/// `W⁺` counts `S ⊆ N∖i` with `|S| + 1 ≥ k` (complements of size `t ≤ n − k`), `W⁻` those
/// with `|S| ≥ k` (`t ≤ n − 1 − k`), where `k` is the term's size condition (0: none).
fn caps(plan: &Plan, group: &Group, rows: usize) -> Vec<Cap> {
    let n = plan.n as u64;
    let last = rows - 1;
    let limit = |of: u64, need: u64| -> Option<usize> {
        if need == 0 {
            return Some(last);
        }
        of.checked_sub(need)
            .map(|m| usize::try_from(m).map_or(last, |m| m.min(last)))
    };
    group
        .terms
        .iter()
        .map(|t| Cap {
            coef: t.coef,
            plus: limit(n, t.min_size),
            minus: limit(n - 1, t.min_size),
        })
        .collect()
}

/// The largest complement size any term counts (0 without sizes).
fn last_row(caps: &[Cap], sized: bool) -> usize {
    if !sized {
        return 0;
    }
    caps.iter()
        .flat_map(|c| [c.plus, c.minus])
        .flatten()
        .max()
        .unwrap_or(0)
}

/// One signature's lattice sums by complement size: `(P_G[t][B], P_G[t][B − w])`.
type Sums<C> = (Vec<C>, Vec<C>);

/// Every player's alternating lattice sums `(P_G[t][B], P_G[t][B − w])`, `t ≤ last`, from the
/// box prefix sums `P` of the table of all players, one pair of vectors per weight signature
/// (`steps`); the table has `rows` rows (those beyond are empty).
///
/// Dividing by a player's factor `(1 + y x^w)` gives `G[t][s] = Σ_j (−1)^j F[t−j][s − j w]`,
/// so the box sums of the table without the player are alternating sums of box sums of the
/// table with everyone: `P_G[t][b] = Σ_j (−1)^j P_F[t−j][b − j w]` (terms with a negative
/// coordinate vanish), no table of its own. `W⁺` is the box sum at `b = B` (the group's
/// bounds), `W⁻` at `b = B − w`, so both read the cells `(u, B − j w)` of one lattice: cell
/// `j` enters `P_G[u + j][B]` with sign `(−1)^j` and `P_G[u + j − 1][B − w]` with sign
/// `(−1)^(j−1)`, `O(min(rows, B / w))` cells per row and signature. The table is read row by
/// row, every signature reading a row while it is in cache; the threads take rows in turn
/// and their sums are added at the end.
///
/// # Errors
/// [`Error::Interrupted`] when stopped.
fn lattice_sums<C: Counter>(
    geom: &Geom,
    prefix: &[C],
    rows: usize,
    sized: bool,
    steps: &[&[usize]],
    bounds: &[usize],
    caps: &[Cap],
) -> Result<Vec<Sums<C>>> {
    let last = last_row(caps, sized);
    let zero = || vec![(vec![C::ZERO; last + 1], vec![C::ZERO; last + 1]); steps.len()];
    let threads = if sized {
        rayon::current_num_threads().clamp(1, last + 1)
    } else {
        1
    };
    let token = interrupt::current();
    let partial: Vec<Result<Vec<Sums<C>>>> = (0..threads)
        .into_par_iter()
        .map(|first| {
            interrupt::within(token.as_ref(), || {
                let mut sums = zero();
                // Rows past the table's are empty: they add nothing.
                for u in (first..=last.min(rows - 1)).step_by(threads) {
                    interrupt::check()?;
                    let row = &prefix[u * geom.len..(u + 1) * geom.len];
                    for (step, (p, m)) in steps.iter().zip(sums.iter_mut()) {
                        lattice_row(geom, row, u, sized, step, bounds, last, p, m);
                    }
                }
                Ok(sums)
            })
        })
        .collect();
    let mut total = zero();
    for part in partial {
        for ((p, m), (pp, mm)) in total.iter_mut().zip(part?) {
            p.iter_mut().zip(&pp).for_each(|(a, b)| a.add(b));
            m.iter_mut().zip(&mm).for_each(|(a, b)| a.add(b));
        }
    }
    Ok(total)
}

/// A player's `(W⁺, W⁻)` by coalition size `k = n − 1 − t` (or in one entry when
/// `len == 1`): each inclusion–exclusion term takes its coefficient times the lattice sums
/// of the complement sizes it counts.
fn split_by_terms<C: Counter>(
    caps: &[Cap],
    p_sums: &[C],
    m_sums: &[C],
    n: usize,
    len: usize,
) -> (Vec<C>, Vec<C>) {
    let mut plus = vec![C::ZERO; len];
    let mut minus = vec![C::ZERO; len];
    let slot = |t: usize| if len == 1 { 0 } else { n - 1 - t };
    for cap in caps {
        for (limit, sums, out) in [
            (cap.plus, p_sums, &mut plus),
            (cap.minus, m_sums, &mut minus),
        ] {
            let Some(limit) = limit else { continue };
            for (t, sum) in sums.iter().enumerate().take(limit + 1) {
                out[slot(t)].add(&sum.times(cap.coef));
            }
        }
    }
    (plus, minus)
}

/// Adds row `u`'s cells of one signature's lattice to its sums `plus[t] = P_G[t][B]`,
/// `minus[t] = P_G[t][B − w]` (see [`lattice_sums`]; one entry each without sizes).
#[allow(clippy::too_many_arguments)]
fn lattice_row<C: Counter>(
    geom: &Geom,
    row: &[C],
    u: usize,
    sized: bool,
    step: &[usize],
    bounds: &[usize],
    last: usize,
    plus: &mut [C],
    minus: &mut [C],
) {
    if sized && geom.bounds.len() == 1 {
        let (w, b) = (step[0], bounds[0]);
        // The hot loop of Shapley-Shubik: cell j feeds W⁺ of row u + j (while u + j ≤ last)
        // and W⁻ of row u + j − 1, so j runs to last − u + 1.
        let cells = last - u + 2;
        let count = b
            .checked_div(w)
            .map_or(cells, |k| k.saturating_add(1).min(cells));
        let p = &mut plus[u..];
        let m = &mut minus[u.saturating_sub(1)..];
        let shift = usize::from(u >= 1);
        for j in 0..count {
            let v = &row[b - j * w];
            let odd = j % 2 == 1;
            if let Some(x) = p.get_mut(j) {
                if odd { x.sub(v) } else { x.add(v) }
            }
            if j >= 1 {
                let x = &mut m[j - 1 + shift];
                if odd { x.add(v) } else { x.sub(v) }
            }
        }
        return;
    }
    // Where cell j's contributions go: plus[u + j] and minus[u + j − 1] with sizes, the one
    // entry without.
    let targets = |j: usize| -> (Option<usize>, Option<usize>) {
        if sized {
            (
                (u + j <= last).then_some(u + j),
                (u + j).checked_sub(1).filter(|_| j >= 1),
            )
        } else {
            (Some(0), (j >= 1).then_some(0))
        }
    };
    // With sizes, j runs to last − u + 1; without, until the lattice leaves the box (some
    // step is positive then: see `Plan::group_sized`).
    let cells = if sized { last - u + 2 } else { usize::MAX };
    let mut coord = bounds.to_vec();
    for j in 0..cells {
        let v = &row[geom.index(&coord)];
        let (pt, mt) = targets(j);
        let odd = j % 2 == 1;
        if let Some(t) = pt {
            if odd { plus[t].sub(v) } else { plus[t].add(v) }
        }
        if let Some(t) = mt {
            if odd {
                minus[t].add(v)
            } else {
                minus[t].sub(v)
            }
        }
        // The next cell moves every coordinate down by the step; stop below zero.
        let mut inside = true;
        for (c, &w) in coord.iter_mut().zip(step) {
            match c.checked_sub(w) {
                Some(x) => *c = x,
                None => inside = false,
            }
        }
        if !inside {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coalition::voting::{Rule, WeightedRule};

    /// Rows long enough for the two-halves table update (parallel when rayon has threads)
    /// against the enumeration.
    #[test]
    fn parallel_table_update_matches_enumeration() {
        let w: Vec<u64> = (0..18u64).map(|i| 500 + (i * 7919) % 1300).collect();
        let total: u64 = w.iter().sum();
        for quota in [total / 2 + 1, total / 3, total * 3 / 4] {
            let game = VotingGame::weighted(quota, &w).unwrap();
            let (brute, winning) = crate::coalition::voting::enumerate::brute_force(&game).unwrap();
            let p = plan(&game, true).unwrap();
            let counts = count(&p).unwrap();
            assert_eq!(counts.swings, brute, "quota {quota}");
            assert_eq!(counts.winning, winning);
        }
    }

    /// The dynamic program itself (never the enumeration fallback) against the enumeration.
    #[test]
    fn program_matches_enumeration_without_fallback() {
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for case in 0..60 {
            let n = 2 + (case % 9) as usize;
            let mut rules = Vec::new();
            for _ in 0..1 + next(3) {
                let mut w: Vec<u64> = (0..n).map(|_| next(9)).collect();
                w[0] += 1;
                let total: u64 = w.iter().sum();
                let quota = 1 + next(total);
                rules.push(Rule::Weighted(
                    WeightedRule::from_integers(quota, &w).unwrap(),
                ));
            }
            let rule = if case % 2 == 0 {
                Rule::AllOf(rules)
            } else {
                Rule::AnyOf(rules)
            };
            let game = VotingGame::new(rule).unwrap();
            let (brute, winning) = crate::coalition::voting::enumerate::brute_force(&game).unwrap();
            let counts = count(&plan(&game, true).unwrap()).unwrap();
            assert_eq!(counts.swings, brute, "case {case}");
            assert_eq!(counts.winning, winning, "case {case}");
            let flat = count(&plan(&game, false).unwrap()).unwrap();
            let totals: Vec<Vec<BigUint>> = brute.iter().map(|r| vec![r.iter().sum()]).collect();
            assert_eq!(flat.swings, totals, "case {case}");
        }
    }
}
