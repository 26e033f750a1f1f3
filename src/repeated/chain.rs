//! The joint play of one automaton per player: the Markov chain on joint states (one state
//! per automaton) that [`payoffs`](super::payoffs), [`spe`](super::spe) and
//! [`discount_range`](super::discount_range) evaluate.
//!
//! The chain holds the joint states **reachable from the initial one under arbitrary action
//! profiles**: every finite history of play (on or off the path) leads to one of them, and
//! every one of them is where some history leads. Since the automata's future play depends on
//! the history only through the joint state, these are exactly the subgames a subgame-perfect
//! profile must be checked in. (Joint states outside this set are never reached after any
//! history, so a deviation there is no subgame and must not fail the check.)

use nalgebra::DMatrix;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

use super::{Automaton, RepeatedGame};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;

/// The most joint states (the product of the automata's state counts) an analysis accepts.
pub const MAX_JOINT_STATES: usize = 1 << 20;

/// The most transitions (joint states × stage profiles) an analysis tabulates.
pub const MAX_TRANSITIONS: usize = 1 << 25;

/// The largest linear system (joint states) solved for profiles with mixed outputs: exactly
/// ([`BigRational`]) and in floats.
pub const MAX_EXACT_SYSTEM: usize = 200;
/// See [`MAX_EXACT_SYSTEM`].
pub const MAX_FLOAT_SYSTEM: usize = 3000;

/// The numbers analyses compute with: `f64` for float games, [`BigRational`] for exact ones.
pub(crate) trait Scalar:
    Clone
    + Debug
    + PartialOrd
    + Zero
    + One
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    fn from_rational(r: &BigRational) -> Self;
    /// Entry `k` of the game's payoff slice.
    fn payoff(game: &Game, k: usize) -> Self;
    fn to_float(&self) -> f64;
    /// Solves `a x = b` (`a` is `m × m`, row-major; `b` has `m` entries).
    fn solve(m: usize, a: Vec<Self>, b: Vec<Self>) -> Option<Vec<Self>>;
    /// Whether `self` is positive beyond rounding at payoff scale `scale`.
    fn exceeds(&self, scale: f64) -> bool;
    /// The exact value, for an exact scalar.
    fn exact(&self) -> Option<BigRational>;
    const EXACT: bool;
}

impl Scalar for f64 {
    fn from_rational(r: &BigRational) -> Self {
        r.to_f64().unwrap_or(f64::NAN)
    }
    fn payoff(game: &Game, k: usize) -> Self {
        game.payoff_slice()[k]
    }
    fn to_float(&self) -> f64 {
        *self
    }
    fn solve(m: usize, a: Vec<Self>, b: Vec<Self>) -> Option<Vec<Self>> {
        let a = DMatrix::from_row_slice(m, m, &a);
        let b = nalgebra::DVector::from_vec(b);
        a.lu().solve(&b).map(|x| x.iter().copied().collect())
    }
    fn exceeds(&self, scale: f64) -> bool {
        *self > 1e-9 * scale.max(1.0)
    }
    fn exact(&self) -> Option<BigRational> {
        None
    }
    const EXACT: bool = false;
}

impl Scalar for BigRational {
    fn from_rational(r: &BigRational) -> Self {
        r.clone()
    }
    fn payoff(game: &Game, k: usize) -> Self {
        game.exact_payoff(k)
    }
    fn to_float(&self) -> f64 {
        self.to_f64().unwrap_or(f64::NAN)
    }
    fn solve(m: usize, a: Vec<Self>, b: Vec<Self>) -> Option<Vec<Self>> {
        gauss(m, a, b).map(|(x, _)| x)
    }
    fn exceeds(&self, _scale: f64) -> bool {
        self.is_positive()
    }
    fn exact(&self) -> Option<BigRational> {
        Some(self.clone())
    }
    const EXACT: bool = true;
}

/// Exact Gaussian elimination (first non-zero pivot): the solution of `a x = b` and the
/// determinant of `a`, or `None` when `a` is singular.
pub(crate) fn gauss(
    m: usize,
    mut a: Vec<BigRational>,
    mut b: Vec<BigRational>,
) -> Option<(Vec<BigRational>, BigRational)> {
    let mut det = BigRational::one();
    for k in 0..m {
        let p = (k..m).find(|&r| !a[r * m + k].is_zero())?;
        if p != k {
            for c in 0..m {
                a.swap(p * m + c, k * m + c);
            }
            b.swap(p, k);
            det = -det;
        }
        let pivot = a[k * m + k].clone();
        det *= &pivot;
        for r in k + 1..m {
            if a[r * m + k].is_zero() {
                continue;
            }
            let f = &a[r * m + k] / &pivot;
            for c in k..m {
                let v = &f * &a[k * m + c];
                a[r * m + c] -= v;
            }
            let v = &f * &b[k];
            b[r] -= v;
        }
    }
    let mut x = vec![BigRational::zero(); m];
    for k in (0..m).rev() {
        let mut s = b[k].clone();
        for c in k + 1..m {
            s -= &a[k * m + c] * &x[c];
        }
        x[k] = s / &a[k * m + k];
    }
    Some((x, det))
}

