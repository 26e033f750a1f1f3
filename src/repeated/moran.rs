//! The Moran process over a tournament's payoff matrix: fixation probabilities of a single
//! mutant in a finite population (Moran 1958; Nowak, Sasaki, Taylor & Fudenberg 2004).
//!
//! # The process
//! A population of `N` individuals plays strategies `A` (the mutant, `i` copies) and `B`
//! (the resident, `N − i`). Each individual meets every *other* individual once: with the
//! payoff matrix `M` (`M[x][y]` the payoff of `x` against `y`), `a = M[A][A]`,
//! `b = M[A][B]`, `c = M[B][A]`, `d = M[B][B]`,
//!
//! ```text
//! π_A(i) = (a (i − 1) + b (N − i)) / (N − 1),   π_B(i) = (c i + d (N − i − 1)) / (N − 1).
//! ```
//!
//! Fitness is `f = 1 − w + w π` ([`Fitness::Linear`], Nowak et al. 2004; `w` the intensity
//! of selection, 0 neutral, 1 fitness equal to payoff; every fitness must then be positive)
//! or `f = exp(w π)` ([`Fitness::Exponential`], Traulsen, Shoresh & Nowak 2008; always
//! positive). At each step one individual is chosen to reproduce with probability
//! proportional to fitness and its offspring replaces one chosen uniformly at random. The
//! number of mutants is a birth-death chain with `T⁻(i)/T⁺(i) = f_B(i)/f_A(i)`, so the
//! probability that one mutant takes over is (Nowak 2006, eq. 6.13)
//!
//! ```text
//! ρ_A = 1 / (1 + Σ_{k=1}^{N−1} Π_{i=1}^{k} f_B(i) / f_A(i)),
//! ```
//!
//! `1/N` under neutral selection. [`moran_exact`] evaluates it in rationals, [`moran`] in
//! floats (sums of products in log space, so large populations do not overflow) or by
//! simulating the chain ([`MoranMethod::Simulate`]).
//!
//! # References
//! * P. A. P. Moran, "Random processes in genetics", *Proc. Cambridge Phil. Soc.* 54 (1958).
//! * M. A. Nowak, A. Sasaki, C. Taylor and D. Fudenberg, "Emergence of cooperation and
//!   evolutionary stability in finite populations", *Nature* 428 (2004) 646–650.
//! * M. A. Nowak, *Evolutionary Dynamics*, Harvard University Press, 2006, ch. 6.
//! * A. Traulsen, N. Shoresh and M. A. Nowak, "Analytical results for individual and group
//!   selection of any intensity", *Bull. Math. Biol.* 70 (2008) 1410–1424.

use ndarray::{Array2, ArrayView2};
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::interrupt;
use crate::progress;
use crate::rng::SplitMix64;

/// The largest population [`moran_exact`] takes (the rationals grow with it).
pub const MAX_EXACT_POPULATION: usize = 2_000;

/// The largest number of strategies in a Moran computation.
pub const MAX_STRATEGIES: usize = 2_000;

/// The most steps (pairs of strategies × population) the float closed form takes.
pub const MAX_WORK: f64 = 1e11;

/// The most steps (pairs of strategies × population) [`moran_exact`] takes.
pub const MAX_EXACT_WORK: f64 = 2e7;

/// How payoffs become fitness.
///
/// # Example
/// ```
/// use detente::repeated::Fitness;
///
/// assert_eq!("exponential".parse::<Fitness>()?, Fitness::Exponential);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Fitness {
    /// `f = 1 − w + w π`; must be positive for every population state.
    #[default]
    Linear,
    /// `f = exp(w π)`.
    Exponential,
}

/// `"linear"` or `"exponential"`.
impl std::str::FromStr for Fitness {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        crate::error::choose(
            "fitness",
            text,
            &[("linear", Self::Linear), ("exponential", Self::Exponential)],
        )
    }
}

