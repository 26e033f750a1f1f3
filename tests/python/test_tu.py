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


# --- independent routines --------------------------------------------------------------------


def shapley_by_orders(g: TUGame) -> list[Fraction]:
    """Average marginal contributions over all n! orders, from the exact values."""
    n = g.num_players
    v = g.values_exact
    total = [Fraction(0)] * n
    count = 0
    for order in itertools.permutations(range(n)):
        s = 0
        for i in order:
            total[i] += v[s | 1 << i] - v[s]
            s |= 1 << i
        count += 1
    return [t / count for t in total]


def excesses(g: TUGame, x) -> list:
    """All excesses v(S) - x(S), S proper and non-empty, in decreasing order."""
    n = g.num_players
    v = g.values_exact if g.is_exact else g.values
    out = []
    for s in range(1, 2**n - 1):
        out.append(v[s] - sum(x[i] for i in range(n) if s >> i & 1))
    return sorted(out, reverse=True)


def random_int_game(rng: np.random.Generator, n: int) -> TUGame:
    v = [0] + [int(x) for x in rng.integers(-10, 21, size=2**n - 1)]
    v[-1] = max(v[-1], sum(v[1 << i] for i in range(n)) + 3)
    return TUGame(v)


# --- Shapley, Banzhaf ------------------------------------------------------------------------


