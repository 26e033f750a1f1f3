"""Learning dynamics run from many starts in parallel: best responses, fictitious play, replicator.

Dynamics are not equilibrium solvers: they model how players adapt, and may cycle. Each
function returns a :class:`DynamicsResult`, a list of :class:`~detente.Run` objects (one per
start) that reports for every run whether it converged, the cycle it fell into, the
iterations used, and the ``regret`` of its final profile recomputed from the game (0 at a Nash
equilibrium). Runs execute in parallel in Rust; for a fixed ``seed`` the results do not depend
on the number of threads. Long runs release the GIL and stop on Ctrl-C.

``starts`` is either a number of random starting profiles drawn from ``seed`` (pure profiles
for best-response dynamics, interior mixed ones otherwise) or a list of profiles (each a list
with one action index, label or probability vector per player).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from detente import _core
from detente._core import Game, Run

__all__ = ["DynamicsResult", "best_response", "fictitious_play", "replicator"]

_Starts = int | Sequence[Sequence[Any]]


class DynamicsResult(list[Run]):
    """A list of :class:`~detente.Run` (one per start) with summaries.

    ``limits()`` groups the runs by where they ended; ``to_frame()`` gives one row per run;
    in Jupyter the result renders as the table of limits.
    """

    def limits(self, tol: float = 1e-6) -> list[dict[str, Any]]:
        """The distinct outcomes, most frequent first.

        Runs are grouped when they fell into the same cycle, or when their final profiles
        differ by at most ``tol`` in every probability (and agree on ``converged``). Each
        group is a dict with keys ``profile`` (list of arrays, the first run's final profile),
        ``describe`` (the profile in words), ``cycle``, ``runs`` (how many), ``converged`` and
        ``regret`` (the largest in the group).
        """
        return _core.dynamics_limits(list(self), tol)

    def to_frame(self) -> Any:
        """One row per run, player and action (needs pandas).

        Columns: ``run``, ``player``, ``action``, ``start``, ``probability`` (final),
        ``payoff``, ``converged``, ``cycle_length``, ``iterations``, ``regret``.
        """
        return _core.dynamics_frame(list(self))

    def __repr__(self) -> str:
        converged = sum(r.converged for r in self)
        cycles = sum(r.cycle is not None for r in self)
        return (
            f"DynamicsResult({len(self)} runs: {converged} converged, {cycles} cycled, "
            f"{len(self.limits())} distinct outcomes)"
        )

    def _repr_html_(self) -> str:
        if not self:
            return "<p>no runs</p>"
        limits = self.limits()
        body = "".join(
            "<tr>"
            + f"<td>{lim['runs']}</td>"
            + f"<td>{'yes' if lim['converged'] else 'no'}</td>"
            + f"<td>{html.escape('' if lim['cycle'] is None else str(len(lim['cycle'])))}</td>"
            + f"<td>{lim['regret']:.3g}</td>"
            + f"<td>{html.escape('; '.join(lim['describe']))}</td>"
            + "</tr>"
            for lim in limits
        )
        return (
            f"<p>{html.escape(repr(self))}</p><table><thead><tr><th>runs</th><th>converged</th>"
            f"<th>cycle length</th><th>max regret</th><th>final profile (first run)</th></tr>"
            f"</thead><tbody>{body}</tbody></table>"
        )


def best_response(
    game: Game,
    starts: _Starts = 256,
    *,
    seed: int = 7,
    max_iter: int = 1000,
    mode: Literal["simultaneous", "sequential"] = "simultaneous",
    trajectory: bool = False,
) -> DynamicsResult:
    """Best-response dynamics on pure profiles, with cycle detection.

    At each update a player switches to a best response to the others' current actions:
    all players at once (``mode="simultaneous"``) or one after another in index order
    (``"sequential"``). Ties: a player keeps its action if it is a best response, else takes
    the lowest-indexed best response. A run converges at a pure Nash equilibrium; otherwise
    it ends in a cycle, reported exactly (``run.cycle``: the profiles of one period, starting
    at the smallest; for ``"sequential"`` entry ``j`` is the profile when player
    ``j mod N`` moves), or stops after ``max_iter`` updates.

    Parameters
    ----------
    game : Game
    starts : int or list of profiles, default 256
        Number of random pure starting profiles, or the profiles themselves.
    seed : int, default 7
        Seed of the random starts (results do not depend on the thread count).
    max_iter : int, default 1000
        Largest number of updates per run.
    mode : {"simultaneous", "sequential"}
    trajectory : bool, default False
        Record the visited profiles (``run.trajectory``, one one-hot row per state).

    Returns
    -------
    DynamicsResult

    Examples
    --------
    >>> import detente as dt
    >>> pennies = dt.Game.zero_sum([[1, -1], [-1, 1]])
    >>> runs = dt.dynamics.best_response(pennies, starts=8)
    >>> runs[0].cycle
    [(0, 0), (0, 1), (1, 1), (1, 0)]
    >>> stag = dt.Game.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    >>> runs = dt.dynamics.best_response(stag, starts=32, mode="sequential")
    >>> all(r.converged and r.regret == 0 for r in runs)
    True
    """
    return DynamicsResult(
        _core.dynamics_best_response(game, starts, seed, max_iter, mode, trajectory)
    )


def fictitious_play(
    game: Game,
    starts: _Starts = 64,
    *,
    seed: int = 7,
    max_iter: int = 10_000,
    tol: float = 1e-3,
    mode: Literal["simultaneous", "sequential"] = "simultaneous",
    trajectory: bool = False,
) -> DynamicsResult:
    """Fictitious play (Brown 1951): best responses to the others' empirical mixtures.

    Each player's empirical mixture counts its start as one observation; at each update
    every player (``"simultaneous"``) or each in turn (``"sequential"``, alternating) plays
    a best response (lowest index on ties) to the others' mixtures. A run converges when the
    max regret of the empirical profile is at most ``tol``. Convergence is guaranteed in
    zero-sum games (Robinson 1951), 2×2 games and potential games, but not in general: in
    Shapley's 3×3 game the mixtures cycle forever. Two-player games update the action values
    incrementally, ``O(n_1 + n_2)`` per iteration.

    Parameters
    ----------
    game : Game
    starts : int or list of profiles, default 64
        Number of random interior starting beliefs, or the profiles themselves.
    seed : int, default 7
    max_iter : int, default 10000
        Largest number of updates per run.
    tol : float, default 1e-3
        Regret at which a run stops as converged.
    mode : {"simultaneous", "sequential"}
    trajectory : bool, default False
        Record the empirical profile after every update (``run.trajectory``, shape
        ``(iterations + 1, sum of action counts)``).

    Returns
    -------
    DynamicsResult

    Examples
    --------
    >>> import detente as dt
    >>> rps = dt.Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    >>> runs = dt.dynamics.fictitious_play(rps, starts=8, tol=0.05, max_iter=100_000)
    >>> all(r.converged and r.regret <= 0.05 for r in runs)
    True
    """
    return DynamicsResult(
        _core.dynamics_fictitious_play(game, starts, seed, max_iter, tol, mode, trajectory)
    )


def replicator(
    game: Game,
    starts: _Starts = 64,
    *,
    seed: int = 7,
    dt: float = 0.05,
    max_iter: int = 100_000,
    tol: float = 1e-6,
    population: Literal["multi", "single"] = "multi",
    method: Literal["rk4", "euler"] = "rk4",
    trajectory: bool = False,
) -> DynamicsResult:
    """Replicator dynamics (Taylor & Jonker 1978), integrated in steps of ``dt``.

    ``population="multi"``: one population per player (any number of players),
    ``dx_ia/dt = x_ia (v_i(a) - x_i·v_i)``. ``population="single"``: one population playing a
    symmetric two-player game against itself, ``dx_a/dt = x_a ((Ax)_a - x·Ax)``, profile
    ``(x, x)``; the game must be symmetric. Steps are RK4 (default) or Euler; shares pushed
    below 0 are clipped and renormalised. A run converges when the max regret is at most
    ``tol``.

    Parameters
    ----------
    game : Game
    starts : int or list of profiles, default 64
        Number of random interior starting profiles (symmetric ones for ``"single"``), or
        the profiles themselves. With ``"single"`` a start may also be the population's
        shares alone (``[0.9, 0.1]`` for ``([0.9, 0.1], [0.9, 0.1])``, as nashpy's ``y0``):
        a flat list of numbers, one per action, not all integers (a list of integers stays
        a profile of action indices).
    seed : int, default 7
    dt : float, default 0.05
        Step size, ``> 0``.
    max_iter : int, default 100000
        Largest number of steps per run.
    tol : float, default 1e-6
    population : {"multi", "single"}
    method : {"rk4", "euler"}
    trajectory : bool, default False
        Record the profile after every step.

    Returns
    -------
    DynamicsResult

    Examples
    --------
    >>> import detente as dt
    >>> hawk_dove = [[-2, 2], [0, 1]]           # V = 2, C = 6: the ESS plays Hawk V/C = 1/3
    >>> g = dt.Game.from_bimatrix(hawk_dove, [[-2, 0], [2, 1]])
    >>> runs = dt.dynamics.replicator(g, starts=4, population="single")
    >>> [round(float(r.strategies[0][0]), 4) for r in runs]
    [0.3333, 0.3333, 0.3333, 0.3333]
    """
    if population == "single" and not isinstance(starts, int):
        starts = [_symmetric_start(game, start) for start in starts]
    return DynamicsResult(
        _core.dynamics_replicator(
            game, starts, seed, dt, max_iter, tol, population, method, trajectory
        )
    )


def _symmetric_start(game: Game, start: Any) -> Any:
    """One population's shares ``x`` as the profile ``(x, x)``; any other start unchanged.

    A start counts as shares when it is a flat sequence of numbers, one per action of the
    (symmetric, two-player) game, at least one of them not an integer: a list of integers
    stays a profile of action indices, as everywhere else.
    """
    if isinstance(start, str) or not isinstance(start, Sequence | np.ndarray):
        return start
    items = list(start)
    if len(items) != game.shape[0] or len(items) < 2:
        return start
    numbers = (int, float, Fraction, np.integer, np.floating)
    if not all(isinstance(x, numbers) and not isinstance(x, bool) for x in items):
        return start
    if all(isinstance(x, int | np.integer) for x in items):
        return start
    return [items, items]
