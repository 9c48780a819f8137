"""
Checks of single fields shared by the model classes.

Whole numbers, text, slugs, members of an enum, instances of a class,
tuples; and `raise_first`, which turns the first problem a rule of
`lowback._rules` finds into the model's exception.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._errors import InvalidValueError
from ._pointer import MISSING, field_name, value_at
from ._problems import CONTROL_CLASS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ._problems import Problem

#: Ids are lowercase slugs: letters, digits and single hyphens.
SLUG_PATTERN: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MAX: Final = 64
#: A BCP 47 language tag, checked for shape only (``en``, ``pt-BR``).
LANGUAGE_PATTERN: Final = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$"
LANGUAGE_MAX: Final = 35
#: Text holds no control character: none of C0 (NUL to US, with tab,
#: line feed and carriage return), DEL, C1 (with NEL) or the line and
#: paragraph separators, which can move a terminal's cursor, wipe what
#: it shows, or break a line of a calendar or a heading of Markdown.
CONTROL_PATTERN: Final = f"^[^{CONTROL_CLASS}]*$"
#: A web address: http or https only, no space or control character;
#: so no ``javascript:`` or ``file:`` URL reaches a page or an export.
URL_PATTERN: Final = r"^https?://[^\u0000-\u0020\u007f-\u009f\u2028\u2029]+$"
NAME_MAX: Final = 200
TEXT_MAX: Final = 2000
#: How many entries each list of the format may hold, so that a small
#: document cannot ask for a huge amount of work (docs/format.md, Limits).
#: The schemas say the same, as maxItems; a test checks they agree.
PHASES_MAX: Final = 10
STEPS_MAX: Final = 50
CAUTIONS_MAX: Final = 50
#: Equipment, targets, library defaults, paragraphs, notices, advice.
LIST_MAX: Final = 20
ITEMS_MAX: Final = 50
#: Holds in one session of a routine: repetitions x sets x sides x
#: phases, summed over its exercises.
SESSION_HOLDS_MAX: Final = 10_000
REPORTS_MAX: Final = 10_000
#: Doses in a plan: its days x its exercises.
PLAN_CELLS_MAX: Final = 100_000
#: Exercises in a catalog.
EXERCISES_MAX: Final = 100_000

_SLUG = re.compile(SLUG_PATTERN)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_SURROGATE = re.compile("[\ud800-\udfff]")
_URL = re.compile(URL_PATTERN.replace("$", r"\Z"))
_CONTROL = re.compile(f"[{CONTROL_CLASS}]")
#: Names of the control characters people meet most.
_CONTROL_NAMES: Final = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x1b": "an escape (ESC)",
    "\x07": "a bell (BEL)",
    "\x00": "a null (NUL)",
    "\x85": "a next line (NEL)",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}


def control_character(value: str) -> str | None:
    """
    Name the first control character of *value*, or None if it has none.

    Such as ``an escape (ESC, U+001B)``; see `CONTROL_PATTERN`.
    """
    found = _CONTROL.search(value)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    name = _CONTROL_NAMES.get(char)
    if name is None:
        return f"the control character {code}"
    if name.endswith(")"):
        return f"{name[:-1]}, {code})"
    return f"{name} ({code})"


def check_url(field: str, value: object, limit: int) -> str:
    """
    Return *value* if it is an http or https URL of at most *limit*.

    Raises:
        InvalidValueError: Naming *field* and what was wrong.
    """
    check_text(field, value, limit)
    if not _URL.search(str(value)):
        raise InvalidValueError(
            field,
            value,
            f"{field}: must be an http or https URL with no space, such as "
            f"'https://example.org/leaflet', got {describe(value)}",
        )
    return str(value)


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
    control = control_character(value)
    if control is not None:
        raise InvalidValueError(
            field,
            value,
            f"{field}: holds {control}; text may hold no control character",
        )
    if len(value) > limit:
        raise InvalidValueError(
            field,
            value,
            f"{field}: at most {limit} characters, got {len(value)}",
        )
    return value


def _check_shape(
    field: str, value: object, shape: re.Pattern[str], limit: int, want: str
) -> str:
    if (
        type(value) is not str
        or len(value) > limit
        or not shape.fullmatch(value)
    ):
        raise InvalidValueError(
            field, value, f"{field}: expected {want}, got {describe(value)}"
        )
    return value


def check_slug(field: str, value: object) -> str:
    """
    Return *value* if it is a lowercase slug such as ``pelvic-tilt``.

    Raises:
        InvalidValueError: Naming *field* and the value given.
    """
    return _check_shape(
        field,
        value,
        _SLUG,
        SLUG_MAX,
        f"a lowercase slug of at most {SLUG_MAX} characters such as "
        "'pelvic-tilt'",
    )


def check_language(field: str, value: object) -> str:
    """
    Return *value* if it has the shape of a BCP 47 tag (``en``, ``pt-BR``).

    Raises:
        InvalidValueError: Naming *field* and the value given.
    """
    return _check_shape(
        field,
        value,
        _LANGUAGE,
        LANGUAGE_MAX,
        "a BCP 47 language tag such as 'en' or 'pt-BR'",
    )


def count(value: object, word: str) -> str:
    """
    Return *value* and *word*, plural unless the value is one.

    This is lowback's one pluraliser.

    ``count(1, "set")`` is ``1 set``; a range,
    ``count(Range(2, 4), "time")``, is ``2 to 4 times``.
    """
    single = str(value) == "1"
    return f"{value} {word}{'' if single else 's'}"


def describe(value: object) -> str:
    """
    Name a JSON or Python value for a message: ``the boolean true``.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the decimal number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, (list, tuple)):
        return f"an array of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    return repr(value)


