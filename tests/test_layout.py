"""
The tree shows the architecture, and the code keeps to it.

Modules stand on floors and import only what stands below them; no
private name crosses a module's boundary; no import of lowback's own
code hides in a function; no module is long and no function is long
without a reason.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

import pytest

import lowback

SOURCE = Path(lowback.__file__).parent

#: Every module, from the ground floor up. A module imports (at run
#: time) only modules listed before it.
FLOORS = (
    # ground: values every floor uses
    "_version",
    "_pointer",
    "_errors",
    "_problems",
    "_checks",
    "_schemas",
    "_json",
    "_io",
    # the rules of the format, over plain JSON; the one converter
    "_rules._common",
    "_rules._prose",
    "_rules._exercise",
    "_rules._routine",
    "_rules",
    "_converter",
    # the model
    "_dose",
    "_progression",
    "_model",
    "_catalog",
    "_routine",
    "_pain",
    "_plan",
    "_stored",
    # rendering: words, text, pictures, handouts
    "_render._words",
    "_render._text",
    "_render._svg",
    "_render._handout",
    "_render._session",
    "_render",
    # validation: schemas, translation, the two engines, files
    "_validation._translate",
    "_validation._header",
    "_validation._reference",
    "_validation._fast",
    "_validation._validate",
    "_validation._files",
    "_validation._jobs",
    "_validation",
    # documents, the built-in content, routines from a catalog
    "_documents",
    "_content",
    "_builder",
    # exports and importers, public submodules
    "exports._subject",
    "exports._fhir",
    "exports._requests",
    "exports._jsonld",
    "exports._ics",
    "exports._fit",
    "exports",
    "importers._common",
    "importers._vocabulary",
    "importers._steps",
    "importers._inferred",
    "importers._record",
    "importers._free_exercise_db",
    "importers._exercemus",
    "importers._wger",
    "importers._workout_share",
    "importers",
    # catalogs from exercise documents, drafts among them
    "_assemble",
    # the package, then the command line on top
    "",
    "_cli._parser",
    "_cli._reporters",
    "_cli._commands",
    "_cli",
    "__main__",
)
#: Longest module, in lines.
MODULE_LINES = 600
#: Longest function, in lines, unless a comment on its ``def`` line says
#: why (``# long: ...``).
FUNCTION_LINES = 60


class Import(NamedTuple):
    module: str
    name: str
    line: int
    in_function: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(SOURCE.rglob("*.py"))}


def _type_only(tree: ast.Module) -> set[int]:
    """
    Return the lines of the ``if TYPE_CHECKING:`` blocks.
    """
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(
            node.test
        ):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or 0) + 1))
    return lines


def _imports(name: str, path: Path) -> list[Import]:
    """
    Return what one module imports of lowback at run time.
    """
    tree = ast.parse(path.read_text("utf-8"))
    package = (
        name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    )
    if name == "":
        package = []
    skip = _type_only(tree)
    functions = [
        range(n.lineno, (n.end_lineno or 0) + 1)
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        if node.lineno in skip:
            continue
        base = package[: len(package) - (node.level - 1)]
        inside = any(node.lineno in f for f in functions)
        if node.module is None:
            for alias in node.names:
                target = ".".join([*base, alias.name])
                found.append(Import(target, alias.name, node.lineno, inside))
        else:
            target = ".".join([*base, node.module])
            found += [
                Import(target, alias.name, node.lineno, inside)
                for alias in node.names
            ]
    return found


def test_every_module_has_a_floor():
    """The floor list names every module there is, once."""
    assert sorted(_modules()) == sorted(FLOORS)
    assert len(FLOORS) == len(set(FLOORS))


@pytest.mark.parametrize("name", sorted(_modules()))
def test_modules_import_only_what_stands_below_them(name):
    """No module imports one on its own floor or above: no cycles, no reaching up."""
    floor = FLOORS.index(name)
    above = [
        f"line {i.line}: {i.module or 'lowback'}"
        for i in _imports(name, _modules()[name])
        if FLOORS.index(i.module) >= floor
    ]
    assert [] == above


@pytest.mark.parametrize("name", sorted(_modules()))
def test_private_names_stay_in_their_module(name):
    """
    A name that starts with an underscore is used only in its own
    module; its folder's modules may be imported, as modules.
    """
    modules = _modules()
    crossing = [
        f"line {i.line}: {i.name} from {i.module}"
        for i in _imports(name, modules[name])
        if i.name.startswith("_")
        and not i.name.startswith("__")
        and f"{i.module}" not in modules  # a module of the folder is fine
    ]
    assert [] == crossing


def test_no_import_of_lowback_hides_in_a_function():
    """
    Only the command line imports lowback's own code inside a function,
    once the command line parses, so that --help stays quick; and the
    validator loads plans, and with them the model, only for a plan
    document, so that ``lowback validate`` of other content builds no
    model class.
    """
    hidden = [
        (name, i.module)
        for name, path in _modules().items()
        for i in _imports(name, path)
        if i.in_function
    ]
    assert [
        ("_cli", "_cli._commands"),
        ("_cli", "_cli._reporters"),
        ("_validation._fast", "_stored"),
        ("_validation._reference", "_stored"),
    ] == sorted(hidden)


def _long_functions(text: str) -> list[str]:
    """
    Return the functions of *text* over the limit, with no reason given.
    """
    lines = text.splitlines()
    return [
        f"{node.name} ({(node.end_lineno or 0) - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (node.end_lineno or 0) - node.lineno + 1 > FUNCTION_LINES
        and "# long:" not in lines[node.lineno - 1]
    ]


def _absolute_imports(text: str) -> list[str]:
    """
    Return lowback's own modules that *text* imports by absolute name.
    """
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found += [
                a.name for a in node.names if a.name.split(".")[0] == "lowback"
            ]
        elif (
            isinstance(node, ast.ImportFrom)
            and not node.level
            and (node.module or "").split(".")[0] == "lowback"
        ):
            found.append(node.module or "")
    return found


@pytest.mark.parametrize("name", sorted(_modules()))
def test_no_long_module_and_no_long_function_without_a_reason(name):
    """Modules stay under 600 lines; functions under 60, or say why."""
    text = _modules()[name].read_text("utf-8")
    assert len(text.splitlines()) <= MODULE_LINES
    assert [] == _long_functions(text)


@pytest.mark.parametrize("name", sorted(_modules()))
def test_lowback_imports_itself_relatively(name):
    """
    Inside the package, lowback's modules are imported relatively, so
    that the floor check above sees every import.
    """
    assert [] == _absolute_imports(_modules()[name].read_text("utf-8"))


def test_the_checks_above_can_fail(tmp_path):
    """
    A long function, a long function with its reason, an import from
    above, a private import and an absolute import are each told apart.
    """
    body = "\n".join(f"    x = {i}" for i in range(FUNCTION_LINES))
    assert ["f (61 lines)"] == _long_functions(f"def f():\n{body}\n")
    assert [] == _long_functions(f"def f():  # long: a table\n{body}\n")
    assert [] == _long_functions("def f():\n    return 1\n")
    (tmp_path / "m.py").write_text(
        "from ._cli import main\nfrom ._plan import _short\n", "utf-8"
    )
    found = _imports("_rules", tmp_path / "m.py")
    assert ["_cli", "_plan"] == [i.module for i in found]
    assert FLOORS.index("_cli") > FLOORS.index("_rules")
    assert found[1].name.startswith("_")
    assert ["lowback._plan", "lowback"] == _absolute_imports(
        "import lowback._plan\nfrom lowback import _rules\nimport json\n"
    )
