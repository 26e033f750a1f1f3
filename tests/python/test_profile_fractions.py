"""Probability vectors given as Fractions or Decimals (as Gambit's rational profiles are).

A profile's mixed strategy may hold ``fractions.Fraction`` or ``decimal.Decimal`` entries; it
is read at the nearest floats, so every call that takes a profile (``payoff``, ``regret``,
``max_regret``, ``is_equilibrium``, ``Equilibrium(game, profile)``, dynamics' starts) gives
the same answer as with the floats. Checked against an independent bilinear form in numpy.
"""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt

CHICKEN_A = [[6, 2], [7, 0]]
CHICKEN_B = [[6, 7], [2, 0]]


def chicken():
    return dt.Game.from_bimatrix(CHICKEN_A, CHICKEN_B)


def test_fraction_vectors_give_the_float_answers():
    g = chicken()
    exact = [[Fraction(2, 3), Fraction(1, 3)], [Fraction(2, 3), Fraction(1, 3)]]
    floats = [[2 / 3, 1 / 3], [2 / 3, 1 / 3]]
    assert g.payoff(exact).tolist() == g.payoff(floats).tolist()
    # Hand-derived: the mixed equilibrium of chicken pays 14/3 to each.
    assert g.payoff(exact) == pytest.approx([14 / 3, 14 / 3], abs=1e-12)
    assert g.max_regret(exact) == pytest.approx(0.0, abs=1e-12)
    assert g.is_equilibrium(exact)
    eq = dt.Equilibrium(g, exact)
    assert eq.regret == pytest.approx(0.0, abs=1e-12)
    assert [s.tolist() for s in eq.strategies] == [[2 / 3, 1 / 3], [2 / 3, 1 / 3]]


def test_decimal_vectors_and_mixed_entries():
    g = chicken()
    profile = [[Decimal("0.25"), Decimal("0.75")], [Fraction(1, 2), 0.5]]
    assert g.payoff(profile).tolist() == g.payoff([[0.25, 0.75], [0.5, 0.5]]).tolist()


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(1, 50), min_size=3, max_size=3),
    st.lists(st.integers(1, 50), min_size=2, max_size=2),
    st.lists(st.integers(-9, 9), min_size=12, max_size=12),
)
def test_payoff_matches_numpy_bilinear_form(wx, wy, entries):
    a = np.array(entries[:6], dtype=float).reshape(3, 2)
    b = np.array(entries[6:], dtype=float).reshape(3, 2)
    g = dt.Game.from_bimatrix(a, b)
    x = [Fraction(w, sum(wx)) for w in wx]
    y = [Fraction(w, sum(wy)) for w in wy]
    xf, yf = np.array([float(v) for v in x]), np.array([float(v) for v in y])
    expected = [xf @ a @ yf, xf @ b @ yf]
    assert g.payoff([x, y]) == pytest.approx(expected, abs=1e-9)


def test_integers_stay_action_indices():
    g = chicken()
    assert g.payoff([1, 0]).tolist() == [7.0, 2.0]


def test_bad_vectors_are_refused_clearly():
    g = chicken()
    with pytest.raises(TypeError, match="Fraction"):
        g.payoff([np.array(["a", "b"], dtype=object), 0])
    with pytest.raises(dt.InvalidProfileError):  # does not sum to 1
        g.payoff([[Fraction(1, 2), Fraction(1, 3)], 0])
    with pytest.raises(dt.InvalidProfileError):  # wrong length
        g.payoff([[Fraction(1, 3)] * 3, 0])
    with pytest.raises(dt.InvalidProfileError):  # a 2-D array is not one strategy
        g.payoff([[[Fraction(1, 2)], [Fraction(1, 2)]], 0])
    with pytest.raises(dt.InvalidProfileError, match="a mixed strategy .* not a finite number"):
        g.payoff([[Decimal("NaN"), Decimal(1)], 0])


def test_dynamics_starts_may_be_fractions():
    g = dt.Game.from_bimatrix([[3, 1], [0, 2]], [[2, 0], [1, 3]])
    exact = [[Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 4), Fraction(3, 4)]]
    floats = [[0.5, 0.5], [0.25, 0.75]]
    assert list(dt.dynamics.fictitious_play(g, [exact])) == list(
        dt.dynamics.fictitious_play(g, [floats])
    )
    # One population: the shares alone, as Fractions.
    a = [[3, 2], [4, 2]]
    by_fraction = dt.repeated.replicator(a, [[Fraction(9, 10), Fraction(1, 10)]], max_iter=50)
    by_float = dt.repeated.replicator(a, [[0.9, 0.1]], max_iter=50)
    assert list(by_fraction) == list(by_float)
