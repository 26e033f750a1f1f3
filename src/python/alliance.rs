//! `detente.alliance`: the alliance models (M2–M4) as frozen Python classes.

use num_rational::BigRational;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::game::PyGame;
use super::run::run;
use super::solve::equilibrium::PyEquilibrium;
use crate::alliance::{
    BurdenSharing, BurdenSharingParams, CollectiveSecurity, CollectiveSecurityParams, Institution,
    InstitutionOutcome, RestraintGame, RestraintParams,
};

/// One number for every state, or one per state.
#[derive(FromPyObject)]
enum OneOrMany {
    One(f64),
    Many(Vec<f64>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<f64> {
        match self {
            Self::One(x) => vec![x],
            Self::Many(v) => v,
        }
    }
}

/// A list printed as a Python list literal, e.g. `[100.0, 60.0]`.
fn py_list(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
    format!("[{}]", items.join(", "))
}

/// A string as a Python literal in single quotes, as `repr(str)` prints it.
fn py_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn py_names(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|x| py_str(x)).collect();
    format!("[{}]", items.join(", "))
}

/// An exact rational as a Python `fractions.Fraction`.
fn fraction<'py>(py: Python<'py>, x: &BigRational) -> PyResult<Bound<'py, PyAny>> {
    py.import("fractions")?
        .getattr("Fraction")?
        .call1((x.to_string(),))
}

fn fractions<'py>(py: Python<'py>, xs: &[BigRational]) -> PyResult<Vec<Bound<'py, PyAny>>> {
    xs.iter().map(|x| fraction(py, x)).collect()
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

/// M2, the restraint game: abandonment vs entrapment and the value of bilateral control.
///
/// Patron (Firm | Loose) vs Client (Provoke | Restrain); payoffs (patron, client):
/// Firm/Provoke (d - e, g), Firm/Restrain (d, 0), Loose/Provoke (0, g - w),
/// Loose/Restrain (-rho, -alpha).
///
/// Parameters: deterrence d (> -rho), reassurance_cost rho (>= 0), entrapment_cost e,
/// revision_gain g, war_cost w, abandonment_cost alpha (>= 0), institution (simultaneous,
/// bilateral_control, ambiguity, multilateral_rule, no_guarantee). Defaults: the headline
/// example d = rho = g = alpha = 1, e = 3, w = 4.
#[pyclass(module = "detente.alliance", name = "RestraintGame", frozen)]
pub(super) struct PyRestraintGame {
    inner: RestraintGame,
}

#[pymethods]
impl PyRestraintGame {
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

    #[getter]
    fn deterrence(&self) -> f64 {
        self.inner.params().deterrence
    }
    #[getter]
    fn reassurance_cost(&self) -> f64 {
        self.inner.params().reassurance_cost
    }
    #[getter]
    fn entrapment_cost(&self) -> f64 {
        self.inner.params().entrapment_cost
    }
    #[getter]
    fn revision_gain(&self) -> f64 {
        self.inner.params().revision_gain
    }
    #[getter]
    fn war_cost(&self) -> f64 {
        self.inner.params().war_cost
    }
    #[getter]
    fn abandonment_cost(&self) -> f64 {
        self.inner.params().abandonment_cost
    }
    #[getter]
    fn institution(&self) -> &'static str {
        self.inner.params().institution.as_str()
    }

    /// The simultaneous 2x2 game: Patron (Firm, Loose) vs Client (Provoke, Restrain).
    fn game(&self) -> PyResult<PyGame> {
        Ok(PyGame {
            inner: self.inner.game()?,
        })
    }

    /// Bilateral control as a 2x4 game: the Client moves first, the Patron picks a plan
    /// "reply to Provoke/reply to Restrain".
    fn sequential_game(&self) -> PyResult<PyGame> {
        Ok(PyGame {
            inner: self.inner.sequential_game()?,
        })
    }

    /// The equilibrium label: dilemma, entrapment_accepted, client_alone, stable_deterrence or
    /// unlabelled.
    fn regime(&self) -> &'static str {
        self.inner.regime().as_str()
    }

    /// The closed-form mixed equilibrium: `firm` = phi*, `provoke` = pi*, and both payoffs.
    /// Raises ValueError where the game has no fully mixed equilibrium. With `exact=True` the
    /// values are `fractions.Fraction`s computed in rational arithmetic from the parameters'
    /// exact binary values.
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

    /// Assumptions, seed situation, citations and deviations, as text.
    fn describe(&self) -> String {
        self.inner.describe()
    }

    /// BibTeX entries for the works the model formalizes.
    fn cite(&self) -> &'static str {
        self.inner.cite()
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let p = slf.get().inner.params();
        let args = (
            p.deterrence,
            p.reassurance_cost,
            p.entrapment_cost,
            p.revision_gain,
            p.war_cost,
            p.abandonment_cost,
            p.institution.as_str(),
        )
            .into_pyobject(slf.py())?;
        Ok((slf.get_type().into_any(), args))
    }

    fn __repr__(&self) -> String {
        let p = self.inner.params();
        format!(
            "RestraintGame(deterrence={:?}, reassurance_cost={:?}, entrapment_cost={:?}, \
             revision_gain={:?}, war_cost={:?}, abandonment_cost={:?}, institution={})",
            p.deterrence,
            p.reassurance_cost,
            p.entrapment_cost,
            p.revision_gain,
            p.war_cost,
            p.abandonment_cost,
            py_str(p.institution.as_str())
        )
    }
}

