//! [`TUGame`]: a characteristic function over coalitions given as bitmasks, with player
//! names, validation and exact values.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The most players a [`TUGame`] holds: its `2ⁿ` values take `8·2ⁿ` bytes, and
/// [`MAX_VALUE_BYTES`] (8 GiB) allows `n = 30`.
pub const MAX_PLAYERS: usize = 30;

/// The memory budget of a game's table of values: 8 GiB, the cap of a normal-form game's
/// payoff tensor ([`crate::game::MAX_PAYOFF_BYTES`]).
pub const MAX_VALUE_BYTES: usize = crate::game::MAX_PAYOFF_BYTES;

/// The most players of a game that keeps rational values beside its floats (a rational takes
/// about ten times a float's memory), and of the exact (`exact = true`) methods.
pub const MAX_EXACT_PLAYERS: usize = 20;

/// What to use instead when a game has too many players for a table of `2ⁿ` values.
const INSTEAD: &str = "for larger games, sample the Shapley value from a function \
                       (detente.coalition.shapley_monte_carlo; Rust: \
                       coalition::tu::shapley_monte_carlo_with) or, for weighted voting games, \
                       WeightedVotingGame, whose power indices come from a dynamic program over \
                       the weights and need no table";

/// A cooperative game with transferable utility: `n` players and a value `v(S)` for each of
/// the `2ⁿ` coalitions `S`, with `v(∅) = 0`.
///
/// A coalition is a bitmask: bit `i` set means player `i` belongs to it, so coalition `S` is
/// entry `S` of [`TUGame::values`] and the grand coalition is `2ⁿ − 1`. Values are `f64`;
/// a game built from exact values ([`TUGame::new_exact`]) keeps them as rationals beside the
/// floats when some value is not a float, and its exact methods use them.
///
/// # Example
/// ```
/// use detente::coalition::TUGame;
///
/// // The glove game: player 0 holds a left glove, players 1 and 2 a right one each; a pair
/// // is worth 1.
/// let v = |s: usize| if s & 1 == 1 && s & 6 != 0 { 1.0 } else { 0.0 };
/// let g = TUGame::from_fn(3, v)?.with_players(["L", "R1", "R2"])?;
/// assert_eq!(g.num_players(), 3);
/// assert_eq!(g.value(0b011), 1.0);
/// assert_eq!(g.grand_value(), 1.0);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "TUGameData", into = "TUGameData")]
pub struct TUGame {
    players: Vec<String>,
    values: Vec<f64>,
    exact: Exactness,
}

/// How the values were given.
#[derive(Debug, Clone, PartialEq)]
enum Exactness {
    /// As floats.
    Float,
    /// Exactly, and every value is a float (integers, say): the floats are exact.
    Dyadic,
    /// Exactly, with some value not a float: every value as a rational.
    Rational(Vec<BigRational>),
}

/// The serialised form of a [`TUGame`]: players, values as floats, and the exact values as
/// strings (`"2/7"`) when the game is exact.
#[derive(Serialize, Deserialize)]
struct TUGameData {
    players: Vec<String>,
    values: Vec<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exact: Option<Vec<String>>,
}

impl From<TUGame> for TUGameData {
    fn from(g: TUGame) -> Self {
        let exact = g.is_exact().then(|| {
            (0..g.values.len())
                .map(|s| g.exact_value(s).to_string())
                .collect()
        });
        Self {
            players: g.players,
            values: g.values,
            exact,
        }
    }
}

impl TryFrom<TUGameData> for TUGame {
    type Error = Error;

