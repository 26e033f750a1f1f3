//! Zero-sum games (`solve::zero_sum`): hand-derived answers, closed forms, and property
//! tests checked by an independent routine.

use detente::solve::{ZeroSumSolution, zero_sum, zero_sum_matrix};
use detente::{Error, Game};
use ndarray::{Array2, array};
use proptest::prelude::*;

use crate::common::{all_close, near_tie_matrix, nfg, payoff_values};

/// The row player's matrix of a two-player game.
fn row_matrix(g: &Game) -> Array2<f64> {
    let (m, n) = (g.shape()[0], g.shape()[1]);
    Array2::from_shape_fn((m, n), |(i, j)| g.pure_payoffs(&[i, j])[0])
}

/// Checks a zero-sum solution against the matrix `a` directly: probability vectors, and the
/// value equal to both `min_j (xA)_j` (what x guarantees) and `max_i (Ay)_i`.
fn check_zero_sum(a: &Array2<f64>, s: &ZeroSumSolution, tol: f64) {
    let (x, y) = (&s.equilibrium.strategies[0], &s.equilibrium.strategies[1]);
    for p in [x, y] {
        assert!(p.iter().all(|&q| (0.0..=1.0).contains(&q)), "{p:?}");
        assert!((p.iter().sum::<f64>() - 1.0).abs() <= 1e-12, "{p:?}");
    }
    let (m, n) = a.dim();
    let guarantee = (0..n)
        .map(|j| (0..m).map(|i| x[i] * a[[i, j]]).sum::<f64>())
        .fold(f64::INFINITY, f64::min);
    let cap = (0..m)
        .map(|i| (0..n).map(|j| a[[i, j]] * y[j]).sum::<f64>())
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(
        (s.value - guarantee).abs() <= tol,
        "{s:?}: x guarantees {guarantee}"
    );
    assert!((s.value - cap).abs() <= tol, "{s:?}: y caps at {cap}");
    assert!(s.equilibrium.regret <= tol, "{s:?}");
    assert_eq!(s.equilibrium.method, "zero_sum");
}

// ---------------------------------------------------------------------------------------------
// Zero-sum games.

#[test]
fn matching_pennies() {
    let a = array![[1.0, -1.0], [-1.0, 1.0]];
    let s = zero_sum_matrix(a.view()).unwrap();
    check_zero_sum(&a, &s, 1e-12);
    assert!(s.value.abs() <= 1e-12);
    assert!(all_close(&s.equilibrium.strategies[0], &[0.5, 0.5], 1e-12));
    assert!(all_close(&s.equilibrium.strategies[1], &[0.5, 0.5], 1e-12));
}

#[test]
fn rock_paper_scissors() {
    let a = array![[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]];
    let s = zero_sum(&Game::zero_sum(a.view()).unwrap()).unwrap();
    check_zero_sum(&a, &s, 1e-12);
    let third = [1.0 / 3.0; 3];
    assert!(all_close(&s.equilibrium.strategies[0], &third, 1e-12));
    assert!(all_close(&s.equilibrium.strategies[1], &third, 1e-12));
}

#[test]
fn saddle_point() {
    // Row minima 1, 2 (maximin 2 at row 1); column maxima 2, 5 (minimax 2 at column 0).
    let a = array![[1.0, 5.0], [2.0, 3.0]];
    let s = zero_sum_matrix(a.view()).unwrap();
    check_zero_sum(&a, &s, 1e-12);
    assert_eq!(s.value, 2.0);
    assert_eq!(
        s.equilibrium.strategies,
        vec![vec![0.0, 1.0], vec![1.0, 0.0]]
    );
}

#[test]
fn oneill_game() {
    // O'Neill (1987): with the matrix A read from the file, x = y = (0.4, 0.2, 0.2, 0.2) gives
    // (xA)_j = -0.2 for every column and (Ay)_i = -0.2 for every row (e.g. column 0:
    // 0.4 - 0.2 - 0.2 - 0.2), so the value is -0.2; A is nonsingular, so this completely
    // mixed equilibrium is the only one.
    let g = nfg("oneill.nfg");
    let a = row_matrix(&g);
    assert_eq!(a.row(0).to_vec(), vec![1.0, -1.0, -1.0, -1.0]);
    let s = zero_sum(&g).unwrap();
    check_zero_sum(&a, &s, 1e-9);
    assert!((s.value + 0.2).abs() <= 1e-9, "{s:?}");
    for p in &s.equilibrium.strategies {
        assert!(all_close(p, &[0.4, 0.2, 0.2, 0.2], 1e-9), "{p:?}");
    }
}

