"""``mkdocs.yml`` read as data, without running anything in it, and our plugin's options found in it.

mkdocs.yml often holds values with tags PyYAML's safe loader does not know (``!ENV``,
``!!python/name:`` for emoji settings): they are kept exactly as written, never interpreted, so
that the export can copy them and nothing in the file is ever executed by reading it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, Problem

PLUGIN = "playbook"  # our plugin's name in mkdocs.yml's `plugins`


class Tagged:
    """A YAML value with a tag the safe loader does not know, kept as its node."""

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag, self.node = tag, node


class ConfigLoader(yaml.SafeLoader):
    pass


class ConfigDumper(yaml.SafeDumper):
    pass


def _keep_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    return Tagged(node.tag, node)


ConfigLoader.add_multi_constructor("!", _keep_tagged)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tagged)
ConfigDumper.add_representer(Tagged, lambda dumper, value: value.node)


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as data, without running anything in it (raises OSError, yaml.YAMLError)."""
    data = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=ConfigLoader)  # noqa: S506 - safe loader
    return data if isinstance(data, dict) else {}


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """Our plugin's options in mkdocs.yml (``{}`` when listed bare), or None when it is not listed."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):  # mkdocs.yml may also write plugins as a mapping
        return dict(plugins[PLUGIN] or {}) if PLUGIN in plugins else None
    for entry in plugins if isinstance(plugins, list) else []:
        if entry == PLUGIN:
            return {}
        if isinstance(entry, dict) and PLUGIN in entry:
            options = entry[PLUGIN]
            return dict(options) if isinstance(options, dict) else {}
    return None


class ConfigError(ContentError):
    """mkdocs.yml cannot be read, or gives our plugin options it cannot take."""

    def report(self) -> str:
        count = len(self.problems)
        return f"{self}\n{count} {'problem' if count == 1 else 'problems'} found in the project's configuration."


def config_problem(config_file: Path, shown: str, message: str, option: str | None = None) -> ConfigError:
    """A problem with mkdocs.yml, at the line of our plugin's ``option`` (or its entry) when it is found."""
    line, column = 1, 1
    try:
        tree = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=ConfigLoader)
    except (OSError, ValueError, yaml.YAMLError):
        tree = None
    plugins = _value_of(tree, "plugins")
    entry = _entry(plugins)
    mark = entry.start_mark if entry is not None else None
    if entry is not None and option is not None:
        found = _key_of(_value_of(entry, PLUGIN) if isinstance(entry, yaml.MappingNode) else None, option)
        mark = found.start_mark if found is not None else mark
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    return ConfigError([Problem(shown, line, column, "", message)])


def yaml_problem(exc: yaml.YAMLError, shown: str) -> ConfigError:
    """A YAML syntax error in mkdocs.yml, where the parser found it."""
    mark = getattr(exc, "problem_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    what = getattr(exc, "problem", None) or str(exc)
    return ConfigError([Problem(shown, line, column, "", f"YAML syntax error: {what}")])


def _key_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for name, _ in node.value:
            if isinstance(name, yaml.ScalarNode) and name.value == key:
                return name
    return None


def _value_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if isinstance(name, yaml.ScalarNode) and name.value == key:
                return value
    return None


def _entry(plugins: yaml.Node | None) -> yaml.Node | None:
    """Our plugin's entry in ``plugins`` (a list item, or the key of a mapping)."""
    if isinstance(plugins, yaml.MappingNode):
        return _key_of(plugins, PLUGIN) and plugins  # the options are the mapping's value
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if (isinstance(item, yaml.ScalarNode) and item.value == PLUGIN) or _key_of(item, PLUGIN) is not None:
                return item
    return None
