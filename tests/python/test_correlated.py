"""detente.solve.correlated (correlated and coarse correlated equilibria) from Python:
hand-derived optima (Aumann's chicken), every objective on a three-player game, and on random
games each forbidden deviation's gain recomputed here with numpy; errors, pickling, JSON, the
CLI and its options."""

import json

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


def test_result_pickles_and_json():
    check_round_trips(dt.solve.correlated(CHICKEN))


def test_cli(nfg_dir, solve_cli):
    check_cli_method(solve_cli, nfg_dir / "oneill.nfg", "correlated")


def test_cli_options(nfg_dir, solve_cli):
    options = ["--objective", "max_min", "--coarse", "--json"]
    code, out, _ = solve_cli(nfg_dir / "nau2004_sec6.nfg", "correlated", *options)
    assert code == 0
    assert json.loads(out)["regret"] <= 1e-9
