"""
free-exercise-db: a JSON array of flat records.
"""

from __future__ import annotations

from .._checks import describe
from .._pointer import pointer_from
from ._common import Dataset, Draft, clean_text, fail, unmapped
from ._record import Record, finish
from ._steps import steps_from_list
from ._vocabulary import equipment_slugs, kind_of, list_of


def drafts(
    data: object, dataset: Dataset, path: str | None
) -> tuple[Draft, ...]:
    if not isinstance(data, list):
        raise fail(
            "",
            "wrong-type",
            "free-exercise-db data must be a JSON array of exercise "
            f"records, got {describe(data)}",
            path,
        )
    return finish(
        (_free_exercise_record(i, r, dataset) for i, r in enumerate(data)),
        "free-exercise-db",
    )


def _free_exercise_record(
    index: int, record: object, dataset: Dataset
) -> Record:
    if not isinstance(record, dict):
        draft = Record(pointer_from((index,)), ())
        draft.notes.append(f"the record is {describe(record)}, not an object")
        draft.fields["language"] = "en"
        draft.provenance(
            dataset.source(f"item {index}"),
            dataset.licence,
        )
        return draft
    record_id = clean_text(record.get("id"))
    if type(record.get("id")) is int:
        record_id = str(record["id"])
    draft = Record(
        record_id or pointer_from((index,)),
        (record_id, record.get("name")),
    )
    notes = draft.notes
    draft.name(record.get("name"))
    draft.fields["language"] = "en"
    kind = kind_of(record.get("category"), notes)
    if kind is not None:
        draft.fields["kind"] = kind
    _equipment(draft, record.get("equipment"))
    muscles = list_of(record, "primaryMuscles", notes) + list_of(
        record, "secondaryMuscles", notes
    )
    if "primaryMuscles" in record or "secondaryMuscles" in record:
        draft.targets(muscles)
    draft.steps(
        steps_from_list(record.get("instructions"), "instructions", notes)
    )
    where = f"record {record_id}" if record_id else f"item {index}"
    draft.provenance(dataset.source(where), dataset.licence)
    unmapped(record, _MAPPED, notes)
    return draft


#: The fields of a record that a draft holds.
_MAPPED = (
    "id",
    "name",
    "category",
    "equipment",
    "primaryMuscles",
    "secondaryMuscles",
    "instructions",
)


def _equipment(draft: Record, equipment: object) -> None:
    if equipment is None:
        draft.notes.append(
            "equipment is null: the record does not say; lowback reads no "
            "equipment as none needed"
        )
        return
    slugs = equipment_slugs([equipment], draft.notes)
    if slugs is not None:
        draft.fields["equipment"] = slugs
