"""
``lowback validate``: how it checks files and shows what it found.

It shows it as text, a JSON report or GitHub Actions annotations.

A reporter is an object with three jobs: show one problem, show how far
the check has got, and close with a summary. The command loop knows
nothing of formats.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

import attrs

from .._checks import count
from .._errors import FileReadError
from .._json import dumps_text
from .._problems import Problem, printable
from .._schemas import FORMAT_VERSION
from .._validation import expand
from .._validation._jobs import (
    Step,
    WorkerCrashedError,
    cut,
    run,
    usable_cores,
)

if TYPE_CHECKING:
    import argparse

    from .._validation import FileReport

OK, PROBLEMS, USAGE = 0, 1, 2
_RED, _BOLD, _RESET = "\033[31m", "\033[1m", "\033[0m"
#: Above this many files, or this many bytes, a terminal shows how far
#: the check has got.
PROGRESS_FILES = 20
PROGRESS_BYTES = 16 * 2**20


def colour(stream: Any) -> bool:  # noqa: ANN401
    """
    Whether to colour what goes to *stream*.

    Yes for a terminal, unless ``NO_COLOR`` is set or ``TERM`` is
    ``dumb``.
    """
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def text_line(problem: Problem, *, colour: bool) -> str:
    """
    One problem as ``file:line:col: pointer: message [code]``.
    """
    if not colour:
        return str(problem)
    where = ""
    if problem.file is not None:
        where = problem.file + ":"
    if problem.line is not None:
        where += f"{problem.line}:{problem.column}:"
    pointer = printable(problem.pointer) or "(document)"
    return (
        f"{_BOLD}{where}{_RESET} {pointer}: {printable(problem.message)} "
        f"{_RED}[{problem.code}]{_RESET}"
    )


def _escape(text: str, *, property_value: bool = False) -> str:
    # GitHub's workflow commands: % and line breaks are escaped, and in
    # properties also : and ,.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_line(problem: Problem) -> str:
    """
    One problem as a GitHub Actions ``::error`` annotation.
    """
    props = []
    if problem.file is not None:
        props.append(f"file={_escape(problem.file, property_value=True)}")
    if problem.line is not None:
        props.append(f"line={problem.line}")
        props.append(f"col={problem.column}")
    props.append(
        f"title={_escape('lowback ' + problem.code, property_value=True)}"
    )
    pointer = printable(problem.pointer) or "(document)"
    return f"::error {','.join(props)}::{_escape(pointer)}: " + _escape(
        problem.message
    )


def summary(
    problems: int, invalid: int, documents: int, seconds: float | None
) -> str:
    """
    The closing line: how many problems in how many documents.
    """
    timing = "" if seconds is None else f" in {seconds:.2f} s"
    if problems:
        line = (
            f"{count(problems, 'problem')} in {invalid} of "
            f"{count(documents, 'document')}"
        )
        if timing:
            line += f" ({documents} checked{timing})"
        return line
    return f"{count(documents, 'document')} valid" + (
        f" (checked{timing})" if timing else ""
    )


@attrs.define
class Tally:
    """
    What a check over files has found so far.
    """

    files: int = 0
    documents: int = 0
    invalid: int = 0
    problems: int = 0
    shown: list[Problem] = attrs.Factory(list)
    errors: list[FileReadError] = attrs.Factory(list)
    truncated: bool = False

    def add(self, result: FileReport) -> None:
        self.documents += result.documents
        self.invalid += result.invalid
        self.problems += len(result.report)


@attrs.define
class Progress:
    """
    How far a check has got: files, documents and bytes.
    """

    files: int
    size: int
    files_done: int = 0
    documents: int = 0
    size_done: int = 0

    def advance(self, step: Step) -> None:
        self.documents += step.documents
        self.size_done += step.size
        self.files_done += step.result is not None

    def line(self) -> str:
        """
        The progress line.

        Such as ``checking 5/23 files, 1200 documents, 2.1/9.8 MB``.
        """
        mb = 1e6
        return (
            f"checking {self.files_done}/{self.files} files, "
            f"{count(self.documents, 'document')}, "
            f"{self.size_done / mb:.1f}/{self.size / mb:.1f} MB"
        )


def json_report(tally: Tally) -> dict[str, Any]:
    """
    The ``--format json`` report, as ``schemas/report.schema.json`` says.
    """
    return {
        "type": "report",
        "format_version": FORMAT_VERSION,
        "valid": not tally.shown and not tally.errors,
        "files": tally.files,
        "checked": tally.documents,
        "invalid": tally.invalid,
        "problems": [p.to_dict() for p in tally.shown],
        "errors": [str(e) for e in tally.errors],
        "truncated": tally.truncated,
    }


class Reporter:
    """
    Shows what ``lowback validate`` finds; this one shows nothing.

    Subclasses show problems as they come and close with a summary.
    """

    name: ClassVar[str] = ""

    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out

    def progress(self, progress: Progress) -> None:
        """
        Say how far the check has got.
        """

    def stop(self) -> None:
        """
        The check stops short: clear what `progress` shows.
        """

    def problem(self, problem: Problem) -> None:
        """
        Show one problem.
        """

    def close(self, tally: Tally, seconds: float) -> None:
        """
        Close with what the whole check found.
        """


class TextReporter(Reporter):
    """
    One line a problem, coloured on a terminal, then a summary.

    For many files on a terminal, progress goes to standard error.
    """

    name = "text"

    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        super().__init__(args, out)
        self.colour = colour(out)
        self.progressing = False

    def progress(self, progress: Progress) -> None:
        if self.args.quiet or (
            progress.files <= PROGRESS_FILES
            and progress.size <= PROGRESS_BYTES
        ):
            return
        if not sys.stderr.isatty():
            return
        self.progressing = True
        sys.stderr.write(f"\r{progress.line()}\033[K")
        sys.stderr.flush()

    def stop(self) -> None:
        if self.progressing:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.progressing = False

    def problem(self, problem: Problem) -> None:
        if self.progressing:
            sys.stderr.write("\r\033[K")  # the problem gets a clean line
        print(text_line(problem, colour=self.colour), file=self.out)

    def close(self, tally: Tally, seconds: float) -> None:
        self.stop()
        if self.args.quiet or not (tally.documents or tally.problems):
            return
        timed = self.out.isatty()
        line = summary(
            tally.problems,
            tally.invalid,
            tally.documents,
            seconds if timed else None,
        )
        if tally.truncated:
            line += f"; stopped after {len(tally.shown)} (--max-problems)"
        print(line, file=self.out)


class JsonReporter(Reporter):
    """
    One JSON report at the end.
    """

    name = "json"

    def close(self, tally: Tally, seconds: float) -> None:  # noqa: ARG002
        self.out.write(dumps_text(json_report(tally)))


class GithubReporter(Reporter):
    """
    One GitHub Actions annotation a problem.
    """

    name = "github"

    def problem(self, problem: Problem) -> None:
        print(github_line(problem), file=self.out)


#: The reporters by ``--format`` name.
REPORTERS: dict[str, type[Reporter]] = {
    r.name: r for r in (TextReporter, JsonReporter, GithubReporter)
}


def validate_command(args: argparse.Namespace) -> int:
    """
    ``lowback validate``: check every file the paths name.

    Exit 0 when every document is valid, 1 when there are problems, 2
    when a path cannot be read.
    """
    started = time.perf_counter()
    tally = Tally()
    files: list[str] = []
    for path in args.paths:
        try:
            files.extend(expand([path]))
        except FileReadError as e:
            tally.errors.append(e)
    tally.files = len(files)
    reporter = REPORTERS[args.format](args, sys.stdout)
    try:
        _check(files, args, tally, reporter)
    except WorkerCrashedError:
        reporter.stop()
        print(
            "lowback: error: a worker process stopped unexpectedly; "
            "check again with -j 1",
            file=sys.stderr,
        )
        return USAGE
    except KeyboardInterrupt:
        reporter.stop()
        raise
    reporter.close(tally, time.perf_counter() - started)
    for error in tally.errors:
        print(f"lowback: error: {error}", file=sys.stderr)
    if tally.errors:
        return USAGE
    return PROBLEMS if tally.problems else OK


def _check(
    files: list[str],
    args: argparse.Namespace,
    tally: Tally,
    reporter: Reporter,
) -> None:
    """
    Check *files* in ``args.jobs`` processes, in order.

    File by file, until ``--max-problems`` is reached.
    """
    pieces = cut(files)
    progress = Progress(len(files), sum(p.size for p in pieces))
    steps = run(
        pieces,
        jobs=args.jobs or usable_cores(),
        max_bytes=args.max_bytes,
        max_depth=args.max_depth,
        kind=args.kind,
    )
    reporter.progress(progress)
    with contextlib.closing(steps):
        for step in steps:
            progress.advance(step)
            reporter.progress(progress)
            if step.result is None:
                continue
            if isinstance(step.result, FileReadError):
                tally.errors.append(step.result)
                continue
            tally.add(step.result)
            if _show(step.result, tally, reporter, args.max_problems):
                return


def _show(
    result: FileReport, tally: Tally, reporter: Reporter, limit: int | None
) -> bool:
    """
    Show the problems of one file; True when the limit is reached.
    """
    for problem in result.report:
        tally.shown.append(problem)
        reporter.problem(problem)
        if limit is not None and len(tally.shown) >= limit:
            tally.truncated = True
            return True
    return False
