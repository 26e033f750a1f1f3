//! `detente.TUGame`: a thin class over [`crate::coalition::TUGame`].

use ndarray::ArrayD;
use num_rational::BigRational;
use numpy::{PyArray1, ToPyArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFrozenSet, PyList, PyString, PyTuple, PyType};

use crate::coalition::TUGame;
use crate::coalition::tu::check_players;
use crate::error::Error;
use crate::io::{FromJson, ToJson};
use crate::python::args;
use crate::python::convert::{self, Payoffs};
use crate::python::face::fraction;

/// A cooperative game with transferable utility (a TU game): ``n`` players and a value
/// ``v(S)`` for every coalition ``S``, with ``v(∅) = 0``.
///
/// Parameters
/// ----------
/// values : array_like, dict or callable
///     The characteristic function, in one of three forms:
///
///     * an array of length ``2**n`` indexed by bitmask: entry ``S`` is the value of the
///       coalition whose members are the set bits of ``S`` (bit ``i`` = player ``i``), so
///       ``values[0b101]`` is ``v({0, 2})``;
///     * a dict mapping coalitions to values, a coalition being a tuple, list or frozenset of
///       player indices or names (a single index or name is a one-player coalition); ``()``
///       may be omitted. The number of players is ``len(players)`` if given, else one more
///       than the largest index. Coalitions missing from the dict are worth ``default``, and
///       an error names them if ``default`` is None;
///     * a callable, called once per coalition with a ``frozenset`` of player **indices** when
///       ``players`` is an int ``n``, of player **names** when ``players`` is a list of names
///       (it is not called on the empty coalition).
///
///     Exact input (``int``, ``fractions.Fraction``, ``decimal.Decimal``, integer or object
///     arrays of them) is kept exactly, and every method's ``exact=True`` then gives exact
///     answers; any float makes a float game.
/// players : int or list of str, optional
///     The number of players or their distinct names (default ``P1``, ``P2``, ...); required
///     with a callable.
/// default : number, optional
///     The value of coalitions missing from a dict.
///
/// Raises
/// ------
/// InvalidGameError
///     If the length is not a power of two, a value is not finite, ``v(∅) ≠ 0``, a coalition
///     is missing or unknown, or the game has more than 30 players: its ``2**n`` values
///     would exceed the 8 GiB budget (the message says what still works:
///     ``detente.coalition.shapley_monte_carlo`` samples a function, and
///     ``WeightedVotingGame`` computes power indices of weighted games of hundreds of
///     players without a table).
/// TypeError
///     For values that are not numbers.
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> glove = dt.TUGame({("L", "R1"): 1, ("L", "R2"): 1, ("L", "R1", "R2"): 1},
/// ...                   players=["L", "R1", "R2"], default=0)
/// >>> glove.values.tolist()
/// [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
/// >>> majority = dt.TUGame(lambda s: int(len(s) >= 2), players=3)
/// >>> majority.value([0, 2]), majority.is_exact
/// (1.0, True)
/// >>> dt.TUGame([0, 1, 1, 3]).value(0b11)
/// 3.0
#[pyclass(module = "detente", name = "TUGame", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyTUGame {
    pub(crate) inner: TUGame,
}

impl PyTUGame {
    /// The class over a core game (for other bindings returning a TU game, e.g.
    /// `to_tu_game()` of the voting games).
    pub(crate) fn new(inner: TUGame) -> Self {
        Self { inner }
    }
}

/// `players` read as a count or a list of names.
enum Players {
    Count(usize),
    Names(Vec<String>),
}

impl Players {
    fn read(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "players must be an int (the number of players) or a list of names, got a str",
            ));
        }
        if obj.call_method0("__index__").is_ok() {
            return Ok(Self::Count(args::count(obj, "players", 1)?));
        }
        Ok(Self::Names(args::names(obj, "players")?))
    }

    fn count(&self) -> usize {
        match self {
            Self::Count(n) => *n,
            Self::Names(v) => v.len(),
        }
    }
}

