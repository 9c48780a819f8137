"""
What every rule uses: located problems, ranges and unique ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Protocol, TypeGuard

from .._pointer import pointer_from
from .._problems import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .._pointer import Path


class Found(Protocol):
    """
    Where the schema found something in a document.
    """

    def clean(self, pointer: str) -> bool:
        """Whether nothing was found at, above or below *pointer*."""

    def sound(self, pointer: str) -> bool:
        """
        Whether no value at, above or below *pointer* has a wrong shape.

        A wrong shape is a wrong type or a missing field; a value out of
        its range, an unknown field or text too long leave it sound.
        """


#: What the schema found; None when it found nothing anywhere.
Clean = Found | None

#: Keys every document carries before its content, in this order.
HEADER_KEYS: Final = ("$schema", "type", "format_version")


def problem(path: Path, code: str, message: str) -> Problem:
    return Problem(pointer=pointer_from(path), code=code, message=message)


def is_whole(value: object) -> TypeGuard[int]:
    return type(value) is int


# ---- ranges and ids


def inverted_range(value: object, at: Path) -> tuple[Problem, ...]:
    """
    A range's ``min`` is not above its ``max``.

    A tuple rather than a generator: it runs for every range of every
    exercise a catalog holds.
    """
    if not isinstance(value, dict):
        return ()
    low, high = value.get("min"), value.get("max")
    # Whole numbers only (`is_whole`, written out: this runs for every
    # range of every exercise of a catalog).
    if type(low) is int and type(high) is int and low > high:
        return (
            problem(
                (*at, "min"),
                "range-inverted",
                f"min {low} is above max {high}; swap them or make them equal",
            ),
        )
    return ()


def repeats(keys: Iterable[object]) -> Iterator[tuple[int, int]]:
    """
    Yield (first index, later index) for every key seen before.
    """
    first: dict[object, int] = {}
    for i, key in enumerate(keys):
        if key in first:
            yield first[key], i
        else:
            first[key] = i


def duplicate_ids(
    items: object, at: Path, what: str, inner: Path = ()
) -> list[Problem]:
    """
    No two objects of a list have the same ``id``.

    Args:
        items: The list.
        at: Where the list is.
        what: What the objects are, for the message.
        inner: Where each object's id sits below the item, when not at
            the item itself (a routine item's is in its exercise).
    """
    if not isinstance(items, list) or len(items) < 2:
        return []
    ids: list[object] = []
    for item in items:
        holder = item
        for step in inner:
            holder = holder.get(step) if isinstance(holder, dict) else None
        found = holder.get("id") if isinstance(holder, dict) else None
        # Only text ids can repeat; others are the schema's to report.
        ids.append(found if isinstance(found, str) else object())
    if len(set(ids)) == len(ids):
        return []
    return [
        problem(
            (*at, later, *inner, "id"),
            "duplicate-id",
            f"the {what} id {ids[later]!r} is already used at "
            f"{pointer_from((*at, first))}; ids must be unique",
        )
        for first, later in repeats(ids)
    ]


def below(base: str, problems: list[Problem]) -> list[Problem]:
    """
    Return *problems*, found from a part of a document, from its root.
    """
    return [
        Problem(pointer=base + p.pointer, code=p.code, message=p.message)
        for p in problems
    ]


def passed(clean: Clean, path: Path) -> bool:
    return clean is None or clean.clean(pointer_from(path))


def sound(clean: Clean, path: Path) -> bool:
    return clean is None or clean.sound(pointer_from(path))


def inside(value: int, limits: dict[str, Any]) -> bool:
    return bool(limits["min"] <= value <= limits["max"])


def range_words(limits: dict[str, Any]) -> str:
    low, high = limits["min"], limits["max"]
    return str(low) if low == high else f"{low} to {high}"
