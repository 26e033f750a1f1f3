//! M1, protection for patronage: the specification's headline example in exact fractions, the
//! closed forms against the game the model builds (pure enumeration, one-shot deviations
//! computed here from the stage payoffs, a numeric maximisation of the Nash product), and
//! property tests over the valid parameter ranges.

use detente::alliance::{
    AllianceModel, ParamMap, ParamValue, PatronageParams, PatronageRegime, ProtectionForPatronage,
    rational_value,
};
use detente::{Error, Game, solve};
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use proptest::prelude::*;

use crate::common::frac;

fn model(p: PatronageParams) -> ProtectionForPatronage {
    ProtectionForPatronage::new(p).unwrap()
}

fn invalid_names(err: Error, name: &str) {
    match &err {
        Error::InvalidArgument(msg) => assert!(msg.contains(name), "{msg} should name {name}"),
        other => panic!("expected InvalidArgument naming {name}, got {other:?}"),
    }
}

/// The exact payoff of `player` at the pure profile (patron action, client action).
fn payoff(g: &Game, patron: usize, client: usize, player: usize) -> BigRational {
    let k = g.checked_profile_index(&[patron, client]).unwrap();
    g.exact_payoff(k * 2 + player)
}

/// Whether grim reversion to (Abandon, Hedge) sustains (Protect, Defer) at `delta`, by the
/// one-shot deviation principle applied to the stage payoffs of `g` (normalized values:
/// comply = u(Protect, Defer); deviate = (1 − δ) u(deviation) + δ u(Abandon, Hedge)), and
/// (Abandon, Hedge) being a stage equilibrium, checked here too.
fn grim_sustains(g: &Game, delta: &BigRational) -> bool {
    let one = BigRational::one();
    let punish_is_ne =
        payoff(g, 1, 1, 0) >= payoff(g, 0, 1, 0) && payoff(g, 1, 1, 1) >= payoff(g, 1, 0, 1);
    let patron_ok =
        payoff(g, 0, 0, 0) >= (&one - delta) * payoff(g, 1, 0, 0) + delta * payoff(g, 1, 1, 0);
    let client_ok =
        payoff(g, 0, 0, 1) >= (&one - delta) * payoff(g, 0, 1, 1) + delta * payoff(g, 1, 1, 1);
    punish_is_ne && patron_ok && client_ok
}

