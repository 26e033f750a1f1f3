//! Network formation: pairwise stability (Jackson & Wolinsky 1996), pairwise Nash stability
//! and efficiency of every graph on a small set of players.
//!
//! A value function gives each player's payoff `u_i(g)` from each undirected graph `g`. A
//! graph is **pairwise stable** when no player gains by cutting one of its links
//! (`u_i(g − ij) <= u_i(g)` for every link `ij` of `g`, both ends) and no two unlinked
//! players both weakly gain, one strictly, by adding their link. It is **pairwise Nash
//! stable** when, besides the addition condition, no player gains by cutting any set of its
//! links at once. It is **efficient** when its total payoff `Σ_i u_i(g)` is the largest over
//! all graphs. Every graph on `n` players (`2^(n(n−1)/2)` of them, 2 097 152 at `n = 7`) is
//! checked, so `n` is at most [`MAX_NETWORK_PLAYERS`]; payoffs are exact rationals.
//!
//! Two value functions:
//! - any function of the graph ([`stable_graphs`]), read once per graph into a table of
//!   rationals (memory estimated and refused above [`MAX_TABLE_BYTES`] before anything is
//!   allocated);
//! - the Myerson value of a TU game minus link costs ([`MyersonNetwork`],
//!   [`myerson_stable_graphs`]): the Myerson value of every graph is computed once, in
//!   parallel, as integers over one common denominator (`n!` times the denominator of the
//!   game's values: the Shapley value's weights `|S|!(n−|S|−1)!` are integers), then each set
//!   of link costs is checked against that table in integer arithmetic. Games whose values
//!   do not fit (huge numerators or denominators) take the rational path instead.
//!
//! The classification runs in parallel over graphs (rayon), carries the caller's
//! [`interrupt::StopToken`] into every task and stops on it. Every graph is counted; the
//! lists hold at most [`MAX_LISTED`] graphs each (in ascending order of the graph's link
//! bitmask, bit `k` = the `k`-th link of [`links`]).
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
//! // complete graph is pairwise stable, and it is efficient.
//! let s = connections_model(3, &r(1, 2), &r(1, 8))?;
//! assert_eq!(s.pairwise_stable.len(), 1);
//! assert_eq!(s.pairwise_stable[0].edges, vec![(0, 1), (0, 2), (1, 2)]);
//! assert_eq!(s.efficient[0].edges, s.pairwise_stable[0].edges);
//! # Ok::<(), detente::Error>(())
//! ```

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::tu::TUGame;
use crate::error::{Error, Result};
use crate::format;
use crate::interrupt;
use crate::progress;
use crate::report::{Cell, Labels, Report, Table, Validate, invalid};

/// The largest number of players: every one of the `2^(n(n−1)/2)` graphs (2 097 152 at
/// `n = 7`) is checked.
///
/// # Example
/// ```
/// use detente::coalition::network::{stable_graphs, MAX_NETWORK_PLAYERS};
/// let too_many = stable_graphs(MAX_NETWORK_PLAYERS + 1, |_| Ok(vec![]));
/// assert!(too_many.is_err());
/// ```
pub const MAX_NETWORK_PLAYERS: usize = 7;

/// The most memory a table of payoffs (one per graph and player) may take; larger tables are
/// refused, from an estimate, before anything is allocated. The Myerson table of 7 players
/// takes 112 MiB (one 8-byte integer per graph and player); a table of rationals from a
/// general value function about 1.5 GiB at 7 players (refused) and 17 MiB at 6.
///
/// # Example
/// ```
/// assert_eq!(detente::coalition::network::MAX_TABLE_BYTES, 1 << 30);
/// ```
pub const MAX_TABLE_BYTES: usize = 1 << 30;

/// The most graphs each list of a [`NetworkStability`] holds; the counts are always exact.
///
/// # Example
/// ```
/// assert_eq!(detente::coalition::network::MAX_LISTED, 1 << 15);
/// ```
pub const MAX_LISTED: usize = 1 << 15;

/// Graphs per parallel task (and between interrupt checks).
const CHUNK: usize = 1 << 11;

/// Bytes a table of rationals takes per entry, for the estimate: the struct plus two small
/// heap-allocated magnitudes and the allocator's overhead.
const RATIONAL_BYTES: usize = std::mem::size_of::<BigRational>() + 32;

/// A graph with each player's payoff from it, and its structure label if the caller gave a
/// labelling ([`NetworkStability::label_with`]).
///
/// # Example
/// ```
/// use detente::coalition::network::stable_graphs;
/// use num_rational::BigRational;
/// use num_traits::Zero;
///
/// let s = stable_graphs(2, |_| Ok(vec![BigRational::zero(); 2]))?;
/// assert_eq!(s.pairwise_stable.len(), 2); // with payoffs all zero, nothing moves
/// assert!(s.pairwise_stable[0].label.is_none());
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StableGraph {
    /// The links `(i, j)`, `i < j`, in lexicographic order.
    pub edges: Vec<(usize, usize)>,
    /// `u_i(g)` for every player.
    pub payoffs: Vec<BigRational>,
    /// The graph's structure label, if a labelling was applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl StableGraph {
    /// `Σ_i u_i(g)`, the total payoff.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::network::StableGraph;
    /// use num_rational::BigRational;
    ///
    /// let g = StableGraph { edges: vec![], payoffs: vec![BigRational::new(1.into(), 2.into()); 2], label: None };
    /// assert_eq!(g.total(), BigRational::from_integer(1.into()));
    /// ```
    pub fn total(&self) -> BigRational {
        self.payoffs.iter().fold(BigRational::zero(), |a, b| a + b)
    }
}

