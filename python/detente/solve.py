"""Equilibrium solvers and dominance for normal-form games.

Every function takes a :class:`~detente.Game` and returns certified results: each
:class:`~detente.Equilibrium` carries a ``regret`` recomputed from the game by an independent
routine. Long solves release the GIL and stop on Ctrl-C (``KeyboardInterrupt``).
"""

from __future__ import annotations

from detente import _core
from collections.abc import Sequence

from detente._core import Elimination, Equilibrium, Game, LogitQre, Reduction
from detente._results import EquilibriumList

__all__ = [
    "dominance",
    "dominated",
    "logit_homotopy",
    "logit_qre",
    "pure",
    "support_enumeration",
]


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


def logit_homotopy(
    game: Game, tol: float = 1e-9, max_steps: int = 100_000, max_lambda: float = 1e10
) -> Equilibrium:
    """One Nash equilibrium of any finite game, by the logit homotopy, polished by Newton.

    The principal branch of logit quantal response equilibria (see :func:`logit_qre`) is
    traced from the uniform profile at ``λ = 0`` towards ``λ → ∞``, where it converges to a
    Nash equilibrium (McKelvey & Palfrey 1995; Turocy 2005): a globally convergent method
    for games with any number of players. Each time ``λ`` doubles, the support is read off
    the current profile and the indifference equations on it are solved by Newton's method,
    which typically gives regrets near ``1e-12`` times the payoff range.

    Parameters
    ----------
    game : Game
        Any finite game.
    tol : float, default 1e-9
        Largest regret accepted for the result (payoff units).
    max_steps : int, default 100000
        Cap on continuation steps.
    max_lambda : float, default 1e10
        Cap on ``λ``, in units of the reciprocal payoff range.

    Returns
    -------
    Equilibrium
        Method ``"logit homotopy"``, ``regret <= tol`` (recomputed from the game).

    Raises
    ------
    SolverError
        If a cap is reached, or the branch cannot be followed (degenerate games), first.

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    >>> eq = dt.solve.logit_homotopy(g)
    >>> eq.regret <= 1e-9, [s.round(6).tolist() for s in eq.strategies]
    (True, [[0.5, 0.5], [0.5, 0.5]])
    """
    return _core.solve_logit_homotopy(game, tol, max_steps, max_lambda)


def support_enumeration(
    game: Game,
    max_profiles: int = 1_000_000,
    tol: float = 1e-9,
    starts: int = 8,
    seed: int = 0,
) -> EquilibriumList:
    """Equilibria of a small game by enumerating support profiles (Porter, Nudelman & Shoham 2008).

    For every support profile (by increasing size, then imbalance), the equations "every
    action in a player's support pays the same, probabilities sum to 1" are solved by Newton's
    method; solutions with regret ``<= tol`` are kept, duplicates dropped.

    For 2 players the systems are linear and every equilibrium of a nondegenerate game is
    found. For 3 or more players they are polynomial: the result holds the isolated
    equilibria that Newton reaches from ``starts`` starts per support — **not** a guarantee
    of completeness. Games with more than ``max_profiles`` support profiles
    ``Π (2^{n_i} - 1)`` are refused with a :class:`SolverError`.

    Parameters
    ----------
    game : Game
    max_profiles : int, default 1_000_000
        Refuse larger games (use :func:`logit_homotopy` for one equilibrium of those).
    tol : float, default 1e-9
        Largest regret accepted (payoff units).
    starts : int, default 8
        Newton starts per support for 3 or more players (uniform first, then random).
    seed : int, default 0
        Seed of the random starts.

    Returns
    -------
    EquilibriumList
        Method ``"support enumeration"``.

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [[s.round(4).tolist() for s in e.strategies] for e in dt.solve.support_enumeration(g)]
    [[[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]], [[0.6667, 0.3333], [0.3333, 0.6667]]]
    """
    return EquilibriumList(_core.solve_support_enumeration(game, tol, max_profiles, starts, seed))


def logit_qre(game: Game, lambdas: Sequence[float], max_steps: int = 100_000) -> LogitQre:
    """Logit quantal response equilibria at increasing precisions ``λ`` (McKelvey & Palfrey 1995).

    At precision ``λ`` each player plays action ``a`` with probability proportional to
    ``exp(λ · u_i(a, σ_{-i}))``. The principal branch is followed from the uniform profile at
    ``λ = 0`` by predictor-corrector continuation, and each requested ``λ`` is hit exactly by
    Newton's method. As ``λ`` grows the profiles approach a Nash equilibrium (regrets shrink).
    If the branch bends back in ``λ``, the first point reaching a requested ``λ`` is given.

    Parameters
    ----------
    game : Game
    lambdas : sequence of float
        Non-decreasing, non-negative precisions (reciprocal payoff units).
    max_steps : int, default 100000
        Cap on continuation steps.

    Returns
    -------
    LogitQre
        ``.lambdas``, ``.profiles`` (per ``λ``, one numpy array per player) and ``.regrets``;
        ``.log_likelihood(counts)`` scores observed action counts at each ``λ`` (to fit ``λ``).

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> q = dt.solve.logit_qre(g, [0, 1, 100])
    >>> q.profiles[0][0].tolist(), bool(q.regrets[2] < q.regrets[1])
    ([0.5, 0.5], True)
    """
    return _core.solve_logit_qre(game, [float(x) for x in lambdas], max_steps)
