//! M7, specific vs diffuse reciprocity: the specification's headline example in exact
//! fractions, the effective-discount reduction against the two-player game the model builds
//! (one-shot deviations computed here from its stage payoffs), a seeded simulation of the
//! random-matching community, and property tests over the valid ranges.

use detente::alliance::{
    AllianceModel, ParamMap, ParamValue, Reciprocity, ReciprocityKind, ReciprocityParams,
    ReciprocityRegime, rational_value,
};
use detente::{Error, Game, solve};
use num_rational::BigRational;
use num_traits::{One, ToPrimitive};
use proptest::prelude::*;

use crate::common::frac;

const SPECIFIC: Option<ReciprocityKind> = Some(ReciprocityKind::Specific);
const DIFFUSE: Option<ReciprocityKind> = Some(ReciprocityKind::Diffuse);

fn model(p: ReciprocityParams) -> Reciprocity {
    Reciprocity::new(p).unwrap()
}

fn invalid_names(err: Error, name: &str) {
    match &err {
        Error::InvalidArgument(msg) => assert!(msg.contains(name), "{msg} should name {name}"),
        other => panic!("expected InvalidArgument naming {name}, got {other:?}"),
    }
}

fn payoff(g: &Game, a: usize, b: usize, player: usize) -> BigRational {
    let k = g.checked_profile_index(&[a, b]).unwrap();
    g.exact_payoff(k * 2 + player)
}

/// Whether grim trigger sustains (C, C) in the two-player repeated game with discount `d`, by
/// one-shot deviations read from the stage payoffs of `g` (and (D, D) a stage equilibrium).
fn grim_sustains(g: &Game, d: &BigRational) -> bool {
    let one = BigRational::one();
    let nash = payoff(g, 1, 1, 0) >= payoff(g, 0, 1, 0) && payoff(g, 1, 1, 1) >= payoff(g, 1, 0, 1);
    let row = payoff(g, 0, 0, 0) >= (&one - d) * payoff(g, 1, 0, 0) + d * payoff(g, 1, 1, 0);
    let col = payoff(g, 0, 0, 1) >= (&one - d) * payoff(g, 0, 1, 1) + d * payoff(g, 1, 1, 1);
    nash && row && col
}

#[test]
fn m7_headline_exact() {
    // Axelrod's payoffs: full publicity gives 1/2 for every n; specific at n = 10 gives 9/10.
    for n in (2..=60).step_by(2) {
        let m = model(ReciprocityParams {
            n_states: n,
            ..Default::default()
        });
        assert_eq!(m.critical_discount(DIFFUSE), frac(1, 2), "n = {n}");
        let n1 = i64::try_from(n - 1).unwrap();
        assert_eq!(
            m.critical_discount(SPECIFIC),
            frac(n1 * 2, n1 * 2 + 2),
            "n = {n}"
        );
    }
    let m = Reciprocity::default();
    assert_eq!(m.critical_discount(SPECIFIC), frac(9, 10));
    assert_eq!(m.regime(), ReciprocityRegime::Multilateral);
    let g = m.game().unwrap();
    assert_eq!(g.actions(), &[vec!["C", "D"], vec!["C", "D"]]);
    assert_eq!(
        (payoff(&g, 1, 0, 0), payoff(&g, 1, 0, 1)),
        (frac(5, 1), frac(0, 1))
    );
    // The stage PD has the unique equilibrium (D, D).
    let eqs = solve::pure(&g, 0.0).unwrap();
    assert_eq!(eqs.len(), 1);
    assert_eq!(eqs[0].support(), vec![vec![1], vec![1]]);
    // The two-player game with the effective discount: grim works at δ_eff(9/10) = 1/2 under
    // specific reciprocity and not just below.
    let at = m.effective_discount(SPECIFIC, Some(&frac(9, 10))).unwrap();
    assert_eq!(at, frac(1, 2));
    assert!(grim_sustains(&g, &at));
    assert!(!grim_sustains(&g, &(at - frac(1, 1_000_000))));
    // At the model's δ = 3/4: diffuse works (δ_eff = 3/4), specific does not (1/4).
    let rg = m.repeated_game(DIFFUSE).unwrap();
    assert_eq!(rg.exact_discount(0), &frac(3, 4));
    assert!(grim_sustains(rg.stage(), rg.exact_discount(0)));
    let rg = m.repeated_game(SPECIFIC).unwrap();
    assert_eq!(rg.exact_discount(0), &frac(1, 4));
    assert!(!grim_sustains(rg.stage(), rg.exact_discount(0)));
    // Tit-for-tat and generous tit-for-tat.
    assert_eq!(m.tft_threshold(), frac(2, 3));
    assert_eq!(m.gtft_generosity(), frac(1, 3));
}

