//! Lemke–Howson: hand-derived games, every two-player Gambit file from every label in both
//! arithmetics, and property tests on random and degenerate games, all certified by the
//! float regret (`Game::regret`) and the exact rational regret (`Game::exact_regret`).

use detente::solve::{LemkeHowsonOptions, lemke_howson, lemke_howson_all, lemke_howson_exact};
use detente::{Error, Game};
use ndarray::{Array2, array};
use num_traits::{ToPrimitive, Zero};
use proptest::prelude::*;

const FLOAT: LemkeHowsonOptions = LemkeHowsonOptions {
    exact: false,
    max_pivots: Some(100_000),
};
const EXACT: LemkeHowsonOptions = LemkeHowsonOptions {
    exact: true,
    max_pivots: Some(100_000),
};

use crate::common::{bimatrix_from, frac, nfg, nfg_names, payoff};

fn labels(g: &Game) -> std::ops::Range<usize> {
    0..g.shape()[0] + g.shape()[1]
}

/// Runs every label in both arithmetics and certifies each result: float regret <= 1e-9,
/// exact rational regret exactly 0, and the exact mode's `f64` profile equal to the rounded
/// rationals with a float regret at rounding level.
fn check_every_label(g: &Game, name: &str) {
    for k in labels(g) {
        let eq = lemke_howson(g, k, FLOAT).unwrap_or_else(|e| panic!("{name}, label {k}: {e}"));
        assert_eq!(eq.method, "lemke_howson");
        let regret = g.max_regret(&eq.strategies).unwrap();
        assert!(regret <= 1e-9, "{name}, label {k}: float regret {regret}");

        let exact = lemke_howson_exact(g, k, 100_000).unwrap();
        let regrets = g.exact_regret(&exact).unwrap();
        assert!(
            regrets.iter().all(Zero::is_zero),
            "{name}, label {k}: exact regret {regrets:?}"
        );
        let eq = lemke_howson(g, k, EXACT).unwrap();
        let rounded: Vec<Vec<f64>> = exact
            .iter()
            .map(|s| s.iter().map(|p| p.to_f64().unwrap()).collect())
            .collect();
        assert_eq!(eq.strategies, rounded, "{name}, label {k}");
        assert!(g.max_regret(&eq.strategies).unwrap() <= 1e-12 * scale(g));
    }
}

fn scale(g: &Game) -> f64 {
    g.payoff_slice()
        .iter()
        .fold(1.0, |m: f64, x| m.max(x.abs()))
}

// ---------------------------------------------------------------------------------------------
// Hand-derived games.

#[test]
fn matching_pennies_from_every_label() {
    let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
    for k in labels(&g) {
        let eq = lemke_howson(&g, k, FLOAT).unwrap();
        for s in &eq.strategies {
            assert!((s[0] - 0.5).abs() < 1e-12 && (s[1] - 0.5).abs() < 1e-12);
        }
        let half = vec![frac(1, 2), frac(1, 2)];
        assert_eq!(lemke_howson_exact(&g, k, 10).unwrap(), [half.clone(), half]);
    }
}

/// Battle of the sexes, `A = [[2, 0], [0, 1]]`, `B = [[1, 0], [0, 2]]`. Column 0 is the
/// column player's best response iff `x_0 >= 2/3`, row 0 the row player's iff `y_0 >= 1/3`.
/// Dropping label 0 moves `x` to `(1, 0)` (new label 2, column 0); then `y` to `(1, 0)`,
/// where row 0 (label 0) is a best response: equilibrium (0, 0). Label 1: `x = (0, 1)`
/// picks up label 3, `y = (0, 1)` picks up label 1: equilibrium (1, 1). Label 2 starts in
/// `Q`: `y = (1, 0)` has label 0, then `x = (1, 0)` has label 2: (0, 0). Label 3: (1, 1).
#[test]
fn battle_of_the_sexes_from_each_label() {
    let g = Game::from_bimatrix(
        array![[2.0, 0.0], [0.0, 1.0]].view(),
        array![[1.0, 0.0], [0.0, 2.0]].view(),
    )
    .unwrap();
    let top = vec![vec![1.0, 0.0], vec![1.0, 0.0]];
    let bottom = vec![vec![0.0, 1.0], vec![0.0, 1.0]];
    for (k, expected) in [(0, &top), (1, &bottom), (2, &top), (3, &bottom)] {
        for options in [FLOAT, EXACT] {
            let eq = lemke_howson(&g, k, options).unwrap();
            assert_eq!(&eq.strategies, expected, "label {k}, {options:?}");
            assert_eq!(eq.regret, 0.0);
        }
    }
    for options in [FLOAT, EXACT] {
        let all = lemke_howson_all(&g, options).unwrap();
        let found: Vec<_> = all.iter().map(|e| e.strategies.clone()).collect();
        // Sorted by the row player's probabilities: (0, 1) before (1, 0).
        assert_eq!(found, vec![bottom.clone(), top.clone()]);
    }
}

