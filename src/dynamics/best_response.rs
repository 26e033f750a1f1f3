//! Best-response dynamics on pure profiles, with exact cycle detection.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{
    CHECK_EVERY, Run, StartKind, Starts, Trajectory, Update, check_max_iter, finish, run_all,
};
use crate::error::{Error, Result};
use crate::game::{Game, Profile};
use crate::interrupt;

/// Options of [`best_response`].
///
/// # Example
/// ```
/// use detente::dynamics::{BestResponseOptions, Update};
///
/// let o = BestResponseOptions { update: Update::Sequential, ..Default::default() };
/// assert_eq!(o.max_iter, 1000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BestResponseOptions {
    /// Simultaneous (all players at once) or sequential (round robin) updates.
    pub update: Update,
    /// The largest number of updates per run, at least 1.
    pub max_iter: usize,
    /// Record the visited profiles in [`Run::trajectory`].
    pub trajectory: bool,
}

impl Default for BestResponseOptions {
    fn default() -> Self {
        Self {
            update: Update::Simultaneous,
            max_iter: 1000,
            trajectory: false,
        }
    }
}

/// Best-response dynamics on pure profiles, from many starts in parallel.
///
/// At each update a player switches to a best response against the others' current actions.
/// **Ties**: a player whose current action is a best response keeps it; otherwise it takes the
/// lowest-indexed best response (payoffs compared exactly). The dynamic is therefore a
/// deterministic map, and a profile is left unchanged by every player exactly when it is a
/// pure Nash equilibrium.
///
/// * [`Update::Simultaneous`]: one update moves every player at once, each against the
///   current profile. The state is the profile.
/// * [`Update::Sequential`]: one update moves one player, in the order 0, 1, …, N−1, 0, …
///   The state is (profile, whose turn); the run converges once N players in a row keep
///   their action (so a start at an equilibrium reports N updates).
///
/// **Cycles** are detected exactly: every state is stored in a hash map, and the first
/// repeated state closes a cycle, reported in [`Run::cycle`] as the profiles of its states in
/// order. A simultaneous cycle is rotated to start at its smallest profile in C order (its
/// length is the period). A sequential cycle has a period that is a multiple of N; it is
/// rotated to start at the smallest profile among its states in which player 0 moves, so
/// entry `j` is the profile when player `j mod N` moves (consecutive entries repeat when the
/// mover keeps its action).
///
/// # Arguments
/// * `game` – any finite game.
/// * `starts` – random pure profiles, or given ones (each strategy a one-hot vector).
/// * `options` – update order, iteration cap, trajectory.
///
/// # Returns
/// One [`Run`] per start, in start order: `converged` (a pure equilibrium, `regret` exactly
/// 0) or a `cycle`, or neither after `max_iter` updates.
///
/// # Errors
/// [`Error::InvalidArgument`] for `max_iter = 0` or no starts; [`Error::InvalidProfile`] for a
/// given start that is not a pure profile of the game; [`Error::Interrupted`] if
/// it is stopped ([`interrupt`]) meanwhile.
///
/// # Complexity
/// `O(Σ n_i)` time per simultaneous update and `O(n_i)` per sequential one (payoffs are read
/// in place), `O(max_iter)` memory per run for the visited states.
///
/// # References
/// * A. Matsui, "Best response dynamics and socially stable strategies", *Journal of Economic
///   Theory* 57 (1992) 343–362.
/// * D. Monderer and L. S. Shapley, "Potential games", *Games and Economic Behavior* 14
///   (1996) 124–143 (sequential best responses reach a pure equilibrium in finite potential
///   games with strict improvements).
///
/// # Example
/// ```
/// use detente::dynamics::{self, BestResponseOptions, Starts};
/// use detente::Game;
/// use ndarray::array;
///
/// // Matching pennies: simultaneous best responses cycle through all four profiles.
/// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// let runs = dynamics::best_response(&g, &Starts::Random { count: 4, seed: 0 },
///                                    &BestResponseOptions::default())?;
/// for r in &runs {
///     assert_eq!(r.cycle, Some(vec![vec![0, 0], vec![0, 1], vec![1, 1], vec![1, 0]]));
/// }
/// # Ok::<(), detente::Error>(())
/// ```
pub fn best_response(
    game: &Game,
    starts: &Starts,
    options: &BestResponseOptions,
) -> Result<Vec<Run>> {
    check_max_iter(options.max_iter)?;
    let map = BrMap::new(game);
    run_all(game, starts, StartKind::Pure, |start| {
        let actions = pure_actions(game, &start)?;
        let path = match options.update {
            Update::Simultaneous => map.simultaneous(&actions, options.max_iter)?,
            Update::Sequential => map.sequential(&actions, options.max_iter)?,
        };
        let last = *path.states.last().expect("a path holds at least its start");
        let trajectory = if options.trajectory {
            let mut rows = Trajectory::with_rows(game, path.states.len())?;
            for &p in &path.states {
                rows.push(&map.profile(p));
            }
            Some(rows.into_rows()?)
        } else {
            None
        };
        let cycle = path
            .cycle
            .map(|c| c.iter().map(|&p| map.actions(p)).collect());
        finish(
            game,
            start,
            map.profile(last),
            path.converged,
            path.states.len() - 1,
            cycle,
            trajectory,
        )
    })
}

