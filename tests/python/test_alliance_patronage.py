"""detente.alliance.ProtectionForPatronage (M1): the specification's headline example in exact
fractions, the closed forms against the game the model builds (pure enumeration, one-shot
deviations computed here from the stage payoffs, a numeric search of the Nash product), and
hypothesis properties over the valid ranges."""

from fractions import Fraction as F
import math
import pickle

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import detente as dt
from detente.alliance import ProtectionForPatronage


def exact_cells(m, price=None):
    """The stage payoffs rebuilt here from the derived quantities (an independent formula)."""
    d = m.derived(exact=True)
    a = m.price(exact=True) if price is None else F(price)
    lp, lc = (F(x) for x in m.autonomy_value)
    b, k = d["security_gain"], d["protection_cost"]
    return {("Protect", "Defer"): (lp * a - k, b - lc * a), ("Protect", "Hedge"): (-k, b),
            ("Abandon", "Defer"): (lp * a, -lc * a), ("Abandon", "Hedge"): (F(0), F(0))}


def grim_sustains(u, delta):
    """One-shot deviations from (Protect, Defer) with grim reversion to (Abandon, Hedge)."""
    delta = F(delta)
    pd, ad, ph, ah = u["Protect", "Defer"], u["Abandon", "Defer"], u["Protect", "Hedge"], u["Abandon", "Hedge"]
    nash = ah[0] >= ph[0] and ah[1] >= ad[1]
    return (nash and pd[0] >= (1 - delta) * ad[0] + delta * ah[0]
            and pd[1] >= (1 - delta) * ph[1] + delta * ah[1])


def test_headline_example_exact():
    m = ProtectionForPatronage()
    d = m.derived(exact=True)
    assert (d["success_alone"], d["success_allied"]) == (F(1, 5), F(5, 7))
    assert (d["security_gain"], d["protection_cost"], d["surplus"]) == (F(27, 175), F(3, 50), F(33, 350))
    b = m.bargain(exact=True)
    assert b["price"] == b["nash_price"] == F(3, 28)
    assert (b["patron_gain"], b["client_gain"]) == (F(33, 700), F(33, 700))
    assert b["participation"] and not b["outside_option_binds"]
    assert m.price() == 3 / 28
    t = m.thresholds(exact=True)
    assert (t["patron"], t["client"], t["critical"]) == (F(14, 25), F(25, 36), F(25, 36))
    assert m.critical_discount() == 25 / 36
    assert m.regime() == "exchange_sustainable"
    g = m.game()
    assert g.players == ["Patron", "Client"]
    assert g.actions == [["Protect", "Abandon"], ["Defer", "Hedge"]]
    expected = {("Protect", "Defer"): (F(33, 700), F(33, 700)), ("Protect", "Hedge"): (F(-3, 50), F(27, 175)),
                ("Abandon", "Defer"): (F(3, 28), F(-3, 28)), ("Abandon", "Hedge"): (F(0), F(0))}
    assert exact_cells(m) == expected
    for (r, c), u in expected.items():
        i, j = g.actions[0].index(r), g.actions[1].index(c)
        assert tuple(g.payoffs[i, j]) == tuple(float(x) for x in u)
    eqs = dt.solve.pure(g)
    assert [e.describe_strategies() for e in eqs] == [["Abandon", "Hedge"]]
    # Minmax (0, 0): against every mix of the other, each side's best reply earns >= 0.
    for q in np.linspace(0, 1, 201):
        assert max(q * expected[r, "Defer"][0] + (1 - q) * expected[r, "Hedge"][0] for r in ("Protect", "Abandon")) >= 0
        assert max(q * expected["Protect", c][1] + (1 - q) * expected["Abandon", c][1] for c in ("Defer", "Hedge")) >= 0
    rg = m.repeated_game()
    assert isinstance(rg, dt.RepeatedGame) and rg.discount == [F(9, 10)] * 2 and rg.stage == g
    assert m.repeated_game(discount=F(1, 2)).discount == [F(1, 2)] * 2
    assert grim_sustains(expected, F(25, 36)) and not grim_sustains(expected, F(25, 36) - F(1, 10**9))
    e = m.easiest_price(exact=True)
    assert (e["price_squared"], e["threshold_squared"]) == (F(81, 8750), F(7, 18))
    assert math.isclose(e["threshold"], math.sqrt(7 / 18), rel_tol=1e-15)
    assert e["feasible"]


def test_nash_product_search_matches_the_closed_form():
    for beta, lam in [(0.5, (1, 1)), (0.2, (1, 2)), (0.9, (3, 0.5))]:
        m = ProtectionForPatronage(bargaining_power=beta, autonomy_value=lam)
        d = m.derived()
        b, k = d["security_gain"], d["protection_cost"]
        a = np.linspace(k / lam[0], b / lam[1], 200001)[1:-1]
        product = beta * np.log(lam[0] * a - k) + (1 - beta) * np.log(b - lam[1] * a)
        assert abs(a[np.argmax(product)] - m.bargain()["nash_price"]) < 1e-6


