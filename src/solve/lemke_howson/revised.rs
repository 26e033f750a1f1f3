//! The revised `f64` tableau: the basis kept as the inverse of its small square core, so a
//! pivot costs `O(rows · k + k²)` for `k` basic structural variables instead of
//! `O(rows · cols)`.
//!
//! The polytope is `{z ≥ 0 : C z ≤ 1}` with slacks `s = 1 − C z`. In a basis, the structural
//! variables `S` (`k` of them) are basic and the slacks of the `k` rows `R` are nonbasic
//! (tight); every other slack is basic. With `M = C[R, S]` the basis matrix is, rows ordered
//! `R` then the rest,
//!
//! ```text
//! B = [ M          0 ]        B⁻¹ = [  M⁻¹            0 ]
//!     [ C[R̄, S]   I ]              [ −C[R̄, S] M⁻¹    I ]
//! ```
//!
//! so `M⁻¹` (`k × k`) and the original matrix `C` hold everything: the column of an entering
//! variable `a` in the current tableau is `u = M⁻¹ a_R` for the basic structurals and
//! `v = a_R̄ − C[R̄, S] u` for the basic slacks (one pass over the `k` columns of `C` in `S`).
//! Each pivot changes `M` by one row or column, or grows or shrinks it by one of each, and
//! `M⁻¹` follows by a rank-one (Sherman–Morrison) or bordering (Schur complement) update
//! (Chvátal 1983, ch. 7; Golub & Van Loan 2013, §2.1.4). Along Lemke–Howson paths of random
//! games the supports, hence `k`, stay small, which is where this beats a dense tableau.
//!
//! The ratio test is a dense tableau's (von Stengel 2002, §3.7): entries below a relative
//! tolerance count as zero, and ties are broken lexicographically by the rows of `B⁻¹`,
//! computed from the formula above only for the rows still tied.

use std::cell::RefCell;

use std::convert::Infallible;

use super::basis::Basis;
use super::{Layout, Tableau};
use crate::error::{Error, Result};

/// A pivot column entry counts as positive above this fraction of the column's largest
/// absolute entry (smaller ones are rounding noise of exact zeros).
const PIVOT_TOL: f64 = 1e-10;
/// Two ratios tie when they differ by at most this much relative to the smaller, or, for
/// ratios near zero, to the column's unit ratio (a value of 1 over the column's largest
/// entry: the size of a ratio's rounding noise): ties are then broken lexicographically.
/// (A floor of 1 instead made ratios of large entries, such as 5e-7 against 5e-7 + 5e-13
/// in a badly scaled degenerate 3x2 game, tie and lose to the lexicographic rule, which led
/// the path off the polytope: a profile with regret 1e-6.)
const RATIO_TOL: f64 = 1e-12;

/// The largest constraint matrix (entries) a thread keeps for its next tableau.
const SPARE_ENTRIES: usize = 1 << 19;

thread_local! {
    /// Constraint matrices of dropped tableaux, reused by the next ones on this thread: a
    /// fresh allocation of that size costs a page fault every 4 KiB, which on a short path
    /// is a large part of the pivoting's own cost.
    static SPARE: RefCell<Vec<Vec<f64>>> = const { RefCell::new(Vec::new()) };
}

/// The room for `k` that the inverse starts with.
const INITIAL_CORE: usize = 16;

/// Marks "no position".
pub(super) const NONE: usize = usize::MAX;

/// What a label stands for in the polytope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Var {
    /// The slack of constraint row `i`.
    Slack(usize),
    /// The structural variable (column of `C`) `j`.
    Structural(usize),
}

/// A basic variable competing in the ratio test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Basic {
    /// The structural variable at this position of `S`.
    Structural(usize),
    /// The slack of this row (not in `R`).
    Slack(usize),
}

/// Where a tableau reads its coefficients: any `Fn(row, label) -> f64`.
pub(super) trait Coefficients {
    /// Writes the coefficient of `label` in every row (`out[row]`).
    fn column(&self, label: usize, out: &mut [f64]);
}

