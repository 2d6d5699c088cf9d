"""Security and faults, round 2: each hole found by trying the build as an attacker or a careless
editor would, with a test that fails while the hole is open.

Browser-side proofs (hovering every link, the live preview in Chromium) are in
tests/browser/test_trust.py; the hostile corpus (tests/hostile/) holds the located messages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from generator.engines.publish import WORK_SUFFIX, build_atomically, remove_leftovers
from generator.errors import ContentError
from generator.pipeline import Project, build_pages, load_playbook
from generator.site.markdown import content_markdown

from .conftest import FIXTURES, REPO, TEMPLATES, mkdocs_in_process, playbook_in_process, write
from .test_mkdocs_build import ENV, make_project, mkdocs_build

PLAYBOOK = str(Path(sys.executable).parent / "playbook")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args], cwd=root,
                   check=True, capture_output=True)


def problems(root: Path) -> list[str]:
    try:
        load_playbook(Project.at(root))
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return []


# --- 1. link titles -------------------------------------------------------------------------------


def test_no_link_title_reaches_a_page_and_tooltips_are_off(small_playbook: Path, tmp_path: Path) -> None:
    stage = small_playbook / "content/stages/close.yml"
    payload = '[x](https://example.com "<meta http-equiv=refresh content=0;url=https://example.org/>")'
    stage.write_text(stage.read_text().replace("goal: Agree a trial.", f"goal: 'Agree a trial. {payload}'"))
    site = tmp_path / "site"
    result = mkdocs_build(make_project(tmp_path / "p", small_playbook / "content"), site)
    assert result.returncode == 0, result.stderr
    for page in ("stages/close/index.html", "stages/cards/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "http-equiv=refresh" not in html and "title=\"&lt;meta" not in html, page
        assert '<a href="https://example.com">x</a>' in html, page
    features = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))["theme"]
    assert "content.tooltips" not in features["features"]


# --- 2 and 3. the table of contents, theme ids -------------------------------------------------------


def test_heading_attributes_and_theme_ids_from_content_stay_text(small_playbook: Path, tmp_path: Path) -> None:
    stage = small_playbook / "content/stages/close.yml"
    stage.write_text(stage.read_text().replace("buyer_view: Is it worth the risk?", (
        "buyer_view: |\n  Is it worth the risk?\n\n"
        "  ## Notes { id='x\"onmouseover=\"alert(9)\"style=\"position:fixed;inset:0' }\n\n"
        "  ## Search { #__search }\n\n  ## __config\n")))
    site = tmp_path / "site"
    config = make_project(tmp_path / "p", small_playbook / "content")
    data = yaml.safe_load(config.read_text())
    data["markdown_extensions"] += ["admonition", {"toc": {"permalink": True}}]
    config.write_text(yaml.safe_dump(data))
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    html = (site / "stages/close/index.html").read_text(encoding="utf-8")
    assert not re.search(r"<[^<>]*\sonmouseover=", html)
    # Exactly one element of each theme id: the theme's own.
    for theme_id in ("__config", "__search", "__drawer"):
        assert len(re.findall(rf'\sid="{theme_id}"', html)) == 1, theme_id
    assert 'id="id__config"' in html  # the heading "__config" keeps its place under another id


# --- 4. the public edition and history ----------------------------------------------------------------


def test_what_is_internal_now_stays_out_of_public_history(tmp_path: Path) -> None:
    root = tmp_path
    shutil.copytree(FIXTURES / "small" / "content", root / "content")
    method = root / "content/methods/waste-questions.yml"
    method.write_text(method.read_text() + "  - Which rival bakery undercuts you, and by how much?\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    git(root, "tag", "v1")
    # Commit 2: the question is changed slightly, still public; commit 3: it is made internal.
    method.write_text(method.read_text().replace("by how much?", "by how much, exactly?"))
    git(root, "commit", "-q", "-am", "second")
    method.write_text(method.read_text().replace(
        "  - Which rival bakery undercuts you, and by how much, exactly?\n",
        "  - text: Which rival bakery undercuts you, and by how much, exactly?\n    visibility: internal\n"))
    # Commit 4: a revision that does not validate, holding internal text as written.
    stage = root / "content/stages/close.yml"
    git(root, "commit", "-q", "-am", "third")
    good = stage.read_text()
    stage.write_text(good + "secret_note: Our floor price is 4.10 a loaf\nvisibility: internl\n")
    git(root, "commit", "-q", "-am", "broken")
    stage.write_text(good)
    git(root, "commit", "-q", "-am", "fixed")
    site = build_pages(Project(root, root / "content", TEMPLATES), "public")
    whats_new = next(p for p in site.pages if p.path == "team/whats-new.md").markdown
    assert "rival bakery" not in whats_new and "floor price" not in whats_new
    internal = next(p for p in build_pages(Project(root, root / "content", TEMPLATES)).pages
                    if p.path == "team/whats-new.md").markdown
    assert "rival bakery" in internal  # the full edition lists it: the public one really hid it
    changes = playbook_in_process("changes", "--since", "v1", "--edition", "public", "--root", str(root))
    assert changes.returncode == 0, changes.stderr
    assert "rival bakery" not in changes.stdout and "floor price" not in changes.stdout
    broken = playbook_in_process("changes", "--since", "HEAD~1", "--to", "HEAD~1", "--edition", "public",
                                 "--root", str(root))
    assert broken.returncode == 1
    assert "the content at HEAD~1 does not validate, so all of it counts as internal" in broken.stderr


@pytest.mark.parametrize("name, prefix", [("secret.markdown", b""), ("secret.md", b"\xef\xbb\xbf")])
def test_hand_written_internal_pages_stay_out_however_they_are_saved(
        small_playbook: Path, tmp_path: Path, name: str, prefix: bytes) -> None:
    config = make_project(tmp_path / "p", small_playbook / "content", {"about.md": f"# About\n\nSee [it]({name}).\n"})
    (tmp_path / "p/docs" / name).write_bytes(prefix + b"---\nvisibility: internal\n---\n# Secret plans\n")
    site = tmp_path / "site"
    data = yaml.safe_load(config.read_text())
    data["plugins"][2]["playbook"]["edition"] = "public"
    config.write_text(yaml.safe_dump(data))
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "secret").exists()
    assert not any("Secret plans" in p.read_text(errors="replace") for p in site.rglob("*") if p.is_file()
                   and p.suffix in (".html", ".json", ".xml"))


# --- 5. the export --------------------------------------------------------------------------------


def test_the_export_built_with_plain_mkdocs_runs_nothing(small_playbook: Path, tmp_path: Path) -> None:
    stage = small_playbook / "content/stages/close.yml"
    stage.write_text(stage.read_text().replace("goal: Agree a trial.", (
        "goal: |\n  Agree a trial.\n  {: onclick=\"alert(1)\" }\n\n"
        "  [terms](https://example.com/t \"<img src=x onerror=alert(2)>\") *done*{: onmouseover=\"alert(3)\" }\n")))
    shutil.copy(REPO / "mkdocs.yml", small_playbook / "mkdocs.yml")
    data = yaml.safe_load((small_playbook / "mkdocs.yml").read_text())
    data["docs_dir"] = "docs"
    data["plugins"] = ["search", "tags", "playbook"]
    (small_playbook / "mkdocs.yml").write_text(yaml.safe_dump(data))
    (small_playbook / "docs").mkdir()
    out = tmp_path / "export"
    result = playbook_in_process("export", str(out), "-f", str(small_playbook / "mkdocs.yml"), env=ENV)
    assert result.returncode == 0, result.stderr
    built = mkdocs_in_process("build", "-f", str(out / "mkdocs.yml"), "-d", str(tmp_path / "site"), env=ENV)
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "site/stages/close/index.html").read_text(encoding="utf-8")
    assert not re.search(r"<[^<>]*\son[a-z]+\s*=", html)
    assert "<img" not in html.split('<article', 1)[1] and 'title="&lt;img' not in html


def test_the_markdown_policy_leaves_no_live_target_in_plain_markdown(tmp_path: Path) -> None:
    # What validation refuses is also inert where validation never ran: the policy itself, built
    # with plain Python-Markdown as any engine would build exported pages.
    import markdown

    hostile = [
        "[a](javascript:alert(1))", "[b]( JaVaScRiPt:alert(2) )", "[c](java\tscript:alert(3))",
        "[d](data:text/html;base64,PHNjcmlwdD4=)", "[e][r]\n\n[r]: vbscript:msgbox(4)", "![f](https://tracker.example/p.png)",
        "![g][i]\n\n[i]: https://tracker.example/i.png", "[h](<javascript:alert(5)>)", "x {: onclick=\"alert(6)\" }",
        "*y*{: onmouseover=alert(7) }", "[z](https://example.com 'title') {#__config}", "[u](unknown:thing)",
    ]
    for text in hostile:
        html = markdown.markdown(content_markdown(text), extensions=["attr_list", "tables", "md_in_html"])
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|data|vbscript|unknown)""", html, re.I), text
        assert "<img" not in html and "title=" not in html, text
        assert not re.search(r"<[^<>]*\son[a-z]+=", html) and not re.search(r'<[^<>]*id="__', html), text


