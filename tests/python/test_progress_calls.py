"""Progress bars on long calls (tournament, enumerate_all, network_formation, moran,
lemke_howson_all): with ``progress=True`` the bar's final count is the total derived by hand,
with ``False`` or automatically under pytest nothing is printed, results do not depend on the
bar, and Ctrl-C still stops a call that shows one."""

import os
import re
import signal
import sys
import threading
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import detente as dt
from detente import strategies as S

PD = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
BOS = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
HONOURED_WITHIN = 20.0


@pytest.fixture(autouse=True)
def _no_switches(monkeypatch):
    monkeypatch.delenv("DETENTE_PROGRESS", raising=False)
    monkeypatch.delenv("CI", raising=False)


def _final(err, unit):
    """The last ``done/total`` (or, without a total, ``done unit``) a text bar printed."""
    pairs = re.findall(r"(\d+)/(\d+)", err)
    if pairs:
        return tuple(int(x) for x in pairs[-1])
    counts = re.findall(r": (\d+) " + unit + r" \[", err)
    assert counts, err
    return int(counts[-1]), None


def _field(k):
    library = [S.tit_for_tat, S.defect, S.cooperate, S.grim_trigger, S.win_stay_lose_shift]
    return [library[i % len(library)]() for i in range(k)]


def _binomial(n, k):
    from math import comb

    return comb(n, k)


# ---------------------------------------------------------------------------------------------
# Tournaments: one unit per match (group of strategies × repetition; one seating each in a
# symmetric game).


def test_tournament_bar_counts_every_match(capfd):
    dt.tournament(_field(3), PD, turns=10, repetitions=20, progress=True)
    out, err = capfd.readouterr()
    assert out == ""
    assert "tournament" in err and "matches" in err
    # 3 strategies with self-play: C(4, 2) = 6 groups, 20 repetitions.
    assert _final(err, "matches") == (120, 120)


@given(st.integers(2, 5), st.integers(1, 4), st.booleans())
@settings(max_examples=15)
def test_tournament_bar_total_is_the_binomial(k, reps, self_play):
    from io import StringIO

    sink, previous = StringIO(), sys.stderr
    sys.stderr = sink
    try:
        dt.tournament(
            _field(k), PD, turns=3, repetitions=reps, self_play=self_play, progress=True
        )
    finally:
        sys.stderr = previous
    groups = _binomial(k + 1, 2) if self_play else _binomial(k, 2)
    assert _final(sink.getvalue(), "matches") == (groups * reps, groups * reps)


@pytest.mark.parametrize("progress", [False, None])
def test_tournament_prints_nothing_without_a_bar(capfd, progress):
    dt.tournament(_field(3), PD, turns=10, progress=progress)
    assert capfd.readouterr() == ("", "")


def test_tournament_positional_progress_still_works(capfd):
    # ``progress`` keeps its old position (10th) for callers who passed it positionally.
    dt.tournament(_field(2), PD, 5, 2, 0.0, 0, None, None, True, True)
    assert _final(capfd.readouterr().err, "matches") == (6, 6)


def test_tournament_results_do_not_depend_on_the_bar(capfd):
    kw = dict(turns=30, repetitions=5, noise=0.1, seed=3)
    shown = dt.tournament(_field(4), PD, progress=True, **kw)
    hidden = dt.tournament(_field(4), PD, progress=False, **kw)
    auto = dt.tournament(_field(4), PD, **kw)
    assert shown == hidden == auto
    assert shown.to_json() == hidden.to_json()


def test_the_environment_switch_turns_the_automatic_bar_on(capfd, monkeypatch):
    monkeypatch.setenv("DETENTE_PROGRESS", "1")
    dt.tournament(_field(2), PD, turns=5, repetitions=2)
    assert _final(capfd.readouterr().err, "matches") == (6, 6)
    monkeypatch.setenv("DETENTE_PROGRESS", "0")
    dt.tournament(_field(2), PD, turns=5, repetitions=2, progress=None)
    assert capfd.readouterr() == ("", "")


