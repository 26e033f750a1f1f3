//! Minmax values: hand-derived exact values (including the 3-player game where mixed and
//! correlated minmax differ), and property tests against brute force (best replies to the
//! returned punishers, grid searches over the punishers' mixtures).

use detente::Game;
use detente::repeated::{MinmaxKind, RepeatedGame};
use ndarray::{ArrayD, IxDyn, array};
use num_rational::BigRational;
use proptest::prelude::*;

fn r(p: i64, q: i64) -> BigRational {
    BigRational::new(p.into(), q.into())
}

fn rg(g: Game) -> RepeatedGame {
    RepeatedGame::new(g, 0.5).unwrap()
}

#[test]
fn matching_pennies_pure_one_mixed_zero() {
    let g = Game::from_bimatrix(
        array![[1.0, -1.0], [-1.0, 1.0]].view(),
        array![[-1.0, 1.0], [1.0, -1.0]].view(),
    )
    .unwrap();
    let g = rg(g);
    assert_eq!(g.minmax(MinmaxKind::Pure).unwrap().values, vec![1.0, 1.0]);
    let m = g.minmax(MinmaxKind::Mixed).unwrap();
    assert_eq!(m.values, vec![0.0, 0.0]);
    assert_eq!(m.strategies[0][1], vec![0.5, 0.5]);
}

#[test]
fn a_rational_value_is_exact() {
    // Row payoffs [[3, -1], [-2, 1]]: the column player holds the row to (3 − 2) / 7 = 1/7.
    let a = array![[3.0, -1.0], [-2.0, 1.0]];
    let g = Game::from_bimatrix(a.view(), (-&a).view())
        .unwrap()
        .with_exact_floats_for_tests();
    let m = rg(g).minmax(MinmaxKind::Mixed).unwrap();
    assert_eq!(m.values_exact.as_ref().unwrap()[0], r(1, 7));
    assert_eq!(m.method[0], "zero_sum_exact");
    let y = &m.strategies_exact.as_ref().unwrap()[0][1];
    assert_eq!(y, &vec![r(2, 7), r(5, 7)]);
}

/// Player 3 (actions X, Y) is paid 1 at every profile except X at (1, 1) and Y at (0, 0),
/// where it is paid −1; players 1 and 2 get 0.
///
/// * pure: every pure (a1, a2) leaves 3 an action paying 1: minmax 1;
/// * mixed: with p = P(a1 = 0), q = P(a2 = 0), X pays 1 − 2(1−p)(1−q) and Y pays 1 − 2pq;
///   min(pq, (1−p)(1−q)) <= 1/4 (AM-GM), with equality only at p = q = 1/2: minmax 1/2;
/// * correlated: ½(0,0) + ½(1,1) makes both pay 0, and X + Y >= 0 everywhere: minmax 0.
fn three_player_game() -> Game {
    let mut t = ArrayD::<f64>::zeros(IxDyn(&[2, 2, 2, 3]));
    for a1 in 0..2 {
        for a2 in 0..2 {
            t[[a1, a2, 0, 2]] = if (a1, a2) == (1, 1) { -1.0 } else { 1.0 };
            t[[a1, a2, 1, 2]] = if (a1, a2) == (0, 0) { -1.0 } else { 1.0 };
        }
    }
    Game::new(t).unwrap().with_exact_floats_for_tests()
}

/// Player 3 gets 3 at (a1, a1, ·) against -2, 1 or 4/-3 elsewhere: the correlated punishment
/// that holds them to 1/2 mixes over a product of the two punishers' marginals, so independent
/// punishers attain it too and the mixed minmax is 1/2 exactly, without branch and bound (which
/// alone ran out of regions with a bracket of width 3.5e-6 on this game).
#[test]
fn a_product_correlated_punishment_is_the_exact_mixed_minmax() {
    let values = [
        0, 0, 3, 0, 0, -2, 0, 0, 0, 0, 0, 1, 0, 0, 4, 0, 0, -3, 0, 0, 4, 0, 0, -3,
    ];
    let m = rg(random_game(&[2, 2, 2], &values))
        .minmax(MinmaxKind::Mixed)
        .unwrap();
    assert_eq!(m.method[2], "correlated_product");
    assert_eq!(
        m.values_exact.as_ref().unwrap()[2],
        BigRational::new(1.into(), 2.into())
    );
    assert_eq!(m.lower_bounds[2], m.values[2]);
    let v = values_against(&random_game(&[2, 2, 2], &values), 2, &m.strategies[2]);
    assert!((v.iter().copied().fold(f64::NEG_INFINITY, f64::max) - 0.5).abs() < 1e-12);
}

#[test]
fn three_players_mixed_and_correlated_minmax_differ() {
    let g = rg(three_player_game());
    assert_eq!(g.minmax(MinmaxKind::Pure).unwrap().values[2], 1.0);
    let c = g.minmax(MinmaxKind::Correlated).unwrap();
    assert_eq!(c.values_exact.as_ref().unwrap()[2], r(0, 1));
    let joint = &c.joint.as_ref().unwrap()[2];
    assert_eq!(joint, &vec![0.5, 0.0, 0.0, 0.5]);
    let m = g.minmax(MinmaxKind::Mixed).unwrap();
    assert_eq!(m.method[2], "branch_and_bound");
    assert_eq!(m.values_exact.as_ref().unwrap()[2], r(1, 2));
    assert!(
        m.lower_bounds[2] <= 0.5 && m.lower_bounds[2] >= 0.5 - 1e-8,
        "{:?}",
        m.lower_bounds
    );
    assert_eq!(m.strategies[2][0], vec![0.5, 0.5]);
    assert_eq!(m.strategies[2][1], vec![0.5, 0.5]);
}

