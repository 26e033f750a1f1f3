//! Community enforcement under anonymous random matching: the contagion threshold of Kandori
//! (1992).

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use serde::{Deserialize, Serialize};

use super::algebraic::{self, AlgebraicNumber, DiscountInterval, Poly};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::report::{Cell, Labels, Report, Table, Validate};

/// The largest population solved exactly (the constraints have degree about `M`; `M = 40`
/// takes seconds).
pub const MAX_POPULATION: usize = 40;

/// The contagion threshold of a population of `M` players randomly matched in a symmetric
/// 2×2 stage game: the smallest discount factor at which the contagious strategy is a
/// sequential equilibrium, exactly.
///
/// See [`contagion_threshold`] for the conditions checked.
///
/// # Example
/// ```
/// use detente::repeated::contagion_threshold;
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let c = contagion_threshold(&pd, 2)?;
/// assert_eq!(c.discount, Some(0.5)); // bilateral grim: (5 − 3) / (5 − 1)
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContagionThreshold {
    /// The number of players `M` (even).
    pub population: usize,
    /// The smallest discount factor at which contagion is a sequential equilibrium, or
    /// `None` if there is none.
    pub discount: Option<f64>,
    /// The same, exactly: a rational or a root of [`ContagionThreshold::polynomial`]'s
    /// square-free part, isolated in a rational bracket of width below 1e-30.
    pub threshold: Option<AlgebraicNumber>,
    /// The on-path incentive constraint `h(δ) >= 0` (coefficients, lowest degree first):
    /// not starting the contagion pays.
    pub polynomial: Vec<BigRational>,
    /// The off-path constraints: for `k = 2..=M` infected players, an infected player
    /// prefers to keep defecting (coefficients, lowest degree first).
    pub off_path: Vec<Vec<BigRational>>,
    /// Every discount factor at which contagion is a sequential equilibrium: disjoint closed
    /// intervals in increasing order.
    pub intervals: Vec<DiscountInterval>,
    /// The constraint binding at the threshold: `"on-path"`, or `"off-path, k infected"`
    /// (`None` when the threshold is 0 or there is none).
    pub binding: Option<String>,
    /// The stage payoffs `[R, S, T, P]` of the row player: (C, C), (C, D), (D, C), (D, D).
    pub stage_payoffs: Vec<f64>,
}

