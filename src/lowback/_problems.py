"""
Problems and reports: what validation finds, as values.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._errors import InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Iterator


#: The control characters, as a regular expression's class: C0, DEL, C1
#: and the line and paragraph separators. Content may hold none of them
#: (``_checks.CONTROL_PATTERN``), and what lowback prints escapes them.
CONTROL_CLASS: Final = r"\u0000-\u001f\u007f-\u009f\u2028\u2029"
_UNPRINTABLE: Final = re.compile(f"[{CONTROL_CLASS}\\ud800-\\udfff]")
#: The same less the line break, which text made to be read keeps.
_UNSHOWN: Final = re.compile(
    "[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029\\ud800-\\udfff]"
)


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def printable(text: str) -> str:
    """
    Escape control characters and lone surrogates.

    So one problem prints as one line, whatever the document held.
    """
    return _UNPRINTABLE.sub(_escape, text)


def shown(text: str) -> str:
    r"""
    Escape the control characters of text made to be read, but its lines.

    What a terminal or a file format would act on (an escape sequence
    that moves the cursor and wipes the safety notices, a bell, a
    carriage return) is written as an escape, ``\u001b``; lines stay. Every
    text output of lowback goes through this, though valid content holds
    no such character.
    """
    return _UNSHOWN.sub(_escape, text)


@attrs.frozen(kw_only=True)
class Problem:
    """
    One problem found in a document.

    Args:
        pointer: JSON Pointer to the value concerned; ``""`` is the whole
            document.
        code: A stable kebab-case code, listed in the format reference.
        message: A sentence saying what is wrong and what is allowed.
        line: 1-based line in the source text, where known.
        column: 1-based column in the source text, where known.
        file: The file the document came from, where known.
    """

    pointer: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file + ":"
        if self.line is not None:
            where += f"{self.line}:{self.column}:"
        where += " " if where else ""
        pointer = printable(self.pointer) or "(document)"
        message = printable(self.message)
        return f"{where}{pointer}: {message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        """
        Return the problem as a JSON-ready dict, without absent fields.
        """
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen
class Report:
    """
    Every problem found in one or more documents; empty when all is well.

    Ask ``report.valid`` whether there is none; a report is neither true
    nor false, so ``if report:`` raises `InvalidValueError` rather than
    guess what was meant. ``len(report)`` counts the problems and
    iterating gives them.

    Args:
        problems: The problems, in document order.
    """

    problems: tuple[Problem, ...] = attrs.field(default=())

    @property
    def valid(self) -> bool:
        """
        True when no problem was found.
        """
        return not self.problems

    @property
    def codes(self) -> tuple[str, ...]:
        """
        The code of each problem, in order.
        """
        return tuple(p.code for p in self.problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def __bool__(self) -> bool:
        """
        Refuse to be read as true or false.

        ``if report:`` could mean "if valid" or "if there are problems";
        either reading is a bug waiting to happen, so ask
        ``report.valid`` or ``report.problems`` instead.

        Raises:
            InvalidValueError: Always.
        """
        raise InvalidValueError(
            "report",
            self,
            "a Report is neither true nor false: ask report.valid (no "
            "problems) or report.problems (the problems found)",
        )

    def summary(self) -> str:
        """
        Return one readable line: the first problem and how many more.
        """
        if not self.problems:
            return "no problems"
        first = str(self.problems[0])
        more = len(self.problems) - 1
        if more:
            first += f" (and {more} more problem{'s' if more > 1 else ''})"
        return first

    def to_dict(self) -> dict[str, Any]:
        """
        Return the report as a JSON-ready dict.
        """
        return {
            "valid": self.valid,
            "problems": [p.to_dict() for p in self.problems],
        }


__all__ = [
    "Problem",
    "Report",
]
