//! Critical discount factors under optimal penal codes (`Punishment::Optimal`): hand-derived
//! thresholds, the sandwich between the pure-minmax closed form and the simple codes, and an
//! independent route for the brackets (a brute-force Abreu-Pearce-Stacchetti iteration and
//! the automaton subgame-perfection check), never the solver's own output.

use detente::Game;
use detente::repeated::{Automaton, Punishment, RepeatedGame};
use ndarray::{Array2, array};
use num_rational::BigRational;
use proptest::prelude::*;

use crate::common::{keep_above, wrap};

type P = [f64; 2];

fn r(p: i64, q: i64) -> BigRational {
    BigRational::new(p.into(), q.into())
}

fn bimatrix(a: &Array2<f64>, b: &Array2<f64>, delta: f64) -> RepeatedGame {
    RepeatedGame::new(Game::from_bimatrix(a.view(), b.view()).unwrap(), delta).unwrap()
}

/// A symmetric game: the column player's payoffs are the transpose.
fn sym(a: Array2<f64>, delta: f64) -> RepeatedGame {
    let b = a.t().to_owned();
    bimatrix(&a, &b, delta)
}

// ------------------------------------------------ an independent payoff-set computation

fn lowest(w: &[P]) -> P {
    w.iter().fold([f64::MAX, f64::MAX], |m, p| {
        [m[0].min(p[0]), m[1].min(p[1])]
    })
}

/// Brute-force APS: `B(W)` from every vertex of every `Q(a, W)`, from the feasible set,
/// until the largest vertex move is below `1e-12`; `None` if it did not settle.
fn worst_by_brute_force(a: &Array2<f64>, b: &Array2<f64>, delta: f64) -> Option<Option<P>> {
    let (m, n) = a.dim();
    let mut g = vec![];
    let mut gain = vec![];
    for i in 0..m {
        for j in 0..n {
            let best1 = (0..m).map(|k| a[[k, j]]).fold(f64::MIN, f64::max);
            let best2 = (0..n).map(|k| b[[i, k]]).fold(f64::MIN, f64::max);
            g.push([a[[i, j]], b[[i, j]]]);
            gain.push([best1 - a[[i, j]], best2 - b[[i, j]]]);
        }
    }
    let mm = [
        (0..n)
            .map(|j| (0..m).map(|i| a[[i, j]]).fold(f64::MIN, f64::max))
            .fold(f64::MAX, f64::min),
        (0..m)
            .map(|i| (0..n).map(|j| b[[i, j]]).fold(f64::MIN, f64::max))
            .fold(f64::MAX, f64::min),
    ];
    let eps = 1e-13;
    let mut w = wrap(&g, eps);
    for _ in 0..100_000 {
        let low = lowest(&w);
        let u = [mm[0].max(low[0]), mm[1].max(low[1])];
        let mut pts = vec![];
        for (g, gain) in g.iter().zip(&gain) {
            let h = [
                u[0] + (1.0 - delta) / delta * gain[0],
                u[1] + (1.0 - delta) / delta * gain[1],
            ];
            for c in keep_above(&keep_above(&w, 0, h[0], eps), 1, h[1], eps) {
                pts.push([
                    (1.0 - delta) * g[0] + delta * c[0],
                    (1.0 - delta) * g[1] + delta * c[1],
                ]);
            }
        }
        let next = wrap(&pts, eps);
        if next.is_empty() {
            return Some(None);
        }
        let moved = (lowest(&next)[0] - low[0])
            .abs()
            .max((lowest(&next)[1] - low[1]).abs());
        w = next;
        if moved < 1e-13 {
            return Some(Some(lowest(&w)));
        }
    }
    None
}

// ------------------------------------------------------------------ hand-derived cases

