"""Time detente against its Python peers on the same machine and the same random games.

Peers: pygambit (Gambit's Python API), nashpy, QuantEcon's ``game_theory`` module, scipy's
HiGHS and a vectorised numpy check. Timed tasks:

* game construction from numpy arrays (bimatrix 10x10, 100x100, 500x500; 8 players x 4);
* all pure Nash equilibria of n-player games of 10^4 to ~10^6 pure profiles. Every method
  must find the same set of equilibria on every game (asserted), so the times compare
  equal work. QuantEcon's ``pure_nash_brute`` is skipped where one run is estimated (from
  its first profiles) to take over 60 s; the table then shows the estimate;
* Lemke-Howson with label 0 on random 50x50 to 200x200 games (20 games per size, 3 with
  ``--quick``: path lengths vary wildly; the cell is the median over games of the per-game
  medians, and the quantecon cell adds the geometric mean, min and max over games of the
  per-game ratio quantecon time / detente time, against which the target is checked). Every
  result must be an equilibrium, and the peers dropping the same label must return detente's;
* all extreme equilibria (vertex enumeration, float and exact) of random 10x10 and 12x12
  games (20 games per size, 1 with ``--quick``; per-game ratios as for Lemke-Howson, float
  and exact mode each timed in rounds of their own with quantecon; peak memory over the
  first 2): every peer's set of equilibria must match detente's within 1e-6;
* exact answers on integer games (payoffs in -100..100, often degenerate), section
  ``exact_integer``: exact ``enumerate_all`` at 10x10 and 12x12 against quantecon's float
  ``vertex_enumeration`` (target: at least as fast), and exact Lemke-Howson at 50x50; every
  exact equilibrium is checked to have regret exactly 0 in Python Fractions;
* zero-sum games 200x200 and 500x500: both players' maximin LPs; values agree within 1e-6;
* fictitious play (iterations per second from one start, same start and same trajectory as
  QuantEcon's ``FictitiousPlay``, asserted), best-response dynamics, and the speed-up of 256
  starts on 2 threads over 1 (``RAYON_NUM_THREADS``, one child process each);
* the correlated-equilibrium LP on 2-, 3- and 4-player games of 10^2 to 10^4 profiles
  (detente only: no peer has it);
* the equilibrium payoff set of repeated 2-player games (Abreu-Sannikov) against QuantEcon's
  ``RepeatedGame.equilibrium_payoffs`` on a 2x2, a 3x3 and a 20x20 Cournot game (warm, plus
  QuantEcon's first, JIT-compiling call); the polygons must agree within 1e-6 (Hausdorff).
* round-robin tournaments against the axelrod package (section ``tournament``, in
  ``benches/compare_axelrod.py``): 12 and 50 strategies x 200 turns x 20 repetitions with
  noise 0.05, and mean scores checked against axelrod's without noise. axelrod pulls in torch:
  install it in a venv of its own (``pip install ".[axelrod]"`` there) and name that
  interpreter in ``DETENTE_AXELROD_PYTHON``; without it the section times detente only.

Every row that times a call also shows the peak memory one call adds ("MiB peak"), for
detente and for each peer it times: measured by one mechanism, ``peak_mib``, in a fresh child
process per method and game: the library imported, the game built, a warm-up call made on
another small game (so a JIT or a thread pool is not counted), then the high-water mark
VmHWM reset to the resident size (``/proc/self/clear_refs``), one call, and the rise of VmHWM
read. Rows over several games measure the first 2 games and show the median.

nashpy and pygambit run Lemke-Howson, vertex enumeration and Gambit's LP in child processes
killed after 30 s (5 s with ``--quick``): the cell then says "timeout", and the peer is not
run again on that size or larger ones. Their times are taken in the child (up to 3 runs,
not interleaved with detente's).

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

    python benches/compare_peers.py                # full run: ~15 min, ~4 GB of RAM (Gambit)
    python benches/compare_peers.py --quick        # ~70 s: fewer runs/games, no peers on 10^6
    python benches/compare_peers.py --out results.md
    python benches/compare_peers.py --cpu-time --only enumerate_all   # on a shared machine

The markdown report goes to ``bench-results/peers.md`` unless ``--out`` says otherwise. A
peer that is not installed shows "not installed" in its cells instead of stopping the run.
Run it on an otherwise idle machine: the report warns when the load average exceeded the
number of cores. On a shared, loaded machine ``--cpu-time`` times the in-process calls in
process CPU time (``time.process_time``: every thread of the process, so a parallel call's
helper threads count and its speed-up does not show), which other processes' load moves far
less than wall time. Beside each geometric-mean target over several games, the targets
table checks the smallest per-game ratio (issue 18: no game below 3×).
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.metadata
import importlib.util
import itertools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
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


METHODS = ["detente", "pygambit", "nashpy", "quantecon", "scipy", "numpy"]
METHODS += ["powerindex", "powerindices", "coopgame", "python_dp"]
HEADERS = {
    "detente": "detente",
    "pygambit": "pygambit",
    "nashpy": "nashpy",
    "quantecon": "quantecon",
    "scipy": "scipy HiGHS",
    "numpy": "numpy check",
    "powerindex": "powerindex",
    "powerindices": "powerindices",
    "coopgame": "coopgame-py",
    "python_dp": "plain Python big-int DP",
}
# The tournament section times the axelrod package (benches/compare_axelrod.py).
METHODS.append("axelrod")
HEADERS["axelrod"] = "axelrod"


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
        row_peaks(row, {
            "detente": (DETENTE_SETUP, "dt.Game.from_bimatrix(a, b)"),
            "pygambit": (GAMBIT_SETUP, "gbt.Game.from_arrays(a, b)"),
            "nashpy": (NASHPY_SETUP, "nashpy.Game(a, b)"),
            "quantecon": (QUANTECON_SETUP, "qe.NormalFormGame((qe.Player(a), qe.Player(b.T)))"),
        }, {"a": a, "b": b})
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
    split = "[np.ascontiguousarray(u[..., i]) for i in range(u.ndim - 1)]"
    row_peaks(row, {
        "detente": (DETENTE_SETUP, "dt.Game(u)"),
        "pygambit": (GAMBIT_SETUP + f"arrays = {split}\n", "gbt.Game.from_arrays(*arrays)"),
        "quantecon": (QUANTECON_SETUP, "qe.NormalFormGame(u)"),
    }, {"u": u})
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
        split = f"[np.ascontiguousarray(u[..., i]) for i in range({n})]"
        small = f"qe.NormalFormGame(np.zeros({(2,) * n + (n,)}))"
        row_peaks(row, {
            "detente": (DETENTE_SETUP + "g = dt.Game(u)\n", "dt.solve.pure(g)"),
            "numpy": (BENCH_PATH + "from compare_peers import numpy_pure\n", "numpy_pure(u)"),
            "pygambit": (
                GAMBIT_SETUP + f"gbt.nash.enumpure_solve(_w)\ngg = gbt.Game.from_arrays(*{split})\n",
                "gbt.nash.enumpure_solve(gg)",
            ),
            "quantecon": (
                QUANTECON_SETUP + f"qe.pure_nash_brute({small})\nqg = qe.NormalFormGame(u)\n",
                "qe.pure_nash_brute(qg)",
            ),
        }, {"u": u}, timeout=max(120.0, 3 * cfg.peer_limit))
        rows.append(row)
        print_row(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Mixed equilibria, zero-sum LPs, learning dynamics, correlated equilibria
# ---------------------------------------------------------------------------------------------

AGREE = 1e-6  # every method's equilibria / values must agree within this


def random_bimatrix(m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Standard-normal payoffs: nondegenerate with probability 1, so Lemke-Howson paths and the
    equilibrium sets are unique and every library must return the same ones."""
    return rng.standard_normal((m, m)), rng.standard_normal((m, m))


