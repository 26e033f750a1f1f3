//! Compound voting rules: weighted rules joined by "all of" and "any of", nested freely, and
//! the games built from them (vetoes, lists of minimal winning coalitions, the UN Security
//! Council, the EU Council).

use num_bigint::BigInt;
use num_rational::BigRational;
use serde::{Deserialize, Serialize};

use super::weighted::WeightedRule;
use crate::error::{Error, Result};

/// A voting rule: a weighted rule, or rules of which all must pass, or rules of which one
/// suffices. Every rule is monotone (a coalition that wins keeps winning when members join).
///
/// # Example
/// ```
/// use detente::coalition::voting::{Rule, WeightedRule};
///
/// // UN Security Council: 9 of 15, and all 5 permanent members.
/// let nine = WeightedRule::from_integers(9, &[1; 15])?;
/// let p5 = WeightedRule::unanimity(15, &[0, 1, 2, 3, 4])?;
/// let unsc = Rule::AllOf(vec![Rule::Weighted(nine), Rule::Weighted(p5)]);
/// let mut yes = [true; 15];
/// assert!(unsc.wins(&yes));
/// yes[0] = false; // a veto
/// assert!(!unsc.wins(&yes));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rule {
    /// One weighted majority rule.
    Weighted(WeightedRule),
    /// Every rule must pass (e.g. a double majority).
    AllOf(Vec<Rule>),
    /// One rule suffices (e.g. the EU Council's blocking-minority clause).
    AnyOf(Vec<Rule>),
}

impl Rule {
    /// Whether the coalition of the players marked `true` wins.
    pub fn wins(&self, members: &[bool]) -> bool {
        match self {
            Rule::Weighted(w) => w.wins(members),
            Rule::AllOf(rules) => rules.iter().all(|r| r.wins(members)),
            Rule::AnyOf(rules) => rules.iter().any(|r| r.wins(members)),
        }
    }

    /// The weighted rules at the leaves, depth first.
    pub fn leaves(&self) -> Vec<&WeightedRule> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a WeightedRule>) {
        match self {
            Rule::Weighted(w) => out.push(w),
            Rule::AllOf(rules) | Rule::AnyOf(rules) => rules.iter().for_each(|r| r.collect(out)),
        }
    }

    /// Checks that every leaf has `n` players and every join at least one rule.
    fn check(&self, n: usize, path: &str) -> Result<()> {
        match self {
            Rule::Weighted(w) if w.num_players() != n => Err(Error::InvalidGame(format!(
                "{path} has {} weights but the game has {n} players: every weight vector needs \
                 one weight per player (0 for players without a vote in it)",
                w.num_players()
            ))),
            Rule::Weighted(_) => Ok(()),
            Rule::AllOf(rules) | Rule::AnyOf(rules) => {
                if rules.is_empty() {
                    return Err(Error::InvalidGame(format!(
                        "{path} joins no rules: give at least one"
                    )));
                }
                rules
                    .iter()
                    .enumerate()
                    .try_for_each(|(k, r)| r.check(n, &format!("{path}[{k}]")))
            }
        }
    }

    /// The rule in words, e.g. `all_of([9; 1, …], [5; …])`.
    pub fn describe(&self) -> String {
        match self {
            Rule::Weighted(w) => w.describe(),
            Rule::AllOf(rules) => format!("all_of({})", join(rules)),
            Rule::AnyOf(rules) => format!("any_of({})", join(rules)),
        }
    }
}

fn join(rules: &[Rule]) -> String {
    rules
        .iter()
        .map(Rule::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A simple game given by a voting [`Rule`] over named players.
///
/// # Example
/// ```
/// use detente::coalition::voting::VotingGame;
///
/// let unsc = VotingGame::un_security_council();
/// assert_eq!(unsc.num_players(), 15);
/// assert_eq!(unsc.veto_players(), vec![0, 1, 2, 3, 4]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotingGame {
    players: Vec<String>,
    rule: Rule,
}

/// The default player names `P1`, `P2`, ….
pub fn default_players(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("P{i}")).collect()
}