#[test]
fn prisoners_dilemma_optimal_codes_are_grim_in_closed_form() {
    // (D, D) gives each player its pure minmax 1, so grim is optimal (Abreu 1988) and the
    // threshold is the closed form (d − u)/(d − m) = (5 − 3)/(5 − 1) = 1/2, exactly.
    let pd = sym(array![[3.0, 0.0], [5.0, 1.0]], 0.9);
    let c = pd
        .critical_discount(&[vec![0, 0]], Punishment::Optimal)
        .unwrap();
    assert_eq!(c.discount_exact.as_ref().unwrap().exact, Some(r(1, 2)));
    assert_eq!(c.method, "minmax_bound");
    assert_eq!(c.punishment, "optimal");
    assert_eq!(c.bracket, Some([0.5, 0.5]));
    assert_eq!(c.worst_payoffs, vec![1.0, 1.0]);
    assert!(c.holds);
    // A cycle (C,C), (C,C), (C,D): the same as grim, 4δ³ + 2δ² − δ − 2 >= 0 (README).
    let cycle = vec![vec![0, 0], vec![0, 0], vec![0, 1]];
    let c = pd.critical_discount(&cycle, Punishment::Optimal).unwrap();
    let grim = pd.critical_discount(&cycle, Punishment::Grim).unwrap();
    assert_eq!(c.method, "minmax_bound");
    assert_eq!(c.discount_exact, grim.discount_exact);
    assert!((c.discount.unwrap() - 0.742_791_998_844_300_1).abs() < 1e-12);
    // Below 1/4 the payoff set is the single point (1, 1): (D, D) still sustained at 0.
    let d = pd
        .critical_discount(&[vec![1, 1]], Punishment::Optimal)
        .unwrap();
    assert_eq!(d.discount, Some(0.0));
}

/// C, D, P: (C,C) = (4,4), (D,C) = (6,0), (D,D) = (2,2) the only pure stage equilibrium;
/// the punishing action P holds the other to its pure minmax 0, and the punished player's
/// best reply C to P leaves the punisher 5 (a temptation of 1 to switch to D).
fn minmax_reversion_game() -> Array2<f64> {
    array![[4.0, 0.0, 0.0], [6.0, 2.0, 0.0], [5.0, -1.0, -1.0]]
}

#[test]
fn minmax_reversion_beats_grim_exactly() {
    // Hand derivation. Pure minmax m = 0 (the other plays P); grim punishes with the stage
    // equilibrium (2, 2): δ ≥ (6 − 4)/(6 − 2) = 1/2. No equilibrium gives less than m, so
    // δ ≥ (6 − 4)/(6 − 0) = 1/3 is necessary. The code "a deviator i is answered by
    // (C, P) for ever (P against i)" attains it: i gets 0 = m at its best reply, and the
    // punisher, getting 5, would gain 1 by playing D and then be punished to 0 for ever:
    // 5 ≥ (1 − δ)·6 + δ·0 iff δ ≥ 1/6. So at δ = 1/3 every constraint holds: the optimal
    // threshold is 1/3 exactly. Stick and carrot (P for T periods then back) leaves the
    // deviator δ^T·4 > 0, so it needs more than 1/3.
    let rg = sym(minmax_reversion_game(), 0.9);
    let opt = rg
        .critical_discount(&[vec![0, 0]], Punishment::Optimal)
        .unwrap();
    let grim = rg
        .critical_discount(&[vec![0, 0]], Punishment::Grim)
        .unwrap();
    let sc = rg
        .critical_discount(&[vec![0, 0]], Punishment::StickAndCarrot)
        .unwrap();
    assert_eq!(opt.discount_exact.as_ref().unwrap().exact, Some(r(1, 3)));
    assert_eq!(opt.method, "minmax_bound");
    assert!(opt.code.contains("minmax reversion"), "{}", opt.code);
    assert_eq!(grim.discount_exact.unwrap().exact, Some(r(1, 2)));
    assert!(sc.discount.unwrap() > 1.0 / 3.0 + 1e-3);
    assert_eq!(sc.method, "exact");
    assert_eq!(sc.punishment, "stick_and_carrot");
    // The payoff set at 1/3 + 1e-6 (independent iteration) holds a payoff giving each
    // player 0 = m, what the target needs.
    let a = minmax_reversion_game();
    let low = worst_by_brute_force(&a, &a.t().to_owned(), 1.0 / 3.0 + 1e-6)
        .unwrap()
        .unwrap();
    assert!(low[0].abs() < 1e-9 && low[1].abs() < 1e-9, "{low:?}");
}

