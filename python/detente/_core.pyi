"""Type stubs for the Rust extension module ``detente._core``."""

import os
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any, TypeAlias, final, overload

from typing_extensions import Self

import numpy as np
import numpy.typing as npt

__all__ = [
    "AllEquilibria",
    "BurdenSharing",
    "CollectiveSecurity",
    "Commitment",
    "Component",
    "CorrelatedEquilibrium",
    "DetenteError",
    "Elimination",
    "Equilibrium",
    "Game",
    "InvalidGameError",
    "InvalidProfileError",
    "LogitQre",
    "NfgParseError",
    "Reduction",
    "RestraintGame",
    "Run",
    "SolverError",
    "ZeroSumSolution",
    "__version__",
    "dynamics_best_response",
    "dynamics_fictitious_play",
    "dynamics_frame",
    "dynamics_limits",
    "dynamics_replicator",
    "equilibria_frame",
    "equilibria_html",
    "read_nfg",
    "solve_commitment",
    "solve_correlated",
    "solve_dominance",
    "solve_dominated",
    "solve_enumerate_all",
    "solve_lemke_howson",
    "solve_lemke_howson_all",
    "solve_logit_homotopy",
    "solve_logit_qre",
    "solve_pure",
    "solve_support_enumeration",
    "solve_zero_sum",
]

__version__: str

# A player's strategy: an action index, an action label, or a probability vector.
_Strategy: TypeAlias = npt.ArrayLike | int | str

class DetenteError(Exception): ...
class InvalidGameError(DetenteError, ValueError): ...
class InvalidProfileError(DetenteError, ValueError): ...
class NfgParseError(DetenteError, ValueError): ...
class SolverError(DetenteError, RuntimeError): ...

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
    def to_frame(self) -> Any:
        """One row per pure profile: each player's action, then each player's payoff."""
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class Equilibrium:
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
    def is_pure(self) -> bool: ...
    def describe_strategies(self) -> list[str]: ...
    @property
    def players(self) -> list[str]: ...
    @property
    def actions(self) -> list[list[str]]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    def to_frame(self) -> Any: ...
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...


@final
class Elimination:
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
    def dominator(self) -> list[float]: ...
    @property
    def dominated_by(self) -> str: ...
    @property
    def is_pure_dominator(self) -> bool: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...


@final
class Reduction:
    @property
    def game(self) -> Game: ...
    @property
    def kept(self) -> list[list[int]]: ...
    @property
    def eliminated(self) -> list[Elimination]: ...
    @property
    def players(self) -> list[str]: ...
    @property
    def actions(self) -> list[list[str]]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    def to_frame(self) -> Any: ...
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...


@final
class ZeroSumSolution:
    @property
    def value(self) -> float: ...
    @property
    def strategies(self) -> list[npt.NDArray[np.float64]]: ...
    @property
    def payoffs(self) -> npt.NDArray[np.float64]: ...
    @property
    def equilibrium(self) -> Equilibrium: ...
    @property
    def regret(self) -> float: ...
    @property
    def method(self) -> str: ...
    @property
    def players(self) -> list[str]: ...
    @property
    def actions(self) -> list[list[str]]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    def to_frame(self) -> Any: ...
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...


@final
class Component:
    @property
    def row_vertices(self) -> list[int]: ...
    @property
    def column_vertices(self) -> list[int]: ...
    @property
    def equilibria(self) -> list[int]: ...
    @property
    def cliques(self) -> list[tuple[list[int], list[int]]]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...


@final
class CorrelatedEquilibrium:
    @property
    def distribution(self) -> npt.NDArray[np.float64]: ...
    @property
    def payoffs(self) -> npt.NDArray[np.float64]: ...
    @property
    def regret(self) -> float: ...
    @property
    def max_deviation_gain(self) -> float: ...
    @property
    def objective_value(self) -> float: ...
    @property
    def method(self) -> str: ...
    @property
    def players(self) -> list[str]: ...
    @property
    def actions(self) -> list[list[str]]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    def to_frame(self) -> Any: ...
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...


