"""Render the resolved playbook into pages (path → Markdown) and a navigation tree.

Content is passed to templates as data and never compiled as a template, so ``{{ x }}`` written in a
YAML file appears on the page literally. Every value a template prints goes through ``finalize``
(``templating.py``), which neutralises raw HTML: content may use Markdown, but cannot inject markup
or script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateError

from generator.checks.report import HealthReport
from generator.errors import ContentError, Problem
from generator.model.collections import COLLECTIONS
from generator.model.playbook import Playbook
from generator.model.reference import reference
from generator.model.schema import guide
from generator.model.views import RoleView
from generator.site.templating import environment, shown_template
from generator.site.urls import relative_url

__all__ = ["NavEntry", "Page", "Site", "relative_url", "render_site"]


@dataclass(frozen=True)
class Page:
    """One generated page. ``source`` is the content file it shows, if it shows one."""

    path: str
    title: str
    markdown: str
    source: str | None = None


@dataclass
class NavEntry:
    """A navigation entry: a page, or a section whose first child may be its index page."""

    title: str
    path: str | None = None
    children: list[NavEntry] = field(default_factory=list)

    def paths(self) -> Iterable[str]:
        if self.path:
            yield self.path
        for child in self.children:
            yield from child.paths()


@dataclass
class Site:
    pages: list[Page]
    nav: list[NavEntry]
    withheld: set[str] = field(default_factory=set)  # pages the chosen edition leaves out

    def add(self, page_and_entry: tuple[Page, NavEntry], section: str | None = None) -> None:
        """One more page, with its navigation entry at the end (of ``section``, if it is there)."""
        page, entry = page_and_entry
        self.pages.append(page)
        parent = next((e for e in self.nav if e.title == section), None) if section else None
        (parent.children if parent is not None else self.nav).append(entry)


class Renderer:
    """A Jinja environment over the templates folder, rendering one page at a time."""

    def __init__(self, templates_dir: Path) -> None:
        self.templates_dir = templates_dir
        self.env = environment(str(templates_dir))
        self.problems: list[Problem] = []

    def page(
        self,
        template: str,
        path: str,
        title: str,
        *,
        source: str | None = None,
        tags: Iterable[str] = (),
        meta: dict[str, Any] | None = None,
        **context: Any,
    ) -> Page | None:
        """Render one page; on a template error, record a problem naming the template and the entity."""
        try:
            body = self.env.get_template(template).render(page_path=path, title=title, **context)
        except TemplateError as exc:
            self.problems.append(_template_problem(self.templates_dir, template, exc, source or path))
            return None
        # MkDocs themes print titles and tags as HTML: a '<' in a name must not become markup.
        tag_list = sorted({t.replace("<", "&lt;") for t in tags})
        front_matter: dict[str, Any] = {"title": title.replace("<", "&lt;")}
        if tag_list:
            front_matter["tags"] = tag_list
        front_matter.update(meta or {})  # e.g. search boost, or excluding a page from search
        front = front_matter_text(front_matter)
        return Page(path, title, f"---\n{front}---\n\n{body}", source)


try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]


def front_matter_text(data: dict[str, Any]) -> str:
    """A page's front matter (title, tags, search settings) as YAML."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _template_problem(templates_dir: Path, template: str, exc: TemplateError, subject: str) -> Problem:
    name = getattr(exc, "name", None) or template
    line = getattr(exc, "lineno", None)
    if line is None:
        # Runtime errors carry the template line in the traceback, not on the exception.
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(name):
                line = tb.tb_lineno
            tb = tb.tb_next
    shown = shown_template(templates_dir, name)
    # Jinja names our view classes by their Python path; the entity kind is what a template author knows.
    message = re.sub(r"'generator\.model\.views\.(\w+?)View object'", r"'\1'", str(exc.message or exc))
    return Problem(shown, line or 1, 1, "", f"while rendering {subject}: {message}")


def tag(kind: str, name: str) -> str:
    """A hierarchical tag ("Stage/Discovery") so the tags index groups pages by role, stage and motion."""
    return f"{kind}/{' '.join(name.replace('/', '-').split())}"


# An entity's page is found first by its name; its tags are kept for the tags index, not shown.
TEAM_SECTION = "For the playbook team"
ENTITY_PAGE = {"search": {"boost": 10}, "hide": ["tags"]}
TEAM_PAGE = {"search": {"exclude": True}}


def _tags(view: Any) -> list[str]:
    tags = [tag("Role", view.title)] if isinstance(view, RoleView) else []
    tags += [tag("Stage", s.title) for s in getattr(view, "stages", [])]
    tags += [tag("Role", x.title) for x in (getattr(view, "roles", None) or getattr(view, "attendees", []))]
    return tags


