"""Equilibrium solvers and dominance for normal-form games.

Every function takes a :class:`~detente.Game` and returns certified results: each
:class:`~detente.Equilibrium` carries a ``regret`` recomputed from the game by an independent
routine. Long solves release the GIL and stop on Ctrl-C (``KeyboardInterrupt``).
"""

from __future__ import annotations

from detente import _core
from detente._core import AllEquilibria, Elimination, Game, Reduction
from detente._results import EquilibriumList

__all__ = ["dominance", "dominated", "enumerate_all", "pure"]


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


def dominance(game: Game, strict: bool = True, mixed: bool = True) -> Reduction:
    """Iterated elimination of dominated actions, for any number of players.

    An action is *strictly* dominated if another (mixed) strategy of the same player pays
    more against every profile of the others, and *weakly* dominated if it pays at least as
    much everywhere and more somewhere. Pure dominators are checked exactly; mixed ones by a
    linear program whose answer is then re-verified on the payoffs. Strictly dominated actions
    are removed a player's whole set at a time (the order does not matter); weakly dominated
    ones one at a time (the order matters, and is recorded).

    Parameters
    ----------
    game : Game
    strict : bool, default True
        Strict dominance if True, weak dominance if False.
    mixed : bool, default True
        Also consider mixed dominators (needed, e.g., for Gambit's ``mixdom.nfg``).

    Returns
    -------
    Reduction
        ``.game`` (the reduced game, labels kept), ``.kept`` (original action indices per
        player) and ``.eliminated`` (the :class:`~detente.Elimination` steps in order: round,
        player, action, dominator). ``.to_frame()`` gives a DataFrame.

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                           actions=[["C", "D"], ["C", "D"]])
    >>> r = dt.solve.dominance(g)
    >>> [(e.player, e.action, e.dominated_by) for e in r.eliminated]
    [('P1', 'C', 'D'), ('P2', 'C', 'D')]
    >>> r.game.shape
    [1, 1]
    """
    return _core.solve_dominance(game, strict, mixed)


def dominated(
    game: Game, player: int | str, strict: bool = True, mixed: bool = True
) -> list[Elimination]:
    """The actions of ``player`` dominated in ``game`` as it stands (no iteration).

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[3, 0], [1, 1], [0, 3]], [[0, 0], [0, 0], [0, 0]],
    ...                           actions=[["Top", "Middle", "Bottom"], ["L", "R"]])
    >>> [e.dominated_by for e in dt.solve.dominated(g, 0)]
    ['0.5·Top + 0.5·Bottom']
    >>> dt.solve.dominated(g, 0, mixed=False)
    []
    """
    return _core.solve_dominated(game, player, strict, mixed)


def enumerate_all(
    game: Game, exact: bool = True, max_vertices: int = 1_000_000
) -> AllEquilibria:
    """Every extreme Nash equilibrium of a two-player game, and the components they form.

    The equilibria of a bimatrix game are finitely many convex sets (maximal Nash subsets);
    their vertices are the *extreme* equilibria, and overlapping sets form connected
    *components*. The vertices of both best-response polytopes are enumerated (a
    lexicographic pivoting search, correct on degenerate games: continua, unequal supports,
    all-zero payoffs) and the completely labelled pairs kept; the maximal Nash subsets are the
    maximal cliques of the graph of compatible extreme equilibria (Avis, Rosenberg, Savani and
    von Stengel 2010, as Gambit's ``enummixed -c``).

    Parameters
    ----------
    game : Game
        A two-player game with at most 128 actions in total.
    exact : bool, default True
        Exact rational arithmetic (payoffs read exactly from their float values). ``False``
        uses floats with tolerance 1e-9: faster, but degenerate games may lose equilibria.
    max_vertices : int, default 1_000_000
        Cap on the bases visited per polytope; a ``SolverError`` says when it is reached.

    Returns
    -------
    AllEquilibria
        Behaves like the list of extreme equilibria (``len``, indexing, iteration give
        :class:`~detente.Equilibrium`); ``.equilibria`` is an :class:`EquilibriumList`,
        ``.exact_strategies`` the probabilities as :class:`fractions.Fraction` (``None`` if not
        ``exact``), ``.components`` the :class:`~detente.Component` list (equilibria, vertices
        and cliques, indices as in ``.vertex_pairs``), ``.to_frame()`` a DataFrame.

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> all_eq = dt.solve.enumerate_all(g)
    >>> len(all_eq)
    3
    >>> [str(p) for p in all_eq.exact_strategies[1][0]]
    ['2/3', '1/3']
    >>> z = dt.Game.from_bimatrix([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> [c.cliques for c in dt.solve.enumerate_all(z).components]
    [[([0, 1], [0, 1])]]
    """
    return _core.solve_enumerate_all(game, exact, max_vertices)
