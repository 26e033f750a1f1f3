"""Tournaments of automata and evolution over their payoff matrix.

:func:`tournament` plays a round robin (Axelrod 1984) in parallel and reproducibly;
:func:`moran` gives fixation probabilities of single mutants in a finite population;
:func:`replicator` runs the replicator dynamics of the tournament's payoff matrix. All three
are importable from :mod:`detente.repeated`, and ``tournament`` from :mod:`detente` too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from detente import _core, strategies as _strategies
from detente._core import Automaton, Game, Tournament

__all__ = ["Tournament", "moran", "replicator", "tournament"]

# Library strategies without parameters, for default names.
_LIBRARY = (
    "cooperate",
    "defect",
    "tit_for_tat",
    "suspicious_tit_for_tat",
    "tit_for_two_tats",
    "two_tits_for_tat",
    "win_stay_lose_shift",
    "grim_trigger",
    "grudger",
    "soft_grudger",
    "alternator",
)


def _default_name(automaton: Automaton, index: int) -> str:
    """The library name of ``automaton`` if it is a parameter-free library strategy."""
    for name in _LIBRARY:
        if getattr(_strategies, name)() == automaton:
            return name
    vector = _strategies.to_memory_one(automaton)
    if vector is not None:
        p_cc, p_cd, p_dc, p_dd, initial = vector
        if p_cc == p_cd == p_dc == p_dd == initial:
            return f"random({p_cc})"
        if p_cc == p_dc == initial == 1 and p_cd == p_dd:
            return f"generous_tit_for_tat({p_cd})"
        return "memory_one(" + ", ".join(str(p) for p in vector) + ")"
    return f"S{index + 1}"


def _named(
    strategies: Mapping[str, Automaton] | Iterable[Automaton],
    names: Iterable[str] | None,
) -> tuple[list[Any], list[str]]:
    if isinstance(strategies, Mapping):
        automata = list(strategies.values())
        given = [str(k) for k in strategies.keys()]
    else:
        if isinstance(strategies, (str, bytes)) or not isinstance(strategies, Iterable):
            raise TypeError(
                "strategies must be a list of detente.Automaton or a dict {name: Automaton}"
            )
        automata = list(strategies)
        given = []
        seen: dict[str, int] = {}
        for i, a in enumerate(automata):
            if not isinstance(a, Automaton):
                raise TypeError(
                    f"strategies[{i}] must be a detente.Automaton (see detente.strategies), "
                    f"got {type(a).__name__}"
                )
            name = _default_name(a, i)
            # Repeated names get a number: "tit_for_tat", "tit_for_tat 2", ...
            copies = seen.get(name, 0) + 1
            seen[name] = copies
            given.append(name if copies == 1 else f"{name} {copies}")
    if names is not None:
        given = list(names)
    return automata, given


def tournament(
    strategies: Mapping[str, Automaton] | Iterable[Automaton],
    stage: Game,
    turns: int = 200,
    repetitions: int = 20,
    noise: float = 0.0,
    seed: int = 0,
    discount: float | None = None,
    continuation: float | None = None,
    self_play: bool = True,
    progress: bool | None = None,
    *,
    names: Iterable[str] | None = None,
) -> Tournament:
    """A round-robin tournament of automata (Axelrod 1984), in parallel and reproducibly.

    Every pair of strategies (every group of ``n`` for an ``n``-player stage game) plays a
    match of ``turns`` turns, ``repetitions`` times; with ``self_play`` each also plays a
    copy of itself (this fills the payoff matrix's diagonal; self-play is left out of the
    scores, wins and cooperation rates, as in Axelrod's results).

    In each turn every automaton plays the action of its state (drawn from its distribution
    when mixed); with probability ``noise`` that action is flipped (in a 2-action game, to
    the other action; with more actions, to another drawn uniformly), and every automaton
    observes the actions as played, after the flips.

    A player's payoff in a match is its **mean payoff per turn** (Axelrod's normalised
    score), or with ``discount`` ``δ`` the discounted mean ``Σ δ^t u_t / Σ δ^t``; both are
    on the scale of stage payoffs. With ``continuation`` ``p`` every match lasts a
    geometric number of turns (mean ``1/(1 - p)``; the ``axelrod`` package's ``prob_end`` is
    ``1 - p``), cut at ``turns``: pass a large ``turns`` for an uncut distribution.

    A strategy's score in a repetition is its mean over its matches against the others; the
    ranking is by median score over repetitions (Axelrod's rule), then mean, then order.

    Each strategy plays every seat, so every player of the stage game needs the same number
    of actions; payoffs may differ between seats. Each match is played in every distinct
    seating and a strategy's result is its mean over them (one seating is enough, and only
    one is played, for a symmetric two-player stage game, or a symmetric n-player one when
    every automaton treats the other players alike).

    Matches run in parallel in Rust without the GIL and stop on Ctrl-C. Each (match,
    repetition) draws from its own random stream derived from ``(seed, match, repetition)``:
    for a fixed ``seed`` the results do not depend on the number of threads.

    Parameters
    ----------
    strategies : dict {name: Automaton} or list of Automaton
        At least two. A list gets the library names of the library's parameter-free
        strategies (``"tit_for_tat"``), ``"random(p)"``, ``"generous_tit_for_tat(q)"`` and
        ``"memory_one(...)"`` for memory-one automata, and ``"S1"``, ``"S2"``, … otherwise.
    stage : Game
        Any number of players, the same number of actions for each.
    turns : int, default 200
        Turns per match (with ``continuation``: the longest match).
    repetitions : int, default 20
    noise : float, default 0
        Probability in ``[0, 1]`` that each action is flipped.
    seed : int, default 0
    discount : float, optional
        Weight ``δ^t`` on turn ``t``, ``δ`` in ``(0, 1]``.
    continuation : float, optional
        Probability in ``(0, 1]`` that a match goes on after each turn.
    self_play : bool, default True
    progress : bool or None, default None
        A progress bar of the matches played (each group of strategies, in each seating
        and repetition, is one match): ``True`` always, ``False`` never, ``None`` only in an
        interactive session (Jupyter, or a terminal; never in CI or captured logs; see the
        README's "Progress bars"). The result is the same either way; Ctrl-C still stops
        the tournament.
    names : list of str, optional
        Names for the strategies (overrides the dict's keys).

    Returns
    -------
    Tournament
        ``ranking``, ``scores`` (strategies × repetitions), ``payoff_matrix`` (numpy),
        ``wins``, ``cooperation_rate``; ``to_frame()`` one row per strategy.

    Raises
    ------
    ValueError
        Fewer than two strategies, an automaton built for another shape, ``turns`` or
        ``repetitions`` of 0, ``noise`` outside ``[0, 1]``, or a tournament too large to
        keep in memory or to play (refused before anything is allocated).

    Examples
    --------
    >>> import detente as dt
    >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> s = dt.strategies
    >>> t = dt.tournament([s.tit_for_tat(), s.defect(), s.cooperate()], pd)
    >>> t.ranking
    ['defect', 'tit_for_tat', 'cooperate']
    >>> round(float(t.payoff_matrix[0, 1]), 12)  # TFT against always-defect: (0 + 199) / 200
    0.995
    """
    automata, given = _named(strategies, names)
    return _core.repeated_tournament(
        automata,
        given,
        stage,
        turns,
        repetitions,
        noise,
        seed,
        discount,
        continuation,
        self_play,
        progress,
    )


def _matrix(payoff_matrix: Any) -> Any:
    if isinstance(payoff_matrix, Tournament):
        return payoff_matrix.payoff_matrix
    return payoff_matrix


def moran(
    payoff_matrix: Any,
    population: int,
    intensity: float | Fraction = 1.0,
    *,
    fitness: Literal["linear", "exponential"] = "linear",
    method: Literal["exact", "simulate"] = "exact",
    trials: int = 10_000,
    seed: int = 0,
    progress: bool | None = None,
) -> Any:
    """Fixation probabilities of a single mutant in a Moran process (Nowak 2006, ch. 6).

    A population of ``population`` individuals plays strategy ``A`` (the mutant, ``i``
    copies) or ``B`` (the resident). Each individual meets every other once, so with
    ``a, b, c, d = M[A,A], M[A,B], M[B,A], M[B,B]`` the mean payoffs are
    ``π_A = (a(i-1) + b(N-i))/(N-1)`` and ``π_B = (c i + d(N-i-1))/(N-1)``. Fitness is
    ``1 - w + w π`` (``fitness="linear"``, Nowak et al. 2004; ``w = intensity``, 0 neutral,
    1 fitness equal to payoff; every fitness must be positive) or ``exp(w π)``
    (``"exponential"``, Traulsen et al. 2008). An individual reproduces with probability
    proportional to fitness and replaces one chosen uniformly at random. The fixation
    probability of one mutant is ``1 / (1 + Σ_k Π_{i≤k} f_B(i)/f_A(i))`` (the closed form of
    the birth-death chain; ``1/N`` under neutral selection).

    Parameters
    ----------
    payoff_matrix : array_like or Tournament
        Square: ``payoff_matrix[i][j]`` the payoff of ``i`` against ``j`` (a
        :class:`Tournament`'s ``payoff_matrix``, played with ``self_play=True``).
    population : int
        ``N`` >= 2 (at most 2000 for exact fractions).
    intensity : float or Fraction, default 1
        Intensity of selection ``w`` >= 0.
    fitness : {"linear", "exponential"}
    method : {"exact", "simulate"}
        The closed form, or the share of ``trials`` simulated runs (of the chain of
        population changes) that end in fixation, each from its own random stream derived
        from ``seed``: reproducible whatever the thread count.
    trials : int, default 10000
    seed : int, default 0
    progress : bool or None, default None
        A progress bar of the pairs done (of simulated runs with ``"simulate"``): ``True``
        always, ``False`` never, ``None`` only in an interactive session (Jupyter, or a
        terminal; never in CI or captured logs).

    Returns
    -------
    numpy.ndarray
        ``rho[i, j]``: the probability that one mutant of ``i`` takes over a population of
        ``j`` (diagonal ``1/N``). An object array of ``Fraction`` when the matrix is exact
        (ints, Fractions), the fitness linear and the method exact (``intensity`` is then
        read as a fraction, ``0.1`` as ``1/10``); floats otherwise.

    Examples
    --------
    >>> import detente as dt
    >>> rho = dt.repeated.moran([[3, 0], [5, 1]], population=3, intensity=0.5)
    >>> rho[1, 0], rho[0, 1]
    (Fraction(48, 73), Fraction(5, 73))
    """
    return _core.repeated_moran(
        _matrix(payoff_matrix), population, intensity, fitness, method, trials, seed, progress
    )


def replicator(
    payoff_matrix: Any,
    starts: int | list[Any] = 64,
    *,
    names: Iterable[str] | None = None,
    seed: int = 7,
    dt: float = 0.05,
    max_iter: int = 100_000,
    tol: float = 1e-6,
    method: Literal["rk4", "euler"] = "rk4",
    trajectory: bool = False,
) -> Any:
    """Replicator dynamics of one population playing the payoff matrix (Taylor & Jonker 1978).

    Builds the symmetric two-player game with row payoffs ``payoff_matrix`` (column payoffs
    its transpose) and runs :func:`detente.dynamics.replicator` with
    ``population="single"``: ``ẋ_i = x_i ((A x)_i − x·A x)``, where ``x_i`` is the share of
    strategy ``i``.

    Parameters
    ----------
    payoff_matrix : array_like or Tournament
        Square and finite (a :class:`Tournament` played with ``self_play=True``; its
        strategy names become the action labels).
    starts : int or list, default 64
        Number of random interior starting shares, or the starts themselves: each the
        population's shares (``[0.9, 0.1]``) or a symmetric profile (``[x, x]``).
    names : list of str, optional
        Strategy names (action labels of the game).
    seed, dt, max_iter, tol, method, trajectory
        As in :func:`detente.dynamics.replicator`.

    Returns
    -------
    DynamicsResult

    Examples
    --------
    >>> import detente as dt
    >>> hawk_dove = [[-2, 2], [0, 1]]
    >>> runs = dt.repeated.replicator(hawk_dove, starts=4, names=["hawk", "dove"])
    >>> [round(float(r.strategies[0][0]), 4) for r in runs]
    [0.3333, 0.3333, 0.3333, 0.3333]
    """
    from detente import dynamics

    if isinstance(payoff_matrix, Tournament) and names is None:
        names = payoff_matrix.names
    a = np.asarray(_matrix(payoff_matrix))
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError(
            f"payoff_matrix: shape {a.shape}; give a square matrix with one row per strategy"
        )
    if a.dtype.kind == "f" and not np.isfinite(a).all():
        raise ValueError(
            "payoff_matrix: has NaN or infinite entries (a tournament without self-play has "
            "no diagonal: play it with self_play=True)"
        )
    labels = None if names is None else [list(names), list(names)]
    game = Game.from_bimatrix(a, a.T, actions=labels)
    return dynamics.replicator(
        game,
        starts,
        seed=seed,
        dt=dt,
        max_iter=max_iter,
        tol=tol,
        population="single",
        method=method,
        trajectory=trajectory,
    )
