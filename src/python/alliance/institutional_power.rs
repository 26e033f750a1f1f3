//! `detente.alliance.InstitutionalPower` (M5): conversions only, over
//! [`crate::alliance::InstitutionalPower`]. The indices come back as the voting module's
//! `PowerIndices`, the nucleolus as the TU module's `Nucleolus` (their own classes and faces).

use num_rational::BigRational;
use num_traits::ToPrimitive;
use numpy::ToPyArray;
use pyo3::exceptions::{PyTypeError, PyUserWarning};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};

use super::{
    AllianceModel, ParamValue, PyGame, fraction, given, map_from_py, model_repr, param_info_dict,
    params_dict, run,
};
use crate::alliance::{BoardMajority, InstitutionalPower, PowerIndex};
use crate::python::args;
use crate::python::coalition::tu::{PyTUGame, fractions};
use crate::python::coalition::voting::PyVotingGame;

/// Members given by label or index, resolved against the model's labels.
fn members(m: &InstitutionalPower, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<usize>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list of member labels or indices, got a str"
        )));
    }
    let n = m.num_members();
    obj.try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!("{what} must be a list of member labels or indices"))
        })?
        .enumerate()
        .map(|(k, item)| {
            let item = item?;
            let name = format!("{what}[{k}]");
            if let Ok(label) = item.cast::<PyString>() {
                let label = label.to_str()?.to_string();
                return Ok(m
                    .indices_of(&[label])
                    .map_err(|e| crate::Error::InvalidArgument(format!("{name}: {e}")))?[0]);
            }
            let i = args::count(&item, &name, 0)?;
            if i >= n {
                return Err(crate::Error::InvalidArgument(format!(
                    "{name} is {i}, but there are {n} members (indices 0..{n})"
                ))
                .into());
            }
            Ok(i)
        })
        .collect()
}

/// Blocs given as lists of labels or indices.
fn blocs(m: &InstitutionalPower, obj: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<usize>>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "blocs must be a list of lists of member labels or indices, got a str",
        ));
    }
    obj.try_iter()
        .map_err(|_| PyTypeError::new_err("blocs must be a list of lists of members"))?
        .enumerate()
        .map(|(k, b)| members(m, &b?, &format!("blocs[{k}]")))
        .collect()
}

/// Emits the model's warnings (an improper game) as `UserWarning`s.
fn warn(py: Python<'_>, m: &InstitutionalPower) -> PyResult<()> {
    let category = py.get_type::<PyUserWarning>();
    for w in m.warnings() {
        let text = std::ffi::CString::new(w).unwrap_or_default();
        PyErr::warn(py, &category, &text, 2)?;
    }
    Ok(())
}

/// A number or an exact fraction.
fn value<'py>(py: Python<'py>, x: &BigRational, exact: bool) -> PyResult<Bound<'py, PyAny>> {
    if exact {
        fraction(py, x)
    } else {
        Ok(x.to_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any())
    }
}

