//! Network formation: pairwise stability (Jackson & Wolinsky 1996) and pairwise Nash
//! stability of every graph on a small set of players.
//!
//! A value function gives each player's payoff `u_i(g)` from each undirected graph `g`. A
//! graph is **pairwise stable** when no player gains by cutting one of its links
//! (`u_i(g − ij) <= u_i(g)` for every link `ij` of `g`, both ends) and no two unlinked
//! players both weakly gain, one strictly, by adding their link. It is **pairwise Nash
//! stable** when, besides the addition condition, no player gains by cutting any set of its
//! links at once. Every graph on `n` players (`2^(n(n−1)/2)` of them) is checked, so `n` is
//! at most [`MAX_NETWORK_PLAYERS`]. Payoffs are exact rationals; the value function is read
//! once per graph.
//!
//! References: Jackson & Wolinsky (1996) *J. Econ. Theory* 71(1): 44–74; Myerson (1977)
//! *Math. Oper. Res.* 2(3): 225–229; Calvó-Armengol & İlkılıç (2009) *Int. J. Game Theory*
//! 38(1) (pairwise Nash stability).
//!
//! # Example
//! ```
//! use detente::coalition::network::{connections_model, MAX_NETWORK_PLAYERS};
//! use num_rational::BigRational;
//!
//! let r = |n: i64, d: i64| BigRational::new(n.into(), d.into());
//! // Symmetric connections model, δ = 1/2, cheap links (c = 1/8 < δ − δ²): only the
//! // complete graph is pairwise stable.
//! let s = connections_model(3, &r(1, 2), &r(1, 8))?;
//! assert_eq!(s.pairwise_stable.len(), 1);
//! assert_eq!(s.pairwise_stable[0].edges, vec![(0, 1), (0, 2), (1, 2)]);
//! # Ok::<(), detente::Error>(())
//! ```

use num_rational::BigRational;
use num_traits::{One, Zero};

use super::tu::TUGame;
use crate::error::{Error, Result};
use crate::interrupt;

/// The largest number of players: every one of the `2^(n(n−1)/2)` graphs (32 768 at
/// `n = 6`) is stored with its exact payoffs.
///
/// # Example
/// ```
/// use detente::coalition::network::{stable_graphs, MAX_NETWORK_PLAYERS};
/// let too_many = stable_graphs(MAX_NETWORK_PLAYERS + 1, |_| Ok(vec![]));
/// assert!(too_many.is_err());
/// ```
pub const MAX_NETWORK_PLAYERS: usize = 6;

/// A graph with each player's payoff from it.
///
/// # Example
/// ```
/// use detente::coalition::network::stable_graphs;
/// use num_rational::BigRational;
/// use num_traits::Zero;
///
/// let s = stable_graphs(2, |_| Ok(vec![BigRational::zero(); 2]))?;
/// assert_eq!(s.pairwise_stable.len(), 2); // with payoffs all zero, nothing moves
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StableGraph {
    /// The links `(i, j)`, `i < j`, in lexicographic order.
    pub edges: Vec<(usize, usize)>,
    /// `u_i(g)` for every player.
    pub payoffs: Vec<BigRational>,
}

/// The stable graphs of a network-formation game, each list in ascending order of the
/// graph's link bitmask (bit `k` = the `k`-th link of [`links`]).
///
/// # Example
/// ```
/// use detente::coalition::network::connections_model;
/// use num_rational::BigRational;
///
/// let r = |n: i64, d: i64| BigRational::new(n.into(), d.into());
/// let s = connections_model(3, &r(1, 2), &r(3, 4))?; // c > δ: nobody links
/// assert_eq!(s.pairwise_nash_stable[0].edges, vec![]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkStability {
    /// Number of players.
    pub num_players: usize,
    /// The pairwise stable graphs.
    pub pairwise_stable: Vec<StableGraph>,
    /// The pairwise Nash stable graphs (a subset of the pairwise stable ones).
    pub pairwise_nash_stable: Vec<StableGraph>,
}

