//! Ctrl-C during learning dynamics. A separate test binary: the interrupt flag is
//! process-wide, so setting it next to other tests would interrupt them too.

use detente::dynamics::{
    self, BestResponseOptions, FictitiousPlayOptions, ReplicatorOptions, Starts,
};
use detente::{Error, Game, interrupt};
use ndarray::array;

#[test]
fn a_requested_interrupt_stops_every_dynamic() {
    let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
    let starts = Starts::Random { count: 4, seed: 1 };
    interrupt::request();
    let br = dynamics::best_response(&g, &starts, &BestResponseOptions::default());
    let fp = dynamics::fictitious_play(&g, &starts, &FictitiousPlayOptions::default());
    let rep = dynamics::replicator(&g, &starts, &ReplicatorOptions::default());
    interrupt::clear();
    assert_eq!(br.unwrap_err(), Error::Interrupted);
    assert_eq!(fp.unwrap_err(), Error::Interrupted);
    assert_eq!(rep.unwrap_err(), Error::Interrupted);
    assert!(dynamics::best_response(&g, &starts, &BestResponseOptions::default()).is_ok());
}
