//! Progress counters (`detente::progress`): each reporting computation ends with its counter
//! at the total derived by hand (matches, graphs × passes, labels, pairs, bases of a box),
//! the counter only grows while it runs, and neither the counts nor the results depend on
//! the number of threads or on whether anybody watches.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use detente::coalition::TUGame;
use detente::coalition::network::{MyersonNetwork, myerson_stable_graphs, stable_graphs};
use detente::interrupt::{self, StopToken};
use detente::progress::{self, Progress};
use detente::repeated::strategies;
use detente::repeated::{
    Automaton, MoranMethod, MoranOptions, TournamentOptions, moran, moran_exact, tournament,
};
use detente::solve::{
    EnumerateOptions, LemkeHowsonOptions, enumerate_all, lemke_howson_all, lemke_howson_all_labels,
};
use detente::{Error, Game};
use ndarray::{Array2, array};
use num_rational::BigRational;
use proptest::prelude::*;

use crate::common::frac;

fn pd() -> Game {
    Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap()
}

fn field(k: usize) -> Vec<Automaton> {
    let library = [
        strategies::tit_for_tat(),
        strategies::defect(),
        strategies::cooperate(),
        strategies::grim_trigger(),
        strategies::win_stay_lose_shift(),
        strategies::alternator(),
    ];
    library.into_iter().cycle().take(k).collect()
}

/// `C(n, k)`.
fn binomial(n: usize, k: usize) -> usize {
    (0..k).fold(1, |c, i| c * (n - i) / (i + 1))
}

/// Runs `work` under fresh counters; returns its value and the counters.
fn watched<T>(work: impl FnOnce() -> T) -> (T, Progress) {
    let p = Progress::new();
    let value = progress::with_progress(&p, work);
    (value, p)
}

/// Runs `work` on a pool of `threads` threads.
fn on_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(work)
}

#[test]
fn nobody_watching_means_no_counters() {
    assert!(progress::current().is_none());
    // Reporting without counters is a no-op.
    progress::add(5);
    progress::set_total(5);
    progress::add_total(5);
    let t = tournament(&field(3), &pd(), &TournamentOptions::default()).unwrap();
    assert_eq!(t.names.len(), 3);
    assert!(progress::current().is_none());
}

#[test]
fn counters_are_shared_and_restored() {
    let outer = Progress::new();
    let inner = Progress::new();
    progress::with_progress(&outer, || {
        progress::add(1);
        progress::with_progress(&inner, || progress::add(10));
        progress::within(None, || progress::add(100));
        progress::add(1);
    });
    assert_eq!((outer.done(), inner.done()), (2, 10));
    assert!(progress::current().is_none());
    // Restored after a panic too.
    let caught = std::panic::catch_unwind(|| {
        progress::with_progress(&outer, || panic!("inside"));
    });
    assert!(caught.is_err());
    assert!(progress::current().is_none());
}

#[test]
fn totals_grow_from_unknown() {
    let p = Progress::new();
    assert_eq!(p.total(), None);
    p.add_total(3);
    p.add_total(4);
    assert_eq!(p.total(), Some(7));
    p.set_total(2);
    assert_eq!(p.total(), Some(2));
    p.add(u64::MAX);
    p.add(u64::MAX);
    // Pinned below the "unknown" marker, never wrapped.
    assert_eq!(p.done(), u64::MAX - 1);
}

#[test]
fn tournament_counts_every_match() {
    // Symmetric stage game: one seating per group. With self-play the groups are the
    // multisets of 2 out of k (C(k + 1, 2)), without it the pairs (C(k, 2)).
    for (k, self_play, reps) in [(3, true, 20), (3, false, 7), (5, true, 1), (2, false, 4)] {
        let o = TournamentOptions {
            turns: 10,
            repetitions: reps,
            self_play,
            ..Default::default()
        };
        let (t, p) = watched(|| tournament(&field(k), &pd(), &o).unwrap());
        let groups = if self_play {
            binomial(k + 1, 2)
        } else {
            binomial(k, 2)
        };
        let matches = (groups * reps) as u64;
        assert_eq!((p.done(), p.total()), (matches, Some(matches)), "k={k}");
        assert_eq!(t, tournament(&field(k), &pd(), &o).unwrap());
    }
}

