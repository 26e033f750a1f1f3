//! M6, powerplay: the specification's closed forms for n = 2..6 spokes, computed here from
//! their formulas and from a Myerson value written here (components by depth-first search,
//! Shapley by enumerating every order of the players); pairwise stability against a naive
//! check of every graph written here; the headline example and its phase boundaries; the
//! Myerson axioms; hostile parameters.
// The naive routines index on purpose, to read like the definitions.
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeSet;

use detente::alliance::{
    AllianceModel, ParamMap, ParamValue, Powerplay, PowerplayGame, PowerplayParams,
    PowerplayStructure as S,
};
use detente::{Error, solve};
use num_rational::BigRational;
use num_traits::Zero;
use proptest::prelude::*;

fn q(a: i64, b: i64) -> BigRational {
    BigRational::new(a.into(), b.into())
}

type Edges = Vec<(usize, usize)>;

/// The components of coalition `s` (a set of players) in the graph `edges`, by DFS.
fn components(s: &[usize], edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for &start in s {
        if seen.contains(&start) {
            continue;
        }
        let mut stack = vec![start];
        let mut comp = Vec::new();
        seen.insert(start);
        while let Some(a) = stack.pop() {
            comp.push(a);
            for &(x, y) in edges {
                for (p, o) in [(x, y), (y, x)] {
                    if p == a && s.contains(&o) && seen.insert(o) {
                        stack.push(o);
                    }
                }
            }
        }
        out.push(comp);
    }
    out
}

/// The Myerson value by Shapley over all orders of the players: each player's marginal
/// contribution to the restricted game, averaged.
fn naive_myerson(
    n: usize,
    v: &dyn Fn(&[usize]) -> BigRational,
    edges: &[(usize, usize)],
) -> Vec<BigRational> {
    let vg = |s: &[usize]| {
        components(s, edges)
            .iter()
            .fold(BigRational::zero(), |a, c| a + v(c))
    };
    let mut order: Vec<usize> = (0..n).collect();
    let mut total = vec![BigRational::zero(); n];
    let mut count = 0i64;
    // Heap's algorithm over all n! orders.
    fn visit(k: usize, order: &mut Vec<usize>, f: &mut dyn FnMut(&[usize])) {
        if k == 1 {
            f(order);
            return;
        }
        for i in 0..k {
            visit(k - 1, order, f);
            if k.is_multiple_of(2) {
                order.swap(i, k - 1);
            } else {
                order.swap(0, k - 1);
            }
        }
    }
    visit(n, &mut order, &mut |o: &[usize]| {
        count += 1;
        for p in 0..n {
            let before = &o[..p];
            let mut with = before.to_vec();
            with.push(o[p]);
            total[o[p]] += vg(&with) - vg(before);
        }
    });
    total
        .into_iter()
        .map(|t| t / BigRational::from_integer(count.into()))
        .collect()
}

fn weighted(quota: i64, weights: Vec<i64>) -> impl Fn(&[usize]) -> BigRational {
    move |s: &[usize]| {
        let w: i64 = s.iter().map(|&i| weights[i]).sum();
        BigRational::from_integer(i64::from(w >= quota).into())
    }
}

fn apex(n: usize) -> impl Fn(&[usize]) -> BigRational {
    let mut w = vec![n as i64 - 1];
    w.extend(vec![1; n]);
    weighted(n as i64, w)
}

fn model(spokes: usize, f: f64, r: f64) -> Powerplay {
    Powerplay::new(PowerplayParams {
        spokes,
        link_cost: f,
        rivalry: vec![vec![r]],
        ..Default::default()
    })
    .unwrap()
}

fn star(n: usize) -> Edges {
    (1..=n).map(|j| (0, j)).collect()
}

fn complete(n: usize) -> Edges {
    let mut e = Vec::new();
    for i in 0..=n {
        for j in i + 1..=n {
            e.push((i, j));
        }
    }
    e
}

#[test]
fn star_and_complete_closed_forms_n2_to_6() {
    for n in 2..=6usize {
        let m = model(n, 0.0, 0.0);
        let ni = n as i64;
        let mut want = vec![q(ni, ni + 1)];
        want.extend(vec![q(1, ni * (ni + 1)); n]);
        assert_eq!(m.myerson(&star(n)).unwrap(), want, "star, n = {n}");
        let mut want = vec![q(ni - 1, ni + 1)];
        want.extend(vec![q(2, ni * (ni + 1)); n]);
        assert_eq!(m.myerson(&complete(n)).unwrap(), want, "complete, n = {n}");
        // The complete graph gives the Shapley–Shubik index, here by enumerating every order.
        if n <= 5 {
            assert_eq!(
                naive_myerson(n + 1, &apex(n), &complete(n)),
                want,
                "n = {n}"
            );
            let mut s = vec![q(ni, ni + 1)];
            s.extend(vec![q(1, ni * (ni + 1)); n]);
            assert_eq!(naive_myerson(n + 1, &apex(n), &star(n)), s, "n = {n}");
        }
    }
}

