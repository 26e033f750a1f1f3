"""detente.tournament, detente.repeated.moran and replicator: hand-derived scores, the result
face, reproducibility, noise statistics, the Moran closed form, and hostile inputs."""

import math
import pickle
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt

S = dt.strategies
PD = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def test_tit_for_tat_against_always_defect_by_hand():
    t = dt.tournament({"TFT": S.tit_for_tat(), "ALLD": S.defect()}, PD, turns=200, repetitions=4)
    assert t.payoff_matrix[0, 1] == pytest.approx((0 + 199 * 1) / 200, abs=1e-12)
    assert t.payoff_matrix[1, 0] == pytest.approx((5 + 199 * 1) / 200, abs=1e-12)
    assert t.payoff_matrix[0, 0] == pytest.approx(3.0)
    assert t.scores.shape == (2, 4)
    assert t.ranking == ["ALLD", "TFT"]
    assert t.wins == [0, 4]
    assert t.cooperation_rate[0] == pytest.approx(1 / 200)


def test_win_stay_lose_shift_against_suspicious_tit_for_tat_cycles():
    # (C,D), (D,C), (D,D) again and again: 6 points per cycle to each; 66 cycles, then
    # (C,D), (D,C): 401 points over 200 turns.
    t = dt.tournament([S.win_stay_lose_shift(), S.suspicious_tit_for_tat()], PD, repetitions=1)
    assert t.payoff_matrix[0, 1] == pytest.approx(401 / 200)
    assert t.payoff_matrix[1, 0] == pytest.approx(401 / 200)


def test_the_result_face():
    field = [S.tit_for_tat(), S.defect(), S.cooperate(), S.random(0.5), S.generous_tit_for_tat()]
    t = dt.tournament(field, PD, turns=50, repetitions=5, noise=0.05, seed=3)
    assert t.names == [
        "tit_for_tat",
        "defect",
        "cooperate",
        "random(1/2)",
        "generous_tit_for_tat(1/3)",
    ]
    frame = t.to_frame()
    assert list(frame.columns) == [
        "rank",
        "strategy",
        "median_score",
        "mean_score",
        "wins",
        "cooperation_rate",
    ]
    assert list(frame["strategy"]) == t.ranking
    assert list(frame["rank"]) == [1, 2, 3, 4, 5]
    assert np.allclose(frame["mean_score"], t.mean_scores[t.ranked_indices])
    assert np.allclose(t.median_scores, np.median(t.scores, axis=1))
    pairs = t.pairwise_frame()
    assert len(pairs) == 25
    assert "Tournament(5 strategies" in repr(t)
    assert "<table>" in t._repr_html_()
    assert pickle.loads(pickle.dumps(t)) == t
    assert dt.Tournament.from_json(t.to_json()) == t
    forged = t.to_json().replace('"ranking":[', '"ranking":[0,')
    with pytest.raises(ValueError):
        dt.Tournament.from_json(forged)
    # Scores are the means of the off-diagonal payoffs per repetition; over repetitions
    # their mean is the row mean of the off-diagonal payoff matrix.
    off = t.payoff_matrix.copy()
    np.fill_diagonal(off, 0)
    assert np.allclose(t.mean_scores, off.sum(axis=1) / 4)


def test_results_are_reproducible_and_depend_on_the_seed():
    field = [S.random(0.3), S.tit_for_tat(), S.win_stay_lose_shift()]
    a = dt.tournament(field, PD, turns=100, repetitions=5, noise=0.1, seed=9)
    b = dt.tournament(field, PD, turns=100, repetitions=5, noise=0.1, seed=9)
    c = dt.tournament(field, PD, turns=100, repetitions=5, noise=0.1, seed=10)
    assert a == b
    assert not np.array_equal(a.scores, c.scores)


