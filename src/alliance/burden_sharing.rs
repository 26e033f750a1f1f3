//! M3, burden sharing: the economic theory of alliances (Olson & Zeckhauser 1966).
//!
//! States choose defense spending `d_i ∈ [0, Y_i)`; an ally's spending protects them with
//! spillover ψ. Utility `U_i = (Y_i − d_i)^(1 − α_i) · (d_i + ψ D_{−i})^(α_i)`.

use num_rational::BigRational;
use num_traits::{One, Zero};
use serde::{Deserialize, Serialize};

use super::model::{Reader, params_serde};
use super::{
    AllianceModel, Param, ParamMap, ParamValue, Range, Structure, check, check_all, check_len,
    default_names, rational_value as exact, state_names,
};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;

/// The unique Nash equilibrium of the burden-sharing game.
///
/// # Example
/// ```
/// let eq = detente::alliance::BurdenSharing::default().equilibrium();
/// assert_eq!((eq.contributors, eq.free_riders), (vec![0, 1], vec![2]));
/// assert_eq!(eq.burden_shares[2], 0.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BurdenEquilibrium {
    /// Each state's defense spending `d_i`.
    pub spending: Vec<f64>,
    /// Total spending `D = Σ d_i`.
    pub total: f64,
    /// The states that spend a positive amount (the contributor set `C`), ascending.
    pub contributors: Vec<usize>,
    /// The states that spend nothing, ascending.
    pub free_riders: Vec<usize>,
    /// Defense burdens `d_i / Y_i`.
    pub burden_shares: Vec<f64>,
}

/// [`BurdenEquilibrium`] in exact rational arithmetic.
///
/// # Example
/// ```
/// let eq = detente::alliance::BurdenSharing::default().equilibrium_exact();
/// assert_eq!(eq.burden_shares[0].to_string(), "7/15");
/// assert_eq!(eq.contributors, vec![0, 1]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ExactBurdenEquilibrium {
    /// Each state's defense spending `d_i`.
    pub spending: Vec<BigRational>,
    /// Total spending `D`.
    pub total: BigRational,
    /// The states that spend a positive amount (the contributor set `C`), ascending, decided
    /// exactly.
    pub contributors: Vec<usize>,
    /// The states that spend nothing, ascending.
    pub free_riders: Vec<usize>,
    /// Defense burdens `d_i / Y_i`.
    pub burden_shares: Vec<BigRational>,
}

/// The states with positive and with zero spending, each ascending.
fn split_contributors<T: PartialOrd>(spending: &[T], zero: &T) -> (Vec<usize>, Vec<usize>) {
    (0..spending.len()).partition(|&i| spending[i] > *zero)
}

/// The end point of best-response dynamics: a settled profile, or the cycle the dynamics fell
/// into.
///
/// # Example
/// ```
/// use detente::alliance::{BurdenSharing, BurdenSharingParams};
///
/// let m = BurdenSharing::new(BurdenSharingParams { income: vec![1.0; 3], ..Default::default() })?;
/// let run = m.simultaneous_best_response(&[0.0; 3], 1e-12, 1000)?;
/// assert!(!run.converged);
/// assert_eq!(run.cycle, Some(vec![vec![0.0; 3], vec![0.5; 3]]));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dynamics {
    /// The spending profile reached (on a cycle: the last profile computed).
    pub spending: Vec<f64>,
    /// Rounds (sweeps over all states) used.
    pub rounds: usize,
    /// Whether the last round moved no state by more than the tolerance.
    pub converged: bool,
    /// The spending profiles of the cycle the dynamics entered, in the order visited, or
    /// `None`.
    pub cycle: Option<Vec<Vec<f64>>>,
}

