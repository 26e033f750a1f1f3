//! One weighted majority rule: a coalition wins when its members' weights reach the quota.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::format;

/// The largest total integer weight a rule may have once its weights are scaled to coprime
/// integers (`2^62`): sums of weights then never overflow a `u64`.
pub const MAX_TOTAL_WEIGHT: u64 = 1 << 62;

/// A weighted majority rule `[q; w_1, …, w_n]`: a coalition `S` wins when `Σ_{i∈S} w_i ≥ q`.
///
/// Weights are non-negative integers or rationals; the quota lies in `(0, Σ w_i]`. The rule
/// keeps the numbers as given and, for the algorithms, the equivalent rule in coprime
/// integers: every weight multiplied by the least common multiple of the denominators, then
/// divided by the greatest common divisor of the results, the quota scaled alike and rounded
/// up (a coalition's integer weight reaches a fractional quota exactly when it reaches its
/// ceiling), so `[1/2; 1/3, 1/3, 1/3]` becomes `[2; 1, 1, 1]`.
///
/// # Example
/// ```
/// use detente::coalition::voting::WeightedRule;
/// use num_rational::BigRational;
///
/// let r = |n: i64, d: i64| BigRational::new(n.into(), d.into());
/// let rule = WeightedRule::new(r(1, 2), vec![r(1, 3), r(1, 3), r(1, 3)])?;
/// assert_eq!(rule.integer_weights(), &[1, 1, 1]);
/// assert_eq!(rule.integer_quota(), 2);
/// assert!(rule.wins(&[true, true, false]));
/// assert!(WeightedRule::from_integers(5, &[1, 2]).is_err()); // quota above the total
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightedRule {
    quota: BigRational,
    weights: Vec<BigRational>,
    int_quota: u64,
    int_weights: Vec<u64>,
}

impl WeightedRule {
    /// The rule `[quota; weights]` from exact numbers.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] for no weights, a negative weight, a quota not in
    /// `(0, Σ w_i]`, or weights so fine-grained that their coprime integer total exceeds
    /// [`MAX_TOTAL_WEIGHT`].
    pub fn new(quota: BigRational, weights: Vec<BigRational>) -> Result<Self> {
        if weights.is_empty() {
            return Err(Error::InvalidGame(
                "weights is empty: give one weight per player".into(),
            ));
        }
        for (i, w) in weights.iter().enumerate() {
            if w.is_negative() {
                return Err(Error::InvalidGame(format!(
                    "weights[{i}] is {}: weights must be non-negative",
                    format::rational(w)
                )));
            }
        }
        let total: BigRational = weights.iter().sum();
        if !quota.is_positive() || quota > total {
            return Err(Error::InvalidGame(format!(
                "quota is {}: it must be positive and at most the total weight {} (a coalition \
                 wins when its weight reaches the quota)",
                format::rational(&quota),
                format::rational(&total)
            )));
        }
        let lcm = weights
            .iter()
            .fold(quota.denom().clone(), |l, w| l.lcm(w.denom()));
        let scale = BigRational::from_integer(lcm);
        let scaled: Vec<BigInt> = weights.iter().map(|w| (w * &scale).to_integer()).collect();
        let gcd = scaled.iter().fold(BigInt::zero(), |g, w| g.gcd(w));
        let reduced: Vec<BigInt> = scaled.iter().map(|w| w / &gcd).collect();
        let q = (&quota * &scale / BigRational::from_integer(gcd))
            .ceil()
            .to_integer();
        let int_total: BigInt = reduced.iter().sum();
        if int_total > BigInt::from(MAX_TOTAL_WEIGHT) {
            return Err(Error::InvalidGame(format!(
                "the weights, scaled to coprime integers, total {int_total} (above 2^62): round \
                 them to fewer significant digits (e.g. populations to thousands)"
            )));
        }
        let as_u64 = |x: &BigInt| x.to_u64().unwrap_or(u64::MAX);
        Ok(Self {
            int_quota: as_u64(&q),
            int_weights: reduced.iter().map(as_u64).collect(),
            quota,
            weights,
        })
    }

    /// The rule `[quota; weights]` from integers.
    ///
    /// # Errors
    /// As [`WeightedRule::new`].
    pub fn from_integers(quota: u64, weights: &[u64]) -> Result<Self> {
        let int = |x: u64| BigRational::from_integer(BigInt::from(x));
        Self::new(int(quota), weights.iter().map(|&w| int(w)).collect())
    }

    /// The unanimity rule of `members` among `n` players: every one of them must vote yes.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] for no members or an index out of range.
    pub fn unanimity(n: usize, members: &[usize]) -> Result<Self> {
        let mut weights = vec![0u64; n];
        for &m in members {
            let slot = weights.get_mut(m).ok_or_else(|| {
                Error::InvalidGame(format!("player index {m} is out of range for {n} players"))
            })?;
            *slot = 1;
        }
        let count = weights.iter().sum::<u64>();
        if count == 0 {
            return Err(Error::InvalidGame(
                "a coalition must have at least one member".into(),
            ));
        }
        Self::from_integers(count, &weights)
    }

    /// The number of players.
    pub fn num_players(&self) -> usize {
        self.weights.len()
    }

    /// The quota as given.
    pub fn quota(&self) -> &BigRational {
        &self.quota
    }

    /// The weights as given.
    pub fn weights(&self) -> &[BigRational] {
        &self.weights
    }

    /// The weights of the equivalent rule in coprime integers.
    pub fn integer_weights(&self) -> &[u64] {
        &self.int_weights
    }

    /// The quota of the equivalent rule in coprime integers.
    pub fn integer_quota(&self) -> u64 {
        self.int_quota
    }

    /// The total integer weight.
    pub fn integer_total(&self) -> u64 {
        self.int_weights.iter().sum()
    }

    /// Whether the coalition of the players marked `true` wins.
    pub fn wins(&self, members: &[bool]) -> bool {
        let mut sum = 0u64;
        for (&w, &m) in self.int_weights.iter().zip(members) {
            if m {
                sum += w;
                if sum >= self.int_quota {
                    return true;
                }
            }
        }
        sum >= self.int_quota
    }

    /// The rule written `[q; w_1, …, w_n]` with the numbers as given.
    pub fn describe(&self) -> String {
        let w: Vec<String> = self.weights.iter().map(format::rational).collect();
        format!("[{}; {}]", format::rational(&self.quota), w.join(", "))
    }
}
