//! M1, protection for patronage: a strong patron protects a weak client in exchange for
//! patronage (autonomy), the price is bargained, and delivery is enforced by repetition.
//!
//! A transferable-utility version of Morrow's (1991) security-for-autonomy trade: the price of
//! protection is the generalized Nash bargaining solution with the client's outside option
//! (Nash 1950; Binmore, Rubinstein & Wolinsky 1986), the exchange is a 2×2 stage game (each
//! side's action costs itself and benefits the other), and grim reversion to the stage
//! equilibrium (which is the minmax, so optimal: Abreu 1988) sustains it for patient enough
//! players. Every closed form is exact in rational arithmetic.

use std::fmt;

use ndarray::array;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

use super::model::{Reader, params_serde};
use super::{AllianceModel, Param, ParamMap, ParamValue, Range, check, rational_value as exact};
use crate::error::{Error, Result};
use crate::game::Game;
use crate::repeated::RepeatedGame;

/// M1's parameters, named as in the specification. `Default` is the specification's headline
/// example: `m_P = 9, m_C = 1, T = 4, θ = 3/10, L = 1, c = 1/5, v = 0, β = 1/2, λ_P = λ_C = 1,
/// o_C = 0`, with the discount factor `δ = 9/10` (the specification gives none).
///
/// Two inputs have alternatives: `success` gives the client's chances of repelling an attack
/// alone and allied directly (the capabilities are then not used), and `patience` gives the
/// impatience rates `r_P, r_C` from which `β = r_C / (r_P + r_C)` (the bargaining power is then
/// not used).
///
/// # Example
/// ```
/// use detente::alliance::{PatronageParams, ProtectionForPatronage};
///
/// let m = ProtectionForPatronage::new(PatronageParams {
///     success: Some([0.2, 0.6]),     // s_C, s_A directly
///     patience: Some([1.0, 3.0]),    // r_P, r_C: beta = 3/4
///     ..Default::default()
/// })?;
/// assert_eq!(m.bargaining_power().to_string(), "3/4");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PatronageParams {
    /// m_P: the patron's military capability (`> 0`).
    pub patron_capability: f64,
    /// m_C: the client's capability, same unit (`> 0`).
    pub client_capability: f64,
    /// T: the adversary's capability, same unit (`> 0`).
    pub threat_capability: f64,
    /// `[s_C, s_A]`: the client's probability of repelling an attack alone and with the
    /// patron, given directly (`0 <= s_C <= s_A <= 1`); `None` derives them from the
    /// capabilities with the ratio contest success function.
    pub success: Option<[f64; 2]>,
    /// θ: probability per period that the adversary attacks the client (`[0, 1]`).
    pub attack_prob: f64,
    /// L: the client's loss if defeated (`> 0`).
    pub client_loss: f64,
    /// c: the patron's cost of fighting when it protects and an attack occurs (`>= 0`).
    pub war_cost: f64,
    /// v: the patron's value of the client's survival (denial value, `>= 0`).
    pub strategic_value: f64,
    /// β: the patron's Nash bargaining weight (`[0, 1]`); not used when `patience` is given.
    pub bargaining_power: f64,
    /// `[r_P, r_C]`: impatience rates (`> 0`) giving `β = r_C / (r_P + r_C)`.
    pub patience: Option<[f64; 2]>,
    /// `[λ_P, λ_C]`: utility per unit of autonomy gained by the patron / lost by the client
    /// (`> 0`).
    pub autonomy_value: [f64; 2],
    /// o_C: the client's best alternative deal, net of self-help (`>= 0`).
    pub outside_option: f64,
    /// δ: per-period discount factor of the repeated relationship (`(0, 1)`).
    pub discount: f64,
}

impl Default for PatronageParams {
    fn default() -> Self {
        Self {
            patron_capability: 9.0,
            client_capability: 1.0,
            threat_capability: 4.0,
            success: None,
            attack_prob: 0.3,
            client_loss: 1.0,
            war_cost: 0.2,
            strategic_value: 0.0,
            bargaining_power: 0.5,
            patience: None,
            autonomy_value: [1.0, 1.0],
            outside_option: 0.0,
            discount: 0.9,
        }
    }
}

/// The regime of the protection-for-patronage model (`regime()`), first match in this order.
///
/// # Example
/// ```
/// use detente::alliance::{PatronageRegime, ProtectionForPatronage};
///
/// assert_eq!(ProtectionForPatronage::default().regime(), PatronageRegime::ExchangeSustainable);
/// assert_eq!(PatronageRegime::NoAlliance.as_str(), "no_alliance");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatronageRegime {
    /// No gains from trade (`B <= k_P` when `λ_P = λ_C`; in general `B/λ_C <= k_P/λ_P`) or a
    /// participation constraint fails at the bargained price.
    NoAlliance,
    /// `k_P <= 0`: protecting is weakly dominant for the patron, who protects whatever the
    /// client does.
    UnilateralGuarantee,
    /// `k_P > 0` and `δ >= δ*(a*)`: the exchange is self-enforcing under grim reversion.
    ExchangeSustainable,
    /// `k_P > 0` and `δ < δ*(a*)`.
    ExchangeUnsustainable,
}

impl PatronageRegime {
    /// The snake-case label, e.g. `"exchange_sustainable"`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::PatronageRegime;
    /// assert_eq!(PatronageRegime::UnilateralGuarantee.as_str(), "unilateral_guarantee");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoAlliance => "no_alliance",
            Self::UnilateralGuarantee => "unilateral_guarantee",
            Self::ExchangeSustainable => "exchange_sustainable",
            Self::ExchangeUnsustainable => "exchange_unsustainable",
        }
    }
}

