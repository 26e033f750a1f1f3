"""detente.alliance.Reciprocity (M7): the specification's headline example in exact fractions,
the effective-discount reduction against one-shot deviations in the 2-player game the model
builds, a seeded simulation of random matching, and hypothesis properties."""

from fractions import Fraction as F
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt
from detente.alliance import Reciprocity


def grim_sustains(g, delta):
    """One-shot deviation from (C, C) with grim reversion to (D, D), from the stage payoffs."""
    u = np.asarray(g.payoffs)
    delta = float(delta)
    return bool(u[1, 1, 0] >= u[0, 1, 0] and u[0, 0, 0] >= (1 - delta) * u[1, 0, 0] + delta * u[1, 1, 0])


def test_headline_example_exact():
    for n in range(2, 61, 2):
        m = Reciprocity(n_states=n, publicity=1)
        assert m.critical_discount("diffuse", exact=True) == F(1, 2)
        assert m.critical_discount("specific", exact=True) == F(2 * (n - 1), 2 * (n - 1) + 2)
    m = Reciprocity()
    assert m.critical_discount("specific", exact=True) == F(9, 10)
    assert m.critical_discount(exact=True) == F(1, 2)       # the model's own: diffuse
    assert m.regime() == "multilateral"
    assert m.matching_probability(exact=True) == F(1, 9)
    g = m.game()
    assert g.actions == [["C", "D"], ["C", "D"]]
    assert g.payoffs[1, 0].tolist() == [5, 0] and g.payoffs[0, 0].tolist() == [3, 3]
    assert [e.describe_strategies() for e in dt.solve.pure(g)] == [["D", "D"]]
    eff = m.effective_discount("specific", discount=F(9, 10), exact=True)
    assert eff == F(1, 2)
    assert m.discount_from_effective(F(1, 2), "specific", exact=True) == F(9, 10)
    rg = m.repeated_game("specific")
    assert isinstance(rg, dt.RepeatedGame) and rg.discount == [F(1, 4)] * 2
    assert not grim_sustains(rg.stage, rg.discount[0])
    assert grim_sustains(g, m.repeated_game("diffuse").discount[0])
    assert m.tft_threshold(exact=True) == F(2, 3)
    assert m.gtft_generosity(exact=True) == F(1, 3)


def test_regimes_and_protocol():
    assert Reciprocity(discount=0.9).regime() == "bilateral"
    assert Reciprocity(discount=0.49).regime() == "no_cooperation"
    assert Reciprocity(discount=0.89, publicity=0).regime() == "no_cooperation"
    assert Reciprocity(discount=0.5, publicity=0, n_states=2).regime() == "bilateral"
    m = Reciprocity(payoffs=[F(7, 2), 3, 1, 0], n_states=6, publicity="0.25", reciprocity="specific")
    assert m.punishment_rate(exact=True) == F(1, 5)
    assert m.punishment_rate("diffuse", exact=True) == F(1, 4) + F(3, 4) * F(1, 5)
    assert repr(m) == ("Reciprocity(payoffs=[3.5, 3, 1, 0], n_states=6, discount=0.75, "
                       "publicity=0.25, reciprocity='specific', noise=0)")
    for x in (m, Reciprocity()):
        assert Reciprocity.from_params(x.params()) == x
        assert Reciprocity.from_json(x.to_json()) == x
        y = pickle.loads(pickle.dumps(x))
        assert y == x and hash(y) == hash(x)
    assert m.reciprocity == "specific" and m.n_states == 6 and m.discount == F(3, 4)
    assert list(m.param_info()) == ["payoffs", "n_states", "discount", "publicity", "reciprocity", "noise"]
    assert "Keohane" in m.describe() and "kandori1992" in m.cite()
    assert "multilateral" in Reciprocity()._repr_html_()


@pytest.mark.parametrize("kwargs, name", [
    ({"payoffs": [3, 5, 1, 0]}, "T > R > P > S"),
    ({"payoffs": [7, 3, 1, 0]}, "2R > T"),
    ({"payoffs": [5, 3, 1]}, "payoffs"),
    ({"n_states": 7}, "n_states"),
    ({"n_states": 0}, "n_states"),
    ({"n_states": 2.5}, "n_states"),
    ({"n_states": 10**30}, "n_states"),
    ({"discount": 0}, "discount"),
    ({"publicity": 2}, "publicity"),
    ({"reciprocity": "bilateral"}, "reciprocity"),
    ({"noise": 0.5}, "noise"),
])
def test_bad_parameters_are_named(kwargs, name):
    with pytest.raises(ValueError, match=name):
        Reciprocity(**kwargs)


def test_bad_arguments():
    m = Reciprocity()
    with pytest.raises(ValueError, match="rho"):
        m.critical_discount_at(0)
    with pytest.raises(ValueError, match="discount"):
        m.effective_discount(discount=1)
    with pytest.raises(ValueError, match="reciprocity"):
        m.critical_discount("community")
    with pytest.raises(TypeError):
        Reciprocity(payoffs=[object(), 3, 1, 0])


def test_random_matching_simulation():
    # Uniform random perfect matchings of n states; state 0 cheated state 1 in period 0. The
    # mean discounted count of periods in which it is punished is rho delta / (1 - delta).
    rng = np.random.default_rng(7)
    n, delta, runs, horizon = 8, 0.7, 20000, 90
    perms = np.argsort(rng.random((runs, horizon, n)), axis=2)
    pos0 = np.argmax(perms == 0, axis=2)
    partner = np.take_along_axis(perms, (pos0 ^ 1)[..., None], axis=2)[..., 0]
    weights = delta ** np.arange(1, horizon + 1)
    for q in (0.0, 0.4):
        public = rng.random(runs) < q
        punished = np.where(public[:, None], True, partner == 1)
        mean = float((punished * weights).sum(axis=1).mean())
        m = Reciprocity(n_states=n, discount=delta, publicity=q)
        rho = m.punishment_rate("diffuse")
        assert abs(mean - rho * delta / (1 - delta)) < 0.04, (q, mean)


