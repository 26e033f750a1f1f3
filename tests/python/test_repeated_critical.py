"""RepeatedGame.critical_discount and detente.repeated.contagion_threshold: hand-derived
fractions and roots, the result face, bad input, and a brute-force deviation check."""

import math
import pickle
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt

PD = dt.Game.from_bimatrix(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]]
)


def test_grim_threshold_of_the_prisoners_dilemma_is_one_half():
    c = dt.RepeatedGame(PD, 0.9).critical_discount(["C", "C"], punishment="grim")
    assert c.discount_exact == Fraction(1, 2)  # (5 − 3) / (5 − 1)
    assert c.discount == 0.5
    assert c.thresholds == [0.5, 0.5]
    assert c.thresholds_exact == [Fraction(1, 2), Fraction(1, 2)]
    assert c.binding == {"player": "P1", "period": 0, "phase": "target"}
    assert c.holds
    assert c.intervals == [(Fraction(1, 2), None)]
    assert isinstance(c, dt.repeated.CriticalDiscount)


def test_never_and_always():
    rg = dt.RepeatedGame(PD, 0.9)
    never = rg.critical_discount([1, 0])
    assert never.discount is None and never.discount_exact is None
    assert never.thresholds[1] is None and "P2" in never.reasons[1]
    assert not never.holds
    always = rg.critical_discount([1, 1])
    assert always.discount_exact == 0 and always.binding is None


def test_unequal_discounting_uses_each_players_threshold():
    assert not dt.RepeatedGame(PD, [0.9, 0.4]).critical_discount([0, 0]).holds
    assert dt.RepeatedGame(PD, [0.5, 0.9]).critical_discount([0, 0]).holds


def test_a_cycle_with_an_irrational_threshold():
    # (C,C), (C,C), (C,D): binding 4δ³ + 2δ² − δ − 2 >= 0 (player 1, period 1).
    c = dt.RepeatedGame(PD, 0.9).critical_discount([[0, 0], [0, 0], [0, 1]])
    t = c.discount_exact
    assert isinstance(t, dt.repeated.AlgebraicNumber) and t.exact is None

    def p(x):
        return 4 * x**3 + 2 * x**2 - x - 2

    assert p(t.lower) < 0 < p(t.upper)
    assert t.upper - t.lower < Fraction(1, 10**30)
    assert c.binding == {"player": "P1", "period": 1, "phase": "target"}
    assert math.isclose(float(t), c.discount)


def test_an_explicit_stage_equilibrium_punishes():
    mp = dt.Game.from_bimatrix([[2, 0], [0, 2]], [[0, 2], [2, 0]])
    rg = dt.RepeatedGame(mp, 0.5)
    with pytest.raises(ValueError, match="no pure Nash equilibrium"):
        rg.critical_discount([0, 0])
    half = [Fraction(1, 2), Fraction(1, 2)]
    assert rg.critical_discount([0, 0], punishment=[half, half]).discount is None
    with pytest.raises(ValueError, match="not a Nash equilibrium"):
        rg.critical_discount([0, 0], punishment=[[1, 0], [1, 0]])


def test_optimal_codes_are_never_worse_than_grim():
    a = [[3, 0, -2], [5, 1, -2], [-2, -2, -4]]
    g = dt.Game.from_bimatrix(a, [list(r) for r in zip(*a)])
    rg = dt.RepeatedGame(g, 0.9)
    grim = rg.critical_discount([0, 0], punishment="grim")
    opt = rg.critical_discount([0, 0], punishment="optimal")
    assert opt.discount <= grim.discount == 0.5
    assert opt.punishment == "optimal"


@pytest.mark.parametrize(
    ("profile", "punishment", "what"),
    [
        ([], "grim", "profile"),
        ([0, 7], "grim", "range"),
        (["C", "X"], "grim", "profile"),
        ([0, 0], "best", "punishment"),
        ([0, 0], "Optimal", "stick_and_carrot"),
        ([0, 0], [[1]], "punishment"),
    ],
)
def test_bad_arguments_are_refused(profile, punishment, what):
    with pytest.raises((ValueError, TypeError), match=what):
        dt.RepeatedGame(PD, 0.9).critical_discount(profile, punishment=punishment)


