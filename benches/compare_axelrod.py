"""Time detente's tournaments against the ``axelrod`` package on the same strategies.

Three tournaments in the prisoner's dilemma ``(R, S, T, P) = (3, 0, 5, 1)``, 200 turns, 20
repetitions, self-play included (axelrod's round robin), on both libraries:

* 12 classic strategies with noise 0.05;
* 50 strategies with noise 0.05: the 12, padded with parameterized variants both libraries
  have (generous tit-for-tat with several ``q``, ``random(p)``, memory-one vectors, cyclers,
  the forgetful grudger);
* the 12 classic strategies without noise, to check that the mean scores agree: the
  strategies whose definitions coincide (all but ``random`` and generous TFT, which draw)
  must agree within 4 standard errors of the difference of the two means over repetitions;
* the 10 deterministic ones of them with a cycler and the forgetful grudger, without noise:
  the scores must be equal (within 1e-9).

axelrod pulls in torch, so it usually lives in a virtual environment of its own: it runs in
a child process started with the interpreter given by ``--axelrod-python`` (or the
environment variable ``DETENTE_AXELROD_PYTHON``; by default this interpreter), which only
needs ``axelrod`` and ``numpy`` (detente is not imported there). When axelrod is not
importable there, its cells say so and only detente is timed.

Times are medians of several runs (axelrod's big tournament once: it takes minutes); the
report gives turns per second (every match of every repetition, self-play included) and the
ratio of detente's to axelrod's. axelrod runs on one process (its default); detente on
every core rayon sees. Beside each time, the peak memory one tournament adds ("MiB peak"),
measured in a fresh child process by ``peers.memory.peak_mib`` as in every section of
``compare_peers.py`` (axelrod's on the 12-strategy tournaments only: the 50-strategy one
takes minutes).

Run::

    python benches/compare_axelrod.py --axelrod-python /path/to/axl-venv/bin/python
    python benches/compare_axelrod.py --quick     # fewer runs, no 50-strategy axelrod run

``benches/compare_peers.py`` runs the same as its ``tournament`` section.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TURNS, REPETITIONS, NOISE, SEED = 200, 20, 0.05, 1

# A strategy both libraries have: (kind, parameter).
Spec = tuple[str, Any]

CLASSIC: list[Spec] = [
    ("cooperate", None),
    ("defect", None),
    ("tit_for_tat", None),
    ("suspicious_tit_for_tat", None),
    ("tit_for_two_tats", None),
    ("two_tits_for_tat", None),
    ("win_stay_lose_shift", None),
    ("grudger", None),
    ("soft_grudger", None),
    ("alternator", None),
    ("generous_tit_for_tat", 1 / 3),
    ("random", 0.5),
]

# Strategies that draw random numbers: their scores (and their opponents') vary.
STOCHASTIC = {"generous_tit_for_tat", "random", "memory_one"}

DETERMINISTIC: list[Spec] = [s for s in CLASSIC if s[0] not in STOCHASTIC] + [
    ("cycler", "CCD"),
    ("forgiving_grudger", 10),
]


def fifty() -> list[Spec]:
    """The 12 classic strategies padded to 50 with parameterized variants."""
    out = list(CLASSIC)
    out += [("generous_tit_for_tat", q) for q in (0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75)]
    out += [("random", p) for p in (0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9)]
    out += [("cycler", c) for c in ("CCD", "CDD", "CCCD", "DDC")]
    out += [("forgiving_grudger", 10)]
    vectors = [
        (1, 0, 0, 1),  # WSLS as a vector
        (0.9, 0.1, 0.9, 0.1),
        (0.8, 0.2, 0.6, 0.4),
        (1, 0.5, 0.5, 0),
        (0.7, 0.3, 0.7, 0.3),
        (8 / 9, 1 / 2, 1 / 3, 0),  # Press & Dyson's extortionate ZD
        (1, 1 / 8, 1, 1 / 4),
        (0.95, 0.05, 0.9, 0.1),
        (0.6, 0.6, 0.4, 0.4),
        (1, 0, 1, 0.5),
        (0.99, 0.01, 0.5, 0.5),
        (0.5, 0.9, 0.1, 0.5),
        (0.3, 0.2, 0.8, 0.7),
        (0.75, 0.25, 0.25, 0.75),
        (1, 0.3, 0.7, 0.1),
        (0.85, 0.15, 0.65, 0.35),
        (0.2, 0.4, 0.6, 0.8),
    ]
    out += [("memory_one", v) for v in vectors]
    assert len(out) == 50, len(out)
    return out


def detente_automaton(dt: Any, spec: Spec) -> Any:
    kind, p = spec
    s = dt.strategies
    if kind == "memory_one":
        return s.memory_one(*p)
    if p is None:
        return getattr(s, kind)()
    return getattr(s, kind)(p)


def axelrod_player(axl: Any, spec: Spec) -> Any:
    kind, p = spec
    simple = {
        "cooperate": axl.Cooperator,
        "defect": axl.Defector,
        "tit_for_tat": axl.TitForTat,
        "suspicious_tit_for_tat": axl.SuspiciousTitForTat,
        "tit_for_two_tats": axl.TitFor2Tats,
        "two_tits_for_tat": axl.TwoTitsForTat,
        "win_stay_lose_shift": axl.WinStayLoseShift,
        "grudger": axl.Grudger,
        "soft_grudger": axl.SoftGrudger,
        "alternator": axl.Alternator,
        "forgiving_grudger": axl.ForgetfulGrudger,  # k = 10, its memory length
    }
    if kind in simple:
        return simple[kind]()
    if kind == "generous_tit_for_tat":
        return axl.GTFT(p=p)
    if kind == "random":
        return axl.Random(p)
    if kind == "cycler":
        return axl.Cycler(p)
    if kind == "memory_one":
        return axl.MemoryOnePlayer(four_vector=p, initial=axl.Action.C)
    raise ValueError(kind)


def total_turns(n: int) -> int:
    """Turns of a round robin with self-play: n(n+1)/2 matches × repetitions × turns."""
    return n * (n + 1) // 2 * REPETITIONS * TURNS


# ---------------------------------------------------------------------------------------------
# The axelrod side, in a child process.


def axelrod_worker(job: str) -> int:
    """Runs axelrod's tournament `runs` times; prints times and normalised scores as JSON."""
    spec = json.loads(job)
    import axelrod as axl  # type: ignore[import-not-found]

    specs = [tuple(s) for s in spec["strategies"]]
    times, scores = [], None
    for run in range(spec["runs"]):
        players = [axelrod_player(axl, s) for s in specs]
        t = axl.Tournament(
            players,
            turns=TURNS,
            repetitions=REPETITIONS,
            noise=spec["noise"],
            seed=SEED + run,
        )
        t0 = time.perf_counter()
        results = t.play(progress_bar=False, processes=None)
        times.append(time.perf_counter() - t0)
        scores = [list(map(float, s)) for s in results.normalised_scores]
    print(json.dumps({"times": times, "scores": scores, "version": axl.__version__}))
    return 0


