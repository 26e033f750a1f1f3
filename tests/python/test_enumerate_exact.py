"""Exact detente.solve.enumerate_all on integer games with payoffs in -100..100 (exact mode's
one-polytope path when a best-response polytope is simple) and on the same games with a
repeated row and column (ties at pure strategies: the two-polytope search), against a brute
force written here: every vertex of each best-response polytope from every square system of
its inequalities, solved in fractions.Fraction, and the completely labelled pairs."""

from fractions import Fraction
from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt


def solve(rows, rhs):
    """The unique solution of the square system, or None if it is singular."""
    d = len(rhs)
    a = [list(r) + [b] for r, b in zip(rows, rhs)]
    for c in range(d):
        p = next((r for r in range(c, d) if a[r][c] != 0), None)
        if p is None:
            return None
        a[c], a[p] = a[p], a[c]
        for r in range(d):
            if r != c and a[r][c] != 0:
                f = a[r][c] / a[c][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
    return [a[i][d] / a[i][i] for i in range(d)]


def vertices(c, d):
    """Vertices of {z >= 0 : c z <= 1} with their tight sets (index t < d: z_t = 0; d + r:
    row r tight)."""
    k = len(c)
    found = {}
    for chosen in combinations(range(d + k), d):
        rows = [[Fraction(int(i == t)) for i in range(d)] if t < d else c[t - d] for t in chosen]
        rhs = [Fraction(0) if t < d else Fraction(1) for t in chosen]
        z = solve(rows, rhs)
        if z is None or min(z) < 0:
            continue
        slack = [1 - sum(x * y for x, y in zip(row, z)) for row in c]
        if min(slack, default=0) < 0:
            continue
        tight = {t for t, v in enumerate(z + slack) if v == 0}
        found[tuple(z)] = tight
    return found


def brute_force(a, b):
    """Every extreme equilibrium of the bimatrix game (a, b), as normalised Fractions."""
    m, n = a.shape
    shift = lambda u: [[Fraction(int(v) - int(u.min()) + 1) for v in row] for row in u]
    sa, sb = shift(a), shift(b)
    cp = [[sb[i][j] for i in range(m)] for j in range(n)]
    vp, vq = vertices(cp, m), vertices(sa, n)
    labels = set(range(m + n))
    out = set()
    for x, tx in vp.items():
        if not any(x):
            continue
        for y, ty in vq.items():
            if not any(y):
                continue
            # Q's index j < n is label m + j, its index n + i is label i.
            ly = {m + t if t < n else t - n for t in ty}
            if tx | ly == labels:
                out.add((tuple(v / sum(x) for v in x), tuple(v / sum(y) for v in y)))
    return out


@st.composite
def integer_game(draw, repeated):
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    a, b = rng.integers(-100, 101, (m, n)), rng.integers(-100, 101, (m, n))
    if repeated:
        for u in (a, b):
            u[-1, :] = u[0, :]
            u[:, -1] = u[:, 0]
    return a, b


def check(a, b):
    g = dt.Game.from_bimatrix(a, b)
    result = dt.solve.enumerate_all(g, exact=True)
    found = {tuple(tuple(s) for s in e) for e in result.exact_strategies}
    assert len(found) == len(result)
    assert found == brute_force(a, b)
    for eq in result:
        x, y = eq.exact_strategies
        cells = [(i, j) for i in range(len(x)) for j in range(len(y))]
        expected = [sum(int(u[i, j]) * x[i] * y[j] for i, j in cells) for u in (a, b)]
        assert list(eq.exact_payoffs) == expected
        assert eq.regret_exact == 0


@settings(max_examples=60, deadline=None)
@given(integer_game(repeated=False))
def test_wide_integer_games_match_brute_force(game):
    check(*game)


@settings(max_examples=60, deadline=None)
@given(integer_game(repeated=True))
def test_repeated_rows_and_columns_match_brute_force(game):
    check(*game)
