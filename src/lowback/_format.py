"""
The strict JSON reader and the canonical writer.

`parse` refuses what Python's ``json`` lets through: NaN and Infinity,
numbers that overflow to infinity, duplicate keys, invalid UTF-8 and a
byte-order mark.
Every refusal is a located `Problem`, never an exception.
The fast path is ``json.loads``; a small scanner runs only when that
path refuses something, or to put lines and columns on problems.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from typing import TYPE_CHECKING, Any, Final

from ._report import Problem, pointer_from

if TYPE_CHECKING:
    from collections.abc import Iterable

#: Largest document, in bytes, that `parse` reads unless told otherwise.
MAX_BYTES: Final = 64 * 1024 * 1024
#: Deepest nesting of arrays and objects a document may have.
MAX_DEPTH: Final = 64
#: Longest run of digits in a number before it is refused.
MAX_NUMBER_DIGITS: Final = 100

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


class _RefusedError(Exception):
    """
    Raised inside ``json.loads`` hooks; the scanner then says where.
    """


def _refuse_constant(name: str) -> Any:  # noqa: ANN401
    raise _RefusedError(name)


def _strict_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _RefusedError(text)
    return value


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _RefusedError("duplicate key")
    return result


def parse(  # noqa: C901
    data: str | bytes,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> tuple[Any, tuple[Problem, ...]]:
    """
    Read one JSON document strictly.

    Args:
        data: The document, as bytes (must be UTF-8) or text.
        max_bytes: Refuse larger documents.
        max_depth: Refuse deeper nesting.

    Returns:
        The value and no problems, or None and the problems found.
    """
    size = (
        len(data)
        if isinstance(data, bytes)
        else len(data.encode("utf-8", "surrogatepass"))
    )
    if size > max_bytes:
        return None, (
            Problem(
                pointer="",
                code="too-large",
                message=f"the document has {size} bytes; the limit is "
                f"{max_bytes}",
                line=1,
                column=1,
            ),
        )
    if isinstance(data, bytes):
        if data.startswith(_UTF16_BOMS):
            return None, (
                _at_start("not-utf8", "the text is UTF-16; save it as UTF-8"),
            )
        if data.startswith(_UTF8_BOM):
            return None, (
                _at_start(
                    "utf8-bom",
                    "the text starts with a "
                    "byte-order mark; save it as UTF-8 "
                    "without one",
                ),
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
            return None, (
                Problem(
                    pointer="",
                    code="not-utf8",
                    message=f"byte {e.start} is not valid UTF-8 "
                    f"(0x{data[e.start]:02x}); save the file as UTF-8",
                    line=line,
                    column=col,
                ),
            )
    else:
        text = data
    if text.startswith("\ufeff"):
        return None, (
            _at_start(
                "utf8-bom", "the text starts with a byte-order mark; remove it"
            ),
        )
    if not text.strip():
        return None, (
            _at_start(
                "empty-document",
                "the document is empty; a lowback document is a JSON object",
            ),
        )
    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_refuse_constant,
            parse_float=_strict_float,
        )
    except json.JSONDecodeError as e:
        code = "trailing-data" if e.msg == "Extra data" else "invalid-json"
        message = _SYNTAX.get(e.msg, e.msg.removesuffix(" at"))
        if code == "invalid-json":
            message = f"this is not JSON: {message}"
        return None, (
            Problem(
                pointer="",
                code=code,
                message=message,
                line=e.lineno,
                column=e.colno,
            ),
        )
    except (_RefusedError, RecursionError, ValueError):
        problems = scan(text, max_depth=max_depth).problems
        if not problems:  # pragma: no cover - the scanner should find it
            problems = [_at_start("invalid-json", "this is not JSON")]
        return None, tuple(problems)
    return value, ()


#: Python's JSON error messages, as sentences for a content author.
_SYNTAX: Final = {
    "Extra data": "there is more after the end of the document",
    "Expecting value": "a value (text, number, object, array, true, false "
    "or null) is expected here",
    "Expecting property name enclosed in double quotes": "a key in double "
    "quotes is expected here (no trailing commas, no single quotes)",
    "Expecting ',' delimiter": "a comma is expected between items here",
    "Expecting ':' delimiter": "a colon is expected after the key here",
    "Unterminated string starting at": "the text that starts here is never "
    "closed with a double quote",
    "Invalid control character at": "a control character such as a line "
    "break must be escaped inside text",
    "Invalid \\escape": "this backslash escape is not valid JSON",
    "Invalid \\uXXXX escape": "this \\u escape needs four hex digits",
}


def _at_start(code: str, message: str) -> Problem:
    return Problem(pointer="", code=code, message=message, line=1, column=1)


_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\n\r]+)
    |(?P<str>"(?:[^"\\]|\\.)*")
    |(?P<num>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    |(?P<lit>true|false|null|NaN|-?Infinity)
    |(?P<punct>[{}\[\]:,])
    """,
    re.VERBOSE | re.DOTALL,
)


class Scan:
    """
    What the scanner learned: where each value starts, and problems.

    Attributes:
        positions: Offset of each value (of its key, for object members),
            by JSON Pointer.
        problems: Duplicate keys, non-finite numbers, numbers too long
            and nesting too deep, located.
    """

    __slots__ = ("positions", "problems", "values")

    def __init__(self) -> None:
        self.positions: dict[str, int] = {}
        self.values: dict[str, int] = {}
        self.problems: list[Problem] = []