/// The joint play of a profile of automata in a stage game.
pub(crate) struct Chain<T> {
    pub n: usize,
    pub num_profiles: usize,
    /// Profile strides of the stage game.
    pub strides: Vec<usize>,
    /// The stage game's shape.
    pub shape: Vec<usize>,
    /// Reachable joint states; 0 is the initial one.
    pub states: Vec<Vec<usize>>,
    /// `succ[s * num_profiles + a]`: the joint state after profile `a` in joint state `s`.
    pub succ: Vec<u32>,
    /// `out[i][state of automaton i][action]`.
    pub out: Vec<Vec<Vec<T>>>,
    /// The action of automaton `i` in each of its states, when pure.
    pub pure_out: Vec<Vec<Option<usize>>>,
    /// Stage payoffs, `u[a * n + i]`.
    pub u: Vec<T>,
    /// The largest absolute stage payoff (tolerance scale of float checks).
    pub scale: f64,
}

/// Checks that there is one automaton per player, each built for its seat.
pub(crate) fn check_profile(rg: &RepeatedGame, strategies: &[&Automaton]) -> Result<()> {
    let n = rg.num_players();
    let shape = rg.stage().shape();
    if strategies.len() != n {
        return Err(Error::InvalidArgument(format!(
            "strategies: {} automata for a {n}-player stage game; give one per player, in seat order",
            strategies.len()
        )));
    }
    for (i, a) in strategies.iter().enumerate() {
        let mut seat = vec![shape[i]];
        seat.extend((0..n).filter(|&j| j != i).map(|j| shape[j]));
        if a.shape() != seat.as_slice() {
            return Err(Error::InvalidArgument(format!(
                "strategies: player {} ({})'s automaton is built for observed profiles of shape \
                 {:?}, but from that seat the stage game's profiles have shape {seat:?} (own \
                 actions first, then the others' in seat order)",
                i + 1,
                rg.stage().players()[i],
                a.shape()
            )));
        }
    }
    Ok(())
}

