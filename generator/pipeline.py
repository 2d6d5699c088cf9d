"""The generator as one readable pipeline: load → validate → resolve → render.

Nothing here knows about a site engine: the result is pages (path → Markdown) and a navigation
tree, which an adapter (``engines/plugin.py``) or the exporter (``engines/export.py``) hands on.
Every phase receives what it needs as arguments; none imports this module.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.checks.report import HealthReport
from generator.checks.run import run_checks
from generator.checks.severities import load_severities
from generator.content.load import load_content
from generator.content.siteconfig import ConfigError, config_problem, plugin_options, read_config, yaml_problem
from generator.errors import ContentError, Problem, printable
from generator.history.whats_new import whats_new_page
from generator.model.collections import LAYOUT
from generator.model.resolve import Playbook, resolve
from generator.model.validate import Validated, validate_documents
from generator.site.edition import DEFAULT_EDITION, EDITIONS, edition_of
from generator.site.navigation import group_large_sections, natural_groups
from generator.site.render import TEAM_SECTION, Site, render_site


@dataclass(frozen=True)
class Project:
    """Where a playbook's parts live, and the edition it builds. Paths in messages are shown relative
    to ``root``. Every command and the plugin find the project the same way: :meth:`from_config`
    (mkdocs.yml read once, the plugin's options included), or :meth:`at` with options already read."""

    root: Path
    content_dir: Path
    templates_dir: Path
    docs_dir: Path | None = None  # the hand-written pages (mkdocs.yml's docs_dir)
    edition: str = DEFAULT_EDITION  # the plugin's `edition` option
    config_file: Path | None = None
    site_name: str | None = None  # mkdocs.yml's site_name: the home page's title

    @classmethod
    def at(
        cls,
        root: Path,
        content: str = "content",
        templates: str = "templates",
        *,
        docs: str = "docs",
        edition: str = DEFAULT_EDITION,
        config_file: Path | None = None,
        site_name: str | None = None,
    ) -> Project:
        root = root.resolve()
        return cls(root, root / content, root / templates, root / docs, edition, config_file, site_name)

    @classmethod
    def from_config(cls, config_file: Path) -> Project:
        """The project ``config_file`` (its mkdocs.yml) describes; without that file, the defaults
        next to where it would be. Raises ConfigError (located) for a file that cannot be used."""
        config_file = config_file.resolve()
        root = config_file.parent
        if not config_file.is_file():
            return cls.at(root)
        shown = config_file.name
        try:
            source = read_config(config_file)
        except yaml.YAMLError as exc:
            raise yaml_problem(exc, shown) from None
        except (OSError, ValueError) as exc:
            raise ConfigError([Problem(shown, 1, 1, "", f"cannot be read: {exc}")]) from None
        options = plugin_options(source) or {}
        folders = {"content_dir": "content", "templates_dir": "templates"}
        for name, default in folders.items():
            value = options.get(name, default)
            if not isinstance(value, str) or not value.strip():
                raise config_problem(config_file, shown, f"{name}: must be a folder name", name)
            folders[name] = value
        edition = options.get("edition", DEFAULT_EDITION)
        if edition not in EDITIONS:
            message = f"edition: must be one of {', '.join(EDITIONS)}, not '{printable(str(edition))}'"
            raise config_problem(config_file, shown, message, "edition")
        docs = source.get("docs_dir", "docs")
        docs = docs if isinstance(docs, str) and docs.strip() else "docs"  # MkDocs reports a wrong one
        name = source.get("site_name")
        return cls.at(
            root,
            folders["content_dir"],
            folders["templates_dir"],
            docs=docs,
            edition=edition,
            config_file=config_file,
            site_name=name if isinstance(name, str) and name.strip() else None,
        )

    def shown(self, path: Path) -> str:
        """``path`` as messages show it: relative to the project root when it is inside."""
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()


def load_playbook(project: Project) -> tuple[Playbook, Validated]:
    """Read, validate and connect the content; raise ContentError listing every problem."""
    # Load: every file parsed, with source positions; unreadable files are reported, not fatal yet.
    documents, problems = load_content(project.content_dir, project.root, LAYOUT)
    # Validate: typed entities, references between them, and the rules that span files.
    validated, more = validate_documents(documents)
    if problems + more:
        raise ContentError(problems + more)
    # Resolve: ids become objects and back-links are derived, before anything is rendered.
    return resolve(validated), validated


def check_project(
    project: Project, playbook: Playbook, validated: Validated, today: datetime.date | None = None
) -> HealthReport:
    """The health report (``playbook check``) of content that validated."""
    severities = load_severities(project.root)
    content = project.shown(project.content_dir)
    return run_checks(validated, playbook, severities=severities, today=today, content=content)


def build_pages(project: Project, edition: str = DEFAULT_EDITION) -> Site:
    """The whole site as Markdown pages plus navigation; raise ContentError on any problem."""
    # Load, validate, resolve: everything gathered and checked before anything is rendered.
    playbook, validated = load_playbook(project)
    # Health: the System health page, for the playbook team (not in the public edition).
    health = check_project(project, playbook, validated) if edition != "public" else None
    # Edition: the public one is cut from the validated content, then resolved again.
    shown, withheld = edition_of(playbook, validated, edition)
    # Render: one template per page kind; template errors name the template and the entity.
    site = render_site(shown, project.templates_dir, health, withheld, edition, project.site_name)
    # What's new: recent changes to the content from git, judged by what this edition shows now.
    site.add(whats_new_page(project.content_dir, edition, shown, validated), section=TEAM_SECTION)
    # Navigation: long sections are grouped, so the nav rendered into every page stays small.
    entity_pages = {page.path for page in site.pages if page.source}
    site.nav = group_large_sections(site.nav, entity_pages, groups=natural_groups(shown))
    return site
