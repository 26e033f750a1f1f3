"""detente.plot: what each function draws, checked against answers found independently.

Headless (Agg). Every test closes its figures. The checks read the artists back (texts,
patches, meshes, lines) and compare them with payoffs, equilibria found by brute force,
regimes classified by the model's published conditions, hand-derived payoff sets and power
indices counted by enumerating orderings.
"""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, strategies as st  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

import detente as dt  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def by_gid(ax, gid):
    return [a for a in ax.get_children() if a.get_gid() == gid]


def fresh_ax():
    return plt.figure().add_subplot()


# ---------------------------------------------------------------------------------------------
# The optional dependency


def test_importing_detente_does_not_import_matplotlib():
    code = (
        "import sys, detente, detente.plot; "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'; "
        "assert detente.plot is sys.modules['detente.plot']"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_without_matplotlib_a_call_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    g = dt.Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ImportError, match=r'pip install "detente\[plot\]"'):
        dt.plot.payoff_table(g)


def test_the_plot_extra_is_declared():
    from pathlib import Path

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    meta = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert meta["project"]["optional-dependencies"]["plot"] == ["matplotlib>=3.6"]


# ---------------------------------------------------------------------------------------------
# Payoff tables


def brute_force_pure(a, b):
    """Cells where neither player gains by a unilateral deviation."""
    a, b = np.asarray(a), np.asarray(b)
    return {
        (i, j)
        for i in range(a.shape[0])
        for j in range(a.shape[1])
        if a[i, j] >= a[:, j].max() and b[i, j] >= b[i, :].max()
    }


def table_cells(ax):
    """{(row, column): (row payoff, column payoff)} read from the texts drawn."""
    out = {}
    for t in by_gid(ax, "payoff"):
        x, y = t.get_position()
        left, right = t.get_text().split(", ")
        out[(round(y), round(x))] = (Fraction(left), Fraction(right))
    return out


def framed_cells(ax):
    cells = set()
    for p in by_gid(ax, "pure_equilibrium"):
        x, y = p.get_xy()
        assert (p.get_width(), p.get_height()) == (1, 1)
        cells.add((round(y + 0.5), round(x + 0.5)))
    return cells


payoff_matrices = st.integers(1, 4).flatmap(
    lambda m: st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(-5, 5), min_size=n, max_size=n), min_size=m, max_size=m),
            st.lists(st.lists(st.integers(-5, 5), min_size=n, max_size=n), min_size=m, max_size=m),
        )
    )
)


@given(payoff_matrices)
def test_table_writes_every_payoff_and_frames_the_pure_equilibria(ab):
    a, b = ab
    g = dt.Game.from_bimatrix(a, b)
    ax = dt.plot.payoff_table(g, ax=fresh_ax())
    m, n = len(a), len(a[0])
    assert table_cells(ax) == {(i, j): (a[i][j], b[i][j]) for i in range(m) for j in range(n)}
    assert framed_cells(ax) == brute_force_pure(a, b)
    (mesh,) = by_gid(ax, "payoffs")
    assert mesh.get_array().size == m * n
    np.testing.assert_array_equal(
        np.asarray(mesh.get_array()).reshape(m, n), np.add(a, b)
    )  # colour by the sum by default
    plt.close("all")


