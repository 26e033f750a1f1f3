//! `RepeatedGame.critical_discount`, `detente.repeated.contagion_threshold` and their result
//! classes `CriticalDiscount`, `ContagionThreshold` and `AlgebraicNumber`.

use num_rational::BigRational;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde::{Deserialize, Serialize};

use super::game::PyRepeatedGame;
use crate::error::Error;
use crate::format;
use crate::python::args;
use crate::python::face::{Checked, fraction, json_class, result_class};
use crate::python::game::PyGame;
use crate::python::run::run;
use crate::repeated::{
    AlgebraicNumber, ContagionThreshold, CriticalDiscount, CriticalInterval as DiscountInterval,
    Punishment, contagion_threshold,
};
use crate::report::Labels;

/// A real algebraic number held exactly: a root of ``polynomial`` (rational coefficients,
/// lowest degree first) isolated in the rational bracket ``[lower, upper]`` of width below
/// 1e-30; ``exact`` is the ``Fraction`` when the number is rational (then ``lower == upper``),
/// ``value`` the nearest float (also ``float(x)``).
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
/// >>> t = dt.repeated.contagion_threshold(pd, population=4).threshold
/// >>> round(float(t), 6), t.exact is None
/// (0.686141, True)
#[pyclass(module = "detente.repeated", name = "AlgebraicNumber", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyAlgebraicNumber {
    #[serde(flatten)]
    inner: AlgebraicNumber,
}

impl Checked for PyAlgebraicNumber {
    fn check(&self) -> crate::error::Result<()> {
        let a = &self.inner;
        if a.lower > a.upper || a.polynomial.len() < 2 {
            return Err(Error::Json(
                "AlgebraicNumber: lower must not exceed upper, and the polynomial must have degree >= 1".into(),
            ));
        }
        Ok(())
    }
}

json_class!(PyAlgebraicNumber, {
    /// The coefficients of a square-free polynomial it is a root of, lowest degree first, as
    /// ``Fraction``.
    #[getter]
    fn polynomial<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.inner
            .polynomial
            .iter()
            .map(|c| fraction(py, c))
            .collect()
    }

    /// A rational lower bound (``Fraction``).
    #[getter]
    fn lower<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, &self.inner.lower)
    }

    /// A rational upper bound (``Fraction``), less than 1e-30 above ``lower``.
    #[getter]
    fn upper<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, &self.inner.upper)
    }

    /// The number as a ``Fraction`` when it is rational, else ``None``.
    #[getter]
    fn exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .exact
            .as_ref()
            .map(|r| fraction(py, r))
            .transpose()
    }

    /// The nearest float.
    #[getter]
    fn value(&self) -> f64 {
        self.inner.value
    }

    fn __float__(&self) -> f64 {
        self.inner.value
    }

    fn __repr__(&self) -> String {
        match &self.inner.exact {
            Some(r) => format!("AlgebraicNumber({})", format::rational(r)),
            None => format!(
                "AlgebraicNumber({} ≈ root of {} in [{}, {}])",
                format::number(self.inner.value),
                crate::repeated::poly_text(&self.inner.polynomial),
                format::rational(&self.inner.lower),
                format::rational(&self.inner.upper)
            ),
        }
    }
});

/// The exact value: a ``Fraction`` when rational, else an :class:`AlgebraicNumber`.
fn exact_value(py: Python<'_>, a: &AlgebraicNumber) -> PyResult<Py<PyAny>> {
    match &a.exact {
        Some(r) => Ok(fraction(py, r)?.unbind()),
        None => Ok(Py::new(py, PyAlgebraicNumber { inner: a.clone() })?.into_any()),
    }
}

/// An interval of discount factors for Python: `(lower, upper)`.
type PyInterval = (Py<PyAny>, Option<Py<PyAny>>);

/// Intervals as ``(lower, upper)`` pairs of exact values (``upper`` ``None``: up to 1).
fn intervals(py: Python<'_>, list: &[DiscountInterval]) -> PyResult<Vec<PyInterval>> {
    list.iter()
        .map(|i| {
            Ok((
                exact_value(py, &i.lower)?,
                i.upper.as_ref().map(|u| exact_value(py, u)).transpose()?,
            ))
        })
        .collect()
}