/// What the network-formation check found: the pairwise stable, pairwise Nash stable and
/// efficient graphs, with exact counts. Each list is in ascending order of the graph's link
/// bitmask and holds at most [`MAX_LISTED`] graphs.
///
/// # Example
/// ```
/// use detente::coalition::network::connections_model;
/// use num_rational::BigRational;
///
/// let r = |n: i64, d: i64| BigRational::new(n.into(), d.into());
/// let s = connections_model(3, &r(1, 2), &r(3, 4))?; // c > δ: nobody links
/// assert_eq!(s.pairwise_nash_stable[0].edges, vec![]);
/// assert_eq!((s.num_graphs, s.num_pairwise_stable), (8, 1));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkStability {
    /// Number of players.
    pub num_players: usize,
    /// Number of graphs checked, `2^(n(n−1)/2)`.
    pub num_graphs: usize,
    /// The pairwise stable graphs (at most [`MAX_LISTED`]).
    pub pairwise_stable: Vec<StableGraph>,
    /// The pairwise Nash stable graphs (a subset of the pairwise stable ones).
    pub pairwise_nash_stable: Vec<StableGraph>,
    /// The efficient graphs: the largest total payoff.
    pub efficient: Vec<StableGraph>,
    /// The largest total payoff `max_g Σ_i u_i(g)`.
    pub max_total: BigRational,
    /// How many graphs are pairwise stable.
    pub num_pairwise_stable: usize,
    /// How many graphs are pairwise Nash stable.
    pub num_pairwise_nash_stable: usize,
    /// How many graphs are efficient.
    pub num_efficient: usize,
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

/// The bitmask of a graph (bit `k` = the `k`-th link of [`links`]), from its links in any
/// order, either orientation; repeats are ignored.
///
/// # Errors
/// [`Error::InvalidArgument`] for a player out of range, a loop, or more than
/// [`MAX_NETWORK_PLAYERS`] players.
///
/// # Example
/// ```
/// use detente::coalition::network::graph_mask;
/// assert_eq!(graph_mask(3, &[(2, 1), (0, 1)])?, 0b101);
/// assert!(graph_mask(3, &[(0, 3)]).is_err());
/// # Ok::<(), detente::Error>(())
/// ```
pub fn graph_mask(n: usize, edges: &[(usize, usize)]) -> Result<usize> {
    check_players(n)?;
    let mut mask = 0usize;
    for (k, &(a, b)) in edges.iter().enumerate() {
        if a >= n || b >= n {
            return Err(Error::InvalidArgument(format!(
                "link {k} ({a}, {b}) names a player out of range for {n} players (indices 0 to {})",
                n - 1
            )));
        }
        if a == b {
            return Err(Error::InvalidArgument(format!(
                "link {k} ({a}, {a}) is a loop; a link joins two distinct players"
            )));
        }
        mask |= 1 << link_index(n, a.min(b), a.max(b));
    }
    Ok(mask)
}

/// The index of link `(i, j)`, `i < j`, in [`links`].
fn link_index(n: usize, i: usize, j: usize) -> usize {
    i * n - i * (i + 1) / 2 + (j - i - 1)
}

