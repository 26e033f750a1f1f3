//! Every extreme Nash equilibrium of a two-player game, exactly, and the components they form.
//!
//! Method and references are in the documentation of [`enumerate_all`] (this module is
//! private; its items are re-exported from [`crate::solve`]).

mod certify;
mod cliques;
mod exact_certificate;
mod memory;
mod nondegenerate;
mod one_polytope;
mod vertices;

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::ToPrimitive;
use rayon::prelude::*;

use super::payoff_matrix::{exact_bimatrix, integer_payoffs, normalisation, payoff_ranges};
use super::{Equilibrium, ExactEquilibrium};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::progress;
use certify::{Labels, Strategy};
use memory::Budget;
pub use memory::default_max_memory;
use vertices::{Scalar, Vertex};

/// The default cap on the bases visited per best-response polytope
/// ([`EnumerateOptions::max_vertices`]).
///
/// # Example
/// ```
/// use detente::solve::{EnumerateOptions, DEFAULT_MAX_VERTICES};
///
/// assert_eq!(EnumerateOptions::default().max_vertices, DEFAULT_MAX_VERTICES);
/// ```
pub const DEFAULT_MAX_VERTICES: usize = 1_000_000;

/// The largest total number of actions `m + n` [`enumerate_all`] accepts.
const MAX_ACTIONS: usize = 128;

/// Options of [`enumerate_all`].
///
/// # Example
/// ```
/// use detente::solve::EnumerateOptions;
///
/// let fast = EnumerateOptions { exact: false, ..EnumerateOptions::default() };
/// assert!(EnumerateOptions::default().exact);
/// assert!(!fast.exact);
/// // At most 512 MiB, whatever the machine has.
/// let small = EnumerateOptions { max_memory: Some(512 << 20), ..EnumerateOptions::default() };
/// assert_eq!(small.max_memory, Some(536_870_912));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnumerateOptions {
    /// `true` (the default): exact rational arithmetic, every answer exact, degenerate games
    /// handled without tolerance, and [`AllEquilibria::exact`] filled in. `false`: the search
    /// runs in `f64` (tolerance `1e-9` on payoffs rescaled to `[1, 2]`), much faster, and
    /// [`AllEquilibria::exact`] is `None`; but every equilibrium returned is certified
    /// exactly (re-derived in integer arithmetic from its supports, with exact regret zero)
    /// and returned as its exact strategies rounded to `f64`, so a float answer is never
    /// wrong for the game's `f64` payoffs (for a game given exactly whose payoffs are not all
    /// floats, such as `2/7`, only exact mode solves the exact game). If a certificate fails, or two candidates are the same exact strategy, the game
    /// is enumerated exactly instead. Completeness in float mode is guaranteed only for
    /// games that are nondegenerate by a margin (the fast path); on degenerate games the float
    /// two-polytope search can, in rare near-ties, miss an equilibrium that exact mode finds.
    pub exact: bool,
    /// The most bases of each best-response polytope the search may visit before giving up
    /// with [`Error::Solver`] (default [`DEFAULT_MAX_VERTICES`]); it bounds time.
    pub max_vertices: usize,
    /// The most memory, in bytes, the search may keep (its sets of bases, vertices, tableaux,
    /// equilibria and cliques, counted before or as they are allocated); past it the call
    /// stops with an [`Error::Solver`] that names `max_memory`. `None` (the default):
    /// [`default_max_memory`], read from the machine at each call (a quarter of physical
    /// memory, less under an address-space or container limit). Memory the budget does not
    /// count (one pivot's temporaries per thread, the process itself) comes on top.
    pub max_memory: Option<usize>,
}

impl Default for EnumerateOptions {
    fn default() -> Self {
        Self {
            exact: true,
            max_vertices: DEFAULT_MAX_VERTICES,
            max_memory: None,
        }
    }
}

/// A maximal Nash subset: the product of the convex hulls of some extreme strategies of the
/// row player and of the column player, every mixture of which is an equilibrium.
///
/// # Example
/// ```
/// use detente::solve::{enumerate_all, EnumerateOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// // All-zero payoffs: one clique, both pure strategies of each player.
/// let z = array![[0.0, 0.0], [0.0, 0.0]];
/// let all = enumerate_all(&Game::from_bimatrix(z.view(), z.view())?, Default::default())?;
/// let clique = &all.components[0].cliques[0];
/// assert_eq!((clique.row_vertices.len(), clique.column_vertices.len()), (2, 2));
/// assert_eq!(clique.equilibria, vec![0, 1, 2, 3]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clique {
    /// Indices of the row player's extreme strategies (see [`AllEquilibria::vertex_pairs`]).
    pub row_vertices: Vec<usize>,
    /// Indices of the column player's extreme strategies.
    pub column_vertices: Vec<usize>,
    /// Indices in [`AllEquilibria::equilibria`] of the extreme equilibria `row × column`.
    pub equilibria: Vec<usize>,
}

