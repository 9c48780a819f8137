"""
What every importer shares.

The `Draft`, the datasets, reading JSON and YAML, the small helpers the
sources use, and the notes on doses given in prose; steps, vocabularies
and the record a draft is built in have modules of their own.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._checks import SLUG_MAX, TEXT_MAX, describe
from .._errors import ContentError, InvalidValueError
from .._json import decode, parse
from .._problems import Problem, Report
from .._rules._prose import NOTHING_SAID, said
from .._validation import validate

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


@attrs.frozen(kw_only=True)
class Draft:
    """
    One record of a dataset as a lowback exercise document.

    It comes with the report of what it lacks and notes on what it drops.
    A draft holds what the record says: its fields, and the position and
    dose its steps state in words, each marked to confirm (see
    `to_confirm`). No open dataset gives a starting position or a dose
    with holds as data, so a draft is valid only with such proposals.

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

    @property
    def to_confirm(self) -> tuple[str, ...]:
        """
        The pointers of the values read from the steps' words.

        Each has a library default whose note starts ``to confirm:``; a
        person confirms the value by taking those words out of the note.
        """
        defaults = self.document.get("library_defaults")
        return tuple(
            d["pointer"]
            for d in (defaults if isinstance(defaults, list) else ())
            if isinstance(d, dict)
            and str(d.get("note", "")).startswith(TO_CONFIRM)
        )

    def with_notes(self) -> dict[str, Any]:
        """
        Return the document with the notes in its library defaults.

        This is what ``lowback import -o`` writes, so that the person
        completing a draft reads its notes in it: each note is a library
        default on ``/provenance``, starting ``import note:``, which
        stays valid and may be deleted once read. The format allows 20
        library defaults; notes past that share the last one.
        """
        document = dict(self.document)
        defaults = list(document.get("library_defaults", ()))
        room = _MOST_DEFAULTS - len(defaults)
        notes = [f"import note: {n}" for n in self.notes]
        if room <= 0 or not notes or "provenance" not in document:
            return document
        if len(notes) > room:
            rest = "; ".join(notes[room - 1 :])
            notes[room - 1 :] = [
                rest if len(rest) <= TEXT_MAX else rest[: TEXT_MAX - 3] + "..."
            ]
        defaults += [{"pointer": "/provenance", "note": n} for n in notes]
        document["library_defaults"] = defaults
        # Canonical key order: the header, then the fields in theirs.
        return {
            **{k: v for k, v in document.items() if k not in KEY_ORDER},
            **{k: document[k] for k in KEY_ORDER if k in document},
        }


#: How a library default the importer proposed starts until a person
#: confirms it.
TO_CONFIRM: Final = "to confirm: "

#: The most library defaults an exercise has.
_MOST_DEFAULTS: Final = 20


@attrs.frozen
class Dataset:
    """
    Where a source's records come from, for their provenance.

    The repository and the dataset's own file name are claimed only with
    a commit the caller gives: without one, a draft names the format and
    the file it was read from, since nothing says where that file comes
    from.
    """

    title: str
    repository: str
    #: Where in the repository the records are, such as "of
    #: dist/exercises.json"; None where the record's place says it.
    place: str | None
    #: The licence of a record that states none, as an SPDX id.
    licence: str
    #: The dataset's commit, as the caller gave it.
    commit: str | None = None
    #: The name of the file or folder the records were read from.
    read_from: str | None = None

    def source(self, where: str) -> str:
        if self.commit is not None:
            of = f" {self.place}" if self.place else ""
            return (
                f"{self.title}: {where}{of}, in {self.repository} "
                f"at commit {self.commit}"
            )
        of = f" in {self.read_from}" if self.read_from and self.place else ""
        return f"a file in the {self.title} format: {where}{of}"


# The snapshots the importers were written and tested against are those
# of the commits the docs name; a draft claims a commit only when the
# caller gives one.
DATASETS: Final = {
    "free-exercise-db": Dataset(
        "free-exercise-db",
        "https://github.com/yuhonas/free-exercise-db",
        "of dist/exercises.json",
        "Unlicense",
    ),
    "wger": Dataset(
        "wger",
        "https://github.com/wger-project/wger",
        "in the exercise fixtures",
        "NOASSERTION",
    ),
    "exercemus": Dataset(
        "exercemus",
        "https://github.com/exercemus/exercises",
        "of exercises.json",
        "MIT",
    ),
    "workout-share": Dataset(
        "workout-share specification",
        "https://github.com/workout-share/specification",
        None,
        "Apache-2.0",
    ),
}

COMMIT = re.compile(r"[0-9a-f]{7,40}")

