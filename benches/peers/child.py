"""Peers that may hang (nashpy, pygambit) and detente on a set number of threads, run in child
processes: `compare_peers.py --worker SPEC` runs `worker_main`; `SubPeer` runs a peer there
with a timeout and keeps its times and peak memory over the games of a row."""

from __future__ import annotations

import importlib
import os
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from .core import Cell, Settings, median_cell
from .memory import GAMBIT_SETUP, MEMORY_GAMES, NASHPY_SETUP, peak_mib

# The entry point, which runs `worker_main` when given --worker.
ENTRY = str(Path(__file__).resolve().parents[1] / "compare_peers.py")


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
                [sys.executable, ENTRY, "--worker", spec],
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


# Peak memory of the peers run in child processes (`peak_mib`): setup (import, a
# warm-up call on a 3×3 game, the game built from `a` and `b`) and the call of each task.
SUBPEER_MEMORY = {
    "nashpy": (
        NASHPY_SETUP + "list(_w.lemke_howson(initial_dropped_label=0))\ngame = nashpy.Game(a, b)\n",
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
