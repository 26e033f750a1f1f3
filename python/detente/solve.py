"""Equilibrium solvers and dominance for normal-form games.

Every function takes a :class:`~detente.Game` and returns certified results: each
:class:`~detente.Equilibrium` carries a ``regret`` recomputed from the game by an independent
routine. Long solves release the GIL and stop on Ctrl-C (``KeyboardInterrupt``).
"""

from __future__ import annotations

from detente import _core
from detente._core import Game
from detente._results import EquilibriumList

__all__ = ["pure"]


def pure(game: Game, tol: float = 0.0) -> EquilibriumList:
    """Every pure-strategy Nash equilibrium (or ε-equilibrium with ``tol = ε``).

    A parallel scan over all pure profiles; with ``tol=0`` payoffs are compared exactly.

    Parameters
    ----------
    game : Game
        Any finite game, any number of players.
    tol : float, default 0.0
        Largest gain from a deviation that is still tolerated (finite, ``>= 0``).

    Returns
    -------
    EquilibriumList
        The equilibria in C order of profiles (player 1's action slowest), method ``"pure"``.

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [e.support for e in dt.solve.pure(g)]
    [[[0], [0]], [[1], [1]]]
    """
    return EquilibriumList(_core.solve_pure(game, tol))
