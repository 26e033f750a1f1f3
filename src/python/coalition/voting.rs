//! `detente.VotingGame`, `detente.WeightedVotingGame` and their result `detente.PowerIndices`:
//! conversions only, over [`crate::coalition::voting`].

use num_bigint::BigInt;
use num_rational::BigRational;
use numpy::{PyArray1, ToPyArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString};
use serde::{Deserialize, Serialize};

use crate::coalition::voting::{PowerIndices, VotingGame};
use crate::error::Error;
use crate::python::args;
use crate::python::face::{fraction, result_class};
use crate::python::run::run;
use crate::report::Labels;

/// One exact number: an int (any size), a ``Fraction``, a ``Decimal`` (exactly), or a float
/// or numpy number (the simplest fraction that rounds to it); NaN and infinities refused.
pub(crate) fn exact(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<BigRational> {
    let parse = |text: String| -> PyResult<BigInt> {
        text.parse::<BigInt>()
            .map_err(|_| Error::InvalidGame(format!("{what} is not a number: {text}")).into())
    };
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a number, got a bool"
        )));
    }
    if obj.hasattr("__index__")? && !obj.is_instance_of::<PyString>() {
        let i = obj.call_method0("__index__")?;
        return Ok(BigRational::from_integer(parse(i.str()?.to_string())?));
    }
    let type_name = obj.get_type().name()?.to_string();
    if type_name == "Fraction" || type_name == "Decimal" {
        let pair = obj.call_method0("as_integer_ratio").map_err(|_| {
            PyErr::from(Error::InvalidGame(format!(
                "{what} is {}: give a finite number",
                obj.str().map(|s| s.to_string()).unwrap_or_default()
            )))
        })?;
        let (n, d): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
        let n = parse(n.str()?.to_string())?;
        let d = parse(d.str()?.to_string())?;
        return Ok(BigRational::new(n, d));
    }
    let x = args::number(obj, what)?;
    if !x.is_finite() {
        return Err(Error::InvalidGame(format!("{what} is {x}: give a finite number")).into());
    }
    Ok(crate::alliance::rational_value(x))
}

fn exact_list(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<BigRational>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list of numbers, got a str"
        )));
    }
    let items: Vec<Bound<'_, PyAny>> = obj
        .try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a list of numbers")))?
        .collect::<PyResult<_>>()?;
    items
        .iter()
        .enumerate()
        .map(|(i, x)| exact(x, &format!("{what}[{i}]")))
        .collect()
}

fn named(game: VotingGame, players: Option<&Bound<'_, PyAny>>) -> PyResult<VotingGame> {
    Ok(match players {
        Some(p) => game.with_players(args::names(p, "players")?)?,
        None => game,
    })
}

/// A player given by name or index.
fn player(game: &VotingGame, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<usize> {
    if let Ok(name) = obj.cast::<PyString>() {
        let name = name.to_str()?;
        return game
            .players()
            .iter()
            .position(|p| p == name)
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "{what} names {name:?}, which is not a player (players: {})",
                    game.players().join(", ")
                ))
                .into()
            });
    }
    let n = game.num_players();
    let i = args::count(obj, what, 0)?;
    if i >= n {
        return Err(Error::InvalidArgument(format!(
            "{what} is {i}, but the game has {n} players (indices 0..{n})"
        ))
        .into());
    }
    Ok(i)
}

fn players_of(game: &VotingGame, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<usize>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list of player names or indices, got a str"
        )));
    }
    obj.try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!("{what} must be a list of player names or indices"))
        })?
        .enumerate()
        .map(|(k, item)| player(game, &item?, &format!("{what}[{k}]")))
        .collect()
}

/// A simple (voting) game: a rule saying which coalitions of players win.
///
/// Build one with :class:`WeightedVotingGame`, or compose rules with
/// :meth:`VotingGame.all_of` (every rule must pass: double majorities), :meth:`VotingGame.any_of`
/// (one rule suffices: the EU Council's blocking-minority clause), :meth:`with_veto` and
/// :meth:`VotingGame.from_minimal_winning`, nested freely; ready-made:
/// :meth:`VotingGame.un_security_council` and :meth:`VotingGame.eu_council`.
///
/// Power indices are exact: Shapley-Shubik and Banzhaf by generating-function dynamic
/// programming (hundreds of players, several weight vectors), Deegan-Packel and Holler from the
/// minimal winning coalitions, Johnston by enumeration (at most 20 players). Each returns a
/// :class:`PowerIndices`; ``exact=True`` makes its items ``fractions.Fraction``.
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> unsc = dt.VotingGame.un_security_council()
/// >>> unsc.shapley_shubik(exact=True)["China"]
/// Fraction(421, 2145)
/// >>> unsc.banzhaf_swings()[:2], unsc.veto_players()[:2]
/// ([848, 848], ['China', 'France'])
#[pyclass(module = "detente", name = "VotingGame", frozen, subclass, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyVotingGame {
    pub(crate) inner: VotingGame,
}

