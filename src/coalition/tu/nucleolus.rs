//! The nucleolus (Schmeidler 1969) and the prenucleolus, computed by the LP sequence of
//! [`super::sequence`], recovered exactly in rationals for small games, and certified by
//! Kohlberg's criterion (Kohlberg 1971).
//!
//! **Exact recovery.** The sequence fixes, at each stage `k`, coalitions whose excess is the
//! stage's optimum `t_k` in every optimal solution. The equations `x(S) + t_k = v(S)` of all
//! fixed coalitions, with `x(N) = v(N)` and the bounds `x_i = v({i})` found always tight,
//! determine `(x, t_1, …, t_K)`; they are solved in exact rationals from the game's exact
//! values (up to [`MAX_EXACT_NUCLEOLUS_PLAYERS`] players).
//!
//! **Certificate.** Kohlberg's criterion: a pre-imputation `x` is the prenucleolus if and
//! only if, for every level `α`, the collection `D(α, x)` of coalitions whose excess is at
//! least `α` is balanced — there are weights `λ_S > 0` with `Σ λ_S 1_S = 1_N`. For the
//! nucleolus, `x` must be an imputation and each `D(α, x)` balanced together with some of
//! the players held at their own value (`x_i = v({i})`, weights `≥ 0`) (Peleg & Sudhölter
//! 2007, Thm 5.1.6 and §5.2). The levels are walked in decreasing order of excess; a level
//! whose coalitions all lie in the span of the collection above it keeps it balanced (the
//! weights can be shifted along the span), so an LP is solved only where the rank grows —
//! at most `n` times — and the walk stops at full rank. Each LP's weights are recovered as
//! exact rationals from its basic variables and checked exactly; the certificate lists, for
//! each level, its excess, its coalitions and (where an LP decided it) the weights.

use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

use super::TUGame;
use super::linalg::{ExactEchelon, FloatEchelon, exact_indicator, indicator};
use super::sequence::{self, Sequence};
use crate::error::Result;
use crate::lp::{LinearProgram, Relation};
use crate::report::{self, Labels, Report, Table, Validate};

/// The most players for which the (pre)nucleolus is recovered and certified in exact
/// rationals; above, it is certified in floats (excesses grouped within `1e-9` of the game's
/// scale).
pub const MAX_EXACT_NUCLEOLUS_PLAYERS: usize = 16;

/// One level of excess in a nucleolus certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExcessLevel {
    /// The excess `v(S) − x(S)` shared by the level's coalitions.
    pub excess: f64,
    /// The same, exactly, when the nucleolus was found exactly.
    pub excess_exact: Option<BigRational>,
    /// The coalitions (bitmasks) at this level.
    pub coalitions: Vec<usize>,
    /// Where an LP decided the level: positive weights of every coalition at this level or
    /// above, whose indicator vectors (with `bound_weights`) add up to the all-ones vector.
    /// Empty where the level lies in the span of the levels above.
    pub weights: Vec<(usize, BigRational)>,
    /// The weights (`≥ 0`) of the players held at their own value (`x_i = v({i})`), for the
    /// nucleolus.
    pub bound_weights: Vec<(usize, BigRational)>,
}

/// The nucleolus or prenucleolus of a TU game with its Kohlberg certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nucleolus {
    /// The allocation, one payoff per player.
    pub allocation: Vec<f64>,
    /// The allocation in exact rationals (games of up to [`MAX_EXACT_NUCLEOLUS_PLAYERS`]).
    pub allocation_exact: Option<Vec<BigRational>>,
    /// The excess levels, in decreasing order, down to the one where the certificate is
    /// complete (the coalitions above span the space).
    pub levels: Vec<ExcessLevel>,
    /// Whether Kohlberg's criterion was verified (exactly when `allocation_exact` is given).
    pub certified: bool,
    /// The number of LPs solved.
    pub lp_solves: usize,
    /// `"nucleolus"` or `"prenucleolus"`.
    pub method: String,
}

