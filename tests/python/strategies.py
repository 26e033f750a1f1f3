"""Shared by the test modules: hypothesis strategies for random games, the games several
modules solve, the float tolerance rule of the LP-based solvers, and the checks every
solver's result and CLI method pass."""

import json
import pickle

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import detente as dt


@st.composite
def games(draw, max_players=4, max_actions=4, ties=None):
    """Random games; with ``ties`` (or by a coin flip) small integer payoffs, so many ties."""
    n = draw(st.integers(1, max_players))
    shape = tuple(draw(st.lists(st.integers(1, max_actions), min_size=n, max_size=n)))
    use_ties = draw(st.booleans()) if ties is None else ties
    elements = st.integers(-2, 2) if use_ties else st.floats(-10, 10, allow_nan=False, width=64)
    payoffs = draw(hnp.arrays(np.float64, (*shape, n), elements=elements))
    return dt.Game(payoffs)


@st.composite
def profiles(draw, game):
    """A random mixed profile of ``game`` (some entries exactly zero)."""
    out = []
    for n in game.shape:
        w = draw(hnp.arrays(np.float64, n, elements=st.sampled_from([0.0, 0.25, 1.0, 3.0])))
        if w.sum() == 0:
            w[draw(st.integers(0, n - 1))] = 1.0
        out.append(w / w.sum())
    return out


# ---------------------------------------------------------------------------------------------
# Games solved by several test modules.

CHICKEN = dt.Game.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], actions=[["C", "D"], ["C", "D"]])


def volunteers(n, b, c):
    """Benefit b if anyone volunteers, cost c for each volunteer."""
    payoffs = np.zeros((2,) * n + (n,))
    for idx in np.ndindex(*(2,) * n):
        for i in range(n):
            payoffs[idx + (i,)] = (b if any(idx) else 0.0) - (c if idx[i] else 0.0)
    return dt.Game(payoffs)


def folding_branch_game():
    """A 3x4x3x2 game with a duplicated action whose logit branch folds sharply near λ = 3; an
    earlier tracer jumped across the fold and walked back to λ = 0."""
    payoffs = np.array([1, 0, -1, -1, -1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, -1, 1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 2, -1, -1, 0, 0, 0, 0, -1, 0, -1, 0, 1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, -1, 1, 1, 0, 0, 0, 0, 0, 0, 0, -2, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, -1, 0, 0, -2, 0, 0, 0, -1, 1, 0, 0, 1, 3, -1, 0, -1, 0, 0, -1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 0, 0, -1, -1, 0, 0, 1, 0, 1, -1, 0, 0, -1, -1, -1, 0, 0, -1, -1, 0, 0, -1, 0, 0, -1, 1, 0, 0, 0, 1, 1, 1, 0, -1, 0, 0, -1, 0, 1, 0, -1, 0, 1, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, -1, 1, -1, 0, 0, 0, 0, 1, -1, 0, 0, 0, -1, -1, 0, -1, -1, 1, -1, 0, -2, 1, 1, 0, -1, 1, 0, -1, 0, 0, 0, 1, 0, 0, 1, -1, 1, 1, 0, 0, 0, 1, -2, 0, 1, 0, 2, -2, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 1, -1, 1, -1, 0, 0, 0, 0, 0, 1, -1, -1, 0, 0, 0, 0, 0, 0, 0, -2, -1, 0, -1, 0, 0, 0, 1, 0, 0, 0], dtype=float).reshape(3, 4, 3, 2, 4)
    return dt.Game(payoffs)


# ---------------------------------------------------------------------------------------------
# The LP-based solvers (zero_sum, correlated, commitment) on random payoffs.


def integral(payoffs):
    payoffs = np.asarray(payoffs, dtype=float)
    return bool(np.all(payoffs == np.round(payoffs)))


def tolerance(payoffs):
    """1e-9 on integer payoffs. On floats hypothesis finds near-ties of very different
    magnitudes (1e-9 next to 1): degenerate LPs on which the simplex backend is inaccurate; the
    solvers accept its answers up to 1e-6 of the payoff scale and refuse worse ones."""
    if integral(payoffs):
        return 1e-9
    return 2e-6 * max(1.0, np.abs(np.asarray(payoffs, dtype=float)).max())


def solve_or_refuse(payoffs, solver, *args, **kwargs):
    """The solver's answer, or None if it refused (SolverError), allowed only on floats."""
    try:
        return solver(*args, **kwargs)
    except dt.SolverError:
        assert not integral(payoffs)
        return None



# ---------------------------------------------------------------------------------------------
# Checks every solver's result and CLI method pass.


def check_round_trips(result):
    """pickle and ``from_json(to_json())`` give ``result`` back; ``to_json`` is valid JSON."""
    assert pickle.loads(pickle.dumps(result)) == result
    assert type(result).from_json(result.to_json()) == result
    json.loads(result.to_json())


def check_cli_method(solve_cli, path, method):
    """``detente solve PATH --method METHOD`` exits 0 naming the result's class (that of
    ``detente.solve.METHOD`` on the file); with ``--json`` it prints valid JSON."""
    code, out, _ = solve_cli(path, method)
    assert code == 0
    assert type(getattr(dt.solve, method)(dt.read_nfg(path))).__name__ in out
    code, out, _ = solve_cli(path, method, "--json")
    assert code == 0
    json.loads(out)
