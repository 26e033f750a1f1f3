//! Memory-one strategies of 2×2 games: conversion to and from [`Automaton`]s.
//!
//! A memory-one strategy (Nowak & Sigmund 1990; Press & Dyson 2012) cooperates with a
//! probability that depends only on the outcome of the last round, read own action first:
//! `p_cc`, `p_cd`, `p_dc`, `p_dd` (e.g. `p_cd` after it cooperated and the other defected),
//! and with probability `initial` in the first round. Tit-for-tat is `(1, 0, 1, 0)` starting
//! with C, win-stay-lose-shift `(1, 0, 0, 1)`.

use std::collections::VecDeque;

use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::Automaton;
use crate::error::{Error, Result};

/// The five probabilities of cooperating of a memory-one strategy, exact: after CC, CD, DC,
/// DD (own action first) and in the first round.
///
/// # Example
/// ```
/// use detente::repeated::strategies::{self, MemoryOne};
///
/// let wsls = strategies::to_memory_one(&strategies::win_stay_lose_shift()).unwrap();
/// assert_eq!(wsls.to_f64(), [1.0, 0.0, 0.0, 1.0, 1.0]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryOne {
    /// Probability of cooperating after both cooperated.
    pub p_cc: BigRational,
    /// After it cooperated and the other defected.
    pub p_cd: BigRational,
    /// After it defected and the other cooperated.
    pub p_dc: BigRational,
    /// After both defected.
    pub p_dd: BigRational,
    /// In the first round.
    pub initial: BigRational,
}

impl MemoryOne {
    /// `[p_cc, p_cd, p_dc, p_dd, initial]` as floats.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::strategies;
    ///
    /// let m = strategies::to_memory_one(&strategies::defect()).unwrap();
    /// assert_eq!(m.to_f64(), [0.0; 5]);
    /// ```
    pub fn to_f64(&self) -> [f64; 5] {
        [
            &self.p_cc,
            &self.p_cd,
            &self.p_dc,
            &self.p_dd,
            &self.initial,
        ]
        .map(|p| p.to_f64().unwrap_or(f64::NAN))
    }
}

/// The memory-one strategy `(p_cc, p_cd, p_dc, p_dd)` with first-round probability `initial`
/// (all probabilities of cooperating, exact) as an automaton on 2×2 games. States `"start"`
/// (the first round) and `"CC"`, `"CD"`, `"DC"`, `"DD"` (the last outcome, own action
/// first); every state moves to the state of the outcome just observed. The `axelrod`
/// package's `MemoryOnePlayer(four_vector, initial)` is the same strategy (its four-vector
/// has the same order).
///
/// # Errors
/// [`Error::InvalidArgument`] naming the first probability outside `[0, 1]`.
///
/// # Example
/// ```
/// use detente::repeated::strategies;
/// use num_rational::BigRational;
///
/// let r = |n: i64, d: i64| BigRational::new(n.into(), d.into());
/// let gtft = strategies::memory_one(r(1, 1), r(1, 3), r(1, 1), r(1, 3), r(1, 1))?;
/// assert_eq!(gtft.states(), ["start", "CC", "CD", "DC", "DD"]);
/// assert_eq!(gtft.next(0, &[0, 1]), 2);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn memory_one(
    p_cc: BigRational,
    p_cd: BigRational,
    p_dc: BigRational,
    p_dd: BigRational,
    initial: BigRational,
) -> Result<Automaton> {
    let probabilities = [initial, p_cc, p_cd, p_dc, p_dd];
    for (p, what) in probabilities
        .iter()
        .zip(["initial", "p_cc", "p_cd", "p_dc", "p_dd"])
    {
        if p.is_negative() || *p > BigRational::one() {
            return Err(Error::InvalidArgument(format!(
                "{what}: {p} is not a probability; give the probability of cooperating, in [0, 1]"
            )));
        }
    }
    let output = probabilities
        .iter()
        .map(|p| vec![p.clone(), BigRational::one() - p])
        .collect();
    Automaton::new(
        ["start", "CC", "CD", "DC", "DD"]
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
        output,
        vec![vec![1, 2, 3, 4]; 5],
        vec![2, 2],
        0,
    )
}