fn binding_dict<'py>(
    py: Python<'py>,
    b: &Option<crate::repeated::Binding>,
    labels: &Labels,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    b.as_ref()
        .map(|b| {
            let d = PyDict::new(py);
            d.set_item("player", labels.player(b.player))?;
            d.set_item("period", b.period)?;
            d.set_item("phase", &b.phase)?;
            Ok(d)
        })
        .transpose()
}

/// Critical discount factors of a target profile (or cycle of profiles): the smallest common
/// discount factor at which it is played in a subgame-perfect equilibrium under the chosen
/// punishment (``discount``, ``discount_exact``), each player's own threshold
/// (``thresholds``: under unequal discounting the profile is sustained when each player's
/// factor reaches its own), the binding constraint, the exact sets of discount factors
/// (``intervals``), and whether it ``holds`` at the repeated game's own factors.
///
/// Returned by :meth:`RepeatedGame.critical_discount`.
#[pyclass(module = "detente.repeated", name = "CriticalDiscount", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct PyCriticalDiscount {
    #[serde(flatten)]
    inner: CriticalDiscount,
    #[serde(flatten)]
    labels: Labels,
}

result_class!(PyCriticalDiscount, "CriticalDiscount", {
    /// The smallest common discount factor at which the target is sustained (``None``:
    /// never).
    #[getter]
    fn discount(&self) -> Option<f64> {
        self.inner.discount
    }

    /// The same exactly: a ``Fraction``, an :class:`AlgebraicNumber` (a root of a polynomial
    /// isolated in a rational bracket), or ``None``.
    #[getter]
    fn discount_exact(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.inner
            .discount_exact
            .as_ref()
            .map(|a| exact_value(py, a))
            .transpose()
    }

    /// Each player's smallest discount factor at which its own constraints hold (``None``:
    /// never).
    #[getter]
    fn thresholds(&self) -> Vec<Option<f64>> {
        self.inner.thresholds.clone()
    }

    /// The same exactly (``Fraction`` or :class:`AlgebraicNumber`, ``None``: never).
    #[getter]
    fn thresholds_exact(&self, py: Python<'_>) -> PyResult<Vec<Option<Py<PyAny>>>> {
        self.inner
            .thresholds_exact
            .iter()
            .map(|a| a.as_ref().map(|a| exact_value(py, a)).transpose())
            .collect()
    }

    /// Every common discount factor at which the target is sustained: closed intervals
    /// ``(lower, upper)`` of exact values, ``upper`` ``None`` when the interval reaches 1.
    #[getter]
    fn intervals(&self, py: Python<'_>) -> PyResult<Vec<PyInterval>> {
        intervals(py, &self.inner.intervals)
    }

    /// Each player's own intervals (see ``intervals``).
    #[getter]
    fn player_intervals(&self, py: Python<'_>) -> PyResult<Vec<Vec<PyInterval>>> {
        self.inner
            .player_intervals
            .iter()
            .map(|l| intervals(py, l))
            .collect()
    }

    /// The binding constraint at ``discount``: ``{"player", "period", "phase"}`` (phase
    /// ``"target"`` or ``"punishing <player>"``), or ``None`` when ``discount`` is 0 or never.
    #[getter]
    fn binding<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        binding_dict(py, &self.inner.binding, &self.labels)
    }

    /// Each player's binding constraint at its own threshold.
    #[getter]
    fn player_binding<'py>(&self, py: Python<'py>) -> PyResult<Vec<Option<Bound<'py, PyDict>>>> {
        self.inner
            .player_binding
            .iter()
            .map(|b| binding_dict(py, b, &self.labels))
            .collect()
    }

    /// Why each player's constraints never hold (``None`` when they hold somewhere).
    #[getter]
    fn reasons(&self) -> Vec<Option<String>> {
        self.inner.reasons.clone()
    }

    /// Whether the target is sustained at the repeated game's own discount factors.
    #[getter]
    fn holds(&self) -> bool {
        self.inner.holds
    }

    /// The target cycle, as lists of action indices.
    #[getter]
    fn profile(&self) -> Vec<Vec<usize>> {
        self.inner.cycle.clone()
    }

    /// ``"grim"``, ``"nash"`` (a given stage equilibrium), ``"stick_and_carrot"`` or
    /// ``"optimal"``.
    #[getter]
    fn punishment(&self) -> String {
        self.inner.punishment.clone()
    }

    /// The penal code used, in words.
    #[getter]
    fn code(&self) -> String {
        self.inner.code.clone()
    }

    /// For a stick-and-carrot code: each player's number of punishment periods (empty for
    /// grim reversion).
    #[getter]
    fn stick(&self) -> Vec<usize> {
        self.inner.stick.clone()
    }

    /// For a stick-and-carrot code: the pure minmax profile punishing each player (empty for
    /// grim reversion).
    #[getter]
    fn minmax_profiles(&self) -> Vec<Vec<usize>> {
        self.inner.minmax_profiles.clone()
    }

    /// How the threshold was found: ``"exact"`` (the code's constraints solved exactly:
    /// grim, a given equilibrium, stick and carrot), ``"minmax_bound"`` (optimal codes: the
    /// closed form with the pure minmax as punishment, a lower bound, is attained by a simple
    /// code, so it is exact) or ``"abreu_sannikov"`` (optimal codes: bisection on the worst
    /// equilibrium payoffs; only ``bracket`` is known, ``discount_exact`` is ``None``).
    #[getter]
    fn method(&self) -> String {
        self.inner.method.clone()
    }

    /// ``(lo, hi)``, floats that contain the critical discount factor (``None``: never
    /// sustained). For ``"abreu_sannikov"`` the constraints fail below ``lo`` and hold at
    /// ``hi`` (= ``discount``), ``hi − lo <= 1e-9`` unless the worst payoffs could not be
    /// told from the threshold; ``hi`` is 1 when no sustaining δ was found up to 0.999.
    #[getter]
    fn bracket(&self) -> Option<(f64, f64)> {
        self.inner.bracket.map(|[lo, hi]| (lo, hi))
    }

    /// For ``"optimal"``: each player's worst subgame-perfect equilibrium payoff (its optimal
    /// punishment) at ``discount``, from the equilibrium payoff set (empty otherwise).
    #[getter]
    fn worst_payoffs(&self) -> Vec<f64> {
        self.inner.worst_payoffs.clone()
    }
});

