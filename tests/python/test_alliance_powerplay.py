"""M6, powerplay: the specification's closed forms for n = 2..6 spokes computed here (a
Myerson value written here: components by search, Shapley by enumerating every order),
pairwise stability against a brute force written here over random small games
(hypothesis), the headline example and its phase boundaries, the model protocol and the
result face, and hostile parameters."""

from __future__ import annotations

import itertools
import math
import pickle
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt

Powerplay = dt.alliance.Powerplay


def components(s, edges):
    s, seen, out = set(s), set(), []
    for start in sorted(s):
        if start in seen:
            continue
        comp, stack = set(), [start]
        seen.add(start)
        while stack:
            a = stack.pop()
            comp.add(a)
            for x, y in edges:
                for p, o in ((x, y), (y, x)):
                    if p == a and o in s and o not in seen:
                        seen.add(o)
                        stack.append(o)
        out.append(frozenset(comp))
    return out


def myerson(n, v, edges):
    """Shapley value of the graph-restricted game, by enumerating every order."""
    def vg(s):
        return sum((v(c) for c in components(s, edges)), F(0))

    total = [F(0)] * n
    for order in itertools.permutations(range(n)):
        before = []
        for p in order:
            total[p] += vg(before + [p]) - vg(before)
            before.append(p)
    return [t / math.factorial(n) for t in total]


def weighted(quota, weights):
    return lambda s: F(int(sum(weights[i] for i in s) >= quota))


def apex(n):
    return weighted(n, [n - 1] + [1] * n)


def star(n):
    return [(0, j) for j in range(1, n + 1)]


def complete(n):
    return list(itertools.combinations(range(n + 1), 2))


@pytest.mark.parametrize("n", range(2, 7))
def test_star_and_complete_closed_forms(n):
    m = Powerplay(spokes=n)
    assert m.myerson("star", exact=True) == [F(n, n + 1)] + [F(1, n * (n + 1))] * n
    assert m.myerson("complete", exact=True) == [F(n - 1, n + 1)] + [F(2, n * (n + 1))] * n
    if n <= 5:
        assert m.myerson(star(n), exact=True) == myerson(n + 1, apex(n), star(n))
        assert m.myerson(complete(n), exact=True) == myerson(n + 1, apex(n), complete(n))
    # The complete graph gives the Shapley-Shubik index of the apex game.
    ss = dt.WeightedVotingGame(n, [n - 1] + [1] * n).shapley_shubik(exact=True)
    assert m.myerson("complete", exact=True) == list(ss)
    c = m.closed_forms(exact=True)
    assert c["star"] == m.myerson("star", exact=True)
    assert c["star_max_link_cost"] == F(1, n * (n + 1))


@pytest.mark.parametrize("n", range(3, 7))
def test_a_spoke_link_added_to_the_star_changes_nothing(n):
    m = Powerplay(spokes=n)
    base = m.myerson("star", exact=True)
    for i, j in itertools.combinations(range(1, n + 1), 2):
        g = star(n) + [(i, j)]
        assert m.myerson(g, exact=True) == base
        if n <= 4:
            assert myerson(n + 1, apex(n), g) == base


@pytest.mark.parametrize("n", range(3, 7))
def test_star_is_pairwise_stable_iff_f_at_most_bound(n):
    bound = F(1, n * (n + 1))
    for r in (0, F(1, 100), 1):
        for f, stable in ((0, True), (bound / 2, True), (bound, True), (bound * F(101, 100), False)):
            m = Powerplay(spokes=n, link_cost=f, rivalry=r)
            assert m.is_pairwise_stable("star") is stable, (n, f, r)
            if n == 3:
                listed = any(sorted(e) == [("Hub", f"Spoke {j}") for j in range(1, 4)]
                             for e, _ in m.stability().pairwise_stable)
                assert listed is stable


def test_seven_players_every_graph():
    # 2^21 graphs: the star at the bound f = 1/42 is listed, with its exact net payoffs.
    m = Powerplay(spokes=6, link_cost=F(1, 42), rivalry=1)
    s = m.stability()
    assert s.counts["graphs"] == 2 ** 21
    stars = [u for e, u in s.pairwise_stable if len(e) == 6 and all(a == "Hub" for a, _ in e)]
    assert stars == [[F(6, 7) - 6 * F(1, 42)] + [F(1, 42) - F(1, 42)] * 6]
    assert "hub_and_spokes" in s.structures


def test_two_spokes_star_also_needs_rivalry_one_sixth():
    for f, r, stable in ((0, F(1, 6), True), (F(1, 6), F(1, 6), True), (F(1, 10), 1, True),
                         (F(1, 10), F(4, 25), False), (0, 0, False), (F(17, 100), 1, False)):
        m = Powerplay(link_cost=f, rivalry=r)
        assert m.is_pairwise_stable("star") is stable, (f, r)
        assert ("hub_and_spokes" in m.stable_structures()) is stable, (f, r)