/// Balancing weights: of the coalitions, and of the players held at their own value.
type Balance = (Vec<(usize, BigRational)>, Vec<(usize, BigRational)>);

/// The balancing weights of `collection` together with the players `bounds` (weights
/// `≥ 0`), exactly: `Some((weights, bound_weights))` if the collection is balanced.
fn balanced(n: usize, collection: &[usize], bounds: &[usize]) -> Result<Option<Balance>> {
    // λ_S = σ + μ_S with μ ≥ 0: maximise σ subject to σ·Σ_S 1_S + Σ μ_S 1_S + Σ ν_i e_i = 1.
    let mut lp = LinearProgram::new();
    let sigma = lp.add_variable(0.0, 1.0, 1.0);
    let mu = lp.add_variables(collection.len(), 0.0, f64::INFINITY, 0.0);
    let nu = lp.add_variables(bounds.len(), 0.0, f64::INFINITY, 0.0);
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut count = vec![0.0; n];
    for (k, &s) in collection.iter().enumerate() {
        for i in TUGame::members(s) {
            rows[i].push((mu.start + k, 1.0));
            count[i] += 1.0;
        }
    }
    for (k, &i) in bounds.iter().enumerate() {
        rows[i].push((nu.start + k, 1.0));
    }
    for (i, mut row) in rows.into_iter().enumerate() {
        if count[i] > 0.0 {
            row.push((sigma, count[i]));
        }
        lp.add_row(row, Relation::Eq, 1.0);
    }
    let sol = match lp.maximise()? {
        crate::lp::Outcome::Optimal(s) => s,
        _ => return Ok(None),
    };
    if sol.values[sigma] <= 1e-9 {
        return Ok(None);
    }
    // Exact values of the basic (non-zero) variables.
    let basic: Vec<usize> = (0..sol.values.len())
        .filter(|&j| sol.values[j] > 1e-11)
        .collect();
    let column = |j: usize| -> Vec<BigRational> {
        if j == sigma {
            let mut c = vec![BigRational::zero(); n];
            for &s in collection {
                for i in TUGame::members(s) {
                    c[i] += BigRational::one();
                }
            }
            c
        } else if mu.contains(&j) {
            exact_indicator(collection[j - mu.start], n)
        } else {
            let mut c = vec![BigRational::zero(); n];
            c[bounds[j - nu.start]] = BigRational::one();
            c
        }
    };
    let columns: Vec<Vec<BigRational>> = basic.iter().map(|&j| column(j)).collect();
    let mut system = ExactEchelon::new(basic.len());
    for i in 0..n {
        let mut row: Vec<BigRational> = columns.iter().map(|c| c[i].clone()).collect();
        row.push(BigRational::one());
        if system.insert(row).is_none() {
            return Ok(None);
        }
    }
    let Some(values) = system.solution() else {
        return Ok(None);
    };
    let mut exact = vec![BigRational::zero(); sol.values.len()];
    for (&j, x) in basic.iter().zip(values) {
        exact[j] = x;
    }
    if !exact[sigma].is_positive() || exact.iter().any(Signed::is_negative) {
        return Ok(None);
    }
    let weights: Vec<(usize, BigRational)> = collection
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, &exact[sigma] + &exact[mu.start + k]))
        .collect();
    let bound_weights: Vec<(usize, BigRational)> = bounds
        .iter()
        .enumerate()
        .map(|(k, &i)| (i, exact[nu.start + k].clone()))
        .collect();
    // Check the identity directly.
    let mut total = vec![BigRational::zero(); n];
    for (s, w) in &weights {
        for i in TUGame::members(*s) {
            total[i] += w;
        }
    }
    for (i, w) in &bound_weights {
        total[*i] += w;
    }
    if total.iter().any(|t| !t.is_one()) {
        return Ok(None);
    }
    Ok(Some((weights, bound_weights)))
}

