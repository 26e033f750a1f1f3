//! All extreme equilibria of bimatrix games: Gambit's test games with their published counts,
//! hand-derived games, and random (degenerate) games checked against an independent
//! brute-force vertex enumeration written here (every square subsystem solved exactly),
//! with an exact regret check that shares no code with the library.

use std::collections::BTreeSet;

use detente::solve::{self, AllEquilibria, EnumerateOptions, ExactEquilibrium, enumerate_all};
use detente::{Error, Game};
use ndarray::{Array2, array};
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

const EXACT: EnumerateOptions = EnumerateOptions {
    exact: true,
    max_vertices: 1_000_000,
    max_memory: None,
};
const FLOAT: EnumerateOptions = EnumerateOptions {
    exact: false,
    max_vertices: 1_000_000,
    max_memory: None,
};

use crate::common::{bimatrix_from, exact_regret, frac, nfg, rational};

fn is_distribution(s: &[BigRational]) -> bool {
    s.iter().all(|p| !p.is_negative()) && s.iter().sum::<BigRational>() == BigRational::one()
}

/// Every check that holds for any correct result, exactly and in floats.
pub(crate) fn check_certified(game: &Game, all: &AllEquilibria) {
    let exact = all.exact.as_ref().expect("exact mode");
    assert_eq!(exact.len(), all.equilibria.len());
    let mut seen = BTreeSet::new();
    for (e, x) in all.equilibria.iter().zip(exact) {
        assert!(x.strategies.iter().all(|s| is_distribution(s)));
        assert!(exact_regret(game, &x.strategies).iter().all(Zero::is_zero));
        assert!(e.regret <= 1e-9, "float regret {}", e.regret);
        assert_eq!(e.method, "enumerate_all");
        assert!(seen.insert(x.strategies.clone()), "duplicate {x:?}");
        // The exact payoffs are the expected payoffs.
        let payoffs = game.payoff(&e.strategies).unwrap();
        for (a, &b) in x.payoffs.iter().zip(&payoffs) {
            let a = num_traits::ToPrimitive::to_f64(a).unwrap();
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "payoff {a} vs {b}"
            );
        }
    }
    for p in solve::pure(game, 0.0).unwrap() {
        assert!(
            all.equilibria.iter().any(|e| e.strategies == p.strategies),
            "pure equilibrium {:?} missing",
            p.strategies
        );
    }
    // Every clique is a product of extreme strategies whose mixtures are all equilibria:
    // check the barycentre exactly, and that the clique's equilibria are its product.
    let (rows, cols) = vertex_strategies(all);
    let mut covered = BTreeSet::new();
    for c in &all.components {
        for k in &c.cliques {
            let mix = |vs: &[usize], pool: &[Vec<BigRational>]| -> Vec<BigRational> {
                let w = frac(1, vs.len() as i64);
                (0..pool[vs[0]].len())
                    .map(|a| vs.iter().map(|&v| &pool[v][a] * &w).sum())
                    .collect()
            };
            let centre = vec![mix(&k.row_vertices, &rows), mix(&k.column_vertices, &cols)];
            assert!(exact_regret(game, &centre).iter().all(Zero::is_zero));
            assert_eq!(
                k.equilibria.len(),
                k.row_vertices.len() * k.column_vertices.len()
            );
            for &e in &k.equilibria {
                let (r, cc) = all.vertex_pairs[e];
                assert!(k.row_vertices.contains(&r) && k.column_vertices.contains(&cc));
                assert!(c.equilibria.contains(&e));
            }
        }
        covered.extend(c.equilibria.iter().copied());
    }
    assert_eq!(covered.len(), all.equilibria.len());
}

/// The distinct extreme strategies of each player, indexed as in `vertex_pairs`.
fn vertex_strategies(all: &AllEquilibria) -> (Vec<Vec<BigRational>>, Vec<Vec<BigRational>>) {
    let exact = all.exact.as_ref().unwrap();
    let rows = all
        .vertex_pairs
        .iter()
        .map(|p| p.0)
        .max()
        .map_or(0, |r| r + 1);
    let cols = all
        .vertex_pairs
        .iter()
        .map(|p| p.1)
        .max()
        .map_or(0, |c| c + 1);
    let mut r = vec![Vec::new(); rows];
    let mut c = vec![Vec::new(); cols];
    for (&(i, j), x) in all.vertex_pairs.iter().zip(exact) {
        r[i] = x.strategies[0].clone();
        c[j] = x.strategies[1].clone();
    }
    (r, c)
}

