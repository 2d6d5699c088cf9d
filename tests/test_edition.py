"""Editions: `visibility: internal` on entities, list items and single lines, and the public build.

tests/fixtures/editions is the small bakery playbook plus internal material whose titles and texts
carry words found nowhere else (ZEBRA, MARMOT…), so a leak anywhere in the built site is visible.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.model.collections import COLLECTIONS
from generator.model.resolve import resolve
from generator.pipeline import Project, load_playbook
from generator.site.edition import public_edition, unlink, withheld_pages

from .conftest import FIXTURES, TEMPLATES, write
from .test_mkdocs_build import ENV, make_project, mkdocs_build
from .test_reproducible import with_site_url

EDITIONS = FIXTURES / "editions"
PLAYBOOK = [str(Path(sys.executable).parent / "playbook")]
# Every internal title, text and id in the fixture.
INTERNAL = ["Rival price ladder", "Pricing Desk Liaison", "Discount depth", "ZEBRA", "MARMOT", "OCELOT", "QUOKKA",
            "NARWHAL", "PANGOLIN", "competitor-pricing", "pricing-desk", "discount-depth", "Pricing Desk",
            "WOMBAT", "desk-handbook"]
# A hand-written page kept inside the company by its front matter, and a public one linking to it.
HAND_WRITTEN = {
    "about.md": "# About\n\nDiscounts are handled by [the desk](roles/pricing-desk.md); see [how](desk-handbook.md).\n",
    "desk-handbook.md": "---\nvisibility: internal\n---\n\n# The WOMBAT handbook\n\nHow the desk works.\n",
}


def project(root: Path) -> Project:
    return Project(root, root / "content", TEMPLATES)


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    shutil.copytree(EDITIONS / "content", tmp_path / "content")
    return tmp_path


def test_public_edition_drops_internal_entities_items_lines_and_references(editions: Path) -> None:
    _, validated = load_playbook(project(editions))
    public = resolve(public_edition(validated))
    assert [m.id for m in public.methods] == ["waste-questions"]
    assert [r.id for r in public.roles] == ["manager", "rep"]
    assert [m.id for m in public.metrics] == ["visits", "wins"]
    discover = public.stages[0]
    # The pricing desk's activity goes with the role; the internal manager activity goes on its own.
    assert [([r.id for r in a.roles], [str(x.text) for x in a.actions]) for a in discover.activities] == [
        (["rep"], ["Visit the shop at opening."]), (["manager"], ["Review the visit notes."])]
    assert [m.id for m in public.metrics[0].drives] == ["wins"]
    assert public.methods[0].questions == ["How many loaves went unsold yesterday?"]
    assert [m.id for m in public.coaching[0].methods] == ["waste-questions"]
    assert public.coaching[0].questions == ["What number did the owner give?"]
    assert public.philosophy is not None and [p.name for p in public.philosophy.principles] == ["Listen first"]
    # The full edition still has all of it.
    full = resolve(validated)
    assert len(full.methods) == 2 and len(full.stages[0].activities) == 4
    assert full.methods[1].questions[1] == "Which supplier quoted you the QUOKKA rate?"
    assert withheld_pages(full) == {"methods/competitor-pricing.md", "roles/pricing-desk.md",
                                    "metrics/discount-depth.md"}


def test_an_internal_philosophy_page_is_withheld(small_playbook: Path) -> None:
    path = small_playbook / "content" / "philosophy.yml"
    path.write_text("visibility: internal\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    playbook, validated = load_playbook(project(small_playbook))
    assert withheld_pages(playbook) == {"philosophy.md"}
    assert resolve(public_edition(validated)).philosophy is None


@pytest.mark.parametrize(("markdown", "expected"), [
    ("See [the desk](../roles/pricing-desk.md).", "See the desk."),
    ("See [the desk](../roles/pricing-desk.md#top \"Desk\").", "See the desk."),
    ("See [the desk](../roles/pricing-desk/).", "See the desk."),
    ("See [the rep](../roles/rep.md).", "See [the rep](../roles/rep.md)."),
    ("See ![desk](../roles/pricing-desk.md).", "See ![desk](../roles/pricing-desk.md)."),
    ("See [the desk](https://example.com/roles/pricing-desk.md).", "See [the desk](https://example.com/roles/pricing-desk.md)."),
])
def test_links_to_withheld_pages_become_plain_text(markdown: str, expected: str) -> None:
    assert unlink(markdown, "methods/waste-questions.md", {"roles/pricing-desk.md"}) == expected


def test_a_line_written_as_fields_reports_mistakes_where_they_are(small_playbook: Path) -> None:
    write(small_playbook, "content/methods/waste-questions.yml", (
        "name: Waste questions\nkind: question-bank\nsummary: Turns waste into a number.\n"
        "when_to_use: On the first visit.\nstages: [discover]\nquestions:\n"
        "  - How many loaves went unsold yesterday?\n"
        "  - txt: Which supplier quoted you?\n"
        "    visibility: internal\n"
        "  - text: Who bakes at night?\n"
        "    visibility: secret\n"
        "  - visibility: internal\n"))
    with pytest.raises(ContentError) as caught:
        load_playbook(project(small_playbook))
    shown = [str(p) for p in caught.value.problems]
    assert shown == [
        "content/methods/waste-questions.yml:8:5: questions[1].txt: unknown field 'txt': did you mean 'text'?",
        ("content/methods/waste-questions.yml:11:17: questions[2].visibility: 'secret' is not allowed here; "
         "use one of 'public' or 'internal'"),
        ("content/methods/waste-questions.yml:12:5: questions[3].text: required field 'text' is missing: "
         "add 'text:' (the line itself, as it would be written on its own)"),
    ]


def test_visibility_on_a_list_item_must_be_public_or_internal(small_playbook: Path) -> None:
    path = small_playbook / "content" / "philosophy.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    description: Ask before you show.\n", "    description: Ask before you show.\n    visibility: hidden\n"),
        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_playbook(project(small_playbook))
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.where) == (
        "content/philosophy.yml", 6, 17, "principles[0].visibility")
    assert problem.message.startswith("'hidden' is not allowed here; use one of 'public' or 'internal'")


def every_text(site: Path) -> dict[str, str]:
    """Every built file as text, sitemap.xml.gz unpacked, so a scan sees what a crawler would."""
    out = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        out[path.relative_to(site).as_posix()] = raw.decode("utf-8", errors="replace")
    return out


def test_public_build_has_no_trace_of_internal_material(editions: Path, tmp_path: Path) -> None:
    config = with_site_url(make_project(editions, editions / "content", HAND_WRITTEN))

    # The full edition shows every internal title and text: the scan below can find them.
    full = mkdocs_build(config, tmp_path / "full")
    assert full.returncode == 0, full.stderr
    full_text = "\n".join(every_text(tmp_path / "full").values())
    assert [word for word in INTERNAL if word not in full_text] == []

    public = subprocess.run([*PLAYBOOK, "build", "-f", str(config), "--site-dir", str(tmp_path / "public"),
                             "--edition", "public"], capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert public.returncode == 0, public.stderr
    texts = every_text(tmp_path / "public")
    assert {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"} <= set(texts)
    assert "methods/waste-questions/" in texts["sitemap.xml"]
    leaks = [(name, word) for name, text in texts.items() for word in INTERNAL if word in text]
    assert leaks == []
    # Public pages are still there, and the links to withheld pages kept their words.
    assert (tmp_path / "public" / "methods" / "waste-questions" / "index.html").is_file()
    assert "if a rival quote comes up, use the pricing answer." in texts["methods/waste-questions/index.html"]
    assert "Discounts are handled by the desk; see how." in texts["about/index.html"]
    assert not (tmp_path / "public" / "desk-handbook").exists()


def test_the_plugin_option_chooses_the_edition_for_plain_mkdocs(editions: Path, tmp_path: Path) -> None:
    import yaml

    config = make_project(editions, editions / "content")
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["plugins"][2]["playbook"]["edition"] = "public"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "methods" / "competitor-pricing").exists()
    assert (tmp_path / "site" / "methods" / "waste-questions" / "index.html").is_file()

    settings["plugins"][2]["playbook"]["edition"] = "secret"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    wrong = mkdocs_build(config, tmp_path / "site2")
    assert wrong.returncode != 0
    assert "edition" in wrong.stderr and "'secret'" in wrong.stderr


def test_a_hand_written_nav_loses_withheld_pages_in_the_public_edition(editions: Path, tmp_path: Path) -> None:
    import yaml

    config = make_project(editions, editions / "content", HAND_WRITTEN)
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["nav"] = [{"About": [{"Us": "about.md"}, {"Desk": "desk-handbook.md"}]}, {"Desk only": ["desk-handbook.md"]}]
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    result = subprocess.run([*PLAYBOOK, "build", "-f", str(config), "--site-dir", str(tmp_path / "public"),
                             "--edition", "public"], capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert result.returncode == 0, result.stderr  # strict: a nav entry for a missing page would fail it
    home = (tmp_path / "public" / "about" / "index.html").read_text(encoding="utf-8")
    assert "Us" in home and "WOMBAT" not in home and "Desk only" not in home


def test_prune_nav_drops_withheld_pages_and_emptied_sections() -> None:
    from generator.site.edition import prune_nav

    nav = ["index.md", {"A": "a.md"}, {"S": ["s.md", {"B": "b.md"}]}, {"T": [{"B": "b.md"}]}, {"Web": "https://x.invalid"}]
    assert prune_nav(nav, {"b.md", "a.md"}) == ["index.md", {"S": ["s.md"]}, {"Web": "https://x.invalid"}]


def test_internal_hand_written_pages_are_found_by_front_matter(tmp_path: Path) -> None:
    from generator.engines.handwritten import internal_hand_written

    write(tmp_path, "docs/a.md", "---\nvisibility: internal\n---\n# A\n")
    write(tmp_path, "docs/sub/b.md", "---\ntitle: B\nvisibility: internal\n...\n# B\n")
    write(tmp_path, "docs/c.md", "# C\n\nvisibility: internal\n")  # not front matter
    write(tmp_path, "docs/d.md", "---\nvisibility: public\n---\n# D\n")
    write(tmp_path, "docs/e.md", "---\nvisibility: [unclosed\n---\n# E\n")
    assert internal_hand_written(tmp_path / "docs") == {"a.md", "sub/b.md"}


def test_the_public_scan_finds_nothing_internal_with_a_history_in_play(editions: Path, tmp_path: Path) -> None:
    """Every internal item was public in an older commit, and one commit does not validate: the
    public site (every file, the unpacked sitemap, the search index), the public export and
    `playbook changes --edition public` still name none of it."""
    config = with_site_url(make_project(editions, editions / "content", HAND_WRITTEN))
    files = sorted((editions / "content").rglob("*.yml"))
    final = {path: path.read_text(encoding="utf-8") for path in files}

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args], cwd=editions,
                       check=True, capture_output=True)

    git("init", "-q")
    for path, text in final.items():  # 1. everything public
        path.write_text(text.replace("visibility: internal", "visibility: public"), encoding="utf-8")
    git("add", ".")
    git("commit", "-q", "-m", "All public: ZEBRA")
    git("tag", "first")
    discover = editions / "content/stages/discover.yml"  # 2. a revision that does not validate
    discover.write_text(discover.read_text(encoding="utf-8") + "note: QUOKKA floor price\n", encoding="utf-8")
    git("commit", "-q", "-am", "Broken: MARMOT")
    for path, text in final.items():  # 3. as it is now
        path.write_text(text, encoding="utf-8")
    git("commit", "-q", "-am", "Internal again: OCELOT")

    public = subprocess.run([*PLAYBOOK, "build", "-f", str(config), "--site-dir", str(tmp_path / "public"),
                             "--edition", "public"], capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert public.returncode == 0, public.stderr
    texts = every_text(tmp_path / "public")
    assert "team/whats-new/index.html" in texts and "search/search_index.json" in texts
    exported = subprocess.run([*PLAYBOOK, "export", str(tmp_path / "export"), "-f", str(config), "--edition", "public"],
                              capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert exported.returncode == 0, exported.stderr
    texts |= {f"export/{p.relative_to(tmp_path / 'export')}": p.read_text(encoding="utf-8", errors="replace")
              for p in (tmp_path / "export").rglob("*") if p.is_file()}
    changes = subprocess.run([*PLAYBOOK, "changes", "--since", "first", "--edition", "public", "--root", str(editions)],
                             capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert changes.returncode == 0, changes.stderr
    texts["changes"] = changes.stdout
    leaks = [(name, word) for name, text in texts.items() for word in INTERNAL if word in text]
    assert leaks == []
    # The full edition's What's new does list the history: the scan above had something to find.
    full = subprocess.run([*PLAYBOOK, "build", "-f", str(config), "--site-dir", str(tmp_path / "full")],
                          capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert full.returncode == 0, full.stderr
    whats_new = (tmp_path / "full/team/whats-new/index.html").read_text(encoding="utf-8")
    assert "OCELOT" in whats_new and "ZEBRA" in whats_new


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_a_link_to_an_internal_entity_of_every_collection_is_text_in_the_public_edition(
    collection: str, small_playbook: Path, tmp_path: Path
) -> None:
    import yaml

    from generator.authoring.scaffold import scaffold
    from generator.pipeline import build_pages

    kind = COLLECTIONS[collection]
    content = small_playbook / "content"
    existing = content / kind.path
    file = existing if kind.single and existing.is_file() else scaffold(content, kind.kind, None if kind.single else "secret-one")
    file.write_text("visibility: internal\n" + file.read_text(encoding="utf-8"), encoding="utf-8")
    playbook, _ = load_playbook(project(small_playbook))
    entity = file.stem if not kind.single else collection
    page = next(view.page for name, view in playbook.views() if name == collection and view.id == entity)
    assert page in {p.path for p in build_pages(project(small_playbook)).pages}  # the full edition has the page
    assert page in withheld_pages(playbook)

    config = make_project(tmp_path / "project", content, {"links.md": f"# Links\n\nSee [the secret one]({page}).\n"})
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["plugins"][2]["playbook"]["edition"] = "public"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")  # strict: a link to a missing page would fail it
    assert result.returncode == 0, result.stderr
    assert "<p>See the secret one.</p>" in (tmp_path / "site" / "links" / "index.html").read_text(encoding="utf-8")
