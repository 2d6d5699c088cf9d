"""The Content-Security-Policy: on every page, sealed with the theme's inline scripts, and the site
still works under it in a real browser — search, navigation, the palette toggle — with no violation
reported and no dialog opened by the hostile content of ``tests/hostile/_site``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator.site.csp import digest, inline_scripts, seal

from .conftest import serve_folder
from .test_hostile import HOSTILE, build_site

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("csp-site"), HOSTILE / "_site", palette_toggle=True)


def policy_of(html: str) -> str:
    match = POLICY.search(html)
    assert match, "the page has no Content-Security-Policy"
    return match.group(1)


# --- the policy in the built HTML -----------------------------------------------------------------


def test_every_page_carries_a_strict_policy(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 15 and site / "404.html" in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policy = policy_of(html)
        directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
        assert directives["default-src"] == ["'self'"], page
        assert directives["style-src"] == ["'self'"], page  # no inline styles in our pages at all
        assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy and "*" not in policy, page
        # script-src is 'self' plus exactly the hashes of this page's inline scripts.
        expected = {digest(s) for s in inline_scripts(html)}
        assert directives["script-src"][0] == "'self'"
        assert set(directives["script-src"][1:]) == expected, page
        assert len(expected) >= 2  # Material's __md_scope and palette scripts at least


def test_the_theme_override_holds_the_policy() -> None:
    main = (Path(__file__).resolve().parent.parent / "site_config/theme/main.html").read_text(encoding="utf-8")
    assert main.startswith('{% extends "base.html" %}')
    assert "{% block extrahead %}" in main and "script-src 'self';" in main


def test_seal_hashes_theme_scripts_but_not_scripts_in_the_content() -> None:
    theme = "__md_scope=new URL('.',location)"
    content = "<p>hi</p><script>alert('from content')</script>"
    page = (
        '<head><meta http-equiv="Content-Security-Policy" content="script-src \'self\'; style-src \'self\'">'
        f"<script>{theme}</script></head><body>{content}"
        '<script id="__config" type="application/json">{"base": "."}</script>'
        '<script src="assets/bundle.js"></script></body>'
    )
    sealed = seal(page, content)
    assert policy_of(sealed) == f"script-src 'self' {digest(theme)}; style-src 'self'"
    assert digest("alert('from content')") not in sealed
    # JSON data is not a script; a page without a policy is left alone.
    assert digest('{"base": "."}') not in sealed
    assert seal("<p>no policy</p>") == "<p>no policy</p>"


def test_seal_allows_exact_inline_style_attributes_only() -> None:
    page = ('<meta http-equiv="Content-Security-Policy" content="script-src \'self\'; style-src \'self\'">'
            '<th style="text-align: left;">A</th>')
    assert policy_of(seal(page)).endswith(f"style-src 'self' 'unsafe-hashes' {digest('text-align: left;')}")


def test_a_policy_without_the_directive_is_an_error() -> None:
    page = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'"><script>x()</script>'
    with pytest.raises(ValueError, match="no script-src directive"):
        seal(page)


# --- in a real browser ----------------------------------------------------------------------------


@dataclass
class Tab:
    """A browser page that records what the test must check: violations, dialogs, errors, requests."""

    page: Any
    violations: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def reported_violations(self) -> list[str]:
        return self.violations + list(self.page.evaluate("window.__violations || []"))


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    return chromium


@pytest.fixture
def tab(browser: Any, base_url: str) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    tab = Tab(page)
    # Collected by the browser itself, before any page script runs (init scripts are not subject to CSP).
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: tab.page_errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def only_local(route: Any) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            tab.foreign.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    yield tab
    context.close()


def assert_clean(tab: Tab) -> None:
    assert tab.reported_violations() == []
    assert [e for e in tab.console_errors if "Content Security Policy" in e or "Refused" in e] == []
    assert tab.page_errors == []
    assert tab.dialogs == []
    assert tab.foreign == []


def test_search_works_under_the_policy(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # The index loads in the search worker (a script of the site, allowed by 'self'): wait for it.
    page.wait_for_function(
        "(document.querySelector('.md-search-result__meta') || {}).textContent === 'Type to start searching'",
        timeout=15_000,
    )
    page.locator("input.md-search__input").press_sequentially("waste", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    assert "Waste questions" in page.locator(".md-search-result").inner_text()
    results.first.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url != base_url + "/"
    assert_clean(tab)


def test_search_results_for_a_name_with_markup_stay_text(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    page.locator(".md-search__input").click()
    page.wait_for_function(
        "(document.querySelector('.md-search-result__meta') || {}).textContent === 'Type to start searching'",
        timeout=15_000,
    )
    page.locator("input.md-search__input").press_sequentially("Close now", delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    results = page.locator(".md-search-result").inner_text()
    assert "Close <b onmouseover=\"alert('title')\">now</b>" in results  # shown as the text it is
    assert page.evaluate("document.querySelectorAll('[onmouseover], [onerror], [onclick]').length") == 0
    page.locator(".md-search-result__item").first.hover(force=True)
    assert_clean(tab)


def test_navigation_works_under_the_policy(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    page.locator(".md-nav--primary a.md-nav__link[href$='roles/rep/']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + "/roles/rep/"
    assert page.locator("article h1").first.inner_text().startswith("Field Rep")
    # The theme's own script ran: the bundle builds the header title from the page.
    assert page.evaluate("typeof window.__md_get") == "function"
    assert_clean(tab)


def test_palette_toggle_works_and_is_remembered(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "/roles/rep/")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'", timeout=5000)
    # The choice is restored by the palette's inline script on the next page: hashed, so it ran.
    page.goto(base_url + "/stages/discover/")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert_clean(tab)


@pytest.mark.parametrize("path", ["/stages/close/", "/methods/waste-questions/", "/personas/owner/"])
def test_hostile_content_runs_nothing(tab: Tab, base_url: str, path: str) -> None:
    page = tab.page
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    # Touch everything a handler could hang on: hover and click every link and image in the article.
    for element in page.locator("article.md-content__inner a, article.md-content__inner img, "
                                "article.md-content__inner p, .md-header__topic").all():
        element.dispatch_event("mouseover")  # would fire an onmouseover that slipped through
        if element.is_visible():
            element.hover(force=True, timeout=3000)
    for link in page.locator("article.md-content__inner a:not([href])").all():
        link.click()
    page.wait_for_timeout(300)
    assert page.url == base_url + path  # a link without its javascript: target goes nowhere
    assert page.evaluate("document.querySelectorAll('article script, [onerror], [onclick], [onload]').length") == 0
    assert_clean(tab)


def test_the_policy_really_blocks_injected_script(tab: Tab, base_url: str) -> None:
    """Control: a script injected after load is refused by the browser and reported as a violation,
    so the checks above would have seen one."""
    page = tab.page
    page.goto(base_url + "/stages/close/")
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => {
        document.body.insertAdjacentHTML('beforeend', '<img src="missing.png" onerror="alert(1)">');
        const s = document.createElement('script'); s.textContent = 'alert(2)'; document.body.appendChild(s);
    }""")
    page.wait_for_timeout(500)
    assert tab.dialogs == []
    violations = tab.reported_violations()
    assert any(v.startswith("script-src-attr") for v in violations), violations
    assert any(v.startswith("script-src-elem inline") for v in violations), violations


