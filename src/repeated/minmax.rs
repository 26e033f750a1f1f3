//! Minmax values of a stage game: pure, mixed (independent punishers) and correlated
//! (punishers correlate), with the punishing profiles.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use ndarray::{Array2, ArrayD, IxDyn};
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

use super::RepeatedGame;
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::report::{Cell, Labels, Report, Table, Validate};
use crate::solve;

/// Which minmax value: what the other players can hold a player to.
///
/// # Example
/// ```
/// use detente::repeated::MinmaxKind;
///
/// assert_eq!(MinmaxKind::parse("correlated")?, MinmaxKind::Correlated);
/// assert_eq!(MinmaxKind::Mixed.name(), "mixed");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinmaxKind {
    /// The punishers play pure actions: `min_{a_-i} max_{a_i} u_i`.
    Pure,
    /// The punishers mix independently: `min_{σ_-i ∈ Π Δ(A_j)} max_{a_i} u_i(a_i, σ_-i)`.
    Mixed,
    /// The punishers play a joint (correlated) distribution over their profiles.
    Correlated,
}

impl MinmaxKind {
    /// `"pure"`, `"mixed"` or `"correlated"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pure => "pure",
            Self::Mixed => "mixed",
            Self::Correlated => "correlated",
        }
    }

    /// Reads `"pure"`, `"mixed"` or `"correlated"`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for another word.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "pure" => Ok(Self::Pure),
            "mixed" => Ok(Self::Mixed),
            "correlated" => Ok(Self::Correlated),
            other => Err(Error::InvalidArgument(format!(
                "kind: {other:?} is not a minmax kind; give \"pure\", \"mixed\" or \"correlated\""
            ))),
        }
    }
}

/// Every player's minmax value and the profile that holds it there.
///
/// `strategies[i]` is the punishing profile against player `i`: the other players'
/// strategies (for [`MinmaxKind::Correlated`], the marginals of `joint[i]`) and `i`'s best
/// reply (a pure action). `values[i]` is `i`'s best payoff against the punishers, computed
/// from the game (exactly in `values_exact` when the game's payoffs are exact).
///
/// For [`MinmaxKind::Mixed`] with three or more players the value is bracketed:
/// `lower_bounds[i] <= minmax_i <= values[i]`, where `values[i]` is attained by the returned
/// punishers and the bracket is narrower than the requested tolerance (see
/// [`RepeatedGame::minmax`]). Otherwise `lower_bounds == values`.
///
/// # Example
/// ```
/// use detente::repeated::{MinmaxKind, RepeatedGame};
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let m = RepeatedGame::new(pd, 0.9)?.minmax(MinmaxKind::Mixed)?;
/// assert_eq!(m.values, vec![1.0, 1.0]);
/// assert_eq!(m.strategies[0][1], vec![0.0, 1.0]); // the column player defects
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Minmax {
    /// `"pure"`, `"mixed"` or `"correlated"`.
    pub kind: String,
    /// Each player's minmax value (for mixed with 3+ players, the value the returned
    /// punishers attain, an upper bound within tolerance of the minmax).
    pub values: Vec<f64>,
    /// Certified lower bounds (equal to `values` except for mixed with 3+ players).
    pub lower_bounds: Vec<f64>,
    /// The same values exactly, when the game's payoffs are exact.
    pub values_exact: Option<Vec<BigRational>>,
    /// Per punished player `i`, a profile: the punishers' strategies and `i`'s best reply.
    pub strategies: Vec<Vec<Vec<f64>>>,
    /// The same profiles exactly (rational probabilities), when the game is exact.
    pub strategies_exact: Option<Vec<Vec<Vec<BigRational>>>>,
    /// For [`MinmaxKind::Correlated`]: per punished player, the punishers' joint distribution
    /// over their pure profiles (C order, players in order, `i` left out).
    pub joint: Option<Vec<Vec<f64>>>,
    /// How each value was found: `"enumeration"`, `"zero_sum_exact"`, `"zero_sum"`,
    /// `"branch_and_bound"`.
    pub method: Vec<String>,
}

/// Regions explored by the branch and bound of [`MinmaxKind::Mixed`] with 3+ players before
/// it returns its bracket.
pub const MAX_REGIONS: usize = 400_000;

/// Relative tolerance of that branch and bound: `values − lower_bounds <= TOL · range`.
pub const MINMAX_TOL: f64 = 1e-9;

