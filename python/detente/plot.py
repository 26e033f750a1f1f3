"""Plots of games and results, drawn with matplotlib (``pip install "detente[plot]"``).

Every function draws on the matplotlib ``Axes`` given as ``ax`` (the current axes of
``matplotlib.pyplot`` when ``ax`` is None) and returns that ``Axes``, so that titles, limits
and styles can be changed afterwards, as in seaborn. Importing :mod:`detente` does not import
matplotlib: it is imported by the first call of a function of this module, which raises
``ImportError`` saying ``pip install "detente[plot]"`` when matplotlib is missing.

=========================  ==========================================================
:func:`payoff_table`       a two-player game as a table, both payoffs in each cell,
                           pure equilibria framed, mixed ones as marginal bars
:func:`trajectories`       learning paths (:mod:`detente.dynamics`) on the unit square
                           of a 2×2 game, or on one player's simplex (2 or 3 actions)
:func:`phase_diagram`      the regime of a parameter sweep (a tidy DataFrame) over
                           two parameters
:func:`power_indices`      bars of power indices (Shapley-Shubik, Banzhaf, ...)
:func:`payoff_sets`        feasible, individually rational and equilibrium payoff sets
                           of a two-player :class:`~detente.RepeatedGame` (three
                           players: the first two, in 3D)
:func:`tournament_matrix`  a tournament's payoff matrix as a ranked heatmap
=========================  ==========================================================

Each artist a function draws carries a ``gid`` naming what it shows (``"payoff"`` for the
payoff texts of a table, ``"pure_equilibrium"``, ``"regime"``, ``"power"``, ...: see each
function), so that it can be found again with
``[a for a in ax.get_children() if a.get_gid() == "pure_equilibrium"]``.
"""

from __future__ import annotations

import decimal
import itertools
import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from detente import _core
from detente._core import (
    AllEquilibria,
    CorrelatedEquilibrium,
    Equilibrium,
    Game,
    PowerIndices,
    RepeatedGame,
    Run,
    ShapleyEstimate,
    ZeroSumSolution,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "payoff_sets",
    "payoff_table",
    "phase_diagram",
    "power_indices",
    "tournament_matrix",
    "trajectories",
]

INSTALL = 'pip install "detente[plot]"'

#: Colour of the points of a phase diagram whose computation failed.
ERROR_COLOR = "#9e9e9e"

# Colours of the regimes, in order (matplotlib's tab10, then tab20's lighter shades); the
# grey of tab10 is left out, so that it stays the colour of errors.
_PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
    "#aec7e8",
    "#ffbb78",
    "#98df8a",
    "#ff9896",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#dbdb8d",
    "#9edae5",
]

# Refuse drawings whose artists would not fit in a notebook's memory or patience.
_MAX_CELLS = 1_000_000
_MAX_POINTS = 1_000_000