fn edges_of(all: &[(usize, usize)], mask: usize) -> Vec<(usize, usize)> {
    (0..all.len())
        .filter(|&k| mask >> k & 1 == 1)
        .map(|k| all[k])
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

/// The number of graphs on `n` players.
fn graph_count(n: usize) -> usize {
    1usize << (n * n.saturating_sub(1) / 2)
}

/// Refuses a table of `count · n` entries of `bytes` bytes each above [`MAX_TABLE_BYTES`].
fn check_table(n: usize, bytes: usize, what: &str) -> Result<()> {
    let count = graph_count(n);
    let need = count.saturating_mul(n).saturating_mul(bytes);
    if need > MAX_TABLE_BYTES {
        return Err(Error::InvalidArgument(format!(
            "n is {n}: the table of {what} for all {count} graphs would take about {} MiB, \
             more than the {} MiB allowed; use fewer players{}",
            need >> 20,
            MAX_TABLE_BYTES >> 20,
            if what.contains("rational") {
                " or a TUGame value function (whose Myerson table is stored as integers)"
            } else {
                ""
            }
        )));
    }
    Ok(())
}

/// Payoffs of every graph and player, compared as values of type `V`.
trait PayoffTable: Sync {
    type V: Ord + Clone + Send;
    fn players(&self) -> usize;
    fn payoff(&self, mask: usize, i: usize) -> Self::V;
    fn total(&self, mask: usize) -> Self::V;
    fn exact(&self, v: Self::V) -> BigRational;
}

/// A table of rationals, `n` per graph.
struct RationalTable {
    n: usize,
    table: Vec<BigRational>,
}

impl PayoffTable for RationalTable {
    type V = BigRational;
    fn players(&self) -> usize {
        self.n
    }
    fn payoff(&self, mask: usize, i: usize) -> BigRational {
        self.table[mask * self.n + i].clone()
    }
    fn total(&self, mask: usize) -> BigRational {
        self.table[mask * self.n..(mask + 1) * self.n]
            .iter()
            .fold(BigRational::zero(), |a, b| a + b)
    }
    fn exact(&self, v: BigRational) -> BigRational {
        v
    }
}

/// What one parallel task found.
struct Found<V> {
    /// Pairwise stable graphs, and whether each is pairwise Nash stable.
    stable: Vec<(usize, bool)>,
    best: Option<V>,
    best_masks: Vec<usize>,
    best_count: usize,
}

/// Classifies every graph of `t`: pairwise (Nash) stable, efficient.
fn classify<T: PayoffTable>(t: &T) -> Result<NetworkStability> {
    let n = t.players();
    let all = links(n);
    let count = graph_count(n);
    let own: Vec<usize> = (0..n)
        .map(|i| {
            (0..all.len())
                .filter(|&k| all[k].0 == i || all[k].1 == i)
                .fold(0, |m, k| m | 1 << k)
        })
        .collect();
    let token = interrupt::current();
    let watch = progress::current();
    let found: Vec<Found<T::V>> = (0..count.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            interrupt::within(token.as_ref(), || {
                interrupt::check()?;
                if let Some(p) = &watch {
                    p.add((count.min((c + 1) * CHUNK) - c * CHUNK) as u64);
                }
                let mut out = Found {
                    stable: Vec::new(),
                    best: None,
                    best_masks: Vec::new(),
                    best_count: 0,
                };
                let mut u: Vec<T::V> = Vec::with_capacity(n);
                for mask in c * CHUNK..count.min((c + 1) * CHUNK) {
                    let total = t.total(mask);
                    match out.best.as_ref().map(|b| total.cmp(b)) {
                        None | Some(Ordering::Greater) => {
                            out.best = Some(total);
                            out.best_masks.clear();
                            out.best_masks.push(mask);
                            out.best_count = 1;
                        }
                        Some(Ordering::Equal) => {
                            if out.best_masks.len() < MAX_LISTED {
                                out.best_masks.push(mask);
                            }
                            out.best_count += 1;
                        }
                        Some(Ordering::Less) => {}
                    }
                    u.clear();
                    u.extend((0..n).map(|i| t.payoff(mask, i)));
                    if pairwise_stable(t, mask, &all, &u) {
                        out.stable.push((mask, nash_stable(t, mask, &own, &u)));
                    }
                }
                Ok(out)
            })
        })
        .collect::<Result<_>>()?;
    interrupt::check()?;
    let best = found
        .iter()
        .filter_map(|f| f.best.clone())
        .max()
        .ok_or_else(|| Error::Solver("no graph was checked".into()))?;
    let mut efficient_masks = Vec::new();
    let mut num_efficient = 0;
    let mut stable_masks = Vec::new();
    let mut nash_masks = Vec::new();
    let (mut num_stable, mut num_nash) = (0, 0);
    for f in &found {
        if f.best.as_ref() == Some(&best) {
            num_efficient += f.best_count;
            let room = MAX_LISTED - efficient_masks.len();
            efficient_masks.extend(f.best_masks.iter().take(room));
        }
        for &(mask, nash) in &f.stable {
            num_stable += 1;
            if stable_masks.len() < MAX_LISTED {
                stable_masks.push(mask);
            }
            if nash {
                num_nash += 1;
                if nash_masks.len() < MAX_LISTED {
                    nash_masks.push(mask);
                }
            }
        }
    }
    let graph = |mask: usize| StableGraph {
        edges: edges_of(&all, mask),
        payoffs: (0..n).map(|i| t.exact(t.payoff(mask, i))).collect(),
        label: None,
    };
    Ok(NetworkStability {
        num_players: n,
        num_graphs: count,
        pairwise_stable: stable_masks.into_iter().map(graph).collect(),
        pairwise_nash_stable: nash_masks.into_iter().map(graph).collect(),
        efficient: efficient_masks.into_iter().map(graph).collect(),
        max_total: t.exact(best),
        num_pairwise_stable: num_stable,
        num_pairwise_nash_stable: num_nash,
        num_efficient,
    })
}

/// Jackson & Wolinsky's conditions at `mask`, whose payoffs are `u`.
fn pairwise_stable<T: PayoffTable>(t: &T, mask: usize, all: &[(usize, usize)], u: &[T::V]) -> bool {
    all.iter().enumerate().all(|(k, &(i, j))| {
        let other = mask ^ (1 << k);
        let (ui, uj) = (t.payoff(other, i), t.payoff(other, j));
        if mask >> k & 1 == 1 {
            ui <= u[i] && uj <= u[j]
        } else {
            let (gi, gj) = (ui.cmp(&u[i]), uj.cmp(&u[j]));
            let weak = gi != Ordering::Less && gj != Ordering::Less;
            !(weak && (gi == Ordering::Greater || gj == Ordering::Greater))
        }
    })
}

/// No player gains by cutting any non-empty set of its links.
fn nash_stable<T: PayoffTable>(t: &T, mask: usize, own: &[usize], u: &[T::V]) -> bool {
    own.iter().enumerate().all(|(i, &links_of_i)| {
        let mine = mask & links_of_i;
        let mut sub = mine;
        while sub != 0 {
            if t.payoff(mask & !sub, i) > u[i] {
                return false;
            }
            sub = (sub - 1) & mine;
        }
        true
    })
}

