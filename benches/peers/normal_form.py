"""Normal-form sections: building games (construction), all pure equilibria (pure), zero-sum
LPs (zero_sum), learning dynamics (dynamics) and the correlated-equilibrium LP (correlated)."""

from __future__ import annotations

import itertools
import math
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from .child import SubPeer, in_subprocess
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
    run_row,
    try_import,
)
from .games import (
    AGREE,
    quantecon_bimatrix,
    random_bimatrix,
    same_profile,
)
from .memory import (
    BENCH_PATH,
    DETENTE_SETUP,
    GAMBIT_SETUP,
    NASHPY_SETUP,
    QUANTECON_SETUP,
    peak_mib,
    row_peaks,
    with_peaks,
)

COLUMNS = {
    "detente": "detente",
    "pygambit": "pygambit",
    "nashpy": "nashpy",
    "quantecon": "quantecon",
    "scipy": "scipy HiGHS",
    "numpy": "numpy check",
}


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
        row_peaks(
            row,
            {
                "detente": (DETENTE_SETUP, "dt.Game.from_bimatrix(a, b)"),
                "pygambit": (GAMBIT_SETUP, "gbt.Game.from_arrays(a, b)"),
                "nashpy": (NASHPY_SETUP, "nashpy.Game(a, b)"),
                "quantecon": (QUANTECON_SETUP, "qe.NormalFormGame((qe.Player(a), qe.Player(b.T)))"),
            },
            {"a": a, "b": b},
        )
        rows.append(row)
        print_row(row, COLUMNS)

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
    row_peaks(
        row,
        {
            "detente": (DETENTE_SETUP, "dt.Game(u)"),
            "pygambit": (GAMBIT_SETUP + f"arrays = {split}\n", "gbt.Game.from_arrays(*arrays)"),
            "quantecon": (QUANTECON_SETUP, "qe.NormalFormGame(u)"),
        },
        {"u": u},
    )
    rows.append(row)
    print_row(row, COLUMNS)
    return rows


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
        # Free the parent's copies (a pygambit game of 10^6 profiles takes GBs, and its
        # equilibria keep it alive) before the children below build their own.
        for cell in row.cells.values():
            if cell.timing is not None:
                cell.timing.result = None
        del gg, calls, timings, found
        split = f"[np.ascontiguousarray(u[..., i]) for i in range({n})]"
        small = f"qe.NormalFormGame(np.zeros({(2,) * n + (n,)}))"
        row_peaks(
            row,
            {
                "detente": (DETENTE_SETUP + "g = dt.Game(u)\n", "dt.solve.pure(g)"),
                "numpy": (
                    BENCH_PATH + "from peers.normal_form import numpy_pure\n",
                    "numpy_pure(u)",
                ),
                "pygambit": (
                    GAMBIT_SETUP
                    + f"gbt.nash.enumpure_solve(_w)\ngg = gbt.Game.from_arrays(*{split})\n",
                    "gbt.nash.enumpure_solve(gg)",
                ),
                "quantecon": (
                    QUANTECON_SETUP + f"qe.pure_nash_brute({small})\nqg = qe.NormalFormGame(u)\n",
                    "qe.pure_nash_brute(qg)",
                ),
            },
            {"u": u},
            timeout=600.0 if big else 120.0,  # a 10^6-profile Gambit game takes minutes to build
        )
        rows.append(row)
        print_row(row, COLUMNS)
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
        row_peaks(
            row,
            {
                "detente": (DETENTE_SETUP, "dt.solve.zero_sum(A)"),
                "scipy": (
                    BENCH_PATH + "from peers.normal_form import highs_zero_sum\n" + scipy_setup,
                    "highs_zero_sum(linprog, A)",
                ),
                "nashpy": (
                    "import nashpy\nnashpy.Game(np.eye(3), -np.eye(3)).linear_program()\n"
                    + "zs = nashpy.Game(A, -A)\n",
                    "zs.linear_program()",
                ),
            },
            {"A": A},
        )
        prof = gbt.run(cfg, "lp", m, A, -A)
        if prof is not None:
            check("pygambit", *prof)
        row.cells["pygambit"] = gbt.cell(m, 1)
        if row.cells["pygambit"].timing:
            row.cells["pygambit"].note = ""
        row.cells["quantecon"] = Cell(note="—")
        row.cells["numpy"] = Cell(note="—")
        rows.append(row)
        print_row(row, COLUMNS)
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
            assert same_profile(q, runs[0].strategies), "quantecon FP disagrees with detente"
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
        print_row(row, COLUMNS)

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
        print_row(row, COLUMNS)

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
    print_row(row, COLUMNS)
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
            assert t.result.regret <= AGREE, t.result.regret
            row.cells["detente"].rss_mib = peak_mib(
                DETENTE_SETUP + "g = dt.Game(u)\n", "dt.solve.correlated(g)", {"u": u}
            )
            for peer in ("pygambit", "nashpy", "quantecon", "numpy"):
                row.cells[peer] = Cell(note="n/a")
            rows.append(row)
            print_row(row, COLUMNS)
    return rows


def construction_targets(row: Row) -> list[Target]:
    """Issue 18: building a game from arrays at least 100× faster than pygambit."""
    return [("construction vs pygambit", row.game, ratio(row, "pygambit"), 100)]


def pure_targets(row: Row) -> list[Target]:
    """Issue 18, on 4^8 = 65,536 profiles: at least 1000× quantecon and 3× the numpy check."""
    if row.profiles != 4**8:
        return []
    return [
        ("pure equilibria vs quantecon", row.game, ratio(row, "quantecon"), 1000),
        ("pure equilibria vs numpy check", row.game, ratio(row, "numpy"), 3),
    ]


def zero_sum_targets(row: Row) -> list[Target]:
    return [("zero-sum LP vs HiGHS (scipy)", row.game, ratio(row, "scipy"), 1)]


def dynamics_targets(row: Row) -> list[Target]:
    if not row.task.startswith("fictitious play, 1 start"):
        return []
    return [("fictitious play it/s vs quantecon", row.game, ratio(row, "quantecon"), 20)]


SECTIONS = {
    "construction": Section(bench_construction, construction_targets),
    "pure": Section(bench_pure, pure_targets),
    "zero_sum": Section(bench_zero_sum, zero_sum_targets),
    "dynamics": Section(bench_dynamics, dynamics_targets),
    "correlated": Section(bench_correlated),
}
