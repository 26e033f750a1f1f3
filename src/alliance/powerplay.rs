//! M6, powerplay: hub-and-spokes vs a multilateral web, with rival spokes (Cha 2009/10, 2016).
//!
//! A hub (player 0) and `n` spokes (players `1..=n`) share a TU game `v` (default the apex
//! game `[n; n−1, 1, …, 1]`), but a coalition only counts through the links among its
//! members: the graph-restricted game `v^g(S) = Σ v(T)` over the connected components `T` of
//! `S` in `g`, and each player's share is the Myerson value `Y(g)` (the Shapley value of
//! `v^g`; Myerson 1977). Each hub–spoke link costs each end `f` (`link_cost`), each
//! spoke–spoke link `r_ij` (`rivalry`: rival spokes pay a lot to cooperate), so player `i`
//! nets `u_i(g) = Y_i(g) − Σ_{ij ∈ g} cost(ij)`. Which structures form is read off pairwise
//! stability (Jackson & Wolinsky 1996) over every graph (at most 7 players), each stable
//! graph labelled `unilateral` (no link), `multilateral` (complete), `hub_and_spokes`
//! (exactly the star on the hub), `lilliputian_bloc` (the spokes joined through spoke–spoke
//! links alone), `bilateral` (one link) or `other`, first match in that order.
//!
//! Closed forms (apex game, `n` spokes; derived in the specification): on the star
//! `Y_0 = n/(n+1)`, `Y_i = 1/(n(n+1))`; on the complete graph `Y_0 = (n−1)/(n+1)`,
//! `Y_i = 2/(n(n+1))` (Shapley–Shubik); one spoke–spoke link added to the star changes
//! nothing when `n ≥ 3`; the star is pairwise stable iff `f ≤ 1/(n(n+1))` (`n ≥ 3`; `n = 2`
//! also needs `r ≥ 1/6`). Reading Cha's structures as cooperation graphs is the
//! specification's stylization.
//!
//! References: Cha (2009/10) *International Security* 34(3): 158–196; Cha (2016)
//! *Powerplay*, Princeton UP; Myerson (1977) *Math. Oper. Res.* 2(3): 225–229; Jackson &
//! Wolinsky (1996) *J. Econ. Theory* 71(1): 44–74.

use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

use super::model::{Reader, params_serde};
use super::{AllianceModel, Param, ParamMap, ParamValue, Range, check, rational_value};
use crate::coalition::TUGame;
use crate::coalition::network::{MyersonNetwork, NetworkStability, StableGraph, graph_mask, links};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::report::{Cell, Table};

/// The most spokes: every graph on the hub and the spokes (`2^21` at 6 spokes) is checked.
///
/// # Example
/// ```
/// use detente::alliance::{Powerplay, PowerplayParams, MAX_SPOKES};
/// let p = PowerplayParams { spokes: MAX_SPOKES + 1, ..Default::default() };
/// assert!(Powerplay::new(p).is_err());
/// ```
pub const MAX_SPOKES: usize = 6;

/// The most players [`Powerplay::game`] builds the link-announcement game for (each player
/// has `2^(N−1)` actions, so `16^5` profiles at 5 players).
const MAX_GAME_PLAYERS: usize = 5;

/// The TU game the hub and the spokes share.
///
/// # Example
/// ```
/// use detente::alliance::PowerplayGame;
/// assert_eq!(PowerplayGame::Apex.as_str(), "apex");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum PowerplayGame {
    /// The apex game `[n; n−1, 1, …, 1]`: the hub wins with any one spoke, the spokes only
    /// all together.
    Apex,
    /// The majority game `[⌊(n+1)/2⌋ + 1; 1, …, 1]` on the `n + 1` players.
    Majority,
    /// A weighted game `[quota; weights]`, one weight per player (hub first).
    Weighted {
        /// The quota.
        quota: f64,
        /// One weight per player, hub first.
        weights: Vec<f64>,
    },
    /// A characteristic function: `2^(n+1)` values indexed by bitmask (bit 0 = the hub).
    Custom(Vec<f64>),
}

impl PowerplayGame {
    /// The name `game` takes: `apex`, `majority`, `weighted` or `custom`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::PowerplayGame;
    /// assert_eq!(PowerplayGame::Custom(vec![0.0, 1.0]).as_str(), "custom");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Apex => "apex",
            Self::Majority => "majority",
            Self::Weighted { .. } => "weighted",
            Self::Custom(_) => "custom",
        }
    }
}

/// M6's parameters. `Default` is the headline example: 2 spokes, the apex game (here the
/// 3-player majority game), free links, no rivalry, every graph enumerated.
///
/// # Example
/// ```
/// use detente::alliance::{Powerplay, PowerplayParams};
///
/// let m = Powerplay::new(PowerplayParams { spokes: 3, link_cost: 0.05, ..Default::default() })?;
/// assert_eq!(m.num_spokes(), 3);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PowerplayParams {
    /// `n`, the number of spokes (1 to [`MAX_SPOKES`]); taken from `game` when it is weighted
    /// or custom.
    pub spokes: usize,
    /// The TU game.
    pub game: PowerplayGame,
    /// `f >= 0`: the cost of a hub–spoke link to each end.
    pub link_cost: f64,
    /// `r >= 0`: the cost of a spoke–spoke link to each end, one number for every pair or an
    /// `n × n` symmetric matrix over the spokes (spoke 1 first; the diagonal is ignored).
    pub rivalry: Vec<Vec<f64>>,
    /// A fixed structure to study (links `(i, j)`, hub = 0), or `None` to enumerate all.
    pub network: Option<Vec<(usize, usize)>>,
    /// Player names, hub first (default `Hub`, `Spoke 1`, …).
    pub names: Option<Vec<String>>,
}

impl Default for PowerplayParams {
    fn default() -> Self {
        Self {
            spokes: 2,
            game: PowerplayGame::Apex,
            link_cost: 0.0,
            rivalry: vec![vec![0.0]],
            network: None,
            names: None,
        }
    }
}

