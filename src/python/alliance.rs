//! `detente.alliance`: the alliance models (M1–M4, M7) as frozen Python classes.
//!
//! Every class has the protocol of [`AllianceModel`], generated once by [`model_class!`]:
//! `params`, `param_info`, `from_params`, `game`, `regime`, `describe`, `cite`, `to_json`,
//! `from_json`, `==`, pickling and the notebook/`repr` views. The rest of each class converts
//! arguments and results of the model's own closed forms; the logic is in `crate::alliance`.
//!
//! The conversions between Python values and [`ParamValue`] are written here; generic result
//! helpers are meant to move to `results.rs`.

use num_rational::BigRational;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBytes, PyDict, PyFrozenSet, PyList, PyMapping, PySet, PyString, PyTuple, PyType,
};

use super::args;
use super::face::{fraction, frame};
use super::game::PyGame;
use super::repeated::PyRepeatedGame;
use super::run::run;
use super::solve::equilibrium::PyEquilibrium;
use crate::alliance::{
    AllianceModel, BurdenSharing, CollectiveSecurity, Dynamics, Institution, InstitutionOutcome,
    ParamMap, ParamValue, ProtectionForPatronage, Reciprocity, ReciprocityKind, RestraintGame,
    RestraintParams,
};
use crate::format;

/// A string as a Python literal in single quotes, as `repr(str)` prints it.
fn py_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A parameter value as Python source, numbers through the crate's formatter.
fn py_literal(v: &ParamValue) -> String {
    let list = |items: Vec<String>| format!("[{}]", items.join(", "));
    let numbers = |xs: &[f64]| list(xs.iter().map(|&x| format::number(x)).collect());
    match v {
        ParamValue::Number(x) => format::number(*x),
        ParamValue::Numbers(xs) => numbers(xs),
        ParamValue::Matrix(rows) => list(rows.iter().map(|r| numbers(r)).collect()),
        ParamValue::Text(s) => py_str(s),
        ParamValue::Texts(v) => list(v.iter().map(|s| py_str(s)).collect()),
        ParamValue::Absent => "None".into(),
    }
}

/// A parameter value as a Python object: float, list, list of lists, str or None.
fn value_to_py<'py>(py: Python<'py>, v: &ParamValue) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        ParamValue::Number(x) => x.into_pyobject(py)?.into_any(),
        ParamValue::Numbers(xs) => xs.into_pyobject(py)?.into_any(),
        ParamValue::Matrix(rows) => rows.into_pyobject(py)?.into_any(),
        ParamValue::Text(s) => s.into_pyobject(py)?.into_any(),
        ParamValue::Texts(v) => v.into_pyobject(py)?.into_any(),
        ParamValue::Absent => py.None().into_bound(py),
    })
}

/// The items of a sized, ordered collection (list, tuple, range, numpy array, pandas
/// Series…), or `None` for anything else (a number, a string, bytes, a mapping, a set).
fn sequence_items<'py>(obj: &Bound<'py, PyAny>) -> Option<Vec<Bound<'py, PyAny>>> {
    if obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PySet>()
        || obj.is_instance_of::<PyFrozenSet>()
        || obj.cast::<PyMapping>().is_ok()
    {
        return None;
    }
    obj.len().ok()?;
    obj.try_iter().ok()?.collect::<PyResult<Vec<_>>>().ok()
}

/// A Python value as a [`ParamValue`]: `None` (the default applies), a number, a string, a
/// list of numbers or of strings, or a list of lists of numbers. The model then checks the
/// kind and the range.
pub(super) fn value_from_py(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<ParamValue> {
    if obj.is_none() {
        return Ok(ParamValue::Absent);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(ParamValue::Text(s.to_cow()?.into_owned()));
    }
    let Some(items) = sequence_items(obj) else {
        return args::number(obj, name).map(ParamValue::Number);
    };
    let Some(first) = items.first() else {
        return Ok(ParamValue::Numbers(vec![]));
    };
    if first.is_instance_of::<PyString>() {
        return items
            .iter()
            .enumerate()
            .map(|(i, x)| {
                x.extract::<String>().map_err(|_| {
                    PyTypeError::new_err(format!("{name}[{i}] must be a string like {name}[0]"))
                })
            })
            .collect::<PyResult<_>>()
            .map(ParamValue::Texts);
    }
    if sequence_items(first).is_some() {
        let rows = items
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let row_name = format!("{name}[{i}]");
                sequence_items(row)
                    .ok_or_else(|| PyTypeError::new_err(format!("{row_name} must be a list")))?
                    .iter()
                    .enumerate()
                    .map(|(j, x)| args::number(x, &format!("{row_name}[{j}]")))
                    .collect::<PyResult<Vec<f64>>>()
            })
            .collect::<PyResult<_>>()?;
        return Ok(ParamValue::Matrix(rows));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, x)| args::number(x, &format!("{name}[{i}]")))
        .collect::<PyResult<_>>()
        .map(ParamValue::Numbers)
}

/// A mapping of parameters (str keys) as a [`ParamMap`].
fn map_from_py(params: &Bound<'_, PyAny>) -> PyResult<ParamMap> {
    let mapping = params.cast::<PyMapping>().map_err(|_| {
        PyTypeError::new_err("params must be a dict mapping parameter names to values")
    })?;
    let mut map = ParamMap::new();
    for item in mapping.items()?.iter() {
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let key: String = k.extract().map_err(|_| {
            PyTypeError::new_err(format!("parameter names must be strings, got {k}"))
        })?;
        let value = value_from_py(&v, &key)?;
        map.insert(key, value);
    }
    Ok(map)
}

/// The keyword arguments a constructor was given (`None` left out) as a [`ParamMap`].
fn given(args: &[(&str, Option<&Bound<'_, PyAny>>)]) -> PyResult<ParamMap> {
    args.iter()
        .filter_map(|&(name, v)| v.map(|v| Ok((name.to_string(), value_from_py(v, name)?))))
        .collect()
}

fn params_dict<'py, M: AllianceModel>(py: Python<'py>, m: &M) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for p in m.params() {
        d.set_item(p.name, value_to_py(py, &p.value)?)?;
    }
    Ok(d)
}

fn param_info_dict<'py, M: AllianceModel>(py: Python<'py>, m: &M) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for p in m.params() {
        let info = PyDict::new(py);
        info.set_item("value", value_to_py(py, &p.value)?)?;
        info.set_item("range", p.range)?;
        info.set_item("meaning", p.meaning)?;
        d.set_item(p.name, info)?;
    }
    Ok(d)
}

/// `Model(name=value, …)` with every parameter, numbers through the crate's formatter.
fn model_repr<M: AllianceModel>(m: &M) -> String {
    let args: Vec<String> = m
        .params()
        .iter()
        .map(|p| format!("{}={}", p.name, py_literal(&p.value)))
        .collect();
    format!("{}({})", M::NAME, args.join(", "))
}

