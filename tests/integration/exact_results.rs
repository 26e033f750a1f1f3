//! Exact in, exact out for every exact result (issue 18): the regret of an exact profile is
//! computed exactly (0 at an equilibrium, and the float `regret` is then exactly `0.0`), pure
//! equilibria of exact games are exact, and `zero_sum` solves exact games exactly. Checked
//! against hand-derived fractions and an independent exact regret routine.

use detente::io::{FromJson, ToJson};
use detente::report::{Labels, Report};
use detente::solve::{
    self, EnumerateOptions, ExactEquilibrium, LemkeHowsonOptions, enumerate_all, lemke_howson,
};
use detente::{Equilibrium, Game};
use ndarray::{ArrayD, IxDyn, array};
use num_rational::BigRational;
use num_traits::{One, Zero};
use proptest::prelude::*;

use crate::common::{exact_regret, frac};

/// A two-player game from integer matrices, given exactly.
fn exact_bimatrix(a: &[&[i64]], b: &[&[i64]]) -> Game {
    let (m, n) = (a.len(), a[0].len());
    let arr = |x: &[&[i64]]| ArrayD::from_shape_fn(IxDyn(&[m, n]), |ix| frac(x[ix[0]][ix[1]], 1));
    let (a, b) = (arr(a), arr(b));
    Game::from_exact_player_arrays(&[a.view(), b.view()]).unwrap()
}

/// Chicken with a non-dyadic mixed equilibrium: both play (9/10, 1/10), each earns -1/10.
fn chicken() -> Game {
    exact_bimatrix(&[&[0, -1], &[1, -10]], &[&[0, 1], &[-1, -10]])
}

fn zero() -> BigRational {
    BigRational::zero()
}

/// Checks that an equilibrium's exact regret is 0, independently and as reported, and that
/// its float regret is exactly `0.0`.
fn check_exact_equilibrium(g: &Game, eq: &Equilibrium) {
    let x = eq.exact.as_ref().expect("an exact result");
    assert_eq!(x.regret, Some(zero()), "{eq:?}");
    assert_eq!(eq.regret, 0.0, "{eq:?}");
    assert!(exact_regret(g, &x.strategies).iter().all(Zero::is_zero));
}

#[test]
fn enumerate_all_reports_the_exact_regret_of_chicken() {
    let g = chicken();
    let all = enumerate_all(&g, EnumerateOptions::default()).unwrap();
    assert_eq!(all.equilibria.len(), 3);
    let mixed = vec![frac(9, 10), frac(1, 10)];
    let found = all
        .equilibria
        .iter()
        .find(|e| e.exact.as_ref().unwrap().strategies == vec![mixed.clone(), mixed.clone()])
        .expect("the mixed equilibrium");
    assert_eq!(
        found.exact.as_ref().unwrap().payoffs,
        vec![frac(-1, 10), frac(-1, 10)]
    );
    for eq in &all.equilibria {
        check_exact_equilibrium(&g, eq);
    }
    // The list of exact equilibria carries the same regret.
    for x in all.exact.as_ref().unwrap() {
        assert_eq!(x.regret, Some(zero()));
    }
    let text = found.summary(&Labels::of(&g));
    assert!(text.contains("regret 0;"), "{text}");
}

#[test]
fn lemke_howson_exact_reports_exact_regret_from_every_label() {
    let g = chicken();
    for label in 0..4 {
        let options = LemkeHowsonOptions {
            exact: true,
            max_pivots: None,
        };
        let eq = lemke_howson(&g, label, options).unwrap();
        check_exact_equilibrium(&g, &eq);
    }
}

