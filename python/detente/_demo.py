"""``detente demo``: classic games and alliance situations, solved.

Payoffs are ordinal (4 = best outcome for that state) as in the textbook versions; the
alliance readings follow Snyder (1984, "The Security Dilemma in Alliance Politics") and Jervis
(1978, "Cooperation under the Security Dilemma").
"""

from __future__ import annotations

import detente as dt

# (title, row matrix, column matrix, players, actions)
GAMES = [
    (
        "Prisoner's dilemma: an arms race between rivals",
        [[3, 1], [4, 2]],
        [[3, 4], [1, 2]],
        ["State A", "State B"],
        [["Restrain", "Arm"], ["Restrain", "Arm"]],
    ),
    (
        "Stag hunt: the security dilemma between potential allies (Jervis 1978)",
        [[4, 1], [3, 2]],
        [[4, 3], [1, 2]],
        ["State A", "State B"],
        [["Cooperate", "Defect"], ["Cooperate", "Defect"]],
    ),
    (
        "Chicken: a crisis between two powers",
        [[3, 2], [4, 1]],
        [[3, 4], [2, 1]],
        ["Power A", "Power B"],
        [["Yield", "Stand firm"], ["Yield", "Stand firm"]],
    ),
    (
        "Alliance game: abandonment vs entrapment (after Snyder 1984)",
        [[3, 1], [4, 2]],
        [[4, 2], [3, 1]],
        ["Patron", "Client"],
        [["Support", "Restrain"], ["Defer", "Hedge"]],
    ),
    (
        "Matching pennies: inspection and evasion (no pure equilibrium)",
        [[1, -1], [-1, 1]],
        [[-1, 1], [1, -1]],
        ["Inspector", "Evader"],
        [["Inspect site 1", "Inspect site 2"], ["Hide at 1", "Hide at 2"]],
    ),
]


def run() -> None:
    """Print each game, its equilibria and what strict dominance removes."""
    for title, a, b, players, actions in GAMES:
        g = dt.Game.from_bimatrix(a, b, players=players, actions=actions, title=title)
        print(g)
        eqs = dt.solve.enumerate_all(g)
        for e in eqs:
            kind = "pure" if e.is_pure else "mixed"
            print(f"  {kind} equilibrium:", repr(e))
        if not any(e.is_pure for e in eqs):
            print("  no pure equilibrium: the players must mix")
        reduction = dt.solve.dominance(g)
        for step in reduction.eliminated:
            print(f"  dominance: {step.player} never plays {step.action} (beaten by {step.dominated_by})")
        print()
