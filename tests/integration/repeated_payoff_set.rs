//! `RepeatedGame::equilibrium_payoff_set`: hand-derived sets, published values, and
//! independent checks (self-generation of every vertex, a brute-force APS iteration, the
//! outer approximation) on random games.
//!
//! The geometry here is written again from scratch (gift wrapping, half-plane clipping), so
//! that the checks share no code with the solver.

use detente::Game;
use detente::repeated::{EquilibriumPayoffSet, PayoffSetMethod, PayoffSetOptions, RepeatedGame};
use ndarray::Array2;
use proptest::prelude::*;

use crate::common::{dist_to, keep_above, wrap};

type P = [f64; 2];

fn game(a: &[&[f64]], b: &[&[f64]]) -> Game {
    let rows = a.len();
    let cols = a[0].len();
    let flat = |m: &[&[f64]]| m.iter().flat_map(|r| r.iter().copied()).collect::<Vec<_>>();
    let a = Array2::from_shape_vec((rows, cols), flat(a)).unwrap();
    let b = Array2::from_shape_vec((rows, cols), flat(b)).unwrap();
    Game::from_bimatrix(a.view(), b.view()).unwrap()
}

fn solve(g: &Game, delta: f64, method: PayoffSetMethod) -> EquilibriumPayoffSet {
    RepeatedGame::new(g.clone(), delta)
        .unwrap()
        .equilibrium_payoff_set(method)
        .unwrap()
}

fn pd() -> Game {
    game(&[&[3.0, 0.0], &[5.0, 1.0]], &[&[3.0, 5.0], &[0.0, 1.0]])
}

// ---------------------------------------------------------------- independent geometry

fn hausdorff(a: &[P], b: &[P]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a.len() == b.len() {
            0.0
        } else {
            f64::INFINITY
        };
    }
    let x = a.iter().map(|&p| dist_to(b, p)).fold(0.0, f64::max);
    let y = b.iter().map(|&p| dist_to(a, p)).fold(0.0, f64::max);
    x.max(y)
}

struct Stage {
    g: Vec<P>,
    gain: Vec<P>,
    minmax: P,
}

fn stage(a: &Array2<f64>, b: &Array2<f64>) -> Stage {
    let (m, n) = a.dim();
    let mut g = vec![];
    let mut gain = vec![];
    for i in 0..m {
        for j in 0..n {
            let best1 = (0..m).map(|k| a[[k, j]]).fold(f64::MIN, f64::max);
            let best2 = (0..n).map(|k| b[[i, k]]).fold(f64::MIN, f64::max);
            g.push([a[[i, j]], b[[i, j]]]);
            gain.push([best1 - a[[i, j]], best2 - b[[i, j]]]);
        }
    }
    let m1 = (0..n)
        .map(|j| (0..m).map(|i| a[[i, j]]).fold(f64::MIN, f64::max))
        .fold(f64::MAX, f64::min);
    let m2 = (0..m)
        .map(|i| (0..n).map(|j| b[[i, j]]).fold(f64::MIN, f64::max))
        .fold(f64::MAX, f64::min);
    Stage {
        g,
        gain,
        minmax: [m1, m2],
    }
}

fn lowest(w: &[P]) -> P {
    w.iter().fold([f64::MAX, f64::MAX], |m, p| {
        [m[0].min(p[0]), m[1].min(p[1])]
    })
}

/// Brute-force APS: `B(W)` from every vertex of every `Q(a, W)` (no Abreu-Sannikov
/// shortcut), from the feasible set, until successive sets are within `1e-11`.
fn brute_force(s: &Stage, delta: f64) -> Option<Vec<P>> {
    let eps = 1e-12;
    let mut w = wrap(&s.g, eps);
    for _ in 0..20_000 {
        let low = lowest(&w);
        let u = [s.minmax[0].max(low[0]), s.minmax[1].max(low[1])];
        let mut pts = vec![];
        for (g, gain) in s.g.iter().zip(&s.gain) {
            let h = [
                u[0] + (1.0 - delta) / delta * gain[0],
                u[1] + (1.0 - delta) / delta * gain[1],
            ];
            let q = keep_above(&keep_above(&w, 0, h[0], eps), 1, h[1], eps);
            for c in q {
                pts.push([
                    (1.0 - delta) * g[0] + delta * c[0],
                    (1.0 - delta) * g[1] + delta * c[1],
                ]);
            }
        }
        let next = wrap(&pts, eps);
        if next.is_empty() {
            return Some(next);
        }
        let d = hausdorff(&w, &next);
        w = next;
        if d < 1e-11 {
            return Some(w);
        }
    }
    None
}

