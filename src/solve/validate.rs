//! [`Validate`] for the solvers' results: what a result read back from JSON must satisfy
//! before it is printed, tabulated or believed (see [`Validate`] for what is, and is not,
//! checked).

use num_traits::{One, Signed};

use super::{
    AllEquilibria, Commitment, CorrelatedEquilibrium, Elimination, Equilibrium, LogitQre,
    Reduction, ZeroSumSolution,
};
use crate::error::Result;
use crate::report::{
    Labels, Validate, check_finite, check_index, check_payoffs, check_probabilities, check_profile,
    check_regret, invalid,
};

impl Validate for Equilibrium {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        check_profile("strategies", &self.strategies, labels)?;
        check_payoffs("payoffs", &self.payoffs, labels.players.len())?;
        check_regret("regret", self.regret)
    }
}

impl Validate for ZeroSumSolution {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        self.equilibrium.validate(labels)?;
        if labels.players.len() != 2 {
            return Err(invalid(
                "players",
                "must name the 2 players of a zero-sum game",
            ));
        }
        check_finite("value", &[self.value])
    }
}

impl Validate for CorrelatedEquilibrium {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        let shape = labels.shape();
        if self.distribution.shape() != shape.as_slice() {
            return Err(invalid(
                "distribution",
                format!(
                    "has shape {:?}, but the game's action counts are {shape:?}",
                    self.distribution.shape()
                ),
            ));
        }
        let mu: Vec<f64> = self.distribution.iter().copied().collect();
        check_probabilities("distribution", &mu, mu.len())?;
        check_payoffs("payoffs", &self.payoffs, labels.players.len())?;
        check_regret("regret", self.regret)?;
        check_finite("objective_value", &[self.objective_value])
    }
}

impl Validate for Commitment {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        if labels.players.len() != 2 {
            return Err(invalid(
                "players",
                "must name the 2 players of a commitment",
            ));
        }
        check_index("leader", self.leader, 2)?;
        let follower = 1 - self.leader;
        check_probabilities(
            "leader_strategy",
            &self.leader_strategy,
            labels.actions[self.leader].len(),
        )?;
        check_index(
            "follower_action",
            self.follower_action,
            labels.actions[follower].len(),
        )?;
        check_payoffs("payoffs", &self.payoffs, 2)
    }
}

impl Validate for LogitQre {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        if self.lambdas.is_empty() {
            return Err(invalid(
                "lambdas",
                "is empty: a path has at least one point",
            ));
        }
        let k = self.lambdas.len();
        if self.strategies.len() != k || self.regret.len() != k {
            return Err(invalid(
                "strategies and regret",
                format!(
                    "must have one entry per λ ({k}), got {} and {}",
                    self.strategies.len(),
                    self.regret.len()
                ),
            ));
        }
        if let Some(l) = self.lambdas.iter().find(|l| !(l.is_finite() && **l >= 0.0)) {
            return Err(invalid(
                "lambdas",
                format!("holds {l}; every λ is finite and >= 0"),
            ));
        }
        if self.lambdas.windows(2).any(|w| w[1] < w[0]) {
            return Err(invalid("lambdas", "must be non-decreasing"));
        }
        for (p, &r) in self.strategies.iter().zip(&self.regret) {
            check_profile("strategies", p, labels)?;
            check_regret("regret", r)?;
        }
        Ok(())
    }
}

impl Validate for Elimination {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        check_index("player", self.player, labels.players.len())?;
        let n = labels.actions[self.player].len();
        check_index("action", self.action, n)?;
        check_probabilities("dominator", &self.dominator, n)
    }
}

