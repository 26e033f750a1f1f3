"""Random bimatrix games and the comparisons of mixed profiles shared by the normal-form and
equilibrium sections."""

from __future__ import annotations

from typing import Any

import numpy as np

from .core import Settings

AGREE = 1e-6  # every method's equilibria / values must agree within this


def quantecon_bimatrix(qe: Any, a: np.ndarray, b: np.ndarray) -> Any:
    """QuantEcon's Player convention: each player's own action comes first, hence b.T."""
    return qe.NormalFormGame((qe.Player(a), qe.Player(b.T)))


def random_bimatrix(m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Standard-normal payoffs: nondegenerate with probability 1, so Lemke-Howson paths and the
    equilibrium sets are unique and every library must return the same ones."""
    return rng.standard_normal((m, m)), rng.standard_normal((m, m))


def fresh_games(
    m: int, games: int, rng: np.random.Generator
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """`games` random m×m bimatrix games, each from its own seed (drawn from the section's
    stream, so fixed, and printed so that any one game can be rebuilt alone with
    `random_bimatrix(m, np.random.default_rng(seed))`)."""
    seeds = [int(s) for s in rng.integers(2**32, size=games)]
    print(f"    {m}×{m} game seeds: {', '.join(map(str, seeds))}", flush=True)
    return [(seed, *random_bimatrix(m, np.random.default_rng(seed))) for seed in seeds]


def games_label(cfg: Settings, m: int, games: int) -> str:
    quick = " (--quick)" if cfg.quick else ""
    return f"random {m}×{m}, {games} game{'s' if games > 1 else ''}{quick}"


def same_profile(p: Any, q: Any, tol: float = AGREE) -> bool:
    return all(
        np.asarray(x, dtype=float).shape == np.asarray(y, dtype=float).shape
        and np.max(np.abs(np.asarray(x, dtype=float) - np.asarray(y, dtype=float))) <= tol
        for x, y in zip(p, q)
    )


def same_set(name: str, found: list[Any], ref: list[Any]) -> None:
    """Asserts that `found` (duplicates within 1e-6 merged) is the set `ref` within 1e-6."""
    distinct: list[Any] = []
    for p in found:
        if not any(same_profile(p, q) for q in distinct):
            distinct.append(p)
    assert len(distinct) == len(ref) and all(
        any(same_profile(p, q) for q in ref) for p in distinct
    ), f"{name}: {len(distinct)} equilibria, detente found {len(ref)}"
