"""RepeatedGame.payoffs, is_spe and spe_discount_range: hand-derived fractions, the result
face, bad input, and hypothesis checks against independent pure-Python routines (simulated
play, a brute-force one-shot deviation search)."""

import math
import pickle
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt

PD = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]])


def auto(actions, table, initial=0):
    """A 2x2 automaton: ``table[s] = [next after CC, CD, DC, DD]`` (own action first)."""
    names = [f"s{k}" for k in range(len(actions))]
    return dt.Automaton(names, actions, [[[r[0], r[1]], [r[2], r[3]]] for r in table], initial)


GRIM = auto([0, 1], [[0, 1, 1, 1], [1, 1, 1, 1]])
TFT = auto([0, 1], [[0, 1, 0, 1], [0, 1, 0, 1]])
ALL_D = auto([1], [[0, 0, 0, 0]])
ALL_C = auto([0], [[0, 0, 0, 0]])
PENANCE = auto([0, 1, 1], [[0, 1, 1, 1], [2, 2, 2, 2], [0, 0, 0, 0]])


def pd(r, s, t, p):
    return dt.Game.from_bimatrix([[r, s], [t, p]], [[r, t], [s, p]])


def test_payoffs_are_exact_with_the_path_of_play():
    # Grim vs always-defect: (C, D) once, then (D, D): δ·1 and (1-δ)·5 + δ.
    v = dt.RepeatedGame(PD, 0.9).payoffs(GRIM, ALL_D)
    assert v.payoffs_exact == [Fraction(9, 10), Fraction(7, 5)]
    np.testing.assert_allclose(v.payoffs, [0.9, 1.4])
    assert v.prefix == [("C", "D")] and v.cycle == [("D", "D")]
    assert "then repeat (D, D)" in repr(v)
    # A list of automata works as well as separate arguments.
    assert dt.RepeatedGame(PD, 0.9).payoffs([GRIM, ALL_D]) == v


def test_per_player_discounts_continuation_and_finite_horizons():
    rg = dt.RepeatedGame(PD, [Fraction(1, 2), Fraction(9, 10)], continuation=0.5)
    v = rg.payoffs(GRIM, ALL_D)
    assert v.payoffs_exact == [Fraction(1, 4), Fraction(11, 20) * 5 + Fraction(9, 20)]
    fin = dt.RepeatedGame(PD, 1, horizon=3).payoffs(GRIM, ALL_D)
    assert fin.payoffs_exact == [2, 7] and fin.horizon == 3


def test_float_stage_games_give_float_payoffs():
    g = dt.Game.from_bimatrix([[3.5, 0], [5, 1]], [[3.5, 5], [0, 1]])
    v = dt.RepeatedGame(g, 0.5).payoffs(GRIM, GRIM)
    assert v.payoffs_exact is None
    assert v.payoffs[0] == pytest.approx(3.5)
    # The float check counts gains above rounding only: grim is SPE at δ = 3/8 exactly
    # (3.5 >= (1-δ)·5 + δ  <=>  δ >= 3/8), where the deviation ties.
    check = dt.RepeatedGame(g, Fraction(3, 8)).is_spe(GRIM, GRIM)
    assert check and check.gain_exact is None and check.slack == pytest.approx(0, abs=1e-12)


def test_mixed_profiles_solve_the_chain():
    # TFT against Random(1/2) at δ = 1/2: V = 15/8 and 25/8 (derived in tests/repeated_spe.rs).
    rnd = dt.Automaton(["r"], [[Fraction(1, 2), Fraction(1, 2)]], [[[0, 0], [0, 0]]])
    v = dt.RepeatedGame(PD, 0.5).payoffs(TFT, rnd)
    assert v.payoffs_exact == [Fraction(15, 8), Fraction(25, 8)]
    assert v.prefix is None and v.cycle is None


