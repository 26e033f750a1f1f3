//! Network formation: hand-derived stable graphs of the connections model and the Myerson
//! value function, and an independent brute-force check of every graph.
// The naive checker indexes on purpose, to read like the definitions.
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeSet;

use detente::coalition::TUGame;
use detente::coalition::network::{
    MAX_NETWORK_PLAYERS, connections_model, myerson_stable_graphs, stable_graphs,
};
use num_rational::BigRational;
use proptest::prelude::*;

fn r(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

type Edges = Vec<(usize, usize)>;
type ValueFn<'a> = &'a dyn Fn(&BTreeSet<(usize, usize)>) -> Vec<BigRational>;

fn edge_sets(list: &[detente::coalition::network::StableGraph]) -> BTreeSet<Edges> {
    list.iter().map(|g| g.edges.clone()).collect()
}

/// Naive: graphs as sets of links, payoffs from a function, conditions straight from the
/// definitions (Jackson & Wolinsky 1996), all subsets of a player's links by recursion.
fn naive(n: usize, u: ValueFn<'_>) -> (BTreeSet<Edges>, BTreeSet<Edges>) {
    let mut pairs = Vec::new();
    for i in 0..n {
        for j in 0..n {
            if i < j {
                pairs.push((i, j));
            }
        }
    }
    let mut ps = BTreeSet::new();
    let mut pns = BTreeSet::new();
    for m in 0..1u64 << pairs.len() {
        let g: BTreeSet<(usize, usize)> = pairs
            .iter()
            .enumerate()
            .filter(|(k, _)| m >> k & 1 == 1)
            .map(|(_, &p)| p)
            .collect();
        let ug = u(&g);
        let mut ok_cut = true;
        let mut ok_add = true;
        for &(i, j) in &pairs {
            let mut h = g.clone();
            if g.contains(&(i, j)) {
                h.remove(&(i, j));
                let uh = u(&h);
                if uh[i] > ug[i] || uh[j] > ug[j] {
                    ok_cut = false;
                }
            } else {
                h.insert((i, j));
                let uh = u(&h);
                let both_weak = uh[i] >= ug[i] && uh[j] >= ug[j];
                let one_strict = uh[i] > ug[i] || uh[j] > ug[j];
                if both_weak && one_strict {
                    ok_add = false;
                }
            }
        }
        let key: Edges = g.iter().copied().collect();
        if ok_cut && ok_add {
            ps.insert(key.clone());
            let mut ok_nash = true;
            for i in 0..n {
                let mine: Vec<(usize, usize)> = g
                    .iter()
                    .copied()
                    .filter(|&(a, b)| a == i || b == i)
                    .collect();
                for s in 1..1u64 << mine.len() {
                    let mut h = g.clone();
                    for (b, l) in mine.iter().enumerate() {
                        if s >> b & 1 == 1 {
                            h.remove(l);
                        }
                    }
                    if u(&h)[i] > ug[i] {
                        ok_nash = false;
                    }
                }
            }
            if ok_nash {
                pns.insert(key);
            }
        }
    }
    (ps, pns)
}

/// Connections-model payoffs by Floyd–Warshall.
fn connections(
    n: usize,
    delta: &BigRational,
    c: &BigRational,
    g: &BTreeSet<(usize, usize)>,
) -> Vec<BigRational> {
    let inf = usize::MAX / 4;
    let mut d = vec![vec![inf; n]; n];
    for (i, row) in d.iter_mut().enumerate() {
        row[i] = 0;
    }
    for &(i, j) in g {
        d[i][j] = 1;
        d[j][i] = 1;
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if d[i][k] + d[k][j] < d[i][j] {
                    d[i][j] = d[i][k] + d[k][j];
                }
            }
        }
    }
    (0..n)
        .map(|i| {
            let mut s = r(0, 1);
            for j in 0..n {
                if j != i && d[i][j] < inf {
                    let mut p = r(1, 1);
                    for _ in 0..d[i][j] {
                        p *= delta;
                    }
                    s += p;
                }
            }
            let deg = g.iter().filter(|&&(a, b)| a == i || b == i).count() as i64;
            s - c * r(deg, 1)
        })
        .collect()
}

