"""detente.solve.logit_qre from Python: each point of the traced branch is checked to be a
logit fixed point with a numpy re-implementation of the logit response; closed forms
(pennies: uniform for every λ; an asymmetric game's Nash limit), the approach to a
three-player Nash equilibrium, the log-likelihood used to fit λ, errors, and a game whose
branch folds back."""

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt
from strategies import folding_branch_game, games


def logit_response(game, lam, profile):
    """numpy: the logit response to a profile, from the payoff tensor directly."""
    n = game.num_players
    out = []
    for i in range(n):
        u = game.payoffs[..., i]
        for j in reversed(range(n)):
            if j != i:
                u = np.tensordot(u, profile[j], axes=([j], [0])) if j < u.ndim else u
        v = np.asarray(u, dtype=float)
        w = np.exp(lam * (v - v.max()))
        out.append(w / w.sum())
    return out


def test_qre_pennies_is_uniform_for_every_lambda():
    g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    q = dt.solve.logit_qre(g, np.linspace(0, 50, 11))
    assert len(q) == 11
    for profile in q.strategies:
        for s in profile:
            np.testing.assert_allclose(s, [0.5, 0.5], atol=1e-12)


def test_qre_asymmetric_pennies_fixed_point_and_limit():
    g = dt.Game.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    lambdas = [0, 0.2, 0.5, 1, 2, 5, 10, 100, 1000, 10000]
    q = dt.solve.logit_qre(g, lambdas)
    np.testing.assert_array_equal(q.lambdas, lambdas)
    for lam, profile in zip(lambdas, q.strategies):
        for s, r in zip(profile, logit_response(g, lam, profile)):
            np.testing.assert_allclose(s, r, atol=1e-9)
    # Nash: row 1/2 (column indifferent), column 1/10 on L (row indifferent: 9q = 1 - q).
    np.testing.assert_allclose([q.strategies[-1][0][0], q.strategies[-1][1][0]], [0.5, 0.1], atol=1e-3)
    assert q.regret[-1] < q.regret[-3] < q.regret[2]
    assert pickle.loads(pickle.dumps(q)) == q
    assert "LogitQre" in repr(q)


def test_qre_on_three_player_file_approaches_nash(nfg_dir):
    g = dt.read_nfg(nfg_dir / "g2.nfg")
    q = dt.solve.logit_qre(g, [0, 1, 10, 100, 1000, 1e5])
    for lam, profile in zip(q.lambdas, q.strategies):
        for s, r in zip(profile, logit_response(g, lam, profile)):
            np.testing.assert_allclose(s, r, atol=1e-8)
    assert q.regret[-1] < 1e-3
    nash = dt.solve.support_enumeration(g)[0]
    for s, t in zip(q.strategies[-1], nash.strategies):
        np.testing.assert_allclose(s, t, atol=1e-3)


@given(games(max_players=3, max_actions=3), st.lists(st.floats(0, 20), min_size=1, max_size=4))
def test_qre_property(g, lambdas):
    lambdas = sorted(lambdas)
    q = dt.solve.logit_qre(g, lambdas)
    for lam, profile in zip(lambdas, q.strategies):
        for s, r in zip(profile, logit_response(g, lam, profile)):
            np.testing.assert_allclose(s, r, atol=1e-7)


def test_log_likelihood_fits_lambda():
    g = dt.Game.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    truth = dt.solve.logit_qre(g, [2.0]).strategies[0]
    counts = [1000 * s for s in truth]
    grid = np.linspace(0, 6, 61)
    q = dt.solve.logit_qre(g, grid)
    ll = q.log_likelihood([c.tolist() for c in counts])
    expected = [sum(float(c @ np.log(s)) for c, s in zip(counts, p)) for p in q.strategies]
    np.testing.assert_allclose(ll, expected, rtol=1e-12)
    # Gibbs' inequality: the cross-entropy is smallest at the true λ.
    assert grid[int(np.argmax(ll))] == pytest.approx(2.0)
    with pytest.raises(ValueError, match="counts"):
        q.log_likelihood([[1, 2, 3], [1, 1]])
    with pytest.raises(ValueError, match="counts"):
        q.log_likelihood([[1, -2], [1, 1]])


def test_errors():
    g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(ValueError, match="non-decreasing"):
        dt.solve.logit_qre(g, [2, 1])
    with pytest.raises(ValueError, match="λ"):
        dt.solve.logit_qre(g, [-1])


def test_regression_branch_folding_back():
    # The tracer shared with logit_homotopy once jumped across this game's fold.
    q = dt.solve.logit_qre(folding_branch_game(), [1, 3, 10, 1e6])
    assert q.regret[-1] < 1e-6