#[test]
fn m7_tit_for_tat_threshold_against_its_best_deviations() {
    // TFT against TFT earns R; always-defect earns (1 − δ)T + δP; alternating D, C earns
    // (T + δS)/(1 + δ) (normalized). TFT is a Nash equilibrium iff R beats both.
    for payoffs in [
        [5.0, 3.0, 1.0, 0.0],
        [4.0, 3.0, 1.0, 0.0],
        [10.0, 6.0, 1.0, 0.0],
        [3.0, 2.0, 0.0, -0.5],
    ] {
        let m = model(ReciprocityParams {
            payoffs,
            ..Default::default()
        });
        let [t, r, p, s] = payoffs.map(rational_value);
        let one = BigRational::one();
        let nash =
            |d: &BigRational| r >= (&one - d) * &t + d * &p && r >= (&t + d * &s) / (&one + d);
        let th = m.tft_threshold();
        assert!(nash(&th), "{payoffs:?}");
        assert!(!nash(&(&th - frac(1, 1_000_000))), "{payoffs:?}");
    }
}

#[test]
fn m7_community_simulation_matches_the_punishment_rate() {
    // A seeded simulation of the community: every period the n states are paired by a uniform
    // random perfect matching; state 0 defects once, against state 1, in period 0. Under
    // specific reciprocity it is punished when it meets state 1 again; under diffuse
    // reciprocity with probability q (publicity) everyone punishes it for ever. The mean
    // discounted number of punished periods is ρδ/(1 − δ).
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let (n, delta, q) = (6usize, 0.75f64, 0.3f64);
    let runs = 40_000;
    let horizon = 120; // 0.75^120 < 1e-14
    for kind in [ReciprocityKind::Specific, ReciprocityKind::Diffuse] {
        let mut total = 0.0;
        let mut order: Vec<usize> = (0..n).collect();
        for _ in 0..runs {
            let public = kind == ReciprocityKind::Diffuse
                && (next() >> 11) as f64 / (1u64 << 53) as f64 <= q;
            let mut weight = 1.0;
            for _ in 1..horizon {
                weight *= delta;
                if public {
                    total += weight;
                    continue;
                }
                for i in (1..n).rev() {
                    let j = (next() % (i as u64 + 1)) as usize;
                    order.swap(i, j);
                }
                let at = order.iter().position(|&s| s == 0).unwrap();
                let partner = order[at ^ 1];
                if partner == 1 {
                    total += weight;
                }
            }
        }
        let mean = total / f64::from(runs);
        let m = model(ReciprocityParams {
            n_states: n,
            discount: delta,
            publicity: q,
            ..Default::default()
        });
        let rho = m.punishment_rate(Some(kind)).to_f64().unwrap();
        let expected = rho * delta / (1.0 - delta);
        // The standard error is below 0.012 for both; allow four of them.
        assert!(
            (mean - expected).abs() < 0.05,
            "{kind}: simulated {mean}, closed form {expected}"
        );
    }
}

