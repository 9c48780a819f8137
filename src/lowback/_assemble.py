"""
Exercise documents put together into one catalog: ``lowback assemble``.

Each file is checked as ``lowback validate`` checks it, and a library
default that ``lowback import`` proposed and no person confirmed is a
problem too; every problem names its file. A catalog is made only from
files without problems.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._checks import describe
from ._errors import FileReadError
from ._io import read_file
from ._json import parse
from ._pointer import pointer_from
from ._problems import Problem, Report
from ._schemas import FORMAT_VERSION
from ._validation import validate
from .importers._common import TO_CONFIRM

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

#: The keys of an exercise document that a catalog's exercise leaves out.
_HEADER: Final = ("$schema", "type", "format_version")


def exercise_files(paths: Iterable[str]) -> list[str]:
    """
    Return the files *paths* name, in order.

    A file is taken as given; a folder gives the ``.json`` files under
    it, hidden ones left out.

    Raises:
        FileReadError: If a path names nothing, or a folder no file.
    """
    found: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            files = _json_files(path)
            if not files:
                raise FileReadError(path, "no .json files in it")
            found += files
        elif Path(path).exists():
            found.append(path)
        else:
            raise FileReadError(path, "No such file or directory")
    return found


def _json_files(folder: str) -> list[str]:
    files = []
    for top, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        files += [
            os.path.join(top, name)  # noqa: PTH118
            for name in sorted(names)
            if name.endswith(".json") and not name.startswith(".")
        ]
    return files


def _unconfirmed(exercise: dict[str, Any]) -> list[Problem]:
    defaults = exercise.get("library_defaults")
    return [
        Problem(
            pointer=pointer_from(("library_defaults", i, "note")),
            code="unconfirmed",
            message=f"the value at {d['pointer']} was proposed by lowback "
            "import from the steps' words and is not confirmed: check it "
            f"against the source, then take {TO_CONFIRM.strip()!r} out of "
            "this note",
        )
        for i, d in enumerate(defaults if isinstance(defaults, list) else ())
        if isinstance(d, dict)
        and isinstance(d.get("note"), str)
        and d["note"].startswith(TO_CONFIRM)
        and isinstance(d.get("pointer"), str)
    ]


def _exercise(path: str, seen: dict[str, str]) -> tuple[Any, list[Problem]]:
    """
    Return the exercise of one file and its problems, named by the file.
    """
    document, parsed = parse(read_file(path))
    problems = list(parsed)
    if not problems:
        if isinstance(document, dict) and document.get("type") == "exercise":
            problems = [*validate(document), *_unconfirmed(document)]
        else:
            what = (
                f"a {document['type']} document"
                if isinstance(document, dict)
                and isinstance(document.get("type"), str)
                else describe(document)
            )
            problems = [
                Problem(
                    pointer="",
                    code="wrong-document-type",
                    message=f"expected an exercise document, got {what}",
                )
            ]
    if not problems:
        earlier = seen.setdefault(document["id"], path)
        if earlier != path:
            problems = [
                Problem(
                    pointer="/id",
                    code="duplicate-id",
                    message=f"the id {document['id']!r} is also that of "
                    f"the exercise in {earlier}",
                )
            ]
    return document, [attrs.evolve(p, file=path) for p in problems]


def assemble(
    paths: Sequence[str], *, catalog_id: str, title: str, language: str
) -> tuple[dict[str, Any], Report]:
    """
    Put the exercise documents of *paths* together into a catalog.

    Returns:
        The catalog document and every problem found, each naming its
        file; the catalog is only of use when there are none.

    Raises:
        FileReadError: If a path cannot be read.
    """
    seen: dict[str, str] = {}
    exercises, problems = [], []
    for path in exercise_files(paths):
        document, found = _exercise(path, seen)
        problems += found
        if not found:
            exercises.append(
                {k: v for k, v in document.items() if k not in _HEADER}
            )
    catalog = {
        "type": "catalog",
        "format_version": FORMAT_VERSION,
        "id": catalog_id,
        "title": title,
        "language": language,
        "safety_notices": [],
        "exercises": exercises,
    }
    if not problems:
        problems += validate(catalog)
    return catalog, Report(tuple(problems))
