"""The benchmark's shared machinery: settings, timing (`measure`), cells and rows, their
formatting, and the sections' declaration (`Section`: the function that runs a section and
the targets its rows are checked against)."""

from __future__ import annotations

import importlib
import importlib.metadata
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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
    sub_timeout: float = 30.0  # peers that may hang run in a child process killed after this (s)
    quick: bool = False
    # `measure`'s clock: wall time (`time.perf_counter`), or with --cpu-time the process's CPU
    # time (`time.process_time`, every thread's), which other processes' load barely moves
    cpu_time: bool = False

    def clock(self) -> Callable[[], float]:
        return time.process_time if self.cpu_time else time.perf_counter


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
    faster than `sample` seconds are batched; a sample is the mean call time of its batch.
    With `cfg.cpu_time` the samples are process CPU time (all threads: a parallel call's
    helpers count, its speed-up does not), else wall time."""
    clock = cfg.clock()
    for job in jobs.values():
        t0 = clock()
        job.result = job.warm() if job.warm is not None else job.fn(*job.args)
        first = clock() - t0
        if job.warm is None and first < cfg.sample:
            job.number = max(1, math.ceil(cfg.sample / max(first, 1e-7)))
    while not all(job.done for job in jobs.values()):
        for job in jobs.values():
            if job.done:
                continue
            t0 = clock()
            for _ in range(job.number):
                job.result = job.fn(*job.args)
            elapsed = clock() - t0
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


# ---------------------------------------------------------------------------------------------
# Cells and rows
# ---------------------------------------------------------------------------------------------


@dataclass
class Cell:
    """One method's outcome on one row: a timing, or the reason there is none."""

    timing: Timing | None = None
    note: str = ""
    estimate: float | None = None  # estimated seconds per run when skipped
    rss_mib: float | None = None  # peak memory one call added, in a child process (MiB)


@dataclass
class Spread:
    """The per-game ratios peer time / detente time of a row over several games."""

    games: int
    geomean: float
    low: float
    high: float


def spread(peer: list[float], detente: list[float]) -> Spread:
    """Geometric mean, min and max of the per-game ratios peer / detente (same games, same
    order): path lengths and equilibrium counts vary from game to game, and the geometric
    mean weighs a 2× win on a short path like one on a long path."""
    assert len(peer) == len(detente) and peer, "one time per game for both"
    ratios = [p / d for p, d in zip(peer, detente)]
    geomean = math.exp(statistics.fmean(math.log(r) for r in ratios))
    return Spread(len(ratios), geomean, min(ratios), max(ratios))


@dataclass
class Row:
    task: str
    game: str
    profiles: int
    cells: dict[str, Cell] = field(default_factory=dict)
    equilibria: int | None = None
    per_iteration: bool = False  # times are per iteration, shown as iterations per second
    spreads: dict[str, Spread] = field(default_factory=dict)  # per-game ratios, by peer


def run_row(cfg: Settings, row: Row, calls: dict[str, Job | None]) -> dict[str, Timing]:
    """Times the jobs of a row together; a `None` job is a peer that is not installed."""
    timings = measure(cfg, {name: job for name, job in calls.items() if job is not None})
    for name, job in calls.items():
        row.cells[name] = Cell(timings[name]) if job is not None else Cell(note="not installed")
    return timings


def median_cell(per_game: list[float], games: int, note: str = "") -> Cell:
    """The median over games of the per-game median times."""
    t = Timing(statistics.median(per_game), runs=3, number=1)
    return Cell(t, note=note or f"{len(per_game)}/{games} games")


def cell_text(row: Row, name: str) -> str:
    cell = row.cells.get(name)
    if cell is None:
        return ""
    if cell.timing is None:
        if cell.estimate is not None and (ref := row.cells.get("detente")) and ref.timing:
            return f"{cell.note} (~{fmt_ratio(cell.estimate / ref.timing.median)})"
        return cell.note
    if row.per_iteration:
        text = f"{1 / cell.timing.median:,.3g} it/s"
    else:
        text = fmt_time(cell.timing.median)
    if cell.timing.runs < 3:
        text += f" [{cell.timing.runs} run{'s' if cell.timing.runs > 1 else ''}]"
    if cell.rss_mib is not None:
        text += f", {cell.rss_mib:.3g} MiB peak"
    ref = row.cells.get("detente")
    if name != "detente" and ref and ref.timing:
        text += f" ({fmt_ratio(cell.timing.median / ref.timing.median)})"
    if s := row.spreads.get(name):
        text += (
            f"; per game: geo. mean {fmt_ratio(s.geomean)}, "
            f"min {fmt_ratio(s.low)}, max {fmt_ratio(s.high)} "
            f"({s.games} game{'s' if s.games > 1 else ''})"
        )
    return text


def print_row(row: Row, columns: dict[str, str]) -> None:
    """Prints a row's cells in the order of `columns` (name: header), as it is measured."""
    cells = "; ".join(
        f"{header}: {cell_text(row, m)}" for m, header in columns.items() if m in row.cells
    )
    eq = f"; {row.equilibria} eq." if row.equilibria is not None else ""
    print(f"{row.task} | {row.game} ({row.profiles:,} profiles){eq}\n    {cells}", flush=True)


# ---------------------------------------------------------------------------------------------
# Sections and targets
# ---------------------------------------------------------------------------------------------

# A target of the performance issues: (description, game, measured ratio, target ratio).
Target = tuple[str, str, float | None, float]

# A section's function: the settings, the imported libraries (None where not installed) and
# the section's own random stream; it prints each row as it goes and returns them.
Bench = Callable[[Settings, dict[str, Any], np.random.Generator], list[Row]]


def no_targets(row: Row) -> list[Target]:
    return []


@dataclass(frozen=True)
class Section:
    """One section of the benchmark (`--only NAME`): the function that runs it and the
    targets each of its rows is checked against (none by default)."""

    run: Bench
    targets: Callable[[Row], list[Target]] = no_targets


def ratio(row: Row, peer: str) -> float | None:
    """Peer time / detente time: the geometric mean of the per-game ratios on a row over
    several games, else the ratio of the medians."""
    if s := row.spreads.get(peer):
        return s.geomean
    d, p = row.cells.get("detente"), row.cells.get(peer)
    if not (d and d.timing and p and p.timing):
        return None
    return p.timing.median / d.timing.median


def ratio_kind(row: Row, peer: str) -> str:
    return " (geo. mean of per-game ratios)" if peer in row.spreads else ""


def min_target(desc: str, row: Row) -> Target:
    """Issue 18's floor on a row over several games: no game's ratio below 3× (on short
    paths the fixed cost per call decides)."""
    s = row.spreads.get("quantecon")
    return (f"{desc} (smallest per-game ratio)", row.game, s.low if s else None, 3)
