//! Exact in, exact out: games given exactly keep their payoffs, and the exact solvers and
//! certificates use them (not the floats they round to).

use detente::io::{FromJson, ToJson, read_nfg};
use detente::solve::{self, EnumerateOptions, LemkeHowsonOptions, enumerate_all};
use detente::{Equilibrium, Game};
use ndarray::{ArrayD, IxDyn, array};
use num_rational::BigRational;
use num_traits::Zero;
use proptest::prelude::*;

use crate::common::{exact_regret, frac, nfg, nfg_names};

const EXACT: EnumerateOptions = EnumerateOptions {
    exact: true,
    max_vertices: 1_000_000,
    max_memory: None,
};

#[test]
fn todd3_is_solved_on_its_fractions() {
    // Before the fix the file was rounded to floats before the exact solve, and the column
    // strategy came out as (4/21, 38/147, 2573485501354569/9007199254740992, …).
    let g = nfg("todd3.nfg");
    assert!(g.is_exact() && g.has_rational_payoffs());
    let all = enumerate_all(&g, EXACT).unwrap();
    let column = vec![frac(4, 21), frac(38, 147), frac(2, 7), frac(13, 49)];
    let found = all
        .equilibria
        .iter()
        .filter_map(|e| e.exact.as_ref())
        .any(|x| x.strategies[1] == column);
    assert!(found, "no equilibrium with column strategy {column:?}");
    for eq in &all.equilibria {
        let exact = eq
            .exact
            .as_ref()
            .expect("exact mode fills every equilibrium");
        assert!(
            exact_regret(&g, &exact.strategies)
                .iter()
                .all(Zero::is_zero)
        );
        assert!(
            g.exact_regret(&exact.strategies)
                .unwrap()
                .iter()
                .all(Zero::is_zero)
        );
    }
    // AllEquilibria.exact agrees with the equilibria's own.
    let listed = all.exact.as_ref().unwrap();
    for (eq, x) in all.equilibria.iter().zip(listed) {
        assert_eq!(eq.exact.as_ref(), Some(x));
    }
}

#[test]
fn every_rational_file_has_exact_equilibria() {
    let mut checked = 0;
    for name in nfg_names() {
        let g = nfg(&name);
        assert!(g.is_exact(), "{name}: a file's numbers are exact");
        if !g.has_rational_payoffs() || g.num_players() != 2 {
            continue;
        }
        let all = enumerate_all(&g, EXACT).unwrap();
        assert!(!all.equilibria.is_empty(), "{name}");
        for eq in &all.equilibria {
            let exact = eq.exact.as_ref().unwrap();
            let regret = exact_regret(&g, &exact.strategies);
            assert!(regret.iter().all(Zero::is_zero), "{name}: {regret:?}");
        }
        for label in 0..g.shape()[0] + g.shape()[1] {
            let options = LemkeHowsonOptions {
                exact: true,
                ..Default::default()
            };
            let eq = solve::lemke_howson(&g, label, options).unwrap();
            let exact = eq.exact.as_ref().unwrap();
            let regret = exact_regret(&g, &exact.strategies);
            assert!(regret.iter().all(Zero::is_zero), "{name} label {label}");
        }
        checked += 1;
    }
    assert!(checked >= 1, "todd3.nfg at least has rational payoffs");
}

#[test]
fn lemke_howson_exact_carries_its_fractions() {
    // Row: 1/3 vs 2/3 indifference; the mixed equilibrium is ((2/3, 1/3), (1/3, 2/3)).
    let g = Game::from_bimatrix(
        array![[2.0, 0.0], [0.0, 1.0]].view(),
        array![[1.0, 0.0], [0.0, 2.0]].view(),
    )
    .unwrap();
    let options = LemkeHowsonOptions {
        exact: true,
        ..Default::default()
    };
    let all = solve::lemke_howson_all(&g, options).unwrap();
    assert!(all.iter().all(|e| e.exact.is_some()));
    let float = solve::lemke_howson(&g, 0, LemkeHowsonOptions::default()).unwrap();
    assert!(float.exact.is_none());
    // A mixed game: matching pennies with payoffs in thirds.
    let r = |p: i64| frac(p, 3);
    let tensor = ArrayD::from_shape_vec(
        IxDyn(&[2, 2, 2]),
        vec![r(1), r(-1), r(-1), r(1), r(-1), r(1), r(1), r(-1)],
    )
    .unwrap();
    let g = Game::new_exact(tensor).unwrap();
    let eq = solve::lemke_howson(&g, 0, options).unwrap();
    let exact = eq.exact.unwrap();
    assert_eq!(exact.strategies, vec![vec![frac(1, 2); 2]; 2]);
    assert_eq!(exact.payoffs, vec![BigRational::zero(); 2]);
}