def render_site(
    playbook: Playbook,
    templates_dir: Path,
    health: HealthReport | None = None,
    withheld: set[str] | None = None,
    edition: str = "internal",
    site_name: str | None = None,
) -> Site:
    """Every page of the site and the navigation, from a resolved playbook (and its health report)."""
    r = Renderer(templates_dir)
    pages: list[Page | None] = []
    ctx: dict[str, Any] = {"playbook": playbook, "entity_pages": playbook.entity_pages(), "edition": edition,
                           "site_name": site_name}
    nav: list[NavEntry] = [NavEntry("Home", "index.md")]
    pages.append(r.page("home.md.j2", "index.md", "Home", meta={"hide": ["toc"]}, **ctx))

    if playbook.philosophy is not None:
        p = playbook.philosophy
        pages.append(r.page("philosophy.md.j2", p.page, p.title, source=p.source, philosophy=p, **ctx))
        nav.append(NavEntry("Why we sell", p.page))
    strategy = playbook.strategy
    if strategy is not None:  # a part the playbook does not have yet: no empty page for reps
        page = r.page("strategy.md.j2", strategy.page, strategy.title, source=strategy.source, strategy=strategy, **ctx)
        pages.append(page)
        nav.append(NavEntry(strategy.title, strategy.page))

    # Process: a map and a stage × role matrix per process; then every stage once, in process order.
    section = NavEntry("Process", "process/index.md")
    pages.append(r.page("processes.md.j2", "process/index.md", "Process", **ctx))
    for process in playbook.processes:
        pages.append(
            r.page(
                "process.md.j2",
                process.page,
                process.title,
                source=process.source,
                meta=ENTITY_PAGE,
                process=process,
                **ctx,
            )
        )
        pages.append(
            r.page(
                "matrix.md.j2",
                process.matrix_page,
                f"{process.title}: who does what",
                meta={"hide": ["navigation", "toc"], "search": {"exclude": True}},
                process=process,
                **ctx,
            )
        )
        section.children += [
            NavEntry(process.title, process.page),
            NavEntry(f"{process.title}: who does what", process.matrix_page),
        ]
    nav.append(section)
    section = NavEntry("Stages", "stages/index.md")
    pages.append(r.page("stages.md.j2", "stages/index.md", "Stages", **ctx))
    for stage in playbook.stages:
        tags = [tag("Stage", stage.title), *(tag("Role", role.title) for a in stage.activities for role in a.roles)]
        pages.append(
            r.page(
                "stage.md.j2",
                stage.page,
                stage.title,
                source=stage.source,
                tags=tags,
                meta=ENTITY_PAGE,
                stage=stage,
                **ctx,
            )
        )
        section.children.append(NavEntry(stage.title, stage.page))
    # One page holding every stage card, for printing; kept out of search so it never hides a stage.
    pages.append(r.page("cards.md.j2", "stages/cards.md", "Stage cards",
                        meta={"search": {"exclude": True}, "hide": ["toc"]}, **ctx))
    section.children.append(NavEntry("Print all stage cards", "stages/cards.md"))
    nav.append(section)

    # The reps' sections, in the order the collections are declared (model/collections.py).
    for c in COLLECTIONS.values():
        if c.section is None or not getattr(playbook, c.name):
            continue  # made apart above, or a part the playbook does not have yet: no empty section for reps
        index = f"{c.name}/index.md"
        section = NavEntry(c.section, index)
        pages.append(r.page(c.index, index, c.section, **ctx))
        for item in getattr(playbook, c.name):
            pages.append(
                r.page(
                    c.template,
                    item.page,
                    item.title,
                    source=item.source,
                    tags=_tags(item),
                    meta=ENTITY_PAGE,
                    item=item,
                    **ctx,
                )
            )
            section.children.append(NavEntry(item.title, item.page))
        nav.append(section)

    # For the playbook team, apart from the reps' pages: what is missing, every field, the tags.
    team = NavEntry(TEAM_SECTION, None)
    if health is not None:
        pages.append(r.page("health.md.j2", "team/health.md", "System health", meta=TEAM_PAGE, health=health, **ctx))
        team.children.append(NavEntry("System health", "team/health.md"))
    pages.append(r.page("guide.md.j2", "team/guide.md", "Editor's guide", meta=TEAM_PAGE, guide=guide(), **ctx))
    team.children.append(NavEntry("Editor's guide", "team/guide.md"))
    ref = r.page("content_model.md.j2", "team/content-model.md", "Content model", meta=TEAM_PAGE, reference=reference())
    pages.append(ref)
    team.children.append(NavEntry("Content model", "team/content-model.md"))
    pages.append(r.page("tags.md.j2", "team/tags.md", "Tags", meta=TEAM_PAGE, **ctx))
    team.children.append(NavEntry("Tags", "team/tags.md"))
    nav.append(team)

    if r.problems:
        raise ContentError(r.problems)
    return Site([p for p in pages if p is not None], nav, set(withheld or ()))
