"""detente.solve.zero_sum from Python: hand-derived values and strategies, and on random
matrices what each strategy guarantees recomputed here with numpy (the value is what the row
strategy secures and what the column strategy concedes); errors, pickling, JSON, the CLI."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import detente as dt
from strategies import check_cli_method, check_round_trips, solve_or_refuse, tolerance


def check_zero_sum(a, s, tol=1e-9):
    a = np.asarray(a, dtype=float)
    x, y = s.strategies
    for p in (x, y):
        assert np.all((p >= 0) & (p <= 1)) and abs(p.sum() - 1) <= 1e-12
    assert abs(s.value - (x @ a).min()) <= tol  # what x guarantees
    assert abs(s.value - (a @ y).max()) <= tol  # what y concedes
    assert s.regret <= tol and s.equilibrium.regret == s.regret


def test_matching_pennies_from_a_matrix():
    s = dt.solve.zero_sum([[1, -1], [-1, 1]])
    check_zero_sum([[1, -1], [-1, 1]], s)
    assert abs(s.value) <= 1e-12
    np.testing.assert_allclose(s.strategies, [[0.5, 0.5], [0.5, 0.5]], atol=1e-12)
    assert isinstance(s.equilibrium, dt.Equilibrium) and s.equilibrium.method == "zero_sum"


def test_rock_paper_scissors_from_a_game():
    a = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    g = dt.Game.zero_sum(a, actions=[["R", "P", "S"], ["R", "P", "S"]])
    s = dt.solve.zero_sum(g)
    check_zero_sum(a, s)
    np.testing.assert_allclose(s.strategies, np.full((2, 3), 1 / 3), atol=1e-12)
    assert "R" in repr(s) and s.equilibrium.actions[0] == ["R", "P", "S"]


def test_saddle_point():
    # Row minima 1, 2; column maxima 2, 5: saddle at (row 1, column 0), value 2.
    s = dt.solve.zero_sum(np.array([[1.0, 5.0], [2.0, 3.0]]))
    assert s.value == 2.0
    assert [p.tolist() for p in s.strategies] == [[0.0, 1.0], [1.0, 0.0]]


def test_oneill(nfg_dir):
    # x = y = (0.4, 0.2, 0.2, 0.2) equalise every row and column at -0.2 (checked below from
    # the matrix itself); the game's matrix is nonsingular, so that is the unique equilibrium.
    g = dt.read_nfg(nfg_dir / "oneill.nfg")
    a = g.payoffs[..., 0]
    p = np.array([0.4, 0.2, 0.2, 0.2])
    np.testing.assert_allclose(p @ a, -0.2, atol=1e-15)
    np.testing.assert_allclose(a @ p, -0.2, atol=1e-15)
    s = dt.solve.zero_sum(g)
    check_zero_sum(a, s)
    assert abs(s.value + 0.2) <= 1e-9
    np.testing.assert_allclose(s.strategies, [p, p], atol=1e-9)


def test_csg2_constant_sum_continuum(nfg_dir):
    g = dt.read_nfg(nfg_dir / "csg2.nfg")
    s = dt.solve.zero_sum(g)
    check_zero_sum(g.payoffs[..., 0], s)
    assert abs(s.value) <= 1e-9


def test_non_square_single_row_and_constant():
    # Column 2 gives the row player 5 whatever happens: the column player never uses it.
    s = dt.solve.zero_sum([[1, -1, 5], [-1, 1, 5]])
    np.testing.assert_allclose(s.strategies[1], [0.5, 0.5, 0.0], atol=1e-12)
    s = dt.solve.zero_sum([[3, 1, 2]])
    assert s.value == 1.0 and s.strategies[1].tolist() == [0.0, 1.0, 0.0]
    s = dt.solve.zero_sum(np.full((3, 2), 4.0))
    assert s.value == 4.0 and s.regret == 0.0


def test_constant_sum_game():
    a = np.array([[3.0, -1.0], [-2.0, 4.0]])
    s = dt.solve.zero_sum(dt.Game.from_bimatrix(a, 10 - a))
    # p·3 - 2(1-p) = -p + 4(1-p) at p = 0.6: value 1 to the row player, 9 to the column player.
    assert abs(s.value - 1) <= 1e-12
    np.testing.assert_allclose(s.equilibrium.payoffs, [1, 9], atol=1e-12)


def test_zero_sum_errors():
    pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(dt.InvalidGameError, match="zero_sum needs a two-player constant-sum game"):
        dt.solve.zero_sum(pd)
    with pytest.raises(dt.InvalidGameError, match="2-dimensional"):
        dt.solve.zero_sum([1, 2, 3])
    with pytest.raises(TypeError):
        dt.solve.zero_sum([["a", "b"]])


@given(
    hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=2, max_dims=2, max_side=6),
        elements=st.one_of(st.integers(-2, 2).map(float), st.floats(-10, 10, allow_nan=False)),
    )
)
def test_zero_sum_property(a):
    s = solve_or_refuse(a, dt.solve.zero_sum, a)
    if s is not None:
        check_zero_sum(a, s, tolerance(a))


def test_result_pickles_and_json():
    check_round_trips(dt.solve.zero_sum([[1, -1], [-1, 1]]))


def test_cli(nfg_dir, solve_cli):
    check_cli_method(solve_cli, nfg_dir / "oneill.nfg", "zero_sum")


def test_cli_refuses_a_three_player_game(nfg_dir, solve_cli):
    code, _, err = solve_cli(nfg_dir / "nau2004_sec6.nfg", "zero_sum")
    assert code == 2
    assert "two-player" in err
