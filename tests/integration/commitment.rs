//! Commitment (`solve::commitment`, Stackelberg leadership in mixed strategies):
//! hand-derived answers, closed forms, and property tests checked by an independent routine.

use detente::solve::{self, Commitment, commitment, zero_sum};
use detente::{Error, Game};
use ndarray::array;
use proptest::prelude::*;

use crate::common::{all_close, chicken, game_from, near_tie_game, near_tie_matrix, payoff_values};

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
    assert!(all_close(&u.to_vec(), &c.payoffs, 1e-12), "{c:?}");
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
    assert!(all_close(&c.leader_strategy, &[0.5, 0.5], 1e-12));
    assert!(all_close(&c.payoffs, &[2.5, 0.5], 1e-12));

    // The same game with the roles of the players swapped: player 1 leads.
    let swapped = Game::from_bimatrix(
        array![[1.0, 0.0], [0.0, 1.0]].view(),
        array![[1.0, 0.0], [3.0, 2.0]].view(),
    )
    .unwrap();
    let c = commitment(&swapped, 1).unwrap();
    check_commitment(&swapped, &c);
    assert_eq!((c.leader, c.follower_action), (1, 1));
    assert!(all_close(&c.payoffs, &[0.5, 2.5], 1e-12));
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
// Random games.

fn bimatrix_game() -> impl Strategy<Value = Game> {
    (1usize..=5, 1usize..=5)
        .prop_flat_map(|(m, n)| payoff_values(2 * m * n).prop_map(move |v| game_from(&[m, n], v)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn near_ties_are_certified_or_refused(a in near_tie_matrix()) {
        // The backend may fail on these; the solver must then refuse, never return a wrong
        // answer (all refusals are Error::Solver).
        let g = near_tie_game(&a);
        for leader in 0..2 {
            match commitment(&g, leader) {
                Ok(c) => check_commitment(&g, &c),
                Err(e) => prop_assert!(matches!(e, Error::Solver(_)), "{}", e),
            }
        }
    }

    #[test]
    fn commitments_are_best_responses_and_beat_nash(g in bimatrix_game(), leader in 0usize..2) {
        let c = commitment(&g, leader).unwrap();
        check_commitment(&g, &c);
    }
}
