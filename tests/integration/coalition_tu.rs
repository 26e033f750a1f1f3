//! TU games (`detente::coalition`): construction and validation, properties, and solutions
//! checked against hand-derived values and independent brute force.

use detente::Error;
use detente::coalition::TUGame;
use num_rational::BigRational;

fn r(p: i64, q: i64) -> BigRational {
    BigRational::new(p.into(), q.into())
}

/// The glove game: player 0 holds a left glove, 1 and 2 a right one each.
fn glove() -> TUGame {
    TUGame::from_fn(3, |s| if s & 1 == 1 && s & 6 != 0 { 1.0 } else { 0.0 })
        .unwrap()
        .with_exact_floats()
}

/// The 3-player majority game.
fn majority() -> TUGame {
    TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })
        .unwrap()
        .with_exact_floats()
}

#[test]
fn construction_validates() {
    assert!(
        matches!(TUGame::new(vec![0.0; 3]), Err(Error::InvalidGame(m)) if m.contains("power of two"))
    );
    assert!(
        matches!(TUGame::new(vec![1.0, 0.0]), Err(Error::InvalidGame(m)) if m.contains("empty coalition"))
    );
    assert!(
        matches!(TUGame::new(vec![0.0, f64::NAN]), Err(Error::InvalidGame(m)) if m.contains("NaN"))
    );
    assert!(matches!(TUGame::new(vec![0.0]), Err(Error::InvalidGame(_))));
    let err = TUGame::from_fn(31, |_| panic!("must not be called")).unwrap_err();
    assert!(err.to_string().contains("budget"), "{err}");
    let g = TUGame::new_exact(vec![r(0, 1), r(1, 3), r(2, 7), r(1, 1)]).unwrap();
    assert!(g.is_exact() && g.has_rational_values());
    assert_eq!(g.exact_value(2), r(2, 7));
    assert!(
        TUGame::new_exact(vec![r(0, 1), r(1, 2)])
            .unwrap()
            .is_exact()
    );
    assert!(glove().with_players(["L", "R"]).is_err());
    assert!(glove().with_players(["L", "R", "R"]).is_err());
    let g = glove().with_players(["L", "R1", "R2"]).unwrap();
    assert_eq!(g.coalition_of(&["L", "R2"]).unwrap(), 0b101);
    assert_eq!(g.coalition_names(0b110), ["R1", "R2"]);
    use detente::io::{FromJson, ToJson};
    let exact = TUGame::new_exact(vec![r(0, 1), r(1, 3), r(2, 7), r(1, 1)]).unwrap();
    assert_eq!(TUGame::from_json(&exact.to_json().unwrap()).unwrap(), exact);
    assert!(TUGame::from_json(r#"{"players":["a"],"values":[1.0,0.0]}"#).is_err());
}

#[test]
fn properties_by_hand() {
    let m = majority();
    assert!(m.is_superadditive().unwrap());
    assert!(!m.is_convex());
    assert!(m.is_simple() && m.is_monotone() && m.is_essential());
    // v(S) = |S|^2 is convex.
    let sq = TUGame::from_fn(4, |s| f64::from(s.count_ones()).powi(2)).unwrap();
    assert!(sq.is_convex() && sq.is_superadditive().unwrap() && !sq.is_simple());
    // Not superadditive: v(12) = 1.5 < v(1) + v(2) = 2.
    let g = TUGame::new(vec![0.0, 1.0, 1.0, 1.5]).unwrap();
    assert_eq!(g.superadditivity_violation().unwrap(), Some((1, 2)));
    assert!(!g.is_monotone() || g.is_monotone());
    let g = TUGame::new(vec![0.0, 1.0, 0.0, 0.5]).unwrap();
    assert_eq!(g.monotonicity_violation(), Some((1, 1)));
    assert!(
        !TUGame::new(vec![0.0, 1.0, 1.0, 2.0])
            .unwrap()
            .is_essential()
    );
    // Exact comparisons: 1/3 + 2/3 == 1 exactly, so v is additive (superadditive, not
    // essential) although 1/3 + 2/3 in floats is not exactly 1.
    let add = TUGame::new_exact(vec![r(0, 1), r(1, 3), r(2, 3), r(1, 1)]).unwrap();
    assert!(add.is_superadditive().unwrap() && add.is_convex() && !add.is_essential());
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

/// The Shapley value by averaging marginal contributions over all n! orders (Heap's
/// algorithm), independent of the library's per-coalition formula.
fn shapley_brute(g: &TUGame) -> Vec<BigRational> {
    let n = g.num_players();
    let mut order: Vec<usize> = (0..n).collect();
    let mut total = vec![r(0, 1); n];
    let mut count = 0i64;
    let mut visit = |order: &[usize]| {
        let mut s = 0usize;
        for &i in order {
            total[i] += g.exact_value(s | 1 << i) - g.exact_value(s);
            s |= 1 << i;
        }
        count += 1;
    };
    // Heap's algorithm, iterative.
    let mut c = vec![0usize; n];
    visit(&order);
    let mut i = 0;
    while i < n {
        if c[i] < i {
            if i % 2 == 0 {
                order.swap(0, i);
            } else {
                order.swap(c[i], i);
            }
            visit(&order);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    total.into_iter().map(|t| t / r(count, 1)).collect()
}

/// A reproducible random game with integer values in -20..=20 (splitmix).
fn random_game(n: usize, seed: u64) -> TUGame {
    let mut state = seed;
    let mut next = || crate::common::splitmix64(&mut state);
    TUGame::from_fn(n, |s| {
        if s == 0 {
            0.0
        } else {
            (next() % 41) as f64 - 20.0
        }
    })
    .unwrap()
    .with_exact_floats()
}

#[test]
fn shapley_and_banzhaf_by_hand() {
    let g = glove();
    assert_eq!(g.shapley_exact().unwrap(), vec![r(2, 3), r(1, 6), r(1, 6)]);
    assert!(close(
        &g.shapley().unwrap(),
        &[2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0],
        1e-12
    ));
    assert_eq!(majority().shapley_exact().unwrap(), vec![r(1, 3); 3]);
    assert_eq!(
        g.banzhaf_exact(false).unwrap(),
        vec![r(3, 4), r(1, 4), r(1, 4)]
    );
    assert_eq!(
        g.banzhaf_exact(true).unwrap(),
        vec![r(3, 5), r(1, 5), r(1, 5)]
    );
    assert_eq!(majority().banzhaf_swings().unwrap(), vec![2.0; 3]);
    let zero = TUGame::new(vec![0.0; 4]).unwrap();
    assert!(zero.banzhaf(true).is_err());
    assert_eq!(zero.banzhaf(false).unwrap(), vec![0.0, 0.0]);
}

#[test]
fn shapley_matches_all_orders_and_its_axioms() {
    for n in 1..=7 {
        for seed in 0..3 {
            let g = random_game(n, seed * 31 + n as u64);
            let exact = g.shapley_exact().unwrap();
            assert_eq!(exact, shapley_brute(&g), "n = {n}, seed {seed}");
            let float = g.shapley().unwrap();
            let as_f: Vec<f64> = exact
                .iter()
                .map(|x| num_traits::ToPrimitive::to_f64(x).unwrap())
                .collect();
            assert!(close(&float, &as_f, 1e-9), "{float:?} {as_f:?}");
            // Efficiency, exactly.
            let total: BigRational = exact.iter().sum();
            assert_eq!(total, g.exact_value(g.grand()));
        }
    }
}

/// Excess vector of `x` sorted in decreasing order, exactly.
fn sorted_excesses(g: &TUGame, x: &[BigRational]) -> Vec<BigRational> {
    let mut e: Vec<BigRational> = (1..g.grand())
        .map(|s| {
            let xs: BigRational = TUGame::members(s).map(|i| x[i].clone()).sum();
            g.exact_value(s) - xs
        })
        .collect();
    e.sort_by(|a, b| b.cmp(a));
    e
}

/// Kohlberg's criterion checked independently: for every level, the coalitions at or above
/// it (with the players at their own value, for the nucleolus) are balanced — tested by the
/// test's own search for positive weights: an exact LP-free check for n = 3 by enumerating
/// candidate weight systems is too long, so this uses the property that a collection B is
/// balanced iff no vector y with y(N) = 0 has y(S) >= 0 on B with one > 0 (Kohlberg), probed
/// on a grid of directions.
fn no_improving_direction(g: &TUGame, x: &[BigRational], imputation: bool) {
    let n = g.num_players();
    // Directions y with y(N) = 0 from a grid; the lexicographic excess vector must not
    // decrease for a small step along any of them.
    let base = sorted_excesses(g, x);
    let steps = [-2i64, -1, 0, 1, 2];
    let mut dir = vec![0usize; n - 1];
    loop {
        let mut y: Vec<BigRational> = dir.iter().map(|&k| r(steps[k], 1)).collect();
        let last: BigRational = -y.iter().sum::<BigRational>();
        y.push(last);
        if y.iter().any(|v| *v != r(0, 1)) {
            let eps = r(1, 1000);
            let moved: Vec<BigRational> = x.iter().zip(&y).map(|(a, b)| a + b * &eps).collect();
            let feasible = !imputation || (0..n).all(|i| moved[i] >= g.exact_value(1 << i));
            if feasible {
                let e = sorted_excesses(g, &moved);
                assert!(e >= base, "direction {y:?} improves {x:?}");
            }
        }
        let mut k = 0;
        loop {
            if k == n - 1 {
                return;
            }
            dir[k] += 1;
            if dir[k] < steps.len() {
                break;
            }
            dir[k] = 0;
            k += 1;
        }
    }
}

#[test]
fn nucleolus_by_hand() {
    // Glove game: the core is the single point (1, 0, 0).
    let nu = glove().nucleolus().unwrap();
    assert!(nu.certified);
    assert_eq!(
        nu.allocation_exact.unwrap(),
        vec![r(1, 1), r(0, 1), r(0, 1)]
    );
    // Majority: (1/3, 1/3, 1/3), core empty, least core epsilon 1/3.
    let m = majority();
    assert_eq!(
        m.nucleolus().unwrap().allocation_exact.unwrap(),
        vec![r(1, 3); 3]
    );
    let lc = m.least_core().unwrap();
    assert_eq!(lc.epsilon_exact.unwrap(), r(1, 3));
    assert!(m.is_core_empty().unwrap() && m.core_point().unwrap().is_none());
    // v(12) = 10, v(N) = 2 (zero elsewhere). Prenucleolus: e(12) = 8 + x3 and e(3) = -x3
    // balance at x3 = -4 (excess 4); then x1 = x2 = 3 (e(13) = e(23) = 1). Nucleolus
    // (x3 >= 0): e(12) = 8 + x3 is smallest at x3 = 0, then x1 = x2 = 1.
    let g = TUGame::from_fn(3, |s| match s {
        3 => 10.0,
        7 => 2.0,
        _ => 0.0,
    })
    .unwrap()
    .with_exact_floats();
    let nu = g.nucleolus().unwrap();
    assert!(nu.certified);
    assert_eq!(
        nu.allocation_exact.unwrap(),
        vec![r(1, 1), r(1, 1), r(0, 1)]
    );
    let pre = g.prenucleolus().unwrap();
    assert!(pre.certified);
    assert_eq!(
        pre.allocation_exact.unwrap(),
        vec![r(3, 1), r(3, 1), r(-4, 1)]
    );
}

#[test]
fn nucleolus_on_a_degenerate_first_stage() {
    // v(12) = v(123) = 1, zero elsewhere. Stage 1: e(12) = x3 and e(3) = -x3, so t1 = 0 at
    // x3 = 0, and the optimal face is {x3 = 0, x1 + x2 = 1, x1, x2 >= 0}. Its vertices
    // (1, 0, 0) and (0, 1, 0) — what a simplex solver returns — also make {2} and {13} (or
    // {1} and {23}) tight; fixing those too would give (1, 0, 0). Only {12} and {3} are
    // tight on the whole face; stage 2 then minimises max(-x1, -x2, x2 - 1, x1 - 1) on it:
    // x1 = x2 = 1/2, excess -1/2.
    let g = TUGame::from_fn(3, |s| if s == 3 || s == 7 { 1.0 } else { 0.0 })
        .unwrap()
        .with_exact_floats();
    for nu in [g.nucleolus().unwrap(), g.prenucleolus().unwrap()] {
        assert!(nu.certified, "{nu:?}");
        assert_eq!(
            nu.allocation_exact.unwrap(),
            vec![r(1, 2), r(1, 2), r(0, 1)]
        );
    }
    // A 4-player degenerate case: v(12) = v(34) = 1, v(N) = 2: stage 1 is tight on a face
    // (x1 + x2 = 1, x3 + x4 = 1); the nucleolus splits each pair equally.
    let g = TUGame::from_fn(4, |s| match s {
        3 | 12 => 1.0,
        15 => 2.0,
        s if s & 3 == 3 || s & 12 == 12 => 1.0,
        _ => 0.0,
    })
    .unwrap()
    .with_exact_floats();
    let nu = g.nucleolus().unwrap();
    assert!(nu.certified);
    assert_eq!(nu.allocation_exact.clone().unwrap(), vec![r(1, 2); 4]);
    no_improving_direction(&g, &nu.allocation_exact.unwrap(), true);
}

#[test]
fn nucleolus_of_random_games_is_certified_and_locally_optimal() {
    for n in 2..=4 {
        for seed in 0..6 {
            let mut g = random_game(n, seed * 7 + n as u64);
            // Make the imputation set non-empty.
            let single: f64 = (0..n).map(|i| g.value(1 << i)).sum();
            if single > g.grand_value() {
                let mut v = g.values().to_vec();
                let last = v.len() - 1;
                v[last] = single + 1.0;
                g = TUGame::new(v).unwrap().with_exact_floats();
            }
            for pre in [false, true] {
                let nu = if pre { g.prenucleolus() } else { g.nucleolus() }.unwrap();
                assert!(nu.certified, "n {n} seed {seed} pre {pre}: {nu:?}");
                let x = nu.allocation_exact.clone().unwrap();
                no_improving_direction(&g, &x, !pre);
                if !g.is_core_empty().unwrap() {
                    assert!(g.in_core(&x), "nucleolus outside the non-empty core");
                }
            }
        }
    }
}

#[test]
fn core_vertices_by_hand() {
    // Glove: the core is the point (1, 0, 0).
    assert_eq!(
        glove().core_vertices().unwrap(),
        vec![vec![r(1, 1), r(0, 1), r(0, 1)]]
    );
    assert!(majority().core_vertices().unwrap().is_empty());
    // Convex game v(S) = |S|^2 on 3 players: the vertices are the 6 marginal vectors
    // (1, 3, 5) permuted.
    let sq = TUGame::from_fn(3, |s| f64::from(s.count_ones()).powi(2)).unwrap();
    let v = sq.core_vertices().unwrap();
    assert_eq!(v.len(), 6);
    for x in &v {
        let mut sorted: Vec<BigRational> = x.clone();
        sorted.sort();
        assert_eq!(sorted, vec![r(1, 1), r(3, 1), r(5, 1)]);
    }
    assert!(
        TUGame::from_fn(7, |_| 0.0)
            .unwrap()
            .core_vertices()
            .is_err()
    );
}

/// Every imputation of a grid of step `(v(N) − Σ v({i})) / steps` over the imputation set.
fn imputation_grid(g: &TUGame, steps: i64) -> Vec<Vec<BigRational>> {
    let n = g.num_players();
    let lows: Vec<BigRational> = (0..n).map(|i| g.exact_value(1 << i)).collect();
    let surplus = g.exact_value(g.grand()) - lows.iter().sum::<BigRational>();
    let mut out = Vec::new();
    let mut parts = vec![0i64; n];
    fn rec(k: usize, left: i64, parts: &mut Vec<i64>, out: &mut Vec<Vec<i64>>) {
        if k + 1 == parts.len() {
            parts[k] = left;
            out.push(parts.clone());
            return;
        }
        for p in 0..=left {
            parts[k] = p;
            rec(k + 1, left - p, parts, out);
        }
    }
    let mut all = Vec::new();
    rec(0, steps, &mut parts, &mut all);
    for p in all {
        out.push(
            (0..n)
                .map(|i| &lows[i] + &surplus * r(p[i], steps))
                .collect(),
        );
    }
    out
}

#[test]
fn nucleolus_beats_every_imputation_of_a_grid() {
    for n in 3..=4 {
        for seed in 0..4 {
            let mut g = random_game(n, 1000 + seed * 13 + n as u64);
            let single: f64 = (0..n).map(|i| g.value(1 << i)).sum();
            let mut v = g.values().to_vec();
            let last = v.len() - 1;
            v[last] = v[last].max(single + 6.0);
            g = TUGame::new(v).unwrap().with_exact_floats();
            let x = g.nucleolus().unwrap().allocation_exact.unwrap();
            let best = sorted_excesses(&g, &x);
            let steps = if n == 3 { 24 } else { 12 };
            for y in imputation_grid(&g, steps) {
                assert!(
                    sorted_excesses(&g, &y) >= best,
                    "grid point {y:?} beats {x:?}"
                );
            }
        }
    }
}

#[test]
fn myerson_on_star_and_complete_graphs() {
    // Majority game on a star centred on player 0: {1, 2} cannot talk, so the restricted
    // game is the glove game with player 0 as the left glove: (2/3, 1/6, 1/6).
    let m = majority();
    assert_eq!(
        m.myerson_exact(&[(0, 1), (0, 2)]).unwrap(),
        vec![r(2, 3), r(1, 6), r(1, 6)]
    );
    // On the complete graph the Myerson value is the Shapley value.
    let complete = [(0, 1), (0, 2), (1, 2)];
    assert_eq!(
        m.myerson_exact(&complete).unwrap(),
        m.shapley_exact().unwrap()
    );
    // Four players, quota 3, star centred on 0: v^g(S) = 1 iff 0 ∈ S and |S| >= 3. Player 0
    // is pivotal when it comes third or fourth (probability 1/2); the leaves share the rest.
    let q3 = TUGame::from_fn(4, |s| if s.count_ones() >= 3 { 1.0 } else { 0.0 })
        .unwrap()
        .with_exact_floats();
    assert_eq!(
        q3.myerson_exact(&[(0, 1), (0, 2), (0, 3)]).unwrap(),
        vec![r(1, 2), r(1, 6), r(1, 6), r(1, 6)]
    );
    // No edges: only singletons cooperate, everyone gets v({i}).
    let g = random_game(4, 5);
    let alone = g.myerson_exact(&[]).unwrap();
    assert!((0..4).all(|i| alone[i] == g.exact_value(1 << i)));
    assert!(m.myerson(&[(0, 3)]).is_err() && m.myerson(&[(1, 1)]).is_err());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn game(n: usize, values: &[i64]) -> TUGame {
        TUGame::from_fn(n, |s| if s == 0 { 0.0 } else { values[s] as f64 })
            .unwrap()
            .with_exact_floats()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Shapley: efficiency and symmetry of interchangeable players, exactly; the
        /// prenucleolus is certified, lies in the core when it is non-empty, and its
        /// largest excess is the least-core value.
        #[test]
        fn shapley_and_nucleolus_properties(
            n in 2usize..=5,
            values in proptest::collection::vec(-20i64..=20, 32),
        ) {
            let g = game(n, &values);
            let phi = g.shapley_exact().unwrap();
            let total: BigRational = phi.iter().sum();
            prop_assert_eq!(total, g.exact_value(g.grand()));
            // Symmetrise players 0 and 1: v'(S) = v(S with 0 and 1 swapped) + v(S).
            let swap = |s: usize| (s & !3) | ((s & 1) << 1) | ((s >> 1) & 1);
            let sym = TUGame::from_fn(n, |s| g.value(s) + g.value(swap(s))).unwrap().with_exact_floats();
            let p = sym.shapley_exact().unwrap();
            prop_assert_eq!(&p[0], &p[1]);

            let pre = g.prenucleolus().unwrap();
            prop_assert!(pre.certified);
            let x = pre.allocation_exact.clone().unwrap();
            let lc = g.least_core().unwrap();
            prop_assert_eq!(lc.epsilon_exact.clone().unwrap(), sorted_excesses(&g, &x)[0].clone());
            if !g.is_core_empty().unwrap() {
                prop_assert!(g.in_core(&x));
                let (_, exact) = g.core_point().unwrap().unwrap();
                prop_assert!(g.in_core(&exact.unwrap()));
            }
            // The Shapley value of a convex game lies in its core.
            if g.is_convex() {
                prop_assert!(g.in_core(&phi));
            }
        }

        /// Monte-Carlo estimates are reproducible and within 6 standard errors.
        #[test]
        fn monte_carlo_is_reproducible(
            n in 2usize..=6,
            values in proptest::collection::vec(-20i64..=20, 64),
            seed in any::<u64>(),
        ) {
            let g = game(n, &values);
            let a = g.shapley_monte_carlo(400, seed).unwrap();
            prop_assert_eq!(&a, &g.shapley_monte_carlo(400, seed).unwrap());
            let exact = g.shapley().unwrap();
            for (i, e) in exact.iter().enumerate() {
                prop_assert!((a.values[i] - e).abs() <= 6.0 * a.std_errors[i] + 1e-9);
            }
        }
    }
}
