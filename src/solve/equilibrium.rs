//! The one result type of every equilibrium solver.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::game::Game;
use crate::io::{FromJson, ToJson};

/// A strategy profile returned by a solver, with the evidence to trust it.
///
/// `payoffs` and `regret` are computed from the game by [`Game::payoff`] and [`Game::regret`],
/// never taken from the solver, so `regret` is an independent certificate: 0 at an exact Nash
/// equilibrium, and the largest gain any player can get by deviating otherwise.
///
/// # Example
/// ```
/// use detente::{Equilibrium, Game};
/// use ndarray::array;
///
/// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// let eq = Equilibrium::new(&g, vec![vec![0.5, 0.5], vec![0.5, 0.5]], "hand")?;
/// assert_eq!(eq.regret, 0.0);
/// assert_eq!(eq.support(), vec![vec![0, 1], vec![0, 1]]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Equilibrium {
    /// One probability vector per player.
    pub strategies: Vec<Vec<f64>>,
    /// Each player's expected payoff.
    pub payoffs: Vec<f64>,
    /// The largest gain of a unilateral deviation (max over players of [`Game::regret`]).
    pub regret: f64,
    /// The solver that produced the profile, e.g. `"pure"`.
    pub method: String,
}

impl Equilibrium {
    /// Certifies a profile: validates it and computes its payoffs and regret from the game.
    ///
    /// # Errors
    /// [`crate::Error::InvalidProfile`] if the strategies do not fit the game.
    pub fn new(game: &Game, strategies: Vec<Vec<f64>>, method: impl Into<String>) -> Result<Self> {
        game.check_profile(&strategies)?;
        let (payoffs, regrets) = game.payoffs_and_regrets(&strategies);
        Ok(Self {
            strategies,
            payoffs: payoffs.to_vec(),
            regret: regrets.fold(0.0, |m: f64, &r| m.max(r)),
            method: method.into(),
        })
    }

    /// The actions each player plays with positive probability.
    pub fn support(&self) -> Vec<Vec<usize>> {
        self.strategies
            .iter()
            .map(|s| (0..s.len()).filter(|&a| s[a] > 0.0).collect())
            .collect()
    }

    /// Whether every player plays one action with probability 1.
    pub fn is_pure(&self) -> bool {
        self.support().iter().all(|s| s.len() == 1)
    }
}

// JSON, for one result and for a list (`io` sits below `solve`, so the impls live here).
impl ToJson for Equilibrium {}
impl FromJson for Equilibrium {}
impl ToJson for Vec<Equilibrium> {}
impl FromJson for Vec<Equilibrium> {}
