//! The alliance models' closed forms against the generic solvers (the spec's "two faces" of
//! each model, `../shared/domain-models.md` M2 and M4): the closed form is the oracle for the solver,
//! and the solver checks the algebra of the closed form.

use detente::alliance::{CollectiveSecurity, Institution, RestraintGame, RestraintParams};
use detente::solve::{
    self, CorrelatedObjective, EnumerateOptions, LemkeHowsonOptions, SupportEnumerationOptions,
};
use proptest::prelude::*;

use crate::common::frac;

fn headline() -> RestraintGame {
    RestraintGame::new(RestraintParams::default()).unwrap()
}

#[test]
fn dilemma_has_one_equilibrium_and_every_solver_finds_it() {
    let m = headline();
    let g = m.game().unwrap();
    // enumerate_all, exactly: φ* = P(Firm) = 2/3, π* = P(Provoke) = 1/2 (spec M2 (e)).
    let all = solve::enumerate_all(&g, EnumerateOptions::default()).unwrap();
    let exact = all.exact.unwrap();
    assert_eq!(exact.len(), 1);
    let firm = g.action_index(0, "Firm").unwrap();
    let provoke = g.action_index(1, "Provoke").unwrap();
    assert_eq!(exact[0].strategies[0][firm], frac(2, 3));
    assert_eq!(exact[0].strategies[1][provoke], frac(1, 2));
    assert_eq!(exact[0].payoffs, vec![frac(-1, 2), frac(-1, 3)]);
    // Lemke-Howson from every label lands on it too.
    let lh = solve::lemke_howson_all(&g, LemkeHowsonOptions::default()).unwrap();
    assert_eq!(lh.len(), 1);
    assert!((lh[0].strategies[0][firm] - 2.0 / 3.0).abs() < 1e-12);
    // And the closed form agrees.
    let closed = m.mixed_closed_form().unwrap();
    assert!((closed.firm - 2.0 / 3.0).abs() < 1e-15 && (closed.provoke - 0.5).abs() < 1e-15);
}

#[test]
fn no_mediator_helps_in_the_dilemma() {
    // The correlated-equilibrium polytope is the single NE product distribution, so the LP
    // must return it for every objective.
    let m = headline();
    let g = m.game().unwrap();
    let (phi, pi) = (2.0 / 3.0, 0.5);
    let firm = g.action_index(0, "Firm").unwrap();
    let provoke = g.action_index(1, "Provoke").unwrap();
    for objective in [
        CorrelatedObjective::Welfare,
        CorrelatedObjective::None,
        CorrelatedObjective::MaxMin,
        CorrelatedObjective::Weights(vec![1.0, 0.0]),
        CorrelatedObjective::Weights(vec![0.0, 1.0]),
    ] {
        let ce = solve::correlated(&g, &objective, false).unwrap();
        for (r, pr) in [(firm, phi), (1 - firm, 1.0 - phi)] {
            for (c, pc) in [(provoke, pi), (1 - provoke, 1.0 - pi)] {
                assert!(
                    (ce.distribution[[r, c]] - pr * pc).abs() < 1e-7,
                    "{objective:?}"
                );
            }
        }
    }
}

#[test]
fn strategic_ambiguity_is_the_patrons_optimal_commitment() {
    let m = headline();
    let g = m.game().unwrap();
    let c = solve::commitment(&g, 0).unwrap();
    let ambiguity = m.outcome(Institution::Ambiguity).unwrap();
    assert!((c.payoffs[0] - ambiguity.patron_payoff).abs() < 1e-9);
    assert!((c.payoffs[0] - 1.0 / 3.0).abs() < 1e-9); // spec M2 (e): V = 1/3
}

#[test]
fn bilateral_control_keeps_its_continuum_of_non_subgame_perfect_equilibria() {
    // The 2x4 reduced normal form is degenerate: one pure NE (the SPE) plus a continuum in
    // which the client restrains and the patron mixes its reply to Provoke.
    let m = headline();
    let g = m.sequential_game().unwrap();
    let all = solve::enumerate_all(&g, EnumerateOptions::default()).unwrap();
    assert!(all.equilibria.iter().all(|e| e.regret <= 1e-12));
    assert!(
        all.components.iter().any(|c| c.equilibria.len() >= 2),
        "no continuum reported"
    );
    let control = m.outcome(Institution::BilateralControl).unwrap();
    let patron = g.players().iter().position(|p| p == "Patron").unwrap();
    let pure = solve::pure(&g, 0.0).unwrap();
    assert_eq!(pure.len(), 1);
    for eq in pure {
        assert!(all.equilibria.iter().any(|e| e.strategies == eq.strategies));
        assert!((eq.payoffs[patron] - control.patron_payoff).abs() < 1e-12);
    }
}