/// A connected component of the set of equilibria: the union of the maximal Nash subsets
/// (cliques) that share extreme strategies with one another.
///
/// # Example
/// ```
/// use detente::solve::{enumerate_all, EnumerateOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// // Battle of the sexes: three isolated equilibria, three components.
/// let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
///                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
/// let all = enumerate_all(&g, EnumerateOptions::default())?;
/// assert_eq!(all.components.len(), 3);
/// assert!(all.components.iter().all(|c| c.equilibria.len() == 1 && c.cliques.len() == 1));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// The row player's extreme strategies in the component.
    pub row_vertices: Vec<usize>,
    /// The column player's extreme strategies in the component.
    pub column_vertices: Vec<usize>,
    /// The extreme equilibria in the component.
    pub equilibria: Vec<usize>,
    /// The maximal Nash subsets whose union is the component.
    pub cliques: Vec<Clique>,
}

/// The result of [`enumerate_all`]: every extreme equilibrium and how they connect.
///
/// # Example
/// ```
/// use detente::solve::{enumerate_all, EnumerateOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
///                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
/// let all = enumerate_all(&g, EnumerateOptions::default())?;
/// assert_eq!(all.equilibria.len(), 3);
/// assert_eq!(all.vertex_pairs, vec![(0, 0), (1, 1), (2, 2)]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllEquilibria {
    /// The extreme equilibria, certified by [`Equilibrium::new`] (method `"enumerate_all"`),
    /// sorted by the row strategy, then the column strategy, in decreasing lexicographic order
    /// (so the pure equilibria in which the row player plays action 0 come first).
    pub equilibria: Vec<Equilibrium>,
    /// The same equilibria in exact arithmetic (`None` when `options.exact` is `false`: float
    /// mode certifies its equilibria exactly but does not return the fractions).
    pub exact: Option<Vec<ExactEquilibrium>>,
    /// For each equilibrium, the indices of its row and column strategies among the distinct
    /// extreme strategies of each player (numbered in the order of the equilibria).
    pub vertex_pairs: Vec<(usize, usize)>,
    /// The connected components, in the order of their first equilibrium.
    pub components: Vec<Component>,
}

