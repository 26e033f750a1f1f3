"""Nothing a user types kills the interpreter, panics, exhausts memory or is misread.

Calls that used to abort the process run in a subprocess under ``RLIMIT_AS`` and must end
with a Python exception, not a signal. Forged results are refused by ``from_json``; bad
arguments raise errors that name the argument; a property test feeds malformed input to every
public constructor and solver option and accepts only ``Exception`` subclasses (pyo3's
``PanicException`` derives from ``BaseException``).
"""

import json
import math
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import detente as dt

PENNIES = dt.Game.zero_sum([[1, -1], [-1, 1]])
CHICKEN = dt.Game.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=["Row", "Col"])
HUGE = dt.Game.from_bimatrix([[1e308, -1e308], [0, 1]], [[1, 0], [-1e308, 1e308]])


def run_limited(code: str, limit_gib: float = 1.5, timeout: float = 120) -> str:
    """Runs ``code`` in a fresh interpreter whose address space is capped, and returns its
    output; fails if the process died of a signal (an abort) or a panic escaped."""
    preamble = textwrap.dedent(
        f"""
        import resource, signal, os, threading
        resource.setrlimit(resource.RLIMIT_AS, ({int(limit_gib * 2**30)}, resource.RLIM_INFINITY))
        import detente as dt
        def interrupt_after(seconds):
            threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        """
    )
    body = textwrap.indent(textwrap.dedent(code).strip(), "    ")
    wrapped = (
        preamble
        + "try:\n"
        + body
        + "\n    print('RETURNED')\n"
        + "except KeyboardInterrupt:\n    print('INTERRUPTED')\n"
        + "except Exception as e:\n    print('RAISED', type(e).__name__, e)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapped], capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, f"died with {proc.returncode}: {proc.stderr[-2000:]}"
    return proc.stdout


def test_support_enumeration_with_a_raised_cap_does_not_abort():
    # 9 x 9 x 9: 511**3 support profiles, listed up front (gigabytes) before the fix.
    out = run_limited(
        """
        import numpy as np
        g = dt.Game(np.random.default_rng(0).random((9, 9, 9, 3)))
        try:
            dt.solve.support_enumeration(g)
        except dt.SolverError as e:
            assert "raise max_profiles" in str(e)
        interrupt_after(1.0)
        dt.solve.support_enumeration(g, max_profiles=10**9)
        """
    )
    assert "INTERRUPTED" in out, out


def test_long_trajectories_end_in_an_error_not_an_abort():
    out = run_limited(
        """
        g = dt.Game.zero_sum([[1, -1], [-1, 1]])
        dt.dynamics.fictitious_play(g, starts=64, trajectory=True, max_iter=10**6, tol=0.0)
        """,
        timeout=300,
    )
    assert ("RAISED ValueError" in out and "trajectory=False" in out) or "MemoryError" in out, out


def test_a_billion_starts_are_refused_before_allocating():
    out = run_limited(
        """
        g = dt.Game.zero_sum([[1, -1], [-1, 1]])
        dt.dynamics.best_response(g, starts=10**9)
        """
    )
    assert "RAISED ValueError" in out and "starts" in out, out


# ---- no panics: what numpy cannot hold, forged results ------------------------------------


def many_players(n: int) -> dt.Game:
    names = " ".join(f'"p{i}"' for i in range(n))
    return dt.read_nfg(f'NFG 1 R "many" {{ {names} }} {{ {"1 " * n}}}\n{"0 " * n}')


def test_games_numpy_cannot_hold_refuse_payoffs_and_still_pickle():
    g = many_players(33)
    with pytest.raises(ValueError, match="Game.payoff"):
        g.payoffs
    assert pickle.loads(pickle.dumps(g)) == g
    assert g.payoff([0] * 33).tolist() == [0.0] * 33
    small = many_players(31)
    assert small.payoffs.ndim == 32
    assert pickle.loads(pickle.dumps(small)) == small
    ce = dt.solve.correlated(g, "none")
    with pytest.raises(ValueError, match="to_frame"):
        ce.distribution
    assert len(ce.to_frame()) == 1


def mutated(result, **changes) -> str:
    data = json.loads(result.to_json())
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    "changes, needle",
    [
        ({"strategies": []}, "strategies"),
        ({"payoffs": [1.0]}, "payoffs"),
        ({"regret": -5}, "regret"),
        ({"strategies": [[5, 5], [1, 0]]}, r"\[0, 1\]"),
        ({"strategies": [[0.5, 0.2], [1, 0]]}, "sums"),
        ({"players": ["A", "A"]}, "repeats"),
    ],
)
def test_forged_equilibria_are_refused(changes, needle):
    eq = dt.solve.pure(CHICKEN)[0]
    with pytest.raises(ValueError, match=needle):
        dt.Equilibrium.from_json(mutated(eq, **changes))