/// The protocol methods every alliance class shares, plus the class's own `methods`, in one
/// `#[pymethods]` block (pyo3 allows one per class without the `multiple-pymethods` feature).
/// `game` and `regime` end the docstrings of `game()` and `regime()` with what they are for
/// this class: these doc comments are what `help()` shows (the stub has no docstrings).
macro_rules! model_class {
    (
        $class:ident, $model:ty,
        game: $game_doc:literal,
        regime: $regime_doc:literal,
        { $($methods:tt)* }
    ) => {
        #[pymethods]
        impl $class {
            $($methods)*

            /// The parameters in order, name -> value (per-state values expanded to one per
            /// state); ``from_params`` takes the dict back.
            fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                params_dict(py, &self.inner)
            }

            /// Each parameter's value, valid range and one-line meaning:
            /// name -> {"value": ..., "range": ..., "meaning": ...}.
            fn param_info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                param_info_dict(py, &self.inner)
            }

            /// The model from a dict name -> value; missing parameters take their defaults
            /// (which follow the number of states given). Raises ValueError naming the
            /// parameter for a value out of range or of the wrong kind (e.g. a list for a
            /// number), or listing the valid names for an unknown one; TypeError for an object
            /// that is not a number, string, collection of them or None, or for a non-dict.
            #[classmethod]
            fn from_params(_cls: &Bound<'_, PyType>, params: &Bound<'_, PyAny>) -> PyResult<Self> {
                let inner = <$model as AllianceModel>::from_params(&map_from_py(params)?)?;
                Ok(Self { inner })
            }

            /// The normal-form game the model builds, for any detente solver:
            #[doc = $game_doc]
            fn game(&self, py: Python<'_>) -> PyResult<PyGame> {
                let inner = run(py, || AllianceModel::game(&self.inner))?;
                Ok(PyGame { inner })
            }

            /// The named qualitative outcome (regime) at these parameters, or None where the
            /// model has no label for them. Here:
            #[doc = $regime_doc]
            fn regime(&self, py: Python<'_>) -> PyResult<Option<String>> {
                let r = run(py, || AllianceModel::regime(&self.inner))?;
                Ok(r.map(|r| r.to_string()))
            }

            /// The seed situation, question, assumptions, sources and deviations, as text.
            fn describe(&self) -> String {
                AllianceModel::describe(&self.inner)
            }

            /// BibTeX entries for the works the model formalizes.
            fn cite(&self) -> &'static str {
                AllianceModel::cite(&self.inner)
            }

            /// The parameters as JSON (``from_json`` reads it back, validated).
            fn to_json(&self) -> PyResult<String> {
                Ok(AllianceModel::to_json(&self.inner)?)
            }

            /// Read a model written by ``to_json``, validated like ``from_params``.
            #[classmethod]
            fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
                let inner = <$model as AllianceModel>::from_json(text)?;
                Ok(Self { inner })
            }

            /// Pickles through JSON: ``(cls.from_json, (self.to_json(),))``.
            fn __reduce__<'py>(
                slf: &Bound<'py, Self>,
            ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
                let text = AllianceModel::to_json(&slf.get().inner)?;
                let args = PyTuple::new(slf.py(), [text])?;
                Ok((slf.get_type().getattr("from_json")?, args))
            }

            /// Every parameter, numbers as detente prints them everywhere.
            fn __repr__(&self) -> String {
                model_repr(&self.inner)
            }

            /// Equal models (``==`` compares the parameters) hash alike: the hash of the repr.
            fn __hash__(&self) -> u64 {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                std::hash::Hash::hash(&model_repr(&self.inner), &mut h);
                std::hash::Hasher::finish(&h)
            }

            /// The parameters (value, range, meaning) and the regime as an HTML table.
            fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
                run(py, || AllianceModel::to_html(&self.inner))
            }
        }
    };
}

fn outcome_dict<'py>(py: Python<'py>, o: &InstitutionOutcome) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("institution", o.institution.as_str())?;
    d.set_item("firm", o.firm)?;
    d.set_item("provoke", o.provoke)?;
    d.set_item("patron_payoff", o.patron_payoff)?;
    d.set_item("client_payoff", o.client_payoff)?;
    Ok(d)
}

/// An exact rational as a Python `fractions.Fraction`.
fn fractions<'py>(py: Python<'py>, xs: &[BigRational]) -> PyResult<Bound<'py, PyList>> {
    let items = xs
        .iter()
        .map(|x| fraction(py, x))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

fn dynamics_dict<'py>(py: Python<'py>, r: Dynamics) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("spending", r.spending)?;
    d.set_item("rounds", r.rounds)?;
    d.set_item("converged", r.converged)?;
    d.set_item("cycle", r.cycle)?;
    Ok(d)
}

/// M2, the restraint game: abandonment vs entrapment and the value of bilateral control
/// (Snyder 1984; Cha 2016).
///
/// Patron (Firm | Loose) vs Client (Provoke | Restrain); payoffs (patron, client):
/// Firm/Provoke (d - e, g), Firm/Restrain (d, 0), Loose/Provoke (0, g - w),
/// Loose/Restrain (-rho, -alpha).
///
/// Parameters: deterrence d (> -rho), reassurance_cost rho (>= 0), entrapment_cost e,
/// revision_gain g, war_cost w, abandonment_cost alpha (>= 0), institution (simultaneous,
/// bilateral_control, ambiguity, multilateral_rule, no_guarantee). Defaults: the headline
/// example d = rho = g = alpha = 1, e = 3, w = 4. Numbers may be int, float, Fraction or
/// Decimal (from_params also takes decimal strings).
///
/// The alliance-model protocol: params(), param_info(), from_params(dict), game(), regime()
/// (dilemma, entrapment_accepted, client_alone, stable_deterrence or unlabelled),
/// describe(), cite(), to_json()/from_json(), ==, pickle.
#[pyclass(module = "detente.alliance", name = "RestraintGame", frozen, eq)]
#[derive(PartialEq)]
pub(super) struct PyRestraintGame {
    inner: RestraintGame,
}

