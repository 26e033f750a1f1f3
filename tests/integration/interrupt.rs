//! Stopping long computations with a [`StopToken`]. Every test stops a token of its own, so
//! the tests of this binary may run in parallel: a stop never reaches another test's call.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use detente::dynamics::{
    self, BestResponseOptions, FictitiousPlayOptions, ReplicatorOptions, Starts,
};
use detente::interrupt::{self, StopToken};
use detente::solve::{
    self, DominanceOptions, EnumerateOptions, HomotopyOptions, LemkeHowsonOptions,
    SupportEnumerationOptions, dominance, dominated, enumerate_all, lemke_howson, lemke_howson_all,
};
use detente::{Error, Game};
use ndarray::array;

use crate::common::splitmix_bimatrix;

/// A stopped token.
fn stopped() -> StopToken {
    let token = StopToken::new();
    token.stop();
    token
}

/// A random 200x200 game (splitmix64 payoffs) whose path from label 0 takes about 26 000
/// pivots, far more than the 128 between two interrupt checks.
fn long_path_game() -> Game {
    splitmix_bimatrix(200, 200_001)
}

#[test]
fn a_stopped_token_stops_dominance() {
    let a = array![[3.0, 0.0], [1.0, 1.0], [0.0, 3.0]];
    let g = Game::from_bimatrix(a.view(), a.view()).unwrap();
    let token = stopped();
    let stopped = interrupt::with_token(&token, || dominance(&g, DominanceOptions::default()));
    let stopped_one =
        interrupt::with_token(&token, || dominated(&g, 0, DominanceOptions::default()));
    assert_eq!(stopped.unwrap_err(), Error::Interrupted);
    assert_eq!(stopped_one.unwrap_err(), Error::Interrupted);
    // Outside the token, the same call runs.
    assert_eq!(
        dominance(&g, DominanceOptions::default()).unwrap().kept[0],
        vec![0, 2]
    );
}

#[test]
fn a_stopped_token_stops_every_dynamic() {
    let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
    let starts = Starts::Random { count: 4, seed: 1 };
    let token = stopped();
    let (br, fp, rep) = interrupt::with_token(&token, || {
        (
            dynamics::best_response(&g, &starts, &BestResponseOptions::default()),
            dynamics::fictitious_play(&g, &starts, &FictitiousPlayOptions::default()),
            dynamics::replicator(&g, &starts, &ReplicatorOptions::default()),
        )
    });
    assert_eq!(br.unwrap_err(), Error::Interrupted);
    assert_eq!(fp.unwrap_err(), Error::Interrupted);
    assert_eq!(rep.unwrap_err(), Error::Interrupted);
    assert!(dynamics::best_response(&g, &starts, &BestResponseOptions::default()).is_ok());
}

#[test]
fn a_stopped_token_stops_enumeration() {
    let a = array![[2.0, 0.0], [0.0, 1.0]];
    let g = Game::from_bimatrix(a.view(), a.t()).unwrap();
    for exact in [true, false] {
        let options = EnumerateOptions {
            exact,
            ..EnumerateOptions::default()
        };
        let stopped = interrupt::with_token(&stopped(), || enumerate_all(&g, options));
        assert_eq!(stopped.unwrap_err(), Error::Interrupted);
        assert_eq!(enumerate_all(&g, options).unwrap().equilibria.len(), 3);
    }
}

#[test]
fn a_stopped_token_stops_lemke_howson() {
    let g = long_path_game();
    let options = LemkeHowsonOptions::default();
    let token = stopped();
    let stopped = interrupt::with_token(&token, || lemke_howson(&g, 0, options));
    let stopped_all = interrupt::with_token(&token, || lemke_howson_all(&g, options));
    assert_eq!(stopped.unwrap_err(), Error::Interrupted);
    assert_eq!(stopped_all.unwrap_err(), Error::Interrupted);
    // Outside the token, the path runs (here into a small pivot cap).
    let capped = LemkeHowsonOptions {
        exact: false,
        max_pivots: Some(100),
    };
    assert!(matches!(lemke_howson(&g, 0, capped), Err(Error::Solver(_))));
}

