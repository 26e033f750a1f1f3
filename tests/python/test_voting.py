"""Voting games from Python: hand-derived and published values, an independent brute force
in pure Python (every coalition), exact fractions, the result face and bad input."""

from __future__ import annotations

import itertools
import math
import pickle
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt


def brute_force(n: int, wins) -> tuple[list[Fraction], list[int], Fraction]:
    """Shapley-Shubik, raw Banzhaf swings and the win probability by enumerating every
    coalition: a swing of player i for S (i not in S) counts k!(n-1-k)!/n! with k = |S|."""
    ss = [Fraction(0)] * n
    swings = [0] * n
    winning = 0
    for mask in range(1 << n):
        members = {j for j in range(n) if mask >> j & 1}
        if wins(members):
            winning += 1
        for i in range(n):
            if i in members:
                continue
            if not wins(members) and wins(members | {i}):
                k = len(members)
                swings[i] += 1
                ss[i] += Fraction(math.factorial(k) * math.factorial(n - 1 - k), math.factorial(n))
    return ss, swings, Fraction(winning, 1 << n)


def test_hand_derived_values():
    g = dt.WeightedVotingGame(5, [4, 2, 1], players=["A", "B", "C"])
    assert list(g.shapley_shubik(exact=True)) == [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    assert g.banzhaf_swings() == [3, 1, 1]
    assert list(g.banzhaf(exact=True)) == [Fraction(3, 5), Fraction(1, 5), Fraction(1, 5)]
    assert list(g.banzhaf(False, exact=True)) == [Fraction(3, 4), Fraction(1, 4), Fraction(1, 4)]
    assert g.veto_players() == ["A"]
    assert g.minimal_winning_coalitions() == [["A", "B"], ["A", "C"]]
    assert list(g.holler(exact=True)) == [Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]
    assert list(g.deegan_packel(exact=True)) == [Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]
    assert list(g.johnston(exact=True)) == [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    assert g.win_probability(exact=True) == Fraction(3, 8)
    assert g.win_probability() == 0.375
    assert g.is_winning(["A", "C"]) and not g.is_winning([1, 2])
    # Quota 4 makes A a dictator: B and C are dummies.
    d = dt.WeightedVotingGame(4, [4, 2, 1], players=["A", "B", "C"])
    assert list(d.shapley_shubik(exact=True)) == [1, 0, 0]
    assert d.dummy_players() == ["B", "C"]
    assert g.quota == 5 and g.weights == [4, 2, 1]


def test_un_security_council_published_values():
    unsc = dt.VotingGame.un_security_council()
    members = set(range(15))
    ref_ss, ref_swings, _ = brute_force(15, lambda s: len(s) >= 9 and {0, 1, 2, 3, 4} <= s)
    assert ref_ss[0] == Fraction(421, 2145) and ref_ss[5] == Fraction(4, 2145)
    assert ref_swings[0] == 848 and ref_swings[5] == 84
    ss = unsc.shapley_shubik(exact=True)
    assert list(ss) == ref_ss
    assert ss["China"] == Fraction(421, 2145)
    assert unsc.banzhaf_swings() == ref_swings
    assert unsc.veto_players() == ["China", "France", "Russia", "United Kingdom", "United States"]
    assert len(unsc.minimal_winning_coalitions()) == 210
    assert len(members) == 15
    # The same rule composed by hand.
    nine = dt.WeightedVotingGame(9, [1] * 15)
    p5 = dt.WeightedVotingGame(5, [1] * 5 + [0] * 10)
    assert list(dt.VotingGame.all_of([nine, p5]).shapley_shubik(exact=True)) == ref_ss
    assert list(nine.with_veto([0, 1, 2, 3, 4]).shapley_shubik(exact=True)) == ref_ss


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 9), min_size=2, max_size=8),
    st.lists(st.integers(0, 9), min_size=8, max_size=8),
    st.integers(1, 100),
    st.integers(1, 100),
    st.sampled_from(["single", "all_of", "any_of"]),
)
def test_exact_indices_equal_brute_force(w1, w2, pct1, pct2, how):
    n = len(w1)
    w1 = [x + (1 if i == 0 else 0) for i, x in enumerate(w1)]
    w2 = [x + (1 if i == n - 1 else 0) for i, x in enumerate(w2[:n])]
    q1 = max(1, math.ceil(sum(w1) * pct1 / 100))
    q2 = max(1, math.ceil(sum(w2) * pct2 / 100))
    a, b = dt.WeightedVotingGame(q1, w1), dt.WeightedVotingGame(q2, w2)

    def wa(s):
        return sum(w1[j] for j in s) >= q1

    def wb(s):
        return sum(w2[j] for j in s) >= q2

    if how == "single":
        game, wins = a, wa
    elif how == "all_of":
        game, wins = dt.VotingGame.all_of([a, b]), lambda s: wa(s) and wb(s)
    else:
        game, wins = dt.VotingGame.any_of([a, b]), lambda s: wa(s) or wb(s)
    ss, swings, p = brute_force(n, wins)
    assert list(game.shapley_shubik(exact=True)) == ss
    assert sum(ss) == 1
    assert game.banzhaf_swings() == swings
    assert game.win_probability(exact=True) == p
    assert np.allclose(game.shapley_shubik().values, [float(x) for x in ss])
    for name in game.dummy_players():
        assert game.shapley_shubik()[name] == 0


