//! The core, the least core and the vertices of the core.
//!
//! The core is the set of allocations `x` with `x(N) = v(N)` and `x(S) ≥ v(S)` for every
//! coalition (Gillies 1959). The least core (Maschler, Peleg & Shapley 1979) relaxes every
//! constraint by the smallest `ε` that makes them feasible: `x(S) ≥ v(S) − ε`; the core is
//! non-empty exactly when `ε ≤ 0`. `ε` is the first stage of the prenucleolus's LP sequence
//! ([`super::sequence`]), and the prenucleolus lies in the least core, so
//! [`TUGame::least_core`] returns it as its point (exact for small games); when the core is
//! non-empty this point is the nucleolus, which [`TUGame::core_point`] returns.
//!
//! [`TUGame::core_vertices`] enumerates the vertices of the core for small games: every
//! choice of `n − 1` coalitions whose constraints, with `x(N) = v(N)`, form a non-singular
//! system is solved (in floats, in parallel), and each solution that satisfies every
//! constraint is solved again and checked in exact rationals.

use std::collections::BTreeSet;

use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::TUGame;
use super::linalg::{ExactEchelon, exact_indicator, indicator, solve_float};
use super::nucleolus::Nucleolus;
use crate::error::{Error, Result};
use crate::interrupt;
use crate::report::{self, Labels, Report, Table, Validate};

/// The most players [`TUGame::core_vertices`] handles: it tries `C(2ⁿ − 2, n − 1)` systems
/// (27,405 at `n = 5`, 6.5 million at `n = 6`).
pub const MAX_CORE_VERTEX_PLAYERS: usize = 6;

/// A core point: its floats and, when found exactly, its rationals.
pub type CorePoint = (Vec<f64>, Option<Vec<BigRational>>);

/// The least core: the smallest `ε` for which `x(S) ≥ v(S) − ε` for every coalition, and an
/// allocation that achieves it (the prenucleolus).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeastCore {
    /// The least-core value `ε` (`≤ 0` exactly when the core is non-empty).
    pub epsilon: f64,
    /// `ε` in exact rationals, when the prenucleolus was found exactly.
    pub epsilon_exact: Option<BigRational>,
    /// A point of the least core (the prenucleolus; the nucleolus for
    /// [`TUGame::least_core_over_imputations`]).
    pub allocation: Vec<f64>,
    /// The point in exact rationals.
    pub allocation_exact: Option<Vec<BigRational>>,
    /// Whether `ε` is certified optimal: the coalitions at the largest excess are balanced
    /// (Kohlberg's criterion at the first level).
    pub certified: bool,
    /// `"least_core"`.
    pub method: String,
}

impl LeastCore {
    /// The least core read off the first excess level of the prenucleolus (or, over
    /// imputations, of the nucleolus).
    fn from_prenucleolus(p: &Nucleolus) -> Self {
        let top = p.levels.first();
        Self {
            epsilon: top.map_or(0.0, |l| l.excess),
            epsilon_exact: top.and_then(|l| l.excess_exact.clone()),
            allocation: p.allocation.clone(),
            allocation_exact: p.allocation_exact.clone(),
            certified: top.is_some_and(|l| !l.weights.is_empty()),
            method: "least_core".into(),
        }
    }
}

