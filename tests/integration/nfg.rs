//! Gambit `.nfg` reading and writing, against Gambit's own game files (tests/data/nfg).

use std::collections::HashSet;

use detente::io::{read_nfg, read_nfg_path};
use detente::{Error, Game};
use proptest::prelude::*;

use crate::common::{data_dir, nfg, nfg_names};

/// Every test file with the shape its name or title announces.
const SHAPES: &[(&str, &[usize])] = &[
    ("2x2.nfg", &[2, 2]),
    ("2x2_all_zero_duplicate_labels.nfg", &[2, 2]),
    ("2x2x2.nfg", &[2, 2, 2]),
    ("2x2x2_local_max_cut.nfg", &[2, 2, 2]),
    ("2x2x2x2.nfg", &[2, 2, 2, 2]),
    ("2x2x2x2x2.nfg", &[2, 2, 2, 2, 2]),
    ("3x3x3.nfg", &[3, 3, 3]),
    ("5x4x3.nfg", &[5, 4, 3]),
    ("8x2x2.nfg", &[8, 2, 2]),
    ("8x8.nfg", &[8, 8]),
    ("const_sum_game.nfg", &[2, 2]),
    ("coord2.nfg", &[2, 2]),
    ("coord333.nfg", &[3, 3, 3]),
    ("coord4.nfg", &[4, 4]),
    ("coordination_4x4_outcome.nfg", &[4, 4]),
    ("coordination_4x4_payoff.nfg", &[4, 4]),
    ("csg2.nfg", &[4, 4]),
    ("deg1.nfg", &[3, 3]),
    ("deg2.nfg", &[3, 3]),
    ("e04.nfg", &[3, 2]),
    ("e07.nfg", &[4, 4]),
    ("g2.nfg", &[3, 3, 3]),
    ("g3.nfg", &[2, 2, 2, 2]),
    ("mixdom.nfg", &[4, 4]),
    ("mixed_strategy.nfg", &[3, 2]),
    ("nau2004_sec4.nfg", &[2, 2, 2]),
    ("nau2004_sec5.nfg", &[2, 2, 2]),
    ("nau2004_sec6.nfg", &[2, 2, 4]),
    ("oneill.nfg", &[4, 4]),
    ("pd.nfg", &[2, 2]),
    ("perfect3.nfg", &[3, 3, 1]),
    ("sh3.nfg", &[3, 3]),
    ("shapley1974_fig3.nfg", &[3, 3]),
    ("sww1.nfg", &[2, 2]),
    ("todd3.nfg", &[7, 4]),
    ("vd.nfg", &[4, 4]),
    ("vonstengel1999_6x6_75eq.nfg", &[6, 6]),
    ("winkels.nfg", &[6, 2]),
    ("yamamoto.nfg", &[3, 3]),
    ("zero.nfg", &[2, 2]),
];

#[test]
fn every_file_loads_with_its_announced_shape() {
    let on_disk: HashSet<String> = nfg_names().into_iter().collect();
    let listed: HashSet<String> = SHAPES.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "SHAPES must list every file in tests/data/nfg"
    );
    assert_eq!(on_disk.len(), 40);
    for (name, shape) in SHAPES {
        let g = nfg(name);
        assert_eq!(g.shape(), *shape, "{name}");
        assert_eq!(g.num_players(), shape.len(), "{name}");
        assert_eq!(g.players().len(), shape.len(), "{name}");
    }
}

#[test]
fn every_file_round_trips() {
    for (name, _) in SHAPES {
        let g = nfg(name);
        let text = g.to_nfg();
        assert_eq!(read_nfg(&text).unwrap(), g, "{name}:\n{text}");
    }
}

#[test]
fn prisoners_dilemma_outcome_variant() {
    let g = nfg("pd.nfg");
    assert_eq!(g.title(), "Two person Prisoner's Dilemma game");
    assert_eq!(g.players(), ["Player 1", "Player 2"]);
    assert_eq!(g.actions(), [vec!["1", "2"], vec!["1", "2"]]);
    // Outcomes 1..4 listed for the profiles (1,1), (2,1), (1,2), (2,2).
    assert_eq!(g.pure_payoffs(&[0, 0]), [9.0, 9.0]);
    assert_eq!(g.pure_payoffs(&[1, 0]), [10.0, 0.0]);
    assert_eq!(g.pure_payoffs(&[0, 1]), [0.0, 10.0]);
    assert_eq!(g.pure_payoffs(&[1, 1]), [1.0, 1.0]);
}