/// M3's parameters. `Default` is the headline example `Y = (100, 60, 10)`, `α = 1/2`, `ψ = 1`.
///
/// # Example
/// ```
/// use detente::alliance::{BurdenSharing, BurdenSharingParams};
///
/// let m = BurdenSharing::new(BurdenSharingParams { spillover: 0.0, ..Default::default() })?;
/// assert_eq!(m.equilibrium().spending, vec![50.0, 30.0, 5.0]); // national defense only
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BurdenSharingParams {
    /// `Y_i`: each state's income (GDP), `> 0`.
    pub income: Vec<f64>,
    /// `α_i`: each state's Cobb–Douglas weight on security, in `(0, 1)`; one value for all
    /// states or one per state.
    pub security_weight: Vec<f64>,
    /// ψ: the share of an ally's defense that protects a state (1 = pure public good,
    /// 0 = national defense only), in `[0, 1]`.
    pub spillover: f64,
    /// State names (default `"State 1"`, `"State 2"`, …).
    pub names: Option<Vec<String>>,
}

impl Default for BurdenSharingParams {
    fn default() -> Self {
        Self {
            income: vec![100.0, 60.0, 10.0],
            security_weight: vec![0.5],
            spillover: 1.0,
            names: None,
        }
    }
}

/// The burden-sharing game (M3): who pays for a public-good alliance.
///
/// The Nash equilibrium is unique (the conditions form an LCP with a P-matrix) and has the
/// closed form of Bergstrom, Blume & Varian (1986) for ψ = 1, extended here to ψ ∈ [0, 1]
/// **\[derived\]**. References: Olson & Zeckhauser (1966) *REStat* 48(3): 266–279; Bergstrom,
/// Blume & Varian (1986) *J. Public Econ.* 29(1): 25–49; Warr (1983); Sandler & Hartley (2001).
///
/// # Example
/// ```
/// use detente::alliance::BurdenSharing;
///
/// let eq = BurdenSharing::default().equilibrium();
/// assert_eq!(eq.contributors, vec![0, 1]);            // the rich pay
/// assert!((eq.total - 160.0 / 3.0).abs() < 1e-12);
/// assert_eq!(eq.free_riders, vec![2]);                // the small free-ride
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ParamMap", into = "ParamMap")]
pub struct BurdenSharing {
    income: Vec<f64>,
    alpha: Vec<f64>,
    spillover: f64,
    names: Vec<String>,
}

impl Default for BurdenSharing {
    fn default() -> Self {
        Self {
            income: vec![100.0, 60.0, 10.0],
            alpha: vec![0.5; 3],
            spillover: 1.0,
            names: default_names(3),
        }
    }
}

impl BurdenSharing {
    /// Validates the parameters and builds the model (a single security weight applies to all).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the parameter: an empty or non-positive `income`,
    /// a `security_weight` outside `(0, 1)` or with neither one nor `n` entries, `spillover`
    /// outside `[0, 1]`, or names that are not one unique name per state.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{BurdenSharing, BurdenSharingParams};
    ///
    /// let bad = BurdenSharingParams { security_weight: vec![1.0], ..Default::default() };
    /// assert!(BurdenSharing::new(bad).unwrap_err().to_string().contains("security_weight"));
    /// ```
    pub fn new(params: BurdenSharingParams) -> Result<Self> {
        let BurdenSharingParams {
            income,
            security_weight,
            spillover,
            names,
        } = params;
        check_all("income", &income, Range::Positive)?;
        check_all("security_weight", &security_weight, Range::OpenUnit)?;
        check("spillover", spillover, Range::Unit)?;
        let n = income.len();
        let alpha = if security_weight.len() == 1 {
            vec![security_weight[0]; n]
        } else {
            check_len("security_weight", security_weight.len(), n)?;
            security_weight
        };
        Ok(Self {
            income,
            alpha,
            spillover,
            names: state_names(names, n)?,
        })
    }

    /// Incomes `Y_i`.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::BurdenSharing::default();
    /// assert_eq!(m.income(), [100.0, 60.0, 10.0]);
    /// ```
    pub fn income(&self) -> &[f64] {
        &self.income
    }

    /// Security weights `α_i` (one per state).
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::BurdenSharing::default();
    /// assert_eq!(m.security_weight(), [0.5; 3]); // one common value, expanded
    /// ```
    pub fn security_weight(&self) -> &[f64] {
        &self.alpha
    }

