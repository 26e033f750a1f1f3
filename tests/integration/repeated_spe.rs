//! Exact payoffs of automaton profiles, the subgame-perfection check and the SPE discount
//! range (`RepeatedGame::payoffs`, `is_spe`, `spe_discount_range`): hand-derived fractions,
//! and property tests against independent routines (simulation of play, a brute-force
//! one-shot deviation search over histories).

use crate::common::frac;
use detente::Game;
use detente::repeated::{Automaton, RealRoot, RepeatedGame};
use ndarray::{ArrayD, IxDyn, array};
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Games and automata.

fn int(x: i64) -> BigRational {
    BigRational::from_integer(x.into())
}

/// The symmetric prisoners' dilemma with payoffs R (mutual cooperation), S (sucker), T
/// (temptation), P (mutual defection); cooperation is action 0. Exact.
fn pd(r: i64, s: i64, t: i64, p: i64) -> Game {
    let a = array![[int(r), int(s)], [int(t), int(p)]].into_dyn();
    Game::from_exact_player_arrays(&[a.view(), a.t()]).unwrap()
}

/// An exact stage game of any shape from integer payoffs (profile by profile, player by player).
fn exact_game(shape: &[usize], payoffs: &[i64]) -> Game {
    let mut full = shape.to_vec();
    full.push(shape.len());
    let values = payoffs.iter().map(|&x| int(x)).collect();
    Game::new_exact(ArrayD::from_shape_vec(IxDyn(&full), values).unwrap()).unwrap()
}

fn names(k: usize) -> Vec<String> {
    (0..k).map(|s| format!("s{s}")).collect()
}

/// A 2×2 automaton from its actions and its next state after (own, other) = CC, CD, DC, DD.
fn auto2(actions: &[usize], table: &[[usize; 4]], initial: usize) -> Automaton {
    Automaton::pure(
        names(actions.len()),
        actions.to_vec(),
        table.iter().map(|r| r.to_vec()).collect(),
        vec![2, 2],
        initial,
    )
    .unwrap()
}

fn grim() -> Automaton {
    auto2(&[0, 1], &[[0, 1, 1, 1], [1, 1, 1, 1]], 0)
}

/// State 0 = the other cooperated last (play C), state 1 = the other defected (play D).
fn tft() -> Automaton {
    auto2(&[0, 1], &[[0, 1, 0, 1], [0, 1, 0, 1]], 0)
}

fn all_d() -> Automaton {
    auto2(&[1], &[[0, 0, 0, 0]], 0)
}

fn all_c() -> Automaton {
    auto2(&[0], &[[0, 0, 0, 0]], 0)
}

fn rg(game: Game, delta: BigRational) -> RepeatedGame {
    let n = game.num_players();
    RepeatedGame::new_exact(game, vec![delta; n]).unwrap()
}

fn single(range: &detente::repeated::SpeDiscountRange) -> (String, usize) {
    let text: Vec<String> = range.intervals.iter().map(|i| i.text()).collect();
    (text.join(" ∪ "), range.intervals.len())
}

// ---------------------------------------------------------------------------------------------
// Hand-derived values.

#[test]
fn grim_against_grim_is_spe_exactly_from_one_half() {
    // At (c, c): following gives 3; defecting once gives (1 - δ)·5 + δ·1 (then mutual
    // punishment). 3 >= 5 - 4δ  <=>  δ >= 1/2. At (p, p) both play the stage equilibrium.
    // (c, p) and (p, c) are unreachable: any defection sends both automata to p.
    let game = pd(3, 0, 5, 1);
    let range = rg(game.clone(), frac(9, 10))
        .spe_discount_range(&[&grim(), &grim()])
        .unwrap();
    assert_eq!(single(&range), ("[1/2, 1)".into(), 1));
    assert!(range.contains(&frac(1, 2)) && !range.contains(&frac(49, 100)));
    let at_half = rg(game.clone(), frac(1, 2))
        .is_spe(&[&grim(), &grim()])
        .unwrap();
    assert!(at_half.is_spe);
    assert_eq!(at_half.joint_states, 2);
    // The slack at δ = 1/2 is 0 (the deviation ties); at δ = 3/5 it is 3 - (2 + 3/5) = 2/5.
    assert_eq!(at_half.slack_exact, Some(frac(0, 1)));
    let check = rg(game.clone(), frac(3, 5))
        .is_spe(&[&grim(), &grim()])
        .unwrap();
    assert_eq!(check.slack_exact, Some(frac(2, 5)));
    let fail = rg(game, frac(1, 4)).is_spe(&[&grim(), &grim()]).unwrap();
    let d = fail.violation.unwrap();
    // Gain at δ = 1/4: (3/4)·5 + 1/4 - 3 = 1.
    assert_eq!(d.gain_exact, Some(frac(1, 1)));
    assert_eq!((d.state, d.action), (vec!["s0".into(), "s0".into()], 1));
}