model_class!(PyRestraintGame, RestraintGame,
game: "the simultaneous 2x2 game, Patron (Firm, Loose) against Client (Provoke, Restrain).",
regime: "dilemma, entrapment_accepted, client_alone, stable_deterrence or unlabelled.",
{
    #[new]
    #[pyo3(signature = (deterrence=1.0, reassurance_cost=1.0, entrapment_cost=3.0,
                        revision_gain=1.0, war_cost=4.0, abandonment_cost=1.0,
                        institution="simultaneous"))]
    fn new(
        deterrence: f64,
        reassurance_cost: f64,
        entrapment_cost: f64,
        revision_gain: f64,
        war_cost: f64,
        abandonment_cost: f64,
        institution: &str,
    ) -> PyResult<Self> {
        let inner = RestraintGame::new(RestraintParams {
            deterrence,
            reassurance_cost,
            entrapment_cost,
            revision_gain,
            war_cost,
            abandonment_cost,
            institution: institution.parse()?,
        })?;
        Ok(Self { inner })
    }

    /// d: the patron's value when it is firm and the client is restrained.
    #[getter]
    fn deterrence(&self) -> f64 {
        self.inner.params().deterrence
    }
    /// rho: the patron's loss when it is loose toward a restrained ally.
    #[getter]
    fn reassurance_cost(&self) -> f64 {
        self.inner.params().reassurance_cost
    }
    /// e: the patron's cost of being dragged into the client's war.
    #[getter]
    fn entrapment_cost(&self) -> f64 {
        self.inner.params().entrapment_cost
    }
    /// g: the client's gain from provoking under the umbrella.
    #[getter]
    fn revision_gain(&self) -> f64 {
        self.inner.params().revision_gain
    }
    /// w: the client's cost of fighting alone.
    #[getter]
    fn war_cost(&self) -> f64 {
        self.inner.params().war_cost
    }
    /// alpha: the client's loss from a loose patron while restrained.
    #[getter]
    fn abandonment_cost(&self) -> f64 {
        self.inner.params().abandonment_cost
    }
    /// The institution whose outcome ``outcome()`` reports by default.
    #[getter]
    fn institution(&self) -> &'static str {
        self.inner.params().institution.as_str()
    }

    /// Bilateral control as a 2x4 game: the Client moves first, the Patron picks a plan
    /// "reply to Provoke/reply to Restrain".
    fn sequential_game(&self) -> PyResult<PyGame> {
        Ok(PyGame {
            inner: self.inner.sequential_game()?,
        })
    }

    /// The closed-form mixed equilibrium: `firm` = phi*, `provoke` = pi*, and both payoffs.
    /// Raises ValueError where the game has no fully mixed equilibrium. With `exact=True` the
    /// values are `fractions.Fraction`s computed in rational arithmetic, each parameter taken
    /// as the simplest fraction that rounds to its float (so Fraction(1, 3) or "0.1" given as
    /// a parameter stays 1/3 or 1/10).
    #[pyo3(signature = (exact=false))]
    fn mixed_closed_form<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        if exact {
            let m = self.inner.mixed_closed_form_exact()?;
            d.set_item("firm", fraction(py, &m.firm)?)?;
            d.set_item("provoke", fraction(py, &m.provoke)?)?;
            d.set_item("patron_payoff", fraction(py, &m.patron_payoff)?)?;
            d.set_item("client_payoff", fraction(py, &m.client_payoff)?)?;
        } else {
            let m = self.inner.mixed_closed_form()?;
            d.set_item("firm", m.firm)?;
            d.set_item("provoke", m.provoke)?;
            d.set_item("patron_payoff", m.patron_payoff)?;
            d.set_item("client_payoff", m.client_payoff)?;
        }
        Ok(d)
    }

    /// The closed-form mixed equilibrium as an Equilibrium of `game()` (regret recomputed).
    fn mixed_equilibrium(&self) -> PyResult<PyEquilibrium> {
        let eq = self.inner.mixed_equilibrium()?;
        Ok(PyEquilibrium::wrap(&self.inner.game()?, eq))
    }

    /// Strategies and payoffs under an institution (simultaneous, bilateral_control, ambiguity,
    /// multilateral_rule, no_guarantee); default: the model's own institution.
    #[pyo3(signature = (institution=None))]
    fn outcome<'py>(
        &self,
        py: Python<'py>,
        institution: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let i: Institution = match institution {
            Some(s) => s.parse()?,
            None => self.inner.params().institution,
        };
        outcome_dict(py, &self.inner.outcome(i)?)
    }
});

/// M3, burden sharing: the economic theory of alliances (Olson & Zeckhauser 1966; Bergstrom,
/// Blume & Varian 1986).
///
/// U_i = (Y_i - d_i)^(1 - alpha_i) (d_i + psi D_-i)^alpha_i, spending d_i in [0, Y_i].
///
/// Parameters: income Y (> 0, one per state), security_weight alpha (in (0, 1); one for all or
/// one per state), spillover psi (in [0, 1]; 1 = pure public good), names (default
/// "State 1", "State 2", ...). Defaults: income [100, 60, 10], alpha = 1/2, psi = 1. Numbers
/// may be int, float, Fraction, Decimal or decimal strings.
///
/// The alliance-model protocol: params(), param_info(), from_params(dict), game() (spending
/// on a grid of step max(income)/30), regime() (no_alliance, unilateral, minilateral or
/// multilateral: who contributes), describe(), cite(), to_json()/from_json(), ==, pickle.
#[pyclass(module = "detente.alliance", name = "BurdenSharing", frozen, eq)]
#[derive(PartialEq)]
pub(super) struct PyBurdenSharing {
    inner: BurdenSharing,
}

model_class!(PyBurdenSharing, BurdenSharing,
game: "each state's spending on a grid of step max(income)/30 (see ``discretized_game``).",
regime: "no_alliance, unilateral, minilateral or multilateral: who contributes in equilibrium.",
{
    #[new]
    #[pyo3(signature = (income=None, security_weight=None, spillover=1.0, names=None))]
    fn new(
        income: Option<&Bound<'_, PyAny>>,
        security_weight: Option<&Bound<'_, PyAny>>,
        spillover: f64,
        names: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut params = given(&[
            ("income", income),
            ("security_weight", security_weight),
            ("names", names),
        ])?;
        params.insert("spillover".into(), ParamValue::Number(spillover));
        Ok(Self {
            inner: BurdenSharing::from_params(&params)?,
        })
    }

    /// Y_i: each state's income.
    #[getter]
    fn income(&self) -> Vec<f64> {
        self.inner.income().to_vec()
    }
    /// alpha_i: each state's weight on security (one per state).
    #[getter]
    fn security_weight(&self) -> Vec<f64> {
        self.inner.security_weight().to_vec()
    }
    /// psi: the share of an ally's defense that protects a state.
    #[getter]
    fn spillover(&self) -> f64 {
        self.inner.spillover()
    }
    /// The states' names.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner.names().to_vec()
    }

    /// The unique Nash equilibrium: spending, total, contributors, free_riders, burden_shares.
    /// With `exact=True`, spending, total and burden shares are `fractions.Fraction`s computed
    /// in rational arithmetic, each parameter taken as the simplest fraction that rounds to its
    /// float (so Fraction(1, 3) or "0.1" given as a parameter stays 1/3 or 1/10).
    #[pyo3(signature = (exact=false))]
    fn equilibrium<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        if exact {
            let x = self.inner.equilibrium_exact();
            d.set_item("spending", fractions(py, &x.spending)?)?;
            d.set_item("total", fraction(py, &x.total)?)?;
            d.set_item("contributors", x.contributors)?;
            d.set_item("free_riders", x.free_riders)?;
            d.set_item("burden_shares", fractions(py, &x.burden_shares)?)?;
        } else {
            let eq = self.inner.equilibrium();
            d.set_item("spending", eq.spending)?;
            d.set_item("total", eq.total)?;
            d.set_item("contributors", eq.contributors)?;
            d.set_item("free_riders", eq.free_riders)?;
            d.set_item("burden_shares", eq.burden_shares)?;
        }
        Ok(d)
    }

    /// Equilibrium defense burdens d_i / Y_i.
    fn burden_shares(&self) -> Vec<f64> {
        self.inner.burden_shares()
    }

    /// A state's best response max(0, a_i Y_i - (1 - a_i) psi D_-i) to the others' spending.
    /// Raises ValueError naming the argument for a bad state or spending list.
    fn best_response(&self, state: usize, spending: Vec<f64>) -> PyResult<f64> {
        Ok(self.inner.best_response(state, &spending)?)
    }

    /// A state's utility at a spending profile. Raises ValueError naming the argument unless
    /// `state` is a state index and `spending` has one entry per state in [0, income].
    fn utility(&self, state: usize, spending: Vec<f64>) -> PyResult<f64> {
        Ok(self.inner.checked_utility(state, &spending)?)
    }

    /// The Samuelson (Pareto) total alpha * sum(Y), for a common alpha and spillover 1.
    fn pareto_total(&self) -> PyResult<f64> {
        Ok(self.inner.pareto_total()?)
    }

    /// Gauss-Seidel best-response dynamics from `start` (default zeros): always converge.
    /// Returns spending, rounds, converged and cycle (None). Raises SolverError at the cap.
    #[pyo3(signature = (start=None, tol=1e-12, max_rounds=100_000))]
    fn sequential_best_response<'py>(
        &self,
        py: Python<'py>,
        start: Option<Vec<f64>>,
        tol: f64,
        max_rounds: usize,
    ) -> PyResult<Bound<'py, PyDict>> {
        let start = start.unwrap_or_else(|| vec![0.0; self.inner.income().len()]);
        let r = run(py, || {
            self.inner.sequential_best_response(&start, tol, max_rounds)
        })?;
        dynamics_dict(py, r)
    }

    /// Jacobi best-response dynamics: spending, rounds, converged, and cycle (the spending
    /// profiles of the cycle they fell into, in the order visited, or None). Raises
    /// SolverError at the cap.
    #[pyo3(signature = (start=None, tol=1e-12, max_rounds=100_000))]
    fn simultaneous_best_response<'py>(
        &self,
        py: Python<'py>,
        start: Option<Vec<f64>>,
        tol: f64,
        max_rounds: usize,
    ) -> PyResult<Bound<'py, PyDict>> {
        let start = start.unwrap_or_else(|| vec![0.0; self.inner.income().len()]);
        let r = run(py, || {
            self.inner
                .simultaneous_best_response(&start, tol, max_rounds)
        })?;
        dynamics_dict(py, r)
    }

    /// The finite game with spending on multiples of `step` below each income.
    fn discretized_game(&self, py: Python<'_>, step: f64) -> PyResult<PyGame> {
        let inner = run(py, || self.inner.discretized_game(step))?;
        Ok(PyGame { inner })
    }
});