/// M3, burden sharing: the economic theory of alliances (Olson & Zeckhauser 1966).
///
/// U_i = (Y_i - d_i)^(1 - alpha_i) (d_i + psi D_-i)^alpha_i, spending d_i in [0, Y_i).
///
/// Parameters: income Y (> 0, one per state), security_weight alpha (in (0, 1); one for all or
/// one per state), spillover psi (in [0, 1]; 1 = pure public good), names. Defaults: income
/// [100, 60, 10], alpha = 1/2, psi = 1.
#[pyclass(module = "detente.alliance", name = "BurdenSharing", frozen)]
pub(super) struct PyBurdenSharing {
    inner: BurdenSharing,
}

#[pymethods]
impl PyBurdenSharing {
    #[new]
    #[pyo3(signature = (income=None, security_weight=None, spillover=1.0, names=None))]
    fn new(
        income: Option<Vec<f64>>,
        security_weight: Option<OneOrMany>,
        spillover: f64,
        names: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let d = BurdenSharingParams::default();
        let inner = BurdenSharing::new(BurdenSharingParams {
            income: income.unwrap_or(d.income),
            security_weight: security_weight.map_or(d.security_weight, OneOrMany::into_vec),
            spillover,
            names,
        })?;
        Ok(Self { inner })
    }