def test_forged_results_of_every_class_are_refused():
    c = dt.solve.commitment(CHICKEN)
    with pytest.raises(ValueError, match="follower_action"):
        dt.Commitment.from_json(mutated(c, follower_action=99))
    all_eq = dt.solve.enumerate_all(CHICKEN)
    data = json.loads(all_eq.to_json())
    data["components"][0]["equilibria"].append(99)
    with pytest.raises(ValueError, match="99"):
        dt.AllEquilibria.from_json(json.dumps(data))
    data = json.loads(all_eq.to_json())
    data["vertex_pairs"][0] = [7, 0]
    with pytest.raises(ValueError, match="vertex_pairs"):
        dt.AllEquilibria.from_json(json.dumps(data))
    q = dt.solve.logit_qre(CHICKEN, [0.0, 1.0])
    with pytest.raises(ValueError, match="lambdas"):
        type(q).from_json(mutated(q, lambdas=[], strategies=[], regret=[]))
    ce = dt.solve.correlated(CHICKEN)
    with pytest.raises(ValueError, match="regret"):
        type(ce).from_json(mutated(ce, regret=-1))
    run = dt.dynamics.best_response(CHICKEN, starts=1)[0]
    with pytest.raises(ValueError, match="cycle"):
        type(run).from_json(mutated(run, cycle=[[0, 9]]))
    # Genuine results still round-trip.
    for r in [c, all_eq, q, ce, run, dt.solve.dominance(CHICKEN), dt.solve.zero_sum(PENNIES)]:
        assert type(r).from_json(r.to_json()) == r


# ---- no silent misreading ----------------------------------------------------------------


def test_restrict_refuses_bools():
    with pytest.raises(TypeError, match=r"keep\[0\]\[0\].*bool"):
        CHICKEN.restrict([[True, False], [0, 1]])
    with pytest.raises(TypeError):
        CHICKEN.restrict([[np.True_], [0, 1]])
    with pytest.raises(ValueError, match=r"keep\[1\]\[0\]"):
        CHICKEN.restrict([[0], [-1]])
    assert CHICKEN.restrict([[np.int64(1)], [0, 1]]).shape == [1, 2]


def test_repeated_player_names_are_refused():
    with pytest.raises(dt.InvalidGameError, match="distinct"):
        dt.Game.from_bimatrix([[1]], [[1]], players=["A", "A"])
    with pytest.raises(ValueError, match="distinct"):
        dt.Game.from_json(CHICKEN.to_json().replace('"Col"', '"Row"'))


def test_gambit_files_with_a_bom_or_in_latin1_are_read(tmp_path):
    text = 'NFG 1 R "Fran\u00e7ois" { "R\u00e9my" "Zo\u00eb" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n'
    expected = dt.read_nfg(text)
    (tmp_path / "bom.nfg").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "latin1.nfg").write_bytes(text.encode("latin-1"))
    assert dt.read_nfg(tmp_path / "bom.nfg") == expected
    assert dt.read_nfg(str(tmp_path / "latin1.nfg")) == expected
    assert dt.read_nfg(tmp_path / "latin1.nfg").title == "Fran\u00e7ois"
    assert dt.read_nfg("\ufeff" + text) == expected


# ---- errors name the argument at fault ---------------------------------------------------


