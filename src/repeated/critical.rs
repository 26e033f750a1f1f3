//! Critical discount factors: the smallest discount factor at which a stage profile (or a
//! cycle of profiles) is played in a subgame-perfect equilibrium, under grim reversion to a
//! stage equilibrium or under stick-and-carrot penal codes.

use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use serde::{Deserialize, Serialize};

use super::RepeatedGame;
use super::algebraic::{self, AlgebraicNumber, DiscountInterval, Poly};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::report::{Cell, Labels, Report, Table, Validate};

/// The longest punishment phase ("stick") tried by [`Punishment::StickAndCarrot`].
pub const MAX_STICK: usize = 4;

/// The largest degree of an incentive constraint solved exactly.
const MAX_DEGREE: usize = 400;

/// The longest cycle of profiles accepted (the constraints' degree grows with it: a
/// 12-period cycle takes seconds under grim).
pub const MAX_CYCLE: usize = 24;

/// The longest cycle of profiles accepted by [`Punishment::StickAndCarrot`] (which solves
/// [`MAX_STICK`]² codes) and [`Punishment::Optimal`].
pub const MAX_OPTIMAL_CYCLE: usize = 4;

/// How deviations from the target path are punished.
///
/// # Example
/// ```
/// use detente::repeated::Punishment;
///
/// assert_eq!(Punishment::Grim.name(), "grim");
/// assert_eq!(Punishment::Optimal.name(), "optimal");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Punishment {
    /// Grim reversion, for ever, to a pure stage Nash equilibrium: after a deviation by player
    /// `i` (or by several players, the first in player order), the pure stage equilibrium
    /// worst for `i` is played for ever (ties: the first in C order of profiles). Such a
    /// profile is a simple penal code whose punishments are stage equilibria, so only
    /// deviations from the target path need checking.
    Grim,
    /// Grim reversion, for ever, to the given stage Nash equilibrium (mixed allowed, exact
    /// probabilities), whoever deviates.
    Nash(Vec<Vec<BigRational>>),
    /// The best stick-and-carrot simple penal code (Abreu 1988) for 2-player games with pure
    /// actions: a deviation by player `i` is punished by `T_i` periods of `i`'s pure minmax
    /// profile (the other player holds `i` to its pure minmax value; `i` plays a best reply),
    /// after which play returns to the start of the target cycle; a deviation from a
    /// punishment restarts the deviator's punishment. Every pair `T_1, T_2` in
    /// `1..=`[`MAX_STICK`] is tried, together with grim reversion to the worst pure stage
    /// equilibria when they exist, and the code sustaining the target at the smallest
    /// discount factor is kept. Exact, and an upper bound on the [`Punishment::Optimal`]
    /// threshold (this was `Optimal` before optimal penal codes were computed).
    StickAndCarrot,
    /// Optimal penal codes (Abreu 1988) for 2-player games with pure stage actions, perfect
    /// monitoring, public randomization and a common discount factor: a deviation by player
    /// `i` is punished by the subgame-perfect equilibrium worst for `i`, whose payoff
    /// `w_i(δ)` is the lowest payoff of `i` in the equilibrium payoff set `V(δ)`
    /// ([`RepeatedGame::equilibrium_payoff_set`]). No penal code punishes harder, so the
    /// threshold is the smallest δ at which the target is a subgame-perfect path at all. It
    /// is exact (result `method` `"minmax_bound"`) when the closed form with the pure minmax
    /// as punishment, a lower bound, is attained by a simple code (grim, stick and carrot,
    /// minmax reversion, or a short punishment then a stage equilibrium or the target);
    /// otherwise it is bracketed within 1e-9 by bisection on `w_i(δ)` computed by
    /// Abreu-Sannikov (`method` `"abreu_sannikov"`; see the
    /// [`optimal_code`](crate::repeated::optimal_code) module for the facts used).
    Optimal,
}

impl Punishment {
    /// `"grim"`, `"nash"`, `"stick_and_carrot"` or `"optimal"`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Grim => "grim",
            Self::Nash(_) => "nash",
            Self::StickAndCarrot => "stick_and_carrot",
            Self::Optimal => "optimal",
        }
    }
}

/// The constraint that binds at a critical discount factor: `player`'s one-shot deviation at
/// `period` of a `phase` (`"target"`, or `"punishing <player>"`).
///
/// # Example
/// ```
/// use detente::repeated::{Punishment, RepeatedGame};
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let c = RepeatedGame::new(pd, 0.9)?.critical_discount(&[vec![0, 0]], Punishment::Grim)?;
/// let b = c.binding.unwrap();
/// assert_eq!((b.player, b.period, b.phase.as_str()), (0, 0, "target"));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Binding {
    /// The deviating player.
    pub player: usize,
    /// The period within the phase (from 0).
    pub period: usize,
    /// `"target"` (the target cycle) or `"punishing <player name>"`.
    pub phase: String,
}

