//! Criterion benchmarks of Lemke–Howson on random bimatrix games (label 0).
//!
//! Run with `cargo bench --bench lemke_howson` (under a minute).
//!
//! | group | what is timed |
//! | --- | --- |
//! | `lemke_howson` | [`solve::lemke_howson`] in `f64` on random 50×50, 100×100 and 200×200 games with independent uniform payoffs, and in exact arithmetic on 20×20 and 50×50 |
//!
//! Payoffs come from a splitmix64 generator (no `rand` dependency), so every run times the
//! same games.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use detente::Game;
use detente::solve::{self, LemkeHowsonOptions};
use ndarray::Array2;

/// splitmix64 (Steele, Lea & Flood 2014): a tiny, good-enough deterministic generator.
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

fn random_bimatrix(n: usize, seed: u64) -> Game {
    let mut rng = SplitMix64(seed);
    let a = Array2::from_shape_simple_fn((n, n), || rng.next_f64());
    let b = Array2::from_shape_simple_fn((n, n), || rng.next_f64());
    Game::from_bimatrix(a.view(), b.view()).expect("random payoffs are finite")
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

fn lemke_howson(c: &mut Criterion) {
    let mut group = c.benchmark_group("lemke_howson");
    let cases = [
        (false, 50),
        (false, 100),
        (false, 200),
        (true, 20),
        (true, 50),
    ];
    for (exact, n) in cases {
        let game = random_bimatrix(n, n as u64);
        // The 200×200 game's path has 208 786 pivots, within the default cap for its size
        // (1.6 million; the fixed cap of 100 000 before stopped it).
        let options = LemkeHowsonOptions {
            exact,
            max_pivots: None,
        };
        let name = format!("{}/{n}x{n}", if exact { "exact" } else { "f64" });
        group.bench_with_input(BenchmarkId::from_parameter(name), &game, |bench, g| {
            bench.iter(|| solve::lemke_howson(black_box(g), 0, options).unwrap());
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = lemke_howson
}
criterion_main!(benches);