impl TUGame {
    /// The least core: its value `ε` and a point in it (the prenucleolus).
    ///
    /// # Errors
    /// As [`TUGame::prenucleolus`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// // Majority game: the core is empty; ε = 1/3 at (1/3, 1/3, 1/3).
    /// let g = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?;
    /// let lc = g.least_core()?;
    /// assert!((lc.epsilon - 1.0 / 3.0).abs() < 1e-12 && lc.certified);
    /// assert!(g.is_core_empty()?);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn least_core(&self) -> Result<LeastCore> {
        Ok(LeastCore::from_prenucleolus(&self.prenucleolus()?))
    }

    /// The least core over imputations (`x_i ≥ v({i})` for every player, as coopgame-py
    /// computes it by default): the smallest `ε` for which some imputation gives every
    /// coalition at least `v(S) − ε`, and a point of it (the nucleolus, which minimises the
    /// largest excess over imputations first). `ε` is at least [`TUGame::least_core`]'s.
    ///
    /// # Errors
    /// As [`TUGame::nucleolus`]: [`Error::InvalidArgument`] if the imputation set is empty.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// // v(12) = 10, v(N) = 2: over pre-imputations ε = 4 at (3, 3, −4); an imputation
    /// // gives {1, 2} at most 2, so over imputations ε = 8 at (1, 1, 0).
    /// let g = TUGame::from_fn(3, |s| match s { 3 => 10.0, 7 => 2.0, _ => 0.0 })?;
    /// assert_eq!(g.least_core()?.epsilon, 4.0);
    /// let lc = g.least_core_over_imputations()?;
    /// assert_eq!((lc.epsilon, lc.allocation), (8.0, vec![1.0, 1.0, 0.0]));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn least_core_over_imputations(&self) -> Result<LeastCore> {
        Ok(LeastCore::from_prenucleolus(&self.nucleolus()?))
    }

    /// Whether the core is empty: the least-core value is positive (decided exactly when
    /// the least core was found exactly, within `1e-9` of the game's scale otherwise).
    ///
    /// # Errors
    /// As [`TUGame::least_core`].
    pub fn is_core_empty(&self) -> Result<bool> {
        let lc = self.least_core()?;
        Ok(match &lc.epsilon_exact {
            Some(e) => e.is_positive(),
            None => lc.epsilon > 1e-9 * self.scale(),
        })
    }

    /// A point of the core — the nucleolus, which lies in it — or `None` when the core is
    /// empty. For an exact game the point is exact and checked against every coalition in
    /// rationals.
    ///
    /// # Errors
    /// As [`TUGame::least_core`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// let glove = TUGame::from_fn(3, |s| if s & 1 == 1 && s & 6 != 0 { 1.0 } else { 0.0 })?;
    /// assert_eq!(glove.core_point()?.unwrap().0, vec![1.0, 0.0, 0.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn core_point(&self) -> Result<Option<CorePoint>> {
        let lc = self.least_core()?;
        let empty = match &lc.epsilon_exact {
            Some(e) => e.is_positive(),
            None => lc.epsilon > 1e-9 * self.scale(),
        };
        if empty {
            return Ok(None);
        }
        if let Some(x) = &lc.allocation_exact
            && !self.in_core_exact(x)
        {
            return Err(Error::Solver(
                "the core point found fails the exact check of the core constraints \
                 (numerical trouble)"
                    .into(),
            ));
        }
        Ok(Some((lc.allocation, lc.allocation_exact)))
    }

    /// Whether `x` satisfies `x(N) = v(N)` and `x(S) ≥ v(S)` for every `S`, exactly.
    pub(crate) fn in_core_exact(&self, x: &[BigRational]) -> bool {
        let grand = self.grand();
        let mut sums = vec![BigRational::zero(); grand + 1];
        for s in 1..=grand {
            let i = s.trailing_zeros() as usize;
            sums[s] = &sums[s & (s - 1)] + &x[i];
            if sums[s] < self.exact_value(s) {
                return false;
            }
        }
        sums[grand] == self.exact_value(grand)
    }

    /// The vertices of the core, exact, in lexicographic order (empty when the core is).
    ///
    /// # Complexity
    /// `C(2ⁿ − 2, n − 1)` systems of size `n`, in parallel.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] above [`MAX_CORE_VERTEX_PLAYERS`] players;
    /// [`Error::Interrupted`] if stopped.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// // Two players sharing 1: the core is the segment from (0, 1) to (1, 0).
    /// let g = TUGame::new(vec![0.0, 0.0, 0.0, 1.0])?;
    /// let v = g.core_vertices()?;
    /// assert_eq!(v.len(), 2);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn core_vertices(&self) -> Result<Vec<Vec<BigRational>>> {
        let n = self.num_players();
        if n > MAX_CORE_VERTEX_PLAYERS {
            return Err(Error::InvalidArgument(format!(
                "core_vertices enumerates C(2^n - 2, n - 1) systems of equations and is \
                 limited to {MAX_CORE_VERTEX_PLAYERS} players, this game has {n}; use \
                 core_point() or least_core()"
            )));
        }
        let grand = self.grand();
        let scale = self.scale();
        let coalitions: Vec<usize> = (1..grand).collect();
        let k = n - 1;
        // Every k-subset of the coalitions, indexed by its first element for parallelism.
        let token = interrupt::current();
        let found: Vec<Vec<usize>> = (0..coalitions.len())
            .into_par_iter()
            .map(|first| {
                interrupt::within(token.as_ref(), interrupt::check)?;
                let mut out = Vec::new();
                let mut pick = vec![first];
                subsets(&coalitions, first + 1, k, &mut pick, &mut |chosen| {
                    let mut a = vec![vec![1.0; n]];
                    let mut b = vec![self.value(grand) / scale];
                    for &c in chosen {
                        a.push(indicator(coalitions[c], n));
                        b.push(self.value(coalitions[c]) / scale);
                    }
                    if let Some(x) = solve_float(a, b) {
                        let mut sums = vec![0.0; grand + 1];
                        let mut ok = true;
                        for s in 1..grand {
                            let i = s.trailing_zeros() as usize;
                            sums[s] = sums[s & (s - 1)] + x[i];
                            if sums[s] < self.value(s) / scale - 1e-7 {
                                ok = false;
                                break;
                            }
                        }
                        if ok {
                            out.push(chosen.iter().map(|&c| coalitions[c]).collect());
                        }
                    }
                });
                Ok(out)
            })
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect();
        let mut vertices = BTreeSet::new();
        for tight in found {
            let mut system = ExactEchelon::new(n);
            let mut grand_row = exact_indicator(grand, n);
            grand_row.push(self.exact_value(grand));
            system.insert(grand_row);
            for &s in &tight {
                let mut row = exact_indicator(s, n);
                row.push(self.exact_value(s));
                system.insert(row);
            }
            if let Some(x) = system.solution()
                && self.in_core_exact(&x)
            {
                vertices.insert(x);
            }
        }
        Ok(vertices.into_iter().collect())
    }
}

