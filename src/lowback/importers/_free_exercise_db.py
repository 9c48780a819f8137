"""
free-exercise-db: a JSON array of flat records.
"""

from __future__ import annotations

from .._checks import describe
from .._pointer import pointer_from
from ._common import (
    Dataset,
    Draft,
    Record,
    clean_text,
    equipment_slugs,
    fail,
    finish,
    kind_of,
    list_of,
    steps_from_list,
    unmapped,
)



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
            dataset.source(f"item {index} of dist/exercises.json"),
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
    equipment = record.get("equipment")
    if equipment is None:
        notes.append(
            "equipment is null: the record does not say; lowback reads no "
            "equipment as none needed"
        )
    else:
        slugs = equipment_slugs([equipment], notes)
        if slugs is not None:
            draft.fields["equipment"] = slugs
    muscles = list_of(record, "primaryMuscles", notes) + list_of(
        record, "secondaryMuscles", notes
    )
    if "primaryMuscles" in record or "secondaryMuscles" in record:
        draft.targets(muscles)
    draft.steps(
        steps_from_list(record.get("instructions"), "instructions", notes)
    )
    where = (
        f"record {record_id} of dist/exercises.json"
        if record_id
        else f"item {index} of dist/exercises.json"
    )
    draft.provenance(dataset.source(where), dataset.licence)
    unmapped(
        record,
        (
            "id",
            "name",
            "category",
            "equipment",
            "primaryMuscles",
            "secondaryMuscles",
            "instructions",
        ),
        notes,
    )
    return draft
