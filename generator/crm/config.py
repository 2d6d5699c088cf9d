"""The mapping choices a team makes for its CRM, in ``crm.yml`` beside mkdocs.yml (all optional).

```yaml
site_url: https://playbook.rimefield.example/   # default: site_url of mkdocs.yml
outcomes: [won, lost]                              # which outcomes become closed stages (default: all)
salesforce:
  record_types: {customer-growth: Renewal}         # default: __Master__
  key_fields: {discovery: [Amount, NextStep]}      # fields shown on a stage's Path step, at most 5
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from generator.errors import format_path

CONFIG_FILE = "crm.yml"
# A Salesforce field API name: letters, digits and underscores (a custom field ends in __c).
FieldName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,79}$")]
RecordType = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,79}$")]
MAX_KEY_FIELDS = 5  # Salesforce: up to five key fields per Path step


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SalesforceMapping(_Strict):
    record_types: dict[str, RecordType] = Field(default_factory=dict)
    key_fields: dict[str, Annotated[list[FieldName], Field(max_length=MAX_KEY_FIELDS)]] = Field(default_factory=dict)


class CrmConfig(_Strict):
    site_url: str | None = None
    outcomes: list[str] | None = None
    salesforce: SalesforceMapping = Field(default_factory=SalesforceMapping)


class CrmError(Exception):
    """The CRM files cannot be made or read; ``problems`` says why, each at its place. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

    def report(self) -> str:
        count = len(self.problems)
        return "\n".join(self.problems) + f"\n{count} problem{'s' if count != 1 else ''} found: nothing was written."


def load_config(path: Path, shown: str = CONFIG_FILE) -> CrmConfig:
    """The team's mapping choices; the defaults when the file does not exist."""
    if not path.is_file():
        return CrmConfig()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return CrmConfig.model_validate(data)
    except UnicodeDecodeError:
        raise CrmError([f"{shown}: the file is not UTF-8 text: save it as UTF-8"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise CrmError([f"{shown}{line}: not valid YAML: {getattr(exc, 'problem', exc)}"]) from None
    except ValidationError as exc:
        raise CrmError([f"{shown}: {format_path(tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]) from None


def site_url(config: CrmConfig, mkdocs_site_url: str | None) -> str:
    """The published site's base URL, ending in '/': crm.yml's, else mkdocs.yml's."""
    url = config.site_url or mkdocs_site_url
    if not url:
        raise CrmError(
            [f"{CONFIG_FILE}: no base URL for the links to stage pages: set site_url in mkdocs.yml or in {CONFIG_FILE}"]
        )
    if not url.startswith("https://") and not url.startswith("http://"):
        raise CrmError([f"{CONFIG_FILE}: site_url '{url}' is not a web address: write it as https://…"])
    return url.rstrip("/") + "/"
