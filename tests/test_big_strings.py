"""
A document of one huge string is checked in memory in proportion to
it, and its problems are the same as ever.

The figures are tracemalloc's peak during `lowback.validate_text`, less
the document's bytes, which the caller holds: for an 8 MiB document,

- reference engine: the text decoded and the value read, 2x (it was
  3x: jsonschema wrote the value into an error message, twice over
  while formatting it, for ``unevaluatedProperties: false``, ``type``
  and ``enum``, 4x for the last two; and the document was still alive
  while the text was decoded and the scanner copied the string out);
- fast engine, from the value read on (orjson's reading is its own
  business): the value, or the text decoded for locating, 1x (it was
  3x and 4x, as above).
"""

from __future__ import annotations

import bisect
import json
import re
import tracemalloc
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lowback
from lowback._json import Lines, locate
from lowback._validation import _fast

if TYPE_CHECKING:
    from collections.abc import Callable

SIZE = 8 << 20
#: Most memory, beyond the document's bytes, a check may take at its peak.
REFERENCE_MOST = 2.25
FAST_MOST = 1.25  # from the value read on
MISSING = ["language", "kind", "position", "steps", "dose", "provenance"]


def _document(**fields: object) -> bytes:
    header = {"type": "exercise", "format_version": "1.0", "id": "x"}
    return json.dumps({**header, **fields}).encode()


def _missing(*present: str) -> list[tuple[str, str, int, int]]:
    return [
        (f"/{name}", "missing-field", 1, 1)
        for name in ["name", *MISSING]
        if name not in present
    ]


#: (document, its problems other than missing fields, as (pointer, code,
#: line, column, message start)).
CASES: dict[str, tuple[bytes, list[tuple[str, str, int, int, str]]]] = {
    "name": (
        _document(name="x" * SIZE),
        [
            (
                "/name",
                "too-long",
                1,
                66,
                "'name' must have at most 200 characters, has 8388608",
            )
        ],
    ),
    "name of escapes": (
        _document(name="\n" * (SIZE // 2)),
        [
            (
                "/name",
                "too-long",
                1,
                66,
                "'name' must have at most 200 characters, has 4194304",
            ),
            (
                "/name",
                "blank-text",
                1,
                66,
                "'name' must not be blank, got the text '" + "\\n" * 37,
            ),
            (
                "/name",
                "control-character",
                1,
                66,
                "'name' holds a line break (U+000A); text may hold no control",
            ),
        ],
    ),
    "unknown field": (
        _document(nmae="x" * SIZE),
        [
            (
                "/nmae",
                "unknown-field",
                1,
                58,
                (
                    "'nmae' is not a field here; did you mean 'name'? "
                    "(allowed: $schema, cautions, dose,"
                ),
            )
        ],
    ),
    "not in an enum": (
        _document(kind="x" * SIZE),
        [
            (
                "/kind",
                "not-allowed",
                1,
                66,
                "'kind' must be one of 'strengthening', 'stretch', "
                "'mobility', got the text '" + "x" * 37 + "...'",
            )
        ],
    ),
    "wrong type": (
        _document(steps="x" * SIZE),
        [
            (
                "/steps",
                "wrong-type",
                1,
                67,
                "'steps' must be an array, got the text '" + "x" * 37 + "...'",
            )
        ],
    ),
}
ENGINES = ["reference", "fast"]


def _peak(check: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        check()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Any:
    # What is built once a process (validators, imports) is built here.
    lowback.validate_text(_document(name="x" * 300), engine=request.param)
    return request.param


@pytest.mark.parametrize("case", CASES)
def test_the_problems_of_a_huge_string_are_as_ever(case, engine) -> None:
    data, expected = CASES[case]
    report = lowback.validate_text(data, engine=engine, file="big.json")
    pointers = {e[0] for e in expected}
    missing = _missing(*(p.removeprefix("/") for p in pointers))
    assert missing + [e[:4] for e in expected] == [
        (p.pointer, p.code, p.line, p.column) for p in report.problems
    ]
    for problem, want in zip(
        report.problems[len(missing) :], expected, strict=True
    ):
        assert problem.message.startswith(want[4])
        assert len(problem.message) < 300
    assert {"big.json"} == {p.file for p in report.problems}


@pytest.mark.parametrize("case", CASES)
def test_the_reference_engine_takes_twice_a_huge_string(case) -> None:
    data = CASES[case][0]
    lowback.validate_text(_document(name="x" * 300), engine="reference")
    peak = _peak(lambda: lowback.validate_text(data, engine="reference"))
    assert peak < REFERENCE_MOST * len(data)


@pytest.mark.parametrize("case", CASES)
def test_the_fast_engine_takes_once_a_huge_string_once_read(
    case, monkeypatch
) -> None:
    data = CASES[case][0]
    lowback.validate_text(_document(name="x" * 300), engine="fast")
    parse = _fast.parse

    def read(*args: Any, **kwargs: Any) -> Any:
        found = parse(*args, **kwargs)
        tracemalloc.reset_peak()  # orjson's reading is not measured
        return found

    monkeypatch.setattr(_fast, "parse", read)
    peak = _peak(lambda: lowback.validate_text(data, engine="fast"))
    assert peak < FAST_MOST * len(data)


def test_many_lines_are_located_without_a_list_of_them(engine) -> None:
    """
    Locating kept where every line starts: for a document of a million
    empty lines, 44 times its size.
    """
    lines = 1 << 20
    text = (
        '{"type": "exercise", "format_version": "1.0",'
        + "\n" * lines
        + '  "id": "Not A Slug"}'
    )
    report = lowback.validate_text(text, engine=engine)
    assert ("/id", "not-a-slug", lines + 1, 9) == next(
        (p.pointer, p.code, p.line, p.column)
        for p in report.problems
        if p.pointer == "/id"
    )
    unplaced = [attrs.evolve(p, line=None, column=None) for p in report]
    peak = _peak(lambda: locate(text, unplaced))
    assert peak < len(text) // 4


def _naive(text: str, offset: int) -> tuple[int, int]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


@given(
    st.text(alphabet="ab\n\u00e9", max_size=60),
    st.lists(st.integers(0, 60), max_size=10),
)
def test_lines_gives_the_line_and_column_of_any_offset(text, asked) -> None:
    lines = Lines(text)
    for offset in (min(o, len(text)) for o in asked):
        assert _naive(text, offset) == lines.position(offset)


def test_without_jsonschemas_helpers_its_own_keywords_serve(monkeypatch):
    """
    Should a release of python-jsonschema move the helpers the lean
    keywords use, its own keywords serve, and the problems are the same.
    """
    from jsonschema import _utils

    from lowback._validation import _reference

    document = {"type": "exercise", "format_version": "1.0", "id": 5}
    expected = lowback.validate(document, engine="reference").problems
    monkeypatch.delattr(_utils, "extras_msg")
    _reference.validator.cache_clear()
    try:
        assert {} == _reference._lean_keywords()
        assert (
            expected == lowback.validate(document, engine="reference").problems
        )
    finally:
        monkeypatch.undo()
        _reference.validator.cache_clear()
    assert _reference._lean_keywords()
