//! Player names and action labels: defaults, validation, and the serialised form of a game.

use ndarray::{ArrayD, IxDyn};
use num_rational::BigRational;
use serde::{Deserialize, Serialize};

use super::Game;
use crate::error::{Error, Result};

/// `"P1"`, `"P2"`, … for `n` players.
pub(super) fn default_players(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("P{i}")).collect()
}

/// `"a1"`, `"a2"`, … for `n` actions (one-based, as players are `"P1"`, `"P2"`, …).
pub(super) fn default_actions(n: usize) -> Vec<String> {
    (1..=n).map(|a| format!("a{a}")).collect()
}

/// Checks that no two players share a name (players are looked up by name).
pub(super) fn check_players(players: &[String]) -> Result<()> {
    for (i, name) in players.iter().enumerate() {
        if let Some(j) = players[..i].iter().position(|p| p == name) {
            return Err(Error::InvalidGame(format!(
                "players {} and {} are both named {name:?}; player names must be distinct",
                j + 1,
                i + 1
            )));
        }
    }
    Ok(())
}

/// Checks one label list per player, of the right lengths, without repeats.
pub(super) fn check_actions(
    actions: &[Vec<String>],
    shape: &[usize],
    players: &[String],
) -> Result<()> {
    if actions.len() != shape.len() {
        return Err(Error::InvalidGame(format!(
            "action labels were given for {} players, but the game has {}",
            actions.len(),
            shape.len()
        )));
    }
    for (i, (labels, &n)) in actions.iter().zip(shape).enumerate() {
        if labels.len() != n {
            return Err(Error::InvalidGame(format!(
                "player {} ({}) has {n} actions but {} labels were given",
                i + 1,
                players[i],
                labels.len()
            )));
        }
        for (a, label) in labels.iter().enumerate() {
            if let Some(b) = labels[..a].iter().position(|l| l == label) {
                return Err(Error::InvalidGame(format!(
                    "player {} ({}) has the label {label:?} on actions {b} and {a}; action labels \
                     must be unique per player",
                    i + 1,
                    players[i]
                )));
            }
        }
    }
    Ok(())
}

/// The JSON form of a [`Game`]: plain fields, validated on the way in.
#[derive(Serialize, Deserialize)]
pub(super) struct RawGame {
    title: String,
    players: Vec<String>,
    actions: Vec<Vec<String>>,
    /// Action counts `(n_1, …, n_N)`.
    shape: Vec<usize>,
    /// The payoff tensor flattened in C order (player index fastest).
    payoffs: Vec<f64>,
    /// Whether the payoffs were given exactly (absent: `false`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    exact: bool,
    /// The exact payoffs as `"p/q"` strings, in the order of `payoffs`, when some payoff is
    /// not a float (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exact_payoffs: Option<Vec<String>>,
}

impl From<Game> for RawGame {
    fn from(g: Game) -> Self {
        let shape = g.shape().to_vec();
        let payoffs = g.payoff_slice().to_vec();
        let exact = g.is_exact();
        let exact_payoffs = match &g.exact {
            super::exact::Exactness::Rational(values) => {
                Some(values.iter().map(crate::format::rational).collect())
            }
            _ => None,
        };
        Self {
            title: g.title,
            players: g.players,
            actions: g.actions,
            shape,
            payoffs,
            exact,
            exact_payoffs,
        }
    }
}

impl TryFrom<RawGame> for Game {
    type Error = Error;

    fn try_from(raw: RawGame) -> Result<Self> {
        let n = raw.shape.len();
        let profiles = Game::checked_size(&raw.shape)?;
        if raw.payoffs.len() != profiles * n {
            return Err(Error::InvalidGame(format!(
                "a game of shape {:?} needs {} payoffs, but {} were given",
                raw.shape,
                profiles * n,
                raw.payoffs.len()
            )));
        }
        let mut full = raw.shape;
        full.push(n);
        let game = match raw.exact_payoffs {
            Some(values) => {
                if values.len() != raw.payoffs.len() {
                    return Err(Error::InvalidGame(format!(
                        "exact_payoffs has {} entries, but payoffs has {}; give one exact \
                         value per payoff",
                        values.len(),
                        raw.payoffs.len()
                    )));
                }
                let values = values
                    .iter()
                    .enumerate()
                    .map(|(k, v)| {
                        v.parse::<BigRational>().map_err(|e| {
                            Error::InvalidGame(format!(
                                "exact_payoffs[{k}] is {v:?}, not a fraction like \"-2/7\" ({e})"
                            ))
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Game::new_exact(
                    ArrayD::from_shape_vec(IxDyn(&full), values)
                        .map_err(|e| Error::InvalidGame(e.to_string()))?,
                )?
            }
            None => {
                let game = Game::new(
                    ArrayD::from_shape_vec(IxDyn(&full), raw.payoffs)
                        .map_err(|e| Error::InvalidGame(e.to_string()))?,
                )?;
                if raw.exact {
                    game.with_exact_floats()
                } else {
                    game
                }
            }
        };
        game.with_players(raw.players)?
            .with_actions(raw.actions)
            .map(|g| g.with_title(raw.title))
    }
}