/// Every extreme Nash equilibrium of a two-player game, with the maximal Nash subsets and the
/// connected components of the equilibrium set.
///
/// The Nash equilibria of a bimatrix game form finitely many convex polytopes (maximal Nash
/// subsets), whose vertices are the **extreme equilibria**; their connected unions are the
/// **components**. This function finds every extreme equilibrium, degenerate games included
/// (supports of different sizes, continua, all-zero payoffs), and describes each maximal Nash
/// subset as a pair of vertex sets whose convex hulls' product is the subset.
///
/// # Method
/// Payoffs are shifted to be positive (which changes no equilibrium), giving the best-response
/// polytopes `P = {x >= 0 : Bᵀx <= 1}` and `Q = {y >= 0 : Ay <= 1}`. The extreme equilibria
/// are, after normalisation, the pairs of vertices `(x, y) ≠ (0, 0)` that are completely
/// labelled: each pure strategy is unused or a best response.
///
/// *Exact mode and degenerate games.* Each polytope's vertices are enumerated by a
/// breadth-first search over the lexicographically feasible bases of its tableau (a symbolic
/// perturbation of the right-hand side makes the polytope simple without losing any vertex),
/// rayon-parallel over each level; the labels of a vertex are read from the unperturbed
/// tableau, so a degenerate vertex is found once with all its labels. Compatible vertex pairs
/// are matched through label bit sets. In exact mode the payoffs are the game's exact ones
/// ([`Game::exact_payoff`]: as given for a game given exactly, such as a `.nfg` file's `2/7`;
/// the floats' binary values for a float game), scaled to integers, and pivoted with
/// fraction-free integer pivoting, in 128-bit machine integers with every operation checked
/// for overflow while the entries fit (small integer payoffs), in big integers otherwise (a
/// polytope whose pivots overflow is searched again in big integers, as `lrs` switches
/// arithmetic); vertices are compared exactly. Each equilibrium carries its exact profile and
/// payoffs ([`Equilibrium::exact`]).
///
/// *Exact mode, one polytope.* When a polytope is simple (no degenerate vertex; checked
/// first at its pure strategies, then by the search itself), exact mode searches it alone (the
/// one of smaller dimension if both may be) and pairs each vertex, with support `S` and tight
/// constraints `T` of equal sizes, with the only point of the other polytope that could
/// complete its labels: the solution of the square system on `S × T`, by integer pivoting in
/// machine words with exact 128-bit products (big integers past `2^62`), kept if it is exactly
/// feasible; most vertices are first rejected by an exact dominance test. The other polytope
/// may be degenerate. A degenerate vertex met by the search, or a singular system, sends the
/// game to the two-polytope search, which handles every game. Each equilibrium's exact regret
/// (zero) is then decided in integers: every action in each support attains the opponent's
/// largest integer action value.
///
/// *Float mode, nondegenerate games* (the fast path, as `lrsnash`): only the polytope of
/// smaller dimension is searched, by reverse search over its bases (one per vertex, no
/// perturbation needed; Avis & Fukuda 1992: the bases form a tree under Bland's simplex rule
/// towards the origin, searched depth first without a set of bases seen; the threads of
/// rayon's pool share the tree, an idle thread taking over the shallowest unsearched subtree
/// of a busy one), and each vertex with support `S` and tight constraints `T` is paired
/// with the one point of the other polytope that could complete its labels, the solution of
/// the square system on `S × T`, if it is feasible. Any sign of degeneracy (a basic variable,
/// a ratio tie, a reduced cost of the search's objective or a partner's slack within `1e-9`,
/// an ill-conditioned partner system, or an
/// even number of equilibria, impossible in a nondegenerate game) sends the game to the float
/// two-polytope search above. Either way every float equilibrium is then certified: its two
/// strategies are re-derived exactly from their supports and the opponent's best responses
/// (payoffs read as integers times a power of two, fraction-free Bareiss elimination on the
/// support-sized indifference system) and the pair must have exact regret zero; the returned
/// strategies are these exact ones rounded to `f64`. A failed certificate makes the game go
/// through exact enumeration.
///
/// The maximal Nash subsets are the maximal bicliques of the bipartite graph whose edges are
/// the extreme equilibria (Avis, Rosenberg, Savani & von Stengel 2010, as Gambit's
/// `enummixed -c`); they are found as the closed sets of its Galois connection.
///
/// Progress: the bases searched, a batch at a time, to the counters of [`crate::progress`];
/// no total (the number of vertices is not known in advance).
///
/// # Arguments
/// * `game` – a two-player game with at most 128 actions in total.
/// * `options` – exact or float arithmetic, the cap on visited bases and the memory budget.
///
/// # Returns
/// The [`AllEquilibria`]: equilibria (method `"enumerate_all"`), exact strategies and payoffs
/// (exact mode only), vertex pairs and components.
///
/// # Errors
/// [`Error::InvalidGame`] unless the game has two players and at most 128 actions in total;
/// [`Error::InvalidArgument`] for `max_vertices == 0` or `max_memory == Some(0)`;
/// [`Error::Solver`] if a polytope has more than `max_vertices` bases, or if the search would
/// keep more than `max_memory` bytes (each message names its option and says what to do);
/// [`Error::Interrupted`] if it is stopped ([`interrupt`]) meanwhile.
///
/// # Complexity
/// Proportional to the number of bases of the perturbed polytopes (at most the vertex count
/// of the upper bound theorem, exponential in `min(m, n)`), each costing `O(m n)` pivoting
/// and `O((m + n) · min(m, n))` ratio tests (big-integer operations in exact mode); the fast
/// float path and exact mode's one-polytope path visit one polytope and add one dense solve
/// of the support size per vertex,
/// and certification costs two small big-integer eliminations per equilibrium (its regret
/// test is decided in floats with rigorous error bounds except near ties). Matching is
/// near-linear in the vertex counts for nondegenerate games. Exact mode is much slower than
/// float mode, the more so as payoffs use more of their 53-bit mantissas (big integers);
/// small integer payoffs keep it fastest. Timings are in the README.
///
/// Space: the float fast path keeps one path of dictionaries per thread (no set of bases);
/// the two-polytope search keeps every basis seen (64 bytes each), every distinct vertex,
/// and the tableaux not yet expanded (`k × (d + 1)` numbers each, big integers in exact
/// mode). All of it is counted against `max_memory` before or as it is allocated, so the
/// memory kept never exceeds the budget (plus one pivot's temporaries per thread).
///
/// # References
/// * B. von Stengel, "Computing equilibria for two-person games", *Handbook of Game Theory*
///   vol. 3, ch. 45, 2002, §3.5 (vertex enumeration), §2.5 (integer pivoting).
/// * D. Avis, G. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash equilibria for
///   two-player games", *Economic Theory* 42 (2010), 9–37.
/// * D. Avis and K. Fukuda, "A pivoting algorithm for convex hulls and vertex enumeration of
///   arrangements and polyhedra", *Discrete & Computational Geometry* 8 (1992), 295–313
///   (reverse search, used by the float fast path).
///
/// # Example
/// ```
/// use detente::solve::{enumerate_all, EnumerateOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// // Battle of the sexes: two pure equilibria and the mixed one ((2/3, 1/3), (1/3, 2/3)).
/// let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
///                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
/// let all = enumerate_all(&g, EnumerateOptions::default())?;
/// assert_eq!(all.equilibria.len(), 3);
/// let mixed = &all.exact.as_ref().unwrap()[1];
/// let show = |s: &Vec<_>| s.iter().map(|p: &num_rational::BigRational| p.to_string())
///     .collect::<Vec<_>>();
/// assert_eq!(show(&mixed.strategies[0]), ["2/3", "1/3"]);
/// assert_eq!(show(&mixed.strategies[1]), ["1/3", "2/3"]);
/// assert!(all.equilibria.iter().all(|e| e.regret < 1e-12));
/// # Ok::<(), detente::Error>(())
/// ```
pub fn enumerate_all(game: &Game, options: EnumerateOptions) -> Result<AllEquilibria> {
    if game.num_players() != 2 {
        return Err(Error::InvalidGame(format!(
            "enumerate_all needs a two-player game; this one has {} players",
            game.num_players()
        )));
    }
    let (m, n) = (game.shape()[0], game.shape()[1]);
    if m + n > MAX_ACTIONS {
        return Err(Error::InvalidGame(format!(
            "enumerate_all handles games with at most {MAX_ACTIONS} actions in total; this one \
             is {m}x{n} (eliminate dominated actions first, or use a single-equilibrium solver)"
        )));
    }
    if options.max_vertices == 0 {
        return Err(Error::InvalidArgument(
            "max_vertices must be at least 1".into(),
        ));
    }
    if options.max_memory == Some(0) {
        return Err(Error::InvalidArgument(
            "max_memory must be at least 1 byte (None for the default budget)".into(),
        ));
    }
    let budget = Budget::new(options.max_memory.unwrap_or_else(default_max_memory));
    let data = game.payoff_slice();
    let a: Vec<f64> = (0..m * n).map(|p| data[2 * p]).collect();
    let b: Vec<f64> = (0..m * n).map(|p| data[2 * p + 1]).collect();
    // P: n constraints over x (Bᵀ), Q: m constraints over y (A).
    let transpose =
        |u: &[f64]| -> Vec<f64> { (0..n * m).map(|q| u[(q % m) * n + q / m]).collect() };
    let bt = transpose(&b);
    let cap = options.max_vertices;
    if !options.exact {
        let [range_a, range_b] = payoff_ranges(data);
        let (cp, cq) = (float_matrix(&bt, m, range_b), float_matrix(&a, n, range_a));
        if let Some((rows, columns, pairs)) = certified(&a, &b, &cp, &cq, cap, &budget)? {
            let equilibria = float_equilibria(game, &rows, &columns, &pairs)?;
            return finish(equilibria, None, pairs, &budget);
        }
    }
    // The exact payoffs (as given, for a game given exactly), not the floats.
    let (exact_a, exact_b) = (exact_bimatrix(game, 0), exact_bimatrix(game, 1));
    let exact_bt: Vec<BigRational> = (0..n * m)
        .map(|q| exact_b[(q % m) * n + q / m].clone())
        .collect();
    let (cp, cq) = (integer_matrix(exact_bt, m), integer_matrix(exact_a, n));
    let (vp, vq, pairs) = match one_polytope::extreme_pairs(&cp, &cq, m, n, cap, &budget)? {
        Some(found) => found,
        None => extreme_pairs(&cp, &cq, m, n, cap, &budget)?,
    };
    // The exact strategies and payoffs of each equilibrium, as big fractions about the size
    // of the vertices' coordinates.
    let largest = |v: &[Vertex<BigInt>]| v.iter().map(Vertex::bytes).max().unwrap_or(0);
    let per_pair = 2 * (largest(&vp) + largest(&vq)) + EQUILIBRIUM_BYTES * (m + n);
    budget.charge(pairs.len().saturating_mul(per_pair), || {
        format!("to hold {} exact equilibria", pairs.len())
    })?;
    let rational = |v: &Vertex<BigInt>| {
        let sum: BigInt = v.point.iter().sum();
        v.point
            .iter()
            .map(|p| BigRational::new(p.clone(), sum.clone()))
            .collect::<Vec<_>>()
    };
    let (rows, columns, pairs) = arrange(&pairs, |p| rational(&vp[p]), |q| rational(&vq[q]))?;
    let to_f64 = |s: &[Vec<BigRational>]| -> Vec<Vec<f64>> {
        s.iter()
            .map(|s| s.iter().map(|p| p.to_f64().unwrap_or(f64::NAN)).collect())
            .collect()
    };
    let mut equilibria = float_equilibria(game, &to_f64(&rows), &to_f64(&columns), &pairs)?;
    let exact = if options.exact {
        Some(exact_certificate::exact_equilibria(
            game, &cp, &cq, &rows, &columns, &pairs,
        )?)
    } else {
        None
    };
    if let Some(exact) = &exact {
        equilibria = equilibria
            .into_iter()
            .zip(exact)
            .map(|(eq, x)| eq.with_exact(x.clone()))
            .collect();
    }
    finish(equilibria, exact, pairs, &budget)
}