impl VotingGame {
    /// The game of `rule`, with players `P1`, `P2`, ….
    ///
    /// # Errors
    /// [`Error::InvalidGame`] when the weight vectors of the rule have different lengths or
    /// a join has no rules.
    pub fn new(rule: Rule) -> Result<Self> {
        // A rule without leaves has an empty join somewhere, which `check` names.
        let n = rule.leaves().first().map_or(0, |w| w.num_players());
        rule.check(n, "rule")?;
        Ok(Self {
            players: default_players(n),
            rule,
        })
    }

    /// The weighted game `[quota; weights]` with integer weights.
    ///
    /// # Errors
    /// As [`WeightedRule::new`].
    pub fn weighted(quota: u64, weights: &[u64]) -> Result<Self> {
        Self::new(Rule::Weighted(WeightedRule::from_integers(quota, weights)?))
    }

    /// The same game with these player names.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] for a wrong number of names or a repeated name.
    pub fn with_players<S: Into<String>>(
        mut self,
        names: impl IntoIterator<Item = S>,
    ) -> Result<Self> {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        if names.len() != self.players.len() {
            return Err(Error::InvalidGame(format!(
                "players has {} names but the game has {} players",
                names.len(),
                self.players.len()
            )));
        }
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) {
                return Err(Error::InvalidGame(format!(
                    "players repeats the name {name:?}: names must be distinct"
                )));
            }
        }
        self.players = names;
        Ok(self)
    }

    /// The game in which every one of `games` must pass (same players in each).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] for no games or games over different players.
    pub fn all_of(games: Vec<VotingGame>) -> Result<Self> {
        Self::join(games, Rule::AllOf, "all_of")
    }

    /// The game in which one of `games` suffices (same players in each).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] for no games or games over different players.
    pub fn any_of(games: Vec<VotingGame>) -> Result<Self> {
        Self::join(games, Rule::AnyOf, "any_of")
    }

    fn join(games: Vec<VotingGame>, make: fn(Vec<Rule>) -> Rule, what: &str) -> Result<Self> {
        let first = games
            .first()
            .ok_or_else(|| Error::InvalidGame(format!("{what} needs at least one game")))?;
        let players = first.players.clone();
        for (k, g) in games.iter().enumerate() {
            if g.players.len() != players.len() {
                return Err(Error::InvalidGame(format!(
                    "{what}: games[{k}] has {} players but games[0] has {}: the weight vectors \
                     must have one entry per player",
                    g.players.len(),
                    players.len()
                )));
            }
            if g.players != players {
                return Err(Error::InvalidGame(format!(
                    "{what}: games[{k}] names its players {:?} but games[0] {:?}: give the same \
                     names (or none) to every game",
                    g.players, players
                )));
            }
        }
        let rule = make(games.into_iter().map(|g| g.rule).collect());
        Ok(Self { players, rule })
    }

    /// The same game in which `vetoes` must also all vote yes.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] for an index out of range or no players.
    pub fn with_veto(self, vetoes: &[usize]) -> Result<Self> {
        let n = self.num_players();
        let veto = Rule::Weighted(WeightedRule::unanimity(n, vetoes)?);
        Ok(Self {
            players: self.players,
            rule: Rule::AllOf(vec![self.rule, veto]),
        })
    }

    /// The game of `n` players whose winning coalitions are those containing one of
    /// `coalitions` (lists of player indices). The list need not be minimal:
    /// [`VotingGame::minimal_winning_coalitions`] finds the minimal ones.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] for no coalitions, an empty coalition, or an index out of
    /// range.
    pub fn from_minimal_winning(n: usize, coalitions: &[Vec<usize>]) -> Result<Self> {
        if coalitions.is_empty() {
            return Err(Error::InvalidGame(
                "coalitions is empty: a simple game needs at least one winning coalition".into(),
            ));
        }
        let rules = coalitions
            .iter()
            .enumerate()
            .map(|(k, c)| {
                WeightedRule::unanimity(n, c)
                    .map(Rule::Weighted)
                    .map_err(|e| Error::InvalidGame(format!("coalitions[{k}]: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        Self::new(Rule::AnyOf(rules))
    }

    /// The UN Security Council since 1965 (Charter Art. 27(3)): 15 members, a resolution
    /// needs 9 votes including those of the 5 permanent members (China, France, Russia,
    /// United Kingdom, United States: players 0–4); the 10 elected members are `E1`–`E10`.
    pub fn un_security_council() -> Self {
        let mut players: Vec<String> = [
            "China",
            "France",
            "Russia",
            "United Kingdom",
            "United States",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        players.extend((1..=10).map(|i| format!("E{i}")));
        let nine = WeightedRule::from_integers(9, &[1; 15]).expect("valid rule");
        let p5 = WeightedRule::unanimity(15, &[0, 1, 2, 3, 4]).expect("valid rule");
        Self {
            players,
            rule: Rule::AllOf(vec![Rule::Weighted(nine), Rule::Weighted(p5)]),
        }
    }

    /// The EU Council's qualified majority since the Lisbon Treaty (TEU Art. 16(4), TFEU
    /// Art. 238(3)): at least 55% of the members (at least 15 of them when there are 15 or
    /// more) representing at least 65% of the population, or else fewer than 4 members
    /// opposing (the blocking minority must have at least four members).
    ///
    /// `population` holds one figure per member state, in any unit (persons, thousands):
    /// the exact algorithms need an integer total up to about 10^7 per unit of
    /// resolution, so give populations in thousands (see [`WeightedRule::new`]).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] for fewer than 4 members or invalid populations.
    pub fn eu_council(population: &[BigRational]) -> Result<Self> {
        let n = population.len();
        if n < 4 {
            return Err(Error::InvalidGame(format!(
                "population has {n} entries: the EU Council rule needs at least 4 members"
            )));
        }
        let int = |x: usize| BigRational::from_integer(BigInt::from(x));
        let ones = vec![int(1); n];
        // 55% of the members, at least 15 of them.
        let members = (n * 55).div_ceil(100).max(15.min(n));
        let total: BigRational = population.iter().sum();
        let pop_quota = total * BigRational::new(13.into(), 20.into());
        let double = Rule::AllOf(vec![
            Rule::Weighted(WeightedRule::new(int(members), ones.clone())?),
            Rule::Weighted(WeightedRule::new(pop_quota, population.to_vec())?),
        ]);
        let blocking = Rule::Weighted(WeightedRule::new(int(n - 3), ones)?);
        Self::new(Rule::AnyOf(vec![double, blocking]))
    }

    /// The same game checked again from its numbers as given: every weighted rule rebuilt
    /// from its quota and weights, the weight vectors' lengths and the names checked. For
    /// games read from outside (JSON), whose integer forms could be forged.
    ///
    /// # Errors
    /// As the constructors.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::voting::VotingGame;
    ///
    /// let unsc = VotingGame::un_security_council();
    /// let text = serde_json::to_string(&unsc).unwrap();
    /// let back: VotingGame = serde_json::from_str(&text).unwrap();
    /// assert_eq!(back.validated()?, unsc);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn validated(self) -> Result<Self> {
        fn rebuild(rule: Rule) -> Result<Rule> {
            Ok(match rule {
                Rule::Weighted(w) => {
                    Rule::Weighted(WeightedRule::new(w.quota().clone(), w.weights().to_vec())?)
                }
                Rule::AllOf(rules) => {
                    Rule::AllOf(rules.into_iter().map(rebuild).collect::<Result<_>>()?)
                }
                Rule::AnyOf(rules) => {
                    Rule::AnyOf(rules.into_iter().map(rebuild).collect::<Result<_>>()?)
                }
            })
        }
        let Self { players, rule } = self;
        Self::new(rebuild(rule)?)?.with_players(players)
    }

    /// The number of players.
    pub fn num_players(&self) -> usize {
        self.players.len()
    }

    /// The player names.
    pub fn players(&self) -> &[String] {
        &self.players
    }

    /// The voting rule.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// Whether the coalition of the players marked `true` wins.
    pub fn wins(&self, members: &[bool]) -> bool {
        self.rule.wins(members)
    }

    /// Whether the coalition of these player indices wins.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an index out of range.
    pub fn is_winning(&self, coalition: &[usize]) -> Result<bool> {
        let n = self.num_players();
        let mut members = vec![false; n];
        for &i in coalition {
            *members.get_mut(i).ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "coalition names player index {i}, but the game has {n} players"
                ))
            })? = true;
        }
        Ok(self.wins(&members))
    }

    /// The veto players: those without whom no coalition wins.
    pub fn veto_players(&self) -> Vec<usize> {
        let n = self.num_players();
        (0..n)
            .filter(|&i| {
                let mut all = vec![true; n];
                all[i] = false;
                !self.wins(&all)
            })
            .collect()
    }
}