/// The same game with the punisher's payoff at (C, P) cut from 5 to 1: minmax reversion is
/// no longer an equilibrium at 1/3 (1 ≥ (1 − δ)·6 needs δ ≥ 5/6).
fn stick_then_nash_game() -> Array2<f64> {
    array![[4.0, 0.0, 0.0], [6.0, 2.0, 0.0], [1.0, -1.0, -1.0]]
}

#[test]
fn one_period_of_mutual_punishment_then_nash_is_optimal() {
    // Hand derivation: the code "after any deviation play (P, P) once, then the stage
    // equilibrium (D, D) for ever; a deviation from (P, P) restarts it" gives the
    // punishment value (1 − δ)(−1) + 2δ = 3δ − 1, which is 0 = m at δ = 1/3. There the
    // target needs 4 ≥ (1 − δ)·6 + δ(3δ − 1), i.e. (3δ − 1)(δ − 2) ≤ 0: equality; at
    // (P, P) a deviation gains 0 now (0 against P) and restarts the punishment:
    // 3δ − 1 ≥ δ(3δ − 1) holds. So δ* = 1/3, the closed form with the minmax, reached by
    // a code that is neither grim, stick and carrot nor minmax reversion: the certificate
    // search at the lower bound finds it.
    let a = stick_then_nash_game();
    let rg = sym(a.clone(), 0.9);
    let opt = rg
        .critical_discount(&[vec![0, 0]], Punishment::Optimal)
        .unwrap();
    assert_eq!(opt.method, "minmax_bound");
    assert_eq!(opt.discount_exact.as_ref().unwrap().exact, Some(r(1, 3)));
    assert!(opt.code.contains("once, then"), "{}", opt.code);
    let [lo, hi] = opt.bracket.unwrap();
    assert!(
        lo <= 1.0 / 3.0 && 1.0 / 3.0 <= hi && hi - lo <= 1e-15,
        "{lo} {hi}"
    );
    assert!(opt.worst_payoffs.iter().all(|w| w.abs() < 1e-8));
    let grim = rg
        .critical_discount(&[vec![0, 0]], Punishment::Grim)
        .unwrap();
    assert_eq!(grim.discount, Some(0.5));
    // Independent route 1: the automaton of the hand-derived code is subgame perfect
    // exactly from 1/3 (the one-shot deviation check of `spe_discount_range`).
    // States: target (C), punish (P), nash (D); observed profile = (own, other).
    let t = |state: usize| -> Vec<usize> {
        (0..9)
            .map(|k| match state {
                0 if k == 0 => 0,         // (C, C): stay on target
                0 => 1,                   // anything else: punish
                1 if k == 2 * 3 + 2 => 2, // (P, P): on to Nash
                1 => 1,                   // restart the punishment
                _ => 2,
            })
            .collect()
    };
    let code = Automaton::pure(
        vec!["target".into(), "punish".into(), "nash".into()],
        vec![0, 2, 1],
        vec![t(0), t(1), t(2)],
        vec![3, 3],
        0,
    )
    .unwrap();
    let range = rg.spe_discount_range(&[&code, &code]).unwrap();
    let first = &range.intervals[0];
    assert!(first.low_closed && first.contains(&r(1, 3)) && !first.contains(&r(333, 1000)));
    assert!(first.contains(&r(9, 10)));
    // Independent route 2: brute-force payoff sets on each side of the bracket.
    let b = a.t().to_owned();
    let above = worst_by_brute_force(&a, &b, hi + 1e-6).unwrap().unwrap();
    let need = |d: f64| (4.0 - (1.0 - d) * 6.0) / d;
    assert!(above[0] <= need(hi + 1e-6) + 1e-9, "{above:?}");
}