/// Critical discount factors of a target cycle of stage profiles: the smallest common
/// discount factor at which it is played in a subgame-perfect equilibrium under the chosen
/// [`Punishment`], each player's own threshold (what matters under unequal discounting: the
/// profile is sustained when every player's factor lies in its own set), the constraint that
/// binds, and the exact sets of discount factors.
///
/// Discount factors here are the players' `δ`; with a continuation probability `p` the
/// constraints are in `δ · p`.
///
/// # Example
/// ```
/// use detente::repeated::{Punishment, RepeatedGame};
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let c = RepeatedGame::new(pd, 0.9)?.critical_discount(&[vec![0, 0]], Punishment::Grim)?;
/// assert_eq!(c.discount, Some(0.5)); // (5 − 3) / (5 − 1)
/// assert!(c.holds);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriticalDiscount {
    /// The target cycle of pure profiles (one profile: a stationary target).
    pub cycle: Vec<Vec<usize>>,
    /// `"grim"`, `"nash"` or `"optimal"`.
    pub punishment: String,
    /// The penal code used, in words (which equilibrium or minmax profile punishes whom, and
    /// for how long).
    pub code: String,
    /// The smallest common discount factor at which the target is sustained, or `None` if
    /// none is.
    pub discount: Option<f64>,
    /// The same, exactly.
    pub discount_exact: Option<AlgebraicNumber>,
    /// Every common discount factor at which the target is sustained: disjoint closed
    /// intervals in increasing order (empty: never).
    pub intervals: Vec<DiscountInterval>,
    /// Each player's smallest discount factor at which its own constraints hold (`None`:
    /// never).
    pub thresholds: Vec<Option<f64>>,
    /// The same, exactly.
    pub thresholds_exact: Vec<Option<AlgebraicNumber>>,
    /// Each player's set of discount factors at which its own constraints hold.
    pub player_intervals: Vec<Vec<DiscountInterval>>,
    /// The constraint that binds at [`CriticalDiscount::discount`] (`None` when it is 0 or
    /// the target is never sustained).
    pub binding: Option<Binding>,
    /// Each player's binding constraint at its own threshold.
    pub player_binding: Vec<Option<Binding>>,
    /// Why a player's constraints never hold (`None` when they do somewhere).
    pub reasons: Vec<Option<String>>,
    /// Whether the target is sustained at the repeated game's own discount factors (each
    /// player's factor in its own set).
    pub holds: bool,
    /// For a stick-and-carrot code: each player's number of punishment periods (empty for
    /// grim reversion).
    #[serde(default)]
    pub stick: Vec<usize>,
    /// For a stick-and-carrot code: each player's pure minmax profile that punishes it.
    #[serde(default)]
    pub minmax_profiles: Vec<Vec<usize>>,
    /// How the threshold was found: `"exact"` (the penal code's constraints solved in exact
    /// arithmetic: grim, a given equilibrium, stick and carrot), `"minmax_bound"` (optimal
    /// codes: the pure-minmax lower bound is attained by a simple code, so the threshold is
    /// exact) or `"abreu_sannikov"` (optimal codes: bisection on the worst equilibrium
    /// payoffs, so only [`CriticalDiscount::bracket`] is known).
    #[serde(default = "exact_method")]
    pub method: String,
    /// An interval `[lo, hi]` of floats containing the critical discount factor: a rounding
    /// of [`CriticalDiscount::discount_exact`] outward for exact methods, the bisection
    /// bracket (width at most 1e-9 unless the worst payoffs could not be told apart from the
    /// threshold there) for `"abreu_sannikov"`; `None` when the target is never sustained.
    #[serde(default)]
    pub bracket: Option<[f64; 2]>,
    /// For optimal codes: each player's worst subgame-perfect equilibrium payoff (its
    /// optimal punishment) at [`CriticalDiscount::discount`] (empty for other punishments).
    #[serde(default)]
    pub worst_payoffs: Vec<f64>,
}

fn exact_method() -> String {
    "exact".into()
}

/// A stage situation on a path: the payoffs and each player's best one-shot deviation payoff.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node {
    pub(super) payoffs: Vec<BigRational>,
    pub(super) deviation: Vec<BigRational>,
    pub(super) label: String,
}

/// An eventually periodic path: a prefix, then a cycle repeated for ever.
#[derive(Debug, Clone)]
pub(super) struct Path {
    pub(super) prefix: Vec<Node>,
    pub(super) cycle: Vec<Node>,
    pub(super) phase: String,
}

/// A simple penal code: the target path and one punishment path per player.
struct Code {
    target: Path,
    punish: Vec<Path>,
    text: String,
    stick: Vec<usize>,
    minmax: Vec<Vec<usize>>,
}

/// `1 + x + … + x^(L−1)`.
fn geometric(l: usize) -> Poly {
    vec![BigRational::one(); l]
}