/// The memory-one vector of `automaton` when it plays one, `None` otherwise.
///
/// An automaton on 2×2 games is memory-one when, in every state reachable from its initial
/// state (under every sequence of outcomes: noise can produce any of them), the action it
/// plays next depends only on the outcome just observed. Then that action's probability of
/// cooperating after outcome `xy` is `p_xy`, and `initial` is its first-round probability.
/// Grim trigger is not memory-one (after CC it cooperates or defects depending on the past).
///
/// # Example
/// ```
/// use detente::repeated::strategies;
///
/// assert_eq!(strategies::to_memory_one(&strategies::tit_for_tat()).unwrap().to_f64(),
///            [1.0, 0.0, 1.0, 0.0, 1.0]);
/// assert!(strategies::to_memory_one(&strategies::grim_trigger()).is_none());
/// ```
pub fn to_memory_one(automaton: &Automaton) -> Option<MemoryOne> {
    if automaton.shape() != [2, 2] {
        return None;
    }
    let n = automaton.num_states();
    let mut reachable = vec![false; n];
    let mut queue = VecDeque::from([automaton.initial()]);
    reachable[automaton.initial()] = true;
    while let Some(s) = queue.pop_front() {
        for &t in &automaton.transitions()[s] {
            if !reachable[t] {
                reachable[t] = true;
                queue.push_back(t);
            }
        }
    }
    let mut after: [Option<&BigRational>; 4] = [None; 4];
    for s in (0..n).filter(|&s| reachable[s]) {
        for (outcome, &t) in automaton.transitions()[s].iter().enumerate() {
            let p = &automaton.exact_output(t)[0];
            match after[outcome] {
                None => after[outcome] = Some(p),
                Some(q) if q != p => return None,
                Some(_) => {}
            }
        }
    }
    let get = |k: usize| after[k].cloned().unwrap_or_else(BigRational::zero);
    Some(MemoryOne {
        p_cc: get(0),
        p_cd: get(1),
        p_dc: get(2),
        p_dd: get(3),
        initial: automaton.exact_output(automaton.initial())[0].clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::strategies;
    use super::*;

    fn r(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    #[test]
    fn conversion_round_trips() {
        let m = memory_one(r(9, 10), r(1, 3), r(1, 2), r(0, 1), r(1, 1)).unwrap();
        let back = to_memory_one(&m).unwrap();
        assert_eq!(
            (back.p_cc, back.p_cd, back.p_dc, back.p_dd, back.initial),
            (r(9, 10), r(1, 3), r(1, 2), r(0, 1), r(1, 1))
        );
    }

    #[test]
    fn classic_memory_one_strategies_are_recognised() {
        let cases = [
            (strategies::cooperate(), [1.0, 1.0, 1.0, 1.0, 1.0]),
            (
                strategies::suspicious_tit_for_tat(),
                [1.0, 0.0, 1.0, 0.0, 0.0],
            ),
            (
                strategies::generous_tit_for_tat(r(1, 3)).unwrap(),
                [1.0, 1.0 / 3.0, 1.0, 1.0 / 3.0, 1.0],
            ),
        ];
        for (a, v) in cases {
            assert_eq!(to_memory_one(&a).unwrap().to_f64(), v);
        }
        for a in [
            strategies::grudger(),
            strategies::tit_for_two_tats(),
            strategies::alternator(),
        ] {
            assert!(to_memory_one(&a).is_none(), "{:?}", a.states());
        }
        let bad = memory_one(r(3, 2), r(0, 1), r(0, 1), r(0, 1), r(1, 1)).unwrap_err();
        assert!(bad.to_string().contains("argument: p_cc:"), "{bad}");
    }
}
