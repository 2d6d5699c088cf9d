"""The CRM commands' work, apart from the command line: export to a folder or a file, import into a
content folder. Every problem is raised as :class:`CrmError`; nothing is written on failure."""

from __future__ import annotations

import os
from pathlib import Path

from generator.crm.config import CrmConfig, CrmError, site_url
from generator.crm.hubspot import export_hubspot
from generator.crm.reading import Imported, read_hubspot, read_salesforce
from generator.crm.salesforce import Export, export_salesforce
from generator.crm.steps import pipelines
from generator.crm.writing import drafts, write_drafts
from generator.model.playbook import Playbook


def _checked(playbook: Playbook, config: CrmConfig) -> None:
    known = {o.id for p in playbook.processes for o in p.outcomes}
    unknown = [o for o in config.outcomes or [] if o not in known]
    stages = {s.id for s in playbook.stages}
    unknown_stages = [s for s in config.salesforce.key_fields if s not in stages]
    processes = {p.id for p in playbook.processes}
    problems = [f"crm.yml: outcomes: no process has an outcome '{o}'" for o in unknown]
    problems += [f"crm.yml: salesforce.key_fields: there is no stage '{s}'" for s in unknown_stages]
    problems += [
        f"crm.yml: salesforce.record_types: there is no process '{p}'"
        for p in config.salesforce.record_types
        if p not in processes
    ]
    if not any(p.stages for p in playbook.processes):
        problems.append("the playbook has no process with stages: there is nothing to export")
    if problems:
        raise CrmError(problems)


def salesforce_files(playbook: Playbook, config: CrmConfig, mkdocs_site_url: str | None) -> Export:
    _checked(playbook, config)
    return export_salesforce(pipelines(playbook, config.outcomes), config, site_url(config, mkdocs_site_url))


def hubspot_text(playbook: Playbook, config: CrmConfig) -> str:
    _checked(playbook, config)
    return export_hubspot(pipelines(playbook, config.outcomes))


def write_folder(folder: Path, files: dict[str, str]) -> None:
    """The files under ``folder``, all written before any is moved into place."""
    staged = []
    try:
        for relative, text in files.items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.crm-export")
            temporary.write_text(text, encoding="utf-8")
            staged.append((temporary, target))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


def import_crm(kind: str, source: Path, content: Path, force: bool) -> list[str]:
    """Read a CRM's stages and write the content files; the summary lines."""
    if kind == "salesforce" and not source.is_dir():
        raise CrmError([f"{source}: not a folder: give the folder the value set was retrieved into"])
    if kind == "hubspot" and not source.is_file():
        raise CrmError([f"{source}: no such file: give the pipelines API response, saved as JSON"])
    imported: Imported = read_salesforce(source) if kind == "salesforce" else read_hubspot(source)
    if imported.problems:
        raise CrmError(imported.problems)
    if not imported.values:
        raise CrmError([f"{source}: no stages found: there is nothing to import"])
    found = drafts(imported)
    lines = write_drafts(content, found, f"{kind} {source.name}", force)
    counts = {c: sum(d.collection == c for d in found) for c in ("stages", "processes", "forecast")}
    head = (
        f"Wrote {counts['stages']} stage files, {counts['processes']} process files and "
        f"{counts['forecast']} forecast category files from {source}:"
    )
    return [head, *lines, "Run `playbook check` next."]
