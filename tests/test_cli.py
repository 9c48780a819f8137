"""
The lowback command: output, exit statuses, and one-line errors.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

import lowback
from lowback._cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "lowback", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_list_shows_every_exercise_and_both_notices():
    """`lowback list` names each exercise and ends with the safety notices."""
    result = run("list")
    assert (0, "") == (result.returncode, result.stderr)
    for exercise in lowback.catalog():
        assert exercise.id in result.stdout
    for notice in lowback.catalog().safety_notices:
        assert notice.text in result.stdout


def test_list_json_is_the_catalog_document():
    """`lowback list --format json` prints a valid catalog equal to the built-in one."""
    result = run("list", "--format", "json")
    assert 0 == result.returncode
    assert lowback.catalog() == lowback.loads(result.stdout, lowback.Catalog)


def test_show_text_has_steps_dose_and_notices():
    """`lowback show` prints the steps in order, the dose and the notices."""
    result = run("show", "knee-to-chest")
    assert 0 == result.returncode
    exercise = lowback.catalog().get("knee-to-chest")
    positions = [result.stdout.index(s.text) for s in exercise.steps]
    assert sorted(positions) == positions
    assert (
        "2 to 4 repetitions for each side (left, then right)" in result.stdout
    )
    assert "hold 5 to 30 s" in result.stdout
    assert "stop right away and talk to your doctor" in result.stdout


def test_show_json_is_a_complete_valid_exercise_document(tmp_path):
    """`lowback show ID --format json` output validates and loads back equal."""
    result = run("show", "knee-to-chest", "--format", "json")
    assert 0 == result.returncode
    assert lowback.validate(json.loads(result.stdout)).valid
    assert lowback.catalog().get("knee-to-chest") == lowback.loads(
        result.stdout, lowback.Exercise
    )
    path = tmp_path / "k.json"
    path.write_text(result.stdout, "utf-8")
    checked = run("validate", str(path))
    assert (0, "1 document valid\n") == (checked.returncode, checked.stdout)


def test_show_unknown_id_is_one_line_with_a_suggestion():
    """A typo exits 2 with one stderr line that suggests the right id."""
    result = run("show", "knee-to-chst")
    assert 2 == result.returncode
    expected = (
        "lowback: error: no exercise with id 'knee-to-chst' in the catalog; "
        "did you mean 'knee-to-chest'?"
    )
    assert [expected] == result.stderr.splitlines()


def test_schema_prints_the_shipped_schema():
    """`lowback schema catalog` prints the schema lowback validates with."""
    result = run("schema", "catalog")
    assert 0 == result.returncode
    assert lowback.schema("catalog") == json.loads(result.stdout)


def test_validate_reports_every_problem_located(tmp_path):
    """Problems are printed as file:line:col: pointer: message [code], exit 1."""
    doc = lowback.to_document(lowback.catalog().get("semi-crunch"))
    doc["dose"]["phases"][0]["hold"]["max"] = 45
    doc["colour"] = "red"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, indent=2), "utf-8")
    result = run("validate", str(path))
    assert 1 == result.returncode
    lines = result.stdout.splitlines()
    assert 3 == len(lines)
    assert lines[0].startswith(f"{path}:")
    assert "/dose/phases/0/hold/max" in result.stdout
    assert "[hold-out-of-range]" in result.stdout
    assert "/colour" in result.stdout
    assert "[unknown-field]" in result.stdout
    assert "2 problems in 1 of 1 document" == lines[-1]


def test_validate_json_report_has_the_contract_fields(tmp_path):
    """--format json problems carry file, pointer, code, message, line and column."""
    path = tmp_path / "bad.json"
    path.write_text(
        '{"type": "exercise", "format_version": "1.0", "id": 5}', "utf-8"
    )
    result = run("validate", "--format", "json", str(path))
    assert 1 == result.returncode
    report = json.loads(result.stdout)
    assert False is report["valid"]
    assert 1 == report["checked"]
    for problem in report["problems"]:
        assert {"file", "pointer", "code", "message", "line", "column"} <= set(
            problem
        )
    wrong = next(p for p in report["problems"] if p["pointer"] == "/id")
    assert ("wrong-type", 1, 53) == (
        wrong["code"],
        wrong["line"],
        wrong["column"],
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("validate", "missing.json"), "cannot read missing.json"),
        (("validate", "nothing-*.json"), "no file matches this pattern"),
        (("frobnicate",), "invalid choice"),
        (("show",), "the following arguments are required: id"),
        (("schema", "workout"), "invalid choice"),
        (("list", "--format", "yaml"), "invalid choice"),
    ],
)
def test_usage_and_io_errors_exit_2_with_one_line(args, message):
    """Usage and I/O errors are one readable stderr line, exit 2, no traceback."""
    result = run(*args)
    assert 2 == result.returncode
    lines = result.stderr.splitlines()
    assert 1 == len(lines), result.stderr
    assert lines[0].startswith("lowback: error: ")
    assert message in lines[0]


def test_bad_extra_catalog_is_one_line_a_problem_exit_1(tmp_path):
    """
    An invalid --catalog file exits 1 with one line for each problem,
    every one of them, and no traceback.
    """
    path = tmp_path / "c.json"
    path.write_text('{"type": "catalog", "format_version": "1.0"}', "utf-8")
    result = run("list", "--catalog", str(path))
    assert 1 == result.returncode
    lines = result.stderr.splitlines()
    expected = lowback.validate_file(path).problems
    assert len(expected) == len(lines) > 1
    assert all(
        line.startswith("lowback: error: invalid content: ") for line in lines
    )
    assert all("[missing-field]" in line for line in lines)
    assert "Traceback" not in result.stderr


def test_valid_and_unreadable_files_together_exit_2(tmp_path, capsys):
    """One unreadable path makes the run exit 2; the rest are still checked."""
    good = tmp_path / "good.json"
    good.write_text(lowback.dumps(lowback.catalog()), "utf-8")
    assert 2 == main(["validate", str(good), str(tmp_path / "gone.json")])
    out, err = capsys.readouterr()
    assert "1 document valid\n" == out
    assert "gone.json" in err


def test_python_dash_m_and_version():
    """`python -m lowback --version` prints the version."""
    result = run("--version")
    assert (0, f"lowback {lowback.__version__}\n") == (
        result.returncode,
        result.stdout,
    )


def test_plan_json_is_the_leaflet_plan():
    """`lowback plan --days 5 --format json` is the leaflet routine's plan, valid."""
    result = run(
        "plan", "--days", "5", "--start", "2026-12-01", "--format", "json"
    )
    assert (0, "") == (result.returncode, result.stderr)
    expected = lowback.plan(
        lowback.leaflet_routine(),
        5,
        start=dt.date(2026, 12, 1),
    )
    assert expected == lowback.loads(result.stdout, lowback.Plan)


