"""
Checking many files: folders, globs, JSON and JSON Lines.

JSON Lines files are read one line at a time, so their size does not
matter; each problem carries the line it was found on.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final

import attrs

from .._checks import describe
from .._errors import FileReadError, InvalidValueError
from .._io import read_file
from .._json import MAX_BYTES, MAX_DEPTH
from .._problems import Problem, Report
from ._fast import valid_text
from ._validate import Engine, InputKind, bound, is_fast, validate_text

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

#: Endings of the files a folder is searched for.
SUFFIXES = (".json", ".jsonl")
_GLOB_CHARS = frozenset("*?[")


@attrs.frozen(kw_only=True)
class FileReport:
    """
    What checking one file found.

    Args:
        file: The path as given or found.
        documents: Documents checked: 1 for JSON, one a line for JSON
            Lines.
        invalid: Documents with one or more problems.
        report: Every problem, each with the file and, for JSON Lines,
            the line.
    """

    file: str
    documents: int
    invalid: int
    report: Report

    @property
    def valid(self) -> bool:
        """
        True when no document of the file has a problem.
        """
        return self.report.valid


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """
    Return the files that *paths* name, in a stable order.

    A file is taken as it is; a folder is searched recursively for
    ``.json`` and ``.jsonl`` files (hidden files and folders skipped) and
    must hold one; a pattern
    with ``*``, ``?`` or ``[`` is expanded as a glob, ``**`` included.

    Raises:
        FileReadError: If a path does not exist, or a folder or a pattern
            gives no file.
    """
    found: list[str] = []
    for raw in paths:
        if not isinstance(raw, (str, os.PathLike)):
            raise InvalidValueError(
                "paths", raw, f"paths: expected a path, got {raw!r}"
            )
        path = os.fspath(raw)
        if _GLOB_CHARS & set(path) and not Path(path).exists():
            matches = sorted(glob.glob(path, recursive=True))  # noqa: PTH207
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                raise FileReadError(path, "no file matches this pattern")
            found.extend(files)
        elif Path(path).is_dir():
            files = list(_walk(Path(path)))
            if not files:
                raise FileReadError(path, "no .json or .jsonl file in it")
            found.extend(files)
        elif Path(path).exists():
            found.append(path)
        else:
            raise FileReadError(path, "No such file or directory")
    return list(dict.fromkeys(found))


def _walk(folder: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SUFFIXES) and not name.startswith("."):
                yield str(Path(root) / name)


def check_file(
    path: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    engine: Engine = "auto",
    kind: InputKind | None = None,
) -> FileReport:
    """
    Check one file; ``.jsonl`` files line by line, others as one document.

    *kind* checks each as a routine spec or pain reports (see `validate`).

    Raises:
        FileReadError: If the file cannot be read.
    """
    if path.endswith(".jsonl"):
        # Which engine "auto" means is settled once for the whole file.
        part = scan_lines(
            path,
            max_bytes=max_bytes,
            max_depth=max_depth,
            engine="fast" if is_fast(engine) else "reference",
            kind=kind,
        )
        return lines_report(path, [part])
    report = validate_text(
        read_file(path, bound("max_bytes", max_bytes)),
        file=path,
        max_bytes=max_bytes,
        max_depth=max_depth,
        engine=engine,
        kind=kind,
    )
    return FileReport(
        file=path, documents=1, invalid=int(not report.valid), report=report
    )


def validate_line(  # noqa: PLR0913  # long: a public API's docstring
    data: str | bytes,
    *,
    file: str | None = None,
    line: int = 1,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    engine: Engine = "auto",
    kind: InputKind | None = None,
) -> Report:
    """
    Check one line of a JSON Lines file, as ``lowback validate`` does.

    The line is one document; a line break at its end is dropped, and a
    blank line is no document, so it has no problem.
    Each problem carries *file* and *line*, and its column within the
    line, so the problems of every line of a file, in order, are those
    that `validate_many` and ``lowback validate`` report for that file.
    It holds no state, so it can be sent to other processes and
    machines, such as the workers of Dask or Spark.

    Args:
        data: The line, as UTF-8 bytes or text.
        file: The file's name, to put on each problem.
        line: The line's number in its file, from 1.
        max_bytes: Refuse larger documents.
        max_depth: Refuse deeper nesting.
        engine: Which engine checks it; both find the same problems.
        kind: What to check it as, if not the document type it says
            (see `validate`).

    Returns:
        The report of the line's problems.

    Raises:
        InvalidValueError: If an argument is of the wrong type.
    """
    given: object = data  # its type is checked by validate_text
    if isinstance(given, bytes):
        data = given.rstrip(b"\r\n")
    elif isinstance(given, str):
        data = given.rstrip("\r\n")
    blank = isinstance(given, (str, bytes)) and not data.strip()
    if type(line) is not int or line < 1:
        raise InvalidValueError(
            "line",
            line,
            f"line: expected a whole number from 1, got {describe(line)}",
        )
    if blank:
        return Report()  # a blank line is no document
    report = validate_text(
        data,
        file=file,
        max_bytes=max_bytes,
        max_depth=max_depth,
        engine=engine,
        kind=kind,
    )
    if report.valid:
        return report
    return Report(
        tuple(attrs.evolve(p, line=line + (p.line or 1) - 1) for p in report)
    )


@attrs.frozen(kw_only=True)
class Lines:
    """
    What a stretch of a JSON Lines file holds.

    Args:
        lines: Lines read, blank ones too.
        documents: Documents checked, one a line that is not blank.
        invalid: Documents with one or more problems.
        problems: Their problems, lines counted from the stretch's first.
    """

    lines: int
    documents: int
    invalid: int
    problems: tuple[Problem, ...]


def scan_lines(  # noqa: PLR0913 - all but one keyword-only
    path: str,
    *,
    start: int = 0,
    end: int | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    engine: Engine = "auto",
    kind: InputKind | None = None,
) -> Lines:
    """
    Check the lines of a JSON Lines file, one at a time.

    Those that start from byte *start* to before byte *end* (to the
    file's end when None) are checked.

    Stretches that meet, one after the other, hold each line once.

    Raises:
        FileReadError: If the file cannot be read.
    """
    problems: list[Problem] = []
    lines = documents = invalid = 0
    max_bytes = bound("max_bytes", max_bytes)
    max_depth = bound("max_depth", max_depth)
    fast = is_fast(engine)
    try:
        with open(path, "rb") as stream:  # noqa: PTH123
            for lines, raw in _numbered(stream, start, end, max_bytes):
                if not raw.strip():
                    continue
                documents += 1
                # Most lines are valid: the fast engine alone says so.
                if (
                    fast
                    and kind is None
                    and valid_text(raw.rstrip(b"\r\n"), max_bytes, max_depth)
                ):
                    continue
                report = validate_line(
                    raw,
                    file=path,
                    line=lines,
                    max_bytes=max_bytes,
                    max_depth=max_depth,
                    engine=engine,
                    kind=kind,
                )
                if not report.valid:
                    invalid += 1
                    problems.extend(report)
    except OSError as e:
        raise FileReadError(path, e.strerror or type(e).__name__) from e
    return Lines(
        lines=lines,
        documents=documents,
        invalid=invalid,
        problems=tuple(problems),
    )


def _numbered(
    stream: BinaryIO, start: int, end: int | None, limit: int
) -> Iterator[tuple[int, bytes]]:
    """
    Yield each line of a stretch, blank ones too, numbered from 1.

    Those that start from byte *start* to before byte *end* are yielded;
    each is cut to *limit* + 1 bytes (see `_lines`).
    """
    position = start
    if start:
        # A line that starts before the stretch is the one before's.
        stream.seek(start - 1)
        position += _rest_of_line(stream, b"") - 1
    for number, (raw, length) in enumerate(_lines(stream, limit), 1):
        if end is not None and position >= end:
            return
        position += length
        yield number, raw


#: How much of a line too long to check is read at a time, to skip it.
_SKIP: Final = 1 << 20


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[bytes, int]]:
    """
    Yield each line of *stream* and its length, cut to *limit* + 1 bytes.

    A longer line is too large anyway: the rest of it is read in pieces
    and dropped, so that no line costs more memory than the limit.
    """
    while True:
        raw = stream.readline(limit + 2)  # one over the limit, and "\n"
        if not raw:
            return
        length = len(raw)
        if length == limit + 2 and not raw.endswith(b"\n"):
            length = _rest_of_line(stream, raw)
            raw = raw[: limit + 1]
        yield raw, length


def _rest_of_line(stream: BinaryIO, begun: bytes) -> int:
    """
    Read to the end of the line begun with *begun*; return its length.
    """
    length = len(begun)
    while not begun.endswith(b"\n"):
        begun = stream.readline(_SKIP)
        if not begun:
            break
        length += len(begun)
    return length


def lines_report(path: str, parts: Iterable[Lines]) -> FileReport:
    """
    The report of a JSON Lines file from its stretches, in order.
    """
    problems: list[Problem] = []
    lines = documents = invalid = 0
    for part in parts:
        problems.extend(
            attrs.evolve(p, line=(p.line or 1) + lines) if lines else p
            for p in part.problems
        )
        lines += part.lines
        documents += part.documents
        invalid += part.invalid
    if not documents:
        problems.append(
            Problem(
                pointer="",
                code="empty-document",
                message="the JSON Lines file has no document",
                file=path,
                line=1,
                column=1,
            )
        )
        documents = invalid = 1
    return FileReport(
        file=path,
        documents=documents,
        invalid=invalid,
        report=Report(tuple(problems)),
    )


def validate_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    engine: Engine = "auto",
    kind: InputKind | None = None,
) -> tuple[FileReport, ...]:
    """
    Check files, folders and globs of lowback documents.

    Unlike `validate_file`, which returns one `Report`, this returns a
    `FileReport` for each file: one file of JSON Lines holds many
    documents, and a check over many files counts them.

    Args:
        paths: Files, folders (searched for ``.json`` and ``.jsonl``) and
            glob patterns.
        max_bytes: Refuse larger documents (each line, for JSON Lines).
        max_depth: Refuse deeper nesting.
        engine: Which engine checks them; both find the same problems.
        kind: Check each as a routine spec or pain reports (see
            `validate`).

    Returns:
        One `FileReport` a file, in the order found.

    Raises:
        FileReadError: If a path does not exist or cannot be read.
        InvalidValueError: If an argument is of the wrong type.
    """
    if isinstance(paths, (str, bytes, os.PathLike)) or not hasattr(
        paths, "__iter__"
    ):
        raise InvalidValueError(
            "paths",
            paths,
            "paths: expected a list of paths; wrap one path in a list",
        )
    return tuple(
        check_file(
            path,
            max_bytes=max_bytes,
            max_depth=max_depth,
            engine=engine,
            kind=kind,
        )
        for path in expand(paths)
    )
