//! Dominance and iterated elimination: hand-derived games, then properties of random games
//! checked against brute-force routines written here, independent of the library's LP.

use std::collections::BTreeSet;

use detente::solve::{self, DominanceOptions, Elimination, Reduction, dominance, dominated};
use detente::{Error, Game};
use ndarray::{ArrayD, IxDyn, array};
use proptest::prelude::*;

const STRICT_MIXED: DominanceOptions = DominanceOptions {
    strict: true,
    mixed: true,
};
const STRICT_PURE: DominanceOptions = DominanceOptions {
    strict: true,
    mixed: false,
};
const WEAK_MIXED: DominanceOptions = DominanceOptions {
    strict: false,
    mixed: true,
};
const WEAK_PURE: DominanceOptions = DominanceOptions {
    strict: false,
    mixed: false,
};
const ALL_OPTIONS: [DominanceOptions; 4] = [STRICT_MIXED, STRICT_PURE, WEAK_MIXED, WEAK_PURE];

/// Threshold of the brute-force checks; far below any margin integer payoffs can produce.
const EPS: f64 = 1e-9;

// ---------------------------------------------------------------------------------------------
// Brute force, independent of the library: full profiles through `Game::pure_payoffs`.

/// Every pure profile of the subgame `kept` with `player`'s slot set to 0.
fn opponent_profiles(kept: &[Vec<usize>], player: usize) -> Vec<Vec<usize>> {
    let mut out = vec![vec![0; kept.len()]];
    for (j, k) in kept.iter().enumerate() {
        if j == player {
            continue;
        }
        out = out
            .into_iter()
            .flat_map(|p| {
                k.iter().map(move |&a| {
                    let mut q = p.clone();
                    q[j] = a;
                    q
                })
            })
            .collect();
    }
    out
}

fn payoff(game: &Game, profile: &[usize], player: usize, action: usize) -> f64 {
    let mut p = profile.to_vec();
    p[player] = action;
    game.pure_payoffs(&p)[player]
}

/// Margins `Σ_b σ_b u(b, s) − u(a, s)` over the opponent profiles of the subgame `kept`.
fn margins(game: &Game, kept: &[Vec<usize>], player: usize, a: usize, sigma: &[f64]) -> Vec<f64> {
    opponent_profiles(kept, player)
        .iter()
        .map(|s| {
            let mix: f64 = (0..sigma.len())
                .filter(|&b| sigma[b] != 0.0)
                .map(|b| sigma[b] * payoff(game, s, player, b))
                .sum();
            mix - payoff(game, s, player, a)
        })
        .collect()
}

fn dominates(m: &[f64], strict: bool) -> bool {
    if strict {
        m.iter().all(|&x| x > 0.0)
    } else {
        m.iter().all(|&x| x >= -EPS) && m.iter().any(|&x| x > 0.0)
    }
}

/// Asserts that `e` is a genuine dominance in the subgame `kept`.
fn check_elimination(game: &Game, kept: &[Vec<usize>], e: &Elimination, strict: bool) {
    let i = e.player;
    let sigma = &e.dominator;
    assert!(
        kept[i].contains(&e.action),
        "{e:?} removes an absent action"
    );
    assert_eq!(sigma.len(), game.shape()[i], "{e:?}");
    assert!(sigma.iter().all(|&p| p >= 0.0), "{e:?}");
    assert!((sigma.iter().sum::<f64>() - 1.0).abs() < EPS, "{e:?}");
    assert_eq!(sigma[e.action], 0.0, "{e:?} uses the dominated action");
    for (b, &p) in sigma.iter().enumerate() {
        assert!(
            p == 0.0 || kept[i].contains(&b),
            "{e:?} uses removed action {b}"
        );
    }
    let m = margins(game, kept, i, e.action, sigma);
    assert!(
        dominates(&m, strict),
        "{e:?} does not dominate: margins {m:?}"
    );
    assert_eq!(
        e.is_pure_dominator(),
        sigma.iter().filter(|&&p| p != 0.0).count() == 1
    );
}

