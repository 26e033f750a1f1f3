//! Round-robin tournaments of automata (Axelrod 1984), in parallel and reproducibly.
//!
//! # What is played
//! Every *match* is a group of strategies, one per seat of the stage game: every pair for a
//! two-player stage game (and every strategy against a copy of itself when
//! [`TournamentOptions::self_play`]), every group of `n` (a multiset when self-play is on)
//! for an `n`-player one. Each strategy plays every seat, so every player of the stage game
//! must have the same number of actions and every automaton must be built for that shape;
//! payoffs may differ between seats. Each match is played in every distinct seating, and a
//! strategy's result in the match is its mean over the seatings and its seats; when every
//! seating gives the same play in distribution, one is enough and only one is played: a
//! symmetric stage game (payoffs unchanged by any permutation of the players) with two
//! players, or with more players when every automaton treats the others alike (its
//! transitions are unchanged by permuting the others' actions; an automaton observes the
//! others in seat order, which a seating changes).
//! Each match is played [`TournamentOptions::repetitions`] times.
//!
//! In each turn every automaton plays the action of its state (drawn from its distribution
//! when mixed); with probability [`TournamentOptions::noise`] that action is then flipped
//! (replaced by another action drawn uniformly; in a 2-action game, the other action); every
//! automaton observes the actions as played, after the flips, and moves to its next state.
//!
//! # Scores
//! A player's payoff in a match is its **mean payoff per turn** (Axelrod's normalised
//! score), or with [`TournamentOptions::discount`] `δ` its discounted mean
//! `Σ δ^t u_t / Σ δ^t` over the turns played, both on the scale of stage payoffs. With
//! [`TournamentOptions::continuation`] `p` each match lasts a geometric number of turns
//! (`P(L = t) = p^(t-1) (1 − p)`, mean `1 / (1 − p)`) cut at `turns`, as in the `axelrod`
//! package (whose `prob_end` is `1 − p`).
//!
//! A strategy's **score** in a repetition is its mean over its matches against other
//! strategies (self-play matches are left out, as in Axelrod's results); the **ranking** is by
//! median score over the repetitions (Axelrod's rule), ties broken by mean score, then by
//! the order given. **Wins** count the (match, repetition) pairs in which the strategy's
//! payoff is strictly above every other strategy's in the match. The **cooperation rate**
//! is the share of its turns, in matches against others, in which it played action 0.
//! The **payoff matrix** holds the mean per-turn payoff of the row strategy against the
//! column strategy (over repetitions, seatings and seats), the diagonal from self-play
//! (missing without it); with more than two players, entry `(i, j)` averages the matches of
//! `i` in which `j` is among the others.
//!
//! # Reproducibility
//! Match `m`'s repetition `r` draws its random numbers from its own splitmix64 stream,
//! derived from `(seed, m, r)`: results do not depend on the number of threads or on how
//! rayon spreads the matches.
//!
//! # References
//! * R. Axelrod, *The Evolution of Cooperation*, Basic Books, 1984.
//! * V. Knight et al., "An open reproducible framework for the study of the iterated
//!   prisoner's dilemma", *Journal of Open Research Software* 4 (2016).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Automaton;
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::progress;
use crate::report::{Cell, Labels, Report, Table, Validate, invalid};
use crate::rng::SplitMix64;

/// The most (match, seating, repetition) simulations a tournament keeps results for.
pub const MAX_SIMULATIONS: usize = 10_000_000;

/// The most turns a tournament simulates in all (expected, with random lengths).
pub const MAX_TOTAL_TURNS: f64 = 1e11;

/// Options of [`tournament`].
///
/// # Example
/// ```
/// use detente::repeated::TournamentOptions;
///
/// let o = TournamentOptions { noise: 0.05, ..Default::default() };
/// assert_eq!((o.turns, o.repetitions, o.self_play), (200, 20, true));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TournamentOptions {
    /// Turns per match (at least 1); with a continuation probability, the longest match.
    pub turns: usize,
    /// Times each match is played (at least 1).
    pub repetitions: usize,
    /// Probability in `[0, 1]` that each action is flipped after it is chosen.
    pub noise: f64,
    /// Seed of the random streams.
    pub seed: u64,
    /// Discount factor in `(0, 1]` weighting turn `t` by `δ^t`; `None` for plain means.
    pub discount: Option<f64>,
    /// Probability in `(0, 1]` that a match goes on after each turn; `None` for matches of
    /// exactly `turns` turns.
    pub continuation: Option<f64>,
    /// Whether each strategy also plays a copy of itself (the payoff matrix's diagonal).
    pub self_play: bool,
    /// Ignored, kept so that code and JSON that set it still work: a tournament reports
    /// the matches played through [`crate::progress`] (the Python bindings draw a progress
    /// bar from it) and never writes to standard error.
    pub progress: bool,
}

