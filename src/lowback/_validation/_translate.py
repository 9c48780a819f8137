"""
Schema errors as problems: one small translator per JSON Schema keyword.

python-jsonschema says which keyword failed where; a translator turns
that into a `Problem` with a JSON Pointer, a stable code and a sentence
a content author reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from .._checks import (
    CONTROL_PATTERN,
    LANGUAGE_PATTERN,
    SLUG_PATTERN,
    URL_PATTERN,
    control_character,
    describe,
)
from .._errors import did_you_mean
from .._pointer import pointer_from
from .._problems import Problem
from .._schemas import def_keys

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from jsonschema.exceptions import ValidationError

    from .._pointer import Path

    Translator = Callable[[ValidationError, Path], Iterator[Problem]]

_TYPE_NAMES: Final = {
    "integer": "a whole number",
    "string": "text",
    "array": "an array",
    "object": "an object",
    "boolean": "true or false",
    "number": "a number",
    "null": "null",
}

_PATTERN_CODES: Final = {
    SLUG_PATTERN: (
        "not-a-slug",
        "must be a lowercase slug such as 'pelvic-tilt'",
    ),
    LANGUAGE_PATTERN: (
        "bad-language",
        "must be a BCP 47 language tag such as 'en' or 'pt-BR'",
    ),
    r"\S": ("blank-text", "must not be blank"),
    URL_PATTERN: (
        "bad-url",
        (
            "must be an http or https URL with no space, such as "
            "'https://example.org/leaflet'"
        ),
    ),
}


def _label(path: Path) -> str:
    """
    Name the field at *path* for a message: ``hold max``, ``'purpose'``.
    """
    names = [p for p in path if isinstance(p, str)]
    if not names:
        # An item of an array that is the whole document: pain reports.
        return f"item {path[-1]}" if path else "the document"
    if names[-1] in {"min", "max"} and len(names) > 1:
        return f"{names[-2]} {names[-1]}"
    if isinstance(path[-1], int):
        return f"item {path[-1]} of {names[-1]!r}"
    return repr(names[-1])


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:17] + "..."


def _count(n: object, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _schema_of(error: ValidationError) -> Mapping[str, Any]:
    return error.schema if isinstance(error.schema, Mapping) else {}


def _required(error: ValidationError, path: Path) -> Iterator[Problem]:
    required: Any = error.validator_value
    instance: Any = error.instance
    for key in required:
        if key not in instance:
            yield Problem(
                pointer=pointer_from((*path, key)),
                code="missing-field",
                message=f"the required field {key!r} is missing",
            )


def _unknown_keys(error: ValidationError, path: Path) -> Iterator[Problem]:
    schema = _schema_of(error)
    known = set(schema.get("properties", {}))
    if error.validator == "unevaluatedProperties":
        known |= def_keys(str(schema.get("$ref", "")))
    instance: Any = error.instance
    for key in instance:
        if key not in known:
            hint = did_you_mean(key, sorted(known - set(instance)))
            yield Problem(
                pointer=pointer_from((*path, key)),
                code="unknown-field",
                message=f"{key!r} is not a field here"
                f"{hint or '; check its spelling'} (allowed: "
                f"{', '.join(sorted(known))})",
            )


def _type(error: ValidationError, path: Path) -> Iterator[Problem]:
    value: Any = error.validator_value
    names = [value] if isinstance(value, str) else list(value)
    want = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
    yield Problem(
        pointer=pointer_from(path),
        code="wrong-type",
        message=f"{_label(path)} must be {want}, got "
        f"{describe(error.instance)}",
    )


def _bound(error: ValidationError, path: Path) -> Iterator[Problem]:
    schema = _schema_of(error)
    low, high = schema.get("minimum"), schema.get("maximum")
    unit = " s" if "hold" in path else ""
    below = error.validator == "minimum"
    yield Problem(
        pointer=pointer_from(path),
        code="hold-out-of-range" if unit else "out-of-range",
        message=f"{_label(path)}: {_short(error.instance)}{unit} is "
        f"{'below' if below else 'above'} the {low if below else high}{unit} "
        f"limit; use a whole number from {low} to {high}",
    )


def _choice(error: ValidationError, path: Path) -> Iterator[Problem]:
    value: Any = error.validator_value
    if path == ("$schema",):
        yield Problem(
            pointer="/$schema",
            code="foreign-schema",
            message=f"'$schema' may only name lowback's schema for this "
            f"document, {value!r}, got {describe(error.instance)}; remove "
            "it or write that",
        )
        return
    options = value if error.validator == "enum" else [value]
    yield Problem(
        pointer=pointer_from(path),
        code="not-allowed",
        message=f"{_label(path)} must be one of "
        f"{', '.join(repr(o) for o in options)}, got "
        f"{describe(error.instance)}{_closest(error.instance, options)}",
    )


def _closest(value: object, options: list[Any]) -> str:
    """
    Say which choice a misspelt text (``'stretching'``) is closest to.
    """
    words = [o for o in options if isinstance(o, str)]
    return did_you_mean(value, words) if isinstance(value, str) else ""


def _pattern(error: ValidationError, path: Path) -> Iterator[Problem]:
    if error.validator_value == CONTROL_PATTERN:
        yield Problem(
            pointer=pointer_from(path),
            code="control-character",
            message=f"{_label(path)} holds "
            f"{control_character(str(error.instance))}; text may hold no "
            "control character (remove it, or write a space)",
        )
        return
    code, rule = _PATTERN_CODES.get(
        str(error.validator_value),
        ("bad-pattern", "does not have the expected form"),
    )
    yield Problem(
        pointer=pointer_from(path),
        code=code,
        message=f"{_label(path)} {rule}, got {describe(error.instance)}",
    )


def _size(error: ValidationError, path: Path) -> Iterator[Problem]:
    keyword = str(error.validator)
    least = keyword.startswith("min")
    what = "character" if "Length" in keyword else "item"
    instance = error.instance
    size = len(instance) if isinstance(instance, (str, list)) else 0
    yield Problem(
        pointer=pointer_from(path),
        code="too-short" if least else "too-long",
        message=f"{_label(path)} must have "
        f"{'at least' if least else 'at most'} "
        f"{_count(error.validator_value, what)}, has {size}",
    )


def _unique(
    error: ValidationError,  # noqa: ARG001 - every translator takes it
    path: Path,
) -> Iterator[Problem]:
    yield Problem(
        pointer=pointer_from(path),
        code="duplicate-item",
        message=f"{_label(path)} lists the same item more than once",
    )


def _other(error: ValidationError, path: Path) -> Iterator[Problem]:
    # Every keyword the shipped schemas use has a translator; this one
    # is for a keyword a later schema adds before its translator does.
    yield Problem(
        pointer=pointer_from(path), code="invalid", message=error.message
    )


#: The translator of each keyword the shipped schemas use.
TRANSLATORS: Final[dict[str, Translator]] = {
    "required": _required,
    "additionalProperties": _unknown_keys,
    "unevaluatedProperties": _unknown_keys,
    "type": _type,
    "minimum": _bound,
    "maximum": _bound,
    "enum": _choice,
    "const": _choice,
    "pattern": _pattern,
    "minLength": _size,
    "maxLength": _size,
    "minItems": _size,
    "maxItems": _size,
    "uniqueItems": _unique,
}
#: Keywords about an object's keys: said once for each object, however
#: many subschemas apply them.
_PER_OBJECT: Final = frozenset(
    {"required", "additionalProperties", "unevaluatedProperties"}
)


def translate(errors: Iterable[ValidationError]) -> Iterator[Problem]:
    """
    Yield the problems of schema errors, in the order given.
    """
    seen: set[tuple[str, str]] = set()
    for error in errors:
        path: Path = tuple(error.absolute_path)
        keyword = str(error.validator)
        if keyword in _PER_OBJECT:
            once = (pointer_from(path), keyword)
            if once in seen or not isinstance(error.instance, dict):
                continue
            seen.add(once)
        yield from TRANSLATORS.get(keyword, _other)(error, path)