/// The contagion threshold (Kandori 1992, "Social Norms and Community Enforcement", *Review of
/// Economic Studies* 59) for `population` players randomly matched in pairs each period to
/// play the symmetric 2×2 `stage` game, action 0 = cooperate (C), 1 = defect (D).
///
/// The contagious strategy: cooperate until you have faced a defection, then defect for ever.
/// Matching is a uniformly random perfect matching each period; players see only their own
/// matches. With `k` players infected (defecting), the number infected next period follows a
/// Markov chain: `k' = k + j`, where `j` is the number of pairs matching an infected and a
/// healthy player, whose law is counted exactly (`C(k, j) C(M−k, j) j! (k−j−1)!! (M−k−j−1)!!
/// / (M−1)!!`). `W(k)`, the value of an infected player who defects for ever with `k`
/// infected, solves the triangular system `W(k) = f(k) + δ Σ Q(k, k') W(k')`, where
/// `f(k) = (P (k−1) + T (M−k)) / (M−1)`. The conditions implemented, with stage payoffs
/// `R = u(C,C)`, `S = u(C,D)`, `T = u(D,C)`, `P = u(D,D)`:
///
/// 1. **On path** (no one starts the contagion): `R / (1−δ) >= T + δ W(2)` (a deviator meets a
///    cooperator today, then defects for ever with two infected).
/// 2. **Off path** (an infected player keeps punishing), for every `k = 2, …, M` infected:
///    defecting for ever is worth at least cooperating once (which spares a healthy partner,
///    or earns `S` against an infected one) and defecting afterwards. Required at every `k`,
///    so the condition holds whatever the player believes about `k`: a sufficient condition
///    for sequential equilibrium under any consistent beliefs, and Kandori's incentive to
///    keep spreading the contagion.
///
/// Cleared of their positive denominators these are polynomial inequalities in `δ` of degree
/// about `M/2` to `M`; the set of `δ` in `[0, 1)` where all hold is computed exactly and the
/// threshold is its smallest element (a root isolated by Sturm sequences; bisection on
/// rationals to width < 1e-30). With `M = 2` the chain is trivial and the threshold is the
/// bilateral grim-trigger one, `(T − R) / (T − P)`.
///
/// # Errors
/// [`Error::InvalidGame`] unless `stage` is a symmetric 2-player game with 2 actions each;
/// [`Error::InvalidArgument`] for an odd population, fewer than 2 or more than
/// [`MAX_POPULATION`] players; [`Error::Interrupted`] if stopped.
///
/// # Complexity
/// `O(M²)` polynomial products of degree `O(M)` in big rationals, then Sturm sequences of the
/// `M` constraints.
///
/// # Example
/// ```
/// use detente::repeated::contagion_threshold;
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// // Four players: 2δ² + 3δ − 3 >= 0, δ >= (√33 − 3) / 4.
/// let c = contagion_threshold(&pd, 4)?;
/// assert!((c.discount.unwrap() - (33f64.sqrt() - 3.0) / 4.0).abs() < 1e-12);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn contagion_threshold(stage: &Game, population: usize) -> Result<ContagionThreshold> {
    let (r, s, t, p) = stage_payoffs(stage)?;
    let m = population;
    if m < 2 || m % 2 == 1 {
        return Err(Error::InvalidArgument(format!(
            "population: {m} players cannot all be matched in pairs; give an even number, at least 2"
        )));
    }
    if m > MAX_POPULATION {
        return Err(Error::InvalidArgument(format!(
            "population: {m} players is more than the {MAX_POPULATION} solved exactly"
        )));
    }
    let q = |a: usize, b: usize| cross_pairs(a, b);
    // Q[k][k'] for k = 0..=M (row k holds the law of k' = k + j).
    let mut chain: Vec<Vec<BigRational>> = vec![vec![BigRational::zero(); m + 1]; m + 1];
    for (k, row) in chain.iter_mut().enumerate().skip(1) {
        for (j, pr) in q(k, m - k).into_iter().enumerate() {
            row[k + j] += pr;
        }
    }
    let mm1 = BigRational::from_integer(BigInt::from(m - 1));
    let int = |x: usize| BigRational::from_integer(BigInt::from(x));
    let f = |k: usize| (&p * int(k - 1) + &t * int(m - k)) / &mm1;
    let g = |k: usize| (&s * int(k - 1) + &r * int(m - k)) / &mm1;
    let delta = algebraic::monomial(1);
    let one: Poly = vec![BigRational::one()];
    // 1 − δ Q(k, k).
    let stay = |k: usize| algebraic::sub(&one, &algebraic::scale(&delta, &chain[k][k]));
    // F[k] = Π_{k <= i < M} (1 − δ Q(i, i)); F[M] = 1.
    let mut big_f: Vec<Poly> = vec![one.clone(); m + 1];
    for k in (1..m).rev() {
        big_f[k] = algebraic::mul(&stay(k), &big_f[k + 1]);
    }
    // Π_{lo <= i < hi} (1 − δ Q(i, i)) = F[lo] / F[hi].
    let between = |lo: usize, hi: usize, big_f: &[Poly]| -> Poly {
        let mut out = one.clone();
        for i in lo..hi {
            out = algebraic::mul(&out, &stay(i));
        }
        let _ = big_f;
        out
    };
    // W(k) = N[k] / ((1 − δ) F[k]).
    let one_minus = vec![BigRational::one(), -BigRational::one()];
    let mut big_n: Vec<Poly> = vec![Vec::new(); m + 1];
    big_n[m] = algebraic::trim(vec![p.clone()]);
    for k in (1..m).rev() {
        interrupt::check()?;
        let mut num = algebraic::scale(&algebraic::mul(&one_minus, &big_f[k + 1]), &f(k));
        for k2 in (k + 1)..=m {
            if chain[k][k2].is_zero() {
                continue;
            }
            let term = algebraic::mul(&big_n[k2], &between(k + 1, k2, &big_f));
            num = algebraic::add(
                &num,
                &algebraic::mul(&delta, &algebraic::scale(&term, &chain[k][k2])),
            );
        }
        big_n[k] = num;
    }
    // On path: R F[2] − T (1 − δ) F[2] − δ N[2] >= 0 (times (1 − δ) F[2] > 0).
    let on = algebraic::sub(
        &algebraic::sub(
            &algebraic::scale(&big_f[2], &r),
            &algebraic::scale(&algebraic::mul(&one_minus, &big_f[2]), &t),
        ),
        &algebraic::mul(&delta, &big_n[2]),
    );
    // Off path at k: (f(k) − g(k)) (1 − δ) F[k] + δ Σ (Q − Q')(k, k') N[k'] Π_{k<=i<k'} >= 0.
    let mut off = Vec::with_capacity(m - 1);
    for k in 2..=m {
        interrupt::check()?;
        let mut alt = vec![BigRational::zero(); m + 1];
        // Partner healthy (prob (M−k)/(M−1)): the other k−1 infected and M−k−1 healthy match.
        if m > k {
            let w = int(m - k) / &mm1;
            for (j, pr) in q(k - 1, m - k - 1).into_iter().enumerate() {
                alt[k + j] += &w * pr;
            }
        }
        // Partner infected (prob (k−1)/(M−1)): k−2 infected and M−k healthy match.
        let w = int(k - 1) / &mm1;
        for (j, pr) in q(k - 2, m - k).into_iter().enumerate() {
            alt[k + j] += &w * pr;
        }
        let mut h = algebraic::scale(&algebraic::mul(&one_minus, &big_f[k]), &(f(k) - g(k)));
        for k2 in k..=m {
            let diff = &chain[k][k2] - &alt[k2];
            if diff.is_zero() {
                continue;
            }
            let term = algebraic::mul(&big_n[k2], &between(k, k2, &big_f));
            h = algebraic::add(&h, &algebraic::mul(&delta, &algebraic::scale(&term, &diff)));
        }
        off.push(h);
    }
    let mut all = vec![on.clone()];
    all.extend(off.iter().cloned());
    let selection = vec![(0..all.len()).collect::<Vec<_>>()];
    let solution = algebraic::solve(&all, &selection)?.remove(0);
    let threshold = solution.intervals.first().map(|i| i.lower.clone());
    let binding = solution.binding.first().and_then(|b| b.first()).map(|&c| {
        if c == 0 {
            "on-path".to_string()
        } else {
            format!("off-path, {} infected", c + 1)
        }
    });
    let float = |x: &BigRational| num_traits::ToPrimitive::to_f64(x).unwrap_or(f64::NAN);
    Ok(ContagionThreshold {
        population: m,
        discount: threshold.as_ref().map(|a| a.value),
        threshold,
        polynomial: on,
        off_path: off,
        intervals: solution.intervals,
        binding,
        stage_payoffs: vec![float(&r), float(&s), float(&t), float(&p)],
    })
}

