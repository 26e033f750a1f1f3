//! Maximal Nash subsets (maximal bicliques of the graph of extreme equilibria) and the
//! connected components they form.

use std::collections::{HashSet, VecDeque};

use super::memory::Budget;
use crate::error::Result;
use crate::interrupt;

/// A maximal complete bipartite subgraph: every pair in `rows × columns` is an edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Biclique {
    pub(super) rows: Vec<usize>,
    pub(super) columns: Vec<usize>,
}

/// Every maximal biclique of the bipartite graph with `rows` and `columns` vertices and the
/// given edges (each vertex on some edge), sorted.
///
/// The column sets of maximal bicliques are exactly the non-empty intersections of row
/// neighbourhoods (a Galois closure), generated here by intersecting breadth-first. There can
/// be exponentially many: each closed set (kept twice, in the set and the queue) and each
/// biclique is counted against `budget`.
pub(super) fn maximal_bicliques(
    rows: usize,
    columns: usize,
    edges: &[(usize, usize)],
    budget: &Budget,
) -> Result<Vec<Biclique>> {
    let words = columns.div_ceil(64).max(1);
    // Two copies of the set's words with their headers and hash table slot, and the
    // biclique's two index lists (at most every row and column).
    let per_set = 2 * (8 * words + 64) + 8 * (rows + columns) + 64;
    let doing =
        |count: usize| move || format!("to list the maximal Nash subsets ({count} found so far)");
    budget.charge(rows.saturating_mul(per_set), doing(0))?;
    let mut neighbourhood = vec![vec![0u64; words]; rows];
    for &(r, c) in edges {
        neighbourhood[r][c / 64] |= 1 << (c % 64);
    }
    let mut closed: HashSet<Vec<u64>> = neighbourhood.iter().cloned().collect();
    let mut queue: VecDeque<Vec<u64>> = closed.iter().cloned().collect();
    while let Some(set) = queue.pop_front() {
        interrupt::check()?;
        for n in &neighbourhood {
            let meet: Vec<u64> = set.iter().zip(n).map(|(a, b)| a & b).collect();
            if meet.iter().any(|&w| w != 0) && !closed.contains(&meet) {
                budget.charge(per_set, doing(closed.len()))?;
                closed.insert(meet.clone());
                queue.push_back(meet);
            }
        }
    }
    let members = |set: &[u64]| -> Vec<usize> {
        (0..columns)
            .filter(|&c| set[c / 64] & (1 << (c % 64)) != 0)
            .collect()
    };
    let mut out: Vec<Biclique> = closed
        .iter()
        .map(|set| Biclique {
            rows: (0..rows)
                .filter(|&r| neighbourhood[r].iter().zip(set).all(|(n, s)| n & s == *s))
                .collect(),
            columns: members(set),
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The connected component of each row vertex and each column vertex (numbered by first
/// appearance in `edges`), and the number of components.
pub(super) fn components(
    rows: usize,
    columns: usize,
    edges: &[(usize, usize)],
) -> (Vec<usize>, Vec<usize>, usize) {
    // Union-find over rows then columns.
    let mut parent: Vec<usize> = (0..rows + columns).collect();
    fn root(parent: &mut [usize], mut v: usize) -> usize {
        while parent[v] != v {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        v
    }
    for &(r, c) in edges {
        let (a, b) = (root(&mut parent, r), root(&mut parent, rows + c));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut label = vec![usize::MAX; rows + columns];
    let mut count = 0;
    for &(r, _) in edges {
        let top = root(&mut parent, r);
        if label[top] == usize::MAX {
            label[top] = count;
            count += 1;
        }
    }
    let of = |v: usize, parent: &mut [usize]| label[root(parent, v)];
    let row_component = (0..rows).map(|r| of(r, &mut parent)).collect();
    let column_component = (0..columns).map(|c| of(rows + c, &mut parent)).collect();
    (row_component, column_component, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bicliques_of_a_path_and_a_square() {
        // r0 - c0 - r1 - c1: two maximal bicliques {r0,r1}x{c0} and {r1}x{c0,c1}.
        let edges = [(0, 0), (1, 0), (1, 1)];
        let b = maximal_bicliques(2, 2, &edges, &Budget::new(1 << 20)).unwrap();
        assert_eq!(
            b,
            vec![
                Biclique {
                    rows: vec![0, 1],
                    columns: vec![0]
                },
                Biclique {
                    rows: vec![1],
                    columns: vec![0, 1]
                },
            ]
        );
        assert_eq!(components(2, 2, &edges), (vec![0, 0], vec![0, 0], 1));
        let square = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2)];
        let b = maximal_bicliques(3, 3, &square, &Budget::new(1 << 20)).unwrap();
        assert_eq!(b.len(), 2);
        // Too small a budget for the three neighbourhoods is an error naming the option.
        let err = maximal_bicliques(3, 3, &square, &Budget::new(500)).unwrap_err();
        assert!(err.to_string().contains("max_memory"), "{err}");
        assert_eq!(b[0].rows, vec![0, 1]);
        assert_eq!(components(3, 3, &square), (vec![0, 0, 1], vec![0, 0, 1], 2));
    }
}