def axelrod_python(given: str | None) -> str:
    return given or os.environ.get("DETENTE_AXELROD_PYTHON") or sys.executable


def axelrod_available(python: str) -> str | None:
    """axelrod's version in `python`, or None when it cannot be imported there."""
    try:
        out = subprocess.run(
            [python, "-c", "import axelrod; print(axelrod.__version__)"],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def run_axelrod(python: str, specs: list[Spec], noise: float, runs: int) -> dict[str, Any]:
    job = json.dumps({"strategies": specs, "noise": noise, "runs": runs})
    out = subprocess.run(
        [python, __file__, "--axelrod-worker", job],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
# Peak memory of one tournament, each library in a fresh child process (`peak_mib`, the
# mechanism of every section of compare_peers.py).

BENCHES = str(Path(__file__).resolve().parent)


def peak_memory(specs: list[Spec], noise: float, python: str | None = None) -> float | None:
    """The peak memory (MiB) one tournament of `specs` adds: detente's (warmed up on a short
    tournament, for its thread pool), or axelrod's with `python` given (its interpreter)."""
    sys.path.insert(0, BENCHES)
    from peers.memory import peak_mib

    path = f"import sys\nsys.path.insert(0, {BENCHES!r})\n"
    if python is None:
        setup = (
            path
            + "import detente as dt\nfrom compare_axelrod import detente_field\n"
            + f"pd, field, names = detente_field(dt, {specs!r})\n"
            + "dt.tournament(field[:2], pd, 10, 1, 0.0, 1)\n"
        )
        call = f"dt.tournament(field, pd, {TURNS}, {REPETITIONS}, {noise}, {SEED}, names=names)"
        return peak_mib(setup, call)
    setup = (
        path
        + "import axelrod as axl\nfrom compare_axelrod import axelrod_player\n"
        + f"players = [axelrod_player(axl, s) for s in {specs!r}]\n"
        + f"t = axl.Tournament(players, turns={TURNS}, repetitions={REPETITIONS}, "
        + f"noise={noise}, seed={SEED})\n"
    )
    return peak_mib(setup, "t.play(progress_bar=False, processes=None)", python=python, timeout=3600)


# ---------------------------------------------------------------------------------------------
# The detente side, and the comparison.


def detente_field(dt: Any, specs: list[Spec]) -> tuple[Any, list[Any], list[str]]:
    """The prisoner's dilemma, the automata of `specs` and their names."""
    pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    field = [detente_automaton(dt, s) for s in specs]
    names = [f"{k}({p})" if p is not None else k for k, p in specs]
    return pd, field, names


def run_detente(dt: Any, specs: list[Spec], noise: float, runs: int) -> tuple[list[float], Any]:
    """Times of `runs` tournaments (after a warm-up) and the last result."""
    pd, field, names = detente_field(dt, specs)
    result = dt.tournament(field, pd, TURNS, REPETITIONS, noise, SEED, names=names)
    times = []
    for run in range(runs):
        t0 = time.perf_counter()
        result = dt.tournament(field, pd, TURNS, REPETITIONS, noise, SEED + run, names=names)
        times.append(time.perf_counter() - t0)
    assert result.turns_played == total_turns(len(specs)), result.turns_played
    return times, result


def agreement(specs: list[Spec], ours: Any, theirs: list[list[float]]) -> tuple[float, bool]:
    """The largest difference of mean scores over the strategies whose definitions coincide,
    and whether every one is within 4 standard errors of the difference (1e-9 when both sides
    are deterministic)."""
    worst, ok = 0.0, True
    for i, (kind, _) in enumerate(specs):
        if kind in STOCHASTIC:
            continue
        a, b = list(ours.scores[i]), theirs[i]
        diff = abs(statistics.fmean(a) - statistics.fmean(b))
        se = math.sqrt(statistics.pvariance(a) / len(a) + statistics.pvariance(b) / len(b))
        worst = max(worst, diff)
        ok = ok and diff <= 4 * se + 1e-9
    return worst, ok


def run(quick: bool = False, python: str | None = None) -> list[dict[str, Any]]:
    """The three tournaments: one dict per row (task, strategies, detente and axelrod times,
    turns, agreement, notes)."""
    import detente as dt

    python = axelrod_python(python)
    version = axelrod_available(python)
    if version is None:
        print(
            f"axelrod: not importable with {python}; only detente is timed "
            "(give --axelrod-python or DETENTE_AXELROD_PYTHON)",
            flush=True,
        )
    rows = []
    plan = [
        ("tournament, noise 0.05", CLASSIC, NOISE, 5, 3),
        ("tournament, noise 0.05", fifty(), NOISE, 3, 0 if quick else 1),
        ("tournament, no noise (scores checked)", CLASSIC, 0.0, 3, 1),
        ("tournament, no noise, deterministic (scores equal)", DETERMINISTIC, 0.0, 3, 1),
    ]
    for task, specs, noise, runs, axl_runs in plan:
        times, ours = run_detente(dt, specs, noise, 1 if quick else runs)
        row: dict[str, Any] = {
            "task": task,
            "strategies": len(specs),
            "turns": total_turns(len(specs)),
            "detente": times,
            "axelrod": None,
            "note": "not installed" if version is None else "skipped (--quick)",
            "axelrod_version": version,
            "detente_mib": peak_memory(specs, noise),
            "axelrod_mib": None,
        }
        if version is not None and axl_runs:
            theirs = run_axelrod(python, specs, noise, axl_runs)
            row["axelrod"] = theirs["times"]
            row["note"] = ""
            if len(specs) <= len(CLASSIC):  # not the 50-strategy one: minutes per run
                row["axelrod_mib"] = peak_memory(specs, noise, python)
            if noise == 0.0:
                worst, ok = agreement(specs, ours, theirs["scores"])
                row["agreement"] = (worst, ok)
                if not ok:
                    raise AssertionError(
                        f"mean scores differ from axelrod's by up to {worst:.3g} (beyond noise)"
                    )
        rows.append(row)
        print(describe(row), flush=True)
    return rows


def mib(peak: float | None) -> str:
    return "" if peak is None else f", {peak:.3g} MiB peak"


def describe(row: dict[str, Any]) -> str:
    d = statistics.median(row["detente"])
    text = (
        f"{row['task']} | {row['strategies']} strategies × {TURNS} turns × {REPETITIONS} reps "
        f"({row['turns']:,} turns): detente {d:.3g} s ({row['turns'] / d:,.3g} turns/s"
        + mib(row["detente_mib"])
        + ")"
    )
    if row["axelrod"]:
        a = statistics.median(row["axelrod"])
        text += (
            f"; axelrod {a:.3g} s ({row['turns'] / a:,.3g} turns/s{mib(row['axelrod_mib'])}, "
            f"{len(row['axelrod'])} run{'s' if len(row['axelrod']) > 1 else ''}); "
            f"ratio {a / d:,.0f}×"
        )
    else:
        text += f"; axelrod: {row['note']}"
    if "agreement" in row:
        worst, ok = row["agreement"]
        text += f"; mean scores agree ({'yes' if ok else 'NO'}, max difference {worst:.2g})"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs; no 50-strategy axelrod run")
    parser.add_argument("--axelrod-python", help="interpreter that can import axelrod")
    parser.add_argument("--out", default="bench-results/axelrod.md", help="markdown report")
    parser.add_argument("--axelrod-worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.axelrod_worker:
        return axelrod_worker(args.axelrod_worker)
    rows = run(args.quick, args.axelrod_python)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    lines = [
        "# detente vs axelrod: tournaments",
        "",
        (
            f"{os.cpu_count()} cores; load average at the end {load[0]:.2f}, {load[1]:.2f}, "
            f"{load[2]:.2f}."
        ),
        "",
        *(f"- {describe(r)}" for r in rows),
    ]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
