//! Mixed strategy profiles: expected payoffs, regrets and best responses.
//!
//! A profile is one probability vector per player (anything that derefs to `&[f64]`). Every
//! method validates it against the game first; the arithmetic is exact tensor contraction, not
//! sampling, and skips zero-probability actions, so pure and small-support profiles of large
//! games are cheap.

use ndarray::Array1;
use rayon::prelude::*;

use super::Game;
use crate::error::{Error, Result};

/// How far a probability may fall below 0, or a strategy's sum stray from 1, before a profile
/// is rejected. Profiles are never renormalised silently.
pub const PROBABILITY_TOLERANCE: f64 = 1e-9;

/// A mixed profile as owned vectors, one per player.
pub type Profile = Vec<Vec<f64>>;

/// Below this many profiles the contraction runs on one thread.
const PARALLEL_PROFILES: usize = 1 << 15;

impl Game {
    /// Checks that `profile` holds one probability vector per player, of the right lengths,
    /// with finite non-negative entries summing to 1 (within [`PROBABILITY_TOLERANCE`]).
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] naming the player and what to fix.
    pub fn check_profile<S: AsRef<[f64]>>(&self, profile: &[S]) -> Result<()> {
        if profile.len() != self.num_players() {
            return Err(Error::InvalidProfile(format!(
                "a profile of this {}-player game needs one strategy per player, got {}",
                self.num_players(),
                profile.len()
            )));
        }
        for (i, (s, &n)) in profile.iter().zip(self.shape()).enumerate() {
            let s = s.as_ref();
            let who = format!("player {} ({})", i + 1, self.players()[i]);
            if s.len() != n {
                return Err(Error::InvalidProfile(format!(
                    "{who} has {n} actions, but their strategy has {} entries",
                    s.len()
                )));
            }
            if let Some(a) = s
                .iter()
                .position(|p| !p.is_finite() || *p < -PROBABILITY_TOLERANCE)
            {
                return Err(Error::InvalidProfile(format!(
                    "{who}'s probability of action {a} is {}; probabilities must be finite and \
                     non-negative",
                    s[a]
                )));
            }
            let sum: f64 = s.iter().sum();
            if (sum - 1.0).abs() > PROBABILITY_TOLERANCE {
                return Err(Error::InvalidProfile(format!(
                    "{who}'s probabilities sum to {sum}, not 1 (tolerance {PROBABILITY_TOLERANCE:e}); \
                     divide them by their sum"
                )));
            }
        }
        Ok(())
    }

    /// The profile in which every player plays the given action with probability 1.
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] if the actions do not fit the game.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, 2.0]].view())?;
    /// assert_eq!(g.pure_profile(&[0, 1])?, vec![vec![1.0], vec![0.0, 1.0]]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn pure_profile(&self, actions: &[usize]) -> Result<Profile> {
        self.checked_profile_index(actions)?;
        Ok(actions
            .iter()
            .zip(self.shape())
            .map(|(&a, &n)| (0..n).map(|b| f64::from(u8::from(a == b))).collect())
            .collect())
    }

    /// The profile in which every player mixes uniformly over all actions.
    pub fn uniform_profile(&self) -> Profile {
        self.shape()
            .iter()
            .map(|&n| vec![1.0 / n as f64; n])
            .collect()
    }

    /// Expected payoff of each of `player`'s actions when the others play `profile`
    /// (the player's own entry of `profile` is ignored but still validated).
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] for a profile that does not fit the game or an unknown player.
    ///
    /// # Complexity
    /// One pass over the payoffs of profiles that the others play with positive probability:
    /// `O(n_player · Π_{k≠player} |supp σ_k|)` time, `O(n_1 ⋯ n_N / n_player)` memory at most.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
    /// let v = g.action_values(0, &[vec![1.0, 0.0], vec![0.25, 0.75]])?;
    /// assert_eq!(v.to_vec(), vec![-0.5, 0.5]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn action_values<S: AsRef<[f64]> + Sync>(
        &self,
        player: usize,
        profile: &[S],
    ) -> Result<Array1<f64>> {
        self.check_player(player)?;
        self.check_profile(profile)?;
        Ok(self.action_values_unchecked(player, profile))
    }

    /// Every player's expected payoff under a mixed profile.
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] for a profile that does not fit the game.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
    /// let u = g.payoff(&g.uniform_profile())?;
    /// assert_eq!(u.to_vec(), vec![0.0, 0.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn payoff<S: AsRef<[f64]> + Sync>(&self, profile: &[S]) -> Result<Array1<f64>> {
        self.check_profile(profile)?;
        Ok(self.payoffs_and_regrets(profile).0)
    }

    /// Each player's regret: how much they gain by their best pure deviation from `profile`.
    ///
    /// This is detente's independent certificate: every solver's result is checked with it.
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] for a profile that does not fit the game.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// // Prisoner's dilemma: from mutual cooperation each player gains 2 by defecting.
    /// let g = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                             array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let r = g.regret(&g.pure_profile(&[0, 0])?)?;
    /// assert_eq!(r.to_vec(), vec![2.0, 2.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn regret<S: AsRef<[f64]> + Sync>(&self, profile: &[S]) -> Result<Array1<f64>> {
        self.check_profile(profile)?;
        Ok(self.payoffs_and_regrets(profile).1)
    }

    /// The largest regret over players: 0 exactly at a Nash equilibrium.
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] for a profile that does not fit the game.
    pub fn max_regret<S: AsRef<[f64]> + Sync>(&self, profile: &[S]) -> Result<f64> {
        Ok(self.regret(profile)?.fold(0.0, |m: f64, &r| m.max(r)))
    }

    /// Whether no player can gain more than `tol` by deviating from `profile`.
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] for a profile that does not fit the game.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
    /// assert!(g.is_equilibrium(&g.uniform_profile(), 1e-12)?);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_equilibrium<S: AsRef<[f64]> + Sync>(&self, profile: &[S], tol: f64) -> Result<bool> {
        Ok(self.max_regret(profile)? <= tol)
    }

    /// The actions of `player` whose expected payoff against `profile` is within `tol` of the
    /// best, in increasing order.
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] for an unknown player or a profile that does not fit the game.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
    /// assert_eq!(g.best_responses(0, &g.uniform_profile(), 0.0)?, vec![0, 1]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn best_responses<S: AsRef<[f64]> + Sync>(
        &self,
        player: usize,
        profile: &[S],
        tol: f64,
    ) -> Result<Vec<usize>> {
        let v = self.action_values(player, profile)?;
        let best = v.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
        Ok((0..v.len()).filter(|&a| v[a] >= best - tol).collect())
    }

    pub(crate) fn check_player(&self, player: usize) -> Result<()> {
        if player < self.num_players() {
            Ok(())
        } else {
            Err(Error::InvalidProfile(format!(
                "player index {player} is out of range: this game has players 0..{}",
                self.num_players()
            )))
        }
    }

    /// Each player's expected payoff and regret under a validated profile.
    pub(crate) fn payoffs_and_regrets<S: AsRef<[f64]> + Sync>(
        &self,
        profile: &[S],
    ) -> (Array1<f64>, Array1<f64>) {
        self.payoffs_and_regrets_impl(profile, true)
    }

    /// [`Game::max_regret`] of a validated profile, computed on the calling thread (see
    /// [`Game::action_values_serial`]): the same routine, with a fixed order of the sums.
    pub(crate) fn max_regret_serial<S: AsRef<[f64]>>(&self, profile: &[S]) -> f64 {
        self.payoffs_and_max_regret_serial(profile).1
    }

    /// Each player's payoff and the max regret of a validated profile, computed on the
    /// calling thread with a fixed order of the sums (results independent of thread counts).
    pub(crate) fn payoffs_and_max_regret_serial<S: AsRef<[f64]>>(
        &self,
        profile: &[S],
    ) -> (Vec<f64>, f64) {
        let (payoffs, regrets) = self.payoffs_and_regrets_impl(profile, false);
        (payoffs.to_vec(), regrets.fold(0.0, |m: f64, &r| m.max(r)))
    }

    fn payoffs_and_regrets_impl<S: AsRef<[f64]>>(
        &self,
        profile: &[S],
        parallel: bool,
    ) -> (Array1<f64>, Array1<f64>) {
        let n = self.num_players();
        let (mut payoffs, mut regrets) = (Array1::zeros(n), Array1::zeros(n));
        for i in 0..n {
            let v = self.action_values_impl(i, profile, parallel);
            let u: f64 = v.iter().zip(profile[i].as_ref()).map(|(x, p)| x * p).sum();
            let best = v.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
            payoffs[i] = u;
            regrets[i] = (best - u).max(0.0);
        }
        (payoffs, regrets)
    }

    /// [`Game::action_values`] without validation.
    pub(crate) fn action_values_unchecked<S: AsRef<[f64]> + Sync>(
        &self,
        player: usize,
        profile: &[S],
    ) -> Array1<f64> {
        self.action_values_impl(player, profile, true)
    }

    /// [`Game::action_values`] without validation, always on the calling thread: the order of
    /// the sums is fixed, so the result does not depend on the number of threads (the learning
    /// dynamics rely on it; they parallelise over starts instead).
    pub(crate) fn action_values_serial<S: AsRef<[f64]>>(
        &self,
        player: usize,
        profile: &[S],
    ) -> Array1<f64> {
        self.action_values_impl(player, profile, false)
    }

    fn action_values_impl<S: AsRef<[f64]>>(
        &self,
        player: usize,
        profile: &[S],
        parallel: bool,
    ) -> Array1<f64> {
        let n = self.num_players();
        let ni = self.shape()[player];
        let prefix = support_weights(&profile[..player]);
        let suffix = support_weights(&profile[player + 1..]);
        let suffix_len: usize = self.shape()[player + 1..].iter().product();
        let data = self.payoff_slice();
        // Payoff of `player` at (prefix q, own action a, suffix s) sits at
        // ((q * ni + a) * suffix_len + s) * n + player.
        let row = |q: usize, a: usize| -> f64 {
            let base = (q * ni + a) * suffix_len;
            suffix
                .iter()
                .map(|&(s, w)| w * data[(base + s) * n + player])
                .sum::<f64>()
        };
        let per_prefix = |&(q, wq): &(usize, f64)| -> Array1<f64> {
            Array1::from_shape_fn(ni, |a| wq * row(q, a))
        };
        let work = prefix.len() * ni * suffix.len();
        if parallel && work >= PARALLEL_PROFILES {
            prefix
                .par_iter()
                .map(per_prefix)
                .reduce(|| Array1::zeros(ni), |x, y| x + y)
        } else {
            prefix
                .iter()
                .map(per_prefix)
                .fold(Array1::zeros(ni), |x, y| x + y)
        }
    }
}

/// The positive-probability entries of the product distribution of `strategies`, as
/// (flat C-order index, probability) pairs.
fn support_weights<S: AsRef<[f64]>>(strategies: &[S]) -> Vec<(usize, f64)> {
    let mut out = vec![(0usize, 1.0f64)];
    for s in strategies {
        let s = s.as_ref();
        out = out
            .iter()
            .flat_map(|&(j, w)| {
                s.iter()
                    .enumerate()
                    .filter(|(_, p)| **p != 0.0)
                    .map(move |(a, &p)| (j * s.len() + a, w * p))
            })
            .collect();
    }
    out
}
