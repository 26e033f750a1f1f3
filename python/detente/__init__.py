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
    Component,
    Commitment,
    CorrelatedEquilibrium,
    DetenteError,
    Elimination,
    Equilibrium,
    Game,
    InvalidGameError,
    InvalidProfileError,
    LeastCore,
    LogitQre,
    NfgParseError,
    Nucleolus,
    Reduction,
    RepeatedGame,
    Run,
    ShapleyEstimate,
    SolverError,
    TUGame,
    ZeroSumSolution,
    __version__,
    PowerIndices,
    VotingGame,
    WeightedVotingGame,
    read_nfg,
)
from detente import alliance, dynamics, repeated, solve, testing
from detente import coalition
from detente._results import EquilibriumList
from detente.dynamics import DynamicsResult

__all__ = [
    "AllEquilibria",
    "Automaton",
    "Component",
    "Commitment",
    "CorrelatedEquilibrium",
    "DetenteError",
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
    "Reduction",
    "RepeatedGame",
    "Run",
    "ShapleyEstimate",
    "SolverError",
    "TUGame",
    "ZeroSumSolution",
    "__version__",
    "alliance",
    "coalition",
    "dynamics",
    "read_nfg",
    "repeated",
    "solve",
    "testing",
    "PowerIndices",
    "VotingGame",
    "WeightedVotingGame",
]

# Tournaments of repeated-game strategies.
from detente import strategies  # noqa: E402
from detente._core import Tournament  # noqa: E402
from detente._tournament import tournament  # noqa: E402

__all__ += ["Tournament", "strategies", "tournament"]
# Results of the repeated-game analyses (RepeatedGame.payoffs, is_spe, spe_discount_range).
from detente._core import DiscountInterval, RepeatedPayoffs, SpeCheck, SpeDiscountRange  # noqa: E402

__all__ += ["DiscountInterval", "RepeatedPayoffs", "SpeCheck", "SpeDiscountRange"]