/// Player `j`'s normalised value of `path` as `(numerator, denominator)` polynomials in δ.
pub(super) fn value(path_prefix: &[Node], cycle: &[Node], j: usize) -> (Poly, Poly) {
    let l = cycle.len();
    let p = path_prefix.len();
    let w: Poly = algebraic::trim(path_prefix.iter().map(|n| n.payoffs[j].clone()).collect());
    let c: Poly = algebraic::trim(cycle.iter().map(|n| n.payoffs[j].clone()).collect());
    // (1 − δ^L) W(δ) + δ^P C(δ), over 1 + δ + … + δ^(L−1).
    let mut one_minus = algebraic::monomial(l);
    one_minus = algebraic::sub(&[BigRational::one()], &one_minus);
    let num = algebraic::add(
        &algebraic::mul(&one_minus, &w),
        &algebraic::mul(&algebraic::monomial(p), &c),
    );
    (num, geometric(l))
}

/// The incentive constraint `h(δ) >= 0` of player `j` at the start of the continuation
/// `(prefix, cycle)` whose first node is played now: continuing is worth at least deviating
/// once and then suffering `punish`.
pub(super) fn constraint(prefix: &[Node], cycle: &[Node], punish: &Path, j: usize) -> Poly {
    let now = prefix.first().unwrap_or(&cycle[0]);
    let (n1, d1) = value(prefix, cycle, j);
    let (n2, d2) = value(&punish.prefix, &punish.cycle, j);
    let one_minus_x = vec![BigRational::one(), -BigRational::one()];
    let dev = algebraic::scale(
        &algebraic::mul(&one_minus_x, &algebraic::mul(&d1, &d2)),
        &now.deviation[j],
    );
    let later = algebraic::mul(&algebraic::monomial(1), &algebraic::mul(&n2, &d1));
    algebraic::sub(&algebraic::sub(&algebraic::mul(&n1, &d2), &dev), &later)
}

/// A checked constraint: the polynomial, the player and where it sits.
struct Constraint {
    poly: Poly,
    player: usize,
    period: usize,
    phase: String,
}

/// Every one-shot deviation constraint of a code: at each period of the target cycle and of
/// each punishment path, for every player (a punishment path that returns to the target
/// cycle has its cycle checked once, as the target).
fn constraints(code: &Code, n: usize, continuation: &BigRational) -> Result<Vec<Constraint>> {
    let mut out: Vec<Constraint> = Vec::new();
    let mut push = |prefix: &[Node], cycle: &[Node], phase: &str, period: usize| -> Result<()> {
        interrupt::check()?;
        for j in 0..n {
            let h = constraint(prefix, cycle, &code.punish[j], j);
            let h = algebraic::compose_scale(&h, continuation);
            algebraic::check_degree(&h, MAX_DEGREE, "profile")?;
            out.push(Constraint {
                poly: h,
                player: j,
                period,
                phase: phase.to_string(),
            });
        }
        Ok(())
    };
    let rotate = |cycle: &[Node], k: usize| -> Vec<Node> {
        let mut c = cycle[k..].to_vec();
        c.extend_from_slice(&cycle[..k]);
        c
    };
    for k in 0..code.target.cycle.len() {
        push(&[], &rotate(&code.target.cycle, k), "target", k)?;
    }
    for path in &code.punish {
        for s in 0..path.prefix.len() {
            push(&path.prefix[s..], &path.cycle, &path.phase, s)?;
        }
        if path.cycle != code.target.cycle {
            for k in 0..path.cycle.len() {
                let period = path.prefix.len() + k;
                push(&[], &rotate(&path.cycle, k), &path.phase, period)?;
            }
        }
    }
    Ok(out)
}