#[test]
fn a_profile_that_is_not_an_equilibrium_has_its_exact_regret() {
    // Chicken at (1/2, 1/2) for both: action 0 earns -1/2, action 1 earns -9/2, the mixture
    // -5/2, so each player's regret is -1/2 - (-5/2) = 2.
    let g = chicken();
    let half = vec![frac(1, 2), frac(1, 2)];
    let eq = Equilibrium::new_exact(&g, vec![half.clone(), half.clone()], "hand").unwrap();
    let x = eq.exact.as_ref().unwrap();
    assert_eq!(x.regret, Some(frac(2, 1)));
    assert_eq!(x.payoffs, vec![frac(-5, 2), frac(-5, 2)]);
    assert_eq!(eq.regret, 2.0);
    assert_eq!(
        exact_regret(&g, &x.strategies),
        vec![frac(2, 1), frac(2, 1)]
    );
    // A third: regret 1/3 exactly, rounded for the float.
    let g = exact_bimatrix(&[&[1, 0], &[0, 0]], &[&[0, 0], &[0, 0]]);
    let eq = Equilibrium::new_exact(
        &g,
        vec![
            vec![frac(2, 3), frac(1, 3)],
            vec![BigRational::one(), zero()],
        ],
        "hand",
    )
    .unwrap();
    assert_eq!(eq.exact.as_ref().unwrap().regret, Some(frac(1, 3)));
    assert_eq!(eq.regret, 1.0 / 3.0);
}

#[test]
fn exact_regret_survives_json_and_old_json_reads_without_it() {
    let g = chicken();
    let all = enumerate_all(&g, EnumerateOptions::default()).unwrap();
    let eq = &all.equilibria[1];
    let back = Equilibrium::from_json(&eq.to_json().unwrap()).unwrap();
    assert_eq!(&back, eq);
    let old = r#"{"strategies": [[1.0, 0.0], [0.0, 1.0]], "payoffs": [-1.0, 1.0], "regret": 0.0,
        "method": "enumerate_all", "exact": {"strategies": [["1", "0"], ["0", "1"]],
        "payoffs": ["-1", "1"]}}"#;
    let read = Equilibrium::from_json(old).unwrap();
    assert_eq!(read.exact.unwrap().regret, None);
}

#[test]
fn pure_equilibria_of_an_exact_game_are_exact() {
    // Battle of the sexes, given exactly: (0, 0) pays (2, 1) and (1, 1) pays (1, 2).
    let g = exact_bimatrix(&[&[2, 0], &[0, 1]], &[&[1, 0], &[0, 2]]);
    let eqs = solve::pure(&g, 0.0).unwrap();
    assert_eq!(eqs.len(), 2);
    let (one, nil) = (BigRational::one(), zero());
    let first = eqs[0].exact.as_ref().unwrap();
    assert_eq!(
        first.strategies,
        vec![
            vec![one.clone(), nil.clone()],
            vec![one.clone(), nil.clone()]
        ]
    );
    assert_eq!(first.payoffs, vec![frac(2, 1), frac(1, 1)]);
    assert_eq!(
        eqs[1].exact.as_ref().unwrap().payoffs,
        vec![frac(1, 1), frac(2, 1)]
    );
    for eq in &eqs {
        check_exact_equilibrium(&g, eq);
    }
    // The same game from floats stays float.
    let f = Game::from_bimatrix(
        array![[2.0, 0.0], [0.0, 1.0]].view(),
        array![[1.0, 0.0], [0.0, 2.0]].view(),
    )
    .unwrap();
    assert!(
        solve::pure(&f, 0.0)
            .unwrap()
            .iter()
            .all(|e| e.exact.is_none())
    );
}

#[test]
fn pure_drops_float_ties_that_the_exact_payoffs_break() {
    // Player 1 chooses between 1/3 and the float nearest 1/3 (slightly less): equal as
    // floats, but only the first is a best reply in the exact game.
    let third = frac(1, 3);
    let below = BigRational::from_float(1.0 / 3.0).unwrap();
    assert!(below < third);
    let payoffs =
        ArrayD::from_shape_vec(IxDyn(&[2, 1, 2]), vec![third, zero(), below, zero()]).unwrap();
    let g = Game::new_exact(payoffs).unwrap();
    let eqs = solve::pure(&g, 0.0).unwrap();
    assert_eq!(eqs.len(), 1);
    assert_eq!(eqs[0].support(), vec![vec![0], vec![0]]);
    check_exact_equilibrium(&g, &eqs[0]);
    // With a tolerance both are ε-equilibria, the second with its exact regret.
    let eqs = solve::pure(&g, 1e-9).unwrap();
    assert_eq!(eqs.len(), 2);
    assert_eq!(
        eqs[1].exact.as_ref().unwrap().regret,
        Some(frac(1, 3) - BigRational::from_float(1.0 / 3.0).unwrap())
    );
}

