//! Tournaments, the strategy library and the Moran process (`detente::repeated`), checked
//! against hand-derived plays, an independent step-by-step simulation through the public
//! `Automaton::next`, binomial tolerances, and an independent solve of the Moran chain.

use detente::interrupt::{self, StopToken};
use detente::repeated::strategies::{self, n_player};
use detente::repeated::{
    Automaton, MoranMethod, MoranOptions, Tournament, TournamentOptions, moran, moran_exact,
    tournament,
};
use detente::{Error, Game};
use ndarray::{Array2, ArrayD, IxDyn, array};
use num_rational::BigRational;
use proptest::prelude::*;

use crate::common::frac;

/// The prisoner's dilemma `(R, S, T, P) = (3, 0, 5, 1)`, action 0 = cooperate.
fn pd() -> Game {
    Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap()
}

fn options(turns: usize, repetitions: usize) -> TournamentOptions {
    TournamentOptions {
        turns,
        repetitions,
        ..Default::default()
    }
}

fn run(strategies: &[Automaton], stage: &Game, o: &TournamentOptions) -> Tournament {
    tournament(strategies, stage, o).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn tit_for_tat_against_always_defect_is_suckered_once() {
    let t = run(
        &[strategies::tit_for_tat(), strategies::defect()],
        &pd(),
        &options(200, 3),
    );
    // TFT: S once, then P for 199 turns; always-defect: T once, then P.
    assert!(close(
        t.payoff_matrix[0][1].unwrap(),
        (0.0 + 199.0 * 1.0) / 200.0
    ));
    assert!(close(t.payoff_matrix[1][0].unwrap(), (5.0 + 199.0) / 200.0));
    assert!(close(t.payoff_matrix[0][0].unwrap(), 3.0));
    assert!(close(t.payoff_matrix[1][1].unwrap(), 1.0));
    assert_eq!(t.scores[0], vec![199.0 / 200.0; 3]);
    assert_eq!(t.ranking, vec![1, 0]);
    assert_eq!(t.wins, vec![0, 3]);
    assert!(close(t.cooperation_rate[0], 1.0 / 200.0));
    assert_eq!(t.turns_played, 3 * 3 * 200);
}

#[test]
fn win_stay_lose_shift_and_suspicious_tit_for_tat_cycle_with_period_three() {
    // (C,D) → WSLS shifts, STFT copies: (D,C) → WSLS stays: (D,D) → WSLS shifts: (C,D) …
    // 66 cycles worth 6 each to both, then (C,D), (D,C): 401 points over 200 turns each.
    let t = run(
        &[
            strategies::win_stay_lose_shift(),
            strategies::suspicious_tit_for_tat(),
        ],
        &pd(),
        &options(200, 1),
    );
    assert!(close(t.payoff_matrix[0][1].unwrap(), 401.0 / 200.0));
    assert!(close(t.payoff_matrix[1][0].unwrap(), 401.0 / 200.0));
    // Each cooperates in one turn of three: 67 times for WSLS, 66 + 1 for STFT.
    assert!(close(t.cooperation_rate[0], 67.0 / 200.0));
    assert!(close(t.cooperation_rate[1], 67.0 / 200.0));
    assert_eq!(t.wins, vec![0, 0]);
}

#[test]
fn tit_for_tat_echoes_the_alternator() {
    // (C,C), then (C,D), (D,C), … : 100 of (C,D) and 99 of (D,C) after the first turn.
    let t = run(
        &[strategies::tit_for_tat(), strategies::alternator()],
        &pd(),
        &options(200, 2),
    );
    assert!(close(
        t.payoff_matrix[0][1].unwrap(),
        (3.0 + 5.0 * 99.0) / 200.0
    ));
    assert!(close(
        t.payoff_matrix[1][0].unwrap(),
        (3.0 + 5.0 * 100.0) / 200.0
    ));
}

#[test]
fn discounting_weights_turn_t_by_delta_to_the_t() {
    let o = TournamentOptions {
        discount: Some(0.5),
        ..options(30, 1)
    };
    let t = run(
        &[strategies::tit_for_tat(), strategies::defect()],
        &pd(),
        &o,
    );
    let weights: Vec<f64> = (0..30).map(|k| 0.5f64.powi(k)).collect();
    let total: f64 = weights.iter().sum();
    let tft = weights[1..].iter().sum::<f64>() / total;
    let alld = (5.0 + weights[1..].iter().sum::<f64>()) / total;
    assert!(close(t.payoff_matrix[0][1].unwrap(), tft));
    assert!(close(t.payoff_matrix[1][0].unwrap(), alld));
}

#[test]
fn asymmetric_stage_games_are_played_in_both_seats() {
    let g = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[2.0, 6.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    let t = run(
        &[strategies::cooperate(), strategies::defect()],
        &g,
        &options(10, 1),
    );
    // Seat 1 vs seat 2: C vs D gives (0, 6); D vs C gives (5, 0).
    assert!(close(t.payoff_matrix[0][1].unwrap(), 0.0));
    assert!(close(t.payoff_matrix[1][0].unwrap(), (6.0 + 5.0) / 2.0));
    // Self-play averages both seats: C vs C (3, 2), D vs D (1, 1).
    assert!(close(t.payoff_matrix[0][0].unwrap(), 2.5));
    assert_eq!(t.turns_played, 4 * 10);
}

/// The 3-player public-goods game: contributing costs 1, the pot is multiplied by 3/2 and
/// shared equally.
fn public_goods() -> Game {
    let mut u = ArrayD::zeros(IxDyn(&[2, 2, 2, 3]));
    for a in 0..2 {
        for b in 0..2 {
            for c in 0..2 {
                let actions = [a, b, c];
                let pot = actions.iter().filter(|&&x| x == 0).count() as f64 * 1.5;
                for i in 0..3 {
                    u[[a, b, c, i]] = pot / 3.0 - f64::from(u8::from(actions[i] == 0));
                }
            }
        }
    }
    Game::new(u).unwrap()
}

#[test]
fn n_player_public_goods_scores_follow_from_the_groups() {
    let field = [
        n_player::cooperate(3).unwrap(),
        n_player::defect(3).unwrap(),
    ];
    let t = run(&field, &public_goods(), &options(5, 2));
    // Groups CCD and CDD: the cooperator earns 0 and −1/2, the defector 1 and 1/2.
    assert!(close(t.scores[0][0], -0.25));
    assert!(close(t.scores[1][1], 0.75));
    // Matrix: C with D among the others (CCD, CDD): −1/4; C with a copy (CCC, CCD): 1/4.
    assert!(close(t.payoff_matrix[0][1].unwrap(), -0.25));
    assert!(close(t.payoff_matrix[0][0].unwrap(), 0.25));
    // D with a copy (CDD, DDD): (1/2 + 0) / 2.
    assert!(close(t.payoff_matrix[1][1].unwrap(), 0.25));
    assert_eq!(t.ranking, vec![1, 0]);
    // Grim in a group with a defector cooperates once.
    let field = [
        n_player::grim_trigger(3).unwrap(),
        n_player::defect(3).unwrap(),
    ];
    let t = run(&field, &public_goods(), &options(10, 1));
    assert!(close(t.cooperation_rate[0], 0.1), "{:?}", t);
}

/// Plays pure automata with no noise through the public `Automaton::next`, one turn at a
/// time: the per-turn mean payoffs of the two seats.
fn brute_force(a: &Automaton, b: &Automaton, g: &Game, turns: usize) -> (f64, f64) {
    let (mut s, mut t) = (a.initial(), b.initial());
    let (mut x, mut y) = (0.0, 0.0);
    for _ in 0..turns {
        let (i, j) = (a.pure_output(s).unwrap(), b.pure_output(t).unwrap());
        let u = g.pure_payoffs(&[i, j]);
        x += u[0];
        y += u[1];
        s = a.next(s, &[i, j]);
        t = b.next(t, &[j, i]);
    }
    (x / turns as f64, y / turns as f64)
}

fn classic_field() -> Vec<Automaton> {
    vec![
        strategies::cooperate(),
        strategies::defect(),
        strategies::tit_for_tat(),
        strategies::suspicious_tit_for_tat(),
        strategies::tit_for_two_tats(),
        strategies::two_tits_for_tat(),
        strategies::win_stay_lose_shift(),
        strategies::grim_trigger(),
        strategies::grudger(),
        strategies::forgiving_grudger(3).unwrap(),
        strategies::soft_grudger(),
        strategies::alternator(),
        strategies::cycler("CCD").unwrap(),
    ]
}

#[test]
fn deterministic_scores_match_a_step_by_step_simulation() {
    let field = classic_field();
    let t = run(&field, &pd(), &options(57, 2));
    for (i, a) in field.iter().enumerate() {
        for (j, b) in field.iter().enumerate() {
            let (x, _) = brute_force(a, b, &pd(), 57);
            let got = t.payoff_matrix[i][j].unwrap();
            assert!(close(got, x), "{i} vs {j}: {got} != {x}");
        }
    }
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let mut field = classic_field();
    field.push(strategies::random(frac(1, 2)).unwrap());
    field.push(strategies::generous_tit_for_tat(frac(1, 3)).unwrap());
    let o = TournamentOptions {
        noise: 0.05,
        seed: 42,
        ..options(100, 5)
    };
    let one = pool(1).install(|| run(&field, &pd(), &o));
    let four = pool(4).install(|| run(&field, &pd(), &o));
    assert_eq!(one, four);
    assert_eq!(one, run(&field, &pd(), &o));
    let other_seed = TournamentOptions { seed: 43, ..o };
    assert_ne!(one.scores, run(&field, &pd(), &other_seed).scores);
}

/// `|observed − n p| ≤ 5 sd` for a binomial count (a false alarm about once in 3.5 million).
fn within_binomial(observed: f64, n: f64, p: f64) -> bool {
    (observed - n * p).abs() <= 5.0 * (n * p * (1.0 - p)).sqrt()
}

#[test]
fn noise_flips_actions_at_the_given_rate() {
    // Two always-cooperators: every defection is a flip. Each plays 1000 × 40 turns.
    let field = [
        strategies::cooperate(),
        strategies::memory_one(frac(1, 1), frac(1, 1), frac(1, 1), frac(1, 1), frac(1, 1)).unwrap(),
    ];
    for noise in [0.01, 0.05, 0.3] {
        let o = TournamentOptions {
            noise,
            seed: 7,
            self_play: false,
            ..options(1000, 40)
        };
        let t = run(&field, &pd(), &o);
        let n = 40_000.0;
        for rate in &t.cooperation_rate {
            let flips = (1.0 - rate) * n;
            assert!(within_binomial(flips, n, noise), "{flips} flips at {noise}");
        }
    }
    // Noise 1: every action flipped, so always-cooperate always defects.
    let o = TournamentOptions {
        noise: 1.0,
        ..options(10, 1)
    };
    assert_eq!(run(&field, &pd(), &o).cooperation_rate, vec![0.0, 0.0]);
}

#[test]
fn mixed_outputs_are_drawn_at_their_probabilities() {
    let field = [
        strategies::random(frac(3, 10)).unwrap(),
        strategies::defect(),
    ];
    let o = TournamentOptions {
        seed: 3,
        ..options(500, 40)
    };
    let t = run(&field, &pd(), &o);
    let n = 20_000.0;
    assert!(within_binomial(t.cooperation_rate[0] * n, n, 0.3));
}

#[test]
fn random_endings_have_geometric_lengths() {
    let field = [strategies::cooperate(), strategies::defect()];
    let p: f64 = 0.9;
    let o = TournamentOptions {
        continuation: Some(p),
        seed: 11,
        ..options(1_000_000, 2000)
    };
    let t = run(&field, &pd(), &o);
    let simulations = 3.0 * 2000.0;
    let mean = t.turns_played as f64 / simulations;
    // Mean 1/(1 − p) = 10, variance p/(1 − p)² = 90.
    let sd = (p / (1.0 - p).powi(2) / simulations).sqrt();
    assert!((mean - 10.0).abs() <= 5.0 * sd, "mean length {mean}");
    // Capped at `turns`.
    let capped = TournamentOptions {
        continuation: Some(0.999),
        ..options(3, 10)
    };
    assert!(run(&field, &pd(), &capped).turns_played <= 3 * 3 * 10);
}

#[test]
fn hostile_inputs_are_refused_naming_the_argument() {
    let two = [strategies::cooperate(), strategies::defect()];
    let cases: Vec<(Result<Tournament, Error>, &str)> = vec![
        (tournament(&[], &pd(), &options(10, 1)), "strategies"),
        (tournament(&two[..1], &pd(), &options(10, 1)), "strategies"),
        (tournament(&two, &pd(), &options(0, 1)), "turns"),
        (tournament(&two, &pd(), &options(10, 0)), "repetitions"),
        (
            tournament(&two, &pd(), &options(1_000_000_000_000, 20)),
            "turns",
        ),
        (
            tournament(
                &two,
                &pd(),
                &TournamentOptions {
                    noise: 1.5,
                    ..Default::default()
                },
            ),
            "noise",
        ),
        (
            tournament(
                &two,
                &pd(),
                &TournamentOptions {
                    noise: f64::NAN,
                    ..Default::default()
                },
            ),
            "noise",
        ),
        (
            tournament(
                &two,
                &pd(),
                &TournamentOptions {
                    discount: Some(0.0),
                    ..Default::default()
                },
            ),
            "discount",
        ),
        (
            tournament(
                &two,
                &pd(),
                &TournamentOptions {
                    continuation: Some(1.5),
                    ..Default::default()
                },
            ),
            "continuation",
        ),
        (
            tournament(
                &[n_player::cooperate(3).unwrap(), strategies::defect()],
                &pd(),
                &options(10, 1),
            ),
            "strategies[0]",
        ),
        (
            tournament(
                &vec![strategies::cooperate(); 5000],
                &pd(),
                &options(10, 20),
            ),
            "strategies and repetitions",
        ),
    ];
    for (result, what) in cases {
        let err = result.unwrap_err().to_string();
        assert!(err.contains(what), "{err} should name {what}");
    }
    let rectangular = Game::from_bimatrix(
        array![[1.0, 0.0, 2.0], [0.0, 1.0, 0.0]].view(),
        array![[1.0, 0.0, 2.0], [0.0, 1.0, 0.0]].view(),
    )
    .unwrap();
    assert!(matches!(
        tournament(&two, &rectangular, &options(10, 1)),
        Err(Error::InvalidGame(_))
    ));
    let huge = Game::from_bimatrix(
        array![[1e307, 0.0], [5.0, 1.0]].view(),
        array![[1e307, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    assert!(matches!(
        tournament(&two, &huge, &options(100, 1)),
        Err(Error::InvalidGame(_))
    ));
}

#[test]
fn a_stopped_token_stops_the_tournament() {
    let token = StopToken::new();
    token.stop();
    let field = classic_field();
    let result = interrupt::with_token(&token, || tournament(&field, &pd(), &options(200, 20)));
    assert_eq!(result.unwrap_err(), Error::Interrupted);
}

// ---------------------------------------------------------------------------------------------
// Moran process.

/// Fixation probability of one `A` among `N − 1` `B`, by solving the absorbing chain's linear
/// system `x_i = T⁺ x_{i+1} + T⁻ x_{i−1} + (1 − T⁺ − T⁻) x_i` (Gaussian elimination on the
/// tridiagonal system), independently of the closed form.
fn fixation_by_linear_system(m: [[f64; 2]; 2], n: usize, w: f64) -> f64 {
    let [[a, b], [c, d]] = m;
    let nf = n as f64;
    // Unknowns x_1 … x_{n−1}; x_0 = 0, x_n = 1.
    let k = n - 1;
    let mut lower = vec![0.0; k];
    let mut diag = vec![0.0; k];
    let mut upper = vec![0.0; k];
    let mut rhs = vec![0.0; k];
    for idx in 0..k {
        let i = (idx + 1) as f64;
        let fa = 1.0 - w + w * (a * (i - 1.0) + b * (nf - i)) / (nf - 1.0);
        let fb = 1.0 - w + w * (c * i + d * (nf - i - 1.0)) / (nf - 1.0);
        let total = i * fa + (nf - i) * fb;
        let up = i * fa / total * (nf - i) / nf;
        let down = (nf - i) * fb / total * i / nf;
        diag[idx] = up + down;
        if idx > 0 {
            lower[idx] = -down;
        }
        if idx + 1 < k {
            upper[idx] = -up;
        } else {
            rhs[idx] = up;
        }
    }
    // Thomas algorithm.
    for idx in 1..k {
        let factor = lower[idx] / diag[idx - 1];
        diag[idx] -= factor * upper[idx - 1];
        rhs[idx] -= factor * rhs[idx - 1];
    }
    let mut x = vec![0.0; k];
    x[k - 1] = rhs[k - 1] / diag[k - 1];
    for idx in (0..k - 1).rev() {
        x[idx] = (rhs[idx] - upper[idx] * x[idx + 1]) / diag[idx];
    }
    x[0]
}

#[test]
fn neutral_selection_fixes_with_probability_one_over_n() {
    for n in [2, 3, 10, 57] {
        let m = Array2::from_elem((3, 3), 2.0);
        let rho = moran(
            m.view(),
            &MoranOptions {
                population: n,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(rho.iter().all(|&r| (r - 1.0 / n as f64).abs() < 1e-14));
        let exact = moran_exact(&vec![vec![frac(2, 1); 3]; 3], n, &frac(1, 1)).unwrap();
        assert!(exact.iter().flatten().all(|r| *r == frac(1, n as i64)));
        // Zero intensity is neutral whatever the payoffs.
        let pd = array![[3.0, 0.0], [5.0, 1.0]];
        let rho = moran(
            pd.view(),
            &MoranOptions {
                population: n,
                intensity: 0.0,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(rho.iter().all(|&r| (r - 1.0 / n as f64).abs() < 1e-14));
    }
}

#[test]
fn closed_form_matches_the_linear_system_and_hand_fractions() {
    let m = [[3.0, 0.0], [5.0, 1.0]];
    for (n, w) in [(3, 0.5), (10, 0.1), (25, 0.05)] {
        let rho = moran(
            array![[3.0, 0.0], [5.0, 1.0]].view(),
            &MoranOptions {
                population: n,
                intensity: w,
                ..Default::default()
            },
        )
        .unwrap();
        let defector = fixation_by_linear_system([[m[1][1], m[1][0]], [m[0][1], m[0][0]]], n, w);
        let cooperator = fixation_by_linear_system(m, n, w);
        assert!((rho[[1, 0]] - defector).abs() < 1e-12, "{n} {w}");
        assert!((rho[[0, 1]] - cooperator).abs() < 1e-12, "{n} {w}");
    }
    // N = 3, w = 1/2 by hand: ρ_D = 1 / (1 + 5/12 + 5/48) = 48/73, ρ_C = 1 / (1 + 4 + 48/5).
    let exact = moran_exact(
        &[vec![frac(3, 1), frac(0, 1)], vec![frac(5, 1), frac(1, 1)]],
        3,
        &frac(1, 2),
    )
    .unwrap();
    assert_eq!(exact[1][0], frac(48, 73));
    assert_eq!(exact[0][1], frac(5, 73));
}

#[test]
fn simulated_fixation_agrees_with_the_closed_form_within_binomial_error() {
    let m = array![[3.0, 0.0], [5.0, 1.0]];
    let base = MoranOptions {
        population: 8,
        intensity: 0.2,
        ..Default::default()
    };
    let exact = moran(m.view(), &base).unwrap();
    let trials = 20_000;
    let simulate = MoranOptions {
        method: MoranMethod::Simulate { trials, seed: 5 },
        ..base
    };
    let one = pool(1).install(|| moran(m.view(), &simulate).unwrap());
    let two = pool(2).install(|| moran(m.view(), &simulate).unwrap());
    assert_eq!(one, two);
    for (s, e) in one.iter().zip(exact.iter()) {
        let n = trials as f64;
        assert!(within_binomial(s * n, n, *e), "{s} vs {e}");
    }
}

#[test]
fn moran_refuses_bad_matrices_and_parameters() {
    let o = MoranOptions::default();
    let nan = array![[1.0, f64::NAN], [0.0, 1.0]];
    let cases = [
        (moran(nan.view(), &o), "payoff_matrix"),
        (moran(Array2::zeros((2, 3)).view(), &o), "payoff_matrix"),
        (moran(Array2::zeros((0, 0)).view(), &o), "payoff_matrix"),
        (
            moran(
                Array2::zeros((2, 2)).view(),
                &MoranOptions { population: 1, ..o },
            ),
            "population",
        ),
        (
            moran(
                Array2::zeros((2, 2)).view(),
                &MoranOptions {
                    intensity: -1.0,
                    ..o
                },
            ),
            "intensity",
        ),
        // Linear fitness 1 − w + w·payoff reaches 0.
        (
            moran(array![[3.0, 0.0], [5.0, 1.0]].view(), &o),
            "intensity",
        ),
    ];
    for (result, what) in cases {
        let err = result.unwrap_err().to_string();
        assert!(err.contains(what), "{err} should name {what}");
    }
    assert!(moran_exact(&[vec![frac(1, 1)]], 5000, &frac(1, 1)).is_err());
    let bad: Vec<Vec<BigRational>> = vec![vec![frac(1, 1), frac(1, 1)], vec![frac(1, 1)]];
    assert!(moran_exact(&bad, 5, &frac(1, 1)).is_err());
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// A random pure automaton on 2×2 games with up to 4 states.
fn pure_automaton() -> impl Strategy<Value = Automaton> {
    (1usize..=4)
        .prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::vec(0usize..2, n),
                proptest::collection::vec(proptest::collection::vec(0..n, 4), n),
                0..n,
            )
        })
        .prop_map(|(n, actions, transitions, initial)| {
            let names = (0..n).map(|s| format!("s{s}")).collect();
            Automaton::pure(names, actions, transitions, vec![2, 2], initial).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_automata_score_as_a_step_by_step_simulation(
        field in proptest::collection::vec(pure_automaton(), 2..5),
        turns in 1usize..40,
    ) {
        let t = run(&field, &pd(), &options(turns, 1));
        for (i, a) in field.iter().enumerate() {
            for (j, b) in field.iter().enumerate() {
                let (x, _) = brute_force(a, b, &pd(), turns);
                prop_assert!(close(t.payoff_matrix[i][j].unwrap(), x));
            }
        }
        // Scores are the row means of the off-diagonal payoffs.
        for i in 0..field.len() {
            let others: f64 = (0..field.len()).filter(|&j| j != i)
                .map(|j| t.payoff_matrix[i][j].unwrap()).sum();
            prop_assert!(close(t.scores[i][0], others / (field.len() - 1) as f64));
        }
    }

    #[test]
    fn memory_one_vectors_round_trip(v in proptest::collection::vec(0i64..=8, 5)) {
        let p: Vec<BigRational> = v.iter().map(|&x| frac(x, 8)).collect();
        let a = strategies::memory_one(p[0].clone(), p[1].clone(), p[2].clone(), p[3].clone(),
                                       p[4].clone()).unwrap();
        let back = strategies::to_memory_one(&a).unwrap();
        prop_assert_eq!(vec![back.p_cc, back.p_cd, back.p_dc, back.p_dd, back.initial], p);
    }
}

#[test]
fn noise_with_three_actions_moves_to_another_action_uniformly() {
    // Rock-paper-scissors; "always rock" under noise 1 plays paper or scissors, each half the
    // time.
    let a = array![[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]];
    let rps = Game::from_bimatrix(a.view(), a.t()).unwrap();
    let rock = Automaton::pure(vec!["R".into()], vec![0], vec![vec![0; 9]], vec![3, 3], 0).unwrap();
    let paper =
        Automaton::pure(vec!["P".into()], vec![1], vec![vec![0; 9]], vec![3, 3], 0).unwrap();
    let o = TournamentOptions {
        noise: 1.0,
        seed: 2,
        self_play: false,
        ..options(1000, 20)
    };
    let t = run(&[rock.clone(), paper.clone()], &rps, &o);
    // Action 0 (rock) is never played by "always rock" under noise 1.
    assert_eq!(t.cooperation_rate[0], 0.0);
    // Paper, flipped to rock or scissors: rock half the time (binomial).
    let n = 20_000.0;
    assert!(within_binomial(t.cooperation_rate[1] * n, n, 0.5));
    // Without noise: paper beats rock every turn.
    let t = run(&[rock, paper], &rps, &options(10, 1));
    assert!(close(t.payoff_matrix[1][0].unwrap(), 1.0));
    assert!(close(t.payoff_matrix[0][1].unwrap(), -1.0));
}

#[test]
fn asymmetric_n_player_games_average_over_every_seating() {
    // Whoever sits in seat 1 gets 1, the others 0, whatever is played: averaged over the
    // seatings every strategy gets 1/3 in every group.
    let mut u = ArrayD::zeros(IxDyn(&[2, 2, 2, 3]));
    for a in 0..2 {
        for b in 0..2 {
            for c in 0..2 {
                u[[a, b, c, 0]] = 1.0;
            }
        }
    }
    let g = Game::new(u).unwrap();
    let field = [
        n_player::cooperate(3).unwrap(),
        n_player::defect(3).unwrap(),
    ];
    let t = run(&field, &g, &options(4, 2));
    for row in &t.payoff_matrix {
        for x in row {
            assert!(close(x.unwrap(), 1.0 / 3.0));
        }
    }
    // Seatings: CCC 1, CCD 3, CDD 3, DDD 1; 2 repetitions of 4 turns.
    assert_eq!(t.turns_played, 8 * 2 * 4);
}

#[test]
fn large_populations_are_summed_in_constant_memory_or_refused() {
    let m = array![[3.0, 0.0], [5.0, 1.0]];
    let big = MoranOptions {
        population: 2_000_000,
        intensity: 0.01,
        ..Default::default()
    };
    let rho = moran(m.view(), &big).unwrap();
    // Always-defect is favoured at any size; always-cooperate's chance underflows to 0.
    assert!(rho[[1, 0]] > 0.0 && rho[[1, 0]] <= 1.0);
    assert!(rho[[0, 1]] >= 0.0 && rho[[0, 1]] < 1.0 / 2_000_000.0);
    let absurd = MoranOptions {
        population: usize::MAX,
        ..Default::default()
    };
    let err = moran(m.view(), &absurd).unwrap_err().to_string();
    assert!(err.contains("population"), "{err}");
}

/// A random pure automaton on 3-player 2-action games with up to 3 states.
fn pure_automaton_3() -> impl Strategy<Value = Automaton> {
    (1usize..=3)
        .prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::vec(0usize..2, n),
                proptest::collection::vec(proptest::collection::vec(0..n, 8), n),
            )
        })
        .prop_map(|(n, actions, transitions)| {
            let names = (0..n).map(|s| format!("s{s}")).collect();
            Automaton::pure(names, actions, transitions, vec![2, 2, 2], 0).unwrap()
        })
}

/// The payoff matrix of a tournament of pure automata in a 3-player game, by its definition:
/// every multiset of 3 strategies, every distinct seating, each member's mean over its seats
/// and the seatings; entry (i, j) averages the groups of i with j among the others.
fn brute_force_3(field: &[Automaton], g: &Game, turns: usize) -> Vec<Vec<Option<f64>>> {
    let count = field.len();
    let mut sum = vec![vec![0.0; count]; count];
    let mut n = vec![vec![0usize; count]; count];
    for a in 0..count {
        for b in a..count {
            for c in b..count {
                let group = [a, b, c];
                let mut seatings: Vec<[usize; 3]> = Vec::new();
                for p in [
                    [0, 1, 2],
                    [0, 2, 1],
                    [1, 0, 2],
                    [1, 2, 0],
                    [2, 0, 1],
                    [2, 1, 0],
                ] {
                    let s = [group[p[0]], group[p[1]], group[p[2]]];
                    if !seatings.contains(&s) {
                        seatings.push(s);
                    }
                }
                let mut total = vec![0.0; count];
                let mut seats = vec![0usize; count];
                for seating in &seatings {
                    let mut state: Vec<usize> =
                        seating.iter().map(|&s| field[s].initial()).collect();
                    let mut payoff = [0.0; 3];
                    for _ in 0..turns {
                        let acts: Vec<usize> = (0..3)
                            .map(|i| field[seating[i]].pure_output(state[i]).unwrap())
                            .collect();
                        let u = g.pure_payoffs(&acts);
                        for i in 0..3 {
                            payoff[i] += u[i];
                            let mut observed = vec![acts[i]];
                            observed.extend((0..3).filter(|&j| j != i).map(|j| acts[j]));
                            state[i] = field[seating[i]].next(state[i], &observed);
                        }
                    }
                    for i in 0..3 {
                        total[seating[i]] += payoff[i] / turns as f64;
                        seats[seating[i]] += 1;
                    }
                }
                let mut members = group.to_vec();
                members.dedup();
                for &s in &members {
                    let copies = group.iter().filter(|&&x| x == s).count();
                    for &t in &members {
                        if s != t || copies > 1 {
                            sum[s][t] += total[s] / seats[s] as f64;
                            n[s][t] += 1;
                        }
                    }
                }
            }
        }
    }
    (0..count)
        .map(|i| {
            (0..count)
                .map(|j| (n[i][j] > 0).then(|| sum[i][j] / n[i][j] as f64))
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn three_player_tournaments_follow_their_definition(
        field in proptest::collection::vec(pure_automaton_3(), 2..4),
        payoffs in proptest::collection::vec(-5i32..6, 24),
        symmetric in any::<bool>(),
        turns in 1usize..12,
    ) {
        let mut u = ArrayD::from_shape_vec(
            IxDyn(&[2, 2, 2, 3]),
            payoffs.iter().map(|&x| f64::from(x)).collect(),
        ).unwrap();
        if symmetric {
            // u_i = f(own action, number of others defecting): a symmetric game, which
            // non-anonymous automata must still play in every seating.
            for a in 0..2usize {
                for b in 0..2usize {
                    for c in 0..2usize {
                        let acts = [a, b, c];
                        for i in 0..3 {
                            let others: usize = (0..3).filter(|&j| j != i).map(|j| acts[j]).sum();
                            u[[a, b, c, i]] = f64::from(payoffs[acts[i] * 3 + others]);
                        }
                    }
                }
            }
        }
        let g = Game::new(u).unwrap();
        let t = run(&field, &g, &options(turns, 1));
        let expected = brute_force_3(&field, &g, turns);
        for (row, want_row) in t.payoff_matrix.iter().zip(&expected) {
            for (&got, &want) in row.iter().zip(want_row) {
                prop_assert!(got.is_some() == want.is_some());
                if let (Some(x), Some(y)) = (got, want) {
                    prop_assert!((x - y).abs() < 1e-9, "{} vs {}", x, y);
                }
            }
        }
    }

    #[test]
    fn mixed_noisy_tournaments_do_not_depend_on_the_thread_count(
        probabilities in proptest::collection::vec(0i64..=10, 2..5),
        seed in any::<u64>(),
    ) {
        let mut field: Vec<Automaton> = probabilities
            .iter()
            .map(|&p| strategies::generous_tit_for_tat(frac(p, 10)).unwrap())
            .collect();
        field.push(strategies::win_stay_lose_shift());
        let o = TournamentOptions { noise: 0.1, seed, ..options(50, 3) };
        let one = pool(1).install(|| run(&field, &pd(), &o));
        let three = pool(3).install(|| run(&field, &pd(), &o));
        prop_assert_eq!(one, three);
    }
}

#[test]
fn one_action_games_ignore_noise() {
    let g = Game::from_bimatrix(array![[2.0]].view(), array![[1.0]].view()).unwrap();
    let only = Automaton::pure(vec!["a".into()], vec![0], vec![vec![0]], vec![1, 1], 0).unwrap();
    let o = TournamentOptions {
        noise: 0.5,
        ..options(10, 2)
    };
    let t = run(&[only.clone(), only], &g, &o);
    // Asymmetric payoffs: each strategy gets (2 + 1) / 2 over the two seats.
    assert!(close(t.payoff_matrix[0][1].unwrap(), 1.5));
    assert_eq!(t.cooperation_rate, vec![1.0, 1.0]);
}