/// Kohlberg's criterion over `levels` (decreasing excess; each `(excess, exact excess,
/// coalitions)`), with the players `bounds` held at their own value.
fn kohlberg(
    n: usize,
    levels: Vec<(f64, Option<BigRational>, Vec<usize>)>,
    bounds: &[usize],
) -> Result<(Vec<ExcessLevel>, Option<bool>)> {
    let mut span = FloatEchelon::new(n);
    let mut collection: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for (excess, excess_exact, coalitions) in levels {
        crate::interrupt::check()?;
        collection.extend(&coalitions);
        let mut raised = false;
        for &s in &coalitions {
            raised |= span.insert(indicator(s, n));
        }
        let mut level = ExcessLevel {
            excess,
            excess_exact,
            coalitions,
            weights: Vec::new(),
            bound_weights: Vec::new(),
        };
        if raised {
            match balanced(n, &collection, bounds)? {
                Some((w, b)) => {
                    level.weights = w;
                    level.bound_weights = b;
                }
                None => {
                    out.push(level);
                    return Ok((out, Some(false)));
                }
            }
        }
        out.push(level);
        if span.rank() == n {
            return Ok((out, Some(true)));
        }
    }
    // The levels given ran out before the collection spanned the space.
    Ok((out, None))
}

/// Exact `(x, t)` from the fixed coalitions of the sequence.
fn recover(game: &TUGame, seq: &Sequence) -> Option<Vec<BigRational>> {
    let n = game.num_players();
    let k = seq.stages.len();
    let unknowns = n + k;
    let mut system = ExactEchelon::new(unknowns);
    let mut grand = vec![BigRational::one(); n];
    grand.extend(vec![BigRational::zero(); k]);
    grand.push(game.exact_value(game.grand()));
    system.insert(grand)?;
    for &i in &seq.bounds {
        let mut row = exact_indicator(1 << i, n);
        row.extend(vec![BigRational::zero(); k]);
        row.push(game.exact_value(1 << i));
        system.insert(row)?;
    }
    for (j, stage) in seq.stages.iter().enumerate() {
        for &s in &stage.coalitions {
            if system.rank() == unknowns {
                break;
            }
            let mut row = exact_indicator(s, n);
            row.extend((0..k).map(|c| {
                if c == j {
                    BigRational::one()
                } else {
                    BigRational::zero()
                }
            }));
            row.push(game.exact_value(s));
            system.insert(row)?;
        }
    }
    system.solution().map(|mut x| {
        x.truncate(n);
        x
    })
}

