"""The ``detente`` command line: solve a Gambit file, or run the demo.

    detente solve game.nfg --method pure --json
    detente demo
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import detente as dt

METHODS = ("pure", "dominance", "logit_homotopy", "support_enumeration")


def _solve(args: argparse.Namespace) -> int:
    game = dt.read_nfg(args.file)
    if args.method != "dominance":
        if args.method == "pure":
            eqs = dt.solve.pure(game, tol=args.tol)
            kind = "pure equilibri"
        elif args.method == "logit_homotopy":
            eqs = dt.EquilibriumList([dt.solve.logit_homotopy(game, tol=args.tol or 1e-9)])
            kind = "equilibri"
        else:
            eqs = dt.solve.support_enumeration(game, tol=args.tol or 1e-9)
            kind = "equilibri"
        if args.json:
            print(json.dumps([json.loads(e.to_json()) for e in eqs], indent=2))
        else:
            print(game)
            print(f"{len(eqs)} {kind}{'um' if len(eqs) == 1 else 'a'}")
            for e in eqs:
                print(" ", e)
    else:
        result = dt.solve.dominance(game, strict=not args.weak, mixed=not args.pure_only)
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
    solve.add_argument(
        "--tol",
        type=float,
        default=0.0,
        help="epsilon for pure equilibria; regret bound for the others (0 means 1e-9)",
    )
    solve.add_argument("--weak", action="store_true", help="dominance: weak instead of strict")
    solve.add_argument("--pure-only", action="store_true", help="dominance: pure dominators only")
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