/// Every vertex `v` of `set` is enforceable within `set`: some profile `a` has the
/// continuation `w = (v - (1-δ) g(a)) / δ` in `set` and no player gains by deviating
/// when deviations are punished with their lowest payoff in `set` (all within `tol`).
fn assert_self_generating(s: &Stage, delta: f64, set: &[P], tol: f64) {
    let u = lowest(set);
    for &v in set {
        let ok = s.g.iter().zip(&s.gain).any(|(g, gain)| {
            let w = [
                (v[0] - (1.0 - delta) * g[0]) / delta,
                (v[1] - (1.0 - delta) * g[1]) / delta,
            ];
            dist_to(set, w) <= tol
                && (0..2).all(|i| {
                    (1.0 - delta) * g[i] + delta * w[i]
                        >= (1.0 - delta) * (g[i] + gain[i]) + delta * u[i] - tol
                })
        });
        assert!(
            ok,
            "vertex {v:?} of {set:?} is not enforceable at delta {delta}"
        );
    }
}

fn assert_close(found: &[[f64; 2]], expected: &[P], tol: f64) {
    let d = hausdorff(found, expected);
    assert!(
        d <= tol,
        "found {found:?}, expected {expected:?} (distance {d})"
    );
}

// ---------------------------------------------------------------- hand-derived sets

/// PD with R = 3, S = 0, T = 5, P = 1, both minmax payoffs 1. For δ < 1/4 the set is the
/// point (1, 1): an extreme point maximising player 1's payoff could only be generated by
/// (D, C), whose continuation must give player 2 at least 1/δ > 4, more than any feasible
/// point without (C, C) (and (C, C) needs a continuation worth (2 - δ)/δ > 3 to both,
/// impossible below δ = 1/2). For 1/4 ≤ δ < 1/2 it is the triangle (1,1), (4,1), (1,4):
/// (4, 1) is (D, C) then (1, 4), which gives player 2 exactly 1/δ... = 4 at δ = 1/4. For
/// δ ≥ 1/2 it is the whole feasible individually rational set: (1,1), (13/3, 1), (3, 3),
/// (1, 13/3), whose vertex (13/3, 1) is (D, C) followed by (5 - 2/(3δ), 1/δ) on the edge
/// from (3, 3) to (5, 0), feasible once δ ≥ 1/3.
#[test]
fn prisoners_dilemma_hand_derived_sets() {
    let g = pd();
    let triangle = [[1.0, 1.0], [4.0, 1.0], [1.0, 4.0]];
    let ir = [[1.0, 1.0], [13.0 / 3.0, 1.0], [3.0, 3.0], [1.0, 13.0 / 3.0]];
    for delta in [0.01, 0.1, 0.2, 0.24, 0.249] {
        for method in [PayoffSetMethod::AbreuSannikov, PayoffSetMethod::Outer] {
            let v = solve(&g, delta, method);
            assert_close(&v.vertices, &[[1.0, 1.0]], 1e-9);
            assert_eq!(v.kind(), "point", "delta {delta}: {v:?}");
            assert!(v.converged);
        }
    }
    for delta in [0.26, 0.3, 0.45] {
        let v = solve(&g, delta, PayoffSetMethod::AbreuSannikov);
        assert_close(&v.vertices, &triangle, 1e-8);
        assert_eq!(v.vertices.len(), 3, "{v:?}");
    }
    for delta in [0.55, 0.7, 0.9, 0.99] {
        let v = solve(&g, delta, PayoffSetMethod::AbreuSannikov);
        assert_close(&v.vertices, &ir, 1e-8);
        assert_eq!(v.vertices.len(), 4, "{v:?}");
        assert_close(
            &v.worst_payoffs().into_iter().collect::<Vec<_>>(),
            &[[1.0, 1.0]],
            1e-12,
        );
    }
}