def shapley_shubik_by_orderings(n: int, wins) -> list[Fraction]:
    """Shapley-Shubik by its definition: the share of the n! orders of arrival in which each
    player turns the coalition before it from losing into winning."""
    pivots = [0] * n
    orders = 0
    for order in itertools.permutations(range(n)):
        orders += 1
        before: set[int] = set()
        for i in order:
            if not wins(before) and wins(before | {i}):
                pivots[i] += 1
            before.add(i)
    return [Fraction(c, orders) for c in pivots]


@st.composite
def weights_and_quota(draw, max_n: int = 10) -> tuple[list[int], int]:
    """Weights with many repeats and zeros; quotas at the edges (1, the total, half the total
    and one more, the total less the smallest positive weight) or anywhere between."""
    weight = st.one_of(st.sampled_from([0, 1, 2, 3]), st.integers(0, 20))
    w = draw(st.lists(weight, min_size=1, max_size=max_n))
    if not any(w):
        w[0] = 1
    total = sum(w)
    least = min(x for x in w if x > 0)
    quota = draw(
        st.one_of(
            st.sampled_from([1, total, max(1, total // 2), total // 2 + 1, total - least + 1]),
            st.integers(1, total),
        )
    )
    return w, min(max(quota, 1), total)


@given(weights_and_quota(), st.sampled_from(["single", "all_of", "any_of"]), st.data())
def test_weighted_edge_cases_equal_enumeration(wq, how, data):
    w, quota = wq
    n = len(w)
    game = dt.WeightedVotingGame(quota, w)

    def wins(s):
        return sum(w[j] for j in s) >= quota

    if how != "single":
        v = data.draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
        if not any(v):
            v[0] = 1
        qv = data.draw(st.integers(1, sum(v)))
        other = dt.WeightedVotingGame(qv, v)

        def wins_v(s):
            return sum(v[j] for j in s) >= qv

        if how == "all_of":
            game, rule = dt.VotingGame.all_of([game, other]), lambda s: wins(s) and wins_v(s)
        else:
            game, rule = dt.VotingGame.any_of([game, other]), lambda s: wins(s) or wins_v(s)
    else:
        rule = wins
    ss, swings, p = brute_force(n, rule)
    assert list(game.shapley_shubik(exact=True)) == ss
    if n <= 6:
        assert shapley_shubik_by_orderings(n, rule) == ss
    assert game.banzhaf_swings() == swings
    total = sum(swings)
    assert list(game.banzhaf(exact=True)) == [Fraction(s, total) if total else 0 for s in swings]
    absolute = [Fraction(s, 2 ** (n - 1)) for s in swings]
    assert list(game.banzhaf(normalized=False, exact=True)) == absolute
    assert game.win_probability(exact=True) == p
    if how == "single":
        assert all(ss[i] == 0 and swings[i] == 0 for i in range(n) if w[i] == 0)


def plain_shapley_shubik(quota: int, weights: list[int], i: int) -> Fraction:
    """Player i's Shapley-Shubik index by a plain big-integer count of the others' coalitions
    by (size, weight) (no division, no complements, no sharing between players)."""
    n = len(weights)
    others = weights[:i] + weights[i + 1 :]
    f = [[0] * quota for _ in range(n)]  # f[k][s]: coalitions of size k and weight s < quota
    f[0][0] = 1
    for j, x in enumerate(others):
        for k in range(j + 1, 0, -1):
            row, prev = f[k], f[k - 1]
            for s in range(quota - 1, x - 1, -1):
                row[s] += prev[s - x]
    lo = max(0, quota - weights[i])
    num = sum(sum(f[k][lo:quota]) * math.factorial(k) * math.factorial(n - 1 - k) for k in range(n))
    return Fraction(num, math.factorial(n))


def test_more_than_128_players_against_plain_big_integers():
    # 135 members (counts above 2^128: three machine words), weights 0, 1, 2 with many
    # repeats, a simple majority: each distinct weight's index by a plain count without it.
    w = [(i * i + 3 * i) % 7 % 3 for i in range(135)]
    total = sum(w)
    quota = total // 2 + 1
    g = dt.WeightedVotingGame(quota, w)
    ss = list(g.shapley_shubik(exact=True))
    assert sum(ss) == 1
    assert max(g.banzhaf_swings()) > 2**128
    for x in sorted(set(w)):
        i = w.index(x)
        assert ss[i] == plain_shapley_shubik(quota, w, i), x
        assert all(ss[j] == ss[i] for j in range(135) if w[j] == x)
    assert ss[w.index(0)] == 0 < ss[w.index(1)] < ss[w.index(2)]


def test_large_exact_and_efficient():
    rng = np.random.default_rng(5)
    w = [int(x) for x in np.maximum(1, rng.pareto(1.2, 190) * 5).astype(int)]
    g = dt.WeightedVotingGame(sum(w) // 2 + 1, w)
    ss = g.shapley_shubik(exact=True)
    assert sum(ss) == 1
    swings = g.banzhaf_swings()
    assert max(swings) > 2**64  # Python ints of any size
    assert all(isinstance(s, int) for s in swings)


def test_result_face():
    g = dt.WeightedVotingGame(5, [4, 2, 1], players=["A", "B", "C"])
    r = g.shapley_shubik()
    assert r.method == "shapley_shubik"
    assert repr(r) == "PowerIndices(shapley_shubik: A 2/3, B 1/6, C 1/6)"
    assert np.asarray(r).shape == (3,) and len(r) == 3
    assert r["A"] == pytest.approx(2 / 3) and r[-1] == pytest.approx(1 / 6)
    assert r.to_dict()["B"] == pytest.approx(1 / 6)
    assert r.exact == [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    df = r.to_frame()
    assert list(df.columns) == ["player", "power", "power_exact"]
    assert df.power_exact.tolist() == [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    assert "<table" in r._repr_html_()
    assert pickle.loads(pickle.dumps(r)) == r
    assert dt.PowerIndices.from_json(r.to_json()) == r
    with pytest.raises(KeyError):
        r["Z"]
    with pytest.raises(ValueError):
        dt.PowerIndices.from_json(r.to_json().replace("0.6666666666666666", "2.5"))


def test_eu_council_blocking_clause():
    # 27 members, one of them with most of the population: 24 small members pass by the
    # blocking-minority clause, 23 do not.
    pop = [1000] + [1] * 26
    eu = dt.VotingGame.eu_council(pop)
    assert eu.is_winning(list(range(3, 27)))
    assert not eu.is_winning(list(range(4, 27)))
    assert sum(eu.shapley_shubik(exact=True)) == 1


def test_bad_input():
    with pytest.raises(ValueError, match=r"weights\[1\].*non-negative"):
        dt.WeightedVotingGame(1, [1, -1])
    with pytest.raises(ValueError, match="quota"):
        dt.WeightedVotingGame(10, [1, 2])
    with pytest.raises(ValueError, match="quota"):
        dt.WeightedVotingGame(0, [1, 2])
    with pytest.raises(ValueError, match="finite"):
        dt.WeightedVotingGame(1, [1, float("nan")])
    with pytest.raises(ValueError, match="finite"):
        dt.WeightedVotingGame(float("inf"), [1, 2])
    with pytest.raises(TypeError):
        dt.WeightedVotingGame(1, [True, 1])
    with pytest.raises(ValueError, match="players"):
        dt.VotingGame.all_of([dt.WeightedVotingGame(1, [1, 1]), dt.WeightedVotingGame(1, [1])])
    with pytest.raises(ValueError, match="repeats"):
        dt.WeightedVotingGame(1, [1, 1], players=["x", "x"])
    with pytest.raises(ValueError, match="not a player"):
        dt.WeightedVotingGame(1, [1, 1]).is_winning(["Q"])
    with pytest.raises(ValueError, match="20 players"):
        dt.WeightedVotingGame(30, [1] * 30).johnston()
    with pytest.raises(ValueError, match="max_count"):
        dt.WeightedVotingGame(15, [1] * 30).minimal_winning_coalitions(max_count=10)
    # Exact rationals and huge ints are kept exactly.
    g = dt.WeightedVotingGame(Fraction(1, 2), [Fraction(1, 3)] * 3)
    assert list(g.shapley_shubik(exact=True)) == [Fraction(1, 3)] * 3
    assert dt.WeightedVotingGame(10**30, [10**30, 10**30]).banzhaf_swings() == [1, 1]
    with pytest.raises(ValueError, match="round them"):
        dt.WeightedVotingGame(10**30, [10**30, 1])


def test_games_pickle_and_compare():
    g = dt.WeightedVotingGame(Fraction(5, 2), [2, 1, 1], players=["A", "B", "C"])
    back = pickle.loads(pickle.dumps(g))
    assert type(back) is dt.WeightedVotingGame and back == g and back.players == ["A", "B", "C"]
    unsc = dt.VotingGame.un_security_council()
    assert pickle.loads(pickle.dumps(unsc)) == unsc
    assert dt.VotingGame.from_json(unsc.to_json()) == unsc
    forged = unsc.to_json().replace('"int_quota":9', '"int_quota":1')
    assert dt.VotingGame.from_json(forged) == unsc  # integer forms are rebuilt, not trusted
    with pytest.raises(ValueError):
        dt.VotingGame.from_json(unsc.to_json().replace('"E1"', '"E2"'))
    assert "all_of" in unsc.rule and "VotingGame(15 players" in repr(unsc)
    assert repr(g).startswith("WeightedVotingGame([5/2; 2, 1, 1]")


def test_to_tu_game():
    unsc = dt.VotingGame.un_security_council()
    tu = unsc.to_tu_game()
    assert isinstance(tu, dt.TUGame)
    assert tu.players == unsc.players
    values = tu.values
    for mask in range(0, 1 << 15, 7):
        members = [j for j in range(15) if mask >> j & 1]
        assert values[mask] == (1.0 if unsc.is_winning(members) else 0.0)
    with pytest.raises(ValueError):
        dt.WeightedVotingGame(20, [1] * 40).to_tu_game()


def test_hostile_sizes_are_refused_not_allocated():
    # EU populations in persons: the exact table would take gigabytes; refused with advice.
    persons = [83_203_320, 67_842_582, 59_607_184] + [10_000_003 + 7919 * i for i in range(24)]
    eu = dt.VotingGame.eu_council(persons)
    with pytest.raises(ValueError, match="round"):
        eu.shapley_shubik()
    # A huge list of minimal winning coalitions: refused by count or by total size.
    big = dt.WeightedVotingGame(100, [1] * 200)
    with pytest.raises(ValueError, match="max_count|too many"):
        big.minimal_winning_coalitions(max_count=1000)
    with pytest.raises(ValueError):
        dt.WeightedVotingGame(1, [])
    with pytest.raises(TypeError):
        dt.WeightedVotingGame(1, "abc")
    with pytest.raises(ValueError, match="players has 1 names"):
        dt.WeightedVotingGame(1, [1, 1], players=["a"])
    # More players than the counters hold: a clear refusal.
    with pytest.raises(ValueError, match="1022 players"):
        dt.WeightedVotingGame(1000, [1] * 1500).banzhaf_swings()


def test_unsc_indices_hand_derived_and_against_coopgame():
    unsc = dt.VotingGame.un_security_council()
    # 210 minimal winning coalitions of 9 members: P5 in all, each elected member in C(9, 3).
    assert list(unsc.deegan_packel(exact=True))[:6] == [Fraction(1, 9)] * 5 + [Fraction(2, 45)]
    assert list(unsc.holler(exact=True))[:6] == [Fraction(1, 9)] * 5 + [Fraction(2, 45)]
    coopgame = pytest.importorskip("coopgame")
    values = [
        1.0 if bin(m).count("1") >= 9 and m & 0b11111 == 0b11111 else 0.0
        for m in range(1, 1 << 15)
    ]
    theirs = coopgame.power_indices(coopgame.Game(values))
    assert theirs["swings"] == unsc.banzhaf_swings()
    assert np.allclose(theirs["johnston"], unsc.johnston().values)
    assert np.allclose(theirs["deegan_packel"], unsc.deegan_packel().values)
    assert np.allclose(theirs["public_good"], unsc.holler().values)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 7).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.sets(st.integers(0, n - 1), min_size=1), min_size=1, max_size=6),
            st.sets(st.integers(0, n - 1), max_size=2),
        )
    )
)
def test_minimal_winning_lists_and_vetoes_equal_brute_force(case):
    n, coalitions, vetoes = case
    players = [f"v{i}" for i in range(n)]
    game = dt.VotingGame.from_minimal_winning([sorted(c) for c in coalitions], players=players)
    if vetoes:
        game = game.with_veto(sorted(vetoes))

    def wins(s):
        return any(c <= s for c in coalitions) and set(vetoes) <= s

    ss, swings, p = brute_force(n, wins)
    assert list(game.shapley_shubik(exact=True)) == ss
    assert game.banzhaf_swings() == swings
    assert game.win_probability(exact=True) == p
    # The minimal winning coalitions are exactly the minimal sets that win.
    winning = [frozenset(j for j in range(n) if m >> j & 1) for m in range(1 << n)]
    winning = [s for s in winning if wins(set(s))]
    minimal = {s for s in winning if not any(t < s for t in winning)}
    found = {frozenset(players.index(x) for x in c) for c in game.minimal_winning_coalitions()}
    assert found == minimal
    assert game.veto_players() == [players[i] for i in range(n) if all(i in s for s in winning)]
