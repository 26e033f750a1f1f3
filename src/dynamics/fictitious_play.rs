//! Fictitious play: each player best-responds to the others' empirical mixtures.

use serde::{Deserialize, Serialize};

use super::{
    CHECK_EVERY, Run, StartKind, Starts, Trajectory, Update, argmax, check_max_iter,
    check_trajectories, finish, run_all,
};
use crate::error::Result;
use crate::game::{Game, Profile};
use crate::interrupt;

/// Options of [`fictitious_play`].
///
/// # Example
/// ```
/// use detente::dynamics::FictitiousPlayOptions;
///
/// let o = FictitiousPlayOptions { tol: 1e-2, ..Default::default() };
/// assert_eq!(o.max_iter, 10_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FictitiousPlayOptions {
    /// Simultaneous updates (Brown's original), or sequential ones (alternating: each player
    /// in turn responds to the beliefs just updated by the previous players).
    pub update: Update,
    /// The largest number of updates per run, at least 1.
    pub max_iter: usize,
    /// Stop once the max regret of the empirical profile is at most `tol` (finite, `>= 0`).
    pub tol: f64,
    /// Record the empirical profile after every update in [`Run::trajectory`].
    pub trajectory: bool,
}

impl Default for FictitiousPlayOptions {
    fn default() -> Self {
        Self {
            update: Update::Simultaneous,
            max_iter: 10_000,
            tol: 1e-3,
            trajectory: false,
        }
    }
}

/// Fictitious play (Brown 1951) from many starts in parallel.
///
/// Each player keeps the empirical mixture `x_i` of its past actions, counting the start as
/// one observation: after `t` updates, `x_i = (start_i + Σ e_{b_i(s)}) / (t + 1)`. At each
/// update a player plays a pure best response `b_i` to the others' empirical mixtures (the
/// lowest-indexed one on ties) and its mixture moves by `1/(t + 2)` towards it. The run
/// converges when the max regret of the empirical profile is at most `tol`.
///
/// In two-player zero-sum games the empirical mixtures converge to the equilibria (Robinson
/// 1951), also in 2×2 games (Miyasawa 1961) and potential games (Monderer & Shapley 1996);
/// in general they need not: in Shapley's 1964 3×3 game they cycle forever, so the run stops
/// after `max_iter` updates with `converged = false`.
///
/// # Method
/// Beliefs are kept as counts, and each player's action values against the others' counts are
/// kept up to date. For two players they are updated incrementally: when the column player
/// plays `b`, column `b` of the row player's matrix (stored contiguously) is added to the row
/// player's unnormalised values, so an update costs `O(n_1 + n_2)` additions and the regret
/// check one pass over each player's values. For more players the values are recomputed by an
/// exact contraction of the payoff tensor. The regret used by the stopping rule comes from these
/// values and is confirmed by [`Game::max_regret`] before a run is declared converged.
///
/// # Arguments
/// * `game` – any finite game.
/// * `starts` – random interior mixed profiles, or given mixed profiles (the initial beliefs).
/// * `options` – update order, iteration cap, tolerance, trajectory.
///
/// # Returns
/// One [`Run`] per start, in start order, its `strategies` the empirical profile.
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for `max_iter = 0`, a negative or non-finite `tol`, no
/// starts, or trajectories that would exceed 8 GiB or the memory available;
/// [`crate::Error::InvalidGame`] for payoffs too large to add
/// ([`Game::check_payoff_scale`]); [`crate::Error::InvalidProfile`] for a given start that
/// does not fit the game;
/// [`crate::Error::Interrupted`] if it is stopped ([`interrupt`]) meanwhile.
///
/// # Complexity
/// Per update: `O(n_1 + n_2)` for two players; `O(N · Π n_k)` for `N > 2` players.
///
/// # References
/// * G. W. Brown, "Iterative solution of games by fictitious play", in *Activity Analysis of
///   Production and Allocation*, Wiley, 1951, 374–376.
/// * J. Robinson, "An iterative method of solving a game", *Annals of Mathematics* 54 (1951)
///   296–301.
/// * L. S. Shapley, "Some topics in two-person games", *Advances in Game Theory*, Annals of
///   Mathematics Studies 52 (1964) 1–28.
///
/// # Example
/// ```
/// use detente::dynamics::{self, FictitiousPlayOptions, Starts};
/// use detente::Game;
/// use ndarray::array;
///
/// // Rock-paper-scissors: the empirical mixtures approach (1/3, 1/3, 1/3).
/// let rps = Game::zero_sum(array![[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]].view())?;
/// let options = FictitiousPlayOptions { tol: 0.05, max_iter: 100_000, ..Default::default() };
/// let runs = dynamics::fictitious_play(&rps, &Starts::Random { count: 8, seed: 3 }, &options)?;
/// assert!(runs.iter().all(|r| r.converged && r.regret <= 0.05));
/// # Ok::<(), detente::Error>(())
/// ```
pub fn fictitious_play(
    game: &Game,
    starts: &Starts,
    options: &FictitiousPlayOptions,
) -> Result<Vec<Run>> {
    check_max_iter(options.max_iter)?;
    crate::game::check_tolerance(options.tol)?;
    game.check_payoff_scale("fictitious play")?;
    let columns = (game.num_players() == 2).then(|| Columns::new(game));
    if options.trajectory {
        check_trajectories(game, starts, options.max_iter.saturating_add(1))?;
    }
    run_all(game, starts, StartKind::Interior, |start| {
        play(game, columns.as_ref(), start, options)
    })
}

