//! The one result type of every equilibrium solver.

use num_rational::BigRational;
use num_traits::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::game::Game;
use crate::io::{FromJson, ToJson};

/// A strategy profile returned by a solver, with the evidence to trust it.
///
/// `payoffs` and `regret` are computed from the game by [`Game::payoff`] and [`Game::regret`],
/// never taken from the solver, so `regret` is an independent certificate: 0 at an exact Nash
/// equilibrium, and the largest gain any player can get by deviating otherwise. A result that
/// carries its exact profile ([`Equilibrium::exact`]) takes them from the game's exact
/// payoffs instead ([`Equilibrium::with_exact`]): its `regret` is the exact regret rounded,
/// exactly `0.0` at an equilibrium.
///
/// # Example
/// ```
/// use detente::{Equilibrium, Game};
/// use ndarray::array;
///
/// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// let eq = Equilibrium::new(&g, vec![vec![0.5, 0.5], vec![0.5, 0.5]], "hand")?;
/// assert_eq!(eq.regret, 0.0);
/// assert_eq!(eq.support(), vec![vec![0, 1], vec![0, 1]]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Equilibrium {
    /// One probability vector per player.
    pub strategies: Vec<Vec<f64>>,
    /// Each player's expected payoff.
    pub payoffs: Vec<f64>,
    /// The largest gain of a unilateral deviation (max over players of [`Game::regret`]).
    pub regret: f64,
    /// The solver that produced the profile, e.g. `"pure"`.
    pub method: String,
    /// The profile and payoffs in exact arithmetic, from the exact solvers (`None` from the
    /// float ones). `strategies` are these probabilities rounded to the nearest `f64`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<ExactEquilibrium>,
}

/// An equilibrium in exact rational arithmetic: what the exact solvers find, before rounding.
///
/// The payoffs are computed from the game's exact payoffs ([`Game::exact_payoff`]: as given
/// for a game given exactly, the floats' binary values otherwise). In JSON every value is a
/// string, `"p/q"` or an integer.
///
/// # Example
/// ```
/// use detente::solve::{enumerate_all, EnumerateOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// let all = enumerate_all(&g, EnumerateOptions::default())?;
/// let exact = all.equilibria[0].exact.as_ref().unwrap();
/// assert_eq!(exact.strategies[0][0].to_string(), "1/2");
/// assert_eq!(exact.payoffs[0].to_string(), "0");
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExactEquilibrium {
    /// One probability vector per player, entries exact fractions summing to 1.
    #[serde(with = "fraction_lists")]
    pub strategies: Vec<Vec<BigRational>>,
    /// Each player's exact expected payoff.
    #[serde(with = "fractions")]
    pub payoffs: Vec<BigRational>,
    /// The exact regret (largest gain of a unilateral deviation, from the game's exact
    /// payoffs): 0 at an exact Nash equilibrium. `None` only for results read from JSON
    /// written before it was recorded.
    #[serde(
        default,
        with = "optional_fraction",
        skip_serializing_if = "Option::is_none"
    )]
    pub regret: Option<BigRational>,
}

impl ExactEquilibrium {
    /// Certifies an exact profile: its exact payoffs and regret, computed from the game's
    /// exact payoffs by [`Game::exact_payoffs_and_regrets`].
    ///
    /// # Errors
    /// [`crate::Error::InvalidProfile`] if the strategies do not fit the game or are not
    /// probability vectors.
    ///
    /// # Example
    /// ```
    /// use detente::solve::{BigRational, ExactEquilibrium};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
    /// let half = BigRational::new(1.into(), 2.into());
    /// let s = vec![half.clone(), half];
    /// let x = ExactEquilibrium::new(&g, vec![s.clone(), s])?;
    /// assert_eq!(x.regret, Some(BigRational::from_integer(0.into())));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn new(game: &Game, strategies: Vec<Vec<BigRational>>) -> Result<Self> {
        let (payoffs, regrets) = game.exact_payoffs_and_regrets(&strategies)?;
        let regret = regrets.into_iter().max();
        Ok(Self {
            strategies,
            payoffs,
            regret,
        })
    }
}

impl Equilibrium {
    /// Certifies a profile: validates it and computes its payoffs and regret from the game.
    ///
    /// # Errors
    /// [`crate::Error::InvalidProfile`] if the strategies do not fit the game.
    pub fn new(game: &Game, strategies: Vec<Vec<f64>>, method: impl Into<String>) -> Result<Self> {
        game.check_profile(&strategies)?;
        let (payoffs, regrets) = game.payoffs_and_regrets(&strategies);
        Ok(Self {
            strategies,
            payoffs: payoffs.to_vec(),
            regret: regrets.fold(0.0, |m: f64, &r| m.max(r)),
            method: method.into(),
            exact: None,
        })
    }

