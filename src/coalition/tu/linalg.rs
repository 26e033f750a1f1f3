//! Small dense linear algebra for the LP-based solutions: rank tests of coalition vectors in
//! floats, and exact solves in rationals.

use num_rational::BigRational;
use num_traits::{One, Zero};

/// A float row echelon form of 0/1 coalition vectors (with extra columns), for rank tests.
#[derive(Debug, Clone)]
pub(crate) struct FloatEchelon {
    width: usize,
    rows: Vec<(usize, Vec<f64>)>,
}

impl FloatEchelon {
    pub(crate) fn new(width: usize) -> Self {
        Self {
            width,
            rows: Vec::new(),
        }
    }

    pub(crate) fn rank(&self) -> usize {
        self.rows.len()
    }

    /// `row` reduced against the rows held.
    fn reduce(&self, mut row: Vec<f64>) -> Vec<f64> {
        for (p, r) in &self.rows {
            let f = row[*p];
            if f != 0.0 {
                for (x, y) in row.iter_mut().zip(r) {
                    *x -= f * y;
                }
            }
        }
        row
    }

    /// Adds `row` if it is independent of the rows held (pivot above `1e-9`); returns
    /// whether it was.
    pub(crate) fn insert(&mut self, row: Vec<f64>) -> bool {
        debug_assert_eq!(row.len(), self.width);
        let mut row = self.reduce(row);
        let (p, &top) = row
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .expect("rows are not empty");
        if top.abs() <= 1e-9 {
            return false;
        }
        for x in &mut row {
            *x /= top;
        }
        // Keep the form reduced: clear column p from the rows held.
        for (_, r) in &mut self.rows {
            let f = r[p];
            if f != 0.0 {
                for (x, y) in r.iter_mut().zip(&row) {
                    *x -= f * y;
                }
            }
        }
        self.rows.push((p, row));
        true
    }

    /// Whether `row` lies in the span of the rows held.
    pub(crate) fn contains(&self, row: Vec<f64>) -> bool {
        self.reduce(row).iter().all(|x| x.abs() <= 1e-9)
    }

    /// A basis of the orthogonal complement of the span (vectors of length `width`).
    pub(crate) fn complement(&self) -> Vec<Vec<f64>> {
        let pivots: Vec<usize> = self.rows.iter().map(|(p, _)| *p).collect();
        (0..self.width)
            .filter(|c| !pivots.contains(c))
            .map(|free| {
                // The null-space vector with 1 at `free`: x_p = −r[free] for each pivot row.
                let mut z = vec![0.0; self.width];
                z[free] = 1.0;
                for (p, r) in &self.rows {
                    z[*p] = -r[free];
                }
                z
            })
            .collect()
    }
}

/// An exact reduced row echelon form of an augmented system `[A | b]` (the last column is
/// the right-hand side).
#[derive(Debug, Clone)]
pub(crate) struct ExactEchelon {
    unknowns: usize,
    rows: Vec<(usize, Vec<BigRational>)>,
}

impl ExactEchelon {
    pub(crate) fn new(unknowns: usize) -> Self {
        Self {
            unknowns,
            rows: Vec::new(),
        }
    }

    pub(crate) fn rank(&self) -> usize {
        self.rows.len()
    }

    fn reduce(&self, mut row: Vec<BigRational>) -> Vec<BigRational> {
        for (p, r) in &self.rows {
            if !row[*p].is_zero() {
                let f = row[*p].clone();
                for (x, y) in row.iter_mut().zip(r) {
                    if !y.is_zero() {
                        *x -= &f * y;
                    }
                }
            }
        }
        row
    }

    /// Adds the equation `row` (coefficients then right-hand side). Returns `Some(true)` if
    /// it raised the rank, `Some(false)` if it is implied by the others, `None` if it
    /// contradicts them.
    pub(crate) fn insert(&mut self, row: Vec<BigRational>) -> Option<bool> {
        debug_assert_eq!(row.len(), self.unknowns + 1);
        let mut row = self.reduce(row);
        let Some(p) = (0..self.unknowns).find(|&c| !row[c].is_zero()) else {
            return if row[self.unknowns].is_zero() {
                Some(false)
            } else {
                None
            };
        };
        let top = row[p].clone();
        for x in &mut row {
            *x /= &top;
        }
        for (_, r) in &mut self.rows {
            if !r[p].is_zero() {
                let f = r[p].clone();
                for (x, y) in r.iter_mut().zip(&row) {
                    if !y.is_zero() {
                        *x -= &f * y;
                    }
                }
            }
        }
        self.rows.push((p, row));
        Some(true)
    }

    /// The unique solution, when the rank equals the number of unknowns.
    pub(crate) fn solution(&self) -> Option<Vec<BigRational>> {
        if self.rank() != self.unknowns {
            return None;
        }
        let mut x = vec![BigRational::zero(); self.unknowns];
        for (p, r) in &self.rows {
            x[*p] = r[self.unknowns].clone();
        }
        Some(x)
    }
}

/// The 0/1 vector of coalition `s` over `n` players, as rationals.
pub(crate) fn exact_indicator(s: usize, n: usize) -> Vec<BigRational> {
    (0..n)
        .map(|i| {
            if s >> i & 1 == 1 {
                BigRational::one()
            } else {
                BigRational::zero()
            }
        })
        .collect()
}

/// The 0/1 vector of coalition `s` over `n` players.
pub(crate) fn indicator(s: usize, n: usize) -> Vec<f64> {
    (0..n).map(|i| f64::from((s >> i & 1) as u8)).collect()
}

/// Solves the square system `a x = b` by Gaussian elimination with partial pivoting; `None`
/// when it is singular (a pivot below `1e-10`).
pub(crate) fn solve_float(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[p][c].abs() <= 1e-10 {
            return None;
        }
        a.swap(c, p);
        b.swap(c, p);
        for r in c + 1..n {
            let f = a[r][c] / a[c][c];
            if f != 0.0 {
                let (top, bottom) = a.split_at_mut(r);
                for (x, y) in bottom[0][c..].iter_mut().zip(&top[c][c..]) {
                    *x -= f * y;
                }
                b[r] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; n];
    for c in (0..n).rev() {
        let s: f64 = (c + 1..n).map(|k| a[c][k] * x[k]).sum();
        x[c] = (b[c] - s) / a[c][c];
    }
    Some(x)
}