/// One pure profile: action indices or labels.
fn profile_of(
    obj: &Bound<'_, PyAny>,
    game: &crate::game::Game,
    what: &str,
) -> PyResult<Vec<usize>> {
    let items: Vec<Bound<'_, PyAny>> = obj
        .try_iter()
        .map_err(|_| {
            Error::InvalidArgument(format!("{what} must be a list of actions (one per player)"))
        })?
        .collect::<PyResult<_>>()?;
    items
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if let Ok(s) = a.cast::<PyString>() {
                let label = s.to_cow()?;
                if let Some(k) = (i < game.num_players())
                    .then(|| game.action_index(i, &label))
                    .flatten()
                {
                    return Ok(k);
                }
                Err(Error::InvalidArgument(format!(
                    "{what}[{i}]: {label:?} is not an action of player {}",
                    i + 1
                ))
                .into())
            } else {
                args::count(a, &format!("{what}[{i}]"), 0)
            }
        })
        .collect()
}

/// A profile or a list of profiles.
fn cycle_of(obj: &Bound<'_, PyAny>, game: &crate::game::Game) -> PyResult<Vec<Vec<usize>>> {
    if obj.is_instance_of::<PyString>() {
        return Err(Error::InvalidArgument(
            "profile must be a list of actions (one per player), not a string; e.g. [\"C\", \"C\"]"
                .into(),
        )
        .into());
    }
    let first = obj
        .try_iter()
        .map_err(|_| {
            Error::InvalidArgument(
                "profile must be a list of actions, or a list of such lists (a cycle)".into(),
            )
        })?
        .next();
    let nested = match first {
        Some(f) => {
            let f = f?;
            !f.is_instance_of::<PyString>() && f.try_iter().is_ok()
        }
        None => false,
    };
    if nested {
        obj.try_iter()?
            .enumerate()
            .map(|(t, p)| profile_of(&p?, game, &format!("profile[{t}]")))
            .collect()
    } else {
        Ok(vec![profile_of(obj, game, "profile")?])
    }
}

