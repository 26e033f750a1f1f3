//! Exact discounted payoffs of a profile of automata: [`RepeatedGame::payoffs`].
//!
//! The joint state of the automata is a Markov chain (deterministic when every output is
//! pure). Player `i`'s normalised value `v = (1 - β) Σ_t β^t E[u_i(a_t)]`, `β = δ_i p`, solves
//! `(I - β P) V = (1 - β) r` over the joint states reached on the path. Pure play is
//! eventually periodic: a prefix `x_0 … x_{L-1}` then a cycle `y_0 … y_{C-1}` repeated, so
//! `v = (1 - β) Σ_{t<L} β^t u(x_t) + β^L Σ_{k<C} β^k u(y_k) / Σ_{k<C} β^k`: no simulation,
//! and exact in rationals when the stage payoffs are exact.

use num_rational::BigRational;
use serde::{Deserialize, Serialize};

use super::chain::{Chain, Scalar, values};
use super::{Automaton, RepeatedGame};
use crate::error::{Error, Result};
use crate::format;
use crate::interrupt;
use crate::report::{Labels, Report, Table, Validate, check_finite, check_index, invalid, numbers};

/// The longest finite horizon whose payoffs are computed exactly.
pub const MAX_EXACT_HORIZON: usize = 100_000;

/// The most (periods × joint states × profiles) a finite-horizon analysis with mixed outputs
/// steps through (floats; a 64th of it exactly).
pub const MAX_FINITE_WORK: usize = 1 << 26;

/// The discounted payoffs of a profile of automata ([`RepeatedGame::payoffs`]).
///
/// Over an infinite horizon each player's payoff is normalised, `(1 - δ_i p) Σ_t (δ_i p)^t
/// E[u_i(a_t)]`, on the scale of stage payoffs; over a finite horizon `T` it is the plain sum
/// `Σ_{t<T} (δ_i p)^t E[u_i(a_t)]` (not normalised).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepeatedPayoffs {
    /// Each player's payoff.
    pub payoffs: Vec<f64>,
    /// The exact payoffs, when the stage payoffs are exact.
    pub payoffs_exact: Option<Vec<BigRational>>,
    /// For pure profiles, the action profiles played before play cycles (`None` for mixed).
    pub prefix: Option<Vec<Vec<usize>>>,
    /// For pure profiles, the action profiles of the cycle then repeated for ever.
    pub cycle: Option<Vec<Vec<usize>>>,
    /// The number of periods, or `None` for an infinite horizon.
    pub horizon: Option<usize>,
    /// The number of joint states reached on the path.
    pub joint_states: usize,
}