#[test]
fn zero_sum_solves_exact_games_exactly() {
    // Matching pennies: value 0, both (1/2, 1/2).
    let g = exact_bimatrix(&[&[1, -1], &[-1, 1]], &[&[-1, 1], &[1, -1]]);
    let s = solve::zero_sum(&g).unwrap();
    assert_eq!(s.value_exact, Some(zero()));
    assert_eq!(s.value, 0.0);
    let half = vec![frac(1, 2), frac(1, 2)];
    assert_eq!(
        s.equilibrium.exact.as_ref().unwrap().strategies,
        vec![half.clone(), half]
    );
    check_exact_equilibrium(&g, &s.equilibrium);
    // Rock, paper, scissors: thirds, value 0.
    let a: [&[i64]; 3] = [&[0, -1, 1], &[1, 0, -1], &[-1, 1, 0]];
    let b: [&[i64]; 3] = [&[0, 1, -1], &[-1, 0, 1], &[1, -1, 0]];
    let g = exact_bimatrix(&a, &b);
    let s = solve::zero_sum(&g).unwrap();
    assert_eq!(s.value_exact, Some(zero()));
    let third = vec![frac(1, 3); 3];
    assert_eq!(
        s.equilibrium.exact.as_ref().unwrap().strategies,
        vec![third.clone(), third]
    );
    check_exact_equilibrium(&g, &s.equilibrium);
    // [[3, -1], [-2, 1]]: x = (3/7, 4/7), y = (2/7, 5/7), value 1/7.
    let g = exact_bimatrix(&[&[3, -1], &[-2, 1]], &[&[-3, 1], &[2, -1]]);
    let s = solve::zero_sum(&g).unwrap();
    assert_eq!(s.value_exact, Some(frac(1, 7)));
    assert_eq!(s.value, 1.0 / 7.0);
    assert_eq!(
        s.equilibrium.exact.as_ref().unwrap().strategies,
        vec![vec![frac(3, 7), frac(4, 7)], vec![frac(2, 7), frac(5, 7)]]
    );
    let text = s.summary(&Labels::of(&g));
    assert!(text.starts_with("value 1/7;"), "{text}");
    // A float game stays float.
    let f = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
    let s = solve::zero_sum(&f).unwrap();
    assert!(s.value_exact.is_none() && s.equilibrium.exact.is_none());
}

#[test]
fn zero_sum_of_an_exact_constant_sum_game_with_rational_payoffs() {
    // Payoffs (1/3 + a, 2/3 - a): constant-sum 1, value 1/3 + 1/7 = 10/21 for the row player
    // of [[3, -1], [-2, 1]] shifted by 1/3.
    let a = [[3i64, -1], [-2, 1]];
    let u = ArrayD::from_shape_fn(IxDyn(&[2, 2, 2]), |ix| {
        let v = frac(a[ix[0]][ix[1]], 1);
        if ix[2] == 0 {
            frac(1, 3) + v
        } else {
            frac(2, 3) - v
        }
    });
    let g = Game::new_exact(u).unwrap();
    let s = solve::zero_sum(&g).unwrap();
    assert_eq!(s.value_exact, Some(frac(10, 21)));
    check_exact_equilibrium(&g, &s.equilibrium);
}

