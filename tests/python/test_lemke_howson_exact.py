"""detente.solve.lemke_howson(exact=True): every answer certified by an exact regret computed
here in Python Fractions (independent of detente), on degenerate, nondegenerate and huge
integer payoffs (machine integers, the switch to big integers, big integers from the start);
the float path ends where the exact one does on nondegenerate games; the pivot cap and Ctrl-C
are honoured."""

import os
import signal
import threading
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt


def exact_regret(a, b, x, y):
    """The larger player's regret of (x, y) in the bimatrix game (a, b) of Python ints or
    Fractions, in exact Fractions."""
    m, n = len(a), len(a[0])
    row = [sum(Fraction(a[i][j]) * y[j] for j in range(n)) for i in range(m)]
    col = [sum(x[i] * Fraction(b[i][j]) for i in range(m)) for j in range(n)]
    own_row = sum(x[i] * row[i] for i in range(m))
    own_col = sum(y[j] * col[j] for j in range(n))
    return max(max(row) - own_row, max(col) - own_col)


def certify(a, b, eq):
    """The equilibrium's exact strategies are probability vectors with exact regret 0, and its
    float strategies are their nearest floats."""
    x, y = eq.exact_strategies
    assert all(isinstance(p, Fraction) and p >= 0 for p in x + y)
    assert sum(x) == 1 and sum(y) == 1
    assert exact_regret(a, b, x, y) == 0
    assert [list(s) for s in eq.strategies] == [[float(p) for p in x], [float(p) for p in y]]


def integer_games(values):
    return st.tuples(st.integers(1, 6), st.integers(1, 6)).flatmap(
        lambda mn: st.tuples(
            *(st.lists(st.lists(values, min_size=mn[1], max_size=mn[1]), min_size=mn[0], max_size=mn[0]) for _ in range(2))
        )
    )


BIG = 10**40  # beyond i128 once shifted and multiplied: big integers from the start


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        integer_games(st.integers(-1, 1)),  # ties everywhere: degenerate
        integer_games(st.integers(-100, 100)),
        integer_games(st.integers(-(2**100), 2**100)),  # machine integers, then big ones
        integer_games(st.integers(-2, 2).map(lambda v: v * BIG + 1)),
    )
)
def test_integer_games_every_label_exactly(ab):
    a, b = ab
    g = dt.Game.from_bimatrix(a, b)
    for label in range(len(a) + len(a[0])):
        certify(a, b, dt.solve.lemke_howson(g, label, exact=True))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 14), st.integers(2, 14))
def test_float_path_ends_where_the_exact_path_ends(seed, m, n):
    # Integer payoffs over a wide range: nondegenerate with high probability.
    r = np.random.default_rng(seed)
    a, b = r.integers(-(10**6), 10**6, (m, n)), r.integers(-(10**6), 10**6, (m, n))
    g = dt.Game.from_bimatrix(a, b)
    label = int(r.integers(m + n))
    exact = dt.solve.lemke_howson(g, label, exact=True)
    certify(a.tolist(), b.tolist(), exact)
    floats = dt.solve.lemke_howson(g, label)
    for s, t in zip(floats.strategies, exact.strategies):
        assert np.abs(np.asarray(s) - np.asarray(t)).max() <= 1e-9


def test_rational_payoffs():
    # Thirds and sevenths: the tableaux read them as integers over the common denominator.
    r = np.random.default_rng(3)
    a = [[Fraction(int(v), 3) for v in row] for row in r.integers(-50, 50, (7, 9))]
    b = [[Fraction(int(v), 7) for v in row] for row in r.integers(-50, 50, (7, 9))]
    g = dt.Game.from_bimatrix(a, b)
    for label in range(16):
        certify(a, b, dt.solve.lemke_howson(g, label, exact=True))


@pytest.mark.parametrize("scale", [1, 2**100, 10**40])
def test_50x50_integer_game(scale):
    # One of the benchmark's games (compare_peers, exact_integer), and the same game scaled:
    # same equilibrium (a positive scaling moves no path), certified exactly.
    r = np.random.default_rng(401653623)
    a, b = r.integers(-100, 101, (50, 50)), r.integers(-100, 101, (50, 50))
    a, b = [[int(v) * scale for v in row] for row in a], [[int(v) * scale for v in row] for row in b]
    eq = dt.solve.lemke_howson(dt.Game.from_bimatrix(a, b), 0, exact=True)
    certify(a, b, eq)
    assert [len([p for p in s if p]) for s in eq.exact_strategies] == [4, 4]


def test_pivot_cap_is_honoured_in_exact_mode():
    g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(dt.SolverError, match="max_pivots = 3"):
        dt.solve.lemke_howson(g, 0, exact=True, max_pivots=3)  # this path needs four pivots
    assert dt.solve.lemke_howson(g, 0, exact=True, max_pivots=4).exact_strategies == [[Fraction(1, 2)] * 2] * 2


def test_ctrl_c_stops_exact_paths():
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        r = np.random.default_rng(5)
        g = dt.Game.from_bimatrix(r.integers(-100, 101, (150, 150)), r.integers(-100, 101, (150, 150)))
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        start = time.perf_counter()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            dt.solve.lemke_howson_all(g, exact=True)  # 300 exact paths: far longer uninterrupted
        elapsed = time.perf_counter() - start
        timer.join()
        assert elapsed < 20.0, f"took {elapsed:.1f} s to honour Ctrl-C"
    finally:
        signal.signal(signal.SIGINT, previous)
