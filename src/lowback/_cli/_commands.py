"""
What each ``lowback`` command does.

Each reads its options, calls the library and prints.

`run` is the one entry; `lowback._cli.main` calls it once the command
line parses, and catches what it raises. ``validate`` lives with its
reporters, in `._reporters`, and loads none of the outputs.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from .. import exports, importers
from .._assemble import assemble
from .._builder import RoutineBuilder, leaflet_routine
from .._checks import NAME_MAX, check_text
from .._content import catalog, load_catalogs
from .._converter import get_converter
from .._documents import loads, to_document
from .._errors import (
    ContentError,
    FileWriteError,
    InvalidValueError,
    UnknownExerciseError,
)
from .._io import read_file, write_bytes, write_text
from .._json import dumps_text, locate, parse
from .._pain import PainReport, PainRule
from .._plan import Plan, plan
from .._problems import Problem, Report, printable, shown
from .._render._handout import handout
from .._render._session import session_page
from .._render._text import (
    render_catalog,
    render_exercise,
    render_plan,
    render_routine,
    render_timeline,
)
from .._routine import Routine
from .._rules import report_rules
from .._schemas import schema
from .._validation import check_reports, read_and_validate
from ._parser import UsageError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from .._catalog import Catalog

OK, PROBLEMS = 0, 1


def _read_json(path: str) -> tuple[bytes, Any]:
    """
    Return a file's bytes and the JSON value they hold.

    Raises:
        ContentError: If they are not JSON, located.
    """
    data = read_file(path)
    value, problems = parse(data)
    if problems:
        raise ContentError(
            Report(tuple(attrs.evolve(p, file=path) for p in problems))
        )
    return data, value


def _catalog(args: argparse.Namespace) -> Catalog:
    if not args.catalog:
        return catalog()
    return load_catalogs(*args.catalog, base=catalog())


def _routine(args: argparse.Namespace) -> Routine:
    """
    Return the routine of ``--spec``; the leaflet's without it.

    The file, a spec or a routine document, is read once.
    """
    if args.spec is None:
        if args.catalog:
            _catalog(args)  # the files must still be valid
        return leaflet_routine()
    data, document = _read_json(args.spec)
    kind = document.get("type") if isinstance(document, dict) else None
    if kind is not None and kind != "routine":
        msg = (
            f"{args.spec}: expected a routine spec or a routine document, "
            f"got {'an' if str(kind)[:1] in 'aeiou' else 'a'} {kind} document"
        )
        raise UsageError(msg)
    if kind == "routine":
        return loads(data, Routine, file=args.spec)
    try:
        return RoutineBuilder.from_spec(document, catalog=_catalog(args))
    except UnknownExerciseError as e:
        # The id may be in a catalog the user has but did not give.
        msg = (
            f"{args.spec}: {e} (if another catalog defines it, give that "
            "catalog file with --catalog FILE)"
        )
        raise UsageError(msg) from None
    except ContentError as e:
        # The spec's problems, placed in its text like any document's.
        text = data.decode("utf-8")
        located = locate(text, e.report.problems, file=args.spec)
        raise ContentError(Report(located)) from None


def _reports(
    path: str | None, routine: Routine, days: int
) -> tuple[PainReport, ...]:
    """
    Return the reports of ``--reports``, every problem placed in the file.

    Each must be about a day of the plan and an exercise of its routine.
    """
    if path is None:
        return ()
    data = read_file(path)
    document, report = check_reports(data, file=path)
    if report.valid:
        ids = [item.exercise.id for item in routine.items]
        found = tuple(report_rules(document, (), ids, days))
        report = Report(locate(data.decode("utf-8"), found, file=path))
    if not report.valid:
        raise ContentError(report)
    return tuple(get_converter().structure(document, tuple[PainReport, ...]))


def _rule(path: str | None) -> PainRule | None:
    """
    Return the clinic's pain rule of ``--rule``; None for the leaflet's.
    """
    if path is None:
        return None
    document, report = read_and_validate(
        read_file(path), file=path, engine="reference", kind="pain-rule"
    )
    if not report.valid:
        raise ContentError(report)
    made: PainRule = get_converter().structure(document, PainRule)
    return made


def _plan_of(args: argparse.Namespace) -> Plan:
    """
    Return the plan of the routine, 28 days unless --days says otherwise.
    """
    title = getattr(args, "title", None)  # plan's own option
    if title is not None:
        try:
            check_text("--title", title, NAME_MAX)
        except InvalidValueError as e:  # the command line, not content
            raise UsageError(f"{e}") from None
    routine, days = _routine(args), args.days or 28
    return plan(
        routine,
        days,
        start=args.start,
        reports=_reports(args.reports, routine, days),
        pain_rule=_rule(args.rule),
        title=title,
    )


def _subject(args: argparse.Namespace) -> Routine | Plan:
    """
    Return the routine, or its plan when a plan option is given.
    """
    if all(
        option is None
        for option in (args.days, args.start, args.reports, args.rule)
    ):
        return _routine(args)
    return _plan_of(args)


def _print_json(document: Any) -> None:  # noqa: ANN401
    sys.stdout.write(dumps_text(document))


def _to_stdout(path: str | None) -> bool:
    """
    Return whether ``-o`` says standard output: not given, or ``-``.
    """
    return path is None or path == "-"


def _write(path: str | None, text: str) -> None:
    """
    Write *text* to standard output, or whole to the file *path*.
    """
    if path is None or path == "-":
        sys.stdout.write(text)
    else:
        write_text(path, text)


def _text(text: str) -> str:
    """
    Return readable output as written: escaped where unprintable, ended.
    """
    return shown(text) + "\n"


def _list(args: argparse.Namespace) -> int:
    cat = _catalog(args)
    if args.format == "json":
        _print_json(to_document(cat))
    else:
        print(shown(render_catalog(cat)))
    return OK


def _show(args: argparse.Namespace) -> int:
    cat = _catalog(args)
    exercise = cat.get(args.id)
    if args.format == "json":
        _print_json(to_document(exercise))
    else:
        print(shown(render_exercise(exercise, cat)))
    return OK


def _routine_command(args: argparse.Namespace) -> int:
    routine = _routine(args)
    if args.format == "json":
        text = dumps_text(to_document(routine))
    else:
        text = _text(render_routine(routine))
    _write(args.output, text)
    return OK


def _timeline(args: argparse.Namespace) -> int:
    routine = _routine(args)
    if args.format == "json":
        text = dumps_text(
            {
                "title": routine.title,
                "estimated_duration": routine.estimated_duration,
                "cues": get_converter().unstructure(routine.timeline()),
            }
        )
    else:
        text = _text(render_timeline(routine))
    _write(args.output, text)
    return OK


def _plan_command(args: argparse.Namespace) -> int:
    made = _plan_of(args)
    if args.format == "json":
        text = dumps_text(to_document(made))
    else:
        text = _text(render_plan(made))
    _write(args.output, text)
    return OK


def _handout(args: argparse.Namespace) -> int:
    _write(args.output, handout(_subject(args), format=args.format))
    return OK


def _session(args: argparse.Namespace) -> int:
    """
    Write the session page of the routine, or of one day of its plan.
    """
    _write(args.output, session_page(_day_subject(args), day=args.day))
    return OK


def _day_subject(args: argparse.Namespace) -> Routine | Plan:
    """
    Return the routine, or its plan when a plan option or --day is given.

    The plan has 28 days, or --day days when that is more, unless --days
    says otherwise.
    """
    if args.day is not None and args.days is None:
        args.days = max(28, args.day)  # a plan that has the day
    return _subject(args)


def _source_date() -> dt.datetime | None:
    """
    Return the time ``SOURCE_DATE_EPOCH`` gives, or None when unset.

    It fixes the time an iCalendar export is stamped with, and the time
    ServiceRequests are authored, so that the same plan gives the same
    file (reproducible-builds.org).
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    if not value.isascii() or not value.isdigit():
        msg = (
            "SOURCE_DATE_EPOCH: expected a whole number of seconds since "
            f"1970-01-01 UTC, got {value!r}"
        )
        raise UsageError(msg)
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (OverflowError, OSError, ValueError):
        msg = f"SOURCE_DATE_EPOCH: {value} is too far in the future"
        raise UsageError(msg) from None


