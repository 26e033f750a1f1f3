"""detente.solve.support_enumeration from Python: the number of equilibria of the test files
(75 on von Stengel's 6x6 game), every one certified with the independent regret routine;
the volunteer's dilemma's closed-form mixed and pure equilibria; on random games every exact
pure equilibrium found; the profile cap and the CLI."""

import numpy as np
import pytest
from hypothesis import given

import detente as dt
from strategies import games, volunteers


def test_support_enumeration_counts(nfg_dir):
    for name, count in [("2x2x2.nfg", 9), ("3x3x3.nfg", 5), ("g2.nfg", 1), ("g3.nfg", 5),
                        ("2x2x2x2.nfg", 3), ("2x2x2x2x2.nfg", 5), ("8x8.nfg", 5)]:
        g = dt.read_nfg(nfg_dir / name)
        eqs = dt.solve.support_enumeration(g)
        assert len(eqs) == count, name
        assert all(g.max_regret(e.strategies) <= 1e-9 for e in eqs)
        assert isinstance(eqs, dt.EquilibriumList)
    # 3x3x3: two of the five are pure; g2: the one equilibrium is mixed.
    assert sum(e.is_pure for e in dt.solve.support_enumeration(dt.read_nfg(nfg_dir / "3x3x3.nfg"))) == 2
    assert not dt.solve.support_enumeration(dt.read_nfg(nfg_dir / "g2.nfg"))[0].is_pure


def test_von_stengel_75_equilibria(nfg_dir):
    # Payoffs reach 1e6, so the absolute tolerance is loosened to 1e-12 relative.
    g = dt.read_nfg(nfg_dir / "vonstengel1999_6x6_75eq.nfg")
    assert len(dt.solve.support_enumeration(g, tol=1e-6)) == 75


def test_volunteers_dilemma_closed_form():
    for n, b, c in [(3, 2.0, 1.0), (4, 5.0, 2.0)]:
        g = volunteers(n, b, c)
        p = 1 - (c / b) ** (1 / (n - 1))
        eqs = dt.solve.support_enumeration(g)
        assert any(all(abs(s[1] - p) < 1e-9 for s in e.strategies) for e in eqs)
        assert sum(e.is_pure for e in eqs) == n


def test_errors():
    big = dt.Game(np.arange(20 * 20 * 2, dtype=float).reshape(20, 20, 2))
    with pytest.raises(dt.SolverError, match="max_profiles"):
        dt.solve.support_enumeration(big)


@given(games(max_players=3, max_actions=3))
def test_support_enumeration_property(g):
    eqs = dt.solve.support_enumeration(g)
    assert all(g.max_regret(e.strategies) <= 1e-9 for e in eqs)
    # Support enumeration certifies to tol = 1e-9: it finds every exact pure equilibrium, and
    # each pure profile it returns is a 1e-9-equilibrium.
    def pure_profiles(found):
        return {tuple(s[0] for s in e.support) for e in found if e.is_pure}

    assert pure_profiles(dt.solve.pure(g)) <= pure_profiles(eqs) <= pure_profiles(dt.solve.pure(g, tol=1e-9))
    if g.num_players <= 2:
        assert eqs


def test_cli(nfg_dir, solve_cli):
    code, out, _ = solve_cli(nfg_dir / "g3.nfg", "support_enumeration")
    assert code == 0
    assert "5 support_enumeration equilibria" in out