impl Default for TournamentOptions {
    fn default() -> Self {
        Self {
            turns: 200,
            repetitions: 20,
            noise: 0.0,
            seed: 0,
            discount: None,
            continuation: None,
            self_play: true,
            progress: false,
        }
    }
}

/// The results of a [`tournament`]: scores per repetition, ranking, wins, cooperation rates
/// and the payoff matrix, with the options it was played with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tournament {
    /// The strategies' names, in the order given.
    pub names: Vec<String>,
    /// The options the tournament was played with.
    pub options: TournamentOptions,
    /// `scores[i][r]`: strategy `i`'s mean per-turn payoff over its matches against others in
    /// repetition `r`.
    pub scores: Vec<Vec<f64>>,
    /// Strategy indices, best first (by median score, then mean score, then order given).
    pub ranking: Vec<usize>,
    /// Matches won (strictly highest payoff in the match), summed over repetitions.
    pub wins: Vec<usize>,
    /// Share of turns in which each strategy played action 0 in its matches against others.
    pub cooperation_rate: Vec<f64>,
    /// `payoff_matrix[i][j]`: mean per-turn payoff of `i` against `j` (`None` where they never
    /// met: the diagonal without self-play).
    pub payoff_matrix: Vec<Vec<Option<f64>>>,
    /// Turns simulated in all.
    pub turns_played: u64,
}

impl Tournament {
    /// Each strategy's median score over the repetitions.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{strategies, tournament, TournamentOptions};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let t = tournament(&[strategies::cooperate(), strategies::defect()], &pd,
    ///                    &TournamentOptions::default())?;
    /// assert_eq!(t.median_scores(), [0.0, 5.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn median_scores(&self) -> Vec<f64> {
        self.scores.iter().map(|s| median(s)).collect()
    }

    /// Each strategy's mean score over the repetitions.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{strategies, tournament, TournamentOptions};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let t = tournament(&[strategies::tit_for_tat(), strategies::defect()], &pd,
    ///                    &TournamentOptions::default())?;
    /// assert!((t.mean_scores()[0] - 199.0 / 200.0).abs() < 1e-12);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn mean_scores(&self) -> Vec<f64> {
        self.scores
            .iter()
            .map(|s| s.iter().sum::<f64>() / s.len().max(1) as f64)
            .collect()
    }

    /// The payoff matrix as floats, `NaN` where two strategies never met.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{strategies, tournament, TournamentOptions};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let options = TournamentOptions { self_play: false, ..Default::default() };
    /// let t = tournament(&[strategies::cooperate(), strategies::defect()], &pd, &options)?;
    /// assert!(t.payoff_matrix_f64()[0][0].is_nan());
    /// assert_eq!(t.payoff_matrix_f64()[1][0], 5.0);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn payoff_matrix_f64(&self) -> Vec<Vec<f64>> {
        self.payoff_matrix
            .iter()
            .map(|row| row.iter().map(|x| x.unwrap_or(f64::NAN)).collect())
            .collect()
    }

    /// Renames the strategies (one distinct name each).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `names` when there is not one per strategy or two
    /// are equal.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{strategies, tournament, TournamentOptions};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let t = tournament(&[strategies::cooperate(), strategies::defect()], &pd,
    ///                    &TournamentOptions::default())?
    ///     .with_names(vec!["Dove".into(), "Hawk".into()])?;
    /// assert_eq!(t.names[t.ranking[0]], "Hawk");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn with_names(mut self, names: Vec<String>) -> Result<Self> {
        check_names(&names, self.names.len())?;
        self.names = names;
        Ok(self)
    }

    /// The pairwise payoffs as a tidy table: one row per (strategy, opponent) pair that met,
    /// with columns `strategy`, `opponent`, `payoff`.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{strategies, tournament, TournamentOptions};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let t = tournament(&[strategies::cooperate(), strategies::defect()], &pd,
    ///                    &TournamentOptions::default())?;
    /// assert_eq!(t.pairwise_table().rows.len(), 4);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn pairwise_table(&self) -> Table {
        let mut table = Table::new(["strategy", "opponent", "payoff"]);
        for (i, row) in self.payoff_matrix.iter().enumerate() {
            for (j, x) in row.iter().enumerate() {
                if let Some(x) = x {
                    table.push(vec![
                        self.names[i].clone().into(),
                        self.names[j].clone().into(),
                        (*x).into(),
                    ]);
                }
            }
        }
        table
    }
}

