"""
The strict JSON reader, the locator of problems, and the canonical writer.

`parse` refuses what Python's ``json`` lets through: NaN and Infinity,
numbers that overflow to infinity, duplicate keys, invalid UTF-8 and a
byte-order mark.
Every refusal is a located `Problem`, never an exception.
The fast path is ``json.loads``; a small scanner runs only when that
path refuses something, or to put lines and columns on problems.
"""

from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING, Any, Final

from ._pointer import pointer_from
from ._problems import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable

#: Largest document, in bytes, that `parse` reads unless told otherwise.
MAX_BYTES: Final = 64 * 1024 * 1024
#: Deepest nesting of arrays and objects a document may have.
MAX_DEPTH: Final = 64
#: Longest run of digits in a number before it is refused.
MAX_NUMBER_DIGITS: Final = 100

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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


def parse(
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
    text = _text(data, max_bytes)
    if isinstance(text, Problem):
        return None, (text,)
    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_refuse_constant,
            parse_float=_strict_float,
        )
    except json.JSONDecodeError as e:
        return None, (_syntax(e),)
    except (_RefusedError, RecursionError, ValueError):
        problems = scan(text, max_depth=max_depth).problems
        if not problems:  # pragma: no cover - the scanner should find it
            problems = [_at_start("invalid-json", "this is not JSON")]
        return None, tuple(problems)
    return value, ()


def _text(data: str | bytes, max_bytes: int) -> str | Problem:
    """
    Return the text of a document, or the problem that stops reading it.

    That is: too large, not UTF-8, a byte-order mark, or nothing at all.
    """
    text = decode(data, max_bytes)
    if isinstance(text, Problem):
        return text
    if text.startswith("\ufeff"):
        fix = (
            "save it as UTF-8 without one"
            if isinstance(data, bytes)
            else "remove it"
        )
        return _at_start(
            "utf8-bom", f"the text starts with a byte-order mark; {fix}"
        )
    if not text.strip():
        return _at_start(
            "empty-document",
            "the document is empty; a lowback document is a JSON object",
        )
    return text


def decode(data: str | bytes, max_bytes: int = MAX_BYTES) -> str | Problem:
    """
    Return the text UTF-8 bytes hold, or the problem that stops it.

    That is: more than *max_bytes*, UTF-16, or bytes that are not UTF-8,
    located. What the text then says is the reader's business.
    """
    size = (
        len(data)
        if isinstance(data, bytes)
        else len(data.encode("utf-8", "surrogatepass"))
    )
    if size > max_bytes:
        # Files are read to one byte past the limit (see `_io.read_file`),
        # so one byte more may be all that was read.
        has = f"more than {max_bytes}" if size == max_bytes + 1 else size
        return _at_start(
            "too-large",
            f"the document has {has} bytes; the limit is {max_bytes}",
        )
    if not isinstance(data, bytes):
        return data
    if data.startswith(_UTF16_BOMS):
        return _at_start("not-utf8", "the text is UTF-16; save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        return Problem(
            pointer="",
            code="not-utf8",
            message=f"byte {e.start} is not valid UTF-8 "
            f"(0x{data[e.start]:02x}); save the file as UTF-8",
            line=line,
            column=col,
        )