/// Every pairwise stable, pairwise Nash stable and efficient graph on `n` players, for the
/// value function `payoff`, called once per graph (in ascending order of the link bitmask)
/// with its links (`(i, j)`, `i < j`, lexicographic) and returning one payoff per player.
///
/// Progress: two passes over the graphs (their payoffs, then their classification), one
/// unit per graph and pass, to the counters of [`crate::progress`].
///
/// # Errors
/// [`Error::InvalidArgument`] when `n` is 0 or above [`MAX_NETWORK_PLAYERS`], when the table
/// of rationals would exceed [`MAX_TABLE_BYTES`] (7 players), or when `payoff` returns the
/// wrong number of values; any error of `payoff`; [`Error::Interrupted`].
///
/// # Complexity
/// `2^(n(n−1)/2)` calls of `payoff`, then `O(2^(n(n−1)/2) · n²)` comparisons (parallel).
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
    payoff: impl FnMut(&[(usize, usize)]) -> Result<Vec<BigRational>>,
) -> Result<NetworkStability> {
    check_players(n)?;
    check_table(n, RATIONAL_BYTES, "exact rational payoffs")?;
    progress::add_total(2 * graph_count(n) as u64);
    read_and_classify(n, payoff)
}

/// [`stable_graphs`] without its checks and without announcing its two passes to the
/// progress counters (it advances them by one per graph and pass).
fn read_and_classify(
    n: usize,
    mut payoff: impl FnMut(&[(usize, usize)]) -> Result<Vec<BigRational>>,
) -> Result<NetworkStability> {
    let all = links(n);
    let count = graph_count(n);
    let mut table: Vec<BigRational> = Vec::new();
    table.try_reserve_exact(count * n).map_err(|_| {
        Error::InvalidArgument(format!(
            "n is {n}: not enough memory for the payoffs of the {count} graphs"
        ))
    })?;
    let watch = progress::current();
    for mask in 0..count {
        if mask & 0xff == 0 {
            interrupt::check()?;
        }
        if let Some(p) = &watch {
            p.add(1);
        }
        let edges = edges_of(&all, mask);
        let u = payoff(&edges)?;
        if u.len() != n {
            return Err(Error::InvalidArgument(format!(
                "the value function returned {} payoffs for the graph {edges:?}; it must return \
                 one per player ({n})",
                u.len()
            )));
        }
        table.extend(u);
    }
    classify(&RationalTable { n, table })
}

/// The Myerson value (Myerson 1977) of a TU game on every graph of its players, computed once
/// so that the stable graphs under many link costs cost one cheap pass each
/// ([`MyersonNetwork::stability`]).
///
/// The values are kept as integers over one common denominator, `n!` times the lowest common
/// denominator of the game's exact values, 8 bytes per graph and player (112 MiB at 7
/// players); a game whose values do not fit is kept as the game itself, and its graphs go
/// through rationals (at most 6 players).
///
/// # Example
/// ```
/// use detente::coalition::{TUGame, network::MyersonNetwork};
/// use num_rational::BigRational;
///
/// let r = |n: i64, d: i64| BigRational::new(n.into(), d.into());
/// let majority = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?.with_exact_floats();
/// let m = MyersonNetwork::new(&majority)?;
/// assert_eq!(m.myerson(&[(0, 1), (0, 2)])?, vec![r(2, 3), r(1, 6), r(1, 6)]);
/// let cheap = m.stability(&vec![r(1, 12); 3])?;
/// assert_eq!(cheap.pairwise_stable[0].edges, vec![(0, 1), (0, 2), (1, 2)]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct MyersonNetwork {
    game: TUGame,
    table: Option<IntegerTable>,
}

/// Myerson values as integers: `Y_i(g) = y[g·n + i] / scale`.
#[derive(Debug, Clone)]
struct IntegerTable {
    n: usize,
    scale: BigInt,
    y: Vec<i64>,
    max_abs: i64,
}

impl MyersonNetwork {
    /// The Myerson value of `game` on each of the `2^(n(n−1)/2)` graphs of its players, in
    /// parallel; values are read exactly ([`TUGame::exact_value`]).
    ///
    /// Progress: one pass over the graphs, one unit per graph, to the counters of
    /// [`crate::progress`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for more than [`MAX_NETWORK_PLAYERS`] players, or when the
    /// table would exceed [`MAX_TABLE_BYTES`]; [`Error::Interrupted`].
    ///
    /// # Complexity
    /// `O(2^(n(n−1)/2) · 2^n · n)` word operations, parallel.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::{TUGame, network::MyersonNetwork};
    /// let g = TUGame::from_fn(8, |s| s.count_ones() as f64)?;
    /// assert!(MyersonNetwork::new(&g).is_err()); // 2^28 graphs: too many
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn new(game: &TUGame) -> Result<Self> {
        let n = game.num_players();
        check_players(n)?;
        progress::add_total(graph_count(n) as u64);
        Self::build(game)
    }

    /// [`MyersonNetwork::new`] without announcing its pass over the graphs to the progress
    /// counters (it advances them by one per graph).
    fn build(game: &TUGame) -> Result<Self> {
        let n = game.num_players();
        check_players(n)?;
        let table = IntegerTable::new(game)?;
        if table.is_none() {
            // The rational path will be taken: refuse now what it could not hold.
            check_table(n, RATIONAL_BYTES, "exact rational payoffs")?;
        }
        Ok(Self {
            game: game.clone(),
            table,
        })
    }