def test_alternatives_exact_inputs_and_protocol():
    direct = ProtectionForPatronage(success_alone=F(1, 5), success_allied=F(5, 7))
    assert direct.price(exact=True) == F(3, 28)
    assert direct.patron_capability is None and direct.success_allied == 5 / 7
    assert direct.params()["patron_capability"] is None
    m = ProtectionForPatronage(patience=[1, 3])
    assert m.bargaining_power == F(3, 4) and m.params()["bargaining_power"] is None
    assert m.price(exact=True) == F(3, 4) * F(27, 175) + F(1, 4) * F(3, 50)
    # Decimal strings and Fractions stay exact.
    third = ProtectionForPatronage(bargaining_power=F(1, 3), attack_prob="0.3")
    assert third.price(exact=True) == F(1, 3) * F(27, 175) + F(2, 3) * F(3, 50)
    for x in (direct, m, third, ProtectionForPatronage(autonomy_value=2, outside_option=0.01)):
        assert ProtectionForPatronage.from_params(x.params()) == x
        assert ProtectionForPatronage.from_json(x.to_json()) == x
        y = pickle.loads(pickle.dumps(x))
        assert y == x and hash(y) == hash(x) and repr(y) == repr(x)
    assert ProtectionForPatronage(autonomy_value=2).autonomy_value == [2, 2]
    info = ProtectionForPatronage().param_info()
    assert list(info) == ["patron_capability", "client_capability", "threat_capability",
                          "success_alone", "success_allied", "attack_prob", "client_loss",
                          "war_cost", "strategic_value", "bargaining_power", "patience",
                          "autonomy_value", "outside_option", "discount"]
    assert info["discount"]["range"] == "a number in the open interval (0, 1)"
    assert "exchange_sustainable" in ProtectionForPatronage()._repr_html_()
    assert "Morrow" in ProtectionForPatronage().describe()
    assert "@article{morrow1991" in ProtectionForPatronage().cite()


def test_regimes_and_the_one_shot_game():
    assert ProtectionForPatronage(attack_prob=0).regime() == "no_alliance"
    assert ProtectionForPatronage(war_cost=1).regime() == "no_alliance"
    assert ProtectionForPatronage(outside_option=0.1).regime() == "no_alliance"
    assert ProtectionForPatronage(discount=0.69).regime() == "exchange_unsustainable"
    assert ProtectionForPatronage(discount=F(25, 36)).regime() == "exchange_sustainable"
    free_ride = ProtectionForPatronage(strategic_value=1)
    assert free_ride.regime() == "unilateral_guarantee" and free_ride.price() > 0
    assert [e.describe_strategies() for e in dt.solve.pure(free_ride.game())] == [["Protect", "Hedge"]]
    aid = ProtectionForPatronage(strategic_value=1, bargaining_power=0.1, war_cost=0)
    assert aid.price() < 0 and aid.regime() == "unilateral_guarantee"
    assert [e.describe_strategies() for e in dt.solve.pure(aid.game())] == [["Protect", "Defer"]]
    with pytest.raises(ValueError, match="k_P"):
        free_ride.thresholds()
    with pytest.raises(ValueError, match="k_P"):
        free_ride.easiest_price()
    binds = ProtectionForPatronage(outside_option=0.05).bargain(exact=True)
    assert binds["outside_option_binds"] and binds["price"] == F(73, 700)


def test_rubinstein():
    m = ProtectionForPatronage()
    assert m.rubinstein(0.9, 0.9, exact=True)["share"] == F(10, 19)
    # eta_i = exp(-r_i dt) -> beta = r_C/(r_P + r_C) = 3/4.
    for dt_ in (1e-2, 1e-4):
        assert abs(m.rubinstein(math.exp(-dt_), math.exp(-3 * dt_))["share"] - 0.75) < 2 * dt_
    with pytest.raises(ValueError, match="patron_discount"):
        m.rubinstein(1, 0.5)


@pytest.mark.parametrize("kwargs, name", [
    ({"patron_capability": 0}, "patron_capability"),
    ({"threat_capability": float("nan")}, "threat_capability"),
    ({"success_alone": 0.6, "success_allied": 0.5}, "success_allied"),
    ({"success_alone": 0.1}, "success_allied"),
    ({"success_alone": 0.1, "success_allied": 0.5, "client_capability": 2}, "success_alone"),
    ({"attack_prob": 1.5}, "attack_prob"),
    ({"client_loss": -1}, "client_loss"),
    ({"war_cost": -0.1}, "war_cost"),
    ({"bargaining_power": 2}, "bargaining_power"),
    ({"patience": [1, 0]}, "patience"),
    ({"patience": [1, 2], "bargaining_power": 0.5}, "patience"),
    ({"patience": [1, 2, 3]}, "patience"),
    ({"autonomy_value": [1, -1]}, "autonomy_value"),
    ({"outside_option": -1}, "outside_option"),
    ({"discount": 1}, "discount"),
    ({"discount": "x"}, "discount"),
])
def test_bad_parameters_are_named(kwargs, name):
    with pytest.raises(ValueError, match=name):
        ProtectionForPatronage(**kwargs)


