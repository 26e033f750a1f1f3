//! `detente.Game`: a thin Python class over [`crate::Game`].

use numpy::{PyArray1, PyArrayDyn, ToPyArray};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};

use super::args;
use super::convert::{self, Payoffs};
use super::run::run;
use crate::error::Error;
use crate::game::Game;
use crate::io::{FromJson, ToJson};
use crate::report::{Labels, Report};

/// A finite game in normal form, with any number of players.
///
/// Parameters
/// ----------
/// payoffs : array_like or list of numpy.ndarray
///     Read as ``numpy.asarray`` reads it: one array of shape ``(n_1, ..., n_N, N)`` whose
///     entry ``[a_1, ..., a_N, i]`` is player ``i``'s payoff (QuantEcon's convention), so a
///     nested list of numbers always means this, e.g. ``[[(3, 3), (0, 5)], [(5, 0), (1, 1)]]``
///     for the prisoners' dilemma. Only a list or tuple of numpy arrays is read as one array
///     of shape ``(n_1, ..., n_N)`` per player (Gambit's and nashpy's convention); for nested
///     lists per player use :meth:`Game.from_player_payoffs`. Exact input (``int``,
///     ``fractions.Fraction``, ``decimal.Decimal``, integer or object arrays of them) makes an
///     exact game: it keeps the values (:attr:`payoffs_exact`) and the exact solvers use them;
///     any float makes a float game, whose exact solvers work on the floats' binary values.
///     Masked arrays are refused unless nothing is masked.
/// players : list of str, optional
///     One distinct name per player (default ``P1``, ``P2``, ...).
/// actions : list of list of str, optional
///     Distinct action labels for each player (default ``a1``, ``a2``, ...).
/// title : str, optional
///     A title, kept in ``.nfg`` and JSON files.
///
/// Raises
/// ------
/// InvalidGameError
///     For non-finite payoffs, inconsistent shapes, or names and labels that do not fit
///     (repeated player names or action labels included).
/// TypeError
///     If ``players`` or ``actions`` is not a list of names (a str is refused, not split).
///
/// See Also
/// --------
/// Game.from_bimatrix, Game.zero_sum, read_nfg
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> import numpy as np
/// >>> g = dt.Game([[(3, 3), (0, 5)], [(5, 0), (1, 1)]], players=["Row", "Column"])
/// >>> g.shape, g.players, g.actions
/// ([2, 2], ['Row', 'Column'], [['a1', 'a2'], ['a1', 'a2']])
/// >>> g.payoff([1, 0]).tolist()
/// [5.0, 0.0]
/// >>> g.payoffs.shape                                     # the (n_1, ..., n_N, N) form
/// (2, 2, 2)
/// >>> row, column = np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]])
/// >>> dt.Game([row, column], players=["Row", "Column"]) == g     # one array per player
/// True
/// >>> from fractions import Fraction
/// >>> dt.Game([[(Fraction(1, 3), 0)]]).payoffs_exact[0, 0, 0]
/// Fraction(1, 3)
#[pyclass(module = "detente", name = "Game", frozen, eq)]
#[derive(PartialEq)]
pub(super) struct PyGame {
    pub(super) inner: Game,
}

impl PyGame {
    /// Names the players and labels the actions of `game`; `players` and `actions` are read
    /// with errors that name them (a str is no list of names).
    pub(super) fn from_parts(
        game: Game,
        players: Option<&Bound<'_, PyAny>>,
        actions: Option<&Bound<'_, PyAny>>,
        title: Option<String>,
    ) -> PyResult<Self> {
        let mut game = game;
        if let Some(p) = players.filter(|p| !p.is_none()) {
            game = game.with_players(args::names(p, "players")?)?;
        }
        if let Some(a) = actions.filter(|a| !a.is_none()) {
            game = game.with_actions(args::label_lists(a, "actions")?)?;
        }
        if let Some(t) = title {
            game = game.with_title(t);
        }
        Ok(Self { inner: game })
    }
}