    /// The number of players.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::{TUGame, network::MyersonNetwork};
    /// let g = TUGame::from_fn(3, |s| s.count_ones() as f64)?;
    /// assert_eq!(MyersonNetwork::new(&g)?.num_players(), 3);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn num_players(&self) -> usize {
        self.game.num_players()
    }

    /// The game.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::{TUGame, network::MyersonNetwork};
    /// let g = TUGame::from_fn(3, |s| s.count_ones() as f64)?;
    /// assert_eq!(MyersonNetwork::new(&g)?.game(), &g);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn game(&self) -> &TUGame {
        &self.game
    }

    /// The exact Myerson value on the graph with links `edges` (any order or orientation).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a link out of range or a loop.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::{TUGame, network::MyersonNetwork};
    /// use num_rational::BigRational;
    /// let g = TUGame::from_fn(2, |s| if s == 3 { 1.0 } else { 0.0 })?;
    /// let m = MyersonNetwork::new(&g)?;
    /// assert_eq!(m.myerson(&[])?, vec![BigRational::from_integer(0.into()); 2]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn myerson(&self, edges: &[(usize, usize)]) -> Result<Vec<BigRational>> {
        let n = self.num_players();
        let mask = graph_mask(n, edges)?;
        match &self.table {
            Some(t) => Ok((0..n)
                .map(|i| BigRational::new(BigInt::from(t.y[mask * n + i]), t.scale.clone()))
                .collect()),
            None => self.game.clone().with_exact_floats().myerson_exact(edges),
        }
    }

    /// The stable and efficient graphs when each player earns its Myerson value minus the
    /// cost of each of its own links: `u_i(g) = Y_i(g) − Σ_{ij ∈ g} c_ij`, with one cost per
    /// link in the order of [`links`], paid by each end.
    ///
    /// Progress: one pass over the graphs (two on the rational path), one unit per graph and
    /// pass, to the counters of [`crate::progress`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for the wrong number of costs; [`Error::Interrupted`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::{TUGame, network::MyersonNetwork};
    /// use num_rational::BigRational;
    ///
    /// // The apex game [3; 2, 1, 1] (the 3-player majority game): links (0,1), (0,2), (1,2).
    /// let g = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?;
    /// let m = MyersonNetwork::new(&g)?;
    /// let r = |n: i64, d: i64| BigRational::new(n.into(), d.into());
    /// // Cheap hub links, a costly link between the spokes: the star centred on 0.
    /// let s = m.stability(&[r(1, 12), r(1, 12), r(1, 1)])?;
    /// assert_eq!(s.pairwise_stable[0].edges, vec![(0, 1), (0, 2)]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn stability(&self, link_costs: &[BigRational]) -> Result<NetworkStability> {
        let n = self.num_players();
        let all = links(n);
        if link_costs.len() != all.len() {
            return Err(Error::InvalidArgument(format!(
                "link_costs has {} entries; give one per link ({} for {n} players, in the order \
                 (0, 1), (0, 2), …, ({}, {}))",
                link_costs.len(),
                all.len(),
                n.saturating_sub(2),
                n.saturating_sub(1)
            )));
        }
        self.stability_counted(link_costs, true)
    }

    /// [`MyersonNetwork::stability`] after its checks; `announce`: add the passes over the
    /// graphs to the progress total (else the caller announced one pass for it).
    fn stability_counted(
        &self,
        link_costs: &[BigRational],
        announce: bool,
    ) -> Result<NetworkStability> {
        let n = self.num_players();
        let count = graph_count(n) as u64;
        if let Some(t) = &self.table
            && let Some(costed) = CostedTable::new(t, link_costs)
        {
            if announce {
                progress::add_total(count);
            }
            return classify(&costed);
        }
        // The rational path reads every graph's payoffs, then classifies: two passes.
        progress::add_total(if announce { 2 * count } else { count });
        // Floats are read as their exact binary values, as in the integer table.
        let game = self.game.clone().with_exact_floats();
        read_and_classify(n, |edges| {
            let mut u = game.myerson_exact(edges)?;
            for &(i, j) in edges {
                let c = &link_costs[link_index(n, i, j)];
                u[i] -= c;
                u[j] -= c;
            }
            Ok(u)
        })
    }
}

