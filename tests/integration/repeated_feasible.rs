//! Feasible and individually rational payoff sets: hand-derived polygons and polytopes,
//! degenerate cases, and properties checked against brute force (every payoff vector lies in
//! the hull; every vertex is a payoff vector not inside the others' hull).

use detente::Game;
use detente::repeated::{MinmaxKind, RepeatedGame};
use ndarray::{ArrayD, IxDyn, array};
use num_rational::BigRational;
use proptest::prelude::*;

fn r(p: i64, q: i64) -> BigRational {
    BigRational::new(p.into(), q.into())
}

fn rg(g: Game) -> RepeatedGame {
    RepeatedGame::new(g, 0.5).unwrap()
}

#[test]
fn prisoners_dilemma_quadrilateral_counter_clockwise() {
    let pd = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 5.0], [0.0, 1.0]].view(),
    )
    .unwrap();
    let f = rg(pd.clone()).feasible_set().unwrap();
    assert_eq!(f.dimension, 2);
    assert_eq!(
        f.vertices,
        vec![
            vec![5.0, 0.0],
            vec![3.0, 3.0],
            vec![0.0, 5.0],
            vec![1.0, 1.0]
        ]
    );
    let ir = rg(pd).individually_rational_set(MinmaxKind::Mixed).unwrap();
    assert_eq!(
        ir.vertices_exact,
        vec![
            vec![r(1, 1), r(1, 1)],
            vec![r(13, 3), r(1, 1)],
            vec![r(3, 1), r(3, 1)],
            vec![r(1, 1), r(13, 3)]
        ]
    );
}

#[test]
fn degenerate_sets_a_point_and_a_segment() {
    let same = Game::from_bimatrix(
        array![[2.0, 2.0], [2.0, 2.0]].view(),
        array![[1.0, 1.0], [1.0, 1.0]].view(),
    )
    .unwrap();
    let f = rg(same.clone()).feasible_set().unwrap();
    assert_eq!((f.dimension, f.vertices.clone()), (0, vec![vec![2.0, 1.0]]));
    let ir = rg(same)
        .individually_rational_set(MinmaxKind::Pure)
        .unwrap();
    assert_eq!(ir.vertices, vec![vec![2.0, 1.0]]);
    // Constant-sum: the segment from (0, 3) to (3, 0); the IR part is the value point.
    let a = array![[0.0, 1.0], [2.0, 3.0]];
    let seg = Game::from_bimatrix(a.view(), a.mapv(|x| 3.0 - x).view()).unwrap();
    let f = rg(seg.clone()).feasible_set().unwrap();
    assert_eq!(f.dimension, 1);
    assert_eq!(f.vertices, vec![vec![0.0, 3.0], vec![3.0, 0.0]]);
    // Row guarantees 2 (row 1), column holds it to 2: the only IR payoff is (2, 1).
    let ir = rg(seg)
        .individually_rational_set(MinmaxKind::Mixed)
        .unwrap();
    assert_eq!(ir.vertices, vec![vec![2.0, 1.0]]);
}

#[test]
fn three_players_a_tetrahedron_and_its_ir_part() {
    // Payoffs at four profiles: 0, e1, e2, e3 (others repeat 0): the unit simplex corner.
    let mut t = ArrayD::<f64>::zeros(IxDyn(&[2, 2, 1, 3]));
    t[[1, 0, 0, 0]] = 1.0;
    t[[0, 1, 0, 1]] = 1.0;
    t[[1, 1, 0, 2]] = 1.0;
    let g = rg(Game::new(t).unwrap());
    let f = g.feasible_set().unwrap();
    assert_eq!(f.dimension, 3);
    assert_eq!(f.vertices.len(), 4);
    assert_eq!(f.facets.as_ref().unwrap().len(), 4);
    // Pure minmax: player 2 at 1 holds player 1 to 0, player 1 at 1 holds player 2 to 0, and
    // player 3 (one action) gets 0 at (0, 0): the floor is 0, the IR set the whole simplex.
    let ir = g.individually_rational_set(MinmaxKind::Pure).unwrap();
    assert_eq!(ir.vertices, f.vertices);
}

#[test]
fn coplanar_three_player_payoffs_form_a_polygon() {
    // u3 = 0 everywhere: a square in the plane u3 = 0.
    let mut t = ArrayD::<f64>::zeros(IxDyn(&[2, 2, 1, 3]));
    for a in 0..2 {
        for b in 0..2 {
            t[[a, b, 0, 0]] = a as f64;
            t[[a, b, 0, 1]] = b as f64;
        }
    }
    let f = rg(Game::new(t).unwrap()).feasible_set().unwrap();
    assert_eq!(f.dimension, 2);
    assert_eq!(f.vertices.len(), 4);
}

