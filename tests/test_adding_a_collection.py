"""The recipe in docs/internals.md ("Adding a collection"), followed in a scratch copy of the package.

A glossary is added exactly as the recipe says: a model module, its line in ``model/collections.py``
and two templates (the entity page and the section's index, named by convention), plus content. No
other file of the package is touched, and every command handles it: validate, new, list, show, build
(both editions: the public one withholds an internal term) and the export.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small" / "content"

MODEL = '''"""glossary/: the words the team uses, each with what it means here."""

from __future__ import annotations

from generator.model.base import Entity, StageRef, field, optional
from generator.model.text import Name, Text


class Term(Entity):
    """A word the team uses, and what it means here."""

    name: Name = field("The word as the team writes it.", "Champion")
    meaning: Text = field("What it means here, in a sentence or two.", "The buyer who sells for us inside.")
    stages: list[StageRef] = optional("Ids of the stages where the word comes up.", ["discover"])
'''
LINE = '''        Collection("glossary", Term, "term", "term", section="Glossary", essential=("name", "meaning")),
'''
PAGE = """# {{ item.title }}

{{ item.meaning }}
{% if item.stages %}

Comes up in {{ item.stages | links }}.
{% endif %}
"""
INDEX = """# Glossary

{% for term in playbook.glossary %}
- **{{ term | link }}**: {{ term.meaning | short(120) | cell }}
{% endfor %}
"""


# An editable install finds the checkout's package before PYTHONPATH does: take its finder out first.
LAUNCH = """import runpy, sys
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
sys.argv[0] = "playbook"
runpy.run_module(sys.argv.pop(1), run_name="__main__", alter_sys=True)
"""


def python(copy: Path, cwd: Path, module: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-c", LAUNCH, module, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, check=False, timeout=300)


def run(copy: Path, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return python(copy, project, "generator", *args)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the copy of the package with a glossary added by the recipe, a project using it)."""
    base = tmp_path_factory.mktemp("adding")
    copy = base / "src"
    for folder in ("generator", "templates", "site_config"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    # 1. The model module.
    (copy / "generator/model/glossary.py").write_text(MODEL, encoding="utf-8")
    # 2. Its line in collections.py (and the import of its model).
    registry = copy / "generator/model/collections.py"
    text = registry.read_text(encoding="utf-8")
    anchor = "from generator.model.forecast import ForecastCategory\n"
    assert anchor in text and "    )\n}\n" in text
    text = text.replace(anchor, anchor + "from generator.model.glossary import Term\n")
    text = text.replace("    )\n}\n", LINE + "    )\n}\n", 1)
    registry.write_text(text, encoding="utf-8")
    # 3. Its templates, by the naming convention: <kind>.md.j2 and <name>.md.j2.
    (copy / "templates/term.md.j2").write_text(PAGE, encoding="utf-8")
    (copy / "templates/glossary.md.j2").write_text(INDEX, encoding="utf-8")
    # 4. Content: the small fixture, two terms, one of them internal.
    project = base / "project"
    shutil.copytree(SMALL, project / "content")
    (project / "content/glossary").mkdir()
    (project / "content/glossary/champion.yml").write_text(
        "name: Champion\nmeaning: The buyer who sells for us inside.\nstages: [discover]\n", encoding="utf-8")
    (project / "content/glossary/whale.yml").write_text(
        "name: Whale\nmeaning: A buyer we would rather not name.\nvisibility: internal\n", encoding="utf-8")
    (project / "content/stages/close.yml").write_text(
        (SMALL / "stages/close.yml").read_text(encoding="utf-8").replace(
            "buyer_view: Is it worth the risk?\n", "buyer_view: Is the [champion](term:champion) sure?\n", 1),
        encoding="utf-8")
    config = {
        "site_name": "Glossary test",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", "tags", "playbook"],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", "pymdownx.tasklist"],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (project / "docs").mkdir()
    found = run(copy, project, "--help")
    assert found.returncode == 0, found.stderr
    (base / "where.py").write_text("import generator\nprint(generator.__file__)\n", encoding="utf-8")
    where = python(copy, base, "where")
    assert where.stdout.strip().startswith(str(copy)), "the scratch copy must be the package that runs"
    return copy, project


def test_the_recipe_touches_no_other_file_of_the_package(scratch: tuple[Path, Path]) -> None:
    copy, _ = scratch
    changed = sorted(
        p.relative_to(copy).as_posix()
        for folder in ("generator", "templates", "site_config")
        for p in (copy / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
        and (not (ROOT / p.relative_to(copy)).is_file() or (ROOT / p.relative_to(copy)).read_bytes() != p.read_bytes())
    )
    assert changed == ["generator/model/collections.py", "generator/model/glossary.py", "templates/glossary.md.j2",
                       "templates/term.md.j2"]


def test_validate_new_list_and_show_handle_the_new_collection(scratch: tuple[Path, Path]) -> None:
    copy, project = scratch
    result = run(copy, project, "validate")
    assert result.returncode == 0, result.stderr
    broken = project / "content/glossary/broken.yml"
    try:
        broken.write_text("name: Broken\n", encoding="utf-8")
        result = run(copy, project, "validate")
        assert result.returncode == 1
        assert "content/glossary/broken.yml:1:1: meaning: required field 'meaning' is missing" in result.stderr
        broken.write_text("name: Broken\nmeaning: Wrong.\nstages: [nowhere]\n", encoding="utf-8")
        result = run(copy, project, "validate")
        assert result.returncode == 1
        assert "content/glossary/broken.yml:3:" in result.stderr and "nowhere" in result.stderr
    finally:
        broken.unlink()
    result = run(copy, project, "new", "term", "deal-desk")
    assert result.returncode == 0, result.stderr
    written = (project / "content/glossary/deal-desk.yml").read_text(encoding="utf-8")
    assert "\nname: 'REPLACE: Deal desk'\n" in written and "\nmeaning: 'REPLACE:" in written
    assert "# stages:" in written  # optional: shown, commented out
    assert run(copy, project, "validate").returncode == 0
    (project / "content/glossary/deal-desk.yml").unlink()
    assert "term" in run(copy, project, "new", "--help").stdout
    listed = run(copy, project, "list", "term")
    assert listed.returncode == 0, listed.stderr
    assert "champion" in listed.stdout and "whale" in listed.stdout
    shown = run(copy, project, "show", "champion")
    assert shown.returncode == 0, shown.stderr
    assert "Champion" in shown.stdout and "discover" in shown.stdout
    assert "close" in shown.stdout  # referred to by the close stage's text


def test_both_editions_and_the_export_handle_the_new_collection(scratch: tuple[Path, Path]) -> None:
    copy, project = scratch
    internal = run(copy, project, "build", "--site-dir", "site-internal")
    assert internal.returncode == 0, internal.stdout + internal.stderr
    page = (project / "site-internal/glossary/champion/index.html").read_text(encoding="utf-8")
    assert "The buyer who sells for us inside." in page and 'href="../../stages/discover/"' in page
    index = (project / "site-internal/glossary/index.html").read_text(encoding="utf-8")
    assert "Champion" in index and "Whale" in index
    close = (project / "site-internal/stages/close/index.html").read_text(encoding="utf-8")
    assert 'href="../../glossary/champion/"' in close

    public = run(copy, project, "build", "--edition", "public", "--site-dir", "site-public")
    assert public.returncode == 0, public.stdout + public.stderr
    assert (project / "site-public/glossary/champion/index.html").is_file()
    assert not (project / "site-public/glossary/whale/index.html").exists()
    assert "Whale" not in (project / "site-public/glossary/index.html").read_text(encoding="utf-8")

    exported = run(copy, project, "export", "exported", "--edition", "public")
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert "The buyer who sells for us inside." in (project / "exported/docs/glossary/champion.md").read_text(
        encoding="utf-8")
    assert not (project / "exported/docs/glossary/whale.md").exists()
    nav = (project / "exported/mkdocs.yml").read_text(encoding="utf-8")
    assert "Glossary" in nav and "glossary/champion.md" in nav and "whale" not in nav