def fresh_games(
    m: int, games: int, rng: np.random.Generator
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """`games` random m×m bimatrix games, each from its own seed (drawn from the section's
    stream, so fixed, and printed so that any one game can be rebuilt alone with
    `random_bimatrix(m, np.random.default_rng(seed))`)."""
    seeds = [int(s) for s in rng.integers(2**32, size=games)]
    print(f"    {m}×{m} game seeds: {', '.join(map(str, seeds))}", flush=True)
    return [(seed, *random_bimatrix(m, np.random.default_rng(seed))) for seed in seeds]


def games_label(cfg: Settings, m: int, games: int) -> str:
    quick = " (--quick)" if cfg.quick else ""
    return f"random {m}×{m}, {games} game{'s' if games > 1 else ''}{quick}"


def worker_main(spec_json: str) -> int:
    """Child process for peers that may hang (nashpy, pygambit): runs one task on a game read
    from an .npz file, times it (up to 3 runs within `budget` seconds) and prints JSON."""
    import json

    spec = json.loads(spec_json)
    data = np.load(spec["npz"])
    a, b = data["a"], data["b"]
    task, peer, budget = spec["task"], spec["peer"], spec.get("budget", 1.0)

    if peer == "detente-threads":  # fictitious play from many starts, RAYON_NUM_THREADS set
        dt = importlib.import_module("detente")
        g = dt.Game.from_bimatrix(a, b)
        fp = partial(
            dt.dynamics.fictitious_play, g, starts=spec["starts"], max_iter=spec["iters"], tol=0.0
        )
        dt.dynamics.fictitious_play(g, starts=2, max_iter=10, tol=0.0)  # warm-up
        fp_times = []
        for _ in range(3):
            t0 = time.perf_counter()
            runs = fp()
            fp_times.append(time.perf_counter() - t0)
        assert all(r.iterations == spec["iters"] for r in runs)
        print(json.dumps({"times": fp_times, "result": None}))
        return 0

    if peer == "nashpy":
        nash = importlib.import_module("nashpy")
        game = nash.Game(a, b)
        calls = {
            "lh": lambda: [list(map(float, s)) for s in game.lemke_howson(initial_dropped_label=0)],
            "enum": lambda: [[list(map(float, s)) for s in e] for e in game.vertex_enumeration()],
        }
    else:
        gbt = importlib.import_module("pygambit")
        game = gbt.Game.from_arrays(a, b)

        def profiles(res: Any) -> list[list[list[float]]]:
            return [
                [[float(e[s]) for s in p.strategies] for p in game.players] for e in res.equilibria
            ]

        calls = {
            "lh": lambda: profiles(gbt.nash.lcp_solve(game, rational=False, stop_after=1))[0],
            "enum": lambda: profiles(gbt.nash.enummixed_solve(game, rational=False)),
            "lp": lambda: profiles(gbt.nash.lp_solve(game, rational=False))[0],
        }
    fn = calls[task]
    times: list[float] = []
    while len(times) < 3 and (not times or sum(times) < budget):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    print(json.dumps({"times": times, "result": result}))
    return 0


def in_subprocess(
    cfg: Settings,
    task: str,
    peer: str,
    a: np.ndarray,
    b: np.ndarray,
    timeout: float,
    env: dict[str, str] | None = None,
    **extra: Any,
) -> tuple[list[float], Any] | None:
    """Runs `worker_main` in a child process: its times and result; None if it exceeded
    `timeout` seconds."""
    import json
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        npz = os.path.join(tmp, "game.npz")
        np.savez(npz, a=a, b=b)
        spec = json.dumps({"task": task, "peer": peer, "npz": npz, "budget": cfg.budget, **extra})
        try:
            out = subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--worker", spec],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=True,
                env={**os.environ, **(env or {})},
            )
        except subprocess.TimeoutExpired:
            return None
        except subprocess.CalledProcessError as e:
            raise RuntimeError(f"{peer} worker failed on {task}:\n{e.stderr}") from None
    reply = json.loads(out.stdout.strip().splitlines()[-1])
    return reply["times"], reply["result"]


# ---------------------------------------------------------------------------------------------
# Peak memory: one mechanism for every method of every section
# ---------------------------------------------------------------------------------------------

# The child process of `peak_mib`. VmHWM (the high-water mark of the resident set) is reset
# to the current resident size right before the call by writing 5 to /proc/self/clear_refs
# (Linux >= 4.0); where that is refused, the rise is measured over the peak setup reached.
MEMORY_CHILD = """\
def _kib(key):
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(key + ':'):
                return int(line.split()[1])
    raise OSError(key)
import numpy as np
{load}
{setup}
try:
    with open('/proc/self/clear_refs', 'w') as f:
        f.write('5')
except OSError:
    pass
_base = _kib('VmHWM')
{call}
print(_kib('VmHWM') - _base)
"""


def peak_mib(
    setup: str,
    call: str,
    arrays: dict[str, np.ndarray] | None = None,
    timeout: float = 120.0,
    env: dict[str, str] | None = None,
    python: str | None = None,
) -> float | None:
    """The peak memory (MiB) one `call` adds, measured in a fresh Python process: `arrays`
    loaded under their names (from an .npz file), `setup` run (imports, the game built, and
    a warm-up call on another game, so that what a first call allocates once per process, a
    JIT or a thread pool, is not counted), the high-water mark VmHWM reset to the resident
    size, `call` run once, and the rise of VmHWM read. Every "MiB peak" of the report comes
    from here. None if the child fails or exceeds `timeout` seconds. `env` adds environment
    variables; `python` is the interpreter (default: this one)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        load = ""
        if arrays:
            npz = os.path.join(tmp, "arrays.npz")
            np.savez(npz, **arrays)
            load = f"_d = np.load({npz!r})\n" + "".join(f"{k} = _d[{k!r}]\n" for k in arrays)
        code = MEMORY_CHILD.format(load=load, setup=setup, call=call)
        try:
            out = subprocess.run(
                [python or sys.executable, "-c", code],
                capture_output=True,
                text=True,
                timeout=timeout,
                env={**os.environ, **(env or {})},
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None
    if out.returncode != 0:
        print(f"    peak memory not measured ({call[:60]}): {out.stderr.strip()[-300:]}", flush=True)
        return None
    return float(out.stdout.split()[-1]) / 1024


# Setup code of the child processes of `peak_mib`: the libraries imported and warmed up
# on a small game other than the measured one.
DETENTE_SETUP = (
    "import detente as dt\n"
    "_w = dt.Game.from_bimatrix(np.eye(3), np.eye(3))\n"
    "dt.solve.lemke_howson(_w); dt.solve.enumerate_all(_w)\n"
)
QUANTECON_SETUP = (
    "import quantecon.game_theory as qe\n"
    "_w = qe.NormalFormGame((qe.Player(np.eye(3)), qe.Player(np.eye(3))))\n"
)
# Builds `g`, QuantEcon's game of the arrays `a`, `b` (as `quantecon_bimatrix`).
QUANTECON_BIMATRIX = "g = qe.NormalFormGame((qe.Player(a), qe.Player(b.T)))\n"
GAMBIT_SETUP = "import pygambit as gbt\n_w = gbt.Game.from_arrays(np.eye(3), np.eye(3))\n"
NASHPY_SETUP = "import nashpy\n_w = nashpy.Game(np.eye(3), np.eye(3))\n"

# Setup code that lets a child import the benchmark's helpers (numpy_pure, tu_values, ...).
BENCH_PATH = f"import sys\nsys.path.insert(0, {str(Path(__file__).resolve().parent)!r})\n"

# Games on which each row over several games measures memory (memory varies far less than
# time, and each measurement is a child process per method).
MEMORY_GAMES = 2


def with_peaks(row: Row, peaks: dict[str, list[float | None]]) -> None:
    """Sets each method's `rss_mib` on `row` to the median of its measured peaks."""
    for name, values in peaks.items():
        got = [v for v in values if v is not None]
        cell = row.cells.get(name)
        if got and cell is not None and cell.timing is not None:
            cell.rss_mib = statistics.median(got)


