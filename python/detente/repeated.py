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