#[test]
fn connections_model_three_players_hand_derived() {
    // δ = 1/2, δ − δ² = 1/4. Complete stable iff c <= 1/4; lines iff 1/4 <= c <= 1/2;
    // empty iff c >= 1/2; a single link never (derived from u_i = Σ δ^d − c·deg).
    let complete: Edges = vec![(0, 1), (0, 2), (1, 2)];
    let lines: BTreeSet<Edges> = [
        vec![(0, 1), (0, 2)],
        vec![(0, 1), (1, 2)],
        vec![(0, 2), (1, 2)],
    ]
    .into_iter()
    .collect();
    let d = r(1, 2);
    let cases: Vec<(BigRational, BTreeSet<Edges>)> = vec![
        (r(0, 1), [complete.clone()].into_iter().collect()),
        (r(1, 8), [complete.clone()].into_iter().collect()),
        (r(1, 4), {
            let mut s = lines.clone();
            s.insert(complete.clone());
            s
        }),
        (r(3, 8), lines.clone()),
        (r(1, 2), {
            let mut s = lines.clone();
            s.insert(vec![]);
            s
        }),
        (r(3, 4), [vec![]].into_iter().collect()),
    ];
    for (c, want) in cases {
        let s = connections_model(3, &d, &c).unwrap();
        assert_eq!(edge_sets(&s.pairwise_stable), want, "c = {c}");
        // On 3 players cutting both links never pays when cutting one does not.
        assert_eq!(edge_sets(&s.pairwise_nash_stable), want, "c = {c}");
    }
    // Payoffs of the complete graph at c = 1/8: 2δ − 2c = 3/4.
    let s = connections_model(3, &d, &r(1, 8)).unwrap();
    assert_eq!(s.pairwise_stable[0].payoffs, vec![r(3, 4); 3]);
}

#[test]
fn connections_model_matches_naive_brute_force() {
    for n in 2..=4 {
        for (dn, dd) in [(1, 2), (2, 3), (9, 10)] {
            for (cn, cd) in [(0, 1), (1, 10), (1, 4), (1, 2), (2, 3), (1, 1), (3, 2)] {
                let (delta, c) = (r(dn, dd), r(cn, cd));
                let s = connections_model(n, &delta, &c).unwrap();
                let (ps, pns) = naive(n, &|g| connections(n, &delta, &c, g));
                assert_eq!(edge_sets(&s.pairwise_stable), ps, "n={n} δ={delta} c={c}");
                assert_eq!(
                    edge_sets(&s.pairwise_nash_stable),
                    pns,
                    "n={n} δ={delta} c={c}"
                );
            }
        }
    }
}

#[test]
fn myerson_majority_game_hand_derived() {
    // Majority game of 3: complete 1/3 each, line centre 2/3 and ends 1/6, one link 1/2.
    // With link cost c = 1/12: complete 1/3 − 1/6 = 1/6; cutting a link gives the end of a
    // line 1/6 − 1/12 = 1/12 < 1/6, so the complete graph is pairwise stable. A line's ends
    // adding their link go from 1/12 to 1/6: not stable. One link: the pair gets 1/2 − 1/12
    // and linking the isolated player gives the linker 2/3 − 1/6 = 1/2 > 5/12 and the
    // newcomer 1/12 > 0: not stable. Empty: a link gives both 1/2 − 1/12 > 0: not stable.
    let g = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 }).unwrap();
    let s = myerson_stable_graphs(&g, &r(1, 12)).unwrap();
    assert_eq!(
        edge_sets(&s.pairwise_stable),
        [vec![(0, 1), (0, 2), (1, 2)]].into_iter().collect()
    );
    assert_eq!(s.pairwise_stable[0].payoffs, vec![r(1, 6); 3]);
    assert_eq!(s.pairwise_nash_stable, s.pairwise_stable);
}

