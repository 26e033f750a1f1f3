//! Regret in exact rational arithmetic, the certificate of the exact solvers.

use num_rational::BigRational;
use num_traits::{One, Zero};

use super::Game;
use crate::error::{Error, Result};

impl Game {
    /// Each player's regret at a profile of rational probabilities, computed without rounding:
    /// every payoff is converted exactly ([`BigRational::from_float`]) and the expected payoffs
    /// are exact sums of products.
    ///
    /// Zero for every player exactly when the profile is a Nash equilibrium of the game as
    /// stored (its `f64` payoffs taken at face value). Cost `O(P·N²)` big-rational products for
    /// `P` pure profiles and `N` players, so it is meant for certificates on small and
    /// medium games.
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
        // values[i][a]: player i's expected payoff of action a against the others' mixtures.
        let mut values: Vec<Vec<BigRational>> = shape
            .iter()
            .map(|&k| vec![BigRational::zero(); k])
            .collect();
        let data = self.payoff_slice();
        let mut actions = vec![0usize; n];
        for p in 0..self.num_profiles() {
            for i in 0..n {
                let weight = (0..n)
                    .filter(|&j| j != i)
                    .try_fold(BigRational::one(), |w, j| {
                        let q = &profile[j][actions[j]];
                        (!q.is_zero()).then(|| w * q)
                    });
                if let Some(w) = weight {
                    let u = BigRational::from_float(data[p * n + i])
                        .expect("a Game's payoffs are finite");
                    values[i][actions[i]] += w * u;
                }
            }
            super::advance(&mut actions, shape);
        }
        Ok(values
            .iter()
            .zip(profile)
            .map(|(v, s)| {
                let own: BigRational = v.iter().zip(s).map(|(x, p)| x * p).sum();
                let best = v.iter().max().expect("every player has an action");
                best - own
            })
            .collect())
    }
}
