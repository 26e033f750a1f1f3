"""Workflow sections: parameter sweeps (sweep, issue 17): an alliance model over a grid, in
Rust, against a plain Python loop over the same calls."""

from __future__ import annotations

import itertools
import math
import time
from functools import partial
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
    fmt_time,
    measure,
    print_row,
    ratio,
)
from .memory import (
    BENCH_PATH,
    DETENTE_SETUP,
    peak_mib,
    with_peaks,
)

COLUMNS = {"detente": "detente", "numpy": "numpy check", "python_loop": "plain Python loop"}


SWEEP_POINTS = 10**5


def sweep_grid(points: int) -> dict[str, list[float]]:
    """A RestraintGame grid of `points` points (a multiple of 100; 10^5 = 50 x 40 x 50) across
    all its regimes, boundaries (where the equilibria form continua) included: entrapment
    cost x revision gain x war cost."""
    ne, ng = (50, 40) if points >= 2000 * 50 else (10, 10)
    nw = points // (ne * ng)
    return {
        "entrapment_cost": [0.125 * i for i in range(ne)],
        "revision_gain": [-2.0 + 0.125 * i for i in range(ng)],
        "war_cost": [-2.0 + 0.25 * i for i in range(nw)],
    }


def sweep_python_loop(dt: Any, grid: dict[str, list[float]]) -> int:
    """The same calls as the sweep, one point at a time from Python: the model, its regime
    and every equilibrium of its game; returns the number of rows."""
    rows = 0
    names = list(grid)
    for values in itertools.product(*grid.values()):
        m = dt.alliance.RestraintGame.from_params(dict(zip(names, values)))
        m.regime()
        rows += max(1, len(dt.solve.enumerate_all(m.game())))
    return rows


def bench_sweep(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    """Issue 17: 10^5 grid points of `RestraintGame` (regime and every equilibrium) in at most
    1 s, against a plain Python loop over the same calls (`from_params`, `regime`,
    `enumerate_all(m.game())`), whose rows the sweep's must be. Two rows: the default exact
    enumeration (what the loop calls) and the float search (`exact=False`, certified). The
    process CPU time per run is printed beside the wall time (the machine may be shared)."""
    dt = mods["detente"]
    points = 2000 if cfg.quick else SWEEP_POINTS
    grid = sweep_grid(points)
    n = math.prod(len(v) for v in grid.values())
    # The loop is slow: time it on a tenth of the grid and scale (it is linear in the points).
    sub = dict(grid)
    sub["entrapment_cost"] = grid["entrapment_cost"][: max(1, len(grid["entrapment_cost"]) // 10)]
    share = math.prod(len(v) for v in sub.values()) / n
    t0, c0 = time.perf_counter(), time.process_time()
    loop_rows = sweep_python_loop(dt, sub)
    loop = (time.perf_counter() - t0) / share
    loop_cpu = (time.process_time() - c0) / share
    # The loop keeps nothing per point: its peak on the tenth of the grid it was timed on.
    loop_peak = peak_mib(
        "import detente as dt\n"
        + BENCH_PATH
        + "from peers.workflow import sweep_python_loop\n"
        + "sweep_python_loop(dt, {'war_cost': [1.0]})\n",
        f"sweep_python_loop(dt, {sub!r})",
    )
    rows = []
    for exact in (True, False):
        call = partial(
            dt.sweep,
            dt.alliance.RestraintGame,
            grid,
            ["regime", "equilibria"],
            progress=False,
            exact=exact,
        )
        cpu0 = time.process_time()
        timings = measure(cfg, {"detente": Job(call)})
        cpu = time.process_time() - cpu0
        df = timings["detente"].result
        runs = timings["detente"].runs
        assert df["error"].isna().all() and (df["regret"] <= 1e-9).all()
        assert loop_rows == int((df["point"] < math.prod(len(v) for v in sub.values())).sum())
        kind = "exact" if exact else "float search"
        row = Row(
            f"parameter sweep, regime + equilibria ({kind})", f"RestraintGame, {n:,} points", n
        )
        row.equilibria = len(df)
        row.cells = {
            "detente": Cell(timings["detente"]),
            "python_loop": Cell(Timing(loop, 1, 1)),
            "numpy": Cell(note="—"),
        }
        print(
            f"  sweep ({kind}): {fmt_time(timings['detente'].median)} wall per run (median "
            f"of {runs}), {fmt_time(cpu / (runs + 1))} process CPU per run, {len(df):,} rows; "
            f"Python loop {fmt_time(loop)} wall, {fmt_time(loop_cpu)} CPU (scaled from "
            f"{share:.0%} of the grid)",
            flush=True,
        )
        setup = DETENTE_SETUP + (
            "dt.sweep(dt.alliance.RestraintGame, {'war_cost': [1.0, 2.0]}, progress=False)\n"
            + BENCH_PATH
            + f"from peers.workflow import sweep_grid\ngrid = sweep_grid({points})\n"
        )
        peak = peak_mib(
            setup,
            "dt.sweep(dt.alliance.RestraintGame, grid, ['regime', 'equilibria'], "
            f"progress=False, exact={exact})",
        )
        row.cells["python_loop"].rss_mib = loop_peak
        with_peaks(row, {"detente": [peak]})
        rows.append(row)
        print_row(row, COLUMNS)
    return rows


def sweep_targets(row: Row) -> list[Target]:
    """Issue 17: 10^5 points in at most 1 s (the row's time); the ratio to the plain Python
    loop over the same calls is reported beside it."""
    if row.profiles != SWEEP_POINTS:
        return []
    cell = row.cells["detente"]
    per_second = 1.0 / cell.timing.median if cell.timing else None
    return [
        (f"{row.task}: 10^5 points in <= 1 s (1 s / time)", row.game, per_second, 1),
        (f"{row.task} vs plain Python loop", row.game, ratio(row, "python_loop"), 1),
    ]


SECTIONS = {"sweep": Section(bench_sweep, sweep_targets)}
