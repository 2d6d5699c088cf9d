"""The generator as one readable pipeline: load → validate → resolve → render.

Nothing here knows about MkDocs: the result is pages (path → Markdown) and a navigation tree, which
an adapter (``plugin.py``) or the exporter hands to a site engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .collector import collector_paused
from .edition import DEFAULT_EDITION, is_internal, public_edition, withheld_pages
from .errors import ContentError
from .health import check_project
from .load import load_content
from .navigation import group_large_sections
from .precompile import templates_compiled_aside
from .render import Site, render_site
from .resolve import Playbook, resolve
from .validate import Validated, validate_documents
from .whats_new import whats_new_page


@dataclass(frozen=True)
class Project:
    """Where a playbook's parts live. Paths in messages are shown relative to ``root``."""

    root: Path
    content_dir: Path
    templates_dir: Path

    @classmethod
    def at(cls, root: Path, content: str = "content", templates: str = "templates") -> Project:
        root = root.resolve()
        return cls(root, root / content, root / templates)


def load_playbook(project: Project) -> tuple[Playbook, Validated]:
    """Read, validate and connect the content; raise ContentError listing every problem."""
    with collector_paused():  # `playbook validate` and `check` come here directly
        # Load: every file parsed, with source positions; unreadable files are reported, not fatal yet.
        documents, problems = load_content(project.content_dir, project.root)
        # Validate: typed entities, references, stage order, metric cycles.
        validated, more = validate_documents(documents)
        problems += more
        if problems:
            raise ContentError(problems)
        # Resolve: ids become objects and back-links are derived, before anything is rendered.
        return resolve(validated), validated


def build_pages(project: Project, edition: str = DEFAULT_EDITION) -> Site:
    """The whole site as Markdown pages plus navigation; raise ContentError on any problem.

    A cold build of a large playbook compiles the templates in a helper process meanwhile
    (``precompile.py``).
    """
    with collector_paused(), templates_compiled_aside(project.templates_dir, project.content_dir):
        return _build_pages(project, edition)


def _build_pages(project: Project, edition: str) -> Site:
    playbook, validated = load_playbook(project)
    # Health: the checks of `playbook check`, for the System health page (not in the public edition).
    health = check_project(project, validated) if edition != "public" else None
    # Edition: the public one is made from the validated content, before anything is derived from it.
    withheld: set[str] = set()
    if edition == "public":
        withheld = withheld_pages(playbook)
        playbook = resolve(public_edition(validated))
    # Render: one template per page kind; template errors name the template and the entity.
    site = render_site(playbook, project.templates_dir, health)
    site.withheld = withheld
    # What's new: recent changes to the content from git history (a short note when there is none).
    hidden = {(c, i) for c, by_id in validated.entities.items() for i, e in by_id.items() if is_internal(e)}
    page, entry = whats_new_page(project.content_dir, edition, playbook, hidden if edition == "public" else set())
    site.pages.append(page)
    site.nav.append(entry)
    # Navigation: long sections are grouped, so the nav rendered into every page stays small.
    site.nav = group_large_sections(site.nav, {page.path for page in site.pages if page.source})
    return site
