//! M4, collective security and coalitions of the willing: threshold participation games.
//!
//! Each state joins an operation or abstains; the operation succeeds when the joiners'
//! capabilities reach a threshold, and success benefits every state (joiner or not). Joiners
//! pay a cost plus a rivalry cost for each rival that joins too.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::{Reader, params_serde};
use super::{
    AllianceModel, Param, ParamMap, ParamValue, Range, Structure, check, check_all, check_len,
    default_names, state_names,
};
use crate::coalition::voting::{Rule, VotingGame, WeightedRule};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;

/// The largest number of states: pure equilibria are found by scanning all `2^n` coalitions.
///
/// # Example
/// ```
/// use detente::alliance::{CollectiveSecurity, CollectiveSecurityParams, MAX_STATES};
///
/// let too_many = CollectiveSecurityParams { capability: vec![1.0; MAX_STATES + 1], cost: vec![1.0], ..Default::default() };
/// assert!(CollectiveSecurity::new(too_many).is_err());
/// ```
pub const MAX_STATES: usize = 25;

/// Coalitions scanned per parallel task (and between interrupt checks).
const CHUNK: u32 = 1 << 14;

/// Cap on bisection steps; halving an interval inside `[0, 1]` reaches adjacent floats in
/// fewer than 1100 steps.
const MAX_BISECTIONS: usize = 2000;

/// M4's parameters. `Default` is the coalition-of-the-willing headline example:
/// capabilities `(5, 3, 2, 2, 1)`, threshold 7, benefit 10 for all, costs `(3, 2, 2, 1, 1)`,
/// no rivalry.
///
/// # Example
/// ```
/// use detente::alliance::{CollectiveSecurity, CollectiveSecurityParams};
///
/// let m = CollectiveSecurity::new(CollectiveSecurityParams { threshold: 5.0, ..Default::default() })?;
/// assert!(m.stable_coalitions()?.contains(&vec![0])); // state 0 can act alone
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CollectiveSecurityParams {
    /// `m_i`: each state's contribution if it joins (any unit), `>= 0`.
    pub capability: Vec<f64>,
    /// `Q`: capability needed for success (same unit), `> 0`.
    pub threshold: f64,
    /// `b_i`: value of success to each state, `> 0`; one value for all or one per state.
    pub benefit: Vec<f64>,
    /// `c_i`: each state's cost of joining, `> 0`; one value for all or one per state.
    pub cost: Vec<f64>,
    /// `r_ij = r_ji >= 0`: extra cost to each of `i`, `j` when both join (zero diagonal);
    /// `None` for no rivalry.
    pub rivalry: Option<Vec<Vec<f64>>>,
    /// κ: factor applied to every rivalry cost (separate areas of responsibility), in `[0, 1]`.
    pub deconfliction: f64,
    /// State names (default `"State 1"`, `"State 2"`, …).
    pub names: Option<Vec<String>>,
}

impl Default for CollectiveSecurityParams {
    fn default() -> Self {
        Self {
            capability: vec![5.0, 3.0, 2.0, 2.0, 1.0],
            threshold: 7.0,
            benefit: vec![10.0],
            cost: vec![3.0, 2.0, 2.0, 1.0, 1.0],
            rivalry: None,
            deconfliction: 1.0,
            names: None,
        }
    }
}

/// The threshold participation game (M4): which coalitions of the willing are stable, and will
/// collective security happen without coordination?
///
/// `u_i(S) = b_i·[Σ_{j∈S} m_j >= Q] − [i ∈ S]·(c_i + κ Σ_{j∈S, j≠i} r_ij)`.
///
/// References: Diekmann (1985) *J. Conflict Resolution* 29(4): 605–610 (volunteer's dilemma);
/// Palfrey & Rosenthal (1984) *J. Public Econ.* 24(2) (threshold public goods); Riker (1962)
/// (minimal winning coalitions); Kahler (1992) *IO* 46(3) (minilateralism).
///
/// # Example
/// ```
/// use detente::alliance::CollectiveSecurity;
///
/// let m = CollectiveSecurity::default();
/// let stable = m.stable_coalitions()?;
/// assert_eq!(stable, vec![vec![], vec![0, 1], vec![0, 2], vec![0, 3], vec![1, 2, 3]]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ParamMap", into = "ParamMap")]
pub struct CollectiveSecurity {
    capability: Vec<f64>,
    threshold: f64,
    benefit: Vec<f64>,
    cost: Vec<f64>,
    /// `κ·r_ij`, row-major `n × n`.
    friction: Vec<f64>,
    rivalry: Option<Vec<Vec<f64>>>,
    deconfliction: f64,
    names: Vec<String>,
    /// The winning condition as a weighted voting rule `[Q; m_1, …, m_n]` (capabilities and
    /// threshold read as the simplest fractions that round to them); `None` when even all
    /// states together fall short, so that no coalition wins.
    voting: Option<VotingGame>,
}