@final
class Commitment:
    @property
    def leader(self) -> int: ...
    @property
    def leader_strategy(self) -> npt.NDArray[np.float64]: ...
    @property
    def follower_action(self) -> int: ...
    @property
    def strategies(self) -> list[npt.NDArray[np.float64]]: ...
    @property
    def payoffs(self) -> npt.NDArray[np.float64]: ...
    @property
    def method(self) -> str: ...
    @property
    def players(self) -> list[str]: ...
    @property
    def actions(self) -> list[list[str]]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    def to_frame(self) -> Any: ...
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...


@final
class AllEquilibria:
    @property
    def equilibria(self) -> list[Equilibrium]: ...
    @property
    def exact_strategies(self) -> list[list[list[Fraction]]] | None: ...
    @property
    def components(self) -> list[Component]: ...
    @property
    def vertex_pairs(self) -> list[tuple[int, int]]: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int, /) -> Equilibrium: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[Equilibrium]: ...
    def __iter__(self) -> Iterator[Equilibrium]: ...
    @property
    def players(self) -> list[str]: ...
    @property
    def actions(self) -> list[list[str]]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    def to_frame(self) -> Any: ...
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...


@final
class LogitQre:
    @property
    def lambdas(self) -> npt.NDArray[np.float64]: ...
    @property
    def strategies(self) -> list[list[npt.NDArray[np.float64]]]: ...
    @property
    def regret(self) -> npt.NDArray[np.float64]: ...
    @property
    def profiles(self) -> list[list[npt.NDArray[np.float64]]]: ...
    @property
    def regrets(self) -> npt.NDArray[np.float64]: ...
    @property
    def method(self) -> str: ...
    def log_likelihood(self, counts: Sequence[Sequence[float]]) -> npt.NDArray[np.float64]: ...
    def __len__(self) -> int: ...
    @property
    def players(self) -> list[str]: ...
    @property
    def actions(self) -> list[list[str]]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    def to_frame(self) -> Any: ...
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...


def read_nfg(path_or_text: str | os.PathLike[str]) -> Game:
    """Read a Gambit .nfg game from a path, or from the text of a file (starting with ``NFG``)."""

def solve_pure(game: Game, tol: float = 0.0) -> list[Equilibrium]: ...
def solve_dominance(game: Game, strict: bool = True, mixed: bool = True) -> Reduction: ...
def solve_dominated(
    game: Game, player: int | str, strict: bool = True, mixed: bool = True
) -> list[Elimination]: ...
def solve_zero_sum(game: Game | npt.ArrayLike) -> ZeroSumSolution: ...
def solve_correlated(
    game: Game, objective: str | Sequence[float], coarse: bool = False
) -> CorrelatedEquilibrium: ...
def solve_commitment(game: Game, leader: int | str | None = None) -> Commitment: ...