impl Validate for Reduction {
    /// The game was validated when it was read; here: `kept` fits both the original labels
    /// and the reduced game, and every elimination fits the original labels.
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        let shape = self.game.shape();
        if self.kept.len() != labels.players.len() || shape.len() != labels.players.len() {
            return Err(invalid(
                "kept",
                format!(
                    "and the reduced game must have one entry per player ({}), got {} and {}",
                    labels.players.len(),
                    self.kept.len(),
                    shape.len()
                ),
            ));
        }
        for (i, kept) in self.kept.iter().enumerate() {
            let n = labels.actions[i].len();
            if kept.len() != shape[i]
                || kept.windows(2).any(|w| w[1] <= w[0])
                || kept.iter().any(|&a| a >= n)
            {
                return Err(invalid(
                    "kept",
                    format!(
                        "of player {i} is {kept:?}: it must list, ascending, the {} actions of \
                         the reduced game among the original 0..{n}",
                        shape[i]
                    ),
                ));
            }
        }
        self.eliminated.iter().try_for_each(|e| e.validate(labels))
    }
}

impl Validate for AllEquilibria {
    /// Every equilibrium and exact equilibrium fits the labels; `vertex_pairs` has one pair
    /// per equilibrium; the components' equilibrium and vertex indices are in range.
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        if labels.players.len() != 2 {
            return Err(invalid(
                "players",
                "must name the 2 players of a bimatrix game",
            ));
        }
        for eq in &self.equilibria {
            eq.validate(labels)?;
        }
        let count = self.equilibria.len();
        if let Some(exact) = &self.exact {
            if exact.len() != count {
                return Err(invalid(
                    "exact",
                    format!("has {} entries for {count} equilibria", exact.len()),
                ));
            }
            for x in exact {
                if x.strategies.len() != 2 || x.payoffs.len() != 2 {
                    return Err(invalid(
                        "exact",
                        "needs 2 strategies and 2 payoffs per entry",
                    ));
                }
                for (i, s) in x.strategies.iter().enumerate() {
                    let sum = s
                        .iter()
                        .fold(num_rational::BigRational::default(), |a, b| a + b);
                    if s.len() != labels.actions[i].len()
                        || s.iter().any(|p| p.is_negative())
                        || !sum.is_one()
                    {
                        return Err(invalid(
                            "exact",
                            format!(
                                "strategy of player {i} must hold {} non-negative fractions \
                                 summing to 1",
                                labels.actions[i].len()
                            ),
                        ));
                    }
                }
            }
        }
        if self.vertex_pairs.len() != count {
            return Err(invalid(
                "vertex_pairs",
                format!(
                    "has {} pairs for {count} equilibria",
                    self.vertex_pairs.len()
                ),
            ));
        }
        // Extreme strategies are numbered in the order of the equilibria: every index below
        // the largest is used.
        let rows = dense(
            "vertex_pairs: row indices",
            self.vertex_pairs.iter().map(|p| p.0),
        )?;
        let columns = dense(
            "vertex_pairs: column indices",
            self.vertex_pairs.iter().map(|p| p.1),
        )?;
        let indices = |what: &str, list: &[usize], n: usize| {
            list.iter().try_for_each(|&k| check_index(what, k, n))
        };
        for c in &self.components {
            indices("components: equilibria", &c.equilibria, count)?;
            indices("components: row_vertices", &c.row_vertices, rows)?;
            indices("components: column_vertices", &c.column_vertices, columns)?;
            for k in &c.cliques {
                indices("cliques: equilibria", &k.equilibria, count)?;
                indices("cliques: row_vertices", &k.row_vertices, rows)?;
                indices("cliques: column_vertices", &k.column_vertices, columns)?;
            }
        }
        Ok(())
    }
}

/// The number of distinct indices, if they are exactly `0..count`.
fn dense(what: &str, indices: impl Iterator<Item = usize>) -> Result<usize> {
    let mut seen: Vec<usize> = indices.collect();
    seen.sort_unstable();
    seen.dedup();
    if seen.iter().enumerate().all(|(k, &i)| k == i) {
        Ok(seen.len())
    } else {
        Err(invalid(
            what,
            format!("must number the extreme strategies 0, 1, 2, … without gaps, got {seen:?}"),
        ))
    }
}