#[test]
fn tit_for_tat_is_never_spe_in_the_pd_3_0_5_1() {
    // TFT vs TFT, PD (R, S, T, P) = (3, 0, 5, 1), β = δ. Joint states are the pairs of
    // last actions of the other; all four are reachable.
    // (C,C): V = 3. Player 1 defecting gets T now, then (C,D),(D,C),... alternate with
    //   player 1 earning 0, 5, 0, ...: value 5β/(1+β). Constraint 3 >= (1-β)5 + β·5β/(1+β)
    //   <=> 3(1+β) >= 5  <=>  β >= 2/3.
    // (C,D) (1 cooperates, 2 punishes): player 1 gets 0,5,0,5,…: 5β/(1+β); deviating to D
    //   leads to (D,D) for ever: 1. Constraint β >= 1/4. Player 2 gets 5,0,5,…: 5/(1+β);
    //   deviating to C gives (C,C) for ever: 3. Constraint 5/(1+β) >= 3 <=> β <= 2/3.
    // (D,D): V = 1; cooperating gives 0 now then (D,C): 5,0,…: β·5/(1+β).
    //   Constraint 1 >= 5β/(1+β) <=> β <= 1/4.
    // β >= 2/3 and β <= 1/4 together: empty. (TFT is SPE only when
    // (T - R)/(R - S) = (P - S)/(T - P); here 2/3 ≠ 1/4.)
    let range = rg(pd(3, 0, 5, 1), frac(1, 2))
        .spe_discount_range(&[&tft(), &tft()])
        .unwrap();
    assert!(range.is_empty(), "{range:?}");
    for delta in [frac(1, 4), frac(2, 3), frac(9, 10)] {
        let check = rg(pd(3, 0, 5, 1), delta).is_spe(&[&tft(), &tft()]).unwrap();
        assert!(!check.is_spe);
    }
    // At δ = 2/3 only the (D,D) constraint fails: gain 5(2/3)/(5/3) - 1 = 1, times... the
    // normalised gain is β·5/(1+β) - 1 = 2 - 1 = 1.
    let check = rg(pd(3, 0, 5, 1), frac(2, 3))
        .is_spe(&[&tft(), &tft()])
        .unwrap();
    let d = check.violation.unwrap();
    assert_eq!(d.state, vec!["s1".to_string(), "s1".to_string()]);
    assert_eq!((d.action, d.gain_exact), (0, Some(frac(1, 1))));
}

#[test]
fn tit_for_tat_is_spe_at_a_single_point_when_the_two_thresholds_meet() {
    // PD (3, 0, 4, 1): the constraints of the test above become β >= (T-R)/(R-S) = 1/3,
    // β >= (P-S)/(T-P) = 1/3, β <= 1/3 and β <= 1/3: the single point δ = 1/3.
    let game = pd(3, 0, 4, 1);
    let range = rg(game.clone(), frac(1, 2))
        .spe_discount_range(&[&tft(), &tft()])
        .unwrap();
    assert_eq!(single(&range), ("{1/3}".into(), 1));
    assert!(range.intervals[0].is_point());
    assert!(range.contains(&frac(1, 3)));
    assert!(!range.contains(&frac(33, 100)) && !range.contains(&frac(34, 100)));
    assert!(
        rg(game.clone(), frac(1, 3))
            .is_spe(&[&tft(), &tft()])
            .unwrap()
            .is_spe
    );
    for delta in [frac(33, 100), frac(34, 100)] {
        assert!(
            !rg(game.clone(), delta)
                .is_spe(&[&tft(), &tft()])
                .unwrap()
                .is_spe
        );
    }
}