/// How fixation probabilities are computed.
///
/// # Example
/// ```
/// use detente::repeated::MoranMethod;
///
/// assert_eq!(MoranMethod::default(), MoranMethod::Exact);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MoranMethod {
    /// The closed form of the birth-death chain.
    #[default]
    Exact,
    /// The share of `trials` simulated runs from one mutant that end in fixation; trial `t` of
    /// pair `(i, j)` uses its own random stream, so results do not depend on the thread count.
    Simulate {
        /// Runs per (mutant, resident) pair, at least 1.
        trials: usize,
        /// Seed of the random streams.
        seed: u64,
    },
}

/// Options of [`moran`].
///
/// # Example
/// ```
/// use detente::repeated::MoranOptions;
///
/// let o = MoranOptions { population: 10, ..Default::default() };
/// assert_eq!(o.intensity, 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MoranOptions {
    /// Population size `N`, at least 2.
    pub population: usize,
    /// Intensity of selection `w >= 0`.
    pub intensity: f64,
    /// How payoffs become fitness.
    pub fitness: Fitness,
    /// Closed form or simulation.
    pub method: MoranMethod,
}

impl Default for MoranOptions {
    fn default() -> Self {
        Self {
            population: 10,
            intensity: 1.0,
            fitness: Fitness::Linear,
            method: MoranMethod::Exact,
        }
    }
}

fn check_population(population: usize, exact: bool) -> Result<()> {
    if population < 2 {
        return Err(Error::InvalidArgument(format!(
            "population: {population}; a Moran process needs at least 2 individuals"
        )));
    }
    if exact && population > MAX_EXACT_POPULATION {
        return Err(Error::InvalidArgument(format!(
            "population: {population} is above the {MAX_EXACT_POPULATION} an exact computation takes; give float payoffs for the float closed form"
        )));
    }
    Ok(())
}

fn check_square(rows: usize, cols: usize) -> Result<()> {
    if rows != cols || rows == 0 {
        return Err(Error::InvalidArgument(format!(
            "payoff_matrix: shape ({rows}, {cols}); give a square matrix with one row and column per strategy"
        )));
    }
    if rows > MAX_STRATEGIES {
        return Err(Error::InvalidArgument(format!(
            "payoff_matrix: {rows} strategies, above the {MAX_STRATEGIES} a Moran computation takes"
        )));
    }
    Ok(())
}

/// The float fitness of the mutant and the resident with `i` mutants.
fn fitness(m: [f64; 4], population: usize, i: usize, w: f64, kind: Fitness) -> (f64, f64) {
    let [a, b, c, d] = m;
    let n = population as f64;
    let i = i as f64;
    let pa = (a * (i - 1.0) + b * (n - i)) / (n - 1.0);
    let pb = (c * i + d * (n - i - 1.0)) / (n - 1.0);
    match kind {
        Fitness::Linear => (1.0 - w + w * pa, 1.0 - w + w * pb),
        // Only the ratio matters: exp(w (π_B − π_A)) over exp(0).
        Fitness::Exponential => (1.0, (w * (pb - pa)).exp()),
    }
}

/// `ρ` for one pair in floats: `1 / Σ_{k=0}^{N−1} exp(L_k)` with `L_k = Σ_{i≤k} ln(f_B/f_A)`,
/// summed in log space as it goes (`top` the largest `L_k` so far, `sum` the sum of
/// `exp(L_k − top)`), in constant memory.
fn closed_form(m: [f64; 4], population: usize, w: f64, kind: Fitness) -> Result<f64> {
    let (mut acc, mut top, mut sum) = (0.0f64, 0.0f64, 1.0f64);
    for i in 1..population {
        if i % (1 << 20) == 0 {
            interrupt::check()?;
        }
        let (fa, fb) = fitness(m, population, i, w, kind);
        if fa <= 0.0 || fb <= 0.0 || !fa.is_finite() || !fb.is_finite() {
            return Err(nonpositive(fa.min(fb)));
        }
        acc += fb.ln() - fa.ln();
        if acc > top {
            sum = sum * (top - acc).exp() + 1.0;
            top = acc;
        } else {
            sum += (acc - top).exp();
        }
    }
    Ok((-top).exp() / sum)
}

