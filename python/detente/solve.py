"""Equilibrium solvers and dominance for normal-form games.

Every function takes a :class:`~detente.Game` and returns certified results: each
:class:`~detente.Equilibrium` carries a ``regret`` recomputed from the game by an independent
routine. Long solves release the GIL and stop on Ctrl-C (``KeyboardInterrupt``).
"""

from __future__ import annotations

import warnings

from collections.abc import Sequence
from typing import Literal, overload

import numpy.typing as npt

from detente import _core, _progress

from detente._core import (
    AllEquilibria,
    Commitment,
    CorrelatedEquilibrium,
    Elimination,
    Equilibrium,
    Game,
    LogitQre,
    Reduction,
    ZeroSumSolution,
)
from detente._results import EquilibriumList

__all__ = [
    "commitment",
    "correlated",
    "default_max_memory",
    "dominance",
    "dominated",
    "enumerate_all",
    "lemke_howson",
    "lemke_howson_all",
    "logit_homotopy",
    "logit_qre",
    "pure",
    "support_enumeration",
    "zero_sum",
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


def dominance(game: Game, strict: bool = True, *, mixed: bool = True) -> Reduction:
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
    game: Game, player: int | str, *, strict: bool = True, mixed: bool = True
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


def zero_sum(game: Game | npt.ArrayLike) -> ZeroSumSolution:
    """The value and a pair of optimal strategies of a two-player zero-sum game.

    Solves von Neumann's maximin linear program for each player (payoffs first mapped onto
    ``[0, 1]`` for numerical stability), cleans the LP's strategies and certifies them: the
    result's ``regret`` is recomputed from the game.

    Parameters
    ----------
    game : Game or array_like
        A two-player game whose payoffs sum to the same constant at every profile, or the row
        player's payoff matrix ``A`` (the column player gets ``-A``).

    Returns
    -------
    ZeroSumSolution
        ``.value`` (the row player's value), ``.strategies`` (two numpy arrays),
        ``.equilibrium`` (an :class:`~detente.Equilibrium`) and ``.regret``.

    Raises
    ------
    InvalidGameError
        If the game does not have two players or is not constant-sum.

    Examples
    --------
    >>> import detente as dt
    >>> s = dt.solve.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])  # rock, paper, scissors
    >>> abs(s.value) < 1e-9, s.strategies[0].round(9).tolist()
    (True, [0.333333333, 0.333333333, 0.333333333])
    >>> s.regret < 1e-9
    True
    """
    return _core.solve_zero_sum(game)


def correlated(
    game: Game, objective: str | Sequence[float] = "welfare", *, coarse: bool = False
) -> CorrelatedEquilibrium:
    """A correlated (or coarse correlated) equilibrium optimising an objective, any players.

    One linear program over the distribution on pure profiles: no player told its own action
    gains by switching (correlated, Aumann 1974), or no player gains by ignoring the
    recommendation altogether (coarse). Deviation gains and payoffs are recomputed from the
    distribution and the game, not taken from the LP.

    Parameters
    ----------
    game : Game
        Any finite game with at most 10**6 pure profiles (10**4 profiles take seconds).
    objective : {"welfare", "none", "max_min"} or sequence of float, default "welfare"
        Maximise the sum of payoffs, nothing (any equilibrium), the smallest payoff, or a
        weighted sum with one weight per player.
    coarse : bool, default False
        A coarse correlated equilibrium instead of a correlated one.

    Returns
    -------
    CorrelatedEquilibrium
        ``.distribution`` (numpy array of the game's action shape), ``.payoffs``,
        ``.regret`` (the largest gain of a forbidden deviation, 0 at an exact equilibrium), ``.method`` and ``.objective_value``.

    Examples
    --------
    >>> import detente as dt
    >>> chicken = dt.Game.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    >>> ce = dt.solve.correlated(chicken)
    >>> ce.distribution.round(9).tolist(), round(ce.objective_value, 9)
    ([[0.5, 0.25], [0.25, 0.0]], 10.5)
    >>> ce.regret < 1e-9
    True
    """
    return _core.solve_correlated(game, objective, coarse)


def commitment(game: Game, leader: int | str = 0) -> Commitment:
    """The leader's optimal commitment to a mixed strategy (strong Stackelberg equilibrium).

    For each follower action, a linear program finds the leader's best mixed strategy that
    makes the action a best response (Conitzer & Sandholm 2006); the best one wins, with the
    follower breaking ties in the leader's favour. Payoffs are recomputed from the game.

    Parameters
    ----------
    game : Game
        A two-player game.
    leader : int or str, default 0
        The committing player (index or name).

    Returns
    -------
    Commitment
        ``.leader``, ``.leader_strategy`` (numpy array), ``.follower_action`` and ``.payoffs``
        (indexed by player).

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[1, 3], [0, 2]], [[1, 0], [0, 1]])
    >>> c = dt.solve.commitment(g, leader=0)
    >>> c.leader_strategy.round(9).tolist(), c.follower_action, c.payoffs.round(9).tolist()
    ([0.5, 0.5], 1, [2.5, 0.5])
    """
    return _core.solve_commitment(game, leader)


@overload
def lemke_howson(
    game: Game,
    label: int = 0,
    *,
    exact: bool = False,
    max_pivots: int | None = None,
    progress: bool | None = None,
) -> Equilibrium: ...
@overload
def lemke_howson(
    game: Game,
    label: Literal["all"],
    *,
    exact: bool = False,
    max_pivots: int | None = None,
    progress: bool | None = None,
) -> EquilibriumList: ...
def lemke_howson(
    game: Game,
    label: int | Literal["all"] = 0,
    *,
    exact: bool = False,
    max_pivots: int | None = None,
    progress: bool | None = None,
) -> Equilibrium | EquilibriumList:
    """A Nash equilibrium of a two-player game by the Lemke-Howson algorithm.

    Complementary pivoting on the two best-response polytopes (Lemke & Howson 1964; von
    Stengel 2002): starting from the artificial equilibrium, the algorithm drops ``label``
    and follows the path of almost completely labelled points to an equilibrium. Degenerate
    games are handled by the lexicographic minimum-ratio test, so paths never cycle. Each
    label gives one equilibrium; some equilibria are reachable from no label (Shapley 1974),
    so ``label="all"`` finds several but not necessarily all of them.

    Parameters
    ----------
    game : Game
        A two-player game with ``m`` row and ``n`` column actions.
    label : int or "all", default 0
        The dropped label: ``0 .. m-1`` are the row player's actions, ``m .. m+n-1`` the
        column player's. ``"all"`` runs every label in parallel and returns the distinct
        equilibria found.
    exact : bool, default False
        Exact fraction-free integer pivoting instead of floating point (machine integers
        while the numbers fit, big integers after; slower than floats), on the
        game's exact payoffs (as given for a game given exactly, the floats' binary values
        otherwise); ``strategies`` are the exact equilibrium rounded to the nearest floats,
        ``exact_strategies`` and ``exact_payoffs`` the fractions themselves.
    max_pivots : int, optional
        Pivot cap per path; by default ``max(100_000, 10 * (m + n)**2)``, which grows with
        the game (random 200×200 games have paths of about 200 000 pivots). Reaching it
        raises :class:`~detente.SolverError` for one label; for ``"all"`` see
        :func:`lemke_howson_all`.
    progress : bool or None, default None
        For ``label="all"``: a progress bar of the labels done out of ``m + n`` (see
        :func:`lemke_howson_all`). One path has no bar.

    Returns
    -------
    Equilibrium or EquilibriumList
        One equilibrium (method ``"lemke_howson"``) for an integer label; for ``"all"`` the
        distinct equilibria, sorted by the players' probabilities.

    Raises
    ------
    InvalidGameError
        If the game does not have exactly two players.
    ValueError
        For a label outside ``0 .. m+n-1`` or a ``max_pivots`` below 1.
    SolverError
        If the path needs more than ``max_pivots`` pivots (for ``"all"``: every path).

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> dt.solve.lemke_howson(g, label=0).support
    [[0], [0]]
    >>> pennies = dt.Game.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> eq = dt.solve.lemke_howson(pennies, exact=True)
    >>> [s.tolist() for s in eq.strategies], eq.regret
    ([[0.5, 0.5], [0.5, 0.5]], 0.0)
    """
    if isinstance(label, str):
        if label != "all":
            raise ValueError(f'label must be an action index or "all", got {label!r}')
        warnings.warn(
            'lemke_howson(g, label="all") is deprecated: call lemke_howson_all(g), which always '
            "returns an EquilibriumList (lemke_howson always returns one Equilibrium)",
            DeprecationWarning,
            stacklevel=2,
        )
        return lemke_howson_all(game, exact=exact, max_pivots=max_pivots, progress=progress)
    if progress is not None:
        _progress.progress_wanted(progress)  # one path has no bar; a bad value is refused
    return _core.solve_lemke_howson(game, label, exact, max_pivots)


def lemke_howson_all(
    game: Game,
    *,
    exact: bool = False,
    max_pivots: int | None = None,
    progress: bool | None = None,
) -> EquilibriumList:
    """The distinct equilibria Lemke-Howson reaches from each of the ``m + n`` labels, in parallel.

    Some equilibria are reachable from no label (Shapley 1974), so this is not necessarily
    every equilibrium: :func:`enumerate_all` finds them all. A path that reaches
    ``max_pivots`` does not discard what the others found: its label is listed in the
    result's ``stopped_labels`` and named in a :class:`RuntimeWarning`.

    Parameters
    ----------
    game : Game
        A two-player game.
    exact : bool, default False
        Exact integer pivoting instead of floating point.
    max_pivots : int, optional
        Pivot cap per path; by default ``max(100_000, 10 * (m + n)**2)``.
    progress : bool or None, default None
        A progress bar of the labels whose paths are done, out of ``m + n``: ``True`` always, ``False`` never, ``None`` only in an
        interactive session (Jupyter, or a terminal; never in CI or captured logs; see the
        README's "Progress bars"). The result is the same either way.

    Returns
    -------
    EquilibriumList
        The distinct equilibria of the paths that finished (method ``"lemke_howson"``),
        sorted by the players' probabilities. Its attribute ``stopped_labels`` lists the
        labels whose paths reached ``max_pivots`` (empty if none did).

    Warns
    -----
    RuntimeWarning
        If some paths reached ``max_pivots``, naming their labels.

    Raises
    ------
    SolverError
        If every path reached ``max_pivots``.

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> eqs = dt.solve.lemke_howson_all(g)
    >>> [e.support for e in eqs], eqs.stopped_labels
    ([[[1], [1]], [[0], [0]]], [])
    """
    found, stopped = _core.solve_lemke_howson_all(game, exact, max_pivots, progress=progress)
    result = EquilibriumList(found)
    result.stopped_labels = stopped
    if stopped:
        warnings.warn(
            f"lemke_howson_all: the paths from label(s) {stopped} reached the pivot cap "
            "(max_pivots) before an equilibrium; the result holds what the other labels found "
            "(raise max_pivots to finish them)",
            RuntimeWarning,
            stacklevel=2,
        )
    return result


def enumerate_all(
    game: Game,
    exact: bool = True,
    *,
    max_vertices: int = 1_000_000,
    max_memory: int | None = None,
    progress: bool | None = None,
) -> AllEquilibria:
    """Every extreme Nash equilibrium of a two-player game, and the components they form.

    The equilibria of a bimatrix game are finitely many convex sets (maximal Nash subsets);
    their vertices are the *extreme* equilibria, and overlapping sets form connected
    *components*. The vertices of a best-response polytope are enumerated and each is paired
    with the only vertex of the other that could complete its labels (when the searched
    polytope is simple); otherwise the vertices of both polytopes are enumerated (a
    lexicographic pivoting search, correct on degenerate games: continua, unequal supports,
    all-zero payoffs) and the completely labelled pairs kept; the maximal Nash subsets are the
    maximal cliques of the graph of compatible extreme equilibria (Avis, Rosenberg, Savani and
    von Stengel 2010, as Gambit's ``enummixed -c``).

    Parameters
    ----------
    game : Game
        A two-player game with at most 128 actions in total.
    exact : bool, default True
        Exact rational arithmetic on the game's exact payoffs (as given for a game given
        exactly, e.g. a file's ``2/7``; the floats' binary values otherwise); each equilibrium
        carries ``exact_strategies`` and ``exact_payoffs``. ``False``
        searches in floats with tolerance 1e-9, much faster (for nondegenerate games only one
        polytope is searched, partners found by a linear solve); every equilibrium it returns
        is still certified exactly (re-derived in rational arithmetic from its supports, exact
        regret zero) and is its exact strategies rounded to floats, with exact enumeration as
        the fallback if a certificate fails. ``.exact_strategies`` stays ``None``. On
        degenerate games float mode can, in rare near-ties, miss equilibria.
    max_vertices : int, default 1_000_000
        Cap on the bases visited per polytope; a ``SolverError`` says when it is reached.
    max_memory : int or None, default None
        Memory budget in bytes for what the search keeps (bases seen, vertices, tableaux,
        equilibria, cliques), counted before or as it is allocated: a search that would need
        more stops with a ``SolverError`` naming ``max_memory``, instead of exhausting the
        machine's memory. ``None``: :func:`default_max_memory`, read at the call (a quarter of
        physical memory, less under ``ulimit -v`` or a container's memory limit).
    progress : bool or None, default None
        A progress bar of the bases searched so far (their number is not known in
        advance: the bar shows the count and the rate): ``True`` always, ``False`` never,
        ``None`` only in an interactive session (Jupyter, or a terminal; never in CI or captured logs; see the
        README's "Progress bars"). The result is the same either way.

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
    return _core.solve_enumerate_all(game, exact, max_vertices, max_memory, progress=progress)


def default_max_memory() -> int:
    """The default memory budget of :func:`enumerate_all`, in bytes, read from the machine now.

    A quarter of the physical memory (4 GiB where it cannot be read), and at most half of what
    the process may still map under its address-space limit (``ulimit -v``,
    ``resource.RLIMIT_AS``) or use under its control group's memory limit (containers,
    JupyterHub). The quarter leaves room for the interpreter, your own data and other
    processes; the halves leave room for what the budget does not count (allocator slack,
    thread stacks, converting the result), so that reaching a limit raises an error rather
    than killing the kernel.

    Examples
    --------
    >>> import detente as dt
    >>> dt.solve.default_max_memory() > 0
    True
    """
    return _core.solve_default_max_memory()


def logit_homotopy(
    game: Game, tol: float = 1e-9, *, max_steps: int = 100_000, max_lambda: float = 1e10
) -> Equilibrium:
    """One Nash equilibrium of any finite game, by the logit homotopy, polished by Newton.

    The principal branch of logit quantal response equilibria (see :func:`logit_qre`) is
    traced from the uniform profile at ``λ = 0`` towards ``λ → ∞``, where it converges to a
    Nash equilibrium (McKelvey & Palfrey 1995; Turocy 2005): a globally convergent method
    for games with any number of players. Each time ``λ`` doubles, the support is read off
    the current profile and the indifference equations on it are solved by Newton's method,
    which typically gives regrets near ``1e-12`` times the payoff range. Each player's payoffs
    are first mapped onto ``[0, 1]`` on their own, which changes no equilibrium: multiplying
    one player's payoffs by ``1e9`` (or shifting them) gives the same result.

    Parameters
    ----------
    game : Game
        Any finite game.
    tol : float, default 1e-9
        Largest regret accepted for the result, relative to each player's payoff range: every
        player ``i`` ends with ``regret_i <= tol * (max_i - min_i)`` over that player's own
        payoffs (regrets are in each player's payoff units, so an absolute tolerance would
        mean different things for players on different scales).
    max_steps : int, default 100000
        Cap on continuation steps.
    max_lambda : float, default 1e10
        Cap on ``λ``, in units of each player's reciprocal payoff range.

    Returns
    -------
    Equilibrium
        Method ``"logit_homotopy"``; ``g.regret(eq.strategies)[i] <= tol`` times player
        ``i``'s payoff range (recomputed from the game).

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
    tol: float = 1e-9,
    *,
    max_profiles: int = 1_000_000,
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
        Method ``"support_enumeration"``.

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [[s.round(4).tolist() for s in e.strategies] for e in dt.solve.support_enumeration(g)]
    [[[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]], [[0.6667, 0.3333], [0.3333, 0.6667]]]
    """
    if isinstance(tol, int) and not isinstance(tol, bool) and tol >= 1:
        raise TypeError(
            f"support_enumeration's second argument is tol (a float), got the int {tol}; pass "
            "max_profiles by keyword: support_enumeration(g, max_profiles=...)"
        )
    return EquilibriumList(_core.solve_support_enumeration(game, tol, max_profiles, starts, seed))


def logit_qre(game: Game, lambdas: Sequence[float], *, max_steps: int = 100_000) -> LogitQre:
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
        ``.lambdas``, ``.strategies`` (per ``λ``, one numpy array per player) and ``.regret``
        (one per ``λ``);
        ``.log_likelihood(counts)`` scores observed action counts at each ``λ`` (to fit ``λ``).

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> q = dt.solve.logit_qre(g, [0, 1, 100])
    >>> q.strategies[0][0].tolist(), bool(q.regret[2] < q.regret[1])
    ([0.5, 0.5], True)
    """
    return _core.solve_logit_qre(game, [float(x) for x in lambdas], max_steps)
