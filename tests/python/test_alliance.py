"""detente.alliance (M2-M4): headline examples, hand derivations, and property tests whose
oracles are independent of the closed forms (the regret routine, pure enumeration, brute force
written here)."""

import itertools
from fractions import Fraction
import math
import pickle

import numpy as np
import pytest
from hypothesis import given, assume
from hypothesis import strategies as st

import detente as dt
from detente.alliance import BurdenSharing, CollectiveSecurity, RestraintGame

# ------------------------------------------------------------------------------------------
# M2: restraint game


def test_m2_headline():
    m = RestraintGame()
    assert m.regime() == "dilemma"
    c = m.mixed_closed_form()
    assert (c["firm"], c["provoke"]) == (2 / 3, 1 / 2)
    assert (c["patron_payoff"], c["client_payoff"]) == (-1 / 2, -1 / 3)
    eq = m.mixed_equilibrium()
    assert eq.regret <= 1e-12
    np.testing.assert_allclose(eq.payoffs, [-1 / 2, -1 / 3], rtol=1e-15)
    g = m.game()
    assert g.players == ["Patron", "Client"]
    assert g.actions == [["Firm", "Loose"], ["Provoke", "Restrain"]]
    assert dt.solve.pure(g) == []
    values = {i: m.outcome(i)["patron_payoff"] for i in
              ("bilateral_control", "ambiguity", "simultaneous", "no_guarantee", "multilateral_rule")}
    assert values == {"bilateral_control": 1.0, "ambiguity": 1 / 3, "simultaneous": -0.5,
                      "no_guarantee": -1.0, "multilateral_rule": -2.0}
    assert m.outcome("ambiguity")["firm"] == 2 / 3
    seq = m.sequential_game()
    eqs = dt.solve.pure(seq)
    assert [e.describe_strategies() for e in eqs] == [["Restrain", "Loose/Firm"]]
    assert list(eqs[0].payoffs) == [0.0, 1.0]


def test_m2_repr_pickle_and_errors():
    m = RestraintGame(entrapment_cost=0.5, institution="bilateral_control")
    assert repr(m) == ("RestraintGame(deterrence=1, reassurance_cost=1, entrapment_cost=0.5, "
                       "revision_gain=1, war_cost=4, abandonment_cost=1, "
                       "institution='bilateral_control')")
    m2 = pickle.loads(pickle.dumps(m))
    assert repr(m2) == repr(m) and m2.regime() == "entrapment_accepted"
    assert m.outcome() == m.outcome("bilateral_control")
    assert "Snyder" in m.describe()
    with pytest.raises(ValueError, match="reassurance_cost"):
        RestraintGame(reassurance_cost=-1)
    with pytest.raises(ValueError, match="deterrence"):
        RestraintGame(deterrence=-2)
    with pytest.raises(ValueError, match="institution"):
        RestraintGame(institution="hub")
    with pytest.raises(ValueError, match="war_cost"):
        RestraintGame(war_cost=float("nan"))
    with pytest.raises(ValueError, match="mixed"):
        m.mixed_closed_form()
    with pytest.raises(ValueError, match="several equilibria"):
        RestraintGame(revision_gain=-1, war_cost=-1).outcome("simultaneous")


quarter = st.integers(-16, 24).map(lambda k: k / 4)


@st.composite
def restraint_games(draw):
    rho = draw(st.integers(0, 16).map(lambda k: k / 4))
    d = draw(quarter.filter(lambda x: x > -rho))
    return RestraintGame(deterrence=d, reassurance_cost=rho, entrapment_cost=draw(quarter),
                         revision_gain=draw(quarter), war_cost=draw(quarter),
                         abandonment_cost=draw(st.integers(0, 16).map(lambda k: k / 4)))


EXPECTED_PURE = {
    "entrapment_accepted": [["Firm", "Provoke"]],
    "client_alone": [["Loose", "Provoke"]],
    "stable_deterrence": [["Firm", "Restrain"]],
    "dilemma": [],
}


