//! `detente.Game`: a thin Python class over [`crate::Game`].

use numpy::{PyArray1, PyArrayDyn, ToPyArray};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

use super::convert;
use super::run::run;
use crate::error::Error;
use crate::game::Game;
use crate::io::{FromJson, ToJson};
use crate::report::{Labels, Report};

/// A finite game in normal form (see the stub file for the Python documentation).
#[pyclass(module = "detente", name = "Game", frozen, eq)]
#[derive(PartialEq)]
pub(super) struct PyGame {
    pub(super) inner: Game,
}

impl PyGame {
    pub(super) fn from_parts(
        game: Game,
        players: Option<Vec<String>>,
        actions: Option<Vec<Vec<String>>>,
        title: Option<String>,
    ) -> PyResult<Self> {
        let mut game = game;
        if let Some(p) = players {
            game = game.with_players(p)?;
        }
        if let Some(a) = actions {
            game = game.with_actions(a)?;
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
        players: Option<Vec<String>>,
        actions: Option<Vec<Vec<String>>>,
        title: Option<String>,
    ) -> PyResult<Self> {
        Self::from_parts(
            convert::game_from_payoffs(payoffs)?,
            players,
            actions,
            title,
        )
    }

    #[staticmethod]
    #[pyo3(signature = (a, b, players=None, actions=None, title=None))]
    fn from_bimatrix(
        a: &Bound<'_, PyAny>,
        b: &Bound<'_, PyAny>,
        players: Option<Vec<String>>,
        actions: Option<Vec<Vec<String>>>,
        title: Option<String>,
    ) -> PyResult<Self> {
        let (a, b) = (
            convert::to_f64_array(a, "A", Error::InvalidGame)?,
            convert::to_f64_array(b, "B", Error::InvalidGame)?,
        );
        let game = Game::from_bimatrix(matrix(&a, "A")?, matrix(&b, "B")?)?;
        Self::from_parts(game, players, actions, title)
    }

    #[staticmethod]
    #[pyo3(signature = (a, players=None, actions=None, title=None))]
    fn zero_sum(
        a: &Bound<'_, PyAny>,
        players: Option<Vec<String>>,
        actions: Option<Vec<Vec<String>>>,
        title: Option<String>,
    ) -> PyResult<Self> {
        let a = convert::to_f64_array(a, "A", Error::InvalidGame)?;
        Self::from_parts(Game::zero_sum(matrix(&a, "A")?)?, players, actions, title)
    }

    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        Ok(Self {
            inner: Game::from_json(text)?,
        })
    }

    fn to_json(&self) -> PyResult<String> {
        Ok(self.inner.to_json()?)
    }

    fn to_nfg(&self) -> String {
        self.inner.to_nfg()
    }

    fn write_nfg(&self, path: std::path::PathBuf) -> PyResult<()> {
        Ok(self.inner.write_nfg(path)?)
    }

    #[getter]
    fn num_players(&self) -> usize {
        self.inner.num_players()
    }

    #[getter]
    fn num_profiles(&self) -> usize {
        self.inner.num_profiles()
    }

    #[getter]
    fn shape(&self) -> Vec<usize> {
        self.inner.shape().to_vec()
    }

    /// A read-only numpy view of the payoff tensor (no copy).
    #[getter]
    fn payoffs<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
        let py = slf.py();
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

    #[getter]
    fn players(&self) -> Vec<String> {
        self.inner.players().to_vec()
    }

    #[getter]
    fn actions(&self) -> Vec<Vec<String>> {
        self.inner.actions().to_vec()
    }

    #[getter]
    fn title(&self) -> String {
        self.inner.title().to_owned()
    }

    fn payoff<'py>(
        &self,
        py: Python<'py>,
        profile: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let profile = convert::profile(&self.inner, profile)?;
        let u = run(py, || self.inner.payoff(&profile))?;
        Ok(u.to_pyarray(py))
    }

    fn regret<'py>(
        &self,
        py: Python<'py>,
        profile: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let profile = convert::profile(&self.inner, profile)?;
        let r = run(py, || self.inner.regret(&profile))?;
        Ok(r.to_pyarray(py))
    }

    fn max_regret(&self, py: Python<'_>, profile: &Bound<'_, PyAny>) -> PyResult<f64> {
        let profile = convert::profile(&self.inner, profile)?;
        run(py, || self.inner.max_regret(&profile))
    }

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

    fn restrict(&self, keep: Vec<Vec<usize>>) -> PyResult<Self> {
        Ok(Self {
            inner: self.inner.restrict(&keep)?,
        })
    }

    /// One row per pure profile: one column per player holding its action's label, then one
    /// ``payoff <player>`` column per player (needs pandas).
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

    /// Pickles as `Game(payoffs, players, actions, title)`, so games travel to Dask workers.
    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(
        Bound<'py, PyType>,
        (
            Bound<'py, PyArrayDyn<f64>>,
            Vec<String>,
            Vec<Vec<String>>,
            String,
        ),
    )> {
        let g = &slf.get().inner;
        let args = (
            g.payoffs().to_pyarray(slf.py()),
            g.players().to_vec(),
            g.actions().to_vec(),
            g.title().to_owned(),
        );
        Ok((slf.get_type(), args))
    }
}

fn matrix<'a>(a: &'a ndarray::ArrayD<f64>, name: &str) -> PyResult<ndarray::ArrayView2<'a, f64>> {
    a.view().into_dimensionality().map_err(|_| {
        PyErr::from(crate::error::Error::InvalidGame(format!(
            "{name} must be a 2-D matrix, got shape {:?}",
            a.shape()
        )))
    })
}
