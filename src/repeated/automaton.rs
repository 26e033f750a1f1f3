//! [`Automaton`]: a player's strategy in a repeated game as a finite automaton.

use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

use crate::alliance::rational_value;
use crate::error::{Error, Result};

/// A strategy of a repeated game as a Moore machine: in each state the player plays a (possibly
/// mixed) action, then moves to the next state according to the action profile just observed.
///
/// The observed profile is seen **from the automaton's own seat**: its own action first, then
/// the other players' actions in seat order. `shape` gives the number of actions of each of
/// these (own first), and `transitions[s]` lists the next state for every observed profile in
/// row-major order of `shape`. So one tit-for-tat automaton plays either seat of a symmetric
/// game: it reacts to "the other player", whichever that is.
///
/// Output probabilities are kept exactly as rationals (a float is taken as the simplest rational
/// that rounds to it, so `0.1` is `1/10`); [`Automaton::output`] gives them as floats.
///
/// # Example
/// ```
/// use detente::repeated::Automaton;
///
/// // Tit-for-tat in a 2×2 game: state = the other player's last action (0 cooperate, 1 defect).
/// let tft = Automaton::pure(
///     vec!["C".into(), "D".into()],
///     vec![0, 1],
///     vec![vec![0, 1, 0, 1], vec![0, 1, 0, 1]],
///     vec![2, 2],
///     0,
/// )?;
/// assert_eq!(tft.next(0, &[0, 1]), 1); // the other defected: punish
/// assert_eq!(tft.next(1, &[1, 0]), 0); // the other cooperated: forgive
/// assert_eq!(tft.output(1), &[0.0, 1.0]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "AutomatonData", into = "AutomatonData")]
pub struct Automaton {
    data: AutomatonData,
    /// `data.output` as floats, for simulation.
    output: Vec<Vec<f64>>,
    /// Row-major strides of `data.shape`.
    strides: Vec<usize>,
}

/// The serialized form of an [`Automaton`], validated on the way in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AutomatonData {
    states: Vec<String>,
    output: Vec<Vec<BigRational>>,
    transitions: Vec<Vec<usize>>,
    shape: Vec<usize>,
    initial: usize,
}

impl TryFrom<AutomatonData> for Automaton {
    type Error = Error;

    fn try_from(data: AutomatonData) -> Result<Self> {
        Automaton::new(
            data.states,
            data.output,
            data.transitions,
            data.shape,
            data.initial,
        )
    }
}

impl From<Automaton> for AutomatonData {
    fn from(a: Automaton) -> Self {
        a.data
    }
}

