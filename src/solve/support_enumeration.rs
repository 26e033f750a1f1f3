//! Support enumeration for small games with any number of players (Porter, Nudelman &
//! Shoham 2008): for every support profile, solve the indifference equations.

use rayon::prelude::*;

use super::indifference::{Multilinear, solve_on_support};
use super::{Equilibrium, check_tolerance};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::rng::SplitMix64;

/// Method name recorded in the results.
const METHOD: &str = "support_enumeration";
/// Two equilibria closer than this (max difference of probabilities) are the same.
const DUPLICATE: f64 = 1e-7;

/// Options of [`support_enumeration`].
///
/// # Example
/// ```
/// use detente::solve::SupportEnumerationOptions;
///
/// let o = SupportEnumerationOptions { starts: 20, ..Default::default() };
/// assert_eq!(o.max_profiles, 1_000_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupportEnumerationOptions {
    /// Refuse games with more support profiles `Π (2^{n_i} − 1)` than this.
    pub max_profiles: usize,
    /// Newton starts per support profile for 3 or more players (the first is the uniform
    /// profile on the support, the others random); 2-player systems are linear and use one.
    pub starts: usize,
    /// Seed of the random starts (results do not depend on the number of threads).
    pub seed: u64,
}

impl Default for SupportEnumerationOptions {
    fn default() -> Self {
        Self {
            max_profiles: 1_000_000,
            starts: 8,
            seed: 0,
        }
    }
}

/// Equilibria of a small game by enumerating support profiles and solving, for each, the
/// equations "every action in a player's support pays the same, probabilities sum to 1" by
/// Newton's method (least-squares steps by SVD, nalgebra).
///
/// Support profiles are visited by increasing total size, then increasing imbalance (Porter,
/// Nudelman & Shoham's order), then by the tuple of support sizes; they are generated one
/// batch at a time, so memory does not grow with `max_profiles`. Each solution is clipped to
/// non-negative probabilities and kept only if its regret, recomputed from the game, is at
/// most `tol`; duplicates (within `1e-7`) are dropped.
///
/// **Guarantees.** For 2 players the system of a support profile is linear, so every
/// equilibrium of a nondegenerate game is found. For 3 or more players the systems are
/// polynomial and Newton may miss solutions: the result holds the isolated equilibria the
/// Newton solves from `options.starts` starts reach — not a completeness guarantee. In a
/// degenerate game with a continuum of equilibria one point per support profile is reported.
///
/// # Arguments
/// * `game` – a small finite game.
/// * `tol` – largest regret accepted (payoff units, `>= 0`), e.g. `1e-9`.
/// * `options` – `max_profiles`, `starts`, `seed`.
///
/// # Returns
/// The certified equilibria found, method `"support_enumeration"`, in the visiting order.
///
/// # Errors
/// [`Error::Solver`] if the game has more than `options.max_profiles` support profiles;
/// [`Error::InvalidArgument`] for a negative `tol` or `starts = 0`; [`Error::InvalidGame`]
/// for payoffs too large to add ([`Game::check_payoff_scale`]); [`Error::Interrupted`].
///
/// # Complexity
/// `Π (2^{n_i} − 1)` support profiles, each a few Newton solves of size up to `Σ n_i` with one
/// `O(P · N²)` evaluation per iteration; exponential in the number of actions.
///
/// # References
/// Porter, Nudelman & Shoham (2008), "Simple search methods for finding a Nash equilibrium",
/// GEB 63.
///
/// # Example
/// ```
/// use detente::solve::{self, SupportEnumerationOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// // Battle of the sexes: two pure equilibria and one mixed.
/// let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
///                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
/// let eqs = solve::support_enumeration(&g, 1e-9, SupportEnumerationOptions::default())?;
/// assert_eq!(eqs.len(), 3);
/// assert!((eqs[2].strategies[0][0] - 2.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn support_enumeration(
    game: &Game,
    tol: f64,
    options: SupportEnumerationOptions,
) -> Result<Vec<Equilibrium>> {
    check_tolerance(tol)?;
    if options.starts == 0 {
        return Err(Error::InvalidArgument("starts must be at least 1".into()));
    }
    count_support_profiles(game.shape(), options.max_profiles)?;
    game.check_payoff_scale("support enumeration")?;
    let ml = Multilinear::new(game);
    let starts = if ml.n <= 2 { 1 } else { options.starts };
    let token = interrupt::current();
    // Support profiles are generated and solved a batch at a time, so memory does not grow
    // with their number (which `max_profiles` lets the caller raise at will).
    let mut profiles = SupportProfiles::new(game.shape());
    let mut kept: Vec<Vec<f64>> = Vec::new();
    let mut index = 0usize;
    loop {
        interrupt::check()?;
        let batch: Vec<Vec<u64>> = profiles.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let first = index;
        index += batch.len();
        let found: Vec<Vec<Vec<f64>>> = batch
            .par_iter()
            .enumerate()
            .map(|(k, masks)| {
                interrupt::within(token.as_ref(), interrupt::check)?;
                solve_support(game, &ml, masks, starts, options.seed, first + k, tol)
            })
            .collect::<Result<_>>()?;
        for x in found.into_iter().flatten() {
            if !kept.iter().any(|y| same(y, &x)) {
                kept.push(x);
            }
        }
    }
    kept.iter()
        .map(|x| Equilibrium::new(game, ml.unflatten(x), METHOD))
        .collect()
}