#[test]
fn m1_headline_exact() {
    let m = ProtectionForPatronage::default();
    let d = m.derived();
    assert_eq!(d.success_alone, frac(1, 5));
    assert_eq!(d.success_allied, frac(5, 7));
    assert_eq!(&d.success_allied - &d.success_alone, frac(18, 35));
    assert_eq!(d.security_gain, frac(27, 175));
    assert_eq!(d.protection_cost, frac(3, 50));
    assert_eq!(d.surplus, frac(33, 350));
    let b = m.bargain();
    assert_eq!(b.price, frac(3, 28));
    assert_eq!(b.nash_price, frac(3, 28));
    assert_eq!(
        (b.patron_gain, b.client_gain),
        (frac(33, 700), frac(33, 700))
    );
    assert!(b.participation && !b.outside_option_binds);
    let t = m.thresholds(None).unwrap();
    assert_eq!((t.patron, t.client), (frac(14, 25), frac(25, 36)));
    assert_eq!(m.critical_discount().unwrap(), frac(25, 36));
    assert_eq!(m.regime(), PatronageRegime::ExchangeSustainable);

    let g = m.game().unwrap();
    assert_eq!(g.players(), &["Patron", "Client"]);
    assert_eq!(
        g.actions(),
        &[vec!["Protect", "Abandon"], vec!["Defer", "Hedge"]]
    );
    let cells = [
        ((0, 0), (frac(33, 700), frac(33, 700))),
        ((0, 1), (frac(-3, 50), frac(27, 175))),
        ((1, 0), (frac(3, 28), frac(-3, 28))),
        ((1, 1), (frac(0, 1), frac(0, 1))),
    ];
    for ((r, c), (up, uc)) in cells {
        assert_eq!(
            (payoff(&g, r, c, 0), payoff(&g, r, c, 1)),
            (up, uc),
            "{r}{c}"
        );
    }
    // Unique pure NE (Abandon, Hedge), strictly dominant for both.
    let eqs = solve::pure(&g, 0.0).unwrap();
    assert_eq!(eqs.len(), 1);
    assert_eq!(eqs[0].support(), vec![vec![1], vec![1]]);
    for c in 0..2 {
        assert!(payoff(&g, 1, c, 0) > payoff(&g, 0, c, 0));
    }
    for r in 0..2 {
        assert!(payoff(&g, r, 1, 1) > payoff(&g, r, 0, 1));
    }
    // Minmax (0, 0): each player's best reply to every mix of the other (a fine grid, and the
    // exact end point) is at least 0, and 0 is reached when the other plays its NE action.
    for i in 0..=1000 {
        let q = f64::from(i) / 1000.0;
        let g = g.payoffs();
        let patron_best = (0..2)
            .map(|r| q * g[[r, 0, 0]] + (1.0 - q) * g[[r, 1, 0]])
            .fold(f64::MIN, f64::max);
        let client_best = (0..2)
            .map(|c| q * g[[0, c, 1]] + (1.0 - q) * g[[1, c, 1]])
            .fold(f64::MIN, f64::max);
        assert!(patron_best >= 0.0 && client_best >= 0.0);
    }
    assert_eq!(payoff(&g, 1, 1, 0), BigRational::zero());

    // The repeated game at δ = 9/10; grim sustains the exchange at 25/36 and not just below.
    let rg = m.repeated_game(None, None).unwrap();
    assert_eq!(rg.exact_discount(1), &frac(9, 10));
    assert_eq!(rg.stage(), &g);
    assert!(grim_sustains(&g, &frac(25, 36)));
    assert!(!grim_sustains(&g, &(frac(25, 36) - frac(1, 1_000_000))));

    // The easiest price: δ° = sqrt(7/18) < 25/36, a° = sqrt(81/8750).
    let e = m.easiest_price().unwrap();
    assert_eq!(
        (e.price_squared, e.threshold_squared),
        (frac(81, 8750), frac(7, 18))
    );
    assert!((e.threshold - (7.0f64 / 18.0).sqrt()).abs() < 1e-15);
    assert!((e.price - 9.0 / 8750f64.sqrt()).abs() < 1e-15);
    assert!(e.feasible && e.price_exact.is_none() && e.threshold_exact.is_none());
    assert!(e.threshold < 25.0 / 36.0);
}

#[test]
fn m1_closed_form_price_maximizes_the_nash_product() {
    // Golden-section search on the log Nash product over the price range, independent of the
    // closed form.
    for (beta, lp, lc) in [
        (0.5, 1.0, 1.0),
        (0.2, 1.0, 2.0),
        (0.9, 3.0, 0.5),
        (0.35, 0.7, 1.3),
    ] {
        let m = model(PatronageParams {
            bargaining_power: beta,
            autonomy_value: [lp, lc],
            ..Default::default()
        });
        let d = m.derived();
        let (b, k) = (
            d.security_gain.to_f64().unwrap(),
            d.protection_cost.to_f64().unwrap(),
        );
        let f = |a: f64| beta * (lp * a - k).ln() + (1.0 - beta) * (b - lc * a).ln();
        let (mut lo, mut hi) = (k / lp, b / lc);
        let phi = (5f64.sqrt() - 1.0) / 2.0;
        for _ in 0..200 {
            let x1 = hi - phi * (hi - lo);
            let x2 = lo + phi * (hi - lo);
            if f(x1) < f(x2) {
                lo = x1;
            } else {
                hi = x2;
            }
        }
        let numeric = (lo + hi) / 2.0;
        let closed = m.bargain().nash_price.to_f64().unwrap();
        assert!(
            (numeric - closed).abs() < 1e-7 * closed.abs(),
            "{beta} {lp} {lc}: {numeric} vs {closed}"
        );
    }
}