@pytest.mark.parametrize(
    "call, error, needle",
    [
        (lambda: dt.Game([[[1, 0], [0, 1]]] * 2, players="AB"), TypeError, "players must be a list"),
        (lambda: dt.Game.zero_sum([[1]], actions=["ab", "c"]), TypeError, r"actions\[0\]"),
        (lambda: dt.dynamics.best_response(PENNIES, starts=4, seed=-1), ValueError, "seed"),
        (lambda: dt.dynamics.fictitious_play(PENNIES, starts=-2), ValueError, "starts"),
        (lambda: dt.dynamics.replicator(PENNIES, max_iter=-1), ValueError, "max_iter"),
        (lambda: dt.solve.support_enumeration(PENNIES, starts=-1), ValueError, "starts"),
        (lambda: dt.solve.support_enumeration(PENNIES, seed=2**64), ValueError, "seed"),
        (lambda: dt.solve.lemke_howson(PENNIES, max_pivots=-1), ValueError, "max_pivots"),
        (lambda: dt.solve.lemke_howson(PENNIES, label=-1), ValueError, "label"),
        (lambda: dt.solve.enumerate_all(PENNIES, max_vertices=-1), ValueError, "max_vertices"),
        (lambda: dt.solve.logit_qre(PENNIES, [1.0], max_steps=-3), ValueError, "max_steps"),
        (lambda: dt.solve.logit_homotopy(PENNIES, max_steps=1.5), TypeError, "max_steps"),
        (lambda: dt.solve.correlated(HUGE, "welfare"), dt.InvalidGameError, "payoff scale"),
        (lambda: dt.solve.logit_qre(HUGE, [1.0]), dt.InvalidGameError, "payoff scale"),
        (lambda: dt.dynamics.replicator(HUGE, starts=2), dt.InvalidGameError, "payoff scale"),
    ],
)
def test_errors_name_the_argument(call, error, needle):
    with pytest.raises(error, match=needle):
        call()


def test_lemke_howson_cap_names_the_python_argument(nfg_dir):
    g = dt.read_nfg(nfg_dir / "vonstengel1999_6x6_75eq.nfg")
    with pytest.raises(dt.SolverError) as info:
        dt.solve.lemke_howson(g, max_pivots=1)
    assert "raise max_pivots" in str(info.value)
    assert "LemkeHowsonOptions" not in str(info.value)


# ---- property test: only Exception subclasses come out -----------------------------------

WEIRD_SCALARS = st.sampled_from(
    [
        None, True, False, 0, 1, -1, 2, 2**64, -(2**70), 10**30, 0.5, -0.5, 1e300, -1e300,
        math.nan, math.inf, -math.inf, 1e-300, "", "x", "7", b"ab", "NFG 1 R",
    ]
)
WEIRD = st.recursive(
    WEIRD_SCALARS | st.floats() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=12,
)
NUMERIC = st.recursive(
    st.floats() | st.integers(-(2**70), 2**70) | st.booleans(),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=16,
)


def only_exceptions(call):
    """Runs ``call``: it may return or raise an ``Exception``, nothing else."""
    try:
        call()
    except Exception:
        pass
    # A BaseException that is not an Exception (PanicException) propagates and fails.


def exercise(result):
    """Uses a result the way a notebook would: every face method and pickling."""
    repr(result)
    for face in ("_repr_html_", "to_frame"):
        if hasattr(result, face):
            getattr(result, face)()
    pickle.loads(pickle.dumps(result))
    for name in dir(result):
        if not name.startswith("_"):
            only_exceptions(lambda: getattr(result, name))


REAL_RESULTS = [
    dt.solve.pure(CHICKEN)[0],
    dt.solve.zero_sum(PENNIES),
    dt.solve.correlated(CHICKEN),
    dt.solve.commitment(CHICKEN),
    dt.solve.logit_qre(CHICKEN, [0.0, 1.0]),
    dt.solve.dominance(dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])),
    dt.solve.dominance(dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])).eliminated[0],
    dt.solve.enumerate_all(CHICKEN),
    dt.solve.enumerate_all(CHICKEN).components[0],
    dt.dynamics.best_response(CHICKEN, starts=1, trajectory=True)[0],
]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(which=st.integers(0, len(REAL_RESULTS) - 1), data=st.data())
def test_mutated_json_of_real_results(which, data):
    result = REAL_RESULTS[which]
    obj = json.loads(result.to_json())
    key = data.draw(st.sampled_from(sorted(obj)))
    obj[key] = data.draw(WEIRD | NUMERIC)
    try:
        text = json.dumps(obj)
    except (TypeError, ValueError):
        return
    try:
        back = type(result).from_json(text)
    except Exception:
        return
    exercise(back)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(a=WEIRD | NUMERIC, b=WEIRD | NUMERIC, names=WEIRD, labels=WEIRD, title=WEIRD)