    /// Spillover ψ.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::BurdenSharing::default();
    /// assert_eq!(m.spillover(), 1.0);
    /// ```
    pub fn spillover(&self) -> f64 {
        self.spillover
    }

    /// State names.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::BurdenSharing::default();
    /// assert_eq!(m.names(), ["State 1", "State 2", "State 3"]);
    /// ```
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// State `i`'s utility at spending profile `d` (0 when it spends its whole income), without
    /// checks: see [`BurdenSharing::checked_utility`].
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::BurdenSharing::default();
    /// assert!((m.utility(2, &[0.0, 0.0, 5.0]) - 5.0).abs() < 1e-12); // sqrt(5 · 5)
    /// ```
    pub fn utility(&self, i: usize, d: &[f64]) -> f64 {
        let others: f64 = d
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, x)| x)
            .sum();
        let a = self.alpha[i];
        let private = (self.income[i] - d[i]).max(0.0);
        private.powf(1.0 - a) * (d[i] + self.spillover * others).powf(a)
    }

    /// State `i`'s utility at spending profile `d`, after checking the arguments.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the argument if `i` is not a state, or `d` does not
    /// have one entry per state, each finite, `>= 0` and at most the state's income.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::BurdenSharing::default();
    /// assert!((m.checked_utility(2, &[0.0, 0.0, 5.0])? - 5.0).abs() < 1e-12);
    /// let err = m.checked_utility(0, &[400.0, 10.0, 0.0]).unwrap_err();
    /// assert!(err.to_string().contains("spending[0]"));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn checked_utility(&self, i: usize, d: &[f64]) -> Result<f64> {
        self.check_state(i)?;
        self.check_spending(d)?;
        for (j, (&x, &y)) in d.iter().zip(&self.income).enumerate() {
            if x > y {
                return Err(Error::InvalidArgument(format!(
                    "spending[{j}] must be at most the state's income {}, got {x}",
                    crate::format::number(y)
                )));
            }
        }
        Ok(self.utility(i, d))
    }

    fn check_state(&self, i: usize) -> Result<()> {
        if i < self.income.len() {
            Ok(())
        } else {
            Err(Error::InvalidArgument(format!(
                "state must be a state index below {}, got {i}",
                self.income.len()
            )))
        }
    }

    /// State `i`'s best response `max(0, α_i Y_i − (1 − α_i) ψ D_{−i})` to the others'
    /// spending in `d` (`d[i]` is ignored).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `i` is not a state or `d` does not have one finite,
    /// non-negative entry per state.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::BurdenSharing::default();
    /// assert_eq!(m.best_response(0, &[0.0, 20.0, 0.0])?, 40.0);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn best_response(&self, i: usize, d: &[f64]) -> Result<f64> {
        self.check_spending(d)?;
        self.check_state(i)?;
        let others: f64 = d
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, x)| x)
            .sum();
        Ok(self.reply(i, others))
    }

    fn reply(&self, i: usize, others: f64) -> f64 {
        let a = self.alpha[i];
        (a * self.income[i] - (1.0 - a) * self.spillover * others).max(0.0)
    }

    fn check_spending(&self, d: &[f64]) -> Result<()> {
        check_len("spending", d.len(), self.income.len())?;
        check_all("spending", d, Range::NonNegative)
    }

    /// The unique Nash equilibrium in closed form **[derived; ψ = 1 is BBV 1986]**.
    ///
    /// With `c_i = 1 − (1 − α_i)ψ` and contributor set `C`,
    /// `D = [Σ_C α_i Y_i / c_i] / [1 + ψ Σ_C (1 − α_i)/c_i]` and
    /// `d_i = (α_i Y_i − (1 − α_i)ψD)/c_i` on `C`; `i ∈ C` iff `α_i Y_i > (1 − α_i)ψD`.
    /// `C` is the top `k` states by `κ_i = α_i Y_i / ((1 − α_i)ψ)`, `k` the first size at which
    /// the next state would not contribute. With ψ = 0 every state spends `α_i Y_i`.
    ///
    /// # Returns
    /// Spending, total, contributors and free riders.
    ///
    /// # Complexity
    /// `O(n log n)`.
    ///
    /// # Example
    /// ```
    /// let eq = detente::alliance::BurdenSharing::default().equilibrium();
    /// let expect = [140.0 / 3.0, 20.0 / 3.0, 0.0];
    /// assert!(eq.spending.iter().zip(expect).all(|(d, e)| (d - e).abs() < 1e-12));
    /// ```
    pub fn equilibrium(&self) -> BurdenEquilibrium {
        let n = self.income.len();
        let psi = self.spillover;
        let mut spending = vec![0.0; n];
        if psi == 0.0 {
            for ((d, a), y) in spending.iter_mut().zip(&self.alpha).zip(&self.income) {
                *d = a * y;
            }
        } else {
            let kappa: Vec<f64> = (0..n)
                .map(|i| self.alpha[i] * self.income[i] / ((1.0 - self.alpha[i]) * psi))
                .collect();
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| kappa[b].total_cmp(&kappa[a]).then(a.cmp(&b)));
            let (mut num, mut den) = (0.0, 1.0);
            let mut total = 0.0;
            let mut k = 0;
            while k < n {
                let i = order[k];
                let c = 1.0 - (1.0 - self.alpha[i]) * psi;
                num += self.alpha[i] * self.income[i] / c;
                den += psi * (1.0 - self.alpha[i]) / c;
                total = num / den;
                k += 1;
                if k == n || kappa[order[k]] <= total {
                    break;
                }
            }
            for &i in &order[..k] {
                let a = self.alpha[i];
                let c = 1.0 - (1.0 - a) * psi;
                spending[i] = ((a * self.income[i] - (1.0 - a) * psi * total) / c).max(0.0);
            }
        }
        let total = spending.iter().sum();
        let (contributors, free_riders) = split_contributors(&spending, &0.0);
        let burden_shares = spending
            .iter()
            .zip(&self.income)
            .map(|(d, y)| d / y)
            .collect();
        BurdenEquilibrium {
            spending,
            total,
            contributors,
            free_riders,
            burden_shares,
        }
    }

    /// [`BurdenSharing::equilibrium`] in exact rational arithmetic, each parameter taken as the
    /// simplest rational that rounds to it ([`super::rational_value`]: `1/3` for `1.0 / 3.0`,
    /// `1/10` for `0.1`; integers and halves, quarters, … are themselves), the contributor set
    /// decided exactly.
    ///
    /// # Complexity
    /// `O(n log n)` rational operations on numbers whose size grows with `n`.
    ///
    /// # Example
    /// ```
    /// let eq = detente::alliance::BurdenSharing::default().equilibrium_exact();
    /// let d: Vec<String> = eq.spending.iter().map(|x| x.to_string()).collect();
    /// assert_eq!(d, ["140/3", "20/3", "0"]);
    /// assert_eq!(eq.total.to_string(), "160/3");
    /// ```
    pub fn equilibrium_exact(&self) -> ExactBurdenEquilibrium {
        let n = self.income.len();
        let one = BigRational::one();
        let psi = exact(self.spillover);
        let alpha: Vec<BigRational> = self.alpha.iter().map(|&a| exact(a)).collect();
        let income: Vec<BigRational> = self.income.iter().map(|&y| exact(y)).collect();
        let mut spending = vec![BigRational::zero(); n];
        if psi.is_zero() {
            for i in 0..n {
                spending[i] = &alpha[i] * &income[i];
            }
        } else {
            let kappa: Vec<BigRational> = (0..n)
                .map(|i| &alpha[i] * &income[i] / ((&one - &alpha[i]) * &psi))
                .collect();
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| kappa[b].cmp(&kappa[a]).then(a.cmp(&b)));
            let (mut num, mut den) = (BigRational::zero(), one.clone());
            let mut total = BigRational::zero();
            let mut k = 0;
            while k < n {
                let i = order[k];
                let c = &one - (&one - &alpha[i]) * &psi;
                num += &alpha[i] * &income[i] / &c;
                den += &psi * (&one - &alpha[i]) / &c;
                total = &num / &den;
                k += 1;
                if k == n || kappa[order[k]] <= total {
                    break;
                }
            }
            for &i in &order[..k] {
                let c = &one - (&one - &alpha[i]) * &psi;
                let d = (&alpha[i] * &income[i] - (&one - &alpha[i]) * &psi * &total) / c;
                spending[i] = d.max(BigRational::zero());
            }
        }
        let total = spending.iter().fold(BigRational::zero(), |s, d| s + d);
        let (contributors, free_riders) = split_contributors(&spending, &BigRational::zero());
        let burden_shares = spending.iter().zip(&income).map(|(d, y)| d / y).collect();
        ExactBurdenEquilibrium {
            spending,
            total,
            contributors,
            free_riders,
            burden_shares,
        }
    }

    /// Equilibrium defense burdens `d_i / Y_i` (the Olson–Zeckhauser exploitation test:
    /// with a common α they rise with income).
    ///
    /// # Example
    /// ```
    /// let s = detente::alliance::BurdenSharing::default().burden_shares();
    /// assert!(s[0] > s[1] && s[1] > s[2] && s[2] == 0.0);
    /// ```
    pub fn burden_shares(&self) -> Vec<f64> {
        self.equilibrium().burden_shares
    }

    /// The Pareto-optimal (Samuelson) total `α Σ_i Y_i`, for a common α and ψ = 1.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if the security weights differ or ψ ≠ 1.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::BurdenSharing::default().pareto_total()?, 85.0);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn pareto_total(&self) -> Result<f64> {
        let a = self.alpha[0];
        if self.spillover != 1.0 || self.alpha.iter().any(|&x| x != a) {
            return Err(Error::InvalidArgument(
                "pareto_total needs a common security_weight and spillover = 1 (the Samuelson \
                 total α ΣY of the pure public good)"
                    .into(),
            ));
        }
        Ok(a * self.income.iter().sum::<f64>())
    }

    /// The structure label **\[assumption\]**: `no_alliance` when ψ = 0 (national defense only),
    /// `unilateral` when one state carries the whole burden, `multilateral` when every state
    /// contributes, `minilateral` otherwise.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{BurdenSharing, Structure};
    /// assert_eq!(BurdenSharing::default().regime(), Structure::Minilateral);
    /// ```
    pub fn regime(&self) -> Structure {
        if self.spillover == 0.0 {
            return Structure::NoAlliance;
        }
        let k = self.equilibrium().contributors.len();
        if k == self.income.len() && k > 1 {
            Structure::Multilateral
        } else if k == 1 {
            Structure::Unilateral
        } else {
            Structure::Minilateral
        }
    }

    /// Sequential (Gauss–Seidel) best-response dynamics: states revise one after another,
    /// each seeing the latest spending of the others, until a full round moves no state by
    /// more than `tol`. This is projected Gauss–Seidel on a symmetric positive definite LCP,
    /// so it converges from any start **\[derived\]**.
    ///
    /// # Arguments
    /// * `start` – initial spending, one entry `>= 0` per state.
    /// * `tol` – convergence tolerance on the largest change in a round, `> 0`.
    /// * `max_rounds` – cap on the number of rounds, `>= 1`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad `start`, `tol` or `max_rounds`; [`Error::Solver`] if
    /// the cap is reached (raise `max_rounds`); [`Error::Interrupted`].
    ///
    /// # Complexity
    /// `O(n)` per round; linear convergence.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::BurdenSharing::default();
    /// let dyn_ = m.sequential_best_response(&[0.0; 3], 1e-13, 10_000)?;
    /// assert!((dyn_.spending[0] - 140.0 / 3.0).abs() < 1e-10);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn sequential_best_response(
        &self,
        start: &[f64],
        tol: f64,
        max_rounds: usize,
    ) -> Result<Dynamics> {
        self.check_dynamics(start, tol, max_rounds)?;
        let mut d = start.to_vec();
        let mut total: f64 = d.iter().sum();
        for round in 1..=max_rounds {
            if round % 1024 == 0 {
                interrupt::check()?;
            }
            let mut change: f64 = 0.0;
            for (i, di) in d.iter_mut().enumerate() {
                let new = self.reply(i, total - *di);
                change = change.max((new - *di).abs());
                total += new - *di;
                *di = new;
            }
            total = d.iter().sum();
            if change <= tol {
                return Ok(Dynamics {
                    spending: d,
                    rounds: round,
                    converged: true,
                    cycle: None,
                });
            }
        }
        Err(Error::Solver(format!(
            "sequential best response did not settle within max_rounds = {max_rounds} rounds \
             (tol = {tol}); raise max_rounds or tol"
        )))
    }

    /// Simultaneous (Jacobi) best-response dynamics: every state replies to the others'
    /// spending of the previous round. Unlike [`BurdenSharing::sequential_best_response`]
    /// this can cycle, even on symmetric instances (three equal states with α = 1/2, ψ = 1
    /// alternate between spending 0 and α Y), and then returns the cycle
    /// ([`Dynamics::cycle`], with `converged = false`) instead of a point.
    ///
    /// # Arguments
    /// As [`BurdenSharing::sequential_best_response`].
    ///
    /// # Returns
    /// The settled profile, or, when the dynamics return exactly to the profile of two rounds
    /// before without having settled, the 2-cycle: its two profiles in the order visited.
    ///
    /// # Errors
    /// [`Error::Solver`] if the cap is reached; otherwise as
    /// [`BurdenSharing::sequential_best_response`].
    ///
    /// # Complexity
    /// `O(n)` per round.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{BurdenSharing, BurdenSharingParams};
    ///
    /// let m = BurdenSharing::new(BurdenSharingParams { income: vec![1.0; 3], ..Default::default() })?;
    /// let run = m.simultaneous_best_response(&[0.0; 3], 1e-12, 1000)?;
    /// assert_eq!(run.cycle.map(|c| c.len()), Some(2));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn simultaneous_best_response(
        &self,
        start: &[f64],
        tol: f64,
        max_rounds: usize,
    ) -> Result<Dynamics> {
        self.check_dynamics(start, tol, max_rounds)?;
        let mut before: Option<Vec<f64>> = None;
        let mut d = start.to_vec();
        for round in 1..=max_rounds {
            if round % 1024 == 0 {
                interrupt::check()?;
            }
            let total: f64 = d.iter().sum();
            let next: Vec<f64> = (0..d.len()).map(|i| self.reply(i, total - d[i])).collect();
            let change = next
                .iter()
                .zip(&d)
                .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
            if change <= tol {
                return Ok(Dynamics {
                    spending: next,
                    rounds: round,
                    converged: true,
                    cycle: None,
                });
            }
            if before.as_ref() == Some(&next) {
                // The cycle in the order visited, from its first profile (= `next`).
                return Ok(Dynamics {
                    spending: next.clone(),
                    rounds: round,
                    converged: false,
                    cycle: Some(vec![next, d]),
                });
            }
            before = Some(std::mem::replace(&mut d, next));
        }
        Err(Error::Solver(format!(
            "simultaneous best response did not settle within max_rounds = {max_rounds} rounds \
             (tol = {tol}); it may cycle — raise max_rounds, or use sequential_best_response"
        )))
    }

    fn check_dynamics(&self, start: &[f64], tol: f64, max_rounds: usize) -> Result<()> {
        check_len("start", start.len(), self.income.len())?;
        check_all("start", start, Range::NonNegative)?;
        check("tol", tol, Range::Positive)?;
        if max_rounds == 0 {
            return Err(Error::InvalidArgument(
                "max_rounds must be >= 1, got 0".into(),
            ));
        }
        Ok(())
    }

    /// A finite n-player game in which each state spends a multiple of `step` below its
    /// income (`0, step, 2·step, … < Y_i`); payoffs are the utilities. With ψ = 1 and a common
    /// α it is a finite potential game, so pure equilibria exist; when the grid contains the
    /// continuous equilibrium, that profile is one of them.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a `step` that is not `> 0`; [`Error::InvalidGame`] if the
    /// game would be too large to allocate.
    ///
    /// # Example
    /// ```
    /// use detente::{alliance::BurdenSharing, solve};
    ///
    /// let g = BurdenSharing::default().discretized_game(10.0 / 3.0)?;
    /// assert_eq!(g.shape(), &[30, 18, 3]);
    /// let eqs = solve::pure(&g, 1e-9)?;
    /// assert!(eqs.iter().any(|e| e.support() == vec![vec![14], vec![2], vec![0]]));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn discretized_game(&self, step: f64) -> Result<Game> {
        check("step", step, Range::Positive)?;
        let levels: Vec<Vec<f64>> = self
            .income
            .iter()
            .map(|&y| {
                let count = (y / step).ceil();
                if count > 1e6 {
                    return Err(Error::InvalidArgument(format!(
                        "step = {step} gives more than a million spending levels for income \
                         {y}; use a larger step"
                    )));
                }
                // `count` is a small positive integer here, so the cast is exact.
                Ok((0..count as usize)
                    .map(|k| k as f64 * step)
                    .filter(|&x| x < y)
                    .collect())
            })
            .collect::<Result<_>>()?;
        let shape: Vec<usize> = levels.iter().map(Vec::len).collect();
        Game::checked_size(&shape)?;
        let mut d = vec![0.0; shape.len()];
        let game = Game::from_fn(&shape, |s, i| {
            for (k, &a) in s.iter().enumerate() {
                d[k] = levels[k][a];
            }
            self.utility(i, &d)
        })?;
        let labels: Vec<Vec<String>> = levels
            .iter()
            .map(|l| l.iter().map(|x| format!("{x}")).collect())
            .collect();
        game.with_players(self.names.clone())?
            .with_actions(labels)
            .map(|g| g.with_title("Burden sharing: defense spending on a grid"))
    }

    /// BibTeX entries for the works the model formalizes. Volume and page details marked
    /// `note = {unverified}` have not been checked against the source.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::BurdenSharing::default().cite().contains("@article"));
    /// ```
    pub fn cite(&self) -> &'static str {
        BIBTEX
    }

    /// A plain-text account of the model: parameters, seed situation, citations.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::BurdenSharing::default().describe().contains("Olson"));
    /// ```
    pub fn describe(&self) -> String {
        format!(
            "Burden sharing (economic theory of alliances)\n\
             Question: who pays for a public-good alliance, and how much is provided?\n\
             States {:?} choose defense spending d_i in [0, Y_i); \
             U_i = (Y_i - d_i)^(1 - alpha_i) (d_i + psi D_-i)^alpha_i.\n\
             Parameters: income Y = {:?}, security_weight alpha = {:?}, spillover psi = {}.\n\
             Sources: Olson & Zeckhauser (1966) REStat 48(3): 266-279; Bergstrom, Blume & \
             Varian (1986) J. Public Econ. 29(1): 25-49; Warr (1983) Econ. Letters 13: 207-211; \
             Sandler & Hartley (2001) JEL 39(3): 869-896.\n\
             Deviation: the linear spillover psi is a stylized spill-in (Murdoch & Sandler \
             1982); the closed form for psi < 1 is derived, not BBV's.",
            self.names, self.income, self.alpha, self.spillover
        )
    }
}

