"""Repeated games: a stage :class:`~detente.Game` played again and again.

:class:`RepeatedGame` holds the stage game, the players' discount factors (kept exactly as
fractions), a continuation probability and an optional finite horizon. :class:`Automaton`
writes a player's strategy as a finite automaton over the observed action profiles.
:meth:`RepeatedGame.equilibrium_payoff_set` computes the pure-strategy subgame-perfect
equilibrium payoffs of a two-player game with public randomization as an
:class:`EquilibriumPayoffSet` (Abreu-Sannikov, or an outer approximation). Its other methods
give minmax values (:meth:`RepeatedGame.minmax`), the feasible and individually rational
payoff sets, critical discount factors (:meth:`RepeatedGame.critical_discount`), exact payoffs
of automata (:meth:`RepeatedGame.payoffs`) and subgame-perfection checks
(:meth:`RepeatedGame.is_spe`, :meth:`RepeatedGame.spe_discount_range`). :func:`tournament`,
:func:`moran` and :func:`replicator` play and evolve the strategies of
:mod:`detente.strategies`, and :func:`contagion_threshold` answers community enforcement.
"""

from __future__ import annotations

import sys

from detente import _core, strategies
from detente._core import (
    AlgebraicNumber,
    Automaton,
    ContagionThreshold,
    CriticalDiscount,
    DiscountInterval,
    EquilibriumPayoffSet,
    Minmax,
    RepeatedGame,
    RepeatedPayoffs,
    SpeCheck,
    SpeDiscountRange,
    Tournament,
    Game,
)
from detente._tournament import moran, replicator, tournament

__all__ = [
    "AlgebraicNumber",
    "Automaton",
    "ContagionThreshold",
    "CriticalDiscount",
    "DiscountInterval",
    "EquilibriumPayoffSet",
    "Minmax",
    "RepeatedGame",
    "RepeatedPayoffs",
    "SpeCheck",
    "SpeDiscountRange",
    "Tournament",
    "contagion_threshold",
    "moran",
    "replicator",
    "strategies",
    "tournament",
]

# `import detente.repeated.strategies` finds the strategy library too.
sys.modules.setdefault("detente.repeated.strategies", strategies)


def contagion_threshold(stage: Game, population: int) -> ContagionThreshold:
    """The contagion threshold of Kandori (1992) for community enforcement.

    ``population`` players (an even number) are randomly matched in pairs every period to play
    the symmetric 2×2 ``stage`` game (action 0 cooperate, 1 defect) and see only their own
    matches. Under the contagious strategy a player cooperates until it meets a defection,
    then defects for ever. The number of infected players follows a Markov chain counted
    exactly over random perfect matchings. Two conditions are checked: on path, no one gains
    by starting the contagion (``R/(1−δ) >= T + δ W(2)``); off path, an infected player
    prefers to keep defecting rather than cooperate once, at every number 2..M of infected
    players (so whatever it believes). Cleared of denominators both are polynomial
    inequalities in δ; the threshold is the smallest δ where all hold, an exact root isolated
    by Sturm sequences in a rational bracket of width below 1e-30. With 2 players it is the
    bilateral grim threshold ``(T − R) / (T − P)``.

    Parameters
    ----------
    stage : Game
        A symmetric 2-player game with 2 actions each.
    population : int
        The number of players M, even, 2 to 40 (the constraints have degree about M; 40 takes
        seconds).

    Returns
    -------
    ContagionThreshold
        ``discount`` (float or ``None``), ``threshold`` (:class:`AlgebraicNumber`),
        ``polynomial`` (the on-path constraint, ``Fraction`` coefficients, lowest degree
        first), ``off_path``, ``intervals``, ``binding``.

    Raises
    ------
    ValueError
        A stage game that is not symmetric 2×2, an odd population or one outside 2..40.

    Examples
    --------
    >>> import detente as dt
    >>> pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> dt.repeated.contagion_threshold(pd, population=2).threshold.exact
    Fraction(1, 2)
    >>> c = dt.repeated.contagion_threshold(pd, population=4)  # 2δ² + 3δ − 3 >= 0
    >>> round(c.discount, 10)
    0.6861406616
    """
    return _core.repeated_contagion_threshold(stage, population)
