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

The code: this file parses the command line and runs the sections in order; the sections
live in ``benches/peers/``, one module per family (``normal_form``, ``equilibria``,
``repeated``, ``coalitions``, ``workflow``), beside the shared machinery (``core``: settings,
timing, cells and rows; ``memory``: ``peak_mib``; ``games``; ``child``; ``report``).

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
import sys
import time
from pathlib import Path

import numpy as np
from peers import child, coalitions, equilibria, normal_form, repeated, workflow
from peers.core import SEED, Row, Section, Settings, try_import
from peers.report import load_average, machine, markdown

# The sections in the order they run. A section's random stream is seeded by its position
# here, so new sections are appended: the games of the sections above do not change.
ORDER = [
    "construction",
    "pure",
    "lemke_howson",
    "enumerate_all",
    "zero_sum",
    "dynamics",
    "correlated",
    "payoff_set",
    "voting",
    "tournament",
    "tu",
    "exact_integer",
    "sweep",
]
FAMILIES = (normal_form, equilibria, repeated, coalitions, workflow)
_ALL: dict[str, Section] = {name: s for f in FAMILIES for name, s in f.SECTIONS.items()}
assert sorted(_ALL) == sorted(ORDER), "every family's section has its place in ORDER"
SECTIONS = {name: _ALL[name] for name in ORDER}

# The report's columns: every family's, each once (the coalitions' before axelrod, as in the
# report's first versions).
COLUMNS: dict[str, str] = {}
for _family in (normal_form, equilibria, coalitions, repeated, workflow):
    for _name, _header in _family.COLUMNS.items():
        COLUMNS.setdefault(_name, _header)


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
        return child.worker_main(args.worker)

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
    results: list[tuple[Section, list[Row]]] = []
    for index, (name, section) in enumerate(SECTIONS.items()):
        if args.only and name not in args.only:
            continue
        if name not in ("construction", "pure"):
            if mods["detente"] is None:
                continue
            importlib.import_module("detente.dynamics")
        # One stream per section: its games do not depend on which other sections run.
        section_rng = np.random.default_rng([SEED, index])
        results.append((section, section.run(cfg, mods, section_rng)))
    wall = time.perf_counter() - t0
    rows = [row for _, rows_ in results for row in rows_]
    targets = [t for section, rows_ in results for row in rows_ for t in section.targets(row)]
    report = markdown(rows, targets, COLUMNS, cfg, started, load_at_start, wall)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print("\n" + report)
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
