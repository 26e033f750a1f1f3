"""detente.dynamics from Python: hand-derived outcomes, closed forms and independent checks."""

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt
from strategies import games


def pennies():
    return dt.Game.zero_sum([[1, -1], [-1, 1]])


def coordination():
    a = [[2, 0], [0, 1]]
    return dt.Game.from_bimatrix(a, a, actions=[["A", "B"], ["A", "B"]])


def hawk_dove(v, c):
    a = np.array([[(v - c) / 2, v], [0, v / 2]])
    return dt.Game.from_bimatrix(a, a.T, actions=[["Hawk", "Dove"], ["Hawk", "Dove"]])


def test_pennies_simultaneous_best_responses_cycle_through_all_four_profiles():
    runs = dt.dynamics.best_response(pennies(), starts=16, seed=3)
    assert isinstance(runs, dt.DynamicsResult) and len(runs) == 16
    for r in runs:
        assert not r.converged
        assert r.cycle == [(0, 0), (0, 1), (1, 1), (1, 0)]
        assert r.regret == 2.0
    (limit,) = runs.limits()
    assert limit["runs"] == 16 and limit["cycle"] == [(0, 0), (0, 1), (1, 1), (1, 0)]


def test_coordination_best_responses_by_hand():
    g = coordination()
    runs = dt.dynamics.best_response(g, starts=[[0, 1], ["B", "A"], [0, 0]])
    assert [r.cycle for r in runs[:2]] == [[(0, 1), (1, 0)]] * 2
    assert runs[2].converged and runs[2].iterations == 0 and runs[2].cycle is None
    seq = dt.dynamics.best_response(g, starts=[[0, 1]], mode="sequential", trajectory=True)
    (r,) = seq
    assert r.converged and r.regret == 0.0 and r.describe_final() == ["B", "B"]
    np.testing.assert_array_equal(r.trajectory[0], [1, 0, 0, 1])
    np.testing.assert_array_equal(r.trajectory[1], [0, 1, 0, 1])
    assert r.trajectory.shape == (r.iterations + 1, 4)


def test_best_response_limits_are_the_pure_equilibria():
    g = coordination()
    runs = dt.dynamics.best_response(g, starts=64, seed=1, mode="sequential")
    limits = runs.limits()
    assert sum(lim["runs"] for lim in limits) == 64
    assert sorted(tuple(lim["describe"]) for lim in limits) == [("A", "A"), ("B", "B")]
    frame = runs.to_frame()
    assert list(frame.columns) == [
        "run", "player", "action", "start", "probability", "payoff",
        "converged", "cycle_length", "iterations", "regret",
    ]
    assert len(frame) == 64 * 2 * 2 and frame["converged"].all()
    totals = frame.groupby(["run", "player"])["probability"].sum()
    assert (totals == 1.0).all() and frame["probability"].isin([0.0, 1.0]).all()
    assert frame["probability"].dtype == np.float64 and (frame["regret"] == 0.0).all()
    assert "<table>" in runs._repr_html_() and "64 runs" in repr(runs)


def _respond(payoffs, profile, i):
    """Independent best-response map: keep a best response, else the lowest-indexed one."""
    idx = list(profile)
    idx[i] = slice(None)
    values = payoffs[tuple(idx) + (i,)]
    best = values.max()
    return profile[i] if values[profile[i]] == best else int(np.flatnonzero(values == best)[0])


@given(games(max_players=3, max_actions=4), st.integers(0, 2**32), st.sampled_from(["simultaneous", "sequential"]))
def test_best_response_runs_end_at_equilibria_or_true_cycles(g, seed, mode):
    payoffs = g.payoffs
    n = g.num_players
    pure = {tuple(s[0] for s in e.support) for e in dt.solve.pure(g)}
    for r in dt.dynamics.best_response(g, starts=8, seed=seed, max_iter=200, mode=mode):
        assert r.regret == g.max_regret(r.strategies)
        final = tuple(int(np.argmax(s)) for s in r.strategies)
        if r.converged:
            assert r.regret == 0.0 and final in pure
        elif r.cycle is not None:
            cycle = r.cycle
            for k, profile in enumerate(cycle):
                nxt = cycle[(k + 1) % len(cycle)]
                if mode == "simultaneous":
                    image = tuple(_respond(payoffs, profile, i) for i in range(n))
                else:
                    image = list(profile)
                    image[k % n] = _respond(payoffs, profile, k % n)
                    image = tuple(image)
                assert image == nxt
            assert len(cycle) >= 2 and (mode == "simultaneous" or len(cycle) % n == 0)
        else:
            assert r.iterations == 200


