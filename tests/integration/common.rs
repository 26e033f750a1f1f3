//! Helpers shared by the integration tests' modules.

use std::path::{Path, PathBuf};

use detente::Game;
use detente::io::read_nfg_path;
use ndarray::{Array2, ArrayD, IxDyn, array};
use num_rational::BigRational;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Exact numbers.

/// The fraction `numer / denom`.
pub fn frac(numer: i64, denom: i64) -> BigRational {
    BigRational::new(numer.into(), denom.into())
}

/// The exact value of a finite float.
pub fn rational(x: f64) -> BigRational {
    BigRational::from_float(x).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Gambit's test games.

/// The folder of Gambit's `.nfg` test games.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nfg")
}

/// The names of the `.nfg` files in [`data_dir`], sorted.
pub fn nfg_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".nfg"))
        .collect();
    names.sort();
    names
}

/// The test game `name` from [`data_dir`].
pub fn nfg(name: &str) -> Game {
    read_nfg_path(data_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Comparisons.

/// Whether two vectors have the same length and agree entrywise within `tol`.
pub fn all_close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

// ---------------------------------------------------------------------------------------------
// Games.

/// The game of the given action shape whose payoffs, in C order of a tensor with the players
/// last (profile by profile, player by player), are `payoffs`.
pub fn game_from(shape: &[usize], payoffs: Vec<f64>) -> Game {
    let mut full = shape.to_vec();
    full.push(shape.len());
    Game::new(ArrayD::from_shape_vec(IxDyn(&full), payoffs).unwrap()).unwrap()
}

/// The `m x n` bimatrix game whose row player's matrix is the first `m * n` of `values` (row
/// by row) and whose column player's is the next `m * n`.
pub fn bimatrix_from(m: usize, n: usize, values: &[f64]) -> Game {
    let a = Array2::from_shape_fn((m, n), |(i, j)| values[i * n + j]);
    let b = Array2::from_shape_fn((m, n), |(i, j)| values[m * n + i * n + j]);
    Game::from_bimatrix(a.view(), b.view()).unwrap()
}

/// Chicken: C = 0, D = 1; (C,C) = (6,6), (C,D) = (2,7), (D,C) = (7,2), (D,D) = (0,0).
pub fn chicken() -> Game {
    Game::from_bimatrix(
        array![[6.0, 2.0], [7.0, 0.0]].view(),
        array![[6.0, 7.0], [2.0, 0.0]].view(),
    )
    .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Random games (proptest strategies).

/// A payoff: an integer in `-2..=2` (many ties, degenerate games) or uniform in `[-10, 10)`.
pub fn payoff(ties: bool) -> BoxedStrategy<f64> {
    if ties {
        (-2i32..=2).prop_map(f64::from).boxed()
    } else {
        (-10.0f64..10.0).boxed()
    }
}

/// Games with `players` players, `actions` actions each, and every payoff drawn from
/// `payoff`.
pub fn arb_game(
    players: std::ops::RangeInclusive<usize>,
    actions: std::ops::RangeInclusive<usize>,
    payoff: impl Strategy<Value = f64> + Clone,
) -> impl Strategy<Value = Game> {
    prop::collection::vec(actions, players)
        .prop_flat_map(move |shape| {
            let len = shape.iter().product::<usize>() * shape.len();
            (Just(shape), prop::collection::vec(payoff.clone(), len))
        })
        .prop_map(|(shape, values)| game_from(&shape, values))
}

/// `len` payoffs, all small integers (many ties, degenerate LPs) or all floats.
pub fn payoff_values(len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        prop::collection::vec((-2i32..=2).prop_map(f64::from), len),
        prop::collection::vec(-10.0f64..10.0, len),
    ]
}

/// Near-ties of very different magnitudes (1e-9 next to 1): degenerate LPs on which the
/// simplex backend (microlp) sometimes fails or returns inaccurate answers.
pub fn near_tie_matrix() -> impl Strategy<Value = Array2<f64>> {
    let value = prop::sample::select(vec![0.0, 1e-9, -1e-9, 0.03125, 1.0, -1.0, 3.0]);
    (1usize..=5, 1usize..=5).prop_flat_map(move |(m, n)| {
        prop::collection::vec(value.clone(), m * n)
            .prop_map(move |v| Array2::from_shape_vec((m, n), v).unwrap())
    })
}

/// The bimatrix game `(a, 1 - 2a)` of a near-tie matrix: neither zero- nor constant-sum.
pub fn near_tie_game(a: &Array2<f64>) -> Game {
    Game::from_bimatrix(a.view(), a.mapv(|x| 1.0 - 2.0 * x).view()).unwrap()
}

/// Games of 2 or 3 players with 2 or 3 actions each, payoffs from a xorshift stream of a drawn
/// seed: integers in `-2..=2` (ties) or multiples of 1/1000 in `[-10, 10]`.
pub fn seeded_game() -> impl Strategy<Value = Game> {
    (
        prop::collection::vec(2usize..=3, 2..=3),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(shape, ties, seed)| {
            let len = shape.iter().product::<usize>() * shape.len();
            let mut x = seed | 1;
            let data = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    if ties {
                        (x % 5) as f64 - 2.0
                    } else {
                        (x % 20001) as f64 / 1000.0 - 10.0
                    }
                })
                .collect();
            game_from(&shape, data)
        })
}