def test_table_labels_the_players_and_actions():
    g = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["US", "USSR"],
                              actions=[["C", "D"], ["c", "d", ]])
    ax = fresh_ax()
    assert dt.plot.payoff_table(g, ax=ax) is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == ["c", "d"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["C", "D"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("USSR", "US")
    assert framed_cells(ax) == {(1, 1)}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["pure equilibrium"]


def test_table_marks_mixed_equilibria_as_marginal_bars():
    # Battle of the sexes: (0,0), (1,1), and the mix row (2/3, 1/3), column (1/3, 2/3).
    a, b = [[2, 0], [0, 1]], [[1, 0], [0, 2]]
    g = dt.Game.from_bimatrix(a, b)
    ax = dt.plot.payoff_table(g, dt.solve.enumerate_all(g), ax=fresh_ax())
    assert framed_cells(ax) == {(0, 0), (1, 1)} == brute_force_pure(a, b)
    bars = by_gid(ax, "mixed_equilibrium")
    assert len(bars) == 4  # one per row and one per column
    rows = sorted((b.get_y(), b.get_width() / 0.9) for b in bars if b.get_x() > 1)
    cols = sorted((b.get_x(), b.get_height() / 0.9) for b in bars if b.get_y() > 1)
    assert [p for _, p in rows] == pytest.approx([2 / 3, 1 / 3])
    assert [p for _, p in cols] == pytest.approx([1 / 3, 2 / 3])
    assert sorted(t.get_text() for t in by_gid(ax, "mixed_probability")) == [
        "1/3", "1/3", "2/3", "2/3"
    ]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "pure equilibrium" and legend[1].startswith("mixed equilibrium")


def test_table_without_equilibria_and_with_a_list():
    pennies = dt.Game.zero_sum([[1, -1], [-1, 1]])
    ax = dt.plot.payoff_table(pennies, ax=fresh_ax())  # computes the (no) pure equilibria
    assert framed_cells(ax) == set() and by_gid(ax, "mixed_equilibrium") == []
    assert ax.get_legend() is None
    eq = dt.solve.lemke_howson(pennies)
    ax = dt.plot.payoff_table(pennies, [eq], ax=fresh_ax(), color=None)
    widths = [b.get_width() / 0.9 for b in by_gid(ax, "mixed_equilibrium") if b.get_x() > 1]
    assert widths == pytest.approx([0.5, 0.5])


def test_table_shows_exact_payoffs_as_fractions_and_colours_by_player():
    g = dt.Game.from_bimatrix([[Fraction(1, 2), 2]], [[3, Fraction(-7, 3)]])
    ax = dt.plot.payoff_table(g, color="P2", ax=fresh_ax())
    assert sorted(t.get_text() for t in by_gid(ax, "payoff")) == ["1/2, 3", "2, -7/3"]
    (mesh,) = by_gid(ax, "payoffs")
    assert np.asarray(mesh.get_array()).ravel().tolist() == pytest.approx([3, -7 / 3])
    ax = dt.plot.payoff_table(g, color=0, fmt=".1f", ax=fresh_ax())
    assert sorted(t.get_text() for t in by_gid(ax, "payoff")) == ["0.5, 3.0", "2.0, -2.3"]


def test_table_refuses_hostile_input():
    g3 = dt.Game(np.zeros((2, 2, 2, 3)))
    with pytest.raises(ValueError, match="game has 3 players"):
        dt.plot.payoff_table(g3)
    with pytest.raises(TypeError, match="game must be a detente.Game"):
        dt.plot.payoff_table([[1, 2], [3, 4]])
    g = dt.Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    other = dt.Game.from_bimatrix([[1, 0, 0]], [[1, 0, 0]])
    with pytest.raises(ValueError, match=r"equilibria\[0\]"):
        dt.plot.payoff_table(g, dt.solve.pure(other))
    with pytest.raises(TypeError, match="equilibria"):
        dt.plot.payoff_table(g, 3)
    with pytest.raises(TypeError, match=r"equilibria\[1\]"):
        dt.plot.payoff_table(g, [dt.solve.pure(g)[0], "x"])
    with pytest.raises(ValueError, match="color"):
        dt.plot.payoff_table(g, color="welfare")
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        dt.plot.payoff_table(g, ax="left")


# ---------------------------------------------------------------------------------------------
# Trajectories


def lines(ax, gid="trajectory"):
    return by_gid(ax, gid)


def test_unit_square_draws_each_players_first_action():
    pennies = dt.Game.zero_sum([[1, -1], [-1, 1]])
    runs = dt.dynamics.fictitious_play(pennies, starts=3, seed=2, max_iter=400, tol=1e-12,
                                       trajectory=True)
    eq = dt.solve.lemke_howson(pennies)
    ax = fresh_ax()
    assert dt.plot.trajectories(runs, ax=ax, equilibria=eq) is ax
    drawn = lines(ax)
    assert len(drawn) == 3
    for line, run in zip(drawn, runs):
        path = run.trajectory
        # The empirical mixtures: row's P(first action) is column 0, column's is column 2.
        np.testing.assert_allclose(line.get_xdata(), path[:, 0])
        np.testing.assert_allclose(line.get_ydata(), path[:, 2])
        np.testing.assert_allclose(path[:, 0] + path[:, 1], 1)
    (star,) = lines(ax, "equilibrium")
    assert (star.get_xdata()[0], star.get_ydata()[0]) == pytest.approx((0.5, 0.5))
    assert len(lines(ax, "start")) == len(lines(ax, "end")) == 3
    ends = [(e.get_xdata()[0], e.get_ydata()[0]) for e in lines(ax, "end")]
    assert ends == [(r.trajectory[-1, 0], r.trajectory[-1, 2]) for r in runs]


def test_best_response_paths_visit_corners():
    stag = dt.Game.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    runs = dt.dynamics.best_response(stag, starts=[[0, 1], [1, 0]], mode="sequential",
                                     trajectory=True)
    ax = dt.plot.trajectories(runs, ax=fresh_ax())
    for line in lines(ax):
        assert set(line.get_xdata()) <= {0.0, 1.0} and set(line.get_ydata()) <= {0.0, 1.0}


def in_triangle(p):
    corners = np.array([[0, 0], [1, 0], [0.5, math.sqrt(3) / 2]])
    # Barycentric coordinates by solving the 2x2 system.
    m = np.column_stack([corners[1] - corners[0], corners[2] - corners[0]])
    u, v = np.linalg.solve(m, p - corners[0])
    return u >= -1e-9 and v >= -1e-9 and u + v <= 1 + 1e-9


def test_three_actions_are_drawn_in_the_triangle():
    rps = dt.Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
                           actions=[["R", "P", "S"], ["R", "P", "S"]])
    runs = dt.dynamics.replicator(rps, starts=2, max_iter=300, trajectory=True)
    ax = dt.plot.trajectories(runs, player=1, ax=fresh_ax())
    assert [t.get_text() for t in ax.texts] == ["R", "P", "S"]
    for line, run in zip(lines(ax), runs):
        shares = run.trajectory[:, 3:6]
        x, y = line.get_xdata(), line.get_ydata()
        # Independent map: x = share of the 2nd action + half the 3rd, y = 3rd · √3/2.
        np.testing.assert_allclose(x, shares[:, 1] + shares[:, 2] / 2)
        np.testing.assert_allclose(y, shares[:, 2] * math.sqrt(3) / 2)
        assert all(in_triangle(np.array(p)) for p in zip(x, y))
    (tri,) = by_gid(ax, "simplex")
    np.testing.assert_allclose(tri.get_xy()[:3], [[0, 0], [1, 0], [0.5, math.sqrt(3) / 2]])


def test_two_actions_of_one_population_against_steps():
    hawk_dove = dt.Game.from_bimatrix([[-2, 2], [0, 1]], [[-2, 0], [2, 1]],
                                      actions=[["H", "D"]] * 2)
    runs = dt.dynamics.replicator(hawk_dove, starts=2, population="single", trajectory=True)
    ax = dt.plot.trajectories(runs, player="P1", ax=fresh_ax())
    for line, run in zip(lines(ax), runs):
        np.testing.assert_allclose(line.get_ydata(), run.trajectory[:, 0])
        np.testing.assert_array_equal(line.get_xdata(), np.arange(len(run.trajectory)))
        assert line.get_ydata()[-1] == pytest.approx(1 / 3, abs=1e-4)  # the ESS plays Hawk V/C
    assert ax.get_ylabel() == "P(P1 plays H)"


def test_trajectories_refuse_hostile_input():
    pennies = dt.Game.zero_sum([[1, -1], [-1, 1]])
    no_path = dt.dynamics.fictitious_play(pennies, starts=1)
    with pytest.raises(ValueError, match=r"runs\[0\] has no trajectory"):
        dt.plot.trajectories(no_path)
    with pytest.raises(ValueError, match="runs is empty"):
        dt.plot.trajectories([])
    with pytest.raises(TypeError, match="runs must be"):
        dt.plot.trajectories(3)
    with pytest.raises(TypeError, match=r"runs\[0\]"):
        dt.plot.trajectories([np.zeros((3, 4))])
    runs = dt.dynamics.fictitious_play(pennies, starts=1, max_iter=10, trajectory=True)
    with pytest.raises(ValueError, match="player 'Nobody'"):
        dt.plot.trajectories(runs, player="Nobody")
    with pytest.raises(ValueError, match="player must be between 0 and 1"):
        dt.plot.trajectories(runs, player=2)
    big = dt.Game.zero_sum(np.eye(4))
    runs4 = dt.dynamics.fictitious_play(big, starts=1, max_iter=10, trajectory=True)
    with pytest.raises(ValueError, match="4 actions"):
        dt.plot.trajectories(runs4)
    with pytest.raises(ValueError, match="color has 2 entries for 1 runs"):
        dt.plot.trajectories(runs, color=["red", "blue"])
    rps = dt.Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    mixed = dt.dynamics.fictitious_play(rps, starts=1, max_iter=10, trajectory=True)
    with pytest.raises(ValueError, match=r"runs\[1\] is a run of another game"):
        dt.plot.trajectories([runs[0], mixed[0]])
    with pytest.raises(ValueError, match=r"equilibria\[0\] has strategies for a game of shape"):
        dt.plot.trajectories(runs, equilibria=dt.solve.zero_sum(rps))
    with pytest.raises(TypeError, match="equilibria must be"):
        dt.plot.trajectories(runs, equilibria=0.5)
    ax = dt.plot.trajectories(runs, equilibria=dt.solve.zero_sum(pennies), ax=fresh_ax())
    (star,) = lines(ax, "equilibrium")
    assert (star.get_xdata()[0], star.get_ydata()[0]) == pytest.approx((0.5, 0.5))


# ---------------------------------------------------------------------------------------------
# Phase diagrams


def restraint_regime(g, w, d=1.0, e=3.0, alpha=1.0):
    """Snyder's regimes of the restraint game from their published conditions (the model's
    documentation), written here independently of the model's code."""
    margin = w - alpha
    if e > d and g > 0 and margin > g:
        return "dilemma"
    if g > 0 and e < d:
        return "entrapment_accepted"
    if g > 0 and e > d and margin < g:
        return "client_alone"
    if g < 0 and (e < d or margin > g):
        return "stable_deterrence"
    return "unlabelled"


def restraint_frame(gs, ws, copies=1):
    rows = []
    for g in gs:
        for w in ws:
            m = dt.alliance.RestraintGame.from_params({"revision_gain": g, "war_cost": w})
            for k in range(copies):
                rows.append({"revision_gain": g, "war_cost": w, "regime": m.regime(),
                             "equilibrium": k, "error": None})
    return pd.DataFrame(rows)


def mesh_colours(ax):
    """{(x, y): RGBA} of the cells drawn, after rendering: cell (i, j) belongs to the i-th
    smallest y and the j-th smallest x found among the points inside the cells."""
    (mesh,) = by_gid(ax, "regime")
    ax.figure.canvas.draw()
    corners = mesh.get_coordinates()  # (ny + 1, nx + 1, 2)
    faces = mesh.get_facecolors().reshape(corners.shape[0] - 1, corners.shape[1] - 1, 4)
    return {"corners": corners, "faces": faces}


def cell_colour(drawn, x, y):
    """The colour of the one cell whose bounds contain (x, y) strictly."""
    corners, faces = drawn["corners"], drawn["faces"]
    xe, ye = corners[0, :, 0], corners[:, 0, 1]
    ix = [j for j in range(len(xe) - 1) if xe[j] < x < xe[j + 1]]
    iy = [i for i in range(len(ye) - 1) if ye[i] < y < ye[i + 1]]
    assert len(ix) == 1 and len(iy) == 1, (x, y)
    return tuple(faces[iy[0], ix[0]])


def n_cells(drawn):
    return drawn["faces"].shape[0] * drawn["faces"].shape[1]


def legend_colours(ax):
    leg = ax.get_legend()
    return {t.get_text(): tuple(h.get_facecolor()) for t, h in
            zip(leg.get_texts(), leg.legend_handles)}


def test_regular_grid_is_one_cell_per_point_coloured_by_its_regime():
    gs = np.linspace(-3, 3, 13)
    ws = np.linspace(-2, 8, 11)
    df = restraint_frame(gs, ws, copies=2)  # two rows per point: de-duplicated
    ax = fresh_ax()
    assert dt.plot.phase_diagram(df, "revision_gain", "war_cost", ax=ax) is ax
    cells = mesh_colours(ax)
    assert n_cells(cells) == len(gs) * len(ws)
    legend = legend_colours(ax)
    expected = {restraint_regime(g, w) for g in gs for w in ws}
    assert set(legend) == expected and len(set(legend.values())) == len(expected)
    for g in gs:
        for w in ws:
            colour = cell_colour(cells, g, w)
            assert colour == pytest.approx(legend[restraint_regime(g, w)])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("revision_gain", "war_cost")


def test_colours_do_not_depend_on_row_order():
    df = restraint_frame([-1.0, 1.0, 2.0], [0.0, 4.0])
    a = legend_colours(dt.plot.phase_diagram(df, "revision_gain", "war_cost", ax=fresh_ax()))
    shuffled = df.sample(frac=1, random_state=3)
    b = legend_colours(dt.plot.phase_diagram(shuffled, "revision_gain", "war_cost", ax=fresh_ax()))
    assert a == b
    # order pins colours across diagrams that show different subsets
    order = ["dilemma", "client_alone", "stable_deterrence", "unlabelled", "entrapment_accepted"]
    only = df[df.regime == "stable_deterrence"]
    c = legend_colours(dt.plot.phase_diagram(only, "revision_gain", "war_cost", order=order,
                                             ax=fresh_ax()))
    full = legend_colours(dt.plot.phase_diagram(df, "revision_gain", "war_cost", order=order,
                                                ax=fresh_ax()))
    assert c["stable_deterrence"] == full["stable_deterrence"]
    d = legend_colours(dt.plot.phase_diagram(df, "revision_gain", "war_cost",
                                             palette={"dilemma": "black"}, ax=fresh_ax()))
    assert d["dilemma"] == to_rgba("black")


def test_errors_are_grey_and_labelled():
    df = restraint_frame([-1.0, 1.0], [0.0, 4.0])
    df.loc[3, ["regime", "error"]] = [None, "war_cost: must be finite"]
    df["error"] = df["error"].astype(object)
    ax = dt.plot.phase_diagram(df, "revision_gain", "war_cost", ax=fresh_ax())
    legend = legend_colours(ax)
    assert list(legend)[-1] == "error"
    assert legend["error"] == to_rgba(dt.plot.ERROR_COLOR)
    cells = mesh_colours(ax)
    bad = (float(df.loc[3, "revision_gain"]), float(df.loc[3, "war_cost"]))
    assert cell_colour(cells, *bad) == pytest.approx(to_rgba(dt.plot.ERROR_COLOR))
    grey = [tuple(c) == to_rgba(dt.plot.ERROR_COLOR) for c in cells["faces"].reshape(-1, 4)]
    assert sum(grey) == 1


def test_irregular_points_are_a_scatter_per_regime():
    rng = np.random.default_rng(5)
    pts = [(float(g), float(w)) for g, w in zip(rng.uniform(-3, 3, 40), rng.uniform(-2, 8, 40))]
    rows = [{"g": g, "w": w, "regime": dt.alliance.RestraintGame(revision_gain=g,
                                                                  war_cost=w).regime()}
            for g, w in pts]
    rows.append({"g": 0.5, "w": 1.0, "regime": None, "error": "failed"})
    ax = dt.plot.phase_diagram(pd.DataFrame(rows), "g", "w", ax=fresh_ax())
    groups = {c.get_label(): c for c in by_gid(ax, "regime")}
    expected: dict[str, set] = {}
    for g, w in pts:
        expected.setdefault(restraint_regime(g, w), set()).add((g, w))
    expected["error"] = {(0.5, 1.0)}
    assert set(groups) == set(expected)
    for name, points in expected.items():
        assert {tuple(p) for p in groups[name].get_offsets().tolist()} == points
    assert tuple(groups["error"].get_facecolor()[0]) == to_rgba(dt.plot.ERROR_COLOR)


def test_several_regimes_at_a_point_are_joined_and_fractions_are_numbers():
    df = pd.DataFrame({
        "f": [Fraction(0), Fraction(0), Fraction(1, 2), Fraction(1, 2), Fraction(1), Fraction(1)],
        "r": [0] * 6,
        "structure": ["star", "web", "web", None, None, float("nan")],
    })
    ax = dt.plot.phase_diagram(df, "f", "r", color="structure", ax=fresh_ax())
    legend = legend_colours(ax)
    assert list(legend) == ["none", "star + web", "web"]
    cells = mesh_colours(ax)
    assert n_cells(cells) == 3
    assert cell_colour(cells, 0.0, 0.0) == legend["star + web"]
    assert cell_colour(cells, 0.5, 0.0) == legend["web"]
    assert cell_colour(cells, 1.0, 0.0) == legend["none"]


def test_phase_diagram_refuses_hostile_input():
    df = restraint_frame([-1.0, 1.0], [0.0, 4.0])
    with pytest.raises(TypeError, match="df must be a pandas DataFrame"):
        dt.plot.phase_diagram(df.to_dict("list"), "revision_gain", "war_cost")
    with pytest.raises(ValueError, match="x: df has no column 'gain'.*revision_gain"):
        dt.plot.phase_diagram(df, "gain", "war_cost")
    with pytest.raises(ValueError, match="color: df has no column 'regimes'"):
        dt.plot.phase_diagram(df, "revision_gain", "war_cost", color="regimes")
    with pytest.raises(TypeError, match="x: column 'regime' must hold numbers"):
        dt.plot.phase_diagram(df, "regime", "war_cost")
    bad = df.copy()
    bad["war_cost"] = bad["war_cost"].astype(object)
    bad.loc[0, "war_cost"] = "high"
    with pytest.raises(TypeError, match="y: column 'war_cost' must hold numbers"):
        dt.plot.phase_diagram(bad, "revision_gain", "war_cost")
    bad.loc[0, "war_cost"] = float("inf")
    with pytest.raises(ValueError, match="y: column 'war_cost' must be finite"):
        dt.plot.phase_diagram(bad, "revision_gain", "war_cost")
    for missing in (None, float("nan"), pd.NA):
        bad.loc[0, "war_cost"] = missing
        with pytest.raises(ValueError, match="y: column 'war_cost' has a missing value in row 0"):
            dt.plot.phase_diagram(bad, "revision_gain", "war_cost")
    nullable = df.astype({"war_cost": "Float64"})
    nullable.loc[1, "war_cost"] = pd.NA
    with pytest.raises(ValueError, match="missing value in row 1"):
        dt.plot.phase_diagram(nullable, "revision_gain", "war_cost")
    with pytest.raises(ValueError, match="df is empty"):
        dt.plot.phase_diagram(df.iloc[:0], "revision_gain", "war_cost")
    with pytest.raises(ValueError, match="same column"):
        dt.plot.phase_diagram(df, "war_cost", "war_cost")
    with pytest.raises(TypeError, match="x must be a column name"):
        dt.plot.phase_diagram(df, 0, "war_cost")


# ---------------------------------------------------------------------------------------------
# Power indices


def shapley_shubik_by_orderings(quota, weights):
    """The share of orderings in which each player is pivotal (enumerated)."""
    n = len(weights)
    pivots = [0] * n
    for order in itertools.permutations(range(n)):
        total = 0
        for i in order:
            total += weights[i]
            if total >= quota:
                pivots[i] += 1
                break
    count = math.factorial(n)
    return [Fraction(p, count) for p in pivots]


def heights(ax):
    return [p.get_height() for p in by_gid(ax, "power") if hasattr(p, "get_height")]


@given(st.lists(st.integers(1, 9), min_size=2, max_size=6), st.floats(0.5, 1.0))
def test_bar_heights_are_the_indices(weights, share):
    quota = max(1, math.ceil(share * sum(weights)))
    names = [f"M{i}" for i in range(len(weights))]
    g = dt.WeightedVotingGame(quota, weights, players=names)
    ax = dt.plot.power_indices(g.shapley_shubik(), ax=fresh_ax())
    expected = shapley_shubik_by_orderings(quota, weights)
    assert heights(ax) == pytest.approx([float(x) for x in expected])
    assert [t.get_text() for t in ax.get_xticklabels()] == names
    plt.close("all")


def test_un_security_council_sorted_and_coloured():
    unsc = dt.VotingGame.un_security_council()
    ss = unsc.shapley_shubik()
    colours = ["red"] * 5 + ["grey"] * 10
    ax = dt.plot.power_indices(ss, ax=fresh_ax(), color=colours, sort=True, title="UNSC")
    # Published values: 421/2145 for each permanent member, 4/2145 for each elected one.
    assert heights(ax) == pytest.approx([421 / 2145] * 5 + [4 / 2145] * 10)
    assert [tuple(p.get_facecolor()) for p in by_gid(ax, "power")][:6] == (
        [to_rgba("red")] * 5 + [to_rgba("grey")]
    )
    assert ax.get_title() == "UNSC" and ax.get_ylabel() == "Shapley-Shubik index"


def test_grouped_and_sorted_bars():
    g = dt.WeightedVotingGame(5, [1, 4, 2], players=["C", "A", "B"])
    ax = dt.plot.power_indices({"SS": g.shapley_shubik(), "weight": [1 / 7, 4 / 7, 2 / 7]},
                               sort=True, ax=fresh_ax())
    # Ties (B and C) keep the given order.
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "C", "B"]
    # Shapley-Shubik of [5; 4, 2, 1] by hand: A pivots in 4 of 6 orders, B and C in 1 each.
    assert heights(ax) == pytest.approx([4 / 6, 1 / 6, 1 / 6, 4 / 7, 1 / 7, 2 / 7])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["SS", "weight"]
    assert ax.get_ylabel() == ""  # two kinds of numbers: the legend names them
    ax = dt.plot.power_indices({"SS": g.shapley_shubik(), "SS again": g.shapley_shubik()},
                               ax=fresh_ax())
    assert ax.get_ylabel() == "Shapley-Shubik index"
    assert dt.plot.power_indices([0.5, 0.5], ax=fresh_ax()).get_ylabel() == "power"
    tu = dt.TUGame({("L", "R1"): 1, ("L", "R2"): 1, ("L", "R1", "R2"): 1},
                   players=["L", "R1", "R2"], default=0)
    ax = dt.plot.power_indices(tu.shapley(), labels=tu.players, horizontal=True, ax=fresh_ax())
    widths = [p.get_width() for p in by_gid(ax, "power")]
    assert widths == pytest.approx([2 / 3, 1 / 6, 1 / 6])  # the glove game, by hand
    assert [t.get_text() for t in ax.get_yticklabels()] == ["L", "R1", "R2"]