/// The structure labels of M6, the shared vocabulary of the alliance models: first match in
/// this order.
///
/// # Example
/// ```
/// use detente::alliance::PowerplayStructure;
/// assert_eq!(PowerplayStructure::HubAndSpokes.to_string(), "hub_and_spokes");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PowerplayStructure {
    /// No link.
    Unilateral,
    /// The complete graph.
    Multilateral,
    /// Exactly the star centred on the hub.
    HubAndSpokes,
    /// All spokes in one component through spoke–spoke links alone.
    LilliputianBloc,
    /// Exactly one link.
    Bilateral,
    /// Anything else.
    Other,
}

impl PowerplayStructure {
    /// The snake-case label.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::PowerplayStructure;
    /// assert_eq!(PowerplayStructure::LilliputianBloc.as_str(), "lilliputian_bloc");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unilateral => "unilateral",
            Self::Multilateral => "multilateral",
            Self::HubAndSpokes => "hub_and_spokes",
            Self::LilliputianBloc => "lilliputian_bloc",
            Self::Bilateral => "bilateral",
            Self::Other => "other",
        }
    }

    /// The label of the graph with links `edges` on a hub (0) and `spokes` spokes.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::PowerplayStructure as S;
    /// assert_eq!(S::of(2, &[(0, 1), (0, 2)]), S::HubAndSpokes);
    /// assert_eq!(S::of(2, &[(1, 2)]), S::LilliputianBloc); // n = 2: not bilateral
    /// assert_eq!(S::of(3, &[(0, 1)]), S::Bilateral);
    /// ```
    pub fn of(spokes: usize, edges: &[(usize, usize)]) -> Self {
        let n = spokes + 1;
        let mut set: Vec<(usize, usize)> =
            edges.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect();
        set.sort_unstable();
        set.dedup();
        if set.is_empty() {
            return Self::Unilateral;
        }
        if set.len() == n * (n - 1) / 2 {
            return Self::Multilateral;
        }
        if set.len() == spokes && set.iter().all(|&(a, _)| a == 0) {
            return Self::HubAndSpokes;
        }
        // Spokes joined through spoke–spoke links alone (union–find over the spokes).
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for &(a, b) in set.iter().filter(|&&(a, _)| a != 0) {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra] = rb;
        }
        let first = root(&mut parent, 1);
        if spokes >= 2 && (2..n).all(|s| root(&mut parent, s) == first) {
            return Self::LilliputianBloc;
        }
        if set.len() == 1 {
            return Self::Bilateral;
        }
        Self::Other
    }
}

impl fmt::Display for PowerplayStructure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// M6: the hub, the spokes, the shared game and the link costs. Build with
/// [`Powerplay::new`] or [`AllianceModel::from_params`]; parameters are validated once.
///
/// # Example
/// ```
/// use detente::alliance::{Powerplay, PowerplayStructure};
/// use num_rational::BigRational;
///
/// let m = Powerplay::default(); // 3-player majority (the apex game with 2 spokes)
/// let q = |a: i64, b: i64| BigRational::new(a.into(), b.into());
/// assert_eq!(m.myerson(&m.star())?, vec![q(2, 3), q(1, 6), q(1, 6)]);
/// assert_eq!(m.myerson(&m.complete())?, vec![q(1, 3); 3]);
/// // Free links: only the multilateral web is pairwise stable.
/// assert_eq!(m.stable_structures()?, vec![PowerplayStructure::Multilateral]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "ParamMap", into = "ParamMap")]
pub struct Powerplay {
    spokes: usize,
    game_kind: PowerplayGame,
    link_cost: f64,
    /// As given: `[[r]]` for one number, else the `n × n` matrix.
    rivalry: Vec<Vec<f64>>,
    network: Option<Vec<(usize, usize)>>,
    names: Vec<String>,
    /// The game, exact.
    tu: TUGame,
    /// The regime once computed (a 6-spoke model checks 2^21 graphs for it).
    regime: std::sync::OnceLock<Option<PowerplayStructure>>,
}

/// Models are equal when their parameters are.
impl PartialEq for Powerplay {
    fn eq(&self, other: &Self) -> bool {
        self.spokes == other.spokes
            && self.game_kind == other.game_kind
            && self.link_cost == other.link_cost
            && self.rivalry == other.rivalry
            && self.network == other.network
            && self.names == other.names
    }
}

impl Default for Powerplay {
    fn default() -> Self {
        Self::new(PowerplayParams::default()).expect("the default parameters are valid")
    }
}

fn invalid(message: String) -> Error {
    Error::InvalidArgument(message)
}