/// A weighted rock-paper-scissors, zero-sum, `A = [[0, -1, 2], [1, 0, -1], [-1, 1, 0]]`.
/// Indifference of the rows against `y`: `-y1 + 2y2 = y0 - y2 = -y0 + y1 = v` gives
/// `y2 = 3v, y0 = 4v, y1 = 5v`, so `v = 1/12` and `y = (1/3, 5/12, 1/4)`. Indifference of
/// the columns against `x`: `x1 - x2 = -x0 + x2 = 2x0 - x1 = v` gives `x = (1/4, 5/12, 1/3)`.
/// Both are completely mixed and each system has one solution, so the equilibrium is unique
/// and every label must reach it.
#[test]
fn three_by_three_unique_mixed_equilibrium() {
    let a = array![[0.0, -1.0, 2.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]];
    let g = Game::zero_sum(a.view()).unwrap();
    let x = vec![frac(1, 4), frac(5, 12), frac(1, 3)];
    let y = vec![frac(1, 3), frac(5, 12), frac(1, 4)];
    for k in labels(&g) {
        assert_eq!(
            lemke_howson_exact(&g, k, 100).unwrap(),
            [x.clone(), y.clone()]
        );
        let eq = lemke_howson(&g, k, FLOAT).unwrap();
        for (s, t) in eq.strategies.iter().zip([&x, &y]) {
            for (p, r) in s.iter().zip(t) {
                assert!((p - r.to_f64().unwrap()).abs() < 1e-12, "label {k}: {s:?}");
            }
        }
    }
    assert_eq!(lemke_howson_all(&g, FLOAT).unwrap().len(), 1);
    assert_eq!(lemke_howson_all(&g, EXACT).unwrap().len(), 1);
}

#[test]
fn payoff_scale_and_shift_do_not_matter() {
    // The same 3x3 game scaled by 1e6 and shifted by -3e7, a tiny-scale copy, and one whose
    // payoffs span ±8e307 (their range overflows f64).
    let a = array![[0.0, -1.0, 2.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]];
    for (factor, shift) in [(1e6, -3e7), (1e-9, 5.0), (8e307, 0.0)] {
        let g = Game::zero_sum(a.mapv(|v| v * factor + shift).view()).unwrap();
        for k in labels(&g) {
            let eq = lemke_howson(&g, k, FLOAT).unwrap();
            assert!((eq.strategies[0][1] - 5.0 / 12.0).abs() < 1e-9);
            assert!((eq.strategies[1][0] - 1.0 / 3.0).abs() < 1e-9);
        }
    }
}

/// Found by the Python property test: a payoff range of 2.2e-309 (subnormal) has an infinite
/// inverse, which made the normalised payoffs NaN and the ratio test find no leaving row.
/// Found by hypothesis: a degenerate 3x2 game (the column player indifferent everywhere)
/// whose path from label 3 meets ratios near 5e-7 that differ by 5e-13; an absolute tie
/// tolerance of 1e-12 took them for a tie and the lexicographic rule then chose the wrong row,
/// ending at (a2, a2) with regret 1e-6. The same for smaller gaps down to 1e-12.
#[test]
fn badly_scaled_degenerate_ratios_are_not_ties() {
    for eps in [1e-5, 1e-6, 1e-8, 1e-10, 1e-12] {
        let a = array![[0.0, eps], [-1.0, 0.0], [0.0, 0.0]];
        let g = Game::from_bimatrix(a.view(), Array2::zeros((3, 2)).view()).unwrap();
        check_every_label(&g, &format!("eps {eps}"));
    }
}

