"""
The lowback command as people use it: help, usage errors, -o, the rules
for numbers and dates, pipes.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lowback
from lowback._cli import main
from lowback._cli._parser import build

ALL_COMMANDS = (
    "list",
    "show",
    "routine",
    "timeline",
    "plan",
    "schema",
    "handout",
    "session",
    "export",
    "import",
    "assemble",
    "validate",
)


def run(
    *args: str, stdin: str | None = None, cwd: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "lowback", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
        cwd=cwd,
    )


def one_error(capsys: pytest.CaptureFixture[str]) -> str:
    """Return the one error line the last run printed, checking it is one."""
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert 1 == len(lines), captured.err
    assert lines[0].startswith("lowback: error: ")
    return lines[0]


# 1. No arguments: the help, on standard output, status 0.


def test_no_arguments_prints_the_help_and_exits_0():
    """`python -m lowback` alone prints `--help`'s text and no error."""
    alone, helped = run(), run("--help")
    assert (0, "") == (alone.returncode, alone.stderr)
    assert helped.stdout == alone.stdout
    assert "usage: lowback" in alone.stdout
    for command in ALL_COMMANDS:
        assert command in alone.stdout


def test_no_arguments_in_process_is_the_help(capsys):
    """main([]) prints the help too; an empty command is still refused."""
    assert 0 == main([])
    assert "usage: lowback" in capsys.readouterr().out
    assert 2 == main([""])
    assert "invalid choice" in one_error(capsys)


# 2. A command's usage error points to that command's help.


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["plan", "--days", "0"], "plan"),
        (["plan", "--bogus"], "plan"),
        (["plan", "--format", "xml"], "plan"),
        (["routine", "extra-argument"], "routine"),
        (["show"], "show"),
        (["schema", "nope"], "schema"),
        (["export", "--spec", "x.json"], "export"),
        (["validate", "-j", "0", "x.json"], "validate"),
        (["handout", "--format", "pdf"], "handout"),
    ],
)
def test_a_command_usage_error_points_to_its_help(capsys, argv, command):
    """The error ends with (see 'lowback COMMAND --help'), one line."""
    assert 2 == main(argv)
    line = one_error(capsys)
    assert line.endswith(f"(see 'lowback {command} --help')"), line


def test_a_top_level_usage_error_points_to_the_top_help(capsys):
    """An unknown command or top option is about `lowback --help`."""
    for argv in (["frobnicate"], ["--bogus"]):
        assert 2 == main(argv)
        assert one_error(capsys).endswith("(see 'lowback --help')")


# 3 and 4. -o FILE for routine, timeline and plan; -o - is stdout.

OUTPUT_COMMANDS = (
    ["routine"],
    ["routine", "--format", "json"],
    ["timeline"],
    ["timeline", "--format", "json"],
    ["plan", "--days", "3"],
    ["plan", "--days", "3", "--format", "json"],
    ["handout", "--format", "md"],
    ["export", "--format", "jsonld"],
)


@pytest.mark.parametrize("argv", OUTPUT_COMMANDS, ids=" ".join)
def test_output_file_holds_what_stdout_would(capsys, tmp_path, argv):
    """-o FILE writes exactly what standard output gets, and prints nothing."""
    assert 0 == main(argv)
    printed = capsys.readouterr().out
    target = tmp_path / "out.txt"
    assert 0 == main([*argv, "-o", str(target)])
    assert ("", "") == tuple(capsys.readouterr())
    assert printed == target.read_text(encoding="utf-8")
    assert [target] == list(tmp_path.iterdir())


@pytest.mark.parametrize("argv", OUTPUT_COMMANDS, ids=" ".join)
def test_output_dash_is_stdout(capsys, tmp_path, monkeypatch, argv):
    """-o - prints to standard output and writes no file named '-'."""
    monkeypatch.chdir(tmp_path)
    assert 0 == main(argv)
    printed = capsys.readouterr().out
    assert 0 == main([*argv, "-o", "-"])
    assert printed == capsys.readouterr().out
    assert [] == list(tmp_path.iterdir())


def test_assemble_output_dash_is_stdout(capsys, tmp_path, monkeypatch):
    """`assemble -o -` prints the catalog, with no 'assembled into -' line."""
    monkeypatch.chdir(tmp_path)
    exercise = lowback.to_document(lowback.catalog().get("pelvic-tilt"))
    (tmp_path / "tilt.json").write_text(json.dumps(exercise))
    assert 0 == main(["assemble", "tilt.json"])
    printed = capsys.readouterr().out
    assert 0 == main(["assemble", "tilt.json", "-o", "-"])
    assert printed == capsys.readouterr().out
    assert ["tilt.json"] == [p.name for p in tmp_path.iterdir()]