def _pyplot() -> Any:
    """``matplotlib.pyplot``, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise ImportError(
            f"detente.plot draws with matplotlib, which is not installed: {INSTALL}"
        ) from err
    return plt


def _axes(ax: Any) -> Axes:
    plt = _pyplot()
    if ax is None:
        return plt.gca()
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _number(value: Any, fmt: str | Callable[[Any], str] | None) -> str:
    """``value`` as text: ``fmt`` (a format spec or a callable), else a Fraction as ``3/2``
    and a float with 4 significant digits."""
    if callable(fmt):
        return str(fmt(value))
    if fmt is not None:
        return format(float(value), fmt)
    if isinstance(value, Fraction):
        return str(value)
    return f"{float(value):.4g}"


def _contrast(rgba: Sequence[float]) -> str:
    """Black or white, whichever reads better on ``rgba``."""
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def _edges(centers: np.ndarray, log: bool = False) -> np.ndarray:
    """Cell edges around sorted centres: midpoints, half a step beyond the ends (in
    logarithm when ``log``)."""
    if log:
        return np.power(10.0, _edges(np.log10(centers)))
    if centers.size == 1:
        half = 0.5 if centers[0] == 0 else abs(centers[0]) * 0.1
        return np.array([centers[0] - half, centers[0] + half])
    mid = (centers[1:] + centers[:-1]) / 2
    return np.concatenate(
        [[centers[0] - (mid[0] - centers[0])], mid, [centers[-1] + (centers[-1] - mid[-1])]]
    )


# ---------------------------------------------------------------------------------------------
# Payoff table


def _as_equilibria(equilibria: Any, shape: list[int], what: str) -> list[Equilibrium]:
    """``equilibria`` as a list of Equilibrium of a game of ``shape`` (``what`` names it)."""
    if isinstance(equilibria, Equilibrium):
        found = [equilibria]
    elif isinstance(equilibria, ZeroSumSolution):
        found = [equilibria.equilibrium]
    elif isinstance(equilibria, AllEquilibria) or (
        isinstance(equilibria, Iterable) and not isinstance(equilibria, (str, bytes, Mapping))
    ):
        found = list(equilibria)
    else:
        raise TypeError(
            "equilibria must be an Equilibrium, a ZeroSumSolution or a list of equilibria "
            "(the result of dt.solve.pure or dt.solve.enumerate_all), got "
            f"{type(equilibria).__name__}"
        )
    for k, eq in enumerate(found):
        if not isinstance(eq, Equilibrium):
            raise TypeError(
                f"equilibria[{k}] must be a detente.Equilibrium, got {type(eq).__name__}"
            )
        got = [len(s) for s in eq.strategies]
        if got != list(shape):
            raise ValueError(
                f"equilibria[{k}] has strategies for a game of shape {got}, but {what} "
                f"shape is {list(shape)}: pass the equilibria of this game"
            )
    return found


def _equilibria(game: Game, equilibria: Any) -> list[Equilibrium]:
    if equilibria is None:
        return list(_core.solve_pure(game))
    return _as_equilibria(equilibria, list(game.shape), "the game's")


def payoff_table(
    game: Game,
    equilibria: Any = None,
    *,
    color: str | int | None = "sum",
    ax: Any = None,
    cmap: Any = "Blues",
    fmt: str | Callable[[Any], str] | None = None,
    annotate: bool | None = None,
    mark_color: Any = "crimson",
    mixed_colors: Sequence[Any] | None = None,
    legend: bool = True,
    title: str | None = None,
) -> Axes:
    """Draw a two-player game as a table: both payoffs in each cell, equilibria marked.

    The row player's actions run down the rows, the column player's across the columns
    (their labels on top, like a printed bimatrix); each cell reads ``"row payoff, column
    payoff"`` and is coloured by ``color``. Pure equilibria are framed cells. Each mixed
    equilibrium is drawn as marginal bars: beside every row, a horizontal bar as long as the
    row player's probability of that row (a full cell width for probability 1); under every
    column, a vertical bar as long as the column player's probability of that column; each
    bar is labelled with its probability, and the equilibria are told apart by colour (in
    the legend, ``"mixed equilibrium k"`` with ``k`` the equilibrium's position in
    ``equilibria``).

    Parameters
    ----------
    game : Game
        A two-player game.
    equilibria : Equilibrium, list of Equilibrium, AllEquilibria or ZeroSumSolution, optional
        What to mark: the result of :func:`detente.solve.enumerate_all`,
        :func:`detente.solve.pure`, :func:`detente.solve.zero_sum` or any other solver.
        A :class:`~detente.CorrelatedEquilibrium` (alone or in the list; one per table)
        writes its probability of each cell it uses (``"P = 0.25"``) under the payoffs.
        By default the pure equilibria, computed with :func:`detente.solve.pure`
        (tolerance 0).
    color : {"sum", None} or int or str, default "sum"
        What colours the cells: the sum of the two payoffs, one player's payoff (its index or
        name), or nothing (white cells).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    cmap : str or Colormap, default "Blues"
    fmt : str or callable, optional
        How payoffs are written: a format spec (``".2f"``) or a function of the payoff. By
        default exact games show fractions (``3/2``) and others 4 significant digits.
    annotate : bool, optional
        Whether to write the payoffs (default: when the table has at most 225 cells, 15×15;
        each text costs time to draw).
    mark_color : color, default "crimson"
        Frame of the pure equilibria.
    mixed_colors : list of colors, optional
        Colours of the mixed equilibria's bars (default: matplotlib's colour cycle C1, C2, ...).
    legend : bool, default True
        A legend of the marks, under the table, when there are any.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``. Its artists have gids: ``"payoffs"`` (the cells, a ``QuadMesh``),
        ``"payoff"`` (the texts), ``"pure_equilibrium"`` (the frames),
        ``"mixed_equilibrium"`` (the bars), ``"mixed_probability"`` (their labels) and
        ``"correlated"`` (a correlated equilibrium's probabilities).

    Raises
    ------
    TypeError
        ``game`` is not a :class:`~detente.Game`, or ``equilibria`` not equilibria.
    ValueError
        A game of other than two players or of more than a million cells, equilibria of
        another shape, or an unknown ``color``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import detente as dt
    >>> chicken = dt.Game.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]],
    ...                                 actions=[["Dare", "Chicken"]] * 2)
    >>> ax = dt.plot.payoff_table(chicken, dt.solve.enumerate_all(chicken))
    >>> sorted(t.get_text() for t in ax.texts if t.get_gid() == "payoff")
    ['0, 0', '2, 7', '6, 6', '7, 2']
    >>> len([p for p in ax.patches if p.get_gid() == "pure_equilibrium"])  # (D, C), (C, D)
    2
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    if not isinstance(game, Game):
        raise TypeError(f"game must be a detente.Game, got {type(game).__name__}")
    if game.num_players != 2:
        raise ValueError(
            f"game has {game.num_players} players; payoff_table draws two-player games "
            "(a table has two sides)"
        )
    m, n = game.shape
    if m * n > _MAX_CELLS:
        raise ValueError(
            f"game has {m}×{n} = {m * n} cells, more than payoff_table draws "
            f"({_MAX_CELLS}); draw a restriction (game.restrict)"
        )
    correlated: list[CorrelatedEquilibrium] = []
    if isinstance(equilibria, CorrelatedEquilibrium):
        correlated, equilibria = [equilibria], []
    elif isinstance(equilibria, (list, tuple)):
        correlated = [e for e in equilibria if isinstance(e, CorrelatedEquilibrium)]
        equilibria = [e for e in equilibria if not isinstance(e, CorrelatedEquilibrium)]
    if len(correlated) > 1:
        raise ValueError(
            f"equilibria holds {len(correlated)} correlated equilibria: a table shows one"
        )
    for ce in correlated:
        if np.shape(ce.distribution) != (m, n):
            raise ValueError(
                f"equilibria: the correlated equilibrium's distribution has shape "
                f"{np.shape(ce.distribution)}, the game's {m}×{n}"
            )
    eqs = _equilibria(game, equilibria)
    ax = _axes(ax)
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch, Rectangle

    payoffs = np.asarray(game.payoffs, dtype=float)
    if color is None:
        values = np.zeros((m, n))
        cmap = ListedColormap(["white"])
    elif isinstance(color, str) and color == "sum":
        values = payoffs.sum(axis=-1)
    else:
        players = list(game.players)
        if isinstance(color, str) and color in players:
            player = players.index(color)
        elif isinstance(color, (int, np.integer)) and not isinstance(color, bool):
            player = int(color)
            if not 0 <= player < 2:
                raise ValueError(f"color must be 0 or 1 as a player index, got {player}")
        else:
            raise ValueError(
                f"color must be 'sum', None, a player index (0, 1) or a player's name "
                f"({', '.join(players)}), got {color!r}"
            )
        values = payoffs[..., player]
    finite = values[np.isfinite(values)]
    low, high = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
    if low == high:
        low, high = low - 1, high + 1
    mesh = ax.pcolormesh(
        np.arange(n + 1) - 0.5,
        np.arange(m + 1) - 0.5,
        values,
        cmap=cmap,
        vmin=low,
        vmax=high,
        edgecolors="white",
        linewidth=1.0,
    )
    mesh.set_gid("payoffs")
    colors = mesh.cmap(mesh.norm(values))
    if annotate is None:
        annotate = m * n <= 225
    if annotate:
        exact = game.payoffs_exact
        shown = exact if exact is not None and fmt is None else payoffs
        for i in range(m):
            for j in range(n):
                text = f"{_number(shown[i, j, 0], fmt)}, {_number(shown[i, j, 1], fmt)}"
                ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    color=_contrast(colors[i, j]),
                    gid="payoff",
                )

    handles: list[Any] = []
    for ce in correlated:
        distribution = np.asarray(ce.distribution, dtype=float)
        for i, j in zip(*np.nonzero(distribution > 0)):
            ax.text(j, i + 0.32, f"P = {distribution[i, j]:.3g}", ha="center", va="center",
                    fontsize="x-small", color=_contrast(colors[i, j]), gid="correlated",
                    zorder=4)
        handles.append(
            Patch(color="none", label="P = correlated equilibrium's probability of the cell")
        )
    pure = [e for e in eqs if e.is_pure]
    mixed = [(k, e) for k, e in enumerate(eqs) if not e.is_pure]
    for e in pure:
        i, j = (int(np.argmax(s)) for s in e.strategies)
        ax.add_patch(
            Rectangle(
                (j - 0.5, i - 0.5),
                1,
                1,
                fill=False,
                edgecolor=mark_color,
                linewidth=3,
                gid="pure_equilibrium",
                zorder=3,
            )
        )
    if pure:
        handles.append(
            Patch(fill=False, edgecolor=mark_color, linewidth=3, label="pure equilibrium")
        )

    right, bottom = n - 0.5, m - 0.5
    count = len(mixed)
    if count:
        palette = list(mixed_colors) if mixed_colors is not None else []
        band = 0.8 / count
        for slot, (k, e) in enumerate(mixed):
            colour = palette[slot % len(palette)] if palette else f"C{slot + 1}"
            exact_strategies = e.exact_strategies
            probs = [np.asarray(s, dtype=float) for s in e.strategies]
            labels = (
                [[str(x) for x in s] for s in exact_strategies]
                if exact_strategies is not None
                else [[f"{x:.3g}" for x in s] for s in probs]
            )
            for i, p in enumerate(probs[0]):
                y = i - 0.4 + slot * band
                ax.add_patch(
                    Rectangle(
                        (right + 0.1, y), 0.9 * p, band, color=colour, gid="mixed_equilibrium"
                    )
                )
                ax.text(
                    right + 0.12 + 0.9 * p,
                    y + band / 2,
                    labels[0][i],
                    ha="left",
                    va="center",
                    fontsize="x-small",
                    gid="mixed_probability",
                )
            for j, q in enumerate(probs[1]):
                x = j - 0.4 + slot * band
                ax.add_patch(
                    Rectangle(
                        (x, bottom + 0.1), band, 0.9 * q, color=colour, gid="mixed_equilibrium"
                    )
                )
                ax.text(
                    x + band / 2,
                    bottom + 0.12 + 0.9 * q,
                    labels[1][j],
                    ha="center",
                    va="top",
                    fontsize="x-small",
                    rotation=90 if count > 1 else 0,
                    gid="mixed_probability",
                )
            handles.append(Patch(color=colour, label=f"mixed equilibrium {k}"))
    margin = 1.3 if count else 0.0
    ax.set_xlim(-0.5, right + margin)
    ax.set_ylim(bottom + margin, -0.5)
    ax.set_aspect("equal")
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xticks(range(n), list(game.actions[1]))
    ax.set_yticks(range(m), list(game.actions[0]))
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlabel(game.players[1])
    ax.set_ylabel(game.players[0])
    if title is not None:
        ax.set_title(title, pad=24)
    if legend and handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02),
                  fontsize="small", ncol=min(len(handles), 3), frameon=False)
    return ax