@st.composite
def models(draw):
    p = draw(st.integers(-5, 5))
    r = p + draw(st.integers(1, 5))
    s = p - draw(st.integers(1, 5))
    t = r + F(draw(st.integers(1, 2 * (r - s) - 1)), 2)
    return Reciprocity(payoffs=[t, r, p, s], n_states=2 * draw(st.integers(1, 40)),
                       discount=F(draw(st.integers(1, 19)), 20), publicity=F(draw(st.integers(0, 10)), 10))


@settings(max_examples=150, deadline=None)
@given(models())
def test_reduction_reproduces_the_closed_form(m):
    t, r, p, s = (F(x) for x in m.payoffs)
    two_player = (t - r) / (t - p)
    g = m.stage_game()
    for kind in ("specific", "diffuse"):
        rho = m.punishment_rate(kind, exact=True)
        closed = m.critical_discount(kind, exact=True)
        assert closed == (t - r) / ((t - r) + rho * (r - p))
        assert m.discount_from_effective(two_player, kind, exact=True) == closed
        assert m.effective_discount(kind, discount=closed, exact=True) == two_player
        assert grim_sustains(g, m.effective_discount(kind, discount=closed, exact=True) + F(1, 10**9))
    n = m.n_states
    assert m.critical_discount("specific", exact=True) == (n - 1) * (t - r) / ((n - 1) * (t - r) + r - p)
    assert m.critical_discount("diffuse", exact=True) <= m.critical_discount("specific", exact=True)
    bigger = Reciprocity.from_params({**m.params(), "n_states": n + 2})
    assert bigger.critical_discount("specific", exact=True) > m.critical_discount("specific", exact=True)


def test_tournament_and_strategy_payoffs():
    m = Reciprocity()                       # diffuse, q = 1: effective discount 3/4
    names = m.strategy_names()
    assert names == ["TFT", "GRIM", "GTFT", "WSLS", "ALLD", "ALLC"]
    v = m.strategy_payoffs(exact=True)
    d = F(3, 4)
    i = names.index
    assert v[i("TFT")][i("TFT")] == 3
    assert v[i("GRIM")][i("ALLD")] == (1 - d) * 0 + d * 1
    assert v[i("ALLD")][i("GRIM")] == (1 - d) * 5 + d * 1
    assert v[i("WSLS")][i("ALLD")] == (0 + d * 1) / (1 + d)
    floats = m.strategy_payoffs()
    assert floats.shape == (6, 6) and np.allclose(floats, np.array(v, dtype=float), rtol=0, atol=1e-15)
    e = F(1, 4)                             # specific reciprocity, n = 10
    assert m.strategy_payoffs("specific", exact=True)[i("ALLD")][i("GRIM")] == (1 - e) * 5 + e * 1
    df = m.tournament(turns=200, repetitions=2, seed=3)
    assert list(df.columns) == ["rank", "strategy", "median_score", "mean_score", "wins", "cooperation_rate"]
    assert sorted(df["strategy"]) == sorted(names)
    noisy = Reciprocity(noise=0.05)
    a, b = noisy.tournament(100, 4, 9), noisy.tournament(100, 4, 9)
    assert a.equals(b)
    with pytest.raises(ValueError, match="turns"):
        m.tournament(turns=0)
    with pytest.raises(ValueError, match="turns"):
        m.tournament(turns=-5)
    with pytest.raises(ValueError, match="turns"):
        m.tournament(turns=10**12)          # refused before anything runs
    with pytest.raises(TypeError, match="repetitions"):
        m.tournament(repetitions=2.5)
    with pytest.raises(ValueError, match="seed"):
        m.tournament(seed=-1)


def test_generic_critical_discount_and_contagion():
    m = Reciprocity()
    for kind in ("specific", "diffuse"):
        c = m.repeated_game(kind).critical_discount(("C", "C"), punishment="grim")
        assert m.discount_from_effective(c.discount_exact, kind, exact=True) == m.critical_discount(kind, exact=True)
    two = Reciprocity(n_states=2).contagion_threshold()
    assert two["exact"] == F(1, 2) and two["discount"] == 0.5
    four = Reciprocity(n_states=4).contagion_threshold()
    assert four["exact"] is None and four["polynomial"] == [-3, 3, 2]   # 2d^2 + 3d - 3
    lo, hi = four["bracket"]
    assert lo <= F((33 ** 0.5 - 3) / 4) + F(1, 10**12) and hi - lo < F(1, 2**100)
    assert abs(four["discount"] - (33 ** 0.5 - 3) / 4) < 1e-15
    assert four["discount"] == dt.repeated.contagion_threshold(Reciprocity(n_states=4).stage_game(), population=4).discount


def test_strategy_game_invasion():
    m = Reciprocity()                                 # δ = 3/4: diffuse 1/2 <= δ < 9/10 specific
    for kind, grim_stable in (("diffuse", True), ("specific", False)):
        g = m.strategy_game(kind)
        assert g.actions[0] == m.strategy_names()
        eqs = [e.describe_strategies() for e in dt.solve.pure(g)]
        assert (["GRIM", "GRIM"] in eqs) == grim_stable
        assert ["ALLD", "ALLD"] in eqs
        assert np.array_equal(g.payoffs[..., 0], m.strategy_payoffs(kind))
