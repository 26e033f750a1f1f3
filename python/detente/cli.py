"""The ``detente`` command line: solve a Gambit file, or run the demo.

    detente solve game.nfg --method pure --json
    detente solve game.nfg --method correlated --objective max_min --coarse
    detente solve game.nfg --method enumerate_all
    detente demo
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

import detente as dt

METHODS = (
    "pure",
    "dominance",
    "lemke_howson",
    "enumerate_all",
    "zero_sum",
    "correlated",
    "commitment",
    "logit_homotopy",
    "support_enumeration",
)

# Methods that return a list of equilibria, and how to call them.
_LIST_METHODS = {
    "pure": ("pure", lambda g, a: dt.solve.pure(g, tol=a.tol)),
    "lemke_howson": ("Lemke-Howson", lambda g, a: dt.solve.lemke_howson_all(g)),
    "logit_homotopy": (
        "logit-homotopy",
        lambda g, a: dt.EquilibriumList([dt.solve.logit_homotopy(g, tol=a.tol or 1e-9)]),
    ),
    "support_enumeration": (
        "support-enumeration",
        lambda g, a: dt.solve.support_enumeration(g, tol=a.tol or 1e-9),
    ),
}


def _solve(args: argparse.Namespace) -> int:
    game = dt.read_nfg(args.file)
    if args.method in _LIST_METHODS:
        kind, solver = _LIST_METHODS[args.method]
        eqs = solver(game, args)
        if args.json:
            print(json.dumps([json.loads(e.to_json()) for e in eqs], indent=2))
        else:
            print(game)
            print(f"{len(eqs)} {kind} equilibri{'um' if len(eqs) == 1 else 'a'}")
            for e in eqs:
                print(" ", e)
    elif args.method == "enumerate_all":
        found = dt.solve.enumerate_all(game)
        if args.json:
            print(json.dumps([json.loads(e.to_json()) for e in found], indent=2))
        else:
            print(game)
            print(found)
    else:
        result: Any
        if args.method == "dominance":
            result = dt.solve.dominance(game, strict=not args.weak, mixed=not args.pure_only)
        elif args.method == "zero_sum":
            result = dt.solve.zero_sum(game)
        elif args.method == "correlated":
            result = dt.solve.correlated(game, objective=args.objective, coarse=args.coarse)
        else:
            result = dt.solve.commitment(game, leader=args.leader)
        if args.json:
            print(result.to_json())
        else:
            print(result)
    return 0


def _demo(_: argparse.Namespace) -> int:
    from detente._demo import run

    run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``detente`` console script."""
    parser = argparse.ArgumentParser(prog="detente", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"detente {dt.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    solve = sub.add_parser("solve", help="solve a game in a Gambit .nfg file")
    solve.add_argument("file", help="path to a .nfg file")
    solve.add_argument("--method", choices=METHODS, default="pure", help="solver (default: pure)")
    solve.add_argument("--tol", type=float, default=0.0, help="pure: epsilon (default 0); logit_homotopy, support_enumeration: max regret (default 1e-9)")
    solve.add_argument("--weak", action="store_true", help="dominance: weak instead of strict")
    solve.add_argument("--pure-only", action="store_true", help="dominance: pure dominators only")
    solve.add_argument(
        "--objective",
        choices=("welfare", "none", "max_min"),
        default="welfare",
        help="correlated: what to maximise (default: welfare)",
    )
    solve.add_argument("--coarse", action="store_true", help="correlated: coarse correlated")
    solve.add_argument("--leader", type=int, default=0, help="commitment: leading player (0 or 1)")
    solve.add_argument("--json", action="store_true", help="print JSON instead of tables")
    solve.set_defaults(run=_solve)
    demo = sub.add_parser("demo", help="solve classic games and alliance situations")
    demo.set_defaults(run=_demo)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (ValueError, OSError) as err:
        print(f"detente: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