/// M4: the symmetric mixed equilibria from the 1-D root (and the volunteer's dilemma closed
/// form) are equilibria of the built game, and n-player support enumeration finds them.
#[test]
fn collective_security_symmetric_equilibria_agree_with_support_enumeration() {
    let cases = [
        CollectiveSecurity::volunteers_dilemma(3, 2.0, 1.0).unwrap(),
        CollectiveSecurity::volunteers_dilemma(4, 3.0, 1.0).unwrap(),
        CollectiveSecurity::k_threshold(5, 2, 4.0, 1.0).unwrap(),
    ];
    for m in cases {
        let g = m.game().unwrap();
        let join = (0..g.num_players())
            .map(|i| g.action_index(i, "Join").unwrap())
            .collect::<Vec<_>>();
        let roots = m.symmetric_mixed_equilibria().unwrap();
        assert!(!roots.is_empty());
        if let Ok(Some(p)) = m.volunteer_closed_form() {
            assert!(roots.iter().any(|r| (r - p).abs() < 1e-9));
        }
        // With its default 8 Newton starts per support, support enumeration misses the low
        // root p ≈ 0.080 of the 5-state, 2-joiner game; 64 starts reach it.
        let found = solve::support_enumeration(
            &g,
            1e-9,
            SupportEnumerationOptions {
                starts: 64,
                ..Default::default()
            },
        )
        .unwrap();
        for p in roots {
            let profile: Vec<Vec<f64>> = join
                .iter()
                .map(|&j| {
                    if j == 0 {
                        vec![p, 1.0 - p]
                    } else {
                        vec![1.0 - p, p]
                    }
                })
                .collect();
            assert!(
                g.max_regret(&profile).unwrap() <= 1e-9,
                "root {p} is not an equilibrium"
            );
            assert!(
                found.iter().any(|e| e
                    .strategies
                    .iter()
                    .zip(&profile)
                    .all(|(s, t)| s.iter().zip(t).all(|(a, b)| (a - b).abs() < 1e-6))),
                "support enumeration misses the symmetric equilibrium p = {p}"
            );
        }
        assert!(
            solve::logit_homotopy(&g, Default::default())
                .unwrap()
                .regret
                <= 1e-9
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Across the dilemma region, the closed form is the unique equilibrium the solver finds.
    #[test]
    fn closed_form_matches_enumeration_in_the_dilemma_region(
        rho in 0.1f64..2.0, d_over in 0.05f64..2.5, extra_e in 0.1f64..3.0,
        g in 0.1f64..2.0, alpha in 0.0f64..1.0, extra_w in 0.1f64..3.0,
    ) {
        let d = d_over - rho; // the spec requires d > -ρ
        let params = RestraintParams {
            deterrence: d,
            reassurance_cost: rho,
            entrapment_cost: d + extra_e,
            revision_gain: g,
            war_cost: g + alpha + extra_w,
            abandonment_cost: alpha,
            ..RestraintParams::default()
        };
        let m = RestraintGame::new(params).unwrap();
        let game = m.game().unwrap();
        let closed = m.mixed_closed_form().unwrap();
        let all = solve::enumerate_all(&game, EnumerateOptions::default()).unwrap();
        prop_assert_eq!(all.equilibria.len(), 1);
        let eq = &all.equilibria[0];
        let firm = game.action_index(0, "Firm").unwrap();
        let provoke = game.action_index(1, "Provoke").unwrap();
        prop_assert!((eq.strategies[0][firm] - closed.firm).abs() < 1e-9);
        prop_assert!((eq.strategies[1][provoke] - closed.provoke).abs() < 1e-9);
        prop_assert!((eq.payoffs[0] - closed.patron_payoff).abs() < 1e-9);
        prop_assert!((eq.payoffs[1] - closed.client_payoff).abs() < 1e-9);
    }
}
