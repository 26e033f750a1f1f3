"""detente.solve.commitment (Stackelberg leadership in mixed strategies) from Python: the
Conitzer-Sandholm example by hand, and on random bimatrix games the follower's best response
and the leader's payoff recomputed here with numpy, never below any Nash equilibrium's;
errors, pickling, JSON, the CLI."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt
from strategies import (
    CHICKEN,
    check_cli_method,
    check_round_trips,
    games,
    solve_or_refuse,
    tolerance,
)


def check_commitment(g, c, tol=1e-9):
    leader, follower = c.leader, 1 - c.leader
    x = c.leader_strategy
    assert np.all((x >= 0) & (x <= 1)) and abs(x.sum() - 1) <= 1e-12
    u = np.moveaxis(g.payoffs, leader, 0)  # axis 0: the leader's action
    follower_values = x @ u[..., follower]
    scale = max(1.0, np.abs(g.payoffs).max())
    assert follower_values[c.follower_action] >= follower_values.max() - tol * scale
    leader_value = x @ u[:, c.follower_action, leader]
    assert abs(c.payoffs[leader] - leader_value) <= 1e-12 * scale
    for eq in dt.solve.pure(g):  # commitment is worth at least any Nash equilibrium
        assert c.payoffs[leader] >= eq.payoffs[leader] - tol * scale


def test_mixed_commitment_beats_pure():
    # Conitzer & Sandholm (2006): U dominates D, so the Nash equilibrium (U, L) gives the
    # leader 1; with x = P(U) <= 1/2 the follower plays R and the leader gets 2 + x: 2.5.
    g = dt.Game.from_bimatrix([[1, 3], [0, 2]], [[1, 0], [0, 1]], players=["Leader", "Follower"])
    c = dt.solve.commitment(g)
    check_commitment(g, c)
    assert c.leader == 0 and c.follower_action == 1
    np.testing.assert_allclose(c.leader_strategy, [0.5, 0.5], atol=1e-12)
    np.testing.assert_allclose(c.payoffs, [2.5, 0.5], atol=1e-12)
    assert "Leader" in repr(c)
    # By name, and with the other player leading.
    assert dt.solve.commitment(g, leader="Leader") == c
    check_commitment(g, dt.solve.commitment(g, leader=1))


def test_commitment_errors():
    with pytest.raises(dt.InvalidGameError, match="two-player"):
        dt.solve.commitment(dt.Game(np.zeros((2, 2, 2, 3))))
    with pytest.raises(dt.InvalidProfileError):
        dt.solve.commitment(CHICKEN, leader=5)


@given(games(max_players=2, max_actions=5).filter(lambda g: g.num_players == 2), st.integers(0, 1))
def test_commitment_property(g, leader):
    c = solve_or_refuse(g.payoffs, dt.solve.commitment, g, leader)
    if c is not None:
        check_commitment(g, c, tolerance(g.payoffs))


def test_result_pickles_and_json():
    check_round_trips(dt.solve.commitment(CHICKEN))


def test_cli(nfg_dir, solve_cli):
    check_cli_method(solve_cli, nfg_dir / "oneill.nfg", "commitment")
