"""The Content-Security-Policy of every page, built and previewed: only the site's own scripts run.

The policy itself is a ``<meta http-equiv="Content-Security-Policy">`` in
``site_config/overrides/main.html``, so it ships with every page whatever server hosts the site.
It allows scripts and styles from the site's own origin only. Material for MkDocs also writes a few
small inline scripts into each page (``__md_scope``, the palette, and so on), and their text varies
with the page's depth, so instead of ``'unsafe-inline'`` every page gets the SHA-256 of exactly the
inline scripts (and inline style attributes) it contains, computed when the page is written.
Scripts inside the page body (what Markdown produced) are never hashed, so a script that slipped
past the sanitizer still cannot run.

The live preview keeps the policy too: the server's reload script is added by hash when the page is
served (:func:`allow_script`, called from ``engines/preview.py``).
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
SRC = re.compile(r"\bsrc\s*=", re.I)
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
        kind = TYPE.search(attrs)
        if not SRC.search(attrs) and (kind.group("type").lower() if kind else "") in SCRIPT_TYPES:
            scripts.append(match.group("body"))
    return scripts


def style_attributes(html: str) -> list[str]:
    """The values of the ``style=""`` attributes in ``html``."""
    return [m.group("dq") if m.group("dq") is not None else m.group("sq") for m in STYLE_ATTRIBUTE.finditer(html)]


def _add(policy: str, directive: str, sources: list[str]) -> str:
    """``policy`` with ``sources`` appended to ``directive`` (which must already be there)."""
    if not sources:
        return policy
    pattern = re.compile(rf"(^|;)(\s*{directive}\s[^;]*)")
    if not pattern.search(policy):
        raise ValueError(f"the Content-Security-Policy has no {directive} directive")
    return pattern.sub(lambda m: m.group(1) + m.group(2).rstrip() + " " + " ".join(sources), policy, count=1)


def _with_policy(html: str, scripts: list[str], styles: list[str]) -> str:
    meta = META.search(html)
    if meta is None:
        return html
    policy = _add(_add(meta.group("policy"), "script-src", scripts), "style-src", styles)
    return html[: meta.start("policy")] + policy + html[meta.end("policy") :]


def seal(html: str, content: str | None = None) -> str:
    """The page with hashes of the theme's inline scripts and styles added to its policy.

    Scripts that appear in ``content`` (the page body rendered from Markdown) are not hashed: only
    the theme's own inline scripts may run, so a script that slipped into a page stays blocked.
    Style attributes are looked for in ``content`` when it is given (Markdown tables align columns
    with them; the theme writes none elsewhere), else in the whole page. A page without the policy
    meta tag (a hand-made template, a redirect page) is returned as it is.
    """
    if META.search(html) is None:
        return html
    hashes = {digest(s) for s in inline_scripts(html)}
    if content and "<script" in content.lower():
        hashes -= {digest(s) for s in inline_scripts(content)}
    styles = sorted({digest(m.group("body")) for m in STYLE_ELEMENT.finditer(html)})
    attributes = style_attributes(html if content is None else content)
    if attributes:
        styles += ["'unsafe-hashes'", *sorted({digest(s) for s in attributes})]
    return _with_policy(html, sorted(hashes), styles)


def allow_script(html: str, script: str) -> str:
    """The page with one more inline script allowed by its hash (the preview's reload script)."""
    return _with_policy(html, [digest(script)], [])