/// Row payoffs [[-1, 3], [1, 5]], column payoffs [[1, 4], [2, 3]]: the target (0, 1) pays
/// (3, 4); the row player gains 2 by deviating, its pure minmax is 1 (column 0), and the only
/// stage equilibrium (1, 1) pays it 5 > 3, so grim never sustains the target.
#[test]
fn an_interior_threshold_is_bracketed_and_confirmed_by_brute_force() {
    let a = array![[-1.0, 3.0], [1.0, 5.0]];
    let b = array![[1.0, 4.0], [2.0, 3.0]];
    let rg = bimatrix(&a, &b, 0.9);
    let opt = rg
        .critical_discount(&[vec![0, 1]], Punishment::Optimal)
        .unwrap();
    let sc = rg
        .critical_discount(&[vec![0, 1]], Punishment::StickAndCarrot)
        .unwrap();
    assert_eq!(opt.method, "abreu_sannikov");
    let [lo, hi] = opt.bracket.unwrap();
    assert!(hi - lo <= 1e-9, "{lo} {hi}");
    // Between the closed form (5 − 3)/(5 − 1) = 1/2 and the best simple code.
    assert!(
        lo > 0.5 + 1e-3 && hi < sc.discount.unwrap() - 1e-3,
        "{lo} {hi} {:?}",
        sc.discount
    );
    // The row player needs w_1(δ) <= (3 − (1 − δ)·5)/δ; the column player has nothing to
    // gain. Brute force: just above the bracket the worst payoff meets the need, just below
    // it does not.
    let need = |d: f64| (3.0 - (1.0 - d) * 5.0) / d;
    let above = worst_by_brute_force(&a, &b, hi + 1e-6).unwrap().unwrap();
    assert!(
        above[0] <= need(hi + 1e-6) + 1e-9,
        "{above:?} {}",
        need(hi + 1e-6)
    );
    let below = worst_by_brute_force(&a, &b, lo - 1e-6).unwrap().unwrap();
    assert!(
        below[0] > need(lo - 1e-6) + 1e-9,
        "{below:?} {}",
        need(lo - 1e-6)
    );
}

#[test]
fn never_sustained_targets_say_why() {
    // (D, C) in the prisoners' dilemma leaves the column player 0 < its minmax 1.
    let pd = sym(array![[3.0, 0.0], [5.0, 1.0]], 0.9);
    let c = pd
        .critical_discount(&[vec![1, 0]], Punishment::Optimal)
        .unwrap();
    assert_eq!((c.discount, c.bracket), (None, None));
    assert!(
        c.reasons[1].as_ref().unwrap().contains("minmax"),
        "{:?}",
        c.reasons
    );
    assert!(!c.holds);
    // Matching pennies: every profile leaves someone below its pure minmax 1.
    let mp = bimatrix(
        &array![[1.0, -1.0], [-1.0, 1.0]],
        &array![[-1.0, 1.0], [1.0, -1.0]],
        0.9,
    );
    for p in [[0, 0], [0, 1]] {
        let c = mp
            .critical_discount(&[p.to_vec()], Punishment::Optimal)
            .unwrap();
        assert_eq!(c.discount, None);
    }
}

