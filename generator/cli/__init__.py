"""The ``playbook`` command line. Content problems are printed one per line; never a traceback.

Each command is a few lines calling the phase that does the work: ``content.py`` holds the commands
that read and write content files, ``site.py`` those that build, serve or export the site,
``project.py`` those that start a project or fill it from a spreadsheet.
"""

from __future__ import annotations

import os

import click

from generator.cli import content, crm, project, site


@click.group()
@click.version_option(package_name="sales-playbook")
def main() -> None:
    """Turn the playbook's YAML content into a searchable MkDocs site."""
    # MkDocs prints a banner about its next major version on every run; it is noise for our users.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


for command in (*project.COMMANDS, *content.COMMANDS, *site.COMMANDS, *crm.COMMANDS):
    main.add_command(command)