/// The stage node of a pure profile (exact payoffs and best deviation payoffs).
pub(super) fn pure_node(game: &Game, profile: &[usize]) -> Node {
    let n = game.num_players();
    let idx = game
        .checked_profile_index(profile)
        .expect("checked profile");
    let strides = game.profile_strides();
    let payoffs: Vec<BigRational> = (0..n).map(|j| game.exact_payoff(idx * n + j)).collect();
    let deviation = (0..n)
        .map(|j| {
            let base = idx - profile[j] * strides[j];
            (0..game.shape()[j])
                .map(|a| game.exact_payoff((base + a * strides[j]) * n + j))
                .max()
                .expect("an action")
        })
        .collect();
    let labels = Labels::of(game);
    let label = format!(
        "({})",
        profile
            .iter()
            .enumerate()
            .map(|(i, &a)| labels.action(i, a))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Node {
        payoffs,
        deviation,
        label,
    }
}

/// The pure stage Nash equilibria, exactly, in C order.
pub(super) fn pure_equilibria(game: &Game) -> Result<Vec<Vec<usize>>> {
    let shape = game.shape().to_vec();
    let mut out = Vec::new();
    let total = game.num_profiles();
    for flat in 0..total {
        if flat % 4096 == 0 {
            interrupt::check()?;
        }
        let mut profile = vec![0; shape.len()];
        let mut rest = flat;
        for i in (0..shape.len()).rev() {
            profile[i] = rest % shape[i];
            rest /= shape[i];
        }
        let node = pure_node(game, &profile);
        if node.payoffs == node.deviation {
            out.push(profile);
        }
    }
    Ok(out)
}

/// Most pure profiles scanned for stage equilibria.
const MAX_SCAN: usize = 1 << 22;

impl RepeatedGame {
    /// The critical discount factors of a target cycle of pure stage profiles under
    /// `punishment`: see [`CriticalDiscount`] and [`Punishment`].
    ///
    /// Each one-shot deviation constraint of the penal code (the one-shot deviation principle
    /// makes them sufficient for subgame perfection) reads
    /// `V_cont(δ) >= (1 − δ) d + δ V_pun(δ)`, where values are normalised discounted sums of
    /// eventually periodic paths; multiplied by the positive denominators
    /// `1 + δ + … + δ^(L−1)` it is a polynomial inequality in `δ` (linear for a single
    /// profile, where it gives the closed form `δ_i = (d_i − u_i(a)) / (d_i − p_i)`). The set
    /// of `δ` in `[0, 1)` where all hold is computed exactly ([`AlgebraicNumber`]: roots
    /// isolated by Sturm sequences and bisection on rationals). Payoffs are the stage game's
    /// exact payoffs ([`Game::exact_payoff`]).
    ///
    /// # Arguments
    /// * `cycle` – one or more pure profiles, played in turn for ever.
    /// * `punishment` – see [`Punishment`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty cycle or one longer than [`MAX_CYCLE`]
    /// ([`MAX_OPTIMAL_CYCLE`] for [`Punishment::Optimal`]), a finitely repeated game, a
    /// [`Punishment::Nash`] profile that is not an exact stage equilibrium,
    /// [`Punishment::Grim`] when the stage game has no pure equilibrium (say which to use
    /// instead), [`Punishment::Optimal`] or [`Punishment::StickAndCarrot`] with other than
    /// 2 players, [`Punishment::Optimal`] with unequal discount factors;
    /// [`Error::InvalidProfile`] for a profile that does not fit the game;
    /// [`Error::Interrupted`] if stopped.
    ///
    /// # Complexity
    /// For a cycle of `L` profiles: `O(n (L + T))` constraints of degree `O(L + T)`, each
    /// solved by a Sturm sequence over big rationals; [`Punishment::StickAndCarrot`] repeats
    /// this for the [`MAX_STICK`]² stick lengths, [`Punishment::Optimal`] adds up to 16
    /// minmax-reversion codes and, when the bounds differ, a bisection of about
    /// `log2(1/`[`BRACKET_WIDTH`](crate::repeated::BRACKET_WIDTH)`)` steps, each running the
    /// Abreu-Sannikov iteration (see [`optimal_code`](crate::repeated::optimal_code)). Grim
    /// scans all pure profiles for stage equilibria.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{Punishment, RepeatedGame};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let rg = RepeatedGame::new(pd, 0.9)?;
    /// // Alternating (C, D), (D, C): (0 + 5δ) / (1 + δ) >= 1 at (C, D), so δ >= 1/4.
    /// let c = rg.critical_discount(&[vec![0, 1], vec![1, 0]], Punishment::Grim)?;
    /// assert_eq!(c.discount, Some(0.25));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn critical_discount(
        &self,
        cycle: &[Vec<usize>],
        punishment: Punishment,
    ) -> Result<CriticalDiscount> {
        let game = self.stage();
        let n = game.num_players();
        if cycle.is_empty() {
            return Err(Error::InvalidArgument(
                "profile: the cycle is empty; give a profile (one action per player) or a list of profiles".into(),
            ));
        }
        if cycle.len() > MAX_CYCLE {
            return Err(Error::InvalidArgument(format!(
                "profile: a cycle of {} profiles is longer than the {MAX_CYCLE} detente solves exactly",
                cycle.len()
            )));
        }
        if self.horizon().is_some() {
            return Err(Error::InvalidArgument(
                "critical_discount: the game has a finite horizon; critical discount factors are defined for infinitely repeated games (build the RepeatedGame without horizon)".into(),
            ));
        }
        if matches!(punishment, Punishment::Optimal | Punishment::StickAndCarrot)
            && cycle.len() > MAX_OPTIMAL_CYCLE
        {
            return Err(Error::InvalidArgument(format!(
                "profile: optimal and stick-and-carrot penal codes are searched for cycles of at most {MAX_OPTIMAL_CYCLE} profiles (each of the {} stick lengths is solved exactly); this cycle has {}: use punishment=\"grim\" or a shorter cycle",
                MAX_STICK * MAX_STICK,
                cycle.len()
            )));
        }
        for p in cycle {
            game.checked_profile_index(p)?;
        }
        let target = Path {
            prefix: Vec::new(),
            cycle: cycle.iter().map(|p| pure_node(game, p)).collect(),
            phase: "target".into(),
        };
        let names = Labels::of(game);
        let mut codes: Vec<Code> = Vec::new();
        match &punishment {
            Punishment::Grim => codes.push(grim_code(game, &target, &names)?.ok_or_else(|| {
                Error::InvalidArgument(
                    "punishment: the stage game has no pure Nash equilibrium to revert to; pass a stage equilibrium to punish with (a mixed one from detente.solve), or use punishment=\"optimal\"".into(),
                )
            })?),
            Punishment::Nash(profile) => codes.push(nash_code(game, &target, profile)?),
            Punishment::Optimal => {
                if n != 2 {
                    return Err(Error::InvalidArgument(format!(
                        "punishment: \"optimal\" penal codes are solved for 2-player stage games; this one has {n} players (use \"grim\")"
                    )));
                }
                if self.exact_discount(0) != self.exact_discount(1) {
                    return Err(Error::InvalidArgument(format!(
                        "discount: the players discount at {} and {}; optimal penal codes are computed for a common discount factor (the equilibrium payoff set needs one): give one number, or use punishment=\"stick_and_carrot\" or \"grim\"",
                        crate::format::rational(self.exact_discount(0)),
                        crate::format::rational(self.exact_discount(1))
                    )));
                }
                // The simple codes whose thresholds bound the optimal one from above.
                if let Some(code) = grim_code(game, &target, &names)? {
                    codes.push(code);
                }
                codes.extend(stick_codes(game, &target, &names));
                codes.extend(minmax_codes(game, &target, &names));
            }
            Punishment::StickAndCarrot => {
                if n != 2 {
                    return Err(Error::InvalidArgument(format!(
                        "punishment: \"stick_and_carrot\" penal codes are solved for 2-player stage games; this one has {n} players (use \"grim\")"
                    )));
                }
                if let Some(code) = grim_code(game, &target, &names)? {
                    codes.push(code);
                }
                codes.extend(stick_codes(game, &target, &names));
            }
        }
        let mut best: Option<CriticalDiscount> = None;
        for code in codes {
            let result = self.solve_code(&code, cycle, punishment.name())?;
            best = Some(match best {
                None => result,
                Some(b) => better(b, result),
            });
        }
        let best = best.expect("at least one code");
        if matches!(punishment, Punishment::Optimal) {
            return super::optimal_code::solve(self, &target, cycle, best);
        }
        Ok(best)
    }

    /// The sets of discount factors at which `code` sustains its target.
    fn solve_code(
        &self,
        code: &Code,
        cycle: &[Vec<usize>],
        name: &str,
    ) -> Result<CriticalDiscount> {
        let game = self.stage();
        let n = game.num_players();
        let labels = Labels::of(game);
        let list = constraints(code, n, self.exact_continuation())?;
        let polys: Vec<Poly> = list.iter().map(|c| c.poly.clone()).collect();
        let mut selection: Vec<Vec<usize>> = (0..n)
            .map(|j| (0..list.len()).filter(|&c| list[c].player == j).collect())
            .collect();
        selection.push((0..list.len()).collect());
        let solutions = algebraic::solve(&polys, &selection)?;
        let bind = |cs: &[usize]| -> Option<Binding> {
            cs.first().map(|&c| Binding {
                player: list[c].player,
                period: list[c].period,
                phase: list[c].phase.clone(),
            })
        };
        let first = |s: &algebraic::Solution| -> Option<AlgebraicNumber> {
            s.intervals.first().map(|i| i.lower.clone())
        };
        let overall = &solutions[n];
        let mut reasons = Vec::with_capacity(n);
        for j in 0..n {
            if solutions[j].intervals.is_empty() {
                // Name a constraint that fails just below 1, or say none holds throughout.
                let mut reason = format!(
                    "no discount factor in [0, 1) satisfies {}'s incentive constraints",
                    labels.player(j)
                );
                for &c in &selection[j] {
                    if algebraic::sign_near_one(&list[c].poly)? < 0 {
                        reason = format!(
                            "{}'s one-shot deviation at period {} of the {} phase pays even as the discount factor tends to 1: the path gives {} less than the punishment",
                            labels.player(j),
                            list[c].period,
                            list[c].phase,
                            labels.player(j)
                        );
                        break;
                    }
                }
                reasons.push(Some(reason));
            } else {
                reasons.push(None);
            }
        }
        let holds = (0..n).all(|j| {
            let d = self.exact_discount(j);
            solutions[j].intervals.iter().any(|i| contains(i, d))
        });
        let exact = first(overall);
        Ok(CriticalDiscount {
            cycle: cycle.to_vec(),
            punishment: name.to_string(),
            code: code.text.clone(),
            discount: exact.as_ref().map(|a| a.value),
            binding: overall.binding.first().and_then(|b| bind(b)),
            discount_exact: exact,
            intervals: overall.intervals.clone(),
            thresholds: (0..n)
                .map(|j| first(&solutions[j]).map(|a| a.value))
                .collect(),
            thresholds_exact: (0..n).map(|j| first(&solutions[j])).collect(),
            player_intervals: (0..n).map(|j| solutions[j].intervals.clone()).collect(),
            player_binding: (0..n)
                .map(|j| solutions[j].binding.first().and_then(|b| bind(b)))
                .collect(),
            reasons,
            holds,
            stick: code.stick.clone(),
            minmax_profiles: code.minmax.clone(),
            method: exact_method(),
            bracket: overall.intervals.first().map(|i| outward(&i.lower)),
            worst_payoffs: Vec::new(),
        })
    }
}