/// The median of `values` (the mean of the two middle ones for an even count); `NaN` when
/// empty.
fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn check_names(names: &[String], n: usize) -> Result<()> {
    if names.len() != n {
        return Err(Error::InvalidArgument(format!(
            "names: {} names for {n} strategies; give one per strategy",
            names.len()
        )));
    }
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            return Err(Error::InvalidArgument(format!(
                "names: {name:?} is used twice; give distinct names"
            )));
        }
    }
    Ok(())
}

impl Report for Tournament {
    fn summary(&self, _labels: &Labels) -> String {
        let o = &self.options;
        let medians = self.median_scores();
        let top: Vec<String> = self
            .ranking
            .iter()
            .take(5)
            .enumerate()
            .map(|(r, &i)| {
                format!(
                    "{}. {} {}",
                    r + 1,
                    self.names[i],
                    crate::format::number(medians[i])
                )
            })
            .collect();
        let more = if self.ranking.len() > 5 { ", …" } else { "" };
        let mut how = format!(
            "{} strategies, {} turns × {} repetitions, noise {}",
            self.names.len(),
            o.turns,
            o.repetitions,
            crate::format::number(o.noise)
        );
        if let Some(d) = o.discount {
            how += &format!(", discount {}", crate::format::number(d));
        }
        if let Some(p) = o.continuation {
            how += &format!(", continuation {}", crate::format::number(p));
        }
        format!("{how}; median scores {}{more}", top.join(", "))
    }

    fn table(&self, _labels: &Labels) -> Table {
        let mut table = Table::new([
            "rank",
            "strategy",
            "median_score",
            "mean_score",
            "wins",
            "cooperation_rate",
        ]);
        let (medians, means) = (self.median_scores(), self.mean_scores());
        for (r, &i) in self.ranking.iter().enumerate() {
            table.push(vec![
                Cell::from(r + 1),
                self.names[i].clone().into(),
                medians[i].into(),
                means[i].into(),
                self.wins[i].into(),
                self.cooperation_rate[i].into(),
            ]);
        }
        table
    }
}

impl Validate for Tournament {
    fn check_fields(&self, _labels: &Labels) -> Result<()> {
        let n = self.names.len();
        check_names(&self.names, n).map_err(|e| invalid("names", e))?;
        let reps = self.options.repetitions;
        if self.scores.len() != n || self.scores.iter().any(|s| s.len() != reps) {
            return Err(invalid(
                "scores",
                "must have one row per strategy and one column per repetition",
            ));
        }
        if self.scores.iter().flatten().any(|x| !x.is_finite()) {
            return Err(invalid("scores", "must be finite numbers"));
        }
        let mut seen = vec![false; n];
        for &i in &self.ranking {
            if i >= n || std::mem::replace(&mut seen[i], true) {
                return Err(invalid("ranking", "must list every strategy once"));
            }
        }
        if self.ranking.len() != n || self.wins.len() != n || self.cooperation_rate.len() != n {
            return Err(invalid(
                "ranking, wins and cooperation_rate",
                "must have one entry per strategy",
            ));
        }
        if self
            .cooperation_rate
            .iter()
            .any(|c| !(0.0..=1.0).contains(c))
        {
            return Err(invalid("cooperation_rate", "must be in [0, 1]"));
        }
        if self.payoff_matrix.len() != n
            || self.payoff_matrix.iter().any(|r| r.len() != n)
            || self
                .payoff_matrix
                .iter()
                .flatten()
                .flatten()
                .any(|x| !x.is_finite())
        {
            return Err(invalid(
                "payoff_matrix",
                "must be square with one row per strategy and finite entries",
            ));
        }
        Ok(())
    }
}

/// An automaton flattened for simulation: integer states, thresholds on 64-bit draws.
struct Compiled {
    /// The action of each state, or `u32::MAX` when mixed.
    pure: Vec<u32>,
    /// Per state, `k` cumulative thresholds on a uniform `u64` (mixed states only).
    cumulative: Vec<u64>,
    /// Per state, the next state for every observed profile (own action first).
    next: Vec<u32>,
    profiles: usize,
    initial: u32,
}

impl Compiled {
    fn new(a: &Automaton) -> Self {
        let k = a.shape()[0];
        let profiles: usize = a.shape().iter().product();
        let mut pure = Vec::with_capacity(a.num_states());
        let mut cumulative = Vec::with_capacity(a.num_states() * k);
        for s in 0..a.num_states() {
            pure.push(a.pure_output(s).map_or(u32::MAX, |x| x as u32));
            let mut total = 0.0;
            for (j, p) in a.output(s).iter().enumerate() {
                total += p;
                cumulative.push(if j + 1 == k {
                    u64::MAX
                } else {
                    threshold(total)
                });
            }
        }
        Self {
            pure,
            cumulative,
            next: a
                .transitions()
                .iter()
                .flatten()
                .map(|&t| t as u32)
                .collect(),
            profiles,
            initial: a.initial() as u32,
        }
    }

