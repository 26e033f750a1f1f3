//! `RepeatedGame.payoffs`, `RepeatedGame.is_spe`, `RepeatedGame.spe_discount_range` and their
//! result classes `RepeatedPayoffs`, `SpeCheck`, `SpeDiscountRange`, `DiscountInterval`.

use num_bigint::BigInt;
use num_rational::BigRational;
use numpy::{PyArray1, ToPyArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyList, PyTuple};
use serde::{Deserialize, Serialize};

use super::automaton::PyAutomaton;
use super::game::PyRepeatedGame;
use crate::python::args;
use crate::python::face::{Checked, fraction, json_class, result_class};
use crate::python::run::run;
use crate::repeated::{
    Automaton, DiscountInterval, RealRoot, RepeatedPayoffs, SpeCheck, SpeDiscountRange,
};
use crate::report::Labels;

/// A discount factor for `contains`: a `Fraction` or an `int` taken exactly (a bracket end of
/// an irrational root is a fraction with a large denominator that a float cannot hold), any
/// other number as the simplest fraction that rounds to it.
fn exact_delta(obj: &Bound<'_, PyAny>) -> PyResult<BigRational> {
    let py = obj.py();
    let fraction_type = py.import("fractions")?.getattr("Fraction")?;
    let is_int = obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>();
    if is_int || obj.is_instance(&fraction_type)? {
        let part = |name: &str| -> PyResult<BigInt> {
            let text: String = obj.getattr(name)?.str()?.extract()?;
            text.parse::<BigInt>()
                .map_err(|_| PyTypeError::new_err("delta: not an integer ratio"))
        };
        return Ok(BigRational::new(part("numerator")?, part("denominator")?));
    }
    args::rational(obj, "delta")
}

/// The automata passed as ``*strategies`` (or as one list), one per player.
fn automata(strategies: &Bound<'_, PyTuple>) -> PyResult<Vec<Automaton>> {
    let mut items: Vec<Bound<'_, PyAny>> = strategies.iter().collect();
    if items.len() == 1
        && (items[0].is_instance_of::<PyList>() || items[0].is_instance_of::<PyTuple>())
    {
        items = items[0].try_iter()?.collect::<PyResult<_>>()?;
    }
    items
        .iter()
        .enumerate()
        .map(|(i, x)| {
            x.cast::<PyAutomaton>()
                .map(|a| a.get().inner.clone())
                .map_err(|_| {
                    PyTypeError::new_err(format!(
                        "strategies[{i}] must be a detente.Automaton (one per player, in seat \
                         order), got {}",
                        x.get_type()
                            .name()
                            .map_or_else(|_| "?".into(), |n| n.to_string())
                    ))
                })
        })
        .collect()
}

/// The discounted payoffs of a profile of automata (:meth:`RepeatedGame.payoffs`):
/// ``payoffs`` (numpy), ``payoffs_exact`` (``Fraction`` list, or ``None`` for a float stage
/// game), and for pure profiles the path of play: ``prefix`` then ``cycle`` repeated for ever,
/// each a list of action-label tuples (``None`` for mixed profiles).
#[pyclass(module = "detente", name = "RepeatedPayoffs", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyRepeatedPayoffs {
    #[serde(flatten)]
    inner: RepeatedPayoffs,
    #[serde(flatten)]
    labels: Labels,
}

fn path(labels: &Labels, profiles: &Option<Vec<Vec<usize>>>) -> Option<Vec<Vec<String>>> {
    profiles.as_ref().map(|ps| {
        ps.iter()
            .map(|p| {
                p.iter()
                    .enumerate()
                    .map(|(i, &a)| labels.action(i, a))
                    .collect()
            })
            .collect()
    })
}

result_class!(PyRepeatedPayoffs, "RepeatedPayoffs", {
    /// Each player's payoff: normalised, ``(1 - δ_i p) Σ_t (δ_i p)^t E[u_i]``, over an
    /// infinite horizon; the plain sum over a finite one.
    #[getter]
    fn payoffs<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.payoffs.to_pyarray(py)
    }

    /// The exact payoffs as ``fractions.Fraction``, or ``None`` for a float stage game.
    #[getter]
    fn payoffs_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
        self.inner
            .payoffs_exact
            .as_ref()
            .map(|x| x.iter().map(|v| fraction(py, v)).collect())
            .transpose()
    }

    /// The action profiles (label tuples) played before play cycles; ``None`` when some
    /// automaton mixes.
    #[getter]
    fn prefix<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyTuple>>>> {
        path(&self.labels, &self.inner.prefix)
            .map(|ps| ps.into_iter().map(|p| PyTuple::new(py, p)).collect())
            .transpose()
    }

    /// The action profiles (label tuples) of the cycle repeated for ever after the prefix;
    /// ``None`` when some automaton mixes.
    #[getter]
    fn cycle<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyTuple>>>> {
        path(&self.labels, &self.inner.cycle)
            .map(|ps| ps.into_iter().map(|p| PyTuple::new(py, p)).collect())
            .transpose()
    }

    /// The number of periods, or ``None`` for an infinite horizon.
    #[getter]
    fn horizon(&self) -> Option<usize> {
        self.inner.horizon
    }

    /// The number of joint automaton states reached on the path.
    #[getter]
    fn joint_states(&self) -> usize {
        self.inner.joint_states
    }
});

