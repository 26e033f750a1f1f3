//! [`RepeatedGame`]: a stage game, discount factors, a continuation probability and a horizon.

use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive};
use serde::{Deserialize, Serialize};

use crate::alliance::rational_value;
use crate::error::{Error, Result};
use crate::game::Game;

/// A stage game repeated over an infinite or finite horizon.
///
/// Player `i` weights the payoff of period `t` (from 0) by `(δ_i · p)^t`, where `δ_i` is their
/// discount factor and `p` the probability that play continues after each period (random
/// ending; 1 by default). Over an infinite horizon values are normalised by `1 - δ_i p`, so they
/// are on the scale of stage payoffs; over a finite horizon `T` they are plain discounted sums
/// of `T` periods.
///
/// Discount factors and the continuation probability are kept exactly as rationals: a float is
/// taken as the simplest rational that rounds to it (`0.9` is `9/10`), so exact analyses of a
/// game with rational payoffs give exact answers.
///
/// # Example
/// ```
/// use detente::repeated::RepeatedGame;
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let rg = RepeatedGame::with_discounts(pd, &[0.9, 0.8])?.with_continuation(0.5)?;
/// assert_eq!(rg.effective_discount(0), 0.45);
/// assert_eq!(rg.exact_effective_discount(1).to_string(), "2/5");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepeatedGame {
    stage: Game,
    discount: Vec<BigRational>,
    continuation: BigRational,
    horizon: Option<usize>,
}

impl RepeatedGame {
    /// Repeats `stage` for ever with the same discount factor `discount` in `[0, 1)` for every
    /// player.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `discount` is not in `[0, 1)`.
    pub fn new(stage: Game, discount: f64) -> Result<Self> {
        let n = stage.num_players();
        Self::with_discounts(stage, &vec![discount; n])
    }

    /// Repeats `stage` for ever with one discount factor in `[0, 1)` per player.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a factor is not a finite number in `[0, 1)` or there is
    /// not one per player.
    pub fn with_discounts(stage: Game, discount: &[f64]) -> Result<Self> {
        for (i, d) in discount.iter().enumerate() {
            if !d.is_finite() {
                return Err(Error::InvalidArgument(format!(
                    "discount: player {}'s factor is {d}; give a number in [0, 1)",
                    i + 1
                )));
            }
        }
        let exact: Vec<BigRational> = discount.iter().map(|&d| rational_value(d)).collect();
        Self::new_exact(stage, exact)
    }

    /// Repeats `stage` for ever with exact discount factors in `[0, 1)`, one per player.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a factor is not in `[0, 1)` or there is not one per
    /// player.
    pub fn new_exact(stage: Game, discount: Vec<BigRational>) -> Result<Self> {
        check_discounts(&stage, &discount, false)?;
        Ok(Self {
            stage,
            discount,
            continuation: BigRational::one(),
            horizon: None,
        })
    }

    /// Sets the probability `p` in `(0, 1]` that play continues after each period (random
    /// ending): payoffs are then discounted by `δ_i · p`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `p` is not in `(0, 1]`.
    pub fn with_continuation(mut self, p: f64) -> Result<Self> {
        if !(p > 0.0 && p <= 1.0) {
            return Err(Error::InvalidArgument(format!(
                "continuation: {p} is not a probability in (0, 1]; give the chance that play goes on after each period"
            )));
        }
        self.continuation = rational_value(p);
        Ok(self)
    }

    /// Plays `periods` (at least 1) periods instead of for ever. Discount factors may then be 1
    /// (undiscounted sums); use [`RepeatedGame::finite`] to build such a game.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `periods` is 0.
    pub fn with_horizon(mut self, periods: usize) -> Result<Self> {
        if periods == 0 {
            return Err(Error::InvalidArgument(
                "horizon: 0 periods; give at least 1, or no horizon for an infinitely repeated game".into(),
            ));
        }
        self.horizon = Some(periods);
        Ok(self)
    }

    /// `stage` played `periods` (at least 1) times with exact discount factors in `[0, 1]`
    /// (1: plain sums).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a factor is outside `[0, 1]`, there is not one per
    /// player, or `periods` is 0.
    pub fn finite(stage: Game, discount: Vec<BigRational>, periods: usize) -> Result<Self> {
        check_discounts(&stage, &discount, true)?;
        Self {
            stage,
            discount,
            continuation: BigRational::one(),
            horizon: None,
        }
        .with_horizon(periods)
    }

