//! The power indices and structural queries of a [`VotingGame`].

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Zero};

use super::compound::VotingGame;
use super::enumerate::{self, MAX_BRUTE_FORCE_PLAYERS};
use super::power::{self, SwingCounts};
use super::result::PowerIndices;
use crate::error::{Error, Result};
use crate::report::Labels;

/// How many minimal winning coalitions the indices built on them list at most, unless told.
pub const DEFAULT_MAX_COALITIONS: usize = 1_000_000;

fn ratio(num: BigUint, den: BigUint) -> BigRational {
    if den.is_zero() {
        return BigRational::zero();
    }
    BigRational::new(BigInt::from(num), BigInt::from(den))
}

impl VotingGame {
    /// Swing counts by the dynamic program, or by enumeration for small games whose rule
    /// the program refuses.
    pub(crate) fn swing_counts(&self, sized: bool) -> Result<SwingCounts> {
        match power::plan(self, sized) {
            Ok(plan) => power::count(&plan),
            Err(e) if self.num_players() <= MAX_BRUTE_FORCE_PLAYERS => {
                let _ = e;
                let (by_size, winning) = enumerate::brute_force(self)?;
                let swings = if sized {
                    by_size
                } else {
                    by_size
                        .into_iter()
                        .map(|row| vec![row.into_iter().sum()])
                        .collect()
                };
                Ok(SwingCounts { swings, winning })
            }
            Err(e) => Err(e),
        }
    }

    /// The labels results print with: the players, each voting `yes` or `no`.
    pub fn labels(&self) -> Labels {
        Labels {
            players: self.players().to_vec(),
            actions: vec![vec!["yes".into(), "no".into()]; self.num_players()],
        }
    }

