//! Alliance models from international relations, each turning a few named parameters into a
//! game that any detente solver can take, plus the model's closed forms as methods.
//!
//! | model | question | game built | closed forms |
//! | --- | --- | --- | --- |
//! | [`RestraintGame`] | abandonment vs entrapment: what is bilateral control worth to a patron? | 2×2 bimatrix; 2×4 sequential reduction | mixed NE (φ\*, π\*), value of each institution |
//! | [`BurdenSharing`] | who pays for a public-good alliance (Olson & Zeckhauser)? | n-player continuous game; discretized n-player normal form | unique NE (Bergstrom, Blume & Varian 1986), best-response dynamics |
//! | [`CollectiveSecurity`] | which coalitions of the willing are stable, and will anyone act? | n-player binary threshold game | stable coalitions, symmetric and volunteer mixed NE |
//! | [`ProtectionForPatronage`] | what does a weak client concede for protection, and is the deal self-enforcing? | 2×2 stage game; repeated game | bargained price a\*, grim thresholds δ_P, δ_C, easiest price a° |
//! | [`InstitutionalPower`] | who holds power under a voting rule, what is a veto worth, what does a bloc of small states gain? | weighted voting game with vetoes (simple TU game); yes/no vote in normal form | Shapley–Shubik, Banzhaf, core, nucleolus, bloc power, smallest winning and blocking coalitions |
//! | [`Reciprocity`] | specific vs diffuse reciprocity: bilateral or community enforcement among n states? | repeated prisoners' dilemma under random matching | critical discount factors, effective discount |
//!
//! Every model implements [`AllianceModel`], the protocol generic tools use (parameters in
//! and out by name with their ranges and meanings, the game, the regime, JSON); a new model
//! implements it too.
//!
//! Parameters are validated once, at construction; an out-of-range parameter gives
//! [`crate::Error::InvalidArgument`] naming the parameter and its range. Players are indexed
//! from 0 in the order of the parameter lists.
//!
//! # Example
//! ```
//! use detente::alliance::RestraintGame;
//!
//! let m = RestraintGame::default(); // the specification's headline example
//! let mixed = m.mixed_closed_form()?;
//! assert_eq!((mixed.firm, mixed.provoke), (2.0 / 3.0, 0.5));
//! # Ok::<(), detente::Error>(())
//! ```

mod burden_sharing;
mod collective_security;
mod institutional_power;
mod model;
mod protection_for_patronage;
mod reciprocity;
mod restraint;

pub use burden_sharing::{
    BurdenEquilibrium, BurdenSharing, BurdenSharingParams, Dynamics, ExactBurdenEquilibrium,
};
pub use collective_security::{CollectiveSecurity, CollectiveSecurityParams, MAX_STATES};
pub use institutional_power::{
    BlocPower, BoardMajority, EU_COUNCIL_2025, InstitutionalPower, InstitutionalPowerParams,
    InstitutionalRegime, MAX_MEMBERS, MAX_NORMAL_FORM_MEMBERS, MAX_NUCLEOLUS_MEMBERS, PowerIndex,
};
pub use model::{AllianceModel, Param, ParamMap, ParamValue};
pub use protection_for_patronage::{
    EasiestPrice, GrimThresholds, PatronageBargain, PatronageDerived, PatronageParams,
    PatronageRegime, ProtectionForPatronage, RubinsteinSplit,
};
pub use reciprocity::{
    MAX_STATES_RECIPROCITY, Reciprocity, ReciprocityKind, ReciprocityParams, ReciprocityRegime,
};
pub use restraint::{
    ExactMixedRestraint, Institution, InstitutionOutcome, MixedRestraint, RestraintGame,
    RestraintParams, RestraintRegime,
};

use std::fmt;

use num_rational::BigRational;
use num_traits::{One, Zero};

use crate::error::{Error, Result};

/// The exact rational value of a finite float (0 for NaN or an infinity, which validated
/// parameters never are).
///
/// # Example
/// ```
/// assert_eq!(detente::alliance::exact_value(0.75).to_string(), "3/4");
/// ```
pub fn exact_value(x: f64) -> BigRational {
    BigRational::from_float(x).unwrap_or_else(BigRational::zero)
}

