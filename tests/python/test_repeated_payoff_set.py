"""``RepeatedGame.equilibrium_payoff_set``: hand-derived sets, QuantEcon's answers, and
independent checks (every vertex enforceable within the set; the set inside the feasible,
individually rational set and inside the outer approximation) on random games."""

from __future__ import annotations

import json
import pickle
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt
from detente.repeated import EquilibriumPayoffSet

PD = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


# -------------------------------------------------------------- independent geometry


def _seg_dist(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    d = b - a
    n = float(d @ d)
    t = 0.0 if n == 0 else min(1.0, max(0.0, float((p - a) @ d) / n))
    return float(np.linalg.norm(p - (a + t * d)))


def dist_to(poly: np.ndarray, p) -> float:
    """Distance from ``p`` to the convex polygon ``poly`` (rows are vertices in order)."""
    p = np.asarray(p, dtype=float)
    k = len(poly)
    if k == 0:
        return np.inf
    if k == 1:
        return float(np.linalg.norm(p - poly[0]))
    edges = [(poly[i], poly[(i + 1) % k]) for i in range(k)]
    if k >= 3:
        crosses = [(b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) for a, b in edges]
        if all(c >= 0 for c in crosses) or all(c <= 0 for c in crosses):
            return 0.0
    return min(_seg_dist(p, a, b) for a, b in edges)


def hausdorff(a, b) -> float:
    a, b = np.asarray(a, dtype=float).reshape(-1, 2), np.asarray(b, dtype=float).reshape(-1, 2)
    if len(a) == 0 or len(b) == 0:
        return 0.0 if len(a) == len(b) else np.inf
    return max(max(dist_to(b, p) for p in a), max(dist_to(a, p) for p in b))


def enforceable(a: np.ndarray, b: np.ndarray, delta: float, vertices: np.ndarray, tol: float) -> bool:
    """Every vertex is (1-δ) g(a) + δ w with w in the set and no profitable deviation when
    deviations are punished by the deviator's lowest payoff in the set."""
    u = vertices.min(axis=0)
    best1 = a.max(axis=0)  # player 1's best payoff against each column
    best2 = b.max(axis=1)  # player 2's best payoff against each row
    for v in vertices:
        ok = False
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                g = np.array([a[i, j], b[i, j]])
                w = (v - (1 - delta) * g) / delta
                dev = np.array([best1[j], best2[i]])
                if dist_to(vertices, w) <= tol and np.all(v >= (1 - delta) * dev + delta * u - tol):
                    ok = True
        if not ok:
            return False
    return True


# -------------------------------------------------------------- hand-derived sets


@pytest.mark.parametrize("delta", [0.05, 0.2, 0.24])
def test_pd_is_the_stage_equilibrium_below_one_quarter(delta):
    # Derivation in tests/repeated_payoff_set.rs: (D, C) would need a continuation worth
    # 1/δ > 4 to the cooperator, more than any point without (C, C), which needs δ >= 1/2.
    v = dt.RepeatedGame(PD, delta).equilibrium_payoff_set()
    assert v.kind == "point" and v.converged and not v.is_empty
    assert hausdorff(v.vertices, [[1, 1]]) < 1e-9
    assert v.area == 0.0


@pytest.mark.parametrize("delta", [0.26, Fraction(1, 3), 0.45])
def test_pd_is_a_triangle_between_one_quarter_and_one_half(delta):
    v = dt.RepeatedGame(PD, delta).equilibrium_payoff_set()
    assert v.kind == "polygon" and len(v.vertices) == 3
    assert hausdorff(v.vertices, [[1, 1], [4, 1], [1, 4]]) < 1e-8
    assert abs(v.area - 4.5) < 1e-8


@pytest.mark.parametrize("delta", [0.55, 0.8, 0.95])
def test_pd_is_the_feasible_individually_rational_set_from_one_half(delta):
    third = float(Fraction(13, 3))
    v = dt.RepeatedGame(PD, delta).equilibrium_payoff_set()
    assert hausdorff(v.vertices, [[1, 1], [third, 1], [3, 3], [1, third]]) < 1e-8
    np.testing.assert_allclose(v.worst_payoffs, [1, 1], atol=1e-12)
    np.testing.assert_allclose(v.best_payoffs, [third, third], atol=1e-8)


def test_battle_of_the_sexes_segment_and_matching_pennies_empty():
    bos = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    for method in ["abreu_sannikov", "outer"]:
        v = dt.RepeatedGame(bos, 0.5).equilibrium_payoff_set(method)
        assert v.contains([1.5, 1.5]) and v.contains([1, 2]) and not v.contains([1.2, 1.2])
    v = dt.RepeatedGame(bos, 0.5).equilibrium_payoff_set()
    assert v.kind == "segment" and hausdorff(v.vertices, [[1, 2], [2, 1]]) < 1e-9
    pennies = dt.Game.zero_sum([[1, -1], [-1, 1]])
    for delta in [0.0, 0.3, 0.99]:
        for method in ["abreu_sannikov", "outer"]:
            e = dt.RepeatedGame(pennies, delta).equilibrium_payoff_set(method)
            assert e.is_empty and e.kind == "empty" and e.vertices.shape == (0, 2)
            assert e.worst_payoffs is None and e.best_payoffs is None
            assert "empty" in repr(e) and not e.contains([0, 0])


def test_outer_contains_abreu_sannikov():
    g = dt.Game.from_bimatrix([[16, 3, 0], [21, 10, -1], [9, 5, -5]], [[9, 13, 3], [1, 4, 0], [0, -4, -15]])
    rg = dt.RepeatedGame(g, 0.3)
    inner = rg.equilibrium_payoff_set()
    outer = rg.equilibrium_payoff_set("outer", directions=128)
    assert outer.directions == 128 and outer.method == "outer" and inner.directions is None
    assert all(outer.contains(p, 1e-7) for p in inner.vertices)
    assert hausdorff(inner.vertices, outer.vertices) < 0.5


# -------------------------------------------------------------- the result's face


def test_result_face():
    v = dt.RepeatedGame(PD, 0.9).equilibrium_payoff_set()
    assert isinstance(v, EquilibriumPayoffSet) and v.method == "abreu_sannikov"
    assert v.players == ["P1", "P2"] and v.exact_game and "exact" in repr(v)
    assert v.discount == 0.9 and v.tol == 1e-10 and v.hausdorff <= 1e-10 * 5
    frame = v.to_frame()
    assert list(frame.columns) == ["vertex", "player", "payoff"] and len(frame) == 8
    assert "<table>" in v._repr_html_()
    assert pickle.loads(pickle.dumps(v)) == v
    assert EquilibriumPayoffSet.from_json(v.to_json()) == v
    bad = json.loads(v.to_json())
    bad["vertices"] = [[0, 0], [1, 1], [2, 0]]  # clockwise
    with pytest.raises(ValueError, match="vertices"):
        EquilibriumPayoffSet.from_json(json.dumps(bad))
    assert dt.RepeatedGame(PD, 0.9).equilibrium_payoff_set("AS") == v


def test_contains_checks_its_point():
    v = dt.RepeatedGame(PD, 0.9).equilibrium_payoff_set()
    assert v.contains(np.array([2.0, 2.0])) and not v.contains([0, 0])
    assert v.contains([0.9, 1], tol=0.2)
    for bad in [[1, 2, 3], [np.nan, 1], "x"]:
        with pytest.raises((ValueError, TypeError)):
            v.contains(bad)
    with pytest.raises(ValueError, match="tol"):
        v.contains([1, 1], tol=-1)


def test_bad_calls_say_what_is_supported():
    three = dt.Game(np.zeros((2, 2, 2, 3)))
    with pytest.raises(ValueError, match="two-player"):
        dt.RepeatedGame(three, 0.5).equilibrium_payoff_set()
    with pytest.raises(ValueError, match="common discount factor"):
        dt.RepeatedGame(PD, [0.9, 0.8]).equilibrium_payoff_set()
    with pytest.raises(ValueError, match="finite horizon"):
        dt.RepeatedGame(PD, 0.9, horizon=5).equilibrium_payoff_set()
    rg = dt.RepeatedGame(PD, 0.9)
    with pytest.raises(ValueError, match="method"):
        rg.equilibrium_payoff_set("lp")
    for kwargs in [{"tol": 0}, {"tol": 2}, {"tol": float("nan")}, {"max_iter": 0}, {"directions": 3}]:
        with pytest.raises((ValueError, TypeError)):
            rg.equilibrium_payoff_set("outer", **kwargs)
    capped = rg.equilibrium_payoff_set("outer", max_iter=1)
    assert not capped.converged and capped.iterations == 1 and "NOT converged" in repr(capped)


def test_continuation_probability_discounts_too():
    a = dt.RepeatedGame(PD, 0.6, continuation=0.5).equilibrium_payoff_set()
    b = dt.RepeatedGame(PD, 0.3).equilibrium_payoff_set()
    assert hausdorff(a.vertices, b.vertices) < 1e-12 and a.discount == pytest.approx(0.3)


# -------------------------------------------------------------- properties

int_games = st.tuples(st.integers(2, 3), st.integers(2, 3)).flatmap(
    lambda mn: st.tuples(
        st.lists(st.integers(-5, 5), min_size=mn[0] * mn[1], max_size=mn[0] * mn[1]),
        st.lists(st.integers(-5, 5), min_size=mn[0] * mn[1], max_size=mn[0] * mn[1]),
        st.just(mn),
        st.sampled_from([0.1, 0.3, 0.5, 0.7, 0.9]),
    )
)


@settings(max_examples=60, deadline=None)
@given(int_games)
def test_random_games_sets_are_self_generating_and_individually_rational(case):
    a_list, b_list, (m, n), delta = case
    a = np.array(a_list, dtype=float).reshape(m, n)
    b = np.array(b_list, dtype=float).reshape(m, n)
    rg = dt.RepeatedGame(dt.Game.from_bimatrix(a, b), delta)
    v = rg.equilibrium_payoff_set()
    assert v.converged
    verts = v.vertices
    if len(verts) == 0:
        # Repeating a stage equilibrium is always subgame perfect: none may exist.
        assert not dt.solve.pure(dt.Game.from_bimatrix(a, b))
        return
    assert enforceable(a, b, delta, verts, 1e-7)
    minmax = np.array([a.max(axis=0).min(), b.max(axis=1).min()])
    assert np.all(verts >= minmax - 1e-9)
    payoffs = np.stack([a.ravel(), b.ravel()], axis=1)
    if len(verts):
        # Inside the feasible set: a hull of the payoff pairs contains each vertex.
        assert all(_in_hull(payoffs, p) for p in verts)
    outer = rg.equilibrium_payoff_set("outer", directions=32)
    assert all(outer.contains(p, 1e-7) for p in verts)


def _in_hull(points: np.ndarray, p: np.ndarray, tol: float = 1e-9) -> bool:
    """Whether ``p`` is a convex combination of ``points``: some pair or triple of them
    contains it (Carathéodory in the plane)."""
    k = len(points)
    for i in range(k):
        if np.linalg.norm(points[i] - p) <= tol:
            return True
        for j in range(i + 1, k):
            if _seg_dist(p, points[i], points[j]) <= tol:
                return True
            for l in range(j + 1, k):
                if dist_to(points[[i, j, l]], p) <= tol:
                    return True
    return False


# -------------------------------------------------------------- QuantEcon


def _quantecon_vertices(qe, a, b, delta):
    g = qe.game_theory.NormalFormGame(np.stack([np.asarray(a, float), np.asarray(b, float)], axis=-1))
    hull = qe.game_theory.RepeatedGame(g, delta).equilibrium_payoffs()
    return hull.points[hull.vertices]


@pytest.mark.parametrize(
    "a,b,delta",
    [
        # QuantEcon's test suite: its documented prisoners' dilemma and Abreu & Sannikov's example.
        ([[9, 1], [10, 3]], [[9, 10], [1, 3]], 0.9),
        ([[16, 3, 0], [21, 10, -1], [9, 5, -5]], [[9, 13, 3], [1, 4, 0], [0, -4, -15]], 0.3),
        ([[16, 3, 0], [21, 10, -1], [9, 5, -5]], [[9, 13, 3], [1, 4, 0], [0, -4, -15]], 0.6),
        ([[3, 0], [5, 1]], [[3, 5], [0, 1]], 0.3),
        ([[3, 0], [5, 1]], [[3, 5], [0, 1]], 0.8),
    ],
)
def test_matches_quantecon(a, b, delta):
    qe = pytest.importorskip("quantecon")
    expected = _quantecon_vertices(qe, a, b, delta)
    v = dt.RepeatedGame(dt.Game.from_bimatrix(a, b), delta).equilibrium_payoff_set()
    assert hausdorff(v.vertices, expected) < 1e-6


def test_quantecon_fails_where_detente_answers():
    qe = pytest.importorskip("quantecon")
    # A single point: QuantEcon's convex hull of one point raises (Qhull), detente answers.
    with pytest.raises(Exception):
        _quantecon_vertices(qe, [[3, 0], [5, 1]], [[3, 5], [0, 1]], 0.2)
    assert dt.RepeatedGame(PD, 0.2).equilibrium_payoff_set().kind == "point"


def test_docstrings_and_their_examples():
    # tests/python/test_help.py walks detente's top-level names; this class lives in
    # detente.repeated, so its docstrings are checked here.
    import doctest

    members = [EquilibriumPayoffSet, dt.RepeatedGame.equilibrium_payoff_set]
    members += [getattr(EquilibriumPayoffSet, n) for n in dir(EquilibriumPayoffSet) if not n.startswith("_")]
    for obj in members:
        assert (obj.__doc__ or "").strip(), obj
    for obj in [EquilibriumPayoffSet, EquilibriumPayoffSet.contains, dt.RepeatedGame.equilibrium_payoff_set]:
        finder = doctest.DocTestFinder(recurse=False)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        for test in finder.find(obj, name=getattr(obj, "__qualname__", "doc"), globs={}):
            runner.run(test)
        assert runner.failures == 0 and runner.tries > 0, obj


def test_ctrl_c_stops_a_long_computation():
    import os
    import signal
    import threading
    import time

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        rng = np.random.default_rng(3)
        g = dt.Game.from_bimatrix(rng.standard_normal((100, 100)), rng.standard_normal((100, 100)))
        rg = dt.RepeatedGame(g, 0.999)  # the outer method needs minutes here
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        start = time.perf_counter()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            rg.equilibrium_payoff_set("outer", directions=1024)
        timer.join()
        assert time.perf_counter() - start < 20.0
        assert dt.RepeatedGame(PD, 0.2).equilibrium_payoff_set().kind == "point"
    finally:
        signal.signal(signal.SIGINT, previous)