/// Small integer matrices.
fn int_matrix(max: usize) -> impl Strategy<Value = Vec<Vec<i64>>> {
    (1..=max, 1..=max)
        .prop_flat_map(|(m, n)| prop::collection::vec(prop::collection::vec(-3i64..=3, n), m))
}

/// An exact game from integer payoff tensors, `shape` actions, one payoff per player.
fn exact_game(shape: &[usize], values: &[i64]) -> Game {
    let mut full = shape.to_vec();
    full.push(shape.len());
    let data = values.iter().map(|&v| frac(v, 1)).collect();
    Game::new_exact(ArrayD::from_shape_vec(IxDyn(&full), data).unwrap()).unwrap()
}

/// Whether a pure profile is a Nash equilibrium, by brute force over the integer payoffs.
fn pure_is_nash(shape: &[usize], values: &[i64], actions: &[usize]) -> bool {
    let n = shape.len();
    let index = |a: &[usize]| a.iter().zip(shape).fold(0, |k, (&x, &s)| k * s + x);
    let here = index(actions);
    (0..n).all(|i| {
        (0..shape[i]).all(|b| {
            let mut dev = actions.to_vec();
            dev[i] = b;
            values[index(&dev) * n + i] <= values[here * n + i]
        })
    })
}

fn to_refs(m: &[Vec<i64>]) -> Vec<&[i64]> {
    m.iter().map(Vec::as_slice).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_exact_enumerated_equilibrium_has_exact_regret_zero(
        a in int_matrix(4),
        seed in any::<u64>(),
    ) {
        let (m, n) = (a.len(), a[0].len());
        let mut x = seed | 1;
        let b: Vec<Vec<i64>> = (0..m)
            .map(|_| (0..n).map(|_| { x ^= x << 13; x ^= x >> 7; x ^= x << 17; (x % 7) as i64 - 3 }).collect())
            .collect();
        let g = exact_bimatrix(&to_refs(&a), &to_refs(&b));
        let all = enumerate_all(&g, EnumerateOptions::default()).unwrap();
        prop_assert!(!all.equilibria.is_empty());
        for eq in &all.equilibria {
            let x = eq.exact.as_ref().unwrap();
            prop_assert_eq!(x.regret.clone(), Some(zero()));
            prop_assert_eq!(eq.regret, 0.0);
            prop_assert!(exact_regret(&g, &x.strategies).iter().all(Zero::is_zero));
        }
        let lh = lemke_howson(&g, 0, LemkeHowsonOptions { exact: true, max_pivots: None }).unwrap();
        prop_assert_eq!(lh.regret, 0.0);
        prop_assert!(exact_regret(&g, &lh.exact.unwrap().strategies).iter().all(Zero::is_zero));
    }

    #[test]
    fn pure_equilibria_of_exact_games_are_exact_and_complete(
        shape in prop::collection::vec(1usize..=3, 2..=3),
        seed in any::<u64>(),
    ) {
        let len = shape.iter().product::<usize>() * shape.len();
        let mut x = seed | 1;
        let values: Vec<i64> = (0..len)
            .map(|_| { x ^= x << 13; x ^= x >> 7; x ^= x << 17; (x % 5) as i64 - 2 })
            .collect();
        let g = exact_game(&shape, &values);
        let eqs = solve::pure(&g, 0.0).unwrap();
        let profiles: usize = shape.iter().product();
        let expected = (0..profiles)
            .filter(|&p| {
                let mut rest = p;
                let mut actions = vec![0; shape.len()];
                for (a, &k) in actions.iter_mut().zip(&shape).rev() {
                    *a = rest % k;
                    rest /= k;
                }
                pure_is_nash(&shape, &values, &actions)
            })
            .count();
        prop_assert_eq!(eqs.len(), expected);
        for eq in &eqs {
            let x = eq.exact.as_ref().unwrap();
            prop_assert_eq!(x.regret.clone(), Some(zero()));
            prop_assert_eq!(eq.regret, 0.0);
            let pure: Vec<usize> = eq.support().iter().map(|s| s[0]).collect();
            prop_assert!(pure_is_nash(&shape, &values, &pure));
            // Exact payoffs are the integers at the profile.
            let index = pure.iter().zip(&shape).fold(0, |k, (&a, &s)| k * s + a);
            for (i, u) in x.payoffs.iter().enumerate() {
                prop_assert_eq!(u.clone(), frac(values[index * shape.len() + i], 1));
            }
        }
    }

    #[test]
    fn zero_sum_of_exact_games_is_exact_and_optimal(a in int_matrix(4)) {
        let neg: Vec<Vec<i64>> = a.iter().map(|r| r.iter().map(|v| -v).collect()).collect();
        let g = exact_bimatrix(&to_refs(&a), &to_refs(&neg));
        let s = solve::zero_sum(&g).unwrap();
        let v = s.value_exact.clone().expect("an exact value");
        let x = s.equilibrium.exact.as_ref().unwrap();
        let (m, n) = (a.len(), a[0].len());
        // What x guarantees and what y concedes, both equal to the value.
        let guarantee = (0..n)
            .map(|j| (0..m).map(|i| &x.strategies[0][i] * frac(a[i][j], 1)).sum::<BigRational>())
            .min()
            .unwrap();
        let cap = (0..m)
            .map(|i| (0..n).map(|j| &x.strategies[1][j] * frac(a[i][j], 1)).sum::<BigRational>())
            .max()
            .unwrap();
        prop_assert_eq!(&guarantee, &v);
        prop_assert_eq!(&cap, &v);
        prop_assert_eq!(s.value, num_traits::ToPrimitive::to_f64(&v).unwrap());
        prop_assert_eq!(x.regret.clone(), Some(zero()));
        prop_assert_eq!(s.equilibrium.regret, 0.0);
    }
}

