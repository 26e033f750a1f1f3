//! M5, institutional power: vetoes, Lilliputian blocs and the hegemon in an institution.
//!
//! A weighted voting game `[q; w_1, …, w_n]` (a coalition wins when its weights reach the
//! quota), optionally also requiring every veto member and at least `count` members, and
//! optionally passing anyway when fewer than `blocking_minority` members oppose (the EU
//! Council's clause). As a TU game `v(S) = 1` for winning coalitions, 0 otherwise.
//!
//! The rule is built with the voting module's composition
//! ([`VotingGame::all_of`], [`VotingGame::any_of`], [`VotingGame::with_veto`]) and every index
//! comes from it: Shapley–Shubik and Banzhaf by its exact generating-function program, the
//! core from the veto players, the nucleolus from the TU module's LP sequence.
//!
//! **Coalition sizes from swing counts.** The voting program counts, for every member `i` and
//! size `k`, the losing coalitions `S ∌ i` of `k` members that `i` turns into winners. A
//! smallest winning coalition is minimal winning, so each of its members swings at its size
//! minus one; and a swing at `k` shows a winning coalition of `k + 1` members. Hence the
//! minimum winning size is `1 + min{k : some member swings at k}`. Likewise a largest losing
//! coalition `L` is maximal losing, so every outsider swings at `|L|`, and a swing at `k`
//! shows a losing coalition of `k` members: the largest losing size is `max{k : some member
//! swings at k}` and the smallest blocking coalition (whose complement loses) has `n` minus
//! that many members. Within a group `G` (the others voting yes) the same holds for the game
//! on `G` whose quotas are lowered by the weight of the others. Both are exact at any size.
//!
//! References: Shapley & Shubik (1954) *APSR* 48(3); Banzhaf (1965) *Rutgers Law Review*
//! 19(2); Felsenthal & Machover (1998) *The Measurement of Voting Power*; Schmeidler (1969)
//! *SIAM J. Appl. Math.* 17(6); von Neumann & Morgenstern (1944) (the apex game); Keohane
//! (1969) *International Organization* 23(2) ("Lilliputians' dilemmas").

use std::fmt;
use std::str::FromStr;

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use serde::{Deserialize, Serialize};

use super::model::{Reader, params_serde};
use super::{
    AllianceModel, Param, ParamMap, ParamValue, Range, check, check_all, default_names,
    rational_value,
};
use crate::coalition::TUGame;
use crate::coalition::tu::Nucleolus;
use crate::coalition::voting::{PowerIndices, Rule, VotingGame, WeightedRule};
use crate::error::{self, Error, Result};
use crate::game::Game;

/// The most members an institution may have: real assemblies have hundreds (the UN General
/// Assembly 193, an IMF-style board of governors 191); the structural queries (veto players)
/// take `O(n²)` steps.
///
/// # Example
/// ```
/// use detente::alliance::{InstitutionalPower, InstitutionalPowerParams, MAX_MEMBERS};
///
/// let p = InstitutionalPowerParams { weights: vec![1.0; MAX_MEMBERS + 1], quota: 1.0, ..Default::default() };
/// assert!(InstitutionalPower::new(p).is_err());
/// ```
pub const MAX_MEMBERS: usize = 1000;

/// The most members for which [`InstitutionalPower::game`] builds the normal form (`2^n`
/// profiles, `n` payoffs each: 8 MiB at 16 members).
pub const MAX_NORMAL_FORM_MEMBERS: usize = 16;

/// The most members for which [`InstitutionalPower::nucleolus`] of an institution without
/// veto players builds the TU game of `2^n` values and runs the LP sequence, recovered exactly
/// (the TU module's exact limit).
pub const MAX_NUCLEOLUS_MEMBERS: usize = crate::coalition::tu::MAX_EXACT_NUCLEOLUS_PLAYERS;

/// The EU Council's population figures for 2025, in hundredths of a percent of the EU
/// population (member states in decreasing order of population).
///
/// Source: the figures approved by the Council (Coreper, 11 December 2024) for qualified
/// majority voting in 2025, population on 1 January 2024 (EU total 451,028,881, so 65% is
/// 293,168,773 people), as reported by Agence Europe, *Europe Daily Bulletin* No. 13544,
/// 12 December 2024, "Updating of EU member states' population figures for calculating
/// qualified majority voting in EU Council". The shares are rounded to 0.01% and sum to
/// 100.01%; a coalition's share near 65% may round across the threshold, so give exact
/// populations to [`InstitutionalPower::eu_council`] for a ruling on a particular vote.
///
/// # Example
/// ```
/// use detente::alliance::EU_COUNCIL_2025;
///
/// assert_eq!(EU_COUNCIL_2025.len(), 27);
/// assert_eq!(EU_COUNCIL_2025[0], ("Germany", 1849));
/// assert_eq!(EU_COUNCIL_2025.iter().map(|p| p.1).sum::<u64>(), 10001);
/// ```
pub const EU_COUNCIL_2025: [(&str, u64); 27] = [
    ("Germany", 1849),
    ("France", 1517),
    ("Italy", 1323),
    ("Spain", 1078),
    ("Poland", 833),
    ("Romania", 423),
    ("Netherlands", 401),
    ("Belgium", 262),
    ("Czechia", 242),
    ("Portugal", 236),
    ("Sweden", 234),
    ("Greece", 231),
    ("Hungary", 213),
    ("Austria", 202),
    ("Bulgaria", 143),
    ("Denmark", 132),
    ("Finland", 125),
    ("Slovakia", 121),
    ("Ireland", 119),
    ("Croatia", 86),
    ("Lithuania", 64),
    ("Slovenia", 47),
    ("Latvia", 42),
    ("Estonia", 30),
    ("Cyprus", 21),
    ("Luxembourg", 15),
    ("Malta", 12),
];

/// The five permanent members of the UN Security Council, in the order of
/// [`VotingGame::un_security_council`].
const P5: [&str; 5] = [
    "China",
    "France",
    "Russia",
    "United Kingdom",
    "United States",
];

/// M5's parameters. `Default` has the headline example's weights and quota, the UN Security
/// Council encoded as `[39; 7×5, 1×10]`, and no labels (so that `..Default::default()` fits
/// other weights; [`InstitutionalPower::un_security_council`] names the members).
///
/// # Example
/// ```
/// use detente::alliance::{InstitutionalPower, InstitutionalPowerParams};
///
/// let m = InstitutionalPower::new(InstitutionalPowerParams {
///     weights: vec![4.0, 2.0, 1.0], quota: 5.0, ..Default::default() })?;
/// assert_eq!(m.shapley_shubik()?.to_string(), "[2/3, 1/6, 1/6]");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InstitutionalPowerParams {
    /// `w_i`: each member's votes, `>= 0` (integers, or any non-negative numbers, read as the
    /// simplest fraction that rounds to them).
    pub weights: Vec<f64>,
    /// `q`: the votes a coalition needs, in `(0, Σ w]`.
    pub quota: f64,
    /// Member names (default `"State 1"`, `"State 2"`, …).
    pub labels: Option<Vec<String>>,
    /// Members whose yes is required (indices), on top of the quota.
    pub veto: Vec<usize>,
    /// `k`: at least this many members must vote yes, on top of the quota (`1..=n`).
    pub count: Option<usize>,
    /// `b`: a proposal also passes when fewer than `b` members vote no (`1..=n`; the EU
    /// Council's blocking-minority clause has `b = 4`).
    pub blocking_minority: Option<usize>,
    /// Disjoint groups of members (indices) that vote as one, for [`InstitutionalPower::bloc_power`].
    pub blocs: Vec<Vec<usize>>,
}

