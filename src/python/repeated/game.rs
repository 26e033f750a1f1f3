//! `detente.RepeatedGame`: a thin class over [`crate::repeated::RepeatedGame`].

use pyo3::prelude::*;

use crate::format;
use crate::python::args;
use crate::python::face::fraction;
use crate::python::game::PyGame;
use crate::repeated::RepeatedGame;

/// A stage game repeated over an infinite (or finite) horizon.
///
/// Parameters
/// ----------
/// stage : Game
///     The game played in every period (any number of players).
/// discount : float, Fraction or list of them
///     One discount factor in ``[0, 1)`` for every player, or one per player. Kept exactly as
///     rationals: a float is taken as the simplest fraction that rounds to it (``0.9`` is
///     ``9/10``), so exact analyses of games with rational payoffs give exact answers.
/// continuation : float, optional
///     The probability in ``(0, 1]`` that play goes on after each period (random ending, 1 by
///     default); payoffs are then discounted by ``discount * continuation``.
/// horizon : int, optional
///     A number of periods for a finitely repeated game (discount factors may then be 1).
///
/// Examples
/// --------
/// >>> import detente as dt
/// >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
/// >>> rg = dt.RepeatedGame(pd, 0.9)
/// >>> rg.discount
/// [Fraction(9, 10), Fraction(9, 10)]
#[pyclass(module = "detente", name = "RepeatedGame", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyRepeatedGame {
    pub(crate) inner: RepeatedGame,
}

#[pymethods]
impl PyRepeatedGame {
    #[new]
    #[pyo3(signature = (stage, discount, *, continuation = None, horizon = None))]
    fn new(
        stage: PyRef<'_, PyGame>,
        discount: &Bound<'_, PyAny>,
        continuation: Option<&Bound<'_, PyAny>>,
        horizon: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let game = stage.inner.clone();
        let factors = args::rationals(discount, "discount", game.num_players())?;
        let mut rg = match horizon {
            Some(h) => RepeatedGame::finite(game, factors, args::count(h, "horizon", 1)?)?,
            None => RepeatedGame::new_exact(game, factors)?,
        };
        if let Some(p) = continuation {
            rg = rg.with_continuation(args::number(p, "continuation")?)?;
        }
        Ok(Self { inner: rg })
    }

    /// The stage game.
    #[getter]
    fn stage(&self) -> PyGame {
        PyGame {
            inner: self.inner.stage().clone(),
        }
    }

    /// The players' discount factors, as ``fractions.Fraction``.
    #[getter]
    fn discount<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        (0..self.inner.num_players())
            .map(|i| fraction(py, self.inner.exact_discount(i)))
            .collect()
    }

    /// The probability that play continues after each period, as a ``fractions.Fraction``.
    #[getter]
    fn continuation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        fraction(py, self.inner.exact_continuation())
    }

    /// The number of periods, or ``None`` for an infinitely repeated game.
    #[getter]
    fn horizon(&self) -> Option<usize> {
        self.inner.horizon()
    }

    fn __repr__(&self) -> String {
        let factors: Vec<String> = (0..self.inner.num_players())
            .map(|i| format::rational(self.inner.exact_discount(i)))
            .collect();
        let mut text = format!(
            "RepeatedGame({} players, discount=[{}]",
            self.inner.num_players(),
            factors.join(", ")
        );
        if !num_traits::One::is_one(self.inner.exact_continuation()) {
            text += &format!(
                ", continuation={}",
                format::rational(self.inner.exact_continuation())
            );
        }
        if let Some(h) = self.inner.horizon() {
            text += &format!(", horizon={h}");
        }
        text + ")"
    }
}