/// Exact regret of each player, from the game's pure payoffs alone: its exact payoffs when
/// it was given exactly (a file's `2/7` is 2/7, not the nearest float), else its floats.
pub fn exact_regret(game: &Game, s: &[Vec<BigRational>]) -> Vec<BigRational> {
    let (m, n) = (game.shape()[0], game.shape()[1]);
    let exact = game.exact_payoffs();
    let u = |i: usize, j: usize, p: usize| match &exact {
        Some(values) => values[2 * (i * n + j) + p].clone(),
        None => rational(game.pure_payoffs(&[i, j])[p]),
    };
    let row: Vec<BigRational> = (0..m)
        .map(|i| (0..n).map(|j| &s[1][j] * u(i, j, 0)).sum())
        .collect();
    let col: Vec<BigRational> = (0..n)
        .map(|j| (0..m).map(|i| &s[0][i] * u(i, j, 1)).sum())
        .collect();
    let value = |v: &[BigRational], p: &[BigRational]| -> BigRational {
        v.iter().zip(p).map(|(a, b)| a * b).sum()
    };
    let best = |v: &[BigRational]| v.iter().max().unwrap().clone();
    vec![
        best(&row) - value(&row, &s[0]),
        best(&col) - value(&col, &s[1]),
    ]
}

/// The next number of Vigna's splitmix64 generator from `state` (advanced): reproducible
/// test data without a random-number crate's version in the way.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A random `n × n` bimatrix game with uniform `[0, 1)` payoffs drawn by splitmix64 from
/// `seed`, the row player's matrix first (as the criterion benchmarks draw them).
pub fn splitmix_bimatrix(n: usize, seed: u64) -> Game {
    let mut state = seed;
    let mut next = || (splitmix64(&mut state) >> 11) as f64 / (1u64 << 53) as f64;
    let a = Array2::from_shape_simple_fn((n, n), &mut next);
    let b = Array2::from_shape_simple_fn((n, n), &mut next);
    Game::from_bimatrix(a.view(), b.view()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Plane geometry (payoff sets of two-player repeated games), written independently of the
// solvers' polygon code.

/// The Euclidean distance between two points of the plane.
pub fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// The distance from `p` to the segment `[a, b]`.
pub fn seg_dist(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let l2 = (b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2);
    if l2 == 0.0 {
        return dist(p, a);
    }
    let t = (((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / l2).clamp(0.0, 1.0);
    dist(p, [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])])
}

/// The distance from `p` to a convex polygon listed around its boundary (0 inside; a point
/// or a segment for one or two vertices; infinite for none).
pub fn dist_to(poly: &[[f64; 2]], p: [f64; 2]) -> f64 {
    let n = poly.len();
    if n == 0 {
        return f64::INFINITY;
    }
    if n == 1 {
        return dist(p, poly[0]);
    }
    let sides: Vec<f64> = (0..n)
        .map(|k| {
            let (a, b) = (poly[k], poly[(k + 1) % n]);
            (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
        })
        .collect();
    if n >= 3 && (sides.iter().all(|&s| s >= 0.0) || sides.iter().all(|&s| s <= 0.0)) {
        return 0.0;
    }
    (0..n)
        .map(|k| seg_dist(p, poly[k], poly[(k + 1) % n]))
        .fold(f64::INFINITY, f64::min)
}

/// The cross product of `a - o` and `b - o` (positive: `b` lies left of `o → a`).
pub fn cross(o: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
}

/// The convex hull by gift wrapping, counter-clockwise from the leftmost (then lowest) point;
/// points within `eps` of an earlier one merge.
pub fn wrap(points: &[[f64; 2]], eps: f64) -> Vec<[f64; 2]> {
    let mut pts: Vec<[f64; 2]> = Vec::new();
    for &p in points {
        if !pts.iter().any(|&q| dist(p, q) <= eps) {
            pts.push(p);
        }
    }
    if pts.len() <= 2 {
        return pts;
    }
    let start = (0..pts.len())
        .min_by(|&i, &j| {
            pts[i][0]
                .total_cmp(&pts[j][0])
                .then(pts[i][1].total_cmp(&pts[j][1]))
        })
        .unwrap();
    let (mut out, mut seen, mut cur) = (vec![], vec![false; pts.len()], start);
    loop {
        out.push(pts[cur]);
        seen[cur] = true;
        let mut next = (cur + 1) % pts.len();
        // Exact orientation tests (a slack here would let a nearly collinear point replace a
        // true corner); ties go to the farthest point.
        for j in 0..pts.len() {
            let c = cross(pts[cur], pts[next], pts[j]);
            if c < 0.0 || (c == 0.0 && dist(pts[cur], pts[j]) > dist(pts[cur], pts[next])) {
                next = j;
            }
        }
        cur = next;
        if seen[cur] {
            break;
        }
    }
    out
}

/// `poly ∩ { x_axis >= c }` (Sutherland-Hodgman).
pub fn keep_above(poly: &[[f64; 2]], axis: usize, c: f64, eps: f64) -> Vec<[f64; 2]> {
    let n = poly.len();
    let mut out = vec![];
    for k in 0..n {
        let (p, q) = (poly[k], poly[(k + 1) % n]);
        let (sp, sq) = (p[axis] - c, q[axis] - c);
        if sp >= -eps {
            out.push(p);
        }
        if (sp < -eps && sq > eps) || (sp > eps && sq < -eps) {
            let t = sp / (sp - sq);
            out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
        }
    }
    wrap(&out, eps)
}
