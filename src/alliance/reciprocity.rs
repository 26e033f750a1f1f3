//! M7, specific vs diffuse reciprocity: bilateral vs community enforcement of cooperation among
//! n states matched at random.
//!
//! Each period the n states are paired uniformly at random (a given pair meets with probability
//! `1/(n − 1)`) and every pair plays a prisoners' dilemma. Under *specific* reciprocity (Keohane
//! 1986) a state punishes only the partner that cheated it, so a cheat is punished only when it
//! meets its victim again; under *diffuse* reciprocity an institution makes a defection public
//! with probability q and every state then ostracizes the cheat (Kandori 1992; Milgrom, North &
//! Weingast 1990). Both reduce to a two-player repeated game with an effective discount factor.

use std::fmt;
use std::str::FromStr;

use ndarray::array;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive};
use serde::{Deserialize, Serialize};

use super::model::{Reader, params_serde};
use super::{AllianceModel, Param, ParamMap, ParamValue, Range, check, rational_value as exact};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::repeated::{
    Automaton, ContagionThreshold, RepeatedGame, Tournament, TournamentOptions,
    contagion_threshold, strategies, tournament,
};

/// The largest community [`Reciprocity`] takes (so that `n_states` is an exact integer in a
/// float parameter map).
pub const MAX_STATES_RECIPROCITY: usize = 1 << 40;

/// How a defection is punished.
///
/// # Example
/// ```
/// use detente::alliance::ReciprocityKind;
///
/// let k: ReciprocityKind = "specific".parse()?;
/// assert_eq!(k, ReciprocityKind::Specific);
/// assert_eq!(ReciprocityKind::Diffuse.as_str(), "diffuse");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ReciprocityKind {
    /// Partner-specific grim trigger: defect for ever against the partner who defected,
    /// cooperate with everyone else (bilateral enforcement).
    Specific,
    /// Community ostracism: a defection made public (probability q) is punished by every state
    /// for ever; an unobserved one bilaterally (community enforcement).
    #[default]
    Diffuse,
}

impl ReciprocityKind {
    /// The snake-case label, `"specific"` or `"diffuse"`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::ReciprocityKind::Specific.as_str(), "specific");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Specific => "specific",
            Self::Diffuse => "diffuse",
        }
    }
}

impl fmt::Display for ReciprocityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReciprocityKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "specific" => Ok(Self::Specific),
            "diffuse" => Ok(Self::Diffuse),
            _ => Err(Error::InvalidArgument(format!(
                "reciprocity must be \"specific\" (bilateral enforcement) or \"diffuse\" \
                 (community enforcement), got {s:?}"
            ))),
        }
    }
}

/// The regime of the reciprocity model at its discount factor (`regime()`): which enforcement
/// sustains cooperation. The specification gives M7 no label vocabulary; these use the shared
/// structure labels (`bilateral`, `multilateral`) where they fit.
///
/// # Example
/// ```
/// use detente::alliance::{Reciprocity, ReciprocityRegime};
///
/// assert_eq!(Reciprocity::default().regime(), ReciprocityRegime::Multilateral);
/// assert_eq!(ReciprocityRegime::NoCooperation.as_str(), "no_cooperation");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReciprocityRegime {
    /// `δ >= δ*_S`: specific (bilateral) reciprocity sustains cooperation (and so does diffuse
    /// reciprocity, whose threshold is never higher).
    Bilateral,
    /// `δ*_D(q) <= δ < δ*_S`: only community enforcement with publicity q sustains it.
    Multilateral,
    /// `δ < δ*_D(q)`: neither does.
    NoCooperation,
}

impl ReciprocityRegime {
    /// The snake-case label, e.g. `"no_cooperation"`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::ReciprocityRegime::Bilateral.as_str(), "bilateral");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bilateral => "bilateral",
            Self::Multilateral => "multilateral",
            Self::NoCooperation => "no_cooperation",
        }
    }
}

