"""Repeated games: a stage :class:`~detente.Game` played again and again.

:class:`RepeatedGame` holds the stage game, the players' discount factors (kept exactly as
fractions), a continuation probability and an optional finite horizon. :class:`Automaton`
writes a player's strategy as a finite automaton over the observed action profiles.
"""

from __future__ import annotations

from detente._core import Automaton, RepeatedGame

__all__ = ["Automaton", "RepeatedGame"]

# Tournaments and evolution (strategy library, round robin, Moran process, replicator).
import sys as _sys  # noqa: E402

from detente import strategies  # noqa: E402
from detente._core import Tournament  # noqa: E402
from detente._tournament import moran, replicator, tournament  # noqa: E402

_sys.modules.setdefault("detente.repeated.strategies", strategies)
__all__ += ["Tournament", "moran", "replicator", "strategies", "tournament"]