def test_noise_flips_actions_at_the_given_rate():
    # Two always-cooperators (one written as a memory-one vector): every D is a flip.
    noise, turns, reps = 0.05, 1000, 40
    t = dt.tournament(
        [S.cooperate(), S.memory_one(1, 1, 1, 1)],
        PD,
        turns=turns,
        repetitions=reps,
        noise=noise,
        self_play=False,
    )
    n = turns * reps
    sd = math.sqrt(n * noise * (1 - noise))
    for rate in t.cooperation_rate:
        assert abs((1 - rate) * n - n * noise) <= 5 * sd


def test_discounted_and_randomly_ended_matches():
    t = dt.tournament([S.tit_for_tat(), S.defect()], PD, turns=30, repetitions=1, discount=0.5)
    w = 0.5 ** np.arange(30)
    assert t.payoff_matrix[0, 1] == pytest.approx(w[1:].sum() / w.sum(), abs=1e-12)
    p = 0.8
    t = dt.tournament(
        [S.cooperate(), S.defect()], PD, turns=10**6, repetitions=3000, continuation=p, seed=1
    )
    simulations = 3 * 3000
    mean = t.turns_played / simulations
    sd = math.sqrt(p / (1 - p) ** 2 / simulations)
    assert abs(mean - 1 / (1 - p)) <= 5 * sd
    assert t.continuation == p


def test_n_player_public_goods():
    u = np.zeros((2, 2, 2, 3))
    for a in range(2):
        for b in range(2):
            for c in range(2):
                pot = 1.5 * [a, b, c].count(0)
                for i, x in enumerate((a, b, c)):
                    u[a, b, c, i] = pot / 3 - (x == 0)
    game = dt.Game(u)
    t = dt.tournament(
        {"C": S.cooperate(players=3), "D": S.defect(players=3)}, game, turns=5, repetitions=2
    )
    # Groups CCD and CDD: the cooperator earns 0 and -1/2, the defector 1 and 1/2.
    assert t.scores[0] == pytest.approx([-0.25, -0.25])
    assert t.scores[1] == pytest.approx([0.75, 0.75])


def test_asymmetric_stage_games_use_both_seats():
    g = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[2, 6], [0, 1]])
    t = dt.tournament([S.cooperate(), S.defect()], g, turns=10, repetitions=1)
    assert t.payoff_matrix[1, 0] == pytest.approx((6 + 5) / 2)


@pytest.mark.parametrize(
    ("kwargs", "error", "what"),
    [
        ({"strategies": []}, ValueError, "strategies"),
        ({"strategies": [S.cooperate()]}, ValueError, "strategies"),
        ({"strategies": [S.cooperate(), "tit_for_tat"]}, TypeError, "strategies"),
        ({"strategies": "tit_for_tat"}, TypeError, "strategies"),
        ({"strategies": [S.cooperate(), S.defect(players=3)]}, ValueError, r"strategies\[1\]"),
        ({"noise": -0.1}, ValueError, "noise"),
        ({"noise": 1.5}, ValueError, "noise"),
        ({"noise": float("nan")}, ValueError, "noise"),
        ({"noise": "lots"}, ValueError, "noise"),
        ({"turns": 0}, ValueError, "turns"),
        ({"turns": 10**12}, ValueError, "turns"),
        ({"turns": -1}, ValueError, "turns"),
        ({"turns": 2.5}, TypeError, "turns"),
        ({"repetitions": 0}, ValueError, "repetitions"),
        ({"discount": 1.5}, ValueError, "discount"),
        ({"continuation": 0}, ValueError, "continuation"),
        ({"seed": -1}, ValueError, "seed"),
        ({"stage": [[3, 0], [5, 1]]}, TypeError, "stage"),
        ({"names": ["a", "a"]}, ValueError, "names"),
        ({"names": ["a"]}, ValueError, "names"),
    ],
)
def test_hostile_inputs_are_refused_naming_the_argument(kwargs, error, what):
    args = {"strategies": [S.cooperate(), S.defect()], "stage": PD, "turns": 10, "repetitions": 1}
    args.update(kwargs)
    with pytest.raises(error, match=what):
        dt.tournament(**args)