    /// The stage game.
    pub fn stage(&self) -> &Game {
        &self.stage
    }

    /// The number of players.
    pub fn num_players(&self) -> usize {
        self.stage.num_players()
    }

    /// Player `i`'s discount factor `δ_i` (without the continuation probability).
    ///
    /// # Panics
    /// If `i` is not a player (`i >= num_players()`).
    pub fn discount(&self, i: usize) -> f64 {
        self.discount[i].to_f64().unwrap_or(f64::NAN)
    }

    /// Player `i`'s exact discount factor `δ_i`.
    ///
    /// # Panics
    /// If `i` is not a player.
    pub fn exact_discount(&self, i: usize) -> &BigRational {
        &self.discount[i]
    }

    /// The probability that play continues after each period (1 unless set).
    pub fn continuation(&self) -> f64 {
        self.continuation.to_f64().unwrap_or(f64::NAN)
    }

    /// The exact continuation probability.
    pub fn exact_continuation(&self) -> &BigRational {
        &self.continuation
    }

    /// The factor `δ_i · p` by which player `i` weights the next period.
    ///
    /// # Panics
    /// If `i` is not a player.
    pub fn effective_discount(&self, i: usize) -> f64 {
        self.exact_effective_discount(i)
            .to_f64()
            .unwrap_or(f64::NAN)
    }

    /// The exact factor `δ_i · p`.
    ///
    /// # Panics
    /// If `i` is not a player.
    pub fn exact_effective_discount(&self, i: usize) -> BigRational {
        &self.discount[i] * &self.continuation
    }

    /// The number of periods, or `None` for an infinitely repeated game.
    pub fn horizon(&self) -> Option<usize> {
        self.horizon
    }
}

/// One factor per player, each in `[0, 1)` (`[0, 1]` when `finite`).
fn check_discounts(stage: &Game, discount: &[BigRational], finite: bool) -> Result<()> {
    let n = stage.num_players();
    if discount.len() != n {
        return Err(Error::InvalidArgument(format!(
            "discount: {} factors for a {n}-player stage game; give one number, or one per player",
            discount.len()
        )));
    }
    for (i, d) in discount.iter().enumerate() {
        let above = if finite {
            *d > BigRational::one()
        } else {
            *d >= BigRational::one()
        };
        if d.is_negative() || above {
            let range = if finite {
                "[0, 1] over a finite horizon"
            } else {
                "[0, 1) for an infinitely repeated game (a finite horizon allows 1)"
            };
            return Err(Error::InvalidArgument(format!(
                "discount: player {}'s factor is {d}; give a factor in {range}",
                i + 1
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn pd() -> Game {
        Game::from_bimatrix(
            array![[3.0, 0.0], [5.0, 1.0]].view(),
            array![[3.0, 5.0], [0.0, 1.0]].view(),
        )
        .unwrap()
    }

    #[test]
    fn discount_factors_are_kept_as_the_simplest_rationals() {
        let rg = RepeatedGame::with_discounts(pd(), &[0.9, 1.0 / 3.0]).unwrap();
        assert_eq!(rg.exact_discount(0).to_string(), "9/10");
        assert_eq!(rg.exact_discount(1).to_string(), "1/3");
    }

    #[test]
    fn factors_outside_the_unit_interval_are_refused_with_the_argument_named() {
        for bad in [1.0, -0.1, f64::NAN, f64::INFINITY] {
            let err = RepeatedGame::new(pd(), bad).unwrap_err().to_string();
            assert!(err.contains("discount"), "{err}");
        }
        assert!(RepeatedGame::with_discounts(pd(), &[0.5]).is_err());
        let err = RepeatedGame::new(pd(), 0.5)
            .unwrap()
            .with_continuation(0.0)
            .unwrap_err();
        assert!(err.to_string().contains("continuation"));
    }

    #[test]
    fn a_finite_horizon_allows_undiscounted_sums() {
        let one = BigRational::one();
        let rg = RepeatedGame::finite(pd(), vec![one.clone(), one], 10).unwrap();
        assert_eq!((rg.discount(0), rg.horizon()), (1.0, Some(10)));
        assert!(RepeatedGame::finite(pd(), vec![BigRational::one(); 2], 0).is_err());
    }
}
