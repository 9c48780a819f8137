"""
The documentation stays true to the library.

The ```python blocks of the docs run through Sybil (see the root
``conftest.py``); these tests check the rest: the JSON examples, the
shell sessions, and that the format reference names every field, every
allowed value and every problem code.
"""

from __future__ import annotations

import ast
import copy
import doctest
import importlib
import inspect
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import lowback

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
INDEX_MD = DOCS / "index.md"
TUTORIAL_MD = DOCS / "tutorial.md"
API_MD = DOCS / "api.md"
HOWTO_CI_MD = DOCS / "howto-ci.md"
SOURCE = ROOT / "src" / "lowback"
SCHEMAS = ROOT / "schemas"
FORMAT_MD = DOCS / "format.md"

DOCUMENT_CLASSES: dict[
    str,
    type[lowback.Exercise | lowback.Catalog | lowback.Routine | lowback.Plan],
] = {
    "exercise": lowback.Exercise,
    "catalog": lowback.Catalog,
    "routine": lowback.Routine,
    "plan": lowback.Plan,
}


class Block(NamedTuple):
    """
    One fenced code block of a Markdown file.
    """

    path: Path
    line: int
    language: str
    text: str

    @property
    def id(self) -> str:
        return f"{self.path.name}:{self.line}"


_FENCE = re.compile(
    r"^(?P<fence>`{3,})(?P<info>[^`\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def fenced_blocks(path: Path) -> list[Block]:
    """
    Return the fenced code blocks of a Markdown file, in order.
    """
    text = path.read_text(encoding="utf-8")
    return [
        Block(
            path=path,
            line=text.count("\n", 0, m.start()) + 1,
            language=(m.group("info").split() or [""])[0],
            text=m.group("body"),
        )
        for m in _FENCE.finditer(text)
    ]


DOC_FILES = sorted(DOCS.glob("*.md"))
BLOCKS = [b for path in DOC_FILES for b in fenced_blocks(path)]
JSON_BLOCKS = [b for b in BLOCKS if b.language == "json"]
CONSOLE_BLOCKS = [b for b in BLOCKS if b.language == "console"]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    assert len(result) == len(pairs), f"duplicate key in {pairs!r}"
    return result


def parse_json(block: Block) -> Any:
    return json.loads(block.text, object_pairs_hook=_pairs)


def is_document(value: object) -> bool:
    """
    Whether a JSON value is a lowback document rather than a fragment.
    """
    return isinstance(value, dict) and "type" in value


DOCUMENT_BLOCKS = [b for b in JSON_BLOCKS if is_document(parse_json(b))]
FRAGMENT_BLOCKS = [b for b in JSON_BLOCKS if not is_document(parse_json(b))]


def _ids(blocks: list[Block]) -> list[str]:
    return [b.id for b in blocks]


# (a) The JSON examples.


def test_docs_have_json_examples_of_every_document_type() -> None:
    """
    The docs show at least one document of every type.
    """
    types = {parse_json(b)["type"] for b in DOCUMENT_BLOCKS}

    assert set(DOCUMENT_CLASSES) <= types


@pytest.mark.parametrize("block", DOCUMENT_BLOCKS, ids=_ids(DOCUMENT_BLOCKS))
def test_document_example_is_valid(block: Block) -> None:
    """
    Every example document validates with no problems, parsed or as text.
    """
    parsed = lowback.validate(parse_json(block))
    read = lowback.validate_text(block.text)

    assert parsed.valid, [str(p) for p in parsed]
    assert read.valid, [str(p) for p in read]


@pytest.mark.parametrize("block", DOCUMENT_BLOCKS, ids=_ids(DOCUMENT_BLOCKS))
def test_document_example_is_canonical(block: Block) -> None:
    """
    Every example document is in the canonical form lowback writes.
    """
    cls = DOCUMENT_CLASSES[parse_json(block)["type"]]

    assert block.text == lowback.dumps(lowback.loads(block.text, cls))


def _carried_exercises(document: dict[str, Any]) -> list[dict[str, Any]]:
    """
    Return the exercises a document carries, without their header.

    A catalog lists them; a routine carries each in an item, and a plan
    carries its routine.
    """
    kind = document["type"]
    if kind == "catalog":
        return list(document["exercises"])
    routine = document["routine"] if kind == "plan" else document
    return [item["exercise"] for item in routine["items"]]


def _example_exercises() -> list[dict[str, Any]]:
    exercises = []
    for block in DOCUMENT_BLOCKS:
        document = parse_json(block)
        if document["type"] == "exercise":
            exercises.append(document)
        else:
            exercises.extend(
                {"type": "exercise", "format_version": "1.0", **e}
                for e in _carried_exercises(document)
            )
    return exercises


@pytest.mark.parametrize(
    "exercise",
    [e for e in _example_exercises() if e["id"] in lowback.catalog()],
    ids=lambda e: e["id"],
)
def test_leaflet_examples_match_the_builtin_catalog(
    exercise: dict[str, Any],
) -> None:
    """
    An example with the id of a built-in exercise is that exercise.
    """
    assert lowback.catalog().get(exercise["id"]) == lowback.from_document(
        exercise, lowback.Exercise
    )


@pytest.mark.parametrize("block", FRAGMENT_BLOCKS, ids=_ids(FRAGMENT_BLOCKS))
def test_fragment_example_is_valid(block: Block) -> None:
    """
    Every JSON fragment is strict JSON, and a progression rule shown alone
    is valid in at least one of the example exercises.
    """
    fragment = parse_json(block)
    if not (isinstance(fragment, dict) and "rule" in fragment):
        return
    reports = []
    for exercise in _example_exercises():
        host = copy.deepcopy(exercise)
        host["progression"] = fragment
        reports.append(lowback.validate(host))

    assert any(r.valid for r in reports), [r.summary() for r in reports]


# (b) Every field and every allowed value is in the format reference.


def _schema_walk(node: object) -> list[dict[str, Any]]:
    """
    Return every object in a JSON Schema, depth first.
    """
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            found.append(current)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


def _schemas() -> list[dict[str, Any]]:
    return [
        json.loads(
            (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
        )
        for name in lowback.SCHEMA_NAMES
    ]


def schema_fields() -> list[str]:
    """
    Return every property name in the schemas of every document type.
    """
    return sorted(
        {
            name
            for schema in _schemas()
            for node in _schema_walk(schema)
            if isinstance(node.get("properties"), dict)
            for name in node["properties"]
        }
    )


def schema_values() -> list[str]:
    """
    Return every string an ``enum`` or ``const`` of the schemas allows.
    """
    values: set[str] = set()
    for schema in _schemas():
        for node in _schema_walk(schema):
            options = node.get("enum", [])
            if "const" in node:
                options = [*options, node["const"]]
            values.update(o for o in options if isinstance(o, str))
    return sorted(values)


FORMAT_TEXT = FORMAT_MD.read_text(encoding="utf-8")


def test_schemas_have_fields() -> None:
    """
    The field collector finds fields at every level of the schemas.
    """
    fields = schema_fields()

    assert {"format_version", "phases", "hold", "cap", "licence"} <= set(
        fields
    )


@pytest.mark.parametrize("field", schema_fields())
def test_format_reference_names_field(field: str) -> None:
    """
    Every field of the schemas appears, as code, in the format reference.
    """
    assert f"`{field}`" in FORMAT_TEXT


@pytest.mark.parametrize("value", schema_values())
def test_format_reference_names_allowed_value(value: str) -> None:
    """
    Every value an enum or const allows appears in the format reference.
    """
    assert f'"{value}"' in FORMAT_TEXT


# (c) Every problem code is in the format reference, and no other.

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _strings(node: ast.AST) -> set[str]:
    """
    Return the string constants in *node* that look like problem codes.
    """
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and _CODE.match(n.value)
    }


def _first(node: ast.AST) -> set[str]:
    """
    Return the first item of a tuple literal, if it is a code.
    """
    if isinstance(node, ast.Tuple) and node.elts:
        return _strings(node.elts[0])
    return set()


def _targets(node: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names: list[ast.expr] = []
    for target in targets:
        names.extend(
            target.elts if isinstance(target, ast.Tuple) else [target]
        )
    return names


def _code_parameters(trees: list[ast.Module]) -> dict[str, int]:
    """
    Return the functions that take a ``code`` argument, with its index.
    """
    found = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args]
                if "code" in names:
                    # A method's self is not among the arguments of a call.
                    found[node.name] = names.index("code") - (
                        names[:1] == ["self"]
                    )
    return found


def _choices(node: ast.expr) -> set[str]:
    """
    Return the codes an expression that gives a code can evaluate to.

    A literal, either branch of ``a if test else b``, or the fallback of
    ``TABLE.get(key, (code, message))``.
    """
    if isinstance(node, ast.Constant):
        return _strings(node)
    if isinstance(node, ast.IfExp):
        return _choices(node.body) | _choices(node.orelse)
    if isinstance(node, ast.Call):
        return {c for arg in node.args[1:] for c in _first(arg)}
    return set()


def _call_codes(call: ast.Call, parameters: dict[str, int]) -> set[str]:
    """
    Codes given to a call: ``code="..."``, or positionally to a local
    helper that has a ``code`` parameter, such as ``_at_start``.
    """
    codes: set[str] = set()
    for keyword in call.keywords:
        if keyword.arg == "code":
            codes |= _choices(keyword.value)
    name = None
    if isinstance(call.func, ast.Name):
        name = call.func.id
    elif isinstance(call.func, ast.Attribute):
        name = call.func.attr
    index = parameters.get(name) if name is not None else None
    if index is not None and index < len(call.args):
        codes |= _choices(call.args[index])
    return codes


def _assigned_codes(node: ast.Assign | ast.AnnAssign) -> set[str]:
    """
    Codes assigned to ``code``, and the codes of ``_PATTERN_CODES``.
    """
    names = [t.id for t in _targets(node) if isinstance(t, ast.Name)]
    if node.value is None:
        return set()
    codes: set[str] = set()
    if "code" in names:
        codes |= _choices(node.value)
    if "_PATTERN_CODES" in names and isinstance(node.value, ast.Dict):
        for item in node.value.values:
            codes |= _first(item)
    return codes


def _codes_in(tree: ast.Module, parameters: dict[str, int]) -> set[str]:
    codes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            codes |= _call_codes(node, parameters)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            codes |= _assigned_codes(node)
    return codes


def emitted_codes() -> set[str]:
    """
    Return every problem code the source of lowback can emit.

    Only modules that make problems or violations are read: elsewhere a
    ``code`` is another format's, such as a FHIR code in the exports.
    """
    texts = [
        (path, path.read_text(encoding="utf-8"))
        for path in sorted(SOURCE.rglob("*.py"))
    ]
    trees = [
        ast.parse(text, filename=str(path))
        for path, text in texts
        if "Problem" in text
    ]
    parameters = _code_parameters(trees)
    return {c for tree in trees for c in _codes_in(tree, parameters)}


def documented_codes() -> set[str]:
    """
    Return the codes in the table of the format reference's code section.
    """
    section = FORMAT_TEXT.split("## Problem codes", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, re.MULTILINE))