/// Battle of the sexes: the pure minmax payoffs are (1, 1), the off-diagonal profiles give
/// (0, 0) and need continuations worth 1/δ to both, more than the best symmetric point 3/2
/// below δ = 2/3: the set is the segment between the two stage equilibria (1, 2), (2, 1).
#[test]
fn battle_of_the_sexes_is_a_segment_at_low_discount() {
    let g = game(&[&[2.0, 0.0], &[0.0, 1.0]], &[&[1.0, 0.0], &[0.0, 2.0]]);
    for delta in [0.05, 0.3, 0.6, 0.66] {
        let v = solve(&g, delta, PayoffSetMethod::AbreuSannikov);
        assert_close(&v.vertices, &[[1.0, 2.0], [2.0, 1.0]], 1e-9);
        assert_eq!(v.kind(), "segment", "{v:?}");
        assert_eq!(v.area(), 0.0);
        let o = solve(&g, delta, PayoffSetMethod::Outer);
        assert!(v.vertices.iter().all(|&p| o.contains(p, 1e-8)), "{o:?}");
    }
}

/// Matching pennies: no pure equilibrium can give both players their pure minmax 1, since
/// payoffs sum to 0: the set is empty at every δ.
#[test]
fn matching_pennies_has_no_pure_equilibrium_payoffs() {
    let g = game(&[&[1.0, -1.0], &[-1.0, 1.0]], &[&[-1.0, 1.0], &[1.0, -1.0]]);
    for delta in [0.0, 0.1, 0.5, 0.95] {
        for method in [PayoffSetMethod::AbreuSannikov, PayoffSetMethod::Outer] {
            let v = solve(&g, delta, method);
            assert!(v.is_empty(), "{v:?}");
            assert!(v.converged && v.worst_payoffs().is_none());
        }
    }
}

/// A game without pure equilibrium whose payoff set is empty at low δ (no stage
/// equilibrium to fall back on) and not at high δ.
#[test]
fn a_cycle_game_is_empty_at_low_and_full_at_high_discount() {
    let (a, b) = (
        Array2::from_shape_vec((2, 2), vec![3.0, 0.0, 1.0, 2.0]).unwrap(),
        Array2::from_shape_vec((2, 2), vec![3.0, 4.0, 0.0, -1.0]).unwrap(),
    );
    let g = Game::from_bimatrix(a.view(), b.view()).unwrap();
    assert!(solve(&g, 0.05, PayoffSetMethod::AbreuSannikov).is_empty());
    assert!(solve(&g, 0.0, PayoffSetMethod::AbreuSannikov).is_empty());
    let v = solve(&g, 0.9, PayoffSetMethod::AbreuSannikov);
    assert!(!v.is_empty() && v.converged, "{v:?}");
    let s = stage(&a, &b);
    assert_self_generating(&s, 0.9, &v.vertices, 1e-7);
    assert_close(&v.vertices, &brute_force(&s, 0.9).unwrap(), 1e-6);
}

/// At δ = 0 the set is the hull of the stage equilibria's payoffs.
#[test]
fn zero_discount_gives_the_stage_equilibria() {
    let g = game(&[&[2.0, 0.0], &[0.0, 1.0]], &[&[1.0, 0.0], &[0.0, 2.0]]);
    let v = solve(&g, 0.0, PayoffSetMethod::AbreuSannikov);
    assert_eq!(v.vertices, vec![[1.0, 2.0], [2.0, 1.0]]);
    assert_eq!(
        solve(&pd(), 0.0, PayoffSetMethod::AbreuSannikov).vertices,
        vec![[1.0, 1.0]]
    );
}

