"""M5, institutional power (``detente.alliance.InstitutionalPower``): the specification's
headline numbers, the apex game's closed forms (computed here from the formulas), every index
and coalition size against an enumeration of coalitions and orderings written here, and
hostile parameters."""

import itertools
import math
import pickle
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente as dt
from detente.alliance import InstitutionalPower

ELECTED = [f"E{i}" for i in range(1, 11)]


# ------------------------------------------------------------------------------------------
# An independent oracle: the rule from the parameters, every coalition or ordering enumerated.


def make_wins(weights, quota, veto=(), count=None, blocking=None):
    n = len(weights)

    def wins(s):  # s: a frozenset of member indices
        main = sum(weights[i] for i in s) >= quota and (count is None or len(s) >= count)
        clause = blocking is not None and n - len(s) < blocking
        return all(v in s for v in veto) and (main or clause)

    return wins


def coalitions(n):
    for k in range(n + 1):
        for c in itertools.combinations(range(n), k):
            yield frozenset(c)


def shapley_shubik_by_orderings(n, wins):
    """The share of the n! orderings in which each member is pivotal."""
    pivots = [0] * n
    for order in itertools.permutations(range(n)):
        s = set()
        for i in order:
            s.add(i)
            if wins(frozenset(s)):
                pivots[i] += 1
                break
    return [Fraction(p, math.factorial(n)) for p in pivots]


def shapley_shubik_by_subsets(n, wins):
    """The subset formula: sum over swings of |S|! (n - |S| - 1)! / n!, S the others."""
    out = [Fraction(0)] * n
    for s in coalitions(n):
        for i in range(n):
            if i not in s and not wins(s) and wins(s | {i}):
                out[i] += Fraction(math.factorial(len(s)) * math.factorial(n - len(s) - 1),
                                   math.factorial(n))
    return out


def swings(n, wins):
    return [sum(1 for s in coalitions(n) if i not in s and not wins(s) and wins(s | {i}))
            for i in range(n)]


def min_blocking(n, wins, group):
    full = frozenset(range(n))
    sizes = [len(b) for k in range(len(group) + 1) for b in itertools.combinations(group, k)
             if not wins(full - set(b))]
    return min(sizes) if sizes else None


# ------------------------------------------------------------------------------------------
# The headline example.


def test_security_council_headline_numbers():
    m = InstitutionalPower.un_security_council()
    assert m == InstitutionalPower()
    assert m.weights == [7.0] * 5 + [1.0] * 10 and m.quota == 39.0
    ss = m.shapley_shubik(exact=True)
    assert list(ss)[:5] == [Fraction(421, 2145)] * 5 and list(ss)[5:] == [Fraction(4, 2145)] * 10
    assert ss["United States"] == Fraction(421, 2145)
    assert m.shapley_shubik()["E1"] == pytest.approx(0.001865, abs=1e-6)
    assert m.banzhaf_swings() == [848] * 5 + [84] * 10
    bz = m.banzhaf(exact=True)
    assert (bz[0], bz[5]) == (Fraction(106, 635), Fraction(21, 1270))
    absolute = m.banzhaf(False, exact=True)
    assert (absolute[0], absolute[5]) == (Fraction(848, 2**14), Fraction(84, 2**14))
    assert m.veto_players() == ["China", "France", "Russia", "United Kingdom", "United States"]
    assert not m.is_core_empty()
    core = m.core_vertices(exact=True)
    assert core.shape == (5, 15)
    assert (core[:, :5] == np.eye(5, dtype=object)).all() and (core[:, 5:] == 0).all()
    assert list(m.nucleolus(exact=True)) == [Fraction(1, 5)] * 5 + [0] * 10
    assert np.allclose(m.nucleolus(), [0.2] * 5 + [0] * 10)
    assert m.min_winning_size() == 9
    assert m.min_blocking_size() == 1
    assert m.min_blocking_size(within=ELECTED) == 7
    assert m.min_blocking_size(within=list(range(5, 15))) == 7
    assert m.min_blocking_size(within=[]) is None
    assert m.regime() == "minilateral"
    assert isinstance(m.voting_game(), dt.VotingGame) and isinstance(m.tu_game(), dt.TUGame)