def test_plan_text_shows_notices_days_and_pain_advice(tmp_path):
    """The text plan starts with both notices and says to stop after worse pain."""
    reports = tmp_path / "pain.json"
    reports.write_text(
        '[{"day": 2, "exercise": "pelvic-tilt", "before": 2, "after": 5}]',
        "utf-8",
    )
    result = run("plan", "--days", "4", "--reports", str(reports))
    assert 0 == result.returncode
    out = result.stdout
    for notice in lowback.catalog().safety_notices:
        assert out.index(notice.text) < out.index("day ")
    rows = [line.split() for line in out.splitlines() if line[:1].isdigit()]
    assert [["1", "8", "x", "5s"], ["4", "8", "x", "5s"]] == [
        r[:4] for r in (rows[0], rows[3])
    ]
    assert "stopped" in rows[2]
    assert "stopped" not in rows[1]
    assert (
        "From day 3: Your back pain got worse after day 2's session: stop Pelvic Tilts and talk to your doctor."
        in out
    )


def test_routine_from_a_spec_file(tmp_path):
    """`lowback routine --spec` builds the same routine as the library."""
    spec = {
        "title": "Mine",
        "items": [{"exercise": "knee-to-chest", "repetitions": 3, "hold": 20}],
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), "utf-8")
    result = run("routine", "--spec", str(path), "--format", "json")
    assert 0 == result.returncode
    assert lowback.RoutineBuilder.from_spec(spec) == lowback.loads(
        result.stdout, lowback.Routine
    )
    text = run("routine", "--spec", str(path)).stdout
    assert (
        "Knee to Chest Stretches (knee-to-chest): 3 repetitions per side, hold 20 s"
        in text
    )