# --- 6 and 7. the site folder --------------------------------------------------------------------


@pytest.mark.parametrize("umask, mode", [(0o022, 0o755), (0o027, 0o750)])
def test_the_site_folder_has_the_permissions_a_mkdir_gives(tmp_path: Path, umask: int, mode: int) -> None:
    before = os.umask(umask)
    try:
        build_atomically(tmp_path / "site", lambda d: (d / "index.html").write_text("x"))
    finally:
        os.umask(before)
    assert (tmp_path / "site").stat().st_mode & 0o777 == mode


KILLABLE_HOOK = '''
import time
from pathlib import Path

def on_post_page(output, page, config):
    Path(__file__).with_name("started").touch()
    time.sleep(60)
    return output
'''


def test_a_killed_build_leaves_nothing_the_next_build_does_not_remove(small_playbook: Path, tmp_path: Path) -> None:
    project = small_playbook  # `playbook build` validates content/ beside mkdocs.yml
    config = make_project(project, small_playbook / "content")
    assert playbook_in_process("build", "-f", str(config), env=ENV).returncode == 0
    before = sorted(p.name for p in project.iterdir())
    write(project, "hook.py", KILLABLE_HOOK)
    config.write_text(config.read_text() + "hooks: [hook.py]\n")
    debris: list[list[str]] = []
    for _ in range(2):  # two builds killed with SIGKILL while writing pages
        build = subprocess.Popen([PLAYBOOK, "build", "-f", str(config)], env=ENV, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not (project / "started").exists():
            assert time.monotonic() < deadline and build.poll() is None
            time.sleep(0.1)
        build.kill()
        build.wait()
        (project / "started").unlink()
        debris.append(sorted(p.name for p in project.iterdir() if p.name.startswith(".site.")))
        assert (project / "site/index.html").is_file()  # the published site never went away
    # Each killed build left its folder and marker; the next build removed what the previous left.
    for left in debris:
        assert len(left) == 2 and re.fullmatch(r"\.site\.building-[0-9a-f]{8}", left[0])
        assert left[1] == left[0] + WORK_SUFFIX
    assert not set(debris[0]) & set(debris[1])
    # An unrelated folder that looks like ours but has no marker is never touched.
    (project / ".site.building-notours").mkdir()
    config.write_text(config.read_text().replace("hooks: [hook.py]\n", ""))
    assert playbook_in_process("build", "-f", str(config), env=ENV).returncode == 0
    assert sorted(p.name for p in project.iterdir()) == sorted([*before, "hook.py", ".site.building-notours"])
    assert sorted(before) == sorted(["content", "docs", "mkdocs.yml", "site"])


def test_leftovers_of_a_live_build_are_left_alone(tmp_path: Path) -> None:
    seen: list[list[Path]] = []
    build_atomically(tmp_path / "site", lambda d: seen.append(remove_leftovers(tmp_path / "site")))
    assert seen == [[]]  # the build's own working folder is locked: another build does not remove it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert not list(tmp_path.glob(f"*{WORK_SUFFIX}"))


def test_the_site_folder_exists_at_every_moment_of_many_swaps(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_atomically(site, lambda d: (d / "index.html").write_text("0"))
    missing: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not (site / "index.html").is_file():
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for n in range(1, 40):
            build_atomically(site, lambda d, n=n: (d / "index.html").write_text(str(n)))
    finally:
        done.set()
        watcher.join()
    assert missing == [] and (site / "index.html").read_text() == "39"


def test_two_builds_racing_both_succeed_and_leave_nothing_behind(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_atomically(site, lambda d: (d / "index.html").write_text("0"))
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def build(n: int) -> None:
        def write(d: Path) -> None:
            (d / "index.html").write_text(str(n))
            barrier.wait()  # both are ready to swap at the same moment
        try:
            build_atomically(site, write)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=build, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert (site / "index.html").read_text() in ("1", "2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# --- 8. links inside content ----------------------------------------------------------------------


def test_a_link_by_id_works_on_every_page_that_shows_the_text(small_playbook: Path, tmp_path: Path) -> None:
    stage = small_playbook / "content/stages/close.yml"
    stage.write_text(stage.read_text().replace(
        "  - Trial agreement signed.", "  - Trial agreement signed; ask [the waste questions](method:waste-questions)."))
    root = tmp_path / "p"
    config = make_project(root, small_playbook / "content")
    git(small_playbook, "init", "-q")
    git(small_playbook, "add", ".")
    git(small_playbook, "commit", "-q", "-m", "first")
    stage.write_text(stage.read_text().replace("Trial agreement signed;", "Trial agreement signed by the owner;"))
    git(small_playbook, "commit", "-q", "-am", "second")  # so What's new quotes the text too
    site = tmp_path / "site"
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr  # strict: no broken link anywhere
    for page, href in (("stages/close/index.html", "../../methods/waste-questions/"),
                       ("stages/cards/index.html", "../../methods/waste-questions/")):
        assert f'<a href="{href}">the waste questions</a>' in (site / page).read_text(encoding="utf-8"), page
    whats_new = (site / "team/whats-new/index.html").read_text(encoding="utf-8")
    assert "ask the waste questions" in whats_new  # quoted as text


def test_links_by_id_to_internal_pages_are_text_in_the_public_edition(tmp_path: Path) -> None:
    root = tmp_path
    shutil.copytree(FIXTURES / "editions" / "content", root / "content")
    method = root / "content/methods/waste-questions.yml"
    method.write_text(method.read_text().replace(
        "when_to_use: On the first visit; if a rival quote comes up, use [the pricing answer](method:competitor-pricing).",
        "when_to_use: |\n  On the first visit; if a rival quote comes up, use [the pricing answer](method:competitor-pricing)"
        " or [that one][p].\n\n  [p]: method:competitor-pricing"))
    project = Project(root, root / "content", TEMPLATES)
    full = next(p for p in build_pages(project).pages if p.path == "methods/waste-questions.md").markdown
    assert "[the pricing answer](competitor-pricing.md)" in full and "[p]: competitor-pricing.md" in full
    public = next(p for p in build_pages(project, "public").pages if p.path == "methods/waste-questions.md").markdown
    assert "use the pricing answer or that one." in public and "competitor-pricing" not in public


def test_reference_links_to_withheld_pages_lose_link_and_definition() -> None:
    from generator.site.edition import unlink

    page = "See [the map][m], [m] and [ok][o].\n\n[m]: ../methods/secret.md\n[o]: ../methods/open.md\n"
    assert unlink(page, "guide/index.md", {"methods/secret.md"}) == (
        "See the map, m and [ok][o].\n\n[o]: ../methods/open.md\n")


# --- 9. names ---------------------------------------------------------------------------------------


def test_a_name_with_a_bar_keeps_the_methods_table_whole(small_playbook: Path, tmp_path: Path) -> None:
    method = small_playbook / "content/methods/waste-questions.yml"
    method.write_text(method.read_text().replace("name: Waste questions", "name: 'Waste | questions'"))
    site = tmp_path / "site"
    result = mkdocs_build(make_project(tmp_path / "p", small_playbook / "content"), site)
    assert result.returncode == 0, result.stderr
    html = (site / "methods/index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr>\s*<td><a href=\"waste-questions/\">Waste \| questions</a></td>(.*?)</tr>", html, re.S)
    assert row is not None, html[html.find("<table"):html.find("</table>")]


# --- 10 and 12. the live preview -------------------------------------------------------------------


def test_the_preview_keeps_watching_a_folder_moved_away_and_back(tmp_path: Path) -> None:
    from .test_serve import fetch, stop, wait_for, write_project

    config = write_project(tmp_path)
    from .test_serve import BIN, free_port

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(BIN / "playbook"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                                   cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, env=ENV, start_new_session=True)
    try:
        page = f"http://127.0.0.1:{port}/metrics/visits/"
        wait_for(page, lambda b: "First visits" in b, timeout=90)
        shutil.move(str(tmp_path / "content"), str(tmp_path / "content-away"))
        time.sleep(1.5)
        shutil.move(str(tmp_path / "content-away"), str(tmp_path / "content"))
        time.sleep(1.5)
        metric = tmp_path / "content/metrics/visits.yml"
        metric.write_text(metric.read_text().replace("name: First visits", "name: Morning visits"))
        wait_for(page, lambda b: "Morning visits" in b, timeout=20)
        # A path no file can have is a 404, with no traceback in the terminal.
        import urllib.error
        import urllib.request

        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/%00", timeout=5)
        assert caught.value.code == 404
        assert fetch(page)
    finally:
        stop(process)
    text = log.read_text(errors="replace")
    assert "Traceback" not in text and "embedded null byte" not in text, text
