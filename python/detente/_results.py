"""Containers for solver results: lists that render as tables and convert to DataFrames."""

from __future__ import annotations

from typing import Any

from detente import _core
from detente._core import Equilibrium


class EquilibriumList(list[Equilibrium]):
    """A list of :class:`~detente.Equilibrium` that renders as a table in Jupyter.

    It is a plain ``list`` otherwise: index it, iterate it, compare it.
    ``stopped_labels`` lists the labels whose paths reached the pivot cap in
    :func:`~detente.solve.lemke_howson_all` (empty for every other solver).
    """

    stopped_labels: list[int]

    def __init__(self, iterable: Any = (), /) -> None:
        """The equilibria of ``iterable``, in order; ``stopped_labels`` starts empty."""
        super().__init__(iterable)
        self.stopped_labels = []

    def to_frame(self) -> Any:
        """One row per equilibrium, player and action: ``equilibrium`` (its index),
        ``player``, ``action``, ``probability``, ``payoff`` (the player's) and ``regret``.

        Needs pandas (``pip install detente[pandas]``).
        """
        return _core.equilibria_frame(list(self))

    def __repr__(self) -> str:
        if not self:
            return "EquilibriumList([])"
        return "EquilibriumList([\n" + "".join(f"  {eq!r},\n" for eq in self) + "])"

    def _repr_html_(self) -> str:
        return str(_core.equilibria_html(list(self)))