#[test]
fn m7_invalid_parameters_are_named() {
    let d = ReciprocityParams::default();
    let cases: Vec<(ReciprocityParams, &str)> = vec![
        (
            ReciprocityParams {
                payoffs: [3.0, 5.0, 1.0, 0.0],
                ..d
            },
            "T > R > P > S",
        ),
        (
            ReciprocityParams {
                payoffs: [5.0, 3.0, 1.0, 1.0],
                ..d
            },
            "T > R > P > S",
        ),
        (
            ReciprocityParams {
                payoffs: [7.0, 3.0, 1.0, 0.0],
                ..d
            },
            "2R > T + S",
        ),
        (
            ReciprocityParams {
                payoffs: [f64::NAN, 3.0, 1.0, 0.0],
                ..d
            },
            "payoffs[0]",
        ),
        (ReciprocityParams { n_states: 0, ..d }, "n_states"),
        (ReciprocityParams { n_states: 9, ..d }, "n_states"),
        (ReciprocityParams { discount: 1.0, ..d }, "discount"),
        (
            ReciprocityParams {
                publicity: -0.1,
                ..d
            },
            "publicity",
        ),
        (ReciprocityParams { noise: 0.5, ..d }, "noise"),
    ];
    for (p, name) in cases {
        invalid_names(Reciprocity::new(p).unwrap_err(), name);
    }
    let m = Reciprocity::default();
    invalid_names(m.critical_discount_at(&frac(0, 1)).unwrap_err(), "rho");
    invalid_names(m.critical_discount_at(&frac(3, 2)).unwrap_err(), "rho");
    invalid_names(
        m.effective_discount(None, Some(&frac(1, 1))).unwrap_err(),
        "discount",
    );
    invalid_names(
        m.discount_from_effective(&frac(-1, 2), None).unwrap_err(),
        "effective",
    );
    let p = |pairs: &[(&str, ParamValue)]| -> ParamMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    for (map, name) in [
        (p(&[("n_states", 2.5.into())]), "n_states"),
        (p(&[("n_states", (-2.0).into())]), "n_states"),
        (p(&[("n_states", 1e300.into())]), "n_states"),
        (
            p(&[("payoffs", ParamValue::Numbers(vec![5.0, 3.0, 1.0]))]),
            "payoffs",
        ),
        (p(&[("reciprocity", "bilateral".into())]), "reciprocity"),
        (p(&[("regime", "specific".into())]), "reciprocity"),
    ] {
        invalid_names(Reciprocity::from_params(&map).unwrap_err(), name);
    }
}

#[test]
fn m7_regimes_hand_derived() {
    let at = |discount: f64, publicity: f64, n_states: usize| {
        model(ReciprocityParams {
            discount,
            publicity,
            n_states,
            ..Default::default()
        })
        .regime()
    };
    assert_eq!(at(0.9, 1.0, 10), ReciprocityRegime::Bilateral);
    assert_eq!(at(0.89, 1.0, 10), ReciprocityRegime::Multilateral);
    assert_eq!(at(0.5, 1.0, 10), ReciprocityRegime::Multilateral);
    assert_eq!(at(0.49, 1.0, 10), ReciprocityRegime::NoCooperation);
    // No publicity: diffuse is specific, no multilateral region.
    assert_eq!(at(0.89, 0.0, 10), ReciprocityRegime::NoCooperation);
    // Two states: everyone is one's partner.
    assert_eq!(at(0.5, 0.0, 2), ReciprocityRegime::Bilateral);
}

// ---------------------------------------------------------------------------------------------
// Properties.

