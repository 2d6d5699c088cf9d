"""``playbook build``: a strict MkDocs build into a fresh folder, swapped in only when it succeeded."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError

from generator.engines.publish import UnsafeSiteDir, build_atomically, check_site_dir


def build_site(
    config_file: Path, site_dir: Path, *, protected: list[Path], strict: bool = True, edition: str | None = None
) -> None:
    """A strict MkDocs build of ``config_file`` into ``site_dir``, swapped in only on success.

    ``edition`` overrides the playbook plugin's ``edition`` option (``--edition`` on the command line).
    """
    check_site_dir(site_dir, config_file.resolve().parent, protected)

    def run(staging: Path) -> None:
        config = load_config(str(config_file), site_dir=str(staging), strict=strict)
        if edition is not None:
            if "playbook" not in config.plugins:
                raise PluginError(
                    f"{config_file}: an edition was asked for, but the playbook plugin is not in 'plugins'"
                )
            config.plugins["playbook"].config["edition"] = edition
        build(config)

    build_atomically(site_dir, run)


def is_build_failure(exc: Exception) -> bool:
    """True for the failures a user can fix (bad config, content, site folder), not for our bugs."""
    return isinstance(exc, (MkDocsException, UnsafeSiteDir, OSError))