impl<T: Scalar> Chain<T> {
    /// Tabulates the joint states reachable under arbitrary profiles and their transitions.
    pub(crate) fn new(rg: &RepeatedGame, strategies: &[&Automaton]) -> Result<Self> {
        check_profile(rg, strategies)?;
        let game = rg.stage();
        let n = game.num_players();
        let shape = game.shape().to_vec();
        let num_profiles = game.num_profiles();
        let counts: Vec<usize> = strategies.iter().map(|a| a.num_states()).collect();
        let product = counts
            .iter()
            .try_fold(1usize, |acc, &k| acc.checked_mul(k))
            .filter(|&p| p <= MAX_JOINT_STATES);
        let Some(product) = product else {
            return Err(Error::InvalidArgument(format!(
                "strategies: the automata have {counts:?} states, more than {MAX_JOINT_STATES} \
                 joint states together; use smaller automata (minimise them, or drop unreachable \
                 states)"
            )));
        };
        if product.saturating_mul(num_profiles) > MAX_TRANSITIONS {
            return Err(Error::InvalidArgument(format!(
                "strategies: {product} joint states × {num_profiles} stage profiles is more than \
                 the {MAX_TRANSITIONS} transitions an analysis tabulates; use smaller automata or \
                 a smaller stage game"
            )));
        }
        let strides = game.profile_strides();
        // The index of each profile in each automaton's transition row (own action first).
        let mut observed = vec![0u32; n * num_profiles];
        let mut profile = vec![0usize; n];
        for a in 0..num_profiles {
            let mut rest = a;
            for (i, s) in strides.iter().enumerate() {
                profile[i] = rest / s;
                rest %= s;
            }
            for (i, row) in strategies.iter().enumerate() {
                let s = row.shape();
                let mut idx = profile[i];
                for (k, j) in (1..).zip((0..n).filter(|&j| j != i)) {
                    idx = idx * s[k] + profile[j];
                }
                observed[i * num_profiles + a] = idx as u32;
            }
        }
        let code = |t: &[usize]| t.iter().zip(&counts).fold(0, |acc, (&s, &k)| acc * k + s);
        let mut index = Vec::new();
        index
            .try_reserve_exact(product)
            .map_err(|_| Error::InvalidArgument("strategies: out of memory".into()))?;
        index.resize(product, u32::MAX);
        let initial: Vec<usize> = strategies.iter().map(|a| a.initial()).collect();
        index[code(&initial)] = 0;
        let mut states = vec![initial];
        let mut succ: Vec<u32> = Vec::new();
        let mut next = vec![0usize; n];
        let mut k = 0;
        while k < states.len() {
            interrupt::check()?;
            succ.try_reserve(num_profiles)
                .map_err(|_| Error::InvalidArgument("strategies: out of memory".into()))?;
            for a in 0..num_profiles {
                for (i, aut) in strategies.iter().enumerate() {
                    let row = &aut.transitions()[states[k][i]];
                    next[i] = row[observed[i * num_profiles + a] as usize];
                }
                let c = code(&next);
                if index[c] == u32::MAX {
                    index[c] = states.len() as u32;
                    states.push(next.clone());
                }
                succ.push(index[c]);
            }
            k += 1;
        }
        let out = strategies
            .iter()
            .map(|a| {
                (0..a.num_states())
                    .map(|s| a.exact_output(s).iter().map(T::from_rational).collect())
                    .collect()
            })
            .collect();
        let pure_out = strategies
            .iter()
            .map(|a| (0..a.num_states()).map(|s| a.pure_output(s)).collect())
            .collect();
        let u = (0..num_profiles * n).map(|k| T::payoff(game, k)).collect();
        let scale = game
            .payoff_slice()
            .iter()
            .fold(0.0f64, |m, x| m.max(x.abs()));
        Ok(Self {
            n,
            num_profiles,
            strides,
            shape,
            states,
            succ,
            out,
            pure_out,
            u,
            scale,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.states.len()
    }

    /// Whether every automaton plays a pure action in every reachable joint state.
    pub(crate) fn is_pure(&self) -> bool {
        self.states.iter().all(|t| {
            t.iter()
                .enumerate()
                .all(|(i, &s)| self.pure_out[i][s].is_some())
        })
    }

    /// The profile played in joint state `s` when every automaton's output there is pure.
    pub(crate) fn pure_profile(&self, s: usize) -> Option<usize> {
        let mut a = 0;
        for (i, &q) in self.states[s].iter().enumerate() {
            a += self.pure_out[i][q]? * self.strides[i];
        }
        Some(a)
    }

    pub(crate) fn next(&self, s: usize, a: usize) -> usize {
        self.succ[s * self.num_profiles + a] as usize
    }

    /// The profile index as actions.
    pub(crate) fn decode(&self, a: usize) -> Vec<usize> {
        let mut rest = a;
        self.strides
            .iter()
            .map(|s| {
                let x = rest / s;
                rest %= s;
                x
            })
            .collect()
    }

    /// The other players' joint actions in joint state `s`, as (profile index with player
    /// `i`'s action 0, probability), over the support.
    pub(crate) fn others(&self, s: usize, i: usize) -> Vec<(usize, T)> {
        let mut acc: Vec<(usize, T)> = vec![(0, T::one())];
        for (j, &q) in self.states[s].iter().enumerate() {
            if j == i {
                continue;
            }
            let dist = &self.out[j][q];
            let mut next = Vec::with_capacity(acc.len());
            for (base, p) in &acc {
                for (b, w) in dist.iter().enumerate() {
                    if !w.is_zero() {
                        next.push((base + b * self.strides[j], p.clone() * w.clone()));
                    }
                }
            }
            acc = next;
        }
        acc
    }

    /// The joint distribution of profiles in joint state `s`, over its support.
    pub(crate) fn profiles(&self, s: usize) -> Vec<(usize, T)> {
        let own = &self.out[0][self.states[s][0]];
        let mut acc = Vec::new();
        for (base, p) in self.others(s, 0) {
            for (b, w) in own.iter().enumerate() {
                if !w.is_zero() {
                    acc.push((base + b * self.strides[0], p.clone() * w.clone()));
                }
            }
        }
        acc
    }

    /// The joint states reached with positive probability from the initial one, in order of
    /// discovery (0 first).
    pub(crate) fn on_path(&self) -> Vec<usize> {
        let mut seen = vec![false; self.len()];
        seen[0] = true;
        let mut order = vec![0];
        let mut k = 0;
        while k < order.len() {
            let s = order[k];
            for (a, _) in self.profiles(s) {
                let t = self.next(s, a);
                if !seen[t] {
                    seen[t] = true;
                    order.push(t);
                }
            }
            k += 1;
        }
        order
    }
}

/// Player `i`'s normalised discounted values `V = (1 - β) r + β P V` in every joint state of
/// `subset` (closed under the chain's positive-probability moves), indexed like the chain
/// (entries outside `subset` are zero).
///
/// Pure play is a functional graph: each cycle's value is its discounted average
/// `Σ_k β^k r(y_k) / Σ_k β^k`, and the states leading into it follow backwards. Mixed play
/// solves the linear system (exactly or by LU) over `subset`.
pub(crate) fn values<T: Scalar>(
    chain: &Chain<T>,
    subset: &[usize],
    i: usize,
    beta: &T,
) -> Result<Vec<T>> {
    let m = chain.len();
    let one_minus = T::one() - beta.clone();
    if chain.is_pure() {
        let succ: Vec<usize> = (0..m)
            .map(|s| chain.next(s, chain.pure_profile(s).unwrap_or(0)))
            .collect();
        let reward: Vec<T> = (0..m)
            .map(|s| chain.u[chain.pure_profile(s).unwrap_or(0) * chain.n + i].clone())
            .collect();
        return Ok(functional_values(&succ, &reward, subset, beta, &one_minus));
    }
    let size = subset.len();
    let limit = if T::EXACT {
        MAX_EXACT_SYSTEM
    } else {
        MAX_FLOAT_SYSTEM
    };
    if size > limit {
        return Err(Error::InvalidArgument(format!(
            "strategies: {size} joint states with mixed outputs need a linear system larger than \
             the {limit} states solved {}; use smaller automata{}",
            if T::EXACT { "exactly" } else { "in floats" },
            if T::EXACT {
                ", or float payoffs (a float stage game)"
            } else {
                ""
            }
        )));
    }
    let mut pos = vec![usize::MAX; m];
    for (k, &s) in subset.iter().enumerate() {
        pos[s] = k;
    }
    let mut a = vec![T::zero(); size * size];
    let mut b = vec![T::zero(); size];
    for (k, &s) in subset.iter().enumerate() {
        interrupt::check()?;
        a[k * size + k] = T::one();
        let mut r = T::zero();
        for (prof, p) in chain.profiles(s) {
            r = r + p.clone() * chain.u[prof * chain.n + i].clone();
            let t = pos[chain.next(s, prof)];
            a[k * size + t] = a[k * size + t].clone() - beta.clone() * p;
        }
        b[k] = one_minus.clone() * r;
    }
    let x = T::solve(size, a, b).ok_or_else(|| {
        Error::Solver("the value system I - βP is singular, which cannot happen for β < 1".into())
    })?;
    let mut v = vec![T::zero(); m];
    for (k, &s) in subset.iter().enumerate() {
        v[s] = x[k].clone();
    }
    Ok(v)
}

/// Values of a deterministic chain `succ` with rewards `reward`, on `subset` (closed under
/// `succ`).
fn functional_values<T: Scalar>(
    succ: &[usize],
    reward: &[T],
    subset: &[usize],
    beta: &T,
    one_minus: &T,
) -> Vec<T> {
    let m = succ.len();
    let mut v = vec![T::zero(); m];
    // 0 unvisited, 1 on the current walk, 2 done.
    let mut mark = vec![0u8; m];
    let mut walk = Vec::new();
    for &start in subset {
        if mark[start] == 2 {
            continue;
        }
        walk.clear();
        let mut s = start;
        while mark[s] == 0 {
            mark[s] = 1;
            walk.push(s);
            s = succ[s];
        }
        let mut end = walk.len();
        if mark[s] == 1 {
            // A new cycle: from s to the end of the walk.
            let at = walk.iter().position(|&x| x == s).unwrap_or(0);
            let cycle = &walk[at..];
            let mut num = T::zero();
            let mut den = T::zero();
            let mut power = T::one();
            for &y in cycle {
                num = num + power.clone() * reward[y].clone();
                den = den + power.clone();
                power = power * beta.clone();
            }
            let first = cycle[0];
            v[first] = num / den;
            for k in (1..cycle.len()).rev() {
                let y = cycle[k];
                let nxt = succ[y];
                v[y] = one_minus.clone() * reward[y].clone() + beta.clone() * v[nxt].clone();
            }
            for &y in cycle {
                mark[y] = 2;
            }
            end = at;
        }
        for k in (0..end).rev() {
            let y = walk[k];
            v[y] = one_minus.clone() * reward[y].clone() + beta.clone() * v[succ[y]].clone();
            mark[y] = 2;
        }
    }
    v
}
