"""Which engine builds the site: MkDocs 1.6 (the default) or ProperDocs, its maintained continuation.

ProperDocs runs MkDocs plugins and themes by answering their ``mkdocs.*`` imports with its own
modules, so the plugin, Material and our commands are the same code on both. The choice has to be
made before anything imports ``mkdocs``: the commands make it first (``--engine`` or the
``PLAYBOOK_ENGINE`` variable), and ``properdocs build`` makes it by itself.
"""

from __future__ import annotations

import importlib
import os
import sys

ENGINES = ("mkdocs", "properdocs")
DEFAULT_ENGINE = "mkdocs"
ENGINE_VARIABLE = "PLAYBOOK_ENGINE"


class EngineError(Exception):
    """The engine asked for cannot be used; the message says what to do."""


def chosen_engine(option: str | None) -> str:
    """The engine from the command-line option, else the environment, else the default."""
    name = (option or os.environ.get(ENGINE_VARIABLE) or DEFAULT_ENGINE).strip().lower()
    if name not in ENGINES:
        raise EngineError(f"{ENGINE_VARIABLE}={name!r} is not an engine: use one of {', '.join(ENGINES)}")
    return name


def use_engine(name: str) -> None:
    """Make this process build with ``name``: for ProperDocs, ``mkdocs.*`` imports become its modules."""
    running = sys.modules.get("mkdocs")
    if running is not None:
        if running.__name__ != name:
            raise EngineError(f"{running.__name__} is already loaded in this process; {name} cannot replace it")
        return
    if name == "properdocs":
        try:
            importlib.import_module("properdocs.replacement")
        except ImportError:
            raise EngineError(
                "ProperDocs is not installed: install it (pip install properdocs), or build with MkDocs"
            ) from None


def engine_name() -> str:
    """The engine this process builds with (after ``use_engine``): its top-level module's name."""
    import mkdocs

    return mkdocs.__name__
