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

>>> cs = dt.alliance.CollectiveSecurity()
>>> cs.stable_coalitions()
[[], [0, 1], [0, 2], [0, 3], [1, 2, 3]]
>>> round(dt.alliance.CollectiveSecurity.volunteers_dilemma(3, 2.0, 1.0).volunteer_closed_form(), 6)
0.292893
"""

from detente._core import BurdenSharing, CollectiveSecurity, RestraintGame

__all__ = ["BurdenSharing", "CollectiveSecurity", "RestraintGame"]