fn punishment_of(obj: &Bound<'_, PyAny>, n: usize) -> PyResult<Punishment> {
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_cow()?.as_ref() {
            "grim" => Ok(Punishment::Grim),
            "optimal" => Ok(Punishment::Optimal),
            "stick_and_carrot" => Ok(Punishment::StickAndCarrot),
            other => Err(Error::InvalidArgument(format!(
                "punishment: {other:?} is not a punishment; give \"grim\", \"optimal\", \"stick_and_carrot\" or a stage equilibrium (one list of probabilities per player)"
            ))
            .into()),
        };
    }
    let source = if obj.hasattr("exact_strategies")? && !obj.getattr("exact_strategies")?.is_none()
    {
        obj.getattr("exact_strategies")?
    } else if obj.hasattr("strategies")? {
        obj.getattr("strategies")?
    } else {
        obj.clone()
    };
    let players: Vec<Bound<'_, PyAny>> = source
        .try_iter()
        .map_err(|_| {
            Error::InvalidArgument(
                "punishment must be \"grim\", \"optimal\", \"stick_and_carrot\" or a stage equilibrium".into(),
            )
        })?
        .collect::<PyResult<_>>()?;
    if players.len() != n {
        return Err(Error::InvalidArgument(format!(
            "punishment: {} strategies for {n} players; give one list of probabilities per player",
            players.len()
        ))
        .into());
    }
    let profile: Vec<Vec<BigRational>> = players
        .iter()
        .enumerate()
        .map(|(i, s)| exact_list(s, &format!("punishment[{i}]")))
        .collect::<PyResult<_>>()?;
    Ok(Punishment::Nash(profile))
}