impl RepeatedGame {
    /// The discounted payoffs when each player follows their automaton (one per player, in
    /// seat order, each built for the stage game from its own seat: own actions first).
    ///
    /// Computed in closed form, exactly (rationals, see [`RepeatedPayoffs::payoffs_exact`])
    /// when the stage payoffs are exact, in floats otherwise. For pure profiles the result
    /// also gives the path: a prefix of action profiles and the cycle repeated after it.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when there is not one automaton per player, an automaton
    /// does not fit its seat (the message names the player), the joint state space is too
    /// large ([`super::chain::MAX_JOINT_STATES`]), or a finite horizon is too long for the
    /// method; [`Error::Interrupted`] when stopped.
    ///
    /// # Complexity
    /// Tabulating the joint states reachable under arbitrary profiles costs
    /// `O(|R| · |A|)` for `|R|` of them and `|A|` stage profiles; pure profiles then take
    /// `O(|R|)` per player, mixed ones a linear solve over the joint states on the path.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{Automaton, RepeatedGame};
    /// use detente::solve::BigRational;
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// // Exact payoffs give exact values.
    /// let r = |x: i64| BigRational::from_integer(x.into());
    /// let a = array![[r(3), r(0)], [r(5), r(1)]].into_dyn();
    /// let pd = Game::from_exact_player_arrays(&[a.view(), a.t()])?;
    /// let rg = RepeatedGame::new(pd, 0.5)?;
    /// // Tit-for-tat against suspicious tit-for-tat: (C, D), (D, C), (C, D), ...
    /// let table = vec![vec![0, 1, 0, 1], vec![0, 1, 0, 1]];
    /// let tft = Automaton::pure(vec!["C".into(), "D".into()], vec![0, 1], table.clone(), vec![2, 2], 0)?;
    /// let stft = Automaton::pure(vec!["C".into(), "D".into()], vec![0, 1], table, vec![2, 2], 1)?;
    /// let v = rg.payoffs(&[&tft, &stft])?;
    /// // Player 1 earns 0, 5, 0, 5, ...: (1 - 1/2)(5/2)/(1 - 1/4) = 5/3.
    /// assert_eq!(v.payoffs_exact.unwrap()[0].to_string(), "5/3");
    /// assert_eq!(v.cycle.unwrap(), vec![vec![0, 1], vec![1, 0]]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn payoffs(&self, strategies: &[&Automaton]) -> Result<RepeatedPayoffs> {
        if self.stage().is_exact() {
            let (v, path) = compute::<BigRational>(self, strategies)?;
            Ok(RepeatedPayoffs {
                payoffs: v.0.iter().map(Scalar::to_float).collect(),
                payoffs_exact: Some(v.0),
                prefix: path.0,
                cycle: path.1,
                horizon: self.horizon(),
                joint_states: v.1,
            })
        } else {
            let (v, path) = compute::<f64>(self, strategies)?;
            Ok(RepeatedPayoffs {
                payoffs: v.0,
                payoffs_exact: None,
                prefix: path.0,
                cycle: path.1,
                horizon: self.horizon(),
                joint_states: v.1,
            })
        }
    }
}

type Path = (Option<Vec<Vec<usize>>>, Option<Vec<Vec<usize>>>);

fn compute<T: Scalar>(
    rg: &RepeatedGame,
    strategies: &[&Automaton],
) -> Result<((Vec<T>, usize), Path)> {
    let chain = Chain::<T>::new(rg, strategies)?;
    let n = chain.n;
    let betas: Vec<T> = (0..n)
        .map(|i| T::from_rational(&rg.exact_effective_discount(i)))
        .collect();
    let on_path = chain.on_path();
    if chain.is_pure() {
        // The path from the initial joint state: prefix then cycle.
        let mut first_seen = vec![usize::MAX; chain.len()];
        let mut walk = Vec::new();
        let mut s = 0;
        while first_seen[s] == usize::MAX {
            first_seen[s] = walk.len();
            walk.push(s);
            s = chain.next(s, chain.pure_profile(s).unwrap_or(0));
        }
        let at = first_seen[s];
        let profile = |s: usize| chain.pure_profile(s).unwrap_or(0);
        let prefix: Vec<usize> = walk[..at].iter().map(|&s| profile(s)).collect();
        let cycle: Vec<usize> = walk[at..].iter().map(|&s| profile(s)).collect();
        let v: Vec<T> = (0..n)
            .map(|i| {
                let r = |a: &usize| chain.u[a * n + i].clone();
                let pr: Vec<T> = prefix.iter().map(r).collect();
                let cy: Vec<T> = cycle.iter().map(r).collect();
                match rg.horizon() {
                    None => Ok(periodic_value(&pr, &cy, &betas[i])),
                    Some(t) => {
                        if T::EXACT && t > MAX_EXACT_HORIZON {
                            return Err(Error::InvalidArgument(format!(
                                "horizon: {t} periods is more than the {MAX_EXACT_HORIZON} whose \
                                 payoffs are computed exactly; give float stage payoffs or a \
                                 shorter horizon"
                            )));
                        }
                        Ok(periodic_sum(&pr, &cy, &betas[i], t))
                    }
                }
            })
            .collect::<Result<_>>()?;
        let decode = |p: Vec<usize>| p.into_iter().map(|a| chain.decode(a)).collect();
        return Ok(((v, walk.len()), (Some(decode(prefix)), Some(decode(cycle)))));
    }
    let v = match rg.horizon() {
        None => (0..n)
            .map(|i| values(&chain, &on_path, i, &betas[i]).map(|v| v[0].clone()))
            .collect::<Result<Vec<T>>>()?,
        Some(t) => finite_values(&chain, &on_path, &betas, t)?,
    };
    Ok(((v, on_path.len()), (None, None)))
}

