//! The exact tableau: integer pivoting (von Stengel 2002, §3.5), on machine integers while
//! they are small enough and on big integers from then on.
//!
//! Every entry is an integer; after each pivot the whole tableau equals the rational tableau
//! times the last pivot element `det`, and the division by the previous `det` in the update
//! rule is exact. Nothing is ever rounded.
//!
//! While every entry and `det` is below `2⁶²` in absolute value, the tableau is held in
//! `i128`: a pivot's products of two entries stay below `2¹²⁴` and their difference below
//! `2¹²⁵`, so no operation can overflow, and the ratio test's cross products fit as well.
//! After the first pivot that leaves a larger entry, the tableau is converted to big
//! integers once and stays so. The bound is checked, not hoped for: the largest entry is
//! recomputed with every pivot. Integer payoffs of a few digits keep random 50×50 paths in
//! machine integers for a good part of their length; a big integer operation costs an
//! allocation each.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::{Layout, Tableau};
use crate::error::{Error, Result};

/// Entries (and `det`) below `2^SMALL_BITS` in absolute value keep the tableau in `i128`.
const SMALL_BITS: u32 = 62;

/// The entries of the tableau, row-major, and the last pivot element.
enum Entries {
    /// Machine integers, every one (and `det`) below `2^SMALL_BITS` in absolute value.
    Small { data: Vec<i128>, det: i128 },
    /// Big integers.
    Big { data: Vec<BigInt>, det: BigInt },
}

/// An integer tableau: `det · basic + Σ coeff · nonbasic = rhs` for the current `det`.
pub(super) struct ExactTableau {
    width: usize,
    entries: Entries,
    basis: Vec<usize>,
    row_of: Vec<usize>,
    slack: Vec<usize>,
    tied: Vec<usize>,
}

/// Whether `x` is small enough for [`Entries::Small`].
fn small(x: u128) -> bool {
    x < 1u128 << SMALL_BITS
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
        let machine: Option<Vec<i128>> = data
            .iter()
            .map(|x| x.to_i128().filter(|v| small(v.unsigned_abs())))
            .collect();
        let entries = match machine {
            Some(data) => Entries::Small { data, det: 1 },
            None => Entries::Big {
                data,
                det: BigInt::one(),
            },
        };
        Self {
            width,
            entries,
            basis: layout.slack.clone(),
            row_of,
            slack: layout.slack.clone(),
            tied: Vec::with_capacity(rows),
        }
    }

    /// Whether entry `(row, col)` is positive.
    fn is_positive(&self, row: usize, col: usize) -> bool {
        let k = row * self.width + col;
        match &self.entries {
            Entries::Small { data, .. } => data[k] > 0,
            Entries::Big { data, .. } => data[k].is_positive(),
        }
    }

    /// Keeps the tied rows whose ratio `column / pivot column` is minimal (compared exactly by
    /// cross-multiplication; pivot column entries are positive).
    fn keep_min_ratio(&mut self, column: usize, entering: usize) {
        let w = self.width;
        let best = match &self.entries {
            Entries::Small { data, .. } => {
                // Entries below 2^62: the products fit in i128.
                let cmp = |a: usize, b: usize| {
                    (data[a * w + column] * data[b * w + entering])
                        .cmp(&(data[b * w + column] * data[a * w + entering]))
                };
                keep_min(&mut self.tied, cmp)
            }
            Entries::Big { data, .. } => {
                let cmp = |a: usize, b: usize| {
                    (&data[a * w + column] * &data[b * w + entering])
                        .cmp(&(&data[b * w + column] * &data[a * w + entering]))
                };
                keep_min(&mut self.tied, cmp)
            }
        };
        debug_assert!(
            best.is_some(),
            "the ratio test starts with at least one row"
        );
    }

    /// The exact values of the variables with `labels`, normalised to sum to 1.
    pub(super) fn rational_values(&self, labels: std::ops::Range<usize>) -> Vec<BigRational> {
        let rhs = self.width - 1;
        let raw: Vec<BigInt> = labels
            .map(|l| match self.row_of[l] {
                usize::MAX => BigInt::zero(),
                r => match &self.entries {
                    Entries::Small { data, .. } => BigInt::from(data[r * self.width + rhs]),
                    Entries::Big { data, .. } => data[r * self.width + rhs].clone(),
                },
            })
            .collect();
        let sum: BigInt = raw.iter().sum();
        raw.into_iter()
            .map(|x| BigRational::new(x, sum.clone()))
            .collect()
    }

    /// Whether the tableau is still held in machine integers.
    #[cfg(test)]
    fn is_small(&self) -> bool {
        matches!(self.entries, Entries::Small { .. })
    }
}