/// All possible links `(i, j)`, `i < j`, of `n` players in lexicographic order.
///
/// # Example
/// ```
/// assert_eq!(detente::coalition::network::links(3), vec![(0, 1), (0, 2), (1, 2)]);
/// ```
pub fn links(n: usize) -> Vec<(usize, usize)> {
    (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .collect()
}

fn check_players(n: usize) -> Result<()> {
    if n == 0 || n > MAX_NETWORK_PLAYERS {
        return Err(Error::InvalidArgument(format!(
            "n is {n}: network formation checks every graph (2^(n(n-1)/2) of them), so n must \
             be between 1 and {MAX_NETWORK_PLAYERS}"
        )));
    }
    Ok(())
}

/// Every pairwise stable and pairwise Nash stable graph on `n` players, for the value
/// function `payoff`, called once per graph with its links (`(i, j)`, `i < j`,
/// lexicographic) and returning one payoff per player.
///
/// # Errors
/// [`Error::InvalidArgument`] when `n` is 0 or above [`MAX_NETWORK_PLAYERS`], or `payoff`
/// returns the wrong number of values; any error of `payoff`; [`Error::Interrupted`].
///
/// # Example
/// ```
/// use detente::coalition::network::stable_graphs;
/// use num_rational::BigRational;
///
/// // Each link is worth 1 to both ends and costs 2: only the empty graph is stable.
/// let s = stable_graphs(3, |edges| {
///     let mut u = vec![BigRational::from_integer(0.into()); 3];
///     for &(i, j) in edges {
///         u[i] -= BigRational::from_integer(1.into());
///         u[j] -= BigRational::from_integer(1.into());
///     }
///     Ok(u)
/// })?;
/// assert_eq!(s.pairwise_stable.len(), 1);
/// assert!(s.pairwise_stable[0].edges.is_empty());
/// # Ok::<(), detente::Error>(())
/// ```
pub fn stable_graphs(
    n: usize,
    mut payoff: impl FnMut(&[(usize, usize)]) -> Result<Vec<BigRational>>,
) -> Result<NetworkStability> {
    check_players(n)?;
    let all = links(n);
    let count = 1usize << all.len();
    let edges_of = |mask: usize| -> Vec<(usize, usize)> {
        (0..all.len())
            .filter(|&k| mask >> k & 1 == 1)
            .map(|k| all[k])
            .collect()
    };
    let mut table: Vec<Vec<BigRational>> = Vec::new();
    table.try_reserve_exact(count).map_err(|_| {
        Error::InvalidArgument(format!(
            "n is {n}: not enough memory for the {count} graphs"
        ))
    })?;
    for mask in 0..count {
        if mask & 0xff == 0 {
            interrupt::check()?;
        }
        let u = payoff(&edges_of(mask))?;
        if u.len() != n {
            return Err(Error::InvalidArgument(format!(
                "the value function returned {} payoffs for the graph {:?}; it must return \
                 one per player ({n})",
                u.len(),
                edges_of(mask)
            )));
        }
        table.push(u);
    }
    // Links of each player, as link indices.
    let own: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            (0..all.len())
                .filter(|&k| all[k].0 == i || all[k].1 == i)
                .collect()
        })
        .collect();
    let mut pairwise_stable = Vec::new();
    let mut pairwise_nash_stable = Vec::new();
    for mask in 0..count {
        if mask & 0xff == 0 {
            interrupt::check()?;
        }
        let u = &table[mask];
        let mut cut_one = true;
        let mut add = true;
        for (k, &(i, j)) in all.iter().enumerate() {
            let other = &table[mask ^ (1 << k)];
            if mask >> k & 1 == 1 {
                if other[i] > u[i] || other[j] > u[j] {
                    cut_one = false;
                }
            } else {
                let (gi, gj) = (&other[i] - &u[i], &other[j] - &u[j]);
                let weak = !gi.is_negative_value() && !gj.is_negative_value();
                if weak && (gi > BigRational::zero() || gj > BigRational::zero()) {
                    add = false;
                }
            }
        }
        if !(cut_one && add) {
            continue;
        }
        let graph = StableGraph {
            edges: edges_of(mask),
            payoffs: u.clone(),
        };
        let cut_any = (0..n).all(|i| {
            let mine: Vec<usize> = own[i]
                .iter()
                .copied()
                .filter(|&k| mask >> k & 1 == 1)
                .collect();
            (1usize..1 << mine.len()).all(|sub| {
                let cut = (0..mine.len())
                    .filter(|&b| sub >> b & 1 == 1)
                    .fold(0usize, |m, b| m | 1 << mine[b]);
                table[mask & !cut][i] <= u[i]
            })
        });
        if cut_any {
            pairwise_nash_stable.push(graph.clone());
        }
        pairwise_stable.push(graph);
    }
    Ok(NetworkStability {
        num_players: n,
        pairwise_stable,
        pairwise_nash_stable,
    })
}