@pytest.mark.parametrize("n, veto, count", [(5, [0, 1], 3), (6, [2], 4), (7, [1, 4], 2)])
def test_veto_game_nucleolus_equals_the_lp_sequence(n, veto, count):
    m = InstitutionalPower.veto_rule([f"M{i}" for i in range(n)], veto, count)
    lp = m.tu_game().nucleolus(exact=True)
    assert lp.certified and list(m.nucleolus(exact=True)) == list(lp.allocation_exact)
    assert list(m.nucleolus(exact=True)) == [Fraction(1, len(veto)) if i in veto else 0 for i in range(n)]


def test_the_encoding_is_the_rule_nine_of_fifteen_with_the_p5():
    wins = make_wins([7] * 5 + [1] * 10, 39)
    for s in coalitions(15):
        assert wins(s) == (set(range(5)) <= s and len(s) >= 9)
    labels = InstitutionalPower().labels
    m = InstitutionalPower(labels=labels, veto=labels[:5], count=9)
    assert m.weights == [7.0] * 5 + [1.0] * 10 and m.quota == 39.0 and m.veto == labels[:5]
    assert m.shapley_shubik(exact=True)[0] == Fraction(421, 2145)
    assert InstitutionalPower.veto_rule(labels, [0, 1, 2, 3, 4], 9) == m
    old = InstitutionalPower.veto_rule(labels[:11], labels[:5], 7)
    assert (old.weights[0], old.quota) == (5.0, 27.0)


def test_a_bloc_of_seven_elected_members_is_a_sixth_veto_player():
    m = InstitutionalPower(blocs=[ELECTED[:7]])
    (row,) = m.bloc_power(exact=True)
    assert row["power"] == Fraction(1, 6) and row["separate"] == Fraction(28, 2145)
    assert row["gain"] == Fraction(1, 6) - Fraction(28, 2145)
    assert row["members"] == ELECTED[:7] and row["bloc"] == "+".join(ELECTED[:7])
    assert m.regime() == "lilliputian_bloc"
    assert m.blocs == [ELECTED[:7]] and m.params()["blocs"] == [[5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]]
    merged = m.merged_game()
    assert merged.n_players == 9 and len(merged.veto_players()) == 6
    # The merged game [39; 7x6, 1x3] by enumeration of its 9! orderings.
    ss = shapley_shubik_by_orderings(9, make_wins([7] * 6 + [1] * 3, 39))
    assert ss == [Fraction(1, 6)] * 6 + [0] * 3


def test_bloc_power_non_decreasing_in_size_and_one_sixth_from_seven():
    powers = []
    for k in range(1, 11):
        row = InstitutionalPower(blocs=[ELECTED[:k]]).bloc_power(exact=True)[0]
        assert row["separate"] == Fraction(4 * k, 2145)
        powers.append(row["power"])
    assert powers[0] == Fraction(4, 2145)
    assert all(a <= b for a, b in zip(powers, powers[1:]))
    assert powers[6:] == [Fraction(1, 6)] * 4


# ------------------------------------------------------------------------------------------
# The apex game: closed forms computed here from the formulas.


@pytest.mark.parametrize("n", range(2, 9))
def test_apex_closed_forms(n):
    m = InstitutionalPower.apex(n)
    assert m.labels[0] == "Hegemon" and len(m.labels) == n + 1
    ss = m.shapley_shubik(exact=True)
    assert ss[0] == Fraction(n - 1, n + 1)
    assert list(ss)[1:] == [Fraction(2, n * (n + 1))] * n
    assert m.banzhaf_swings() == [2**n - 2] + [2] * n
    bz = m.banzhaf(exact=True)
    assert bz[0] == Fraction(2**n - 2, 2**n - 2 + 2 * n)
    assert list(bz)[1:] == [Fraction(2, 2**n - 2 + 2 * n)] * n
    assert m.is_core_empty() and m.core_vertices().shape == (0, n + 1)
    nu = m.nucleolus(exact=True)
    assert list(nu) == [Fraction(n - 1, 2 * n - 1)] + [Fraction(1, 2 * n - 1)] * n
    # The TU module's LP sequence, certified, agrees.
    lp = m.tu_game().nucleolus(exact=True)
    assert lp.certified and list(lp.allocation_exact) == list(nu)
    assert m.min_winning_size() == 2
    assert m.regime() == "multilateral"
    if n <= 6:  # orderings of n + 1 members
        wins = make_wins([n - 1] + [1] * n, n)
        assert list(ss) == shapley_shubik_by_orderings(n + 1, wins)