impl IntegerTable {
    /// The table, or `None` when the game's values or the Myerson values do not fit.
    fn new(game: &TUGame) -> Result<Option<Self>> {
        let n = game.num_players();
        check_table(n, std::mem::size_of::<i64>(), "integer Myerson values")?;
        let (numerators, denominator) = game.integer_values()?;
        let Some(values) = numerators
            .iter()
            .map(|x| x.to_i64().filter(|v| v.unsigned_abs() < 1 << 62))
            .collect::<Option<Vec<i64>>>()
        else {
            // No pass over the graphs here: count it as done, as the callers announced it.
            progress::add(graph_count(n) as u64);
            return Ok(None);
        };
        let all = links(n);
        let count = graph_count(n);
        let mut y: Vec<i64> = Vec::new();
        y.try_reserve_exact(count * n).map_err(|_| {
            Error::InvalidArgument(format!(
                "n is {n}: not enough memory for the Myerson values of the {count} graphs"
            ))
        })?;
        y.resize(count * n, 0);
        // Shapley weights |S|!(n−|S|−1)!, so that n!·φ_i = Σ w(|S|)·(v(S ∪ i) − v(S)).
        let factorial = |k: usize| (1..=k as i128).product::<i128>();
        let weights: Vec<i128> = (0..n)
            .map(|s| factorial(s) * factorial(n - s - 1))
            .collect();
        let weights64: Vec<i64> = weights.iter().map(|&w| w as i64).collect();
        let small = values.iter().all(|v| v.unsigned_abs() < 1 << 40);
        let token = interrupt::current();
        let watch = progress::current();
        let fits = y
            .par_chunks_mut(CHUNK * n)
            .enumerate()
            .map(|(c, out)| {
                interrupt::within(token.as_ref(), || {
                    interrupt::check()?;
                    if let Some(p) = &watch {
                        p.add((out.len() / n) as u64);
                    }
                    Ok(if small {
                        myerson_chunk(n, &all, c, &values, &weights64, out)
                    } else {
                        myerson_chunk(n, &all, c, &values, &weights, out)
                    })
                })
            })
            .collect::<Result<Vec<Option<i64>>>>()?;
        let Some(max_abs) = fits.into_iter().try_fold(0i64, |m, x| x.map(|x| m.max(x))) else {
            return Ok(None);
        };
        Ok(Some(Self {
            n,
            scale: BigInt::from(factorial(n)) * denominator,
            y,
            max_abs,
        }))
    }
}

/// `n!·den·Y_i(g)` of the graph `mask` into `row`; false if a value does not fit an `i64`.
/// `T` is `i64` when every `|v(S)| < 2^40` (then every intermediate is below `2^61`),
/// `i128` otherwise.
fn myerson_row<T>(
    n: usize,
    all: &[(usize, usize)],
    mask: usize,
    values: &[i64],
    weights: &[T],
    restricted: &mut [T],
    row: &mut [i64],
) -> bool
where
    T: num_traits::PrimInt + From<i64>,
{
    let mut adjacent = [0usize; MAX_NETWORK_PLAYERS];
    for (k, &(i, j)) in all.iter().enumerate() {
        if mask >> k & 1 == 1 {
            adjacent[i] |= 1 << j;
            adjacent[j] |= 1 << i;
        }
    }
    // v^g(S) = v(C) + v^g(S − C), C the component of S's lowest member inside S.
    restricted[0] = T::zero();
    for s in 1..1usize << n {
        let mut component = s & s.wrapping_neg();
        loop {
            let mut reach = component;
            let mut rest = component;
            while rest != 0 {
                let i = rest.trailing_zeros() as usize;
                reach |= adjacent[i];
                rest &= rest - 1;
            }
            reach &= s;
            if reach == component {
                break;
            }
            component = reach;
        }
        restricted[s] = <T as From<i64>>::from(values[component]) + restricted[s & !component];
    }
    let half = 1usize << (n - 1);
    for (i, out) in row.iter_mut().enumerate() {
        let bit = 1usize << i;
        let low = bit - 1;
        let mut sum = T::zero();
        // Every coalition without i: t with a zero inserted at bit i.
        for t in 0..half {
            let s = (t & low) | ((t & !low) << 1);
            sum = sum + weights[s.count_ones() as usize] * (restricted[s | bit] - restricted[s]);
        }
        match sum.to_i64() {
            Some(v) => *out = v,
            None => return false,
        }
    }
    true
}

/// Fills `out` (rows of `n`) for the graphs of chunk `c`; the largest `|y|`, or `None` when a
/// value does not fit.
fn myerson_chunk<T>(
    n: usize,
    all: &[(usize, usize)],
    c: usize,
    values: &[i64],
    weights: &[T],
    out: &mut [i64],
) -> Option<i64>
where
    T: num_traits::PrimInt + From<i64>,
{
    let mut restricted = vec![T::zero(); 1 << n];
    let mut max_abs = 0i64;
    for (k, row) in out.chunks_mut(n).enumerate() {
        if !myerson_row(n, all, c * CHUNK + k, values, weights, &mut restricted, row) {
            return None;
        }
        for &v in row.iter() {
            max_abs = max_abs.max(v.saturating_abs());
        }
    }
    Some(max_abs)
}

/// Net payoffs `u_i(g)·scale·dc = y_i(g)·dc − scale·Σ_{k ∈ g, k ∋ i} c_k` in `i128`.
struct CostedTable<'a> {
    table: &'a IntegerTable,
    own: Vec<usize>,
    costs: Vec<i128>,
    dc: i128,
    scale: i128,
    denominator: BigInt,
}

impl<'a> CostedTable<'a> {
    /// `None` when the scaled values might overflow (the rational path is taken then).
    fn new(table: &'a IntegerTable, link_costs: &[BigRational]) -> Option<Self> {
        let n = table.n;
        let all = links(n);
        let mut dc = BigInt::one();
        for c in link_costs {
            dc = num_integer::Integer::lcm(&dc, c.denom());
        }
        let costs: Vec<BigInt> = link_costs
            .iter()
            .map(|c| c.numer() * (&dc / c.denom()))
            .collect();
        // Every magnitude below n·(max|y|·dc + scale·Σ|c|) < 2^120.
        let sum_costs: BigInt = costs.iter().map(|c| c.abs()).sum();
        let bound = BigInt::from(n + 1)
            * (BigInt::from(table.max_abs) * &dc + &table.scale * (sum_costs + BigInt::one()));
        if bound.bits() >= 120 {
            return None;
        }
        let own = (0..n)
            .map(|i| {
                (0..all.len())
                    .filter(|&k| all[k].0 == i || all[k].1 == i)
                    .fold(0, |m, k| m | 1 << k)
            })
            .collect();
        Some(Self {
            table,
            own,
            costs: costs.iter().map(|c| c.to_i128()).collect::<Option<_>>()?,
            dc: dc.to_i128()?,
            scale: table.scale.to_i128()?,
            denominator: &table.scale * &dc,
        })
    }

