"""Export the playbook as plain Markdown and a ``mkdocs.yml`` that needs no plugin of ours.

The exported folder is an ordinary MkDocs project: ``docs/`` holds the generated pages (with their
front matter: title, tags, search boost) next to copies of the hand-written pages, and ``mkdocs.yml``
keeps the project's site settings and Markdown extensions, spells the navigation out, and lists only
third-party plugins. Plain MkDocs, or Material's successor Zensical (which reads ``mkdocs.yml``), can
build it; a team can also leave the generator behind and keep the Markdown.

The playbook's stylesheet and script come along (into ``docs/assets/playbook/``). What stays behind,
because it belongs to our plugin: the theme overrides (their security policy is completed by the
plugin when it writes each page), hooks, ``watch`` and the live-preview extras.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.bundled import THEME_DIR
from generator.engines.defaults import ASSETS, PROJECT_THEME, SCRIPT, STYLESHEET, missing_assets
from generator.engines.handwritten import add_to_team_section, internal_hand_written, markdown_pages
from generator.engines.publish import build_atomically, check_site_dir
from generator.pipeline import Project, build_pages
from generator.site.edition import DEFAULT_EDITION, prune_nav, unlink
from generator.site.render import TEAM_SECTION, NavEntry

PLUGIN = "playbook"
# Settings that only make sense with our plugin or in the source tree.
LEFT_BEHIND = ("watch", "hooks", "site_dir", "docs_dir", "nav")


class _Tagged:
    """A YAML value with a tag PyYAML's safe loader does not know (``!ENV``, ``!!python/name:``).

    mkdocs.yml often holds such values (emoji settings, environment variables); they are copied to
    the export exactly as written, never interpreted.
    """

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag, self.node = tag, node


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


def _keep_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged(node.tag, node)


_ConfigLoader.add_multi_constructor("!", _keep_tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tagged)
_ConfigDumper.add_representer(_Tagged, lambda dumper, value: value.node)


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as data, without running anything in it."""
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return data if isinstance(data, dict) else {}


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """Our plugin's options in mkdocs.yml (``{}`` when listed bare), or None when it is not listed."""
    for entry in config.get("plugins") or []:
        if entry == PLUGIN:
            return {}
        if isinstance(entry, dict) and PLUGIN in entry:
            return dict(entry[PLUGIN] or {})
    return None


def nav_config(entries: list[NavEntry]) -> list[Any]:
    """The navigation tree in the shape of mkdocs.yml's ``nav``."""
    nav: list[Any] = []
    for entry in entries:
        if entry.children:
            children: list[Any] = [entry.path] if entry.path else []
            nav.append({entry.title: children + nav_config(entry.children)})
        else:
            nav.append({entry.title: entry.path})
    return nav


def export_project(config_file: Path, target: Path, *, edition: str = DEFAULT_EDITION) -> list[str]:
    """Write the exported project into ``target`` (swapped in whole, like a build); return its pages.

    Raises ContentError for content problems and UnsafeSiteDir for a target that must not be replaced.
    """
    config_file = config_file.resolve()
    root = config_file.parent
    source = read_config(config_file)
    options = plugin_options(source) or {}
    project = Project.at(root, options.get("content_dir", "content"), options.get("templates_dir", "templates"))
    docs_dir = root / str(source.get("docs_dir", "docs"))
    check_site_dir(target, root, [project.content_dir, project.templates_dir, docs_dir])

    # Gather everything before writing anything: pages, hand-written files, the configuration.
    site = build_pages(project, edition)
    generated = {page.path: page.markdown for page in site.pages}
    hand_written = (
        sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file())
        if docs_dir.is_dir()
        else []
    )
    if edition == "public":  # hand-written pages marked internal stay out too
        internal = internal_hand_written(docs_dir)
        hand_written = [path for path in hand_written if path not in internal]
        site.withheld |= internal
    pages = set(markdown_pages(docs_dir))
    clashes = sorted(set(hand_written) & set(generated))
    if clashes:
        from generator.engines.publish import UnsafeSiteDir

        raise UnsafeSiteDir("hand-written pages would be replaced by generated ones: " + ", ".join(clashes))
    nav = nav_config(site.nav)
    if source.get("nav"):
        nav += prune_nav(list(source["nav"]), site.withheld)
    else:
        nav = add_to_team_section(nav, [path for path in hand_written if path in pages], TEAM_SECTION)
    config = exported_config(source, nav)

    def write(staging: Path) -> None:
        docs = staging / "docs"
        for path, markdown in sorted(generated.items()):
            out = docs / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(unlink(markdown, path, site.withheld), encoding="utf-8")
        for path in hand_written:
            out = docs / path
            out.parent.mkdir(parents=True, exist_ok=True)
            if path in pages and site.withheld:
                text = (docs_dir / path).read_text(encoding="utf-8-sig")
                out.write_text(unlink(text, path, site.withheld), encoding="utf-8")
            else:
                shutil.copyfile(docs_dir / path, out)
        for asset in ASSETS:  # the playbook's stylesheet and script, unless the project has its own
            if asset not in hand_written:
                (docs / asset).parent.mkdir(parents=True, exist_ok=True)
                own = root / PROJECT_THEME / asset  # the project's own version, if it has one
                shutil.copyfile(own if own.is_file() else THEME_DIR / asset, docs / asset)
        header = "# Exported by `playbook export`: plain MkDocs configuration, no playbook plugin needed.\n"
        body = yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False, width=1000)
        (staging / "mkdocs.yml").write_text(header + body, encoding="utf-8")

    build_atomically(target, write)
    return sorted(generated) + [p for p in hand_written if p in pages]


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