    fn try_from(d: TUGameData) -> Result<Self> {
        let game = match d.exact {
            Some(text) => {
                if text.len() != d.values.len() {
                    return Err(Error::Json(format!(
                        "a TU game's exact values ({}) must match its values ({})",
                        text.len(),
                        d.values.len()
                    )));
                }
                let exact = text
                    .iter()
                    .map(|t| {
                        t.parse::<BigRational>().map_err(|e| {
                            Error::Json(format!("cannot read {t:?} as a fraction: {e}"))
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Self::new_exact(exact)?
            }
            None => Self::new(d.values)?,
        };
        game.with_players(d.players)
    }
}

/// Whether `x` is exactly an `f64`.
fn is_float(x: &BigRational) -> bool {
    x.to_f64()
        .and_then(BigRational::from_float)
        .is_some_and(|f| &f == x)
}

/// The number of players of a table of `len` values, or an error saying why `len` is no
/// table of a game.
fn players_of(len: usize) -> Result<usize> {
    if len == 0 || !len.is_power_of_two() {
        return Err(Error::InvalidGame(format!(
            "the values of a TU game are one number per coalition, 2ⁿ of them indexed by \
             bitmask (bit i = player i); got {len}, which is not a power of two"
        )));
    }
    if len == 1 {
        return Err(Error::InvalidGame(
            "a TU game needs at least one player (2 values: v(∅) = 0 and v({0})), got only \
             v(∅)"
                .into(),
        ));
    }
    let n = len.trailing_zeros() as usize;
    check_players(n)?;
    Ok(n)
}

/// Refuses `n` players when the table of `2ⁿ` values would exceed [`MAX_VALUE_BYTES`].
///
/// # Errors
/// [`Error::InvalidGame`] saying how much memory the table needs and what works instead.
pub fn check_players(n: usize) -> Result<()> {
    if n > MAX_PLAYERS {
        let gib = if n < 64 {
            (((1u128 << n) * 8) >> 30).to_string()
        } else {
            "more than 2⁶⁴".into()
        };
        return Err(Error::InvalidGame(format!(
            "a TU game of {n} players needs a table of 2^{n} values ({gib} GiB), more than the \
             {} GiB budget (at most {MAX_PLAYERS} players); {INSTEAD}",
            MAX_VALUE_BYTES >> 30
        )));
    }
    Ok(())
}

/// Refuses exact values for more than [`MAX_EXACT_PLAYERS`] players.
pub(crate) fn check_exact_players(n: usize, what: &str) -> Result<()> {
    if n > MAX_EXACT_PLAYERS {
        return Err(Error::InvalidArgument(format!(
            "{what} in exact rationals is limited to {MAX_EXACT_PLAYERS} players (2^{n} \
             rationals would take too much memory and time), this game has {n}; use floats \
             (exact=False)"
        )));
    }
    Ok(())
}

/// The default player names `P1`, `P2`, ….
fn default_players(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("P{i}")).collect()
}

/// Checks that `values` are finite and `v(∅) = 0`.
fn check_values(values: &[f64]) -> Result<()> {
    if let Some(s) = values.iter().position(|v| !v.is_finite()) {
        return Err(Error::InvalidGame(format!(
            "the value of coalition {s} (bitmask) is {}; every value must be finite",
            values[s]
        )));
    }
    if values[0] != 0.0 {
        return Err(Error::InvalidGame(format!(
            "the empty coalition (entry 0) must be worth 0, got {}",
            values[0]
        )));
    }
    Ok(())
}

impl TUGame {
    /// A game from its `2ⁿ` values, entry `S` being `v(S)` for the coalition whose bitmask is
    /// `S` (bit `i` = player `i`). Players are named `P1`, `P2`, … (see
    /// [`TUGame::with_players`]).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if the length is not a power of two, a value is not finite,
    /// `v(∅) ≠ 0`, or the game has more than [`MAX_PLAYERS`] players.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// // Three-player majority game: any two players win.
    /// let g = TUGame::new(vec![0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0])?;
    /// assert_eq!(g.num_players(), 3);
    /// assert!(TUGame::new(vec![0.0, 1.0, 2.0]).is_err());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn new(values: Vec<f64>) -> Result<Self> {
        let n = players_of(values.len())?;
        check_values(&values)?;
        Ok(Self {
            players: default_players(n),
            values,
            exact: Exactness::Float,
        })
    }

    /// A game from exact values (rationals), kept exactly: the exact methods
    /// (`exact = true`) use them, the float methods their nearest floats.
    ///
    /// # Errors
    /// As [`TUGame::new`]; also a value too large for an `f64`, or more than
    /// [`MAX_EXACT_PLAYERS`] players when some value is not a float.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    /// use num_rational::BigRational;
    ///
    /// let r = |p: i64, q: i64| BigRational::new(p.into(), q.into());
    /// let g = TUGame::new_exact(vec![r(0, 1), r(1, 3), r(0, 1), r(1, 1)])?;
    /// assert!(g.is_exact());
    /// assert_eq!(g.exact_value(1), r(1, 3));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn new_exact(values: Vec<BigRational>) -> Result<Self> {
        let n = players_of(values.len())?;
        let floats: Vec<f64> = values
            .iter()
            .map(|x| x.to_f64().unwrap_or(f64::INFINITY))
            .collect();
        if let Some(s) = floats.iter().position(|v| !v.is_finite()) {
            return Err(Error::InvalidGame(format!(
                "the value of coalition {s} (bitmask) is {}, too large for a float; rescale \
                 the game",
                values[s]
            )));
        }
        if !values[0].is_zero() {
            return Err(Error::InvalidGame(format!(
                "the empty coalition (entry 0) must be worth 0, got {}",
                values[0]
            )));
        }
        let exact = if values.iter().all(is_float) {
            Exactness::Dyadic
        } else {
            check_exact_players(n, "a game with rational values")
                .map_err(|e| Error::InvalidGame(e.to_string()))?;
            Exactness::Rational(values)
        };
        Ok(Self {
            players: default_players(n),
            values: floats,
            exact,
        })
    }

    /// A game of `n` players whose value of coalition `S` (a bitmask) is `f(S)`; `f(0)`
    /// must be 0.
    ///
    /// # Errors
    /// As [`TUGame::new`]; the size is checked before `f` is called or anything allocated.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// // v(S) = |S|²: convex.
    /// let g = TUGame::from_fn(4, |s| f64::from(s.count_ones()).powi(2))?;
    /// assert_eq!(g.value(0b1011), 9.0);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn from_fn(n: usize, f: impl FnMut(usize) -> f64) -> Result<Self> {
        check_players(n)?;
        let mut values = Vec::new();
        values
            .try_reserve_exact(1 << n)
            .map_err(|_| Error::InvalidGame(format!("no memory for the 2^{n} values")))?;
        values.extend((0..1usize << n).map(f));
        Self::new(values)
    }

