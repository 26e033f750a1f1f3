//! (Coarse) correlated equilibria (`solve::correlated`): hand-derived answers, closed forms,
//! and property tests checked by an independent routine.

use detente::solve::{self, CorrelatedEquilibrium, CorrelatedObjective, correlated};
use detente::{Error, Game};
use ndarray::{ArrayD, Dimension, IxDyn};
use proptest::prelude::*;

use crate::common::{
    all_close, chicken, game_from, near_tie_game, near_tie_matrix, nfg, payoff_values,
};

// ---------------------------------------------------------------------------------------------
// Correlated equilibria.

/// The largest violation of the CE (or CCE) constraints by `dist`, computed here from
/// `Game::pure_payoffs` over multi-indices, independently of the library's own check.
fn violation(g: &Game, dist: &ArrayD<f64>, coarse: bool) -> f64 {
    let shape = g.shape().to_vec();
    let mut worst = 0.0_f64;
    for i in 0..g.num_players() {
        let k = shape[i];
        // gain[a][b] = Σ_{s: s_i = a} μ(s) (u_i(b, s_-i) - u_i(s)).
        let mut gain = vec![vec![0.0; k]; k];
        for (idx, &m) in dist.indexed_iter() {
            let s: Vec<usize> = idx.slice().to_vec();
            let here = g.pure_payoffs(&s)[i];
            for (b, cell) in gain[s[i]].iter_mut().enumerate() {
                let mut t = s.clone();
                t[i] = b;
                *cell += m * (g.pure_payoffs(&t)[i] - here);
            }
        }
        worst = if coarse {
            // Deviating to b whatever the recommendation: column sums.
            (0..k)
                .map(|b| gain.iter().map(|row| row[b]).sum())
                .fold(worst, f64::max)
        } else {
            gain.iter().flatten().copied().fold(worst, f64::max)
        };
    }
    worst
}

fn check_correlated(g: &Game, ce: &CorrelatedEquilibrium, coarse: bool) {
    assert_eq!(ce.distribution.shape(), g.shape());
    assert!(ce.distribution.iter().all(|&p| (0.0..=1.0).contains(&p)));
    assert!((ce.distribution.sum() - 1.0).abs() <= 1e-12);
    assert!(ce.regret >= 0.0 && ce.regret <= 1e-9, "{ce:?}");
    assert!(violation(g, &ce.distribution, coarse) <= 1e-9, "{ce:?}");
    // Payoffs recomputed here.
    for i in 0..g.num_players() {
        let u: f64 = ce
            .distribution
            .indexed_iter()
            .map(|(s, &m)| m * g.pure_payoffs(s.slice())[i])
            .sum();
        assert!(
            (u - ce.payoffs[i]).abs() <= 1e-9,
            "player {i}: {u} vs {ce:?}"
        );
    }
}