#[test]
fn exact_games_round_trip_through_json_and_nfg() {
    let g = nfg("todd3.nfg");
    let back = Game::from_json(&g.to_json().unwrap()).unwrap();
    assert_eq!(back, g);
    assert_eq!(back.exact_payoffs(), g.exact_payoffs());
    let back = read_nfg(&g.to_nfg()).unwrap();
    assert_eq!(back.exact_payoffs(), g.exact_payoffs());
    assert_eq!(back, g);
    // A float game stays a float game through JSON, and through .nfg keeps its floats'
    // exact values.
    let f = Game::zero_sum(array![[0.1, 2.0 / 7.0]].view()).unwrap();
    let back = Game::from_json(&f.to_json().unwrap()).unwrap();
    assert!(!back.is_exact());
    assert_eq!(back, f);
    let back = read_nfg(&f.to_nfg()).unwrap();
    assert_eq!(back.payoffs(), f.payoffs());
    assert_eq!(back, f);
    // Exact and float games with the same values are equal; with other values they differ.
    let exact_pennies = read_nfg("NFG 1 R \"\" { \"A\" \"B\" } { 1 2 } 1 -1 -1 1").unwrap();
    let float_pennies = Game::zero_sum(array![[1.0, -1.0]].view())
        .unwrap()
        .with_players(["A", "B"])
        .unwrap();
    assert!(exact_pennies.is_exact() && !exact_pennies.has_rational_payoffs());
    assert_eq!(exact_pennies, float_pennies);
    let tenth = read_nfg("NFG 1 R \"\" { \"A\" } { 1 } 0.1").unwrap();
    let float_tenth = read_nfg(
        &Game::new(ArrayD::from_elem(IxDyn(&[1, 1]), 0.1))
            .unwrap()
            .to_nfg(),
    )
    .unwrap();
    assert_eq!(tenth.payoffs(), float_tenth.payoffs());
    assert_ne!(tenth, float_tenth);
}

#[test]
fn equilibrium_json_keeps_fractions_as_strings() {
    let g = nfg("todd3.nfg");
    let all = enumerate_all(&g, EXACT).unwrap();
    let eq = &all.equilibria[0];
    let text = eq.to_json().unwrap();
    assert!(text.contains("\"exact\":{\"strategies\":[["), "{text}");
    assert_eq!(&Equilibrium::from_json(&text).unwrap(), eq);
}

#[test]
fn restricting_an_exact_game_keeps_its_fractions() {
    let g = nfg("todd3.nfg");
    let sub = g.restrict(&[vec![4, 5], vec![0]]).unwrap();
    let exact = sub.exact_payoffs().unwrap();
    assert_eq!(exact[0], frac(2, 7));
    assert_eq!(exact[2], frac(3, 19));
    // A subgame whose values are all floats no longer keeps rationals.
    let sub = g.restrict(&[vec![0], vec![0]]).unwrap();
    assert!(sub.is_exact() && !sub.has_rational_payoffs());
}

#[test]
fn exact_games_print_their_fractions() {
    let g = nfg("todd3.nfg");
    let text = g.to_string();
    assert!(text.contains("2/7, 0"), "{text}");
    assert!(g.to_html().contains("7/38"));
}