def test_code_collector_sees_every_way_of_writing_a_code() -> None:
    """
    The collector finds codes given by keyword, chosen by an expression,
    looked up in the pattern table, and passed to a helper function or
    method, such as a rule's or the scanner's.
    """
    codes = emitted_codes()

    assert {
        "missing-field",
        "trailing-data",
        "hold-out-of-range",
        "not-a-slug",
        "bad-pattern",
        "utf8-bom",
        "duplicate-key",
        "unknown-phase",
        "wrong-document-type",
    } <= codes


@pytest.mark.parametrize("code", sorted(emitted_codes()))
def test_format_reference_lists_code(code: str) -> None:
    """
    Every code the library can emit is in the table of the reference.
    """
    assert code in documented_codes()
    assert f"`{code}`" in FORMAT_TEXT


def test_format_reference_lists_no_other_code() -> None:
    """
    The table lists no code that the library cannot emit.
    """
    assert set() == documented_codes() - emitted_codes()


# (d) The shell sessions print what the docs show.


class Command(NamedTuple):
    """
    One ``$`` line of a console block, with the output shown under it.
    """

    line: str
    shown: list[str]


def commands(block: Block) -> list[Command]:
    """
    Split a console block into its commands and their shown output.
    """
    result: list[Command] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            result.append(Command(line[2:], []))
        else:
            assert result, f"{block.id}: output before any command"
            result[-1].shown.append(line)
    return result


