"""Coalitional games: voting games and their power indices.

:class:`WeightedVotingGame` is a weighted majority rule; :class:`VotingGame` composes rules
(``all_of``, ``any_of``, vetoes, lists of minimal winning coalitions) and has the UN Security
Council and the EU Council ready-made. Shapley-Shubik and Banzhaf indices are exact at the
scale of real assemblies (hundreds of members); every index comes back as a
:class:`PowerIndices` (floats, or ``fractions.Fraction`` with ``exact=True``).

>>> import detente as dt
>>> g = dt.coalition.WeightedVotingGame(5, [4, 2, 1])
>>> g.shapley_shubik().values.round(4).tolist()
[0.6667, 0.1667, 0.1667]
"""

from __future__ import annotations

from detente._core import PowerIndices, VotingGame, WeightedVotingGame

__all__ = ["PowerIndices", "VotingGame", "WeightedVotingGame"]