/// The largest number of punisher profiles of one exact zero-sum minmax LP; larger games use
/// floats.
const MAX_EXACT_COLUMNS: usize = 4096;

/// The largest matrix of a float game solved exactly (rational pivoting on the floats'
/// binary values).
const MAX_EXACT_FLOAT: usize = 400;

/// The largest number of pure profiles handled.
const MAX_PROFILES: usize = 1 << 22;

impl RepeatedGame {
    /// Every player's minmax value of the stage game and the punishing profiles.
    ///
    /// * [`MinmaxKind::Pure`]: enumeration of the punishers' pure profiles, exact.
    /// * [`MinmaxKind::Correlated`] (and [`MinmaxKind::Mixed`] with 2 players, where they
    ///   coincide): the value of the zero-sum game in which player `i` maximises `u_i` over
    ///   its actions and the punishers, as one player, minimise it over their joint profiles —
    ///   a linear program. Solved exactly by Lemke-Howson in rational arithmetic when the
    ///   stage game is exact and has at most 4096 punisher profiles (the value is certified
    ///   exactly: `max_a (A y)_a = min_b (x A)_b`); otherwise by [`solve::zero_sum`] in floats.
    /// * [`MinmaxKind::Mixed`] with 3 or more players: `min over Π Δ(A_j)` of
    ///   `max_a u_i(a, σ_-i)` is not convex. It is solved by a best-first branch and bound over
    ///   products of simplices: a region is a product of one sub-simplex per punisher; on it
    ///   each `u_i(a, ·)` is multilinear, so its minimum is at a vertex combination, which
    ///   gives the lower bound `max_a min_vertices u_i(a, ·)` (valid, and within
    ///   `O(diameter)` of the region's true minimum); the upper bound is the value at the
    ///   best vertex or centroid seen. Regions are bisected on the longest edge of the
    ///   punisher whose simplex moves the bound most, until the best upper bound minus the
    ///   least open lower bound is at most `1e-9 ×` the payoff range, or [`MAX_REGIONS`]
    ///   regions have been explored (then the bracket is wider; it stays valid). Lower bounds
    ///   are made rigorous by subtracting a bound on the floating-point error. The returned
    ///   punishers attain `values[i]` (recomputed exactly from rational strategies).
    ///   Cost: each region costs `O(|A_i| · Π|A_j| · #vertex combinations)`; the number of
    ///   regions grows like `log(1/tol)` near an isolated kink and like `(1/tol)^k` along a
    ///   `k`-dimensional set of minimisers, so it is meant for small games (2-4 actions).
    ///   The correlated minmax (exact when the game is) bounds it from below: when its
    ///   punishing distribution is a product of its marginals the mixed minmax equals it
    ///   exactly (method `"correlated_product"`), and when the returned punishers attain it the
    ///   value is certified exactly (`lower_bounds == values`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the game has more than 2²² pure profiles;
    /// [`Error::Solver`] if the float LP fails; [`Error::Interrupted`] if stopped.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{MinmaxKind, RepeatedGame};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// // Matching pennies: pure minmax 1, mixed minmax 0.
    /// let g = Game::from_bimatrix(array![[1.0, -1.0], [-1.0, 1.0]].view(),
    ///                             array![[-1.0, 1.0], [1.0, -1.0]].view())?;
    /// let rg = RepeatedGame::new(g, 0.5)?;
    /// assert_eq!(rg.minmax(MinmaxKind::Pure)?.values, vec![1.0, 1.0]);
    /// assert_eq!(rg.minmax(MinmaxKind::Mixed)?.values, vec![0.0, 0.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn minmax(&self, kind: MinmaxKind) -> Result<Minmax> {
        minmax(self.stage(), kind)
    }
}

