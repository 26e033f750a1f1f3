"""detente.sweep: the column contract, equality with a plain loop over the same calls, dict
and DataFrame grids, failures per row, determinism, callables, all seven models, hypothesis
over random grids, and a real Dask cluster giving the local table."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente as dt

A = dt.alliance

MODELS = [
    A.RestraintGame,
    A.BurdenSharing,
    A.CollectiveSecurity,
    A.ProtectionForPatronage,
    A.Reciprocity,
    A.InstitutionalPower,
    A.Powerplay,
]


def sweep(*args, **kwargs):
    kwargs.setdefault("progress", False)
    return dt.sweep(*args, **kwargs)


def loop_restraint(grid: dict) -> list[dict]:
    """The plain Python loop over the same calls, one record per (point, equilibrium)."""
    names = list(grid)
    rows = []
    for point, values in enumerate(itertools.product(*grid.values())):
        params = dict(zip(names, values))
        try:
            m = A.RestraintGame.from_params(params)
        except ValueError as err:
            rows.append({**params, "point": point, "error": str(err)})
            continue
        for k, e in enumerate(dt.solve.enumerate_all(m.game())):
            rows.append(
                {
                    **params,
                    "point": point,
                    "regime": m.regime(),
                    "equilibrium": k,
                    "strategy_Patron": tuple(e.strategies[0]),
                    "strategy_Client": tuple(e.strategies[1]),
                    "payoff_Patron": e.payoffs[0],
                    "payoff_Client": e.payoffs[1],
                    "regret": e.regret,
                    "error": None,
                }
            )
    return rows


GRID = {"entrapment_cost": [0.5, 1.0, 3.0], "revision_gain": [-1.0, 0.0, 1.0], "war_cost": [0.5, 4.0]}


def test_equals_a_plain_loop_over_the_same_calls():
    df = sweep(A.RestraintGame, GRID)
    expect = loop_restraint(GRID)
    assert len(df) == len(expect)
    for (_, row), want in zip(df.iterrows(), expect):
        for key, value in want.items():
            got = row[key]
            if isinstance(value, float):
                assert got == value, (key, got, value)
            else:
                assert got == value, (key, got, value)
        # Independent certificate: the regret of the row's profile, recomputed by the game.
        m = A.RestraintGame.from_params({k: row[k] for k in GRID})
        eq = dt.Equilibrium(m.game(), [list(row.strategy_Patron), list(row.strategy_Client)])
        assert eq.regret <= 1e-12


def test_column_contract():
    df = sweep(A.RestraintGame, GRID)
    cols = list(df.columns)
    assert cols[:3] == list(GRID)  # parameter columns first, named as the model's parameters
    assert cols[3] == "point"
    assert cols[-1] == "error"
    for c in ["regime", "n_equilibria", "equilibrium", "method", "strategy_Patron",
              "strategy_Client", "payoff_Patron", "payoff_Client", "regret"]:
        assert c in cols
    assert df["regime"].map(type).eq(str).all()
    assert df["error"].isna().all()
    assert str(df["equilibrium"].dtype) == "Int64"
    assert df["regret"].dtype == np.float64
    assert df["entrapment_cost"].dtype == np.float64
    assert set(df["method"]) == {"enumerate_all"}
    # The parameter values of each row are those of its point, in itertools.product order.
    points = list(itertools.product(*GRID.values()))
    for _, row in df.iterrows():
        assert tuple(row[list(GRID)]) == points[row.point]


def test_dict_and_dataframe_grids_give_the_same_table():
    frame = pd.DataFrame(list(itertools.product(*GRID.values())), columns=list(GRID))
    pd.testing.assert_frame_equal(sweep(A.RestraintGame, GRID), sweep(A.RestraintGame, frame))


def test_failures_stay_in_their_row():
    df = sweep(A.RestraintGame, {"reassurance_cost": [1.0, -1.0, float("nan"), 2.0]})
    assert df["error"].notna().tolist() == [False, True, True, False]
    assert "reassurance_cost" in df["error"][1]
    assert df["regime"].isna().tolist() == [False, True, True, False]
    assert df["equilibrium"].isna().tolist() == [False, True, True, False]


def test_unknown_names_are_refused_up_front():
    with pytest.raises(ValueError, match="war_cots"):
        sweep(A.RestraintGame, {"war_cots": [1.0], "war_cost": [2.0]})
    with pytest.raises(ValueError, match="analyses"):
        sweep(A.RestraintGame, {"war_cost": [2.0]}, analyses=["shapley_shubik"])
    with pytest.raises(ValueError, match="nope"):
        sweep(lambda war_cost: A.RestraintGame(war_cost=war_cost), {"nope": [1]})
    with pytest.raises(ValueError, match="regret"):
        sweep(lambda regret: A.RestraintGame(war_cost=regret), {"regret": [1]})
    with pytest.raises(ValueError, match="threads"):
        sweep(A.RestraintGame, {"war_cost": [1.0]}, threads=0)
    with pytest.raises(ValueError, match="chunk_size"):
        sweep(A.RestraintGame, {"war_cost": [1.0]}, chunk_size=0)
    with pytest.raises(ValueError, match="seed"):
        sweep(A.RestraintGame, {"war_cost": [1.0]}, seed=-1)
    with pytest.raises(TypeError, match="grid"):
        sweep(A.RestraintGame, [1, 2])
    with pytest.raises(TypeError, match="model"):
        sweep(42, {})


def test_huge_grids_are_refused_before_anything_runs():
    huge = {name: list(range(2000)) for name in ["deterrence", "war_cost", "revision_gain", "entrapment_cost"]}
    with pytest.raises(ValueError, match="grid"):
        sweep(A.RestraintGame, huge)
    with pytest.raises(ValueError, match="max_memory"):
        sweep(A.RestraintGame, {"war_cost": list(range(100))}, max_memory=1000)


def test_empty_grid_keeps_the_columns():
    df = sweep(A.RestraintGame, {"war_cost": []})
    assert len(df) == 0
    for c in ["war_cost", "point", "regime", "equilibrium", "regret", "error"]:
        assert c in df.columns
    one = sweep(A.RestraintGame, {})
    assert len(one) == 1 and one["regime"][0] == "dilemma"


def test_chunking_threads_and_seed_do_not_change_the_table():
    grid = {"entrapment_cost": [0.5, 3.0], "war_cost": [x / 4 for x in range(-4, 24)]}
    base = sweep(A.RestraintGame, grid, seed=3)
    pd.testing.assert_frame_equal(base, sweep(A.RestraintGame, grid, seed=3, chunk_size=7))
    pd.testing.assert_frame_equal(base, sweep(A.RestraintGame, grid, seed=3, threads=1))
    pd.testing.assert_frame_equal(base, sweep(A.RestraintGame, grid, seed=3, chunk_size=1, threads=2))


def test_callables_give_the_same_columns_and_per_point_seeds():
    def build(entrapment_cost, war_cost):
        return A.RestraintGame(entrapment_cost=entrapment_cost, war_cost=war_cost)

    grid = {"entrapment_cost": [0.5, 3.0], "war_cost": [-1.0, 4.0]}
    pd.testing.assert_frame_equal(sweep(build, grid, chunk_size=3), sweep(A.RestraintGame, grid))

    # A function returning a bare game: no regime, the same equilibria columns.
    def bos(a):
        return dt.Game.from_bimatrix([[a, 0], [0, 1]], [[1, 0], [0, a]], players=["Patron", "Client"])

    df = sweep(bos, {"a": [2.0, "x"]})
    assert df["regime"].isna().all()
    assert df["n_equilibria"].tolist()[:3] == [3, 3, 3]
    assert df["error"].tolist()[:3] == [None] * 3
    assert df["error"].iloc[3] is not None and len(df) == 4

    # A function taking seed gets each point's own seed, whatever the chunking.
    seen = {}

    def seeded(war_cost, seed):
        seen[war_cost] = seed
        return A.RestraintGame(war_cost=war_cost)

    sweep(seeded, {"war_cost": [1.0, 2.0, 3.0]}, seed=11, chunk_size=1)
    first = dict(seen)
    seen.clear()
    sweep(seeded, {"war_cost": [1.0, 2.0, 3.0]}, seed=11)
    assert seen == first and len(set(first.values())) == 3
    sweep(seeded, {"war_cost": [1.0, 2.0, 3.0]}, seed=12)
    assert seen != first


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_sweeps_with_its_defaults_and_regime(model):
    first_param = next(iter(model().params()))
    value = model().params()[first_param]
    df = sweep(model, {first_param: [value]})
    assert len(df) >= 1
    assert "regime" in df.columns and "error" in df.columns
    assert df["error"].isna().all(), df["error"].tolist()
    # The model at that point, as from_params builds it (other defaults follow what is given).
    assert df["regime"][0] == model.from_params({first_param: value}).regime()


def test_headline_values_of_the_models():
    p = sweep(A.ProtectionForPatronage, {"discount": [0.5, 0.8]})
    assert p["critical_discount"][0] == pytest.approx(25 / 36, abs=0)
    assert p["price"][0] == float(A.ProtectionForPatronage().price(exact=True))
    assert p["regime"].tolist() == ["exchange_unsustainable", "exchange_sustainable"]
    r = sweep(A.Reciprocity, {"n_states": [4, 10]})
    m = A.Reciprocity(n_states=4)
    assert r["critical_discount_specific"][0] == float(m.critical_discount("specific", exact=True))
    assert r["critical_discount_specific"][1] == 0.9
    u = sweep(A.InstitutionalPower, {"quota": [39]})
    assert u["shapley_shubik_China"][0] == float(Fraction(421, 2145))
    pp = sweep(A.Powerplay, {"link_cost": [0.0]})
    assert pp["stable_structures"][0] == tuple(A.Powerplay().stable_structures())


def test_n_player_equilibria_are_pure_and_say_so():
    df = sweep(A.CollectiveSecurity, {"threshold": [2.0]}, analyses=["regime", "equilibria"])
    assert set(df["method"]) == {"pure"}
    game = A.CollectiveSecurity(threshold=2.0).game()
    assert len(df) == len(dt.solve.pure(game))


def test_progress_false_prints_nothing(capsys):
    sweep(A.RestraintGame, {"war_cost": [1.0, 2.0]}, progress=False, chunk_size=1)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_progress_true_draws_a_bar_on_stderr(capsys):
    dt.sweep(A.RestraintGame, {"war_cost": [1.0, 2.0]}, progress=True, chunk_size=1)
    out = capsys.readouterr()
    assert out.out == "" and "sweep" in out.err and "2/2" in out.err


def test_help_and_export():
    assert dt.sweep.__doc__ and "Parameters" in dt.sweep.__doc__
    assert "sweep" in dt.__all__


@settings(max_examples=25, deadline=None)
@given(
    e=st.lists(st.integers(-4, 8), min_size=1, max_size=3),
    w=st.lists(st.integers(-4, 10), min_size=0, max_size=3),
    chunk=st.integers(1, 5),
)
def test_random_grids_equal_the_plain_loop(e, w, chunk):
    grid = {"entrapment_cost": [x / 2 for x in e], "war_cost": [x / 2 for x in w]}
    df = sweep(A.RestraintGame, grid, chunk_size=chunk)
    expect = loop_restraint(grid)
    assert len(df) == len(expect) == sum(
        1 for _ in expect
    )
    for (_, row), want in zip(df.iterrows(), expect):
        assert row.point == want["point"]
        assert row.regime == want["regime"]
        assert row.strategy_Patron == want["strategy_Patron"]
        assert row.strategy_Client == want["strategy_Client"]
        assert math.isclose(row.regret, want["regret"], abs_tol=0)


# --- Dask: a real local cluster of two worker processes --------------------------------

@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_dask_gives_the_local_table(client):
    grid = {"reassurance_cost": [1.0, -1.0, 2.0], "war_cost": [x / 2 for x in range(-2, 10)]}
    local = sweep(A.RestraintGame, grid)
    assert local["error"].notna().any()  # rows with errors travel too
    remote = sweep(A.RestraintGame, grid, client=client, chunk_size=5)
    pd.testing.assert_frame_equal(local, remote)
    frame = pd.DataFrame({"discount": [0.3, 0.95, 1.5]})
    pd.testing.assert_frame_equal(
        sweep(A.Reciprocity, frame), sweep(A.Reciprocity, frame, client=client, chunk_size=1)
    )


def test_dask_runs_callables(client):
    def build(war_cost):
        return A.RestraintGame(war_cost=war_cost)

    grid = {"war_cost": [-1.0, 2.0, 4.0, float("inf")]}
    pd.testing.assert_frame_equal(
        sweep(build, grid), sweep(build, grid, client=client, chunk_size=2)
    )


@settings(max_examples=30, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.floats(-0.5, 1.5), st.just(float("nan"))),
            st.sampled_from([0.0, 0.25, 1.0, 2.0]),
            st.sampled_from([2, 4, 10, 3]),
        ),
        max_size=8,
    )
)
def test_random_frames_equal_the_models_queried_directly(rows):
    frame = pd.DataFrame(rows, columns=["discount", "publicity", "n_states"])
    df = sweep(A.Reciprocity, frame, chunk_size=3)
    assert len(df) == len(frame)
    pd.testing.assert_frame_equal(df[list(frame.columns)], frame)
    for (_, row), (discount, publicity, n) in zip(df.iterrows(), rows):
        try:
            m = A.Reciprocity.from_params(
                {"discount": discount, "publicity": publicity, "n_states": n}
            )
        except ValueError as err:
            assert row.error is not None and row.regime is None
            assert str(err).split(":")[-1].strip() in row.error
            continue
        assert row.error is None
        assert row.regime == m.regime()
        assert row.critical_discount_specific == float(m.critical_discount("specific", exact=True))
        assert row.critical_discount_diffuse == float(m.critical_discount("diffuse", exact=True))


def test_ctrl_c_stops_a_long_sweep_in_one_chunk():
    """A sweep in one big Rust chunk stops on Ctrl-C (the GIL is released, every point checks
    for a stop) and the next sweep runs normally."""
    import os
    import signal
    import threading
    import time

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        grid = {"entrapment_cost": [x / 8 for x in range(400)],
                "war_cost": [x / 8 for x in range(-16, 984)]}   # 400,000 points
        timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
        start = time.perf_counter()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            sweep(A.RestraintGame, grid, chunk_size=10**6, max_memory=2**40)
        elapsed = time.perf_counter() - start
        timer.join()
        assert elapsed < 20.0, f"took {elapsed:.1f} s to honour Ctrl-C"
    finally:
        signal.signal(signal.SIGINT, previous)
    assert len(sweep(A.RestraintGame, {"war_cost": [1.0]})) == 1


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_what_travels_to_dask_workers_pickles(model):
    import pickle

    m = model()
    assert pickle.loads(pickle.dumps(m)) == m
    g = m.game()
    assert pickle.loads(pickle.dumps(g)) == g
    df = sweep(model, {})
    pd.testing.assert_frame_equal(pickle.loads(pickle.dumps(df)), df)
