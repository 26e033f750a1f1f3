//! M2, the restraint game: abandonment vs entrapment, and the value of bilateral control.
//!
//! A patron (`Firm` or `Loose` support) and a client (`Provoke` or `Restrain`) in the 2×2
//! game of Snyder's (1984) alliance security dilemma, stylized; the institutions of Cha's
//! "powerplay" (bilateral control), Ruggie's multilateralism (a rule binding the patron ex
//! ante) and strategic ambiguity (commitment to a mixed strategy) are move orders of the same
//! game.

use std::fmt;
use std::str::FromStr;

use ndarray::array;
use num_rational::BigRational;
use num_traits::Zero;

use serde::{Deserialize, Serialize};

use super::model::{Reader, params_serde};
use super::{AllianceModel, Param, ParamMap, ParamValue, Range, check, rational_value as exact};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::solve::Equilibrium;

/// The institution under which patron and client play the restraint game.
///
/// # Example
/// ```
/// use detente::alliance::Institution;
///
/// let i: Institution = "bilateral_control".parse()?;
/// assert_eq!(i, Institution::BilateralControl);
/// assert_eq!(i.as_str(), "bilateral_control");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Institution {
    /// Both choose at once: the bimatrix [`RestraintGame::game`].
    #[default]
    Simultaneous,
    /// The client moves first, the patron observes and replies (Cha's bilateral control):
    /// [`RestraintGame::sequential_game`].
    BilateralControl,
    /// The patron commits to a probability of standing firm and the client best-responds,
    /// ties broken for the patron (strategic ambiguity; strong Stackelberg).
    Ambiguity,
    /// The patron is bound to `Firm` by a generalized rule (Ruggie's multilateralism).
    MultilateralRule,
    /// The patron is known to stay `Loose`: no guarantee.
    NoGuarantee,
}

impl Institution {
    /// All five institutions, in the order of the specification.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Institution, RestraintGame};
    ///
    /// let m = RestraintGame::default();
    /// assert!(Institution::ALL.iter().all(|&i| m.outcome(i).is_ok()));
    /// ```
    pub const ALL: [Self; 5] = [
        Self::Simultaneous,
        Self::BilateralControl,
        Self::Ambiguity,
        Self::MultilateralRule,
        Self::NoGuarantee,
    ];

    /// The snake-case label, e.g. `"multilateral_rule"`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Institution::Ambiguity.as_str(), "ambiguity");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Simultaneous => "simultaneous",
            Self::BilateralControl => "bilateral_control",
            Self::Ambiguity => "ambiguity",
            Self::MultilateralRule => "multilateral_rule",
            Self::NoGuarantee => "no_guarantee",
        }
    }
}

impl fmt::Display for Institution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Institution {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|i| i.as_str() == s)
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "institution must be one of simultaneous, bilateral_control, ambiguity, \
                     multilateral_rule, no_guarantee; got {s:?}"
                ))
            })
    }
}

/// The equilibrium label of the simultaneous restraint game (`regime()`).
///
/// # Example
/// ```
/// use detente::alliance::{RestraintGame, RestraintRegime};
///
/// assert_eq!(RestraintGame::default().regime(), RestraintRegime::Dilemma);
/// assert_eq!(RestraintRegime::Dilemma.as_str(), "dilemma");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestraintRegime {
    /// `e > d, g > 0, w > g + α`: unique, fully mixed equilibrium.
    Dilemma,
    /// `g > 0, e < d`: `Firm` dominant, equilibrium (Firm, Provoke).
    EntrapmentAccepted,
    /// `g > 0, e > d, w < g + α`: `Provoke` dominant, equilibrium (Loose, Provoke).
    ClientAlone,
    /// `g < 0` and (`e < d` or `w > g + α`): equilibrium (Firm, Restrain).
    StableDeterrence,
    /// Outside the labelled regions: the coordination game `g < 0, e > d, w < g + α` (two pure
    /// equilibria and a mixed one) or a boundary `e = d`, `g = 0`, `w = g + α` (a continuum of
    /// equilibria). The specification leaves these unlabelled on purpose.
    Unlabelled,
}

impl RestraintRegime {
    /// The snake-case label, e.g. `"stable_deterrence"`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::RestraintRegime::ClientAlone.as_str(), "client_alone");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dilemma => "dilemma",
            Self::EntrapmentAccepted => "entrapment_accepted",
            Self::ClientAlone => "client_alone",
            Self::StableDeterrence => "stable_deterrence",
            Self::Unlabelled => "unlabelled",
        }
    }
}