// ---------------------------------------------------------------------------------------------
// Brute force, independent of the library: every vertex of {z >= 0 : C z <= 1} as the feasible
// solutions of all square subsystems of tight constraints, solved by exact Gaussian elimination.

fn solve_exact(mut a: Vec<Vec<BigRational>>, mut b: Vec<BigRational>) -> Option<Vec<BigRational>> {
    let d = b.len();
    for col in 0..d {
        let p = (col..d).find(|&r| !a[r][col].is_zero())?;
        a.swap(col, p);
        b.swap(col, p);
        for r in 0..d {
            if r != col && !a[r][col].is_zero() {
                let f = &a[r][col] / &a[col][col];
                let pivot = a[col].clone();
                for (x, p) in a[r].iter_mut().zip(&pivot).skip(col) {
                    *x -= &f * p;
                }
                let t = &f * &b[col];
                b[r] -= t;
            }
        }
    }
    Some((0..d).map(|i| &b[i] / &a[i][i]).collect())
}

/// Vertices of {z >= 0 : C z <= 1} with their tight sets (bit i < d: z_i = 0, d + j: row j).
fn brute_vertices(c: &[Vec<BigRational>], d: usize) -> Vec<(Vec<BigRational>, u64)> {
    let k = c.len();
    let mut out: Vec<(Vec<BigRational>, u64)> = Vec::new();
    for subset in 0u64..1 << (d + k) {
        if subset.count_ones() as usize != d {
            continue;
        }
        let mut a = Vec::new();
        let mut b = Vec::new();
        for t in 0..d + k {
            if subset & (1 << t) != 0 {
                if t < d {
                    a.push(
                        (0..d)
                            .map(|i| {
                                if i == t {
                                    BigRational::one()
                                } else {
                                    BigRational::zero()
                                }
                            })
                            .collect(),
                    );
                    b.push(BigRational::zero());
                } else {
                    a.push(c[t - d].clone());
                    b.push(BigRational::one());
                }
            }
        }
        let Some(z) = solve_exact(a, b) else { continue };
        let slack: Vec<BigRational> = c
            .iter()
            .map(|row| {
                BigRational::one() - row.iter().zip(&z).map(|(x, y)| x * y).sum::<BigRational>()
            })
            .collect();
        if z.iter().chain(&slack).any(|v| v.is_negative()) {
            continue;
        }
        let tight = z
            .iter()
            .chain(&slack)
            .enumerate()
            .filter(|(_, v)| v.is_zero())
            .fold(0u64, |s, (t, _)| s | 1 << t);
        if !out.iter().any(|(w, _)| *w == z) {
            out.push((z, tight));
        }
    }
    out
}

/// Every extreme equilibrium by brute force, as exact normalised strategy pairs.
pub(crate) fn brute_equilibria(game: &Game) -> BTreeSet<Vec<Vec<BigRational>>> {
    let (m, n) = (game.shape()[0], game.shape()[1]);
    let u = |i: usize, j: usize, p: usize| rational(game.pure_payoffs(&[i, j])[p]);
    let shifted = |p: usize| {
        let min = (0..m)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|(i, j)| u(i, j, p))
            .min()
            .unwrap();
        move |i: usize, j: usize| u(i, j, p) - &min + BigRational::one()
    };
    let (a, b) = (shifted(0), shifted(1));
    let cp: Vec<Vec<BigRational>> = (0..n).map(|j| (0..m).map(|i| b(i, j)).collect()).collect();
    let cq: Vec<Vec<BigRational>> = (0..m).map(|i| (0..n).map(|j| a(i, j)).collect()).collect();
    let vp = brute_vertices(&cp, m);
    let vq = brute_vertices(&cq, n);
    let full = (1u64 << (m + n)) - 1;
    let normalise = |z: &[BigRational]| {
        let s: BigRational = z.iter().sum();
        z.iter().map(|x| x / &s).collect::<Vec<_>>()
    };
    let mut out = BTreeSet::new();
    for (x, tx) in &vp {
        if x.iter().all(Zero::is_zero) {
            continue;
        }
        for (y, ty) in &vq {
            if y.iter().all(Zero::is_zero) {
                continue;
            }
            // P: bit i = label i, bit m + j = label m + j. Q: bit j = label m + j, n + i = i.
            let lq = (ty >> n) | ((ty & ((1 << n) - 1)) << m);
            if (tx | lq) == full {
                out.insert(vec![normalise(x), normalise(y)]);
            }
        }
    }
    out
}

