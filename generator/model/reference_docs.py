"""The generated part of ``docs/content-model.md``: the content-model reference, between markers.

``playbook schema`` rewrites it with the schemas, and ``playbook schema --check`` fails when it is
stale, so the manual's field tables cannot drift from the model. Only the part between the markers
is generated; the prose around it is written by hand.
"""

from __future__ import annotations

from pathlib import Path

from generator.model.reference import reference_markdown

DOCS_FILE = "docs/content-model.md"
START = "<!-- generated: fields -->"
END = "<!-- end generated -->"


def has_markers(text: str) -> bool:
    start = text.find(START)
    return start >= 0 and text.find(END, start) > start


def with_reference(text: str) -> str:
    """``text`` with the part between the markers replaced by the current reference."""
    start, end = text.find(START), text.find(END, text.find(START))
    return f"{text[: start + len(START)]}\n\n{reference_markdown()}\n{text[end:]}"


def docs_stale(root: Path) -> bool:
    """Whether the project's docs/content-model.md has a generated part that is out of date. A
    project without that file, or whose file has no markers (a team's own docs), has nothing to
    generate there."""
    path = root / DOCS_FILE
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    return has_markers(text) and with_reference(text) != text


def write_docs(root: Path) -> bool:
    """Rewrite the generated part if it is stale; return whether the file changed."""
    if not docs_stale(root):
        return False
    path = root / DOCS_FILE
    path.write_text(with_reference(path.read_text(encoding="utf-8")), encoding="utf-8")
    return True
