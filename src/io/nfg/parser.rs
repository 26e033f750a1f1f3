//! The `.nfg` grammar: header, strategies, then the payoff or the outcome variant.

use ndarray::{ArrayD, IxDyn};
use num_rational::BigRational;

use super::fortran_profiles;
use super::lexer::{Kind, Lexer, Token};
use super::values::{Number, number, strategy_count, unique_labels};
use crate::error::{Error, Result};
use crate::game::Game;

/// Parses a whole file (see [`super::read_nfg`] for the accepted format).
pub(super) fn parse(text: &str) -> Result<Game> {
    let mut p = Parser {
        lexer: Lexer::new(text),
        peeked: None,
    };
    let start = p.header()?;
    let title = p.string("the game title")?;
    let players = p.players()?;
    let strategies = p.strategies(&players)?;
    if matches!(p.peek()?.kind, Kind::Str(_)) {
        // The optional comment: detente's Game has no place for it.
        p.next()?;
    }
    let shape = strategies.shape();
    let body = p.peek()?.clone();
    let (data, rationals) = match body.kind {
        Kind::Open => p.outcome_body(&shape)?,
        Kind::Word(_) => p.payoff_body(&shape)?,
        _ => {
            return Err(body.error(format!(
                "expected the payoffs (numbers) or the outcome list (`{{`), found {}",
                body.describe()
            )));
        }
    };
    let end = p.next()?;
    if end.kind != Kind::Eof {
        return Err(end.error(format!(
            "expected end of file after the last {}, found {}",
            if body.kind == Kind::Open {
                "outcome index"
            } else {
                "payoff"
            },
            end.describe()
        )));
    }
    let mut full = shape;
    full.push(players.len());
    // The shape and payoffs are valid by construction; any error here would be a bug, still
    // reported against the file rather than panicking.
    ArrayD::from_shape_vec(IxDyn(&full), data)
        .map_err(|e| Error::InvalidGame(e.to_string()))
        .and_then(Game::new)
        .map(|g| exact_game(g, rationals))
        .and_then(|g| g.with_players(super::unique_players(players)))
        .and_then(|g| match strategies {
            Strategies::Counts(_) => Ok(g),
            Strategies::Labels(labels) => {
                g.with_actions(labels.into_iter().map(unique_labels).collect())
            }
        })
        .map(|g| g.with_title(title))
        .map_err(|e| start.error(e.to_string()))
}

/// The payoffs in detente's C order, and the exact values of those that are not floats (at
/// their C-order positions).
type Body = (Vec<f64>, Vec<(usize, BigRational)>);

/// The game marked exact: a file's numbers are exact, and the rationals that are not floats
/// are kept.
fn exact_game(game: Game, rationals: Vec<(usize, BigRational)>) -> Game {
    if rationals.is_empty() {
        return game.with_exact_floats();
    }
    let mut values: Vec<BigRational> = game
        .payoff_slice()
        .iter()
        .map(|&x| BigRational::from_float(x).expect("a Game's payoffs are finite"))
        .collect();
    for (k, r) in rationals {
        values[k] = r;
    }
    game.with_exact_values(values)
}

/// The strategy block: counts (`{ 3 2 }`) or labels (`{ { "a" "b" } { "c" } }`).
enum Strategies {
    Counts(Vec<usize>),
    Labels(Vec<Vec<String>>),
}

impl Strategies {
    fn shape(&self) -> Vec<usize> {
        match self {
            Self::Counts(c) => c.clone(),
            Self::Labels(l) => l.iter().map(Vec::len).collect(),
        }
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token>,
}

impl Parser<'_> {
    fn next(&mut self) -> Result<Token> {
        match self.peeked.take() {
            Some(t) => Ok(t),
            None => self.lexer.next_token(),
        }
    }

    fn peek(&mut self) -> Result<&Token> {
        let t = match self.peeked.take() {
            Some(t) => t,
            None => self.lexer.next_token()?,
        };
        Ok(self.peeked.insert(t))
    }

    /// `NFG 1 R` or `NFG 1 D`; returns the first token, for errors about the whole file.
    fn header(&mut self) -> Result<Token> {
        let start = self.next()?;
        if start.kind != Kind::Word("NFG".into()) {
            return Err(start.error(format!(
                "expected `NFG` at the start of a Gambit strategic-form file, found {}",
                start.describe()
            )));
        }
        let version = self.next()?;
        if version.kind != Kind::Word("1".into()) {
            return Err(version.error(format!(
                "expected the format version `1` after `NFG`, found {}",
                version.describe()
            )));
        }
        let number_type = self.next()?;
        if !matches!(&number_type.kind, Kind::Word(w) if w == "R" || w == "D") {
            return Err(number_type.error(format!(
                "expected `R` (or the legacy `D`) after `NFG 1`, found {}",
                number_type.describe()
            )));
        }
        Ok(start)
    }

