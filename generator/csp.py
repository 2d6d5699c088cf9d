"""The Content-Security-Policy of the built site: only the site's own scripts and styles run.

The policy itself is a ``<meta http-equiv="Content-Security-Policy">`` in
``site_config/overrides/main.html``, so it ships with every page whatever server hosts the site.
It allows scripts and styles from the site's own origin only. Material for MkDocs also writes a few
small inline scripts into each page (``__md_scope``, the palette, and so on), and their text varies
with the page's depth, so instead of ``'unsafe-inline'`` every page gets the SHA-256 of exactly the
inline scripts (and inline style attributes) it contains, computed when the page is written.
Scripts inside the page body (what Markdown produced) are never hashed, so a script that slipped
past the sanitizer still cannot run.

``mkdocs serve`` injects a live-reload script into every page it serves; the preview therefore goes
without the policy (:func:`without_policy`), and only built sites carry it.

Nothing here imports MkDocs: ``plugin.py`` calls :func:`seal` on each page it writes.
"""

from __future__ import annotations

import base64
import hashlib
import re

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="(?P<policy>[^"]*)"\s*/?>', re.I)
# One pass over the page finds where each script or style element starts: a pattern that begins
# with a literal is searched quickly, where ``re.I`` or alternatives would test every position (ten
# times slower on a 50 KB page). Tags are matched as written in lowercase, which is how the theme and
# the sanitizer write them: a script spelled otherwise is simply not hashed, so it cannot run.
ELEMENT = re.compile(r"<s(?:cript|tyle)\b")
# Script data ends at the first `</script`, exactly as a browser's tokenizer reads it.
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style\s*>", re.I | re.S)
STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sstyle=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
SRC = re.compile(r"\bsrc\s*=", re.I)
TYPE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.I)
# Types a browser executes; anything else (Material's `application/json` config) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}

# The theme writes the same few inline scripts into every page at a given depth: hash each once.
_digests: dict[str, str] = {}


def digest(text: str) -> str:
    """A CSP hash source for ``text``: ``'sha256-<base64>'`` of its UTF-8 bytes."""
    found = _digests.get(text)
    if found is None:
        found = "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"
        if len(_digests) < 4096:  # bounded, whatever the pages hold
            _digests[text] = found
    return found


def _elements(html: str) -> tuple[list[str], list[str]]:
    """(inline scripts a browser would execute, ``<style>`` element texts), in page order."""
    scripts: list[str] = []
    styles: list[str] = []
    position = 0
    while (start := ELEMENT.search(html, position)) is not None:
        position = start.end()
        if html.startswith("<script", start.start()):
            match = SCRIPT.match(html, start.start())
            if match is None:
                continue
            position = match.end()
            attrs = match.group("attrs")
            if SRC.search(attrs):
                continue
            kind = TYPE.search(attrs)
            if (kind.group("type").lower() if kind else "") in SCRIPT_TYPES:
                scripts.append(match.group("body"))
        else:
            found = STYLE_ELEMENT.match(html, start.start())
            if found is not None:
                position = found.end()
                styles.append(found.group("body"))
    return scripts, styles


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would execute, in page order."""
    return _elements(html)[0]


def style_attributes(html: str) -> list[str]:
    """The values of the ``style=""`` attributes in ``html``."""
    found = STYLE_ATTRIBUTE.finditer(html) if "style=" in html else ()
    return [m.group("dq") if m.group("dq") is not None else m.group("sq") for m in found]


def _add(policy: str, directive: str, sources: list[str]) -> str:
    """``policy`` with ``sources`` appended to ``directive`` (which must already be there)."""
    if not sources:
        return policy
    pattern = re.compile(rf"(^|;)(\s*{directive}\s[^;]*)")
    if not pattern.search(policy):
        raise ValueError(f"the Content-Security-Policy has no {directive} directive")
    return pattern.sub(lambda m: m.group(1) + m.group(2).rstrip() + " " + " ".join(sources), policy, count=1)


def seal(html: str, content: str | None = None) -> str:
    """The page with hashes of the theme's inline scripts and styles added to its policy.

    Scripts that appear in ``content`` (the page body rendered from Markdown) are not hashed: only
    the theme's own inline scripts may run, so a script that slipped into a page stays blocked.
    Style attributes are looked for in ``content`` when it is given (Markdown tables align columns
    with them; the theme writes none elsewhere, and one it did write would be blocked, not allowed),
    else in the whole page. A page without the policy meta tag (a hand-made template, a redirect
    page) is returned as it is.
    """
    meta = META.search(html)
    if meta is None:
        return html
    scripts, elements = _elements(html)
    hashes = {digest(s) for s in scripts}
    if content and scripts and "<script" in content:
        hashes -= {digest(s) for s in inline_scripts(content)}
    styles = sorted({digest(s) for s in elements})
    attributes = style_attributes(html if content is None else content)
    if attributes:
        styles += ["'unsafe-hashes'", *sorted({digest(s) for s in attributes})]
    policy = _add(_add(meta.group("policy"), "script-src", sorted(hashes)), "style-src", styles)
    return html[: meta.start("policy")] + policy + html[meta.end("policy") :]


def without_policy(html: str) -> str:
    """The page without its policy: the live preview injects a reload script that no hash can match."""
    return META.sub("", html, count=1)