impl fmt::Display for RestraintRegime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The closed-form mixed equilibrium of the simultaneous game.
///
/// # Example
/// ```
/// let m = detente::alliance::RestraintGame::default().mixed_closed_form()?;
/// assert_eq!((m.firm, m.provoke), (2.0 / 3.0, 0.5));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MixedRestraint {
    /// φ\* = P(Firm) = 1 − g/(w − α), which makes the client indifferent.
    pub firm: f64,
    /// π\* = P(Provoke) = (d + ρ)/(e + ρ), which makes the patron indifferent.
    pub provoke: f64,
    /// The patron's payoff −ρ(e − d)/(e + ρ).
    pub patron_payoff: f64,
    /// The client's payoff −αg/(w − α).
    pub client_payoff: f64,
}

/// [`MixedRestraint`] in exact rational arithmetic (each parameter taken as the simplest
/// rational that rounds to it, [`rational_value`](super::rational_value)), for quoting
/// fractions.
///
/// # Example
/// ```
/// let m = detente::alliance::RestraintGame::default().mixed_closed_form_exact()?;
/// assert_eq!(m.provoke.to_string(), "1/2");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ExactMixedRestraint {
    /// φ\* = P(Firm).
    pub firm: BigRational,
    /// π\* = P(Provoke).
    pub provoke: BigRational,
    /// The patron's payoff.
    pub patron_payoff: BigRational,
    /// The client's payoff.
    pub client_payoff: BigRational,
}

/// What patron and client do, and get, under one institution.
///
/// # Example
/// ```
/// use detente::alliance::{Institution, RestraintGame};
///
/// let o = RestraintGame::default().outcome(Institution::MultilateralRule)?;
/// assert_eq!((o.firm, o.provoke, o.patron_payoff), (1.0, 1.0, -2.0)); // bound to Firm, provoked
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InstitutionOutcome {
    /// The institution.
    pub institution: Institution,
    /// Probability that the patron stands firm on the equilibrium path (under ambiguity: the
    /// committed probability).
    pub firm: f64,
    /// Probability that the client provokes.
    pub provoke: f64,
    /// The patron's expected payoff.
    pub patron_payoff: f64,
    /// The client's expected payoff.
    pub client_payoff: f64,
}

/// A fraction `num / den` with `den > 0`, so that probabilities like φ\* reach the payoffs in
/// one rounding (a rational parameter gives a correctly rounded result).
#[derive(Clone, Copy)]
struct Frac {
    num: f64,
    den: f64,
}

impl Frac {
    const ZERO: Self = Self { num: 0.0, den: 1.0 };
    const ONE: Self = Self { num: 1.0, den: 1.0 };

    fn value(self) -> f64 {
        self.num / self.den
    }

    /// `self·x + (1 − self)·y`, with one final division.
    fn mix(self, x: f64, y: f64) -> f64 {
        (self.num * x + (self.den - self.num) * y) / self.den
    }
}

/// M2's parameters (utility units), named as in the specification. `Default` is the
/// specification's headline example `d = 1, ρ = 1, e = 3, g = 1, w = 4, α = 1`.
///
/// # Example
/// ```
/// use detente::alliance::{RestraintGame, RestraintParams};
///
/// let m = RestraintGame::new(RestraintParams { entrapment_cost: 0.5, ..Default::default() })?;
/// assert_eq!(m.regime().as_str(), "entrapment_accepted");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RestraintParams {
    /// d: the patron's value when it is firm and the client is restrained (`d > −ρ`).
    pub deterrence: f64,
    /// ρ: the patron's loss when it is loose toward a restrained ally (`>= 0`).
    pub reassurance_cost: f64,
    /// e: the patron's cost of being dragged into the client's war (real; `e > d` for a
    /// dilemma).
    pub entrapment_cost: f64,
    /// g: the client's gain from provoking under the umbrella (real; `g > 0` for a dilemma).
    pub revision_gain: f64,
    /// w: the client's cost of fighting alone (real; `w > g + α` for a dilemma).
    pub war_cost: f64,
    /// α: the client's loss from a loose patron while restrained (`>= 0`).
    pub abandonment_cost: f64,
    /// The institution whose outcome [`RestraintGame::outcome`] reports by default.
    pub institution: Institution,
}

