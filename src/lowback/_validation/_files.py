"""
Checking many files: folders, globs, JSON and JSON Lines.

JSON Lines files are read one line at a time, so their size does not
matter; each problem carries the line it was found on.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from .._errors import FileReadError, InvalidValueError
from .._io import read_file
from .._json import MAX_BYTES, MAX_DEPTH
from .._problems import Problem, Report
from ._validate import Engine, is_fast, validate_text

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
) -> FileReport:
    """
    Check one file; ``.jsonl`` files line by line, others as one document.

    Raises:
        FileReadError: If the file cannot be read.
    """
    if path.endswith(".jsonl"):
        return _check_lines(
            path, max_bytes=max_bytes, max_depth=max_depth, engine=engine
        )
    report = validate_text(
        read_file(path),
        file=path,
        max_bytes=max_bytes,
        max_depth=max_depth,
        engine=engine,
    )
    return FileReport(
        file=path, documents=1, invalid=int(not report.valid), report=report
    )


def _check_lines(
    path: str, *, max_bytes: int, max_depth: int, engine: Engine
) -> FileReport:
    problems: list[Problem] = []
    documents = invalid = 0
    # Which engine "auto" means is settled once for the whole file.
    engine = "fast" if is_fast(engine) else "reference"
    try:
        with open(path, "rb") as lines:  # noqa: PTH123
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                documents += 1
                report = validate_text(
                    line.rstrip(b"\r\n"),
                    file=path,
                    max_bytes=max_bytes,
                    max_depth=max_depth,
                    engine=engine,
                )
                if not report.valid:
                    invalid += 1
                    problems.extend(
                        attrs.evolve(p, line=number + (p.line or 1) - 1)
                        for p in report
                    )
    except OSError as e:
        raise FileReadError(path, e.strerror or type(e).__name__) from e
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
            path, max_bytes=max_bytes, max_depth=max_depth, engine=engine
        )
        for path in expand(paths)
    )
