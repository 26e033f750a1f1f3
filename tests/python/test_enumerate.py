"""detente.solve.enumerate_all against Gambit's counts, hand-derived games, and an exact
regret check written here with fractions.Fraction."""

import pickle
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import detente as dt


def exact_regret(game, strategies):
    """Each player's regret in exact arithmetic, from the payoff tensor alone: the exact
    payoffs of a game given exactly (a file's 1.131 is 1131/1000), else the floats."""
    u = game.payoffs_exact if game.payoffs_exact is not None else game.payoffs
    x, y = strategies
    m, n = game.shape
    rows = [sum(Fraction(u[i, j, 0]) * y[j] for j in range(n)) for i in range(m)]
    cols = [sum(Fraction(u[i, j, 1]) * x[i] for i in range(m)) for j in range(n)]
    value_row = sum(r * p for r, p in zip(rows, x))
    value_col = sum(c * p for c, p in zip(cols, y))
    return max(rows) - value_row, max(cols) - value_col


def check(game, result):
    exact = result.exact_strategies
    assert exact is not None and len(exact) == len(result)
    seen = set()
    for eq, strategies in zip(result, exact):
        assert all(sum(s) == 1 and min(s) >= 0 for s in strategies)
        assert exact_regret(game, strategies) == (0, 0)
        assert eq.regret <= 1e-9
        assert game.max_regret(eq.strategies) <= 1e-9
        assert eq.method == "enumerate_all"
        key = tuple(tuple(s) for s in strategies)
        assert key not in seen
        seen.add(key)
    for p in dt.solve.pure(game):
        assert any(
            all(np.array_equal(a, b) for a, b in zip(p.strategies, e.strategies)) for e in result
        )
    covered = sorted(i for c in result.components for i in c.equilibria)
    assert covered == list(range(len(result)))


@pytest.mark.parametrize(
    ("name", "count", "components"),
    [
        ("vonstengel1999_6x6_75eq.nfg", 75, 75),
        ("coord4.nfg", 15, 15),
        ("coord2.nfg", 3, 3),
        ("8x8.nfg", 5, 5),
        ("winkels.nfg", 12, 1),
        ("2x2.nfg", 1, 1),
        ("pd.nfg", 1, 1),
        ("zero.nfg", 4, 1),
        ("csg2.nfg", 4, 1),
    ],
)
def test_gambit_counts(nfg_dir, name, count, components):
    g = dt.read_nfg(nfg_dir / name)
    result = dt.solve.enumerate_all(g)
    assert len(result) == count
    assert len(result.components) == components
    check(g, result)


def test_zero_game_is_one_clique_of_four_pure_equilibria(nfg_dir):
    result = dt.solve.enumerate_all(dt.read_nfg(nfg_dir / "zero.nfg"))
    assert all(e.is_pure for e in result)
    (component,) = result.components
    assert component.cliques == [([0, 1], [0, 1])]
    assert component.equilibria == [0, 1, 2, 3]


def test_battle_of_the_sexes_exact_fractions():
    g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    result = dt.solve.enumerate_all(g)
    assert sorted(result.exact_strategies) == sorted(
        [
            [[1, 0], [1, 0]],
            [[0, 1], [0, 1]],
            [[Fraction(2, 3), Fraction(1, 3)], [Fraction(1, 3), Fraction(2, 3)]],
        ]
    )
    assert all(isinstance(p, Fraction) for eq in result.exact_strategies for s in eq for p in s)
    check(g, result)


def test_matching_pennies():
    result = dt.solve.enumerate_all(dt.Game.zero_sum([[1, -1], [-1, 1]]))
    half = Fraction(1, 2)
    assert result.exact_strategies == [[[half, half], [half, half]]]


def test_degenerate_2x2_continuum_two_segments():
    a = [[1, 1], [1, 0]]
    g = dt.Game.from_bimatrix(a, a)
    result = dt.solve.enumerate_all(g)
    assert len(result) == 3
    (component,) = result.components
    assert sorted((len(r), len(c)) for r, c in component.cliques) == [(1, 2), (2, 1)]
    # The midpoint of each segment is an equilibrium too.
    for rows, cols in component.cliques:
        strategies = result.exact_strategies
        pairs = result.vertex_pairs
        row = {pairs[k][0]: strategies[k][0] for k in range(len(result))}
        col = {pairs[k][1]: strategies[k][1] for k in range(len(result))}
        x = [sum(row[v][a] for v in rows) / len(rows) for a in range(2)]
        y = [sum(col[v][a] for v in cols) / len(cols) for a in range(2)]
        assert exact_regret(g, [x, y]) == (0, 0)