/// [`RepeatedGame::minmax`] of a stage game.
pub(crate) fn minmax(game: &Game, kind: MinmaxKind) -> Result<Minmax> {
    if game.num_profiles() > MAX_PROFILES {
        return Err(Error::InvalidArgument(format!(
            "minmax: the stage game has {} pure profiles, more than the {MAX_PROFILES} detente handles",
            game.num_profiles()
        )));
    }
    let n = game.num_players();
    let exact = game.is_exact();
    let mut out = Minmax {
        kind: kind.name().into(),
        values: Vec::with_capacity(n),
        lower_bounds: Vec::with_capacity(n),
        values_exact: exact.then(Vec::new),
        strategies: Vec::with_capacity(n),
        strategies_exact: exact.then(Vec::new),
        joint: (kind == MinmaxKind::Correlated).then(Vec::new),
        method: Vec::with_capacity(n),
    };
    for i in 0..n {
        interrupt::check()?;
        let one = match kind {
            MinmaxKind::Pure => pure(game, i),
            MinmaxKind::Correlated => correlated(game, i)?,
            MinmaxKind::Mixed if n <= 2 => correlated(game, i)?,
            MinmaxKind::Mixed => branch_and_bound(game, i)?,
        };
        out.values.push(one.value.to_f64().unwrap_or(f64::NAN));
        out.lower_bounds.push(
            one.lower
                .unwrap_or_else(|| one.value.to_f64().unwrap_or(f64::NAN)),
        );
        let floats: Vec<Vec<f64>> = one
            .profile
            .iter()
            .map(|s| s.iter().map(|p| p.to_f64().unwrap_or(f64::NAN)).collect())
            .collect();
        out.strategies.push(floats);
        if let Some(v) = &mut out.values_exact {
            v.push(one.value.clone());
        }
        if let Some(s) = &mut out.strategies_exact {
            s.push(one.profile.clone());
        }
        if let (Some(j), Some(joint)) = (&mut out.joint, one.joint) {
            j.push(
                joint
                    .iter()
                    .map(|p| p.to_f64().unwrap_or(f64::NAN))
                    .collect(),
            );
        }
        out.method.push(one.method.into());
    }
    Ok(out)
}

/// One player's minmax.
struct PlayerMinmax {
    value: BigRational,
    lower: Option<f64>,
    profile: Vec<Vec<BigRational>>,
    joint: Option<Vec<BigRational>>,
    method: &'static str,
}

/// `A[a][c]`: player `i`'s exact payoff at its action `a` and the punishers' joint profile
/// `c` (C order over the other players).
fn punished_matrix(game: &Game, i: usize) -> (Vec<Vec<BigRational>>, Vec<usize>) {
    let shape = game.shape();
    let n = game.num_players();
    let others: Vec<usize> = (0..n).filter(|&j| j != i).map(|j| shape[j]).collect();
    let cols: usize = others.iter().product();
    let strides = game.profile_strides();
    let mut a = vec![vec![BigRational::zero(); cols]; shape[i]];
    for (c, column) in (0..cols).enumerate() {
        // Decode c into the others' actions.
        let mut rest = column;
        let mut base = 0;
        for j in (0..n).rev() {
            if j == i {
                continue;
            }
            let k = shape[j];
            base += (rest % k) * strides[j];
            rest /= k;
        }
        for (ai, row) in a.iter_mut().enumerate() {
            row[c] = game.exact_payoff((base + ai * strides[i]) * n + i);
        }
    }
    (a, others)
}

/// The marginals of a joint distribution over the punishers' profiles, and the punished
/// player's pure best reply, as one profile of the game.
fn profile_from_joint(
    game: &Game,
    i: usize,
    others: &[usize],
    joint: &[BigRational],
    reply: usize,
) -> Vec<Vec<BigRational>> {
    let n = game.num_players();
    let marg = marginals(joint, others);
    let mut profile = Vec::with_capacity(n);
    let mut it = marg.into_iter();
    for j in 0..n {
        if j == i {
            let mut s = vec![BigRational::zero(); game.shape()[i]];
            s[reply] = BigRational::one();
            profile.push(s);
        } else {
            profile.push(it.next().expect("one marginal per punisher"));
        }
    }
    profile
}

/// The marginals of a joint distribution over the punishers' profiles (C order over
/// `counts`, their numbers of actions).
fn marginals(joint: &[BigRational], counts: &[usize]) -> Vec<Vec<BigRational>> {
    let mut marg: Vec<Vec<BigRational>> = counts
        .iter()
        .map(|&k| vec![BigRational::zero(); k])
        .collect();
    for (c, p) in joint.iter().enumerate() {
        let mut rest = c;
        for (t, &k) in counts.iter().enumerate().rev() {
            marg[t][rest % k] += p;
            rest /= k;
        }
    }
    marg
}