@pytest.mark.parametrize("n", [2, 3])
def test_apex_nucleolus_by_brute_force_search(n):
    """Independent of any LP: no imputation on a grid has a lexicographically smaller sorted
    excess vector than the closed form."""
    wins = make_wins([n - 1] + [1] * n, n)
    members = n + 1
    proper = [s for s in coalitions(members) if 0 < len(s) < members]

    def excesses(x):
        return sorted(((1 if wins(s) else 0) - sum(x[i] for i in s) for s in proper), reverse=True)

    nu = [Fraction(n - 1, 2 * n - 1)] + [Fraction(1, 2 * n - 1)] * n
    assert list(InstitutionalPower.apex(n).nucleolus(exact=True)) == nu
    best = excesses(nu)
    d = 6 * (2 * n - 1)
    for parts in itertools.product(range(d + 1), repeat=members - 1):
        if sum(parts) > d:
            continue
        x = [Fraction(p, d) for p in parts] + [Fraction(d - sum(parts), d)]
        if x != nu:
            assert best < excesses(x), x


# ------------------------------------------------------------------------------------------
# The EU Council and an IMF-style board.


def test_eu_council():
    eu = InstitutionalPower.eu_council()
    assert len(eu.labels) == 27 and eu.labels[:3] == ["Germany", "France", "Italy"]
    assert (eu.count, eu.blocking_minority) == (15, 4)
    assert sum(eu.weights) == 10001  # the shares are rounded to 0.01%
    reference = dt.VotingGame.eu_council(eu.weights, players=eu.labels)
    assert list(eu.shapley_shubik(exact=True)) == list(reference.shapley_shubik(exact=True))
    assert eu.banzhaf_swings() == reference.banzhaf_swings()
    assert sum(eu.shapley_shubik(exact=True)) == 1
    assert eu.min_winning_size() == 15 and eu.min_blocking_size() == 4
    assert eu.regime() == "multilateral" and eu.is_core_empty()
    with pytest.raises(ValueError, match="nucleolus"):
        eu.nucleolus()
    with pytest.raises(ValueError, match="normal form"):
        eu.game()
    own = InstitutionalPower.eu_council([Fraction(1)] * 27)
    assert own.labels == eu.labels  # 27 figures keep the member names
    with pytest.raises(ValueError, match="population"):
        InstitutionalPower.eu_council([1, 2, 3])
    named = InstitutionalPower.eu_council(dict(zip(eu.labels, eu.weights)))
    assert named == eu
    with pytest.raises(TypeError, match="labels"):
        InstitutionalPower.eu_council(dict(zip(eu.labels, eu.weights)), labels=eu.labels)


def test_imf_board():
    votes = [165] + [33.4] * 25
    assert InstitutionalPower.imf_board(votes, majority="special_85").veto_players() == ["State 1"]
    assert InstitutionalPower.imf_board(votes).veto_players() == []
    four = InstitutionalPower.imf_board([1, 1, 1, 1], labels=list("ABCD"))
    assert four.min_winning_size() == 3 and four.labels == list("ABCD")
    with pytest.raises(ValueError, match="majority"):
        InstitutionalPower.imf_board(votes, majority="85%")


# ------------------------------------------------------------------------------------------
# Property tests against enumeration.