/// The weighted voting rule `[threshold; capability]`, or `None` when the capabilities
/// together do not reach the threshold (no coalition wins).
fn voting_rule(capability: &[f64], threshold: f64) -> Result<Option<VotingGame>> {
    let weights: Vec<_> = capability
        .iter()
        .map(|&m| super::rational_value(m))
        .collect();
    let quota = super::rational_value(threshold);
    if weights.iter().sum::<num_rational::BigRational>() < quota {
        return Ok(None);
    }
    let rule = WeightedRule::new(quota, weights).map_err(|e| {
        Error::InvalidArgument(format!(
            "capability and threshold cannot be read as a weighted voting rule ({e}): round \
             them to fewer significant digits"
        ))
    })?;
    VotingGame::new(Rule::Weighted(rule)).map(Some)
}

impl Default for CollectiveSecurity {
    fn default() -> Self {
        let p = CollectiveSecurityParams::default();
        Self {
            voting: voting_rule(&p.capability, p.threshold).unwrap_or_default(),
            friction: vec![0.0; p.capability.len() * p.capability.len()],
            names: default_names(p.capability.len()),
            benefit: vec![p.benefit[0]; p.capability.len()],
            capability: p.capability,
            threshold: p.threshold,
            cost: p.cost,
            rivalry: None,
            deconfliction: p.deconfliction,
        }
    }
}

/// One value per state from a list of one (common) or `n` values.
fn per_state(name: &str, values: Vec<f64>, n: usize) -> Result<Vec<f64>> {
    check_all(name, &values, Range::Positive)?;
    if values.len() == 1 {
        Ok(vec![values[0]; n])
    } else {
        check_len(name, values.len(), n)?;
        Ok(values)
    }
}

impl CollectiveSecurity {
    /// Validates the parameters and builds the model.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the parameter: no states or more than
    /// [`MAX_STATES`], a negative capability, a non-positive threshold, benefit or cost, lists
    /// of the wrong length, a rivalry matrix that is not `n × n`, symmetric, non-negative with
    /// a zero diagonal, or `deconfliction` outside `[0, 1]`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{CollectiveSecurity, CollectiveSecurityParams};
    ///
    /// let bad = CollectiveSecurityParams { threshold: 0.0, ..Default::default() };
    /// assert!(CollectiveSecurity::new(bad).unwrap_err().to_string().contains("threshold"));
    /// ```
    pub fn new(params: CollectiveSecurityParams) -> Result<Self> {
        let CollectiveSecurityParams {
            capability,
            threshold,
            benefit,
            cost,
            rivalry,
            deconfliction,
            names,
        } = params;
        check_all("capability", &capability, Range::NonNegative)?;
        let n = capability.len();
        if n > MAX_STATES {
            return Err(Error::InvalidArgument(format!(
                "capability lists {n} states; at most {MAX_STATES} are supported (all 2^n \
                 coalitions are scanned)"
            )));
        }
        check("threshold", threshold, Range::Positive)?;
        let benefit = per_state("benefit", benefit, n)?;
        let cost = per_state("cost", cost, n)?;
        check("deconfliction", deconfliction, Range::Unit)?;
        let mut friction = vec![0.0; n * n];
        if let Some(r) = &rivalry {
            check_len("rivalry", r.len(), n)?;
            for (i, row) in r.iter().enumerate() {
                check_len(&format!("rivalry[{i}]"), row.len(), n)?;
                check_all(&format!("rivalry[{i}]"), row, Range::NonNegative)?;
            }
            for (i, row) in r.iter().enumerate() {
                if row[i] != 0.0 {
                    return Err(Error::InvalidArgument(format!(
                        "rivalry[{i}][{i}] must be 0 (a state is not its own rival), got {}",
                        row[i]
                    )));
                }
                for (j, &x) in row.iter().enumerate() {
                    if x != r[j][i] {
                        return Err(Error::InvalidArgument(format!(
                            "rivalry must be symmetric, but rivalry[{i}][{j}] = {x} and \
                             rivalry[{j}][{i}] = {}",
                            r[j][i]
                        )));
                    }
                    friction[i * n + j] = deconfliction * x;
                }
            }
        }
        Ok(Self {
            voting: voting_rule(&capability, threshold)?,
            capability,
            threshold,
            benefit,
            cost,
            friction,
            rivalry,
            deconfliction,
            names: state_names(names, n)?,
        })
    }

