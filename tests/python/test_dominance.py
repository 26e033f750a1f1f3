"""detente.solve.dominance from Python: hand-derived reductions and independent checks."""

import itertools

import numpy as np
import pytest
from hypothesis import given

import detente as dt
from strategies import games


def test_prisoners_dilemma():
    g = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]])
    r = dt.solve.dominance(g)
    assert r.kept == [[1], [1]] and r.game.shape == [1, 1]
    assert [(e.player, e.action, e.dominated_by) for e in r.eliminated] == [("P1", "C", "D"), ("P2", "C", "D")]
    assert all(e.is_pure_dominator for e in r.eliminated)
    frame = r.to_frame()
    assert list(frame["action"]) == ["C", "C"]
    assert "dominated by" in r._repr_html_() and "round 0" in repr(r)


def test_middle_row_needs_a_mixture():
    # Middle row (1, 1) is beaten by 0.5·Top + 0.5·Bottom = (1.5, 1.5), but by no pure row.
    g = dt.Game.from_bimatrix([[3, 0], [1, 1], [0, 3]], np.zeros((3, 2)))
    assert dt.solve.dominance(g, mixed=False).eliminated == []
    (e,) = dt.solve.dominance(g).eliminated
    assert e.action_index == 1 and not e.is_pure_dominator
    np.testing.assert_allclose(e.dominator, [0.5, 0.0, 0.5], atol=1e-9)


def test_gambit_mixdom_needs_mixed_domination(nfg_dir):
    g = dt.read_nfg(nfg_dir / "mixdom.nfg")
    assert dt.solve.dominance(g, mixed=False).eliminated == []
    r = dt.solve.dominance(g)
    assert any(not e.is_pure_dominator for e in r.eliminated)
    # What survives contains every pure equilibrium of the original game.
    for eq in dt.solve.pure(g):
        assert all(s[0] in kept for s, kept in zip(eq.support, r.kept))


def test_weak_dominance_order_is_recorded():
    # Row: U weakly dominates D (equal against L, better against R).
    g = dt.Game.from_bimatrix([[1, 1], [1, 0]], [[0, 0], [0, 0]], actions=[["U", "D"], ["L", "R"]])
    assert dt.solve.dominance(g, strict=True).eliminated == []
    r = dt.solve.dominance(g, strict=False)
    assert [(e.player, e.action) for e in r.eliminated] == [("P1", "D")]


def test_dominated_by_player_name_and_bad_player():
    g = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["A", "B"])
    assert [e.action_index for e in dt.solve.dominated(g, "B")] == [0]
    with pytest.raises(dt.InvalidProfileError):
        dt.solve.dominated(g, 5)


def _dominates(u, sigma, a, strict):
    """Independent check on a (n_i, m) matrix of one player's payoffs against opponent profiles.

    Pure dominators are compared exactly; mixed ones with a tolerance relative to the payoffs.
    """
    margin = sigma @ u - u[a]
    tol = 0.0 if np.count_nonzero(sigma) == 1 else 2e-9 * max(1.0, np.abs(u).max())
    if strict:
        return bool(np.all(margin > 0))
    return bool(np.all(margin >= -tol) and np.any(margin > 0))


@given(games(max_players=3, max_actions=3))
def test_every_elimination_is_a_real_domination(g):
    for strict in (True, False):
        r = dt.solve.dominance(g, strict=strict)
        keep = [list(range(n)) for n in g.shape]
        for _, group in itertools.groupby(r.eliminated, key=lambda e: e.round):
            group = list(group)
            (i,) = {e.player_index for e in group}  # a round is one player's turn
            # Player i's payoffs against the opponents' actions surviving at the round's start.
            sub = g.restrict(keep).payoffs[..., i]
            u = np.moveaxis(sub, i, 0).reshape(len(keep[i]), -1)
            for e in group:
                sigma = np.array(e.dominator)[keep[i]]
                assert np.isclose(sigma.sum(), 1.0) and sigma[keep[i].index(e.action_index)] == 0
                assert _dominates(u, sigma, keep[i].index(e.action_index), strict)
            for e in group:
                keep[i].remove(e.action_index)
        assert keep == r.kept
        assert dt.solve.dominance(r.game, strict=strict).eliminated == []
        if strict:
            # Strictly dominated actions are never played in a pure equilibrium, and the
            # reduced game has exactly the original pure equilibria.
            pure = [tuple(s[0] for s in eq.support) for eq in dt.solve.pure(g)]
            reduced = [
                tuple(k[s[0]] for s, k in zip(eq.support, r.kept)) for eq in dt.solve.pure(r.game)
            ]
            assert pure == reduced