#[test]
fn four_players_are_refused_with_what_to_do() {
    let g = Game::new(ArrayD::<f64>::zeros(IxDyn(&[1, 1, 1, 1, 4]))).unwrap();
    let e = rg(g).feasible_set().unwrap_err().to_string();
    assert!(e.contains("4 players") && e.contains("ConvexHull"), "{e}");
}

/// Whether `p` is in the convex hull of `pts` (2-D, by the winding of a convex polygon given
/// counter-clockwise; segments and points handled apart).
fn in_polygon(p: &[f64], poly: &[Vec<f64>]) -> bool {
    match poly.len() {
        1 => (p[0] - poly[0][0]).abs() < 1e-9 && (p[1] - poly[0][1]).abs() < 1e-9,
        2 => {
            let (a, b) = (&poly[0], &poly[1]);
            let cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
            let dotp = (p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1]);
            let len = (b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2);
            cross.abs() < 1e-9 && dotp >= -1e-9 && dotp <= len + 1e-9
        }
        k => (0..k).all(|s| {
            let (a, b) = (&poly[s], &poly[(s + 1) % k]);
            (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= -1e-9
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn two_player_hulls_contain_every_payoff_and_only_extreme_vertices(
        values in proptest::collection::vec(-3i32..4, 18), m in 1usize..4, n in 1usize..4,
    ) {
        let a = ndarray::Array2::from_shape_fn((m, n), |(i, j)| f64::from(values[i * n + j]));
        let b = ndarray::Array2::from_shape_fn((m, n), |(i, j)| f64::from(values[9 + i * n + j]));
        let g = Game::from_bimatrix(a.view(), b.view()).unwrap();
        let f = rg(g.clone()).feasible_set().unwrap();
        let pts: Vec<Vec<f64>> = (0..m * n).map(|k| vec![a[[k / n, k % n]], b[[k / n, k % n]]]).collect();
        for p in &pts {
            prop_assert!(in_polygon(p, &f.vertices), "{p:?} outside {:?}", f.vertices);
        }
        for (k, v) in f.vertices.iter().enumerate() {
            prop_assert!(pts.contains(v));
            // A vertex is not in the hull of the other vertices.
            let others: Vec<Vec<f64>> = f.vertices.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, w)| w.clone()).collect();
            if others.len() >= 3 {
                prop_assert!(!in_polygon(v, &others));
            }
        }
        // The IR set: inside the feasible set and above the mixed minmax.
        let mm = rg(g.clone()).minmax(MinmaxKind::Mixed).unwrap();
        let ir = rg(g).individually_rational_set(MinmaxKind::Mixed).unwrap();
        prop_assert!(!ir.vertices.is_empty());
        for v in &ir.vertices {
            prop_assert!(in_polygon(v, &f.vertices));
            prop_assert!(v[0] >= mm.values[0] - 1e-12 && v[1] >= mm.values[1] - 1e-12);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn three_player_sets_contain_every_payoff_and_respect_the_floor(
        values in proptest::collection::vec(-2i32..3, 24),
    ) {
        let data: Vec<f64> = values.iter().map(|&x| f64::from(x)).collect();
        let g = Game::new(ArrayD::from_shape_vec(IxDyn(&[2, 2, 2, 3]), data.clone()).unwrap()).unwrap();
        let f = rg(g.clone()).feasible_set().unwrap();
        let pts: Vec<Vec<f64>> = data.chunks(3).map(<[f64]>::to_vec).collect();
        for v in &f.vertices {
            prop_assert!(pts.contains(v));
        }
        if let Some(facets) = &f.facets {
            for p in &pts {
                for (m, o) in facets {
                    let lhs: f64 = m.iter().zip(p).map(|(x, y)| x.to_f64() * y).sum();
                    prop_assert!(lhs <= o.to_f64() + 1e-9);
                }
            }
        }
        let mm = rg(g.clone()).minmax(MinmaxKind::Pure).unwrap();
        let ir = rg(g).individually_rational_set(MinmaxKind::Pure).unwrap();
        for v in &ir.vertices {
            for (x, floor) in v.iter().zip(&mm.values) {
                prop_assert!(*x >= floor - 1e-12);
            }
        }
        // Every feasible vertex above the floor is an IR vertex.
        for v in &f.vertices {
            if (0..3).all(|i| v[i] >= mm.values[i]) {
                prop_assert!(ir.vertices.contains(v), "{v:?} missing from {:?}", ir.vertices);
            }
        }
    }
}

trait ToF64 {
    fn to_f64(&self) -> f64;
}

impl ToF64 for BigRational {
    fn to_f64(&self) -> f64 {
        num_traits::ToPrimitive::to_f64(self).unwrap()
    }
}
