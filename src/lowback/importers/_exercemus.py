"""
exercemus: one object, with two lists of records in two shapes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._checks import describe
from .._pointer import pointer_from
from ._common import Dataset, Draft, clean_text, fail, show, unmapped
from ._record import Record, finish
from ._steps import sentences, steps_from_list
from ._vocabulary import equipment_slugs, kind_of, list_of, spdx_id

if TYPE_CHECKING:
    from collections.abc import Mapping


def drafts(
    data: object, dataset: Dataset, path: str | None
) -> tuple[Draft, ...]:
    if not isinstance(data, dict):
        raise fail(
            "",
            "not-an-object",
            "exercemus data must be a JSON object with an 'exercises' "
            f"array, got {describe(data)}",
            path,
        )
    if "exercises" not in data and "exercises_to_merge" not in data:
        raise fail(
            "/exercises",
            "missing-field",
            "exercemus data has no 'exercises' array",
            path,
        )
    records = []
    for key in ("exercises", "exercises_to_merge"):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise fail(
                f"/{key}",
                "wrong-type",
                f"{key!r} must be an array of exercise records, got "
                f"{describe(items)}",
                path,
            )
        records += [
            _exercemus_record(pointer_from((key, i)), item, dataset)
            for i, item in enumerate(items)
        ]
    return finish(records, "exercemus")


def _exercemus_record(
    pointer: str, record: object, dataset: Dataset
) -> Record:
    draft = Record(pointer, ())
    notes = draft.notes
    draft.fields["language"] = "en"
    where = pointer
    if not isinstance(record, dict):
        notes.append(f"the record is {describe(record)}, not an object")
        draft.provenance(dataset.source(where), dataset.licence)
        return draft
    draft.id_from = (record.get("name"),)
    draft.name(record.get("name"))
    kind = kind_of(record.get("category"), notes)
    if kind is not None:
        draft.fields["kind"] = kind
    slugs = equipment_slugs(list_of(record, "equipment", notes), notes)
    if slugs is not None:
        draft.fields["equipment"] = slugs
    if "primary_muscles" in record or "secondary_muscles" in record:
        draft.targets(
            list_of(record, "primary_muscles", notes)
            + list_of(record, "secondary_muscles", notes)
        )
    handled = ["name", "category", "equipment", "primary_muscles"]
    handled += ["secondary_muscles", "license", "license_author"]
    if "instructions" in record:
        handled.append("instructions")
        draft.steps(
            steps_from_list(record["instructions"], "instructions", notes)
        )
    elif "description" in record:
        # The second shape, from wger, has prose only.
        handled.append("description")
        description = clean_text(record["description"])
        if description is None:
            notes.append("the description is empty: no steps")
        else:
            draft.steps([{"text": s} for s in sentences(description)])
            notes.append(
                "steps split from the prose description into sentences"
            )
    licence, author = _exercemus_licence(record, dataset, notes)
    draft.provenance(dataset.source(where), licence, author)
    unmapped(record, handled, notes)
    return draft


def _exercemus_licence(
    record: Mapping[Any, Any], dataset: Dataset, notes: list[str]
) -> tuple[str, object]:
    licence = record.get("license")
    author = record.get("license_author")
    if licence is None:
        notes.append(
            "no licence of its own: the repository's MIT licence applies; "
            "the text comes from wrkout/exercises.json (the Unlicense)"
        )
        return dataset.licence, author
    name = licence.get("short_name") if isinstance(licence, dict) else None
    spdx = spdx_id(name)
    if spdx is None:
        notes.append(
            f"licence {show(name if name is not None else licence)} has "
            "no known SPDX id; licence given as NOASSERTION"
        )
        return "NOASSERTION", author
    if clean_text(author) is None:
        notes.append("license_author is empty")
    return spdx, author
