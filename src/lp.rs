//! Linear programming: the one module of detente that talks to an LP backend.
//!
//! Solvers describe a problem as plain data — variables with bounds and objective
//! coefficients, rows `Σ a_j x_j (<= | >= | ==) b` given sparse or dense — and get back the
//! primal values. Only this file names `good_lp` (with its pure-Rust `microlp` simplex), so a
//! change of backend touches nothing else.
//!
//! The backend is trusted for nothing: every caller must check what it gets back (the
//! dominance solver recomputes each dominator's margins from the payoffs, for instance).
//! Values may violate bounds and rows by the backend's own tolerance (about `1e-10`, worse on
//! degenerate problems), so problems are best posed with coefficients of order 1. When the
//! backend fails outright (microlp reports a singular basis on rows that mix coefficients of
//! very different magnitudes), the program is solved once more with every coefficient smaller
//! rounded to a multiple of [`SNAP`] times its row's largest (tiny ones become zero, nearly
//! parallel rows exactly parallel) — one more reason to verify the answer.

use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution as _, SolverModel, microlp, variable,
};

use crate::error::{Error, Result};

/// Relative size below which coefficients are dropped when a failed solve is retried.
const SNAP: f64 = 1e-7;

/// The relation of a row to its right-hand side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// `Σ a_j x_j <= b`.
    Le,
    /// `Σ a_j x_j >= b`.
    Ge,
    /// `Σ a_j x_j == b`.
    Eq,
}

/// One constraint row, stored sparse.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    terms: Vec<(usize, f64)>,
    relation: Relation,
    rhs: f64,
}

/// A linear program: variables with bounds and objective coefficients, and rows.
///
/// Build it with [`LinearProgram::add_variable`] / [`LinearProgram::add_variables`] and
/// [`LinearProgram::add_row`] / [`LinearProgram::add_dense_row`], then call
/// [`LinearProgram::maximise`] or [`LinearProgram::minimise`] as often as needed: each call
/// builds a fresh backend model (good_lp's `solve` consumes its model).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct LinearProgram {
    lower: Vec<f64>,
    upper: Vec<f64>,
    objective: Vec<f64>,
    rows: Vec<Row>,
}

/// What solving a [`LinearProgram`] found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// An optimal vertex.
    Optimal(Solution),
    /// No point satisfies every bound and row.
    Infeasible,
    /// The objective improves without limit.
    Unbounded,
}

/// An optimal solution: one value per variable, in the order they were added.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Solution {
    /// The primal values.
    pub values: Vec<f64>,
    /// The objective `Σ c_j x_j`, recomputed from `values`.
    pub objective: f64,
}

impl Outcome {
    /// The optimal solution, or [`Error::Solver`] saying that the LP `what` (e.g. "the
    /// zero-sum LP") was infeasible or unbounded.
    ///
    /// # Errors
    /// [`Error::Solver`] unless the outcome is [`Outcome::Optimal`].
    pub(crate) fn optimal(self, what: &str) -> Result<Solution> {
        match self {
            Self::Optimal(s) => Ok(s),
            Self::Infeasible => Err(Error::Solver(format!(
                "{what} is infeasible: no point satisfies all its constraints"
            ))),
            Self::Unbounded => Err(Error::Solver(format!(
                "{what} is unbounded: its objective has no finite optimum"
            ))),
        }
    }
}

impl LinearProgram {
    /// An empty program.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Number of variables added so far.
    pub(crate) fn num_variables(&self) -> usize {
        self.objective.len()
    }

    /// Adds a variable with `lower <= x <= upper` (either may be infinite) and objective
    /// coefficient `cost`; returns its index.
    pub(crate) fn add_variable(&mut self, lower: f64, upper: f64, cost: f64) -> usize {
        self.lower.push(lower);
        self.upper.push(upper);
        self.objective.push(cost);
        self.objective.len() - 1
    }

    /// Adds `count` variables with the same bounds and cost; returns their indices.
    pub(crate) fn add_variables(
        &mut self,
        count: usize,
        lower: f64,
        upper: f64,
        cost: f64,
    ) -> Range<usize> {
        let start = self.num_variables();
        for _ in 0..count {
            self.add_variable(lower, upper, cost);
        }
        start..self.num_variables()
    }

    /// Adds the row `Σ coef · x_var (relation) rhs` from `(var, coef)` terms; repeated
    /// variables add up.
    pub(crate) fn add_row(
        &mut self,
        terms: impl IntoIterator<Item = (usize, f64)>,
        relation: Relation,
        rhs: f64,
    ) {
        self.rows.push(Row {
            terms: terms.into_iter().collect(),
            relation,
            rhs,
        });
    }