def scan(  # noqa: C901, PLR0912, PLR0915
    text: str, *, max_depth: int = MAX_DEPTH
) -> Scan:
    """
    Walk *text* once, without recursion, noting where every value is.

    Stops quietly at the first token that is not JSON; ``json.loads``
    reports those.
    """
    result = Scan()
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def add(pointer: str, code: str, message: str, offset: int) -> None:
        line = bisect.bisect_right(starts, offset)
        result.problems.append(
            Problem(
                pointer=pointer,
                code=code,
                message=message,
                line=line,
                column=offset - starts[line - 1] + 1,
            )
        )

    # Each frame: [path part of the container, keys seen or next index].
    path: list[str | int] = []
    frames: list[list[Any]] = []  # [kind, keys-or-index, expecting]
    expecting = "value"  # value | key | colon | comma-or-end
    too_deep = False
    pos = 0
    end = len(text)
    while pos < end:
        m = _TOKEN.match(text, pos)
        if m is None:
            break
        kind = m.lastgroup
        token = m.group()
        start = pos
        pos = m.end()
        if kind == "ws":
            continue
        if expecting == "key":
            if token == "}" and frames and frames[-1][2] == 0:
                frames.pop()  # an empty object
                expecting = "comma-or-end"
                continue
            if kind != "str":
                break
            try:
                key = json.loads(token)
            except ValueError:
                break
            frame = frames[-1]
            path.append(key)
            frame[2] += 1
            expecting = "colon"
            if len(frames) > max_depth:
                continue  # already reported; keep the walk linear
            pointer = pointer_from(path)
            if key in frame[1]:
                add(
                    pointer,
                    "duplicate-key",
                    f"the key {key!r} appears more than once in this "
                    "object; keep one",
                    start,
                )
            else:
                frame[1].add(key)
                result.positions.setdefault(pointer, start)
            continue
        if expecting == "colon":
            if token != ":":
                break
            expecting = "value"
            continue
        if expecting == "comma-or-end":
            if not frames:
                break
            frame = frames[-1]
            if token == ",":
                if frame[0] == "obj":
                    path.pop()
                    expecting = "key"
                else:
                    frame[1] += 1
                    path[-1] = frame[1]
                    expecting = "value"
                continue
            if (token == "}" and frame[0] == "obj") or (
                token == "]" and frame[0] == "arr"
            ):
                frames.pop()
                path.pop()  # the member or item just closed
                expecting = "comma-or-end"
                continue
            break
        if token == "]" and frames and frames[-1][0] == "arr":
            # an empty array
            frames.pop()
            path.pop()
            expecting = "comma-or-end"
            continue
        # expecting a value
        deep = len(frames) > max_depth
        pointer = "" if deep else pointer_from(path)
        if not deep:
            result.values.setdefault(pointer, start)
            if not frames or frames[-1][0] == "arr":
                result.positions.setdefault(pointer, start)
        if token in {"{", "["}:
            if len(frames) >= max_depth and not too_deep:
                too_deep = True
                add(
                    pointer,
                    "too-deep",
                    f"arrays and objects are nested more than {max_depth} "
                    "deep here",
                    start,
                )
            if token == "{":
                frames.append(["obj", set(), 0])
                expecting = "key"
            else:
                frames.append(["arr", 0, 0])
                path.append(0)
                expecting = "value"
            continue
        if deep:
            pass
        elif kind == "lit" and token in {"NaN", "Infinity", "-Infinity"}:
            add(
                pointer,
                "not-finite",
                f"{token} is not a JSON number; use a whole number",
                start,
            )
        elif kind == "num":
            digits = sum(c.isdigit() for c in token)
            if digits > MAX_NUMBER_DIGITS:
                add(
                    pointer,
                    "number-too-large",
                    f"the number has {digits} digits; the limit is "
                    f"{MAX_NUMBER_DIGITS}",
                    start,
                )
            elif not math.isfinite(float(token)):
                add(
                    pointer,
                    "not-finite",
                    f"{token} is too large to be a number",
                    start,
                )
        if kind not in {"str", "lit", "num"}:
            break
        expecting = "comma-or-end"
        if not frames:
            break
    return result


#: Problems about a key, located at the key rather than at its value.
_KEY_CODES = frozenset({"unknown-field", "duplicate-key"})


def locate(
    text: str, problems: Iterable[Problem], *, file: str | None = None
) -> tuple[Problem, ...]:
    """
    Put the line and column of each problem's pointer on it.

    A problem about a key is placed at the key, any other at the value;
    a pointer with no position of its own takes its nearest parent's.
    """
    found = scan(text)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out = []
    for problem in problems:
        pointer = problem.pointer
        first = found.positions if problem.code in _KEY_CODES else found.values
        offset = first.get(pointer)
        while offset is None and pointer:
            pointer = pointer.rsplit("/", 1)[0]
            offset = found.values.get(pointer)
        line = column = None
        if offset is not None and problem.line is None:
            line = bisect.bisect_right(starts, offset)
            column = offset - starts[line - 1] + 1
        out.append(
            Problem(
                pointer=problem.pointer,
                code=problem.code,
                message=problem.message,
                line=problem.line if line is None else line,
                column=problem.column if column is None else column,
                file=file if problem.file is None else problem.file,
            )
        )
    return tuple(out)


def dumps_document(document: Any) -> str:  # noqa: ANN401
    """
    Return canonical JSON text.

    Two-space indent, characters kept as they are (not escaped), keys in
    the order given, and a final newline.
    """
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
