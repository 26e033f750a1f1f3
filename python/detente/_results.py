"""Containers for solver results: lists that render as tables and convert to DataFrames."""

from __future__ import annotations

import html
from typing import Any

from detente._core import Equilibrium


class EquilibriumList(list[Equilibrium]):
    """A list of :class:`~detente.Equilibrium` that renders as a table in Jupyter.

    It is a plain ``list`` otherwise: index it, iterate it, compare it.
    """

    def _rows(self) -> list[dict[str, Any]]:
        rows = []
        for eq in self:
            row: dict[str, Any] = {"method": eq.method, "regret": eq.regret}
            for name, strategy, payoff in zip(eq.players, eq.describe_strategies(), eq.payoffs):
                row[name] = strategy
                row[f"payoff {name}"] = float(payoff)
            rows.append(row)
        return rows

    def to_frame(self) -> Any:
        """One row per equilibrium: each player's strategy, each payoff, the regret.

        Needs pandas (``pip install detente[pandas]``).
        """
        import pandas as pd

        return pd.DataFrame(self._rows())

    def __repr__(self) -> str:
        if not self:
            return "EquilibriumList([])"
        return "EquilibriumList([\n" + "".join(f"  {eq!r},\n" for eq in self) + "])"

    def _repr_html_(self) -> str:
        rows = self._rows()
        if not rows:
            return "<p>no equilibria</p>"
        head = "".join(f"<th>{html.escape(str(k))}</th>" for k in rows[0])
        body = "".join(
            f"<tr><th>{i}</th>"
            + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row.values())
            + "</tr>"
            for i, row in enumerate(rows)
        )
        return f"<table><thead><tr><th>#</th>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