#[test]
fn gambit_csg2_continuum() {
    // Rows of A come in opposite pairs (row 1 = -row 0, row 3 = -row 2), and so do columns:
    // uniform play by either side pays 0 against everything, so the value is 0; the
    // equilibria form a continuum, and whichever is returned must be certified.
    let g = nfg("csg2.nfg");
    let a = row_matrix(&g);
    let s = zero_sum(&g).unwrap();
    check_zero_sum(&a, &s, 1e-9);
    assert!(s.value.abs() <= 1e-9);
}

#[test]
fn constant_sum_game_has_the_same_strategies() {
    // u_2 = 10 - u_1 instead of -u_1: the row player's value is unchanged.
    let a = array![[3.0, -1.0], [-2.0, 4.0]];
    let g = Game::from_bimatrix(a.view(), a.mapv(|x| 10.0 - x).view()).unwrap();
    let s = zero_sum(&g).unwrap();
    check_zero_sum(&a, &s, 1e-12);
    // Row mix p: 3p - 2(1-p) = -p + 4(1-p) gives p = 0.6, value 1.
    assert!((s.value - 1.0).abs() <= 1e-12);
    assert!(all_close(&s.equilibrium.strategies[0], &[0.6, 0.4], 1e-12));
    assert!((s.equilibrium.payoffs[1] - 9.0).abs() <= 1e-12);
}

#[test]
fn non_square_one_row_and_constant_matrices() {
    // Column 2 pays the row player 5 whatever it does: the column player avoids it, leaving
    // matching pennies (value 0, both mix 1/2).
    let a = array![[1.0, -1.0, 5.0], [-1.0, 1.0, 5.0]];
    let s = zero_sum_matrix(a.view()).unwrap();
    check_zero_sum(&a, &s, 1e-12);
    assert!(all_close(
        &s.equilibrium.strategies[1],
        &[0.5, 0.5, 0.0],
        1e-12
    ));

    let a = array![[3.0, 1.0, 2.0]];
    let s = zero_sum_matrix(a.view()).unwrap();
    assert_eq!(s.value, 1.0);
    assert_eq!(s.equilibrium.strategies[1], vec![0.0, 1.0, 0.0]);

    let a = array![[4.0, 4.0], [4.0, 4.0], [4.0, 4.0]];
    let s = zero_sum_matrix(a.view()).unwrap();
    check_zero_sum(&a, &s, 0.0);
    assert_eq!(s.value, 4.0);
}

#[test]
fn scaled_payoffs_give_scaled_values() {
    for scale in [1e-6, 1.0, 1e6] {
        let a = array![[3.0, -1.0], [-2.0, 4.0]] * scale;
        let s = zero_sum_matrix(a.view()).unwrap();
        assert!(
            (s.value - scale).abs() <= 1e-12 * scale,
            "scale {scale}: {s:?}"
        );
    }
}

#[test]
fn zero_sum_rejects_other_games() {
    let pd = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    let err = zero_sum(&pd).unwrap_err();
    assert!(matches!(err, Error::InvalidGame(_)));
    let msg = err.to_string();
    assert!(
        msg.contains("zero_sum needs a two-player constant-sum game; payoffs at (0, 0) sum to 6"),
        "{msg}"
    );
    let three = Game::from_fn(&[2, 2, 2], |_, _| 0.0).unwrap();
    assert!(matches!(zero_sum(&three), Err(Error::InvalidGame(m)) if m.contains("3 players")));
    let empty = Array2::<f64>::zeros((0, 2));
    assert!(matches!(
        zero_sum_matrix(empty.view()),
        Err(Error::InvalidGame(_))
    ));
}

// ---------------------------------------------------------------------------------------------
// Random games.

fn matrix() -> impl Strategy<Value = Array2<f64>> {
    (1usize..=6, 1usize..=6).prop_flat_map(|(m, n)| {
        payoff_values(m * n).prop_map(move |v| Array2::from_shape_vec((m, n), v).unwrap())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn zero_sum_solutions_are_certified(a in matrix()) {
        let s = zero_sum_matrix(a.view()).unwrap();
        check_zero_sum(&a, &s, 1e-9);
    }

    #[test]
    fn near_ties_are_certified_or_refused(a in near_tie_matrix()) {
        // The backend may fail on these; the solver must then refuse, never return a wrong
        // answer (all refusals are Error::Solver).
        let scale = a.iter().fold(0.0_f64, |s, x| s.max(x.abs()));
        match zero_sum_matrix(a.view()) {
            // The duality gap is accepted up to 1e-6 of the payoff range (<= 2 * scale).
            Ok(s) => check_zero_sum(&a, &s, 2e-6 * scale),
            Err(e) => prop_assert!(matches!(e, Error::Solver(_)), "{}", e),
        }
    }
}
