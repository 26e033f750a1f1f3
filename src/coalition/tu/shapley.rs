//! The Shapley value (Shapley 1953) and the Banzhaf value (Banzhaf 1965; Penrose 1946),
//! exact in `O(n·2ⁿ)`, in parallel over blocks of coalitions.
//!
//! Both are weighted sums of marginal contributions `v(S ∪ {i}) − v(S)`. Rewritten per
//! coalition `T`, each value `v(T)` enters player `i`'s Shapley value with weight
//! `(t−1)!(n−t)!/n!` when `i ∈ T` and `−t!(n−t−1)!/n!` when `i ∉ T` (`t = |T|`). So one pass
//! over the coalitions collects, for every player `i` and size `t`, the sum `A[i][t]` of the
//! values of the coalitions of size `t` containing `i`, and the total `V[t]` over all
//! coalitions of size `t`:
//!
//! `φᵢ = Σₜ [(t−1)!(n−t)! · A[i][t] − t!(n−t−1)! · (V[t] − A[i][t])] / n!`,
//! `βᵢ = Σₜ (2·A[i][t] − V[t]) / 2ⁿ⁻¹`.
//!
//! The pass runs over fixed blocks of coalitions whose partial sums are added in block order,
//! so the floats do not depend on the number of threads. Exact values are summed as integers
//! over the common denominator of the game's values (`i128` while the numerators fit an
//! `i64`, big integers otherwise).

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use rayon::prelude::*;

use super::TUGame;
use crate::error::{Error, Result};
use crate::interrupt;

/// Coalitions per block of the parallel pass.
const BLOCK: usize = 1 << 14;

/// `A[i][t]` (row-major, `n` rows of `n + 1`) and `V[t]`.
struct SizeSums<T> {
    by_player: Vec<T>,
    by_size: Vec<T>,
}

/// The sums of [`SizeSums`] over coalitions `lo..hi`, with `value(s)` the value of `s`.
fn block_sums<T: Clone + Zero + for<'a> std::ops::AddAssign<&'a T>>(
    n: usize,
    lo: usize,
    hi: usize,
    value: impl Fn(usize) -> T,
) -> SizeSums<T> {
    let mut by_player = vec![T::zero(); n * (n + 1)];
    let mut by_size = vec![T::zero(); n + 1];
    for s in lo..hi {
        let v = value(s);
        let t = s.count_ones() as usize;
        by_size[t] += &v;
        for i in TUGame::members(s) {
            by_player[i * (n + 1) + t] += &v;
        }
    }
    SizeSums { by_player, by_size }
}

/// [`block_sums`] over every coalition, in parallel blocks added in order.
fn size_sums<T>(n: usize, value: impl Fn(usize) -> T + Sync) -> Result<SizeSums<T>>
where
    T: Clone + Zero + Send + for<'a> std::ops::AddAssign<&'a T>,
{
    let total = 1usize << n;
    let token = interrupt::current();
    let blocks: Vec<SizeSums<T>> = (0..total.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            interrupt::within(token.as_ref(), interrupt::check)?;
            Ok(block_sums(
                n,
                b * BLOCK,
                ((b + 1) * BLOCK).min(total),
                &value,
            ))
        })
        .collect::<Result<_>>()?;
    let mut sums = SizeSums {
        by_player: vec![T::zero(); n * (n + 1)],
        by_size: vec![T::zero(); n + 1],
    };
    for b in &blocks {
        for (x, y) in sums.by_player.iter_mut().zip(&b.by_player) {
            *x += y;
        }
        for (x, y) in sums.by_size.iter_mut().zip(&b.by_size) {
            *x += y;
        }
    }
    Ok(sums)
}

/// `k!` as a big integer.
fn factorial(k: usize) -> BigInt {
    (1..=k).fold(BigInt::from(1), |f, j| f * j)
}

