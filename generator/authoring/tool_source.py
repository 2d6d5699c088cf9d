"""Where the playbook generator was installed from, as a requirement a new project can install.

``playbook init`` writes a ``requirements.txt`` that CI installs on every run. Pinning the tool by
its name and version would only work where a package index serves that name — and whoever
published a package of that name could then run code in every such team's CI. So the requirement
says where this copy really came from, as the installer recorded it in the distribution's
``direct_url.json`` (PEP 610): a VCS URL at its commit, an archive with its hash, or a local folder
(which no one else can install from, and the output says so). Only when there is no record (the
tool came from an index) is the name and version written, with a note.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distributions
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DISTRIBUTION = "sales-playbook"
# What may appear in a URL, a commit or a hash written into requirements.txt: no space, no line
# break, no control character, so a record can never add a line (``--index-url …``) of its own.
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[!#-~]+$")
_REVISION = re.compile(r"^[0-9A-Za-z._-]{1,100}$")
_HASH = re.compile(r"^(sha256|sha384|sha512)[=:]([0-9a-fA-F]{64,128})$")
_HOSTED = "if your team hosts the tool elsewhere (its own git repository, an internal index), write that here instead"


@dataclass(frozen=True)
class ToolRequirement:
    """The line written into requirements.txt, where it installs from, and what a team may change."""

    line: str
    source: str
    change: str


def installed_record() -> tuple[Mapping[str, Any] | None, str | None]:
    """The installed distribution's ``direct_url.json`` (None if it has none) and its version.

    A source tree's own ``*.egg-info`` folder can shadow the installed distribution when the tool
    runs from that tree; the one an installer wrote (it leaves an ``INSTALLER`` file) is preferred.
    """
    found = list(distributions(name=DISTRIBUTION))
    if not found:
        raise PackageNotFoundError(DISTRIBUTION)
    installed = next((d for d in found if d.read_text("INSTALLER")), found[0])
    text = installed.read_text("direct_url.json")
    try:
        record = json.loads(text) if text else None
    except ValueError:
        record = {}  # a record that cannot be read: treated as one that cannot be used
    return record, installed.version


def installed_requirement() -> ToolRequirement:
    try:
        record, version = installed_record()
    except PackageNotFoundError:
        return requirement_for(None, None)
    return requirement_for(record, version)


def requirement_for(record: Mapping[str, Any] | None, version: str | None) -> ToolRequirement:
    """The requirement that installs exactly what ``record`` (a PEP 610 record) describes."""
    if record is None:
        return _by_name(version, "installed from a package index")
    url = record.get("url") if isinstance(record, Mapping) else None
    if not isinstance(url, str) or not _URL.match(url):
        return _by_name(version, "its record of where it was installed from cannot be used")
    url, dropped = _without_credentials(url)
    local = url.startswith("file:")
    vcs, archive, folder = (record.get(k) for k in ("vcs_info", "archive_info", "dir_info"))
    if isinstance(vcs, Mapping):
        kind, commit = vcs.get("vcs", "git"), vcs.get("commit_id")
        if not isinstance(kind, str) or kind not in ("git", "hg", "svn", "bzr"):
            return _by_name(version, "its record names an unknown version control system")
        if not isinstance(commit, str) or not _REVISION.match(commit):
            return _by_name(version, "its record of the commit cannot be used")
        sub = record.get("subdirectory")
        line = f"{DISTRIBUTION} @ {kind}+{url}@{commit}" + (f"#subdirectory={sub}" if _safe(sub) else "")
        source = f"from {url} at the {kind} commit {commit}"
        change = f"to upgrade, write a newer commit; {_HOSTED}"
    elif isinstance(archive, Mapping):
        digest = _digest(archive)
        line = f"{DISTRIBUTION} @ {url}" + (f"#{digest}" if digest and "#" not in url else "")
        source = f"from the archive {url}" + (" (pip checks its hash)" if digest else "")
        change = f"to upgrade, write the URL of a newer archive; {_HOSTED}"
    elif isinstance(folder, Mapping):
        line = f"{DISTRIBUTION} @ {url}"
        editable = " (an editable install of a source checkout)" if folder.get("editable") else ""
        source = f"from the folder {url} on this machine{editable}"
        change = ""
    else:
        return _by_name(version, "its record of where it was installed from cannot be used")
    if local:
        change = (
            "this is a path on this machine: CI and your colleagues cannot install from it, so replace it "
            f"with where your team hosts the tool (for example {DISTRIBUTION} @ git+URL@COMMIT)"
        )
    if dropped:
        change += "; the credentials in the URL were left out: give CI access another way"
    return ToolRequirement(line, source, change)


def _by_name(version: str | None, why: str) -> ToolRequirement:
    line = f"{DISTRIBUTION}=={version}" if version and _REVISION.match(version) else DISTRIBUTION
    return ToolRequirement(
        line,
        f"by name and version ({why})",
        f"this installs only where a package index your team uses serves {DISTRIBUTION}; {_HOSTED}",
    )


def _without_credentials(url: str) -> tuple[str, bool]:
    """The URL with any user name and password removed (``git@`` for SSH is kept)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, False
    userinfo, host = parts.netloc.rsplit("@", 1)
    if userinfo == "git":
        return url, False
    return urlunsplit(parts._replace(netloc=host)), True


def _digest(archive: Mapping[str, Any]) -> str | None:
    """``sha256=HEX`` from the record's ``hashes`` (or the older ``hash``), strongest first."""
    hashes = archive.get("hashes")
    if isinstance(hashes, Mapping):
        for name in ("sha512", "sha384", "sha256"):
            value = hashes.get(name)
            if isinstance(value, str) and _HASH.match(f"{name}={value}"):
                return f"{name}={value.lower()}"
    legacy = archive.get("hash")
    match = _HASH.match(legacy) if isinstance(legacy, str) else None
    return f"{match.group(1)}={match.group(2).lower()}" if match else None


def _safe(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[0-9A-Za-z._/-]{1,200}", value) is not None and ".." not in value


def explained(tool: ToolRequirement) -> str:
    """What the requirement installs and what a team should change, in a sentence or two."""
    change = f" {tool.change[0].upper()}{tool.change[1:]}." if tool.change else ""
    return f"It installs the playbook generator {tool.source}.{change}"


def requirements_text(tool: ToolRequirement) -> str:
    comment = textwrap.wrap(explained(tool), 98, break_long_words=False, break_on_hyphens=False)
    return "".join(f"# {line}\n" for line in comment) + tool.line + "\n"
