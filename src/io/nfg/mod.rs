//! Gambit's `.nfg` strategic-form files, read and written.
//!
//! The format, as Gambit documents it, is free-form text (whitespace and line breaks are not
//! significant outside double quotes):
//!
//! ```text
//! NFG 1 R "title" { "Player 1" "Player 2" }
//! { { "Cooperate" "Defect" } { "Cooperate" "Defect" } }   (or counts: { 2 2 })
//! "optional comment"
//! ```
//!
//! followed by either the **payoff variant**, a flat list of `N` payoffs per profile, or the
//! **outcome variant**, a list of outcomes `{ { "name" u_1, …, u_N } … }` and then one
//! outcome index per profile (1-based; 0 is the null outcome, all payoffs zero). Profiles are
//! listed with player 1's strategy varying fastest. The legacy header `NFG 1 D` reads the same.

mod lexer;
mod parser;
mod values;

use std::path::Path;

use crate::error::{Error, Result};
use crate::game::Game;

/// Parses the text of a Gambit `.nfg` file (payoff or outcome variant, `NFG 1 R` or the
/// legacy `NFG 1 D`).
///
/// Payoffs may be integers, decimals (`-1.000000`, `.5`, `1e-3`) or fractions of integers
/// (`5/2`), and are read exactly: the game is exact ([`Game::is_exact`]), its floats are the
/// nearest `f64` and it keeps the rationals that are not floats (`2/7`, `0.1` = 1/10), which
/// the exact solvers use. Strings take the escapes `\"` and `\\`. The comment
/// string, if any, is not kept (a [`Game`] has no field for it); the title and the player
/// names are kept as they are, empty ones included.
///
/// Gambit allows repeated and empty strategy labels; detente needs labels unique per player,
/// so they are renamed deterministically: an empty label becomes `a{index}` (its 0-based
/// position, detente's default), and a label equal to an earlier one of the same player gets
/// the smallest suffix `~2`, `~3`, … not yet taken (`"defect" "defect"` reads as `defect`,
/// `defect~2`). With strategy counts instead of labels, actions get the defaults `a1`, `a2`, ….
/// Player names must be distinct too: a repeated name is renamed the same way, except that a
/// repeated empty name becomes `P{k}` (`k` its one-based position, detente's default).
/// A leading byte-order mark (U+FEFF) is skipped.
///
/// # Errors
/// [`Error::NfgParse`] with the 1-based line and column of the offending token and a message
/// saying what was expected and what was found: a truncated file, a wrong number of payoffs
/// or outcome indices, an unknown outcome, a malformed, NaN or infinite number, an
/// unterminated string, a zero or negative strategy count. A declared shape whose payoff
/// tensor would exceed [`crate::game::MAX_PAYOFF_BYTES`] is refused (pointing at its opening
/// brace) before anything is allocated; memory otherwise grows only with the text read.
///
/// # Example
/// ```
/// use detente::io::read_nfg;
///
/// let g = read_nfg(r#"NFG 1 R "Prisoner's dilemma" { "Row" "Column" }
///     { { "C" "D" } { "C" "D" } } ""
///     3 3  0 5  5 0  1 1"#)?;
/// assert_eq!(g.shape(), &[2, 2]);
/// // Player 1's strategy varies fastest: the second profile is (D, C).
/// assert_eq!(g.pure_payoffs(&[1, 0]), &[0.0, 5.0]);
/// assert_eq!(g.actions()[1], ["C", "D"]);
///
/// let err = read_nfg("NFG 1 R \"t\" { \"A\" } { 2 }\n 1 x").unwrap_err();
/// assert!(matches!(err, detente::Error::NfgParse { line: 2, column: 4, .. }));
/// # Ok::<(), detente::Error>(())
/// ```
pub fn read_nfg(text: &str) -> Result<Game> {
    parser::parse(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The text of a `.nfg` file from its bytes, as Gambit writes them: UTF-8 (a leading
/// byte-order mark dropped), or, if the bytes are not valid UTF-8, Latin-1 (ISO 8859-1, each
/// byte one character), the encoding of older Gambit files.
///
/// # Example
/// ```
/// use detente::io::decode_nfg;
///
/// assert_eq!(decode_nfg(b"\xEF\xBB\xBFNFG"), "NFG");
/// assert_eq!(decode_nfg(b"\"Fran\xE7ois\""), "\"François\"");
/// assert_eq!(decode_nfg("\"François\"".as_bytes()), "\"François\"");
/// ```
pub fn decode_nfg(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Makes player names distinct: a name equal to an earlier one gets the smallest suffix
/// `~2`, `~3`, … not yet taken, and a repeated empty name becomes `P{k}` for its one-based
/// position `k` (or a suffixed form of it, should that be taken).
fn unique_players(players: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(players.len());
    for (i, name) in players.into_iter().enumerate() {
        let name = if out.contains(&name) && name.is_empty() {
            format!("P{}", i + 1)
        } else {
            name
        };
        let mut candidate = name.clone();
        let mut k = 2;
        while out.contains(&candidate) {
            candidate = format!("{name}~{k}");
            k += 1;
        }
        out.push(candidate);
    }
    out
}

/// Reads a Gambit `.nfg` file from disk; see [`read_nfg`] for the format.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read (kind [`std::io::ErrorKind::NotFound`] when it
/// does not exist); otherwise as [`read_nfg`]. The bytes are decoded by [`decode_nfg`]
/// (UTF-8 with or without a byte-order mark, else Latin-1), so every file reads as text.
///
/// # Example
/// ```
/// use detente::io::read_nfg_path;
/// use detente::Error;
///
/// let err = read_nfg_path("no/such/game.nfg").unwrap_err();
/// assert!(matches!(err, Error::Io { kind: std::io::ErrorKind::NotFound, .. }));
/// ```
pub fn read_nfg_path(path: impl AsRef<Path>) -> Result<Game> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    read_nfg(&decode_nfg(&bytes))
}

fn io_error(path: &Path, e: &std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        kind: e.kind(),
        message: e.to_string(),
    }
}

impl Game {
    /// The game as a Gambit `.nfg` file, payoff variant, which Gambit and [`read_nfg`] read
    /// back.
    ///
    /// Quotes and backslashes in the title, names and labels are escaped. Payoffs are written
    /// exactly: the game's exact payoffs as `p/q` for a game that keeps rationals, and each
    /// float as its shortest decimal (`3`, `-0.25`) when that decimal is exactly the float,
    /// otherwise as the float's exact fraction (`0.1` as a float is
    /// `3602879701896397/36028797018963968`; build the game from exact values to mean 1/10).
    /// So `read_nfg(&g.to_nfg()) == g` holds for every game whose action labels are non-empty
    /// (an empty label reads back as `a{index}`, see [`read_nfg`]).
    ///
    /// # Example
    /// ```
    /// use detente::io::read_nfg;
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -0.5]].view())?.with_title("say \"hi\"");
    /// let text = g.to_nfg();
    /// assert!(text.starts_with(r#"NFG 1 R "say \"hi\"" { "P1" "P2" }"#));
    /// assert_eq!(read_nfg(&text)?, g);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn to_nfg(&self) -> String {
        let mut out = format!("NFG 1 R {} {{", quote(self.title()));
        for player in self.players() {
            out.push(' ');
            out.push_str(&quote(player));
        }
        out.push_str(" }\n\n{");
        for labels in self.actions() {
            out.push_str(" {");
            for label in labels {
                out.push(' ');
                out.push_str(&quote(label));
            }
            out.push_str(" }\n");
        }
        out.push_str("}\n\"\"\n\n");
        let n = self.num_players();
        let payoffs = self.payoff_slice();
        let rational = self.has_rational_payoffs();
        for c in fortran_profiles(self.shape()) {
            for (i, &x) in payoffs[c * n..(c + 1) * n].iter().enumerate() {
                out.push_str(if i == 0 { "" } else { " " });
                out.push_str(&if rational {
                    crate::format::rational(&self.exact_payoff(c * n + i))
                } else {
                    exact_float(x)
                });
            }
            out.push('\n');
        }
        out
    }

    /// Writes the game to `path` as a Gambit `.nfg` file (see [`Game::to_nfg`]).
    ///
    /// # Errors
    /// [`Error::Io`] if the file cannot be written.
    ///
    /// # Example
    /// ```
    /// use detente::io::read_nfg_path;
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
    /// let path = std::env::temp_dir().join("detente-doctest-pennies.nfg");
    /// g.write_nfg(&path)?;
    /// assert_eq!(read_nfg_path(&path)?, g);
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn write_nfg(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_nfg()).map_err(|e| io_error(path, &e))
    }
}

