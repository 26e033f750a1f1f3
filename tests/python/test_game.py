"""detente.Game: construction, validation, payoffs, regrets, rendering, pickling, JSON."""

import itertools
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt
from strategies import games, profiles

PD_A = [[3, 0], [5, 1]]
PD_B = [[3, 5], [0, 1]]


def test_conventions_agree():
    a, b = np.array(PD_A, float), np.array(PD_B, float)
    qe = dt.Game(np.stack([a, b], axis=-1))
    gambit = dt.Game([a, b])
    bimatrix = dt.Game.from_bimatrix(PD_A, PD_B)
    assert qe == gambit == bimatrix
    assert qe.shape == [2, 2] and qe.num_players == 2 and qe.num_profiles == 4
    assert qe.players == ["P1", "P2"] and qe.actions == [["a1", "a2"], ["a1", "a2"]]


def test_zero_sum_and_labels():
    g = dt.Game.zero_sum([[1, -1], [-1, 1]], players=["Row", "Col"], actions=[["H", "T"], ["h", "t"]])
    np.testing.assert_array_equal(g.payoffs[..., 1], -g.payoffs[..., 0])
    assert g.players == ["Row", "Col"]
    assert g.payoff(["T", "t"]).tolist() == [1.0, -1.0]


def test_payoffs_is_a_read_only_view():
    g = dt.Game.from_bimatrix(PD_A, PD_B)
    p = g.payoffs
    assert p.shape == (2, 2, 2) and p.dtype == np.float64
    assert not p.flags.writeable
    assert p.base is not None  # a view onto the Rust buffer, not a copy
    with pytest.raises(ValueError):
        p[0, 0, 0] = 99.0


def test_three_player_payoff_by_hand():
    # Player i gets 1 if it matches the majority, else 0.
    shape = (2, 2, 2)
    pay = np.zeros((*shape, 3))
    for s in itertools.product(range(2), repeat=3):
        maj = int(sum(s) >= 2)
        pay[s] = [float(a == maj) for a in s]
    g = dt.Game(pay)
    # All mix 50/50: P(match majority) = 3/4 for each player.
    u = g.payoff([[0.5, 0.5]] * 3)
    np.testing.assert_allclose(u, [0.75] * 3)
    # Against two players playing 1, action 1 is worth 1 and action 0 worth 0.
    assert g.best_responses(0, [0, 1, 1]) == [1]
    assert g.regret([0, 1, 1]).tolist() == [1.0, 0.0, 0.0]
    assert g.is_equilibrium([1, 1, 1]) and not g.is_equilibrium([0, 1, 1])


def test_mixed_regret_by_hand():
    g = dt.Game.from_bimatrix(PD_A, PD_B)
    # Row plays C w.p. 1/2; column plays C. Row: u = 0.5*3 + 0.5*5 = 4, best = 5 -> regret 1.
    # Column: u(C) = 0.5*3 + 0.5*0 = 1.5, u(D) = 0.5*5 + 0.5*1 = 3 -> regret 1.5.
    np.testing.assert_allclose(g.regret([[0.5, 0.5], 0]), [1.0, 1.5])
    assert g.max_regret([[0.5, 0.5], 0]) == 1.5
    np.testing.assert_allclose(g.payoff([[0.5, 0.5], 0]), [4.0, 1.5])


def test_player_by_name_and_negative_index():
    g = dt.Game.from_bimatrix(PD_A, PD_B, players=["Patron", "Client"])
    assert g.best_responses("Client", [0, 0]) == [1]
    assert g.best_responses(-1, [0, 0]) == [1]
    with pytest.raises(dt.InvalidProfileError, match="no player is named"):
        g.best_responses("Hegemon", [0, 0])


@pytest.mark.parametrize(
    "payoffs, message",
    [
        (np.full((2, 2, 2), np.nan), "NaN"),
        (np.array([[[1.0, np.inf]]]), "infinite"),
        (np.zeros((2, 2, 3)), "last axis must have length 2"),
        (np.zeros((0, 2, 2)), "empty action set"),
        (np.zeros(3), "one trailing entry per player"),
        ([np.zeros((2, 2)), np.zeros((2, 3))], "same shape"),
        ([[1, 2], [3]], "could not be read"),
    ],
)
def test_invalid_games(payoffs, message):
    with pytest.raises(dt.InvalidGameError, match=message):
        dt.Game(payoffs)


