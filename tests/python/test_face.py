"""One face for every result: each result class pickles, compares, renders (repr and HTML)
and converts to a numeric DataFrame, with the common vocabulary (strategies, payoffs, regret,
method); errors share one base class; numbers print like a person wrote them."""

import json
import pickle
import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import detente as dt

CHICKEN = dt.Game.from_bimatrix(
    [[6, 2], [7, 0]], [[6, 7], [2, 0]], players=["Row", "Col"], actions=[["Dare", "Chicken"]] * 2
)
PENNIES = dt.Game.zero_sum([[1, -1], [-1, 1]], players=["Inspector", "Evader"])


def results():
    """One result of every class, from a small game whose answer is known by hand."""
    return {
        "equilibrium": dt.solve.lemke_howson(CHICKEN),
        "equilibrium_list": dt.solve.pure(CHICKEN),
        "zero_sum": dt.solve.zero_sum(PENNIES),
        "correlated": dt.solve.correlated(CHICKEN),
        "coarse": dt.solve.correlated(CHICKEN, coarse=True),
        "commitment": dt.solve.commitment(CHICKEN),
        "all": dt.solve.enumerate_all(CHICKEN),
        "all_float": dt.solve.enumerate_all(CHICKEN, exact=False),
        "qre": dt.solve.logit_qre(CHICKEN, [0.0, 1.0, 5.0]),
        "reduction": dt.solve.dominance(dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])),
        "runs": dt.dynamics.best_response(CHICKEN, starts=4, seed=1),
        "run": dt.dynamics.fictitious_play(CHICKEN, starts=1, seed=1)[0],
    }


@pytest.mark.parametrize("name", list(results()))
def test_every_result_pickles_compares_renders_and_frames(name):
    result = results()[name]
    again = results()[name]
    assert result == again
    assert pickle.loads(pickle.dumps(result)) == result
    text = repr(result)
    assert text and "0000000" not in text and "e+" not in text
    html = result._repr_html_()
    assert "<table>" in html and "</table>" in html
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    for column in ("probability", "regret", "payoff", "lambda"):
        if column in frame.columns:
            assert frame[column].dtype == np.float64, (name, column)
    if hasattr(result, "to_json"):
        assert type(result).from_json(result.to_json()) == result


@pytest.mark.parametrize("name", ["equilibrium", "zero_sum", "commitment", "run"])
def test_vocabulary_of_single_profiles(name):
    result = results()[name]
    strategies = result.strategies
    assert len(strategies) == 2 and all(abs(s.sum() - 1.0) < 1e-12 for s in strategies)
    assert len(result.payoffs) == 2
    assert result.method in {"lemke_howson", "zero_sum", "commitment", "fictitious_play"}


def test_methods_are_the_function_names():
    r = results()
    assert r["equilibrium"].method == "lemke_howson"
    assert {e.method for e in r["equilibrium_list"]} == {"pure"}
    assert r["zero_sum"].method == "zero_sum"
    assert r["correlated"].method == "correlated" and r["coarse"].method == "coarse_correlated"
    assert {e.method for e in r["all"]} == {"enumerate_all"}
    assert r["qre"].method == "logit_qre"
    assert {run.method for run in r["runs"]} == {"best_response"}
    assert dt.solve.logit_homotopy(CHICKEN).method == "logit_homotopy"
    assert {e.method for e in dt.solve.support_enumeration(CHICKEN)} == {"support_enumeration"}


def test_equilibrium_frame_is_tidy_and_numeric():
    eq = dt.solve.enumerate_all(CHICKEN)[1]  # the mixed equilibrium: 2/3 Dare... by hand below
    # Row is indifferent when Col dares with q: 6q + 2(1-q) = 7q  =>  q = 2/3 (Chicken: 1/3).
    frame = eq.to_frame()
    assert list(frame.columns) == [
        "player", "action", "probability", "payoff", "regret", "probability_exact", "payoff_exact"
    ]
    col = frame[frame["player"] == "Col"].set_index("action")["probability"]
    assert col["Dare"] == pytest.approx(2 / 3) and col["Chicken"] == pytest.approx(1 / 3)
    # Each player's payoff 14/3 is repeated on its rows, the regret on every row.
    assert frame["payoff"].tolist() == pytest.approx([14 / 3] * 4)


def test_exact_probabilities_are_fractions():
    frame = dt.solve.enumerate_all(CHICKEN).to_frame()
    mixed = frame[frame["equilibrium"] == 1]
    assert set(mixed["probability_exact"]) == {Fraction(2, 3), Fraction(1, 3)}
    assert "probability_exact" not in dt.solve.enumerate_all(CHICKEN, exact=False).to_frame()


