"""
Validation: the schema pass, then the rules a schema cannot say.

`validate` never raises on content; it returns a `Report` listing every
problem with a JSON Pointer, a stable code and a sentence.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from . import _fast
from ._checks import LANGUAGE_PATTERN, SLUG_PATTERN, describe
from ._converter import (
    FORMAT_VERSION,
    HEADER_KEYS,
    get_converter,
    structure_errors,
)
from ._dose import Dose
from ._errors import FileReadError
from ._format import MAX_BYTES, MAX_DEPTH, MAX_NUMBER_DIGITS, locate, parse
from ._model import (
    LibraryDefault,
    Step,
    cross_field_violations,
)
from ._report import Problem, Report, pointer_from
from ._rules import Progression
from ._rules_docs import plan_rules, report_rules, routine_rules
from ._schema import DOCUMENT_TYPES, def_keys, validator

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


Path = tuple[str | int, ...]

#: Whether `validate` and `validate_text` may take the fast path of the
#: ``lowback[fast]`` extra (`lowback._fast`), which answers exactly as
#: the reference path or hands over to it. False when orjson or
#: jsonschema-rs is missing, or ``LOWBACK_REFERENCE=1`` is set.
FAST_PATH = _fast.wanted()


_TYPE_NAMES = {
    "integer": "a whole number",
    "string": "text",
    "array": "an array",
    "object": "an object",
    "boolean": "true or false",
    "number": "a number",
}

_PATTERN_CODES = {
    SLUG_PATTERN: (
        "not-a-slug",
        "must be a lowercase slug such as 'pelvic-tilt'",
    ),
    LANGUAGE_PATTERN: (
        "bad-language",
        "must be a BCP 47 language tag such as 'en' or 'pt-BR'",
    ),
    r"\S": ("blank-text", "must not be blank"),
}


def _label(path: Path) -> str:
    """
    Name the field at *path* for a message: ``hold max``, ``'purpose'``.
    """
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return "the document"
    if names[-1] in {"min", "max"} and len(names) > 1:
        return f"{names[-2]} {names[-1]}"
    if isinstance(path[-1], int):
        return f"item {path[-1]} of {names[-1]!r}"
    return repr(names[-1])


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:17] + "..."


def _plural(count: object, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _schema_problems(  # noqa: C901, PLR0912
    error: ValidationError, seen: set[tuple[str, str]]
) -> Iterator[Problem]:
    path: Path = tuple(error.absolute_path)
    pointer = pointer_from(path)
    kind = str(error.validator)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    instance = error.instance
    value: Any = error.validator_value
    if kind in {"required", "additionalProperties", "unevaluatedProperties"}:
        if (pointer, kind) in seen or not isinstance(instance, dict):
            return
        seen.add((pointer, kind))
        if kind == "required":
            for key in value:
                if key not in instance:
                    yield Problem(
                        pointer=pointer_from((*path, key)),
                        code="missing-field",
                        message=f"the required field {key!r} is missing",
                    )
            return
        known = set(schema.get("properties", {}))
        if kind == "unevaluatedProperties":
            known |= def_keys(str(schema.get("$ref", "")))
        for key in instance:
            if key not in known:
                yield Problem(
                    pointer=pointer_from((*path, key)),
                    code="unknown-field",
                    message=f"{key!r} is not a field here; check its "
                    f"spelling (allowed: {', '.join(sorted(known))})",
                )
        return
    title = _label(path)
    got = describe(instance)
    if kind == "type":
        names = [value] if isinstance(value, str) else list(value)
        want = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        yield Problem(
            pointer=pointer,
            code="wrong-type",
            message=f"{title} must be {want}, got {got}",
        )
    elif kind in {"minimum", "maximum"}:
        low, high = schema.get("minimum"), schema.get("maximum")
        unit = " s" if "hold" in path else ""
        side = "below" if kind == "minimum" else "above"
        limit = low if kind == "minimum" else high
        code = "hold-out-of-range" if unit else "out-of-range"
        yield Problem(
            pointer=pointer,
            code=code,
            message=f"{title}: {_short(instance)}{unit} is {side} the "
            f"{limit}{unit} limit; use a whole number from {low} to {high}",
        )
    elif kind in {"enum", "const"}:
        options = value if kind == "enum" else [value]
        shown = ", ".join(repr(o) for o in options)
        yield Problem(
            pointer=pointer,
            code="not-allowed",
            message=f"{title} must be one of {shown}, got {got}",
        )
    elif kind == "pattern":
        code, rule = _PATTERN_CODES.get(
            str(error.validator_value),
            ("bad-pattern", "does not have the expected form"),
        )
        yield Problem(
            pointer=pointer, code=code, message=f"{title} {rule}, got {got}"
        )
    elif kind in {"minLength", "maxLength", "minItems", "maxItems"}:
        what = "character" if "Length" in kind else "item"
        bound = "at least" if kind.startswith("min") else "at most"
        code = "too-short" if kind.startswith("min") else "too-long"
        size = len(instance) if isinstance(instance, (str, list)) else 0
        yield Problem(
            pointer=pointer,
            code=code,
            message=f"{title} must have {bound} "
            f"{_plural(error.validator_value, what)}, has {size}",
        )
    elif kind == "uniqueItems":
        yield Problem(
            pointer=pointer,
            code="duplicate-item",
            message=f"{title} lists the same item more than once",
        )
    else:  # pragma: no cover - every keyword we use is handled above
        yield Problem(pointer=pointer, code="invalid", message=error.message)


_SURROGATE = re.compile("[\ud800-\udfff]")
_NUMBER_LIMIT = 10**MAX_NUMBER_DIGITS


def _walk(document: object, max_depth: int) -> Iterator[Problem]:
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
            yield _surrogate(path)


def _surrogate(path: Path) -> Problem:
    return Problem(
        pointer=pointer_from(path),
        code="lone-surrogate",
        message="the text holds half of a UTF-16 surrogate pair, which is "
        "not a character; fix the \\u escape",
    )


def _duplicate_ids(items: object, base: Path, what: str) -> Iterator[Problem]:
    if not isinstance(items, list):
        return
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        key = item["id"]
        if key in first:
            yield Problem(
                pointer=pointer_from((*base, i, "id")),
                code="duplicate-id",
                message=f"the {what} id {key!r} is already used at "
                f"{pointer_from((*base, first[key]))}; ids must be unique",
            )
        else:
            first[key] = i


def _ranges(exercise: dict[str, Any], base: Path) -> Iterator[Problem]:
    dose = exercise.get("dose")
    if not isinstance(dose, dict):
        return
    places: list[tuple[Path, object]] = [
        (("dose", "repetitions"), dose.get("repetitions")),
        (("dose", "sets"), dose.get("sets")),
    ]
    phases = dose.get("phases")
    if isinstance(phases, list):
        places.extend(
            (("dose", "phases", i, "hold"), p.get("hold"))
            for i, p in enumerate(phases)
            if isinstance(p, dict)
        )
    for path, value in places:
        if not isinstance(value, dict):
            continue
        low, high = value.get("min"), value.get("max")
        if type(low) is int and type(high) is int and low > high:
            yield Problem(
                pointer=pointer_from((*base, *path, "min")),
                code="range-inverted",
                message=f"min is {low} but max is {high}; min must not be "
                "above max",
            )
    yield from _duplicate_ids(phases, (*base, "dose", "phases"), "phase")


def _resolves(document: object, pointer: str) -> bool:
    if pointer and not pointer.startswith("/"):
        return False
    current = document
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif (
            isinstance(current, list)
            and (part.isascii() and part.isdigit())
            and (part == "0" or part[0] != "0")
            and int(part) < len(current)
        ):
            current = current[int(part)]
        else:
            return False
    return True


def _cross_fields(exercise: dict[str, Any], base: Path) -> Iterator[Problem]:
    """
    Apply the model's cross-field rules to a schema-valid exercise.
    """
    converter = get_converter()
    dose = converter.structure(exercise["dose"], Dose)
    steps = converter.structure(exercise["steps"], tuple[Step, ...])
    progression = (
        converter.structure(exercise["progression"], cast("Any", Progression))
        if "progression" in exercise
        else None
    )
    defaults = converter.structure(
        exercise.get("library_defaults", []), tuple[LibraryDefault, ...]
    )
    # Pointers resolve against the exercise as the model sees it:
    # defaults filled in, the document header left out.
    normal = {
        **{k: v for k, v in exercise.items() if k not in HEADER_KEYS},
        "equipment": exercise.get("equipment", []),
        "targets": exercise.get("targets", []),
        "cautions": exercise.get("cautions", []),
        "library_defaults": exercise.get("library_defaults", []),
        "dose": converter.unstructure(dose),
    }
    if progression is not None:
        normal["progression"] = converter.unstructure(progression)
    for path, _value, code, message in cross_field_violations(
        steps=steps,
        dose=dose,
        progression=progression,
        library_defaults=defaults,
        resolve=lambda pointer: _resolves(normal, pointer),
    ):
        yield Problem(
            pointer=pointer_from((*base, *path)), code=code, message=message
        )


def _exercise_rules(
    exercise: object, base: Path, schema_clean: bool
) -> Iterator[Problem]:
    if not isinstance(exercise, dict):
        return
    if schema_clean and FAST_PATH and _fast.exercise_clean(exercise):
        return
    found = list(_ranges(exercise, base))
    yield from found
    if schema_clean and not found:
        try:
            rules = list(_cross_fields(exercise, base))
        except structure_errors():
            # Only reached if the schema let through something the model
            # refuses; the schema pass has then said nothing, so say it.
            rules = [
                Problem(
                    pointer=pointer_from(base),
                    code="invalid",
                    message="this exercise does not fit the lowback model",
                )
            ]
        yield from rules


def _header(document: object) -> tuple[str | None, list[Problem]]:
    if not isinstance(document, dict):
        return None, [
            Problem(
                pointer="",
                code="not-an-object",
                message="a lowback document is a JSON object, got "
                f"{describe(document)}",
            )
        ]
    kinds = ", ".join(repr(k) for k in DOCUMENT_TYPES)
    kind = document.get("type")
    if "type" not in document:
        return None, [
            Problem(
                pointer="/type",
                code="missing-type",
                message=f'the document does not say its type; add "type" '
                f"with one of {kinds}",
            )
        ]
    if kind not in DOCUMENT_TYPES:
        return None, [
            Problem(
                pointer="/type",
                code="unknown-type",
                message=f"the document type must be one of {kinds}, got "
                f"{describe(kind)}",
            )
        ]
    version = document.get("format_version")
    if "format_version" not in document:
        return None, [
            Problem(
                pointer="/format_version",
                code="missing-version",
                message="the document does not say its format version; add "
                f'"format_version": "{FORMAT_VERSION}"',
            )
        ]
    if version != FORMAT_VERSION:
        return None, [
            Problem(
                pointer="/format_version",
                code="unsupported-version",
                message=f"this lowback reads format {FORMAT_VERSION!r}, got "
                f"{describe(version)}",
            )
        ]
    return str(kind), []


def _ancestors(pointer: str) -> Iterator[str]:
    """
    Yield *pointer* and every pointer above it, up to ``""``.
    """
    yield pointer
    while pointer:
        pointer = pointer.rsplit("/", 1)[0]
        yield pointer


def _under(pointer: str, pointers: set[str]) -> bool:
    """
    Whether *pointer* is in *pointers* or below one of them.
    """
    return any(a in pointers for a in _ancestors(pointer))


def validate(document: object, *, max_depth: int = MAX_DEPTH) -> Report:
    """
    Check a parsed document against the lowback format.

    First the document's declared type and version, then its JSON Schema,
    then the rules a schema cannot say: min not above max, unique ids,
    phase references and library-default pointers that resolve, targets
    inside the allowed dose, whole numbers not written as decimals.

    Args:
        document: A parsed JSON value, such as ``json.loads`` returns.
        max_depth: Deepest nesting accepted.

    Returns:
        A `Report` of every problem; empty when the document is valid.
    """
    fast = FAST_PATH and _fast.schema_clean(document, max_depth)
    walked = [] if fast else list(_walk(document, max_depth))
    if any(p.code == "too-deep" for p in walked):
        return Report(tuple(walked))
    kind, problems = _header(document)
    if kind is None:
        header = {"/type", "/format_version"}
        rest = [p for p in walked if p.pointer not in header]
        return Report(tuple(problems + rest))
    replaces = {
        p.pointer
        for p in walked
        if p.code in {"number-too-large", "lone-surrogate"}
    }
    seen: set[tuple[str, str]] = set()
    unsorted: Iterable[ValidationError] = (
        () if fast else validator(kind).iter_errors(cast("Any", document))
    )
    errors = sorted(unsorted, key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        problems.extend(
            p
            for p in _schema_problems(error, seen)
            # A number too long or text with a surrogate has its own
            # problem; the schema's would only repeat it.
            if p.pointer not in replaces
        )
    schema_dirty = {p.pointer for p in problems}
    # Decimals the schema already refused need no second problem.
    problems.extend(p for p in walked if not _under(p.pointer, schema_dirty))
    dirty = schema_dirty | {p.pointer for p in walked}
    above_dirty = {a for d in dirty for a in _ancestors(d)}

    def clean(pointer: str) -> bool:
        # Nothing dirty, as after the fast schema pass: answer at once.
        return not dirty or (
            pointer not in above_dirty and not _under(pointer, dirty)
        )

    assert isinstance(document, dict)  # noqa: S101 - _header checked it
    if kind == "exercise":
        problems.extend(_exercise_rules(document, (), clean("")))
    elif kind == "routine":
        problems.extend(
            routine_rules(document, (), clean, _exercise_rules, _duplicate_ids)
        )
    elif kind == "plan":
        found = list(
            routine_rules(
                document.get("routine"),
                ("routine",),
                clean,
                _exercise_rules,
                _duplicate_ids,
            )
        )
        problems.extend(found)
        problems.extend(plan_rules(document, not problems))
    else:
        exercises = document.get("exercises")
        if isinstance(exercises, list):
            for i, exercise in enumerate(exercises):
                base = ("exercises", i)
                problems.extend(
                    _exercise_rules(exercise, base, clean(pointer_from(base)))
                )
            problems.extend(
                _duplicate_ids(exercises, ("exercises",), "exercise")
            )
        problems.extend(
            _duplicate_ids(
                document.get("safety_notices"),
                ("safety_notices",),
                "safety notice",
            )
        )
    return Report(tuple(problems))


def validate_text(
    data: str | bytes,
    *,
    file: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> tuple[Any, Report]:
    """
    Read JSON strictly and validate it, locating every problem.

    Args:
        data: The document as UTF-8 bytes or text.
        file: A file name to put on each problem.
        max_bytes: Refuse larger documents.
        max_depth: Refuse deeper nesting.

    Returns:
        The parsed document (None when unreadable) and the report, whose
        problems carry a line and column where the text has them.
    """
    read = _fast.parse if FAST_PATH else parse
    document, problems = read(data, max_bytes=max_bytes, max_depth=max_depth)
    if problems:
        # The reader located these already; the bytes may not decode.
        return None, Report(
            tuple(attrs.evolve(p, file=file) for p in problems)
        )
    report = validate(document, max_depth=max_depth)
    if report.valid:
        return document, report
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    located = locate(text, report.problems, file=file)
    return document, Report(
        tuple(sorted(located, key=lambda p: (p.line or 0, p.column or 0)))
    )


def _plan_id() -> str:
    from ._schema import schema  # noqa: PLC0415

    return str(schema("plan")["$id"])


def validate_reports(
    data: str | bytes, *, file: str | None = None
) -> tuple[Any, Report]:
    """
    Read and check a JSON array of pain reports.

    As ``lowback plan --reports`` takes them, with the plan schema's rules
    for a report.

    Returns:
        The parsed array (None when unreadable) and the report.
    """
    document, problems = parse(data)
    if problems:
        return None, Report(
            tuple(attrs.evolve(p, file=file) for p in problems)
        )
    base = validator("plan")
    schema = {
        "type": "array",
        "items": {"$ref": _plan_id() + "#/$defs/painReport"},
    }
    seen: set[tuple[str, str]] = set()
    found = [
        p
        for error in base.evolve(schema=schema).iter_errors(document)
        for p in _schema_problems(error, seen)
    ]
    found += [
        attrs.evolve(p, pointer=p.pointer.removeprefix("/reports"))
        for p in report_rules(document)
    ]
    if not found:
        return document, Report()
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return document, Report(locate(text, found, file=file))


def read_file(path: str | os.PathLike[str]) -> bytes:
    """
    Return a file's bytes.

    Raises:
        FileReadError: If it is missing, a directory or unreadable.
    """
    try:
        with open(path, "rb") as f:  # noqa: PTH123
            return f.read()
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise FileReadError(os.fspath(path), reason) from e


def validate_file(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Report:
    """
    Validate a lowback JSON file, locating every problem by line and column.

    Raises:
        FileReadError: If the file cannot be read.
    """
    data = read_file(path)
    return validate_text(
        data, file=os.fspath(path), max_bytes=max_bytes, max_depth=max_depth
    )[1]