def test_fictitious_play_zero_sum_converges_to_the_value():
    rps = dt.Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    for mode in ["simultaneous", "sequential"]:
        runs = dt.dynamics.fictitious_play(rps, starts=8, seed=5, max_iter=20_000, tol=0.05, mode=mode)
        for r in runs:
            assert r.converged and r.regret <= 0.05
            # Payoffs at a 0.05-equilibrium of a zero-sum game are within 0.05 of the value 0.
            assert abs(rps.payoff(r.strategies)[0]) <= 0.05 + 1e-12


def test_fictitious_play_in_shapleys_game_keeps_regret_away_from_zero():
    a = np.eye(3)
    b = np.roll(np.eye(3), 1, axis=1)  # column player gets 1 at column (row + 1) mod 3
    g = dt.Game.from_bimatrix(a, b)
    starts = [[[0.6, 0.3, 0.1], [0.2, 0.5, 0.3]], [[0.1, 0.1, 0.8], [0.7, 0.2, 0.1]]]
    runs = dt.dynamics.fictitious_play(g, starts=starts, max_iter=20_000, tol=1e-3, trajectory=True)
    for r in runs:
        assert not r.converged and r.iterations == 20_000
        tail = r.trajectory[10_000::250]
        assert min(g.max_regret([row[:3], row[3:]]) for row in tail) > 0.1


def test_fictitious_play_two_by_two_coordination():
    runs = dt.dynamics.fictitious_play(coordination(), starts=16, seed=2)
    assert all(r.converged and r.regret <= 1e-3 for r in runs)


def test_replicator_single_population_hawk_dove_ess_is_v_over_c():
    for v, c in [(2.0, 6.0), (1.0, 5.0)]:
        g = hawk_dove(v, c)
        for method in ["rk4", "euler"]:
            runs = dt.dynamics.replicator(g, starts=6, population="single", method=method, tol=1e-9)
            for r in runs:
                assert r.converged
                assert r.strategies[0][0] == pytest.approx(v / c, abs=1e-6)
                np.testing.assert_array_equal(r.strategies[0], r.strategies[1])


def test_replicator_multi_population_reaches_strict_equilibria():
    runs = dt.dynamics.replicator(coordination(), starts=12, seed=4)
    for r in runs:
        assert r.converged and r.regret <= 1e-6
        assert np.argmax(r.strategies[0]) == np.argmax(r.strategies[1])
    limits = runs.limits(tol=1e-3)
    assert len(limits) <= 2 and sum(lim["runs"] for lim in limits) == 12
    for lim in limits:
        assert max(abs(s.max() - 1.0) for s in lim["profile"]) < 1e-3


def test_results_are_reproducible_and_picklable():
    g = coordination()
    a = dt.dynamics.fictitious_play(g, starts=8, seed=11, max_iter=50)
    b = dt.dynamics.fictitious_play(g, starts=8, seed=11, max_iter=50)
    assert list(a) == list(b)
    c = dt.dynamics.fictitious_play(g, starts=8, seed=12, max_iter=50)
    assert list(a) != list(c)
    r = dt.dynamics.best_response(pennies(), starts=1, trajectory=True)[0]
    assert pickle.loads(pickle.dumps(r)) == r
    assert dt.Run.from_json(r.to_json()) == r
    assert "cycle of length 4" in repr(r)


def test_bad_arguments_raise_typed_errors():
    g = coordination()
    with pytest.raises(ValueError, match="starts"):
        dt.dynamics.best_response(g, starts=0)
    with pytest.raises(ValueError, match="starts"):
        dt.dynamics.best_response(g, starts=-3)
    with pytest.raises(ValueError, match="max_iter"):
        dt.dynamics.fictitious_play(g, max_iter=0)
    with pytest.raises(ValueError, match="tol"):
        dt.dynamics.fictitious_play(g, tol=-1)
    with pytest.raises(ValueError, match="dt"):
        dt.dynamics.replicator(g, dt=0)
    with pytest.raises(ValueError, match="mode"):
        dt.dynamics.best_response(g, mode="random")
    with pytest.raises(ValueError, match="population"):
        dt.dynamics.replicator(g, population="two")
    with pytest.raises(ValueError, match="method"):
        dt.dynamics.replicator(g, method="rk45")
    asymmetric = dt.Game.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]])
    with pytest.raises(dt.InvalidGameError, match="symmetric"):
        dt.dynamics.replicator(asymmetric, population="single")
    with pytest.raises(dt.InvalidProfileError, match="pure"):
        dt.dynamics.best_response(g, starts=[[[0.5, 0.5], 0]])
    with pytest.raises(dt.InvalidProfileError):
        dt.dynamics.fictitious_play(g, starts=[[0]])
    with pytest.raises(TypeError):
        dt.dynamics.fictitious_play(g, starts=1.5)