impl fmt::Display for PatronageRegime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The derived quantities of the model, exact.
///
/// # Example
/// ```
/// let d = detente::alliance::ProtectionForPatronage::default().derived();
/// assert_eq!(d.security_gain.to_string(), "27/175");   // B
/// assert_eq!(d.protection_cost.to_string(), "3/50");   // k_P
/// assert_eq!(d.surplus.to_string(), "33/350");         // B − k_P
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PatronageDerived {
    /// s_C: the client's probability of repelling an attack alone.
    pub success_alone: BigRational,
    /// s_A: the probability with the patron's protection.
    pub success_allied: BigRational,
    /// B = θ (s_A − s_C) L: the client's per-period security gain from protection.
    pub security_gain: BigRational,
    /// k_P = θ (c − (s_A − s_C) v): the patron's net per-period cost of protecting.
    pub protection_cost: BigRational,
    /// S = B − k_P: the joint gain of the exchange (in utility when `λ_P = λ_C = 1`).
    pub surplus: BigRational,
    /// β: the patron's bargaining weight (given, or `r_C / (r_P + r_C)`).
    pub bargaining_power: BigRational,
}

/// The bargained price of protection and what each side gets, exact.
///
/// # Example
/// ```
/// let b = detente::alliance::ProtectionForPatronage::default().bargain();
/// assert_eq!(b.price.to_string(), "3/28");
/// assert_eq!((b.patron_gain.to_string(), b.client_gain.to_string()),
///            ("33/700".to_string(), "33/700".to_string()));
/// assert!(b.participation && !b.outside_option_binds);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PatronageBargain {
    /// a_NB = β B/λ_C + (1 − β) k_P/λ_P: the generalized Nash bargaining price.
    pub nash_price: BigRational,
    /// a\* = min(a_NB, (B − o_C)/λ_C): the price with the outside-option principle (negative:
    /// the patron pays the client aid).
    pub price: BigRational,
    /// Whether the client's outside option caps the price (`(B − o_C)/λ_C < a_NB`).
    pub outside_option_binds: bool,
    /// u_P = λ_P a\* − k_P: the patron's per-period gain from the exchange.
    pub patron_gain: BigRational,
    /// u_C = B − λ_C a\*: the client's per-period gain from the exchange.
    pub client_gain: BigRational,
    /// Whether both sides take part: gains from trade exist (`B/λ_C > k_P/λ_P`), `u_P >= 0`
    /// and `u_C >= o_C`.
    pub participation: bool,
}

/// The grim-trigger thresholds at a price, exact **\[derived\]**: `δ_P = k_P/(λ_P a)` (the
/// patron saves k_P today and loses λ_P a − k_P for ever), `δ_C = λ_C a/B` (the client saves
/// λ_C a today and loses B − λ_C a for ever), `δ* = max(δ_P, δ_C)`. A threshold `>= 1` means
/// that no discount factor in `(0, 1)` sustains the exchange at that price.
///
/// # Example
/// ```
/// let t = detente::alliance::ProtectionForPatronage::default().thresholds(None)?;
/// assert_eq!((t.patron.to_string(), t.client.to_string()), ("14/25".into(), "25/36".into()));
/// assert_eq!(t.critical, t.client);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GrimThresholds {
    /// The price a the thresholds are for.
    pub price: BigRational,
    /// δ_P: the patron's threshold.
    pub patron: BigRational,
    /// δ_C: the client's threshold.
    pub client: BigRational,
    /// δ\* = max(δ_P, δ_C).
    pub critical: BigRational,
}

/// The price a° that makes the exchange easiest to sustain, and δ° = δ\*(a°) **\[derived\]**:
/// `a° = sqrt(k_P B/(λ_P λ_C))`, `δ° = sqrt(λ_C k_P/(λ_P B))`, where δ_P(a°) = δ_C(a°). Both
/// are square roots of rationals: the squares are exact, the roots exact when rational.
///
/// # Example
/// ```
/// let e = detente::alliance::ProtectionForPatronage::default().easiest_price()?;
/// assert_eq!(e.threshold_squared.to_string(), "7/18");
/// assert!((e.threshold - (7.0f64 / 18.0).sqrt()).abs() < 1e-15);
/// assert_eq!(e.threshold_exact, None); // sqrt(7/18) is irrational
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EasiestPrice {
    /// a° as a float.
    pub price: f64,
    /// δ° as a float.
    pub threshold: f64,
    /// a°², exact.
    pub price_squared: BigRational,
    /// δ°², exact.
    pub threshold_squared: BigRational,
    /// a° exact, when it is rational.
    pub price_exact: Option<BigRational>,
    /// δ° exact, when it is rational.
    pub threshold_exact: Option<BigRational>,
    /// Whether a° respects the client's outside option (`λ_C a° <= B − o_C`); if not, the
    /// easiest feasible price is `(B − o_C)/λ_C`.
    pub feasible: bool,
}

/// Rubinstein's (1982) alternating-offers split, patron proposing first, with per-round
/// discount factors η_P, η_C, exact.
///
/// # Example
/// ```
/// use detente::alliance::{ProtectionForPatronage, rational_value as q};
///
/// let r = ProtectionForPatronage::default().rubinstein(&q(0.9), &q(0.9))?;
/// assert_eq!(r.share.to_string(), "10/19");   // (1 − η_C)/(1 − η_P η_C)
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RubinsteinSplit {
    /// The patron's share of the gains from trade, (1 − η_C)/(1 − η_P η_C).
    pub share: BigRational,
    /// The price at that share, `share·B/λ_C + (1 − share)·k_P/λ_P`.
    pub price: BigRational,
}