/// The law of the number `j` of infected–healthy pairs in a uniformly random perfect
/// matching of `a` infected and `b` healthy players (`a + b` even): entry `j`.
fn cross_pairs(a: usize, b: usize) -> Vec<BigRational> {
    if (a + b) % 2 == 1 {
        return vec![BigRational::zero()];
    }
    let total = double_factorial_odd(a + b);
    let mut out = vec![BigRational::zero(); a.min(b) + 1];
    for (j, slot) in out.iter_mut().enumerate() {
        if (a - j) % 2 == 1 {
            continue;
        }
        let ways = binomial(a, j)
            * binomial(b, j)
            * factorial(j)
            * double_factorial_odd(a - j)
            * double_factorial_odd(b - j);
        *slot = BigRational::new(ways, total.clone());
    }
    out
}

/// `(n − 1)!!`: the number of perfect matchings of `n` (even) players; 1 for `n = 0`.
fn double_factorial_odd(n: usize) -> BigInt {
    let mut out = BigInt::one();
    let mut k = n.saturating_sub(1);
    while k > 1 {
        out *= k;
        k -= 2;
    }
    out
}

fn factorial(n: usize) -> BigInt {
    (1..=n).fold(BigInt::one(), |acc, k| acc * k)
}

fn binomial(n: usize, k: usize) -> BigInt {
    (0..k).fold(BigInt::one(), |acc, i| acc * (n - i) / (i + 1))
}

