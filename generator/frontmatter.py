"""Front matter for generated pages, written without a YAML emitter for the common case.

Every generated page starts with a small mapping (title, tags, search boost). Running PyYAML's
emitter on it cost a fifth of the whole render phase on a large playbook, so the usual shapes —
text, numbers and lists of text, nested one level — are written directly. The output is exactly
what ``yaml.dump`` would write (a test holds the two side by side); anything unusual is handed to
``yaml.dump`` itself.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as SafeDumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper  # type: ignore[assignment]

# Characters that can never change the meaning of a plain (unquoted) YAML scalar in block context.
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.&'()/×_-]*")
_STR_TAG = "tag:yaml.org,2002:str"
_resolver = yaml.resolver.Resolver()


class _Unusual(Exception):
    pass


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, (str, int)):
        raise _Unusual
    if isinstance(value, int):
        return str(value)
    plain = (
        _PLAIN.fullmatch(value)
        and not value.endswith(" ")
        and "  " not in value
        and _resolver.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG
    )
    if not plain:
        raise _Unusual
    return value


def _lines(data: dict[str, Any], indent: str) -> list[str]:
    lines = []
    for key, value in data.items():
        if not _PLAIN.fullmatch(key):
            raise _Unusual
        if isinstance(value, dict) and value:
            lines.append(f"{indent}{key}:")
            lines += _lines(value, indent + "  ")
        elif isinstance(value, list) and value:
            lines.append(f"{indent}{key}:")
            lines += [f"{indent}- {_scalar(item)}" for item in value]
        else:
            lines.append(f"{indent}{key}: {_scalar(value)}")
    return lines


def dump_front_matter(data: dict[str, Any]) -> str:
    """``data`` as a YAML block mapping, identical to ``yaml.dump(..., sort_keys=False)``."""
    try:
        if not data:
            raise _Unusual
        return "\n".join(_lines(data, "")) + "\n"
    except _Unusual:
        return yaml.dump(data, Dumper=SafeDumper, allow_unicode=True, sort_keys=False, width=1000)