/// A float written so that it reads back exactly: its shortest decimal if that is exactly
/// the float (`3`, `-0.25`), otherwise its exact fraction.
fn exact_float(x: f64) -> String {
    let text = x.to_string();
    let small_integer = x.fract() == 0.0 && x.abs() < 2f64.powi(53);
    if small_integer || matches!(values::number(&text), Ok((_, None))) {
        text
    } else {
        crate::format::rational(&num_rational::BigRational::from_float(x).unwrap_or_default())
    }
}

/// `s` in double quotes, with `"` and `\` escaped by a backslash.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The C-order flat index of every profile of `shape`, listed in Gambit's order (player 1's
/// strategy fastest).
fn fortran_profiles(shape: &[usize]) -> impl Iterator<Item = usize> + '_ {
    let mut strides = vec![1; shape.len()];
    for k in (0..shape.len().saturating_sub(1)).rev() {
        strides[k] = strides[k + 1] * shape[k + 1];
    }
    let mut profile = vec![0; shape.len()];
    let mut flat = 0;
    (0..shape.iter().product()).map(move |_| {
        let current = flat;
        for (a, (&n, &stride)) in profile.iter_mut().zip(shape.iter().zip(&strides)) {
            *a += 1;
            flat += stride;
            if *a < n {
                break;
            }
            *a = 0;
            flat -= n * stride;
        }
        current
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fortran_order() {
        let got: Vec<usize> = fortran_profiles(&[2, 3]).collect();
        assert_eq!(got, [0, 3, 1, 4, 2, 5]);
        let got: Vec<usize> = fortran_profiles(&[2, 1, 2]).collect();
        assert_eq!(got, [0, 2, 1, 3]);
    }

    #[test]
    fn floats_are_written_exactly() {
        assert_eq!(exact_float(3.0), "3");
        assert_eq!(exact_float(-0.25), "-0.25");
        assert_eq!(exact_float(0.1), "3602879701896397/36028797018963968");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
    }
}
