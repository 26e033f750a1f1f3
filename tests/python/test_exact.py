"""Exact in, exact out, and no silent misreading of payoffs.

Nested lists are read as ``np.asarray`` reads them (players last, QuantEcon's convention);
per-player payoffs come as a list of numpy arrays or through ``Game.from_player_payoffs``.
Exact input (int, Fraction, Decimal, ``.nfg`` fractions and decimals) stays exact through the
game, the exact solvers, their equilibria and every round trip.
"""

import json
import pickle
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import detente as dt
from detente.cli import main

NFG = Path(__file__).resolve().parents[1] / "data" / "nfg"

# The prisoners' dilemma exactly as QuantEcon writes it: entry [i][j] = (row's, column's).
QE_PD = [[(3, 3), (0, 5)], [(5, 0), (1, 1)]]


def payoff_table(g):
    """Every pure profile's payoffs, as a dict."""
    return {p: tuple(g.payoff(list(p)).tolist()) for p in np.ndindex(*g.shape)}


# --- reading payoffs -----------------------------------------------------------------------


def test_quantecon_prisoners_dilemma_literal():
    # The old heuristic read this list of 2 two-dimensional entries as one matrix per player,
    # a different game with two pure equilibria.
    g = dt.Game(QE_PD)
    assert g.payoff([0, 1]).tolist() == [0.0, 5.0]
    assert g.payoff([1, 0]).tolist() == [5.0, 0.0]
    pure = dt.solve.pure(g)
    assert [e.support for e in pure] == [[[1], [1]]]
    assert [e.support for e in dt.solve.enumerate_all(g)] == [[[1], [1]]]
    assert dt.Game(tuple(QE_PD)) == g


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 3, 3, 3)])
def test_both_conventions_where_the_shapes_coincide(shape):
    # (2, 2, 2): a 2x2 game both ways; (3, 3, 3, 3): a 3x3x3 game both ways.
    values = np.random.default_rng(1).integers(-5, 6, size=shape)
    nested = values.tolist()
    n = len(shape) - 1
    quantecon = dt.Game(nested)
    assert quantecon == dt.Game(values)
    for p in np.ndindex(*shape[:-1]):
        assert quantecon.payoff(list(p)).tolist() == [float(values[p + (i,)]) for i in range(n)]
    per_player = dt.Game([values[i] for i in range(n)])       # a list of numpy arrays
    assert per_player == dt.Game.from_player_payoffs(nested)   # nested lists, explicitly
    for p in np.ndindex(*shape[:-1]):
        assert per_player.payoff(list(p)).tolist() == [float(values[(i,) + p]) for i in range(n)]
    assert per_player != quantecon


def test_per_player_nested_lists_of_another_shape_are_refused_with_a_hint():
    # Three players with two actions: per player (3, 2, 2, 2), which is no QuantEcon tensor.
    nested = np.arange(24).reshape(3, 2, 2, 2).tolist()
    with pytest.raises(dt.InvalidGameError, match="from_player_payoffs"):
        dt.Game(nested)
    g = dt.Game.from_player_payoffs(nested, players=["A", "B", "C"])
    assert g.shape == [2, 2, 2] and g.payoff([1, 0, 1]).tolist() == [5.0, 13.0, 21.0]


def test_masked_arrays_are_refused_unless_nothing_is_masked():
    values = np.ma.masked_array(np.ones((2, 2, 2)), mask=np.zeros((2, 2, 2), bool))
    assert dt.Game(values) == dt.Game(np.ones((2, 2, 2)))
    values[0, 1, 1] = np.ma.masked
    with pytest.raises(dt.InvalidGameError, match="payoffs is a masked array with 1 masked"):
        dt.Game(values)
    a = np.ma.masked_array(np.zeros((2, 2)), mask=[[True, False], [False, False]])
    with pytest.raises(dt.InvalidGameError, match=r"payoffs\[0\] is a masked array"):
        dt.Game([a, np.zeros((2, 2))])
    with pytest.raises(dt.InvalidGameError, match="A is a masked array"):
        dt.Game.from_bimatrix(a, a)


# --- exact payoffs -------------------------------------------------------------------------


def test_exact_input_is_kept():
    third = Fraction(1, 3)
    g = dt.Game([[(third, Decimal("0.1"))], [(2, -1)]])
    exact = g.payoffs_exact
    assert exact.shape == (2, 1, 2) and exact.dtype == object
    assert exact.ravel().tolist() == [third, Fraction(1, 10), 2, -1]
    assert all(isinstance(x, Fraction) for x in exact.ravel())
    assert g.payoffs[0, 0, 0] == 1 / 3
    # Integers are exact; any float makes a float game (no second copy of the payoffs).
    assert dt.Game(QE_PD).payoffs_exact.ravel().tolist() == [3, 3, 0, 5, 5, 0, 1, 1]
    assert dt.Game([[(0.5, 1)]]).payoffs_exact is None
    assert dt.Game(np.array(QE_PD, dtype=float)).payoffs_exact is None
    assert dt.Game(np.array([[(third, 0.5)]], dtype=object)).payoffs_exact is None
    # Integers that are floats keep no second copy; larger ones are kept exactly.
    data = json.loads(dt.Game(np.array(QE_PD)).to_json())
    assert data["exact"] is True and "exact_payoffs" not in data
    big = dt.Game([[(2**60 + 1, 0)]])
    assert big.payoffs_exact[0, 0, 0] == 2**60 + 1 and "exact_payoffs" in big.to_json()
    assert dt.Game(np.array([[(2**62 + 1, 0)]], dtype=np.uint64)).payoffs_exact[0, 0, 0] == 2**62 + 1
    # Exact and float games with the same values compare equal.
    assert dt.Game(QE_PD) == dt.Game(np.array(QE_PD, dtype=float))
    assert dt.Game.from_bimatrix([[third]], [[1]]).payoffs_exact.ravel().tolist() == [third, 1]
    assert dt.Game.zero_sum([[third]]).payoffs_exact.ravel().tolist() == [third, -third]
    with pytest.raises(dt.InvalidGameError, match="not a finite number"):
        dt.Game([[(Decimal("NaN"), 1)]])
    # Python would build a billion-digit power of ten for this one.
    with pytest.raises(dt.InvalidGameError, match="exponent"):
        dt.Game([[(Decimal("1e-999999999"), 1)]])