/// Bytes counted per action for each equilibrium's float strategies and result entries.
const EQUILIBRIUM_BYTES: usize = 64;

/// Bytes counted for a certified equilibrium of an `m × n` game: two exact strategies, whose
/// numerators on a support of `s <= min(m, n)` actions are determinants of `s × s` payoff
/// integers (about `64 s` bits each, for payoffs of similar magnitudes), the other entries
/// zero, and the float strategies.
fn certified_pair_bytes(m: usize, n: usize) -> usize {
    let s = m.min(n);
    2 * (s * (8 * s + 48) + (m + n) * 32) + EQUILIBRIUM_BYTES * (m + n)
}

/// The equilibria of the strategy pairs, certified by [`Equilibrium::new`].
fn float_equilibria(
    game: &Game,
    rows: &[Vec<f64>],
    columns: &[Vec<f64>],
    pairs: &[(usize, usize)],
) -> Result<Vec<Equilibrium>> {
    pairs
        .iter()
        .map(|&(r, c)| {
            Equilibrium::new(
                game,
                vec![rows[r].clone(), columns[c].clone()],
                "enumerate_all",
            )
        })
        .collect()
}

/// The float search, certified: candidate equilibria from the fast path for nondegenerate
/// games (certified as they are found) or, when it declines, from the float two-polytope
/// search, each extreme strategy re-derived exactly from its labels and each pair checked to
/// have exact regret zero; the strategies are the exact ones rounded to `f64`. `None` if any
/// certificate fails (or two candidates are the same strategy): then the caller enumerates
/// exactly.
fn certified(
    a: &[f64],
    b: &[f64],
    cp: &[Vec<f64>],
    cq: &[Vec<f64>],
    cap: usize,
    budget: &Budget,
) -> Result<Option<Arranged<f64>>> {
    let (m, n) = (cq.len(), cp.len());
    // Built by the first certificate, on whichever thread finds it (in the fast path, while
    // the search goes on) rather than before the search.
    let exact = OnceLock::new();
    let payoffs = || exact.get_or_init(|| certify::Payoffs::new(a, b, m, n));
    // In a nondegenerate game each strategy's support is the other's best responses.
    let pair = |x: u128, y: u128| -> Option<(Strategy, Strategy)> {
        let payoffs = payoffs();
        let row = payoffs.row_strategy(Labels {
            support: x,
            best: y,
        })?;
        let column = payoffs.column_strategy(Labels {
            support: y,
            best: x,
        })?;
        payoffs
            .is_equilibrium(&row, &column)
            .then_some((row, column))
    };
    // Search the polytope of smaller dimension: it has fewer vertices.
    let pair_bytes = certified_pair_bytes(m, n);
    let fast = if m <= n {
        nondegenerate::equilibria(cp, cq, cap, budget, pair_bytes, pair)?
    } else {
        nondegenerate::equilibria(cq, cp, cap, budget, pair_bytes, |s, t| pair(t, s))?
    };
    let (exact_rows, exact_columns, pairs) = match fast {
        Some(found) => {
            let Some(found) = found.into_iter().collect::<Option<Vec<_>>>() else {
                return Ok(None);
            };
            let pairs = (0..found.len()).map(|k| (k, k)).collect();
            let (rows, columns) = found.into_iter().map(|(x, y)| (Some(x), Some(y))).unzip();
            (rows, columns, pairs)
        }
        None => match two_polytope_candidates(payoffs(), cp, cq, cap, budget)? {
            Some(certified) => certified,
            None => return Ok(None),
        },
    };
    let floats = |s: &[Option<Strategy>]| -> Vec<Option<Vec<f64>>> {
        s.iter().map(|s| s.as_ref().map(Strategy::to_f64)).collect()
    };
    let (row_floats, column_floats) = (floats(&exact_rows), floats(&exact_columns));
    if repeats(&exact_rows, &row_floats) || repeats(&exact_columns, &column_floats) {
        return Ok(None);
    }
    let arranged = arrange(
        &pairs,
        |r| row_floats[r].clone().unwrap_or_default(),
        |c| column_floats[c].clone().unwrap_or_default(),
    )?;
    Ok(Some(arranged))
}

