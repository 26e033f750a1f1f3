//! Median wall time of `solve::lemke_howson` (f64, label 0) on random square games.
//!
//! Run with `cargo run --release --example lemke_howson_timing [games per size]`. Payoffs
//! are independent uniforms from a splitmix64 generator seeded by the game's index, so runs
//! are reproducible. Path lengths of Lemke–Howson vary a lot between games (from a dozen
//! pivots to many thousands), so medians over many games are reported, not one game.

use std::time::Instant;

use detente::Game;
use detente::solve::{LemkeHowsonOptions, lemke_howson};
use ndarray::Array2;

/// splitmix64 (Steele, Lea & Flood 2014).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

fn random_game(n: usize, seed: u64) -> Game {
    let mut rng = SplitMix64(seed);
    let a = Array2::from_shape_simple_fn((n, n), || rng.next_f64());
    let b = Array2::from_shape_simple_fn((n, n), || rng.next_f64());
    Game::from_bimatrix(a.view(), b.view()).expect("finite payoffs")
}

fn main() -> detente::Result<()> {
    let games: u64 = std::env::args()
        .nth(1)
        .map_or(21, |s| s.parse().expect("the number of games per size"));
    for n in [50, 100, 200] {
        let mut times = Vec::new();
        let mut capped = 0;
        for seed in 0..games {
            let g = random_game(n, 1000 * n as u64 + seed);
            let start = Instant::now();
            match lemke_howson(&g, 0, LemkeHowsonOptions::default()) {
                Ok(eq) => {
                    times.push(start.elapsed().as_secs_f64());
                    assert!(eq.regret <= 1e-9, "regret {}", eq.regret);
                }
                Err(detente::Error::Solver(_)) => capped += 1,
                Err(e) => return Err(e),
            }
        }
        times.sort_by(f64::total_cmp);
        let q = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize] * 1e3;
        println!(
            "{n}x{n}: {} games, median {:.2} ms (quartiles {:.2} / {:.2} ms), {capped} hit the \
             pivot cap",
            times.len(),
            q(0.5),
            q(0.25),
            q(0.75)
        );
    }
    Ok(())
}