/// Replays a reduction round by round, checking every dominator against the subgame of its
/// round, and that the kept sets and reduced game follow.
fn replay(game: &Game, r: &Reduction, options: DominanceOptions) {
    let mut kept: Vec<Vec<usize>> = game.shape().iter().map(|&n| (0..n).collect()).collect();
    let mut rest = r.eliminated.as_slice();
    let mut round = 0;
    while let Some(first) = rest.first() {
        assert_eq!(first.round, round, "rounds must count up from 0");
        let len = rest.iter().take_while(|e| e.round == round).count();
        let (group, tail) = rest.split_at(len);
        assert!(group.iter().all(|e| e.player == first.player));
        assert!(
            options.strict || group.len() == 1,
            "weak removes one action per round"
        );
        assert!(
            group.windows(2).all(|w| w[0].action < w[1].action),
            "{group:?}"
        );
        for e in group {
            check_elimination(game, &kept, e, options.strict);
        }
        kept[first.player].retain(|a| !group.iter().any(|e| e.action == *a));
        assert!(!kept[first.player].is_empty());
        rest = tail;
        round += 1;
    }
    assert_eq!(kept, r.kept);
    assert_eq!(r.game, game.restrict(&kept).unwrap());
}

/// The actions of `player` dominated in the subgame `kept`, by brute force, if it can be
/// decided exactly here: pure dominators for any number of actions; mixed ones for up to three
/// actions (a mix of two actions is a segment, solved exactly below).
fn brute_dominated(
    game: &Game,
    kept: &[Vec<usize>],
    player: usize,
    options: DominanceOptions,
) -> Option<BTreeSet<usize>> {
    let actions = &kept[player];
    if options.mixed && actions.len() > 3 {
        return None;
    }
    let n = game.shape()[player];
    let unit = |b: usize| {
        let mut v = vec![0.0; n];
        v[b] = 1.0;
        v
    };
    let mut out = BTreeSet::new();
    for &a in actions {
        let others: Vec<usize> = actions.iter().copied().filter(|&b| b != a).collect();
        let pure = others
            .iter()
            .any(|&b| dominates(&margins(game, kept, player, a, &unit(b)), options.strict));
        let mixed = options.mixed
            && others.len() == 2
            && segment_dominates(
                &margins(game, kept, player, a, &unit(others[0])),
                &margins(game, kept, player, a, &unit(others[1])),
                options.strict,
            );
        if pure || mixed {
            out.insert(a);
        }
    }
    Some(out)
}

/// Whether some `t ∈ [0, 1]` makes the margins `t x + (1 − t) y` dominate.
fn segment_dominates(x: &[f64], y: &[f64], strict: bool) -> bool {
    let at = |t: f64| -> Vec<f64> {
        x.iter()
            .zip(y)
            .map(|(a, b)| t * a + (1.0 - t) * b)
            .collect()
    };
    if strict {
        // max_t min_s m_s(t) is attained at an end or where two margins cross.
        let mut candidates = vec![0.0, 1.0];
        for s in 0..x.len() {
            for r in 0..s {
                let (ds, dr) = (x[s] - y[s], x[r] - y[r]);
                if ds != dr {
                    let t = (y[r] - y[s]) / (ds - dr);
                    if (0.0..=1.0).contains(&t) {
                        candidates.push(t);
                    }
                }
            }
        }
        candidates
            .into_iter()
            .any(|t| at(t).iter().all(|&m| m > EPS))
    } else {
        // {t : all margins >= 0} is an interval [lo, hi]; try its ends and middle.
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        for (a, b) in x.iter().zip(y) {
            let (c, d) = (*b, a - b); // margin = c + d t
            if d > 0.0 {
                lo = lo.max(-c / d);
            } else if d < 0.0 {
                hi = hi.min(-c / d);
            } else if c < 0.0 {
                return false;
            }
        }
        lo <= hi
            && [lo, hi, (lo + hi) / 2.0].into_iter().any(|t| {
                let m = at(t);
                m.iter().all(|&v| v >= -EPS) && m.iter().any(|&v| v > EPS)
            })
    }
}