def test_exact_games_round_trip():
    g = dt.Game([[(Fraction(2, 7), Decimal("0.1"))], [(3, Fraction(-1, 3))]], title="t")
    for back in (
        dt.Game.from_json(g.to_json()),
        pickle.loads(pickle.dumps(g)),
        dt.read_nfg(g.to_nfg()),
    ):
        assert back == g
        assert back.payoffs_exact.tolist() == g.payoffs_exact.tolist()
    f = dt.Game(np.array([[(0.1, 2 / 7)]]))
    assert "exact" not in json.loads(f.to_json())
    for back in (pickle.loads(pickle.dumps(f)), dt.Game.from_json(f.to_json())):
        assert back == f and back.payoffs_exact is None
    # Through .nfg a float keeps its binary value (the file is exact).
    assert dt.read_nfg(f.to_nfg()).payoffs.tolist() == f.payoffs.tolist()


def exact_regret(g, strategies):
    """Each player's exact regret in a bimatrix game, by hand with Fractions."""
    u = g.payoffs_exact
    m, n = g.shape
    x, y = strategies
    row = [sum(u[i, j, 0] * y[j] for j in range(n)) for i in range(m)]
    col = [sum(u[i, j, 1] * x[i] for i in range(m)) for j in range(n)]
    own = lambda v, s: sum(a * b for a, b in zip(v, s))  # noqa: E731
    return [max(row) - own(row, x), max(col) - own(col, y)]


def test_todd3_exact_answer():
    # Before the fix the exact solve ran on the floats nearest to 2/7, 3/19, 7/38, ... and
    # returned the column strategy (4/21, 38/147, 2573485501354569/9007199254740992, ...).
    g = dt.read_nfg(NFG / "todd3.nfg")
    result = dt.solve.enumerate_all(g, exact=True)
    columns = [eq.exact_strategies[1] for eq in result]
    assert [Fraction(4, 21), Fraction(38, 147), Fraction(2, 7), Fraction(13, 49)] in columns
    assert result.exact_strategies == [eq.exact_strategies for eq in result]


def rational_files():
    files = []
    for path in sorted(NFG.glob("*.nfg")):
        g = dt.read_nfg(path)
        exact = g.payoffs_exact
        if g.num_players == 2 and any(x.denominator != 1 for x in exact.ravel()):
            if any(Fraction(float(x)) != x for x in exact.ravel()):
                files.append(path.name)
    return files


@pytest.mark.parametrize("name", rational_files())
def test_rational_files_have_exact_equilibria(name):
    g = dt.read_nfg(NFG / name)
    for eq in dt.solve.enumerate_all(g, exact=True):
        assert exact_regret(g, eq.exact_strategies) == [0, 0]
        assert all(sum(s) == 1 for s in eq.exact_strategies)
    for label in range(sum(g.shape)):
        eq = dt.solve.lemke_howson(g, label, exact=True)
        assert exact_regret(g, eq.exact_strategies) == [0, 0]


def test_rational_files_exist():
    assert "todd3.nfg" in rational_files()


def test_exact_equilibria_carry_fractions():
    g = dt.Game.zero_sum([[Fraction(1, 3), 0], [0, Fraction(2, 3)]], players=["R", "C"],
                         actions=[["T", "B"], ["L", "M"]])
    eq = dt.solve.lemke_howson(g, 0, exact=True)
    assert eq.exact_strategies == [[Fraction(2, 3), Fraction(1, 3)], [Fraction(2, 3), Fraction(1, 3)]]
    assert eq.exact_payoffs == [Fraction(2, 9), Fraction(-2, 9)]
    assert "2/3·T + 1/3·B" in repr(eq) and "payoffs [2/9, -2/9]" in repr(eq)
    assert "2/3" in eq._repr_html_()
    frame = eq.to_frame()
    assert frame["probability_exact"].tolist() == [Fraction(2, 3), Fraction(1, 3)] * 2
    assert frame["payoff_exact"].tolist()[0] == Fraction(2, 9)
    back = dt.Equilibrium.from_json(eq.to_json())
    assert back == eq and back.exact_strategies == eq.exact_strategies
    assert pickle.loads(pickle.dumps(eq)) == eq
    every = dt.solve.lemke_howson_all(g, exact=True)
    assert all(e.exact_strategies is not None for e in every)
    # Float methods carry no fractions.
    floats = dt.solve.lemke_howson(g, 0)
    assert floats.exact_strategies is None and floats.exact_payoffs is None
    assert "probability_exact" not in floats.to_frame()
    assert dt.solve.enumerate_all(g, exact=False)[0].exact_strategies is None


def test_cli_json_keeps_the_fractions(capsys):
    assert main(["solve", str(NFG / "todd3.nfg"), "--method", "enumerate_all", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    columns = [r["exact"]["strategies"][1] for r in results]
    assert ["4/21", "38/147", "2/7", "13/49"] in columns
    assert main(["solve", str(NFG / "todd3.nfg"), "--method", "lemke_howson", "--exact",
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert all(isinstance(p, str) for s in result["exact"]["strategies"] for p in s)