impl<F: Fn(usize, usize) -> f64> Coefficients for F {
    #[inline]
    fn column(&self, label: usize, out: &mut [f64]) {
        for (i, x) in out.iter_mut().enumerate() {
            *x = self(i, label);
        }
    }
}

/// The tableau of one best-response polytope in revised form, reading its coefficients from
/// `coeff` (one call per column, so both tableaux of a path have one type).
pub(super) struct RevisedTableau<'a> {
    /// The labels, `S`, `R`, `M⁻¹` and the values of the basic structurals.
    basis: Basis<f64>,
    /// The coefficients of the labels outside the initial basis.
    coeff: &'a dyn Coefficients,
    /// `C`, column-major: column `j` is `c[j * rows..(j + 1) * rows]`, filled from `coeff`
    /// when its variable first enters the basis ([`Self::fill_column`]): only the columns
    /// of variables that are or were basic are ever read, and a short path touches a few
    /// of them, so the tableau costs `O(rows + cols)` to set up rather than `O(rows · cols)`.
    /// The other entries are unspecified (zeros, or a previous tableau's).
    c: Vec<f64>,
    /// Whether column `j` of `c` is filled.
    filled: Vec<bool>,
    /// The value of every row's slack (0 for tight rows).
    s: Vec<f64>,
    /// Scratch: the entering column's entries for the basic structurals (`u`).
    u: Vec<f64>,
    /// Scratch: the entering column's entries for the slacks (`v`, 0 on the tight rows).
    v: Vec<f64>,
    /// Scratch: a row vector over the positions of `R` (`w`), then one over those of `S`.
    w: Vec<f64>,
    /// Scratch: a row of `C` restricted to `S`.
    row: Vec<f64>,
    /// Scratch: the ratio of each row's slack in the ratio test (infinite if not a candidate).
    ratio: Vec<f64>,
    /// Scratch: candidates still tied in the ratio test.
    tied: Vec<Basic>,
}

impl<'a> RevisedTableau<'a> {
    /// The tableau of `layout` with the coefficients `coeff(row, label)` of the labels outside
    /// the initial basis (all positive: the polytope is bounded), read column by column as
    /// the path needs them.
    pub(super) fn new(layout: &Layout, coeff: &'a dyn Coefficients) -> Self {
        let Ok(basis) = Basis::new(layout, INITIAL_CORE, |n| Ok::<_, Infallible>(vec![0.0; n]));
        let (rows, cols, max_core) = (basis.rows, basis.cols(), basis.max_core);
        // A spare matrix keeps its old entries: every column is written before it is read.
        let mut c = SPARE.with_borrow_mut(Vec::pop).unwrap_or_default();
        if c.len() < rows * cols {
            c.resize(rows * cols, 0.0);
        }
        Self {
            coeff,
            c,
            filled: vec![false; cols],
            s: vec![1.0; rows],
            u: Vec::with_capacity(basis.stride),
            v: vec![0.0; rows],
            w: vec![0.0; max_core],
            row: vec![0.0; max_core],
            ratio: vec![0.0; rows],
            tied: Vec::with_capacity(rows),
            basis,
        }
    }

    /// Fills column `j` of `C` from `coeff` the first time its variable enters.
    #[inline(always)]
    fn fill_column(&mut self, j: usize) {
        if self.filled[j] {
            return;
        }
        let (rows, l) = (self.basis.rows, self.basis.structural_label[j]);
        self.coeff.column(l, &mut self.c[j * rows..(j + 1) * rows]);
        self.filled[j] = true;
    }

    /// Column `q` of `M⁻¹` (position `q` of `R`), its first `k` entries.
    #[inline(always)]
    fn inverse_column(&self, q: usize, k: usize) -> &[f64] {
        &self.basis.inverse[q * self.basis.stride..q * self.basis.stride + k]
    }

