//! Solvers checked against each other on the same games: each relation below is a theorem, so
//! a disagreement is a bug in one of the two solvers.
//!
//! * Every Lemke-Howson equilibrium is an extreme equilibrium, so it lies in `enumerate_all`'s
//!   set (compared exactly, in rational arithmetic).
//! * In a zero-sum game every Nash equilibrium pays the row player the value (von Neumann).
//! * Committing is worth at least any Nash equilibrium to the leader (von Stengel & Zamir
//!   2010), and the welfare-maximising correlated equilibrium is worth at least the best Nash
//!   equilibrium's welfare (every Nash equilibrium is a correlated one).

use detente::Game;
use detente::solve::{
    self, BigRational, CorrelatedObjective, EnumerateOptions, LemkeHowsonOptions,
};
use ndarray::Array2;
use proptest::prelude::*;

use crate::common::{nfg, nfg_names};

fn two_player_files() -> Vec<(String, Game)> {
    nfg_names()
        .into_iter()
        .map(|name| {
            let game = nfg(&name);
            (name, game)
        })
        .filter(|(_, g)| g.num_players() == 2)
        .collect()
}

/// Every label's exact Lemke-Howson equilibrium is one of the exact extreme equilibria.
fn check_lemke_howson_in_enumeration(name: &str, game: &Game) {
    let all = solve::enumerate_all(game, EnumerateOptions::default()).unwrap();
    let extreme: Vec<Vec<Vec<BigRational>>> = all
        .exact
        .expect("exact by default")
        .into_iter()
        .map(|e| e.strategies)
        .collect();
    let labels = game.shape()[0] + game.shape()[1];
    for label in 0..labels {
        let [x, y] = solve::lemke_howson_exact(game, label, 1_000_000).unwrap();
        assert!(
            extreme.iter().any(|e| e[0] == x && e[1] == y),
            "{name}: the Lemke-Howson equilibrium from label {label} is missing from enumerate_all"
        );
    }
}

#[test]
fn lemke_howson_results_are_extreme_equilibria_of_gambit_games() {
    let files = two_player_files();
    assert!(files.len() >= 25);
    for (name, game) in &files {
        check_lemke_howson_in_enumeration(name, game);
    }
}

#[test]
fn every_equilibrium_of_a_zero_sum_game_pays_the_value() {
    let mut checked = Vec::new();
    for (name, game) in two_player_files() {
        let Ok(solution) = solve::zero_sum(&game) else {
            continue; // not constant-sum
        };
        checked.push(name.clone());
        let all = solve::enumerate_all(&game, EnumerateOptions::default()).unwrap();
        for eq in &all.equilibria {
            assert!(
                (eq.payoffs[0] - solution.value).abs() < 1e-9,
                "{name}: an equilibrium pays {} but the value is {}",
                eq.payoffs[0],
                solution.value
            );
        }
    }
    // O'Neill, Harsanyi's e07, csg2, const_sum_game and the all-zero games at least.
    assert!(
        checked.len() >= 5,
        "too few constant-sum games: {checked:?}"
    );
}

#[test]
fn commitment_and_correlated_dominate_every_nash_equilibrium() {
    for (name, game) in two_player_files() {
        let all = solve::enumerate_all(&game, EnumerateOptions::default()).unwrap();
        let best_welfare = all
            .equilibria
            .iter()
            .map(|e| e.payoffs.iter().sum::<f64>())
            .fold(f64::MIN, f64::max);
        let ce = solve::correlated(&game, &CorrelatedObjective::Welfare, false).unwrap();
        assert!(
            ce.objective_value >= best_welfare - 1e-7,
            "{name}: CE welfare below a Nash welfare"
        );
        for leader in 0..2 {
            let c = solve::commitment(&game, leader).unwrap();
            let best = all
                .equilibria
                .iter()
                .map(|e| e.payoffs[leader])
                .fold(f64::MIN, f64::max);
            assert!(
                c.payoffs[leader] >= best - 1e-7,
                "{name}: commitment of player {leader} below a Nash payoff"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Degenerate integer games (many ties) up to 4×4.
    #[test]
    fn lemke_howson_results_are_extreme_equilibria_of_random_games(
        (m, n, a, b) in (1usize..=4, 1usize..=4).prop_flat_map(|(m, n)| (
            Just(m), Just(n),
            proptest::collection::vec(-2i32..=2, m * n),
            proptest::collection::vec(-2i32..=2, m * n),
        ))
    ) {
        let a = Array2::from_shape_fn((m, n), |(i, j)| f64::from(a[i * n + j]));
        let b = Array2::from_shape_fn((m, n), |(i, j)| f64::from(b[i * n + j]));
        let game = Game::from_bimatrix(a.view(), b.view()).unwrap();
        check_lemke_howson_in_enumeration("random", &game);
        // And the float path agrees with the exact one to rounding.
        let float = solve::lemke_howson_all(&game, LemkeHowsonOptions::default()).unwrap();
        for eq in float {
            prop_assert!(eq.regret <= 1e-9);
        }
    }
}
