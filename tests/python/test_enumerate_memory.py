"""enumerate_all's memory budget: a search that would exhaust memory raises, it never aborts."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import detente as dt

resource = pytest.importorskip("resource")


def random_game(n: int) -> dt.Game:
    rng = np.random.default_rng(0)
    return dt.Game.from_bimatrix(rng.random((n, n)), rng.random((n, n)))


def kuhn_poker() -> dt.Game:
    """Kuhn poker's 27x64 strategic form, payoffs summed over the six deals (degenerate)."""
    a = np.zeros((27, 64))
    deals = [(0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1)]
    for row in range(27):
        for col in range(64):
            total = 0.0
            for c1, c2 in deals:
                first = (row // 3**c1) % 3  # 0 bet, 1 check-fold, 2 check-call
                second = (col >> (2 * c2)) & 3
                calls, bets = bool(second & 1), bool(second & 2)
                showdown = 1.0 if c1 > c2 else -1.0
                if first == 0:
                    total += 2 * showdown if calls else 1.0
                elif not bets:
                    total += showdown
                else:
                    total += -1.0 if first == 1 else 2 * showdown
            a[row, col] = total
    return dt.Game.zero_sum(a)


@pytest.mark.parametrize(
    ("game", "exact"),
    [(random_game(50), True), (kuhn_poker(), False)],
    ids=["exact-50x50-random", "float-kuhn-poker"],
)
def test_a_small_budget_stops_the_search_with_an_error_naming_it(
    game: dt.Game, exact: bool
) -> None:
    start = time.perf_counter()
    with pytest.raises(dt.SolverError, match="max_memory") as info:
        dt.solve.enumerate_all(game, exact=exact, max_memory=64 << 20)
    assert "pass a larger max_memory" in str(info.value)
    assert "lemke_howson" in str(info.value)
    # Without the budget these searches grew by gigabytes a second until killed.
    assert time.perf_counter() - start < 60


def test_the_default_budget_still_enumerates_small_games() -> None:
    g = dt.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert len(dt.solve.enumerate_all(g)) == 3
    assert len(dt.solve.enumerate_all(g, max_memory=1 << 20)) == 3
    assert dt.solve.default_max_memory() > 0


def test_bad_budgets_are_refused() -> None:
    g = dt.Game.from_bimatrix([[1]], [[1]])
    with pytest.raises(ValueError, match="max_memory"):
        dt.solve.enumerate_all(g, max_memory=0)
    with pytest.raises(ValueError, match="max_memory must be an int >= 1, got -1"):
        dt.solve.enumerate_all(g, max_memory=-1)
    with pytest.raises(TypeError, match="max_memory"):
        dt.solve.enumerate_all(g, max_memory="lots")


def test_the_default_budget_respects_the_address_space_limit() -> None:
    # Under a 2 GiB address-space limit, the 50x50 exact search with default options must
    # end in a Python exception: no "memory allocation failed" abort, no killed process.
    code = textwrap.dedent(
        """
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        import numpy as np
        import detente as dt
        rng = np.random.default_rng(0)
        g = dt.Game.from_bimatrix(rng.random((50, 50)), rng.random((50, 50)))
        try:
            dt.solve.enumerate_all(g)
        except dt.SolverError as e:
            assert "max_memory" in str(e), e
            print("raised")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "raised"
    assert "memory allocation" not in done.stderr