fn nonpositive(f: f64) -> Error {
    Error::InvalidArgument(format!(
        "intensity: a fitness 1 − w + w·payoff of {f} is not positive; lower the intensity of selection, shift the payoffs up, or use fitness=\"exponential\""
    ))
}

/// One simulated run of the embedded chain from one mutant: `true` when the mutant fixes.
fn simulate_once(
    m: [f64; 4],
    population: usize,
    w: f64,
    kind: Fitness,
    rng: &mut SplitMix64,
) -> bool {
    let mut i = 1;
    while i > 0 && i < population {
        let (fa, fb) = fitness(m, population, i, w, kind);
        // Up with probability T⁺/(T⁺ + T⁻) = f_A / (f_A + f_B).
        if rng.open01() * (fa + fb) < fa {
            i += 1;
        } else {
            i -= 1;
        }
    }
    i == population
}

/// Fixation probabilities of every strategy as a single mutant in a population of every
/// other (see the [module docs](self)).
///
/// Progress: one unit per pair `(i, j)` (per simulated run with
/// [`MoranMethod::Simulate`]) to the counters of [`crate::progress`].
///
/// # Arguments
/// * `payoff_matrix` – square, finite: `payoff_matrix[[i, j]]` is the payoff of `i` against
///   `j` (e.g. [`super::Tournament::payoff_matrix`]).
/// * `options` – population size, intensity of selection, fitness map, method.
///
/// # Returns
/// `rho[[i, j]]`: the probability that one mutant of strategy `i` takes over a population of
/// `j`; the diagonal is `1/N` (a mutant of the resident strategy is neutral).
///
/// # Errors
/// [`Error::InvalidArgument`] for a matrix that is not square or has a non-finite entry, a
/// population below 2 or above [`MAX_WORK`] steps (pairs × population), an intensity that is negative or not finite, a linear fitness that is
/// not positive, or `trials = 0`; [`Error::Interrupted`] when stopped.
///
/// # Complexity
/// Exact: `O(S² N)` for `S` strategies. Simulated: `O(S² · trials · N²)` steps expected near
/// neutrality.
///
/// # Example
/// ```
/// use detente::repeated::{moran, MoranOptions};
/// use ndarray::array;
///
/// let neutral = array![[1.0, 1.0], [1.0, 1.0]];
/// let rho = moran(neutral.view(), &MoranOptions { population: 8, ..Default::default() })?;
/// assert!((rho[[0, 1]] - 1.0 / 8.0).abs() < 1e-15);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn moran(payoff_matrix: ArrayView2<'_, f64>, options: &MoranOptions) -> Result<Array2<f64>> {
    let (s, cols) = payoff_matrix.dim();
    check_square(s, cols)?;
    if payoff_matrix.iter().any(|x| !x.is_finite()) {
        return Err(Error::InvalidArgument(
            "payoff_matrix: has a NaN or infinite entry; give finite payoffs (a tournament without self-play has no diagonal: play it with self_play=True)".into(),
        ));
    }
    let w = options.intensity;
    if !(w.is_finite() && w >= 0.0) {
        return Err(Error::InvalidArgument(format!(
            "intensity: {w}; give a finite intensity of selection >= 0"
        )));
    }
    let population = options.population;
    check_population(population, false)?;
    let work = (s * s) as f64 * population as f64;
    if work > MAX_WORK {
        return Err(Error::InvalidArgument(format!(
            "population: {population} individuals for {s} strategies make about {work:.1e} steps of the closed form, above the {MAX_WORK:.0e} a Moran computation takes; use a smaller population or fewer strategies"
        )));
    }
    let entries = |i: usize, j: usize| {
        [
            payoff_matrix[[i, i]],
            payoff_matrix[[i, j]],
            payoff_matrix[[j, i]],
            payoff_matrix[[j, j]],
        ]
    };
    let token = interrupt::current();
    // Progress: one unit per pair (i, j) for the closed form, per simulated run otherwise.
    let watch = progress::current();
    let tick = |n: usize| {
        if let Some(p) = &watch {
            p.add(n as u64);
        }
    };
    let values: Vec<f64> = match options.method {
        MoranMethod::Exact => {
            if let Some(p) = &watch {
                p.set_total((s * s) as u64);
            }
            (0..s * s)
                .into_par_iter()
                .map(|p| {
                    interrupt::within(token.as_ref(), || {
                        interrupt::check()?;
                        let (i, j) = (p / s, p % s);
                        let rho = if i == j {
                            1.0 / population as f64
                        } else {
                            closed_form(entries(i, j), population, w, options.fitness)?
                        };
                        tick(1);
                        Ok(rho)
                    })
                })
                .collect::<Result<_>>()?
        }
        MoranMethod::Simulate { trials, seed } => {
            if trials == 0 {
                return Err(Error::InvalidArgument(
                    "trials: 0; give at least 1 simulated run per pair".into(),
                ));
            }
            let steps = (s * s) as f64 * trials as f64 * (population as f64).powi(2);
            if steps > 1e10 {
                return Err(Error::InvalidArgument(format!(
                    "trials: about {steps:.1e} simulated steps; use fewer trials or the exact method"
                )));
            }
            // Fitness positivity is checked once per pair through the closed form.
            for i in 0..s {
                for j in (0..s).filter(|&j| j != i) {
                    closed_form(entries(i, j), population, w, options.fitness)?;
                }
            }
            if let Some(p) = &watch {
                p.set_total(((s * s) as u64).saturating_mul(trials as u64));
            }
            (0..s * s)
                .into_par_iter()
                .map(|p| {
                    interrupt::within(token.as_ref(), || {
                        let (i, j) = (p / s, p % s);
                        let mut fixed = 0usize;
                        for t in 0..trials {
                            if t % 1024 == 0 {
                                interrupt::check()?;
                                if t > 0 {
                                    tick(1024);
                                }
                            }
                            let mut rng = SplitMix64::for_stream(seed, (p as u64) << 32 | t as u64);
                            let m = if i == j { [1.0; 4] } else { entries(i, j) };
                            fixed += usize::from(simulate_once(
                                m,
                                population,
                                w,
                                options.fitness,
                                &mut rng,
                            ));
                        }
                        tick(trials - (trials - 1) / 1024 * 1024);
                        Ok(fixed as f64 / trials as f64)
                    })
                })
                .collect::<Result<_>>()?
        }
    };
    Ok(Array2::from_shape_vec((s, s), values).expect("s × s values"))
}