impl Default for RestraintParams {
    fn default() -> Self {
        Self {
            deterrence: 1.0,
            reassurance_cost: 1.0,
            entrapment_cost: 3.0,
            revision_gain: 1.0,
            war_cost: 4.0,
            abandonment_cost: 1.0,
            institution: Institution::Simultaneous,
        }
    }
}

/// The restraint game (M2): abandonment vs entrapment, and the value of bilateral control.
///
/// Payoffs (patron, client):
///
/// |  | Provoke | Restrain |
/// |---|---|---|
/// | Firm | (d − e, g) | (d, 0) |
/// | Loose | (0, g − w) | (−ρ, −α) |
///
/// References: Snyder (1984) *World Politics* 36(4); Cha (2016) *Powerplay*; Tsebelis (1989)
/// *APSR* 83(1) (each player's mix is set by the other's payoffs); Conitzer & Sandholm (2006)
/// (optimal commitment). The matrix is a stylized formalization, not any one paper's.
///
/// # Example
/// ```
/// use detente::alliance::{Institution, RestraintGame};
///
/// let m = RestraintGame::default();
/// let eq = m.mixed_equilibrium()?;            // certified in m.game()
/// assert!(eq.regret < 1e-12);
/// let control = m.outcome(Institution::BilateralControl)?;
/// assert_eq!(control.patron_payoff, 1.0);     // Cha: control is worth the most to the patron
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "ParamMap", into = "ParamMap")]
pub struct RestraintGame {
    p: RestraintParams,
}

impl RestraintGame {
    /// Validates the parameters and builds the model.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the parameter if one is not finite, `ρ < 0`, `α < 0`
    /// or `d <= −ρ`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{RestraintGame, RestraintParams};
    ///
    /// let bad = RestraintParams { reassurance_cost: -1.0, ..Default::default() };
    /// let err = RestraintGame::new(bad).unwrap_err();
    /// assert!(err.to_string().contains("reassurance_cost"));
    /// ```
    pub fn new(params: RestraintParams) -> Result<Self> {
        let p = params;
        check("reassurance_cost", p.reassurance_cost, Range::NonNegative)?;
        check("abandonment_cost", p.abandonment_cost, Range::NonNegative)?;
        check("entrapment_cost", p.entrapment_cost, Range::Real)?;
        check("revision_gain", p.revision_gain, Range::Real)?;
        check("war_cost", p.war_cost, Range::Real)?;
        check(
            "deterrence",
            p.deterrence,
            Range::Above(-p.reassurance_cost, "deterrence > -reassurance_cost"),
        )?;
        Ok(Self { p })
    }

    /// The parameters.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::RestraintGame::default().params().war_cost, 4.0);
    /// ```
    pub fn params(&self) -> &RestraintParams {
        &self.p
    }

    /// The simultaneous 2×2 game: Patron ∈ {Firm, Loose} (row), Client ∈ {Provoke, Restrain}.
    ///
    /// # Errors
    /// None for a validated model (the `Result` is the game constructor's).
    ///
    /// # Example
    /// ```
    /// let g = detente::alliance::RestraintGame::default().game()?;
    /// assert_eq!(g.pure_payoffs(&[0, 0]), &[-2.0, 1.0]); // (Firm, Provoke) = (d − e, g)
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn game(&self) -> Result<Game> {
        let RestraintParams {
            deterrence: d,
            reassurance_cost: rho,
            entrapment_cost: e,
            revision_gain: g,
            war_cost: w,
            abandonment_cost: a,
            ..
        } = self.p;
        Game::from_bimatrix(
            array![[d - e, d], [0.0, -rho]].view(),
            array![[g, 0.0], [g - w, -a]].view(),
        )?
        .with_players(["Patron", "Client"])?
        .with_actions(vec![vec!["Firm", "Loose"], vec!["Provoke", "Restrain"]])
        .map(|g| g.with_title("Restraint game: abandonment vs entrapment (simultaneous)"))
    }

