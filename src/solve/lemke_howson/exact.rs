//! The exact tableau: integer pivoting on big integers (von Stengel 2002, §3.5).
//!
//! Every entry is an integer; after each pivot the whole tableau equals the rational tableau
//! times the last pivot element `det`, and the division by the previous `det` in the update
//! rule is exact. Nothing is ever rounded.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use super::{Layout, Tableau};
use crate::error::{Error, Result};

/// An integer tableau: `det · basic + Σ coeff · nonbasic = rhs` for the current `det`.
pub(super) struct ExactTableau {
    width: usize,
    data: Vec<BigInt>,
    det: BigInt,
    basis: Vec<usize>,
    row_of: Vec<usize>,
    slack: Vec<usize>,
    tied: Vec<usize>,
}

impl ExactTableau {
    /// The tableau of `layout` with the coefficients `coeff(row, label)` off the initial basis.
    pub(super) fn new(layout: &Layout, coeff: impl Fn(usize, usize) -> BigInt) -> Self {
        let width = layout.labels + 1;
        let rows = layout.slack.len();
        let mut data = Vec::with_capacity(rows * width);
        let mut row_of = vec![usize::MAX; layout.labels];
        for (r, &s) in layout.slack.iter().enumerate() {
            for l in 0..layout.labels {
                data.push(if l == s { BigInt::one() } else { coeff(r, l) });
            }
            data.push(BigInt::one());
            row_of[s] = r;
        }
        Self {
            width,
            data,
            det: BigInt::one(),
            basis: layout.slack.clone(),
            row_of,
            slack: layout.slack.clone(),
            tied: Vec::with_capacity(rows),
        }
    }

    fn at(&self, row: usize, col: usize) -> &BigInt {
        &self.data[row * self.width + col]
    }

    /// Keeps the tied rows whose ratio `column / pivot column` is minimal (compared exactly by
    /// cross-multiplication; pivot column entries are positive).
    fn keep_min_ratio(&mut self, column: usize, entering: usize) {
        let (data, w) = (&self.data, self.width);
        let cmp = |a: usize, b: usize| {
            (&data[a * w + column] * &data[b * w + entering])
                .cmp(&(&data[b * w + column] * &data[a * w + entering]))
        };
        let best = self
            .tied
            .iter()
            .copied()
            .reduce(|a, b| if cmp(b, a) == Ordering::Less { b } else { a })
            .expect("the ratio test starts with at least one row");
        self.tied.retain(|&r| cmp(r, best) == Ordering::Equal);
    }

    /// The exact values of the variables with `labels`, normalised to sum to 1.
    pub(super) fn rational_values(&self, labels: std::ops::Range<usize>) -> Vec<BigRational> {
        let rhs = self.width - 1;
        let raw: Vec<BigInt> = labels
            .map(|l| match self.row_of[l] {
                usize::MAX => BigInt::zero(),
                r => self.at(r, rhs).clone(),
            })
            .collect();
        let sum: BigInt = raw.iter().sum();
        raw.into_iter()
            .map(|x| BigRational::new(x, sum.clone()))
            .collect()
    }
}

impl Tableau for ExactTableau {
    fn enter(&mut self, label: usize) -> Result<usize> {
        let c = label;
        let rows = self.basis.len();
        self.tied.clear();
        for r in 0..rows {
            if self.at(r, c).is_positive() {
                self.tied.push(r);
            }
        }
        if self.tied.is_empty() {
            return Err(Error::Solver(
                "Lemke-Howson (exact): no row can leave the basis, an unbounded ray, which the \
                 positive payoffs the method builds rule out; please report this game"
                    .into(),
            ));
        }
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
        super::to_f64(&self.rational_values(labels))
    }
}

impl ExactTableau {
    /// Integer pivot on `(r, c)`: every other row becomes
    /// `(row · pivot − row[c] · pivot row) / det`, an exact division; then `det = pivot`.
    fn pivot(&mut self, r: usize, c: usize) {
        let w = self.width;
        let pivot_row: Vec<BigInt> = self.data[r * w..(r + 1) * w].to_vec();
        let p = pivot_row[c].clone();
        for (i, row) in self.data.chunks_exact_mut(w).enumerate() {
            if i == r {
                continue;
            }
            let f = std::mem::take(&mut row[c]);
            for (x, q) in row.iter_mut().zip(&pivot_row) {
                let mut y = &*x * &p;
                if !f.is_zero() && !q.is_zero() {
                    y -= &f * q;
                }
                *x = y / &self.det;
            }
            row[c] = BigInt::zero();
        }
        self.det = p;
    }
}