impl fmt::Display for ReciprocityRegime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// M7's parameters. `Default`: Axelrod's payoffs `T = 5, R = 3, P = 1, S = 0`, `n = 10`
/// states, `δ = 3/4`, full publicity `q = 1`, diffuse reciprocity, no noise (the
/// specification's headline example, with a discount factor between its two thresholds 1/2
/// and 9/10).
///
/// # Example
/// ```
/// use detente::alliance::{Reciprocity, ReciprocityParams};
///
/// let m = Reciprocity::new(ReciprocityParams { n_states: 4, ..Default::default() })?;
/// assert_eq!(m.matching_probability().to_string(), "1/3");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReciprocityParams {
    /// `[T, R, P, S]`: temptation, reward, punishment, sucker (`T > R > P > S`,
    /// `2R > T + S`).
    pub payoffs: [f64; 4],
    /// n: the community size (even, `>= 2`).
    pub n_states: usize,
    /// δ: per-period discount factor (`(0, 1)`).
    pub discount: f64,
    /// q: probability that a defection becomes common knowledge through the institution
    /// (`[0, 1]`; used by diffuse reciprocity).
    pub publicity: f64,
    /// The model's own enforcement (the default of the methods that take one).
    pub reciprocity: ReciprocityKind,
    /// ε: implementation error probability, for tournaments (`[0, 1/2)`).
    pub noise: f64,
}

impl Default for ReciprocityParams {
    fn default() -> Self {
        Self {
            payoffs: [5.0, 3.0, 1.0, 0.0],
            n_states: 10,
            discount: 0.75,
            publicity: 1.0,
            reciprocity: ReciprocityKind::Diffuse,
            noise: 0.0,
        }
    }
}

/// M7, specific vs diffuse reciprocity among n randomly matched states.
///
/// A deviator who expects to lose `ρ(R − P)` in each future period faces the incentive of a
/// two-player repeated prisoners' dilemma with effective discount
/// `δ_eff = ρδ/(1 − (1 − ρ)δ)` **\[derived\]**, where `ρ = 1/(n − 1)` under specific and
/// `ρ = q + (1 − q)/(n − 1)` under diffuse reciprocity. Cooperation is sustainable iff
/// `δ >= δ*(ρ) = (T − R)/((T − R) + ρ(R − P))`.
///
/// References: Keohane (1986) *IO* 40(1); Axelrod & Keohane (1985) *World Politics* 38(1);
/// Axelrod (1984); Kandori (1992) *RES* 59(1); Milgrom, North & Weingast (1990).
///
/// # Example
/// ```
/// use detente::alliance::{Reciprocity, ReciprocityKind};
///
/// let m = Reciprocity::default();  // T, R, P, S = 5, 3, 1, 0; n = 10; q = 1
/// assert_eq!(m.critical_discount(Some(ReciprocityKind::Specific)).to_string(), "9/10");
/// assert_eq!(m.critical_discount(Some(ReciprocityKind::Diffuse)).to_string(), "1/2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "ParamMap", into = "ParamMap")]
pub struct Reciprocity {
    p: ReciprocityParams,
}

impl Reciprocity {
    /// Validates the parameters and builds the model.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the parameter: payoffs not finite or not a
    /// prisoners' dilemma (`T > R > P > S`, `2R > T + S`, checked exactly), `n_states` odd,
    /// below 2 or above [`MAX_STATES_RECIPROCITY`], `δ` outside `(0, 1)`, `q` outside
    /// `[0, 1]`, `ε` outside `[0, 1/2)`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityParams};
    ///
    /// let bad = ReciprocityParams { payoffs: [5.0, 3.0, 1.0, 2.0], ..Default::default() };
    /// assert!(Reciprocity::new(bad).unwrap_err().to_string().contains("payoffs"));
    /// let odd = ReciprocityParams { n_states: 7, ..Default::default() };
    /// assert!(Reciprocity::new(odd).unwrap_err().to_string().contains("n_states"));
    /// ```
    pub fn new(params: ReciprocityParams) -> Result<Self> {
        let p = params;
        for (i, &x) in p.payoffs.iter().enumerate() {
            check(&format!("payoffs[{i}]"), x, Range::Real)?;
        }
        let [t, r, pp, s] = p.payoffs.map(exact);
        if !(t > r && r > pp && pp > s) {
            return Err(Error::InvalidArgument(format!(
                "payoffs [T, R, P, S] must satisfy T > R > P > S (a prisoners' dilemma), got {:?}",
                p.payoffs
            )));
        }
        if &r + &r <= &t + &s {
            return Err(Error::InvalidArgument(format!(
                "payoffs [T, R, P, S] must satisfy 2R > T + S (mutual cooperation beats taking \
                 turns), got {:?}",
                p.payoffs
            )));
        }
        if p.n_states < 2 || !p.n_states.is_multiple_of(2) || p.n_states > MAX_STATES_RECIPROCITY {
            return Err(Error::InvalidArgument(format!(
                "n_states must be an even number of states in [2, {MAX_STATES_RECIPROCITY}] (they \
                 are matched in pairs), got {}",
                p.n_states
            )));
        }
        check("discount", p.discount, Range::OpenUnit)?;
        check("publicity", p.publicity, Range::Unit)?;
        if !(p.noise.is_finite() && (0.0..0.5).contains(&p.noise)) {
            return Err(Error::InvalidArgument(format!(
                "noise must be a number in [0, 1/2), got {}",
                p.noise
            )));
        }
        Ok(Self { p })
    }