    /// The bilateral-control game in reduced normal form (2×4): the Client (player 0) moves
    /// first, the Patron (player 1) picks a plan "reply to Provoke/reply to Restrain", labelled
    /// `"Firm/Firm"`, `"Firm/Loose"`, `"Loose/Firm"`, `"Loose/Loose"`.
    ///
    /// Its subgame-perfect equilibrium is [`RestraintGame::outcome`] with
    /// [`Institution::BilateralControl`]; the game also has non-perfect equilibria (a
    /// continuum in which the client restrains and the patron mixes its reply to Provoke), so
    /// it is a degenerate test case for equilibrium enumeration.
    ///
    /// # Errors
    /// None for a validated model.
    ///
    /// # Example
    /// ```
    /// use detente::{alliance::RestraintGame, solve};
    ///
    /// let g = RestraintGame::default().sequential_game()?;
    /// let eqs = solve::pure(&g, 0.0)?;
    /// assert_eq!(eqs.len(), 1); // (Restrain, Loose/Firm): the subgame-perfect one
    /// assert_eq!(eqs[0].payoffs, vec![0.0, 1.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn sequential_game(&self) -> Result<Game> {
        let sim = self.game()?;
        // plan index k: reply to Provoke = k / 2, reply to Restrain = k % 2 (0 = Firm).
        Game::from_fn(&[2, 4], |s, player| {
            let reply = if s[0] == 0 { s[1] / 2 } else { s[1] % 2 };
            let u = sim.pure_payoffs(&[reply, s[0]]);
            u[1 - player]
        })?
        .with_players(["Client", "Patron"])?
        .with_actions(vec![
            vec!["Provoke", "Restrain"],
            vec!["Firm/Firm", "Firm/Loose", "Loose/Firm", "Loose/Loose"],
        ])
        .map(|g| g.with_title("Restraint game under bilateral control (client moves first)"))
    }

    /// The equilibrium label of the simultaneous game (first match, in the order of
    /// [`RestraintRegime`]'s variants).
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{RestraintGame, RestraintParams, RestraintRegime};
    ///
    /// let alone = RestraintParams { war_cost: 1.5, ..Default::default() };
    /// assert_eq!(RestraintGame::new(alone)?.regime(), RestraintRegime::ClientAlone);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn regime(&self) -> RestraintRegime {
        let p = &self.p;
        let (d, e, g) = (p.deterrence, p.entrapment_cost, p.revision_gain);
        let margin = p.war_cost - p.abandonment_cost; // w − α, compared with g
        if e > d && g > 0.0 && margin > g {
            RestraintRegime::Dilemma
        } else if g > 0.0 && e < d {
            RestraintRegime::EntrapmentAccepted
        } else if g > 0.0 && e > d && margin < g {
            RestraintRegime::ClientAlone
        } else if g < 0.0 && (e < d || margin > g) {
            RestraintRegime::StableDeterrence
        } else {
            RestraintRegime::Unlabelled
        }
    }

    /// The closed-form fully mixed equilibrium φ\* = 1 − g/(w − α), π\* = (d + ρ)/(e + ρ),
    /// with payoffs −ρ(e − d)/(e + ρ) and −αg/(w − α) **\[derived\]**.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `e > d` and either `g > 0, w > g + α` (the dilemma,
    /// where it is the unique equilibrium) or `g < 0, w < g + α` (the coordination game, where
    /// it is the third equilibrium besides two pure ones).
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::RestraintGame::default().mixed_closed_form()?;
    /// assert_eq!((m.firm, m.provoke, m.patron_payoff, m.client_payoff),
    ///            (2.0 / 3.0, 0.5, -0.5, -1.0 / 3.0));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn mixed_closed_form(&self) -> Result<MixedRestraint> {
        let p = &self.p;
        let (d, rho, e, g, a) = (
            p.deterrence,
            p.reassurance_cost,
            p.entrapment_cost,
            p.revision_gain,
            p.abandonment_cost,
        );
        let margin = p.war_cost - a;
        let mixed = e > d && ((g > 0.0 && margin > g) || (g < 0.0 && margin < g));
        if !mixed {
            return Err(Error::InvalidArgument(format!(
                "the restraint game has no fully mixed equilibrium in regime {}: it needs \
                 entrapment_cost > deterrence and either revision_gain > 0 with war_cost > \
                 revision_gain + abandonment_cost, or revision_gain < 0 with war_cost < \
                 revision_gain + abandonment_cost",
                self.regime()
            )));
        }
        Ok(MixedRestraint {
            firm: (margin - g) / margin,
            provoke: (d + rho) / (e + rho),
            patron_payoff: -(rho * (e - d)) / (e + rho),
            client_payoff: -(a * g) / margin,
        })
    }

    /// [`RestraintGame::mixed_closed_form`] in exact rational arithmetic: each parameter is
    /// taken as the simplest rational that rounds to it ([`super::rational_value`]: `1/3` for
    /// `1.0 / 3.0`, `1/10` for `0.1`; integers and halves, quarters… are themselves), and the
    /// region is checked exactly.
    ///
    /// # Errors
    /// As [`RestraintGame::mixed_closed_form`].
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::RestraintGame::default().mixed_closed_form_exact()?;
    /// assert_eq!(m.firm.to_string(), "2/3");
    /// assert_eq!(m.client_payoff.to_string(), "-1/3");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn mixed_closed_form_exact(&self) -> Result<ExactMixedRestraint> {
        let p = &self.p;
        let d = exact(p.deterrence);
        let rho = exact(p.reassurance_cost);
        let e = exact(p.entrapment_cost);
        let g = exact(p.revision_gain);
        let a = exact(p.abandonment_cost);
        let margin = exact(p.war_cost) - &a;
        let zero = BigRational::zero();
        let mixed = e > d && ((g > zero && margin > g) || (g < zero && margin < g));
        if !mixed {
            // Same region as the float version, up to the rounding of w − α there.
            self.mixed_closed_form()?;
            return Err(Error::InvalidArgument(
                "the restraint game has no fully mixed equilibrium in exact arithmetic: \
                 war_cost - abandonment_cost compared with revision_gain differs from the \
                 float comparison only by rounding"
                    .into(),
            ));
        }
        Ok(ExactMixedRestraint {
            firm: (&margin - &g) / &margin,
            provoke: (&d + &rho) / (&e + &rho),
            patron_payoff: -(&rho * (&e - &d)) / (&e + &rho),
            client_payoff: -(&a * &g) / &margin,
        })
    }

    /// The closed-form mixed equilibrium as an [`Equilibrium`] of [`RestraintGame::game`]:
    /// its payoffs and regret are recomputed from the game, so the regret certifies the
    /// closed form.
    ///
    /// # Errors
    /// As [`RestraintGame::mixed_closed_form`].
    ///
    /// # Example
    /// ```
    /// let eq = detente::alliance::RestraintGame::default().mixed_equilibrium()?;
    /// assert_eq!(eq.strategies[1], vec![0.5, 0.5]);
    /// assert!(eq.regret <= 1e-12);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn mixed_equilibrium(&self) -> Result<Equilibrium> {
        let m = self.mixed_closed_form()?;
        Equilibrium::new(
            &self.game()?,
            vec![vec![m.firm, 1.0 - m.firm], vec![m.provoke, 1.0 - m.provoke]],
            "closed form (restraint game)",
        )
    }

    /// What each side does and gets under `institution` **\[derived\]**:
    ///
    /// * `Simultaneous`: the unique equilibrium of the labelled regime (mixed in the dilemma);
    /// * `BilateralControl`: the subgame-perfect equilibrium of
    ///   [`RestraintGame::sequential_game`] (client restrains iff `w > g` when `e > d`);
    /// * `Ambiguity`: the patron's optimal commitment to P(Firm), the client best-responding
    ///   (one linear program per client action, Conitzer & Sandholm 2006, solved here in closed
    ///   form: in the dilemma `V = max(φ*d − (1 − φ*)ρ, φ*(d − e))`);
    /// * `MultilateralRule` / `NoGuarantee`: the patron fixed at Firm / Loose, the client
    ///   best-responding.
    ///
    /// Wherever the follower (or the patron replying under control) is indifferent, the tie is
    /// broken in the patron's favour.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for `Simultaneous` when [`RestraintGame::regime`] is
    /// `Unlabelled` (several equilibria: solve [`RestraintGame::game`] instead).
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{Institution, RestraintGame};
    ///
    /// let m = RestraintGame::default();
    /// let values: Vec<f64> = Institution::ALL.iter()
    ///     .map(|&i| m.outcome(i).map(|o| o.patron_payoff))
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(values, vec![-0.5, 1.0, 1.0 / 3.0, -2.0, -1.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn outcome(&self, institution: Institution) -> Result<InstitutionOutcome> {
        let p = &self.p;
        let (d, rho, e, g, w, a) = (
            p.deterrence,
            p.reassurance_cost,
            p.entrapment_cost,
            p.revision_gain,
            p.war_cost,
            p.abandonment_cost,
        );
        let out = |firm: f64, provoke: f64, up: f64, uc: f64| InstitutionOutcome {
            institution,
            firm,
            provoke,
            patron_payoff: up,
            client_payoff: uc,
        };
        // The client's reply to a fixed patron action, ties broken for the patron.
        // Payoffs (patron, client) per (patron action, client action).
        let cell = |firm: bool, provoke: bool| match (firm, provoke) {
            (true, true) => (d - e, g),
            (true, false) => (d, 0.0),
            (false, true) => (0.0, g - w),
            (false, false) => (-rho, -a),
        };
        let reply_to = |firm: bool| {
            let (pp, cp) = cell(firm, true);
            let (pr, cr) = cell(firm, false);
            let provoke = cp > cr || (cp == cr && pp >= pr);
            (provoke, cell(firm, provoke))
        };
        let fixed = |firm: bool| {
            let (provoke, (up, uc)) = reply_to(firm);
            out(
                f64::from(u8::from(firm)),
                f64::from(u8::from(provoke)),
                up,
                uc,
            )
        };
        Ok(match institution {
            Institution::Simultaneous => match self.regime() {
                RestraintRegime::Dilemma => {
                    let m = self.mixed_closed_form()?;
                    out(m.firm, m.provoke, m.patron_payoff, m.client_payoff)
                }
                RestraintRegime::EntrapmentAccepted => out(1.0, 1.0, d - e, g),
                RestraintRegime::ClientAlone => out(0.0, 1.0, 0.0, g - w),
                RestraintRegime::StableDeterrence => out(1.0, 0.0, d, 0.0),
                RestraintRegime::Unlabelled => {
                    return Err(Error::InvalidArgument(
                        "the simultaneous restraint game has several equilibria for these \
                         parameters (the coordination region g < 0, e > d, w < g + α, or a \
                         boundary e = d, g = 0, w = g + α); solve game() with an equilibrium \
                         solver instead"
                            .into(),
                    ));
                }
            },
            Institution::MultilateralRule => fixed(true),
            Institution::NoGuarantee => fixed(false),
            Institution::BilateralControl => {
                // The patron replies Firm to Restrain (d > −ρ). Its sequentially rational
                // replies to Provoke; with e = d both are, and it keeps the better for itself.
                let replies: &[bool] = if d > e {
                    &[true]
                } else if d < e {
                    &[false]
                } else {
                    &[true, false]
                };
                let mut best: Option<InstitutionOutcome> = None;
                for &r in replies {
                    let (pp, cp) = cell(r, true);
                    let provoke = cp > 0.0 || (cp == 0.0 && pp >= d);
                    let o = if provoke {
                        out(f64::from(u8::from(r)), 1.0, pp, cp)
                    } else {
                        out(1.0, 0.0, d, 0.0)
                    };
                    if best.is_none_or(|b| o.patron_payoff > b.patron_payoff) {
                        best = Some(o);
                    }
                }
                best.unwrap_or_else(|| fixed(true))
            }
            Institution::Ambiguity => self.commitment(),
        })
    }

    /// The outcome under the model's own `institution` parameter.
    ///
    /// # Errors
    /// As [`RestraintGame::outcome`].
    ///
    /// # Example
    /// ```
    /// let o = detente::alliance::RestraintGame::default().institution_outcome()?;
    /// assert_eq!(o.patron_payoff, -0.5); // simultaneous by default
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn institution_outcome(&self) -> Result<InstitutionOutcome> {
        self.outcome(self.p.institution)
    }

    /// Optimal commitment to P(Firm) = φ, client best-responding with ties for the patron.
    ///
    /// For each client action the set of φ at which it is a best response is an interval with
    /// endpoints in {0, φ\*, 1}; the patron's payoff is linear in φ, so the best commitment for
    /// that action is an endpoint.
    fn commitment(&self) -> InstitutionOutcome {
        let p = &self.p;
        let (d, rho, e, g, w, a) = (
            p.deterrence,
            p.reassurance_cost,
            p.entrapment_cost,
            p.revision_gain,
            p.war_cost,
            p.abandonment_cost,
        );
        // Candidates: φ = 0 and φ = 1 with the client's strict or weak preference there, and
        // the φ\* at which the client is indifferent (both actions feasible).
        let margin = w - a;
        let mut candidates = vec![
            (Frac::ZERO, g - w >= -a, g - w <= -a),
            (Frac::ONE, g >= 0.0, g <= 0.0),
        ];
        if margin != 0.0 {
            let cross = if margin > 0.0 {
                Frac {
                    num: margin - g,
                    den: margin,
                }
            } else {
                Frac {
                    num: g - margin,
                    den: -margin,
                }
            };
            if (0.0..=1.0).contains(&cross.value()) {
                candidates.push((cross, true, true));
            }
        }
        let mut best: Option<InstitutionOutcome> = None;
        for (phi, provoke_ok, restrain_ok) in candidates {
            for provoke in [true, false] {
                if !(if provoke { provoke_ok } else { restrain_ok }) {
                    continue;
                }
                let (up, uc) = if provoke {
                    (phi.mix(d - e, 0.0), phi.mix(g, g - w))
                } else {
                    (phi.mix(d, -rho), phi.mix(0.0, -a))
                };
                let o = InstitutionOutcome {
                    institution: Institution::Ambiguity,
                    firm: phi.value(),
                    provoke: f64::from(u8::from(provoke)),
                    patron_payoff: up,
                    client_payoff: uc,
                };
                if best.is_none_or(|b| o.patron_payoff > b.patron_payoff) {
                    best = Some(o);
                }
            }
        }
        // At φ = 0 the client has a best response, so a candidate always exists.
        best.unwrap_or(InstitutionOutcome {
            institution: Institution::Ambiguity,
            firm: 1.0,
            provoke: 1.0,
            patron_payoff: d - e,
            client_payoff: g,
        })
    }

    /// BibTeX entries for the works the model formalizes. Volume and page details marked
    /// `note = {unverified}` have not been checked against the source.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::RestraintGame::default().cite().contains("@article"));
    /// ```
    pub fn cite(&self) -> &'static str {
        BIBTEX
    }

    /// A plain-text account of the model: parameters, the seed situation, citations and the
    /// points where it departs from the cited work.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::RestraintGame::default().describe().contains("Snyder"));
    /// ```
    pub fn describe(&self) -> String {
        let p = &self.p;
        format!(
            "Restraint game (abandonment vs entrapment)\n\
             Question: what is bilateral control of a client worth to its patron?\n\
             Patron: Firm | Loose; Client: Provoke | Restrain.\n\
             Parameters: deterrence d = {}, reassurance_cost rho = {}, entrapment_cost e = {}, \
             revision_gain g = {}, war_cost w = {}, abandonment_cost alpha = {}, institution = {}.\n\
             Regime of the simultaneous game: {}.\n\
             Payoffs (patron, client): Firm/Provoke (d - e, g); Firm/Restrain (d, 0); \
             Loose/Provoke (0, g - w); Loose/Restrain (-rho, -alpha).\n\
             Sources: Snyder (1984) World Politics 36(4): 461-495; Cha (2016) Powerplay, \
             Princeton UP; Tsebelis (1989) APSR 83(1): 77-91; Conitzer & Sandholm (2006) ACM EC.\n\
             Deviation: the 2x2 matrix is a stylized formalization (no single paper's matrix); \
             mapping institutions to move orders (multilateral rule = patron bound to Firm ex \
             ante) is an interpretation of Ruggie (1992).",
            p.deterrence,
            p.reassurance_cost,
            p.entrapment_cost,
            p.revision_gain,
            p.war_cost,
            p.abandonment_cost,
            p.institution,
            self.regime()
        )
    }
}

