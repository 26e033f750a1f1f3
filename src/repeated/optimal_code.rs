//! Critical discount factors under optimal penal codes (Abreu 1988): the smallest common
//! discount factor at which a target cycle of pure stage profiles is the path of some
//! subgame-perfect equilibrium of a two-player repeated game with perfect monitoring and
//! public randomization ([`Punishment::Optimal`](super::Punishment::Optimal)).
//!
//! # The facts used
//! Let `V(δ)` be the set of payoffs of the pure-strategy subgame-perfect equilibria (public
//! randomization allowed) at the common discount factor `δ` (times the continuation
//! probability), `w_i(δ) = min { v_i : v ∈ V(δ) }` player `i`'s worst equilibrium payoff,
//! `m_i = min_{a_j} max_{a_i} g_i(a)` its pure minmax payoff, and, at period `k` of the
//! target cycle `a⁰, …, a^(L−1)`, `d_i^k = max_{a_i'} g_i(a_i', a_j^k)` its best one-shot
//! deviation payoff and `U_i^k(δ)` its normalised value of the cycle from period `k` on.
//!
//! 1. **Optimal penal codes** (Abreu 1988, *Econometrica* 56: 383-396, Proposition 5 and
//!    its corollary): `V(δ)` is compact and each `w_i(δ)` is attained by an equilibrium
//!    (APS 1990, Theorem 4, for compactness); an outcome path is a subgame-perfect path iff
//!    no player gains from a one-shot deviation followed by its worst equilibrium. So the
//!    target is sustained at `δ` iff `V(δ) ≠ ∅` and, at every period `k` and for each `i`,
//!
//!    ```text
//!    U_i^k(δ) >= (1 − δ) d_i^k + δ w_i(δ).                                  (C)
//!    ```
//!
//!    (For one profile `a`, `U_i = g_i(a)`.) When `V(δ)` is empty there is no equilibrium,
//!    so nothing is sustained: this happens when the stage game has no pure equilibrium
//!    and `δ` is small (matching pennies: always). With a pure stage equilibrium, `V(δ)`
//!    contains its payoffs at every `δ`.
//! 2. **Bounds on the punishment.** A player can always best-reply in pure actions, so
//!    `w_i(δ) >= m_i`; (C) with `m_i` in place of `w_i(δ)` is therefore necessary, and its
//!    set of `δ` (computed exactly, like grim's) contains the optimal one. Any simple code
//!    that is subgame perfect at `δ` (grim reversion to stage equilibria, the stick-and-carrot
//!    codes of [`Punishment::StickAndCarrot`](super::Punishment::StickAndCarrot)) punishes
//!    `i` with an equilibrium payoff, at least `w_i(δ)`: its set of `δ` is contained in the
//!    optimal one. When the first points of the two sets coincide, the optimal threshold is
//!    that number, exactly (method `"minmax_bound"`): e.g. in the prisoners' dilemma, whose
//!    stage equilibrium gives each player its minmax, `(d − u)/(d − m)`. The same holds when
//!    some other penal code is subgame perfect at the lower bound `δ₀` (when it is
//!    rational): punishments of one or two periods of any stage profile followed by the
//!    stage equilibrium worst for the deviator or by the target, or a stage profile for
//!    ever, are tried, every one-shot constraint checked exactly at `δ₀` (a deviation from a
//!    punishment restarts it); a pair found certifies `δ* = δ₀`.
//! 3. **Monotonicity** (Abreu, Pearce & Stacchetti 1990, *Econometrica* 58: 1041-1063,
//!    Theorem 6; Mailath & Samuelson 2006, *Repeated Games and Reputations*, ch. 7): with
//!    public randomization `V(δ)` is convex, and a convex set that is self-generating at
//!    `δ₁` is self-generating at every `δ₂ > δ₁` (replace each continuation `w(a')` by
//!    `λ w(a') + (1 − λ) v` with `λ = δ₁(1 − δ₂) / (δ₂(1 − δ₁))`: every value becomes an
//!    increasing affine image of the old one, so incentives are kept, and convexity keeps
//!    the continuations in the set). So `V(δ₁) ⊆ V(δ₂)`, `w_i` is non-increasing and
//!    `V(δ) ≠ ∅` is an up-set. Without public randomization this can fail (Mailath,
//!    Obara & Sekiguchi 2002, *Games and Economic Behavior* 40: 99-122). For a stationary
//!    target, if (C) holds at `δ₁ > 0` then `w_i(δ₁) <= g_i(a) <= d_i`, and at `δ₂ > δ₁`,
//!    `(1 − δ₂) d_i + δ₂ w_i(δ₂) <= (1 − δ₁) d_i + δ₁ w_i(δ₁) <= g_i(a)`: the set of `δ` is
//!    `[δ*, 1)` (closed at `δ*` because `V` has a closed graph in `δ`). For a cycle `U_i^k`
//!    depends on `δ` and the set can be a union of intervals, as under grim.
//!
//! # The search
//! Between the exact lower bound (fact 2, `m_i`) and the best simple code, the threshold is
//! searched over `δ` by interval halving, left first, using fact 3 on each interval
//! `[α, β]`: for `δ ≤ β`, `w_i(δ) >= w_i(β)`, so where (C) fails with a lower bound of
//! `w_i(β)` (and with `m_i`) it fails on all of `[α, β]`; the first point of `[α, β]` where
//! (C) with that bound holds is found exactly (the constraints are polynomials in `δ` with
//! rational coefficients, as for grim), and (C) is then tested there with an upper bound of
//! `w_i(δ)`. Each `w_i(δ)` comes from the Abreu-Sannikov iteration
//! ([`super::abreu_sannikov`]) run to a relative tolerance of `1e-12`, in
//! floating point: its polygon contains `V(δ)` (it shrinks to it from the feasible set), so
//! its lowest payoff, less a slack of `s · (1e-10 + 10 · tol · max(1, 2δ/(1 − δ)))` (`s` the
//! largest absolute payoff), bounds `w_i(δ)` from below, and the lowest payoff plus that
//! slack bounds it from above once the iteration has converged. The constraints themselves are
//! evaluated in exact rational arithmetic. The answer is a bracket `[lo, hi]`: (C) fails at
//! every `δ < lo` and holds at `hi`, `hi − lo <= 1e-9` unless the worst payoffs could not be
//! told from the threshold within the slack. The bracket is certified up to the floating
//! point computation of `V(δ)`, which is not itself certified.
//!
//! When no simple code sustains the target, the search runs up to [`MAX_SEARCH_DISCOUNT`]
//! (the Abreu-Sannikov iteration needs about `28/(1 − δ)` rounds near 1).
//!
//! # Example
//! ```
//! use detente::repeated::{Punishment, RepeatedGame, BRACKET_WIDTH};
//! use detente::Game;
//! use ndarray::array;
//!
//! // C, D, P: the stage equilibrium (D, D) pays 2, P holds the other to its minmax 0.
//! let a = array![[4.0, 0.0, 0.0], [6.0, 2.0, 0.0], [5.0, -1.0, -1.0]];
//! let rg = RepeatedGame::new(Game::from_bimatrix(a.view(), a.t())?, 0.9)?;
//! let c = rg.critical_discount(&[vec![0, 0]], Punishment::Optimal)?;
//! assert_eq!(c.method, "minmax_bound");            // (6 − 4)/(6 − 0), exact
//! assert_eq!(c.discount_exact.unwrap().describe(), "1/3");
//! // The target (0, 1) pays (3, 4); the minmax bound is 1/2, no simple code reaches it.
//! let rows = array![[-1.0, 3.0], [1.0, 5.0]];
//! let cols = array![[1.0, 4.0], [2.0, 3.0]];
//! let rg = RepeatedGame::new(Game::from_bimatrix(rows.view(), cols.view())?, 0.9)?;
//! let c = rg.critical_discount(&[vec![0, 1]], Punishment::Optimal)?;
//! let [lo, hi] = c.bracket.unwrap();
//! assert!(c.method == "abreu_sannikov" && lo > 0.5 && hi - lo <= BRACKET_WIDTH);
//! # Ok::<(), detente::Error>(())
//! ```

