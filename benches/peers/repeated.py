"""Repeated-game sections: the equilibrium payoff set (payoff_set, Abreu-Sannikov, against
QuantEcon) and round-robin tournaments (tournament, against axelrod, run by
benches/compare_axelrod.py)."""

from __future__ import annotations

import math
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from .core import (
    Cell,
    Job,
    Row,
    Section,
    Settings,
    Target,
    Timing,
    print_row,
    ratio,
    run_row,
)
from .memory import (
    DETENTE_SETUP,
    peak_mib,
    row_peaks,
    with_peaks,
)

COLUMNS = {
    "detente": "detente",
    "pygambit": "pygambit",
    "nashpy": "nashpy",
    "quantecon": "quantecon",
    "scipy": "scipy HiGHS",
    "numpy": "numpy check",
    "axelrod": "axelrod",
}


def cournot_duopoly(a: float, c: float, q_grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The Cournot duopoly of QuantEcon's game-theory notebook: firm i's profit
    q_i (a - c - q_1 - q_2) with quantities on `q_grid` (inverse demand a - Q, unit cost c)."""
    q1, q2 = np.meshgrid(q_grid, q_grid, indexing="ij")
    price = a - c - q1 - q2
    return q1 * price, q2 * price


def _point_polygon_distance(poly: np.ndarray, p: np.ndarray) -> float:
    k = len(poly)
    if k == 1:
        return float(np.linalg.norm(p - poly[0]))
    best = math.inf
    inside = k >= 3
    for i in range(k):
        a, b = poly[i], poly[(i + 1) % k]
        d = b - a
        if inside and d[0] * (p[1] - a[1]) - d[1] * (p[0] - a[0]) < 0:
            inside = False
        t = 0.0 if not d.any() else min(1.0, max(0.0, float((p - a) @ d) / float(d @ d)))
        best = min(best, float(np.linalg.norm(p - (a + t * d))))
    return 0.0 if inside else best


def polygon_hausdorff(a: np.ndarray, b: np.ndarray) -> float:
    """Hausdorff distance between two convex polygons given by their vertices (counter-clockwise)."""
    return max(
        max(_point_polygon_distance(b, p) for p in a),
        max(_point_polygon_distance(a, p) for p in b),
    )


def bench_payoff_set(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    """The pure-strategy SPE payoff set of a repeated 2-player game with public randomization:
    detente's `RepeatedGame.equilibrium_payoff_set()` (Abreu-Sannikov, tol 1e-10 relative)
    against QuantEcon's `RepeatedGame.equilibrium_payoffs(method="AS")` (tol 1e-12) on the same
    games, warm (after QuantEcon's first call has compiled its numba code). QuantEcon's first
    call (its cold time, JIT included) is a row of its own. The two polygons must agree within
    1e-6 of the payoff scale (Hausdorff distance, asserted)."""
    dt, qe = mods["detente"], mods["quantecon"]
    q_grid = np.arange(0.0, 40.0, 2.0)  # 20 quantities 0, 2, ..., 38
    cournot = cournot_duopoly(80.0, 20.0, q_grid)
    games = [
        (
            "PD of QuantEcon's docs [[9,1],[10,3]], δ = 0.9",
            np.array([[9.0, 1.0], [10.0, 3.0]]),
            np.array([[9.0, 10.0], [1.0, 3.0]]),
            0.9,
        ),
        (
            "Abreu-Sannikov 3×3 example (QuantEcon's tests), δ = 0.3",
            np.array([[16.0, 3, 0], [21, 10, -1], [9, 5, -5]]),
            np.array([[9.0, 13, 3], [1, 4, 0], [0, -4, -15]]),
            0.3,
        ),
        ("Cournot duopoly 20×20 (a = 80, c = 20, q = 0, 2, …, 38), δ = 0.9", *cournot, 0.9),
    ]
    rows = []
    cold_done = False
    for label, a, b, delta in games:
        rg = dt.RepeatedGame(dt.Game.from_bimatrix(a, b), delta)
        row = Row("equilibrium payoff set (Abreu-Sannikov)", label, a.size)
        calls: dict[str, Job | None] = {"detente": Job(rg.equilibrium_payoff_set)}
        qrg = None
        if qe:
            qrg = qe.RepeatedGame(qe.NormalFormGame(np.stack([a, b], axis=-1)), delta)
            if not cold_done:
                t0 = time.perf_counter()
                qrg.equilibrium_payoffs(method="AS")
                cold = time.perf_counter() - t0
                t0 = time.perf_counter()
                rg.equilibrium_payoff_set()
                first = time.perf_counter() - t0
                cold_row = Row("equilibrium payoff set, first call (cold)", label, a.size)
                cold_row.cells["detente"] = Cell(Timing(first, 1, 1))
                cold_row.cells["quantecon"] = Cell(Timing(cold, 1, 1))
                for peer in ("pygambit", "nashpy", "scipy", "numpy"):
                    cold_row.cells[peer] = Cell(note="—")
                # The first call's peak in a fresh process: nothing warmed up (QuantEcon's
                # numba compilation included).
                row_peaks(
                    cold_row,
                    {
                        "detente": (
                            "import detente as dt\n"
                            + f"rg = dt.RepeatedGame(dt.Game.from_bimatrix(a, b), {delta})\n",
                            "rg.equilibrium_payoff_set()",
                        ),
                        "quantecon": (
                            "import quantecon.game_theory as qe\n"
                            + f"rg = qe.RepeatedGame(qe.NormalFormGame(np.stack([a, b], -1)), {delta})\n",
                            "rg.equilibrium_payoffs(method='AS')",
                        ),
                    },
                    {"a": a, "b": b},
                )
                rows.append(cold_row)
                print_row(cold_row, COLUMNS)
                cold_done = True
            calls["quantecon"] = Job(partial(qrg.equilibrium_payoffs, method="AS"))
        else:
            calls["quantecon"] = None
        timings = run_row(cfg, row, calls)
        # Peak memory, each library warmed up on another game (the prisoners' dilemma
        # 3, 0, 5, 1) so that QuantEcon's JIT is not counted.
        warm_a, warm_b = "np.array([[3.0, 0], [5, 1]])", "np.array([[3.0, 5], [0, 1]])"
        arrays = {"a": a, "b": b}
        peaks = {
            "detente": [
                peak_mib(
                    DETENTE_SETUP
                    + f"dt.RepeatedGame(dt.Game.from_bimatrix({warm_a}, {warm_b}), 0.9)"
                    + ".equilibrium_payoff_set()\n"
                    + f"rg = dt.RepeatedGame(dt.Game.from_bimatrix(a, b), {delta})\n",
                    "rg.equilibrium_payoff_set()",
                    arrays,
                )
            ]
        }
        if qrg is not None:
            peaks["quantecon"] = [
                peak_mib(
                    "import quantecon.game_theory as qe\n"
                    + "def rep(a, b, d):\n"
                    + "    g = qe.NormalFormGame(np.stack([a, b], axis=-1))\n"
                    + "    return qe.RepeatedGame(g, d)\n"
                    + f"rep({warm_a}, {warm_b}, 0.9).equilibrium_payoffs(method='AS')\n"
                    + f"rg = rep(a, b, {delta})\n",
                    "rg.equilibrium_payoffs(method='AS')",
                    arrays,
                )
            ]
        with_peaks(row, peaks)
        mine = timings["detente"].result
        assert mine.converged and not mine.is_empty, mine
        if "quantecon" in timings:
            hull = timings["quantecon"].result
            theirs = hull.points[hull.vertices]
            scale = max(1.0, float(np.abs(np.stack([a, b])).max()))
            gap = polygon_hausdorff(mine.vertices, theirs)
            assert gap <= 1e-6 * scale, f"payoff sets differ by {gap} on {label}"
        for peer in ("pygambit", "nashpy", "scipy", "numpy"):
            row.cells[peer] = Cell(note="—")
        rows.append(row)
        print_row(row, COLUMNS)
    return rows


def bench_tournament(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    """Round-robin tournaments against the axelrod package (benches/compare_axelrod.py: same
    strategies, 200 turns x 20 repetitions, noise 0.05; the no-noise rows check that mean
    scores agree). axelrod runs in a child process with the interpreter named by
    DETENTE_AXELROD_PYTHON (it pulls in torch, so it usually has a venv of its own); when it is
    not importable there its cells say so. Peak memory: compare_axelrod's `peak_memory`, by
    `peak_mib` as everywhere."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import compare_axelrod

    rows = []
    for r in compare_axelrod.run(quick=cfg.quick):
        game = (
            f"PD, {r['strategies']} strategies × {compare_axelrod.TURNS} turns × "
            f"{compare_axelrod.REPETITIONS} reps ({r['turns']:,} turns)"
        )
        if "agreement" in r:
            game += f"; mean scores agree, max difference {r['agreement'][0]:.2g}"
        row = Row(r["task"], game, 4)
        d = r["detente"]
        row.cells["detente"] = Cell(Timing(statistics.median(d), len(d), 1))
        row.cells["detente"].rss_mib = r.get("detente_mib")
        if r["axelrod"]:
            a = r["axelrod"]
            row.cells["axelrod"] = Cell(Timing(statistics.median(a), len(a), 1))
            row.cells["axelrod"].rss_mib = r.get("axelrod_mib")
        else:
            row.cells["axelrod"] = Cell(note=r["note"])
        print_row(row, COLUMNS)
        rows.append(row)
    return rows


def payoff_set_targets(row: Row) -> list[Target]:
    """Issue 18: the payoff set at least 10× QuantEcon's, both warm."""
    if row.task != "equilibrium payoff set (Abreu-Sannikov)":
        return []
    return [("payoff set vs quantecon (warm)", row.game, ratio(row, "quantecon"), 10)]


def tournament_targets(row: Row) -> list[Target]:
    if row.task != "tournament, noise 0.05":
        return []
    return [("tournament turns/s vs axelrod", row.game, ratio(row, "axelrod"), 200)]


SECTIONS = {
    "payoff_set": Section(bench_payoff_set, payoff_set_targets),
    "tournament": Section(bench_tournament, tournament_targets),
}