impl Powerplay {
    /// Validates the parameters and builds the model.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the parameter: `spokes` outside 1 to
    /// [`MAX_SPOKES`]; weights or values of the wrong length or not finite, a negative
    /// weight, `v(∅) ≠ 0`; `link_cost` or a `rivalry` entry negative or not finite; a
    /// `rivalry` matrix that is not `n × n` or not symmetric; a `network` link out of range
    /// or a loop; names of the wrong number or repeated.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Powerplay, PowerplayParams};
    /// let bad = PowerplayParams { link_cost: -1.0, ..Default::default() };
    /// assert!(Powerplay::new(bad).unwrap_err().to_string().contains("link_cost"));
    /// ```
    pub fn new(params: PowerplayParams) -> Result<Self> {
        let spokes = match &params.game {
            PowerplayGame::Weighted { weights, .. } => weights.len().saturating_sub(1),
            PowerplayGame::Custom(values) => {
                let len = values.len();
                if len < 4 || !len.is_power_of_two() {
                    return Err(invalid(format!(
                        "values must hold 2^(n+1) numbers (one per coalition of the hub and n \
                         spokes, indexed by bitmask, bit 0 = the hub), got {len}"
                    )));
                }
                len.trailing_zeros() as usize - 1
            }
            _ => params.spokes,
        };
        if !(1..=MAX_SPOKES).contains(&spokes) {
            return Err(invalid(format!(
                "spokes must be between 1 and {MAX_SPOKES} (every graph on the hub and the \
                 spokes is checked: 2^21 at 6 spokes), got {spokes}{}",
                match &params.game {
                    PowerplayGame::Weighted { .. } => " (one weight per player, hub first)",
                    _ => "",
                }
            )));
        }
        let n = spokes + 1;
        let exact = |x: f64| rational_value(x);
        let values: Vec<BigRational> = match &params.game {
            PowerplayGame::Apex => weighted_values(
                &exact(spokes as f64),
                &std::iter::once(exact(spokes as f64 - 1.0))
                    .chain(std::iter::repeat_n(exact(1.0), spokes))
                    .collect::<Vec<_>>(),
            ),
            PowerplayGame::Majority => {
                weighted_values(&exact((n / 2 + 1) as f64), &vec![exact(1.0); n])
            }
            PowerplayGame::Weighted { quota, weights } => {
                check("quota", *quota, Range::Real)?;
                for (i, &w) in weights.iter().enumerate() {
                    check(&format!("weights[{i}]"), w, Range::NonNegative)?;
                }
                let w: Vec<BigRational> = weights.iter().map(|&w| exact(w)).collect();
                weighted_values(&exact(*quota), &w)
            }
            PowerplayGame::Custom(values) => {
                for (s, &v) in values.iter().enumerate() {
                    check(&format!("values[{s}]"), v, Range::Real)?;
                }
                if values[0] != 0.0 {
                    return Err(invalid(format!(
                        "values[0] is v(empty coalition) and must be 0, got {}",
                        values[0]
                    )));
                }
                values.iter().map(|&v| exact(v)).collect()
            }
        };
        check("link_cost", params.link_cost, Range::NonNegative)?;
        let rivalry = params.rivalry.clone();
        let one = rivalry.len() == 1 && rivalry[0].len() == 1;
        if !one && (rivalry.len() != spokes || rivalry.iter().any(|row| row.len() != spokes)) {
            return Err(invalid(format!(
                "rivalry must be one number or an n x n matrix over the spokes (n = \
                 {spokes}, spoke 1 first), got {} rows of lengths {:?}",
                rivalry.len(),
                rivalry.iter().map(Vec::len).collect::<Vec<_>>()
            )));
        }

        for (a, row) in rivalry.iter().enumerate() {
            for (b, &x) in row.iter().enumerate() {
                let name = if one {
                    "rivalry".to_string()
                } else {
                    format!("rivalry[{a}][{b}]")
                };
                check(&name, x, Range::NonNegative)?;
                if !one && rivalry[b][a] != x && a != b {
                    return Err(invalid(format!(
                        "rivalry must be symmetric: rivalry[{a}][{b}] = {x} but rivalry[{b}][{a}] = {}",
                        rivalry[b][a]
                    )));
                }
            }
        }
        if let Some(edges) = &params.network {
            graph_mask(n, edges).map_err(|e| invalid(format!("network: {e}")))?;
        }
        let names = match params.names {
            Some(names) => {
                super::check_len("names", names.len(), n)?;
                for (i, x) in names.iter().enumerate() {
                    if names[..i].contains(x) {
                        return Err(invalid(format!(
                            "names must be unique, but {x:?} appears twice"
                        )));
                    }
                }
                names
            }
            None => std::iter::once("Hub".to_string())
                .chain((1..=spokes).map(|i| format!("Spoke {i}")))
                .collect(),
        };
        let tu = TUGame::new_exact(values)
            .and_then(|g| g.with_players(names.clone()))
            .map_err(|e| invalid(format!("game: {e}")))?;
        let network = params.network.map(|edges| {
            let mut e: Vec<(usize, usize)> =
                edges.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect();
            e.sort_unstable();
            e.dedup();
            e
        });
        Ok(Self {
            spokes,
            game_kind: params.game,
            link_cost: params.link_cost,
            rivalry,
            network,
            names,
            tu,
            regime: std::sync::OnceLock::new(),
        })
    }

    /// `n`, the number of spokes.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Powerplay::default().num_spokes(), 2);
    /// ```
    pub fn num_spokes(&self) -> usize {
        self.spokes
    }

    /// The players' names, hub first.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Powerplay::default().names()[0], "Hub");
    /// ```
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The shared TU game (exact values).
    ///
    /// # Example
    /// ```
    /// let g = detente::alliance::Powerplay::default().tu_game().clone();
    /// assert_eq!(g.num_players(), 3);
    /// ```
    pub fn tu_game(&self) -> &TUGame {
        &self.tu
    }

    /// The game's kind and data.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Powerplay, PowerplayGame};
    /// assert_eq!(Powerplay::default().game_kind(), &PowerplayGame::Apex);
    /// ```
    pub fn game_kind(&self) -> &PowerplayGame {
        &self.game_kind
    }

    /// `f`, the cost of a hub–spoke link to each end.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Powerplay::default().link_cost(), 0.0);
    /// ```
    pub fn link_cost(&self) -> f64 {
        self.link_cost
    }

    /// The rivalry as given: `[[r]]` for one number, or the `n × n` matrix over the spokes.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Powerplay::default().rivalry(), &[vec![0.0]]);
    /// ```
    pub fn rivalry(&self) -> &[Vec<f64>] {
        &self.rivalry
    }

