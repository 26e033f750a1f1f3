"""Time detente against its Python peers on the same machine and the same random games.

Peers: pygambit (Gambit's Python API), nashpy, QuantEcon's ``game_theory`` module, and a
vectorised numpy check. Two tasks are timed:

* game construction from numpy arrays (bimatrix 10x10, 100x100, 500x500; 8 players x 4);
* all pure Nash equilibria of n-player games of 10^4 to ~10^6 pure profiles. Every method
  must find the same set of equilibria on every game (asserted), so the times compare
  equal work. QuantEcon's ``pure_nash_brute`` is skipped where one run is estimated (from
  its first profiles) to take over 60 s; the table then shows the estimate.

Each cell is the median of k timed runs after a warm-up call (k adaptive: at least 3, at
most 7, stopping once 1 s is spent; calls over 10 s are timed once; sub-millisecond calls
are batched). The methods of a row are timed in interleaved rounds, so a burst of load
from other processes hits them alike. The ratio next to a peer's time is peer time /
detente time, so ``120x`` means detente is 120 times faster. The targets of the
performance issue are checked at the end.

Install (from the repository root; builds detente with maturin, so it needs a Rust
toolchain, then installs the peers)::

    pip install ".[bench]"

Run::

    python benches/compare_peers.py                # full run: ~8 min, ~4 GB of RAM (Gambit)
    python benches/compare_peers.py --quick        # ~1 min: fewer runs, no peers on 10^6
    python benches/compare_peers.py --out results.md

The markdown report goes to ``bench-results/peers.md`` unless ``--out`` says otherwise. A
peer that is not installed shows "not installed" in its cells instead of stopping the run.
Run it on an otherwise idle machine: the report warns when the load average exceeded the
number of cores.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.metadata
import itertools
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

SEED = 20240601

# ---------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------


@dataclass
class Timing:
    """The median of `runs` timed samples, each the mean of `number` back-to-back calls."""

    median: float
    runs: int
    number: int
    result: Any = None


@dataclass
class Settings:
    budget: float = 1.0  # stop repeating once this many seconds are spent...
    min_runs: int = 3  # ...but never with fewer runs than this
    max_runs: int = 7  # ...and never more
    sample: float = 0.002  # batch calls so that one sample lasts at least this long (s)
    single_run_above: float = 10.0  # one timed run is enough for calls slower than this (s)
    peer_limit: float = 60.0  # skip a peer whose single run is estimated above this (s)
    big_peers: bool = True  # run the peers on 10^6-profile games at all
    quick: bool = False


@dataclass
class Job:
    """One method to time on one row: `fn(*args)`, warmed up by `warm()` if given (a cheaper
    call that triggers the same JIT compilation), else by one call of `fn(*args)`."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    warm: Callable[[], Any] | None = None
    number: int = 1
    samples: list[float] = field(default_factory=list)
    spent: float = 0.0
    result: Any = None
    done: bool = False


def measure(cfg: Settings, jobs: dict[str, Job]) -> dict[str, Timing]:
    """Time every job of a row, interleaved: each round takes one sample of each job still
    running, so a burst of load from other processes hits all methods alike and ratios stay
    fair on a shared machine. A job stops after `max_runs` samples, after `min_runs` once it
    has spent `budget` seconds, or after one sample slower than `single_run_above`. Calls
    faster than `sample` seconds are batched; a sample is the mean call time of its batch."""
    for job in jobs.values():
        t0 = time.perf_counter()
        job.result = job.warm() if job.warm is not None else job.fn(*job.args)
        first = time.perf_counter() - t0
        if job.warm is None and first < cfg.sample:
            job.number = max(1, math.ceil(cfg.sample / max(first, 1e-7)))
    while not all(job.done for job in jobs.values()):
        for job in jobs.values():
            if job.done:
                continue
            t0 = time.perf_counter()
            for _ in range(job.number):
                job.result = job.fn(*job.args)
            elapsed = time.perf_counter() - t0
            job.samples.append(elapsed / job.number)
            job.spent += elapsed
            runs = len(job.samples)
            job.done = (
                (runs == 1 and elapsed > cfg.single_run_above)
                or runs >= cfg.max_runs
                or (runs >= cfg.min_runs and job.spent >= cfg.budget)
            )
    return {
        name: Timing(statistics.median(job.samples), len(job.samples), job.number, job.result)
        for name, job in jobs.items()
    }


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def fmt_ratio(r: float) -> str:
    if r >= 100:
        return f"{r:,.0f}×"
    if r >= 10:
        return f"{r:.1f}×"
    return f"{r:.2f}×"


# ---------------------------------------------------------------------------------------------
# Peers, imported lazily
# ---------------------------------------------------------------------------------------------