    fn string(&mut self, what: &str) -> Result<String> {
        let t = self.next()?;
        match t.kind {
            Kind::Str(s) => Ok(s),
            _ => Err(t.error(format!(
                "expected {what} in double quotes, found {}",
                t.describe()
            ))),
        }
    }

    fn open(&mut self, what: &str) -> Result<Token> {
        let t = self.next()?;
        if t.kind == Kind::Open {
            Ok(t)
        } else {
            Err(t.error(format!(
                "expected `{{` opening {what}, found {}",
                t.describe()
            )))
        }
    }

    fn players(&mut self) -> Result<Vec<String>> {
        self.open("the list of player names")?;
        let mut players = Vec::new();
        loop {
            let t = self.next()?;
            match t.kind {
                Kind::Str(s) => players.push(s),
                Kind::Close if !players.is_empty() => return Ok(players),
                Kind::Close => {
                    return Err(
                        t.error("expected at least one player name in double quotes, found `}`")
                    );
                }
                _ => {
                    return Err(t.error(format!(
                        "expected a player name in double quotes or `}}`, found {}",
                        t.describe()
                    )));
                }
            }
        }
    }

    fn strategies(&mut self, players: &[String]) -> Result<Strategies> {
        let open = self.open("the strategy counts or labels")?;
        let n = players.len();
        let first = self.peek()?.clone();
        let strategies = match first.kind {
            Kind::Open => Strategies::Labels(self.label_lists(n)?),
            Kind::Word(_) => Strategies::Counts(self.counts(n)?),
            _ => {
                return Err(first.error(format!(
                    "expected {n} strategy counts or {n} lists of strategy labels, found {}",
                    first.describe()
                )));
            }
        };
        Game::checked_size(&strategies.shape()).map_err(|e| open.error(e.to_string()))?;
        Ok(strategies)
    }

    fn counts(&mut self, n: usize) -> Result<Vec<usize>> {
        let mut counts = Vec::new();
        loop {
            let t = self.next()?;
            match &t.kind {
                Kind::Word(w) if counts.len() == n => {
                    return Err(t.error(format!(
                        "expected `}}` after the strategy counts of the {n} players, found `{w}`"
                    )));
                }
                Kind::Word(w) => counts.push(strategy_count(w).map_err(|m| t.error(m))?),
                Kind::Close if counts.len() == n => return Ok(counts),
                _ => {
                    return Err(t.error(format!(
                        "expected the strategy count of player {} (of {n}), found {}",
                        counts.len() + 1,
                        t.describe()
                    )));
                }
            }
        }
    }

    fn label_lists(&mut self, n: usize) -> Result<Vec<Vec<String>>> {
        let mut lists = Vec::new();
        loop {
            let t = self.next()?;
            match t.kind {
                Kind::Open if lists.len() < n => lists.push(self.labels(lists.len() + 1)?),
                Kind::Close if lists.len() == n => return Ok(lists),
                _ if lists.len() == n => {
                    return Err(t.error(format!(
                        "expected `}}` after the strategy labels of the {n} players, found {}",
                        t.describe()
                    )));
                }
                _ => {
                    return Err(t.error(format!(
                        "expected `{{` opening the strategy labels of player {} (of {n}), found {}",
                        lists.len() + 1,
                        t.describe()
                    )));
                }
            }
        }
    }

    /// The labels of one player, after the opening brace.
    fn labels(&mut self, player: usize) -> Result<Vec<String>> {
        let mut labels = Vec::new();
        loop {
            let t = self.next()?;
            match t.kind {
                Kind::Str(s) => labels.push(s),
                Kind::Close if !labels.is_empty() => return Ok(labels),
                _ => {
                    return Err(t.error(format!(
                        "expected a strategy label of player {player} in double quotes{}, found {}",
                        if labels.is_empty() { "" } else { " or `}`" },
                        t.describe()
                    )));
                }
            }
        }
    }