def test_institutional_power_results_draw():
    unsc = dt.alliance.InstitutionalPower.un_security_council()
    ax = dt.plot.power_indices(unsc.banzhaf(), ax=fresh_ax())
    swings = [848] * 5 + [84] * 10  # published raw Banzhaf counts
    assert heights(ax) == pytest.approx([s / sum(swings) for s in swings])


def test_power_indices_refuse_hostile_input():
    with pytest.raises(ValueError, match="labels must name the 3 players"):
        dt.plot.power_indices([0.5, 0.25, 0.25], labels=["A", "B"])
    with pytest.raises(TypeError, match="indices must hold numbers"):
        dt.plot.power_indices(["a", "b"])
    with pytest.raises(TypeError, match="indices must be"):
        dt.plot.power_indices(0.5)
    with pytest.raises(ValueError, match=r"indices\['b'\] has 2 values"):
        dt.plot.power_indices({"a": [0.5, 0.5, 0], "b": [0.5, 0.5]})
    with pytest.raises(ValueError, match="finite"):
        dt.plot.power_indices([0.5, float("nan")])
    with pytest.raises(ValueError, match="color has 2 entries"):
        dt.plot.power_indices([0.5, 0.25, 0.25], color=["r", "b"])


# ---------------------------------------------------------------------------------------------
# Repeated games