#[test]
fn two_by_two_outcome_variant() {
    let g = nfg("2x2.nfg");
    assert_eq!(g.pure_payoffs(&[0, 0]), [2.0, 0.0]);
    assert_eq!(g.pure_payoffs(&[1, 0]), [0.0, 1.0]);
    assert_eq!(g.pure_payoffs(&[0, 1]), [0.0, 1.0]);
    assert_eq!(g.pure_payoffs(&[1, 1]), [1.0, 0.0]);
}

#[test]
fn legacy_header_with_strategy_counts() {
    // NFG 1 D ... { 3 2 } then 0 0 | -1 2 | -2 -2 | 0 0 | -1 0 | 3 -1.
    let g = nfg("e04.nfg");
    assert_eq!(
        g.title(),
        "Kreps-Wilson (Econometrica, 85), Figures 1,4,9,14, normal form"
    );
    assert_eq!(g.actions(), [vec!["a1", "a2", "a3"], vec!["a1", "a2"]]);
    let expected = [
        ([0, 0], [0.0, 0.0]),
        ([1, 0], [-1.0, 2.0]),
        ([2, 0], [-2.0, -2.0]),
        ([0, 1], [0.0, 0.0]),
        ([1, 1], [-1.0, 0.0]),
        ([2, 1], [3.0, -1.0]),
    ];
    for (profile, payoffs) in expected {
        assert_eq!(g.pure_payoffs(&profile), payoffs, "{profile:?}");
    }
}

#[test]
fn rational_payoffs() {
    // 1 1 | 1 0 | 3 -2 | 3 4 | 5/2 -1 | 5/2 6 | 3 2 | 3 -1 | 1 2 | 1 -1 | 5/2 6 | 5/2 -1
    let g = nfg("winkels.nfg");
    assert_eq!(g.pure_payoffs(&[3, 0]), [3.0, 4.0]);
    assert_eq!(g.pure_payoffs(&[4, 0]), [2.5, -1.0]);
    assert_eq!(g.pure_payoffs(&[5, 0]), [2.5, 6.0]);
    assert_eq!(g.pure_payoffs(&[0, 1]), [3.0, 2.0]);
    assert_eq!(g.pure_payoffs(&[4, 1]), [2.5, 6.0]);
    assert_eq!(g.pure_payoffs(&[5, 1]), [2.5, -1.0]);
    // todd3's outcome 5 is { "" 2/7, 0 } at profile (5, 1).
    let g = nfg("todd3.nfg");
    assert_eq!(g.pure_payoffs(&[4, 0]), [2.0 / 7.0, 0.0]);
    assert_eq!(g.pure_payoffs(&[6, 3]), [7.0 / 19.0, 1.0]);
}

#[test]
fn outcome_and_payoff_versions_agree() {
    let outcome = nfg("coordination_4x4_outcome.nfg");
    let payoff = nfg("coordination_4x4_payoff.nfg");
    assert_eq!(outcome.payoffs(), payoff.payoffs());
    assert_eq!(outcome.actions()[1], ["2-1", "2-2", "2-3", "2-4"]);
    for a in 0..4 {
        for b in 0..4 {
            let x = f64::from(u8::from(a == b));
            assert_eq!(payoff.pure_payoffs(&[a, b]), [x, x]);
        }
    }
}

