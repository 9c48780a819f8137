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
import socket
import subprocess
import sys
import time
from typing import Any

import pytest

import lowback
from helpers import (
    ALL,
    CASES,
    DANGLING,
    DEFAULT_SECONDS,
    TEMPLATE,
    by_file,
    case_data,
)
from lowback._validation import read_and_validate


def _pairs(problems: Any) -> list[tuple[str, str]]:
    return sorted((p["code"], p["pointer"]) for p in problems)


def test_manifest_describes_every_case_file():
    """
    The manifest lists every case once, each with a one-sentence
    description and at least one expected problem; every
    listed file exists and every file in the folder is listed.
    """
    names = [case["file"] for case in ALL]
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
    document, report = read_and_validate(
        TEMPLATE.read_bytes(), file=TEMPLATE.name
    )
    assert report.problems == ()
    assert document["id"] == "semi-crunch"


@pytest.mark.parametrize("case", by_file(ALL))
def test_reports_exactly_the_expected_problems(case):
    """
    ``validate_text`` reports exactly the expected (code, pointer)
    pairs, no more and no fewer, at the expected line and column where
    the manifest gives one, and within the time allowed.
    """
    data = case_data(case)
    start = time.perf_counter()
    report = lowback.validate_text(data, file=case["file"])
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


@pytest.mark.parametrize("case", by_file(ALL))
def test_messages_are_located_sentences(case):
    """
    Every problem has a message that is a single non-empty sentence,
    not cut off mid-phrase, and, the input being text, a line and a
    column (both from 1) and the file name it was given.
    """
    report = lowback.validate_text(case_data(case), file=case["file"])
    assert report.problems
    for problem in report.problems:
        message = problem.message
        assert message == message.strip(), problem
        assert "\n" not in message, problem
        assert len(message.split()) >= 3, problem
        assert not DANGLING.search(message.rstrip(".")), problem
        assert isinstance(problem.line, int), problem
        assert isinstance(problem.column, int), problem
        assert problem.line >= 1, problem
        assert problem.column >= 1, problem
        assert problem.file == case["file"]


@pytest.mark.parametrize("case", by_file(ALL))
def test_cli_reports_each_case(case, tmp_path):
    """
    ``python -m lowback validate FILE`` exits 1 on every case, prints
    no traceback, names every expected code and prints each problem on
    one line, followed by one summary line.
    """
    if "generate" in case:
        path = tmp_path / case["file"]
        path.write_bytes(case_data(case))
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
    report = lowback.validate_text(json.dumps(document), file="refs.json")
    assert attempts == []
    assert _pairs(p.to_dict() for p in report.problems) == [
        ("foreign-schema", "/$schema"),
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
    report = lowback.validate_text(text, file="many.json")
    elapsed = time.perf_counter() - start
    # More cautions than the format allows, too: one more problem.
    assert _pairs(p.to_dict() for p in report.problems) == sorted(
        [("wrong-type", f"/cautions/{i}") for i in range(count)]
        + [("too-long", "/cautions")]
    )
    assert elapsed < DEFAULT_SECONDS