/// M4, collective security: coalitions of the willing in a threshold participation game
/// (Diekmann 1985; Riker 1962).
///
/// u_i = b_i [joiners' capability >= Q] - [i joins] (c_i + kappa sum_j r_ij [j joins]).
///
/// Parameters: capability m (>= 0, one per state, at most 25 states), threshold Q (> 0),
/// benefit b and cost c (> 0; one for all or one per state), rivalry r (symmetric, >= 0, zero
/// diagonal; None = no rivalry), deconfliction kappa (in [0, 1]), names (default "State 1",
/// "State 2", ...). Defaults: capability [5, 3, 2, 2, 1], Q = 7, b = 10, c = [3, 2, 2, 1, 1];
/// when capability is given, c defaults to 1 for every state.
///
/// The alliance-model protocol: params(), param_info(), from_params(dict), game() (actions
/// Join, Abstain), regime() (no_alliance, unilateral, minilateral or multilateral, from the
/// smallest stable coalition), describe(), cite(), to_json()/from_json(), ==, pickle.
#[pyclass(module = "detente.alliance", name = "CollectiveSecurity", frozen, eq)]
#[derive(PartialEq)]
pub(super) struct PyCollectiveSecurity {
    inner: CollectiveSecurity,
}

model_class!(PyCollectiveSecurity, CollectiveSecurity,
game: "each state's actions Join (0) and Abstain (1).",
regime: "no_alliance, unilateral, minilateral or multilateral, from the smallest stable coalition.",
{
    #[new]
    #[pyo3(signature = (capability=None, threshold=7.0, benefit=None, cost=None, rivalry=None,
                        deconfliction=1.0, names=None))]
    fn new(
        capability: Option<&Bound<'_, PyAny>>,
        threshold: f64,
        benefit: Option<&Bound<'_, PyAny>>,
        cost: Option<&Bound<'_, PyAny>>,
        rivalry: Option<&Bound<'_, PyAny>>,
        deconfliction: f64,
        names: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut params = given(&[
            ("capability", capability),
            ("benefit", benefit),
            ("cost", cost),
            ("rivalry", rivalry),
            ("names", names),
        ])?;
        params.insert("threshold".into(), ParamValue::Number(threshold));
        params.insert("deconfliction".into(), ParamValue::Number(deconfliction));
        Ok(Self {
            inner: CollectiveSecurity::from_params(&params)?,
        })
    }

    /// The volunteer's dilemma (Diekmann 1985): n states, any one suffices (capability 1,
    /// threshold 1), common benefit and cost.
    #[staticmethod]
    fn volunteers_dilemma(n: usize, benefit: f64, cost: f64) -> PyResult<Self> {
        Ok(Self {
            inner: CollectiveSecurity::volunteers_dilemma(n, benefit, cost)?,
        })
    }

    /// n states of capability 1, success iff at least k join (threshold k), common benefit and
    /// cost.
    #[staticmethod]
    fn k_threshold(n: usize, k: usize, benefit: f64, cost: f64) -> PyResult<Self> {
        Ok(Self {
            inner: CollectiveSecurity::k_threshold(n, k, benefit, cost)?,
        })
    }

    /// m_i: each state's contribution if it joins.
    #[getter]
    fn capability(&self) -> Vec<f64> {
        self.inner.capability().to_vec()
    }
    /// Q: capability needed for success.
    #[getter]
    fn threshold(&self) -> f64 {
        self.inner.threshold()
    }
    /// b_i: value of success to each state (one per state).
    #[getter]
    fn benefit(&self) -> Vec<f64> {
        self.inner.benefit().to_vec()
    }
    /// c_i: each state's cost of joining (one per state).
    #[getter]
    fn cost(&self) -> Vec<f64> {
        self.inner.cost().to_vec()
    }
    /// r_ij: the rivalry matrix as given, or None.
    #[getter]
    fn rivalry(&self) -> Option<Vec<Vec<f64>>> {
        self.inner.rivalry().cloned()
    }
    /// kappa: factor applied to every rivalry cost.
    #[getter]
    fn deconfliction(&self) -> f64 {
        self.inner.deconfliction()
    }
    /// The states' names.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner.names().to_vec()
    }

    /// Coalitions that reach the threshold with every member pivotal.
    fn minimal_winning_coalitions(&self, py: Python<'_>) -> PyResult<Vec<Vec<usize>>> {
        run(py, || self.inner.minimal_winning_coalitions())
    }

    /// Joiner sets of the pure Nash equilibria (minimal winning + participation).
    fn stable_coalitions(&self, py: Python<'_>) -> PyResult<Vec<Vec<usize>>> {
        run(py, || self.inner.stable_coalitions())
    }

    /// The smallest non-empty stable coalition (ties: cheapest), or None.
    fn smallest_stable_coalition(&self, py: Python<'_>) -> PyResult<Option<Vec<usize>>> {
        run(py, || self.inner.smallest_stable_coalition())
    }

    /// The non-empty stable coalition with the lowest total cost, or None.
    fn cheapest_stable_coalition(&self, py: Python<'_>) -> PyResult<Option<Vec<usize>>> {
        run(py, || self.inner.cheapest_stable_coalition())
    }

    /// Probabilities of joining at the symmetric totally mixed equilibria. Raises ValueError
    /// unless the game is symmetric (equal capabilities, benefits and costs, no rivalry).
    fn symmetric_mixed_equilibria(&self) -> PyResult<Vec<f64>> {
        Ok(self.inner.symmetric_mixed_equilibria()?)
    }

    /// p* = 1 - (c/b)^(1/(n-1)) for the symmetric volunteer's dilemma (None if c >= b).
    fn volunteer_closed_form(&self) -> PyResult<Option<f64>> {
        Ok(self.inner.volunteer_closed_form()?)
    }

    /// The asymmetric volunteer's dilemma's totally mixed equilibrium (join probabilities).
    fn volunteer_equilibrium(&self) -> PyResult<Vec<f64>> {
        Ok(self.inner.volunteer_equilibrium()?)
    }

    /// P(success) when each state joins independently with the given probability.
    fn success_probability(&self, py: Python<'_>, join: Vec<f64>) -> PyResult<f64> {
        run(py, || self.inner.success_probability(&join))
    }
});

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRestraintGame>()?;
    m.add_class::<PyBurdenSharing>()?;
    m.add_class::<PyCollectiveSecurity>()?;
    m.add_class::<PyProtectionForPatronage>()?;
    m.add_class::<PyReciprocity>()?;
    powerplay::register(m)?;
    institutional_power::register(m)
}

