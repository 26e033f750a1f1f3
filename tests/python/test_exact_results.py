"""Exact in, exact out for every exact result (issue 18).

An exact result (enumerate_all, lemke_howson(exact=True), pure and zero_sum on a game given
exactly) reports its regret exactly (``regret_exact``, a Fraction: 0 at an equilibrium) and its
float ``regret`` is that value rounded (exactly 0.0). Checked against hand-derived fractions and
a Fraction regret computed here from the payoff matrices, independently of detente.
"""

import pickle
from fractions import Fraction as F
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt

# Chicken with a non-dyadic mixed equilibrium: both play (9/10, 1/10), each earns -1/10.
CHICKEN_A = [[0, -1], [1, -10]]
CHICKEN_B = [[0, 1], [-1, -10]]


def bimatrix_regret(a, b, x, y):
    """The largest gain of a unilateral deviation, in Fractions, from the matrices alone."""
    m, n = len(a), len(a[0])
    rows = [sum(F(a[i][j]) * y[j] for j in range(n)) for i in range(m)]
    cols = [sum(F(b[i][j]) * x[i] for i in range(m)) for j in range(n)]
    own_row = sum(r * p for r, p in zip(rows, x))
    own_col = sum(c * q for c, q in zip(cols, y))
    return max(max(rows) - own_row, max(cols) - own_col)


def check_exact(eq, a, b):
    x, y = eq.exact_strategies
    assert all(isinstance(p, F) for p in x + y)
    assert bimatrix_regret(a, b, x, y) == 0
    assert eq.regret_exact == 0 and isinstance(eq.regret_exact, F)
    assert eq.regret == 0.0


def test_enumerate_all_chicken_has_exact_regret():
    g = dt.Game.from_bimatrix(CHICKEN_A, CHICKEN_B)
    eqs = dt.solve.enumerate_all(g)
    mixed = [e for e in eqs if not e.is_pure]
    assert len(mixed) == 1
    assert mixed[0].exact_strategies == [[F(9, 10), F(1, 10)], [F(9, 10), F(1, 10)]]
    assert mixed[0].exact_payoffs == [F(-1, 10), F(-1, 10)]
    for eq in eqs:
        check_exact(eq, CHICKEN_A, CHICKEN_B)
    assert "regret 0;" in repr(mixed[0])


def test_lemke_howson_exact_has_exact_regret():
    g = dt.Game.from_bimatrix(CHICKEN_A, CHICKEN_B)
    for label in range(4):
        check_exact(dt.solve.lemke_howson(g, label, exact=True), CHICKEN_A, CHICKEN_B)


def test_exact_regret_survives_pickle_and_json():
    g = dt.Game.from_bimatrix(CHICKEN_A, CHICKEN_B)
    eq = dt.solve.enumerate_all(g)[1]
    assert pickle.loads(pickle.dumps(eq)).regret_exact == 0
    assert dt.Equilibrium.from_json(eq.to_json()) == eq


def test_float_methods_and_float_games_stay_float():
    g = dt.Game.from_bimatrix(CHICKEN_A, CHICKEN_B)
    eq = dt.solve.lemke_howson(g)
    assert eq.exact_strategies is None and eq.regret_exact is None
    f = dt.Game.from_bimatrix([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]])
    for eq in dt.solve.pure(f):
        assert eq.exact_strategies is None and eq.exact_payoffs is None
        assert eq.regret_exact is None
    s = dt.solve.zero_sum(dt.Game.zero_sum([[1.0, -1.0], [-1.0, 1.0]]))
    assert s.value_exact is None and s.exact_strategies is None and s.regret_exact is None


