"""The sites the class tests read: the sample, each example with a content folder and the
field-coverage playbook, each built once per test run (in-process, the internal edition), and the
text a reader sees on their pages.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .field_playbook import built_site

REPO = Path(__file__).resolve().parent.parent
FIELD_PLAYBOOK = "field-coverage"


def projects() -> list[str]:
    """The names of the sites: ``sample``, ``examples/<name>`` with a content folder, the field playbook."""
    examples = sorted(
        p.parent.name for p in (REPO / "examples").glob("*/content") if (p.parent / "mkdocs.yml").exists()
    )
    return ["sample", *(f"examples/{name}" for name in examples), FIELD_PLAYBOOK]


def project_root(name: str) -> Path:
    """Where a site's project is (mkdocs.yml and content/)."""
    if name == FIELD_PLAYBOOK:
        return built_site()[0]
    return REPO if name == "sample" else REPO / name


@functools.cache
def site_of(name: str) -> Path:
    """The built site of a project: MkDocs' own build, in this process, into a folder of its own."""
    if name == FIELD_PLAYBOOK:
        return built_site()[1]
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site = Path(tempfile.mkdtemp(prefix=f"class-{name.replace('/', '-')}-"))
    config = load_config(str(project_root(name) / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site


class _Visible(HTMLParser):
    """What a reader sees: the text outside scripts, styles and code, and the tooltips and labels
    (``title``, ``aria-label``) a pointer or a screen reader gives."""

    SKIPPED = ("script", "style", "code", "pre", "svg")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skip.append(tag)
        if not self._skip:
            self.parts += [f" {value} " for key, value in attrs if key in ("title", "aria-label", "alt") and value]

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees on a page, whitespace made single spaces (the pieces are joined as
    the page joins them: "handler." stays one word after a link)."""
    parser = _Visible()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


@dataclass(frozen=True)
class Page:
    url: str  # from the site's root: "stages/discovery/"
    text: str  # what a reader sees


@functools.cache
def pages_of(name: str) -> tuple[Page, ...]:
    """Every HTML page of a built site (the theme's 404 page too) with its visible text."""
    site = site_of(name)
    out = []
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix().removesuffix("index.html")
        out.append(Page(url, visible_text(path.read_text(encoding="utf-8"))))
    return tuple(out)


@functools.cache
def search_entries(name: str) -> tuple[Page, ...]:
    """The search index: each entry's location and the title and text search shows for it."""
    index = json.loads((site_of(name) / "search" / "search_index.json").read_text(encoding="utf-8"))
    return tuple(Page(d["location"], visible_text(f"{d['title']} {d['text']}")) for d in index["docs"])
