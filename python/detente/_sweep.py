"""``detente.sweep``: an alliance model (or any function returning a game) over a grid.

The sweep of an alliance model runs in Rust (``detente._core._sweep_model``, one call per
chunk of the grid, rayon-parallel over its points, GIL released); the sweep of a Python
function calls it point by point here and hands the games or models it returns to Rust
(``_sweep_items``). This module cuts the grid into chunks, runs them locally or on a Dask
cluster, shows the progress bar and assembles the pandas DataFrame.
"""

from __future__ import annotations

import inspect
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from detente import _core
from detente import alliance as _alliance
from detente._progress import progress_bar

__all__ = ["sweep"]

#: The alliance model classes whose sweeps run entirely in Rust.
MODELS: tuple[type, ...] = (
    _alliance.RestraintGame,
    _alliance.BurdenSharing,
    _alliance.CollectiveSecurity,
    _alliance.ProtectionForPatronage,
    _alliance.Reciprocity,
    _alliance.InstitutionalPower,
    _alliance.Powerplay,
)

#: Points per chunk by default: large enough that a chunk's Rust call dwarfs its overhead,
#: small enough for a live progress bar and an even spread over Dask workers.
DEFAULT_CHUNK_SIZE = 8192

_MASK64 = (1 << 64) - 1

#: Result columns every sweep may have (a function's parameters may not take these names).
_RESULT_NAMES = frozenset(
    {"point", "error", "regime", "n_equilibria", "n_pure_equilibria", "equilibrium", "method",
     "regret"}
)


def _point_seed(seed: int, index: int) -> int:
    """The seed of point ``index`` (the Rust sweep's ``point_seed``: splitmix64)."""
    gamma = 0x9E3779B97F4A7C15
    state = (seed + index * gamma) & _MASK64

    def next_u64(s: int) -> tuple[int, int]:
        s = (s + gamma) & _MASK64
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        return s, z ^ (z >> 31)

    _, first = next_u64(state)
    _, out = next_u64(first)
    return out


def _is_frame(obj: Any) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "columns") and hasattr(obj, "iloc")


def _values(name: str, values: Any) -> list[Any]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(
            f"grid[{name!r}] must be a list of values to sweep (e.g. [1, 2, 3]), "
            f"got {type(values).__name__}"
        )
    return list(values)