def test_import_refuses_output_dash(capsys, tmp_path, monkeypatch):
    """`import -o -` names a folder; it is refused, and nothing written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "db.json").write_text("[]")
    assert 2 == main(["import", "free-exercise-db", "db.json", "-o", "-"])
    assert "--format json" in one_error(capsys)
    assert ["db.json"] == [p.name for p in tmp_path.iterdir()]


@pytest.mark.parametrize("command", ["routine", "timeline", "plan"])
def test_failed_output_leaves_no_file(capsys, tmp_path, command):
    """A run that fails writes nothing: no target, no temporary file."""
    spec = tmp_path / "spec.json"
    spec.write_text('{"title": "T", "items": [{"exercise": "nope"}]}')
    target = tmp_path / "out.txt"
    assert 2 == main([command, "--spec", str(spec), "-o", str(target)])
    one_error(capsys)
    assert [spec] == list(tmp_path.iterdir())
    assert 2 == main([command, "-o", str(tmp_path / "none" / "out.txt")])
    assert "cannot write" in one_error(capsys)
    assert [spec] == list(tmp_path.iterdir())


@pytest.mark.parametrize("target", [".", "", "/"])
def test_output_to_a_folder_is_one_line(capsys, target):
    """-o naming a folder is a write error, not an internal error."""
    assert 2 == main(["plan", "--days", "1", "-o", target])
    assert "it is a folder" in one_error(capsys)


# 5. list, show and schema describe themselves.


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("list", "List the exercises of the catalog"),
        ("show", "Show one exercise of the catalog"),
        ("schema", "Print the JSON Schema"),
    ],
)
def test_content_commands_have_a_description(capsys, command, words):
    """`lowback COMMAND --help` says what the command does."""
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert words in " ".join(capsys.readouterr().out.split())


# 6. plan --title.


def test_plan_title_is_the_plans(capsys):
    """--title names the plan, in text and in the document."""
    assert 0 == main(["plan", "--days", "2", "--title", "Week one"])
    assert capsys.readouterr().out.startswith("Week one\n")
    assert 0 == main(
        ["plan", "--days", "2", "--title", "Week one", "--format", "json"]
    )
    made = lowback.loads(capsys.readouterr().out, lowback.Plan)
    assert "Week one" == made.title
    assert made.routine.title != made.title


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("", "must not be blank"),
        ("   ", "must not be blank"),
        ("a\nb", "line break"),
        ("\x1b[31mred", "escape"),
        ("x" * 201, "at most 200 characters"),
    ],
)
def test_plan_title_not_a_title_is_refused(capsys, title, why):
    """A title the plan would refuse is a usage error, status 2, one line."""
    assert 2 == main(["plan", "--title", title])
    line = one_error(capsys)
    assert line.startswith("lowback: error: --title: ")
    assert why in line


# 7. An unknown id in a spec hints at --catalog.


def test_unknown_id_in_spec_hints_at_catalog(capsys, tmp_path):
    """The one line names the file and says to give its catalog."""
    spec = tmp_path / "evening.json"
    spec.write_text('{"title": "E", "items": [{"exercise": "bird-dog"}]}')
    assert 2 == main(["routine", "--spec", str(spec)])
    line = one_error(capsys)
    assert f"{spec}: no exercise with id 'bird-dog'" in line
    assert "--catalog FILE" in line


def test_known_ids_bad_dose_has_no_catalog_hint(capsys, tmp_path):
    """A dose outside the allowed range says nothing about catalogs."""
    spec = tmp_path / "evening.json"
    spec.write_text(
        '{"title": "E", "items": [{"exercise": "pelvic-tilt",'
        ' "repetitions": 40}]}'
    )
    assert 1 == main(["routine", "--spec", str(spec)])
    assert "--catalog" not in one_error(capsys)


# 8. The legend says what xN means.


def _sets_catalog(tmp_path):
    cat = lowback.to_document(lowback.catalog())
    tilt = next(e for e in cat["exercises"] if e["id"] == "pelvic-tilt")
    tilt["id"] = "tilt-in-sets"
    tilt["dose"]["sets"] = {"min": 1, "max": 3}
    cat["id"], cat["exercises"] = "sets", [tilt]
    path = tmp_path / "sets.json"
    path.write_text(json.dumps(cat))
    return path


def test_plan_legend_says_what_xn_means(capsys, tmp_path):
    """A cell ending in x2 or x3 is explained under the table."""
    catalog = _sets_catalog(tmp_path)
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "title": "Sets",
                "items": [
                    {"exercise": "tilt-in-sets", "sets": 2},
                    {"exercise": "pelvic-tilt"},
                ],
            }
        )
    )
    argv = ["plan", "--spec", str(spec), "--catalog", str(catalog)]
    assert 0 == main([*argv, "--days", "2"])
    out = capsys.readouterr().out
    assert "1 x 5+5s x2" in out
    legend = out.splitlines()[-1]
    assert "x2: 2 sets of those repetitions" in legend
    assert "x3" not in legend


def test_plan_legend_without_sets_has_no_xn(capsys):
    """The leaflet's routine has one set of each: no xN in the legend."""
    assert 0 == main(["plan", "--days", "2"])
    assert " x2" not in capsys.readouterr().out