def test_a_routine_document_is_accepted_as_spec(tmp_path):
    """--spec also takes a routine document, such as `lowback routine --format json` writes."""
    path = tmp_path / "routine.json"
    path.write_text(lowback.dumps(lowback.leaflet_routine()), "utf-8")
    result = run(
        "plan", "--spec", str(path), "--days", "2", "--format", "json"
    )
    assert 0 == result.returncode
    assert (
        lowback.leaflet_routine()
        == lowback.loads(result.stdout, lowback.Plan).routine
    )


def test_timeline_json_adds_up():
    """The cues printed by `lowback timeline` add up to the estimated duration."""
    result = run("timeline", "--format", "json")
    assert 0 == result.returncode
    data = json.loads(result.stdout)
    assert data["estimated_duration"] == sum(
        c["duration"] for c in data["cues"]
    )
    assert (
        lowback.leaflet_routine().estimated_duration
        == data["estimated_duration"]
    )


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ("plan", "--days", "0"),
            2,
            "'0' is not a number of days from 1 to 3660",
        ),
        (("plan", "--start", "1 Dec"), 2, "not a date: '1 Dec'"),
        (("plan", "--reports", "missing.json"), 2, "cannot read missing.json"),
        (("routine", "--spec", "missing.json"), 2, "cannot read missing.json"),
    ],
)
def test_plan_and_routine_errors_are_one_line(args, status, message):
    """Bad options and missing files: one stderr line, the right status."""
    result = run(*args)
    assert status == result.returncode
    assert 1 == len(result.stderr.splitlines())
    assert message in result.stderr


@pytest.mark.parametrize(
    ("content", "status", "message"),
    [
        (
            '{"title": "x", "items": [{"exercise": "semi-crunch", "repetitions": 30}]}',
            1,
            "semi-crunch: repetitions: 30 is outside the allowed 8 to 12",
        ),
        (
            '{"title": "x", "items": [{"exercise": "semi-crunh"}]}',
            2,
            "did you mean 'semi-crunch'",
        ),
        ('{"title": "x", "items": [', 1, "invalid-json"),
    ],
)
def test_bad_spec_files(tmp_path, content, status, message):
    """A spec outside the allowed doses, with a typo, or not JSON: one line."""
    path = tmp_path / "spec.json"
    path.write_text(content, "utf-8")
    result = run("routine", "--spec", str(path))
    assert status == result.returncode
    assert 1 == len(result.stderr.splitlines())
    assert message in result.stderr


def test_bad_reports_file(tmp_path):
    """Reports that are not reports exit 1 with the problem named."""
    path = tmp_path / "pain.json"
    path.write_text('[{"day": 1, "change": "awful"}]', "utf-8")
    result = run("plan", "--reports", str(path))
    assert 1 == result.returncode
    assert 1 == len(result.stderr.splitlines())
    assert "/0/change" in result.stderr


def test_spec_problems_are_placed_in_the_file(tmp_path):
    """A spec that does not fit its schema: every problem with file, line and column."""
    path = tmp_path / "spec.json"
    path.write_text(
        '{"title": "x",\n "items": [{"exercise": "pelvic-tilt", "reps": 3}]}\n',
        "utf-8",
    )
    result = run("routine", "--spec", str(path))
    assert 1 == result.returncode
    assert f"{path}:2:40: /items/0/reps: " in result.stderr
    assert "[unknown-field]" in result.stderr


