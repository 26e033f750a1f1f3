"""Network formation: detente.coalition.pairwise_stable / pairwise_nash_stable against
hand-derived answers and a naive brute force written here."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt


def connections(n, delta, cost):
    def u(edges):
        adj = {i: set() for i in range(n)}
        for i, j in edges:
            adj[i].add(j)
            adj[j].add(i)
        out = []
        for i in range(n):
            dist, queue = {i: 0}, [i]
            for a in queue:
                for b in adj[a]:
                    if b not in dist:
                        dist[b] = dist[a] + 1
                        queue.append(b)
            out.append(sum(delta ** k for j, k in dist.items() if j != i) - cost * len(adj[i]))
        return out

    return u


def naive(n, u):
    pairs = list(itertools.combinations(range(n), 2))
    ps, pns = set(), set()
    for r in range(len(pairs) + 1):
        for g in itertools.combinations(pairs, r):
            g = set(g)
            ug = u(sorted(g))
            ok = True
            for i, j in pairs:
                h = sorted(g ^ {(i, j)})
                uh = u(h)
                if (i, j) in g:
                    ok &= uh[i] <= ug[i] and uh[j] <= ug[j]
                else:
                    ok &= not (uh[i] >= ug[i] and uh[j] >= ug[j] and (uh[i] > ug[i] or uh[j] > ug[j]))
            if not ok:
                continue
            ps.add(tuple(sorted(g)))
            nash = all(
                u(sorted(g - set(cut)))[i] <= ug[i]
                for i in range(n)
                for k in range(1, n)
                for cut in itertools.combinations([e for e in g if i in e], k)
            )
            if nash:
                pns.add(tuple(sorted(g)))
    return ps, pns


def as_sets(result):
    return {tuple(sorted((int(a[1:]) - 1, int(b[1:]) - 1) for a, b in e)) for e, _ in result}


def test_connections_model_three_players_hand_derived():
    # delta = 1/2, delta - delta^2 = 1/4: complete iff c <= 1/4, lines iff 1/4 <= c <= 1/2.
    lines = {((0, 1), (0, 2)), ((0, 1), (1, 2)), ((0, 2), (1, 2))}
    complete = {((0, 1), (0, 2), (1, 2))}
    for c, want in [
        (F(1, 8), complete),
        (F(1, 4), complete | lines),
        (F(3, 8), lines),
        (F(1, 2), lines | {()}),
        (F(3, 4), {()}),
    ]:
        got = dt.coalition.pairwise_stable(connections(3, F(1, 2), 0), link_cost=c, players=3)
        assert as_sets(got) == want
    got = dt.coalition.pairwise_stable(connections(3, F(1, 2), 0), link_cost=F(3, 8), players=3)
    assert sorted(got[0][1]) == [F(1, 4), F(3, 8), F(3, 8)]


@settings(max_examples=20, deadline=None)
@given(
    n=st.integers(2, 4),
    delta=st.fractions(F(1, 10), F(9, 10)),
    cost=st.fractions(0, F(3, 2)),
)
def test_connections_model_matches_naive(n, delta, cost):
    u = connections(n, delta, cost)
    ps, pns = naive(n, u)
    assert as_sets(dt.coalition.pairwise_stable(u, players=n)) == ps
    assert as_sets(dt.coalition.pairwise_nash_stable(u, players=n)) == pns


def test_myerson_majority_game():
    majority = dt.TUGame(lambda s: int(len(s) >= 2), players=3)
    got = dt.coalition.pairwise_stable(majority, link_cost=F(1, 12))
    assert [len(e) for e, _ in got] == [3]
    assert got[0][1] == [F(1, 6)] * 3


def test_bad_input():
    with pytest.raises(ValueError, match="players"):
        dt.coalition.pairwise_stable(lambda e: [0, 0])
    with pytest.raises(ValueError, match="n is"):
        dt.coalition.pairwise_stable(lambda e: [0] * 7, players=7)
    with pytest.raises(ValueError, match="one per player"):
        dt.coalition.pairwise_stable(lambda e: [0], players=3)
    with pytest.raises(TypeError):
        dt.coalition.pairwise_stable(3, players=3)
    majority = dt.TUGame(lambda s: int(len(s) >= 2), players=3)
    with pytest.raises(ValueError, match="3 players"):
        dt.coalition.pairwise_stable(majority, players=["a", "b"])
    with pytest.raises(ValueError, match="3 players"):
        dt.coalition.pairwise_stable(majority, players=2)
    with pytest.raises(ValueError, match="repeated"):
        dt.coalition.pairwise_stable(lambda e: [0, 0], players=["a", "a"])
    with pytest.raises(ZeroDivisionError):
        dt.coalition.pairwise_stable(lambda e: [1 / 0, 0], players=2)


def test_result_face_and_list_compatibility():
    import pickle

    majority = dt.TUGame(lambda s: int(len(s) >= 2), players=["H", "A", "B"])
    stable = dt.coalition.pairwise_stable(majority, link_cost=F(1, 12))
    # Still a list of (edges, payoffs).
    assert isinstance(stable, list)
    assert stable == [([("H", "A"), ("H", "B"), ("A", "B")], [F(1, 6)] * 3)]
    assert stable[0][1] == [F(1, 6)] * 3 and len(stable) == 1
    # And the face of the whole check.
    r = stable.result
    assert isinstance(r, dt.NetworkStability) and r.method == "network_formation"
    # Efficient (hand-derived): any graph with a link is worth v(N) = 1 in total, less 2c
    # per link, so the three single links, total 1 - 2/12 = 5/6.
    assert r.counts == {"graphs": 8, "pairwise_stable": 1, "pairwise_nash_stable": 1, "efficient": 3}
    assert r.max_total == F(5, 6) and stable.max_total == r.max_total
    assert sorted(len(e) for e, _ in r.efficient) == [1, 1, 1]
    assert all(sum(u) == r.max_total for _, u in r.efficient)
    assert pickle.loads(pickle.dumps(r)) == r
    assert pickle.loads(pickle.dumps(stable)) == stable
    assert dt.NetworkStability.from_json(r.to_json()) == r
    df = stable.to_frame()
    assert list(df.columns) == ["graph", "edges", "pairwise_stable", "pairwise_nash_stable", "efficient",
                                "player", "payoff", "payoff_exact"]
    assert "pairwise stable: 1" in repr(r) and "<table>" in stable._repr_html_()
    with pytest.raises(ValueError):
        dt.NetworkStability.from_json(r.to_json().replace('"num_graphs":8', '"num_graphs":9'))


def test_efficient_graphs_match_brute_force():
    for n, c in [(3, F(1, 8)), (3, F(3, 8)), (4, F(1, 4))]:
        u = connections(n, F(1, 2), c)
        pairs = list(itertools.combinations(range(n), 2))
        totals = {g: sum(u(list(g))) for r in range(len(pairs) + 1) for g in itertools.combinations(pairs, r)}
        best = max(totals.values())
        result = dt.coalition.network_formation(u, players=n)
        assert result.max_total == best
        assert as_sets(result.efficient) == {g for g, t in totals.items() if t == best}


def test_labels_callable():
    majority = dt.TUGame(lambda s: int(len(s) >= 2), players=3)
    r = dt.coalition.network_formation(majority, F(1, 12), labels=lambda e: f"{len(e)} links")
    assert r.structures == ["3 links"]
    assert "structure" in r.to_frame().columns
    with pytest.raises(TypeError):
        dt.coalition.network_formation(majority, labels=3)
    with pytest.raises(ZeroDivisionError):
        dt.coalition.network_formation(majority, labels=lambda e: 1 / 0)


def test_seven_players_callable_refused_before_allocating():
    with pytest.raises(ValueError, match="MiB"):
        dt.coalition.pairwise_stable(lambda e: [0] * 7, players=7)
    with pytest.raises(ValueError, match="n is 8"):
        dt.coalition.pairwise_stable(dt.TUGame(lambda s: len(s), players=8))


def test_ctrl_c_stops_seven_players():
    import os
    import signal
    import threading
    import time

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        g = dt.TUGame(lambda s: len(s) ** 2, players=7)
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        start = time.perf_counter()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            dt.coalition.network_formation(g, link_cost=F(1, 3))
        timer.join()
        assert time.perf_counter() - start < 20
    finally:
        signal.signal(signal.SIGINT, previous)