def drawn_set(ax, gid):
    (artist,) = by_gid(ax, gid)
    if hasattr(artist, "get_xy"):
        xy = artist.get_xy()[:-1]  # a closed polygon repeats its first vertex
    else:
        xy = np.column_stack([artist.get_xdata(), artist.get_ydata()])
    return {tuple(round(float(v), 9) for v in p) for p in xy}


def as_set(points):
    return {tuple(round(float(v), 9) for v in p) for p in points}


@pytest.mark.parametrize(
    ("delta", "equilibrium"),
    [
        (0.2, [(1, 1)]),  # only the stage equilibrium below δ = 1/4
        (0.3, [(1, 1), (4, 1), (1, 4)]),
        (0.9, [(1, 1), (13 / 3, 1), (3, 3), (1, 13 / 3)]),
    ],
)
def test_prisoners_dilemma_sets_are_the_hand_derived_ones(delta, equilibrium):
    pd_game = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    rg = dt.RepeatedGame(pd_game, delta)
    ax = fresh_ax()
    assert dt.plot.payoff_sets(rg, ax=ax) is ax
    assert drawn_set(ax, "feasible") == as_set([(5, 0), (3, 3), (0, 5), (1, 1)])
    assert drawn_set(ax, "feasible") == as_set(rg.feasible_set())
    assert drawn_set(ax, "individually_rational") == as_set(
        [(1, 1), (13 / 3, 1), (3, 3), (1, 13 / 3)]
    )
    assert drawn_set(ax, "individually_rational") == as_set(rg.individually_rational_set())
    assert drawn_set(ax, "equilibrium") == as_set(equilibrium)
    assert drawn_set(ax, "equilibrium") == as_set(rg.equilibrium_payoff_set().vertices)
    assert drawn_set(ax, "minmax") == {(1.0, 1.0)}