# The keys of an exercise document, in canonical order.
KEY_ORDER: Final = (
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

# Why a field of a record is not in its draft.
WHY_NOT: Final = {
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
# Reading input.


def fail(
    pointer: str, code: str, message: str, path: str | None
) -> ContentError:
    return ContentError(
        Report(
            (Problem(pointer=pointer, code=code, message=message, file=path),)
        )
    )


def read_json(data: bytes | str, path: str | None) -> Any:  # noqa: ANN401
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


def read_yaml(data: bytes | str, path: str | None) -> Any:  # noqa: ANN401
    text = decode(data)
    if isinstance(text, Problem):
        raise ContentError(Report((attrs.evolve(text, file=path),)))
    module = _yaml_module()
    if module is None:
        raise InvalidValueError(
            "data",
            text[:40],
            "data: reading a workout-share YAML file needs PyYAML or "
            "ruamel.yaml; install one, or give the program as JSON",
        )
    body = text.removeprefix("\ufeff")
    if module.__name__ == "yaml":
        load, error = module.safe_load, module.YAMLError
        events = module.parse(body, Loader=module.SafeLoader)
        alias_event = module.AliasEvent
    else:
        load, error = module.YAML(typ="safe", pure=True).load, module.YAMLError
        events = module.YAML(typ="safe", pure=True).parse(body)
        alias_event = module.events.AliasEvent
    where = f"{path}: " if path else ""
    try:
        # Aliases are refused before anything is built (see `_alias`).
        alias = _alias(events, alias_event)
        document = None if alias is not None else load(body)
    except (error, RecursionError, ValueError, TypeError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        raise InvalidValueError(
            "data",
            text[:40],
            f"data: {where}this is not YAML or JSON: {first}",
        ) from e
    if alias is not None:
        raise InvalidValueError(
            "data",
            f"*{alias.anchor}",
            f"data: {where}line {alias.start_mark.line + 1}: "
            f"*{alias.anchor} is a YAML alias, which lowback does not read "
            "(aliases can make a small file huge); write the value out in "
            "full",
        )
    return document


def _alias(events: Iterable[Any], kind: type[Any]) -> Any:  # noqa: ANN401
    """
    Return the first alias (such as ``*name``) of a YAML text; None if none.

    Aliases to aliases make a file of a few hundred bytes a program of
    millions of exercises (a "billion laughs"); a workout-share program
    needs none, so lowback reads none.
    """
    for event in events:
        if isinstance(event, kind):
            return event
    return None


# Small helpers.


def clean_text(value: object) -> str | None:
    """
    Return *value* stripped if it is text that is not blank, else None.
    """
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def show(value: object) -> str:
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


def whole(value: object) -> int | None:
    """
    Return *value* if it is a whole number (not a boolean, not a decimal).
    """
    return value if type(value) is int else None


def slug_of(text: str) -> str:
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


class UniqueIds:
    """
    The ids given so far in one import.

    An id given before becomes the first free of ``id-2``, ``id-3`` and
    so on, its start cut so that it fits 64 characters.
    Every id whose start cuts the same has the same candidates with a
    suffix of one length, so for each such start and length the ids
    remember how far their candidates are known to be taken: the same
    id given many times costs each time about as much as the first.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()
        #: (cut start, digits of the suffix) -> the next number to try.
        self._next: dict[tuple[str, int], int] = {}

    def give(self, base: str) -> str:
        """
        Return *base*, or the first free id made from it, and take it.
        """
        if base not in self.taken:
            self.taken.add(base)
            return base
        digits = 1
        while True:
            start = base[: SLUG_MAX - digits - 1].rstrip("-")
            key = (start, digits)
            n = self._next.get(key, max(2, 10 ** (digits - 1)))
            while n < 10**digits and f"{start}-{n}" in self.taken:
                n += 1
            self._next[key] = n
            if n < 10**digits:
                self.taken.add(f"{start}-{n}")
                return f"{start}-{n}"
            digits += 1


def unmapped(
    record: Mapping[Any, Any], handled: Iterable[str], notes: list[str]
) -> None:
    """
    Note each field of *record* with a value that the draft does not hold.
    """
    known = set(handled)
    for key, value in record.items():
        if key in known or _empty(value):
            continue
        why = WHY_NOT.get(str(key), "lowback has no such field")
        notes.append(f"{key} {show(value)} not mapped: {why}")


def note_prose_doses(steps: list[dict[str, str]], notes: list[str]) -> None:
    """
    Note each step whose numbers look like a dose lowback does not read.

    A step whose hold or repetitions lowback reads has its proposal, or
    a note of why there is none, instead.
    """
    for step in steps:
        text = step["text"]
        if _PROSE_DOSE.search(text) and said(text) is NOTHING_SAID:
            notes.append(f"dose given only in prose: {show(text)}")
