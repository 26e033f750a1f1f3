"""detente.solve.zero_sum, .correlated and .commitment from Python: hand-derived answers and
independent checks (regret, deviation gains and best responses recomputed here with numpy)."""

import json
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import detente as dt
from detente.cli import main
from strategies import games

# ---------------------------------------------------------------------------------------------
# Zero-sum games.


def integral(payoffs):
    payoffs = np.asarray(payoffs, dtype=float)
    return bool(np.all(payoffs == np.round(payoffs)))


def tolerance(payoffs):
    """1e-9 on integer payoffs. On floats hypothesis finds near-ties of very different
    magnitudes (1e-9 next to 1): degenerate LPs on which the simplex backend is inaccurate; the
    solvers accept its answers up to 1e-6 of the payoff scale and refuse worse ones."""
    if integral(payoffs):
        return 1e-9
    return 2e-6 * max(1.0, np.abs(np.asarray(payoffs, dtype=float)).max())


def solve_or_refuse(payoffs, solver, *args, **kwargs):
    """The solver's answer, or None if it refused (SolverError), allowed only on floats."""
    try:
        return solver(*args, **kwargs)
    except dt.SolverError:
        assert not integral(payoffs)
        return None


def check_zero_sum(a, s, tol=1e-9):
    a = np.asarray(a, dtype=float)
    x, y = s.strategies
    for p in (x, y):
        assert np.all((p >= 0) & (p <= 1)) and abs(p.sum() - 1) <= 1e-12
    assert abs(s.value - (x @ a).min()) <= tol  # what x guarantees
    assert abs(s.value - (a @ y).max()) <= tol  # what y concedes
    assert s.regret <= tol and s.equilibrium.regret == s.regret


def test_matching_pennies_from_a_matrix():
    s = dt.solve.zero_sum([[1, -1], [-1, 1]])
    check_zero_sum([[1, -1], [-1, 1]], s)
    assert abs(s.value) <= 1e-12
    np.testing.assert_allclose(s.strategies, [[0.5, 0.5], [0.5, 0.5]], atol=1e-12)
    assert isinstance(s.equilibrium, dt.Equilibrium) and s.equilibrium.method == "zero_sum"


def test_rock_paper_scissors_from_a_game():
    a = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    g = dt.Game.zero_sum(a, actions=[["R", "P", "S"], ["R", "P", "S"]])
    s = dt.solve.zero_sum(g)
    check_zero_sum(a, s)
    np.testing.assert_allclose(s.strategies, np.full((2, 3), 1 / 3), atol=1e-12)
    assert "R" in repr(s) and s.equilibrium.actions[0] == ["R", "P", "S"]


def test_saddle_point():
    # Row minima 1, 2; column maxima 2, 5: saddle at (row 1, column 0), value 2.
    s = dt.solve.zero_sum(np.array([[1.0, 5.0], [2.0, 3.0]]))
    assert s.value == 2.0
    assert [p.tolist() for p in s.strategies] == [[0.0, 1.0], [1.0, 0.0]]


def test_oneill(nfg_dir):
    # x = y = (0.4, 0.2, 0.2, 0.2) equalise every row and column at -0.2 (checked below from
    # the matrix itself); the game's matrix is nonsingular, so that is the unique equilibrium.
    g = dt.read_nfg(nfg_dir / "oneill.nfg")
    a = g.payoffs[..., 0]
    p = np.array([0.4, 0.2, 0.2, 0.2])
    np.testing.assert_allclose(p @ a, -0.2, atol=1e-15)
    np.testing.assert_allclose(a @ p, -0.2, atol=1e-15)
    s = dt.solve.zero_sum(g)
    check_zero_sum(a, s)
    assert abs(s.value + 0.2) <= 1e-9
    np.testing.assert_allclose(s.strategies, [p, p], atol=1e-9)


def test_csg2_constant_sum_continuum(nfg_dir):
    g = dt.read_nfg(nfg_dir / "csg2.nfg")
    s = dt.solve.zero_sum(g)
    check_zero_sum(g.payoffs[..., 0], s)
    assert abs(s.value) <= 1e-9


