"""Network formation: ``pairwise_stable`` and ``pairwise_nash_stable`` as lists of graphs
that also carry the full :class:`~detente.NetworkStability` result."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from detente._core import NetworkStability, network_formation


class StableGraphs(list):  # type: ignore[type-arg]
    """The graphs of one kind (``pairwise_stable`` or ``pairwise_nash_stable``) as a plain
    ``list`` of ``(edges, payoffs)`` pairs, ``edges`` a list of ``(name, name)`` links and
    ``payoffs`` a list of ``fractions.Fraction``: index it, iterate it, compare it with a list.

    It also carries the whole check as ``result`` (a :class:`~detente.NetworkStability`)
    and shows its face: ``efficient``, ``structures``, ``counts``, ``max_total``,
    ``players``, ``to_frame()``, ``to_json()`` and a table in Jupyter.
    """

    result: NetworkStability
    kind: str

    def __init__(self, result: NetworkStability, kind: str = "pairwise_stable") -> None:
        """The graphs of ``kind`` in ``result``."""
        if kind not in ("pairwise_stable", "pairwise_nash_stable", "efficient"):
            raise ValueError(
                f"kind is {kind!r}: give 'pairwise_stable', 'pairwise_nash_stable' or 'efficient'"
            )
        super().__init__(getattr(result, kind))
        self.result = result
        self.kind = kind

    @property
    def efficient(self) -> list[tuple[list[tuple[str, str]], list[Any]]]:
        """The efficient graphs (the largest total payoff), each ``(edges, payoffs)``."""
        return self.result.efficient

    @property
    def structures(self) -> list[str | None]:
        """The structure label of each pairwise stable graph (``None`` without labels)."""
        return self.result.structures

    @property
    def counts(self) -> dict[str, int]:
        """How many graphs were checked, and how many are of each kind (exact)."""
        return self.result.counts

    @property
    def max_total(self) -> Any:
        """The largest total payoff over all graphs, a ``Fraction``."""
        return self.result.max_total

    @property
    def players(self) -> list[str]:
        """The players' names."""
        return self.result.players

    def to_frame(self) -> Any:
        """One row per listed graph and player (see ``NetworkStability.to_frame``)."""
        return self.result.to_frame()

    def to_json(self) -> str:
        """The whole result as JSON (``NetworkStability.from_json`` reads it back)."""
        return self.result.to_json()

    def _repr_html_(self) -> str:
        return self.result._repr_html_()

    def __reduce__(self) -> Any:
        return (StableGraphs, (self.result, self.kind))


def pairwise_stable(
    value: Any,
    link_cost: Any = None,
    players: int | Sequence[str] | None = None,
    *,
    labels: Callable[[list[tuple[int, int]]], str | None] | None = None,
    progress: bool | None = None,
) -> StableGraphs:
    """The pairwise stable graphs (Jackson & Wolinsky 1996) of a network-formation game: no
    player gains by cutting one of its links, and no two unlinked players both weakly gain,
    one strictly, by adding their link. Every graph on the players is checked (at most 7
    players, 2**21 graphs), in parallel, without the GIL; Ctrl-C stops it.

    Parameters
    ----------
    value : TUGame or callable
        A ``TUGame``: each player earns its Myerson value of the game restricted to the
        graph, minus ``link_cost`` per own link. A callable: called once per graph with its
        links as a list of ``(i, j)`` index pairs (``i < j``) and returning one payoff per
        player (ints, Fractions or floats; floats are read as the simplest fraction that
        rounds to them); ``link_cost`` is then subtracted per own link as well (at most 6
        players).
    link_cost : int, Fraction or float, default 0
    players : int or list of str, optional
        Required with a callable (number of players or their names).
    labels : callable, optional
        Called with the links ``(i, j)`` of each listed graph; returns its structure label.
    progress : bool or None, default None
        A progress bar of the graphs checked, each counted once per pass over the graphs
        (their payoffs, then their stability: ``2 * 2**(n*(n-1)//2)`` units; a third pass
        for TU games whose values need big integers): ``True`` always, ``False`` never,
        ``None`` only in an interactive session (Jupyter, or a terminal; never in CI or
        captured logs). The result is the same either way.

    Returns
    -------
    StableGraphs
        A list of ``(edges, payoffs)``, ``edges`` a list of ``(name, name)`` links,
        ``payoffs`` a list of ``Fraction``; ``.result`` is the whole
        :class:`~detente.NetworkStability` (efficient graphs, counts, ``to_frame()``).

    Examples
    --------
    >>> import detente as dt
    >>> majority = dt.TUGame(lambda s: int(len(s) >= 2), players=3)
    >>> stable = dt.coalition.pairwise_stable(majority, link_cost=0)
    >>> [len(e) for e, u in stable], stable.counts["graphs"]
    ([3], 8)
    """
    return StableGraphs(
        network_formation(value, link_cost, players, labels=labels, progress=progress)
    )


def pairwise_nash_stable(
    value: Any,
    link_cost: Any = None,
    players: int | Sequence[str] | None = None,
    *,
    labels: Callable[[list[tuple[int, int]]], str | None] | None = None,
    progress: bool | None = None,
) -> StableGraphs:
    """The pairwise Nash stable graphs: no player gains by cutting any set of its links, and
    no two unlinked players both weakly gain, one strictly, by adding their link. Arguments
    and result as :func:`pairwise_stable`.

    Examples
    --------
    >>> import detente as dt
    >>> u = lambda edges: [-len([e for e in edges if i in e]) for i in range(3)]
    >>> dt.coalition.pairwise_nash_stable(u, players=3)
    [([], [Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)])]
    """
    result = network_formation(value, link_cost, players, labels=labels, progress=progress)
    return StableGraphs(result, "pairwise_nash_stable")
