"""Robustness of the solvers on inputs that used to make them fail: players' payoff scales
that differ by 1e9 (logit homotopy, logit QRE), Lemke-Howson labels that reach the pivot
cap while others finish, and a pivot cap that grows with the game."""

import warnings

import numpy as np
import pytest

import detente as dt


def random_444(seed: int, factor: float) -> dt.Game:
    """A random 4x4x4 game, payoffs uniform in [-1, 1), player 0's multiplied by ``factor``."""
    return dt.Game(payoffs_444(seed, factor))


def payoffs_444(seed: int, factor: float) -> np.ndarray:
    payoffs = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(4, 4, 4, 3))
    payoffs[..., 0] *= factor
    return payoffs


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("factor", [1e9, 1e-9])
def test_logit_homotopy_ignores_one_players_payoff_scale(seed: int, factor: float) -> None:
    plain = dt.solve.logit_homotopy(random_444(seed, 1.0))
    g = random_444(seed, factor)
    eq = dt.solve.logit_homotopy(g, tol=1e-9)
    flat = payoffs_444(seed, factor).reshape(-1, 3)
    # tol is relative to each player's own payoff range.
    ranges = flat.max(axis=0) - flat.min(axis=0)
    assert np.all(np.asarray(g.regret(eq.strategies)) <= 1e-9 * ranges)
    for s, t in zip(eq.strategies, plain.strategies):
        np.testing.assert_allclose(s, t, rtol=0, atol=1e-9)


def test_logit_qre_names_differing_payoff_scales() -> None:
    g = random_444(0, 1e9)
    try:
        dt.solve.logit_qre(g, [0.0, 1.0, 100.0])
    except dt.SolverError as e:
        assert "payoff scales differ by a factor of" in str(e)


def von_stengel_3x3() -> dt.Game:
    """Paths from labels 0..5 take 5, 3, 2, 5, 3, 2 pivots, all to the pure equilibrium (2, 2)."""
    return dt.Game.from_bimatrix(
        [[3, 3, 0], [4, 0, 1], [0, 4, 5]], [[3, 4, 0], [3, 0, 4], [0, 1, 5]]
    )


@pytest.mark.parametrize("exact", [False, True])
def test_lemke_howson_all_keeps_what_the_finished_labels_found(exact: bool) -> None:
    g = von_stengel_3x3()
    with pytest.warns(RuntimeWarning, match=r"label\(s\) \[0, 3\]"):
        eqs = dt.solve.lemke_howson_all(g, exact=exact, max_pivots=3)
    assert isinstance(eqs, dt.EquilibriumList)
    assert eqs.stopped_labels == [0, 3]
    assert [e.support for e in eqs] == [[[2], [2]]]
    with pytest.warns(RuntimeWarning, match=r"\[0, 1, 3, 4\]"):
        assert dt.solve.lemke_howson_all(g, max_pivots=2).stopped_labels == [0, 1, 3, 4]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        full = dt.solve.lemke_howson_all(g, exact=exact, max_pivots=5)
    assert full.stopped_labels == [] and list(full) == list(eqs)
    with pytest.raises(dt.SolverError, match="any of the 6 labels"):
        dt.solve.lemke_howson_all(g, exact=exact, max_pivots=1)


def test_the_deprecated_spelling_also_keeps_partial_results() -> None:
    g = von_stengel_3x3()
    with pytest.warns(DeprecationWarning), pytest.warns(RuntimeWarning, match=r"\[0, 3\]"):
        eqs = dt.solve.lemke_howson(g, "all", max_pivots=3)
    assert eqs.stopped_labels == [0, 3]


def test_other_equilibrium_lists_have_no_stopped_labels() -> None:
    assert dt.solve.pure(von_stengel_3x3()).stopped_labels == []


def splitmix_bimatrix(n: int, seed: int) -> dt.Game:
    """The criterion benchmark's random games: splitmix64 uniform [0, 1), A then B."""
    mask = (1 << 64) - 1
    state, values = seed, []
    for _ in range(2 * n * n):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        values.append(((z ^ (z >> 31)) >> 11) / float(1 << 53))
    v = np.array(values).reshape(2, n, n)
    return dt.Game.from_bimatrix(v[0], v[1])


def test_the_default_pivot_cap_finishes_a_long_200x200_path() -> None:
    # 208 786 pivots: above the old fixed cap of 100 000, within max(1e5, 10 (m+n)^2).
    g = splitmix_bimatrix(200, 200)
    assert dt.solve.lemke_howson(g, 0).regret <= 1e-9
    with pytest.raises(dt.SolverError, match="max_pivots = 100000"):
        dt.solve.lemke_howson(g, 0, max_pivots=100_000)
