"""Repeated games: a stage :class:`~detente.Game` played again and again.

:class:`RepeatedGame` holds the stage game, the players' discount factors (kept exactly as
fractions), a continuation probability and an optional finite horizon. :class:`Automaton`
writes a player's strategy as a finite automaton over the observed action profiles.
:meth:`RepeatedGame.equilibrium_payoff_set` computes the pure-strategy subgame-perfect
equilibrium payoffs of a two-player game with public randomization as an
:class:`EquilibriumPayoffSet` (Abreu-Sannikov, or an outer approximation).
"""

from __future__ import annotations

from detente._core import Automaton, RepeatedGame
from detente._core import EquilibriumPayoffSet

__all__ = ["Automaton", "RepeatedGame"]
__all__ += ["EquilibriumPayoffSet"]

# Tournaments and evolution (strategy library, round robin, Moran process, replicator).
import sys as _sys  # noqa: E402

from detente import strategies  # noqa: E402
from detente._core import Tournament  # noqa: E402
from detente._tournament import moran, replicator, tournament  # noqa: E402

_sys.modules.setdefault("detente.repeated.strategies", strategies)
__all__ += ["Tournament", "moran", "replicator", "strategies", "tournament"]

# Results of RepeatedGame.payoffs, RepeatedGame.is_spe and RepeatedGame.spe_discount_range.
from detente._core import DiscountInterval, RepeatedPayoffs, SpeCheck, SpeDiscountRange  # noqa: E402

__all__ += ["DiscountInterval", "RepeatedPayoffs", "SpeCheck", "SpeDiscountRange"]

# Critical discount factors and community enforcement (src/repeated/critical.rs, contagion.rs).
from detente import _core as _core_critical
from detente._core import AlgebraicNumber, ContagionThreshold, CriticalDiscount

__all__ += ["AlgebraicNumber", "ContagionThreshold", "CriticalDiscount", "contagion_threshold"]


def contagion_threshold(stage: _core_critical.Game, population: int) -> ContagionThreshold:
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
    return _core_critical.repeated_contagion_threshold(stage, population)

# Minmax values and payoff sets (src/repeated/minmax.rs, feasible.rs).
from detente._core import Minmax  # noqa: E402

__all__ += ["Minmax"]