use std::collections::HashMap;

use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

use super::RepeatedGame;
use super::abreu_sannikov;
use super::algebraic::{self, AlgebraicNumber, DiscountInterval, Poly};
use super::critical::{self, Binding, CriticalDiscount, Node, Path};
use super::payoff_set::{Stage, lowest, settled};
use crate::error::Result;
use crate::report::Labels;

/// The largest discount factor searched when no simple penal code sustains the target.
///
/// # Example
/// ```
/// assert!(detente::repeated::MAX_SEARCH_DISCOUNT < 1.0);
/// ```
pub const MAX_SEARCH_DISCOUNT: f64 = 0.999;

/// The width of the bracket the search aims for.
///
/// # Example
/// ```
/// assert_eq!(detente::repeated::BRACKET_WIDTH, 1e-9);
/// ```
pub const BRACKET_WIDTH: f64 = 1e-9;

/// Relative tolerance of the Abreu-Sannikov runs.
const TOL: f64 = 1e-12;

/// Iteration cap of one Abreu-Sannikov run (about `28/(1 − δ)` are needed).
const MAX_ITER: usize = 200_000;

/// Most Abreu-Sannikov runs in one call (a safety net: a halving search needs tens).
const MAX_RUNS: usize = 2_000;

/// Bounds on the worst equilibrium payoffs at one discount factor.
#[derive(Clone, Copy)]
enum Worst {
    /// The iteration ended with an empty set: no pure-strategy equilibrium.
    Empty,
    /// Lower and upper bounds, and the estimate, of each `w_i(δ)`.
    Bounds {
        low: [f64; 2],
        high: [f64; 2],
        estimate: [f64; 2],
    },
    /// The iteration did not converge (or the run budget is spent): only `m_i` is known.
    Unknown,
}

