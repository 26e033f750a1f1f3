"""detente.solve.logit_homotopy from Python: every equilibrium it returns is certified with
the independent regret routine (every test file, random games, a game whose logit branch
folds back), the volunteer's dilemma's closed form, errors and the CLI."""

import json

import numpy as np
import pytest
from hypothesis import given

import detente as dt
from strategies import folding_branch_game, games, volunteers


def test_homotopy_certifies_every_test_file(nfg_dir):
    files = sorted(nfg_dir.glob("*.nfg"))
    assert len(files) >= 40
    for path in files:
        g = dt.read_nfg(path)
        eq = dt.solve.logit_homotopy(g)
        assert g.max_regret(eq.strategies) <= 1e-9, path.name
        assert eq.method == "logit_homotopy"


def test_volunteers_dilemma_closed_form():
    # The symmetric mixed equilibrium 1 - (c/b)^(1/(n-1)): 1 - sqrt(1/2) for n = 3.
    eq = dt.solve.logit_homotopy(volunteers(3, 2.0, 1.0))
    assert np.allclose([s[1] for s in eq.strategies], 1 - np.sqrt(0.5), atol=1e-9)


def test_errors():
    g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(ValueError, match="tol"):
        dt.solve.logit_homotopy(g, tol=-1)
    with pytest.raises(dt.SolverError, match="max_steps"):
        dt.solve.logit_homotopy(dt.read_nfg("tests/data/nfg/g2.nfg"), max_steps=1)


@given(games(max_players=3, max_actions=3))
def test_homotopy_property(g):
    # The documented contract: each player's regret is at most tol (1e-9) times that
    # player's payoff range (payoffs in a player's own units; a game with one payoff of
    # 6e-8 and others near 2 may leave 1.8e-9).
    eq = dt.solve.logit_homotopy(g)
    u = g.payoffs.reshape(-1, g.payoffs.shape[-1])
    ranges = u.max(axis=0) - u.min(axis=0)
    assert np.all(g.regret(eq.strategies) <= 1e-9 * ranges + 1e-15)


def test_cli(nfg_dir, solve_cli):
    code, out, _ = solve_cli(nfg_dir / "g2.nfg", "logit_homotopy", "--json")
    assert code == 0
    assert json.loads(out)["method"] == "logit_homotopy"


def test_regression_branch_folding_back():
    # A game with a duplicated action whose branch folds sharply near λ = 3; an earlier
    # tracer jumped across the fold and walked back to λ = 0.
    g = folding_branch_game()
    eq = dt.solve.logit_homotopy(g)
    assert g.max_regret(eq.strategies) <= 1e-9
