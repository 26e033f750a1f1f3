//! Properties of a characteristic function: superadditive, convex, simple, monotone,
//! essential. Each `is_*` has a `*_violation` twin that names coalitions where it fails.
//!
//! Comparisons are exact on exact games (decided in floats when clearly away from equality,
//! in rationals otherwise) and within `1e-9` of the game's largest value on float games.

use std::cmp::Ordering;

use rayon::prelude::*;

use super::TUGame;
use crate::error::{Error, Result};
use crate::interrupt;

/// The most players [`TUGame::is_superadditive`] checks: it compares all `3ⁿ` pairs of
/// disjoint coalitions.
pub const MAX_SUPERADDITIVE_PLAYERS: usize = 20;

impl TUGame {
    /// A pair of disjoint coalitions `(S, T)` with `v(S ∪ T) < v(S) + v(T)`, or `None` when
    /// the game is superadditive.
    ///
    /// # Complexity
    /// `O(3ⁿ)` comparisons, in parallel.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] above [`MAX_SUPERADDITIVE_PLAYERS`] players;
    /// [`Error::Interrupted`] if stopped.
    pub fn superadditivity_violation(&self) -> Result<Option<(usize, usize)>> {
        let n = self.num_players();
        if n > MAX_SUPERADDITIVE_PLAYERS {
            return Err(Error::InvalidArgument(format!(
                "superadditivity compares all 3^{n} pairs of disjoint coalitions; it is checked \
                 for at most {MAX_SUPERADDITIVE_PLAYERS} players"
            )));
        }
        let grand = self.grand();
        let token = interrupt::current();
        let found = (1..=grand).into_par_iter().try_fold(
            || None,
            |found: Option<(usize, usize)>, u| {
                if found.is_some() {
                    return Ok(found);
                }
                if u & 0xFFF == 0 {
                    interrupt::within(token.as_ref(), interrupt::check)?;
                }
                // Split u = S ∪ T with S holding u's lowest member (each pair once).
                let low = u & u.wrapping_neg();
                let rest = u ^ low;
                let mut sub = rest;
                loop {
                    let s = low | sub;
                    let t = u ^ s;
                    if t != 0 && self.sign(&[(u, 1), (s, -1), (t, -1)]) == Ordering::Less {
                        return Ok(Some((s, t)));
                    }
                    if sub == 0 {
                        break;
                    }
                    sub = (sub - 1) & rest;
                }
                Ok::<_, Error>(None)
            },
        );
        found
            .try_reduce(|| None, |a, b| Ok(a.or(b)))
            .map(|f| f.map(|(s, t)| (s.min(t), s.max(t))))
    }

    /// Whether `v(S ∪ T) ≥ v(S) + v(T)` for all disjoint coalitions `S`, `T`.
    ///
    /// # Errors
    /// As [`TUGame::superadditivity_violation`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// let g = TUGame::new(vec![0.0, 1.0, 1.0, 1.5])?;   // v(12) < v(1) + v(2)
    /// assert!(!g.is_superadditive()?);
    /// assert_eq!(g.superadditivity_violation()?, Some((0b01, 0b10)));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_superadditive(&self) -> Result<bool> {
        Ok(self.superadditivity_violation()?.is_none())
    }

    /// A coalition `S` and two players `i`, `j` outside it with
    /// `v(S ∪ {i, j}) − v(S ∪ {i}) < v(S ∪ {j}) − v(S)`, or `None` when the game is convex
    /// (supermodular). Checking these local conditions is equivalent to
    /// `v(S ∪ T) + v(S ∩ T) ≥ v(S) + v(T)` for all `S`, `T` (Shapley 1971).
    ///
    /// # Complexity
    /// `O(n² 2ⁿ)`, in parallel.
    pub fn convexity_violation(&self) -> Option<(usize, usize, usize)> {
        let n = self.num_players();
        (0..=self.grand()).into_par_iter().find_map_first(|s| {
            for i in 0..n {
                if s >> i & 1 == 1 {
                    continue;
                }
                for j in i + 1..n {
                    if s >> j & 1 == 1 {
                        continue;
                    }
                    let (si, sj) = (s | 1 << i, s | 1 << j);
                    let terms = [(si | sj, 1), (si, -1), (sj, -1), (s, 1)];
                    if self.sign(&terms) == Ordering::Less {
                        return Some((s, i, j));
                    }
                }
            }
            None
        })
    }

    /// Whether the game is convex: `v(S ∪ T) + v(S ∩ T) ≥ v(S) + v(T)` for all `S`, `T`.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// let g = TUGame::from_fn(3, |s| f64::from(s.count_ones()).powi(2))?;
    /// assert!(g.is_convex());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_convex(&self) -> bool {
        self.convexity_violation().is_none()
    }

    /// A coalition `S` and a player `i` outside it with `v(S ∪ {i}) < v(S)`, or `None` when
    /// the game is monotone.
    pub fn monotonicity_violation(&self) -> Option<(usize, usize)> {
        let n = self.num_players();
        (0..=self.grand()).into_par_iter().find_map_first(|s| {
            (0..n)
                .filter(|&i| s >> i & 1 == 0)
                .find(|&i| self.sign(&[(s | 1 << i, 1), (s, -1)]) == Ordering::Less)
                .map(|i| (s, i))
        })
    }

    /// Whether `v(S) ≤ v(T)` whenever `S ⊆ T`.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// assert!(TUGame::new(vec![0.0, 1.0, 0.0, 1.0])?.is_monotone());
    /// assert!(!TUGame::new(vec![0.0, 1.0, 0.0, 0.5])?.is_monotone());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_monotone(&self) -> bool {
        self.monotonicity_violation().is_none()
    }

    /// A coalition whose value is neither 0 nor 1, or `None` when every value is 0 or 1
    /// (exactly: 1 is no float near it).
    pub fn non_binary_coalition(&self) -> Option<usize> {
        let values = self.values();
        let rational = self.has_rational_values();
        (0..values.len()).find(|&s| {
            let v = values[s];
            let binary = v == 0.0 || v == 1.0;
            // A rational value rounding to 0 or 1 need not be 0 or 1.
            !binary
                || (rational
                    && self.exact_value(s)
                        != num_rational::BigRational::from_float(v).unwrap_or_default())
        })
    }

    /// Whether the game is simple: every value is 0 or 1, `v(N) = 1`, and it is monotone.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// let majority = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?;
    /// assert!(majority.is_simple());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_simple(&self) -> bool {
        self.grand_value() == 1.0 && self.non_binary_coalition().is_none() && self.is_monotone()
    }

    /// Whether `Σᵢ v({i}) < v(N)`: cooperation creates a surplus to share, so the imputation
    /// set has more than one point.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// assert!(TUGame::new(vec![0.0, 0.0, 0.0, 1.0])?.is_essential());
    /// assert!(!TUGame::new(vec![0.0, 1.0, 1.0, 2.0])?.is_essential());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_essential(&self) -> bool {
        let mut terms: Vec<(usize, i64)> = (0..self.num_players()).map(|i| (1 << i, -1)).collect();
        terms.push((self.grand(), 1));
        self.sign(&terms) == Ordering::Greater
    }
}
