"""Helpers for users' own tests: random games and an equilibrium assertion.

>>> import detente as dt
>>> g = dt.testing.random_game((3, 3), seed=1)
>>> for eq in dt.solve.pure(g):
...     dt.testing.assert_equilibrium(g, eq.strategies)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from detente._core import Game

__all__ = ["assert_equilibrium", "random_game"]


def random_game(
    shape: Sequence[int],
    seed: int | None = None,
    integers: int | None = None,
) -> Game:
    """A game with independent random payoffs.

    Parameters
    ----------
    shape : sequence of int
        Action counts ``(n_1, ..., n_N)``.
    seed : int, optional
        Seed of ``numpy.random.default_rng``.
    integers : int, optional
        If given, payoffs are integers in ``[-integers, integers]`` (many ties: degenerate
        games); otherwise uniform floats in ``[0, 1)``.
    """
    rng = np.random.default_rng(seed)
    full = (*shape, len(shape))
    payoffs = rng.integers(-integers, integers + 1, full) if integers is not None else rng.random(full)
    return Game(payoffs.astype(float))


def assert_equilibrium(
    game: Game, profile: Sequence[npt.ArrayLike | int | str], tol: float = 1e-9
) -> None:
    """Raise ``AssertionError`` unless no player gains more than ``tol`` by deviating.

    The check recomputes every player's regret from the game.
    """
    regret = game.regret(profile)
    worst = int(np.argmax(regret))
    if regret[worst] > tol:
        raise AssertionError(
            f"not an equilibrium: {game.players[worst]} gains {regret[worst]:.3g} by deviating "
            f"(tolerance {tol:g})"
        )