#[test]
fn subnormal_payoff_range() {
    let g =
        Game::from_bimatrix(array![[2.2251e-309, 0.0]].view(), array![[0.0, 0.0]].view()).unwrap();
    check_every_label(&g, "1x2 with a subnormal payoff");
}

#[test]
fn constant_games_and_single_actions() {
    let zeros =
        Game::from_bimatrix(Array2::zeros((3, 2)).view(), Array2::zeros((3, 2)).view()).unwrap();
    check_every_label(&zeros, "all-zero 3x2");
    let row = Game::from_bimatrix(
        array![[1.0, 3.0, 2.0]].view(),
        array![[0.0, 2.0, 2.0]].view(),
    )
    .unwrap();
    check_every_label(&row, "1x3");
    let one = Game::from_bimatrix(array![[1.0]].view(), array![[-1.0]].view()).unwrap();
    let eq = lemke_howson(&one, 1, EXACT).unwrap();
    assert_eq!(eq.strategies, vec![vec![1.0], vec![1.0]]);
}

/// A degenerate 3x3 game found by the property test below: with ties in the ratio test
/// broken by taking the last tied row instead of lexicographically, a path cycles until the
/// pivot cap. With the lexicographic rule every label must finish in a few pivots.
#[test]
fn degenerate_game_that_cycles_without_the_lexicographic_rule() {
    let g = Game::from_bimatrix(
        array![[0.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 0.0, -1.0]].view(),
        array![[0.0, -2.0, -1.0], [0.0, 2.0, 2.0], [0.0, 0.0, -1.0]].view(),
    )
    .unwrap();
    for exact in [false, true] {
        let options = LemkeHowsonOptions {
            exact,
            max_pivots: Some(50),
        };
        for k in labels(&g) {
            let eq = lemke_howson(&g, k, options).unwrap();
            assert_eq!(g.max_regret(&eq.strategies).unwrap(), 0.0, "label {k}");
        }
    }
    check_every_label(&g, "cycling 3x3");
}

// ---------------------------------------------------------------------------------------------
// Errors.

#[test]
fn errors_name_what_to_fix() {
    let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
    let err = lemke_howson(&g, 4, FLOAT).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument(m) if m.contains("0..4")),
        "{err}"
    );
    assert!(matches!(
        lemke_howson_exact(&g, 9, 10),
        Err(Error::InvalidArgument(_))
    ));
    let zero_cap = LemkeHowsonOptions {
        exact: false,
        max_pivots: Some(0),
    };
    assert!(matches!(
        lemke_howson_all(&g, zero_cap),
        Err(Error::InvalidArgument(_))
    ));
    let three = Game::from_fn(&[2, 2, 2], |s, i| s[i] as f64).unwrap();
    let err = lemke_howson(&three, 0, FLOAT).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidGame(m) if m.contains("3 players")),
        "{err}"
    );
    assert!(matches!(
        lemke_howson_all(&three, EXACT),
        Err(Error::InvalidGame(_))
    ));
}

#[test]
fn pivot_cap_is_reported() {
    // Matching pennies from label 0: x = (1, 0) (label 3), y = (0, 1) (label 1),
    // x = (1/2, 1/2) (label 2), y = (1/2, 1/2) (label 0): exactly four pivots.
    let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
    for exact in [false, true] {
        let options = LemkeHowsonOptions {
            exact,
            max_pivots: Some(3),
        };
        let err = lemke_howson(&g, 0, options).unwrap_err();
        let Error::Solver(message) = &err else {
            panic!("expected a solver error, got {err}")
        };
        assert!(message.contains("max_pivots = 3") && message.contains("raise max_pivots"));
        assert!(matches!(
            lemke_howson_all(&g, options),
            Err(Error::Solver(_))
        ));
    }
    for exact in [false, true] {
        let four = LemkeHowsonOptions {
            exact,
            max_pivots: Some(4),
        };
        assert!(lemke_howson(&g, 0, four).is_ok());
    }
    let one = LemkeHowsonOptions {
        exact: false,
        max_pivots: Some(1),
    };
    assert!(matches!(lemke_howson(&g, 2, one), Err(Error::Solver(_))));
}