/// The simplest rational (smallest denominator, then smallest numerator) that rounds to the
/// finite float `x`: `1/3` for `1.0 / 3.0`, `1/10` for `0.1`. Integers and floats whose binary
/// value has a small denominator (`0.75`, `0.1234375`) are their [`exact_value`]. The
/// alliance models' exact closed forms take their parameters through it, so a parameter
/// given as a fraction or a short decimal gives exact results (0 for NaN or an infinity).
///
/// The reals that round to `x` form an interval around it, bounded by the midpoints to the
/// neighbouring floats; the simplest rational strictly inside it follows from the continued
/// fraction expansion of its end points (Stern–Brocot search).
///
/// # Complexity
/// `O(log 1/ulp(x))` rational operations (about 40 continued-fraction steps at most).
///
/// # Example
/// ```
/// use detente::alliance::rational_value;
///
/// assert_eq!(rational_value(1.0 / 3.0).to_string(), "1/3");
/// assert_eq!(rational_value(-0.1).to_string(), "-1/10");
/// assert_eq!(rational_value(0.75).to_string(), "3/4");
/// assert_eq!(rational_value(1e20).to_string(), "100000000000000000000");
/// ```
pub fn rational_value(x: f64) -> BigRational {
    if !x.is_finite() || x == 0.0 {
        return BigRational::zero();
    }
    if x < 0.0 {
        return -rational_value(-x);
    }
    let exact = exact_value(x);
    if exact.is_integer() {
        return exact;
    }
    let two = BigRational::from_integer(2.into());
    let lo = (exact_value(x.next_down()) + &exact) / &two;
    let hi = (exact_value(x.next_up()) + &exact) / &two;
    simplest_between(&lo, &hi)
}

/// The simplest rational in the open interval `(lo, hi)`, `0 <= lo < hi`.
fn simplest_between(lo: &BigRational, hi: &BigRational) -> BigRational {
    let n = lo.floor();
    let next = &n + BigRational::one();
    if next < *hi {
        return next;
    }
    // No integer inside: x = n + 1/y with y in (1/(hi − n), 1/(lo − n)).
    let lo_frac = lo - &n;
    let hi_frac = hi - &n;
    let y = if lo_frac.is_zero() {
        (hi_frac.recip()).floor() + BigRational::one()
    } else {
        simplest_between(&hi_frac.recip(), &lo_frac.recip())
    };
    n + y.recip()
}

/// The structure labels shared by the alliance models, so that sweeps over different models
/// can be grouped and compared (the regime of [`BurdenSharing`] and [`CollectiveSecurity`]).
///
/// The specification's vocabulary also has `bilateral`, `hub_and_spokes` and
/// `lilliputian_bloc`; they join this enum with the models that produce them (the enum is
/// `non_exhaustive`, so adding them breaks no `match`).
///
/// # Example
/// ```
/// use detente::alliance::Structure;
///
/// assert_eq!(Structure::NoAlliance.as_str(), "no_alliance");
/// assert_eq!(Structure::Minilateral.to_string(), "minilateral");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Structure {
    /// One state acts (or pays) alone.
    Unilateral,
    /// Every member takes part.
    Multilateral,
    /// The fewest states required to get the result, more than one but not all.
    Minilateral,
    /// No alliance forms.
    NoAlliance,
}

impl Structure {
    /// The snake-case label, e.g. `"no_alliance"`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::Structure::NoAlliance.as_str(), "no_alliance");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unilateral => "unilateral",
            Self::Multilateral => "multilateral",
            Self::Minilateral => "minilateral",
            Self::NoAlliance => "no_alliance",
        }
    }
}

impl fmt::Display for Structure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The admissible range of a real parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Range {
    /// Any finite number.
    Real,
    /// `> 0`.
    Positive,
    /// `>= 0`.
    NonNegative,
    /// `[0, 1]`.
    Unit,
    /// `(0, 1)`.
    OpenUnit,
    /// `> bound` (the bound's meaning is given in words).
    Above(f64, &'static str),
}

impl Range {
    fn contains(self, x: f64) -> bool {
        x.is_finite()
            && match self {
                Self::Real => true,
                Self::Positive => x > 0.0,
                Self::NonNegative => x >= 0.0,
                Self::Unit => (0.0..=1.0).contains(&x),
                Self::OpenUnit => x > 0.0 && x < 1.0,
                Self::Above(b, _) => x > b,
            }
    }