/// The equilibria of the float two-polytope search, certified: the exact strategies of the
/// row and column vertices that occur in equilibria (`None` for the others) and the pairs;
/// `None` if a certificate fails.
fn two_polytope_candidates(
    payoffs: &certify::Payoffs,
    cp: &[Vec<f64>],
    cq: &[Vec<f64>],
    cap: usize,
    budget: &Budget,
) -> Result<Option<Certified>> {
    let (m, n) = (cq.len(), cp.len());
    let (vp, vq, pairs) = extreme_pairs(cp, cq, m, n, cap, budget)?;
    let pair_bytes = certified_pair_bytes(m, n);
    budget.charge(pairs.len().saturating_mul(pair_bytes), || {
        format!("to certify {} equilibria", pairs.len())
    })?;
    let labels = |v: &Vertex<f64>, d: usize| Labels {
        support: !v.zero & mask(d),
        best: v.zero >> d,
    };
    let used = |count: usize, side: fn(&(usize, usize)) -> usize| {
        let mut used = vec![false; count];
        pairs.iter().for_each(|p| used[side(p)] = true);
        used
    };
    let derive = |labels: Vec<Labels>, used: Vec<bool>, row: bool| -> Vec<Option<Strategy>> {
        labels
            .into_par_iter()
            .zip(used)
            .map(|(l, used)| {
                used.then(|| {
                    if row {
                        payoffs.row_strategy(l)
                    } else {
                        payoffs.column_strategy(l)
                    }
                })
                .flatten()
            })
            .collect()
    };
    let rows = derive(
        vp.iter().map(|v| labels(v, m)).collect(),
        used(vp.len(), |p| p.0),
        true,
    );
    let columns = derive(
        vq.iter().map(|v| labels(v, n)).collect(),
        used(vq.len(), |p| p.1),
        false,
    );
    let certified = pairs
        .par_iter()
        .all(|&(r, c)| match (&rows[r], &columns[c]) {
            (Some(x), Some(y)) => payoffs.is_equilibrium(x, y),
            _ => false,
        });
    interrupt::check()?;
    Ok(certified.then_some((rows, columns, pairs)))
}