    /// Fills `u` and `v` with the tableau column of `entering`.
    #[inline(always)]
    fn entering_column(&mut self, entering: Var) {
        let (k, rows, stride) = (self.basis.basic.len(), self.basis.rows, self.basis.stride);
        self.u.clear();
        match entering {
            Var::Structural(j) => {
                let a = &self.c[j * rows..(j + 1) * rows];
                self.u.resize(k, 0.0);
                for (q, &i) in self.basis.tight.iter().enumerate() {
                    axpy(
                        &mut self.u,
                        a[i],
                        &self.basis.inverse[q * stride..q * stride + k],
                    );
                }
                self.v.copy_from_slice(a);
            }
            Var::Slack(i) => {
                let q = self.basis.pos_tight[i];
                self.u
                    .extend_from_slice(&self.basis.inverse[q * stride..q * stride + k]);
                self.v.fill(0.0);
            }
        }
        subtract_columns(&mut self.v, &self.c, rows, &self.basis.basic, &self.u);
        for &i in &self.basis.tight {
            self.v[i] = 0.0;
        }
    }

    /// The entry of candidate `b` in the tableau column.
    #[inline(always)]
    fn entry(&self, b: Basic) -> f64 {
        match b {
            Basic::Structural(p) => self.u[p],
            Basic::Slack(i) => self.v[i],
        }
    }

    /// The value of candidate `b`.
    #[inline(always)]
    fn value(&self, b: Basic) -> f64 {
        match b {
            Basic::Structural(p) => self.basis.z[p],
            Basic::Slack(i) => self.s[i],
        }
    }

    /// `w = C[i, S] M⁻¹` (a row vector over the positions of `R`).
    #[inline(always)]
    fn row_times_inverse(&mut self, i: usize) {
        let (k, rows) = (self.basis.basic.len(), self.basis.rows);
        for (x, &j) in self.row.iter_mut().zip(&self.basis.basic) {
            *x = self.c[j * rows + i];
        }
        for q in 0..k {
            self.w[q] = dot(&self.row[..k], self.inverse_column(q, k));
        }
    }

    /// The row of `B⁻¹` of candidate `b`, as a function of the initial basis' rows.
    fn inverse_row(&mut self, b: Basic) -> Vec<f64> {
        let k = self.basis.basic.len();
        let mut row = vec![0.0; self.basis.rows];
        match b {
            Basic::Structural(p) => {
                for (q, &i) in self.basis.tight.iter().enumerate() {
                    row[i] = self.inverse_column(q, k)[p];
                }
            }
            Basic::Slack(home) => {
                self.row_times_inverse(home);
                for (q, &i) in self.basis.tight.iter().enumerate() {
                    row[i] = -self.w[q];
                }
                row[home] = 1.0;
            }
        }
        row
    }

    /// The leaving candidate by the lexicographic minimum-ratio test on `u`, `v`.
    #[inline(always)]
    fn ratio_test(&mut self) -> Result<Basic> {
        let k = self.basis.basic.len();
        let scale = max_abs(&self.v).max(max_abs(&self.u));
        let tol = PIVOT_TOL * scale;
        let ratio = |value: f64, entry: f64| {
            if entry > tol {
                value / entry
            } else {
                f64::INFINITY
            }
        };
        for (r, (&s, &v)) in self.ratio.iter_mut().zip(self.s.iter().zip(&self.v)) {
            *r = ratio(s, v);
        }
        let min = (0..k)
            .map(|p| ratio(self.basis.z[p], self.u[p]))
            .fold(min_of(&self.ratio), f64::min);
        if min == f64::INFINITY {
            return Err(unbounded());
        }
        let bound = min + RATIO_TOL * min.abs().max(1.0 / scale);
        let mut tied = std::mem::take(&mut self.tied);
        tied.clear();
        for p in 0..k {
            if ratio(self.basis.z[p], self.u[p]) <= bound {
                tied.push(Basic::Structural(p));
            }
        }
        // Usually one row attains the minimum: skip blocks of four without one.
        for (b, block) in self.ratio.chunks(4).enumerate() {
            if block.iter().fold(false, |any, &r| any | (r <= bound)) {
                let rows = (4 * b..).zip(block).filter(|&(_, &r)| r <= bound);
                tied.extend(rows.map(|(i, _)| Basic::Slack(i)));
            }
        }
        let leaving = match tied.as_slice() {
            &[b] => b,
            // Ties: compare the rows of B⁻¹ column by column (the initial basis' order).
            _ => {
                let mut keyed: Vec<(Basic, Vec<f64>)> =
                    tied.iter().map(|&b| (b, self.inverse_row(b))).collect();
                for col in 0..self.basis.rows {
                    if keyed.len() == 1 {
                        break;
                    }
                    keep_min_ratio(&mut keyed, |(b, key)| key[col] / self.entry(*b));
                }
                keyed[0].0
            }
        };
        self.tied = tied;
        Ok(leaving)
    }