def test_non_square_single_row_and_constant():
    # Column 2 gives the row player 5 whatever happens: the column player never uses it.
    s = dt.solve.zero_sum([[1, -1, 5], [-1, 1, 5]])
    np.testing.assert_allclose(s.strategies[1], [0.5, 0.5, 0.0], atol=1e-12)
    s = dt.solve.zero_sum([[3, 1, 2]])
    assert s.value == 1.0 and s.strategies[1].tolist() == [0.0, 1.0, 0.0]
    s = dt.solve.zero_sum(np.full((3, 2), 4.0))
    assert s.value == 4.0 and s.regret == 0.0


def test_constant_sum_game():
    a = np.array([[3.0, -1.0], [-2.0, 4.0]])
    s = dt.solve.zero_sum(dt.Game.from_bimatrix(a, 10 - a))
    # p·3 - 2(1-p) = -p + 4(1-p) at p = 0.6: value 1 to the row player, 9 to the column player.
    assert abs(s.value - 1) <= 1e-12
    np.testing.assert_allclose(s.equilibrium.payoffs, [1, 9], atol=1e-12)


def test_zero_sum_errors():
    pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(dt.InvalidGameError, match="zero_sum needs a two-player constant-sum game"):
        dt.solve.zero_sum(pd)
    with pytest.raises(dt.InvalidGameError, match="2-dimensional"):
        dt.solve.zero_sum([1, 2, 3])
    with pytest.raises(TypeError):
        dt.solve.zero_sum([["a", "b"]])


@given(
    hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=2, max_dims=2, max_side=6),
        elements=st.one_of(st.integers(-2, 2).map(float), st.floats(-10, 10, allow_nan=False)),
    )
)
def test_zero_sum_property(a):
    s = solve_or_refuse(a, dt.solve.zero_sum, a)
    if s is not None:
        check_zero_sum(a, s, tolerance(a))


# ---------------------------------------------------------------------------------------------
# Correlated equilibria.


def deviation_gain(g, dist, coarse):
    """Largest gain of a forbidden deviation, computed here with numpy from the payoffs."""
    u = g.payoffs
    worst = 0.0
    for i in range(g.num_players):
        ui = np.moveaxis(u[..., i], i, 0)  # axis 0: player i's action
        mu = np.moveaxis(dist, i, 0)
        k = ui.shape[0]
        # gain[a, b] = Σ_{s_-i} μ(a, s_-i) (u_i(b, s_-i) - u_i(a, s_-i))
        gain = np.array([[np.sum(mu[a] * (ui[b] - ui[a])) for b in range(k)] for a in range(k)])
        worst = max(worst, gain.sum(axis=0).max() if coarse else gain.max())
    return worst


def check_correlated(g, ce, coarse, tol=1e-9):
    d = ce.distribution
    assert d.shape == tuple(g.shape)
    assert np.all((d >= 0) & (d <= 1)) and abs(d.sum() - 1) <= 1e-12
    assert 0 <= ce.regret <= tol
    assert deviation_gain(g, d, coarse) <= tol
    expected = [np.sum(d * g.payoffs[..., i]) for i in range(g.num_players)]
    np.testing.assert_allclose(ce.payoffs, expected, atol=1e-9)


CHICKEN = dt.Game.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], actions=[["C", "D"], ["C", "D"]])


def test_chicken_welfare_ce():
    # Row told C: 2 p_CD >= p_CC; told D: p_DC >= 2 p_DD (column symmetric). Welfare
    # 9 + 3 p_CC - 9 p_DD is maximised at (1/2, 1/4, 1/4, 0): 10.5 (Aumann 1974).
    ce = dt.solve.correlated(CHICKEN, objective="welfare")
    check_correlated(CHICKEN, ce, False)
    np.testing.assert_allclose(ce.distribution, [[0.5, 0.25], [0.25, 0.0]], atol=1e-9)
    assert abs(ce.objective_value - 10.5) <= 1e-9
    # Best Nash welfare: the mixed equilibrium (2/3 on C each) gives 14/3 each, 28/3 < 10.5.
    ne = dt.Equilibrium(CHICKEN, [[2 / 3, 1 / 3], [2 / 3, 1 / 3]])
    assert ne.regret <= 1e-12 and ne.payoffs.sum() < ce.objective_value
    assert "(C, C): 0.5" in repr(ce)