/// One step of the search on an interval.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// (C) fails on the whole closed interval.
    Fail,
    /// (C) fails on `[start, lo)` and holds at `hi`.
    Hold { lo: f64, hi: f64 },
    /// (C) fails on `[start, lo)`; nothing was decided after `lo`.
    Undecided { lo: f64 },
}

/// The outcome for one selection of players.
#[derive(Debug, Clone)]
enum Outcome {
    /// Never sustained: (C) fails even with the pure minmax punishment.
    Never,
    /// The exact threshold.
    Exact(Box<AlgebraicNumber>),
    /// A bracket `[lo, hi]`: fails below `lo`, holds at `hi`.
    Bracket(f64, f64),
    /// Fails below `lo`; not found to hold up to the search's end.
    Unknown(f64),
}

struct Search<'a> {
    stage: Stage,
    target: &'a Path,
    continuation: BigRational,
    continuation_f64: f64,
    minmax: [BigRational; 2],
    minmax_f64: [f64; 2],
    cache: HashMap<u64, Worst>,
    runs: usize,
}

/// `p(x)` exactly (Horner).
fn eval(p: &[BigRational], x: &BigRational) -> BigRational {
    p.iter()
        .rev()
        .fold(BigRational::zero(), |acc, c| acc * x + c)
}

fn rational(x: f64) -> BigRational {
    BigRational::from_float(x).unwrap_or_else(BigRational::zero)
}