fn pure_equilibria(game: &Game) -> BTreeSet<Vec<usize>> {
    solve::pure(game, 0.0)
        .unwrap()
        .iter()
        .map(|e| e.support().into_iter().map(|s| s[0]).collect())
        .collect()
}

fn actions_of(found: &[Elimination]) -> BTreeSet<usize> {
    found.iter().map(|e| e.action).collect()
}

fn all_kept(game: &Game) -> Vec<Vec<usize>> {
    game.shape().iter().map(|&n| (0..n).collect()).collect()
}

// ---------------------------------------------------------------------------------------------
// Hand-derived games.

fn prisoners_dilemma() -> Game {
    Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap()
    .with_actions(vec![vec!["C", "D"], vec!["C", "D"]])
    .unwrap()
}

#[test]
fn prisoners_dilemma_reduces_to_mutual_defection() {
    let g = prisoners_dilemma();
    for options in ALL_OPTIONS {
        let r = dominance(&g, options).unwrap();
        assert_eq!(r.kept, vec![vec![1], vec![1]], "{options:?}");
        assert_eq!(r.game.shape(), &[1, 1]);
        assert_eq!(r.game.pure_payoffs(&[0, 0]), &[1.0, 1.0]);
        assert_eq!(r.game.actions(), &[vec!["D"], vec!["D"]]);
        let steps: Vec<_> = r
            .eliminated
            .iter()
            .map(|e| (e.round, e.player, e.action, e.dominator.clone()))
            .collect();
        assert_eq!(
            steps,
            vec![(0, 0, 0, vec![0.0, 1.0]), (1, 1, 0, vec![0.0, 1.0])]
        );
        assert!(r.eliminated.iter().all(Elimination::is_pure_dominator));
        replay(&g, &r, options);
    }
}

#[test]
fn middle_row_is_dominated_only_by_a_mixture() {
    // Player 1's rows (3, 0), (1, 1), (0, 3): the 50/50 mix earns (1.5, 1.5) > (1, 1), while
    // neither pure row beats (1, 1) in both columns. Player 2 is indifferent everywhere.
    let a = array![[3.0, 0.0], [1.0, 1.0], [0.0, 3.0]];
    let g = Game::from_bimatrix(a.view(), ndarray::Array2::zeros((3, 2)).view()).unwrap();

    assert!(dominated(&g, 0, STRICT_PURE).unwrap().is_empty());
    let r = dominance(&g, STRICT_PURE).unwrap();
    assert_eq!(r.kept, vec![vec![0, 1, 2], vec![0, 1]]);
    assert!(r.eliminated.is_empty());
    assert_eq!(r.game, g);

    let found = dominated(&g, 0, STRICT_MIXED).unwrap();
    assert_eq!(found.len(), 1);
    let e = &found[0];
    assert_eq!((e.round, e.player, e.action), (0, 0, 1));
    assert!(!e.is_pure_dominator());
    // max_t min(3t - 1, 3(1 - t) - 1) is reached only at t = 1/2.
    assert!((e.dominator[0] - 0.5).abs() < 1e-6, "{e:?}");
    assert_eq!(e.dominator[1], 0.0);
    assert!((e.dominator[2] - 0.5).abs() < 1e-6, "{e:?}");

    let r = dominance(&g, STRICT_MIXED).unwrap();
    assert_eq!(r.kept, vec![vec![0, 2], vec![0, 1]]);
    assert_eq!(r.game.actions()[0], vec!["a1", "a3"]);
    replay(&g, &r, STRICT_MIXED);
    // Weakly too: the same mixture is strictly better.
    let r = dominance(&g, WEAK_MIXED).unwrap();
    assert_eq!(r.kept, vec![vec![0, 2], vec![0, 1]]);
    replay(&g, &r, WEAK_MIXED);
}