def test_the_result_face():
    c = dt.RepeatedGame(PD, 0.9).critical_discount([0, 0])
    assert "1/2" in repr(c) and "<table" in c._repr_html_()
    df = c.to_frame()
    assert list(df["player"]) == ["P1", "P2"]
    assert df["threshold_exact"].iloc[0] == Fraction(1, 2)
    assert pickle.loads(pickle.dumps(c)) == c
    assert type(c).from_json(c.to_json()) == c
    with pytest.raises(ValueError):
        type(c).from_json(c.to_json().replace('"cycle":[[0,0]]', '"cycle":[[0,9]]'))


def test_contagion_two_and_four_players():
    two = dt.repeated.contagion_threshold(PD, population=2)
    assert two.threshold.exact == Fraction(1, 2)
    four = dt.repeated.contagion_threshold(PD, population=4)
    t = four.threshold
    assert t.exact is None
    assert 2 * t.lower**2 + 3 * t.lower - 3 < 0 < 2 * t.upper**2 + 3 * t.upper - 3
    assert math.isclose(four.discount, (math.sqrt(33) - 3) / 4, rel_tol=1e-15)
    c = four.polynomial
    assert c[0] / c[2] == Fraction(-3, 2) and c[1] / c[2] == Fraction(3, 2)
    assert four.binding == "on-path" and four.population == 4
    assert pickle.loads(pickle.dumps(four)) == four
    assert pickle.loads(pickle.dumps(t)) == t
    assert "4 players" in repr(four)


@pytest.mark.parametrize("population", [0, 3, 1000])
def test_contagion_refuses_bad_populations(population):
    with pytest.raises(ValueError, match="population"):
        dt.repeated.contagion_threshold(PD, population=population)


def _gain(a, b, profile, punish, delta):
    """The largest one-shot deviation gain from the grim path at delta (stage payoffs only)."""
    i, j = profile
    u = (a[i][j], b[i][j])
    d = (max(a[k][j] for k in range(len(a))), max(b[i][k] for k in range(len(a))))
    return max((1 - delta) * d[p] + delta * punish[p] - u[p] for p in range(2))


@given(
    st.lists(st.integers(-3, 5), min_size=8, max_size=8),
    st.integers(0, 1),
    st.integers(0, 1),
)
def test_grim_threshold_separates_profitable_deviations(values, i, j):
    a = [values[0:2], values[2:4]]
    b = [values[4:6], values[6:8]]
    ne = [
        (x, y)
        for x in range(2)
        for y in range(2)
        if a[x][y] >= a[1 - x][y] and b[x][y] >= b[x][1 - y]
    ]
    if not ne:
        return
    punish = (min(a[x][y] for x, y in ne), min(b[x][y] for x, y in ne))
    g = dt.Game.from_bimatrix(a, b)
    c = dt.RepeatedGame(g, 0.5).critical_discount([i, j])
    if c.discount is None:
        assert _gain(a, b, (i, j), punish, 0.999) > 0
    else:
        t = Fraction(c.discount_exact) if isinstance(c.discount_exact, Fraction) else None
        assert t is not None  # one profile: a rational threshold
        assert _gain(a, b, (i, j), punish, min(t + Fraction(1, 10**6), Fraction(999, 1000))) <= 0
        if t > 0:
            assert _gain(a, b, (i, j), punish, t - Fraction(1, 10**6)) > 0


def test_optimal_code_reports_its_sticks():
    a = [[3, 0, -2], [5, 1, -2], [-2, -2, -4]]
    g = dt.Game.from_bimatrix(a, [list(r) for r in zip(*a)])
    c = dt.RepeatedGame(g, 0.9).critical_discount([0, 0], punishment="optimal")
    assert len(c.stick) in (0, 2)
    assert len(c.minmax_profiles) == len(c.stick)


def test_a_string_profile_is_refused_not_split():
    with pytest.raises(ValueError, match="not a string"):
        dt.RepeatedGame(PD, 0.9).critical_discount("CC")