impl Search<'_> {
    /// The target's constraints (C) of `players` when a deviation by `i` is punished by a
    /// constant payoff `w[i]`: `(polynomial in δ, player, period)`.
    fn constraints(&self, w: &[BigRational; 2], players: &[usize]) -> Vec<(Poly, usize, usize)> {
        let punish: Vec<Path> = (0..2)
            .map(|_| Path {
                prefix: Vec::new(),
                cycle: vec![Node {
                    payoffs: w.to_vec(),
                    deviation: w.to_vec(),
                    label: String::new(),
                }],
                phase: String::new(),
            })
            .collect();
        let cycle = &self.target.cycle;
        let mut out = Vec::new();
        for k in 0..cycle.len() {
            let mut rotated = cycle[k..].to_vec();
            rotated.extend_from_slice(&cycle[..k]);
            for &j in players {
                let h = critical::constraint(&[], &rotated, &punish[j], j);
                out.push((algebraic::compose_scale(&h, &self.continuation), j, k));
            }
        }
        out
    }

    /// Bounds on `w(δ)` from the Abreu-Sannikov iteration at `δ · p`.
    fn worst(&mut self, delta: f64) -> Result<Worst> {
        if let Some(w) = self.cache.get(&delta.to_bits()) {
            return Ok(*w);
        }
        if self.runs >= MAX_RUNS {
            return Ok(Worst::Unknown);
        }
        self.runs += 1;
        let eff = delta * self.continuation_f64;
        let it = abreu_sannikov::iterate(&self.stage, eff, TOL, MAX_ITER)?;
        let s = self.stage.scale;
        let w = if !it.converged {
            Worst::Unknown
        } else {
            match lowest(&it.vertices) {
                None => Worst::Empty,
                Some(low) => {
                    let slack = s * (1e-10 + 10.0 * settled(TOL, eff));
                    let estimate = [low[0] * s, low[1] * s];
                    Worst::Bounds {
                        low: [
                            (estimate[0] - slack).max(self.minmax_f64[0]),
                            (estimate[1] - slack).max(self.minmax_f64[1]),
                        ],
                        high: [estimate[0] + slack, estimate[1] + slack],
                        estimate,
                    }
                }
            }
        };
        self.cache.insert(delta.to_bits(), w);
        Ok(w)
    }

    /// Each player's lowest value of the target cycle started at one of its periods, at
    /// `delta`, exactly.
    fn restart(&self, delta: &BigRational) -> [BigRational; 2] {
        let x = delta * &self.continuation;
        let cycle = &self.target.cycle;
        [0, 1].map(|j| {
            (0..cycle.len())
                .map(|k| {
                    let mut rotated = cycle[k..].to_vec();
                    rotated.extend_from_slice(&cycle[..k]);
                    let (num, den) = critical::value(&[], &rotated, j);
                    eval(&num, &x) / eval(&den, &x)
                })
                .min()
                .expect("a profile")
        })
    }

    /// Whether (C) of `players` certainly holds at `delta`: with the upper bounds of `w`,
    /// or, for both players at once, with the target itself restarted as a player's
    /// punishment (a subgame-perfect path when all of (C) holds, so a valid punishment:
    /// this decides the players who have nothing to gain on the target, whose (C) needs
    /// `w_i(δ) <= U_i` exactly).
    fn holds(&mut self, delta: f64, players: &[usize]) -> Result<bool> {
        let Worst::Bounds { high, .. } = self.worst(delta)? else {
            return Ok(false);
        };
        let x = rational(delta);
        let mut w = [rational(high[0]), rational(high[1])];
        if players.len() == 2 {
            // Only for the whole target: for one player's own constraints the target need
            // not be an equilibrium path, so its restart is no valid punishment.
            let restart = self.restart(&x);
            w = [0, 1].map(|i| w[i].clone().min(restart[i].clone()));
        }
        Ok(self
            .constraints(&w, players)
            .iter()
            .all(|(h, _, _)| eval(h, &x) >= BigRational::zero()))
    }

    /// The first point of `[alpha, beta]` where (C) of `players` with punishments `w` holds
    /// (rounded down), or `None` when it fails on all of `[alpha, beta]`.
    fn first_point(
        &self,
        w: &[BigRational; 2],
        players: &[usize],
        alpha: f64,
        beta: f64,
    ) -> Result<Option<f64>> {
        let polys: Vec<Poly> = self
            .constraints(w, players)
            .into_iter()
            .map(|c| c.0)
            .collect();
        let all: Vec<usize> = (0..polys.len()).collect();
        let solution = algebraic::solve(&polys, &[all])?;
        let a = rational(alpha);
        for iv in &solution[0].intervals {
            if iv.upper.as_ref().is_some_and(|u| u.upper < a) {
                continue;
            }
            let start = critical::down(&iv.lower.lower).max(alpha);
            return Ok((start <= beta).then_some(start));
        }
        Ok(None)
    }

    /// The search on `[alpha, beta]`, left first (see the module docs).
    fn explore(&mut self, alpha: f64, beta: f64, players: &[usize]) -> Result<Step> {
        let w = match self.worst(beta)? {
            // V(β) is empty, so V(δ) is for every δ <= β: nothing is sustained.
            Worst::Empty => return Ok(Step::Fail),
            Worst::Unknown => self.minmax.clone(),
            Worst::Bounds { low, .. } => [rational(low[0]), rational(low[1])],
        };
        let Some(start) = self.first_point(&w, players, alpha, beta)? else {
            return Ok(Step::Fail);
        };
        if self.holds(start, players)? {
            return Ok(Step::Hold {
                lo: start,
                hi: start,
            });
        }
        if beta - start <= BRACKET_WIDTH / 2.0 {
            return Ok(if self.holds(beta, players)? {
                Step::Hold {
                    lo: start,
                    hi: beta,
                }
            } else {
                Step::Undecided { lo: start }
            });
        }
        let mid = start + (beta - start) / 2.0;
        match self.explore(start, mid, players)? {
            Step::Fail => self.explore(mid, beta, players),
            Step::Undecided { lo } => Ok(if self.holds(beta, players)? {
                Step::Hold { lo, hi: beta }
            } else {
                Step::Undecided { lo }
            }),
            hold => Ok(hold),
        }
    }

    /// The threshold of `players` between the exact lower bound `lower` (the first interval
    /// with the pure minmax punishment) and the first point `upper` where a subgame-perfect
    /// simple code sustains the target (or a larger point where it is known to hold).
    fn outcome(
        &mut self,
        lower: Option<&DiscountInterval>,
        upper: Option<&AlgebraicNumber>,
        players: &[usize],
    ) -> Result<Outcome> {
        let Some(lower) = lower else {
            return Ok(Outcome::Never);
        };
        if let Some(u) = upper {
            let (mut a, mut b) = (lower.lower.clone(), u.clone());
            if algebraic::compare(&mut a, &mut b) == std::cmp::Ordering::Equal {
                return Ok(Outcome::Exact(Box::new(u.clone())));
            }
        }
        let lo0 = critical::down(&lower.lower.lower);
        let hi0 = upper.map_or(MAX_SEARCH_DISCOUNT, |u| critical::up(&u.upper));
        if lo0 > hi0 {
            return Ok(Outcome::Unknown(lo0));
        }
        Ok(match (self.explore(lo0, hi0, players)?, upper) {
            (Step::Hold { lo, hi }, _) => Outcome::Bracket(lo, hi),
            (Step::Undecided { lo }, Some(_)) => Outcome::Bracket(lo, hi0),
            // Rounding in the payoff set contradicts the exact simple code: keep the bounds.
            (Step::Fail, Some(_)) => Outcome::Bracket(lo0, hi0),
            (Step::Undecided { lo }, None) => Outcome::Unknown(lo),
            (Step::Fail, None) => Outcome::Unknown(hi0),
        })
    }

    /// The constraint of `players` with the least slack at `delta` (with the estimate of
    /// `w`).
    fn tightest(&mut self, delta: f64, players: &[usize]) -> Result<Option<Binding>> {
        let w = match self.worst(delta)? {
            Worst::Bounds { estimate, .. } => [rational(estimate[0]), rational(estimate[1])],
            _ => return Ok(None),
        };
        let x = rational(delta);
        Ok(self
            .constraints(&w, players)
            .iter()
            .map(|(h, j, k)| (eval(h, &x), *j, *k))
            .min_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, player, period)| Binding {
                player,
                period,
                phase: "target".into(),
            }))
    }
}