/// The verdict of :meth:`RepeatedGame.is_spe`: ``is_spe`` (also the object's truth value);
/// when it fails, the largest profitable one-shot deviation: ``state`` (each automaton's
/// state), ``period`` (finite horizons), ``player``, ``deviation`` (action label), ``gain``
/// and ``gain_exact``; and ``slack``, the smallest loss of a deviation to an action the
/// automaton does not play.
#[pyclass(module = "detente", name = "SpeCheck", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PySpeCheck {
    #[serde(flatten)]
    inner: SpeCheck,
    #[serde(flatten)]
    labels: Labels,
}

result_class!(PySpeCheck, "SpeCheck", {
    /// Whether the profile is a subgame-perfect equilibrium.
    #[getter]
    fn is_spe(&self) -> bool {
        self.inner.is_spe
    }

    fn __bool__(&self) -> bool {
        self.inner.is_spe
    }

    /// The joint state of the violation (each player's automaton state), or ``None``.
    #[getter]
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        self.inner
            .violation
            .as_ref()
            .map(|d| PyTuple::new(py, &d.state))
            .transpose()
    }

    /// The period (from 0) of the violation over a finite horizon, or ``None``.
    #[getter]
    fn period(&self) -> Option<usize> {
        self.inner.violation.as_ref().and_then(|d| d.period)
    }

    /// The player who gains by deviating, or ``None``.
    #[getter]
    fn player(&self) -> Option<String> {
        self.inner
            .violation
            .as_ref()
            .map(|d| self.labels.player(d.player))
    }

    /// The action (label) the player gains by playing once, or ``None``.
    #[getter]
    fn deviation(&self) -> Option<String> {
        self.inner
            .violation
            .as_ref()
            .map(|d| self.labels.action(d.player, d.action))
    }

    /// The gain of the deviation (normalised like the payoffs), or ``None``.
    #[getter]
    fn gain(&self) -> Option<f64> {
        self.inner.violation.as_ref().map(|d| d.gain)
    }

    /// The exact gain as a ``Fraction`` (exact stage games), or ``None``.
    #[getter]
    fn gain_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .violation
            .as_ref()
            .and_then(|d| d.gain_exact.as_ref())
            .map(|g| fraction(py, g))
            .transpose()
    }

    /// The smallest loss of a one-shot deviation to an action outside the automaton's
    /// support (how close the profile is to failing; negative when such a deviation gains),
    /// or ``None`` when there is none.
    #[getter]
    fn slack(&self) -> Option<f64> {
        self.inner.slack
    }

    /// The exact slack as a ``Fraction`` (exact stage games), or ``None``.
    #[getter]
    fn slack_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .slack_exact
            .as_ref()
            .map(|g| fraction(py, g))
            .transpose()
    }

    /// The number of joint states checked (pairs of period and joint state over a finite
    /// horizon).
    #[getter]
    fn joint_states(&self) -> usize {
        self.inner.joint_states
    }
});

/// One interval of discount factors of :class:`SpeDiscountRange`: ``low`` and ``high`` as
/// floats, ``low_exact`` / ``high_exact`` as ``Fraction`` (``None`` when irrational),
/// ``low_root`` / ``high_root`` for an irrational end (the coefficients of its polynomial,
/// lowest degree first, and a ``(low, high)`` bracket of ``Fraction`` holding exactly that
/// root), and whether each end is included (``low_closed``, ``high_closed``).
#[pyclass(module = "detente", name = "DiscountInterval", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyDiscountInterval {
    inner: DiscountInterval,
}

impl Checked for PyDiscountInterval {
    fn check(&self) -> crate::error::Result<()> {
        check_interval(&self.inner)
    }
}

