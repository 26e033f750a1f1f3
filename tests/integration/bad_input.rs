//! Bad input never panics, aborts or is misread: forged results are refused by
//! `report::Validate`, repeated player names by the constructors, payoffs too large to add by
//! the solvers (naming the payoff scale), huge numbers of runs before any allocation; Gambit
//! files with a byte-order mark or in Latin-1 read as Gambit writes them.

use detente::dynamics::{self, BestResponseOptions, ReplicatorOptions, Starts};
use detente::io::{FromJson, ToJson, decode_nfg, read_nfg, read_nfg_path};
use detente::report::{Labels, Validate};
use detente::solve::{
    self, AllEquilibria, Commitment, CorrelatedEquilibrium, CorrelatedObjective, EnumerateOptions,
    LemkeHowsonOptions, LogitQre, SupportEnumerationOptions,
};
use detente::{Equilibrium, Error, Game};
use ndarray::array;

fn chicken() -> Game {
    Game::from_bimatrix(
        array![[6.0, 2.0], [7.0, 0.0]].view(),
        array![[6.0, 7.0], [2.0, 0.0]].view(),
    )
    .unwrap()
}

/// `value` with the JSON field `field` replaced by `json`.
fn mutate<T: serde::Serialize + serde::de::DeserializeOwned>(
    value: &T,
    field: &str,
    json: serde_json::Value,
) -> Result<T, Error> {
    let mut object = serde_json::to_value(value).unwrap();
    object[field] = json;
    serde_json::from_value(object).map_err(|e| Error::Json(e.to_string()))
}

/// Reads `value` back with `field` replaced and checks that validation refuses it (or that
/// serde already did), naming `needle`.
fn refused<T: serde::Serialize + serde::de::DeserializeOwned + Validate>(
    value: &T,
    labels: &Labels,
    field: &str,
    json: serde_json::Value,
    needle: &str,
) {
    let err = match mutate(value, field, json.clone()) {
        Ok(forged) => forged
            .validate(labels)
            .expect_err(&format!("{field} = {json} was accepted")),
        Err(e) => e,
    };
    assert!(matches!(err, Error::Json(_)), "{err:?}");
    assert!(err.to_string().contains(needle), "{field} = {json}: {err}");
}

#[test]
fn genuine_results_validate() {
    let g = chicken();
    let labels = Labels::of(&g);
    solve::pure(&g, 0.0).unwrap()[0].validate(&labels).unwrap();
    let ce = solve::correlated(&g, &CorrelatedObjective::Welfare, false).unwrap();
    ce.validate(&labels).unwrap();
    solve::commitment(&g, 1).unwrap().validate(&labels).unwrap();
    solve::logit_qre(&g, &[0.0, 1.0])
        .unwrap()
        .validate(&labels)
        .unwrap();
    let all = solve::enumerate_all(&g, EnumerateOptions::default()).unwrap();
    all.validate(&labels).unwrap();
    let zs = solve::zero_sum(&Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap());
    zs.unwrap().validate(&labels).unwrap();
    let runs = dynamics::best_response(
        &g,
        &Starts::Random { count: 4, seed: 1 },
        &BestResponseOptions {
            trajectory: true,
            ..Default::default()
        },
    )
    .unwrap();
    runs.iter().for_each(|r| r.validate(&labels).unwrap());
}