#[test]
fn always_defect_is_always_spe_and_always_cooperate_never() {
    let range = rg(pd(3, 0, 5, 1), frac(1, 2))
        .spe_discount_range(&[&all_d(), &all_d()])
        .unwrap();
    assert_eq!(single(&range), ("[0, 1)".into(), 1));
    // Always cooperate: defecting gains (1-δ)(5-3) > 0 for every δ < 1.
    let range = rg(pd(3, 0, 5, 1), frac(1, 2))
        .spe_discount_range(&[&all_c(), &all_c()])
        .unwrap();
    assert!(range.is_empty());
    let check = rg(pd(3, 0, 5, 1), frac(9, 10))
        .is_spe(&[&all_c(), &all_c()])
        .unwrap();
    assert_eq!(check.violation.unwrap().gain_exact, Some(frac(1, 5)));
}

#[test]
fn payoffs_of_pure_profiles_follow_the_prefix_and_cycle() {
    let game = pd(3, 0, 5, 1);
    // Grim vs always defect: (C, D) once, then (D, D) for ever.
    // Player 1: (1-δ)·0 + δ·1 = δ; player 2: (1-δ)·5 + δ.
    let v = rg(game.clone(), frac(9, 10))
        .payoffs(&[&grim(), &all_d()])
        .unwrap();
    assert_eq!(v.payoffs_exact, Some(vec![frac(9, 10), frac(7, 5)]));
    assert_eq!(v.prefix, Some(vec![vec![0, 1]]));
    assert_eq!(v.cycle, Some(vec![vec![1, 1]]));
    assert!((v.payoffs[1] - 1.4).abs() < 1e-15);
    // Per-player discount factors and a continuation probability: β_1 = 1/2 · 1/2,
    // β_2 = 9/10 · 1/2.
    let rg2 = RepeatedGame::new_exact(game.clone(), vec![frac(1, 2), frac(9, 10)])
        .unwrap()
        .with_continuation(0.5)
        .unwrap();
    let v = rg2.payoffs(&[&grim(), &all_d()]).unwrap();
    assert_eq!(
        v.payoffs_exact,
        Some(vec![frac(1, 4), frac(11, 20) * int(5) + frac(9, 20)])
    );
    // Finite horizon: plain sums. Grim vs all-D over 3 periods with δ = 1: 0+1+1 and 5+1+1.
    let fin = RepeatedGame::finite(game.clone(), vec![int(1), int(1)], 3).unwrap();
    let v = fin.payoffs(&[&grim(), &all_d()]).unwrap();
    assert_eq!(v.payoffs_exact, Some(vec![int(2), int(7)]));
    // A float game gives floats only.
    let float_pd = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    let v = RepeatedGame::new(float_pd, 0.9)
        .unwrap()
        .payoffs(&[&grim(), &all_d()])
        .unwrap();
    assert!(v.payoffs_exact.is_none());
    assert!((v.payoffs[0] - 0.9).abs() < 1e-15);
}

/// "Random(q)": one state playing C with probability q.
fn random(q: BigRational) -> Automaton {
    Automaton::new(
        names(1),
        vec![vec![q.clone(), BigRational::one() - q]],
        vec![vec![0; 4]],
        vec![2, 2],
        0,
    )
    .unwrap()
}

#[test]
fn payoffs_of_mixed_profiles_solve_the_markov_chain() {
    // TFT against Random(1/2), δ = 1/2. TFT's state is Random's last action, so the chain
    // is: in state C (TFT plays C) player 1 earns 3 or 0 (mean 3/2), in state D (TFT plays D)
    // earns 5 or 1 (mean 3); the next state is C or D with probability 1/2 each whatever
    // happens. V_C = (1/2)(3/2) + (1/2)·V̄, V_D = (1/2)·3 + (1/2)·V̄, V̄ = (V_C + V_D)/2
    // => V̄ = 9/4 and V_C = 3/4 + 9/8 = 15/8.
    let v = rg(pd(3, 0, 5, 1), frac(1, 2))
        .payoffs(&[&tft(), &random(frac(1, 2))])
        .unwrap();
    let exact = v.payoffs_exact.unwrap();
    assert_eq!(exact[0], frac(15, 8));
    // Player 2 in state C earns 3 or 5 (mean 4), in D 0 or 1 (mean 1/2): V̄ = 9/4,
    // V_C = 2 + 9/8 = 25/8.
    assert_eq!(exact[1], frac(25, 8));
    assert!(v.prefix.is_none() && v.cycle.is_none());
}