/// Exact size sums, as integers over the common denominator `den` of the values.
fn exact_sums(game: &TUGame) -> Result<(SizeSums<BigInt>, BigInt)> {
    let n = game.num_players();
    let (nums, den) = game.integer_values()?;
    let small: Option<Vec<i64>> = nums.iter().map(ToPrimitive::to_i64).collect();
    let sums = match small {
        // 2³⁰ terms of at most 2⁶³ each fit an i128.
        Some(ints) => {
            let s = size_sums(n, |s| I128(i128::from(ints[s])))?;
            SizeSums {
                by_player: s.by_player.into_iter().map(|x| BigInt::from(x.0)).collect(),
                by_size: s.by_size.into_iter().map(|x| BigInt::from(x.0)).collect(),
            }
        }
        None => size_sums(n, |s| nums[s].clone())?,
    };
    Ok((sums, den))
}

/// An `i128` with the traits [`size_sums`] needs.
#[derive(Clone, Copy)]
struct I128(i128);

impl Zero for I128 {
    fn zero() -> Self {
        Self(0)
    }
    fn is_zero(&self) -> bool {
        self.0 == 0
    }
}

impl std::ops::Add for I128 {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self(self.0 + other.0)
    }
}

impl<'a> std::ops::AddAssign<&'a I128> for I128 {
    fn add_assign(&mut self, other: &'a I128) {
        self.0 += other.0;
    }
}