impl Default for InstitutionalPowerParams {
    fn default() -> Self {
        let mut weights = vec![7.0; 5];
        weights.extend([1.0; 10]);
        Self {
            weights,
            quota: 39.0,
            labels: None,
            veto: Vec::new(),
            count: None,
            blocking_minority: None,
            blocs: Vec::new(),
        }
    }
}

fn unsc_labels() -> Vec<String> {
    let mut labels: Vec<String> = P5.iter().map(|s| s.to_string()).collect();
    labels.extend((1..=10).map(|i| format!("E{i}")));
    labels
}

/// Which majority of an IMF-style board's total votes a decision needs.
///
/// # Example
/// ```
/// use detente::alliance::BoardMajority;
///
/// assert_eq!("special_85".parse::<BoardMajority>()?, BoardMajority::Special85);
/// assert!("85".parse::<BoardMajority>().is_err());
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardMajority {
    /// More than half of the votes (ordinary decisions).
    Simple,
    /// At least 70% of the votes.
    Special70,
    /// At least 85% of the votes (quota changes, SDR allocations, amendments).
    Special85,
}

impl BoardMajority {
    /// The label, e.g. `"special_85"`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::BoardMajority::Simple.as_str(), "simple");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Simple => "simple",
            Self::Special70 => "special_70",
            Self::Special85 => "special_85",
        }
    }
}

impl FromStr for BoardMajority {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        error::choose(
            "majority",
            s,
            &[
                ("simple", Self::Simple),
                ("special_70", Self::Special70),
                ("special_85", Self::Special85),
            ],
        )
    }
}

/// Which power index [`InstitutionalPower::bloc_power`] compares.
///
/// # Example
/// ```
/// use detente::alliance::PowerIndex;
///
/// assert_eq!("banzhaf".parse::<PowerIndex>()?, PowerIndex::Banzhaf);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowerIndex {
    /// Shapley–Shubik.
    ShapleyShubik,
    /// Normalized Banzhaf.
    Banzhaf,
    /// Absolute Banzhaf (swings over `2^(n−1)`).
    BanzhafAbsolute,
}

impl FromStr for PowerIndex {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        error::choose(
            "index",
            s,
            &[
                ("shapley_shubik", Self::ShapleyShubik),
                ("banzhaf", Self::Banzhaf),
                ("banzhaf_absolute", Self::BanzhafAbsolute),
            ],
        )
    }
}

/// The structure label of an institution **\[assumption\]**, from the shared vocabulary of
/// the alliance models (first match): `lilliputian_bloc` if some bloc holds more power voting
/// as one than its members hold apart (Shapley–Shubik); `unilateral` if one member wins
/// alone; `minilateral` if some but not all members hold a veto (a concert whose consent
/// every decision needs); `multilateral` otherwise (no veto, or unanimity).
///
/// # Example
/// ```
/// use detente::alliance::{InstitutionalPower, InstitutionalRegime};
///
/// assert_eq!(InstitutionalPower::default().regime()?, InstitutionalRegime::Minilateral);
/// assert_eq!(InstitutionalRegime::LilliputianBloc.to_string(), "lilliputian_bloc");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstitutionalRegime {
    /// One member decides alone.
    Unilateral,
    /// A proper subset of the members holds a veto.
    Minilateral,
    /// No member is privileged by a veto (or every member is).
    Multilateral,
    /// Small members gain by voting as one bloc.
    LilliputianBloc,
}

impl InstitutionalRegime {
    /// The snake-case label.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::InstitutionalRegime::Unilateral.as_str(), "unilateral");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unilateral => "unilateral",
            Self::Minilateral => "minilateral",
            Self::Multilateral => "multilateral",
            Self::LilliputianBloc => "lilliputian_bloc",
        }
    }
}

impl fmt::Display for InstitutionalRegime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One bloc's power voting as one, against the sum of its members' powers apart.
///
/// # Example
/// ```
/// use detente::alliance::{InstitutionalPower, PowerIndex};
///
/// let elected: Vec<usize> = (5..12).collect(); // 7 elected members
/// let m = InstitutionalPower::default().with_blocs(vec![elected])?;
/// let b = &m.bloc_power(PowerIndex::ShapleyShubik)?[0];
/// assert_eq!(b.power.to_string(), "1/6");
/// assert_eq!(b.separate.to_string(), "28/2145");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BlocPower {
    /// The bloc's name: its members' labels joined by `+`.
    pub name: String,
    /// The members (indices).
    pub members: Vec<usize>,
    /// The bloc's index in the game where it votes as one player.
    pub power: BigRational,
    /// The sum of its members' indices in the game where each votes apart.
    pub separate: BigRational,
}

impl BlocPower {
    /// `power − separate`: what banding together buys (negative: the bloc paradox).
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{InstitutionalPower, PowerIndex};
    ///
    /// let m = InstitutionalPower::default().with_blocs(vec![vec![5, 6]])?;
    /// use num_traits::Signed;
    /// assert!(m.bloc_power(PowerIndex::ShapleyShubik)?[0].gain().is_positive());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn gain(&self) -> BigRational {
        &self.power - &self.separate
    }
}

/// The institutional power model (M5): who holds power under a voting rule, what a veto is
/// worth, and what small members gain by voting as a bloc.
///
/// See the module docs for the rule and the methods. Every result is exact.
///
/// # Example
/// ```
/// use detente::alliance::InstitutionalPower;
///
/// let unsc = InstitutionalPower::un_security_council();
/// let ss = unsc.shapley_shubik()?;
/// assert_eq!((ss.exact[0].to_string(), ss.exact[5].to_string()), ("421/2145".into(), "4/2145".into()));
/// assert_eq!(unsc.veto_players(), [0, 1, 2, 3, 4]);
/// assert_eq!(unsc.min_winning_size()?, 9);
/// assert_eq!(unsc.min_blocking_size(Some(&(5..15).collect::<Vec<_>>()))?, Some(7));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ParamMap", into = "ParamMap")]
pub struct InstitutionalPower {
    weights: Vec<f64>,
    quota: f64,
    labels: Vec<String>,
    veto: Vec<usize>,
    count: Option<usize>,
    blocking_minority: Option<usize>,
    blocs: Vec<Vec<usize>>,
    /// The rule, built from the parameters above.
    game: VotingGame,
}

impl Default for InstitutionalPower {
    fn default() -> Self {
        Self::new(InstitutionalPowerParams {
            labels: Some(unsc_labels()),
            ..Default::default()
        })
        .expect("the headline example is valid")
    }
}

/// A count rule over `n` members: at least `k` vote yes.
fn at_least(k: usize, n: usize) -> Result<VotingGame> {
    VotingGame::weighted(k as u64, &vec![1; n])
}

/// Checks a member index.
fn member(name: &str, i: usize, n: usize) -> Result<usize> {
    if i < n {
        Ok(i)
    } else {
        Err(Error::InvalidArgument(format!(
            "{name} names member {i}, but there are {n} members (indices 0..{n})"
        )))
    }
}

/// Checks a count in `1..=n`.
fn in_members(name: &str, k: usize, n: usize, meaning: &str) -> Result<usize> {
    if (1..=n).contains(&k) {
        Ok(k)
    } else {
        Err(Error::InvalidArgument(format!(
            "{name} must be between 1 and the number of members ({n}): {meaning}; got {k}"
        )))
    }
}