/// The model's parameters as exact rationals.
struct Exact {
    s_c: BigRational,
    s_a: BigRational,
    theta: BigRational,
    loss: BigRational,
    cost: BigRational,
    value: BigRational,
    beta: BigRational,
    lp: BigRational,
    lc: BigRational,
    oc: BigRational,
    delta: BigRational,
}

/// M1, protection for patronage: the strong patron protects the weak client, the client
/// grants patronage (autonomy) at a bargained price, and repetition enforces the deal.
///
/// Stage game (row: Patron, column: Client; per-period payoffs relative to no alliance):
///
/// |  | Defer | Hedge |
/// |---|---|---|
/// | Protect | (λ_P a − k_P, B − λ_C a) | (−k_P, B) |
/// | Abandon | (λ_P a, −λ_C a) | (0, 0) |
///
/// with `s_C = m_C/(m_C + T)`, `s_A = (m_C + m_P)/(m_C + m_P + T)` (ratio contest success
/// function: Tullock 1980, Hirshleifer 1989), `B = θ (s_A − s_C) L`,
/// `k_P = θ (c − (s_A − s_C) v)` and the price `a` (default the bargained a\*).
///
/// References: Morrow (1991) *AJPS* 35(4); Lake (2009) *Hierarchy in International
/// Relations*; Nash (1950); Rubinstein (1982); Binmore, Rubinstein & Wolinsky (1986); Abreu
/// (1988). A stylized transferable-utility formalization, not any one paper's model.
///
/// # Example
/// ```
/// use detente::alliance::ProtectionForPatronage;
/// use detente::solve;
///
/// let m = ProtectionForPatronage::default();   // the specification's headline example
/// assert_eq!(m.bargain().price.to_string(), "3/28");
/// let eqs = solve::pure(&m.game()?, 0.0)?;
/// assert_eq!(eqs.len(), 1);
/// assert_eq!(eqs[0].support(), [[1], [1]]);          // (Abandon, Hedge)
/// assert_eq!(m.critical_discount()?.to_string(), "25/36");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "ParamMap", into = "ParamMap")]
pub struct ProtectionForPatronage {
    p: PatronageParams,
}

impl ProtectionForPatronage {
    /// Validates the parameters and builds the model.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the parameter and its range for any value out of the
    /// specification's range (capabilities and the client's loss `> 0`; `θ`, `β` and the
    /// success probabilities in `[0, 1]` with `s_C <= s_A`; `c, v, o_C >= 0`; patience and
    /// autonomy values `> 0`; `δ` in `(0, 1)`).
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{PatronageParams, ProtectionForPatronage};
    ///
    /// let bad = PatronageParams { success: Some([0.6, 0.2]), ..Default::default() };
    /// let err = ProtectionForPatronage::new(bad).unwrap_err().to_string();
    /// assert!(err.contains("success_allied"), "{err}");
    /// ```
    pub fn new(params: PatronageParams) -> Result<Self> {
        let p = params;
        check("patron_capability", p.patron_capability, Range::Positive)?;
        check("client_capability", p.client_capability, Range::Positive)?;
        check("threat_capability", p.threat_capability, Range::Positive)?;
        if let Some([alone, allied]) = p.success {
            check("success_alone", alone, Range::Unit)?;
            check("success_allied", allied, Range::Unit)?;
            if allied < alone {
                return Err(Error::InvalidArgument(format!(
                    "success_allied must be >= success_alone (protection cannot lower the \
                     client's chance of repelling an attack), got {allied} < {alone}"
                )));
            }
        }
        check("attack_prob", p.attack_prob, Range::Unit)?;
        check("client_loss", p.client_loss, Range::Positive)?;
        check("war_cost", p.war_cost, Range::NonNegative)?;
        check("strategic_value", p.strategic_value, Range::NonNegative)?;
        check("bargaining_power", p.bargaining_power, Range::Unit)?;
        if let Some([rp, rc]) = p.patience {
            check("patience[0]", rp, Range::Positive)?;
            check("patience[1]", rc, Range::Positive)?;
        }
        check("autonomy_value[0]", p.autonomy_value[0], Range::Positive)?;
        check("autonomy_value[1]", p.autonomy_value[1], Range::Positive)?;
        check("outside_option", p.outside_option, Range::NonNegative)?;
        check("discount", p.discount, Range::OpenUnit)?;
        Ok(Self { p })
    }

    /// The parameters.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::ProtectionForPatronage::default();
    /// assert_eq!(m.params().attack_prob, 0.3);
    /// ```
    pub fn params(&self) -> &PatronageParams {
        &self.p
    }

    fn exact(&self) -> Exact {
        let p = &self.p;
        let (s_c, s_a) = match p.success {
            Some([alone, allied]) => (exact(alone), exact(allied)),
            None => {
                let (mp, mc, t) = (
                    exact(p.patron_capability),
                    exact(p.client_capability),
                    exact(p.threat_capability),
                );
                let allied = &mc + &mp;
                (&mc / (&mc + &t), &allied / (&allied + &t))
            }
        };
        let beta = match p.patience {
            Some([rp, rc]) => {
                let (rp, rc) = (exact(rp), exact(rc));
                &rc / (&rp + &rc)
            }
            None => exact(p.bargaining_power),
        };
        Exact {
            s_c,
            s_a,
            theta: exact(p.attack_prob),
            loss: exact(p.client_loss),
            cost: exact(p.war_cost),
            value: exact(p.strategic_value),
            beta,
            lp: exact(p.autonomy_value[0]),
            lc: exact(p.autonomy_value[1]),
            oc: exact(p.outside_option),
            delta: exact(p.discount),
        }
    }

