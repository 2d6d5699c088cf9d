"""Shared helpers: small playbooks copied into tmp_path so that tests can break them at will."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATES = REPO / "templates"


@pytest.fixture
def small_playbook(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/small (content only) in tmp_path; returns the project root."""
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    return tmp_path


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
