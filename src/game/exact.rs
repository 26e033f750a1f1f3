//! Exact payoffs: how a game keeps them, and regret in exact rational arithmetic, the
//! certificate of the exact solvers.
//!
//! A game built from exact input (integers, fractions, decimals of a `.nfg` file) remembers
//! it. Its `f64` payoffs are the nearest floats of the exact values; the rationals are kept
//! beside them only when some payoff is not a float (`2/7`, `0.1`), so integer games and
//! float games are stored once. Exact methods read [`Game::exact_payoff`], which is the
//! kept rational, or else the float's exact (binary) value.

use ndarray::{ArrayD, Axis, IxDyn};
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};

use super::Game;
use crate::error::{Error, Result};

/// How a game's payoffs were given.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Exactness {
    /// As floats: the `f64` values are the payoffs.
    Float,
    /// Exactly, and every value is a float: the `f64` values are exact.
    Dyadic,
    /// Exactly, and some value is not a float: every payoff as a rational, in the order of
    /// [`Game::payoff_slice`].
    Rational(Vec<BigRational>),
}

impl Exactness {
    /// Whether two games with equal floats have equal payoffs as numbers: rationals are kept
    /// only when some value differs from its float, so a game that keeps them never equals
    /// one that does not.
    pub(super) fn same_values(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Rational(a), Self::Rational(b)) => a == b,
            (Self::Rational(_), _) | (_, Self::Rational(_)) => false,
            _ => true,
        }
    }

    /// The exactness of the subgame [`Game::restrict`] keeps (`shape` is the full tensor's).
    pub(super) fn restrict(&self, shape: &[usize], keep: &[Vec<usize>]) -> Self {
        match self {
            Self::Rational(values) => {
                let mut tensor = ArrayD::from_shape_vec(IxDyn(shape), values.clone())
                    .expect("the rationals have the payoffs' shape");
                for (axis, k) in keep.iter().enumerate() {
                    tensor = tensor.select(Axis(axis), k);
                }
                let values: Vec<BigRational> = tensor.iter().cloned().collect();
                // The subgame's values may all be floats now.
                if values.iter().all(is_float) {
                    Self::Dyadic
                } else {
                    Self::Rational(values)
                }
            }
            other => other.clone(),
        }
    }
}

/// Whether `x` is exactly an `f64`.
fn is_float(x: &BigRational) -> bool {
    x.to_f64()
        .and_then(BigRational::from_float)
        .is_some_and(|f| &f == x)
}