#[test]
fn mixed_outputs_are_spe_when_every_support_action_is_a_best_reply() {
    // Matching pennies: both mixing 1/2 for ever is SPE at any δ (the stage equilibrium
    // repeated); mixing 1/3 is not (the other player's best reply is pure).
    let mp = exact_game(&[2, 2], &[1, -1, -1, 1, -1, 1, 1, -1]);
    let half = random(frac(1, 2));
    let check = rg(mp.clone(), frac(9, 10)).is_spe(&[&half, &half]).unwrap();
    assert!(check.is_spe);
    assert_eq!(check.slack, None); // no action outside a support
    let range = rg(mp.clone(), frac(1, 2))
        .spe_discount_range(&[&half, &half])
        .unwrap();
    assert_eq!(single(&range), ("[0, 1)".into(), 1));
    let third = random(frac(1, 3));
    let check = rg(mp.clone(), frac(9, 10))
        .is_spe(&[&third, &half])
        .unwrap();
    let d = check.violation.unwrap();
    // Player 2 against 1/3·H + 2/3·T: H earns -1/3·... the gain is (1-δ)·(1/3) over the
    // mixed value 0, i.e. 1/30 at δ = 9/10.
    assert_eq!(d.player, 1);
    assert_eq!(d.gain_exact, Some(frac(1, 30)));
    assert!(
        rg(mp, frac(1, 2))
            .spe_discount_range(&[&third, &half])
            .unwrap()
            .is_empty()
    );
}

#[test]
fn three_players_with_grim_triggers() {
    // A 3-player public-goods game: each contributes (action 0) or not; payoff = 2·(number of
    // contributors)/… scaled to integers: 3·k - 4·(own contribution), k contributors.
    // All contribute: 9 - 4 = 5. A free rider gets 6 (k = 2) then 0 for ever under
    // grim (nobody contributes): 5 >= 6(1-δ)  <=>  δ >= 1/6.
    let shape = [2, 2, 2];
    let mut payoffs = Vec::new();
    for a in 0..8 {
        let acts = [a >> 2 & 1, a >> 1 & 1, a & 1];
        let k = acts.iter().filter(|&&x| x == 0).count() as i64;
        for &x in &acts {
            payoffs.push(3 * k - if x == 0 { 4 } else { 0 });
        }
    }
    let game = exact_game(&shape, &payoffs);
    let mut table = vec![1; 8];
    table[0] = 0; // stay in c only when all three contributed
    let g3 = Automaton::pure(
        names(2),
        vec![0, 1],
        vec![table, vec![1; 8]],
        vec![2, 2, 2],
        0,
    )
    .unwrap();
    let range = rg(game.clone(), frac(1, 2))
        .spe_discount_range(&[&g3, &g3, &g3])
        .unwrap();
    assert_eq!(single(&range), ("[1/6, 1)".into(), 1));
    let v = rg(game, frac(1, 2)).payoffs(&[&g3, &g3, &g3]).unwrap();
    assert_eq!(v.payoffs_exact, Some(vec![int(5); 3]));
}

#[test]
fn finite_horizons_unravel() {
    let game = pd(3, 0, 5, 1);
    let fin = RepeatedGame::finite(game.clone(), vec![int(1), int(1)], 3).unwrap();
    let check = fin.is_spe(&[&grim(), &grim()]).unwrap();
    // In the last period defecting gains 5 - 3 = 2 at once.
    let d = check.violation.unwrap();
    assert_eq!((d.period, d.gain_exact), (Some(2), Some(int(2))));
    assert!(fin.is_spe(&[&all_d(), &all_d()]).unwrap().is_spe);
    let err = fin.spe_discount_range(&[&grim(), &grim()]).unwrap_err();
    assert!(err.to_string().contains("finite horizon"), "{err}");
}

