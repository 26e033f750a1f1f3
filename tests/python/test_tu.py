"""TU games (detente.TUGame): construction, validation, properties and solutions, checked
against hand-derived values and independent brute force."""

from __future__ import annotations

import itertools
import math
import pickle
from fractions import Fraction

import numpy as np
import pytest

import detente as dt
from detente.coalition import TUGame

GLOVE = {("L", "R1"): 1, ("L", "R2"): 1, ("L", "R1", "R2"): 1}


def glove() -> TUGame:
    return TUGame(GLOVE, players=["L", "R1", "R2"], default=0)


def majority3() -> TUGame:
    return TUGame(lambda s: int(len(s) >= 2), players=3)


# --- construction ----------------------------------------------------------------------------


def test_three_forms_build_the_same_game() -> None:
    by_array = TUGame([0, 0, 0, 1, 0, 1, 0, 1], players=["L", "R1", "R2"])
    by_callable = TUGame(lambda s: int("L" in s and len(s) >= 2), players=["L", "R1", "R2"])
    assert glove() == by_array == by_callable
    assert dt.TUGame is TUGame
    assert glove().values.tolist() == [0, 0, 0, 1, 0, 1, 0, 1]
    by_index = TUGame({(0, 1): 1, (0, 2): 1, frozenset({0, 1, 2}): 1}, default=0)
    assert by_index.values.tolist() == glove().values.tolist()
    assert by_index.players == ["P1", "P2", "P3"]


def test_callable_gets_frozensets_of_indices_or_names() -> None:
    seen: list[frozenset] = []
    TUGame(lambda s: seen.append(s) or 0, players=2)
    assert seen == [frozenset({0}), frozenset({1}), frozenset({0, 1})]
    seen.clear()
    TUGame(lambda s: seen.append(s) or 0, players=["a", "b"])
    assert seen == [frozenset({"a"}), frozenset({"b"}), frozenset({"a", "b"})]


def test_exact_input_is_kept_exactly() -> None:
    g = TUGame([0, Fraction(1, 3), Fraction(1, 7), 1])
    assert g.is_exact
    assert g.values_exact.tolist() == [0, Fraction(1, 3), Fraction(1, 7), 1]
    assert g.value([0], exact=True) == Fraction(1, 3)
    assert TUGame([0, 1, 2, 4]).is_exact
    assert not TUGame([0.0, 1.0, 2.0, 4.0]).is_exact
    assert TUGame([0.0, 1.0, 2.0, 4.0]).values_exact is None
    obj = np.array([0, 1, 2, Fraction(9, 2)], dtype=object)
    assert TUGame(obj).value(3, exact=True) == Fraction(9, 2)


def test_value_takes_bitmasks_indices_and_names() -> None:
    g = glove()
    assert g.value(0b101) == g.value([0, 2]) == g.value(("L", "R2")) == 1.0
    assert g.value(0b110) == 0.0
    with pytest.raises(ValueError, match="out of range"):
        g.value(8)
    with pytest.raises(ValueError, match="unknown player"):
        g.value(["L", "X"])


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ([0, 1, 2], "not a power of two"),
        ([], "not a power of two"),
        ([0], "at least one player"),
        ([1, 0], "empty coalition"),
        ([0, float("nan")], "NaN"),
        ([0, float("inf"), 0, 0], "finite"),
        ([[0, 1], [1, 1]], "one-dimensional"),
    ],
)
def test_bad_values_are_refused(values: object, match: str) -> None:
    with pytest.raises(dt.InvalidGameError, match=match):
        TUGame(values)


def test_bad_dicts_callables_and_names() -> None:
    with pytest.raises(dt.InvalidGameError, match="no value for coalition"):
        TUGame({(0, 1): 1}, players=2)
    with pytest.raises(dt.InvalidGameError, match="unknown player"):
        TUGame({("a", "z"): 1}, players=["a", "b"], default=0)
    with pytest.raises(dt.InvalidGameError, match="out of range"):
        TUGame({(0, 5): 1}, players=2, default=0)
    with pytest.raises(dt.InvalidGameError, match="twice"):
        TUGame({(0, 1): 1, (1, 0): 2}, default=0)
    with pytest.raises(TypeError, match="needs players"):
        TUGame(lambda s: 0)
    with pytest.raises(dt.InvalidGameError, match="raised on coalition"):
        TUGame(lambda s: 1 / 0, players=2)
    with pytest.raises(TypeError):
        TUGame(["a", "b"])
    with pytest.raises(dt.InvalidGameError, match="repeated"):
        TUGame([0, 0, 0, 1], players=["a", "a"])
    with pytest.raises(dt.InvalidGameError, match="players says 3"):
        TUGame([0, 0, 0, 1], players=3)
    with pytest.raises(TypeError, match="got a str"):
        TUGame([0, 0, 0, 1], players="ab")


def test_too_many_players_is_refused_before_anything_is_allocated() -> None:
    calls = []
    with pytest.raises(dt.InvalidGameError, match="budget.*shapley_monte_carlo.*WeightedVotingGame"):
        TUGame(lambda s: calls.append(s) or 0, players=31)
    assert calls == []
    with pytest.raises(dt.InvalidGameError, match="at most 30 players"):
        TUGame({(40,): 1}, default=0)


def test_json_pickle_and_frame() -> None:
    g = TUGame([0, Fraction(1, 3), 0, 1], players=["a", "b"])
    assert TUGame.from_json(g.to_json()) == g
    assert pickle.loads(pickle.dumps(g)) == g
    f = glove().to_frame()
    assert list(f.columns) == ["coalition", "size", "value", "value_exact"]
    assert f.coalition[5] == ("L", "R2") and f.value[5] == 1.0
    with pytest.raises(ValueError):
        TUGame.from_json('{"players": ["a"], "values": [1.0, 0.0]}')