def test_absurd_sizes_are_refused_before_allocating():
    with pytest.raises(ValueError, match="strategies and repetitions"):
        dt.tournament([S.cooperate()] * 5000, PD, repetitions=20)
    rectangular = dt.Game.from_bimatrix([[1, 0, 2], [0, 1, 0]], [[1, 0, 2], [0, 1, 0]])
    with pytest.raises(dt.InvalidGameError, match="same number of actions"):
        dt.tournament([S.cooperate(), S.defect()], rectangular)


# ------------------------------------------------------------------------------------------
# Moran process and replicator.


def fixation_by_linear_system(m, n, w):
    """One mutant's fixation probability from the absorbing chain's linear equations."""
    (a, b), (c, d) = m
    size = n - 1
    A = np.zeros((size, size))
    rhs = np.zeros(size)
    for k in range(size):
        i = k + 1
        fa = 1 - w + w * (a * (i - 1) + b * (n - i)) / (n - 1)
        fb = 1 - w + w * (c * i + d * (n - i - 1)) / (n - 1)
        total = i * fa + (n - i) * fb
        up = i * fa / total * (n - i) / n
        down = (n - i) * fb / total * i / n
        A[k, k] = up + down
        if k > 0:
            A[k, k - 1] = -down
        if k + 1 < size:
            A[k, k + 1] = -up
        else:
            rhs[k] = up
    return np.linalg.solve(A, rhs)[0]


@pytest.mark.parametrize("n", [2, 5, 40])
def test_neutral_selection_gives_one_over_n(n):
    rho = dt.repeated.moran([[1, 1], [1, 1]], n)
    assert rho[0, 1] == Fraction(1, n) and rho[1, 0] == Fraction(1, n)
    rho = dt.repeated.moran(np.ones((3, 3)) * 2.5, n, intensity=0.7)
    assert np.allclose(rho, 1 / n, rtol=0, atol=1e-14)


@pytest.mark.parametrize(("n", "w"), [(3, 0.5), (10, 0.1), (30, 0.05)])
def test_closed_form_against_the_linear_system(n, w):
    m = np.array([[3.0, 0.0], [5.0, 1.0]])
    rho = dt.repeated.moran(m, n, w)
    assert rho[1, 0] == pytest.approx(fixation_by_linear_system(m[::-1, ::-1], n, w), abs=1e-12)
    assert rho[0, 1] == pytest.approx(fixation_by_linear_system(m, n, w), abs=1e-12)
    exact = dt.repeated.moran([[3, 0], [5, 1]], n, Fraction(w).limit_denominator(100))
    assert float(exact[1, 0]) == pytest.approx(rho[1, 0], abs=1e-12)


def test_exact_fixation_by_hand_and_simulation():
    rho = dt.repeated.moran([[3, 0], [5, 1]], 3, Fraction(1, 2))
    assert (rho[1, 0], rho[0, 1]) == (Fraction(48, 73), Fraction(5, 73))
    trials = 20_000
    sim = dt.repeated.moran(
        [[3.0, 0.0], [5.0, 1.0]], 3, 0.5, method="simulate", trials=trials, seed=4
    )
    for (i, j), p in [((1, 0), 48 / 73), ((0, 1), 5 / 73)]:
        assert abs(sim[i, j] - p) <= 5 * math.sqrt(p * (1 - p) / trials)
    again = dt.repeated.moran(
        [[3.0, 0.0], [5.0, 1.0]], 3, 0.5, method="simulate", trials=trials, seed=4
    )
    assert np.array_equal(sim, again)


def test_moran_of_a_tournament():
    t = dt.tournament([S.tit_for_tat(), S.defect(), S.cooperate()], PD, repetitions=2)
    rho = dt.repeated.moran(t, 10, 0.1, fitness="exponential")
    assert rho.shape == (3, 3)
    # Always-defect invades always-cooperate more easily than the reverse.
    assert rho[1, 2] > 1 / 10 > rho[2, 1]


