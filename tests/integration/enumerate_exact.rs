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