@st.composite
def institutions(draw):
    n = draw(st.integers(1, 8))
    weights = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n).filter(lambda w: sum(w) > 0))
    quota = draw(st.integers(1, sum(weights)))
    veto = draw(st.lists(st.integers(0, n - 1), unique=True, max_size=2))
    count = draw(st.none() | st.integers(1, n))
    blocking = draw(st.none() | st.integers(1, n))
    return weights, quota, sorted(veto), count, blocking


@given(institutions(), st.data())
def test_indices_and_sizes_equal_enumeration(inst, data):
    weights, quota, veto, count, blocking = inst
    n = len(weights)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        m = InstitutionalPower(weights=weights, quota=quota, veto=veto, count=count,
                               blocking_minority=blocking)
    wins = make_wins(weights, quota, veto, count, blocking)
    by = shapley_shubik_by_orderings if n <= 7 else shapley_shubik_by_subsets
    assert list(m.shapley_shubik(exact=True)) == by(n, wins)
    assert m.banzhaf_swings() == swings(n, wins)
    assert m.min_winning_size() == min(len(s) for s in coalitions(n) if wins(s))
    group = data.draw(st.lists(st.integers(0, n - 1), unique=True))
    assert m.min_blocking_size(within=group) == min_blocking(n, wins, group)
    full = frozenset(range(n))
    veto_players = [m.labels[i] for i in range(n) if not wins(full - {i})]
    assert m.veto_players() == veto_players and m.is_core_empty() == (not veto_players)
    # A bloc's power against the merged rule enumerated here.
    bloc = data.draw(st.lists(st.integers(0, n - 1), unique=True, min_size=1))
    row = m.with_blocs([bloc]).bloc_power(exact=True)[0]
    others = [i for i in range(n) if i not in bloc]
    merged = lambda s: wins(frozenset(  # noqa: E731 (player 0 = the bloc)
        (set(bloc) if 0 in s else set()) | {others[j - 1] for j in s if j > 0}))
    by = shapley_shubik_by_orderings if len(others) < 7 else shapley_shubik_by_subsets
    assert row["power"] == by(len(others) + 1, merged)[0]
    ss = m.shapley_shubik(exact=True)
    assert row["separate"] == sum(ss[i] for i in bloc)
    assert InstitutionalPower.from_params(m.params()) == m


@given(st.lists(st.integers(0, 6), min_size=2, max_size=6).filter(lambda w: sum(w) > 0))
def test_success_in_the_yes_no_vote_is_penrose(weights):
    """Against uniformly random votes, a member's expected success is (1 + absolute Banzhaf)/2."""
    quota = sum(weights) // 2 + 1
    m = InstitutionalPower(weights=weights, quota=quota)
    g = m.game()
    payoff = g.payoff([[0.5, 0.5]] * len(weights))
    beta = m.banzhaf(False)
    assert np.allclose(payoff, (1 + np.asarray(beta)) / 2, atol=1e-12)


# ------------------------------------------------------------------------------------------
# The protocol, warnings and hostile input.


MODELS = [InstitutionalPower(), InstitutionalPower(blocs=[["E1", "E2"], [7, 8, 9]]),
          InstitutionalPower.eu_council(), InstitutionalPower.apex(4),
          InstitutionalPower.imf_board([5, 3, 2], majority="special_70")]


@pytest.mark.parametrize("m", MODELS, ids=repr)
def test_protocol_round_trips(m):
    cls = type(m)
    assert cls.from_params(m.params()) == m
    assert cls.from_json(m.to_json()) == m
    assert pickle.loads(pickle.dumps(m)) == m
    assert hash(cls.from_params(m.params())) == hash(m)
    assert f"regime: <code>{m.regime()}</code>" in m._repr_html_()
    assert repr(m).startswith("InstitutionalPower(")
    assert "Question:" in m.describe() and "@article{shapley1954" in m.cite()
    assert list(m.params()) == list(m.param_info())
    if len(m.labels) <= 16:
        assert isinstance(m.game(), dt.Game)


