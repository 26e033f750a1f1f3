"""Long solves release the GIL and stop on Ctrl-C (SIGINT), as in a terminal or Jupyter.

Every test installs Python's ``signal.default_int_handler`` itself (and puts back the handler
it found), so the tests also pass when pytest runs as a background job, where SIGINT is
inherited as ignored. Time bounds are generous: the machine may be loaded.
"""

import os
import signal
import threading
import time

import pytest

import detente as dt

# Longest time a solve may take to honour Ctrl-C on a loaded machine; the uninterrupted solves
# below take far longer.
HONOURED_WITHIN = 20.0


@pytest.fixture(autouse=True)
def _ctrl_c_raises():
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _slow_game():
    # Mixed-dominance LPs on a random 300×300 game take many seconds.
    return dt.testing.random_game((300, 300), seed=11)


def test_ctrl_c_interrupts_a_long_solve():
    g = _slow_game()
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        dt.solve.dominance(g)
    elapsed = time.perf_counter() - start
    timer.join()
    assert elapsed < HONOURED_WITHIN, f"took {elapsed:.1f} s to honour Ctrl-C"
    # The interrupt does not leak into the next call.
    assert len(dt.solve.pure(dt.Game.zero_sum([[1, 0]]))) == 1


def test_ctrl_c_between_solves_still_raises():
    # The SIGINT hook of a solve is gone once it returns: Python handles Ctrl-C as before.
    dt.solve.dominance(dt.testing.random_game((20, 20), seed=1))
    timer = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        time.sleep(HONOURED_WITHIN)
    timer.join()


def test_a_handler_that_does_not_raise_lets_the_solve_finish():
    # A script's own SIGINT handler decides: this one only counts, so the solve goes on.
    g = dt.testing.random_game((120, 120), seed=11)
    seen = []
    previous = signal.signal(signal.SIGINT, lambda *_: seen.append(1))
    timer = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT))
    try:
        timer.start()
        reduction = dt.solve.dominance(g)  # about 1 s
        timer.join()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [1]
    assert len(reduction.kept) == 2


def test_ctrl_c_interrupts_a_solve_on_another_thread():
    g = _slow_game()
    outcome = []

    def solve():
        try:
            dt.solve.dominance(g)
            outcome.append("finished")
        except KeyboardInterrupt:
            outcome.append("interrupted")

    worker = threading.Thread(target=solve)
    start = time.perf_counter()
    worker.start()
    time.sleep(0.3)
    # The main thread sees its KeyboardInterrupt too, as for any Ctrl-C.
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(HONOURED_WITHIN)
    worker.join()
    assert outcome == ["interrupted"]
    assert time.perf_counter() - start < HONOURED_WITHIN


def test_gil_is_released_during_a_solve():
    g = _slow_game()
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.01)

    t = threading.Thread(target=ticker)
    stopper = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    t.start()
    stopper.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            dt.solve.dominance(g)
    finally:
        done.set()
        t.join()
        stopper.join()
    # The other thread kept running while Rust worked: dozens of ticks in half a second.
    assert len(ticks) >= 10


def test_calls_on_other_threads_do_not_clear_a_ctrl_c():
    # One thread keeps starting and finishing short solves while the main thread's long solve
    # is interrupted: each call has its own stop, so the short calls, which start and end
    # around the Ctrl-C, cannot withdraw the long call's stop. At most the one short call in
    # flight at the Ctrl-C is stopped with it; those after it finish.
    g = _slow_game()
    small = dt.testing.random_game((30, 30), seed=2)
    expected = len(dt.solve.pure(small))
    done = threading.Event()
    interrupted_at = []
    outcomes = []

    def short_solves():
        while not done.is_set():
            try:
                found = dt.solve.pure(small)
                outcomes.append(("finished", time.perf_counter(), len(found)))
            except KeyboardInterrupt:
                outcomes.append(("interrupted", time.perf_counter(), None))

    other = threading.Thread(target=short_solves)
    other.start()
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            dt.solve.dominance(g)
        interrupted_at.append(time.perf_counter())
        # The other thread goes on solving after the Ctrl-C.
        time.sleep(0.3)
    finally:
        done.set()
        other.join()
        timer.join()
    assert interrupted_at[0] - start < HONOURED_WITHIN
    stopped = [o for o in outcomes if o[0] == "interrupted"]
    assert len(stopped) <= 1
    after = [o for o in outcomes if o[1] > interrupted_at[0]]
    assert after and all(o[0] == "finished" and o[2] == expected for o in after)