impl InstitutionalPower {
    /// Validates the parameters and builds the model.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the parameter: no weights, a negative or non-finite
    /// weight, a quota not in `(0, Σ w]` (the grand coalition must win), labels that are not
    /// one distinct name per member, a veto member out of range or repeated, `count` or
    /// `blocking_minority` outside `1..=n`, blocs that are empty, out of range or overlapping,
    /// or weights too fine-grained for the exact programs.
    ///
    /// A quota at most half the total weight makes the game improper (two disjoint coalitions
    /// can both win): allowed, and reported by [`InstitutionalPower::warnings`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{InstitutionalPower, InstitutionalPowerParams};
    ///
    /// let bad = InstitutionalPowerParams { quota: 100.0, ..Default::default() };
    /// let err = InstitutionalPower::new(bad).unwrap_err().to_string();
    /// assert!(err.contains("quota") && err.contains("45"));
    /// ```
    pub fn new(params: InstitutionalPowerParams) -> Result<Self> {
        let InstitutionalPowerParams {
            weights,
            quota,
            labels,
            veto,
            count,
            blocking_minority,
            blocs,
        } = params;
        check_all("weights", &weights, Range::NonNegative)?;
        let n = weights.len();
        if n > MAX_MEMBERS {
            return Err(Error::InvalidArgument(format!(
                "weights lists {n} members; at most {MAX_MEMBERS} are supported"
            )));
        }
        check("quota", quota, Range::Positive)?;
        let exact: Vec<BigRational> = weights.iter().map(|&w| rational_value(w)).collect();
        let total: BigRational = exact.iter().sum();
        let q = rational_value(quota);
        if q > total {
            return Err(Error::InvalidArgument(format!(
                "quota must be in (0, {}] (the total weight: otherwise even all members \
                 together lose), got {quota}",
                crate::format::rational(&total)
            )));
        }
        let labels = match labels {
            None => default_names(n),
            Some(l) if l.len() != n => {
                return Err(Error::InvalidArgument(format!(
                    "labels must name each member once: {} labels for {n} weights",
                    l.len()
                )));
            }
            Some(l) => {
                if let Some((i, x)) = l.iter().enumerate().find(|(i, x)| l[..*i].contains(x)) {
                    return Err(Error::InvalidArgument(format!(
                        "labels must be distinct, but {x:?} appears twice (at {i})"
                    )));
                }
                l
            }
        };
        let mut sorted_veto = Vec::with_capacity(veto.len());
        for &v in &veto {
            let v = member("veto", v, n)?;
            if sorted_veto.contains(&v) {
                return Err(Error::InvalidArgument(format!(
                    "veto lists member {v} ({}) twice",
                    labels[v]
                )));
            }
            sorted_veto.push(v);
        }
        sorted_veto.sort_unstable();
        if let Some(k) = count {
            in_members("count", k, n, "at least this many members must vote yes")?;
        }
        if let Some(b) = blocking_minority {
            in_members(
                "blocking_minority",
                b,
                n,
                "a proposal passes unless at least this many members vote no",
            )?;
        }
        let mut seen = vec![None; n];
        for (k, bloc) in blocs.iter().enumerate() {
            if bloc.is_empty() {
                return Err(Error::InvalidArgument(format!(
                    "blocs[{k}] is empty: a bloc needs at least one member"
                )));
            }
            for &i in bloc {
                let i = member(&format!("blocs[{k}]"), i, n)?;
                if let Some(other) = seen[i] {
                    return Err(Error::InvalidArgument(format!(
                        "blocs must be disjoint, but member {i} ({}) is in blocs[{other}] and \
                         blocs[{k}]",
                        labels[i]
                    )));
                }
                seen[i] = Some(k);
            }
        }
        let weighted = WeightedRule::new(q, exact).map_err(|e| {
            Error::InvalidArgument(format!(
                "weights and quota cannot be read as a weighted voting rule ({e}): round the \
                 weights to fewer significant digits"
            ))
        })?;
        let mut game = VotingGame::new(Rule::Weighted(weighted))?;
        if let Some(k) = count {
            game = VotingGame::all_of(vec![game, at_least(k, n)?])?;
        }
        if let Some(b) = blocking_minority {
            game = VotingGame::any_of(vec![game, at_least(n - b + 1, n)?])?;
        }
        if !sorted_veto.is_empty() {
            game = game.with_veto(&sorted_veto)?;
        }
        let game = game.with_players(labels.clone())?;
        Ok(Self {
            weights,
            quota,
            labels,
            veto: sorted_veto,
            count,
            blocking_minority,
            blocs,
            game,
        })
    }