# 9. Dates: YYYY-MM-DD only.

DATE_OPTIONS = (
    ["plan", "--start"],
    ["handout", "--start"],
    ["export", "--format", "ics", "--start"],
)


@pytest.mark.parametrize("options", DATE_OPTIONS, ids=" ".join)
@pytest.mark.parametrize(
    "text",
    [
        "2026-W01-1",
        "2026-W01",
        "20260105",
        "2026W011",
        "2026-01-05T00:00",
        " 2026-01-05",
        "2026-01-05\n",
        "\uff12026-01-05",
        "2026-1-5",
    ],
)
def test_start_takes_yyyy_mm_dd_only(capsys, options, text):
    """What fromisoformat takes besides YYYY-MM-DD is refused, one line."""
    assert 2 == main([*options, text])
    line = one_error(capsys)
    assert "write it as YYYY-MM-DD" in line


def test_start_yyyy_mm_dd_is_the_date(capsys):
    """The one accepted form gives that date; a non-date says why."""
    assert 0 == main(["plan", "--days", "1", "--start", "2026-01-05"])
    assert "2026-01-05" in capsys.readouterr().out
    assert 2 == main(["plan", "--start", "2026-02-30"])
    assert "day is out of range" in one_error(capsys)


# 10. Whole numbers: ASCII digits only, one rule for every option.

INTEGER_OPTIONS = (
    ["plan", "--days"],
    ["handout", "--days"],
    ["export", "--format", "jsonld", "--days"],
    ["validate", "x.json", "-j"],
    ["validate", "x.json", "--max-problems"],
    ["validate", "x.json", "--max-bytes"],
    ["validate", "x.json", "--max-depth"],
)


@pytest.mark.parametrize("options", INTEGER_OPTIONS, ids=" ".join)
@pytest.mark.parametrize(
    "text",
    ["\u0663", "\uff13", "1_000", " 7", "7 ", "+7", "-7", "7.0", "0x7", ""],
)
def test_whole_numbers_are_ascii_digits_only(capsys, options, text):
    """int() takes many of these; the command line takes none."""
    assert 2 == main([*options, text])
    line = one_error(capsys)
    assert repr(text) in line


@given(
    st.text(min_size=1, max_size=6).filter(
        lambda t: not (t.isascii() and t.isdigit()) and not t.startswith("-")
    )
)
def test_days_refuse_all_but_ascii_digits(text):
    """Whatever is not ASCII digits is refused, even what int() takes."""
    with pytest.raises(Exception, match="is not a number of days"):
        build().parse_args(["plan", "--days", text])


def test_whole_numbers_in_digits_are_taken(capsys):
    """Leading zeros are digits too: 007 days is 7 days."""
    assert 0 == main(["plan", "--days", "007", "--format", "json"])
    made = lowback.loads(capsys.readouterr().out, lowback.Plan)
    assert 7 == len(made.days)


# 11. Inputs read once: pipes work.


def test_routine_document_through_a_pipe():
    """`cat routine.json | lowback handout --spec /dev/stdin` works."""
    document = json.dumps(lowback.to_document(lowback.leaflet_routine()))
    piped = run("handout", "--spec", "/dev/stdin", stdin=document)
    assert (0, "") == (piped.returncode, piped.stderr)
    assert piped.stdout == run("handout").stdout


def test_routine_spec_through_a_pipe():
    """A spec through a pipe gives the routine the file gives."""
    spec = json.dumps(
        {"title": "Evening", "items": [{"exercise": "pelvic-tilt"}]}
    )
    piped = run("routine", "--spec", "/dev/stdin", stdin=spec)
    assert (0, "") == (piped.returncode, piped.stderr)
    assert piped.stdout.startswith("Evening\n")
    assert "Pelvic Tilts (pelvic-tilt)" in piped.stdout


def test_catalog_and_reports_through_a_pipe():
    """--catalog and --reports read from a pipe, each once."""
    catalog = json.dumps(lowback.to_document(lowback.catalog()))
    listed = run("list", "--catalog", "/dev/stdin", stdin="")
    assert 1 == listed.returncode
    assert "empty-document" in listed.stderr
    reports = json.dumps([{"day": 1, "change": "worse"}])
    planned = run(
        "plan", "--days", "3", "--reports", "/dev/stdin", stdin=reports
    )
    assert (0, "") == (planned.returncode, planned.stderr)
    assert "stopped" in planned.stdout
    shown = run("list", "--catalog", "/dev/stdin", stdin=catalog)
    assert 1 == shown.returncode  # the same ids twice: refused, not empty
    assert "empty-document" not in shown.stderr