#[test]
fn exact_regret_rejects_bad_profiles_and_measures_gains() {
    let g = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    let pure = |a: usize| {
        let mut v = vec![frac(0, 1); 2];
        v[a] = frac(1, 1);
        v
    };
    // Mutual cooperation: each gains 2 by defecting.
    assert_eq!(
        g.exact_regret(&[pure(0), pure(0)]).unwrap(),
        vec![frac(2, 1), frac(2, 1)]
    );
    assert!(matches!(
        g.exact_regret(&[vec![frac(1, 2), frac(1, 3)], pure(0)]),
        Err(Error::InvalidProfile(_))
    ));
    assert!(matches!(
        g.exact_regret(&[vec![frac(3, 2), frac(-1, 2)], pure(0)]),
        Err(Error::InvalidProfile(_))
    ));
    assert!(matches!(
        g.exact_regret(&[pure(0)]),
        Err(Error::InvalidProfile(_))
    ));
}

// ---------------------------------------------------------------------------------------------
// Gambit's files.

/// Degenerate games and Shapley's / Todd's examples with equilibria no label reaches: the
/// paths must still terminate at equilibria (the lexicographic rule prevents cycling).
const DEGENERATE: &[&str] = &[
    "deg1.nfg",
    "deg2.nfg",
    "winkels.nfg",
    "zero.nfg",
    "2x2_all_zero_duplicate_labels.nfg",
    "csg2.nfg",
    "vd.nfg",
    "todd3.nfg",
    "sh3.nfg",
];

#[test]
fn every_two_player_gambit_file_from_every_label() {
    let names = nfg_names();
    let mut two_player = 0;
    for name in &names {
        let g = nfg(name);
        if g.num_players() != 2 {
            assert!(matches!(
                lemke_howson(&g, 0, FLOAT),
                Err(Error::InvalidGame(_))
            ));
            continue;
        }
        two_player += 1;
        check_every_label(&g, name);
    }
    assert!(two_player >= 20, "only {two_player} two-player files found");
    for name in DEGENERATE {
        assert!(names.iter().any(|n| n == name), "{name} is missing");
    }
}

#[test]
fn degenerate_gambit_games_give_distinct_certified_equilibria() {
    for name in DEGENERATE {
        let g = nfg(name);
        for options in [FLOAT, EXACT] {
            let all = lemke_howson_all(&g, options).unwrap();
            assert!(!all.is_empty(), "{name}");
            assert!(all.iter().all(|e| e.regret <= 1e-9), "{name}");
            for (i, e) in all.iter().enumerate() {
                for f in &all[..i] {
                    assert_ne!(e.strategies, f.strategies, "{name}: duplicate");
                }
            }
        }
    }
}

#[test]
fn von_stengel_6x6() {
    let g = nfg("vonstengel1999_6x6_75eq.nfg");
    assert_eq!(g.shape(), &[6, 6]);
    check_every_label(&g, "vonstengel1999_6x6_75eq");
    let float = lemke_howson_all(&g, FLOAT).unwrap();
    let exact = lemke_howson_all(&g, EXACT).unwrap();
    // With 75 equilibria, the 12 paths end in at least one and at most 12 of them, the same
    // ones in both arithmetics.
    assert!(!float.is_empty() && float.len() <= 12);
    assert_eq!(float.len(), exact.len());
    for (f, e) in float.iter().zip(&exact) {
        assert_eq!(f.support(), e.support());
    }
}

// ---------------------------------------------------------------------------------------------
// Properties of random games.

fn game_strategy(ties: bool) -> impl Strategy<Value = Game> {
    (1usize..=6, 1usize..=6).prop_flat_map(move |(m, n)| {
        proptest::collection::vec(payoff(ties), 2 * m * n)
            .prop_map(move |v| bimatrix_from(m, n, &v))
    })
}

