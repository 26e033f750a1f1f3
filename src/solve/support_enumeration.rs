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
/// Nudelman & Shoham's order). Each solution is clipped to non-negative probabilities and kept
/// only if its regret, recomputed from the game, is at most `tol`; duplicates (within `1e-7`)
/// are dropped.
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
/// [`Error::InvalidArgument`] for a negative `tol` or `starts = 0`; [`Error::Interrupted`].
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
    let profiles = support_profiles(game.shape(), options.max_profiles)?;
    let ml = Multilinear::new(game);
    let starts = if ml.n <= 2 { 1 } else { options.starts };
    let token = interrupt::current();
    let found: Vec<Vec<Vec<f64>>> = profiles
        .par_iter()
        .enumerate()
        .map(|(index, masks)| {
            interrupt::within(token.as_ref(), interrupt::check)?;
            if conditionally_dominated(game, masks) {
                return Ok(Vec::new());
            }
            let ml = &ml;
            let support: Vec<usize> = (0..ml.n)
                .flat_map(|i| {
                    (0..ml.shape[i])
                        .filter(move |&a| masks[i] >> a & 1 == 1)
                        .map(move |a| ml.offsets[i] + a)
                })
                .collect();
            let mut rng = SplitMix64::for_stream(options.seed, index as u64);
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
        })
        .collect::<Result<_>>()?;
    let mut kept: Vec<Vec<f64>> = Vec::new();
    for x in found.into_iter().flatten() {
        if !kept.iter().any(|y| same(y, &x)) {
            kept.push(x);
        }
    }
    kept.iter()
        .map(|x| Equilibrium::new(game, ml.unflatten(x), METHOD))
        .collect()
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

/// Every support profile as one bit mask per player, in Porter–Nudelman–Shoham order.
fn support_profiles(shape: &[usize], max_profiles: usize) -> Result<Vec<Vec<u64>>> {
    let count = shape.iter().try_fold(1usize, |acc, &k| {
        let per = u32::try_from(k)
            .ok()
            .and_then(|k| 1usize.checked_shl(k))
            .filter(|&p| p != 0)
            .map(|p| p - 1)?;
        acc.checked_mul(per)
    });
    let too_many = |what: String| {
        Error::Solver(format!(
            "support enumeration refuses this game: it has {what} support profiles, more than \
             max_profiles = {max_profiles}; raise max_profiles or use logit_homotopy, which \
             finds one equilibrium of any game"
        ))
    };
    let count = match count {
        Some(c) if c <= max_profiles => c,
        Some(c) => return Err(too_many(c.to_string())),
        None => return Err(too_many("more than 2^64".into())),
    };
    let mut all = Vec::with_capacity(count);
    let mut masks: Vec<u64> = vec![1; shape.len()];
    for _ in 0..count {
        all.push(masks.clone());
        for k in (0..shape.len()).rev() {
            masks[k] += 1;
            if masks[k] < 1u64 << shape[k] {
                break;
            }
            masks[k] = 1;
        }
    }
    let key = |m: &Vec<u64>| {
        let sizes: Vec<u32> = m.iter().map(|x| x.count_ones()).collect();
        let total: u32 = sizes.iter().sum();
        let spread = sizes.iter().max().unwrap_or(&0) - sizes.iter().min().unwrap_or(&0);
        (total, spread)
    };
    all.sort_by_key(key);
    Ok(all)
}
