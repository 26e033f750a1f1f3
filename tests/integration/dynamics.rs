//! Learning dynamics against hand-derived answers, closed forms, independent
//! re-implementations and property tests.

use detente::dynamics::{
    self, BestResponseOptions, FictitiousPlayOptions, Integrator, Population, ReplicatorOptions,
    Run, Starts, Update,
};
use detente::{Error, Game, solve};
use ndarray::array;
use proptest::prelude::*;

use crate::common::payoff;

fn pennies() -> Game {
    Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap()
}

fn coordination() -> Game {
    let a = array![[2.0, 0.0], [0.0, 1.0]];
    Game::from_bimatrix(a.view(), a.view()).unwrap()
}

fn rps() -> Game {
    Game::zero_sum(array![[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]].view()).unwrap()
}

/// Shapley (1964): unique equilibrium (uniform, uniform), fictitious play cycles.
fn shapley() -> Game {
    let a = array![[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    let b = array![[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]];
    Game::from_bimatrix(a.view(), b.view()).unwrap()
}

/// Hawk-dove with value V and cost C (symmetric; row matrix [[(V-C)/2, V], [0, V/2]]).
fn hawk_dove(v: f64, c: f64) -> Game {
    let a = array![[(v - c) / 2.0, v], [0.0, v / 2.0]];
    Game::from_bimatrix(a.view(), a.t()).unwrap()
}

fn given(g: &Game, profiles: &[&[usize]]) -> Starts {
    Starts::Given(
        profiles
            .iter()
            .map(|p| g.pure_profile(p).unwrap())
            .collect(),
    )
}

fn br(update: Update) -> BestResponseOptions {
    BestResponseOptions {
        update,
        ..Default::default()
    }
}

// ---------------------------------------------------------------- best-response dynamics

#[test]
fn coordination_simultaneous_br_converges_or_flips_between_miscoordinations() {
    let g = coordination();
    let runs = dynamics::best_response(
        &g,
        &given(&g, &[&[0, 0], &[1, 1], &[0, 1], &[1, 0]]),
        &br(Update::Simultaneous),
    )
    .unwrap();
    // Equilibria are fixed points, reached after 0 updates.
    for r in &runs[..2] {
        assert!(r.converged && r.iterations == 0 && r.regret == 0.0 && r.cycle.is_none());
    }
    assert_eq!(runs[0].strategies, g.pure_profile(&[0, 0]).unwrap());
    // From (0, 1) both switch at once: (0, 1) -> (1, 0) -> (0, 1), a 2-cycle.
    for r in &runs[2..] {
        assert!(!r.converged);
        assert_eq!(r.cycle, Some(vec![vec![0, 1], vec![1, 0]]));
        assert_eq!(r.iterations, 2);
    }
}

#[test]
fn coordination_sequential_br_reaches_a_pure_equilibrium() {
    let g = coordination();
    let runs =
        dynamics::best_response(&g, &given(&g, &[&[0, 1], &[1, 0]]), &br(Update::Sequential))
            .unwrap();
    // (0, 1): player 0 moves to 1 -> (1, 1); then both keep: 1 + 2 updates.
    assert!(runs[0].converged && runs[0].regret == 0.0);
    assert_eq!(runs[0].strategies, g.pure_profile(&[1, 1]).unwrap());
    assert_eq!(runs[0].iterations, 3);
    // (1, 0): player 0 moves to 0 -> (0, 0).
    assert_eq!(runs[1].strategies, g.pure_profile(&[0, 0]).unwrap());
    let all = dynamics::best_response(
        &g,
        &Starts::Random {
            count: 64,
            seed: 11,
        },
        &br(Update::Sequential),
    )
    .unwrap();
    assert!(all.iter().all(|r| r.converged && r.regret == 0.0));
    let limits = dynamics::limits(&all, 0.0).unwrap();
    assert_eq!(limits.len(), 2);
    assert_eq!(limits.iter().map(|l| l.runs).sum::<usize>(), 64);
}

#[test]
fn matching_pennies_simultaneous_br_four_cycle() {
    let g = pennies();
    // (0,0): row keeps (match), column flips -> (0,1); row flips -> (1,1); column flips ->
    // (1,0); row flips -> (0,0).
    let cycle = vec![vec![0, 0], vec![0, 1], vec![1, 1], vec![1, 0]];
    let runs = dynamics::best_response(
        &g,
        &given(&g, &[&[0, 0], &[1, 0]]),
        &br(Update::Simultaneous),
    )
    .unwrap();
    for r in &runs {
        assert!(!r.converged);
        assert_eq!(r.cycle.as_ref(), Some(&cycle));
        assert_eq!(r.iterations, 4);
        assert_eq!(r.regret, 2.0);
    }
}

#[test]
fn matching_pennies_sequential_br_cycle_by_turns() {
    let g = pennies();
    // States (profile, mover): ((0,0),0) keep; ((0,0),1) -> (0,1); ((0,1),0) -> (1,1);
    // ((1,1),1) -> (1,0); ((1,0),0) -> (0,0); ((0,0),1) repeats at update 5.
    let runs =
        dynamics::best_response(&g, &given(&g, &[&[0, 0]]), &br(Update::Sequential)).unwrap();
    assert_eq!(
        runs[0].cycle,
        Some(vec![vec![0, 1], vec![1, 1], vec![1, 0], vec![0, 0]])
    );
    assert_eq!(runs[0].iterations, 5);
}

#[test]
fn br_trajectory_rows_are_the_visited_profiles() {
    let g = pennies();
    let options = BestResponseOptions {
        trajectory: true,
        ..Default::default()
    };
    let r = &dynamics::best_response(&g, &given(&g, &[&[0, 0]]), &options).unwrap()[0];
    let rows = r.trajectory.as_ref().unwrap();
    assert_eq!(rows.len(), r.iterations + 1);
    assert_eq!(rows[0], vec![1.0, 0.0, 1.0, 0.0]);
    assert_eq!(rows[1], vec![1.0, 0.0, 0.0, 1.0]);
    assert_eq!(rows[4], rows[0]);
}

#[test]
fn br_cap_without_cycle_is_reported_as_neither() {
    let g = pennies();
    let options = BestResponseOptions {
        max_iter: 2,
        ..Default::default()
    };
    let r = &dynamics::best_response(&g, &given(&g, &[&[0, 0]]), &options).unwrap()[0];
    assert!(!r.converged && r.cycle.is_none());
    assert_eq!(r.iterations, 2);
    assert_eq!(r.strategies, g.pure_profile(&[1, 1]).unwrap());
}

/// Independent best-response map: stay if the current action is a best response, else the
/// lowest-indexed best response.
fn respond(g: &Game, profile: &[usize], i: usize) -> usize {
    let value = |a: usize| {
        let mut p = profile.to_vec();
        p[i] = a;
        g.pure_payoffs(&p)[i]
    };
    let best = (0..g.shape()[i])
        .map(value)
        .fold(f64::NEG_INFINITY, f64::max);
    if value(profile[i]) == best {
        profile[i]
    } else {
        (0..g.shape()[i]).find(|&a| value(a) == best).unwrap()
    }
}

fn check_br_runs(g: &Game, runs: &[Run], update: Update, max_iter: usize) {
    let n = g.num_players();
    let equilibria: Vec<Vec<Vec<f64>>> = solve::pure(g, 0.0)
        .unwrap()
        .into_iter()
        .map(|e| e.strategies)
        .collect();
    for r in runs {
        assert_eq!(r.regret, g.max_regret(&r.strategies).unwrap());
        if r.converged {
            assert_eq!(r.regret, 0.0);
            assert!(equilibria.contains(&r.strategies));
        } else if let Some(cycle) = &r.cycle {
            let len = cycle.len();
            assert!(len >= 2);
            for k in 0..len {
                let next = &cycle[(k + 1) % len];
                match update {
                    Update::Simultaneous => {
                        let image: Vec<usize> = (0..n).map(|i| respond(g, &cycle[k], i)).collect();
                        assert_eq!(&image, next);
                        assert!(!cycle[..k].contains(&cycle[k]), "repeated profile");
                    }
                    Update::Sequential => {
                        let mut image = cycle[k].clone();
                        image[k % n] = respond(g, &cycle[k], k % n);
                        assert_eq!(&image, next);
                    }
                }
            }
            if update == Update::Sequential {
                assert_eq!(len % n, 0);
            }
            assert!(r.regret > 0.0);
        } else {
            assert_eq!(r.iterations, max_iter);
        }
    }
    if equilibria.is_empty() {
        assert!(runs.iter().all(|r| !r.converged));
    }
}

/// Games of 1-3 players with 1-4 actions each, all payoffs tied integers or all floats.
fn tied_or_generic_game() -> impl Strategy<Value = Game> {
    (1usize..=3, any::<bool>())
        .prop_flat_map(|(n, ties)| crate::common::arb_game(n..=n, 1..=4, payoff(ties)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn br_runs_end_at_pure_equilibria_or_true_cycles(g in tied_or_generic_game(), seed in any::<u64>()) {
        for update in [Update::Simultaneous, Update::Sequential] {
            let options = BestResponseOptions { update, max_iter: 200, trajectory: false };
            let runs = dynamics::best_response(&g, &Starts::Random { count: 12, seed }, &options)
                .unwrap();
            check_br_runs(&g, &runs, update, 200);
        }
    }

    #[test]
    fn fictitious_play_final_regret_is_certified(g in tied_or_generic_game(), seed in any::<u64>()) {
        let options = FictitiousPlayOptions { max_iter: 300, tol: 1e-2, ..Default::default() };
        for r in dynamics::fictitious_play(&g, &Starts::Random { count: 3, seed }, &options)
            .unwrap()
        {
            g.check_profile(&r.strategies).unwrap();
            prop_assert_eq!(r.regret, g.max_regret(&r.strategies).unwrap());
            prop_assert!(!r.converged || r.regret <= 1e-2);
            prop_assert!(r.converged || r.iterations == 300);
        }
    }
}

// ---------------------------------------------------------------- fictitious play

/// Plain fictitious play, written independently: beliefs as counts, values from
/// [`Game::action_values`], lowest-indexed best response.
fn naive_fp(g: &Game, start: &[Vec<f64>], steps: usize, sequential: bool) -> Vec<Vec<f64>> {
    let mut counts: Vec<Vec<f64>> = start.to_vec();
    let n = g.num_players();
    for t in 0..steps {
        let total = (t + 1) as f64;
        let mixtures = |c: &Vec<Vec<f64>>| -> Vec<Vec<f64>> {
            c.iter()
                .map(|ci| ci.iter().map(|x| x / total).collect())
                .collect()
        };
        let mut next = counts.clone();
        for i in 0..n {
            let beliefs = if sequential {
                // Players before i already moved: their counts include this round.
                let mut m = mixtures(&counts);
                for (k, mk) in m.iter_mut().enumerate().take(i) {
                    *mk = next[k].iter().map(|x| x / (total + 1.0)).collect();
                }
                m
            } else {
                mixtures(&counts)
            };
            let v = g.action_values(i, &beliefs).unwrap();
            let best = v.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
            let b = (0..v.len()).find(|&a| v[a] == best).unwrap();
            next[i][b] += 1.0;
        }
        counts = next;
    }
    let total = (steps + 1) as f64;
    counts
        .iter()
        .map(|c| c.iter().map(|x| x / total).collect())
        .collect()
}

#[test]
fn fictitious_play_matches_an_independent_implementation() {
    // Generic payoffs (no ties), 2 players (incremental path) and 3 players (contraction).
    let g2 = Game::from_fn(&[4, 3], |s, i| {
        ((s[0] * 7 + s[1] * 3 + i * 5) % 11) as f64 * 0.37
    })
    .unwrap();
    let g3 = Game::from_fn(&[2, 3, 2], |s, i| {
        ((s[0] * 5 + s[1] * 3 + s[2] * 7 + i * 2) % 13) as f64 * 0.29 + i as f64 * 0.01
    })
    .unwrap();
    for g in [&g2, &g3] {
        for update in [Update::Simultaneous, Update::Sequential] {
            let options = FictitiousPlayOptions {
                update,
                max_iter: 40,
                tol: 0.0,
                trajectory: true,
            };
            let runs =
                dynamics::fictitious_play(g, &Starts::Random { count: 3, seed: 5 }, &options)
                    .unwrap();
            for r in runs {
                let rows = r.trajectory.as_ref().unwrap();
                for steps in [1, 7, r.iterations] {
                    let expected = naive_fp(g, &r.start, steps, update == Update::Sequential);
                    let flat: Vec<f64> = expected.into_iter().flatten().collect();
                    for (x, y) in rows[steps].iter().zip(&flat) {
                        assert!((x - y).abs() < 1e-12, "{update:?} step {steps}: {x} vs {y}");
                    }
                }
            }
        }
    }
}

#[test]
fn fictitious_play_converges_in_zero_sum_games() {
    // Robinson (1951): in zero-sum games the empirical mixtures converge to the equilibria.
    for (g, value) in [(rps(), [1.0 / 3.0; 3].to_vec()), (pennies(), vec![0.5; 2])] {
        for update in [Update::Simultaneous, Update::Sequential] {
            let options = FictitiousPlayOptions {
                update,
                max_iter: 20_000,
                tol: 0.05,
                trajectory: false,
            };
            let runs =
                dynamics::fictitious_play(&g, &Starts::Random { count: 16, seed: 2 }, &options)
                    .unwrap();
            for r in &runs {
                assert!(r.converged, "{update:?}: regret {}", r.regret);
                assert!(r.regret <= 0.05);
                // In these games a profile with regret ε is within O(ε) of the equilibrium.
                for s in &r.strategies {
                    for (p, q) in s.iter().zip(&value) {
                        assert!((p - q).abs() < 0.1, "{s:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn fictitious_play_regret_shrinks_on_rock_paper_scissors() {
    let options = FictitiousPlayOptions {
        max_iter: 20_000,
        tol: 0.0,
        trajectory: true,
        ..Default::default()
    };
    let g = rps();
    let r =
        &dynamics::fictitious_play(&g, &Starts::Random { count: 1, seed: 9 }, &options).unwrap()[0];
    let rows = r.trajectory.as_ref().unwrap();
    let regret_at = |t: usize| {
        let row = &rows[t];
        g.max_regret(&[row[..3].to_vec(), row[3..].to_vec()])
            .unwrap()
    };
    assert!(regret_at(20_000) < 0.02, "{}", regret_at(20_000));
    assert!(regret_at(20_000) < regret_at(200));
}

#[test]
fn fictitious_play_in_a_coordination_game() {
    // 2x2 games have the fictitious-play property (Miyasawa 1961).
    let g = coordination();
    let options = FictitiousPlayOptions {
        tol: 1e-3,
        ..Default::default()
    };
    let runs =
        dynamics::fictitious_play(&g, &Starts::Random { count: 32, seed: 4 }, &options).unwrap();
    for r in &runs {
        assert!(r.converged && r.regret <= 1e-3);
    }
    // From beliefs favouring action 0 on both sides, both keep playing 0: x -> (1, 0).
    let start = vec![vec![0.9, 0.1], vec![0.9, 0.1]];
    let r = &dynamics::fictitious_play(&g, &Starts::Given(vec![start]), &options).unwrap()[0];
    assert!(r.converged);
    assert!(r.strategies[0][0] > 0.99 && r.strategies[1][0] > 0.99);
}

#[test]
fn fictitious_play_does_not_converge_in_shapleys_game() {
    let g = shapley();
    let options = FictitiousPlayOptions {
        max_iter: 20_000,
        tol: 1e-3,
        trajectory: true,
        ..Default::default()
    };
    // Fixed beliefs away from the equilibrium. (Some starts hit it: from pure beliefs (0, 2)
    // the mixtures are exactly uniform after two updates; random interior starts may begin so
    // close to it that the regret dips below tol before the outward spiral sets in.)
    let starts = vec![
        vec![vec![0.6, 0.3, 0.1], vec![0.2, 0.5, 0.3]],
        vec![vec![0.1, 0.1, 0.8], vec![0.7, 0.2, 0.1]],
        vec![vec![0.5, 0.5, 0.0], vec![0.0, 0.5, 0.5]],
        vec![vec![1.0, 0.0, 0.0], vec![1.0, 0.0, 0.0]],
    ];
    let runs = dynamics::fictitious_play(&g, &Starts::Given(starts), &options).unwrap();
    for r in &runs {
        assert!(!r.converged);
        assert_eq!(r.iterations, 20_000);
        let rows = r.trajectory.as_ref().unwrap();
        // The regret stays away from 0 over the whole second half...
        let worst = (10_000..=20_000)
            .step_by(97)
            .map(|t| {
                let row = &rows[t];
                g.max_regret(&[row[..3].to_vec(), row[3..].to_vec()])
                    .unwrap()
            })
            .fold(f64::INFINITY, f64::min);
        assert!(worst > 0.1, "min regret {worst}");
        // ...and the play cycles through the Shapley polygon: the row player's action (the
        // one whose frequency grows) keeps switching, each phase longer than the last by a
        // roughly constant factor (Shapley 1964).
        let played = |t: usize| {
            (0..3)
                .max_by(|&a, &b| {
                    (rows[t + 1][a] - rows[t][a]).total_cmp(&(rows[t + 1][b] - rows[t][b]))
                })
                .unwrap()
        };
        let switches: Vec<usize> = (0..19_999)
            .filter(|&t| played(t) != played(t + 1))
            .collect();
        assert!(switches.len() >= 8, "{switches:?}");
        let gaps: Vec<f64> = switches.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
        for w in gaps[gaps.len() - 4..].windows(2) {
            assert!(w[1] / w[0] > 1.5 && w[1] / w[0] < 3.0, "{switches:?}");
        }
    }
}

// ---------------------------------------------------------------- replicator dynamics

#[test]
fn replicator_one_population_hawk_dove_reaches_the_mixed_ess() {
    for (v, c) in [(2.0, 6.0), (1.0, 4.0), (3.0, 4.0)] {
        let g = hawk_dove(v, c);
        for integrator in [Integrator::Euler, Integrator::Rk4] {
            let options = ReplicatorOptions {
                population: Population::Single,
                integrator,
                tol: 1e-8,
                ..Default::default()
            };
            let runs =
                dynamics::replicator(&g, &Starts::Random { count: 8, seed: 3 }, &options).unwrap();
            for r in &runs {
                assert!(
                    r.converged,
                    "{integrator:?} V={v} C={c}: regret {}",
                    r.regret
                );
                assert!(r.regret <= 1e-8);
                let p = r.strategies[0][0];
                assert!((p - v / c).abs() < 1e-6, "p = {p}, V/C = {}", v / c);
                assert_eq!(r.strategies[0], r.strategies[1]);
            }
        }
    }
}

#[test]
fn replicator_rk4_follows_the_logistic_closed_form() {
    // Action 0 earns 1 more than action 1 whatever the opponent does: ṗ = p (1 − p), so
    // p(t) = p0 e^t / (1 − p0 + p0 e^t).
    let a = array![[1.0, 1.0], [0.0, 0.0]];
    let g = Game::from_bimatrix(a.view(), a.t()).unwrap();
    let p0 = 0.1;
    let options = ReplicatorOptions {
        population: Population::Single,
        dt: 0.05,
        max_iter: 100,
        tol: 0.0,
        trajectory: true,
        ..Default::default()
    };
    let start = Starts::Given(vec![vec![vec![p0, 1.0 - p0], vec![p0, 1.0 - p0]]]);
    let r = &dynamics::replicator(&g, &start, &options).unwrap()[0];
    let rows = r.trajectory.as_ref().unwrap();
    assert_eq!(rows.len(), 101);
    for (k, row) in rows.iter().enumerate() {
        let t = k as f64 * 0.05;
        let exact = p0 * t.exp() / (1.0 - p0 + p0 * t.exp());
        assert!(
            (row[0] - exact).abs() < 1e-7,
            "t = {t}: {} vs {exact}",
            row[0]
        );
        assert_eq!(row[0], row[2]);
    }
}

#[test]
fn replicator_multi_population_reaches_a_strict_equilibrium() {
    let g = coordination();
    let options = ReplicatorOptions {
        tol: 1e-6,
        ..Default::default()
    };
    let runs = dynamics::replicator(&g, &Starts::Random { count: 16, seed: 8 }, &options).unwrap();
    for r in &runs {
        assert!(r.converged && r.regret <= 1e-6);
        let pure: Vec<usize> = r
            .strategies
            .iter()
            .map(|s| usize::from(s[1] > 0.5))
            .collect();
        assert_eq!(pure[0], pure[1], "{:?}", r.strategies);
    }
    // Three players, a strict equilibrium at (0, 0, 0) that attracts starts near it.
    let g3 = Game::from_fn(&[2, 2, 2], |s, i| {
        if s.iter().all(|&a| a == 0) {
            2.0
        } else if s[i] == 1 {
            0.5
        } else {
            0.0
        }
    })
    .unwrap();
    let near = vec![vec![0.9, 0.1]; 3];
    let r = &dynamics::replicator(&g3, &Starts::Given(vec![near]), &options).unwrap()[0];
    assert!(r.converged);
    assert!(r.strategies.iter().all(|s| s[0] > 0.999));
}

// ---------------------------------------------------------------- driver and errors

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    // Small payoffs with ties, three players (the general code paths).
    let g = Game::from_fn(&[4, 3, 2], |s, i| {
        ((s[0] * 13 + s[1] * 7 + s[2] * 3 + i * 11) % 5) as f64
    })
    .unwrap();
    let starts = Starts::Random {
        count: 16,
        seed: 42,
    };
    let all = |threads| {
        in_pool(threads, || {
            (
                dynamics::best_response(&g, &starts, &br(Update::Simultaneous)).unwrap(),
                dynamics::best_response(&g, &starts, &br(Update::Sequential)).unwrap(),
                dynamics::fictitious_play(
                    &g,
                    &starts,
                    &FictitiousPlayOptions {
                        max_iter: 200,
                        ..Default::default()
                    },
                )
                .unwrap(),
                dynamics::replicator(
                    &g,
                    &starts,
                    &ReplicatorOptions {
                        max_iter: 100,
                        ..Default::default()
                    },
                )
                .unwrap(),
            )
        })
    };
    let one = all(1);
    assert_eq!(one, all(2));
    assert_eq!(one, all(3));
    // A game large enough for Game::max_regret to split its sums over threads: the
    // certificates of the runs must not.
    let big = Game::from_fn(&[200, 200], |s, i| {
        ((s[0] * 7919 + s[1] * 104_729 + i * 31) % 1009) as f64 / 1009.0
    })
    .unwrap();
    let options = FictitiousPlayOptions {
        max_iter: 50,
        ..Default::default()
    };
    let starts = Starts::Random { count: 4, seed: 3 };
    let fp = |threads| {
        in_pool(threads, || {
            dynamics::fictitious_play(&big, &starts, &options).unwrap()
        })
    };
    assert_eq!(fp(1), fp(2));
}

#[test]
fn random_starts_are_reproducible_and_spread() {
    let g = rps();
    let options = FictitiousPlayOptions {
        max_iter: 1,
        ..Default::default()
    };
    let a = dynamics::fictitious_play(&g, &Starts::Random { count: 4, seed: 1 }, &options).unwrap();
    let b = dynamics::fictitious_play(&g, &Starts::Random { count: 8, seed: 1 }, &options).unwrap();
    let c = dynamics::fictitious_play(&g, &Starts::Random { count: 4, seed: 2 }, &options).unwrap();
    assert_eq!(a[..], b[..4]);
    assert_ne!(a[0].start, c[0].start);
    assert_ne!(a[0].start, a[1].start);
    for r in &b {
        g.check_profile(&r.start).unwrap();
        assert!(r.start.iter().flatten().all(|&p| p > 0.0));
    }
}

#[test]
fn bad_options_are_typed_errors() {
    let g = coordination();
    let none = Starts::Random { count: 0, seed: 1 };
    let one = Starts::Random { count: 1, seed: 1 };
    let invalid_argument = |e: Error| matches!(e, Error::InvalidArgument(_));
    assert!(invalid_argument(
        dynamics::best_response(&g, &none, &BestResponseOptions::default()).unwrap_err()
    ));
    assert!(invalid_argument(
        dynamics::best_response(&g, &Starts::Given(vec![]), &BestResponseOptions::default())
            .unwrap_err()
    ));
    let zero_cap = BestResponseOptions {
        max_iter: 0,
        ..Default::default()
    };
    assert!(invalid_argument(
        dynamics::best_response(&g, &one, &zero_cap).unwrap_err()
    ));
    for tol in [-1.0, f64::NAN] {
        let o = FictitiousPlayOptions {
            tol,
            ..Default::default()
        };
        assert!(invalid_argument(
            dynamics::fictitious_play(&g, &one, &o).unwrap_err()
        ));
    }
    for dt in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        let o = ReplicatorOptions {
            dt,
            ..Default::default()
        };
        let e = dynamics::replicator(&g, &one, &o).unwrap_err();
        assert!(e.to_string().contains("dt"), "{e}");
    }
    let single = ReplicatorOptions {
        population: Population::Single,
        ..Default::default()
    };
    let asymmetric = Game::from_bimatrix(
        array![[1.0, 0.0], [0.0, 1.0]].view(),
        array![[0.0, 1.0], [1.0, 0.0]].view(),
    )
    .unwrap();
    let e = dynamics::replicator(&asymmetric, &one, &single).unwrap_err();
    assert!(matches!(e, Error::InvalidGame(_)) && e.to_string().contains("symmetric"));
    let three = Game::from_fn(&[2, 2, 2], |_, _| 0.0).unwrap();
    assert!(matches!(
        dynamics::replicator(&three, &one, &single).unwrap_err(),
        Error::InvalidGame(_)
    ));
    let lopsided = Starts::Given(vec![vec![vec![0.5, 0.5], vec![1.0, 0.0]]]);
    assert!(matches!(
        dynamics::replicator(&g, &lopsided, &single).unwrap_err(),
        Error::InvalidProfile(_)
    ));
    // Best-response dynamics need pure starts; every start must fit the game.
    let mixed = Starts::Given(vec![vec![vec![0.5, 0.5], vec![1.0, 0.0]]]);
    assert!(matches!(
        dynamics::best_response(&g, &mixed, &BestResponseOptions::default()).unwrap_err(),
        Error::InvalidProfile(_)
    ));
    let short = Starts::Given(vec![vec![vec![1.0, 0.0]]]);
    assert!(matches!(
        dynamics::fictitious_play(&g, &short, &FictitiousPlayOptions::default()).unwrap_err(),
        Error::InvalidProfile(_)
    ));
    assert!(invalid_argument(dynamics::limits(&[], -1.0).unwrap_err()));
}

#[test]
fn limits_group_cycles_and_profiles() {
    let g = pennies();
    let runs = dynamics::best_response(
        &g,
        &Starts::Random { count: 20, seed: 5 },
        &BestResponseOptions::default(),
    )
    .unwrap();
    let limits = dynamics::limits(&runs, 0.0).unwrap();
    assert_eq!(limits.len(), 1);
    assert_eq!(limits[0].runs, 20);
    assert!(!limits[0].converged && limits[0].cycle.is_some());
    assert_eq!(limits[0].regret, 2.0);
}