    /// Certifies an exact profile: its rounding as [`Equilibrium::new`] does, and the exact
    /// profile with its exact payoffs ([`Game::exact_expected_payoffs`]) in `exact`.
    ///
    /// # Errors
    /// [`crate::Error::InvalidProfile`] if the strategies do not fit the game or are not
    /// probability vectors.
    ///
    /// # Example
    /// ```
    /// use detente::{Equilibrium, Game};
    /// use detente::solve::BigRational;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, 0.0], [0.0, 2.0]].view())?;
    /// let r = |p: i64, q: i64| BigRational::new(p.into(), q.into());
    /// let s = vec![r(2, 3), r(1, 3)];
    /// let eq = Equilibrium::new_exact(&g, vec![s.clone(), s], "hand")?;
    /// assert_eq!(eq.exact.unwrap().payoffs, vec![r(2, 3), r(-2, 3)]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn new_exact(
        game: &Game,
        strategies: Vec<Vec<BigRational>>,
        method: impl Into<String>,
    ) -> Result<Self> {
        let exact = ExactEquilibrium::new(game, strategies)?;
        let floats = exact
            .strategies
            .iter()
            .map(|s| s.iter().map(|p| p.to_f64().unwrap_or(f64::NAN)).collect())
            .collect();
        Ok(Self::new(game, floats, method)?.with_exact(exact))
    }

    /// Attaches the exact profile this equilibrium rounds, and takes its payoffs and regret
    /// from it: `payoffs` and `regret` become the exact values rounded to the nearest `f64`
    /// (so an exact equilibrium has `regret` exactly `0.0`). The one place where an exact
    /// result's float regret is set.
    ///
    /// # Example
    /// ```
    /// use detente::solve::{BigRational, ExactEquilibrium};
    /// use detente::{Equilibrium, Game};
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
    /// let half = BigRational::new(1.into(), 2.into());
    /// let s = vec![half.clone(), half];
    /// let exact = ExactEquilibrium::new(&g, vec![s.clone(), s])?;
    /// let eq = Equilibrium::new(&g, vec![vec![0.5, 0.5]; 2], "hand")?.with_exact(exact);
    /// assert_eq!(eq.regret, 0.0);
    /// # Ok::<(), detente::Error>(())
    /// ```
    #[must_use]
    pub fn with_exact(mut self, exact: ExactEquilibrium) -> Self {
        let round = |x: &BigRational| x.to_f64().unwrap_or(f64::NAN);
        self.payoffs = exact.payoffs.iter().map(round).collect();
        if let Some(r) = &exact.regret {
            self.regret = round(r);
        }
        self.exact = Some(exact);
        self
    }

    /// The actions each player plays with positive probability.
    pub fn support(&self) -> Vec<Vec<usize>> {
        self.strategies
            .iter()
            .map(|s| (0..s.len()).filter(|&a| s[a] > 0.0).collect())
            .collect()
    }

    /// Whether every player plays one action with probability 1.
    pub fn is_pure(&self) -> bool {
        self.support().iter().all(|s| s.len() == 1)
    }
}

// JSON, for one result and for a list (`io` sits below `solve`, so the impls live here).
impl ToJson for Equilibrium {}
impl FromJson for Equilibrium {}
impl ToJson for Vec<Equilibrium> {}
impl FromJson for Vec<Equilibrium> {}

/// An exact value as JSON: a `"p/q"` string, or the `[numerator, denominator]` form of
/// `num-rational` that results written before the string form used (still read).
#[derive(Deserialize)]
#[serde(untagged)]
enum Fraction {
    Text(String),
    Pair(BigRational),
}

impl Fraction {
    fn into_rational<E: serde::de::Error>(self) -> std::result::Result<BigRational, E> {
        match self {
            Self::Text(v) => v
                .parse::<BigRational>()
                .map_err(|e| E::custom(format!("{v:?} is not a fraction like \"-2/7\" ({e})"))),
            Self::Pair(r) => Ok(r),
        }
    }
}

/// Serde for a list of exact values as `"p/q"` strings.
mod fractions {
    use num_rational::BigRational;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        values: &[BigRational],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(values.iter().map(crate::format::rational))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<BigRational>, D::Error> {
        Vec::<super::Fraction>::deserialize(d)?
            .into_iter()
            .map(super::Fraction::into_rational)
            .collect()
    }
}

/// Serde for lists of lists of exact values as `"p/q"` strings.
mod fraction_lists {
    use num_rational::BigRational;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        values: &[Vec<BigRational>],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            values
                .iter()
                .map(|v| v.iter().map(crate::format::rational).collect::<Vec<_>>()),
        )
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<Vec<BigRational>>, D::Error> {
        Vec::<Vec<super::Fraction>>::deserialize(d)?
            .into_iter()
            .map(|list| {
                list.into_iter()
                    .map(super::Fraction::into_rational)
                    .collect()
            })
            .collect()
    }
}

/// Serde for an optional exact value as a `"p/q"` string.
mod optional_fraction {
    use num_rational::BigRational;
    use serde::{Deserialize, Deserializer, Serializer};

    #[allow(clippy::ref_option)] // serde's `with` passes `&Option<T>`
    pub(super) fn serialize<S: Serializer>(
        value: &Option<BigRational>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_some(&crate::format::rational(v)),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<BigRational>, D::Error> {
        Option::<super::Fraction>::deserialize(d)?
            .map(super::Fraction::into_rational)
            .transpose()
    }
}