    /// "All of the veto members plus at least `count` members" as a weighted game, by the
    /// specification's encoding **\[derived\]**: non-veto weight 1, veto weight
    /// `W = n − k + 1`, quota `|V|·W + (k − |V|)` (UN Security Council: `[39; 7×5, 1×10]`).
    /// The model keeps `veto` and `count` too (the rule they state is the same).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for fewer than one label, `count` outside `|V|..=n` (at
    /// least 1), or a veto index out of range or repeated.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::InstitutionalPower;
    ///
    /// // The Security Council before 1965: 11 members, 7 votes including the P5.
    /// let labels: Vec<String> = (0..11).map(|i| format!("M{i}")).collect();
    /// let old = InstitutionalPower::veto_rule(labels, vec![0, 1, 2, 3, 4], 7)?;
    /// assert_eq!((old.weights()[0], old.quota()), (5.0, 27.0));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn veto_rule(labels: Vec<String>, veto: Vec<usize>, count: usize) -> Result<Self> {
        let n = labels.len();
        if n == 0 {
            return Err(Error::InvalidArgument(
                "labels must name at least one member".into(),
            ));
        }
        in_members(
            "count",
            count,
            n,
            "at least this many members must vote yes",
        )?;
        if veto.len() > count {
            return Err(Error::InvalidArgument(format!(
                "count must be at least the number of veto members ({}), got {count}",
                veto.len()
            )));
        }
        for &v in &veto {
            member("veto", v, n)?;
        }
        let big = (n - count + 1) as f64;
        let mut weights = vec![1.0; n];
        for &v in &veto {
            weights[v] = big;
        }
        let quota = veto.len() as f64 * big + (count - veto.len()) as f64;
        Self::new(InstitutionalPowerParams {
            weights,
            quota,
            labels: Some(labels),
            veto,
            count: Some(count),
            ..Default::default()
        })
    }

    /// The UN Security Council since 1965 (Charter Art. 27(3)): 9 of 15 votes including the
    /// 5 permanent members', encoded `[39; 7×5, 1×10]` (Shapley & Shubik 1954 for the
    /// index). Members: China, France, Russia, United Kingdom, United States, then `E1`–`E10`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::InstitutionalPower;
    ///
    /// let m = InstitutionalPower::un_security_council();
    /// assert_eq!(m.banzhaf_swings()?[0], 848u32.into());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn un_security_council() -> Self {
        Self::default()
    }

    /// The EU Council's qualified majority (TEU Art. 16(4), TFEU Art. 238(3)): at least 55%
    /// of the members (15 of 27) representing at least 65% of the population, or else fewer
    /// than 4 members opposing. `population`: one figure per member in any unit (default:
    /// [`EU_COUNCIL_2025`], the Council's 2025 figures in 0.01% with the members' names);
    /// `labels`: names (default: those of [`EU_COUNCIL_2025`] for 27 members, else
    /// `State 1`, …).
    ///
    /// # Errors
    /// As [`InstitutionalPower::new`]; fewer than 4 members.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::InstitutionalPower;
    ///
    /// let eu = InstitutionalPower::eu_council(None, None)?;
    /// let ss = eu.shapley_shubik()?;
    /// assert!(ss.values[0] > ss.values[1] && ss.values[1] > ss.values[26]); // DE > FR > MT
    /// assert_eq!(eu.min_blocking_size(None)?, Some(4)); // the four largest
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn eu_council(population: Option<Vec<f64>>, labels: Option<Vec<String>>) -> Result<Self> {
        let given = population.is_some();
        let population =
            population.unwrap_or_else(|| EU_COUNCIL_2025.iter().map(|&(_, p)| p as f64).collect());
        let n = population.len();
        if n < 4 {
            return Err(Error::InvalidArgument(format!(
                "population has {n} entries: the EU Council rule needs at least 4 members"
            )));
        }
        check_all("population", &population, Range::NonNegative)?;
        let labels = labels.or_else(|| {
            (!given || n == EU_COUNCIL_2025.len())
                .then(|| EU_COUNCIL_2025.iter().map(|p| p.0.to_string()).collect())
        });
        let total: BigRational = population.iter().map(|&p| rational_value(p)).sum();
        let quota = to_float(&(total * BigRational::new(13.into(), 20.into())));
        Self::new(InstitutionalPowerParams {
            weights: population,
            quota,
            labels,
            count: Some((n * 55).div_ceil(100).max(15.min(n))),
            blocking_minority: Some(4),
            ..Default::default()
        })
    }

    /// An IMF-style board: members (chairs) with weighted votes, a decision needing more than
    /// half of all votes (`Simple`), or at least 70% or 85% of them (the special majorities
    /// of the IMF's Articles of Agreement). All votes are taken as cast.
    ///
    /// # Errors
    /// As [`InstitutionalPower::new`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{BoardMajority, InstitutionalPower};
    ///
    /// // Stylized: a chair with 16.5% of the votes holds a veto under the 85% majority.
    /// let mut votes = vec![165.0];
    /// votes.extend([33.4; 25]);
    /// let board = InstitutionalPower::imf_board(votes, None, BoardMajority::Special85)?;
    /// assert_eq!(board.veto_players(), [0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn imf_board(
        votes: Vec<f64>,
        labels: Option<Vec<String>>,
        majority: BoardMajority,
    ) -> Result<Self> {
        check_all("votes", &votes, Range::NonNegative)?;
        let total: BigRational = votes.iter().map(|&v| rational_value(v)).sum();
        if !total.is_positive() {
            return Err(Error::InvalidArgument(
                "votes must not all be zero: no decision could pass".into(),
            ));
        }
        let share = |n: i64, d: i64| &total * BigRational::new(n.into(), d.into());
        let q = match majority {
            // More than half: the smallest multiple of the votes' unit above half. With exact
            // rational votes, "more than half" is "at least half plus the smallest step",
            // which the weighted rule expresses as a quota just above half.
            BoardMajority::Simple => {
                let unit = votes
                    .iter()
                    .map(|&v| rational_value(v))
                    .filter(|v| v.is_positive())
                    .fold(BigRational::zero(), |g, v| gcd_rational(&g, &v));
                share(1, 2) + unit / BigRational::from_integer(BigInt::from(2))
            }
            BoardMajority::Special70 => share(7, 10),
            BoardMajority::Special85 => share(17, 20),
        };
        Self::new(InstitutionalPowerParams {
            weights: votes,
            quota: to_float(&q),
            labels,
            ..Default::default()
        })
    }

    /// The apex game `[n; n − 1, 1, …, 1]`: a hegemon that wins with any one small state, and
    /// `n >= 2` small states that win only all together (von Neumann & Morgenstern 1944).
    /// Members: `Hegemon`, `Small 1`, …, `Small n`.
    ///
    /// Closed forms **\[derived\]**: Shapley–Shubik `(n − 1)/(n + 1)` and `2/(n(n + 1))`;
    /// Banzhaf swings `2^n − 2` and `2`; core empty; nucleolus `((n − 1)/(2n − 1),
    /// 1/(2n − 1), …)`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for `n < 2`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::InstitutionalPower;
    ///
    /// let apex = InstitutionalPower::apex(3)?;
    /// assert_eq!(apex.shapley_shubik()?.to_string(), "[1/2, 1/6, 1/6, 1/6]");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn apex(n: usize) -> Result<Self> {
        if n < 2 {
            return Err(Error::InvalidArgument(format!(
                "the apex game needs at least 2 small states, got n = {n}"
            )));
        }
        let mut weights = vec![(n - 1) as f64];
        weights.extend(vec![1.0; n]);
        let mut labels = vec!["Hegemon".to_string()];
        labels.extend((1..=n).map(|i| format!("Small {i}")));
        Self::new(InstitutionalPowerParams {
            weights,
            quota: n as f64,
            labels: Some(labels),
            ..Default::default()
        })
    }

    /// The same institution with these blocs (disjoint lists of member indices).
    ///
    /// # Errors
    /// As [`InstitutionalPower::new`].
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::InstitutionalPower::default().with_blocs(vec![vec![5, 6]])?;
    /// assert_eq!(m.blocs(), [vec![5, 6]]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn with_blocs(&self, blocs: Vec<Vec<usize>>) -> Result<Self> {
        let mut p = self.params();
        p.blocs = blocs;
        Self::new(p)
    }

    /// The parameters as the typed struct.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{InstitutionalPower, InstitutionalPowerParams};
    /// let m = InstitutionalPower::default();
    /// assert_eq!(InstitutionalPower::new(m.params())?, m);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn params(&self) -> InstitutionalPowerParams {
        InstitutionalPowerParams {
            weights: self.weights.clone(),
            quota: self.quota,
            labels: Some(self.labels.clone()),
            veto: self.veto.clone(),
            count: self.count,
            blocking_minority: self.blocking_minority,
            blocs: self.blocs.clone(),
        }
    }

    /// Number of members.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::InstitutionalPower::default().num_members(), 15);
    /// ```
    pub fn num_members(&self) -> usize {
        self.weights.len()
    }

    /// The weights `w_i`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::InstitutionalPower::default().weights()[0], 7.0);
    /// ```
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The quota `q`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::InstitutionalPower::default().quota(), 39.0);
    /// ```
    pub fn quota(&self) -> f64 {
        self.quota
    }

    /// The member names.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::InstitutionalPower::default().labels()[5], "E1");
    /// ```
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The explicit veto members (ascending; [`InstitutionalPower::veto_players`] also finds
    /// those the weights make veto players).
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::InstitutionalPower::default().veto().is_empty());
    /// ```
    pub fn veto(&self) -> &[usize] {
        &self.veto
    }

    /// The count rule `k`, if any.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::InstitutionalPower::default().count(), None);
    /// ```
    pub fn count(&self) -> Option<usize> {
        self.count
    }

    /// The blocking-minority clause `b`, if any.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::InstitutionalPower;
    /// assert_eq!(InstitutionalPower::eu_council(None, None)?.blocking_minority(), Some(4));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn blocking_minority(&self) -> Option<usize> {
        self.blocking_minority
    }

    /// The blocs (member indices).
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::InstitutionalPower::default().blocs().is_empty());
    /// ```
    pub fn blocs(&self) -> &[Vec<usize>] {
        &self.blocs
    }

    /// Looks up members by label.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming an unknown label and listing the members.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::InstitutionalPower::default();
    /// assert_eq!(m.indices_of(&["France", "E2"])?, [1, 6]);
    /// assert!(m.indices_of(&["Germany"]).is_err());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn indices_of<S: AsRef<str>>(&self, labels: &[S]) -> Result<Vec<usize>> {
        labels
            .iter()
            .map(|l| {
                let l = l.as_ref();
                self.labels.iter().position(|x| x == l).ok_or_else(|| {
                    Error::InvalidArgument(format!(
                        "{l:?} is not a member (members: {})",
                        self.labels.join(", ")
                    ))
                })
            })
            .collect()
    }

    /// Warnings about valid but unusual parameters: a quota at most half the total weight
    /// (an improper game, in which two disjoint coalitions can both win).
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{InstitutionalPower, InstitutionalPowerParams};
    ///
    /// let m = InstitutionalPower::new(InstitutionalPowerParams {
    ///     weights: vec![1.0; 4], quota: 2.0, ..Default::default() })?;
    /// assert!(m.warnings()[0].contains("improper"));
    /// assert!(InstitutionalPower::default().warnings().is_empty());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn warnings(&self) -> Vec<String> {
        let total: BigRational = self.weights.iter().map(|&w| rational_value(w)).sum();
        let q = rational_value(self.quota);
        if q * BigRational::from_integer(2.into()) <= total {
            vec![format!(
                "quota {} is at most half the total weight {}: the game is improper (two \
                 disjoint coalitions can both win)",
                self.quota,
                crate::format::rational(&total)
            )]
        } else {
            Vec::new()
        }
    }

    /// The voting game: the rule over the named members, for any voting-game method.
    ///
    /// # Example
    /// ```
    /// let g = detente::alliance::InstitutionalPower::default();
    /// assert_eq!(g.voting_game().holler(1000)?.exact[0].to_string(), "1/9");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn voting_game(&self) -> &VotingGame {
        &self.game
    }

    /// The simple game as a TU game (`v(S) = 1` if `S` wins), for the TU solutions.
    ///
    /// # Errors
    /// As [`VotingGame::to_tu_game`] (at most 30 members).
    ///
    /// # Example
    /// ```
    /// let tu = detente::alliance::InstitutionalPower::apex(2)?.tu_game()?;
    /// assert_eq!((tu.value(0b011), tu.value(0b110)), (1.0, 1.0));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn tu_game(&self) -> Result<TUGame> {
        self.game.to_tu_game()
    }

    /// The Shapley–Shubik index (exact).
    ///
    /// # Errors
    /// As [`VotingGame::shapley_shubik`]; [`Error::Interrupted`].
    ///
    /// # Example
    /// ```
    /// let ss = detente::alliance::InstitutionalPower::default().shapley_shubik()?;
    /// assert_eq!(ss.exact[14].to_string(), "4/2145");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn shapley_shubik(&self) -> Result<PowerIndices> {
        self.game.shapley_shubik()
    }

    /// The Banzhaf index, normalized (swings over their sum) or absolute (over `2^(n−1)`).
    ///
    /// # Errors
    /// As [`VotingGame::banzhaf`].
    ///
    /// # Example
    /// ```
    /// let bz = detente::alliance::InstitutionalPower::default().banzhaf(true)?;
    /// assert_eq!((bz.exact[0].to_string(), bz.exact[5].to_string()), ("106/635".into(), "21/1270".into()));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn banzhaf(&self, normalized: bool) -> Result<PowerIndices> {
        self.game.banzhaf(normalized)
    }

    /// The raw Banzhaf counts (swings).
    ///
    /// # Errors
    /// As [`VotingGame::banzhaf_swings`].
    ///
    /// # Example
    /// ```
    /// let s = detente::alliance::InstitutionalPower::default().banzhaf_swings()?;
    /// assert_eq!(s[5], 84u32.into());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn banzhaf_swings(&self) -> Result<Vec<BigUint>> {
        self.game.banzhaf_swings()
    }

    /// An index by name, for [`InstitutionalPower::bloc_power`].
    fn index_of(game: &VotingGame, index: PowerIndex) -> Result<PowerIndices> {
        match index {
            PowerIndex::ShapleyShubik => game.shapley_shubik(),
            PowerIndex::Banzhaf => game.banzhaf(true),
            PowerIndex::BanzhafAbsolute => game.banzhaf(false),
        }
    }

    /// The veto players (those without whom nothing passes), ascending.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::InstitutionalPower::default().veto_players(), [0, 1, 2, 3, 4]);
    /// ```
    pub fn veto_players(&self) -> Vec<usize> {
        self.game.veto_players()
    }

    /// Whether the core is empty. In a simple game it is non-empty exactly when there is a
    /// veto player, and it is then the set of splits of 1 among the veto players.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::InstitutionalPower;
    /// assert!(!InstitutionalPower::default().is_core_empty());
    /// assert!(InstitutionalPower::apex(3)?.is_core_empty());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_core_empty(&self) -> bool {
        self.veto_players().is_empty()
    }

    /// The vertices of the core: one unit vector per veto player (all of 1 to it), so the
    /// core is every split of 1 among the veto players; empty without veto players.
    ///
    /// # Example
    /// ```
    /// let v = detente::alliance::InstitutionalPower::default().core_vertices();
    /// assert_eq!(v.len(), 5);
    /// assert_eq!(v[0][0].to_string(), "1");
    /// ```
    pub fn core_vertices(&self) -> Vec<Vec<BigRational>> {
        let n = self.num_members();
        self.veto_players()
            .into_iter()
            .map(|v| {
                (0..n)
                    .map(|i| {
                        if i == v {
                            BigRational::one()
                        } else {
                            BigRational::zero()
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// The nucleolus of the simple game (Schmeidler 1969), exact.
    ///
    /// With veto players it is the equal split among them **\[derived\]**: the core is
    /// non-empty (the splits among the veto players), so the nucleolus lies in it; there every
    /// winning coalition and every coalition without a veto player has excess 0, and the
    /// others `−x(S ∩ V)`, whose largest is `−min_{i∈V} x_i` (from `N ∖ {i}`), so the
    /// lexicographic minimum maximises `min_i x_i`: `1/|V|` each. Without veto players, the
    /// TU module's LP sequence on the `2^n` coalitions (Maschler, Peleg & Shapley 1979),
    /// recovered exactly and certified by Kohlberg's criterion, up to
    /// [`MAX_NUCLEOLUS_MEMBERS`] members.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without veto players above [`MAX_NUCLEOLUS_MEMBERS`]
    /// members; as [`TUGame::nucleolus`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::InstitutionalPower;
    ///
    /// let nu = InstitutionalPower::default().nucleolus()?;
    /// assert_eq!((nu[0].to_string(), nu[5].to_string()), ("1/5".into(), "0".into()));
    /// assert_eq!(InstitutionalPower::apex(3)?.nucleolus()?[0].to_string(), "2/5");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn nucleolus(&self) -> Result<Vec<BigRational>> {
        let n = self.num_members();
        let veto = self.veto_players();
        if !veto.is_empty() {
            let share = BigRational::new(BigInt::one(), BigInt::from(veto.len()));
            let mut x = vec![BigRational::zero(); n];
            veto.iter().for_each(|&i| x[i] = share.clone());
            return Ok(x);
        }
        if n > MAX_NUCLEOLUS_MEMBERS {
            return Err(Error::InvalidArgument(format!(
                "the nucleolus of an institution without veto players needs the 2^n coalition \
                 values and is limited to {MAX_NUCLEOLUS_MEMBERS} members, this one has {n}; \
                 the power indices work at any size"
            )));
        }
        let nu: Nucleolus = self.tu_game()?.nucleolus()?;
        nu.allocation_exact.ok_or_else(|| {
            Error::Solver("the nucleolus was not recovered exactly from the LP sequence".into())
        })
    }

    /// The members of each player of the merged game: blocs as one player placed at their
    /// first member, the others alone, in the order of the members.
    fn merged_players(&self) -> Vec<Vec<usize>> {
        let n = self.num_members();
        let mut bloc_of = vec![None; n];
        for (k, b) in self.blocs.iter().enumerate() {
            for &i in b {
                bloc_of[i] = Some(k);
            }
        }
        let mut out = Vec::new();
        let mut done = vec![false; self.blocs.len()];
        for (i, bloc) in bloc_of.iter().enumerate() {
            match *bloc {
                None => out.push(vec![i]),
                Some(k) if !done[k] => {
                    done[k] = true;
                    let mut m = self.blocs[k].clone();
                    m.sort_unstable();
                    out.push(m);
                }
                Some(_) => {}
            }
        }
        out
    }

    /// The game in which each bloc votes as one player (its weight in every rule the sum of
    /// its members'), placed where its first member was; a bloc is named by its members'
    /// labels joined by `+`.
    ///
    /// # Errors
    /// As [`WeightedRule::new`] (it cannot fail for a valid model).
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::InstitutionalPower::default().with_blocs(vec![vec![5, 6, 7]])?;
    /// let g = m.merged_game()?;
    /// assert_eq!(g.num_players(), 13);
    /// assert_eq!(g.players()[5], "E1+E2+E3");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn merged_game(&self) -> Result<VotingGame> {
        let groups = self.merged_players();
        let mapped = map_leaves(self.game.rule(), &|w| {
            let weights = groups
                .iter()
                .map(|g| g.iter().map(|&i| &w.weights()[i]).sum())
                .collect();
            WeightedRule::new(w.quota().clone(), weights).map(|r| Mapped::Rule(Rule::Weighted(r)))
        })?;
        let Mapped::Rule(rule) = mapped else {
            return Err(Error::InvalidArgument(
                "merging the blocs left no rule to count".into(),
            ));
        };
        let names: Vec<String> = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|&i| self.labels[i].as_str())
                    .collect::<Vec<_>>()
                    .join("+")
            })
            .collect();
        VotingGame::new(rule)?.with_players(names)
    }

    /// Each bloc's power voting as one (in [`InstitutionalPower::merged_game`]) against the
    /// sum of its members' powers voting apart, by the chosen index.
    ///
    /// # Errors
    /// As the index.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{InstitutionalPower, PowerIndex};
    ///
    /// let m = InstitutionalPower::apex(3)?.with_blocs(vec![vec![1, 2, 3]])?;
    /// let b = &m.bloc_power(PowerIndex::ShapleyShubik)?[0];
    /// // [3; 2, 3]: the bloc wins alone, where its members held 3 × 1/6 apart.
    /// assert_eq!((b.power.to_string(), b.separate.to_string()), ("1".into(), "1/2".into()));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn bloc_power(&self, index: PowerIndex) -> Result<Vec<BlocPower>> {
        if self.blocs.is_empty() {
            return Ok(Vec::new());
        }
        let apart = Self::index_of(&self.game, index)?;
        let merged = self.merged_game()?;
        let together = Self::index_of(&merged, index)?;
        let groups = self.merged_players();
        Ok(self
            .blocs
            .iter()
            .map(|b| {
                let mut members = b.clone();
                members.sort_unstable();
                let k = groups.iter().position(|g| *g == members).unwrap_or(0);
                BlocPower {
                    name: merged.players()[k].clone(),
                    separate: members.iter().map(|&i| &apart.exact[i]).sum(),
                    power: together.exact[k].clone(),
                    members,
                }
            })
            .collect())
    }

    /// The fewest members of a winning coalition (minilateralism's lower bound), from the
    /// voting program's swing counts by size (see the module docs): exact at any size.
    ///
    /// # Errors
    /// As [`VotingGame::shapley_shubik`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::InstitutionalPower;
    /// assert_eq!(InstitutionalPower::default().min_winning_size()?, 9);
    /// assert_eq!(InstitutionalPower::apex(5)?.min_winning_size()?, 2);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn min_winning_size(&self) -> Result<usize> {
        let (smallest, _) = swing_sizes(&self.game)?;
        Ok(smallest.map_or(self.num_members(), |k| k + 1))
    }

    /// The fewest members whose no votes defeat any proposal (the others all voting yes), or,
    /// with `within`, the fewest such members all taken from that group (`None` if the
    /// members outside the group win without it). Exact at any size (module docs).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an index out of range or repeated in `within`; as
    /// [`VotingGame::shapley_shubik`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::InstitutionalPower;
    ///
    /// let unsc = InstitutionalPower::default();
    /// assert_eq!(unsc.min_blocking_size(None)?, Some(1)); // one veto
    /// let elected: Vec<usize> = (5..15).collect();
    /// assert_eq!(unsc.min_blocking_size(Some(&elected))?, Some(7)); // 10 - 7 = 3 < 4
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn min_blocking_size(&self, within: Option<&[usize]>) -> Result<Option<usize>> {
        let n = self.num_members();
        let group: Vec<usize> = match within {
            None => (0..n).collect(),
            Some(g) => {
                let mut seen = vec![false; n];
                for &i in g {
                    member("within", i, n)?;
                    if seen[i] {
                        return Err(Error::InvalidArgument(format!(
                            "within lists member {i} ({}) twice",
                            self.labels[i]
                        )));
                    }
                    seen[i] = true;
                }
                g.to_vec()
            }
        };
        let mut inside = vec![false; n];
        group.iter().for_each(|&i| inside[i] = true);
        let reduced = map_leaves(self.game.rule(), &|w| {
            let outside: BigRational = (0..n)
                .filter(|&i| !inside[i])
                .map(|i| &w.weights()[i])
                .sum();
            let quota = w.quota() - outside;
            if !quota.is_positive() {
                return Ok(Mapped::Always); // passes whatever the group does
            }
            let weights: Vec<BigRational> = group.iter().map(|&i| w.weights()[i].clone()).collect();
            if quota > weights.iter().sum::<BigRational>() {
                return Ok(Mapped::Never);
            }
            WeightedRule::new(quota, weights).map(|r| Mapped::Rule(Rule::Weighted(r)))
        })?;
        let rule = match reduced {
            // The members outside the group pass every proposal on their own.
            Mapped::Always => return Ok(None),
            // Nothing passes (not even with every member): no one needs to vote no.
            Mapped::Never => return Ok(Some(0)),
            Mapped::Rule(rule) => rule,
        };
        let game = VotingGame::new(rule)?;
        let (_, largest) = swing_sizes(&game)?;
        Ok(Some(group.len() - largest.unwrap_or(0)))
    }

    /// The yes/no vote in normal form: each member votes `Yes` (action 0) or `No`; the
    /// proposal passes when the yes-voters win; a member scores 1 when the outcome is the one
    /// it voted for (success, Rae 1969), 0 otherwise. Against others voting yes or no with
    /// probability 1/2 each, a member's expected payoff is `(1 + β'_i)/2` with `β'_i` its
    /// absolute Banzhaf index (Penrose 1946; Dubey & Shapley 1979).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] above [`MAX_NORMAL_FORM_MEMBERS`] members.
    ///
    /// # Example
    /// ```
    /// let g = detente::alliance::InstitutionalPower::apex(2)?.game()?;
    /// assert_eq!(g.shape(), &[2, 2, 2]);
    /// assert_eq!(g.pure_payoffs(&[0, 0, 1]), vec![1.0, 1.0, 0.0]); // {H, S1} wins
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn game(&self) -> Result<Game> {
        let n = self.num_members();
        if n > MAX_NORMAL_FORM_MEMBERS {
            return Err(Error::InvalidArgument(format!(
                "the normal form has 2^n profiles and is built for at most \
                 {MAX_NORMAL_FORM_MEMBERS} members, this institution has {n}; the indices \
                 (voting_game) work at any size"
            )));
        }
        let mut yes = vec![false; n];
        Game::from_fn(&vec![2; n], |s, i| {
            for (y, &a) in yes.iter_mut().zip(s) {
                *y = a == 0;
            }
            let passes = self.game.wins(&yes);
            if passes == yes[i] { 1.0 } else { 0.0 }
        })?
        .with_players(self.labels.clone())?
        .with_actions(vec![vec!["Yes", "No"]; n])
        .map(|g| g.with_title("Institutional power: the yes/no vote (success payoffs)"))
    }

    /// The structure label ([`InstitutionalRegime`]).
    ///
    /// # Errors
    /// As [`InstitutionalPower::bloc_power`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{InstitutionalPower, InstitutionalRegime};
    ///
    /// let bloc = InstitutionalPower::default().with_blocs(vec![(5..12).collect()])?;
    /// assert_eq!(bloc.regime()?, InstitutionalRegime::LilliputianBloc);
    /// assert_eq!(InstitutionalPower::apex(3)?.regime()?, InstitutionalRegime::Multilateral);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn regime(&self) -> Result<InstitutionalRegime> {
        if self
            .bloc_power(PowerIndex::ShapleyShubik)?
            .iter()
            .any(|b| b.members.len() > 1 && b.power > b.separate)
        {
            return Ok(InstitutionalRegime::LilliputianBloc);
        }
        let n = self.num_members();
        if (0..n).any(|i| self.game.is_winning(&[i]).unwrap_or(false)) {
            return Ok(InstitutionalRegime::Unilateral);
        }
        let veto = self.veto_players();
        Ok(if !veto.is_empty() && veto.len() < n {
            InstitutionalRegime::Minilateral
        } else {
            InstitutionalRegime::Multilateral
        })
    }

    /// BibTeX entries for the works the model formalizes.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::InstitutionalPower::default().cite().contains("shapley1954"));
    /// ```
    pub fn cite(&self) -> &'static str {
        BIBTEX
    }

    /// A plain-text account of the model: parameters, seed situation, citations.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::InstitutionalPower::default().describe().contains("Lilliput"));
    /// ```
    pub fn describe(&self) -> String {
        format!(
            "Institutional power (weighted voting with vetoes and blocs)\n\
             Question: who holds power in an institution, what is a veto worth, and what do \
             small states gain by voting as a bloc (the Lilliputian strategy)?\n\
             Members {:?} with weights {:?}; a coalition wins iff its weight >= quota {}{}{}{}.\n\
             Blocs (voting as one): {:?}.\n\
             Indices: Shapley-Shubik (Shapley value of v(S) = 1 if S wins), Banzhaf \
             (normalized and absolute), core (veto players), nucleolus, bloc power vs the sum \
             of its members' separate powers.\n\
             Sources: Shapley & Shubik (1954) APSR 48(3): 787-792; Banzhaf (1965) Rutgers Law \
             Review 19(2): 317-343; Felsenthal & Machover (1998) The Measurement of Voting \
             Power; Schmeidler (1969) SIAM J. Appl. Math. 17(6): 1163-1170; Keohane (1969) \
             International Organization 23(2): 291-310; von Neumann & Morgenstern (1944).\n\
             Deviation: the apex game as the Lilliputian model (the hegemon wins with any \
             one partner, the small states only all together) is this model's stylized \
             framing; indices are a priori (no preferences, cf. O'Neill 1996).",
            self.labels,
            self.weights,
            self.quota,
            if self.veto.is_empty() {
                String::new()
            } else {
                format!(", all of the veto members {:?} vote yes", self.veto)
            },
            self.count.map_or(String::new(), |k| format!(
                ", and at least {k} members vote yes"
            )),
            self.blocking_minority.map_or(String::new(), |b| format!(
                "; or else fewer than {b} members vote no"
            )),
            self.blocs
        )
    }
}