def test_an_equilibrium_object_punishes_with_its_exact_strategies():
    mp = dt.Game.from_bimatrix([[2, 0], [0, 2]], [[0, 2], [2, 0]])
    eq = dt.solve.lemke_howson(mp, exact=True)
    c = dt.RepeatedGame(mp, 0.5).critical_discount([0, 1], punishment=eq)
    # (0, 1): the row player gets 0 < 1, its equilibrium payoff: never.
    assert c.discount is None and c.punishment == "nash"


@given(st.integers(2, 9), st.integers(1, 8), st.integers(0, 7), st.integers(-3, 6))
def test_two_player_contagion_is_bilateral_grim(t, r, p, s):
    # A prisoners' dilemma T > R > P >= S: the threshold is (T − R) / (T − P), and it equals
    # the grim critical discount factor of (C, C).
    if not (t > r > p >= s):
        return
    g = dt.Game.from_bimatrix([[r, s], [t, p]], [[r, t], [s, p]])
    c = dt.repeated.contagion_threshold(g, population=2)
    assert c.threshold.exact == Fraction(t - r, t - p)
    grim = dt.RepeatedGame(g, 0.5).critical_discount([0, 0])
    assert grim.discount_exact == Fraction(t - r, t - p)


# ---------------------------------------------------------------- optimal penal codes


def _sym(a, delta=0.9):
    return dt.RepeatedGame(dt.Game.from_bimatrix(a, [list(r) for r in zip(*a)]), delta)


def test_optimal_codes_in_the_prisoners_dilemma_are_grim_exactly():
    # (D, D) gives each player its pure minmax: grim is optimal, (5 − 3)/(5 − 1).
    c = dt.RepeatedGame(PD, 0.9).critical_discount([0, 0], punishment="optimal")
    assert c.discount_exact == Fraction(1, 2)
    assert c.method == "minmax_bound" and c.punishment == "optimal"
    assert c.bracket == (0.5, 0.5)
    assert c.worst_payoffs == [1.0, 1.0]
    grim = dt.RepeatedGame(PD, 0.9).critical_discount([0, 0])
    assert grim.method == "exact" and grim.worst_payoffs == []


def test_minmax_reversion_beats_grim_exactly():
    # C, D, P: the only stage equilibrium (D, D) pays 2, the pure minmax is 0 (the other
    # plays P). Necessary: δ >= (6 − 4)/(6 − 0) = 1/3; "a deviator is answered by (C, P)
    # for ever" gives it 0 and keeps the punisher (5 >= (1 − δ)·6 iff δ >= 1/6): exact 1/3,
    # where grim needs (6 − 4)/(6 − 2) = 1/2.
    rg = _sym([[4, 0, 0], [6, 2, 0], [5, -1, -1]])
    opt = rg.critical_discount([0, 0], punishment="optimal")
    assert opt.discount_exact == Fraction(1, 3)
    assert opt.method == "minmax_bound"
    assert rg.critical_discount([0, 0]).discount_exact == Fraction(1, 2)
    assert rg.critical_discount([0, 0], punishment="stick_and_carrot").discount > 0.3334


def test_a_short_punishment_then_nash_is_found_exactly():
    # As above with the punisher's payoff at (C, P) cut to 1: one period of (P, P), then
    # (D, D) for ever, punishes with 3δ − 1 = 0 at δ = 1/3 (derivation in
    # tests/repeated_optimal.rs), checked exactly there.
    opt = _sym([[4, 0, 0], [6, 2, 0], [1, -1, -1]]).critical_discount([0, 0], punishment="optimal")
    assert opt.discount_exact == Fraction(1, 3) and opt.method == "minmax_bound"
    assert "once, then" in opt.code


