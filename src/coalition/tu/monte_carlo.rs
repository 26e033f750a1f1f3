//! Monte-Carlo estimation of the Shapley value by sampling orders of the players
//! (Mann & Shapley 1960; Castro, Gómez & Tejada 2009), for games too large for the exact
//! `O(n·2ⁿ)` sum.
//!
//! Each sample is a uniformly random order of the players, drawn by a Fisher–Yates shuffle
//! from a generator seeded by `(seed, sample index)`; each player's marginal contribution
//! when joining its predecessors is an unbiased estimate of its Shapley value. Samples are
//! processed in fixed blocks whose sums are added in block order, so the estimate depends on
//! the seed only, never on the number of threads. The standard error of player `i` is the
//! sample standard deviation of its contributions over `√samples`, and the 95% confidence
//! interval is `estimate ± 1.96 · standard error` (normal approximation).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::TUGame;
use crate::error::{Error, Result};
use crate::interrupt;
use crate::report::{self, Cell, Labels, Report, Table, Validate};
use crate::rng::SplitMix64;

/// Samples per block of the parallel loop.
const BLOCK: u64 = 256;

/// The normal quantile of a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The most samples one call draws.
pub const MAX_SAMPLES: u64 = 1 << 40;

/// A Monte-Carlo estimate of the Shapley value: estimates, standard errors and 95%
/// confidence intervals, with the seed and sample count that reproduce it.
///
/// # Example
/// ```
/// use detente::coalition::TUGame;
///
/// let majority = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?;
/// let est = majority.shapley_monte_carlo(20_000, 7)?;
/// assert!((0..3).all(|i| (est.values[i] - 1.0 / 3.0).abs() < 5.0 * est.std_errors[i]));
/// assert_eq!(est, majority.shapley_monte_carlo(20_000, 7)?);   // same seed, same answer
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShapleyEstimate {
    /// The estimated Shapley value of each player.
    pub values: Vec<f64>,
    /// The standard error of each estimate.
    pub std_errors: Vec<f64>,
    /// The lower ends of the 95% confidence intervals.
    pub low: Vec<f64>,
    /// The upper ends of the 95% confidence intervals.
    pub high: Vec<f64>,
    /// The number of sampled orders.
    pub samples: u64,
    /// The seed.
    pub seed: u64,
    /// `"shapley_monte_carlo"`.
    pub method: String,
}

/// Sums and sums of squares of each player's marginal contributions over samples
/// `lo..hi`.
fn block(
    n: usize,
    seed: u64,
    lo: u64,
    hi: u64,
    value: &(impl Fn(usize) -> f64 + Sync),
) -> (Vec<f64>, Vec<f64>) {
    let mut sum = vec![0.0; n];
    let mut squares = vec![0.0; n];
    let mut order: Vec<usize> = (0..n).collect();
    for k in lo..hi {
        // Each sample's order depends on (seed, k) alone.
        let mut rng = SplitMix64::for_stream(seed, k);
        order.iter_mut().enumerate().for_each(|(j, o)| *o = j);
        for j in (1..n).rev() {
            order.swap(j, rng.below(j + 1));
        }
        let mut s = 0usize;
        let mut before = 0.0;
        for &i in &order {
            s |= 1 << i;
            let after = value(s);
            let m = after - before;
            sum[i] += m;
            squares[i] += m * m;
            before = after;
        }
    }
    (sum, squares)
}

impl TUGame {
    /// Estimates the Shapley value from `samples` random orders of the players, reproducibly
    /// for a given `seed` whatever the number of threads.
    ///
    /// # Complexity
    /// `O(samples · n)` value look-ups, in parallel.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for fewer than 2 samples or more than [`MAX_SAMPLES`];
    /// [`Error::Interrupted`] if stopped.
    pub fn shapley_monte_carlo(&self, samples: u64, seed: u64) -> Result<ShapleyEstimate> {
        if !(2..=MAX_SAMPLES).contains(&samples) {
            return Err(Error::InvalidArgument(format!(
                "samples must be in 2..={MAX_SAMPLES} (two or more orders give a standard \
                 error), got {samples}"
            )));
        }
        let n = self.num_players();
        let values = self.values();
        let value = |s: usize| values[s];
        let token = interrupt::current();
        let blocks: Vec<(Vec<f64>, Vec<f64>)> = (0..samples.div_ceil(BLOCK))
            .into_par_iter()
            .map(|b| {
                interrupt::within(token.as_ref(), interrupt::check)?;
                Ok(block(
                    n,
                    seed,
                    b * BLOCK,
                    ((b + 1) * BLOCK).min(samples),
                    &value,
                ))
            })
            .collect::<Result<_>>()?;
        let mut sum = vec![0.0; n];
        let mut squares = vec![0.0; n];
        for (s, q) in &blocks {
            for i in 0..n {
                sum[i] += s[i];
                squares[i] += q[i];
            }
        }
        summarise(&sum, &squares, samples, seed)
    }
}

/// The most players [`shapley_monte_carlo_with`] takes.
pub const MAX_SAMPLED_PLAYERS: usize = 1 << 20;

