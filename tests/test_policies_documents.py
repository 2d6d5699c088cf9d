"""Content model v3, issue 22 §6: policies with rule tables, deal documents, sources and effective
dates. Each error at its file, line and column; each addition in words on its page; an internal
policy left out of the public edition."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import Project, build_pages
from tests.test_messages import problems_after

POLICY = """name: Discount approval
summary: Who may approve a discount.
roles: [rep]
stages: [close]
tables:
  - id: approval
    name: Who approves
    columns:
      - {id: band, name: Discount}
      - {id: cap, name: At most, type: percent}
      - {id: approver, name: Approved by, type: role}
      - {id: floor, name: Floor, type: amount}
    rows:
      - {band: Small, cap: 5, approver: rep, floor: 1200}
      - {band: Large, cap: 15, approver: manager, valid_until: 2020-06-30}
      - {band: Large, cap: 12, approver: manager, valid_from: 2020-07-01, note: Lowered after the spring review.}
      - {band: Big bakeries, approver: manager, when: {over: 50000}}
sources:
  - title: Pricing memo, spring
    url: https://intranet.example.com/pricing
    note: Section 2.
"""
DOCUMENT = """name: Trial plan
summary: The dated steps to a signed trial.
owner_role: rep
roles: [manager]
template: Shared drive, Templates
sections:
  - name: Dates that matter
    contents: The bakery's busy season.
    questions: [When does the new oven arrive?]
fields:
  - {name: Start date, description: The first baking day of the trial.}
stages:
  - {stage: discover, use: start, note: Draft it on the first visit.}
  - {stage: close, use: require}
