"""
The record a draft is built in, and drafts with unique ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from .._schemas import FORMAT_VERSION
from ._common import (
    KEY_ORDER,
    TO_CONFIRM,
    Draft,
    UniqueIds,
    clean_text,
    note_prose_doses,
    show,
    slug_of,
)
from ._inferred import propose
from ._vocabulary import target_slugs

if TYPE_CHECKING:
    from collections.abc import Iterable


@attrs.define
class Record:
    """
    A draft being built: fields of the exercise and notes.
    """

    source_id: str
    #: Text the id is made from, best first.
    id_from: tuple[object, ...]
    fields: dict[str, Any] = attrs.Factory(dict)
    notes: list[str] = attrs.Factory(list)

    def name(self, value: object) -> None:
        text = clean_text(value)
        if text is not None:
            self.fields["name"] = text
        elif value is not None:
            self.notes.append(f"name {show(value)} is not a name")

    def targets(self, muscles: list[Any]) -> None:
        targets = target_slugs(muscles, self.notes)
        if targets:
            self.fields["targets"] = targets
        else:
            self.notes.append("no muscles listed: no target areas")

    def steps(self, steps: list[dict[str, str]]) -> None:
        """
        Take the steps, and propose what they say of position and dose.
        """
        if steps:
            self.fields["steps"] = steps
            # lowback reads doses in English words only.
            language = str(self.fields.get("language", ""))
            if language == "en" or language.startswith("en-"):
                propose(steps, self.fields, self.notes)
            note_prose_doses(steps, self.notes)
            proposed = [
                d["pointer"]
                for d in self.fields.get("library_defaults", ())
                if d["note"].startswith(TO_CONFIRM)
            ]
            if proposed:
                self.notes.append(
                    "read from the steps, to confirm (see library_defaults): "
                    + ", ".join(proposed)
                )

    def provenance(
        self, source: str, licence: str, author: object = None
    ) -> None:
        provenance = {"source": source, "licence": licence}
        name = clean_text(author)
        if name is not None:
            provenance["author"] = name
        self.fields["provenance"] = provenance


def finish(records: Iterable[Record], fallback: str) -> tuple[Draft, ...]:
    """
    Give each record a unique id and make it a draft.
    """
    ids = UniqueIds()
    drafts = []
    for record in records:
        base = ""
        for text in record.id_from:
            base = slug_of(text) if isinstance(text, str) else ""
            if base:
                break
        base = base or slug_of(f"{fallback} {record.source_id}")
        given = ids.give(base)
        notes = list(record.notes)
        if given != base:
            notes.append(
                f"id {base!r} is taken by an earlier record of this "
                f"import; this one is {given!r}"
            )
        fields: dict[str, Any] = {**record.fields, "id": given}
        document: dict[str, Any] = {
            "type": "exercise",
            "format_version": FORMAT_VERSION,
            **{key: fields[key] for key in KEY_ORDER if key in fields},
        }
        drafts.append(
            Draft(
                document=document,
                source_id=record.source_id,
                notes=tuple(notes),
            )
        )
    return tuple(drafts)
