"""detente.repeated: RepeatedGame and Automaton construction, validation, round trips."""

import pickle
from fractions import Fraction

import numpy as np
import pytest

import detente as dt

PD = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
GRIM = ([["cooperate", "punish"], [0, 1], [[[0, 1], [1, 1]], [[1, 1], [1, 1]]]])


def test_discount_factors_are_exact_fractions():
    rg = dt.RepeatedGame(PD, [0.9, Fraction(1, 3)], continuation="0.5")
    assert rg.discount == [Fraction(9, 10), Fraction(1, 3)]
    assert rg.continuation == Fraction(1, 2)
    assert rg.horizon is None
    assert rg.stage == PD


@pytest.mark.parametrize("discount", [1.0, -0.1, float("nan"), [0.5], [0.5, 0.5, 0.5]])
def test_bad_discount_factors_are_refused_naming_the_argument(discount):
    with pytest.raises(ValueError, match="discount"):
        dt.RepeatedGame(PD, discount)


def test_a_finite_horizon_allows_undiscounted_sums():
    assert dt.RepeatedGame(PD, 1, horizon=10).horizon == 10
    with pytest.raises(ValueError, match="horizon"):
        dt.RepeatedGame(PD, 1, horizon=0)


def test_automaton_reads_the_observed_profile_own_action_first():
    grim = dt.Automaton(*GRIM)
    assert grim.next("cooperate", [0, 0]) == "cooperate"
    assert grim.next("cooperate", [1, 0]) == "punish"
    assert grim.next(0, [0, 1]) == "punish"
    assert grim.shape == [2, 2]
    assert pickle.loads(pickle.dumps(grim)) == grim


def test_automaton_outputs_are_exact():
    mixed = dt.Automaton(["r"], [[0.1, 0.9]], np.zeros((1, 2, 2), dtype=np.int32))
    assert mixed.output == [[Fraction(1, 10), Fraction(9, 10)]]


@pytest.mark.parametrize(
    ("args", "error", "what"),
    [
        ((["a"], [0], [[0.5, 1.0]]), TypeError, "transitions"),
        ((["a"], [[0.5, 0.6]], [[[0, 0], [0, 0]]]), ValueError, "output"),
        ((["a"], [2], [[[0, 0], [0, 0]]]), ValueError, "output"),
        ((["a"], [0], [[[0, 1], [0, 0]]]), ValueError, "transitions"),
        ((["a"], [0], [[[0, 0], [0, 0]]], "z"), ValueError, "initial"),
        (("ab", [0], [[[0, 0], [0, 0]]]), TypeError, "states"),
    ],
)
def test_malformed_automata_are_refused_naming_the_argument(args, error, what):
    with pytest.raises(error, match=what):
        dt.Automaton(*args)