#[test]
fn three_players_list_player_one_fastest() {
    // Payoff variant; the file's comment spells out every profile ("b a a: 1 2 -1", …).
    let g = nfg("2x2x2_local_max_cut.nfg");
    let expected = [
        ([0, 0, 0], [0.0, 0.0, 0.0]),
        ([1, 0, 0], [1.0, 2.0, -1.0]),
        ([0, 1, 0], [2.0, 4.0, 2.0]),
        ([1, 1, 0], [-1.0, 2.0, 1.0]),
        ([0, 0, 1], [-1.0, 2.0, 1.0]),
        ([1, 0, 1], [2.0, 4.0, 2.0]),
        ([0, 1, 1], [1.0, 2.0, -1.0]),
        ([1, 1, 1], [0.0, 0.0, 0.0]),
    ];
    for (profile, payoffs) in expected {
        assert_eq!(g.pure_payoffs(&profile), payoffs, "{profile:?}");
    }
    // Outcome variant with indices 1..60 in order: profile (a, b, c) gets outcome
    // 1 + a + 5b + 20c.
    let g = nfg("5x4x3.nfg");
    assert_eq!(g.pure_payoffs(&[1, 0, 0]), [1.358, 2.234, 2.238]); // outcome 2
    assert_eq!(g.pure_payoffs(&[0, 1, 0]), [1.436, 4.864, 5.267]); // outcome 6
    assert_eq!(g.pure_payoffs(&[0, 0, 1]), [2.429, 2.326, 2.422]); // outcome 21
    // perfect3 names each outcome after its profile and lists the indices 1 4 7 2 5 8 3 6 9.
    let g = nfg("perfect3.nfg");
    assert_eq!(g.pure_payoffs(&[1, 0, 0]), [2.0, 1.0, 1.0]); // "211"
    assert_eq!(g.pure_payoffs(&[0, 1, 0]), [0.0, 0.0, 1.0]); // "121"
    assert_eq!(g.pure_payoffs(&[2, 2, 0]), [4.0, 0.0, 1.0]); // "331"
    // coord333: the outcome named "ijk" sits at profile (i-1, j-1, k-1).
    let g = nfg("coord333.nfg");
    for a in 0..3 {
        for b in 0..3 {
            for c in 0..3 {
                let x = f64::from(u8::from(a == b && b == c));
                assert_eq!(g.pure_payoffs(&[a, b, c]), [x, x, x], "{a}{b}{c}");
            }
        }
    }
}