    #[getter]
    fn income(&self) -> Vec<f64> {
        self.inner.income().to_vec()
    }
    #[getter]
    fn security_weight(&self) -> Vec<f64> {
        self.inner.security_weight().to_vec()
    }
    #[getter]
    fn spillover(&self) -> f64 {
        self.inner.spillover()
    }
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner.names().to_vec()
    }

    /// The unique Nash equilibrium: spending, total, contributors, free_riders, burden_shares.
    /// With `exact=True`, spending, total and burden shares are `fractions.Fraction`s computed
    /// in rational arithmetic from the parameters' exact binary values.
    #[pyo3(signature = (exact=false))]
    fn equilibrium<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let eq = self.inner.equilibrium();
        let d = PyDict::new(py);
        if exact {
            let x = self.inner.equilibrium_exact();
            let shares: Vec<BigRational> = x
                .spending
                .iter()
                .zip(self.inner.income())
                .map(|(s, &y)| s / crate::alliance::exact_value(y))
                .collect();
            let contributors: Vec<usize> = (0..x.spending.len())
                .filter(|&i| x.spending[i] > BigRational::from_integer(0.into()))
                .collect();
            let free: Vec<usize> = (0..x.spending.len())
                .filter(|i| !contributors.contains(i))
                .collect();
            d.set_item("spending", fractions(py, &x.spending)?)?;
            d.set_item("total", fraction(py, &x.total)?)?;
            d.set_item("contributors", contributors)?;
            d.set_item("free_riders", free)?;
            d.set_item("burden_shares", fractions(py, &shares)?)?;
        } else {
            d.set_item("spending", eq.spending.clone())?;
            d.set_item("total", eq.total)?;
            d.set_item("contributors", eq.contributors)?;
            d.set_item("free_riders", eq.free_riders)?;
            d.set_item("burden_shares", self.inner.burden_shares())?;
        }
        Ok(d)
    }

    /// Equilibrium defense burdens d_i / Y_i.
    fn burden_shares(&self) -> Vec<f64> {
        self.inner.burden_shares()
    }

    /// A state's best response max(0, a_i Y_i - (1 - a_i) psi D_-i) to the others' spending.
    fn best_response(&self, state: usize, spending: Vec<f64>) -> PyResult<f64> {
        Ok(self.inner.best_response(state, &spending)?)
    }

    /// A state's utility at a spending profile.
    fn utility(&self, state: usize, spending: Vec<f64>) -> PyResult<f64> {
        if state >= self.inner.income().len() || spending.len() != self.inner.income().len() {
            return Err(crate::Error::InvalidArgument(format!(
                "utility needs a state index below {} and one spending level per state",
                self.inner.income().len()
            ))
            .into());
        }
        Ok(self.inner.utility(state, &spending))
    }

    /// The Samuelson (Pareto) total alpha * sum(Y), for a common alpha and spillover 1.
    fn pareto_total(&self) -> PyResult<f64> {
        Ok(self.inner.pareto_total()?)
    }

    /// no_alliance (spillover 0), unilateral, minilateral or multilateral (who contributes).
    fn regime(&self) -> &'static str {
        self.inner.regime().as_str()
    }

    /// Gauss-Seidel best-response dynamics from `start` (default zeros): always converge.
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
        let d = PyDict::new(py);
        d.set_item("spending", r.spending)?;
        d.set_item("rounds", r.rounds)?;
        Ok(d)
    }

    /// Jacobi best-response dynamics; raises SolverError if they cycle or hit the cap.
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
        let d = PyDict::new(py);
        d.set_item("spending", r.spending)?;
        d.set_item("rounds", r.rounds)?;
        Ok(d)
    }

    /// The finite game with spending on multiples of `step` below each income.
    fn discretized_game(&self, py: Python<'_>, step: f64) -> PyResult<PyGame> {
        let inner = run(py, || self.inner.discretized_game(step))?;
        Ok(PyGame { inner })
    }

    /// Assumptions, seed situation, citations and deviations, as text.
    fn describe(&self) -> String {
        self.inner.describe()
    }

    /// BibTeX entries for the works the model formalizes.
    fn cite(&self) -> &'static str {
        self.inner.cite()
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let m = &slf.get().inner;
        let args = (
            m.income().to_vec(),
            m.security_weight().to_vec(),
            m.spillover(),
            m.names().to_vec(),
        )
            .into_pyobject(slf.py())?;
        Ok((slf.get_type().into_any(), args))
    }

    fn __repr__(&self) -> String {
        let m = &self.inner;
        format!(
            "BurdenSharing(income={}, security_weight={}, spillover={:?}, names={})",
            py_list(m.income()),
            py_list(m.security_weight()),
            m.spillover(),
            py_names(m.names())
        )
    }
}

/// M4, collective security: coalitions of the willing in a threshold participation game.
///
/// u_i = b_i [joiners' capability >= Q] - [i joins] (c_i + kappa sum_j r_ij [j joins]).
///
/// Parameters: capability m (>= 0, one per state, at most 25 states), threshold Q (> 0),
/// benefit b and cost c (> 0; one for all or one per state), rivalry r (symmetric, >= 0, zero
/// diagonal; None = no rivalry), deconfliction kappa (in [0, 1]), names. Defaults: capability
/// [5, 3, 2, 2, 1], Q = 7, b = 10, c = [3, 2, 2, 1, 1].
#[pyclass(module = "detente.alliance", name = "CollectiveSecurity", frozen)]
pub(super) struct PyCollectiveSecurity {
    inner: CollectiveSecurity,
}