#[test]
fn bad_profiles_are_refused_naming_the_player() {
    let game = pd(3, 0, 5, 1);
    let r = rg(game, frac(1, 2));
    let err = r.payoffs(&[&grim()]).unwrap_err().to_string();
    assert!(
        err.contains("strategies") && err.contains("one per player"),
        "{err}"
    );
    let wide = Automaton::pure(names(1), vec![0], vec![vec![0; 6]], vec![2, 3], 0).unwrap();
    let err = r.is_spe(&[&grim(), &wide]).unwrap_err().to_string();
    assert!(err.contains("player 2"), "{err}");
    // Too many joint states: refused before anything is allocated.
    let big = Automaton::pure(
        names(2000),
        vec![0; 2000],
        vec![vec![0; 4]; 2000],
        vec![2, 2],
        0,
    )
    .unwrap();
    let err = r.is_spe(&[&big, &big]).unwrap_err().to_string();
    assert!(err.contains("joint states"), "{err}");
}

#[test]
fn irrational_ends_are_roots_with_certified_brackets() {
    // Penance: cooperate; after any defection both play D for two periods, then cooperate
    // again (defections during the punishment are ignored). In the PD (3, 0, 5, 1) the only
    // binding constraint is at (c, c):
    //   3 >= (1-δ)·5 + δ(1-δ)·1 + δ²(1-δ)·1 + δ³·3
    //   <=> 3(1 + δ + δ²) >= 5 + δ + δ²  <=>  δ² + δ - 1 >= 0  <=>  δ >= (√5 - 1)/2.
    // In the punishment states both play the stage equilibrium with no effect on the future.
    let penance = auto2(&[0, 1, 1], &[[0, 1, 1, 1], [2, 2, 2, 2], [0, 0, 0, 0]], 0);
    let game = pd(3, 0, 5, 1);
    let range = rg(game.clone(), frac(1, 2))
        .spe_discount_range(&[&penance, &penance])
        .unwrap();
    assert_eq!(range.intervals.len(), 1);
    let interval = &range.intervals[0];
    assert!(interval.low_closed && !interval.high_closed);
    assert_eq!(interval.high, RealRoot::Rational(int(1)));
    let RealRoot::Algebraic(root) = &interval.low else {
        panic!("expected an irrational end, got {:?}", interval.low);
    };
    assert_eq!(root.polynomial, vec![int(-1), int(1), int(1)]);
    let golden = (5f64.sqrt() - 1.0) / 2.0;
    assert!((interval.low.to_f64() - golden).abs() < 1e-15);
    // The bracket certifies the end: not SPE just below it, SPE just above.
    assert!(root.low < root.high);
    let spe = |d: &BigRational| {
        rg(game.clone(), d.clone())
            .is_spe(&[&penance, &penance])
            .unwrap()
            .is_spe
    };
    assert!(!spe(&root.low) && spe(&root.high));
    assert!(!range.contains(&root.low) && range.contains(&root.high));
    assert!(interval.text().starts_with("[0.618"), "{}", interval.text());
}

// ---------------------------------------------------------------------------------------------
// Independent routines: play simulated step by step with `Automaton::next`.

/// The observed profile from seat `i`: own action first, then the others in seat order.
fn seat(profile: &[usize], i: usize) -> Vec<usize> {
    let mut v = vec![profile[i]];
    v.extend(
        profile
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, &a)| a),
    );
    v
}

fn step(autos: &[Automaton], state: &[usize], profile: &[usize]) -> Vec<usize> {
    autos
        .iter()
        .enumerate()
        .map(|(i, a)| a.next(state[i], &seat(profile, i)))
        .collect()
}

fn played(autos: &[Automaton], state: &[usize]) -> Vec<usize> {
    autos
        .iter()
        .enumerate()
        .map(|(i, a)| a.pure_output(state[i]).unwrap())
        .collect()
}