#[test]
fn forged_equilibria_are_refused() {
    let g = chicken();
    let labels = Labels::of(&g);
    let eq = solve::pure(&g, 0.0).unwrap().remove(0);
    refused(&eq, &labels, "regret", (-5.0).into(), "regret");
    refused(
        &eq,
        &labels,
        "strategies",
        serde_json::json!([[5, 5], [0, 1]]),
        "[0, 1]",
    );
    refused(
        &eq,
        &labels,
        "strategies",
        serde_json::json!([[0.5, 0.25], [0, 1]]),
        "sums",
    );
    refused(
        &eq,
        &labels,
        "strategies",
        serde_json::json!([]),
        "2 players",
    );
    refused(
        &eq,
        &labels,
        "strategies",
        serde_json::json!([[1], [0, 1]]),
        "2 actions",
    );
    refused(&eq, &labels, "payoffs", serde_json::json!([1.0]), "payoffs");
    // A 1e400 in JSON reads as infinity.
    let text = eq
        .to_json()
        .unwrap()
        .replace("\"regret\":0.0", "\"regret\":1e400");
    let err = Equilibrium::from_json(&text).and_then(|e| e.validate(&labels).map(|_| e));
    assert!(err.is_err(), "an infinite regret was accepted");
    // Labels that do not fit are refused too.
    let bad = Labels {
        players: vec!["A".into(), "A".into()],
        actions: labels.actions.clone(),
    };
    assert!(
        eq.validate(&bad)
            .unwrap_err()
            .to_string()
            .contains("repeats")
    );
}

#[test]
fn forged_commitments_qre_and_correlated_are_refused() {
    let g = chicken();
    let labels = Labels::of(&g);
    let c: Commitment = solve::commitment(&g, 0).unwrap();
    refused(&c, &labels, "follower_action", 99.into(), "follower_action");
    refused(&c, &labels, "leader", 2.into(), "leader");
    refused(
        &c,
        &labels,
        "leader_strategy",
        serde_json::json!([2.0, -1.0]),
        "[0, 1]",
    );
    let q: LogitQre = solve::logit_qre(&g, &[0.0, 1.0]).unwrap();
    refused(&q, &labels, "lambdas", serde_json::json!([]), "lambdas");
    refused(
        &q,
        &labels,
        "lambdas",
        serde_json::json!([2.0, 1.0]),
        "non-decreasing",
    );
    refused(
        &q,
        &labels,
        "regret",
        serde_json::json!([0.0, -1.0]),
        "regret",
    );
    let ce: CorrelatedEquilibrium =
        solve::correlated(&g, &CorrelatedObjective::Welfare, false).unwrap();
    let mut forged = ce.clone();
    forged.distribution = ndarray::ArrayD::from_elem(vec![2, 3], 1.0 / 6.0);
    assert!(
        forged
            .validate(&labels)
            .unwrap_err()
            .to_string()
            .contains("shape")
    );
    refused(&ce, &labels, "regret", (-1.0).into(), "regret");
}

#[test]
fn all_equilibria_with_indices_out_of_range_are_refused() {
    let g = chicken();
    let labels = Labels::of(&g);
    let all: AllEquilibria = solve::enumerate_all(&g, EnumerateOptions::default()).unwrap();
    let mut forged = all.clone();
    forged.components[0].equilibria.push(99);
    assert!(
        forged
            .validate(&labels)
            .unwrap_err()
            .to_string()
            .contains("99")
    );
    let mut forged = all.clone();
    forged.vertex_pairs[0] = (7, 0);
    assert!(forged.validate(&labels).is_err());
    let mut forged = all.clone();
    forged.vertex_pairs.pop();
    assert!(forged.validate(&labels).is_err());
    let mut forged = all;
    if let Some(exact) = forged.exact.as_mut() {
        // Probabilities 2 and 0: no longer summing to 1.
        exact[0].strategies[0][0] = solve::BigRational::from_integer(2.into());
    }
    assert!(forged.validate(&labels).is_err());
}

#[test]
fn forged_runs_are_refused() {
    let g = chicken();
    let labels = Labels::of(&g);
    let run = dynamics::best_response(
        &g,
        &Starts::Random { count: 1, seed: 3 },
        &BestResponseOptions::default(),
    )
    .unwrap()
    .remove(0);
    let mut forged = run.clone();
    forged.cycle = Some(vec![vec![0, 9]]);
    assert!(
        forged
            .validate(&labels)
            .unwrap_err()
            .to_string()
            .contains("cycle")
    );
    let mut forged = run;
    forged.regret = f64::NAN;
    assert!(forged.validate(&labels).is_err());
}