# ---------------------------------------------------------------------------------------------
# Trajectories of learning dynamics


def _runs(runs: Any) -> list[Run]:
    if isinstance(runs, Run):
        found = [runs]
    elif isinstance(runs, Iterable) and not isinstance(runs, (str, bytes, Mapping)):
        found = list(runs)
    else:
        raise TypeError(
            "runs must be a detente.Run or a list of them (the result of a "
            f"detente.dynamics function), got {type(runs).__name__}"
        )
    if not found:
        raise ValueError("runs is empty: pass at least one run")
    for k, run in enumerate(found):
        if not isinstance(run, Run):
            raise TypeError(f"runs[{k}] must be a detente.Run, got {type(run).__name__}")
        if run.trajectory is None:
            raise ValueError(
                f"runs[{k}] has no trajectory: run the dynamics with trajectory=True"
            )
    shape = [len(a) for a in found[0].actions]
    for k, run in enumerate(found[1:], 1):
        if [len(a) for a in run.actions] != shape:
            raise ValueError(f"runs[{k}] is a run of another game than runs[0]")
    return found


#: The corners of the 2-simplex as drawn by :func:`trajectories`: the first action at the
#: bottom left, the second at the bottom right, the third on top.
SIMPLEX_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, math.sqrt(3) / 2]])


def _ternary(p: np.ndarray) -> np.ndarray:
    """Barycentric coordinates (rows of three shares) to points of the drawn triangle."""
    return np.asarray(p, dtype=float) @ SIMPLEX_CORNERS


def trajectories(
    runs: Any,
    player: int | str | None = None,
    *,
    ax: Any = None,
    color: Any = None,
    equilibria: Any = None,
    markers: bool = True,
    linewidth: float = 1.0,
    alpha: float = 0.9,
    max_points: int | None = 10_000,
    title: str | None = None,
) -> Axes:
    """Draw the paths of learning dynamics: on the unit square, or on one player's simplex.

    Takes the runs of :func:`detente.dynamics.best_response`,
    :func:`~detente.dynamics.fictitious_play`, :func:`~detente.dynamics.replicator` or
    :func:`detente.repeated.replicator` run with ``trajectory=True``. What is drawn:

    * a 2×2 game with ``player`` None: the unit square, ``x`` the row player's probability
      of its first action and ``y`` the column player's (best-response paths jump between
      corners);
    * otherwise one player's strategy (``player``, default 0; for one population, as from
      ``population="single"``, any player): with 3 actions, the triangle of mixtures, each
      corner an action (the first bottom left, the second bottom right, the third on top;
      :data:`SIMPLEX_CORNERS`), a mixture drawn at its barycentric position; with 2 actions,
      the probability of the first action (the simplex is the segment ``[0, 1]``, drawn as
      the ``y`` axis) against the step.

    A run's start is a hollow circle and its end a filled one. ``equilibria`` adds stars.

    Parameters
    ----------
    runs : Run or list of Run
        Runs of one game, each with a ``trajectory``.
    player : int or str, optional
        Whose simplex to draw (index or name).
    ax : matplotlib.axes.Axes, optional
    color : color or list of colors, optional
        One colour for every run, or one per run (default: the colour cycle).
    equilibria : Equilibrium, list of Equilibrium, AllEquilibria or ZeroSumSolution, optional
        Points to mark, e.g. from :func:`detente.solve.enumerate_all`.
    markers : bool, default True
        Mark starts and ends.
    linewidth, alpha : float
    max_points : int or None, default 10000
        Longer paths are thinned to about this many points (every ``k``-th state, the
        first and last kept), so that a replicator run of 100,000 steps draws quickly;
        None draws every state.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``; the paths are ``Line2D`` with gid ``"trajectory"`` (in the order of
        ``runs``), the marks gids ``"start"``, ``"end"`` and ``"equilibrium"``.

    Raises
    ------
    TypeError
        ``runs`` are not runs.
    ValueError
        No runs, a run without trajectory, runs of different games, an unknown ``player``,
        or a player with more than 3 actions.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import detente as dt
    >>> pennies = dt.Game.zero_sum([[1, -1], [-1, 1]])
    >>> runs = dt.dynamics.fictitious_play(pennies, starts=2, max_iter=300, trajectory=True)
    >>> ax = dt.plot.trajectories(runs)
    >>> ax.get_xlabel()
    'P(P1 plays a1)'
    >>> rps = dt.Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], actions=[["R", "P", "S"]] * 2)
    >>> runs = dt.dynamics.replicator(rps, starts=1, max_iter=200, trajectory=True)
    >>> ax = dt.plot.trajectories(runs, player=0, ax=matplotlib.pyplot.figure().gca())
    >>> [t.get_text() for t in ax.texts]  # the corners
    ['R', 'P', 'S']
    >>> matplotlib.pyplot.close("all")
    """
    found = _runs(runs)
    if max_points is not None and (
        isinstance(max_points, bool)
        or not isinstance(max_points, (int, np.integer))
        or max_points < 2
    ):
        raise ValueError(f"max_points must be an integer of at least 2 or None, got {max_points!r}")
    first = found[0]
    players = list(first.players)
    actions = [list(a) for a in first.actions]
    shape = [len(a) for a in actions]
    offsets = np.concatenate([[0], np.cumsum(shape)])
    if player is not None:
        if isinstance(player, str):
            if player not in players:
                raise ValueError(
                    f"player {player!r} is not a player of the game ({', '.join(players)})"
                )
            player = players.index(player)
        elif isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            player = int(player)
            if not 0 <= player < len(players):
                raise ValueError(
                    f"player must be between 0 and {len(players) - 1}, got {player}"
                )
        else:
            raise TypeError(f"player must be an index or a name, got {type(player).__name__}")
    eqs = [] if equilibria is None else _as_equilibria(equilibria, shape, "the runs' game's")
    square = player is None and shape == [2, 2]
    if player is None:
        player = 0
    if not square and shape[player] not in (2, 3):
        raise ValueError(
            f"player {players[player]!r} has {shape[player]} actions: trajectories draws a "
            "simplex of 2 or 3 actions (or the unit square of a 2×2 game)"
        )
    ax = _axes(ax)
    if isinstance(color, str) or color is None or not isinstance(color, Sequence):
        colors = [color] * len(found)
    else:
        colors = list(color)
        if len(colors) != len(found):
            raise ValueError(
                f"color has {len(colors)} entries for {len(found)} runs: pass one colour "
                "or one per run"
            )

    def points(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if square:
            return rows[:, offsets[0]], rows[:, offsets[1]]
        own = rows[:, offsets[player] : offsets[player + 1]]
        if shape[player] == 3:
            xy = _ternary(own)
            return xy[:, 0], xy[:, 1]
        return np.arange(len(own), dtype=float), own[:, 0]

    for run, c in zip(found, colors):
        rows = np.asarray(run.trajectory, dtype=float)
        if max_points is not None and len(rows) > max_points:
            step = -(-(len(rows) - 1) // (max_points - 1))  # ceil: at most max_points kept
            keep = np.arange(0, len(rows), step)
            if keep[-1] != len(rows) - 1:
                keep = np.append(keep, len(rows) - 1)
            x, y = points(rows[keep])
            if not square and shape[player] == 2:
                x = keep.astype(float)  # the steps themselves
        else:
            x, y = points(rows)
        (line,) = ax.plot(x, y, color=c, lw=linewidth, alpha=alpha, gid="trajectory")
        if markers:
            colour = line.get_color()
            ax.plot(x[:1], y[:1], "o", mfc="white", mec=colour, ms=6, gid="start", zorder=3)
            ax.plot(x[-1:], y[-1:], "o", color=colour, ms=5, gid="end", zorder=3)
    for k, eq in enumerate(eqs):
        row = np.concatenate([np.asarray(s, dtype=float) for s in eq.strategies])[None, :]
        if square or shape[player] == 3:
            x, y = points(row)
            ax.plot(
                x,
                y,
                "*",
                color="black",
                ms=12,
                gid="equilibrium",
                zorder=4,
                label="equilibrium" if k == 0 else None,
            )
        else:
            ax.axhline(
                float(row[0, offsets[player]]),
                color="black",
                ls=":",
                lw=1,
                gid="equilibrium",
                label="equilibrium" if k == 0 else None,
            )
    if square:
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_aspect("equal")
        ax.set_xlabel(f"P({players[0]} plays {actions[0][0]})")
        ax.set_ylabel(f"P({players[1]} plays {actions[1][0]})")
    elif shape[player] == 3:
        from matplotlib.patches import Polygon

        ax.add_patch(
            Polygon(
                SIMPLEX_CORNERS, closed=True, fill=False, edgecolor="black", lw=1, gid="simplex"
            )
        )
        offsets_text = [(-0.04, -0.05, "right"), (1.04, -0.05, "left"), (0.5, 0.9, "center")]
        for (tx, ty, ha), label in zip(offsets_text, actions[player]):
            ax.text(tx, ty, label, ha=ha, va="center")
        ax.set_xlim(-0.12, 1.12)
        ax.set_ylim(-0.1, 0.95)
        ax.set_aspect("equal")
        ax.set_axis_off()
        if title is None:
            title = f"{players[player]}'s mixture"
    else:
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("step")
        ax.set_ylabel(f"P({players[player]} plays {actions[player][0]})")
    if title is not None:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------------------------
# Phase diagrams of parameter sweeps


def _coordinates(frame: Any, column: str, argument: str) -> np.ndarray:
    """The numeric values of ``frame[column]`` as floats, or a TypeError naming ``argument``."""
    values = frame[column].tolist()
    out = np.empty(len(values))
    for k, v in enumerate(values):
        if v is None or (not isinstance(v, str) and _missing(v)):
            raise ValueError(f"{argument}: column {column!r} has a missing value in row {k}")
        if isinstance(v, bool) or not isinstance(v, (numbers.Real, decimal.Decimal)):
            raise TypeError(
                f"{argument}: column {column!r} must hold numbers, found {v!r} "
                f"({type(v).__name__}) in row {k}"
            )
        out[k] = float(v)
    if not np.all(np.isfinite(out)):
        k = int(np.flatnonzero(~np.isfinite(out))[0])
        raise ValueError(
            f"{argument}: column {column!r} must be finite, found {values[k]!r} in row {k}"
        )
    return out


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value)) if np.ndim(value) == 0 else False
    except (ImportError, TypeError, ValueError):
        return False