def test_symmetric_k_quota_star():
    for n in range(2, 7):
        for k in range(2, n + 2):
            m = Powerplay("weighted", quota=k, weights=[1] * (n + 1))
            assert m.myerson("star", exact=True)[0] == F(n + 2 - k, n + 1)
            if n <= 3:
                assert m.myerson("star", exact=True) == myerson(n + 1, weighted(k, [1] * (n + 1)), star(n))


def test_headline_example_and_phase_boundaries():
    m = Powerplay("majority")
    assert m.myerson("star", exact=True) == [F(2, 3), F(1, 6), F(1, 6)]
    assert m.myerson("complete", exact=True) == [F(1, 3)] * 3
    regions = [[0, 0.05, 0.1, 0.16], [0.17, 0.3, 0.49], [0.51, 0.9, 3]]
    seen = {}
    for a, fs in enumerate(regions):
        for b, rs in enumerate(regions):
            df = m.phase_diagram(fs, rs)
            sets = {tuple(sorted(g.edges)) for _, g in df.groupby(["link_cost", "rivalry"])}
            assert len(sets) == 1, (fs, rs, sets)
            seen[a, b] = sets.pop()
    for a in range(3):
        assert any(seen[a, b] != seen[a, b + 1] for b in range(2))
        assert any(seen[b, a] != seen[b + 1, a] for b in range(2))
    assert seen[0, 0] == ("{Hub-Spoke 1, Hub-Spoke 2, Spoke 1-Spoke 2}",)
    assert seen[0, 2] == ("{Hub-Spoke 1, Hub-Spoke 2}",)
    assert seen[2, 2] == ("{}",)
    # The hub's share halves when the web replaces the star.
    df = m.phase_diagram([0.1], [0, 1])
    assert list(df.structure) == ["multilateral", "hub_and_spokes"]
    assert list(df.hub_payoff_exact) == [F(1, 3) - 2 * F(1, 10), F(2, 3) - 2 * F(1, 10)]
    # On a line several graphs tie.
    assert len(m.phase_diagram([F(1, 6)], [1])) >= 2


def naive_stable(n, v, cost):
    pairs = list(itertools.combinations(range(n), 2))

    cache = {}

    def u(g):
        key = frozenset(g)
        if key not in cache:
            y = myerson(n, v, sorted(g))
            for i, j in g:
                y[i] -= cost(i, j)
                y[j] -= cost(i, j)
            cache[key] = y
        return cache[key]

    out = set()
    for r in range(len(pairs) + 1):
        for g in map(set, itertools.combinations(pairs, r)):
            ug, ok = u(g), True
            for i, j in pairs:
                uh = u(g ^ {(i, j)})
                if (i, j) in g:
                    ok &= uh[i] <= ug[i] and uh[j] <= ug[j]
                else:
                    ok &= not (uh[i] >= ug[i] and uh[j] >= ug[j] and (uh[i] > ug[i] or uh[j] > ug[j]))
            if ok:
                out.add(tuple(sorted(g)))
    return out


@settings(max_examples=25, deadline=None)
@given(
    spokes=st.integers(1, 3),
    values=st.lists(st.fractions(-2, 3, max_denominator=6), min_size=16, max_size=16),
    f=st.fractions(0, 1, max_denominator=8),
    r=st.fractions(0, 1, max_denominator=8),
)
def test_pairwise_stability_matches_brute_force(spokes, values, f, r):
    n = spokes + 1
    vals = [F(0)] + values[1 : 2**n]
    m = Powerplay("custom", values=vals, link_cost=f, rivalry=r)

    def v(s):
        return vals[sum(1 << i for i in s)]

    want = naive_stable(n, v, lambda i, j: f if i == 0 else r)
    s = m.stability()
    got = {tuple(sorted((m.names.index(a), m.names.index(b)) for a, b in e)) for e, _ in s.pairwise_stable}
    assert got == want
    assert s.counts["pairwise_stable"] == len(want)
    for g in want:
        assert m.is_pairwise_stable(list(g))