def test_a_bracketed_threshold_is_confirmed_by_the_payoff_sets():
    # Target (0, 1) = (3, 4); the row player gains 2, its pure minmax is 1, the only stage
    # equilibrium (1, 1) pays it 5: grim never, the minmax bound 1/2 out of reach.
    a, b = [[-1, 3], [1, 5]], [[1, 4], [2, 3]]
    g = dt.Game.from_bimatrix(a, b)
    opt = dt.RepeatedGame(g, 0.9).critical_discount([0, 1], punishment="optimal")
    lo, hi = opt.bracket
    assert opt.method == "abreu_sannikov" and opt.discount_exact is None
    assert 0.5 < lo <= hi and hi - lo <= 1e-9 and opt.discount == hi
    sc = dt.RepeatedGame(g, 0.9).critical_discount([0, 1], punishment="stick_and_carrot")
    assert hi < sc.discount

    def need(d):  # the row player's punishment that keeps it on the target
        return (3 - (1 - d) * 5) / d

    # Just above: the payoff set holds a payoff giving the row player what it needs; just
    # below: its worst payoff is too high.
    above = dt.RepeatedGame(g, hi + 1e-6).equilibrium_payoff_set()
    assert above.worst_payoffs[0] <= need(hi + 1e-6) + 1e-9
    below = dt.RepeatedGame(g, lo - 1e-6).equilibrium_payoff_set()
    assert below.worst_payoffs[0] > need(lo - 1e-6) + 1e-9
    assert "optimal" in repr(opt) and type(opt).from_json(opt.to_json()) == opt
    assert pickle.loads(pickle.dumps(opt)).bracket == opt.bracket


def test_optimal_codes_need_a_common_discount_factor():
    with pytest.raises(ValueError, match="common discount"):
        dt.RepeatedGame(PD, [0.9, 0.8]).critical_discount([0, 0], punishment="optimal")
    c = dt.RepeatedGame(PD, [0.9, 0.8]).critical_discount([0, 0], punishment="stick_and_carrot")
    assert c.punishment == "stick_and_carrot" and c.method == "exact"


def _closed_form(a, b, profile):
    """max over players of (d − u)/(d − m), the threshold with the pure minmax as
    punishment; None when some player is never held."""
    best = Fraction(0)
    for i, pay in enumerate((a, b)):
        def g(p):
            return pay[p[0]][p[1]]
        u = g(profile)
        d = max(g([x, profile[1]] if i == 0 else [profile[0], x]) for x in range(2))
        m = min(max(g([x, y] if i == 0 else [y, x]) for x in range(2)) for y in range(2))
        if d == u:
            if u < m:
                return None
            continue
        if d <= m or Fraction(d - u, d - m) >= 1:
            return None
        best = max(best, Fraction(d - u, d - m))
    return best


small = st.lists(st.lists(st.integers(-3, 5), min_size=2, max_size=2), min_size=2, max_size=2)


@settings(max_examples=15)
@given(small, small, st.tuples(st.integers(0, 1), st.integers(0, 1)))
def test_optimal_lies_between_the_minmax_bound_and_the_simple_codes(a, b, profile):
    rg = dt.RepeatedGame(dt.Game.from_bimatrix(a, b), 0.5)
    opt = rg.critical_discount(list(profile), punishment="optimal")
    bound = _closed_form(a, b, list(profile))
    if opt.bracket is None:
        assert opt.discount is None
    else:
        assert bound is not None and opt.bracket[0] >= float(bound) - 1e-12
        assert opt.bracket[0] <= opt.bracket[1]
    for punishment in ("grim", "stick_and_carrot"):
        try:
            s = rg.critical_discount(list(profile), punishment=punishment).discount
        except ValueError:  # grim without a pure stage equilibrium
            continue
        if s is not None:
            assert opt.discount is not None and opt.discount <= s + 1e-12


def _condition(a, b, profile, d):
    """Whether (C) holds at d for a stationary target, from the payoff set at d: each
    player's worst equilibrium payoff is at most what keeps it on the target."""
    n = len(a)
    v = dt.RepeatedGame(dt.Game.from_bimatrix(a, b), d).equilibrium_payoff_set()
    if v.is_empty:
        return False
    for i, pay in enumerate((a, b)):
        u = pay[profile[0]][profile[1]]
        dev = max(pay[x][profile[1]] if i == 0 else pay[profile[0]][x] for x in range(n))
        if v.worst_payoffs[i] > (u - (1 - d) * dev) / d + 1e-7:
            return False
    return True


