"""Progress bars for long calls: one rule for when a bar is shown, one way to draw it.

Every detente call that can run long (tournaments, sweeps, enumerations of large games)
takes ``progress=None`` and wraps its work in :func:`progress_bar`:

- ``progress=False``: never a bar.
- ``progress=True``: always a bar, on standard error (a widget in Jupyter).
- ``progress=None`` (automatic): a bar only in an interactive session, that is inside a
  Jupyter/IPython kernel or when standard error is a terminal; never in a log that nobody
  watches (CI, pytest's captured output, a job whose standard error goes to a file). The
  environment variable ``DETENTE_PROGRESS`` set to ``1`` or ``0`` turns the automatic bar on
  or off everywhere; an explicit ``True`` or ``False`` still wins over it. When the ``CI``
  environment variable is set (as CI services do), the automatic bar is off unless
  ``DETENTE_PROGRESS=1``. A bar shown by the automatic rule appears only once its call has
  run for :data:`AUTO_DELAY` seconds, so quick calls in a notebook draw nothing.

Bars are drawn by ``tqdm.auto``: a notebook widget in Jupyter (text if ``ipywidgets`` is
missing), text on a terminal.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["AUTO_DELAY", "bar_delay", "progress_bar", "progress_wanted"]

#: Seconds a call must run before a bar shown by the automatic rule (``progress=None``)
#: appears; a bar asked for (``True``, or ``DETENTE_PROGRESS=1``) appears at once.
AUTO_DELAY = 0.5

_ON = {"1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off", ""}


class _NoBar:
    """Stands in for a bar when none is shown: counts, prints nothing."""

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.n = 0

    def update(self, n: int = 1) -> None:
        self.n += n


class _Bar:
    """A tqdm bar behind the small interface the callers use (``update``, ``total``, ``n``)."""

    def __init__(self, bar: Any) -> None:
        self._bar = bar

    @property
    def n(self) -> int:
        """The count so far."""
        return int(self._bar.n)

    @property
    def total(self) -> int | None:
        """The count at which the work is done; ``None`` while unknown (then the bar shows
        the count and the rate)."""
        return self._bar.total

    @total.setter
    def total(self, total: int | None) -> None:
        self._bar.total = total
        # tqdm.notebook draws the widget's maximum separately from ``total``.
        container = getattr(self._bar, "container", None)
        if container is not None and total is not None:
            try:
                container.children[1].max = total
            except (AttributeError, IndexError, TypeError):
                pass
        self._bar.refresh()

    def update(self, n: int = 1) -> None:
        """Adds ``n`` to the count."""
        if n:
            self._bar.update(n)

    def close(self) -> None:
        self._bar.close()


def _in_kernel() -> bool:
    """Whether this Python runs inside a Jupyter (IPython) kernel."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # noqa: BLE001 - a broken IPython means no kernel to draw in
        return False
    if shell is None:
        return False
    try:
        if "IPKernelApp" in shell.config:
            return True
    except Exception:  # noqa: BLE001
        pass
    # Kernels that do not go through IPKernelApp (Colab's, for one) keep a ZMQ-like shell.
    return type(shell).__name__ in {"ZMQInteractiveShell", "Shell"}


def _environment_switch() -> bool | None:
    """``DETENTE_PROGRESS`` as a bool, ``None`` when unset."""
    value = os.environ.get("DETENTE_PROGRESS")
    if value is None:
        return None
    word = value.strip().lower()
    if word in _ON:
        return True
    if word in _OFF:
        return False
    raise ValueError(
        f"the environment variable DETENTE_PROGRESS must be 1 (progress bars on) or 0 (off), "
        f"got {value!r}"
    )


def _in_ci() -> bool:
    value = os.environ.get("CI")
    return value is not None and value.strip().lower() not in _OFF


