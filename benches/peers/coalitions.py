"""Coalition sections: exact power indices of weighted voting games at the scale of real
assemblies (voting, against powerindex, powerindices and a plain Python DP) and the Shapley
value and nucleolus of general TU games (tu, against coopgame-py)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import math
import subprocess
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from .core import (
    SEED,
    Cell,
    Job,
    Row,
    Section,
    Settings,
    Target,
    Timing,
    fmt_time,
    print_row,
    ratio,
    run_row,
    try_import,
)
from .memory import (
    BENCH_PATH,
    peak_mib,
    row_peaks,
)

COLUMNS = {
    "detente": "detente",
    "powerindex": "powerindex",
    "powerindices": "powerindices",
    "coopgame": "coopgame-py",
    "python_dp": "plain Python big-int DP",
}


# EU-27 population shares (%, 2016 Council figures for the EU-28 as reported by Agence Europe,
# Europe Daily Bulletin 11449, 9 Dec 2015; the United Kingdom left out). Used as weights in
# hundredths of a percent, and, multiplied by the 2016 total of 508,940,955, as approximate
# populations in thousands (the resolution of a real population rule, for timing).
EU27_SHARES = {
    "Germany": 15.93,
    "France": 13.04,
    "Italy": 12.07,
    "Spain": 9.12,
    "Poland": 7.47,
    "Romania": 3.9,
    "Netherlands": 3.37,
    "Belgium": 2.21,
    "Greece": 2.13,
    "Czechia": 2.05,
    "Portugal": 2.04,
    "Hungary": 1.94,
    "Sweden": 1.92,
    "Austria": 1.69,
    "Bulgaria": 1.42,
    "Denmark": 1.11,
    "Finland": 1.08,
    "Slovakia": 1.06,
    "Ireland": 0.91,
    "Croatia": 0.83,
    "Lithuania": 0.57,
    "Slovenia": 0.41,
    "Latvia": 0.39,
    "Estonia": 0.26,
    "Cyprus": 0.17,
    "Luxembourg": 0.11,
    "Malta": 0.08,
}


def imf_board(rng: np.random.Generator, n: int = 190) -> tuple[int, list[int]]:
    """An IMF-style board: voting shares with a heavy tail (the largest near 16.5%, like the
    United States), as integer weights in basis points (total about 10,000), simple majority."""
    raw = rng.pareto(1.1, n - 1) + 0.05
    shares = raw / raw.sum() * (1 - 0.165)
    weights = [max(1, round(x * 10_000)) for x in shares] + [1650]
    return sum(weights) // 2 + 1, weights


def python_banzhaf(quota: int, weights: list[int]) -> list[int]:
    """Raw Banzhaf swings by the textbook generating-function DP in plain Python ints."""
    f = [0] * quota
    f[0] = 1
    for w in weights:
        for s in range(quota - 1, w - 1, -1):
            f[s] += f[s - w]
    out, cache = [], {}
    for w in weights:
        if w not in cache:
            g = f[:]
            for s in range(w, quota):
                g[s] -= g[s - w]
            cache[w] = sum(g[max(0, quota - w) : quota])
        out.append(cache[w])
    return out


def python_shapley_shubik(quota: int, weights: list[int]) -> list[Fraction]:
    """Shapley-Shubik by the coalition size x weight DP in plain Python ints."""
    n = len(weights)
    f = [[0] * quota for _ in range(n + 1)]
    f[0][0] = 1
    for j, w in enumerate(weights):
        for k in range(j + 1, 0, -1):
            row, prev = f[k], f[k - 1]
            for s in range(quota - 1, w - 1, -1):
                row[s] += prev[s - w]
    fact = [math.factorial(k) for k in range(n + 1)]
    out, cache = [], {}
    for w in weights:
        if w not in cache:
            g_prev = [0] * quota
            total = 0
            for k in range(n):
                g = f[k][:]
                for s in range(w, quota):
                    g[s] -= g_prev[s - w]
                total += sum(g[max(0, quota - w) : quota]) * fact[k] * fact[n - 1 - k]
                g_prev = g
            cache[w] = Fraction(total, fact[n])
        out.append(cache[w])
    return out


def cpu_per_call(fn: Callable[[], Any], calls: int = 5) -> float:
    """CPU seconds per call of `fn`, over all of the process's threads: on a loaded machine
    the wall time counts the waits for a core, this does not."""
    start = time.process_time()
    for _ in range(calls):
        fn()
    return (time.process_time() - start) / calls


def voting_target(row: Row, cpu: float, target: float) -> None:
    """Adds detente's CPU time per call and the issue's absolute time target to the row's
    description and prints them."""
    wall = row.cells["detente"].timing
    met = "met" if wall and wall.median <= target else "not met"
    note = f"detente CPU {fmt_time(cpu)} per call; target <= {target:g} s: {met}"
    row.game += f" ({note})"
    print(f"    {note}", flush=True)


def powerindices_cell(cfg: Settings, index: str, quota: int, weights: list[int], game: Any) -> Cell:
    """The `powerindices` package (PyPI) on the same board, in a child process killed after
    60 s: its time, or what it does (a numpy int64 overflow warning, wrong values, a timeout).
    Its Banzhaf is the absolute (non-normalized) index."""
    if importlib.util.find_spec("powerindices") is None:
        return Cell(note="not installed")
    if cfg.quick:
        return Cell(note="skipped (--quick)")
    call = "compute_ssi" if index == "shapley_shubik" else "compute_pbi"
    code = (
        "import json, time, warnings, powerindices\n"
        "warnings.simplefilter('error')\n"
        "t = time.perf_counter()\n"
        "try:\n"
        f"    v = powerindices.{call}({quota}, {weights})\n"
        "    print(json.dumps([time.perf_counter() - t, [float(x) for x in v]]))\n"
        "except Exception as e:\n"
        "    print(json.dumps([time.perf_counter() - t, type(e).__name__ + ': ' + str(e)]))\n"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
        elapsed, values = json.loads(out.stdout)
    except subprocess.TimeoutExpired:
        return Cell(note="timeout (60 s)")
    except (ValueError, TypeError):
        return Cell(note="fails: no output")
    if isinstance(values, str):
        return Cell(note=f"fails after {fmt_time(elapsed)}: {values}"[:80])
    if index == "shapley_shubik":
        exact = [float(x) for x in game.shapley_shubik(exact=True)]
    else:
        exact = [float(x) for x in game.banzhaf(normalized=False, exact=True)]
    err = max(abs(a - b) for a, b in zip(values, exact))
    return Cell(Timing(elapsed, 1, 1), note="" if err < 1e-9 else f"; WRONG: max error {err:.2g}")


def bench_voting(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    dt = mods["detente"]
    px = try_import("powerindex")
    rows = []
    quota, weights = imf_board(rng)
    game = dt.WeightedVotingGame(quota, weights)
    setup = f"import detente as dt\ng = dt.WeightedVotingGame({quota}, {weights})\n"
    board = (
        f"IMF-style board, 190 members, weights in basis points (total {sum(weights):,}, "
        f"{len(set(weights))} distinct), simple majority"
    )
    for index in ("shapley_shubik", "banzhaf"):
        row = Row(f"{index} (exact)", board, 190)
        jobs: dict[str, Job | None] = {"detente": Job(getattr(game, index), (), number=1)}
        run_row(cfg, row, jobs)
        exact = list(getattr(game, index)(exact=True))
        assert sum(exact) == 1
        row.cells["detente"].rss_mib = peak_mib(setup, f"g.{index}()")
        cpu = cpu_per_call(getattr(game, index))
        # Plain Python big integers: the baseline.
        if index == "banzhaf":
            start = time.perf_counter()
            swings = python_banzhaf(quota, weights)
            elapsed = time.perf_counter() - start
            assert swings == game.banzhaf_swings(), "plain Python DP disagrees"
        elif cfg.quick:
            elapsed = None
        else:
            start = time.perf_counter()
            ss = python_shapley_shubik(quota, weights)
            elapsed = time.perf_counter() - start
            assert ss == exact, "plain Python DP disagrees"
        row.cells["python_dp"] = (
            Cell(Timing(elapsed, 1, 1)) if elapsed is not None else Cell(note="skipped (--quick)")
        )
        if px is None:
            row.cells["powerindex"] = Cell(note="not installed")
        else:
            start = time.perf_counter()
            try:
                pg = px.Game(quota, weights)
                getattr(pg, f"calc_{index}")()
                values = getattr(pg, index)
                elapsed = time.perf_counter() - start
                err = max(abs(a - float(b)) for a, b in zip(values, exact))
                note = "" if err < 1e-9 else f"; WRONG: max error {err:.2g}"
                row.cells["powerindex"] = Cell(Timing(elapsed, 1, 1), note=note)
            except Exception as e:  # noqa: BLE001 - record what the peer does
                row.cells["powerindex"] = Cell(note=f"fails: {type(e).__name__}: {e}"[:80])
        row.cells["powerindices"] = powerindices_cell(cfg, index, quota, weights, game)
        row.cells["coopgame"] = Cell(note="n/a: enumerates all 2^190 coalitions")
        dp = "python_banzhaf" if index == "banzhaf" else "python_shapley_shubik"
        pis = "compute_pbi" if index == "banzhaf" else "compute_ssi"
        row_peaks(
            row,
            {
                "python_dp": (
                    BENCH_PATH + f"from peers.coalitions import {dp}\n",
                    f"{dp}({quota}, {weights})",
                ),
                "powerindex": (
                    "import powerindex as px\n",
                    f"_g = px.Game({quota}, {weights})\n_g.calc_{index}()",
                ),
                "powerindices": (
                    "import powerindices\n",
                    f"powerindices.{pis}({quota}, {weights})",
                ),
            },
        )
        rows.append(row)
        print_row(row, COLUMNS)
        voting_target(row, cpu, 0.05)
        pi = row.cells["powerindex"]
        if pi.note:
            print("    powerindex:", pi.note)

    # EU-27 double majority with the blocking clause, exact.
    names = list(EU27_SHARES)
    bp = [round(x * 100) for x in EU27_SHARES.values()]
    thousands = [round(x / 100 * 508_940_955 / 1000) for x in EU27_SHARES.values()]
    for label, pop in (("population shares in 0.01%", bp), ("populations in thousands", thousands)):
        eu = dt.VotingGame.eu_council(pop, players=names)
        for index in ("shapley_shubik", "banzhaf"):
            row = Row(
                f"{index} (exact)", f"EU-27 Council, Lisbon rule + blocking clause, {label}", 27
            )
            run_row(cfg, row, {"detente": Job(getattr(eu, index), (), number=1)})
            assert sum(getattr(eu, index)(exact=True)) == 1
            code = f"import detente as dt\neu = dt.VotingGame.eu_council({pop})"
            row.cells["detente"].rss_mib = peak_mib(code, f"eu.{index}()")
            row.cells["powerindex"] = Cell(note="cannot express the rule (one weight vector)")
            row.cells["coopgame"] = Cell(note="not run: 2^27 coalition values (1 GiB)")
            row.cells["python_dp"] = Cell(note="n/a")
            rows.append(row)
            print_row(row, COLUMNS)
            voting_target(row, cpu_per_call(getattr(eu, index)), 0.1)
    return rows


# ---------------------------------------------------------------------------------------------
# TU games (detente.TUGame) against coopgame-py
# ---------------------------------------------------------------------------------------------


def tu_values(n: int, seed: int) -> np.ndarray:
    """A general TU game of n players: v(S) = |S| * U(0, 1), v(N) = n (so the imputation set
    is non-empty), indexed by bitmask."""
    rng = np.random.default_rng([SEED, 16, n, seed])
    sizes = np.array([s.bit_count() for s in range(2**n)], dtype=float)
    v = rng.random(2**n) * sizes
    v[0], v[-1] = 0.0, float(n)
    return v


def bench_tu(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    """Shapley value and nucleolus of general TU games (the issue's n = 20), detente against
    coopgame-py; answers compared within 1e-6 (a peer that differs is marked wrong)."""
    dt = mods["detente"]
    cg: Any = try_import("coopgame")  # None when not installed
    rows = []
    sizes = [12, 16, 20] if not cfg.quick else [12, 20]
    for n in sizes:
        v = tu_values(n, 0)
        g = dt.TUGame(v)
        cgame = cg.Game(list(v[1:])) if cg is not None else None
        for task, ours, theirs in (
            ("TU Shapley value", g.shapley, lambda cgame=cgame: cg.shapley(cgame)),
            ("TU nucleolus", g.nucleolus, lambda cgame=cgame: cg.nucleolus(cgame)),
        ):
            row = Row(task, f"general TU game, n = {n} (2^{n} coalitions)", 2**n)
            jobs: dict[str, Job | None] = {"detente": Job(ours)}
            if cg is not None:
                jobs["coopgame"] = Job(theirs)
            times = run_row(cfg, row, jobs)
            ref = times["detente"].result
            ref_x = ref if task == "TU Shapley value" else ref.allocation
            if task == "TU nucleolus":
                assert ref.certified, "detente's nucleolus must carry its certificate"
            if cg is None:
                row.cells["coopgame"] = Cell(note="not installed (pip install coopgame-py)")
            else:
                got = times["coopgame"].result
                x = np.asarray(got if task == "TU Shapley value" else got["allocation"])
                diff = float(np.abs(x - ref_x).max())
                if diff > 1e-6:
                    row.cells["coopgame"] = Cell(note=f"WRONG (max difference {diff:.2g})")
            # peak memory of one call, each library warmed up on n = 4
            kind = "shapley" if task == "TU Shapley value" else "nucleolus"
            setup = BENCH_PATH + f"from peers.coalitions import tu_values\nv = tu_values({n}, 0)\n"
            row_peaks(
                row,
                {
                    "detente": (
                        setup + f"import detente as dt\ndt.TUGame(tu_values(4, 0)).{kind}()\n"
                        "g = dt.TUGame(v)\n",
                        f"g.{kind}()",
                    ),
                    "coopgame": (
                        setup + "import coopgame\n"
                        f"coopgame.{kind}(coopgame.Game(list(tu_values(4, 0)[1:])))\n"
                        "g = coopgame.Game(list(v[1:]))\n",
                        f"coopgame.{kind}(g)",
                    ),
                },
            )
            rows.append(row)
            print_row(row, COLUMNS)
    return rows


def voting_targets(row: Row) -> list[Target]:
    """The 190-member board: exact indices at least as fast as the plain Python DP."""
    if not (row.task.endswith("(exact)") and row.profiles == 190):
        return []
    return [(f"{row.task} vs plain Python DP", row.game, ratio(row, "python_dp"), 1)]


def tu_targets(row: Row) -> list[Target]:
    """Issue 16: n = 20 Shapley value and nucleolus at least 2× coopgame-py."""
    if row.profiles != 2**20:
        return []
    return [(f"{row.task} vs coopgame-py", row.game, ratio(row, "coopgame"), 2)]


SECTIONS = {
    "voting": Section(bench_voting, voting_targets),
    "tu": Section(bench_tu, tu_targets),
}
