"""
The ``lowback`` command.

Parse, call the library, print; exit 0 when all is well, 1 when content
has problems (a file, a spec, a dose, a report), 2 for usage and I/O
errors (a bad option, a missing file, an unknown id on the command
line).
Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from ._errors import (
    ContentError,
    DuplicateIdError,
    FileReadError,
    InvalidValueError,
    LowbackError,
)
from ._format import MAX_BYTES, MAX_DEPTH
from ._schema import SCHEMA_NAMES
from ._version import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._catalog import Catalog
    from ._plan import PainReport, Plan
    from ._report import Problem
    from ._routine import Routine

# Each command imports what it needs when it runs, so that `--help` and
# the commands that do not validate stay quick to start.

OK, PROBLEMS, USAGE = 0, 1, 2
#: The datasets ``lowback import`` reads; kept here so that ``--help``
#: does not load the importers (a test checks they agree).
IMPORT_SOURCES = ("free-exercise-db", "wger", "exercemus", "workout-share")
#: The formats of ``lowback handout`` and ``lowback export``, for the same
#: reason.
HANDOUT_FORMATS = ("text", "md", "html")
EXPORT_FORMATS = ("fhir", "jsonld", "ics")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see 'lowback --help')")


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
        help="the date of day 1, to put dates in the plan",
    )
    p.add_argument(
        "--reports",
        metavar="FILE",
        help="pain reports: a JSON array of {day, exercise, before, "
        "after, change}",
    )


def _with_output(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of standard output",
    )


def _add_output_commands(
    commands: argparse._SubParsersAction[Any],
) -> None:
    """
    Add ``handout`` and ``export``: documents for people and for systems.
    """
    p = commands.add_parser(
        "handout",
        help="a handout to read, print and follow: text, Markdown or HTML",
        description="Write a handout of a routine (the leaflet's by "
        "default), or of its plan when --days, --start or --reports is "
        "given: the safety notices first, the chosen doses written into "
        "the steps, the stop rule last.",
    )
    _with_spec(p)
    p.add_argument(
        "--format",
        choices=HANDOUT_FORMATS,
        default="text",
        help="text (default), md (Markdown) or html (a printable page)",
    )
    _with_plan(p, "a plan of 28 days when --start or --reports is given")
    _with_output(p)
    p = commands.add_parser(
        "export",
        help="export a routine or plan to FHIR, schema.org or iCalendar",
        description="Export a routine (the leaflet's by default), or its "
        "plan when --days, --start or --reports is given, for other "
        "systems: a FHIR R4 Bundle, schema.org JSON-LD, or an iCalendar "
        "file of the plan's sessions (which needs --start).",
    )
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        required=True,
        help="fhir (a FHIR R4 Bundle), jsonld (schema.org ExercisePlan) or "
        "ics (iCalendar, one event a day)",
    )
    _with_spec(p)
    _with_plan(p, "a plan of 28 days when --start or --reports is given")
    _with_output(p)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lowback",
        description="Typed, validated exercise content for lower back pain.",
    )
    parser.add_argument(
        "--version", action="version", version=f"lowback {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    p = commands.add_parser("list", help="list the exercises")
    _with_format(p)
    _with_catalogs(p)
    p = commands.add_parser("show", help="show one exercise")
    p.add_argument("id", help="the exercise id, such as pelvic-tilt")
    _with_format(p)
    _with_catalogs(p)

    p = commands.add_parser(
        "routine", help="show a routine: the leaflet's, or one from a spec"
    )
    _with_routine(p)
    p = commands.add_parser("timeline", help="the timed cues of one session")
    _with_routine(p)

    p = commands.add_parser("plan", help="a day-by-day plan for a routine")
    _with_routine(p)
    _with_plan(p, "default: 28")
    _add_output_commands(commands)
    p = commands.add_parser(
        "import",
        help="turn an open dataset into lowback draft documents",
        description="Turn the records of an open exercise dataset into "
        "lowback draft exercise documents, saying what each lacks to be "
        "valid. Nothing is invented: a dose written in prose stays out.",
    )
    p.add_argument("source", choices=IMPORT_SOURCES, help="the dataset")
    p.add_argument(
        "path", help="its file (for wger: the folder of its fixtures)"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="write each draft as DIR/ID.json",
    )
    _with_format(p)
    p = commands.add_parser("schema", help="print a JSON Schema")
    p.add_argument("name", choices=SCHEMA_NAMES, help="the document type")
    p = commands.add_parser(
        "validate",
        help="check lowback JSON files",
        description="Check lowback documents: exercise, catalog, routine "
        "and plan files. Exit 0 when all are valid, 1 when there are "
        "problems, 2 when a path cannot be read.",
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files (.json, or .jsonl checked line by line), folders "
        "(searched for both) and glob patterns",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "github"),
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
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"{text!r} is not a whole number from 1"
        raise argparse.ArgumentTypeError(msg)
    return value


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if not 1 <= days <= 3660:
        msg = f"{text!r} is not a number of days from 1 to 3660"
        raise argparse.ArgumentTypeError(msg)
    return days


def _date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError(text)  # noqa: TRY301 - one message for both
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"not a date: {text!r}; write it as YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def _read_json(path: str) -> Any:  # noqa: ANN401
    import attrs  # noqa: PLC0415

    from ._format import parse  # noqa: PLC0415
    from ._report import Report  # noqa: PLC0415
    from ._validate import read_file  # noqa: PLC0415

    value, problems = parse(read_file(path))
    if problems:
        raise ContentError(
            Report(tuple(attrs.evolve(p, file=path) for p in problems))
        )
    return value


def _routine(args: argparse.Namespace) -> Routine:
    from ._builder import RoutineBuilder, leaflet_routine  # noqa: PLC0415
    from ._load import loads  # noqa: PLC0415
    from ._validate import read_file  # noqa: PLC0415

    if args.spec is None:
        if args.catalog:
            _catalog(args)  # the files must still be valid
        return leaflet_routine()
    document = _read_json(args.spec)
    from ._routine import Routine  # noqa: PLC0415

    kind = document.get("type") if isinstance(document, dict) else None
    if kind is not None and kind != "routine":
        msg = (
            f"{args.spec}: expected a routine spec or a routine document, "
            f"got {'an' if str(kind)[:1] in 'aeiou' else 'a'} {kind} document"
        )
        raise _UsageError(msg)
    if kind == "routine":
        return loads(read_file(args.spec), Routine, file=args.spec)
    return RoutineBuilder.from_spec(document, catalog=_catalog(args))


def _reports(path: str | None) -> tuple[PainReport, ...]:
    if path is None:
        return ()
    from ._converter import get_converter  # noqa: PLC0415
    from ._plan import PainReport  # noqa: PLC0415
    from ._validate import read_file, validate_reports  # noqa: PLC0415

    document, report = validate_reports(read_file(path), file=path)
    if not report.valid:
        raise ContentError(report)
    return tuple(get_converter().structure(document, tuple[PainReport, ...]))


def _routine_command(args: argparse.Namespace) -> int:
    from ._load import to_json  # noqa: PLC0415
    from ._text import render_routine  # noqa: PLC0415

    routine = _routine(args)
    if args.format == "json":
        _print_json(to_json(routine))
    else:
        print(render_routine(routine))
    return OK


def _timeline_command(args: argparse.Namespace) -> int:
    from ._text import render_timeline  # noqa: PLC0415

    routine = _routine(args)
    if args.format == "json":
        from ._converter import get_converter  # noqa: PLC0415

        _print_json(
            {
                "title": routine.title,
                "estimated_duration": routine.estimated_duration,
                "cues": get_converter().unstructure(routine.timeline()),
            }
        )
    else:
        print(render_timeline(routine))
    return OK


def _plan_command(args: argparse.Namespace) -> int:
    from ._load import to_json  # noqa: PLC0415
    from ._text import render_plan  # noqa: PLC0415

    made = _plan_of(args)
    if args.format == "json":
        _print_json(to_json(made))
    else:
        print(render_plan(made))
    return OK


def _subject(args: argparse.Namespace) -> Routine | Plan:
    """
    Return the routine, or its plan when a plan option is given.
    """
    if args.days is None and args.start is None and args.reports is None:
        return _routine(args)
    return _plan_of(args)


def _plan_of(args: argparse.Namespace) -> Plan:
    """
    Return the plan of the routine, 28 days unless --days says otherwise.
    """
    from ._plan import plan  # noqa: PLC0415

    return plan(
        _routine(args),
        args.days or 28,
        start=args.start,
        reports=_reports(args.reports),
    )


def _write(path: str | None, text: str) -> None:
    if path is None:
        sys.stdout.write(text)
        return
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:  # noqa: PTH123
            f.write(text)
    except OSError as e:
        reason = e.strerror or type(e).__name__
        msg = f"cannot write {path}: {reason}"
        raise _UsageError(msg) from e


def _handout_command(args: argparse.Namespace) -> int:
    from ._handout import handout  # noqa: PLC0415

    _write(args.output, handout(_subject(args), format=args.format))
    return OK


def _export_command(args: argparse.Namespace) -> int:
    from ._export import to_fhir, to_ics, to_jsonld  # noqa: PLC0415
    from ._format import dumps_document  # noqa: PLC0415

    if args.format == "ics":
        if args.start is None:
            msg = (
                "--format ics needs --start YYYY-MM-DD, the date of the "
                "first session"
            )
            raise _UsageError(msg)
        text = to_ics(_plan_of(args))
    elif args.format == "fhir":
        text = dumps_document(to_fhir(_subject(args)))
    else:
        text = dumps_document(to_jsonld(_subject(args)))
    _write(args.output, text)
    return OK


def _catalog(args: argparse.Namespace) -> Catalog:
    from ._catalog import catalog, load_catalogs  # noqa: PLC0415

    if not args.catalog:
        return catalog()
    return load_catalogs(*args.catalog, base=catalog())


def _print_json(document: Any) -> None:  # noqa: ANN401
    from ._format import dumps_document  # noqa: PLC0415

    sys.stdout.write(dumps_document(document))


def _list(args: argparse.Namespace) -> int:
    from ._load import to_json  # noqa: PLC0415
    from ._text import render_catalog  # noqa: PLC0415

    cat = _catalog(args)
    if args.format == "json":
        _print_json(to_json(cat))
    else:
        print(render_catalog(cat))
    return OK


def _show(args: argparse.Namespace) -> int:
    from ._load import to_json  # noqa: PLC0415
    from ._text import render_exercise  # noqa: PLC0415

    cat = _catalog(args)
    exercise = cat.get(args.id)
    if args.format == "json":
        _print_json(to_json(exercise))
    else:
        print(render_exercise(exercise, cat))
    return OK


def _schema(args: argparse.Namespace) -> int:
    from ._schema import schema  # noqa: PLC0415

    _print_json(schema(args.name))
    return OK


def _validate(args: argparse.Namespace) -> int:  # noqa: C901, PLR0912, PLR0915
    import time  # noqa: PLC0415

    from ._files import check_file, expand  # noqa: PLC0415
    from ._reporters import (  # noqa: PLC0415
        github_line,
        json_report,
        summary,
        text_line,
    )

    started = time.perf_counter()
    errors: list[FileReadError] = []
    files: list[str] = []
    for path in args.paths:
        try:
            files.extend(expand([path]))
        except FileReadError as e:
            errors.append(e)
    shown: list[Problem] = []
    documents = invalid = problems = 0
    truncated = False
    colour = args.format == "text" and _colour(sys.stdout)
    progress = (
        args.format == "text"
        and not args.quiet
        and len(files) > _PROGRESS_FILES
        and sys.stderr.isatty()
    )
    for n, path in enumerate(files, 1):
        if progress:
            sys.stderr.write(f"\rchecking {n}/{len(files)} files")
            sys.stderr.flush()
        try:
            result = check_file(
                path, max_bytes=args.max_bytes, max_depth=args.max_depth
            )
        except FileReadError as e:
            errors.append(e)
            continue
        documents += result.documents
        invalid += result.invalid
        problems += len(result.report)
        if progress and result.report.problems:
            sys.stderr.write("\r\033[K")  # the problems get a clean line
        limit = args.max_problems
        for problem in result.report:
            shown.append(problem)
            if args.format == "text":
                print(text_line(problem, colour=colour))
            elif args.format == "github":
                print(github_line(problem))
            if limit is not None and len(shown) >= limit:
                truncated = True
                break
        if truncated:
            break
    if progress:
        sys.stderr.write("\r\033[K")
    if args.format == "json":
        _print_json(
            json_report(
                shown,
                files=len(files),
                documents=documents,
                invalid=invalid,
                errors=[str(e) for e in errors],
                truncated=truncated,
            )
        )
    elif args.format == "text" and not args.quiet and (documents or problems):
        timed = args.format == "text" and sys.stdout.isatty()
        seconds = time.perf_counter() - started if timed else None
        line = summary(problems, invalid, documents, seconds)
        if truncated:
            line += f"; stopped after {len(shown)} (--max-problems)"
        print(line)
    for error in errors:
        print(f"lowback: error: {error}", file=sys.stderr)
    if errors:
        return USAGE
    return PROBLEMS if problems else OK


#: Above this many files, a terminal shows how far the check has got.
_PROGRESS_FILES = 20


def _colour(stream: Any) -> bool:  # noqa: ANN401
    import os  # noqa: PLC0415

    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def _import(args: argparse.Namespace) -> int:
    from collections import Counter  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from ._format import dumps_document  # noqa: PLC0415
    from ._importers import import_path  # noqa: PLC0415

    drafts = import_path(args.source, args.path)
    if args.output is not None:
        folder = Path(args.output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for draft in drafts:
                (folder / f"{draft.id}.json").write_text(
                    dumps_document(draft.document), encoding="utf-8"
                )
        except OSError as e:
            reason = e.strerror or type(e).__name__
            raise FileReadError(args.output, reason) from e
    if args.format == "json":
        _print_json(
            {
                "source": args.source,
                "drafts": [
                    {
                        "id": d.id,
                        "source_id": d.source_id,
                        "valid": d.report.valid,
                        "lacks": [p.to_dict() for p in d.report],
                        "notes": list(d.notes),
                    }
                    for d in drafts
                ],
            }
        )
        return OK
    for draft in drafts:
        lacks = ", ".join(f"{p.pointer} [{p.code}]" for p in draft.report)
        print(f"{draft.id}: {lacks or 'valid'}")
    valid = sum(d.report.valid for d in drafts)
    common = Counter(
        f"{p.pointer} [{p.code}]" for d in drafts for p in d.report
    ).most_common(3)
    print(
        f"{len(drafts)} draft{'' if len(drafts) == 1 else 's'} from "
        f"{args.source}, {valid} valid"
        + (
            "; most often lacking: "
            + ", ".join(f"{what} ({n})" for what, n in common)
            if common
            else ""
        )
    )
    if args.output is not None:
        print(f"written to {args.output}")
    return OK


_COMMANDS = {
    "export": _export_command,
    "handout": _handout_command,
    "import": _import,
    "list": _list,
    "show": _show,
    "routine": _routine_command,
    "timeline": _timeline_command,
    "plan": _plan_command,
    "schema": _schema,
    "validate": _validate,
}


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the ``lowback`` command and return its exit status.
    """
    for stream in (sys.stdout, sys.stderr):
        # Text from a document may hold a lone surrogate; print it as an
        # escape (valid in JSON output too) rather than fail.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        args = _parser().parse_args(argv)
        return _COMMANDS[args.command](args)
    except _UsageError as e:
        print(f"lowback: error: {e}", file=sys.stderr)
        return USAGE
    except ContentError as e:
        print(f"lowback: error: invalid content: {e}", file=sys.stderr)
        return PROBLEMS
    except (InvalidValueError, DuplicateIdError) as e:
        # A dose outside what an exercise allows, a report past the plan,
        # clashing ids: problems with content, like those above.
        print(f"lowback: error: {e}", file=sys.stderr)
        return PROBLEMS
    except LowbackError as e:
        print(f"lowback: error: {e}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away; nothing more to say
        return OK
    except KeyboardInterrupt:
        print("lowback: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - the last line of defence
        print(
            f"lowback: internal error: {type(e).__name__}: {e} "
            "(please report this as a bug)",
            file=sys.stderr,
        )
        return USAGE
