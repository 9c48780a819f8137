"""
The reference engine: python-jsonschema and the rules, every problem.

It checks a parsed document in four passes and collects what each finds:

1. the walk: what a JSON Schema cannot see (nesting too deep, whole
   numbers written as decimals, numbers too long, lone surrogates);
2. the header: the document's type and format version;
3. the JSON Schema of that type, its errors translated
   (`lowback._validation._translate`);
4. the rules of `lowback._rules`, on every part the schema passed, and,
   for a plan with no other problem, the plan's own rule.

jsonschema is imported on first use, not when lowback is imported.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, Final, cast

from .._json import MAX_NUMBER_DIGITS
from .._pointer import ancestors, pointer_from
from .._problems import Problem
from .._rules import document_rules, report_rules
from .._schemas import (
    FORMAT_VERSION,
    INPUT_KINDS,
    SCHEMA_NAMES,
    load_schema,
    schema_id,
)
from ._header import header
from ._translate import translate

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from jsonschema.protocols import Validator

    from .._pointer import Path


@functools.cache
def validator(name: str) -> Validator:
    """
    Return the compiled Draft 2020-12 validator of a shipped schema.

    Built once per process; every lowback schema is in its registry and
    nothing else can be retrieved.
    """
    from jsonschema import Draft202012Validator, validators  # noqa: PLC0415
    from referencing import Registry, Resource  # noqa: PLC0415
    from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

    registry: Registry[Any] = Registry().with_resources(
        (
            load_schema(n)["$id"],
            Resource.from_contents(
                load_schema(n), default_specification=DRAFT202012
            ),
        )
        for n in SCHEMA_NAMES
    )
    strict: Any = validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator,
        validators={
            "pattern": _pattern,
            "minLength": _size("string", "minLength", min),
            "maxLength": _size("string", "maxLength", max),
            "minItems": _size("array", "minItems", min),
            "maxItems": _size("array", "maxItems", max),
            **_lean_keywords(),
        },
    )
    built: Validator = strict(load_schema(name), registry=registry)
    return built


def _lean_keywords() -> dict[str, Any]:
    """
    Return the keywords whose messages hold no value, where they can run.

    They use helpers that python-jsonschema keeps in ``jsonschema._utils``,
    not in its API: should a release move them, its own keywords serve,
    with the same problems and longer messages.
    """
    try:
        from jsonschema import _utils  # noqa: PLC0415
    except ImportError:
        return {}
    used = (
        "equal",
        "uniq",
        "extras_msg",
        "find_evaluated_property_keys_by_schema",
    )
    if not all(hasattr(_utils, name) for name in used):
        return {}
    return {
        "unevaluatedProperties": _unevaluated,
        "type": _type,
        "enum": _enum,
        "uniqueItems": _unique,
    }


def _pattern(
    validator: Any,  # noqa: ANN401, ARG001
    pattern: str,
    instance: object,
    schema: Any,  # noqa: ANN401, ARG001
) -> Iterator[Any]:
    """
    The ``pattern`` keyword with ECMA-262's ``$``.

    Python's ``$`` also matches before a final newline, so ``en`` with a
    newline after it would pass ``^[a-z]{2}$``; ECMA-262, which JSON
    Schema follows, and other validators refuse it.
    """
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    if isinstance(instance, str) and not compiled(pattern).search(instance):
        # lowback's own message is made from the error (_translate); the
        # library's would hold the whole value, which may be megabytes.
        yield ValidationError(f"does not match {pattern!r}")


def _size(kind: str, keyword: str, bound: Any) -> Any:  # noqa: ANN401
    """
    Return the *keyword* check (``maxLength``, say), with a short message.

    jsonschema's own puts the whole value in its message: megabytes for
    a long text or array, in a document that is too long anyway.
    """
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    def check(
        validator: Any,  # noqa: ANN401
        limit: int,
        instance: object,
        schema: Any,  # noqa: ANN401, ARG001
    ) -> Iterator[Any]:
        if not validator.is_type(instance, kind):
            return
        size = len(instance)  # type: ignore[arg-type]
        if bound(size, limit) != limit:
            yield ValidationError(f"has {size}, the {keyword} is {limit}")

    return check


def _type(
    validator: Any,  # noqa: ANN401
    types: Any,  # noqa: ANN401
    instance: object,
    schema: Any,  # noqa: ANN401, ARG001
) -> Iterator[Any]:
    """
    The ``type`` keyword, with a short message (see `_size`).
    """
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    names = [types] if isinstance(types, str) else types
    if not any(validator.is_type(instance, name) for name in names):
        yield ValidationError(f"is not of type {', '.join(map(repr, names))}")


def _enum(
    validator: Any,  # noqa: ANN401, ARG001
    enums: Any,  # noqa: ANN401
    instance: object,
    schema: Any,  # noqa: ANN401, ARG001
) -> Iterator[Any]:
    """
    The ``enum`` keyword, with a short message (see `_size`).
    """
    from jsonschema._utils import equal  # noqa: PLC0415
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    if all(not equal(each, instance) for each in enums):
        yield ValidationError(f"is not one of {enums!r}")


def _unique(
    validator: Any,  # noqa: ANN401
    unique: Any,  # noqa: ANN401
    instance: Any,  # noqa: ANN401
    schema: Any,  # noqa: ANN401, ARG001
) -> Iterator[Any]:
    """
    The ``uniqueItems`` keyword, with a short message (see `_size`).
    """
    from jsonschema._utils import uniq  # noqa: PLC0415
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    if unique and validator.is_type(instance, "array") and not uniq(instance):
        yield ValidationError("has items that are not unique")


def _unevaluated(
    validator: Any,  # noqa: ANN401
    unevaluated: Any,  # noqa: ANN401
    instance: Any,  # noqa: ANN401
    schema: Any,  # noqa: ANN401
) -> Iterator[Any]:
    """
    ``unevaluatedProperties``, without trying values against ``false``.

    jsonschema's own tries each value not evaluated otherwise against
    the subschema, and the error of a ``false`` subschema holds the
    whole value: megabytes, made for a key whose value is long, only to
    be dropped. With ``false``, every such key is unexpected whatever
    its value, so its same error is made here without that.
    """
    from jsonschema import Draft202012Validator  # noqa: PLC0415
    from jsonschema._utils import (  # noqa: PLC0415
        extras_msg,
        find_evaluated_property_keys_by_schema,
    )
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    if unevaluated is not False:
        keyword = Draft202012Validator.VALIDATORS["unevaluatedProperties"]
        yield from keyword(validator, unevaluated, instance, schema)
        return
    if not validator.is_type(instance, "object"):
        return
    # The keys are found as jsonschema finds them, less its trying of
    # every value against this very ``false``, which none passes.
    rest = {k: v for k, v in schema.items() if k != "unevaluatedProperties"}
    found = set(
        find_evaluated_property_keys_by_schema(validator, instance, rest)
    )
    extras = sorted((k for k in instance if k not in found), key=str)
    if extras:
        listed, verb = extras_msg(extras)
        yield ValidationError(
            f"Unevaluated properties are not allowed ({listed} {verb} "
            "unexpected)"
        )


@functools.cache
def compiled(pattern: str) -> re.Pattern[str]:
    """
    Return a schema pattern as Python reads it, ``$`` at the very end.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def schema_problems(
    value: object, schema: str | dict[str, Any]
) -> list[Problem]:
    """
    Return the schema problems of *value*, in document order.

    Args:
        value: A document, or a part of one.
        schema: The name of a shipped schema, or a schema whose ``$ref``s
            name the shipped ones.
    """
    if isinstance(schema, str):
        check = validator(schema)
    else:
        check = validator("plan").evolve(schema=schema)
    errors = sorted(
        check.iter_errors(cast("Any", value)),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    return list(translate(errors))


_SURROGATE = re.compile("[\ud800-\udfff]")
_NUMBER_LIMIT = 10**MAX_NUMBER_DIGITS


def walk(document: object, max_depth: int) -> Iterator[Problem]:
    """
    Find what the schema cannot.

    That is nesting too deep, whole numbers written as decimals, numbers
    too long, and lone surrogates in text.

    Iterative, so no document can exhaust the stack.
    """
    stack: list[tuple[object, Path]] = [(document, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, (dict, list)) and len(path) >= max_depth:
            yield Problem(
                pointer=pointer_from(path),
                code="too-deep",
                message=f"arrays and objects are nested more than "
                f"{max_depth} deep here",
            )
            return
        if isinstance(value, dict):
            # Keys are not checked: a key that is not a field is refused
            # by the schema, and no field name has a surrogate.
            stack.extend((v, (*path, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
        elif isinstance(value, float) and value.is_integer():
            yield Problem(
                pointer=pointer_from(path),
                code="not-whole-number",
                message=f"{value!r} is written as a decimal; lowback numbers "
                f"are whole numbers, so write {int(value)}",
            )
        elif type(value) is int and not -_NUMBER_LIMIT < value < _NUMBER_LIMIT:
            yield Problem(
                pointer=pointer_from(path),
                code="number-too-large",
                message=f"the number has more than {MAX_NUMBER_DIGITS} digits",
            )
        elif isinstance(value, str) and _SURROGATE.search(value):
            yield Problem(
                pointer=pointer_from(path),
                code="lone-surrogate",
                message="the text holds half of a UTF-16 surrogate pair, "
                "which is not a character; fix the \\u escape",
            )


def _under(pointer: str, pointers: set[str]) -> bool:
    """
    Whether *pointer* is in *pointers* or below one of them.
    """
    return any(a in pointers for a in ancestors(pointer))


#: Problems of a value out of place, which leave the shape of what holds
#: it as the rules read it: a value out of its range, text or a list too
#: long or too short or of the wrong pattern, a field not of the format.
_OUT_OF_PLACE: Final = frozenset(
    {
        "hold-out-of-range",
        "out-of-range",
        "too-long",
        "too-short",
        "bad-pattern",
        "not-a-slug",
        "blank-text",
        "bad-language",
        "unknown-field",
        "not-allowed",
        "duplicate-item",
        "unsupported-version",
        "missing-version",
        "missing-type",
        "unknown-type",
    }
)


class _Dirty:
    """
    Where the schema or the walk found something: the rules skip it.
    """

    def __init__(self, pointers: Iterable[str], misshapen: set[str]) -> None:
        self.pointers = set(pointers)
        self.above = {a for p in self.pointers for a in ancestors(p)}
        self.misshapen = misshapen
        self.misshapen_above = {a for p in misshapen for a in ancestors(p)}

    def sound(self, pointer: str) -> bool:
        """
        Whether no value at, above or below *pointer* has a wrong shape.
        """
        return pointer not in self.misshapen_above and not _under(
            pointer, self.misshapen
        )

    def clean(self, pointer: str) -> bool:
        """
        Whether nothing was found at, above or below *pointer*.
        """
        return not self.pointers or (
            pointer not in self.above and not _under(pointer, self.pointers)
        )


def input_kind(document: object, kind: str | None) -> str | None:
    """
    Return what *document* is checked as, when not a document type.

    That is *kind* when given (one of `INPUT_KINDS`); otherwise a routine
    spec when the document names its schema in ``$schema`` and has no
    ``type``, and None for everything else.
    """
    if kind is not None:
        return kind
    if (
        isinstance(document, dict)
        and "type" not in document
        and document.get("$schema") == schema_id("routine-spec")
    ):
        return "routine-spec"
    return None


def input_problems(
    document: object,
    kind: str | dict[str, Any],
    max_depth: int,
    rules: Iterable[Problem] = (),
) -> list[Problem]:
    """
    Return every problem of an input that does not say its type.

    The walk, the schema (*kind*, one of `INPUT_KINDS`, or a schema whose
    ``$ref`` names a part of a shipped one), then *rules* wherever the
    schema passed what they read; a pain-reports file gets the rules a
    report follows.
    """
    walked = list(walk(document, max_depth))
    if any(p.code == "too-deep" for p in walked):
        return walked
    replaced = {
        p.pointer
        for p in walked
        if p.code in {"number-too-large", "lone-surrogate"}
    }
    found = [
        p for p in schema_problems(document, kind) if p.pointer not in replaced
    ]
    schema_dirty = {p.pointer for p in found}
    found += [p for p in walked if not _under(p.pointer, schema_dirty)]
    if kind == INPUT_KINDS[1]:  # pain reports
        rules = report_rules(document, ())
    dirty = _Dirty(schema_dirty | {p.pointer for p in walked}, set())
    found += [p for p in rules if dirty.clean(p.pointer)]
    return found


def _rule_problems(
    kind: str, document: dict[str, Any], found: list[Problem]
) -> list[Problem]:
    """
    The problems of the rules, where the schema and the walk *found* some.

    A rule's problem where the schema found one, or below it, would only
    say it again.
    """
    dirty = _Dirty(
        {p.pointer for p in found},
        {p.pointer for p in found if p.code not in _OUT_OF_PLACE},
    )
    return [
        p
        for p in document_rules(kind, document, dirty)
        if not _under(p.pointer, dirty.pointers)
    ]


def problems(
    document: object,
    *,
    max_depth: int,
    schema_clean: bool = False,
    kind: str | None = None,
) -> list[Problem]:
    """
    Return every problem of a parsed document, in document order.

    Args:
        document: The parsed document.
        max_depth: Deepest nesting accepted.
        schema_clean: Whether the document is known to pass the walk and
            its schema (the fast engine found so), which saves both.
        kind: Check it as one of `INPUT_KINDS` rather than as the
            document type it says (see `input_kind`).
    """
    as_input = input_kind(document, kind)
    if as_input is not None:
        return input_problems(document, as_input, max_depth)
    walked = [] if schema_clean else list(walk(document, max_depth))
    if any(p.code == "too-deep" for p in walked):
        return walked
    kind, found = header(document)
    head = {p.pointer for p in found}
    if kind is None:
        return found + [p for p in walked if p.pointer not in head]
    assert isinstance(document, dict)  # noqa: S101 - header() checked it
    # A number too long or text with a surrogate has its own problem;
    # the schema's would only repeat it, as would its header's.
    replaced = head | {
        p.pointer
        for p in walked
        if p.code in {"number-too-large", "lone-surrogate"}
    }
    if head:
        # The rest is checked as if the header were right, as it says.
        document = {**document, "type": kind, "format_version": FORMAT_VERSION}
    if not schema_clean:
        found += [
            p
            for p in schema_problems(document, kind)
            if p.pointer not in replaced
        ]
    schema_dirty = {p.pointer for p in found}
    # Decimals the schema already refused need no second problem.
    found += [p for p in walked if not _under(p.pointer, schema_dirty)]
    found += _rule_problems(kind, document, [*found, *walked])
    if kind == "plan" and not found:
        from .._stored import document_differences  # noqa: PLC0415 - plans only

        found += document_differences(document)
    return found