    /// [`Tableau::enter`] compiled for AVX2: the same operations in the same order (Rust never
    /// fuses a multiply and an add), so the same results, on twice as wide vectors.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn enter_avx2(&mut self, label: usize) -> Result<usize> {
        self.enter_portable(label)
    }

    /// [`Tableau::enter`] for any CPU; everything it calls is inlined into it (and so into
    /// [`Self::enter_avx2`]).
    #[inline(always)]
    fn enter_portable(&mut self, label: usize) -> Result<usize> {
        let entering = self.basis.var[label];
        if let Var::Structural(j) = entering {
            self.fill_column(j);
        }
        self.entering_column(entering);
        let leaving = self.ratio_test()?;
        let leaving_label = match leaving {
            Basic::Structural(p) => self.basis.structural_label[self.basis.basic[p]],
            Basic::Slack(i) => self.basis.slack_label[i],
        };
        self.pivot(entering, leaving);
        Ok(leaving_label)
    }

    /// Pivots `M⁻¹` on entry `p` of `u` (`M` gets the entering column at position `p`, or
    /// loses a row with column `p`): in each column `x` of `M⁻¹`, `x_p / u_p` becomes the
    /// new `x_p` and `u_r` times it is subtracted from every other `x_r`.
    #[inline(always)]
    fn eliminate(&mut self, p: usize) {
        let (k, stride) = (self.basis.basic.len(), self.basis.stride);
        let inv = 1.0 / self.u[p];
        for column in self
            .basis
            .inverse
            .chunks_exact_mut(stride)
            .take(self.basis.tight.len())
        {
            let f = column[p] * inv;
            if f != 0.0 {
                axpy(&mut column[..k], -f, &self.u);
                column[p] = f;
            }
        }
    }

    /// Adds `scale · u wᵀ` to `M⁻¹`.
    #[inline(always)]
    fn rank_one(&mut self, scale: f64) {
        let (k, stride) = (self.basis.basic.len(), self.basis.stride);
        let columns = self.basis.inverse.chunks_exact_mut(stride);
        for (column, &w) in columns.zip(&self.w[..self.basis.tight.len()]) {
            axpy(&mut column[..k], scale * w, &self.u);
        }
    }

    /// Brings `entering` in for `leaving`, updating `M⁻¹`, `S`, `R` and the values.
    #[inline(always)]
    fn pivot(&mut self, entering: Var, leaving: Basic) {
        let t = self.value(leaving) / self.entry(leaving);
        axpy(&mut self.basis.z, -t, &self.u);
        // `v` is 0 on the tight rows, whose slacks stay 0.
        axpy(&mut self.s, -t, &self.v);
        let k = self.basis.basic.len();
        match (entering, leaving) {
            // M gets column j in place of S[p].
            (Var::Structural(j), Basic::Structural(p)) => {
                self.eliminate(p);
                self.basis.pos_basic[self.basis.basic[p]] = NONE;
                self.basis.basic[p] = j;
                self.basis.pos_basic[j] = p;
                self.basis.z[p] = t;
            }
            // M grows by row i and column j: bordered by the Schur complement σ = v_i.
            (Var::Structural(j), Basic::Slack(i)) => {
                let Ok(_) = self
                    .basis
                    .make_room(k + 1, |n| Ok::<_, Infallible>(vec![0.0; n]));
                let stride = self.basis.stride;
                let sigma = self.v[i];
                self.row_times_inverse(i);
                self.rank_one(1.0 / sigma);
                for q in 0..k {
                    self.basis.inverse[q * stride + k] = -self.w[q] / sigma;
                }
                for p in 0..k {
                    self.basis.inverse[k * stride + p] = -self.u[p] / sigma;
                }
                self.basis.inverse[k * stride + k] = 1.0 / sigma;
                self.basis.basic.push(j);
                self.basis.pos_basic[j] = k;
                self.basis.tight.push(i);
                self.basis.pos_tight[i] = k;
                self.basis.z.push(t);
                self.s[i] = 0.0;
            }
            // M loses row i (position q) and column S[p].
            (Var::Slack(i), Basic::Structural(p)) => {
                let q = self.basis.pos_tight[i];
                self.eliminate(p);
                self.basis.remove_basic(p);
                self.basis.remove_tight(q);
                self.s[i] = t;
            }
            // M gets row i' in place of row i (position q): Sherman–Morrison with
            // denominator C[i', S] u = −v_i'.
            (Var::Slack(i), Basic::Slack(i_out)) => {
                let q = self.basis.pos_tight[i];
                self.row_times_inverse(i_out);
                self.w[q] -= 1.0;
                self.rank_one(1.0 / self.v[i_out]);
                self.basis.tight[q] = i_out;
                self.basis.pos_tight[i] = NONE;
                self.basis.pos_tight[i_out] = q;
                self.s[i] = t;
                self.s[i_out] = 0.0;
            }
        }
    }
}