def _stderr_is_terminal() -> bool:
    stream = sys.stderr
    if stream is None:
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def progress_wanted(progress: bool | None) -> bool:
    """Whether a call given ``progress`` shows a bar (the rule of :func:`progress_bar`).

    Parameters
    ----------
    progress : bool or None
        ``True`` always, ``False`` never, ``None`` automatically.

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        ``progress`` is not ``True``, ``False`` or ``None``.
    ValueError
        ``DETENTE_PROGRESS`` is set to something other than 0 or 1 (and ``progress`` is
        ``None``).

    Examples
    --------
    >>> from detente._progress import progress_wanted
    >>> progress_wanted(False), progress_wanted(True)
    (False, True)
    """
    if progress is None:
        # Most calls run in no terminal and no kernel: then CI is not even read.
        interactive = _in_kernel() or _stderr_is_terminal()
        switch = _environment_switch()
        if switch is not None:
            return switch
        return interactive and not _in_ci()
    # numpy's bool_ is no subclass of bool but means the same.
    if isinstance(progress, bool) or (
        type(progress).__module__ == "numpy" and type(progress).__name__ in {"bool", "bool_"}
    ):
        return bool(progress)
    raise TypeError(
        "progress must be True (always show a progress bar), False (never) or None "
        f"(automatic: only in Jupyter or a terminal), got {type(progress).__name__}"
    )


@contextmanager
def progress_bar(
    total: int | None, desc: str, progress: bool | None, *, unit: str = "it"
) -> Iterator[Any]:
    """A progress bar for the work inside the ``with`` block, shown or not by ``progress``.

    Yields an object with ``update(n)`` (adds ``n`` to the count), ``n`` (the count so far)
    and a settable ``total`` (``None`` while unknown: the bar then shows the count and the
    rate). When no bar is shown it still counts, and prints nothing. The bar is closed when
    the block ends, also by an exception (Ctrl-C).

    Parameters
    ----------
    total : int or None
        The count at which the work is done, if known.
    desc : str
        The bar's label, e.g. ``"tournament"``.
    progress : bool or None
        ``True``: always a bar (on standard error, or a widget in Jupyter); ``False``: never;
        ``None``: only in an interactive session (a Jupyter/IPython kernel, or standard
        error on a terminal), never in CI or captured logs. ``DETENTE_PROGRESS=0``/``1``
        overrides the automatic choice.
    unit : str, default "it"
        What is counted, shown in the rate (``"match"``, ``"graph"``).

    Raises
    ------
    TypeError
        ``progress`` is not ``True``, ``False`` or ``None``, or ``total`` is not an int.
    ValueError
        ``total`` is negative, or ``DETENTE_PROGRESS`` is neither 0 nor 1.

    Examples
    --------
    >>> from detente._progress import progress_bar
    >>> with progress_bar(3, "example", False) as bar:
    ...     for _ in range(3):
    ...         bar.update(1)
    >>> bar.n
    3
    """
    if total is not None:
        if isinstance(total, bool) or not hasattr(total, "__index__"):
            raise TypeError(f"total must be an int or None, got {type(total).__name__}")
        total = total.__index__()
        if total < 0:
            raise ValueError(f"total must be at least 0, got {total}")
    bar = _open_bar(progress, desc, unit, total)
    if bar is None:
        yield _NoBar(total)
        return
    try:
        yield bar
    finally:
        bar.close()


def bar_delay(progress: bool | None) -> float:
    """Seconds the work must run before its bar appears: :data:`AUTO_DELAY` when the bar
    comes from the automatic rule (``progress=None`` and no ``DETENTE_PROGRESS``), else 0.

    Examples
    --------
    >>> from detente._progress import bar_delay
    >>> bar_delay(True)
    0.0
    """
    if progress is None and _environment_switch() is None:
        return AUTO_DELAY
    return 0.0


def _open_bar(
    progress: bool | None, desc: str, unit: str, total: int | None = None
) -> _Bar | None:
    """An open bar (the caller closes it) when ``progress`` asks for one, else ``None``.

    The compiled bindings call this (with ``progress=True`` once they have decided through
    :func:`progress_wanted`) and move their counters into the bar while the work runs.
    """
    if not progress_wanted(progress) or (sys.stderr is None and not _in_kernel()):
        # (No standard error at all, as under pythonw: nowhere to draw.)
        return None
    with warnings.catch_warnings():
        # In Jupyter without ipywidgets tqdm.auto falls back to a text bar (which Jupyter
        # shows) and warns about it on import: the text bar is fine, the warning is noise.
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm

    return _Bar(
        tqdm(
            total=total,
            desc=desc,
            unit=unit,
            file=sys.stderr,
            mininterval=0.1,
            delay=bar_delay(progress),
            dynamic_ncols=True,
        )
    )
