"""``playbook init DIR``: a playbook project of a team's own, which ``playbook build`` builds at once.

The project holds only what is the team's: its ``mkdocs.yml``, a starter ``content/`` (scaffolds,
every invented value marked as a placeholder, so ``playbook check`` fails until they are written),
the health-check severities, editor settings and schemas, a CI workflow and a README. Templates,
the theme override, the stylesheet and the script come from the installed package.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import yaml

from generator.authoring.scaffold import scaffold
from generator.authoring.tool_source import ToolRequirement, explained, installed_requirement, requirements_text
from generator.checks.registry import RULES
from generator.checks.severities import CONFIG_FILE
from generator.errors import printable
from generator.model.schema import SCHEMA_DIR, vscode_settings, write_schemas

# The starter content, in the order the files must be written (a stage names its role...).
STARTER = (
    ("role", "account-executive"),
    ("stage", "discovery"),
    ("stage", "proposal"),
    ("process", "sales-process"),
    ("philosophy", None),
)


class InitError(Exception):
    """The folder cannot become a new project; the message says why."""


def init_project(target: Path, site_name: str | None = None, tool: ToolRequirement | None = None) -> list[str]:
    """Create the project in ``target`` (new or empty); return the files written, from ``target``.

    ``tool``: the requirement that installs the generator (by default, where this copy came from).
    """
    shown = one_line(str(target))
    if target.is_symlink() and not target.exists():
        raise InitError(
            f"{shown} is a link to {one_line(os.readlink(target))}, which does not exist: "
            "create that folder first, or choose another"
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"{shown} already exists and is not an empty folder: choose a new folder")
    if site_name is None:
        name = f"{target.resolve().name.replace('-', ' ').replace('_', ' ').title()} Sales Playbook"
        check_site_name(name, "the name made from the folder's name", "give the site a name with --name")
    else:
        name = site_name
        check_site_name(name, "the site name", "type it again without it")
    tool = tool or installed_requirement()
    try:
        _write(target, name, tool)
    except OSError as exc:
        raise InitError(f"cannot create the project in {shown}: {exc.strerror or exc}") from None
    written = [
        *FILES,
        *(scaffold(target / "content", kind, entity_id).relative_to(target).as_posix() for kind, entity_id in STARTER),
        *(f"{SCHEMA_DIR}/{n}" for n in write_schemas(target / SCHEMA_DIR)),
    ]
    return sorted(written)


FILES = (
    "mkdocs.yml",
    "docs/about.md",
    CONFIG_FILE,
    ".vscode/settings.json",
    ".github/workflows/playbook.yml",
    "requirements.txt",
    "README.md",
    ".gitignore",
)


def _write(target: Path, name: str, tool: ToolRequirement) -> None:
    target.mkdir(parents=True, exist_ok=True)
    texts = (
        mkdocs_yml(name),
        ABOUT,
        check_config(),
        json.dumps(vscode_settings(), indent=2) + "\n",
        WORKFLOW,
        requirements_text(tool),
        README.replace("{name}", name).replace("{tool}", _readme_tool(tool)),
        GITIGNORE,
    )
    for path, text in zip(FILES, texts, strict=True):
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text(text, encoding="utf-8")


def check_site_name(name: str, what: str, fix: str) -> None:
    """Refuse a name that mkdocs.yml could not hold exactly: blank, or with a control character."""
    if not name.strip():
        raise InitError(f"{what} is empty: give the site a name with --name")
    for i, char in enumerate(name):
        if one_line(char) != char:
            kind = "a line break" if char in "\n\r\u2028\u2029" else "a control character"
            if "\ud800" <= char <= "\udfff":
                kind = "a byte that is not UTF-8"
            raise InitError(
                f"{what} '{one_line(name)}' holds {kind} (U+{ord(char):04X}) at character {i + 1}: {fix}"
                + (" (a pasted apostrophe from some programs arrives as U+0092)" if char == "\x92" else "")
            )
    if yaml.safe_load(mkdocs_yml(name)).get("site_name") != name:  # pragma: no cover - a safety net
        raise InitError(f"{what} '{one_line(name)}' cannot be written into mkdocs.yml exactly: {fix}")


def one_line(text: str) -> str:
    """``text`` as one printable line: controls escaped, and bytes that were not UTF-8 (a folder name
    read with surrogate escapes) shown as escapes too, so the message itself can always be printed."""
    return printable(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _readme_tool(tool: ToolRequirement) -> str:
    return "\n".join(textwrap.wrap(f"`requirements.txt` holds `{tool.line}`. {explained(tool)}", 100))


def mkdocs_yml(site_name: str) -> str:
    return MKDOCS.replace("{site_name}", json.dumps(site_name, ensure_ascii=False))


def check_config() -> str:
    lines = [f"  {rule_id}: {rule.severity}" for rule_id, rule in sorted(RULES.items())]
    return CHECK_HEADER + "severities:\n" + "\n".join(lines) + "\n"


MKDOCS = """\
site_name: {site_name}
docs_dir: docs
site_dir: site
# With repo_url and edit_uri set, every page's "Edit" button opens its file (a generated page opens
# the YAML file it comes from), for example:
# repo_url: https://git.example.com/sales/playbook
# edit_uri: edit/main/docs/

