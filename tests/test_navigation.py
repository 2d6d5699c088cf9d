"""Grouping long navigation sections, and the fast relative links every page is full of."""

from __future__ import annotations

from collections.abc import Iterator

from generator.site.navigation import group_large_sections, guide_words
from generator.site.render import NavEntry


def _leaves(entry: NavEntry) -> Iterator[NavEntry]:
    if not entry.children:
        yield entry
    for child in entry.children:
        yield from _leaves(child)


def _widest(entry: NavEntry) -> int:
    return max([len(entry.children), *(_widest(c) for c in entry.children)])


def _methods(count: int) -> NavEntry:
    children = [NavEntry(f"Method {i:04d}", f"methods/m{i:04d}.md") for i in range(count)]
    return NavEntry("Methods", "methods/index.md", children)


def test_sections_within_the_limit_are_left_as_they_are() -> None:
    section = _methods(20)
    grouped = group_large_sections([section], {c.path for c in section.children if c.path}, limit=20)
    assert grouped[0] is section


def test_a_long_section_is_split_into_even_groups_in_order() -> None:
    section = _methods(95)
    entity_pages = {c.path for c in section.children if c.path}
    [grouped] = group_large_sections([section], entity_pages, limit=20)
    assert (grouped.title, grouped.path) == ("Methods", "methods/index.md")
    assert [len(g.children) for g in grouped.children] == [19, 19, 19, 19, 19]
    assert [leaf.path for leaf in _leaves(grouped)] == [c.path for c in section.children]
    assert all(g.path is None for g in grouped.children)
    assert grouped.children[0].title == "Method 0000 … Method 0018"


def test_groups_nest_until_every_level_fits_the_limit() -> None:
    section = _methods(1000)
    [grouped] = group_large_sections([section], {c.path for c in section.children if c.path}, limit=8)
    assert _widest(grouped) <= 8
    assert [leaf.path for leaf in _leaves(grouped)] == [c.path for c in section.children]
    # 1000 pages with at most 8 per level need 4 levels below the section (8**3 < 1000 <= 8**4).
    depth, entry = 0, grouped
    while entry.children:
        entry, depth = entry.children[0], depth + 1
    assert depth == 4


def test_a_grouped_section_shows_few_groups_because_every_page_carries_them() -> None:
    section = _methods(330)
    [grouped] = group_large_sections([section], {c.path for c in section.children if c.path}, limit=20, top=6)
    assert 2 <= len(grouped.children) <= 6
    assert _widest(grouped) <= 20
    assert [leaf.path for leaf in _leaves(grouped)] == [c.path for c in section.children]


def test_groups_of_groups_stay_few_so_pages_do_not_grow_with_the_section() -> None:
    # Every page carries its siblings at each level on the way to it: those stay few (at most `top`)
    # above the groups of names, so a page in a section of 2,000 is no bigger than in one of 400.
    def open_path_links(section: NavEntry) -> int:
        links, entry = 0, section
        while entry.children:
            links += len(entry.children)
            entry = entry.children[0]
        return links

    def levels_above_names(entry: NavEntry) -> Iterator[NavEntry]:
        if entry.children and entry.children[0].children:
            yield entry
            for child in entry.children:
                yield from levels_above_names(child)

    small, large = _methods(400), _methods(2000)
    [small_grouped] = group_large_sections([small], {c.path for c in small.children if c.path}, limit=20, top=6)
    [large_grouped] = group_large_sections([large], {c.path for c in large.children if c.path}, limit=20, top=6)
    assert all(len(e.children) <= 6 for e in levels_above_names(large_grouped))
    assert all(len(g.children) <= 20 for g in _leaves_parents(large_grouped))
    assert [leaf.path for leaf in _leaves(large_grouped)] == [c.path for c in large.children]
    assert open_path_links(large_grouped) <= open_path_links(small_grouped) + 6


def _leaves_parents(entry: NavEntry) -> Iterator[NavEntry]:
    if entry.children and not entry.children[0].children:
        yield entry
    for child in entry.children:
        yield from _leaves_parents(child)


def test_a_section_just_over_the_limit_gets_a_few_large_groups() -> None:
    section = _methods(25)
    [grouped] = group_large_sections([section], {c.path for c in section.children if c.path}, limit=20, top=6)
    assert [len(g.children) for g in grouped.children] == [13, 12]


def test_pages_that_are_not_entity_pages_keep_their_place() -> None:
    stages = [NavEntry(f"{i}. Stage", f"process/s{i}.md") for i in range(1, 31)]
    matrix = NavEntry("Stage × role matrix", "process/sales-process-matrix.md")
    cards = NavEntry("Print all stage cards", "stages/cards.md")
    section = NavEntry("Process", "process/index.md", [matrix, *stages, cards])
    [grouped] = group_large_sections([section], {s.path for s in stages if s.path}, limit=20)
    assert grouped.children[0] is matrix and grouped.children[-1] is cards
    assert [len(g.children) for g in grouped.children[1:-1]] == [15, 15]


def test_guide_words_stop_after_the_first_word_that_differs() -> None:
    assert guide_words("Ask the budget holder", "Map the downtime cost") == "Ask … Map"
    assert guide_words("Map the downtime cost", "Map the spoilage") == "Map the downtime … Map the spoilage"
    assert guide_words("Discovery", "Discovery") == "Discovery"
    assert guide_words("A b c d e f", "A b c d e g") == "A b c d … A b c d"
