"""Hypothesis strategies for random games, shared by the test modules."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import detente as dt


@st.composite
def games(draw, max_players=4, max_actions=4, ties=None):
    """Random games; with ``ties`` (or by a coin flip) small integer payoffs, so many ties."""
    n = draw(st.integers(1, max_players))
    shape = tuple(draw(st.lists(st.integers(1, max_actions), min_size=n, max_size=n)))
    use_ties = draw(st.booleans()) if ties is None else ties
    elements = st.integers(-2, 2) if use_ties else st.floats(-10, 10, allow_nan=False, width=64)
    payoffs = draw(hnp.arrays(np.float64, (*shape, n), elements=elements))
    return dt.Game(payoffs)


@st.composite
def profiles(draw, game):
    """A random mixed profile of ``game`` (some entries exactly zero)."""
    out = []
    for n in game.shape:
        w = draw(hnp.arrays(np.float64, n, elements=st.sampled_from([0.0, 0.25, 1.0, 3.0])))
        if w.sum() == 0:
            w[draw(st.integers(0, n - 1))] = 1.0
        out.append(w / w.sum())
    return out