_FHIR_FORMATS: Final = ("fhir", "pa-requests")
_ORDER: Final = ("patient", "requester", "reason")


def _check_export(args: argparse.Namespace) -> None:
    """
    Refuse options that the export format does not take or needs.
    """
    fhir = args.format in _FHIR_FORMATS
    for option, given in (
        (f"--bundle {args.bundle}", args.bundle != "collection"),
        ("--base", args.base is not None),
    ):
        if given and not fhir:
            msg = f"{option} is for --format fhir or pa-requests only"
            raise UsageError(msg)
    order = {name: getattr(args, name) for name in _ORDER}
    if args.format == "pa-requests":
        missing = [f"--{name}" for name, value in order.items() if not value]
        if missing:
            msg = (
                "--format pa-requests needs --patient, --requester and "
                f"--reason; missing {', '.join(missing)}"
            )
            raise UsageError(msg)
    elif any(value is not None for value in order.values()):
        msg = "--patient, --requester and --reason are for pa-requests only"
        raise UsageError(msg)
    if args.day is not None and args.format != "fit":
        msg = "--day is for --format fit only"
        raise UsageError(msg)
    if args.format == "ics" and args.start is None:
        msg = (
            "--format ics needs --start YYYY-MM-DD, the date of the "
            "first session"
        )
        raise UsageError(msg)


def _write_binary(path: str | None, data: bytes) -> None:
    """
    Write *data* whole to the file *path*, or to standard output.

    Standard output takes it only when it is not a terminal.
    """
    if not _to_stdout(path):
        assert path is not None  # noqa: S101 - _to_stdout says so
        write_bytes(path, data)
        return
    if sys.stdout.isatty():
        msg = (
            "--format fit writes a binary file, not for a terminal; give "
            "-o FILE, such as -o workout.fit"
        )
        raise UsageError(msg)
    sys.stdout.flush()
    sys.stdout.buffer.write(data)


