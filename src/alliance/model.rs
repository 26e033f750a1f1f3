//! The protocol every alliance model follows: [`AllianceModel`].
//!
//! A model is a few named parameters turned into a game. The trait gives every model the same
//! face, so that generic tools (parameter sweeps, tables, the Python bindings) drive any model
//! through it alone:
//!
//! | method | what it gives |
//! | --- | --- |
//! | [`AllianceModel::from_params`] | the model from a map of parameters (missing ones take their defaults; unknown names and out-of-range values are refused, naming the parameter) |
//! | [`AllianceModel::params`] | the parameters in order: name, value, valid range, one-line meaning ([`Param`]) |
//! | [`AllianceModel::game`] | the normal-form [`Game`] any solver takes |
//! | [`AllianceModel::regime`] | the named qualitative outcome at these parameters, if the model has one |
//! | [`AllianceModel::describe`] / [`AllianceModel::cite`] | the seed situation, assumptions and deviations; BibTeX |
//! | [`AllianceModel::to_json`] / [`AllianceModel::from_json`] | the parameter map as JSON (serde goes through the same map, so a model read back is validated) |
//!
//! A new model implements the six required items, adds
//! `#[derive(Serialize, Deserialize)] #[serde(try_from = "ParamMap", into = "ParamMap")]` and
//! the conversions (`params_serde!(Model)` in this module), and gets the rest.
//!
//! # Example
//! ```
//! use detente::alliance::{AllianceModel, BurdenSharing, ParamMap, ParamValue};
//!
//! fn regimes<M: AllianceModel>(grid: &[ParamMap]) -> detente::Result<Vec<String>> {
//!     grid.iter()
//!         .map(|p| Ok(M::from_params(p)?.regime()?.map_or("none".into(), |r| r.to_string())))
//!         .collect()
//! }
//!
//! let grid: Vec<ParamMap> = [0.0, 1.0].iter()
//!     .map(|&psi| ParamMap::from([("spillover".into(), ParamValue::Number(psi))]))
//!     .collect();
//! assert_eq!(regimes::<BurdenSharing>(&grid)?, ["no_alliance", "minilateral"]);
//! # Ok::<(), detente::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::format;
use crate::game::Game;

/// Parameters by name, as [`AllianceModel::from_params`] takes them and serde writes them.
///
/// # Example
/// ```
/// use detente::alliance::{ParamMap, ParamValue};
///
/// let p = ParamMap::from([("threshold".to_string(), ParamValue::Number(2.0))]);
/// assert_eq!(p["threshold"], ParamValue::Number(2.0));
/// ```
pub type ParamMap = BTreeMap<String, ParamValue>;

/// The value of one parameter: a number, a list of numbers (one per state), a matrix, a
/// label, a list of labels, or absent (the default applies).
///
/// In JSON it is the plain value (`1.5`, `[1, 2]`, `"ambiguity"`, `null`). Where a model
/// expects a number, a decimal string such as `"0.25"` is accepted too; where it expects one
/// number per state, a single number applies to every state if the model allows it.
///
/// # Example
/// ```
/// use detente::alliance::ParamValue;
///
/// let v: ParamValue = serde_json::from_str("[100, 60]")?;
/// assert_eq!(v, ParamValue::Numbers(vec![100.0, 60.0]));
/// assert_eq!(v.to_string(), "[100, 60]");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// One number.
    Number(f64),
    /// One number per state.
    Numbers(Vec<f64>),
    /// A matrix, row by row (e.g. rivalry between states).
    Matrix(Vec<Vec<f64>>),
    /// A label (e.g. an institution).
    Text(String),
    /// One label per state (e.g. names).
    Texts(Vec<String>),
    /// No value: the parameter takes its default.
    Absent,
}

impl ParamValue {
    /// What kind of value this is, for error messages (`"a number"`, `"a list of numbers"`, …).
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::alliance::ParamValue::Absent.kind(), "nothing");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Number(_) => "a number",
            Self::Numbers(_) => "a list of numbers",
            Self::Matrix(_) => "a matrix of numbers",
            Self::Text(_) => "a string",
            Self::Texts(_) => "a list of strings",
            Self::Absent => "nothing",
        }
    }
}

impl From<f64> for ParamValue {
    fn from(x: f64) -> Self {
        Self::Number(x)
    }
}

impl From<Vec<f64>> for ParamValue {
    fn from(v: Vec<f64>) -> Self {
        Self::Numbers(v)
    }
}

