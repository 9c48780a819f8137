"""
Importers: lowback exercise drafts from open exercise datasets.

An importer turns what the fields of one dataset say (names, steps,
equipment, target areas, licence and author, and a dose where the record
has a structured one) into an exercise document, and nothing more.
What a record does not say is left out, so validating the draft names
exactly what it lacks; what a record says that lowback cannot hold goes
into the draft's notes.
"""

from __future__ import annotations

import html.parser
import importlib
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._checks import SLUG_MAX, describe
from ._converter import FORMAT_VERSION
from ._errors import ContentError, FileReadError, InvalidValueError
from ._format import MAX_BYTES, parse
from ._report import Problem, Report, pointer_from
from ._validate import read_file, validate

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

#: The datasets lowback imports, by the name `import_records` takes.
SOURCES: Final = ("free-exercise-db", "wger", "exercemus", "workout-share")


@attrs.frozen(kw_only=True)
class Draft:
    """
    One record of a dataset as a lowback exercise document.

    It comes with the report of what it lacks and notes on what it drops.
    A draft holds only what the record says; it is usually not valid,
    since no open dataset gives a starting position or a dose with holds.

    Args:
        document: The exercise document, with ``type`` and
            ``format_version``, in canonical key order.
        source_id: The record's id in its dataset: its own id where it has
            one, or a JSON Pointer to it in the file.
        notes: What the record says that the draft does not hold, and how
            its text was turned into steps, one sentence each.
        report: ``lowback.validate(document)``: exactly what the draft
            lacks to be valid.
            Computed when not given; editing ``document`` afterwards does
            not update it.
    """

    document: dict[str, Any] = attrs.field(hash=False)
    source_id: str
    notes: tuple[str, ...] = ()
    report: Report = attrs.field(
        default=attrs.Factory(
            lambda self: validate(self.document), takes_self=True
        )
    )

    @property
    def id(self) -> str:
        """
        The id the draft was given, unique within its import.
        """
        return str(self.document["id"])


@attrs.frozen
class _Dataset:
    """
    Where a source's records come from, for their provenance.
    """

    title: str
    repository: str
    commit: str
    #: The licence of a record that states none, as an SPDX id.
    licence: str

    def source(self, where: str) -> str:
        return (
            f"{self.title}: {where}, in {self.repository} "
            f"at commit {self.commit}"
        )


# The commits are those of the snapshots the importers were written and
# tested against; a caller importing another snapshot passes its own.
_DATASETS: Final = {
    "free-exercise-db": _Dataset(
        "free-exercise-db",
        "https://github.com/yuhonas/free-exercise-db",
        "acd61f751fe15d618862ee3084f27e839222a28f",
        "Unlicense",
    ),
    "wger": _Dataset(
        "wger",
        "https://github.com/wger-project/wger",
        "aaba20184527b018e10f1be576202aa7e7cb4c21",
        "NOASSERTION",
    ),
    "exercemus": _Dataset(
        "exercemus",
        "https://github.com/exercemus/exercises",
        "0ee5b742928b0c910883fa1c0c2cfaf26c4ee180",
        "MIT",
    ),
    "workout-share": _Dataset(
        "workout-share specification",
        "https://github.com/workout-share/specification",
        "942b2fc2fba5466a9e4eafb7dd470feda290b816",
        "Apache-2.0",
    ),
}

_COMMIT = re.compile(r"[0-9a-f]{7,40}")

# The keys of an exercise document, in canonical order.
_KEY_ORDER: Final = (
    "id",
    "name",
    "language",
    "kind",
    "purpose",
    "position",
    "equipment",
    "targets",
    "steps",
    "cautions",
    "dose",
    "progression",
    "library_defaults",
    "provenance",
)

# Only categories that say what an exercise is for map to a kind;
# plyometrics, powerlifting, cardio and the like say how it is trained.
_KINDS: Final = {"strength": "strengthening", "stretching": "stretch"}

_NO_EQUIPMENT: Final = frozenset(
    {"body only", "none", "none (bodyweight exercise)"}
)
_UNSPECIFIED_EQUIPMENT: Final = frozenset({"other"})
# One slug for one thing across the datasets.
_EQUIPMENT: Final = {
    "kettlebells": "kettlebell",
    "e-z curl bar": "ez-curl-bar",
    "ez curl bar": "ez-curl-bar",
    "sz-bar": "ez-curl-bar",
    "bands": "resistance-band",
    "swiss ball": "exercise-ball",
    "cable machine": "cable",
}
_TARGETS: Final = {
    "abs": "abdominals",
    "quads": "quadriceps",
    "trapezius": "traps",
    "obliquus externus abdominis": "obliques",
}

