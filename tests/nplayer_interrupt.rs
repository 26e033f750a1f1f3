//! Ctrl-C during the n-player solvers. A separate test binary: the interrupt flag is
//! process-wide, so setting it next to other tests would interrupt them too.

use detente::solve::{self, HomotopyOptions, SupportEnumerationOptions};
use detente::{Error, Game, interrupt};
use ndarray::array;

#[test]
fn a_requested_interrupt_stops_the_nplayer_solvers() {
    let g = Game::from_bimatrix(
        array![[9.0, 0.0], [0.0, 1.0]].view(),
        array![[0.0, 1.0], [1.0, 0.0]].view(),
    )
    .unwrap();
    interrupt::request();
    let homotopy = solve::logit_homotopy(&g, HomotopyOptions::default());
    let supports = solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default());
    let qre = solve::logit_qre(&g, &[1.0]);
    interrupt::clear();
    assert_eq!(homotopy.unwrap_err(), Error::Interrupted);
    assert_eq!(supports.unwrap_err(), Error::Interrupted);
    assert_eq!(qre.unwrap_err(), Error::Interrupted);
    // Once cleared, the same calls succeed.
    assert!(
        solve::logit_homotopy(&g, HomotopyOptions::default())
            .unwrap()
            .regret
            <= 1e-9
    );
}