    /// The patron's bargaining weight β, exact: the parameter (as the simplest fraction that
    /// rounds to it), or `r_C/(r_P + r_C)` when `patience` is given.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::ProtectionForPatronage::default();
    /// assert_eq!(m.bargaining_power().to_string(), "1/2");
    /// ```
    pub fn bargaining_power(&self) -> BigRational {
        self.exact().beta
    }

    /// The discount factor δ, exact.
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::ProtectionForPatronage::default();
    /// assert_eq!(m.discount().to_string(), "9/10");
    /// ```
    pub fn discount(&self) -> BigRational {
        self.exact().delta
    }

    /// The derived quantities s_C, s_A, B, k_P, S = B − k_P and β, exact.
    ///
    /// # Example
    /// ```
    /// let d = detente::alliance::ProtectionForPatronage::default().derived();
    /// assert_eq!((d.success_alone.to_string(), d.success_allied.to_string()),
    ///            ("1/5".to_string(), "5/7".to_string()));
    /// ```
    pub fn derived(&self) -> PatronageDerived {
        let x = self.exact();
        let gap = &x.s_a - &x.s_c;
        let b = &x.theta * &gap * &x.loss;
        let k = &x.theta * (&x.cost - &gap * &x.value);
        PatronageDerived {
            surplus: &b - &k,
            success_alone: x.s_c,
            success_allied: x.s_a,
            security_gain: b,
            protection_cost: k,
            bargaining_power: x.beta,
        }
    }

    /// The bargained price and the gains **\[derived\]**: generalized Nash bargaining over
    /// `u_P = λ_P a − k_P`, `u_C = B − λ_C a` from the disagreement point (0, 0) (self-help)
    /// gives `a_NB = β B/λ_C + (1 − β) k_P/λ_P`; the client's outside option caps it
    /// (outside-option principle, the limit of alternating offers as the time between offers
    /// vanishes: Binmore, Shaked & Sutton 1989): `a* = min(a_NB, (B − o_C)/λ_C)`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{PatronageParams, ProtectionForPatronage};
    ///
    /// let m = ProtectionForPatronage::new(PatronageParams { outside_option: 0.05, ..Default::default() })?;
    /// let b = m.bargain();
    /// assert!(b.outside_option_binds);
    /// assert_eq!(b.price.to_string(), "73/700"); // B − o_C = 27/175 − 1/20 < a_NB = 75/700
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn bargain(&self) -> PatronageBargain {
        let x = self.exact();
        let d = self.derived();
        let (b, k) = (&d.security_gain, &d.protection_cost);
        let one = BigRational::one();
        let nash_price = &x.beta * b / &x.lc + (&one - &x.beta) * k / &x.lp;
        let cap = (b - &x.oc) / &x.lc;
        let outside_option_binds = cap < nash_price;
        let price = if outside_option_binds {
            cap
        } else {
            nash_price.clone()
        };
        let patron_gain = &x.lp * &price - k;
        let client_gain = b - &x.lc * &price;
        let gains = &x.lp * b > &x.lc * k;
        let participation = gains && !patron_gain.is_negative() && client_gain >= x.oc;
        PatronageBargain {
            nash_price,
            price,
            outside_option_binds,
            patron_gain,
            client_gain,
            participation,
        }
    }