    /// The fixed structure, if one was given (links sorted, `i < j`).
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::Powerplay::default().network().is_none());
    /// ```
    pub fn network(&self) -> Option<&[(usize, usize)]> {
        self.network.as_deref()
    }

    /// The star centred on the hub: `(0, 1), …, (0, n)`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Powerplay::default().star(), vec![(0, 1), (0, 2)]);
    /// ```
    pub fn star(&self) -> Vec<(usize, usize)> {
        (1..=self.spokes).map(|j| (0, j)).collect()
    }

    /// Every link: the complete graph.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Powerplay::default().complete().len(), 3);
    /// ```
    pub fn complete(&self) -> Vec<(usize, usize)> {
        links(self.spokes + 1)
    }

    /// The exact cost of link `(i, j)` to each end: `f` for a hub link, `r_ij` between
    /// spokes.
    fn cost_of(&self, i: usize, j: usize, f: &BigRational, r: Option<&BigRational>) -> BigRational {
        let (a, b) = (i.min(j), i.max(j));
        if a == 0 {
            return f.clone();
        }
        match r {
            Some(r) => r.clone(),
            None if self.rivalry.len() == 1 && self.rivalry[0].len() == 1 => {
                rational_value(self.rivalry[0][0])
            }
            None => rational_value(self.rivalry[a - 1][b - 1]),
        }
    }

    /// One exact cost per link, in the order of [`links`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Powerplay, PowerplayParams};
    /// let m = Powerplay::new(PowerplayParams { link_cost: 0.5, rivalry: vec![vec![2.0]], ..Default::default() })?;
    /// assert_eq!(m.link_costs().iter().map(|c| c.to_string()).collect::<Vec<_>>(), ["1/2", "1/2", "2"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn link_costs(&self) -> Vec<BigRational> {
        let f = rational_value(self.link_cost);
        self.complete()
            .iter()
            .map(|&(i, j)| self.cost_of(i, j, &f, None))
            .collect()
    }

    /// The exact Myerson value on the structure `edges` (links `(i, j)`, hub = 0).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a link out of range or a loop.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::Powerplay;
    /// let m = Powerplay::default();
    /// assert_eq!(m.myerson(&[])?.iter().map(|y| y.to_string()).collect::<Vec<_>>(), ["0", "0", "0"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn myerson(&self, edges: &[(usize, usize)]) -> Result<Vec<BigRational>> {
        graph_mask(self.spokes + 1, edges)?;
        self.tu.myerson_exact(edges)
    }

    /// Net payoffs `u_i(g) = Y_i(g) − Σ_{ij ∈ g} cost(ij)`, exact.
    ///
    /// # Errors
    /// As [`Powerplay::myerson`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Powerplay, PowerplayParams};
    /// let m = Powerplay::new(PowerplayParams { link_cost: 0.125, ..Default::default() })?;
    /// let u = m.net_payoffs(&m.star())?;
    /// assert_eq!(u[0].to_string(), "5/12"); // 2/3 − 2·1/8
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn net_payoffs(&self, edges: &[(usize, usize)]) -> Result<Vec<BigRational>> {
        let mut u = self.myerson(edges)?;
        let f = rational_value(self.link_cost);
        let mut seen = Vec::new();
        for &(a, b) in edges {
            let (i, j) = (a.min(b), a.max(b));
            if seen.contains(&(i, j)) {
                continue;
            }
            seen.push((i, j));
            let c = self.cost_of(i, j, &f, None);
            u[i] -= &c;
            u[j] -= &c;
        }
        Ok(u)
    }

    /// The structure label of `edges`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Powerplay, PowerplayStructure};
    /// let m = Powerplay::default();
    /// assert_eq!(m.structure(&m.complete()), PowerplayStructure::Multilateral);
    /// ```
    pub fn structure(&self, edges: &[(usize, usize)]) -> PowerplayStructure {
        PowerplayStructure::of(self.spokes, edges)
    }

    /// Whether `edges` is pairwise stable, checked directly: every link's removal and every
    /// missing link's addition (`n(n+1)/2` Myerson values).
    ///
    /// # Errors
    /// As [`Powerplay::myerson`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::Powerplay;
    /// let m = Powerplay::default();
    /// assert!(m.is_pairwise_stable(&m.complete())? && !m.is_pairwise_stable(&m.star())?);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_pairwise_stable(&self, edges: &[(usize, usize)]) -> Result<bool> {
        let n = self.spokes + 1;
        let mask = graph_mask(n, edges)?;
        let all = links(n);
        let graph = |m: usize| -> Vec<(usize, usize)> {
            (0..all.len())
                .filter(|&k| m >> k & 1 == 1)
                .map(|k| all[k])
                .collect()
        };
        let u = self.net_payoffs(&graph(mask))?;
        for (k, &(i, j)) in all.iter().enumerate() {
            let v = self.net_payoffs(&graph(mask ^ (1 << k)))?;
            if mask >> k & 1 == 1 {
                if v[i] > u[i] || v[j] > u[j] {
                    return Ok(false);
                }
            } else if v[i] >= u[i] && v[j] >= u[j] && (v[i] > u[i] || v[j] > u[j]) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Every graph checked: the pairwise stable, pairwise Nash stable and efficient
    /// structures with their net payoffs and structure labels.
    ///
    /// # Errors
    /// [`Error::Interrupted`]; as [`MyersonNetwork::new`].
    ///
    /// # Complexity
    /// `2^(n(n+1)/2)` graphs (2 097 152 at 6 spokes), each `O(2^(n+1)·n)`, in parallel.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Powerplay, PowerplayParams};
    /// let m = Powerplay::new(PowerplayParams { link_cost: 0.125, rivalry: vec![vec![1.0]], ..Default::default() })?;
    /// let s = m.stability()?;
    /// assert_eq!(s.pairwise_stable[0].label.as_deref(), Some("hub_and_spokes"));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn stability(&self) -> Result<NetworkStability> {
        let network = MyersonNetwork::new(&self.tu)?;
        self.stability_on(&network, &self.link_costs())
    }

    fn stability_on(
        &self,
        network: &MyersonNetwork,
        costs: &[BigRational],
    ) -> Result<NetworkStability> {
        let mut s = network.stability(costs)?;
        s.label_with(|edges| Ok(Some(self.structure(edges).to_string())))?;
        Ok(s)
    }

    /// The labels of the pairwise stable structures, in the order of [`Powerplay::stability`]
    /// (one per stable graph).
    ///
    /// # Errors
    /// As [`Powerplay::stability`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Powerplay, PowerplayStructure};
    /// assert_eq!(Powerplay::default().stable_structures()?, vec![PowerplayStructure::Multilateral]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn stable_structures(&self) -> Result<Vec<PowerplayStructure>> {
        let s = self.stability()?;
        Ok(s.pairwise_stable
            .iter()
            .map(|g| self.structure(&g.edges))
            .collect())
    }

    /// The labels of the efficient structures (largest total net payoff).
    ///
    /// # Errors
    /// As [`Powerplay::stability`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Powerplay, PowerplayStructure};
    /// // Free links: every connected graph is worth v(N) = 1 in total.
    /// assert!(Powerplay::default().efficient_structures()?.contains(&PowerplayStructure::HubAndSpokes));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn efficient_structures(&self) -> Result<Vec<PowerplayStructure>> {
        let s = self.stability()?;
        Ok(s.efficient
            .iter()
            .map(|g| self.structure(&g.edges))
            .collect())
    }

    /// The structure label: the fixed `network`'s when one was given; otherwise that of the
    /// pairwise stable structure with the largest total net payoff (ties: the first label in
    /// the vocabulary's order), `None` when no structure is pairwise stable.
    ///
    /// # Errors
    /// As [`Powerplay::stability`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Powerplay, PowerplayStructure};
    /// assert_eq!(Powerplay::default().regime()?, Some(PowerplayStructure::Multilateral));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn regime(&self) -> Result<Option<PowerplayStructure>> {
        if let Some(edges) = &self.network {
            return Ok(Some(self.structure(edges)));
        }
        if let Some(r) = self.regime.get() {
            return Ok(*r);
        }
        let r = self.regime_of(&self.stability()?);
        Ok(*self.regime.get_or_init(|| r))
    }

    fn regime_of(&self, s: &NetworkStability) -> Option<PowerplayStructure> {
        s.pairwise_stable
            .iter()
            .map(|g| (g.total(), std::cmp::Reverse(self.structure(&g.edges))))
            .max()
            .map(|(_, std::cmp::Reverse(label))| label)
    }

    /// The phase diagram over a grid of link costs `f` and (uniform) rivalries `r`: at each
    /// point, every pairwise stable structure. The Myerson values of all graphs are computed
    /// once; each point is one pass over the graphs. Numbers are read as the simplest
    /// fractions that round to them, so the diagram is exact.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a negative or non-finite cost or rivalry, or more than
    /// 10 000 points; [`Error::Interrupted`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::Powerplay;
    /// let points = Powerplay::default().phase_diagram(&[0.0, 0.25], &[0.0, 1.0])?;
    /// let labels: Vec<String> = points.iter().map(|p| p.regime.map_or("none".into(), |r| r.to_string())).collect();
    /// // (f, r) = (0, 0), (0, 1), (1/4, 0), (1/4, 1)
    /// assert_eq!(labels, ["multilateral", "hub_and_spokes", "lilliputian_bloc", "bilateral"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn phase_diagram(&self, link_costs: &[f64], rivalries: &[f64]) -> Result<Vec<PhasePoint>> {
        for (i, &f) in link_costs.iter().enumerate() {
            check(&format!("link_costs[{i}]"), f, Range::NonNegative)?;
        }
        for (i, &r) in rivalries.iter().enumerate() {
            check(&format!("rivalries[{i}]"), r, Range::NonNegative)?;
        }
        let points = link_costs.len().saturating_mul(rivalries.len());
        if points > 10_000 {
            return Err(invalid(format!(
                "the grid has {points} points, more than 10000: use fewer link costs or rivalries"
            )));
        }
        let network = MyersonNetwork::new(&self.tu)?;
        let mut out = Vec::with_capacity(points);
        for &f in link_costs {
            for &r in rivalries {
                let (fe, re) = (rational_value(f), rational_value(r));
                let costs: Vec<BigRational> = self
                    .complete()
                    .iter()
                    .map(|&(i, j)| self.cost_of(i, j, &fe, Some(&re)))
                    .collect();
                let mut s = self.stability_on(&network, &costs)?;
                let regime = self.regime_of(&s);
                s.pairwise_stable.truncate(PHASE_LISTED);
                out.push(PhasePoint {
                    link_cost: f,
                    rivalry: r,
                    regime,
                    stable: s
                        .pairwise_stable
                        .iter()
                        .map(|g| self.structure(&g.edges))
                        .collect(),
                    stable_graphs: s.pairwise_stable,
                    num_stable: s.num_pairwise_stable,
                });
            }
        }
        Ok(out)
    }

    /// The normal-form link-announcement game (Myerson 1991, §9.5): each player names the
    /// set of others it wants links with (`2^(N−1)` actions, labelled like `{Spoke 1,
    /// Spoke 2}`, `{}` for none); link `ij` forms iff both name each other; payoffs are the
    /// net payoffs of the graph formed (floats). A pure equilibrium that announces exactly
    /// the links of a pairwise Nash stable graph exists for each such graph.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] above 5 players (the table would have `32^6` profiles at 6).
    ///
    /// # Example
    /// ```
    /// let g = detente::alliance::Powerplay::default().game()?;
    /// assert_eq!(g.shape(), &[4, 4, 4]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn game(&self) -> Result<Game> {
        let n = self.spokes + 1;
        if n > MAX_GAME_PLAYERS {
            return Err(Error::InvalidGame(format!(
                "the link-announcement game of {n} players has {}^{n} profiles; game() is \
                 limited to {MAX_GAME_PLAYERS} players: use stability() for up to {} players",
                1usize << (n - 1),
                MAX_SPOKES + 1
            )));
        }
        let all = links(n);
        let payoffs: Vec<Vec<f64>> = (0..1usize << all.len())
            .map(|mask| {
                let edges: Vec<(usize, usize)> = (0..all.len())
                    .filter(|&k| mask >> k & 1 == 1)
                    .map(|k| all[k])
                    .collect();
                self.net_payoffs(&edges)
                    .map(|u| u.iter().map(|x| x.to_f64().unwrap_or(f64::NAN)).collect())
            })
            .collect::<Result<_>>()?;
        // Action a of player i: bit b of a = wants a link with the b-th other player.
        let others = |i: usize| (0..n).filter(move |&j| j != i);
        let wants = |i: usize, a: usize, j: usize| {
            let b = others(i).position(|x| x == j).unwrap_or(usize::MAX);
            a >> b & 1 == 1
        };
        let game = Game::from_fn(&vec![1usize << (n - 1); n], |s, i| {
            let mask = all.iter().enumerate().fold(0usize, |m, (k, &(a, b))| {
                if wants(a, s[a], b) && wants(b, s[b], a) {
                    m | 1 << k
                } else {
                    m
                }
            });
            payoffs[mask][i]
        })?;
        let actions: Vec<Vec<String>> = (0..n)
            .map(|i| {
                (0..1usize << (n - 1))
                    .map(|a| {
                        let named: Vec<&str> = others(i)
                            .enumerate()
                            .filter(|&(b, _)| a >> b & 1 == 1)
                            .map(|(_, j)| self.names[j].as_str())
                            .collect();
                        format!("{{{}}}", named.join(", "))
                    })
                    .collect()
            })
            .collect();
        Ok(game
            .with_players(self.names.clone())?
            .with_actions(actions)?
            .with_title("Powerplay: link-announcement game"))
    }

    /// The specification's closed forms for the apex game (also the majority game at
    /// `n = 2`), `n >= 2` spokes: the Myerson values on the star (`n/(n+1)`, `1/(n(n+1))`)
    /// and on the complete graph (`(n−1)/(n+1)`, `2/(n(n+1))`, the Shapley–Shubik index), and
    /// the star's stability region `f <= 1/(n(n+1))` (with `n = 2` also `r >= 1/6`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for another game or a single spoke.
    ///
    /// # Example
    /// ```
    /// let c = detente::alliance::Powerplay::default().closed_forms()?;
    /// assert_eq!(c.star[0].to_string(), "2/3");
    /// assert_eq!(c.star_max_link_cost.to_string(), "1/6");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn closed_forms(&self) -> Result<ApexClosedForms> {
        let n = self.spokes as i64;
        let apex = matches!(self.game_kind, PowerplayGame::Apex)
            || (matches!(self.game_kind, PowerplayGame::Majority) && n == 2);
        if !apex || n < 2 {
            return Err(invalid(format!(
                "the closed forms hold for the apex game with at least 2 spokes; this model has \
                 the {} game with {n} spoke(s): use myerson() and stability()",
                self.game_kind.as_str()
            )));
        }
        let q = |a: i64, b: i64| BigRational::new(a.into(), b.into());
        let mut star = vec![q(n, n + 1)];
        star.extend(std::iter::repeat_n(q(1, n * (n + 1)), self.spokes));
        let mut complete = vec![q(n - 1, n + 1)];
        complete.extend(std::iter::repeat_n(q(2, n * (n + 1)), self.spokes));
        Ok(ApexClosedForms {
            star,
            complete,
            star_max_link_cost: q(1, n * (n + 1)),
            star_min_rivalry: if n == 2 { q(1, 6) } else { q(0, 1) },
        })
    }

    /// BibTeX entries for the works the model formalizes.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::Powerplay::default().cite().contains("myerson1977"));
    /// ```
    pub fn cite(&self) -> &'static str {
        BIBTEX
    }

    /// A plain-text account of the model: parameters, seed situation, citations, deviations.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::Powerplay::default().describe().contains("Cha"));
    /// ```
    pub fn describe(&self) -> String {
        format!(
            "Powerplay: hub-and-spokes vs a multilateral web, with rival spokes\n\
             Question: does a hub keep its leverage through bilateral links (hub and spokes), \
             or does a multilateral web (or a bloc of the small states) form, as link costs \
             and rivalry between the spokes vary?\n\
             Players {:?} (the hub first) share the {} game; coalitions count only through \
             their links (Myerson 1977): each player's share is its Myerson value Y_i(g), and \
             it nets u_i = Y_i(g) - sum of its links' costs (f = {} per hub link, r = {:?} per \
             spoke link, paid by each end). Stable structures: pairwise stability (Jackson & \
             Wolinsky 1996) over every graph{}.\n\
             Seed situation: great powers forge bilateral arrangements rather than see their \
             leverage diluted in a multilateral forum (US hub and spokes in East Asia, NATO in \
             Europe; Cha 2009/10, 2016); partners of the hub may be rivals of each other \
             (Ajeti), which makes multilateral engagement costly.\n\
             Deviation: reading Cha's structures as cooperation graphs and rivalry as a link \
             cost is this model's stylization, not Cha's own formalization.",
            self.names,
            self.game_kind.as_str(),
            self.link_cost,
            self.rivalry,
            match &self.network {
                Some(e) => format!(" (fixed structure {e:?} given)"),
                None => String::new(),
            }
        )
    }
}