    /// The payoff variant: one number per player and profile, player 1's strategy fastest.
    /// Returns the payoffs in detente's C order.
    fn payoff_body(&mut self, shape: &[usize]) -> Result<Body> {
        let n = shape.len();
        let profiles = shape.iter().product::<usize>();
        // `checked_size` bounded profiles * n * 8 bytes, so this cannot overflow.
        let needed = profiles * n;
        // Grow with the input rather than trusting the declared shape.
        let mut fortran = Vec::with_capacity(needed.min(1 << 16));
        // The exact values that are not floats, at their positions in the file.
        let mut exact: Vec<(usize, BigRational)> = Vec::new();
        while fortran.len() < needed {
            let t = self.next()?;
            match &t.kind {
                Kind::Word(w) => {
                    let (value, rational) = number(w).map_err(|m| t.error(m))?;
                    if let Some(r) = rational {
                        exact.push((fortran.len(), r));
                    }
                    fortran.push(value);
                }
                _ => {
                    return Err(t.error(format!(
                        "expected payoff {} of {needed} ({n} per profile of the {} game), \
                         found {}",
                        fortran.len() + 1,
                        shape_name(shape),
                        t.describe()
                    )));
                }
            }
        }
        let mut data = vec![0.0; needed];
        let mut rationals = Vec::with_capacity(exact.len());
        let mut exact = exact.into_iter().peekable();
        for (p, c) in fortran_profiles(shape).enumerate() {
            data[c * n..(c + 1) * n].copy_from_slice(&fortran[p * n..(p + 1) * n]);
            while let Some((k, r)) = exact.next_if(|(k, _)| *k < (p + 1) * n) {
                rationals.push((c * n + k - p * n, r));
            }
        }
        Ok((data, rationals))
    }

    /// The outcome variant: a list of outcomes `{ "name" u_1, …, u_N }`, then one outcome
    /// index per profile (player 1's strategy fastest, 0 = all payoffs zero).
    fn outcome_body(&mut self, shape: &[usize]) -> Result<Body> {
        let n = shape.len();
        self.open("the outcome list")?;
        let mut outcomes: Vec<Vec<Number>> = Vec::new();
        loop {
            let t = self.next()?;
            match t.kind {
                Kind::Open => outcomes.push(self.outcome(n, outcomes.len() + 1)?),
                Kind::Close => break,
                _ => {
                    return Err(t.error(format!(
                        "expected `{{` opening an outcome or `}}` closing the outcome list, \
                         found {}",
                        t.describe()
                    )));
                }
            }
        }
        let profiles = shape.iter().product::<usize>();
        let mut indices = Vec::with_capacity(profiles.min(1 << 16));
        while indices.len() < profiles {
            let t = self.next()?;
            let index = match &t.kind {
                Kind::Word(w) if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) => {
                    w.parse::<usize>().ok().filter(|&k| k <= outcomes.len())
                }
                _ => {
                    return Err(t.error(format!(
                        "expected outcome index {} of {profiles} (one per profile of the {} \
                         game), found {}",
                        indices.len() + 1,
                        shape_name(shape),
                        t.describe()
                    )));
                }
            };
            let Some(index) = index else {
                return Err(t.error(format!(
                    "unknown outcome {}: the file defines {} outcome(s), numbered from 1 \
                     (0 is the null outcome)",
                    t.describe(),
                    outcomes.len()
                )));
            };
            indices.push(index);
        }
        let mut data = vec![0.0; profiles * n];
        let mut rationals = Vec::new();
        for (p, c) in fortran_profiles(shape).enumerate() {
            if let Some(payoffs) = indices[p].checked_sub(1).map(|k| &outcomes[k]) {
                for (i, (value, rational)) in payoffs.iter().enumerate() {
                    data[c * n + i] = *value;
                    if let Some(r) = rational {
                        rationals.push((c * n + i, r.clone()));
                    }
                }
            }
        }
        Ok((data, rationals))
    }

    /// One outcome, after its opening brace: a name and `n` payoffs, commas optional.
    fn outcome(&mut self, n: usize, k: usize) -> Result<Vec<Number>> {
        self.string(&format!("the name of outcome {k}"))?;
        let mut payoffs = Vec::with_capacity(n);
        let mut comma_allowed = false;
        loop {
            let t = self.next()?;
            match &t.kind {
                Kind::Word(w) if payoffs.len() < n => {
                    payoffs.push(number(w).map_err(|m| t.error(m))?);
                    comma_allowed = true;
                }
                Kind::Comma if comma_allowed => comma_allowed = false,
                Kind::Close if payoffs.len() == n => return Ok(payoffs),
                _ if payoffs.len() == n => {
                    return Err(t.error(format!(
                        "expected `}}` closing outcome {k} after its {n} payoffs (one per \
                         player), found {}",
                        t.describe()
                    )));
                }
                _ => {
                    return Err(t.error(format!(
                        "expected payoff {} of {n} in outcome {k}, found {}",
                        payoffs.len() + 1,
                        t.describe()
                    )));
                }
            }
        }
    }
}

/// `"3x2"` for error messages.
fn shape_name(shape: &[usize]) -> String {
    shape
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("x")
}