/// Calls `visit` with every way of completing `pick` to `k` indices from `start..`.
fn subsets(
    items: &[usize],
    start: usize,
    k: usize,
    pick: &mut Vec<usize>,
    visit: &mut dyn FnMut(&[usize]),
) {
    if pick.len() == k {
        visit(pick);
        return;
    }
    for j in start..items.len() {
        pick.push(j);
        subsets(items, j + 1, k, pick, visit);
        pick.pop();
    }
}

impl Report for LeastCore {
    fn summary(&self, labels: &Labels) -> String {
        let eps = self.epsilon_exact.as_ref().map_or_else(
            || crate::format::number(self.epsilon),
            crate::format::rational,
        );
        let x: Vec<String> = (0..self.allocation.len())
            .map(|i| {
                let v = self.allocation_exact.as_ref().map_or_else(
                    || crate::format::number(self.allocation[i]),
                    |x| crate::format::rational(&x[i]),
                );
                format!("{}: {v}", labels.player(i))
            })
            .collect();
        format!(
            "epsilon {eps} (core {}); {}; method {}",
            if self.epsilon > 0.0 {
                "empty"
            } else {
                "non-empty"
            },
            x.join(", "),
            self.method
        )
    }

    fn table(&self, labels: &Labels) -> Table {
        report::payoff_table(labels, &self.allocation, self.allocation_exact.as_deref())
    }
}

impl Validate for LeastCore {
    fn has_actions(&self) -> bool {
        false
    }

    fn check_fields(&self, labels: &Labels) -> Result<()> {
        report::check_payoffs("allocation", &self.allocation, labels.players.len())?;
        if self
            .allocation_exact
            .as_ref()
            .is_some_and(|x| x.len() != self.allocation.len())
        {
            return Err(report::invalid("allocation_exact", "has the wrong length"));
        }
        report::check_finite("epsilon", &[self.epsilon])?;
        if let Some(e) = &self.epsilon_exact
            && (e.to_f64().unwrap_or(f64::NAN) - self.epsilon).abs()
                > 1e-9 * self.epsilon.abs().max(1.0)
        {
            return Err(report::invalid("epsilon_exact", "does not match epsilon"));
        }
        Ok(())
    }
}

impl TUGame {
    /// Whether the allocation `x` (exact rationals) lies in the core: `x(N) = v(N)` and
    /// `x(S) ≥ v(S)` for every coalition, checked exactly.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    /// use num_rational::BigRational;
    ///
    /// let g = TUGame::new(vec![0.0, 0.0, 0.0, 1.0])?;
    /// let half = BigRational::new(1.into(), 2.into());
    /// assert!(g.in_core(&[half.clone(), half]));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn in_core(&self, x: &[BigRational]) -> bool {
        x.len() == self.num_players() && self.in_core_exact(x)
    }
}
