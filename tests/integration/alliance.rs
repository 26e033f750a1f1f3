//! The alliance models M2–M4: the specification's headline examples, hand derivations, and
//! property tests over the valid parameter ranges. Closed forms are checked against the games
//! the constructors build, through the independent regret routine and `solve::pure`.

use std::collections::BTreeSet;

use detente::alliance::{
    BurdenSharing, BurdenSharingParams, CollectiveSecurity, CollectiveSecurityParams, Institution,
    RestraintGame, RestraintParams, RestraintRegime, Structure,
};
use detente::alliance::{exact_value, rational_value};
use detente::{Equilibrium, Error, Game, solve};
use num_rational::BigRational;
use num_traits::{One, Zero};
use proptest::prelude::*;

use crate::common::frac;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

fn invalid_names(err: Error, name: &str) {
    match &err {
        Error::InvalidArgument(msg) => assert!(msg.contains(name), "{msg} should name {name}"),
        other => panic!("expected InvalidArgument naming {name}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// M2: restraint game

fn restraint(d: f64, rho: f64, e: f64, g: f64, w: f64, a: f64) -> RestraintGame {
    RestraintGame::new(RestraintParams {
        deterrence: d,
        reassurance_cost: rho,
        entrapment_cost: e,
        revision_gain: g,
        war_cost: w,
        abandonment_cost: a,
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn m2_headline_mixed_equilibrium_exact() {
    let m = RestraintGame::default();
    assert_eq!(m.regime(), RestraintRegime::Dilemma);
    let c = m.mixed_closed_form().unwrap();
    assert_eq!((c.firm, c.provoke), (2.0 / 3.0, 0.5));
    assert_eq!((c.patron_payoff, c.client_payoff), (-0.5, -1.0 / 3.0));
    let g = m.game().unwrap();
    let eq = m.mixed_equilibrium().unwrap();
    assert!(eq.regret <= 1e-12, "regret {}", eq.regret);
    assert!(close(eq.payoffs[0], -0.5, 1e-15) && close(eq.payoffs[1], -1.0 / 3.0, 1e-15));
    // Each player's pure strategies earn the same against the other's mix.
    let patron = g.action_values(0, &eq.strategies).unwrap();
    let client = g.action_values(1, &eq.strategies).unwrap();
    assert!(patron.iter().all(|&v| close(v, -0.5, 1e-15)), "{patron}");
    assert!(
        client.iter().all(|&v| close(v, -1.0 / 3.0, 1e-15)),
        "{client}"
    );
    // Unique equilibrium: no pure one.
    assert!(solve::pure(&g, 0.0).unwrap().is_empty());
}

#[test]
fn m2_headline_exact_fractions() {
    let c = RestraintGame::default().mixed_closed_form_exact().unwrap();
    assert_eq!((c.firm, c.provoke), (frac(2, 3), frac(1, 2)));
    assert_eq!(
        (c.patron_payoff, c.client_payoff),
        (frac(-1, 2), frac(-1, 3))
    );
}

#[test]
fn m2_headline_institution_values() {
    let m = RestraintGame::default();
    let v = |i| m.outcome(i).unwrap();
    assert_eq!(v(Institution::BilateralControl).patron_payoff, 1.0);
    assert_eq!(v(Institution::Ambiguity).patron_payoff, 1.0 / 3.0);
    assert_eq!(v(Institution::Ambiguity).firm, 2.0 / 3.0);
    assert_eq!(v(Institution::Ambiguity).provoke, 0.0);
    assert_eq!(v(Institution::Simultaneous).patron_payoff, -0.5);
    assert_eq!(v(Institution::NoGuarantee).patron_payoff, -1.0);
    assert_eq!(v(Institution::MultilateralRule).patron_payoff, -2.0);
    assert_eq!(
        m.institution_outcome().unwrap(),
        v(Institution::Simultaneous)
    );
    // Control is the subgame-perfect equilibrium of the 2×4 reduction: its only pure NE.
    let seq = m.sequential_game().unwrap();
    assert_eq!(seq.players(), &["Client", "Patron"]);
    let eqs = solve::pure(&seq, 0.0).unwrap();
    assert_eq!(eqs.len(), 1);
    assert_eq!(eqs[0].support(), vec![vec![1], vec![2]]); // Restrain, Loose/Firm
    assert_eq!(eqs[0].payoffs, vec![0.0, 1.0]);
}

/// Each player's support in a pure profile.
type Supports = Vec<Vec<usize>>;

#[test]
fn m2_regime_labels_match_pure_equilibria() {
    // (parameters, label, the pure equilibria (patron, client) found by enumeration)
    let cases: [(RestraintGame, RestraintRegime, Vec<Supports>); 5] = [
        (
            restraint(1.0, 1.0, 0.5, 1.0, 4.0, 1.0),
            RestraintRegime::EntrapmentAccepted,
            vec![vec![vec![0], vec![0]]],
        ),
        (
            restraint(1.0, 1.0, 3.0, 1.0, 1.5, 1.0),
            RestraintRegime::ClientAlone,
            vec![vec![vec![1], vec![0]]],
        ),
        (
            restraint(1.0, 1.0, 3.0, -1.0, 4.0, 1.0),
            RestraintRegime::StableDeterrence,
            vec![vec![vec![0], vec![1]]],
        ),
        (
            restraint(1.0, 1.0, 0.5, -1.0, 0.5, 1.0),
            RestraintRegime::StableDeterrence,
            vec![vec![vec![0], vec![1]]],
        ),
        // Coordination: two pure equilibria (and a mixed one): not labelled.
        (
            restraint(1.0, 1.0, 3.0, -1.0, -1.0, 1.0),
            RestraintRegime::Unlabelled,
            vec![vec![vec![0], vec![1]], vec![vec![1], vec![0]]],
        ),
    ];
    for (m, label, pure) in cases {
        assert_eq!(m.regime(), label, "{m:?}");
        let found: Vec<_> = solve::pure(&m.game().unwrap(), 0.0)
            .unwrap()
            .iter()
            .map(Equilibrium::support)
            .collect();
        assert_eq!(found, pure, "{m:?}");
    }
    let coordination = restraint(1.0, 1.0, 3.0, -1.0, -1.0, 1.0);
    assert!(coordination.mixed_equilibrium().unwrap().regret <= 1e-12);
    assert!(matches!(
        coordination.outcome(Institution::Simultaneous),
        Err(Error::InvalidArgument(_))
    ));
    // Boundaries are unlabelled too.
    assert_eq!(
        restraint(1.0, 1.0, 1.0, 1.0, 4.0, 1.0).regime(),
        RestraintRegime::Unlabelled
    );
    assert_eq!(
        restraint(1.0, 1.0, 3.0, 0.0, 4.0, 1.0).regime(),
        RestraintRegime::Unlabelled
    );
    assert_eq!(
        restraint(1.0, 1.0, 3.0, 1.0, 2.0, 1.0).regime(),
        RestraintRegime::Unlabelled
    );
    assert!(
        restraint(1.0, 1.0, 0.5, 1.0, 4.0, 1.0)
            .mixed_closed_form()
            .is_err()
    );
}

#[test]
fn m2_invalid_parameters_are_named() {
    let bad = |p: RestraintParams| RestraintGame::new(p).unwrap_err();
    let d = RestraintParams::default();
    invalid_names(
        bad(RestraintParams {
            reassurance_cost: -0.1,
            ..d
        }),
        "reassurance_cost",
    );
    invalid_names(
        bad(RestraintParams {
            abandonment_cost: -1.0,
            ..d
        }),
        "abandonment_cost",
    );
    invalid_names(
        bad(RestraintParams {
            deterrence: -1.0,
            ..d
        }),
        "deterrence",
    );
    invalid_names(
        bad(RestraintParams {
            war_cost: f64::NAN,
            ..d
        }),
        "war_cost",
    );
    invalid_names(
        bad(RestraintParams {
            entrapment_cost: f64::INFINITY,
            ..d
        }),
        "entrapment_cost",
    );
    invalid_names(
        bad(RestraintParams {
            revision_gain: f64::NAN,
            ..d
        }),
        "revision_gain",
    );
    invalid_names("hub".parse::<Institution>().unwrap_err(), "institution");
}

/// Quarter-integers: exact in binary, with many ties.
fn quarters(lo: i32, hi: i32) -> impl Strategy<Value = f64> {
    (lo * 4..=hi * 4).prop_map(|k| f64::from(k) / 4.0)
}

fn any_restraint() -> impl Strategy<Value = RestraintGame> {
    (
        quarters(0, 4),
        quarters(-4, 4),
        quarters(-4, 6),
        quarters(-4, 4),
        quarters(-4, 8),
        quarters(0, 4),
    )
        .prop_filter_map("d > -rho", |(rho, d, e, g, w, a)| {
            RestraintGame::new(RestraintParams {
                deterrence: d,
                reassurance_cost: rho,
                entrapment_cost: e,
                revision_gain: g,
                war_cost: w,
                abandonment_cost: a,
                ..Default::default()
            })
            .ok()
        })
}

/// The patron's best commitment on a grid of 401 values of P(Firm), the client replying
/// with ties broken for the patron: a brute-force lower bound for the commitment value.
fn grid_commitment(g: &Game) -> f64 {
    (0..=400)
        .map(|k| {
            let phi = f64::from(k) / 400.0;
            let s = [vec![phi, 1.0 - phi], vec![1.0, 0.0]];
            let client = g.action_values(1, &s).unwrap();
            let patron = |j: usize| {
                let mut t = s.clone();
                t[1] = if j == 0 {
                    vec![1.0, 0.0]
                } else {
                    vec![0.0, 1.0]
                };
                g.payoff(&t).unwrap()[0]
            };
            let best = client[0].max(client[1]);
            (0..2)
                .filter(|&j| client[j] >= best - 1e-12)
                .map(patron)
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .fold(f64::NEG_INFINITY, f64::max)
}

proptest! {
    #[test]
    fn m2_exact_mixed_makes_both_indifferent(m in any_restraint()) {
        if let Ok(c) = m.mixed_closed_form_exact() {
            let p = m.params();
            let (d, rho, e) = (rational_value(p.deterrence), rational_value(p.reassurance_cost), rational_value(p.entrapment_cost));
            let (g, w, a) = (rational_value(p.revision_gain), rational_value(p.war_cost), rational_value(p.abandonment_cost));
            let one = BigRational::one();
            let (phi, pi) = (&c.firm, &c.provoke);
            let firm = pi * (&d - &e) + (&one - pi) * &d;
            let loose = (&one - pi) * (-&rho);
            prop_assert_eq!(&firm, &loose);
            prop_assert_eq!(&firm, &c.patron_payoff);
            let provoke = phi * &g + (&one - phi) * (&g - &w);
            let restrain = (&one - phi) * (-&a);
            prop_assert_eq!(&provoke, &restrain);
            prop_assert_eq!(&provoke, &c.client_payoff);
        }
    }

    #[test]
    fn m2_dilemma_properties(m in any_restraint()) {
        let g = m.game().unwrap();
        let label = m.regime();
        let pure: Vec<_> = solve::pure(&g, 0.0).unwrap().iter().map(Equilibrium::support).collect();
        match label {
            RestraintRegime::Dilemma => {
                let c = m.mixed_closed_form().unwrap();
                let eq = m.mixed_equilibrium().unwrap();
                prop_assert!(eq.regret <= 1e-12, "regret {}", eq.regret);
                prop_assert!(c.firm > 0.0 && c.firm < 1.0 && c.provoke > 0.0 && c.provoke < 1.0);
                prop_assert!(close(eq.payoffs[0], c.patron_payoff, 1e-12));
                prop_assert!(close(eq.payoffs[1], c.client_payoff, 1e-12));
                prop_assert!(pure.is_empty());
                let commit = m.outcome(Institution::Ambiguity).unwrap().patron_payoff;
                // von Stengel & Zamir (2010): commitment is worth at least any NE to the leader.
                prop_assert!(commit >= c.patron_payoff - 1e-12);
                if m.params().deterrence >= 0.0 {
                    let control = m.outcome(Institution::BilateralControl).unwrap().patron_payoff;
                    prop_assert!(control >= commit - 1e-12, "control {control} < commit {commit}");
                }
            }
            RestraintRegime::EntrapmentAccepted => prop_assert_eq!(pure, vec![vec![vec![0], vec![0]]]),
            RestraintRegime::ClientAlone => prop_assert_eq!(pure, vec![vec![vec![1], vec![0]]]),
            RestraintRegime::StableDeterrence => prop_assert_eq!(pure, vec![vec![vec![0], vec![1]]]),
            RestraintRegime::Unlabelled => {}
        }
        if label != RestraintRegime::Unlabelled {
            let sim = m.outcome(Institution::Simultaneous).unwrap();
            let s = [vec![sim.firm, 1.0 - sim.firm], vec![sim.provoke, 1.0 - sim.provoke]];
            prop_assert!(g.max_regret(&s).unwrap() <= 1e-12);
            let u = g.payoff(&s).unwrap();
            prop_assert!(close(u[0], sim.patron_payoff, 1e-12) && close(u[1], sim.client_payoff, 1e-12));
        }
        // Commitment: optimal against a brute-force grid, and never below a fixed action.
        let commit = m.outcome(Institution::Ambiguity).unwrap();
        prop_assert!(commit.patron_payoff >= grid_commitment(&g) - 1e-12);
        for fixed in [Institution::MultilateralRule, Institution::NoGuarantee] {
            prop_assert!(commit.patron_payoff >= m.outcome(fixed).unwrap().patron_payoff - 1e-12);
        }
        let s = [vec![commit.firm, 1.0 - commit.firm], vec![commit.provoke, 1.0 - commit.provoke]];
        prop_assert!(g.regret(&s).unwrap()[1] <= 1e-12, "the client must best-respond");
        // Bilateral control is a pure NE of the sequential reduction with these payoffs.
        let control = m.outcome(Institution::BilateralControl).unwrap();
        let seq = m.sequential_game().unwrap();
        let found = solve::pure(&seq, 0.0).unwrap();
        prop_assert!(found.iter().any(|e| e.payoffs == vec![control.client_payoff, control.patron_payoff]),
            "control outcome {control:?} is not an equilibrium of the 2x4 game");
    }
}

// ---------------------------------------------------------------------------------------------
// M3: burden sharing

fn burden(income: Vec<f64>, alpha: Vec<f64>, psi: f64) -> BurdenSharing {
    BurdenSharing::new(BurdenSharingParams {
        income,
        security_weight: alpha,
        spillover: psi,
        names: None,
    })
    .unwrap()
}

#[test]
fn m3_headline() {
    let m = BurdenSharing::default();
    let eq = m.equilibrium();
    assert_eq!(eq.contributors, vec![0, 1]);
    assert_eq!(eq.free_riders, vec![2]);
    assert!(close(eq.total, 160.0 / 3.0, 1e-15));
    for (d, x) in eq.spending.iter().zip([140.0 / 3.0, 20.0 / 3.0, 0.0]) {
        assert!(close(*d, x, 1e-15), "{d} vs {x}");
    }
    for (s, x) in m.burden_shares().iter().zip([7.0 / 15.0, 1.0 / 9.0, 0.0]) {
        assert!(close(*s, x, 1e-15));
    }
    // Contributors consume the same: 160/3 each.
    assert!(close(100.0 - eq.spending[0], 160.0 / 3.0, 1e-15));
    assert!(close(60.0 - eq.spending[1], 160.0 / 3.0, 1e-15));
    assert_eq!(m.pareto_total().unwrap(), 85.0);
    assert_eq!(m.regime(), Structure::Minilateral);
    // Best responses by hand: state 0 facing 20/3 + 0 spends 50 − 10/3 = 140/3.
    assert!(close(
        m.best_response(0, &eq.spending).unwrap(),
        140.0 / 3.0,
        1e-15
    ));
    assert_eq!(m.best_response(2, &eq.spending).unwrap(), 0.0);
}

#[test]
fn m3_headline_exact_fractions() {
    let m = BurdenSharing::default();
    let eq = m.equilibrium_exact();
    assert_eq!(
        eq.spending,
        vec![frac(140, 3), frac(20, 3), BigRational::zero()]
    );
    assert_eq!(eq.total, frac(160, 3));
    let shares: Vec<BigRational> = eq
        .spending
        .iter()
        .zip(m.income())
        .map(|(d, &y)| d / rational_value(y))
        .collect();
    assert_eq!(shares, vec![frac(7, 15), frac(1, 9), BigRational::zero()]);
}

#[test]
fn m3_discretized_game_contains_the_equilibrium() {
    let m = BurdenSharing::default();
    let g = m.discretized_game(10.0 / 3.0).unwrap();
    assert_eq!(g.shape(), &[30, 18, 3]);
    let eqs = solve::pure(&g, 0.0).unwrap();
    assert!(
        eqs.iter()
            .any(|e| e.support() == vec![vec![14], vec![2], vec![0]])
    );
    assert!(eqs.iter().all(|e| e.regret == 0.0));
    invalid_names(m.discretized_game(0.0).unwrap_err(), "step");
}

#[test]
fn m3_dynamics() {
    let m = BurdenSharing::default();
    let eq = m.equilibrium();
    let gs = m
        .sequential_best_response(&[0.0; 3], 1e-13, 10_000)
        .unwrap();
    for (a, b) in gs.spending.iter().zip(&eq.spending) {
        assert!(close(*a, *b, 1e-10));
    }
    // Jacobi on three equal states cycles between 0 and αY = 1/2, never reaching 1/4.
    let sym = burden(vec![1.0; 3], vec![0.5], 1.0);
    assert!(
        sym.equilibrium()
            .spending
            .iter()
            .all(|&d| close(d, 0.25, 1e-15))
    );
    // From zero each state replies αY = 1/2 (nobody else spends), then 0 (the others' 1 is
    // more than αY/((1 − α)ψ) = 1): the cycle is returned as data.
    let run = sym
        .simultaneous_best_response(&[0.0; 3], 1e-12, 1000)
        .unwrap();
    assert!(!run.converged);
    assert_eq!(run.cycle, Some(vec![vec![0.0; 3], vec![0.5; 3]]));
    assert_eq!(run.rounds, 2);
    // Two states: Jacobi contracts and converges.
    let two = burden(vec![1.0; 2], vec![0.5], 1.0);
    let j = two
        .simultaneous_best_response(&[0.0; 2], 1e-13, 1000)
        .unwrap();
    assert!(j.spending.iter().all(|&d| close(d, 1.0 / 3.0, 1e-12)));
    // Caps and bad arguments.
    assert!(matches!(
        m.sequential_best_response(&[0.0; 3], 1e-15, 1),
        Err(Error::Solver(_))
    ));
    invalid_names(
        m.sequential_best_response(&[0.0; 2], 1e-9, 10).unwrap_err(),
        "start",
    );
    invalid_names(
        m.sequential_best_response(&[0.0; 3], 0.0, 10).unwrap_err(),
        "tol",
    );
    invalid_names(
        m.sequential_best_response(&[0.0; 3], 1e-9, 0).unwrap_err(),
        "max_rounds",
    );
}

#[test]
fn m3_special_cases_and_invalid_parameters() {
    let national = burden(vec![10.0, 20.0], vec![0.2, 0.4], 0.0);
    assert_eq!(national.equilibrium().spending, vec![2.0, 8.0]);
    assert_eq!(national.regime(), Structure::NoAlliance);
    let hegemon = burden(vec![1000.0, 1.0, 1.0], vec![0.5], 1.0);
    assert_eq!(hegemon.equilibrium().contributors, vec![0]);
    assert_eq!(hegemon.regime(), Structure::Unilateral);
    assert_eq!(
        burden(vec![1.0; 4], vec![0.5], 1.0).regime(),
        Structure::Multilateral
    );
    assert!(national.pareto_total().is_err());
    let bad = |p: BurdenSharingParams| BurdenSharing::new(p).unwrap_err();
    let d = BurdenSharingParams::default;
    invalid_names(
        bad(BurdenSharingParams {
            income: vec![],
            ..d()
        }),
        "income",
    );
    invalid_names(
        bad(BurdenSharingParams {
            income: vec![1.0, -1.0],
            ..d()
        }),
        "income[1]",
    );
    invalid_names(
        bad(BurdenSharingParams {
            security_weight: vec![0.0],
            ..d()
        }),
        "security_weight",
    );
    invalid_names(
        bad(BurdenSharingParams {
            security_weight: vec![0.5, 0.5],
            ..d()
        }),
        "security_weight",
    );
    invalid_names(
        bad(BurdenSharingParams {
            spillover: 1.5,
            ..d()
        }),
        "spillover",
    );
    invalid_names(
        bad(BurdenSharingParams {
            names: Some(vec!["A".into()]),
            ..d()
        }),
        "names",
    );
    invalid_names(
        BurdenSharing::default()
            .best_response(3, &[0.0; 3])
            .unwrap_err(),
        "state index",
    );
}

fn any_burden() -> impl Strategy<Value = BurdenSharing> {
    (
        1usize..7,
        any::<bool>(),
        0.0f64..=1.0,
        prop::bool::weighted(0.2),
    )
        .prop_flat_map(|(n, common, psi, pure_public)| {
            (
                prop::collection::vec(1.0f64..1000.0, n),
                prop::collection::vec(0.02f64..0.98, if common { 1 } else { n }),
                Just(if pure_public { 1.0 } else { psi }),
            )
        })
        .prop_map(|(y, a, psi)| burden(y, a, psi))
}

proptest! {
    #[test]
    fn m3_kkt_and_gauss_seidel(m in any_burden()) {
        let eq = m.equilibrium();
        let (y, a, psi) = (m.income(), m.security_weight(), m.spillover());
        let total: f64 = eq.spending.iter().sum();
        prop_assert!(close(total, eq.total, 1e-12));
        let scale = y.iter().fold(0.0f64, |s, &x| s.max(x));
        for i in 0..y.len() {
            let others = total - eq.spending[i];
            let target = a[i] * y[i] - (1.0 - a[i]) * psi * others;
            if eq.spending[i] > 0.0 {
                prop_assert!((eq.spending[i] - target).abs() <= 1e-9 * scale, "state {i}: {} vs {target}", eq.spending[i]);
                prop_assert!(eq.spending[i] < y[i]);
            } else {
                prop_assert!(target <= 1e-9 * scale, "free rider {i} wants {target}");
            }
        }
        let gs = m.sequential_best_response(&vec![0.0; y.len()], 1e-12 * scale, 1_000_000).unwrap();
        for (g, d) in gs.spending.iter().zip(&eq.spending) {
            prop_assert!((g - d).abs() <= 1e-7 * scale, "Gauss-Seidel {g} vs closed form {d}");
        }
        // Exploitation hypothesis with a common α: burdens rise with income.
        if a.iter().all(|&x| x == a[0]) {
            let shares = m.burden_shares();
            for i in 0..y.len() {
                for j in 0..y.len() {
                    if y[i] < y[j] {
                        prop_assert!(shares[i] <= shares[j] + 1e-12);
                    }
                }
            }
            if psi == 1.0 && eq.contributors.len() >= 2 {
                prop_assert!(eq.total < m.pareto_total().unwrap());
            }
        }
    }

    #[test]
    fn m3_exact_kkt_holds_exactly(m in any_burden()) {
        let eq = m.equilibrium_exact();
        let one = BigRational::one();
        let psi = rational_value(m.spillover());
        for i in 0..m.income().len() {
            let a = rational_value(m.security_weight()[i]);
            let y = rational_value(m.income()[i]);
            let others = &eq.total - &eq.spending[i];
            let target = &a * &y - (&one - &a) * &psi * others;
            if eq.spending[i] > BigRational::zero() {
                prop_assert_eq!(&eq.spending[i], &target);
            } else {
                prop_assert!(target <= BigRational::zero());
            }
        }
        let float = m.equilibrium();
        for (x, f) in eq.spending.iter().zip(&float.spending) {
            let scale = m.income().iter().fold(0.0f64, |s, &v| s.max(v));
            prop_assert!((exact_value(*f) - x) <= exact_value(1e-9 * scale));
            prop_assert!((x - exact_value(*f)) <= exact_value(1e-9 * scale));
        }
    }

    #[test]
    fn m3_warr_neutrality(m in any_burden(), u in 0.05f64..0.9) {
        let (y, a, psi) = (m.income(), m.security_weight(), m.spillover());
        let common = a.iter().all(|&x| x == a[0]);
        prop_assume!(psi == 1.0 || common);
        let eq = m.equilibrium();
        prop_assume!(eq.contributors.len() >= 2);
        let (i, j) = (eq.contributors[0], eq.contributors[1]);
        // Moving t from i to j lowers d_i by α_i t / (1 − (1 − α_i)ψ): stay positive.
        let c_i = 1.0 - (1.0 - a[i]) * psi;
        let t = u * eq.spending[i] * c_i / a[i];
        let mut y2 = y.to_vec();
        y2[i] -= t;
        y2[j] += t;
        let m2 = burden(y2, a.to_vec(), psi);
        let eq2 = m2.equilibrium();
        prop_assert_eq!(&eq2.contributors, &eq.contributors);
        prop_assert!(close(eq2.total, eq.total, 1e-9), "{} vs {}", eq2.total, eq.total);
    }
}

// ---------------------------------------------------------------------------------------------
// M4: collective security

fn joiner_sets(g: &Game) -> BTreeSet<Vec<usize>> {
    solve::pure(g, 0.0)
        .unwrap()
        .iter()
        .map(|e| {
            e.support()
                .iter()
                .enumerate()
                .filter(|(_, s)| s[0] == 0)
                .map(|(i, _)| i)
                .collect()
        })
        .collect()
}

fn symmetric_profile(n: usize, p: f64) -> Vec<Vec<f64>> {
    vec![vec![p, 1.0 - p]; n]
}

#[test]
fn m4_headline_volunteers_dilemma() {
    let m = CollectiveSecurity::volunteers_dilemma(3, 2.0, 1.0).unwrap();
    let p = m.volunteer_closed_form().unwrap().unwrap();
    assert!((p - 0.292893).abs() < 5e-7);
    assert!(close(p, 1.0 - 0.5f64.sqrt(), 1e-15));
    let roots = m.symmetric_mixed_equilibria().unwrap();
    assert_eq!(roots.len(), 1);
    assert!(close(roots[0], p, 1e-14));
    let nobody = 1.0 - m.success_probability(&[p; 3]).unwrap();
    assert!((nobody - 0.353553).abs() < 5e-7);
    assert!(close(nobody, 0.5f64.powf(1.5), 1e-14));
    let eq = Equilibrium::new(&m.game().unwrap(), symmetric_profile(3, p), "closed form").unwrap();
    assert!(eq.regret <= 1e-12);
    // The asymmetric closed form reduces to the symmetric one.
    let asym = m.volunteer_equilibrium().unwrap();
    assert!(asym.iter().all(|&q| close(q, p, 1e-14)));
}

#[test]
fn m4_headline_coalitions_of_the_willing() {
    let m = CollectiveSecurity::default();
    let mwc = vec![vec![0, 1], vec![0, 2], vec![0, 3], vec![1, 2, 3]];
    assert_eq!(m.minimal_winning_coalitions().unwrap(), mwc);
    let mut stable = vec![vec![]];
    stable.extend(mwc);
    assert_eq!(m.stable_coalitions().unwrap(), stable);
    let g = m.game().unwrap();
    assert_eq!(g.actions()[0], ["Join", "Abstain"]);
    assert_eq!(joiner_sets(&g), stable.into_iter().collect());
    assert_eq!(m.smallest_stable_coalition().unwrap(), Some(vec![0, 3]));
    assert_eq!(m.regime().unwrap(), Structure::Minilateral);
    // Rivalry between 0 and 3 (separate AORs halve it): {0, 3} needs 3 + 0.5·r <= 10.
    let mut r = vec![vec![0.0; 5]; 5];
    r[0][3] = 16.0;
    r[3][0] = 16.0;
    let rivals = CollectiveSecurity::new(CollectiveSecurityParams {
        rivalry: Some(r.clone()),
        deconfliction: 0.5,
        ..Default::default()
    })
    .unwrap();
    assert!(!rivals.stable_coalitions().unwrap().contains(&vec![0, 3]));
    let deconflicted = CollectiveSecurity::new(CollectiveSecurityParams {
        rivalry: Some(r),
        deconfliction: 0.25,
        ..Default::default()
    })
    .unwrap();
    assert!(
        deconflicted
            .stable_coalitions()
            .unwrap()
            .contains(&vec![0, 3])
    );
}

#[test]
fn m4_special_cases_and_invalid_parameters() {
    // b < c: nobody joins.
    let m = CollectiveSecurity::volunteers_dilemma(3, 1.0, 2.0).unwrap();
    assert_eq!(m.stable_coalitions().unwrap(), vec![Vec::<usize>::new()]);
    assert_eq!(m.regime().unwrap(), Structure::NoAlliance);
    assert!(m.symmetric_mixed_equilibria().unwrap().is_empty());
    assert_eq!(m.volunteer_closed_form().unwrap(), None);
    // b = c, k = 1: the empty profile is also an equilibrium (indifference).
    let tie = CollectiveSecurity::volunteers_dilemma(3, 1.0, 1.0).unwrap();
    assert_eq!(joiner_sets(&tie.game().unwrap()).len(), 4);
    assert_eq!(tie.stable_coalitions().unwrap().len(), 4);
    // Everyone needed.
    let all = CollectiveSecurity::k_threshold(3, 3, 2.0, 1.0).unwrap();
    assert_eq!(all.regime().unwrap(), Structure::Multilateral);
    assert_eq!(all.symmetric_mixed_equilibria().unwrap().len(), 1);
    assert_eq!(
        CollectiveSecurity::volunteers_dilemma(2, 2.0, 1.0)
            .unwrap()
            .regime()
            .unwrap(),
        Structure::Unilateral
    );
    assert!(
        CollectiveSecurity::default()
            .symmetric_mixed_equilibria()
            .is_err()
    );
    assert!(
        CollectiveSecurity::default()
            .volunteer_equilibrium()
            .is_err()
    );
    assert!(all.volunteer_closed_form().is_err());
    let bad = |p: CollectiveSecurityParams| CollectiveSecurity::new(p).unwrap_err();
    let d = CollectiveSecurityParams::default;
    invalid_names(
        bad(CollectiveSecurityParams {
            capability: vec![],
            ..d()
        }),
        "capability",
    );
    invalid_names(
        bad(CollectiveSecurityParams {
            capability: vec![1.0; 26],
            ..d()
        }),
        "capability",
    );
    invalid_names(
        bad(CollectiveSecurityParams {
            threshold: -1.0,
            ..d()
        }),
        "threshold",
    );
    invalid_names(
        bad(CollectiveSecurityParams {
            benefit: vec![0.0],
            ..d()
        }),
        "benefit",
    );
    invalid_names(
        bad(CollectiveSecurityParams {
            cost: vec![1.0; 4],
            ..d()
        }),
        "cost",
    );
    invalid_names(
        bad(CollectiveSecurityParams {
            deconfliction: 2.0,
            ..d()
        }),
        "deconfliction",
    );
    let mut r = vec![vec![0.0; 5]; 5];
    r[0][1] = 1.0;
    invalid_names(
        bad(CollectiveSecurityParams {
            rivalry: Some(r.clone()),
            ..d()
        }),
        "symmetric",
    );
    r[1][0] = 1.0;
    r[2][2] = 1.0;
    invalid_names(
        bad(CollectiveSecurityParams {
            rivalry: Some(r),
            ..d()
        }),
        "rivalry[2][2]",
    );
    invalid_names(
        bad(CollectiveSecurityParams {
            rivalry: Some(vec![vec![0.0; 5]; 4]),
            ..d()
        }),
        "rivalry",
    );
    invalid_names(
        CollectiveSecurity::k_threshold(3, 4, 1.0, 1.0).unwrap_err(),
        "k",
    );
    invalid_names(
        CollectiveSecurity::default()
            .success_probability(&[0.5; 4])
            .unwrap_err(),
        "join",
    );
}

fn any_threshold_game() -> impl Strategy<Value = CollectiveSecurity> {
    (1usize..7)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(0u8..5, n),
                1u8..10,
                prop::collection::vec(1u8..8, n),
                prop::collection::vec(1u8..8, n),
                prop::collection::vec(0u8..3, n * n),
                prop::sample::select(vec![0.0, 0.5, 1.0]),
            )
        })
        .prop_map(|(m, q, b, c, r, kappa)| {
            let n = m.len();
            let riv: Vec<Vec<f64>> = (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| {
                            if i == j {
                                0.0
                            } else {
                                f64::from(r[i.min(j) * n + i.max(j)])
                            }
                        })
                        .collect()
                })
                .collect();
            CollectiveSecurity::new(CollectiveSecurityParams {
                capability: m.into_iter().map(f64::from).collect(),
                threshold: f64::from(q),
                benefit: b.into_iter().map(f64::from).collect(),
                cost: c.into_iter().map(f64::from).collect(),
                rivalry: Some(riv),
                deconfliction: kappa,
                names: None,
            })
            .unwrap()
        })
}

proptest! {
    #[test]
    fn m4_characterization_equals_enumeration(m in any_threshold_game()) {
        let brute = joiner_sets(&m.game().unwrap());
        let stable: BTreeSet<Vec<usize>> = m.stable_coalitions().unwrap().into_iter().collect();
        prop_assert_eq!(&stable, &brute);
        // Raising rivalry (κ = 1 instead of the drawn κ) never adds equilibria.
        let mut p = CollectiveSecurityParams {
            capability: m.capability().to_vec(),
            threshold: m.threshold(),
            benefit: m.benefit().to_vec(),
            cost: m.cost().to_vec(),
            rivalry: m.rivalry().cloned(),
            deconfliction: 1.0,
            names: None,
        };
        let harder: BTreeSet<Vec<usize>> = CollectiveSecurity::new(p.clone()).unwrap()
            .stable_coalitions().unwrap().into_iter().collect();
        prop_assert!(harder.is_subset(&stable));
        p.deconfliction = 0.0;
        let easier: BTreeSet<Vec<usize>> = CollectiveSecurity::new(p).unwrap()
            .stable_coalitions().unwrap().into_iter().collect();
        prop_assert!(stable.is_subset(&easier));
    }

    #[test]
    fn m4_symmetric_mixed_equilibria(n in 2usize..8, k_frac in 0.0f64..1.0, b in 1u8..12, c in 1u8..12) {
        let k = 1 + ((n as f64) * k_frac) as usize % n;
        let m = CollectiveSecurity::k_threshold(n, k, f64::from(b), f64::from(c)).unwrap();
        let g = m.game().unwrap();
        let roots = m.symmetric_mixed_equilibria().unwrap();
        let most = if k == 1 || k == n { 1 } else { 2 };
        prop_assert!(roots.len() <= most, "{} roots", roots.len());
        for &p in &roots {
            prop_assert!(p > 0.0 && p < 1.0);
            let eq = Equilibrium::new(&g, symmetric_profile(n, p), "bisection").unwrap();
            prop_assert!(eq.regret <= 1e-12, "n={n} k={k} b={b} c={c} p={p} regret {}", eq.regret);
        }
        if k == 1 {
            prop_assert_eq!(roots.len(), usize::from(c < b));
            if let Some(p) = m.volunteer_closed_form().unwrap() {
                prop_assert!(close(p, roots[0], 1e-13));
            }
        }
        // Symmetric pure equilibrium count with b > c: C(n, k) + [k >= 2].
        if b > c {
            let binom = (1..=k).fold(1usize, |acc, j| acc * (n + 1 - j) / j);
            prop_assert_eq!(m.stable_coalitions().unwrap().len(), binom + usize::from(k >= 2));
        }
    }

    #[test]
    fn m4_asymmetric_volunteers(costs in prop::collection::vec(1u8..10, 2..6), b in 5u8..20) {
        let n = costs.len();
        let m = CollectiveSecurity::new(CollectiveSecurityParams {
            capability: vec![2.0; n],
            threshold: 1.5,
            benefit: vec![f64::from(b)],
            cost: costs.iter().map(|&c| f64::from(c)).collect(),
            ..Default::default()
        }).unwrap();
        if let Ok(p) = m.volunteer_equilibrium() {
            let profile: Vec<Vec<f64>> = p.iter().map(|&q| vec![q, 1.0 - q]).collect();
            let eq = Equilibrium::new(&m.game().unwrap(), profile, "closed form").unwrap();
            prop_assert!(eq.regret <= 1e-12, "{p:?}: regret {}", eq.regret);
            // Diekmann's paradox: the lower the cost, the less a state volunteers.
            for i in 0..n {
                for j in 0..n {
                    if costs[i] < costs[j] {
                        prop_assert!(p[i] <= p[j] + 1e-15);
                    }
                }
            }
        }
    }

    #[test]
    fn m4_volunteer_comparative_statics(n in 2usize..12, ratio in 0.01f64..0.99) {
        let p = |n| CollectiveSecurity::volunteers_dilemma(n, 1.0, ratio).unwrap()
            .volunteer_closed_form().unwrap().unwrap();
        let (p1, p2) = (p(n), p(n + 1));
        prop_assert!(p2 < p1);
        let success = |n: usize, p: f64| 1.0 - (1.0 - p).powi(n as i32);
        prop_assert!(success(n + 1, p2) < success(n, p1));
    }
}

// ---------------------------------------------------------------------------------------------
// The AllianceModel protocol: one generic body, run for every model.

use detente::alliance::{AllianceModel, ParamMap, ParamValue};

fn params(pairs: &[(&str, ParamValue)]) -> ParamMap {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// params → from_params, JSON and serde round trips, names in order, every range and meaning
/// given, the game and the HTML built.
fn protocol_round_trips<M: AllianceModel>(m: &M) {
    let listed = AllianceModel::params(m);
    let names: Vec<&str> = listed.iter().map(|p| p.name).collect();
    assert_eq!(names, M::PARAM_NAMES);
    assert!(
        listed
            .iter()
            .all(|p| !p.range.is_empty() && !p.meaning.is_empty())
    );
    assert_eq!(&M::from_params(&m.param_map()).unwrap(), m);
    assert_eq!(&M::from_json(&m.to_json().unwrap()).unwrap(), m);
    let value: serde_json::Value = serde_json::to_value(m).unwrap();
    assert_eq!(&serde_json::from_value::<M>(value).unwrap(), m);
    assert!(AllianceModel::game(m).is_ok());
    let html = m.to_html().unwrap();
    assert!(
        names
            .iter()
            .all(|n| html.contains(&format!("<code>{n}</code>")))
    );
    assert!(!AllianceModel::describe(m).is_empty() && AllianceModel::cite(m).contains('@'));
}

/// An unknown name is refused, the error listing every valid one; an empty map is the default.
fn protocol_refuses_unknown<M: AllianceModel + Default>() {
    let err = M::from_params(&params(&[("no_such_parameter", 1.0.into())])).unwrap_err();
    let Error::InvalidArgument(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(msg.contains("no_such_parameter"), "{msg}");
    assert!(M::PARAM_NAMES.iter().all(|n| msg.contains(n)), "{msg}");
    assert_eq!(M::from_params(&ParamMap::new()).unwrap(), M::default());
}

#[test]
fn protocol_holds_for_every_model() {
    protocol_round_trips(&RestraintGame::default());
    protocol_round_trips(&restraint(0.5, 0.0, -1.0, -2.0, 3.0, 0.25));
    protocol_round_trips(&BurdenSharing::default());
    protocol_round_trips(&burden(vec![3.0, 2.0], vec![0.4, 0.6], 0.5));
    protocol_round_trips(&CollectiveSecurity::default());
    protocol_round_trips(
        &CollectiveSecurity::new(CollectiveSecurityParams {
            capability: vec![2.0, 1.0],
            threshold: 2.0,
            benefit: vec![3.0],
            cost: vec![1.0],
            rivalry: Some(vec![vec![0.0, 1.0], vec![1.0, 0.0]]),
            deconfliction: 0.5,
            names: Some(vec!["US".into(), "JP".into()]),
        })
        .unwrap(),
    );
    protocol_refuses_unknown::<RestraintGame>();
    protocol_refuses_unknown::<BurdenSharing>();
    protocol_refuses_unknown::<CollectiveSecurity>();
}

#[test]
fn protocol_from_params_errors_name_parameter_and_range() {
    let n = |x: f64| ParamValue::Number(x);
    invalid_names(
        RestraintGame::from_params(&params(&[("reassurance_cost", n(-1.0))])).unwrap_err(),
        ">= 0",
    );
    invalid_names(
        RestraintGame::from_params(&params(&[("institution", n(1.0))])).unwrap_err(),
        "institution must be a string",
    );
    invalid_names(
        BurdenSharing::from_params(&params(&[("spillover", "1.5".into())])).unwrap_err(),
        "spillover must be a number in [0, 1], got 1.5",
    );
    invalid_names(
        BurdenSharing::from_params(&params(&[("spillover", "lots".into())])).unwrap_err(),
        "spillover",
    );
    invalid_names(
        BurdenSharing::from_params(&params(&[("income", vec![1.0, -1.0].into())])).unwrap_err(),
        "income[1] must be a finite number > 0",
    );
    invalid_names(
        CollectiveSecurity::from_params(&params(&[("rivalry", vec![1.0].into())])).unwrap_err(),
        "rivalry must be a matrix",
    );
    invalid_names(
        CollectiveSecurity::from_params(&params(&[("names", "A".into())])).unwrap_err(),
        "names must be a list of strings",
    );
    invalid_names(
        CollectiveSecurity::from_json(r#"{"threshold": -1}"#).unwrap_err(),
        "threshold must be a finite number > 0",
    );
    // Absent (JSON null) takes the default.
    let m = CollectiveSecurity::from_json(r#"{"rivalry": null, "threshold": "7"}"#).unwrap();
    assert_eq!(m, CollectiveSecurity::default());
}

#[test]
fn protocol_defaults_follow_the_number_of_states() {
    let m = CollectiveSecurity::from_params(&params(&[
        ("capability", vec![1.0, 1.0].into()),
        ("threshold", 1.0.into()),
    ]))
    .unwrap();
    assert_eq!(m.cost(), [1.0, 1.0]);
    assert_eq!(m.benefit(), [10.0, 10.0]);
    assert_eq!(m.names(), ["State 1", "State 2"]);
    let b = BurdenSharing::from_params(&params(&[("income", vec![1.0; 4].into())])).unwrap();
    assert_eq!(b.security_weight(), [0.5; 4]);
    assert_eq!(b.names()[3], "State 4");
}

/// The regime of model `M` built from `pairs`.
fn regime_of<M: AllianceModel>(pairs: &[(&str, ParamValue)]) -> Option<M::Regime> {
    M::from_params(&params(pairs)).unwrap().regime().unwrap()
}

#[test]
fn protocol_regimes_hand_derived() {
    let regime = regime_of::<RestraintGame>;
    // M2 (domain-models.md, first match), around d = ρ = g = α = 1, e = 3, w = 4:
    // e > d, g > 0, w = 4 > g + α = 2: dilemma.
    assert_eq!(regime(&[]), Some(RestraintRegime::Dilemma));
    // w = 3/2 < g + α = 2 with e > d, g > 0: Provoke dominant, client_alone.
    assert_eq!(
        regime(&[("war_cost", 1.5.into())]),
        Some(RestraintRegime::ClientAlone)
    );
    // e = 1/2 < d = 1, g > 0: Firm dominant, entrapment_accepted.
    assert_eq!(
        regime(&[("entrapment_cost", 0.5.into())]),
        Some(RestraintRegime::EntrapmentAccepted)
    );
    // g = −1 < 0 and w = 4 > g + α = 0: stable_deterrence.
    assert_eq!(
        regime(&[("revision_gain", (-1.0).into())]),
        Some(RestraintRegime::StableDeterrence)
    );
    // g = −1, w = −1 < g + α = 0, e > d: the coordination game the specification leaves
    // unlabelled; the boundary g = 0 too.
    assert_eq!(
        regime(&[
            ("revision_gain", (-1.0).into()),
            ("war_cost", (-1.0).into())
        ]),
        Some(RestraintRegime::Unlabelled)
    );
    assert_eq!(
        regime(&[("revision_gain", 0.0.into())]),
        Some(RestraintRegime::Unlabelled)
    );

    let burden_regime = regime_of::<BurdenSharing>;
    // M3 headline: C = {1, 2} of three states: minilateral.
    assert_eq!(burden_regime(&[]), Some(Structure::Minilateral));
    // ψ = 0: national defense only.
    assert_eq!(
        burden_regime(&[("spillover", 0.0.into())]),
        Some(Structure::NoAlliance)
    );
    // Y = (100, 1), α = 1/2, ψ = 1: κ = Y; with the richest alone D = αY/(α + (1 − α)) = 50,
    // and κ_2 = 1 <= 50, so only the richest pays: unilateral.
    assert_eq!(
        burden_regime(&[("income", vec![100.0, 1.0].into())]),
        Some(Structure::Unilateral)
    );
    // Three equal incomes: D = αY_C/(α + k(1 − α)) = 3/4 · Y, each d_i = Y/4 > 0: multilateral.
    assert_eq!(
        burden_regime(&[("income", vec![1.0; 3].into())]),
        Some(Structure::Multilateral)
    );

    let cs_regime = regime_of::<CollectiveSecurity>;
    // M4 headline: stable {0,1}, {0,2}, {0,3}, {1,2,3}: the smallest has two of five states.
    assert_eq!(cs_regime(&[]), Some(Structure::Minilateral));
    // Volunteer's dilemma (m = 1, Q = 1, b = 10 > c = 1): any one state acts alone.
    assert_eq!(
        cs_regime(&[
            ("capability", vec![1.0; 3].into()),
            ("threshold", 1.0.into())
        ]),
        Some(Structure::Unilateral)
    );
    // Two states of capability 1 and Q = 2: only both together win, each pivotal, b > c.
    assert_eq!(
        cs_regime(&[
            ("capability", vec![1.0; 2].into()),
            ("threshold", 2.0.into())
        ]),
        Some(Structure::Multilateral)
    );
    // Q = 7 > total capability 2: nobody can win, only ∅ is stable.
    assert_eq!(
        cs_regime(&[("capability", vec![1.0; 2].into())]),
        Some(Structure::NoAlliance)
    );
}

#[test]
fn burden_utility_refuses_bad_spending() {
    let m = BurdenSharing::default();
    invalid_names(
        m.checked_utility(0, &[400.0, 10.0, 0.0]).unwrap_err(),
        "spending[0]",
    );
    invalid_names(
        m.checked_utility(0, &[1.0, -1.0, 0.0]).unwrap_err(),
        "spending[1]",
    );
    invalid_names(m.checked_utility(3, &[0.0; 3]).unwrap_err(), "state");
    // At the headline equilibrium the richest consumes 160/3 and enjoys D = 160/3:
    // U = (160/3)^(1/2) (160/3)^(1/2) = 160/3.
    let u = m
        .checked_utility(0, &[140.0 / 3.0, 20.0 / 3.0, 0.0])
        .unwrap();
    assert!(close(u, 160.0 / 3.0, 1e-14), "{u}");
}

#[test]
fn burden_exact_contributors_and_shares() {
    let eq = BurdenSharing::default().equilibrium_exact();
    assert_eq!((eq.contributors, eq.free_riders), (vec![0, 1], vec![2]));
    assert_eq!(
        eq.burden_shares,
        vec![frac(7, 15), frac(1, 9), BigRational::zero()]
    );
}

#[test]
fn exact_closed_forms_keep_fractions_and_decimals_exact() {
    // M2 with d = 1/3, g = 1/10 (ρ = α = 1, e = 3, w = 4): φ* = 1 − g/(w − α) = 1 − (1/10)/3
    // = 29/30, π* = (d + ρ)/(e + ρ) = (4/3)/4 = 1/3, u_P = −ρ(e − d)/(e + ρ) = −(8/3)/4 = −2/3,
    // u_C = −αg/(w − α) = −1/30.
    let m = restraint(1.0 / 3.0, 1.0, 3.0, 0.1, 4.0, 1.0);
    let c = m.mixed_closed_form_exact().unwrap();
    assert_eq!(
        (c.firm, c.provoke, c.patron_payoff, c.client_payoff),
        (frac(29, 30), frac(1, 3), frac(-2, 3), frac(-1, 30))
    );
    // M3 with Y = (0.3, 0.2, 0.1), α = 1/2, ψ = 1: κ = Y; the top one alone gives D = 0.15 < κ_2
    // = 0.2, the top two give D = α(Y_1 + Y_2)/(α + 2(1 − α)) = 1/6 >= κ_3 = 0.1, so C = {1, 2},
    // d_i = Y_i − D = (2/15, 1/30, 0), shares (4/9, 1/6, 0).
    let b = burden(vec![0.3, 0.2, 0.1], vec![0.5], 1.0);
    let eq = b.equilibrium_exact();
    assert_eq!(
        eq.spending,
        vec![frac(2, 15), frac(1, 30), BigRational::zero()]
    );
    assert_eq!(eq.total, frac(1, 6));
    assert_eq!(
        eq.burden_shares,
        vec![frac(4, 9), frac(1, 6), BigRational::zero()]
    );
}
