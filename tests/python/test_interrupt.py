"""Long solves release the GIL and stop on Ctrl-C (SIGINT), as in a terminal or Jupyter."""

import os
import signal
import threading
import time

import pytest

import detente as dt


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
    assert elapsed < 5.0, f"took {elapsed:.1f} s to honour Ctrl-C"
    # The interrupt does not leak into the next call.
    assert len(dt.solve.pure(dt.Game.zero_sum([[1, 0]]))) == 1


def test_ctrl_c_between_solves_still_raises():
    # The SIGINT hook of a solve is gone once it returns: Python handles Ctrl-C as before.
    dt.solve.dominance(dt.testing.random_game((20, 20), seed=1))
    timer = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        time.sleep(5.0)
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
        time.sleep(5.0)
    worker.join()
    assert outcome == ["interrupted"]
    assert time.perf_counter() - start < 5.0


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
