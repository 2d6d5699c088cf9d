"""Security round 3: numbers are finite, content holds no control characters, and what the commands
write to a terminal is shown, never obeyed.

The cases come from the models, not from a list: :func:`fields` walks every collection's model down
to each value a content file can hold, so a field added tomorrow is tested by the same rules. Each
case is a real content file (made from the fields' own examples), parsed and validated as
``playbook validate`` does, and each refusal is checked for its file, line, column and words.
"""

from __future__ import annotations

import ast
import copy
import datetime
import functools
import json
import logging
import re
import shutil
import subprocess
import sys
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pydantic import AfterValidator, BaseModel, BeforeValidator, ValidationError
from pydantic.fields import FieldInfo

from generator.checks.report import Finding, HealthReport
from generator.cli import main
from generator.cli.terminal import EscapingFormatter, shown
from generator.content.document import Document
from generator.content.load import parse_document
from generator.engines.preview import is_own_host
from generator.errors import printable
from generator.model.base import WebAddress, finite_number
from generator.model.collections import COLLECTIONS
from generator.model.text import Name, Text
from generator.model.validate import validate_files

from .conftest import FIXTURES, REPO
from .test_hostile import HOSTILE, overlay
from .test_mkdocs_build import make_project

PLAYBOOK = str(Path(sys.executable).parent / "playbook")
# What a terminal would obey: C0 controls, DEL, C1 controls; and what reorders a line.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# --- the model, walked --------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One value a content file of ``collection`` can hold, at ``loc``, and a document holding it."""

    collection: str
    loc: tuple[str | int, ...]
    kind: str  # "one-line", "text", "id", "whole", "amount", or something not text nor number
    make: Callable[[Any], dict[str, Any]]  # the value → the whole document, every required field filled

    @property
    def where(self) -> str:
        out = ""
        for part in self.loc:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out

    def __str__(self) -> str:
        return f"{self.collection}:{self.where}"


KEY = "sample"  # the key of an entry of a mapping (thresholds, amounts), a valid id


def _example(info: FieldInfo) -> Any:
    """A field's example as YAML would read it (a date example is written as text in the schema)."""
    assert info.examples, f"{info} has no example"
    example = info.examples[0]
    dated = datetime.date in (info.annotation, *typing.get_args(info.annotation))
    return datetime.date.fromisoformat(example) if dated and isinstance(example, str) else example


