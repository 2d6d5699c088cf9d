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
from generator.model.resolve import Playbook
from generator.model.schema import guide
from generator.site.templating import environment, relative_url

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

    def add(self, page_and_entry: tuple[Page, NavEntry]) -> None:
        """One more page, with its navigation entry at the end."""
        page, entry = page_and_entry
        self.pages.append(page)
        self.nav.append(entry)


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


def front_matter_text(data: dict[str, Any]) -> str:
    """A page's front matter (title, tags, search settings) as YAML."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


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
    shown = (Path(templates_dir.name) / name).as_posix()
    # Jinja names our view classes by their Python path; the entity kind is what a template author knows.
    message = re.sub(r"'generator\.model\.resolve\.(\w+?)View object'", r"'\1'", str(exc.message or exc))
    return Problem(shown, line or 1, 1, "", f"while rendering {subject}: {message}")


def tag(kind: str, name: str) -> str:
    """A hierarchical tag ("Stage/Discovery") so the tags index groups pages by role, stage and motion."""
    return f"{kind}/{' '.join(name.replace('/', '-').split())}"


# Front matter that ranks the page where a rep looks for it: a stage, method, metric or coaching
# script is found by its name, not by the many pages that merely link to it.
FOUND_BY_NAME = {"search": {"boost": 4}}


def render_site(
    playbook: Playbook, templates_dir: Path, health: HealthReport | None = None, withheld: set[str] | None = None
) -> Site:
    """Every page of the site and the navigation, from a resolved playbook (and its health report)."""
    r = Renderer(templates_dir)
    pages: list[Page | None] = []
    ctx: dict[str, Any] = {"playbook": playbook, "entity_pages": playbook.entity_pages()}
    nav: list[NavEntry] = [NavEntry("Home", "index.md")]
    pages.append(r.page("home.md.j2", "index.md", "Home", **ctx))

    if playbook.philosophy is not None:
        p = playbook.philosophy
        pages.append(r.page("philosophy.md.j2", p.page, p.title, source=p.source, philosophy=p, **ctx))
        nav.append(NavEntry(p.title, p.page))

    strategy = playbook.strategy
    section = NavEntry("Strategy & ICP" if strategy is None else strategy.title, "strategy/index.md")
    pages.append(
        r.page(
            "strategy.md.j2",
            "strategy/index.md",
            section.title,
            source=strategy.source if strategy else None,
            strategy=strategy,
            **ctx,
        )
    )
    for persona in playbook.personas:
        pages.append(
            r.page(
                "persona.md.j2",
                persona.page,
                persona.title,
                source=persona.source,
                tags=[tag("Stage", s.title) for s in persona.stages],
                persona=persona,
                **ctx,
            )
        )
        section.children.append(NavEntry(persona.title, persona.page))
    nav.append(section)

    section = NavEntry("Roles", "roles/index.md")
    pages.append(r.page("roles.md.j2", "roles/index.md", "Roles", **ctx))
    for role in playbook.roles:
        tags = [tag("Role", role.title), tag("Motion", role.entity.motion)]
        pages.append(r.page("role.md.j2", role.page, role.title, source=role.source, tags=tags, role=role, **ctx))
        section.children.append(NavEntry(role.title, role.page))
    nav.append(section)

    section = NavEntry("Process", "process/index.md")
    pages.append(r.page("process.md.j2", "process/index.md", "Process", **ctx))
    pages.append(
        r.page("matrix.md.j2", "process/matrix.md", "Stage × role matrix", meta={"hide": ["navigation", "toc"]}, **ctx)
    )
    section.children.append(NavEntry("Stage × role matrix", "process/matrix.md"))
    for stage in playbook.stages:
        tags = [tag("Stage", stage.title), *(tag("Role", a.role.title) for a in stage.activities)]
        pages.append(
            r.page(
                "stage.md.j2",
                stage.page,
                stage.title,
                source=stage.source,
                tags=tags,
                meta=FOUND_BY_NAME,
                stage=stage,
                **ctx,
            )
        )
        section.children.append(NavEntry(f"{stage.entity.order}. {stage.title}", stage.page))
    # One page holding every stage card, for printing; kept out of search so it never hides a stage.
    pages.append(r.page("cards.md.j2", "process/cards.md", "Stage cards", meta={"search": {"exclude": True}}, **ctx))
    section.children.append(NavEntry("Print all stage cards", "process/cards.md"))
    nav.append(section)

    for kind, title, items, template in (
        ("methods", "Methods", playbook.methods, "method.md.j2"),
        ("metrics", "Metrics", playbook.metrics, "metric.md.j2"),
        ("coaching", "Coaching", playbook.coaching, "coaching_script.md.j2"),
    ):
        section = NavEntry(title, f"{kind}/index.md")
        pages.append(r.page(f"{kind}.md.j2", section.path or "", title, **ctx))
        for item in items:
            roles = getattr(item, "roles", [])
            tags = [
                *(tag("Stage", s.title) for s in getattr(item, "stages", [])),
                *(tag("Role", x.title) for x in roles),
                *(tag("Motion", x.entity.motion) for x in roles),
            ]
            pages.append(
                r.page(
                    template, item.page, item.title, source=item.source, tags=tags, meta=FOUND_BY_NAME, item=item, **ctx
                )
            )
            section.children.append(NavEntry(item.title, item.page))
        nav.append(section)

    pages.append(r.page("tags.md.j2", "tags.md", "Tags", **ctx))
    nav.append(NavEntry("Tags", "tags.md"))

    # For editors: what the system still misses (checks.py) and every field explained (schema.py).
    if health is not None:
        pages.append(r.page("health.md.j2", "health.md", "System health", health=health, **ctx))
        nav.append(NavEntry("System health", "health.md"))
    pages.append(r.page("guide.md.j2", "guide.md", "Editor's guide", guide=guide(), **ctx))
    nav.append(NavEntry("Editor's guide", "guide.md"))

    if r.problems:
        raise ContentError(r.problems)
    return Site([p for p in pages if p is not None], nav, set(withheld or ()))