def row_peaks(
    row: Row,
    calls: dict[str, tuple[str, str]],
    arrays: dict[str, np.ndarray] | None = None,
    timeout: float = 120.0,
) -> None:
    """Measures `peak_mib(setup, call, arrays)` for each method of `calls` (name: (setup,
    call)) whose cell on `row` has a time, and shows it there."""
    for name, (setup, call) in calls.items():
        cell = row.cells.get(name)
        if cell is not None and cell.timing is not None:
            cell.rss_mib = peak_mib(setup, call, arrays, timeout)


def same_profile(p: Any, q: Any, tol: float = AGREE) -> bool:
    return all(
        np.asarray(x, dtype=float).shape == np.asarray(y, dtype=float).shape
        and np.max(np.abs(np.asarray(x, dtype=float) - np.asarray(y, dtype=float))) <= tol
        for x, y in zip(p, q)
    )


def median_cell(per_game: list[float], games: int, note: str = "") -> Cell:
    """The median over games of the per-game median times."""
    t = Timing(statistics.median(per_game), runs=3, number=1)
    return Cell(t, note=note or f"{len(per_game)}/{games} games")


# Peak memory of the peers run in child processes (`peak_mib`): setup (import, a
# warm-up call on a 3×3 game, the game built from `a` and `b`) and the call of each task.
SUBPEER_MEMORY = {
    "nashpy": (
        NASHPY_SETUP
        + "list(_w.lemke_howson(initial_dropped_label=0))\ngame = nashpy.Game(a, b)\n",
        {
            "lh": "game.lemke_howson(initial_dropped_label=0)",
            "enum": "list(game.vertex_enumeration())",
        },
    ),
    "pygambit": (
        GAMBIT_SETUP
        + "gbt.nash.lcp_solve(_w, rational=False)\ngame = gbt.Game.from_arrays(a, b)\n",
        {
            "lh": "gbt.nash.lcp_solve(game, rational=False, stop_after=1)",
            "enum": "gbt.nash.enummixed_solve(game, rational=False)",
            "lp": "gbt.nash.lp_solve(game, rational=False)",
        },
    ),
}


class SubPeer:
    """A peer run in child processes with a timeout; after one timeout on a size it is not
    run again on that size or larger ones. Its cell shows the median of its times and of the
    peak memory of one call on the first `MEMORY_GAMES` games of a row (`peak_mib`)."""

    def __init__(self, name: str, installed: bool, timeout: float):
        self.name, self.installed, self.timeout = name, installed, timeout
        self.timed_out_at: int | None = None
        self.times: list[float] = []
        self.peaks: list[float | None] = []

    def run(self, cfg: Settings, task: str, size: int, a: np.ndarray, b: np.ndarray) -> Any:
        if not self.installed or self.timed_out_at is not None:
            return None
        reply = in_subprocess(cfg, task, self.name, a, b, self.timeout)
        if reply is None:
            self.timed_out_at = size
            print(f"    {self.name}: timeout ({self.timeout:g} s) on {size}×{size}", flush=True)
            return None
        self.times.append(statistics.median(reply[0]))
        if len(self.peaks) < MEMORY_GAMES:
            setup, calls = SUBPEER_MEMORY[self.name]
            self.peaks.append(peak_mib(setup, calls[task], {"a": a, "b": b}, self.timeout))
        return reply[1]

    def cell(self, size: int, games: int) -> Cell:
        if not self.installed:
            return Cell(note="not installed")
        if self.times and self.timed_out_at is None:
            cell = median_cell(self.times, games)
            if peaks := [p for p in self.peaks if p is not None]:
                cell.rss_mib = statistics.median(peaks)
            return cell
        if self.timed_out_at is not None and self.timed_out_at < size:
            return Cell(note=f"skipped (timeout on {self.timed_out_at}×{self.timed_out_at})")
        if self.times:  # some games done, then a timeout
            return Cell(note=f"timeout > {self.timeout:g} s on a game ({len(self.times)} done)")
        return Cell(note=f"timeout > {self.timeout:g} s")

    def reset(self) -> None:
        self.times = []
        self.peaks = []