#[test]
fn m1_alternative_inputs() {
    // s_C, s_A directly reproduce the headline example.
    let direct = model(PatronageParams {
        success: Some([0.2, 5.0 / 7.0]),
        ..Default::default()
    });
    assert_eq!(
        direct.bargain(),
        ProtectionForPatronage::default().bargain()
    );
    // Equal patience gives beta = 1/2; r_P = 1, r_C = 3 gives 3/4.
    let same = model(PatronageParams {
        patience: Some([0.3, 0.3]),
        bargaining_power: 0.9, // not used
        ..Default::default()
    });
    assert_eq!(same.bargain().price, frac(3, 28));
    let m = model(PatronageParams {
        patience: Some([1.0, 3.0]),
        ..Default::default()
    });
    assert_eq!(m.bargaining_power(), frac(3, 4));
    // a* = 3/4 B + 1/4 k_P = 81/700 + 3/200
    assert_eq!(
        m.bargain().price,
        frac(3, 4) * frac(27, 175) + frac(1, 4) * frac(3, 50)
    );
    // Protocol: the alternatives list what they replace as absent and round-trip.
    for m in [direct, m] {
        let map = m.param_map();
        assert_eq!(ProtectionForPatronage::from_params(&map).unwrap(), m);
        assert_eq!(
            ProtectionForPatronage::from_json(&m.to_json().unwrap()).unwrap(),
            m
        );
    }
    assert_eq!(direct.param_map()["patron_capability"], ParamValue::Absent);
    let both = ParamMap::from([
        ("success_alone".into(), 0.1.into()),
        ("success_allied".into(), 0.5.into()),
        ("threat_capability".into(), 3.0.into()),
    ]);
    invalid_names(
        ProtectionForPatronage::from_params(&both).unwrap_err(),
        "success_alone",
    );
    let half = ParamMap::from([("success_alone".into(), 0.1.into())]);
    invalid_names(
        ProtectionForPatronage::from_params(&half).unwrap_err(),
        "success_allied",
    );
    let both = ParamMap::from([
        ("patience".into(), ParamValue::Numbers(vec![1.0, 2.0])),
        ("bargaining_power".into(), 0.5.into()),
    ]);
    invalid_names(
        ProtectionForPatronage::from_params(&both).unwrap_err(),
        "patience",
    );
    let one = ParamMap::from([("autonomy_value".into(), 2.0.into())]);
    let m = ProtectionForPatronage::from_params(&one).unwrap();
    assert_eq!(m.params().autonomy_value, [2.0, 2.0]);
    let three = ParamMap::from([("patience".into(), ParamValue::Numbers(vec![1.0; 3]))]);
    invalid_names(
        ProtectionForPatronage::from_params(&three).unwrap_err(),
        "patience",
    );
}