    /// The patron's share of the gains from trade in Rubinstein's (1982) alternating-offers
    /// game with per-round discount factors η_P, η_C (patron proposing first),
    /// `(1 − η_C)/(1 − η_P η_C)`, and the price at that share. As η_i = exp(−r_i Δ) with
    /// Δ → 0 the share tends to `r_C/(r_P + r_C)`, the Nash weight β (Binmore, Rubinstein &
    /// Wolinsky 1986). The client's outside option is not part of this finite-Δ split (it
    /// enters [`ProtectionForPatronage::bargain`] in the Δ → 0 limit).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless both factors are in `[0, 1)`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{ProtectionForPatronage, rational_value as q};
    ///
    /// let m = ProtectionForPatronage::default();
    /// assert_eq!(m.rubinstein(&q(0.0), &q(0.5))?.share.to_string(), "1/2");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn rubinstein(
        &self,
        patron_discount: &BigRational,
        client_discount: &BigRational,
    ) -> Result<RubinsteinSplit> {
        let one = BigRational::one();
        for (name, eta) in [
            ("patron_discount", patron_discount),
            ("client_discount", client_discount),
        ] {
            if eta.is_negative() || *eta >= one {
                return Err(Error::InvalidArgument(format!(
                    "{name} must be a per-round discount factor in [0, 1), got {eta}"
                )));
            }
        }
        let x = self.exact();
        let d = self.derived();
        let share = (&one - client_discount) / (&one - patron_discount * client_discount);
        let price =
            &share * &d.security_gain / &x.lc + (&one - &share) * &d.protection_cost / &x.lp;
        Ok(RubinsteinSplit { share, price })
    }

    /// The stage game at price `a` (default: the bargained a\*), with exact payoffs. Patron
    /// (row) ∈ {Protect, Abandon}, Client ∈ {Defer, Hedge}.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if a payoff is too large for a float.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::ProtectionForPatronage;
    ///
    /// let g = ProtectionForPatronage::default().stage_game(None)?;
    /// assert_eq!(g.exact_payoff(1).to_string(), "33/700"); // client at (Protect, Defer)
    /// assert_eq!(g.actions()[1], ["Defer", "Hedge"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn stage_game(&self, price: Option<&BigRational>) -> Result<Game> {
        let x = self.exact();
        let d = self.derived();
        let a = match price {
            Some(a) => a.clone(),
            None => self.bargain().price,
        };
        let (b, k) = (&d.security_gain, &d.protection_cost);
        let zero = BigRational::zero();
        let pa = &x.lp * &a;
        let ca = &x.lc * &a;
        let patron = array![[&pa - k, -k.clone()], [pa.clone(), zero.clone()]].into_dyn();
        let client = array![[b - &ca, b.clone()], [-ca.clone(), zero]].into_dyn();
        Game::from_exact_player_arrays(&[patron.view(), client.view()])?
            .with_players(["Patron", "Client"])?
            .with_actions(vec![vec!["Protect", "Abandon"], vec!["Defer", "Hedge"]])
            .map(|g| g.with_title("Protection for patronage (stage game)"))
    }

    /// The stage game at the bargained price a\* (the [`AllianceModel::game`]).
    ///
    /// # Errors
    /// As [`ProtectionForPatronage::stage_game`].
    ///
    /// # Example
    /// ```
    /// let g = detente::alliance::ProtectionForPatronage::default().game()?;
    /// assert_eq!(g.exact_payoff(4).to_string(), "3/28"); // patron at (Abandon, Defer)
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn game(&self) -> Result<Game> {
        self.stage_game(None)
    }

    /// The stage game repeated for ever with the common discount factor `discount` (default:
    /// the model's δ) at price `price` (default a\*), both exact.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless the discount factor is in `[0, 1)`.
    ///
    /// # Example
    /// ```
    /// let rg = detente::alliance::ProtectionForPatronage::default().repeated_game(None, None)?;
    /// assert_eq!(rg.exact_discount(0).to_string(), "9/10");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn repeated_game(
        &self,
        discount: Option<&BigRational>,
        price: Option<&BigRational>,
    ) -> Result<RepeatedGame> {
        let delta = discount.cloned().unwrap_or_else(|| self.discount());
        RepeatedGame::new_exact(self.stage_game(price)?, vec![delta.clone(), delta])
    }

    /// The grim-trigger thresholds δ_P, δ_C and δ\* at price `a` (default a\*): see
    /// [`GrimThresholds`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `k_P > 0`, `B > 0` and `a > 0` (otherwise Abandon or
    /// Hedge is not a deviation worth deterring, or the stage equilibrium is not the minmax,
    /// and the formulas do not apply).
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{ProtectionForPatronage, rational_value as q};
    ///
    /// let t = ProtectionForPatronage::default().thresholds(Some(&q(0.1)))?;
    /// assert_eq!((t.patron.to_string(), t.client.to_string()), ("3/5".into(), "35/54".into()));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn thresholds(&self, price: Option<&BigRational>) -> Result<GrimThresholds> {
        let x = self.exact();
        let d = self.derived();
        let (b, k) = (&d.security_gain, &d.protection_cost);
        let a = match price {
            Some(a) => a.clone(),
            None => self.bargain().price,
        };
        if !k.is_positive() || !b.is_positive() || !a.is_positive() {
            return Err(Error::InvalidArgument(format!(
                "the grim thresholds need a costly protection (k_P = {k} > 0), a security gain \
                 (B = {b} > 0) and a positive price (a = {a} > 0); regime {}",
                self.regime()
            )));
        }
        let patron = k / (&x.lp * &a);
        let client = &x.lc * &a / b;
        let critical = if patron > client {
            patron.clone()
        } else {
            client.clone()
        };
        Ok(GrimThresholds {
            price: a,
            patron,
            client,
            critical,
        })
    }

    /// δ\*(a\*): the smallest discount factor at which the exchange at the bargained price is
    /// self-enforcing under grim reversion (`>= 1`: never).
    ///
    /// # Errors
    /// As [`ProtectionForPatronage::thresholds`].
    ///
    /// # Example
    /// ```
    /// let m = detente::alliance::ProtectionForPatronage::default();
    /// assert_eq!(m.critical_discount()?.to_string(), "25/36");
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn critical_discount(&self) -> Result<BigRational> {
        Ok(self.thresholds(None)?.critical)
    }

    /// The price a° minimizing δ\*(a) and δ° = δ\*(a°): see [`EasiestPrice`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless `k_P > 0` and `B > 0`.
    ///
    /// # Example
    /// ```
    /// let e = detente::alliance::ProtectionForPatronage::default().easiest_price()?;
    /// assert_eq!(e.price_squared.to_string(), "81/8750");
    /// assert!(e.feasible);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn easiest_price(&self) -> Result<EasiestPrice> {
        let x = self.exact();
        let d = self.derived();
        let (b, k) = (&d.security_gain, &d.protection_cost);
        if !k.is_positive() || !b.is_positive() {
            return Err(Error::InvalidArgument(format!(
                "the easiest price needs a costly protection (k_P = {k} > 0) and a security \
                 gain (B = {b} > 0)"
            )));
        }
        let price_squared = k * b / (&x.lp * &x.lc);
        let threshold_squared = &x.lc * k / (&x.lp * b);
        let cap = (b - &x.oc) / &x.lc;
        let feasible = !cap.is_negative() && price_squared <= &cap * &cap;
        Ok(EasiestPrice {
            price: sqrt_f64(&price_squared),
            threshold: sqrt_f64(&threshold_squared),
            price_exact: exact_sqrt(&price_squared),
            threshold_exact: exact_sqrt(&threshold_squared),
            price_squared,
            threshold_squared,
            feasible,
        })
    }

    /// The regime, first match: `no_alliance` (no gains from trade or a participation
    /// constraint fails), `unilateral_guarantee` (`k_P <= 0`), `exchange_sustainable`
    /// (`δ >= δ*(a*)`), `exchange_unsustainable`. With `λ_P = λ_C` "no gains from trade" is the
    /// specification's `B <= k_P`; with unequal autonomy values it is `B/λ_C <= k_P/λ_P`, the
    /// empty price range (this generalization is ours).
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{PatronageParams, PatronageRegime, ProtectionForPatronage};
    ///
    /// let impatient = PatronageParams { discount: 0.6, ..Default::default() };
    /// assert_eq!(ProtectionForPatronage::new(impatient)?.regime(),
    ///            PatronageRegime::ExchangeUnsustainable);
    /// let cheap = PatronageParams { war_cost: 0.0, ..Default::default() };
    /// assert_eq!(ProtectionForPatronage::new(cheap)?.regime(), PatronageRegime::UnilateralGuarantee);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn regime(&self) -> PatronageRegime {
        let bargain = self.bargain();
        if !bargain.participation {
            return PatronageRegime::NoAlliance;
        }
        let d = self.derived();
        if !d.protection_cost.is_positive() {
            return PatronageRegime::UnilateralGuarantee;
        }
        match self.thresholds(Some(&bargain.price)) {
            Ok(t) if self.discount() >= t.critical => PatronageRegime::ExchangeSustainable,
            _ => PatronageRegime::ExchangeUnsustainable,
        }
    }

    /// BibTeX entries for the works the model formalizes. Entries with `note = {...
    /// unverified}` have not had their volume and pages checked against the source.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::ProtectionForPatronage::default().cite().contains("morrow1991"));
    /// ```
    pub fn cite(&self) -> &'static str {
        BIBTEX
    }

    /// A plain-text account of the model: parameters, derived quantities, the seed situation,
    /// citations and the points where it departs from the cited work.
    ///
    /// # Example
    /// ```
    /// assert!(detente::alliance::ProtectionForPatronage::default().describe().contains("Morrow"));
    /// ```
    pub fn describe(&self) -> String {
        let p = &self.p;
        let d = self.derived();
        let b = self.bargain();
        let security = match p.success {
            Some([alone, allied]) => {
                format!("success_alone s_C = {alone}, success_allied s_A = {allied} (given)")
            }
            None => format!(
                "patron_capability m_P = {}, client_capability m_C = {}, threat_capability T = {} \
                 (s_C = m_C/(m_C + T), s_A = (m_C + m_P)/(m_C + m_P + T))",
                p.patron_capability, p.client_capability, p.threat_capability
            ),
        };
        let beta = match p.patience {
            Some([rp, rc]) => format!("patience r_P = {rp}, r_C = {rc} (beta = r_C/(r_P + r_C))"),
            None => format!("bargaining_power beta = {}", p.bargaining_power),
        };
        format!(
            "Protection for patronage (asymmetric alliance bargaining and its enforcement)\n\
             Question: what does a weak client concede for a strong patron's protection, and is \
             the exchange self-enforcing?\n\
             Seed 000: the strong offers protective cover to the weak in exchange for political \
             patronage; seed 001 (Kahler): bilateral arrangements enhance the leverage of the \
             powerful over the weak.\n\
             Patron: Protect | Abandon; Client: Defer (grant the patronage a) | Hedge.\n\
             Parameters: {security}; attack_prob theta = {}, client_loss L = {}, war_cost c = {}, \
             strategic_value v = {}, {beta}, autonomy_value lambda_P = {}, lambda_C = {}, \
             outside_option o_C = {}, discount delta = {}.\n\
             Derived: s_C = {}, s_A = {}, B = {}, k_P = {}, surplus B - k_P = {}; bargained \
             price a* = {} (Nash price {}), regime {}.\n\
             Sources: Morrow (1991) AJPS 35(4): 904-933 (security for autonomy); Lake (2009) \
             Hierarchy in International Relations (a relational contract that must be \
             self-enforcing); Nash (1950); Rubinstein (1982); Binmore, Rubinstein & Wolinsky \
             (1986); Binmore, Shaked & Sutton (1989) (outside-option principle); Abreu (1988); \
             Tullock (1980), Hirshleifer (1989) (ratio contest success function).\n\
             Deviation: a stylized transferable-utility linearization of Morrow's spatial \
             trade-off; the disagreement point is self-help (0, 0); enforcement by grim \
             reversion to the stage equilibrium (Abandon, Hedge), which is the minmax.",
            p.attack_prob,
            p.client_loss,
            p.war_cost,
            p.strategic_value,
            p.autonomy_value[0],
            p.autonomy_value[1],
            p.outside_option,
            p.discount,
            d.success_alone,
            d.success_allied,
            d.security_gain,
            d.protection_cost,
            d.surplus,
            b.price,
            b.nash_price,
            self.regime()
        )
    }
}