/// An exact value as a `fractions.Fraction` (`exact`) or the nearest float.
fn value<'py>(py: Python<'py>, x: &BigRational, exact: bool) -> PyResult<Bound<'py, PyAny>> {
    if exact {
        fraction(py, x)
    } else {
        Ok(num_traits::ToPrimitive::to_f64(x)
            .unwrap_or(f64::NAN)
            .into_pyobject(py)?
            .into_any())
    }
}

/// An optional exact number argument (each number taken as the simplest fraction that rounds
/// to its float).
fn rational_arg(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<BigRational>> {
    obj.map(|o| args::rational(o, name)).transpose()
}

/// M1, protection for patronage: a strong patron protects a weak client in exchange for
/// patronage (autonomy), at a bargained price, enforced by repetition (Morrow 1991; Lake 2009).
///
/// Stage game (Patron: Protect | Abandon; Client: Defer | Hedge), payoffs (patron, client):
/// Protect/Defer (lP a - kP, B - lC a), Protect/Hedge (-kP, B), Abandon/Defer (lP a, -lC a),
/// Abandon/Hedge (0, 0), with s_C = m_C/(m_C + T), s_A = (m_C + m_P)/(m_C + m_P + T),
/// B = theta (s_A - s_C) L, kP = theta (c - (s_A - s_C) v) and the price a (default: the
/// bargained a*).
///
/// Parameters: patron_capability m_P, client_capability m_C, threat_capability T (> 0;
/// defaults 9, 1, 4) or instead success_alone s_C and success_allied s_A (0 <= s_C <= s_A
/// <= 1); attack_prob theta (in [0, 1], default 0.3); client_loss L (> 0, default 1); war_cost
/// c (>= 0, default 0.2); strategic_value v (>= 0, default 0); bargaining_power beta (in
/// [0, 1], default 1/2) or instead patience [r_P, r_C] (> 0; beta = r_C/(r_P + r_C));
/// autonomy_value [lambda_P, lambda_C] (> 0, one number for both; default 1); outside_option
/// o_C (>= 0, default 0); discount delta (in (0, 1), default 0.9). The defaults are the
/// specification's headline example (a* = 3/28, delta* = 25/36). Numbers may be int, float,
/// Fraction, Decimal or decimal strings; the exact results (``exact=True``) take each as the
/// simplest fraction that rounds to it.
///
/// The alliance-model protocol: params(), param_info(), from_params(dict), game(), regime()
/// (no_alliance, unilateral_guarantee, exchange_sustainable or exchange_unsustainable),
/// describe(), cite(), to_json()/from_json(), ==, pickle.
#[pyclass(
    module = "detente.alliance",
    name = "ProtectionForPatronage",
    frozen,
    eq
)]
#[derive(PartialEq)]
pub(super) struct PyProtectionForPatronage {
    inner: ProtectionForPatronage,
}