#[test]
fn m1_regimes_hand_derived() {
    let with = |p: PatronageParams| model(p).regime();
    // θ = 0: no threat, no gain: no alliance.
    assert_eq!(
        with(PatronageParams {
            attack_prob: 0.0,
            ..Default::default()
        }),
        PatronageRegime::NoAlliance
    );
    // c = 1: k_P = 3/10 > B = 27/175: no surplus.
    assert_eq!(
        with(PatronageParams {
            war_cost: 1.0,
            ..Default::default()
        }),
        PatronageRegime::NoAlliance
    );
    // An outside option above (1 − β)S·… that leaves the patron below k_P: B − o_C < k_P.
    assert_eq!(
        with(PatronageParams {
            outside_option: 0.1,
            ..Default::default()
        }),
        PatronageRegime::NoAlliance
    );
    // v large: k_P = θ(c − 18/35 v) < 0: the patron protects anyway.
    let m = model(PatronageParams {
        strategic_value: 1.0,
        ..Default::default()
    });
    assert_eq!(m.regime(), PatronageRegime::UnilateralGuarantee);
    assert!(m.derived().protection_cost.is_negative());
    // Protect is dominant in its stage game; here a* = θ[(1 − β)c + 18/35(β − (1 − β))] > 0:
    // the one-shot NE is (Protect, Hedge), the client free-rides.
    assert!(m.bargain().price.is_positive());
    let eqs = solve::pure(&m.game().unwrap(), 0.0).unwrap();
    assert_eq!(eqs.len(), 1);
    assert_eq!(eqs[0].support(), vec![vec![0], vec![1]]);
    assert!(m.thresholds(None).is_err());
    // With v large and β small the price is negative (aid): the NE is (Protect, Defer).
    let aid = model(PatronageParams {
        strategic_value: 1.0,
        bargaining_power: 0.1,
        war_cost: 0.0,
        ..Default::default()
    });
    assert!(aid.bargain().price.is_negative());
    assert_eq!(aid.regime(), PatronageRegime::UnilateralGuarantee);
    let eqs = solve::pure(&aid.game().unwrap(), 0.0).unwrap();
    assert_eq!(eqs[0].support(), vec![vec![0], vec![0]]);
    // δ just below and at 25/36.
    assert_eq!(
        with(PatronageParams {
            discount: 25.0 / 36.0,
            ..Default::default()
        }),
        PatronageRegime::ExchangeSustainable
    );
    assert_eq!(
        with(PatronageParams {
            discount: 0.69,
            ..Default::default()
        }),
        PatronageRegime::ExchangeUnsustainable
    );
    // β = 1: the patron takes the whole surplus, δ_C = 1: never sustainable.
    let greedy = model(PatronageParams {
        bargaining_power: 1.0,
        discount: 0.999,
        ..Default::default()
    });
    assert_eq!(greedy.thresholds(None).unwrap().client, BigRational::one());
    assert_eq!(greedy.regime(), PatronageRegime::ExchangeUnsustainable);
}

#[test]
fn m1_rubinstein_share() {
    let m = ProtectionForPatronage::default();
    let q = rational_value;
    assert_eq!(m.rubinstein(&q(0.9), &q(0.9)).unwrap().share, frac(10, 19));
    // Equal factors η: share 1/(1 + η).
    assert_eq!(m.rubinstein(&q(0.5), &q(0.5)).unwrap().share, frac(2, 3));
    // η_i = 1 − r_i Δ → β = r_C/(r_P + r_C) as Δ → 0, error O(Δ).
    let (rp, rc) = (frac(1, 1), frac(3, 1));
    for k in [10u32, 100, 1000, 10_000] {
        let dt = frac(1, i64::from(k));
        let one = BigRational::one();
        let r = m
            .rubinstein(&(&one - &rp * &dt), &(&one - &rc * &dt))
            .unwrap();
        let err = (&r.share - frac(3, 4)).abs();
        assert!(err <= &dt * frac(2, 1), "{k}: {}", r.share);
        // The price at the share is the Nash price formula with β = share.
        let d = m.derived();
        assert_eq!(
            r.price,
            &r.share * &d.security_gain + (&one - &r.share) * &d.protection_cost
        );
    }
    for bad in [q(1.0), q(-0.1)] {
        invalid_names(m.rubinstein(&bad, &q(0.5)).unwrap_err(), "patron_discount");
        invalid_names(m.rubinstein(&q(0.5), &bad).unwrap_err(), "client_discount");
    }
}