#[pymethods]
impl PyGame {
    #[new]
    #[pyo3(signature = (payoffs, players=None, actions=None, title=None))]
    fn new(
        payoffs: &Bound<'_, PyAny>,
        players: Option<&Bound<'_, PyAny>>,
        actions: Option<&Bound<'_, PyAny>>,
        title: Option<String>,
    ) -> PyResult<Self> {
        Self::from_parts(
            convert::game_from_payoffs(payoffs)?,
            players,
            actions,
            title,
        )
    }

    /// A game from one payoff array per player, each of shape ``(n_1, ..., n_N)`` (Gambit's
    /// and nashpy's convention); the arrays may be nested lists.
    ///
    /// Parameters
    /// ----------
    /// arrays : sequence of array_like
    ///     ``N`` arrays of the same shape with ``N`` dimensions; exact when every array is
    ///     exact (see :class:`Game`).
    /// players, actions, title : optional
    ///     As for :class:`Game`.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_player_payoffs([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    /// >>> pd.payoff([1, 0]).tolist()
    /// [5.0, 0.0]
    #[staticmethod]
    #[pyo3(signature = (arrays, players=None, actions=None, title=None))]
    fn from_player_payoffs(
        arrays: &Bound<'_, PyAny>,
        players: Option<&Bound<'_, PyAny>>,
        actions: Option<&Bound<'_, PyAny>>,
        title: Option<String>,
    ) -> PyResult<Self> {
        let game = convert::game_from_player_payoffs(arrays)?;
        Self::from_parts(game, players, actions, title)
    }

    /// A two-player game from the row player's matrix ``a`` and the column player's ``b``.
    ///
    /// Parameters
    /// ----------
    /// a, b : array_like
    ///     Payoff matrices of the same shape ``(m, n)``: row ``i``, column ``j`` pays
    ///     ``a[i][j]`` to the row player and ``b[i][j]`` to the column player.
    /// players, actions, title : optional
    ///     As for :class:`Game`.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    /// ...                            actions=[["C", "D"], ["C", "D"]])
    /// >>> pd.payoff(["D", "C"]).tolist()
    /// [5.0, 0.0]
    #[staticmethod]
    #[pyo3(signature = (a, b, players=None, actions=None, title=None))]
    fn from_bimatrix(
        a: &Bound<'_, PyAny>,
        b: &Bound<'_, PyAny>,
        players: Option<&Bound<'_, PyAny>>,
        actions: Option<&Bound<'_, PyAny>>,
        title: Option<String>,
    ) -> PyResult<Self> {
        let (a, b) = (
            convert::to_payoff_array(a, "A", Error::InvalidGame)?,
            convert::to_payoff_array(b, "B", Error::InvalidGame)?,
        );
        let game = match (a, b) {
            (Payoffs::ExactFloats(a), Payoffs::ExactFloats(b)) => {
                Game::from_bimatrix(matrix(&a, "A")?, matrix(&b, "B")?)?.with_exact_floats()
            }
            (
                a @ (Payoffs::Exact(_) | Payoffs::ExactFloats(_)),
                b @ (Payoffs::Exact(_) | Payoffs::ExactFloats(_)),
            ) => {
                let (a, b) = (a.into_exact(), b.into_exact());
                let (Some(a), Some(b)) = (a, b) else {
                    return Err(Error::InvalidGame("A and B must be exact here".into()).into());
                };
                matrix(&a, "A")?;
                matrix(&b, "B")?;
                Game::from_exact_player_arrays(&[a.view(), b.view()])?
            }
            (a, b) => {
                let (a, b) = (a.into_floats(), b.into_floats());
                Game::from_bimatrix(matrix(&a, "A")?, matrix(&b, "B")?)?
            }
        };
        Self::from_parts(game, players, actions, title)
    }