def test_malformed_constructor_arguments(a, b, names, labels, title):
    only_exceptions(lambda: dt.Game(a))
    only_exceptions(lambda: dt.Game(a, players=names, actions=labels, title=title))
    only_exceptions(lambda: dt.Game.from_bimatrix(a, b, players=names))
    only_exceptions(lambda: dt.Game.zero_sum(a, actions=labels))
    only_exceptions(lambda: dt.Game.from_json(json.dumps(a, default=str)))
    only_exceptions(lambda: dt.Equilibrium(CHICKEN, a))
    only_exceptions(lambda: CHICKEN.restrict(a))
    only_exceptions(lambda: CHICKEN.payoff(a))
    only_exceptions(lambda: CHICKEN.regret(b))
    only_exceptions(lambda: CHICKEN.best_responses(names, a))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.text(alphabet='NFG 1RD{}",.-e0123456789/\n\\\ufeff\u00e9x', max_size=80))
def test_random_nfg_text(body):
    only_exceptions(lambda: dt.read_nfg("NFG 1 R " + body))
    only_exceptions(lambda: dt.read_nfg(body))


PD = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])

# Each solver with one option replaced; PD converges quickly under every dynamic, so a huge
# accepted cap cannot make a call run for long.
CALLS = {
    "pure": (lambda **k: dt.solve.pure(PD, **k), ["tol"]),
    "dominance": (lambda **k: dt.solve.dominance(PD, **k), ["strict", "mixed"]),
    "correlated": (lambda **k: dt.solve.correlated(PD, **k), ["objective", "coarse"]),
    "commitment": (lambda **k: dt.solve.commitment(PD, **k), ["leader"]),
    "lemke_howson": (lambda **k: dt.solve.lemke_howson(PD, **k), ["label", "exact", "max_pivots"]),
    "enumerate_all": (lambda **k: dt.solve.enumerate_all(PD, **k), ["exact"]),
    "logit_homotopy": (lambda **k: dt.solve.logit_homotopy(PD, **k), ["tol", "max_steps", "max_lambda"]),
    "support_enumeration": (
        lambda **k: dt.solve.support_enumeration(PD, **k),
        ["tol", "max_profiles", "starts", "seed"],
    ),
    "logit_qre": (lambda **k: dt.solve.logit_qre(PD, **{"lambdas": [1.0], **k}), ["lambdas", "max_steps"]),
    "best_response": (
        lambda **k: dt.dynamics.best_response(PD, **{"starts": 2, **k}),
        ["starts", "seed", "max_iter", "mode", "trajectory"],
    ),
    "fictitious_play": (
        lambda **k: dt.dynamics.fictitious_play(PD, **{"starts": 2, **k}),
        ["starts", "seed", "max_iter", "tol", "mode"],
    ),
    "replicator": (
        lambda **k: dt.dynamics.replicator(PD, **{"starts": 2, "max_iter": 2000, **k}),
        ["starts", "seed", "dt", "max_iter", "tol", "population", "method"],
    ),
}
OPTION_VALUES = st.sampled_from(
    [
        None, True, -1, 0, 2**64, -(2**70), 10**30, -0.5, 1.5, 1e300, math.nan, math.inf,
        -math.inf, "x", "all", [], [1.0, math.nan], [-1.0], {}, b"1",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(sorted(CALLS)), data=st.data())
def test_weird_solver_options(name, data):
    call, options = CALLS[name]
    option = data.draw(st.sampled_from(options))
    value = data.draw(OPTION_VALUES)
    if option in ("max_iter", "starts") and isinstance(value, int) and not isinstance(value, bool):
        # Accepted caps and counts are run: keep those that would be obeyed small.
        if 2000 < value < 2**64 and not (option == "starts" and value >= 10**9):
            value = 2000
    only_exceptions(lambda: call(**{option: value}))


def test_arrays_of_more_than_32_dimensions_are_refused_not_a_panic():
    with pytest.raises(dt.InvalidGameError, match="33 dimensions"):
        dt.Game(np.zeros([1] * 32 + [32]))
    g = dt.Game.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(dt.InvalidProfileError, match="dimensions"):
        dt.Equilibrium(g, [np.zeros([1] * 33), [1, 0]])