impl Game {
    /// Builds a game from exact payoffs: a tensor of shape `(n_1, …, n_N, N)` of rationals,
    /// as [`Game::new`] does from floats. The game keeps them: its [`Game::payoffs`] are the
    /// nearest floats, and the exact solvers and [`Game::exact_regret`] use the rationals.
    ///
    /// # Errors
    /// As [`Game::new`]; [`Error::InvalidGame`] also for a value too large for an `f64`.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use detente::solve::BigRational;
    /// use ndarray::{ArrayD, IxDyn};
    ///
    /// let r = |p: i64, q: i64| BigRational::new(p.into(), q.into());
    /// let g = Game::new_exact(ArrayD::from_shape_vec(IxDyn(&[2, 1]), vec![r(1, 10), r(2, 7)])
    ///     .unwrap())?;
    /// assert!(g.is_exact());
    /// assert_eq!(g.exact_payoff(0), r(1, 10));
    /// assert_eq!(g.payoffs()[[0, 0]], 0.1);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn new_exact(payoffs: ArrayD<BigRational>) -> Result<Self> {
        let floats = payoffs.map(|x| x.to_f64().unwrap_or(f64::NAN));
        let game = Self::new(floats)?;
        let values: Vec<BigRational> = if payoffs.is_standard_layout() {
            payoffs.into_raw_vec_and_offset().0
        } else {
            payoffs.iter().cloned().collect()
        };
        Ok(game.with_exact_values(values))
    }

    /// Builds a game from one exact payoff array per player, each of shape `(n_1, …, n_N)`,
    /// as [`Game::from_player_arrays`] does from floats.
    ///
    /// # Errors
    /// As [`Game::from_player_arrays`] and [`Game::new_exact`].
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use detente::solve::BigRational;
    /// use ndarray::array;
    ///
    /// let third = BigRational::new(1.into(), 3.into());
    /// let a = array![[third.clone(), -third.clone()]].into_dyn();
    /// let b = a.mapv(|x| -x);
    /// let g = Game::from_exact_player_arrays(&[a.view(), b.view()])?;
    /// assert_eq!(g.exact_payoff(1), -third);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn from_exact_player_arrays(
        arrays: &[ndarray::ArrayViewD<'_, BigRational>],
    ) -> Result<Self> {
        Self::new_exact(super::stack_player_arrays(arrays)?)
    }

    /// Marks the game exact, with `values` its payoffs in the order of [`Game::payoff_slice`]
    /// (whose floats must be their nearest `f64`); the rationals are kept only if some value
    /// is not a float.
    pub(crate) fn with_exact_values(mut self, values: Vec<BigRational>) -> Self {
        debug_assert_eq!(values.len(), self.payoff_slice().len());
        self.exact = if values.iter().all(is_float) {
            Exactness::Dyadic
        } else {
            Exactness::Rational(values)
        };
        self
    }

    /// Marks a game whose floats are its exact payoffs (integers, say) as exact.
    pub(crate) fn with_exact_floats(mut self) -> Self {
        if !matches!(self.exact, Exactness::Rational(_)) {
            self.exact = Exactness::Dyadic;
        }
        self
    }

    /// Whether the payoffs were given exactly (integers, fractions, decimals of a `.nfg`
    /// file, exact constructors), so that [`Game::exact_payoffs`] gives them.
    pub fn is_exact(&self) -> bool {
        !matches!(self.exact, Exactness::Float)
    }

    /// Whether the game keeps rationals beside its floats (some payoff is not an `f64`).
    pub fn has_rational_payoffs(&self) -> bool {
        matches!(self.exact, Exactness::Rational(_))
    }

    /// The exact payoffs, in the order of [`Game::payoff_slice`], for a game given exactly
    /// ([`Game::is_exact`]); `None` for a float game.
    ///
    /// # Example
    /// ```
    /// use detente::io::read_nfg;
    ///
    /// let g = read_nfg("NFG 1 R \"\" { \"A\" } { 2 } 2/7 0.1")?;
    /// let text: Vec<String> = g.exact_payoffs().unwrap().iter().map(|x| x.to_string()).collect();
    /// assert_eq!(text, ["2/7", "1/10"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn exact_payoffs(&self) -> Option<Vec<BigRational>> {
        match &self.exact {
            Exactness::Float => None,
            Exactness::Dyadic => Some(
                (0..self.payoff_slice().len())
                    .map(|k| self.exact_payoff(k))
                    .collect(),
            ),
            Exactness::Rational(values) => Some(values.clone()),
        }
    }

    /// The exact value of entry `k` of [`Game::payoff_slice`]: the payoff as given for an
    /// exact game, the float's exact binary value for a float game.
    ///
    /// # Panics
    /// If `k` is out of range.
    pub fn exact_payoff(&self, k: usize) -> BigRational {
        match &self.exact {
            Exactness::Rational(values) => values[k].clone(),
            _ => BigRational::from_float(self.payoff_slice()[k])
                .expect("a Game's payoffs are finite"),
        }
    }

    /// Each player's exact expected payoff at a profile of rational probabilities.
    ///
    /// # Errors
    /// As [`Game::exact_regret`].
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use detente::solve::BigRational;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, 0.0], [0.0, 2.0]].view())?;
    /// let r = |p: i64, q: i64| BigRational::new(p.into(), q.into());
    /// let profile = [vec![r(2, 3), r(1, 3)], vec![r(2, 3), r(1, 3)]];
    /// assert_eq!(g.exact_expected_payoffs(&profile)?, vec![r(2, 3), r(-2, 3)]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn exact_expected_payoffs(&self, profile: &[Vec<BigRational>]) -> Result<Vec<BigRational>> {
        let values = self.exact_action_values(profile)?;
        Ok(values
            .iter()
            .zip(profile)
            .map(|(v, s)| v.payoff_and_regret(s).0)
            .collect())
    }

    /// Each player's regret at a profile of rational probabilities, computed without rounding:
    /// every payoff is taken exactly ([`Game::exact_payoff`]: as given for an exact game, the
    /// float's binary value otherwise) and the expected payoffs are exact sums of products.
    ///
    /// Zero for every player exactly when the profile is a Nash equilibrium of the game as
    /// given (its exact payoffs, or its `f64` payoffs taken at face value). Cost: for each
    /// player, one big-integer multiply-add per action and profile of the others' supports
    /// (each strategy written over one common denominator; a fraction is reduced only once
    /// per player at the end), so at most `O(P·N)` for `P` pure profiles and `N` players:
    /// meant for certificates on small and medium games.
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] if the profile does not have one strategy per player, a
    /// strategy has the wrong length or a negative entry, or does not sum to exactly 1.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use detente::solve::BigRational;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
    /// let half = BigRational::new(1.into(), 2.into());
    /// let mix = vec![half.clone(), half];
    /// let zero = BigRational::from_integer(0.into());
    /// assert_eq!(g.exact_regret(&[mix.clone(), mix])?, vec![zero.clone(), zero]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn exact_regret(&self, profile: &[Vec<BigRational>]) -> Result<Vec<BigRational>> {
        let values = self.exact_action_values(profile)?;
        Ok(values
            .iter()
            .zip(profile)
            .map(|(v, s)| v.payoff_and_regret(s).1)
            .collect())
    }

    /// Each player's exact expected payoff and exact regret at a profile of rational
    /// probabilities, in one pass: [`Game::exact_expected_payoffs`] and
    /// [`Game::exact_regret`] together. A pure profile (every strategy a vertex of the
    /// simplex) is read off its deviations directly, in `O(N · Σ n_i)`.
    ///
    /// # Errors
    /// As [`Game::exact_regret`].
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use detente::solve::BigRational;
    /// use ndarray::array;
    ///
    /// // Chicken: the mixed equilibrium (9/10, 1/10) for both.
    /// let g = Game::from_bimatrix(array![[0.0, -1.0], [1.0, -10.0]].view(),
    ///                             array![[0.0, 1.0], [-1.0, -10.0]].view())?;
    /// let r = |p: i64, q: i64| BigRational::new(p.into(), q.into());
    /// let s = vec![r(9, 10), r(1, 10)];
    /// let (payoffs, regrets) = g.exact_payoffs_and_regrets(&[s.clone(), s])?;
    /// assert_eq!(payoffs, vec![r(-1, 10), r(-1, 10)]);
    /// assert_eq!(regrets, vec![r(0, 1), r(0, 1)]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn exact_payoffs_and_regrets(
        &self,
        profile: &[Vec<BigRational>],
    ) -> Result<(Vec<BigRational>, Vec<BigRational>)> {
        if let Some(actions) = pure_actions(profile) {
            self.check_exact_profile(profile)?;
            return Ok(self
                .pure_action_values(&actions)
                .into_iter()
                .zip(actions)
                .map(|(v, a)| {
                    let best = v.iter().max().expect("every player has an action").clone();
                    let regret = &best - &v[a];
                    (v[a].clone(), regret)
                })
                .unzip());
        }
        let values = self.exact_action_values(profile)?;
        Ok(values
            .iter()
            .zip(profile)
            .map(|(v, s)| v.payoff_and_regret(s))
            .unzip())
    }

    /// `values[i][a]` at a pure profile: player `i`'s exact payoff of action `a` when the
    /// others play `actions`.
    fn pure_action_values(&self, actions: &[usize]) -> Vec<Vec<BigRational>> {
        let n = self.num_players();
        let strides = self.profile_strides();
        let base: usize = actions.iter().zip(&strides).map(|(a, s)| a * s).sum();
        self.shape()
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let without = base - actions[i] * strides[i];
                (0..k)
                    .map(|a| self.exact_payoff((without + a * strides[i]) * n + i))
                    .collect()
            })
            .collect()
    }

    /// Each player's exact expected payoff of each of their actions against the others'
    /// mixtures, after validating the profile: integer sums over one denominator per player.
    ///
    /// Each strategy is written as integers over one common denominator, so a profile of the
    /// others' supports weighs by an integer product, and the payoffs (integers, for most
    /// games) are added without the reduction of a rational per addition; a payoff whose
    /// denominator does not divide the running one widens it once. The profiles visited are
    /// the others' supports times one's own actions.
    fn exact_action_values(&self, profile: &[Vec<BigRational>]) -> Result<Vec<ActionValues>> {
        self.check_exact_profile(profile)?;
        let n = self.num_players();
        let shape = self.shape();
        let strides = self.profile_strides();
        let strategies: Vec<(Vec<BigInt>, BigInt)> =
            profile.iter().map(|s| over_common_denominator(s)).collect();
        let supports: Vec<Vec<usize>> = strategies
            .iter()
            .map(|(u, _)| (0..u.len()).filter(|&a| !u[a].is_zero()).collect())
            .collect();
        Ok((0..n)
            .map(|i| {
                let others: Vec<usize> = (0..n).filter(|&j| j != i).collect();
                let mut numer = vec![BigInt::zero(); shape[i]];
                let mut denom = BigInt::one();
                let mut at = vec![0usize; others.len()];
                loop {
                    let base: usize = others
                        .iter()
                        .zip(&at)
                        .map(|(&j, &p)| supports[j][p] * strides[j])
                        .sum();
                    let weight: BigInt = others
                        .iter()
                        .zip(&at)
                        .map(|(&j, &p)| &strategies[j].0[supports[j][p]])
                        .product();
                    for a in 0..shape[i] {
                        let k = (base + a * strides[i]) * n + i;
                        match self.payoff_integer(k) {
                            Some(x) if denom.is_one() => numer[a] += &weight * x,
                            Some(x) => numer[a] += &weight * x * &denom,
                            None => {
                                let x = self.exact_payoff(k);
                                if !(&denom % x.denom()).is_zero() {
                                    let wider = denom.lcm(x.denom());
                                    let factor = &wider / &denom;
                                    numer.iter_mut().for_each(|v| *v *= &factor);
                                    denom = wider;
                                }
                                numer[a] += &weight * x.numer() * (&denom / x.denom());
                            }
                        }
                    }
                    // The next profile of the others' supports (an odometer), or done.
                    let Some(q) = (0..others.len())
                        .rev()
                        .find(|&q| at[q] + 1 < supports[others[q]].len())
                    else {
                        break;
                    };
                    at[q] += 1;
                    at[q + 1..].iter_mut().for_each(|p| *p = 0);
                }
                let others_denom: BigInt = others.iter().map(|&j| &strategies[j].1).product();
                ActionValues {
                    numer,
                    denom: denom * others_denom,
                }
            })
            .collect())
    }

    /// Payoff entry `k` as a machine integer, when it is one (exactly): the common case of
    /// games with integer payoffs, read without building a rational.
    fn payoff_integer(&self, k: usize) -> Option<i64> {
        match &self.exact {
            Exactness::Rational(values) => values[k]
                .is_integer()
                .then(|| values[k].numer().to_i64())
                .flatten(),
            _ => {
                let x = self.payoff_slice()[k];
                // Below 2^53 in absolute value an integral float converts exactly.
                (x.fract() == 0.0 && x.abs() < 9.0e15).then_some(x as i64)
            }
        }
    }

    /// Checks a profile of rational probabilities: one strategy per player, of the right
    /// length, non-negative entries summing to exactly 1.
    fn check_exact_profile(&self, profile: &[Vec<BigRational>]) -> Result<()> {
        let n = self.num_players();
        let shape = self.shape();
        if profile.len() != n {
            return Err(Error::InvalidProfile(format!(
                "a profile of this {n}-player game needs one strategy per player, got {}",
                profile.len()
            )));
        }
        for (i, (s, &k)) in profile.iter().zip(shape).enumerate() {
            let who = format!("player {} ({})", i + 1, self.players()[i]);
            if s.len() != k {
                return Err(Error::InvalidProfile(format!(
                    "{who} has {k} actions, but their strategy has {} entries",
                    s.len()
                )));
            }
            if let Some(a) = s.iter().position(|p| *p < BigRational::zero()) {
                return Err(Error::InvalidProfile(format!(
                    "{who}'s probability of action {a} is {}; probabilities must be non-negative",
                    s[a]
                )));
            }
            let sum: BigRational = s.iter().sum();
            if !sum.is_one() {
                return Err(Error::InvalidProfile(format!(
                    "{who}'s probabilities sum to {sum}, not exactly 1"
                )));
            }
        }
        Ok(())
    }
}