/// Whether a joint distribution over the punishers' profiles (C order over `counts`) is the
/// product of its marginals.
fn is_product(joint: &[BigRational], counts: &[usize]) -> bool {
    let marg = marginals(joint, counts);
    joint.iter().enumerate().all(|(c, p)| {
        let mut rest = c;
        let mut q = BigRational::one();
        for (t, &k) in counts.iter().enumerate().rev() {
            q *= &marg[t][rest % k];
            rest /= k;
        }
        q == *p
    })
}

/// The best reply (first on ties) and its value against a joint distribution.
fn best_reply(a: &[Vec<BigRational>], joint: &[BigRational]) -> (usize, BigRational) {
    let mut best = (0, None::<BigRational>);
    for (r, row) in a.iter().enumerate() {
        let v: BigRational = row.iter().zip(joint).map(|(x, p)| x * p).sum();
        if best.1.as_ref().is_none_or(|b| v > *b) {
            best = (r, Some(v));
        }
    }
    (best.0, best.1.expect("an action"))
}

fn pure(game: &Game, i: usize) -> PlayerMinmax {
    let (a, others) = punished_matrix(game, i);
    let cols = a[0].len();
    let mut best: Option<(BigRational, usize)> = None;
    for c in 0..cols {
        let v = a
            .iter()
            .map(|row| &row[c])
            .max()
            .expect("an action")
            .clone();
        if best.as_ref().is_none_or(|(b, _)| v < *b) {
            best = Some((v, c));
        }
    }
    let (value, c) = best.expect("a profile");
    let mut joint = vec![BigRational::zero(); cols];
    joint[c] = BigRational::one();
    let (reply, _) = best_reply(&a, &joint);
    PlayerMinmax {
        value,
        lower: None,
        profile: profile_from_joint(game, i, &others, &joint, reply),
        joint: Some(joint),
        method: "enumeration",
    }
}

/// The zero-sum LP: exactly by Lemke-Howson when small and exact, else in floats.
fn correlated(game: &Game, i: usize) -> Result<PlayerMinmax> {
    let (a, others) = punished_matrix(game, i);
    let (rows, cols) = (a.len(), a[0].len());
    // Float games are solved exactly too (their payoffs' binary values) when small, so that
    // values like 0 come out as 0.
    let small = if game.is_exact() {
        cols <= MAX_EXACT_COLUMNS
    } else {
        rows * cols <= MAX_EXACT_FLOAT
    };
    if small {
        let tensor = ArrayD::from_shape_fn(IxDyn(&[rows, cols, 2]), |ix| {
            let v = &a[ix[0]][ix[1]];
            if ix[2] == 0 { v.clone() } else { -v.clone() }
        });
        let zs = Game::new_exact(tensor)?;
        if let Ok([x, y]) = solve::lemke_howson_exact(
            &zs,
            0,
            solve::LemkeHowsonOptions::default_max_pivots(rows, cols),
        ) {
            // Certificate: max_r (A y)_r == min_c (x A)_c.
            let (reply, cap) = best_reply(&a, &y);
            let guarantee = (0..cols)
                .map(|c| (0..rows).map(|r| &x[r] * &a[r][c]).sum::<BigRational>())
                .min()
                .expect("a column");
            if cap == guarantee {
                return Ok(PlayerMinmax {
                    value: cap,
                    lower: None,
                    profile: profile_from_joint(game, i, &others, &y, reply),
                    joint: Some(y),
                    method: "zero_sum_exact",
                });
            }
        }
    }
    let matrix = Array2::from_shape_fn((rows, cols), |(r, c)| a[r][c].to_f64().unwrap_or(f64::NAN));
    let s = solve::zero_sum_matrix(matrix.view())?;
    let y: Vec<BigRational> = exact_distribution(&s.equilibrium.strategies[1]);
    let (reply, value) = best_reply(&a, &y);
    Ok(PlayerMinmax {
        value,
        lower: None,
        profile: profile_from_joint(game, i, &others, &y, reply),
        joint: Some(y),
        method: "zero_sum",
    })
}

/// A float probability vector as exact rationals summing exactly to 1 (each float's binary
/// value, divided by their sum).
fn exact_distribution(p: &[f64]) -> Vec<BigRational> {
    let exact: Vec<BigRational> = p
        .iter()
        .map(|&x| BigRational::from_float(x.max(0.0)).unwrap_or_else(BigRational::zero))
        .collect();
    let total: BigRational = exact.iter().sum();
    if total.is_zero() {
        let k = BigRational::from_integer(p.len().into());
        return vec![BigRational::one() / k; p.len()];
    }
    exact.into_iter().map(|x| x / &total).collect()
}