/// A game from exact or float values, as read by [`convert::to_payoff_array`].
fn game_of(values: Payoffs) -> PyResult<TUGame> {
    let game = match values {
        Payoffs::Float(a) => TUGame::new(flat(a)?)?,
        Payoffs::ExactFloats(a) => TUGame::new(flat(a)?)?.with_exact_floats(),
        Payoffs::Exact(a) => TUGame::new_exact(flat(a)?)?,
    };
    Ok(game)
}

/// A one-dimensional array as a vector, or an error naming its shape.
fn flat<T: Clone>(a: ArrayD<T>) -> PyResult<Vec<T>> {
    if a.ndim() != 1 {
        return Err(Error::InvalidGame(format!(
            "values must be one-dimensional (one value per coalition, indexed by bitmask), got \
             shape {:?}",
            a.shape()
        ))
        .into());
    }
    Ok(a.into_iter().collect())
}

/// One object per coalition as an object array, then read exactly or as floats.
fn game_of_objects(py: Python<'_>, items: Vec<Bound<'_, PyAny>>) -> PyResult<TUGame> {
    let list = PyList::new(py, items)?;
    let np = py.import("numpy")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("dtype", "object")?;
    let arr = np.call_method("array", (list,), Some(&kwargs))?;
    game_of(convert::to_payoff_array(
        &arr,
        "values",
        Error::InvalidGame,
    )?)
}

/// The bitmask of a coalition given as indices or names (`names` are the players' names,
/// when given).
fn coalition_mask(key: &Bound<'_, PyAny>, n: Option<usize>, names: &[String]) -> PyResult<usize> {
    let single = key.is_instance_of::<PyString>() || key.call_method0("__index__").is_ok();
    let members: Vec<Bound<'_, PyAny>> = if single {
        vec![key.clone()]
    } else {
        key.try_iter()
            .map_err(|_| {
                PyTypeError::new_err(format!(
                    "a coalition is a tuple, list or frozenset of player indices or names, got \
                     {}",
                    key.repr().map(|r| r.to_string()).unwrap_or_default()
                ))
            })?
            .collect::<PyResult<_>>()?
    };
    let mut mask = 0usize;
    for m in &members {
        let i = if let Ok(name) = m.cast::<PyString>() {
            let name = name.to_str()?;
            names.iter().position(|p| p == name).ok_or_else(|| {
                PyErr::from(Error::InvalidGame(format!(
                    "coalition {}: unknown player {name:?}; the players are {names:?}",
                    key.repr().map(|r| r.to_string()).unwrap_or_default()
                )))
            })?
        } else {
            let i = args::count(m, "a player index", 0)?;
            if let Some(n) = n
                && i >= n
            {
                return Err(Error::InvalidGame(format!(
                    "coalition {}: player index {i} is out of range for {n} players",
                    key.repr().map(|r| r.to_string()).unwrap_or_default()
                ))
                .into());
            }
            if i >= crate::coalition::tu::MAX_PLAYERS {
                check_players(i + 1)?;
            }
            i
        };
        mask |= 1 << i;
    }
    Ok(mask)
}

/// A game from a dict of coalitions.
fn from_dict(
    dict: &Bound<'_, PyDict>,
    players: Option<&Players>,
    default: Option<&Bound<'_, PyAny>>,
) -> PyResult<TUGame> {
    let py = dict.py();
    let names: Vec<String> = match players {
        Some(Players::Names(v)) => v.clone(),
        _ => Vec::new(),
    };
    let given_n = players.map(Players::count);
    let mut entries = Vec::with_capacity(dict.len());
    for (key, value) in dict.iter() {
        entries.push((coalition_mask(&key, given_n, &names)?, value, key));
    }
    let n = given_n.unwrap_or_else(|| {
        entries
            .iter()
            .map(|(m, _, _)| usize::BITS as usize - m.leading_zeros() as usize)
            .max()
            .unwrap_or(0)
    });
    check_players(n)?;
    let size = 1usize << n;
    let mut slots: Vec<Option<Bound<'_, PyAny>>> = vec![None; size];
    for (mask, value, key) in entries {
        if slots[mask].is_some() {
            return Err(Error::InvalidGame(format!(
                "coalition {} is given twice (as different keys of the same players)",
                key.repr()?
            ))
            .into());
        }
        slots[mask] = Some(value);
    }
    let zero = 0i64.into_pyobject(py)?.into_any();
    if slots[0].is_none() {
        slots[0] = Some(zero);
    }
    let mut items = Vec::with_capacity(size);
    for (s, slot) in slots.into_iter().enumerate() {
        match (slot, default) {
            (Some(v), _) => items.push(v),
            (None, Some(d)) => items.push(d.clone()),
            (None, None) => {
                return Err(Error::InvalidGame(format!(
                    "the dict has no value for coalition {:?} (bitmask {s}); give every \
                     coalition or a default (e.g. default=0)",
                    TUGame::members(s).collect::<Vec<_>>()
                ))
                .into());
            }
        }
    }
    game_of_objects(py, items)
}