/// `(R, S, T, P)` of a symmetric 2×2 game.
fn stage_payoffs(stage: &Game) -> Result<(BigRational, BigRational, BigRational, BigRational)> {
    if stage.num_players() != 2 || stage.shape() != [2, 2] {
        return Err(Error::InvalidGame(format!(
            "stage: contagion needs a symmetric 2-player game with 2 actions each (cooperate, defect); this one has shape {:?}",
            stage.shape()
        )));
    }
    let u = |a: usize, b: usize, i: usize| stage.exact_payoff((a * 2 + b) * 2 + i);
    for a in 0..2 {
        for b in 0..2 {
            if u(a, b, 0) != u(b, a, 1) {
                return Err(Error::InvalidGame(format!(
                    "stage: the game is not symmetric (the row player's payoff at ({a}, {b}) differs from the column player's at ({b}, {a})); contagion needs one stage game for every pair"
                )));
            }
        }
    }
    Ok((u(0, 0, 0), u(0, 1, 0), u(1, 0, 0), u(1, 1, 0)))
}

impl Report for ContagionThreshold {
    fn summary(&self, _labels: &Labels) -> String {
        let what = match &self.threshold {
            Some(a) => format!(
                "contagion is a sequential equilibrium from δ = {}",
                a.describe()
            ),
            None => "contagion is never a sequential equilibrium".to_string(),
        };
        let binding = self
            .binding
            .as_ref()
            .map_or(String::new(), |b| format!(" (binding: {b})"));
        format!("{} players: {what}{binding}", self.population)
    }

    fn table(&self, _labels: &Labels) -> Table {
        let mut t = Table::new(["lower", "lower_exact", "upper", "upper_exact"]);
        let exact = |a: &AlgebraicNumber| match &a.exact {
            Some(r) => Cell::Exact(r.clone()),
            None => Cell::Text(a.describe()),
        };
        for i in &self.intervals {
            t.push(vec![
                i.lower.value.into(),
                exact(&i.lower),
                i.upper.as_ref().map_or(1.0.into(), |u| u.value.into()),
                i.upper.as_ref().map_or(Cell::Missing, exact),
            ]);
        }
        t
    }
}

impl Validate for ContagionThreshold {
    fn check_fields(&self, _labels: &Labels) -> Result<()> {
        if self.population < 2 || self.population % 2 == 1 {
            return Err(Error::Json(format!(
                "population is {}; it must be even and at least 2",
                self.population
            )));
        }
        if self.discount.is_some_and(|x| !(0.0..1.0).contains(&x)) {
            return Err(Error::Json("discount is outside [0, 1)".into()));
        }
        if self.stage_payoffs.len() != 4 || self.stage_payoffs.iter().any(|x| !x.is_finite()) {
            return Err(Error::Json("stage_payoffs must be 4 finite numbers".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_laws_sum_to_one() {
        for (a, b) in [(2, 2), (1, 3), (4, 6), (0, 4), (3, 1)] {
            let total: BigRational = cross_pairs(a, b).into_iter().sum();
            assert!(total.is_one(), "{a} {b}");
        }
        // 2 infected, 2 healthy: 1 of the 3 matchings pairs the infected together.
        let law = cross_pairs(2, 2);
        assert_eq!(law[0], BigRational::new(1.into(), 3.into()));
        assert_eq!(law[2], BigRational::new(2.into(), 3.into()));
    }
}