    /// The volunteer's dilemma (Diekmann 1985): `n` states, any one suffices (`m_i = 1`,
    /// `Q = 1`), common benefit and cost.
    ///
    /// # Errors
    /// As [`CollectiveSecurity::new`].
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::volunteers_dilemma(3, 2.0, 1.0)?;
    /// assert!((m.symmetric_mixed_equilibria()?[0] - (1.0 - 0.5f64.sqrt())).abs() < 1e-15);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn volunteers_dilemma(n: usize, benefit: f64, cost: f64) -> Result<Self> {
        Self::k_threshold(n, 1, benefit, cost)
    }

    /// The k-of-n threshold game: `n` states of capability 1, threshold `k`, common benefit
    /// and cost.
    ///
    /// # Errors
    /// As [`CollectiveSecurity::new`]; also `k` must be in `1..=n`.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::k_threshold(4, 2, 3.0, 1.0)?;
    /// assert_eq!(m.stable_coalitions()?.len(), 6 + 1); // C(4, 2) pairs plus nobody
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn k_threshold(n: usize, k: usize, benefit: f64, cost: f64) -> Result<Self> {
        if k == 0 || k > n {
            return Err(Error::InvalidArgument(format!(
                "k must be between 1 and n = {n}, got {k}"
            )));
        }
        Self::new(CollectiveSecurityParams {
            capability: vec![1.0; n],
            // k is at most MAX_STATES after validation of n; the conversion is exact.
            threshold: k as f64,
            benefit: vec![benefit],
            cost: vec![cost],
            ..Default::default()
        })
    }

    /// Number of states.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::default();
    /// assert_eq!(m.num_states(), 5);
    /// ```
    pub fn num_states(&self) -> usize {
        self.capability.len()
    }

    /// Capabilities `m_i`.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::default();
    /// assert_eq!(m.capability(), [5.0, 3.0, 2.0, 2.0, 1.0]);
    /// ```
    pub fn capability(&self) -> &[f64] {
        &self.capability
    }

    /// Threshold `Q`.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::default();
    /// assert_eq!(m.threshold(), 7.0);
    /// ```
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Benefits `b_i` (one per state).
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::default();
    /// assert_eq!(m.benefit(), [10.0; 5]); // one common value, expanded
    /// ```
    pub fn benefit(&self) -> &[f64] {
        &self.benefit
    }

    /// Costs `c_i` (one per state).
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::default();
    /// assert_eq!(m.cost(), [3.0, 2.0, 2.0, 1.0, 1.0]);
    /// ```
    pub fn cost(&self) -> &[f64] {
        &self.cost
    }

    /// The rivalry matrix as given (`None`: no rivalry).
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::default();
    /// assert_eq!(m.rivalry(), None);
    /// ```
    pub fn rivalry(&self) -> Option<&Vec<Vec<f64>>> {
        self.rivalry.as_ref()
    }

    /// Deconfliction factor κ.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::default();
    /// assert_eq!(m.deconfliction(), 1.0);
    /// ```
    pub fn deconfliction(&self) -> f64 {
        self.deconfliction
    }

    /// State names.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::default();
    /// assert_eq!(m.names()[0], "State 1");
    /// ```
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether the coalition `mask` (bit `i` = state `i` joins) reaches the threshold.
    fn wins(&self, mask: u32) -> bool {
        let n = self.num_states();
        let mut members = [false; MAX_STATES];
        for (i, m) in members.iter_mut().enumerate().take(n) {
            *m = mask >> i & 1 == 1;
        }
        self.voting.as_ref().is_some_and(|g| g.wins(&members[..n]))
    }

    /// State `i`'s cost of joining when the coalition is `mask`.
    fn joining_cost(&self, i: usize, mask: u32) -> f64 {
        let n = self.num_states();
        self.cost[i]
            + (0..n)
                .filter(|&j| j != i && mask >> j & 1 == 1)
                .map(|j| self.friction[i * n + j])
                .sum::<f64>()
    }

    fn payoff(&self, i: usize, mask: u32) -> f64 {
        let b = if self.wins(mask) {
            self.benefit[i]
        } else {
            0.0
        };
        if mask >> i & 1 == 1 {
            b - self.joining_cost(i, mask)
        } else {
            b
        }
    }

    /// The n-player game, each state choosing `"Join"` (action 0) or `"Abstain"` (action 1).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if the payoff tensor would be too large to allocate.
    ///
    /// # Example
    /// ```
    /// let g = detente::alliance::CollectiveSecurity::default().game()?;
    /// assert_eq!(g.shape(), &[2; 5]);
    /// assert_eq!(g.pure_payoffs(&[0, 0, 1, 1, 1])[0], 10.0 - 3.0); // {0, 1} wins
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn game(&self) -> Result<Game> {
        let n = self.num_states();
        Game::from_fn(&vec![2; n], |s, i| {
            let mask = s
                .iter()
                .enumerate()
                .filter(|&(_, &a)| a == 0)
                .fold(0u32, |m, (j, _)| m | 1 << j);
            self.payoff(i, mask)
        })?
        .with_players(self.names.clone())?
        .with_actions(vec![vec!["Join", "Abstain"]; n])
        .map(|g| g.with_title("Collective security: threshold participation game"))
    }

    /// Scans every coalition in parallel and keeps those satisfying `keep`, in ascending
    /// order of their bitmask.
    fn scan(&self, keep: impl Fn(u32) -> bool + Sync) -> Result<Vec<u32>> {
        let total: u32 = 1 << self.num_states();
        // The caller's stop token, carried into rayon's worker threads.
        let token = interrupt::current();
        let blocks: Vec<Vec<u32>> = (0..total.div_ceil(CHUNK))
            .into_par_iter()
            .map(|b| {
                interrupt::within(token.as_ref(), || {
                    interrupt::check()?;
                    let end = (b + 1).saturating_mul(CHUNK).min(total);
                    Ok((b * CHUNK..end).filter(|&m| keep(m)).collect())
                })
            })
            .collect::<Result<_>>()?;
        Ok(blocks.into_iter().flatten().collect())
    }

    /// Sorts coalitions by size, then lexicographically.
    fn sorted(mut sets: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
        sets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        sets
    }

    /// The minimal winning coalitions: they reach the threshold and every member is pivotal
    /// (Riker's size principle). Sorted by size, then lexicographically.
    ///
    /// # Errors
    /// [`Error::Interrupted`]; [`Error::InvalidArgument`] when they hold more than ten
    /// million members together (too many to list).
    ///
    /// # Complexity
    /// The pruned search of
    /// [`VotingGame::minimal_winning_coalitions`](crate::coalition::voting::VotingGame::minimal_winning_coalitions)
    /// on the weighted rule `[Q; m_1, …, m_n]`.
    ///
    /// # Example
    /// ```
    /// let mwc = detente::alliance::CollectiveSecurity::default().minimal_winning_coalitions()?;
    /// assert_eq!(mwc, vec![vec![0, 1], vec![0, 2], vec![0, 3], vec![1, 2, 3]]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn minimal_winning_coalitions(&self) -> Result<Vec<Vec<usize>>> {
        match &self.voting {
            Some(g) => Ok(Self::sorted(g.minimal_winning_coalitions(usize::MAX)?)),
            None => Ok(Vec::new()),
        }
    }

    /// The stable coalitions of the willing: the joiner sets of the pure Nash equilibria, by
    /// the characterization **\[derived\]**: `S ≠ ∅` is stable iff it is minimal winning and
    /// `b_i >= c_i + κ Σ_{j∈S∖i} r_ij` for every member; `∅` is stable iff no state can win
    /// alone with `b_j > c_j`. Sorted by size (so `∅` first when stable), then
    /// lexicographically.
    ///
    /// # Errors
    /// [`Error::Interrupted`]; [`Error::InvalidArgument`] when the minimal winning
    /// coalitions hold more than ten million members together (too many to list).
    ///
    /// # Complexity
    /// That of [`CollectiveSecurity::minimal_winning_coalitions`], plus `O(n²)` per
    /// minimal winning coalition.
    ///
    /// # Example
    /// ```
    /// let vd = detente::alliance::CollectiveSecurity::volunteers_dilemma(3, 2.0, 1.0)?;
    /// assert_eq!(vd.stable_coalitions()?, vec![vec![0], vec![1], vec![2]]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn stable_coalitions(&self) -> Result<Vec<Vec<usize>>> {
        let nobody_acts =
            (0..self.num_states()).all(|j| !(self.wins(1 << j) && self.benefit[j] > self.cost[j]));
        let mut stable = if nobody_acts { vec![vec![]] } else { vec![] };
        for set in self.minimal_winning_coalitions()? {
            let mask = set.iter().fold(0u32, |m, &i| m | 1 << i);
            if set
                .iter()
                .all(|&i| self.benefit[i] >= self.joining_cost(i, mask))
            {
                stable.push(set);
            }
        }
        Ok(stable)
    }

    /// Total joining cost of a coalition (members' costs plus rivalry costs).
    fn coalition_cost(&self, set: &[usize]) -> f64 {
        let mask = set.iter().fold(0u32, |m, &i| m | 1 << i);
        set.iter().map(|&i| self.joining_cost(i, mask)).sum()
    }

    /// Minilateralism: the smallest non-empty stable coalition (ties: the cheapest, then the
    /// first lexicographically), or `None` if only `∅` is stable.
    ///
    /// # Errors
    /// [`Error::Interrupted`].
    ///
    /// # Example
    /// ```
    /// let s = detente::alliance::CollectiveSecurity::default().smallest_stable_coalition()?;
    /// assert_eq!(s, Some(vec![0, 3])); // two states, total cost 3 + 1
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn smallest_stable_coalition(&self) -> Result<Option<Vec<usize>>> {
        let stable = self.stable_coalitions()?;
        Ok(stable
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(|s| (s.len(), self.coalition_cost(&s), s))
            .min_by(|a, b| {
                a.0.cmp(&b.0)
                    .then(a.1.total_cmp(&b.1))
                    .then_with(|| a.2.cmp(&b.2))
            })
            .map(|t| t.2))
    }

    /// The non-empty stable coalition with the lowest total joining cost (ties: the smaller,
    /// then the first lexicographically), or `None`.
    ///
    /// # Errors
    /// [`Error::Interrupted`].
    ///
    /// # Example
    /// ```
    /// let s = detente::alliance::CollectiveSecurity::default().cheapest_stable_coalition()?;
    /// assert_eq!(s, Some(vec![0, 3]));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn cheapest_stable_coalition(&self) -> Result<Option<Vec<usize>>> {
        let stable = self.stable_coalitions()?;
        Ok(stable
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(|s| (self.coalition_cost(&s), s.len(), s))
            .min_by(|a, b| {
                a.0.total_cmp(&b.0)
                    .then(a.1.cmp(&b.1))
                    .then_with(|| a.2.cmp(&b.2))
            })
            .map(|t| t.2))
    }

    /// The structure label **\[assumption\]**, from the smallest stable coalition:
    /// `no_alliance` if only `∅` is stable, `unilateral` if one state acts alone,
    /// `multilateral` if it takes every state (n ≥ 2), `minilateral` otherwise.
    ///
    /// # Errors
    /// [`Error::Interrupted`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{CollectiveSecurity, Structure};
    /// assert_eq!(CollectiveSecurity::default().regime()?, Structure::Minilateral);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn regime(&self) -> Result<Structure> {
        Ok(match self.smallest_stable_coalition()? {
            None => Structure::NoAlliance,
            Some(s) if s.len() == 1 => Structure::Unilateral,
            Some(s) if s.len() == self.num_states() => Structure::Multilateral,
            Some(_) => Structure::Minilateral,
        })
    }

    /// For a symmetric game (equal capabilities, benefits and costs, no rivalry): the number
    /// `k` of joiners needed, with the common benefit and cost. `k = None` if no coalition can
    /// win.
    fn symmetric_k(&self) -> Result<(Option<usize>, f64, f64)> {
        let same = |v: &[f64]| v.iter().all(|&x| x == v[0]);
        if !(same(&self.capability) && same(&self.benefit) && same(&self.cost))
            || self.friction.iter().any(|&f| f != 0.0)
        {
            return Err(Error::InvalidArgument(
                "symmetric mixed equilibria need equal capabilities, benefits and costs and no \
                 rivalry (or deconfliction = 0)"
                    .into(),
            ));
        }
        let n = self.num_states();
        let m = self.capability[0];
        // Smallest k with k·m >= Q, compared exactly as wins() does.
        let k = (1..=n).find(|&k| (0..k).map(|_| m).sum::<f64>() >= self.threshold);
        Ok((k, self.benefit[0], self.cost[0]))
    }

    /// The symmetric totally mixed equilibria, as probabilities of joining, ascending: the
    /// roots in `(0, 1)` of `b·C(n−1, k−1)·p^(k−1)(1 − p)^(n−k) = c` (a state is indifferent
    /// when its chance of being pivotal times the benefit equals the cost). The left side is
    /// unimodal with peak at `p = (k − 1)/(n − 1)`, so there are 0, 1 or 2 roots, each found
    /// by bisection on a monotone piece to adjacent floats.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if the game is not symmetric (see
    /// [`CollectiveSecurity::volunteer_equilibrium`] for the asymmetric volunteer's dilemma);
    /// [`Error::Solver`] if bisection exceeds its cap (it cannot for finite inputs).
    ///
    /// # Complexity
    /// `O(n)` per evaluation, at most a few thousand evaluations.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::k_threshold(5, 2, 4.0, 1.0)?;
    /// let roots = m.symmetric_mixed_equilibria()?;
    /// assert_eq!(roots.len(), 2);
    /// assert!(roots[0] < 0.25 && 0.25 < roots[1]); // either side of the peak (k−1)/(n−1)
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn symmetric_mixed_equilibria(&self) -> Result<Vec<f64>> {
        let (k, b, c) = self.symmetric_k()?;
        let n = self.num_states();
        let Some(k) = k else { return Ok(vec![]) };
        if n < 2 {
            return Ok(vec![]);
        }
        let binom = (1..k).fold(1.0, |acc, j| acc * ((n - j) as f64) / (j as f64));
        let gain = |p: f64| b * binom * p.powi(k as i32 - 1) * (1.0 - p).powi((n - k) as i32) - c;
        let peak = (k - 1) as f64 / (n - 1) as f64;
        let top = gain(peak);
        if top < 0.0 {
            return Ok(vec![]);
        }
        if top == 0.0 {
            return Ok(if peak > 0.0 && peak < 1.0 {
                vec![peak]
            } else {
                vec![]
            });
        }
        let mut roots = Vec::new();
        if peak > 0.0 {
            roots.push(bisect(&gain, 0.0, peak)?);
        }
        if peak < 1.0 {
            roots.push(bisect(&gain, peak, 1.0)?);
        }
        Ok(roots)
    }

    /// The volunteer's dilemma closed form `p* = 1 − (c/b)^(1/(n−1))` (Diekmann 1985), for a
    /// symmetric game that any one state can win (`k = 1`); `None` if `c >= b` (nobody
    /// mixes) or `n = 1`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if the game is not symmetric or needs more than one joiner.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::volunteers_dilemma(3, 2.0, 1.0)?;
    /// let p = m.volunteer_closed_form()?.unwrap();
    /// assert!((p - 0.292893).abs() < 1e-6);
    /// assert!(((1.0 - p).powi(3) - 0.353553).abs() < 1e-6); // P(nobody acts)
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn volunteer_closed_form(&self) -> Result<Option<f64>> {
        let (k, b, c) = self.symmetric_k()?;
        if k != Some(1) {
            return Err(Error::InvalidArgument(
                "the volunteer's dilemma closed form needs a game any one state can win \
                 (capability >= threshold)"
                    .into(),
            ));
        }
        let n = self.num_states();
        if n < 2 || c >= b {
            return Ok(None);
        }
        Ok(Some(1.0 - (c / b).powf(1.0 / (n - 1) as f64)))
    }

    /// The asymmetric volunteer's dilemma's totally mixed equilibrium **[derived; Diekmann
    /// 1993]**: `Q0 = (Π_j c_j/b_j)^(1/(n−1))`, `p_i = 1 − Q0·b_i/c_i` (probability that state
    /// `i` joins), valid iff `Q0 <= min_i c_i/b_i`. The low-cost state volunteers *least*.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless every state can win alone (`m_i >= Q`), there is no
    /// rivalry, `n >= 2`, and `Q0 <= min_i c_i/b_i`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{CollectiveSecurity, CollectiveSecurityParams};
    ///
    /// let m = CollectiveSecurity::new(CollectiveSecurityParams {
    ///     capability: vec![1.0; 3], threshold: 1.0, benefit: vec![4.0],
    ///     cost: vec![1.0, 2.0, 2.0], ..Default::default() })?;
    /// let p = m.volunteer_equilibrium()?;
    /// assert!(p[0] < p[1]); // Diekmann's paradox: the cheapest volunteers least
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn volunteer_equilibrium(&self) -> Result<Vec<f64>> {
        let n = self.num_states();
        if n < 2
            || self.capability.iter().any(|&m| m < self.threshold)
            || self.friction.iter().any(|&f| f != 0.0)
        {
            return Err(Error::InvalidArgument(
                "the asymmetric volunteer's dilemma needs at least 2 states, each able to win \
                 alone (capability >= threshold), and no rivalry"
                    .into(),
            ));
        }
        let ratios: Vec<f64> = (0..n).map(|i| self.cost[i] / self.benefit[i]).collect();
        let q0 = (ratios.iter().map(|r| r.ln()).sum::<f64>() / (n - 1) as f64).exp();
        let min = ratios.iter().copied().fold(f64::INFINITY, f64::min);
        if q0 > min {
            return Err(Error::InvalidArgument(format!(
                "no totally mixed equilibrium: Q0 = (prod c_i/b_i)^(1/(n-1)) = {q0} exceeds \
                 min c_i/b_i = {min}"
            )));
        }
        Ok(ratios.iter().map(|r| (1.0 - q0 / r).max(0.0)).collect())
    }

    /// Probability that the operation succeeds when each state joins independently with the
    /// given probability.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless there is one probability in `[0, 1]` per state;
    /// [`Error::Interrupted`].
    ///
    /// # Complexity
    /// `O(2^n · n)`.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::CollectiveSecurity::volunteers_dilemma(2, 2.0, 1.0)?;
    /// assert_eq!(m.success_probability(&[0.5, 0.5])?, 0.75);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn success_probability(&self, join: &[f64]) -> Result<f64> {
        check_len("join", join.len(), self.num_states())?;
        check_all("join", join, Range::Unit)?;
        let winning = self.scan(|m| self.wins(m))?;
        Ok(winning
            .into_iter()
            .map(|m| {
                (0..self.num_states())
                    .map(|i| {
                        if m >> i & 1 == 1 {
                            join[i]
                        } else {
                            1.0 - join[i]
                        }
                    })
                    .product::<f64>()
            })
            .sum())
    }

    /// BibTeX entries for the works the model formalizes. Volume and page details marked
    /// `note = {unverified}` have not been checked against the source.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::CollectiveSecurity::default().cite().contains("@article"));
    /// ```
    pub fn cite(&self) -> &'static str {
        BIBTEX
    }

    /// A plain-text account of the model: parameters, seed situation, citations.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::CollectiveSecurity::default().describe().contains("Diekmann"));
    /// ```
    pub fn describe(&self) -> String {
        format!(
            "Collective security (threshold participation game)\n\
             Question: which coalitions of the willing are stable, and will anyone act without \
             coordination?\n\
             States {:?} each Join or Abstain; success iff joiners' capability >= threshold; \
             u_i = b_i [success] - [i joins] (c_i + kappa sum_j r_ij [j joins]).\n\
             Parameters: capability m = {:?}, threshold Q = {}, benefit b = {:?}, cost c = {:?}, \
             rivalry r = {:?}, deconfliction kappa = {}.\n\
             Sources: Diekmann (1985) J. Conflict Resolution 29(4): 605-610; Palfrey & Rosenthal \
             (1984) J. Public Econ. 24(2): 171-193; Riker (1962) The Theory of Political \
             Coalitions; Kahler (1992) IO 46(3): 681-708.\n\
             Deviation: rivalry costs are a stylized reading of seed 004 (rival partners kept \
             in separate areas of responsibility); the asymmetric volunteer closed form is \
             derived here (check Diekmann 1993 before citing it for n > 2).",
            self.names,
            self.capability,
            self.threshold,
            self.benefit,
            self.cost,
            self.rivalry,
            self.deconfliction
        )
    }
}

