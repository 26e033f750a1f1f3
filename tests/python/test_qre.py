"""n-player solvers from Python: logit_homotopy, support_enumeration and logit_qre.

Results are checked with the independent regret routine, with numpy re-implementations of
the logit response, and against closed forms derived by hand.
"""

import json
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt
from strategies import games


def volunteers(n, b, c):
    """Benefit b if anyone volunteers, cost c for each volunteer."""
    payoffs = np.zeros((2,) * n + (n,))
    for idx in np.ndindex(*(2,) * n):
        for i in range(n):
            payoffs[idx + (i,)] = (b if any(idx) else 0.0) - (c if idx[i] else 0.0)
    return dt.Game(payoffs)


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


def test_homotopy_certifies_every_test_file(nfg_dir):
    files = sorted(nfg_dir.glob("*.nfg"))
    assert len(files) >= 40
    for path in files:
        g = dt.read_nfg(path)
        eq = dt.solve.logit_homotopy(g)
        assert g.max_regret(eq.strategies) <= 1e-9, path.name
        assert eq.method == "logit_homotopy"


def test_support_enumeration_counts(nfg_dir):
    for name, count in [("2x2x2.nfg", 9), ("3x3x3.nfg", 5), ("g2.nfg", 1), ("g3.nfg", 5),
                        ("2x2x2x2.nfg", 3), ("2x2x2x2x2.nfg", 5), ("8x8.nfg", 5)]:
        g = dt.read_nfg(nfg_dir / name)
        eqs = dt.solve.support_enumeration(g)
        assert len(eqs) == count, name
        assert all(g.max_regret(e.strategies) <= 1e-9 for e in eqs)
        assert isinstance(eqs, dt.EquilibriumList)
    # 3x3x3: two of the five are pure; g2: the one equilibrium is mixed.
    assert sum(e.is_pure for e in dt.solve.support_enumeration(dt.read_nfg(nfg_dir / "3x3x3.nfg"))) == 2
    assert not dt.solve.support_enumeration(dt.read_nfg(nfg_dir / "g2.nfg"))[0].is_pure


def test_von_stengel_75_equilibria(nfg_dir):
    # Payoffs reach 1e6, so the absolute tolerance is loosened to 1e-12 relative.
    g = dt.read_nfg(nfg_dir / "vonstengel1999_6x6_75eq.nfg")
    assert len(dt.solve.support_enumeration(g, tol=1e-6)) == 75


def test_volunteers_dilemma_closed_form():
    for n, b, c in [(3, 2.0, 1.0), (4, 5.0, 2.0)]:
        g = volunteers(n, b, c)
        p = 1 - (c / b) ** (1 / (n - 1))
        eqs = dt.solve.support_enumeration(g)
        assert any(all(abs(s[1] - p) < 1e-9 for s in e.strategies) for e in eqs)
        assert sum(e.is_pure for e in eqs) == n
    eq = dt.solve.logit_homotopy(volunteers(3, 2.0, 1.0))
    assert np.allclose([s[1] for s in eq.strategies], 1 - np.sqrt(0.5), atol=1e-9)


def test_errors():
    g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(ValueError, match="tol"):
        dt.solve.logit_homotopy(g, tol=-1)
    with pytest.raises(dt.SolverError, match="max_steps"):
        dt.solve.logit_homotopy(dt.read_nfg("tests/data/nfg/g2.nfg"), max_steps=1)
    big = dt.Game(np.arange(20 * 20 * 2, dtype=float).reshape(20, 20, 2))
    with pytest.raises(dt.SolverError, match="max_profiles"):
        dt.solve.support_enumeration(big)
    with pytest.raises(ValueError, match="non-decreasing"):
        dt.solve.logit_qre(g, [2, 1])
    with pytest.raises(ValueError, match="λ"):
        dt.solve.logit_qre(g, [-1])


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


@given(games(max_players=3, max_actions=3))
def test_homotopy_property(g):
    eq = dt.solve.logit_homotopy(g)
    assert g.max_regret(eq.strategies) <= 1e-9


@given(games(max_players=3, max_actions=3))
def test_support_enumeration_property(g):
    eqs = dt.solve.support_enumeration(g)
    assert all(g.max_regret(e.strategies) <= 1e-9 for e in eqs)
    # Support enumeration certifies to tol = 1e-9: it finds every exact pure equilibrium, and
    # each pure profile it returns is a 1e-9-equilibrium.
    def pure_profiles(found):
        return {tuple(s[0] for s in e.support) for e in found if e.is_pure}

    assert pure_profiles(dt.solve.pure(g)) <= pure_profiles(eqs) <= pure_profiles(dt.solve.pure(g, tol=1e-9))
    if g.num_players <= 2:
        assert eqs


@given(games(max_players=3, max_actions=3), st.lists(st.floats(0, 20), min_size=1, max_size=4))
def test_qre_property(g, lambdas):
    lambdas = sorted(lambdas)
    q = dt.solve.logit_qre(g, lambdas)
    for lam, profile in zip(lambdas, q.strategies):
        for s, r in zip(profile, logit_response(g, lam, profile)):
            np.testing.assert_allclose(s, r, atol=1e-7)


def test_cli_methods(nfg_dir, capsys):
    from detente.cli import main

    assert main(["solve", str(nfg_dir / "g3.nfg"), "--method", "support_enumeration"]) == 0
    assert "5 support_enumeration equilibria" in capsys.readouterr().out
    assert main(["solve", str(nfg_dir / "g2.nfg"), "--method", "logit_homotopy", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["method"] == "logit_homotopy"


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


def test_homotopy_regression_branch_folding_back():
    # A game with a duplicated action whose branch folds sharply near λ = 3; an earlier
    # tracer jumped across the fold and walked back to λ = 0.
    payoffs = np.array([1, 0, -1, -1, -1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, -1, 1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 2, -1, -1, 0, 0, 0, 0, -1, 0, -1, 0, 1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, -1, 1, 1, 0, 0, 0, 0, 0, 0, 0, -2, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, -1, 0, 0, -2, 0, 0, 0, -1, 1, 0, 0, 1, 3, -1, 0, -1, 0, 0, -1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 0, 0, -1, -1, 0, 0, 1, 0, 1, -1, 0, 0, -1, -1, -1, 0, 0, -1, -1, 0, 0, -1, 0, 0, -1, 1, 0, 0, 0, 1, 1, 1, 0, -1, 0, 0, -1, 0, 1, 0, -1, 0, 1, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, -1, 1, -1, 0, 0, 0, 0, 1, -1, 0, 0, 0, -1, -1, 0, -1, -1, 1, -1, 0, -2, 1, 1, 0, -1, 1, 0, -1, 0, 0, 0, 1, 0, 0, 1, -1, 1, 1, 0, 0, 0, 1, -2, 0, 1, 0, 2, -2, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 1, -1, 1, -1, 0, 0, 0, 0, 0, 1, -1, -1, 0, 0, 0, 0, 0, 0, 0, -2, -1, 0, -1, 0, 0, 0, 1, 0, 0, 0], dtype=float).reshape(3, 4, 3, 2, 4)
    g = dt.Game(payoffs)
    eq = dt.solve.logit_homotopy(g)
    assert g.max_regret(eq.strategies) <= 1e-9
    q = dt.solve.logit_qre(g, [1, 3, 10, 1e6])
    assert q.regret[-1] < 1e-6
