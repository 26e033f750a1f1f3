"""The ``detente`` command line: solve a Gambit ``.nfg`` file, or run the demo.

The help text users see is :data:`DESCRIPTION`, :data:`SOLVE_DESCRIPTION` and the options'
help strings below (plain text); this docstring is for readers of the code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import detente as dt

DESCRIPTION = """\
detente: game-theory solvers (Nash, correlated and commitment equilibria,
dominance, learning dynamics) for games in Gambit .nfg files.

examples:
  detente solve game.nfg                          every pure equilibrium
  detente solve game.nfg --method lemke_howson --label all --json
  detente solve game.nfg --method logit_qre --lambdas 0,1,10
  detente solve game.nfg --method replicator --starts 16 --seed 3
  detente demo                                    classic and alliance games
  detente sweep RestraintGame --param war_cost=1,2,4   a parameter sweep (CSV)
"""

SOLVE_DESCRIPTION = """\
Solve the game in a Gambit .nfg file (either format) with one method and print
the result as text, or as JSON with --json. Method names are the names of the
Python functions (detente.solve.M, detente.dynamics.M) and the "method" field
of every result.

methods and the options each one takes:
  pure                 --tol (epsilon, default 0)
  dominance            --weak, --pure-only
  zero_sum
  correlated           --objective, --coarse
  coarse_correlated    --objective (same as correlated --coarse)
  commitment           --leader
  lemke_howson         --label N|all (default 0), --exact/--float (default float)
  enumerate_all        --exact/--float (default exact)
  logit_homotopy       --tol (max regret, default 1e-9)
  support_enumeration  --tol (max regret, default 1e-9)
  logit_qre            --lambdas (required)
  best_response        --starts (default 256), --seed, --max-iter (default 1000)
  fictitious_play      --starts (default 64), --seed, --max-iter (default 10000),
                       --tol (default 0.001)
  replicator           --starts (default 64), --seed, --max-iter (default 100000),
                       --tol (default 1e-06)