/// The float nearest sqrt(x) for x >= 0, from the float of x (a relative error of a few ulps).
fn sqrt_f64(x: &BigRational) -> f64 {
    x.to_f64().unwrap_or(f64::NAN).sqrt()
}

/// The exact square root of a non-negative rational, when it is rational.
fn exact_sqrt(x: &BigRational) -> Option<BigRational> {
    if x.is_negative() {
        return None;
    }
    let (n, d) = (x.numer(), x.denom());
    let (rn, rd): (BigInt, BigInt) = (n.sqrt(), d.sqrt());
    (&rn * &rn == *n && &rd * &rd == *d).then(|| BigRational::new(rn, rd))
}

params_serde!(ProtectionForPatronage);

/// The [`AllianceModel`] protocol. `success_alone`/`success_allied` and `patience` are
/// alternatives: a model built from them lists the inputs they replace (the capabilities,
/// `bargaining_power`) as absent, and giving both is refused.
///
/// # Example
/// ```
/// use detente::alliance::{AllianceModel, ParamMap, ParamValue, ProtectionForPatronage};
///
/// let p = ParamMap::from([("patience".into(), ParamValue::Numbers(vec![1.0, 1.0]))]);
/// let m = ProtectionForPatronage::from_params(&p)?;
/// assert_eq!(ProtectionForPatronage::from_params(&m.param_map())?, m);
/// let both = ParamMap::from([("patience".into(), ParamValue::Numbers(vec![1.0, 1.0])),
///                            ("bargaining_power".into(), 0.5.into())]);
/// assert!(ProtectionForPatronage::from_params(&both).is_err());
/// # Ok::<(), detente::Error>(())
/// ```
impl AllianceModel for ProtectionForPatronage {
    type Regime = PatronageRegime;

