"""The relative links of the pages under docs/ point at files and headings that exist.

The pages' examples run as doctests (``pytest --doctest-glob='*.md' docs/``); this checks what
doctests cannot: that ``[...](../README.md#some-heading)`` and ``[...](#heading)`` still lead
somewhere after the README's sections move or are renamed.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, flags=re.M)}


def test_slug_follows_github():
    assert slug("Results: one vocabulary, one face") == "results-one-vocabulary-one-face"
    assert slug("Powerplay (M6)") == "powerplay-m6"


def test_there_are_pages():
    assert {p.name for p in DOCS} >= {"guide.md", "coming_from_other_tools.md"}


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_relative_links_resolve(page):
    checked = 0
    for target in LINK.findall(page.read_text()):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file, _, anchor = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        assert path.exists(), f"{page.name}: link to missing file {target}"
        if anchor:
            assert anchor in anchors(path), f"{page.name}: no heading for #{anchor} in {path.name}"
        checked += 1
    assert checked > 0 or page.name not in {"guide.md"}


def test_readme_links_to_the_docs():
    readme = (ROOT / "README.md").read_text()
    assert "](docs/guide.md)" in readme and "](docs/coming_from_other_tools.md)" in readme