model_class!(PyProtectionForPatronage, ProtectionForPatronage,
game: "the 2x2 stage game at the bargained price, Patron (Protect, Abandon) against Client (Defer, Hedge), exact payoffs.",
regime: "no_alliance, unilateral_guarantee, exchange_sustainable or exchange_unsustainable (first match).",
{
    #[new]
    #[pyo3(signature = (patron_capability=None, client_capability=None, threat_capability=None,
                        success_alone=None, success_allied=None, attack_prob=None,
                        client_loss=None, war_cost=None, strategic_value=None,
                        bargaining_power=None, patience=None, autonomy_value=None,
                        outside_option=None, discount=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        patron_capability: Option<&Bound<'_, PyAny>>,
        client_capability: Option<&Bound<'_, PyAny>>,
        threat_capability: Option<&Bound<'_, PyAny>>,
        success_alone: Option<&Bound<'_, PyAny>>,
        success_allied: Option<&Bound<'_, PyAny>>,
        attack_prob: Option<&Bound<'_, PyAny>>,
        client_loss: Option<&Bound<'_, PyAny>>,
        war_cost: Option<&Bound<'_, PyAny>>,
        strategic_value: Option<&Bound<'_, PyAny>>,
        bargaining_power: Option<&Bound<'_, PyAny>>,
        patience: Option<&Bound<'_, PyAny>>,
        autonomy_value: Option<&Bound<'_, PyAny>>,
        outside_option: Option<&Bound<'_, PyAny>>,
        discount: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let params = given(&[
            ("patron_capability", patron_capability),
            ("client_capability", client_capability),
            ("threat_capability", threat_capability),
            ("success_alone", success_alone),
            ("success_allied", success_allied),
            ("attack_prob", attack_prob),
            ("client_loss", client_loss),
            ("war_cost", war_cost),
            ("strategic_value", strategic_value),
            ("bargaining_power", bargaining_power),
            ("patience", patience),
            ("autonomy_value", autonomy_value),
            ("outside_option", outside_option),
            ("discount", discount),
        ])?;
        Ok(Self {
            inner: ProtectionForPatronage::from_params(&params)?,
        })
    }

    /// m_P: the patron's capability (None when the success probabilities are given instead).
    #[getter]
    fn patron_capability(&self) -> Option<f64> {
        let p = self.inner.params();
        p.success.is_none().then_some(p.patron_capability)
    }
    /// m_C: the client's capability (None when the success probabilities are given instead).
    #[getter]
    fn client_capability(&self) -> Option<f64> {
        let p = self.inner.params();
        p.success.is_none().then_some(p.client_capability)
    }
    /// T: the adversary's capability (None when the success probabilities are given instead).
    #[getter]
    fn threat_capability(&self) -> Option<f64> {
        let p = self.inner.params();
        p.success.is_none().then_some(p.threat_capability)
    }
    /// s_C as given (None when derived from the capabilities: see ``derived()``).
    #[getter]
    fn success_alone(&self) -> Option<f64> {
        self.inner.params().success.map(|s| s[0])
    }
    /// s_A as given (None when derived from the capabilities: see ``derived()``).
    #[getter]
    fn success_allied(&self) -> Option<f64> {
        self.inner.params().success.map(|s| s[1])
    }
    /// theta: probability per period that the adversary attacks the client.
    #[getter]
    fn attack_prob(&self) -> f64 {
        self.inner.params().attack_prob
    }
    /// L: the client's loss if defeated.
    #[getter]
    fn client_loss(&self) -> f64 {
        self.inner.params().client_loss
    }
    /// c: the patron's cost of fighting when it protects and an attack occurs.
    #[getter]
    fn war_cost(&self) -> f64 {
        self.inner.params().war_cost
    }
    /// v: the patron's value of the client's survival.
    #[getter]
    fn strategic_value(&self) -> f64 {
        self.inner.params().strategic_value
    }
    /// beta: the patron's bargaining weight in use (given, or r_C/(r_P + r_C) from patience),
    /// as a Fraction.
    #[getter]
    fn bargaining_power<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, &self.inner.bargaining_power())
    }
    /// [r_P, r_C] as given, or None.
    #[getter]
    fn patience(&self) -> Option<Vec<f64>> {
        self.inner.params().patience.map(|r| r.to_vec())
    }
    /// [lambda_P, lambda_C]: utility per unit of autonomy for patron and client.
    #[getter]
    fn autonomy_value(&self) -> Vec<f64> {
        self.inner.params().autonomy_value.to_vec()
    }
    /// o_C: the client's best alternative deal.
    #[getter]
    fn outside_option(&self) -> f64 {
        self.inner.params().outside_option
    }
    /// delta: the discount factor of the repeated relationship, as a Fraction.
    #[getter]
    fn discount<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, &self.inner.discount())
    }

    /// The derived quantities: success_alone s_C, success_allied s_A, security_gain B,
    /// protection_cost k_P, surplus B - k_P, bargaining_power beta. Floats, or Fractions with
    /// ``exact=True``.
    #[pyo3(signature = (exact=false))]
    fn derived<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let x = self.inner.derived();
        let d = PyDict::new(py);
        d.set_item("success_alone", value(py, &x.success_alone, exact)?)?;
        d.set_item("success_allied", value(py, &x.success_allied, exact)?)?;
        d.set_item("security_gain", value(py, &x.security_gain, exact)?)?;
        d.set_item("protection_cost", value(py, &x.protection_cost, exact)?)?;
        d.set_item("surplus", value(py, &x.surplus, exact)?)?;
        d.set_item("bargaining_power", value(py, &x.bargaining_power, exact)?)?;
        Ok(d)
    }

    /// The bargained price: nash_price a_NB = beta B/lC + (1 - beta) kP/lP, price
    /// a* = min(a_NB, (B - o_C)/lC) (outside-option principle), outside_option_binds,
    /// patron_gain lP a* - kP, client_gain B - lC a*, participation (gains from trade and both
    /// participation constraints). Floats, or Fractions with ``exact=True``.
    #[pyo3(signature = (exact=false))]
    fn bargain<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let b = self.inner.bargain();
        let d = PyDict::new(py);
        d.set_item("nash_price", value(py, &b.nash_price, exact)?)?;
        d.set_item("price", value(py, &b.price, exact)?)?;
        d.set_item("outside_option_binds", b.outside_option_binds)?;
        d.set_item("patron_gain", value(py, &b.patron_gain, exact)?)?;
        d.set_item("client_gain", value(py, &b.client_gain, exact)?)?;
        d.set_item("participation", b.participation)?;
        Ok(d)
    }

    /// The bargained price a* (negative: the patron pays the client aid).
    #[pyo3(signature = (exact=false))]
    fn price<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.inner.bargain().price, exact)
    }

    /// Rubinstein's alternating offers (patron first) with per-round discount factors
    /// eta_P, eta_C in [0, 1): share = (1 - eta_C)/(1 - eta_P eta_C), the patron's share of
    /// the gains from trade, and the price at that share. Tends to beta = r_C/(r_P + r_C) as
    /// eta_i = exp(-r_i dt), dt -> 0. The outside option is not part of this split.
    #[pyo3(signature = (patron_discount, client_discount, exact=false))]
    fn rubinstein<'py>(
        &self,
        py: Python<'py>,
        patron_discount: &Bound<'py, PyAny>,
        client_discount: &Bound<'py, PyAny>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let r = self.inner.rubinstein(
            &args::rational(patron_discount, "patron_discount")?,
            &args::rational(client_discount, "client_discount")?,
        )?;
        let d = PyDict::new(py);
        d.set_item("share", value(py, &r.share, exact)?)?;
        d.set_item("price", value(py, &r.price, exact)?)?;
        Ok(d)
    }

    /// The 2x2 stage game at ``price`` (default: the bargained a*), exact payoffs.
    #[pyo3(signature = (price=None))]
    fn stage_game(&self, price: Option<&Bound<'_, PyAny>>) -> PyResult<PyGame> {
        let price = rational_arg(price, "price")?;
        Ok(PyGame {
            inner: self.inner.stage_game(price.as_ref())?,
        })
    }

    /// The stage game at ``price`` (default a*) repeated for ever with the common discount
    /// factor ``discount`` (default the model's delta), as a ``detente.RepeatedGame``.
    #[pyo3(signature = (discount=None, price=None))]
    fn repeated_game(
        &self,
        discount: Option<&Bound<'_, PyAny>>,
        price: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyRepeatedGame> {
        let discount = rational_arg(discount, "discount")?;
        let price = rational_arg(price, "price")?;
        Ok(PyRepeatedGame {
            inner: self
                .inner
                .repeated_game(discount.as_ref(), price.as_ref())?,
        })
    }

    /// Grim-trigger thresholds at ``price`` (default a*): patron delta_P = kP/(lP a), client
    /// delta_C = lC a/B, critical delta* = max of the two (>= 1: never sustainable). Raises
    /// ValueError unless kP > 0, B > 0 and a > 0.
    #[pyo3(signature = (price=None, exact=false))]
    fn thresholds<'py>(
        &self,
        py: Python<'py>,
        price: Option<&Bound<'py, PyAny>>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let price = rational_arg(price, "price")?;
        let t = self.inner.thresholds(price.as_ref())?;
        let d = PyDict::new(py);
        d.set_item("price", value(py, &t.price, exact)?)?;
        d.set_item("patron", value(py, &t.patron, exact)?)?;
        d.set_item("client", value(py, &t.client, exact)?)?;
        d.set_item("critical", value(py, &t.critical, exact)?)?;
        Ok(d)
    }

    /// delta*(a): the smallest discount factor at which the exchange at ``price`` (default
    /// a*) is self-enforcing under grim reversion. Raises ValueError as ``thresholds``.
    #[pyo3(signature = (price=None, exact=false))]
    fn critical_discount<'py>(
        &self,
        py: Python<'py>,
        price: Option<&Bound<'py, PyAny>>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let price = rational_arg(price, "price")?;
        value(py, &self.inner.thresholds(price.as_ref())?.critical, exact)
    }

    /// The price a° = sqrt(kP B/(lP lC)) minimizing delta*(a), and delta° = sqrt(lC kP/(lP B)):
    /// price, threshold (floats; with ``exact=True`` Fractions when the roots are rational,
    /// else floats), price_squared, threshold_squared (Fractions with ``exact=True``) and
    /// feasible (a° respects the client's outside option). Raises ValueError unless kP > 0 and
    /// B > 0.
    #[pyo3(signature = (exact=false))]
    fn easiest_price<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let e = self.inner.easiest_price()?;
        let root = |float: f64, root: &Option<BigRational>| -> PyResult<Bound<'py, PyAny>> {
            match root {
                Some(x) if exact => fraction(py, x),
                _ => Ok(float.into_pyobject(py)?.into_any()),
            }
        };
        let d = PyDict::new(py);
        d.set_item("price", root(e.price, &e.price_exact)?)?;
        d.set_item("threshold", root(e.threshold, &e.threshold_exact)?)?;
        d.set_item("price_squared", value(py, &e.price_squared, exact)?)?;
        d.set_item("threshold_squared", value(py, &e.threshold_squared, exact)?)?;
        d.set_item("feasible", e.feasible)?;
        Ok(d)
    }
});