impl From<&str> for ParamValue {
    fn from(s: &str) -> Self {
        Self::Text(s.into())
    }
}

/// Numbers through the crate's formatter ([`crate::format::number`]); lists in brackets.
impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[f64]| {
            let items: Vec<String> = v.iter().map(|&x| format::number(x)).collect();
            format!("[{}]", items.join(", "))
        };
        match self {
            Self::Number(x) => f.write_str(&format::number(*x)),
            Self::Numbers(v) => f.write_str(&list(v)),
            Self::Matrix(rows) => {
                let rows: Vec<String> = rows.iter().map(|r| list(r)).collect();
                write!(f, "[{}]", rows.join(", "))
            }
            Self::Text(s) => f.write_str(s),
            Self::Texts(v) => write!(f, "[{}]", v.join(", ")),
            Self::Absent => f.write_str("none"),
        }
    }
}

/// One parameter of a model: its name, value, valid range and meaning, as
/// [`AllianceModel::params`] lists them.
///
/// # Example
/// ```
/// use detente::alliance::{AllianceModel, RestraintGame};
///
/// let p = &AllianceModel::params(&RestraintGame::default())[1];
/// assert_eq!((p.name, p.range.as_str()), ("reassurance_cost", "a finite number >= 0"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name [`AllianceModel::from_params`] takes, e.g. `"war_cost"`.
    pub name: &'static str,
    /// The value in this model (per-state lists expanded to one entry per state).
    pub value: ParamValue,
    /// The valid range in words, e.g. `"a number in [0, 1]"`.
    pub range: String,
    /// What the parameter means, in one line.
    pub meaning: &'static str,
}

impl Param {
    /// The `names` parameter of a model of states.
    pub(crate) fn names(names: &[String]) -> Self {
        Self {
            name: "names",
            value: ParamValue::Texts(names.to_vec()),
            range: "one unique name per state".into(),
            meaning: "the states' names",
        }
    }
}