    /// The parameters.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Reciprocity::default().params().n_states, 10);
    /// ```
    pub fn params(&self) -> &ReciprocityParams {
        &self.p
    }

    /// `[T, R, P, S]` exactly.
    fn trps(&self) -> [BigRational; 4] {
        self.p.payoffs.map(exact)
    }

    fn kind(&self, kind: Option<ReciprocityKind>) -> ReciprocityKind {
        kind.unwrap_or(self.p.reciprocity)
    }

    /// The discount factor δ, exact.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Reciprocity::default().discount().to_string(), "3/4");
    /// ```
    pub fn discount(&self) -> BigRational {
        exact(self.p.discount)
    }

    /// p = 1/(n − 1): the probability that two given states meet in a period.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Reciprocity::default().matching_probability().to_string(), "1/9");
    /// ```
    pub fn matching_probability(&self) -> BigRational {
        BigRational::new(1.into(), (self.p.n_states - 1).into())
    }

    /// ρ: the probability that a deviator is punished in a given future period
    /// **\[derived\]**: `1/(n − 1)` under specific reciprocity (it meets its victim again),
    /// `q + (1 − q)/(n − 1)` under diffuse reciprocity. `kind` defaults to the model's.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityKind, ReciprocityParams};
    ///
    /// let m = Reciprocity::new(ReciprocityParams { publicity: 0.5, ..Default::default() })?;
    /// assert_eq!(m.punishment_rate(None).to_string(), "5/9");   // 1/2 + 1/2 · 1/9
    /// assert_eq!(m.punishment_rate(Some(ReciprocityKind::Specific)).to_string(), "1/9");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn punishment_rate(&self, kind: Option<ReciprocityKind>) -> BigRational {
        let p = self.matching_probability();
        match self.kind(kind) {
            ReciprocityKind::Specific => p,
            ReciprocityKind::Diffuse => {
                let q = exact(self.p.publicity);
                &q + (BigRational::one() - &q) * p
            }
        }
    }

    /// δ\*(ρ) = (T − R)/((T − R) + ρ(R − P)): the smallest discount factor at which a deviator
    /// punished with probability ρ per future period does not gain, for any `ρ` in `(0, 1]`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `0 < ρ <= 1`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, rational_value as q};
    ///
    /// let m = Reciprocity::default();
    /// assert_eq!(m.critical_discount_at(&q(1.0))?.to_string(), "1/2");  // (T − R)/(T − P)
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn critical_discount_at(&self, rho: &BigRational) -> Result<BigRational> {
        check_rate(rho)?;
        let [t, r, p, _] = self.trps();
        let gain = &t - &r;
        Ok(&gain / (&gain + rho * (&r - &p)))
    }

    /// The critical discount factor under `kind` (default: the model's): δ\*(ρ) at the
    /// [`Reciprocity::punishment_rate`]. Specific: `(n − 1)(T − R)/((n − 1)(T − R) + R − P)`,
    /// increasing in n; diffuse with `q = 1`: `(T − R)/(T − P)`, independent of n.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityKind};
    /// assert_eq!(Reciprocity::default().critical_discount(None).to_string(), "1/2");
    /// ```
    pub fn critical_discount(&self, kind: Option<ReciprocityKind>) -> BigRational {
        let [t, r, p, _] = self.trps();
        let gain = &t - &r;
        &gain / (&gain + self.punishment_rate(kind) * (&r - &p))
    }

    /// The effective discount factor `δ_eff = ρδ/(1 − (1 − ρ)δ)` of the equivalent two-player
    /// repeated game, at `kind` (default the model's) and `discount` (default the model's δ).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `discount` is in `[0, 1)`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityKind};
    ///
    /// let m = Reciprocity::default();
    /// let eff = m.effective_discount(Some(ReciprocityKind::Specific), None)?;
    /// assert_eq!(eff.to_string(), "1/4");   // (1/9)(3/4) / (1 − (8/9)(3/4))
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn effective_discount(
        &self,
        kind: Option<ReciprocityKind>,
        discount: Option<&BigRational>,
    ) -> Result<BigRational> {
        let delta = discount.cloned().unwrap_or_else(|| self.discount());
        check_discount("discount", &delta)?;
        let rho = self.punishment_rate(kind);
        let one = BigRational::one();
        Ok(&rho * &delta / (&one - (&one - &rho) * &delta))
    }

    /// The inverse of [`Reciprocity::effective_discount`]: the community discount factor
    /// `δ = δ_eff/(ρ + (1 − ρ)δ_eff)` whose effective factor is `effective`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `effective` is in `[0, 1)`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityKind, rational_value as q};
    ///
    /// let m = Reciprocity::default();
    /// let back = m.discount_from_effective(&q(0.5), Some(ReciprocityKind::Specific))?;
    /// assert_eq!(back.to_string(), "9/10");   // 2-player threshold 1/2 ↦ δ*_S
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn discount_from_effective(
        &self,
        effective: &BigRational,
        kind: Option<ReciprocityKind>,
    ) -> Result<BigRational> {
        check_discount("effective", effective)?;
        let rho = self.punishment_rate(kind);
        let one = BigRational::one();
        Ok(effective / (&rho + (&one - &rho) * effective))
    }

    /// The stage prisoners' dilemma with exact payoffs: two states, actions `C` and `D`.
    ///
    /// # Errors
    /// None for a validated model (the `Result` is the game constructor's).
    ///
    /// # Example
    /// ```
    /// let g = detente::alliance::Reciprocity::default().stage_game()?;
    /// assert_eq!(g.pure_payoffs(&[1, 0]), &[5.0, 0.0]);   // (D, C) = (T, S)
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn stage_game(&self) -> Result<Game> {
        let [t, r, p, s] = self.trps();
        let row = array![[r.clone(), s.clone()], [t.clone(), p.clone()]].into_dyn();
        let col = array![[r, t], [s, p]].into_dyn();
        Game::from_exact_player_arrays(&[row.view(), col.view()])?
            .with_players(["State", "Partner"])?
            .with_actions(vec![vec!["C", "D"], vec!["C", "D"]])
            .map(|g| g.with_title("Prisoners' dilemma between two matched states"))
    }

    /// The stage prisoners' dilemma (the [`AllianceModel::game`]).
    ///
    /// # Errors
    /// As [`Reciprocity::stage_game`].
    ///
    /// # Example
    /// ```
    /// let g = detente::alliance::Reciprocity::default().game()?;
    /// assert_eq!(g.actions()[0], ["C", "D"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn game(&self) -> Result<Game> {
        self.stage_game()
    }

    /// The two-player repeated game equivalent to the community under `kind` (default the
    /// model's): the stage game with the effective discount factor of the model's δ, so that
    /// its grim-trigger threshold, mapped back by [`Reciprocity::discount_from_effective`], is
    /// [`Reciprocity::critical_discount`].
    ///
    /// # Errors
    /// None for a validated model.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityKind};
    ///
    /// let rg = Reciprocity::default().repeated_game(Some(ReciprocityKind::Specific))?;
    /// assert_eq!(rg.exact_discount(0).to_string(), "1/4");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn repeated_game(&self, kind: Option<ReciprocityKind>) -> Result<RepeatedGame> {
        let eff = self.effective_discount(kind, None)?;
        RepeatedGame::new_exact(self.stage_game()?, vec![eff.clone(), eff])
    }

    /// The regime at the model's δ: `bilateral` if `δ >= δ*_S`, `multilateral` if
    /// `δ*_D(q) <= δ < δ*_S`, `no_cooperation` otherwise.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityParams, ReciprocityRegime};
    ///
    /// let patient = Reciprocity::new(ReciprocityParams { discount: 0.95, ..Default::default() })?;
    /// assert_eq!(patient.regime(), ReciprocityRegime::Bilateral);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn regime(&self) -> ReciprocityRegime {
        let delta = self.discount();
        if delta >= self.critical_discount(Some(ReciprocityKind::Specific)) {
            ReciprocityRegime::Bilateral
        } else if delta >= self.critical_discount(Some(ReciprocityKind::Diffuse)) {
            ReciprocityRegime::Multilateral
        } else {
            ReciprocityRegime::NoCooperation
        }
    }

    /// The two-player discount factor above which tit-for-tat is a Nash equilibrium
    /// (collectively stable; Axelrod 1984): `max((T − R)/(T − P), (T − R)/(R − S))`, the
    /// thresholds against always-defect and against alternating defection.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Reciprocity::default().tft_threshold().to_string(), "2/3");
    /// ```
    pub fn tft_threshold(&self) -> BigRational {
        let [t, r, p, s] = self.trps();
        let a = (&t - &r) / (&t - &p);
        let b = (&t - &r) / (&r - &s);
        if a > b { a } else { b }
    }

    /// The generosity of generous tit-for-tat as δ → 1 (Nowak & Sigmund 1992):
    /// `g* = min(1 − (T − R)/(R − S), (R − P)/(T − P))`, the probability of forgiving a
    /// defection (the formula's attribution is unverified).
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Reciprocity::default().gtft_generosity().to_string(), "1/3");
    /// ```
    pub fn gtft_generosity(&self) -> BigRational {
        let [t, r, p, s] = self.trps();
        let one = BigRational::one();
        let a = &one - (&t - &r) / (&r - &s);
        let b = (&r - &p) / (&t - &p);
        if a < b { a } else { b }
    }

    /// Community enforcement *without* an institution: Kandori's (1992) contagion threshold
    /// for the model's `n` states, who see only their own matches (cooperate until you have
    /// faced a defection, then defect for ever), as an exact algebraic number
    /// ([`crate::repeated::contagion_threshold`]). With `n = 2` it is the bilateral
    /// threshold `(T − R)/(T − P)`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for more states than the exact contagion solver takes (200);
    /// [`Error::Interrupted`] when stopped.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityParams};
    ///
    /// let m = Reciprocity::new(ReciprocityParams { n_states: 4, ..Default::default() })?;
    /// let c = m.contagion_threshold()?;
    /// // On-path constraint 2δ² + 3δ − 3 >= 0 for Axelrod's payoffs: δ >= (√33 − 3)/4.
    /// assert!((c.discount.unwrap() - (33f64.sqrt() - 3.0) / 4.0).abs() < 1e-12);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn contagion_threshold(&self) -> Result<ContagionThreshold> {
        contagion_threshold(&self.stage_game()?, self.p.n_states)
    }

    /// The rules of conduct the tournament view compares, as automata of
    /// [`crate::repeated::strategies`], with their names: `TFT` (tit-for-tat), `GRIM` (grim
    /// trigger), `GTFT` (generous tit-for-tat forgiving with probability
    /// [`Reciprocity::gtft_generosity`]), `WSLS` (win-stay lose-shift), and the references
    /// `ALLD` (always defect) and `ALLC` (always cooperate).
    ///
    /// # Errors
    /// None for a validated model (g\* is a probability).
    ///
    /// # Example
    /// ```
    /// let field = detente::alliance::Reciprocity::default().strategies()?;
    /// let names: Vec<&str> = field.iter().map(|(n, _)| n.as_str()).collect();
    /// assert_eq!(names, ["TFT", "GRIM", "GTFT", "WSLS", "ALLD", "ALLC"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn strategies(&self) -> Result<Vec<(String, Automaton)>> {
        Ok(vec![
            ("TFT".into(), strategies::tit_for_tat()),
            ("GRIM".into(), strategies::grim_trigger()),
            (
                "GTFT".into(),
                strategies::generous_tit_for_tat(self.gtft_generosity())?,
            ),
            ("WSLS".into(), strategies::win_stay_lose_shift()),
            ("ALLD".into(), strategies::defect()),
            ("ALLC".into(), strategies::cooperate()),
        ])
    }

    /// The exact discounted payoff of each rule of [`Reciprocity::strategies`] (row) against
    /// each (column) in the two-player repeated game equivalent to the community under `kind`
    /// (default the model's; [`Reciprocity::repeated_game`]), without noise: the payoff matrix
    /// for evolutionary dynamics (replicator, Moran). Computed in closed form from the
    /// automata ([`RepeatedGame::payoffs`]), not simulated.
    ///
    /// # Errors
    /// [`Error::Interrupted`] when stopped.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityKind};
    ///
    /// let m = Reciprocity::default();   // diffuse, q = 1: effective discount 3/4
    /// let v = m.strategy_payoffs(None)?;
    /// assert_eq!(v[0][4].to_string(), "3/4");   // TFT against ALLD: (1 − δ)S + δP
    /// assert_eq!(v[4][0].to_string(), "2");     // ALLD against TFT: (1 − δ)T + δP
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn strategy_payoffs(&self, kind: Option<ReciprocityKind>) -> Result<Vec<Vec<BigRational>>> {
        let rg = self.repeated_game(kind)?;
        let field = self.strategies()?;
        let mut out = Vec::with_capacity(field.len());
        for (_, row) in &field {
            let mut line = Vec::with_capacity(field.len());
            for (_, col) in &field {
                let v = rg.payoffs(&[row, col])?;
                let exact = v.payoffs_exact.ok_or_else(|| {
                    Error::InvalidArgument("the stage game lost its exact payoffs".into())
                })?;
                line.push(exact[0].clone());
            }
            out.push(line);
        }
        Ok(out)
    }

    /// The evolutionary view as a game: a symmetric two-player game whose actions are the
    /// rules of [`Reciprocity::strategies`] and whose payoffs are
    /// [`Reciprocity::strategy_payoffs`] (exact), so that equilibrium solvers and the
    /// replicator dynamics run on it. A rule paired with itself is a Nash equilibrium of this
    /// game iff no other rule of the field invades it.
    ///
    /// # Errors
    /// As [`Reciprocity::strategy_payoffs`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityKind};
    /// use detente::solve;
    ///
    /// let m = Reciprocity::default();
    /// let g = m.strategy_game(Some(ReciprocityKind::Specific))?; // effective discount 1/4
    /// let grim = solve::pure(&g, 0.0)?.iter().any(|e| e.support() == [[1], [1]]);
    /// assert!(!grim); // ALLD invades GRIM below the threshold 9/10
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn strategy_game(&self, kind: Option<ReciprocityKind>) -> Result<Game> {
        let v = self.strategy_payoffs(kind)?;
        let k = v.len();
        let flat: Vec<BigRational> = v.iter().flatten().cloned().collect();
        let row = ndarray::Array2::from_shape_vec((k, k), flat)
            .map_err(|e| Error::InvalidArgument(e.to_string()))?
            .into_dyn();
        let col = row.t().to_owned();
        let names: Vec<String> = self.strategies()?.into_iter().map(|(n, _)| n).collect();
        Game::from_exact_player_arrays(&[row.view(), col.view()])?
            .with_players(["Rule", "Other rule"])?
            .with_actions(vec![names.clone(), names])
            .map(|g| g.with_title("Rules of conduct against each other (discounted payoffs)"))
    }

    /// A round-robin tournament of [`Reciprocity::strategies`] in the stage game, with the
    /// model's noise ε (each action flipped with probability ε), `turns` turns per match,
    /// `repetitions` repetitions and a seed (the results do not depend on the thread count).
    /// Scores are mean payoffs per turn ([`crate::repeated::tournament()`]).
    ///
    /// # Errors
    /// As [`crate::repeated::tournament()`] (`turns` or `repetitions` of 0, too many turns in
    /// all, [`Error::Interrupted`] when stopped).
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Reciprocity, ReciprocityParams};
    ///
    /// let m = Reciprocity::new(ReciprocityParams { noise: 0.05, ..Default::default() })?;
    /// let t = m.tournament(100, 5, 1)?;
    /// assert_eq!(t.names.len(), 6);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn tournament(&self, turns: usize, repetitions: usize, seed: u64) -> Result<Tournament> {
        let field = self.strategies()?;
        let (names, automata): (Vec<String>, Vec<Automaton>) = field.into_iter().unzip();
        let options = TournamentOptions {
            turns,
            repetitions,
            noise: self.p.noise,
            seed,
            ..Default::default()
        };
        tournament(&automata, &self.stage_game()?, &options)?.with_names(names)
    }

    /// BibTeX entries for the works the model formalizes.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::Reciprocity::default().cite().contains("kandori1992"));
    /// ```
    pub fn cite(&self) -> &'static str {
        BIBTEX
    }

    /// A plain-text account of the model: parameters, thresholds, the seed situation,
    /// citations and assumptions.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::Reciprocity::default().describe().contains("Keohane"));
    /// ```
    pub fn describe(&self) -> String {
        let p = &self.p;
        let [t, r, pp, s] = p.payoffs;
        format!(
            "Specific vs diffuse reciprocity (bilateral vs community enforcement)\n\
             Question: can cooperation among n states be sustained by bilateral reciprocity, \
             or does it need an institution that spreads information?\n\
             Seed 000 (Caporaso): diffuse reciprocity takes the long view, 'over many issues, \
             rather than every time on the issues'; seed 001: institutions facilitate 'the \
             exchange of information about the actual behaviour of states'.\n\
             Each period the {n} states are matched in pairs at random (a given pair meets with \
             probability 1/(n - 1)) and play a prisoners' dilemma T = {t}, R = {r}, P = {pp}, \
             S = {s}; discount delta = {}, publicity q = {}, reciprocity = {}, noise = {}.\n\
             Critical discount factors: specific {}, diffuse {}; regime {}.\n\
             Sources: Keohane (1986) IO 40(1); Axelrod & Keohane (1985) World Politics 38(1); \
             Axelrod (1984); Kandori (1992) RES 59(1): 63-80; Milgrom, North & Weingast (1990); \
             Nowak & Sigmund (1992).\n\
             Assumptions: punishments are recognized as such, not read as new defections; \
             unobserved defections are punished bilaterally; the reduction to a two-player game \
             with effective discount rho*delta/(1 - (1 - rho)*delta) is derived in the \
             specification.",
            p.discount,
            p.publicity,
            p.reciprocity,
            p.noise,
            self.critical_discount(Some(ReciprocityKind::Specific)),
            self.critical_discount(Some(ReciprocityKind::Diffuse)),
            self.regime(),
            n = p.n_states,
        )
    }
}