#[test]
fn a_spoke_link_added_to_the_star_changes_nothing_for_n_at_least_3() {
    for n in 3..=6usize {
        let m = model(n, 0.0, 0.0);
        let base = m.myerson(&star(n)).unwrap();
        for i in 1..=n {
            for j in i + 1..=n {
                let mut g = star(n);
                g.push((i, j));
                assert_eq!(m.myerson(&g).unwrap(), base, "n = {n}, link ({i}, {j})");
                if n <= 4 {
                    assert_eq!(naive_myerson(n + 1, &apex(n), &g), base);
                }
            }
        }
    }
    // n = 2: the link between the spokes makes the graph complete and moves the values.
    let m = model(2, 0.0, 0.0);
    assert_ne!(
        m.myerson(&complete(2)).unwrap(),
        m.myerson(&star(2)).unwrap()
    );
}

#[test]
fn star_is_pairwise_stable_iff_f_at_most_one_over_n_n_plus_1() {
    for n in 3..=6usize {
        let bound = 1.0 / (n * (n + 1)) as f64;
        for r in [0.0, 0.01, 1.0] {
            for (f, stable) in [
                (0.0, true),
                (bound / 2.0, true),
                (bound, true),
                (bound * 1.01, false),
                (2.0 * bound, false),
            ] {
                let m = model(n, f, r);
                assert_eq!(
                    m.is_pairwise_stable(&star(n)).unwrap(),
                    stable,
                    "n = {n}, f = {f}, r = {r}"
                );
                if n <= 4 {
                    let s = m.stability().unwrap();
                    let listed = s.pairwise_stable.iter().any(|g| g.edges == star(n));
                    assert_eq!(listed, stable, "n = {n}, f = {f}, r = {r}");
                }
            }
        }
    }
}

#[test]
fn n2_star_also_needs_rivalry_at_least_one_sixth() {
    for (f, r, stable) in [
        (0.0, 1.0 / 6.0, true),
        (1.0 / 6.0, 1.0 / 6.0, true),
        (0.1, 1.0, true),
        (0.1, 0.16, false),
        (0.0, 0.0, false),
        (0.17, 1.0, false),
    ] {
        let m = model(2, f, r);
        assert_eq!(
            m.is_pairwise_stable(&star(2)).unwrap(),
            stable,
            "f = {f}, r = {r}"
        );
        let listed = m
            .stability()
            .unwrap()
            .pairwise_stable
            .iter()
            .any(|g| g.edges == star(2));
        assert_eq!(listed, stable, "f = {f}, r = {r}");
    }
}

#[test]
fn symmetric_k_quota_star() {
    for n in 2..=6usize {
        for k in 2..=n + 1 {
            let m = Powerplay::new(PowerplayParams {
                game: PowerplayGame::Weighted {
                    quota: k as f64,
                    weights: vec![1.0; n + 1],
                },
                ..Default::default()
            })
            .unwrap();
            let y = m.myerson(&star(n)).unwrap();
            assert_eq!(
                y[0],
                q((n + 2 - k) as i64, (n + 1) as i64),
                "n = {n}, k = {k}"
            );
            if n <= 4 {
                let w = weighted(k as i64, vec![1; n + 1]);
                assert_eq!(naive_myerson(n + 1, &w, &star(n)), y);
            }
        }
    }
}

