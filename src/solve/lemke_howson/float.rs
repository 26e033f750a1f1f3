//! The dense `f64` tableau: condensed (one column per nonbasic variable), row-major in one
//! contiguous buffer, no allocation while pivoting.

use super::{Layout, Tableau};
use crate::error::{Error, Result};

/// A pivot column entry counts as positive above this fraction of the column's largest
/// absolute entry (smaller ones are rounding noise of exact zeros).
const PIVOT_TOL: f64 = 1e-10;
/// Two ratios tie when they differ by at most this much relative to the smaller (at least 1):
/// ties are then broken lexicographically.
const RATIO_TOL: f64 = 1e-12;

/// Marks a label without a row (nonbasic) or without a column (basic).
const NONE: usize = usize::MAX;

/// The system `basic_r + Σ_j T[r][j] · nonbasic_j = rhs_r`, one row per basic variable and one
/// column per nonbasic variable, then the right-hand side. Basic columns (unit vectors in the
/// full tableau) are not stored, which halves the work of a pivot.
pub(super) struct FloatTableau {
    /// Columns per row: the nonbasic variables, then the right-hand side.
    width: usize,
    data: Vec<f64>,
    /// The label of the basic variable of each row.
    basis: Vec<usize>,
    /// The label of the nonbasic variable of each column.
    nonbasic: Vec<usize>,
    /// The row of each basic label, [`NONE`] for nonbasic labels.
    row_of: Vec<usize>,
    /// The column of each nonbasic label, [`NONE`] for basic labels.
    col_of: Vec<usize>,
    /// The labels of the initial basis, in order: their full-tableau columns hold the basis
    /// inverse, the tie-breaking keys of the lexicographic ratio test.
    slack: Vec<usize>,
    /// Scratch: rows still tied in the ratio test.
    tied: Vec<usize>,
    /// Scratch: the updated pivot row.
    pivot_row: Vec<f64>,
}

impl FloatTableau {
    /// The tableau of `layout` with the coefficients `coeff(row, label)` of the labels outside
    /// the initial basis.
    pub(super) fn new(layout: &Layout, coeff: impl Fn(usize, usize) -> f64) -> Self {
        let rows = layout.slack.len();
        let mut row_of = vec![NONE; layout.labels];
        for (r, &s) in layout.slack.iter().enumerate() {
            row_of[s] = r;
        }
        let nonbasic: Vec<usize> = (0..layout.labels).filter(|&l| row_of[l] == NONE).collect();
        let mut col_of = vec![NONE; layout.labels];
        for (j, &l) in nonbasic.iter().enumerate() {
            col_of[l] = j;
        }
        let width = nonbasic.len() + 1;
        let mut data = vec![1.0; rows * width];
        for (r, row) in data.chunks_exact_mut(width).enumerate() {
            for (x, &l) in row.iter_mut().zip(&nonbasic) {
                *x = coeff(r, l);
            }
        }
        Self {
            width,
            data,
            basis: layout.slack.clone(),
            nonbasic,
            row_of,
            col_of,
            slack: layout.slack.clone(),
            tied: Vec::with_capacity(rows),
            pivot_row: vec![0.0; width],
        }
    }

    /// Keeps the tied rows whose ratio `key(row) / T[row][c]` is minimal (within tolerance).
    fn keep_min_ratio(&mut self, key: impl Fn(&[f64], usize) -> f64, c: usize) {
        let (data, w) = (&self.data, self.width);
        let ratio = |r: usize| key(&data[r * w..(r + 1) * w], r) / data[r * w + c];
        let min = self
            .tied
            .iter()
            .map(|&r| ratio(r))
            .fold(f64::INFINITY, f64::min);
        let tol = RATIO_TOL * min.abs().max(1.0);
        self.tied.retain(|&r| ratio(r) <= min + tol);
    }

    /// Exchanges the basic variable of row `r` with the nonbasic one of column `c`:
    /// `p = T[r][c]`; row `r` becomes `T[r] / p` with `1 / p` at `c`; every other row `i`
    /// becomes `T[i] − T[i][c] · (new row r)` with `−T[i][c] / p` at `c` (column `c` now
    /// belongs to the variable that left).
    fn pivot(&mut self, r: usize, c: usize) {
        let w = self.width;
        let inv = 1.0 / self.data[r * w + c];
        for (p, &x) in self
            .pivot_row
            .iter_mut()
            .zip(&self.data[r * w..(r + 1) * w])
        {
            *p = x * inv;
        }
        self.pivot_row[c] = inv;
        for (i, row) in self.data.chunks_exact_mut(w).enumerate() {
            if i == r {
                row.copy_from_slice(&self.pivot_row);
                continue;
            }
            let f = row[c];
            if f != 0.0 {
                for (x, &p) in row.iter_mut().zip(&self.pivot_row) {
                    *x -= f * p;
                }
                row[c] = -f * inv;
            }
        }
    }
}

impl Tableau for FloatTableau {
    fn enter(&mut self, label: usize) -> Result<usize> {
        let c = self.col_of[label];
        debug_assert_ne!(c, NONE, "only a nonbasic label can enter");
        let (w, rows) = (self.width, self.basis.len());
        let scale = (0..rows)
            .map(|r| self.data[r * w + c].abs())
            .fold(0.0, f64::max);
        let tol = PIVOT_TOL * scale;
        self.tied.clear();
        for r in 0..rows {
            if self.data[r * w + c] > tol {
                self.tied.push(r);
            }
        }
        if self.tied.is_empty() {
            return Err(unbounded());
        }
        // Lexicographic minimum-ratio test: right-hand side first, then the columns of the
        // initial basis (a unit vector while that variable is basic).
        self.keep_min_ratio(|row, _| row[w - 1], c);
        for s in 0..self.slack.len() {
            if self.tied.len() == 1 {
                break;
            }
            let label = self.slack[s];
            match self.col_of[label] {
                NONE => {
                    let home = self.row_of[label];
                    self.keep_min_ratio(|_, r| f64::from(u8::from(r == home)), c);
                }
                j => self.keep_min_ratio(|row, _| row[j], c),
            }
        }
        let r = self.tied[0];
        self.pivot(r, c);
        let leaving = std::mem::replace(&mut self.basis[r], label);
        self.nonbasic[c] = leaving;
        self.row_of[leaving] = NONE;
        self.col_of[leaving] = c;
        self.row_of[label] = r;
        self.col_of[label] = NONE;
        Ok(leaving)
    }

    fn values(&self, labels: std::ops::Range<usize>) -> Vec<f64> {
        let w = self.width;
        let raw: Vec<f64> = labels
            .map(|l| match self.row_of[l] {
                NONE => 0.0,
                r => self.data[r * w + w - 1].max(0.0),
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