fn check_interval(i: &DiscountInterval) -> crate::error::Result<()> {
    for r in [&i.low, &i.high] {
        if let RealRoot::Algebraic(a) = r
            && !(a.low < a.high && a.polynomial.len() >= 2)
        {
            return Err(crate::error::Error::Json(
                "an irrational end needs a non-empty bracket and a non-constant polynomial".into(),
            ));
        }
    }
    Ok(())
}

type Root<'py> = (
    Vec<Bound<'py, PyAny>>,
    (Bound<'py, PyAny>, Bound<'py, PyAny>),
);

fn root<'py>(py: Python<'py>, r: &RealRoot) -> PyResult<Option<Root<'py>>> {
    match r {
        RealRoot::Rational(_) => Ok(None),
        RealRoot::Algebraic(a) => Ok(Some((
            a.polynomial
                .iter()
                .map(|c| fraction(py, c))
                .collect::<PyResult<_>>()?,
            (fraction(py, &a.low)?, fraction(py, &a.high)?),
        ))),
    }
}

json_class!(PyDiscountInterval, {
    /// The lower end as a float.
    #[getter]
    fn low(&self) -> f64 {
        self.inner.low.to_f64()
    }

    /// The upper end as a float.
    #[getter]
    fn high(&self) -> f64 {
        self.inner.high.to_f64()
    }

    /// The lower end as a ``Fraction``, or ``None`` when it is irrational.
    #[getter]
    fn low_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.low.exact().map(|x| fraction(py, x)).transpose()
    }

    /// The upper end as a ``Fraction``, or ``None`` when it is irrational.
    #[getter]
    fn high_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.high.exact().map(|x| fraction(py, x)).transpose()
    }

    /// For an irrational lower end: ``(coefficients, (low, high))``, its polynomial (lowest
    /// degree first) and a bracket holding exactly that root; ``None`` for a rational end.
    #[getter]
    fn low_root<'py>(&self, py: Python<'py>) -> PyResult<Option<Root<'py>>> {
        root(py, &self.inner.low)
    }

    /// As ``low_root``, for the upper end.
    #[getter]
    fn high_root<'py>(&self, py: Python<'py>) -> PyResult<Option<Root<'py>>> {
        root(py, &self.inner.high)
    }

    /// Whether the lower end belongs to the interval.
    #[getter]
    fn low_closed(&self) -> bool {
        self.inner.low_closed
    }

    /// Whether the upper end belongs to the interval.
    #[getter]
    fn high_closed(&self) -> bool {
        self.inner.high_closed
    }

    /// Whether ``delta`` lies in the interval (a ``Fraction`` or ``int`` is taken exactly, a
    /// float as the simplest fraction that rounds to it: ``0.5`` is ``1/2``).
    fn contains(&self, delta: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.inner.contains(&exact_delta(delta)?))
    }

    fn __contains__(&self, delta: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.contains(delta)
    }

    fn __repr__(&self) -> String {
        format!("DiscountInterval({})", self.inner.text())
    }
});

/// The common discount factors at which a profile is subgame perfect
/// (:meth:`RepeatedGame.spe_discount_range`): ``intervals`` (a list of
/// :class:`DiscountInterval`, increasing), ``is_empty``, ``contains(delta)`` (also
/// ``delta in result``), ``constraints`` (the number of distinct deviation constraints) and
/// ``continuation`` (the continuation probability held fixed).
#[pyclass(module = "detente", name = "SpeDiscountRange", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PySpeDiscountRange {
    #[serde(flatten)]
    inner: SpeDiscountRange,
    #[serde(flatten)]
    labels: Labels,
}

result_class!(PySpeDiscountRange, "SpeDiscountRange", {
    /// The intervals, in increasing order.
    #[getter]
    fn intervals(&self) -> Vec<PyDiscountInterval> {
        self.inner
            .intervals
            .iter()
            .map(|i| PyDiscountInterval { inner: i.clone() })
            .collect()
    }

    /// Whether no discount factor in ``[0, 1)`` makes the profile subgame perfect.
    #[getter]
    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// Whether the profile is subgame perfect at the common discount factor ``delta`` (a
    /// ``Fraction`` or ``int`` is taken exactly, a float as the simplest fraction that rounds
    /// to it: ``0.5`` is ``1/2``).
    fn contains(&self, delta: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.inner.contains(&exact_delta(delta)?))
    }

    fn __contains__(&self, delta: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.contains(delta)
    }

    /// The number of distinct one-shot deviation constraints (polynomials in δ).
    #[getter]
    fn constraints(&self) -> usize {
        self.inner.constraints
    }

    /// The continuation probability held fixed, as a ``Fraction``.
    #[getter]
    fn continuation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, &self.inner.continuation)
    }
});