params_serde!(RestraintGame);

/// The [`AllianceModel`] protocol. The regime is always a label: [`RestraintRegime::Unlabelled`]
/// says that the parameters are outside the regions the specification labels.
///
/// # Example
/// ```
/// use detente::alliance::{AllianceModel, ParamMap, RestraintGame, RestraintRegime};
///
/// let p = ParamMap::from([("war_cost".into(), 1.5.into())]);
/// let m = RestraintGame::from_params(&p)?;
/// assert_eq!(AllianceModel::regime(&m)?, Some(RestraintRegime::ClientAlone));
/// assert_eq!(RestraintGame::PARAM_NAMES.len(), AllianceModel::params(&m).len());
/// # Ok::<(), detente::Error>(())
/// ```
impl AllianceModel for RestraintGame {
    type Regime = RestraintRegime;

    const NAME: &'static str = "RestraintGame";

    const PARAM_NAMES: &'static [&'static str] = &[
        "deterrence",
        "reassurance_cost",
        "entrapment_cost",
        "revision_gain",
        "war_cost",
        "abandonment_cost",
        "institution",
    ];

    fn from_params(params: &ParamMap) -> Result<Self> {
        let r = Reader::new(Self::NAME, params, Self::PARAM_NAMES)?;
        let d = RestraintParams::default();
        let institution = match r.text("institution")? {
            Some(s) => s.parse()?,
            None => d.institution,
        };
        Self::new(RestraintParams {
            deterrence: r.number("deterrence")?.unwrap_or(d.deterrence),
            reassurance_cost: r.number("reassurance_cost")?.unwrap_or(d.reassurance_cost),
            entrapment_cost: r.number("entrapment_cost")?.unwrap_or(d.entrapment_cost),
            revision_gain: r.number("revision_gain")?.unwrap_or(d.revision_gain),
            war_cost: r.number("war_cost")?.unwrap_or(d.war_cost),
            abandonment_cost: r.number("abandonment_cost")?.unwrap_or(d.abandonment_cost),
            institution,
        })
    }

    fn params(&self) -> Vec<Param> {
        let p = &self.p;
        let real = |name, value: f64, range: Range, meaning| Param {
            name,
            value: ParamValue::Number(value),
            range: range.describe(),
            meaning,
        };
        vec![
            real(
                "deterrence",
                p.deterrence,
                Range::Above(-p.reassurance_cost, "deterrence > -reassurance_cost"),
                "d: the patron's value when it is firm and the client is restrained",
            ),
            real(
                "reassurance_cost",
                p.reassurance_cost,
                Range::NonNegative,
                "rho: the patron's loss when it is loose toward a restrained ally",
            ),
            real(
                "entrapment_cost",
                p.entrapment_cost,
                Range::Real,
                "e: the patron's cost of being dragged into the client's war",
            ),
            real(
                "revision_gain",
                p.revision_gain,
                Range::Real,
                "g: the client's gain from provoking under the umbrella",
            ),
            real(
                "war_cost",
                p.war_cost,
                Range::Real,
                "w: the client's cost of fighting alone",
            ),
            real(
                "abandonment_cost",
                p.abandonment_cost,
                Range::NonNegative,
                "alpha: the client's loss from a loose patron while restrained",
            ),
            Param {
                name: "institution",
                value: ParamValue::Text(p.institution.as_str().into()),
                range: "one of simultaneous, bilateral_control, ambiguity, multilateral_rule, \
                        no_guarantee"
                    .into(),
                meaning: "the move order under which patron and client play (outcome() default)",
            },
        ]
    }

    fn game(&self) -> Result<Game> {
        RestraintGame::game(self)
    }

    fn describe(&self) -> String {
        RestraintGame::describe(self)
    }

    fn cite(&self) -> &'static str {
        RestraintGame::cite(self)
    }

    fn regime(&self) -> Result<Option<RestraintRegime>> {
        Ok(Some(RestraintGame::regime(self)))
    }
}

/// The references of this model, as BibTeX.
const BIBTEX: &str = r#"@article{snyder1984,
  author = {Snyder, Glenn H.},
  title = {The Security Dilemma in Alliance Politics},
  journal = {World Politics}, volume = {36}, number = {4}, pages = {461--495}, year = {1984}
}
@book{cha2016,
  author = {Cha, Victor D.},
  title = {Powerplay: The Origins of the American Alliance System in Asia},
  publisher = {Princeton University Press}, year = {2016}
}
@article{tsebelis1989,
  author = {Tsebelis, George},
  title = {The Abuse of Probability in Political Analysis: The Robinson Crusoe Fallacy},
  journal = {American Political Science Review}, volume = {83}, number = {1}, pages = {77--91},
  year = {1989}, note = {volume and pages unverified}
}
@inproceedings{conitzer2006,
  author = {Conitzer, Vincent and Sandholm, Tuomas},
  title = {Computing the Optimal Strategy to Commit to},
  booktitle = {Proceedings of the 7th ACM Conference on Electronic Commerce}, pages = {82--90},
  year = {2006}, note = {pages unverified}
}
"#;