impl TUGame {
    /// The Shapley value: each player's average marginal contribution over the `n!` orders
    /// in which the grand coalition can form.
    ///
    /// # Complexity
    /// `O(n·2ⁿ)` time, `O(n²)` memory per thread; parallel over coalitions.
    ///
    /// # Errors
    /// [`Error::Interrupted`] if stopped.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// // Glove game: the left glove (player 0) gets 2/3, each right glove 1/6.
    /// let g = TUGame::from_fn(3, |s| if s & 1 == 1 && s & 6 != 0 { 1.0 } else { 0.0 })?;
    /// let phi = g.shapley()?;
    /// assert!((phi[0] - 2.0 / 3.0).abs() < 1e-12 && (phi[1] - 1.0 / 6.0).abs() < 1e-12);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn shapley(&self) -> Result<Vec<f64>> {
        let n = self.num_players();
        let values = self.values();
        let sums = size_sums(n, |s| values[s])?;
        // w_in[t] = (t−1)!(n−t)!/n! and w_out[t] = t!(n−t−1)!/n!, as 1/(n·C(n−1, ·)).
        let inverse_binomial = |k: usize| -> f64 {
            // 1 / C(n−1, k), computed as a product to stay in range.
            let mut x = 1.0_f64;
            for j in 0..k {
                x *= (j + 1) as f64 / (n - 1 - j) as f64;
            }
            x
        };
        let w: Vec<f64> = (0..n).map(|k| inverse_binomial(k) / n as f64).collect();
        finite(
            (0..n)
                .map(|i| {
                    let row = &sums.by_player[i * (n + 1)..(i + 1) * (n + 1)];
                    let mut phi = 0.0;
                    for t in 0..=n {
                        if t >= 1 {
                            phi += w[t - 1] * row[t];
                        }
                        if t < n {
                            phi -= w[t] * (sums.by_size[t] - row[t]);
                        }
                    }
                    phi
                })
                .collect(),
        )
    }

    /// The Shapley value in exact rationals, from the game's exact values (as given for an
    /// exact game, the floats' binary values otherwise).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] above [`super::MAX_EXACT_PLAYERS`] players;
    /// [`Error::Interrupted`] if stopped.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    /// use num_rational::BigRational;
    ///
    /// let majority = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?;
    /// let third = BigRational::new(1.into(), 3.into());
    /// assert_eq!(majority.shapley_exact()?, vec![third.clone(), third.clone(), third]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn shapley_exact(&self) -> Result<Vec<BigRational>> {
        let n = self.num_players();
        let (sums, den) = exact_sums(self)?;
        let nf = factorial(n);
        let fact: Vec<BigInt> = (0..=n).map(factorial).collect();
        Ok((0..n)
            .map(|i| {
                let row = &sums.by_player[i * (n + 1)..(i + 1) * (n + 1)];
                let mut num = BigInt::zero();
                for t in 0..=n {
                    if t >= 1 {
                        num += &fact[t - 1] * &fact[n - t] * &row[t];
                    }
                    if t < n {
                        num -= &fact[t] * &fact[n - t - 1] * (&sums.by_size[t] - &row[t]);
                    }
                }
                BigRational::new(num, &nf * &den)
            })
            .collect())
    }

    /// Each player's total marginal contribution `Σ_{S ∌ i} (v(S ∪ {i}) − v(S))`: for a
    /// simple game, the number of coalitions in which the player is a swing voter.
    ///
    /// # Errors
    /// [`Error::Interrupted`] if stopped.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// let majority = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?;
    /// assert_eq!(majority.banzhaf_swings()?, vec![2.0, 2.0, 2.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn banzhaf_swings(&self) -> Result<Vec<f64>> {
        let n = self.num_players();
        let values = self.values();
        let sums = size_sums(n, |s| values[s])?;
        finite(
            (0..n)
                .map(|i| {
                    let row = &sums.by_player[i * (n + 1)..(i + 1) * (n + 1)];
                    (0..=n).map(|t| 2.0 * row[t] - sums.by_size[t]).sum()
                })
                .collect(),
        )
    }

    /// [`TUGame::banzhaf_swings`] in exact rationals.
    ///
    /// # Errors
    /// As [`TUGame::shapley_exact`].
    pub fn banzhaf_swings_exact(&self) -> Result<Vec<BigRational>> {
        let n = self.num_players();
        let (sums, den) = exact_sums(self)?;
        Ok((0..n)
            .map(|i| {
                let row = &sums.by_player[i * (n + 1)..(i + 1) * (n + 1)];
                let num: BigInt = (0..=n)
                    .map(|t| BigInt::from(2) * &row[t] - &sums.by_size[t])
                    .sum();
                BigRational::new(num, den.clone())
            })
            .collect())
    }

    /// The Banzhaf value: each player's average marginal contribution over the `2ⁿ⁻¹`
    /// coalitions of the others (`normalized = false`), or these divided by their sum so
    /// that they add up to 1 (`normalized = true`, the normalized Banzhaf index).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when normalizing contributions that sum to 0;
    /// [`Error::Interrupted`] if stopped.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// let glove = TUGame::from_fn(3, |s| if s & 1 == 1 && s & 6 != 0 { 1.0 } else { 0.0 })?;
    /// assert_eq!(glove.banzhaf(false)?, vec![0.75, 0.25, 0.25]);
    /// assert_eq!(glove.banzhaf(true)?, vec![0.6, 0.2, 0.2]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn banzhaf(&self, normalized: bool) -> Result<Vec<f64>> {
        let swings = self.banzhaf_swings()?;
        let n = self.num_players();
        if normalized {
            let total: f64 = swings.iter().sum();
            if total == 0.0 || !total.is_finite() {
                return Err(normalize_error());
            }
            return Ok(swings.iter().map(|x| x / total).collect());
        }
        let scale = 0.5_f64.powi(i32::try_from(n - 1).unwrap_or(i32::MAX));
        Ok(swings.iter().map(|x| x * scale).collect())
    }

    /// [`TUGame::banzhaf`] in exact rationals.
    ///
    /// # Errors
    /// As [`TUGame::banzhaf`] and [`TUGame::shapley_exact`].
    pub fn banzhaf_exact(&self, normalized: bool) -> Result<Vec<BigRational>> {
        let swings = self.banzhaf_swings_exact()?;
        if normalized {
            let total: BigRational = swings.iter().sum();
            if total.is_zero() {
                return Err(normalize_error());
            }
            return Ok(swings.iter().map(|x| x / &total).collect());
        }
        let den = BigRational::from_integer(BigInt::from(1) << (self.num_players() - 1));
        Ok(swings.iter().map(|x| x / &den).collect())
    }
}

/// The values, or an error when a sum overflowed (values near the `f64` limit).
fn finite(values: Vec<f64>) -> Result<Vec<f64>> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(values)
    } else {
        Err(Error::InvalidArgument(
            "the game's values are so large that their sums overflow a float; rescale the game \
             (or give exact values and use exact=True)"
                .into(),
        ))
    }
}

fn normalize_error() -> Error {
    Error::InvalidArgument(
        "the players' marginal contributions sum to 0, so the Banzhaf value cannot be \
         normalized; use normalized=False"
            .into(),
    )
}