def test_improper_quota_warns():
    with pytest.warns(UserWarning, match="improper"):
        m = InstitutionalPower(weights=[1, 1, 1, 1], quota=2)
    assert "improper" in m.warnings()[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        InstitutionalPower(weights=[1, 1, 1, 1], quota=3)


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": [1, -2, 3]}, r"weights\[1\]"),
    ({"weights": [1, float("nan")]}, r"weights\[1\]"),
    ({"weights": [1, float("inf")]}, r"weights\[1\]"),
    ({"weights": []}, "weights"),
    ({"weights": [1, 2], "quota": 0}, "quota"),
    ({"weights": [1, 2], "quota": -1}, "quota"),
    ({"weights": [1, 2], "quota": 4}, "quota"),
    ({"weights": [1, 2], "quota": float("nan")}, "quota"),
    ({"weights": [1, 2], "labels": ["A"]}, "labels"),
    ({"weights": [1, 2], "labels": ["A", "A"]}, "labels"),
    ({"veto": ["Germany"]}, "Germany"),
    ({"veto": [15]}, "veto"),
    ({"count": 0}, "count"),
    ({"count": 16}, "count"),
    ({"count": 2.5}, "count"),
    ({"blocking_minority": 99}, "blocking_minority"),
    ({"blocs": [["E1", "E2"], ["E2", "E3"]]}, "disjoint"),
    ({"blocs": [["Germany"]]}, "Germany"),
    ({"blocs": [[]]}, r"blocs\[0\]"),
    ({"blocs": [[15]]}, r"blocs\[0\]\[0\]"),
    ({"weights": [1e300, 1]}, "weights"),
    ({"weights": [1] * 1001}, "at most 1000"),
])
def test_hostile_parameters_raise_value_errors_naming_them(kwargs, match):
    with pytest.raises(ValueError, match=match):
        InstitutionalPower(**kwargs)


def test_hostile_calls():
    m = InstitutionalPower()
    with pytest.raises(TypeError):
        InstitutionalPower(blocs="E1")
    with pytest.raises(TypeError):
        m.min_blocking_size(within="E1")
    with pytest.raises(ValueError, match="within"):
        m.min_blocking_size(within=["E1", "E1"])
    with pytest.raises(ValueError, match="Germany"):
        m.min_blocking_size(within=["Germany"])
    with pytest.raises(ValueError, match="index"):
        m.bloc_power("gini")
    with pytest.raises(ValueError, match="2 small states"):
        InstitutionalPower.apex(1)
    with pytest.raises(ValueError, match="weights"):
        InstitutionalPower.from_params({"wieghts": [1]})
    with pytest.raises(TypeError):
        InstitutionalPower(weights={"a": 1})
    assert m.bloc_power() == []


@pytest.mark.parametrize("n", [3, 4, 5, 6])
def test_the_bloc_paradox_under_unanimity(n):
    """Under unanimity each of n members holds 1/n; two of them merged hold 1/(n - 1) < 2/n:
    banding together can lower a bloc's a priori power (the bloc paradox)."""
    m = InstitutionalPower(weights=[1] * n, quota=n, blocs=[[0, 1]])
    row = m.bloc_power(exact=True)[0]
    assert (row["power"], row["separate"]) == (Fraction(1, n - 1), Fraction(2, n))
    assert row["gain"] < 0
    assert m.regime() == "multilateral"  # every member holds a veto


PARAM_NAMES = ["weights", "quota", "labels", "veto", "count", "blocking_minority", "blocs", "",
               "wieghts"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=4),
                    st.fractions(), st.sampled_from(["1", "0.5", "-1", "E1", "China", "nan"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5), max_leaves=10)


@given(st.dictionaries(st.sampled_from(PARAM_NAMES), values, max_size=4))
def test_malformed_params_raise_only_value_or_type_errors(params):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            m = InstitutionalPower.from_params(params)
    except (ValueError, TypeError):
        return
    # Whatever was accepted is a valid institution whose answers are consistent.
    if len(m.labels) <= 10:
        assert sum(m.shapley_shubik(exact=True)) == 1
        assert 1 <= m.min_winning_size() <= len(m.labels)
