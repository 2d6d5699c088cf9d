"""The site as both engines publish it: generated pages, hand-written pages, the edition, the navigation.

The MkDocs plugin and the export are thin users of :func:`assemble`, so every guarantee about the
assembled site holds for both by construction:

- the public edition withholds the pages of internal entities and the hand-written pages whose front
  matter says ``visibility: internal``, and links to any withheld page become their plain text;
- a hand-written page is never silently replaced by a generated one (:class:`PageClash`);
- hand-written pages join the playbook team's section unless mkdocs.yml spells out a navigation,
  which then loses its entries for withheld pages;
- navigation titles, which themes print as HTML, are escaped: a stage named with a tag is text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.engines.handwritten import add_to_team_section, internal_hand_written, markdown_pages
from generator.pipeline import Project, build_pages
from generator.site.edition import prune_nav, unlink
from generator.site.render import TEAM_SECTION, NavEntry, Site


class PageClash(Exception):
    """Hand-written pages that generated pages would replace."""

    def __init__(self, docs: str, paths: list[str]) -> None:
        self.paths = paths
        super().__init__(
            "These hand-written pages would be replaced by generated ones; rename or move them: "
            + ", ".join(f"{docs}/{path}" for path in paths)
        )


@dataclass
class Assembly:
    """What an engine publishes for one edition."""

    site: Site  # the generated pages as rendered, and the engine-neutral navigation
    files: dict[str, str]  # generated page path → Markdown, links to withheld pages made text
    nav: list[Any]  # in the shape of mkdocs.yml's `nav`, titles escaped
    withheld: set[str]  # pages this edition leaves out: of internal entities, internal hand-written pages
    hand_written: list[str]  # the hand-written pages this edition publishes
    left_out: set[str]  # the hand-written pages it does not (internal front matter)

    def unlinked(self, markdown: str, path: str) -> str:
        """A page's Markdown with its links to withheld pages turned into their text."""
        return unlink(markdown, path, self.withheld)


def nav_title(title: str) -> str:
    """A navigation title as themes print it (as HTML): a tag in it stays text."""
    return title.replace("<", "&lt;")


def to_mkdocs_nav(entries: list[NavEntry]) -> list[Any]:
    """Our engine-neutral navigation in the shape of mkdocs.yml's ``nav``, titles escaped."""
    nav: list[Any] = []
    for entry in entries:
        title = nav_title(entry.title)
        if entry.children:
            children: list[Any] = [entry.path] if entry.path else []
            nav.append({title: children + to_mkdocs_nav(entry.children)})
        else:
            nav.append({title: entry.path})
    return nav


def assemble(project: Project, user_nav: list[Any] | None = None) -> Assembly:
    """The project's site in its edition (``project.edition``); ``user_nav`` is mkdocs.yml's ``nav``.

    Raises ContentError for content problems and PageClash for a hand-written page in the way.
    """
    return assemble_site(build_pages(project, project.edition), project.edition, project.docs_dir, user_nav)


def assemble_site(site: Site, edition: str, docs_dir: Path | None, user_nav: list[Any] | None = None) -> Assembly:
    """:func:`assemble` for pages already rendered (the preview's placeholder page, for one)."""
    pages = markdown_pages(docs_dir) if docs_dir is not None else []
    left_out = internal_hand_written(docs_dir) if edition == "public" and docs_dir is not None else set()
    hand_written = [page for page in pages if page not in left_out]
    generated = {page.path for page in site.pages}
    clashes = sorted(set(hand_written) & generated)
    if clashes:
        raise PageClash(docs_dir.name if docs_dir is not None else "docs", clashes)
    withheld = site.withheld | left_out
    nav = to_mkdocs_nav(site.nav)
    if user_nav:
        nav += prune_nav(list(user_nav), withheld)
    else:  # hand-written pages (the reference, notes) join the playbook team's pages
        nav = add_to_team_section(nav, hand_written, TEAM_SECTION)
    files = {page.path: unlink(page.markdown, page.path, withheld) for page in site.pages}
    return Assembly(site, files, nav, withheld, hand_written, left_out)
