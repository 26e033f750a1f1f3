//! Logit quantal response equilibria (`solve::logit_qre`): closed forms and the logit
//! equations checked on Gambit's test games.

use detente::solve::{self};
use detente::{Error, Game};
use ndarray::array;

use crate::common::nfg;

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
