"""Every class that reads JSON, fed mutated JSON: only ``Exception`` subclasses come out.

``from_json`` is the door through which saved (or hand-edited, or forged) results come back.
``test_bad_input.py`` mutates the results of the normal-form solvers; this file does the same
for every class of the package that has ``from_json`` (repeated games, coalitions, alliance
models, ...), found by walking the package, so that a class added later without a sample
instance here fails ``test_every_json_class_has_a_sample``. A value read back must also
survive what a notebook does with it (``repr``, HTML, ``to_frame``, pickling, its public
attributes). A pyo3 ``PanicException`` derives from ``BaseException``, not ``Exception``:
it would propagate and fail the test.
"""

from __future__ import annotations

import importlib
import inspect
import json
import math
import pickle
import pkgutil
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import detente as dt
from detente import alliance
from detente import coalition as co
from detente import repeated as rp
from detente import strategies as strat

PD = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
CHICKEN = dt.Game.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
GRIM = [strat.grim_trigger(), strat.grim_trigger()]


def _samples() -> list[Any]:
    """One real instance of every JSON class (more than one where a class has several
    shapes), built by the public API."""
    rg = rp.RepeatedGame(PD, 0.9)
    tu = co.TUGame([0, 0, 0, 1, 0, 1, 1, 2])
    crit = rg.critical_discount([1, 1])
    spe_range = rg.spe_discount_range(GRIM)
    out: list[Any] = [
        PD,
        dt.solve.pure(CHICKEN)[0],
        dt.solve.lemke_howson(CHICKEN, label=0, exact=True),
        dt.solve.zero_sum(dt.Game.zero_sum([[1, -1], [-1, 1]])),
        dt.solve.correlated(CHICKEN),
        dt.solve.commitment(CHICKEN),
        dt.solve.logit_qre(CHICKEN, [0.0, 1.0]),
        dt.solve.dominance(PD),
        dt.solve.dominance(PD).eliminated[0],
        dt.solve.enumerate_all(CHICKEN),
        dt.solve.enumerate_all(CHICKEN).components[0],
        dt.dynamics.best_response(CHICKEN, starts=1, trajectory=True)[0],
        strat.tit_for_tat(),
        strat.generous_tit_for_tat(0.25),
        rg.minmax(),
        crit,
        rg.payoffs([strat.tit_for_tat(), strat.grim_trigger()]),
        rg.is_spe(GRIM),
        spe_range,
        *spe_range.intervals,
        rg.equilibrium_payoff_set(),
        rp.contagion_threshold(PD, 4),
        rp.tournament([strat.tit_for_tat(), strat.defect()], PD, turns=10),
        tu,
        tu.nucleolus(),
        tu.least_core(),
        tu.shapley_monte_carlo(100, seed=1),
        co.WeightedVotingGame(5, [4, 2, 1]),
        co.WeightedVotingGame(5, [4, 2, 1]).shapley_shubik(),
        co.VotingGame.un_security_council(),
        co.network_formation(tu),
    ]
    for name in alliance.__all__:
        cls = getattr(alliance, name)
        if inspect.isclass(cls) and hasattr(cls, "from_json"):
            out.append(cls())
    # Values nested in the results (algebraic thresholds, intervals, ...) that are JSON
    # classes of their own.
    nested = []
    for obj in out:
        for attr in dir(obj):
            if attr.startswith("_"):
                continue
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    value = getattr(obj, attr)
            except Exception:
                continue
            items = value if isinstance(value, list) else [value]
            nested += [v for v in items if hasattr(type(v), "from_json")]
    return out + nested


SAMPLES = _samples()


def json_classes() -> set[type]:
    """Every public class of the package with a ``from_json``."""
    found: set[type] = set()
    modules = [dt] + [
        importlib.import_module(f"detente.{m.name}")
        for m in pkgutil.iter_modules(dt.__path__)
        if not m.name.startswith("_") and m.name not in ("plot", "cli", "__main__")
    ]
    for module in modules:
        for name, obj in vars(module).items():
            if (
                not name.startswith("_")
                and inspect.isclass(obj)
                and obj.__module__.startswith("detente")
                and hasattr(obj, "from_json")
            ):
                found.add(obj)
    return found