trait ExactForTests {
    fn with_exact_floats_for_tests(self) -> Self;
}

impl ExactForTests for Game {
    /// Integer payoffs given as exact values (as Python ints are).
    fn with_exact_floats_for_tests(self) -> Self {
        let exact = self.payoffs().mapv(|x| BigRational::from_float(x).unwrap());
        Game::new_exact(exact).unwrap()
    }
}

/// Player `i`'s payoff for each action against independent punishers' strategies.
fn values_against(game: &Game, i: usize, profile: &[Vec<f64>]) -> Vec<f64> {
    (0..game.shape()[i])
        .map(|a| {
            let mut p = profile.to_vec();
            p[i] = (0..game.shape()[i])
                .map(|b| f64::from(u8::from(a == b)))
                .collect();
            game.payoff(&p).unwrap()[i]
        })
        .collect()
}

fn random_game(shape: &[usize], values: &[i32]) -> Game {
    let n = shape.len();
    let mut full = shape.to_vec();
    full.push(n);
    let count: usize = full.iter().product();
    let data: Vec<f64> = (0..count)
        .map(|k| f64::from(values[k % values.len()]))
        .collect();
    Game::new(ArrayD::from_shape_vec(IxDyn(&full), data).unwrap())
        .unwrap()
        .with_exact_floats_for_tests()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn two_player_minmax_against_brute_force(
        m in 2usize..4, n in 2usize..4,
        values in proptest::collection::vec(-5i32..6, 18),
    ) {
        let g = random_game(&[m, n], &values);
        let rgm = rg(g.clone());
        let pure = rgm.minmax(MinmaxKind::Pure).unwrap();
        let mixed = rgm.minmax(MinmaxKind::Mixed).unwrap();
        let corr = rgm.minmax(MinmaxKind::Correlated).unwrap();
        for i in 0..2 {
            // No action of the punished player beats the value against the punishers.
            let v = values_against(&g, i, &mixed.strategies[i]);
            let best = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!((best - mixed.values[i]).abs() < 1e-9);
            prop_assert!(pure.values[i] >= mixed.values[i] - 1e-12);
            prop_assert!((mixed.values[i] - corr.values[i]).abs() < 1e-12);
            // A grid over the punisher's mixtures never beats the value (it is the minimum).
            let k = g.shape()[1 - i];
            let steps = 24;
            let mut grid: Vec<Vec<usize>> = vec![vec![]];
            for _ in 0..k { grid = grid.into_iter().flat_map(|c| (0..=steps).map(move |s| { let mut c = c.clone(); c.push(s); c })).collect(); }
            for c in grid.into_iter().filter(|c| c.iter().sum::<usize>() == steps) {
                let mut p = vec![vec![0.0; m], vec![0.0; n]];
                p[1 - i] = c.iter().map(|&s| s as f64 / steps as f64).collect();
                let vals = values_against(&g, i, &p);
                let best = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(best >= mixed.values[i] - 1e-9);
            }
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn three_player_minmax_brackets_the_grid_minimum(
        values in proptest::collection::vec(-4i32..5, 24),
    ) {
        let g = random_game(&[2, 2, 2], &values);
        let rgm = rg(g.clone());
        let pure = rgm.minmax(MinmaxKind::Pure).unwrap();
        let mixed = rgm.minmax(MinmaxKind::Mixed).unwrap();
        let corr = rgm.minmax(MinmaxKind::Correlated).unwrap();
        for i in 0..3 {
            prop_assert!(pure.values[i] >= mixed.values[i] - 1e-12);
            // The bracket is within 1e-9 of the payoff range (8 here) of the mixed minmax, which is at
            // least the correlated one.
            prop_assert!(mixed.lower_bounds[i] >= corr.values[i] - 1e-8);
            prop_assert!(mixed.values[i] - mixed.lower_bounds[i] <= 1e-7);
            let v = values_against(&g, i, &mixed.strategies[i]);
            let best = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!((best - mixed.values[i]).abs() < 1e-9);
            let steps = 40;
            let others: Vec<usize> = (0..3).filter(|&j| j != i).collect();
            let mut grid_min = f64::INFINITY;
            for s in 0..=steps { for t in 0..=steps {
                let mut p = vec![vec![0.5, 0.5]; 3];
                p[others[0]] = vec![s as f64 / steps as f64, 1.0 - s as f64 / steps as f64];
                p[others[1]] = vec![t as f64 / steps as f64, 1.0 - t as f64 / steps as f64];
                let vals = values_against(&g, i, &p);
                grid_min = grid_min.min(vals.iter().copied().fold(f64::NEG_INFINITY, f64::max));
            }}
            prop_assert!(mixed.lower_bounds[i] <= grid_min + 1e-9);
            prop_assert!(mixed.values[i] <= grid_min + 1e-7);
        }
    }
}

#[test]
fn flat_directions_are_not_split() {
    // Player 3's payoff depends on player 1 only (X pays 1 at a1 = 0, Y at a1 = 1): the
    // minmax is 1/2 at p = 1/2 whatever player 2 does.
    let mut t = ArrayD::<f64>::zeros(IxDyn(&[2, 2, 2, 3]));
    for a2 in 0..2 {
        t[[0, a2, 0, 2]] = 1.0;
        t[[1, a2, 1, 2]] = 1.0;
    }
    let g = rg(Game::new(t).unwrap().with_exact_floats_for_tests());
    let m = g.minmax(MinmaxKind::Mixed).unwrap();
    assert_eq!(m.values_exact.as_ref().unwrap()[2], r(1, 2));
    assert!(m.values[2] - m.lower_bounds[2] <= 1e-9);
}