/// The values `v(S) = 1` if `Σ_{i∈S} w_i >= quota`, else 0, over all bitmasks.
fn weighted_values(quota: &BigRational, weights: &[BigRational]) -> Vec<BigRational> {
    (0..1usize << weights.len())
        .map(|s| {
            if s == 0 {
                return BigRational::zero();
            }
            let w: BigRational = (0..weights.len())
                .filter(|&i| s >> i & 1 == 1)
                .map(|i| weights[i].clone())
                .fold(BigRational::zero(), |a, b| a + b);
            BigRational::from_integer(BigInt::from(i32::from(w >= *quota)))
        })
        .collect()
}

/// The closed forms of [`Powerplay::closed_forms`] (apex game), exact.
///
/// # Example
/// ```
/// let c = detente::alliance::Powerplay::default().closed_forms()?;
/// assert_eq!(c.complete[0].to_string(), "1/3");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ApexClosedForms {
    /// The Myerson value on the star, hub first.
    pub star: Vec<BigRational>,
    /// The Myerson value on the complete graph (the Shapley–Shubik index).
    pub complete: Vec<BigRational>,
    /// The star is pairwise stable iff `link_cost <=` this, …
    pub star_max_link_cost: BigRational,
    /// … and `rivalry >=` this (`1/6` at 2 spokes, else 0).
    pub star_min_rivalry: BigRational,
}

