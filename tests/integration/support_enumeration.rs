//! Support enumeration (`solve::support_enumeration`) on Gambit's test games, hand-derived
//! games and random games; every result is checked with `Game::regret` or against closed
//! forms derived by hand, and against the logit homotopy where both find one point.

use detente::solve::{self, HomotopyOptions, SupportEnumerationOptions};
use detente::{Error, Game};
use proptest::prelude::*;

use crate::common::{nfg, seeded_game};

/// Symmetric n-player volunteer's dilemma: benefit `b` if anyone volunteers, cost `c`.
fn volunteers(n: usize, b: f64, c: f64) -> Game {
    Game::from_fn(&vec![2; n], |s, i| {
        let benefit = if s.contains(&1) { b } else { 0.0 };
        benefit - if s[i] == 1 { c } else { 0.0 }
    })
    .unwrap()
}

#[test]
fn support_enumeration_counts_on_test_files() {
    // (file, equilibria stated in the file's title / by Gambit)
    for (name, count) in [
        ("2x2x2.nfg", 9),
        ("3x3x3.nfg", 5),
        ("g2.nfg", 1),
        ("g3.nfg", 5),
        ("2x2x2x2.nfg", 3),
        ("2x2x2x2x2.nfg", 5),
        ("2x2x2_local_max_cut.nfg", 3),
        ("nau2004_sec4.nfg", 1),
        ("coord4.nfg", 15),
        ("2x2.nfg", 1),
    ] {
        let g = nfg(name);
        let eqs = solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(eqs.len(), count, "{name}");
        for e in &eqs {
            assert!(g.max_regret(&e.strategies).unwrap() <= 1e-9, "{name}");
        }
    }
    // 2x2x2: two of the nine are totally mixed.
    let g = nfg("2x2x2.nfg");
    let eqs = solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default()).unwrap();
    let full = eqs
        .iter()
        .filter(|e| e.strategies.iter().flatten().all(|&p| p > 1e-9))
        .count();
    assert_eq!(full, 2);
    let pure = solve::pure(&g, 0.0).unwrap().len();
    assert_eq!(eqs.iter().filter(|e| e.is_pure()).count(), pure);
    assert_eq!(eqs.len() - pure - full, 9 - pure - 2);
}

#[test]
fn nau_irrational_equilibrium() {
    // Nau, Gomez Canovas & Hansen (2004) §4: the unique equilibrium has irrational
    // probabilities; both solvers must land on the same point.
    let g = nfg("nau2004_sec4.nfg");
    let a = solve::logit_homotopy(&g, HomotopyOptions::default()).unwrap();
    let b = solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default()).unwrap();
    for (x, y) in a
        .strategies
        .iter()
        .flatten()
        .zip(b[0].strategies.iter().flatten())
    {
        assert!((x - y).abs() < 1e-9);
    }
}

#[test]
fn volunteers_dilemma_closed_form() {
    // Indifference: b - c = b (1 - (1 - p)^(n-1))  =>  p* = 1 - (c/b)^(1/(n-1)).
    for (n, b, c) in [(3, 2.0, 1.0), (4, 5.0, 2.0)] {
        let g = volunteers(n, b, c);
        let p: f64 = 1.0 - (c / b).powf(1.0 / (n as f64 - 1.0));
        let eqs =
            solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default()).unwrap();
        let symmetric = eqs
            .iter()
            .find(|e| e.strategies.iter().all(|s| (s[1] - p).abs() < 1e-9));
        assert!(symmetric.is_some(), "n = {n}: p* = {p} not found");
        // Exactly one volunteer: n pure equilibria.
        assert_eq!(eqs.iter().filter(|e| e.is_pure()).count(), n);
    }
    // The homotopy starts symmetric and the game is symmetric: it ends at p*.
    let g = volunteers(3, 2.0, 1.0);
    let eq = solve::logit_homotopy(&g, HomotopyOptions::default()).unwrap();
    let p = 1.0 - 0.5f64.sqrt();
    assert!(
        eq.strategies.iter().all(|s| (s[1] - p).abs() < 1e-9),
        "{:?}",
        eq.strategies
    );
}

#[test]
fn support_enumeration_refuses_large_games() {
    let g = Game::from_fn(&[20, 20], |s, i| (s[0] * 7 + s[1] * 3 + i) as f64).unwrap();
    let e = solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default()).unwrap_err();
    assert!(
        matches!(&e, Error::Solver(m) if m.contains("max_profiles")),
        "{e}"
    );
    let g = Game::from_fn(&[70, 1], |s, _| s[0] as f64).unwrap();
    assert!(solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default()).is_err());
    let o = SupportEnumerationOptions {
        starts: 0,
        ..Default::default()
    };
    assert!(matches!(
        solve::support_enumeration(&nfg("2x2.nfg"), 1e-9, o),
        Err(Error::InvalidArgument(_))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn support_enumeration_results_are_certified_and_distinct(g in seeded_game()) {
        let eqs = solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default())?;
        // Every finite game has an equilibrium; a 2-player one is always found (linear systems).
        if g.num_players() == 2 {
            prop_assert!(!eqs.is_empty());
        }
        // Pure equilibria are all found (singleton supports are solved exactly).
        let pure = solve::pure(&g, 0.0)?;
        prop_assert_eq!(eqs.iter().filter(|e| e.is_pure()).count(), pure.len());
        for (k, e) in eqs.iter().enumerate() {
            prop_assert!(g.max_regret(&e.strategies)? <= 1e-9);
            for f in &eqs[..k] {
                let d = e.strategies.iter().flatten().zip(f.strategies.iter().flatten())
                    .map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
                prop_assert!(d > 1e-7);
            }
        }
    }
}
