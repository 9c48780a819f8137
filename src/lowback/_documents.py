"""
Documents: model objects as JSON and back.

`dumps` and `to_document` write; `loads`, `load` and `from_document`
read, which is parse, validate, then structure: content that fails
raises `ContentError` carrying the same report `validate` gives.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol, TypeVar

from ._checks import describe
from ._converter import structure, structure_errors
from ._converter import to_document as _to_document
from ._errors import ContentError, InvalidValueError
from ._io import read_file
from ._json import dumps_text
from ._pointer import pointer_from
from ._problems import Problem, Report
from ._validation import read_and_validate, validate

if TYPE_CHECKING:
    from collections.abc import Iterator


class Document(Protocol):
    """
    A model class that is a document type of its own.
    """

    document_type: ClassVar[str]


D = TypeVar("D", bound=Document)


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


#: What lowback re-exports from here.
__all__ = [
    "dumps",
    "from_document",
    "load",
    "loads",
    "to_document",
]
