"""
wger: Django fixtures joined by integer keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from .._checks import describe
from .._errors import ContentError
from .._pointer import pointer_from
from .._problems import Problem, Report
from ._common import Dataset, Draft, clean_text, show
from ._record import Record, finish
from ._steps import steps_from_html
from ._vocabulary import equipment_slugs, list_of, spdx_id

if TYPE_CHECKING:
    from collections.abc import Mapping


@attrs.define
class Index:
    """
    The records of wger fixtures, by model and primary key.
    """

    models: dict[str, dict[object, dict[str, Any]]] = attrs.Factory(dict)
    translations: list[tuple[object, dict[str, Any]]] = attrs.Factory(list)
    #: Counts of comments and aliases, by translation key.
    extras: dict[tuple[str, object], int] = attrs.Factory(dict)

    def get(self, model: str, key: object) -> dict[str, Any] | None:
        if not isinstance(key, (int, str)) or isinstance(key, bool):
            return None
        return self.models.get(model, {}).get(key)


def index_file(data: object, path: str | None, index: Index) -> list[Problem]:
    """
    Add the fixture records of one file to *index*.

    Returns:
        The problems of the records left out, located in *path*; a file
        that is not an array is left out whole, with one problem.
    """
    if not isinstance(data, list):
        return [
            Problem(
                pointer="",
                code="wrong-type",
                message="wger data must be a JSON array of Django fixture "
                f"records, got {describe(data)}",
                file=path,
            )
        ]
    problems = []
    for i, item in enumerate(data):
        model = item.get("model") if isinstance(item, dict) else None
        if not isinstance(model, str):
            problems.append(
                _record_problem(
                    (i,),
                    "a fixture record must be an object with a 'model', a "
                    f"'pk' and 'fields', got {describe(item)}",
                    path,
                )
            )
            continue
        key = item.get("pk")
        if not _is_key(key):
            problems.append(
                _record_problem(
                    (i, "pk"),
                    "a fixture record's 'pk' must be a whole number or "
                    f"text, got {describe(key)}; the record is left out",
                    path,
                )
            )
            continue
        _index_record(model, key, item.get("fields"), index)
    return problems


def _is_key(key: object) -> bool:
    return key is None or (
        isinstance(key, (int, str)) and not isinstance(key, bool)
    )


def _record_problem(
    at: tuple[str | int, ...], message: str, path: str | None
) -> Problem:
    return Problem(
        pointer=pointer_from(at), code="wrong-type", message=message, file=path
    )


def _index_record(
    model: str, key: object, fields: object, index: Index
) -> None:
    fields = fields if isinstance(fields, dict) else {}
    if model == "exercises.translation":
        index.translations.append((key, fields))
    elif model in {"exercises.exercisecomment", "exercises.alias"}:
        extra = (model, fields.get("translation"))
        if _is_key(extra[1]):
            index.extras[extra] = index.extras.get(extra, 0) + 1
    elif isinstance(key, (int, str)):
        index.models.setdefault(model, {})[key] = fields


def drafts(
    data: object, dataset: Dataset, path: str | None
) -> tuple[Draft, ...]:
    index = Index()
    problems = index_file(data, path, index)
    if problems:
        raise ContentError(Report(tuple(problems)))
    return index_drafts(index, dataset)


def index_drafts(index: Index, dataset: Dataset) -> tuple[Draft, ...]:
    return finish(
        (
            _wger_record(key, f, index, dataset)
            for key, f in index.translations
        ),
        "wger",
    )


def _wger_record(
    key: object, fields: dict[str, Any], index: Index, dataset: Dataset
) -> Record:
    source_id = str(key)
    draft = Record(source_id, (fields.get("name"),))
    notes = draft.notes
    draft.name(fields.get("name"))
    _wger_text(draft, fields, index)
    exercise_key = fields.get("exercise")
    base = index.get("exercises.exercise", exercise_key)
    if base is None:
        notes.append(
            f"exercise {show(exercise_key)} is not among the "
            "exercises.exercise records given: no equipment, target areas "
            "or category"
        )
    else:
        _wger_base(draft, base, index)
    uuid = clean_text(fields.get("uuid"))
    where = f"translation {source_id}" + (f" (uuid {uuid})" if uuid else "")
    if isinstance(exercise_key, (int, str)):
        where += f" of exercise {exercise_key}"
    draft.provenance(
        dataset.source(where),
        _wger_licence(fields, base, index, notes),
        _wger_author(fields, base, notes),
    )
    aliases = index.extras.get(("exercises.alias", key), 0)
    if aliases:
        notes.append(f"{aliases} alias(es) not mapped: lowback has no aliases")
    comments = index.extras.get(("exercises.exercisecomment", key), 0)
    if comments:
        notes.append(
            f"{comments} comment(s) not mapped: they mix tips with "
            "numbered steps"
        )
    return draft


def _wger_text(draft: Record, fields: dict[str, Any], index: Index) -> None:
    """
    The language and the steps of a translation.
    """
    notes = draft.notes
    language = index.get("core.language", fields.get("language"))
    tag = clean_text(language.get("short_name")) if language else None
    if tag is not None:
        draft.fields["language"] = tag
    else:
        notes.append(
            f"language {show(fields.get('language'))} is not among the "
            "core.language records given; language left out"
        )
    description = fields.get("description")
    if clean_text(description) is not None:
        draft.steps(steps_from_html(str(description)))
        notes.append(
            "steps split from the HTML description: a list item is one "
            "step, a paragraph is split into sentences"
        )
    else:
        notes.append("the description is empty: no steps")


def _wger_author(
    fields: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    notes: list[str],
) -> str | None:
    author = clean_text(fields.get("license_author"))
    if author is None:
        notes.append("license_author is empty")
    base_author = clean_text(base.get("license_author")) if base else None
    if base_author not in {None, author}:
        notes.append(
            f"the exercise's equipment and muscles are by {base_author!r}"
        )
    notes.extend(
        f"{field} {show(fields[field])} not mapped"
        for field in (
            "license_title",
            "license_object_url",
            "license_author_url",
        )
        if clean_text(fields.get(field)) is not None
    )
    return author


def _wger_base(draft: Record, base: dict[str, Any], index: Index) -> None:
    notes = draft.notes
    equipment = []
    for key in list_of(base, "equipment", notes):
        found = index.get("exercises.equipment", key)
        if found is None:
            notes.append(f"equipment {show(key)} is not among the records")
        else:
            equipment.append(found.get("name"))
    slugs = equipment_slugs(equipment, notes)
    if slugs is not None:
        draft.fields["equipment"] = slugs
    muscles = []
    for key in list_of(base, "muscles", notes) + list_of(
        base, "muscles_secondary", notes
    ):
        found = index.get("exercises.muscle", key)
        if found is None:
            notes.append(f"muscle {show(key)} is not among the records")
        else:
            muscles.append(
                clean_text(found.get("name_en")) or found.get("name")
            )
    draft.targets(muscles)
    category = index.get("exercises.exercisecategory", base.get("category"))
    if category is not None and clean_text(category.get("name")):
        notes.append(
            f"category {show(category.get('name'))} not mapped: wger's "
            "categories are sections of a gym, not kinds of exercise"
        )


def _wger_licence(
    fields: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    index: Index,
    notes: list[str],
) -> str:
    """
    The SPDX expression of a translation's licence.

    Where the licence of the exercise whose equipment and muscles the draft
    holds differs, the expression names both.
    """

    def spdx(key: object) -> str | None:
        found = index.get("core.license", key)
        licence = spdx_id(found.get("short_name")) if found else None
        if licence is None:
            notes.append(
                f"licence {show(key)} is not among the known core.license "
                "records given; licence given as NOASSERTION"
            )
        return licence

    own = spdx(fields.get("license"))
    if own is None:
        return "NOASSERTION"
    if base is None or base.get("license") == fields.get("license"):
        return own
    other = spdx(base.get("license"))
    if other is None:
        return "NOASSERTION"
    if other == own:
        return own
    notes.append(
        f"the text is under {own} and the exercise's equipment and muscles "
        f"under {other}"
    )
    return f"{own} AND {other}"
