"""detente.solve.lemke_howson: hand-derived games, Gambit files, and random games checked by
an independent numpy regret."""

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import detente as dt

DEGENERATE = ["deg1", "deg2", "winkels", "zero", "2x2_all_zero_duplicate_labels", "csg2", "vd", "todd3", "sh3"]


def bimatrix(g):
    p = np.asarray(g.payoffs)
    return p[..., 0], p[..., 1]


def numpy_regret(g, eq):
    """Independent of detente: the best deviation gain of each player, in numpy."""
    a, b = bimatrix(g)
    x, y = (np.asarray(s) for s in eq.strategies)
    assert np.all(x >= 0) and np.all(y >= 0)
    assert abs(x.sum() - 1) < 1e-12 and abs(y.sum() - 1) < 1e-12
    return max((a @ y).max() - x @ a @ y, (x @ b).max() - x @ b @ y)


def test_matching_pennies():
    g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    for label in range(4):
        for exact in (False, True):
            eq = dt.solve.lemke_howson(g, label, exact=exact)
            np.testing.assert_allclose(eq.strategies, [[0.5, 0.5], [0.5, 0.5]], atol=1e-12)
            assert eq.method == "lemke_howson"


def test_battle_of_the_sexes_each_label():
    # Derived by hand in tests/lemke_howson.rs: labels 0 and 2 end at (top, left), 1 and 3 at
    # (bottom, right); the mixed equilibrium is on no path.
    g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], actions=[["T", "B"], ["L", "R"]])
    expected = {0: ["T", "L"], 1: ["B", "R"], 2: ["T", "L"], 3: ["B", "R"]}
    for label, strategies in expected.items():
        for exact in (False, True):
            assert dt.solve.lemke_howson(g, label, exact=exact).describe_strategies() == strategies
    found = dt.solve.lemke_howson_all(g)
    assert isinstance(found, dt.EquilibriumList)
    assert [e.describe_strategies() for e in found] == [["B", "R"], ["T", "L"]]


def test_weighted_rock_paper_scissors_unique_equilibrium():
    # Indifference conditions solved by hand: x = (1/4, 5/12, 1/3), y = (1/3, 5/12, 1/4).
    g = dt.Game.zero_sum([[0, -1, 2], [1, 0, -1], [-1, 1, 0]])
    x = [Fraction(1, 4), Fraction(5, 12), Fraction(1, 3)]
    y = [Fraction(1, 3), Fraction(5, 12), Fraction(1, 4)]
    for label in range(6):
        for exact in (False, True):
            eq = dt.solve.lemke_howson(g, label, exact=exact)
            np.testing.assert_allclose(eq.strategies[0], [float(p) for p in x], atol=1e-12)
            np.testing.assert_allclose(eq.strategies[1], [float(p) for p in y], atol=1e-12)
        # Exact mode returns the nearest floats to the exact rationals.
        eq = dt.solve.lemke_howson(g, label, exact=True)
        assert list(eq.strategies[0]) == [float(p) for p in x]
    assert len(dt.solve.lemke_howson_all(g, exact=True)) == 1


def test_errors():
    g = dt.Game.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(ValueError, match="0..4"):
        dt.solve.lemke_howson(g, 4)
    with pytest.raises(ValueError):
        dt.solve.lemke_howson(g, -1)
    with pytest.raises(ValueError, match="all"):
        dt.solve.lemke_howson(g, "some")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="max_pivots"):
        dt.solve.lemke_howson(g, max_pivots=0)
    with pytest.raises(dt.SolverError, match="max_pivots = 3"):
        dt.solve.lemke_howson(g, 0, max_pivots=3)  # this path needs four pivots
    assert dt.solve.lemke_howson(g, 0, max_pivots=4).regret <= 1e-15
    three = dt.Game(np.zeros((2, 2, 2, 3)))
    with pytest.raises(dt.InvalidGameError, match="two-player"):
        dt.solve.lemke_howson(three)
    with pytest.raises(dt.InvalidGameError):
        dt.solve.lemke_howson_all(three, exact=True)


def test_every_two_player_gambit_file(nfg_dir):
    files = sorted(nfg_dir.glob("*.nfg"))
    names = {f.stem for f in files}
    assert set(DEGENERATE) <= names
    checked = 0
    for path in files:
        g = dt.read_nfg(path)
        if len(g.shape) != 2:
            continue
        checked += 1
        m, n = g.shape
        for label in range(m + n):
            for exact in (False, True):
                eq = dt.solve.lemke_howson(g, label, exact=exact)
                assert numpy_regret(g, eq) <= 1e-9, (path.name, label, exact)
                assert eq.regret <= 1e-9
        for exact in (False, True):
            found = dt.solve.lemke_howson_all(g, exact=exact)
            assert 1 <= len(found) <= m + n
            assert all(numpy_regret(g, e) <= 1e-9 for e in found)
    assert checked >= 20


def two_player_games(ties):
    elements = st.integers(-2, 2) if ties else st.floats(-10, 10, allow_nan=False, width=64)
    return st.tuples(st.integers(1, 6), st.integers(1, 6)).flatmap(
        lambda mn: hnp.arrays(np.float64, (*mn, 2), elements=elements).map(dt.Game)
    )


@given(st.one_of(two_player_games(True), two_player_games(False)))
def test_random_and_degenerate_games_every_label(g):
    m, n = g.shape
    for label in range(m + n):
        float_eq = dt.solve.lemke_howson(g, label)
        assert numpy_regret(g, float_eq) <= 1e-9
        exact_eq = dt.solve.lemke_howson(g, label, exact=True)
        assert numpy_regret(g, exact_eq) <= 1e-12 * max(1.0, np.abs(g.payoffs).max())


def test_cli_method(nfg_dir, capsys):
    from detente.cli import main

    assert main(["solve", str(nfg_dir / "pd.nfg"), "--method", "lemke_howson", "--label", "all"]) == 0
    assert "1 lemke_howson equilibrium" in capsys.readouterr().out
    args = ["solve", str(nfg_dir / "2x2.nfg"), "--method", "lemke_howson", "--label", "all", "--json"]
    assert main(args) == 0
    eqs = json.loads(capsys.readouterr().out)
    assert eqs and all(e["method"] == "lemke_howson" and e["regret"] <= 1e-9 for e in eqs)