/// Probabilities read exactly: `Fraction` and ints as they are, floats as the simplest
/// rational that rounds to them.
fn exact_list(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<BigRational>> {
    let fractions = obj.py().import("fractions")?.getattr("Fraction")?;
    obj.try_iter()
        .map_err(|_| Error::InvalidArgument(format!("{what} must be a list of probabilities")))?
        .enumerate()
        .map(|(k, x)| {
            let x = x?;
            if x.is_instance(&fractions)? || x.extract::<i64>().is_ok() {
                let f = fractions.call1((x,))?;
                let text: String = f.str()?.extract()?;
                text.parse::<BigRational>().map_err(|_| {
                    Error::InvalidArgument(format!("{what}[{k}] is not a number")).into()
                })
            } else {
                args::rational(&x, &format!("{what}[{k}]"))
            }
        })
        .collect()
}

#[pymethods]
impl PyRepeatedGame {
    /// The smallest discount factor at which a stage profile, or a cycle of profiles played in
    /// turn, is played in a subgame-perfect equilibrium, exactly.
    ///
    /// Each one-shot deviation constraint of the penal code is a polynomial inequality in δ
    /// (linear for a single profile: ``δ_i = (d_i − u_i(a)) / (d_i − p_i)``, where ``d_i`` is
    /// the best deviation payoff and ``p_i`` the punishment payoff); the set of δ where all
    /// hold is computed in exact arithmetic, its roots isolated by Sturm sequences.
    ///
    /// Parameters
    /// ----------
    /// profile : list of int or str, or list of such lists
    ///     One action per player (indices or labels), or a cycle of such profiles (at most 24;
    ///     4 with ``"optimal"``).
    /// punishment : {"grim", "optimal", "stick_and_carrot"} or list of probability lists, default "grim"
    ///     ``"grim"``: after a deviation by player i, the pure stage equilibrium worst for i
    ///     for ever. ``"optimal"`` (2 players, a common δ): optimal penal codes (Abreu 1988),
    ///     a deviator is punished by the subgame-perfect equilibrium worst for it (pure stage
    ///     actions, perfect monitoring, public randomization), so the threshold is the
    ///     smallest δ at which the target is an equilibrium path at all; it is never above
    ///     grim's or stick-and-carrot's and never below the closed form with the pure minmax
    ///     as punishment. Exact (``method == "minmax_bound"``) when a simple code attains that
    ///     closed form; otherwise bracketed within 1e-9 (``bracket``, ``method ==
    ///     "abreu_sannikov"``) by bisection on the worst payoffs of
    ///     :meth:`equilibrium_payoff_set`, computed in floating point. ``"stick_and_carrot"``
    ///     (2 players): the best stick-and-carrot code — i's pure minmax profile for 1 to 4
    ///     periods, then back to the target — or grim, whichever sustains the target at the
    ///     smallest δ (what ``"optimal"`` computed until it became exact). A stage equilibrium given
    ///     as one probability list per player (or an ``Equilibrium``): grim reversion to it.
    ///
    /// Returns
    /// -------
    /// CriticalDiscount
    ///
    /// Raises
    /// ------
    /// ValueError
    ///     An empty or ill-fitting profile, a finite horizon, a punishment that is not a stage
    ///     equilibrium, ``"grim"`` without a pure stage equilibrium, ``"optimal"`` with
    ///     unequal discount factors or other than 2 players.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> c = dt.RepeatedGame(pd, 0.9).critical_discount([0, 0])
    /// >>> c.discount_exact, c.holds
    /// (Fraction(1, 2), True)
    #[pyo3(signature = (profile, punishment = None))]
    fn critical_discount(
        &self,
        py: Python<'_>,
        profile: &Bound<'_, PyAny>,
        punishment: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyCriticalDiscount> {
        let game = self.inner.stage();
        let cycle = cycle_of(profile, game)?;
        let punishment = match punishment {
            None => Punishment::Grim,
            Some(p) => punishment_of(p, game.num_players())?,
        };
        let rg = &self.inner;
        let inner = run(py, || rg.critical_discount(&cycle, punishment))?;
        Ok(PyCriticalDiscount {
            inner,
            labels: Labels::of(game),
        })
    }
}

/// The contagion threshold of Kandori (1992): the smallest discount factor at which
/// community enforcement by contagion is a sequential equilibrium among ``population``
/// players randomly matched in a symmetric 2×2 stage game (action 0 cooperate, 1 defect).
/// ``discount`` (float), ``threshold`` (:class:`AlgebraicNumber`: the exact root),
/// ``polynomial`` (the on-path constraint's coefficients, lowest degree first), ``off_path``
/// (the constraints that an infected player keeps defecting, for 2..M infected),
/// ``intervals`` and ``binding``.
///
/// Returned by :func:`detente.repeated.contagion_threshold`.
#[pyclass(module = "detente.repeated", name = "ContagionThreshold", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct PyContagionThreshold {
    #[serde(flatten)]
    inner: ContagionThreshold,
    #[serde(flatten)]
    labels: Labels,
}

result_class!(PyContagionThreshold, "ContagionThreshold", {
    /// The smallest discount factor at which contagion is an equilibrium (``None``: never).
    #[getter]
    fn discount(&self) -> Option<f64> {
        self.inner.discount
    }

    /// The same exactly, as an :class:`AlgebraicNumber` (``.exact`` is the ``Fraction`` when
    /// rational).
    #[getter]
    fn threshold(&self) -> Option<PyAlgebraicNumber> {
        self.inner
            .threshold
            .clone()
            .map(|inner| PyAlgebraicNumber { inner })
    }

    /// The on-path constraint ``h(δ) >= 0``: coefficients (``Fraction``), lowest degree first.
    #[getter]
    fn polynomial<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.inner
            .polynomial
            .iter()
            .map(|c| fraction(py, c))
            .collect()
    }

    /// The off-path constraints for 2, …, M infected players (coefficient lists).
    #[getter]
    fn off_path<'py>(&self, py: Python<'py>) -> PyResult<Vec<Vec<Bound<'py, PyAny>>>> {
        self.inner
            .off_path
            .iter()
            .map(|p| p.iter().map(|c| fraction(py, c)).collect())
            .collect()
    }

    /// Every discount factor at which contagion is an equilibrium: ``(lower, upper)`` pairs
    /// of exact values, ``upper`` ``None`` up to 1.
    #[getter]
    fn intervals(&self, py: Python<'_>) -> PyResult<Vec<PyInterval>> {
        intervals(py, &self.inner.intervals)
    }

    /// ``"on-path"`` or ``"off-path, k infected"``: the constraint binding at the threshold.
    #[getter]
    fn binding(&self) -> Option<String> {
        self.inner.binding.clone()
    }

    /// The number of players.
    #[getter]
    fn population(&self) -> usize {
        self.inner.population
    }
});

/// `detente.repeated.contagion_threshold`.
#[pyfunction]
#[pyo3(signature = (stage, population))]
fn repeated_contagion_threshold(
    py: Python<'_>,
    stage: PyRef<'_, PyGame>,
    population: &Bound<'_, PyAny>,
) -> PyResult<PyContagionThreshold> {
    let m = args::count(population, "population", 0)?;
    let game = stage.inner.clone();
    let inner = run(py, || contagion_threshold(&game, m))?;
    Ok(PyContagionThreshold {
        inner,
        labels: Labels::of(&game),
    })
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAlgebraicNumber>()?;
    m.add_class::<PyCriticalDiscount>()?;
    m.add_class::<PyContagionThreshold>()?;
    m.add_function(wrap_pyfunction!(repeated_contagion_threshold, m)?)
}