#[test]
fn repeated_player_names_are_refused() {
    let err = chicken().with_players(["Ann", "Ann"]).unwrap_err();
    assert!(matches!(err, Error::InvalidGame(_)));
    assert!(err.to_string().contains("distinct"), "{err}");
    // Through JSON as well.
    let text = chicken().to_json().unwrap().replace("\"P2\"", "\"P1\"");
    assert!(Game::from_json(&text).is_err());
    // Gambit files may repeat names: they are made distinct.
    let g = read_nfg("NFG 1 R \"t\" { \"A\" \"A\" \"\" \"\" } { 1 1 1 1 } 0 0 0 0").unwrap();
    assert_eq!(g.players(), ["A", "A~2", "", "P4"]);
}

#[test]
fn gambit_files_with_a_bom_or_in_latin1_are_read() {
    let text =
        "NFG 1 R \"Fran\u{e7}ois\" { \"R\u{e9}my\" \"Zo\u{eb}\" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n";
    let expected = read_nfg(text).unwrap();
    let dir = std::env::temp_dir().join(format!("detente-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bom = dir.join("bom.nfg");
    std::fs::write(&bom, [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()).unwrap();
    assert_eq!(read_nfg_path(&bom).unwrap(), expected);
    let latin1: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    assert!(std::str::from_utf8(&latin1).is_err());
    let path = dir.join("latin1.nfg");
    std::fs::write(&path, &latin1).unwrap();
    let g = read_nfg_path(&path).unwrap();
    assert_eq!(g, expected);
    assert_eq!(g.title(), "François");
    assert_eq!(read_nfg(&format!("\u{feff}{text}")).unwrap(), expected);
    assert_eq!(decode_nfg(&latin1), text);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn payoffs_too_large_to_add_name_the_payoff_scale() {
    let g = Game::from_bimatrix(
        array![[1e308, -1e308], [0.0, 1.0]].view(),
        array![[1.0, 0.0], [-1e308, 1e308]].view(),
    )
    .unwrap();
    let errors = [
        solve::correlated(&g, &CorrelatedObjective::Welfare, false).unwrap_err(),
        solve::logit_qre(&g, &[1.0]).unwrap_err(),
        solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default()).unwrap_err(),
        dynamics::replicator(
            &g,
            &Starts::Random { count: 2, seed: 0 },
            &ReplicatorOptions::default(),
        )
        .unwrap_err(),
    ];
    for err in errors {
        assert!(matches!(err, Error::InvalidGame(_)), "{err:?}");
        assert!(err.to_string().contains("payoff scale"), "{err}");
        assert!(!err.to_string().contains("reduce dt"), "{err}");
        assert!(!err.to_string().contains("max_steps"), "{err}");
    }
    // Large but addable payoffs are fine.
    let ok = Game::zero_sum(array![[1e300, -1e300], [-1e300, 1e300]].view()).unwrap();
    assert!(solve::correlated(&ok, &CorrelatedObjective::Welfare, false).is_ok());
}

#[test]
fn lemke_howson_names_the_python_argument() {
    let g =
        read_nfg(&std::fs::read_to_string("tests/data/nfg/vonstengel1999_6x6_75eq.nfg").unwrap())
            .unwrap();
    let options = LemkeHowsonOptions {
        max_pivots: Some(1),
        ..Default::default()
    };
    let err = solve::lemke_howson(&g, 0, options).unwrap_err().to_string();
    assert!(err.contains("raise max_pivots"), "{err}");
    assert!(!err.contains("LemkeHowsonOptions"), "{err}");
}

#[test]
fn too_many_runs_are_refused_before_allocating() {
    let err = dynamics::best_response(
        &chicken(),
        &Starts::Random {
            count: 1_000_000_000,
            seed: 0,
        },
        &BestResponseOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert!(err.to_string().contains("starts"), "{err}");
}

#[test]
fn support_enumeration_streams_its_support_profiles() {
    // 9 × 9 × 9 has 511³ ≈ 1.3·10⁸ support profiles: listing them up front took gigabytes.
    // Streamed, the refusal and the count are exact and nothing is allocated up front.
    let g = Game::from_fn(&[9, 9, 9], |s, i| (s[i] * 7 + s[(i + 1) % 3] * 3) as f64).unwrap();
    let err = solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default());
    assert!(err.unwrap_err().to_string().contains("133432831"));
    // With the cap raised as the message advises, the search starts at once (no list of
    // 1.3·10⁸ profiles) and stops when asked.
    let token = detente::interrupt::StopToken::new();
    let stopper = {
        let token = token.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(500));
            token.stop();
        })
    };
    let options = SupportEnumerationOptions {
        max_profiles: usize::MAX,
        starts: 1,
        ..Default::default()
    };
    let result =
        detente::interrupt::with_token(&token, || solve::support_enumeration(&g, 1e-9, options));
    stopper.join().unwrap();
    assert_eq!(result.unwrap_err(), Error::Interrupted);
    // A small game gives the same equilibria as before (battle of the sexes).
    let bos = Game::from_bimatrix(
        array![[2.0, 0.0], [0.0, 1.0]].view(),
        array![[1.0, 0.0], [0.0, 2.0]].view(),
    )
    .unwrap();
    let eqs = solve::support_enumeration(&bos, 1e-9, SupportEnumerationOptions::default()).unwrap();
    assert_eq!(eqs.len(), 3);
}

