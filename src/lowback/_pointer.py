"""
JSON Pointers (RFC 6901), written, split and resolved in one place.

Problems carry pointers, library defaults name values by pointer, and
the validator walks documents by them; all of that goes through here.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

#: A path inside a JSON value: object keys and array indexes.
Path = tuple[str | int, ...]


def pointer_from(parts: Iterable[str | int]) -> str:
    """
    Return the JSON Pointer for a path of keys and indexes.
    """
    return "".join(
        "/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts
    )


@functools.lru_cache(maxsize=256)
def tokens(pointer: str) -> tuple[str, ...] | None:
    """
    Split a pointer into its unescaped reference tokens.

    Returns:
        The tokens (none for ``""``, the whole value), or None when
        *pointer* is not a JSON Pointer: it does not start with ``/``.
        The last few are kept: the same pointers recur in every exercise
        of a catalog.
    """
    if pointer == "":
        return ()
    if not pointer.startswith("/"):
        return None
    return tuple(
        t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")
    )


def is_index(part: str) -> bool:
    """
    Whether a reference token can name an array item.

    That is digits, without a leading zero.
    """
    return (
        part.isascii() and part.isdigit() and (part == "0" or part[0] != "0")
    )


class _Missing:
    """
    What `value_at` returns when a pointer names nothing.
    """


MISSING: Final = _Missing()


def value_at(value: object, pointer: str) -> object:
    """
    Return the value *pointer* names inside the plain JSON *value*.

    Objects are dicts and arrays are lists, as ``json.loads`` gives them;
    ``None`` is a value (JSON's null).

    Returns:
        The value, or `MISSING` when the pointer names nothing.
    """
    parts = tokens(pointer)
    if parts is None:
        return MISSING
    current = value
    for token in parts:
        if isinstance(current, dict) and token in current:
            current = current[token]
        elif (
            isinstance(current, list)
            and is_index(token)
            and int(token) < len(current)
        ):
            current = current[int(token)]
        else:
            return MISSING
    return current


def resolves(value: object, pointer: str) -> bool:
    """
    Whether *pointer* names a value inside the plain JSON *value*.
    """
    return value_at(value, pointer) is not MISSING


def field_name(pointer: str) -> str:
    """
    Name the field a pointer names as Python would: ``steps[0].phase``.
    """
    name = ""
    for token in tokens(pointer) or ():
        name += f"[{token}]" if is_index(token) else f".{token}"
    return name.removeprefix(".")


def ancestors(pointer: str) -> Iterator[str]:
    """
    Yield *pointer* and every pointer above it, up to ``""``.
    """
    yield pointer
    while pointer:
        pointer = pointer.rsplit("/", 1)[0]
        yield pointer