def test_list_behaviour_frame_and_pickle():
    g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=["Row", "Col"])
    result = dt.solve.enumerate_all(g)
    assert len(list(result)) == 3
    assert result[-1] == result[2] == list(result)[2]
    with pytest.raises(IndexError):
        result[3]
    assert result[1:] == [result[1], result[2]] and result[::-1][0] == result[2]
    assert result.equilibria == list(result)
    frame = result.to_frame()
    assert list(frame.columns) == [
        "equilibrium", "player", "action", "probability", "payoff", "regret",
        "component", "probability_exact", "payoff_exact",
    ]
    assert len(frame) == 3 * 2 * 2
    assert sorted(set(frame["component"])) == [0, 1, 2]
    mixed = frame[(frame["equilibrium"] == 1) & (frame["player"] == "Row")]
    assert list(mixed["probability_exact"]) == [Fraction(2, 3), Fraction(1, 3)]
    assert mixed["probability"].tolist() == [2 / 3, 1 / 3]
    back = pickle.loads(pickle.dumps(result))
    assert back == result and list(back) == list(result)
    assert back.exact_strategies == result.exact_strategies
    assert back.components == result.components
    assert back.vertex_pairs == result.vertex_pairs
    assert pickle.loads(pickle.dumps(result.components[0])) == result.components[0]
    assert "3 extreme equilibria in 3 component(s)" in repr(result)
    assert "<table>" in result._repr_html_()


def test_float_mode():
    g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    result = dt.solve.enumerate_all(g, exact=False)
    assert len(result) == 3
    assert result.exact_strategies is None
    assert all(e.regret <= 1e-12 for e in result)


def test_errors():
    three = dt.Game(np.zeros((2, 2, 2, 3)))
    with pytest.raises(dt.InvalidGameError, match="two-player"):
        dt.solve.enumerate_all(three)
    g = dt.Game.from_bimatrix(np.eye(4), np.eye(4))
    with pytest.raises(ValueError, match="max_vertices"):
        dt.solve.enumerate_all(g, max_vertices=0)
    with pytest.raises(dt.SolverError, match="max_vertices"):
        dt.solve.enumerate_all(g, max_vertices=2)


@st.composite
def degenerate_bimatrix(draw):
    """Small integer payoffs: many ties, so degenerate games."""
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    a = draw(hnp.arrays(np.float64, (m, n), elements=st.integers(-2, 2)))
    b = draw(hnp.arrays(np.float64, (m, n), elements=st.integers(-2, 2)))
    return dt.Game.from_bimatrix(a, b)


@st.composite
def generic_bimatrix(draw):
    """Continuous random payoffs from a drawn seed: nondegenerate with probability 1."""
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return dt.Game.from_bimatrix(rng.uniform(-10, 10, (m, n)), rng.uniform(-10, 10, (m, n)))


@given(degenerate_bimatrix())
def test_degenerate_games_all_results_are_equilibria(g):
    result = dt.solve.enumerate_all(g)
    check(g, result)
    # Small integer payoffs stay exact enough in floats for the tolerance to see every tie.
    floats = dt.solve.enumerate_all(g, exact=False)
    assert len(floats) == len(result)
    assert all(e.regret <= 1e-9 for e in floats)


@given(generic_bimatrix())
def test_random_games_have_an_odd_number_of_equilibria(g):
    result = dt.solve.enumerate_all(g)
    check(g, result)
    # Generic games are nondegenerate (with probability 1): Lemke-Howson's parity theorem.
    assert len(result) % 2 == 1
    assert len(dt.solve.enumerate_all(g, exact=False)) == len(result)


def test_cli_enumerate_all(nfg_dir, capsys):
    import json

    from detente.cli import main

    assert main(["solve", str(nfg_dir / "coord2.nfg"), "--method", "enumerate_all", "--json"]) == 0
    eqs = json.loads(capsys.readouterr().out)
    assert len(eqs) == 3 and all(e["method"] == "enumerate_all" for e in eqs)
    assert main(["solve", str(nfg_dir / "winkels.nfg"), "--method", "enumerate_all"]) == 0
    assert "12 extreme equilibria in 1 component" in capsys.readouterr().out