def test_the_automatic_bar_waits_before_it_appears(capfd, monkeypatch):
    from detente import _progress

    # An interactive session, as in Jupyter or a terminal: the automatic rule shows bars...
    monkeypatch.setattr(_progress, "_stderr_is_terminal", lambda: True)
    monkeypatch.setattr(_progress, "_in_ci", lambda: False)
    # ...but not for a call shorter than the delay (a 2x2 game in a notebook draws nothing),
    monkeypatch.setattr(_progress, "AUTO_DELAY", 60.0)
    dt.solve.enumerate_all(BOS)
    dt.tournament(_field(2), PD, turns=5, repetitions=2)
    assert capfd.readouterr() == ("", "")
    # while a call that outlasts it does get one; one asked for appears at once.
    monkeypatch.setattr(_progress, "AUTO_DELAY", 0.0)
    dt.tournament(_field(2), PD, turns=5, repetitions=2)
    assert _final(capfd.readouterr().err, "matches") == (6, 6)
    monkeypatch.setattr(_progress, "AUTO_DELAY", 60.0)
    dt.tournament(_field(2), PD, turns=5, repetitions=2, progress=True)
    assert _final(capfd.readouterr().err, "matches") == (6, 6)


@pytest.mark.parametrize("bad", ["yes", 1, 0.0])
def test_a_bad_progress_value_is_refused(bad):
    with pytest.raises(TypeError, match="progress must be True"):
        dt.tournament(_field(2), PD, turns=5, progress=bad)
    with pytest.raises(TypeError, match="progress must be True"):
        dt.solve.enumerate_all(BOS, progress=bad)
    with pytest.raises(TypeError, match="progress must be True"):
        dt.solve.lemke_howson(BOS, 0, progress=bad)


def test_a_bar_that_fails_does_not_fail_the_call(capfd, monkeypatch):
    from detente import _progress

    def broken(self, n=1):
        raise RuntimeError("the bar broke")

    seen = []
    monkeypatch.setattr(_progress._Bar, "update", broken)
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_value))
    t = dt.tournament(_field(3), PD, turns=10, progress=True)
    assert t == dt.tournament(_field(3), PD, turns=10, progress=False)
    assert len(seen) == 1 and "the bar broke" in str(seen[0])


# ---------------------------------------------------------------------------------------------
# Ctrl-C with a bar on.


@pytest.fixture
def _ctrl_c_raises():
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("_ctrl_c_raises")
def test_ctrl_c_stops_a_long_tournament_with_a_bar(capfd):
    # About 2.5e10 turns: far longer than the test allows.
    field = [S.random(p / 60) for p in range(1, 51)]
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        dt.tournament(field, PD, turns=10**6, repetitions=20, progress=True)
    elapsed = time.perf_counter() - start
    timer.join()
    assert elapsed < HONOURED_WITHIN, f"took {elapsed:.1f} s to honour Ctrl-C"
    err = capfd.readouterr().err
    # The bar was drawn, closed where the work stopped, short of its total.
    done, total = _final(err, "matches")
    assert total == _binomial(51, 2) * 20 and done < total
    assert err.endswith("\n")
    # The next call runs normally.
    assert dt.tournament(_field(2), PD, turns=5, progress=False).ranking


def test_a_handler_that_does_not_raise_lets_a_call_with_a_bar_finish(capfd):
    seen = []
    previous = signal.signal(signal.SIGINT, lambda *_: seen.append(1))
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    try:
        timer.start()
        t = dt.tournament(_field(5), PD, turns=20_000, repetitions=20, progress=True)
        timer.join()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [1]
    assert _final(capfd.readouterr().err, "matches") == (300, 300)
    assert t.ranking


# ---------------------------------------------------------------------------------------------
# The other calls.


def test_enumeration_bar_counts_the_bases(capfd):
    # Battle of the sexes, exactly: both best-response polytopes are simple rectangles (4
    # bases each), and exact mode searches one of them; the number is not known in advance,
    # so the bar has no total.
    shown = dt.solve.enumerate_all(BOS, progress=True)
    err = capfd.readouterr().err
    assert "enumerate_all" in err
    assert _final(err, "bases") == (4, None)
    assert "%" not in err
    assert shown == dt.solve.enumerate_all(BOS, progress=False)
    assert shown == dt.solve.enumerate_all(BOS)
    assert capfd.readouterr() == ("", "")


