"""
Checks of text fields shared by the model classes: slugs, plain text.
"""

from __future__ import annotations

import re
from typing import Final

from ._errors import InvalidValueError

#: Ids are lowercase slugs: letters, digits and single hyphens.
SLUG_PATTERN: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MAX: Final = 64
#: A BCP 47 language tag, checked for shape only (``en``, ``pt-BR``).
LANGUAGE_PATTERN: Final = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$"
LANGUAGE_MAX: Final = 35
NAME_MAX: Final = 200
TEXT_MAX: Final = 2000

_SLUG = re.compile(SLUG_PATTERN)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(field: str, value: object, limit: int) -> str:
    """
    Return *value* if it is text that is not blank, of at most *limit*.

    Raises:
        InvalidValueError: Naming *field* and what was wrong.
    """
    if type(value) is not str:
        raise InvalidValueError(
            field, value, f"{field}: expected text, got {value!r}"
        )
    if not value.strip():
        raise InvalidValueError(field, value, f"{field}: must not be blank")
    if _SURROGATE.search(value):
        raise InvalidValueError(
            field, value, f"{field}: holds a lone surrogate, not a character"
        )
    if len(value) > limit:
        raise InvalidValueError(
            field,
            value,
            f"{field}: at most {limit} characters, got {len(value)}",
        )
    return value


def check_slug(field: str, value: object) -> str:
    """
    Return *value* if it is a lowercase slug such as ``pelvic-tilt``.

    Raises:
        InvalidValueError: Naming *field* and the value given.
    """
    if (
        type(value) is not str
        or len(value) > SLUG_MAX
        or not _SLUG.fullmatch(value)
    ):
        raise InvalidValueError(
            field,
            value,
            f"{field}: expected a lowercase slug of at most {SLUG_MAX} "
            f"characters such as 'pelvic-tilt', got {value!r}",
        )
    return value
