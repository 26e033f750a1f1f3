"""``detente sweep MODEL``, run as users run it: the same table as ``detente.sweep``."""

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

import detente as dt
from detente.cli import main


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "detente.cli", *args], capture_output=True, text=True, check=False
    )


def expected(model, grid, **kw):
    df = dt.sweep(model, grid, progress=False, **kw)
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    return pd.read_csv(io.StringIO(buf.getvalue()))


def test_param_flags_write_the_sweep_as_csv_on_stdout():
    out = run("sweep", "RestraintGame", "--param", "war_cost=1,4", "--param", "entrapment_cost=0.5,3")
    assert out.returncode == 0, out.stderr
    got = pd.read_csv(io.StringIO(out.stdout))
    want = expected(
        dt.alliance.RestraintGame, {"war_cost": [1, 4], "entrapment_cost": [0.5, 3]}
    )
    pd.testing.assert_frame_equal(got, want)
    assert list(got.columns[:3]) == ["war_cost", "entrapment_cost", "point"]
    assert out.stderr == ""  # no progress bar in a captured run


def test_json_grid_file_and_analyses(tmp_path, capsys):
    grid = {"discount": [0.3, 0.7, 0.95, 1.5]}
    f = tmp_path / "grid.json"
    f.write_text(json.dumps(grid))
    out = tmp_path / "r.csv"
    assert main(["sweep", "reciprocity", "--grid-file", str(f), "--out", str(out),
                 "--analyses", "regime,critical_discount"]) == 0
    got = pd.read_csv(out)
    want = expected(dt.alliance.Reciprocity, grid, analyses=["regime", "critical_discount"])
    pd.testing.assert_frame_equal(got, want)
    assert got["regime"].tolist()[:3] == ["no_cooperation", "multilateral", "bilateral"]
    assert "discount" in got["error"][3]
    assert main(["sweep", "Reciprocity", "--grid", json.dumps(grid), "--no-progress"]) == 0
    assert pd.read_csv(io.StringIO(capsys.readouterr().out)).equals(got)


def test_parquet_out_or_a_clear_error(tmp_path):
    out = tmp_path / "p.parquet"
    res = run("sweep", "ProtectionForPatronage", "--param", "discount=0.5,0.8", "--out", str(out))
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        assert res.returncode == 2
        assert "pip install pyarrow" in res.stderr and "Traceback" not in res.stderr
        return
    assert res.returncode == 0, res.stderr
    got = pd.read_parquet(out)
    assert got["regime"].tolist() == ["exchange_unsustainable", "exchange_sustainable"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["sweep", "Nope", "--param", "x=1"], "unknown model"),
        (["sweep", "RestraintGame", "--param", "war_cots=1"], "war_cots"),
        (["sweep", "RestraintGame", "--param", "war_cost"], "NAME=V1,V2"),
        (["sweep", "RestraintGame", "--grid", "{bad"], "--grid is not valid JSON"),
        (["sweep", "RestraintGame", "--grid", '{"war_cost": 1}'], "list of values"),
        (["sweep", "RestraintGame", "--analyses", "nothing"], "nothing"),
        (["sweep", "RestraintGame", "--grid-file", "/nonexistent/g.json"], "g.json"),
    ],
)
def test_errors_are_one_line_and_status_2(args, message):
    res = run(*args)
    assert res.returncode == 2, res.stdout
    assert message in res.stderr and "Traceback" not in res.stderr


def test_out_of_range_values_fail_only_their_row():
    res = run("sweep", "RestraintGame", "--param", "reassurance_cost=1,-1")
    assert res.returncode == 0, res.stderr
    got = pd.read_csv(io.StringIO(res.stdout))
    assert got["error"].isna().tolist() == [True, False]
    assert "reassurance_cost" in got["error"][1]


def test_float_flag_gives_the_same_table_on_a_nondegenerate_grid():
    exact = run("sweep", "RestraintGame", "--param", "war_cost=3.5,4.5")
    fast = run("sweep", "RestraintGame", "--param", "war_cost=3.5,4.5", "--float")
    assert exact.returncode == fast.returncode == 0, fast.stderr
    assert exact.stdout == fast.stdout


def test_help_lists_the_models():
    res = run("sweep", "--help")
    assert res.returncode == 0 and "Powerplay" in res.stdout and "--grid-file" in res.stdout
