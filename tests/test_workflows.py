"""The CI definitions: the GitHub Actions workflow and the GitLab CI pipeline documented in docs/publishing.md.

Both are parsed and checked for the jobs the project promises: validate, check, test and build (with
the built site uploaded) on every change; deploy to Pages only from main. Every ``playbook``
command they run must exist, so renaming a command without updating CI fails here, not in CI.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

from .conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "playbook.yml"


def load_workflow(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job.get("steps", []) if "run" in step]


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"] for step in job.get("steps", []) if "uses" in step]


def playbook_commands(lines: list[str]) -> list[list[str]]:
    """Each `playbook …` invocation in shell lines, as argument lists."""
    found = []
    for line in lines:
        for part in re.split(r"&&|\n|;", line):
            words = shlex.split(part)
            if words and words[0] == "playbook":
                found.append(words[1:])
    return found


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return load_workflow(WORKFLOW)


def test_workflow_runs_on_pull_requests_and_on_main(workflow: dict[str, Any]) -> None:
    assert "pull_request" in workflow["on"]
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}  # write access only where deploying needs it


def test_workflow_validates_checks_tests_and_builds(workflow: dict[str, Any]) -> None:
    jobs = workflow["jobs"]
    assert {"validate", "check", "test", "build", "deploy"} <= set(jobs)
    assert ["validate"] in playbook_commands(runs(jobs["validate"]))
    assert ["check"] in playbook_commands(runs(jobs["check"]))
    assert any("make test" in line or "pytest" in line for line in runs(jobs["test"]))
    # The browser tests need Chromium where they look for it, and must not skip in CI.
    assert jobs["test"]["steps"][-1]["env"]["CI"] == "true"
    assert any("chromium" in line for line in runs(jobs["test"]))
    # Nothing is built for publishing unless the content is valid, healthy and the tests pass.
    assert set(jobs["build"]["needs"]) == {"check", "test"}
    assert jobs["check"]["needs"] == "validate" and jobs["test"]["needs"] == "validate"


def test_build_uploads_both_editions_and_only_public_goes_to_pages(workflow: dict[str, Any]) -> None:
    build = workflow["jobs"]["build"]
    built = {cmd[cmd.index("--site-dir") + 1]: cmd[cmd.index("--edition") + 1]
             for cmd in playbook_commands(runs(build)) if cmd[0] == "build"}
    assert built == {"site": "public", "site-internal": "internal"}
    uploads = {step["uses"].split("@")[0]: step["with"]["path"] for step in build["steps"] if "upload" in step.get("uses", "")}
    assert uploads == {"actions/upload-pages-artifact": "site", "actions/upload-artifact": "site-internal"}
    # The history dates the build (reproducible) and feeds "What's new".
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0


def test_deploy_runs_only_on_main_after_build(workflow: dict[str, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "github.event_name == 'push'" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [u.split("@")[0] for u in uses(deploy)] == ["actions/deploy-pages"]


def test_every_action_is_pinned_to_a_version(workflow: dict[str, Any]) -> None:
    for name, job in workflow["jobs"].items():
        for action in uses(job):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", action), (name, action)


def gitlab_pipeline() -> dict[str, Any]:
    readme = (REPO / "docs" / "publishing.md").read_text(encoding="utf-8")
    section = readme.split("On GitLab, the same pipeline", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the GitLab CI block in docs/publishing.md is missing"
    return yaml.safe_load(block.group(1))


def test_gitlab_pipeline_in_the_readme_has_the_same_jobs() -> None:
    pipeline = gitlab_pipeline()
    assert pipeline["stages"] == ["validate", "check", "test", "build", "deploy"]
    jobs = {name: job for name, job in pipeline.items() if isinstance(job, dict) and "script" in job}
    assert set(jobs) == {"validate", "check", "test", "build", "pages"}
    assert ["validate"] in playbook_commands(jobs["validate"]["script"])
    assert ["check"] in playbook_commands(jobs["check"]["script"])
    assert "make test" in jobs["test"]["script"]
    assert jobs["build"]["artifacts"]["paths"] == ["site/", "site-internal/"]
    assert jobs["build"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    # GitLab Pages serves the `public` folder of the `pages` job: the public edition, from the default branch.
    assert playbook_commands(jobs["pages"]["script"]) == [["build", "--edition", "public", "--site-dir", "public"]]
    assert jobs["pages"]["artifacts"]["paths"] == ["public"]
    assert jobs["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_every_playbook_command_in_ci_exists_with_its_options() -> None:
    pipeline = gitlab_pipeline()
    lines = [line for job in load_workflow(WORKFLOW)["jobs"].values() for line in runs(job)]
    lines += [line for job in pipeline.values() if isinstance(job, dict) for line in job.get("script", [])]
    commands = playbook_commands(lines)
    assert len(commands) >= 8
    for args in commands:
        command = main.commands.get(args[0])
        assert command is not None, f"CI runs 'playbook {args[0]}', which does not exist"
        known = {opt for param in command.params for opt in getattr(param, "opts", [])}
        for word in args[1:]:
            if word.startswith("-"):
                assert word in known, f"'playbook {args[0]}' has no option {word}"
