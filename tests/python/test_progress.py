"""detente._progress: when a bar is shown (False never, True always, None only when
interactive), what it shows (the count and the total), and that it prints nothing otherwise."""

import io
import re
import sys
import types

import pytest
from hypothesis import given, strategies as st

from detente._progress import progress_bar, progress_wanted


@pytest.fixture(autouse=True)
def _no_switches(monkeypatch):
    """Each test starts without the environment switches that change the automatic rule."""
    monkeypatch.delenv("DETENTE_PROGRESS", raising=False)
    monkeypatch.delenv("CI", raising=False)


class _Terminal(io.StringIO):
    """A standard error that says it is a terminal and keeps what is written to it."""

    def isatty(self):
        return True


def _count(bar_text):
    """The last ``done/total`` a text bar printed."""
    found = re.findall(r"(\d+)/(\d+|\?)", bar_text)
    assert found, bar_text
    return found[-1]


def test_false_prints_nothing_and_still_counts(capfd):
    with progress_bar(5, "work", False) as bar:
        for _ in range(5):
            bar.update(1)
    assert bar.n == 5 and bar.total == 5
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_automatic_under_pytest_prints_nothing(capfd):
    # pytest's captured standard error is no terminal and there is no kernel.
    assert not progress_wanted(None)
    with progress_bar(5, "work", None) as bar:
        bar.update(5)
    assert bar.n == 5
    assert capfd.readouterr() == ("", "")


def test_automatic_under_capsys_prints_nothing(capsys):
    with progress_bar(None, "work", None) as bar:
        bar.update(3)
    assert capsys.readouterr() == ("", "")


def test_true_draws_the_total_on_standard_error(capfd):
    with progress_bar(7, "tournament", True, unit="match") as bar:
        for _ in range(7):
            bar.update(1)
    assert bar.n == 7
    out, err = capfd.readouterr()
    assert out == ""
    assert "tournament" in err
    assert _count(err) == ("7", "7")
    assert "100%" in err


def test_a_total_known_late_is_drawn(capfd):
    with progress_bar(None, "enumeration", True) as bar:
        bar.update(2)
        bar.total = 4
        bar.update(2)
    assert bar.total == 4
    assert _count(capfd.readouterr().err) == ("4", "4")


def test_an_unknown_total_shows_the_count(capfd):
    with progress_bar(None, "vertices", True, unit="vertex") as bar:
        bar.update(3)
        bar.update(0)
    err = capfd.readouterr().err
    assert "vertices" in err
    assert re.search(r"\b3vertex\b|\b3 ?vertex", err), err
    assert "%" not in err  # no share of an unknown total


def test_automatic_on_a_terminal_draws_once_the_delay_has_passed(monkeypatch):
    from detente import _progress

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert progress_wanted(None)
    with progress_bar(3, "work", None) as bar:  # quicker than AUTO_DELAY: nothing drawn
        bar.update(3)
    assert terminal.getvalue() == ""
    monkeypatch.setattr(_progress, "AUTO_DELAY", 0.0)
    with progress_bar(3, "work", None) as bar:
        bar.update(3)
    assert _count(terminal.getvalue()) == ("3", "3")


def test_ci_silences_the_automatic_bar_even_on_a_terminal(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("CI", "true")
    assert not progress_wanted(None)
    with progress_bar(3, "work", None) as bar:
        bar.update(3)
    assert terminal.getvalue() == ""
    # ... but not an explicit True, nor DETENTE_PROGRESS=1.
    assert progress_wanted(True)
    monkeypatch.setenv("DETENTE_PROGRESS", "1")
    assert progress_wanted(None)


@pytest.mark.parametrize("value", ["0", "false", "off", "No", ""])
def test_environment_switch_off(monkeypatch, value):
    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.setenv("DETENTE_PROGRESS", value)
    assert not progress_wanted(None)
    # An explicit argument wins over the environment.
    assert progress_wanted(True)


@pytest.mark.parametrize("value", ["1", "true", "ON", " yes "])
def test_environment_switch_on(monkeypatch, capfd, value):
    monkeypatch.setenv("DETENTE_PROGRESS", value)
    assert progress_wanted(None)
    assert not progress_wanted(False)
    with progress_bar(2, "work", None) as bar:
        bar.update(2)
    assert _count(capfd.readouterr().err) == ("2", "2")


def test_bad_environment_switch_is_named(monkeypatch):
    monkeypatch.setenv("DETENTE_PROGRESS", "maybe")
    with pytest.raises(ValueError, match="DETENTE_PROGRESS"):
        progress_wanted(None)
    # Explicit choices do not read it.
    assert progress_wanted(False) is False


def test_a_jupyter_kernel_counts_as_interactive(monkeypatch):
    class KernelShell:
        config = {"IPKernelApp": {}}

    fake = types.ModuleType("IPython")
    fake.get_ipython = lambda: KernelShell()
    monkeypatch.setitem(sys.modules, "IPython", fake)
    assert progress_wanted(None)
    # A terminal IPython (no kernel) with captured standard error is not.
    KernelShell.config = {}
    assert not progress_wanted(None)
    fake.get_ipython = lambda: None
    assert not progress_wanted(None)


@pytest.mark.parametrize("bad", [1, 0, "yes", 0.5, [True]])
def test_progress_must_be_a_bool_or_none(bad):
    with pytest.raises(TypeError, match="progress must be True"):
        progress_wanted(bad)
    with pytest.raises(TypeError, match="progress must be True"):
        with progress_bar(1, "work", bad):
            pass


def test_numpy_bools_are_bools():
    np = pytest.importorskip("numpy")
    assert progress_wanted(np.True_) is True
    assert progress_wanted(np.False_) is False


@pytest.mark.parametrize("total, error", [(-1, ValueError), (2.5, TypeError), (True, TypeError)])
def test_bad_totals_are_refused(total, error):
    with pytest.raises(error, match="total"):
        with progress_bar(total, "work", False):
            pass


def test_the_bar_is_closed_when_the_work_raises(capfd):
    with pytest.raises(KeyboardInterrupt):
        with progress_bar(10, "work", True) as bar:
            bar.update(4)
            raise KeyboardInterrupt
    err = capfd.readouterr().err
    # Closed: the last drawing is final and shows where the work stopped.
    assert _count(err) == ("4", "10")
    assert err.endswith("\n")


@given(st.lists(st.integers(0, 50), max_size=20), st.booleans())
def test_the_count_is_the_sum_of_the_updates(steps, shown):
    sink = io.StringIO()
    previous = sys.stderr
    sys.stderr = sink
    try:
        with progress_bar(sum(steps), "work", shown) as bar:
            for step in steps:
                bar.update(step)
    finally:
        sys.stderr = previous
    assert bar.n == sum(steps)
    if shown and sum(steps) == 0:
        assert "0it" in sink.getvalue()  # tqdm draws a total of 0 as a bare count
    elif shown:
        assert _count(sink.getvalue()) == (str(sum(steps)), str(sum(steps)))
    else:
        assert sink.getvalue() == ""