@pytest.mark.parametrize(
    ("args", "kwargs", "what"),
    [
        (([[1, float("nan")], [0, 1]], 5), {}, "payoff_matrix"),
        (([[1, 2, 3], [0, 1, 2]], 5), {}, "payoff_matrix"),
        (([1, 2], 5), {}, "payoff_matrix"),
        (([[1, 1], [1, 1]], 1), {}, "population"),
        (([[1, 1], [1, 1]], 5, -1.0), {}, "intensity"),
        (([[3, 0], [5, 1]], 5, 1.0), {}, "intensity"),
        (([[1, 1], [1, 1]], 5), {"method": "guess"}, "method"),
        (([[1, 1], [1, 1]], 5), {"fitness": "quadratic"}, "fitness"),
        (([[1.0, 1.0], [1.0, 1.0]], 5), {"method": "simulate", "trials": 0}, "trials"),
    ],
)
def test_moran_refuses_bad_input(args, kwargs, what):
    with pytest.raises(ValueError, match=what):
        dt.repeated.moran(*args, **kwargs)


def test_moran_of_a_tournament_without_self_play_is_refused():
    t = dt.tournament([S.tit_for_tat(), S.defect()], PD, repetitions=1, self_play=False)
    assert np.isnan(t.payoff_matrix[0, 0])
    with pytest.raises(ValueError, match="self_play"):
        dt.repeated.moran(t, 10, 0.1)
    with pytest.raises(ValueError, match="self_play"):
        dt.repeated.replicator(t)


def test_replicator_over_a_payoff_matrix_finds_the_hawk_dove_mixture():
    runs = dt.repeated.replicator([[-2, 2], [0, 1]], starts=8, names=["hawk", "dove"])
    assert all(r.converged for r in runs)
    assert all(r.strategies[0][0] == pytest.approx(1 / 3, abs=1e-5) for r in runs)
    assert runs[0].actions[0] == ["hawk", "dove"]
    t = dt.tournament([S.tit_for_tat(), S.defect(), S.cooperate()], PD, repetitions=1)
    runs = dt.repeated.replicator(t, starts=4)
    assert runs[0].actions[0] == t.names


@given(st.integers(2, 60), st.floats(0, 0.2))
def test_fixation_probabilities_are_probabilities(n, w):
    rho = dt.repeated.moran([[3.0, 0.0], [5.0, 1.0]], n, w)
    assert np.all((rho >= 0) & (rho <= 1))
    # Always-defect is favoured: at least neutral.
    assert rho[1, 0] >= 1 / n - 1e-12


# ------------------------------------------------------------------------------------------
# Threads and Ctrl-C.

_SCRIPT = """
import detente as dt
s = dt.strategies
pd = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
field = [s.random(0.3), s.tit_for_tat(), s.generous_tit_for_tat(), s.win_stay_lose_shift(),
         s.soft_grudger(), s.memory_one(0.9, 0.2, 0.7, 0.1)]
print(dt.tournament(field, pd, turns=300, repetitions=7, noise=0.1, seed=5).to_json())
"""


