"""One-population replicator dynamics started from the population's shares alone.

``dt.dynamics.replicator(..., population="single")`` and ``dt.repeated.replicator`` accept a
start ``[0.9, 0.1]`` for the symmetric profile ``([0.9, 0.1], [0.9, 0.1])`` (nashpy's ``y0``).
Checked against an independent RK4 integration in numpy and against nashpy's published
trajectory; integer lists stay profiles of action indices.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt


def rk4_replicator(a, x, dt_, steps):
    """x' = x ((A x) - x·A x), integrated by the classical RK4 with fixed steps."""
    a = np.asarray(a, dtype=float)

    def f(y):
        fit = a @ y
        return y * (fit - y @ fit)

    y = np.asarray(x, dtype=float)
    for _ in range(steps):
        k1 = f(y)
        k2 = f(y + dt_ / 2 * k1)
        k3 = f(y + dt_ / 2 * k2)
        k4 = f(y + dt_ * k3)
        y = y + dt_ / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return y


def test_shares_equal_the_symmetric_profile():
    a = [[3, 2], [4, 2]]
    g = dt.Game.from_bimatrix(a, np.array(a).T)
    opts = dict(population="single", dt=0.01, max_iter=300)
    by_shares = dt.dynamics.replicator(g, [[0.9, 0.1], np.array([0.3, 0.7])], **opts)
    by_profile = dt.dynamics.replicator(g, [[[0.9, 0.1]] * 2, [[0.3, 0.7]] * 2], **opts)
    assert list(by_shares) == list(by_profile)


def test_nashpy_documented_trajectory_end():
    # nashpy's "use replicator dynamics" how-to integrates A = [[3, 2], [4, 2]] over t in
    # [0, 10] and prints 0.10180527 (from 1/2) and 0.14074972 (from y0 = [0.9, 0.1]) last.
    runs = dt.repeated.replicator([[3, 2], [4, 2]], [[0.5, 0.5], [0.9, 0.1]], dt=0.01,
                                  max_iter=1000)
    assert [round(float(r.strategies[0][0]), 6) for r in runs] == [0.101805, 0.14075]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(-5, 5), min_size=9, max_size=9),
    st.lists(st.floats(0.05, 1.0), min_size=3, max_size=3),
)
def test_shares_follow_an_independent_rk4(entries, weights):
    a = np.array(entries, dtype=float).reshape(3, 3)
    x0 = np.array(weights) / sum(weights)
    runs = dt.repeated.replicator(a, [list(x0)], dt=0.01, max_iter=50, tol=0.0)
    expected = rk4_replicator(a, x0, 0.01, runs[0].iterations)
    assert runs[0].strategies[0] == pytest.approx(expected, abs=1e-9)
    assert runs[0].strategies[1] == pytest.approx(expected, abs=1e-9)


def test_integer_lists_stay_action_indices():
    a = [[3, 2], [4, 2]]
    # [1, 0] is the asymmetric pure profile (row plays 1, column plays 0), not shares.
    with pytest.raises(dt.InvalidProfileError, match="symmetric"):
        dt.repeated.replicator(a, [[1, 0]])
    # [1, 1]: both play action 1, a rest point.
    run = dt.repeated.replicator(a, [[1, 1]], max_iter=10)[0]
    assert run.strategies[0].tolist() == [0.0, 1.0]


def test_wrong_length_shares_are_still_refused():
    with pytest.raises(dt.InvalidProfileError):
        dt.repeated.replicator([[3, 2], [4, 2]], [[0.5, 0.2, 0.3]])


def test_multi_population_is_unchanged():
    a = [[3, 2], [4, 2]]
    g = dt.Game.from_bimatrix(a, np.array(a).T)
    with pytest.raises(dt.InvalidProfileError):
        dt.dynamics.replicator(g, [[0.9, 0.1]])