def test_brackets_separate_failure_from_success_on_the_payoff_sets():
    # The efficient profile of seeded random 3×3 games (a fixed list, so that brackets
    # occur: about one game in eight); each bracket must hold just above its upper end and
    # fail just below its lower end, read off the payoff sets independently.
    import random

    rng = random.Random(11)
    brackets = 0
    for _ in range(30):
        a = [[rng.randint(-3, 6) for _ in range(3)] for _ in range(3)]
        b = [[rng.randint(-3, 6) for _ in range(3)] for _ in range(3)]
        profile = max(((i, j) for i in range(3) for j in range(3)), key=lambda p: a[p[0]][p[1]] + b[p[0]][p[1]])
        c = dt.RepeatedGame(dt.Game.from_bimatrix(a, b), 0.5).critical_discount(list(profile), punishment="optimal")
        if c.method != "abreu_sannikov" or c.bracket is None:
            continue
        brackets += 1
        lo, hi = c.bracket
        assert hi - lo <= 1e-9
        if hi + 1e-6 < 0.999:
            assert _condition(a, b, profile, hi + 1e-6)
        if lo - 1e-6 > 0.01:
            assert not _condition(a, b, profile, lo - 1e-6)
    assert brackets >= 2


def _cycle_condition(a, b, cycle, d):
    """(C) at every period of a cycle at d: each player's punishment, the lower of its worst
    equilibrium payoff (payoff set at d) and the cycle restarted at its worst period (an
    equilibrium path when all of (C) holds), is at most what keeps it on the cycle."""
    n, L = len(a), len(cycle)
    v = dt.RepeatedGame(dt.Game.from_bimatrix(a, b), d).equilibrium_payoff_set()
    if v.is_empty:
        return False
    for i, pay in enumerate((a, b)):
        def g(p):
            return pay[p[0]][p[1]]

        def dev(p):
            return max(g([x, p[1]] if i == 0 else [p[0], x]) for x in range(n))

        values = [
            sum(d**t * g(cycle[(k + t) % L]) for t in range(L)) * (1 - d) / (1 - d**L) for k in range(L)
        ]
        need = min((values[k] - (1 - d) * dev(cycle[k])) / d for k in range(L))
        if min(v.worst_payoffs[i], min(values)) > need + 1e-7:
            return False
    return True


def test_cycle_brackets_are_consistent_with_the_simple_codes_and_the_payoff_sets():
    import random

    rng = random.Random(7)
    checked = 0
    for _ in range(40):
        a = [[rng.randint(-3, 6) for _ in range(2)] for _ in range(2)]
        b = [[rng.randint(-3, 6) for _ in range(2)] for _ in range(2)]
        cycle = [[rng.randrange(2), rng.randrange(2)] for _ in range(2)]
        rg = dt.RepeatedGame(dt.Game.from_bimatrix(a, b), 0.5)
        opt = rg.critical_discount(cycle, punishment="optimal")
        simple = rg.critical_discount(cycle, punishment="stick_and_carrot").discount
        if simple is not None:
            assert opt.discount is not None and opt.discount <= simple + 1e-12
        if opt.bracket is None:
            continue
        checked += 1
        lo, hi = opt.bracket
        if hi + 1e-6 < 0.999 and opt.method == "abreu_sannikov":
            assert _cycle_condition(a, b, cycle, hi)
        if lo - 1e-6 > 0.01:
            assert not _cycle_condition(a, b, cycle, lo - 1e-6)
    assert checked >= 3


def test_json_refuses_a_bracket_that_is_not_an_interval():
    c = dt.RepeatedGame(PD, 0.9).critical_discount([0, 0], punishment="optimal")
    text = c.to_json()
    assert '"bracket":[0.5,0.5]' in text and '"method":"minmax_bound"' in text
    with pytest.raises(ValueError, match="bracket"):
        type(c).from_json(text.replace('"bracket":[0.5,0.5]', '"bracket":[0.7,0.2]'))
    # Results saved before these fields existed still load, as exact ones.
    old = text.replace(',"method":"minmax_bound"', "").replace(',"bracket":[0.5,0.5]', "")
    old = old.replace(',"worst_payoffs":[1.0,1.0]', "")
    assert type(c).from_json(old).method == "exact"
