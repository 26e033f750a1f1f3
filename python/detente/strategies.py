"""Classic repeated-game strategies as :class:`~detente.Automaton` objects.

Two-player strategies are built for 2×2 stage games in which action 0 is *cooperate* (C) and
action 1 is *defect* (D); they read the observed profile from their own seat (own action
first), so one automaton plays either seat. States are named after what they remember.
Each function documents the first move, the rule and the source, and says where the
definition differs from the ``axelrod`` package's strategy of the same name.

Functions that make sense with more players (:func:`cooperate`, :func:`defect`,
:func:`grim_trigger`, :func:`tit_for_tat`) take ``players`` (2 by default) and then build an
automaton for stage games in which each of the ``players`` players has two actions.

Probabilities (``q``, ``p``, the memory-one vector) are kept exactly: a float is taken as the
simplest fraction that rounds to it (``0.1`` is ``1/10``).

Examples
--------
>>> import detente as dt
>>> tft = dt.strategies.tit_for_tat()
>>> tft.states
['C', 'D']
>>> tft.next("C", [0, 1])
'D'
>>> dt.strategies.to_memory_one(dt.strategies.win_stay_lose_shift())
(Fraction(1, 1), Fraction(0, 1), Fraction(0, 1), Fraction(1, 1), Fraction(1, 1))
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from detente import _core
from detente._core import Automaton

__all__ = [
    "alternator",
    "cooperate",
    "cycler",
    "defect",
    "forgiving_grudger",
    "generous_tit_for_tat",
    "grim_trigger",
    "grudger",
    "memory_one",
    "random",
    "soft_grudger",
    "suspicious_tit_for_tat",
    "tit_for_tat",
    "tit_for_two_tats",
    "to_memory_one",
    "two_tits_for_tat",
    "win_stay_lose_shift",
]

_Probability = float | Fraction | int


def cooperate(players: int = 2) -> Automaton:
    """Always cooperate (Axelrod 1984; the ``axelrod`` package's ``Cooperator``).

    One state, ``"C"``. With ``players`` > 2, for stage games with that many players of two
    actions each.

    Examples
    --------
    >>> import detente as dt
    >>> dt.strategies.cooperate().output
    [[Fraction(1, 1), Fraction(0, 1)]]
    >>> dt.strategies.cooperate(players=3).shape
    [2, 2, 2]
    """
    return _core.repeated_strategy("cooperate", players)


def defect(players: int = 2) -> Automaton:
    """Always defect (Axelrod 1984; the ``axelrod`` package's ``Defector``).

    One state, ``"D"``. With ``players`` > 2, for stage games with that many players.

    Examples
    --------
    >>> import detente as dt
    >>> dt.strategies.defect().states
    ['D']
    """
    return _core.repeated_strategy("defect", players)


def tit_for_tat(
    players: int = 2, rule: Literal["any", "majority"] = "any"
) -> Automaton:
    """Tit-for-tat (Rapoport's entry, winner of Axelrod 1984's tournaments).

    Cooperate first, then play the other player's last action. States ``"C"`` and ``"D"``
    (the action about to be played). Same as the ``axelrod`` package's ``TitForTat``.

    With ``players`` > 2: cooperate first, then defect exactly after rounds in which at
    least one (``rule="any"``) or more than half (``rule="majority"``) of the other players
    defected. With two players both rules are plain tit-for-tat.

    Examples
    --------
    >>> import detente as dt
    >>> tft = dt.strategies.tit_for_tat()
    >>> tft.next("D", [1, 0])
    'C'
    >>> maj = dt.strategies.tit_for_tat(players=3, rule="majority")
    >>> maj.next("C", [0, 1, 0]), maj.next("C", [0, 1, 1])
    ('C', 'D')
    """
    if rule not in ("any", "majority"):
        raise ValueError(f"rule: {rule!r}; give 'any' or 'majority'")
    if players == 2:
        return _core.repeated_strategy("tit_for_tat", players)
    return _core.repeated_strategy(f"tit_for_tat_{rule}", players)


def suspicious_tit_for_tat() -> Automaton:
    """Suspicious tit-for-tat (Beaufils, Delahaye & Mathieu 1996): tit-for-tat that defects first.

    States ``"C"`` and ``"D"``, starting in ``"D"``. Same as the ``axelrod`` package's
    ``SuspiciousTitForTat``.

    Examples
    --------
    >>> import detente as dt
    >>> dt.strategies.suspicious_tit_for_tat().initial
    'D'
    """
    return _core.repeated_strategy("suspicious_tit_for_tat", 2)


def tit_for_two_tats() -> Automaton:
    """Tit-for-two-tats (Axelrod 1984): defect only after two consecutive defections.

    States ``"C"`` (the other's last action was C), ``"C1"`` (one D: still cooperate) and
    ``"D"`` (two Ds in a row). Same as the ``axelrod`` package's ``TitFor2Tats``.

    Examples
    --------
    >>> import detente as dt
    >>> tf2t = dt.strategies.tit_for_two_tats()
    >>> tf2t.next("C", [0, 1]), tf2t.next("C1", [0, 1])
    ('C1', 'D')
    """
    return _core.repeated_strategy("tit_for_two_tats", 2)


def two_tits_for_tat() -> Automaton:
    """Two-tits-for-tat (Axelrod 1984): defect in the two rounds after each defection.

    A new defection restarts the count. States ``"C"``, ``"D2"`` (the other defected last
    round) and ``"D1"`` (two rounds ago, not since). Same as the ``axelrod`` package's
    ``TwoTitsForTat``.

    Examples
    --------
    >>> import detente as dt
    >>> dt.strategies.two_tits_for_tat().next("D2", [1, 0])
    'D1'
    """
    return _core.repeated_strategy("two_tits_for_tat", 2)


def generous_tit_for_tat(q: _Probability = Fraction(1, 3)) -> Automaton:
    """Generous tit-for-tat (Nowak & Sigmund 1992).

    Cooperate first and after the other's C; after the other's D cooperate with probability
    ``q`` (exact). Nowak & Sigmund's value for a prisoner's dilemma ``T > R > P > S`` is
    ``q = min(1 - (T - R)/(R - S), (R - P)/(T - P))``: ``1/3`` (the default) for
    ``(T, R, P, S) = (5, 3, 1, 0)``. States ``"C"`` and ``"G"`` (generous with probability
    ``q``). The ``axelrod`` package's ``GTFT(p)`` is the same strategy with ``p = q``; its
    default ``p`` is computed from the game by the same formula, while detente's default is
    the fixed ``1/3``.

    Examples
    --------
    >>> import detente as dt
    >>> dt.strategies.generous_tit_for_tat(0.1).output[1]
    [Fraction(1, 10), Fraction(9, 10)]
    """
    return _core.repeated_strategy("generous_tit_for_tat", 2, q)


def win_stay_lose_shift() -> Automaton:
    """Win-stay, lose-shift, or Pavlov (Nowak & Sigmund 1993; Kraines & Kraines 1989).

    Cooperate first, then cooperate exactly when both players played the same action last
    round: keep the action after R or T, switch after S or P. Memory-one vector
    ``(1, 0, 0, 1)``. States ``"C"`` and ``"D"``. Same as the ``axelrod`` package's
    ``WinStayLoseShift``.

    Examples
    --------
    >>> import detente as dt
    >>> wsls = dt.strategies.win_stay_lose_shift()
    >>> wsls.next("C", [0, 1]), wsls.next("D", [1, 1])
    ('D', 'C')
    """
    return _core.repeated_strategy("win_stay_lose_shift", 2)


def grim_trigger(players: int = 2) -> Automaton:
    """Grim trigger (Friedman 1971): cooperate until *anyone* defects, then defect for ever.

    States ``"cooperate"`` and ``"punish"``. Its own defection (e.g. by noise) also
    triggers the punishment, as in the folk-theorem literature: this is what makes a profile
    of grim triggers subgame perfect for patient players. The ``axelrod`` package's
    ``Grudger`` reacts to the other's defections only: that is :func:`grudger`; without noise
    the two play identically. With ``players`` > 2, any player's defection triggers it.

    Examples
    --------
    >>> import detente as dt
    >>> dt.strategies.grim_trigger().next("cooperate", [1, 0])
    'punish'
    """
    return _core.repeated_strategy("grim_trigger", players)


def grudger() -> Automaton:
    """Grudger (Axelrod 1984's "Friedman"; the ``axelrod`` package's ``Grudger``).

    Cooperate until the *other* player defects once, then defect for ever. States
    ``"cooperate"`` and ``"punish"``.

    Examples
    --------
    >>> import detente as dt
    >>> g = dt.strategies.grudger()
    >>> g.next("cooperate", [1, 0]), g.next("cooperate", [0, 1])
    ('cooperate', 'punish')
    """
    return _core.repeated_strategy("grudger", 2)


def forgiving_grudger(k: int = 10) -> Automaton:
    """Grudger that forgives after ``k`` rounds of punishment.

    Cooperate; when the other defects, defect for the next ``k`` rounds, then forget the
    grudge. The other's actions during the first ``k - 1`` rounds of punishment are
    ignored; a defection in the last one starts a new punishment. States ``"C"`` and
    ``"P1"`` … ``"Pk"``. With the default ``k = 10`` this is the ``axelrod`` package's
    ``ForgetfulGrudger``, move for move; ``k = 1`` is tit-for-tat.

    Examples
    --------
    >>> import detente as dt
    >>> fg = dt.strategies.forgiving_grudger(2)
    >>> fg.states
    ['C', 'P1', 'P2']
    >>> fg.next("P2", [1, 0])
    'C'
    """
    return _core.repeated_strategy("forgiving_grudger", 2, k)


def soft_grudger() -> Automaton:
    """Soft grudger (Li, Hingston & Kendall 2011; the ``axelrod`` package's ``SoftGrudger``).

    Cooperate; after a defection of the other play D, D, D, D, C, C, then cooperate again.
    The other's actions during the first five rounds of the sequence are ignored; a
    defection in its last round starts a new one (as in ``axelrod``, move for move). States
    ``"C"``, ``"D1"`` … ``"D4"``, ``"C1"``, ``"C2"``.

    Examples
    --------
    >>> import detente as dt
    >>> len(dt.strategies.soft_grudger().states)
    7
    """
    return _core.repeated_strategy("soft_grudger", 2)


def alternator() -> Automaton:
    """Alternator (the ``axelrod`` package's ``Alternator``): C, D, C, D, … whatever happens.

    States ``"C"`` and ``"D"``.

    Examples
    --------
    >>> import detente as dt
    >>> dt.strategies.alternator().next("C", [0, 0])
    'D'
    """
    return _core.repeated_strategy("alternator", 2)


def cycler(pattern: str = "CCD") -> Automaton:
    """Play ``pattern`` (letters C and D) again and again (the ``axelrod`` package's ``Cycler``).

    States ``"1"``, ``"2"``, … (the position in the pattern).

    Examples
    --------
    >>> import detente as dt
    >>> c = dt.strategies.cycler("CD")
    >>> c.next("2", [1, 1])
    '1'
    """
    return _core.repeated_strategy("cycler", 2, pattern)


def random(p: _Probability = Fraction(1, 2)) -> Automaton:
    """Random (Axelrod 1984): cooperate with probability ``p`` (exact) every round.

    One state, ``"R"``. Same as the ``axelrod`` package's ``Random(p)``.

    Examples
    --------
    >>> import detente as dt
    >>> dt.strategies.random(0.25).output
    [[Fraction(1, 4), Fraction(3, 4)]]
    """
    return _core.repeated_strategy("random", 2, p)


def memory_one(
    p_cc: _Probability,
    p_cd: _Probability,
    p_dc: _Probability,
    p_dd: _Probability,
    initial: _Probability = 1,
) -> Automaton:
    """A memory-one strategy (Nowak & Sigmund 1990; Press & Dyson 2012 notation).

    Cooperate with probability ``p_xy`` after the outcome ``xy`` of the last round, own
    action first (``p_cd``: after it cooperated and the other defected), and with
    probability ``initial`` in the first round. States ``"start"``, ``"CC"``, ``"CD"``,
    ``"DC"``, ``"DD"`` (the last outcome). Tit-for-tat is ``(1, 0, 1, 0)``, win-stay
    lose-shift ``(1, 0, 0, 1)``. The ``axelrod`` package's ``MemoryOnePlayer(four_vector,
    initial)`` is the same strategy (same order of the four-vector).

    Examples
    --------
    >>> import detente as dt
    >>> extort = dt.strategies.memory_one(8/9, 1/2, 1/3, 0)
    >>> extort.output[1]
    [Fraction(8, 9), Fraction(1, 9)]
    >>> extort.next("start", [0, 1])
    'CD'
    """
    return _core.repeated_memory_one(p_cc, p_cd, p_dc, p_dd, initial)


def to_memory_one(
    automaton: Automaton,
) -> tuple[Fraction, Fraction, Fraction, Fraction, Fraction] | None:
    """The memory-one vector ``(p_cc, p_cd, p_dc, p_dd, initial)`` of ``automaton``, or ``None``.

    An automaton on 2×2 games is memory-one when, in every state it can reach (noise can
    produce any outcome), its next action depends only on the outcome just observed. Grim
    trigger is not: after CC it cooperates or defects depending on the past.

    Examples
    --------
    >>> import detente as dt
    >>> dt.strategies.to_memory_one(dt.strategies.tit_for_tat())
    (Fraction(1, 1), Fraction(0, 1), Fraction(1, 1), Fraction(0, 1), Fraction(1, 1))
    >>> dt.strategies.to_memory_one(dt.strategies.grim_trigger()) is None
    True
    """
    vector = _core.repeated_to_memory_one(automaton)
    if vector is None:
        return None
    p_cc, p_cd, p_dc, p_dd, initial = vector
    return (p_cc, p_cd, p_dc, p_dd, initial)