    /// Adds the row `Σ_j coefficients[j] · x_(first + j) (relation) rhs`: dense over the
    /// variables `first .. first + coefficients.len()` (zero coefficients are skipped).
    pub(crate) fn add_dense_row(
        &mut self,
        first: usize,
        coefficients: &[f64],
        relation: Relation,
        rhs: f64,
    ) {
        let terms = coefficients
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c != 0.0)
            .map(|(j, &c)| (first + j, c));
        self.add_row(terms, relation, rhs);
    }

    /// Maximises the objective.
    ///
    /// # Errors
    /// [`Error::Solver`] if the program is malformed (a NaN, an unknown variable, crossed
    /// bounds) or the backend fails; infeasibility and unboundedness are [`Outcome`]s.
    pub(crate) fn maximise(&self) -> Result<Outcome> {
        self.solve(true)
    }

    /// Minimises the objective; see [`LinearProgram::maximise`].
    ///
    /// # Errors
    /// As [`LinearProgram::maximise`].
    pub(crate) fn minimise(&self) -> Result<Outcome> {
        self.solve(false)
    }

    /// Checks the program before handing it to the backend, which would panic or misbehave.
    fn validate(&self) -> Result<()> {
        let n = self.num_variables();
        for j in 0..n {
            let (l, u, c) = (self.lower[j], self.upper[j], self.objective[j]);
            if l.is_nan() || u.is_nan() || l > u || l == f64::INFINITY || u == f64::NEG_INFINITY {
                return Err(Error::Solver(format!(
                    "malformed LP: variable {j} has bounds [{l}, {u}]"
                )));
            }
            if !c.is_finite() {
                return Err(Error::Solver(format!(
                    "malformed LP: variable {j} has objective coefficient {c}"
                )));
            }
        }
        for (r, row) in self.rows.iter().enumerate() {
            if !row.rhs.is_finite() {
                return Err(Error::Solver(format!(
                    "malformed LP: row {r} has right-hand side {}",
                    row.rhs
                )));
            }
            if let Some(&(j, c)) = row.terms.iter().find(|&&(j, c)| j >= n || !c.is_finite()) {
                return Err(Error::Solver(format!(
                    "malformed LP: row {r} has coefficient {c} for variable {j} of {n}"
                )));
            }
        }
        Ok(())
    }

    fn solve(&self, maximise: bool) -> Result<Outcome> {
        self.validate()?;
        match self.solve_once(maximise) {
            Err(Error::Solver(first)) => self.snapped().solve_once(maximise).map_err(|e| match e {
                Error::Solver(second) => Error::Solver(format!(
                    "{first}; retried with coefficients rounded to {SNAP:e} of their row's \
                         largest: {second}"
                )),
                other => other,
            }),
            other => other,
        }
    }

    /// A copy with every row coefficient rounded to a multiple of [`SNAP`] times the row's
    /// largest: a nearby program for when the backend fails on (or misjudges) the original.
    pub(crate) fn snapped(&self) -> Self {
        let mut lp = self.clone();
        for row in &mut lp.rows {
            let top = row.terms.iter().fold(0.0_f64, |m, &(_, c)| m.max(c.abs()));
            let step = SNAP * top;
            for (_, c) in &mut row.terms {
                *c = (*c / step).round() * step;
            }
            row.terms.retain(|&(_, c)| c != 0.0);
        }
        lp
    }

    fn solve_once(&self, maximise: bool) -> Result<Outcome> {
        let mut vars = ProblemVariables::new();
        let xs: Vec<_> = (0..self.num_variables())
            .map(|j| vars.add(variable().min(self.lower[j]).max(self.upper[j])))
            .collect();
        let mut objective = Expression::with_capacity(xs.len());
        for (&x, &c) in xs.iter().zip(&self.objective) {
            if c != 0.0 {
                objective.add_mul(c, x);
            }
        }
        let problem = if maximise {
            vars.maximise(objective)
        } else {
            vars.minimise(objective)
        };
        let mut model = problem.using(microlp);
        for row in &self.rows {
            let mut lhs = Expression::with_capacity(row.terms.len());
            for &(j, c) in &row.terms {
                lhs.add_mul(c, xs[j]);
            }
            model = model.with(match row.relation {
                Relation::Le => lhs.leq(row.rhs),
                Relation::Ge => lhs.geq(row.rhs),
                Relation::Eq => lhs.eq(row.rhs),
            });
        }
        // microlp documents that it may panic on hard problems: report that as a solver
        // failure instead of unwinding through the caller.
        let solved = catch_unwind(AssertUnwindSafe(|| model.solve())).map_err(|panic| {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Error::Solver(format!("the LP backend (microlp) panicked: {why}"))
        })?;
        match solved {
            Ok(solution) => {
                let values: Vec<f64> = xs.iter().map(|&x| solution.value(x)).collect();
                if let Some(v) = values.iter().find(|v| !v.is_finite()) {
                    return Err(Error::Solver(format!(
                        "the LP backend (microlp) returned the non-finite value {v}"
                    )));
                }
                let objective = values.iter().zip(&self.objective).map(|(x, c)| x * c).sum();
                Ok(Outcome::Optimal(Solution { values, objective }))
            }
            Err(ResolutionError::Infeasible) => Ok(Outcome::Infeasible),
            Err(ResolutionError::Unbounded) => Ok(Outcome::Unbounded),
            Err(e) => Err(Error::Solver(format!(
                "the LP backend (microlp) failed: {e}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn optimal(outcome: Outcome) -> Solution {
        outcome.optimal("test LP").unwrap()
    }

    #[test]
    fn maximise_with_sparse_and_dense_rows() {
        // max x + 2y s.t. x + y <= 4, 2x + y >= 2, 0 <= y <= 3, x >= 0: optimum (1, 3), 7.
        let mut lp = LinearProgram::new();
        let x = lp.add_variable(0.0, f64::INFINITY, 1.0);
        let y = lp.add_variable(0.0, 3.0, 2.0);
        lp.add_row([(x, 1.0), (y, 1.0)], Relation::Le, 4.0);
        lp.add_dense_row(0, &[2.0, 1.0], Relation::Ge, 2.0);
        let s = optimal(lp.maximise().unwrap());
        assert!((s.values[0] - 1.0).abs() < 1e-9 && (s.values[1] - 3.0).abs() < 1e-9);
        assert!((s.objective - 7.0).abs() < 1e-9);
        // The same program can be solved again, here in the other direction: min at (1, 0).
        let s = optimal(lp.minimise().unwrap());
        assert!((s.objective - 1.0).abs() < 1e-9, "{s:?}");
    }

    #[test]
    fn equality_rows_and_free_variables() {
        // max z s.t. z == x - y, x + y == 1, x, y in [0, 1], z free: z = 1.
        let mut lp = LinearProgram::new();
        let xy = lp.add_variables(2, 0.0, 1.0, 0.0);
        let z = lp.add_variable(f64::NEG_INFINITY, f64::INFINITY, 1.0);
        assert_eq!(xy, 0..2);
        lp.add_row([(z, 1.0), (0, -1.0), (1, 1.0)], Relation::Eq, 0.0);
        lp.add_dense_row(xy.start, &[1.0, 1.0], Relation::Eq, 1.0);
        let s = optimal(lp.maximise().unwrap());
        assert!((s.values[z] - 1.0).abs() < 1e-9, "{s:?}");
    }

    #[test]
    fn infeasible_and_unbounded_are_outcomes() {
        let mut lp = LinearProgram::new();
        let x = lp.add_variable(0.0, 1.0, 1.0);
        lp.add_row([(x, 1.0)], Relation::Ge, 2.0);
        assert_eq!(lp.maximise().unwrap(), Outcome::Infeasible);
        let err = lp.maximise().unwrap().optimal("the test LP").unwrap_err();
        assert!(
            err.to_string().contains("the test LP is infeasible"),
            "{err}"
        );

        let mut lp = LinearProgram::new();
        lp.add_variable(0.0, f64::INFINITY, 1.0);
        assert_eq!(lp.maximise().unwrap(), Outcome::Unbounded);
        assert!(matches!(
            lp.maximise().unwrap().optimal("x"),
            Err(Error::Solver(_))
        ));
    }

    #[test]
    fn malformed_programs_are_solver_errors() {
        let mut lp = LinearProgram::new();
        lp.add_variable(1.0, 0.0, 1.0);
        assert!(matches!(lp.maximise(), Err(Error::Solver(m)) if m.contains("bounds")));

        let mut lp = LinearProgram::new();
        lp.add_variable(0.0, 1.0, 1.0);
        lp.add_row([(3, 1.0)], Relation::Le, 1.0);
        assert!(matches!(lp.maximise(), Err(Error::Solver(m)) if m.contains("variable 3")));

        let mut lp = LinearProgram::new();
        lp.add_variable(0.0, 1.0, f64::NAN);
        assert!(lp.maximise().is_err());
    }
}
