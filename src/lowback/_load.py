"""
Reading and writing documents: `dumps`, `loads`, `load`.

Loading is parse, validate, then structure; content that fails raises
`ContentError` carrying the same report `validate` gives.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from ._converter import structure, structure_errors, to_document
from ._errors import ContentError
from ._format import dumps_document
from ._report import Problem, Report, pointer_from
from ._validate import read_file, validate, validate_text

if TYPE_CHECKING:
    from collections.abc import Iterator


class Document(Protocol):
    """
    A model class that is a document type of its own.
    """

    document_type: ClassVar[str]


D = TypeVar("D", bound=Document)


def dumps(obj: Document) -> str:
    """
    Return the canonical JSON document for *obj*.

    *obj* is an exercise, a catalog, a routine or a plan. The document
    declares its type and format version, keeps keys in a fixed order,
    omits absent optional fields and ends with a newline.
    """
    return dumps_document(to_document(obj))


def to_json(obj: Document) -> dict[str, Any]:
    """
    Return the document for *obj* as plain dicts and lists.
    """
    return to_document(obj)


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


def _build(
    document: Any,  # noqa: ANN401
    cls: type[D],
    report: Report,
    file: str | None = None,
) -> D:
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
                        f"document, got {_a(str(kind))} document",
                        file=file,
                    ),
                )
            )
        )
    try:
        return structure(document, cls)
    except structure_errors() as e:  # pragma: no cover - validate did it
        raise ContentError(Report(tuple(_cattrs_problems(e, ())))) from None


def from_json(document: object, cls: type[D]) -> D:
    """
    Build *cls* from a parsed JSON document, after validating it.

    Raises:
        ContentError: With the report of every problem found.
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
    """
    document, report = validate_text(data, file=file)
    return _build(document, cls, report, file)


def load(path: str | os.PathLike[str], cls: type[D]) -> D:
    """
    Read a document from a file and build *cls* from it.

    Raises:
        FileReadError: If the file cannot be read.
        ContentError: With every problem found.
    """
    return loads(read_file(path), cls, file=os.fspath(path))
