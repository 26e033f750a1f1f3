"""detente: game-theory solvers in Rust for alliance and security studies.

Build a game from numpy arrays or a Gambit ``.nfg`` file, then solve it::

    >>> import detente as dt
    >>> g = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                           actions=[["C", "D"], ["C", "D"]])
    >>> [e.describe_strategies() for e in dt.solve.pure(g)]
    [['D', 'D']]

Every solver returns :class:`Equilibrium` objects whose ``regret`` is recomputed from the
game, so each answer carries its own certificate.
"""

from detente._core import (
    AllEquilibria,
    Automaton,
    Commitment,
    Component,
    CorrelatedEquilibrium,
    DetenteError,
    DiscountInterval,
    Elimination,
    Equilibrium,
    Game,
    InvalidGameError,
    InvalidProfileError,
    LeastCore,
    LogitQre,
    NfgParseError,
    Nucleolus,
    PowerIndices,
    Reduction,
    RepeatedGame,
    RepeatedPayoffs,
    Run,
    ShapleyEstimate,
    SolverError,
    SpeCheck,
    SpeDiscountRange,
    TUGame,
    Tournament,
    VotingGame,
    WeightedVotingGame,
    ZeroSumSolution,
    __version__,
    read_nfg,
)
from detente import alliance, coalition, dynamics, repeated, solve, strategies, testing
from detente._results import EquilibriumList
from detente._tournament import tournament
from detente.dynamics import DynamicsResult

__all__ = [
    "AllEquilibria",
    "Automaton",
    "Commitment",
    "Component",
    "CorrelatedEquilibrium",
    "DetenteError",
    "DiscountInterval",
    "DynamicsResult",
    "Elimination",
    "Equilibrium",
    "EquilibriumList",
    "Game",
    "InvalidGameError",
    "InvalidProfileError",
    "LeastCore",
    "LogitQre",
    "NfgParseError",
    "Nucleolus",
    "PowerIndices",
    "Reduction",
    "RepeatedGame",
    "RepeatedPayoffs",
    "Run",
    "ShapleyEstimate",
    "SolverError",
    "SpeCheck",
    "SpeDiscountRange",
    "TUGame",
    "Tournament",
    "VotingGame",
    "WeightedVotingGame",
    "ZeroSumSolution",
    "__version__",
    "alliance",
    "coalition",
    "dynamics",
    "read_nfg",
    "repeated",
    "solve",
    "strategies",
    "testing",
    "tournament",
]

from detente._core import NetworkStability  # noqa: E402

__all__ += ["NetworkStability"]

from detente import plot  # noqa: E402  (matplotlib is imported by its first call)

__all__ += ["plot"]

# Parameter sweeps: a model over a grid, one tidy DataFrame (detente._sweep).
from detente._sweep import sweep  # noqa: E402

__all__ += ["sweep"]