    /// The action of `state`, drawing from `rng` when it is mixed.
    #[inline(always)]
    fn act(&self, state: u32, k: usize, rng: &mut SplitMix64) -> usize {
        let a = self.pure[state as usize];
        if a != u32::MAX {
            return a as usize;
        }
        let u = rng.next_u64();
        let row = &self.cumulative[state as usize * k..(state as usize + 1) * k];
        row.iter().position(|&c| u < c).unwrap_or(k - 1)
    }

    #[inline(always)]
    fn step(&self, state: u32, observed: usize) -> u32 {
        self.next[state as usize * self.profiles + observed]
    }
}

/// `p · 2^64` as a threshold on a uniform `u64` (`u < threshold` with probability `p`).
fn threshold(p: f64) -> u64 {
    if p >= 1.0 {
        u64::MAX
    } else if p <= 0.0 {
        0
    } else {
        (p * 18_446_744_073_709_551_616.0) as u64
    }
}

/// How noise flips actions.
#[derive(Clone, Copy)]
struct Noise {
    threshold: u64,
    always: bool,
}

impl Noise {
    #[inline(always)]
    fn apply(self, a: usize, k: usize, rng: &mut SplitMix64) -> usize {
        if self.threshold == 0 && !self.always {
            return a;
        }
        if k == 1 {
            // No other action to flip to.
            return a;
        }
        if self.always || rng.next_u64() < self.threshold {
            if k == 2 {
                1 - a
            } else {
                (a + 1 + rng.below(k - 1)) % k
            }
        } else {
            a
        }
    }
}

/// One seat's result in one simulated match.
#[derive(Clone, Copy, Default)]
struct Seat {
    /// Mean (or discounted mean) payoff per turn.
    payoff: f64,
    /// Turns in which the seat played action 0.
    cooperations: u64,
    turns: u64,
}

/// Everything a simulation needs, shared by all of them.
struct Setup<'a> {
    automata: Vec<Compiled>,
    /// Stage payoffs, flat: `payoffs[profile * n + player]`.
    payoffs: &'a [f64],
    n: usize,
    k: usize,
    noise: Noise,
    discount: Option<f64>,
    continuation: Option<f64>,
    turns: usize,
}

impl Setup<'_> {
    /// The number of turns of one match.
    fn length(&self, rng: &mut SplitMix64) -> usize {
        match self.continuation {
            Some(p) if p < 1.0 => {
                let draws = (rng.open01().ln() / p.ln()).floor();
                if draws.is_finite() && draws < self.turns as f64 {
                    1 + draws as usize
                } else {
                    self.turns
                }
                .min(self.turns)
            }
            _ => self.turns,
        }
    }

    /// Plays one match of the strategies `seating` (one per seat) with the stream `rng`.
    fn play(&self, seating: &[usize], rng: &mut SplitMix64) -> Result<Vec<Seat>> {
        let turns = self.length(rng);
        if self.n == 2 {
            return self.play_two(seating[0], seating[1], turns, rng);
        }
        let (n, k) = (self.n, self.k);
        let players: Vec<&Compiled> = seating.iter().map(|&s| &self.automata[s]).collect();
        let mut state: Vec<u32> = players.iter().map(|a| a.initial).collect();
        let mut actions = vec![0usize; n];
        let mut seats = vec![Seat::default(); n];
        let mut sums = vec![0.0; n];
        let (mut weight, mut total_weight) = (1.0, 0.0);
        for t in 0..turns {
            if t & 0xFFFF == 0xFFFF {
                interrupt::check()?;
            }
            for i in 0..n {
                let a = players[i].act(state[i], k, rng);
                actions[i] = self.noise.apply(a, k, rng);
            }
            let profile = actions.iter().fold(0, |acc, &a| acc * k + a);
            let u = &self.payoffs[profile * n..(profile + 1) * n];
            for i in 0..n {
                sums[i] += weight * u[i];
                seats[i].cooperations += u64::from(actions[i] == 0);
                // The profile seen from seat i: own action first, the others in seat order.
                let mut observed = actions[i];
                for (j, &a) in actions.iter().enumerate() {
                    if j != i {
                        observed = observed * k + a;
                    }
                }
                state[i] = players[i].step(state[i], observed);
            }
            total_weight += weight;
            if let Some(d) = self.discount {
                weight *= d;
            }
        }
        for (seat, sum) in seats.iter_mut().zip(sums) {
            seat.payoff = sum / total_weight;
            seat.turns = turns as u64;
        }
        Ok(seats)
    }

    /// [`Setup::play`] for two players: no allocation, two states in registers.
    fn play_two(
        &self,
        x: usize,
        y: usize,
        turns: usize,
        rng: &mut SplitMix64,
    ) -> Result<Vec<Seat>> {
        let (a, b) = (&self.automata[x], &self.automata[y]);
        let k = self.k;
        let (mut s, mut t) = (a.initial, b.initial);
        let (mut sum_a, mut sum_b) = (0.0, 0.0);
        let (mut coop_a, mut coop_b) = (0u64, 0u64);
        let u = self.payoffs;
        let mut total_weight = 0.0;
        if let Some(d) = self.discount {
            let mut weight = 1.0;
            for turn in 0..turns {
                if turn & 0xFFFF == 0xFFFF {
                    interrupt::check()?;
                }
                let i = self.noise.apply(a.act(s, k, rng), k, rng);
                let j = self.noise.apply(b.act(t, k, rng), k, rng);
                let p = 2 * (i * k + j);
                sum_a += weight * u[p];
                sum_b += weight * u[p + 1];
                coop_a += u64::from(i == 0);
                coop_b += u64::from(j == 0);
                s = a.step(s, i * k + j);
                t = b.step(t, j * k + i);
                total_weight += weight;
                weight *= d;
            }
        } else {
            for turn in 0..turns {
                if turn & 0xFFFF == 0xFFFF {
                    interrupt::check()?;
                }
                let i = self.noise.apply(a.act(s, k, rng), k, rng);
                let j = self.noise.apply(b.act(t, k, rng), k, rng);
                let p = 2 * (i * k + j);
                sum_a += u[p];
                sum_b += u[p + 1];
                coop_a += u64::from(i == 0);
                coop_b += u64::from(j == 0);
                s = a.step(s, i * k + j);
                t = b.step(t, j * k + i);
            }
            total_weight = turns as f64;
        }
        let seat = |sum: f64, cooperations| Seat {
            payoff: sum / total_weight,
            cooperations,
            turns: turns as u64,
        };
        Ok(vec![seat(sum_a, coop_a), seat(sum_b, coop_b)])
    }
}