#[test]
fn m1_invalid_parameters_are_named() {
    let d = PatronageParams::default();
    let cases: Vec<(PatronageParams, &str)> = vec![
        (
            PatronageParams {
                patron_capability: 0.0,
                ..d
            },
            "patron_capability",
        ),
        (
            PatronageParams {
                client_capability: -1.0,
                ..d
            },
            "client_capability",
        ),
        (
            PatronageParams {
                threat_capability: f64::NAN,
                ..d
            },
            "threat_capability",
        ),
        (
            PatronageParams {
                success: Some([-0.1, 0.5]),
                ..d
            },
            "success_alone",
        ),
        (
            PatronageParams {
                success: Some([0.1, 1.5]),
                ..d
            },
            "success_allied",
        ),
        (
            PatronageParams {
                success: Some([0.6, 0.5]),
                ..d
            },
            "success_allied",
        ),
        (
            PatronageParams {
                attack_prob: 1.1,
                ..d
            },
            "attack_prob",
        ),
        (
            PatronageParams {
                client_loss: 0.0,
                ..d
            },
            "client_loss",
        ),
        (
            PatronageParams {
                war_cost: -0.1,
                ..d
            },
            "war_cost",
        ),
        (
            PatronageParams {
                strategic_value: f64::INFINITY,
                ..d
            },
            "strategic_value",
        ),
        (
            PatronageParams {
                bargaining_power: 1.5,
                ..d
            },
            "bargaining_power",
        ),
        (
            PatronageParams {
                patience: Some([0.0, 1.0]),
                ..d
            },
            "patience[0]",
        ),
        (
            PatronageParams {
                autonomy_value: [1.0, 0.0],
                ..d
            },
            "autonomy_value[1]",
        ),
        (
            PatronageParams {
                outside_option: -1.0,
                ..d
            },
            "outside_option",
        ),
        (PatronageParams { discount: 1.0, ..d }, "discount"),
        (PatronageParams { discount: 0.0, ..d }, "discount"),
    ];
    for (p, name) in cases {
        invalid_names(ProtectionForPatronage::new(p).unwrap_err(), name);
    }
    let unknown = ParamMap::from([("beta".into(), 0.5.into())]);
    invalid_names(
        ProtectionForPatronage::from_params(&unknown).unwrap_err(),
        "bargaining_power",
    );
}

// ---------------------------------------------------------------------------------------------
// Properties over the valid ranges (parameters on grids of small fractions, so every value is
// exact).

fn tenths(lo: u8, hi: u8) -> impl Strategy<Value = f64> {
    (lo..=hi).prop_map(|k| f64::from(k) / 10.0)
}