@given(restraint_games())
def test_m2_labels_match_enumeration(m):
    g = m.game()
    found = [e.describe_strategies() for e in dt.solve.pure(g)]
    label = m.regime()
    if label in EXPECTED_PURE:
        assert found == EXPECTED_PURE[label]
        o = m.outcome("simultaneous")
        prof = [[o["firm"], 1 - o["firm"]], [o["provoke"], 1 - o["provoke"]]]
        assert g.max_regret(prof) <= 1e-12
    if label == "dilemma":
        eq = m.mixed_equilibrium()
        assert eq.regret <= 1e-12
        commit = m.outcome("ambiguity")["patron_payoff"]
        assert commit >= eq.payoffs[0] - 1e-12  # commitment beats every NE for the leader
        if m.deterrence >= 0:
            assert m.outcome("bilateral_control")["patron_payoff"] >= commit - 1e-12


# ------------------------------------------------------------------------------------------
# M3: burden sharing


def test_m3_headline():
    m = BurdenSharing()
    eq = m.equilibrium()
    assert eq["contributors"] == [0, 1] and eq["free_riders"] == [2]
    assert eq["total"] == pytest.approx(160 / 3, rel=1e-15)
    np.testing.assert_allclose(eq["spending"], [140 / 3, 20 / 3, 0], rtol=1e-15)
    np.testing.assert_allclose(eq["burden_shares"], [7 / 15, 1 / 9, 0], rtol=1e-15)
    assert m.pareto_total() == 85.0
    assert m.regime() == "minilateral"
    g = m.discretized_game(10 / 3)
    assert g.shape == [30, 18, 3] and g.players == ["State 1", "State 2", "State 3"]
    assert any(e.support == [[14], [2], [0]] for e in dt.solve.pure(g))


def test_m3_dynamics_and_errors():
    m = BurdenSharing(income=[1, 1, 1], security_weight=0.5)
    np.testing.assert_allclose(m.equilibrium()["spending"], [0.25] * 3, rtol=1e-15)
    # From zero every state replies alpha * Y = 1/2 (nobody else spends), then 0 (the others'
    # 1 exceeds alpha * Y / (1 - alpha)): the Jacobi dynamics alternate, reported as data.
    j = m.simultaneous_best_response()
    assert j["converged"] is False and j["rounds"] == 2
    assert j["cycle"] == [[0.0, 0.0, 0.0], [0.5, 0.5, 0.5]]
    r = m.sequential_best_response()
    np.testing.assert_allclose(r["spending"], [0.25] * 3, rtol=1e-10)
    with pytest.raises(dt.SolverError, match="max_rounds"):
        BurdenSharing().sequential_best_response(tol=1e-300, max_rounds=2)
    with pytest.raises(ValueError, match="spillover"):
        BurdenSharing(spillover=1.5)
    with pytest.raises(ValueError, match="security_weight"):
        BurdenSharing(security_weight=[0.5, 1.0, 0.5])
    with pytest.raises(ValueError, match=r"income\[1\]"):
        BurdenSharing(income=[1, 0])
    with pytest.raises(ValueError, match="names"):
        BurdenSharing(names=["US"])


def test_m3_repr_and_pickle():
    m = BurdenSharing(income=[3, 2], security_weight=[0.4, 0.6], spillover=0.5, names=["US", "UK"])
    assert repr(m) == ("BurdenSharing(income=[3, 2], security_weight=[0.4, 0.6], "
                       "spillover=0.5, names=['US', 'UK'])")
    assert repr(pickle.loads(pickle.dumps(m))) == repr(m)
    assert m.discretized_game(1.0).players == ["US", "UK"]


@given(st.lists(st.floats(1, 1000), min_size=1, max_size=6),
       st.floats(0.02, 0.98), st.floats(0, 1))
def test_m3_kkt_and_gauss_seidel(income, alpha, psi):
    m = BurdenSharing(income=income, security_weight=alpha, spillover=psi)
    eq = m.equilibrium()
    d, total, scale = eq["spending"], eq["total"], max(income)
    for i, (y, di) in enumerate(zip(income, d)):
        target = alpha * y - (1 - alpha) * psi * (total - di)
        if di > 0:
            assert abs(di - target) <= 1e-9 * scale
        else:
            assert target <= 1e-9 * scale
    gs = m.sequential_best_response(tol=1e-12 * scale, max_rounds=1_000_000)
    np.testing.assert_allclose(gs["spending"], d, atol=1e-7 * scale)
    # Exploitation: with a common alpha, burdens rise with income.
    shares = eq["burden_shares"]
    for i, j in itertools.permutations(range(len(income)), 2):
        if income[i] < income[j]:
            assert shares[i] <= shares[j] + 1e-12


