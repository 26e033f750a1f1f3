//! How runs of a dynamic report themselves ([`Report`]): the summary line and tidy table
//! behind Python's `repr`, `_repr_html_` and `to_frame()`.

use super::Run;
use crate::error::Result;
use crate::format;
use crate::report::{
    Cell, Labels, Outcome, Report, Table, Validate, check_finite, check_index, check_profile,
    check_regret, invalid, numbers, strategy_table,
};

impl Run {
    /// `"converged"`, `"cycle of length 4"` or `"not converged"`.
    pub fn outcome(&self) -> String {
        match (&self.cycle, self.converged) {
            (Some(c), _) => format!("cycle of length {}", c.len()),
            (None, true) => "converged".into(),
            (None, false) => "not converged".into(),
        }
    }
}

impl Outcome for Run {
    fn payoffs(&self) -> &[f64] {
        &self.payoffs
    }

    fn regret(&self) -> f64 {
        self.regret
    }
}

impl Report for Run {
    fn summary(&self, labels: &Labels) -> String {
        format!(
            "{}; payoffs {}; {} after {} iterations; regret {}",
            labels.profile(&self.strategies),
            numbers(&self.payoffs),
            self.outcome(),
            self.iterations,
            format::number(self.regret)
        )
    }

    /// One row per player and action: the `start` and final (`probability`) strategies and
    /// the player's final `payoff`.
    fn table(&self, labels: &Labels) -> Table {
        let mut table = strategy_table(labels, &self.strategies, &["payoff"], |i| {
            vec![self.payoffs.get(i).copied().unwrap_or(f64::NAN).into()]
        });
        table.columns.insert(2, "start".into());
        let starts = self.start.iter().flatten();
        for (row, &p) in table.rows.iter_mut().zip(starts) {
            row.insert(2, p.into());
        }
        table
    }
}

/// Many runs: one row per (run, player, action), as [`Run`]'s table with the run's index
/// first and its outcome last.
impl Report for [Run] {
    fn summary(&self, _labels: &Labels) -> String {
        let converged = self.iter().filter(|r| r.converged).count();
        let cycled = self.iter().filter(|r| r.cycle.is_some()).count();
        format!(
            "{} runs: {converged} converged, {cycled} cycled",
            self.len()
        )
    }

    /// Columns `run`, `player`, `action`, `start`, `probability` (final), `payoff`,
    /// `converged`, `cycle_length` (0 without a cycle), `iterations`, `regret`.
    fn table(&self, labels: &Labels) -> Table {
        let outcome = ["converged", "cycle_length", "iterations", "regret"];
        let mut columns = vec!["run", "player", "action", "start", "probability", "payoff"];
        columns.extend(outcome);
        let mut table = Table::new(columns);
        for (k, run) in self.iter().enumerate() {
            let mut part = run.table(labels).prefixed(&["run"], &[k.into()]);
            part.columns.extend(outcome.map(String::from));
            let values: [Cell; 4] = [
                run.converged.into(),
                run.cycle.as_ref().map_or(0, Vec::len).into(),
                run.iterations.into(),
                run.regret.into(),
            ];
            for row in &mut part.rows {
                row.extend(values.iter().cloned());
            }
            table.extend(part);
        }
        table
    }
}

impl Validate for Run {
    /// The start and final profiles fit the labels, `payoffs` has one finite entry per player
    /// (or none, as in JSON written before it existed), the regret is finite and `>= 0`, the
    /// cycle's profiles are pure profiles of the game, the trajectory's rows are profiles.
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        check_profile("start", &self.start, labels)?;
        check_profile("strategies", &self.strategies, labels)?;
        let n = labels.players.len();
        if !self.payoffs.is_empty() && self.payoffs.len() != n {
            return Err(invalid(
                "payoffs",
                format!(
                    "has {} entries, but there are {n} players",
                    self.payoffs.len()
                ),
            ));
        }
        check_finite("payoffs", &self.payoffs)?;
        check_regret("regret", self.regret)?;
        let shape = labels.shape();
        for profile in self.cycle.iter().flatten() {
            if profile.len() != n {
                return Err(invalid(
                    "cycle",
                    format!("holds a profile of {} actions", profile.len()),
                ));
            }
            for (&a, &k) in profile.iter().zip(&shape) {
                check_index("cycle: an action", a, k)?;
            }
        }
        let width: usize = shape.iter().sum();
        for row in self.trajectory.iter().flatten() {
            if row.len() != width {
                return Err(invalid(
                    "trajectory",
                    format!("rows must have {width} entries, got {}", row.len()),
                ));
            }
            check_finite("trajectory", row)?;
        }
        Ok(())
    }
}
