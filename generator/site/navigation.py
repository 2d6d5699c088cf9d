"""Keep the navigation small enough to render into every page of a large playbook.

MkDocs Material renders the navigation into every page. With ``navigation.sections`` the children
of every top-level section are always rendered, so a section of 2,000 coaching scripts puts 2,000
links into each of 5,000 pages: the site grows quadratically and the build slows to a crawl.

Long runs of entity pages are therefore split into groups of at most ``limit`` entries, like the
guide words at the top of a dictionary page ("Ask the budget … Map the downtime"). Groups of
groups (of at most ``top``) are made when even the groups would be too many, and a grouped section
shows at most ``top`` groups, because every section's groups are in every page. With
``navigation.prune`` only the groups on the way to the current page are expanded, so each page
carries about ``top × (sections + depth) + limit`` links, whatever the size of the playbook. Sections at or under
the limit (every playbook of ordinary size) are left exactly as they were.

Where a section has groups that mean something to a rep, those come first: stages by process (each
process's stages in its order; a stage in two processes is under each, MkDocs shows the same page in
both places) and metrics by kind. A group is split further only when it is long itself.
"""

from __future__ import annotations

from generator.model.playbook import Playbook
from generator.site.render import NavEntry

Groups = dict[str, list[tuple[str, list[str]]]]  # section title → (group title, its pages in order)

GROUP_LIMIT = 20
TOP_GROUPS = 6
GUIDE_WORDS = 4


def natural_groups(playbook: Playbook) -> Groups:
    """The groups a rep knows, for the sections that have them: stages by process, metrics by kind."""
    stages = [(p.title, [s.page for s in p.stages]) for p in playbook.processes]
    stages.append(("In no process yet", [s.page for s in playbook.stages if not s.places]))
    kinds = [("Lead metrics", "lead"), ("Lag metrics", "lag"), ("Metrics of no stated kind", None)]
    metrics = [(title, [m.page for m in playbook.metrics if m.entity.kind == kind]) for title, kind in kinds]
    return {"Stages": stages, "Metrics": metrics}


def group_large_sections(
    nav: list[NavEntry],
    entity_pages: set[str],
    limit: int = GROUP_LIMIT,
    top: int = TOP_GROUPS,
    groups: Groups | None = None,
) -> list[NavEntry]:
    """The same navigation with long runs of entity pages grouped (by ``groups`` where a section has
    them); other entries keep their place."""
    return [_group_section(entry, entity_pages, limit, top, (groups or {}).get(entry.title)) for entry in nav]


def _group_section(
    section: NavEntry, entity_pages: set[str], limit: int, top: int, groups: list[tuple[str, list[str]]] | None
) -> NavEntry:
    if len(section.children) <= limit:
        return section
    if groups:
        return _by_groups(section, groups, limit, top)
    children: list[NavEntry] = []
    run: list[NavEntry] = []
    for child in section.children:
        if not child.children and child.path in entity_pages:
            run.append(child)
            continue
        children += _chunk(run, limit, top)
        run = []
        children.append(child)
    children += _chunk(run, limit, top)
    return NavEntry(section.title, section.path, children)


def _by_groups(section: NavEntry, groups: list[tuple[str, list[str]]], limit: int, top: int) -> NavEntry:
    """The section's pages under the named groups, in each group's order; pages in no group (the
    print-all page) after them."""
    entries = {child.path: child for child in section.children if not child.children and child.path}
    children: list[NavEntry] = []
    placed: set[str] = set()
    for title, paths in groups:
        members = [entries[path] for path in paths if path in entries]
        if members:
            children.append(NavEntry(title, None, _chunk(members, limit, top)))
            placed.update(path for path in paths if path in entries)
    rest = [child for child in section.children if child.children or child.path not in placed]
    return NavEntry(section.title, section.path, children + rest)


def _chunk(entries: list[NavEntry], limit: int, top: int) -> list[NavEntry]:
    """Entries in order, in groups of at most ``limit``, grouped again until at most ``top`` remain.

    The groups of groups hold at most ``top`` each: with ``navigation.prune`` the siblings along the
    way to the current page are in that page, so a few per level keep every page the same size
    whatever the size of the section (the entries a reader scans stay ``limit`` to a group).
    """
    if len(entries) <= limit:
        return entries
    size = limit
    while len(entries) > top:
        groups = -(-len(entries) // size)
        if groups == 1:  # a few too many for the section: spread them over at most `top` groups
            groups = min(top, -(-len(entries) // 2))
        per = -(-len(entries) // groups)  # even groups, none over the size
        entries = [_group(entries[i : i + per]) for i in range(0, len(entries), per)]
        size = top
    return entries


def _group(entries: list[NavEntry]) -> NavEntry:
    first, last = _first_leaf(entries[0]).title, _last_leaf(entries[-1]).title
    return NavEntry(guide_words(first, last), None, entries)


def _first_leaf(entry: NavEntry) -> NavEntry:
    return _first_leaf(entry.children[0]) if entry.children else entry


def _last_leaf(entry: NavEntry) -> NavEntry:
    return _last_leaf(entry.children[-1]) if entry.children else entry


def guide_words(first: str, last: str) -> str:
    """'Ask the budget … Map the downtime': each title cut after the first word that tells them apart."""
    if first == last:
        return first
    a, b = first.split(), last.split()
    cut = next((i for i, (x, y) in enumerate(zip(a, b)) if x.casefold() != y.casefold()), min(len(a), len(b)))
    cut = min(cut + 1, GUIDE_WORDS) if cut < GUIDE_WORDS else GUIDE_WORDS
    return f"{' '.join(a[:cut])} … {' '.join(b[:cut])}"
