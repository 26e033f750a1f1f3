//! The one face of every result: a summary line and a tidy table, both built here from the
//! result and the labels of its game, so that Python's `repr`, `_repr_html_` and `to_frame()`,
//! the command line and Rust's `Display` all say the same thing.
//!
//! A [`Table`] is *tidy*: one row per observation, one column per variable, numbers as
//! numbers (never as formatted strings). Strategy tables have one row per (result, player,
//! action) with the columns `player`, `action` and `probability`; exact results add
//! `probability_exact`. Columns common to all results use the same names: `strategies`,
//! `payoffs`, `regret`, `method`, `support` (see the README's vocabulary).
//!
//! # Example
//! ```
//! use detente::report::{Labels, Report};
//! use detente::{Equilibrium, Game};
//! use ndarray::array;
//!
//! let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
//! let eq = Equilibrium::new(&g, vec![vec![0.5, 0.5], vec![0.5, 0.5]], "user")?;
//! let labels = Labels::of(&g);
//! assert_eq!(eq.summary(&labels), "P1: 0.5·a1 + 0.5·a2; P2: 0.5·a1 + 0.5·a2; payoffs [0, 0]; regret 0; method user");
//! let table = eq.table(&labels);
//! assert_eq!(table.columns, ["player", "action", "probability", "payoff", "regret"]);
//! assert_eq!(table.rows.len(), 4);
//! # Ok::<(), detente::Error>(())
//! ```

use num_rational::BigRational;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::format;
use crate::game::Game;

/// The player names and action labels a result is printed with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Labels {
    /// One name per player.
    pub players: Vec<String>,
    /// One label list per player.
    pub actions: Vec<Vec<String>>,
}

impl Labels {
    /// The labels of `game`.
    pub fn of(game: &Game) -> Self {
        Self {
            players: game.players().to_vec(),
            actions: game.actions().to_vec(),
        }
    }

    /// The label of `player`'s action `action`, or its index when out of range (a result
    /// that does not fit its labels still prints).
    pub fn action(&self, player: usize, action: usize) -> String {
        self.actions
            .get(player)
            .and_then(|a| a.get(action))
            .cloned()
            .unwrap_or_else(|| action.to_string())
    }

    /// The name of `player`, or its index when out of range.
    pub fn player(&self, player: usize) -> String {
        self.players
            .get(player)
            .cloned()
            .unwrap_or_else(|| player.to_string())
    }

    /// `player`'s mixed strategy in words (see [`format::mixture`]).
    pub fn mixture(&self, player: usize, probabilities: &[f64]) -> String {
        let labels: Vec<String> = (0..probabilities.len())
            .map(|a| self.action(player, a))
            .collect();
        format::mixture(probabilities, &labels)
    }

    /// Every player's strategy in words, `"Row: 0.5·T + 0.5·B; Column: L"`.
    pub fn profile(&self, strategies: &[Vec<f64>]) -> String {
        strategies
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}: {}", self.player(i), self.mixture(i, s)))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// One value of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A count or an index.
    Int(i64),
    /// A real number.
    Float(f64),
    /// An exact rational number.
    Exact(BigRational),
    /// A flag.
    Bool(bool),
    /// A name or a label.
    Text(String),
    /// No value (e.g. the exact column of a float result).
    Missing,
}

impl Cell {
    /// The cell as a person would write it.
    pub fn text(&self) -> String {
        match self {
            Cell::Int(i) => i.to_string(),
            Cell::Float(x) => format::number(*x),
            Cell::Exact(r) => format::rational(r),
            Cell::Bool(b) => b.to_string(),
            Cell::Text(s) => s.clone(),
            Cell::Missing => String::new(),
        }
    }
}

impl From<usize> for Cell {
    fn from(i: usize) -> Self {
        Cell::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Float(x)
    }
}