def files_shown(path: Path) -> dict[str, str]:
    """
    Return the files that the console blocks of one page show with cat.

    A ``$ cat NAME`` line shows the whole content of ``NAME``, so the
    page's sessions can use that file.
    """
    files = {}
    for block in fenced_blocks(path):
        if block.language != "console":
            continue
        for command in commands(block):
            words = shlex.split(command.line)
            if words[0] == "cat":
                assert len(words) == 2, command.line
                files[words[1]] = "\n".join(command.shown) + "\n"
    return files


def _lines(text: str) -> list[str]:
    lines = text.splitlines()
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(shown: list[str], actual: str) -> bool:
    """
    Whether *actual* output is what is shown, line for line.

    A line that is only ``...`` stands for any number of lines.
    """
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line == "..." else re.escape(line) + r"\n"
        for line in _lines("\n".join(shown))
    )
    text = "".join(line + "\n" for line in _lines(actual))
    return re.fullmatch(pattern, text) is not None


def run_lowback(
    words: list[str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COLUMNS": "80",
        "NO_COLOR": "1",
        "PYTHON_COLORS": "0",
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "lowback", *words[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


_SHELL = {"|", ">", ">>", "<", ";", "&&", "||", "&"}


@pytest.mark.parametrize("block", CONSOLE_BLOCKS, ids=_ids(CONSOLE_BLOCKS))
def test_console_session(block: Block, tmp_path: Path) -> None:
    """
    Every ``$ lowback`` command in the docs prints exactly what is shown
    under it (standard output, then standard error), and exits 0 unless
    a ``$ echo $?`` line after it shows another status.
    ``$ cat FILE`` shows a file the session uses; no other command may
    appear.
    """
    for name, content in files_shown(block.path).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    session = commands(block)
    status: int | None = None
    for i, command in enumerate(session):
        words = shlex.split(command.line)
        assert not _SHELL & set(words), f"no shell syntax: {command.line}"
        if words == ["echo", "$?"]:
            assert status is not None, "$? before any lowback command"
            assert [str(status)] == command.shown, command.line
            continue
        if words[0] == "cat":
            continue
        assert words[0] == "lowback", f"unexpected command: {command.line}"
        result = run_lowback(words, tmp_path)
        output = result.stdout + result.stderr
        status = result.returncode
        assert "Traceback" not in output
        assert "internal error" not in output
        assert matches(command.shown, output), (
            f"$ {command.line}\n--- shown ---\n"
            + "\n".join(command.shown)
            + "\n--- actual ---\n"
            + output
        )
        following = session[i + 1] if i + 1 < len(session) else None
        if following is None or following.line != "echo $?":
            assert status == 0, f"$ {command.line} exited {status}"


def test_docs_have_console_sessions() -> None:
    """
    The console tests have something to check, on every page that shows
    the command.
    """
    pages = {b.path.name for b in CONSOLE_BLOCKS}

    assert {
        "index.md",
        "cli.md",
        "tutorial.md",
        "howto-catalog.md",
        "howto-export.md",
        "howto-ci.md",
    } <= pages


@pytest.mark.parametrize(
    ("shown", "actual", "expected"),
    [
        (["a", "b"], "a\nb\n", True),
        (["a", "b"], "a\nb\nc\n", False),
        (["a", "...", "c"], "a\nb\nb\nc\n", True),
        (["a", "...", "c"], "a\nc\n", True),
        (["a", "...", "c"], "a\nb\n", False),
        (["a", ""], "a\n\n\n", True),
        ([], "", True),
        ([], "a\n", False),
    ],
)
def test_matches(shown: list[str], actual: str, expected: bool) -> None:
    """
    Shown output matches line for line; ``...`` stands for any lines.
    """
    assert expected == matches(shown, actual)


# (e) The site: every page is reachable, the tutorial leads, the guides
# are tested, and the API reference documents the whole public API.

_TOCTREE = re.compile(
    r"^```\{toctree\}[^\n]*\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL
)


def toctree_entries(path: Path) -> list[str]:
    """
    Return the pages the toctrees of a page list, in order.
    """
    return [
        line.strip()
        for tree in _TOCTREE.finditer(path.read_text(encoding="utf-8"))
        for line in tree.group("body").splitlines()
        if line.strip() and not line.lstrip().startswith(":")
    ]


def test_every_page_is_in_a_toctree() -> None:
    """
    Every page of docs/ but the index is listed in a toctree, once.
    """
    listed = [entry for path in DOC_FILES for entry in toctree_entries(path)]

    assert sorted(listed) == sorted(
        path.stem for path in DOC_FILES if path != INDEX_MD
    )


def test_tutorial_comes_first_and_shows_the_commands() -> None:
    """
    The tutorial is the first page after the index, and shows a routine
    and a plan on the command line and in Python.
    """
    sessions = [b for b in CONSOLE_BLOCKS if b.path == TUTORIAL_MD]
    lines = [c.line for b in sessions for c in commands(b)]
    pycon = [b for b in fenced_blocks(TUTORIAL_MD) if b.language == "pycon"]

    assert toctree_entries(INDEX_MD)[0] == "tutorial"
    assert "lowback routine" in lines
    assert "lowback plan --days 7" in lines
    assert pycon


PYCON_BLOCKS = [b for b in BLOCKS if b.language == "pycon"]


@pytest.mark.parametrize("block", PYCON_BLOCKS, ids=_ids(PYCON_BLOCKS))
def test_pycon_block_is_a_session(block: Block) -> None:
    """
    A ```pycon block starts at a prompt, so Sybil runs it as a doctest
    and compares what it shows with what Python prints.
    """
    assert block.text.startswith(">>> ")


TESTED = {"python", "pycon", "console"}


@pytest.mark.parametrize(
    "path",
    [TUTORIAL_MD, *sorted(DOCS.glob("howto-*.md"))],
    ids=lambda p: p.name,
)
def test_guide_has_tested_examples(path: Path) -> None:
    """
    The tutorial and every how-to guide show examples the tests run.
    """
    assert {b.language for b in fenced_blocks(path)} & TESTED


#: The public submodules of lowback, each with an ``__all__`` of its own.
SUBMODULES = ("exports", "importers")

_API_DIRECTIVE = re.compile(
    r"^\.\. (?:(?P<module>module)|auto(?:class|function|data|exception))"
    r"::\s+(?P<name>\S+)",
    re.MULTILINE,
)


def api_reference_names(text: str) -> list[tuple[str, list[str]]]:
    """
    Return each ``.. module::`` directive of the API reference, in order,
    with the names that the autodoc directives after it document.
    """
    sections: list[tuple[str, list[str]]] = []
    for match in _API_DIRECTIVE.finditer(text):
        if match.group("module"):
            sections.append((match.group("name"), []))
        else:
            assert sections, f"{match.group('name')} before any module"
            sections[-1][1].append(match.group("name"))
    return sections


def public_names() -> dict[str, list[str]]:
    """
    Return the names each public module should document: ``lowback``'s
    ``__all__`` but its submodules, and each submodule's ``__all__``.
    """
    assert set(SUBMODULES) <= set(lowback.__all__)
    names = {"lowback": [n for n in lowback.__all__ if n not in SUBMODULES]}
    for name in SUBMODULES:
        module = importlib.import_module(f"lowback.{name}")
        names[module.__name__] = list(module.__all__)
    return names


def test_api_reference_documents_every_public_name() -> None:
    """
    The API reference documents each name of ``lowback.__all__`` once,
    under the ``lowback`` module, and each name of ``lowback.exports``
    and ``lowback.importers`` once, under its own ``.. module::``
    directive; the submodules themselves are those directives, and
    nothing else is documented.
    """
    sections = api_reference_names(API_MD.read_text(encoding="utf-8"))
    modules = [module for module, _ in sections]
    expected = public_names()

    assert len(modules) == len(set(modules))
    assert sorted(modules) == sorted(expected)
    for module, names in sections:
        assert len(names) == len(set(names)), module
        assert sorted(names) == sorted(expected[module]), module


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            (
                ".. module:: lowback\n\n.. autoclass:: Plan\n"
                ".. autodata:: FORMAT_VERSION\n\n"
                ".. module:: lowback.exports\n\n.. autofunction:: to_ics\n"
            ),
            [
                ("lowback", ["Plan", "FORMAT_VERSION"]),
                ("lowback.exports", ["to_ics"]),
            ],
        ),
        (
            (
                ".. module:: lowback\n.. module:: lowback.importers\n"
                ".. autoexception:: LowbackError\n"
            ),
            [("lowback", []), ("lowback.importers", ["LowbackError"])],
        ),
    ],
)
def test_api_reference_names_are_read_by_module(
    text: str, expected: list[tuple[str, list[str]]]
) -> None:
    """
    A name belongs to the last ``.. module::`` directive before it.
    """
    assert expected == api_reference_names(text)