#[test]
fn duplicate_and_empty_labels_are_renamed() {
    let g = nfg("2x2_all_zero_duplicate_labels.nfg");
    assert_eq!(g.players(), ["Joe", "Dan"]);
    assert_eq!(
        g.actions(),
        [vec!["cooperate", "defect"], vec!["defect", "defect~2"]]
    );
    let g = read_nfg(r#"NFG 1 R "" { "A" "" } { { "" "x" "" } { "y" "y" "y" } } 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"#)
        .unwrap();
    assert_eq!(g.players(), ["A", ""]);
    assert_eq!(
        g.actions(),
        [vec!["a1", "x", "a3"], vec!["y", "y~2", "y~3"]]
    );
}

#[test]
fn names_titles_and_comments() {
    let g = nfg("sww1.nfg");
    // Repeated player names are made distinct (see read_nfg).
    assert_eq!(g.players(), ["", "P2"]);
    assert_eq!(nfg("mixed_strategy.nfg").title(), "");
    let g = read_nfg(
        "NFG 1 R \"a \\\"quoted\\\" \\\\ title\" { \"P\\\\1\" }\n{ 1 }\n\"multi\nline\" 7",
    )
    .unwrap();
    assert_eq!(g.title(), r#"a "quoted" \ title"#);
    assert_eq!(g.players(), [r"P\1"]);
    assert_eq!(g.pure_payoffs(&[0]), [7.0]);
}

#[test]
fn number_forms() {
    let g = read_nfg("NFG 1 R \"\" { \"A\" } { 7 } -1.000000 .5 1e-3 5/2 -7/38 +3 2.5E2").unwrap();
    let got: Vec<f64> = (0..7).map(|a| g.pure_payoffs(&[a])[0]).collect();
    assert_eq!(got, [-1.0, 0.5, 1e-3, 2.5, -7.0 / 38.0, 3.0, 250.0]);
    // Outcome payoffs may be separated by commas, whitespace or both.
    let g = read_nfg("NFG 1 R \"\" { \"A\" \"B\" } { 1 1 } { { \"o\" 1 ,2 } } 1").unwrap();
    assert_eq!(g.pure_payoffs(&[0, 0]), [1.0, 2.0]);
}

#[test]
fn null_outcome_is_all_zero() {
    let g = read_nfg("NFG 1 R \"\" { \"A\" \"B\" } { 2 1 } { { \"o\" 4, 5 } } 0 1").unwrap();
    assert_eq!(g.pure_payoffs(&[0, 0]), [0.0, 0.0]);
    assert_eq!(g.pure_payoffs(&[1, 0]), [4.0, 5.0]);
}

#[test]
fn written_text_matches_gambit_layout() {
    let g = nfg("pd.nfg")
        .with_title("PD")
        .with_players(["R", "C"])
        .unwrap();
    let expected = "NFG 1 R \"PD\" { \"R\" \"C\" }\n\n{ { \"1\" \"2\" }\n { \"1\" \"2\" }\n}\n\"\"\n\n\
                    9 9\n10 0\n0 10\n1 1\n";
    assert_eq!(g.to_nfg(), expected);
}

/// Parses `text`, expecting an error at `line`:`column` whose message contains `needle`.
#[track_caller]
fn assert_error(text: &str, line: usize, column: usize, needle: &str) {
    match read_nfg(text) {
        Err(Error::NfgParse {
            line: l,
            column: c,
            message,
        }) => {
            assert_eq!((l, c), (line, column), "position for {text:?}: {message}");
            assert!(
                message.contains(needle),
                "{message:?} should contain {needle:?}"
            );
        }
        other => panic!("{text:?} gave {other:?}"),
    }
}

const HEAD: &str = "NFG 1 R \"t\" { \"A\" \"B\" }";

#[test]
fn malformed_files_point_at_the_offending_token() {
    assert_error("", 1, 1, "expected `NFG`");
    assert_error("EFG 2 R", 1, 1, "found `EFG`");
    assert_error("NFG 2 R", 1, 5, "version `1`");
    assert_error("NFG 1 X", 1, 7, "`R`");
    // Truncated after the players.
    assert_error(HEAD, 1, 24, "found end of file");
    // Truncated payoff list: 3 of the 8 payoffs.
    assert_error(
        &format!("{HEAD} {{ 2 2 }}\n1 2 3"),
        2,
        6,
        "expected payoff 4 of 8",
    );
    // One payoff too many.
    assert_error(
        &format!("{HEAD} {{ 1 1 }}\n1 2 3"),
        2,
        5,
        "expected end of file",
    );
    // Bad numbers.
    assert_error(&format!("{HEAD} {{ 1 1 }}\n1 x"), 2, 3, "found `x`");
    assert_error(
        &format!("{HEAD} {{ 1 1 }}\n1 1.2.3"),
        2,
        3,
        "expected a number",
    );
    assert_error(&format!("{HEAD} {{ 1 1 }}\n1 7/0"), 2, 3, "divides by zero");
    assert_error(&format!("{HEAD} {{ 1 1 }}\nNaN 1"), 2, 1, "finite");
    assert_error(&format!("{HEAD} {{ 1 1 }}\n1 -inf"), 2, 3, "finite");
    assert_error(&format!("{HEAD} {{ 1 1 }}\n1 1e400"), 2, 3, "out of range");
    // Unterminated strings, pointing at the opening quote.
    assert_error(
        "NFG 1 R \"t\" { \"A\" \"B }\n{ 2 2 }",
        1,
        19,
        "unterminated string",
    );
    assert_error(
        &format!("{HEAD}\n{{ {{ \"x\" }} {{ \"y"),
        2,
        13,
        "unterminated",
    );
    // Strategy counts.
    assert_error(
        &format!("{HEAD} {{ 2 -1 }}"),
        1,
        29,
        "(a positive integer), found `-1`",
    );
    assert_error(&format!("{HEAD} {{ 0 2 }}"), 1, 27, "at least one strategy");
    assert_error(
        &format!("{HEAD} {{ 2 }}"),
        1,
        29,
        "strategy count of player 2",
    );
    assert_error(&format!("{HEAD} {{ 2 2 2 }}"), 1, 31, "expected `}`");
    assert_error(&format!("{HEAD} {{ }}"), 1, 27, "found `}`");
    // Strategy labels.
    assert_error(
        &format!("{HEAD} {{ {{ \"x\" }} }}"),
        1,
        35,
        "player 2 (of 2)",
    );
    assert_error(
        &format!("{HEAD} {{ {{ \"x\" }} {{ }} }}"),
        1,
        37,
        "label of player 2",
    );
    assert_error(
        &format!("{HEAD} {{ {{ \"x\" }} {{ 3 }} }}"),
        1,
        37,
        "found `3`",
    );
    // No players.
    assert_error("NFG 1 R \"t\" { } { }", 1, 15, "at least one player");
}

#[test]
fn malformed_outcomes() {
    let two = format!("{HEAD} {{ 2 1 }}\n");
    // Unknown outcome index (two outcomes defined).
    assert_error(
        &format!("{two}{{ {{ \"\" 1, 2 }} {{ \"\" 3, 4 }} }}\n1 3"),
        3,
        3,
        "unknown outcome `3`: the file defines 2 outcome(s)",
    );
    assert_error(
        &format!("{two}{{ {{ \"\" 1, 2 }} }}\n1 -1"),
        3,
        3,
        "expected outcome index 2",
    );
    // Too few and too many payoffs in an outcome.
    assert_error(
        &format!("{two}{{ {{ \"\" 1 }} }}\n1 1"),
        2,
        10,
        "payoff 2 of 2 in outcome 1",
    );
    assert_error(
        &format!("{two}{{ {{ \"\" 1 2 3 }} }}\n1 1"),
        2,
        12,
        "expected `}` closing outcome 1",
    );
    // A comma must follow a payoff.
    assert_error(
        &format!("{two}{{ {{ \"\" , 1 2 }} }}\n1 1"),
        2,
        8,
        "found `,`",
    );
    // Missing outcome name.
    assert_error(
        &format!("{two}{{ {{ 1 2 }} }}\n1 1"),
        2,
        5,
        "name of outcome 1",
    );
    // Truncated index list.
    assert_error(
        &format!("{two}{{ {{ \"\" 1 2 }} }}\n1"),
        3,
        2,
        "found end of file",
    );
    // Indices after the list.
    assert_error(
        &format!("{two}{{ {{ \"\" 1 2 }} }}\n1 1 1"),
        3,
        5,
        "expected end of file",
    );
}

#[test]
fn huge_shapes_are_refused_before_allocating() {
    let text = format!("{HEAD} {{ 100000 100000 }}");
    assert_error(&text, 1, 25, "GiB");
    assert_error(
        "NFG 1 R \"t\" { \"A\" \"B\" \"C\" } { 100000 100000 100000 } 1 2 3",
        1,
        29,
        "GiB",
    );
    assert_error(
        &format!("{HEAD} {{ 18446744073709551615 18446744073709551615 }}"),
        1,
        25,
        "GiB",
    );
    assert_error(
        &format!("{HEAD} {{ 99999999999999999999 1 }}"),
        1,
        27,
        "too large",
    );
}

#[test]
fn file_errors() {
    let missing = data_dir().join("no-such-game.nfg");
    match read_nfg_path(&missing) {
        Err(Error::Io {
            path,
            kind,
            message,
        }) => {
            assert_eq!(kind, std::io::ErrorKind::NotFound);
            assert_eq!(path, missing.display().to_string());
            assert!(!message.is_empty());
        }
        other => panic!("{other:?}"),
    }
    let err = read_nfg_path(&missing).unwrap_err().to_string();
    assert!(err.contains("no-such-game.nfg"), "{err}");
    let g = nfg("pd.nfg");
    let err = g
        .write_nfg(data_dir().join("no-such-dir/pd.nfg"))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Io {
                kind: std::io::ErrorKind::NotFound,
                ..
            }
        ),
        "{err:?}"
    );
}

