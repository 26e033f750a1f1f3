//! Players and strategies as a user writes them (an index, a name or label, a probability
//! vector), resolved against a game with one set of error messages for every front end.

use super::{Game, Profile};
use crate::error::{Error, Result};

/// A player as a user names it: an index (negative counts from the end, as in Python) or
/// the player's name.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerSpec {
    /// A 0-based index; `-1` is the last player.
    Index(i64),
    /// A player name.
    Name(String),
}

/// One player's strategy as a user writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum StrategySpec {
    /// A pure strategy by 0-based action index.
    Action(i64),
    /// A pure strategy by action label.
    Label(String),
    /// A mixed strategy: one probability per action.
    Mixed(Vec<f64>),
}

impl From<&str> for PlayerSpec {
    fn from(name: &str) -> Self {
        Self::Name(name.into())
    }
}

impl From<i64> for PlayerSpec {
    fn from(i: i64) -> Self {
        Self::Index(i)
    }
}

impl From<&str> for StrategySpec {
    fn from(label: &str) -> Self {
        Self::Label(label.into())
    }
}

impl From<i64> for StrategySpec {
    fn from(a: i64) -> Self {
        Self::Action(a)
    }
}

impl From<Vec<f64>> for StrategySpec {
    fn from(p: Vec<f64>) -> Self {
        Self::Mixed(p)
    }
}

impl Game {
    /// The index of a player given by index or name.
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] for an unknown name or an index out of range.
    ///
    /// # Example
    /// ```
    /// use detente::game::PlayerSpec;
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?
    ///     .with_players(["Inspector", "Evader"])?;
    /// assert_eq!(g.resolve_player(&"Evader".into())?, 1);
    /// assert_eq!(g.resolve_player(&PlayerSpec::Index(-2))?, 0);
    /// assert!(g.resolve_player(&"Smuggler".into()).is_err());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn resolve_player(&self, player: &PlayerSpec) -> Result<usize> {
        let n = self.num_players();
        match player {
            PlayerSpec::Name(name) => {
                self.players()
                    .iter()
                    .position(|p| p == name)
                    .ok_or_else(|| {
                        Error::InvalidProfile(format!(
                            "no player is named {name:?}; the players are {:?}",
                            self.players()
                        ))
                    })
            }
            &PlayerSpec::Index(i) => {
                let j = if i < 0 { i + n as i64 } else { i };
                usize::try_from(j).ok().filter(|&j| j < n).ok_or_else(|| {
                    Error::InvalidProfile(format!(
                        "player index {i} is out of range for a {n}-player game"
                    ))
                })
            }
        }
    }

    /// One player's strategy as a probability vector.
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] for an unknown label or an action out of range; a mixed
    /// strategy is checked by [`Game::resolve_profile`] / [`Game::check_profile`].
    pub fn resolve_strategy(&self, player: usize, strategy: &StrategySpec) -> Result<Vec<f64>> {
        self.check_player(player)?;
        let n = self.shape()[player];
        let who = format!("player {} ({})", player + 1, self.players()[player]);
        let unit = |a: usize| (0..n).map(|b| if a == b { 1.0 } else { 0.0 }).collect();
        match strategy {
            StrategySpec::Label(label) => {
                self.action_index(player, label).map(unit).ok_or_else(|| {
                    Error::InvalidProfile(format!(
                        "{who} has no action labelled {label:?}; the labels are {:?}",
                        self.actions()[player]
                    ))
                })
            }
            &StrategySpec::Action(a) => usize::try_from(a)
                .ok()
                .filter(|&a| a < n)
                .map(unit)
                .ok_or_else(|| {
                    Error::InvalidProfile(format!(
                        "{who} has {n} actions, so action {a} is out of range (0 to {})",
                        n - 1
                    ))
                }),
            StrategySpec::Mixed(p) => Ok(p.clone()),
        }
    }

    /// A whole profile, one strategy per player, validated by [`Game::check_profile`].
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] naming the player and what to fix.
    ///
    /// # Example
    /// ```
    /// use detente::game::StrategySpec;
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                             array![[3.0, 5.0], [0.0, 1.0]].view())?
    ///     .with_actions(vec![vec!["C", "D"], vec!["C", "D"]])?;
    /// let p = g.resolve_profile(&["D".into(), StrategySpec::Mixed(vec![0.5, 0.5])])?;
    /// assert_eq!(p, vec![vec![0.0, 1.0], vec![0.5, 0.5]]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn resolve_profile(&self, strategies: &[StrategySpec]) -> Result<Profile> {
        if strategies.len() != self.num_players() {
            // check_profile words this error.
            let empty: Vec<Vec<f64>> = vec![Vec::new(); strategies.len()];
            self.check_profile(&empty)?;
        }
        let profile = strategies
            .iter()
            .enumerate()
            .map(|(i, s)| self.resolve_strategy(i, s))
            .collect::<Result<Profile>>()?;
        self.check_profile(&profile)?;
        Ok(profile)
    }
}
