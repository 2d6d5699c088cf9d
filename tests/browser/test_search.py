"""Material's own search, typed into the real search box: the page a rep means comes first.

Names and phrases come from the playbook the site was built from, so the tests follow the content.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from .conftest import BuiltSite, heading

RESULT = ".md-search-result__list > li.md-search-result__item"
QUOTES = "\"'“”‘’«» "


def search(page: Any, query: str, *, keystrokes: bool = False, count: int = 3) -> list[str]:
    """Enter ``query`` in the search box and return the page paths (with #anchor) of the first results.

    ``keystrokes`` types every key like a person; otherwise all but the last character arrive at
    once and the last is a real key press, which keeps the many-query tests quick. The box is
    cleared first and the old results must disappear, so a stale list is never read.
    """
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press("End")  # a key event on the empty box: Material empties the result list
    page.wait_for_function("selector => document.querySelectorAll(selector).length === 0", arg=RESULT)
    if keystrokes:
        box.press_sequentially(query, delay=20)
    else:
        box.fill(query[:-1])
        box.press_sequentially(query[-1])
    page.wait_for_function(
        """([selector, query]) => {
            const input = document.querySelector('.md-search__input');
            return input.value === query && document.querySelectorAll(selector).length > 0;
        }""",
        arg=[RESULT, query],
    )
    # The worker answers every keystroke; read the list once it has stopped changing.
    read = f"items => items.slice(0, {count}).map(li => li.querySelector('a').href)"
    hrefs = page.eval_on_selector_all(RESULT, read)
    for _ in range(20):
        page.wait_for_timeout(120)
        again = page.eval_on_selector_all(RESULT, read)
        if again == hrefs:
            break
        hrefs = again
    return [urlsplit(h).path + (f"#{urlsplit(h).fragment}" if urlsplit(h).fragment else "") for h in hrefs]


def expected_path(site: BuiltSite, page_path: str) -> str:
    return urlsplit(site.url(page_path)).path


def open_home(page: Any, site: BuiltSite) -> None:
    page.goto(site.url("index.md"))
    page.wait_for_selector(".md-search__input")


def check_found(page: Any, site: BuiltSite, cases: list[tuple[str, str]], *, first: bool = False) -> None:
    """Every (query, page) pair: the page is the first result (``first``) or among the first three."""
    misses = []
    for name, page_path in cases:
        query = name.strip(QUOTES)  # a rep types the words of an objection, not its typographic quotes
        top = search(page, query)
        pages = [t.split("#")[0] for t in top]
        target = expected_path(site, page_path)
        if (pages[:1] if first else pages) != [target] and (first or target not in pages):
            misses.append(f"{query!r}: expected {page_path}, got {top}")
    assert not misses, "\n".join(misses)


def entities(site: BuiltSite, kind: str) -> list[Any]:
    return list(getattr(site.playbook, kind))


KINDS = ["stages", "roles", "methods", "metrics", "coaching", "meetings", "competitors", "value"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_entity_s_own_page_is_the_first_result_for_its_name(kind: str, page: Any, site: BuiltSite) -> None:
    items = entities(site, kind)
    assert items, f"the playbook has no {kind}"
    open_home(page, site)
    # A stage is searched by its name, as reps say it ("Discovery"), not its label.
    check_found(page, site, [(getattr(i.entity, "name", i.title), i.page) for i in items], first=True)


def test_a_qualification_element_is_the_first_result_for_its_name(page: Any, site: BuiltSite) -> None:
    # The first result is the framework's page, and the first of its sections shown is the element's.
    open_home(page, site)
    misses = []
    for framework in site.playbook.qualification:
        for element in framework.elements:
            search(page, element.name)
            links = page.eval_on_selector_all(
                f"{RESULT}:first-child > a", "links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)")
            want = f"{expected_path(site, framework.page)}#{framework.id}--{element.id}"
            if links[:2] != [expected_path(site, framework.page), want]:
                misses.append(f"{element.name!r}: expected {want}, got {links[:2]}")
    assert not misses, "\n".join(misses)


SUMMARY = {"stages": "goal", "methods": "summary", "metrics": "definition", "competitors": "summary",
           "roles": "purpose", "coaching": "behaviour", "meetings": "purpose", "value": "need"}


@pytest.mark.parametrize("kind", sorted(SUMMARY))
def test_a_result_shows_the_entity_s_summary_not_navigation_or_footer(kind: str, page: Any, site: BuiltSite) -> None:
    item = next(i for i in entities(site, kind) if getattr(i.entity, SUMMARY[kind]))
    summary = " ".join(str(getattr(item.entity, SUMMARY[kind])).split())
    open_home(page, site)
    search(page, getattr(item.entity, "name", item.title), keystrokes=True)
    text = page.locator(f"{RESULT}").first.locator("article").first.inner_text()
    text = " ".join(text.split())
    assert summary[:40] in text, (summary, text)
    for noise in ("←", "→", "Owner:", "Review by", "File:"):
        assert noise not in text, (noise, text)


def test_a_threshold_is_found_as_reps_type_it(page: Any, site: BuiltSite) -> None:
    strategy = site.playbook.strategy
    assert strategy is not None and strategy.thresholds, "the sample has deal-size thresholds"
    open_home(page, site)
    misses = []
    for threshold in strategy.thresholds:
        for _segment, amount in threshold.amounts:
            typed = f"{amount / 1000:g}k" if amount >= 1000 and amount % 1000 == 0 else f"{amount:g}"
            found = search(page, typed, count=50)
            # The rules that use it come first (each marks the amount), and the threshold itself is found.
            first = page.locator(RESULT).first.inner_html()
            if f"<mark>{typed}</mark>" not in first or f"{expected_path(site, 'strategy/index.md')}#thresholds" not in [
                    href for li in page.locator(RESULT).all()
                    for href in li.locator("a").evaluate_all("as => as.map(a => new URL(a.href).pathname + new URL(a.href).hash)")]:
                misses.append(f"{typed!r} ({threshold.name}): got {found[:5]}")
    assert not misses, "\n".join(misses)


WORD = re.compile(r"[a-z0-9$]+(?:'[a-z]+)?")
# lunr's English stop words: the search drops them, so they make no phrase distinctive.
STOP_WORDS = set("""a able about across after all almost also am among an and any are as at be because been but by
can cannot could dear did do does either else ever every for from get got had has have he her hers him his how
however i if in into is it its just least let like likely may me might most must my neither no nor not of off
often on only or other our own rather said say says she should since so some than that the their them then
there these they this tis to too twas us wants was we were what when where which while who whom why will with
would yet you your""".split())


def distinctive_phrase(text: str, documents: list[str], size: int = 6) -> str:
    """The run of ``size`` words in ``text`` whose words the fewest sections share: what a rep remembers.

    "A first meeting has been held" is words every page uses; "annual cost range in dollars" is the
    part of a criterion a rep would type. Windows with fewer than three different searchable words
    are skipped.
    """
    words = WORD.findall(text.lower())
    seen = [set(WORD.findall(d.lower())) for d in documents]
    frequency = {w: sum(w in s for s in seen) for w in set(words) - STOP_WORDS}
    windows = [words[i:i + size] for i in range(max(1, len(words) - size + 1))]

    def rarity(window: list[str]) -> float:
        content = {w for w in window if w in frequency}
        return sum(frequency[w] for w in content) / len(content) if len(content) >= 3 else float("inf")

    return " ".join(min(windows, key=rarity))


@pytest.mark.xfail(
    strict=True,
    reason="known regression (closing note of 2026-12-03): with the v3 pages (policies, documents, scorecards) "
    "two criterion phrases of the sample rank their stage below the top three; strict, so a fix shows",
)
def test_a_phrase_from_an_exit_criterion_finds_its_stage(page: Any, site: BuiltSite) -> None:
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    documents = [f"{d['title']} {d['text']}" for d in index["docs"]]
    open_home(page, site)
    cases = [(distinctive_phrase(str(c.text), documents), s.page) for s in site.playbook.stages for c in s.exit_criteria[:2]]
    check_found(page, site, cases)


@pytest.mark.parametrize("kind", ["stage", "method", "metric"])
def test_clicking_a_result_opens_the_page(kind: str, page: Any, site: BuiltSite) -> None:
    # Plain strings only in asserts: pytest would otherwise print the resolved playbook graph.
    if kind == "stage":
        stage = site.playbook.stages[-1]
        query, expected_heading, page_path = stage.entity.name, stage.title, stage.page
    else:
        item = (site.playbook.methods if kind == "method" else site.playbook.metrics)[-1]
        query, expected_heading, page_path = item.title.strip(QUOTES), item.title, item.page
    target = expected_path(site, page_path)
    open_home(page, site)
    assert target in search(page, query, keystrokes=True)
    page.locator(f"{RESULT} a[href^='{site.base_url}{target}']").first.click()
    page.wait_for_url(re.compile(re.escape(site.base_url + target)))
    assert heading(page) == expected_heading