/// `(1 - β) Σ_{t<L} β^t p_t + β^L Σ_{k<C} β^k c_k / Σ_{k<C} β^k`.
pub(crate) fn periodic_value<T: Scalar>(prefix: &[T], cycle: &[T], beta: &T) -> T {
    let mut power = T::one();
    let mut head = T::zero();
    for x in prefix {
        head = head + power.clone() * x.clone();
        power = power * beta.clone();
    }
    let (mut num, mut den, mut q) = (T::zero(), T::zero(), T::one());
    for x in cycle {
        num = num + q.clone() * x.clone();
        den = den + q.clone();
        q = q * beta.clone();
    }
    (T::one() - beta.clone()) * head + power * num / den
}

fn pow<T: Scalar>(x: &T, mut e: usize) -> T {
    let (mut base, mut acc) = (x.clone(), T::one());
    while e > 0 {
        if e & 1 == 1 {
            acc = acc * base.clone();
        }
        base = base.clone() * base;
        e >>= 1;
    }
    acc
}

/// `Σ_{t<T} β^t a_t` along the eventually periodic sequence `prefix, cycle, cycle, …`.
pub(crate) fn periodic_sum<T: Scalar>(prefix: &[T], cycle: &[T], beta: &T, periods: usize) -> T {
    let mut power = T::one();
    let mut total = T::zero();
    for x in prefix.iter().take(periods) {
        total = total + power.clone() * x.clone();
        power = power * beta.clone();
    }
    if periods <= prefix.len() {
        return total;
    }
    let rest = periods - prefix.len();
    let (full, part) = (rest / cycle.len(), rest % cycle.len());
    // One cycle's discounted sum, and β^C.
    let (mut once, mut q) = (T::zero(), T::one());
    let mut partial = T::zero();
    for (k, x) in cycle.iter().enumerate() {
        if k == part {
            partial = once.clone();
        }
        once = once + q.clone() * x.clone();
        q = q * beta.clone();
    }
    // Σ_{j<full} β^{jC} = (1 - β^{C full}) / (1 - β^C), or `full` when β^C = 1.
    let geometric = if q.is_one() {
        (0..full).fold(T::zero(), |acc, _| acc + T::one())
    } else {
        (T::one() - pow(&q, full)) / (T::one() - q.clone())
    };
    total + power.clone() * once * geometric + power * pow(&q, full) * partial
}

/// Finite-horizon sums `W_T(initial)` by backward induction over `subset`.
fn finite_values<T: Scalar>(
    chain: &Chain<T>,
    subset: &[usize],
    betas: &[T],
    periods: usize,
) -> Result<Vec<T>> {
    let work = periods
        .saturating_mul(subset.len())
        .saturating_mul(chain.num_profiles);
    let limit = if T::EXACT {
        MAX_FINITE_WORK >> 6
    } else {
        MAX_FINITE_WORK
    };
    if work > limit {
        return Err(Error::InvalidArgument(format!(
            "horizon: {periods} periods × {} joint states × {} profiles is more work than the \
             {limit} steps a finite-horizon analysis takes{}; give a shorter horizon",
            subset.len(),
            chain.num_profiles,
            if T::EXACT {
                " exactly (float stage payoffs allow more)"
            } else {
                ""
            }
        )));
    }
    let n = chain.n;
    let mut dists: Vec<Vec<(usize, T)>> = vec![Vec::new(); chain.len()];
    for &s in subset {
        dists[s] = chain.profiles(s);
    }
    let mut w = vec![vec![T::zero(); chain.len()]; n];
    for _ in 0..periods {
        interrupt::check()?;
        let mut next = vec![vec![T::zero(); chain.len()]; n];
        for &s in subset {
            for (i, row) in next.iter_mut().enumerate() {
                let mut v = T::zero();
                for (a, p) in &dists[s] {
                    let t = chain.next(s, *a);
                    v = v + p.clone()
                        * (chain.u[a * n + i].clone() + betas[i].clone() * w[i][t].clone());
                }
                row[s] = v;
            }
        }
        w = next;
    }
    Ok(w.into_iter().map(|row| row[0].clone()).collect())
}

