"""Type stubs for the Rust extension module ``detente._core``."""

import os
from collections.abc import Sequence
from typing import Any, TypeAlias, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "Elimination",
    "Equilibrium",
    "Game",
    "InvalidGameError",
    "InvalidProfileError",
    "LogitQre",
    "NfgParseError",
    "Reduction",
    "SolverError",
    "__version__",
    "read_nfg",
    "solve_dominance",
    "solve_dominated",
    "solve_logit_homotopy",
    "solve_logit_qre",
    "solve_pure",
    "solve_support_enumeration",
]

__version__: str

# A player's strategy: an action index, an action label, or a probability vector.
_Strategy: TypeAlias = npt.ArrayLike | int | str

class InvalidGameError(ValueError):
    """Payoffs, shape, names or labels that do not describe a valid game."""

class InvalidProfileError(ValueError):
    """A strategy profile that does not fit the game."""

class NfgParseError(ValueError):
    """A malformed Gambit .nfg file; the message gives line and column."""

class SolverError(RuntimeError):
    """A solver that could not finish (LP failure, iteration cap)."""

@final
class Game:
    """A finite game in normal form with any number of players.

    ``payoffs`` is either an array of shape ``(n_1, ..., n_N, N)`` (QuantEcon's convention:
    entry ``[a_1, ..., a_N, i]`` is player ``i``'s payoff) or a list of ``N`` arrays of shape
    ``(n_1, ..., n_N)``, one per player (Gambit's and nashpy's convention).
    """

    def __new__(
        cls,
        payoffs: npt.ArrayLike | Sequence[npt.ArrayLike],
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str | None = None,
    ) -> Game: ...
    @staticmethod
    def from_bimatrix(
        a: npt.ArrayLike,
        b: npt.ArrayLike,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str | None = None,
    ) -> Game:
        """A two-player game from the row player's matrix ``a`` and the column player's ``b``."""
    @staticmethod
    def zero_sum(
        a: npt.ArrayLike,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str | None = None,
    ) -> Game:
        """The two-player game in which the row player gets ``a`` and the column player ``-a``."""
    @classmethod
    def from_json(cls, text: str) -> Game:
        """Read a game written by :meth:`to_json` (validated like any constructor)."""
    def to_json(self) -> str:
        """The game as JSON: title, players, actions, shape and the flattened payoffs."""
    def to_nfg(self) -> str:
        """The game in Gambit's .nfg payoff format."""
    def write_nfg(self, path: str | os.PathLike[str]) -> None:
        """Write the game to a Gambit .nfg file."""
    @property
    def num_players(self) -> int: ...
    @property
    def num_profiles(self) -> int: ...
    @property
    def shape(self) -> list[int]: ...
    @property
    def payoffs(self) -> npt.NDArray[np.float64]:
        """Read-only view (no copy) of the payoff tensor, shape ``(n_1, ..., n_N, N)``."""
    @property
    def players(self) -> list[str]: ...
    @property
    def actions(self) -> list[list[str]]: ...
    @property
    def title(self) -> str: ...
    def payoff(self, profile: Sequence[_Strategy]) -> npt.NDArray[np.float64]:
        """Each player's expected payoff under a (mixed) profile."""
    def regret(self, profile: Sequence[_Strategy]) -> npt.NDArray[np.float64]:
        """Each player's gain from their best unilateral deviation."""
    def max_regret(self, profile: Sequence[_Strategy]) -> float:
        """The largest regret: 0 exactly at a Nash equilibrium."""
    def best_responses(
        self, player: int | str, profile: Sequence[_Strategy], tol: float = 1e-9
    ) -> list[int]:
        """The actions of ``player`` within ``tol`` of the best reply to the others' strategies."""
    def is_equilibrium(self, profile: Sequence[_Strategy], tol: float = 1e-9) -> bool:
        """Whether no player gains more than ``tol`` by deviating."""
    def restrict(self, keep: Sequence[Sequence[int]]) -> Game:
        """The subgame keeping the listed actions of each player."""
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class Equilibrium:
    """A certified strategy profile: strategies, payoffs, and the regret recomputed from the game."""

    def __new__(cls, game: Game, profile: Sequence[_Strategy], method: str = "user") -> Equilibrium: ...
    @property
    def strategies(self) -> list[npt.NDArray[np.float64]]: ...
    @property
    def payoffs(self) -> npt.NDArray[np.float64]: ...
    @property
    def regret(self) -> float: ...
    @property
    def support(self) -> list[list[int]]: ...
    @property
    def method(self) -> str: ...
    @property
    def players(self) -> list[str]: ...
    @property
    def actions(self) -> list[list[str]]: ...
    @property
    def is_pure(self) -> bool: ...
    def describe_strategies(self) -> list[str]:
        """Each player's strategy in words, e.g. ``"0.5·Hold + 0.5·Fold"``."""
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Equilibrium: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class Elimination:
    """One step of iterated elimination: who dropped which action, dominated by what."""

    @property
    def round(self) -> int: ...
    @property
    def player_index(self) -> int: ...
    @property
    def action_index(self) -> int: ...
    @property
    def player(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def dominator(self) -> list[float]:
        """The dominating strategy over the player's actions in the original game."""
    @property
    def dominated_by(self) -> str: ...
    @property
    def is_pure_dominator(self) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class Reduction:
    """The result of iterated elimination of dominated actions."""

    @property
    def game(self) -> Game:
        """The reduced game, labels preserved."""
    @property
    def kept(self) -> list[list[int]]:
        """Original indices of the actions each player keeps."""
    @property
    def eliminated(self) -> list[Elimination]:
        """The eliminations in order."""
    def to_frame(self) -> Any:
        """One row per elimination, as a pandas DataFrame."""
    def to_json(self) -> str: ...
    def _repr_html_(self) -> str: ...

@final
class LogitQre:
    """Logit quantal response equilibria of a game at a sequence of precisions λ."""

    @property
    def lambdas(self) -> npt.NDArray[np.float64]: ...
    @property
    def profiles(self) -> list[list[npt.NDArray[np.float64]]]:
        """Per λ, one probability vector per player."""
    @property
    def regrets(self) -> npt.NDArray[np.float64]:
        """Per λ, the max regret of the profile (0 at a Nash equilibrium)."""
    @property
    def players(self) -> list[str]: ...
    def log_likelihood(self, counts: Sequence[Sequence[float]]) -> npt.NDArray[np.float64]:
        """Per λ, the log-likelihood ``Σ counts[i][a] · log σ_i(a)`` of observed action counts."""
    def __len__(self) -> int: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> LogitQre: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...

def read_nfg(path_or_text: str | os.PathLike[str]) -> Game:
    """Read a Gambit .nfg game from a path, or from the text of a file (starting with ``NFG``)."""

def solve_pure(game: Game, tol: float = 0.0) -> list[Equilibrium]: ...
def solve_dominance(game: Game, strict: bool = True, mixed: bool = True) -> Reduction: ...
def solve_dominated(
    game: Game, player: int | str, strict: bool = True, mixed: bool = True
) -> list[Elimination]: ...
def solve_logit_homotopy(
    game: Game, tol: float = 1e-9, max_steps: int = 100000, max_lambda: float = 1e10
) -> Equilibrium: ...
def solve_support_enumeration(
    game: Game,
    tol: float = 1e-9,
    max_profiles: int = 1000000,
    starts: int = 8,
    seed: int = 0,
) -> list[Equilibrium]: ...
def solve_logit_qre(game: Game, lambdas: Sequence[float], max_steps: int = 100000) -> LogitQre: ...
