//! Optimal commitment to a mixed strategy (strong Stackelberg equilibrium) in two-player games.

use serde::{Deserialize, Serialize};

use super::clean_distribution;
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::lp::{LinearProgram, Outcome, Relation};

/// How far (relative to the follower's largest absolute payoff) the follower action may fall short of a
/// best response to the leader's strategy before an LP answer is discarded.
const ACCEPT: f64 = 1e-9;

/// Leader values closer than this (relative to the leader's payoff range) count as ties, which
/// go to the lowest follower action.
const TIE: f64 = 1e-12;

/// The leader's optimal commitment and the follower's best response.
///
/// # Example
/// ```
/// use detente::solve::commitment;
/// use detente::Game;
/// use ndarray::array;
///
/// let g = Game::from_bimatrix(array![[1.0, 3.0], [0.0, 2.0]].view(),
///                             array![[1.0, 0.0], [0.0, 1.0]].view())?;
/// let c = commitment(&g, 0)?;
/// assert_eq!(c.leader, 0);
/// assert_eq!(c.payoffs.len(), 2);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    /// The committing player, 0 or 1.
    pub leader: usize,
    /// The leader's mixed strategy, a probability vector over its actions.
    pub leader_strategy: Vec<f64>,
    /// The follower's (pure) best response, chosen in the leader's favour among ties.
    pub follower_action: usize,
    /// Both players' expected payoffs (indexed by player, not by role), recomputed from the
    /// game.
    pub payoffs: Vec<f64>,
}

