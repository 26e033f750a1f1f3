"""Coalitional games: cooperative games with transferable utility and voting games.

:class:`TUGame` holds a characteristic function ``v(S)`` over the ``2**n`` coalitions of
``n`` players (coalitions indexed by bitmask, bit ``i`` = player ``i``) and computes its
properties and solutions: Shapley and Banzhaf values, the core, the least core and the
nucleolus (certified by Kohlberg's criterion), exactly in fractions for exact input.
"""

from __future__ import annotations

from detente._core import LeastCore, Nucleolus, ShapleyEstimate, TUGame, shapley_monte_carlo

__all__ = ["LeastCore", "Nucleolus", "ShapleyEstimate", "TUGame", "shapley_monte_carlo"]
