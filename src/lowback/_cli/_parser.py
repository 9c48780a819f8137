"""
The command line: its commands, options and their checks.

Kept apart from the commands themselves, so that ``lowback --help`` and
a mistyped option load nothing but this.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Final, NoReturn

from .._json import MAX_BYTES, MAX_DEPTH
from .._schemas import INPUT_KINDS, SCHEMA_NAMES
from .._version import __version__

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    _Commands = argparse._SubParsersAction[Any]  # noqa: SLF001 - argparse's type

#: The datasets ``lowback import`` reads; kept here so that ``--help``
#: does not load the importers (a test checks they agree).
IMPORT_SOURCES: Final = (
    "free-exercise-db",
    "wger",
    "exercemus",
    "workout-share",
)
#: The formats of ``lowback handout`` and ``lowback export``, for the same
#: reason.
HANDOUT_FORMATS: Final = ("text", "md", "html")
EXPORT_FORMATS: Final = ("fhir", "pa-requests", "jsonld", "ics", "fit")
#: The reporters of ``lowback validate``.
REPORT_FORMATS: Final = ("text", "json", "github")
#: Most processes ``lowback validate -j`` takes (a test checks that
#: the validator agrees).
MAX_JOBS: Final = 256


class UsageError(Exception):
    """
    The command line is wrong; the message says how.
    """


class _Parser(argparse.ArgumentParser):
    """
    A parser whose errors are `UsageError`, naming the help to read.

    An error in a command's options points to that command's help,
    ``lowback plan --help``, even when argparse finds it at the top.
    """

    #: The parser of each command, by name; set by `build`.
    commands: Mapping[str, argparse.ArgumentParser]

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def parse_args(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        namespace: None = None,
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            commands = getattr(self, "commands", {})
            parser = commands.get(getattr(parsed, "command", None), self)
            parser.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed


def _with_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text)",
    )


def _with_catalogs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--catalog",
        action="append",
        default=[],
        metavar="FILE",
        help="merge this catalog file onto the built-in one (repeatable)",
    )


def _with_spec(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--spec",
        metavar="FILE",
        help="a routine spec or routine document (JSON); the leaflet's "
        "routine by default",
    )
    _with_catalogs(p)


def _with_routine(p: argparse.ArgumentParser) -> None:
    _with_spec(p)
    _with_format(p)


def _with_plan(p: argparse.ArgumentParser, days: str) -> None:
    p.add_argument(
        "--days",
        type=_days,
        help=f"how many days, 1 to 3660 ({days})",
    )
    p.add_argument(
        "--start",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the date of day 1, to put dates in the plan (exactly "
        "YYYY-MM-DD)",
    )
    p.add_argument(
        "--reports",
        metavar="FILE",
        help="pain reports: a JSON array of {day, exercise, before, "
        "after, change}",
    )
    p.add_argument(
        "--rule",
        metavar="FILE",
        help="a clinic's pain rule: a JSON object {worse_by, max_pain, "
        "source} (default: the leaflet's, any worsening counts)",
    )


def _with_output(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of standard output (- is standard "
        "output); the file is written whole or not at all",
    )


def _add_output_commands(commands: _Commands) -> None:
    """
    Add ``handout`` and ``export``: documents for people and for systems.
    """
    p = commands.add_parser(
        "handout",
        help="a handout to read, print and follow: text, Markdown or HTML",
        description="Write a handout of a routine (the leaflet's by "
        "default), or of its plan when --days, --start, --reports or --rule "
        "is given: the safety notices first, the chosen doses written into "
        "the steps, the stop rule last.",
    )
    _with_spec(p)
    p.add_argument(
        "--format",
        choices=HANDOUT_FORMATS,
        default="text",
        help="text (default), md (Markdown) or html (a printable page)",
    )
    _with_plan(
        p, "a plan of 28 days when --start, --reports or --rule is given"
    )
    _with_output(p)
    _add_session(commands)
    _add_export(commands)


def _add_session(commands: _Commands) -> None:
    """
    Add ``session``: one page that runs a session, to open in a browser.
    """
    p = commands.add_parser(
        "session",
        help="a page that runs one session: cues, countdowns, pain report",
        description="Write one self-contained HTML page that runs a "
        "session of a routine (the leaflet's by default), or the session "
        "of one day of its plan when --day, --days, --start, --reports or "
        "--rule is given: the safety notices, then each step with a "
        "countdown, then a pain report to give to 'lowback plan "
        "--reports'. The page loads nothing and sends nothing.",
    )
    _with_spec(p)
    _with_day(p, "")
    _with_plan(
        p,
        "a plan of 28 days, or of --day days when that is more, when a "
        "plan option is given",
    )
    _with_output(p)


def _with_day(p: argparse.ArgumentParser, only: str) -> None:
    """
    Add ``--day``: which day's session of the plan (*only* with what).
    """
    p.add_argument(
        "--day",
        type=_day,
        metavar="N",
        help=f"{only}the session of day N of the plan, 1 to 3660 (a plan "
        "of 28 days, or of N days when that is more, unless --days says "
        "otherwise); without it, the routine's session, or day 1 of a plan",
    )


def _add_export(commands: _Commands) -> None:
    """
    Add ``export``: routines and plans for other systems.
    """
    p = commands.add_parser(
        "export",
        help="export a routine or plan to FHIR, schema.org, iCalendar or FIT",
        description="Export a routine (the leaflet's by default), or its "
        "plan when --days, --start, --reports or --rule is given, for other "
        "systems: a FHIR R4 Bundle, schema.org JSON-LD, an iCalendar "
        "file of the plan's sessions (which needs --start), or one session "
        "as a FIT workout file for Garmin watches (binary: give -o FILE).",
    )
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        required=True,
        help="fhir (a FHIR R4 Bundle of definitions), pa-requests (the "
        "plan as FHIR R4 ServiceRequests of the HL7 Physical Activity "
        "guide), jsonld (schema.org ExercisePlan), ics (iCalendar, one "
        "event a day) or fit (one session as a FIT workout file)",
    )
    _with_day(p, "with fit: ")
    p.add_argument(
        "--bundle",
        choices=("collection", "transaction"),
        default="collection",
        help="with fhir or pa-requests: a collection (the default), or a "
        "transaction to post to a FHIR server, each entry PUT at its id",
    )
    p.add_argument(
        "--base",
        metavar="URL",
        help="with fhir or pa-requests: the base of the definitions' "
        "canonical URLs, such as your FHIR server's (default: "
        "https://lowback.github.io/fhir)",
    )
    order = p.add_argument_group(
        "the order, which pa-requests needs",
        "The time it is authored is now, or SOURCE_DATE_EPOCH.",
    )
    order.add_argument(
        "--patient", metavar="REF", help="the patient, such as Patient/123"
    )
    order.add_argument(
        "--requester",
        metavar="REF",
        help="who orders it: Practitioner/ID or PractitionerRole/ID",
    )
    order.add_argument("--reason", metavar="TEXT", help="why, in words")
    _with_spec(p)
    _with_plan(
        p, "a plan of 28 days when --start, --reports or --rule is given"
    )
    _with_output(p)


def build() -> argparse.ArgumentParser:
    """
    Return the parser of the ``lowback`` command and its subcommands.
    """
    parser = _Parser(
        prog="lowback",
        description="Typed, validated exercise content for lower back pain.",
    )
    parser.add_argument(
        "--version", action="version", version=f"lowback {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    _add_content_commands(commands)
    _add_output_commands(commands)
    _add_import(commands)
    _add_validate(commands)
    parser.commands = commands.choices
    return parser


def _add_content_commands(commands: _Commands) -> None:
    """
    Add ``list``, ``show``, ``routine``, ``timeline``, ``plan``, ``schema``.
    """
    p = commands.add_parser(
        "list",
        help="list the exercises",
        description="List the exercises of the catalog (the built-in one, "
        "with --catalog files merged onto it): each id, name, kind and "
        "the dose it allows, then the safety notices.",
    )
    _with_format(p)
    _with_catalogs(p)
    p = commands.add_parser(
        "show",
        help="show one exercise",
        description="Show one exercise of the catalog: its steps, the "
        "dose it allows and the safety notices that go with it.",
    )
    p.add_argument("id", help="the exercise id, such as pelvic-tilt")
    _with_format(p)
    _with_catalogs(p)
    p = commands.add_parser(
        "routine", help="show a routine: the leaflet's, or one from a spec"
    )
    _with_routine(p)
    _with_output(p)
    p = commands.add_parser("timeline", help="the timed cues of one session")
    _with_routine(p)
    _with_output(p)
    p = commands.add_parser("plan", help="a day-by-day plan for a routine")
    _with_routine(p)
    _with_plan(p, "default: 28")
    p.add_argument(
        "--title",
        metavar="TEXT",
        help="the plan's title (default: the routine's)",
    )
    _with_output(p)
    p = commands.add_parser(
        "schema",
        help="print a JSON Schema",
        description="Print the JSON Schema of a lowback document, a "
        "routine spec, pain reports or a validation report.",
    )
    p.add_argument("name", choices=SCHEMA_NAMES, help="the schema")


def _add_import(commands: _Commands) -> None:
    p = commands.add_parser(
        "import",
        help="turn an open dataset into lowback draft documents",
        description="Turn the records of an open exercise dataset into "
        "lowback draft exercise documents, saying what each lacks to be "
        "valid. A position, repetitions, holds and sides the steps state "
        "in words are proposed, each marked 'to confirm' in the draft's "
        "library_defaults.",
    )
    p.add_argument("source", choices=IMPORT_SOURCES, help="the dataset")
    p.add_argument(
        "path", help="its file (for wger: the folder of its fixtures)"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="write each draft as DIR/ID.json, with its notes (a "
        "folder: - is refused)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="with -o, overwrite drafts already in DIR",
    )
    p.add_argument(
        "--commit",
        metavar="SHA",
        help="the dataset's git commit the file comes from; only with it "
        "do drafts name the dataset's repository and commit",
    )
    _with_format(p)
    p = commands.add_parser(
        "assemble",
        help="put exercise documents together into one catalog",
        description="Check exercise documents (completed drafts: files, "
        "or folders of .json files) and put them together into one "
        "catalog. Every problem is printed with its file; nothing is "
        "written unless every exercise is valid and confirmed.",
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="exercise files or folders"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the catalog to FILE (default, or -: standard output)",
    )
    p.add_argument(
        "--id", default="assembled", help="the catalog's id (a slug)"
    )
    p.add_argument(
        "--title",
        default="Assembled exercises",
        help="the catalog's title",
    )


def _with_kind(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as",
        dest="kind",
        choices=INPUT_KINDS,
        help="check every file as a routine spec (--spec), a JSON array "
        "of pain reports (--reports) or a pain rule (--rule), which do not "
        "say their type",
    )


def _add_validate(commands: _Commands) -> None:
    p = commands.add_parser(
        "validate",
        help="check lowback JSON files",
        description="Check lowback documents: exercise, catalog, routine "
        "and plan files; with --as, routine specs, pain-reports or "
        "pain-rule files. "
        "Exit 0 when all are valid, 1 when there are problems, 2 when a "
        "path cannot be read.",
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files (.json, or .jsonl checked line by line), folders "
        "(searched for both) and glob patterns",
    )
    _with_kind(p)
    p.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        default="text",
        help="text (default), a JSON report, or GitHub Actions annotations",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print problems only: no summary, no progress",
    )
    p.add_argument(
        "--max-problems",
        type=_positive,
        metavar="N",
        help="stop after N problems",
    )
    p.add_argument(
        "--max-bytes",
        type=_positive,
        default=MAX_BYTES,
        metavar="N",
        help=f"refuse larger documents (default: {MAX_BYTES})",
    )
    p.add_argument(
        "--max-depth",
        type=_positive,
        default=MAX_DEPTH,
        metavar="N",
        help=f"refuse deeper nesting (default: {MAX_DEPTH})",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help=f"check in N processes, 1 to {MAX_JOBS}; 1 checks in this "
        "one (default: the number of usable cores)",
    )


#: The one form of a whole number on the command line: ASCII digits
#: only, where int() would also take other scripts' digits, a sign,
#: underscores and spaces.
_WHOLE: Final = re.compile(r"[0-9]+")
#: The one form of a date: what date.fromisoformat takes besides (week
#: dates, basic format) is refused.
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _whole(text: str, low: int, high: int | None, what: str) -> int:
    """
    Return *text* as a whole number from *low* to *high*.

    With *high* None there is no upper bound.

    Raises:
        argparse.ArgumentTypeError: If it is not ASCII digits only, or
            out of bounds; the message says *what* is expected.
    """
    value = None
    if _WHOLE.fullmatch(text):
        with contextlib.suppress(ValueError):  # past int()'s digit limit
            value = int(text)
    if value is None or value < low or (high is not None and value > high):
        msg = f"{text!r} is not {what}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _jobs(text: str) -> int:
    return _whole(
        text, 1, MAX_JOBS, f"a number of processes from 1 to {MAX_JOBS}"
    )


def _positive(text: str) -> int:
    return _whole(text, 1, None, "a whole number from 1")


def _days(text: str) -> int:
    return _whole(text, 1, 3660, "a number of days from 1 to 3660")


def _day(text: str) -> int:
    return _whole(text, 1, 3660, "a day from 1 to 3660")


def _date(text: str) -> dt.date:
    if not _DATE.fullmatch(text):
        msg = f"not a date: {text!r}; write it as YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:  # a month or day out of range
        msg = f"not a date: {text!r}; {e}"
        raise argparse.ArgumentTypeError(msg) from None
