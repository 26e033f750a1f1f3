//! The LP-based solvers: zero-sum games, (coarse) correlated equilibria and commitment.
//! Hand-derived answers, closed forms, and property tests checked by independent routines.

use std::path::PathBuf;

use detente::io::read_nfg_path;
use detente::solve::{
    self, Commitment, CorrelatedEquilibrium, CorrelatedObjective, ZeroSumSolution, commitment,
    correlated, zero_sum, zero_sum_matrix,
};
use detente::{Error, Game};
use ndarray::{Array2, ArrayD, Dimension, IxDyn, array};
use proptest::prelude::*;

fn nfg(name: &str) -> Game {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/nfg")
        .join(name);
    read_nfg_path(path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

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
    assert!(close(&s.equilibrium.strategies[0], &[0.5, 0.5], 1e-12));
    assert!(close(&s.equilibrium.strategies[1], &[0.5, 0.5], 1e-12));
}

#[test]
fn rock_paper_scissors() {
    let a = array![[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]];
    let s = zero_sum(&Game::zero_sum(a.view()).unwrap()).unwrap();
    check_zero_sum(&a, &s, 1e-12);
    let third = [1.0 / 3.0; 3];
    assert!(close(&s.equilibrium.strategies[0], &third, 1e-12));
    assert!(close(&s.equilibrium.strategies[1], &third, 1e-12));
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
        assert!(close(p, &[0.4, 0.2, 0.2, 0.2], 1e-9), "{p:?}");
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
    assert!(close(&s.equilibrium.strategies[0], &[0.6, 0.4], 1e-12));
    assert!((s.equilibrium.payoffs[1] - 9.0).abs() <= 1e-12);
}

#[test]
fn non_square_one_row_and_constant_matrices() {
    // Column 2 pays the row player 5 whatever it does: the column player avoids it, leaving
    // matching pennies (value 0, both mix 1/2).
    let a = array![[1.0, -1.0, 5.0], [-1.0, 1.0, 5.0]];
    let s = zero_sum_matrix(a.view()).unwrap();
    check_zero_sum(&a, &s, 1e-12);
    assert!(close(&s.equilibrium.strategies[1], &[0.5, 0.5, 0.0], 1e-12));

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

fn chicken() -> Game {
    // C = 0, D = 1: (C,C) = (6,6), (C,D) = (2,7), (D,C) = (7,2), (D,D) = (0,0).
    Game::from_bimatrix(
        array![[6.0, 2.0], [7.0, 0.0]].view(),
        array![[6.0, 7.0], [2.0, 0.0]].view(),
    )
    .unwrap()
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
    assert!(close(&ce.payoffs, &[5.25, 5.25], 1e-9));
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
// Commitment.

fn check_commitment(g: &Game, c: &Commitment) {
    let follower = 1 - c.leader;
    let p = &c.leader_strategy;
    assert!(p.iter().all(|&q| (0.0..=1.0).contains(&q)));
    assert!((p.iter().sum::<f64>() - 1.0).abs() <= 1e-12);
    let mut profile = vec![vec![]; 2];
    profile[c.leader] = p.clone();
    profile[follower] = (0..g.shape()[follower])
        .map(|k| f64::from(u8::from(k == c.follower_action)))
        .collect();
    let values = g.action_values(follower, &profile).unwrap();
    let best = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let scale = g.payoffs().iter().fold(1.0_f64, |s, x| s.max(x.abs()));
    assert!(
        values[c.follower_action] >= best - 1e-9 * scale,
        "{c:?}: {values}"
    );
    let u = g.payoff(&profile).unwrap();
    assert!(close(&u.to_vec(), &c.payoffs, 1e-12), "{c:?}");
    // A known theorem: commitment is worth at least any Nash equilibrium to the leader.
    for eq in solve::pure(g, 0.0).unwrap() {
        assert!(
            c.payoffs[c.leader] >= eq.payoffs[c.leader] - 1e-9 * scale,
            "{c:?} vs {eq:?}"
        );
    }
    // And at least any pure commitment (follower breaking ties in the leader's favour).
    for i in 0..g.shape()[c.leader] {
        let pure_value = (0..g.shape()[follower])
            .map(|j| {
                let s = if c.leader == 0 { [i, j] } else { [j, i] };
                (g.pure_payoffs(&s)[follower], g.pure_payoffs(&s)[c.leader])
            })
            .fold((f64::NEG_INFINITY, f64::NEG_INFINITY), |best, x| {
                if x.0 > best.0 || (x.0 == best.0 && x.1 > best.1) {
                    x
                } else {
                    best
                }
            })
            .1;
        assert!(
            c.payoffs[c.leader] >= pure_value - 1e-9 * scale,
            "{c:?}: pure {i}"
        );
    }
}

#[test]
fn mixed_commitment_beats_pure_commitment() {
    // Conitzer & Sandholm (2006): leader rows U, D; follower columns L, R with payoffs
    // (U,L) = (1,1), (U,R) = (3,0), (D,L) = (0,0), (D,R) = (2,1). U strictly dominates D, so
    // the only Nash equilibrium is (U, L), worth 1 to the leader; committing to D gets 2.
    // Committing to x = P(U): R is a best response iff 1 - x >= x, i.e. x <= 1/2, and then the
    // leader gets 3x + 2(1 - x) = 2 + x, so x = 1/2 (the follower is indifferent and breaks
    // the tie for R): value 2.5, follower payoff 1/2.
    let g = Game::from_bimatrix(
        array![[1.0, 3.0], [0.0, 2.0]].view(),
        array![[1.0, 0.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    let c = commitment(&g, 0).unwrap();
    check_commitment(&g, &c);
    assert_eq!(c.follower_action, 1);
    assert!(close(&c.leader_strategy, &[0.5, 0.5], 1e-12));
    assert!(close(&c.payoffs, &[2.5, 0.5], 1e-12));

    // The same game with the roles of the players swapped: player 1 leads.
    let swapped = Game::from_bimatrix(
        array![[1.0, 0.0], [0.0, 1.0]].view(),
        array![[1.0, 0.0], [3.0, 2.0]].view(),
    )
    .unwrap();
    let c = commitment(&swapped, 1).unwrap();
    check_commitment(&swapped, &c);
    assert_eq!((c.leader, c.follower_action), (1, 1));
    assert!(close(&c.payoffs, &[0.5, 2.5], 1e-12));
}

#[test]
fn commitment_in_zero_sum_games_is_the_value() {
    // In a zero-sum game, committing to a maximin strategy is optimal: the value again.
    for a in [
        array![[1.0, -1.0], [-1.0, 1.0]],
        array![[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]],
        array![[3.0, -1.0], [-2.0, 4.0]],
    ] {
        let g = Game::zero_sum(a.view()).unwrap();
        let c = commitment(&g, 0).unwrap();
        check_commitment(&g, &c);
        let v = zero_sum(&g).unwrap().value;
        assert!((c.payoffs[0] - v).abs() <= 1e-9, "{c:?} vs {v}");
        let c = commitment(&g, 1).unwrap();
        assert!((c.payoffs[1] + v).abs() <= 1e-9, "{c:?} vs {v}");
    }
}

#[test]
fn commitment_rejects_bad_input() {
    let three = Game::from_fn(&[2, 2, 2], |_, _| 0.0).unwrap();
    assert!(matches!(commitment(&three, 0), Err(Error::InvalidGame(m)) if m.contains("3 players")));
    let g = chicken();
    assert!(matches!(commitment(&g, 2), Err(Error::InvalidArgument(m)) if m.contains("0 or 1")));
}

// ---------------------------------------------------------------------------------------------
// Random games: small integer payoffs (many ties, degenerate) or floats.

fn payoff_values(len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        prop::collection::vec((-2i32..=2).prop_map(f64::from), len),
        prop::collection::vec(-10.0f64..10.0, len),
    ]
}

/// Near-ties of very different magnitudes (1e-9 next to 1): degenerate LPs on which the
/// simplex backend (microlp) sometimes fails or returns inaccurate answers.
fn near_tie_matrix() -> impl Strategy<Value = Array2<f64>> {
    let value = prop::sample::select(vec![0.0, 1e-9, -1e-9, 0.03125, 1.0, -1.0, 3.0]);
    (1usize..=5, 1usize..=5).prop_flat_map(move |(m, n)| {
        prop::collection::vec(value.clone(), m * n)
            .prop_map(move |v| Array2::from_shape_vec((m, n), v).unwrap())
    })
}

fn matrix() -> impl Strategy<Value = Array2<f64>> {
    (1usize..=6, 1usize..=6).prop_flat_map(|(m, n)| {
        payoff_values(m * n).prop_map(move |v| Array2::from_shape_vec((m, n), v).unwrap())
    })
}

fn game(max_players: usize, max_actions: usize) -> impl Strategy<Value = Game> {
    prop::collection::vec(1usize..=max_actions, 1..=max_players)
        .prop_flat_map(|shape| {
            let len = shape.iter().product::<usize>() * shape.len();
            (Just(shape), payoff_values(len))
        })
        .prop_map(|(shape, values)| {
            let mut full = shape.clone();
            full.push(shape.len());
            Game::new(ArrayD::from_shape_vec(IxDyn(&full), values).unwrap()).unwrap()
        })
}

fn bimatrix_game() -> impl Strategy<Value = Game> {
    (1usize..=5, 1usize..=5).prop_flat_map(|(m, n)| {
        payoff_values(2 * m * n).prop_map(move |v| {
            Game::new(ArrayD::from_shape_vec(IxDyn(&[m, n, 2]), v).unwrap()).unwrap()
        })
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
        // The backend may fail on these; the solvers must then refuse, never return a wrong
        // answer (all refusals are Error::Solver).
        let scale = a.iter().fold(0.0_f64, |s, x| s.max(x.abs()));
        match zero_sum_matrix(a.view()) {
            // The duality gap is accepted up to 1e-6 of the payoff range (<= 2 * scale).
            Ok(s) => check_zero_sum(&a, &s, 2e-6 * scale),
            Err(e) => prop_assert!(matches!(e, Error::Solver(_)), "{}", e),
        }
        let g = Game::from_bimatrix(a.view(), a.mapv(|x| 1.0 - 2.0 * x).view()).unwrap();
        for coarse in [false, true] {
            match correlated(&g, &CorrelatedObjective::Welfare, coarse) {
                Ok(ce) => {
                    prop_assert!(ce.regret <= 1e-6 * scale, "{:?}", ce);
                    prop_assert!(violation(&g, &ce.distribution, coarse) <= 1e-6 * scale);
                }
                Err(e) => prop_assert!(matches!(e, Error::Solver(_)), "{}", e),
            }
        }
        for leader in 0..2 {
            match commitment(&g, leader) {
                Ok(c) => check_commitment(&g, &c),
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

    #[test]
    fn commitments_are_best_responses_and_beat_nash(g in bimatrix_game(), leader in 0usize..2) {
        let c = commitment(&g, leader).unwrap();
        check_commitment(&g, &c);
    }
}