/// Reads an optional "specific" / "diffuse".
fn kind_arg(kind: Option<&str>) -> PyResult<Option<ReciprocityKind>> {
    Ok(kind.map(str::parse).transpose()?)
}

/// M7, specific vs diffuse reciprocity: bilateral vs community enforcement of cooperation
/// among n states matched at random (Keohane 1986; Axelrod & Keohane 1985; Kandori 1992).
///
/// Each period the n states are paired at random (a given pair meets with probability
/// 1/(n - 1)) and each pair plays the prisoners' dilemma (C, C) = (R, R), (D, C) = (T, S),
/// (D, D) = (P, P). Under specific reciprocity a cheat is punished only by its victim; under
/// diffuse reciprocity a defection made public (probability q) is punished by everyone. A
/// deviator punished with probability rho per period faces a 2-player repeated PD with
/// effective discount rho delta/(1 - (1 - rho) delta); cooperation is sustainable iff
/// delta >= (T - R)/((T - R) + rho (R - P)).
///
/// Parameters: payoffs [T, R, P, S] (T > R > P > S, 2R > T + S; default Axelrod's
/// [5, 3, 1, 0]), n_states n (even, >= 2; default 10), discount delta (in (0, 1); default
/// 0.75), publicity q (in [0, 1]; default 1), reciprocity ("specific" or "diffuse", the
/// specification's parameter `regime`; default "diffuse"), noise epsilon (in [0, 1/2), for
/// tournaments; default 0).
///
/// The alliance-model protocol: params(), param_info(), from_params(dict), game() (the stage
/// PD), regime() (bilateral, multilateral or no_cooperation), describe(), cite(),
/// to_json()/from_json(), ==, pickle.
#[pyclass(module = "detente.alliance", name = "Reciprocity", frozen, eq)]
#[derive(PartialEq)]
pub(super) struct PyReciprocity {
    inner: Reciprocity,
}