def test_invalid_labels_and_types():
    with pytest.raises(dt.InvalidGameError, match="unique per player"):
        dt.Game.from_bimatrix(PD_A, PD_B, actions=[["C", "C"], ["C", "D"]])
    with pytest.raises(dt.InvalidGameError, match="3 player names"):
        dt.Game.from_bimatrix(PD_A, PD_B, players=["a", "b", "c"])
    with pytest.raises(dt.InvalidGameError, match="shape"):
        dt.Game.from_bimatrix(PD_A, [[1, 2, 3]])
    with pytest.raises(TypeError, match="real numbers"):
        dt.Game(np.array([["a", "b"]]))
    with pytest.raises(TypeError):
        dt.Game(np.ones((2, 2, 2), dtype=complex))
    assert issubclass(dt.InvalidGameError, ValueError)
    assert dt.InvalidGameError.__module__ == "detente"


@pytest.mark.parametrize(
    "profile, message",
    [
        ([[0.5, 0.4], 0], "sum to 0.9"),
        ([[1.5, -0.5], 0], "non-negative"),
        ([[np.nan, 1.0], 0], "finite"),
        ([[0.5, 0.25, 0.25], 0], "has 2 actions"),
        ([0], "one strategy per player"),
        ([0, 2], "out of range"),
        ([0, "X"], "no action labelled"),
        ([[[1.0, 0.0]], 0], "1-D"),
    ],
)
def test_invalid_profiles(profile, message):
    g = dt.Game.from_bimatrix(PD_A, PD_B)
    with pytest.raises(dt.InvalidProfileError, match=message):
        g.payoff(profile)


def test_huge_game_refused_before_allocation():
    with pytest.raises(ValueError, match="GiB"):
        dt.Game.from_json(
            '{"title":"","players":["a","b","c"],"actions":[[],[],[]],'
            '"shape":[100000,100000,100000],"payoffs":[]}'
        )


def test_repr_and_html():
    g = dt.Game.from_bimatrix(PD_A, PD_B, actions=[["Cooperate", "Defect"], ["C", "D"]])
    text = repr(g)
    assert "Cooperate" in text and "3, 3" in text and "1, 1" in text
    html = g._repr_html_()
    assert html.count("<tr>") == 3 and "<td>5, 0</td>" in html
    big = dt.testing.random_game((30, 30, 20), seed=0)
    assert "more tables not shown" in repr(big)
    assert "…" in big._repr_html_()


def test_pickle_and_json_round_trip():
    g = dt.Game.from_bimatrix(PD_A, PD_B, players=["A", "B"], actions=[["c", "d"], ["c", "d"]], title="PD")
    assert pickle.loads(pickle.dumps(g)) == g
    assert dt.Game.from_json(g.to_json()) == g
    with pytest.raises(ValueError, match="needs 8 payoffs"):
        dt.Game.from_json(g.to_json().replace('"payoffs":[3.0,', '"payoffs":['))
    with pytest.raises(ValueError):
        dt.Game.from_json("{not json")


def test_equilibrium_certifies_user_profiles():
    g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    eq = dt.Equilibrium(g, [[0.5, 0.5], [0.5, 0.5]])
    assert eq.regret == 0.0 and eq.method == "user" and eq.support == [[0, 1], [0, 1]]
    bad = dt.Equilibrium(g, [0, 0])
    assert bad.regret == 2.0  # column gains 2 by switching from -1 to +1
    assert pickle.loads(pickle.dumps(eq)) == eq
    assert dt.Equilibrium.from_json(eq.to_json()) == eq


def _brute_values(payoffs, profile, i):
    """Independent check: expected payoff of each action of player i by explicit summation."""
    shape = payoffs.shape[:-1]
    v = np.zeros(shape[i])
    for s in itertools.product(*(range(k) for k in shape)):
        w = np.prod([profile[k][s[k]] for k in range(len(shape)) if k != i])
        v[s[i]] += w * payoffs[s + (i,)]
    return v


@given(st.data())
def test_regret_matches_brute_force(data):
    g = data.draw(games(max_players=3, max_actions=3))
    prof = data.draw(profiles(g))
    regrets = g.regret(prof)
    payoffs = g.payoff(prof)
    for i in range(g.num_players):
        v = _brute_values(g.payoffs, prof, i)
        u = float(v @ prof[i])
        assert payoffs[i] == pytest.approx(u, abs=1e-9)
        assert regrets[i] == pytest.approx(v.max() - u, abs=1e-9)
        assert regrets[i] >= 0
