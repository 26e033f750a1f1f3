//! The subgame-perfection check of a profile of automata: [`RepeatedGame::is_spe`].
//!
//! The method is described on [`SpeCheck`].

use num_rational::BigRational;
use serde::{Deserialize, Serialize};

use super::chain::{Chain, Scalar, values};
use super::payoffs::MAX_FINITE_WORK;
use super::{Automaton, RepeatedGame};
use crate::error::{Error, Result};
use crate::format;
use crate::interrupt;
use crate::report::{Cell, Labels, Report, Table, Validate, check_index, invalid};

/// A profitable one-shot deviation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deviation {
    /// The joint state: the state (name) of each player's automaton.
    pub state: Vec<String>,
    /// The period (from 0) of a finite horizon; `None` over an infinite one.
    pub period: Option<usize>,
    /// The deviating player.
    pub player: usize,
    /// The action deviated to.
    pub action: usize,
    /// The gain: the best one-shot value minus the value of following the profile
    /// (normalised like the payoffs over an infinite horizon).
    pub gain: f64,
    /// The exact gain, when the stage payoffs are exact.
    pub gain_exact: Option<BigRational>,
}

/// The verdict of [`RepeatedGame::is_spe`].
///
/// By the one-shot deviation principle (Blackwell 1965; e.g. Mailath and Samuelson,
/// *Repeated Games and Reputations*, 2006, Prop. 2.2.1), a profile of a discounted repeated
/// game is subgame perfect exactly when no player gains by deviating in one period and then
/// following the profile again, after any history. A history matters only through the joint
/// state it leads to, and the histories lead exactly to the joint states reachable from the
/// initial one under arbitrary action profiles: those are the states checked, on the path and
/// off it. (Joint states outside that set are never reached after any history, so they are no
/// subgame and a deviation there must not fail the check; a reachable one left out would let
/// a profitable deviation after some off-path history pass.) In joint state `s`, player `i`'s one-shot value of action
/// `b` is
///
/// `Q_i(s, b) = E_{a_-i}[(1 - β_i) u_i(b, a_-i) + β_i V_i(next(s, (b, a_-i)))]`
///
/// and the profile passes when `max_b Q_i(s, b) = V_i(s)`: every action the automaton plays
/// there (its support) is a best one-shot reply and no other does better. Over a finite
/// horizon the check runs by backward induction over periods, with plain (not normalised)
/// sums, at each period in the joint states reachable in exactly that many periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeCheck {
    /// Whether the profile is a subgame-perfect equilibrium.
    pub is_spe: bool,
    /// The largest profitable one-shot deviation, when there is one.
    pub violation: Option<Deviation>,
    /// The smallest loss of a one-shot deviation to an action the automaton does not play
    /// (how close the profile is to failing; negative when such a deviation gains); `None`
    /// when no such action exists (every automaton state plays a fully mixed action).
    pub slack: Option<f64>,
    /// The exact slack, when the stage payoffs are exact.
    pub slack_exact: Option<BigRational>,
    /// The number of (period,) joint states checked.
    pub joint_states: usize,
    /// The number of periods, or `None` for an infinite horizon.
    pub horizon: Option<usize>,
}

impl RepeatedGame {
    /// Whether a profile of automata (one per player, in seat order) is a subgame-perfect
    /// equilibrium, by the one-shot deviation principle in every joint state reachable from
    /// the initial one under arbitrary action profiles (the subgames; see
    /// [`SpeCheck`]).
    ///
    /// Exact (rationals) when the stage payoffs are exact; with float payoffs a gain counts
    /// when it exceeds `1e-9` times the largest absolute stage payoff (at least `1e-9`).
    /// Works for any number of players and mixed outputs (every action in a mixed output's
    /// support must be a best one-shot reply). A finite horizon is checked by backward
    /// induction over its periods.
    ///
    /// # Errors
    /// As [`RepeatedGame::payoffs`]; a finite horizon is refused when periods × joint states
    /// × profiles is too large.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{Automaton, RepeatedGame};
    /// use detente::solve::BigRational;
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let r = |x: i64| BigRational::from_integer(x.into());
    /// let a = array![[r(3), r(0)], [r(5), r(1)]].into_dyn();
    /// let pd = Game::from_exact_player_arrays(&[a.view(), a.t()])?;
    /// let grim = Automaton::pure(vec!["c".into(), "p".into()], vec![0, 1],
    ///                            vec![vec![0, 1, 1, 1], vec![1; 4]], vec![2, 2], 0)?;
    /// assert!(RepeatedGame::new(pd.clone(), 0.6)?.is_spe(&[&grim, &grim])?.is_spe);
    /// let check = RepeatedGame::new(pd, 0.4)?.is_spe(&[&grim, &grim])?;
    /// let d = check.violation.unwrap();
    /// // At δ = 2/5, defecting once gains (1 - δ)·5 + δ·1 - 3 = 2/5.
    /// assert_eq!((d.state[0].as_str(), d.action), ("c", 1));
    /// assert_eq!(d.gain_exact.unwrap().to_string(), "2/5");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_spe(&self, strategies: &[&Automaton]) -> Result<SpeCheck> {
        let names: Vec<&[String]> = strategies.iter().map(|a| a.states()).collect();
        if self.stage().is_exact() {
            check::<BigRational>(self, strategies, &names)
        } else {
            check::<f64>(self, strategies, &names)
        }
    }
}

