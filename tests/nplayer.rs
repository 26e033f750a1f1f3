//! n-player solvers: the logit homotopy, support enumeration and logit QRE, on Gambit's test
//! games, hand-derived games and random games. Every result is checked with `Game::regret`
//! or against closed forms derived by hand.

use std::path::Path;

use detente::io::read_nfg_path;
use detente::solve::{self, HomotopyOptions, SupportEnumerationOptions};
use detente::{Error, Game};
use ndarray::{ArrayD, IxDyn, array};
use proptest::prelude::*;

fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nfg")
}

fn nfg(name: &str) -> Game {
    read_nfg_path(data_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Symmetric n-player volunteer's dilemma: benefit `b` if anyone volunteers, cost `c`.
fn volunteers(n: usize, b: f64, c: f64) -> Game {
    Game::from_fn(&vec![2; n], |s, i| {
        let benefit = if s.contains(&1) { b } else { 0.0 };
        benefit - if s[i] == 1 { c } else { 0.0 }
    })
    .unwrap()
}

#[test]
fn homotopy_certifies_every_test_file() {
    let mut names: Vec<String> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".nfg"))
        .collect();
    names.sort();
    assert!(names.len() >= 40);
    for name in names {
        let g = nfg(&name);
        let eq = solve::logit_homotopy(&g, HomotopyOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let r = g.max_regret(&eq.strategies).unwrap();
        assert!(r <= 1e-9, "{name}: regret {r}");
        assert_eq!(eq.method, "logit_homotopy");
    }
}

#[test]
fn homotopy_polishes_to_near_machine_precision() {
    for name in [
        "g2.nfg",
        "g3.nfg",
        "3x3x3.nfg",
        "2x2x2x2x2.nfg",
        "nau2004_sec4.nfg",
    ] {
        let g = nfg(name);
        let eq = solve::logit_homotopy(&g, HomotopyOptions::default()).unwrap();
        assert!(eq.regret <= 1e-12, "{name}: regret {}", eq.regret);
    }
}

#[test]
fn homotopy_rejects_bad_options_and_reports_caps() {
    let g = nfg("g2.nfg");
    let bad = |o: HomotopyOptions| solve::logit_homotopy(&g, o).unwrap_err();
    let d = HomotopyOptions::default();
    assert!(matches!(
        bad(HomotopyOptions { tol: -1.0, ..d }),
        Error::InvalidArgument(_)
    ));
    assert!(matches!(
        bad(HomotopyOptions { max_steps: 0, ..d }),
        Error::InvalidArgument(_)
    ));
    assert!(matches!(
        bad(HomotopyOptions {
            max_lambda: f64::NAN,
            ..d
        }),
        Error::InvalidArgument(_)
    ));
    let e = bad(HomotopyOptions { max_steps: 2, ..d });
    assert!(
        matches!(&e, Error::Solver(m) if m.contains("max_steps")),
        "{e}"
    );
    let e = bad(HomotopyOptions {
        max_lambda: 0.5,
        ..d
    });
    assert!(
        matches!(&e, Error::Solver(m) if m.contains("max_lambda")),
        "{e}"
    );
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

#[test]
fn qre_pennies_and_uniform_start() {
    let pennies = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
    let q = solve::logit_qre(&pennies, &[0.0, 0.5, 3.0, 100.0]).unwrap();
    for p in &q.strategies {
        for s in p {
            assert!((s[0] - 0.5).abs() < 1e-12 && (s[1] - 0.5).abs() < 1e-12);
        }
    }
    let g = nfg("3x3x3.nfg");
    let q = solve::logit_qre(&g, &[0.0]).unwrap();
    assert_eq!(q.strategies[0], g.uniform_profile());
}

/// `σ_i(a) ∝ exp(λ u_i(a, σ_{-i}))`, checked with the library's independent `action_values`.
fn assert_logit_fixed_point(g: &Game, lambda: f64, profile: &[Vec<f64>]) {
    for i in 0..g.num_players() {
        let v = g.action_values(i, profile).unwrap();
        let top = v.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
        let w: Vec<f64> = v.iter().map(|x| (lambda * (x - top)).exp()).collect();
        let s: f64 = w.iter().sum();
        for (p, x) in profile[i].iter().zip(&w) {
            assert!((p - x / s).abs() < 1e-9, "λ = {lambda}: {p} vs {}", x / s);
        }
    }
}

#[test]
fn qre_asymmetric_pennies_moves_to_nash() {
    // NE: the row player mixes 1/2 (column indifferent), the column player 1/10 on L
    // (row indifferent: 9q = 1 - q).
    let g = Game::from_bimatrix(
        array![[9.0, 0.0], [0.0, 1.0]].view(),
        array![[0.0, 1.0], [1.0, 0.0]].view(),
    )
    .unwrap();
    let lambdas: Vec<f64> = (0..=60)
        .map(|k| 0.05 * f64::from(k))
        .chain([10.0, 100.0, 1e3, 1e4])
        .collect();
    let q = solve::logit_qre(&g, &lambdas).unwrap();
    for (l, p) in q.lambdas.iter().zip(&q.strategies) {
        assert_logit_fixed_point(&g, *l, p);
    }
    // Continuity: small λ steps move the profile little.
    for w in q.strategies[..=60].windows(2) {
        assert!((w[0][0][0] - w[1][0][0]).abs() < 0.05 && (w[0][1][0] - w[1][1][0]).abs() < 0.05);
    }
    let last = q.strategies.last().unwrap();
    assert!((last[0][0] - 0.5).abs() < 1e-3 && (last[1][0] - 0.1).abs() < 1e-3);
    let r = &q.regret;
    assert!(r[r.len() - 1] < r[r.len() - 2] && r[r.len() - 2] < r[r.len() - 3]);
    assert!(r[r.len() - 1] < 1e-3);
}

#[test]
fn qre_on_n_player_files_satisfies_logit_equations() {
    for name in ["2x2x2.nfg", "g2.nfg", "g3.nfg", "5x4x3.nfg"] {
        let g = nfg(name);
        let q = solve::logit_qre(&g, &[0.0, 0.1, 1.0, 5.0, 50.0, 1e4]).unwrap();
        for (l, p) in q.lambdas.iter().zip(&q.strategies) {
            assert_logit_fixed_point(&g, *l, p);
        }
        assert!(q.regret[5] < 1e-2, "{name}: {:?}", q.regret);
    }
}

#[test]
fn qre_rejects_bad_lambdas() {
    let g = nfg("2x2.nfg");
    for bad in [vec![], vec![-1.0], vec![2.0, 1.0], vec![f64::INFINITY]] {
        assert!(
            matches!(solve::logit_qre(&g, &bad), Err(Error::InvalidArgument(_))),
            "{bad:?}"
        );
    }
    assert!(matches!(
        solve::logit_qre_with(&g, &[1e6], 1),
        Err(Error::Solver(_))
    ));
}

fn small_game() -> impl Strategy<Value = Game> {
    (
        prop::collection::vec(2usize..=3, 2..=3),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(shape, ties, seed)| {
            let n = shape.len();
            let mut full = shape.clone();
            full.push(n);
            let len: usize = full.iter().product();
            let mut x = seed | 1;
            let data = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    if ties {
                        (x % 5) as f64 - 2.0
                    } else {
                        (x % 20001) as f64 / 1000.0 - 10.0
                    }
                })
                .collect();
            Game::new(ArrayD::from_shape_vec(IxDyn(&full), data).unwrap()).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn homotopy_always_certified(g in small_game()) {
        let eq = solve::logit_homotopy(&g, HomotopyOptions::default())?;
        prop_assert!(g.max_regret(&eq.strategies)? <= 1e-9);
    }

    #[test]
    fn support_enumeration_results_are_certified_and_distinct(g in small_game()) {
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