/// The certified solutions found on one support profile (`index` numbers it in the
/// visiting order and seeds its random starts).
fn solve_support(
    game: &Game,
    ml: &Multilinear,
    masks: &[u64],
    starts: usize,
    seed: u64,
    index: usize,
    tol: f64,
) -> Result<Vec<Vec<f64>>> {
    if conditionally_dominated(game, masks) {
        return Ok(Vec::new());
    }
    let support: Vec<usize> = (0..ml.n)
        .flat_map(|i| {
            (0..ml.shape[i])
                .filter(move |&a| masks[i] >> a & 1 == 1)
                .map(move |a| ml.offsets[i] + a)
        })
        .collect();
    let mut rng = SplitMix64::for_stream(seed, index as u64);
    let mut out: Vec<Vec<f64>> = Vec::new();
    for s in 0..starts {
        let start = random_start(ml, &support, (s > 0).then_some(&mut rng));
        let Some(x) = solve_on_support(ml, &support, &start) else {
            continue;
        };
        if out.iter().any(|y| same(y, &x)) {
            continue;
        }
        let eq = Equilibrium::new(game, ml.unflatten(&x), METHOD)?;
        if eq.regret <= tol {
            out.push(x);
        }
    }
    Ok(out)
}

/// Whether some action of a support is strictly dominated by another action of its player
/// against every pure profile of the others' supports (Porter, Nudelman & Shoham's
/// conditional dominance): then no equilibrium has this support profile.
fn conditionally_dominated(game: &Game, masks: &[u64]) -> bool {
    let shape = game.shape();
    let n = shape.len();
    let strides = &game.profile_strides();
    let data = game.payoff_slice();
    (0..n).any(|i| {
        // Flat indices of the others' support profiles, with player i's action 0.
        let mut bases = vec![0usize];
        for j in (0..n).filter(|&j| j != i) {
            bases = bases
                .iter()
                .flat_map(|&b| {
                    (0..shape[j])
                        .filter(move |&a| masks[j] >> a & 1 == 1)
                        .map(move |a| b + a * strides[j])
                })
                .collect();
        }
        let u = |a: usize, b: usize| data[(b + a * strides[i]) * n + i];
        (0..shape[i])
            .filter(|&a| masks[i] >> a & 1 == 1)
            .any(|a| (0..shape[i]).any(|d| d != a && bases.iter().all(|&b| u(d, b) > u(a, b))))
    })
}