#[test]
fn optimal_codes_refuse_what_they_do_not_cover() {
    let g = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    let unequal = RepeatedGame::with_discounts(g.clone(), &[0.9, 0.8]).unwrap();
    let e = unequal
        .critical_discount(&[vec![0, 0]], Punishment::Optimal)
        .unwrap_err()
        .to_string();
    assert!(e.contains("discount") && e.contains("common"), "{e}");
    // The simple codes still take unequal discount factors.
    assert!(
        unequal
            .critical_discount(&[vec![0, 0]], Punishment::StickAndCarrot)
            .is_ok()
    );
    let three = Game::new(ndarray::ArrayD::zeros(vec![2, 2, 2, 3])).unwrap();
    let e = RepeatedGame::new(three, 0.9)
        .unwrap()
        .critical_discount(&[vec![0, 0, 0]], Punishment::Optimal)
        .unwrap_err()
        .to_string();
    assert!(e.contains("2-player"), "{e}");
    let rg = RepeatedGame::new(g, 0.9).unwrap();
    assert!(
        rg.critical_discount(&vec![vec![0, 0]; 5], Punishment::Optimal)
            .is_err()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10))]

    /// On random 2×2 games: closed form with the pure minmax <= optimal <= grim and
    /// stick-and-carrot, and the bracket is at most 1e-9 wide when a threshold was found
    /// below the simple codes'.
    #[test]
    fn optimal_lies_between_the_minmax_bound_and_the_simple_codes(
        values in proptest::collection::vec(-3i32..6, 8),
        target in (0usize..2, 0usize..2),
    ) {
        let a = Array2::from_shape_fn((2, 2), |(i, j)| f64::from(values[2 * i + j]));
        let b = Array2::from_shape_fn((2, 2), |(i, j)| f64::from(values[4 + 2 * i + j]));
        let rg = bimatrix(&a, &b, 0.5);
        let profile = vec![target.0, target.1];
        let opt = rg.critical_discount(std::slice::from_ref(&profile), Punishment::Optimal).unwrap();
        // The closed form, by hand: max over players of (d − u)/(d − m).
        let mut bound = Some(0.0_f64);
        for i in 0..2 {
            let pay = |p: [usize; 2]| if i == 0 { a[[p[0], p[1]]] } else { b[[p[0], p[1]]] };
            let u = pay([target.0, target.1]);
            let d = (0..2).map(|x| { let mut p = [target.0, target.1]; p[i] = x; pay(p) }).fold(f64::MIN, f64::max);
            let m = (0..2).map(|y| (0..2).map(|x| { let mut p = [0, 0]; p[i] = x; p[1 - i] = y; pay(p) }).fold(f64::MIN, f64::max)).fold(f64::MAX, f64::min);
            let t = if d == u { if u >= m { Some(0.0) } else { None } } else if d > m && (d - u) / (d - m) < 1.0 { Some((d - u) / (d - m)) } else { None };
            bound = match (bound, t) { (Some(x), Some(y)) => Some(x.max(y)), _ => None };
        }
        match (opt.bracket, bound) {
            (None, _) => prop_assert!(opt.discount.is_none()),
            (Some(_), None) => prop_assert!(false, "sustained below an impossible bound"),
            (Some([lo, hi]), Some(x)) => {
                prop_assert!(lo <= hi);
                prop_assert!(lo >= x - 1e-12, "{lo} < bound {x}");
            }
        }
        for p in [Punishment::Grim, Punishment::StickAndCarrot] {
            if let Some(s) = rg.critical_discount(std::slice::from_ref(&profile), p).ok().and_then(|c| c.discount) {
                let hi = opt.discount.unwrap_or(f64::INFINITY);
                prop_assert!(hi <= s + 1e-12, "optimal {hi} above a simple code's {s}");
                if opt.method == "abreu_sannikov" {
                    let [lo, hi] = opt.bracket.unwrap();
                    prop_assert!(hi - lo <= 1e-9 || hi == s, "bracket {lo} {hi}");
                }
            }
        }
    }
}

#[test]
fn a_continuation_probability_scales_the_threshold() {
    // Everything depends on δ·p: with p = 4/5 the prisoners' dilemma needs δ·p >= 1/2, so
    // δ >= 5/8 exactly, and a bracket found at p = 1 is divided by p.
    let g = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    let rg = RepeatedGame::new(g, 0.9)
        .unwrap()
        .with_continuation(0.8)
        .unwrap();
    let c = rg
        .critical_discount(&[vec![0, 0]], Punishment::Optimal)
        .unwrap();
    assert_eq!(c.discount_exact.unwrap().exact, Some(r(5, 8)));
    let a = array![[-1.0, 3.0], [1.0, 5.0]];
    let b = array![[1.0, 4.0], [2.0, 3.0]];
    let plain = bimatrix(&a, &b, 0.9)
        .critical_discount(&[vec![0, 1]], Punishment::Optimal)
        .unwrap()
        .bracket
        .unwrap();
    let scaled = bimatrix(&a, &b, 0.9)
        .with_continuation(0.9)
        .unwrap()
        .critical_discount(&[vec![0, 1]], Punishment::Optimal)
        .unwrap()
        .bracket
        .unwrap();
    // The two brackets, in units of δ·p, overlap.
    assert!(scaled[0] * 0.9 <= plain[1] + 1e-12 && plain[0] <= scaled[1] * 0.9 + 1e-12);
    assert!(scaled[1] - scaled[0] <= 1e-9);
}

#[test]
fn a_stopped_token_interrupts() {
    let token = detente::interrupt::StopToken::new();
    token.stop();
    let rg = bimatrix(
        &array![[-1.0, 3.0], [1.0, 5.0]],
        &array![[1.0, 4.0], [2.0, 3.0]],
        0.9,
    );
    let r = detente::interrupt::with_token(&token, || {
        rg.critical_discount(&[vec![0, 1]], Punishment::Optimal)
    });
    assert_eq!(r.unwrap_err(), detente::Error::Interrupted);
}