impl Drop for RevisedTableau<'_> {
    fn drop(&mut self) {
        let c = std::mem::take(&mut self.c);
        if c.capacity() <= SPARE_ENTRIES {
            // The two tableaux of one path; at most 8 MiB a thread.
            SPARE.with_borrow_mut(|spare| (spare.len() < 2).then(|| spare.push(c)));
        }
    }
}

impl Tableau for RevisedTableau<'_> {
    fn enter(&mut self, label: usize) -> Result<usize> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, checked just above.
            return unsafe { self.enter_avx2(label) };
        }
        self.enter_portable(label)
    }

    fn values(&self, labels: std::ops::Range<usize>) -> Vec<f64> {
        let raw: Vec<f64> = labels
            .map(|l| match self.basis.var[l] {
                Var::Structural(j) => match self.basis.pos_basic[j] {
                    NONE => 0.0,
                    p => self.basis.z[p].max(0.0),
                },
                Var::Slack(i) => self.s[i].max(0.0),
            })
            .collect();
        let sum: f64 = raw.iter().sum();
        raw.iter().map(|x| x / sum).collect()
    }
}

fn unbounded() -> Error {
    Error::Solver(
        "Lemke-Howson: no row can leave the basis (an unbounded ray, impossible for the positive \
         payoffs the method builds; rounding may be to blame, try exact=true)"
            .into(),
    )
}

/// `y += f · x`.
#[inline(always)]
fn axpy(y: &mut [f64], f: f64, x: &[f64]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += f * x;
    }
}

