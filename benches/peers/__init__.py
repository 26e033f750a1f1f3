"""detente against its Python peers: the modules of ``benches/compare_peers.py``.

The entry point, ``benches/compare_peers.py``, parses the command line and runs the sections
in a fixed order (``ORDER``: a section's random stream is seeded by its position). Shared
machinery:

* ``core``: settings, ``measure`` (interleaved timing rounds), cells and rows and their
  formatting, ``Section`` (a section's function and the targets of its rows);
* ``memory``: ``peak_mib``, the one way every section measures the peak memory of a call (a
  fresh child process, VmHWM reset before the call), and the setup code of those children;
* ``games``: random bimatrix games and comparisons of mixed profiles;
* ``child``: peers that may hang (nashpy, pygambit) run in child processes with a timeout;
* ``report``: the markdown report and the targets table.

One module per family of sections, each declaring its columns (``COLUMNS``) and its sections
with their targets (``SECTIONS``) in one place:

* ``normal_form``: construction, pure, zero_sum, dynamics, correlated;
* ``equilibria``: lemke_howson, enumerate_all, exact_integer;
* ``repeated``: payoff_set, tournament (``benches/compare_axelrod.py``);
* ``coalitions``: voting, tu;
* ``workflow``: sweep.

A new section: a ``bench_*`` function in its family's module (or a new family module), its
targets beside it, an entry in that module's ``SECTIONS`` and its name appended to ``ORDER``.
"""
