"""
The vocabularies of the datasets, and lowback's words for them.

Kinds of exercise, equipment, body areas and licences, each mapped to
one slug or SPDX id across the datasets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._checks import describe
from ._common import clean_text, show, slug_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


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


def spdx_id(name: object) -> str | None:
    if not isinstance(name, str):
        return None
    return _SPDX.get(" ".join(name.lower().split()))


def equipment_slugs(
    names: Iterable[object], notes: list[str]
) -> list[str] | None:
    """
    Map equipment names to slugs; None when the record says nothing usable.

    ``[]`` means the record says no equipment is needed.
    """
    slugs: list[str] = []
    none_needed = False
    for name in names:
        text = clean_text(name)
        key = " ".join(text.lower().split()) if text else ""
        if key in _NO_EQUIPMENT:
            none_needed = True
            continue
        slug = _EQUIPMENT.get(key) or slug_of(key)
        if key in _UNSPECIFIED_EQUIPMENT or not slug:
            notes.append(
                f"equipment {show(name)} not mapped: it names nothing"
            )
            continue
        if slug not in slugs:
            slugs.append(slug)
    if slugs or none_needed:
        return slugs
    return None


def target_slugs(names: Iterable[object], notes: list[str]) -> list[str]:
    slugs: list[str] = []
    for name in names:
        text = clean_text(name)
        key = " ".join(text.lower().split()) if text else ""
        slug = _TARGETS.get(key) or slug_of(key)
        if not slug:
            notes.append(f"muscle {show(name)} not mapped: it names nothing")
        elif slug not in slugs:
            slugs.append(slug)
    return slugs


def list_of(
    record: Mapping[Any, Any], key: str, notes: list[str]
) -> list[Any]:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    notes.append(f"{key} is {describe(value)}, not a list; not mapped")
    return []


def kind_of(category: object, notes: list[str]) -> str | None:
    if category is None:
        return None
    kind = _KINDS.get(category) if isinstance(category, str) else None
    if kind is None:
        notes.append(f"category {show(category)} has no lowback kind")
    return kind