    pub(crate) fn describe(self) -> String {
        match self {
            Self::Real => "a finite number".into(),
            Self::Positive => "a finite number > 0".into(),
            Self::NonNegative => "a finite number >= 0".into(),
            Self::Unit => "a number in [0, 1]".into(),
            Self::OpenUnit => "a number in the open interval (0, 1)".into(),
            Self::Above(b, why) => format!("a finite number > {b} ({why})"),
        }
    }
}

/// Checks one parameter; the error names it, its admissible range and the value received.
pub(crate) fn check(name: &str, value: f64, range: Range) -> Result<()> {
    if range.contains(value) {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!(
            "{name} must be {}, got {value}",
            range.describe()
        )))
    }
}

/// Checks every entry of a per-state parameter list (and that it is not empty).
pub(crate) fn check_all(name: &str, values: &[f64], range: Range) -> Result<()> {
    if values.is_empty() {
        return Err(Error::InvalidArgument(format!(
            "{name} must list one value per state, got an empty list"
        )));
    }
    for (i, &v) in values.iter().enumerate() {
        check(&format!("{name}[{i}]"), v, range)?;
    }
    Ok(())
}

/// Checks that a per-state list has one entry per state.
pub(crate) fn check_len(name: &str, len: usize, states: usize) -> Result<()> {
    if len == states {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!(
            "{name} must list one value per state ({states}), got {len}"
        )))
    }
}

/// The default state names `"State 1"`, `"State 2"`, … (one-based, like the crate's default
/// players `P1`, `P2`, …).
pub(crate) fn default_names(states: usize) -> Vec<String> {
    (1..=states).map(|i| format!("State {i}")).collect()
}

/// State names: the given ones (one per state) or [`default_names`].
pub(crate) fn state_names(names: Option<Vec<String>>, states: usize) -> Result<Vec<String>> {
    match names {
        Some(names) => {
            check_len("names", names.len(), states)?;
            for (i, n) in names.iter().enumerate() {
                if names[..i].contains(n) {
                    return Err(Error::InvalidArgument(format!(
                        "names must be unique, but {n:?} appears twice"
                    )));
                }
            }
            Ok(names)
        }
        None => Ok(default_names(states)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_parameter_and_range() {
        let e = check("spillover", 1.5, Range::Unit)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("spillover") && e.contains("[0, 1]") && e.contains("1.5"),
            "{e}"
        );
        assert!(check("x", f64::NAN, Range::Real).is_err());
        assert!(check("x", f64::INFINITY, Range::NonNegative).is_err());
        assert!(check("x", 0.0, Range::Positive).is_err());
        assert!(check("x", 0.0, Range::NonNegative).is_ok());
        assert!(check("x", 1.0, Range::OpenUnit).is_err());
        assert!(check("d", -1.0, Range::Above(-1.0, "d > -rho")).is_err());
        let e = check_all("income", &[1.0, -2.0], Range::Positive).unwrap_err();
        assert!(e.to_string().contains("income[1]"));
        assert!(check_all("income", &[], Range::Positive).is_err());
        assert!(state_names(Some(vec!["A".into(), "A".into()]), 2).is_err());
        assert_eq!(state_names(None, 2).unwrap(), ["State 1", "State 2"]);
    }

    #[test]
    fn rational_value_is_the_simplest_rational_rounding_to_the_float() {
        let q = |n: i64, d: i64| BigRational::new(n.into(), d.into());
        assert_eq!(rational_value(2.0 / 7.0), q(2, 7));
        assert_eq!(rational_value(0.3), q(3, 10));
        assert_eq!(rational_value(-5.0 / 3.0), q(-5, 3));
        assert_eq!(rational_value(0.5), q(1, 2));
        assert!(!rational_value(1e-300).is_zero());
        assert!(rational_value(f64::NAN).is_zero());
        // Strictly between the midpoints to the neighbouring floats, for a few awkward values.
        for x in [
            0.1 + 0.2,
            1e-300,
            123456.789,
            5e-324,
            f64::MAX / 3.0,
            0.7234981234,
        ] {
            let r = rational_value(x);
            let two = BigRational::from_integer(2.into());
            let e = exact_value(x);
            assert!((exact_value(x.next_down()) + &e) / &two < r, "{x}");
            assert!(r < (exact_value(x.next_up()) + &e) / &two, "{x}");
        }
    }
}

mod powerplay;
pub use powerplay::{
    ApexClosedForms, MAX_SPOKES, PHASE_LISTED, PhasePoint, Powerplay, PowerplayGame,
    PowerplayParams, PowerplayStructure, phase_table,
};