def test_the_live_preview_keeps_the_policy_and_allows_only_its_reload_script() -> None:
    """Built and previewed pages are sealed alike; the server's reload script, written into a page
    as it is served, is allowed by its own hash and nothing else is."""
    from types import SimpleNamespace

    from generator.engines.plugin import PlaybookPlugin
    from generator.site.csp import allow_script

    html = ('<head><meta http-equiv="Content-Security-Policy" content="script-src \'self\'; style-src \'self\'">'
            "<script>theme()</script></head><body><p>text</p></body>")
    page = SimpleNamespace(content="<p>text</p>")
    for command in ("build", "serve"):
        plugin = PlaybookPlugin()
        plugin.on_startup(command=command, dirty=False)
        sealed = plugin.on_post_page(html, page=page, config=None)
        assert policy_of(sealed) == f"script-src 'self' {digest('theme()')}; style-src 'self'"
        assert policy_of(plugin.on_post_template(html, template_name="404.html", config=None)).startswith(
            "script-src 'self' 'sha256-")
    served = allow_script(sealed, "livereload(1, 2);")
    assert policy_of(served) == f"script-src 'self' {digest('theme()')} {digest('livereload(1, 2);')}; style-src 'self'"


def test_seal_looks_for_style_attributes_in_the_content_it_is_given() -> None:
    # Markdown tables align columns with style attributes inside the page body; the theme writes none
    # elsewhere, so when the body is known only its attributes are hashed (and any other stays blocked).
    head = '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'; style-src \'self\'">'
    content = '<td style="text-align: right;">4</td>'
    page = f'{head}<div style="color: red">theme</div>{content}'
    sealed = policy_of(seal(page, content))
    assert digest("text-align: right;") in sealed and digest("color: red") not in sealed
    assert digest("color: red") in policy_of(seal(page))  # no body given: the whole page is looked at


def test_seal_reads_script_tags_as_a_browser_does() -> None:
    # Tags in any case are scripts; a script's text ends at `</script`, spaces allowed before `>`.
    head = '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'; style-src \'self\'">'
    page = f"{head}<SCRIPT>shouted()</SCRIPT><script type=\"module\">a()</script><script >b()</script  >"
    hashes = " ".join(sorted([digest("shouted()"), digest("a()"), digest("b()")]))
    assert policy_of(seal(page)) == f"script-src 'self' {hashes}; style-src 'self'"
    content = "<SCRIPT>shouted()</SCRIPT>"  # from the page body: never allowed, in any case
    assert digest("shouted()") not in seal(f"{head}<body>{content}</body>", content)