An option the chosen method does not take is an error. Errors print one line
and exit with status 2.
"""

METHODS = (
    "pure",
    "dominance",
    "zero_sum",
    "correlated",
    "coarse_correlated",
    "commitment",
    "lemke_howson",
    "enumerate_all",
    "logit_homotopy",
    "support_enumeration",
    "logit_qre",
    "best_response",
    "fictitious_play",
    "replicator",
)

# The method-specific options (argparse destinations) each method accepts.
_OPTIONS: dict[str, frozenset[str]] = {
    "pure": frozenset({"tol"}),
    "dominance": frozenset({"weak", "pure_only"}),
    "zero_sum": frozenset(),
    "correlated": frozenset({"objective", "coarse"}),
    "coarse_correlated": frozenset({"objective"}),
    "commitment": frozenset({"leader"}),
    "lemke_howson": frozenset({"label", "exact"}),
    "enumerate_all": frozenset({"exact"}),
    "logit_homotopy": frozenset({"tol"}),
    "support_enumeration": frozenset({"tol"}),
    "logit_qre": frozenset({"lambdas"}),
    "best_response": frozenset({"starts", "seed", "max_iter"}),
    "fictitious_play": frozenset({"starts", "seed", "max_iter", "tol"}),
    "replicator": frozenset({"starts", "seed", "max_iter", "tol"}),
}

# How each destination is spelled on the command line, for error messages.
_SPELLING = {
    "tol": "--tol",
    "weak": "--weak",
    "pure_only": "--pure-only",
    "objective": "--objective",
    "coarse": "--coarse",
    "leader": "--leader",
    "label": "--label",
    "exact": "--exact/--float",
    "lambdas": "--lambdas",
    "starts": "--starts",
    "seed": "--seed",
    "max_iter": "--max-iter",
}


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _label(text: str) -> int | str:
    if text == "all":
        return text
    try:
        label = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid label {text!r}: an action index 0 .. m+n-1, or all"
        ) from None
    if label < 0:
        raise argparse.ArgumentTypeError(f"invalid label {label}: an action index 0 .. m+n-1, or all")
    return label


def _lambdas(text: str) -> list[float]:
    try:
        values = [float(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid lambdas {text!r}: comma-separated numbers, e.g. 0,1,10"
        ) from None
    return values


def _count(name: str, minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"invalid {name} {text!r}: an integer of at least {minimum}"
            )
        return value

    return parse


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"invalid tolerance {text!r}: a finite number >= 0")
    return value


def _call(game: dt.Game, args: argparse.Namespace) -> Any:
    """Run the chosen solver with the options given (the functions' defaults otherwise)."""
    m = args.method
    given = {k: getattr(args, k) for k in _OPTIONS[m] if getattr(args, k) is not None}
    if m == "pure":
        return dt.solve.pure(game, **given)
    if m == "dominance":
        return dt.solve.dominance(
            game, strict=not given.get("weak", False), mixed=not given.get("pure_only", False)
        )
    if m == "zero_sum":
        return dt.solve.zero_sum(game)
    if m in ("correlated", "coarse_correlated"):
        coarse = m == "coarse_correlated" or given.get("coarse", False)
        return dt.solve.correlated(game, given.get("objective", "welfare"), coarse=coarse)
    if m == "commitment":
        return dt.solve.commitment(game, **given)
    if m == "lemke_howson":
        label = given.pop("label", 0)
        if label == "all":
            return dt.solve.lemke_howson_all(game, **given)
        return dt.solve.lemke_howson(game, label, **given)
    if m == "enumerate_all":
        return dt.solve.enumerate_all(game, **given)
    if m == "logit_homotopy":
        return dt.solve.logit_homotopy(game, **given)
    if m == "support_enumeration":
        return dt.solve.support_enumeration(game, **given)
    if m == "logit_qre":
        return dt.solve.logit_qre(game, given["lambdas"])
    solver = getattr(dt.dynamics, m)
    return solver(game, **given)


def _show(game: dt.Game, result: Any, method: str) -> str:
    """The result as text: the game, then the result (a count and one line each for lists)."""
    lines = [repr(game)]
    if isinstance(result, dt.dynamics.DynamicsResult):
        lines.append(repr(result))
        for lim in result.limits():
            end = "converged" if lim["converged"] else (
                f"cycle of {len(lim['cycle'])}" if lim["cycle"] is not None else "stopped"
            )
            runs = f"{lim['runs']} run{'' if lim['runs'] == 1 else 's'}"
            lines.append(
                f"  {runs}, {end}, regret {lim['regret']:.3g}: " + "; ".join(lim["describe"])
            )
    elif isinstance(result, list):
        noun = "equilibrium" if len(result) == 1 else "equilibria"
        lines.append(f"{len(result)} {method} {noun}")
        lines.extend(f"  {e!r}" for e in result)
    else:
        lines.append(repr(result))
    return "\n".join(lines)


def _to_json(result: Any) -> str:
    """The result's ``to_json()``; for a list, a JSON list of them, one per line.

    ``enumerate_all``'s :class:`~detente.AllEquilibria` counts as the list of its extreme
    equilibria (as it does in Python). The results of exact methods keep their exact profile
    and payoffs under ``"exact"``, as ``"p/q"`` strings.
    """
    if isinstance(result, (list, dt.AllEquilibria)):
        return "[" + ",".join(f"\n  {r.to_json()}" for r in result) + ("\n]" if result else "]")
    return str(result.to_json())


def _solve(args: argparse.Namespace) -> int:
    misplaced = [
        _SPELLING[k] for k in _SPELLING if k not in _OPTIONS[args.method] and getattr(args, k) is not None
    ]
    if misplaced:
        raise ValueError(
            f"{', '.join(misplaced)} does not apply to --method {args.method} "
            "(detente solve --help lists each method's options)"
        )
    if args.method == "logit_qre" and args.lambdas is None:
        raise ValueError("logit_qre needs --lambdas, e.g. --lambdas 0,1,10")
    game = dt.read_nfg(args.file)
    result = _call(game, args)
    print(_to_json(result) if args.json else _show(game, result, args.method))
    return 0


def _demo(_: argparse.Namespace) -> int:
    from detente._demo import run

    run()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="detente", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"detente {dt.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    solve = sub.add_parser(
        "solve",
        help="solve a game in a Gambit .nfg file",
        description=SOLVE_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    solve.add_argument("file", help="path to a .nfg file")
    solve.add_argument(
        "--method", choices=METHODS, default="pure", metavar="M", help="one of the methods above (default: pure)"
    )
    solve.add_argument("--json", action="store_true", help="print each result's JSON")
    opts = solve.add_argument_group("method options (see the list above)")
    opts.add_argument(
        "--tol", type=_tolerance, metavar="T", help="tolerance: epsilon (pure) or max regret"
    )
    opts.add_argument("--weak", action="store_true", default=None, help="weak dominance")
    opts.add_argument(
        "--pure-only", action="store_true", default=None, help="pure dominators only"
    )
    opts.add_argument(
        "--objective",
        choices=("welfare", "none", "max_min"),
        help="what a correlated equilibrium maximises (default: welfare)",
    )
    opts.add_argument(
        "--coarse", action="store_true", default=None, help="coarse correlated equilibrium"
    )
    opts.add_argument(
        "--leader", type=int, choices=(0, 1), help="the committing player (default: 0)"
    )
    opts.add_argument(
        "--label", type=_label, metavar="N|all", help="dropped label, or all labels in parallel"
    )
    exact = opts.add_mutually_exclusive_group()
    exact.add_argument(
        "--exact", dest="exact", action="store_const", const=True, help="exact arithmetic"
    )
    exact.add_argument(
        "--float", dest="exact", action="store_const", const=False, help="floating point"
    )
    opts.add_argument(
        "--lambdas", type=_lambdas, metavar="L1,L2,...", help="precisions, e.g. 0,1,10"
    )
    opts.add_argument(
        "--starts", type=_count("starts", 1), metavar="N", help="number of random starts"
    )
    opts.add_argument(
        "--seed", type=_count("seed", 0), metavar="S", help="seed of the starts (default: 7)"
    )
    opts.add_argument(
        "--max-iter", type=_count("max-iter", 1), metavar="N", help="updates per run"
    )
    solve.set_defaults(run=_solve)
    demo = sub.add_parser(
        "demo",
        help="solve classic games and alliance situations",
        description="Solve a few classic games and alliance situations and print the results.",
    )
    demo.set_defaults(run=_demo)
    from detente._sweep_cli import add_parser as add_sweep

    add_sweep(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``detente`` console script; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (dt.DetenteError, ValueError, OSError) as err:
        prog = "detente solve" if args.command == "solve" else "detente"
        text = " ".join(str(err).split())
        if isinstance(err, OSError) and err.strerror and err.filename is not None:
            text = f"{err.filename}: {err.strerror}"
        print(f"{prog}: error: {text}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("detente: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