    fn cost_sum(&self, links: usize) -> i128 {
        let mut rest = links;
        let mut sum = 0;
        while rest != 0 {
            sum += self.costs[rest.trailing_zeros() as usize];
            rest &= rest - 1;
        }
        sum
    }
}

impl PayoffTable for CostedTable<'_> {
    type V = i128;
    fn players(&self) -> usize {
        self.table.n
    }
    fn payoff(&self, mask: usize, i: usize) -> i128 {
        i128::from(self.table.y[mask * self.table.n + i]) * self.dc
            - self.scale * self.cost_sum(mask & self.own[i])
    }
    fn total(&self, mask: usize) -> i128 {
        let n = self.table.n;
        let y: i128 = self.table.y[mask * n..(mask + 1) * n]
            .iter()
            .map(|&v| i128::from(v))
            .sum();
        y * self.dc - 2 * self.scale * self.cost_sum(mask)
    }
    fn exact(&self, v: i128) -> BigRational {
        BigRational::new(BigInt::from(v), self.denominator.clone())
    }
}

/// The stable graphs when each player earns its Myerson value of `game` restricted to the
/// graph, minus `link_cost` for each of its own links: `u_i(g) = φ_i(v^g) − c·deg_i(g)`.
/// Exact: the game's values are read as exact rationals (see [`TUGame::exact_values`]).
/// For several link costs on one game, build a [`MyersonNetwork`] once.
///
/// Progress: two passes over the graphs (their Myerson values, then their classification;
/// a third for games that take the rational path), one unit per graph and pass, to the
/// counters of [`crate::progress`].
///
/// # Errors
/// As [`MyersonNetwork::new`].
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
    // Two passes over the graphs: their Myerson values, then their stability.
    progress::add_total(2 * graph_count(n) as u64);
    let m = MyersonNetwork::build(game)?;
    m.stability_counted(&vec![link_cost.clone(); links(n).len()], false)
}

impl NetworkStability {
    /// Gives every listed graph the label `label(edges)` returns (e.g. the structure labels
    /// of [`crate::alliance::Powerplay`]).
    ///
    /// # Errors
    /// Any error of `label`.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::network::stable_graphs;
    /// use num_rational::BigRational;
    /// use num_traits::Zero;
    ///
    /// let mut s = stable_graphs(2, |_| Ok(vec![BigRational::zero(); 2]))?;
    /// s.label_with(|edges| Ok(Some(if edges.is_empty() { "none" } else { "link" }.into())))?;
    /// assert_eq!(s.pairwise_stable[1].label.as_deref(), Some("link"));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn label_with(
        &mut self,
        mut label: impl FnMut(&[(usize, usize)]) -> Result<Option<String>>,
    ) -> Result<()> {
        for g in self
            .pairwise_stable
            .iter_mut()
            .chain(self.pairwise_nash_stable.iter_mut())
            .chain(self.efficient.iter_mut())
        {
            g.label = label(&g.edges)?;
        }
        Ok(())
    }

    /// Whether every list holds all its graphs (none was cut at [`MAX_LISTED`]).
    ///
    /// # Example
    /// ```
    /// use detente::coalition::network::stable_graphs;
    /// use num_rational::BigRational;
    /// use num_traits::Zero;
    /// assert!(stable_graphs(3, |_| Ok(vec![BigRational::zero(); 3]))?.is_complete());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_complete(&self) -> bool {
        self.pairwise_stable.len() == self.num_pairwise_stable
            && self.pairwise_nash_stable.len() == self.num_pairwise_nash_stable
            && self.efficient.len() == self.num_efficient
    }
}