    /// The two-player game in which the row player gets ``a`` and the column player ``-a``.
    ///
    /// Parameters
    /// ----------
    /// a : array_like
    ///     The row player's payoff matrix, shape ``(m, n)``.
    /// players, actions, title : optional
    ///     As for :class:`Game`.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pennies = dt.Game.zero_sum([[1, -1], [-1, 1]])
    /// >>> pennies.payoff([0, 1]).tolist()
    /// [-1.0, 1.0]
    #[staticmethod]
    #[pyo3(signature = (a, players=None, actions=None, title=None))]
    fn zero_sum(
        a: &Bound<'_, PyAny>,
        players: Option<&Bound<'_, PyAny>>,
        actions: Option<&Bound<'_, PyAny>>,
        title: Option<String>,
    ) -> PyResult<Self> {
        let game = match convert::to_payoff_array(a, "A", Error::InvalidGame)? {
            Payoffs::Exact(a) => {
                matrix(&a, "A")?;
                let b = a.mapv(|x| -x);
                Game::from_exact_player_arrays(&[a.view(), b.view()])?
            }
            Payoffs::ExactFloats(a) => Game::zero_sum(matrix(&a, "A")?)?.with_exact_floats(),
            Payoffs::Float(a) => Game::zero_sum(matrix(&a, "A")?)?,
        };
        Self::from_parts(game, players, actions, title)
    }