def phase_diagram(
    df: Any,
    x: str,
    y: str,
    color: str = "regime",
    *,
    ax: Any = None,
    error: str = "error",
    order: Sequence[str] | None = None,
    palette: Mapping[str, Any] | Sequence[Any] | None = None,
    legend: bool = True,
    marker_size: float | None = None,
    xscale: str = "linear",
    yscale: str = "linear",
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
) -> Axes:
    """Draw the regime of a parameter sweep over two parameters, one colour per regime.

    ``df`` is tidy: one row per grid point (or several: one per equilibrium, as from a sweep
    with an ``equilibrium`` column), a column per parameter, the ``color`` column (the regime,
    a string) and an optional ``error`` column (None or NaN where the point was computed,
    the message where it failed). Rows are grouped by ``(x, y)``: a point is an error when
    any of its rows has one (drawn grey, labelled ``"error"``), otherwise it is labelled by
    its distinct ``color`` values, joined as ``"a + b"`` when its rows differ (missing
    values and ``"none"`` are left out, unless the point has no other: then it is
    ``"none"``).

    A full grid (every ``x`` value with every ``y`` value, spacing free) is drawn as
    filled cells (``pcolormesh``; cell edges halfway between neighbouring values); other
    point sets as a scatter, one square marker per point (a cross for an error).

    Colours are stable: they follow ``order`` (default: the labels sorted by name), so the
    same set of regimes gets the same colours whatever the row order; pass ``order`` (every
    regime of the model) or a ``palette`` dict to keep them across diagrams that show
    different subsets. Errors are always :data:`ERROR_COLOR` and come last in the legend.

    Parameters
    ----------
    df : pandas.DataFrame
        The sweep (e.g. from :func:`detente.sweep`, or a frame built by hand).
    x, y : str
        Columns of numbers (ints, floats, Fractions or Decimals; not booleans): the two
        parameters.
    color : str, default "regime"
        The column of labels.
    ax : matplotlib.axes.Axes, optional
    error : str, default "error"
        The column of error messages (ignored when ``df`` has none).
    order : list of str, optional
        The labels in colour order; labels found in ``df`` and not in ``order`` follow,
        sorted.
    palette : dict or list of colors, optional
        Colours by label, or in the order of ``order`` (default: tab10 without its grey,
        then tab20's light shades).
    legend : bool, default True
        A legend of the labels, right of the axes.
    marker_size : float, optional
        Marker area of a scatter (default 36).
    xscale, yscale : {"linear", "log"}, default "linear"
        Axis scales; on a log scale cell edges lie halfway between neighbouring values in
        logarithm (every value must be positive).
    xlabel, ylabel, title : str, optional
        Axis labels (default: the column names) and title.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``. A grid is a ``QuadMesh`` with gid ``"regime"`` whose array holds each
        cell's index into the legend's labels; a scatter is one collection per label, with
        gid ``"regime"`` and the label as its ``label``.

    Raises
    ------
    TypeError
        ``df`` is not a DataFrame, or ``x``/``y`` hold something else than numbers.
    ValueError
        A missing column (the message lists the columns), an empty frame, or missing or
        non-finite coordinates.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> import detente as dt
    >>> rows = [{"revision_gain": g, "war_cost": w, "error": None,
    ...          "regime": dt.alliance.RestraintGame(revision_gain=g, war_cost=w).regime()}
    ...         for g in (-2.0, 0.5, 2.0) for w in (0.0, 2.0, 4.0)]
    >>> ax = dt.plot.phase_diagram(pd.DataFrame(rows), "revision_gain", "war_cost")
    >>> mesh = [c for c in ax.collections if c.get_gid() == "regime"][0]
    >>> mesh.get_array().size
    9
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['client_alone', 'dilemma', 'stable_deterrence']
    >>> matplotlib.pyplot.close("all")
    """
    try:
        import pandas as pd
    except ImportError as err:  # pragma: no cover
        raise ImportError("phase_diagram reads a pandas DataFrame: pip install pandas") from err
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    for argument, column in (("x", x), ("y", y), ("color", color)):
        if not isinstance(column, str):
            raise TypeError(f"{argument} must be a column name (str), got {type(column).__name__}")
        if column not in df.columns:
            raise ValueError(
                f"{argument}: df has no column {column!r}; its columns are "
                f"{', '.join(map(str, df.columns))}"
            )
    if x == y:
        raise ValueError(f"x and y are the same column {x!r}: pass two parameters")
    if len(df) == 0:
        raise ValueError("df is empty: there is nothing to draw")
    if len(df) > _MAX_POINTS:
        raise ValueError(f"df has {len(df)} rows, more than phase_diagram draws ({_MAX_POINTS})")
    xs = _coordinates(df, x, "x")
    ys = _coordinates(df, y, "y")
    labels = df[color].tolist()
    errors = df[error].tolist() if error in df.columns else [None] * len(df)

    # One label per point: "error" if any of its rows failed, else its distinct labels.
    seen: dict[tuple[float, float], set[str]] = {}
    failed: set[tuple[float, float]] = set()
    for px, py, label, message in zip(xs, ys, labels, errors):
        key = (float(px), float(py))
        seen.setdefault(key, set()).add("none" if _missing(label) else str(label))
        if not (_missing(message) or (isinstance(message, str) and message == "")):
            failed.add(key)
    point_label = {
        key: "error" if key in failed else " + ".join(sorted(found - {"none"} or found))
        for key, found in seen.items()
    }
    present = set(point_label.values()) - {"error"}
    given = [str(o) for o in order] if order is not None else []
    names = [o for o in given if o in present] + sorted(present - set(given))
    colors: dict[str, Any] = {}
    if isinstance(palette, Mapping):
        colors.update({str(k): v for k, v in palette.items()})
        fallback = [c for c in _PALETTE if c not in colors.values()]
    else:
        fallback = list(palette) if palette is not None else list(_PALETTE)
    ranked = given + [n for n in names if n not in given]
    free = iter(fallback * (len(ranked) // max(len(fallback), 1) + 1))
    for name in ranked:
        if name not in colors:
            colors[name] = next(free)
    if "error" in point_label.values():
        names.append("error")
        colors["error"] = ERROR_COLOR

    ax = _axes(ax)
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    for argument, scale, values in (("xscale", xscale, xs), ("yscale", yscale, ys)):
        if scale not in ("linear", "log"):
            raise ValueError(f"{argument} must be 'linear' or 'log', got {scale!r}")
        if scale == "log" and values.min() <= 0:
            raise ValueError(
                f"{argument}='log' needs positive {argument[0]} values, found {values.min()!r}"
            )
    ux = np.unique(xs)
    uy = np.unique(ys)
    code = {name: k for k, name in enumerate(names)}
    handles = [Patch(color=colors[name], label=name) for name in names]
    if len(point_label) == ux.size * uy.size:
        grid = np.empty((uy.size, ux.size))
        col = {v: k for k, v in enumerate(ux)}
        row = {v: k for k, v in enumerate(uy)}
        for (px, py), label in point_label.items():
            grid[row[py], col[px]] = code[label]
        cmap = ListedColormap([colors[name] for name in names])
        norm = BoundaryNorm(np.arange(len(names) + 1) - 0.5, len(names))
        mesh = ax.pcolormesh(
            _edges(ux, xscale == "log"), _edges(uy, yscale == "log"), grid, cmap=cmap, norm=norm
        )
        mesh.set_gid("regime")
    else:
        for name in names:
            at = [key for key, label in point_label.items() if label == name]
            ax.scatter(
                [p[0] for p in at],
                [p[1] for p in at],
                s=36 if marker_size is None else marker_size,
                marker="X" if name == "error" else "s",
                color=colors[name],
                label=name,
                gid="regime",
            )
    ax.set_xscale(xscale)
    ax.set_yscale(yscale)
    ax.set_xlabel(x if xlabel is None else xlabel)
    ax.set_ylabel(y if ylabel is None else ylabel)
    if title is not None:
        ax.set_title(title)
    if legend:
        ax.legend(handles=handles, title=color, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return ax


# ---------------------------------------------------------------------------------------------
# Power indices

_INDEX_NAMES = {
    "shapley_shubik": "Shapley-Shubik index",
    "banzhaf": "Banzhaf index",
    "banzhaf_normalized": "Banzhaf index (normalized)",
    "banzhaf_absolute": "Banzhaf index (absolute)",
    "deegan_packel": "Deegan-Packel index",
    "holler": "Holler index",
    "johnston": "Johnston index",
    "shapley_monte_carlo": "Shapley value (95% interval)",
}


_Series = tuple[np.ndarray, list[str] | None, str | None, np.ndarray | None]


def _series(values: Any, argument: str) -> _Series:
    """Floats, player names, method and interval (low, high rows) of one series of indices."""
    interval = None
    if isinstance(values, PowerIndices):
        players: list[str] | None = list(values.players)
        method: str | None = values.method
        array = np.asarray(values, dtype=float)
    elif isinstance(values, ShapleyEstimate):
        players, method = list(values.players), values.method
        array = np.asarray(values.values, dtype=float)
        interval = np.vstack([np.asarray(values.low, float), np.asarray(values.high, float)])
    else:
        players, method = None, None
        if isinstance(values, (str, bytes, Mapping)):
            raise TypeError(
                f"{argument} must be a PowerIndices result or a list of numbers, got "
                f"{type(values).__name__}"
            )
        try:
            array = np.asarray([float(v) for v in values], dtype=float)
        except TypeError as err:
            raise TypeError(
                f"{argument} must be a PowerIndices result or a list of numbers: {err}"
            ) from None
        except ValueError as err:
            raise TypeError(f"{argument} must hold numbers: {err}") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{argument} must be one number per player, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{argument} must be finite, got {array.tolist()}")
    return array, players, method, interval


def power_indices(
    indices: Any,
    *,
    labels: Sequence[str] | None = None,
    ax: Any = None,
    sort: bool = False,
    color: Any = None,
    horizontal: bool = False,
    values: bool | None = None,
    ylabel: str | None = None,
    title: str | None = None,
) -> Axes:
    """Bar chart of power indices, one bar per player (grouped bars for several indices).

    Parameters
    ----------
    indices : PowerIndices, ShapleyEstimate, list of numbers, or dict of them
        One index (the result of ``shapley_shubik()``, ``banzhaf()``, ... of a
        :class:`~detente.VotingGame`, :class:`~detente.WeightedVotingGame` or
        :class:`detente.alliance.InstitutionalPower`; the array of
        :meth:`~detente.TUGame.shapley`; a Monte-Carlo :class:`~detente.ShapleyEstimate`,
        drawn with its 95% intervals as error bars), or several to compare side by side (e.g.
        ``{"Shapley-Shubik": ss, "Banzhaf": bz, "population": shares}``), all over the same
        players.
    labels : list of str, optional
        Player names (default: the result's players, else ``P1``, ``P2``, ...).
    ax : matplotlib.axes.Axes, optional
    sort : bool, default False
        Order the players by the first index, largest first (ties keep their order).
    color : color or list of colors, optional
        One index: one colour, or one per player (in the order of ``labels``; e.g. to tell
        the veto players apart). Several: one colour per index.
    horizontal : bool, default False
        Horizontal bars (players down the ``y`` axis, the largest on top when sorted).
    values : bool, optional
        Write each bar's value on it (default: one index of at most 10 players).
    ylabel, title : str, optional
        Default: the index's name (``"Shapley-Shubik index"``) when every series is a
        result of the same index, ``"power"`` for one series of numbers, nothing else; no
        title.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``; the bars are ``Rectangle`` patches with gid ``"power"``, in the order of the
        players as drawn (one index after the other when there are several); error bars
        have gid ``"interval"``.

    Raises
    ------
    TypeError
        ``indices`` are not numbers.
    ValueError
        Empty or non-finite indices, series of different lengths or players, or ``labels``
        of the wrong length.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import detente as dt
    >>> g = dt.WeightedVotingGame(5, [4, 2, 1], players=["A", "B", "C"])
    >>> ax = dt.plot.power_indices(g.shapley_shubik())
    >>> [round(float(p.get_height()), 4) for p in ax.patches if p.get_gid() == "power"]
    [0.6667, 0.1667, 0.1667]
    >>> [t.get_text() for t in ax.get_xticklabels()], ax.get_ylabel()
    (['A', 'B', 'C'], 'Shapley-Shubik index')
    >>> matplotlib.pyplot.close("all")
    """
    if isinstance(indices, Mapping):
        if not indices:
            raise ValueError("indices is an empty dict: pass at least one index")
        series = [(str(k), *_series(v, f"indices[{k!r}]")) for k, v in indices.items()]
    else:
        series = [("", *_series(indices, "indices"))]
    n = series[0][1].size
    names: list[str] | None = None
    for key, array, players, *_ in series:
        if array.size != n:
            raise ValueError(
                f"indices[{key!r}] has {array.size} values, the first index {n}: every "
                "index must cover the same players"
            )
        if players is not None:
            if names is not None and players != names:
                raise ValueError(f"indices[{key!r}] is over other players than the first index")
            names = players
    if labels is not None:
        if isinstance(labels, str) or len(labels) != n:
            raise ValueError(f"labels must name the {n} players, got {labels!r}")
        names = [str(label) for label in labels]
    if names is None:
        names = [f"P{i + 1}" for i in range(n)]
    order = np.argsort(-series[0][1], kind="stable") if sort else np.arange(n)
    ax = _axes(ax)
    groups = len(series)
    width = 0.8 / groups
    position = np.arange(n, dtype=float)
    if color is not None and not isinstance(color, str) and isinstance(color, Sequence):
        colors = list(color)
        expected = n if groups == 1 else groups
        if len(colors) != expected:
            raise ValueError(
                f"color has {len(colors)} entries: pass one colour, or one per "
                + ("player" if groups == 1 else "index")
                + f" ({expected})"
            )
    else:
        colors = None
    for g, (key, array, _, _, interval) in enumerate(series):
        shift = (g - (groups - 1) / 2) * width
        if groups == 1:
            c = [colors[i] for i in order] if colors is not None else (color or "C0")
        else:
            c = colors[g] if colors is not None else (color if color is not None else f"C{g}")
        draw = ax.barh if horizontal else ax.bar
        spread = None
        if interval is not None:
            low, high = interval[:, order]
            spread = np.clip(np.vstack([array[order] - low, high - array[order]]), 0, None)
        bars = draw(position + shift, array[order], width, color=c, label=key or None,
                    gid="power", **{"xerr" if horizontal else "yerr": spread},
                    error_kw={"gid": "interval", "ecolor": "black", "capsize": 2})
        for bar in bars:
            bar.set_gid("power")
        if (values is None and groups == 1 and n <= 10) or values:
            for bar, v in zip(bars, array[order]):
                ax.annotate(
                    f"{v:.3g}",
                    (
                        (bar.get_width(), bar.get_y() + bar.get_height() / 2)
                        if horizontal
                        else (bar.get_x() + bar.get_width() / 2, bar.get_height())
                    ),
                    xytext=(3, 0) if horizontal else (0, 2),
                    textcoords="offset points",
                    ha="left" if horizontal else "center",
                    va="center" if horizontal else "bottom",
                    fontsize="x-small",
                    gid="power_value",
                )
    ticks = [names[i] for i in order]
    label = ylabel
    if label is None:
        methods = {m for _, _, _, m, _ in series}
        method = methods.pop() if len(methods) == 1 else None
        label = "" if method is None and groups > 1 else _INDEX_NAMES.get(method or "", "power")
    if horizontal:
        ax.set_yticks(position, ticks)
        ax.invert_yaxis()
        ax.set_xlabel(label)
    else:
        ax.set_xticks(position, ticks, rotation=90 if n > 8 else 0)
        ax.set_ylabel(label)
    if groups > 1:
        ax.legend()
    if title is not None:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------------------------
# Repeated games: payoff sets


def _ordered(vertices: np.ndarray) -> np.ndarray:
    """The vertices of a convex polygon in counter-clockwise order (around their mean)."""
    if len(vertices) < 3:
        return vertices
    center = vertices.mean(axis=0)
    angle = np.arctan2(vertices[:, 1] - center[1], vertices[:, 0] - center[0])
    return vertices[np.argsort(angle, kind="stable")]


def _draw_set(ax: Any, vertices: Any, gid: str, label: str, color: Any, alpha: float) -> None:
    """A convex set by its vertices: a polygon, a segment, a point, or nothing."""
    from matplotlib.patches import Polygon

    v = np.asarray(vertices, dtype=float).reshape(-1, 2)
    v = _ordered(v)
    if len(v) >= 3:
        ax.add_patch(
            Polygon(v, closed=True, facecolor=color, edgecolor=color, alpha=alpha, lw=1.5,
                    gid=gid, label=label)
        )
    elif len(v) == 2:
        ax.plot(v[:, 0], v[:, 1], "-", color=color, lw=3, alpha=max(alpha, 0.8), gid=gid,
                label=label, solid_capstyle="round")
    elif len(v) == 1:
        ax.plot(v[:, 0], v[:, 1], "o", color=color, ms=8, gid=gid, label=label)


#: Most vertices whose convex hull :func:`payoff_sets` builds in 3 dimensions (by checking
#: every plane through three of them); larger sets are drawn as their vertices only.
MAX_HULL_VERTICES = 64


def _plane_basis(normal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two orthonormal vectors spanning the plane orthogonal to ``normal``."""
    helper = np.eye(3)[int(np.argmin(np.abs(normal)))]
    u = np.cross(normal, helper)
    u /= np.linalg.norm(u)
    return u, np.cross(normal, u)


def _ordered_in_plane(points: np.ndarray, normal: np.ndarray) -> np.ndarray:
    """Coplanar points of a convex polygon, in order around their mean."""
    u, v = _plane_basis(normal)
    centered = points - points.mean(axis=0)
    return points[np.argsort(np.arctan2(centered @ v, centered @ u), kind="stable")]


def _hull_faces(vertices: Any, tol: float = 1e-9) -> list[np.ndarray]:
    """The faces of the convex hull of points in 3 dimensions, each an ordered polygon.

    A face is a plane through three of the points with every point on one side (within
    ``tol`` times the points' extent), and all the points on it in order around their
    mean. A flat set (every point on one plane) is one face; a segment or a point has
    none. At most :data:`MAX_HULL_VERTICES` points (every triple is checked).

    Parameters
    ----------
    vertices : array_like, shape (k, 3)
    tol : float, default 1e-9

    Returns
    -------
    list of numpy.ndarray
        One ``(m, 3)`` array per face.

    Examples
    --------
    >>> import detente as dt
    >>> faces = dt.plot._hull_faces([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    >>> len(faces), sorted(len(f) for f in faces)
    (4, [3, 3, 3, 3])
    """
    points = np.unique(np.asarray(vertices, dtype=float).reshape(-1, 3), axis=0)
    k = len(points)
    if k > MAX_HULL_VERTICES:
        raise ValueError(
            f"vertices: {k} points, more than hull_faces checks ({MAX_HULL_VERTICES})"
        )
    if k < 3:
        return []
    scale = max(float(np.abs(points).max()), 1.0)
    eps = tol * scale
    centered = points - points.mean(axis=0)
    _, singular, axes = np.linalg.svd(centered)
    if singular[1] <= eps:
        return []  # a point or a segment
    if singular[2] <= eps:
        return [_ordered_in_plane(points, axes[2])]
    triples = np.array(list(itertools.combinations(range(k), 3)))
    first = points[triples[:, 0]]
    normals = np.cross(points[triples[:, 1]] - first, points[triples[:, 2]] - first)
    lengths = np.linalg.norm(normals, axis=1)
    keep = lengths > eps * scale
    first, normals = first[keep], normals[keep] / lengths[keep, None]
    # side[t, p]: signed distance of point p from the plane of triple t.
    side = np.einsum("pc,tc->tp", points, normals) - np.einsum("tc,tc->t", first, normals)[:, None]
    supporting = (side.max(axis=1) <= eps) | (side.min(axis=1) >= -eps)
    faces: list[np.ndarray] = []
    seen: set[tuple[int, ...]] = set()
    for t in np.flatnonzero(supporting):
        on = tuple(int(x) for x in np.flatnonzero(np.abs(side[t]) <= eps))
        if on not in seen:
            seen.add(on)
            faces.append(_ordered_in_plane(points[list(on)], normals[t]))
    return faces


def _draw_set_3d(ax: Any, vertices: Any, gid: str, label: str, color: Any, alpha: float) -> None:
    """A convex set in 3 dimensions: its hull's faces, a segment, a point, or nothing."""
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection  # type: ignore[import-untyped]

    v = np.unique(np.asarray(vertices, dtype=float).reshape(-1, 3), axis=0)
    if len(v) == 0:
        return
    if len(v) > MAX_HULL_VERTICES:
        ax.scatter(v[:, 0], v[:, 1], v[:, 2], color=color, gid=gid, label=label)
        return
    faces = _hull_faces(v)
    if faces:
        ax.add_collection3d(
            Poly3DCollection(faces, facecolor=color, edgecolor="black", linewidths=0.4,
                             alpha=alpha, gid=gid, label=label)
        )
    elif len(v) >= 2:
        ends = v[[int(np.argmin(v @ (v[-1] - v[0]))), int(np.argmax(v @ (v[-1] - v[0])))]]
        ax.plot(ends[:, 0], ends[:, 1], ends[:, 2], "-", color=color, lw=3, gid=gid, label=label)
    else:
        ax.plot(v[:, 0], v[:, 1], v[:, 2], "o", color=color, ms=8, gid=gid, label=label)



def payoff_sets(
    rg: RepeatedGame,
    equilibrium: Any = None,
    *,
    minmax: str = "mixed",
    ax: Any = None,
    colors: Sequence[Any] = ("#c6dbef", "#6baed6", "#08519c"),
    legend: bool = True,
    title: str | None = None,
) -> Axes:
    """Draw a two-player repeated game's payoff sets: feasible, individually rational,
    equilibrium, and the minmax point.

    From light to dark: the feasible set (:meth:`~detente.RepeatedGame.feasible_set`), its
    individually rational part (:meth:`~detente.RepeatedGame.individually_rational_set`
    with ``minmax``: the folk theorem's set), and the payoffs of the pure-strategy
    subgame-perfect equilibria at the game's discount factor
    (:meth:`~detente.RepeatedGame.equilibrium_payoff_set`), each drawn as a polygon, a
    segment or a point as it is; the minmax payoffs are a black cross.

    Three players: the feasible and individually rational sets in 3D (each the faces of
    its convex hull), on ``ax`` if it is a 3D axes
    (``fig.add_subplot(projection="3d")``), else on a new figure's; the equilibrium payoff
    set is computed for two players only.

    Parameters
    ----------
    rg : RepeatedGame
        Two players (for the equilibrium set: one discount factor, infinite horizon), or
        three.
    equilibrium : bool or EquilibriumPayoffSet, optional
        Draw the equilibrium payoff set: computed with the default method when True (by
        default: for two players), given when a result of ``rg.equilibrium_payoff_set(...)``,
        left out when False.
    minmax : {"mixed", "pure", "correlated"}, default "mixed"
        Which minmax values bound the individually rational set.
    ax : matplotlib.axes.Axes, optional
    colors : three colors
        Of the feasible, individually rational and equilibrium sets.
    legend : bool, default True
        A legend in the upper right corner (above the Pareto frontier, where no payoff is).
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``; the sets carry the gids ``"feasible"``, ``"individually_rational"`` and
        ``"equilibrium"`` (a ``Polygon`` patch, or a ``Line2D`` for a segment or a point;
        in 3D a ``Poly3DCollection`` of faces), the minmax point ``"minmax"``.

    Raises
    ------
    TypeError
        ``rg`` is not a RepeatedGame, or ``equilibrium`` neither a bool nor a result.
    ValueError
        Other than two or three players, an ``ax`` that is not 3D for three, an unknown
        ``minmax``, or what ``equilibrium_payoff_set`` refuses (three players, unequal
        discount factors, a finite horizon: pass ``equilibrium=False``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import detente as dt
    >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> ax = dt.plot.payoff_sets(dt.RepeatedGame(pd, 0.3))
    >>> (triangle,) = [p for p in ax.patches if p.get_gid() == "equilibrium"]
    >>> sorted(map(tuple, triangle.get_xy()[:3].round(6).tolist()))
    [(1.0, 1.0), (1.0, 4.0), (4.0, 1.0)]
    >>> matplotlib.pyplot.close("all")
    """
    if not isinstance(rg, RepeatedGame):
        raise TypeError(f"rg must be a detente.RepeatedGame, got {type(rg).__name__}")
    players = list(rg.stage.players)
    if len(players) not in (2, 3):
        raise ValueError(
            f"rg has {len(players)} players; payoff_sets draws repeated games of two players "
            "(in the plane) or three (in 3D)"
        )
    if not isinstance(minmax, str):
        raise TypeError(f"minmax must be 'mixed', 'pure' or 'correlated', got {minmax!r}")
    if equilibrium is None:
        equilibrium = len(players) == 2
    if isinstance(equilibrium, bool):
        eq_set = rg.equilibrium_payoff_set() if equilibrium else None
    elif type(equilibrium).__name__ == "EquilibriumPayoffSet" and hasattr(equilibrium, "vertices"):
        eq_set = equilibrium
    else:
        raise TypeError(
            "equilibrium must be True, False or the result of rg.equilibrium_payoff_set(), "
            f"got {type(equilibrium).__name__}"
        )
    if isinstance(colors, str) or len(colors) != 3:
        raise ValueError(
            "colors must be three colours: feasible, individually rational, equilibrium"
        )
    feasible = np.asarray(rg.feasible_set(), dtype=float)
    rational = np.asarray(rg.individually_rational_set(minmax), dtype=float)
    point = np.asarray(rg.minmax(minmax).values, dtype=float)
    if len(players) == 3:
        return _payoff_sets_3d(ax, players, feasible, rational, point, minmax, colors,
                               legend, title)
    ax = _axes(ax)
    _draw_set(ax, feasible, "feasible", "feasible", colors[0], 0.6)
    _draw_set(ax, rational, "individually_rational", f"individually rational ({minmax})",
              colors[1], 0.6)
    if eq_set is not None:
        label = "equilibrium payoffs" + (" (empty)" if eq_set.is_empty else "")
        _draw_set(ax, eq_set.vertices, "equilibrium", label, colors[2], 0.8)
        if eq_set.is_empty:
            ax.plot([], [], "s", color=colors[2], gid="equilibrium", label=label)
    ax.plot([point[0]], [point[1]], "x", color="black", ms=9, mew=2, gid="minmax",
            label=f"minmax ({minmax})", zorder=4)
    extent = np.vstack([feasible, point[None, :]])
    low, high = extent.min(axis=0), extent.max(axis=0)
    pad = np.maximum((high - low) * 0.08, 0.5)
    ax.set_xlim(low[0] - pad[0], high[0] + pad[0])
    ax.set_ylim(low[1] - pad[1], high[1] + pad[1])
    ax.set_aspect("equal")
    ax.set_xlabel(f"{players[0]}'s payoff")
    ax.set_ylabel(f"{players[1]}'s payoff")
    if title is not None:
        ax.set_title(title)
    if legend:
        ax.legend(loc="upper right", fontsize="small")
    return ax


def _payoff_sets_3d(
    ax: Any,
    players: list[str],
    feasible: np.ndarray,
    rational: np.ndarray,
    point: np.ndarray,
    minmax: str,
    colors: Sequence[Any],
    legend: bool,
    title: str | None,
) -> Axes:
    plt = _pyplot()
    if ax is None:
        ax = plt.figure().add_subplot(projection="3d")
    else:
        ax = _axes(ax)
        if getattr(ax, "name", "") != "3d":
            raise ValueError(
                "ax: a 3-player game's sets are drawn in 3D; pass "
                "fig.add_subplot(projection='3d') or ax=None"
            )
    _draw_set_3d(ax, feasible, "feasible", "feasible", colors[0], 0.25)
    _draw_set_3d(ax, rational, "individually_rational", f"individually rational ({minmax})",
                 colors[1], 0.6)
    ax.scatter([point[0]], [point[1]], [point[2]], marker="x", color="black", s=60,
               gid="minmax", label=f"minmax ({minmax})")
    extent = np.vstack([feasible, point[None, :]])
    low, high = extent.min(axis=0), extent.max(axis=0)
    pad = np.maximum((high - low) * 0.08, 0.5)
    ax.set_xlim(low[0] - pad[0], high[0] + pad[0])
    ax.set_ylim(low[1] - pad[1], high[1] + pad[1])
    ax.set_zlim(low[2] - pad[2], high[2] + pad[2])
    ax.set_xlabel(f"{players[0]}'s payoff")
    ax.set_ylabel(f"{players[1]}'s payoff")
    ax.set_zlabel(f"{players[2]}'s payoff")
    if title is not None:
        ax.set_title(title)
    if legend:
        from matplotlib.patches import Patch

        handles = [Patch(color=colors[0], alpha=0.5, label="feasible"),
                   Patch(color=colors[1], label=f"individually rational ({minmax})")]
        handles += [h for h in ax.get_legend_handles_labels()[0] if h.get_gid() == "minmax"]
        ax.legend(handles=handles, loc="upper left", fontsize="small")
    return ax


# ---------------------------------------------------------------------------------------------
# Tournaments


def tournament_matrix(
    tournament: Any,
    *,
    names: Sequence[str] | None = None,
    ranked: bool = True,
    ax: Any = None,
    cmap: Any = "viridis",
    annotate: bool | None = None,
    fmt: str = ".2f",
    colorbar: bool = True,
    title: str | None = None,
) -> Axes:
    """Draw a tournament's payoff matrix as a heatmap, strategies in ranking order.

    Cell ``(i, j)`` is the mean payoff per turn of the row's strategy against the
    column's (:attr:`~detente.Tournament.payoff_matrix`); rows and columns follow the
    ranking (first on top and on the left) unless ``ranked`` is False.

    Parameters
    ----------
    tournament : Tournament or square array_like
        The result of :func:`detente.tournament`, or a payoff matrix (then pass ``names``;
        it is drawn in its own order).
    names : list of str, optional
        Strategy names for a matrix (default ``S1``, ``S2``, ...).
    ranked : bool, default True
    ax : matplotlib.axes.Axes, optional
    cmap : str or Colormap, default "viridis"
    annotate : bool, optional
        Write the payoffs in the cells (default: at most 15 strategies).
    fmt : str, default ".2f"
    colorbar : bool, default True
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``; the cells are a ``QuadMesh`` with gid ``"payoff_matrix"`` (its array is the
        reordered matrix), the texts have gid ``"payoff"``.

    Raises
    ------
    TypeError
        Neither a Tournament nor an array of numbers.
    ValueError
        A matrix that is not square, or ``names`` of the wrong length.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import detente as dt
    >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> s = dt.strategies
    >>> t = dt.tournament([s.tit_for_tat(), s.defect(), s.cooperate()], pd, repetitions=2)
    >>> ax = dt.plot.tournament_matrix(t)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['defect', 'tit_for_tat', 'cooperate']
    >>> matplotlib.pyplot.close("all")
    """
    if isinstance(tournament, _core.Tournament):
        matrix = np.asarray(tournament.payoff_matrix, dtype=float)
        labels = list(tournament.names)
        order = list(tournament.ranked_indices) if ranked else list(range(len(labels)))
        if names is not None:
            raise ValueError(
                "names: a Tournament names its strategies; pass names only with a matrix"
            )
    else:
        if isinstance(tournament, (str, bytes, Mapping)):
            raise TypeError(
                f"tournament must be a detente.Tournament or a square matrix, got "
                f"{type(tournament).__name__}"
            )
        try:
            matrix = np.asarray(tournament, dtype=float)
        except (TypeError, ValueError) as err:
            raise TypeError(
                f"tournament must be a detente.Tournament or a square matrix of numbers: {err}"
            ) from None
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] == 0:
            raise ValueError(f"tournament must be a square matrix, got shape {matrix.shape}")
        k = matrix.shape[0]
        if names is None:
            labels = [f"S{i + 1}" for i in range(k)]
        else:
            if isinstance(names, str) or len(names) != k:
                raise ValueError(f"names must name the {k} strategies, got {names!r}")
            labels = [str(v) for v in names]
        order = list(range(k))
    k = len(order)
    shown = matrix[np.ix_(order, order)]
    ax = _axes(ax)
    masked = np.ma.masked_invalid(shown)
    mesh = ax.pcolormesh(np.arange(k + 1) - 0.5, np.arange(k + 1) - 0.5, masked, cmap=cmap)
    mesh.set_gid("payoff_matrix")
    if annotate is None:
        annotate = k <= 15
    if annotate:
        colours = mesh.cmap(mesh.norm(masked.filled(np.nan)))
        for i in range(k):
            for j in range(k):
                if np.isfinite(shown[i, j]):
                    ax.text(j, i, format(shown[i, j], fmt), ha="center", va="center",
                            fontsize="small" if k <= 10 else "x-small",
                            color=_contrast(colours[i, j]), gid="payoff")
    ticks = [labels[i] for i in order]
    ax.set_xticks(range(k), ticks, rotation=90)
    ax.set_yticks(range(k), ticks)
    ax.set_xlim(-0.5, k - 0.5)
    ax.set_ylim(k - 0.5, -0.5)
    ax.set_aspect("equal")
    ax.set_xlabel("opponent")
    by_rank = ranked and isinstance(tournament, _core.Tournament)
    ax.set_ylabel("strategy (by rank)" if by_rank else "strategy")
    if colorbar:
        ax.figure.colorbar(mesh, ax=ax, label="mean payoff per turn")
    if title is not None:
        ax.set_title(title)
    return ax
