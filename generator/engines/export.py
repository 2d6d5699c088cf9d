"""Export the playbook as plain Markdown and a ``mkdocs.yml`` that needs no plugin of ours.

The exported folder is an ordinary MkDocs project: ``docs/`` holds the generated pages (with their
front matter: title, tags, search boost) next to copies of the hand-written pages, and ``mkdocs.yml``
keeps the project's site settings and Markdown extensions, spells the navigation out, and lists only
third-party plugins. Plain MkDocs, or Material's successor Zensical (which reads ``mkdocs.yml``), can
build it; a team can also leave the generator behind and keep the Markdown.

What is published is what the plugin publishes: the pages, the edition's withheld set and the
(escaped) navigation come from the one assembly both use (``assemble.py``); this module only writes
them to disk with the configuration.

The playbook's stylesheet and script come along (into ``docs/assets/playbook/``). What stays behind,
because it belongs to our plugin: the theme overrides (their security policy is completed by the
plugin when it writes each page), hooks, ``watch`` and the live-preview extras.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.bundled import THEME_DIR
from generator.content.siteconfig import PLUGIN, ConfigDumper, read_config
from generator.engines.assemble import assemble
from generator.engines.defaults import ASSETS, PROJECT_THEME, SCRIPT, STYLESHEET, missing_assets
from generator.engines.publish import build_atomically, check_site_dir
from generator.pipeline import Project

__all__ = ["export_project", "exported_config", "read_config"]
# Settings that only make sense with our plugin or in the source tree.
LEFT_BEHIND = ("watch", "hooks", "site_dir", "docs_dir", "nav")
_ConfigDumper = ConfigDumper  # the name the tests know


def export_project(config_file: Path, target: Path, *, edition: str | None = None) -> list[str]:
    """Write the exported project into ``target`` (swapped in whole, like a build); return its pages.

    ``edition`` overrides the plugin's ``edition`` option. Raises ContentError (ConfigError for
    mkdocs.yml) for problems to fix, PageClash for a hand-written page in the way, and UnsafeSiteDir
    for a target that must not be replaced.
    """
    project = Project.from_config(config_file)
    if edition is not None:
        project = dataclasses.replace(project, edition=edition)
    root = project.root
    docs_dir = project.docs_dir or root / "docs"
    check_site_dir(target, root, [project.content_dir, project.templates_dir, docs_dir])

    # Gather everything before writing anything: pages, hand-written files, the configuration.
    source = read_config(project.config_file or config_file.resolve())
    assembly = assemble(project, list(source.get("nav") or []))
    every_file = (
        sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file())
        if docs_dir.is_dir()
        else []
    )
    copied = [path for path in every_file if path not in assembly.left_out]
    pages = set(assembly.hand_written)
    config = exported_config(source, assembly.nav)

    def write(staging: Path) -> None:
        docs = staging / "docs"
        for path, markdown in sorted(assembly.files.items()):
            out = docs / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(markdown, encoding="utf-8")
        for path in copied:
            out = docs / path
            out.parent.mkdir(parents=True, exist_ok=True)
            if path in pages and assembly.withheld:
                text = (docs_dir / path).read_text(encoding="utf-8-sig")
                out.write_text(assembly.unlinked(text, path), encoding="utf-8")
            else:
                shutil.copyfile(docs_dir / path, out)
        for asset in ASSETS:  # the playbook's stylesheet and script, unless the project has its own
            if asset not in copied:
                (docs / asset).parent.mkdir(parents=True, exist_ok=True)
                own = root / PROJECT_THEME / asset  # the project's own version, if it has one
                shutil.copyfile(own if own.is_file() else THEME_DIR / asset, docs / asset)
        header = "# Exported by `playbook export`: plain MkDocs configuration, no playbook plugin needed.\n"
        body = yaml.dump(config, Dumper=ConfigDumper, allow_unicode=True, sort_keys=False, width=1000)
        (staging / "mkdocs.yml").write_text(header + body, encoding="utf-8")

    build_atomically(target, write)
    return sorted(assembly.files) + assembly.hand_written


def exported_config(source: dict[str, Any], nav: list[Any]) -> dict[str, Any]:
    """The project's mkdocs.yml without our plugin and with the navigation spelled out."""
    config = {key: value for key, value in source.items() if key not in LEFT_BEHIND and key != "plugins"}
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    theme = config.get("theme")
    if isinstance(theme, dict) and "custom_dir" in theme:
        config["theme"] = {k: v for k, v in theme.items() if k != "custom_dir"}
    css, script = missing_assets(list(config.get("extra_css") or []), list(config.get("extra_javascript") or []))
    if css:
        config["extra_css"] = [*(config.get("extra_css") or []), STYLESHEET]
    if script:
        config["extra_javascript"] = [*(config.get("extra_javascript") or []), {"path": SCRIPT, "defer": True}]
    plugins = [p for p in source.get("plugins") or [] if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)]
    if plugins or "plugins" in source:
        config["plugins"] = plugins
    config["nav"] = nav
    return config