def _syntax(error: json.JSONDecodeError) -> Problem:
    """
    Return Python's syntax error as a problem a content author reads.
    """
    code = "trailing-data" if error.msg == "Extra data" else "invalid-json"
    message = _SYNTAX.get(error.msg, error.msg.removesuffix(" at"))
    if code == "invalid-json":
        message = f"this is not JSON: {message}"
    return Problem(
        pointer="",
        code=code,
        message=message,
        line=error.lineno,
        column=error.colno,
    )


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
    |(?P<str>"[^"\\]*+(?:\\.[^"\\]*+)*+")  # possessive: no saved state
    |(?P<num>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    |(?P<lit>true|false|null|NaN|-?Infinity)
    |(?P<punct>[{}\[\]:,])
    """,
    re.VERBOSE | re.DOTALL,
)
#: Literals that Python's ``json`` reads and JSON does not have.
_NOT_FINITE = frozenset({"NaN", "Infinity", "-Infinity"})


class Scan:
    """
    What the scanner learned: where each value starts, and problems.

    Attributes:
        positions: Offset of each value by JSON Pointer; for an object
            member, the offset of its key.
        values: Offset of each value by JSON Pointer.
        problems: Duplicate keys, non-finite numbers, numbers too long
            and nesting too deep, located.
    """

    __slots__ = ("positions", "problems", "values")

    def __init__(self) -> None:
        self.positions: dict[str, int] = {}
        self.values: dict[str, int] = {}
        self.problems: list[Problem] = []


class _Frame:
    """
    An object or array the scanner is inside.

    Attributes:
        is_object: An object, or else an array.
        keys: The keys seen so far (objects).
        count: Members or items begun so far.
    """

    __slots__ = ("count", "is_object", "keys")

    def __init__(self, *, is_object: bool) -> None:
        self.is_object = is_object
        self.keys: set[str] = set()
        self.count = 0


class _Scanner:
    """
    One walk over JSON text, token by token, without recursion.

    The state is what the next token may be: a value, a key, the colon
    after a key, or a comma or the end of the container. Each state has
    a method, which returns False at a token that is not JSON; the walk
    stops quietly there, since ``json.loads`` reports those.
    """

    def __init__(self, text: str, max_depth: int) -> None:
        self.text = text
        self.max_depth = max_depth
        self.found = Scan()
        self.frames: list[_Frame] = []
        self.path: list[str | int] = []
        self.expecting = self.value
        self.too_deep = False
        self._lines: Lines | None = None

    def run(self) -> Scan:
        pos, end = 0, len(self.text)
        while pos < end:
            match = _TOKEN.match(self.text, pos)
            if match is None:
                break
            pos = match.end()
            if match.lastgroup != "ws" and not self.expecting(match):
                break
        return self.found

    def add(self, pointer: str, code: str, message: str, offset: int) -> None:
        if self._lines is None:
            self._lines = Lines(self.text)
        line, column = self._lines.position(offset)
        self.found.problems.append(
            Problem(
                pointer=pointer,
                code=code,
                message=message,
                line=line,
                column=column,
            )
        )

    @property
    def deep(self) -> bool:
        """
        Whether the walk is below the depth limit, where nothing is noted.
        """
        return len(self.frames) > self.max_depth

    def key(self, match: re.Match[str]) -> bool:
        token, frame = match.group(), self.frames[-1]
        if token == "}" and frame.count == 0:
            return self.close()  # an empty object
        if match.lastgroup != "str":
            return False
        try:
            key = json.loads(token)
        except ValueError:
            return False
        self.path.append(key)
        frame.count += 1
        self.expecting = self.colon
        if self.deep:
            return True
        pointer = pointer_from(self.path)
        if key in frame.keys:
            self.add(
                pointer,
                "duplicate-key",
                f"the key {key!r} appears more than once in this object; "
                "keep one",
                match.start(),
            )
        else:
            frame.keys.add(key)
            self.found.positions.setdefault(pointer, match.start())
        return True

    def colon(self, match: re.Match[str]) -> bool:
        self.expecting = self.value
        return match.group() == ":"

    def after(self, match: re.Match[str]) -> bool:
        """
        After a value: a comma, or the end of the container.
        """
        token = match.group()
        if not self.frames:
            return False
        frame = self.frames[-1]
        if token == ",":
            if frame.is_object:
                self.path.pop()
                self.expecting = self.key
            else:
                frame.count += 1
                self.path[-1] = frame.count
                self.expecting = self.value
            return True
        if token == ("}" if frame.is_object else "]"):
            self.path.pop()  # the member or item just closed
            return self.close()
        return False

    def close(self) -> bool:
        self.frames.pop()
        self.expecting = self.after
        return True

    def value(self, match: re.Match[str]) -> bool:
        kind, start = match.lastgroup, match.start()
        # A text value is not copied out: it may be most of the document.
        token = "" if kind == "str" else match.group()
        if token == "]" and self.frames and not self.frames[-1].is_object:
            self.path.pop()  # an empty array: no item was begun
            return self.close()
        pointer = "" if self.deep else pointer_from(self.path)
        if not self.deep:
            self.found.values.setdefault(pointer, start)
            if not self.frames or not self.frames[-1].is_object:
                self.found.positions.setdefault(pointer, start)
        if token in {"{", "["}:
            self.open(token == "{", pointer, start)
            return True
        if kind not in {"str", "lit", "num"}:
            return False
        if not self.deep:
            self.number(token, kind, pointer, start)
        self.expecting = self.after
        return bool(self.frames)  # after a top-level scalar, nothing more

    def open(self, is_object: bool, pointer: str, start: int) -> None:
        if len(self.frames) >= self.max_depth and not self.too_deep:
            self.too_deep = True
            self.add(
                pointer,
                "too-deep",
                f"arrays and objects are nested more than {self.max_depth} "
                "deep here",
                start,
            )
        self.frames.append(_Frame(is_object=is_object))
        if is_object:
            self.expecting = self.key
        else:
            self.path.append(0)
            self.expecting = self.value

    def number(
        self, token: str, kind: str | None, pointer: str, start: int
    ) -> None:
        """
        Note a literal or number that Python reads and JSON refuses.
        """
        if kind == "lit" and token in _NOT_FINITE:
            self.add(
                pointer,
                "not-finite",
                f"{token} is not a JSON number; use a whole number",
                start,
            )
        elif kind == "num":
            digits = sum(c.isdigit() for c in token)
            if digits > MAX_NUMBER_DIGITS:
                self.add(
                    pointer,
                    "number-too-large",
                    f"the number has {digits} digits; the limit is "
                    f"{MAX_NUMBER_DIGITS}",
                    start,
                )
            elif not math.isfinite(float(token)):
                self.add(
                    pointer,
                    "not-finite",
                    f"{token} is too large to be a number",
                    start,
                )


def scan(text: str, *, max_depth: int = MAX_DEPTH) -> Scan:
    """
    Walk *text* once, without recursion, noting where every value is.

    Stops quietly at the first token that is not JSON; ``json.loads``
    reports those.
    """
    return _Scanner(text, max_depth).run()


class Lines:
    """
    The 1-based line and column of offsets into a text.

    Newlines are counted from the last offset asked, so offsets asked
    in increasing order (as the scanner and `locate` ask) cost one
    reading of the text, and nothing is kept by line: a list of where
    each line starts would take many times the size of a text of short
    lines.
    """

    __slots__ = ("line", "offset", "start", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0  # the last offset asked
        self.line = 1  # its line
        self.start = 0  # where that line starts

    def position(self, offset: int) -> tuple[int, int]:
        """
        Return the line and column of *offset*.
        """
        if offset < self.offset:
            self.offset, self.line, self.start = 0, 1, 0
        text, last = self.text, self.offset
        self.line += text.count("\n", last, offset)
        self.start = max(self.start, text.rfind("\n", last, offset) + 1)
        self.offset = offset
        return self.line, offset - self.start + 1


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
    offsets = []
    for problem in problems:
        pointer = problem.pointer
        first = found.positions if problem.code in _KEY_CODES else found.values
        offset = first.get(pointer)
        while offset is None and pointer:
            pointer = pointer.rsplit("/", 1)[0]
            offset = found.values.get(pointer)
        offsets.append((problem, None if problem.line is not None else offset))
    lines = Lines(text)
    # In increasing order, so that the text is read once.
    places = {
        o: lines.position(o)
        for o in sorted({o for _, o in offsets if o is not None})
    }
    out = []
    for problem, offset in offsets:
        line, column = (
            (problem.line, problem.column)
            if offset is None
            else places[offset]
        )
        out.append(
            Problem(
                pointer=problem.pointer,
                code=problem.code,
                message=problem.message,
                line=line,
                column=column,
                file=file if problem.file is None else problem.file,
            )
        )
    return tuple(out)


def dumps_text(document: Any) -> str:  # noqa: ANN401
    """
    Return canonical JSON text.

    Two-space indent, characters kept as they are (not escaped), keys in
    the order given, and a final newline.
    """
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