@final
class RestraintGame:
    """M2: abandonment vs entrapment, and the value of bilateral control (Snyder 1984; Cha 2016).

    Patron ``Firm | Loose`` (row), Client ``Provoke | Restrain``; payoffs (patron, client):
    Firm/Provoke ``(d - e, g)``, Firm/Restrain ``(d, 0)``, Loose/Provoke ``(0, g - w)``,
    Loose/Restrain ``(-rho, -alpha)``. Defaults are the specification's headline example.
    """

    def __new__(
        cls,
        deterrence: float = 1.0,
        reassurance_cost: float = 1.0,
        entrapment_cost: float = 3.0,
        revision_gain: float = 1.0,
        war_cost: float = 4.0,
        abandonment_cost: float = 1.0,
        institution: str = "simultaneous",
    ) -> RestraintGame: ...
    @property
    def deterrence(self) -> float: ...
    @property
    def reassurance_cost(self) -> float: ...
    @property
    def entrapment_cost(self) -> float: ...
    @property
    def revision_gain(self) -> float: ...
    @property
    def war_cost(self) -> float: ...
    @property
    def abandonment_cost(self) -> float: ...
    @property
    def institution(self) -> str: ...
    def sequential_game(self) -> Game:
        """Bilateral control as a 2x4 game: Client moves first, Patron picks a reply plan."""
    def mixed_closed_form(self, exact: bool = False) -> dict[str, Any]:
        """phi* (``firm``), pi* (``provoke``) and both payoffs of the mixed equilibrium.

        With ``exact=True`` the values are ``fractions.Fraction`` (rational arithmetic; each
        parameter taken as the simplest fraction that rounds to it, so 1/3 or "0.1" stay exact).
        """
    def mixed_equilibrium(self) -> Equilibrium:
        """The closed-form mixed equilibrium, certified in :meth:`game`."""
    def outcome(self, institution: str | None = None) -> dict[str, Any]:
        """Strategies and payoffs under an institution (default: the model's own)."""
    # The alliance-model protocol (the same on every alliance class).
    def params(self) -> dict[str, Any]:
        """The parameters in order, name -> value; ``from_params`` takes the dict back."""
    def param_info(self) -> dict[str, dict[str, Any]]:
        """name -> {"value": ..., "range": ..., "meaning": ...} for every parameter."""
    @classmethod
    def from_params(cls, params: dict[str, Any]) -> RestraintGame:
        """The model from a dict name -> value (missing ones take their defaults).

        Raises ValueError naming the parameter (out of range, wrong kind) or listing the valid
        names; TypeError for an object that is no number, string or collection of them.
        """
    def game(self) -> Game:
        """The simultaneous 2x2 game (Patron, Client)."""
    def regime(self) -> str:
        """dilemma, entrapment_accepted, client_alone, stable_deterrence or unlabelled."""
    def describe(self) -> str:
        """Assumptions, seed situation, citations and deviations, as text."""
    def cite(self) -> str:
        """BibTeX entries for the works the model formalizes."""
    def to_json(self) -> str:
        """The parameters as JSON; ``from_json`` reads them back (validated)."""
    @classmethod
    def from_json(cls, text: str) -> RestraintGame:
        """Read a model written by :meth:`to_json`, validated like :meth:`from_params`."""
    def _repr_html_(self) -> str:
        """The parameters (value, range, meaning) and the regime as an HTML table."""
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class BurdenSharing:
    """M3: NATO burden sharing as a public good (Olson & Zeckhauser 1966; BBV 1986).

    ``U_i = (Y_i - d_i)^(1 - alpha_i) (d_i + psi D_-i)^alpha_i``. Defaults: income
    ``[100, 60, 10]``, security weight 1/2, spillover 1, names ``State 1``, ``State 2``, ...
    """

    def __new__(
        cls,
        income: Sequence[float | Fraction | str] | None = None,
        security_weight: float | Fraction | str | Sequence[float | Fraction | str] | None = None,
        spillover: float = 1.0,
        names: Sequence[str] | None = None,
    ) -> BurdenSharing: ...
    @property
    def income(self) -> list[float]: ...
    @property
    def security_weight(self) -> list[float]: ...
    @property
    def spillover(self) -> float: ...
    @property
    def names(self) -> list[str]: ...
    def equilibrium(self, exact: bool = False) -> dict[str, Any]:
        """The unique Nash equilibrium: spending, total, contributors, free_riders, burden_shares.

        With ``exact=True`` the numbers are ``fractions.Fraction`` (rational arithmetic; each
        parameter taken as the simplest fraction that rounds to it, so 1/3 or "0.1" stay exact).
        """
    def burden_shares(self) -> list[float]:
        """Equilibrium defense burdens d_i / Y_i."""
    def best_response(self, state: int, spending: Sequence[float]) -> float:
        """max(0, alpha_i Y_i - (1 - alpha_i) psi D_-i) against the others' spending."""
    def utility(self, state: int, spending: Sequence[float]) -> float:
        """A state's utility; ValueError unless each spending is in [0, income]."""
    def pareto_total(self) -> float:
        """The Samuelson total alpha * sum(Y) (common alpha, spillover 1)."""
    def sequential_best_response(
        self, start: Sequence[float] | None = None, tol: float = 1e-12, max_rounds: int = 100_000
    ) -> dict[str, Any]:
        """Gauss-Seidel best-response dynamics (always converge): spending, rounds, converged, cycle."""
    def simultaneous_best_response(
        self, start: Sequence[float] | None = None, tol: float = 1e-12, max_rounds: int = 100_000
    ) -> dict[str, Any]:
        """Jacobi best-response dynamics: spending, rounds, converged, cycle (profiles or None)."""
    def discretized_game(self, step: float) -> Game:
        """The n-player game with spending on multiples of ``step`` below each income."""
    # The alliance-model protocol (the same on every alliance class).
    def params(self) -> dict[str, Any]:
        """The parameters in order, name -> value; ``from_params`` takes the dict back."""
    def param_info(self) -> dict[str, dict[str, Any]]:
        """name -> {"value": ..., "range": ..., "meaning": ...} for every parameter."""
    @classmethod
    def from_params(cls, params: dict[str, Any]) -> BurdenSharing:
        """The model from a dict name -> value (missing ones take their defaults).

        Raises ValueError naming the parameter (out of range, wrong kind) or listing the valid
        names; TypeError for an object that is no number, string or collection of them.
        """
    def game(self) -> Game:
        """The discretized game with step max(income)/30."""
    def regime(self) -> str:
        """no_alliance, unilateral, minilateral or multilateral (who contributes)."""
    def describe(self) -> str:
        """Assumptions, seed situation, citations and deviations, as text."""
    def cite(self) -> str:
        """BibTeX entries for the works the model formalizes."""
    def to_json(self) -> str:
        """The parameters as JSON; ``from_json`` reads them back (validated)."""
    @classmethod
    def from_json(cls, text: str) -> BurdenSharing:
        """Read a model written by :meth:`to_json`, validated like :meth:`from_params`."""
    def _repr_html_(self) -> str:
        """The parameters (value, range, meaning) and the regime as an HTML table."""
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class CollectiveSecurity:
    """M4: collective security and coalitions of the willing (Diekmann 1985; Riker 1962).

    ``u_i = b_i [sum of joiners' capability >= Q] - [i joins](c_i + kappa sum_j r_ij [j joins])``.
    Defaults: capability ``[5, 3, 2, 2, 1]``, threshold 7, benefit 10, cost ``[3, 2, 2, 1, 1]``
    (cost 1 for every state when capability is given), names ``State 1``, ``State 2``, ...
    """

    def __new__(
        cls,
        capability: Sequence[float | Fraction | str] | None = None,
        threshold: float = 7.0,
        benefit: float | Fraction | str | Sequence[float | Fraction | str] | None = None,
        cost: float | Fraction | str | Sequence[float | Fraction | str] | None = None,
        rivalry: Sequence[Sequence[float | Fraction | str]] | None = None,
        deconfliction: float = 1.0,
        names: Sequence[str] | None = None,
    ) -> CollectiveSecurity: ...
    @staticmethod
    def volunteers_dilemma(n: int, benefit: float, cost: float) -> CollectiveSecurity:
        """n states, any one suffices (capability 1, threshold 1)."""
    @staticmethod
    def k_threshold(n: int, k: int, benefit: float, cost: float) -> CollectiveSecurity:
        """n states of capability 1, threshold k."""
    @property
    def capability(self) -> list[float]: ...
    @property
    def threshold(self) -> float: ...
    @property
    def benefit(self) -> list[float]: ...
    @property
    def cost(self) -> list[float]: ...
    @property
    def rivalry(self) -> list[list[float]] | None: ...
    @property
    def deconfliction(self) -> float: ...
    @property
    def names(self) -> list[str]: ...
    def minimal_winning_coalitions(self) -> list[list[int]]: ...
    def stable_coalitions(self) -> list[list[int]]:
        """Joiner sets of the pure Nash equilibria (minimal winning + participation)."""
    def smallest_stable_coalition(self) -> list[int] | None: ...
    def cheapest_stable_coalition(self) -> list[int] | None: ...
    def symmetric_mixed_equilibria(self) -> list[float]:
        """Probabilities of joining at the symmetric totally mixed equilibria (symmetric games)."""
    def volunteer_closed_form(self) -> float | None:
        """p* = 1 - (c/b)^(1/(n-1)) for the symmetric volunteer's dilemma."""
    def volunteer_equilibrium(self) -> list[float]:
        """The asymmetric volunteer's dilemma's totally mixed equilibrium."""
    def success_probability(self, join: Sequence[float]) -> float:
        """P(success) when each state joins independently with the given probability."""
    # The alliance-model protocol (the same on every alliance class).
    def params(self) -> dict[str, Any]:
        """The parameters in order, name -> value; ``from_params`` takes the dict back."""
    def param_info(self) -> dict[str, dict[str, Any]]:
        """name -> {"value": ..., "range": ..., "meaning": ...} for every parameter."""
    @classmethod
    def from_params(cls, params: dict[str, Any]) -> CollectiveSecurity:
        """The model from a dict name -> value (missing ones take their defaults).

        Raises ValueError naming the parameter (out of range, wrong kind) or listing the valid
        names; TypeError for an object that is no number, string or collection of them.
        """
    def game(self) -> Game:
        """The n-player game, actions ``Join`` (0) and ``Abstain`` (1)."""
    def regime(self) -> str:
        """no_alliance, unilateral, minilateral or multilateral (smallest stable coalition)."""
    def describe(self) -> str:
        """Assumptions, seed situation, citations and deviations, as text."""
    def cite(self) -> str:
        """BibTeX entries for the works the model formalizes."""
    def to_json(self) -> str:
        """The parameters as JSON; ``from_json`` reads them back (validated)."""
    @classmethod
    def from_json(cls, text: str) -> CollectiveSecurity:
        """Read a model written by :meth:`to_json`, validated like :meth:`from_params`."""
    def _repr_html_(self) -> str:
        """The parameters (value, range, meaning) and the regime as an HTML table."""
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