def _docstring_tests() -> list[doctest.DocTest]:
    """
    Return the examples in the docstrings of the public API, which the
    API reference shows: ``lowback`` and its public submodules.
    """
    finder = doctest.DocTestFinder()
    found: dict[str, doctest.DocTest] = {}
    for module_name, names in public_names().items():
        module = importlib.import_module(module_name)
        for name in names:
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isroutine(obj):
                for test in finder.find(
                    obj, f"{module_name}.{name}", globs={}
                ):
                    if test.examples:
                        found.setdefault(test.name, test)
    return sorted(found.values(), key=lambda t: t.name)


DOCSTRING_TESTS = _docstring_tests()


def test_docstrings_have_examples() -> None:
    """
    The docstring collector finds the examples there are.
    """
    assert "lowback.RoutineBuilder" in {t.name for t in DOCSTRING_TESTS}


@pytest.mark.parametrize(
    "test", DOCSTRING_TESTS, ids=[t.name for t in DOCSTRING_TESTS]
)
def test_docstring_example(test: doctest.DocTest) -> None:
    """
    Every example in a docstring of the public API prints what it shows.
    """
    out = io.StringIO()
    result = doctest.DocTestRunner().run(test, out=out.write)

    assert result.failed == 0, out.getvalue()


def _yaml_blocks(path: Path) -> list[Any]:
    yaml = pytest.importorskip("yaml")
    return [
        yaml.safe_load(b.text)
        for b in fenced_blocks(path)
        if b.language == "yaml"
    ]