/// Gambit's `mixdom.nfg`, "Two person 4x4 game needing mixed domination", transcribed by hand:
/// the file lists payoff pairs with player 1's strategy varying fastest, and player 2 always
/// receives the negative of player 1.
fn mixdom() -> Game {
    let a = array![
        [6.0, 2.0, 1.0, 4.0],
        [7.0, 1.0, 2.0, 5.0],
        [5.0, 4.0, 6.0, 7.0],
        [1.0, 3.0, 7.0, 2.0],
    ];
    Game::zero_sum(a.view()).unwrap()
}

#[test]
fn gambit_mixdom_needs_mixed_domination() {
    let g = mixdom();
    // No action of either player is dominated by a pure strategy, strictly or weakly.
    for options in [STRICT_PURE, WEAK_PURE] {
        let r = dominance(&g, options).unwrap();
        assert!(r.eliminated.is_empty(), "{options:?}: {:?}", r.eliminated);
        assert_eq!(r.kept, all_kept(&g));
    }
    // With mixtures, by hand:
    // 0: row 0 (6,2,1,4) < 0.6·row 1 + 0.4·row 2 = (6.2,2.2,3.6,5.8); rows 1-3 are best
    //    responses to columns 0, 3, 2.
    // 1: against rows 1-3, column 2 (2,6,7) is beaten by column 1 (1,4,3) and column 3
    //    (5,7,2) by 0.6·column 0 + 0.4·column 1 = (4.6,4.6,1.8) (player 2 minimises).
    // 2: row 3 (1,3) < row 2 (5,4);  3: column 0 (7,5) > column 1 (1,4);  4: row 1 (1) < row 2 (4).
    let r = dominance(&g, STRICT_MIXED).unwrap();
    let steps: Vec<_> = r
        .eliminated
        .iter()
        .map(|e| (e.round, e.player, e.action, e.is_pure_dominator()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (0, 0, 0, false),
            (1, 1, 2, true),
            (1, 1, 3, false),
            (2, 0, 3, true),
            (3, 1, 0, true),
            (4, 0, 1, true),
        ]
    );
    assert_eq!(r.kept, vec![vec![2], vec![1]]);
    assert_eq!(r.game.pure_payoffs(&[0, 0]), &[4.0, -4.0]);
    let first = &r.eliminated[0].dominator;
    assert_eq!((first[0], first[3]), (0.0, 0.0));
    replay(&g, &r, STRICT_MIXED);
    // The value of the game is 4 at (row 2, column 1), the game's pure saddle point.
    assert_eq!(pure_equilibria(&g), BTreeSet::from([vec![2, 1]]));
}

#[test]
fn weak_elimination_order_matters_and_is_recorded() {
    //        L      R
    //   U  1, 1   1, 1
    //   D  1, 1   0, 0
    // D is weakly dominated by U, and R by L. Player 1 goes first: removing D leaves player 2
    // indifferent, so the result is {U} × {L, R}. Removing R first would leave {U, D} × {L}.
    let g = Game::from_bimatrix(
        array![[1.0, 1.0], [1.0, 0.0]].view(),
        array![[1.0, 1.0], [1.0, 0.0]].view(),
    )
    .unwrap();
    assert_eq!(
        actions_of(&dominated(&g, 0, WEAK_PURE).unwrap()),
        BTreeSet::from([1])
    );
    assert_eq!(
        actions_of(&dominated(&g, 1, WEAK_PURE).unwrap()),
        BTreeSet::from([1])
    );
    for options in [WEAK_PURE, WEAK_MIXED] {
        let r = dominance(&g, options).unwrap();
        assert_eq!(r.kept, vec![vec![0], vec![0, 1]]);
        assert_eq!(r.eliminated.len(), 1);
        assert_eq!(
            (
                r.eliminated[0].round,
                r.eliminated[0].player,
                r.eliminated[0].action
            ),
            (0, 0, 1)
        );
        replay(&g, &r, options);
    }
    // The other order ends elsewhere.
    let other = g.restrict(&[vec![0, 1], vec![0]]).unwrap();
    assert!(dominance(&other, WEAK_MIXED).unwrap().eliminated.is_empty());
    // Nothing is strictly dominated.
    for options in [STRICT_PURE, STRICT_MIXED] {
        assert!(dominance(&g, options).unwrap().eliminated.is_empty());
    }
}

