//! Payoff tables: plain text (`Display`) and HTML (for Jupyter).
//!
//! Two players: one table, the row player's actions down the side. More players: one table
//! per action profile of players 3..N. Big games are truncated to [`MAX_SIDE`] rows and
//! columns and [`MAX_TABLES`] tables, with an ellipsis saying so.

use std::fmt::{self, Write};

use super::Game;
use crate::format::number;

/// Rows or columns shown per table before truncation.
const MAX_SIDE: usize = 12;
/// Tables shown for games of three or more players before truncation.
const MAX_TABLES: usize = 8;

/// One 2-D slice of the game, ready to print.
struct Table {
    caption: String,
    rows: Vec<String>,
    cols: Vec<String>,
    cells: Vec<Vec<String>>,
    truncated_rows: bool,
    truncated_cols: bool,
}

impl Game {
    /// The payoffs at a pure profile as text: fractions for a game that keeps rationals
    /// (`2/7`), floats otherwise.
    fn cell(&self, profile: &[usize]) -> String {
        if !self.has_rational_payoffs() {
            let payoffs = self.pure_payoffs(profile).iter().map(|&x| number(x));
            return payoffs.collect::<Vec<_>>().join(", ");
        }
        let n = self.num_players();
        let p = self.checked_profile_index(profile).unwrap_or(0);
        (0..n)
            .map(|i| crate::format::rational(&self.exact_payoff(p * n + i)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn tables(&self) -> (Vec<Table>, usize) {
        let n = self.num_players();
        let shape = self.shape();
        let rows = shape[0].min(MAX_SIDE);
        let (ncols, col_labels) = if n >= 2 {
            (shape[1], self.actions()[1].clone())
        } else {
            (1, vec![self.players()[0].clone()])
        };
        let cols = ncols.min(MAX_SIDE);
        let rest: Vec<usize> = shape.iter().skip(2).copied().collect();
        let num_tables: usize = rest.iter().product();
        let mut tail = vec![0usize; rest.len()];
        let mut tables = Vec::new();
        for _ in 0..num_tables.min(MAX_TABLES) {
            let caption = tail
                .iter()
                .enumerate()
                .map(|(k, &a)| {
                    format!(
                        "{} plays {}",
                        self.players()[k + 2],
                        self.actions()[k + 2][a]
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let cells = (0..rows)
                .map(|r| {
                    (0..cols)
                        .map(|c| {
                            let mut profile = vec![r];
                            if n >= 2 {
                                profile.push(c);
                            }
                            profile.extend(&tail);
                            self.cell(&profile)
                        })
                        .collect()
                })
                .collect();
            tables.push(Table {
                caption,
                rows: self.actions()[0][..rows].to_vec(),
                cols: col_labels[..cols].to_vec(),
                cells,
                truncated_rows: rows < shape[0],
                truncated_cols: cols < ncols,
            });
            super::advance(&mut tail, &rest);
        }
        (tables, num_tables)
    }

    fn header(&self) -> String {
        let shape = self
            .shape()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("×");
        let title = if self.title().is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", self.title())
        };
        format!(
            "{}-player {shape} game{title}; players: {}",
            self.num_players(),
            self.players().join(", ")
        )
    }

    /// An HTML rendering of the payoff table(s), as Jupyter shows a game.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let html = Game::zero_sum(array![[1.0, -1.0]].view())?.to_html();
    /// assert!(html.starts_with("<div") && html.contains("<td>1, -1</td>"));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let (tables, total) = self.tables();
        let mut out = format!(
            "<div class=\"detente-game\"><p>{}</p>",
            escape(&self.header())
        );
        for t in &tables {
            if !t.caption.is_empty() {
                let _ = write!(out, "<p><em>{}</em></p>", escape(&t.caption));
            }
            out.push_str("<table><thead><tr><th></th>");
            for c in &t.cols {
                let _ = write!(out, "<th>{}</th>", escape(c));
            }
            if t.truncated_cols {
                out.push_str("<th>…</th>");
            }
            out.push_str("</tr></thead><tbody>");
            for (label, row) in t.rows.iter().zip(&t.cells) {
                let _ = write!(out, "<tr><th>{}</th>", escape(label));
                for cell in row {
                    let _ = write!(out, "<td>{cell}</td>");
                }
                out.push_str("</tr>");
            }
            if t.truncated_rows {
                out.push_str("<tr><th>…</th></tr>");
            }
            out.push_str("</tbody></table>");
        }
        if total > tables.len() {
            let _ = write!(
                out,
                "<p>… {} more tables not shown</p>",
                total - tables.len()
            );
        }
        out.push_str("</div>");
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A text payoff table: each cell lists every player's payoff, row player first.
///
/// ```
/// use detente::Game;
/// use ndarray::array;
///
/// let text = Game::zero_sum(array![[1.0, -1.0]].view())?.to_string();
/// assert!(text.contains("1, -1"));
/// # Ok::<(), detente::Error>(())
/// ```
impl fmt::Display for Game {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.header())?;
        let (tables, total) = self.tables();
        for t in &tables {
            if !t.caption.is_empty() {
                writeln!(f, "[{}]", t.caption)?;
            }
            let mut cols = t.cols.clone();
            if t.truncated_cols {
                cols.push("…".into());
            }
            let label_w = t.rows.iter().map(|r| r.chars().count()).max().unwrap_or(0);
            let widths: Vec<usize> = (0..cols.len())
                .map(|c| {
                    let cells = t
                        .cells
                        .iter()
                        .filter_map(|row| row.get(c))
                        .map(|s| s.chars().count());
                    cells.chain([cols[c].chars().count()]).max().unwrap_or(1)
                })
                .collect();
            write!(f, "{:label_w$}", "")?;
            for (c, w) in cols.iter().zip(&widths) {
                write!(f, " | {c:>w$}")?;
            }
            writeln!(f)?;
            for (label, row) in t.rows.iter().zip(&t.cells) {
                write!(f, "{label:label_w$}")?;
                for (cell, w) in row.iter().zip(&widths) {
                    write!(f, " | {cell:>w$}")?;
                }
                writeln!(f)?;
            }
            if t.truncated_rows {
                writeln!(f, "…")?;
            }
        }
        if total > tables.len() {
            writeln!(f, "… {} more tables not shown", total - tables.len())?;
        }
        Ok(())
    }
}