params_serde!(CollectiveSecurity);

/// The cost of joining when `capability` is given but `cost` is not (the headline costs are
/// for its five states).
const DEFAULT_COST: f64 = 1.0;

/// The [`AllianceModel`] protocol. The regime is the [`Structure`] of the smallest stable
/// coalition ([`CollectiveSecurity::regime`]).
///
/// Defaults: the headline example; when `capability` is given, `cost` defaults to 1 for every
/// state (benefit 10, threshold 7, deconfliction 1 and no rivalry as in the headline).
///
/// # Example
/// ```
/// use detente::alliance::{AllianceModel, CollectiveSecurity, ParamMap, ParamValue, Structure};
///
/// let p = ParamMap::from([
///     ("capability".into(), vec![1.0, 1.0].into()),
///     ("threshold".into(), ParamValue::Number(1.0)),
/// ]);
/// let m = CollectiveSecurity::from_params(&p)?;
/// assert_eq!(m.cost(), [1.0, 1.0]);
/// assert_eq!(AllianceModel::regime(&m)?, Some(Structure::Unilateral));
/// # Ok::<(), detente::Error>(())
/// ```
impl AllianceModel for CollectiveSecurity {
    type Regime = Structure;

    const NAME: &'static str = "CollectiveSecurity";

    const PARAM_NAMES: &'static [&'static str] = &[
        "capability",
        "threshold",
        "benefit",
        "cost",
        "rivalry",
        "deconfliction",
        "names",
    ];

    fn from_params(params: &ParamMap) -> Result<Self> {
        let r = Reader::new(Self::NAME, params, Self::PARAM_NAMES)?;
        let d = CollectiveSecurityParams::default();
        let capability = r.numbers("capability")?;
        let cost = match (r.numbers("cost")?, &capability) {
            (Some(c), _) => c,
            (None, Some(_)) => vec![DEFAULT_COST],
            (None, None) => d.cost,
        };
        Self::new(CollectiveSecurityParams {
            capability: capability.unwrap_or(d.capability),
            threshold: r.number("threshold")?.unwrap_or(d.threshold),
            benefit: r.numbers("benefit")?.unwrap_or(d.benefit),
            cost,
            rivalry: r.matrix("rivalry")?,
            deconfliction: r.number("deconfliction")?.unwrap_or(d.deconfliction),
            names: r.texts("names")?,
        })
    }

    fn params(&self) -> Vec<Param> {
        let per_state = |name, value: &[f64], range: Range, meaning| Param {
            name,
            value: ParamValue::Numbers(value.to_vec()),
            range: format!("one per state, each {}", range.describe()),
            meaning,
        };
        let one = |name, value: f64, range: Range, meaning| Param {
            name,
            value: ParamValue::Number(value),
            range: range.describe(),
            meaning,
        };
        vec![
            per_state(
                "capability",
                &self.capability,
                Range::NonNegative,
                "m_i: each state's contribution to the operation if it joins",
            ),
            one(
                "threshold",
                self.threshold,
                Range::Positive,
                "Q: capability needed for success",
            ),
            per_state(
                "benefit",
                &self.benefit,
                Range::Positive,
                "b_i: value of success to each state, joiner or not",
            ),
            per_state(
                "cost",
                &self.cost,
                Range::Positive,
                "c_i: each state's cost of joining",
            ),
            Param {
                name: "rivalry",
                value: self
                    .rivalry
                    .clone()
                    .map_or(ParamValue::Absent, ParamValue::Matrix),
                range: format!(
                    "none, or a symmetric n x n matrix with zero diagonal, each entry {}",
                    Range::NonNegative.describe()
                ),
                meaning: "r_ij: extra cost to each of i, j when both join",
            },
            one(
                "deconfliction",
                self.deconfliction,
                Range::Unit,
                "kappa: factor applied to every rivalry cost (separate areas of responsibility)",
            ),
            Param::names(&self.names),
        ]
    }

    fn game(&self) -> Result<Game> {
        CollectiveSecurity::game(self)
    }

    fn describe(&self) -> String {
        CollectiveSecurity::describe(self)
    }

    fn cite(&self) -> &'static str {
        CollectiveSecurity::cite(self)
    }

    fn regime(&self) -> Result<Option<Structure>> {
        CollectiveSecurity::regime(self).map(Some)
    }
}