/// The smallest and largest sizes `k` at which some member swings (turns a losing coalition
/// of `k` members into a winning one), from the voting program's counts by size.
fn swing_sizes(game: &VotingGame) -> Result<(Option<usize>, Option<usize>)> {
    let counts = game.swing_counts(true)?;
    let sizes = || {
        counts
            .swings
            .iter()
            .flat_map(|row| row.iter().enumerate().filter(|(_, c)| !c.is_zero()))
            .map(|(k, _)| k)
    };
    Ok((sizes().min(), sizes().max()))
}

/// The greatest common divisor of two non-negative rationals (0 with 0 gives the other).
fn gcd_rational(a: &BigRational, b: &BigRational) -> BigRational {
    use num_integer::Integer;
    if a.is_zero() {
        return b.clone();
    }
    let num = (a.numer() * b.denom()).gcd(&(b.numer() * a.denom()));
    BigRational::new(num, a.denom() * b.denom())
}

/// A rule rebuilt leaf by leaf: one that always passes, one that never does, or a rule.
enum Mapped {
    Always,
    Never,
    Rule(Rule),
}

/// Rebuilds `rule` with `f` applied to every weighted leaf, simplifying joins of leaves that
/// always or never pass.
fn map_leaves(rule: &Rule, f: &impl Fn(&WeightedRule) -> Result<Mapped>) -> Result<Mapped> {
    Ok(match rule {
        Rule::Weighted(w) => f(w)?,
        Rule::AllOf(rules) => {
            let mut kept = Vec::new();
            for r in rules {
                match map_leaves(r, f)? {
                    Mapped::Always => {}
                    Mapped::Never => return Ok(Mapped::Never),
                    Mapped::Rule(r) => kept.push(r),
                }
            }
            if kept.is_empty() {
                Mapped::Always
            } else {
                Mapped::Rule(Rule::AllOf(kept))
            }
        }
        Rule::AnyOf(rules) => {
            let mut kept = Vec::new();
            for r in rules {
                match map_leaves(r, f)? {
                    Mapped::Always => return Ok(Mapped::Always),
                    Mapped::Never => {}
                    Mapped::Rule(r) => kept.push(r),
                }
            }
            if kept.is_empty() {
                Mapped::Never
            } else {
                Mapped::Rule(Rule::AnyOf(kept))
            }
        }
    })
}