def _export(args: argparse.Namespace) -> int:
    _check_export(args)
    if args.format == "fit":
        subject = _day_subject(args)
        _write_binary(args.output, exports.to_fit(subject, day=args.day))
        return OK
    base = {} if args.base is None else {"base": args.base}
    if args.format == "ics":
        text = exports.to_ics(_plan_of(args), stamp=_source_date())
    elif args.format == "fhir":
        text = dumps_text(
            exports.to_fhir(_subject(args), bundle=args.bundle, **base)
        )
    elif args.format == "pa-requests":
        requests = exports.to_service_requests(
            _plan_of(args),
            **{name: getattr(args, name) for name in _ORDER},
            authored=_source_date(),
            bundle=args.bundle,
            **base,
        )
        text = dumps_text(requests)
    else:
        text = dumps_text(exports.to_jsonld(_subject(args)))
    _write(args.output, text)
    return OK


def _schema(args: argparse.Namespace) -> int:
    _print_json(schema(args.name))
    return OK


def _draft_files(
    folder: Path, drafts: tuple[importers.Draft, ...], force: bool
) -> list[Path]:
    """
    Return where each draft goes in *folder*, refusing what is unsafe.

    Raises:
        FileWriteError: If a draft is already there and *force* is not
            given, or its place is a link (never followed, even with
            *force*), before anything is written.
    """
    targets = [folder / f"{d.id}.json" for d in drafts]
    for target in targets:
        if target.is_symlink():
            raise FileWriteError(
                os.fspath(target),
                "it is a link, which lowback does not follow; remove it",
            )
        if target.exists() and not force:
            raise FileWriteError(
                os.fspath(target),
                "a draft is already there (give --force to overwrite it)",
            )
    return targets


def _write_drafts(
    output: str, drafts: tuple[importers.Draft, ...], force: bool
) -> None:
    folder = Path(output)
    if folder.is_symlink():
        raise FileWriteError(
            output, "it is a link, which lowback does not follow"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise FileWriteError(output, reason) from e
    for draft, target in zip(
        drafts, _draft_files(folder, drafts, force), strict=True
    ):
        write_text(target, dumps_text(draft.with_notes()))


def _import(args: argparse.Namespace) -> int:
    skipped: list[Problem] = []
    if args.output == "-":
        msg = (
            "-o takes a folder to write the drafts in; for them on "
            "standard output, leave out -o and give --format json"
        )
        raise UsageError(msg)
    drafts = importers.import_path(
        args.source, args.path, commit=args.commit, skipped=skipped
    )
    for problem in skipped:
        print(f"lowback: skipped: {problem}", file=sys.stderr)
    if args.output is not None:
        _write_drafts(args.output, drafts, args.force)
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
                        "to_confirm": list(d.to_confirm),
                        "notes": list(d.notes),
                    }
                    for d in drafts
                ],
                "skipped": [p.to_dict() for p in skipped],
            }
        )
        return OK
    for draft in drafts:
        lacks = ", ".join(f"{p.pointer} [{p.code}]" for p in draft.report)
        ready = "valid once confirmed" if draft.to_confirm else "valid"
        print(f"{draft.id}: {lacks or ready}")
        for note in draft.notes:
            print(f"  note: {printable(note)}")
    _summary(args, drafts)
    return OK


def _summary(
    args: argparse.Namespace, drafts: Sequence[importers.Draft]
) -> None:
    valid = sum(d.report.valid and not d.to_confirm for d in drafts)
    confirm = sum(d.report.valid and bool(d.to_confirm) for d in drafts)
    common = Counter(
        f"{p.pointer} [{p.code}]" for d in drafts for p in d.report
    ).most_common(3)
    print(
        f"{len(drafts)} draft{'' if len(drafts) == 1 else 's'} from "
        f"{args.source}, {valid} valid, {confirm} valid once confirmed"
        + (
            "; most often lacking: "
            + ", ".join(f"{what} ({n})" for what, n in common)
            if common
            else ""
        )
    )
    if args.output is not None:
        print(f"written to {args.output}")


def _assemble(args: argparse.Namespace) -> int:
    catalog, report = assemble(
        args.paths, catalog_id=args.id, title=args.title, language="en"
    )
    if not report.valid:
        for problem in report:
            print(problem)
        n = len(report)
        print(
            f"{n} problem{'' if n == 1 else 's'}: no catalog written",
            file=sys.stderr,
        )
        return PROBLEMS
    _write(args.output, dumps_text(catalog))
    if not _to_stdout(args.output):
        n = len(catalog["exercises"])
        print(
            f"{n} exercise{'' if n == 1 else 's'} assembled into {args.output}"
        )
    return OK


_COMMANDS = {
    "assemble": _assemble,
    "export": _export,
    "handout": _handout,
    "session": _session,
    "import": _import,
    "list": _list,
    "show": _show,
    "routine": _routine_command,
    "timeline": _timeline,
    "plan": _plan_command,
    "schema": _schema,
}


def run(args: argparse.Namespace) -> int:
    """
    Run the command the parsed command line names; return its status.
    """
    return _COMMANDS[args.command](args)