#[test]
fn tournament_counts_every_seating_of_an_asymmetric_game() {
    // An asymmetric stage game: every group of two distinct strategies plays both
    // seatings (2! = 2); a strategy against its own copy has one distinct seating.
    let g = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[2.0, 6.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    let o = TournamentOptions {
        turns: 5,
        repetitions: 3,
        self_play: false,
        ..Default::default()
    };
    let (_, p) = watched(|| tournament(&field(3), &g, &o).unwrap());
    assert_eq!(p.done(), (3 * 2 * 3) as u64);
    assert_eq!(p.total(), Some(p.done()));
}

#[test]
fn tournament_counts_and_results_do_not_depend_on_threads() {
    let o = TournamentOptions {
        turns: 50,
        repetitions: 6,
        noise: 0.1,
        seed: 42,
        ..Default::default()
    };
    let strategies = field(6);
    let runs: Vec<_> = [1, 2, 4]
        .into_iter()
        .map(|threads| {
            on_threads(threads, || {
                watched(|| tournament(&strategies, &pd(), &o).unwrap())
            })
        })
        .collect();
    for (t, p) in &runs {
        assert_eq!(t, &runs[0].0);
        assert_eq!(p.done(), (binomial(7, 2) * 6) as u64);
        assert_eq!(p.total(), Some(p.done()));
    }
    // And the unwatched result is the same.
    assert_eq!(runs[0].0, tournament(&strategies, &pd(), &o).unwrap());
}

#[test]
fn counters_only_grow_while_a_tournament_runs() {
    let o = TournamentOptions {
        turns: 2000,
        repetitions: 40,
        noise: 0.05,
        ..Default::default()
    };
    let strategies = field(6);
    let p = Progress::new();
    let finished = AtomicBool::new(false);
    let samples = thread::scope(|s| {
        let watcher = s.spawn(|| {
            let mut samples = Vec::new();
            while !finished.load(Ordering::Relaxed) {
                samples.push((p.done(), p.total()));
                thread::yield_now();
            }
            samples.push((p.done(), p.total()));
            samples
        });
        progress::with_progress(&p, || tournament(&strategies, &pd(), &o).unwrap());
        finished.store(true, Ordering::Relaxed);
        watcher.join().unwrap()
    });
    let total = (binomial(7, 2) * 40) as u64;
    assert!(
        samples.windows(2).all(|w| w[0].0 <= w[1].0),
        "done went down"
    );
    for &(done, t) in &samples {
        assert!(t.is_none() || t == Some(total));
        assert!(done <= total);
    }
    assert_eq!(samples.last(), Some(&(total, Some(total))));
}

#[test]
fn a_stopped_tournament_counts_no_more_than_its_total() {
    let token = StopToken::new();
    token.stop();
    let p = Progress::new();
    let r = interrupt::with_token(&token, || {
        progress::with_progress(&p, || {
            tournament(&field(4), &pd(), &TournamentOptions::default())
        })
    });
    assert_eq!(r.unwrap_err(), Error::Interrupted);
    assert!(p.done() < p.total().unwrap());
}

#[test]
fn lemke_howson_counts_every_label() {
    let g = pd();
    let (eqs, p) = watched(|| lemke_howson_all(&g, LemkeHowsonOptions::default()).unwrap());
    assert_eq!((p.done(), p.total()), (4, Some(4)));
    assert_eq!(
        eqs,
        lemke_howson_all(&g, LemkeHowsonOptions::default()).unwrap()
    );
    // Stopped paths are done too: the cap of one pivot stops the rock-paper-scissors paths.
    let a = array![[0.0, -1.0, 2.0], [2.0, 0.0, -1.0], [-1.0, 2.0, 0.0]];
    let rps = Game::from_bimatrix(a.view(), a.t()).unwrap();
    let one = LemkeHowsonOptions {
        max_pivots: Some(1),
        ..Default::default()
    };
    let (r, p) = watched(|| lemke_howson_all_labels(&rps, one));
    assert!(r.is_err());
    assert_eq!((p.done(), p.total()), (6, Some(6)));
    let exact = LemkeHowsonOptions {
        exact: true,
        ..Default::default()
    };
    let (_, p) = watched(|| lemke_howson_all_labels(&rps, exact).unwrap());
    assert_eq!((p.done(), p.total()), (6, Some(6)));
}

/// The `n × n` coordination game with positive diagonal `d`: both best-response polytopes
/// are boxes `{0 <= x_i <= 1/d_i}`, whose `2^n` vertices are all simple.
fn diagonal(d: &[i32]) -> Game {
    let n = d.len();
    let a = Array2::from_shape_fn((n, n), |(i, j)| if i == j { f64::from(d[i]) } else { 0.0 });
    Game::from_bimatrix(a.view(), a.view()).unwrap()
}

#[test]
fn enumeration_counts_the_bases_searched() {
    // Battle of the sexes: P and Q are rectangles, 4 vertices (bases) each; both are simple,
    // so exact mode searches P alone and solves for each vertex's partner in Q.
    let bos = Game::from_bimatrix(
        array![[2.0, 0.0], [0.0, 1.0]].view(),
        array![[1.0, 0.0], [0.0, 2.0]].view(),
    )
    .unwrap();
    let (all, p) = watched(|| enumerate_all(&bos, EnumerateOptions::default()).unwrap());
    assert_eq!(all.equilibria.len(), 3);
    assert_eq!((p.done(), p.total()), (4, None));
    // Ties at every pure strategy of both: the two-polytope search, 3 bases of P (a
    // triangle) and 3 of Q.
    let ties = array![[1.0, 1.0], [1.0, 1.0]];
    let g = Game::from_bimatrix(ties.view(), ties.view()).unwrap();
    let (_, p) = watched(|| enumerate_all(&g, EnumerateOptions::default()).unwrap());
    assert_eq!(p.done(), 6);
}

#[test]
fn enumeration_counts_do_not_depend_on_threads() {
    let g = diagonal(&[1, 2, 3, 4, 5, 6, 7]);
    for exact in [true, false] {
        let o = EnumerateOptions {
            exact,
            ..Default::default()
        };
        let runs: Vec<_> = [1, 2, 3]
            .into_iter()
            .map(|threads| on_threads(threads, || watched(|| enumerate_all(&g, o).unwrap())))
            .collect();
        for (all, p) in &runs {
            assert_eq!(all, &runs[0].0);
            assert_eq!(p.done(), runs[0].1.done(), "exact={exact}");
            assert!(p.done() > 0);
            assert_eq!(p.total(), None);
        }
        // 2^7 - 1 equilibria: one per non-empty support.
        assert_eq!(runs[0].0.equilibria.len(), 127);
        // Bases of one box (both are simple): all 2^7 exactly; in floats the reverse search,
        // every basis but the root.
        assert_eq!(runs[0].1.done(), if exact { 128 } else { 127 });
        assert_eq!(runs[0].0, enumerate_all(&g, o).unwrap());
    }
}

#[test]
fn network_counts_every_graph_once_per_pass() {
    let n = 4;
    let graphs = 1u64 << 6;
    // Any value function: its payoffs are read (one pass), then every graph is classified.
    let (s, p) = watched(|| {
        stable_graphs(n, |edges| {
            let mut u = vec![BigRational::from_integer(0.into()); n];
            for &(i, j) in edges {
                u[i] += frac(1, 1);
                u[j] -= frac(1, 3);
            }
            Ok(u)
        })
        .unwrap()
    });
    assert_eq!(s.num_graphs as u64, graphs);
    assert_eq!((p.done(), p.total()), (2 * graphs, Some(2 * graphs)));
    // The Myerson value: its table (one pass), then the classification.
    let majority = TUGame::from_fn(n, |c| if c.count_ones() >= 3 { 1.0 } else { 0.0 }).unwrap();
    let (_, p) = watched(|| myerson_stable_graphs(&majority, &frac(1, 10)).unwrap());
    assert_eq!((p.done(), p.total()), (2 * graphs, Some(2 * graphs)));
    // Built once, checked twice: one pass, then one per set of costs.
    let (_, p) = watched(|| {
        let m = MyersonNetwork::new(&majority).unwrap();
        m.stability(&vec![frac(1, 10); 6]).unwrap();
        m.stability(&vec![frac(1, 20); 6]).unwrap()
    });
    assert_eq!((p.done(), p.total()), (3 * graphs, Some(3 * graphs)));
}

#[test]
fn network_counts_do_not_depend_on_threads() {
    let g = TUGame::from_fn(5, |c| f64::from(c.count_ones()).powi(2)).unwrap();
    let runs: Vec<_> = [1, 2]
        .into_iter()
        .map(|threads| {
            on_threads(threads, || {
                watched(|| myerson_stable_graphs(&g, &frac(1, 4)).unwrap())
            })
        })
        .collect();
    assert_eq!(runs[0].0, runs[1].0);
    let graphs = 1u64 << 10;
    for (_, p) in &runs {
        assert_eq!((p.done(), p.total()), (2 * graphs, Some(2 * graphs)));
    }
}

#[test]
fn moran_counts_pairs_and_runs() {
    let m = array![[3.0, 0.0, 1.0], [5.0, 1.0, 2.0], [4.0, 0.5, 2.0]];
    let closed = MoranOptions {
        population: 10,
        intensity: 0.1,
        ..Default::default()
    };
    let (rho, p) = watched(|| moran(m.view(), &closed).unwrap());
    assert_eq!((p.done(), p.total()), (9, Some(9)));
    assert_eq!(rho, moran(m.view(), &closed).unwrap());
    // Simulation: trials per pair, 9 pairs; 3000 trials is not a multiple of the 1024 that
    // are counted at a time.
    let simulate = MoranOptions {
        method: MoranMethod::Simulate {
            trials: 3000,
            seed: 7,
        },
        ..closed
    };
    let runs: Vec<_> = [1, 2]
        .into_iter()
        .map(|threads| on_threads(threads, || watched(|| moran(m.view(), &simulate).unwrap())))
        .collect();
    for (rho, p) in &runs {
        assert_eq!(rho, &runs[0].0);
        assert_eq!((p.done(), p.total()), (9 * 3000, Some(9 * 3000)));
    }
    let exact: Vec<Vec<BigRational>> =
        vec![vec![frac(3, 1), frac(0, 1)], vec![frac(5, 1), frac(1, 1)]];
    let (_, p) = watched(|| moran_exact(&exact, 5, &frac(1, 2)).unwrap());
    assert_eq!((p.done(), p.total()), (4, Some(4)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Random bimatrix games: Lemke-Howson from every label counts `m + n`.
    #[test]
    fn lemke_howson_counts_m_plus_n(
        m in 1usize..5,
        n in 1usize..5,
        seed in proptest::collection::vec(-9i32..10, 16 * 2),
    ) {
        let a = Array2::from_shape_fn((m, n), |(i, j)| f64::from(seed[i * 4 + j]));
        let b = Array2::from_shape_fn((m, n), |(i, j)| f64::from(seed[16 + i * 4 + j]));
        let g = Game::from_bimatrix(a.view(), b.view()).unwrap();
        let (r, p) = watched(|| lemke_howson_all_labels(&g, LemkeHowsonOptions::default()));
        if r.is_ok() {
            prop_assert_eq!(p.done(), (m + n) as u64);
        }
        prop_assert_eq!(p.total(), Some((m + n) as u64));
    }

    /// Tournaments of random sizes count C(k + 1, 2) · repetitions matches.
    #[test]
    fn tournament_counts_match_the_binomial(k in 2usize..7, reps in 1usize..6) {
        let o = TournamentOptions { turns: 3, repetitions: reps, ..Default::default() };
        let (_, p) = watched(|| tournament(&field(k), &pd(), &o).unwrap());
        let matches = (binomial(k + 1, 2) * reps) as u64;
        prop_assert_eq!((p.done(), p.total()), (matches, Some(matches)));
    }
}