/// Normalised discounted payoffs of pure automata from `state`, simulated for `periods`
/// periods, optionally with player `dev.0` playing `dev.1` in the first period.
fn simulate(
    game: &Game,
    autos: &[Automaton],
    start: &[usize],
    beta: f64,
    periods: usize,
    dev: Option<(usize, usize)>,
) -> Vec<f64> {
    let n = autos.len();
    let mut total = vec![0.0; n];
    let mut state = start.to_vec();
    let mut w = 1.0 - beta;
    for t in 0..periods {
        let mut profile = played(autos, &state);
        if t == 0
            && let Some((i, b)) = dev
        {
            profile[i] = b;
        }
        let u = game.pure_payoffs(&profile);
        for i in 0..n {
            total[i] += w * u[i];
        }
        w *= beta;
        state = step(autos, &state, &profile);
    }
    total
}

/// Every joint state reachable from the initial one by some sequence of action profiles
/// (breadth first over histories).
fn histories(game: &Game, autos: &[Automaton]) -> Vec<Vec<usize>> {
    let start: Vec<usize> = autos.iter().map(|a| a.initial()).collect();
    let mut seen = vec![start];
    let mut k = 0;
    while k < seen.len() {
        let s = seen[k].clone();
        for flat in 0..game.num_profiles() {
            let mut profile = vec![0; game.num_players()];
            let mut rest = flat;
            for (i, &m) in game.shape().iter().enumerate().rev() {
                profile[i] = rest % m;
                rest /= m;
            }
            let t = step(autos, &s, &profile);
            if !seen.contains(&t) {
                seen.push(t);
            }
        }
        k += 1;
    }
    seen
}

/// The largest gain of a one-shot deviation, by simulation, over all reachable joint states.
fn brute_force_gain(
    game: &Game,
    autos: &[Automaton],
    beta: f64,
) -> (f64, Vec<usize>, usize, usize) {
    let periods = periods_for(beta);
    let mut worst = (f64::NEG_INFINITY, vec![], 0, 0);
    for s in histories(game, autos) {
        let follow = simulate(game, autos, &s, beta, periods, None);
        for i in 0..autos.len() {
            for b in 0..game.shape()[i] {
                let dev = simulate(game, autos, &s, beta, periods, Some((i, b)));
                let gain = dev[i] - follow[i];
                if gain > worst.0 {
                    worst = (gain, s.clone(), i, b);
                }
            }
        }
    }
    worst
}

/// Periods after which `β^T < 1e-12`.
fn periods_for(beta: f64) -> usize {
    if beta <= 0.0 {
        1
    } else {
        ((1e-12f64).ln() / beta.ln()).ceil() as usize + 1
    }
}

/// A random exact stage game (2 players, 2×2 or 3×3, payoffs in -5..=5) and two random pure
/// automata of at most 4 states each.
fn arb_profile() -> impl Strategy<Value = (Game, Vec<Automaton>)> {
    (2usize..=3).prop_flat_map(|k| {
        let game = proptest::collection::vec(-5i64..=5, 2 * k * k);
        let auto = (1usize..=4).prop_flat_map(move |states| {
            (
                proptest::collection::vec(0..k, states),
                proptest::collection::vec(proptest::collection::vec(0..states, k * k), states),
                0..states,
            )
        });
        (game, proptest::collection::vec(auto, 2)).prop_map(move |(payoffs, autos)| {
            let game = exact_game(&[k, k], &payoffs);
            let autos = autos
                .into_iter()
                .map(|(actions, table, initial)| {
                    Automaton::pure(names(actions.len()), actions, table, vec![k, k], initial)
                        .unwrap()
                })
                .collect();
            (game, autos)
        })
    })
}

/// A symmetric prisoners' dilemma (random T > R > P > S) played by one structured automaton
/// against itself: cooperative states play C and move anywhere after (C, C) and to a
/// punishment state after any defection; punishment states play D and move to one state
/// whatever happens. Such profiles often have non-trivial discount ranges, with rational and
/// irrational ends.
fn arb_structured() -> impl Strategy<Value = (Game, Vec<Automaton>)> {
    let payoffs = (0i64..3, 3i64..6, 6i64..9, 9i64..13);
    let auto = (2usize..=4).prop_flat_map(|s| {
        (1..s).prop_flat_map(move |coop| {
            (
                proptest::collection::vec(0..s, coop),
                proptest::collection::vec(coop..s, coop),
                proptest::collection::vec(0..s, s - coop),
            )
                .prop_map(move |(good, bad, to)| {
                    let actions = (0..s).map(|x| usize::from(x >= coop)).collect();
                    let table = (0..s)
                        .map(|x| {
                            if x < coop {
                                vec![good[x], bad[x], bad[x], bad[x]]
                            } else {
                                vec![to[x - coop]; 4]
                            }
                        })
                        .collect();
                    Automaton::pure(names(s), actions, table, vec![2, 2], 0).unwrap()
                })
        })
    });
    (payoffs, auto).prop_map(|((s, p, r, t), a)| (pd(r, s, t, p), vec![a.clone(), a]))
}