/// A graph in words with the players' names: `{H-A, H-B}`, `{}` for the empty graph.
///
/// # Example
/// ```
/// use detente::coalition::network::edges_text;
/// use detente::report::Labels;
/// let labels = Labels { players: vec!["H".into(), "A".into()], actions: vec![vec![], vec![]] };
/// assert_eq!(edges_text(&[(0, 1)], &labels), "{H-A}");
/// ```
pub fn edges_text(edges: &[(usize, usize)], labels: &Labels) -> String {
    let parts: Vec<String> = edges
        .iter()
        .map(|&(i, j)| format!("{}-{}", labels.player(i), labels.player(j)))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// Stable graphs shown in a summary line before it is cut short.
const SUMMARY_GRAPHS: usize = 4;

fn described(g: &StableGraph, labels: &Labels) -> String {
    match &g.label {
        Some(l) => format!("{} {l}", edges_text(&g.edges, labels)),
        None => edges_text(&g.edges, labels),
    }
}

impl Report for NetworkStability {
    fn summary(&self, labels: &Labels) -> String {
        let list = |graphs: &[StableGraph], count: usize| {
            let shown: Vec<String> = graphs
                .iter()
                .take(SUMMARY_GRAPHS)
                .map(|g| described(g, labels))
                .collect();
            let more = count.saturating_sub(SUMMARY_GRAPHS.min(graphs.len()));
            let tail = if more > 0 {
                format!(", … ({more} more)")
            } else {
                String::new()
            };
            format!("{count} ({}{tail})", shown.join(", "))
        };
        format!(
            "{} players, {} graphs; pairwise stable: {}; pairwise Nash stable: {}; efficient \
             (total {}): {}",
            self.num_players,
            self.num_graphs,
            list(&self.pairwise_stable, self.num_pairwise_stable),
            self.num_pairwise_nash_stable,
            format::rational(&self.max_total),
            list(&self.efficient, self.num_efficient)
        )
    }

    /// One row per listed graph and player: `graph` (the link bitmask), `edges`, `structure`
    /// (when labelled), `pairwise_stable`, `pairwise_nash_stable`, `efficient`, `player`,
    /// `payoff`, `payoff_exact`.
    fn table(&self, labels: &Labels) -> Table {
        let mut t = Table::new([
            "graph",
            "edges",
            "structure",
            "pairwise_stable",
            "pairwise_nash_stable",
            "efficient",
            "player",
            "payoff",
            "payoff_exact",
        ]);
        let n = self.num_players;
        let key = |g: &StableGraph| {
            g.edges
                .iter()
                .filter(|&&(i, j)| i < j && j < n)
                .fold(0usize, |m, &(i, j)| m | 1 << link_index(n, i, j))
        };
        let mut graphs: Vec<(usize, &StableGraph)> = self
            .pairwise_stable
            .iter()
            .chain(&self.pairwise_nash_stable)
            .chain(&self.efficient)
            .map(|g| (key(g), g))
            .collect();
        graphs.sort_by_key(|&(k, _)| k);
        graphs.dedup_by_key(|&mut (k, _)| k);
        let member =
            |list: &[StableGraph], g: &StableGraph| list.iter().any(|h| h.edges == g.edges);
        for (k, g) in graphs {
            for (i, x) in g.payoffs.iter().enumerate() {
                t.push(vec![
                    Cell::from(k),
                    Cell::Text(edges_text(&g.edges, labels)),
                    g.label.clone().map_or(Cell::Missing, Cell::Text),
                    Cell::Bool(member(&self.pairwise_stable, g)),
                    Cell::Bool(member(&self.pairwise_nash_stable, g)),
                    Cell::Bool(member(&self.efficient, g)),
                    Cell::Text(labels.player(i)),
                    Cell::Float(x.to_f64().unwrap_or(f64::NAN)),
                    Cell::Exact(x.clone()),
                ]);
            }
        }
        t.without_empty_columns()
    }
}

impl Validate for NetworkStability {
    fn has_actions(&self) -> bool {
        false
    }

    fn check_fields(&self, labels: &Labels) -> Result<()> {
        let n = self.num_players;
        if labels.players.len() != n {
            return Err(invalid(
                "players",
                format!(
                    "has {} names, but there are {n} players",
                    labels.players.len()
                ),
            ));
        }
        for (i, name) in labels.players.iter().enumerate() {
            if labels.players[..i].contains(name) {
                return Err(invalid("players", format!("repeats the name {name:?}")));
            }
        }
        check_players(n).map_err(|e| invalid("num_players", e))?;
        if self.num_graphs != graph_count(n) {
            return Err(invalid(
                "num_graphs",
                format!(
                    "is {}, but {n} players have {} graphs",
                    self.num_graphs,
                    graph_count(n)
                ),
            ));
        }
        let lists = [
            (
                "pairwise_stable",
                &self.pairwise_stable,
                self.num_pairwise_stable,
            ),
            (
                "pairwise_nash_stable",
                &self.pairwise_nash_stable,
                self.num_pairwise_nash_stable,
            ),
            ("efficient", &self.efficient, self.num_efficient),
        ];
        for (what, list, count) in lists {
            if list.len() > count.min(MAX_LISTED) || count > self.num_graphs {
                return Err(invalid(
                    what,
                    format!("lists {} graphs of {count}", list.len()),
                ));
            }
            if count > 0 && list.is_empty() {
                return Err(invalid(what, format!("lists no graph but counts {count}")));
            }
            for (k, g) in list.iter().enumerate() {
                if g.payoffs.len() != n {
                    return Err(invalid(
                        what,
                        format!("[{k}] has {} payoffs for {n} players", g.payoffs.len()),
                    ));
                }
                if g.edges.iter().any(|&(i, j)| i >= j || j >= n)
                    || g.edges.windows(2).any(|w| w[0] >= w[1])
                {
                    return Err(invalid(
                        what,
                        format!(
                            "[{k}] has links out of range or out of order: {:?}",
                            g.edges
                        ),
                    ));
                }
            }
        }
        if self.num_pairwise_nash_stable > self.num_pairwise_stable {
            return Err(invalid(
                "num_pairwise_nash_stable",
                "exceeds num_pairwise_stable: pairwise Nash stable graphs are pairwise stable",
            ));
        }
        if let Some(g) = self.efficient.iter().find(|g| g.total() != self.max_total) {
            return Err(invalid(
                "efficient",
                format!("holds {:?}, whose total is not max_total", g.edges),
            ));
        }
        Ok(())
    }
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
    if link_cost.is_negative() {
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
