"""The pipeline's boundaries: which stage may import which, read from the source files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "podium"


def _imports(path: Path) -> set[str]:
    """Return every module ``path`` imports, at the top or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((SRC / folder).glob("*.py"))


def _offenders(folders: list[str], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(SRC)} imports {name}"
        for folder in folders
        for path in _modules(folder)
        for name in sorted(_imports(path))
        if name.startswith(forbidden)
    ]


def test_layers_nothing_after_the_loader_sees_yaml_nodes() -> None:
    forbidden = ("podium.load.source", "yaml")
    assert _offenders(["plan", "template", "render", "commands"], forbidden) == []


#: The loader's own workings: what comes after it sees only the model and the Locations.
LOADER = (
    "podium.load.validate",
    "podium.load.findings",
    "podium.load.bullets",
    "podium.load.shape",
    "podium.load.model_errors",
    "podium.load.standins",
)


def test_layers_only_the_build_command_calls_the_loader() -> None:
    users = _offenders(["plan", "template", "render", "commands"], LOADER)
    assert users == [
        "commands/build.py imports podium.load.validate",
        "commands/build.py imports podium.load.validate.load",
    ]


def test_layers_template_code_does_not_import_the_plan() -> None:
    assert _offenders(["template"], ("podium.plan", "podium.render", "podium.commands")) == []


def test_layers_the_library_never_imports_click() -> None:
    library = [path for path in sorted(SRC.rglob("*.py")) if path != SRC / "cli.py"]
    found = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in library
        for name in sorted(_imports(path))
        if name == "click" or name.startswith("click.")
    ]
    assert len(library) > 50
    assert found == []


@pytest.mark.parametrize("path", _modules("plan"), ids=lambda p: p.name)
def test_layers_plan_signatures_are_typed_without_any(path: Path) -> None:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            annotations = [a.annotation for a in args if a.annotation] + [node.returns]
            for note in annotations:
                if note is not None and "Any" in ast.unparse(note).replace("Anything", ""):
                    found.append(f"{node.name}:{node.lineno}")
    assert found == []


#: A module grows past this only by splitting it by responsibility.
MAX_LINES = 550
#: Text that belongs in templates/ (a page, a style sheet, a script), never in a Python string.
_PAGE_TEXT = (
    "<!doctypehtml",
    "<html",
    "<body",
    "<style",
    "@font-face",
    "addeventlistener",
    "function(",
)


def _strings(path: Path) -> list[str]:
    """Return the string constants (f-string parts included) of ``path``, without docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_layers_no_page_style_or_script_text_in_python() -> None:
    offenders = [
        f"{path.relative_to(SRC)}: {text[:60]!r}"
        for path in sorted(SRC.rglob("*.py"))
        for text in _strings(path)
        if any(mark in text.lower().replace(" ", "") for mark in _PAGE_TEXT)
    ]
    assert offenders == [], "move these into templates/"


#: Modules already over it, with the size they may not exceed while they wait to be split.
OVER: dict[str, int] = {}


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_layers_modules_stay_small(path: Path) -> None:
    name = str(path.relative_to(SRC))
    lines = path.read_text(encoding="utf-8").count("\n")
    limit = OVER.get(name, MAX_LINES)
    assert lines <= limit, f"{name} has {lines} lines; split it by responsibility"


def _layout_paths() -> set[str]:
    """Return the paths README.md's "Repository layout" tree names (folders end with /)."""
    readme = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Repository layout", 1)[1].split("```", 2)[1]
    paths: set[str] = set()
    stack: list[tuple[int, str]] = []
    for line in block.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or len(line) - len(stripped) > 20:  # blank, or a wrapped description
            continue
        indent, name = len(line) - len(stripped), stripped.split(" ", 1)[0]
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = "".join(folder for _, folder in stack) + name
        paths.add(path)
        if name.endswith("/"):
            stack.append((indent, name))
    return paths


def test_layers_every_module_has_its_line_in_the_readme_layout() -> None:
    listed = _layout_paths()
    missing = [
        f"src/podium/{path.relative_to(SRC)}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "__init__.py" and f"src/podium/{path.relative_to(SRC)}" not in listed
    ]
    assert missing == [], "add a line (what it is for) to README.md's Repository layout"