    /// Marks a float game whose values are exact as given (integers, say), so that the exact
    /// methods treat them as exact input.
    pub fn with_exact_floats(mut self) -> Self {
        if self.exact == Exactness::Float {
            self.exact = Exactness::Dyadic;
        }
        self
    }

    /// Names the players (one distinct, non-empty name each).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] for the wrong number of names, a repeated or empty name.
    pub fn with_players<S: Into<String>>(
        mut self,
        players: impl IntoIterator<Item = S>,
    ) -> Result<Self> {
        let players: Vec<String> = players.into_iter().map(Into::into).collect();
        if players.len() != self.num_players() {
            return Err(Error::InvalidGame(format!(
                "players: this game has {} players, got {} names",
                self.num_players(),
                players.len()
            )));
        }
        for (i, p) in players.iter().enumerate() {
            if p.is_empty() {
                return Err(Error::InvalidGame(format!("players[{i}] is an empty name")));
            }
            if players[..i].contains(p) {
                return Err(Error::InvalidGame(format!(
                    "players: the name {p:?} is repeated; names must be distinct"
                )));
            }
        }
        self.players = players;
        Ok(self)
    }

    /// The number of players `n`.
    pub fn num_players(&self) -> usize {
        self.players.len()
    }

    /// The player names.
    pub fn players(&self) -> &[String] {
        &self.players
    }

    /// The bitmask of the grand coalition, `2ⁿ − 1`.
    pub fn grand(&self) -> usize {
        self.values.len() - 1
    }

    /// The value of coalition `s` (a bitmask).
    ///
    /// # Panics
    /// If `s` is not below `2ⁿ`.
    pub fn value(&self, s: usize) -> f64 {
        self.values[s]
    }

    /// `v(N)`, the value of the grand coalition.
    pub fn grand_value(&self) -> f64 {
        self.values[self.grand()]
    }

    /// Every value, indexed by bitmask.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Whether the values were given exactly (integers, fractions).
    pub fn is_exact(&self) -> bool {
        self.exact != Exactness::Float
    }

