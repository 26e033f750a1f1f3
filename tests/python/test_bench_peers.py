"""The peer benchmark's own machinery (benches/compare_peers.py, benches/peers/): the one
peak-memory mechanism measures allocations of known size, and the command line keeps its
sections. Linux only (/proc/self/status)."""

import sys
from pathlib import Path

import pytest

BENCHES = Path(__file__).resolve().parents[2] / "benches"
sys.path.insert(0, str(BENCHES))

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)"
)

MIB = 2**20


def test_peak_of_a_known_allocation():
    from peers.memory import peak_mib

    # 64 MiB written byte by byte (resident, not just reserved) and kept until the end
    peak = peak_mib("", f"x = bytearray({64 * MIB})\nx[::4096] = b'1' * len(x[::4096])")
    assert peak is not None and 63 <= peak <= 70, peak


def test_a_call_below_setups_peak_still_counts():
    """Setup reaches 256 MiB and frees it; the call's 32 MiB stay under that mark but are
    reported: the high-water mark is reset before the call (without the reset the rise
    would read 0)."""
    from peers.memory import peak_mib

    reset = Path("/proc/self/clear_refs")
    try:
        reset.write_text("5")
    except OSError:
        pytest.skip("the high-water mark cannot be reset here")
    setup = f"big = bytearray({256 * MIB})\nbig[::4096] = b'1' * len(big[::4096])\ndel big\n"
    peak = peak_mib(setup, f"x = bytearray({32 * MIB})\nx[::4096] = b'1' * len(x[::4096])")
    assert peak is not None and 31 <= peak <= 38, peak


def test_arrays_reach_the_child_under_their_names():
    import numpy as np
    from peers.memory import peak_mib

    a = np.arange(6.0).reshape(2, 3)
    assert peak_mib("assert a.shape == (2, 3) and a[1, 2] == 5.0", "b = a + 1", {"a": a}) is not None
    assert peak_mib("assert a.shape == (3, 2)", "pass", {"a": a}) is None  # the check failed


def test_failures_and_timeouts_give_none():
    from peers.memory import peak_mib

    assert peak_mib("", "raise SystemExit(3)") is None
    assert peak_mib("import time", "time.sleep(30)", timeout=1.0) is None


def test_command_line_keeps_every_section_in_order():
    import compare_peers

    assert list(compare_peers.SECTIONS) == [
        "construction",
        "pure",
        "lemke_howson",
        "enumerate_all",
        "zero_sum",
        "dynamics",
        "correlated",
        "payoff_set",
        "voting",
        "tournament",
        "tu",
        "exact_integer",
        "sweep",
    ]
    # every column once: coopgame-py is no longer listed twice
    headers = list(compare_peers.COLUMNS.values())
    assert len(headers) == len(set(headers)) == 12
    with pytest.raises(SystemExit):
        compare_peers.main(["--only", "no_such_section"])