def solve_lemke_howson(
    game: Game, label: int = 0, exact: bool = False, max_pivots: int | None = None
) -> Equilibrium: ...
def solve_lemke_howson_all(
    game: Game, exact: bool = False, max_pivots: int | None = None
) -> list[Equilibrium]: ...
def solve_enumerate_all(game: Game, exact: bool = True, max_vertices: int = 1000000) -> AllEquilibria: ...

@final
class Run:
    @property
    def start(self) -> list[npt.NDArray[np.float64]]: ...
    @property
    def strategies(self) -> list[npt.NDArray[np.float64]]: ...
    @property
    def final_profile(self) -> list[npt.NDArray[np.float64]]: ...
    @property
    def payoffs(self) -> npt.NDArray[np.float64]: ...
    @property
    def regret(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def cycle(self) -> list[tuple[int, ...]] | None: ...
    @property
    def trajectory(self) -> npt.NDArray[np.float64] | None: ...
    @property
    def method(self) -> str: ...
    def describe_final(self) -> list[str]: ...
    @property
    def players(self) -> list[str]: ...
    @property
    def actions(self) -> list[list[str]]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    def to_frame(self) -> Any: ...
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...


_Starts: TypeAlias = int | Sequence[Sequence[_Strategy]]

def dynamics_best_response(
    game: Game,
    starts: _Starts,
    seed: int = 7,
    max_iter: int = 1000,
    mode: str = "simultaneous",
    trajectory: bool = False,
) -> list[Run]: ...
def dynamics_fictitious_play(
    game: Game,
    starts: _Starts,
    seed: int = 7,
    max_iter: int = 10000,
    tol: float = 0.001,
    mode: str = "simultaneous",
    trajectory: bool = False,
) -> list[Run]: ...
def dynamics_replicator(
    game: Game,
    starts: _Starts,
    seed: int = 7,
    dt: float = 0.05,
    max_iter: int = 100000,
    tol: float = 1e-06,
    population: str = "multi",
    method: str = "rk4",
    trajectory: bool = False,
) -> list[Run]: ...
def dynamics_limits(runs: Sequence[Run], tol: float = 1e-06) -> list[dict[str, Any]]: ...
def dynamics_frame(runs: Sequence[Run]) -> Any: ...
def equilibria_frame(equilibria: Sequence[Equilibrium]) -> Any: ...
def equilibria_html(equilibria: Sequence[Equilibrium]) -> str: ...
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