/// Members by label.
fn by_label(names: &[String], labels: &[String]) -> Result<Vec<usize>> {
    names
        .iter()
        .map(|l| {
            labels.iter().position(|x| x == l).ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "veto names {l:?}, which is not a member (members: {})",
                    labels.join(", ")
                ))
            })
        })
        .collect()
}

params_serde!(InstitutionalPower);

/// A list of member indices from numbers (which must be non-negative integers).
fn indices(name: &str, values: &[f64]) -> Result<Vec<usize>> {
    values
        .iter()
        .enumerate()
        .map(|(k, &x)| {
            if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 1e15 {
                Ok(x as usize)
            } else {
                Err(Error::InvalidArgument(format!(
                    "{name}[{k}] must be a member index (an integer >= 0), got {x}"
                )))
            }
        })
        .collect()
}

/// One count from a number (a positive integer).
fn whole(name: &str, x: f64) -> Result<usize> {
    if x.is_finite() && x >= 1.0 && x.fract() == 0.0 && x < 1e15 {
        Ok(x as usize)
    } else {
        Err(Error::InvalidArgument(format!(
            "{name} must be a whole number of members (>= 1), got {x}"
        )))
    }
}

/// The [`AllianceModel`] protocol. The regime is the [`InstitutionalRegime`].
///
/// Defaults: the UN Security Council `[39; 7×5, 1×10]`. `veto` takes labels or indices,
/// `blocs` lists of indices. Without `weights`, `count` (with `veto` and `labels`) gives the
/// encoded veto rule of [`InstitutionalPower::veto_rule`]; with `weights` but no `quota`,
/// the quota is a simple majority (more than half of the total weight, for integer weights).
///
/// # Example
/// ```
/// use detente::alliance::{AllianceModel, InstitutionalPower, ParamMap, ParamValue};
///
/// let p = ParamMap::from([
///     ("labels".into(), ParamValue::Texts((0..15).map(|i| format!("M{i}")).collect())),
///     ("veto".into(), ParamValue::Numbers(vec![0.0, 1.0, 2.0, 3.0, 4.0])),
///     ("count".into(), ParamValue::Number(9.0)),
/// ]);
/// let m = InstitutionalPower::from_params(&p)?;
/// assert_eq!((m.weights()[0], m.quota()), (7.0, 39.0));
/// # Ok::<(), detente::Error>(())
/// ```
impl AllianceModel for InstitutionalPower {
    type Regime = InstitutionalRegime;