class _Grid:
    """The grid, normalised: names and either one list per name or one row per point."""

    def __init__(self, grid: Any) -> None:
        if isinstance(grid, Mapping):
            self.names = [self._name(k) for k in grid]
            self.axes = [_values(n, grid[n]) for n in self.names]
            self.rows: list[list[Any]] | None = None
            self.frame = None
            self.len = math.prod(len(a) for a in self.axes)
        elif _is_frame(grid):
            self.names = [self._name(k) for k in grid.columns]
            if len(set(self.names)) != len(self.names):
                raise ValueError("grid has a repeated column name; give each parameter once")
            self.axes = []
            self.frame = grid
            self.rows = [list(r) for r in grid.itertuples(index=False, name=None)]
            self.len = len(self.rows)
        else:
            raise TypeError(
                "grid must be a dict mapping parameter names to lists of values, or a pandas "
                f"DataFrame of parameter rows, got {type(grid).__name__}"
            )

    @staticmethod
    def _name(key: Any) -> str:
        if not isinstance(key, str):
            raise TypeError(f"grid's parameter names must be strings, got {key!r}")
        return key

    def chunk(self, start: int, stop: int) -> _Chunk:
        """Points ``start:stop``, with only the data they need (it travels to Dask workers)."""
        if self.rows is None:
            return _Chunk(self.names, self.axes, None, start, stop)
        return _Chunk(self.names, None, self.rows[start:stop], start, stop)

    def columns(self, points: np.ndarray) -> dict[str, Any]:
        """The parameter columns of the rows of ``points``."""
        import pandas as pd

        out: dict[str, Any] = {}
        if self.frame is not None:
            for name in self.names:
                col = self.frame[name]
                out[name] = col.take(points).reset_index(drop=True)
            return out
        stride = 1
        strides = []
        for axis in reversed(self.axes):
            strides.append(stride)
            stride *= max(len(axis), 1)
        for name, axis, s in zip(self.names, self.axes, reversed(strides)):
            arr = _array(axis)
            picked = arr[(points // s) % max(len(axis), 1)] if len(axis) else arr[:0]
            out[name] = pd.Series(picked, dtype=arr.dtype)
        return out


class _Chunk:
    """Points ``start:stop`` of a grid: the axes of a product, or the chunk's own rows."""

    def __init__(
        self,
        names: list[str],
        axes: list[list[Any]] | None,
        rows: list[list[Any]] | None,
        start: int,
        stop: int,
    ) -> None:
        self.names, self.axes, self.rows, self.start, self.stop = names, axes, rows, start, stop

    def point(self, index: int) -> dict[str, Any]:
        """The parameters of point ``index`` of the whole grid."""
        if self.rows is not None:
            return dict(zip(self.names, self.rows[index - self.start]))
        assert self.axes is not None
        picked: list[Any] = []
        rest = index
        for axis in reversed(self.axes):
            rest, i = divmod(rest, len(axis))
            picked.append(axis[i])
        return dict(zip(self.names, reversed(picked)))

    def core_args(self) -> tuple[Any, bool, tuple[int, int] | None, int]:
        """What ``_sweep_model`` takes: values, product?, points, first point."""
        if self.rows is None:
            return self.axes, True, (self.start, self.stop), 0
        return self.rows, False, None, self.start


def _array(values: list[Any]) -> np.ndarray:
    """The values of one axis as a numpy array: numeric where they all are, else objects
    (lists as tuples)."""
    plain = all(
        isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
        for v in values
    )
    if plain and values:
        return np.asarray(values)
    arr = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        arr[i] = tuple(v) if isinstance(v, list) else v
    return arr


def _analyses(analyses: Any) -> list[str] | None:
    if analyses is None:
        return None
    if isinstance(analyses, str):
        return [analyses]
    if not isinstance(analyses, Iterable) or not all(isinstance(a, str) for a in analyses):
        raise TypeError(
            "analyses must be a name or a list of names, e.g. ['regime', 'equilibria']"
        )
    return list(analyses)


def _check_callable_names(func: Callable[..., Any], names: Sequence[str]) -> bool:
    """Refuses grid names the function does not take; says whether it takes ``seed``."""
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return False
    params = sig.parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return "seed" in params
    taken = {
        n for n, p in params.items()
        if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    }
    unknown = [n for n in names if n not in taken]
    if unknown:
        raise ValueError(
            f"grid names {', '.join(map(repr, unknown))}, which "
            f"{'is' if len(unknown) == 1 else 'are'} not a parameter of "
            f"{getattr(func, '__name__', 'the function')}; it takes {', '.join(sorted(taken))}"
        )
    return "seed" in taken and "seed" not in names


def _run_chunk(
    model: Any,
    chunk: _Chunk,
    analyses: list[str] | None,
    seed: int,
    threads: int | None,
    max_memory: int | None,
    takes_seed: bool,
    exact: bool = True,
) -> tuple[int, list[Any]]:
    """One chunk, on this process (locally, or on a Dask worker)."""
    if threads is None:
        threads = _worker_threads()
    if isinstance(model, str):
        values, product, points, first = chunk.core_args()
        return _core._sweep_model(
            model,
            chunk.names,
            values,
            product,
            analyses,
            seed=seed,
            points=points,
            first_point=first,
            threads=threads,
            max_memory=max_memory,
            exact=exact,
        )
    items: list[Any] = []
    for i in range(chunk.start, chunk.stop):
        params = chunk.point(i)
        if takes_seed:
            params["seed"] = _point_seed(seed, i)
        try:
            items.append(model(**params))
        except Exception as err:  # noqa: BLE001 - a failing point is recorded in its row
            items.append(f"{type(err).__name__}: {err}" if str(err) else type(err).__name__)
    return _core._sweep_items(
        items,
        analyses,
        seed=seed,
        first_point=chunk.start,
        threads=threads,
        max_memory=max_memory,
        exact=exact,
    )


def _worker_threads() -> int | None:
    """On a Dask worker, its thread count (so rayon does not oversubscribe its cores)."""
    if "distributed" not in sys.modules:  # not on a worker (and no import cost here)
        return None
    from distributed import get_worker

    try:
        worker = get_worker()
    except ValueError:
        return None
    state = getattr(worker, "state", None)
    n = getattr(state, "nthreads", None) or getattr(worker, "nthreads", None)
    return int(n) if n else None


def _filler(kind: str, n: int) -> tuple[Any, Any]:
    if kind == "float":
        return np.full(n, np.nan), None
    if kind == "int":
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
    return [None] * n, None


def _assemble(grid: _Grid, chunks: list[tuple[int, list[Any]]]) -> Any:
    """The DataFrame from the chunks' columns: parameters, ``point``, analyses, ``error``."""
    import pandas as pd

    keys: dict[tuple[int, int, str], str] = {}
    for _, columns in chunks:
        for rank, slot, name, kind, _, _ in columns:
            keys.setdefault((rank, slot, name), kind)
    by_chunk = [
        {(rank, slot, name): (data, mask) for rank, slot, name, _, data, mask in columns}
        for _, columns in chunks
    ]
    data: dict[str, Any] = {}
    points = None
    for key in sorted(keys):
        kind = keys[key]
        parts = [
            found.get(key) or _filler(kind, rows) for found, (rows, _) in zip(by_chunk, chunks)
        ]
        if kind == "float":
            col: Any = np.concatenate([p[0] for p in parts]) if parts else np.empty(0)
        elif kind == "int":
            values = (
                np.concatenate([np.asarray(p[0], dtype=np.int64) for p in parts])
                if parts
                else np.empty(0, dtype=np.int64)
            )
            if key[2] == "point":
                points = values
                col = values
            else:
                mask = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, dtype=bool)
                col = pd.arrays.IntegerArray(values, mask)
        else:
            merged: list[Any] = []
            for p in parts:
                merged.extend(p[0])
            col = pd.Series(merged, dtype=object)
        data[key[2]] = col
    if points is None:
        points = np.empty(0, dtype=np.int64)
    params = grid.columns(points)
    clash = [n for n in params if n in data]
    if clash:
        raise ValueError(
            f"grid names {', '.join(map(repr, clash))}, which the sweep's result columns use; "
            "rename the function's parameter"
        )
    # Text and list columns stay object columns with None for missing values (pandas 3 would
    # otherwise infer its string dtype, NaN for missing, only where some value is a string).
    return pd.DataFrame({**params, **data}, copy=False)


def sweep(
    model: Any,
    grid: Any,
    analyses: str | Sequence[str] | None = None,
    seed: int | None = None,
    client: Any = None,
    progress: bool | None = None,
    *,
    chunk_size: int | None = None,
    threads: int | None = None,
    max_memory: int | None = None,
    exact: bool = True,
) -> Any:
    """Sweep an alliance model, or any function returning a game, over a parameter grid.

    Builds the model at every point of ``grid``, computes the ``analyses`` there and returns
    one tidy DataFrame: one row per point, or per equilibrium where a point has several. The
    sweep of an alliance model class runs entirely in Rust, in parallel over the points, one
    call per chunk of the grid; a function runs point by point in Python, its games and
    models analysed in Rust. The result is the same whatever the chunking, the number of
    threads, or whether the chunks run here or on a Dask cluster.

    Parameters
    ----------
    model : alliance model class or callable
        One of :class:`detente.alliance.RestraintGame`, ``BurdenSharing``,
        ``CollectiveSecurity``, ``ProtectionForPatronage``, ``Reciprocity``,
        ``InstitutionalPower``, ``Powerplay`` (the grid names its parameters; the others take
        their defaults); or a function called as ``model(**point)`` that returns a
        :class:`~detente.Game` or an alliance model (if it takes a ``seed`` argument that the
        grid does not give, it gets each point's own seed).
    grid : dict or pandas.DataFrame
        ``{name: [values...]}``: every combination of the values (the first name varies
        slowest, as in ``itertools.product``); or a DataFrame, one point per row, one column
        per parameter. Values may be numbers (also ``Fraction``, decimal strings), strings,
        or lists for per-state parameters.
    analyses : str or list of str, optional
        What to compute at each point, in column order. Every model offers ``"regime"`` (the
        named outcome), ``"equilibria"`` (every extreme equilibrium of a two-player game,
        exactly, by ``enumerate_all``; every pure equilibrium of a larger game) and
        ``"pure_equilibria"``. Models add their own: ``RestraintGame`` ``"mixed"``,
        ``"institutions"``; ``BurdenSharing`` ``"equilibrium"``; ``CollectiveSecurity``
        ``"stable_coalitions"``; ``ProtectionForPatronage`` ``"price"``,
        ``"critical_discount"``; ``Reciprocity`` ``"critical_discount"``,
        ``"effective_discount"``; ``InstitutionalPower`` ``"shapley_shubik"``,
        ``"banzhaf"``; ``Powerplay`` ``"stable_structures"``, ``"efficient_structures"``.
        Default: ``"regime"`` plus the model's headline analyses (``"regime"`` and
        ``"equilibria"`` for ``RestraintGame`` and for functions).
    seed : int, optional
        Each point's seed is derived from ``(seed, point index)`` (default 0), so results do
        not depend on chunking or threads.
    client : dask.distributed.Client, optional
        Run the chunks as tasks on this cluster's workers (each chunk's Rust pool uses the
        worker's thread count). The model, the grid and the results travel by pickle.
    progress : bool, optional
        A progress bar over the chunks: ``None`` only in Jupyter or a terminal, ``True``
        always, ``False`` never.
    chunk_size : int, optional
        Points per chunk (default 8192).
    threads : int, optional
        Threads per chunk (default: every core here, the worker's threads on Dask).
    max_memory : int, optional
        Refuse a grid whose table would need more bytes than this (default: a quarter of the
        machine's memory), before computing anything.
    exact : bool, default True
        Two-player equilibria by exact enumeration (``enumerate_all(game)``); ``False`` uses
        its float search (``enumerate_all(game, exact=False)``), about twice as fast on small
        games, every equilibrium still certified exactly, but on degenerate games a near-tie
        can hide one.

    Returns
    -------
    pandas.DataFrame
        In order: one column per grid parameter; ``point`` (the point's index in the grid);
        the analyses' columns (``regime`` as a string; ``n_equilibria``; the model's own:
        floats, or tuples where a value is a list, one column per member for power
        indices); for equilibria ``equilibrium`` (its index at the point), ``method``
        (``"enumerate_all"`` or ``"pure"``), ``strategy_<player>`` (a tuple of
        probabilities), ``payoff_<player>``, ``regret``; then ``error``: ``None``, or why
        the point (or one of its analyses) failed, e.g. a parameter out of range. Counts and
        indices are pandas nullable integers.

    Raises
    ------
    ValueError
        A grid name that is not a parameter of the model (naming it), an unknown analysis,
        or a grid whose table would not fit in ``max_memory`` (naming ``grid``). A value out
        of range is not raised: it fills its row's ``error``.
    TypeError
        ``model`` is neither a model class nor callable, or ``grid`` is neither a dict nor a
        DataFrame.

    Examples
    --------
    >>> import detente as dt
    >>> df = dt.sweep(dt.alliance.RestraintGame,
    ...               {"entrapment_cost": [0.5, 3.0], "war_cost": [1.5, 4.0]},
    ...               analyses=["regime"], progress=False)
    >>> df[["entrapment_cost", "war_cost", "regime"]].values.tolist()
    [[0.5, 1.5, 'entrapment_accepted'], [0.5, 4.0, 'entrapment_accepted'], [3.0, 1.5, 'client_alone'], [3.0, 4.0, 'dilemma']]
    >>> dt.sweep(dt.alliance.Reciprocity, {"discount": [0.4, 2.0]}, progress=False)["error"].tolist()[1]
    'invalid argument: discount must be a number in the open interval (0, 1), got 2'
    """
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise ImportError("detente.sweep returns a pandas DataFrame: pip install pandas") from None
    names = _analyses(analyses)
    seed = 0 if seed is None else seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**64:
        raise ValueError(f"seed must be an integer in [0, 2**64), got {seed!r}")
    seed = int(seed)
    g = _Grid(grid)
    takes_seed = False
    if isinstance(model, type) and model in MODELS:
        engine: Any = model.__name__
    elif isinstance(model, type) and model.__module__ == "detente.alliance":
        raise TypeError(f"detente.sweep does not know the model class {model.__name__}")
    elif callable(model):
        engine = model
        takes_seed = _check_callable_names(model, g.names)
        clash = [n for n in g.names if n in _RESULT_NAMES or n.startswith(("strategy_", "payoff_"))]
        if clash:
            raise ValueError(
                f"grid names {', '.join(map(repr, clash))}, which the sweep's result columns "
                "use; rename the function's parameter"
            )
    else:
        raise TypeError(
            "model must be an alliance model class (e.g. detente.alliance.RestraintGame) or a "
            f"function returning a Game or a model, got {type(model).__name__}"
        )
    if chunk_size is None:
        chunk_size = DEFAULT_CHUNK_SIZE
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a whole number >= 1, got {chunk_size!r}")
    _core._sweep_check(g.len, max_memory)
    bounds = [(a, min(a + int(chunk_size), g.len)) for a in range(0, g.len, int(chunk_size))]
    if not bounds:
        bounds = [(0, 0)]  # one call, for the columns of an empty table
    args = (names, seed, threads, max_memory, takes_seed, bool(exact))
    with progress_bar(len(bounds), "sweep", progress, unit="chunk") as bar:
        if client is None:
            chunks = []
            for a, b in bounds:
                chunks.append(_run_chunk(engine, g.chunk(a, b), *args))
                bar.update(1)
        else:
            chunks = _on_dask(client, engine, [g.chunk(a, b) for a, b in bounds], args, bar)
    return _assemble(g, chunks)


def _task(engine: Any, chunk: _Chunk, args: tuple[Any, ...]) -> Any:
    """One chunk as a Dask task."""
    return _run_chunk(engine, chunk, *args)


def _on_dask(
    client: Any, engine: Any, chunks: list[_Chunk], args: tuple[Any, ...], bar: Any
) -> list[Any]:
    """The chunks as tasks on the client's workers, gathered in grid order."""
    from distributed import as_completed

    futures = [client.submit(_task, engine, c, args, pure=False) for c in chunks]
    for _ in as_completed(futures):
        bar.update(1)
    return list(client.gather(futures))