fn profile_text(labels: &Labels, profile: &[usize]) -> String {
    let parts: Vec<String> = profile
        .iter()
        .enumerate()
        .map(|(i, &a)| labels.action(i, a))
        .collect();
    format!("({})", parts.join(", "))
}

impl Report for RepeatedPayoffs {
    fn summary(&self, labels: &Labels) -> String {
        let values = match &self.payoffs_exact {
            Some(x) => format!(
                "[{}]",
                x.iter()
                    .map(format::rational)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => numbers(&self.payoffs),
        };
        let horizon = match self.horizon {
            Some(t) => format!("sums over {t} periods"),
            None => "normalised discounted payoffs".into(),
        };
        let play = match (&self.prefix, &self.cycle) {
            (Some(p), Some(c)) => {
                let p: Vec<String> = p.iter().map(|x| profile_text(labels, x)).collect();
                let c: Vec<String> = c.iter().map(|x| profile_text(labels, x)).collect();
                if p.is_empty() {
                    format!("; play: repeat {}", c.join(" "))
                } else {
                    format!("; play: {} then repeat {}", p.join(" "), c.join(" "))
                }
            }
            _ => format!("; mixed play over {} joint states", self.joint_states),
        };
        format!("payoffs {values} ({horizon}){play}")
    }

    /// One row per player: `player`, `payoff`, `payoff_exact`.
    fn table(&self, labels: &Labels) -> Table {
        crate::report::payoff_table(labels, &self.payoffs, self.payoffs_exact.as_deref())
    }
}

impl Validate for RepeatedPayoffs {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        let n = labels.players.len();
        if self.payoffs.len() != n {
            return Err(invalid(
                "payoffs",
                format!("has {} entries for {n} players", self.payoffs.len()),
            ));
        }
        check_finite("payoffs", &self.payoffs)?;
        if let Some(x) = &self.payoffs_exact
            && x.len() != n
        {
            return Err(invalid(
                "payoffs_exact",
                format!("has {} entries for {n} players", x.len()),
            ));
        }
        if self.prefix.is_some() != self.cycle.is_some()
            || self.cycle.as_ref().is_some_and(Vec::is_empty)
        {
            return Err(invalid(
                "cycle",
                "must be given, non-empty, exactly when prefix is",
            ));
        }
        let shape = labels.shape();
        for p in self.prefix.iter().chain(&self.cycle).flatten() {
            if p.len() != n {
                return Err(invalid("prefix", "holds a profile of the wrong length"));
            }
            for (&a, &k) in p.iter().zip(&shape) {
                check_index("cycle: an action", a, k)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    #[test]
    fn periodic_sums_match_term_by_term_sums() {
        let prefix = [q(1, 1), q(2, 1)];
        let cycle = [q(3, 1), q(-1, 1), q(5, 2)];
        let beta = q(2, 3);
        for periods in 1..20 {
            let mut total = q(0, 1);
            let mut power = q(1, 1);
            for t in 0..periods {
                let x = if t < 2 {
                    prefix[t].clone()
                } else {
                    cycle[(t - 2) % 3].clone()
                };
                total += &power * x;
                power *= &beta;
            }
            assert_eq!(periodic_sum(&prefix, &cycle, &beta, periods), total);
        }
        // Undiscounted sums too.
        assert_eq!(periodic_sum(&prefix, &cycle, &q(1, 1), 8), q(3 + 9, 1));
    }
}