    /// Whether the game keeps rationals beside its floats (some value is not a float).
    pub fn has_rational_values(&self) -> bool {
        matches!(self.exact, Exactness::Rational(_))
    }

    /// The exact value of coalition `s`: as given for an exact game, the float's binary
    /// value otherwise.
    ///
    /// # Panics
    /// If `s` is not below `2ⁿ`.
    pub fn exact_value(&self, s: usize) -> BigRational {
        match &self.exact {
            Exactness::Rational(v) => v[s].clone(),
            _ => BigRational::from_float(self.values[s]).unwrap_or_else(BigRational::zero),
        }
    }

    /// Every exact value (see [`TUGame::exact_value`]).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] above [`MAX_EXACT_PLAYERS`] players.
    pub fn exact_values(&self) -> Result<Vec<BigRational>> {
        check_exact_players(self.num_players(), "the exact values")?;
        Ok((0..self.values.len())
            .map(|s| self.exact_value(s))
            .collect())
    }

    /// The exact values as integers over one common denominator: `(numerators, denominator)`.
    pub(crate) fn integer_values(&self) -> Result<(Vec<BigInt>, BigInt)> {
        let exact = self.exact_values()?;
        let mut den = BigInt::from(1);
        for x in &exact {
            den = num_integer::Integer::lcm(&den, x.denom());
        }
        let nums = exact
            .iter()
            .map(|x| x.numer() * (&den / x.denom()))
            .collect();
        Ok((nums, den))
    }

    /// The largest absolute value (1 for the zero game): the scale of tolerances, so that a
    /// game and its rescaling by any power of ten are treated alike.
    pub(crate) fn scale(&self) -> f64 {
        let top = self.values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        if top > 0.0 { top } else { 1.0 }
    }

    /// The members of coalition `s`, in increasing order.
    pub fn members(s: usize) -> impl Iterator<Item = usize> {
        let mut rest = s;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let i = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                i
            })
        })
    }

    /// The names of the members of coalition `s`.
    pub fn coalition_names(&self, s: usize) -> Vec<String> {
        Self::members(s).map(|i| self.players[i].clone()).collect()
    }

    /// The coalition of the named players, or an error naming the unknown one.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an unknown name or index.
    pub fn coalition_of<S: AsRef<str>>(&self, names: &[S]) -> Result<usize> {
        names.iter().try_fold(0usize, |s, name| {
            let name = name.as_ref();
            let i = self.players.iter().position(|p| p == name).ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "unknown player {name:?}; the players are {:?}",
                    self.players
                ))
            })?;
            Ok(s | 1 << i)
        })
    }

    /// Whether the exact value of `Σ coefficient · v(S)` over `terms` is `> 0`, `== 0` or
    /// `< 0`: decided in floats when clearly away from 0, else in exact arithmetic for an
    /// exact game, and taken as 0 within `1e-9` of the game's scale for a float game.
    pub(crate) fn sign(&self, terms: &[(usize, i64)]) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let sum: f64 = terms.iter().map(|&(s, c)| c as f64 * self.values[s]).sum();
        let bound: f64 = terms
            .iter()
            .map(|&(s, c)| (c as f64 * self.values[s]).abs())
            .sum::<f64>()
            * 1e-12
            + f64::MIN_POSITIVE;
        if sum > bound {
            return Ordering::Greater;
        }
        if sum < -bound {
            return Ordering::Less;
        }
        if self.is_exact() {
            let exact: BigRational = terms
                .iter()
                .map(|&(s, c)| self.exact_value(s) * BigRational::from_integer(c.into()))
                .sum();
            return if exact.is_positive() {
                Ordering::Greater
            } else if exact.is_negative() {
                Ordering::Less
            } else {
                Ordering::Equal
            };
        }
        if sum.abs() <= 1e-9 * self.scale() {
            Ordering::Equal
        } else if sum > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        }
    }
}

impl std::fmt::Display for TUGame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TUGame({} players: {}; v(N) = {}{})",
            self.num_players(),
            self.players.join(", "),
            crate::format::number(self.grand_value()),
            if self.is_exact() { ", exact" } else { "" }
        )
    }
}

impl crate::io::ToJson for TUGame {}
impl crate::io::FromJson for TUGame {}
