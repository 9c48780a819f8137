"""
How ``lowback validate`` shows what it found.

As text, a JSON report, or GitHub Actions annotations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._converter import FORMAT_VERSION
from ._report import _printable

if TYPE_CHECKING:
    from ._report import Problem

#: The reporters by name, for ``--format``.
FORMATS = ("text", "json", "github")

_RED, _DIM, _BOLD, _RESET = "\033[31m", "\033[2m", "\033[1m", "\033[0m"


def text_line(problem: Problem, *, colour: bool) -> str:
    """
    One problem as ``file:line:col: pointer: message [code]``.
    """
    if not colour:
        return str(problem)
    where = ""
    if problem.file is not None:
        where = problem.file + ":"
    if problem.line is not None:
        where += f"{problem.line}:{problem.column}:"
    pointer = _printable(problem.pointer) or "(document)"
    return (
        f"{_BOLD}{where}{_RESET} {pointer}: {_printable(problem.message)} "
        f"{_RED}[{problem.code}]{_RESET}"
    )


def _escape(text: str, *, property_value: bool = False) -> str:
    # GitHub's workflow commands: % and line breaks are escaped, and in
    # properties also : and ,.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_line(problem: Problem) -> str:
    """
    One problem as a GitHub Actions ``::error`` annotation.
    """
    props = []
    if problem.file is not None:
        props.append(f"file={_escape(problem.file, property_value=True)}")
    if problem.line is not None:
        props.append(f"line={problem.line}")
        props.append(f"col={problem.column}")
    props.append(
        f"title={_escape('lowback ' + problem.code, property_value=True)}"
    )
    pointer = _printable(problem.pointer) or "(document)"
    return f"::error {','.join(props)}::{_escape(pointer)}: " + _escape(
        problem.message
    )


def summary(
    problems: int, invalid: int, documents: int, seconds: float | None
) -> str:
    """
    The closing line: how many problems in how many documents.
    """

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    timing = "" if seconds is None else f" in {seconds:.2f} s"
    if problems:
        line = (
            f"{count(problems, 'problem')} in {invalid} of "
            f"{count(documents, 'document')}"
        )
        if timing:
            line += f" ({documents} checked{timing})"
        return line
    return f"{count(documents, 'document')} valid" + (
        f" (checked{timing})" if timing else ""
    )


def json_report(  # noqa: PLR0913 - keyword-only counts
    problems: list[Problem],
    *,
    files: int,
    documents: int,
    invalid: int,
    errors: list[str],
    truncated: bool,
) -> dict[str, Any]:
    """
    The ``--format json`` report, as ``schemas/report.schema.json`` says.
    """
    return {
        "type": "report",
        "format_version": FORMAT_VERSION,
        "valid": not problems and not errors,
        "files": files,
        "checked": documents,
        "invalid": invalid,
        "problems": [p.to_dict() for p in problems],
        "errors": errors,
        "truncated": truncated,
    }
