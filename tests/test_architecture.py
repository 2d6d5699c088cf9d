"""The shape of the code: packages by pipeline phase, imports pointing down, no cycle, short modules.

Every import is counted, those inside functions included, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
# Lower layers never import higher ones. Packages on one layer do not import each other.
LAYERS = {
    "errors": 0,
    "bundled": 0,  # where the templates and the theme override are (no imports of ours)
    "content": 1,
    "model": 2,
    "checks": 3,
    "site": 4,
    "history": 5,
    "pipeline": 6,
    "authoring": 7,
    "engines": 7,
    "crm": 7,
    "cli": 8,
    "__main__": 9,
}
MAX_LINES = 300


def built(path: Path) -> bool:
    """Folders that builds and test runs write: examples/<name>/site, tests/screenshots, bench/results, …"""
    parts = path.parts
    return (parts[0] == "examples" and len(parts) > 2 and parts[2] == "site") or parts[:2] in (
        ("tests", "screenshots"), ("bench", "results"), ("audit", "results"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Modules of ours that ``path`` imports, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            assert node.level == 0, f"{path}: relative import; write 'from generator.… import …'"
            modules = {f"{node.module}.{a.name}" for a in node.names}
            found |= {m for m in modules if (PACKAGE.parent / Path(*m.split("."))).with_suffix(".py").exists()
                      or (PACKAGE.parent / Path(*m.split("."))).is_dir()} or {node.module}
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    parts = module.split(".")
    assert parts[0] == "generator" and len(parts) > 1, module
    assert parts[1] in LAYERS, f"{module}: give its package a layer in tests/test_architecture.py"
    return LAYERS[parts[1]]


def test_imports_point_down_the_pipeline() -> None:
    wrong = []
    for module, targets in graph().items():
        if module == "generator":
            continue
        for target in targets:
            if target == "generator":
                continue
            same_package = module.split(".")[1] == target.split(".")[1]
            if not same_package and layer(target) >= layer(module):
                wrong.append(f"{module} imports {target}")
    assert not wrong, "imports that point up or sideways:\n" + "\n".join(sorted(wrong))


def test_no_import_cycle() -> None:
    edges = graph()
    # A package's __init__ stands for the package: an edge to it is an edge to what it imports.
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if target not in edges:
                continue
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_modules_are_short() -> None:
    long = {
        p.relative_to(PACKAGE.parent).as_posix(): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_only_the_engines_import_mkdocs() -> None:
    """The core produces pages; only the adapters in engines/ (and the CLI that starts them) know MkDocs."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
                if module_name(path).split(".")[1] not in ("engines", "cli"):
                    offenders.append(module_name(path))
    assert not offenders, f"modules outside engines/ that import mkdocs: {sorted(set(offenders))}"


def test_no_source_file_is_ignored_by_git() -> None:
    """A pattern in .gitignore must not match the package, its tests or examples: such a file works on the
    machine that wrote it and is missing from every clone (``site/`` once matched ``generator/site/``)."""
    import shutil
    import subprocess

    import pytest

    root = PACKAGE.parent
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    sources = [p.relative_to(root).as_posix() for folder in ("generator", "tests", "examples", "bench", "audit")
               for p in (root / folder).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and not built(p.relative_to(root))]
    assert len(sources) > 100
    found = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=root, input="\n".join(sources),
                           capture_output=True, text=True, check=False)
    assert found.stdout.split() == [], f"files .gitignore hides from clones: {found.stdout.split()}"