fn check_rate(rho: &BigRational) -> Result<()> {
    let zero = BigRational::from_integer(0.into());
    if *rho <= zero || *rho > BigRational::one() {
        return Err(Error::InvalidArgument(format!(
            "rho must be a punishment probability in (0, 1], got {rho}"
        )));
    }
    Ok(())
}

fn check_discount(name: &str, delta: &BigRational) -> Result<()> {
    let zero = BigRational::from_integer(0.into());
    if *delta < zero || *delta >= BigRational::one() {
        return Err(Error::InvalidArgument(format!(
            "{name} must be a discount factor in [0, 1), got {delta} (~{})",
            delta.to_f64().unwrap_or(f64::NAN)
        )));
    }
    Ok(())
}

params_serde!(Reciprocity);

/// The [`AllianceModel`] protocol; the specification's parameter `regime` (specific or
/// diffuse) is called `reciprocity` here, as `regime()` is the protocol's outcome label.
///
/// # Example
/// ```
/// use detente::alliance::{AllianceModel, ParamMap, Reciprocity, ReciprocityRegime};
///
/// let p = ParamMap::from([("n_states".into(), 2.0.into()), ("publicity".into(), 0.0.into())]);
/// let m = Reciprocity::from_params(&p)?;
/// assert_eq!(AllianceModel::regime(&m)?, Some(ReciprocityRegime::Bilateral));
/// assert_eq!(Reciprocity::from_json(&m.to_json()?)?, m);
/// # Ok::<(), detente::Error>(())
/// ```
impl AllianceModel for Reciprocity {
    type Regime = ReciprocityRegime;

