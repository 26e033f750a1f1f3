"""Shared fixtures (the test games' folder, ``detente solve`` in-process) and hypothesis
profiles ("ci" by default, "deep" via HYPOTHESIS_PROFILE)."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from detente.cli import main

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

NFG_DIR = Path(__file__).resolve().parents[1] / "data" / "nfg"


@pytest.fixture
def nfg_dir() -> Path:
    return NFG_DIR


@pytest.fixture
def solve_cli(capsys):
    """``solve_cli(path, method, *options)`` runs ``detente solve PATH --method METHOD
    OPTIONS`` in-process and returns (exit code, stdout, stderr)."""

    def run(path, method, *options):
        code = main(["solve", str(path), "--method", method, *options])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