#[test]
fn headline_majority_star_and_phase_boundaries() {
    let m = Powerplay::new(PowerplayParams {
        game: PowerplayGame::Majority,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        m.myerson(&m.star()).unwrap(),
        vec![q(2, 3), q(1, 6), q(1, 6)]
    );
    assert_eq!(m.myerson(&m.complete()).unwrap(), vec![q(1, 3); 3]);
    // Regions of f and r between the lines 1/6 and 1/2, each sampled at interior points.
    let regions = [
        vec![0.0, 0.05, 0.1, 0.16],
        vec![0.17, 0.25, 0.4, 0.49],
        vec![0.51, 0.8, 2.0],
    ];
    let stable_sets = |fs: &[f64], rs: &[f64]| -> BTreeSet<Vec<Edges>> {
        let points = m.phase_diagram(fs, rs).unwrap();
        points
            .iter()
            .map(|p| p.stable_graphs.iter().map(|g| g.edges.clone()).collect())
            .collect()
    };
    let mut seen = Vec::new();
    for fr in &regions {
        for rr in &regions {
            let sets = stable_sets(fr, rr);
            assert_eq!(
                sets.len(),
                1,
                "the stable set varies inside the region f {fr:?}, r {rr:?}"
            );
            seen.push(sets.into_iter().next().unwrap());
        }
    }
    // It changes across each line: neighbouring regions differ somewhere.
    for a in 0..3 {
        assert!(
            (0..2).any(|b| seen[a * 3 + b] != seen[a * 3 + b + 1]),
            "r lines, f region {a}"
        );
        assert!(
            (0..2).any(|b| seen[b * 3 + a] != seen[(b + 1) * 3 + a]),
            "f lines, r region {a}"
        );
    }
    // Hand-derived corners: cheap and friendly → the web; cheap hub links, rival spokes →
    // hub and spokes (the hub's share doubles from 1/3 to 2/3); costly links → nobody.
    assert_eq!(seen[0], vec![complete(2)]);
    assert_eq!(seen[2], vec![star(2)]);
    assert_eq!(seen[8], vec![vec![]]);
    // On the lines several graphs tie.
    let on_line = stable_sets(&[1.0 / 6.0], &[1.0]);
    assert!(on_line.iter().next().unwrap().len() >= 2, "{on_line:?}");
}

/// Pairwise stability of every graph straight from the definition, with the naive
/// Myerson value and the costs.
fn naive_stable(
    n: usize,
    v: &dyn Fn(&[usize]) -> BigRational,
    cost: &dyn Fn(usize, usize) -> BigRational,
) -> BTreeSet<Edges> {
    let mut pairs = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            pairs.push((i, j));
        }
    }
    let u = |g: &BTreeSet<(usize, usize)>| {
        let e: Edges = g.iter().copied().collect();
        let mut y = naive_myerson(n, v, &e);
        for &(i, j) in &e {
            y[i] -= cost(i, j);
            y[j] -= cost(i, j);
        }
        y
    };
    let mut out = BTreeSet::new();
    for m in 0..1u32 << pairs.len() {
        let g: BTreeSet<(usize, usize)> = pairs
            .iter()
            .enumerate()
            .filter(|(k, _)| m >> k & 1 == 1)
            .map(|(_, &p)| p)
            .collect();
        let ug = u(&g);
        let ok = pairs.iter().all(|&(i, j)| {
            let mut h = g.clone();
            if g.contains(&(i, j)) {
                h.remove(&(i, j));
                let uh = u(&h);
                uh[i] <= ug[i] && uh[j] <= ug[j]
            } else {
                h.insert((i, j));
                let uh = u(&h);
                !(uh[i] >= ug[i] && uh[j] >= ug[j] && (uh[i] > ug[i] || uh[j] > ug[j]))
            }
        });
        if ok {
            out.insert(g.into_iter().collect());
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn stability_matches_naive_on_random_games(
        spokes in 1usize..=2,
        raw in proptest::collection::vec(-4i64..=8, 16),
        f in 0i64..=6,
        r in proptest::collection::vec(0i64..=6, 3),
    ) {
        let n = spokes + 1;
        let mut values: Vec<f64> = raw[..1 << n].iter().map(|&x| x as f64 / 4.0).collect();
        values[0] = 0.0;
        let rivalry: Vec<Vec<f64>> = if spokes == 1 {
            vec![vec![r[0] as f64 / 8.0]]
        } else {
            let x = r[0] as f64 / 8.0;
            vec![vec![0.0, x], vec![x, 0.0]]
        };
        let m = Powerplay::new(PowerplayParams {
            game: PowerplayGame::Custom(values.clone()),
            link_cost: f as f64 / 8.0,
            rivalry: rivalry.clone(),
            ..Default::default()
        }).unwrap();
        let v = |s: &[usize]| {
            let mask = s.iter().fold(0usize, |m, &i| m | 1 << i);
            BigRational::from_float(values[mask]).unwrap()
        };
        let cost = |i: usize, _j: usize| if i == 0 { q(f, 8) } else { q(r[0], 8) };
        let want = naive_stable(n, &v, &cost);
        let s = m.stability().unwrap();
        let got: BTreeSet<Edges> = s.pairwise_stable.iter().map(|g| g.edges.clone()).collect();
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(s.num_pairwise_stable, want.len());
        for g in &want {
            prop_assert!(m.is_pairwise_stable(g).unwrap());
        }
        // Efficient graphs: the largest total of the naive net payoffs.
        for g in &s.efficient {
            let y = naive_myerson(n, &v, &g.edges);
            let total: BigRational = y.iter().fold(BigRational::zero(), |a, b| a + b)
                - g.edges.iter().fold(BigRational::zero(), |a, &(i, j)| a + cost(i, j) * q(2, 1));
            prop_assert_eq!(&total, &s.max_total);
        }
    }

    #[test]
    fn myerson_axioms_on_random_games(
        raw in proptest::collection::vec(-6i64..=9, 16),
        mask in 0usize..64,
    ) {
        // 4 players (3 spokes), a random graph among the 6 links.
        let mut values: Vec<f64> = raw.iter().map(|&x| x as f64 / 3.0).collect();
        values[0] = 0.0;
        let m = Powerplay::new(PowerplayParams { game: PowerplayGame::Custom(values.clone()), ..Default::default() }).unwrap();
        let all = complete(3);
        let g: Edges = (0..6).filter(|k| mask >> k & 1 == 1).map(|k| all[k]).collect();
        let y = m.myerson(&g).unwrap();
        let v = |s: &[usize]| detente::alliance::rational_value(values[s.iter().fold(0usize, |m, &i| m | 1 << i)]);
        // Component efficiency.
        for c in components(&[0, 1, 2, 3], &g) {
            let sum = c.iter().fold(BigRational::zero(), |a, &i| a + &y[i]);
            prop_assert_eq!(sum, v(&c));
        }
        // Fairness: both ends of a link gain equally from it.
        for &(i, j) in &g {
            let without: Edges = g.iter().copied().filter(|&e| e != (i, j)).collect();
            let z = m.myerson(&without).unwrap();
            prop_assert_eq!(&y[i] - &z[i], &y[j] - &z[j]);
        }
        // Empty graph: v({i}).
        let e = m.myerson(&[]).unwrap();
        for i in 0..4 {
            prop_assert_eq!(&e[i], &v(&[i]));
        }
    }
}

#[test]
fn structure_labels_first_match_in_order() {
    assert_eq!(S::of(3, &[]), S::Unilateral);
    assert_eq!(S::of(3, &complete(3)), S::Multilateral);
    assert_eq!(S::of(3, &star(3)), S::HubAndSpokes);
    assert_eq!(S::of(3, &[(1, 2), (2, 3)]), S::LilliputianBloc);
    assert_eq!(S::of(3, &[(0, 1), (1, 2), (2, 3)]), S::LilliputianBloc);
    assert_eq!(S::of(3, &[(1, 2)]), S::Bilateral);
    assert_eq!(S::of(3, &[(0, 2)]), S::Bilateral);
    assert_eq!(S::of(3, &[(0, 1), (0, 2)]), S::Other);
    assert_eq!(S::of(2, &[(1, 2)]), S::LilliputianBloc);
    assert_eq!(S::of(2, &[(0, 1)]), S::Bilateral);
    assert_eq!(S::of(1, &[(0, 1)]), S::Multilateral);
}

#[test]
fn announcement_game_supports_every_pairwise_nash_stable_graph() {
    for (f, r) in [(0.0, 0.0), (0.1, 1.0), (0.3, 0.3), (1.0, 1.0)] {
        let m = model(2, f, r);
        let g = m.game().unwrap();
        let s = m.stability().unwrap();
        let eqs = solve::pure(&g, 0.0).unwrap();
        for stable in &s.pairwise_nash_stable {
            // Player i announces exactly its links in the graph (bit b = the b-th other).
            let profile: Vec<usize> = (0..3)
                .map(|i| {
                    (0..3).filter(|&j| j != i).enumerate().fold(0, |a, (b, j)| {
                        if stable.edges.contains(&(i.min(j), i.max(j))) {
                            a | 1 << b
                        } else {
                            a
                        }
                    })
                })
                .collect();
            let found = eqs.iter().any(|e| {
                e.strategies
                    .iter()
                    .enumerate()
                    .all(|(i, p)| p[profile[i]] == 1.0)
            });
            assert!(
                found,
                "f = {f}, r = {r}: {:?} is not an equilibrium",
                stable.edges
            );
        }
    }
    assert!(model(5, 0.0, 0.0).game().is_err());
}

fn refused(p: ParamMap, name: &str) {
    match Powerplay::from_params(&p) {
        Err(Error::InvalidArgument(msg)) => assert!(msg.contains(name), "{msg} should name {name}"),
        other => panic!("expected an error naming {name}, got {other:?}"),
    }
}

#[test]
fn hostile_parameters_are_refused_with_their_name() {
    let p = |k: &str, v: ParamValue| ParamMap::from([(k.to_string(), v)]);
    refused(p("link_cost", ParamValue::Number(-0.1)), "link_cost");
    refused(p("link_cost", ParamValue::Number(f64::NAN)), "link_cost");
    refused(p("rivalry", ParamValue::Number(-1.0)), "rivalry");
    refused(
        p("rivalry", ParamValue::Matrix(vec![vec![0.0, 1.0, 2.0]])),
        "rivalry",
    );
    refused(
        p(
            "rivalry",
            ParamValue::Matrix(vec![vec![0.0, 1.0], vec![2.0, 0.0]]),
        ),
        "symmetric",
    );
    refused(
        p(
            "rivalry",
            ParamValue::Matrix(vec![vec![0.0, -1.0], vec![-1.0, 0.0]]),
        ),
        "rivalry[0][1]",
    );
    refused(p("spokes", ParamValue::Number(7.0)), "spokes");
    refused(p("spokes", ParamValue::Number(0.0)), "spokes");
    refused(p("spokes", ParamValue::Number(2.5)), "spokes");
    refused(p("game", ParamValue::Text("oligarchy".into())), "game");
    refused(p("weights", ParamValue::Numbers(vec![1.0, 1.0])), "weights");
    refused(
        p("network", ParamValue::Matrix(vec![vec![0.0, 3.0]])),
        "network",
    );
    refused(
        p("network", ParamValue::Matrix(vec![vec![1.0, 1.0]])),
        "network",
    );
    refused(
        p("network", ParamValue::Matrix(vec![vec![0.5, 1.0]])),
        "network",
    );
    refused(
        p(
            "names",
            ParamValue::Texts(vec!["A".into(), "A".into(), "B".into()]),
        ),
        "names",
    );
    refused(p("color", ParamValue::Number(1.0)), "link_cost");
    let custom = |v: Vec<f64>| {
        ParamMap::from([
            ("game".to_string(), ParamValue::Text("custom".into())),
            ("values".to_string(), ParamValue::Numbers(v)),
        ])
    };
    refused(custom(vec![0.0, 1.0, 1.0]), "values");
    refused(custom(vec![1.0, 1.0, 1.0, 1.0]), "values[0]");
    refused(custom(vec![0.0, f64::INFINITY, 1.0, 1.0]), "values[1]");
    refused(custom(vec![0.0; 256]), "spokes");
    let weighted = ParamMap::from([
        ("game".to_string(), ParamValue::Text("weighted".into())),
        ("quota".to_string(), ParamValue::Number(2.0)),
        (
            "weights".to_string(),
            ParamValue::Numbers(vec![1.0, -1.0, 1.0]),
        ),
    ]);
    refused(weighted, "weights[1]");
    assert!(Powerplay::default().phase_diagram(&[-1.0], &[0.0]).is_err());
    assert!(
        Powerplay::default()
            .phase_diagram(&[0.0], &[f64::NAN])
            .is_err()
    );
}

#[test]
fn protocol_round_trip_and_fixed_network() {
    let p = ParamMap::from([
        ("spokes".to_string(), ParamValue::Number(3.0)),
        ("link_cost".to_string(), ParamValue::Text("0.05".into())),
        (
            "rivalry".to_string(),
            ParamValue::Matrix(vec![
                vec![0.0, 1.0, 0.0],
                vec![1.0, 0.0, 0.5],
                vec![0.0, 0.5, 0.0],
            ]),
        ),
        (
            "network".to_string(),
            ParamValue::Matrix(vec![vec![0.0, 1.0], vec![2.0, 0.0], vec![0.0, 3.0]]),
        ),
    ]);
    let m = Powerplay::from_params(&p).unwrap();
    assert_eq!(Powerplay::from_params(&m.param_map()).unwrap(), m);
    assert_eq!(Powerplay::from_json(&m.to_json().unwrap()).unwrap(), m);
    assert_eq!(m.network(), Some(&[(0, 1), (0, 2), (0, 3)][..]));
    assert_eq!(AllianceModel::regime(&m).unwrap(), Some(S::HubAndSpokes));
    let costs: Vec<String> = m.link_costs().iter().map(ToString::to_string).collect();
    assert_eq!(costs, ["1/20", "1/20", "1/20", "1", "0", "1/2"]);
}
