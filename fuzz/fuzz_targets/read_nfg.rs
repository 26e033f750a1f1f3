//! Arbitrary bytes into `read_nfg`: it must never panic, and whatever it accepts must survive
//! a round trip through `Game::to_nfg`.
#![no_main]

use detente::io::read_nfg;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(game) = read_nfg(&text) {
        let written = game.to_nfg();
        let again = read_nfg(&written)
            .unwrap_or_else(|e| panic!("to_nfg wrote text read_nfg rejects: {e}\n{written}"));
        assert_eq!(again, game, "round trip changed the game:\n{written}");
    }
});