# Licence names as wger and exercemus write them, and their SPDX ids.
_SPDX: Final = {
    "cc-by-sa 3": "CC-BY-SA-3.0",
    "cc-by-sa 4": "CC-BY-SA-4.0",
    "cc0": "CC0-1.0",
    "cc-by 4": "CC-BY-4.0",
    "odbl": "ODbL-1.0",
}

# Why a field of a record is not in its draft.
_WHY_NOT: Final = {
    "force": "lowback has no force",
    "level": "lowback has no level",
    "mechanic": "lowback has no mechanic",
    "images": "lowback holds no images",
    "video": "lowback holds no videos",
    "aliases": "lowback has no aliases",
    "tips": "lowback has no tips",
    "description": "it describes the exercise rather than saying what it does",
    "tempo": "lowback has no tempo",
    "variation_on": "lowback has no variations",
    "variations_on": "lowback has no variations",
    "variation_id": "lowback has no variations",
    "weight": "lowback has no load",
    "rest": "rest belongs to a routine, not to an exercise",
    "duration": "a lowback hold belongs to a phase of the dose, and the "
    "record names no phase",
    "notes": "free-form notes are neither steps nor cautions",
    "substitutes": "lowback has no substitutes",
    "timing": "lowback has no timing patterns",
    "variations": "lowback has no variations",
    "special_technique": "lowback has no special techniques",
    "drops": "lowback has no dropsets",
    "type": "lowback has no dropsets, supersets or circuits",
}

# Numbers in instruction text that look like a dose: never mapped, noted.
_PROSE_DOSE = re.compile(
    r"\b\d+(?:\s*(?:-|\u2013|to|or)\s*\d+)?\s*(?:seconds?|secs?|minutes?"
    r"|mins?|reps?|repetitions?|times|breaths?|sets?|counts?)\b",
    re.IGNORECASE,
)
# The end of a sentence, with closing quotes or brackets: the white space
# after it is group 1.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(\s+)")
_TAG = re.compile(r"<[^>]*>")


# Reading input.


def _fail(
    pointer: str, code: str, message: str, path: str | None
) -> ContentError:
    return ContentError(
        Report(
            (Problem(pointer=pointer, code=code, message=message, file=path),)
        )
    )


def _read_json(data: bytes | str, path: str | None) -> Any:  # noqa: ANN401
    document, problems = parse(data)
    if problems:
        raise ContentError(
            Report(tuple(attrs.evolve(p, file=path) for p in problems))
        )
    return document


