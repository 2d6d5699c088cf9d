"""`playbook export`: plain Markdown and a mkdocs.yml that plain MkDocs builds without our plugin."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from generator.engines.export import exported_config, read_config

from .conftest import FIXTURES, write
from .test_mkdocs_build import ENV, MKDOCS, make_project, mkdocs_build

PLAYBOOK = [str(Path(sys.executable).parent / "playbook")]


def pages_and_titles(site: Path) -> dict[str, str]:
    """Every HTML page of a built site and its <title>."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        match = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.DOTALL)
        out[path.relative_to(site).as_posix()] = match.group(1).strip() if match else ""
    return out


def export(config: Path, folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PLAYBOOK, "export", str(folder), "-f", str(config), *extra],
                          capture_output=True, text=True, env=ENV, timeout=300, check=False)


def test_plain_mkdocs_builds_the_export_with_the_same_pages(small_playbook: Path, tmp_path: Path) -> None:
    config = make_project(tmp_path / "project", small_playbook / "content", {"about.md": "# About us\n\nHi.\n"})
    built = mkdocs_build(config, tmp_path / "with-plugin")
    assert built.returncode == 0, built.stderr

    result = export(config, tmp_path / "export")
    assert result.returncode == 0, result.stderr
    exported = yaml.safe_load((tmp_path / "export" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert exported["plugins"] == ["search", "tags"]  # no playbook plugin
    assert exported["docs_dir"] == "docs"
    assert exported["nav"][0] == {"Home": "index.md"}
    assert exported["nav"][-1]["For the playbook team"][-1] == "about.md"
    # The generated Markdown is there as plain files, front matter and all.
    stage = (tmp_path / "export" / "docs" / "stages" / "discover.md").read_text(encoding="utf-8")
    assert stage.startswith("---\ntitle: Stage 1 · Discover\n")

    plain = subprocess.run([*MKDOCS, "build", "--strict", "-f", str(tmp_path / "export" / "mkdocs.yml")],
                           capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert plain.returncode == 0, plain.stderr
    with_plugin = pages_and_titles(tmp_path / "with-plugin")
    from_export = pages_and_titles(tmp_path / "export" / "site")
    assert len(with_plugin) > 15
    assert from_export == with_plugin
    # The playbook's stylesheet and script come along, and every page loads them as with the plugin.
    from generator.bundled import THEME_DIR
    from generator.engines.defaults import SCRIPT, STYLESHEET

    for asset in (STYLESHEET, SCRIPT):
        assert (tmp_path / "export/site" / asset).read_bytes() == (THEME_DIR / asset).read_bytes()
    for site in (tmp_path / "with-plugin", tmp_path / "export/site"):
        page = (site / "stages/discover/index.html").read_text(encoding="utf-8")
        assert '<link rel="stylesheet" href="../../assets/playbook/playbook.css">' in page
        assert '<script src="../../assets/playbook/playbook.js" defer></script>' in page


def test_public_export_leaves_internal_pages_out(tmp_path: Path) -> None:
    content = FIXTURES / "editions" / "content"
    config = make_project(tmp_path / "project", content, {
        "about.md": "# About\n\nAsk [the desk](roles/pricing-desk.md).\n",
        "desk-handbook.md": "---\nvisibility: internal\n---\n# The WOMBAT handbook\n"})
    result = export(config, tmp_path / "export", "--edition", "public")
    assert result.returncode == 0, result.stderr
    docs = tmp_path / "export" / "docs"
    assert not (docs / "roles" / "pricing-desk.md").exists()
    assert (docs / "roles" / "rep.md").is_file()
    assert "Ask the desk." in (docs / "about.md").read_text(encoding="utf-8")
    every = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "export").rglob("*") if p.is_file())
    assert "Pricing Desk Liaison" not in every and "QUOKKA" not in every and "WOMBAT" not in every
    assert not (docs / "desk-handbook.md").exists()


def test_export_refuses_a_folder_it_did_not_write(small_playbook: Path, tmp_path: Path) -> None:
    config = make_project(tmp_path / "project", small_playbook / "content")
    write(tmp_path, "mine/notes.txt", "keep me")
    result = export(config, tmp_path / "mine")
    assert result.returncode == 1
    assert "is not empty and was not built by playbook" in result.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_exported_config_keeps_tags_it_cannot_interpret(tmp_path: Path) -> None:
    source = write(tmp_path, "mkdocs.yml", (
        "site_name: X\ntheme:\n  name: material\n  custom_dir: overrides\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  analytics_key: !ENV [ANALYTICS_KEY, none]\n"
        "plugins:\n  - search\n  - playbook:\n      content_dir: content\nwatch: [content]\nhooks: [hook.py]\n"))
    config = exported_config(read_config(source), [{"Home": "index.md"}])
    assert config["plugins"] == ["search"]
    assert "watch" not in config and "hooks" not in config and "custom_dir" not in config["theme"]
    from generator.engines.export import _ConfigDumper

    text = yaml.dump(config, Dumper=_ConfigDumper, sort_keys=False)
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji" in text
    assert "analytics_key: !ENV [ANALYTICS_KEY, none]" in text


def test_zensical_builds_the_export_with_the_same_pages(small_playbook: Path, tmp_path: Path) -> None:
    config = make_project(tmp_path / "project", small_playbook / "content", {"about.md": "# About us\n\nHi.\n"})
    built = mkdocs_build(config, tmp_path / "with-plugin")
    assert built.returncode == 0, built.stderr
    result = export(config, tmp_path / "export")
    assert result.returncode == 0, result.stderr
    zensical = Path(sys.executable).parent / "zensical"
    run = subprocess.run([str(zensical), "build", "--strict", "-f", "mkdocs.yml"], cwd=tmp_path / "export",
                         capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert pages_and_titles(tmp_path / "export" / "site") == pages_and_titles(tmp_path / "with-plugin")
