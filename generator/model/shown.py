"""Where each field of the content model is shown — the one declaration of it.

Every field a team writes is shown on the page of the entity that holds it (the stage's page for
a stage's fields, the strategy page for strategy.yml), in every edition that shows the entity.
The only exceptions are listed here, each with the reason. The content-model reference says so,
and ``tests/test_field_coverage.py`` fails for any other field that is missing from its page.

Keys are ``collection.path`` as the reference writes paths (``roles.levels[].description``); a
``*`` stands for any run of characters, so ``*.visibility`` is every visibility field.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from generator.model.collections import COLLECTIONS

NOT_SHOWN: dict[str, str] = {
    "*.visibility": "decides which edition shows the part: the public edition leaves out what is internal",
    "*.check.accept": "a gap the playbook team accepts, with its reason: the System health page and "
    "playbook check list it; a rep's page does not",
}


def not_shown_reason(collection: str, path: str) -> str | None:
    """Why the field at ``path`` of ``collection`` is on no page, or None when it is shown."""
    key = f"{collection}.{path}"
    return next((why for pattern, why in NOT_SHOWN.items() if fnmatchcase(key, pattern)), None)


def page_of(collection: str) -> str:
    """The page that shows an entity of ``collection``, in words."""
    c = COLLECTIONS[collection]
    return f"the {c.noun} page" if c.single else f"the {c.noun}'s page"


def shown_on(collection: str, path: str) -> str:
    """Which page shows the field, or why no page does."""
    reason = not_shown_reason(collection, path)
    return f"not shown: {reason}" if reason else page_of(collection)
