"""RepeatedGame.minmax, feasible_set and individually_rational_set: hand-derived exact values,
degenerate sets, the result face, and properties checked by brute force."""

import itertools
import pickle
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt

PD = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def three_player_game():
    """Player 3 (X, Y) gets 1 except X at (1, 1) and Y at (0, 0), where it gets -1.

    pure minmax 1; mixed: X pays 1 - 2(1-p)(1-q), Y pays 1 - 2pq, and
    min(pq, (1-p)(1-q)) <= 1/4 with equality only at p = q = 1/2, so 1/2;
    correlated: (0,0) and (1,1) with probability 1/2 each make both pay 0, and X + Y >= 0
    everywhere, so 0.
    """
    u = np.zeros((2, 2, 2, 3), dtype=int)
    for a1, a2 in itertools.product(range(2), repeat=2):
        u[a1, a2, 0, 2] = -1 if (a1, a2) == (1, 1) else 1
        u[a1, a2, 1, 2] = -1 if (a1, a2) == (0, 0) else 1
    return dt.Game(u.tolist())


def test_three_player_pure_mixed_and_correlated_minmax_differ():
    rg = dt.RepeatedGame(three_player_game(), 0.9)
    assert rg.minmax("pure").values_exact[2] == 1
    corr = rg.minmax("correlated")
    assert corr.values_exact[2] == 0
    assert corr.joint[2].tolist() == [0.5, 0.0, 0.0, 0.5]
    mixed = rg.minmax("mixed")
    assert mixed.values_exact[2] == Fraction(1, 2)
    assert 0.5 - 1e-8 <= mixed.lower_bounds[2] <= 0.5
    assert [s.tolist() for s in mixed.strategies[2][:2]] == [[0.5, 0.5], [0.5, 0.5]]
    assert mixed.method[2] == "branch_and_bound"


def test_two_player_minmax_is_exact():
    # Row payoffs [[3, -1], [-2, 1]]: held to 1/7 by the column mixing 2/7, 5/7.
    g = dt.Game.from_bimatrix([[3, -1], [-2, 1]], [[-3, 1], [2, -1]])
    m = dt.RepeatedGame(g, 0.5).minmax()
    assert m.values_exact[0] == Fraction(1, 7)
    assert m.strategies_exact[0][1] == [Fraction(2, 7), Fraction(5, 7)]
    assert m.kind == "mixed"


def test_minmax_face_and_errors():
    m = dt.RepeatedGame(PD, 0.9).minmax("correlated")
    assert isinstance(m, dt.repeated.Minmax)
    assert "correlated minmax" in repr(m) and "<table" in m._repr_html_()
    df = m.to_frame()
    assert {"punished", "player", "action", "probability", "value"} <= set(df.columns)
    assert pickle.loads(pickle.dumps(m)) == m
    with pytest.raises(ValueError, match="kind"):
        dt.RepeatedGame(PD, 0.9).minmax("harsh")


def test_feasible_and_ir_sets_of_the_prisoners_dilemma():
    rg = dt.RepeatedGame(PD, 0.9)
    assert rg.feasible_set().tolist() == [[5, 0], [3, 3], [0, 5], [1, 1]]
    ir = rg.individually_rational_set(exact=True)
    assert ir == [[1, 1], [Fraction(13, 3), 1], [3, 3], [1, Fraction(13, 3)]]
    assert isinstance(rg.feasible_set(), np.ndarray)


def test_degenerate_sets():
    point = dt.Game.from_bimatrix([[2, 2], [2, 2]], [[1, 1], [1, 1]])
    assert dt.RepeatedGame(point, 0.5).feasible_set().tolist() == [[2, 1]]
    seg = dt.Game.from_bimatrix([[0, 1], [2, 3]], [[3, 2], [1, 0]])
    assert dt.RepeatedGame(seg, 0.5).feasible_set().tolist() == [[0, 3], [3, 0]]
    assert dt.RepeatedGame(seg, 0.5).individually_rational_set().tolist() == [[2, 1]]


def test_four_players_are_refused():
    g = dt.Game(np.zeros((1, 1, 1, 1, 4)).tolist())
    with pytest.raises(ValueError, match="ConvexHull"):
        dt.RepeatedGame(g, 0.5).feasible_set()


def test_three_player_feasible_set():
    rg = dt.RepeatedGame(three_player_game(), 0.9)
    f = rg.feasible_set()
    assert f.shape[1] == 3
    ir = rg.individually_rational_set("correlated")
    assert (ir[:, 2] >= 0).all()


@given(st.lists(st.integers(-4, 5), min_size=8, max_size=8))
def test_minmax_ordering_and_best_replies(values):
    a = np.array(values[:4]).reshape(2, 2)
    b = np.array(values[4:]).reshape(2, 2)
    rg = dt.RepeatedGame(dt.Game.from_bimatrix(a.tolist(), b.tolist()), 0.5)
    pure, mixed, corr = (rg.minmax(k) for k in ("pure", "mixed", "correlated"))
    assert (pure.values >= mixed.values - 1e-12).all()
    assert (mixed.values >= corr.values - 1e-12).all()
    for i, u in enumerate((a, b)):
        punisher = mixed.strategies[i][1 - i]
        payoffs = u @ punisher if i == 0 else punisher @ u
        assert max(payoffs) == pytest.approx(mixed.values[i], abs=1e-12)
        # No pure punisher action holds the player lower than the mixed minmax.
        assert pure.values[i] == (u.max(axis=0).min() if i == 0 else u.max(axis=1).min())