#[test]
fn chicken_welfare_maximising_ce() {
    // With μ = (p_CC, p_CD, p_DC, p_DD), the row constraints are 2 p_CD >= p_CC (told C) and
    // p_DC >= 2 p_DD (told D), the column's symmetric. Welfare 12 p_CC + 9 (p_CD + p_DC) =
    // 9 + 3 p_CC - 9 p_DD, and p_CC <= 2 min(p_CD, p_DC) <= 1 - p_CC - p_DD forces p_CC <= 1/2:
    // the unique optimum is (1/2, 1/4, 1/4, 0), welfare 10.5, payoffs 5.25 each.
    let g = chicken();
    let ce = correlated(&g, &CorrelatedObjective::Welfare, false).unwrap();
    check_correlated(&g, &ce, false);
    let expected = ArrayD::from_shape_vec(IxDyn(&[2, 2]), vec![0.5, 0.25, 0.25, 0.0]).unwrap();
    assert!(
        ce.distribution
            .iter()
            .zip(&expected)
            .all(|(a, b)| (a - b).abs() <= 1e-9),
        "{ce:?}"
    );
    assert!((ce.objective_value - 10.5).abs() <= 1e-9);
    assert!(all_close(&ce.payoffs, &[5.25, 5.25], 1e-9));
    // Nash equilibria: (C,D), (D,C) (welfare 9) and both playing C with probability 2/3
    // (payoff 2 + 4·2/3 = 14/3 each, welfare 28/3): all below 10.5.
    let mixed = detente::Equilibrium::new(&g, vec![vec![2.0 / 3.0, 1.0 / 3.0]; 2], "hand");
    let mixed = mixed.unwrap();
    assert!(mixed.regret <= 1e-12);
    assert!(ce.objective_value >= mixed.payoffs.iter().sum::<f64>() + 1.0);

    // MaxMin is the same point here (symmetric); weights (1, 0) favour the row player:
    // the best CE for the row player is its pure equilibrium (D, C), payoff 7.
    let mm = correlated(&g, &CorrelatedObjective::MaxMin, false).unwrap();
    assert!((mm.objective_value - 5.25).abs() <= 1e-9, "{mm:?}");
    let row = correlated(&g, &CorrelatedObjective::Weights(vec![1.0, 0.0]), false).unwrap();
    check_correlated(&g, &row, false);
    assert!((row.objective_value - 7.0).abs() <= 1e-9, "{row:?}");
}

#[test]
fn chicken_coarse_correlated_equilibrium() {
    // CCE constraints: row: 6p_CC + 2p_CD + 7p_DC >= max(6(p_CC + p_DC) + 2(p_CD + p_DD),
    // 7(p_CC + p_DC)); the welfare optimum of the CCE polytope is at least 10.5 (CE ⊆ CCE).
    let g = chicken();
    let cce = correlated(&g, &CorrelatedObjective::Welfare, true).unwrap();
    check_correlated(&g, &cce, true);
    assert!(cce.objective_value >= 10.5 - 1e-9);
    let none = correlated(&g, &CorrelatedObjective::None, true).unwrap();
    check_correlated(&g, &none, true);
    assert_eq!(none.objective_value, 0.0);
}

#[test]
fn nau2004_three_players() {
    // Gambit's 2x2x4 game whose CE polytope is 4-dimensional with six vertices (Nau et al.
    // 2004, section 6): every objective lands on a certified CE, and coarse >= correlated.
    let g = nfg("nau2004_sec6.nfg");
    assert_eq!(g.shape(), &[2, 2, 4]);
    let objectives = [
        CorrelatedObjective::Welfare,
        CorrelatedObjective::None,
        CorrelatedObjective::MaxMin,
        CorrelatedObjective::Weights(vec![1.0, -1.0, 0.5]),
        CorrelatedObjective::Weights(vec![0.0, 0.0, 1.0]),
    ];
    for objective in &objectives {
        let ce = correlated(&g, objective, false).unwrap();
        check_correlated(&g, &ce, false);
        let cce = correlated(&g, objective, true).unwrap();
        check_correlated(&g, &cce, true);
        assert!(
            cce.objective_value >= ce.objective_value - 1e-9,
            "{objective:?}"
        );
    }
}

#[test]
fn payoffs_of_very_different_magnitudes() {
    // Found by hypothesis: with rows scaled only by the payoff range, the backend reported a
    // singular basis on this game.
    let e = 1e-9;
    #[rustfmt::skip]
    let payoffs = vec![
        e, e, 0.0,   e, e, e,
        e, e, e,     0.03125, 0.0, e,
        e, e, e,     e, e, e,
        -1.0, e, e,  e, 1.0, e,
    ];
    let g = Game::new(ArrayD::from_shape_vec(IxDyn(&[2, 2, 2, 3]), payoffs).unwrap()).unwrap();
    for coarse in [false, true] {
        let ce = correlated(&g, &CorrelatedObjective::Welfare, coarse).unwrap();
        check_correlated(&g, &ce, coarse);
    }
}