params_serde!(BurdenSharing);

/// The spending levels per state of [`AllianceModel::game`]: the richest state gets this many.
const GAME_LEVELS: f64 = 30.0;

/// The [`AllianceModel`] protocol. The regime is the [`Structure`] of the contributor set
/// ([`BurdenSharing::regime`]); the game is [`BurdenSharing::discretized_game`] with step
/// `max_i Y_i / 30` (for the headline example, 10/3: the grid holds the equilibrium).
///
/// # Example
/// ```
/// use detente::alliance::{AllianceModel, BurdenSharing, ParamMap, Structure};
///
/// let p = ParamMap::from([("income".into(), vec![1.0, 1.0].into())]);
/// let m = BurdenSharing::from_params(&p)?;
/// assert_eq!(m.names(), ["State 1", "State 2"]);
/// assert_eq!(AllianceModel::regime(&m)?, Some(Structure::Multilateral));
/// # Ok::<(), detente::Error>(())
/// ```
impl AllianceModel for BurdenSharing {
    type Regime = Structure;

    const NAME: &'static str = "BurdenSharing";

    const PARAM_NAMES: &'static [&'static str] =
        &["income", "security_weight", "spillover", "names"];

    fn from_params(params: &ParamMap) -> Result<Self> {
        let r = Reader::new(Self::NAME, params, Self::PARAM_NAMES)?;
        let d = BurdenSharingParams::default();
        Self::new(BurdenSharingParams {
            income: r.numbers("income")?.unwrap_or(d.income),
            security_weight: r.numbers("security_weight")?.unwrap_or(d.security_weight),
            spillover: r.number("spillover")?.unwrap_or(d.spillover),
            names: r.texts("names")?,
        })
    }

    fn params(&self) -> Vec<Param> {
        vec![
            Param {
                name: "income",
                value: ParamValue::Numbers(self.income.clone()),
                range: format!("one per state, each {}", Range::Positive.describe()),
                meaning: "Y_i: each state's income (GDP)",
            },
            Param {
                name: "security_weight",
                value: ParamValue::Numbers(self.alpha.clone()),
                range: format!(
                    "one for all states or one per state, each {}",
                    Range::OpenUnit.describe()
                ),
                meaning: "alpha_i: each state's Cobb-Douglas weight on security",
            },
            Param {
                name: "spillover",
                value: ParamValue::Number(self.spillover),
                range: Range::Unit.describe(),
                meaning: "psi: share of an ally's defense that protects a state (1 = pure public \
                          good)",
            },
            Param::names(&self.names),
        ]
    }

    fn game(&self) -> Result<Game> {
        let richest = self.income.iter().copied().fold(0.0, f64::max);
        self.discretized_game(richest / GAME_LEVELS)
    }

    fn describe(&self) -> String {
        BurdenSharing::describe(self)
    }

    fn cite(&self) -> &'static str {
        BurdenSharing::cite(self)
    }

    fn regime(&self) -> Result<Option<Structure>> {
        Ok(Some(BurdenSharing::regime(self)))
    }
}

/// The references of this model, as BibTeX.
const BIBTEX: &str = r#"@article{olson1966,
  author = {Olson, Mancur and Zeckhauser, Richard},
  title = {An Economic Theory of Alliances},
  journal = {Review of Economics and Statistics}, volume = {48}, number = {3}, pages = {266--279},
  year = {1966}
}
@article{bergstrom1986,
  author = {Bergstrom, Theodore and Blume, Lawrence and Varian, Hal},
  title = {On the Private Provision of Public Goods},
  journal = {Journal of Public Economics}, volume = {29}, number = {1}, pages = {25--49},
  year = {1986}, note = {volume and pages unverified}
}
@article{warr1983,
  author = {Warr, Peter G.},
  title = {The Private Provision of a Public Good Is Independent of the Distribution of Income},
  journal = {Economics Letters}, volume = {13}, number = {2--3}, pages = {207--211}, year = {1983},
  note = {volume and pages unverified}
}
@article{sandler2001,
  author = {Sandler, Todd and Hartley, Keith},
  title = {Economics of Alliances: The Lessons for Collective Action},
  journal = {Journal of Economic Literature}, volume = {39}, number = {3}, pages = {869--896},
  year = {2001}, note = {volume and pages unverified}
}
"#;