def test_protocol_face_and_exactness():
    m = Powerplay(spokes=3, link_cost=F(1, 20), rivalry=[[0, 1, 0], [1, 0, "0.5"], [0, 0.5, 0]],
                  names=["US", "Japan", "Korea", "Taiwan"])
    assert Powerplay.from_params(m.params()) == m
    assert Powerplay.from_json(m.to_json()) == m
    assert pickle.loads(pickle.dumps(m)) == m and hash(m) == hash(pickle.loads(pickle.dumps(m)))
    assert "Powerplay(spokes=3" in repr(m) and "link_cost" in m._repr_html_()
    assert m.param_info()["rivalry"]["range"].startswith("a number >= 0")
    assert m.net_payoffs("star", exact=True)[0] == F(3, 4) - 3 * F(1, 20)
    s = m.stability()
    assert pickle.loads(pickle.dumps(s)) == s
    df = s.to_frame()
    assert {"graph", "edges", "structure", "player", "payoff", "payoff_exact"} <= set(df.columns)
    assert set(df.player) <= set(m.names)
    assert "hub_and_spokes" in repr(s) or "pairwise stable" in repr(s)
    assert m.regime() in {"unilateral", "multilateral", "hub_and_spokes", "lilliputian_bloc", "bilateral", "other"}
    fixed = Powerplay(spokes=3, network=[(0, 1), (0, 2), (0, 3)])
    assert fixed.regime() == "hub_and_spokes" and fixed.network == [(0, 1), (0, 2), (0, 3)]
    assert fixed.myerson(exact=True) == [F(3, 4), F(1, 12), F(1, 12), F(1, 12)]
    g = Powerplay().game()
    assert g.payoffs.shape == (4, 4, 4, 3)
    # Every pairwise Nash stable structure is supported by a pure equilibrium of game().
    eqs = dt.solve.pure(Powerplay(link_cost=0.1, rivalry=1).game())
    assert any(e.describe_strategies() == ["{Spoke 1, Spoke 2}", "{Hub}", "{Hub}"] for e in eqs)


def test_game_objects_as_input():
    wv = dt.WeightedVotingGame(2, [1, 1, 1], players=["H", "A", "B"])
    m = Powerplay(wv)
    assert m.names == ["H", "A", "B"] and m.params()["game"] == "weighted"
    assert m.myerson("star", exact=True) == [F(2, 3), F(1, 6), F(1, 6)]
    tu = dt.TUGame({(0, 1): 1, (0, 2): 1, (1, 2): 1, (0, 1, 2): 1}, default=0)
    assert Powerplay(tu).myerson("star", exact=True) == [F(2, 3), F(1, 6), F(1, 6)]
    thirds = dt.TUGame([0, 0, 0, F(1, 3), 0, F(1, 3), F(1, 3), 1])
    assert Powerplay(thirds).myerson("complete", exact=True) == [F(1, 3)] * 3


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"link_cost": -0.1}, "link_cost"),
        ({"link_cost": float("nan")}, "link_cost"),
        ({"rivalry": -1}, "rivalry"),
        ({"rivalry": float("nan")}, "rivalry"),
        ({"rivalry": [[0, 1, 2]]}, "rivalry"),
        ({"rivalry": [[0, 1], [2, 0]]}, "symmetric"),
        ({"rivalry": [[float("nan"), 1], [1, 0]]}, "rivalry"),
        ({"spokes": 7}, "spokes"),
        ({"spokes": 0}, "spokes"),
        ({"spokes": 2.5}, "spokes"),
        ({"game": "oligarchy"}, "game"),
        ({"network": [(0, 5)]}, "network"),
        ({"network": [(1, 1)]}, "network"),
        ({"names": ["A", "A", "B"]}, "names"),
        ({"game": "custom", "values": [0] * 256}, "spokes"),
        ({"game": "custom", "values": [1, 0, 0, 0]}, "values"),
        ({"game": "weighted", "quota": 2, "weights": [1, -1, 1]}, "weights"),
        ({"game": "weighted", "quota": 2}, "weights"),
        ({"weights": [1, 1, 1]}, "weights"),
    ],
)
def test_hostile_parameters_raise_value_errors_naming_them(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Powerplay(**kwargs)


def test_hostile_calls():
    m = Powerplay()
    with pytest.raises(TypeError):
        Powerplay(game=3.5)
    with pytest.raises(ValueError, match="network"):
        m.myerson()
    with pytest.raises(ValueError, match="out of range"):
        m.myerson([(0, 9)])
    with pytest.raises(TypeError):
        m.myerson(42)
    with pytest.raises(ValueError, match="link_costs"):
        m.phase_diagram([-1], [0])
    with pytest.raises(ValueError, match="rivalries"):
        m.phase_diagram([0], [float("inf")])
    with pytest.raises(ValueError, match="10000"):
        m.phase_diagram([0.0] * 101, [0.0] * 100)
    with pytest.raises(ValueError, match="closed forms"):
        Powerplay("weighted", quota=3, weights=[1, 1, 1, 1]).closed_forms()
    with pytest.raises(ValueError, match="link-announcement"):
        Powerplay(spokes=5).game()
