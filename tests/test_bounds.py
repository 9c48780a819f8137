"""
Every input has a bound, checked before the work; no run ends in a
traceback, and none that did not finish exits 0.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

import lowback
from lowback._io import read_file
from lowback._json import MAX_BYTES, scan


def lowback_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "lowback", *args]


# ---- files are read to the limit, not whole


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_file_is_read_to_one_byte_past_the_limit() -> None:
    assert 1001 == len(read_file("/dev/zero", 1000))
    assert MAX_BYTES + 1 == len(read_file("/dev/zero"))


def test_a_sparse_huge_file_is_refused_after_the_limit(tmp_path) -> None:
    """
    A 1 GiB file (sparse: it takes no disk) is refused as too large
    having read no more than the limit.
    """
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(1 << 30)
    result = subprocess.run(
        lowback_command("routine", "--spec", str(huge)),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (1, "") == (result.returncode, result.stdout)
    assert result.stderr == (
        f"lowback: error: invalid content: {huge}:1:1: (document): the "
        f"document has more than {MAX_BYTES} bytes; the limit is "
        f"{MAX_BYTES} [too-large]\n"
    )
    report = lowback.validate_file(huge)
    assert ["too-large"] == [p.code for p in report.problems]


# ---- long strings cost memory in proportion


def test_scanning_a_string_of_escapes_takes_memory_in_proportion() -> None:
    """
    Locating problems walks the text with a regular expression. A string
    of 200,000 escapes made the expression keep state for each (about
    140 bytes an escape: 28 MB for a 400 KB document); now it keeps
    none.
    """
    text = json.dumps({"type": "exercise", "name": "a\n" * 200_000})
    tracemalloc.start()
    try:
        found = scan(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert text.index('"a\\n') == found.values["/name"]
    assert peak < 2 * len(text) + (1 << 20)


# ---- dates up to the end of the calendar


START = dt.date(9999, 12, 30)


@pytest.fixture
def leaflet() -> lowback.Routine:
    return lowback.leaflet_routine()


def test_a_plan_cannot_run_past_the_calendar(leaflet) -> None:
    with pytest.raises(lowback.InvalidValueError) as caught:
        lowback.plan(leaflet, 5, start=START)
    assert "start" == caught.value.field
    assert str(caught.value) == (
        "start: a plan of 5 days from 9999-12-30 would end after "
        "9999-12-30, the last date lowback writes; start it by 9999-12-26"
    )
    last = lowback.plan(leaflet, 1, start=START)
    calendar = lowback.exports.to_ics(
        last, stamp=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    )
    assert "DTEND;VALUE=DATE:99991231" in calendar


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_plan_document_past_the_calendar_is_a_located_problem(
    leaflet, engine
) -> None:
    document = lowback.to_document(
        lowback.plan(leaflet, 3, start=dt.date(2026, 12, 1))
    )
    document["start"] = "9999-12-30"
    try:
        report = lowback.validate(document, engine=engine)
    except lowback.InvalidValueError as e:  # no fast engine here
        pytest.skip(str(e))
    assert [("/start", "plan-past-calendar")] == [
        (p.pointer, p.code) for p in report.problems
    ]


def test_one_file_past_the_calendar_stops_no_other(leaflet, tmp_path):
    document = lowback.to_document(
        lowback.plan(leaflet, 3, start=dt.date(2026, 12, 1))
    )
    document["start"] = "9999-12-31"
    (tmp_path / "a-late.json").write_text(json.dumps(document))
    (tmp_path / "b-bad.json").write_text('{"type": "exercise"}')
    result = subprocess.run(
        lowback_command("validate", "--format", "json", str(tmp_path)),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (1, "") == (result.returncode, result.stderr)
    found = json.loads(result.stdout)
    codes: dict[str, list[str]] = {}
    for p in found["problems"]:
        codes.setdefault(Path(p["file"]).name, []).append(p["code"])
    assert (2, 2) == (found["checked"], found["invalid"])
    assert ["plan-past-calendar"] == codes["a-late.json"]
    assert codes["b-bad.json"]


# ---- exit statuses


def test_a_reader_that_goes_away_is_not_success(tmp_path) -> None:
    """
    `lowback validate DIR | head -1`: the run does not finish, so it
    exits 141 (as a program SIGPIPE ends), silently, never 0.
    """
    for i in range(400):
        (tmp_path / f"f{i:03}.json").write_text('{"type": "exercise"}')
    process = subprocess.Popen(
        lowback_command("validate", str(tmp_path)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith(str(tmp_path).encode())
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert (141, b"") == (process.returncode, stderr)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_disk_is_one_line_and_status_2() -> None:
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            lowback_command("plan"),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    assert (2, "lowback: error: cannot write the output: ") == (
        result.returncode,
        result.stderr[:41],
    )
    assert 1 == len(result.stderr.splitlines())
    assert "Traceback" not in result.stderr


def test_a_json_lines_line_is_read_to_the_limit_only(tmp_path) -> None:
    """
    A line longer than the limit is refused having kept no more than the
    limit, and the lines after it are still checked, at their lines.
    """
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"type": "exercise"}\n' + b"x" * 5000 + b'\n{"type": "exercise"}\n'
    )
    (found,) = lowback.validate_many([path], max_bytes=1000)
    report = found.report
    assert [
        (1, "missing-version"),
        (2, "too-large"),
        (3, "missing-version"),
    ] == [
        (p.line, p.code)
        for p in report.problems
        if p.code in {"missing-version", "too-large"}
    ]
    (large,) = [p for p in report.problems if p.code == "too-large"]
    assert "more than 1000 bytes" in large.message


def test_a_bug_on_one_document_stops_no_other(tmp_path, monkeypatch, capsys):
    """
    Should lowback itself fail on a document, that document gets an
    `internal-error` problem, and the others are still checked.
    """
    from lowback._cli import main
    from lowback._validation import _fast, _reference

    rules = _reference.document_rules

    def fail_on_boom(kind, document, *args):
        if isinstance(document, dict) and document.get("id") == "boom":
            message = "a bug"
            raise RuntimeError(message)
        return rules(kind, document, *args)

    # The rules are where both engines, and the fast look at each line
    # of a JSON Lines file, meet the document.
    monkeypatch.setattr(_reference, "document_rules", fail_on_boom)
    monkeypatch.setattr(_fast, "document_rules", fail_on_boom)
    good = lowback.to_document(lowback.catalog().get("pelvic-tilt"))
    (tmp_path / "a.json").write_text(json.dumps({**good, "id": "boom"}))
    (tmp_path / "b.json").write_text(json.dumps({**good, "sets": 0}))
    (tmp_path / "c.jsonl").write_text(
        json.dumps({**good, "id": "boom"}) + "\n" + json.dumps(good) + "\n"
    )
    status = main(["validate", "-j", "1", "--format", "json", str(tmp_path)])
    found = json.loads(capsys.readouterr().out)
    assert 1 == status
    codes = [(Path(p["file"]).name, p["code"]) for p in found["problems"]]
    assert ("a.json", "internal-error") in codes
    assert ("c.jsonl", "internal-error") in codes
    assert any(name == "b.json" for name, _ in codes)
    assert (4, 3) == (found["checked"], found["invalid"])
    assert "RuntimeError: a bug" in found["problems"][0]["message"]
    assert lowback.validate({**good, "id": "boom"}).problems[0].code == (
        "internal-error"
    )


def test_exports_work_a_plan_out_once_per_exercise_stopped(monkeypatch):
    """
    Versions (FHIR) and SEQUENCE (iCalendar) count the reports that
    changed something. Only the first worse report about an exercise
    can: 1,000 of them on pelvic tilts cost two schedules, not 1,001
    (12 s and 636 MB for a 1,500-day plan, before).
    """
    from lowback.exports import _subject

    made = []
    schedule = _subject.schedule

    def counted(*args):
        made.append(args)
        return schedule(*args)

    monkeypatch.setattr(_subject, "schedule", counted)
    worse = [
        lowback.PainReport(
            day=day, exercise="pelvic-tilt", change=lowback.Change.WORSE
        )
        for day in range(1, 1001)
    ]
    leaflet = lowback.leaflet_routine()
    plan = lowback.plan(
        leaflet, 1500, start=START.replace(year=2026), reports=worse
    )
    bundle = lowback.exports.to_fhir(plan)
    assert 2 == len(made)
    tilt = bundle["entry"][3]["resource"]
    assert tilt["version"].startswith("2.0.0+")
    made.clear()
    lowback.exports.to_ics(plan, stamp=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    assert 2 == len(made)