/// What the checks found so far.
struct Tally<T> {
    worst: Option<(T, Deviation)>,
    slack: Option<T>,
    scale: f64,
}

impl<T: Scalar> Tally<T> {
    /// Records the one-shot values `q` of player `i` against the value `v` of following.
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        q: &[T],
        v: &T,
        support: &[bool],
        i: usize,
        state: &[usize],
        names: &[&[String]],
        period: Option<usize>,
    ) {
        for (b, qb) in q.iter().enumerate() {
            let gain = qb.clone() - v.clone();
            if !support[b] {
                let loss = -gain.clone();
                if self.slack.as_ref().is_none_or(|s| loss < *s) {
                    self.slack = Some(loss);
                }
            }
            if gain.exceeds(self.scale) && self.worst.as_ref().is_none_or(|(g, _)| gain > *g) {
                let d = Deviation {
                    state: state
                        .iter()
                        .enumerate()
                        .map(|(j, &x)| names[j][x].clone())
                        .collect(),
                    period,
                    player: i,
                    action: b,
                    gain: gain.to_float(),
                    gain_exact: gain.exact(),
                };
                self.worst = Some((gain, d));
            }
        }
    }
}

/// Player `i`'s one-shot values in joint state `s`: `Σ p (now · u + β W(next))`.
fn one_shot<T: Scalar>(chain: &Chain<T>, s: usize, i: usize, now: &T, beta: &T, w: &[T]) -> Vec<T> {
    let others = chain.others(s, i);
    (0..chain.shape[i])
        .map(|b| {
            others.iter().fold(T::zero(), |acc, (base, p)| {
                let a = base + b * chain.strides[i];
                acc + p.clone()
                    * (now.clone() * chain.u[a * chain.n + i].clone()
                        + beta.clone() * w[chain.next(s, a)].clone())
            })
        })
        .collect()
}

fn check<T: Scalar>(
    rg: &RepeatedGame,
    strategies: &[&Automaton],
    names: &[&[String]],
) -> Result<SpeCheck> {
    let chain = Chain::<T>::new(rg, strategies)?;
    let n = chain.n;
    let m = chain.len();
    let betas: Vec<T> = (0..n)
        .map(|i| T::from_rational(&rg.exact_effective_discount(i)))
        .collect();
    let mut tally = Tally::<T> {
        worst: None,
        slack: None,
        scale: chain.scale,
    };
    let support = |s: usize, i: usize| -> Vec<bool> {
        chain.out[i][chain.states[s][i]]
            .iter()
            .map(|p| !p.is_zero())
            .collect()
    };
    let all: Vec<usize> = (0..m).collect();
    let checked = match rg.horizon() {
        None => {
            for (i, beta) in betas.iter().enumerate() {
                let v = values(&chain, &all, i, beta)?;
                let now = T::one() - beta.clone();
                for s in 0..m {
                    interrupt::check()?;
                    let q = one_shot(&chain, s, i, &now, beta, &v);
                    tally.record(&q, &v[s], &support(s, i), i, &chain.states[s], names, None);
                }
            }
            m
        }
        Some(periods) => finite(&chain, &betas, periods, names, &mut tally, &support)?,
    };
    let slack = tally.slack.as_ref().map(Scalar::to_float);
    let slack_exact = tally.slack.as_ref().and_then(Scalar::exact);
    Ok(SpeCheck {
        is_spe: tally.worst.is_none(),
        violation: tally.worst.map(|(_, d)| d),
        slack,
        slack_exact,
        joint_states: checked,
        horizon: rg.horizon(),
    })
}