/// Exact strategies of the row and column candidates (`None` where not needed) and the
/// equilibria as pairs of indices into them.
type Certified = (
    Vec<Option<Strategy>>,
    Vec<Option<Strategy>>,
    Vec<(usize, usize)>,
);

/// Whether two of the strategies are exactly the same (they round to the same floats).
fn repeats(exact: &[Option<Strategy>], floats: &[Option<Vec<f64>>]) -> bool {
    let mut order: Vec<usize> = (0..floats.len()).filter(|&i| floats[i].is_some()).collect();
    order.sort_by(|&i, &j| floats[i].partial_cmp(&floats[j]).unwrap_or(Ordering::Equal));
    order.windows(2).any(|w| {
        floats[w[0]] == floats[w[1]]
            && matches!((&exact[w[0]], &exact[w[1]]), (Some(x), Some(y)) if x.same(y))
    })
}

/// The error of a search that visited more than `max_bases` bases of a polytope.
fn cap_error(max_bases: usize) -> Error {
    Error::Solver(format!(
        "vertex enumeration visited more than {max_bases} bases of a best-response polytope \
         (the cap `max_vertices`); raise it, or reduce the game (e.g. by eliminating \
         dominated actions) first"
    ))
}

/// The positions of the set bits of `set`, in increasing order.
fn bits(mut set: u128) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (set != 0).then(|| {
            let i = set.trailing_zeros() as usize;
            set &= set - 1;
            i
        })
    })
}

/// The vertices of `P` and `Q` (without the origin) and the completely labelled pairs.
type Found<S> = (Vec<Vertex<S>>, Vec<Vertex<S>>, Vec<(usize, usize)>);

/// All ones in the low `width` bits.
fn mask(width: usize) -> u128 {
    if width >= 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    }
}

