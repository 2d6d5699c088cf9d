"""Live preview at scale: after a save, rebuild only the pages whose Markdown changed.

A full MkDocs build of a 1,000-entity playbook takes tens of seconds, nearly all of it spent
rendering the theme around pages that did not change. During ``playbook serve`` (a "dirty" MkDocs
serve) the adapter asks this module which pages to hand over as changed:

* if the navigation, the page list, the content problems or the hand-written pages changed, every
  page shows that change (the nav is in every page): the site folder is emptied and all is rebuilt;
* otherwise only pages whose Markdown hash differs from the last build are rebuilt; the others keep
  the HTML already in the site folder.

MkDocs Material's search index is rebuilt from the pages built in a round; ``merge_search`` keeps
the entries of the pages that were not rebuilt, so search stays complete in the preview.
Nothing here imports MkDocs: the adapter passes plain data in and out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .render import Site


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass
class PreviewState:
    """What the last preview build was made from, kept between `mkdocs serve` rebuilds."""

    signature: str | None = None
    page_hashes: dict[str, str] = field(default_factory=dict)
    search_entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    full: bool = True  # whether the round being built is a full one

    def plan(self, site: Site, context: str) -> set[str] | None:
        """The generated pages to rebuild, or None when everything must be rebuilt.

        ``context`` is whatever else appears on every page (problems shown in a banner, the list of
        hand-written pages...): when it changes, nothing built before can be reused.
        """
        signature = _digest(repr(site.nav) + "\0" + context)
        hashes = {page.path: _digest(page.markdown) for page in site.pages}
        full = signature != self.signature or hashes.keys() != self.page_hashes.keys()
        changed = None if full else {path for path, h in hashes.items() if self.page_hashes.get(path) != h}
        self.signature, self.page_hashes, self.full = signature, hashes, full
        return changed

    def forget(self) -> None:
        """After a failed build nothing in the site folder can be trusted: rebuild all next time."""
        self.signature = None
        self.page_hashes = {}

    def merge_search(self, fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The whole search index: this round's entries replace those of the pages they come from."""
        by_page: dict[str, list[dict[str, Any]]] = {}
        for entry in fresh:
            by_page.setdefault(str(entry.get("location", "")).split("#")[0], []).append(entry)
        if self.full:
            self.search_entries = by_page
        else:
            self.search_entries.update(by_page)
        return [entry for entries in self.search_entries.values() for entry in entries]
