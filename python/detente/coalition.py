"""Coalitional games: cooperative games with transferable utility and voting games.

:class:`TUGame` holds a characteristic function ``v(S)`` over the ``2**n`` coalitions of
``n`` players (coalitions indexed by bitmask, bit ``i`` = player ``i``) and computes its
properties and solutions: Shapley and Banzhaf values, the core, the least core and the
nucleolus (certified by Kohlberg's criterion), exactly in fractions for exact input.

:class:`WeightedVotingGame` is a weighted majority rule; :class:`VotingGame` composes rules
(``all_of``, ``any_of``, vetoes, lists of minimal winning coalitions) and has the UN Security
Council and the EU Council ready-made. Shapley-Shubik and Banzhaf indices are exact at the
scale of real assemblies (hundreds of members); every index comes back as a
:class:`PowerIndices` (floats, or ``fractions.Fraction`` with ``exact=True``).

:func:`network_formation` checks every graph on up to 7 players for pairwise stability,
pairwise Nash stability and efficiency (a :class:`NetworkStability` result);
:func:`pairwise_stable` and :func:`pairwise_nash_stable` give its lists of graphs.

>>> import detente as dt
>>> g = dt.coalition.WeightedVotingGame(5, [4, 2, 1])
>>> g.shapley_shubik().values.round(4).tolist()
[0.6667, 0.1667, 0.1667]
"""

from __future__ import annotations

from detente._core import (
    LeastCore,
    NetworkStability,
    Nucleolus,
    PowerIndices,
    ShapleyEstimate,
    TUGame,
    VotingGame,
    WeightedVotingGame,
    network_formation,
    shapley_monte_carlo,
)
from detente._network import StableGraphs, pairwise_nash_stable, pairwise_stable

__all__ = [
    "LeastCore",
    "NetworkStability",
    "Nucleolus",
    "PowerIndices",
    "ShapleyEstimate",
    "StableGraphs",
    "TUGame",
    "VotingGame",
    "WeightedVotingGame",
    "network_formation",
    "pairwise_nash_stable",
    "pairwise_stable",
    "shapley_monte_carlo",
]
