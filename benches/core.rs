//! Criterion benchmarks of detente's core operations, in Rust (no Python overhead).
//!
//! Run with `cargo bench --bench core` (about a minute), or one group with e.g.
//! `cargo bench --bench core -- solve_pure`. Every benchmark takes 10 samples over a short
//! measurement window, so expect a few percent of noise: compare medians, not single runs.
//!
//! | group | what is timed |
//! | --- | --- |
//! | `construction` | [`Game::from_bimatrix`] of two 500×500 matrices; [`Game::new`] of a 4^8 tensor (the path `detente.Game(array)` takes, minus numpy) |
//! | `solve_pure` | [`solve::pure`] on random games of 10^4, 4^8 = 65 536, 100^3 = 10^6 and 4^10 ≈ 1.05·10^6 profiles; the 4^8 and 4^10 scans again on a one-thread rayon pool; and a 4^8 game in which every profile is an equilibrium (so the cost of building and certifying [`detente::Equilibrium`] values shows) |
//! | `regret` | [`Game::regret`] of the uniform mixed profile of a random 4^8 game (a full contraction of the payoff tensor per player) |
//!
//! Payoffs come from a splitmix64 generator written below (no `rand` dependency), so every
//! run times the same games. `benches/compare_peers.py` times the same operations from
//! Python against Gambit, nashpy, QuantEcon and plain numpy.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use detente::{Game, solve};
use ndarray::{Array2, ArrayD, IxDyn};

/// splitmix64 (Steele, Lea & Flood 2014): a tiny, good-enough deterministic generator.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// A payoff tensor of shape `(shape…, N)` with independent uniform payoffs.
fn random_payoffs(shape: &[usize], seed: u64) -> ArrayD<f64> {
    let mut rng = SplitMix64(seed);
    let mut full = shape.to_vec();
    full.push(shape.len());
    let len = full.iter().product();
    let data = (0..len).map(|_| rng.next_f64()).collect();
    ArrayD::from_shape_vec(IxDyn(&full), data).expect("shape and data agree")
}

fn random_game(shape: &[usize], seed: u64) -> Game {
    Game::new(random_payoffs(shape, seed)).expect("random payoffs are finite")
}

fn random_matrix(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut rng = SplitMix64(seed);
    Array2::from_shape_simple_fn((rows, cols), || rng.next_f64())
}

/// Short windows: the whole file should finish in a couple of minutes on two busy cores.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

fn construction(c: &mut Criterion) {
    let mut group = c.benchmark_group("construction");
    // Flat sampling: 10 equal samples, so tens-of-milliseconds cases fit the time window.
    group.sampling_mode(SamplingMode::Flat);
    let (a, b) = (random_matrix(500, 500, 1), random_matrix(500, 500, 2));
    group.bench_function("from_bimatrix/500x500", |bench| {
        bench.iter(|| Game::from_bimatrix(black_box(a.view()), black_box(b.view())).unwrap());
    });
    let payoffs = random_payoffs(&[4; 8], 3);
    group.bench_function("new/4^8", |bench| {
        bench.iter_batched(
            || payoffs.clone(),
            |p| Game::new(p).unwrap(),
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

fn solve_pure(c: &mut Criterion) {
    let mut group = c.benchmark_group("solve_pure");
    // Flat sampling: 10 equal samples, so tens-of-milliseconds cases fit the time window.
    group.sampling_mode(SamplingMode::Flat);
    // Room for ten 200 ms samples of the all-equilibria case.
    group.measurement_time(Duration::from_secs(3));
    let cases: [(&str, &[usize]); 4] = [
        ("10^4 (10x10x10x10)", &[10; 4]),
        ("4^8 (8 players x 4)", &[4; 8]),
        ("10^6 (100x100x100)", &[100; 3]),
        ("4^10 (10 players x 4)", &[4; 10]),
    ];
    for (i, (name, shape)) in cases.into_iter().enumerate() {
        let game = random_game(shape, 10 + i as u64);
        group.bench_with_input(BenchmarkId::from_parameter(name), &game, |bench, g| {
            bench.iter(|| solve::pure(black_box(g), 0.0).unwrap());
        });
    }
    // The same scans on one thread: the parallel speed-up on a busy machine is unreliable,
    // and this isolates the cost of the scan itself.
    let single = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    for (i, (name, shape)) in cases.into_iter().enumerate().skip(1).step_by(2) {
        let game = random_game(shape, 10 + i as u64);
        let id = BenchmarkId::new("1 thread", name);
        group.bench_with_input(id, &game, |bench, g| {
            bench.iter(|| single.install(|| solve::pure(black_box(g), 0.0).unwrap()));
        });
    }
    // Constant payoffs: all 65 536 profiles are equilibria, so this times the Equilibrium
    // objects (strategy vectors, payoffs, regret certificate) rather than the scan.
    let flat = Game::from_fn(&[4; 8], |_, _| 1.0).unwrap();
    group.bench_function("4^8 all profiles equilibria", |bench| {
        bench.iter(|| solve::pure(black_box(&flat), 0.0).unwrap());
    });
    group.finish();
}

fn regret(c: &mut Criterion) {
    let mut group = c.benchmark_group("regret");
    let game = random_game(&[4; 8], 20);
    let uniform = game.uniform_profile();
    group.bench_function("uniform/4^8", |bench| {
        bench.iter(|| game.regret(black_box(&uniform)).unwrap());
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = construction, solve_pure, regret
}
criterion_main!(benches);