/// The largest float at most `r`.
pub(super) fn down(r: &BigRational) -> f64 {
    let x = num_traits::ToPrimitive::to_f64(r).unwrap_or(f64::NAN);
    match BigRational::from_float(x) {
        Some(q) if q > *r => x.next_down(),
        _ => x,
    }
}

/// The smallest float at least `r`.
pub(super) fn up(r: &BigRational) -> f64 {
    let x = num_traits::ToPrimitive::to_f64(r).unwrap_or(f64::NAN);
    match BigRational::from_float(x) {
        Some(q) if q < *r => x.next_up(),
        _ => x,
    }
}

/// Floats around an algebraic number: `[down(lower), up(upper)]`.
pub(super) fn outward(a: &AlgebraicNumber) -> [f64; 2] {
    [down(&a.lower), up(&a.upper)]
}

/// Whether the closed interval holds the rational `d`.
pub(super) fn contains(i: &DiscountInterval, d: &BigRational) -> bool {
    let above = match &i.lower.exact {
        Some(r) => d >= r,
        None => d > &i.lower.upper || (d > &i.lower.lower && exact_side(&i.lower, d) >= 0),
    };
    let below = match &i.upper {
        None => true,
        Some(u) => match &u.exact {
            Some(r) => d <= r,
            None => d < &u.lower || (d < &u.upper && exact_side(u, d) <= 0),
        },
    };
    above && below
}

