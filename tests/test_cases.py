"""
Malformed documents and exactly what lowback reports for each.

Every case is one entry of ``tests/cases/cases.json``: a file of bytes
(or a recipe for a very large or very deep document, built here), a
sentence saying what is wrong with it, and the problems expected, each
a code and a JSON Pointer, and where it matters a line and a column.
Each file starts from ``valid-exercise.json`` (the semi crunch of the
leaflet catalog) and breaks one thing.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import lowback

CASES = Path(__file__).parent / "cases"
MANIFEST: dict[str, Any] = json.loads(
    (CASES / "cases.json").read_text(encoding="utf-8")
)
TEMPLATE = CASES / MANIFEST["template"]
ALL: list[dict[str, Any]] = MANIFEST["cases"]

#: A message cut off mid-phrase ends on one of these words.
_DANGLING = re.compile(
    r"\b(?:a|an|and|at|by|for|from|in|is|of|on|or|the|to|with)$",
    re.IGNORECASE,
)
#: Time allowed for a case without its own ``max_seconds``.
DEFAULT_SECONDS = 10.0


def _by_file(cases: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(case, id=case["file"]) for case in cases]


def _value_text(spec: dict[str, Any]) -> str:
    """
    Return the JSON text of the value a ``generate`` recipe asks for.
    """
    if "nested_arrays" in spec:
        depth = spec["nested_arrays"]
        return "[" * depth + "]" * depth
    if "nested_objects" in spec:
        depth = spec["nested_objects"]
        return '{"a": ' * depth + "1" + "}" * depth
    if "string" in spec:
        return '"' + "x" * spec["string"] + '"'
    msg = f"unknown generate recipe: {spec!r}"
    raise ValueError(msg)


def _generate(spec: dict[str, Any]) -> bytes:
    """
    Build a document from a recipe, as text, never as nested values.

    With ``field``, the template exercise gets that field set to the
    generated value; without, the value is the whole document.
    """
    value = _value_text(spec)
    field = spec.get("field")
    if field is None:
        return value.encode()
    document = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    placeholder = "\x00generated\x00"
    document[field] = placeholder
    text = json.dumps(document, indent=2) + "\n"
    return text.replace(json.dumps(placeholder), value, 1).encode()


def _data(case: dict[str, Any]) -> bytes:
    if "generate" in case:
        return _generate(case["generate"])
    return (CASES / case["file"]).read_bytes()


def _pairs(problems: Any) -> list[tuple[str, str]]:
    return sorted((p["code"], p["pointer"]) for p in problems)


def test_manifest_describes_every_case_file():
    """
    The manifest lists at least 30 cases, each once, each with a
    one-sentence description and at least one expected problem; every
    listed file exists and every file in the folder is listed.
    """
    names = [case["file"] for case in ALL]
    assert len(ALL) >= 30
    assert len(names) == len(set(names))
    for case in ALL:
        description = case["description"]
        assert description.endswith("."), case
        assert ". " not in description, case
        assert "\n" not in description, case
        assert case["expected"], case
        assert ("generate" in case) != (CASES / case["file"]).is_file(), case
    on_disk = {p.name for p in CASES.iterdir()}
    listed = {case["file"] for case in ALL if "generate" not in case}
    assert on_disk - listed == {"cases.json", TEMPLATE.name}


def test_template_is_valid():
    """
    The exercise every case starts from is valid, so each case's
    problems come from the one thing it breaks.
    """
    document, report = lowback.validate_text(
        TEMPLATE.read_bytes(), file=TEMPLATE.name
    )
    assert report.problems == ()
    assert document["id"] == "semi-crunch"


@pytest.mark.parametrize("case", _by_file(ALL))
def test_reports_exactly_the_expected_problems(case):
    """
    ``validate_text`` reports exactly the expected (code, pointer)
    pairs, no more and no fewer, at the expected line and column where
    the manifest gives one, and within the time allowed.
    """
    data = _data(case)
    start = time.perf_counter()
    _, report = lowback.validate_text(data, file=case["file"])
    elapsed = time.perf_counter() - start
    actual = sorted((p.code, p.pointer) for p in report.problems)
    assert _pairs(case["expected"]) == actual
    for want in case["expected"]:
        if "line" not in want:
            continue
        (got,) = [
            p
            for p in report.problems
            if (p.code, p.pointer) == (want["code"], want["pointer"])
        ]
        assert (got.line, got.column) == (want["line"], want["column"])
    assert elapsed < case.get("max_seconds", DEFAULT_SECONDS)


@pytest.mark.parametrize("case", _by_file(ALL))
def test_messages_are_located_sentences(case):
    """
    Every problem has a message that is a single non-empty sentence,
    not cut off mid-phrase, and, the input being text, a line and a
    column (both from 1) and the file name it was given.
    """
    _, report = lowback.validate_text(_data(case), file=case["file"])
    assert report.problems
    for problem in report.problems:
        message = problem.message
        assert message == message.strip(), problem
        assert "\n" not in message, problem
        assert len(message.split()) >= 3, problem
        assert not _DANGLING.search(message.rstrip(".")), problem
        assert isinstance(problem.line, int), problem
        assert isinstance(problem.column, int), problem
        assert problem.line >= 1, problem
        assert problem.column >= 1, problem
        assert problem.file == case["file"]


@pytest.mark.parametrize("case", _by_file(ALL))
def test_cli_reports_each_case(case, tmp_path):
    """
    ``python -m lowback validate FILE`` exits 1 on every case, prints
    no traceback, names every expected code and prints each problem on
    one line, followed by one summary line.
    """
    if "generate" in case:
        path = tmp_path / case["file"]
        path.write_bytes(_data(case))
    else:
        path = CASES / case["file"]
    result = subprocess.run(
        [sys.executable, "-m", "lowback", "validate", str(path)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    stdout = result.stdout.decode("utf-8", "replace")
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert result.returncode == 1, stderr
    for want in case["expected"]:
        assert f"[{want['code']}]" in stdout
    lines = stdout.splitlines()
    assert len(lines) == len(case["expected"]) + 1, stdout[:2000]
    assert all(line.startswith(str(path) + ":") for line in lines[:-1])


def test_refs_and_schema_urls_are_never_fetched(monkeypatch):
    """
    A document with an http ``$schema`` and ``$ref`` values is checked
    without any network access: every connection attempt is recorded
    and refused, and the report is produced all the same.
    """
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append((args, kwargs))
        raise OSError("network access is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    with pytest.raises(OSError, match="not allowed"):
        socket.create_connection(("example.invalid", 80))
    attempts.clear()
    document = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    document = {
        "$schema": "http://example.invalid/x.json",
        **document,
        "$ref": "http://example.invalid/exercise.json",
    }
    document["dose"]["$ref"] = "https://example.invalid/dose.json#/dose"
    document["steps"][0]["$ref"] = "file:///etc/passwd"
    _, report = lowback.validate_text(json.dumps(document), file="refs.json")
    assert attempts == []
    assert _pairs(p.to_dict() for p in report.problems) == [
        ("unknown-field", "/$ref"),
        ("unknown-field", "/dose/$ref"),
        ("unknown-field", "/steps/0/$ref"),
    ]


def test_many_problems_are_reported_in_linear_time():
    """
    A small document with 20,000 problems is reported within seconds:
    20,000 decimals in the cautions are each one wrong-type problem, and
    sorting out which decimals the schema already refused does not
    compare every problem with every other.
    """
    count = 20_000
    document = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    document["cautions"] = [1.0] * count
    text = json.dumps(document)
    assert len(text) < 200_000
    start = time.perf_counter()
    _, report = lowback.validate_text(text, file="many.json")
    elapsed = time.perf_counter() - start
    assert _pairs(p.to_dict() for p in report.problems) == sorted(
        ("wrong-type", f"/cautions/{i}") for i in range(count)
    )
    assert elapsed < DEFAULT_SECONDS
