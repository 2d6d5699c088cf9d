"""The corpus of broken and hostile content: every case gives exact, located problems, never a crash.

Each folder in ``tests/hostile/`` holds content files laid over a copy of the small playbook, and
``expected.txt``: every problem the run must report (``file:line:col: field: message``), one per
line, nothing more. Cases too large or too odd to keep in git (a 600 KiB file, fifty thousand
brackets, a file name with a backslash) are generated below.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from generator.content.document import Document
from generator.content.load import MAX_FILE_BYTES, parse_document
from generator.errors import ContentError
from generator.pipeline import Project, load_playbook

from .conftest import FIXTURES, mkdocs_in_process

PLAYBOOK = str(Path(sys.executable).parent / "playbook")
HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "expected.txt").is_file())


def overlay(root: Path, case: str) -> Path:
    """The small playbook with the case's files laid over it."""
    shutil.copytree(FIXTURES / "small" / "content", root / "content")
    shutil.copytree(HOSTILE / case / "content", root / "content", dirs_exist_ok=True)
    return root


def problems_of(root: Path) -> list[str]:
    try:
        load_playbook(Project.at(root))
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_the_corpus_is_all_there() -> None:
    # A guard against a glob that silently finds nothing.
    assert len(CASES) >= 30
    for case in CASES:
        assert (HOSTILE / case / "expected.txt").read_text(encoding="utf-8").strip(), f"{case} expects nothing"