def test_grim_is_spe_from_one_half():
    assert dt.RepeatedGame(PD, 0.5).is_spe(GRIM, GRIM)
    check = dt.RepeatedGame(PD, 0.25).is_spe(GRIM, GRIM)
    assert not check and check.is_spe is False
    # (3/4)·5 + 1/4 - 3 = 1.
    assert (check.state, check.player, check.deviation) == (("s0", "s0"), "P1", "D")
    assert check.gain_exact == 1 and check.gain == 1.0
    assert check.slack_exact == -1
    r = dt.RepeatedGame(PD, 0.9).spe_discount_range(GRIM, GRIM)
    assert len(r.intervals) == 1
    i = r.intervals[0]
    assert (i.low_exact, i.high_exact, i.low_closed, i.high_closed) == (Fraction(1, 2), 1, True, False)
    assert 0.5 in r and Fraction(49, 100) not in r and r.contains(0.99)
    assert repr(i) == "DiscountInterval([1/2, 1))"


def test_tit_for_tat_never_and_at_a_single_point():
    # PD (3, 0, 5, 1): β >= 2/3 at (C,C) and β <= 1/4 at (D,D): never SPE.
    assert dt.RepeatedGame(PD, 0.5).spe_discount_range(TFT, TFT).is_empty
    # PD (3, 0, 4, 1): both thresholds are 1/3: SPE at δ = 1/3 only.
    g = pd(3, 0, 4, 1)
    r = dt.RepeatedGame(g, 0.5).spe_discount_range(TFT, TFT)
    assert [(i.low_exact, i.high_exact) for i in r.intervals] == [(Fraction(1, 3), Fraction(1, 3))]
    assert dt.RepeatedGame(g, Fraction(1, 3)).is_spe(TFT, TFT)
    assert not dt.RepeatedGame(g, 0.34).is_spe(TFT, TFT)


def test_always_defect_always_and_always_cooperate_never():
    r = dt.RepeatedGame(PD, 0.5).spe_discount_range(ALL_D, ALL_D)
    assert [(i.low_exact, i.high_exact) for i in r.intervals] == [(0, 1)]
    assert dt.RepeatedGame(PD, 0.5).spe_discount_range(ALL_C, ALL_C).is_empty


def test_irrational_ends_come_with_their_polynomial():
    # Penance (two periods of mutual defection): δ² + δ - 1 >= 0, δ >= (√5 - 1)/2.
    r = dt.RepeatedGame(PD, 0.5).spe_discount_range(PENANCE, PENANCE)
    (i,) = r.intervals
    assert i.low_exact is None and i.low == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-15)
    coefficients, (lo, hi) = i.low_root
    assert coefficients == [-1, 1, 1] and lo < hi
    # The bracket certifies the end: its ends are exact fractions on either side of the root.
    assert lo not in r and hi in r and not i.contains(lo) and i.contains(hi)
    below, above = Fraction(618033, 10**6), Fraction(618034, 10**6)
    assert below < lo < hi < above
    assert not dt.RepeatedGame(PD, below).is_spe(PENANCE, PENANCE)
    assert dt.RepeatedGame(PD, above).is_spe(PENANCE, PENANCE)


@pytest.mark.parametrize("method", ["payoffs", "is_spe", "spe_discount_range"])
def test_results_have_the_common_face(method):
    result = getattr(dt.RepeatedGame(PD, 0.4), method)(GRIM, GRIM)
    assert pickle.loads(pickle.dumps(result)) == result
    assert type(result).from_json(result.to_json()) == result
    assert result.players == ["P1", "P2"]
    assert len(result.to_frame()) >= 1
    assert "<table>" in result._repr_html_()


def test_bad_profiles_get_clear_errors():
    rg = dt.RepeatedGame(PD, 0.5)
    with pytest.raises(ValueError, match="one per player"):
        rg.payoffs(GRIM)
    with pytest.raises(TypeError, match=r"strategies\[1\] must be a detente.Automaton"):
        rg.is_spe(GRIM, 3)
    wide = dt.Automaton(["a"], [0], [[[0, 0, 0], [0, 0, 0]]])
    with pytest.raises(ValueError, match="player 2"):
        rg.is_spe(GRIM, wide)
    big = dt.Automaton([f"s{k}" for k in range(2000)], [0] * 2000, np.zeros((2000, 2, 2), dtype=int))
    with pytest.raises(ValueError, match="joint states"):
        rg.spe_discount_range(big, big)
    with pytest.raises(ValueError, match="finite horizon"):
        dt.RepeatedGame(PD, 1, horizon=3).spe_discount_range(GRIM, GRIM)
    with pytest.raises(ValueError, match="0 automata"):
        rg.payoffs()