def test_float_enumeration_results_do_not_depend_on_the_bar(capfd):
    g = dt.testing.random_game((6, 6), seed=5)
    shown = dt.solve.enumerate_all(g, exact=False, progress=True)
    assert shown == dt.solve.enumerate_all(g, exact=False)
    assert _final(capfd.readouterr().err, "bases")[0] > 0


def test_lemke_howson_bar_counts_the_labels(capfd):
    g = dt.testing.random_game((3, 5), seed=2)
    shown = dt.solve.lemke_howson_all(g, progress=True)
    err = capfd.readouterr().err
    assert "lemke_howson_all" in err
    assert _final(err, "labels") == (8, 8)
    assert list(shown) == list(dt.solve.lemke_howson_all(g, progress=False))
    with pytest.warns(DeprecationWarning):
        old = dt.solve.lemke_howson(g, "all", progress=True)
    assert list(old) == list(shown)
    assert _final(capfd.readouterr().err, "labels") == (8, 8)
    # One path: no bar.
    dt.solve.lemke_howson(g, 0, progress=True)
    assert capfd.readouterr() == ("", "")


def test_network_bar_counts_every_graph_per_pass(capfd):
    majority = dt.TUGame(lambda s: int(len(s) >= 2), players=3)
    shown = dt.coalition.network_formation(majority, link_cost=Fraction(1, 10), progress=True)
    err = capfd.readouterr().err
    assert "network_formation" in err
    # 3 players: 2**3 graphs, a pass for their Myerson values and one to classify them.
    assert _final(err, "graphs") == (16, 16)
    assert shown == dt.coalition.network_formation(majority, link_cost=Fraction(1, 10))

    def value(edges):
        return [sum(1 for e in edges if i in e) - Fraction(1, 2) * len(edges) for i in range(4)]

    shown = dt.coalition.pairwise_stable(value, players=4, progress=True)
    assert _final(capfd.readouterr().err, "graphs") == (128, 128)
    assert shown == dt.coalition.pairwise_stable(value, players=4, progress=False)
    dt.coalition.pairwise_nash_stable(value, players=4)
    assert capfd.readouterr() == ("", "")


def test_moran_bar_counts_pairs_or_runs(capfd):
    m = [[3.0, 0.0], [5.0, 1.0]]
    shown = dt.repeated.moran(m, population=10, intensity=0.2, progress=True)
    assert _final(capfd.readouterr().err, "pairs") == (4, 4)
    np.testing.assert_array_equal(shown, dt.repeated.moran(m, population=10, intensity=0.2))
    exact = dt.repeated.moran([[3, 0], [5, 1]], population=3, intensity=0.5, progress=True)
    assert _final(capfd.readouterr().err, "pairs") == (4, 4)
    assert exact[1, 0] == Fraction(48, 73)
    simulated = dt.repeated.moran(m, 10, 0.2, method="simulate", trials=3000, progress=True)
    assert _final(capfd.readouterr().err, "runs") == (4 * 3000, 4 * 3000)
    np.testing.assert_array_equal(
        simulated, dt.repeated.moran(m, 10, 0.2, method="simulate", trials=3000)
    )
    assert capfd.readouterr() == ("", "")


@pytest.mark.usefixtures("_ctrl_c_raises")
def test_ctrl_c_stops_a_network_check_whose_value_function_is_python(capfd):
    # The value function runs on the worker (taking the GIL per graph) while the calling
    # thread draws the bar and watches for Ctrl-C.
    def value(edges):
        time.sleep(0.0005)
        return [sum(1 for e in edges if i in e) - Fraction(1, 2) * len(edges) for i in range(6)]

    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        dt.coalition.network_formation(value, players=6, progress=True)
    elapsed = time.perf_counter() - start
    timer.join()
    assert elapsed < HONOURED_WITHIN
    done, total = _final(capfd.readouterr().err, "graphs")
    assert total == 2 * 2**15 and done < 2**15


def test_a_bar_from_another_thread(capfd):
    # Only the main thread runs signal handlers; a call from another thread still draws.
    results = []
    worker = threading.Thread(
        target=lambda: results.append(dt.tournament(_field(3), PD, turns=10, progress=True))
    )
    worker.start()
    worker.join()
    assert results[0] == dt.tournament(_field(3), PD, turns=10, progress=False)
    assert _final(capfd.readouterr().err, "matches") == (120, 120)