#[pymethods]
impl PyCollectiveSecurity {
    #[new]
    #[pyo3(signature = (capability=None, threshold=7.0, benefit=None, cost=None, rivalry=None,
                        deconfliction=1.0, names=None))]
    fn new(
        capability: Option<Vec<f64>>,
        threshold: f64,
        benefit: Option<OneOrMany>,
        cost: Option<OneOrMany>,
        rivalry: Option<Vec<Vec<f64>>>,
        deconfliction: f64,
        names: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let d = CollectiveSecurityParams::default();
        let inner = CollectiveSecurity::new(CollectiveSecurityParams {
            capability: capability.unwrap_or(d.capability),
            threshold,
            benefit: benefit.map_or(d.benefit, OneOrMany::into_vec),
            cost: cost.map_or(d.cost, OneOrMany::into_vec),
            rivalry,
            deconfliction,
            names,
        })?;
        Ok(Self { inner })
    }

    /// The volunteer's dilemma: n states, any one suffices.
    #[staticmethod]
    fn volunteers_dilemma(n: usize, benefit: f64, cost: f64) -> PyResult<Self> {
        Ok(Self {
            inner: CollectiveSecurity::volunteers_dilemma(n, benefit, cost)?,
        })
    }

    /// n states of capability 1, success iff at least k join.
    #[staticmethod]
    fn k_threshold(n: usize, k: usize, benefit: f64, cost: f64) -> PyResult<Self> {
        Ok(Self {
            inner: CollectiveSecurity::k_threshold(n, k, benefit, cost)?,
        })
    }

    #[getter]
    fn capability(&self) -> Vec<f64> {
        self.inner.capability().to_vec()
    }
    #[getter]
    fn threshold(&self) -> f64 {
        self.inner.threshold()
    }
    #[getter]
    fn benefit(&self) -> Vec<f64> {
        self.inner.benefit().to_vec()
    }
    #[getter]
    fn cost(&self) -> Vec<f64> {
        self.inner.cost().to_vec()
    }
    #[getter]
    fn rivalry(&self) -> Option<Vec<Vec<f64>>> {
        self.inner.rivalry().cloned()
    }
    #[getter]
    fn deconfliction(&self) -> f64 {
        self.inner.deconfliction()
    }
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner.names().to_vec()
    }

    /// The n-player game, actions Join (0) and Abstain (1).
    fn game(&self, py: Python<'_>) -> PyResult<PyGame> {
        let inner = run(py, || self.inner.game())?;
        Ok(PyGame { inner })
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

    /// no_alliance, unilateral, minilateral or multilateral, from the smallest stable coalition.
    fn regime(&self, py: Python<'_>) -> PyResult<&'static str> {
        Ok(run(py, || self.inner.regime())?.as_str())
    }

    /// Probabilities of joining at the symmetric totally mixed equilibria.
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

    /// Assumptions, seed situation, citations and deviations, as text.
    fn describe(&self) -> String {
        self.inner.describe()
    }

    /// BibTeX entries for the works the model formalizes.
    fn cite(&self) -> &'static str {
        self.inner.cite()
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let m = &slf.get().inner;
        let args = (
            m.capability().to_vec(),
            m.threshold(),
            m.benefit().to_vec(),
            m.cost().to_vec(),
            m.rivalry().cloned(),
            m.deconfliction(),
            m.names().to_vec(),
        )
            .into_pyobject(slf.py())?;
        Ok((slf.get_type().into_any(), args))
    }

    fn __repr__(&self) -> String {
        let m = &self.inner;
        let rivalry = match m.rivalry() {
            None => "None".to_string(),
            Some(r) => format!(
                "[{}]",
                r.iter()
                    .map(|row| py_list(row))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        format!(
            "CollectiveSecurity(capability={}, threshold={:?}, benefit={}, cost={}, \
             rivalry={rivalry}, deconfliction={:?}, names={})",
            py_list(m.capability()),
            m.threshold(),
            py_list(m.benefit()),
            py_list(m.cost()),
            m.deconfliction(),
            py_names(m.names())
        )
    }
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRestraintGame>()?;
    m.add_class::<PyBurdenSharing>()?;
    m.add_class::<PyCollectiveSecurity>()
}