    /// Reads a game written by :meth:`to_json` (validated like any constructor).
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> g = dt.Game.zero_sum([[1, -1], [-1, 1]], title="pennies")
    /// >>> dt.Game.from_json(g.to_json()) == g
    /// True
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        Ok(Self {
            inner: Game::from_json(text)?,
        })
    }

    /// The game as JSON text: title, players, actions, shape and the flattened payoffs.
    fn to_json(&self) -> PyResult<String> {
        Ok(self.inner.to_json()?)
    }

    /// The game as the text of a Gambit ``.nfg`` file (payoff format), which
    /// :func:`read_nfg` reads back.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    /// >>> dt.read_nfg(g.to_nfg()) == g
    /// True
    fn to_nfg(&self) -> String {
        self.inner.to_nfg()
    }

    /// Writes the game to a Gambit ``.nfg`` file (payoff format) at ``path``.
    fn write_nfg(&self, path: std::path::PathBuf) -> PyResult<()> {
        Ok(self.inner.write_nfg(path)?)
    }

    /// The number of players ``N``.
    #[getter]
    fn num_players(&self) -> usize {
        self.inner.num_players()
    }

    /// The number of pure strategy profiles, ``n_1 * ... * n_N``.
    #[getter]
    fn num_profiles(&self) -> usize {
        self.inner.num_profiles()
    }

    /// Each player's number of actions, ``[n_1, ..., n_N]``.
    #[getter]
    fn shape(&self) -> Vec<usize> {
        self.inner.shape().to_vec()
    }

    /// A read-only numpy view (no copy) of the payoff tensor, shape ``(n_1, ..., n_N, N)``.
    #[getter]
    ///
    /// Games of 32 players or more cannot be viewed (numpy arrays here have at most 32 axes,
    /// the tensor has one per player plus one): read their payoffs with :meth:`payoff`.
    fn payoffs<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
        let py = slf.py();
        fits_numpy(&slf.get().inner, "Game.payoffs")?;
        // SAFETY: the class is frozen, so the tensor is never mutated or moved while the view
        // (which keeps `slf` alive as its base object) exists.
        let arr = unsafe {
            PyArrayDyn::borrow_from_array(slf.get().inner.payoffs(), slf.clone().into_any())
        };
        let kwargs = PyDict::new(py);
        kwargs.set_item("write", false)?;
        arr.call_method("setflags", (), Some(&kwargs))?;
        Ok(arr)
    }

    /// The exact payoffs as an object array of ``fractions.Fraction`` of the shape of
    /// :attr:`payoffs`, for a game given exactly (integers, fractions, decimals, ``.nfg``
    /// files); ``None`` for a game given as floats.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> g = dt.read_nfg('NFG 1 R "" { "A" } { 2 } 2/7 0.1')
    /// >>> [str(x) for x in g.payoffs_exact.ravel()]
    /// ['2/7', '1/10']
    /// >>> dt.Game([[(0.5, 1.0)]]).payoffs_exact is None
    /// True
    #[getter]
    fn payoffs_exact<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(values) = self.inner.exact_payoffs() else {
            return Ok(None);
        };
        let list = pyo3::types::PyList::empty(py);
        for x in &values {
            list.append(super::face::fraction(py, x)?)?;
        }
        let np = py.import("numpy")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("dtype", "object")?;
        let flat = np.call_method("array", (list,), Some(&kwargs))?;
        let mut shape = self.inner.shape().to_vec();
        shape.push(self.inner.num_players());
        Ok(Some(flat.call_method1("reshape", (shape,))?))
    }

    /// The player names.
    #[getter]
    fn players(&self) -> Vec<String> {
        self.inner.players().to_vec()
    }

    /// The action labels of each player.
    #[getter]
    fn actions(&self) -> Vec<Vec<String>> {
        self.inner.actions().to_vec()
    }

    /// The game's title (empty if none was given).
    #[getter]
    fn title(&self) -> String {
        self.inner.title().to_owned()
    }

    /// Each player's expected payoff under a (mixed) strategy profile.
    ///
    /// Parameters
    /// ----------
    /// profile : sequence
    ///     One entry per player: an action index, an action label, or a probability vector.
    ///
    /// Returns
    /// -------
    /// numpy.ndarray
    ///     One expected payoff per player.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    /// >>> g.payoff([[0.5, 0.5], 0]).tolist()
    /// [0.0, 0.0]
    fn payoff<'py>(
        &self,
        py: Python<'py>,
        profile: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let profile = convert::profile(&self.inner, profile)?;
        let u = run(py, || self.inner.payoff(&profile))?;
        Ok(u.to_pyarray(py))
    }

    /// Each player's regret: the most they gain by deviating alone from ``profile``.
    ///
    /// ``profile`` is as for :meth:`payoff`. All entries are 0 exactly at a Nash equilibrium.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> pd.regret([0, 0]).tolist()
    /// [2.0, 2.0]
    fn regret<'py>(
        &self,
        py: Python<'py>,
        profile: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let profile = convert::profile(&self.inner, profile)?;
        let r = run(py, || self.inner.regret(&profile))?;
        Ok(r.to_pyarray(py))
    }

    /// The largest regret of any player at ``profile`` (0 exactly at a Nash equilibrium).
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> pd.max_regret([1, 1])
    /// 0.0
    fn max_regret(&self, py: Python<'_>, profile: &Bound<'_, PyAny>) -> PyResult<f64> {
        let profile = convert::profile(&self.inner, profile)?;
        run(py, || self.inner.max_regret(&profile))
    }

    /// The actions of ``player`` within ``tol`` of the best reply to the others' strategies.
    ///
    /// Parameters
    /// ----------
    /// player : int or str
    ///     The player's index or name.
    /// profile : sequence
    ///     As for :meth:`payoff`; the player's own entry is ignored.
    /// tol : float, default 1e-9
    ///     Actions paying at least the best payoff minus ``tol`` count as best responses.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> pd.best_responses(0, [0, 0])
    /// [1]
    #[pyo3(signature = (player, profile, tol=1e-9))]
    fn best_responses(
        &self,
        py: Python<'_>,
        player: &Bound<'_, PyAny>,
        profile: &Bound<'_, PyAny>,
        tol: f64,
    ) -> PyResult<Vec<usize>> {
        let i = convert::player_index(&self.inner, player)?;
        let profile = convert::profile(&self.inner, profile)?;
        crate::solve::check_tolerance(tol)?;
        run(py, || self.inner.best_responses(i, &profile, tol))
    }

    /// Whether no player gains more than ``tol`` by deviating from ``profile``.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    /// >>> pd.is_equilibrium([1, 1]), pd.is_equilibrium([0, 0])
    /// (True, False)
    #[pyo3(signature = (profile, tol=1e-9))]
    fn is_equilibrium(
        &self,
        py: Python<'_>,
        profile: &Bound<'_, PyAny>,
        tol: f64,
    ) -> PyResult<bool> {
        let profile = convert::profile(&self.inner, profile)?;
        crate::solve::check_tolerance(tol)?;
        run(py, || self.inner.is_equilibrium(&profile, tol))
    }

    /// The subgame that keeps the listed actions of each player (labels kept).
    ///
    /// Parameters
    /// ----------
    /// keep : list of list of int
    ///     For each player, the indices of the actions to keep (at least one each); bools
    ///     are refused (``TypeError``), not read as 0 and 1.
    ///
    /// Examples
    /// --------
    /// >>> import detente as dt
    /// >>> g = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    /// ...                           actions=[["C", "D"], ["C", "D"]])
    /// >>> g.restrict([[1], [0, 1]]).actions
    /// [['D'], ['C', 'D']]
    fn restrict(&self, keep: &Bound<'_, PyAny>) -> PyResult<Self> {
        let keep = args::index_lists(keep, "keep")?;
        Ok(Self {
            inner: self.inner.restrict(&keep)?,
        })
    }

    /// The payoff table as a pandas DataFrame (needs pandas).
    ///
    /// One row per pure profile: one column per player holding its action's label, then one
    /// ``payoff <player>`` column per player.
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let g = &self.inner;
        crate::report::check_cells(g.num_profiles(), 2 * g.num_players(), "Game.to_frame()")?;
        let table = g.table(&Labels::of(g));
        super::face::frame(py, &table)
    }

    fn __repr__(&self) -> String {
        self.inner.to_string()
    }

    fn _repr_html_(&self) -> String {
        self.inner.to_html()
    }

    /// Pickles as `Game(payoffs, players, actions, title)` for a float game (the numpy array
    /// travels as it is, e.g. to Dask workers), and through `Game.from_json` for an exact one
    /// (its exact payoffs as "p/q" strings where they are not floats) or one of 32 players or
    /// more (no numpy array holds its tensor).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let g = &slf.get().inner;
        if g.is_exact() || fits_numpy(g, "pickle").is_err() {
            let from_json = slf.get_type().getattr("from_json")?;
            let args = PyTuple::new(py, [g.to_json()?])?;
            return Ok((from_json, args));
        }
        let args = (
            g.payoffs().to_pyarray(py),
            g.players().to_vec(),
            g.actions().to_vec(),
            g.title().to_owned(),
        )
            .into_pyobject(py)?;
        Ok((slf.get_type().into_any(), args))
    }
}

/// The most axes an array handed to numpy may have (rust-numpy's limit).
pub(super) const MAX_NUMPY_AXES: usize = 32;

/// Refuses (`ValueError`) to build a numpy array of a game's payoff tensor with more axes
/// than [`MAX_NUMPY_AXES`].
fn fits_numpy(g: &Game, what: &str) -> PyResult<()> {
    let axes = g.num_players() + 1;
    if axes <= MAX_NUMPY_AXES {
        return Ok(());
    }
    Err(Error::InvalidArgument(format!(
        "{what}: this game has {} players, so its payoff tensor has {axes} axes, more than the \
         {MAX_NUMPY_AXES} a numpy array can have here; read payoffs with Game.payoff(profile), \
         or save the game with to_json() / to_nfg()",
        g.num_players()
    ))
    .into())
}

fn matrix<'a, T>(a: &'a ndarray::ArrayD<T>, name: &str) -> PyResult<ndarray::ArrayView2<'a, T>> {
    a.view().into_dimensionality().map_err(|_| {
        PyErr::from(crate::error::Error::InvalidGame(format!(
            "{name} must be a 2-D matrix, got shape {:?}",
            a.shape()
        )))
    })
}