def test_correlated_frame_has_one_row_per_profile():
    ce = dt.solve.correlated(CHICKEN)
    frame = ce.to_frame()
    assert list(frame.columns) == ["Row", "Col", "probability"]
    cell = frame.set_index(["Row", "Col"])["probability"]
    # Welfare-maximising CE of this chicken game: 1/2 on (Dare, Dare), 1/4 off-diagonal.
    assert cell[("Dare", "Dare")] == pytest.approx(0.5)
    assert cell[("Dare", "Chicken")] == pytest.approx(0.25)
    assert cell[("Chicken", "Chicken")] == pytest.approx(0.0, abs=1e-12)


def test_game_frame_has_one_row_per_profile():
    frame = CHICKEN.to_frame()
    assert list(frame.columns) == ["Row", "Col", "payoff Row", "payoff Col"]
    assert frame.values.tolist() == [
        ["Dare", "Dare", 6.0, 6.0],
        ["Dare", "Chicken", 2.0, 7.0],
        ["Chicken", "Dare", 7.0, 2.0],
        ["Chicken", "Chicken", 0.0, 0.0],
    ]


def test_slicing_all_equilibria():
    found = dt.solve.enumerate_all(CHICKEN)
    assert found[:2] == [found[0], found[1]] and found[-1] == found[2]
    with pytest.raises(TypeError):
        found["x"]


def test_deprecated_names_warn_and_agree():
    q = results()["qre"]
    with pytest.warns(DeprecationWarning, match="strategies"):
        old = q.profiles
    assert [[s.tolist() for s in p] for p in old] == [[s.tolist() for s in p] for p in q.strategies]
    with pytest.warns(DeprecationWarning, match="regret"):
        assert q.regrets.tolist() == q.regret.tolist()
    ce = results()["correlated"]
    with pytest.warns(DeprecationWarning):
        assert ce.max_deviation_gain == ce.regret
    run = results()["run"]
    with pytest.warns(DeprecationWarning):
        assert [s.tolist() for s in run.final_profile] == [s.tolist() for s in run.strategies]
    with pytest.warns(DeprecationWarning, match="lemke_howson_all"):
        assert dt.solve.lemke_howson(CHICKEN, "all") == dt.solve.lemke_howson_all(CHICKEN)


def test_positional_order_game_then_main_option():
    assert dt.solve.support_enumeration(CHICKEN, 1e-9) == dt.solve.support_enumeration(CHICKEN)
    with pytest.raises(TypeError, match="max_profiles"):
        dt.solve.support_enumeration(CHICKEN, 1000)
    with pytest.raises(TypeError):
        dt.solve.lemke_howson(CHICKEN, 0, True)  # exact is keyword-only


def test_errors_share_one_base():
    for cls, base in [
        (dt.InvalidGameError, ValueError),
        (dt.InvalidProfileError, ValueError),
        (dt.NfgParseError, ValueError),
        (dt.SolverError, RuntimeError),
    ]:
        assert issubclass(cls, dt.DetenteError) and issubclass(cls, base)
        assert cls.__module__ == "detente" and cls.__doc__
    with pytest.raises(dt.DetenteError):
        dt.Game([[1, 2], [3]])
    with pytest.raises(dt.InvalidProfileError):
        CHICKEN.payoff([0, 5])
    with pytest.raises(ValueError, match='objective must be one of "welfare", "none", "max_min"'):
        dt.solve.correlated(CHICKEN, "fair")


def test_numbers_print_like_a_person_wrote_them():
    g = dt.Game.from_bimatrix([[1e300, 0], [0, 1]], [[1, 0], [0, 1e300]])
    text = repr(dt.solve.pure(g)[0])
    assert "1e300" in text and "0000000000" not in text
    eq = dt.Equilibrium(PENNIES, [[0.1, 0.9], [0.5, 0.5]])
    assert "0.1·a1 + 0.9·a2" in repr(eq) and "payoffs [0, 0]" in repr(eq)


def test_default_labels_are_one_based():
    g = dt.Game([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    assert g.players == ["P1", "P2"] and g.actions == [["a1", "a2"], ["a1", "a2"]]


def test_json_uses_the_vocabulary():
    data = json.loads(results()["correlated"].to_json())
    assert "regret" in data and "max_deviation_gain" not in data
    assert data["players"] == ["Row", "Col"]
    # Results written before the rename still load.
    data["max_deviation_gain"] = data.pop("regret")
    old = dt.CorrelatedEquilibrium.from_json(json.dumps(data))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert old.regret == old.max_deviation_gain


def test_views_larger_than_memory_are_refused_before_copying():
    huge = np.broadcast_to(0.0, (10**6, 10**6))
    with pytest.raises(dt.InvalidGameError, match="GiB"):
        dt.Game.from_bimatrix(huge, huge)
    with pytest.raises(dt.InvalidGameError, match="GiB"):
        dt.solve.zero_sum(huge)
    with pytest.raises(dt.InvalidGameError, match="GiB"):
        dt.Game(np.broadcast_to(0.0, (2,) * 30 + (30,)))