fn same(x: &[f64], y: &[f64]) -> bool {
    x.iter().zip(y).all(|(a, b)| (a - b).abs() <= DUPLICATE)
}

/// A start on the support: uniform, or with exponential(1) weights (uniform on the simplex).
fn random_start(ml: &Multilinear, support: &[usize], rng: Option<&mut SplitMix64>) -> Vec<f64> {
    let mut x = vec![0.0; ml.m];
    match rng {
        None => support.iter().for_each(|&s| x[s] = 1.0),
        Some(rng) => support.iter().for_each(|&s| x[s] = -rng.open01().ln()),
    }
    for (i, &off) in ml.offsets.iter().enumerate() {
        let block = &mut x[off..off + ml.shape[i]];
        let sum: f64 = block.iter().sum();
        block.iter_mut().for_each(|p| *p /= sum);
    }
    x
}

/// The number of support profiles `Π (2^{n_i} − 1)`, or [`Error::Solver`] above
/// `max_profiles`.
fn count_support_profiles(shape: &[usize], max_profiles: usize) -> Result<usize> {
    let count = shape.iter().try_fold(1usize, |acc, &k| {
        let per = u32::try_from(k)
            .ok()
            .filter(|&k| k < 64)
            .and_then(|k| 1usize.checked_shl(k))
            .map(|p| p - 1)?;
        acc.checked_mul(per)
    });
    let too_many = |what: String| {
        Error::Solver(format!(
            "support enumeration refuses this game: it has {what} support profiles, more than \
             max_profiles = {max_profiles}; raise max_profiles (the profiles are visited one \
             batch at a time, so only the time grows) or use logit_homotopy, which finds one \
             equilibrium of any game"
        ))
    };
    match count {
        Some(c) if c <= max_profiles => Ok(c),
        Some(c) => Err(too_many(c.to_string())),
        None => Err(too_many("more than 2^64".into())),
    }
}

/// Support profiles processed in parallel at a time.
const BATCH: usize = 4096;

/// Every support profile as one bit mask per player, generated lazily in Porter, Nudelman &
/// Shoham's order: by total support size, then by imbalance (largest minus smallest size),
/// then by the tuple of sizes and the masks (lexicographically, player 0 first).
///
/// The state is the current class `(total, spread)`, the current size tuple and the current
/// masks; memory is `O(N)` whatever the number of profiles.
struct SupportProfiles {
    shape: Vec<usize>,
    /// Total support size and spread of the current class.
    total: usize,
    spread: usize,
    /// The current size tuple (`None` before the first of a class).
    sizes: Option<Vec<usize>>,
    /// The current masks (`None` before the first of a size tuple).
    masks: Option<Vec<u64>>,
    done: bool,
}

impl SupportProfiles {
    fn new(shape: &[usize]) -> Self {
        Self {
            shape: shape.to_vec(),
            total: shape.len(),
            spread: 0,
            sizes: None,
            masks: None,
            done: shape.is_empty() || shape.iter().any(|&k| k == 0 || k >= 64),
        }
    }

    fn max_total(&self) -> usize {
        self.shape.iter().sum()
    }

    fn max_spread(&self) -> usize {
        self.shape.iter().max().copied().unwrap_or(1) - 1
    }

    /// The next size tuple of the current class after `sizes` (or the first), in
    /// lexicographic order: each `s_i` in `1..=n_i`, `Σ s_i = total`, `max − min = spread`.
    fn next_sizes(&self, sizes: Option<&[usize]>) -> Option<Vec<usize>> {
        let n = self.shape.len();
        let mut s: Vec<usize> = match sizes {
            Some(s) => {
                let mut s = s.to_vec();
                if !increment(&mut s, &self.shape) {
                    return None;
                }
                s
            }
            None => vec![1; n],
        };
        // A plain odometer with a filter; the sizes of the players with the most actions
        // bound the number of tuples by the number of pure profiles.
        loop {
            let total: usize = s.iter().sum();
            let (lo, hi) = (
                s.iter().min().copied().unwrap_or(0),
                s.iter().max().copied().unwrap_or(0),
            );
            if total == self.total && hi - lo == self.spread {
                return Some(s);
            }
            if !increment(&mut s, &self.shape) {
                return None;
            }
        }
    }
}