/// A game from a callable on frozensets of indices or names.
fn from_callable(f: &Bound<'_, PyAny>, players: &Players) -> PyResult<TUGame> {
    let py = f.py();
    let n = players.count();
    check_players(n)?;
    let size = 1usize << n;
    let mut items = Vec::new();
    items.try_reserve_exact(size).map_err(|_| {
        PyErr::from(Error::InvalidGame(format!(
            "no memory for the 2^{n} values"
        )))
    })?;
    items.push(0i64.into_pyobject(py)?.into_any());
    for s in 1..size {
        if s & 0xFFFF == 0 {
            py.check_signals()?;
        }
        let members: Vec<Bound<'_, PyAny>> = match players {
            Players::Count(_) => TUGame::members(s)
                .map(|i| pyo3::types::PyInt::new(py, i).into_any())
                .collect(),
            Players::Names(names) => TUGame::members(s)
                .map(|i| PyString::new(py, &names[i]).into_any())
                .collect(),
        };
        let set = PyFrozenSet::new(py, &members)?;
        let value = f.call1((set,)).map_err(|e| {
            let what = format!(
                "the characteristic function raised on coalition {:?}: {e}",
                TUGame::members(s).collect::<Vec<_>>()
            );
            if e.is_instance_of::<PyTypeError>(py) {
                PyTypeError::new_err(what)
            } else {
                PyErr::from(Error::InvalidGame(what))
            }
        })?;
        items.push(value);
    }
    game_of_objects(py, items)
}

/// Exact values as a numpy object array of `fractions.Fraction`.
pub(crate) fn fractions<'py>(
    py: Python<'py>,
    values: &[BigRational],
) -> PyResult<Bound<'py, PyAny>> {
    let list = PyList::empty(py);
    for x in values {
        list.append(fraction(py, x)?)?;
    }
    let np = py.import("numpy")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("dtype", "object")?;
    np.call_method("array", (list,), Some(&kwargs))
}

#[pymethods]
impl PyTUGame {
    #[new]
    #[pyo3(signature = (values, players=None, *, default=None))]
    fn py_new(
        values: &Bound<'_, PyAny>,
        players: Option<&Bound<'_, PyAny>>,
        default: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let players = players.map(Players::read).transpose()?;
        let game = if let Ok(dict) = values.cast::<PyDict>() {
            from_dict(dict, players.as_ref(), default)?
        } else if values.is_callable() {
            let players = players.as_ref().ok_or_else(|| {
                PyTypeError::new_err(
                    "a callable characteristic function needs players: their number (int) or \
                     their names (list of str)",
                )
            })?;
            from_callable(values, players)?
        } else {
            if let Ok(len) = values.len()
                && len > 0
                && len.is_power_of_two()
            {
                check_players(len.trailing_zeros() as usize)?;
            }
            game_of(convert::to_payoff_array(
                values,
                "values",
                Error::InvalidGame,
            )?)?
        };
        let game = match players {
            Some(Players::Names(names)) => game.with_players(names)?,
            Some(Players::Count(n)) if n != game.num_players() => {
                return Err(Error::InvalidGame(format!(
                    "players says {n} players, but the values describe {} (2^{} values)",
                    game.num_players(),
                    game.num_players()
                ))
                .into());
            }
            _ => game,
        };
        Ok(Self { inner: game })
    }