def test_every_json_class_has_a_sample() -> None:
    missing = {c.__name__ for c in json_classes()} - {type(s).__name__ for s in SAMPLES}
    assert not missing, f"add a sample instance of {sorted(missing)} to _samples()"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: type(s).__name__)
def test_samples_round_trip(sample: Any) -> None:
    back = type(sample).from_json(sample.to_json())
    assert back == sample
    assert type(sample).from_json(back.to_json()) == back


WEIRD = st.recursive(
    st.sampled_from(
        [
            None, True, False, 0, 1, -1, 2, 99, 2**31, 2**64, -(2**70), 10**30, 0.5, -0.5,
            1e300, -1e300, 1e-300, math.nan, math.inf, -math.inf, "", "x", "1/0", "-1/3",
            "NaN", [], {}, [[]], [None],
        ]
    )
    | st.floats()
    | st.integers()
    | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=10,
)


def paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value: dictionary keys and list positions, at any depth."""
    out = [prefix] if prefix else []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj[:6]):
            out += paths(v, prefix + (i,))
    return out


def mutate(obj: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    """``obj`` with the entry at ``path`` replaced by ``value``, deleted, or its list grown or
    shrunk."""
    obj = json.loads(json.dumps(obj))
    parent = obj
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "delete":
        del parent[last]
    elif how == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])
    elif how == "negate" and isinstance(parent[last], (int, float)) and not isinstance(
        parent[last], bool
    ):
        parent[last] = -parent[last] - 1
    return obj


def exercise(result: Any) -> None:
    """Uses a value the way a notebook would: the face methods, pickling, every public
    attribute (methods called without arguments, where that is their signature)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # old names still answer
        _exercise(result)


def _exercise(result: Any) -> None:
    repr(result)
    str(result)
    for face in ("_repr_html_", "to_frame", "to_json"):
        if hasattr(result, face):
            try:
                getattr(result, face)()
            except Exception:
                pass
    try:
        pickle.loads(pickle.dumps(result))
    except Exception:
        pass
    for name in dir(result):
        if name.startswith("_"):
            continue
        try:
            value = getattr(result, name)
            if callable(value) and not inspect.isclass(value):
                value()
        except Exception:
            pass


#: The values every place of every sample's JSON is replaced with, one at a time.
SYSTEMATIC = [None, [], {}, "x", -1, 2**64, math.nan, [[]]]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: type(s).__name__)
def test_every_single_mutation_gives_only_exceptions(sample: Any) -> None:
    """Each place of the JSON (keys and list entries at any depth) replaced by each value of
    ``SYSTEMATIC``, deleted, duplicated (lists) and negated (numbers): systematic, where the
    random search below can miss a place (it missed a short ``actions`` list)."""
    obj = json.loads(sample.to_json())
    accepted = 0
    for path in paths(obj):
        edits = [("replace", v) for v in SYSTEMATIC] + [
            ("delete", None),
            ("duplicate", None),
            ("negate", None),
        ]
        for how, value in edits:
            try:
                back = type(sample).from_json(json.dumps(mutate(obj, path, how, value)))
            except Exception:
                continue
            accepted += 1
            exercise(back)
    # Some edits are harmless (a label renamed, an optional field emptied): the readers are
    # not refusing everything.
    assert accepted > 0


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(which=st.integers(0, len(SAMPLES) - 1), data=st.data())
def test_mutated_json_gives_only_exceptions(which: int, data: st.DataObject) -> None:
    sample = SAMPLES[which]
    obj = json.loads(sample.to_json())
    places = paths(obj)
    if not places:
        return
    path = data.draw(st.sampled_from(places))
    how = data.draw(st.sampled_from(["replace", "replace", "delete", "duplicate", "negate"]))
    value = data.draw(WEIRD) if how == "replace" else None
    text = json.dumps(mutate(obj, path, how, value))
    try:
        back = type(sample).from_json(text)
    except Exception:
        return
    exercise(back)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(which=st.integers(0, len(SAMPLES) - 1), cut=st.integers(0, 400))
def test_truncated_or_foreign_json_gives_only_exceptions(which: int, cut: int) -> None:
    sample = SAMPLES[which]
    text = sample.to_json()
    for bad in (text[:cut], text[cut:], "[]", "null", "1e999", '{"a":', text.replace(":", "=")):
        try:
            back = type(sample).from_json(bad)
        except Exception:
            continue
        exercise(back)