fn arb_any() -> impl Strategy<Value = (Game, Vec<Automaton>)> {
    prop_oneof![arb_profile(), arb_structured()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn exact_payoffs_match_long_simulations(
        (game, autos) in arb_profile(),
        k in 1i64..20,
    ) {
        let beta = frac(k, 20);
        let v = rg(game.clone(), beta.clone())
            .payoffs(&[&autos[0], &autos[1]])
            .unwrap();
        let start: Vec<usize> = autos.iter().map(|a| a.initial()).collect();
        let b = beta.to_f64().unwrap();
        let sim = simulate(&game, &autos, &start, b, periods_for(b), None);
        for i in 0..2 {
            prop_assert!((v.payoffs[i] - sim[i]).abs() < 1e-9, "{:?} vs {sim:?}", v.payoffs);
            prop_assert_eq!(v.payoffs_exact.as_ref().unwrap()[i].to_f64().unwrap(), v.payoffs[i]);
        }
        // The reported path replays the play.
        let (prefix, cycle) = (v.prefix.unwrap(), v.cycle.unwrap());
        let mut state = start.clone();
        for t in 0..prefix.len() + 2 * cycle.len() {
            let profile = played(&autos, &state);
            let expect = if t < prefix.len() { &prefix[t] } else { &cycle[(t - prefix.len()) % cycle.len()] };
            prop_assert_eq!(&profile, expect);
            state = step(&autos, &state, &profile);
        }
    }

    #[test]
    fn spe_verdicts_survive_a_brute_force_deviation_search(
        (game, autos) in arb_any(),
        k in 1i64..20,
    ) {
        let beta = frac(k, 20);
        let check = rg(game.clone(), beta.clone()).is_spe(&[&autos[0], &autos[1]]).unwrap();
        let (gain, state, player, action) = brute_force_gain(&game, &autos, beta.to_f64().unwrap());
        if check.is_spe {
            prop_assert!(gain < 1e-9, "declared SPE, but {player} gains {gain} by {action} at {state:?}");
        } else {
            let d = check.violation.unwrap();
            prop_assert!(gain > 0.0);
            // The reported violation is the largest gain, and the brute force finds it.
            prop_assert!((d.gain - gain).abs() < 1e-9, "{} vs {gain}", d.gain);
            prop_assert!(d.gain_exact.unwrap() > BigRational::zero());
        }
    }

    #[test]
    fn the_discount_range_agrees_with_is_spe(
        (game, autos) in arb_any(),
        samples in proptest::collection::vec(0i64..97, 4),
    ) {
        let base = rg(game.clone(), frac(1, 2));
        let range = base.spe_discount_range(&[&autos[0], &autos[1]]).unwrap();
        let mut deltas: Vec<BigRational> = samples.iter().map(|&s| frac(s, 97)).collect();
        // The rational ends of the intervals, and points just beside every end.
        for i in &range.intervals {
            for end in [&i.low, &i.high] {
                if let Some(x) = end.exact() {
                    deltas.push(x.clone());
                }
                let f = end.to_f64();
                for eps in [-1e-6, 1e-6] {
                    let d = f + eps;
                    if (0.0..1.0).contains(&d) {
                        deltas.push(BigRational::from_float(d).unwrap());
                    }
                }
            }
        }
        for delta in deltas {
            if delta >= int(1) || delta < int(0) {
                continue;
            }
            let spe = rg(game.clone(), delta.clone()).is_spe(&[&autos[0], &autos[1]]).unwrap().is_spe;
            prop_assert_eq!(spe, range.contains(&delta), "δ = {}, range {:?}", delta, range.intervals.iter().map(|i| i.text()).collect::<Vec<_>>());
        }
    }
}

#[test]
fn mixed_payoffs_match_the_propagated_distribution() {
    // An independent computation for mixed outputs: propagate the distribution over joint
    // states period by period (not a linear solve) until β^T < 1e-12.
    let a = Automaton::new(
        names(2),
        vec![vec![frac(1, 3), frac(2, 3)], vec![frac(3, 4), frac(1, 4)]],
        vec![vec![0, 1, 1, 0], vec![1, 0, 0, 1]],
        vec![2, 2],
        0,
    )
    .unwrap();
    let b = Automaton::new(
        names(3),
        vec![
            vec![int(1), int(0)],
            vec![frac(1, 2), frac(1, 2)],
            vec![int(0), int(1)],
        ],
        vec![vec![1, 2, 0, 0], vec![2, 2, 0, 1], vec![0, 1, 2, 0]],
        vec![2, 2],
        1,
    )
    .unwrap();
    let game = exact_game(&[2, 2], &[4, 1, -2, 3, 0, 5, 2, -1]);
    let beta = 0.8;
    let v = rg(game.clone(), frac(4, 5)).payoffs(&[&a, &b]).unwrap();
    let autos = [a, b];
    let mut dist: Vec<(Vec<usize>, f64)> = vec![(vec![0, 1], 1.0)];
    let mut total = [0.0; 2];
    let mut w = 1.0 - beta;
    for _ in 0..periods_for(beta) {
        let mut next: Vec<(Vec<usize>, f64)> = Vec::new();
        for (s, p) in &dist {
            for x in 0..2 {
                for y in 0..2 {
                    let q = p * autos[0].output(s[0])[x] * autos[1].output(s[1])[y];
                    if q == 0.0 {
                        continue;
                    }
                    let u = game.pure_payoffs(&[x, y]);
                    total[0] += w * q * u[0];
                    total[1] += w * q * u[1];
                    let t = step(&autos, s, &[x, y]);
                    match next.iter_mut().find(|(z, _)| *z == t) {
                        Some(e) => e.1 += q,
                        None => next.push((t, q)),
                    }
                }
            }
        }
        dist = next;
        w *= beta;
    }
    assert!(
        (v.payoffs[0] - total[0]).abs() < 1e-9,
        "{:?} {total:?}",
        v.payoffs
    );
    assert!((v.payoffs[1] - total[1]).abs() < 1e-9);
}

#[test]
fn large_profiles_are_refused_and_stopped_computations_return() {
    // Two 8-state automata whose joint play reaches more than 36 joint states: the exact
    // discount range refuses them with a clear message, the SPE check still answers.
    let table: Vec<[usize; 4]> = (0..8)
        .map(|s| [(s + 1) % 8, (s + 3) % 8, (s + 5) % 8, (s * 3 + 1) % 8])
        .collect();
    let a = auto2(&[0, 1, 0, 1, 1, 0, 0, 1], &table, 0);
    let game = pd(3, 0, 5, 1);
    let r = rg(game.clone(), frac(1, 2));
    let other: Vec<[usize; 4]> = (0..8)
        .map(|s| [(s + 2) % 8, (s * 5 + 2) % 8, (s + 7) % 8, (s * 3) % 8])
        .collect();
    let b = auto2(&[1, 0, 0, 1, 0, 1, 1, 0], &other, 3);
    let check = r.is_spe(&[&a, &b]).unwrap();
    assert!(check.joint_states > 36, "{}", check.joint_states);
    let err = r.spe_discount_range(&[&a, &b]).unwrap_err().to_string();
    assert!(err.contains("36") && err.contains("joint states"), "{err}");
    // A stopped token stops every analysis.
    let token = detente::interrupt::StopToken::new();
    token.stop();
    let stopped = detente::interrupt::with_token(&token, || r.is_spe(&[&grim(), &grim()]));
    assert_eq!(stopped.unwrap_err(), detente::Error::Interrupted);
    let stopped = detente::interrupt::with_token(&token, || r.payoffs(&[&grim(), &grim()]));
    assert_eq!(stopped.unwrap_err(), detente::Error::Interrupted);
}