/// [`moran`] in exact arithmetic with linear fitness `1 − w + w π`: `payoff_matrix` and the
/// intensity `w` are rationals, and so are the fixation probabilities.
///
/// Progress: one unit per pair `(i, j)` to the counters of [`crate::progress`].
///
/// # Errors
/// As [`moran`]; also a population above [`MAX_EXACT_POPULATION`], or more than
/// [`MAX_EXACT_WORK`] steps (pairs × population).
///
/// # Example
/// ```
/// use detente::repeated::moran_exact;
/// use num_rational::BigRational;
///
/// let r = |n: i64| BigRational::from_integer(n.into());
/// // Always-defect invading always-cooperate in the prisoner's dilemma (3, 0, 5, 1).
/// let m = vec![vec![r(3), r(0)], vec![r(5), r(1)]];
/// let rho = moran_exact(&m, 3, &BigRational::new(1.into(), 2.into()))?;
/// // N = 3, w = 1/2: ρ = 1 / (1 + 5/12 + 5/12 · 1/4) = 48/73 for the defector.
/// assert_eq!(rho[1][0], BigRational::new(48.into(), 73.into()));
/// assert_eq!(rho[0][1], BigRational::new(5.into(), 73.into()));
/// assert_eq!(rho[0][0], BigRational::new(1.into(), 3.into()));
/// # Ok::<(), detente::Error>(())
/// ```
pub fn moran_exact(
    payoff_matrix: &[Vec<BigRational>],
    population: usize,
    intensity: &BigRational,
) -> Result<Vec<Vec<BigRational>>> {
    let s = payoff_matrix.len();
    for row in payoff_matrix {
        check_square(s, row.len())?;
    }
    check_square(s, s)?;
    if intensity.is_negative() {
        return Err(Error::InvalidArgument(format!(
            "intensity: {intensity}; give an intensity of selection >= 0"
        )));
    }
    check_population(population, true)?;
    let work = (s * s) as f64 * population as f64;
    if work > MAX_EXACT_WORK {
        return Err(Error::InvalidArgument(format!(
            "population: {population} individuals for {s} strategies make about {work:.1e} exact steps, above the {MAX_EXACT_WORK:.0e} an exact computation takes; give float payoffs for the float closed form"
        )));
    }
    let n = BigRational::from_integer(population.into());
    let one = BigRational::one();
    let w = intensity;
    let base = &one - w;
    let mut out = vec![vec![BigRational::zero(); s]; s];
    // Progress: one unit per pair (i, j).
    let watch = progress::current();
    if let Some(p) = &watch {
        p.set_total((s * s) as u64);
    }
    for (i, row) in out.iter_mut().enumerate() {
        for (j, rho) in row.iter_mut().enumerate() {
            interrupt::check()?;
            if i == j {
                *rho = BigRational::one() / &n;
                if let Some(p) = &watch {
                    p.add(1);
                }
                continue;
            }
            let (a, b) = (&payoff_matrix[i][i], &payoff_matrix[i][j]);
            let (c, d) = (&payoff_matrix[j][i], &payoff_matrix[j][j]);
            let mut sum = BigRational::one();
            let mut product = BigRational::one();
            for k in 1..population {
                if k % 256 == 0 {
                    interrupt::check()?;
                }
                let k = BigRational::from_integer(k.into());
                let pa = (a * (&k - &one) + b * (&n - &k)) / (&n - &one);
                let pb = (c * &k + d * (&n - &k - &one)) / (&n - &one);
                let fa = &base + w * pa;
                let fb = &base + w * pb;
                if !fa.is_positive() || !fb.is_positive() {
                    let worst = if fa < fb { fa } else { fb };
                    return Err(Error::InvalidArgument(format!(
                        "intensity: a fitness 1 − w + w·payoff of {worst} is not positive; lower the intensity of selection or shift the payoffs up"
                    )));
                }
                product = product * fb / fa;
                sum += &product;
            }
            *rho = one.clone() / sum;
            if let Some(p) = &watch {
                p.add(1);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn float_and_exact_closed_forms_agree() {
        let m = array![[3.0, 0.0], [5.0, 1.0]];
        let o = MoranOptions {
            population: 6,
            intensity: 0.1,
            ..Default::default()
        };
        let float = moran(m.view(), &o).unwrap();
        let r = |x: i64| BigRational::from_integer(x.into());
        let exact = moran_exact(
            &[vec![r(3), r(0)], vec![r(5), r(1)]],
            6,
            &BigRational::new(1.into(), 10.into()),
        )
        .unwrap();
        for i in 0..2 {
            for j in 0..2 {
                let e: f64 = num_traits::ToPrimitive::to_f64(&exact[i][j]).unwrap();
                assert!((float[[i, j]] - e).abs() < 1e-12);
            }
        }
    }
}
