//! The dense `f64` tableau: row-major, one contiguous buffer, no allocation while pivoting.

use super::{Layout, Tableau};
use crate::error::{Error, Result};

/// A pivot column entry counts as positive above this fraction of the column's largest
/// absolute entry (smaller ones are rounding noise of exact zeros).
const PIVOT_TOL: f64 = 1e-10;
/// Two ratios tie when they differ by at most this much relative to the smaller (at least 1):
/// ties are then broken lexicographically.
const RATIO_TOL: f64 = 1e-12;

/// A tableau `basic + Σ coeff · nonbasic = rhs` with the rows scaled so that each basic
/// variable has coefficient 1. Columns are the labels `0..m+n`, then the right-hand side.
pub(super) struct FloatTableau {
    width: usize,
    data: Vec<f64>,
    /// The label of the basic variable of each row.
    basis: Vec<usize>,
    /// The row of each basic label, `usize::MAX` for nonbasic labels.
    row_of: Vec<usize>,
    /// The labels of the initial basis, in order: their columns hold the basis inverse, the
    /// tie-breaking keys of the lexicographic ratio test.
    slack: Vec<usize>,
    /// Scratch: rows still tied in the ratio test.
    tied: Vec<usize>,
    /// Scratch: a copy of the pivot row.
    pivot_row: Vec<f64>,
}

impl FloatTableau {
    /// The tableau of `layout` with the coefficients `coeff(row, label)` off the initial basis.
    pub(super) fn new(layout: &Layout, coeff: impl Fn(usize, usize) -> f64) -> Self {
        let width = layout.labels + 1;
        let rows = layout.slack.len();
        let mut data = vec![0.0; rows * width];
        let mut row_of = vec![usize::MAX; layout.labels];
        for (r, row) in data.chunks_exact_mut(width).enumerate() {
            for (l, x) in row[..layout.labels].iter_mut().enumerate() {
                *x = coeff(r, l);
            }
            row[layout.slack[r]] = 1.0;
            row[layout.labels] = 1.0;
            row_of[layout.slack[r]] = r;
        }
        Self {
            width,
            data,
            basis: layout.slack.clone(),
            row_of,
            slack: layout.slack.clone(),
            tied: Vec::with_capacity(rows),
            pivot_row: vec![0.0; width],
        }
    }

    fn at(&self, row: usize, col: usize) -> f64 {
        self.data[row * self.width + col]
    }

    /// Keeps the tied rows whose ratio `column / pivot column` is minimal (within tolerance).
    fn keep_min_ratio(&mut self, column: usize, entering: usize) {
        let (data, w) = (&self.data, self.width);
        let ratio = |r: usize| data[r * w + column] / data[r * w + entering];
        let min = self
            .tied
            .iter()
            .map(|&r| ratio(r))
            .fold(f64::INFINITY, f64::min);
        let tol = RATIO_TOL * min.abs().max(1.0);
        self.tied.retain(|&r| ratio(r) <= min + tol);
    }
}

impl Tableau for FloatTableau {
    fn enter(&mut self, label: usize) -> Result<usize> {
        let c = label;
        let rows = self.basis.len();
        let scale = (0..rows).map(|r| self.at(r, c).abs()).fold(0.0, f64::max);
        let tol = PIVOT_TOL * scale;
        self.tied.clear();
        for r in 0..rows {
            if self.at(r, c) > tol {
                self.tied.push(r);
            }
        }
        if self.tied.is_empty() {
            return Err(unbounded());
        }
        // Lexicographic minimum-ratio test: right-hand side first, then the basis inverse.
        let rhs = self.width - 1;
        self.keep_min_ratio(rhs, c);
        for s in 0..self.slack.len() {
            if self.tied.len() == 1 {
                break;
            }
            self.keep_min_ratio(self.slack[s], c);
        }
        let r = self.tied[0];
        self.pivot(r, c);
        let leaving = std::mem::replace(&mut self.basis[r], c);
        self.row_of[leaving] = usize::MAX;
        self.row_of[c] = r;
        Ok(leaving)
    }

    fn values(&self, labels: std::ops::Range<usize>) -> Vec<f64> {
        let rhs = self.width - 1;
        let raw: Vec<f64> = labels
            .map(|l| match self.row_of[l] {
                usize::MAX => 0.0,
                r => self.at(r, rhs).max(0.0),
            })
            .collect();
        let sum: f64 = raw.iter().sum();
        raw.iter().map(|x| x / sum).collect()
    }
}

impl FloatTableau {
    /// Gauss–Jordan pivot on `(r, c)`: row `r` scaled to a 1 at `c`, column `c` cleared
    /// elsewhere; one pass over the buffer, row by row.
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
        self.pivot_row[c] = 1.0;
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
                row[c] = 0.0;
            }
        }
    }
}

fn unbounded() -> Error {
    Error::Solver(
        "Lemke-Howson: no row can leave the basis (an unbounded ray, impossible for the positive \
         payoffs the method builds; rounding may be to blame, try exact=true)"
            .into(),
    )
}