    const NAME: &'static str = "InstitutionalPower";

    const PARAM_NAMES: &'static [&'static str] = &[
        "weights",
        "quota",
        "labels",
        "veto",
        "count",
        "blocking_minority",
        "blocs",
    ];

    fn from_params(params: &ParamMap) -> Result<Self> {
        let r = Reader::new(Self::NAME, params, Self::PARAM_NAMES)?;
        let weights = r.numbers("weights")?;
        let quota = r.number("quota")?;
        let labels = r.texts("labels")?;
        let count = r.number("count")?.map(|x| whole("count", x)).transpose()?;
        let blocking = r
            .number("blocking_minority")?
            .map(|x| whole("blocking_minority", x))
            .transpose()?;
        let blocs = r
            .matrix("blocs")?
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(k, b)| indices(&format!("blocs[{k}]"), b))
            .collect::<Result<Vec<_>>>()?;
        // veto: labels or indices.
        let veto_value = params.get("veto").filter(|v| **v != ParamValue::Absent);
        let resolve = |labels: &[String]| -> Result<Vec<usize>> {
            match veto_value {
                None => Ok(Vec::new()),
                Some(ParamValue::Texts(names)) => by_label(names, labels),
                Some(ParamValue::Text(name)) => by_label(std::slice::from_ref(name), labels),
                Some(_) => indices("veto", &r.numbers("veto")?.unwrap_or_default()),
            }
        };
        let (weights, quota, labels) = match (weights, count) {
            (Some(w), _) => {
                let labels = labels.unwrap_or_else(|| default_names(w.len()));
                let quota = match quota {
                    Some(q) => q,
                    None => {
                        let total: f64 = w.iter().sum();
                        (total / 2.0).floor() + 1.0
                    }
                };
                (w, quota, labels)
            }
            (None, Some(k)) => {
                let labels = labels.ok_or_else(|| {
                    Error::InvalidArgument(
                        "give weights, or labels (one per member) with count (and veto) for \
                         the rule \"all veto members plus at least count members\""
                            .into(),
                    )
                })?;
                let veto = resolve(&labels)?;
                let m = Self::veto_rule(labels, veto, k)?;
                let (w, q, l) = (m.weights, m.quota, m.labels);
                (w, quota.unwrap_or(q), l)
            }
            (None, None) => {
                let d = InstitutionalPowerParams::default();
                let labels = match labels {
                    Some(l) if l.len() == d.weights.len() => l,
                    Some(l) => {
                        return Err(Error::InvalidArgument(format!(
                            "labels has {} names but the default weights (the UN Security \
                             Council) have 15 members: give weights too",
                            l.len()
                        )));
                    }
                    None => unsc_labels(),
                };
                (d.weights, quota.unwrap_or(d.quota), labels)
            }
        };
        let veto = resolve(&labels)?;
        Self::new(InstitutionalPowerParams {
            weights,
            quota,
            labels: Some(labels),
            veto,
            count,
            blocking_minority: blocking,
            blocs,
        })
    }

    fn params(&self) -> Vec<Param> {
        let optional =
            |x: Option<usize>| x.map_or(ParamValue::Absent, |k| ParamValue::Number(k as f64));
        vec![
            Param {
                name: "weights",
                value: ParamValue::Numbers(self.weights.clone()),
                range: format!("one per member, each {}", Range::NonNegative.describe()),
                meaning: "w_i: each member's votes",
            },
            Param {
                name: "quota",
                value: ParamValue::Number(self.quota),
                range: "a number in (0, sum of weights]; at most half the total makes the game \
                        improper (warned)"
                    .into(),
                meaning: "q: the votes a coalition needs to win",
            },
            Param {
                name: "labels",
                value: ParamValue::Texts(self.labels.clone()),
                range: "one unique name per member".into(),
                meaning: "the members' names",
            },
            Param {
                name: "veto",
                value: ParamValue::Texts(
                    self.veto.iter().map(|&i| self.labels[i].clone()).collect(),
                ),
                range: "distinct members (labels or indices)".into(),
                meaning: "members whose yes every decision also needs",
            },
            Param {
                name: "count",
                value: optional(self.count),
                range: "none, or a whole number in [1, number of members]".into(),
                meaning: "k: at least this many members must also vote yes",
            },
            Param {
                name: "blocking_minority",
                value: optional(self.blocking_minority),
                range: "none, or a whole number in [1, number of members]".into(),
                meaning: "b: a proposal also passes when fewer than b members vote no (EU: 4)",
            },
            Param {
                name: "blocs",
                value: if self.blocs.is_empty() {
                    ParamValue::Numbers(vec![])
                } else {
                    ParamValue::Matrix(
                        self.blocs
                            .iter()
                            .map(|b| b.iter().map(|&i| i as f64).collect())
                            .collect(),
                    )
                },
                range: "disjoint non-empty lists of member indices".into(),
                meaning: "groups of members that vote as one (bloc_power)",
            },
        ]
    }

    fn game(&self) -> Result<Game> {
        InstitutionalPower::game(self)
    }

    fn describe(&self) -> String {
        InstitutionalPower::describe(self)
    }

    fn cite(&self) -> &'static str {
        InstitutionalPower::cite(self)
    }

    fn regime(&self) -> Result<Option<InstitutionalRegime>> {
        InstitutionalPower::regime(self).map(Some)
    }
}