/// Estimates the Shapley value of a game of `n` players given by a function, for games too
/// large for a table of values (more than [`super::MAX_PLAYERS`] players). `value` receives
/// the members of a coalition (in the order they joined; never the empty coalition, worth
/// 0) and returns its value. Orders are drawn as in [`TUGame::shapley_monte_carlo`] from
/// `(seed, sample)`, one sample after another on the calling thread (`value` need not be
/// thread-safe), so a seed always gives the same estimate.
///
/// # Errors
/// [`Error::InvalidArgument`] for `n` outside `1..=MAX_SAMPLED_PLAYERS`, fewer than 2
/// samples or a non-finite value; errors of `value`; [`Error::Interrupted`] if stopped.
///
/// # Example
/// ```
/// use detente::coalition::tu::shapley_monte_carlo_with;
///
/// // A 101-member majority game: by symmetry, each member's value is 1/101.
/// let est = shapley_monte_carlo_with(101, 2000, 3, |s| Ok(f64::from(u8::from(s.len() >= 51))))?;
/// assert!(est.values.iter().all(|v| (v - 1.0 / 101.0).abs() < 6.0 * est.std_errors[0] + 0.01));
/// # Ok::<(), detente::Error>(())
/// ```
pub fn shapley_monte_carlo_with(
    n: usize,
    samples: u64,
    seed: u64,
    mut value: impl FnMut(&[usize]) -> Result<f64>,
) -> Result<ShapleyEstimate> {
    if !(1..=MAX_SAMPLED_PLAYERS).contains(&n) {
        return Err(Error::InvalidArgument(format!(
            "players must be between 1 and {MAX_SAMPLED_PLAYERS}, got {n}"
        )));
    }
    if !(2..=MAX_SAMPLES).contains(&samples) {
        return Err(Error::InvalidArgument(format!(
            "samples must be in 2..={MAX_SAMPLES}, got {samples}"
        )));
    }
    let mut sum = vec![0.0; n];
    let mut squares = vec![0.0; n];
    let mut order: Vec<usize> = (0..n).collect();
    for k in 0..samples {
        if k % BLOCK == 0 {
            interrupt::check()?;
        }
        let mut rng = SplitMix64::for_stream(seed, k);
        order.iter_mut().enumerate().for_each(|(j, o)| *o = j);
        for j in (1..n).rev() {
            order.swap(j, rng.below(j + 1));
        }
        let mut before = 0.0;
        for m in 0..n {
            let after = value(&order[..=m])?;
            if !after.is_finite() {
                return Err(Error::InvalidArgument(format!(
                    "the value of a coalition of {} players is {after}; values must be finite",
                    m + 1
                )));
            }
            let i = order[m];
            let c = after - before;
            sum[i] += c;
            squares[i] += c * c;
            before = after;
        }
    }
    summarise(&sum, &squares, samples, seed)
}

/// The estimate from sums and sums of squares of the contributions.
fn summarise(sum: &[f64], squares: &[f64], samples: u64, seed: u64) -> Result<ShapleyEstimate> {
    let n = sum.len();
    let m = samples as f64;
    let values: Vec<f64> = sum.iter().map(|s| s / m).collect();
    let std_errors: Vec<f64> = (0..n)
        .map(|i| {
            let var = ((squares[i] - m * values[i] * values[i]) / (m - 1.0)).max(0.0);
            (var / m).sqrt()
        })
        .collect();
    if !values.iter().chain(&std_errors).all(|v| v.is_finite()) {
        return Err(Error::InvalidArgument(
            "the game's values are so large that the sampled contributions overflow a \
             float; rescale the game"
                .into(),
        ));
    }
    Ok(ShapleyEstimate {
        low: (0..n).map(|i| values[i] - Z95 * std_errors[i]).collect(),
        high: (0..n).map(|i| values[i] + Z95 * std_errors[i]).collect(),
        values,
        std_errors,
        samples,
        seed,
        method: "shapley_monte_carlo".into(),
    })
}

impl Report for ShapleyEstimate {
    fn summary(&self, labels: &Labels) -> String {
        let parts: Vec<String> = self
            .values
            .iter()
            .zip(&self.std_errors)
            .enumerate()
            .map(|(i, (v, e))| {
                format!(
                    "{}: {} ± {}",
                    labels.player(i),
                    crate::format::number(*v),
                    crate::format::number(*e)
                )
            })
            .collect();
        format!(
            "{}; {} samples, seed {}; method {}",
            parts.join(", "),
            self.samples,
            self.seed,
            self.method
        )
    }

    fn table(&self, labels: &Labels) -> Table {
        let mut t = Table::new(["player", "value", "std_error", "low", "high"]);
        for i in 0..self.values.len() {
            t.push(vec![
                labels.player(i).into(),
                Cell::Float(self.values[i]),
                Cell::Float(self.std_errors[i]),
                Cell::Float(self.low[i]),
                Cell::Float(self.high[i]),
            ]);
        }
        t
    }
}

impl Validate for ShapleyEstimate {
    fn has_actions(&self) -> bool {
        false
    }

    fn check_fields(&self, labels: &Labels) -> Result<()> {
        let n = labels.players.len();
        for (what, v) in [
            ("values", &self.values),
            ("std_errors", &self.std_errors),
            ("low", &self.low),
            ("high", &self.high),
        ] {
            report::check_payoffs(what, v, n)?;
        }
        if self.std_errors.iter().any(|e| *e < 0.0) || self.samples < 2 {
            return Err(report::invalid(
                "std_errors",
                "must be >= 0 with at least 2 samples",
            ));
        }
        Ok(())
    }
}