def test_a_segment_and_an_empty_set_draw():
    bos = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    rg = dt.RepeatedGame(bos, 0.1)
    eq = rg.equilibrium_payoff_set()
    assert eq.kind == "segment"
    ax = dt.plot.payoff_sets(rg, eq, minmax="pure", ax=fresh_ax())
    assert drawn_set(ax, "equilibrium") == as_set([(2, 1), (1, 2)])
    (line,) = by_gid(ax, "equilibrium")
    assert line.get_linestyle() == "-"
    pennies = dt.Game.zero_sum([[1, -1], [-1, 1]])
    ax = dt.plot.payoff_sets(dt.RepeatedGame(pennies, 0.9), ax=fresh_ax())
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "equilibrium payoffs (empty)" in texts
    # Zero-sum: the feasible set is the segment from (-1, 1) to (1, -1); IR is (0, 0).
    assert drawn_set(ax, "feasible") == as_set([(-1, 1), (1, -1)])
    assert drawn_set(ax, "individually_rational") == {(0.0, 0.0)}
    ax = dt.plot.payoff_sets(dt.RepeatedGame(pennies, 0.9), equilibrium=False, ax=fresh_ax())
    assert by_gid(ax, "equilibrium") == []


def test_payoff_sets_refuse_hostile_input():
    g4 = dt.Game(np.zeros((2, 2, 2, 2, 4)))
    with pytest.raises(ValueError, match="rg has 4 players"):
        dt.plot.payoff_sets(dt.RepeatedGame(g4, 0.9))
    with pytest.raises(TypeError, match="rg must be a detente.RepeatedGame"):
        dt.plot.payoff_sets(dt.Game.zero_sum([[1]]))
    pd_game = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(TypeError, match="equilibrium must be"):
        dt.plot.payoff_sets(dt.RepeatedGame(pd_game, 0.9), equilibrium=[[1, 1]])
    with pytest.raises(ValueError, match="kind"):
        dt.plot.payoff_sets(dt.RepeatedGame(pd_game, 0.9), minmax="median")


# ---------------------------------------------------------------------------------------------
# Tournaments


def test_tournament_matrix_is_ranked_and_equals_the_hand_derived_payoffs():
    pd_game = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    s = dt.strategies
    t = dt.tournament({"TFT": s.tit_for_tat(), "ALLD": s.defect(), "ALLC": s.cooperate()},
                      pd_game, turns=200, repetitions=2)
    ax = fresh_ax()
    assert dt.plot.tournament_matrix(t, ax=ax) is ax
    # Mean payoffs per turn over 200 turns, by hand: TFT-ALLD (0 + 199)/200, ALLD-TFT
    # (5 + 199)/200; means without self-play: ALLD 3.01, TFT 1.9975, ALLC 1.5.
    ranked = ["ALLD", "TFT", "ALLC"]
    hand = {
        ("ALLD", "ALLD"): 1, ("ALLD", "TFT"): 1.02, ("ALLD", "ALLC"): 5,
        ("TFT", "ALLD"): 0.995, ("TFT", "TFT"): 3, ("TFT", "ALLC"): 3,
        ("ALLC", "ALLD"): 0, ("ALLC", "TFT"): 3, ("ALLC", "ALLC"): 3,
    }
    assert [t.get_text() for t in ax.get_yticklabels()] == ranked
    assert [t.get_text() for t in ax.get_xticklabels()] == ranked
    (mesh,) = by_gid(ax, "payoff_matrix")
    np.testing.assert_allclose(
        np.asarray(mesh.get_array()).reshape(3, 3),
        [[hand[(r, c)] for c in ranked] for r in ranked],
    )
    texts = {(round(x.get_position()[1]), round(x.get_position()[0])): x.get_text()
             for x in by_gid(ax, "payoff")}
    assert texts[(1, 0)] == "0.99" or texts[(1, 0)] == "1.00"  # 0.995 to 2 decimals
    assert texts[(0, 2)] == "5.00"
    ax = dt.plot.tournament_matrix(t, ranked=False, colorbar=False, ax=fresh_ax())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["TFT", "ALLD", "ALLC"]