/// One point of [`Powerplay::phase_diagram`].
///
/// # Example
/// ```
/// use detente::alliance::Powerplay;
/// let p = &Powerplay::default().phase_diagram(&[0.0], &[0.0])?[0];
/// assert_eq!((p.link_cost, p.stable.len(), p.num_stable), (0.0, 1, 1));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PhasePoint {
    /// `f` at this point.
    pub link_cost: f64,
    /// `r` at this point (every spoke pair).
    pub rivalry: f64,
    /// The label of each listed pairwise stable structure.
    pub stable: Vec<PowerplayStructure>,
    /// As [`Powerplay::regime`] at this point.
    pub regime: Option<PowerplayStructure>,
    /// The pairwise stable structures with their net payoffs, at most [`PHASE_LISTED`] (a
    /// phase diagram holds many points).
    pub stable_graphs: Vec<StableGraph>,
    /// How many structures are pairwise stable (exact, also past [`PHASE_LISTED`]).
    pub num_stable: usize,
}

/// The most stable structures a [`PhasePoint`] lists.
///
/// # Example
/// ```
/// assert_eq!(detente::alliance::PHASE_LISTED, 256);
/// ```
pub const PHASE_LISTED: usize = 256;

/// The tidy table of a phase diagram: one row per grid point and pairwise stable structure
/// (`link_cost`, `rivalry`, `structure`, `edges`, `hub_payoff`, `hub_payoff_exact`, `total`,
/// `regime`); a point with none has one row with `structure` missing.
///
/// # Example
/// ```
/// use detente::alliance::{Powerplay, phase_table};
/// let m = Powerplay::default();
/// let t = phase_table(&m.phase_diagram(&[0.0, 1.0], &[0.0])?, m.names())?;
/// assert_eq!(t.rows.len(), 2);
/// # Ok::<(), detente::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] when the table would exceed [`crate::report::MAX_CELLS`].
pub fn phase_table(points: &[PhasePoint], names: &[String]) -> Result<Table> {
    let rows = points
        .iter()
        .map(|p| p.stable_graphs.len().max(1))
        .fold(0usize, usize::saturating_add);
    crate::report::check_cells(rows, 8, "the phase diagram")?;
    let labels = crate::report::Labels {
        players: names.to_vec(),
        actions: vec![Vec::new(); names.len()],
    };
    let mut t = Table::new([
        "link_cost",
        "rivalry",
        "structure",
        "edges",
        "hub_payoff",
        "hub_payoff_exact",
        "total",
        "regime",
    ]);
    for p in points {
        let regime = p
            .regime
            .map_or(Cell::Missing, |r| Cell::Text(r.to_string()));
        if p.stable_graphs.is_empty() {
            t.push(vec![
                Cell::Float(p.link_cost),
                Cell::Float(p.rivalry),
                Cell::Missing,
                Cell::Missing,
                Cell::Missing,
                Cell::Missing,
                Cell::Missing,
                regime.clone(),
            ]);
        }
        for (g, label) in p.stable_graphs.iter().zip(&p.stable) {
            let hub = g.payoffs.first().cloned().unwrap_or_else(BigRational::zero);
            t.push(vec![
                Cell::Float(p.link_cost),
                Cell::Float(p.rivalry),
                Cell::Text(label.to_string()),
                Cell::Text(crate::coalition::network::edges_text(&g.edges, &labels)),
                Cell::Float(hub.to_f64().unwrap_or(f64::NAN)),
                Cell::Exact(hub),
                Cell::Float(g.total().to_f64().unwrap_or(f64::NAN)),
                regime.clone(),
            ]);
        }
    }
    Ok(t)
}