/// For two players: `m[0]` holds the row player's payoffs column by column (`m[0][b·n_1 + a]
/// = u_1(a, b)`), `m[1]` the column player's row by row (`m[1][a·n_2 + b] = u_2(a, b)`), so
/// the values of player `i` against the other's pure action `c` are `m[i][c·n_i..][..n_i]`.
struct Columns {
    m: [Vec<f64>; 2],
}

impl Columns {
    fn new(game: &Game) -> Self {
        let (n0, n1) = (game.shape()[0], game.shape()[1]);
        let data = game.payoff_slice();
        let m0 = (0..n1)
            .flat_map(|b| (0..n0).map(move |a| data[(a * n1 + b) * 2]))
            .collect();
        let m1 = (0..n0 * n1).map(|p| data[p * 2 + 1]).collect();
        Self { m: [m0, m1] }
    }

    /// Player `i`'s values against the other's pure action `c`.
    fn values(&self, i: usize, c: usize, n_i: usize) -> &[f64] {
        &self.m[i][c * n_i..(c + 1) * n_i]
    }
}

/// The beliefs as counts, and every player's action values against them.
///
/// Player `i`'s empirical mixture is `c[i] / total[i]` (the start counts as one observation).
/// `v[i]` holds its action values scaled by `scale(i)`: for two players the unnormalised sums
/// `Σ_b c[j][b] · u_i(·, b)` (an update adds one column, no multiplications), for more
/// players the exact values against the mixtures (scale 1).
struct Beliefs<'a> {
    game: &'a Game,
    columns: Option<&'a Columns>,
    c: Profile,
    total: Vec<f64>,
    v: Vec<Vec<f64>>,
    /// Each player's best response (lowest index) against `v`, filled by [`Beliefs::regret`].
    best: Vec<usize>,
}

impl<'a> Beliefs<'a> {
    fn new(game: &'a Game, columns: Option<&'a Columns>, start: Profile) -> Self {
        let total = start.iter().map(|s| s.iter().sum()).collect();
        let mut b = Self {
            game,
            columns,
            best: vec![0; start.len()],
            c: start,
            total,
            v: Vec::new(),
        };
        b.refresh();
        b
    }

    /// The empirical profile.
    fn mixtures(&self) -> Profile {
        self.c
            .iter()
            .zip(&self.total)
            .map(|(c, &t)| c.iter().map(|x| x / t).collect())
            .collect()
    }