fn check_random(g: &Game) -> Result<(), TestCaseError> {
    for k in labels(g) {
        let eq = lemke_howson(g, k, FLOAT).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let regret = g.max_regret(&eq.strategies).unwrap();
        prop_assert!(regret <= 1e-9, "label {}: regret {}", k, regret);
        let exact = lemke_howson_exact(g, k, 100_000).unwrap();
        let regrets = g.exact_regret(&exact).unwrap();
        prop_assert!(
            regrets.iter().all(Zero::is_zero),
            "label {}: {:?}",
            k,
            regrets
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_games_every_label_is_an_equilibrium(g in game_strategy(false)) {
        check_random(&g)?;
    }

    #[test]
    fn degenerate_integer_games_every_label_is_an_equilibrium(g in game_strategy(true)) {
        check_random(&g)?;
        let all = lemke_howson_all(&g, EXACT).unwrap();
        prop_assert!(!all.is_empty() && all.len() <= labels(&g).len());
    }
}

/// Larger games, where supports (the size of the revised tableau's core) grow and shrink
/// along the path: integer payoffs over a wide range are nondegenerate with high probability,
/// so the float path must end where the exact path ends; zero-sum games have large supports.
fn large_game_strategy() -> impl Strategy<Value = (Game, usize)> {
    (8usize..=24, 8usize..=24, any::<bool>()).prop_flat_map(|(m, n, zero_sum)| {
        let payoffs = proptest::collection::vec(-1000i32..=1000, 2 * m * n);
        (payoffs, 0..m + n).prop_map(move |(v, label)| {
            let v: Vec<f64> = v.into_iter().map(f64::from).collect();
            let a = Array2::from_shape_vec((m, n), v[..m * n].to_vec()).unwrap();
            let b = if zero_sum {
                -&a
            } else {
                Array2::from_shape_vec((m, n), v[m * n..].to_vec()).unwrap()
            };
            (Game::from_bimatrix(a.view(), b.view()).unwrap(), label)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn larger_games_float_path_ends_where_the_exact_path_ends((g, k) in large_game_strategy()) {
        let eq = lemke_howson(&g, k, FLOAT).unwrap();
        prop_assert!(eq.regret <= 1e-9, "label {}: regret {}", k, eq.regret);
        let exact = lemke_howson_exact(&g, k, 100_000).unwrap();
        prop_assert!(g.exact_regret(&exact).unwrap().iter().all(Zero::is_zero));
        for (s, t) in eq.strategies.iter().zip(&exact) {
            for (p, q) in s.iter().zip(t) {
                let q = q.to_f64().unwrap();
                prop_assert!((p - q).abs() <= 1e-9, "label {}: {} vs exact {}", k, p, q);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Exact arithmetic at every payoff size: machine integers, the switch to big integers along
// the path, and big integers from the start.

/// A 10×10 game with integer payoffs in −1000..=1000 (splitmix64; nondegenerate), each
/// multiplied by `scale` (exactly: `scale` is a power of 2 or the payoffs are rationals).
fn scaled_integer_game(scale: &num_bigint::BigInt, seed: u64) -> Game {
    use detente::solve::BigRational;
    use ndarray::{ArrayD, IxDyn};
    let mut state = seed;
    let mut next = || (crate::common::splitmix64(&mut state) % 2001) as i64 - 1000;
    let values: Vec<BigRational> = (0..200)
        .map(|_| BigRational::from_integer(scale * next()))
        .collect();
    Game::new_exact(ArrayD::from_shape_vec(IxDyn(&[10, 10, 2]), values).unwrap()).unwrap()
}

#[test]
fn exact_paths_at_every_payoff_size_end_at_the_same_certified_equilibrium() {
    use num_bigint::BigInt;
    // 2^k: floats, read as machine integers up to 2^120 (at 2^100 the path's numbers soon
    // leave i128, at 2^130 the payoffs already do); 10^40 + 1/3: rationals, big from the start.
    let two = |k: u32| BigInt::from(1) << k;
    for seed in [1, 2, 3] {
        let reference = scaled_integer_game(&BigInt::from(1), seed);
        assert!(!reference.has_rational_payoffs());
        for label in 0..20 {
            let want = lemke_howson_exact(&reference, label, 100_000).unwrap();
            assert!(
                crate::common::exact_regret(&reference, &want)
                    .iter()
                    .all(Zero::is_zero)
            );
            let float = lemke_howson(&reference, label, FLOAT).unwrap();
            for (s, t) in float.strategies.iter().zip(&want) {
                for (p, q) in s.iter().zip(t) {
                    assert!(
                        (p - q.to_f64().unwrap()).abs() <= 1e-9,
                        "seed {seed}, label {label}"
                    );
                }
            }
            for k in [50, 100, 130, 300] {
                let g = scaled_integer_game(&two(k), seed);
                let got = lemke_howson_exact(&g, label, 100_000).unwrap();
                assert!(
                    crate::common::exact_regret(&g, &got)
                        .iter()
                        .all(Zero::is_zero)
                );
                // A positive scaling does not move a nondegenerate game's path.
                assert_eq!(got, want, "seed {seed}, label {label}, scale 2^{k}");
            }
            // Shifted by a third and scaled by 10^40: rational payoffs.
            let g = {
                let big = BigInt::from(10).pow(40);
                let base = scaled_integer_game(&big, seed);
                let third = detente::solve::BigRational::new(1.into(), 3.into());
                let values: Vec<_> = base
                    .exact_payoffs()
                    .unwrap()
                    .into_iter()
                    .map(|x| x + &third)
                    .collect();
                let tensor = ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[10, 10, 2]), values);
                Game::new_exact(tensor.unwrap()).unwrap()
            };
            assert!(g.has_rational_payoffs());
            let got = lemke_howson_exact(&g, label, 100_000).unwrap();
            assert!(
                crate::common::exact_regret(&g, &got)
                    .iter()
                    .all(Zero::is_zero)
            );
            assert_eq!(got, want, "seed {seed}, label {label}, rational payoffs");
        }
    }
}

#[test]
fn exact_degenerate_games_with_huge_payoffs() {
    // Payoffs 0, 1 or 2 times 2^200 (big integers from the start): ties everywhere, every
    // label certified exactly.
    for seed in 0..20u64 {
        let mut state = seed;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % 3
        };
        let (m, n) = (2 + (seed % 4) as usize, 2 + (seed % 3) as usize);
        let v: Vec<f64> = (0..2 * m * n)
            .map(|_| next() as f64 * 2f64.powi(200))
            .collect();
        let g = bimatrix_from(m, n, &v);
        for label in 0..m + n {
            let got = lemke_howson_exact(&g, label, 100_000).unwrap();
            assert!(
                crate::common::exact_regret(&g, &got)
                    .iter()
                    .all(Zero::is_zero)
            );
        }
    }
}

#[test]
fn exact_paths_look_for_a_stop_at_every_pivot() {
    use detente::interrupt::{self, StopToken};
    // Matching pennies: four pivots, fewer than the float path's 128 between checks, so only
    // the exact path sees the stop.
    let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
    let token = StopToken::new();
    token.stop();
    let exact = interrupt::with_token(&token, || lemke_howson(&g, 0, EXACT));
    assert_eq!(exact.unwrap_err(), Error::Interrupted);
    let float = interrupt::with_token(&token, || lemke_howson(&g, 0, FLOAT));
    assert!(float.unwrap().regret <= 1e-12);
}

#[test]
fn one_players_payoffs_in_big_integers_the_others_in_machine_integers() {
    use num_bigint::BigInt;
    // Scaling one player's payoffs changes neither tableau's path: with the column player's
    // times 2^200, P pivots in big integers from the start while Q stays in machine integers.
    for seed in [4, 5, 6] {
        let g = scaled_integer_game(&BigInt::from(1), seed);
        let scaled = {
            let big = BigInt::from(1) << 200;
            let values: Vec<_> = g
                .exact_payoffs()
                .unwrap()
                .into_iter()
                .enumerate()
                .map(|(k, x)| if k % 2 == 1 { x * &big } else { x })
                .collect();
            let tensor = ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[10, 10, 2]), values);
            Game::new_exact(tensor.unwrap()).unwrap()
        };
        for label in 0..20 {
            let want = lemke_howson_exact(&g, label, 100_000).unwrap();
            let got = lemke_howson_exact(&scaled, label, 100_000).unwrap();
            assert!(
                crate::common::exact_regret(&scaled, &got)
                    .iter()
                    .all(Zero::is_zero)
            );
            assert_eq!(got, want, "seed {seed}, label {label}");
        }
    }
}
