//! Ctrl-C during dominance. A separate test binary: the interrupt flag is process-wide, so
//! setting it next to other tests would interrupt them too.

use detente::solve::{DominanceOptions, dominance, dominated};
use detente::{Error, Game, interrupt};
use ndarray::array;

#[test]
fn a_requested_interrupt_stops_dominance() {
    let a = array![[3.0, 0.0], [1.0, 1.0], [0.0, 3.0]];
    let g = Game::from_bimatrix(a.view(), a.view()).unwrap();
    interrupt::request();
    let stopped = dominance(&g, DominanceOptions::default());
    let stopped_one = dominated(&g, 0, DominanceOptions::default());
    interrupt::clear();
    assert_eq!(stopped.unwrap_err(), Error::Interrupted);
    assert_eq!(stopped_one.unwrap_err(), Error::Interrupted);
    assert_eq!(
        dominance(&g, DominanceOptions::default()).unwrap().kept[0],
        vec![0, 2]
    );
}
