"""
Importers: lowback exercise drafts from open exercise datasets.

One module a source, sharing `_common`:

- ``free-exercise-db``: its ``dist/exercises.json``;
- ``wger``: Django fixture records, or a folder of them;
- ``exercemus``: its ``exercises.json``;
- ``workout-share``: one program, YAML or JSON.

An importer turns what the fields of one dataset say into an exercise
document, and proposes the position and dose its steps say in words,
each marked to confirm (`_inferred`): what a record does not say is left
out, so validating the draft names exactly what it lacks, and what a
record says that lowback cannot hold goes into the draft's notes.
Use it as ``lowback.importers``: it is loaded on first use.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import attrs

from .._checks import describe
from .._errors import ContentError, FileReadError, InvalidValueError
from .._io import read_file
from .._problems import Problem, Report
from . import _exercemus, _free_exercise_db, _wger, _workout_share
from ._common import COMMIT, DATASETS, Dataset, Draft, read_json, read_yaml

#: The datasets lowback imports, by the name `import_records` takes.
SOURCES: Final = ("free-exercise-db", "wger", "exercemus", "workout-share")


_IMPORTERS: Final = {
    "free-exercise-db": _free_exercise_db.drafts,
    "wger": _wger.drafts,
    "exercemus": _exercemus.drafts,
    "workout-share": _workout_share.drafts,
}


def _path(path: object) -> str:
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidValueError(
            "path", path, f"path: expected a file path, got {describe(path)}"
        )
    return os.fspath(path)


def _dataset(
    source: object, commit: object, path: str | None = None
) -> Dataset:
    if not isinstance(source, str) or source not in DATASETS:
        known = ", ".join(repr(s) for s in SOURCES)
        raise InvalidValueError(
            "source",
            source,
            f"source: expected one of {known}, got {describe(source)}",
        )
    dataset = DATASETS[source]
    if path is not None:
        dataset = attrs.evolve(dataset, read_from=Path(path).name or path)
    if commit is None:
        return dataset
    if not isinstance(commit, str) or not COMMIT.fullmatch(commit):
        raise InvalidValueError(
            "commit",
            commit,
            "commit: expected a git commit id of 7 to 40 lowercase hex "
            f"digits, got {describe(commit)}",
        )
    return attrs.evolve(dataset, commit=commit)


def import_records(
    source: str,
    data: bytes | str,
    *,
    path: str | os.PathLike[str] | None = None,
    commit: str | None = None,
) -> tuple[Draft, ...]:
    """
    Convert the records of one dataset file into lowback exercise drafts.

    Each record becomes one `Draft` holding only what the record says,
    with the report of what it lacks and notes on what was not mapped.
    A record that makes no sense still becomes a draft, which says so.

    Args:
        source: One of `SOURCES`: ``"free-exercise-db"`` (its
            ``dist/exercises.json``), ``"wger"`` (Django fixture records,
            such as the exercise and core fixtures concatenated; see
            `import_path` for a folder), ``"exercemus"`` (its
            ``exercises.json``) or ``"workout-share"`` (one program, YAML
            or JSON).
        data: The file's content, as UTF-8 bytes or text.
        path: Where the data was read from, for messages and, for
            workout-share, the provenance.
        commit: The dataset's commit, for the provenance. Only with it
            does a draft name the dataset's repository and file; without
            it, the provenance names the format and the file read (its
            name, not its folder), since nothing says where that file
            comes from.

    Returns:
        The drafts, in the order of the records, with unique ids.

    Raises:
        InvalidValueError: If *source* or *commit* is not one lowback
            knows, or workout-share YAML cannot be read or reuses a
            value by an alias (``*name``), which lowback refuses.
        ContentError: If the data is not JSON, or not shaped as *source*
            needs (an array of records, say), with a report that says
            where.
    """
    file = _path(path) if path is not None else None
    dataset = _dataset(source, commit, file)
    if not isinstance(data, (bytes, str)):
        raise InvalidValueError(
            "data",
            data,
            f"data: expected bytes or text, got {describe(data)}",
        )
    text = data.lstrip()
    if source == "workout-share" and text[:1] not in {b"{", "{"}:
        parsed = read_yaml(data, file)
    else:
        parsed = read_json(data, file)
    return _IMPORTERS[source](parsed, dataset, file)


def import_path(
    source: str,
    path: str | os.PathLike[str],
    *,
    commit: str | None = None,
    skipped: list[Problem] | None = None,
) -> tuple[Draft, ...]:
    """
    Read what one dataset needs from *path* and convert it into drafts.

    For ``"wger"``, *path* may be a folder: every ``.json`` file under it
    is read as Django fixtures, so the folder of exercise fixtures with
    its ``core`` lookup tables (licences, languages) gives every draft
    its language, licence, equipment and target areas. Hidden folders
    (such as ``.git``) and ``node_modules`` are not read.
    For the other sources, *path* is the one file `import_records` reads.

    Args:
        source: One of `SOURCES`.
        path: A file, or for wger a folder.
        commit: As for `import_records`.
        skipped: For a wger folder, a list to which each file that is
            not JSON fixtures, and each record that cannot be read (such
            as one whose ``pk`` is an object), is added as a located
            problem; the import goes on without them. Without it, they
            are raised together, once every file is read.

    Returns:
        The drafts, as `import_records` returns them.

    Raises:
        FileReadError: If a file is missing or unreadable, or a wger
            folder has no ``.json`` files.
        InvalidValueError: As for `import_records`.
        ContentError: As for `import_records`, naming the file; for a
            wger folder without *skipped*, every file and record left
            out.
    """
    folder = Path(_path(path))
    if source != "wger" or not folder.is_dir():
        return import_records(
            source, read_file(path), path=path, commit=commit
        )
    dataset = _dataset(source, commit, os.fspath(path))
    return _wger_folder(folder, dataset, skipped)


def _wger_folder(
    folder: Path, dataset: Dataset, skipped: list[Problem] | None
) -> tuple[Draft, ...]:
    files = _fixture_files(folder)
    if not files:
        raise FileReadError(os.fspath(folder), "no .json fixture files in it")
    index = _wger.Index()
    problems: list[Problem] = []
    for file in files:
        name = os.fspath(file)
        try:
            data = read_json(read_file(file), name)
        except ContentError as e:
            problems += e.report
            continue
        problems += _wger.index_file(data, name, index)
    if skipped is not None:
        skipped += problems
    elif problems:
        raise ContentError(Report(tuple(problems)))
    return _wger.index_drafts(index, dataset)


#: Folders a wger checkout has that hold no fixtures of its own.
_VENDOR: Final = frozenset({"node_modules", "vendor", "site-packages"})


def _fixture_files(folder: Path) -> list[Path]:
    """
    Return the ``.json`` files under *folder*, in order.

    Hidden folders (``.git``) and vendored ones (``node_modules``) are
    not entered, nor are links to folders followed.
    """
    found = []
    for top, folders, names in os.walk(folder):
        folders[:] = sorted(
            f for f in folders if not f.startswith(".") and f not in _VENDOR
        )
        found += [
            Path(top, n)
            for n in names
            if n.endswith(".json")
            and not n.startswith(".")
            and Path(top, n).is_file()
        ]
    return sorted(found)


__all__ = ["SOURCES", "Draft", "import_path", "import_records"]
