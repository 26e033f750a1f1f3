//! The logit homotopy (`solve::logit_homotopy`) on Gambit's test games and random games;
//! every result is checked with `Game::regret`.

use detente::Error;
use detente::solve::{self, HomotopyOptions};
use proptest::prelude::*;

use crate::common::{nfg, nfg_names, seeded_game};

#[test]
fn homotopy_certifies_every_test_file() {
    let names = nfg_names();
    assert!(names.len() >= 40);
    for name in names {
        let g = nfg(&name);
        let eq = solve::logit_homotopy(&g, HomotopyOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let r = g.max_regret(&eq.strategies).unwrap();
        assert!(r <= 1e-9, "{name}: regret {r}");
        assert_eq!(eq.method, "logit_homotopy");
    }
}

#[test]
fn homotopy_polishes_to_near_machine_precision() {
    for name in [
        "g2.nfg",
        "g3.nfg",
        "3x3x3.nfg",
        "2x2x2x2x2.nfg",
        "nau2004_sec4.nfg",
    ] {
        let g = nfg(name);
        let eq = solve::logit_homotopy(&g, HomotopyOptions::default()).unwrap();
        assert!(eq.regret <= 1e-12, "{name}: regret {}", eq.regret);
    }
}

#[test]
fn homotopy_rejects_bad_options_and_reports_caps() {
    let g = nfg("g2.nfg");
    let bad = |o: HomotopyOptions| solve::logit_homotopy(&g, o).unwrap_err();
    let d = HomotopyOptions::default();
    assert!(matches!(
        bad(HomotopyOptions { tol: -1.0, ..d }),
        Error::InvalidArgument(_)
    ));
    assert!(matches!(
        bad(HomotopyOptions { max_steps: 0, ..d }),
        Error::InvalidArgument(_)
    ));
    assert!(matches!(
        bad(HomotopyOptions {
            max_lambda: f64::NAN,
            ..d
        }),
        Error::InvalidArgument(_)
    ));
    let e = bad(HomotopyOptions { max_steps: 2, ..d });
    assert!(
        matches!(&e, Error::Solver(m) if m.contains("max_steps")),
        "{e}"
    );
    let e = bad(HomotopyOptions {
        max_lambda: 0.5,
        ..d
    });
    assert!(
        matches!(&e, Error::Solver(m) if m.contains("max_lambda")),
        "{e}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn homotopy_always_certified(g in seeded_game()) {
        let eq = solve::logit_homotopy(&g, HomotopyOptions::default())?;
        prop_assert!(g.max_regret(&eq.strategies)? <= 1e-9);
    }
}
