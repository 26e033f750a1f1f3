"""The ``detente`` command line, run as users run it."""

import json
import subprocess
import sys

import detente as dt
from detente.cli import METHODS, main


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
    # Matching pennies: the one equilibrium mixes 50/50, in exact fractions.
    assert "mixed equilibrium: Equilibrium(Inspector: 1/2·Inspect site 1" in out.stdout


# --- every method and option, as users type them --------------------------------------------

COORD = "coord2.nfg"  # 2x2 coordination game: two pure equilibria and one mixed


def solve_json(nfg_dir, *args):
    out = run("solve", str(nfg_dir / COORD), *args, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_each_method_names_itself_as_its_function(nfg_dir):
    """The ``method`` of every result is the solver function's name, as given to --method."""
    singles = {
        "zero_sum": dt.ZeroSumSolution,
        "correlated": dt.CorrelatedEquilibrium,
        "coarse_correlated": dt.CorrelatedEquilibrium,
        "commitment": dt.Commitment,
        "lemke_howson": dt.Equilibrium,
        "logit_homotopy": dt.Equilibrium,
        "logit_qre": dt.LogitQre,
    }
    lists = {"pure": dt.Equilibrium, "support_enumeration": dt.Equilibrium}
    lists |= {m: dt.Run for m in ("best_response", "fictitious_play", "replicator")}
    for method in [*singles, *lists]:
        game = "csg2.nfg" if method == "zero_sum" else COORD
        extra = ["--lambdas", "0,1"] if method == "logit_qre" else []
        extra += ["--starts", "3"] if lists.get(method) is dt.Run else []
        out = run("solve", str(nfg_dir / game), "--method", method, *extra, "--json")
        assert out.returncode == 0, (method, out.stderr)
        if method in lists:
            data = json.loads(out.stdout)
            assert isinstance(data, list) and data, method
            results = [lists[method].from_json(json.dumps(r)) for r in data]
        else:
            results = [singles[method].from_json(out.stdout)]
        assert all(r.method == method for r in results), method


def test_text_output_uses_the_method_names(nfg_dir):
    for method in ("lemke_howson", "logit_homotopy", "support_enumeration", "enumerate_all"):
        out = run("solve", str(nfg_dir / COORD), "--method", method)
        assert out.returncode == 0, out.stderr
        assert f"method {method}" in out.stdout
        assert not any(s in out.stdout for s in ("Lemke-Howson", "logit-homotopy", "support-enum"))
    out = run("solve", str(nfg_dir / COORD), "--method", "support_enumeration")
    assert "3 support_enumeration equilibria" in out.stdout


def test_lemke_howson_label_and_exact(nfg_dir):
    first = solve_json(nfg_dir, "--method", "lemke_howson")
    assert first["strategies"] == [[1.0, 0.0], [1.0, 0.0]]
    second = solve_json(nfg_dir, "--method", "lemke_howson", "--label", "1", "--exact")
    assert second["strategies"] == [[0.0, 1.0], [0.0, 1.0]] and second["regret"] == 0
    every = solve_json(nfg_dir, "--method", "lemke_howson", "--label", "all")
    game = dt.read_nfg(nfg_dir / COORD)
    assert every == [json.loads(e.to_json()) for e in dt.solve.lemke_howson_all(game)]


def test_enumerate_all_exact_and_float(nfg_dir):
    game = dt.read_nfg(nfg_dir / COORD)
    exact = solve_json(nfg_dir, "--method", "enumerate_all")
    assert exact == [json.loads(e.to_json()) for e in dt.solve.enumerate_all(game)]
    floats = solve_json(nfg_dir, "--method", "enumerate_all", "--float")
    assert len(floats) == 3 and all(e["regret"] == 0 for e in floats)
    out = run("solve", str(nfg_dir / COORD), "--method", "enumerate_all")
    assert "3 extreme equilibria in 3 component(s), exact" in out.stdout
    # The mixed equilibrium in exact fractions (Player 2 mixes 2/5, 3/5 to make Player 1's
    # payoffs 3q and 2(1 - q) equal).
    assert "1: Player 1: 1/2·1 + 1/2·2; Player 2: 2/5·1 + 3/5·2" in out.stdout
    out = run("solve", str(nfg_dir / COORD), "--method", "enumerate_all", "--float")
    assert "3 extreme equilibria in 3 component(s); method enumerate_all" in out.stdout
    assert "Player 2: 0.4·1 + 0.6·2" in out.stdout


def test_logit_qre_lambdas(nfg_dir):
    q = dt.LogitQre.from_json(json.dumps(solve_json(nfg_dir, "--method", "logit_qre", "--lambdas", "0,1,10")))
    assert q.lambdas.tolist() == [0.0, 1.0, 10.0]
    assert q.strategies[0][0].tolist() == [0.5, 0.5]


def test_correlated_options(nfg_dir):
    ce = solve_json(nfg_dir, "--method", "correlated", "--objective", "max_min", "--coarse")
    assert dt.CorrelatedEquilibrium.from_json(json.dumps(ce)).method == "coarse_correlated"


def test_dominance_and_commitment_options(nfg_dir):
    out = run("solve", str(nfg_dir / "pd.nfg"), "--method", "dominance", "--weak", "--pure-only", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["kept"] == [[1], [1]]
    c = solve_json(nfg_dir, "--method", "commitment", "--leader", "1")
    assert c["leader"] == 1


def test_tolerances(nfg_dir):
    assert len(solve_json(nfg_dir, "--tol", "0")) == 2
    eq = solve_json(nfg_dir, "--method", "logit_homotopy", "--tol", "1e-6")
    assert eq["regret"] <= 1e-6
    assert len(solve_json(nfg_dir, "--method", "support_enumeration", "--tol", "1e-6")) == 3


def test_dynamics_options(nfg_dir):
    game = dt.read_nfg(nfg_dir / COORD)
    runs = solve_json(nfg_dir, "--method", "best_response", "--starts", "5", "--seed", "3", "--max-iter", "40")
    expected = dt.dynamics.best_response(game, 5, seed=3, max_iter=40)
    assert runs == [json.loads(r.to_json()) for r in expected]
    runs = solve_json(nfg_dir, "--method", "fictitious_play", "--starts", "2", "--seed", "1", "--max-iter", "500", "--tol", "0.05")
    expected = dt.dynamics.fictitious_play(game, 2, seed=1, max_iter=500, tol=0.05)
    assert runs == [json.loads(r.to_json()) for r in expected]
    runs = solve_json(nfg_dir, "--method", "replicator", "--starts", "2", "--max-iter", "30", "--tol", "1e-3")
    assert len(runs) == 2 and all(r["iterations"] <= 30 for r in runs)
    out = run("solve", str(nfg_dir / COORD), "--method", "replicator", "--starts", "3")
    assert out.returncode == 0 and "DynamicsResult(3 runs" in out.stdout


def one_line_error(out, *words):
    assert out.returncode == 2, out.stdout
    assert "Traceback" not in out.stderr and out.stderr.count("\n") == 1, out.stderr
    assert all(w in out.stderr for w in words), out.stderr


def test_bad_options_are_one_line_errors(nfg_dir):
    f = str(nfg_dir / COORD)
    one_line_error(run("solve", f, "--method", "nope"), "invalid choice", "lemke_howson")
    one_line_error(run("solve", f, "--method", "pure", "--label", "0"), "--label", "pure")
    one_line_error(run("solve", f, "--method", "best_response", "--tol", "1"), "--tol")
    one_line_error(run("solve", f, "--method", "lemke_howson", "--label", "x"), "label")
    one_line_error(run("solve", f, "--method", "lemke_howson", "--label", "9"), "label")
    one_line_error(run("solve", f, "--method", "logit_qre"), "--lambdas")
    one_line_error(run("solve", f, "--method", "logit_qre", "--lambdas", "a,b"), "lambdas")
    one_line_error(run("solve", f, "--method", "fictitious_play", "--starts", "0"), "starts")
    one_line_error(run("solve", f, "--method", "enumerate_all", "--exact", "--float"), "--float")
    one_line_error(run("solve", f, "--tol", "-1"), "tol")
    one_line_error(run("solve", str(nfg_dir / "g3.nfg"), "--method", "lemke_howson"), "two-player")
    one_line_error(run("solve", str(nfg_dir)), str(nfg_dir))
    one_line_error(run("bogus"), "bogus")


def test_help_is_plain_text():
    for args in (["--help"], ["solve", "--help"], ["demo", "--help"]):
        out = run(*args)
        assert out.returncode == 0, out.stderr
        for markup in ("``", ":class:", ":func:", ":meth:", ":data:"):
            assert markup not in out.stdout, (args, markup)
    text = run("solve", "--help").stdout
    for method in METHODS:
        assert method in text
    for option in ("--label", "--exact", "--float", "--lambdas", "--starts", "--seed", "--max-iter", "--tol"):
        assert option in text