def test_results_do_not_depend_on_the_number_of_threads():
    import os
    import subprocess
    import sys

    outputs = set()
    for threads in ("1", "4"):
        env = dict(os.environ, RAYON_NUM_THREADS=threads)
        out = subprocess.run(
            [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(out.stdout)
    assert len(outputs) == 1


def test_ctrl_c_stops_a_long_tournament():
    import os
    import signal
    import threading
    import time

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        # About 2.5e10 turns: far longer than the test allows.
        field = [S.random(p / 60) for p in range(1, 51)]
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        start = time.perf_counter()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            dt.tournament(field, PD, turns=10**6, repetitions=20)
        timer.join()
        assert time.perf_counter() - start < 20.0
    finally:
        signal.signal(signal.SIGINT, previous)


def test_progress_is_a_bar_on_standard_error(capfd):
    # The bar is tested in test_progress_calls.py; the old "% of matches played" lines are
    # gone. 3 strategies with self-play: C(4, 2) = 6 groups, 20 repetitions.
    dt.tournament([S.cooperate(), S.defect(), S.tit_for_tat()], PD, turns=10, progress=True)
    err = capfd.readouterr().err
    assert "of matches played" not in err
    assert "120/120" in err


@given(
    st.lists(st.integers(-3, 6), min_size=4, max_size=4),
    st.integers(2, 30),
    st.fractions(min_value=0, max_value=Fraction(1, 10), max_denominator=20),
)
def test_exact_and_float_fixation_agree(entries, n, w):
    m = [entries[:2], entries[2:]]
    try:
        exact = dt.repeated.moran(m, n, w)
    except ValueError as e:
        # Only a non-positive fitness may refuse the input; floats refuse it too.
        assert "intensity" in str(e)
        with pytest.raises(ValueError, match="intensity"):
            dt.repeated.moran(np.array(m, dtype=float), n, float(w))
        return
    floats = dt.repeated.moran(np.array(m, dtype=float), n, float(w))
    assert np.allclose(exact.astype(float), floats, rtol=1e-9, atol=1e-12)
    assert all(0 <= x <= 1 for x in exact.flat)


# ------------------------------------------------------------------------------------------
# Hostile input from every side: only Exception subclasses come out (never a panic).

import json  # noqa: E402

from hypothesis import HealthCheck, settings  # noqa: E402

_WEIRD = st.recursive(
    st.sampled_from(
        [None, True, 0, 1, -1, 2**64, 10**30, 0.5, -0.5, 1e300, math.nan, math.inf, "", "x"]
    )
    | st.floats()
    | st.integers(-(10**6), 10**6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=10,
)
_REAL = dt.tournament(
    [S.tit_for_tat(), S.defect(), S.random(0.5)], PD, turns=20, repetitions=3, noise=0.1
)


def _only_exceptions(call):
    try:
        call()
    except Exception:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_mutated_tournament_json_is_refused_or_usable(data):
    obj = json.loads(_REAL.to_json())
    if data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(obj["options"])))
        obj["options"][key] = data.draw(_WEIRD)
    else:
        key = data.draw(st.sampled_from(sorted(obj)))
        obj[key] = data.draw(_WEIRD)
    try:
        text = json.dumps(obj)
        back = dt.Tournament.from_json(text)
    except Exception:
        return
    repr(back)
    back._repr_html_()
    back.to_frame()
    back.pairwise_frame()
    pickle.loads(pickle.dumps(back))
    for name in dir(back):
        if not name.startswith("_"):
            _only_exceptions(lambda: getattr(back, name))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(a=_WEIRD, b=_WEIRD, c=_WEIRD)
def test_malformed_arguments_raise_exceptions_only(a, b, c):
    _only_exceptions(lambda: dt.tournament(a, PD, turns=5, repetitions=1))
    _only_exceptions(lambda: dt.tournament([S.cooperate(), S.defect()], PD, turns=a, repetitions=1))
    _only_exceptions(lambda: dt.tournament([S.cooperate(), S.defect()], PD, 5, 1, noise=a, seed=b))
    _only_exceptions(
        lambda: dt.tournament([S.cooperate(), S.defect()], PD, 5, 1, discount=a, continuation=b)
    )
    _only_exceptions(lambda: dt.repeated.moran(a, b, c))
    _only_exceptions(lambda: dt.repeated.moran([[1, 2], [3, 4]], 5, a, method="simulate", trials=b))
    _only_exceptions(lambda: dt.repeated.replicator(a, starts=2))
    _only_exceptions(lambda: S.memory_one(a, b, c, a))
    _only_exceptions(lambda: S.generous_tit_for_tat(a))
    _only_exceptions(lambda: S.forgiving_grudger(a))
    _only_exceptions(lambda: S.cycler(a))
    _only_exceptions(lambda: S.tit_for_tat(players=a, rule=b))