def check_whole(field: str, value: object, low: int, high: int) -> int:
    """
    Return *value* if it is a whole number from *low* to *high*.

    Booleans and floats are refused even where Python would accept them
    (``True == 1`` and ``5.0 == 5``).

    Raises:
        InvalidValueError: Naming *field*, the allowed range and the
            value given.
    """
    if type(value) is not int:
        raise InvalidValueError(
            field,
            value,
            f"{field}: expected a whole number from {low} to {high}, "
            f"got {describe(value)}",
        )
    if not low <= value <= high:
        raise InvalidValueError(
            field,
            value,
            f"{field}: {value} is outside the allowed {low} to {high}",
        )
    return value


class Choice(enum.StrEnum):
    """
    An enum whose members are words of the format.

    Looking up a word that is not one of them, as in ``Change("wrose")``,
    raises `InvalidValueError` naming the words allowed.
    """

    @classmethod
    def _missing_(cls, value: object) -> Choice:
        words = ", ".join(repr(m.value) for m in cls)
        raise InvalidValueError(
            cls.__name__,
            value,
            f"{cls.__name__}: expected one of {words}, got {describe(value)}",
        )


def check_member(field: str, value: object, kind: type[enum.Enum]) -> None:
    """
    Raise `InvalidValueError` unless *value* is a member of *kind*.

    A plain string is refused: ``ExerciseKind.STRETCH``, not ``"stretch"``.
    """
    if not isinstance(value, kind):
        choices = ", ".join(f"{kind.__name__}.{m.name}" for m in kind)
        word = next((m for m in kind if m.value == value), None)
        hint = (
            ""
            if word is None
            else f"; write {kind.__name__}.{word.name}, or "
            f"{kind.__name__}({value!r}) for a word from a form or JSON"
        )
        raise InvalidValueError(
            field,
            value,
            f"{field}: expected one of {choices}, got {value!r}{hint}",
        )


def check_choice(field: str, value: object, choices: tuple[str, ...]) -> None:
    """
    Check that *value* is one of the words *choices*.

    Raises:
        InvalidValueError: Naming *field* and the words allowed.
    """
    if not isinstance(value, str) or value not in choices:
        raise InvalidValueError(
            field,
            value,
            f"{field}: expected one of {', '.join(choices)}, got {value!r}",
        )


def check_instance(
    field: str, value: object, kind: type[Any] | tuple[type[Any], ...]
) -> None:
    """
    Raise `InvalidValueError` unless *value* is an instance of *kind*.

    *kind* is a class, or a tuple of classes any of which will do.
    """
    if not isinstance(value, kind):
        kinds = kind if isinstance(kind, tuple) else (kind,)
        want = " or ".join(_a(k.__name__) for k in kinds)
        raise InvalidValueError(
            field,
            value,
            f"{field}: expected {want}, got {_a(type(value).__name__)}",
        )


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'AEIOUaeiou' else 'a'} {word}"


def check_tuple(field: str, value: object) -> None:
    """
    Raise `InvalidValueError` unless *value* is a tuple.

    Model objects are immutable and hashable, so sequences are tuples.
    """
    if not isinstance(value, tuple):
        raise InvalidValueError(
            field,
            value,
            f"{field}: expected a tuple, got {type(value).__name__}; "
            "wrap it in tuple()",
        )


def check_each(
    field: str, value: object, check: Callable[..., object], *args: object
) -> None:
    """
    Check that *value* is a tuple and each item passes *check*.
    """
    check_tuple(field, value)
    assert isinstance(value, tuple)  # noqa: S101 - checked above
    for item in value:
        check(field, item, *args)


def check_count(field: str, value: object, most: int) -> None:
    """
    Check that *value* is a tuple of at most *most* entries.
    """
    check_tuple(field, value)
    assert isinstance(value, tuple)  # noqa: S101 - checked above
    if len(value) > most:
        raise InvalidValueError(
            field,
            f"<{len(value)} entries>",
            f"{field}: at most {most} entries, got {len(value)}",
        )


def check_unique(field: str, value: object) -> None:
    """
    Check that *value* is a tuple that lists nothing twice.
    """
    check_tuple(field, value)
    assert isinstance(value, tuple)  # noqa: S101 - checked above
    if len(set(value)) != len(value):
        raise InvalidValueError(
            field, value, f"{field}: each entry may be listed only once"
        )


def check_slugs(field: str, value: object) -> None:
    """
    Check that *value* is a tuple of distinct slugs.
    """
    check_each(field, value, check_slug)
    check_unique(field, value)


def raise_first(
    problems: Iterable[Problem], plain: object, label: str | None = None
) -> None:
    """
    Raise `InvalidValueError` for the first of *problems*, if any.

    Args:
        problems: What a rule found in *plain*.
        plain: The plain JSON form of the object the rule read, for the
            offending value.
        label: Starts the message instead of the field's name; ``""``
            for a rule whose message names the field itself.
    """
    for problem in problems:
        field = field_name(problem.pointer) or (label or "value")
        value = value_at(plain, problem.pointer)
        start = field if label is None else label
        raise InvalidValueError(
            field,
            None if value is MISSING else value,
            f"{start}: {problem.message}" if start else problem.message,
        )


def optional(check: Callable[..., object], *args: object) -> Any:  # noqa: ANN401
    """
    Return an attrs validator that lets None through and checks the rest.
    """
    return attrs.validators.optional(validator(check, *args))


def validator(check: Callable[..., object], *args: object) -> Any:  # noqa: ANN401
    """
    Return an attrs validator that calls ``check(name, value, *args)``.

    The field's name goes into every message.
    """

    def validate(
        instance: object,  # noqa: ARG001
        attribute: Any,  # noqa: ANN401
        value: object,
    ) -> None:
        check(attribute.name, value, *args)

    return validate