fn voting(py: Python<'_>, g: crate::coalition::voting::VotingGame) -> PyResult<Bound<'_, PyAny>> {
    Ok(Bound::new(py, PyVotingGame { inner: g })?.into_any())
}

fn exact_kwargs(py: Python<'_>, exact: bool) -> PyResult<Bound<'_, PyDict>> {
    let kw = PyDict::new(py);
    kw.set_item("exact", exact)?;
    Ok(kw)
}

/// M5, institutional power: who holds power under a voting rule, what a veto is worth, and
/// what small states gain by voting as a bloc (Shapley & Shubik 1954; Banzhaf 1965; Keohane
/// 1969).
///
/// A coalition wins when its weights reach ``quota``, and (optionally) it holds every
/// ``veto`` member and at least ``count`` members; optionally a proposal also passes when
/// fewer than ``blocking_minority`` members vote no (the EU Council's clause). As a TU game
/// v(S) = 1 for winning coalitions, 0 otherwise. Every index is exact (``exact=True`` gives
/// ``fractions.Fraction``).
///
/// Parameters
/// ----------
/// weights : list of numbers, optional
///     Each member's votes (>= 0). Default: the UN Security Council [39; 7x5, 1x10].
/// quota : number, optional
///     Votes needed, in (0, sum(weights)]; default with weights: more than half. A quota
///     at most half the total makes the game improper: allowed, with a ``UserWarning``.
/// labels : list of str, optional
///     Member names (default "State 1", ...).
/// veto : list of labels or indices, optional
///     Members whose yes is also needed. Without ``weights``, ``labels`` + ``veto`` +
///     ``count`` give the encoded rule "all veto members plus at least count members".
/// count : int, optional
///     At least this many members must vote yes.
/// blocking_minority : int, optional
///     A proposal also passes when fewer than this many members vote no (EU: 4).
/// blocs : list of lists of labels or indices, optional
///     Disjoint groups that vote as one (``bloc_power``, ``merged_game``).
///
/// Named institutions: ``un_security_council()``, ``eu_council(population=None)`` (the
/// Council's 2025 population figures), ``imf_board(votes, majority=...)``, ``apex(n)``,
/// ``veto_rule(labels, veto, count)``.
///
/// The alliance-model protocol: params(), param_info(), from_params(dict), game() (the
/// yes/no vote with success payoffs), regime() (unilateral, minilateral, multilateral or
/// lilliputian_bloc), describe(), cite(), to_json()/from_json(), ==, pickle.
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> unsc = dt.alliance.InstitutionalPower.un_security_council()
/// >>> unsc.shapley_shubik(exact=True)["China"], unsc.min_winning_size()
/// (Fraction(421, 2145), 9)
/// >>> unsc.with_blocs([["E1", "E2", "E3", "E4", "E5", "E6", "E7"]]).bloc_power(exact=True)[0]["power"]
/// Fraction(1, 6)
#[pyclass(module = "detente.alliance", name = "InstitutionalPower", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyInstitutionalPower {
    inner: InstitutionalPower,
}

model_class!(PyInstitutionalPower, InstitutionalPower,
game: "the yes/no vote: each member votes Yes (0) or No (1) and scores 1 when the outcome is \
       the one it voted for (at most 16 members; against random votes a member's expected \
       payoff is (1 + absolute Banzhaf)/2).",
regime: "unilateral, minilateral (some members hold a veto), multilateral or lilliputian_bloc \
         (a bloc gains by voting as one).",
{
    #[new]
    #[pyo3(signature = (weights=None, quota=None, labels=None, veto=None, count=None,
                        blocking_minority=None, blocs=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        weights: Option<&Bound<'_, PyAny>>,
        quota: Option<&Bound<'_, PyAny>>,
        labels: Option<&Bound<'_, PyAny>>,
        veto: Option<&Bound<'_, PyAny>>,
        count: Option<&Bound<'_, PyAny>>,
        blocking_minority: Option<&Bound<'_, PyAny>>,
        blocs: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let params = given(&[
            ("weights", weights),
            ("quota", quota),
            ("labels", labels),
            ("veto", veto),
            ("count", count),
            ("blocking_minority", blocking_minority),
        ])?;
        let mut inner = <InstitutionalPower as AllianceModel>::from_params(&params)?;
        if let Some(b) = blocs.filter(|b| !b.is_none()) {
            let b = self::blocs(&inner, b)?;
            inner = inner.with_blocs(b)?;
        }
        warn(py, &inner)?;
        Ok(Self { inner })
    }

    /// The UN Security Council since 1965: 9 of 15 votes including the five permanent
    /// members', encoded [39; 7x5, 1x10] (China, France, Russia, United Kingdom, United
    /// States, then E1-E10).
    #[classmethod]
    fn un_security_council(_cls: &Bound<'_, PyType>) -> Self {
        Self { inner: InstitutionalPower::un_security_council() }
    }

    /// The EU Council's qualified majority (Lisbon): at least 55% of the members (15 of 27)
    /// with at least 65% of the population, or else fewer than 4 members opposing.
    /// ``population`` defaults to the Council's figures for 2025 (population on 1 January
    /// 2024) in hundredths of a percent, as reported by Agence Europe, Europe Daily Bulletin
    /// No. 13544 (12 December 2024); any unit works (give populations in thousands or
    /// exact shares for a ruling on a particular vote). A dict {member: population} names
    /// the members too.
    #[classmethod]
    #[pyo3(signature = (population=None, labels=None))]
    fn eu_council(
        _cls: &Bound<'_, PyType>,
        population: Option<&Bound<'_, PyAny>>,
        labels: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let population = population.filter(|p| !p.is_none());
        let mut labels =
            labels.filter(|l| !l.is_none()).map(|l| args::names(l, "labels")).transpose()?;
        // A mapping {member: population} gives the labels too.
        let population = match population.map(|p| p.cast::<pyo3::types::PyMapping>()) {
            Some(Ok(map)) => {
                if labels.is_some() {
                    return Err(PyTypeError::new_err(
                        "give labels either as the keys of population or as labels, not both",
                    ));
                }
                labels = Some(args::names(&map.keys()?.into_any(), "population's keys")?);
                Some(numbers(&map.values()?.into_any(), "population")?)
            }
            _ => population.map(|p| numbers(p, "population")).transpose()?,
        };
        Ok(Self { inner: InstitutionalPower::eu_council(population, labels)? })
    }

    /// An IMF-style board: weighted ``votes`` (one per chair), decisions needing more than
    /// half of all votes (``majority="simple"``) or at least 70% (``"special_70"``) or 85%
    /// (``"special_85"``, where a chair above 15% holds a veto).
    #[classmethod]
    #[pyo3(signature = (votes, labels=None, majority="simple"))]
    fn imf_board(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        votes: &Bound<'_, PyAny>,
        labels: Option<&Bound<'_, PyAny>>,
        majority: &str,
    ) -> PyResult<Self> {
        let labels = labels.filter(|l| !l.is_none()).map(|l| args::names(l, "labels")).transpose()?;
        let majority: BoardMajority = majority.parse()?;
        let inner = InstitutionalPower::imf_board(numbers(votes, "votes")?, labels, majority)?;
        warn(py, &inner)?;
        Ok(Self { inner })
    }

    /// The apex game [n; n-1, 1, ..., 1]: a hegemon that wins with any one of ``n >= 2``
    /// small states, which win only all together (members Hegemon, Small 1, ...).
    #[classmethod]
    fn apex(_cls: &Bound<'_, PyType>, n: usize) -> PyResult<Self> {
        Ok(Self { inner: InstitutionalPower::apex(n)? })
    }

    /// "All ``veto`` members plus at least ``count`` members" as the weighted game with
    /// veto weight n - count + 1, others 1, quota |V| (n - count + 1) + count - |V|.
    #[classmethod]
    fn veto_rule(
        _cls: &Bound<'_, PyType>,
        labels: &Bound<'_, PyAny>,
        veto: &Bound<'_, PyAny>,
        count: usize,
    ) -> PyResult<Self> {
        let labels = args::names(labels, "labels")?;
        let probe = InstitutionalPower::new(crate::alliance::InstitutionalPowerParams {
            weights: vec![1.0; labels.len()],
            quota: labels.len().max(1) as f64,
            labels: Some(labels.clone()),
            ..Default::default()
        })?;
        let veto = members(&probe, veto, "veto")?;
        Ok(Self { inner: InstitutionalPower::veto_rule(labels, veto, count)? })
    }

    /// w_i: each member's votes.
    #[getter]
    fn weights(&self) -> Vec<f64> {
        self.inner.weights().to_vec()
    }
    /// q: the votes a coalition needs.
    #[getter]
    fn quota(&self) -> f64 {
        self.inner.quota()
    }
    /// The members' names.
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.inner.labels().to_vec()
    }
    /// The explicit veto members, by label.
    #[getter]
    fn veto(&self) -> Vec<String> {
        self.inner.veto().iter().map(|&i| self.inner.labels()[i].clone()).collect()
    }
    /// k: at least this many members must vote yes (None: no count rule).
    #[getter]
    fn count(&self) -> Option<usize> {
        self.inner.count()
    }
    /// b: a proposal also passes when fewer than b members vote no (None: no clause).
    #[getter]
    fn blocking_minority(&self) -> Option<usize> {
        self.inner.blocking_minority()
    }
    /// The blocs, each a list of member labels (``params()["blocs"]`` lists indices).
    #[getter]
    fn blocs(&self) -> Vec<Vec<String>> {
        let l = self.inner.labels();
        self.inner.blocs().iter().map(|b| b.iter().map(|&i| l[i].clone()).collect()).collect()
    }

    /// The same institution with these blocs (lists of labels or indices, disjoint).
    fn with_blocs(&self, blocs: &Bound<'_, PyAny>) -> PyResult<Self> {
        let b = self::blocs(&self.inner, blocs)?;
        Ok(Self { inner: self.inner.with_blocs(b)? })
    }

    /// Warnings about valid but unusual parameters (an improper game), as text.
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings()
    }

    /// The rule as a :class:`detente.VotingGame` (any index: Deegan-Packel, Holler, ...).
    fn voting_game<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        voting(py, self.inner.voting_game().clone())
    }

    /// The simple game as a :class:`detente.TUGame` (v(S) = 1 if S wins; at most 30
    /// members).
    fn tu_game(&self, py: Python<'_>) -> PyResult<PyTUGame> {
        let tu = run(py, || self.inner.tu_game())?;
        Ok(PyTUGame::new(tu))
    }

    /// The Shapley-Shubik index, a :class:`detente.PowerIndices` (exact; ``exact=True``:
    /// Fraction items).
    #[pyo3(signature = (*, exact=false))]
    fn shapley_shubik<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        voting(py, self.inner.voting_game().clone())?
            .call_method("shapley_shubik", (), Some(&exact_kwargs(py, exact)?))
    }

    /// The Banzhaf index: swings over their sum (``normalized=True``) or over 2**(n-1)
    /// (absolute), a :class:`detente.PowerIndices`.
    #[pyo3(signature = (normalized=true, *, exact=false))]
    fn banzhaf<'py>(
        &self,
        py: Python<'py>,
        normalized: bool,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        voting(py, self.inner.voting_game().clone())?
            .call_method("banzhaf", (normalized,), Some(&exact_kwargs(py, exact)?))
    }

    /// Each member's raw Banzhaf count (swings), as Python ints.
    fn banzhaf_swings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        voting(py, self.inner.voting_game().clone())?.call_method0("banzhaf_swings")
    }

    /// The veto players (without whom nothing passes), by label.
    fn veto_players(&self) -> Vec<String> {
        let l = self.inner.labels();
        self.inner.veto_players().into_iter().map(|i| l[i].clone()).collect()
    }

    /// Whether the core is empty: in a simple game, exactly when no member holds a veto.
    fn is_core_empty(&self) -> bool {
        self.inner.is_core_empty()
    }

    /// The core's vertices, one row per veto player (all of 1 to it): the core is every
    /// split of 1 among the veto players. A numpy array (``exact=True``: of Fractions), with
    /// no rows when the core is empty.
    #[pyo3(signature = (*, exact=false))]
    fn core_vertices<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        let v = self.inner.core_vertices();
        let n = self.inner.num_members();
        let flat: Vec<BigRational> = v.iter().flatten().cloned().collect();
        let arr = if exact {
            fractions(py, &flat)?
        } else {
            let f: Vec<f64> = flat.iter().map(|x| x.to_f64().unwrap_or(f64::NAN)).collect();
            f.to_pyarray(py).into_any()
        };
        arr.call_method1("reshape", ((v.len(), n),))
    }

    /// The nucleolus (Schmeidler 1969), one payoff per member: a numpy array
    /// (``exact=True``: of Fractions). With veto players, the equal split among them;
    /// otherwise the TU module's LP sequence, recovered exactly (at most 16 members).
    #[pyo3(signature = (*, exact=false))]
    fn nucleolus<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        let x = run(py, || self.inner.nucleolus())?;
        if exact {
            fractions(py, &x)
        } else {
            let f: Vec<f64> = x.iter().map(|v| v.to_f64().unwrap_or(f64::NAN)).collect();
            Ok(f.to_pyarray(py).into_any())
        }
    }

    /// The game in which each bloc votes as one player (named by its members joined with
    /// "+"), a :class:`detente.VotingGame`.
    fn merged_game<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let g = self.inner.merged_game()?;
        voting(py, g)
    }

    /// Each bloc's power voting as one against the sum of its members' powers voting
    /// apart: a list of dicts ``bloc`` (name), ``members`` (labels), ``power``,
    /// ``separate`` and ``gain`` (power - separate; negative is the bloc paradox).
    /// ``index``: "shapley_shubik", "banzhaf" or "banzhaf_absolute".
    #[pyo3(signature = (index="shapley_shubik", *, exact=false))]
    fn bloc_power<'py>(
        &self,
        py: Python<'py>,
        index: &str,
        exact: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let index: PowerIndex = index.parse()?;
        let rows = run(py, || self.inner.bloc_power(index))?;
        let out = PyList::empty(py);
        let l = self.inner.labels();
        for b in rows {
            let d = PyDict::new(py);
            d.set_item("bloc", &b.name)?;
            d.set_item("members", b.members.iter().map(|&i| l[i].clone()).collect::<Vec<_>>())?;
            d.set_item("power", value(py, &b.power, exact)?)?;
            d.set_item("separate", value(py, &b.separate, exact)?)?;
            d.set_item("gain", value(py, &b.gain(), exact)?)?;
            out.append(d)?;
        }
        Ok(out)
    }

    /// The fewest members of a winning coalition (exact at any size).
    fn min_winning_size(&self, py: Python<'_>) -> PyResult<usize> {
        run(py, || self.inner.min_winning_size())
    }

    /// The fewest members whose no votes defeat any proposal, the others voting yes; with
    /// ``within`` (labels or indices), the fewest such members all from that group, or
    /// None if the members outside it pass proposals on their own.
    #[pyo3(signature = (within=None))]
    fn min_blocking_size(
        &self,
        py: Python<'_>,
        within: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<usize>> {
        let group = within
            .filter(|w| !w.is_none())
            .map(|w| members(&self.inner, w, "within"))
            .transpose()?;
        run(py, || self.inner.min_blocking_size(group.as_deref()))
    }
});

/// A list of numbers (int, float, Fraction, Decimal or decimal strings).
fn numbers(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<f64>> {
    match super::value_from_py(obj, what)? {
        ParamValue::Numbers(v) => Ok(v),
        ParamValue::Number(x) => Ok(vec![x]),
        other => Err(crate::Error::InvalidArgument(format!(
            "{what} must be a list of numbers, got {}",
            other.kind()
        ))
        .into()),
    }
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyInstitutionalPower>()
}