def test_tournament_matrix_from_an_array():
    ax = dt.plot.tournament_matrix([[3, 0], [5, 1]], names=["C", "D"], ax=fresh_ax())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["C", "D"]
    (mesh,) = by_gid(ax, "payoff_matrix")
    assert np.asarray(mesh.get_array()).ravel().tolist() == [3, 0, 5, 1]
    ax = dt.plot.tournament_matrix(np.ones((15, 15)), ax=fresh_ax(), colorbar=False)
    assert len(by_gid(ax, "payoff")) == 225
    ax = dt.plot.tournament_matrix(np.ones((16, 16)), ax=fresh_ax(), colorbar=False)
    assert by_gid(ax, "payoff") == []  # more than 15 strategies: not written by default
    with pytest.raises(ValueError, match="square"):
        dt.plot.tournament_matrix([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValueError, match="names must name the 2 strategies"):
        dt.plot.tournament_matrix([[3, 0], [5, 1]], names=["C"])
    with pytest.raises(TypeError, match="tournament must be"):
        dt.plot.tournament_matrix("matrix")
    with pytest.raises(TypeError, match="tournament must be"):
        dt.plot.tournament_matrix([["a", "b"], ["c", "d"]])


# ---------------------------------------------------------------------------------------------
# Every function: a passed ax is the one returned, and the current axes otherwise


def _calls():
    pd_game = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    runs = dt.dynamics.fictitious_play(pd_game, starts=1, max_iter=5, trajectory=True)
    df = restraint_frame([-1.0, 1.0], [0.0, 4.0])
    return [
        lambda ax: dt.plot.payoff_table(pd_game, ax=ax),
        lambda ax: dt.plot.trajectories(runs, ax=ax),
        lambda ax: dt.plot.phase_diagram(df, "revision_gain", "war_cost", ax=ax),
        lambda ax: dt.plot.power_indices([0.5, 0.5], ax=ax),
        lambda ax: dt.plot.payoff_sets(dt.RepeatedGame(pd_game, 0.5), ax=ax),
        lambda ax: dt.plot.tournament_matrix([[1, 2], [3, 4]], ax=ax),
    ]


@pytest.mark.parametrize("k", range(6))
def test_ax_is_returned(k):
    call = _calls()[k]
    fig, (left, right) = plt.subplots(1, 2)
    assert call(right) is right
    assert right.has_data() or right.patches or right.collections
    plt.figure()
    current = plt.gca()
    assert call(None) is current


def test_every_function_is_documented_with_an_example():
    for name in dt.plot.__all__:
        doc = getattr(dt.plot, name).__doc__
        assert "Examples" in doc and ">>>" in doc and "Returns" in doc, name


# ---------------------------------------------------------------------------------------------
# Three-player payoff sets in 3D


def tetrahedron_game():
    """Payoff vectors 0, e1, e2, e3 (player i earns 1 alone at one profile): the feasible
    set is the tetrahedron with those corners, and every minmax value is 0."""
    payoffs = np.zeros((2, 2, 2, 3))
    payoffs[1, 0, 0] = [1, 0, 0]
    payoffs[0, 1, 0] = [0, 1, 0]
    payoffs[0, 0, 1] = [0, 0, 1]
    return dt.Game(payoffs)


def face_sets(faces):
    return {frozenset(tuple(float(x) for x in p) for p in face) for face in faces}


def test_three_players_draw_the_hull_in_3d():
    rg = dt.RepeatedGame(tetrahedron_game(), 0.9)
    ax = dt.plot.payoff_sets(rg)
    assert ax.name == "3d"
    (feasible,) = by_gid(ax, "feasible")
    ax.figure.canvas.draw()
    assert len(feasible.get_paths()) == 4  # four triangles
    (ir,) = by_gid(ax, "individually_rational")
    assert len(ir.get_paths()) == 4  # minmax 0: the whole tetrahedron
    corners = [(0.0, 0.0, 0.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)]
    assert face_sets(dt.plot._hull_faces(rg.feasible_set())) == {
        frozenset(c) for c in itertools.combinations(corners, 3)
    }
    (mm,) = by_gid(ax, "minmax")
    assert np.asarray(mm._offsets3d).ravel().tolist() == [0, 0, 0]
    assert by_gid(ax, "equilibrium") == []
    flat = plt.figure().add_subplot()
    with pytest.raises(ValueError, match="ax: a 3-player game's sets are drawn in 3D"):
        dt.plot.payoff_sets(rg, ax=flat)
    with pytest.raises(ValueError, match="two-player"):
        dt.plot.payoff_sets(rg, equilibrium=True)
    ax3 = plt.figure().add_subplot(projection="3d")
    assert dt.plot.payoff_sets(rg, ax=ax3) is ax3


def test_hull_faces_of_hand_derived_polytopes():
    cube = list(itertools.product([0.0, 2.0], repeat=3))
    faces = dt.plot._hull_faces(cube + [(1.0, 1.0, 1.0)])  # the centre is on no face
    assert len(faces) == 6 and all(len(f) == 4 for f in faces)
    for face in faces:  # each face: one coordinate fixed at 0 or 2, in cyclic order
        fixed = [k for k in range(3) if len(set(face[:, k])) == 1]
        assert len(fixed) == 1 and face[0, fixed[0]] in (0, 2)
        edges = np.linalg.norm(np.roll(face, -1, axis=0) - face, axis=1)
        np.testing.assert_allclose(edges, 2)  # consecutive corners share an edge
    square = dt.plot._hull_faces([(0, 0, 1), (1, 0, 1), (0, 1, 1), (1, 1, 1), (0.5, 0.5, 1)])
    assert len(square) == 1 and len(square[0]) == 5  # flat: one face with every point
    assert dt.plot._hull_faces([(0, 0, 0), (1, 1, 1), (2, 2, 2)]) == []  # a segment
    with pytest.raises(ValueError, match="more than"):
        dt.plot._hull_faces(np.random.default_rng(0).normal(size=(65, 3)))


@given(st.integers(3, 16), st.integers(0, 2**32 - 1))
def test_hull_faces_of_points_on_a_sphere(k, seed):
    rng = np.random.default_rng(seed)
    half = rng.normal(size=(k, 3))
    half /= np.linalg.norm(half, axis=1, keepdims=True)
    pts = np.vstack([half, -half])  # antipodal pairs: the centre is inside
    faces = dt.plot._hull_faces(np.vstack([pts, [[0.0, 0.0, 0.0]]]))
    on_faces = {tuple(p) for f in faces for p in f}
    assert on_faces == {tuple(p) for p in pts}  # every sphere point, never the centre
    edges = set()
    for f in faces:
        normal = np.cross(f[1] - f[0], f[2] - f[0])
        side = (pts - f[0]) @ normal
        assert side.max() <= 1e-9 or side.min() >= -1e-9  # all points on one side
        for a, b in zip(f, np.roll(f, -1, axis=0)):
            edges.add(frozenset([tuple(a), tuple(b)]))
    assert len(pts) - len(edges) + len(faces) == 2  # Euler's formula for the polytope


# ---------------------------------------------------------------------------------------------
# More hostile and random input


@pytest.mark.parametrize("name", dt.plot.__all__)
def test_every_function_asks_for_the_plot_extra(monkeypatch, name):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    pd_game = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    args = {
        "payoff_table": (pd_game,),
        "trajectories": (dt.dynamics.fictitious_play(pd_game, starts=1, max_iter=3,
                                                     trajectory=True),),
        "phase_diagram": (restraint_frame([0.5], [1.0]), "revision_gain", "war_cost"),
        "power_indices": ([0.5, 0.5],),
        "payoff_sets": (dt.RepeatedGame(pd_game, 0.5),),
        "tournament_matrix": ([[1, 2], [3, 4]],),
    }[name]
    with pytest.raises(ImportError, match=r'pip install "detente\[plot\]"'):
        getattr(dt.plot, name)(*args)


labels_st = st.sampled_from(["war", "peace", "truce", None])


@given(
    st.integers(1, 5),
    st.integers(1, 5),
    st.data(),
)
def test_random_grids_colour_every_cell_by_its_label(nx, ny, data):
    xs = sorted(data.draw(st.sets(st.integers(-50, 50), min_size=nx, max_size=nx)))
    ys = sorted(data.draw(st.sets(st.integers(-50, 50), min_size=ny, max_size=ny)))
    rows, expected = [], {}
    for x in xs:
        for y in ys:
            copies = data.draw(st.integers(1, 3))
            failed = data.draw(st.booleans()) and data.draw(st.booleans())
            labels = {data.draw(labels_st) for _ in range(copies)}
            for label in labels:
                rows.append({"x": Fraction(x, 4), "y": y / 2, "regime": label,
                             "error": "failed" if failed else None})
            named = sorted(lab for lab in labels if lab is not None)
            expected[(x / 4, y / 2)] = "error" if failed else (" + ".join(named) or "none")
    df = pd.DataFrame(rows).sample(frac=1, random_state=data.draw(st.integers(0, 99)))
    ax = dt.plot.phase_diagram(df, "x", "y", ax=fresh_ax())
    legend = legend_colours(ax)
    assert set(legend) == set(expected.values())
    assert ("error" not in legend) or list(legend)[-1] == "error"
    cells = mesh_colours(ax)
    assert n_cells(cells) == len(expected)
    for point, label in expected.items():
        assert cell_colour(cells, *point) == legend[label]
    plt.close("all")


def test_a_bool_or_decimal_column():
    from decimal import Decimal

    df = pd.DataFrame({"x": [True, False], "y": [0, 1], "regime": ["a", "b"]})
    with pytest.raises(TypeError, match="x: column 'x' must hold numbers, found True"):
        dt.plot.phase_diagram(df, "x", "y")
    df["x"] = [Decimal("0.1"), Decimal("0.2")]
    ax = dt.plot.phase_diagram(df, "x", "y", ax=fresh_ax())
    assert len(by_gid(ax, "regime")) == 2  # not a full grid: one scatter per label


def test_large_tables_are_not_annotated_and_huge_ones_refused():
    g = dt.Game.zero_sum(np.arange(16 * 15).reshape(16, 15))
    ax = dt.plot.payoff_table(g, ax=fresh_ax())
    assert by_gid(ax, "payoff") == []  # 240 cells: over the default of 225
    ax = dt.plot.payoff_table(g, annotate=True, ax=fresh_ax())
    assert len(by_gid(ax, "payoff")) == 240
    huge = dt.Game.zero_sum(np.broadcast_to(np.zeros(1), (1001, 1000)))
    with pytest.raises(ValueError, match="game has 1001×1000"):
        dt.plot.payoff_table(huge)


def test_three_player_runs_draw_one_player_against_steps():
    g = dt.Game(np.random.default_rng(0).normal(size=(2, 2, 2, 3)))
    runs = dt.dynamics.fictitious_play(g, starts=2, max_iter=20, trajectory=True)
    ax = dt.plot.trajectories(runs, player=2, ax=fresh_ax())
    for line, run in zip(lines(ax), runs):
        np.testing.assert_allclose(line.get_ydata(), run.trajectory[:, 4])  # P3's first action
    ax = dt.plot.trajectories(runs, ax=fresh_ax())  # not 2x2: player 0 by default
    for line, run in zip(lines(ax), runs):
        np.testing.assert_allclose(line.get_ydata(), run.trajectory[:, 0])


def test_tournament_without_self_play_leaves_the_diagonal_blank():
    pd_game = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    s = dt.strategies
    t = dt.tournament({"TFT": s.tit_for_tat(), "ALLD": s.defect(), "ALLC": s.cooperate()},
                      pd_game, self_play=False, repetitions=2)
    ax = dt.plot.tournament_matrix(t, ax=fresh_ax())
    (mesh,) = by_gid(ax, "payoff_matrix")
    mask = np.ma.getmaskarray(mesh.get_array()).reshape(3, 3)
    np.testing.assert_array_equal(mask, np.eye(3, dtype=bool))
    positions = {(round(x.get_position()[1]), round(x.get_position()[0]))
                 for x in by_gid(ax, "payoff")}
    assert positions == {(i, j) for i in range(3) for j in range(3) if i != j}


def test_monte_carlo_shapley_bars_carry_their_intervals():
    majority = dt.TUGame(lambda s: int(len(s) >= 2), players=3)
    est = majority.shapley_monte_carlo(2000, seed=3)
    ax = dt.plot.power_indices(est, ax=fresh_ax())
    assert heights(ax) == pytest.approx(est.values.tolist())
    (whiskers,) = [c for c in by_gid(ax, "interval") if hasattr(c, "get_segments")]
    segments = sorted(whiskers.get_segments(), key=lambda seg: seg[0][0])
    centres = [p.get_x() + p.get_width() / 2 for p in by_gid(ax, "power")]
    assert len(segments) == 3
    for seg, centre, low, high in zip(segments, centres, est.low, est.high):
        assert seg[0][0] == seg[1][0] == pytest.approx(centre)  # on its bar, vertical
        assert sorted([seg[0][1], seg[1][1]]) == pytest.approx([low, high])
    # Each sampled ordering splits v(N) = 1 exactly, so the estimates sum to 1.
    assert sum(heights(ax)) == pytest.approx(1)
    assert ax.get_ylabel() == "Shapley value (95% interval)"


def test_table_takes_a_zero_sum_solution():
    rps = dt.Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    ax = dt.plot.payoff_table(rps, dt.solve.zero_sum(rps), ax=fresh_ax())
    rows = [b.get_width() / 0.9 for b in by_gid(ax, "mixed_equilibrium") if b.get_x() > 2]
    assert rows == pytest.approx([1 / 3] * 3)  # the uniform mix, by symmetry


def test_log_scaled_grids_put_each_point_in_its_cell():
    ns = [2, 4, 8, 16, 32]
    deltas = [0.1, 0.5, 0.9]
    rows = [{"n": n, "delta": d, "regime": "high" if n * d > 3 else "low"}
            for n in ns for d in deltas]
    ax = dt.plot.phase_diagram(pd.DataFrame(rows), "n", "delta", xscale="log", ax=fresh_ax())
    assert ax.get_xscale() == "log" and ax.get_yscale() == "linear"
    cells = mesh_colours(ax)
    edges = cells["corners"][0, :, 0]
    # geometric midpoints: sqrt(2 * 4) = 2.83, ..., half a step (×√2) beyond the ends
    expected = [2 / 2**0.5] + [2 ** (k + 1.5) for k in range(4)] + [32 * 2**0.5]
    np.testing.assert_allclose(edges, expected)
    legend = legend_colours(ax)
    for n in ns:
        for d in deltas:
            assert cell_colour(cells, n, d) == legend["high" if n * d > 3 else "low"]
    with pytest.raises(ValueError, match="yscale='log' needs positive y values"):
        dt.plot.phase_diagram(pd.DataFrame(rows).assign(delta=0.0), "n", "delta", yscale="log")
    with pytest.raises(ValueError, match="xscale must be 'linear' or 'log'"):
        dt.plot.phase_diagram(pd.DataFrame(rows), "n", "delta", xscale="symlog")


def test_replicator_of_a_tournament_matrix_on_the_simplex():
    names = ["TFT", "ALLD", "ALLC"]
    matrix = [[3, 0.995, 3], [1.02, 1, 5], [3, 0, 3]]
    runs = dt.repeated.replicator(matrix, starts=2, names=names, max_iter=500, trajectory=True)
    ax = dt.plot.trajectories(runs, player=0, ax=fresh_ax())
    assert [t.get_text() for t in ax.texts] == names
    for line, run in zip(lines(ax), runs):
        shares = run.trajectory[:, :3]
        np.testing.assert_allclose(shares.sum(axis=1), 1)
        np.testing.assert_allclose(line.get_ydata(), shares[:, 2] * math.sqrt(3) / 2)


def test_long_paths_are_thinned_to_a_subset_of_their_states():
    hawk_dove = dt.Game.from_bimatrix([[-2, 2], [0, 1]], [[-2, 0], [2, 1]])
    runs = dt.dynamics.replicator(hawk_dove, starts=1, dt=0.001, tol=0.0, max_iter=25_000,
                                  trajectory=True)
    path = runs[0].trajectory
    assert len(path) == 25_001
    ax = dt.plot.trajectories(runs, ax=fresh_ax(), max_points=1000)
    (line,) = lines(ax)
    xy = np.column_stack([line.get_xdata(), line.get_ydata()])
    assert len(xy) <= 1001
    states = {tuple(p) for p in path[:, [0, 2]]}
    assert all(tuple(p) in states for p in xy)  # only states of the run
    assert tuple(xy[0]) == tuple(path[0, [0, 2]]) and tuple(xy[-1]) == tuple(path[-1, [0, 2]])
    ax = dt.plot.trajectories(runs, player=0, ax=fresh_ax(), max_points=500)
    (line,) = lines(ax)
    steps = line.get_xdata().astype(int)
    assert len(steps) <= 501 and steps[0] == 0 and steps[-1] == 25_000
    np.testing.assert_array_equal(line.get_ydata(), path[steps, 0])  # step k shows state k
    ax = dt.plot.trajectories(runs, ax=fresh_ax(), max_points=None)
    assert len(lines(ax)[0].get_xdata()) == 25_001
    with pytest.raises(ValueError, match="max_points must be an integer of at least 2"):
        dt.plot.trajectories(runs, max_points=1)


def numpy_regret(a, b, p, q):
    """The largest gain of a unilateral deviation from (p, q), from the matrices alone."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return max((a @ q).max() - p @ a @ q, (p @ b).max() - p @ b @ q)


@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_the_marginal_bars_read_back_as_equilibria(m, n, data):
    entries = st.lists(st.lists(st.integers(-4, 4), min_size=n, max_size=n),
                       min_size=m, max_size=m)
    a, b = data.draw(entries), data.draw(entries)
    g = dt.Game.from_bimatrix(a, b)
    eqs = dt.solve.enumerate_all(g)
    palette = [f"#{(37 * k + 11) % 256:02x}{(91 * k) % 256:02x}{(53 * k + 7) % 256:02x}"
               for k in range(1, 60)]
    ax = dt.plot.payoff_table(g, eqs, mixed_colors=palette, ax=fresh_ax())
    bars: dict[tuple, dict[str, list]] = {}
    for bar in by_gid(ax, "mixed_equilibrium"):
        side = bars.setdefault(tuple(bar.get_facecolor()), {"rows": [], "cols": []})
        if bar.get_x() > n - 0.5:  # beside the rows: (row, probability)
            side["rows"].append((bar.get_y(), bar.get_width() / 0.9))
        else:  # under the columns
            side["cols"].append((bar.get_x(), bar.get_height() / 0.9))
    assert len(bars) == sum(not e.is_pure for e in eqs)
    for side in bars.values():
        p = np.array([w for _, w in sorted(side["rows"])])
        q = np.array([h for _, h in sorted(side["cols"])])
        assert len(p) == m and len(q) == n
        assert p.sum() == pytest.approx(1) and q.sum() == pytest.approx(1)
        assert numpy_regret(a, b, p, q) <= 1e-9
    assert framed_cells(ax) == brute_force_pure(a, b)
    plt.close("all")


def test_a_correlated_equilibrium_writes_its_probabilities():
    a, b = [[6, 2], [7, 0]], [[6, 7], [2, 0]]  # chicken
    g = dt.Game.from_bimatrix(a, b)
    ce = dt.solve.correlated(g)
    ax = dt.plot.payoff_table(g, [ce, *dt.solve.pure(g)], ax=fresh_ax())
    probs = np.zeros((2, 2))
    for t in by_gid(ax, "correlated"):
        x, y = t.get_position()
        probs[round(y - 0.32), round(x)] = float(t.get_text().removeprefix("P = "))
    assert probs.sum() == pytest.approx(1, abs=2e-3)  # three significant digits
    # Obedience, checked on the numbers drawn: no player gains by disobeying a recommendation.
    a, b = np.asarray(a, float), np.asarray(b, float)
    for i, k in itertools.permutations(range(2), 2):
        assert probs[i] @ (a[i] - a[k]) >= -1e-2
        assert probs[:, i] @ (b[:, i] - b[:, k]) >= -1e-2
    assert framed_cells(ax) == brute_force_pure(a, b)
    with pytest.raises(ValueError, match="2 correlated equilibria"):
        dt.plot.payoff_table(g, [ce, ce])
    other = dt.solve.correlated(dt.Game.from_bimatrix([[1, 0, 0]], [[1, 0, 0]]))
    with pytest.raises(ValueError, match="distribution has shape"):
        dt.plot.payoff_table(g, other)


@given(st.lists(st.tuples(st.integers(-9, 9), st.integers(-9, 9), labels_st, st.booleans()),
                min_size=1, max_size=30))
def test_random_point_sets_scatter_each_point_once_under_its_label(points):
    df = pd.DataFrame([{"x": x / 3, "y": y, "regime": lab, "error": "boom" if bad else None}
                       for x, y, lab, bad in points])
    expected_labels: dict[tuple, set] = {}
    failed = set()
    for x, y, lab, bad in points:
        expected_labels.setdefault((x / 3, float(y)), set()).add(lab)
        if bad:
            failed.add((x / 3, float(y)))
    full_grid = len(expected_labels) == len({p[0] for p in expected_labels}) * len(
        {p[1] for p in expected_labels})
    ax = dt.plot.phase_diagram(df, "x", "y", ax=fresh_ax())
    legend = legend_colours(ax)
    for point, labels in expected_labels.items():
        named = sorted(lab for lab in labels if lab is not None)
        want = "error" if point in failed else (" + ".join(named) or "none")
        if full_grid:
            assert cell_colour(mesh_colours(ax), *point) == legend[want]
        else:
            groups = {c.get_label(): c for c in by_gid(ax, "regime")}
            assert point in {tuple(p) for p in groups[want].get_offsets().tolist()}
    if not full_grid:
        drawn = sum(len(c.get_offsets()) for c in by_gid(ax, "regime"))
        assert drawn == len(expected_labels)  # each point once
    plt.close("all")