/// The sign of `d − a` for `d` inside `a`'s bracket.
fn exact_side(a: &AlgebraicNumber, d: &BigRational) -> i8 {
    let mut a = a.clone();
    let mut b = AlgebraicNumber::rational(d.clone());
    match algebraic::compare(&mut b, &mut a) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }
}

/// The result with the smaller critical discount factor (the first on ties).
fn better(a: CriticalDiscount, b: CriticalDiscount) -> CriticalDiscount {
    match (&a.discount_exact, &b.discount_exact) {
        (None, Some(_)) => b,
        (Some(x), Some(y)) => {
            let (mut x, mut y) = (x.clone(), y.clone());
            if algebraic::compare(&mut y, &mut x) == std::cmp::Ordering::Less {
                b
            } else {
                a
            }
        }
        _ => a,
    }
}

/// Grim reversion to the worst pure stage equilibrium of each deviator, if any exists.
fn grim_code(game: &Game, target: &Path, labels: &Labels) -> Result<Option<Code>> {
    if game.num_profiles() > MAX_SCAN {
        return Err(Error::InvalidArgument(format!(
            "punishment: the stage game has {} pure profiles, more than the {MAX_SCAN} scanned for stage equilibria; pass the equilibrium to punish with",
            game.num_profiles()
        )));
    }
    let equilibria = pure_equilibria(game)?;
    if equilibria.is_empty() {
        return Ok(None);
    }
    let n = game.num_players();
    let nodes: Vec<Node> = equilibria.iter().map(|p| pure_node(game, p)).collect();
    let mut punish = Vec::with_capacity(n);
    let mut text = Vec::new();
    for j in 0..n {
        let worst = (0..nodes.len())
            .min_by(|&a, &b| nodes[a].payoffs[j].cmp(&nodes[b].payoffs[j]))
            .expect("an equilibrium");
        text.push(format!(
            "{} deviates: {} for ever",
            labels.player(j),
            nodes[worst].label
        ));
        punish.push(Path {
            prefix: Vec::new(),
            cycle: vec![nodes[worst].clone()],
            phase: format!("punishing {}", labels.player(j)),
        });
    }
    Ok(Some(Code {
        target: target.clone(),
        punish,
        text: format!(
            "grim reversion to the worst pure stage equilibrium: {}",
            text.join("; ")
        ),
        stick: Vec::new(),
        minmax: Vec::new(),
    }))
}