impl TUGame {
    /// The nucleolus: the imputation that lexicographically minimises the excesses
    /// `v(S) − x(S)` taken in decreasing order (Schmeidler 1969), with its Kohlberg
    /// certificate. It lies in the core when the core is non-empty.
    ///
    /// # Complexity
    /// A sequence of at most `2n` stages of small LPs with constraint generation, each LP
    /// followed by a parallel `O(2ⁿ)` scan of the excesses; the exact recovery and
    /// certificate then sort the `2ⁿ` excesses.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) if the imputation set is empty (`Σ v({i}) > v(N)`);
    /// [`Error::Solver`](crate::Error::Solver) on LP failure; [`Error::Interrupted`](crate::Error::Interrupted) if stopped.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    /// use num_rational::BigRational;
    ///
    /// // v(12) = 10, v(N) = 2: the nucleolus is (1, 1, 0), the prenucleolus (3, 3, −4).
    /// let g = TUGame::from_fn(3, |s| match s { 3 => 10.0, 7 => 2.0, _ => 0.0 })?;
    /// let nu = g.nucleolus()?;
    /// assert!(nu.certified);
    /// let int = |k: i64| BigRational::from_integer(k.into());
    /// assert_eq!(nu.allocation_exact.unwrap(), vec![int(1), int(1), int(0)]);
    /// assert_eq!(g.prenucleolus()?.allocation, vec![3.0, 3.0, -4.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn nucleolus(&self) -> Result<Nucleolus> {
        self.nucleolus_of_kind(true)
    }

    /// The prenucleolus: as [`TUGame::nucleolus`] over all pre-imputations (`x(N) = v(N)`,
    /// no individual bounds). Defined for every game; equal to the nucleolus when the core
    /// is non-empty.
    ///
    /// # Errors
    /// As [`TUGame::nucleolus`], except that it is always defined.
    pub fn prenucleolus(&self) -> Result<Nucleolus> {
        self.nucleolus_of_kind(false)
    }

    fn nucleolus_of_kind(&self, imputation: bool) -> Result<Nucleolus> {
        let n = self.num_players();
        let seq = sequence::run(self, imputation)?;
        let method = if imputation {
            "nucleolus"
        } else {
            "prenucleolus"
        };
        let exact = if n <= MAX_EXACT_NUCLEOLUS_PLAYERS {
            recover(self, &seq)
        } else {
            None
        };
        let mut in_domain = true;
        if let Some(x) = &exact {
            let total: BigRational = x.iter().sum();
            in_domain = total == self.exact_value(self.grand())
                && (!imputation || (0..n).all(|i| x[i] >= self.exact_value(1 << i)));
        }
        let floats: Vec<f64> = match &exact {
            Some(x) => x.iter().map(|v| v.to_f64().unwrap_or(f64::NAN)).collect(),
            None => seq.x.clone(),
        };
        let excess = float_excesses(self, &floats);
        let bounds = at_bounds(self, &floats, exact.as_deref(), imputation);
        // Only the top levels are needed (down to where they span the space): take the
        // `keep` largest excesses, and more if they do not reach that far.
        let mut keep = 4 * n + 4;
        let (levels, certified) = loop {
            crate::interrupt::check()?;
            let (top, complete) = top_levels(self, &excess, exact.as_deref(), keep);
            let (levels, verdict) = kohlberg(n, top, &bounds)?;
            match verdict {
                Some(ok) => break (levels, ok),
                None if complete => break (levels, false),
                None => keep = keep.saturating_mul(8),
            }
        };
        let allocation = match &exact {
            Some(x) => x.iter().map(|v| v.to_f64().unwrap_or(f64::NAN)).collect(),
            None => seq.x.clone(),
        };
        Ok(Nucleolus {
            allocation,
            allocation_exact: exact,
            levels,
            certified: certified && in_domain,
            lp_solves: seq.lp_solves,
            method: method.into(),
        })
    }
}

type Levels = Vec<(f64, Option<BigRational>, Vec<usize>)>;

/// The excess `v(S) − x(S)` of every coalition `S` (index `S`; entries 0 and `N` unused).
fn float_excesses(game: &TUGame, x: &[f64]) -> Vec<f64> {
    let grand = game.grand();
    let mut sums = vec![0.0; grand + 1];
    for s in 1..=grand {
        let i = s.trailing_zeros() as usize;
        sums[s] = sums[s & (s - 1)] + x[i];
    }
    for (s, e) in sums.iter_mut().enumerate() {
        *e = game.value(s) - *e;
    }
    sums
}

/// The players held at their own value (`x_i = v({i})`, exactly when `exact` is given).
fn at_bounds(
    game: &TUGame,
    x: &[f64],
    exact: Option<&[BigRational]>,
    imputation: bool,
) -> Vec<usize> {
    if !imputation {
        return Vec::new();
    }
    let tol = 1e-9 * game.scale();
    (0..game.num_players())
        .filter(|&i| match exact {
            Some(x) => x[i] == game.exact_value(1 << i),
            None => (x[i] - game.value(1 << i)).abs() <= tol,
        })
        .collect()
}