#[test]
fn exact_results_written_before_the_string_form_still_load() {
    // num-rational's own serde form, which results used before the "p/q" strings.
    let old = |x: BigRational| serde_json::to_string(&x).unwrap();
    let (half, zero) = (old(frac(1, 2)), old(BigRational::zero()));
    let text =
        format!(r#"{{"strategies":[[{half},{half}],["1/2","1/2"]],"payoffs":[{zero},"0"]}}"#);
    let exact: detente::solve::ExactEquilibrium = serde_json::from_str(&text).unwrap();
    assert_eq!(exact.strategies, vec![vec![frac(1, 2); 2]; 2]);
    assert_eq!(exact.payoffs, vec![BigRational::zero(); 2]);
}

/// A random exact game of 2 or 3 players (payoffs integers, halves, thirds and sevenths,
/// mixed) and a random rational mixed profile with some zero probabilities.
fn exact_game_and_profile() -> impl Strategy<Value = (Game, Vec<Vec<BigRational>>)> {
    prop::collection::vec(1usize..4, 2..4)
        .prop_flat_map(|shape| {
            let n = shape.len();
            let cells = shape.iter().product::<usize>() * n;
            let payoffs = prop::collection::vec(
                (-20i64..20, prop::sample::select(vec![1i64, 2, 3, 7])),
                cells,
            );
            let weights: Vec<_> = shape
                .iter()
                .map(|&k| prop::collection::vec(0i64..4, k))
                .collect();
            (Just(shape), payoffs, weights)
        })
        .prop_filter_map(
            "a strategy needs a positive weight",
            |(shape, payoffs, weights)| {
                let mut full = shape.clone();
                full.push(shape.len());
                let values: Vec<BigRational> = payoffs.iter().map(|&(p, q)| frac(p, q)).collect();
                let game = Game::new_exact(ArrayD::from_shape_vec(full, values).ok()?).ok()?;
                let profile = weights
                    .iter()
                    .map(|w| {
                        let total: i64 = w.iter().sum();
                        (total > 0).then(|| w.iter().map(|&x| frac(x, total)).collect())
                    })
                    .collect::<Option<Vec<Vec<BigRational>>>>()?;
                Some((game, profile))
            },
        )
}

/// Each player's payoff of each action against the others' mixture, summed over every pure
/// profile in big fractions: the definition, independent of `Game`'s integer accumulation.
fn naive_payoffs_and_regrets(
    game: &Game,
    profile: &[Vec<BigRational>],
) -> (Vec<BigRational>, Vec<BigRational>) {
    let shape = game.shape().to_vec();
    let n = shape.len();
    let exact = game.exact_payoffs().expect("an exact game");
    let mut values: Vec<Vec<BigRational>> = shape
        .iter()
        .map(|&k| vec![BigRational::zero(); k])
        .collect();
    let total: usize = shape.iter().product();
    for p in 0..total {
        let mut actions = vec![0; n];
        let mut rest = p;
        for i in (0..n).rev() {
            actions[i] = rest % shape[i];
            rest /= shape[i];
        }
        for i in 0..n {
            let weight: BigRational = (0..n)
                .filter(|&j| j != i)
                .map(|j| profile[j][actions[j]].clone())
                .product();
            values[i][actions[i]] += weight * &exact[p * n + i];
        }
    }
    values
        .iter()
        .zip(profile)
        .map(|(v, s)| {
            let own: BigRational = v.iter().zip(s).map(|(x, q)| x * q).sum();
            let best = v.iter().max().unwrap().clone();
            (own.clone(), best - own)
        })
        .unzip()
}

proptest! {
    /// Exact payoffs and regrets (integer sums over common denominators inside) equal the
    /// definition's big-fraction sums, on games with fractional payoffs of several
    /// denominators and 2 or 3 players.
    #[test]
    fn exact_payoffs_and_regrets_follow_the_definition((game, profile) in exact_game_and_profile()) {
        let expected = naive_payoffs_and_regrets(&game, &profile);
        prop_assert_eq!(game.exact_payoffs_and_regrets(&profile).unwrap(), expected.clone());
        prop_assert_eq!(game.exact_regret(&profile).unwrap(), expected.1);
        prop_assert_eq!(game.exact_expected_payoffs(&profile).unwrap(), expected.0);
    }
}