/// Enumerates both polytopes (in parallel) and matches their completely labelled vertices.
///
/// Labels: `0..m` the row player's actions, `m..m + n` the column player's. In `P`, variable
/// `i < m` (x_i = 0) is label `i` and slack `j` (column `j` a best response) label `m + j`; in
/// `Q`, variable `j < n` (y_j = 0) is label `m + j` and slack `i` label `i`.
fn extreme_pairs<S: Scalar>(
    cp: &[Vec<S>],
    cq: &[Vec<S>],
    m: usize,
    n: usize,
    cap: usize,
    budget: &Budget,
) -> Result<Found<S>> {
    let token = interrupt::current();
    let watch = progress::current();
    // Called from outside rayon's pool, `join` runs both closures on the pool's threads:
    // each carries the caller's token and progress counters.
    let carried = |c: &[Vec<S>], d: usize| {
        interrupt::within(token.as_ref(), || {
            progress::within(watch.as_ref(), || S::enumerate(c, d, cap, budget))
        })
    };
    let (vp, vq) = rayon::join(|| carried(cp, m), || carried(cq, n));
    let (mut vp, mut vq) = (vp?, vq?);
    vp.retain(|v| v.zero & mask(m) != mask(m));
    vq.retain(|v| v.zero & mask(n) != mask(n));
    interrupt::check()?;
    let full = mask(m + n);
    // The labels and postings: one label set and at most `m + n` entries per vertex of Q.
    budget.charge(vq.len().saturating_mul(16 + 8 * (m + n)), || {
        format!("to match {} by {} vertices", vp.len(), vq.len())
    })?;
    let q_labels: Vec<u128> = vq
        .iter()
        .map(|v| (v.zero >> n) | ((v.zero & mask(n)) << m))
        .collect();
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); m + n];
    for (q, &l) in q_labels.iter().enumerate() {
        for (label, list) in postings.iter_mut().enumerate() {
            if l & (1 << label) != 0 {
                list.push(q);
            }
        }
    }
    // The partners of each vertex of P among those of Q, through its rarest missing label.
    let (q_labels, postings) = (&q_labels, &postings);
    let partners = |v: &Vertex<S>| {
        let need = full & !v.zero;
        let rarest = (0..m + n)
            .filter(|&l| need & (1 << l) != 0)
            .min_by_key(|&l| postings[l].len());
        rarest
            .map(|l| postings[l].as_slice())
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(move |&q| q_labels[q] & need == need)
    };
    // Counted first, then collected into memory reserved for them.
    let total: usize = vp.par_iter().map(|v| partners(v).count()).sum();
    let doing = || format!("to hold {total} completely labelled vertex pairs");
    let bytes = total.saturating_mul(size_of::<(usize, usize)>());
    budget.charge(bytes, doing)?;
    let mut pairs = Vec::new();
    pairs
        .try_reserve_exact(total)
        .map_err(|_| budget.exceeded(bytes, &doing()))?;
    for (p, v) in vp.iter().enumerate() {
        pairs.extend(partners(v).map(|q| (p, q)));
    }
    interrupt::check()?;
    Ok((vp, vq, pairs))
}

/// Normalised strategies of the vertices that occur in equilibria, sorted in decreasing
/// lexicographic order, and the equilibria as sorted pairs of indices into them.
type Arranged<T> = (Vec<Vec<T>>, Vec<Vec<T>>, Vec<(usize, usize)>);

/// Numbers the strategies `row(p)` and `column(q)` of the `pairs` as [`Arranged`] describes.
fn arrange<T: PartialOrd + Clone>(
    pairs: &[(usize, usize)],
    row: impl Fn(usize) -> Vec<T>,
    column: impl Fn(usize) -> Vec<T>,
) -> Result<Arranged<T>> {
    let number = |used: Vec<usize>, strategy: &dyn Fn(usize) -> Vec<T>| {
        let mut strategies: Vec<(usize, Vec<T>)> =
            used.into_iter().map(|i| (i, strategy(i))).collect();
        strategies.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(Ordering::Equal));
        let index: HashMap<usize, usize> = strategies
            .iter()
            .enumerate()
            .map(|(k, (i, _))| (*i, k))
            .collect();
        let list: Vec<Vec<T>> = strategies.into_iter().map(|(_, s)| s).collect();
        (list, index)
    };
    let distinct = |side: fn(&(usize, usize)) -> usize| {
        let mut used: Vec<usize> = pairs.iter().map(side).collect();
        used.sort_unstable();
        used.dedup();
        used
    };
    let (rows, row_index) = number(distinct(|p| p.0), &row);
    let (columns, column_index) = number(distinct(|p| p.1), &column);
    let mut sorted: Vec<(usize, usize)> = pairs
        .iter()
        .map(|(p, q)| (row_index[p], column_index[q]))
        .collect();
    sorted.sort_unstable();
    interrupt::check()?;
    Ok((rows, columns, sorted))
}