/// Whether permuting the players leaves the stage game unchanged (checked on the adjacent
/// transpositions, which generate all permutations).
fn is_symmetric(game: &Game) -> bool {
    let (n, shape) = (game.num_players(), game.shape());
    if shape.iter().any(|&k| k != shape[0]) {
        return false;
    }
    let k = shape[0];
    let u = game.payoff_slice();
    let strides = game.profile_strides();
    (0..n.saturating_sub(1)).all(|i| {
        (0..game.num_profiles()).all(|p| {
            let (ai, aj) = ((p / strides[i]) % k, (p / strides[i + 1]) % k);
            let q =
                p - ai * strides[i] - aj * strides[i + 1] + aj * strides[i] + ai * strides[i + 1];
            (0..n).all(|j| {
                let swapped = if j == i {
                    i + 1
                } else if j == i + 1 {
                    i
                } else {
                    j
                };
                u[p * n + j] == u[q * n + swapped]
            })
        })
    })
}

/// Whether `automaton`'s transitions are unchanged by any permutation of the other players'
/// actions (checked on adjacent transpositions of the others, which generate them all).
fn is_anonymous(automaton: &Automaton) -> bool {
    let shape = automaton.shape();
    let n = shape.len();
    let mut strides = vec![1; n];
    for k in (0..n.saturating_sub(1)).rev() {
        strides[k] = strides[k + 1] * shape[k + 1];
    }
    let profiles = strides[0] * shape[0];
    automaton.transitions().iter().all(|row| {
        (1..n.saturating_sub(1)).all(|i| {
            shape[i] == shape[i + 1]
                && (0..profiles).all(|p| {
                    let (x, y) = ((p / strides[i]) % shape[i], (p / strides[i + 1]) % shape[i]);
                    let q = p - x * strides[i] - y * strides[i + 1]
                        + y * strides[i]
                        + x * strides[i + 1];
                    row[p] == row[q]
                })
        })
    })
}

