"""Hand-written pages (the docs folder beside the generated ones), read exactly as MkDocs reads them.

Which files are pages and what their front matter says are MkDocs' own answers (its list of
Markdown extensions; UTF-8 with or without a byte-order mark; its front-matter reader), so a page
that MkDocs publishes is never missed here: a page marked ``visibility: internal`` stays out of
the public edition whether it is called ``x.md`` or ``x.markdown`` and however it was saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.utils import is_markdown_file
from mkdocs.utils.meta import get_data


def markdown_pages(docs_dir: Path) -> list[str]:
    """Every hand-written page, as a path under ``docs_dir`` with forward slashes."""
    if not docs_dir.is_dir():
        return []
    return sorted(
        p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file() and is_markdown_file(p.name)
    )


def internal_hand_written(docs_dir: Path) -> set[str]:
    """Hand-written pages whose front matter says ``visibility: internal``."""
    found = set()
    for page in markdown_pages(docs_dir):
        try:
            text = (docs_dir / page).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports a page it cannot read itself
        _, meta = get_data(text)
        if str(meta.get("visibility", "")).strip().lower() == "internal":
            found.add(page)
    return found


def add_to_team_section(nav: list[Any], pages: list[str], team: str) -> list[Any]:
    """A mkdocs.yml-style nav with hand-written pages in the playbook team's section (at the end when
    there is none): the reference and notes live apart from the reps' pages."""
    section = next((e for e in nav if isinstance(e, dict) and team in e), None)
    if section is None:
        return [*nav, *pages]
    section[team] = [*section[team], *pages]
    return nav