#[test]
fn invalid_inputs_are_refused() {
    assert!(stable_graphs(0, |_| Ok(vec![])).is_err());
    let e = stable_graphs(MAX_NETWORK_PLAYERS + 1, |_| Ok(vec![])).unwrap_err();
    assert!(e.to_string().contains("n is"));
    let e = stable_graphs(3, |_| Ok(vec![r(0, 1)])).unwrap_err();
    assert!(e.to_string().contains("one per player"));
    assert!(connections_model(3, &r(1, 1), &r(0, 1)).is_err());
    assert!(connections_model(3, &r(1, 2), &r(-1, 1)).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Random integer payoffs per graph: the stable sets equal the naive brute force, and
    /// pairwise Nash stable graphs are pairwise stable.
    #[test]
    fn random_value_functions_match_naive(n in 2usize..=4, seed in any::<u64>()) {
        let value = |g: &BTreeSet<(usize, usize)>| -> Vec<BigRational> {
            let key = g.iter().fold(seed, |h, &(i, j)| {
                h.wrapping_mul(6364136223846793005).wrapping_add((i * 7 + j + 1) as u64)
            });
            (0..n)
                .map(|i| {
                    let x = key.wrapping_mul(2862933555777941757).wrapping_add(i as u64 * 3037000493);
                    r(((x >> 33) % 5) as i64 - 2, 1)
                })
                .collect()
        };
        let s = stable_graphs(n, |edges| Ok(value(&edges.iter().copied().collect()))).unwrap();
        let (ps, pns) = naive(n, &value);
        prop_assert_eq!(edge_sets(&s.pairwise_stable), ps);
        prop_assert_eq!(edge_sets(&s.pairwise_nash_stable), pns.clone());
        prop_assert!(pns.is_subset(&edge_sets(&s.pairwise_stable)));
    }
}

/// Efficient graphs by brute force: the largest total over every graph.
fn naive_efficient(n: usize, u: ValueFn<'_>) -> (BigRational, BTreeSet<Edges>) {
    let all = detente::coalition::network::links(n);
    let mut best: Option<BigRational> = None;
    let mut graphs = BTreeSet::new();
    for m in 0..1u64 << all.len() {
        let g: BTreeSet<(usize, usize)> = (0..all.len())
            .filter(|k| m >> k & 1 == 1)
            .map(|k| all[k])
            .collect();
        let total = u(&g).into_iter().fold(r(0, 1), |a, b| a + b);
        match &best {
            Some(b) if total < *b => {}
            Some(b) if total == *b => {
                graphs.insert(g.into_iter().collect());
            }
            _ => {
                best = Some(total);
                graphs = [g.into_iter().collect()].into_iter().collect();
            }
        }
    }
    (best.unwrap(), graphs)
}

#[test]
fn efficient_graphs_and_counts_match_brute_force() {
    for n in 2..=4 {
        for (cn, cd) in [(0, 1), (1, 4), (1, 2), (3, 2)] {
            let (delta, c) = (r(1, 2), r(cn, cd));
            let s = connections_model(n, &delta, &c).unwrap();
            let (best, eff) = naive_efficient(n, &|g| connections(n, &delta, &c, g));
            assert_eq!(s.max_total, best, "n={n} c={c}");
            assert_eq!(edge_sets(&s.efficient), eff, "n={n} c={c}");
            assert_eq!(s.num_efficient, eff.len());
            assert_eq!(s.num_graphs, 1 << (n * (n - 1) / 2));
            assert_eq!(s.num_pairwise_stable, s.pairwise_stable.len());
            assert!(s.is_complete());
        }
    }
}

#[test]
fn myerson_integer_table_matches_the_rational_path() {
    use detente::coalition::network::MyersonNetwork;
    // Values with large numerators take the rational path; small ones the integer table:
    // both must agree with the value function read graph by graph.
    // Values read as binary fractions over one denominator: numerators above 2^40 (the
    // i128 table) at scales 1 and 1e13, above 2^62 (the rational path) at 3e18. Small
    // integer games (tests/integration/alliance_powerplay.rs) take the i64 table.
    for scale in [1.0, 1e13, 3e18] {
        for n in 2..=4usize {
            let g = TUGame::from_fn(n, |s| {
                let k = s.count_ones() as f64;
                scale * (k * k - (s & 1) as f64) / 3.0
            })
            .unwrap()
            .with_exact_floats();
            let costs: Vec<BigRational> = (0..n * (n - 1) / 2).map(|k| r(k as i64, 7)).collect();
            let fast = MyersonNetwork::new(&g).unwrap().stability(&costs).unwrap();
            let all = detente::coalition::network::links(n);
            let slow = stable_graphs(n, |edges| {
                let mut u = g.myerson_exact(edges)?;
                for &(i, j) in edges {
                    let k = all.iter().position(|&l| l == (i, j)).unwrap();
                    u[i] -= &costs[k];
                    u[j] -= &costs[k];
                }
                Ok(u)
            })
            .unwrap();
            assert_eq!(fast, slow, "n = {n}, scale = {scale}");
        }
    }
}

#[test]
fn seven_players_rational_table_is_refused_before_allocating() {
    let err = stable_graphs(7, |_| Ok(vec![r(0, 1); 7])).unwrap_err();
    assert!(err.to_string().contains("MiB"), "{err}");
}
