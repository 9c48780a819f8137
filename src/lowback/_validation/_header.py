"""
The header of a document: its type and its format version.

So that one run finds every problem, a header that is wrong in a way
whose meaning is plain (a version left out or written as a number, a
type misspelt) gives its problem and the type the rest is checked as.
"""

from __future__ import annotations

from typing import Any

from .._checks import describe
from .._errors import close_to, did_you_mean
from .._problems import Problem
from .._schemas import DOCUMENT_TYPES, FORMAT_VERSION


def _type_problem(document: dict[str, Any]) -> tuple[str | None, Problem]:
    """
    Return the problem of a document's type, and the type it stands for.

    Only the type's own words are a guess: a misspelt type
    (``"catalogue"``) stands for the type it is closest to. A document
    that does not say its type may be no lowback document at all (a
    routine spec, say), so nothing is guessed for it.
    """
    kinds = ", ".join(repr(k) for k in DOCUMENT_TYPES)
    if "type" not in document:
        return None, Problem(
            pointer="/type",
            code="missing-type",
            message='the document does not say its type; add "type" with '
            f"one of {kinds}",
        )
    kind = document["type"]
    # Types are short and unlike each other: only a near miss is one.
    close = (
        close_to(kind.lower(), DOCUMENT_TYPES, cutoff=0.8)
        if isinstance(kind, str)
        else []
    )
    return (close[0] if close else None), Problem(
        pointer="/type",
        code="unknown-type",
        message=f"the document type must be one of {kinds}, got "
        f"{describe(kind)}{did_you_mean(kind, close[:1])}",
    )


def _version_problem(document: dict[str, Any]) -> tuple[bool, Problem]:
    """
    Return the problem of a document's version, and whether it is sure.

    A version left out or written as a number (``1.0``) is this one,
    so the document is checked as this version all the same.
    """
    if "format_version" not in document:
        return True, Problem(
            pointer="/format_version",
            code="missing-version",
            message="the document does not say its format version; add "
            f'"format_version": "{FORMAT_VERSION}"',
        )
    version = document["format_version"]
    if str(version) == FORMAT_VERSION and not isinstance(version, bool):
        return True, Problem(
            pointer="/format_version",
            code="unsupported-version",
            message=f'write the format version as the text "{FORMAT_VERSION}"'
            f", not {describe(version)}",
        )
    return False, Problem(
        pointer="/format_version",
        code="unsupported-version",
        message=f"this lowback reads format {FORMAT_VERSION!r}, got "
        f"{describe(version)}",
    )


def header(document: object) -> tuple[str | None, list[Problem]]:
    """
    Return the document's type and the problems of its header.

    So that one run finds every problem, the type is also given where
    the header has a problem but the type is known or can be guessed
    (a type left out or misspelt, a version left out or written as a
    number); None only when the rest cannot be checked.
    """
    if not isinstance(document, dict):
        return None, [
            Problem(
                pointer="",
                code="not-an-object",
                message="a lowback document is a JSON object, got "
                f"{describe(document)}",
            )
        ]
    found: list[Problem] = []
    kind = document.get("type")
    if kind not in DOCUMENT_TYPES:
        kind, problem = _type_problem(document)
        found.append(problem)
        if kind is None:
            return None, found
    if document.get("format_version") != FORMAT_VERSION:
        sure, problem = _version_problem(document)
        found.append(problem)
        kind = kind if sure else None
    return (None if kind is None else str(kind)), found