impl Automaton {
    /// An automaton with exact mixed outputs: `output[s]` is a probability distribution over
    /// the player's own actions (`shape[0]` of them) in state `s`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the argument when there are no states, names repeat,
    /// an output is not a distribution over `shape[0]` actions, a transition row does not have
    /// one entry per observed profile or points to a missing state, `shape` is empty or has a
    /// zero, or `initial` is not a state.
    pub fn new(
        states: Vec<String>,
        output: Vec<Vec<BigRational>>,
        transitions: Vec<Vec<usize>>,
        shape: Vec<usize>,
        initial: usize,
    ) -> Result<Self> {
        let n = states.len();
        let bad = |what: &str, msg: String| Err(Error::InvalidArgument(format!("{what}: {msg}")));
        if n == 0 {
            return bad(
                "states",
                "no states; an automaton needs at least one".into(),
            );
        }
        for (i, s) in states.iter().enumerate() {
            if states[..i].contains(s) {
                return bad(
                    "states",
                    format!("the name {s:?} is used twice; give distinct names"),
                );
            }
        }
        if shape.is_empty() || shape.contains(&0) {
            return bad(
                "shape",
                format!(
                    "{shape:?}; give the number of actions of every player, own first, each at least 1"
                ),
            );
        }
        let profiles = shape
            .iter()
            .try_fold(1usize, |acc, &k| acc.checked_mul(k))
            .filter(|&p| p <= 1 << 24)
            .ok_or_else(|| {
                Error::InvalidArgument(format!("shape: {shape:?} has too many profiles"))
            })?;
        if output.len() != n {
            return bad(
                "output",
                format!(
                    "{} entries for {n} states; give one per state",
                    output.len()
                ),
            );
        }
        for (s, dist) in output.iter().enumerate() {
            if dist.len() != shape[0] {
                return bad(
                    "output",
                    format!(
                        "state {:?} has {} probabilities for {} own actions",
                        states[s],
                        dist.len(),
                        shape[0]
                    ),
                );
            }
            let total: BigRational = dist.iter().sum();
            if dist.iter().any(Signed::is_negative) || !total.is_one() {
                return bad(
                    "output",
                    format!(
                        "state {:?}'s probabilities must be non-negative and sum to 1",
                        states[s]
                    ),
                );
            }
        }
        if transitions.len() != n {
            return bad(
                "transitions",
                format!(
                    "{} rows for {n} states; give one per state",
                    transitions.len()
                ),
            );
        }
        for (s, row) in transitions.iter().enumerate() {
            if row.len() != profiles {
                return bad(
                    "transitions",
                    format!(
                        "state {:?} has {} entries; give one next state per observed profile ({profiles} for shape {shape:?})",
                        states[s],
                        row.len()
                    ),
                );
            }
            if let Some(&t) = row.iter().find(|&&t| t >= n) {
                return bad(
                    "transitions",
                    format!(
                        "state {:?} moves to state {t}, but there are only {n} states",
                        states[s]
                    ),
                );
            }
        }
        if initial >= n {
            return bad(
                "initial",
                format!("{initial} is not a state (there are {n})"),
            );
        }
        let floats = output
            .iter()
            .map(|d| d.iter().map(|p| p.to_f64().unwrap_or(0.0)).collect())
            .collect();
        let mut strides = vec![1; shape.len()];
        for k in (0..shape.len() - 1).rev() {
            strides[k] = strides[k + 1] * shape[k + 1];
        }
        Ok(Self {
            data: AutomatonData {
                states,
                output,
                transitions,
                shape,
                initial,
            },
            output: floats,
            strides,
        })
    }

    /// An automaton that plays action `actions[s]` for sure in state `s`.
    ///
    /// # Errors
    /// As [`Automaton::new`]; an action out of range is an error on `output`.
    pub fn pure(
        states: Vec<String>,
        actions: Vec<usize>,
        transitions: Vec<Vec<usize>>,
        shape: Vec<usize>,
        initial: usize,
    ) -> Result<Self> {
        let own = shape.first().copied().unwrap_or(0);
        if let Some(&a) = actions.iter().find(|&&a| a >= own) {
            return Err(Error::InvalidArgument(format!(
                "output: action {a} is out of range for {own} own actions"
            )));
        }
        let output = actions
            .iter()
            .map(|&a| {
                (0..own)
                    .map(|k| {
                        if k == a {
                            BigRational::one()
                        } else {
                            BigRational::zero()
                        }
                    })
                    .collect()
            })
            .collect();
        Self::new(states, output, transitions, shape, initial)
    }

    /// An automaton with float output probabilities, each taken as the simplest rational that
    /// rounds to it.
    ///
    /// # Errors
    /// As [`Automaton::new`]; non-finite probabilities are an error on `output`.
    pub fn from_float_output(
        states: Vec<String>,
        output: Vec<Vec<f64>>,
        transitions: Vec<Vec<usize>>,
        shape: Vec<usize>,
        initial: usize,
    ) -> Result<Self> {
        if output.iter().flatten().any(|p| !p.is_finite()) {
            return Err(Error::InvalidArgument(
                "output: probabilities must be finite numbers in [0, 1]".into(),
            ));
        }
        let exact = output
            .iter()
            .map(|d| d.iter().map(|&p| rational_value(p)).collect())
            .collect();
        Self::new(states, exact, transitions, shape, initial)
    }

    /// The number of states.
    pub fn num_states(&self) -> usize {
        self.data.states.len()
    }

    /// The names of the states.
    pub fn states(&self) -> &[String] {
        &self.data.states
    }

    /// The initial state.
    pub fn initial(&self) -> usize {
        self.data.initial
    }

    /// The numbers of actions of the observed profile: own first, then the others in seat order.
    pub fn shape(&self) -> &[usize] {
        &self.data.shape
    }

    /// The distribution over own actions played in `state`, as floats.
    ///
    /// # Panics
    /// If `state >= num_states()`.
    pub fn output(&self, state: usize) -> &[f64] {
        &self.output[state]
    }