prop_compose! {
    fn any_params()(
        mp in 1u8..20, mc in 1u8..20, t in 1u8..20, theta in tenths(1, 10),
        loss in 1u8..5, c in tenths(0, 10), v in tenths(0, 10), beta in tenths(0, 10),
        lp in 1u8..5, lc in 1u8..5, oc in tenths(0, 3), delta in 1u8..20,
    ) -> PatronageParams {
        PatronageParams {
            patron_capability: f64::from(mp),
            client_capability: f64::from(mc),
            threat_capability: f64::from(t),
            success: None,
            attack_prob: theta,
            client_loss: f64::from(loss),
            war_cost: c,
            strategic_value: v,
            bargaining_power: beta,
            patience: None,
            autonomy_value: [f64::from(lp) / 2.0, f64::from(lc) / 2.0],
            outside_option: oc,
            discount: f64::from(delta) / 20.0,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn m1_nash_split_with_unit_autonomy_values(p in any_params()) {
        let m = model(PatronageParams { autonomy_value: [1.0, 1.0], outside_option: 0.0, ..p });
        let d = m.derived();
        prop_assume!(d.surplus.is_positive());
        let b = m.bargain();
        let beta = m.bargaining_power();
        prop_assert!(b.participation);
        prop_assert_eq!(&b.patron_gain + &b.client_gain, d.surplus.clone());
        prop_assert_eq!((BigRational::one() - &beta) * &b.patron_gain, &beta * &b.client_gain);
        // The closed form of the specification with λ = 1.
        let x = m.params();
        let gap = &d.success_allied - &d.success_alone;
        let (theta, c, v, l) = (rational_value(x.attack_prob), rational_value(x.war_cost),
            rational_value(x.strategic_value), rational_value(x.client_loss));
        let one = BigRational::one();
        prop_assert_eq!(b.price, theta * ((&one - &beta) * c + gap * (&beta * l - (&one - &beta) * v)));
    }

    #[test]
    fn m1_easiest_price_minimizes_the_threshold(p in any_params(), a in 1u16..2000) {
        let m = model(p);
        let d = m.derived();
        prop_assume!(d.protection_cost.is_positive() && d.security_gain.is_positive());
        let e = m.easiest_price().unwrap();
        // δ° <= δ*(a) for every a > 0 (compared as squares: both are non-negative).
        let a = frac(i64::from(a), 1000);
        let t = m.thresholds(Some(&a)).unwrap();
        prop_assert!(e.threshold_squared <= &t.critical * &t.critical);
        // δ_P(a°) = δ_C(a°) = δ°, in squares: k²/(λ_P² a°²) = λ_C² a°²/B² = δ°².
        let x = m.params();
        let (lp, lc) = (rational_value(x.autonomy_value[0]), rational_value(x.autonomy_value[1]));
        let k = &d.protection_cost;
        let b = &d.security_gain;
        let patron_sq = k * k / (&lp * &lp * &e.price_squared);
        let client_sq = &lc * &lc * &e.price_squared / (b * b);
        prop_assert_eq!(&patron_sq, &e.threshold_squared);
        prop_assert_eq!(&client_sq, &e.threshold_squared);
    }

    #[test]
    fn m1_grim_threshold_matches_one_shot_deviations_in_the_game(p in any_params(), a in 1u16..400) {
        // At any price a > 0 with k_P > 0: the game sustains the exchange at δ* (if < 1) and
        // not just below it; the check reads only the stage payoffs.
        let m = model(p);
        let d = m.derived();
        prop_assume!(d.protection_cost.is_positive() && d.security_gain.is_positive());
        let a = frac(i64::from(a), 1000);
        let t = m.thresholds(Some(&a)).unwrap();
        let g = m.stage_game(Some(&a)).unwrap();
        let critical = t.critical.clone();
        if critical < BigRational::one() {
            prop_assert!(grim_sustains(&g, &critical));
        } else {
            prop_assert!(!grim_sustains(&g, &(BigRational::one() - frac(1, 1_000_000_000))));
        }
        let below = &critical - frac(1, 1_000_000_000);
        if below.is_positive() {
            prop_assert!(!grim_sustains(&g, &below));
        }
    }

    #[test]
    fn m1_regime_matches_the_game(p in any_params()) {
        let m = model(p);
        let regime = m.regime();
        let b = m.bargain();
        let d = m.derived();
        let g = m.game().unwrap();
        match regime {
            PatronageRegime::NoAlliance => prop_assert!(!b.participation),
            PatronageRegime::UnilateralGuarantee => {
                // Protect weakly dominant.
                prop_assert!(!d.protection_cost.is_positive());
                for c in 0..2 {
                    prop_assert!(payoff(&g, 0, c, 0) >= payoff(&g, 1, c, 0));
                }
            }
            PatronageRegime::ExchangeSustainable | PatronageRegime::ExchangeUnsustainable => {
                prop_assert!(b.participation && d.protection_cost.is_positive());
                let delta = m.discount();
                prop_assert_eq!(
                    grim_sustains(&g, &delta),
                    regime == PatronageRegime::ExchangeSustainable
                );
                // The one-shot game is a dilemma: (Abandon, Hedge) its only pure NE.
                let eqs = solve::pure(&g, 0.0).unwrap();
                prop_assert_eq!(eqs.len(), 1);
                prop_assert_eq!(eqs[0].support(), vec![vec![1], vec![1]]);
            }
        }
    }

    #[test]
    fn m1_comparative_statics(p in any_params()) {
        let base = PatronageParams { autonomy_value: [1.0, 1.0], outside_option: 0.0, ..p };
        let m = model(base);
        let price = |p: PatronageParams| model(p).bargain().price;
        let beta = m.bargaining_power();
        let one = BigRational::one();
        let (l, v) = (rational_value(base.client_loss), rational_value(base.strategic_value));
        // ∂a*/∂m_C has the sign of −(βL − (1 − β)v).
        let lever = &beta * l - (&one - &beta) * v;
        // (Where the outside option o_C = 0 does not cap the price: a* = a_NB in both.)
        let stronger_model = model(PatronageParams { client_capability: base.client_capability + 1.0, ..base });
        if !m.bargain().outside_option_binds && !stronger_model.bargain().outside_option_binds {
            let change = stronger_model.bargain().price - m.bargain().price;
            prop_assert_eq!(change.signum(), (-lever).signum());
        }
        // a* rises with β whenever there is a surplus.
        if m.derived().surplus.is_positive() && base.bargaining_power <= 0.9 {
            let more = price(PatronageParams { bargaining_power: base.bargaining_power + 0.1, ..base });
            prop_assert!(more > m.bargain().price);
        }
        // a* is proportional to θ.
        let half = price(PatronageParams { attack_prob: base.attack_prob / 2.0, ..base });
        prop_assert_eq!(half * frac(2, 1), m.bargain().price);
        // With v = 0, a weaker client (larger B) makes both thresholds (weakly) lower.
        let v0 = PatronageParams { strategic_value: 0.0, client_capability: 2.0, ..base };
        let weaker = PatronageParams { client_capability: 1.0, ..v0 };
        let (s, w) = (model(v0), model(weaker));
        if s.derived().protection_cost.is_positive() && s.bargain().participation {
            prop_assert!(w.derived().security_gain > s.derived().security_gain);
            let (ts, tw) = (s.thresholds(None).unwrap(), w.thresholds(None).unwrap());
            prop_assert!(tw.patron <= ts.patron && tw.client <= ts.client);
            // δ_C = β + (1 − β) k_P/B (λ = 1, no binding outside option).
            let d = s.derived();
            prop_assert_eq!(ts.client, &beta + (&one - &beta) * &d.protection_cost / &d.security_gain);
        }
    }

    #[test]
    fn m1_protocol_round_trips(p in any_params()) {
        let m = model(p);
        prop_assert_eq!(ProtectionForPatronage::from_params(&m.param_map()).unwrap(), m);
        prop_assert_eq!(ProtectionForPatronage::from_json(&m.to_json().unwrap()).unwrap(), m);
        prop_assert_eq!(ProtectionForPatronage::PARAM_NAMES.len(), AllianceModel::params(&m).len());
        let html = m.to_html().unwrap();
        prop_assert!(html.contains(m.regime().as_str()));
    }
}

// ---------------------------------------------------------------------------------------------
// The closed forms against the generic repeated-game machinery: the set of discount factors at
// which grim trigger (`strategies::grim_trigger`: Protect/Defer until anyone deviates, then
// Abandon/Hedge for ever) is subgame perfect, found by one-shot deviations over all automaton
// states and exact root isolation, starts at δ* = max(δ_P, δ_C).

#[test]
fn m1_headline_spe_discount_range_is_from_the_critical_discount() {
    use detente::repeated::strategies;
    let m = ProtectionForPatronage::default();
    let rg = m.repeated_game(None, None).unwrap();
    let grim = strategies::grim_trigger();
    let range = rg.spe_discount_range(&[&grim, &grim]).unwrap();
    assert_eq!(range.intervals.len(), 1);
    assert_eq!(range.intervals[0].text(), "[25/36, 1)");
    // At δ = 9/10 the profile is SPE with the exact exchange payoffs; at 0.69 the client
    // deviates (Hedge while the patron protects).
    assert!(rg.is_spe(&[&grim, &grim]).unwrap().is_spe);
    let v = rg.payoffs(&[&grim, &grim]).unwrap();
    assert_eq!(v.payoffs_exact.unwrap(), vec![frac(33, 700), frac(33, 700)]);
    let low = m
        .repeated_game(Some(&frac(69, 100)), None)
        .unwrap()
        .is_spe(&[&grim, &grim])
        .unwrap();
    assert!(!low.is_spe);
    let dev = low.violation.unwrap();
    assert_eq!((dev.player, dev.action), (1, 1));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn m1_spe_discount_range_starts_at_the_closed_form(p in any_params(), a in 1u16..400) {
        use detente::repeated::strategies;
        let m = model(p);
        let d = m.derived();
        prop_assume!(d.protection_cost.is_positive() && d.security_gain.is_positive());
        let a = frac(i64::from(a), 1000);
        let t = m.thresholds(Some(&a)).unwrap();
        let rg = m.repeated_game(None, Some(&a)).unwrap();
        let grim = strategies::grim_trigger();
        let range = rg.spe_discount_range(&[&grim, &grim]).unwrap();
        if t.critical < BigRational::one() {
            prop_assert_eq!(range.intervals.len(), 1);
            let i = &range.intervals[0];
            prop_assert_eq!(i.low.exact(), Some(&t.critical));
            prop_assert!(i.low_closed);
            prop_assert_eq!(i.high.exact(), Some(&BigRational::one()));
        } else {
            prop_assert!(range.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Against `RepeatedGame::critical_discount` (grim reversion to the stage equilibrium) and
// `RepeatedGame::minmax` of the repeated-game core.

#[test]
fn m1_headline_generic_critical_discount_and_minmax() {
    use detente::repeated::{MinmaxKind, Punishment};
    let m = ProtectionForPatronage::default();
    let rg = m.repeated_game(None, None).unwrap();
    let c = rg
        .critical_discount(&[vec![0, 0]], Punishment::Grim)
        .unwrap();
    assert_eq!(c.discount_exact.unwrap().exact.unwrap(), frac(25, 36));
    let per: Vec<BigRational> = c
        .thresholds_exact
        .iter()
        .map(|t| t.as_ref().unwrap().exact.clone().unwrap())
        .collect();
    assert_eq!(per, vec![frac(14, 25), frac(25, 36)]);
    assert_eq!(c.binding.unwrap().player, 1); // the client's constraint binds
    assert!(c.holds);
    for kind in [MinmaxKind::Pure, MinmaxKind::Mixed, MinmaxKind::Correlated] {
        let mm = rg.minmax(kind).unwrap();
        assert_eq!(
            mm.values_exact.unwrap(),
            vec![BigRational::zero(); 2],
            "{kind:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn m1_generic_critical_discount_is_the_closed_form(p in any_params(), a in 1u16..400) {
        use detente::repeated::Punishment;
        let m = model(p);
        let d = m.derived();
        prop_assume!(d.protection_cost.is_positive() && d.security_gain.is_positive());
        let a = frac(i64::from(a), 1000);
        let t = m.thresholds(Some(&a)).unwrap();
        let rg = m.repeated_game(None, Some(&a)).unwrap();
        let c = rg.critical_discount(&[vec![0, 0]], Punishment::Grim).unwrap();
        let exact = |x: &Option<detente::repeated::AlgebraicNumber>| x.as_ref().and_then(|x| x.exact.clone());
        if t.critical < BigRational::one() {
            prop_assert_eq!(exact(&c.discount_exact), Some(t.critical.clone()));
            prop_assert_eq!(exact(&c.thresholds_exact[0]), Some(t.patron.clone()));
            prop_assert_eq!(exact(&c.thresholds_exact[1]), Some(t.client.clone()));
            prop_assert_eq!(c.holds, m.discount() >= t.critical);
        } else {
            prop_assert!(c.discount.is_none() && !c.holds);
        }
    }
}