/// Published values: the examples of QuantEcon's test suite (the prisoners' dilemma of its
/// documentation at δ = 0.9, and Abreu & Sannikov's 3×3 example at δ = 0.3).
#[test]
fn published_examples() {
    let g = game(&[&[9.0, 1.0], &[10.0, 3.0]], &[&[9.0, 10.0], &[1.0, 3.0]]);
    let v = solve(&g, 0.9, PayoffSetMethod::AbreuSannikov);
    assert_close(
        &v.vertices,
        &[[3.0, 3.0], [9.75, 3.0], [9.0, 9.0], [3.0, 9.75]],
        1e-8,
    );
    let g = game(
        &[&[16.0, 3.0, 0.0], &[21.0, 10.0, -1.0], &[9.0, 5.0, -5.0]],
        &[&[9.0, 13.0, 3.0], &[1.0, 4.0, 0.0], &[0.0, -4.0, -15.0]],
    );
    let v = solve(&g, 0.3, PayoffSetMethod::AbreuSannikov);
    let expected = [
        [7.33770472, 10.9826253],
        [1.12568240, 2.8],
        [7.33770472, 0.0],
        [7.86308964, 0.0],
        [19.7917977, 2.8],
        [15.5630896, 9.1],
    ];
    assert_close(&v.vertices, &expected, 1e-6);
}

#[test]
fn the_outer_set_contains_the_abreu_sannikov_set_and_is_close_to_it() {
    for delta in [0.3, 0.6, 0.9] {
        let inner = solve(&pd(), delta, PayoffSetMethod::AbreuSannikov);
        let outer = solve(&pd(), delta, PayoffSetMethod::Outer);
        assert!(outer.converged);
        assert!(inner.vertices.iter().all(|&p| outer.contains(p, 1e-8)));
        // 64 directions cut a polygon's corners by little.
        assert!(
            hausdorff(&inner.vertices, &outer.vertices) < 0.05,
            "{outer:?}"
        );
    }
    let point = solve(&pd(), 0.2, PayoffSetMethod::Outer);
    assert!(
        point.contains([1.0, 1.0], 1e-9) && point.area() < 1e-12,
        "{point:?}"
    );
}

/// The answer scales with the payoffs, from 1e-200 to 1e300 (products of payoffs near 1e300
/// would overflow if the geometry did not work in units of the largest payoff), and the
/// extreme discount factors answer too.
#[test]
fn payoff_scale_and_extreme_discounts() {
    let ir = [[1.0, 1.0], [13.0 / 3.0, 1.0], [3.0, 3.0], [1.0, 13.0 / 3.0]];
    for scale in [1e-200, 1e-5, 1e5, 1e300] {
        let g = game(
            &[&[3.0 * scale, 0.0], &[5.0 * scale, scale]],
            &[&[3.0 * scale, 5.0 * scale], &[0.0, scale]],
        );
        for method in [PayoffSetMethod::AbreuSannikov, PayoffSetMethod::Outer] {
            let v = solve(&g, 0.9, method);
            let unscaled: Vec<P> = v
                .vertices
                .iter()
                .map(|p| [p[0] / scale, p[1] / scale])
                .collect();
            let tol = if method == PayoffSetMethod::Outer {
                0.05
            } else {
                1e-8
            };
            assert_close(&unscaled, &ir, tol);
            assert!(v.converged && v.hausdorff <= 1e-10 * 5.0 * scale, "{v:?}");
        }
    }
    for delta in [1e-300, 5e-324, 1e-9] {
        let v = solve(&pd(), delta, PayoffSetMethod::AbreuSannikov);
        assert_close(&v.vertices, &[[1.0, 1.0]], 1e-12);
    }
    let v = solve(&pd(), 0.999_999, PayoffSetMethod::AbreuSannikov);
    assert_close(&v.vertices, &ir, 1e-6);
    let all_zero = game(&[&[0.0, 0.0], &[0.0, 0.0]], &[&[0.0, 0.0], &[0.0, 0.0]]);
    let v = solve(&all_zero, 0.5, PayoffSetMethod::AbreuSannikov);
    assert_eq!(v.vertices, vec![[0.0, 0.0]]);
}