/// The protocol of every alliance model: parameters in, game and named outcome out.
///
/// Where a model also has an inherent method of the same name with a richer type (e.g.
/// `RestraintGame::params`, `RestraintGame::regime`), call the trait's as
/// `AllianceModel::params(&m)`; generic code (`M: AllianceModel`) always gets the trait's.
///
/// # Example
/// ```
/// use detente::alliance::{AllianceModel, CollectiveSecurity, ParamMap};
///
/// let m = CollectiveSecurity::default();
/// let back = CollectiveSecurity::from_params(&m.param_map())?;
/// assert_eq!(back, m);
/// assert_eq!(CollectiveSecurity::from_json(&m.to_json()?)?, m);
/// let err = CollectiveSecurity::from_params(&ParamMap::from([("k".into(), 2.0.into())]));
/// assert!(err.unwrap_err().to_string().contains("threshold"));  // lists the valid names
/// # Ok::<(), detente::Error>(())
/// ```
pub trait AllianceModel:
    Sized + Clone + PartialEq + fmt::Debug + Serialize + DeserializeOwned
{
    /// The named qualitative outcomes (regimes) of the model.
    type Regime: Clone + PartialEq + fmt::Debug + fmt::Display;

    /// The model's name, e.g. `"RestraintGame"`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, RestraintGame};
    /// assert_eq!(RestraintGame::NAME, "RestraintGame");
    /// ```
    const NAME: &'static str;

    /// The parameter names, in the order of [`AllianceModel::params`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, BurdenSharing};
    /// assert_eq!(BurdenSharing::PARAM_NAMES, ["income", "security_weight", "spillover", "names"]);
    /// ```
    const PARAM_NAMES: &'static [&'static str];

    /// Builds and validates the model; parameters not in `params` (or
    /// [`ParamValue::Absent`]) take their defaults, which follow the number of states given.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an unknown name (listing the valid ones), a value of the
    /// wrong kind, or a value out of range (naming the parameter and the range).
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, BurdenSharing, ParamMap};
    ///
    /// let p = ParamMap::from([("spillover".into(), "0.5".into())]); // a decimal string works
    /// assert_eq!(BurdenSharing::from_params(&p)?.spillover(), 0.5);
    /// let bad = ParamMap::from([("spillover".into(), 2.0.into())]);
    /// let err = BurdenSharing::from_params(&bad).unwrap_err().to_string();
    /// assert!(err.contains("spillover") && err.contains("[0, 1]"));
    /// # Ok::<(), detente::Error>(())
    /// ```
    fn from_params(params: &ParamMap) -> Result<Self>;

    /// The parameters in order, each with its value, valid range and meaning.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, ParamValue, RestraintGame};
    ///
    /// let p = AllianceModel::params(&RestraintGame::default());
    /// assert_eq!((p[4].name, &p[4].value), ("war_cost", &ParamValue::Number(4.0)));
    /// ```
    fn params(&self) -> Vec<Param>;

    /// The normal-form game the model builds.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if the game would be too large to allocate.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, CollectiveSecurity};
    /// assert_eq!(AllianceModel::game(&CollectiveSecurity::default())?.shape(), &[2; 5]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    fn game(&self) -> Result<Game>;

    /// The seed situation, question, assumptions, sources and deviations, as text.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, BurdenSharing};
    /// assert!(AllianceModel::describe(&BurdenSharing::default()).contains("Deviation"));
    /// ```
    fn describe(&self) -> String;

    /// BibTeX entries for the works the model formalizes.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, RestraintGame};
    /// assert!(AllianceModel::cite(&RestraintGame::default()).contains("snyder1984"));
    /// ```
    fn cite(&self) -> &'static str;

    /// The named qualitative outcome at these parameters, or `None` where the model has no
    /// label for them (a model without regimes always returns `None`).
    ///
    /// # Errors
    /// [`Error::Interrupted`] where finding the regime is a search.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, RestraintGame, RestraintRegime};
    /// let r = AllianceModel::regime(&RestraintGame::default())?;
    /// assert_eq!(r, Some(RestraintRegime::Dilemma));
    /// # Ok::<(), detente::Error>(())
    /// ```
    fn regime(&self) -> Result<Option<Self::Regime>>;

    /// The parameters as a map that [`AllianceModel::from_params`] takes back.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, BurdenSharing};
    /// let m = BurdenSharing::default();
    /// assert_eq!(BurdenSharing::from_params(&m.param_map())?, m);
    /// # Ok::<(), detente::Error>(())
    /// ```
    fn param_map(&self) -> ParamMap {
        self.params()
            .into_iter()
            .map(|p| (p.name.to_string(), p.value))
            .collect()
    }

    /// The parameter map as JSON.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if serialization fails (it does not for a validated model).
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, RestraintGame};
    /// assert!(RestraintGame::default().to_json()?.contains(r#""war_cost":4.0"#));
    /// # Ok::<(), detente::Error>(())
    /// ```
    fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| Error::InvalidArgument(e.to_string()))
    }

    /// Reads a model written by [`AllianceModel::to_json`], validated like
    /// [`AllianceModel::from_params`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for malformed JSON or invalid parameters.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, BurdenSharing};
    /// let m = BurdenSharing::from_json(r#"{"income": [2, 1]}"#)?;
    /// assert_eq!(m.names(), ["State 1", "State 2"]);
    /// assert!(BurdenSharing::from_json(r#"{"income": [0]}"#).is_err());
    /// # Ok::<(), detente::Error>(())
    /// ```
    fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text)
            .map_err(|e| Error::InvalidArgument(format!("{} from JSON: {e}", Self::NAME)))
    }

    /// An HTML table of the parameters (name, value, range, meaning) and the regime, for
    /// notebooks.
    ///
    /// # Errors
    /// As [`AllianceModel::regime`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::{AllianceModel, BurdenSharing};
    /// let html = BurdenSharing::default().to_html()?;
    /// assert!(html.contains("<code>spillover</code>") && html.contains("minilateral"));
    /// # Ok::<(), detente::Error>(())
    /// ```
    fn to_html(&self) -> Result<String> {
        let mut out = format!(
            "<div><strong>{}</strong><table><thead><tr><th>parameter</th><th>value</th>\
             <th>range</th><th>meaning</th></tr></thead><tbody>",
            Self::NAME
        );
        for p in self.params() {
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                p.name,
                escape(&p.value.to_string()),
                escape(&p.range),
                escape(p.meaning)
            ));
        }
        let regime = self.regime()?.map_or("none".into(), |r| r.to_string());
        out.push_str(&format!(
            "</tbody></table><p>regime: <code>{}</code></p></div>",
            escape(&regime)
        ));
        Ok(out)
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Reads a [`ParamMap`] for [`AllianceModel::from_params`]: refuses unknown names, converts
/// each value to the expected kind, and gives `None` for a missing one.
pub(crate) struct Reader<'a> {
    map: &'a ParamMap,
}