# ------------------------------------------------------------------------------------------
# Independent routines in pure Python.


def play(automata, states, profile):
    """The next joint state after ``profile`` (each automaton sees own action first)."""
    out = []
    for i, (a, s) in enumerate(zip(automata, states)):
        observed = [profile[i]] + [x for j, x in enumerate(profile) if j != i]
        out.append(a.next(s, observed))
    return tuple(out)


def action(a, state):
    probs = a.output[a.states.index(state)]
    return probs.index(1)


def simulate(game, automata, start, beta, periods, deviation=None):
    """Normalised discounted payoffs of pure automata from ``start`` over ``periods``."""
    u = game.payoffs
    total = [0.0, 0.0]
    state, weight = start, 1 - beta
    for t in range(periods):
        profile = [action(a, s) for a, s in zip(automata, state)]
        if t == 0 and deviation is not None:
            profile[deviation[0]] = deviation[1]
        for i in range(2):
            total[i] += weight * float(u[tuple(profile)][i])
        weight *= beta
        state = play(automata, state, profile)
    return total


def reachable(game, automata):
    start = tuple(a.initial for a in automata)
    seen, k = [start], 0
    shape = game.shape
    while k < len(seen):
        for x in range(shape[0]):
            for y in range(shape[1]):
                t = play(automata, seen[k], [x, y])
                if t not in seen:
                    seen.append(t)
        k += 1
    return seen


@st.composite
def profiles(draw):
    k = draw(st.integers(2, 3))
    payoffs = draw(st.lists(st.integers(-5, 5), min_size=2 * k * k, max_size=2 * k * k))
    a = np.array(payoffs[: k * k]).reshape(k, k)
    b = np.array(payoffs[k * k :]).reshape(k, k)
    game = dt.Game.from_bimatrix(a.tolist(), b.tolist())
    automata = []
    for _ in range(2):
        n = draw(st.integers(1, 4))
        actions = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
        table = draw(st.lists(st.integers(0, n - 1), min_size=n * k * k, max_size=n * k * k))
        automata.append(
            dt.Automaton([f"s{j}" for j in range(n)], actions, np.array(table).reshape(n, k, k))
        )
    delta = Fraction(draw(st.integers(1, 19)), 20)
    return game, automata, delta


@given(profiles())
def test_payoffs_match_simulation(case):
    game, automata, delta = case
    beta = float(delta)
    periods = int(math.log(1e-12) / math.log(beta)) + 2
    v = dt.RepeatedGame(game, delta).payoffs(*automata)
    start = tuple(a.initial for a in automata)
    np.testing.assert_allclose(v.payoffs, simulate(game, automata, start, beta, periods), atol=1e-9)


@given(profiles())
def test_spe_verdicts_match_a_brute_force_deviation_search(case):
    game, automata, delta = case
    beta = float(delta)
    periods = int(math.log(1e-12) / math.log(beta)) + 2
    check = dt.RepeatedGame(game, delta).is_spe(*automata)
    best = 0.0
    for s in reachable(game, automata):
        follow = simulate(game, automata, s, beta, periods)
        for i in range(2):
            for b in range(game.shape[i]):
                gain = simulate(game, automata, s, beta, periods, (i, b))[i] - follow[i]
                best = max(best, gain)
    if check.is_spe:
        assert best < 1e-9
    else:
        assert check.gain == pytest.approx(best, abs=1e-9)


@given(profiles(), st.lists(st.integers(0, 96), min_size=3, max_size=3))
def test_discount_range_agrees_with_is_spe(case, samples):
    game, automata, _ = case
    r = dt.RepeatedGame(game, 0.5).spe_discount_range(*automata)
    deltas = [Fraction(s, 97) for s in samples]
    deltas += [i.low_exact for i in r.intervals if i.low_exact is not None]
    for delta in deltas:
        assert (delta in r) == bool(dt.RepeatedGame(game, delta).is_spe(*automata))