#[pymethods]
impl PyRepeatedGame {
    /// The discounted payoffs when each player follows an :class:`Automaton` (one per
    /// player, in seat order, each built for the stage game from its own seat), computed in
    /// closed form: exact ``Fraction`` values when the stage payoffs are exact, and for pure
    /// profiles the path of play (a prefix, then a cycle repeated for ever).
    ///
    /// Over an infinite horizon payoffs are normalised, ``(1 - δ_i p) Σ_t (δ_i p)^t E[u_i]``;
    /// over a finite horizon they are plain discounted sums (not normalised).
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> grim = dt.Automaton(["c", "p"], [0, 1], [[[0, 1], [1, 1]], [[1, 1], [1, 1]]])
    /// >>> defect = dt.Automaton(["d"], [1], [[[0, 0], [0, 0]]])
    /// >>> v = dt.RepeatedGame(pd, 0.9).payoffs(grim, defect)
    /// >>> v.payoffs_exact
    /// [Fraction(9, 10), Fraction(7, 5)]
    #[pyo3(signature = (*strategies))]
    fn payoffs(
        &self,
        py: Python<'_>,
        strategies: &Bound<'_, PyTuple>,
    ) -> PyResult<PyRepeatedPayoffs> {
        let autos = automata(strategies)?;
        let rg = &self.inner;
        let inner = run(py, || {
            let refs: Vec<&Automaton> = autos.iter().collect();
            rg.payoffs(&refs)
        })?;
        Ok(PyRepeatedPayoffs {
            inner,
            labels: Labels::of(rg.stage()),
        })
    }

    /// Whether a profile of automata is a subgame-perfect equilibrium, by the one-shot
    /// deviation principle in every joint state reachable from the initial one under
    /// arbitrary action profiles (each such state is where some history, on or off the path,
    /// leads; unreachable joint states are no subgame). Exact when the stage payoffs are
    /// exact; with float payoffs a gain counts above ``1e-9`` times the largest absolute
    /// payoff. Mixed outputs pass when every action in their support is a best one-shot
    /// reply. Finite horizons are checked by backward induction.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> grim = dt.Automaton(["c", "p"], [0, 1], [[[0, 1], [1, 1]], [[1, 1], [1, 1]]])
    /// >>> bool(dt.RepeatedGame(pd, 0.6).is_spe(grim, grim))
    /// True
    /// >>> check = dt.RepeatedGame(pd, 0.4).is_spe(grim, grim)
    /// >>> check.state, check.player, check.deviation, check.gain_exact
    /// (('c', 'c'), 'P1', 'a2', Fraction(2, 5))
    #[pyo3(signature = (*strategies))]
    fn is_spe(&self, py: Python<'_>, strategies: &Bound<'_, PyTuple>) -> PyResult<PySpeCheck> {
        let autos = automata(strategies)?;
        let rg = &self.inner;
        let inner = run(py, || {
            let refs: Vec<&Automaton> = autos.iter().collect();
            rg.is_spe(&refs)
        })?;
        Ok(PySpeCheck {
            inner,
            labels: Labels::of(rg.stage()),
        })
    }

    /// The common discount factors δ in ``[0, 1)`` (the same for every player; the
    /// continuation probability held fixed) at which a profile of automata is subgame
    /// perfect: empty, a single point, an interval or a union, with exact ends (a
    /// ``Fraction``, or a root of a polynomial with a certified bracket). The game's own
    /// discount factors are ignored. Not available for finite horizons.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> grim = dt.Automaton(["c", "p"], [0, 1], [[[0, 1], [1, 1]], [[1, 1], [1, 1]]])
    /// >>> r = dt.RepeatedGame(pd, 0.9).spe_discount_range(grim, grim)
    /// >>> r.intervals
    /// [DiscountInterval([1/2, 1))]
    /// >>> 0.5 in r, 0.49 in r
    /// (True, False)
    #[pyo3(signature = (*strategies))]
    fn spe_discount_range(
        &self,
        py: Python<'_>,
        strategies: &Bound<'_, PyTuple>,
    ) -> PyResult<PySpeDiscountRange> {
        let autos = automata(strategies)?;
        let rg = &self.inner;
        let inner = run(py, || {
            let refs: Vec<&Automaton> = autos.iter().collect();
            rg.spe_discount_range(&refs)
        })?;
        Ok(PySpeDiscountRange {
            inner,
            labels: Labels::of(rg.stage()),
        })
    }
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRepeatedPayoffs>()?;
    m.add_class::<PySpeCheck>()?;
    m.add_class::<PyDiscountInterval>()?;
    m.add_class::<PySpeDiscountRange>()
}