    const NAME: &'static str = "ProtectionForPatronage";

    const PARAM_NAMES: &'static [&'static str] = &[
        "patron_capability",
        "client_capability",
        "threat_capability",
        "success_alone",
        "success_allied",
        "attack_prob",
        "client_loss",
        "war_cost",
        "strategic_value",
        "bargaining_power",
        "patience",
        "autonomy_value",
        "outside_option",
        "discount",
    ];

    fn from_params(params: &ParamMap) -> Result<Self> {
        let r = Reader::new(Self::NAME, params, Self::PARAM_NAMES)?;
        let d = PatronageParams::default();
        let caps = [
            r.number("patron_capability")?,
            r.number("client_capability")?,
            r.number("threat_capability")?,
        ];
        let success = match (r.number("success_alone")?, r.number("success_allied")?) {
            (None, None) => None,
            (Some(alone), Some(allied)) => {
                if caps.iter().any(Option::is_some) {
                    return Err(Error::InvalidArgument(
                        "give either the capabilities (patron_capability, client_capability, \
                         threat_capability) or the success probabilities (success_alone, \
                         success_allied), not both"
                            .into(),
                    ));
                }
                Some([alone, allied])
            }
            _ => {
                return Err(Error::InvalidArgument(
                    "success_alone and success_allied go together: give both (s_C <= s_A) or \
                     neither"
                        .into(),
                ));
            }
        };
        let pair = |name: &str| -> Result<Option<[f64; 2]>> {
            match r.numbers(name)? {
                None => Ok(None),
                Some(v) if v.len() == 2 => Ok(Some([v[0], v[1]])),
                Some(v) if v.len() == 1 && name == "autonomy_value" => Ok(Some([v[0], v[0]])),
                Some(v) => Err(Error::InvalidArgument(format!(
                    "{name} must be two numbers [patron, client], got {}",
                    v.len()
                ))),
            }
        };
        let patience = pair("patience")?;
        let beta = r.number("bargaining_power")?;
        if patience.is_some() && beta.is_some() {
            return Err(Error::InvalidArgument(
                "give either bargaining_power or patience (which sets bargaining_power = \
                 r_C/(r_P + r_C)), not both"
                    .into(),
            ));
        }
        Self::new(PatronageParams {
            patron_capability: caps[0].unwrap_or(d.patron_capability),
            client_capability: caps[1].unwrap_or(d.client_capability),
            threat_capability: caps[2].unwrap_or(d.threat_capability),
            success,
            attack_prob: r.number("attack_prob")?.unwrap_or(d.attack_prob),
            client_loss: r.number("client_loss")?.unwrap_or(d.client_loss),
            war_cost: r.number("war_cost")?.unwrap_or(d.war_cost),
            strategic_value: r.number("strategic_value")?.unwrap_or(d.strategic_value),
            bargaining_power: beta.unwrap_or(d.bargaining_power),
            patience,
            autonomy_value: pair("autonomy_value")?.unwrap_or(d.autonomy_value),
            outside_option: r.number("outside_option")?.unwrap_or(d.outside_option),
            discount: r.number("discount")?.unwrap_or(d.discount),
        })
    }

    fn params(&self) -> Vec<Param> {
        let p = &self.p;
        let direct = p.success.is_some();
        let num = |name, value: f64, range: Range, meaning| Param {
            name,
            value: ParamValue::Number(value),
            range: range.describe(),
            meaning,
        };
        let unless = |absent: bool, param: Param| {
            if absent {
                Param {
                    value: ParamValue::Absent,
                    ..param
                }
            } else {
                param
            }
        };
        let success = |i: usize| match p.success {
            Some(s) => ParamValue::Number(s[i]),
            None => ParamValue::Absent,
        };
        vec![
            unless(
                direct,
                num(
                    "patron_capability",
                    p.patron_capability,
                    Range::Positive,
                    "m_P: the patron's military capability (any positive unit)",
                ),
            ),
            unless(
                direct,
                num(
                    "client_capability",
                    p.client_capability,
                    Range::Positive,
                    "m_C: the client's capability (same unit)",
                ),
            ),
            unless(
                direct,
                num(
                    "threat_capability",
                    p.threat_capability,
                    Range::Positive,
                    "T: the adversary's capability (same unit)",
                ),
            ),
            Param {
                name: "success_alone",
                value: success(0),
                range: "a number in [0, 1], with success_allied (instead of the capabilities)"
                    .into(),
                meaning: "s_C: the client's probability of repelling an attack alone",
            },
            Param {
                name: "success_allied",
                value: success(1),
                range: "a number in [success_alone, 1], with success_alone".into(),
                meaning: "s_A: the client's probability of repelling an attack with the patron",
            },
            num(
                "attack_prob",
                p.attack_prob,
                Range::Unit,
                "theta: probability per period that the adversary attacks the client",
            ),
            num(
                "client_loss",
                p.client_loss,
                Range::Positive,
                "L: the client's loss if defeated (utility)",
            ),
            num(
                "war_cost",
                p.war_cost,
                Range::NonNegative,
                "c: the patron's cost of fighting when it protects and an attack occurs",
            ),
            num(
                "strategic_value",
                p.strategic_value,
                Range::NonNegative,
                "v: the patron's value of the client's survival (denial value)",
            ),
            unless(
                p.patience.is_some(),
                num(
                    "bargaining_power",
                    p.bargaining_power,
                    Range::Unit,
                    "beta: the patron's Nash bargaining weight",
                ),
            ),
            Param {
                name: "patience",
                value: p
                    .patience
                    .map_or(ParamValue::Absent, |r| ParamValue::Numbers(r.to_vec())),
                range: "two numbers [r_P, r_C], each > 0 (instead of bargaining_power)".into(),
                meaning: "impatience rates per period; bargaining_power = r_C/(r_P + r_C)",
            },
            Param {
                name: "autonomy_value",
                value: ParamValue::Numbers(p.autonomy_value.to_vec()),
                range: "two numbers [lambda_P, lambda_C] (or one for both), each > 0".into(),
                meaning: "utility per unit of autonomy gained by the patron / lost by the client",
            },
            num(
                "outside_option",
                p.outside_option,
                Range::NonNegative,
                "o_C: the client's best alternative deal (a rival patron), net of self-help",
            ),
            num(
                "discount",
                p.discount,
                Range::OpenUnit,
                "delta: per-period discount factor of the repeated relationship",
            ),
        ]
    }

    fn game(&self) -> Result<Game> {
        ProtectionForPatronage::game(self)
    }

    fn describe(&self) -> String {
        ProtectionForPatronage::describe(self)
    }

    fn cite(&self) -> &'static str {
        ProtectionForPatronage::cite(self)
    }

    fn regime(&self) -> Result<Option<PatronageRegime>> {
        Ok(Some(ProtectionForPatronage::regime(self)))
    }
}