def _yaml_module() -> Any:  # noqa: ANN401
    """
    Return PyYAML or ruamel.yaml, whichever is installed.

    Neither is a dependency of lowback: only workout-share files are YAML.
    """
    for name in ("yaml", "ruamel.yaml"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def _read_yaml(data: bytes | str, path: str | None) -> Any:  # noqa: ANN401
    size = (
        len(data)
        if isinstance(data, bytes)
        else len(data.encode("utf-8", "surrogatepass"))
    )
    if size > MAX_BYTES:
        raise _fail(
            "",
            "too-large",
            f"the document has {size} bytes; the limit is {MAX_BYTES}",
            path,
        )
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as e:
        raise _fail(
            "", "not-utf8", "the text is not UTF-8; save it as UTF-8", path
        ) from e
    module = _yaml_module()
    if module is None:
        raise InvalidValueError(
            "data",
            text[:40],
            "data: reading a workout-share YAML file needs PyYAML or "
            "ruamel.yaml; install one, or give the program as JSON",
        )
    if module.__name__ == "yaml":
        load, error = module.safe_load, module.YAMLError
    else:
        load, error = module.YAML(typ="safe", pure=True).load, module.YAMLError
    try:
        return load(text.removeprefix("\ufeff"))
    except (error, RecursionError, ValueError, TypeError) as e:
        where = f"{path}: " if path else ""
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        raise InvalidValueError(
            "data",
            text[:40],
            f"data: {where}this is not YAML or JSON: {first}",
        ) from e


# Small helpers.


def _text(value: object) -> str | None:
    """
    Return *value* stripped if it is text that is not blank, else None.
    """
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _show(value: object) -> str:
    """
    Quote a value of a record for a note, briefly.
    """
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        shown = ", ".join(repr(v) for v in value[:3])
        more = len(value) - 3
        return shown + (f" and {more} more" if more > 0 else "")
    if type(value) is int:
        return str(value)
    return describe(value)


def _empty(value: object) -> bool:
    return value is None or (
        isinstance(value, (str, list, dict)) and not value
    )


def _whole(value: object) -> int | None:
    """
    Return *value* if it is a whole number (not a boolean, not a decimal).
    """
    return value if type(value) is int else None


def _slug(text: str) -> str:
    """
    Return a lowercase slug of *text*, at most 64 characters; maybe empty.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['\u2019]", "", plain)
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug[:SLUG_MAX]
        if slug[SLUG_MAX] != "-" and "-" in cut:
            cut = cut.rsplit("-", 1)[0]
        slug = cut.strip("-")
    return slug


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
    taken.add(candidate)
    return candidate


def _unmapped(
    record: Mapping[Any, Any], handled: Iterable[str], notes: list[str]
) -> None:
    """
    Note each field of *record* with a value that the draft does not hold.
    """
    known = set(handled)
    for key, value in record.items():
        if key in known or _empty(value):
            continue
        why = _WHY_NOT.get(str(key), "lowback has no such field")
        notes.append(f"{key} {_show(value)} not mapped: {why}")


def _spdx(name: object) -> str | None:
    if not isinstance(name, str):
        return None
    return _SPDX.get(" ".join(name.lower().split()))


# Steps.


def _steps_from_list(
    items: object, field: str, notes: list[str]
) -> list[dict[str, str]]:
    if items is None:
        return []
    if not isinstance(items, list):
        notes.append(f"{field} is {describe(items)}, not a list of steps")
        return []
    steps = []
    for i, item in enumerate(items):
        text = _text(item)
        if text is None:
            what = "empty" if isinstance(item, str) else describe(item)
            notes.append(f"{field} item {i} is {what}; left out")
            continue
        if "  " in text:
            notes.append(
                f"{field} item {i} has a double space, where a character "
                f"may have been lost upstream: {_show(text)}"
            )
        steps.append({"text": text})
    if not items:
        notes.append(f"{field} is empty")
    return steps


def _sentences(text: str) -> list[str]:
    """
    Split prose into sentences.

    A sentence ends at ``.``, ``!`` or ``?`` and white space, where the next
    one starts with a capital, a digit or a quote.
    """
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        after = text[match.end() : match.end() + 1]
        if after.isupper() or after.isdigit() or after in {'"', "“", "("}:
            parts.append(text[start : match.start(1)])
            start = match.end()
    parts.append(text[start:])
    return [" ".join(p.split()) for p in parts if p.strip()]


class _Blocks(html.parser.HTMLParser):
    """
    The text of an HTML fragment as blocks: list items and paragraphs.
    """

    _BLOCK_TAGS: Final = frozenset(
        {"p", "li", "br", "div", "ol", "ul", "blockquote", "pre"}
        | {"table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[bool, str]] = []
        self._parts: list[str] = []
        self._item = False

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self.blocks.append((self._item, text))
        self._parts = []

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> None:
        del attrs
        if tag in self._BLOCK_TAGS:
            self._flush()
            self._item = tag == "li"

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCK_TAGS:
            self._flush()
            self._item = False

    def handle_data(self, data: str) -> None:
        self._parts.append(data)


def _html_blocks(markup: str) -> list[tuple[bool, str]]:
    parser = _Blocks()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        # Markup the parser gives up on is still text once tags go.
        return [(False, " ".join(_TAG.sub(" ", markup).split()))]
    parser._flush()  # noqa: SLF001 - text after the last tag
    return parser.blocks


def _steps_from_html(markup: str) -> list[dict[str, str]]:
    """
    Steps from an HTML description.

    A list item is one step, and a paragraph is split into sentences.
    """
    return [
        {"text": sentence}
        for item, text in _html_blocks(markup)
        for sentence in ([text] if item else _sentences(text))
    ]


def _note_prose_doses(steps: list[dict[str, str]], notes: list[str]) -> None:
    notes.extend(
        f"dose given only in prose: {_show(step['text'])}"
        for step in steps
        if _PROSE_DOSE.search(step["text"])
    )


# Vocabularies.


def _equipment(names: Iterable[object], notes: list[str]) -> list[str] | None:
    """
    Map equipment names to slugs; None when the record says nothing usable.

    ``[]`` means the record says no equipment is needed.
    """
    slugs: list[str] = []
    none_needed = False
    for name in names:
        text = _text(name)
        key = " ".join(text.lower().split()) if text else ""
        if key in _NO_EQUIPMENT:
            none_needed = True
            continue
        slug = _EQUIPMENT.get(key) or _slug(key)
        if key in _UNSPECIFIED_EQUIPMENT or not slug:
            notes.append(
                f"equipment {_show(name)} not mapped: it names nothing"
            )
            continue
        if slug not in slugs:
            slugs.append(slug)
    if slugs or none_needed:
        return slugs
    return None


def _targets(names: Iterable[object], notes: list[str]) -> list[str]:
    slugs: list[str] = []
    for name in names:
        text = _text(name)
        key = " ".join(text.lower().split()) if text else ""
        slug = _TARGETS.get(key) or _slug(key)
        if not slug:
            notes.append(f"muscle {_show(name)} not mapped: it names nothing")
        elif slug not in slugs:
            slugs.append(slug)
    return slugs


def _list(record: Mapping[Any, Any], key: str, notes: list[str]) -> list[Any]:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    notes.append(f"{key} is {describe(value)}, not a list; not mapped")
    return []


def _kind(category: object, notes: list[str]) -> str | None:
    if category is None:
        return None
    kind = _KINDS.get(category) if isinstance(category, str) else None
    if kind is None:
        notes.append(f"category {_show(category)} has no lowback kind")
    return kind


# One record at a time.


@attrs.define
class _Record:
    """
    A draft being built: fields of the exercise and notes.
    """

    source_id: str
    #: Text the id is made from, best first.
    id_from: tuple[object, ...]
    fields: dict[str, Any] = attrs.Factory(dict)
    notes: list[str] = attrs.Factory(list)

    def name(self, value: object) -> None:
        text = _text(value)
        if text is not None:
            self.fields["name"] = text
        elif value is not None:
            self.notes.append(f"name {_show(value)} is not a name")

    def targets(self, muscles: list[Any]) -> None:
        targets = _targets(muscles, self.notes)
        if targets:
            self.fields["targets"] = targets
        else:
            self.notes.append("no muscles listed: no target areas")

    def steps(self, steps: list[dict[str, str]]) -> None:
        if steps:
            self.fields["steps"] = steps
            _note_prose_doses(steps, self.notes)

    def provenance(
        self, source: str, licence: str, author: object = None
    ) -> None:
        provenance = {"source": source, "licence": licence}
        name = _text(author)
        if name is not None:
            provenance["author"] = name
        self.fields["provenance"] = provenance


def _finish(records: Iterable[_Record], fallback: str) -> tuple[Draft, ...]:
    """
    Give each record a unique id and make it a draft.
    """
    taken: set[str] = set()
    drafts = []
    for record in records:
        base = ""
        for text in record.id_from:
            base = _slug(text) if isinstance(text, str) else ""
            if base:
                break
        base = base or _slug(f"{fallback} {record.source_id}")
        given = _unique(base, taken)
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
            **{key: fields[key] for key in _KEY_ORDER if key in fields},
        }
        drafts.append(
            Draft(
                document=document,
                source_id=record.source_id,
                notes=tuple(notes),
            )
        )
    return tuple(drafts)


# free-exercise-db: a JSON array of flat records.


def _free_exercise_db(
    data: object, dataset: _Dataset, path: str | None
) -> tuple[Draft, ...]:
    if not isinstance(data, list):
        raise _fail(
            "",
            "wrong-type",
            "free-exercise-db data must be a JSON array of exercise "
            f"records, got {describe(data)}",
            path,
        )
    return _finish(
        (_free_exercise_record(i, r, dataset) for i, r in enumerate(data)),
        "free-exercise-db",
    )


def _free_exercise_record(
    index: int, record: object, dataset: _Dataset
) -> _Record:
    if not isinstance(record, dict):
        draft = _Record(pointer_from((index,)), ())
        draft.notes.append(f"the record is {describe(record)}, not an object")
        draft.fields["language"] = "en"
        draft.provenance(
            dataset.source(f"item {index} of dist/exercises.json"),
            dataset.licence,
        )
        return draft
    record_id = _text(record.get("id"))
    if type(record.get("id")) is int:
        record_id = str(record["id"])
    draft = _Record(
        record_id or pointer_from((index,)),
        (record_id, record.get("name")),
    )
    notes = draft.notes
    draft.name(record.get("name"))
    draft.fields["language"] = "en"
    kind = _kind(record.get("category"), notes)
    if kind is not None:
        draft.fields["kind"] = kind
    equipment = record.get("equipment")
    if equipment is None:
        notes.append(
            "equipment is null: the record does not say; lowback reads no "
            "equipment as none needed"
        )
    else:
        slugs = _equipment([equipment], notes)
        if slugs is not None:
            draft.fields["equipment"] = slugs
    muscles = _list(record, "primaryMuscles", notes) + _list(
        record, "secondaryMuscles", notes
    )
    if "primaryMuscles" in record or "secondaryMuscles" in record:
        draft.targets(muscles)
    draft.steps(
        _steps_from_list(record.get("instructions"), "instructions", notes)
    )
    where = (
        f"record {record_id} of dist/exercises.json"
        if record_id
        else f"item {index} of dist/exercises.json"
    )
    draft.provenance(dataset.source(where), dataset.licence)
    _unmapped(
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


# exercemus: one object, with two lists of records in two shapes.


def _exercemus(
    data: object, dataset: _Dataset, path: str | None
) -> tuple[Draft, ...]:
    if not isinstance(data, dict):
        raise _fail(
            "",
            "not-an-object",
            "exercemus data must be a JSON object with an 'exercises' "
            f"array, got {describe(data)}",
            path,
        )
    if "exercises" not in data and "exercises_to_merge" not in data:
        raise _fail(
            "/exercises",
            "missing-field",
            "exercemus data has no 'exercises' array",
            path,
        )
    records = []
    for key in ("exercises", "exercises_to_merge"):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise _fail(
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
    return _finish(records, "exercemus")


def _exercemus_record(
    pointer: str, record: object, dataset: _Dataset
) -> _Record:
    draft = _Record(pointer, ())
    notes = draft.notes
    draft.fields["language"] = "en"
    where = f"{pointer} of exercises.json"
    if not isinstance(record, dict):
        notes.append(f"the record is {describe(record)}, not an object")
        draft.provenance(dataset.source(where), dataset.licence)
        return draft
    draft.id_from = (record.get("name"),)
    draft.name(record.get("name"))
    kind = _kind(record.get("category"), notes)
    if kind is not None:
        draft.fields["kind"] = kind
    slugs = _equipment(_list(record, "equipment", notes), notes)
    if slugs is not None:
        draft.fields["equipment"] = slugs
    if "primary_muscles" in record or "secondary_muscles" in record:
        draft.targets(
            _list(record, "primary_muscles", notes)
            + _list(record, "secondary_muscles", notes)
        )
    handled = ["name", "category", "equipment", "primary_muscles"]
    handled += ["secondary_muscles", "license", "license_author"]
    if "instructions" in record:
        handled.append("instructions")
        draft.steps(
            _steps_from_list(record["instructions"], "instructions", notes)
        )
    elif "description" in record:
        # The second shape, from wger, has prose only.
        handled.append("description")
        description = _text(record["description"])
        if description is None:
            notes.append("the description is empty: no steps")
        else:
            draft.steps([{"text": s} for s in _sentences(description)])
            notes.append(
                "steps split from the prose description into sentences"
            )
    licence, author = _exercemus_licence(record, dataset, notes)
    draft.provenance(dataset.source(where), licence, author)
    _unmapped(record, handled, notes)
    return draft


def _exercemus_licence(
    record: Mapping[Any, Any], dataset: _Dataset, notes: list[str]
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
    spdx = _spdx(name)
    if spdx is None:
        notes.append(
            f"licence {_show(name if name is not None else licence)} has "
            "no known SPDX id; licence given as NOASSERTION"
        )
        return "NOASSERTION", author
    if _text(author) is None:
        notes.append("license_author is empty")
    return spdx, author


# wger: Django fixtures joined by integer keys.


@attrs.define
class _Wger:
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


def _wger_index(data: object, path: str | None, index: _Wger) -> None:
    """
    Add the fixture records of one file to *index*.
    """
    if not isinstance(data, list):
        raise _fail(
            "",
            "wrong-type",
            "wger data must be a JSON array of Django fixture records, got "
            f"{describe(data)}",
            path,
        )
    problems = []
    for i, item in enumerate(data):
        model = item.get("model") if isinstance(item, dict) else None
        if not isinstance(model, str):
            problems.append(
                Problem(
                    pointer=pointer_from((i,)),
                    code="wrong-type",
                    message="a fixture record must be an object with a "
                    f"'model', a 'pk' and 'fields', got {describe(item)}",
                    file=path,
                )
            )
            continue
        key = item.get("pk")
        fields = item.get("fields")
        fields = fields if isinstance(fields, dict) else {}
        if model == "exercises.translation":
            index.translations.append((key, fields))
        elif model in {"exercises.exercisecomment", "exercises.alias"}:
            extra = (model, fields.get("translation"))
            if isinstance(extra[1], (int, str)):
                index.extras[extra] = index.extras.get(extra, 0) + 1
        elif isinstance(key, (int, str)) and not isinstance(key, bool):
            index.models.setdefault(model, {})[key] = fields
    if problems:
        raise ContentError(Report(tuple(problems)))


def _wger(
    data: object, dataset: _Dataset, path: str | None
) -> tuple[Draft, ...]:
    index = _Wger()
    _wger_index(data, path, index)
    return _wger_drafts(index, dataset)


def _wger_drafts(index: _Wger, dataset: _Dataset) -> tuple[Draft, ...]:
    return _finish(
        (
            _wger_record(key, f, index, dataset)
            for key, f in index.translations
        ),
        "wger",
    )


def _wger_record(
    key: object, fields: dict[str, Any], index: _Wger, dataset: _Dataset
) -> _Record:
    source_id = str(key)
    draft = _Record(source_id, (fields.get("name"),))
    notes = draft.notes
    draft.name(fields.get("name"))
    _wger_text(draft, fields, index)
    exercise_key = fields.get("exercise")
    base = index.get("exercises.exercise", exercise_key)
    if base is None:
        notes.append(
            f"exercise {_show(exercise_key)} is not among the "
            "exercises.exercise records given: no equipment, target areas "
            "or category"
        )
    else:
        _wger_base(draft, base, index)
    uuid = _text(fields.get("uuid"))
    where = f"translation {source_id}" + (f" (uuid {uuid})" if uuid else "")
    if isinstance(exercise_key, (int, str)):
        where += f" of exercise {exercise_key}"
    draft.provenance(
        dataset.source(where + " in the exercise fixtures"),
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


def _wger_text(draft: _Record, fields: dict[str, Any], index: _Wger) -> None:
    """
    The language and the steps of a translation.
    """
    notes = draft.notes
    language = index.get("core.language", fields.get("language"))
    tag = _text(language.get("short_name")) if language else None
    if tag is not None:
        draft.fields["language"] = tag
    else:
        notes.append(
            f"language {_show(fields.get('language'))} is not among the "
            "core.language records given; language left out"
        )
    description = fields.get("description")
    if _text(description) is not None:
        draft.steps(_steps_from_html(str(description)))
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
    author = _text(fields.get("license_author"))
    if author is None:
        notes.append("license_author is empty")
    base_author = _text(base.get("license_author")) if base else None
    if base_author not in {None, author}:
        notes.append(
            f"the exercise's equipment and muscles are by {base_author!r}"
        )
    notes.extend(
        f"{field} {_show(fields[field])} not mapped"
        for field in (
            "license_title",
            "license_object_url",
            "license_author_url",
        )
        if _text(fields.get(field)) is not None
    )
    return author


def _wger_base(draft: _Record, base: dict[str, Any], index: _Wger) -> None:
    notes = draft.notes
    equipment = []
    for key in _list(base, "equipment", notes):
        found = index.get("exercises.equipment", key)
        if found is None:
            notes.append(f"equipment {_show(key)} is not among the records")
        else:
            equipment.append(found.get("name"))
    slugs = _equipment(equipment, notes)
    if slugs is not None:
        draft.fields["equipment"] = slugs
    muscles = []
    for key in _list(base, "muscles", notes) + _list(
        base, "muscles_secondary", notes
    ):
        found = index.get("exercises.muscle", key)
        if found is None:
            notes.append(f"muscle {_show(key)} is not among the records")
        else:
            muscles.append(_text(found.get("name_en")) or found.get("name"))
    draft.targets(muscles)
    category = index.get("exercises.exercisecategory", base.get("category"))
    if category is not None and _text(category.get("name")):
        notes.append(
            f"category {_show(category.get('name'))} not mapped: wger's "
            "categories are sections of a gym, not kinds of exercise"
        )


def _wger_licence(
    fields: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    index: _Wger,
    notes: list[str],
) -> str:
    """
    The SPDX expression of a translation's licence.

    Where the licence of the exercise whose equipment and muscles the draft
    holds differs, the expression names both.
    """

    def spdx(key: object) -> str | None:
        found = index.get("core.license", key)
        licence = _spdx(found.get("short_name")) if found else None
        if licence is None:
            notes.append(
                f"licence {_show(key)} is not among the known core.license "
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


# workout-share: a YAML programme of workouts of exercises.


def _workout_share(
    data: object, dataset: _Dataset, path: str | None
) -> tuple[Draft, ...]:
    if not isinstance(data, dict):
        raise _fail(
            "",
            "not-an-object",
            "a workout-share program must be an object with 'workouts', "
            f"got {describe(data)}",
            path,
        )
    if "workouts" not in data and "phases" not in data:
        raise _fail(
            "/workouts",
            "missing-field",
            "a workout-share program must have 'workouts'",
            path,
        )
    problems: list[Problem] = []
    entries = list(_workout_share_entries(data, problems, path))
    if problems:
        raise ContentError(Report(tuple(problems)))
    program = _text(data.get("program_name"))
    author = data.get("author")
    file = Path(path).name if path else None
    label = f"program {program!r}" if program else "a program"
    if file:
        label += f" ({file})"
    provenance = _Program(dataset, label, author)
    return _finish(
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

    dataset: _Dataset
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
) -> _Record:
    draft = _Record(pointer, ())
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
            f"part of the {_show(kind) if kind else 'group'} at {group[0]}: "
            f"{_WHY_NOT['type']}"
        )
    _unmapped(entry, ("name", "reps", "sets"), notes)
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
    count = _whole(reps)
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
    notes.append(f"reps {_show(reps)} not mapped: {why}")
    return None


def _sets(
    entry: Mapping[Any, Any],
    group: tuple[str, Mapping[Any, Any]] | None,
    notes: list[str],
) -> int | None:
    if "sets" in entry:
        sets = _whole(entry["sets"])
        if sets is None:
            notes.append(
                f"sets {_show(entry['sets'])} not mapped: not a whole number"
            )
        return sets
    if group is None:
        return None
    key = "rounds" if "rounds" in group[1] else "sets"
    rounds = _whole(group[1].get(key))
    if rounds is not None:
        notes.append(
            f"sets are the {rounds} {key} of the group at {group[0]}, each "
            "doing this exercise once"
        )
    return rounds


# The public API.

_IMPORTERS: Final = {
    "free-exercise-db": _free_exercise_db,
    "wger": _wger,
    "exercemus": _exercemus,
    "workout-share": _workout_share,
}


def _dataset(source: object, commit: object) -> _Dataset:
    if not isinstance(source, str) or source not in _DATASETS:
        known = ", ".join(repr(s) for s in SOURCES)
        raise InvalidValueError(
            "source",
            source,
            f"source: expected one of {known}, got {describe(source)}",
        )
    dataset = _DATASETS[source]
    if commit is None:
        return dataset
    if not isinstance(commit, str) or not _COMMIT.fullmatch(commit):
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
        source: One of `IMPORT_SOURCES`: ``"free-exercise-db"`` (its
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
            knows, or workout-share YAML cannot be read.
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
    file = os.fspath(path) if path is not None else None
    text = data.lstrip()
    if source == "workout-share" and text[:1] not in {b"{", "{"}:
        parsed = _read_yaml(data, file)
    else:
        parsed = _read_json(data, file)
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
        source: One of `IMPORT_SOURCES`.
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
    folder = Path(path)
    if source != "wger" or not folder.is_dir():
        return import_records(
            source, read_file(path), path=path, commit=commit
        )
    files = sorted(p for p in folder.rglob("*.json") if p.is_file())
    if not files:
        raise FileReadError(os.fspath(path), "no .json fixture files in it")
    index = _Wger()
    for file in files:
        name = os.fspath(file)
        _wger_index(_read_json(read_file(file), name), name, index)
    return _wger_drafts(index, dataset)


__all__ = ["SOURCES", "Draft", "import_path", "import_records"]