    const NAME: &'static str = "Reciprocity";

    const PARAM_NAMES: &'static [&'static str] = &[
        "payoffs",
        "n_states",
        "discount",
        "publicity",
        "reciprocity",
        "noise",
    ];

    fn from_params(params: &ParamMap) -> Result<Self> {
        let r = Reader::new(Self::NAME, params, Self::PARAM_NAMES)?;
        let d = ReciprocityParams::default();
        let payoffs = match r.numbers("payoffs")? {
            None => d.payoffs,
            Some(v) => <[f64; 4]>::try_from(v.as_slice()).map_err(|_| {
                Error::InvalidArgument(format!(
                    "payoffs must be four numbers [T, R, P, S], got {}",
                    v.len()
                ))
            })?,
        };
        let n_states = match r.number("n_states")? {
            None => d.n_states,
            Some(x) => {
                if !(x.is_finite() && x.fract() == 0.0 && x >= 0.0)
                    || x > MAX_STATES_RECIPROCITY as f64
                {
                    return Err(Error::InvalidArgument(format!(
                        "n_states must be an even whole number in [2, {MAX_STATES_RECIPROCITY}], \
                         got {x}"
                    )));
                }
                // A whole number in [0, 2^40]: the conversion is exact.
                x as usize
            }
        };
        let reciprocity = match r.text("reciprocity")? {
            Some(s) => s.parse()?,
            None => d.reciprocity,
        };
        Self::new(ReciprocityParams {
            payoffs,
            n_states,
            discount: r.number("discount")?.unwrap_or(d.discount),
            publicity: r.number("publicity")?.unwrap_or(d.publicity),
            reciprocity,
            noise: r.number("noise")?.unwrap_or(d.noise),
        })
    }

    fn params(&self) -> Vec<Param> {
        let p = &self.p;
        vec![
            Param {
                name: "payoffs",
                value: ParamValue::Numbers(p.payoffs.to_vec()),
                range: "four numbers [T, R, P, S] with T > R > P > S and 2R > T + S".into(),
                meaning: "temptation, reward, punishment, sucker (utility per period)",
            },
            Param {
                name: "n_states",
                value: ParamValue::Number(p.n_states as f64),
                range: format!("an even whole number in [2, {MAX_STATES_RECIPROCITY}]"),
                meaning: "n: the community size (states matched in pairs each period)",
            },
            Param {
                name: "discount",
                value: ParamValue::Number(p.discount),
                range: Range::OpenUnit.describe(),
                meaning: "delta: per-period discount (time preference x survival of the relationship)",
            },
            Param {
                name: "publicity",
                value: ParamValue::Number(p.publicity),
                range: Range::Unit.describe(),
                meaning: "q: probability that a defection becomes common knowledge via the institution",
            },
            Param {
                name: "reciprocity",
                value: ParamValue::Text(p.reciprocity.as_str().into()),
                range: "specific or diffuse".into(),
                meaning: "specific (partner-specific grim) or diffuse (community ostracism)",
            },
            Param {
                name: "noise",
                value: ParamValue::Number(p.noise),
                range: "a number in [0, 1/2)".into(),
                meaning: "epsilon: implementation error probability (tournaments only)",
            },
        ]
    }

    fn game(&self) -> Result<Game> {
        Reciprocity::game(self)
    }

    fn describe(&self) -> String {
        Reciprocity::describe(self)
    }

    fn cite(&self) -> &'static str {
        Reciprocity::cite(self)
    }

    fn regime(&self) -> Result<Option<ReciprocityRegime>> {
        Ok(Some(Reciprocity::regime(self)))
    }
}

