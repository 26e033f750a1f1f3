"""The markdown report: the machine, the table of rows (one column per method of every family)
and the targets table."""

from __future__ import annotations

import os
import platform

from .core import Row, Settings, Target, cell_text, fmt_ratio, version


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


def markdown(
    rows: list[Row],
    targets: list[Target],
    columns: dict[str, str],
    cfg: Settings,
    started: str,
    load_at_start: str,
    wall: float,
) -> str:
    """The report: `rows` in the `columns` (name: header) and the `targets` table."""
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
            'as QuantEcon, same profile after 1,000 iterations, asserted). "MiB peak" is the '
            "peak memory one call adds (the rise of the high-water mark VmHWM, reset before "
            "the call), in a child process after importing, building the game and warming up "
            "on another game (median over the first 2 games of a multi-game row)."
        ),
        "",
        "| task | game | profiles | equilibria | " + " | ".join(columns.values()) + " |",
        "| --- | --- | ---: | ---: | " + " | ".join("---" for _ in columns) + " |",
    ]
    for row in rows:
        eq = "" if row.equilibria is None else str(row.equilibria)
        cells = " | ".join(cell_text(row, m) for m in columns)
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
    for desc, game, r, goal in targets:
        measured = "not measured" if r is None else fmt_ratio(r)
        met = "—" if r is None else ("yes" if r >= goal else "**no**")
        lines.append(f"| {desc} | {game} | {measured} | ≥ {goal:,}× | {met} |")
    return "\n".join(lines) + "\n"
