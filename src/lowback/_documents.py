"""
Documents: model objects as JSON and back.

`dumps` and `to_document` write; `loads`, `load` and `from_document`
read, which is parse, validate, then structure: content that fails
raises `ContentError` carrying the same report `validate` gives.
`from_value` reads the parts an app receives on their own (a pain
report, a pain rule, a chosen dose), as strictly.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol, TypeVar

import attrs

from ._catalog import Catalog
from ._checks import describe
from ._converter import get_converter, plain, structure, structure_errors
from ._converter import to_document as _to_document
from ._dose import ChosenDose
from ._errors import ContentError, InvalidValueError
from ._io import read_file
from ._json import dumps_text
from ._model import Exercise
from ._pain import PainReport, PainRule
from ._plan import Plan
from ._pointer import pointer_from
from ._problems import Problem, Report
from ._routine import Routine
from ._rules import chosen_dose, pain_report
from ._stored import from_valid
from ._validation import check_value, read_and_validate, validate

if TYPE_CHECKING:
    from collections.abc import Iterator


class Document(Protocol):
    """
    A model class that is a document type of its own.
    """

    document_type: ClassVar[str]


D = TypeVar("D", bound=Document)
#: What `from_value` builds.
F = TypeVar("F", PainReport, PainRule, ChosenDose)


def _document_class(obj: object) -> None:
    if not isinstance(getattr(type(obj), "document_type", None), str):
        raise InvalidValueError(
            "obj",
            obj,
            "obj: expected an Exercise, Catalog, Routine or Plan, got "
            f"{describe(obj)}",
        )


def dumps(obj: Document) -> str:
    """
    Return the canonical JSON document for *obj*.

    *obj* is an exercise, a catalog, a routine or a plan. The document
    declares its type and format version, keeps keys in a fixed order,
    omits absent optional fields and ends with a newline.

    Raises:
        InvalidValueError: If *obj* is not one of those.
    """
    return dumps_text(to_document(obj))


def to_document(obj: Document) -> dict[str, Any]:
    """
    Return the document for *obj* as plain dicts and lists.

    Raises:
        InvalidValueError: If *obj* is not an exercise, a catalog, a
            routine or a plan.
    """
    _document_class(obj)
    return _to_document(obj)


def _cattrs_problems(
    exc: BaseException, path: tuple[str | int, ...]
) -> Iterator[Problem]:
    if isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            step: tuple[str | int, ...] = ()
            for note in getattr(sub, "__notes__", []):
                name = getattr(note, "name", None)
                index = getattr(note, "index", None)
                if isinstance(name, str):
                    step = (name,)
                elif isinstance(index, (int, str)):
                    step = (index,)
            yield from _cattrs_problems(sub, (*path, *step))
        return
    yield Problem(pointer=pointer_from(path), code="invalid", message=str(exc))


def _a(word: str) -> str:
    return f"{'an' if word[:1] in set('aeiou') else 'a'} {word}"


#: What to do with a document of one type where another was expected.
_ASSEMBLE: Final = {
    ("catalog", "exercise"): " (lowback assemble puts exercise documents "
    "together into a catalog)",
}


def _build(
    document: Any,  # noqa: ANN401
    cls: type[D],
    report: Report,
    file: str | None = None,
) -> D:
    if not isinstance(getattr(cls, "document_type", None), str):
        raise InvalidValueError(
            "cls",
            cls,
            "cls: expected Exercise, Catalog, Routine or Plan, got "
            f"{describe(cls)}",
        )
    if not report.valid:
        raise ContentError(report)
    kind = document.get("type")
    if kind != cls.document_type:
        raise ContentError(
            Report(
                (
                    Problem(
                        pointer="/type",
                        code="wrong-document-type",
                        message=f"expected {_a(cls.document_type)} "
                        f"document, got {_a(str(kind))} document"
                        + _ASSEMBLE.get((cls.document_type, kind), ""),
                        file=file,
                    ),
                )
            )
        )
    try:
        if cls is Plan:
            # Validation found its days to be the schedule's: made, not
            # read again.
            made: D = from_valid(document)  # type: ignore[assignment]
            return made
        return structure(document, cls)
    except structure_errors() as e:  # pragma: no cover - validate did it
        raise ContentError(Report(tuple(_cattrs_problems(e, ())))) from None


def from_document(document: object, cls: type[D]) -> D:
    """
    Build *cls* from a parsed JSON document, after validating it.

    Raises:
        ContentError: With the report of every problem found.
        InvalidValueError: If *cls* is not a document class.
    """
    return _build(document, cls, validate(document))


def loads(data: str | bytes, cls: type[D], *, file: str | None = None) -> D:
    """
    Read a document from JSON text strictly and build *cls* from it.

    A plan is checked as `validate` does, its days included (they must be
    what its routine, pain rule and reports give); they are then made,
    not read a second time, so that loading a stored plan costs less
    than writing it (``benchmarks/plans.py``).

    Args:
        data: UTF-8 bytes or text.
        cls: `Exercise`, `Catalog`, `Routine` or `Plan`.
        file: A file name to put on problems.

    Raises:
        ContentError: With every problem found, located by line and
            column.
        InvalidValueError: If an argument is of the wrong type.
    """
    document, report = read_and_validate(data, file=file)
    return _build(document, cls, report, file)


def load(path: str | os.PathLike[str], cls: type[D]) -> D:
    """
    Read a document from a file and build *cls* from it.

    Raises:
        FileReadError: If the file cannot be read.
        ContentError: With every problem found.
        InvalidValueError: If an argument is of the wrong type.
    """
    data = read_file(path)
    return loads(data, cls, file=os.fspath(path))


#: The parts of the shipped schemas that say the shape of each value
#: `from_value` reads.
_PARTS: Final[dict[type[Any], str]] = {
    PainReport: "plan.schema.json#/$defs/painReport",
    PainRule: "plan.schema.json#/$defs/painRule",
    ChosenDose: "routine.schema.json#/$defs/chosenDose",
}


def from_value(
    value: object,
    cls: type[F],
    *,
    within: Exercise | Catalog | Routine | Plan | None = None,
    pointer: str = "",
) -> F:
    """
    Build a pain report, a pain rule or a chosen dose from a JSON value.

    That is the value as an app receives it, in a request body say:
    ``{"day": 5, "exercise": "bridge", "change": "worse"}``. It is checked
    as strictly as inside a document (its part of the schema, then the
    rules), and every problem is reported at once.

    Args:
        value: The value, as parsed from JSON.
        cls: `PainReport`, `PainRule` or `ChosenDose`.
        within: What to check the value against. For a pain report, a
            catalog, routine or plan: the exercise must be one of its
            own (with a suggestion for a misspelt id), and the day one of
            the plan's. For a chosen dose, its exercise: the dose must lie
            inside what the exercise allows.
        pointer: Where the value lies in what the app received, as a
            JSON Pointer (``"/report"``, say); it starts every problem's
            pointer.

    Raises:
        ContentError: With every problem found, each located by a JSON
            Pointer.
        InvalidValueError: If *cls*, *within* or *pointer* is not one of
            those.
    """
    if cls not in _PARTS:
        raise InvalidValueError(
            "cls",
            cls,
            "cls: expected PainReport, PainRule or ChosenDose, got "
            f"{describe(cls)}",
        )
    if type(pointer) is not str or pointer[:1] not in {"", "/"}:
        raise InvalidValueError(
            "pointer",
            pointer,
            f"pointer: expected a JSON Pointer, such as '' or '/report', "
            f"got {describe(pointer)}",
        )
    rules = _value_rules(value, cls, within)
    report = check_value(value, _PARTS[cls], rules)
    if not report.valid:
        raise ContentError(
            Report(
                tuple(
                    attrs.evolve(p, pointer=pointer + p.pointer)
                    for p in report.problems
                )
            )
        )
    made: F = get_converter().structure(value, cls)
    return made


#: What each class `from_value` builds is checked within, in words.
_WITHIN: Final[dict[type[Any], tuple[tuple[type[Any], ...], str]]] = {
    PainReport: ((Catalog, Routine, Plan), "a Catalog, Routine or Plan"),
    PainRule: ((), "nothing: leave within out"),
    ChosenDose: ((Exercise,), "an Exercise"),
}


def _value_rules(
    value: object, cls: type[Any], within: object
) -> Iterator[Problem]:
    """
    Return the rules *value* follows inside *within*, ready to run.

    Raises:
        InvalidValueError: If *within* is nothing *cls* can be checked in.
    """
    kinds, words = _WITHIN[cls]
    if within is not None and not isinstance(within, kinds):
        raise InvalidValueError(
            "within",
            within,
            f"within: a {cls.__name__} is checked within {words}, got "
            f"{describe(within)}",
        )
    if not isinstance(value, dict):
        return iter(())
    if cls is PainReport:
        ids: list[str] | None = None
        if isinstance(within, Catalog):
            ids = list(within.ids)
        elif isinstance(within, (Routine, Plan)):
            routine = within.routine if isinstance(within, Plan) else within
            ids = [item.exercise.id for item in routine.items]
        days = len(within.days) if isinstance(within, Plan) else None
        among = "catalog" if isinstance(within, Catalog) else "routine"
        return pain_report(value, (), ids, days, among)
    if isinstance(within, Exercise):
        return chosen_dose(plain(within.dose), value, ())
    return iter(())


#: What lowback re-exports from here.
__all__ = [
    "dumps",
    "from_document",
    "from_value",
    "load",
    "loads",
    "to_document",
]