pub(crate) fn exact_set(all: &AllEquilibria) -> BTreeSet<Vec<Vec<BigRational>>> {
    all.exact
        .as_ref()
        .unwrap()
        .iter()
        .map(|e: &ExactEquilibrium| e.strategies.clone())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Gambit's games.

#[test]
fn gambit_games_have_their_published_equilibrium_counts() {
    // (file, extreme equilibria, components); counts from the games' titles and the papers.
    let cases: &[(&str, usize, Option<usize>)] = &[
        ("vonstengel1999_6x6_75eq.nfg", 75, Some(75)),
        ("coord4.nfg", 15, Some(15)),
        ("coord2.nfg", 3, Some(3)),
        ("8x8.nfg", 5, Some(5)),
        ("winkels.nfg", 12, Some(1)),
        ("2x2.nfg", 1, Some(1)),
        ("pd.nfg", 1, Some(1)),
        ("zero.nfg", 4, Some(1)),
        ("csg2.nfg", 4, Some(1)),
    ];
    for &(file, count, components) in cases {
        let g = nfg(file);
        let all = enumerate_all(&g, EXACT).unwrap();
        assert_eq!(all.equilibria.len(), count, "{file}");
        if let Some(c) = components {
            assert_eq!(all.components.len(), c, "{file}");
        }
        check_certified(&g, &all);
    }
}

/// Gambit's degenerate two-player games (unequal supports, continua, all-zero payoffs).
const DEGENERATE_GAMBIT_FILES: [&str; 8] = [
    "deg1.nfg",
    "deg2.nfg",
    "winkels.nfg",
    "csg2.nfg",
    "zero.nfg",
    "vd.nfg",
    "e04.nfg",
    "sww1.nfg",
];

#[test]
fn gambit_games_agree_with_brute_force() {
    let others = ["coord4.nfg", "oneill.nfg", "vonstengel1999_6x6_75eq.nfg"];
    for file in DEGENERATE_GAMBIT_FILES.into_iter().chain(others) {
        let g = nfg(file);
        let all = enumerate_all(&g, EXACT).unwrap();
        assert_eq!(exact_set(&all), brute_equilibria(&g), "{file}");
        check_certified(&g, &all);
    }
}

#[test]
fn float_mode_finds_the_same_equilibria_on_nondegenerate_games() {
    for (file, count) in [
        ("vonstengel1999_6x6_75eq.nfg", 75),
        ("coord4.nfg", 15),
        ("8x8.nfg", 5),
    ] {
        let g = nfg(file);
        let all = enumerate_all(&g, FLOAT).unwrap();
        assert_eq!(all.equilibria.len(), count, "{file}");
        assert!(all.exact.is_none());
        let scale = g.payoff_slice().iter().fold(1.0f64, |m, x| m.max(x.abs()));
        assert!(all.equilibria.iter().all(|e| e.regret <= 1e-12 * scale));
    }
}

#[test]
fn zero_game_is_one_convex_set() {
    let all = enumerate_all(&nfg("zero.nfg"), EXACT).unwrap();
    let c = &all.components[0];
    assert_eq!(c.cliques.len(), 1);
    assert_eq!(c.cliques[0].row_vertices, vec![0, 1]);
    assert_eq!(c.cliques[0].column_vertices, vec![0, 1]);
    assert!(all.equilibria.iter().all(|e| e.is_pure()));
}

// ---------------------------------------------------------------------------------------------
// Hand-derived games.

#[test]
fn matching_pennies_has_only_the_uniform_equilibrium() {
    let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
    let all = enumerate_all(&g, EXACT).unwrap();
    let half = vec![frac(1, 2), frac(1, 2)];
    assert_eq!(exact_set(&all), BTreeSet::from([vec![half.clone(), half]]));
    assert_eq!(all.exact.unwrap()[0].payoffs, vec![frac(0, 1), frac(0, 1)]);
}

#[test]
fn battle_of_the_sexes_has_three_equilibria_with_exact_fractions() {
    let g = Game::from_bimatrix(
        array![[2.0, 0.0], [0.0, 1.0]].view(),
        array![[1.0, 0.0], [0.0, 2.0]].view(),
    )
    .unwrap();
    let all = enumerate_all(&g, EXACT).unwrap();
    let unit = |k: usize| {
        (0..2)
            .map(|i| frac(i64::from(i == k), 1))
            .collect::<Vec<_>>()
    };
    let expected = BTreeSet::from([
        vec![unit(0), unit(0)],
        vec![unit(1), unit(1)],
        vec![vec![frac(2, 3), frac(1, 3)], vec![frac(1, 3), frac(2, 3)]],
    ]);
    assert_eq!(exact_set(&all), expected);
    // Mixed payoffs: 2·(1/3) = 2/3 for both.
    let mixed = all
        .exact
        .as_ref()
        .unwrap()
        .iter()
        .find(|e| e.strategies[0][0] == frac(2, 3));
    assert_eq!(mixed.unwrap().payoffs, vec![frac(2, 3), frac(2, 3)]);
    assert_eq!(all.components.len(), 3);
    check_certified(&g, &all);
}

#[test]
fn weakly_dominated_2x2_has_a_continuum_of_two_segments() {
    // Top weakly dominates Bottom, Left weakly dominates Right, all payoffs 1 except (B, R).
    // Equilibria: {any x} × {L} and {T} × {any y}, two segments meeting at (T, L).
    let a = array![[1.0, 1.0], [1.0, 0.0]];
    let g = Game::from_bimatrix(a.view(), a.view()).unwrap();
    let all = enumerate_all(&g, EXACT).unwrap();
    assert_eq!(all.equilibria.len(), 3);
    assert!(all.equilibria.iter().all(|e| e.is_pure()));
    assert_eq!(all.components.len(), 1);
    let cliques = &all.components[0].cliques;
    assert_eq!(cliques.len(), 2);
    let shapes: BTreeSet<(usize, usize)> = cliques
        .iter()
        .map(|c| (c.row_vertices.len(), c.column_vertices.len()))
        .collect();
    assert_eq!(shapes, BTreeSet::from([(1, 2), (2, 1)]));
    check_certified(&g, &all);
}

#[test]
fn unequal_supports_are_found() {
    // Column player indifferent between L and R when the row player plays Top: the extreme
    // equilibria (T, L) and (T, (1/2, 1/2)) have supports of sizes (1, 1) and (1, 2).
    let g = Game::from_bimatrix(
        array![[2.0, 2.0, 0.0], [3.0, 0.0, 1.0]].view(),
        array![[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]].view(),
    )
    .unwrap();
    let all = enumerate_all(&g, EXACT).unwrap();
    assert_eq!(exact_set(&all), brute_equilibria(&g));
    check_certified(&g, &all);
}

#[test]
fn one_by_n_games() {
    let g = Game::from_bimatrix(
        array![[1.0, 2.0, 2.0]].view(),
        array![[3.0, 5.0, 5.0]].view(),
    )
    .unwrap();
    let all = enumerate_all(&g, EXACT).unwrap();
    assert_eq!(all.equilibria.len(), 2);
    assert_eq!(all.components.len(), 1);
    check_certified(&g, &all);
}

// ---------------------------------------------------------------------------------------------
// Errors.

#[test]
fn bad_input_is_a_typed_error() {
    let three = nfg("2x2x2.nfg");
    assert!(matches!(
        enumerate_all(&three, EXACT),
        Err(Error::InvalidGame(_))
    ));
    let g = nfg("coord4.nfg");
    let zero_cap = EnumerateOptions {
        exact: true,
        max_vertices: 0,
        max_memory: None,
    };
    assert!(matches!(
        enumerate_all(&g, zero_cap),
        Err(Error::InvalidArgument(_))
    ));
    let small_cap = EnumerateOptions {
        exact: true,
        max_vertices: 3,
        max_memory: None,
    };
    match enumerate_all(&g, small_cap) {
        Err(Error::Solver(msg)) => assert!(msg.contains("max_vertices")),
        other => panic!("expected a Solver error, got {other:?}"),
    }
    let big = Game::from_bimatrix(
        Array2::zeros((100, 29)).view(),
        Array2::zeros((100, 29)).view(),
    )
    .unwrap();
    assert!(matches!(
        enumerate_all(&big, EXACT),
        Err(Error::InvalidGame(_))
    ));
}

// ---------------------------------------------------------------------------------------------
// Properties of random games.

/// Random games with up to `max` actions per player: integer payoffs in `ints` (degenerate
/// games, ties everywhere) or, if `None`, uniform payoffs in [-10, 10) (generic games).
fn random_game(
    max: usize,
    ints: Option<std::ops::RangeInclusive<i32>>,
) -> impl Strategy<Value = Game> {
    (1usize..=max, 1usize..=max).prop_flat_map(move |(m, n)| {
        let cell = match ints.clone() {
            Some(range) => range.prop_map(f64::from).boxed(),
            None => (-10.0f64..10.0).boxed(),
        };
        proptest::collection::vec(cell, 2 * m * n).prop_map(move |v| bimatrix_from(m, n, &v))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn degenerate_integer_games_match_brute_force(g in random_game(4, Some(-2..=2))) {
        let all = enumerate_all(&g, EXACT).unwrap();
        prop_assert_eq!(exact_set(&all), brute_equilibria(&g));
        check_certified(&g, &all);
    }

    #[test]
    fn random_games_have_an_odd_number_of_equilibria(g in random_game(4, None)) {
        let all = enumerate_all(&g, EXACT).unwrap();
        prop_assert_eq!(all.equilibria.len() % 2, 1);
        prop_assert_eq!(exact_set(&all), brute_equilibria(&g));
        check_certified(&g, &all);
        let float = enumerate_all(&g, FLOAT).unwrap();
        prop_assert_eq!(float.equilibria.len(), all.equilibria.len());
        prop_assert!(float.equilibria.iter().all(|e| e.regret <= 1e-9));
    }
}

/// Float results as exact mode's strategies rounded, for comparison with float mode.
fn rounded(all: &AllEquilibria) -> Vec<Vec<Vec<f64>>> {
    all.exact
        .as_ref()
        .unwrap()
        .iter()
        .map(|e| {
            e.strategies
                .iter()
                .map(|s| s.iter().map(|p| p.to_f64().unwrap()).collect())
                .collect()
        })
        .collect()
}

/// Float mode returns the equilibria of exact mode, in the same order, with the same vertex
/// pairs and components, each strategy within 1e-12 and each regret at most 1e-9.
fn same_as_exact(float: &AllEquilibria, exact: &AllEquilibria) -> Result<(), TestCaseError> {
    prop_assert!(float.exact.is_none());
    prop_assert_eq!(float.equilibria.len(), exact.equilibria.len());
    for (e, want) in float.equilibria.iter().zip(rounded(exact)) {
        prop_assert!(e.regret <= 1e-9, "float regret {}", e.regret);
        for (s, w) in e.strategies.iter().zip(&want) {
            prop_assert!(
                s.iter().zip(w).all(|(p, q)| (p - q).abs() <= 1e-12),
                "{:?} vs {:?}",
                s,
                w
            );
        }
    }
    prop_assert_eq!(&float.vertex_pairs, &exact.vertex_pairs);
    prop_assert_eq!(&float.components, &exact.components);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Generic games take the fast path (one polytope, partners by a linear solve).
    #[test]
    fn float_mode_matches_exact_mode_on_random_games(g in random_game(6, None)) {
        let exact = enumerate_all(&g, EXACT).unwrap();
        same_as_exact(&enumerate_all(&g, FLOAT).unwrap(), &exact)?;
    }

    /// Integer games are mostly degenerate: the fast path declines, the two-polytope search
    /// or exact enumeration takes over, and the answer is still the complete set.
    #[test]
    fn float_mode_matches_exact_mode_on_degenerate_games(g in random_game(6, Some(0..=3))) {
        let exact = enumerate_all(&g, EXACT).unwrap();
        same_as_exact(&enumerate_all(&g, FLOAT).unwrap(), &exact)?;
    }

    #[test]
    fn float_mode_matches_brute_force_on_small_degenerate_games(g in random_game(4, Some(-2..=2))) {
        let float = enumerate_all(&g, FLOAT).unwrap();
        let found: BTreeSet<Vec<Vec<u64>>> = float
            .equilibria
            .iter()
            .map(|e| e.strategies.iter().map(|s| s.iter().map(|p| p.to_bits()).collect()).collect())
            .collect();
        let brute: BTreeSet<Vec<Vec<u64>>> = brute_equilibria(&g)
            .iter()
            .map(|e| {
                e.iter()
                    .map(|s| s.iter().map(|p| p.to_f64().unwrap().to_bits()).collect())
                    .collect()
            })
            .collect();
        prop_assert_eq!(found.len(), float.equilibria.len());
        prop_assert_eq!(found, brute);
    }
}

#[test]
fn float_mode_is_complete_on_degenerate_gambit_games() {
    let all_zero = "2x2_all_zero_duplicate_labels.nfg";
    for file in DEGENERATE_GAMBIT_FILES.into_iter().chain([all_zero]) {
        let g = nfg(file);
        let exact = enumerate_all(&g, EXACT).unwrap();
        same_as_exact(&enumerate_all(&g, FLOAT).unwrap(), &exact)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

#[test]
fn extreme_payoffs_and_trivial_games() {
    let one = Game::from_bimatrix(array![[5.0]].view(), array![[-5.0]].view()).unwrap();
    for options in [EXACT, FLOAT] {
        assert_eq!(enumerate_all(&one, options).unwrap().equilibria.len(), 1);
    }
    // Matching pennies scaled to the edge of the f64 range, and down to subnormal payoffs.
    for scale in [f64::MAX, 1e-310] {
        let a = array![[1.0, -1.0], [-1.0, 1.0]] * scale;
        let g = Game::zero_sum(a.view()).unwrap();
        for options in [EXACT, FLOAT] {
            let all = enumerate_all(&g, options).unwrap();
            assert_eq!(all.equilibria.len(), 1, "scale {scale}");
            let s = &all.equilibria[0].strategies;
            assert!(s.iter().flatten().all(|p| (p - 0.5).abs() < 1e-12), "{s:?}");
            if options.exact {
                assert_eq!(s, &vec![vec![0.5, 0.5]; 2]);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Memory: the budget `max_memory`.

/// A `rows × columns` game with payoffs uniform in `[0, 1)` using all 53 bits of mantissa
/// (an xorshift generator seeded with `seed`): big integers in exact mode.
fn random_float_game(rows: usize, columns: usize, mut seed: u64) -> Game {
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let a = Array2::from_shape_simple_fn((rows, columns), &mut next);
    let b = Array2::from_shape_simple_fn((rows, columns), &mut next);
    Game::from_bimatrix(a.view(), b.view()).unwrap()
}

/// The strategic form of Kuhn poker (cards J < Q < K, ante 1, bet 1), payoffs summed over
/// the six deals. Row strategies: per card, 0 bet, 1 check then fold, 2 check then call
/// (27); column strategies: per card, call a bet or not, bet after a check or not (64). A
/// degenerate game with many tied payoffs.
fn kuhn_poker() -> Game {
    let mut a = Array2::zeros((27, 64));
    for row in 0..27 {
        for col in 0..64 {
            let mut total = 0.0;
            for (c1, c2) in [(0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1)] {
                let first = (row / 3usize.pow(c1)) % 3;
                let second = (col >> (2 * c2)) & 3;
                let (calls, bets) = (second & 1 == 1, second & 2 == 2);
                let showdown = if c1 > c2 { 1.0 } else { -1.0 };
                total += match first {
                    0 if calls => 2.0 * showdown,
                    0 => 1.0,
                    _ if !bets => showdown,
                    1 => -1.0,
                    _ => 2.0 * showdown,
                };
            }
            a[[row, col]] = total;
        }
    }
    Game::zero_sum(a.view()).unwrap()
}

/// Runs `enumerate_all` under a 64 MiB budget and checks that it stops, soon, with the
/// budget's error.
fn stops_within_budget(game: &Game, exact: bool) {
    let options = EnumerateOptions {
        exact,
        max_memory: Some(64 << 20),
        ..EnumerateOptions::default()
    };
    let start = std::time::Instant::now();
    match enumerate_all(game, options) {
        Err(Error::Solver(msg)) => {
            assert!(msg.contains("max_memory = 67108864 bytes"), "{msg}");
            assert!(msg.contains("pass a larger max_memory"), "{msg}");
        }
        other => panic!("expected the memory budget's error, got {other:?}"),
    }
    // Generous for a loaded machine and a debug build: without the budget these runs grew
    // by gigabytes a second until the kernel killed them.
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}

#[test]
fn exact_search_of_a_big_random_game_stops_at_the_memory_budget() {
    stops_within_budget(&random_float_game(50, 50, 0x9E37_79B9_7F4A_7C15), true);
}

#[test]
fn float_search_of_kuhn_poker_stops_at_the_memory_budget() {
    stops_within_budget(&kuhn_poker(), false);
}

#[test]
fn a_budget_of_zero_is_refused() {
    let options = EnumerateOptions {
        max_memory: Some(0),
        ..EnumerateOptions::default()
    };
    match enumerate_all(&nfg("2x2.nfg"), options) {
        Err(Error::InvalidArgument(msg)) => assert!(msg.contains("max_memory"), "{msg}"),
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}
