"""The least core over imputations: ``TUGame.least_core(imputations=True)``.

Hand-derived values, and a Fraction check of the excesses computed here from the values.
"""

from fractions import Fraction as F
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt


def max_excess(values, x):
    """The largest v(S) - x(S) over the coalitions other than the empty one and N."""
    n = len(x)
    return max(
        F(values.get(s, 0)) - sum(x[i] for i in s)
        for k in range(1, n)
        for s in combinations(range(n), k)
    )


def test_coopgame_readme_game():
    # v(12) = 10, v(N) = 2: over pre-imputations epsilon = 4 at (3, 3, -4); an imputation
    # gives {1, 2} at most 2, so epsilon = 8 at (1, 1, 0).
    g = dt.TUGame({(0, 1): 10, (0, 1, 2): 2}, default=0)
    assert g.least_core().epsilon_exact == 4
    lc = g.least_core(imputations=True, exact=True)
    assert lc.epsilon_exact == 8 and lc.epsilon == 8.0
    assert list(lc.allocation_exact) == [1, 1, 0]


def test_empty_imputation_set_is_refused():
    g = dt.TUGame({(0,): 1, (1,): 1, (0, 1): 1}, default=0)
    with pytest.raises(ValueError, match="imputation"):
        g.least_core(imputations=True)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.integers(-3, 6), min_size=2**n, max_size=2**n))))
def test_epsilon_is_attained_by_an_imputation(case):
    n, raw = case
    values = {}
    for mask in range(1, 2**n):
        values[tuple(i for i in range(n) if mask >> i & 1)] = raw[mask]
    grand = tuple(range(n))
    values[grand] = max(values[grand], sum(values[(i,)] for i in range(n)))
    g = dt.TUGame(values, default=0)
    lc = g.least_core(imputations=True, exact=True)
    x = list(lc.allocation_exact)
    assert sum(x) == values[grand]
    assert all(x[i] >= values[(i,)] for i in range(n))
    assert max_excess(values, x) == lc.epsilon_exact
    assert lc.epsilon_exact >= g.least_core(exact=True).epsilon_exact
