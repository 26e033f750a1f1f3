//! Ctrl-C during Lemke–Howson. A separate test binary: the interrupt flag is process-wide, so
//! setting it next to other tests would interrupt them too.

use detente::solve::{LemkeHowsonOptions, lemke_howson, lemke_howson_all};
use detente::{Error, Game, interrupt};
use ndarray::Array2;

/// A random 200x200 game (splitmix64 payoffs) whose path from label 0 takes about 26 000
/// pivots, far more than the 128 between two interrupt checks.
fn long_path_game() -> Game {
    let mut state: u64 = 200_001;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let a = Array2::from_shape_simple_fn((200, 200), &mut next);
    let b = Array2::from_shape_simple_fn((200, 200), &mut next);
    Game::from_bimatrix(a.view(), b.view()).unwrap()
}

#[test]
fn a_requested_interrupt_stops_lemke_howson() {
    let g = long_path_game();
    let options = LemkeHowsonOptions::default();
    interrupt::request();
    let stopped = lemke_howson(&g, 0, options);
    let stopped_all = lemke_howson_all(&g, options);
    interrupt::clear();
    assert_eq!(stopped.unwrap_err(), Error::Interrupted);
    assert_eq!(stopped_all.unwrap_err(), Error::Interrupted);
    // Once the request is withdrawn, the path runs again (here into a small pivot cap).
    let capped = LemkeHowsonOptions {
        exact: false,
        max_pivots: 100,
    };
    assert!(matches!(lemke_howson(&g, 0, capped), Err(Error::Solver(_))));
}