fn games(list: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<VotingGame>> {
    list.try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{what} takes a list of VotingGame")))?
        .enumerate()
        .map(|(k, g)| {
            let g = g?;
            g.cast::<PyVotingGame>()
                .map(|g| g.get().inner.clone())
                .map_err(|_| {
                    PyTypeError::new_err(format!(
                        "{what}: games[{k}] must be a VotingGame or WeightedVotingGame"
                    ))
                })
        })
        .collect()
}

fn indices(r: PowerIndices, game: &VotingGame, as_fractions: bool) -> PyPowerIndices {
    PyPowerIndices {
        inner: r,
        labels: game.labels(),
        as_fractions,
    }
}

#[pymethods]
impl PyVotingGame {
    /// The game in which every one of ``games`` must pass (a double majority, a veto),
    /// over the same players. ``players`` renames them.
    #[classmethod]
    #[pyo3(signature = (games, players = None))]
    fn all_of(
        _cls: &Bound<'_, pyo3::types::PyType>,
        games: &Bound<'_, PyAny>,
        players: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let g = VotingGame::all_of(self::games(games, "all_of")?)?;
        Ok(Self {
            inner: named(g, players)?,
        })
    }

    /// The game in which one of ``games`` suffices, over the same players.
    #[classmethod]
    #[pyo3(signature = (games, players = None))]
    fn any_of(
        _cls: &Bound<'_, pyo3::types::PyType>,
        games: &Bound<'_, PyAny>,
        players: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let g = VotingGame::any_of(self::games(games, "any_of")?)?;
        Ok(Self {
            inner: named(g, players)?,
        })
    }

    /// The game whose winning coalitions contain one of ``coalitions`` (lists of player
    /// indices, or of names when ``players`` is given); without ``players`` there are as many
    /// players as the largest index plus one.
    #[classmethod]
    #[pyo3(signature = (coalitions, players = None))]
    fn from_minimal_winning(
        _cls: &Bound<'_, pyo3::types::PyType>,
        coalitions: &Bound<'_, PyAny>,
        players: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let names = players.map(|p| args::names(p, "players")).transpose()?;
        let lists: Vec<Bound<'_, PyAny>> = coalitions
            .try_iter()
            .map_err(|_| PyTypeError::new_err("coalitions must be a list of lists of players"))?
            .collect::<PyResult<_>>()?;
        let mut raw: Vec<Vec<usize>> = Vec::new();
        for (k, list) in lists.iter().enumerate() {
            let mut c = Vec::new();
            let items: Vec<Bound<'_, PyAny>> = list
                .try_iter()
                .map_err(|_| {
                    PyTypeError::new_err(format!("coalitions[{k}] must be a list of players"))
                })?
                .collect::<PyResult<_>>()?;
            for (j, item) in items.iter().enumerate() {
                let what = format!("coalitions[{k}][{j}]");
                if let (Ok(name), Some(names)) = (item.cast::<PyString>(), &names) {
                    let name = name.to_str()?;
                    let i = names.iter().position(|p| p == name).ok_or_else(|| {
                        PyErr::from(Error::InvalidGame(format!(
                            "{what} names {name:?}, which is not in players"
                        )))
                    })?;
                    c.push(i);
                } else {
                    c.push(args::count(item, &what, 0)?);
                }
            }
            raw.push(c);
        }
        let n = match &names {
            Some(names) => names.len(),
            None => raw.iter().flatten().max().map_or(0, |m| m + 1),
        };
        let g = VotingGame::from_minimal_winning(n, &raw)?;
        Ok(Self {
            inner: match names {
                Some(names) => g.with_players(names)?,
                None => g,
            },
        })
    }

    /// The UN Security Council: 9 of 15 votes including the 5 permanent members' (China,
    /// France, Russia, United Kingdom, United States; elected members ``E1``–``E10``).
    #[classmethod]
    fn un_security_council(_cls: &Bound<'_, pyo3::types::PyType>) -> Self {
        Self {
            inner: VotingGame::un_security_council(),
        }
    }

    /// The EU Council's qualified majority (Lisbon): at least 55% of the members (at least 15)
    /// representing at least 65% of the population, or else fewer than 4 members opposing.
    /// ``population`` holds one figure per member (persons or thousands: the exact indices
    /// need populations rounded to thousands).
    #[classmethod]
    #[pyo3(signature = (population, players = None))]
    fn eu_council(
        _cls: &Bound<'_, pyo3::types::PyType>,
        population: &Bound<'_, PyAny>,
        players: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let g = VotingGame::eu_council(&exact_list(population, "population")?)?;
        Ok(Self {
            inner: named(g, players)?,
        })
    }

    /// The same game in which the players ``vetoes`` (names or indices) must also vote yes.
    fn with_veto(&self, vetoes: &Bound<'_, PyAny>) -> PyResult<PyVotingGame> {
        let v = players_of(&self.inner, vetoes, "vetoes")?;
        Ok(PyVotingGame {
            inner: self.inner.clone().with_veto(&v)?,
        })
    }

    /// The player names.
    #[getter]
    fn players(&self) -> Vec<String> {
        self.inner.players().to_vec()
    }

    /// The number of players.
    #[getter]
    fn n_players(&self) -> usize {
        self.inner.num_players()
    }

    /// The rule in words: ``[q; w1, …]`` for a weighted rule, ``all_of(…)``, ``any_of(…)``.
    #[getter]
    fn rule(&self) -> String {
        self.inner.rule().describe()
    }

    /// Whether ``coalition`` (player names or indices) wins.
    fn is_winning(&self, coalition: &Bound<'_, PyAny>) -> PyResult<bool> {
        let c = players_of(&self.inner, coalition, "coalition")?;
        Ok(self.inner.is_winning(&c)?)
    }

    /// The Shapley-Shubik index (Shapley & Shubik 1954), exact: a :class:`PowerIndices`
    /// (``exact=True``: its items are ``Fraction``).
    #[pyo3(signature = (*, exact = false))]
    fn shapley_shubik(&self, py: Python<'_>, exact: bool) -> PyResult<PyPowerIndices> {
        let g = &self.inner;
        let r = run(py, || g.shapley_shubik())?;
        Ok(indices(r, g, exact))
    }

    /// The Banzhaf index: swing counts over their sum (``normalized=True``) or over
    /// ``2**(n-1)`` (absolute Banzhaf / Penrose measure).
    #[pyo3(signature = (normalized = true, *, exact = false))]
    fn banzhaf(&self, py: Python<'_>, normalized: bool, exact: bool) -> PyResult<PyPowerIndices> {
        let g = &self.inner;
        let r = run(py, || g.banzhaf(normalized))?;
        Ok(indices(r, g, exact))
    }

    /// Each player's raw Banzhaf count (the coalitions of the others it turns from losing
    /// into winning), as Python ints of any size.
    fn banzhaf_swings<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let g = &self.inner;
        let swings = run(py, || g.banzhaf_swings())?;
        let int = py.import("builtins")?.getattr("int")?;
        swings.iter().map(|s| int.call1((s.to_string(),))).collect()
    }

    /// The Deegan-Packel index (Deegan & Packel 1978), from the minimal winning coalitions
    /// (at most ``max_count``).
    #[pyo3(signature = (*, exact = false, max_count = 1_000_000))]
    fn deegan_packel(
        &self,
        py: Python<'_>,
        exact: bool,
        max_count: usize,
    ) -> PyResult<PyPowerIndices> {
        let g = &self.inner;
        let r = run(py, || g.deegan_packel(max_count))?;
        Ok(indices(r, g, exact))
    }

    /// The Holler public-good index (Holler 1982), from the minimal winning coalitions (at
    /// most ``max_count``).
    #[pyo3(signature = (*, exact = false, max_count = 1_000_000))]
    fn holler(&self, py: Python<'_>, exact: bool, max_count: usize) -> PyResult<PyPowerIndices> {
        let g = &self.inner;
        let r = run(py, || g.holler(max_count))?;
        Ok(indices(r, g, exact))
    }

    /// The Johnston index (Johnston 1978), by enumeration of all coalitions (at most 20
    /// players).
    #[pyo3(signature = (*, exact = false))]
    fn johnston(&self, py: Python<'_>, exact: bool) -> PyResult<PyPowerIndices> {
        let g = &self.inner;
        let r = run(py, || g.johnston())?;
        Ok(indices(r, g, exact))
    }

    /// The minimal winning coalitions, each a list of player names (at most ``max_count``,
    /// else ``ValueError``).
    #[pyo3(signature = (*, max_count = 1_000_000))]
    fn minimal_winning_coalitions(
        &self,
        py: Python<'_>,
        max_count: usize,
    ) -> PyResult<Vec<Vec<String>>> {
        let g = &self.inner;
        let list = run(py, || g.minimal_winning_coalitions(max_count))?;
        let names = g.players();
        Ok(list
            .into_iter()
            .map(|c| c.into_iter().map(|i| names[i].clone()).collect())
            .collect())
    }

    /// The veto players (without whom nothing passes), by name.
    fn veto_players(&self) -> Vec<String> {
        let names = self.inner.players();
        self.inner
            .veto_players()
            .into_iter()
            .map(|i| names[i].clone())
            .collect()
    }

    /// The dummy players (who swing for no coalition), by name.
    fn dummy_players(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        let g = &self.inner;
        let d = run(py, || g.dummy_players())?;
        Ok(d.into_iter().map(|i| g.players()[i].clone()).collect())
    }

    /// The probability that a random coalition wins, each player in with probability 1/2
    /// (a float, or a ``Fraction`` with ``exact=True``).
    #[pyo3(signature = (*, exact = false))]
    fn win_probability<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        let g = &self.inner;
        let p = run(py, || g.win_probability())?;
        if exact {
            fraction(py, &p)
        } else {
            Ok(num_traits::ToPrimitive::to_f64(&p)
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any())
        }
    }

    /// The simple game as a :class:`TUGame` (``v(S) = 1`` for winning coalitions, 0
    /// otherwise; at most 30 players), for the TU solutions: core, nucleolus, …
    fn to_tu_game(&self, py: Python<'_>) -> PyResult<super::tu::PyTUGame> {
        let g = &self.inner;
        let tu = run(py, || g.to_tu_game())?;
        Ok(super::tu::PyTUGame::new(tu))
    }

    /// The game as JSON text, which ``VotingGame.from_json`` reads back.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| Error::Json(e.to_string()).into())
    }

    /// Reads a game written by ``to_json``, checking it again (``ValueError`` if it does not
    /// describe a valid game).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, pyo3::types::PyType>, text: &str) -> PyResult<Self> {
        let g: VotingGame = serde_json::from_str(text).map_err(|e| Error::Json(e.to_string()))?;
        Ok(Self {
            inner: g.validated()?,
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let cls = slf.py().get_type::<PyVotingGame>();
        Ok((cls.getattr("from_json")?, (slf.get().to_json()?,)))
    }

    fn __repr__(&self) -> String {
        format!(
            "VotingGame({} players, rule={})",
            self.inner.num_players(),
            shorten(&self.inner.rule().describe())
        )
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 200;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// A weighted voting game ``[quota; w_1, …, w_n]``: a coalition wins when the weights of its
/// members reach ``quota``.
///
/// Parameters
/// ----------
/// quota : int, Fraction or float
///     In ``(0, sum(weights)]``.
/// weights : list of int, Fraction or float
///     Non-negative, one per player; rationals are scaled to coprime integers (floats are
///     read as the simplest fraction that rounds to them).
/// players : list of str, optional
///     Distinct names (``P1``, ``P2``, … by default).
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> g = dt.WeightedVotingGame(5, [4, 2, 1], players=["A", "B", "C"])
/// >>> list(g.shapley_shubik(exact=True))
/// [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
/// >>> g.banzhaf_swings(), g.veto_players()
/// ([3, 1, 1], ['A'])
#[pyclass(module = "detente", name = "WeightedVotingGame", frozen, extends = PyVotingGame)]
pub(crate) struct PyWeightedVotingGame {}

#[pymethods]
impl PyWeightedVotingGame {
    #[new]
    #[pyo3(signature = (quota, weights, players = None))]
    fn new(
        quota: &Bound<'_, PyAny>,
        weights: &Bound<'_, PyAny>,
        players: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyClassInitializer<Self>> {
        let rule = crate::coalition::voting::WeightedRule::new(
            exact(quota, "quota")?,
            exact_list(weights, "weights")?,
        )?;
        let g = VotingGame::new(crate::coalition::voting::Rule::Weighted(rule))?;
        Ok(PyClassInitializer::from(PyVotingGame {
            inner: named(g, players)?,
        })
        .add_subclass(Self {}))
    }

    /// The quota, as a ``Fraction``.
    #[getter]
    fn quota<'py>(slf: PyRef<'py, Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match slf.as_super().inner.rule() {
            crate::coalition::voting::Rule::Weighted(w) => fraction(py, w.quota()),
            _ => Err(Error::InvalidGame("not a weighted rule".into()).into()),
        }
    }

    /// The weights, as ``Fraction``.
    #[getter]
    fn weights<'py>(slf: PyRef<'py, Self>, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        match slf.as_super().inner.rule() {
            crate::coalition::voting::Rule::Weighted(w) => {
                w.weights().iter().map(|x| fraction(py, x)).collect()
            }
            _ => Err(Error::InvalidGame("not a weighted rule".into()).into()),
        }
    }

    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: PyRef<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<(
        Bound<'py, PyAny>,
        (Bound<'py, PyAny>, Vec<Bound<'py, PyAny>>, Vec<String>),
    )> {
        let g = &slf.as_super().inner;
        match g.rule() {
            crate::coalition::voting::Rule::Weighted(w) => Ok((
                py.get_type::<PyWeightedVotingGame>().into_any(),
                (
                    fraction(py, w.quota())?,
                    w.weights()
                        .iter()
                        .map(|x| fraction(py, x))
                        .collect::<PyResult<_>>()?,
                    g.players().to_vec(),
                ),
            )),
            _ => Err(Error::InvalidGame("not a weighted rule".into()).into()),
        }
    }

    fn __repr__(slf: PyRef<'_, Self>) -> String {
        let g = &slf.as_super().inner;
        format!(
            "WeightedVotingGame({}, players={:?})",
            g.rule().describe(),
            g.players()
        )
    }
}

/// One power index of every player: ``values`` (a numpy array of floats), ``exact`` (one
/// ``fractions.Fraction`` per player), ``players`` and ``method``.
///
/// It reads like an array labelled by player: ``len(r)``, ``r[i]`` or ``r["France"]``,
/// ``list(r)``, ``np.asarray(r)``, ``r.to_dict()``; its items are floats, or ``Fraction`` when
/// the index was asked for with ``exact=True``. ``to_frame()`` gives one row per player with
/// ``power`` and ``power_exact``.
#[pyclass(module = "detente", name = "PowerIndices", frozen, eq)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct PyPowerIndices {
    #[serde(flatten)]
    inner: PowerIndices,
    #[serde(flatten)]
    labels: Labels,
    #[serde(default)]
    as_fractions: bool,
}