/// Intervals known to sustain the target from an outcome: `[δ*, 1)` for a stationary target
/// (fact 3), else the point found and the simple code's intervals after it.
fn inner(
    outcome: &Outcome,
    stationary: bool,
    simple: &[DiscountInterval],
) -> Vec<DiscountInterval> {
    let start = match outcome {
        Outcome::Exact(a) => (**a).clone(),
        Outcome::Bracket(_, hi) => AlgebraicNumber::rational(rational(*hi)),
        _ => return Vec::new(),
    };
    if stationary {
        return vec![DiscountInterval {
            lower: start,
            upper: None,
        }];
    }
    let mut out = Vec::new();
    let first_simple = simple.first().map(|i| i.lower.value);
    if first_simple.is_none_or(|f| start.value < f) {
        out.push(DiscountInterval {
            lower: start.clone(),
            upper: Some(start),
        });
    }
    out.extend(simple.iter().cloned());
    out
}

fn value(o: &Outcome) -> Option<f64> {
    match o {
        Outcome::Exact(a) => Some(a.value),
        Outcome::Bracket(_, hi) => Some(*hi),
        _ => None,
    }
}

/// The optimal-code result, from the best simple code `simple` (an upper bound).
pub(super) fn solve(
    rg: &RepeatedGame,
    target: &Path,
    cycle: &[Vec<usize>],
    simple: CriticalDiscount,
) -> Result<CriticalDiscount> {
    let game = rg.stage();
    game.check_payoff_scale("critical_discount")?;
    let labels = Labels::of(game);
    let minmax: [BigRational; 2] = [0, 1].map(|i| {
        critical::pure_node(game, &critical::pure_minmax_profile(game, i)).payoffs[i].clone()
    });
    let mut search = Search {
        stage: Stage::of(game),
        target,
        continuation: rg.exact_continuation().clone(),
        continuation_f64: rg.continuation(),
        minmax_f64: [0, 1].map(|i| minmax[i].to_f64().unwrap_or(f64::NAN)),
        minmax,
        cache: HashMap::new(),
        runs: 0,
    };
    // The exact lower-bound sets (pure minmax punishments), per player and overall.
    let list = search.constraints(&search.minmax.clone(), &[0, 1]);
    let polys: Vec<Poly> = list.iter().map(|c| c.0.clone()).collect();
    let selection: Vec<Vec<usize>> = vec![
        (0..list.len()).filter(|&c| list[c].1 == 0).collect(),
        (0..list.len()).filter(|&c| list[c].1 == 1).collect(),
        (0..list.len()).collect(),
    ];
    let bound = algebraic::solve(&polys, &selection)?;
    // A penal code certified subgame perfect at the lower bound makes it exact.
    let mut certificate: Option<String> = None;
    if let Some(first) = bound[2].intervals.first()
        && let Some(r) = &first.lower.exact
        && simple
            .intervals
            .first()
            .is_none_or(|u| u.lower.exact.as_ref() != Some(r))
        && game.num_profiles() <= MAX_CERTIFY_PROFILES
    {
        certificate = certify(game, target, &(r * rg.exact_continuation()), &labels)?;
    }
    let overall = match (&certificate, bound[2].intervals.first()) {
        (Some(_), Some(first)) => Outcome::Exact(Box::new(first.lower.clone())),
        _ => search.outcome(
            bound[2].intervals.first(),
            simple.intervals.first().map(|i| &i.lower),
            &[0, 1],
        )?,
    };
    // Each player's own threshold is at most the overall one (the simple code's per-player
    // sets do not bound it: its punishments are equilibria only where all constraints hold).
    let players: Vec<Outcome> = (0..2)
        .map(|j| {
            let lower = bound[j].intervals.first();
            match (&overall, lower) {
                (Outcome::Exact(a), Some(l))
                    if algebraic::compare(&mut l.lower.clone(), &mut a.clone())
                        == std::cmp::Ordering::Equal =>
                {
                    Ok(Outcome::Exact(a.clone()))
                }
                (Outcome::Exact(a), _) => search.outcome(lower, Some(a), &[j]),
                (Outcome::Bracket(_, hi), _) => {
                    let hi = AlgebraicNumber::rational(rational(*hi));
                    search.outcome(lower, Some(&hi), &[j])
                }
                _ => search.outcome(lower, None, &[j]),
            }
        })
        .collect::<Result<_>>()?;
    let stationary = cycle.len() == 1;
    let discount = value(&overall);
    let worst_payoffs = match discount {
        Some(d) => match search.worst(d)? {
            Worst::Bounds { estimate, .. } => estimate.to_vec(),
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    let lower_binding = bound[2]
        .binding
        .first()
        .and_then(|b| b.first())
        .map(|&c| Binding {
            player: list[c].1,
            period: list[c].2,
            phase: "target".into(),
        });
    let (binding, method) = match &overall {
        Outcome::Exact(_) if certificate.is_some() => (lower_binding, "minmax_bound"),
        Outcome::Exact(_) => (simple.binding.clone(), "minmax_bound"),
        Outcome::Never => (None, "minmax_bound"),
        Outcome::Bracket(_, hi) => (search.tightest(*hi, &[0, 1])?, "abreu_sannikov"),
        Outcome::Unknown(_) => (None, "abreu_sannikov"),
    };
    let mut player_binding = Vec::with_capacity(2);
    for (j, o) in players.iter().enumerate() {
        player_binding.push(match o {
            Outcome::Exact(a) => search.tightest(a.value, &[j])?,
            Outcome::Bracket(_, hi) => search.tightest(*hi, &[j])?,
            _ => None,
        });
    }
    let reasons = players
        .iter()
        .enumerate()
        .map(|(j, o)| match o {
            Outcome::Never => Some(format!(
                "{}'s one-shot deviation pays at every discount factor in [0, 1) even when punished by its pure minmax payoff, which no equilibrium goes below",
                labels.player(j)
            )),
            Outcome::Unknown(lo) => Some(format!(
                "{}'s incentive constraints fail below δ = {} and were not found to hold up to {MAX_SEARCH_DISCOUNT}: no simple penal code sustains the target, and the equilibrium payoff set was searched up to there",
                labels.player(j),
                crate::format::number(*lo)
            )),
            _ => None,
        })
        .collect();
    let own = rg.exact_discount(0);
    let own_f64 = own.to_f64().unwrap_or(f64::NAN);
    let holds = simple.holds
        || match &overall {
            Outcome::Exact(a) if stationary => critical::contains(
                &DiscountInterval {
                    lower: (**a).clone(),
                    upper: None,
                },
                own,
            ),
            Outcome::Bracket(_, hi) if stationary && own_f64 >= *hi => true,
            Outcome::Never => false,
            _ => {
                bound[2]
                    .intervals
                    .iter()
                    .any(|i| critical::contains(i, own))
                    && search.holds(own_f64, &[0, 1])?
            }
        };
    let code = match (&overall, &certificate) {
        (Outcome::Exact(_), Some(text)) => {
            format!("optimal penal code: the pure-minmax bound is attained by the code {text}")
        }
        (Outcome::Exact(_), None) => format!(
            "optimal penal code: the pure-minmax bound is attained by the {}",
            simple.code
        ),
        (_, _) => {
            let worst = if worst_payoffs.len() == 2 {
                format!(
                    " (worst payoffs at δ = {}: {}, {})",
                    crate::format::number(discount.unwrap_or(f64::NAN)),
                    crate::format::number(worst_payoffs[0]),
                    crate::format::number(worst_payoffs[1])
                )
            } else {
                String::new()
            };
            format!(
                "optimal penal code (Abreu 1988): a deviator is punished by the subgame-perfect equilibrium worst for it{worst}, computed by Abreu-Sannikov"
            )
        }
    };
    let exact = |o: &Outcome| match o {
        Outcome::Exact(a) => Some((**a).clone()),
        _ => None,
    };
    let bracket = |o: &Outcome| match o {
        Outcome::Exact(a) => Some(critical::outward(a)),
        Outcome::Bracket(lo, hi) => Some([*lo, *hi]),
        Outcome::Unknown(lo) => Some([*lo, 1.0]),
        Outcome::Never => None,
    };
    let exact_overall = matches!(overall, Outcome::Exact(_)) && certificate.is_none();
    Ok(CriticalDiscount {
        cycle: cycle.to_vec(),
        punishment: "optimal".into(),
        code,
        discount,
        discount_exact: exact(&overall),
        intervals: inner(&overall, stationary, &simple.intervals),
        thresholds: players.iter().map(value).collect(),
        thresholds_exact: players.iter().map(exact).collect(),
        player_intervals: players.iter().map(|o| inner(o, stationary, &[])).collect(),
        binding,
        player_binding,
        reasons,
        holds,
        stick: if exact_overall {
            simple.stick.clone()
        } else {
            Vec::new()
        },
        minmax_profiles: if exact_overall {
            simple.minmax_profiles.clone()
        } else {
            Vec::new()
        },
        method: method.into(),
        bracket: bracket(&overall),
        worst_payoffs,
    })
}

/// The most stage profiles for which [`certify`] tries its codes.
const MAX_CERTIFY_PROFILES: usize = 400;

/// One punishment path for a player, evaluated at one discount factor: its value to the
/// punished player, and the largest punishment value of the other player that keeps the
/// other player on it.
struct Candidate {
    own: BigRational,
    cap: BigRational,
    text: String,
}

/// Every one-shot constraint along the path `(prefix, cycle)` punishing `i`, at `x = δ·p`:
/// `None` if `i`'s own fail (a deviation restarts the path), else the candidate.
fn candidate(
    prefix: &[Node],
    cycle: &[Node],
    i: usize,
    x: &BigRational,
    text: String,
) -> Option<Candidate> {
    let j = 1 - i;
    let at = |pre: &[Node], cyc: &[Node], k: usize| {
        let (num, den) = critical::value(pre, cyc, k);
        eval(&num, x) / eval(&den, x)
    };
    let own = at(prefix, cycle, i);
    let one_minus = BigRational::from_integer(1.into()) - x;
    let mut cap: Option<BigRational> = None;
    let mut positions: Vec<(Vec<Node>, Vec<Node>)> = (0..prefix.len())
        .map(|t| (prefix[t..].to_vec(), cycle.to_vec()))
        .collect();
    for k in 0..cycle.len() {
        let mut rotated = cycle[k..].to_vec();
        rotated.extend_from_slice(&cycle[..k]);
        positions.push((Vec::new(), rotated));
    }
    for (pre, cyc) in &positions {
        let node = pre.first().unwrap_or(&cyc[0]);
        if at(pre, cyc, i) < &one_minus * &node.deviation[i] + x * &own {
            return None;
        }
        let c = (at(pre, cyc, j) - &one_minus * &node.deviation[j]) / x;
        cap = Some(cap.map_or(c.clone(), |m| m.min(c)));
    }
    Some(Candidate {
        own,
        cap: cap.expect("a position"),
        text,
    })
}

/// Looks for a penal code that is subgame perfect at `x = δ·p > 0` and holds the target's
/// constraints with punishments no better than needed: each player's punishment is one or
/// two periods of some stage profile followed by the stage equilibrium worst for it or by
/// the target, or a stage profile for ever. Every one-shot deviation constraint is checked
/// exactly at `x`; found, it certifies `w_i(δ) <=` the punishment values, so the target is
/// sustained at `δ`. Returns the code in words.
fn certify(
    game: &crate::Game,
    target: &Path,
    x: &BigRational,
    labels: &Labels,
) -> Result<Option<String>> {
    if x <= &BigRational::zero() {
        return Ok(None);
    }
    let one_minus = BigRational::from_integer(1.into()) - x;
    // What the target needs: v_i <= need_i.
    let cycle = &target.cycle;
    let need: Vec<BigRational> = (0..2)
        .map(|i| {
            (0..cycle.len())
                .map(|k| {
                    let mut rotated = cycle[k..].to_vec();
                    rotated.extend_from_slice(&cycle[..k]);
                    let (num, den) = critical::value(&[], &rotated, i);
                    (eval(&num, x) / eval(&den, x) - &one_minus * &rotated[0].deviation[i]) / x
                })
                .min()
                .expect("a profile")
        })
        .collect();
    let equilibria: Vec<Node> = critical::pure_equilibria(game)?
        .iter()
        .map(|p| critical::pure_node(game, p))
        .collect();
    let shape = game.shape().to_vec();
    let profiles: Vec<Node> = (0..shape[0] * shape[1])
        .map(|k| critical::pure_node(game, &[k / shape[1], k % shape[1]]))
        .collect();
    let mut lists: Vec<Vec<Candidate>> = Vec::with_capacity(2);
    for (i, need_i) in need.iter().enumerate() {
        crate::interrupt::check()?;
        let worst_ne = equilibria
            .iter()
            .min_by(|a, b| a.payoffs[i].cmp(&b.payoffs[i]));
        let mut list = Vec::new();
        for s in &profiles {
            let mut paths: Vec<(Vec<Node>, Vec<Node>, String)> =
                vec![(Vec::new(), vec![s.clone()], format!("{} for ever", s.label))];
            for t in 1..=2 {
                let times = if t == 1 { "once" } else { "twice" };
                if let Some(ne) = worst_ne {
                    paths.push((
                        vec![s.clone(); t],
                        vec![ne.clone()],
                        format!("{} {times}, then {} for ever", s.label, ne.label),
                    ));
                }
                paths.push((
                    vec![s.clone(); t],
                    cycle.clone(),
                    format!("{} {times}, then the target", s.label),
                ));
            }
            for (prefix, cyc, text) in paths {
                if let Some(c) = candidate(&prefix, &cyc, i, x, text)
                    && c.own <= *need_i
                {
                    list.push(c);
                }
            }
        }
        lists.push(list);
    }
    // A pair: v_0 <= cap_0(P_1) and v_1 <= cap_1(P_0). Sort player 1's by value, with the
    // running largest cap and where it is reached.
    let mut second: Vec<&Candidate> = lists[1].iter().collect();
    second.sort_by(|a, b| a.own.cmp(&b.own));
    let mut best: Vec<usize> = Vec::with_capacity(second.len());
    for k in 0..second.len() {
        let keep = k > 0 && second[best[k - 1]].cap >= second[k].cap;
        best.push(if keep { best[k - 1] } else { k });
    }
    for first in &lists[0] {
        // Player 1's candidates with own <= cap_1(P_0): a prefix of `second`.
        let n = second.partition_point(|c| c.own <= first.cap);
        if n == 0 {
            continue;
        }
        let other = second[best[n - 1]];
        if other.cap >= first.own {
            return Ok(Some(format!(
                "{} deviates: {}; {} deviates: {}",
                labels.player(0),
                first.text,
                labels.player(1),
                other.text
            )));
        }
    }
    Ok(None)
}