def test_shapley_and_banzhaf_by_hand() -> None:
    assert glove().shapley(exact=True).tolist() == [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    assert majority3().shapley(exact=True).tolist() == [Fraction(1, 3)] * 3
    np.testing.assert_allclose(glove().shapley(), [2 / 3, 1 / 6, 1 / 6], atol=1e-14)
    assert glove().banzhaf(normalized=False, exact=True).tolist() == [
        Fraction(3, 4), Fraction(1, 4), Fraction(1, 4)]
    assert glove().banzhaf(exact=True).tolist() == [Fraction(3, 5), Fraction(1, 5), Fraction(1, 5)]
    assert majority3().banzhaf_swings().tolist() == [2.0, 2.0, 2.0]
    with pytest.raises(ValueError, match="normalized=False"):
        TUGame([0, 0, 0, 0]).banzhaf()


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_shapley_equals_the_average_over_all_orders(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(3):
        g = random_int_game(rng, n)
        exact = g.shapley(exact=True).tolist()
        assert exact == shapley_by_orders(g)
        np.testing.assert_allclose(g.shapley(), [float(x) for x in exact], atol=1e-10)


def test_shapley_axioms_hypothesis() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.given(st.integers(2, 6), st.integers(0, 2**32 - 1))
    @hypothesis.settings(max_examples=40, deadline=None)
    def check(n: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        g, h = random_int_game(rng, n), random_int_game(rng, n)
        phi = g.shapley(exact=True)
        # Efficiency.
        assert sum(phi) == g.value(2**n - 1, exact=True)
        # Additivity.
        gh = TUGame(list(g.values_exact + h.values_exact))
        assert (gh.shapley(exact=True) == phi + h.shapley(exact=True)).all()
        # Symmetry: swapping players 0 and 1 swaps their values.
        def swap(s: int) -> int:
            a, b = s & 1, s >> 1 & 1
            return (s & ~3) | (a << 1) | b
        sw = TUGame([g.values_exact[swap(s)] for s in range(2**n)])
        p2 = sw.shapley(exact=True)
        assert p2[0] == phi[1] and p2[1] == phi[0]
        # Dummy: a player who adds nothing (and is worth nothing alone) gets 0.
        d = TUGame([g.values_exact[s & ~1] for s in range(2**n)])
        assert d.shapley(exact=True)[0] == 0

    check()


def test_monte_carlo_is_reproducible_and_covers_the_exact_value() -> None:
    rng = np.random.default_rng(3)
    v = rng.random(2**8)
    v[0] = 0.0
    g = TUGame(v)
    est = g.shapley_monte_carlo(4000, seed=11)
    assert est == g.shapley_monte_carlo(4000, seed=11)
    assert est != g.shapley_monte_carlo(4000, seed=12)
    exact = g.shapley()
    z = np.abs(est.values - exact) / est.std_errors
    assert z.max() < 4.5
    assert (est.low < est.values).all() and (est.values < est.high).all()
    assert est.samples == 4000 and est.seed == 11 and est.method == "shapley_monte_carlo"
    assert list(est.to_frame().columns) == ["player", "value", "std_error", "low", "high"]
    assert pickle.loads(pickle.dumps(est)) == est
    with pytest.raises(ValueError, match="samples"):
        g.shapley_monte_carlo(1)
    with pytest.raises(TypeError):
        g.shapley_monte_carlo(10, seed="x")


def test_monte_carlo_does_not_depend_on_the_thread_count() -> None:
    import subprocess
    import sys

    code = (
        "import detente as dt, numpy as np\n"
        "v = np.random.default_rng(5).random(2**10); v[0] = 0\n"
        "print(dt.TUGame(v).shapley_monte_carlo(3000, seed=9).values.tolist())\n"
    )
    outs = set()
    for threads in ("1", "2"):
        env = dict(__import__("os").environ, RAYON_NUM_THREADS=threads)
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                text=True, check=True).stdout)
    assert len(outs) == 1


# --- core, least core, nucleolus -------------------------------------------------------------


def test_nucleolus_by_hand() -> None:
    nu = glove().nucleolus()
    assert nu.certified and nu.allocation_exact.tolist() == [1, 0, 0]
    assert majority3().nucleolus(exact=True).allocation_exact.tolist() == [Fraction(1, 3)] * 3
    g = TUGame({(0, 1): 10, (0, 1, 2): 2}, default=0)
    assert g.nucleolus().allocation_exact.tolist() == [1, 1, 0]
    assert g.prenucleolus().allocation_exact.tolist() == [3, 3, -4]
    # Degenerate first stage: v(12) = v(N) = 1. The optimal face of stage 1 is
    # {x3 = 0, x1 + x2 = 1}; its vertices make {2}, {13} (or {1}, {23}) tight too, and fixing
    # them would give (1, 0, 0). The nucleolus is (1/2, 1/2, 0).
    d = TUGame({(0, 1): 1, (0, 1, 2): 1}, default=0)
    assert d.nucleolus().allocation_exact.tolist() == [Fraction(1, 2), Fraction(1, 2), 0]
    levels = d.nucleolus().levels
    assert levels[0]["excess_exact"] == 0
    assert set(levels[0]["coalitions"]) == {("P1", "P2"), ("P3",)}


def check_kohlberg(g: TUGame, nu, imputation: bool) -> None:
    """The certificate, checked here: at every level given, the weights are positive on
    every coalition at or above it and add up (with the bound weights) to all ones, and the
    levels are the game's excesses at the allocation."""
    n = g.num_players
    x = nu.allocation_exact
    names = g.players
    assert sum(x) == g.value(2**n - 1, exact=True)
    seen = []
    for level in nu.levels:
        seen += level["coalitions"]
        for c in level["coalitions"]:
            s = sum(1 << names.index(p) for p in c)
            assert g.value(s, exact=True) - sum(x[names.index(p)] for p in c) == level["excess_exact"]
        if level["weights"]:
            assert set(level["weights"]) == set(seen)
            assert all(w > 0 for w in level["weights"].values())
            assert all(w >= 0 for w in level["bound_weights"].values())
            for i, p in enumerate(names):
                total = sum(w for c, w in level["weights"].items() if p in c)
                total += level["bound_weights"].get(p, 0)
                assert total == 1
            if imputation:
                for p in level["bound_weights"]:
                    i = names.index(p)
                    assert x[i] == g.value([i], exact=True)
    # The levels given reach full rank.
    rows = np.array([[1.0 if p in c else 0.0 for p in names] for c in seen])
    assert np.linalg.matrix_rank(rows) == n
    top = excesses(g, x)[0]
    assert nu.levels[0]["excess_exact"] == top


def brute_nucleolus_check(g: TUGame, x, steps: int) -> None:
    """No imputation of a rational grid has a lexicographically smaller excess vector."""
    n = g.num_players
    low = [g.value([i], exact=True) for i in range(n)]
    surplus = g.value(2**n - 1, exact=True) - sum(low)
    best = excesses(g, x)
    for parts in itertools.product(range(steps + 1), repeat=n - 1):
        if sum(parts) > steps:
            continue
        k = list(parts) + [steps - sum(parts)]
        y = [low[i] + surplus * Fraction(k[i], steps) for i in range(n)]
        assert excesses(g, y) >= best


@pytest.mark.parametrize("n", [3, 4])
def test_nucleolus_against_kohlberg_and_a_grid(n: int) -> None:
    rng = np.random.default_rng(100 + n)
    for _ in range(4):
        g = random_int_game(rng, n)
        nu = g.nucleolus(exact=True)
        assert nu.certified
        check_kohlberg(g, nu, True)
        brute_nucleolus_check(g, nu.allocation_exact, 18 if n == 3 else 8)
        pre = g.prenucleolus(exact=True)
        check_kohlberg(g, pre, False)


def test_core_properties_hypothesis() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.given(st.integers(2, 5), st.integers(0, 2**32 - 1))
    @hypothesis.settings(max_examples=30, deadline=None)
    def check(n: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        g = random_int_game(rng, n)
        lc = g.least_core(exact=True)
        point = g.core_point(exact=True)
        assert (point is None) == g.is_core_empty() == (lc.epsilon_exact > 0)
        nu = g.nucleolus(exact=True).allocation_exact
        if point is not None:
            # The core point satisfies every constraint, and the nucleolus lies in the core.
            for y in (point, nu):
                assert max(excesses(g, y)) <= 0
                assert sum(y) == g.value(2**n - 1, exact=True)
        # The least-core value is the largest excess at the least-core point.
        assert max(excesses(g, lc.allocation_exact)) == lc.epsilon_exact
        if n <= 4:
            for vtx in g.core_vertices(exact=True):
                assert max(excesses(g, vtx)) <= 0

    check()


def test_core_vertices_by_hand() -> None:
    assert glove().core_vertices(exact=True).tolist() == [[1, 0, 0]]
    assert majority3().core_vertices().shape == (0, 3)
    sq = TUGame(lambda s: len(s) ** 2, players=3)
    v = sq.core_vertices()
    assert sorted(map(tuple, v.tolist())) == sorted(itertools.permutations([1.0, 3.0, 5.0]))
    with pytest.raises(ValueError, match="limited to 6 players"):
        TUGame(lambda s: 0, players=7).core_vertices()


def test_properties_and_violations() -> None:
    m = majority3()
    assert m.is_superadditive() and m.is_simple() and m.is_monotone() and m.is_essential()
    assert not m.is_convex()
    assert m.violation("convex") is not None
    assert m.violation("superadditive") is None
    g = TUGame([0, 1, 1, 1.5], players=["a", "b"])
    assert g.violation("superadditive") == (("a",), ("b",))
    assert TUGame([0, 1, 0, 0.5], players=["a", "b"]).violation("monotone") == (("a",), ("b",))
    assert TUGame([0, 0, 0, 2]).violation("simple") == (("P1", "P2"),)
    with pytest.raises(ValueError, match="prop must be"):
        m.violation("pretty")
    assert TUGame([0, Fraction(1, 3), Fraction(2, 3), 1]).is_convex()


def test_results_have_the_common_face() -> None:
    nu = glove().nucleolus()
    assert "certified" in repr(nu) and nu.players == ["L", "R1", "R2"]
    f = nu.to_frame()
    assert list(f.columns) == ["player", "payoff", "payoff_exact"]
    assert pickle.loads(pickle.dumps(nu)) == nu
    assert type(nu).from_json(nu.to_json()) == nu
    lc = majority3().least_core()
    assert pickle.loads(pickle.dumps(lc)) == lc and "<table>" in lc._repr_html_()
    with pytest.raises(ValueError):
        dt.coalition.LeastCore.from_json('{"epsilon": 1.0}')


def test_empty_imputation_set_is_explained() -> None:
    g = TUGame([0, 2, 2, 3])
    with pytest.raises(ValueError, match="prenucleolus"):
        g.nucleolus()
    assert g.prenucleolus().allocation_exact.tolist() == [Fraction(3, 2), Fraction(3, 2)]


def test_n20_float_game_is_solved_and_certified() -> None:
    rng = np.random.default_rng(20)
    n = 18
    sizes = np.array([bin(s).count("1") for s in range(2**n)])
    v = rng.random(2**n) * sizes
    v[0], v[-1] = 0.0, float(n)
    g = TUGame(v)
    nu = g.nucleolus()
    assert nu.certified and nu.allocation_exact is None
    assert abs(nu.allocation.sum() - n) < 1e-9
    np.testing.assert_allclose(g.shapley().sum(), n)


def test_myerson_on_star_and_complete_graphs() -> None:
    m = majority3()
    star = m.myerson([(0, 1), (0, 2)], exact=True).tolist()
    assert star == [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    adjacency = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]])
    assert m.myerson(adjacency, exact=True).tolist() == star
    named = TUGame(lambda s: int(len(s) >= 2), players=["hub", "a", "b"])
    assert named.myerson([("hub", "a"), ("hub", "b")], exact=True).tolist() == star
    assert (m.myerson(np.ones((3, 3)) - np.eye(3), exact=True) == m.shapley(exact=True)).all()
    q3 = TUGame(lambda s: int(len(s) >= 3), players=4)
    assert q3.myerson([(0, 1), (0, 2), (0, 3)], exact=True).tolist() == [
        Fraction(1, 2), Fraction(1, 6), Fraction(1, 6), Fraction(1, 6)]
    assert m.graph_restricted([(0, 1), (0, 2)]).value([1, 2]) == 0.0
    with pytest.raises(ValueError, match="out of range"):
        m.myerson([(0, 5)])
    with pytest.raises(ValueError, match="pair"):
        m.myerson([(0, 1, 2)])