/// A root of `f` in `[lo, hi]` where `f(lo)` and `f(hi)` have opposite signs (or one is 0),
/// by bisection down to adjacent floats; returns the end point with the smaller `|f|`.
fn bisect(f: &impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> Result<f64> {
    let mut f_lo = f(lo);
    let f_hi = f(hi);
    if f_lo == 0.0 {
        return Ok(lo);
    }
    if f_hi == 0.0 {
        return Ok(hi);
    }
    for _ in 0..MAX_BISECTIONS {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            return Ok(if f_lo.abs() <= f(hi).abs() { lo } else { hi });
        }
        let f_mid = f(mid);
        if f_mid == 0.0 {
            return Ok(mid);
        }
        if (f_mid > 0.0) == (f_lo > 0.0) {
            lo = mid;
            f_lo = f_mid;
        } else {
            hi = mid;
        }
    }
    Err(Error::Solver(format!(
        "bisection did not reach adjacent floats within {MAX_BISECTIONS} steps on [{lo}, {hi}]"
    )))
}

/// The references of this model, as BibTeX.
const BIBTEX: &str = r#"@article{diekmann1985,
  author = {Diekmann, Andreas},
  title = {Volunteer's Dilemma},
  journal = {Journal of Conflict Resolution}, volume = {29}, number = {4}, pages = {605--610},
  year = {1985}, note = {volume and pages unverified}
}
@article{palfrey1984,
  author = {Palfrey, Thomas R. and Rosenthal, Howard},
  title = {Participation and the Provision of Discrete Public Goods: A Strategic Analysis},
  journal = {Journal of Public Economics}, volume = {24}, number = {2}, pages = {171--193},
  year = {1984}, note = {volume and pages unverified}
}
@book{riker1962,
  author = {Riker, William H.},
  title = {The Theory of Political Coalitions},
  publisher = {Yale University Press}, year = {1962}
}
@article{kahler1992,
  author = {Kahler, Miles},
  title = {Multilateralism with Small and Large Numbers},
  journal = {International Organization}, volume = {46}, number = {3}, pages = {681--708},
  year = {1992}, note = {volume and pages unverified}
}
"#;
