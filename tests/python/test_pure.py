"""detente.solve.pure against hand-derived answers and an independent numpy check."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt
from strategies import games


def numpy_pure(payoffs, tol=0.0):
    """Independent vectorised check: a profile is stable if each payoff is its axis maximum."""
    n = payoffs.ndim - 1
    stable = np.ones(payoffs.shape[:-1], dtype=bool)
    for i in range(n):
        u = payoffs[..., i]
        stable &= u + tol >= u.max(axis=i, keepdims=True)
    return [tuple(int(x) for x in idx) for idx in np.argwhere(stable)]


def supports(eqs):
    return [tuple(s[0] for s in e.support) for e in eqs]


def test_classic_games_by_hand():
    pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert supports(dt.solve.pure(pd)) == [(1, 1)]
    stag = dt.Game.from_bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])
    assert supports(dt.solve.pure(stag)) == [(0, 0), (1, 1)]
    chicken = dt.Game.from_bimatrix([[3, 2], [4, 1]], [[3, 4], [2, 1]])
    assert supports(dt.solve.pure(chicken)) == [(0, 1), (1, 0)]
    pennies = dt.Game.zero_sum([[1, -1], [-1, 1]])
    assert dt.solve.pure(pennies) == []


def test_all_zero_game_every_profile_is_an_equilibrium():
    g = dt.Game(np.zeros((3, 2, 2, 3)))
    assert len(dt.solve.pure(g)) == 12


def test_one_player_game():
    g = dt.Game(np.array([[1.0], [3.0], [3.0]]))
    assert supports(dt.solve.pure(g)) == [(1,), (2,)]


def test_epsilon_equilibria():
    # Row gains 0.1 by deviating from (0, 0): an equilibrium only with tol >= 0.1.
    g = dt.Game.from_bimatrix([[1.0, 0.0], [1.1, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    assert (0, 0) not in supports(dt.solve.pure(g))
    assert (0, 0) in supports(dt.solve.pure(g, tol=0.1 + 1e-12))
    with pytest.raises(ValueError, match="tol"):
        dt.solve.pure(g, tol=-1.0)
    with pytest.raises(ValueError, match="tol"):
        dt.solve.pure(g, tol=float("nan"))


def test_large_game_parallel_scan_matches_numpy():
    g = dt.testing.random_game((4,) * 8, seed=3, integers=2)  # 65 536 profiles, many ties
    assert supports(dt.solve.pure(g)) == numpy_pure(g.payoffs)


@given(games(max_players=4, max_actions=4), st.sampled_from([0.0, 0.5]))
def test_pure_matches_independent_check(g, tol):
    eqs = dt.solve.pure(g, tol=tol)
    assert supports(eqs) == numpy_pure(g.payoffs, tol)
    for e in eqs:
        assert e.is_pure and e.method == "pure"
        assert e.regret <= tol
        assert g.max_regret(e.strategies) == e.regret
        idx = tuple(s[0] for s in e.support)
        np.testing.assert_array_equal(e.payoffs, g.payoffs[idx])


@given(games(max_players=3, max_actions=3, ties=True))
def test_every_non_equilibrium_profile_has_a_profitable_deviation(g):
    found = set(supports(dt.solve.pure(g)))
    for s in itertools.product(*(range(k) for k in g.shape)):
        assert (g.max_regret(list(s)) == 0.0) == (s in found)
