//! Exact `enumerate_all` on integer games with payoffs in a wide range (the one-polytope
//! path of exact mode when a best-response polytope is simple) and on the same games made
//! degenerate (a repeated row or column, a tie in a best response: the two-polytope search),
//! checked against the independent brute force of `enumerate.rs`, with exact payoffs and
//! regret recomputed by the game's own exact routine.

use detente::Game;
use detente::solve::{EnumerateOptions, enumerate_all};
use num_rational::BigRational;
use num_traits::Zero;
use proptest::prelude::*;

use crate::common::bimatrix_from;
use crate::enumerate::{brute_equilibria, check_certified, exact_set};

/// `m × n` integer games with payoffs in -100..=100; with `degenerate`, row 0 repeats as the
/// last row and column 0 as the last column (so both polytopes have ties at pure
/// strategies).
fn integer_game(max: usize, degenerate: bool) -> impl Strategy<Value = Game> {
    (1usize..=max, 1usize..=max).prop_flat_map(move |(m, n)| {
        proptest::collection::vec(-100i32..=100, 2 * m * n).prop_map(move |v| {
            let mut v: Vec<f64> = v.into_iter().map(f64::from).collect();
            if degenerate {
                // Cell (i, j) holds payoffs 2 (i n + j) and 2 (i n + j) + 1.
                for p in 0..2 {
                    for j in 0..n {
                        v[2 * ((m - 1) * n + j) + p] = v[2 * j + p];
                    }
                    for i in 0..m {
                        v[2 * (i * n + n - 1) + p] = v[2 * (i * n) + p];
                    }
                }
            }
            bimatrix_from(m, n, &v)
        })
    })
}

/// The exact checks of one game: brute force's equilibria, each with exact regret zero and
/// the exact payoffs the game itself computes.
fn check(g: &Game) -> Result<(), TestCaseError> {
    let all = enumerate_all(g, EnumerateOptions::default()).unwrap();
    prop_assert_eq!(exact_set(&all), brute_equilibria(g));
    check_certified(g, &all);
    for x in all.exact.as_ref().unwrap() {
        let (payoffs, regrets) = g.exact_payoffs_and_regrets(&x.strategies).unwrap();
        prop_assert_eq!(&x.payoffs, &payoffs);
        prop_assert!(regrets.iter().all(BigRational::is_zero));
        prop_assert_eq!(x.regret.clone(), Some(BigRational::zero()));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn wide_integer_games_match_brute_force(g in integer_game(4, false)) {
        check(&g)?;
    }

    #[test]
    fn repeated_rows_and_columns_match_brute_force(g in integer_game(4, true)) {
        check(&g)?;
    }
}

#[test]
fn a_continuum_beside_a_simple_polytope() {
    // The column player is indifferent between L and R whatever the row player does: P has
    // ties everywhere, Q is simple, but the partner system of Q's mixed vertex is singular,
    // so exact mode's one-polytope path declines and the two-polytope search finds the
    // continuum. Equilibria: (T, any y with y_L >= 1/2), (B, any y with y_L <= 1/2) and
    // (any x, (1/2, 1/2)), whose extreme points are (T, L), (T, ½½), (B, ½½) and (B, R).
    let a = ndarray::array![[1.0, 0.0], [0.0, 1.0]];
    let b = ndarray::array![[0.0, 0.0], [0.0, 0.0]];
    let g = Game::from_bimatrix(a.view(), b.view()).unwrap();
    let all = enumerate_all(&g, EnumerateOptions::default()).unwrap();
    assert_eq!(all.equilibria.len(), 4);
    assert_eq!(exact_set(&all), brute_equilibria(&g));
    assert_eq!(all.components.len(), 1);
    check_certified(&g, &all);
}

/// A 6 × 6 game with payoffs in -100..=100 from a fixed xorshift stream, no ties at pure
/// strategies (so exact mode searches one polytope).
fn wide_game() -> Game {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let values: Vec<f64> = (0..72)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 201) as f64 - 100.0
        })
        .collect();
    bimatrix_from(6, 6, &values)
}

#[test]
fn the_one_polytope_path_honours_max_vertices_and_max_memory() {
    let g = wide_game();
    // The column player's best response to each row is unique: P is simple at its pure
    // strategies.
    for i in 0..6 {
        let row: Vec<f64> = (0..6).map(|j| g.pure_payoffs(&[i, j])[1]).collect();
        let top = row.iter().copied().fold(f64::MIN, f64::max);
        assert_eq!(row.iter().filter(|&&v| v == top).count(), 1);
    }
    let all = enumerate_all(&g, EnumerateOptions::default()).unwrap();
    assert_eq!(exact_set(&all), brute_equilibria(&g));
    let capped = EnumerateOptions {
        max_vertices: 5,
        ..EnumerateOptions::default()
    };
    let err = enumerate_all(&g, capped).unwrap_err().to_string();
    assert!(err.contains("max_vertices"), "{err}");
    let small = EnumerateOptions {
        max_memory: Some(4096),
        ..EnumerateOptions::default()
    };
    let err = enumerate_all(&g, small).unwrap_err().to_string();
    assert!(err.contains("max_memory = 4096 bytes"), "{err}");
}

#[test]
fn a_degenerate_mixed_vertex_sends_the_game_to_the_two_polytope_search() {
    // B's columns are best responses to different rows (P is simple at its pure
    // strategies), but all three columns are equally good against (1/2, 1/2): a degenerate
    // vertex of P that the one-polytope search meets, so the game is searched again in both
    // polytopes. The row player's payoffs make the column mixtures matter.
    let a = ndarray::array![[3.0, 0.0, 1.0], [0.0, 2.0, 1.0]];
    let b = ndarray::array![[2.0, 4.0, 3.0], [4.0, 2.0, 3.0]];
    let g = Game::from_bimatrix(a.view(), b.view()).unwrap();
    let all = enumerate_all(&g, EnumerateOptions::default()).unwrap();
    assert_eq!(exact_set(&all), brute_equilibria(&g));
    check_certified(&g, &all);
    // Against (1/2, 1/2) the column player is indifferent among all three columns.
    let half = BigRational::new(1.into(), 2.into());
    assert!(
        all.exact
            .as_ref()
            .unwrap()
            .iter()
            .any(|e| e.strategies[0] == [half.clone(), half.clone()])
    );
}