@given(st.lists(st.floats(1, 1000), min_size=2, max_size=6), st.floats(0.02, 0.98),
       st.floats(0, 1), st.floats(0.05, 0.9))
def test_m3_warr_neutrality(income, alpha, psi, u):
    eq = BurdenSharing(income=income, security_weight=alpha, spillover=psi).equilibrium()
    assume(len(eq["contributors"]) >= 2)
    i, j = eq["contributors"][:2]
    t = u * eq["spending"][i] * (1 - (1 - alpha) * psi) / alpha
    moved = list(income)
    moved[i] -= t
    moved[j] += t
    eq2 = BurdenSharing(income=moved, security_weight=alpha, spillover=psi).equilibrium()
    assert eq2["contributors"] == eq["contributors"]
    assert eq2["total"] == pytest.approx(eq["total"], rel=1e-9)


# ------------------------------------------------------------------------------------------
# M4: collective security


def joiners(eq):
    return sorted(i for i, s in enumerate(eq.support) if s == [0])


def test_m4_headline():
    vd = CollectiveSecurity.volunteers_dilemma(3, 2.0, 1.0)
    p = vd.volunteer_closed_form()
    assert p == pytest.approx(1 - math.sqrt(0.5), rel=1e-15)
    assert round(p, 6) == 0.292893
    assert vd.symmetric_mixed_equilibria() == [pytest.approx(p, rel=1e-14)]
    assert round(1 - vd.success_probability([p] * 3), 6) == 0.353553
    assert vd.game().max_regret([[p, 1 - p]] * 3) <= 1e-12
    m = CollectiveSecurity(capability=[5, 3, 2, 2, 1], threshold=7, benefit=10, cost=[3, 2, 2, 1, 1])
    expected = [[], [0, 1], [0, 2], [0, 3], [1, 2, 3]]
    assert m.stable_coalitions() == expected
    assert m.minimal_winning_coalitions() == expected[1:]
    assert sorted(joiners(e) for e in dt.solve.pure(m.game())) == sorted(expected)
    assert m.game().actions[0] == ["Join", "Abstain"]
    assert m.regime() == "minilateral"
    assert m.smallest_stable_coalition() == [0, 3]


def test_m4_repr_pickle_errors():
    m = CollectiveSecurity(capability=[2, 1], threshold=2, benefit=3, cost=1,
                           rivalry=[[0, 1], [1, 0]], deconfliction=0.5, names=["US", "JP"])
    assert repr(m) == ("CollectiveSecurity(capability=[2, 1], threshold=2, benefit=[3, 3], "
                       "cost=[1, 1], rivalry=[[0, 1], [1, 0]], deconfliction=0.5, "
                       "names=['US', 'JP'])")
    assert repr(pickle.loads(pickle.dumps(m))) == repr(m)
    assert m.game().players == ["US", "JP"]
    with pytest.raises(ValueError, match="threshold"):
        CollectiveSecurity(threshold=0)
    with pytest.raises(ValueError, match="symmetric"):
        CollectiveSecurity(capability=[1, 1], threshold=1, benefit=1, cost=1, rivalry=[[0, 1], [0, 0]])
    with pytest.raises(ValueError, match="deconfliction"):
        CollectiveSecurity(deconfliction=1.5)
    with pytest.raises(ValueError, match="cost"):
        CollectiveSecurity(cost=[1, 2])
    with pytest.raises(ValueError, match="capability"):
        CollectiveSecurity(capability=[1.0] * 26, cost=1)
    with pytest.raises(ValueError, match="symmetric mixed"):
        CollectiveSecurity().symmetric_mixed_equilibria()