def test_objectives_and_coarse():
    row = dt.solve.correlated(CHICKEN, objective=[1.0, 0.0])
    assert abs(row.objective_value - 7) <= 1e-9  # the row player's best CE: (D, C)
    mm = dt.solve.correlated(CHICKEN, objective="max_min")
    assert abs(mm.objective_value - 5.25) <= 1e-9
    none = dt.solve.correlated(CHICKEN, objective="none")
    assert none.objective_value == 0.0
    check_correlated(CHICKEN, none, False)
    cce = dt.solve.correlated(CHICKEN, coarse=True)
    check_correlated(CHICKEN, cce, True)
    assert cce.objective_value >= 10.5 - 1e-9


def test_nau2004_three_players(nfg_dir):
    g = dt.read_nfg(nfg_dir / "nau2004_sec6.nfg")
    for objective in ["welfare", "none", "max_min", [0, 0, 1], [1, -1, 0.5]]:
        ce = dt.solve.correlated(g, objective)
        check_correlated(g, ce, False)
        cce = dt.solve.correlated(g, objective, coarse=True)
        check_correlated(g, cce, True)
        assert cce.objective_value >= ce.objective_value - 1e-9


def test_correlated_errors():
    with pytest.raises(ValueError, match="objective must be one of \"welfare\""):
        dt.solve.correlated(CHICKEN, "fairness")
    with pytest.raises(ValueError, match="one per player"):
        dt.solve.correlated(CHICKEN, [1.0, 2.0, 3.0])
    with pytest.raises(TypeError):
        dt.solve.correlated(CHICKEN, 3)


@given(games(max_players=3, max_actions=3), st.booleans())
def test_correlated_property(g, coarse):
    tol = tolerance(g.payoffs)
    ce = solve_or_refuse(g.payoffs, dt.solve.correlated, g, coarse=coarse)
    if ce is None:
        return
    check_correlated(g, ce, coarse, tol)
    # Every pure Nash equilibrium is a CE, so the welfare optimum is at least its welfare.
    for eq in dt.solve.pure(g):
        assert ce.objective_value >= eq.payoffs.sum() - tol
    if not coarse:
        cce = solve_or_refuse(g.payoffs, dt.solve.correlated, g, coarse=True)
        assert cce is None or cce.objective_value >= ce.objective_value - tol


# ---------------------------------------------------------------------------------------------
# Commitment.


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


# ---------------------------------------------------------------------------------------------
# Pickling, JSON and the command line.


def test_results_pickle_and_json():
    for result in [
        dt.solve.zero_sum([[1, -1], [-1, 1]]),
        dt.solve.correlated(CHICKEN),
        dt.solve.commitment(CHICKEN),
    ]:
        assert pickle.loads(pickle.dumps(result)) == result
        assert type(result).from_json(result.to_json()) == result
        json.loads(result.to_json())


@pytest.mark.parametrize("method", ["zero_sum", "correlated", "commitment"])
def test_cli_methods(nfg_dir, capsys, method):
    assert main(["solve", str(nfg_dir / "oneill.nfg"), "--method", method]) == 0
    out = capsys.readouterr().out
    assert type(getattr(dt.solve, method)(dt.read_nfg(nfg_dir / "oneill.nfg"))).__name__ in out
    assert main(["solve", str(nfg_dir / "oneill.nfg"), "--method", method, "--json"]) == 0
    json.loads(capsys.readouterr().out)


def test_cli_correlated_options(nfg_dir, capsys):
    args = ["solve", str(nfg_dir / "nau2004_sec6.nfg"), "--method", "correlated"]
    assert main([*args, "--objective", "max_min", "--coarse", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["regret"] <= 1e-9
    assert main(["solve", str(nfg_dir / "nau2004_sec6.nfg"), "--method", "zero_sum"]) == 2
    assert "two-player" in capsys.readouterr().err