/// The action indices of a pure profile given as one-hot vectors.
fn pure_actions(game: &Game, start: &Profile) -> Result<Vec<usize>> {
    start
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let ones: Vec<usize> = (0..s.len()).filter(|&a| s[a] == 1.0).collect();
            match ones.as_slice() {
                [a] if s.iter().all(|&p| p == 0.0 || p == 1.0) => Ok(*a),
                _ => Err(Error::InvalidProfile(format!(
                    "best-response dynamics start from pure profiles, but player {} ({})'s \
                     strategy {s:?} is mixed; give one action (probability 1) per player",
                    i + 1,
                    game.players()[i]
                ))),
            }
        })
        .collect()
}

/// The states visited by one run (flat profile indices), and how it ended.
struct Path {
    states: Vec<usize>,
    converged: bool,
    cycle: Option<Vec<usize>>,
}

/// The best-response map, reading payoffs in place.
struct BrMap<'a> {
    data: &'a [f64],
    shape: &'a [usize],
    strides: Vec<usize>,
}

impl<'a> BrMap<'a> {
    fn new(game: &'a Game) -> Self {
        Self {
            data: game.payoff_slice(),
            shape: game.shape(),
            strides: game.profile_strides(),
        }
    }

    fn players(&self) -> usize {
        self.shape.len()
    }

    /// Player `i`'s response at flat profile `p`, where it plays `current`: `current` if it
    /// is a best response, else the lowest-indexed best response.
    fn respond(&self, p: usize, current: usize, i: usize) -> usize {
        let n = self.players();
        let stride = self.strides[i];
        let first = p - current * stride;
        let u = |a: usize| self.data[(first + a * stride) * n + i];
        let (mut best, mut value) = (current, u(current));
        for a in 0..self.shape[i] {
            let v = u(a);
            if v > value {
                (best, value) = (a, v);
            }
        }
        best
    }

    fn index(&self, actions: &[usize]) -> usize {
        actions.iter().zip(&self.strides).map(|(a, s)| a * s).sum()
    }

    fn actions(&self, p: usize) -> Vec<usize> {
        self.strides
            .iter()
            .zip(self.shape)
            .map(|(&s, &k)| (p / s) % k)
            .collect()
    }

    fn profile(&self, p: usize) -> Profile {
        self.actions(p)
            .iter()
            .zip(self.shape)
            .map(|(&a, &k)| (0..k).map(|b| f64::from(u8::from(a == b))).collect())
            .collect()
    }

    fn simultaneous(&self, start: &[usize], max_iter: usize) -> Result<Path> {
        let mut actions = start.to_vec();
        let mut p = self.index(&actions);
        let mut states = Vec::new();
        let mut seen: HashMap<usize, usize> = HashMap::new();
        for t in 0..=max_iter {
            if t % CHECK_EVERY == CHECK_EVERY - 1 {
                interrupt::check()?;
            }
            states.push(p);
            if let Some(s) = seen.insert(p, t) {
                let cycle = rotate_to_min(&states[s..t], 1);
                return Ok(Path {
                    states,
                    converged: false,
                    cycle: Some(cycle),
                });
            }
            let next: Vec<usize> = (0..self.players())
                .map(|i| self.respond(p, actions[i], i))
                .collect();
            if next == actions {
                return Ok(Path {
                    states,
                    converged: true,
                    cycle: None,
                });
            }
            if t == max_iter {
                break;
            }
            actions = next;
            p = self.index(&actions);
        }
        Ok(Path {
            states,
            converged: false,
            cycle: None,
        })
    }

    fn sequential(&self, start: &[usize], max_iter: usize) -> Result<Path> {
        let n = self.players();
        let mut actions = start.to_vec();
        let mut p = self.index(&actions);
        let mut states = Vec::new();
        let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
        let mut kept = 0;
        for t in 0..=max_iter {
            if t % CHECK_EVERY == CHECK_EVERY - 1 {
                interrupt::check()?;
            }
            states.push(p);
            if kept >= n {
                return Ok(Path {
                    states,
                    converged: true,
                    cycle: None,
                });
            }
            let turn = t % n;
            if let Some(s) = seen.insert((p, turn), t) {
                // The period t - s is a multiple of n, and state s + j has turn j mod n once
                // the cycle is rotated to a state with turn 0.
                let offset = (n - s % n) % n;
                let mut cycle = states[s..t].to_vec();
                cycle.rotate_left(offset);
                let cycle = rotate_to_min(&cycle, n);
                return Ok(Path {
                    states,
                    converged: false,
                    cycle: Some(cycle),
                });
            }
            if t == max_iter {
                break;
            }
            let b = self.respond(p, actions[turn], turn);
            if b == actions[turn] {
                kept += 1;
            } else {
                kept = 0;
                p = p + b * self.strides[turn] - actions[turn] * self.strides[turn];
                actions[turn] = b;
            }
        }
        Ok(Path {
            states,
            converged: false,
            cycle: None,
        })
    }
}

/// Rotates a cycle by a multiple of `step` so that it starts at its smallest entry among
/// positions `0, step, 2·step, …`.
fn rotate_to_min(cycle: &[usize], step: usize) -> Vec<usize> {
    let start = (0..cycle.len())
        .step_by(step)
        .min_by_key(|&k| cycle[k])
        .unwrap_or(0);
    let mut out = cycle.to_vec();
    out.rotate_left(start);
    out
}