/// Cliques and components, and the result.
fn finish(
    equilibria: Vec<Equilibrium>,
    exact: Option<Vec<ExactEquilibrium>>,
    pairs: Vec<(usize, usize)>,
    budget: &Budget,
) -> Result<AllEquilibria> {
    let rows = pairs.iter().map(|p| p.0 + 1).max().unwrap_or(0);
    let columns = pairs.iter().map(|p| p.1 + 1).max().unwrap_or(0);
    let index: HashMap<(usize, usize), usize> =
        pairs.iter().enumerate().map(|(k, &p)| (p, k)).collect();
    let (row_component, column_component, count) = cliques::components(rows, columns, &pairs);
    let mut components: Vec<Component> = (0..count)
        .map(|_| Component {
            row_vertices: Vec::new(),
            column_vertices: Vec::new(),
            equilibria: Vec::new(),
            cliques: Vec::new(),
        })
        .collect();
    for (r, &c) in row_component.iter().enumerate() {
        components[c].row_vertices.push(r);
    }
    for (q, &c) in column_component.iter().enumerate() {
        components[c].column_vertices.push(q);
    }
    for (k, &(r, _)) in pairs.iter().enumerate() {
        components[row_component[r]].equilibria.push(k);
    }
    for b in cliques::maximal_bicliques(rows, columns, &pairs, budget)? {
        let equilibria = b
            .rows
            .iter()
            .flat_map(|&r| b.columns.iter().map(move |&c| (r, c)))
            .map(|p| index[&p])
            .collect::<Vec<_>>();
        let c = row_component[b.rows[0]];
        let mut sorted = equilibria;
        sorted.sort_unstable();
        components[c].cliques.push(Clique {
            row_vertices: b.rows,
            column_vertices: b.columns,
            equilibria: sorted,
        });
    }
    for c in &mut components {
        c.cliques.sort_by(|a, b| a.equilibria.cmp(&b.equilibria));
    }
    Ok(AllEquilibria {
        equilibria,
        exact,
        vertex_pairs: pairs,
        components,
    })
}

/// The payoffs `u` (a row-major matrix with `c` columns) as integers
/// ([`integer_payoffs`]), row by row.
fn integer_matrix(u: Vec<BigRational>, c: usize) -> Vec<Vec<BigInt>> {
    integer_payoffs(u)
        .chunks(c)
        .map(<[BigInt]>::to_vec)
        .collect()
}

/// The payoffs `u` (a row-major matrix with `c` columns), all within `range`, mapped into
/// `[1, 2]` ([`normalisation`]), row by row.
fn float_matrix(u: &[f64], c: usize, range: (f64, f64)) -> Vec<Vec<f64>> {
    let normalised = normalisation(range);
    u.chunks(c)
        .map(|row| row.iter().map(|&v| normalised(v)).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    #[test]
    fn degenerate_games_fall_back_and_stay_complete() {
        // Top weakly dominates Bottom and Left weakly dominates Right: every vertex of P and
        // Q at a pure strategy is degenerate, and the equilibria form two segments.
        let a = array![[1.0, 1.0], [1.0, 0.0]];
        let g = Game::from_bimatrix(a.view(), a.view()).unwrap();
        let data = g.payoff_slice();
        let payoffs = |p: usize| (0..4).map(|k| data[2 * k + p]).collect::<Vec<f64>>();
        let (a, b) = (payoffs(0), payoffs(1));
        let bt = vec![b[0], b[2], b[1], b[3]];
        let [range_a, range_b] = payoff_ranges(data);
        let (cp, cq) = (float_matrix(&bt, 2, range_b), float_matrix(&a, 2, range_a));
        let pair = |s, t| (s, t);
        let budget = Budget::new(1 << 30);
        assert_eq!(
            nondegenerate::equilibria(&cp, &cq, 100, &budget, 0, pair).unwrap(),
            None
        );
        let float = |options| enumerate_all(&g, options).unwrap();
        let (fast, exact) = (
            float(EnumerateOptions {
                exact: false,
                ..EnumerateOptions::default()
            }),
            float(EnumerateOptions::default()),
        );
        assert_eq!(fast.equilibria.len(), 3);
        assert_eq!(fast.vertex_pairs, exact.vertex_pairs);
        assert_eq!(fast.components, exact.components);
        for (f, e) in fast.equilibria.iter().zip(&exact.equilibria) {
            assert_eq!(f.strategies, e.strategies);
        }
    }
}