#[test]
fn three_players() {
    // Player 0: (3 if player 1 plays 0), 1, (3 if player 1 plays 1): action 1 is dominated only
    // by the 50/50 mix. Player 1 wants to match player 2, for whom action 1 is strictly
    // dominant.
    let g = Game::from_fn(&[3, 2, 2], |s, i| match i {
        0 => match s[0] {
            0 => 3.0 * f64::from(u8::from(s[1] == 0)),
            1 => 1.0,
            _ => 3.0 * f64::from(u8::from(s[1] == 1)),
        },
        1 => 2.0 * f64::from(u8::from(s[1] == s[2])),
        _ => s[2] as f64,
    })
    .unwrap();

    let r = dominance(&g, STRICT_MIXED).unwrap();
    let steps: Vec<_> = r
        .eliminated
        .iter()
        .map(|e| (e.round, e.player, e.action))
        .collect();
    assert_eq!(steps, vec![(0, 0, 1), (1, 2, 0), (2, 1, 0), (3, 0, 0)]);
    assert!(!r.eliminated[0].is_pure_dominator());
    assert_eq!(r.kept, vec![vec![2], vec![1], vec![1]]);
    replay(&g, &r, STRICT_MIXED);

    // Pure dominators only: a different path to the same end.
    let r = dominance(&g, STRICT_PURE).unwrap();
    let steps: Vec<_> = r
        .eliminated
        .iter()
        .map(|e| (e.round, e.player, e.action))
        .collect();
    assert_eq!(steps, vec![(0, 2, 0), (1, 1, 0), (2, 0, 0), (2, 0, 1)]);
    assert_eq!(r.kept, vec![vec![2], vec![1], vec![1]]);
    replay(&g, &r, STRICT_PURE);
    assert_eq!(r.game.pure_payoffs(&[0, 0, 0]), &[3.0, 2.0, 1.0]);
}

#[test]
fn nothing_dominated() {
    let pennies = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
    // Row 2 (1.6, 1.6) is never a best response, yet no mixture of (3, 0) and (0, 3) beats it:
    // the LP runs and finds nothing. Player 2 is indifferent.
    let a = array![[3.0, 0.0], [0.0, 3.0], [1.6, 1.6]];
    let near = Game::from_bimatrix(a.view(), ndarray::Array2::zeros((3, 2)).view()).unwrap();
    let rps = Game::zero_sum(array![[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]].view())
        .unwrap();
    for g in [pennies, near, rps] {
        for options in ALL_OPTIONS {
            let r = dominance(&g, options).unwrap();
            assert!(r.eliminated.is_empty(), "{options:?}: {:?}", r.eliminated);
            assert_eq!(r.kept, all_kept(&g));
            assert_eq!(r.game, g);
        }
    }
}