model_class!(PyReciprocity, Reciprocity,
game: "the stage prisoners' dilemma between two matched states, actions C and D, exact payoffs.",
regime: "bilateral (specific reciprocity sustains cooperation), multilateral (only diffuse reciprocity with publicity q does) or no_cooperation.",
{
    #[new]
    #[pyo3(signature = (payoffs=None, n_states=None, discount=None, publicity=None,
                        reciprocity=None, noise=None))]
    fn new(
        payoffs: Option<&Bound<'_, PyAny>>,
        n_states: Option<&Bound<'_, PyAny>>,
        discount: Option<&Bound<'_, PyAny>>,
        publicity: Option<&Bound<'_, PyAny>>,
        reciprocity: Option<&Bound<'_, PyAny>>,
        noise: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let params = given(&[
            ("payoffs", payoffs),
            ("n_states", n_states),
            ("discount", discount),
            ("publicity", publicity),
            ("reciprocity", reciprocity),
            ("noise", noise),
        ])?;
        Ok(Self {
            inner: Reciprocity::from_params(&params)?,
        })
    }

    /// [T, R, P, S].
    #[getter]
    fn payoffs(&self) -> Vec<f64> {
        self.inner.params().payoffs.to_vec()
    }
    /// n: the number of states.
    #[getter]
    fn n_states(&self) -> usize {
        self.inner.params().n_states
    }
    /// delta, as a Fraction.
    #[getter]
    fn discount<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, &self.inner.discount())
    }
    /// q: the probability that a defection becomes public.
    #[getter]
    fn publicity(&self) -> f64 {
        self.inner.params().publicity
    }
    /// "specific" or "diffuse": the model's own enforcement (the default of the methods).
    #[getter]
    fn reciprocity(&self) -> &'static str {
        self.inner.params().reciprocity.as_str()
    }
    /// epsilon: the implementation error probability for tournaments.
    #[getter]
    fn noise(&self) -> f64 {
        self.inner.params().noise
    }

    /// 1/(n - 1): the probability that two given states meet in a period.
    #[pyo3(signature = (exact=false))]
    fn matching_probability<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.inner.matching_probability(), exact)
    }

    /// rho: the probability that a deviator is punished in a given future period, 1/(n - 1)
    /// (specific) or q + (1 - q)/(n - 1) (diffuse); ``reciprocity`` defaults to the model's.
    #[pyo3(signature = (reciprocity=None, exact=false))]
    fn punishment_rate<'py>(
        &self,
        py: Python<'py>,
        reciprocity: Option<&str>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.inner.punishment_rate(kind_arg(reciprocity)?), exact)
    }

    /// The critical discount factor (T - R)/((T - R) + rho (R - P)) under ``reciprocity``
    /// (default the model's): 9/10 (specific) and 1/2 (diffuse, q = 1) for the defaults.
    #[pyo3(signature = (reciprocity=None, exact=false))]
    fn critical_discount<'py>(
        &self,
        py: Python<'py>,
        reciprocity: Option<&str>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.inner.critical_discount(kind_arg(reciprocity)?), exact)
    }

    /// delta*(rho) = (T - R)/((T - R) + rho (R - P)) for any punishment probability rho in
    /// (0, 1].
    #[pyo3(signature = (rho, exact=false))]
    fn critical_discount_at<'py>(
        &self,
        py: Python<'py>,
        rho: &Bound<'py, PyAny>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rho = args::rational(rho, "rho")?;
        value(py, &self.inner.critical_discount_at(&rho)?, exact)
    }

    /// The effective discount rho delta/(1 - (1 - rho) delta) of the equivalent 2-player game,
    /// under ``reciprocity`` (default the model's) at ``discount`` (default the model's delta).
    #[pyo3(signature = (reciprocity=None, discount=None, exact=false))]
    fn effective_discount<'py>(
        &self,
        py: Python<'py>,
        reciprocity: Option<&str>,
        discount: Option<&Bound<'py, PyAny>>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let discount = rational_arg(discount, "discount")?;
        let eff = self
            .inner
            .effective_discount(kind_arg(reciprocity)?, discount.as_ref())?;
        value(py, &eff, exact)
    }

    /// The inverse map: the community discount factor delta_eff/(rho + (1 - rho) delta_eff)
    /// whose effective discount is ``effective``.
    #[pyo3(signature = (effective, reciprocity=None, exact=false))]
    fn discount_from_effective<'py>(
        &self,
        py: Python<'py>,
        effective: &Bound<'py, PyAny>,
        reciprocity: Option<&str>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let eff = args::rational(effective, "effective")?;
        let delta = self
            .inner
            .discount_from_effective(&eff, kind_arg(reciprocity)?)?;
        value(py, &delta, exact)
    }

    /// The stage prisoners' dilemma (players State and Partner, actions C and D).
    fn stage_game(&self) -> PyResult<PyGame> {
        Ok(PyGame {
            inner: self.inner.stage_game()?,
        })
    }

    /// The 2-player ``detente.RepeatedGame`` equivalent to the community under
    /// ``reciprocity`` (default the model's): the stage PD with the effective discount factor.
    #[pyo3(signature = (reciprocity=None))]
    fn repeated_game(&self, reciprocity: Option<&str>) -> PyResult<PyRepeatedGame> {
        Ok(PyRepeatedGame {
            inner: self.inner.repeated_game(kind_arg(reciprocity)?)?,
        })
    }

    /// The 2-player discount factor above which tit-for-tat is a Nash equilibrium (Axelrod
    /// 1984): max((T - R)/(T - P), (T - R)/(R - S)).
    #[pyo3(signature = (exact=false))]
    fn tft_threshold<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.inner.tft_threshold(), exact)
    }

    /// Community enforcement without an institution: Kandori's (1992) contagion threshold for
    /// the model's n states (each sees only its own matches). A dict: discount (float, or None
    /// if no discount factor works), exact (Fraction when the threshold is rational, else
    /// None), polynomial (Fractions, lowest degree first, of which it is a root), bracket
    /// (Fractions lower, upper around it, narrower than 2^-100) and binding (which constraint
    /// binds). Same as ``detente.repeated.contagion_threshold(m.stage_game(), n_states)``.
    fn contagion_threshold<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let c = run(py, || self.inner.contagion_threshold())?;
        let d = PyDict::new(py);
        d.set_item("discount", c.discount)?;
        match &c.threshold {
            Some(t) => {
                d.set_item("exact", t.exact.as_ref().map(|x| fraction(py, x)).transpose()?)?;
                d.set_item("polynomial", fractions(py, &t.polynomial)?)?;
                d.set_item(
                    "bracket",
                    (fraction(py, &t.lower)?, fraction(py, &t.upper)?),
                )?;
            }
            None => {
                d.set_item("exact", py.None())?;
                d.set_item("polynomial", fractions(py, &c.polynomial)?)?;
                d.set_item("bracket", py.None())?;
            }
        }
        d.set_item("binding", c.binding)?;
        Ok(d)
    }

    /// The names of the rules the tournament view compares, in the order of
    /// ``strategy_payoffs``: TFT, GRIM (grim trigger), GTFT (generous tit-for-tat forgiving with
    /// probability ``gtft_generosity()``), WSLS (win-stay lose-shift), ALLD, ALLC.
    fn strategy_names(&self) -> PyResult<Vec<String>> {
        Ok(self.inner.strategies()?.into_iter().map(|(n, _)| n).collect())
    }

    /// The exact discounted payoff of each rule (row) against each (column) in the 2-player
    /// repeated game equivalent to the community under ``reciprocity`` (default the model's),
    /// without noise: the payoff matrix for evolutionary dynamics. A numpy array, or a list of
    /// lists of Fractions with ``exact=True``.
    #[pyo3(signature = (reciprocity=None, exact=false))]
    fn strategy_payoffs<'py>(
        &self,
        py: Python<'py>,
        reciprocity: Option<&str>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kind = kind_arg(reciprocity)?;
        let v = run(py, || self.inner.strategy_payoffs(kind))?;
        if exact {
            let rows = v
                .iter()
                .map(|row| fractions(py, row))
                .collect::<PyResult<Vec<_>>>()?;
            return Ok(PyList::new(py, rows)?.into_any());
        }
        let floats: Vec<Vec<f64>> = v
            .iter()
            .map(|row| {
                row.iter()
                    .map(|x| num_traits::ToPrimitive::to_f64(x).unwrap_or(f64::NAN))
                    .collect()
            })
            .collect();
        py.import("numpy")?.getattr("array")?.call1((floats,))
    }

    /// The evolutionary view as a symmetric game: actions are the rules of
    /// ``strategy_names()``, payoffs ``strategy_payoffs(reciprocity)`` (exact), for the
    /// equilibrium solvers and the replicator dynamics. A rule paired with itself is an
    /// equilibrium iff no rule of the field invades it.
    #[pyo3(signature = (reciprocity=None))]
    fn strategy_game(&self, py: Python<'_>, reciprocity: Option<&str>) -> PyResult<PyGame> {
        let kind = kind_arg(reciprocity)?;
        let inner = run(py, || self.inner.strategy_game(kind))?;
        Ok(PyGame { inner })
    }

    /// A round-robin tournament of the rules (``strategy_names()``) in the stage game with
    /// the model's noise, ``turns`` turns per match and ``repetitions`` repetitions, seeded
    /// (the same for any thread count); releases the GIL and stops on Ctrl-C. A pandas
    /// DataFrame, best first: rank, strategy, median_score, mean_score, wins,
    /// cooperation_rate (scores are mean payoffs per turn). Defaults: 200 turns, 20
    /// repetitions, seed 0.
    #[pyo3(signature = (turns=None, repetitions=None, seed=None))]
    fn tournament<'py>(
        &self,
        py: Python<'py>,
        turns: Option<&Bound<'py, PyAny>>,
        repetitions: Option<&Bound<'py, PyAny>>,
        seed: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let turns = turns.map_or(Ok(200), |t| args::count(t, "turns", 1))?;
        let repetitions = repetitions.map_or(Ok(20), |r| args::count(r, "repetitions", 1))?;
        let seed = seed.map_or(Ok(0), args::seed)?;
        let t = run(py, || self.inner.tournament(turns, repetitions, seed))?;
        let labels = crate::report::Labels::of(&self.inner.stage_game()?);
        frame(py, &crate::report::Report::table(&t, &labels))
    }

    /// Generous tit-for-tat's forgiveness probability as delta -> 1 (Nowak & Sigmund 1992):
    /// min(1 - (T - R)/(R - S), (R - P)/(T - P)).
    #[pyo3(signature = (exact=false))]
    fn gtft_generosity<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.inner.gtft_generosity(), exact)
    }
});

mod institutional_power;
mod powerplay;
