"""Every option of the repeated-game, coalition and workflow calls, given a hostile value:
only ``Exception`` subclasses come out (no panic, no abort), and options that ask for huge
runs are refused rather than run.

``test_bad_input.py`` does this for the normal-form solvers; here the options are read from
each call's signature, so an option added later is fuzzed without editing this file. A
value is one of ``HOSTILE`` (no mid-sized integers: an accepted count of a million would
only be slow, not wrong; the huge ones must be refused before anything runs).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

import detente as dt
from detente import coalition as co
from detente import repeated as rp
from detente import strategies as st

PD = dt.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
RG = rp.RepeatedGame(PD, 0.9)
TU = co.TUGame([0, 0, 0, 1, 0, 1, 1, 2])
VOTE = co.WeightedVotingGame(5, [4, 2, 1])
GRIM = st.grim_trigger()
HAWK_DOVE = [[0, 3], [1, 2]]

#: Each call with valid arguments: (function, positional arguments, keyword arguments).
CALLS: dict[str, tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = {
    "RepeatedGame": (rp.RepeatedGame, (PD, 0.9), {}),
    "RepeatedGame.minmax": (RG.minmax, (), {}),
    "RepeatedGame.critical_discount": (RG.critical_discount, ([0, 0],), {}),
    "RepeatedGame.equilibrium_payoff_set": (RG.equilibrium_payoff_set, (), {"max_iter": 50}),
    "RepeatedGame.feasible_set": (RG.feasible_set, (), {}),
    "RepeatedGame.individually_rational_set": (RG.individually_rational_set, (), {}),
    "Automaton": (rp.Automaton, (["c", "p"], [0, 1], [[[0, 1], [1, 1]], [[1, 1], [1, 1]]]), {}),
    "tournament": (rp.tournament, ([st.tit_for_tat(), st.defect()], PD), {"turns": 5}),
    "moran": (rp.moran, (HAWK_DOVE, 10), {"trials": 10}),
    "replicator": (rp.replicator, (HAWK_DOVE,), {"starts": 2, "max_iter": 100}),
    "contagion_threshold": (rp.contagion_threshold, (PD, 4), {}),
    "TUGame": (co.TUGame, ([0, 0, 0, 1, 0, 1, 1, 2],), {}),
    "TUGame.shapley_monte_carlo": (TU.shapley_monte_carlo, (100,), {"seed": 1}),
    "TUGame.nucleolus": (TU.nucleolus, (), {}),
    "TUGame.least_core": (TU.least_core, (), {}),
    "TUGame.myerson": (TU.myerson, ([(0, 1), (1, 2)],), {}),
    "TUGame.graph_restricted": (TU.graph_restricted, ([(0, 1)],), {}),
    "WeightedVotingGame": (co.WeightedVotingGame, (5, [4, 2, 1]), {}),
    "WeightedVotingGame.shapley_shubik": (VOTE.shapley_shubik, (), {}),
    "WeightedVotingGame.banzhaf": (VOTE.banzhaf, (), {}),
    "WeightedVotingGame.johnston": (VOTE.johnston, (), {}),
    "WeightedVotingGame.win_probability": (VOTE.win_probability, (), {}),
    "WeightedVotingGame.with_veto": (VOTE.with_veto, ([0],), {}),
    "VotingGame.from_minimal_winning": (co.VotingGame.from_minimal_winning, ([[0, 1]],), {}),
    "network_formation": (co.network_formation, (TU,), {}),
    "generous_tit_for_tat": (st.generous_tit_for_tat, (), {}),
    "memory_one": (st.memory_one, (1, 0, 1, 0), {}),
    "random": (st.random, (), {}),
    "cycler": (st.cycler, (), {}),
}

#: Options not fuzzed: display only (``progress``), or a handle (``client``).
SKIP = {"progress", "client", "labels"}

HOSTILE = [
    None, True, -1, 0, 2**64, -(2**70), 10**30, -0.5, 1.5, 1e300, math.nan, math.inf,
    -math.inf, Fraction(-1, 3), "x", "", [], [math.nan], [[]], {}, b"1", object(),
]


def cases() -> list[tuple[str, str, int]]:
    out = []
    for name, (fn, args, _) in CALLS.items():
        params = list(inspect.signature(fn).parameters.values())
        for position, p in enumerate(params):
            if p.name in SKIP or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            where = position if position < len(args) else -1
            out.append((name, p.name, where))
    return out


def test_every_call_works_with_its_valid_arguments() -> None:
    for fn, args, kwargs in CALLS.values():
        fn(*args, **kwargs)


@pytest.mark.parametrize(("name", "option", "position"), cases())
def test_hostile_option_values_give_only_exceptions(name: str, option: str, position: int) -> None:
    fn, args, kwargs = CALLS[name]
    refused = 0
    for value in HOSTILE:
        call_args = list(args)
        call_kwargs = dict(kwargs)
        if position >= 0:
            call_args[position] = value
        else:
            call_kwargs[option] = value
        try:
            fn(*call_args, **call_kwargs)
        except (ValueError, TypeError, OverflowError):
            refused += 1
        except Exception as e:  # any other Exception is allowed, but must be one of ours
            assert isinstance(e, dt.DetenteError), f"{name}({option}={value!r}): {e!r}"
            refused += 1
    # At least the unusable values (an object, bytes) are refused, unless the option does
    # not apply to the valid call (``trials`` of an exact ``moran``): then it is not read.
    assert refused > 0 or (name, option) in NOT_READ


#: Options the valid calls above do not read (another option makes them irrelevant).
NOT_READ = {("moran", "trials"), ("moran", "seed"), ("TUGame", "default")}