#[test]
fn correlated_rejects_bad_weights_and_huge_games() {
    let g = chicken();
    let bad = CorrelatedObjective::Weights(vec![1.0]);
    assert!(
        matches!(correlated(&g, &bad, false), Err(Error::InvalidArgument(m)) if m.contains("2 finite"))
    );
    let nan = CorrelatedObjective::Weights(vec![1.0, f64::NAN]);
    assert!(matches!(
        correlated(&g, &nan, false),
        Err(Error::InvalidArgument(_))
    ));
    let big = Game::from_fn(&[11, 10, 10, 10, 10, 10], |_, _| 0.0).unwrap();
    let err = correlated(&big, &CorrelatedObjective::Welfare, false).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidGame(m) if m.contains("1100000 profiles")),
        "{err}"
    );
}

#[test]
fn one_player_and_single_profile_games() {
    // One player: the CE puts everything on its best actions.
    let g =
        Game::new(ArrayD::from_shape_vec(IxDyn(&[3, 1]), vec![1.0, 3.0, 2.0]).unwrap()).unwrap();
    let ce = correlated(&g, &CorrelatedObjective::None, false).unwrap();
    check_correlated(&g, &ce, false);
    assert_eq!(ce.distribution.as_slice().unwrap(), &[0.0, 1.0, 0.0]);
    let g = Game::from_fn(&[1, 1], |_, i| i as f64).unwrap();
    let ce = correlated(&g, &CorrelatedObjective::Welfare, false).unwrap();
    assert_eq!(ce.objective_value, 1.0);
}

// ---------------------------------------------------------------------------------------------
// Random games.

fn game(max_players: usize, max_actions: usize) -> impl Strategy<Value = Game> {
    prop::collection::vec(1usize..=max_actions, 1..=max_players)
        .prop_flat_map(|shape| {
            let len = shape.iter().product::<usize>() * shape.len();
            (Just(shape), payoff_values(len))
        })
        .prop_map(|(shape, values)| game_from(&shape, values))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn near_ties_are_certified_or_refused(a in near_tie_matrix()) {
        // The backend may fail on these; the solver must then refuse, never return a wrong
        // answer (all refusals are Error::Solver). Accepted: gains up to 1e-6 of the largest
        // absolute payoff of the game (both players' payoffs, not only the row player's).
        let g = near_tie_game(&a);
        let scale = g.payoff_slice().iter().fold(0.0_f64, |s, x| s.max(x.abs()));
        for coarse in [false, true] {
            match correlated(&g, &CorrelatedObjective::Welfare, coarse) {
                Ok(ce) => {
                    prop_assert!(ce.regret <= 1e-6 * scale, "{:?}", ce);
                    prop_assert!(violation(&g, &ce.distribution, coarse) <= 1e-6 * scale);
                }
                Err(e) => prop_assert!(matches!(e, Error::Solver(_)), "{}", e),
            }
        }
    }

    #[test]
    fn correlated_equilibria_are_certified(g in game(3, 3), coarse in any::<bool>()) {
        let ce = correlated(&g, &CorrelatedObjective::Welfare, coarse).unwrap();
        check_correlated(&g, &ce, coarse);
        // Every pure Nash equilibrium is a CE: the welfare optimum is at least its welfare.
        for eq in solve::pure(&g, 0.0).unwrap() {
            prop_assert!(ce.objective_value >= eq.payoffs.iter().sum::<f64>() - 1e-9);
        }
        if !coarse {
            // CE ⊆ CCE.
            let cce = correlated(&g, &CorrelatedObjective::Welfare, true).unwrap();
            prop_assert!(cce.objective_value >= ce.objective_value - 1e-9);
        }
        let mm = correlated(&g, &CorrelatedObjective::MaxMin, coarse).unwrap();
        check_correlated(&g, &mm, coarse);
        let min = mm.payoffs.iter().copied().fold(f64::INFINITY, f64::min);
        prop_assert_eq!(mm.objective_value, min);
    }

}