trait NegativeValue {
    fn is_negative_value(&self) -> bool;
}

impl NegativeValue for BigRational {
    fn is_negative_value(&self) -> bool {
        *self < BigRational::zero()
    }
}

/// The stable graphs when each player earns its Myerson value of `game` restricted to the
/// graph, minus `link_cost` for each of its own links: `u_i(g) = φ_i(v^g) − c·deg_i(g)`.
/// Exact: the game's values are read as exact rationals (see [`TUGame::exact_values`]).
///
/// # Errors
/// As [`stable_graphs`] with `n` the game's number of players.
///
/// # Example
/// ```
/// use detente::coalition::{TUGame, network::myerson_stable_graphs};
/// use num_rational::BigRational;
///
/// // Majority game of 3 with free links: the complete graph is pairwise stable.
/// let g = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?;
/// let s = myerson_stable_graphs(&g, &BigRational::from_integer(0.into()))?;
/// assert!(s.pairwise_stable.iter().any(|x| x.edges.len() == 3));
/// # Ok::<(), detente::Error>(())
/// ```
pub fn myerson_stable_graphs(game: &TUGame, link_cost: &BigRational) -> Result<NetworkStability> {
    let n = game.num_players();
    check_players(n)?;
    stable_graphs(n, |edges| {
        let mut u = game.myerson_exact(edges)?;
        for &(i, j) in edges {
            u[i] -= link_cost;
            u[j] -= link_cost;
        }
        Ok(u)
    })
}

/// Jackson & Wolinsky's symmetric connections model: `u_i(g) = Σ_{j≠i} δ^{d(i,j)} −
/// c·deg_i(g)`, with `d(i, j)` the shortest-path distance (terms of unreachable players
/// are 0).
///
/// # Errors
/// [`Error::InvalidArgument`] unless `0 < δ < 1` and `c >= 0`; as [`stable_graphs`].
///
/// # Example
/// ```
/// use detente::coalition::network::connections_model;
/// use num_rational::BigRational;
///
/// let r = |n: i64, d: i64| BigRational::new(n.into(), d.into());
/// // δ − δ² < c < δ: the stars (here the three lines on 3 players).
/// let s = connections_model(3, &r(1, 2), &r(3, 8))?;
/// assert_eq!(s.pairwise_stable.len(), 3);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn connections_model(
    n: usize,
    delta: &BigRational,
    link_cost: &BigRational,
) -> Result<NetworkStability> {
    if *delta <= BigRational::zero() || *delta >= BigRational::one() {
        return Err(Error::InvalidArgument(format!(
            "delta is {delta}: it must lie strictly between 0 and 1"
        )));
    }
    if link_cost.is_negative_value() {
        return Err(Error::InvalidArgument(format!(
            "link_cost is {link_cost}: it must be non-negative"
        )));
    }
    check_players(n)?;
    stable_graphs(n, |edges| {
        let mut adj = vec![Vec::new(); n];
        for &(i, j) in edges {
            adj[i].push(j);
            adj[j].push(i);
        }
        Ok((0..n)
            .map(|i| {
                let mut dist = vec![usize::MAX; n];
                dist[i] = 0;
                let mut queue = std::collections::VecDeque::from([i]);
                while let Some(a) = queue.pop_front() {
                    for &b in &adj[a] {
                        if dist[b] == usize::MAX {
                            dist[b] = dist[a] + 1;
                            queue.push_back(b);
                        }
                    }
                }
                let mut u = BigRational::zero();
                for (j, &d) in dist.iter().enumerate() {
                    if j != i && d != usize::MAX {
                        u += num_traits::pow(delta.clone(), d);
                    }
                }
                let deg = BigRational::from_integer(adj[i].len().into());
                u - link_cost * deg
            })
            .collect())
    })
}