impl From<bool> for Cell {
    fn from(b: bool) -> Self {
        Cell::Bool(b)
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<BigRational> for Cell {
    fn from(r: BigRational) -> Self {
        Cell::Exact(r)
    }
}

/// A tidy table: named columns, rows of [`Cell`]s of equal length.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Column names.
    pub columns: Vec<String>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// Rows shown by [`Table::to_html`] before it truncates.
const HTML_ROWS: usize = 60;

impl Table {
    /// An empty table with these columns.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Self {
        Self {
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row (one cell per column).
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Puts `prefix` columns before every row (e.g. the index of the equilibrium).
    pub fn prefixed(mut self, names: &[&str], values: &[Cell]) -> Self {
        let mut columns: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        columns.append(&mut self.columns);
        self.columns = columns;
        for row in &mut self.rows {
            let mut new = values.to_vec();
            new.append(row);
            *row = new;
        }
        self
    }

    /// Appends the rows of `other`, which must have the same columns.
    pub fn extend(&mut self, other: Table) {
        debug_assert_eq!(self.columns, other.columns);
        self.rows.extend(other.rows);
    }

    /// Drops the columns whose cells are all [`Cell::Missing`].
    pub fn without_empty_columns(mut self) -> Self {
        let keep: Vec<bool> = (0..self.columns.len())
            .map(|c| self.rows.iter().any(|r| r[c] != Cell::Missing))
            .collect();
        let mut k = keep.iter();
        self.columns.retain(|_| *k.next().unwrap_or(&true));
        for row in &mut self.rows {
            let mut k = keep.iter();
            row.retain(|_| *k.next().unwrap_or(&true));
        }
        self
    }

    /// An HTML table (for Jupyter), truncated after 60 rows with a note saying so.
    pub fn to_html(&self) -> String {
        let head: String = self
            .columns
            .iter()
            .map(|c| format!("<th>{}</th>", escape(c)))
            .collect();
        let body: String = self
            .rows
            .iter()
            .take(HTML_ROWS)
            .map(|row| {
                let cells: String = row
                    .iter()
                    .map(|c| format!("<td>{}</td>", escape(&c.text())))
                    .collect();
                format!("<tr>{cells}</tr>")
            })
            .collect();
        let more = if self.rows.len() > HTML_ROWS {
            format!(
                "<p>… {} more rows (to_frame() has them all)</p>",
                self.rows.len() - HTML_ROWS
            )
        } else {
            String::new()
        };
        format!("<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}")
    }
}

/// The most cells a [`Table`] is built with for a whole game (`Game`'s table has one row per
/// pure profile), so that `to_frame()` cannot exhaust memory.
pub const MAX_CELLS: usize = 20_000_000;

/// Refuses a table of `rows` rows and `columns` columns above [`MAX_CELLS`] cells.
///
/// # Errors
/// [`Error::InvalidArgument`] naming the size and what to use instead.
pub fn check_cells(rows: usize, columns: usize, what: &str) -> Result<()> {
    match rows.checked_mul(columns) {
        Some(cells) if cells <= MAX_CELLS => Ok(()),
        _ => Err(Error::InvalidArgument(format!(
            "{what} would have {rows} rows of {columns} columns, more than the {MAX_CELLS} cells a \
             table is built with; use the arrays directly (e.g. Game.payoffs, a numpy view)"
        ))),
    }
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A numeric list as a person would write it: `[0.5, 1, 2/3]`.
pub fn numbers(values: &[f64]) -> String {
    let parts: Vec<String> = values.iter().map(|&x| format::number(x)).collect();
    format!("[{}]", parts.join(", "))
}

/// What every result can say about itself, given the labels of its game.
pub trait Report {
    /// A one-line summary: the strategies in words, the payoffs, the certificate, the method.
    fn summary(&self, labels: &Labels) -> String;

    /// The result as a tidy table (see the [module docs](self)).
    fn table(&self, labels: &Labels) -> Table;

    /// The summary above the table, as HTML.
    fn to_html(&self, labels: &Labels) -> String {
        format!(
            "<div><p>{}</p>{}</div>",
            escape(&self.summary(labels)).replace('\n', "<br>"),
            self.table(labels).to_html()
        )
    }
}

/// A result with one outcome: each player's payoff and the regret that certifies it.
///
/// The common vocabulary of [`crate::solve::Equilibrium`], [`crate::solve::ZeroSumSolution`],
/// [`crate::solve::CorrelatedEquilibrium`] and [`crate::dynamics::Run`], so that front ends
/// read them alike.
pub trait Outcome {
    /// Each player's expected payoff, recomputed from the game.
    fn payoffs(&self) -> &[f64];
    /// The largest gain of a deviation, recomputed from the game (0 at an exact equilibrium).
    fn regret(&self) -> f64;
}

/// What a result read from outside (JSON, a pickle) must satisfy before it is printed,
/// tabulated or used: it fits the labels of its game (one entry per player, one probability
/// per action, indices in range) and is internally consistent (probabilities in `[0, 1]`
/// summing to 1, finite payoffs, a finite regret `>= 0`).
///
/// Every result class's `from_json` (Python) calls it, so a hand-edited or forged result is
/// refused with [`Error::Json`] instead of panicking later or being believed. It checks the
/// structure only: without the game it cannot recompute the payoffs or the regret (build
/// `Equilibrium::new(game, strategies, method)` to certify a profile again).
///
/// # Example
/// ```
/// use detente::report::{Labels, Validate};
/// use detente::{Equilibrium, Game};
/// use ndarray::array;
///
/// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
/// let mut eq = Equilibrium::new(&g, vec![vec![0.5, 0.5], vec![0.5, 0.5]], "user")?;
/// assert!(eq.validate(&Labels::of(&g)).is_ok());
/// eq.regret = -5.0;
/// assert!(eq.validate(&Labels::of(&g)).is_err());
/// # Ok::<(), detente::Error>(())
/// ```
pub trait Validate {
    /// Checks the result's own fields against `labels` and each other; `labels` themselves
    /// have been checked by [`Validate::validate`], which is what callers call.
    ///
    /// # Errors
    /// [`Error::Json`] naming the field at fault and what it must be.
    fn check_fields(&self, labels: &Labels) -> Result<()>;

    /// Checks `labels` ([`Labels::validate`]: players, one list of distinct action labels
    /// each; [`Labels::validate_players`] for results without actions), then the result against them and itself ([`Validate::check_fields`]). Every
    /// result is checked through here, so none can index labels that do not fit each other.
    ///
    /// # Errors
    /// [`Error::Json`] naming the field at fault and what it must be.
    fn validate(&self, labels: &Labels) -> Result<()> {
        if self.has_actions() {
            labels.validate()?;
        } else {
            labels.validate_players()?;
        }
        self.check_fields(labels)
    }

    /// Whether the result's players have actions (`true`, the default: results of games in
    /// normal form), or not (coalitional results, whose labels hold an empty list per player).
    fn has_actions(&self) -> bool {
        true
    }
}

/// An [`Error::Json`] about field `what`.
pub(crate) fn invalid(what: &str, message: impl std::fmt::Display) -> Error {
    Error::Json(format!("{what} {message}"))
}

impl Labels {
    /// Checks the labels themselves: at least one player, distinct player names, one
    /// non-empty list of distinct labels per player.
    ///
    /// # Errors
    /// [`Error::Json`] naming the fault.
    pub fn validate(&self) -> Result<()> {
        self.validate_players()?;
        for (name, labels) in self.players.iter().zip(&self.actions) {
            if labels.is_empty() {
                return Err(invalid("actions", format!("of player {name:?} is empty")));
            }
            for (a, label) in labels.iter().enumerate() {
                if labels[..a].contains(label) {
                    return Err(invalid(
                        "actions",
                        format!("of player {name:?} repeat the label {label:?}"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Checks the players: at least one, distinct names, and one list of action labels each
    /// (possibly empty: coalitional results have no actions).
    ///
    /// # Errors
    /// [`Error::Json`] naming the fault.
    pub fn validate_players(&self) -> Result<()> {
        if self.players.is_empty() {
            return Err(invalid(
                "players",
                "is empty: a result belongs to a game with players",
            ));
        }
        if self.actions.len() != self.players.len() {
            return Err(invalid(
                "actions",
                format!(
                    "has {} lists but there are {} players",
                    self.actions.len(),
                    self.players.len()
                ),
            ));
        }
        for (i, name) in self.players.iter().enumerate() {
            if self.players[..i].contains(name) {
                return Err(invalid("players", format!("repeats the name {name:?}")));
            }
        }
        Ok(())
    }

    /// The number of actions of each player.
    pub(crate) fn shape(&self) -> Vec<usize> {
        self.actions.iter().map(Vec::len).collect()
    }
}

/// Checks a probability vector over `n` actions: finite entries in `[0, 1]` summing to 1
/// (within [`crate::game::PROBABILITY_TOLERANCE`] times the length).
pub(crate) fn check_probabilities(what: &str, p: &[f64], n: usize) -> Result<()> {
    if p.len() != n {
        return Err(invalid(
            what,
            format!("has {} entries, but there are {n} actions", p.len()),
        ));
    }
    if let Some(x) = p
        .iter()
        .find(|x| !(x.is_finite() && (0.0..=1.0).contains(*x)))
    {
        return Err(invalid(
            what,
            format!("holds {x}; probabilities are in [0, 1]"),
        ));
    }
    let sum: f64 = p.iter().sum();
    let tol = crate::game::PROBABILITY_TOLERANCE * (n.max(1) as f64);
    if (sum - 1.0).abs() > tol {
        return Err(invalid(what, format!("sums to {sum}, not 1")));
    }
    Ok(())
}

/// Checks a profile: one probability vector per player of `labels`.
pub(crate) fn check_profile(what: &str, profile: &[Vec<f64>], labels: &Labels) -> Result<()> {
    if profile.len() != labels.players.len() {
        return Err(invalid(
            what,
            format!(
                "has {} strategies, but there are {} players",
                profile.len(),
                labels.players.len()
            ),
        ));
    }
    for (i, s) in profile.iter().enumerate() {
        let name = format!("{what} of player {:?}", labels.players[i]);
        check_probabilities(&name, s, labels.actions[i].len())?;
    }
    Ok(())
}

/// Checks one finite payoff per player (an empty list is allowed when `optional`).
pub(crate) fn check_payoffs(what: &str, payoffs: &[f64], players: usize) -> Result<()> {
    if payoffs.len() != players {
        return Err(invalid(
            what,
            format!(
                "has {} entries, but there are {players} players",
                payoffs.len()
            ),
        ));
    }
    check_finite(what, payoffs)
}

/// Checks that every number is finite.
pub(crate) fn check_finite(what: &str, values: &[f64]) -> Result<()> {
    match values.iter().find(|x| !x.is_finite()) {
        Some(x) => Err(invalid(what, format!("holds {x}; it must be finite"))),
        None => Ok(()),
    }
}

/// Checks a regret: finite and `>= 0`.
pub(crate) fn check_regret(what: &str, regret: f64) -> Result<()> {
    if regret.is_finite() && regret >= 0.0 {
        Ok(())
    } else {
        Err(invalid(
            what,
            format!("is {regret}; a regret is a finite number >= 0"),
        ))
    }
}

/// Checks an index below `n`.
pub(crate) fn check_index(what: &str, index: usize, n: usize) -> Result<()> {
    if index < n {
        Ok(())
    } else {
        Err(invalid(what, format!("is {index}, out of range 0..{n}")))
    }
}

/// One row per player: `player`, `payoff` and, when `exact` is given, `payoff_exact` (the
/// column is left out otherwise).
pub(crate) fn payoff_table(
    labels: &Labels,
    payoffs: &[f64],
    exact: Option<&[num_rational::BigRational]>,
) -> Table {
    let mut t = Table::new(["player", "payoff", "payoff_exact"]);
    for (i, &v) in payoffs.iter().enumerate() {
        let cell = exact
            .and_then(|x| x.get(i))
            .map_or(Cell::Missing, |x| Cell::Exact(x.clone()));
        t.push(vec![labels.player(i).into(), Cell::Float(v), cell]);
    }
    t.without_empty_columns()
}

/// One row per (player, action) of a profile: `player`, `action`, `probability`, then the
/// `extra` columns, whose cells `extra_cells(i)` gives for player `i` (repeated on each of its
/// actions' rows).
pub fn strategy_table(
    labels: &Labels,
    strategies: &[Vec<f64>],
    extra: &[&str],
    extra_cells: impl Fn(usize) -> Vec<Cell>,
) -> Table {
    let mut table = Table::new(
        ["player", "action", "probability"]
            .iter()
            .chain(extra)
            .copied(),
    );
    for (i, s) in strategies.iter().enumerate() {
        let cells = extra_cells(i);
        for (a, &p) in s.iter().enumerate() {
            let mut row = vec![
                labels.player(i).into(),
                labels.action(i, a).into(),
                p.into(),
            ];
            row.extend(cells.iter().cloned());
            table.push(row);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fall_back_to_indices() {
        let labels = Labels {
            players: vec!["R".into()],
            actions: vec![vec!["T".into()]],
        };
        assert_eq!(labels.action(0, 3), "3");
        assert_eq!(labels.player(2), "2");
        let table = Table::new(["a", "b"]);
        assert!(table.without_empty_columns().columns.is_empty());
    }
}