def test_bad_argument_types():
    with pytest.raises(TypeError, match="war_cost"):
        ProtectionForPatronage(war_cost=object())
    with pytest.raises(TypeError):
        ProtectionForPatronage(discount=True)
    with pytest.raises(ValueError, match="price"):
        ProtectionForPatronage().stage_game(price=float("inf"))
    with pytest.raises(ValueError, match="has no parameter"):
        ProtectionForPatronage.from_params({"beta": 0.5})


tenths = st.integers(0, 10).map(lambda k: F(k, 10))


@st.composite
def models(draw):
    return ProtectionForPatronage(
        patron_capability=draw(st.integers(1, 20)), client_capability=draw(st.integers(1, 20)),
        threat_capability=draw(st.integers(1, 20)), attack_prob=draw(tenths.filter(bool)),
        client_loss=draw(st.integers(1, 4)), war_cost=draw(tenths), strategic_value=draw(tenths),
        bargaining_power=draw(tenths), autonomy_value=[F(draw(st.integers(1, 4)), 2), F(draw(st.integers(1, 4)), 2)],
        outside_option=draw(st.integers(0, 3).map(lambda k: F(k, 20))),
        discount=draw(st.integers(1, 19).map(lambda k: F(k, 20))))


@settings(max_examples=150, deadline=None)
@given(models())
def test_split_identities_with_unit_autonomy_values(m):
    m = ProtectionForPatronage.from_params({**m.params(), "autonomy_value": 1, "outside_option": 0})
    d = m.derived(exact=True)
    assume(d["surplus"] > 0)
    b = m.bargain(exact=True)
    beta = d["bargaining_power"]
    assert b["patron_gain"] + b["client_gain"] == d["surplus"]
    assert (1 - beta) * b["patron_gain"] == beta * b["client_gain"]


@settings(max_examples=150, deadline=None)
@given(models(), st.integers(1, 400).map(lambda k: F(k, 1000)))
def test_thresholds_against_one_shot_deviations(m, a):
    d = m.derived(exact=True)
    assume(d["protection_cost"] > 0 and d["security_gain"] > 0)
    t = m.thresholds(price=a, exact=True)
    u = exact_cells(m, a)
    g = m.stage_game(price=a)
    assert [[tuple(g.payoffs[i, j]) for j in range(2)] for i in range(2)] == [
        [tuple(float(x) for x in u[r, c]) for c in ("Defer", "Hedge")] for r in ("Protect", "Abandon")]
    if t["critical"] < 1:
        assert grim_sustains(u, t["critical"])
    if t["critical"] > F(1, 10**9):
        assert not grim_sustains(u, t["critical"] - F(1, 10**9))
    e = m.easiest_price(exact=True)
    assert e["threshold_squared"] <= t["critical"] ** 2
    assert math.isclose(e["threshold"] ** 2, float(e["threshold_squared"]), rel_tol=1e-12)


@settings(max_examples=150, deadline=None)
@given(models())
def test_regime_matches_the_game(m):
    regime = m.regime()
    b = m.bargain(exact=True)
    u = exact_cells(m)
    if regime == "no_alliance":
        assert not b["participation"]
    elif regime == "unilateral_guarantee":
        assert all(u["Protect", c][0] >= u["Abandon", c][0] for c in ("Defer", "Hedge"))
    else:
        assert grim_sustains(u, m.discount) == (regime == "exchange_sustainable")
        assert [e.describe_strategies() for e in dt.solve.pure(m.game())] == [["Abandon", "Hedge"]]


def test_closed_form_equals_the_generic_critical_discount():
    m = ProtectionForPatronage()
    c = m.repeated_game().critical_discount(("Protect", "Defer"), punishment="grim")
    assert c.discount_exact == F(25, 36) and c.holds
    assert list(c.thresholds_exact) == [F(14, 25), F(25, 36)]


@settings(max_examples=60, deadline=None)
@given(models(), st.integers(1, 400).map(lambda k: F(k, 1000)))
def test_generic_critical_discount_property(m, a):
    d = m.derived(exact=True)
    assume(d["protection_cost"] > 0 and d["security_gain"] > 0)
    t = m.thresholds(price=a, exact=True)
    c = m.repeated_game(price=a).critical_discount(("Protect", "Defer"), punishment="grim")
    if t["critical"] < 1:
        assert c.discount_exact == t["critical"]
        assert list(c.thresholds_exact) == [t["patron"], t["client"]]
    else:
        assert c.discount is None