#[test]
fn exact_equilibrium_new_rejects_a_bad_profile() {
    let g = chicken();
    let err = ExactEquilibrium::new(
        &g,
        vec![vec![frac(1, 2), frac(1, 3)], vec![frac(1, 1), zero()]],
    )
    .unwrap_err();
    assert!(err.to_string().contains("not exactly 1"), "{err}");
    // A pure-looking profile of the wrong length is refused too.
    let err =
        ExactEquilibrium::new(&g, vec![vec![frac(1, 1)], vec![frac(1, 1), zero()]]).unwrap_err();
    assert!(err.to_string().contains("has 2 actions"), "{err}");
}

#[test]
fn zero_sum_falls_back_to_floats_above_the_exact_size_or_off_exact_constant_sum() {
    // 65 × 65 > MAX_EXACT_ZERO_SUM_PROFILES: the float answer.
    const { assert!(65 * 65 > solve::MAX_EXACT_ZERO_SUM_PROFILES) };
    let a: Vec<Vec<i64>> = (0..65)
        .map(|i| (0..65).map(|j| (i * 7 + j * 3) % 5 - 2).collect())
        .collect();
    let b: Vec<Vec<i64>> = a.iter().map(|r| r.iter().map(|v| -v).collect()).collect();
    let g = exact_bimatrix(&to_refs(&a), &to_refs(&b));
    let s = solve::zero_sum(&g).unwrap();
    assert!(s.value_exact.is_none() && s.equilibrium.exact.is_none());
    // Constant-sum in floats (within 1e-12) but not exactly: the float answer.
    let u = ArrayD::from_shape_fn(IxDyn(&[2, 2, 2]), |ix| {
        let v = frac(if ix[0] == ix[1] { 1 } else { -1 }, 1);
        match (ix[0], ix[1], ix[2]) {
            (0, 0, 1) => -v + frac(1, 1_000_000_000_000_000),
            (_, _, 1) => -v,
            _ => v,
        }
    });
    let g = Game::new_exact(u).unwrap();
    let s = solve::zero_sum(&g).unwrap();
    assert!(s.value_exact.is_none());
    assert!(s.value.abs() < 1e-9);
}
