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
# Script data ends at the first `</script`, exactly as a browser's tokenizer reads it.
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style\s*>", re.I | re.S)
STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sstyle=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
TYPE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.I)
# Types a browser executes; anything else (Material's `application/json` config) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def digest(text: str) -> str:
    """A CSP hash source for ``text``: ``'sha256-<base64>'`` of its UTF-8 bytes."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would execute, in page order."""
    scripts = []
    for match in SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = TYPE.search(attrs)
        if (kind.group("type").lower() if kind else "") in SCRIPT_TYPES:
            scripts.append(match.group("body"))
    return scripts


def inline_styles(html: str) -> tuple[list[str], list[str]]:
    """(``<style>`` element texts, ``style=""`` attribute values) in the page."""
    elements = [m.group("body") for m in STYLE_ELEMENT.finditer(html)]
    # The attribute scan is most of the cost of sealing a page, and most pages have no style="".
    found = STYLE_ATTRIBUTE.finditer(html) if "style=" in html else ()
    attributes = [m.group("dq") if m.group("dq") is not None else m.group("sq") for m in found]
    return elements, attributes


def _add(policy: str, directive: str, sources: list[str]) -> str:
    """``policy`` with ``sources`` appended to ``directive`` (which must already be there)."""
    if not sources:
        return policy
    pattern = re.compile(rf"(^|;)(\s*{directive}\s[^;]*)")
    if not pattern.search(policy):
        raise ValueError(f"the Content-Security-Policy has no {directive} directive")
    return pattern.sub(lambda m: m.group(1) + m.group(2).rstrip() + " " + " ".join(sources), policy, count=1)


def seal(html: str, content: str = "") -> str:
    """The page with hashes of the theme's inline scripts and styles added to its policy.

    Scripts that appear in ``content`` (the page body rendered from Markdown) are not hashed: only
    the theme's own inline scripts may run, so a script that slipped into a page stays blocked.
    A page without the policy meta tag (a hand-made template, a redirect page) is returned as it is.
    """
    meta = META.search(html)
    if meta is None:
        return html
    from_content = {digest(s) for s in inline_scripts(content)}
    scripts = sorted({digest(s) for s in inline_scripts(html)} - from_content)
    elements, attributes = inline_styles(html)
    styles = sorted(set(digest(s) for s in elements))
    if attributes:
        styles += ["'unsafe-hashes'", *sorted(set(digest(s) for s in attributes))]
    policy = _add(_add(meta.group("policy"), "script-src", scripts), "style-src", styles)
    return html[: meta.start("policy")] + policy + html[meta.end("policy") :]


def without_policy(html: str) -> str:
    """The page without its policy: the live preview injects a reload script that no hash can match."""
    return META.sub("", html, count=1)
