"""Equilibrium sections on random bimatrix games: Lemke-Howson (lemke_howson), every extreme
equilibrium (enumerate_all), and exact answers on integer games (exact_integer)."""

from __future__ import annotations

import statistics
from fractions import Fraction
from functools import partial
from typing import Any

import numpy as np

from .child import SubPeer
from .core import (
    Cell,
    Job,
    Row,
    Section,
    Settings,
    Target,
    fmt_time,
    measure,
    median_cell,
    min_target,
    print_row,
    ratio,
    ratio_kind,
    spread,
)
from .games import (
    AGREE,
    fresh_games,
    games_label,
    quantecon_bimatrix,
    same_profile,
    same_set,
)
from .memory import (
    DETENTE_SETUP,
    MEMORY_GAMES,
    QUANTECON_BIMATRIX,
    QUANTECON_SETUP,
    peak_mib,
    with_peaks,
)

COLUMNS = {
    "detente": "detente",
    "pygambit": "pygambit",
    "nashpy": "nashpy",
    "quantecon": "quantecon",
    "numpy": "numpy check",
}


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
                            QUANTECON_SETUP + "qe.lemke_howson(_w)\n" + QUANTECON_BIMATRIX,
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
        print_row(row, COLUMNS)
    return rows


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
                    calls["quantecon"] = Job(qe.vertex_enumeration, (quantecon_bimatrix(qe, a, b),))
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
                            QUANTECON_SETUP + "qe.vertex_enumeration(_w)\n" + QUANTECON_BIMATRIX,
                            "qe.vertex_enumeration(g)",
                            arrays,
                        )
                    )
            ref = [e.strategies for e in timings["detente"].result]
            exact_found = [e.strategies for e in timings["exact"].result]
            counts.append(len(ref))

            same_set(f"detente exact on {m}×{m}", exact_found, ref)
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
            print_row(row, COLUMNS)
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
    return Fraction(
        max(
            max(rows) - sum(x[i] * rows[i] for i in range(m)),
            max(cols) - sum(y[j] * cols[j] for j in range(n)),
        )
    )


def bench_exact_integer(cfg: Settings, mods: dict[str, Any], rng: np.random.Generator) -> list[Row]:
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
                peaks["detente"].append(
                    peak_mib(
                        DETENTE_SETUP + "g = dt.Game.from_bimatrix(a, b)\n",
                        "dt.solve.enumerate_all(g, exact=True)",
                        {"a": a, "b": b},
                    )
                )
                if qe:
                    peaks["quantecon"].append(
                        peak_mib(
                            QUANTECON_SETUP + "qe.vertex_enumeration(_w)\n" + QUANTECON_BIMATRIX,
                            "qe.vertex_enumeration(g)",
                            {"a": a, "b": b},
                        )
                    )
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
        print_row(row, COLUMNS)
    m = 50
    per_game = {"detente": [], "quantecon": []}
    peaks = {"detente": [], "quantecon": []}
    for k, (_, a, b) in enumerate(integer_games(m, games, rng)):
        if k < MEMORY_GAMES:
            peaks["detente"].append(
                peak_mib(
                    DETENTE_SETUP + "g = dt.Game.from_bimatrix(a, b)\n",
                    "dt.solve.lemke_howson(g, label=0, exact=True)",
                    {"a": a, "b": b},
                )
            )
            if qe:
                peaks["quantecon"].append(
                    peak_mib(
                        QUANTECON_SETUP + "qe.lemke_howson(_w)\n" + QUANTECON_BIMATRIX,
                        "qe.lemke_howson(g, init_pivot=0)",
                        {"a": a, "b": b},
                    )
                )
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
    print_row(row, COLUMNS)
    return rows


def lemke_howson_targets(row: Row) -> list[Target]:
    """Issue 18 at 200×200: at least 10× quantecon on the geometric mean, no game below 3×."""
    if row.profiles != 200 * 200:
        return []
    desc = "Lemke-Howson vs quantecon" + ratio_kind(row, "quantecon")
    return [
        (desc, row.game, ratio(row, "quantecon"), 10),
        min_target("Lemke-Howson vs quantecon", row),
    ]


def enumerate_all_targets(row: Row) -> list[Target]:
    """Issue 18: the float search at least 10× quantecon, no game below 3×. The target is for
    the float search, whose equilibria carry exact certificates; the exact-arithmetic row is
    reported beside it without one."""
    if row.task != "all equilibria (float)":
        return []
    desc = f"{row.task} vs quantecon" + ratio_kind(row, "quantecon")
    return [
        (desc, row.game, ratio(row, "quantecon"), 10),
        min_target(f"{row.task} vs quantecon", row),
    ]


def exact_integer_targets(row: Row) -> list[Target]:
    """Issue 18: exact enumeration of integer games at least as fast as quantecon's floats."""
    if row.task != "all equilibria (exact), integer payoffs":
        return []
    desc = f"{row.task} vs quantecon (floats)" + ratio_kind(row, "quantecon")
    return [(desc, row.game, ratio(row, "quantecon"), 1)]


SECTIONS = {
    "lemke_howson": Section(bench_lemke_howson, lemke_howson_targets),
    "enumerate_all": Section(bench_enumerate_all, enumerate_all_targets),
    "exact_integer": Section(bench_exact_integer, exact_integer_targets),
}