@pytest.mark.parametrize("case", CASES)
def test_case_reports_exactly_the_expected_problems(tmp_path: Path, case: str) -> None:
    expected = (HOSTILE / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert problems_of(overlay(tmp_path, case)) == expected


# --- YAML 1.1 values that PyYAML keeps as text must stay exactly as written -----------------------


def test_exponent_without_a_dot_stays_text(tmp_path: Path) -> None:
    # YAML 1.1 floats need a dot and a signed exponent: 1e3 and 1.5e3 are text, not 1000.0.
    doc = Document("stages", "close", "content/stages/close.yml")
    assert parse_document(b"goal: 1e3\nbuyer_view: 1.5e3\n", doc) == []
    assert doc.data == {"goal": "1e3", "buyer_view": "1.5e3"}


# --- generated cases --------------------------------------------------------------------------


def parse(raw: bytes) -> list[str]:
    doc = Document("stages", "close", "content/stages/close.yml")
    return [str(p) for p in parse_document(raw, doc)]


def test_file_over_the_size_limit() -> None:
    raw = b"goal: " + b"x" * MAX_FILE_BYTES + b"\n"
    assert parse(raw) == ["content/stages/close.yml:1:1: the file is 512 KiB, over the 512 KiB limit: split it"]


def test_fifty_thousand_brackets_are_refused_not_a_crash() -> None:
    # libyaml's composer recursed on this and killed the interpreter (a segfault, not an exception).
    raw = b"goal: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"
    assert parse(raw) == ["content/stages/close.yml:1:46: the file is too complex: nested more than 40 levels deep"]


def test_deep_mappings_in_flow_style() -> None:
    raw = b"goal: " + b"{a: " * 41 + b"1" + b"}" * 41 + b"\n"
    # The 40th '{' (depth 41 with the top mapping) is at column 7 + 39 * 4.
    assert parse(raw) == ["content/stages/close.yml:1:163: the file is too complex: nested more than 40 levels deep"]


def test_billion_laughs_is_rejected_quickly_in_bounded_memory() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    raw = ("\n".join(lines) + "\n").encode()  # 10**10 values if expanded
    tracemalloc.start()
    started = time.perf_counter()
    problems = parse(raw)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # About 12,350 values before line 5, each *a3 adds 11,111: the 4th one (column 10 + 3 * 5) passes 50,000.
    assert problems == [
        "content/stages/close.yml:5:25: the file is too complex: the alias *a3 expands it past 50000 values: "
        "write the values out instead"
    ]
    assert elapsed < 2.0
    assert peak < 20 * 1024 * 1024


def test_many_small_aliases_add_up() -> None:
    # No single alias is big, but together they pass the limit: counted as they are used.
    raw = b"a: &a [" + b", ".join([b"x"] * 1000) + b"]\nb: [" + b", ".join([b"*a"] * 60) + b"]\n"
    (problem,) = parse(raw)
    assert problem.startswith("content/stages/close.yml:2:")
    assert problem.endswith("the alias *a expands it past 50000 values: write the values out instead")


def test_file_name_with_a_backslash_is_not_an_id(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    shutil.copy(tmp_path / "content/roles/rep.yml", tmp_path / "content/roles/a\\b.yml")
    assert problems_of(tmp_path) == [
        "content/roles/a\\b.yml:1:1: 'a\\b' is not a valid id: name the file with lowercase letters, digits and hyphens"
    ]


def test_a_folder_named_like_a_file_is_not_a_content_file(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    (tmp_path / "content/roles/..yml").mkdir()
    (tmp_path / "content/roles/extra.yml").mkdir()
    # Hidden entries are skipped; a folder with a .yml name is not a file: it must not crash the load.
    problems = problems_of(tmp_path)
    assert all("Traceback" not in p for p in problems)
    assert problems == ["content/roles/extra.yml:1:1: 'extra.yml' is a folder inside content/roles/: a collection holds files only; move its files into content/roles/"]


# --- the command line never shows a traceback -----------------------------------------------------


@pytest.mark.parametrize("case", ["billion-laughs", "not-utf8-utf16", "control-character", "python-tag",
                                  "metric-drives-itself-through-another", "deep-flow-nesting",
                                  "terminal-escapes-in-a-key"])
def test_playbook_validate_exits_1_without_a_traceback(tmp_path: Path, case: str) -> None:
    root = overlay(tmp_path, case)
    env = {**os.environ, "PYTHONFAULTHANDLER": "1"}
    result = subprocess.run([PLAYBOOK, "validate"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr  # no terminal escape from content reaches the terminal
    expected = (HOSTILE / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    count = len(expected)
    assert result.stderr.splitlines() == [*expected, f"{count} problem{'s' if count > 1 else ''} found in the playbook content."]


def test_generated_deep_nesting_through_the_command_line(tmp_path: Path) -> None:
    root = overlay(tmp_path, "deep-flow-nesting")
    (root / "content/stages/close.yml").write_bytes(b"goal: " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    result = subprocess.run([PLAYBOOK, "validate"], cwd=root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1  # a crash of the interpreter would be -11
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        "content/stages/close.yml:1:46: the file is too complex: nested more than 40 levels deep"
    )


# --- hostile text on the built site: literal, inert, and the page keeps its shape ------------------

REPO = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def build_site(
    root: Path, overlay_dir: Path | None = None, *, palette_toggle: bool = False
) -> Path:
    """A real `mkdocs build` of the small playbook (plus ``overlay_dir``) with the package's theme
    override, so the Content-Security-Policy and the sanitizer are the ones the site ships with.
    Material's tooltips are on, as a team may turn them on: titles must be harmless even then."""
    shutil.copytree(FIXTURES / "small" / "content", root / "content")
    if overlay_dir is not None:
        shutil.copytree(overlay_dir / "content", root / "content", dirs_exist_ok=True)
    shutil.copytree(REPO / "site_config" / "pages", root / "docs")
    palette = (
        "[{scheme: default, toggle: {icon: material/brightness-7, name: Dark}},"
        " {scheme: slate, toggle: {icon: material/brightness-4, name: Light}}]"
        if palette_toggle else "[{scheme: default, primary: indigo}]"
    )
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile playbook\n"
        "docs_dir: docs\n"
        "theme: {name: material, font: false,\n"
        "  features: [navigation.indexes, navigation.sections, search.highlight, search.suggest, content.tooltips],\n"
        f"  palette: {palette}}}\n"
        f"plugins: [search, tags, {{playbook: {{content_dir: '{root / 'content'}'}}}}]\n"
        "markdown_extensions: [tables, admonition, attr_list, md_in_html, def_list, {toc: {permalink: true}},\n"
        "  {pymdownx.tasklist: {custom_checkbox: true}}, pymdownx.details, pymdownx.superfences]\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = mkdocs_in_process("build", "--strict", "-q", cwd=root, env=env)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("hostile-site"), HOSTILE / "_site")


def article(site: Path, page: str) -> str:
    """The generated part of a built page (what the sanitizer saw)."""
    html = (site / page).read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[start : html.index("</article>", html.index("<h1", start))]


def test_template_syntax_in_content_is_shown_literally(hostile_site: Path) -> None:
    close = article(hostile_site, "stages/close/index.html")
    assert "{{ playbook.stages }} and {% include 'home.md.j2' %} stay literal." in close
    owner = article(hostile_site, "personas/owner/index.html")
    assert "Will this slow my bakers down? {{ 7 * 7 }}" in owner
    assert "49" not in owner


def test_raw_html_in_content_is_text_not_markup(hostile_site: Path) -> None:
    close = article(hostile_site, "stages/close/index.html")
    assert "Is it worth the risk? &lt;script&gt;alert('script')&lt;/script&gt;" in close
    assert "&lt;img src=\"x\" onerror=\"alert('onerror')\"&gt;" in close
    assert "Send the trial agreement. &lt;/div&gt;&lt;/div&gt;&lt;/article&gt;" in close
    method = article(hostile_site, "methods/waste-questions/index.html")
    assert "&lt;iframe src=\"https://example.org\"&gt;&lt;/iframe&gt;" in method
    assert "&lt;style&gt;body { display: none }&lt;/style&gt; Still visible?" in method


@pytest.mark.parametrize("page", ["stages/close/index.html", "methods/waste-questions/index.html",
                                  "personas/owner/index.html"])
def test_no_script_handler_or_dangerous_url_survives(hostile_site: Path, page: str) -> None:
    import re

    body = article(hostile_site, page)
    assert "<script" not in body.lower() and "<iframe" not in body.lower() and "<style" not in body.lower()
    # No attribute that runs code, no javascript:/data: URL in any attribute.
    assert not re.search(r"<[^<>]*\son[a-z]+\s*=", body, re.I)
    assert not re.search(r"""<[^<>]*\b(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):""", body, re.I)
    assert not re.search(r'<[^<>]*\sid="__', body)


def test_links_keep_text_and_target_but_lose_their_titles(hostile_site: Path) -> None:
    close = article(hostile_site, "stages/close/index.html")
    # Material's tooltips would put a title into the page as HTML: no link has one.
    assert '<a href="https://example.com/terms">the terms</a>' in close
    assert '<a href="https://example.com/faq">the FAQ</a>' in close
    assert "title=" not in close


def test_attribute_lists_from_content_are_text(hostile_site: Path) -> None:
    close = article(hostile_site, "stages/close/index.html")
    # An attribute list other than classes and ids is shown as the text that was written.
    assert "<p>A paragraph with an attribute list.\n{: onclick=\"alert('attr')\" id=\"__config\" }</p>" in close
    assert 'Notes { id=\'x"onmouseover="alert(9)"style="position:fixed;inset:0\' }' in close.replace("&quot;", '"')
    assert not re.search(r'<[^<>]*\sid="__', close)


def test_an_unclosed_code_fence_does_not_swallow_the_page(hostile_site: Path) -> None:
    method = article(hostile_site, "methods/waste-questions/index.html")
    # The fence opened in "when to use" is closed at the end of that text, so the template's next
    # sections are still headings, and the properly fenced example is still its own code block.
    assert "<code>everything after this would be code\n</code>" in method
    assert '<h2 id="questions">Questions' in method
    assert '<h2 id="examples">Examples' in method
    assert "<code>loaves_left = 12\n</code>" in method


def test_a_stray_closing_tag_does_not_break_the_layout(hostile_site: Path) -> None:
    html = (hostile_site / "personas/owner/index.html").read_text(encoding="utf-8")
    assert "Runs the shop and the ovens. &lt;/div&gt; &lt;div class=\"md-sidebar\"&gt;" in html
    # The page's structure is the theme's: as many <div as </div, and the content is still followed
    # by the theme's footer.
    assert html.count("<div") == html.count("</div>")
    assert html.index("</article>") < html.index('<footer class="md-footer">')


def test_a_name_with_markup_stays_text_in_title_nav_and_tags(hostile_site: Path) -> None:
    import re

    html = (hostile_site / "stages/close/index.html").read_text(encoding="utf-8")
    assert "onmouseover" in html  # the name is there...
    # ...but never inside a tag: every occurrence follows an escaped '<'.
    assert not re.search(r"<b\s+onmouseover", html)
    assert "Close &lt;b onmouseover=\"alert('title')\">now&lt;/b>" in html


def test_close_fences_unit() -> None:
    from generator.site.markdown import close_fences

    assert close_fences("a\n\n```py\nx") == "a\n\n```py\nx\n```"
    assert close_fences("a\n```\nx\n```\n") == "a\n```\nx\n```\n"  # balanced: unchanged
    assert close_fences("    ~~~~\n    x\n    ~~~\n") == "    ~~~~\n    x\n    ~~~\n    ~~~~\n"  # a shorter fence does not close
    assert close_fences("inline ``` is not a fence") == "inline ``` is not a fence"


# --- files that are not plain content files ---------------------------------------------------------


def test_a_link_to_a_file_outside_the_content_folder_is_not_read(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    secret = tmp_path / "secret.yml"
    secret.write_text("name: Rep\nAPI_TOKEN: do-not-publish\n", encoding="utf-8")
    (tmp_path / "content/roles/rep.yml").unlink()
    (tmp_path / "content/roles/rep.yml").symlink_to(secret)
    problems = problems_of(tmp_path)
    assert problems == [
        "content/roles/rep.yml:1:1: 'rep.yml' links to a file outside the content folder: copy the file in instead"
    ]
    assert "API_TOKEN" not in "".join(problems)


def test_a_link_inside_the_content_folder_is_fine(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    (tmp_path / "content/roles/rep.yml").rename(tmp_path / "content/roles/.rep-source")
    (tmp_path / "content/roles/rep.yml").symlink_to(tmp_path / "content/roles/.rep-source")
    assert problems_of(tmp_path) == []


def test_a_named_pipe_is_refused_instead_of_hanging(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    os.mkfifo(tmp_path / "content/roles/pipe.yml")
    assert problems_of(tmp_path) == [
        "content/roles/pipe.yml:1:1: 'pipe.yml' is not a regular file: replace it with a text file"
    ]


def test_a_huge_file_is_refused_without_being_read(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    with open(tmp_path / "content/metrics/wins.yml", "r+b") as file:
        file.truncate(3 * 1024 * 1024 * 1024)  # 3 GiB, sparse: reading it would take the memory
    tracemalloc.start()
    problems = problems_of(tmp_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problems == ["content/metrics/wins.yml:1:1: the file is 3145728 KiB, over the 512 KiB limit: split it"]
    assert peak < 50 * 1024 * 1024


def test_nesting_is_refused_one_level_past_the_limit_at_the_spot() -> None:
    deep = b"goal: " + b"[" * 41 + b"]" * 41 + b"\n"
    assert parse(deep) == ["content/stages/close.yml:1:46: the file is too complex: nested more than 40 levels deep"]
    fine = b"goal: " + b"[" * 39 + b"]" * 39 + b"\n"  # 40 levels with the top mapping: allowed
    assert parse(fine) == []


def test_the_preview_problems_box_shows_hostile_names_as_text() -> None:
    # The live preview puts content problems on every page, hand-written ones too (not sanitized):
    # file names, keys and messages must stay text there.
    from generator.engines.preview import problems_box
    from generator.errors import Problem

    box = problems_box([
        Problem("content/stages/`<img src=x onerror=alert(1)>`.yml", 1, 1, "", "'x' is not a valid id"),
        Problem("content/stages/close.yml", 3, 1, "", "unknown field '[terms](javascript:alert(1))'"),
        Problem("content/stages/close.yml", 4, 1, "", "unknown field 'x{: onclick=\"alert(2)\" }' <img src=x>"),
    ])
    assert "<code>content/stages/`&lt;img src=x onerror=alert(1)&gt;`.yml:1:1</code>" in box
    assert "unknown field &#x27;[terms](javascript:alert(1))&#x27;" in box
    assert "&lt;img src=x&gt;</li>" in box
    assert "<a " not in box and "<img" not in box
