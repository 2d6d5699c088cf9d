"""The audit's own parts are correct (no browser, no Lighthouse: `make audit` runs those).

audit/run.py serves the site as a static host does, so Lighthouse measures what a rep would get:
gzip when the browser asks for it, the right headers, folders as index.html, a 404 page, nothing
outside the site. And it picks one page of each kind from any built site's folders.
"""

from __future__ import annotations

import gzip
import http.client
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_audit() -> ModuleType:
    # By path and under its own name: bench/run.py is imported as `run` by test_bench.py.
    spec = importlib.util.spec_from_file_location("audit_run", ROOT / "audit" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit_run"] = module
    spec.loader.exec_module(module)
    return module


audit = _load_audit()
PAGE = "<!doctype html><title>Discovery</title><p>" + "Ask about the cost of loss. " * 50


def _page(folder: Path, text: str = PAGE) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(text, encoding="utf-8")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int]]:
    site = tmp_path / "site"
    _page(site / "stages" / "discovery")
    (site / "404.html").write_text("<!doctype html><title>Not found</title>", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "app.js").write_text("console.log('playbook');\n" * 20, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside the site", encoding="utf-8")
    with audit.serve_site(site) as base_url:
        host, port = base_url.removeprefix("http://").split(":")
        yield host, int(port)


def _get(served: tuple[str, int], path: str, accept_encoding: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*served, timeout=10)
    headers = {} if accept_encoding is None else {"Accept-Encoding": accept_encoding}
    connection.request("GET", path, headers=headers)  # http.client sends the path as written, ".." included
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_html_is_gzipped_when_asked_with_the_headers_of_a_static_host(served: tuple[str, int]) -> None:
    status, headers, body = _get(served, "/stages/discovery/", "gzip, deflate, br")
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["vary"] == "Accept-Encoding"
    assert headers["cache-control"] == "no-cache"
    assert int(headers["content-length"]) == len(body) < len(PAGE)
    assert gzip.decompress(body).decode() == PAGE


def test_html_is_plain_when_gzip_is_not_accepted(served: tuple[str, int]) -> None:
    for accept in (None, "identity", "gzip;q=0, br"):
        status, headers, body = _get(served, "/stages/discovery/", accept)
        assert status == 200
        assert "content-encoding" not in headers
        assert body.decode() == PAGE
        assert int(headers["content-length"]) == len(body)


def test_a_folder_path_serves_its_index_and_assets_are_cached_for_a_year(served: tuple[str, int]) -> None:
    assert _get(served, "/stages/discovery/index.html")[2].decode() == PAGE
    status, headers, _ = _get(served, "/stages/discovery")
    assert (status, headers["location"]) == (301, "/stages/discovery/")
    status, headers, body = _get(served, "/assets/app.js", "gzip")
    assert status == 200
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    assert headers["cache-control"] == "max-age=31536000"
    assert gzip.decompress(body).startswith(b"console.log")


def test_a_missing_file_gets_the_404_page(served: tuple[str, int]) -> None:
    status, headers, body = _get(served, "/stages/no-such-stage/")
    assert status == 404
    assert b"Not found" in body
    assert headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/../secret.txt", "/stages/../../secret.txt", "/%2e%2e/secret.txt",
                                  "/stages/%2E%2E/%2e%2e/secret.txt"])
def test_path_traversal_is_refused(served: tuple[str, int], path: str) -> None:
    status, _, body = _get(served, path)
    assert status == 403
    assert b"outside the site" not in body


def test_one_page_per_kind_is_picked_from_the_site_folders(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _page(site)
    for folder in ("stages/qualify", "stages/discover", "stages/cards", "process/new-business",
                   "process/new-business-matrix", "process/renewal-matrix", "roles/seller", "methods/opener",
                   "metrics/win-rate", "metrics/calls", "coaching/open-well", "meetings/deal-review",
                   "competitors/acme", "personas/cfo", "value/save-energy", "qualification/bant", "strategy",
                   "philosophy", "metrics"):
        _page(site / folder)
    (site / "roles" / "not-a-page").mkdir()  # a folder without index.html is no page
    assert audit.pick_pages(site) == {
        "home": "/",
        "stage": "/stages/discover/",
        "matrix": "/process/new-business-matrix/",
        "process": "/process/new-business/",
        "role": "/roles/seller/",
        "method": "/methods/opener/",
        "metric": "/metrics/calls/",
        "metrics index": "/metrics/",
        "coaching script": "/coaching/open-well/",
        "meeting": "/meetings/deal-review/",
        "competitor": "/competitors/acme/",
        "persona": "/personas/cfo/",
        "value driver": "/value/save-energy/",
        "qualification": "/qualification/bant/",
        "strategy": "/strategy/",
        "philosophy": "/philosophy/",
        "stage cards": "/stages/cards/",
    }


def test_a_playbook_without_a_collection_has_no_page_of_that_kind(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _page(site)
    _page(site / "stages" / "discover")
    assert audit.pick_pages(site) == {"home": "/", "stage": "/stages/discover/"}