def bench_lemke_howson(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    dt, qe = mods["detente"], mods["quantecon"]
    sizes = (50, 100) if cfg.quick else (50, 100, 200)
    games = 3 if cfg.quick else 20
    nash = SubPeer("nashpy", mods["nashpy"] is not None, cfg.sub_timeout)
    gbt = SubPeer("pygambit", mods["pygambit"] is not None, cfg.sub_timeout)
    rows = []
    for m in sizes:
        row = Row("Lemke-Howson (label 0)", games_label(cfg, m, games), m * m)
        per_game: dict[str, list[float]] = {"detente": [], "quantecon": []}
        peaks: dict[str, list[float | None]] = {"detente": [], "quantecon": []}
        elsewhere: list[int] = []  # seeds of games where quantecon ends at another equilibrium
        nash.reset()
        gbt.reset()
        for k, (seed, a, b) in enumerate(fresh_games(m, games, rng)):
            g = dt.Game.from_bimatrix(a, b)
            # detente's default pivot cap grows with the game (1.6 million at 200×200), so some
            # 200×200 paths of about 200 000 pivots finish, as with QuantEcon's max_iter
            lh = partial(dt.solve.lemke_howson, g, label=0)
            if k < MEMORY_GAMES:  # peak memory of one call each, in child processes
                arrays = {"a": a, "b": b}
                peaks["detente"].append(
                    peak_mib(
                        DETENTE_SETUP + "g = dt.Game.from_bimatrix(a, b)\n",
                        "dt.solve.lemke_howson(g, label=0)",
                        arrays,
                    )
                )
                if qe:
                    peaks["quantecon"].append(
                        peak_mib(
                            QUANTECON_SETUP
                            + "qe.lemke_howson(_w)\n"
                            + QUANTECON_BIMATRIX,
                            "qe.lemke_howson(g, init_pivot=0)",
                            arrays,
                        )
                    )
            calls = {"detente": Job(lh)}
            if qe:
                calls["quantecon"] = Job(
                    partial(qe.lemke_howson, quantecon_bimatrix(qe, a, b), init_pivot=0)
                )
            timings = measure(cfg, calls)
            ref = timings["detente"].result.strategies
            assert g.max_regret(ref) <= AGREE, f"detente LH regret {g.max_regret(ref)}"
            for name, t in timings.items():
                per_game[name].append(t.median)
            if qe:  # same dropped label on a nondegenerate game: the same end of the path...
                q = timings["quantecon"].result
                assert g.max_regret(q) <= AGREE, f"quantecon LH regret {g.max_regret(q)}"
                if not same_profile(q, ref):
                    # ...in exact arithmetic; on a 200×200 path of ~790 000 float pivots
                    # (quantecon's count) rounding took one of the two elsewhere: both must
                    # still be equilibria, and the row names the game's seed
                    elsewhere.append(seed)
                    print(f"    quantecon ends at another equilibrium on seed {seed}", flush=True)
            for peer, same_label in ((nash, True), (gbt, False)):
                prof = peer.run(cfg, "lh", m, a, b)
                if prof is None:
                    continue
                assert g.max_regret(prof) <= AGREE, f"{peer.name} LH regret {g.max_regret(prof)}"
                if same_label:  # Gambit's lcp does not document which label it drops first
                    assert same_profile(prof, ref), f"{peer.name} LH disagrees on {m}×{m}"
        for name, times in per_game.items():  # path lengths vary: show the spread
            print(f"    {name} per game: " + ", ".join(fmt_time(t) for t in times), flush=True)
        if elsewhere:
            seeds = ", ".join(map(str, elsewhere))
            row.game += f"; quantecon ends at another equilibrium on seed {seeds}"
        row.cells["detente"] = median_cell(per_game["detente"], games)
        row.cells["quantecon"] = (
            median_cell(per_game["quantecon"], games) if qe else Cell(note="not installed")
        )
        if qe:
            row.spreads["quantecon"] = spread(per_game["quantecon"], per_game["detente"])
        with_peaks(row, peaks)
        row.cells["nashpy"] = nash.cell(m, games)
        row.cells["pygambit"] = gbt.cell(m, games)
        row.cells["numpy"] = Cell(note="—")
        row.equilibria = 1
        rows.append(row)
        print_row(row)
    return rows


def same_set(name: str, found: list[Any], ref: list[Any]) -> None:
    """Asserts that `found` (duplicates within 1e-6 merged) is the set `ref` within 1e-6."""
    distinct: list[Any] = []
    for p in found:
        if not any(same_profile(p, q) for q in distinct):
            distinct.append(p)
    assert len(distinct) == len(ref) and all(
        any(same_profile(p, q) for q in ref) for p in distinct
    ), f"{name}: {len(distinct)} equilibria, detente found {len(ref)}"


def bench_enumerate_all(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    dt, qe = mods["detente"], mods["quantecon"]
    games = 1 if cfg.quick else 20
    nash = SubPeer("nashpy", mods["nashpy"] is not None, cfg.sub_timeout)
    gbt = SubPeer("pygambit", mods["pygambit"] is not None, cfg.sub_timeout)
    rows = []
    for m in (10, 12):
        per_game: dict[str, list[float]] = {
            "detente": [],
            "exact": [],
            "quantecon": [],
            "quantecon detente": [],
            "quantecon exact": [],
        }
        # Peak memory (MiB) one call adds, each measured alone in a child process.
        peaks: dict[str, list[float | None]] = {"detente": [], "exact": [], "quantecon": []}
        counts = []
        nash.reset()
        gbt.reset()
        for k, (_, a, b) in enumerate(fresh_games(m, games, rng)):
            g = dt.Game.from_bimatrix(a, b)
            # Float and exact mode are each timed in interleaved rounds of their own with
            # quantecon, and each row's ratios use its own round's quantecon times: in one
            # round for all three, every float sample followed a call of exact mode (~100
            # times longer, its big integers filling the caches and the allocator's lists).
            timings = {}
            for name, exact in (("detente", False), ("exact", True)):
                calls = {name: Job(partial(dt.solve.enumerate_all, g, exact=exact))}
                if qe:
                    calls["quantecon"] = Job(
                        qe.vertex_enumeration, (quantecon_bimatrix(qe, a, b),)
                    )
                timed = measure(cfg, calls)
                timings[name] = timed[name]
                per_game[name].append(timed[name].median)
                if qe:
                    timings["quantecon"] = timed["quantecon"]
                    per_game[f"quantecon {name}"].append(timed["quantecon"].median)
            if qe:  # the quantecon cell: the float round's times
                per_game["quantecon"].append(per_game["quantecon detente"][-1])
            if k < MEMORY_GAMES:  # peak memory of one call each, in child processes
                arrays = {"a": a, "b": b}
                setup = DETENTE_SETUP + "g = dt.Game.from_bimatrix(a, b)\n"
                for name, exact in (("detente", False), ("exact", True)):
                    call = f"dt.solve.enumerate_all(g, exact={exact})"
                    peaks[name].append(peak_mib(setup, call, arrays))
                if qe:
                    peaks["quantecon"].append(
                        peak_mib(
                            QUANTECON_SETUP
                            + "qe.vertex_enumeration(_w)\n"
                            + QUANTECON_BIMATRIX,
                            "qe.vertex_enumeration(g)",
                            arrays,
                        )
                    )
            ref = [e.strategies for e in timings["detente"].result]
            exact = [e.strategies for e in timings["exact"].result]
            counts.append(len(ref))

            same_set(f"detente exact on {m}×{m}", exact, ref)
            if qe:
                same_set(f"quantecon on {m}×{m}", list(timings["quantecon"].result), ref)
            for peer in (nash, gbt):
                found = peer.run(cfg, "enum", m, a, b)
                if found is not None:
                    same_set(f"{peer.name} on {m}×{m}", found, ref)
        common = {
            "quantecon": median_cell(per_game["quantecon"], games)
            if qe
            else Cell(note="not installed"),
            "nashpy": nash.cell(m, games),
            "pygambit": gbt.cell(m, games),
            "numpy": Cell(note="—"),
        }
        eqs = statistics.median(counts)
        for kind, key in (("float", "detente"), ("exact", "exact")):
            row = Row(f"all equilibria ({kind})", games_label(cfg, m, games), m * m)
            row.cells = {"detente": median_cell(per_game[key], games), **common}
            with_peaks(row, {"detente": peaks[key], "quantecon": peaks["quantecon"]})
            if qe:
                row.spreads["quantecon"] = spread(per_game[f"quantecon {key}"], per_game[key])
            row.equilibria = int(eqs) if eqs == int(eqs) else None
            rows.append(row)
            print_row(row)
    return rows


def highs_zero_sum(
    linprog: Callable[..., Any], A: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Both players' maximin LPs with HiGHS. Row: max v s.t. Aᵀx ≥ v, Σx = 1, x ≥ 0.
    Column: min w s.t. A y ≤ w, Σy = 1, y ≥ 0."""
    m, n = A.shape
    row = linprog(
        np.r_[np.zeros(m), -1.0],
        A_ub=np.c_[-A.T, np.ones(n)],
        b_ub=np.zeros(n),
        A_eq=np.r_[np.ones(m), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)],
        method="highs",
    )
    col = linprog(
        np.r_[np.zeros(n), 1.0],
        A_ub=np.c_[A, -np.ones(m)],
        b_ub=np.zeros(m),
        A_eq=np.r_[np.ones(n), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * n + [(None, None)],
        method="highs",
    )
    assert row.status == 0 and col.status == 0
    return -row.fun, row.x[:m], col.x[:n]


def check_zero_sum(g: Any, A: np.ndarray, value: float, name: str, x: Any, y: Any) -> None:
    """Asserts that (x, y) is an equilibrium of the zero-sum game A with detente's value."""
    v = float(np.asarray(x) @ A @ np.asarray(y))
    assert g.max_regret([x, y]) <= AGREE, f"{name} zero-sum regret {g.max_regret([x, y])}"
    assert abs(v - value) <= AGREE, f"{name} value {v} vs detente {value}"


def bench_zero_sum(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    dt, nash = mods["detente"], mods["nashpy"]
    scipy_opt = try_import("scipy.optimize")
    gbt = SubPeer("pygambit", mods["pygambit"] is not None, cfg.sub_timeout)
    rows = []
    for m in (200,) if cfg.quick else (200, 500):
        A = rng.standard_normal((m, m))
        row = Row("zero-sum LP (both players)", f"random {m}×{m}", m * m)
        calls: dict[str, Job | None] = {"detente": Job(dt.solve.zero_sum, (A,))}
        calls["scipy"] = Job(highs_zero_sum, (scipy_opt.linprog, A)) if scipy_opt else None
        calls["nashpy"] = Job(nash.Game(A, -A).linear_program) if nash else None
        timings = run_row(cfg, row, calls)
        sol = timings["detente"].result
        g = dt.Game.zero_sum(A)
        check = partial(check_zero_sum, g, A, sol.value)
        check("detente", *sol.strategies)
        if "scipy" in timings:
            v, x, y = timings["scipy"].result
            assert abs(v - sol.value) <= AGREE, f"HiGHS value {v} vs detente {sol.value}"
            check("HiGHS", x, y)
        if "nashpy" in timings:
            check("nashpy", *timings["nashpy"].result)
        scipy_setup = "from scipy.optimize import linprog\nhighs_zero_sum(linprog, np.eye(3) + 1)\n"
        row_peaks(row, {
            "detente": (DETENTE_SETUP, "dt.solve.zero_sum(A)"),
            "scipy": (
                BENCH_PATH + "from compare_peers import highs_zero_sum\n" + scipy_setup,
                "highs_zero_sum(linprog, A)",
            ),
            "nashpy": (
                "import nashpy\nnashpy.Game(np.eye(3), -np.eye(3)).linear_program()\n"
                + "zs = nashpy.Game(A, -A)\n",
                "zs.linear_program()",
            ),
        }, {"A": A})
        prof = gbt.run(cfg, "lp", m, A, -A)
        if prof is not None:
            check("pygambit", *prof)
        row.cells["pygambit"] = gbt.cell(m, 1)
        if row.cells["pygambit"].timing:
            row.cells["pygambit"].note = ""
        row.cells["quantecon"] = Cell(note="—")
        row.cells["numpy"] = Cell(note="—")
        rows.append(row)
        print_row(row)
    return rows


def bench_dynamics(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    """Iterations per second from one start (one core). detente and QuantEcon's FictitiousPlay
    run the same update (step 1/(t+2) from the start, lowest-index ties) from the same start;
    their profiles after `check` iterations must agree. Timing uses more iterations for the
    faster one; the cells show time per iteration (printed as iterations/s)."""
    dt, qe = mods["detente"], mods["quantecon"]
    rows = []
    n_dt = 200_000 if cfg.quick else 2_000_000
    n_qe = 1_000 if cfg.quick else 10_000
    check = 1_000
    for m in (50, 200):
        a, b = random_bimatrix(m, rng)
        g = dt.Game.from_bimatrix(a, b)
        x0, y0 = rng.dirichlet(np.ones(m)), rng.dirichlet(np.ones(m))
        # tol = 0 never triggers: the empirical mixtures stay interior, never an exact equilibrium
        fp = partial(dt.dynamics.fictitious_play, g, starts=[[x0, y0]], tol=0.0)
        runs = fp(max_iter=check)
        assert runs[0].iterations == check and not runs[0].converged
        row = Row("fictitious play, 1 start (it/s)", f"random {m}×{m}", m * m)
        row.per_iteration = True
        calls: dict[str, Job | None] = {"detente": Job(partial(fp, max_iter=n_dt))}
        if qe:
            qfp = qe.FictitiousPlay(quantecon_bimatrix(qe, a, b))
            q = qfp.play(actions=(x0, y0), num_reps=check)
            assert same_profile(q, runs[0].final_profile), "quantecon FP disagrees with detente"
            calls["quantecon"] = Job(partial(qfp.play, actions=(x0, y0), num_reps=n_qe))
        else:
            calls["quantecon"] = None
        timings = run_row(cfg, row, calls)
        assert timings["detente"].result[0].iterations == n_dt
        arrays = {"a": a, "b": b, "x0": x0, "y0": y0}
        peaks = {
            "detente": [
                peak_mib(
                    DETENTE_SETUP + "g = dt.Game.from_bimatrix(a, b)\n",
                    f"dt.dynamics.fictitious_play(g, starts=[[x0, y0]], tol=0.0, max_iter={n_dt})",
                    arrays,
                )
            ]
        }
        if qe:
            peaks["quantecon"] = [
                peak_mib(
                    QUANTECON_SETUP
                    + "qe.FictitiousPlay(_w).play(num_reps=10)\n"
                    + "fp = qe.FictitiousPlay(qe.NormalFormGame((qe.Player(a), qe.Player(b.T))))\n",
                    f"fp.play(actions=(x0, y0), num_reps={n_qe})",
                    arrays,
                )
            ]
        for name, n in (("detente", n_dt), ("quantecon", n_qe)):
            if name in timings:
                t = timings[name]
                row.cells[name] = Cell(Timing(t.median / n, t.runs, t.number))
        with_peaks(row, peaks)
        for peer in ("pygambit", "nashpy"):
            row.cells[peer] = Cell(note="—")
        row.cells["numpy"] = Cell(note="—")
        rows.append(row)
        print_row(row)

        # Best-response dynamics (no peer has it for asymmetric games): updates per second
        # over 256 random pure starts; runs stop when they converge or cycle.
        brd = partial(dt.dynamics.best_response, g, starts=256, max_iter=100_000)
        row = Row("best-response dynamics, 256 starts (updates/s)", f"random {m}×{m}", m * m)
        row.per_iteration = True
        t = measure(cfg, {"detente": Job(brd)})["detente"]
        updates = sum(r.iterations for r in t.result)
        row.cells["detente"] = Cell(Timing(t.median / max(updates, 1), t.runs, t.number))
        row.cells["detente"].rss_mib = peak_mib(
            DETENTE_SETUP + "g = dt.Game.from_bimatrix(a, b)\n",
            "dt.dynamics.best_response(g, starts=256, max_iter=100_000)",
            {"a": a, "b": b},
        )
        for peer in ("pygambit", "nashpy", "quantecon", "numpy"):
            row.cells[peer] = Cell(note="—")
        rows.append(row)
        print_row(row)

    # Thread scaling: fictitious play from 256 starts, one child process per thread count,
    # alternating 1, 2, 1, 2 so that load from other processes hits both alike.
    m = 50
    a, b = random_bimatrix(m, rng)
    iters = 2_000 if cfg.quick else 20_000
    best: dict[int, list[float]] = {1: [], 2: []}
    for threads in (1, 2) * (1 if cfg.quick else 2):
        reply = in_subprocess(
            cfg,
            "fp",
            "detente-threads",
            a,
            b,
            600,
            env={"RAYON_NUM_THREADS": str(threads)},
            starts=256,
            iters=iters,
        )
        assert reply is not None
        best[threads].append(statistics.median(reply[0]))
    t1, t2 = statistics.median(best[1]), statistics.median(best[2])
    row = Row("fictitious play, 256 starts", f"random {m}×{m}, {iters:,} it./start", m * m)
    note = f"1 thread {fmt_time(t1)}, 2 threads {fmt_time(t2)}: speed-up {t1 / t2:.2f}×"
    peak = peak_mib(
        DETENTE_SETUP + "g = dt.Game.from_bimatrix(a, b)\n",
        f"dt.dynamics.fictitious_play(g, starts=256, max_iter={iters}, tol=0.0)",
        {"a": a, "b": b},
        env={"RAYON_NUM_THREADS": "2"},
    )
    if peak is not None:
        note += f"; {peak:.3g} MiB peak on 2 threads"
    row.cells["detente"] = Cell(note=note)
    for peer in ("pygambit", "nashpy", "quantecon", "numpy"):
        row.cells[peer] = Cell(note="—")
    rows.append(row)
    print_row(row)
    return rows


def bench_correlated(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    dt = mods["detente"]
    shapes = {
        100: [(10, 10), (4, 5, 5), (3, 3, 3, 4)],
        1000: [(25, 40), (10, 10, 10), (5, 5, 5, 8)],
        10000: [(100, 100), (20, 20, 25), (10, 10, 10, 10)],
    }
    rows = []
    for profiles, cases in shapes.items():
        if cfg.quick and profiles > 1000:
            continue
        for shape in cases:
            u = rng.standard_normal((*shape, len(shape)))
            g = dt.Game(u)
            label = "×".join(map(str, shape))
            row = Row(
                "correlated equilibrium LP", f"{len(shape)} players, {label}", math.prod(shape)
            )
            t = run_row(cfg, row, {"detente": Job(dt.solve.correlated, (g,))})["detente"]
            assert t.result.max_deviation_gain <= AGREE, t.result.max_deviation_gain
            row.cells["detente"].rss_mib = peak_mib(
                DETENTE_SETUP + "g = dt.Game(u)\n", "dt.solve.correlated(g)", {"u": u}
            )
            for peer in ("pygambit", "nashpy", "quantecon", "numpy"):
                row.cells[peer] = Cell(note="n/a")
            rows.append(row)
            print_row(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Repeated games: the equilibrium payoff set (Abreu-Sannikov)
# ---------------------------------------------------------------------------------------------


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
        ("PD of QuantEcon's docs [[9,1],[10,3]], δ = 0.9",
         np.array([[9.0, 1.0], [10.0, 3.0]]), np.array([[9.0, 10.0], [1.0, 3.0]]), 0.9),
        ("Abreu-Sannikov 3×3 example (QuantEcon's tests), δ = 0.3",
         np.array([[16.0, 3, 0], [21, 10, -1], [9, 5, -5]]),
         np.array([[9.0, 13, 3], [1, 4, 0], [0, -4, -15]]), 0.3),
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
                row_peaks(cold_row, {
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
                }, {"a": a, "b": b})
                rows.append(cold_row)
                print_row(cold_row)
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
        print_row(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Voting games (detente.coalition): exact power indices at the scale of real assemblies
# ---------------------------------------------------------------------------------------------

# EU-27 population shares (%, 2016 Council figures for the EU-28 as reported by Agence Europe,
# Europe Daily Bulletin 11449, 9 Dec 2015; the United Kingdom left out). Used as weights in
# hundredths of a percent, and, multiplied by the 2016 total of 508,940,955, as approximate
# populations in thousands (the resolution of a real population rule, for timing).
EU27_SHARES = {
    "Germany": 15.93, "France": 13.04, "Italy": 12.07, "Spain": 9.12, "Poland": 7.47,
    "Romania": 3.9, "Netherlands": 3.37, "Belgium": 2.21, "Greece": 2.13, "Czechia": 2.05,
    "Portugal": 2.04, "Hungary": 1.94, "Sweden": 1.92, "Austria": 1.69, "Bulgaria": 1.42,
    "Denmark": 1.11, "Finland": 1.08, "Slovakia": 1.06, "Ireland": 0.91, "Croatia": 0.83,
    "Lithuania": 0.57, "Slovenia": 0.41, "Latvia": 0.39, "Estonia": 0.26, "Cyprus": 0.17,
    "Luxembourg": 0.11, "Malta": 0.08,
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
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
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
    setup = (
        "import detente as dt\n"
        f"g = dt.WeightedVotingGame({quota}, {weights})\n"
    )
    board = (
        f"IMF-style board, 190 members, weights in basis points (total {sum(weights):,}, "
        f"{len(set(weights))} distinct), simple majority"
    )
    for index in ("shapley_shubik", "banzhaf"):
        row = Row(f"{index} (exact)", board, 190)
        jobs: dict[str, Job | None] = {"detente": Job(getattr(game, index), (), number=1)}
        t = run_row(cfg, row, jobs)["detente"]
        exact = list(getattr(game, index)(exact=True))
        assert sum(exact) == 1
        row.cells["detente"].rss_mib = peak_mib(setup, f"g.{index}()")
        cpu = cpu_per_call(getattr(game, index))
        # Plain Python big integers: the issue's baseline.
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
        row_peaks(row, {
            "python_dp": (BENCH_PATH + f"from compare_peers import {dp}\n", f"{dp}({quota}, {weights})"),
            "powerindex": (
                "import powerindex as px\n", f"_g = px.Game({quota}, {weights})\n_g.calc_{index}()"
            ),
            "powerindices": ("import powerindices\n", f"powerindices.{pis}({quota}, {weights})"),
        })
        rows.append(row)
        print_row(row)
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
            row = Row(f"{index} (exact)", f"EU-27 Council, Lisbon rule + blocking clause, {label}", 27)
            run_row(cfg, row, {"detente": Job(getattr(eu, index), (), number=1)})
            assert sum(getattr(eu, index)(exact=True)) == 1
            code = f"import detente as dt\neu = dt.VotingGame.eu_council({pop})"
            row.cells["detente"].rss_mib = peak_mib(code, f"eu.{index}()")
            row.cells["powerindex"] = Cell(note="cannot express the rule (one weight vector)")
            row.cells["coopgame"] = Cell(note="not run: 2^27 coalition values (1 GiB)")
            row.cells["python_dp"] = Cell(note="n/a")
            rows.append(row)
            print_row(row)
            voting_target(row, cpu_per_call(getattr(eu, index)), 0.1)
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


def print_row(row: Row) -> None:
    cells = "; ".join(f"{HEADERS[m]}: {cell_text(row, m)}" for m in METHODS if m in row.cells)
    eq = f"; {row.equilibria} eq." if row.equilibria is not None else ""
    print(f"{row.task} | {row.game} ({row.profiles:,} profiles){eq}\n    {cells}", flush=True)


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


def min_target(desc: str, row: Row) -> tuple[str, str, float | None, float]:
    """Issue 18's floor on a row over several games: no game's ratio below 3× (on short
    paths the fixed cost per call decides)."""
    s = row.spreads.get("quantecon")
    return (f"{desc} (smallest per-game ratio)", row.game, s.low if s else None, 3)


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
    for row in rows:
        if row.task.startswith("Lemke-Howson") and row.profiles == 200 * 200:
            desc = "Lemke-Howson vs quantecon" + ratio_kind(row, "quantecon")
            out.append((desc, row.game, ratio(row, "quantecon"), 10))
            out.append(min_target("Lemke-Howson vs quantecon", row))
        # The target is for the float search, whose equilibria carry exact certificates; the
        # exact-arithmetic row is reported beside it without one.
        if row.task == "all equilibria (float)":
            desc = f"{row.task} vs quantecon" + ratio_kind(row, "quantecon")
            out.append((desc, row.game, ratio(row, "quantecon"), 10))
            out.append(min_target(f"{row.task} vs quantecon", row))
        if row.task.startswith("zero-sum LP"):
            out.append(("zero-sum LP vs HiGHS (scipy)", row.game, ratio(row, "scipy"), 1))
        if row.task.startswith("fictitious play, 1 start"):
            out.append(("fictitious play it/s vs quantecon", row.game, ratio(row, "quantecon"), 20))
        if row.task == "equilibrium payoff set (Abreu-Sannikov)":
            out.append(("payoff set vs quantecon (warm)", row.game, ratio(row, "quantecon"), 10))
    for row in rows:
        if row.task.endswith("(exact)") and row.profiles == 190:
            out.append((f"{row.task} vs plain Python DP", row.game, ratio(row, "python_dp"), 1))
        if row.task == "tournament, noise 0.05":
            out.append(("tournament turns/s vs axelrod", row.game, ratio(row, "axelrod"), 200))
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
            f"{' --quick' if cfg.quick else ''}{' --cpu-time' if cfg.cpu_time else ''}`; "
            f"load average at the end {load_average()}."
        ),
        "",
        *machine(load_at_start),
        "",
        (
            (
                "Times are process CPU time (all threads; nashpy and pygambit: wall time in "
                "their child processes). "
                if cfg.cpu_time
                else ""
            )
            + f"Each time is the median of k runs after a warm-up (k from {cfg.min_runs} to "
            f"{cfg.max_runs}, stopping after {cfg.budget:g} s; calls slower than "
            f"{cfg.single_run_above:g} s are timed once, marked [1 run]). "
            "In parentheses: peer time / detente time (higher = detente faster). "
            "Construction uses standard-normal payoffs; pure-equilibrium games have random "
            "integer payoffs (exact in every library's number type) with one planted "
            "equilibrium, and every method found the same set of equilibria on every game "
            "(asserted). Mixed-equilibrium rows use standard-normal payoffs; a row over several "
            "games shows the median over games of the per-game medians (quantecon's cell adds "
            "the geometric mean, min and max over games of the per-game ratios, which the "
            "targets use; game seeds are printed on the console), and every peer's "
            "equilibria (Lemke-Howson: same label for quantecon and nashpy, except on games "
            "whose seed the row names; all equilibria: "
            "the whole set) or zero-sum value agreed with detente's within 1e-6 (asserted). "
            "nashpy and pygambit ran in child processes with a timeout of "
            f"{cfg.sub_timeout:g} s (timed in the child, up to 3 runs). Dynamics rows show "
            "iterations per second on one core (one start; fictitious play from the same start "
            "as QuantEcon, same profile after 1,000 iterations, asserted). \"MiB peak\" is the "
            "peak memory one call adds (the rise of the high-water mark VmHWM, reset before "
            "the call), in a child process after importing, building the game and warming up "
            "on another game (median over the first 2 games of a multi-game row)."
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


def bench_tournament(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    """Round-robin tournaments against the axelrod package (benches/compare_axelrod.py: same
    strategies, 200 turns x 20 repetitions, noise 0.05; the no-noise rows check that mean
    scores agree). axelrod runs in a child process with the interpreter named by
    DETENTE_AXELROD_PYTHON (it pulls in torch, so it usually has a venv of its own); when it is
    not importable there its cells say so."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
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
        if r["axelrod"]:
            a = r["axelrod"]
            row.cells["axelrod"] = Cell(Timing(statistics.median(a), len(a), 1))
        else:
            row.cells["axelrod"] = Cell(note=r["note"])
        print_row(row)
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# TU games (detente.TUGame) against coopgame-py
# ---------------------------------------------------------------------------------------------

METHODS.append("coopgame")
HEADERS["coopgame"] = "coopgame-py"


def tu_values(n: int, seed: int) -> np.ndarray:
    """A general TU game of n players: v(S) = |S| * U(0, 1), v(N) = n (so the imputation set
    is non-empty), indexed by bitmask."""
    rng = np.random.default_rng([SEED, 16, n, seed])
    sizes = np.array([bin(s).count("1") for s in range(2**n)], dtype=float)
    v = rng.random(2**n) * sizes
    v[0], v[-1] = 0.0, float(n)
    return v


def bench_tu(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
    """Shapley value and nucleolus of general TU games (the issue's n = 20), detente against
    coopgame-py; answers compared within 1e-6 (a peer that differs is marked wrong)."""
    dt = mods["detente"]
    cg = try_import("coopgame")
    rows = []
    sizes = [12, 16, 20] if not cfg.quick else [12, 20]
    for n in sizes:
        v = tu_values(n, 0)
        g = dt.TUGame(v)
        cgame = cg.Game(list(v[1:])) if cg is not None else None
        for task, ours, theirs in (
            ("TU Shapley value", g.shapley, lambda: cg.shapley(cgame)),
            ("TU nucleolus", lambda: g.nucleolus(), lambda: cg.nucleolus(cgame)),
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
            if n == 20:  # peak memory of one call, each library warmed up on n = 4
                kind = "shapley" if task == "TU Shapley value" else "nucleolus"
                setup = BENCH_PATH + f"from compare_peers import tu_values\nv = tu_values({n}, 0)\n"
                row_peaks(row, {
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
                })
            rows.append(row)
            print_row(row)
    return rows


def integer_games(
    m: int, games: int, rng: np.random.Generator
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """`games` random m×m games with integer payoffs in −100..100 (often degenerate: ties),
    each from its own seed, printed as `fresh_games` does."""
    seeds = [int(s) for s in rng.integers(2**32, size=games)]
    print(f"    {m}×{m} integer game seeds: {', '.join(map(str, seeds))}", flush=True)
    out = []
    for seed in seeds:
        r = np.random.default_rng(seed)
        out.append((seed, r.integers(-100, 101, (m, m)), r.integers(-100, 101, (m, m))))
    return out


def exact_regret(a: np.ndarray, b: np.ndarray, x: list[Fraction], y: list[Fraction]) -> Fraction:
    """The larger player's regret of (x, y) in the integer bimatrix game (a, b), in
    Fractions (an independent check of detente's exact answers)."""
    m, n = a.shape
    rows = [sum(int(a[i, j]) * y[j] for j in range(n)) for i in range(m)]
    cols = [sum(int(b[i, j]) * x[i] for i in range(m)) for j in range(n)]
    return max(
        max(rows) - sum(x[i] * rows[i] for i in range(m)),
        max(cols) - sum(y[j] * cols[j] for j in range(n)),
    )


def bench_exact_integer(
    cfg: Settings, mods: dict[str, Any], rng: np.random.Generator
) -> list[Row]:
    """Issue 18's exact targets on integer games: exact `enumerate_all` at 10×10 and 12×12
    against quantecon's float `vertex_enumeration` (20 games each, 1 with ``--quick``), and
    exact Lemke-Howson (label 0) at 50×50 beside detente's float path. Every exact
    equilibrium must have exact regret zero; quantecon's float answers are not compared
    (its vertex enumeration assumes nondegenerate games, which these often are not)."""
    dt, qe = mods["detente"], mods["quantecon"]
    games = 1 if cfg.quick else 20
    rows = []
    for m in (10, 12):
        per_game: dict[str, list[float]] = {"detente": [], "quantecon": []}
        peaks: dict[str, list[float | None]] = {"detente": [], "quantecon": []}
        for k, (_, a, b) in enumerate(integer_games(m, games, rng)):
            if k < MEMORY_GAMES:
                peaks["detente"].append(peak_mib(
                    DETENTE_SETUP + "g = dt.Game.from_bimatrix(a, b)\n",
                    "dt.solve.enumerate_all(g, exact=True)",
                    {"a": a, "b": b},
                ))
                if qe:
                    peaks["quantecon"].append(peak_mib(
                        QUANTECON_SETUP + "qe.vertex_enumeration(_w)\n" + QUANTECON_BIMATRIX,
                        "qe.vertex_enumeration(g)",
                        {"a": a, "b": b},
                    ))
            g = dt.Game.from_bimatrix(a, b)
            calls = {"detente": Job(partial(dt.solve.enumerate_all, g, exact=True))}
            if qe:
                calls["quantecon"] = Job(qe.vertex_enumeration, (quantecon_bimatrix(qe, a, b),))
            timings = measure(cfg, calls)
            for name, t in timings.items():
                per_game[name].append(t.median)
            for eq in timings["detente"].result:
                assert exact_regret(a, b, *eq.exact_strategies) == 0
        row = Row("all equilibria (exact), integer payoffs", games_label(cfg, m, games), m * m)
        row.cells = {
            "detente": median_cell(per_game["detente"], games),
            "quantecon": median_cell(per_game["quantecon"], games)
            if qe
            else Cell(note="not installed"),
            "numpy": Cell(note="—"),
        }
        if qe:
            row.spreads["quantecon"] = spread(per_game["quantecon"], per_game["detente"])
        with_peaks(row, peaks)
        rows.append(row)
        print_row(row)
    m = 50
    per_game = {"detente": [], "quantecon": []}
    peaks = {"detente": [], "quantecon": []}
    for k, (_, a, b) in enumerate(integer_games(m, games, rng)):
        if k < MEMORY_GAMES:
            peaks["detente"].append(peak_mib(
                DETENTE_SETUP + "g = dt.Game.from_bimatrix(a, b)\n",
                "dt.solve.lemke_howson(g, label=0, exact=True)",
                {"a": a, "b": b},
            ))
            if qe:
                peaks["quantecon"].append(peak_mib(
                    QUANTECON_SETUP + "qe.lemke_howson(_w)\n" + QUANTECON_BIMATRIX,
                    "qe.lemke_howson(g, init_pivot=0)",
                    {"a": a, "b": b},
                ))
        g = dt.Game.from_bimatrix(a, b)
        calls = {"detente": Job(partial(dt.solve.lemke_howson, g, label=0, exact=True))}
        if qe:
            calls["quantecon"] = Job(
                partial(qe.lemke_howson, quantecon_bimatrix(qe, a, b), init_pivot=0)
            )
        timings = measure(cfg, calls)
        for name, t in timings.items():
            per_game[name].append(t.median)
        eq = timings["detente"].result
        assert exact_regret(a, b, *eq.exact_strategies) == 0
    row = Row("Lemke-Howson (exact), integer payoffs", games_label(cfg, m, games), m * m)
    qe_median = fmt_time(statistics.median(per_game["quantecon"])) if qe else ""
    if qe_peaks := [p for p in peaks["quantecon"] if p is not None]:
        qe_median += f", {statistics.median(qe_peaks):.3g} MiB peak"
    row.cells = {
        "detente": median_cell(per_game["detente"], games),
        # A note, not a time: no ratio between an exact path and a float one.
        "quantecon": Cell(note=f"floats: {qe_median}") if qe else Cell(note="not installed"),
        "numpy": Cell(note="—"),
    }
    # No ratio: quantecon follows the path in floats; the row shows what exactness costs.
    with_peaks(row, {"detente": peaks["detente"]})
    rows.append(row)
    print_row(row)
    return rows


_targets_before_tu = targets


def targets(rows: list[Row]) -> list[tuple[str, str, float | None, float]]:  # noqa: F811
    """The targets above, and the TU games' (issue 16): n = 20 Shapley and nucleolus at
    least 2x coopgame-py."""
    out = _targets_before_tu(rows)
    for row in rows:
        if row.task.startswith("TU ") and row.profiles == 2**20:
            out.append((f"{row.task} vs coopgame-py", row.game, ratio(row, "coopgame"), 2))
        # Issue 18: exact enumeration of integer games at least as fast as quantecon's floats.
        if row.task == "all equilibria (exact), integer payoffs":
            desc = f"{row.task} vs quantecon (floats)" + ratio_kind(row, "quantecon")
            out.append((desc, row.game, ratio(row, "quantecon"), 1))
    return out


# ---------------------------------------------------------------------------------------------
# Parameter sweeps (issue 17): an alliance model over a grid, in Rust, against a Python loop
# ---------------------------------------------------------------------------------------------

METHODS.append("python_loop")
HEADERS["python_loop"] = "plain Python loop"

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
        + "from compare_peers import sweep_python_loop\n"
        + "sweep_python_loop(dt, {'war_cost': [1.0]})\n",
        f"sweep_python_loop(dt, {sub!r})",
    )
    rows = []
    for exact in (True, False):
        call = partial(dt.sweep, dt.alliance.RestraintGame, grid, ["regime", "equilibria"],
                       progress=False, exact=exact)
        cpu0 = time.process_time()
        timings = measure(cfg, {"detente": Job(call)})
        cpu = time.process_time() - cpu0
        df = timings["detente"].result
        runs = timings["detente"].runs
        assert df["error"].isna().all() and (df["regret"] <= 1e-9).all()
        assert loop_rows == int((df["point"] < math.prod(len(v) for v in sub.values())).sum())
        kind = "exact" if exact else "float search"
        row = Row(f"parameter sweep, regime + equilibria ({kind})",
                  f"RestraintGame, {n:,} points", n)
        row.equilibria = len(df)
        row.cells = {
            "detente": Cell(timings["detente"]),
            "python_loop": Cell(Timing(loop, 1, 1)),
            "numpy": Cell(note="—"),
        }
        print(f"  sweep ({kind}): {fmt_time(timings['detente'].median)} wall per run (median "
              f"of {runs}), {fmt_time(cpu / (runs + 1))} process CPU per run, {len(df):,} rows; "
              f"Python loop {fmt_time(loop)} wall, {fmt_time(loop_cpu)} CPU (scaled from "
              f"{share:.0%} of the grid)", flush=True)
        setup = DETENTE_SETUP + (
            "dt.sweep(dt.alliance.RestraintGame, {'war_cost': [1.0, 2.0]}, progress=False)\n"
            + BENCH_PATH
            + f"from compare_peers import sweep_grid\ngrid = sweep_grid({points})\n"
        )
        peak = peak_mib(
            setup,
            "dt.sweep(dt.alliance.RestraintGame, grid, ['regime', 'equilibria'], "
            f"progress=False, exact={exact})",
        )
        row.cells["python_loop"].rss_mib = loop_peak
        with_peaks(row, {"detente": [peak]})
        rows.append(row)
        print_row(row)
    return rows


_targets_before_sweep = targets


def targets(rows: list[Row]) -> list[tuple[str, str, float | None, float]]:  # noqa: F811
    """The targets above, and the sweep's (issue 17): 10^5 points in at most 1 s (the row's
    time); the ratio to the plain Python loop over the same calls is reported beside it."""
    out = _targets_before_sweep(rows)
    for row in rows:
        if row.task.startswith("parameter sweep") and row.profiles == SWEEP_POINTS:
            cell = row.cells["detente"]
            per_second = 1.0 / cell.timing.median if cell.timing else None
            out.append((f"{row.task}: 10^5 points in <= 1 s (1 s / time)", row.game, per_second, 1))
            out.append((f"{row.task} vs plain Python loop", row.game, ratio(row, "python_loop"), 1))
    return out


SECTIONS: dict[str, Callable[[Settings, dict[str, Any], np.random.Generator], list[Row]]] = {
    "construction": bench_construction,
    "pure": bench_pure,
    "lemke_howson": bench_lemke_howson,
    "enumerate_all": bench_enumerate_all,
    "zero_sum": bench_zero_sum,
    "dynamics": bench_dynamics,
    "correlated": bench_correlated,
    "payoff_set": bench_payoff_set,
    "voting": bench_voting,
    "tournament": bench_tournament,
    "tu": bench_tu,
    # Appended, so that the sections above keep their random streams (seeded by position).
    "exact_integer": bench_exact_integer,
    "sweep": bench_sweep,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repetitions; no peers on 10^6-profile games"
    )
    parser.add_argument(
        "--out", default="bench-results/peers.md", help="markdown report (default: %(default)s)"
    )
    parser.add_argument(
        "--only",
        choices=sorted(SECTIONS),
        action="append",
        help="run only these sections (repeatable; default: all)",
    )
    parser.add_argument(
        "--cpu-time",
        action="store_true",
        help="time the in-process calls in process CPU time instead of wall time (for a "
        "shared, loaded machine; a parallel call's speed-up then does not show)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # internal: child-process peer
    args = parser.parse_args(argv)
    if args.worker:
        return worker_main(args.worker)

    cfg = Settings()
    if args.quick:
        cfg = Settings(
            budget=0.2,
            min_runs=1,
            max_runs=3,
            single_run_above=2.0,
            peer_limit=10.0,
            big_peers=False,
            sub_timeout=5.0,
            quick=True,
        )
    cfg.cpu_time = args.cpu_time

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
    rows = []
    for index, (name, bench) in enumerate(SECTIONS.items()):
        if args.only and name not in args.only:
            continue
        if name not in ("construction", "pure"):
            if mods["detente"] is None:
                continue
            importlib.import_module("detente.dynamics")
        # One stream per section: its games do not depend on which other sections run.
        section_rng = np.random.default_rng([SEED, index])
        rows += bench(cfg, mods, section_rng)
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
