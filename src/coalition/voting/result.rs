//! [`PowerIndices`]: the result of every power index, with the one result face.

use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::format;
use crate::report::{Cell, Labels, Report, Table, Validate, invalid};

/// One power index of every player: exact fractions and the floats nearest to them.
///
/// `method` names the index (`shapley_shubik`, `banzhaf`, `banzhaf_absolute`,
/// `deegan_packel`, `holler`, `johnston`), `exact` holds one fraction per player, `values`
/// their nearest floats.
///
/// # Example
/// ```
/// use detente::coalition::voting::VotingGame;
/// use detente::report::{Labels, Report};
///
/// let g = VotingGame::weighted(5, &[4, 2, 1])?; // [5; 4, 2, 1]
/// let ss = g.shapley_shubik()?;
/// assert_eq!(ss.values, vec![2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0]);
/// let labels = g.labels();
/// assert_eq!(ss.summary(&labels), "shapley_shubik: P1 2/3, P2 1/6, P3 1/6");
/// assert_eq!(ss.table(&labels).columns, ["player", "power", "power_exact"]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PowerIndices {
    /// The name of the index.
    pub method: String,
    /// One float per player, the nearest to `exact`.
    pub values: Vec<f64>,
    /// One exact fraction per player.
    pub exact: Vec<BigRational>,
}

impl PowerIndices {
    /// The index `method` from exact values.
    pub fn new(method: &str, exact: Vec<BigRational>) -> Self {
        Self {
            method: method.into(),
            values: exact
                .iter()
                .map(|x| x.to_f64().unwrap_or(f64::NAN))
                .collect(),
            exact,
        }
    }
}

impl std::fmt::Display for PowerIndices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.exact.iter().map(format::rational).collect();
        write!(f, "[{}]", parts.join(", "))
    }
}

/// Players shown in a summary line before it is cut short.
const SUMMARY_PLAYERS: usize = 12;

impl Report for PowerIndices {
    fn summary(&self, labels: &Labels) -> String {
        let shown: Vec<String> = self
            .exact
            .iter()
            .take(SUMMARY_PLAYERS)
            .enumerate()
            .map(|(i, x)| {
                let text = if x.denom().bits() <= 32 {
                    format::rational(x)
                } else {
                    format::number(self.values[i])
                };
                format!("{} {text}", labels.player(i))
            })
            .collect();
        let more = self.exact.len().saturating_sub(SUMMARY_PLAYERS);
        let tail = if more > 0 {
            format!(", … ({more} more players)")
        } else {
            String::new()
        };
        format!("{}: {}{tail}", self.method, shown.join(", "))
    }

    fn table(&self, labels: &Labels) -> Table {
        let mut t = Table::new(["player", "power", "power_exact"]);
        for (i, (v, x)) in self.values.iter().zip(&self.exact).enumerate() {
            t.push(vec![
                Cell::Text(labels.player(i)),
                Cell::Float(*v),
                Cell::Exact(x.clone()),
            ]);
        }
        t
    }
}

impl Validate for PowerIndices {
    fn check_fields(&self, labels: &Labels) -> Result<()> {
        let n = labels.players.len();
        if self.exact.len() != n || self.values.len() != n {
            return Err(invalid(
                "exact",
                format!(
                    "and values have {} and {} entries, but there are {n} players",
                    self.exact.len(),
                    self.values.len()
                ),
            ));
        }
        for (i, (v, x)) in self.values.iter().zip(&self.exact).enumerate() {
            if x.is_negative() || *x > BigRational::from_integer(1.into()) {
                return Err(invalid("exact", format!("[{i}] is outside [0, 1]")));
            }
            if x.to_f64() != Some(*v) {
                return Err(invalid(
                    "values",
                    format!("[{i}] is {v}, not the float nearest to exact[{i}]"),
                ));
            }
        }
        Ok(())
    }
}