#[test]
fn duplicate_actions_do_not_dominate_each_other() {
    // Rows 0 and 1 are identical; row 2 (2, 1) and any mix with row 1 cannot beat row 0.
    let a = array![[1.0, 2.0], [1.0, 2.0], [2.0, 1.0]];
    let g = Game::from_bimatrix(a.view(), a.view()).unwrap();
    for options in ALL_OPTIONS {
        assert!(dominated(&g, 0, options).unwrap().is_empty(), "{options:?}");
    }
    // Two identical rows both strictly dominated by a third: removed together when strict,
    // one per round when weak.
    let a = array![[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]];
    let g = Game::from_bimatrix(a.view(), a.view()).unwrap();
    for options in [STRICT_PURE, STRICT_MIXED] {
        let r = dominance(&g, options).unwrap();
        let steps: Vec<_> = r.eliminated.iter().map(|e| (e.round, e.action)).collect();
        assert_eq!(steps, vec![(0, 0), (0, 1)]);
        assert_eq!(r.kept, vec![vec![2], vec![0, 1]]);
    }
    for options in [WEAK_PURE, WEAK_MIXED] {
        let r = dominance(&g, options).unwrap();
        let steps: Vec<_> = r
            .eliminated
            .iter()
            .map(|e| (e.round, e.player, e.action))
            .collect();
        // After rows 0 and 1 go, player 2's columns tie against row 2.
        assert_eq!(steps, vec![(0, 0, 0), (1, 0, 1)]);
        replay(&g, &r, options);
    }
    // A game of identical actions everywhere: nothing at all.
    let g = Game::from_fn(&[3, 3], |_, _| 7.0).unwrap();
    for options in ALL_OPTIONS {
        assert!(dominance(&g, options).unwrap().eliminated.is_empty());
    }
}

#[test]
fn one_player_and_single_actions() {
    let g =
        Game::new(ArrayD::from_shape_vec(IxDyn(&[3, 1]), vec![1.0, 3.0, 2.0]).unwrap()).unwrap();
    let r = dominance(&g, STRICT_MIXED).unwrap();
    assert_eq!(r.kept, vec![vec![1]]);
    assert_eq!(r.eliminated.len(), 2);
    replay(&g, &r, STRICT_MIXED);
    let g = Game::from_fn(&[1, 1, 1], |_, i| i as f64).unwrap();
    let r = dominance(&g, STRICT_MIXED).unwrap();
    assert!(r.eliminated.is_empty());
}

#[test]
fn unknown_player_is_an_invalid_argument() {
    let err = dominated(&prisoners_dilemma(), 2, STRICT_MIXED).unwrap_err();
    assert!(
        matches!(err, Error::InvalidArgument(ref m) if m.contains("player 2")),
        "{err}"
    );
}

