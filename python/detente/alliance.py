"""Alliance models from international relations: one line from the literature to a game.

Each class turns a few named parameters (defaults: the headline examples of the
specification) into a :class:`~detente.Game` that any detente solver takes (``.game()``),
and exposes the model's closed forms as methods. Every parameter is validated at
construction; an out-of-range value raises ``ValueError`` naming the parameter and its range.
``repr(model)`` lists every assumption; ``model.describe()`` adds the seed situation, the
citations and where the model departs from them.

RestraintGame
    M2. Abandonment vs entrapment (Snyder 1984): what is bilateral control of a client worth
    to its patron (Cha 2016), compared with a multilateral rule, strategic ambiguity, or no
    guarantee?
BurdenSharing
    M3. Who pays for a public-good alliance, and how much is provided (Olson & Zeckhauser
    1966; Bergstrom, Blume & Varian 1986)?
CollectiveSecurity
    M4. Which coalitions of the willing are stable, and will collective security happen
    without coordination (Diekmann 1985; Riker 1962)?
ProtectionForPatronage
    M1. What does a weak client concede for a strong patron's protection, and at what
    discount factor is the exchange self-enforcing (Morrow 1991; Lake 2009)?
InstitutionalPower
    M5. Who holds power under a voting rule (UN Security Council, EU Council, an IMF-style
    board), what is a veto worth, and what do small states gain by voting as a bloc
    (Shapley & Shubik 1954; Banzhaf 1965; Keohane 1969)?
Reciprocity
    M7. Specific vs diffuse reciprocity: can n states sustain cooperation bilaterally, or
    only with an institution that spreads information (Keohane 1986; Kandori 1992)?

The model protocol
------------------
Every class answers the same calls, so tools (parameter sweeps, tables) can drive any model:

==========================  ==================================================================
``m.params()``              dict name -> value, in order (per-state values one per state)
``m.param_info()``          dict name -> ``{"value", "range", "meaning"}``
``Model.from_params(d)``    the model from such a dict; missing names take their defaults
                            (which follow the number of states given); an unknown name, an
                            out-of-range value or a value of the wrong kind raises
                            ``ValueError`` naming it; an object that is no number, string or
                            collection of them ``TypeError``. Numbers may be int, float,
                            ``fractions.Fraction``, ``decimal.Decimal`` or decimal strings;
                            the exact closed forms keep 1/3 or "0.1" exact.
``m.game()``                the normal-form :class:`~detente.Game`
``m.regime()``              the named qualitative outcome at these parameters (``None`` where a
                            model has no label)
``m.describe()``            seed situation, assumptions, sources and deviations
``m.cite()``                BibTeX
``m.to_json()``             the parameters as JSON; ``Model.from_json`` reads them back
``==``, ``pickle``          equality of parameters; pickling goes through JSON
``repr(m)``, HTML           every parameter; in Jupyter a table of values, ranges and meanings
                            plus the regime
==========================  ==================================================================

Examples
--------
>>> import detente as dt
>>> m = dt.alliance.RestraintGame()
>>> m.regime()
'dilemma'
>>> c = m.mixed_closed_form()
>>> c["firm"], c["provoke"]
(0.6666666666666666, 0.5)
>>> m.mixed_closed_form(exact=True)["firm"]     # a fraction to quote in a paper
Fraction(2, 3)
>>> m.mixed_equilibrium().regret <= 1e-12
True
>>> [m.outcome(i)["patron_payoff"] for i in ("bilateral_control", "multilateral_rule")]
[1.0, -2.0]
>>> dt.solve.pure(m.sequential_game())[0].describe_strategies()
['Restrain', 'Loose/Firm']

>>> b = dt.alliance.BurdenSharing(income=[100, 60, 10], security_weight=0.5, spillover=1.0)
>>> eq = b.equilibrium()
>>> eq["contributors"], eq["free_riders"], round(eq["total"], 6)
([0, 1], [2], 53.333333)
>>> [str(x) for x in b.equilibrium(exact=True)["spending"]]
['140/3', '20/3', '0']

>>> b.params()["security_weight"]
[0.5, 0.5, 0.5]
>>> b2 = dt.alliance.BurdenSharing.from_params({"income": ["100", "60", "10"], "spillover": 1})
>>> b2 == b, b2.regime()
(True, 'minilateral')
>>> b.param_info()["spillover"]["range"]
'a number in [0, 1]'
>>> b2
BurdenSharing(income=[100, 60, 10], security_weight=[0.5, 0.5, 0.5], spillover=1, names=['State 1', 'State 2', 'State 3'])

>>> cs = dt.alliance.CollectiveSecurity()
>>> cs.stable_coalitions()
[[], [0, 1], [0, 2], [0, 3], [1, 2, 3]]
>>> round(dt.alliance.CollectiveSecurity.volunteers_dilemma(3, 2.0, 1.0).volunteer_closed_form(), 6)
0.292893

>>> pp = dt.alliance.ProtectionForPatronage()       # m_P = 9, m_C = 1, T = 4, theta = 0.3, ...
>>> pp.price(exact=True), pp.thresholds(exact=True)["critical"]
(Fraction(3, 28), Fraction(25, 36))
>>> [e.describe_strategies() for e in dt.solve.pure(pp.game())]
[['Abandon', 'Hedge']]
>>> pp.regime()
'exchange_sustainable'

>>> unsc = dt.alliance.InstitutionalPower.un_security_council()
>>> unsc.shapley_shubik(exact=True)["China"], unsc.min_blocking_size(within=unsc.labels[5:])
(Fraction(421, 2145), 7)

>>> r = dt.alliance.Reciprocity(n_states=10, publicity=1)
>>> r.critical_discount("specific", exact=True), r.critical_discount("diffuse", exact=True)
(Fraction(9, 10), Fraction(1, 2))
>>> r.regime()                                      # delta = 3/4: only community enforcement
'multilateral'
"""

from detente._core import (
    BurdenSharing,
    CollectiveSecurity,
    InstitutionalPower,
    ProtectionForPatronage,
    Reciprocity,
    RestraintGame,
)

__all__ = [
    "BurdenSharing",
    "CollectiveSecurity",
    "InstitutionalPower",
    "ProtectionForPatronage",
    "Reciprocity",
    "RestraintGame",
]

# M6, powerplay: hub-and-spokes vs a multilateral web, with rival spokes (Cha 2016).
from detente._core import Powerplay  # noqa: E402

__all__ += ["Powerplay"]