def test_scale_does_not_matter_and_overflow_is_refused() -> None:
    tiny = TUGame([0, 1e-300, 1e-300, 3e-300])
    nu = tiny.nucleolus()
    assert nu.certified
    np.testing.assert_allclose(nu.allocation, [1.5e-300, 1.5e-300], rtol=1e-12)
    t = TUGame([0, Fraction(1, 10**12), 0, Fraction(3, 10**12)])
    assert t.nucleolus(exact=True).allocation_exact.tolist() == [
        Fraction(2, 10**12), Fraction(1, 10**12)]
    big = TUGame([0, 1e308, -1e308, 1e308, 1e308, 1e308, 1e308, 1.7e308])
    for call in (big.shapley, big.banzhaf, lambda: big.shapley_monte_carlo(100)):
        with pytest.raises(ValueError, match="rescale"):
            call()
    assert big.is_core_empty() in (True, False)


def test_long_checks_stop_on_ctrl_c() -> None:
    import os
    import signal
    import threading
    import time

    sizes = np.array([bin(s).count("1") for s in range(2**20)], dtype=float)
    g = TUGame(sizes**2)
    threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        g.is_superadditive()  # 3**20 pairs: minutes without the stop
    assert time.perf_counter() - start < 10


def test_monte_carlo_from_a_function_for_large_games() -> None:
    sample = dt.coalition.shapley_monte_carlo
    # 101-member majority: efficiency holds sample by sample, symmetry on average.
    est = sample(lambda s: len(s) >= 51, 101, 300, seed=4)
    assert est.values.shape == (101,) and abs(est.values.sum() - 1) < 1e-9
    assert est == sample(lambda s: len(s) >= 51, 101, 300, seed=4)
    # The same orders as TUGame.shapley_monte_carlo, hence the same estimate.
    g = TUGame(lambda s: len(s) ** 2 + (3 if 0 in s else 0), players=5)
    f = sample(lambda s: len(s) ** 2 + (3 if 0 in s else 0), 5, 500, seed=8)
    np.testing.assert_allclose(f.values, g.shapley_monte_carlo(500, seed=8).values, atol=1e-12)
    named = sample(lambda s: float("hub" in s), ["hub", "a"], 50, seed=1)
    assert named.players == ["hub", "a"] and named.values.tolist() == [1.0, 0.0]
    with pytest.raises(ZeroDivisionError):
        sample(lambda s: 1 / 0, 3, 10)
    with pytest.raises(ValueError, match="finite"):
        sample(lambda s: float("nan"), 3, 10)
    with pytest.raises(ValueError, match="must be a number"):
        sample(lambda s: "x", 3, 10)
    with pytest.raises(TypeError):
        sample(lambda s: [], 3, 10)
