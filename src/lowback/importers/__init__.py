"""
Importers: lowback exercise drafts from open exercise datasets.

One module a source, sharing `_common`:

- ``free-exercise-db``: its ``dist/exercises.json``;
- ``wger``: Django fixture records, or a folder of them;
- ``exercemus``: its ``exercises.json``;
- ``workout-share``: one program, YAML or JSON.

An importer turns what the fields of one dataset say into an exercise
document, and nothing more: what a record does not say is left out, so
validating the draft names exactly what it lacks, and what a record says
that lowback cannot hold goes into the draft's notes.
Use it as ``lowback.importers``: it is loaded on first use.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import attrs

from .._checks import describe
from .._errors import FileReadError, InvalidValueError
from .._io import read_file
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


def _dataset(source: object, commit: object) -> Dataset:
    if not isinstance(source, str) or source not in DATASETS:
        known = ", ".join(repr(s) for s in SOURCES)
        raise InvalidValueError(
            "source",
            source,
            f"source: expected one of {known}, got {describe(source)}",
        )
    dataset = DATASETS[source]
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
        commit: The dataset's commit, for the provenance; by default the
            commit of the snapshot lowback was tested against.

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
    dataset = _dataset(source, commit)
    if not isinstance(data, (bytes, str)):
        raise InvalidValueError(
            "data",
            data,
            f"data: expected bytes or text, got {describe(data)}",
        )
    file = _path(path) if path is not None else None
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
) -> tuple[Draft, ...]:
    """
    Read what one dataset needs from *path* and convert it into drafts.

    For ``"wger"``, *path* may be a folder: every ``.json`` file under it
    is read as Django fixtures, so the folder of exercise fixtures with
    its ``core`` lookup tables (licences, languages) gives every draft
    its language, licence, equipment and target areas.
    For the other sources, *path* is the one file `import_records` reads.

    Args:
        source: One of `SOURCES`.
        path: A file, or for wger a folder.
        commit: As for `import_records`.

    Returns:
        The drafts, as `import_records` returns them.

    Raises:
        FileReadError: If a file is missing or unreadable, or a wger
            folder has no ``.json`` files.
        InvalidValueError: As for `import_records`.
        ContentError: As for `import_records`, naming the file.
    """
    dataset = _dataset(source, commit)
    folder = Path(_path(path))
    if source != "wger" or not folder.is_dir():
        return import_records(
            source, read_file(path), path=path, commit=commit
        )
    files = sorted(p for p in folder.rglob("*.json") if p.is_file())
    if not files:
        raise FileReadError(os.fspath(path), "no .json fixture files in it")
    index = _wger.Index()
    for file in files:
        name = os.fspath(file)
        _wger.index_file(read_json(read_file(file), name), name, index)
    return _wger.index_drafts(index, dataset)


__all__ = ["SOURCES", "Draft", "import_path", "import_records"]