#[test]
fn a_stopped_token_stops_the_nplayer_solvers() {
    let g = Game::from_bimatrix(
        array![[9.0, 0.0], [0.0, 1.0]].view(),
        array![[0.0, 1.0], [1.0, 0.0]].view(),
    )
    .unwrap();
    let token = stopped();
    let (homotopy, supports, qre) = interrupt::with_token(&token, || {
        (
            solve::logit_homotopy(&g, HomotopyOptions::default()),
            solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default()),
            solve::logit_qre(&g, &[1.0]),
        )
    });
    assert_eq!(homotopy.unwrap_err(), Error::Interrupted);
    assert_eq!(supports.unwrap_err(), Error::Interrupted);
    assert_eq!(qre.unwrap_err(), Error::Interrupted);
    assert!(
        solve::logit_homotopy(&g, HomotopyOptions::default())
            .unwrap()
            .regret
            <= 1e-9
    );
}

#[test]
fn a_token_stopped_mid_call_stops_the_parallel_work() {
    // All m + n paths run on rayon's threads; the stop comes from another thread while they
    // pivot, and reaches them through the token they carry.
    let g = long_path_game();
    let token = StopToken::new();
    let (started, wait) = mpsc::channel();
    let stopper = {
        let token = token.clone();
        thread::spawn(move || {
            wait.recv().unwrap();
            thread::sleep(Duration::from_millis(20));
            token.stop();
        })
    };
    let result = interrupt::with_token(&token, || {
        started.send(()).unwrap();
        lemke_howson_all(&g, LemkeHowsonOptions::default())
    });
    stopper.join().unwrap();
    assert_eq!(result.unwrap_err(), Error::Interrupted);
}

#[test]
fn two_concurrent_calls_with_separate_tokens_do_not_affect_each_other() {
    // Both run all Lemke-Howson paths of the same game on rayon's shared pool at once; only
    // the first one's token is stopped, while both are running.
    let g = long_path_game();
    let capped = LemkeHowsonOptions {
        exact: false,
        max_pivots: Some(2_000),
    };
    let (first, second) = (StopToken::new(), StopToken::new());
    let (started, wait) = mpsc::channel();
    let (stopped_tx, stopped_rx) = mpsc::channel();
    let results = thread::scope(|s| {
        let one = s.spawn(|| {
            interrupt::with_token(&first, || {
                started.send(()).unwrap();
                lemke_howson_all(&g, LemkeHowsonOptions::default())
            })
        });
        let (g, second) = (&g, &second);
        let two = s.spawn(move || {
            interrupt::with_token(second, || {
                // Start once the first call runs and its token is stopped, then also run
                // while the first winds down: its stop must not leak into this call.
                stopped_rx.recv().unwrap();
                (0..4)
                    .map(|_| lemke_howson_all(g, capped))
                    .collect::<Vec<_>>()
            })
        });
        wait.recv().unwrap();
        thread::sleep(Duration::from_millis(20));
        first.stop();
        stopped_tx.send(()).unwrap();
        (one.join().unwrap(), two.join().unwrap())
    });
    assert_eq!(results.0.unwrap_err(), Error::Interrupted);
    // The second call ran to its own end: the pivot cap, never an interrupt.
    for r in results.1 {
        assert!(matches!(r, Err(Error::Solver(_))), "{r:?}");
    }
    assert!(first.is_stopped() && !second.is_stopped());
}

#[test]
fn a_token_does_not_outlive_its_closure() {
    let token = stopped();
    assert!(interrupt::with_token(&token, interrupt::check).is_err());
    assert!(interrupt::current().is_none());
    assert!(interrupt::check().is_ok());
    // Also when the closure panics.
    let unwound = std::panic::catch_unwind(|| {
        interrupt::with_token(&token, || panic!("inside"));
    });
    assert!(unwound.is_err());
    assert!(interrupt::current().is_none());
}