theme:
  name: material
  font: false          # system fonts: no request to any outside host
  features:
    - navigation.indexes
    - navigation.prune
    - navigation.top
    - search.highlight
    - search.suggest
    - content.action.edit
    - toc.follow
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/weather-night, name: Dark scheme}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/weather-sunny, name: Light scheme}

plugins:
  - search:
      separator: '[\\s\\-,:!=\\[\\]()"/''’$€£≥≤]+|\\.(?!\\d)|&[lg]t;'
      fields:  # titles and text; tags next to nothing (they name every stage and role a page mentions)
        title: { boost: 2 }
        text: { boost: 1 }
        tags: { boost: 0.001 }
  - tags
  # Pages from content/; a templates/ folder here overrides any of the package's templates.
  - playbook

markdown_extensions:
  - tables
  - admonition
  - attr_list
  - md_in_html
  - def_list
  - toc:
      permalink: true
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.details
  - pymdownx.superfences
"""

ABOUT = """\
# About this playbook

Written by the sales team in `content/`, one YAML file per stage, role, method and metric, and
built into this site on every change. Ask the enablement team about anything missing here.
"""

CHECK_HEADER = """\
# Severity of each health rule run by `playbook check` and shown on the System health page.
#   error   - fails `playbook check` (and so CI)
#   warning - reported, does not fail
#   info    - reported as a reminder
#   off     - not checked
"""

WORKFLOW = """\
# Validate and check every change; on main, build the public edition and publish it to GitHub Pages.
name: Playbook

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

env:
  NO_MKDOCS_2_WARNING: "1"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the "What's new" page comes from the git history
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # requirements.txt says where the playbook generator is installed from (see its first lines).
      - run: python -m pip install -r requirements.txt
      - run: playbook validate
      - run: playbook check
      - run: playbook schema --check
      - run: playbook build --edition public --site-dir site
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site

  deploy:
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

README = """\
# {name}

Our sales playbook: the YAML files in `content/` are the source, the site is built from them.

```sh
python -m pip install -r requirements.txt
playbook serve            # live preview on http://127.0.0.1:8000
playbook new stage ID     # a new file; replace every value marked REPLACE
playbook check            # what is still missing, and every placeholder left
playbook build            # the site, into site/
```

The starter files are placeholders: `playbook check` fails until each REPLACE is written, so
nothing unfinished is published. `playbook list` gives every id, `playbook show ID` an entity's
links. CI (`.github/workflows/playbook.yml`) validates, checks and publishes the public edition.

## Making it look like ours

The page templates and the theme come with the generator. To change one, put a file of the same
name here and it replaces just that one; everything else still comes from the generator:

- `templates/stage.md.j2` (or any other page template) replaces that page's template;
- `site_config/theme/main.html`, `site_config/theme/assets/playbook/playbook.css` or `playbook.js`
  replace the theme override (keep its Content-Security-Policy), the stylesheet or the script.

Hand-written pages (like `docs/about.md`) join the playbook team's section of the site.

## The generator

{tool}
"""

GITIGNORE = """\
site/
site-internal/
.site.*
.venv/
__pycache__/
"""
