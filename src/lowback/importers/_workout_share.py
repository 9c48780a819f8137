"""
workout-share: a YAML programme of workouts of exercises.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._checks import describe
from .._errors import ContentError
from .._pointer import pointer_from
from .._problems import Problem, Report
from ._common import (
    WHY_NOT,
    Dataset,
    Draft,
    clean_text,
    fail,
    show,
    unmapped,
    whole,
)
from ._record import Record, finish

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


def drafts(
    data: object, dataset: Dataset, path: str | None
) -> tuple[Draft, ...]:
    if not isinstance(data, dict):
        raise fail(
            "",
            "not-an-object",
            "a workout-share program must be an object with 'workouts', "
            f"got {describe(data)}",
            path,
        )
    if "workouts" not in data and "phases" not in data:
        raise fail(
            "/workouts",
            "missing-field",
            "a workout-share program must have 'workouts'",
            path,
        )
    problems: list[Problem] = []
    entries = list(_workout_share_entries(data, problems, path))
    if problems:
        raise ContentError(Report(tuple(problems)))
    program = clean_text(data.get("program_name"))
    author = data.get("author")
    file = Path(path).name if path else None
    label = f"program {program!r}" if program else "a program"
    if file:
        label += f" ({file})"
    provenance = _Program(dataset, label, author)
    return finish(
        (
            _workout_share_record(ptr, entry, group, provenance)
            for ptr, entry, group in entries
        ),
        "workout-share",
    )


@attrs.frozen
class _Program:
    """
    What the provenance of each exercise of a workout-share program says.
    """

    dataset: Dataset
    label: str
    author: object


def _array(
    container: Mapping[Any, Any],
    key: str,
    at: tuple[str | int, ...],
    problems: list[Problem],
    path: str | None,
) -> list[Any]:
    value = container.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(
            Problem(
                pointer=pointer_from((*at, key)),
                code="wrong-type",
                message=f"{key!r} must be an array, got {describe(value)}",
                file=path,
            )
        )
        return []
    return value


def _objects(
    container: Mapping[Any, Any],
    key: str,
    at: tuple[str | int, ...],
    problems: list[Problem],
    path: str | None,
) -> Iterator[tuple[tuple[str | int, ...], dict[Any, Any]]]:
    for i, item in enumerate(_array(container, key, at, problems, path)):
        if isinstance(item, dict):
            yield (*at, key, i), item
        else:
            problems.append(
                Problem(
                    pointer=pointer_from((*at, key, i)),
                    code="wrong-type",
                    message=f"each of {key!r} must be an object, got "
                    f"{describe(item)}",
                    file=path,
                )
            )


def _workout_share_entries(
    program: Mapping[Any, Any], problems: list[Problem], path: str | None
) -> Iterator[tuple[str, object, tuple[str, Mapping[Any, Any]] | None]]:
    """
    Every exercise of a program, with its pointer.

    For one inside a superset or circuit, also that group's pointer and
    entry.
    """
    workouts = list(_objects(program, "workouts", (), problems, path))
    for at, phase in _objects(program, "phases", (), problems, path):
        workouts += _objects(phase, "workouts", at, problems, path)
    for at, workout in workouts:
        lists = [(at, workout)]
        lists += _objects(workout, "sections", at, problems, path)
        for where, holder in lists:
            for i, entry in enumerate(
                _array(holder, "exercises", where, problems, path)
            ):
                pointer = (*where, "exercises", i)
                if isinstance(entry, dict) and "exercises" in entry:
                    group = (pointer_from(pointer), entry)
                    for j, child in enumerate(
                        _array(entry, "exercises", pointer, problems, path)
                    ):
                        child_at = pointer_from((*pointer, "exercises", j))
                        yield child_at, child, group
                else:
                    yield pointer_from(pointer), entry, None


def _workout_share_record(
    pointer: str,
    entry: object,
    group: tuple[str, Mapping[Any, Any]] | None,
    program: _Program,
) -> Record:
    draft = Record(pointer, ())
    notes = draft.notes
    draft.fields["language"] = "en"
    draft.provenance(
        program.dataset.source(f"{pointer} of {program.label}"),
        program.dataset.licence,
        program.author,
    )
    if not isinstance(entry, dict):
        notes.append(f"the entry is {describe(entry)}, not an exercise")
        return draft
    draft.id_from = (entry.get("name"),)
    draft.name(entry.get("name"))
    dose: dict[str, Any] = {}
    repetitions = _repetitions(entry.get("reps"), notes)
    if repetitions is not None:
        dose["repetitions"] = repetitions
    sets = _sets(entry, group, notes)
    if sets is not None:
        dose["sets"] = {"min": sets, "max": sets}
    if dose:
        draft.fields["dose"] = dose
    if group is not None:
        kind = group[1].get("type")
        notes.append(
            f"part of the {show(kind) if kind else 'group'} at {group[0]}: "
            f"{WHY_NOT['type']}"
        )
    unmapped(entry, ("name", "reps", "sets"), notes)
    return draft


_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)")
_TIME = re.compile(
    r"\d+(?:\s*-\s*\d+)?\s*(?:s|sec|secs|seconds?|min|mins|minutes?)",
    re.IGNORECASE,
)
_EACH_SIDE = re.compile(r"\d+\s+e/s", re.IGNORECASE)


def _repetitions(reps: object, notes: list[str]) -> dict[str, int] | None:
    """
    Repetitions from a workout-share ``reps``, only when unambiguous.

    That is a whole number, or a range such as ``"8-12"``.
    """
    if reps is None:
        return None
    count = whole(reps)
    if count is None and isinstance(reps, str) and reps.strip().isdecimal():
        count = int(reps.strip())
    if count is not None:
        return {"min": count, "max": count}
    text = reps.strip() if isinstance(reps, str) else ""
    match = _RANGE.fullmatch(text)
    if match and int(match[1]) <= int(match[2]):
        return {"min": int(match[1]), "max": int(match[2])}
    if _TIME.fullmatch(text):
        why = (
            "it is a time, not a count: a hold written as repetitions, "
            "and a lowback hold belongs to a phase the record does not name"
        )
    elif _EACH_SIDE.fullmatch(text):
        why = "'e/s' (each side) leaves open whether it counts repetitions "
        why += "or seconds, and which side goes first"
    elif match:
        why = "the range runs backwards"
    else:
        why = "it is not a whole number or a range of repetitions"
    notes.append(f"reps {show(reps)} not mapped: {why}")
    return None


def _sets(
    entry: Mapping[Any, Any],
    group: tuple[str, Mapping[Any, Any]] | None,
    notes: list[str],
) -> int | None:
    if "sets" in entry:
        sets = whole(entry["sets"])
        if sets is None:
            notes.append(
                f"sets {show(entry['sets'])} not mapped: not a whole number"
            )
        return sets
    if group is None:
        return None
    key = "rounds" if "rounds" in group[1] else "sets"
    rounds = whole(group[1].get(key))
    if rounds is not None:
        notes.append(
            f"sets are the {rounds} {key} of the group at {group[0]}, each "
            "doing this exercise once"
        )
    return rounds