    /// Player `i`'s values are stored multiplied by this.
    fn scale(&self, i: usize) -> f64 {
        if self.columns.is_some() {
            self.total[1 - i]
        } else {
            1.0
        }
    }

    /// Recomputes player `i`'s values exactly against the mixtures `x`.
    fn refresh_player(&mut self, i: usize, x: &Profile) {
        let scale = self.scale(i);
        self.v[i] = self
            .game
            .action_values_serial(i, x)
            .iter()
            .map(|q| q * scale)
            .collect();
    }

    /// Recomputes every player's values exactly.
    fn refresh(&mut self) {
        let x = self.mixtures();
        self.v = vec![Vec::new(); self.c.len()];
        for i in 0..self.c.len() {
            self.refresh_player(i, &x);
        }
    }

    /// The max regret of the empirical profile, from the stored values, in one pass per
    /// player that also records each player's best response.
    fn regret(&mut self) -> f64 {
        let mut regret: f64 = 0.0;
        for i in 0..self.c.len() {
            let (c, v) = (&self.c[i], &self.v[i]);
            let (mut best, mut top, mut dot) = (0, v[0], 0.0);
            for (a, (&p, &q)) in c.iter().zip(v).enumerate() {
                dot += p * q;
                if q > top {
                    (best, top) = (a, q);
                }
            }
            self.best[i] = best;
            let r = (top - dot / self.total[i]) / self.scale(i);
            regret = regret.max(r);
        }
        regret
    }

    /// Player `i` plays its pure action `b`; for two players the other's values follow
    /// incrementally (the caller refreshes them otherwise).
    fn play(&mut self, i: usize, b: usize) {
        self.c[i][b] += 1.0;
        self.total[i] += 1.0;
        if let Some(columns) = self.columns {
            let j = 1 - i;
            let column = columns.values(j, b, self.v[j].len());
            for (q, &u) in self.v[j].iter_mut().zip(column) {
                *q += u;
            }
        }
    }

    /// One update, after [`Beliefs::regret`] has recorded the best responses.
    fn update(&mut self, update: Update) {
        let n = self.c.len();
        let two = self.columns.is_some();
        match update {
            Update::Simultaneous => {
                for i in 0..n {
                    self.play(i, self.best[i]);
                }
            }
            Update::Sequential => {
                for i in 0..n {
                    if i > 0 && !two {
                        let x = self.mixtures();
                        self.refresh_player(i, &x);
                    }
                    // Player 0's best response is current; later players respond to the
                    // counts just updated (argmax does not depend on the scale).
                    let b = if i == 0 {
                        self.best[0]
                    } else {
                        argmax(&self.v[i])
                    };
                    self.play(i, b);
                }
            }
        }
        if !two {
            self.refresh();
        }
    }
}

fn play(
    game: &Game,
    columns: Option<&Columns>,
    start: Profile,
    options: &FictitiousPlayOptions,
) -> Result<Run> {
    let mut beliefs = Beliefs::new(game, columns, start.clone());
    let mut trajectory = Trajectory::for_run(options.trajectory, game, options.max_iter)?;
    let mut converged = false;
    let mut iterations = 0;
    for t in 0..=options.max_iter {
        if t % CHECK_EVERY == CHECK_EVERY - 1 {
            interrupt::check()?;
        }
        iterations = t;
        if let Some(rows) = trajectory.as_mut() {
            rows.push(&beliefs.mixtures());
        }
        if beliefs.regret() <= options.tol {
            if super::certified_regret(game, &beliefs.mixtures())? <= options.tol {
                converged = true;
                break;
            }
            // Rounding in the stored values: start again from exact ones.
            beliefs.refresh();
            beliefs.regret();
        }
        if t == options.max_iter {
            break;
        }
        beliefs.update(options.update);
    }
    finish(
        game,
        start,
        beliefs.mixtures(),
        converged,
        iterations,
        None,
        trajectory.map(Trajectory::into_rows).transpose()?,
    )
}