/// The references of this model, as BibTeX.
const BIBTEX: &str = r#"@article{morrow1991,
  author = {Morrow, James D.},
  title = {Alliances and Asymmetry: An Alternative to the Capability Aggregation Model of Alliances},
  journal = {American Journal of Political Science}, volume = {35}, number = {4},
  pages = {904--933}, year = {1991}
}
@book{lake2009,
  author = {Lake, David A.},
  title = {Hierarchy in International Relations},
  publisher = {Cornell University Press}, year = {2009}
}
@article{nash1950,
  author = {Nash, John F.},
  title = {The Bargaining Problem},
  journal = {Econometrica}, volume = {18}, number = {2}, pages = {155--162}, year = {1950},
  note = {volume and pages unverified}
}
@article{rubinstein1982,
  author = {Rubinstein, Ariel},
  title = {Perfect Equilibrium in a Bargaining Model},
  journal = {Econometrica}, volume = {50}, number = {1}, pages = {97--109}, year = {1982},
  note = {volume and pages unverified}
}
@article{binmore1986,
  author = {Binmore, Ken and Rubinstein, Ariel and Wolinsky, Asher},
  title = {The Nash Bargaining Solution in Economic Modelling},
  journal = {RAND Journal of Economics}, volume = {17}, number = {2}, pages = {176--188},
  year = {1986}, note = {volume and pages unverified}
}
@article{binmore1989,
  author = {Binmore, Ken and Shaked, Avner and Sutton, John},
  title = {An Outside Option Experiment},
  journal = {Quarterly Journal of Economics}, volume = {104}, number = {4}, pages = {753--770},
  year = {1989}, note = {volume and pages unverified}
}
@article{abreu1988,
  author = {Abreu, Dilip},
  title = {On the Theory of Infinitely Repeated Games with Discounting},
  journal = {Econometrica}, volume = {56}, number = {2}, pages = {383--396}, year = {1988},
  note = {volume and pages unverified}
}
@article{hirshleifer1989,
  author = {Hirshleifer, Jack},
  title = {Conflict and Rent-Seeking Success Functions: Ratio vs. Difference Models of Relative Success},
  journal = {Public Choice}, volume = {63}, number = {2}, pages = {101--112}, year = {1989},
  note = {volume and pages unverified}
}
"#;