/// A region of the branch and bound: one sub-simplex per punisher, as vertex lists.
#[derive(Clone)]
struct Region {
    simplices: Vec<Vec<Vec<f64>>>,
    lower: f64,
}

impl PartialEq for Region {
    fn eq(&self, other: &Self) -> bool {
        self.lower == other.lower
    }
}
impl Eq for Region {}
impl PartialOrd for Region {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Region {
    // A max-heap on -lower: the least lower bound first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.lower.total_cmp(&self.lower)
    }
}

/// The punished player's payoff for each action against independent strategies `sigma`
/// (one per punisher, in order): `A x (⊗ sigma)`.
fn action_values(a: &[Vec<f64>], others: &[usize], sigma: &[&[f64]]) -> Vec<f64> {
    let cols = a[0].len();
    let mut weights = vec![0.0; cols];
    for (c, w) in weights.iter_mut().enumerate() {
        let mut rest = c;
        let mut p = 1.0;
        for (t, &k) in others.iter().enumerate().rev() {
            p *= sigma[t][rest % k];
            rest /= k;
        }
        *w = p;
    }
    a.iter()
        .map(|row| row.iter().zip(&weights).map(|(x, w)| x * w).sum())
        .collect()
}

fn max_of(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// Every combination of one vertex per punisher's simplex.
fn combinations(simplices: &[Vec<Vec<f64>>]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for s in simplices {
        out = out
            .into_iter()
            .flat_map(|c: Vec<usize>| {
                (0..s.len()).map(move |v| {
                    let mut c = c.clone();
                    c.push(v);
                    c
                })
            })
            .collect();
    }
    out
}

/// Mixed minmax with 3+ players by branch and bound (see [`RepeatedGame::minmax`]).
fn branch_and_bound(game: &Game, i: usize) -> Result<PlayerMinmax> {
    // Independent punishers can do no better than correlated ones: the correlated minmax is a
    // lower bound, and it is the mixed minmax when its punishing distribution is a product of
    // its marginals (then independent mixing attains it).
    let corr = correlated(game, i)?;
    let (exact_a, others) = punished_matrix(game, i);
    let exact_floor = corr.method == "zero_sum_exact";
    if let Some(joint) = corr.joint.as_deref()
        && exact_floor
        && is_product(joint, &others)
    {
        return Ok(PlayerMinmax {
            joint: None,
            method: "correlated_product",
            ..corr
        });
    }
    let floor = corr.value.to_f64().unwrap_or(f64::NEG_INFINITY);
    let a: Vec<Vec<f64>> = exact_a
        .iter()
        .map(|row| row.iter().map(|x| x.to_f64().unwrap_or(f64::NAN)).collect())
        .collect();
    let hi = a
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let lo = a.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    let scale = hi.abs().max(lo.abs());
    let range = hi - lo;
    let tol = MINMAX_TOL * range.max(f64::MIN_POSITIVE);
    // Rounding: each value is a sum of `cols` products of at most `others.len()` factors in
    // [0, 1] with a payoff; the error is below (cols + punishers + 2) · ε · scale, doubled.
    let cols = a[0].len();
    let margin = 2.0 * (cols + others.len() + 2) as f64 * f64::EPSILON * scale;
    // The correlated value as a lower bound: exact, or the float LP's within its tolerance.
    let floor = if exact_floor { floor } else { floor - tol };
    let simplex = |k: usize| -> Vec<Vec<f64>> {
        (0..k)
            .map(|v| (0..k).map(|w| f64::from(u8::from(v == w))).collect())
            .collect()
    };
    let root: Vec<Vec<Vec<f64>>> = others.iter().map(|&k| simplex(k)).collect();
    let mut best_value = f64::INFINITY;
    let mut best_point: Vec<Vec<f64>> = Vec::new();
    // Evaluates a region: its lower bound, and updates the incumbent with its vertices and
    // centroid.
    let evaluate = |simplices: &[Vec<Vec<f64>>],
                    best_value: &mut f64,
                    best_point: &mut Vec<Vec<f64>>|
     -> f64 {
        let mut mins = vec![f64::INFINITY; a.len()];
        for combo in combinations(simplices) {
            let sigma: Vec<&[f64]> = combo
                .iter()
                .enumerate()
                .map(|(t, &v)| simplices[t][v].as_slice())
                .collect();
            let vals = action_values(&a, &others, &sigma);
            for (m, v) in mins.iter_mut().zip(&vals) {
                *m = m.min(*v);
            }
            let f = max_of(&vals);
            if f < *best_value {
                *best_value = f;
                *best_point = sigma.iter().map(|s| s.to_vec()).collect();
            }
        }
        let centroid: Vec<Vec<f64>> = simplices
            .iter()
            .map(|s| {
                let k = s.len() as f64;
                (0..s[0].len())
                    .map(|c| s.iter().map(|v| v[c]).sum::<f64>() / k)
                    .collect()
            })
            .collect();
        let sigma: Vec<&[f64]> = centroid.iter().map(Vec::as_slice).collect();
        let f = max_of(&action_values(&a, &others, &sigma));
        if f < *best_value {
            *best_value = f;
            *best_point = centroid;
        }
        max_of(&mins)
    };
    let lower = evaluate(&root, &mut best_value, &mut best_point);
    let mut heap = BinaryHeap::new();
    heap.push(Region {
        simplices: root,
        lower,
    });
    let mut closed_lower = f64::INFINITY; // least lower bound of regions pruned
    let mut explored = 0usize;
    while let Some(region) = heap.peek() {
        if best_value - region.lower.max(floor) <= tol || explored >= MAX_REGIONS {
            break;
        }
        let region = heap.pop().expect("peeked");
        explored += 1;
        if explored.is_multiple_of(1024) {
            interrupt::check()?;
        }
        // Split the punisher whose vertices move the best action value most, on its longest
        // edge.
        let t = split_choice(&a, &others, &region.simplices);
        let s = &region.simplices[t];
        let (mut e0, mut e1, mut len) = (0, 0, -1.0);
        for v in 0..s.len() {
            for w in v + 1..s.len() {
                let d: f64 = s[v].iter().zip(&s[w]).map(|(x, y)| (x - y).abs()).sum();
                if d > len {
                    (e0, e1, len) = (v, w, d);
                }
            }
        }
        if len <= 0.0 {
            closed_lower = closed_lower.min(region.lower);
            continue;
        }
        let mid: Vec<f64> = s[e0]
            .iter()
            .zip(&s[e1])
            .map(|(x, y)| (x + y) / 2.0)
            .collect();
        for replace in [e0, e1] {
            let mut simplices = region.simplices.clone();
            simplices[t][replace] = mid.clone();
            let lower = evaluate(&simplices, &mut best_value, &mut best_point).max(region.lower);
            if lower < best_value - tol {
                heap.push(Region { simplices, lower });
            } else {
                closed_lower = closed_lower.min(lower);
            }
        }
    }
    let open_lower = heap.peek().map_or(f64::INFINITY, |r| r.lower);
    let certified = (open_lower.min(closed_lower).min(best_value) - margin).max(floor);
    // The incumbent as exact strategies, and its exact value.
    let sigma: Vec<Vec<BigRational>> = best_point.iter().map(|s| exact_distribution(s)).collect();
    let cols_exact = exact_a[0].len();
    let mut joint = vec![BigRational::one(); cols_exact];
    for (c, w) in joint.iter_mut().enumerate() {
        let mut rest = c;
        for (t, &k) in others.iter().enumerate().rev() {
            *w *= &sigma[t][rest % k];
            rest /= k;
        }
    }
    let (reply, value) = best_reply(&exact_a, &joint);
    let mut profile = Vec::with_capacity(game.num_players());
    let mut it = sigma.into_iter();
    for j in 0..game.num_players() {
        if j == i {
            let mut s = vec![BigRational::zero(); game.shape()[i]];
            s[reply] = BigRational::one();
            profile.push(s);
        } else {
            profile.push(it.next().expect("one strategy per punisher"));
        }
    }
    let value_f = value.to_f64().unwrap_or(f64::NAN);
    // Attaining the exact correlated value certifies the mixed minmax exactly.
    let lower = (!(exact_floor && value == corr.value)).then(|| certified.min(value_f));
    Ok(PlayerMinmax {
        value,
        lower,
        profile,
        joint: None,
        method: "branch_and_bound",
    })
}

/// The punisher whose vertices spread the best action value most (ties: the largest
/// simplex).
fn split_choice(a: &[Vec<f64>], others: &[usize], simplices: &[Vec<Vec<f64>>]) -> usize {
    let centroid: Vec<Vec<f64>> = simplices
        .iter()
        .map(|s| {
            let k = s.len() as f64;
            (0..s[0].len())
                .map(|c| s.iter().map(|v| v[c]).sum::<f64>() / k)
                .collect()
        })
        .collect();
    let mut best = (0, -1.0, -1.0);
    for t in 0..simplices.len() {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for v in &simplices[t] {
            let sigma: Vec<&[f64]> = (0..simplices.len())
                .map(|u| {
                    if u == t {
                        v.as_slice()
                    } else {
                        centroid[u].as_slice()
                    }
                })
                .collect();
            let vals = action_values(a, others, &sigma);
            // The spread of every action's value: a flat direction moves none.
            for x in vals {
                lo = lo.min(x);
                hi = hi.max(x);
            }
        }
        let s = &simplices[t];
        let mut diam: f64 = 0.0;
        for v in 0..s.len() {
            for w in v + 1..s.len() {
                diam = diam.max(s[v].iter().zip(&s[w]).map(|(x, y)| (x - y).abs()).sum());
            }
        }
        let spread = if diam > 0.0 { hi - lo } else { -1.0 };
        if spread > best.1 || (spread == best.1 && diam > best.2) {
            best = (t, spread, diam);
        }
    }
    best.0
}

impl Report for Minmax {
    fn summary(&self, labels: &Labels) -> String {
        let values: Vec<String> = self
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let exact = self
                    .values_exact
                    .as_ref()
                    .map(|e| crate::format::rational(&e[i]));
                let text = match exact {
                    Some(e) if self.lower_bounds[i] == *v => e,
                    Some(e) => format!("{e} (≥ {})", crate::format::number(self.lower_bounds[i])),
                    None => crate::format::number(*v),
                };
                format!("{} {text}", labels.player(i))
            })
            .collect();
        format!("{} minmax: {}", self.kind, values.join(", "))
    }

    fn table(&self, labels: &Labels) -> Table {
        let mut t = Table::new([
            "punished",
            "player",
            "action",
            "probability",
            "probability_exact",
            "value",
            "value_exact",
            "lower_bound",
        ]);
        for (i, profile) in self.strategies.iter().enumerate() {
            for (j, s) in profile.iter().enumerate() {
                for (k, &p) in s.iter().enumerate() {
                    t.push(vec![
                        labels.player(i).into(),
                        labels.player(j).into(),
                        labels.action(j, k).into(),
                        p.into(),
                        self.strategies_exact
                            .as_ref()
                            .map_or(Cell::Missing, |e| Cell::Exact(e[i][j][k].clone())),
                        self.values[i].into(),
                        self.values_exact
                            .as_ref()
                            .map_or(Cell::Missing, |e| Cell::Exact(e[i].clone())),
                        self.lower_bounds[i].into(),
                    ]);
                }
            }
        }
        t.without_empty_columns()
    }
}

impl Validate for Minmax {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        let n = labels.players.len();
        let bad = |m: String| Err(Error::Json(m));
        if self.values.len() != n
            || self.lower_bounds.len() != n
            || self.strategies.len() != n
            || self.method.len() != n
        {
            return bad(format!(
                "values/strategies must have one entry per player ({n})"
            ));
        }
        crate::report::check_finite("values", &self.values)?;
        crate::report::check_finite("lower_bounds", &self.lower_bounds)?;
        for (i, p) in self.strategies.iter().enumerate() {
            crate::report::check_profile(&format!("strategies[{i}]"), p, labels)?;
        }
        if self.values_exact.as_ref().is_some_and(|v| v.len() != n) {
            return bad("values_exact must have one entry per player".into());
        }
        if let Some(s) = &self.strategies_exact {
            let shape = labels.shape();
            if s.len() != n
                || s.iter()
                    .any(|p| p.len() != n || p.iter().zip(&shape).any(|(x, &k)| x.len() != k))
            {
                return bad("strategies_exact does not fit the game".into());
            }
        }
        MinmaxKind::parse(&self.kind).map_err(|e| Error::Json(format!("kind: {e}")))?;
        Ok(())
    }
}
