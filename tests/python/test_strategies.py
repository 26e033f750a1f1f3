"""detente.strategies: the classic automata play as their definitions say; memory-one round trips."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt

S = dt.strategies
C, D = 0, 1


def play(a, b, turns):
    """Pure automata against each other through the public ``next``: their action lists."""
    s, t = a.initial, b.initial
    out_a, out_b = [], []
    for _ in range(turns):
        x = a.output[a.states.index(s)].index(1)
        y = b.output[b.states.index(t)].index(1)
        out_a.append(x)
        out_b.append(y)
        s, t = a.next(s, [x, y]), b.next(t, [y, x])
    return out_a, out_b


def test_the_module_is_importable_under_every_documented_name():
    import detente.repeated.strategies as nested

    assert nested is dt.strategies is dt.repeated.strategies


@pytest.mark.parametrize(
    ("strategy", "opponent", "expected"),
    [
        (S.tit_for_tat(), S.alternator(), [C, C, D, C, D]),
        (S.suspicious_tit_for_tat(), S.cooperate(), [D, C, C, C, C]),
        (S.tit_for_two_tats(), S.cycler("DDC"), [C, C, D, C, C, D]),
        (S.two_tits_for_tat(), S.cycler("DCCCC"), [C, D, D, C, C]),
        (S.win_stay_lose_shift(), S.defect(), [C, D, C, D, C]),
        (S.grim_trigger(), S.cycler("DCCCC"), [C, D, D, D, D]),
        (S.grudger(), S.cycler("CDCCC"), [C, C, D, D, D]),
        (S.forgiving_grudger(2), S.cycler("DCCCC"), [C, D, D, C, C]),
        (S.soft_grudger(), S.cycler("DCCCCCCC"), [C, D, D, D, D, C, C, C]),
        (S.alternator(), S.defect(), [C, D, C, D]),
        (S.cycler("CCD"), S.cooperate(), [C, C, D, C, C, D]),
    ],
)
def test_classic_strategies_play_as_defined(strategy, opponent, expected):
    mine, _ = play(strategy, opponent, len(expected))
    assert mine == expected


def test_grim_trigger_reacts_to_its_own_defection_and_grudger_does_not():
    assert S.grim_trigger().next("cooperate", [D, C]) == "punish"
    assert S.grudger().next("cooperate", [D, C]) == "cooperate"


def test_parameters_are_kept_exactly():
    assert S.generous_tit_for_tat().output[1] == [Fraction(1, 3), Fraction(2, 3)]
    assert S.generous_tit_for_tat(0.1).output[1] == [Fraction(1, 10), Fraction(9, 10)]
    assert S.random(Fraction(2, 7)).output == [[Fraction(2, 7), Fraction(5, 7)]]


@pytest.mark.parametrize(
    ("build", "what"),
    [
        (lambda: S.generous_tit_for_tat(1.5), "q"),
        (lambda: S.random(-0.1), "p"),
        (lambda: S.random(float("nan")), "p"),
        (lambda: S.forgiving_grudger(0), "k"),
        (lambda: S.cycler("CXD"), "pattern"),
        (lambda: S.cycler(""), "pattern"),
        (lambda: S.memory_one(1, 0, 2, 0), "p_dc"),
        (lambda: S.memory_one(1, 0, 1, 0, initial=-1), "initial"),
        (lambda: S.cooperate(players=1), "players"),
        (lambda: S.defect(players=99), "players"),
        (lambda: S.tit_for_tat(players=3, rule="most"), "rule"),
    ],
)
def test_bad_parameters_are_refused_naming_them(build, what):
    with pytest.raises(ValueError, match=what):
        build()


def test_n_player_strategies_count_the_others():
    any3 = S.tit_for_tat(players=3)
    maj3 = S.tit_for_tat(players=3, rule="majority")
    assert any3.shape == [2, 2, 2]
    assert any3.next("C", [C, D, C]) == "D"
    assert maj3.next("C", [C, D, C]) == "C"
    assert maj3.next("C", [C, D, D]) == "D"
    grim = S.grim_trigger(players=4)
    assert grim.next("cooperate", [C, C, C, D]) == "punish"
    assert grim.next("punish", [C, C, C, C]) == "punish"
    assert S.tit_for_tat(players=2, rule="majority") == S.tit_for_tat()


def test_memory_one_conversions():
    assert S.to_memory_one(S.tit_for_tat()) == (1, 0, 1, 0, 1)
    assert S.to_memory_one(S.win_stay_lose_shift()) == (1, 0, 0, 1, 1)
    assert S.to_memory_one(S.suspicious_tit_for_tat()) == (1, 0, 1, 0, 0)
    assert S.to_memory_one(S.generous_tit_for_tat()) == (1, Fraction(1, 3), 1, Fraction(1, 3), 1)
    for not_memory_one in [S.grim_trigger(), S.tit_for_two_tats(), S.alternator(), S.soft_grudger()]:
        assert S.to_memory_one(not_memory_one) is None
    assert S.to_memory_one(S.cooperate(players=3)) is None
    m = S.memory_one(0.9, 0.1, 0.5, 0.25, initial=0)
    assert m.states == ["start", "CC", "CD", "DC", "DD"]
    assert m.next("DD", [C, D]) == "CD"


@given(st.lists(st.fractions(min_value=0, max_value=1, max_denominator=50), min_size=5, max_size=5))
def test_memory_one_vectors_round_trip(v):
    assert S.to_memory_one(S.memory_one(*v)) == tuple(v)