def test_pure_equilibria_of_exact_games_are_exact():
    # Battle of the sexes from ints, and the same with Fractions.
    for a, b in [
        ([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
        ([[F(2, 3), 0], [0, F(1, 3)]], [[F(1, 3), 0], [0, F(2, 3)]]),
    ]:
        eqs = dt.solve.pure(dt.Game.from_bimatrix(a, b))
        assert [e.exact_strategies for e in eqs] == [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]
        assert [e.exact_payoffs for e in eqs] == [[a[0][0], b[0][0]], [a[1][1], b[1][1]]]
        for eq in eqs:
            check_exact(eq, a, b)


def test_zero_sum_exact_matching_pennies_and_a_fractional_value():
    s = dt.solve.zero_sum(dt.Game.zero_sum([[1, -1], [-1, 1]]))
    assert s.value_exact == 0 and isinstance(s.value_exact, F)
    assert s.value == 0.0 and s.regret == 0.0 and s.regret_exact == 0
    assert s.exact_strategies == [[F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]]
    assert s.exact_payoffs == [0, 0]
    # [[3, -1], [-2, 1]]: x = (3/7, 4/7), y = (2/7, 5/7), value 1/7; also from a bare matrix.
    for arg in ([[3, -1], [-2, 1]], dt.Game.zero_sum([[3, -1], [-2, 1]])):
        s = dt.solve.zero_sum(arg)
        assert s.value_exact == F(1, 7)
        assert s.value == 1 / 7
        assert s.exact_strategies == [[F(3, 7), F(4, 7)], [F(2, 7), F(5, 7)]]
        assert repr(s).startswith("value 1/7;") or "value 1/7" in repr(s)
    # Fractions in the matrix.
    s = dt.solve.zero_sum([[F(1, 3), 0], [0, F(2, 3)]])
    # x: x/3 = 2(1 - x)/3, x = 2/3; value 2/9.
    assert s.value_exact == F(2, 9)
    assert s.exact_strategies == [[F(2, 3), F(1, 3)], [F(2, 3), F(1, 3)]]


small = st.integers(-3, 3)


def matrices(m, n):
    return st.lists(st.lists(small, min_size=n, max_size=n), min_size=m, max_size=m)


@st.composite
def bimatrices(draw):
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    return draw(matrices(m, n)), draw(matrices(m, n))


@settings(max_examples=60, deadline=None)
@given(bimatrices())
def test_every_exact_result_has_exact_regret_zero(ab):
    a, b = ab
    g = dt.Game.from_bimatrix(a, b)
    for eq in dt.solve.enumerate_all(g):
        check_exact(eq, a, b)
    check_exact(dt.solve.lemke_howson(g, exact=True), a, b)
    pures = dt.solve.pure(g)
    for eq in pures:
        check_exact(eq, a, b)
    # Every pure Nash equilibrium, by brute force, is found.
    m, n = len(a), len(a[0])
    brute = [
        (i, j)
        for i, j in product(range(m), range(n))
        if a[i][j] == max(a[k][j] for k in range(m)) and b[i][j] == max(b[i])
    ]
    assert [tuple(s[0] for s in e.support) for e in pures] == brute


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda m: st.integers(1, 4).flatmap(lambda n: matrices(m, n))))
def test_zero_sum_of_integer_matrices_is_exact_and_optimal(a):
    s = dt.solve.zero_sum(a)
    v = s.value_exact
    x, y = s.exact_strategies
    m, n = len(a), len(a[0])
    guarantee = min(sum(x[i] * a[i][j] for i in range(m)) for j in range(n))
    cap = max(sum(a[i][j] * y[j] for j in range(n)) for i in range(m))
    assert guarantee == v == cap
    assert s.value == float(v)
    assert s.regret == 0.0 and s.regret_exact == 0


def test_pure_equilibria_of_an_nfg_with_rationals_are_exact():
    # One player choosing between 2/7 and 1/10 (payoffs as an .nfg file gives them).
    g = dt.read_nfg('NFG 1 R "" { "A" "B" } { 2 1 } 2/7 0 1/10 0')
    eqs = dt.solve.pure(g)
    assert len(eqs) == 1
    assert eqs[0].exact_strategies == [[1, 0], [1]]
    assert eqs[0].exact_payoffs == [F(2, 7), 0]
    assert eqs[0].regret_exact == 0 and eqs[0].regret == 0.0


def test_zero_sum_of_a_game_constant_sum_only_in_floats_answers_in_floats():
    # The exact sums differ by 1e-15 at one profile (within the float test's 1e-12): not
    # constant-sum exactly, so the answer is the float one, without exact fields.
    eps = F(1, 10**15)
    a = [[1, -1], [-1, 1]]
    u = [[(F(a[i][j]), F(-a[i][j]) + (eps if (i, j) == (0, 0) else 0)) for j in range(2)] for i in range(2)]
    g = dt.Game(u)
    s = dt.solve.zero_sum(g)
    assert s.value_exact is None and s.exact_strategies is None
    assert abs(s.value) < 1e-9


def test_zero_sum_above_the_exact_size_answers_in_floats():
    # 65 x 65 > 4096 profiles: the float answer, without exact fields.
    a = [[(i * 7 + j * 3) % 5 - 2 for j in range(65)] for i in range(65)]
    s = dt.solve.zero_sum(a)
    assert s.value_exact is None and s.exact_strategies is None
    assert s.regret < 1e-9