#[test]
fn refusals_name_what_is_supported() {
    let three = Game::new(ndarray::ArrayD::zeros(vec![2, 2, 2, 3])).unwrap();
    let err = RepeatedGame::new(three, 0.5)
        .unwrap()
        .equilibrium_payoff_set(PayoffSetMethod::AbreuSannikov)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("two-player") && err.contains("3 players"),
        "{err}"
    );
    let err = RepeatedGame::with_discounts(pd(), &[0.9, 0.8])
        .unwrap()
        .equilibrium_payoff_set(PayoffSetMethod::AbreuSannikov)
        .unwrap_err()
        .to_string();
    assert!(err.contains("common discount factor"), "{err}");
    let rg = RepeatedGame::new(pd(), 0.5).unwrap();
    for bad in [
        PayoffSetOptions::default().with_tol(0.0),
        PayoffSetOptions::default().with_tol(f64::NAN),
        PayoffSetOptions::default().with_max_iter(0),
        PayoffSetOptions::new(PayoffSetMethod::Outer).with_directions(2),
    ] {
        assert!(rg.equilibrium_payoff_set_with(&bad).is_err());
    }
    let capped = rg
        .equilibrium_payoff_set_with(&PayoffSetOptions::default().with_max_iter(1))
        .unwrap();
    assert!(!capped.converged && capped.iterations == 1);
    assert!("nonsense".parse::<PayoffSetMethod>().is_err());
    assert_eq!(
        "AS".parse::<PayoffSetMethod>(),
        Ok(PayoffSetMethod::AbreuSannikov)
    );
}

#[test]
fn a_stopped_token_interrupts() {
    let token = detente::interrupt::StopToken::new();
    token.stop();
    let rg = RepeatedGame::new(pd(), 0.9).unwrap();
    let r = detente::interrupt::with_token(&token, || {
        rg.equilibrium_payoff_set(PayoffSetMethod::AbreuSannikov)
    });
    assert_eq!(r.unwrap_err(), detente::Error::Interrupted);
}

// ---------------------------------------------------------------- properties

fn small_game() -> impl Strategy<Value = (Array2<f64>, Array2<f64>, f64)> {
    (2usize..=3, 2usize..=3).prop_flat_map(|(m, n)| {
        (
            proptest::collection::vec(-5i32..=5, m * n),
            proptest::collection::vec(-5i32..=5, m * n),
            prop::sample::select(vec![0.1, 0.3, 0.5, 0.7, 0.85, 0.95]),
        )
            .prop_map(move |(a, b, d)| {
                let f = |v: Vec<i32>| {
                    Array2::from_shape_vec((m, n), v.into_iter().map(f64::from).collect()).unwrap()
                };
                (f(a), f(b), d)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every vertex is enforceable within the set (so the set is inside the equilibrium
    /// set); the set lies in the feasible, individually rational set and in the outer
    /// approximation, and contains the limit of a brute-force APS iteration (so it is not
    /// smaller than the equilibrium set).
    #[test]
    fn random_games((a, b, delta) in small_game()) {
        let g = Game::from_bimatrix(a.view(), b.view()).unwrap();
        let s = stage(&a, &b);
        let v = solve(&g, delta, PayoffSetMethod::AbreuSannikov);
        prop_assert!(v.converged, "{:?}", v);
        if v.is_empty() {
            // Repeating a stage equilibrium is always subgame perfect: none may exist.
            prop_assert!(s.gain.iter().all(|d| d[0] > 0.0 || d[1] > 0.0));
        }
        assert_self_generating(&s, delta, &v.vertices, 1e-7);
        let feasible = wrap(&s.g, 1e-12);
        for &p in &v.vertices {
            prop_assert!(dist_to(&feasible, p) <= 1e-9);
            prop_assert!(p[0] >= s.minmax[0] - 1e-9 && p[1] >= s.minmax[1] - 1e-9);
        }
        let o = solve(&g, delta, PayoffSetMethod::Outer);
        for &p in &v.vertices {
            prop_assert!(o.contains(p, 1e-7), "{:?} not in {:?}", p, o);
        }
        // The brute-force iterates contain the equilibrium set, so the Abreu-Sannikov set
        // containing them shows it is not too small (self-generation above shows it is not
        // too large). The reverse inclusion is not asserted: on knife-edge games the
        // brute force's own slack can leave it a hair inside the true set.
        if let Some(bf) = brute_force(&s, delta) {
            let d = bf.iter().map(|&p| dist_to(&v.vertices, p)).fold(0.0, f64::max);
            prop_assert!(d <= 1e-6, "AS {:?} vs APS {:?}: {}", v.vertices, bf, d);
        }
    }
}
