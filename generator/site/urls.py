"""Links between generated pages, relative as MkDocs expects them."""

from __future__ import annotations

import posixpath


def relative_url(from_page: str, to_page: str) -> str:
    """A Markdown link target from one page to another (both paths from the docs folder)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