/// The leader's optimal mixed commitment in a two-player game: the strong Stackelberg
/// equilibrium.
///
/// The leader announces a mixed strategy `x` and the follower, seeing it, plays a best
/// response, breaking ties in the leader's favour. For each follower action `j` one LP finds
/// the best commitment that makes `j` a best response (Conitzer & Sandholm 2006):
/// `max Σ_i x_i L_ij` subject to `Σ_i x_i (F_ij − F_ij') >= 0` for every `j'`, `x` in the
/// simplex, where `L` and `F` are the leader's and follower's payoffs with the leader's action
/// as row. The best feasible `j` wins (ties: the lowest `j`). Payoffs are scaled by their
/// ranges for the LP; the strategy is cleaned (noise clipped, renormalised), discarded unless
/// `j` is a best response to it within `1e-9` of the follower's largest absolute payoff (tiny
/// weights are dropped if they are what breaks it), and the
/// payoffs are recomputed from the game.
///
/// Committing can only help the leader: its value is at least its payoff in any Nash
/// equilibrium (von Stengel & Zamir 2010).
///
/// # Arguments
/// * `game` – a two-player game.
/// * `leader` – the committing player, 0 or 1.
///
/// # Returns
/// A [`Commitment`] with the leader's strategy, the follower's action and both payoffs.
///
/// # Errors
/// [`Error::InvalidGame`] unless the game has two players; [`Error::InvalidArgument`] for a
/// leader other than 0 or 1; [`Error::Solver`] if the LP backend fails or finds no follower
/// action inducible; [`Error::Interrupted`] if it is stopped ([`interrupt`]) (checked
/// before each LP).
///
/// # Complexity
/// One LP per follower action, each with `m` variables and `n` rows for `m` leader and `n`
/// follower actions.
///
/// # References
/// * V. Conitzer and T. Sandholm, "Computing the optimal strategy to commit to", *ACM EC*
///   2006.
/// * B. von Stengel and S. Zamir, "Leadership games with convex strategy sets", *Games Econ.
///   Behav.* 69, 2010.
///
/// # Example
/// ```
/// use detente::solve::commitment;
/// use detente::Game;
/// use ndarray::array;
///
/// // Leader rows U, D; follower columns L, R. Pure commitment to U gets 1 (follower plays L),
/// // to D gets 2; mixing 1/2 U + 1/2 D keeps the follower (indifferent) on R and gets 2.5.
/// let g = Game::from_bimatrix(array![[1.0, 3.0], [0.0, 2.0]].view(),
///                             array![[1.0, 0.0], [0.0, 1.0]].view())?;
/// let c = commitment(&g, 0)?;
/// assert_eq!(c.follower_action, 1);
/// assert!((c.leader_strategy[0] - 0.5).abs() < 1e-9);
/// assert!((c.payoffs[0] - 2.5).abs() < 1e-9);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn commitment(game: &Game, leader: usize) -> Result<Commitment> {
    if game.num_players() != 2 {
        return Err(Error::InvalidGame(format!(
            "commitment needs a two-player game; this game has {} players",
            game.num_players()
        )));
    }
    if leader > 1 {
        return Err(Error::InvalidArgument(format!(
            "the leader must be player 0 or 1, got {leader}"
        )));
    }
    let follower = 1 - leader;
    let (m, n) = (game.shape()[leader], game.shape()[follower]);
    // Payoff of `who` when the leader plays i and the follower j.
    let pay = |who: usize, i: usize, j: usize| {
        let profile = if leader == 0 { [i, j] } else { [j, i] };
        game.pure_payoffs(&profile)[who]
    };
    let range = |who: usize| {
        let all = (0..m).flat_map(|i| (0..n).map(move |j| (i, j)));
        let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), (i, j)| {
            (l.min(pay(who, i, j)), h.max(pay(who, i, j)))
        });
        if hi > lo { hi - lo } else { 1.0 }
    };
    let (leader_range, follower_range) = (range(leader), range(follower));
    let follower_scale = (0..m)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .fold(0.0_f64, |s, (i, j)| s.max(pay(follower, i, j).abs()));

    let mut best: Option<(f64, usize, Vec<f64>)> = None;
    for j in 0..n {
        interrupt::check()?;
        let mut lp = LinearProgram::new();
        for i in 0..m {
            lp.add_variable(0.0, 1.0, pay(leader, i, j) / leader_range);
        }
        lp.add_dense_row(0, &vec![1.0; m], Relation::Eq, 1.0);
        for k in (0..n).filter(|&k| k != j) {
            let row: Vec<f64> = (0..m)
                .map(|i| (pay(follower, i, j) - pay(follower, i, k)) / follower_range)
                .collect();
            lp.add_dense_row(0, &row, Relation::Ge, 0.0);
        }
        let lp_x = match lp.maximise()? {
            Outcome::Optimal(s) => s.values,
            Outcome::Infeasible => continue,
            Outcome::Unbounded => {
                return Err(Error::Solver(format!(
                    "the commitment LP for follower action {j} is unbounded, which a bounded \
                     simplex cannot be"
                )));
            }
        };
        // Keep only a commitment that really makes j a best response (the backend is trusted
        // for nothing), dropping the LP's tiny weights if they are what breaks it.
        let makes_j_best = |x: &[f64]| {
            let follower_value = |k: usize| (0..m).map(|i| x[i] * pay(follower, i, k)).sum::<f64>();
            let target = follower_value(j);
            (0..n).all(|k| follower_value(k) <= target + ACCEPT * follower_scale)
        };
        let Some(x) = [0.0, 1e-9, 1e-7, 1e-6].into_iter().find_map(|threshold| {
            let mut x: Vec<f64> = lp_x
                .iter()
                .map(|&p| if p < threshold { 0.0 } else { p })
                .collect();
            clean_distribution(&mut x, "the commitment LP").ok()?;
            makes_j_best(&x).then_some(x)
        }) else {
            continue;
        };
        let value: f64 = (0..m).map(|i| x[i] * pay(leader, i, j)).sum();
        if best
            .as_ref()
            .is_none_or(|(v, _, _)| value > v + TIE * leader_range)
        {
            best = Some((value, j, x));
        }
    }
    let Some((_, follower_action, leader_strategy)) = best else {
        return Err(Error::Solver(
            "the commitment LPs found no follower action that is a best response to some \
             leader strategy, which cannot happen in an exact solve; the LP backend failed"
                .into(),
        ));
    };
    let follower_strategy: Vec<f64> = (0..n)
        .map(|k| f64::from(u8::from(k == follower_action)))
        .collect();
    let profile = if leader == 0 {
        vec![leader_strategy.clone(), follower_strategy]
    } else {
        vec![follower_strategy, leader_strategy.clone()]
    };
    let payoffs = game.payoff(&profile)?.to_vec();
    Ok(Commitment {
        leader,
        leader_strategy,
        follower_action,
        payoffs,
    })
}