    /// The exact distribution over own actions played in `state`.
    ///
    /// # Panics
    /// If `state >= num_states()`.
    pub fn exact_output(&self, state: usize) -> &[BigRational] {
        &self.data.output[state]
    }

    /// The action played for sure in `state`, or `None` if the output there is mixed.
    ///
    /// # Panics
    /// If `state >= num_states()`.
    pub fn pure_output(&self, state: usize) -> Option<usize> {
        self.data.output[state].iter().position(One::is_one)
    }

    /// Whether every state plays a pure action.
    pub fn is_pure(&self) -> bool {
        (0..self.num_states()).all(|s| self.pure_output(s).is_some())
    }

    /// The state after `state` when the observed profile (own action first) is `observed`.
    ///
    /// # Panics
    /// If `state` is not a state or `observed` does not fit [`Automaton::shape`].
    pub fn next(&self, state: usize, observed: &[usize]) -> usize {
        assert_eq!(
            observed.len(),
            self.strides.len(),
            "observed profile of the wrong length"
        );
        let index: usize = observed.iter().zip(&self.strides).map(|(a, s)| a * s).sum();
        self.data.transitions[state][index]
    }

    /// The transition table: `transitions()[s]` lists the next state for every observed profile
    /// in row-major order of [`Automaton::shape`].
    pub fn transitions(&self) -> &[Vec<usize>] {
        &self.data.transitions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grim() -> Automaton {
        Automaton::pure(
            vec!["c".into(), "p".into()],
            vec![0, 1],
            vec![vec![0, 1, 1, 1], vec![1; 4]],
            vec![2, 2],
            0,
        )
        .unwrap()
    }

    #[test]
    fn transitions_read_the_observed_profile_own_action_first() {
        let g = grim();
        assert_eq!(
            (g.next(0, &[0, 0]), g.next(0, &[1, 0]), g.next(0, &[0, 1])),
            (0, 1, 1)
        );
        assert_eq!(g.pure_output(1), Some(1));
        assert!(g.is_pure());
    }

    #[test]
    fn malformed_automata_are_refused_naming_the_argument() {
        let cases: Vec<(Result<Automaton>, &str)> = vec![
            (
                Automaton::pure(vec![], vec![], vec![], vec![2, 2], 0),
                "states",
            ),
            (
                Automaton::pure(
                    vec!["a".into(), "a".into()],
                    vec![0, 0],
                    vec![vec![0; 4]; 2],
                    vec![2, 2],
                    0,
                ),
                "states",
            ),
            (
                Automaton::pure(vec!["a".into()], vec![2], vec![vec![0; 4]], vec![2, 2], 0),
                "output",
            ),
            (
                Automaton::pure(vec!["a".into()], vec![0], vec![vec![0; 3]], vec![2, 2], 0),
                "transitions",
            ),
            (
                Automaton::pure(vec!["a".into()], vec![0], vec![vec![1; 4]], vec![2, 2], 0),
                "transitions",
            ),
            (
                Automaton::pure(vec!["a".into()], vec![0], vec![vec![0; 4]], vec![2, 2], 1),
                "initial",
            ),
            (
                Automaton::pure(vec!["a".into()], vec![0], vec![vec![]], vec![2, 0], 0),
                "shape",
            ),
            (
                Automaton::from_float_output(
                    vec!["a".into()],
                    vec![vec![0.5, 0.6]],
                    vec![vec![0; 4]],
                    vec![2, 2],
                    0,
                ),
                "output",
            ),
        ];
        for (result, what) in cases {
            let err = result.unwrap_err().to_string();
            assert!(err.contains(what), "{err} should name {what}");
        }
    }

    #[test]
    fn json_round_trips_and_is_validated() {
        let g = grim();
        let text = serde_json::to_string(&g).unwrap();
        assert_eq!(serde_json::from_str::<Automaton>(&text).unwrap(), g);
        let forged = text.replace("\"initial\":0", "\"initial\":7");
        assert!(serde_json::from_str::<Automaton>(&forged).is_err());
    }

    #[test]
    fn float_outputs_are_kept_as_simple_rationals() {
        let r = Automaton::from_float_output(
            vec!["r".into()],
            vec![vec![0.1, 0.9]],
            vec![vec![0; 4]],
            vec![2, 2],
            0,
        )
        .unwrap();
        assert_eq!(r.exact_output(0)[0].to_string(), "1/10");
        assert_eq!(r.pure_output(0), None);
    }
}
