"""
`lowback validate` over folders, globs and JSON Lines, its reporters and
`lowback.validate_many`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import lowback
from helpers import REFERENCE

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lowback", "validate", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=60,
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder: a valid exercise, a bad one below, a JSON Lines file."""
    good = lowback.to_document(lowback.catalog().get("pelvic-tilt"))
    bad = json.loads(json.dumps(good))
    bad["dose"]["phases"][1]["hold"]["max"] = 45
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "good.json").write_text(json.dumps(good, indent=2), "utf-8")
    (tmp_path / "sub" / "bad.json").write_text(
        json.dumps(bad, indent=2), "utf-8"
    )
    (tmp_path / ".hidden" / "skip.json").write_text("not json", "utf-8")
    (tmp_path / "notes.txt").write_text("not json", "utf-8")
    lines = [json.dumps(good), "", json.dumps(bad), json.dumps({"type": 1})]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return tmp_path


def test_a_folder_is_searched_recursively(content):
    """Folders give their .json and .jsonl files, hidden folders skipped."""
    result = run(".", cwd=content)
    assert 1 == result.returncode
    lines = result.stdout.splitlines()
    assert [
        "many.jsonl:3:",
        "many.jsonl:4:",
        "sub/bad.json:",
    ] == [
        line.split(" ")[0][: line.index(":") + 3].rstrip("0123456789")
        for line in lines[:3]
    ]
    assert "3 problems in 3 of 5 documents" == lines[-1]


def test_json_lines_problems_carry_their_line(content):
    """Each problem in a JSON Lines file says which line it is on."""
    reports = lowback.validate_many([content / "many.jsonl"])
    (report,) = reports
    assert (3, 2) == (report.documents, report.invalid)
    assert [(3, "hold-out-of-range"), (4, "unknown-type")] == [
        (p.line, p.code) for p in report.report
    ]


def test_globs_and_files(content):
    """A glob pattern is expanded, ** included; files are taken as they are."""
    result = run("**/*.json", "notes.txt", cwd=content)
    assert 1 == result.returncode
    assert "sub/bad.json:" in result.stdout
    assert "notes.txt:1:1: (document): this is not JSON" in result.stdout
    assert "2 problems in 2 of 3 documents" == result.stdout.splitlines()[-1]


def test_json_report_matches_its_schema(content):
    """--format json prints a report valid against schemas/report.schema.json."""
    result = run("--format", "json", ".", cwd=content)
    assert 1 == result.returncode
    report = json.loads(result.stdout)
    assert [] == [e.message for e in REFERENCE["report"].iter_errors(report)]
    assert (3, 5, 3, False) == (
        report["files"],
        report["checked"],
        report["invalid"],
        report["truncated"],
    )
    assert lowback.schema("report") == json.loads(
        (ROOT / "schemas" / "report.schema.json").read_text("utf-8")
    )


def test_github_annotations(content):
    """--format github prints one ::error annotation a problem."""
    result = run("--format", "github", "sub", cwd=content)
    assert 1 == result.returncode
    text = (content / "sub" / "bad.json").read_text("utf-8").splitlines()
    line = next(n for n, t in enumerate(text, 1) if '"max": 45' in t)
    column = text[line - 1].index("45") + 1
    expected = (
        f"::error file=sub/bad.json,line={line},col={column},"
        "title=lowback hold-out-of-range::/dose/phases/1/hold/max: hold max: "
        "45 s is above the 30 s limit; use a whole number from 5 to 30"
    )
    assert [expected] == result.stdout.splitlines()


def test_max_problems_and_quiet(content):
    """--max-problems stops early and says so; --quiet prints problems only."""
    result = run("--max-problems", "1", ".", cwd=content)
    assert 1 == result.returncode
    assert 2 == len(result.stdout.splitlines())
    assert "stopped after 1 (--max-problems)" in result.stdout
    quiet = run("-q", "good.json", cwd=content)
    assert (0, "") == (quiet.returncode, quiet.stdout)


def test_size_and_depth_limits_can_be_set(content):
    """--max-bytes and --max-depth override the defaults."""
    small = run("--max-bytes", "100", "good.json", cwd=content)
    assert "[too-large]" in small.stdout
    shallow = run("--max-depth", "2", "good.json", cwd=content)
    assert "[too-deep]" in shallow.stdout
    assert 2 == run("--max-depth", "0", "good.json", cwd=content).returncode


def test_unreadable_paths_exit_2_after_checking_the_rest(content):
    """A missing path or a pattern that matches nothing: exit 2, others still checked."""
    result = run("good.json", "missing.json", "zz*.json", cwd=content)
    assert 2 == result.returncode
    assert "1 document valid" == result.stdout.strip()
    assert [
        "lowback: error: cannot read missing.json: No such file or directory",
        "lowback: error: cannot read zz*.json: no file matches this pattern",
    ] == result.stderr.splitlines()


def test_an_empty_json_lines_file_is_a_problem(tmp_path):
    """A JSON Lines file with no document does not pass silently."""
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", "utf-8")
    (report,) = lowback.validate_many([path])
    assert ("empty-document",) == report.report.codes


def test_validate_many_library_api(content):
    """validate_many takes files, folders and globs and returns a report a file."""
    reports = lowback.validate_many([content])
    assert [
        ("good.json", True),
        ("many.jsonl", False),
        ("bad.json", False),
    ] == [(Path(r.file).name, r.valid) for r in reports]
    with pytest.raises(lowback.FileReadError):
        lowback.validate_many([content / "nope"])


def test_pre_commit_hook_runs_lowback_validate():
    """The pre-commit hook definition runs the validate command on JSON files."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
    assert "entry: lowback validate" in text
    assert "- id: lowback-validate" in text


def test_an_empty_folder_is_an_error(tmp_path):
    """A folder with no lowback files exits 2 rather than passing silently."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden.json").write_text("{}", "utf-8")
    result = run("empty", cwd=tmp_path)
    assert 2 == result.returncode
    assert "no .json or .jsonl file in it" in result.stderr


def test_max_problems_stops_at_the_end_of_a_file_too(content):
    """Reaching the limit exactly at the end of a file checks no further file."""
    result = run(
        "--max-problems", "1", "sub/bad.json", "many.jsonl", cwd=content
    )
    lines = result.stdout.splitlines()
    assert ["sub/bad.json"] == [line.split(":")[0] for line in lines[:-1]]
    assert lines[-1].endswith("; stopped after 1 (--max-problems)")


def test_too_large_lines_are_located(tmp_path):
    """A JSON Lines line over --max-bytes still gets its line and a column."""
    path = tmp_path / "big.jsonl"
    path.write_text(
        '{"type": "exercise"}\n' + '{"a": "' + "x" * 200 + '"}\n', "utf-8"
    )
    result = run("--max-bytes", "100", "big.jsonl", cwd=tmp_path)
    # The line is read only to one byte past the limit.
    assert len(path.read_bytes().splitlines()[1]) > 100
    expected = (
        "big.jsonl:2:1: (document): the document has more than 100 bytes"
    )
    assert expected in result.stdout