"""


def policy(*edits: tuple[str, str]) -> tuple[str, None, str]:
    text = POLICY
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return ("policies/discount-approval.yml", None, text)


ERRORS = [
    pytest.param(
        [policy(("{band: Small, cap: 5,", "{band: Small, cpa: 5,"))],
        ["content/policies/discount-approval.yml:14:23: tables[0].rows[0].cpa: 'cpa' is not a column of this "
         "table: did you mean 'cap'?"],
        id="unknown-column",
    ),
    pytest.param(
        [policy(("cap: 5,", "cap: 5%,"))],
        ["content/policies/discount-approval.yml:14:28: tables[0].rows[0].cap: column 'cap' holds percents: "
         "write a number, like 10, not '5%'"],
        id="text-in-number-column",
    ),
    pytest.param(
        [policy(("approver: rep,", "approver: reps,"))],
        ["content/policies/discount-approval.yml:14:41: tables[0].rows[0].approver: unknown role 'reps': "
         "did you mean 'rep'?"],
        id="unknown-role-cell",
    ),
    pytest.param(
        [policy(("floor: 1200}", "floor: [1200]}"))],
        ["content/policies/discount-approval.yml:14:53: tables[0].rows[0].floor: a cell holds one value, got "
         "list: write text or a number (leave the key out for an empty cell)"],
        id="list-in-cell",
    ),
    pytest.param(
        [policy(("{id: floor, name: Floor, type: amount}", "{id: floor, name: Floor, type: amount}\n      - {id: when, name: When}"))],
        ["content/policies/discount-approval.yml:13:14: tables[0].columns[4].id: 'when' is a field of every row: "
         "give the column another id"],
        id="column-named-like-a-row-field",
    ),
    pytest.param(
        [policy(("when: {over: 50000}", "when: {attributes: {sorce: [partner]}}"))],
        ["content/policies/discount-approval.yml:17:69: tables[0].rows[3].when.attributes.sorce: unknown "
         "attribute 'sorce'; there are no attributes yet: add them under 'attributes' in content/strategy.yml"],
        id="row-condition-undeclared-attribute",
    ),
    pytest.param(
        [policy(("url: https://intranet.example.com/pricing", "url: javascript:alert(1)"))],
        ["content/policies/discount-approval.yml:20:10: sources[0].url: 'javascript:alert(1)' is not a web "
         "address a page may link to: write it as https://… (http or https only, with a host and no spaces, "
         "quotes or user@)"],
        id="source-not-a-web-address",
    ),
    pytest.param(
        [("stages/close.yml", "  - Trial agreement signed.",
          "  - text: Trial agreement signed.\n    valid_from: 2026-05-01\n    valid_until: 2026-04-01")],
        ["content/stages/close.yml:9:5: exit_criteria[0]: valid_until (2026-04-01) is before valid_from "
         "(2026-05-01): a line holds from one to the other"],
        id="dates-out-of-order",
    ),
    pytest.param(
        [("stages/close.yml", "  - Trial agreement signed.",
          "  - text: Trial agreement signed.\n    document: trial-plna"),
         ("documents/trial-plan.yml", None, DOCUMENT)],
        ["content/stages/close.yml:10:15: exit_criteria[0].document: unknown deal document 'trial-plna'; "
         "closest: 'trial-plan'"],
        id="unknown-document",
    ),
    pytest.param(
        [("documents/trial-plan.yml", None, DOCUMENT.replace("use: require", "use: required"))],
        ["content/documents/trial-plan.yml:14:25: stages[1].use: 'required' is not allowed here; use one of "
         "'start', 'update', 'review' or 'require' (did you mean 'require'?)"],
        id="document-use",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), ERRORS)
def test_errors_are_located(tmp_path: Path, edits: list[tuple[str, str | None, str]], expected: list[str]) -> None:
    assert problems_after(tmp_path, edits) == expected


def pages(tmp_path: Path, edits: list[tuple[str, str | None, str]], edition: str = "internal") -> dict[str, str]:
    assert problems_after(tmp_path, edits) == []
    templates = Path(__file__).resolve().parents[1] / "templates"
    site = build_pages(Project(tmp_path, tmp_path / "content", templates), edition)
    return {page.path: page.markdown for page in site.pages}


PLAYBOOK = [
    policy(),
    ("documents/trial-plan.yml", None, DOCUMENT),
    ("stages/close.yml", "  - Trial agreement signed.",
     "  - text: Trial agreement sent.\n    valid_until: 2020-01-31\n"
     "  - text: Trial agreement signed.\n    valid_from: 2020-02-01\n    document: trial-plan"),
]


def test_policy_page_shows_its_tables_rows_and_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 13 September 2020
    page = pages(tmp_path, PLAYBOOK)["policies/discount-approval.md"]
    assert "## Who approves { #approval }" in page
    assert "| Discount | At most | Approved by | Floor | Applies |" in page
    assert "| Small | 5 % | [Field Rep](../roles/rep.md) | $1,200 |  |" in page
    assert "| Large | 12 % | [Area Manager](../roles/manager.md) |  | since 1 July 2020  |" in page
    assert "- Lowered after the spring review. *(Large)*" in page
    earlier = page.split('<details class="playbook-earlier" markdown>', 1)[1]
    assert "| Large | 15 % | [Area Manager](../roles/manager.md) |  | until 30 June 2020 |" in earlier
    assert "over $50k" in page  # the row's condition, as a badge
    assert '<a href="https://intranet.example.com/pricing" rel="nofollow noopener">Pricing memo, spring</a>' in page
    assert "(Section 2.)" in page


def test_rows_and_lines_follow_the_build_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1570000000")  # 2 October 2019: nothing has ended yet
    site = pages(tmp_path, PLAYBOOK)
    assert "<details" not in site["policies/discount-approval.md"]
    assert "from 1 July 2020" in site["policies/discount-approval.md"]
    stage = site["stages/close.md"]
    assert "Trial agreement sent. <span class=\"playbook-dates\">(until 31 January 2020)</span>" in stage
    assert "(from 1 February 2020)" in stage


def test_a_line_that_ended_is_under_earlier_on_the_line_that_replaced_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    stage = pages(tmp_path, PLAYBOOK)["stages/close.md"]
    line = next(x for x in stage.splitlines() if "Trial agreement signed." in x)
    assert line.startswith("- [ ] Trial agreement signed.")
    assert '<span class="playbook-document">in the [Trial plan](../documents/trial-plan.md)</span>' in line
    assert "(since 1 February 2020)" in line
    assert '<details class="playbook-earlier"><summary>Earlier</summary>until 31 January 2020: Trial agreement sent.' in line
    assert stage.count("Trial agreement sent.") == 1  # not a second, contradicting line


def test_document_page_and_the_stages_and_roles_that_use_it(tmp_path: Path) -> None:
    site = pages(tmp_path, PLAYBOOK)
    page = site["documents/trial-plan.md"]
    for words in ("The dated steps to a signed trial.", "**Owned by:** [Field Rep](../roles/rep.md)", "Shared drive, Templates",
                  "### Dates that matter", "The bakery's busy season.", "- When does the new oven arrive?",
                  "| Start date | The first baking day of the trial. |", "start — Draft it on the first visit.",
                  "**[Stage 2 · Close](../stages/close.md)**: required"):
        assert words in page, words
    assert "- Start [Trial plan](../documents/trial-plan.md) here — Draft it on the first visit." in site["stages/discover.md"]
    assert "- Required: [Trial plan](../documents/trial-plan.md)" in site["stages/close.md"]
    assert "[Trial plan](../documents/trial-plan.md) (owner)" in site["roles/rep.md"]
    assert "**Policies:** [Discount approval](../policies/discount-approval.md)" in site["roles/rep.md"]
    assert "- **Policies:** [Discount approval](../policies/discount-approval.md)" in site["stages/close.md"]
    assert "[Trial plan](trial-plan.md)" in site["documents/index.md"]


def test_policy_is_linkable_by_id_in_text(tmp_path: Path) -> None:
    edits = [*PLAYBOOK, ("stages/close.yml", "goal: Agree a trial.", "goal: Agree a trial within [the limits](policy:discount-approval).")]
    assert "[the limits](../policies/discount-approval.md)" in pages(tmp_path, edits)["stages/close.md"]


def test_public_edition_withholds_an_internal_policy(tmp_path: Path) -> None:
    internal = ("policies/discount-approval.yml", None, "visibility: internal\n" + POLICY)
    site = pages(tmp_path, [internal, PLAYBOOK[1]], edition="public")
    assert "policies/discount-approval.md" not in site
    assert "Discount approval" not in site["roles/rep.md"]
    assert "Discount approval" not in site["stages/close.md"]


def test_internal_row_and_document_left_out_of_the_public_edition(tmp_path: Path) -> None:
    edits = [
        policy(("{band: Small,", "{visibility: internal, band: Small,")),
        ("documents/trial-plan.yml", None, "visibility: internal\n" + DOCUMENT),
        PLAYBOOK[2],
    ]
    site = pages(tmp_path, edits, edition="public")
    assert "| Small |" not in site["policies/discount-approval.md"]
    assert "documents/trial-plan.md" not in site
    assert "Trial plan" not in site["stages/close.md"]


def test_list_and_show_name_policies_and_documents(tmp_path: Path) -> None:
    from generator.authoring.listing import listing, show
    from generator.pipeline import load_playbook

    assert problems_after(tmp_path, PLAYBOOK) == []
    _, validated = load_playbook(Project.at(tmp_path))
    assert [(x.kind, x.id) for x in listing(validated, "policy")] == [("policy", "discount-approval")]
    assert [(x.kind, x.id) for x in listing(validated, "document")] == [("document", "trial-plan")]
    shown = show(validated, "trial-plan")
    assert ("stage", "close", "exit_criteria[1].document") in shown.referred_by
    assert ("role", "rep", "owner_role") in shown.refers_to