/// The complete excess levels among (about) the `keep` largest excesses, in decreasing order:
/// exact levels (equal rational excess) when `exact` is given, else floats grouped within
/// `1e-9` of the game's scale. Also whether they cover every coalition.
fn top_levels(
    game: &TUGame,
    excess: &[f64],
    exact: Option<&[BigRational]>,
    keep: usize,
) -> (Levels, bool) {
    let grand = game.grand();
    let scale = game.scale();
    let tol = 1e-9 * scale;
    let margin = 1e-7 * scale;
    let mut order: Vec<usize> = (1..grand).collect();
    let complete = keep >= order.len();
    let cut = if complete {
        f64::NEG_INFINITY
    } else {
        order.select_nth_unstable_by(keep, |&a, &b| excess[b].total_cmp(&excess[a]));
        excess[order[keep]]
    };
    let mut candidates: Vec<usize> = if complete {
        order
    } else {
        (1..grand).filter(|&s| excess[s] >= cut - margin).collect()
    };
    let mut levels: Levels = Vec::new();
    match exact {
        Some(x) => {
            let value = |s: usize| -> BigRational {
                let xs: BigRational = TUGame::members(s).map(|i| &x[i]).sum();
                game.exact_value(s) - xs
            };
            let mut exact_excess: Vec<(BigRational, usize)> =
                candidates.iter().map(|&s| (value(s), s)).collect();
            exact_excess.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for (e, s) in exact_excess {
                match levels.last_mut() {
                    Some(level) if level.1.as_ref() == Some(&e) => level.2.push(s),
                    _ => levels.push((e.to_f64().unwrap_or(f64::NAN), Some(e), vec![s])),
                }
            }
            // A level is complete when every coalition with that excess is a candidate.
            if !complete {
                levels.retain(|l| l.0 >= cut);
            }
        }
        None => {
            candidates.sort_by(|&a, &b| excess[b].total_cmp(&excess[a]).then(a.cmp(&b)));
            let mut last = f64::INFINITY;
            for s in candidates {
                let e = excess[s];
                match levels.last_mut() {
                    Some(level) if last - e <= tol => level.2.push(s),
                    _ => levels.push((e, None, vec![s])),
                }
                last = e;
            }
            if !complete {
                // A level is complete when its lowest excess is above the candidates' margin.
                levels.retain(|l| {
                    l.2.iter().map(|&s| excess[s]).fold(f64::INFINITY, f64::min) >= cut
                });
            }
        }
    }
    (levels, complete)
}

impl Report for Nucleolus {
    fn summary(&self, labels: &Labels) -> String {
        let x: Vec<String> = match &self.allocation_exact {
            Some(x) => x.iter().map(crate::format::rational).collect(),
            None => self
                .allocation
                .iter()
                .map(|v| crate::format::number(*v))
                .collect(),
        };
        let parts: Vec<String> = x
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{}: {v}", labels.player(i)))
            .collect();
        format!(
            "{}; {} excess levels checked, {}; {} LPs; method {}",
            parts.join(", "),
            self.levels.len(),
            if self.certified {
                "certified by Kohlberg's criterion"
            } else {
                "NOT certified"
            },
            self.lp_solves,
            self.method
        )
    }

    fn table(&self, labels: &Labels) -> Table {
        report::payoff_table(labels, &self.allocation, self.allocation_exact.as_deref())
    }
}

impl Validate for Nucleolus {
    fn has_actions(&self) -> bool {
        false
    }

    fn check_fields(&self, labels: &Labels) -> Result<()> {
        let n = labels.players.len();
        report::check_payoffs("allocation", &self.allocation, n)?;
        if let Some(x) = &self.allocation_exact
            && x.len() != n
        {
            return Err(report::invalid("allocation_exact", "has the wrong length"));
        }
        let full = if n < usize::BITS as usize {
            1usize << n
        } else {
            0
        };
        for level in &self.levels {
            if level.coalitions.iter().any(|&s| s == 0 || s + 1 >= full) {
                return Err(report::invalid("levels", "hold a coalition out of range"));
            }
        }
        if self.method != "nucleolus" && self.method != "prenucleolus" {
            return Err(report::invalid(
                "method",
                "must be nucleolus or prenucleolus",
            ));
        }
        Ok(())
    }
}