@functools.cache
def _minimal(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    out = {info.alias or name: _example(info) for name, info in model.model_fields.items() if info.is_required()}
    # A rule across fields (a stage needs a name or a label) may want more: optional examples, in order.
    for name, info in model.model_fields.items():
        try:
            model.model_validate(out)
            break
        except ValidationError:
            if info.examples and not info.exclude:
                out.setdefault(info.alias or name, _example(info))
    return tuple(out.items())


def minimal(model: type[BaseModel]) -> dict[str, Any]:
    """A valid instance of the model made of its fields' own examples (every field carries one):
    the required ones, and optional ones too where a rule across fields asks for them."""
    return copy.deepcopy(dict(_minimal(model)))


def fields() -> list[Field]:
    found: list[Field] = []
    for name, collection in COLLECTIONS.items():
        found += _model_fields(name, collection.model, (), lambda data: data, ())
    return found


Wrap = Callable[[Any], dict[str, Any]]


def _model_fields(collection: str, model: type[BaseModel], loc: tuple[str | int, ...], wrap: Wrap,
                  path: tuple[type[BaseModel], ...]) -> list[Field]:
    if model in path:
        return []  # a recursive model (a condition's all/any/not): its fields are walked once already
    out = []
    for name, info in model.model_fields.items():
        if name == "id" and info.exclude:
            continue  # an entity's id is its file name
        key = info.alias or name

        def inside(value: Any, key: str = key) -> dict[str, Any]:
            return wrap({**minimal(model), key: value})

        out += _values(collection, info.annotation, list(info.metadata), (*loc, key), inside, (*path, model))
    return out


def _values(collection: str, annotation: Any, metadata: list[Any], loc: tuple[str | int, ...], wrap: Wrap,
            path: tuple[type[BaseModel], ...]) -> list[Field]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:  # a FieldInfo inside it (Field(ge=0)) holds its constraints as metadata
        inner = [c for m in args[1:] for c in (m.metadata if isinstance(m, FieldInfo) else [m])]
        return _values(collection, args[0], [*inner, *metadata], loc, wrap, path)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if set(members) == {int, float}:
            return [Field(collection, loc, "amount" if _finite(metadata) else "unchecked number", wrap)]
        return [f for a in members for f in _values(collection, a, metadata, loc, wrap, path)]
    if origin is list:
        return _values(collection, args[0], [], (*loc, 0), lambda value: wrap([value]), path)
    if origin is dict:
        return _values(collection, args[1], [], (*loc, KEY), lambda value: wrap({KEY: value}), path)
    if isinstance(annotation, type) and hasattr(annotation, "FIELDS"):  # a Line: text, or fields
        return [Field(collection, loc, "text", wrap), *_model_fields(collection, annotation.FIELDS, loc, wrap, path)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_fields(collection, annotation, loc, wrap, path)
    return [Field(collection, loc, _kind(annotation, metadata), wrap)]


def _finite(metadata: list[Any]) -> bool:
    return any(isinstance(m, BeforeValidator) and m.func is finite_number for m in metadata)


def _kind(annotation: Any, metadata: list[Any]) -> str:
    if annotation is bool:
        return "yes/no"
    if annotation is int:
        return "whole"
    if annotation is float:
        return "amount" if any(getattr(m, "allow_inf_nan", None) is False for m in metadata) else "unchecked number"
    if annotation is datetime.date:
        return "date"
    if typing.get_origin(annotation) is typing.Literal:
        return "choice"
    if annotation is str:
        if any(m in ONE_LINE_CHECKS for m in metadata):
            return "one-line"
        if any(m in TEXT_CHECKS for m in metadata):
            return "text"
        if any(m in WEB_CHECKS for m in metadata):
            return "web address"
        if any(getattr(m, "pattern", None) for m in metadata):
            return "id"
        return "unchecked text"
    return f"unknown: {annotation!r}"


# The kinds of text, known by the checks their types carry (the very objects, so a copy is not one).
ONE_LINE_CHECKS = [m for m in typing.get_args(Name)[1:] if isinstance(m, AfterValidator)]
TEXT_CHECKS = [m for m in typing.get_args(Text)[1:] if isinstance(m, AfterValidator)]
WEB_CHECKS = typing.get_args(WebAddress)[1:]


FIELDS = fields()


def document_with(field: Field, written: str) -> tuple[str, str, int, int]:
    """(file, YAML text, line, column): the field's document with ``written`` (YAML source) as its value."""
    marker = "REPLACE-THIS-VALUE"
    data = field.make(marker)
    source = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    assert source.count(marker) == 1, source
    lines = source.splitlines()
    line = next(n for n, text in enumerate(lines, 1) if marker in text)
    column = lines[line - 1].index(marker) + 1
    single = COLLECTIONS[field.collection].single
    file = f"content/{field.collection}.yml" if single else f"content/{field.collection}/{KEY}.yml"
    return file, source.replace(marker, written), line, column


def problems_for(field: Field, written: str) -> tuple[list[str], str]:
    file, source, line, column = document_with(field, written)
    doc = Document(field.collection, field.collection if COLLECTIONS[field.collection].single else KEY, file)
    problems = parse_document(source.encode("utf-8"), doc)
    _, more = validate_files([doc])
    return [str(p) for p in [*problems, *more]], f"{file}:{line}:{column}: {field.where}: "


def test_the_walk_finds_every_kind_of_field() -> None:
    kinds = {f.kind for f in FIELDS}
    assert {"one-line", "text", "id", "whole", "amount"} <= kinds
    assert len([f for f in FIELDS if f.kind == "one-line"]) >= 40
    # Every text is one of the checked kinds, and every number either whole or a finite amount.
    unchecked = [str(f) for f in FIELDS if f.kind.startswith(("unchecked", "unknown"))]
    assert not unchecked, f"fields of no checked kind: {unchecked}"


def test_a_document_made_from_the_examples_is_valid() -> None:
    # The cases below put one bad value into a document made of examples; with a good value instead,
    # nothing is wrong with that field (a rule across fields may still ask for another one: `before`
    # or `after`, not both — it is never checked while a field is refused).
    for field in FIELDS:
        example = {"one-line": "A name", "text": "Some text.", "whole": "3", "amount": "20"}.get(field.kind)
        if example is None:
            continue
        found, _ = problems_for(field, example)
        assert not [p for p in found if f": {field.where}: " in p], f"{field}: {found}"
    assert problems_for(FIELDS[0], '"A name"')[0] == []


# --- 3. numbers are finite ------------------------------------------------------------------------

NON_FINITE = {".inf": "infinity", "-.inf": "minus infinity", ".nan": "not-a-number", ".NaN": "not-a-number",
              "+.Inf": "infinity"}


@pytest.mark.parametrize("field", [f for f in FIELDS if f.kind in ("whole", "amount")], ids=str)
def test_every_number_refuses_infinity_and_not_a_number(field: Field) -> None:
    for written, meaning in NON_FINITE.items():
        found, at = problems_for(field, written)
        if field.kind == "amount":
            message = "expected a finite number, like 20"
        else:
            message = f"expected a whole number, got {written} (YAML reads it as {meaning})"
        assert found == [at + message], field


@pytest.mark.parametrize("written", ["10k", "true", "[1, 2]"])
def test_an_amount_that_is_not_a_number_is_one_located_problem(written: str) -> None:
    # One problem at the field itself, not one per member of "a whole or a decimal number".
    field = next(f for f in FIELDS if f.collection == "strategy" and f.where == "thresholds.sample.amount")
    found, at = problems_for(field, written)
    (problem,) = found
    assert problem.startswith(at + "expected a number, got ")


def non_finite_project(root: Path) -> Path:
    shutil.copytree(FIXTURES / "small" / "content", root / "content")
    strategy = root / "content" / "strategy.yml"
    strategy.write_text(strategy.read_text(encoding="utf-8") +
                        "thresholds:\n  deal-plan:\n    name: Deal plan\n    amount: .inf\n", encoding="utf-8")
    stage = root / "content" / "stages" / "close.yml"
    stage.write_text(stage.read_text(encoding="utf-8").replace(
        "  - Trial agreement signed.", "  - text: Trial agreement signed.\n    when: {at_least: .nan}"), encoding="utf-8")
    return make_project(root, root / "content")


NON_FINITE_PROBLEMS = [
    "content/stages/close.yml:10:22: exit_criteria[0].when.at_least: expected a finite number, like 20",
    "content/strategy.yml:19:13: thresholds.deal-plan.amount: expected a finite number, like 20",
]


@pytest.mark.parametrize("command", [["build", "--site-dir", "site"], ["export", "out"], ["validate"]])
def test_build_and_export_refuse_non_finite_numbers_without_a_traceback(tmp_path: Path, command: list[str]) -> None:
    non_finite_project(tmp_path)
    result = subprocess.run([PLAYBOOK, *command], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[lines.index(NON_FINITE_PROBLEMS[0]):][:3] == [*NON_FINITE_PROBLEMS, "2 problems found in the playbook content."]
    assert not (tmp_path / "site").exists() and not (tmp_path / "out").exists()


def test_plain_mkdocs_build_refuses_non_finite_numbers_without_a_traceback(tmp_path: Path) -> None:
    config = non_finite_project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert all(problem in result.stderr for problem in NON_FINITE_PROBLEMS)


# --- 4a. no control character in content ---------------------------------------------------------

# Written as YAML escapes, the way a hostile (or careless) file carries them.
CONTROLS = {
    r"\e]0;owned\a": r"\x1b",  # retitles the terminal
    r"\x1b[2J": r"\x1b",  # clears it
    r"\e]52;c;aGk=\a": r"\x1b",  # writes the clipboard
    r"\x9b31m": r"\u009b",  # a C1 control: CSI in one character
    r"\x7f": r"\u007f",
    r"\0": r"\x00",
    r"\x85": None,  # NEL: a line break to YAML and to a one-line field
}


def _quoted(escape: str) -> str:
    return f'"A name {escape} here"'


@pytest.mark.parametrize("field", [f for f in FIELDS if f.kind == "one-line"], ids=str)
def test_every_one_line_field_refuses_control_characters(field: Field) -> None:
    for escape, shown_as in CONTROLS.items():
        found, at = problems_for(field, _quoted(escape))
        if shown_as is None:
            assert found == [at + "must be one line: remove the line break"], (field, escape)
        else:
            message = f"must not hold the control character {shown_as}: remove it (a terminal would obey it, as a command)"
            assert found == [at + message], (field, escape)
    found, at = problems_for(field, _quoted(r"\t"))
    assert found == [at + r"must not hold a tab (\x09): write a space instead"]
    for override in (r"\u202e", r"\u2067"):
        found, at = problems_for(field, _quoted(override))
        assert found == [at + f"must not hold the bidirectional control {override}: remove it "
                         "(it shows the text in another order)"], (field, override)


@pytest.mark.parametrize("field", [f for f in FIELDS if f.kind == "id"], ids=str)
def test_every_id_field_refuses_control_characters(field: Field) -> None:
    found, at = problems_for(field, _quoted(r"\e]0;owned\a"))
    (problem,) = found
    assert problem.startswith(at) and "is not a valid id" in problem
    assert not RAW_CONTROL.search(problem)


@pytest.mark.parametrize("field", [f for f in FIELDS if f.kind == "text"], ids=str)
def test_every_text_keeps_tabs_and_line_breaks_and_refuses_other_controls(field: Field) -> None:
    assert problems_for(field, r'"Two lines:\n\tthe second indented."')[0] == []
    for escape, shown_as in CONTROLS.items():
        found, at = problems_for(field, _quoted(escape))
        if shown_as is None:
            assert found == [at + r"must not hold the control character \u0085: remove it "
                             "(a terminal would obey it, as a command)"], (field, escape)
        else:
            assert found == [at + f"must not hold the control character {shown_as}: remove it "
                             "(a terminal would obey it, as a command)"], (field, escape)


# --- 4b. what the commands print is escaped ------------------------------------------------------

HOSTILE_FILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202e.yml"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("command", [["validate"], ["check"], ["list"], ["show", "close"], ["list", "--format", "json"]])
def test_a_file_name_with_terminal_escapes_is_printed_escaped(small_playbook: Path, command: list[str]) -> None:
    (small_playbook / "content" / "stages" / HOSTILE_FILE).write_text("name: Owned\n", encoding="utf-8")
    code, out = invoke(*command, "--root", str(small_playbook))
    assert code == 1
    assert not RAW_CONTROL.search(out), repr(out)
    assert out.splitlines()[0] == (
        r"content/stages/\x1b]0;owned\x07\x1b[2J\u009b31m\u202e.yml:1:1: "
        r"'\x1b]0;owned\x07\x1b[2J\u009b31m\u202e' is not a valid id: name the file with lowercase letters, "
        "digits and hyphens"
    )


def hostile_validated(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """The small playbook as validated, then given a name and an owner holding terminal escapes, as
    content read by a version that let them through would be: the printing path is tested alone."""
    from generator.cli import common, content
    from generator.pipeline import Project, load_playbook

    playbook, validated = load_playbook(Project.at(root))
    close = validated.entities["stages"]["close"]
    object.__setattr__(close, "name", "Close\x1b]0;owned\x07\x1b[2J")
    object.__setattr__(close, "owner", "\x1b]52;c;aGk=\x07Sales\x9b31m\u2028")
    monkeypatch.setattr(content, "load_or_exit", lambda project, after="": (playbook, validated))
    monkeypatch.setattr(common, "load_or_exit", lambda project, after="": (playbook, validated))


@pytest.mark.parametrize("command", [["list"], ["list", "stage"], ["show", "close"]])
def test_list_and_show_print_names_and_owners_escaped(
    small_playbook: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    hostile_validated(monkeypatch, small_playbook)
    code, out = invoke(*command, "--root", str(small_playbook))
    assert code == 0
    assert not RAW_CONTROL.search(out) and "\u2028" not in out, repr(out)
    assert r"Close\x1b]0;owned\x07\x1b[2J" in out
    if command[0] == "list":
        line = next(line for line in out.splitlines() if line.split()[:2] == ["stage", "close"])
        assert line.endswith(r"\x1b]52;c;aGk=\x07Sales\u009b31m\u2028")


@pytest.mark.parametrize("command", [["list"], ["show", "close"]])
def test_json_output_is_escaped_and_still_the_same_values(
    small_playbook: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    hostile_validated(monkeypatch, small_playbook)
    code, out = invoke(*command, "--format", "json", "--root", str(small_playbook))
    assert code == 0
    assert not RAW_CONTROL.search(out) and "\u2028" not in out, repr(out)
    data = json.loads(out)
    close = data if command[0] == "show" else next(i for i in data if i["id"] == "close")
    assert close["name"] == "Close\x1b]0;owned\x07\x1b[2J"  # exact, once decoded


def test_check_prints_findings_escaped(small_playbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import content

    finding = Finding("content/stages/close.yml", 2, 7, "owner-missing", "error",
                      "the stage 'Close\x1b]0;owned\x07' has no owner\x9b2J")
    monkeypatch.setattr(content, "check_project", lambda *a, **k: HealthReport([], [finding]))
    code, out = invoke("check", "--root", str(small_playbook))
    assert code == 1
    assert not RAW_CONTROL.search(out), repr(out)
    assert out.splitlines()[0] == (
        r"content/stages/close.yml:2:7: error: the stage 'Close\x1b]0;owned\x07' has no owner\u009b2J [owner-missing]"
    )


def test_a_refusal_quoting_what_was_typed_is_escaped(small_playbook: Path) -> None:
    code, out = invoke("show", "\x1b]0;owned\x07", "--root", str(small_playbook))
    assert code == 1
    assert out == r"Error: no entity has the id '\x1b]0;owned\x07'" + "\n"


def test_log_lines_are_escaped() -> None:
    record = logging.LogRecord("mkdocs", logging.WARNING, __file__, 1, "Doc file '%s' has a problem", ("\x1b[2J",), None)
    assert EscapingFormatter("%(levelname)s - %(message)s").format(record) == r"WARNING - Doc file '\x1b[2J' has a problem"


def test_shown_keeps_its_own_lines_and_escapes_the_rest() -> None:
    assert shown("a\x1b[2J\nb\u009b\tc\u202e") == "a\\x1b[2J\nb\\u009b\\x09c\\u202e"
    assert printable(printable("\x1b")) == printable("\x1b")  # escaping twice changes nothing more


def test_the_commands_write_to_the_terminal_only_through_the_escaping_function() -> None:
    """No module of the tool writes to the terminal but ``cli/terminal.py``: no print(), no
    click.echo, no write to sys.stdout or sys.stderr, no ClickException of its own."""
    offenders = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        if path.relative_to(REPO).as_posix() == "generator/cli/terminal.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name in ("print", "click.echo", "click.secho", "click.ClickException", "ClickException") or \
                        name.startswith(("sys.stdout.", "sys.stderr.")):
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {name}")
    assert not offenders, offenders


# --- the hostile corpus, through the command line ------------------------------------------------


@pytest.mark.parametrize("case", ["numbers-that-are-not-finite", "terminal-escapes-in-names"])
def test_hostile_cases_through_validate_exit_1_escaped_without_a_traceback(tmp_path: Path, case: str) -> None:
    root = overlay(tmp_path, case)
    result = subprocess.run([PLAYBOOK, "validate"], cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not RAW_CONTROL.search(result.stderr.replace("\n", ""))
    expected = (HOSTILE / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.stderr.splitlines() == [*expected, f"{len(expected)} problems found in the playbook content."]


# --- 9. the preview answers only its own Host ----------------------------------------------------


@pytest.mark.parametrize(("host", "listening", "port", "answered"), [
    ("127.0.0.1:8000", "127.0.0.1", 8000, True),
    ("localhost:8000", "127.0.0.1", 8000, True),
    ("LocalHost:8000", "127.0.0.1", 8000, True),
    ("[::1]:8000", "127.0.0.1", 8000, True),
    ("[::1]:8000", "::1", 8000, True),
    ("127.0.0.1", "127.0.0.1", 80, True),
    ("localhost", "127.0.0.1", 80, True),
    ("192.168.1.5:8000", "0.0.0.0", 8000, True),  # listening on every address: any address literal
    ("127.0.0.1", "127.0.0.1", 8000, False),  # no port: port 80
    ("127.0.0.1:8001", "127.0.0.1", 8000, False),
    ("evil.example:8000", "127.0.0.1", 8000, False),  # a name rebound to 127.0.0.1
    ("localhost.evil.example:8000", "127.0.0.1", 8000, False),
    ("evil.example:8000", "0.0.0.0", 8000, False),
    ("192.168.1.5:8000", "127.0.0.1", 8000, False),
    ("127.0.0.1:8000@evil.example", "127.0.0.1", 8000, False),
    ("127.0.0.1:８０００", "127.0.0.1", 8000, False),  # digits, but not ASCII ones
    ("[::1]8000", "127.0.0.1", 8000, False),
    ("::1:8000", "127.0.0.1", 8000, False),
    ("", "127.0.0.1", 8000, False),
    (None, "127.0.0.1", 8000, False),
])
def test_which_host_the_preview_answers(host: str | None, listening: str, port: int, answered: bool) -> None:
    assert is_own_host(host, listening, port) is answered



# --- docs/trust-and-safety.md names the tests that hold each guarantee ----------------------------


def test_every_test_the_trust_page_names_exists() -> None:
    """Each `tests/…py::test_name` (and each `::test_name` after it, in the same file) on the page
    is a test function of that file, so no guarantee there points at a test that is gone."""
    page = (REPO / "docs" / "trust-and-safety.md").read_text(encoding="utf-8")
    missing, current, named = [], None, 0
    for found in re.finditer(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`", page):
        file, test = found.groups()
        if file:
            current = REPO / file
            if not current.is_file():
                missing.append(file)
                continue
        if test and current is not None:
            named += 1
            tree = ast.parse(current.read_text(encoding="utf-8"))
            if test not in {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}:
                missing.append(f"{current.relative_to(REPO)}::{test}")
    assert named >= 30
    assert not missing, missing