def _export_ics(epoch: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.run(
        [
            *(sys.executable, "-m", "lowback", "export", "--format", "ics"),
            *("--start", "2026-12-01", "--days", "3"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=env,
    )


def test_export_ics_is_stamped_with_source_date_epoch():
    """
    `SOURCE_DATE_EPOCH` fixes the calendar's time stamps, so the same
    plan gives the same file; a value that is not a number fails in one
    line.
    """
    first, second = _export_ics("1764581400"), _export_ics("1764581400")
    assert (0, "") == (first.returncode, first.stderr)
    assert first.stdout == second.stdout
    assert first.stdout.count("DTSTAMP:20251201T093000Z") == 3
    unset = _export_ics(None)
    assert 0 == unset.returncode
    assert "DTSTAMP:20251201T093000Z" not in unset.stdout
    bad = _export_ics("yesterday")
    assert (2, "") == (bad.returncode, bad.stdout)
    assert bad.stderr == (
        "lowback: error: SOURCE_DATE_EPOCH: expected a whole number of "
        "seconds since 1970-01-01 UTC, got 'yesterday'\n"
    )


def test_export_fhir_transaction_and_a_bundle_for_another_format():
    """
    `--bundle transaction` gives a transaction bundle; with another
    format it is a mistake on the command line, said in one line.
    """
    result = run("export", "--format", "fhir", "--bundle", "transaction")
    assert (0, "") == (result.returncode, result.stderr)
    bundle = json.loads(result.stdout)
    assert "transaction" == bundle["type"]
    assert all(e["request"]["method"] == "PUT" for e in bundle["entry"])
    wrong = run("export", "--format", "ics", "--bundle", "transaction")
    assert (2, "") == (wrong.returncode, wrong.stdout)
    assert wrong.stderr == (
        "lowback: error: --bundle transaction is for --format fhir or "
        "pa-requests only\n"
    )


_ORDER = (
    "--patient",
    "Patient/123",
    "--requester",
    "PractitionerRole/7",
    "--reason",
    "Low back pain",
)


def test_export_pa_requests_as_the_library_gives_them(tmp_path):
    """
    `--format pa-requests` writes what `to_service_requests` gives for
    the same plan, order, base and time (SOURCE_DATE_EPOCH).
    """
    out = tmp_path / "orders.json"
    base = "https://fhir.example.org/r4"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "lowback", "export"),
            *("--format", "pa-requests", "--start", "2026-12-01"),
            *("--days", "7", "--base", base, "--bundle", "transaction"),
            *("-o", str(out), *_ORDER),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764576000"},
    )
    assert (0, "", "") == (result.returncode, result.stdout, result.stderr)
    plan = lowback.plan(
        lowback.leaflet_routine(), 7, start=dt.date(2026, 12, 1)
    )
    expected = lowback.exports.to_service_requests(
        plan,
        patient="Patient/123",
        requester="PractitionerRole/7",
        reason="Low back pain",
        authored=dt.datetime.fromtimestamp(1764576000, dt.UTC),
        bundle="transaction",
        base=base,
    )
    assert expected == json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ("--format", "pa-requests", "--patient", "Patient/1"),
            2,
            (
                "--format pa-requests needs --patient, --requester and "
                "--reason; missing --requester, --reason"
            ),
        ),
        (
            ("--format", "fhir", "--reason", "pain"),
            2,
            "--patient, --requester and --reason are for pa-requests only",
        ),
        (
            ("--format", "jsonld", "--base", "https://fhir.example.org"),
            2,
            "--base is for --format fhir or pa-requests only",
        ),
        (
            ("--format", "fhir", "--base", "fhir.example.org"),
            1,
            (
                "base: expected an http or https URL without a query or a "
                "fragment, at most 1000 characters, such as "
                "'https://fhir.example.org/r4', got 'fhir.example.org'"
            ),
        ),
        (
            (
                *("--format", "pa-requests", "--patient", "Patient/1"),
                *("--requester", "Bob", "--reason", "pain"),
            ),
            1,
            (
                "requester: a PA ServiceRequest needs a reference to the "
                "Practitioner or PractitionerRole, such as "
                "'Practitioner/123', got 'Bob'"
            ),
        ),
    ],
)
def test_export_refuses_a_wrong_order_or_base_in_one_line(
    args, status, message
):
    result = run("export", *args)
    assert (status, "") == (result.returncode, result.stdout)
    assert f"lowback: error: {message}\n" == result.stderr
