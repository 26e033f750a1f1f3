"""``detente sweep MODEL``: the command line of :func:`detente.sweep`.

The grid comes as JSON (``--grid '{"war_cost": [1, 2, 3]}'`` or ``--grid-file f.json``) or as
flags (``--param war_cost=1,2,3``, repeated); the table goes to standard output as CSV, or to
``--out file.csv`` / ``--out file.parquet``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

SWEEP_DESCRIPTION = """\
Sweep an alliance model over a grid of parameters and write one tidy table:
one row per grid point (and per equilibrium where there are several), the
parameters, the analyses' columns (regime, equilibria, the model's own) and an
error column (a value out of range fails only its row).

models: RestraintGame, BurdenSharing, CollectiveSecurity, ProtectionForPatronage,
        Reciprocity, InstitutionalPower, Powerplay

examples:
  detente sweep RestraintGame --param war_cost=1,2,4 --param entrapment_cost=0.5,3
  detente sweep Reciprocity --grid '{"discount": [0.4, 0.6, 0.95]}' --out r.csv
  detente sweep ProtectionForPatronage --grid-file grid.json --out p.parquet
  detente sweep RestraintGame --param war_cost=1,4 --analyses regime,mixed

Every combination of the values is swept (the first parameter varies slowest).
Per-state parameters (lists) are given in JSON: {"income": [[100, 60], [100, 90]]}.
"""


def _scalar(text: str) -> Any:
    """A flag value: an int, a float, or the string itself (a label or a fraction)."""
    for parse in (int, float):
        try:
            return parse(text)
        except ValueError:
            pass
    return text


def _param(text: str) -> tuple[str, list[Any]]:
    name, sep, values = text.partition("=")
    if not sep or not name.strip() or not values.strip():
        raise argparse.ArgumentTypeError(
            f"invalid --param {text!r}: NAME=V1,V2,... e.g. war_cost=1,2,3"
        )
    return name.strip(), [_scalar(v.strip()) for v in values.split(",")]


def _grid(args: argparse.Namespace) -> dict[str, Any]:
    grid: dict[str, Any] = {}
    sources = sum(x is not None for x in (args.grid, args.grid_file))
    if sources > 1:
        raise ValueError("give the grid once: --grid or --grid-file")
    text = args.grid
    where = "--grid"
    if args.grid_file is not None:
        with open(args.grid_file, encoding="utf-8") as f:
            text = f.read()
        where = f"--grid-file {args.grid_file}"
    if text is not None:
        try:
            grid = json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(f"{where} is not valid JSON: {err}") from None
        if not isinstance(grid, dict) or not all(isinstance(v, list) for v in grid.values()):
            raise ValueError(
                f"{where} must be a JSON object mapping each parameter to a list of values, "
                'e.g. {"war_cost": [1, 2, 3]}'
            )
    for name, values in args.param or []:
        if name in grid:
            raise ValueError(f"the parameter {name} is given twice")
        grid[name] = values
    return grid


def _model(name: str) -> Any:
    from detente._sweep import MODELS

    for m in MODELS:
        if m.__name__.lower() == name.lower():
            return m
    raise ValueError(
        f"unknown model {name!r}; choose one of {', '.join(m.__name__ for m in MODELS)}"
    )


def _write(df: Any, out: str | None) -> None:
    if out is None:
        df.to_csv(sys.stdout, index=False)
        return
    if out.lower().endswith((".parquet", ".pq")):
        try:
            import pyarrow  # type: ignore[import-not-found]  # noqa: F401
        except ImportError:
            raise ValueError(
                f"writing Parquet ({out}) needs pyarrow: pip install pyarrow "
                "(or write CSV: --out file.csv)"
            ) from None
        # Tuples (strategies, coalitions) become Parquet lists.
        df.to_parquet(out, index=False)
        return
    df.to_csv(out, index=False)


def run(args: argparse.Namespace) -> int:
    """Runs ``detente sweep``."""
    import detente as dt

    model = _model(args.model)
    analyses = None
    if args.analyses is not None:
        analyses = [a.strip() for a in args.analyses.split(",") if a.strip()]
    df = dt.sweep(
        model,
        _grid(args),
        analyses=analyses,
        seed=args.seed,
        progress=None if args.progress is None else args.progress,
        chunk_size=args.chunk_size,
        exact=not args.float,
    )
    _write(df, args.out)
    return 0


def add_parser(sub: Any) -> None:
    """Adds ``sweep`` to the subcommands ``sub`` of the ``detente`` parser."""
    p = sub.add_parser(
        "sweep",
        help="sweep an alliance model over a parameter grid (CSV or Parquet out)",
        description=SWEEP_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("model", metavar="MODEL", help="an alliance model, e.g. RestraintGame")
    p.add_argument("--grid", metavar="JSON", help='the grid as JSON: {"name": [values...]}')
    p.add_argument("--grid-file", metavar="FILE", help="the grid in a JSON file")
    p.add_argument(
        "--param",
        type=_param,
        action="append",
        metavar="NAME=V1,V2,...",
        help="one parameter's values (repeat for more)",
    )
    p.add_argument(
        "--analyses",
        metavar="A,B,...",
        help="what to compute, e.g. regime,equilibria (default: the model's own set)",
    )
    p.add_argument("--out", metavar="FILE", help="write FILE (.csv, or .parquet) instead of stdout")
    p.add_argument("--seed", type=int, default=None, metavar="S", help="seed of the points")
    p.add_argument(
        "--chunk-size", type=int, default=None, metavar="N", help="points per chunk (default 8192)"
    )
    p.add_argument(
        "--float",
        action="store_true",
        help="two-player equilibria by the certified float search (faster; default: exact)",
    )
    bar = p.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress", dest="progress", action="store_const", const=True,
        help="always show a progress bar on stderr",
    )
    bar.add_argument(
        "--no-progress", dest="progress", action="store_const", const=False,
        help="never show one (default: only on a terminal)",
    )
    p.set_defaults(run=run)