    /// The Shapley-Shubik index: the share of the `n!` orders of arrival in which each
    /// player is pivotal (Shapley & Shubik 1954), exact.
    ///
    /// # Errors
    /// As the dynamic program (see the module docs): a rule too large to count.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::voting::VotingGame;
    ///
    /// let unsc = VotingGame::un_security_council();
    /// let ss = unsc.shapley_shubik()?;
    /// assert_eq!(ss.exact[0].to_string(), "421/2145");
    /// assert_eq!(ss.exact[5].to_string(), "4/2145");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn shapley_shubik(&self) -> Result<PowerIndices> {
        let n = self.num_players();
        let counts = self.swing_counts(true)?;
        let mut fact = vec![BigUint::one(); n + 1];
        for k in 1..=n {
            fact[k] = &fact[k - 1] * BigUint::from(k);
        }
        let mut cache: std::collections::HashMap<&Vec<BigUint>, BigRational> = Default::default();
        let exact = counts
            .swings
            .iter()
            .map(|row| {
                cache
                    .entry(row)
                    .or_insert_with(|| {
                        let num: BigUint = row
                            .iter()
                            .enumerate()
                            .filter(|(_, s)| !s.is_zero())
                            .map(|(k, s)| s * &fact[k] * &fact[n - 1 - k])
                            .sum();
                        ratio(num, fact[n].clone())
                    })
                    .clone()
            })
            .collect();
        Ok(PowerIndices::new("shapley_shubik", exact))
    }

    /// Each player's raw Banzhaf count: the coalitions of the others for which the player
    /// swings (turns a loss into a win), exact at any size.
    ///
    /// # Errors
    /// As [`VotingGame::shapley_shubik`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::voting::VotingGame;
    ///
    /// let swings = VotingGame::un_security_council().banzhaf_swings()?;
    /// assert_eq!(swings[0], 848u32.into());
    /// assert_eq!(swings[14], 84u32.into());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn banzhaf_swings(&self) -> Result<Vec<BigUint>> {
        Ok(self
            .swing_counts(false)?
            .swings
            .into_iter()
            .map(|row| row.into_iter().sum())
            .collect())
    }

    /// The Banzhaf index (Banzhaf 1965; Penrose 1946): swing counts divided by their sum
    /// (`normalized`), or by `2^(n−1)` (absolute: the probability that the player swings
    /// when the others vote yes or no with probability 1/2 each).
    ///
    /// # Errors
    /// As [`VotingGame::shapley_shubik`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::voting::VotingGame;
    ///
    /// let g = VotingGame::weighted(4, &[4, 2, 1])?;
    /// assert_eq!(g.banzhaf(true)?.to_string(), "[1, 0, 0]");
    /// assert_eq!(g.banzhaf(false)?.to_string(), "[1, 0, 0]");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn banzhaf(&self, normalized: bool) -> Result<PowerIndices> {
        let swings = self.banzhaf_swings()?;
        let n = self.num_players();
        let (den, method) = if normalized {
            (swings.iter().sum(), "banzhaf")
        } else {
            (BigUint::one() << (n - 1), "banzhaf_absolute")
        };
        let exact = swings.into_iter().map(|s| ratio(s, den.clone())).collect();
        Ok(PowerIndices::new(method, exact))
    }

    /// The players who swing for no coalition (dummies), ascending.
    ///
    /// # Errors
    /// As [`VotingGame::shapley_shubik`].
    pub fn dummy_players(&self) -> Result<Vec<usize>> {
        let swings = self.banzhaf_swings()?;
        Ok((0..swings.len()).filter(|&i| swings[i].is_zero()).collect())
    }

    /// The probability that a random coalition wins, each player joining with probability
    /// 1/2 independently (the number of winning coalitions over `2ⁿ`; Coleman's power of
    /// the collectivity to act).
    ///
    /// # Errors
    /// As [`VotingGame::shapley_shubik`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::voting::VotingGame;
    ///
    /// let g = VotingGame::weighted(2, &[1, 1, 1])?;
    /// assert_eq!(g.win_probability()?.to_string(), "1/2");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn win_probability(&self) -> Result<BigRational> {
        let counts = self.swing_counts(false)?;
        Ok(ratio(counts.winning, BigUint::one() << self.num_players()))
    }

    /// The minimal winning coalitions (player indices, each list ascending), at most
    /// `max_count` of them.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when there are more than `max_count`.
    pub fn minimal_winning_coalitions(&self, max_count: usize) -> Result<Vec<Vec<usize>>> {
        enumerate::minimal_winning(self, max_count)
    }

    /// The Deegan-Packel index (Deegan & Packel 1978): each minimal winning coalition is
    /// equally likely to form and splits its power equally among its members. Built on the
    /// list of minimal winning coalitions (at most `max_count`).
    ///
    /// # Errors
    /// As [`VotingGame::minimal_winning_coalitions`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::voting::VotingGame;
    ///
    /// let g = VotingGame::weighted(4, &[4, 2, 1])?;
    /// assert_eq!(g.deegan_packel(1000)?.to_string(), "[1, 0, 0]");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn deegan_packel(&self, max_count: usize) -> Result<PowerIndices> {
        let mwc = self.minimal_winning_coalitions(max_count)?;
        let n = self.num_players();
        let mut sum = vec![BigRational::zero(); n];
        for m in &mwc {
            let share = BigRational::new(BigInt::one(), BigInt::from(m.len()));
            m.iter().for_each(|&i| sum[i] += &share);
        }
        let count = BigRational::from_integer(BigInt::from(mwc.len()));
        Ok(PowerIndices::new(
            "deegan_packel",
            sum.into_iter().map(|s| s / &count).collect(),
        ))
    }

    /// The Holler (public good) index (Holler 1982): the number of minimal winning
    /// coalitions each player belongs to, normalized to sum to 1.
    ///
    /// # Errors
    /// As [`VotingGame::minimal_winning_coalitions`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::voting::VotingGame;
    ///
    /// // [3; 2, 1, 1]: minimal winning {0, 1}, {0, 2}.
    /// let g = VotingGame::weighted(3, &[2, 1, 1])?;
    /// assert_eq!(g.holler(1000)?.to_string(), "[1/2, 1/4, 1/4]");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn holler(&self, max_count: usize) -> Result<PowerIndices> {
        let mwc = self.minimal_winning_coalitions(max_count)?;
        let n = self.num_players();
        let mut count = vec![0u64; n];
        mwc.iter().flatten().for_each(|&i| count[i] += 1);
        let total: u64 = count.iter().sum();
        Ok(PowerIndices::new(
            "holler",
            count
                .into_iter()
                .map(|c| ratio(BigUint::from(c), BigUint::from(total)))
                .collect(),
        ))
    }

    /// The Johnston index (Johnston 1978): in every winning coalition with critical members
    /// (whose departure makes it lose), each of the `c` critical members scores `1/c`;
    /// scores are normalized to sum to 1. By enumeration of all coalitions: at most
    /// 20 players.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] beyond 20 players.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::voting::VotingGame;
    ///
    /// // [3; 2, 1, 1]: {0,1} and {0,2} have two critical members, {0,1,2} one (player 0).
    /// let g = VotingGame::weighted(3, &[2, 1, 1])?;
    /// assert_eq!(g.johnston()?.to_string(), "[2/3, 1/6, 1/6]");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn johnston(&self) -> Result<PowerIndices> {
        if self.num_players() > MAX_BRUTE_FORCE_PLAYERS {
            return Err(Error::InvalidArgument(format!(
                "johnston enumerates every coalition and is limited to {MAX_BRUTE_FORCE_PLAYERS} \
                 players; this game has {}: use shapley_shubik or banzhaf",
                self.num_players()
            )));
        }
        let counts = enumerate::critical_counts(self)?;
        let score: Vec<BigRational> = counts
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .skip(1)
                    .map(|(c, &k)| BigRational::new(BigInt::from(k), BigInt::from(c)))
                    .sum()
            })
            .collect();
        let total: BigRational = score.iter().sum();
        let exact = score
            .into_iter()
            .map(|s| if total.is_zero() { s } else { s / &total })
            .collect();
        Ok(PowerIndices::new("johnston", exact))
    }

    /// The swing counts by coalition size and the number of winning coalitions, by
    /// enumerating all coalitions (at most 20 players): the independent check of the
    /// dynamic programs.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] beyond 20 players.
    pub fn brute_force_swings(&self) -> Result<(Vec<Vec<BigUint>>, BigUint)> {
        enumerate::brute_force(self)
    }
}