/// The groups of `n` strategies out of `count` (non-decreasing index lists; with
/// `repeat`, an index may appear several times).
fn groups(count: usize, n: usize, repeat: bool) -> Vec<Vec<usize>> {
    fn extend(
        prefix: &mut Vec<usize>,
        from: usize,
        count: usize,
        n: usize,
        repeat: bool,
        out: &mut Vec<Vec<usize>>,
    ) {
        if prefix.len() == n {
            out.push(prefix.clone());
            return;
        }
        for s in from..count {
            prefix.push(s);
            extend(
                prefix,
                if repeat { s } else { s + 1 },
                count,
                n,
                repeat,
                out,
            );
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    extend(&mut Vec::with_capacity(n), 0, count, n, repeat, &mut out);
    out
}

/// The distinct orderings of `group` (sorted), in lexicographic order.
fn seatings(group: &[usize]) -> Vec<Vec<usize>> {
    let mut current = group.to_vec();
    let mut out = vec![current.clone()];
    // Next permutation in lexicographic order.
    loop {
        let Some(i) = (0..current.len().saturating_sub(1))
            .rev()
            .find(|&i| current[i] < current[i + 1])
        else {
            return out;
        };
        let j = (i + 1..current.len())
            .rev()
            .find(|&j| current[j] > current[i])
            .unwrap_or(i + 1);
        current.swap(i, j);
        current[i + 1..].reverse();
        out.push(current.clone());
    }
}

/// `C(a, b)` as a float (an estimate for budget checks).
fn binomial(a: usize, b: usize) -> f64 {
    if b > a {
        return 0.0;
    }
    (0..b).fold(1.0, |acc, i| acc * (a - i) as f64 / (i + 1) as f64)
}

/// Checks the options and the strategies against the stage game.
fn check(strategies: &[Automaton], stage: &Game, o: &TournamentOptions) -> Result<()> {
    let bad = |msg: String| Err(Error::InvalidArgument(msg));
    if strategies.len() < 2 {
        return bad(format!(
            "strategies: {} given; a tournament needs at least 2",
            strategies.len()
        ));
    }
    if o.turns == 0 {
        return bad("turns: 0; give at least 1 turn per match".into());
    }
    if o.repetitions == 0 {
        return bad("repetitions: 0; give at least 1".into());
    }
    if !(0.0..=1.0).contains(&o.noise) {
        return bad(format!(
            "noise: {} is not a probability; give the chance in [0, 1] that an action is flipped",
            o.noise
        ));
    }
    if let Some(d) = o.discount
        && !(d > 0.0 && d <= 1.0)
    {
        return bad(format!("discount: {d}; give a discount factor in (0, 1]"));
    }
    if let Some(p) = o.continuation
        && !(p > 0.0 && p <= 1.0)
    {
        return bad(format!(
            "continuation: {p}; give the probability in (0, 1] that a match goes on after each turn"
        ));
    }
    let shape = stage.shape();
    let (n, k) = (stage.num_players(), shape[0]);
    if n < 2 {
        return Err(Error::InvalidGame(
            "a tournament needs a stage game with at least 2 players".into(),
        ));
    }
    if shape.iter().any(|&x| x != k) {
        return Err(Error::InvalidGame(format!(
            "every strategy plays every seat, so every player needs the same number of actions; the stage game has shape {shape:?}"
        )));
    }
    let largest = stage
        .payoff_slice()
        .iter()
        .fold(0.0f64, |m, x| m.max(x.abs()));
    if !(largest * o.turns as f64).is_finite() {
        return Err(Error::InvalidGame(format!(
            "payoffs as large as {largest:e} summed over {} turns overflow; rescale the stage game",
            o.turns
        )));
    }
    for (i, a) in strategies.iter().enumerate() {
        if a.shape() != shape {
            return bad(format!(
                "strategies[{i}] is built for profiles of shape {:?}, but the stage game has shape {shape:?}",
                a.shape()
            ));
        }
        if a.num_states() >= u32::MAX as usize {
            return bad(format!("strategies[{i}] has too many states"));
        }
    }
    if !o.self_play && strategies.len() < n {
        return bad(format!(
            "strategies: {} for a {n}-player stage game without self-play; give at least {n} or allow self_play",
            strategies.len()
        ));
    }
    Ok(())
}

/// The expected number of turns of one match.
fn expected_length(o: &TournamentOptions) -> f64 {
    match o.continuation {
        Some(p) if p < 1.0 => (1.0 - p.powf(o.turns as f64)) / (1.0 - p),
        _ => o.turns as f64,
    }
}

/// Plays a round-robin tournament of `strategies` in the stage game `stage` (see the
/// [module docs](self) for the rules and the scores).
///
/// Progress: one unit per simulated match (group, seating and repetition) to the counters of
/// [`crate::progress`], with the total known from the start.
///
/// # Arguments
/// * `strategies` – at least two automata, each built for the stage game's shape (own
///   action first), which must be the same for every seat.
/// * `stage` – the stage game, with any number of players and the same number of actions
///   for each.
/// * `options` – turns, repetitions, noise, seed, discounting, random ending, self-play.
///
/// # Returns
/// A [`Tournament`] with strategies named `S1`, `S2`, … ([`Tournament::with_names`] renames
/// them).
///
/// # Errors
/// [`Error::InvalidArgument`] for fewer than two strategies, an automaton of the wrong
/// shape, `turns` or `repetitions` of 0, `noise` outside `[0, 1]`, a discount or
/// continuation outside `(0, 1]`, or a tournament above [`MAX_SIMULATIONS`] simulated
/// matches or [`MAX_TOTAL_TURNS`] turns (refused before anything is allocated);
/// [`Error::InvalidGame`] for a stage game whose players have different numbers of actions;
/// [`Error::Interrupted`] when stopped ([`interrupt`]).
///
/// # Complexity
/// `O(M · R · T · n²)` time for `M` matches (seatings), `R` repetitions and `T` turns,
/// spread over rayon's threads; `O(M · R · n)` memory for the results.
///
/// # Example
/// ```
/// use detente::repeated::{strategies, tournament, TournamentOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let field = [strategies::tit_for_tat(), strategies::defect(), strategies::cooperate()];
/// let t = tournament(&field, &pd, &TournamentOptions::default())?;
/// // TFT against always-defect: suckered once, then mutual defection.
/// assert!((t.payoff_matrix[0][1].unwrap() - 199.0 / 200.0).abs() < 1e-12);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn tournament(
    strategies: &[Automaton],
    stage: &Game,
    options: &TournamentOptions,
) -> Result<Tournament> {
    check(strategies, stage, options)?;
    let (n, k, count) = (stage.num_players(), stage.shape()[0], strategies.len());
    let reps = options.repetitions;
    // One seating suffices when every seating gives the same play in distribution: a
    // symmetric stage game, and with more than two players automata that treat the other
    // players alike (they observe the others in seat order, which a seating changes).
    let symmetric = is_symmetric(stage) && (n == 2 || strategies.iter().all(is_anonymous));
    // Budget, before allocating: groups × seatings × repetitions.
    let group_count = if options.self_play {
        binomial(count + n - 1, n)
    } else {
        binomial(count, n)
    };
    let seatings_bound = if symmetric {
        1.0
    } else {
        (1..=n).map(|x| x as f64).product::<f64>()
    };
    let simulations = group_count * seatings_bound * reps as f64;
    if simulations * n as f64 > MAX_SIMULATIONS as f64 {
        return Err(Error::InvalidArgument(format!(
            "strategies and repetitions: {count} strategies in a {n}-player stage game with {reps} repetitions make about {simulations:.3e} simulated matches; at most {MAX_SIMULATIONS} seat results are kept: use fewer strategies or repetitions"
        )));
    }
    let turns_total = simulations * expected_length(options);
    if turns_total > MAX_TOTAL_TURNS {
        return Err(Error::InvalidArgument(format!(
            "turns: {} turns per match make about {turns_total:.3e} turns in all, above the {MAX_TOTAL_TURNS:.0e} a tournament plays; use fewer turns, strategies or repetitions",
            options.turns
        )));
    }
    let matches = groups(count, n, options.self_play);
    let plays: Vec<(usize, Vec<usize>)> = matches
        .iter()
        .enumerate()
        .flat_map(|(m, g)| {
            let s = if symmetric {
                vec![g.clone()]
            } else {
                seatings(g)
            };
            s.into_iter().map(move |seating| (m, seating))
        })
        .collect();
    let setup = Setup {
        automata: strategies.iter().map(Compiled::new).collect(),
        payoffs: stage.payoff_slice(),
        n,
        k,
        noise: Noise {
            threshold: threshold(options.noise),
            always: options.noise >= 1.0,
        },
        discount: options.discount.filter(|&d| d < 1.0),
        continuation: options.continuation,
        turns: options.turns,
    };
    let token = interrupt::current();
    let total = plays.len() * reps;
    // Progress: one unit per simulated match (a seating of a group, in one repetition).
    let watch = progress::current();
    if let Some(p) = &watch {
        p.set_total(total as u64);
    }
    let results: Vec<Vec<Seat>> = (0..total)
        .into_par_iter()
        .map(|task| {
            interrupt::within(token.as_ref(), || {
                interrupt::check()?;
                let mut rng = SplitMix64::for_stream(options.seed, task as u64);
                let seats = setup.play(&plays[task / reps].1, &mut rng)?;
                if let Some(p) = &watch {
                    p.add(1);
                }
                Ok(seats)
            })
        })
        .collect::<Result<_>>()?;
    Ok(aggregate(count, reps, options, &matches, &plays, &results))
}

/// Turns the per-simulation results into scores, wins, rates and the payoff matrix.
fn aggregate(
    count: usize,
    reps: usize,
    options: &TournamentOptions,
    matches: &[Vec<usize>],
    plays: &[(usize, Vec<usize>)],
    results: &[Vec<Seat>],
) -> Tournament {
    // Per match: the range of its plays (seatings), which are consecutive.
    let mut first = vec![usize::MAX; matches.len()];
    let mut last = vec![0; matches.len()];
    for (p, (m, _)) in plays.iter().enumerate() {
        first[*m] = first[*m].min(p);
        last[*m] = p + 1;
    }
    let mut score_sum = vec![vec![0.0; reps]; count];
    let mut score_n = vec![0usize; count];
    let mut pair_sum = vec![vec![0.0; count]; count];
    let mut pair_n = vec![vec![0usize; count]; count];
    let mut wins = vec![0usize; count];
    let mut cooperations = vec![0u64; count];
    let mut turns = vec![0u64; count];
    let mut turns_played = 0u64;
    for (m, group) in matches.iter().enumerate() {
        let mut members = group.clone();
        members.dedup();
        let against_others = members.len() > 1;
        for s in &members {
            if against_others {
                score_n[*s] += 1;
            }
        }
        for r in 0..reps {
            // Each member's mean payoff over seatings and seats, and its turn counts.
            let mut payoff = vec![0.0; members.len()];
            let mut seats = vec![0usize; members.len()];
            let mut coop = vec![0u64; members.len()];
            let mut played = vec![0u64; members.len()];
            for p in first[m]..last[m] {
                let result = &results[p * reps + r];
                turns_played += result[0].turns;
                for (seat, &s) in plays[p].1.iter().enumerate() {
                    let x = members.iter().position(|&t| t == s).unwrap_or(0);
                    payoff[x] += result[seat].payoff;
                    seats[x] += 1;
                    coop[x] += result[seat].cooperations;
                    played[x] += result[seat].turns;
                }
            }
            for x in 0..members.len() {
                payoff[x] /= seats[x] as f64;
            }
            for (x, &s) in members.iter().enumerate() {
                let copies = group.iter().filter(|&&t| t == s).count();
                for (y, &t) in members.iter().enumerate() {
                    if x != y || copies > 1 {
                        pair_sum[s][t] += payoff[x];
                        pair_n[s][t] += 1;
                    }
                }
                if against_others {
                    score_sum[s][r] += payoff[x];
                    cooperations[s] += coop[x];
                    turns[s] += played[x];
                    if (0..members.len()).all(|y| y == x || payoff[x] > payoff[y]) {
                        wins[s] += 1;
                    }
                }
            }
        }
    }
    let scores: Vec<Vec<f64>> = score_sum
        .into_iter()
        .zip(&score_n)
        .map(|(row, &c)| row.into_iter().map(|x| x / c.max(1) as f64).collect())
        .collect();
    let payoff_matrix = pair_sum
        .iter()
        .zip(&pair_n)
        .map(|(row, counts)| {
            row.iter()
                .zip(counts)
                .map(|(&x, &c)| (c > 0).then(|| x / c as f64))
                .collect()
        })
        .collect();
    let cooperation_rate = cooperations
        .iter()
        .zip(&turns)
        .map(|(&c, &t)| c as f64 / t.max(1) as f64)
        .collect();
    let mut t = Tournament {
        names: (1..=count).map(|i| format!("S{i}")).collect(),
        options: options.clone(),
        scores,
        ranking: (0..count).collect(),
        wins,
        cooperation_rate,
        payoff_matrix,
        turns_played,
    };
    let (medians, means) = (t.median_scores(), t.mean_scores());
    t.ranking.sort_by(|&a, &b| {
        medians[b]
            .total_cmp(&medians[a])
            .then(means[b].total_cmp(&means[a]))
            .then(a.cmp(&b))
    });
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_seatings_are_enumerated_once_each() {
        assert_eq!(groups(3, 2, true).len(), 6);
        assert_eq!(groups(3, 2, false).len(), 3);
        assert_eq!(groups(4, 3, true).len(), 20);
        assert_eq!(seatings(&[0, 0, 1]).len(), 3);
        assert_eq!(seatings(&[0, 1, 2]).len(), 6);
        assert_eq!(binomial(5, 2), 10.0);
    }

    #[test]
    fn anonymity_is_detected_on_the_others_actions() {
        use super::super::strategies::n_player;
        assert!(is_anonymous(&n_player::grim_trigger(4).unwrap()));
        assert!(is_anonymous(&super::super::strategies::tit_for_tat()));
        // Copies player 2's action only: not anonymous.
        let watcher = Automaton::pure(
            vec!["C".into(), "D".into()],
            vec![0, 1],
            vec![vec![0, 0, 1, 1, 0, 0, 1, 1]; 2],
            vec![2, 2, 2],
            0,
        )
        .unwrap();
        assert!(!is_anonymous(&watcher));
    }

    #[test]
    fn medians_of_even_and_odd_lists() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
    }
}