/// Grim reversion to a given stage equilibrium.
fn nash_code(game: &Game, target: &Path, profile: &[Vec<BigRational>]) -> Result<Code> {
    let regret = game
        .exact_regret(profile)
        .map_err(|e| Error::InvalidArgument(format!("punishment: {e}")))?;
    if regret.iter().any(|r| !r.is_zero()) {
        return Err(Error::InvalidArgument(
            "punishment: the profile is not a Nash equilibrium of the stage game (some player gains by deviating); give a stage equilibrium".into(),
        ));
    }
    let payoffs = game.exact_expected_payoffs(profile)?;
    let labels = Labels::of(game);
    let floats: Vec<Vec<f64>> = profile
        .iter()
        .map(|s| {
            s.iter()
                .map(|x| num_traits::ToPrimitive::to_f64(x).unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    let node = Node {
        deviation: payoffs.clone(),
        payoffs,
        label: labels.profile(&floats),
    };
    let n = game.num_players();
    Ok(Code {
        target: target.clone(),
        punish: (0..n)
            .map(|j| Path {
                prefix: Vec::new(),
                cycle: vec![node.clone()],
                phase: format!("punishing {}", labels.player(j)),
            })
            .collect(),
        text: format!("grim reversion to the stage equilibrium {}", node.label),
        stick: Vec::new(),
        minmax: Vec::new(),
    })
}

/// Player `i`'s pure minmax profile in a 2-player game: the other player's action that holds
/// `i`'s best reply lowest (ties: the smallest temptation for the punisher, then the first),
/// and `i`'s best reply to it (ties: the one best for the punisher, then the first).
pub(super) fn pure_minmax_profile(game: &Game, i: usize) -> Vec<usize> {
    let j = 1 - i;
    let shape = game.shape();
    let mut best: Option<(BigRational, BigRational, Vec<usize>)> = None;
    for b in 0..shape[j] {
        let mut reply: Option<(Vec<usize>, Node)> = None;
        for a in 0..shape[i] {
            let mut p = vec![0; 2];
            p[i] = a;
            p[j] = b;
            let node = pure_node(game, &p);
            let better = match &reply {
                None => true,
                Some((_, r)) => {
                    node.payoffs[i] > r.payoffs[i]
                        || (node.payoffs[i] == r.payoffs[i] && node.payoffs[j] > r.payoffs[j])
                }
            };
            if better {
                reply = Some((p, node));
            }
        }
        let (p, node) = reply.expect("an action");
        let value = node.payoffs[i].clone();
        let temptation = &node.deviation[j] - &node.payoffs[j];
        let better = match &best {
            None => true,
            Some((v, t, _)) => value < *v || (value == *v && temptation < *t),
        };
        if better {
            best = Some((value, temptation, p));
        }
    }
    best.expect("an action").2
}

/// The stick-and-carrot codes: `T_i` periods of `i`'s pure minmax profile, then the target.
fn stick_codes(game: &Game, target: &Path, labels: &Labels) -> Vec<Code> {
    let profiles: Vec<Vec<usize>> = (0..2).map(|i| pure_minmax_profile(game, i)).collect();
    let minmax: Vec<Node> = profiles.iter().map(|p| pure_node(game, p)).collect();
    let mut out = Vec::new();
    for t0 in 1..=MAX_STICK {
        for t1 in 1..=MAX_STICK {
            let sticks = [t0, t1];
            let punish = (0..2)
                .map(|i| Path {
                    prefix: vec![minmax[i].clone(); sticks[i]],
                    cycle: target.cycle.clone(),
                    phase: format!("punishing {}", labels.player(i)),
                })
                .collect();
            let text = (0..2)
                .map(|i| {
                    format!(
                        "{} deviates: {} for {} period{}, then the target",
                        labels.player(i),
                        minmax[i].label,
                        sticks[i],
                        if sticks[i] == 1 { "" } else { "s" }
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            out.push(Code {
                target: target.clone(),
                punish,
                text: format!("stick and carrot (pure minmax punishments): {text}"),
                stick: sticks.to_vec(),
                minmax: profiles.clone(),
            });
        }
    }
    out
}

/// The most minmax profiles tried per punished player by [`minmax_codes`].
const MAX_MINMAX_PROFILES: usize = 4;

/// Every pure minmax profile of player `i` in a 2-player game (the other player's action
/// holds `i`'s best reply to its pure minmax value, `i` plays one of its best replies),
/// the punisher's smallest temptation first, at most [`MAX_MINMAX_PROFILES`].
fn minmax_profiles(game: &Game, i: usize) -> Vec<Node> {
    let j = 1 - i;
    let shape = game.shape();
    let mut all: Vec<(BigRational, usize, Node)> = Vec::new();
    let m = pure_node(game, &pure_minmax_profile(game, i)).payoffs[i].clone();
    for b in 0..shape[j] {
        for a in 0..shape[i] {
            let mut p = vec![0; 2];
            p[i] = a;
            p[j] = b;
            let node = pure_node(game, &p);
            if node.payoffs[i] == m && node.deviation[i] == m {
                let temptation = &node.deviation[j] - &node.payoffs[j];
                all.push((temptation, all.len(), node));
            }
        }
    }
    all.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
    all.into_iter()
        .take(MAX_MINMAX_PROFILES)
        .map(|x| x.2)
        .collect()
}

/// The minmax-reversion codes: after a deviation by `i`, one of `i`'s pure minmax profiles
/// for ever (`i` gets exactly its pure minmax payoff, so no code punishes harder; the
/// punisher is kept in line by its own minmax punishment).
fn minmax_codes(game: &Game, target: &Path, labels: &Labels) -> Vec<Code> {
    let candidates: Vec<Vec<Node>> = (0..2).map(|i| minmax_profiles(game, i)).collect();
    let mut out = Vec::new();
    for m0 in &candidates[0] {
        for m1 in &candidates[1] {
            let chosen = [m0, m1];
            let punish = (0..2)
                .map(|i| Path {
                    prefix: Vec::new(),
                    cycle: vec![chosen[i].clone()],
                    phase: format!("punishing {}", labels.player(i)),
                })
                .collect();
            let text = (0..2)
                .map(|i| {
                    format!(
                        "{} deviates: {} for ever",
                        labels.player(i),
                        chosen[i].label
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            out.push(Code {
                target: target.clone(),
                punish,
                text: format!("minmax reversion: {text}"),
                stick: Vec::new(),
                minmax: Vec::new(),
            });
        }
    }
    out
}

fn exact_cell(a: &Option<AlgebraicNumber>) -> Cell {
    match a {
        Some(AlgebraicNumber { exact: Some(r), .. }) => Cell::Exact(r.clone()),
        Some(a) => Cell::Text(a.describe()),
        None => Cell::Missing,
    }
}

impl Report for CriticalDiscount {
    fn summary(&self, labels: &Labels) -> String {
        let target = self
            .cycle
            .iter()
            .map(|p| {
                format!(
                    "({})",
                    p.iter()
                        .enumerate()
                        .map(|(i, &a)| labels.action(i, a))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join(" → ");
        let what = match (&self.discount_exact, &self.bracket) {
            (Some(a), _) => format!("sustained from δ = {}", a.describe()),
            (None, Some([lo, hi])) => format!(
                "sustained from δ in [{}, {}]",
                crate::format::number(*lo),
                crate::format::number(*hi)
            ),
            (None, None) => "never sustained".to_string(),
        };
        let binding = match &self.binding {
            Some(b) => format!(
                "; binding: {} at period {} of the {} phase",
                labels.player(b.player),
                b.period,
                b.phase
            ),
            None => String::new(),
        };
        format!(
            "{target}: {what} by {} punishment{binding}; holds at the game's discount factors: {}",
            self.punishment, self.holds
        )
    }

    fn table(&self, labels: &Labels) -> Table {
        let mut t = Table::new([
            "player",
            "threshold",
            "threshold_exact",
            "binding_phase",
            "binding_period",
            "reason",
        ]);
        for (j, th) in self.thresholds.iter().enumerate() {
            let b = &self.player_binding[j];
            t.push(vec![
                labels.player(j).into(),
                th.map_or(Cell::Missing, Cell::Float),
                exact_cell(&self.thresholds_exact[j]),
                b.as_ref()
                    .map_or(Cell::Missing, |b| Cell::Text(b.phase.clone())),
                b.as_ref().map_or(Cell::Missing, |b| b.period.into()),
                self.reasons[j].clone().map_or(Cell::Missing, Cell::Text),
            ]);
        }
        t
    }
}

impl Validate for CriticalDiscount {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        let n = labels.players.len();
        let shape = labels.shape();
        let bad = |what: &str, msg: String| Err(Error::Json(format!("{what} {msg}")));
        for p in &self.cycle {
            if p.len() != n || p.iter().zip(&shape).any(|(&a, &k)| a >= k) {
                return bad("cycle", "holds a profile that does not fit the game".into());
            }
        }
        if self.cycle.is_empty() {
            return bad("cycle", "is empty".into());
        }
        for v in [
            &self.thresholds.len(),
            &self.thresholds_exact.len(),
            &self.reasons.len(),
            &self.player_binding.len(),
            &self.player_intervals.len(),
        ] {
            if *v != n {
                return bad("thresholds", format!("have {v} entries for {n} players"));
            }
        }
        let in_unit = |x: f64| (0.0..1.0).contains(&x);
        if let Some([lo, hi]) = self.bracket
            && !(0.0 <= lo && lo <= hi && hi <= 1.0)
        {
            return bad(
                "bracket",
                format!("[{lo}, {hi}] is not an interval in [0, 1]"),
            );
        }
        if self.discount.is_some_and(|x| !in_unit(x))
            || self.thresholds.iter().flatten().any(|&x| !in_unit(x))
        {
            return bad("discount", "is outside [0, 1)".into());
        }
        for b in self.player_binding.iter().flatten().chain(&self.binding) {
            if b.player >= n {
                return bad("binding", format!("names player {} of {n}", b.player));
            }
        }
        for a in self
            .thresholds_exact
            .iter()
            .flatten()
            .chain(&self.discount_exact)
        {
            if a.lower > a.upper || a.lower.is_negative() {
                return bad(
                    "threshold",
                    "has a bracket whose lower end exceeds its upper end".into(),
                );
            }
        }
        Ok(())
    }
}