params_serde!(Powerplay);

/// The [`AllianceModel`] protocol. Parameters: `spokes`, `game` (`apex`, `majority`,
/// `weighted` with `quota` and `weights`, `custom` with `values`), `link_cost`, `rivalry`
/// (a number or an `n × n` matrix), `network` (a list of links, or absent), `names`. The
/// regime is [`Powerplay::regime`].
///
/// # Example
/// ```
/// use detente::alliance::{AllianceModel, ParamMap, ParamValue, Powerplay};
///
/// let p = ParamMap::from([
///     ("game".into(), ParamValue::Text("weighted".into())),
///     ("quota".into(), ParamValue::Number(3.0)),
///     ("weights".into(), vec![1.0; 4].into()),
/// ]);
/// let m = Powerplay::from_params(&p)?;
/// assert_eq!(m.num_spokes(), 3);
/// assert_eq!(Powerplay::from_json(&m.to_json()?)?, m);
/// # Ok::<(), detente::Error>(())
/// ```
impl AllianceModel for Powerplay {
    type Regime = PowerplayStructure;

    const NAME: &'static str = "Powerplay";

    const PARAM_NAMES: &'static [&'static str] = &[
        "spokes",
        "game",
        "quota",
        "weights",
        "values",
        "link_cost",
        "rivalry",
        "network",
        "names",
    ];

    fn from_params(params: &ParamMap) -> Result<Self> {
        let r = Reader::new(Self::NAME, params, Self::PARAM_NAMES)?;
        let d = PowerplayParams::default();
        let spokes = match r.number("spokes")? {
            None => None,
            Some(x) if x.fract() == 0.0 && (0.0..=1e6).contains(&x) => Some(x as usize),
            Some(x) => {
                return Err(invalid(format!(
                    "spokes must be a whole number between 1 and {MAX_SPOKES}, got {x}"
                )));
            }
        };
        let kind = r.text("game")?.unwrap_or_else(|| "apex".into());
        let (quota, weights, values) = (
            r.number("quota")?,
            r.numbers("weights")?,
            r.numbers("values")?,
        );
        let unused = |names: &[(&str, bool)]| -> Result<()> {
            match names.iter().find(|(_, given)| *given) {
                Some((name, _)) => Err(invalid(format!(
                    "{name} is only used with game='{}', but game is {kind:?}",
                    if *name == "values" {
                        "custom"
                    } else {
                        "weighted"
                    }
                ))),
                None => Ok(()),
            }
        };
        let game = match kind.as_str() {
            "apex" | "majority" => {
                unused(&[
                    ("quota", quota.is_some()),
                    ("weights", weights.is_some()),
                    ("values", values.is_some()),
                ])?;
                if kind == "apex" {
                    PowerplayGame::Apex
                } else {
                    PowerplayGame::Majority
                }
            }
            "weighted" => {
                unused(&[("values", values.is_some())])?;
                let (Some(quota), Some(weights)) = (quota, weights) else {
                    return Err(invalid(
                        "game='weighted' needs quota and weights (one weight per player, hub first)".into(),
                    ));
                };
                PowerplayGame::Weighted { quota, weights }
            }
            "custom" => {
                unused(&[("quota", quota.is_some()), ("weights", weights.is_some())])?;
                let Some(values) = values else {
                    return Err(invalid(
                        "game='custom' needs values: 2^(n+1) numbers indexed by bitmask (bit 0 = the hub)".into(),
                    ));
                };
                PowerplayGame::Custom(values)
            }
            other => {
                return Err(invalid(format!(
                    "game must be 'apex', 'majority', 'weighted' or 'custom', got {other:?}"
                )));
            }
        };
        if let (Some(s), PowerplayGame::Weighted { .. } | PowerplayGame::Custom(_)) =
            (spokes, &game)
        {
            let implied = match &game {
                PowerplayGame::Weighted { weights, .. } => weights.len().saturating_sub(1),
                PowerplayGame::Custom(v) => {
                    (v.len().max(1).trailing_zeros() as usize).saturating_sub(1)
                }
                _ => s,
            };
            if implied != s {
                return Err(invalid(format!(
                    "spokes is {s} but the {} game has {implied} spokes (hub first): drop spokes or make them agree",
                    game.as_str()
                )));
            }
        }
        let rivalry = match r.number("rivalry") {
            Ok(Some(x)) => vec![vec![x]],
            Ok(None) => d.rivalry,
            Err(_) => r
                .matrix("rivalry")
                .map_err(|_| {
                    invalid("rivalry must be one number or an n x n matrix over the spokes".into())
                })?
                .unwrap_or(d.rivalry),
        };
        let network = match r.matrix("network")? {
            None => None,
            Some(rows) => Some(
                rows.iter()
                    .enumerate()
                    .map(|(k, row)| match row.as_slice() {
                        [a, b] if a.fract() == 0.0 && b.fract() == 0.0 && *a >= 0.0 && *b >= 0.0 && *a < 1e6 && *b < 1e6 => {
                            Ok((*a as usize, *b as usize))
                        }
                        _ => Err(invalid(format!(
                            "network[{k}] must be a link (i, j) of two player indices (hub = 0), got {row:?}"
                        ))),
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
        };
        Self::new(PowerplayParams {
            spokes: spokes.unwrap_or(d.spokes),
            game,
            link_cost: r.number("link_cost")?.unwrap_or(d.link_cost),
            rivalry,
            network,
            names: r.texts("names")?,
        })
    }

    fn params(&self) -> Vec<Param> {
        let absent = ParamValue::Absent;
        let (quota, weights, values) = match &self.game_kind {
            PowerplayGame::Weighted { quota, weights } => (
                ParamValue::Number(*quota),
                ParamValue::Numbers(weights.clone()),
                absent.clone(),
            ),
            PowerplayGame::Custom(v) => (
                absent.clone(),
                absent.clone(),
                ParamValue::Numbers(v.clone()),
            ),
            _ => (absent.clone(), absent.clone(), absent.clone()),
        };
        let rivalry = if self.rivalry.len() == 1 && self.rivalry[0].len() == 1 {
            ParamValue::Number(self.rivalry[0][0])
        } else {
            ParamValue::Matrix(self.rivalry.clone())
        };
        vec![
            Param {
                name: "spokes",
                value: ParamValue::Number(self.spokes as f64),
                range: format!("a whole number from 1 to {MAX_SPOKES}"),
                meaning: "n: the number of spokes (players 1..n; the hub is player 0)",
            },
            Param {
                name: "game",
                value: ParamValue::Text(self.game_kind.as_str().into()),
                range: "apex, majority, weighted or custom".into(),
                meaning: "the TU game the hub and spokes share (apex: [n; n-1, 1, ..., 1])",
            },
            Param {
                name: "quota",
                value: quota,
                range: "with game='weighted': a finite number".into(),
                meaning: "the weighted game's quota",
            },
            Param {
                name: "weights",
                value: weights,
                range: "with game='weighted': one per player (hub first), each >= 0".into(),
                meaning: "the weighted game's weights",
            },
            Param {
                name: "values",
                value: values,
                range: "with game='custom': 2^(n+1) finite numbers, values[0] = 0".into(),
                meaning: "v(S) for every coalition S, indexed by bitmask (bit 0 = the hub)",
            },
            Param {
                name: "link_cost",
                value: ParamValue::Number(self.link_cost),
                range: Range::NonNegative.describe(),
                meaning: "f: the cost of a hub-spoke link to each end",
            },
            Param {
                name: "rivalry",
                value: rivalry,
                range: "a number >= 0, or a symmetric n x n matrix over the spokes, entries >= 0"
                    .into(),
                meaning: "r: the cost of a spoke-spoke link to each end (rival spokes: large)",
            },
            Param {
                name: "network",
                value: self.network.as_ref().map_or(ParamValue::Absent, |e| {
                    ParamValue::Matrix(e.iter().map(|&(a, b)| vec![a as f64, b as f64]).collect())
                }),
                range: "none, or a list of links (i, j) between player indices (hub = 0)".into(),
                meaning: "a fixed structure to study (none: every graph is checked)",
            },
            Param::names(&self.names),
        ]
    }

    fn game(&self) -> Result<Game> {
        Powerplay::game(self)
    }

    fn describe(&self) -> String {
        Powerplay::describe(self)
    }

    fn cite(&self) -> &'static str {
        Powerplay::cite(self)
    }

    fn regime(&self) -> Result<Option<PowerplayStructure>> {
        Powerplay::regime(self)
    }
}

/// The references of this model, as BibTeX.
const BIBTEX: &str = r#"@article{cha2009,
  author = {Cha, Victor D.},
  title = {Powerplay: Origins of the {U.S.} Alliance System in Asia},
  journal = {International Security}, volume = {34}, number = {3}, pages = {158--196},
  year = {2009}, note = {volume and pages unverified}
}
@book{cha2016,
  author = {Cha, Victor D.},
  title = {Powerplay: The Origins of the American Alliance System in Asia},
  publisher = {Princeton University Press}, year = {2016}
}
@article{myerson1977,
  author = {Myerson, Roger B.},
  title = {Graphs and Cooperation in Games},
  journal = {Mathematics of Operations Research}, volume = {2}, number = {3}, pages = {225--229},
  year = {1977}
}
@article{jackson1996,
  author = {Jackson, Matthew O. and Wolinsky, Asher},
  title = {A Strategic Model of Social and Economic Networks},
  journal = {Journal of Economic Theory}, volume = {71}, number = {1}, pages = {44--74},
  year = {1996}
}
"#;