impl<'a> Reader<'a> {
    /// Refuses any name not in `valid`, listing the valid ones.
    pub(crate) fn new(model: &str, map: &'a ParamMap, valid: &[&str]) -> Result<Self> {
        if let Some(bad) = map.keys().find(|k| !valid.contains(&k.as_str())) {
            return Err(Error::InvalidArgument(format!(
                "{model} has no parameter {bad:?}; its parameters are {}",
                valid.join(", ")
            )));
        }
        Ok(Self { map })
    }

    fn get(&self, name: &str) -> Option<&'a ParamValue> {
        self.map.get(name).filter(|v| **v != ParamValue::Absent)
    }

    fn wrong(name: &str, expected: &str, got: &ParamValue) -> Error {
        Error::InvalidArgument(format!("{name} must be {expected}, got {}", got.kind()))
    }

    fn parse(name: &str, s: &str) -> Result<f64> {
        s.trim().parse().map_err(|_| {
            Error::InvalidArgument(format!("{name} must be a number, got the string {s:?}"))
        })
    }

    /// One number (or a decimal string).
    pub(crate) fn number(&self, name: &str) -> Result<Option<f64>> {
        match self.get(name) {
            None => Ok(None),
            Some(ParamValue::Number(x)) => Ok(Some(*x)),
            Some(ParamValue::Text(s)) => Self::parse(name, s).map(Some),
            Some(other) => Err(Self::wrong(name, "a number", other)),
        }
    }

    /// A list of numbers; a single number gives a list of one (the model decides whether one
    /// value may stand for all states).
    pub(crate) fn numbers(&self, name: &str) -> Result<Option<Vec<f64>>> {
        match self.get(name) {
            None => Ok(None),
            Some(ParamValue::Number(x)) => Ok(Some(vec![*x])),
            Some(ParamValue::Numbers(v)) => Ok(Some(v.clone())),
            Some(ParamValue::Text(s)) => Self::parse(name, s).map(|x| Some(vec![x])),
            Some(ParamValue::Texts(v)) => v
                .iter()
                .map(|s| Self::parse(name, s))
                .collect::<Result<_>>()
                .map(Some),
            Some(other) => Err(Self::wrong(name, "a list of numbers", other)),
        }
    }

    /// A matrix of numbers (an empty list is an empty matrix).
    pub(crate) fn matrix(&self, name: &str) -> Result<Option<Vec<Vec<f64>>>> {
        match self.get(name) {
            None => Ok(None),
            Some(ParamValue::Matrix(m)) => Ok(Some(m.clone())),
            Some(ParamValue::Numbers(v)) if v.is_empty() => Ok(Some(vec![])),
            Some(other) => Err(Self::wrong(
                name,
                "a matrix (a list of lists of numbers)",
                other,
            )),
        }
    }

    /// A label.
    pub(crate) fn text(&self, name: &str) -> Result<Option<String>> {
        match self.get(name) {
            None => Ok(None),
            Some(ParamValue::Text(s)) => Ok(Some(s.clone())),
            Some(other) => Err(Self::wrong(name, "a string", other)),
        }
    }

    /// A list of labels (an empty list is an empty list of labels).
    pub(crate) fn texts(&self, name: &str) -> Result<Option<Vec<String>>> {
        match self.get(name) {
            None => Ok(None),
            Some(ParamValue::Texts(v)) => Ok(Some(v.clone())),
            Some(ParamValue::Numbers(v)) if v.is_empty() => Ok(Some(vec![])),
            Some(other) => Err(Self::wrong(name, "a list of strings", other)),
        }
    }
}

/// Serde through the parameter map: `impl TryFrom<ParamMap> for $model` (validating) and
/// `impl From<$model> for ParamMap`, for `#[serde(try_from = "ParamMap", into = "ParamMap")]`.
macro_rules! params_serde {
    ($model:ty) => {
        impl TryFrom<$crate::alliance::ParamMap> for $model {
            type Error = $crate::Error;

            fn try_from(map: $crate::alliance::ParamMap) -> $crate::Result<Self> {
                <Self as $crate::alliance::AllianceModel>::from_params(&map)
            }
        }

        impl From<$model> for $crate::alliance::ParamMap {
            fn from(model: $model) -> Self {
                $crate::alliance::AllianceModel::param_map(&model)
            }
        }
    };
}
pub(crate) use params_serde;