def brute_force_pure(m):
    """Pure equilibria from the payoff formula, independent of the library."""
    n = len(m.capability)
    r = m.rivalry or [[0.0] * n for _ in range(n)]

    def u(i, s):
        win = sum(m.capability[j] for j in s) >= m.threshold
        pay = m.benefit[i] * win
        if i in s:
            pay -= m.cost[i] + m.deconfliction * sum(r[i][j] for j in s if j != i)
        return pay

    out = []
    for bits in itertools.product([0, 1], repeat=n):
        s = {i for i in range(n) if bits[i]}
        if all(u(i, s) >= u(i, s ^ {i}) for i in range(n)):
            out.append(sorted(s))
    return sorted(out)


@st.composite
def threshold_games(draw):
    n = draw(st.integers(1, 6))
    ints = lambda lo, hi: st.lists(st.integers(lo, hi), min_size=n, max_size=n)
    upper = draw(st.lists(st.integers(0, 2), min_size=n * n, max_size=n * n))
    r = [[0 if i == j else upper[min(i, j) * n + max(i, j)] for j in range(n)] for i in range(n)]
    return CollectiveSecurity(capability=draw(ints(0, 4)), threshold=draw(st.integers(1, 9)),
                              benefit=draw(ints(1, 7)), cost=draw(ints(1, 7)), rivalry=r,
                              deconfliction=draw(st.sampled_from([0.0, 0.5, 1.0])))


@given(threshold_games())
def test_m4_characterization_equals_brute_force(m):
    assert sorted(m.stable_coalitions()) == brute_force_pure(m)


@given(st.integers(2, 7), st.integers(1, 7), st.integers(1, 11), st.integers(1, 11))
def test_m4_symmetric_mixed_indifference(n, k, b, c):
    assume(k <= n)
    m = CollectiveSecurity.k_threshold(n, k, float(b), float(c))
    g = m.game()
    for p in m.symmetric_mixed_equilibria():
        assert 0 < p < 1
        values = g.payoff([[p, 1 - p]] * n)
        assert g.max_regret([[p, 1 - p]] * n) <= 1e-12, (n, k, b, c, p, values)
    if b > c:
        assert len(m.stable_coalitions()) == math.comb(n, k) + (k >= 2)


def test_exact_fractions_to_quote():
    c = RestraintGame().mixed_closed_form(exact=True)
    assert c == {"firm": Fraction(2, 3), "provoke": Fraction(1, 2),
                 "patron_payoff": Fraction(-1, 2), "client_payoff": Fraction(-1, 3)}
    eq = BurdenSharing().equilibrium(exact=True)
    assert eq["spending"] == [Fraction(140, 3), Fraction(20, 3), 0]
    assert eq["total"] == Fraction(160, 3)
    assert eq["burden_shares"] == [Fraction(7, 15), Fraction(1, 9), 0]
    assert (eq["contributors"], eq["free_riders"]) == ([0, 1], [2])


@pytest.mark.parametrize("model, key", [(RestraintGame(), "snyder1984"),
                                        (BurdenSharing(), "olson1966"),
                                        (CollectiveSecurity(), "diekmann1985")])
def test_describe_and_cite(model, key):
    text = model.describe()
    assert "Question:" in text and "Sources:" in text and "Deviation" in text
    bib = model.cite()
    assert f"{{{key}," in bib and bib.count("@") >= 3


# ------------------------------------------------------------------------------------------
# The alliance-model protocol, the same on every class


MODELS = [
    RestraintGame(),
    RestraintGame(entrapment_cost=0.5, institution="ambiguity"),
    BurdenSharing(),
    BurdenSharing(income=[3, 2], security_weight=[0.4, 0.6], spillover=0.5, names=["US", "UK"]),
    CollectiveSecurity(),
    CollectiveSecurity(capability=[2, 1], threshold=2, benefit=3, cost=1,
                       rivalry=[[0, 1], [1, 0]], deconfliction=0.5, names=["US", "JP"]),
]
CLASSES = [RestraintGame, BurdenSharing, CollectiveSecurity]
PROTOCOL = ["params", "param_info", "from_params", "game", "regime", "describe", "cite",
            "to_json", "from_json", "_repr_html_"]