/// A player's expected payoff of each action, `numer[a] / denom`, with `denom > 0`.
struct ActionValues {
    numer: Vec<BigInt>,
    denom: BigInt,
}

impl ActionValues {
    /// The player's expected payoff under `strategy` and their regret (the best action's value
    /// minus it), each one fraction reduced once.
    fn payoff_and_regret(&self, strategy: &[BigRational]) -> (BigRational, BigRational) {
        let (u, d) = over_common_denominator(strategy);
        let own: BigInt = u.iter().zip(&self.numer).map(|(p, x)| p * x).sum();
        let best = self.numer.iter().max().expect("every player has an action");
        let scale = &d * &self.denom;
        let regret = BigRational::new(best * &d - &own, scale.clone());
        (BigRational::new(own, scale), regret)
    }
}

/// A strategy as integers over one positive common denominator (the least).
fn over_common_denominator(strategy: &[BigRational]) -> (Vec<BigInt>, BigInt) {
    let d = strategy.iter().fold(BigInt::one(), |d, p| {
        if p.denom().is_one() {
            d
        } else {
            d.lcm(p.denom())
        }
    });
    let u = strategy
        .iter()
        .map(|p| p.numer() * (&d / p.denom()))
        .collect();
    (u, d)
}

/// The actions of a pure profile (each strategy one 1 and zeros), or `None`.
fn pure_actions(profile: &[Vec<BigRational>]) -> Option<Vec<usize>> {
    profile
        .iter()
        .map(|s| {
            let a = s.iter().position(|p| !p.is_zero())?;
            (s[a].is_one() && s[a + 1..].iter().all(Zero::is_zero)).then_some(a)
        })
        .collect()
}