/// The references of this model, as BibTeX.
const BIBTEX: &str = r#"@article{shapley1954,
  author = {Shapley, Lloyd S. and Shubik, Martin},
  title = {A Method for Evaluating the Distribution of Power in a Committee System},
  journal = {American Political Science Review}, volume = {48}, number = {3},
  pages = {787--792}, year = {1954}
}
@article{banzhaf1965,
  author = {Banzhaf, John F.},
  title = {Weighted Voting Doesn't Work: A Mathematical Analysis},
  journal = {Rutgers Law Review}, volume = {19}, number = {2}, pages = {317--343},
  year = {1965}, note = {volume and pages unverified}
}
@book{felsenthal1998,
  author = {Felsenthal, Dan S. and Machover, Mosh{\'e}},
  title = {The Measurement of Voting Power: Theory and Practice, Problems and Paradoxes},
  publisher = {Edward Elgar}, year = {1998}
}
@article{schmeidler1969,
  author = {Schmeidler, David},
  title = {The Nucleolus of a Characteristic Function Game},
  journal = {SIAM Journal on Applied Mathematics}, volume = {17}, number = {6},
  pages = {1163--1170}, year = {1969}
}
@article{keohane1969,
  author = {Keohane, Robert O.},
  title = {Lilliputians' Dilemmas: Small States in International Politics},
  journal = {International Organization}, volume = {23}, number = {2}, pages = {291--310},
  year = {1969}, note = {volume and pages unverified}
}
@book{vonneumann1944,
  author = {von Neumann, John and Morgenstern, Oskar},
  title = {Theory of Games and Economic Behavior},
  publisher = {Princeton University Press}, year = {1944}
}
"#;

/// The float nearest to an exact rational (validated quotas are finite).
fn to_float(x: &BigRational) -> f64 {
    num_traits::ToPrimitive::to_f64(x).unwrap_or(f64::NAN)
}