/// Labels that do not fit each other (fewer action lists than players) are refused by
/// `Validate::validate` itself, before any result indexes them; found by mutating the JSON
/// of every Python class (`tests/python/test_json_fuzz.py`): `Minmax` panicked.
#[test]
fn results_with_inconsistent_labels_are_refused_not_a_panic() {
    let g = chicken();
    let minmax = detente::repeated::RepeatedGame::new(g.clone(), 0.9)
        .unwrap()
        .minmax(detente::repeated::MinmaxKind::Mixed)
        .unwrap();
    let mut labels = Labels::of(&g);
    minmax.validate(&labels).unwrap();
    labels.actions.pop();
    let err = minmax.validate(&labels).unwrap_err();
    assert!(err.to_string().contains("actions"), "{err}");
    labels.actions.clear();
    assert!(minmax.validate(&labels).is_err());
}

/// A least core whose exact allocation has the wrong length is refused (its Python getter
/// indexed it).
#[test]
fn least_core_with_a_short_exact_allocation_is_refused() {
    let tu = detente::coalition::TUGame::new(vec![0.0, 0.0, 0.0, 1.0]).unwrap();
    let lc = tu.least_core().unwrap();
    let labels = Labels {
        players: vec!["P1".into(), "P2".into()],
        actions: vec![vec!["in".into()], vec!["in".into()]],
    };
    lc.validate(&labels).unwrap();
    let mut short = serde_json::to_value(&lc).unwrap()["allocation_exact"].clone();
    short.as_array_mut().unwrap().pop();
    refused(&lc, &labels, "allocation_exact", short, "allocation_exact");
}

/// A voting rule that joins no rules (from JSON or built by hand) is an error naming the
/// join, not an index out of range.
#[test]
fn voting_rule_without_leaves_is_an_error() {
    use detente::coalition::voting::{Rule, VotingGame};
    let err = VotingGame::new(Rule::AllOf(vec![])).unwrap_err();
    assert!(err.to_string().contains("joins no rules"), "{err}");
    let err = VotingGame::new(Rule::AnyOf(vec![Rule::AllOf(vec![])])).unwrap_err();
    assert!(err.to_string().contains("rule[0]"), "{err}");
}