/// A random game: 1-3 players with 1-3 actions each, any finite payoffs, and arbitrary
/// (non-empty, unique) labels, (unique) names and titles with quotes, backslashes and line breaks.
fn arb_game() -> impl Strategy<Value = Game> {
    let payoff = prop_oneof![
        (-100i32..100).prop_map(f64::from),
        prop::num::f64::POSITIVE
            | prop::num::f64::NEGATIVE
            | prop::num::f64::NORMAL
            | prop::num::f64::SUBNORMAL
            | prop::num::f64::ZERO,
    ];
    let text = "(?s)[a-z \"\\\\{}~,\n\t é]{0,10}";
    prop::collection::vec(1usize..=3, 1..=3)
        .prop_flat_map(move |shape| {
            let n = shape.len();
            let profiles: usize = shape.iter().product();
            let labels: Vec<_> = shape
                .iter()
                .map(|&k| prop::collection::vec(text, k))
                .collect();
            (
                Just(shape),
                prop::collection::vec(payoff.clone(), profiles * n),
                prop::collection::vec(text, n),
                labels,
                text,
            )
        })
        .prop_map(|(shape, payoffs, players, labels, title)| {
            let mut next = payoffs.into_iter();
            Game::from_fn(&shape, |_, _| next.next().unwrap_or_default())
                .unwrap()
                .with_players(make_unique(players))
                .unwrap()
                .with_actions(labels.into_iter().map(make_unique).collect())
                .unwrap()
                .with_title(title)
        })
}

/// Non-empty, unique labels: prefixes with `#` until each is new.
fn make_unique(labels: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    labels
        .into_iter()
        .map(|mut label| {
            while label.is_empty() || !seen.insert(label.clone()) {
                label.insert(0, '#');
            }
            label
        })
        .collect()
}

proptest! {
    #[test]
    fn random_games_round_trip(g in arb_game()) {
        let text = g.to_nfg();
        prop_assert_eq!(read_nfg(&text).unwrap(), g, "{}", text);
    }
}