/// Backward induction over `periods`: at period `t` the joint states reachable in exactly
/// `t` periods are checked against the sums `W_{T-t-1}` of the periods left after it.
/// Returns the number of (period, joint state) pairs checked.
fn finite<T: Scalar>(
    chain: &Chain<T>,
    betas: &[T],
    periods: usize,
    names: &[&[String]],
    tally: &mut Tally<T>,
    support: &dyn Fn(usize, usize) -> Vec<bool>,
) -> Result<usize> {
    let m = chain.len();
    let work = periods.saturating_mul(m).saturating_mul(chain.num_profiles);
    let limit = if T::EXACT {
        MAX_FINITE_WORK >> 6
    } else {
        MAX_FINITE_WORK
    };
    if work > limit {
        return Err(Error::InvalidArgument(format!(
            "horizon: {periods} periods × {m} joint states × {} profiles is more work than the \
             {limit} steps a finite-horizon check takes; give a shorter horizon",
            chain.num_profiles
        )));
    }
    // layers[t]: the joint states reachable in exactly t periods.
    let mut layers: Vec<Vec<usize>> = vec![vec![0]];
    let mut mark = vec![usize::MAX; m];
    for t in 1..periods {
        interrupt::check()?;
        let mut next = Vec::new();
        for &s in &layers[t - 1] {
            for a in 0..chain.num_profiles {
                let x = chain.next(s, a);
                if mark[x] != t {
                    mark[x] = t;
                    next.push(x);
                }
            }
        }
        layers.push(next);
    }
    let n = chain.n;
    let one = T::one();
    // w[i][s]: player i's sum over the periods left after the current one.
    let mut w = vec![vec![T::zero(); m]; n];
    let mut checked = 0;
    for t in (0..periods).rev() {
        interrupt::check()?;
        let mut next = vec![vec![T::zero(); m]; n];
        for &s in &layers[t] {
            checked += 1;
            for (i, beta) in betas.iter().enumerate() {
                let q = one_shot(chain, s, i, &one, beta, &w[i]);
                let dist = &chain.out[i][chain.states[s][i]];
                let v = q
                    .iter()
                    .zip(dist)
                    .fold(T::zero(), |acc, (x, p)| acc + x.clone() * p.clone());
                tally.record(&q, &v, &support(s, i), i, &chain.states[s], names, Some(t));
                next[i][s] = v;
            }
        }
        w = next;
    }
    Ok(checked)
}

impl Report for SpeCheck {
    fn summary(&self, labels: &Labels) -> String {
        let scope = match self.horizon {
            Some(t) => format!(
                "{} (period, joint state) pairs over {t} periods",
                self.joint_states
            ),
            None => format!("{} joint states", self.joint_states),
        };
        let slack = match (&self.slack_exact, self.slack) {
            (Some(x), _) => format!("; slack {}", format::rational(x)),
            (None, Some(x)) => format!("; slack {}", format::number(x)),
            _ => String::new(),
        };
        match &self.violation {
            None => format!("subgame perfect: no profitable one-shot deviation in {scope}{slack}"),
            Some(d) => {
                let gain = d
                    .gain_exact
                    .as_ref()
                    .map_or_else(|| format::number(d.gain), format::rational);
                let when = d
                    .period
                    .map_or(String::new(), |t| format!(" in period {t}"));
                format!(
                    "not subgame perfect: in joint state ({}){when} {} gains {gain} by playing {}",
                    d.state.join(", "),
                    labels.player(d.player),
                    labels.action(d.player, d.action)
                )
            }
        }
    }

    /// One row: `is_spe`, and the violation's `state`, `period`, `player`, `deviation`,
    /// `gain`, `gain_exact`, then `slack`, `slack_exact`.
    fn table(&self, labels: &Labels) -> Table {
        let mut t = Table::new([
            "is_spe",
            "state",
            "period",
            "player",
            "deviation",
            "gain",
            "gain_exact",
            "slack",
            "slack_exact",
        ]);
        let exact = |x: &Option<BigRational>| x.clone().map_or(Cell::Missing, Cell::Exact);
        let d = self.violation.as_ref();
        t.push(vec![
            self.is_spe.into(),
            d.map_or(Cell::Missing, |d| d.state.join(", ").into()),
            d.and_then(|d| d.period).map_or(Cell::Missing, Cell::from),
            d.map_or(Cell::Missing, |d| labels.player(d.player).into()),
            d.map_or(Cell::Missing, |d| labels.action(d.player, d.action).into()),
            d.map_or(Cell::Missing, |d| d.gain.into()),
            d.map_or(Cell::Missing, |d| exact(&d.gain_exact)),
            self.slack.map_or(Cell::Missing, Cell::from),
            exact(&self.slack_exact),
        ]);
        t
    }
}

impl Validate for SpeCheck {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        if self.is_spe != self.violation.is_none() {
            return Err(invalid(
                "is_spe",
                "must be true exactly when there is no violation",
            ));
        }
        if let Some(d) = &self.violation {
            let n = labels.players.len();
            check_index("violation: the player", d.player, n)?;
            check_index(
                "violation: the action",
                d.action,
                labels.actions[d.player].len(),
            )?;
            if d.state.len() != n {
                return Err(invalid("violation", "must name one state per player"));
            }
            if !(d.gain.is_finite() && d.gain > 0.0) {
                return Err(invalid("violation", "must have a finite positive gain"));
            }
        }
        Ok(())
    }
}