    /// Reads a game written by :meth:`to_json`.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        Ok(Self {
            inner: TUGame::from_json(text)?,
        })
    }

    /// The game as JSON: ``players``, ``values`` (by bitmask) and, for an exact game,
    /// ``exact`` (the values as ``"p/q"`` strings).
    fn to_json(&self) -> PyResult<String> {
        Ok(self.inner.to_json()?)
    }

    /// The number of players.
    #[getter]
    fn num_players(&self) -> usize {
        self.inner.num_players()
    }

    /// The player names.
    #[getter]
    fn players(&self) -> Vec<String> {
        self.inner.players().to_vec()
    }

    /// Every value as a float, indexed by bitmask (a copy).
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.values().to_pyarray(py)
    }

    /// Every value as a ``fractions.Fraction`` (an object array indexed by bitmask) for a
    /// game given exactly, ``None`` for a float game.
    #[getter]
    fn values_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        if !self.inner.is_exact() {
            return Ok(None);
        }
        let values = self.inner.exact_values()?;
        Ok(Some(fractions(py, &values)?))
    }

    /// Whether the values were given exactly (ints, Fractions).
    #[getter]
    fn is_exact(&self) -> bool {
        self.inner.is_exact()
    }

    /// The value of a coalition: a bitmask (int) or a list, tuple or set of player indices
    /// or names.
    ///
    /// Parameters
    /// ----------
    /// coalition : int or iterable
    ///     ``0b101`` and ``[0, 2]`` are the same coalition.
    /// exact : bool, default False
    ///     Return a ``fractions.Fraction`` (the exact value) instead of a float.
    #[pyo3(signature = (coalition, *, exact=false))]
    fn value<'py>(
        &self,
        py: Python<'py>,
        coalition: &Bound<'py, PyAny>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let s = self.mask(coalition)?;
        if exact {
            fraction(py, &self.inner.exact_value(s))
        } else {
            Ok(self.inner.value(s).into_pyobject(py)?.into_any())
        }
    }

    /// The game as a pandas DataFrame, one row per coalition: ``coalition`` (a tuple of
    /// player names), ``size``, ``value`` (and ``value_exact`` for an exact game).
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let g = &self.inner;
        crate::report::check_cells(g.values().len(), 4, "TUGame.to_frame()")?;
        let mut table = crate::report::Table::new(["coalition", "size", "value"]);
        let mut exact = Vec::new();
        for s in 0..g.values().len() {
            table.push(vec![
                g.coalition_names(s).join(", ").into(),
                (s.count_ones() as usize).into(),
                g.value(s).into(),
            ]);
            if g.is_exact() {
                exact.push(g.exact_value(s));
            }
        }
        let df = crate::python::face::frame(py, &table)?;
        let tuples = PyList::empty(py);
        for s in 0..g.values().len() {
            tuples.append(PyTuple::new(py, g.coalition_names(s))?)?;
        }
        df.set_item("coalition", tuples)?;
        if g.is_exact() {
            df.set_item(
                "value_exact",
                PyList::new(
                    py,
                    exact
                        .iter()
                        .map(|x| fraction(py, x))
                        .collect::<PyResult<Vec<_>>>()?,
                )?,
            )?;
        }
        Ok(df)
    }

    fn __repr__(&self) -> String {
        self.inner.to_string()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((
            slf.get_type().getattr("from_json")?,
            (slf.get().inner.to_json()?,),
        ))
    }
}

impl PyTUGame {
    /// A coalition given as a bitmask or as indices or names.
    pub(crate) fn mask(&self, coalition: &Bound<'_, PyAny>) -> PyResult<usize> {
        let g = &self.inner;
        if !coalition.is_instance_of::<PyString>() && coalition.call_method0("__index__").is_ok() {
            let s = args::count(coalition, "coalition", 0)?;
            if s > g.grand() {
                return Err(Error::InvalidArgument(format!(
                    "coalition {s} (a bitmask) is out of range for {} players (at most {})",
                    g.num_players(),
                    g.grand()
                ))
                .into());
            }
            return Ok(s);
        }
        coalition_mask(coalition, Some(g.num_players()), g.players())
    }
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTUGame>()?;
    Ok(())
}