#[test]
fn results_round_trip_through_json() {
    let g = mixdom()
        .with_actions(vec![vec!["a", "b", "c", "d"], vec!["w", "x", "y", "z"]])
        .unwrap();
    let r = dominance(&g, STRICT_MIXED).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    let back: Reduction = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    assert_eq!(back.game.actions(), &[vec!["c"], vec!["x"]]);
    let options: DominanceOptions =
        serde_json::from_str(r#"{"strict": false, "mixed": true}"#).unwrap();
    assert_eq!(options, WEAK_MIXED);
}

#[test]
fn scaling_payoffs_does_not_change_the_answer() {
    // The tolerance is relative: the mixed dominance of the middle row survives tiny and huge
    // payoff scales.
    for scale in [1e-6, 1.0, 1e6] {
        let a = array![[3.0, 0.0], [1.0, 1.0], [0.0, 3.0]] * scale;
        let g = Game::from_bimatrix(a.view(), a.view()).unwrap();
        let found = dominated(&g, 0, STRICT_MIXED).unwrap();
        assert_eq!(actions_of(&found), BTreeSet::from([1]), "scale {scale}");
    }
}

// ---------------------------------------------------------------------------------------------
// Random games: integer payoffs in -3..=3 (many ties), 1–3 players, 1–4 actions each.

fn small_game() -> impl Strategy<Value = Game> {
    crate::common::arb_game(1..=3, 1..=4, (-3i32..=3).prop_map(f64::from))
}

fn any_options() -> impl Strategy<Value = DominanceOptions> {
    (any::<bool>(), any::<bool>()).prop_map(|(strict, mixed)| DominanceOptions { strict, mixed })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_dominator_really_dominates(g in small_game(), options in any_options()) {
        let kept = all_kept(&g);
        for i in 0..g.num_players() {
            let found = dominated(&g, i, options).unwrap();
            for e in &found {
                prop_assert_eq!(e.round, 0);
                prop_assert_eq!(e.player, i);
                check_elimination(&g, &kept, e, options.strict);
            }
            // Exactly the brute-force set, where it can be computed exactly.
            if let Some(expected) = brute_dominated(&g, &kept, i, options) {
                prop_assert_eq!(actions_of(&found), expected, "player {}, {:?}", i, options);
            }
        }
        let r = dominance(&g, options).unwrap();
        replay(&g, &r, options);
        // Idempotent: nothing is left to remove, and no pure dominator survives.
        prop_assert!(dominance(&r.game, options).unwrap().eliminated.is_empty());
        let pure = DominanceOptions { mixed: false, ..options };
        for i in 0..g.num_players() {
            prop_assert!(brute_dominated(&g, &r.kept, i, pure).unwrap().is_empty());
            if let Some(left) = brute_dominated(&g, &r.kept, i, options) {
                prop_assert!(left.is_empty(), "player {} keeps dominated {:?}", i, left);
            }
        }
    }

    #[test]
    fn mixed_finds_everything_pure_finds(g in small_game(), strict in any::<bool>()) {
        for i in 0..g.num_players() {
            let pure = dominated(&g, i, DominanceOptions { strict, mixed: false }).unwrap();
            let mixed = dominated(&g, i, DominanceOptions { strict, mixed: true }).unwrap();
            prop_assert!(actions_of(&pure).is_subset(&actions_of(&mixed)));
            if strict {
                // Strictly dominated actions are weakly dominated too.
                let weak = dominated(&g, i, WEAK_MIXED).unwrap();
                prop_assert!(actions_of(&mixed).is_subset(&actions_of(&weak)));
            }
        }
    }

    #[test]
    fn strict_elimination_keeps_exactly_the_pure_equilibria(
        g in small_game(),
        mixed in any::<bool>(),
    ) {
        let options = DominanceOptions { strict: true, mixed };
        let r = dominance(&g, options).unwrap();
        let original = pure_equilibria(&g);
        // No eliminated action is played in any pure equilibrium.
        for e in &r.eliminated {
            prop_assert!(original.iter().all(|p| p[e.player] != e.action), "{:?}", e);
        }
        // The reduced game's equilibria, mapped back, are exactly the original ones.
        let mapped: BTreeSet<Vec<usize>> = pure_equilibria(&r.game)
            .into_iter()
            .map(|p| p.iter().enumerate().map(|(i, &a)| r.kept[i][a]).collect())
            .collect();
        prop_assert_eq!(mapped, original);
    }
}

#[test]
fn restricted_games_are_usable_by_solvers() {
    // Regression: `Game::restrict` used to return payoffs in a non-C layout (from ndarray's
    // `select`), which made `payoff_slice` and so every solver panic on the subgame.
    let g = Game::from_fn(&[2, 3], |s, i| (10 * s[0] + s[1] + i) as f64).unwrap();
    let sub = g.restrict(&[vec![0, 1], vec![0, 2]]).unwrap();
    assert!(sub.payoffs().is_standard_layout());
    assert_eq!(sub.payoff_slice()[..4], [0.0, 1.0, 2.0, 3.0]);
    assert_eq!(sub.pure_payoffs(&[1, 1]), &[12.0, 13.0]);
    assert_eq!(solve::pure(&sub, 0.0).unwrap().len(), 1);
    assert!(dominance(&sub, STRICT_MIXED).is_ok());
}
