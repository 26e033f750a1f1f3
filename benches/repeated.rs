//! Criterion benchmarks of the repeated-game analyses of automaton profiles, in Rust.
//!
//! Run with `cargo bench --bench repeated` (well under a minute).
//!
//! | group | what is timed |
//! | --- | --- |
//! | `is_spe` | [`RepeatedGame::is_spe`] of a 2-player profile of two 4-state pure automata in the prisoners' dilemma (all 16 joint states reachable), in floats (a float stage game) and exactly (rationals, an exact stage game) |
//! | `payoffs` | [`RepeatedGame::payoffs`] of the same profile, floats and exact |
//! | `spe_discount_range` | [`RepeatedGame::spe_discount_range`] of the same profile (exact constraint polynomials and root isolation) |

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use detente::Game;
use detente::repeated::{Automaton, RepeatedGame};
use detente::solve::BigRational;
use ndarray::array;

/// A 4-state automaton of the 2×2 prisoners' dilemma: cooperate (0) in states 0 and 2,
/// defect in 1 and 3; transitions mix forgiveness and punishment so that every joint state of
/// two copies is reachable.
fn four_state(initial: usize) -> Automaton {
    Automaton::pure(
        (0..4).map(|s| format!("s{s}")).collect(),
        vec![0, 1, 0, 1],
        // next state after (own, other) = CC, CD, DC, DD
        vec![
            vec![0, 1, 2, 3],
            vec![2, 3, 0, 1],
            vec![0, 3, 1, 2],
            vec![3, 3, 0, 2],
        ],
        vec![2, 2],
        initial,
    )
    .expect("a valid automaton")
}

fn games() -> (RepeatedGame, RepeatedGame) {
    let float_pd = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .expect("a valid game");
    let r = |x: i64| BigRational::from_integer(x.into());
    let a = array![[r(3), r(0)], [r(5), r(1)]].into_dyn();
    let exact_pd = Game::from_exact_player_arrays(&[a.view(), a.t()]).expect("a valid game");
    (
        RepeatedGame::new(float_pd, 0.9).expect("a valid discount"),
        RepeatedGame::new(exact_pd, 0.9).expect("a valid discount"),
    )
}

fn bench(c: &mut Criterion) {
    let (float_rg, exact_rg) = games();
    let (a, b) = (four_state(0), four_state(2));
    let profile = [&a, &b];
    assert_eq!(float_rg.is_spe(&profile).unwrap().joint_states, 16);

    let mut group = c.benchmark_group("is_spe");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    group.bench_function("4x4 states, floats", |bench| {
        bench.iter(|| black_box(float_rg.is_spe(black_box(&profile)).unwrap()))
    });
    group.bench_function("4x4 states, exact", |bench| {
        bench.iter(|| black_box(exact_rg.is_spe(black_box(&profile)).unwrap()))
    });
    group.finish();

    let mut group = c.benchmark_group("payoffs");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    group.bench_function("4x4 states, floats", |bench| {
        bench.iter(|| black_box(float_rg.payoffs(black_box(&profile)).unwrap()))
    });
    group.bench_function("4x4 states, exact", |bench| {
        bench.iter(|| black_box(exact_rg.payoffs(black_box(&profile)).unwrap()))
    });
    group.finish();

    let mut group = c.benchmark_group("spe_discount_range");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    group.bench_function("4x4 states", |bench| {
        bench.iter(|| black_box(exact_rg.spe_discount_range(black_box(&profile)).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
