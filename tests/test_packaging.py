"""The repository as the design card draws it: the page templates in templates/, the theme override
in site_config/, both the files the build really uses, and both in the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from generator import bundled

from .conftest import FIXTURES, REPO

CARD = {"content", "templates", "generator", "site_config", "tests", "mkdocs.yml", "pyproject.toml", "README.md"}
BESIDE = {"docs", "examples", "bench", "schemas", "audit", ".ci", "Makefile", "package.json", "package-lock.json",
          "playbook-check.yml", "crm.yml", ".gitignore", ".github", ".npmrc", ".pre-commit-config.yaml", ".vscode"}


def tracked_top_level() -> set[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    return {line.split("/", 1)[0] for line in listed.splitlines() if line}


def test_the_root_holds_the_cards_folders_and_only_what_a_project_needs_beside_them() -> None:
    top = tracked_top_level()
    assert CARD <= top, CARD - top
    assert top <= CARD | BESIDE, top - CARD - BESIDE


def test_in_a_checkout_the_build_uses_the_top_level_folders() -> None:
    assert bundled.TEMPLATES == REPO / "templates"
    assert bundled.THEME_DIR == REPO / "site_config" / "theme"
    assert not (REPO / "generator" / "templates").exists() and not (REPO / "generator" / "site_config").exists()


def test_pyproject_names_every_package_and_maps_the_root_folders_into_the_wheel() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {str(p.parent.relative_to(REPO)).replace("/", ".") for p in (REPO / "generator").rglob("__init__.py")}
    listed = set(setuptools["packages"])
    assert on_disk <= listed, on_disk - listed
    assert setuptools["package-dir"]["generator.templates"] == "templates"
    assert setuptools["package-dir"]["generator.site_config"] == "site_config"
    # Every template and theme file is matched by the package data of its folder.
    data = setuptools["package-data"]
    for path in [*(REPO / "templates").rglob("*.j2"), *(REPO / "site_config" / "theme").rglob("*.*")]:
        folder = path.parent.relative_to(REPO).as_posix()
        package = "generator." + folder.replace("/", ".")
        assert package in listed and any(path.match(pattern) for pattern in data[package]), path


def test_editing_a_template_in_a_checkout_changes_the_page(tmp_path: Path) -> None:
    """A copy of the checkout (package, templates, theme) builds the small playbook; a line added to
    its templates/stage.md.j2 shows on the stage page, so that folder is the one the build reads."""
    checkout = tmp_path / "checkout"
    for name in ("generator", "templates", "site_config"):
        shutil.copytree(REPO / name, checkout / name, ignore=shutil.ignore_patterns("__pycache__"))
    stage_template = checkout / "templates" / "stage.md.j2"
    stage_template.write_text(stage_template.read_text(encoding="utf-8") + "\nEdited in the checkout.\n",
                              encoding="utf-8")
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "small" / "content", project / "content")
    script = (
        "import sys; from pathlib import Path; from generator import bundled;"
        "from generator.pipeline import Project, build_pages;"
        "site = build_pages(Project.at(Path(sys.argv[1])));"
        "print(bundled.TEMPLATES);"
        "print(next(p.markdown for p in site.pages if p.path == 'stages/discover.md'))"
    )
    out = subprocess.run([sys.executable, "-c", script, str(project)], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(checkout), "PATH": ""}, check=True).stdout
    assert out.splitlines()[0] == str(checkout / "templates")
    assert "Edited in the checkout." in out