impl PyPowerIndices {
    fn item<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Bound<'py, PyAny>> {
        if self.as_fractions {
            fraction(py, &self.inner.exact[i])
        } else {
            Ok(self.inner.values[i].into_pyobject(py)?.into_any())
        }
    }
}

result_class!(PyPowerIndices, "PowerIndices", {
    /// The name of the index: ``shapley_shubik``, ``banzhaf``, ``banzhaf_absolute``,
    /// ``deegan_packel``, ``holler`` or ``johnston``.
    #[getter]
    fn method(&self) -> String {
        self.inner.method.clone()
    }

    /// The index of every player as floats (a numpy array).
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.values.to_pyarray(py)
    }

    /// The index of every player as ``fractions.Fraction``.
    #[getter]
    fn exact<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.inner.exact.iter().map(|x| fraction(py, x)).collect()
    }

    /// ``{player: value}`` (floats, or ``Fraction`` for an exact result).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let d = pyo3::types::PyDict::new(py);
        for (i, name) in self.labels.players.iter().enumerate() {
            d.set_item(name, self.item(py, i)?)?;
        }
        Ok(d)
    }

    fn __len__(&self) -> usize {
        self.inner.values.len()
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let n = self.inner.values.len();
        let i = if let Ok(name) = key.cast::<PyString>() {
            let name = name.to_str()?;
            self.labels
                .players
                .iter()
                .position(|p| p == name)
                .ok_or_else(|| {
                    pyo3::exceptions::PyKeyError::new_err(format!("no player named {name:?}"))
                })?
        } else {
            let k: isize = key.extract().map_err(|_| {
                PyTypeError::new_err("PowerIndices takes a player name or an int index")
            })?;
            let i = if k < 0 { k + n as isize } else { k };
            if i < 0 || i as usize >= n {
                return Err(pyo3::exceptions::PyIndexError::new_err(format!(
                    "index {k} out of range for {n} players"
                )));
            }
            i as usize
        };
        self.item(py, i)
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let items: Vec<Bound<'py, PyAny>> = (0..self.inner.values.len())
            .map(|i| self.item(py, i))
            .collect::<PyResult<_>>()?;
        pyo3::types::PyList::new(py, items)?.call_method0("__iter__")
    }

    #[pyo3(signature = (dtype = None, copy = None))]
    fn __array__<'py>(
        &self,
        py: Python<'py>,
        dtype: Option<&Bound<'py, PyAny>>,
        copy: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let _ = copy;
        let a = self.inner.values.to_pyarray(py).into_any();
        match dtype {
            Some(d) => a.call_method1("astype", (d,)),
            None => Ok(a),
        }
    }
});

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyVotingGame>()?;
    m.add_class::<PyWeightedVotingGame>()?;
    m.add_class::<PyPowerIndices>()
}
