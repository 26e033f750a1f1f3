//! How solver results report themselves ([`Report`]): the summary line and tidy table behind
//! Python's `repr`, `_repr_html_` and `to_frame()` and the command line's output.
//!
//! # Example
//! ```
//! use detente::report::{Labels, Report};
//! use detente::solve::{self, CorrelatedObjective};
//! use detente::Game;
//! use ndarray::array;
//!
//! let chicken = Game::from_bimatrix(array![[6.0, 2.0], [7.0, 0.0]].view(),
//!                                   array![[6.0, 7.0], [2.0, 0.0]].view())?;
//! let ce = solve::correlated(&chicken, &CorrelatedObjective::Welfare, false)?;
//! let table = ce.table(&Labels::of(&chicken));
//! assert_eq!(table.columns, ["P1", "P2", "probability"]);
//! # Ok::<(), detente::Error>(())
//! ```

use super::{
    AllEquilibria, Commitment, CorrelatedEquilibrium, Elimination, Equilibrium, LogitQre,
    Reduction, ZeroSumSolution,
};
use crate::format;
use crate::game::Game;
use crate::report::{Cell, Labels, Outcome, Report, Table, numbers, strategy_table};

/// Player `i`'s payoff as a cell (NaN if a malformed result has none).
fn payoff(payoffs: &[f64], i: usize) -> Cell {
    payoffs.get(i).copied().unwrap_or(f64::NAN).into()
}

/// The columns of a list of equilibria; a single equilibrium has all but the first.
const EQUILIBRIUM_COLUMNS: [&str; 6] = [
    "equilibrium",
    "player",
    "action",
    "probability",
    "payoff",
    "regret",
];

/// The exact columns of an equilibrium's table, filled for results of exact solvers.
const EXACT_COLUMNS: [&str; 2] = ["probability_exact", "payoff_exact"];

