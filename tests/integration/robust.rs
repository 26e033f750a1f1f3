//! Robustness of the equilibrium solvers on inputs that used to make them fail: payoff scales
//! that differ wildly between players (logit homotopy, logit QRE), Lemke-Howson labels that
//! stop at the pivot cap while others finish, and pivot caps that grow with the game.

use detente::solve::{
    self, HomotopyOptions, LemkeHowsonOptions, lemke_howson, lemke_howson_all,
    lemke_howson_all_labels,
};
use detente::{Error, Game};
use ndarray::array;

use crate::common::{game_from, splitmix_bimatrix};

/// A random `4 × 4 × 4` game, payoffs uniform in `[-1, 1)` from a xorshift stream of `seed`,
/// with player 0's payoffs multiplied by `factor`.
fn random_444(seed: u64, factor: f64) -> Game {
    let shape = [4, 4, 4];
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let data = (0..64 * 3)
        .map(|k| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let u = (x >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
            if k % 3 == 0 { u * factor } else { u }
        })
        .collect();
    game_from(&shape, data)
}

/// Each player's payoff range (largest minus smallest payoff).
fn ranges(g: &Game) -> Vec<f64> {
    let n = g.num_players();
    (0..n)
        .map(|i| {
            let own = g.payoff_slice().iter().skip(i).step_by(n);
            let max = own.clone().copied().fold(f64::NEG_INFINITY, f64::max);
            let min = own.copied().fold(f64::INFINITY, f64::min);
            max - min
        })
        .collect()
}

#[test]
fn homotopy_is_invariant_to_one_players_payoff_scale() {
    let tol = HomotopyOptions::default().tol;
    for seed in 0..20 {
        let plain = random_444(seed, 1.0);
        let reference = solve::logit_homotopy(&plain, HomotopyOptions::default())
            .unwrap_or_else(|e| panic!("seed {seed}, unscaled: {e}"));
        for factor in [1e9, 1e-9] {
            let g = random_444(seed, factor);
            let eq = solve::logit_homotopy(&g, HomotopyOptions::default())
                .unwrap_or_else(|e| panic!("seed {seed}, player 0 x {factor:e}: {e}"));
            // The criterion: every player's regret within tol of that player's payoff range.
            let regrets = g.regret(&eq.strategies).unwrap();
            for (i, (r, range)) in regrets.iter().zip(ranges(&g)).enumerate() {
                assert!(
                    *r <= tol * range,
                    "seed {seed}, x {factor:e}: player {i} regret {r:e}, range {range:e}"
                );
            }
            for (s, t) in eq.strategies.iter().zip(&reference.strategies) {
                for (p, q) in s.iter().zip(t) {
                    assert!(
                        (p - q).abs() <= 1e-9,
                        "seed {seed}, x {factor:e}: {:?} vs {:?}",
                        eq.strategies,
                        reference.strategies
                    );
                }
            }
        }
    }
}

#[test]
fn qre_names_differing_payoff_scales_when_it_fails() {
    for seed in 0..20 {
        let g = random_444(seed, 1e9);
        match solve::logit_qre(&g, &[0.0, 1.0, 100.0]) {
            Ok(q) => assert_eq!(q.lambdas.len(), 3),
            Err(Error::Solver(m)) => assert!(
                m.contains("payoff scales differ by a factor of"),
                "seed {seed}: {m}"
            ),
            Err(e) => panic!("seed {seed}: {e}"),
        }
    }
    // With comparable scales the same game's branch is followed to the end.
    let g = random_444(0, 1.0);
    assert!(solve::logit_qre(&g, &[0.0, 1.0, 100.0]).is_ok());
}

/// Von Stengel's 3×3 example (Handbook of Game Theory vol. 3, ch. 45, Fig. 3): the paths from
/// labels 0..6 take 5, 3, 2, 5, 3, 2 pivots, all to the pure equilibrium (2, 2).
fn von_stengel_3x3() -> Game {
    Game::from_bimatrix(
        array![[3.0, 3.0, 0.0], [4.0, 0.0, 1.0], [0.0, 4.0, 5.0]].view(),
        array![[3.0, 4.0, 0.0], [3.0, 0.0, 4.0], [0.0, 1.0, 5.0]].view(),
    )
    .unwrap()
}

#[test]
fn lemke_howson_all_labels_keeps_what_the_finished_paths_found() {
    let g = von_stengel_3x3();
    for exact in [false, true] {
        let cap = |c| LemkeHowsonOptions {
            exact,
            max_pivots: Some(c),
        };
        let all = lemke_howson_all_labels(&g, cap(3)).unwrap();
        assert_eq!(all.stopped_labels, vec![0, 3]);
        assert_eq!(all.equilibria.len(), 1);
        assert_eq!(all.equilibria[0].support(), vec![vec![2], vec![2]]);
        assert_eq!(all.equilibria[0].regret, 0.0);
        assert_eq!(
            lemke_howson_all_labels(&g, cap(2)).unwrap().stopped_labels,
            vec![0, 1, 3, 4]
        );
        assert!(
            lemke_howson_all_labels(&g, cap(5))
                .unwrap()
                .stopped_labels
                .is_empty()
        );
        // Only if no label finishes is it an error.
        let err = lemke_howson_all_labels(&g, cap(1)).unwrap_err();
        assert!(
            matches!(&err, Error::Solver(m) if m.contains("any of the 6 labels") && m.contains("raise max_pivots")),
            "{err}"
        );
        // The all-or-nothing form fails with a stopped label's error.
        let err = lemke_howson_all(&g, cap(3)).unwrap_err();
        assert!(
            matches!(&err, Error::Solver(m) if m.contains("max_pivots = 3")),
            "{err}"
        );
        assert_eq!(lemke_howson_all(&g, cap(5)).unwrap(), all.equilibria);
    }
}

#[test]
fn the_default_pivot_cap_grows_with_the_game() {
    let cap = LemkeHowsonOptions::default_max_pivots;
    assert_eq!(cap(1, 1), 100_000);
    assert_eq!(cap(50, 50), 100_000);
    assert_eq!(cap(200, 200), 10 * 400 * 400);
    assert_eq!(cap(300, 100), 10 * 400 * 400);
    assert!(cap(1000, 1000) > cap(500, 500));
    assert_eq!(cap(usize::MAX, 2), usize::MAX);
    let default = LemkeHowsonOptions::default();
    assert_eq!(default.max_pivots, None);
    assert_eq!(default.max_pivots_for(200, 200), cap(200, 200));
}

#[test]
fn a_200x200_path_beyond_the_old_cap_finishes_with_the_default() {
    // This path has 208 786 pivots: the fixed default cap of 100 000 stopped it, while
    // QuantEcon's lemke_howson finishes it.
    let g = splitmix_bimatrix(200, 200);
    let eq = lemke_howson(&g, 0, LemkeHowsonOptions::default()).unwrap();
    assert!(eq.regret <= 1e-9, "regret {}", eq.regret);
}