def try_import(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except (ImportError, OSError, AttributeError) as e:  # absent, or a broken install
        if not isinstance(e, ModuleNotFoundError):
            print(f"{name}: failed to import ({e})", flush=True)
        return None


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


@dataclass
class Cell:
    """One method's outcome on one row: a timing, or the reason there is none."""

    timing: Timing | None = None
    note: str = ""
    estimate: float | None = None  # estimated seconds per run when skipped


@dataclass
class Row:
    task: str
    game: str
    profiles: int
    cells: dict[str, Cell] = field(default_factory=dict)
    equilibria: int | None = None


METHODS = ["detente", "pygambit", "nashpy", "quantecon", "numpy"]
HEADERS = {
    "detente": "detente",
    "pygambit": "pygambit",
    "nashpy": "nashpy",
    "quantecon": "quantecon",
    "numpy": "numpy check",
}


# ---------------------------------------------------------------------------------------------
# Games
# ---------------------------------------------------------------------------------------------


def solve_game(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """Payoffs of shape (*shape, N): random integers (exact in every peer's number type, so
    comparisons agree everywhere), with one equilibrium planted at a random profile so that
    every game has at least one."""
    n = len(shape)
    u = rng.integers(0, 2**31, size=(*shape, n)).astype(np.float64)
    star = tuple(int(rng.integers(k)) for k in shape)
    for i in range(n):
        fiber: list[int | slice] = list(star)
        fiber[i] = slice(None)
        u[star + (i,)] = u[tuple(fiber) + (i,)].max() + 1.0
    return u


def quantecon_bimatrix(qe: Any, a: np.ndarray, b: np.ndarray) -> Any:
    """QuantEcon's Player convention: each player's own action comes first, hence b.T."""
    return qe.NormalFormGame((qe.Player(a), qe.Player(b.T)))


def numpy_pure(u: np.ndarray) -> np.ndarray:
    """The vectorised check: a profile is an equilibrium iff every player's payoff there is
    the maximum of its row along that player's own axis."""
    n = u.ndim - 1
    ok = np.ones(u.shape[:-1], dtype=bool)
    for i in range(n):
        ui = u[..., i]
        ok &= ui >= ui.max(axis=i, keepdims=True)
    return np.argwhere(ok)


def gambit_profile(eq: Any, game: Any) -> tuple[int, ...]:
    out = []
    for player in game.players:
        idx = [k for k, s in enumerate(player.strategies) if eq[s] == 1]
        assert len(idx) == 1, "enumpure returned a non-pure profile"
        out.append(idx[0])
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# The benchmarks
# ---------------------------------------------------------------------------------------------


def bench_construction(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    dt, gbt, nash, qe = mods["detente"], mods["pygambit"], mods["nashpy"], mods["quantecon"]
    rows = []
    for m in (10, 100, 500):
        a, b = rng.standard_normal((m, m)), rng.standard_normal((m, m))
        row = Row("construction", f"bimatrix {m}×{m}", m * m)
        calls = {
            "detente": Job(dt.Game.from_bimatrix, (a, b)) if dt else None,
            "pygambit": Job(gbt.Game.from_arrays, (a, b)) if gbt else None,
            "nashpy": Job(nash.Game, (a, b)) if nash else None,
            "quantecon": Job(quantecon_bimatrix, (qe, a, b)) if qe else None,
        }
        run_row(cfg, row, calls)
        row.cells["numpy"] = Cell(note="—")
        rows.append(row)
        print_row(row)

    shape = (4,) * 8
    u = rng.standard_normal((*shape, len(shape)))
    arrays = tuple(np.ascontiguousarray(u[..., i]) for i in range(len(shape)))
    row = Row("construction", "8 players × 4 actions", 4**8)
    calls = {
        "detente": Job(dt.Game, (u,)) if dt else None,
        "pygambit": Job(gbt.Game.from_arrays, arrays) if gbt else None,
        "quantecon": Job(qe.NormalFormGame, (u,)) if qe else None,
    }
    run_row(cfg, row, calls)
    row.cells["nashpy"] = Cell(note="n/a (2 players only)" if nash else "not installed")
    row.cells["numpy"] = Cell(note="—")
    rows.append(row)
    print_row(row)
    return rows


def run_row(cfg: Settings, row: Row, calls: dict[str, Job | None]) -> dict[str, Timing]:
    """Times the jobs of a row together; a `None` job is a peer that is not installed."""
    timings = measure(cfg, {name: job for name, job in calls.items() if job is not None})
    for name, job in calls.items():
        row.cells[name] = Cell(timings[name]) if job is not None else Cell(note="not installed")
    return timings


def bench_pure(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    dt, gbt, nash, qe = mods["detente"], mods["pygambit"], mods["nashpy"], mods["quantecon"]
    cases = [
        ("10×10×10×10", (10,) * 4),
        ("8 players × 4 actions", (4,) * 8),
        ("100×100×100", (100,) * 3),
        ("10 players × 4 actions", (4,) * 10),
    ]
    rows = []
    for label, shape in cases:
        n = len(shape)
        profiles = math.prod(shape)
        big = profiles > 200_000
        u = solve_game(shape, rng)
        row = Row("pure equilibria", label, profiles)
        calls: dict[str, Job | None] = {
            "detente": Job(dt.solve.pure, (dt.Game(u),)) if dt else None,
            "numpy": Job(numpy_pure, (u,)),
        }

        gg = None
        if not gbt:
            calls["pygambit"] = None
        elif big and not cfg.big_peers:
            row.cells["pygambit"] = Cell(note="skipped (--quick)")
        else:
            print(f"  building the pygambit game for {label} (not timed)...", flush=True)
            gg = gbt.Game.from_arrays(*[np.ascontiguousarray(u[..., i]) for i in range(n)])
            calls["pygambit"] = Job(gbt.nash.enumpure_solve, (gg,))

        row.cells["nashpy"] = Cell(note="n/a (2 players only)" if nash else "not installed")

        if not qe:
            calls["quantecon"] = None
        elif big and not cfg.big_peers:
            row.cells["quantecon"] = Cell(note="skipped (--quick)")
        else:
            qg = qe.NormalFormGame(u)
            # The numba kernels are compiled per number of players: a 2^N game of the same N
            # compiles them all, so it serves as the warm-up.
            small = qe.NormalFormGame(np.zeros((2,) * n + (n,)))
            qe.pure_nash_brute(small)
            # pure_nash_brute is a Python loop over np.ndindex calling is_nash: time the
            # first profiles and extrapolate before committing to a run.
            m = min(profiles, 3000)
            t0 = time.perf_counter()
            for a in itertools.islice(np.ndindex(*shape), m):
                qg.is_nash(a)
            est = (time.perf_counter() - t0) / m * profiles
            if est > cfg.peer_limit:
                row.cells["quantecon"] = Cell(
                    note=f"skipped: est. {est:.0f} s/run > {cfg.peer_limit:.0f} s", estimate=est
                )
            else:
                calls["quantecon"] = Job(
                    qe.pure_nash_brute, (qg,), warm=partial(qe.pure_nash_brute, small)
                )

        timings = run_row(cfg, row, calls)
        found: dict[str, set[tuple[int, ...]]] = {}
        if "detente" in timings:
            found["detente"] = {tuple(s[0] for s in e.support) for e in timings["detente"].result}
        found["numpy"] = {tuple(int(x) for x in r) for r in timings["numpy"].result}
        if "pygambit" in timings:
            eqs = timings["pygambit"].result.equilibria
            found["pygambit"] = {gambit_profile(e, gg) for e in eqs}
        if "quantecon" in timings:
            found["quantecon"] = {tuple(int(x) for x in a) for a in timings["quantecon"].result}
        first = next(iter(found))
        for name, eqs in found.items():
            assert eqs == found[first], (
                f"{name} found the equilibria {sorted(eqs)} on {label}, "
                f"but {first} found {sorted(found[first])}"
            )
        row.equilibria = len(found[first])
        del gg, timings
        rows.append(row)
        print_row(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


def cell_text(row: Row, name: str) -> str:
    cell = row.cells.get(name)
    if cell is None:
        return ""
    if cell.timing is None:
        if cell.estimate is not None and (ref := row.cells.get("detente")) and ref.timing:
            return f"{cell.note} (~{fmt_ratio(cell.estimate / ref.timing.median)})"
        return cell.note
    text = fmt_time(cell.timing.median)
    if cell.timing.runs < 3:
        text += f" [{cell.timing.runs} run{'s' if cell.timing.runs > 1 else ''}]"
    ref = row.cells.get("detente")
    if name != "detente" and ref and ref.timing:
        text += f" ({fmt_ratio(cell.timing.median / ref.timing.median)})"
    return text


def print_row(row: Row) -> None:
    cells = "; ".join(f"{HEADERS[m]}: {cell_text(row, m)}" for m in METHODS if m in row.cells)
    eq = f"; {row.equilibria} eq." if row.equilibria is not None else ""
    print(f"{row.task} | {row.game} ({row.profiles:,} profiles){eq}\n    {cells}", flush=True)


def ratio(row: Row, peer: str) -> float | None:
    d, p = row.cells.get("detente"), row.cells.get(peer)
    if not (d and d.timing and p and p.timing):
        return None
    return p.timing.median / d.timing.median


def targets(rows: list[Row]) -> list[tuple[str, str, float | None, float]]:
    """(description, game, measured ratio, target) for each target of the issue."""
    out: list[tuple[str, str, float | None, float]] = []
    for row in rows:
        if row.task == "pure equilibria" and row.profiles == 4**8:
            out.append(("pure equilibria vs quantecon", row.game, ratio(row, "quantecon"), 1000))
            out.append(("pure equilibria vs numpy check", row.game, ratio(row, "numpy"), 3))
    for row in rows:
        if row.task == "construction":
            out.append(("construction vs pygambit", row.game, ratio(row, "pygambit"), 100))
    return out


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def busy_warning() -> str:
    """A caveat for the report when other processes competed for the CPU during the run."""
    try:
        load = max(os.getloadavg()[:2])
    except OSError:
        return ""
    cores = os.cpu_count() or 1
    if load <= cores:
        return ""
    return (
        f"**Caveat:** the load average reached {load:.1f} on {cores} cores during the run: "
        "other processes competed for the CPU, which slows detente's multi-threaded solver "
        "(it waits for every worker thread to be scheduled) more than single-threaded peers. "
        "Re-run on an idle machine before drawing conclusions."
    )


def machine(load_at_start: str) -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    pkgs = ", ".join(
        f"{d} {version(d)}"
        for d in ("detente", "numpy", "pygambit", "nashpy", "quantecon", "numba")
    )
    cores = f"{os.cpu_count()} logical cores ({usable} usable)"
    python = f"Python {platform.python_version()} ({platform.python_implementation()})"
    return [
        f"- CPU: {cpu}, {cores}; load average (1/5/15 min) at start {load_at_start}",
        f"- {platform.system()} {platform.release()}, {python}",
        f"- {pkgs}",
    ]


def markdown(rows: list[Row], cfg: Settings, started: str, load_at_start: str, wall: float) -> str:
    lines = [
        "# detente vs Python peers",
        "",
        (
            f"Run {started} in {wall:.0f} s with `python benches/compare_peers.py"
            f"{' --quick' if cfg.quick else ''}`; load average at the end {load_average()}."
        ),
        "",
        *machine(load_at_start),
        "",
        (
            f"Each time is the median of k runs after a warm-up (k from {cfg.min_runs} to "
            f"{cfg.max_runs}, stopping after {cfg.budget:g} s; calls slower than "
            f"{cfg.single_run_above:g} s are timed once, marked [1 run]). "
            "In parentheses: peer time / detente time (higher = detente faster). "
            "Construction uses standard-normal payoffs; pure-equilibrium games have random "
            "integer payoffs (exact in every library's number type) with one planted "
            "equilibrium, and every method found the same set of equilibria on every game "
            "(asserted)."
        ),
        "",
        "| task | game | profiles | equilibria | " + " | ".join(HEADERS[m] for m in METHODS) + " |",
        "| --- | --- | ---: | ---: | " + " | ".join("---" for _ in METHODS) + " |",
    ]
    for row in rows:
        eq = "" if row.equilibria is None else str(row.equilibria)
        cells = " | ".join(cell_text(row, m) for m in METHODS)
        lines.append(f"| {row.task} | {row.game} | {row.profiles:,} | {eq} | {cells} |")
    busy = busy_warning()
    if busy:
        lines += ["", busy]
    lines += [
        "",
        "## Targets",
        "",
        "| target | game | measured | target | met |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for desc, game, r, goal in targets(rows):
        measured = "not measured" if r is None else fmt_ratio(r)
        met = "—" if r is None else ("yes" if r >= goal else "**no**")
        lines.append(f"| {desc} | {game} | {measured} | ≥ {goal:,}× | {met} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repetitions; no peers on 10^6-profile games"
    )
    parser.add_argument(
        "--out", default="bench-results/peers.md", help="markdown report (default: %(default)s)"
    )
    args = parser.parse_args(argv)

    cfg = Settings()
    if args.quick:
        cfg = Settings(
            budget=0.2,
            min_runs=1,
            max_runs=3,
            single_run_above=2.0,
            peer_limit=10.0,
            big_peers=False,
            quick=True,
        )

    mods = {
        "detente": try_import("detente"),
        "pygambit": try_import("pygambit"),
        "nashpy": try_import("nashpy"),
        "quantecon": try_import("quantecon.game_theory"),
    }
    if mods["detente"] is not None:
        importlib.import_module("detente.solve")
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    load_at_start = load_average()
    print("\n".join(machine(load_at_start)), flush=True)
    for name, mod in mods.items():
        if mod is None:
            print(f"{name}: not installed", flush=True)

    t0 = time.perf_counter()
    rng = np.random.default_rng(SEED)
    rows = bench_construction(cfg, mods, rng) + bench_pure(cfg, mods, rng)
    wall = time.perf_counter() - t0
    report = markdown(rows, cfg, started, load_at_start, wall)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print("\n" + report)
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