prop_compose! {
    fn any_params()(
        p in -5i32..5, gaps in (1i32..6, 1i32..6, 1i32..6), half_n in 1usize..40,
        delta in 1u8..20, q in 0u8..=10, kind in prop::bool::ANY,
    ) -> ReciprocityParams {
        let (rp, tr, ps) = gaps;
        let (pp, r) = (f64::from(p), f64::from(p + rp));
        // S below P; T above R but below 2R − S.
        let s = pp - f64::from(ps);
        let t_max = 2.0 * r - s; // exclusive
        let t = r + f64::from(tr).min(t_max - r - 0.5).max(0.5);
        ReciprocityParams {
            payoffs: [t, r, pp, s],
            n_states: 2 * half_n,
            discount: f64::from(delta) / 20.0,
            publicity: f64::from(q) / 10.0,
            reciprocity: if kind { ReciprocityKind::Specific } else { ReciprocityKind::Diffuse },
            noise: 0.0,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn m7_effective_discount_reduction_reproduces_the_closed_form(p in any_params()) {
        let m = model(p);
        let g = m.stage_game().unwrap();
        let [t, r, pp, _] = p.payoffs.map(rational_value);
        let two_player = (&t - &r) / (&t - &pp);
        for kind in [SPECIFIC, DIFFUSE] {
            let closed = m.critical_discount(kind);
            // Mapping the two-player grim threshold back gives the closed form …
            prop_assert_eq!(&m.discount_from_effective(&two_player, kind).unwrap(), &closed);
            // … and the two-player game at the effective discount of δ* sits exactly on the
            // one-shot deviation boundary.
            let eff = m.effective_discount(kind, Some(&closed)).unwrap();
            prop_assert_eq!(&eff, &two_player);
            prop_assert!(grim_sustains(&g, &eff));
            let below = m.effective_discount(kind, Some(&(&closed - frac(1, 1_000_000_000)))).unwrap();
            prop_assert!(!grim_sustains(&g, &below));
            // The inverse is the inverse.
            let delta = m.discount();
            let back = m.discount_from_effective(&m.effective_discount(kind, None).unwrap(), kind).unwrap();
            prop_assert_eq!(back, delta);
            // δ*(ρ) at the punishment rate.
            prop_assert_eq!(m.critical_discount_at(&m.punishment_rate(kind)).unwrap(), closed);
        }
        // Specific closed form of the specification.
        let n1 = BigRational::from_integer((p.n_states - 1).into());
        prop_assert_eq!(
            m.critical_discount(SPECIFIC),
            &n1 * (&t - &r) / (&n1 * (&t - &r) + (&r - &pp))
        );
        // Full publicity: (T − R)/(T − P).
        let full = model(ReciprocityParams { publicity: 1.0, ..p });
        prop_assert_eq!(full.critical_discount(DIFFUSE), two_player);
    }

    #[test]
    fn m7_comparative_statics(p in any_params(), a in 1u16..1000, b in 1u16..1000) {
        let m = model(p);
        // δ*(ρ) decreasing in ρ.
        let (lo, hi) = (frac(i64::from(a.min(b)), 1000), frac(i64::from(a.max(b)), 1000));
        let (at_lo, at_hi) = (m.critical_discount_at(&lo).unwrap(), m.critical_discount_at(&hi).unwrap());
        if lo < hi { prop_assert!(at_lo > at_hi); } else { prop_assert_eq!(at_lo, at_hi); }
        // δ*_S increases with n; δ*_D(q = 1) does not depend on n; δ* decreases in q.
        let bigger = model(ReciprocityParams { n_states: p.n_states + 2, ..p });
        prop_assert!(bigger.critical_discount(SPECIFIC) > m.critical_discount(SPECIFIC));
        let f = |n_states, publicity| model(ReciprocityParams { n_states, publicity, ..p });
        prop_assert_eq!(f(p.n_states, 1.0).critical_discount(DIFFUSE), f(p.n_states + 2, 1.0).critical_discount(DIFFUSE));
        if p.publicity < 1.0 && p.n_states > 2 {
            let more = f(p.n_states, p.publicity + 0.1);
            prop_assert!(more.critical_discount(DIFFUSE) < m.critical_discount(DIFFUSE));
        }
        // Diffuse never needs more patience than specific.
        prop_assert!(m.critical_discount(DIFFUSE) <= m.critical_discount(SPECIFIC));
    }

    #[test]
    fn m7_protocol_round_trips(p in any_params()) {
        let m = model(p);
        prop_assert_eq!(Reciprocity::from_params(&m.param_map()).unwrap(), m);
        prop_assert_eq!(Reciprocity::from_json(&m.to_json().unwrap()).unwrap(), m);
        prop_assert_eq!(Reciprocity::PARAM_NAMES.len(), AllianceModel::params(&m).len());
        prop_assert!(m.to_html().unwrap().contains(m.regime().as_str()));
    }
}

// ---------------------------------------------------------------------------------------------
// The effective-discount reduction against the generic repeated-game machinery: the discount
// factors at which grim trigger is subgame perfect in the two-player game, mapped back to the
// community, start at the closed-form thresholds.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn m7_spe_discount_range_maps_back_to_the_closed_form(p in any_params()) {
        use detente::repeated::strategies;
        let m = model(p);
        let grim = strategies::grim_trigger();
        let range = m.repeated_game(None).unwrap().spe_discount_range(&[&grim, &grim]).unwrap();
        prop_assert_eq!(range.intervals.len(), 1);
        let low = range.intervals[0].low.exact().unwrap().clone();
        for kind in [SPECIFIC, DIFFUSE] {
            prop_assert_eq!(m.discount_from_effective(&low, kind).unwrap(), m.critical_discount(kind));
        }
    }
}