/// Keeps the items of `tied` that compare equal to the least one by `cmp`; returns it.
fn keep_min(tied: &mut Vec<usize>, cmp: impl Fn(usize, usize) -> Ordering) -> Option<usize> {
    let best = tied
        .iter()
        .copied()
        .reduce(|a, b| if cmp(b, a) == Ordering::Less { b } else { a })?;
    tied.retain(|&r| cmp(r, best) == Ordering::Equal);
    Some(best)
}

impl Tableau for ExactTableau {
    fn enter(&mut self, label: usize) -> Result<usize> {
        let c = label;
        let rows = self.basis.len();
        self.tied.clear();
        for r in 0..rows {
            if self.is_positive(r, c) {
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
    /// In machine integers while the largest entry allows it (see the module docs).
    fn pivot(&mut self, r: usize, c: usize) {
        let w = self.width;
        let (data, det) = match &mut self.entries {
            Entries::Small { data, det } => {
                // Every entry is below 2^62 (checked after the last pivot): no overflow.
                let pivot_row: Vec<i128> = data[r * w..(r + 1) * w].to_vec();
                let p = pivot_row[c];
                let mut largest = p.unsigned_abs();
                for (i, row) in data.chunks_exact_mut(w).enumerate() {
                    if i == r {
                        largest = row.iter().fold(largest, |m, x| m.max(x.unsigned_abs()));
                        continue;
                    }
                    let f = row[c];
                    for (x, &q) in row.iter_mut().zip(&pivot_row) {
                        *x = (*x * p - f * q) / *det;
                        largest = largest.max(x.unsigned_abs());
                    }
                }
                *det = p;
                if !small(largest) {
                    // The next pivot's products could overflow: big integers from now on.
                    let data = data.iter().map(|&x| BigInt::from(x)).collect();
                    self.entries = Entries::Big {
                        data,
                        det: BigInt::from(p),
                    };
                }
                return;
            }
            Entries::Big { data, det } => (data, det),
        };
        let pivot_row: Vec<BigInt> = data[r * w..(r + 1) * w].to_vec();
        let p = pivot_row[c].clone();
        for (i, row) in data.chunks_exact_mut(w).enumerate() {
            if i == r {
                continue;
            }
            let f = std::mem::take(&mut row[c]);
            for (x, q) in row.iter_mut().zip(&pivot_row) {
                let mut y = &*x * &p;
                if !f.is_zero() && !q.is_zero() {
                    y -= &f * q;
                }
                *x = y / &*det;
            }
            row[c] = BigInt::zero();
        }
        *det = p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The polytope `{z ≥ 0 : C z ≤ 1}` for an integer `C` (`rows × cols`).
    fn tableau(rows: usize, cols: usize, c: impl Fn(usize, usize) -> BigInt) -> ExactTableau {
        let layout = Layout {
            labels: rows + cols,
            slack: (0..rows).collect(),
        };
        // The other slacks' columns are 0.
        ExactTableau::new(&layout, |i, l| {
            if l < rows {
                BigInt::zero()
            } else {
                c(i, l - rows)
            }
        })
    }

    #[test]
    fn machine_and_big_integers_pivot_alike() {
        // The same pivots on a small-entry tableau and on one forced into big integers by a
        // huge column that never enters: equal values at every step.
        let (rows, cols) = (6, 6);
        let entry = |i: usize, j: usize| BigInt::from(1 + (i * 7 + j * 3) % 11);
        let mut small = tableau(rows, cols + 1, |i, j| {
            if j < cols { entry(i, j) } else { BigInt::one() }
        });
        let mut big = tableau(rows, cols + 1, |i, j| {
            if j < cols {
                entry(i, j)
            } else {
                BigInt::one() << 100
            }
        });
        assert!(small.is_small() && !big.is_small());
        for label in rows..rows + cols {
            assert_eq!(small.enter(label).unwrap(), big.enter(label).unwrap());
            assert_eq!(
                small.rational_values(0..rows + cols),
                big.rational_values(0..rows + cols)
            );
        }
    }

    #[test]
    fn growing_entries_switch_to_big_integers() {
        // Entries near 2^61: the first pivot's products would overflow 2^62 entries later.
        let mut t = tableau(3, 3, |i, j| {
            BigInt::from(if i == j {
                1i64 << 61
            } else {
                1 + (i + j) as i64
            })
        });
        assert!(t.is_small());
        for label in 3..6 {
            t.enter(label).unwrap();
        }
        assert!(!t.is_small());
        // z = C⁻¹ 1 for the full basis: positive, and exact.
        let z = t.rational_values(3..6);
        assert!(z.iter().all(|x| x.is_positive()));
    }
}