def test_ci_guide_workflow_passes_on_the_guide_content(
    tmp_path: Path,
) -> None:
    """
    The ``lowback`` steps of the guide's GitHub Actions workflow pass on
    the content folder its sessions show.
    """
    for name, content in files_shown(HOWTO_CI_MD).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    workflows = [b for b in _yaml_blocks(HOWTO_CI_MD) if "jobs" in b]
    runs = [
        shlex.split(step["run"])
        for workflow in workflows
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "run" in step
    ]
    lowback_runs = [words for words in runs if words[0] == "lowback"]

    assert lowback_runs
    for words in lowback_runs:
        result = run_lowback(words, tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout + result.stderr == ""


def _lowback_hooks() -> list[dict[str, Any]]:
    """
    Return the lowback hooks that the docs configure: local hooks, as
    lowback is not on PyPI (tests/test_install_docs.py runs them).
    """
    return [
        hook
        for path in DOC_FILES
        for block in _yaml_blocks(path)
        if isinstance(block, dict) and "repos" in block
        for repo in block["repos"]
        if repo["repo"] == "local"
        for hook in repo["hooks"]
        if hook["id"].startswith("lowback")
    ]


def test_docs_configure_lowback_hooks() -> None:
    """
    The pre-commit examples have something to check.
    """
    assert len(_lowback_hooks()) >= 2


@pytest.mark.parametrize("hook", _lowback_hooks(), ids=lambda h: h["id"])
def test_pre_commit_example_uses_a_hook_lowback_has(
    hook: dict[str, Any],
) -> None:
    """
    A pre-commit configuration in the docs names a hook of lowback's
    ``.pre-commit-hooks.yaml`` and runs ``lowback validate`` from the
    environment, and its ``files`` picks JSON and JSON Lines files of the
    content folder only.
    """
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    )
    files = re.compile(hook["files"])

    assert hook["id"] in {h["id"] for h in hooks}
    assert hook["entry"].split()[:2] == ["lowback", "validate"]
    assert hook["language"] == "system"
    assert files.search("content/clinic.json")
    assert files.search("content/exported/plans.jsonl")
    assert not files.search("content/README.md")
    assert not files.search("docs/clinic.json")
