"""
Validation: which engine runs, and what it is given.

`validate` never raises on content; it returns a `Report` listing every
problem with a JSON Pointer, a stable code and a sentence.
Two engines answer alike: the reference engine (python-jsonschema and
the rules) finds every problem; the fast engine (orjson and
jsonschema-rs) says at once that a document is valid, or hands it to
the reference engine to locate what is wrong.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from .._checks import describe
from .._errors import InvalidValueError
from .._io import read_file
from .._json import MAX_BYTES, MAX_DEPTH, locate, parse
from .._problems import Problem, Report
from .._schemas import ID_BASE, INPUT_KINDS
from . import _fast, _reference

if TYPE_CHECKING:
    from collections.abc import Iterable

#: Which engine checks documents: ``"auto"`` (the fast one where its
#: libraries are installed and ``LOWBACK_REFERENCE`` is not ``1``, the
#: reference one otherwise), ``"fast"`` or ``"reference"``.
Engine = Literal["auto", "fast", "reference"]
#: The engines, for checking an argument.
ENGINES: Final[tuple[Engine, ...]] = ("auto", "fast", "reference")
#: Set this environment variable to ``1`` to make ``"auto"`` mean the
#: reference engine even where the fast one could run.
REFERENCE_ENV: Final = "LOWBACK_REFERENCE"
#: What ``kind`` checks a JSON value as, when it does not say its type:
#: a routine spec, a pain-reports file or a pain-rule file
#: (`INPUT_KINDS` lists them).
InputKind = Literal["routine-spec", "pain-reports", "pain-rule"]


def checked_kind(kind: object) -> InputKind | None:
    """
    Return *kind* if it is None or one of `INPUT_KINDS`.

    Raises:
        InvalidValueError: If it is not.
    """
    if kind is None or kind in INPUT_KINDS:
        return kind
    raise InvalidValueError(
        "kind",
        kind,
        f"kind: expected None or one of {', '.join(map(repr, INPUT_KINDS))}"
        f", got {describe(kind)}",
    )


def is_fast(engine: Engine) -> bool:
    """
    Whether *engine* means the fast engine here and now.

    Raises:
        InvalidValueError: If *engine* is not one of `ENGINES`, or is
            ``"fast"`` where orjson or jsonschema-rs cannot be used.
    """
    if engine == "auto":
        if os.environ.get(REFERENCE_ENV, "").strip() == "1":
            return False
        return _fast.usable()
    if engine == "reference":
        return False
    if engine == "fast":
        if not _fast.usable():
            raise InvalidValueError(
                "engine",
                engine,
                "engine: the fast engine needs orjson and jsonschema-rs, "
                "which lowback depends on but cannot import here; install "
                "them, or use engine='reference'",
            )
        return True
    raise InvalidValueError(
        "engine",
        engine,
        f"engine: expected one of {', '.join(map(repr, ENGINES))}, got "
        f"{describe(engine)}",
    )


def bound(name: str, value: object) -> int:
    if type(value) is not int or value < 1:
        raise InvalidValueError(
            name,
            value,
            f"{name}: expected a whole number from 1, got {describe(value)}",
        )
    return value


def validate(
    document: object,
    *,
    max_depth: int = MAX_DEPTH,
    engine: Engine = "auto",
    kind: InputKind | None = None,
) -> Report:
    """
    Check a parsed document against the lowback format.

    First the document's declared type and version, then its JSON Schema,
    then the rules a schema cannot say: min not above max, unique ids,
    phase references and library-default pointers that resolve, targets
    inside the allowed dose, whole numbers not written as decimals, and
    a plan that is what its routine and reports give.

    Args:
        document: A parsed JSON value, such as ``json.loads`` returns.
        max_depth: Deepest nesting accepted.
        engine: Which engine checks it; both find the same problems.
        kind: Check it as a ``"routine-spec"``, as ``"pain-reports"``
            (a JSON array of pain reports) or as a ``"pain-rule"``, which
            do not say their type;
            None checks the document type it says. A document with no
            ``type`` whose ``$schema`` is the routine spec's ``$id`` is
            checked as a routine spec.

    Returns:
        A `Report` of every problem; ``report.valid`` when there is none.

    Raises:
        InvalidValueError: If *max_depth*, *engine* or *kind* is not
            allowed.
    """
    max_depth, fast = bound("max_depth", max_depth), is_fast(engine)
    kind = checked_kind(kind)
    try:
        return _checked(document, max_depth, fast, kind)
    except Exception as e:  # noqa: BLE001 - see `failed`
        return Report((failed(e),))


def _checked(
    document: object, max_depth: int, fast: bool, kind: InputKind | None = None
) -> Report:
    # Routine specs and pain reports are small: the reference engine
    # checks them alone.
    verdict = (
        _fast.check(document, max_depth)
        if fast and kind is None
        else _fast.Verdict.UNSURE
    )
    if verdict is _fast.Verdict.VALID:
        return Report()
    return Report(
        tuple(
            _reference.problems(
                document,
                max_depth=max_depth,
                schema_clean=verdict is _fast.Verdict.RULES_FAIL,
                kind=kind,
            )
        )
    )


def read_and_validate(  # noqa: PLR0913 - all but one keyword-only
    data: str | bytes,
    *,
    file: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    engine: Engine = "auto",
    kind: InputKind | None = None,
) -> tuple[Any, Report]:
    """
    Read JSON strictly and validate it, locating every problem.

    Returns:
        The parsed document (None when unreadable) and the report, whose
        problems carry a line and column where the text has them.
    """
    return _read_and_check(
        data, file, (max_bytes, max_depth), engine, kind, keep=True
    )


def failed(error: Exception, file: str | None = None) -> Problem:
    """
    Return the problem of a document that lowback itself failed on.

    Validation promises to return what it found, never to raise on
    content; should a bug make it raise all the same, the document gets
    this problem, and the others of a run are still checked.
    """
    return Problem(
        pointer="",
        code="internal-error",
        message=f"lowback failed on this document ({type(error).__name__}: "
        f"{str(error)[:200]}); please report this as a bug",
        file=file,
    )


def _read_and_check(  # noqa: PLR0913 - read_and_validate's, and keep
    data: str | bytes,
    file: str | None,
    limits: tuple[int, int],
    engine: Engine,
    kind: InputKind | None,
    *,
    keep: bool,
) -> tuple[Any, Report]:
    """
    Check the arguments, then read, validate and locate.

    Without *keep*, the document is let go before the text is decoded
    for locating, and None is returned in its place: then no more than
    the text, its bytes and the scanner's few values are alive at once.
    """
    if not isinstance(data, (str, bytes)):
        raise InvalidValueError(
            "data",
            data,
            f"data: expected text or bytes, got {describe(data)}",
        )
    max_bytes = bound("max_bytes", limits[0])
    max_depth = bound("max_depth", limits[1])
    fast, kind = is_fast(engine), checked_kind(kind)
    try:
        read = _fast.parse if fast else parse
        document, problems = read(
            data, max_bytes=max_bytes, max_depth=max_depth
        )
        if problems:
            # The reader located these already; the bytes may not decode.
            return None, Report(
                tuple(attrs.evolve(p, file=file) for p in problems)
            )
        report = _checked(document, max_depth, fast, kind)
        if report.valid:
            return document, report
        if not keep:
            document = None
        return document, _located(data, report.problems, file)
    except Exception as e:  # noqa: BLE001 - one document never stops others
        return None, Report((failed(e, file),))


def _located(
    data: str | bytes, problems: tuple[Problem, ...], file: str | None
) -> Report:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    located = locate(text, problems, file=file)
    return Report(
        tuple(sorted(located, key=lambda p: (p.line or 0, p.column or 0)))
    )


def validate_text(  # noqa: PLR0913 - all but one keyword-only
    data: str | bytes,
    *,
    file: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    engine: Engine = "auto",
    kind: InputKind | None = None,
) -> Report:
    """
    Read JSON text strictly and validate it, locating every problem.

    Args:
        data: The document as UTF-8 bytes or text.
        file: A file name to put on each problem.
        max_bytes: Refuse larger documents.
        max_depth: Refuse deeper nesting.
        engine: Which engine checks it; both find the same problems.
        kind: What to check it as, if not the document type it says
            (see `validate`).

    Returns:
        The report, whose problems carry a line and column where the
        text has them.

    Raises:
        InvalidValueError: If an argument is of the wrong type.
    """
    # The document is not returned, so it need not outlive its checking.
    return _read_and_check(
        data, file, (max_bytes, max_depth), engine, kind, keep=False
    )[1]


def validate_file(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    engine: Engine = "auto",
    kind: InputKind | None = None,
) -> Report:
    """
    Validate a lowback JSON file, locating every problem by line and column.

    *kind* checks it as a routine spec or pain reports (see `validate`).

    Raises:
        FileReadError: If the file cannot be read.
        InvalidValueError: If an argument is of the wrong type.
    """
    return validate_text(
        read_file(path, bound("max_bytes", max_bytes)),
        file=os.fspath(path),
        max_bytes=max_bytes,
        max_depth=max_depth,
        engine=engine,
        kind=kind,
    )


def check_spec(spec: object) -> Report:
    """
    Check a routine spec, as parsed from JSON, against its schema.
    """
    return Report(
        tuple(_reference.input_problems(spec, "routine-spec", MAX_DEPTH))
    )


def check_value(
    value: object, part: str, rules: Iterable[Problem] = ()
) -> Report:
    """
    Check a plain JSON value against a part of a shipped schema.

    Args:
        value: The value, as parsed from JSON.
        part: The part, as a ``$ref`` from one shipped schema to
            another: say ``"routine.schema.json#/$defs/chosenDose"``.
        rules: Problems a rule found in *value*; each is kept where the
            schema passed what it is about.
    """
    return Report(
        tuple(
            _reference.input_problems(
                value,
                {"$ref": f"{ID_BASE}{part}"},
                MAX_DEPTH,
                rules,
            )
        )
    )


def check_reports(
    data: str | bytes, *, file: str | None = None
) -> tuple[Any, Report]:
    """
    Read and check a JSON array of pain reports.

    As ``lowback plan --reports`` takes them and ``lowback validate --as
    pain-reports`` checks them: the pain-reports schema and the rules for
    a report.

    Returns:
        The parsed array (None when unreadable) and the report.
    """
    return read_and_validate(
        data, file=file, engine="reference", kind="pain-reports"
    )