@pytest.mark.parametrize("m", MODELS, ids=repr)
def test_protocol_round_trips(m):
    cls = type(m)
    params = m.params()
    assert list(params) == list(m.param_info())
    back = cls.from_params(params)
    assert back == m and back is not m and back.params() == params
    assert cls.from_json(m.to_json()) == m
    assert pickle.loads(pickle.dumps(m)) == m
    assert hash(back) == hash(m) and len({m, back}) == 1
    assert all(o != m for o in MODELS if o is not m)
    for name, info in m.param_info().items():
        assert info["value"] == params[name]
        assert info["range"] and info["meaning"], name
    html = m._repr_html_()
    assert all(f"<code>{name}</code>" in html for name in params)
    assert f"regime: <code>{m.regime()}</code>" in html
    assert isinstance(m.game(), dt.Game)
    assert repr(m).startswith(cls.__name__ + "(")


def test_protocol_regimes_hand_derived():
    # M2 (spec: first match): d = rho = 1, e = 3, g = 1, w = 4, alpha = 1 has e > d, g > 0,
    # w > g + alpha: the dilemma; w = 1.5 < g + alpha = 2: client_alone; e = 1/2 < d:
    # entrapment_accepted; g = -1 with w > g + alpha: stable_deterrence; g = -1, w = -1 (< g +
    # alpha = 0) with e > d: the unlabelled coordination game.
    assert RestraintGame.from_params({}).regime() == "dilemma"
    assert RestraintGame.from_params({"war_cost": "1.5"}).regime() == "client_alone"
    assert RestraintGame.from_params({"entrapment_cost": Fraction(1, 2)}).regime() == \
        "entrapment_accepted"
    assert RestraintGame.from_params({"revision_gain": -1}).regime() == "stable_deterrence"
    assert RestraintGame.from_params({"revision_gain": -1, "war_cost": -1}).regime() == \
        "unlabelled"
    # M3: psi = 0 is national defense only; equal incomes all contribute (d_i = Y/4 > 0 for
    # three states, alpha = 1/2); incomes (100, 1): kappa_2 = 1 <= D = 50 (only the rich pays).
    assert BurdenSharing.from_params({"spillover": 0}).regime() == "no_alliance"
    assert BurdenSharing.from_params({"income": [1, 1, 1]}).regime() == "multilateral"
    assert BurdenSharing.from_params({"income": [100, 1]}).regime() == "unilateral"
    # M4 headline: the smallest stable coalitions have two states ({0, 3}).
    assert CollectiveSecurity.from_params({}).regime() == "minilateral"
    # Any one of two states wins alone with b = 10 > c = 1: unilateral.
    assert CollectiveSecurity.from_params({"capability": [1, 1], "threshold": 1}).regime() == \
        "unilateral"
    # Nobody can reach 7 with capability (1, 1): only nobody is stable.
    assert CollectiveSecurity(capability=[1, 1]).regime() == "no_alliance"


@pytest.mark.parametrize("cls", CLASSES)
def test_help_text(cls):
    import pydoc
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    assert cls.__doc__ and "protocol" in cls.__doc__
    assert cls.__doc__.splitlines()[0] in text
    for name in PROTOCOL:
        assert getattr(cls, name).__doc__, name
        assert name in text or name.startswith("_"), name


def test_defaults_follow_the_number_of_states():
    m = CollectiveSecurity(capability=[1, 1], threshold=1)
    assert m.cost == [1.0, 1.0] and m.benefit == [10.0, 10.0]
    assert m.names == ["State 1", "State 2"]
    assert m.stable_coalitions() == [[0], [1]]
    assert BurdenSharing(income=[1, 2, 3, 4]).names == ["State 1", "State 2", "State 3", "State 4"]


def test_collections_of_any_kind():
    import collections
    import numpy as np
    m = BurdenSharing(income=np.array([100.0, 60.0, 10.0]), security_weight=np.float64(0.5))
    assert m == BurdenSharing(income=(100, 60, 10))
    assert BurdenSharing(income=range(1, 4)) == BurdenSharing(income=[1, 2, 3])
    assert BurdenSharing.from_params(collections.OrderedDict(income=[100, 60, 10])) == m
    c = CollectiveSecurity(capability=np.ones(2), threshold=1, rivalry=np.zeros((2, 2)))
    assert c.rivalry == [[0.0, 0.0], [0.0, 0.0]]
    with pytest.raises(TypeError, match="income"):
        BurdenSharing(income={100, 60})