#[test]
fn m7_strategy_payoffs_and_tournament() {
    let m = Reciprocity::default(); // diffuse, q = 1: δ_eff = δ = 3/4
    let v = m.strategy_payoffs(None).unwrap();
    let d = frac(3, 4);
    let one = BigRational::one();
    let (t, r, p, s) = (frac(5, 1), frac(3, 1), frac(1, 1), frac(0, 1));
    // Hand-derived normalized values (rows TFT, GRIM, GTFT, WSLS, ALLD, ALLC).
    assert_eq!(v[0][0], r); // TFT–TFT: R for ever
    assert_eq!(v[1][4], (&one - &d) * &s + &d * &p); // GRIM against ALLD
    assert_eq!(v[4][1], (&one - &d) * &t + &d * &p); // ALLD against GRIM
    assert_eq!(v[3][4], (&s + &d * &p) / (&one + &d)); // WSLS against ALLD: S, P, S, P, …
    assert_eq!(v[4][5], t); // ALLD exploits ALLC for ever
    assert_eq!(v[3][3], r);
    // Under specific reciprocity the effective discount is 1/4: ALLD against GRIM.
    let spec = m.strategy_payoffs(SPECIFIC).unwrap();
    let e = frac(1, 4);
    assert_eq!(spec[4][1], (&one - &e) * &t + &e * &p);

    // Tournament without noise: TFT against ALLD is suckered once in 200 turns.
    let t200 = m.tournament(200, 2, 7).unwrap();
    assert_eq!(t200.names, ["TFT", "GRIM", "GTFT", "WSLS", "ALLD", "ALLC"]);
    assert!((t200.payoff_matrix[0][4].unwrap() - 199.0 / 200.0).abs() < 1e-12);
    // With noise: reproducible for a seed.
    let noisy = model(ReciprocityParams {
        noise: 0.05,
        ..Default::default()
    });
    let a = noisy.tournament(100, 4, 11).unwrap();
    assert_eq!(a, noisy.tournament(100, 4, 11).unwrap());
    assert!(a.cooperation_rate[5] < 1.0); // ALLC's intended Cs get flipped
    invalid_names(m.tournament(0, 1, 0).unwrap_err(), "turns");
}

// ---------------------------------------------------------------------------------------------
// Against `RepeatedGame::critical_discount` and `contagion_threshold` of the repeated-game
// core.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn m7_generic_critical_discount_maps_back_to_the_closed_form(p in any_params()) {
        use detente::repeated::Punishment;
        let m = model(p);
        for kind in [SPECIFIC, DIFFUSE] {
            let c = m.repeated_game(kind).unwrap().critical_discount(&[vec![0, 0]], Punishment::Grim).unwrap();
            let eff = c.discount_exact.unwrap().exact.unwrap();
            prop_assert_eq!(m.discount_from_effective(&eff, kind).unwrap(), m.critical_discount(kind));
            // Sustained at the model's δ iff δ >= δ*.
            prop_assert_eq!(c.holds, m.discount() >= m.critical_discount(kind));
        }
    }
}

#[test]
fn m7_contagion_threshold() {
    // Two states: contagion is bilateral grim, (T − R)/(T − P).
    for payoffs in [
        [5.0, 3.0, 1.0, 0.0],
        [4.0, 3.0, 1.0, 0.0],
        [3.0, 2.0, 0.0, -0.5],
    ] {
        let m = model(ReciprocityParams {
            payoffs,
            n_states: 2,
            ..Default::default()
        });
        let c = m.contagion_threshold().unwrap();
        assert_eq!(
            c.threshold.unwrap().exact.unwrap(),
            m.critical_discount(SPECIFIC)
        );
    }
    // Axelrod's payoffs, four states: (√33 − 3)/4 (root of 2δ² + 3δ − 3), between full
    // publicity (1/2) and specific reciprocity (3/4) here.
    let m = model(ReciprocityParams {
        n_states: 4,
        ..Default::default()
    });
    let c = m.contagion_threshold().unwrap();
    let t = c.threshold.unwrap();
    assert!(t.exact.is_none());
    let root = (33f64.sqrt() - 3.0) / 4.0;
    assert!((t.value - root).abs() < 1e-15);
    assert!(t.lower <= rational_value(root) + frac(1, 1_000_000) && t.lower < frac(3, 4));
    assert!(m.critical_discount(DIFFUSE) < t.lower && t.upper < m.critical_discount(SPECIFIC));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn m7_grim_resists_invasion_iff_the_discount_is_critical(p in any_params()) {
        // In the game of rules against rules, (GRIM, GRIM) is an equilibrium iff ALLD does
        // not invade, i.e. iff δ >= δ* of the enforcement (pure enumeration on the game).
        let m = model(p);
        for kind in [SPECIFIC, DIFFUSE] {
            let g = m.strategy_game(kind).unwrap();
            prop_assert_eq!(g.actions()[0][1].as_str(), "GRIM");
            let grim_ne = solve::pure(&g, 0.0).unwrap().iter().any(|e| e.support() == [[1], [1]]);
            prop_assert_eq!(grim_ne, m.discount() >= m.critical_discount(kind));
            // (ALLD, ALLD) always is one.
            prop_assert!(solve::pure(&g, 0.0).unwrap().iter().any(|e| e.support() == [[4], [4]]));
        }
    }
}
