"""Peak memory: the one mechanism every section uses (`peak_mib`), and the setup code of its
child processes shared by several sections."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from .core import Row

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
            named: dict[str, Any] = dict(arrays)
            np.savez(npz, **named)
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
            print(f"    peak memory not measured ({call[:60]}): over {timeout:g} s", flush=True)
            return None
    if out.returncode != 0:
        print(
            f"    peak memory not measured ({call[:60]}): {out.stderr.strip()[-300:]}", flush=True
        )
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


# Setup code that lets a child import the benchmark's helpers (`from peers.coalitions import
# tu_values`, ...).
BENCH_PATH = f"import sys\nsys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})\n"


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