impl Equilibrium {
    /// Every player's strategy in words, in exact fractions when known
    /// (`"Row: 2/3·T + 1/3·B; Column: L"`).
    fn describe(&self, labels: &Labels) -> String {
        let Some(exact) = &self.exact else {
            return labels.profile(&self.strategies);
        };
        (0..exact.strategies.len())
            .map(|i| {
                let names: Vec<String> = (0..exact.strategies[i].len())
                    .map(|a| labels.action(i, a))
                    .collect();
                let words = format::exact_mixture(&exact.strategies[i], &names);
                format!("{}: {words}", labels.player(i))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The payoffs as `[2/3, -2/3]` when exact, else as floats.
    fn payoff_words(&self) -> String {
        match &self.exact {
            Some(exact) => format!(
                "[{}]",
                exact
                    .payoffs
                    .iter()
                    .map(format::rational)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => numbers(&self.payoffs),
        }
    }

    /// The regret as a fraction when exact, else as a float.
    fn regret_words(&self) -> String {
        match self.exact.as_ref().and_then(|x| x.regret.as_ref()) {
            Some(r) => format::rational(r),
            None => format::number(self.regret),
        }
    }

    /// The table with every column, the exact ones [`Cell::Missing`] for a float result.
    fn full_table(&self, labels: &Labels) -> Table {
        let columns = EQUILIBRIUM_COLUMNS.into_iter().skip(1).chain(EXACT_COLUMNS);
        let mut table = Table::new(columns);
        let exact = |i: usize, a: Option<usize>| -> Cell {
            let Some(x) = &self.exact else {
                return Cell::Missing;
            };
            let value = match a {
                Some(a) => x.strategies.get(i).and_then(|s| s.get(a)),
                None => x.payoffs.get(i),
            };
            value.map_or(Cell::Missing, |r| Cell::Exact(r.clone()))
        };
        for (i, s) in self.strategies.iter().enumerate() {
            let payoff = self.payoffs.get(i).copied().unwrap_or(f64::NAN);
            for (a, &p) in s.iter().enumerate() {
                table.push(vec![
                    labels.player(i).into(),
                    labels.action(i, a).into(),
                    p.into(),
                    payoff.into(),
                    self.regret.into(),
                    exact(i, Some(a)),
                    exact(i, None),
                ]);
            }
        }
        table
    }
}

impl Report for Equilibrium {
    /// The profile, payoffs, regret and method; exact fractions for exact results.
    fn summary(&self, labels: &Labels) -> String {
        format!(
            "{}; payoffs {}; regret {}; method {}",
            self.describe(labels),
            self.payoff_words(),
            self.regret_words(),
            self.method
        )
    }

    /// One row per (player, action), with the player's payoff and the profile's regret;
    /// exact results add the exact probability and payoff (`probability_exact`,
    /// `payoff_exact`).
    fn table(&self, labels: &Labels) -> Table {
        self.full_table(labels).without_empty_columns()
    }
}

/// A list of equilibria: one table, with an `equilibrium` column numbering them from 0.
impl Report for [Equilibrium] {
    fn summary(&self, _labels: &Labels) -> String {
        format!("{} equilibria", self.len())
    }

    fn table(&self, labels: &Labels) -> Table {
        full_list_table(self, labels).without_empty_columns()
    }
}

/// The table of a list of equilibria with every column (see [`Equilibrium::full_table`]).
fn full_list_table(list: &[Equilibrium], labels: &Labels) -> Table {
    let mut table = Table::new(EQUILIBRIUM_COLUMNS.into_iter().chain(EXACT_COLUMNS));
    for (k, eq) in list.iter().enumerate() {
        table.extend(
            eq.full_table(labels)
                .prefixed(&["equilibrium"], &[k.into()]),
        );
    }
    table
}

impl Outcome for Equilibrium {
    fn payoffs(&self) -> &[f64] {
        &self.payoffs
    }

    fn regret(&self) -> f64 {
        self.regret
    }
}

impl Outcome for ZeroSumSolution {
    fn payoffs(&self) -> &[f64] {
        &self.equilibrium.payoffs
    }

    fn regret(&self) -> f64 {
        self.equilibrium.regret
    }
}

impl Outcome for CorrelatedEquilibrium {
    fn payoffs(&self) -> &[f64] {
        &self.payoffs
    }

    fn regret(&self) -> f64 {
        self.regret
    }
}

impl Report for ZeroSumSolution {
    fn summary(&self, labels: &Labels) -> String {
        format!(
            "value {}; {}",
            self.value_exact
                .as_ref()
                .map_or_else(|| format::number(self.value), format::rational),
            self.equilibrium.summary(labels)
        )
    }

    /// The equilibrium's table (one row per player and action).
    fn table(&self, labels: &Labels) -> Table {
        self.equilibrium.table(labels)
    }
}

impl CorrelatedEquilibrium {
    /// The profiles played with positive probability, most likely first, at most `limit`.
    fn shown_profiles(&self, labels: &Labels, limit: usize) -> String {
        let mut cells: Vec<(f64, String)> = self
            .distribution
            .indexed_iter()
            .filter(|(_, p)| **p > 0.0)
            .map(|(idx, &p)| {
                let names: Vec<String> = (0..self.distribution.ndim())
                    .map(|i| labels.action(i, idx[i]))
                    .collect();
                (p, format!("({}): {}", names.join(", "), format::number(p)))
            })
            .collect();
        cells.sort_by(|a, b| b.0.total_cmp(&a.0));
        let more = if cells.len() > limit { ", …" } else { "" };
        let shown: Vec<String> = cells.into_iter().take(limit).map(|c| c.1).collect();
        format!("{{{}{more}}}", shown.join(", "))
    }
}

impl Report for CorrelatedEquilibrium {
    fn summary(&self, labels: &Labels) -> String {
        format!(
            "{}; payoffs {}; objective value {}; regret {}; method {}",
            self.shown_profiles(labels, 8),
            numbers(&self.payoffs),
            format::number(self.objective_value),
            format::number(self.regret),
            self.method()
        )
    }

    /// One row per pure profile: one column per player (its action's label) and the
    /// profile's `probability`.
    fn table(&self, labels: &Labels) -> Table {
        let n = self.distribution.ndim();
        let mut columns: Vec<String> = (0..n).map(|i| labels.player(i)).collect();
        columns.push("probability".into());
        let mut table = Table::new(columns);
        for (idx, &p) in self.distribution.indexed_iter() {
            let mut row: Vec<Cell> = (0..n).map(|i| labels.action(i, idx[i]).into()).collect();
            row.push(p.into());
            table.push(row);
        }
        table
    }
}

impl Commitment {
    /// Both players' strategies, indexed by player: the leader's mixture and the follower's
    /// pure best response as a unit vector over its `follower_actions` actions.
    pub fn strategies(&self, follower_actions: usize) -> Vec<Vec<f64>> {
        let mut follower = vec![0.0; follower_actions.max(self.follower_action + 1)];
        follower[self.follower_action] = 1.0;
        if self.leader == 0 {
            vec![self.leader_strategy.clone(), follower]
        } else {
            vec![follower, self.leader_strategy.clone()]
        }
    }
}

impl Report for Commitment {
    fn summary(&self, labels: &Labels) -> String {
        let follower = 1 - self.leader.min(1);
        format!(
            "{} commits to {}; {} plays {}; payoffs {}; method commitment",
            labels.player(self.leader),
            labels.mixture(self.leader, &self.leader_strategy),
            labels.player(follower),
            labels.action(follower, self.follower_action),
            numbers(&self.payoffs)
        )
    }

    /// One row per player and action, with a `role` column (`leader` / `follower`) and the
    /// player's payoff.
    fn table(&self, labels: &Labels) -> Table {
        let follower = 1 - self.leader.min(1);
        let n = labels.actions.get(follower).map_or(0, Vec::len);
        strategy_table(labels, &self.strategies(n), &["role", "payoff"], |i| {
            let role = if i == self.leader {
                "leader"
            } else {
                "follower"
            };
            vec![role.into(), payoff(&self.payoffs, i)]
        })
    }
}

impl Report for LogitQre {
    fn summary(&self, labels: &Labels) -> String {
        match (
            self.lambdas.last(),
            self.strategies.last(),
            self.regret.last(),
        ) {
            (Some(&l), Some(p), Some(&r)) => format!(
                "{} points, λ from {} to {}; at λ = {}: {}; regret {}; method logit_qre",
                self.lambdas.len(),
                format::number(self.lambdas[0]),
                format::number(l),
                format::number(l),
                labels.profile(p),
                format::number(r)
            ),
            _ => "no points; method logit_qre".into(),
        }
    }

    /// One row per (`lambda`, player, action), with the profile's `regret`.
    fn table(&self, labels: &Labels) -> Table {
        let mut table = Table::new(["lambda", "player", "action", "probability", "regret"]);
        for ((&l, profile), &r) in self.lambdas.iter().zip(&self.strategies).zip(&self.regret) {
            let part = strategy_table(labels, profile, &["regret"], |_| vec![r.into()]);
            table.extend(part.prefixed(&["lambda"], &[l.into()]));
        }
        table
    }
}

impl Report for AllEquilibria {
    /// The count, then one line per extreme equilibrium (exact fractions where known).
    fn summary(&self, labels: &Labels) -> String {
        let mut lines = vec![format!(
            "{} extreme equilibria in {} component(s){}; method enumerate_all",
            self.equilibria.len(),
            self.components.len(),
            if self.exact.is_some() { ", exact" } else { "" }
        )];
        for (k, eq) in self.equilibria.iter().enumerate() {
            lines.push(format!(
                "  {k}: {}; payoffs {}",
                eq.describe(labels),
                eq.payoff_words()
            ));
        }
        lines.join("\n")
    }

    /// The equilibria's table with a `component` column and, for exact results, the exact
    /// probability of each action and payoff (`probability_exact`, `payoff_exact`).
    fn table(&self, labels: &Labels) -> Table {
        let mut component = vec![0; self.equilibria.len()];
        for (c, comp) in self.components.iter().enumerate() {
            for &e in &comp.equilibria {
                if let Some(slot) = component.get_mut(e) {
                    *slot = c;
                }
            }
        }
        // Columns: equilibrium, player, action, probability, payoff, regret, then component,
        // then the exact ones.
        let full = full_list_table(&self.equilibria, labels);
        let split = EQUILIBRIUM_COLUMNS.len();
        let mut columns = full.columns.clone();
        columns.insert(split, "component".into());
        let mut table = Table::new(columns);
        for mut row in full.rows {
            let e = match row[0] {
                Cell::Int(e) => usize::try_from(e).unwrap_or(0),
                _ => 0,
            };
            row.insert(split, component.get(e).copied().unwrap_or(0).into());
            table.push(row);
        }
        table.without_empty_columns()
    }
}

impl Elimination {
    /// `"round 0: P1 drops C (dominated by D)"`.
    pub fn describe(&self, labels: &Labels) -> String {
        format!(
            "round {}: {} drops {} (dominated by {})",
            self.round,
            labels.player(self.player),
            labels.action(self.player, self.action),
            labels.mixture(self.player, &self.dominator)
        )
    }
}

impl Report for Reduction {
    fn summary(&self, labels: &Labels) -> String {
        let steps: Vec<String> = self.eliminated.iter().map(|e| e.describe(labels)).collect();
        format!(
            "{} elimination(s){}{}; reduced shape {:?}",
            self.eliminated.len(),
            if steps.is_empty() { "" } else { ": " },
            steps.join("; "),
            self.game.shape()
        )
    }

    /// One row per elimination: `round`, `player`, `action`, `dominated_by` (the dominator
    /// in words) and `pure_dominator`.
    fn table(&self, labels: &Labels) -> Table {
        let mut table = Table::new([
            "round",
            "player",
            "action",
            "dominated_by",
            "pure_dominator",
        ]);
        for e in &self.eliminated {
            table.push(vec![
                e.round.into(),
                labels.player(e.player).into(),
                labels.action(e.player, e.action).into(),
                labels.mixture(e.player, &e.dominator).into(),
                e.is_pure_dominator().into(),
            ]);
        }
        table
    }
}

/// A game as a table: one row per pure profile, one column per player holding its action's
/// label, then one `payoff <player>` column per player.
impl Report for Game {
    fn summary(&self, _labels: &Labels) -> String {
        format!(
            "{}-player game of shape {:?}",
            self.num_players(),
            self.shape()
        )
    }

    fn table(&self, labels: &Labels) -> Table {
        let n = self.num_players();
        let mut columns: Vec<String> = (0..n).map(|i| labels.player(i)).collect();
        columns.extend((0..n).map(|i| format!("payoff {}", labels.player(i))));
        let mut table = Table::new(columns);
        let mut profile = vec![0; n];
        for _ in 0..self.num_profiles() {
            let mut row: Vec<Cell> = profile
                .iter()
                .enumerate()
                .map(|(i, &a)| labels.action(i, a).into())
                .collect();
            row.extend(self.pure_payoffs(&profile).iter().map(|&u| Cell::from(u)));
            table.push(row);
            crate::game::advance(&mut profile, self.shape());
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_tidy_and_prefixed() {
        let labels = Labels {
            players: vec!["R".into(), "C".into()],
            actions: vec![vec!["T".into(), "B".into()], vec!["L".into()]],
        };
        let eq = Equilibrium {
            strategies: vec![vec![0.25, 0.75], vec![1.0]],
            payoffs: vec![1.0, -1.0],
            regret: 0.0,
            method: "user".into(),
            exact: None,
        };
        let list = [eq.clone(), eq];
        let table = list.table(&labels);
        assert_eq!(
            table.columns,
            [
                "equilibrium",
                "player",
                "action",
                "probability",
                "payoff",
                "regret"
            ]
        );
        assert_eq!(table.rows.len(), 6);
        assert_eq!(table.rows[5][0], Cell::Int(1));
        assert_eq!(table.rows[1][3], Cell::Float(0.75));
        assert!(table.to_html().contains("<td>0.75</td>"));
        assert_eq!(
            list[0].summary(&labels),
            "R: 0.25·T + 0.75·B; C: L; payoffs [1, -1]; regret 0; method user"
        );
    }
}