/// The references of this model, as BibTeX.
const BIBTEX: &str = r#"@article{keohane1986,
  author = {Keohane, Robert O.},
  title = {Reciprocity in International Relations},
  journal = {International Organization}, volume = {40}, number = {1}, pages = {1--27},
  year = {1986}, note = {volume and pages unverified}
}
@article{axelrod1985,
  author = {Axelrod, Robert and Keohane, Robert O.},
  title = {Achieving Cooperation under Anarchy: Strategies and Institutions},
  journal = {World Politics}, volume = {38}, number = {1}, pages = {226--254}, year = {1985},
  note = {volume and pages unverified}
}
@book{axelrod1984,
  author = {Axelrod, Robert},
  title = {The Evolution of Cooperation},
  publisher = {Basic Books}, year = {1984}
}
@article{kandori1992,
  author = {Kandori, Michihiro},
  title = {Social Norms and Community Enforcement},
  journal = {Review of Economic Studies}, volume = {59}, number = {1}, pages = {63--80},
  year = {1992}
}
@article{milgrom1990,
  author = {Milgrom, Paul R. and North, Douglass C. and Weingast, Barry R.},
  title = {The Role of Institutions in the Revival of Trade: The Law Merchant, Private Judges, and the Champagne Fairs},
  journal = {Economics \& Politics}, volume = {2}, number = {1}, pages = {1--23}, year = {1990},
  note = {volume and pages unverified}
}
@article{nowak1992,
  author = {Nowak, Martin A. and Sigmund, Karl},
  title = {Tit for Tat in Heterogeneous Populations},
  journal = {Nature}, volume = {355}, pages = {250--253}, year = {1992},
  note = {details and the generosity formula unverified}
}
"#;
