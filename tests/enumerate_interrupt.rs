//! Ctrl-C during enumeration. A separate test binary: the interrupt flag is process-wide, so
//! setting it next to other tests would interrupt them too.

use detente::solve::{EnumerateOptions, enumerate_all};
use detente::{Error, Game, interrupt};
use ndarray::array;

#[test]
fn a_requested_interrupt_stops_enumeration() {
    let a = array![[2.0, 0.0], [0.0, 1.0]];
    let g = Game::from_bimatrix(a.view(), a.t()).unwrap();
    for exact in [true, false] {
        let options = EnumerateOptions {
            exact,
            ..EnumerateOptions::default()
        };
        interrupt::request();
        let stopped = enumerate_all(&g, options);
        interrupt::clear();
        assert_eq!(stopped.unwrap_err(), Error::Interrupted);
        assert_eq!(enumerate_all(&g, options).unwrap().equilibria.len(), 3);
    }
}