/// `Σ a_i b_i`, in four interleaved partial sums (so that it vectorises; the order of the
/// additions does not depend on the CPU).
#[inline(always)]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    let mut acc = [0.0; 4];
    for (x, y) in ca.zip(cb) {
        for l in 0..4 {
            acc[l] += x[l] * y[l];
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Folds `x` with `pick` in four interleaved lanes (so that it vectorises), then the lanes.
#[inline(always)]
fn fold_lanes(x: &[f64], init: f64, pick: impl Fn(f64, f64) -> f64) -> f64 {
    let chunks = x.chunks_exact(4);
    let tail = chunks.remainder().iter().fold(init, |m, &v| pick(m, v));
    let mut lanes = [init; 4];
    for c in chunks {
        for l in 0..4 {
            lanes[l] = pick(lanes[l], c[l]);
        }
    }
    lanes.iter().fold(tail, |m, &v| pick(m, v))
}

/// The largest absolute value in `x` (0 if empty).
#[inline(always)]
fn max_abs(x: &[f64]) -> f64 {
    fold_lanes(x, 0.0, |m, v| if v.abs() > m { v.abs() } else { m })
}

/// The smallest value in `x` (infinite if empty; no NaN expected).
#[inline(always)]
fn min_of(x: &[f64]) -> f64 {
    fold_lanes(x, f64::INFINITY, |m, v| if v < m { v } else { m })
}

/// `v −= Σ_p u_p · C[:, basic_p]` for the column-major `c` with `rows` rows, four columns
/// per sweep over `v`.
#[inline(always)]
fn subtract_columns(v: &mut [f64], c: &[f64], rows: usize, basic: &[usize], u: &[f64]) {
    let v = &mut v[..rows];
    let column = |j: usize| &c[j * rows..(j + 1) * rows];
    let (js, us) = (basic.chunks_exact(4), u.chunks_exact(4));
    let (rest_j, rest_u) = (js.remainder(), us.remainder());
    for (j, u) in js.zip(us) {
        let (c0, c1, c2, c3) = (column(j[0]), column(j[1]), column(j[2]), column(j[3]));
        let (u0, u1, u2, u3) = (u[0], u[1], u[2], u[3]);
        for i in 0..rows {
            v[i] -= u0 * c0[i] + u1 * c1[i] + u2 * c2[i] + u3 * c3[i];
        }
    }
    for (&j, &u) in rest_j.iter().zip(rest_u) {
        for (v, &a) in v.iter_mut().zip(column(j)) {
            *v -= u * a;
        }
    }
}

/// Keeps the items whose `ratio` is minimal, within [`RATIO_TOL`] relative to the largest
/// ratio in magnitude (0 when all are 0), in their order.
fn keep_min_ratio<T>(items: &mut Vec<T>, ratio: impl Fn(&T) -> f64) {
    let min = items.iter().map(&ratio).fold(f64::INFINITY, f64::min);
    let largest = items.iter().map(|x| ratio(x).abs()).fold(0.0, f64::max);
    let tol = RATIO_TOL * largest;
    items.retain(|x| ratio(x) <= min + tol);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;

    /// The polytope `{z ≥ 0 : C z ≤ 1}` with random positive `C` (`rows × cols`), labels
    /// `0..rows` for the slacks and `rows..rows+cols` for `z`.
    fn random_matrix(rows: usize, cols: usize, seed: u64) -> Vec<f64> {
        let mut rng = SplitMix64::for_stream(seed, 0);
        (0..rows * cols).map(|_| 1.0 + rng.open01()).collect()
    }

    /// The layout of `random_matrix`'s polytope.
    fn layout(rows: usize, cols: usize) -> Layout {
        Layout {
            labels: rows + cols,
            slack: (0..rows).collect(),
        }
    }

    /// Checks `M⁻¹ M = I`, `z = M⁻¹ 1`, `s = 1 − C z` and feasibility from scratch.
    fn check_invariants(t: &RevisedTableau, c: &[f64], cols: usize) {
        let k = t.basis.basic.len();
        assert_eq!(t.basis.tight.len(), k);
        for p in 0..k {
            for p2 in 0..k {
                let product: f64 = (0..k)
                    .map(|q| {
                        t.basis.inverse[q * t.basis.stride + p]
                            * c[t.basis.tight[q] * cols + t.basis.basic[p2]]
                    })
                    .sum();
                let want = if p == p2 { 1.0 } else { 0.0 };
                assert!(
                    (product - want).abs() < 1e-9,
                    "(M⁻¹M)[{p}][{p2}] = {product}"
                );
            }
            let z: f64 = (0..k)
                .map(|q| t.basis.inverse[q * t.basis.stride + p])
                .sum();
            assert!(
                (z - t.basis.z[p]).abs() < 1e-9 && t.basis.z[p] >= -1e-12,
                "z[{p}]"
            );
        }
        for i in 0..t.basis.rows {
            let cz: f64 = (0..k)
                .map(|p| c[i * cols + t.basis.basic[p]] * t.basis.z[p])
                .sum();
            assert!(
                (1.0 - cz - t.s[i]).abs() < 1e-9 && t.s[i] >= -1e-12,
                "s[{i}]"
            );
            assert_eq!(t.basis.pos_tight[i] != NONE, t.basis.tight.contains(&i));
        }
    }

    #[test]
    fn random_pivots_keep_the_inverse_and_the_values_exact() {
        for (rows, cols, seed) in [
            (1, 1, 1),
            (3, 5, 2),
            (6, 4, 3),
            (9, 9, 4),
            (12, 30, 5),
            (40, 24, 6),
        ] {
            let c = random_matrix(rows, cols, seed);
            let coeff = |i: usize, l: usize| c[i * cols + l - rows];
            let mut t = RevisedTableau::new(&layout(rows, cols), &coeff);
            let mut rng = SplitMix64::for_stream(seed, 1);
            // How often each pivot case ran: [column replaced, grown, shrunk, row replaced].
            let mut cases = [0; 4];
            for _ in 0..400 {
                // Any nonbasic label may enter: a tight row's slack or a zero structural.
                let nonbasic: Vec<usize> = (0..rows + cols)
                    .filter(|&l| match t.basis.var[l] {
                        Var::Slack(i) => t.basis.pos_tight[i] != NONE,
                        Var::Structural(j) => t.basis.pos_basic[j] == NONE,
                    })
                    .collect();
                assert_eq!(nonbasic.len(), cols);
                // Mostly structurals, so that the walk reaches large supports too.
                let (structural, slack): (Vec<usize>, Vec<usize>) =
                    nonbasic.iter().partition(|&&l| l >= rows);
                let pool = if slack.is_empty() || (!structural.is_empty() && rng.below(4) > 0) {
                    structural
                } else {
                    slack
                };
                let label = pool[rng.below(pool.len())];
                let (k, leaving) = (t.basis.basic.len(), t.enter(label).unwrap());
                check_invariants(&t, &c, cols);
                let case = match (label >= rows, leaving >= rows) {
                    (true, true) => 0,
                    (true, false) => 1,
                    (false, true) => 2,
                    (false, false) => 3,
                };
                assert_eq!(
                    t.basis.basic.len() as isize - k as isize,
                    [0, 1, -1, 0][case]
                );
                cases[case] += 1;
            }
            if rows.min(cols) > 1 {
                assert!(
                    cases.iter().all(|&n| n > 0),
                    "{rows}x{cols}: cases {cases:?}"
                );
            }
        }
    }

    #[test]
    fn ties_are_broken_by_the_basis_inverse() {
        // Two equal rows: entering z_0 ties rows 0 and 1; the lexicographic rule picks the
        // row whose B⁻¹ row is smaller first, row 1 (its unit vector is 0 in column 0).
        let layout = Layout {
            labels: 4,
            slack: vec![0, 1],
        };
        let mut t = RevisedTableau::new(&layout, &|_: usize, _: usize| 1.0);
        assert_eq!(t.enter(2).unwrap(), 1);
        assert_eq!(
            (t.basis.basic.clone(), t.basis.tight.clone()),
            (vec![0], vec![1])
        );
        assert_eq!(t.values(2..4), vec![1.0, 0.0]);
    }
}
