"""Repeated games: a stage :class:`~detente.Game` played again and again.

:class:`RepeatedGame` holds the stage game, the players' discount factors (kept exactly as
fractions), a continuation probability and an optional finite horizon. :class:`Automaton`
writes a player's strategy as a finite automaton over the observed action profiles.
"""

from __future__ import annotations

from detente._core import Automaton, RepeatedGame

__all__ = ["Automaton", "RepeatedGame"]

# Results of RepeatedGame.payoffs, RepeatedGame.is_spe and RepeatedGame.spe_discount_range.
from detente._core import DiscountInterval, RepeatedPayoffs, SpeCheck, SpeDiscountRange  # noqa: E402

__all__ += ["DiscountInterval", "RepeatedPayoffs", "SpeCheck", "SpeDiscountRange"]
