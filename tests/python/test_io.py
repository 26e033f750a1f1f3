"""Gambit .nfg files and JSON from Python: every shipped file loads, round trips, fails clearly."""

import pickle
import re

import numpy as np
import pytest

import detente as dt

# Pure-equilibrium counts stated in the files' own titles (Gambit's test data).
TITLE_PURE_COUNTS = {
    "8x8.nfg": 3,
    "3x3x3.nfg": 2,
    "2x2x2_local_max_cut.nfg": 2,
    "g2.nfg": 0,
    "g3.nfg": 0,
    "2x2.nfg": 0,
}


def test_every_gambit_file_loads_and_round_trips(nfg_dir):
    files = sorted(nfg_dir.glob("*.nfg"))
    assert len(files) == 40
    for path in files:
        g = dt.read_nfg(path)
        assert dt.read_nfg(g.to_nfg()) == g, path.name
        assert pickle.loads(pickle.dumps(g)) == g
        assert dt.Game.from_json(g.to_json()) == g
        # The file name states the shape for the n-player test games, e.g. 5x4x3.nfg.
        m = re.fullmatch(r"(\d+(?:x\d+)+)\.nfg", path.name)
        if m:
            assert g.shape == [int(k) for k in m.group(1).split("x")], path.name


@pytest.mark.parametrize("name, count", sorted(TITLE_PURE_COUNTS.items()))
def test_pure_counts_stated_in_titles(nfg_dir, name, count):
    assert len(dt.solve.pure(dt.read_nfg(nfg_dir / name))) == count


def test_prisoners_dilemma_file_by_hand(nfg_dir):
    g = dt.read_nfg(str(nfg_dir / "pd.nfg"))
    assert g.players == ["Player 1", "Player 2"]
    # Outcomes 1..4 are (9,9) (10,0) (0,10) (1,1), assigned to profiles with player 1's
    # strategy varying fastest: (0,0) (1,0) (0,1) (1,1).
    expected = {(0, 0): [9, 9], (1, 0): [10, 0], (0, 1): [0, 10], (1, 1): [1, 1]}
    for profile, payoff in expected.items():
        assert g.payoffs[profile].tolist() == payoff


def test_duplicate_labels_are_made_unique(nfg_dir):
    g = dt.read_nfg(nfg_dir / "2x2_all_zero_duplicate_labels.nfg")
    assert g.actions[1] == ["defect", "defect~2"]


def test_write_nfg_to_a_path(tmp_path):
    g = dt.Game.from_bimatrix([[1, 2.5]], [[-1, 0.125]], players=['Say "hi"', "B\\C"], title="t")
    path = tmp_path / "g.nfg"
    g.write_nfg(path)
    assert dt.read_nfg(path) == g
    assert dt.read_nfg(str(path)) == g


def test_malformed_files_say_where(tmp_path):
    with pytest.raises(dt.NfgParseError, match=r"line 2, column 6: expected payoff 4 of 8") as err:
        dt.read_nfg('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3')
    assert isinstance(err.value, ValueError)
    with pytest.raises(dt.NfgParseError, match="line 2"):
        dt.read_nfg('NFG 1 R "t" { "A" }\n{ 2 } 1 x')
    with pytest.raises(dt.NfgParseError):
        dt.read_nfg('NFG 1 R "unterminated')
    with pytest.raises(dt.NfgParseError, match="GiB"):
        dt.read_nfg('NFG 1 R "t" { "A" "B" "C" } { 100000 100000 100000 }\n')
    with pytest.raises(FileNotFoundError):
        dt.read_nfg(tmp_path / "missing.nfg")
    with pytest.raises(FileNotFoundError):
        dt.read_nfg("no/such/file.nfg")
    with pytest.raises(TypeError):
        dt.read_nfg(42)


def test_equilibrium_json_keeps_labels():
    g = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["c", "d"]])
    eq = dt.solve.pure(g)[0]
    back = dt.Equilibrium.from_json(eq.to_json())
    assert back == eq and back.describe_strategies() == ["D", "d"]
    with pytest.raises(ValueError):
        dt.Equilibrium.from_json('{"strategies": 3}')
