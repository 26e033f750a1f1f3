"""``help()`` answers: every public name of the package has its own docstring at runtime.

Walks the public names (``__all__``) of ``detente`` and of every public submodule
(``solve``, ``dynamics``, ``testing``, ``alliance``, ``repeated``, ``strategies``,
``coalition``), and every public method and property each public
class defines itself (not the ones it inherits from ``list`` or ``Exception``). Dunder methods
other than ``__init__`` and ``__new__`` are exempt. A constructor is documented by its class's
docstring, as in numpydoc (pyo3 puts a ``#[new]``'s documentation there too).

The examples in the Rust extension's docstrings are run here as well: ``pytest
--doctest-modules`` only collects ``.py`` files, so it never sees them. The type stub of the
extension stays signature-only, so that those docstrings are the one source.
"""

from __future__ import annotations

import ast
import doctest
import inspect
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import detente as dt

MODULES = [
    dt,
    dt.solve,
    dt.dynamics,
    dt.testing,
    dt.alliance,
    dt.repeated,
    dt.strategies,
    dt.coalition,
    dt.plot,
]

CONSTRUCTORS = {"__init__", "__new__"}


def _boilerplate(cls: type, name: str) -> set[str]:
    """The docstrings ``cls.name`` would have if inherited from a base class."""
    docs = {object.__doc__ or "", type.__doc__ or ""}
    for base in cls.__mro__[1:]:
        member = base.__dict__.get(name) if name else base
        if member is not None:
            docs.add(getattr(member, "__doc__", None) or "")
    return docs


def _doc(cls: type, name: str) -> str | None:
    """The runtime docstring of member ``name`` defined by ``cls`` itself."""
    member = inspect.getattr_static(cls, name)
    if isinstance(member, (staticmethod, classmethod)):
        member = member.__func__
    return getattr(member, "__doc__", None)


def _members(cls: type) -> Iterator[str]:
    for name in vars(cls):
        if name.startswith("_") and name not in CONSTRUCTORS:
            continue
        yield name


def _walk() -> Iterator[tuple[str, Any, str | None, set[str]]]:
    """(qualified name, object, docstring, boilerplate docstrings) for every public name."""
    seen: set[int] = set()
    for module in MODULES:
        yield module.__name__, module, module.__doc__, {types.ModuleType.__doc__ or ""}
        for name in module.__all__:
            if name.startswith("_"):
                continue
            obj = getattr(module, name)
            qual = f"{module.__name__}.{name}"
            if id(obj) in seen or isinstance(obj, types.ModuleType):
                continue
            seen.add(id(obj))
            if inspect.isclass(obj):
                yield qual, obj, obj.__doc__, _boilerplate(obj, "")
                for member in _members(obj):
                    doc = _doc(obj, member)
                    boiler = _boilerplate(obj, member)
                    if member in CONSTRUCTORS and (doc or "").strip() in {b.strip() for b in boiler}:
                        doc = obj.__doc__  # documented by the class docstring
                    yield f"{qual}.{member}", getattr(obj, member), doc, boiler
            else:
                yield qual, obj, getattr(obj, "__doc__", None), {object.__doc__ or ""}


ITEMS = list(_walk())


def test_the_walk_covers_the_api():
    names = {q for q, *_ in ITEMS}
    assert {"detente.Game.payoff", "detente.Game.__new__", "detente.read_nfg"} <= names
    assert {"detente.solve.lemke_howson_all", "detente.dynamics.replicator"} <= names
    assert {"detente.testing.random_game", "detente.Equilibrium.regret"} <= names
    assert {f"detente.alliance.{name}" for name in dt.alliance.__all__} <= names
    members = ["RestraintGame.__new__", "RestraintGame.deterrence", "RestraintGame.game"]
    members += ["BurdenSharing.params", "BurdenSharing.regime", "CollectiveSecurity.k_threshold"]
    assert "detente.alliance" in names
    assert {f"detente.alliance.{m}" for m in members} <= names


@pytest.mark.parametrize(("name", "obj", "doc", "boiler"), ITEMS, ids=[q for q, *_ in ITEMS])
def test_has_own_docstring(name, obj, doc, boiler):
    assert doc is not None and doc.strip(), f"{name} has no docstring"
    assert doc.strip() not in {b.strip() for b in boiler}, f"{name} only has inherited boilerplate"


def test_game_help_is_the_documentation():
    text = pydoc_text(dt.Game)
    assert "stub file" not in text
    assert "Parameters" in text and "from_bimatrix" in text and "Examples" in text


@pytest.mark.parametrize("name", dt.alliance.__all__)
def test_alliance_help_is_the_documentation(name):
    cls = getattr(dt.alliance, name)
    text = pydoc_text(cls)
    assert "stub file" not in text
    assert "Parameters" in text and "from_params" in text and "regime" in text


@pytest.mark.parametrize("method", ["game", "regime"])
def test_alliance_protocol_docs_say_what_each_class_returns(method):
    # One docstring per class: the shared sentence, then what game() or regime() is here.
    docs = {vars(getattr(dt.alliance, name))[method].__doc__ for name in dt.alliance.__all__}
    assert len(docs) == len(dt.alliance.__all__)


STUB = Path(dt.__file__).with_name("_core.pyi")


def test_the_stub_is_signature_only():
    """The extension's docs live on the Rust items; a docstring in the stub would be a second
    copy (stubtest does not compare them) that drifts."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    documented = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(node) is not None
    ]
    assert documented == []


def pydoc_text(obj: Any) -> str:
    import pydoc

    return pydoc.render_doc(obj, renderer=pydoc.plaintext)


def _compiled(obj: Any) -> bool:
    """Whether ``obj`` comes from the Rust extension (not from a ``.py`` file)."""
    if isinstance(obj, types.ModuleType):
        return False
    if inspect.isclass(obj):
        return obj.__module__ in ("detente", "detente._core")
    return not (inspect.isfunction(obj) or inspect.ismethod(obj) or isinstance(obj, property))


# The extension's docstring examples, each docstring once.
EXAMPLES = list(
    {doc: (q, doc) for q, obj, doc, _ in ITEMS if doc and ">>>" in doc and _compiled(obj)}.values()
)


def test_extension_examples_are_collected():
    assert any(q == "detente.Game.payoff" for q, _ in EXAMPLES)
    assert any(q == "detente.read_nfg" for q, _ in EXAMPLES)


@pytest.mark.parametrize(("name", "doc"), EXAMPLES, ids=[q for q, _ in EXAMPLES])
def test_extension_example_runs(name, doc):
    test = doctest.DocTestParser().get_doctest(doc, {}, name, None, 0)
    out: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
