//! `detente.alliance`: the alliance models (M2–M4) as frozen Python classes.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::game::PyGame;
use super::results::PyEquilibrium;
use super::run::run;
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

fn py_names(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
    format!("[{}]", items.join(", "))
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
#[pyclass(module = "detente", name = "RestraintGame", frozen)]
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

    fn game(&self) -> PyResult<PyGame> {
        Ok(PyGame {
            inner: self.inner.game()?,
        })
    }

    fn sequential_game(&self) -> PyResult<PyGame> {
        Ok(PyGame {
            inner: self.inner.sequential_game()?,
        })
    }

    fn regime(&self) -> &'static str {
        self.inner.regime().as_str()
    }

    fn mixed_closed_form<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let m = self.inner.mixed_closed_form()?;
        let d = PyDict::new(py);
        d.set_item("firm", m.firm)?;
        d.set_item("provoke", m.provoke)?;
        d.set_item("patron_payoff", m.patron_payoff)?;
        d.set_item("client_payoff", m.client_payoff)?;
        Ok(d)
    }

    fn mixed_equilibrium(&self) -> PyResult<PyEquilibrium> {
        let eq = self.inner.mixed_equilibrium()?;
        Ok(PyEquilibrium::wrap(&self.inner.game()?, eq))
    }

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

    fn describe(&self) -> String {
        self.inner.describe()
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
             revision_gain={:?}, war_cost={:?}, abandonment_cost={:?}, institution={:?})",
            p.deterrence,
            p.reassurance_cost,
            p.entrapment_cost,
            p.revision_gain,
            p.war_cost,
            p.abandonment_cost,
            p.institution.as_str()
        )
    }
}

/// M3, burden sharing: the economic theory of alliances (Olson & Zeckhauser 1966).
#[pyclass(module = "detente", name = "BurdenSharing", frozen)]
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

    fn equilibrium<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let eq = self.inner.equilibrium();
        let d = PyDict::new(py);
        d.set_item("spending", eq.spending.clone())?;
        d.set_item("total", eq.total)?;
        d.set_item("contributors", eq.contributors)?;
        d.set_item("free_riders", eq.free_riders)?;
        d.set_item("burden_shares", self.inner.burden_shares())?;
        Ok(d)
    }

    fn burden_shares(&self) -> Vec<f64> {
        self.inner.burden_shares()
    }

    fn best_response(&self, state: usize, spending: Vec<f64>) -> PyResult<f64> {
        Ok(self.inner.best_response(state, &spending)?)
    }

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

    fn pareto_total(&self) -> PyResult<f64> {
        Ok(self.inner.pareto_total()?)
    }

    fn regime(&self) -> &'static str {
        self.inner.regime().as_str()
    }

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

    fn discretized_game(&self, py: Python<'_>, step: f64) -> PyResult<PyGame> {
        let inner = run(py, || self.inner.discretized_game(step))?;
        Ok(PyGame { inner })
    }

    fn describe(&self) -> String {
        self.inner.describe()
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
#[pyclass(module = "detente", name = "CollectiveSecurity", frozen)]
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

    #[staticmethod]
    fn volunteers_dilemma(n: usize, benefit: f64, cost: f64) -> PyResult<Self> {
        Ok(Self {
            inner: CollectiveSecurity::volunteers_dilemma(n, benefit, cost)?,
        })
    }

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

    fn game(&self, py: Python<'_>) -> PyResult<PyGame> {
        let inner = run(py, || self.inner.game())?;
        Ok(PyGame { inner })
    }

    fn minimal_winning_coalitions(&self, py: Python<'_>) -> PyResult<Vec<Vec<usize>>> {
        run(py, || self.inner.minimal_winning_coalitions())
    }

    fn stable_coalitions(&self, py: Python<'_>) -> PyResult<Vec<Vec<usize>>> {
        run(py, || self.inner.stable_coalitions())
    }

    fn smallest_stable_coalition(&self, py: Python<'_>) -> PyResult<Option<Vec<usize>>> {
        run(py, || self.inner.smallest_stable_coalition())
    }

    fn cheapest_stable_coalition(&self, py: Python<'_>) -> PyResult<Option<Vec<usize>>> {
        run(py, || self.inner.cheapest_stable_coalition())
    }

    fn regime(&self, py: Python<'_>) -> PyResult<&'static str> {
        Ok(run(py, || self.inner.regime())?.as_str())
    }

    fn symmetric_mixed_equilibria(&self) -> PyResult<Vec<f64>> {
        Ok(self.inner.symmetric_mixed_equilibria()?)
    }

    fn volunteer_closed_form(&self) -> PyResult<Option<f64>> {
        Ok(self.inner.volunteer_closed_form()?)
    }

    fn volunteer_equilibrium(&self) -> PyResult<Vec<f64>> {
        Ok(self.inner.volunteer_equilibrium()?)
    }

    fn success_probability(&self, py: Python<'_>, join: Vec<f64>) -> PyResult<f64> {
        run(py, || self.inner.success_probability(&join))
    }

    fn describe(&self) -> String {
        self.inner.describe()
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