def test_exact_inputs_and_strings():
    m = BurdenSharing.from_params({"income": ["100", "60", "10"], "security_weight": Fraction(1, 2),
                                   "spillover": 1})
    assert m == BurdenSharing()
    assert m.equilibrium(exact=True)["total"] == Fraction(160, 3)
    assert BurdenSharing(income=[Fraction(100), 60, "10"]) == BurdenSharing()
    # Fractions and short decimals stay exact in the closed forms (hand derivations in
    # tests/alliance.rs: phi* = 29/30, pi* = 1/3; d = (2/15, 1/30, 0), D = 1/6).
    r = RestraintGame(deterrence=Fraction(1, 3), revision_gain=Fraction(1, 10))
    assert r.mixed_closed_form(exact=True) == {"firm": Fraction(29, 30), "provoke": Fraction(1, 3),
                                               "patron_payoff": Fraction(-2, 3),
                                               "client_payoff": Fraction(-1, 30)}
    eq = BurdenSharing.from_params({"income": ["0.3", "0.2", "0.1"]}).equilibrium(exact=True)
    assert eq["spending"] == [Fraction(2, 15), Fraction(1, 30), 0]
    assert eq["burden_shares"] == [Fraction(4, 9), Fraction(1, 6), 0]


def test_bad_inputs_name_the_argument():
    b = BurdenSharing()
    with pytest.raises(ValueError, match=r"spending\[0\]"):
        b.utility(0, [400, 10, 0])
    with pytest.raises(ValueError, match=r"spending\[1\]"):
        b.utility(0, [10, -1, 0])
    with pytest.raises(ValueError, match="spending"):
        b.utility(0, [10, 1])
    with pytest.raises(ValueError, match="state"):
        b.utility(3, [10, 1, 0])
    assert b.utility(2, [0, 0, 5]) == pytest.approx(5.0, rel=1e-15)
    with pytest.raises(ValueError, match="spillover"):
        BurdenSharing.from_params({"spilover": 1})
    with pytest.raises(ValueError, match=r"income\[1\]"):
        BurdenSharing.from_params({"income": [1, "x"]})
    with pytest.raises(ValueError, match=r"spillover must be a number in \[0, 1\]"):
        BurdenSharing.from_params({"spillover": "2"})
    with pytest.raises(TypeError, match="income"):
        BurdenSharing.from_params({"income": {"a": 1}})
    with pytest.raises(ValueError, match="institution"):
        RestraintGame.from_params({"institution": 3})
    with pytest.raises(ValueError, match="deterrence"):
        RestraintGame.from_params({"deterrence": -5})
    with pytest.raises(ValueError, match="rivalry"):
        CollectiveSecurity.from_params({"rivalry": [1, 2]})
    with pytest.raises(TypeError):
        CollectiveSecurity.from_params([("threshold", 1)])
    with pytest.raises(ValueError, match="names"):
        CollectiveSecurity.from_json('{"names": ["A"]}')
    with pytest.raises(ValueError):
        CollectiveSecurity.from_json("not json")


PARAM_NAMES = sorted({name for m in MODELS for name in m.params()} | {"", "k", "spilover"})
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**400, 10**400),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5),
                    st.fractions(), st.sampled_from(["1", "0.5", "-1", "ambiguity", "nan"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=6),
                                                        st.dictionaries(st.text(max_size=3), inner,
                                                                        max_size=2)),
                      max_leaves=12)


@given(st.sampled_from(CLASSES),
       st.dictionaries(st.one_of(st.sampled_from(PARAM_NAMES), st.integers()), values, max_size=4))
def test_malformed_params_raise_only_value_or_type_errors(cls, params):
    try:
        m = cls.from_params(params)
    except (ValueError, TypeError):
        return
    assert cls.from_params(m.params()) == m
