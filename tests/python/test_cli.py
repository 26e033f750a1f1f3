"""The ``detente`` command line, run as users run it."""

import json
import subprocess
import sys

import detente as dt
from detente.cli import main


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "detente.cli", *args], capture_output=True, text=True, check=False
    )


def test_solve_pure_json(nfg_dir):
    out = run("solve", str(nfg_dir / "8x8.nfg"), "--json")
    assert out.returncode == 0, out.stderr
    eqs = json.loads(out.stdout)
    assert len(eqs) == 3 and all(e["regret"] == 0 and e["method"] == "pure" for e in eqs)


def test_solve_dominance_table(nfg_dir, capsys):
    assert main(["solve", str(nfg_dir / "pd.nfg"), "--method", "dominance"]) == 0
    assert "elimination" in capsys.readouterr().out
    assert main(["solve", str(nfg_dir / "mixdom.nfg"), "--method", "dominance", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert dt.Game.from_json(json.dumps(data["game"])).shape == [1, 1]


def test_errors_are_messages_not_tracebacks(tmp_path):
    bad = tmp_path / "bad.nfg"
    bad.write_text('NFG 1 R "x" { "A" } { 2 }\n1')
    out = run("solve", str(bad))
    assert out.returncode == 2 and "line" in out.stderr and "Traceback" not in out.stderr
    out = run("solve", str(tmp_path / "missing.nfg"))
    assert out.returncode == 2 and "missing.nfg" in out.stderr


def test_demo_runs():
    out = run("demo")
    assert out.returncode == 0, out.stderr
    assert "Stag hunt" in out.stdout and "pure equilibrium" in out.stdout