/// Advances a tuple with entries in `1..=limits[i]` (last entry fastest); false at the end.
fn increment(s: &mut [usize], limits: &[usize]) -> bool {
    for k in (0..s.len()).rev() {
        if s[k] < limits[k] {
            s[k] += 1;
            return true;
        }
        s[k] = 1;
    }
    false
}

/// The smallest mask of `k` bits.
fn first_mask(k: usize) -> u64 {
    (1u64 << k) - 1
}

/// The next larger mask with the same number of bits below `1 << n` (Gosper's hack).
fn next_mask(x: u64, n: usize) -> Option<u64> {
    let c = x & x.wrapping_neg();
    let r = x.checked_add(c)?;
    let next = (((r ^ x) >> 2) / c) | r;
    (next < 1u64 << n).then_some(next)
}

impl SupportProfiles {
    /// Moves to the next class `(total, spread)`, or ends.
    fn next_class(&mut self) {
        self.sizes = None;
        self.masks = None;
        if self.spread < self.max_spread() {
            self.spread += 1;
        } else if self.total < self.max_total() {
            self.total += 1;
            self.spread = 0;
        } else {
            self.done = true;
        }
    }
}

impl Iterator for SupportProfiles {
    type Item = Vec<u64>;

    fn next(&mut self) -> Option<Vec<u64>> {
        while !self.done {
            let Some(sizes) = self.sizes.clone() else {
                // The first size tuple of the current class, if it has any.
                self.sizes = self.next_sizes(None);
                if self.sizes.is_none() {
                    self.next_class();
                }
                continue;
            };
            let Some(masks) = self.masks.as_mut() else {
                let first: Vec<u64> = sizes.iter().map(|&k| first_mask(k)).collect();
                self.masks = Some(first.clone());
                return Some(first);
            };
            // The next masks of the current size tuple (last player fastest).
            for k in (0..masks.len()).rev() {
                if let Some(m) = next_mask(masks[k], self.shape[k]) {
                    masks[k] = m;
                    return Some(masks.clone());
                }
                masks[k] = first_mask(sizes[k]);
            }
            self.masks = None;
            self.sizes = self.next_sizes(Some(&sizes));
            if self.sizes.is_none() {
                self.next_class();
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lazy generator visits every support profile once, in Porter–Nudelman–Shoham
    /// order (total size, then spread, never decreasing).
    #[test]
    fn support_profiles_are_complete_and_ordered() {
        for shape in [vec![1], vec![3, 2], vec![2, 3, 4], vec![4, 1, 3]] {
            let all: Vec<Vec<u64>> = SupportProfiles::new(&shape).collect();
            let expected = count_support_profiles(&shape, usize::MAX).unwrap();
            assert_eq!(all.len(), expected, "{shape:?}");
            let mut sorted = all.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), expected);
            let key = |m: &Vec<u64>| {
                let sizes: Vec<u32> = m.iter().map(|x| x.count_ones()).collect();
                let hi = sizes.iter().max().unwrap();
                let lo = sizes.iter().min().unwrap();
                (sizes.iter().sum::<u32>(), hi - lo)
            };
            assert!(all.windows(2).all(|w| key(&w[0]) <= key(&w[1])));
            assert!(
                all.iter()
                    .all(|m| m.iter().zip(&shape).all(|(&x, &n)| x > 0 && x < 1 << n))
            );
        }
    }
}
