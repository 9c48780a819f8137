"""
The fast path (``lowback[fast]``: orjson and jsonschema-rs) answers
exactly as the reference path does.

Each test runs the same call twice, once with the switch
``lowback._validate.FAST_PATH`` off (``_format.parse``, python-jsonschema
and the full semantic rules) and once on, and compares everything: the
value read, and every problem with its code, pointer, message, line and
column.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lowback
from lowback import _fast, _format, _validate
from lowback._schema import DOCUMENT_TYPES, SCHEMA_NAMES, _compiled, _load
from strategies import (
    documents,
    edge_values,
    json_texts,
    json_values,
    leaves,
    plans,
    routines,
    set_at,
    slugs,
)
from test_cases import ALL, _by_file, _data

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

pytest.importorskip("orjson")
rs = pytest.importorskip("jsonschema_rs")

LEAFLET = (
    Path(lowback.__file__).parent / "content" / "leaflet.json"
).read_bytes()


@contextlib.contextmanager
def _path(fast: bool) -> Iterator[None]:
    """
    Take the fast or the reference path inside the block.
    """
    before = _validate.FAST_PATH
    _validate.FAST_PATH = fast
    try:
        yield
    finally:
        _validate.FAST_PATH = before


def _both(call: Callable[[], Any]) -> tuple[Any, Any]:
    """
    Return what *call* gives on the reference path and on the fast one.
    """
    with _path(fast=False):
        reference = call()
    with _path(fast=True):
        fast = call()
    return reference, fast


def _tagged(value: Any) -> Any:
    """
    *value* in a form that tells 1, 1.0, -0.0 and True apart.
    """
    if isinstance(value, dict):
        return ("object", [(k, _tagged(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("array", [_tagged(v) for v in value])
    if isinstance(value, float):
        return ("float", value.hex())
    return (type(value).__name__, value)


def _read_and_check(data: str | bytes) -> tuple[Any, lowback.Report]:
    document, report = lowback.validate_text(data, file="doc.json")
    return _tagged(document), report


def test_the_fast_path_is_on_when_its_libraries_are_there(monkeypatch):
    """
    With orjson and jsonschema-rs installed and no LOWBACK_REFERENCE,
    the fast path is wanted, its libraries pass the probes, and a
    validator is built for every document type.
    """
    monkeypatch.delenv("LOWBACK_REFERENCE", raising=False)
    assert _fast.wanted()
    assert None is not _fast._libraries()
    for kind in DOCUMENT_TYPES:
        assert None is not _fast._validator(kind, _format.MAX_DEPTH)


def test_lowback_reference_turns_the_fast_path_off():
    """
    LOWBACK_REFERENCE=1 in the environment turns the switch off for the
    whole process; other values leave it on.
    """
    code = "import lowback._validate as v; print(v.FAST_PATH)"
    for value, expected in [("1", "False"), ("0", "True"), ("", "True")]:
        out = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "LOWBACK_REFERENCE": value},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert expected == out.strip(), value


def test_a_valid_catalog_never_reaches_the_reference_path(monkeypatch):
    """
    The built-in catalog is read by orjson and checked by jsonschema-rs
    and the plain semantic check: neither the reference reader, nor
    python-jsonschema, nor the model's structuring is used.
    """

    def unused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reference path was used")

    monkeypatch.setattr(_fast, "reference_parse", unused)
    monkeypatch.setattr(_validate, "validator", unused)
    monkeypatch.setattr(_validate, "_cross_fields", unused)
    with _path(fast=True):
        document, report = lowback.validate_text(LEAFLET)
    assert () == report.problems
    assert json.loads(LEAFLET) == document


@pytest.mark.parametrize("case", _by_file(ALL))
def test_every_malformed_case_gets_the_same_report(case):
    """
    Every document of the malformed suite (tests/cases) is read and
    reported identically on both paths.
    """
    data = _data(case)
    reference, fast = _both(lambda: _read_and_check(data))
    assert reference == fast


@given(documents)
def test_valid_documents_get_the_same_report(obj):
    """
    A generated exercise or catalog is valid on both paths, as text and
    as a value, and reads back the same.
    """
    text = lowback.dumps(obj)
    reference, fast = _both(lambda: _read_and_check(text))
    assert reference == fast
    assert () == fast[1].problems
    document = json.loads(text)
    assert _both(lambda: lowback.validate(document)) == (
        lowback.Report(),
        lowback.Report(),
    )


def _mutated(document: dict[str, Any], data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(leaves(document)))
    set_at(document, path, data.draw(json_values | edge_values))


@given(documents, st.data())
def test_mutated_documents_get_the_same_report(obj, data):
    """
    After overwriting one or two values of a valid exercise or catalog
    with any JSON value, or a value at an edge the fast path must hand
    over, both paths give the same report, for the value and for its
    text.
    """
    document = lowback.to_json(obj)
    for _ in range(data.draw(st.integers(1, 2))):
        _mutated(document, data)
    reference, fast = _both(lambda: lowback.validate(document))
    assert reference == fast
    text = json.dumps(document)
    reference, fast = _both(lambda: _read_and_check(text))
    assert reference == fast


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(routines() | plans(with_reports=False), st.data())
def test_mutated_routines_and_plans_get_the_same_report(obj, data):
    """
    The same for routine and plan documents, valid and mutated.
    """
    document = lowback.to_json(obj)
    reference, fast = _both(lambda: lowback.validate(document))
    assert reference == fast
    _mutated(document, data)
    reference, fast = _both(lambda: lowback.validate(document))
    assert reference == fast


#: Fields of an exercise the semantic rules read, and values that break
#: or keep them.
_SEMANTIC_FIELDS = st.sampled_from(
    [
        ("dose", "repetitions", "min"),
        ("dose", "repetitions", "max"),
        ("dose", "sets", "min"),
        ("dose", "phases", 0, "hold", "max"),
        ("dose", "phases", 0, "id"),
        ("steps", 0, "phase"),
        ("progression",),
        ("library_defaults",),
    ]
)
_SEMANTIC_VALUES = st.one_of(
    st.integers(1, 40),
    slugs,
    st.builds(
        dict,
        rule=st.just("add-repetitions"),
        every=st.just("day"),
        step=st.just(1),
        target=st.integers(1, 40),
    ),
    st.builds(
        dict,
        rule=st.just("raise-hold"),
        every=st.just("week"),
        step=st.just(1),
        cap=st.integers(5, 30),
        phases=st.lists(slugs, max_size=2, unique=True),
    ),
    st.lists(
        st.builds(
            dict,
            pointer=st.sampled_from(
                [
                    "/dose/sets",
                    "/dose/sets/min",
                    "/progression/step",
                    "/type",
                    "/steps/0/text",
                    "/steps/01",
                    "/steps/9",
                    "/dose/phases/0/hold/min",
                    "/equipment/0",
                    "/~1",
                    "/cautions",
                ]
            ),
            note=st.just("A note."),
        ),
        max_size=2,
    ),
)


@given(documents, st.data())
def test_the_plain_semantic_check_passes_only_what_the_rules_pass(obj, data):
    """
    Wherever the reference finds a schema-valid exercise whose semantic
    rules fail (min above max, an unknown phase, a target outside the
    dose, a pointer naming nothing), the plain check, which is only
    asked about schema-valid exercises, says so too; it may decline
    more, never less.
    """
    document = lowback.to_json(obj)
    found = [document] if document["type"] == "exercise" else []
    found += document.get("exercises", [])
    if not found:
        return
    exercise = data.draw(st.sampled_from(found))
    path = data.draw(_SEMANTIC_FIELDS)
    target = exercise
    for part in path[:-1]:
        if isinstance(target, dict):
            target = target.get(part, {})
        elif isinstance(part, int) and part < len(target):
            target = target[part]
    if isinstance(target, dict):
        target[path[-1]] = data.draw(_SEMANTIC_VALUES)
    with _path(fast=False):
        rules = list(_validate._exercise_rules(exercise, (), True))
    reference, fast = _both(lambda: lowback.validate(document))
    assert reference == fast
    if not reference.problems:
        assert [] == rules
    alone = {"type": "exercise", "format_version": "1.0", **exercise}
    schema_valid = not any(
        [
            *_validate.validator("exercise").iter_errors(alone),
            *_validate._walk(alone, _format.MAX_DEPTH),
        ]
    )
    if schema_valid and _fast.exercise_clean(exercise):
        assert [] == rules


@given(json_texts())
def test_the_fast_reader_reads_as_the_reference_reader(data):
    """
    On any JSON text, valid or not (duplicate keys, NaN, big numbers,
    deep nesting, byte-order marks, invalid UTF-8, surrogates), the fast
    reader accepts exactly what ``_format.parse`` accepts, with the same
    value, and refuses the rest with the same located problems.
    """
    expected_value, expected_problems = _format.parse(data)
    value, problems = _fast.parse(data)
    assert expected_problems == problems
    assert _tagged(expected_value) == _tagged(value)


@pytest.mark.parametrize("depth", [1, 63, 64, 65, 253, 254, 255, 1024, 1100])
@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_the_fast_reader_reads_deep_nesting_as_the_reference(depth, opening):
    """
    Nesting around orjson's limits for writing (254) and reading (1024)
    is read exactly as by ``_format.parse``; the validator then refuses
    anything deeper than 64 on both paths alike.
    """
    closing = "]" if opening == "[" else "}"
    inner = "" if opening == "[" else "1"
    text = (opening * depth + inner + closing * depth).encode()
    expected_value, expected_problems = _format.parse(text)
    value, problems = _fast.parse(text)
    assert expected_problems == problems
    assert _tagged(expected_value) == _tagged(value)
    reference, fast = _both(lambda: _read_and_check(text))
    assert reference == fast


@pytest.mark.parametrize(
    "text",
    [
        b'{"a": 1, "a": 2}',
        b'{"a": 1, "\\u0061": 2}',
        b'{"a": {"b": 1, "b": {"c": 2}}}',
        b'{"a:": 1, "a:": 2}',
        b'{"\\u003a": 1, "a": 1, "a": 2}',
        b'{"x": "a\\u003ab", "a": 1, "a": 2}',
        b"[18446744073709551616, 1]",
        b'{"n": 123456789012345678901234567890}',
        b'{"n": 1e16}',
        b"[NaN]",
        b"[1e400]",
        b'"\\ud800"',
        b"\xef\xbb\xbf{}",
        b"{} []",
        b"",
    ],
)
def test_the_fast_reader_hands_over_what_orjson_reads_differently(text):
    """
    Duplicate keys (plain, escaped, nested), escaped colons, integers
    past 64 bits, NaN, overflow, surrogates, a byte-order mark, trailing
    data and nothing: the same value or problems as ``_format.parse``.
    """
    expected_value, expected_problems = _format.parse(text)
    value, problems = _fast.parse(text)
    assert expected_problems == problems
    assert _tagged(expected_value) == _tagged(value)


def test_reading_a_large_document_leaves_the_collector_as_it_was():
    """
    Reading a document over a megabyte pauses the cyclic collector and
    leaves it enabled, with nothing frozen, afterwards; when it was off
    it stays off.
    """
    text = json.dumps([{"a": [i]} for i in range(100_000)]).encode()
    assert len(text) > _fast._LARGE
    assert (True, 0) == (gc.isenabled(), gc.get_freeze_count())
    value, _ = _fast.parse(text)
    assert (True, 0) == (gc.isenabled(), gc.get_freeze_count())
    assert 100_000 == len(value)
    gc.disable()
    try:
        _fast.parse(text)
        assert not gc.isenabled()
    finally:
        gc.enable()


def _patterns(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _patterns(value)


def test_every_shipped_pattern_has_its_rust_form():
    """
    Every ``pattern`` of every shipped schema is in ``RUST_PATTERNS``
    (otherwise the fast schema pass would be off), and nothing else is.
    """
    shipped = {p for name in SCHEMA_NAMES for p in _patterns(_load(name))}
    assert shipped == set(_fast.RUST_PATTERNS)


def test_not_space_is_pythons_white_space_for_every_character():
    """
    The class jsonschema-rs is given for ``\\S`` matches exactly the
    characters that Python's ``\\S`` matches, all 1,112,064 of them.
    """
    check = rs.validator_for({"pattern": _fast.RUST_PATTERNS["\\S"]})
    python = re.compile(r"\S")
    differ = [
        hex(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and check.is_valid(chr(code)) != bool(python.search(chr(code)))
    ]
    assert [] == differ


_PATTERN_TEXTS = st.one_of(
    st.text(),
    st.text("ab-/0Z \n\t\x1c\x85\u3000\ufeff", max_size=12),
    st.sampled_from(["en\n", "pt-BR", "2026-11-25\n", "/a\n/b", "a--b"]),
).filter(lambda s: not re.search("[\ud800-\udfff]", s))


@given(st.sampled_from(sorted(_fast.RUST_PATTERNS)), _PATTERN_TEXTS)
def test_each_rust_pattern_matches_as_the_reference_pattern(pattern, text):
    """
    jsonschema-rs, given a pattern's Rust form, accepts exactly the text
    the reference ``pattern`` keyword accepts (Python's ``re`` with
    ``$`` at the very end).
    """
    check = rs.validator_for({"pattern": _fast.RUST_PATTERNS[pattern]})
    assert bool(_compiled(pattern).search(text)) == check.is_valid(text)


def test_no_ref_is_ever_retrieved(monkeypatch):
    """
    Building the validators asks the retriever for nothing: every
    ``$ref`` is in the registry; and what it would be asked is refused.
    """
    asked: list[str] = []
    refuse = _fast._refuse

    def record(uri: str) -> Any:
        asked.append(uri)
        raise ValueError(uri)

    monkeypatch.setattr(_fast, "_refuse", record)
    _fast._validator.cache_clear()
    try:
        for kind in DOCUMENT_TYPES:
            assert None is not _fast._validator(kind, 10)
    finally:
        _fast._validator.cache_clear()
    assert [] == asked
    with pytest.raises(ValueError, match="never fetches"):
        refuse("https://example.invalid/schema.json")


@pytest.mark.parametrize(
    "value",
    [
        {"a set"},
        b"bytes",
        {1: "a key that is not text"},
        float("nan"),
        "\ud800",
    ],
)
def test_values_jsonschema_rs_cannot_read_go_to_the_reference(value):
    """
    A value that is not JSON, or that jsonschema-rs cannot read, never
    passes the fast schema pass; the reference path reports it.
    """
    document = copy.deepcopy(json.loads(LEAFLET))
    document["exercises"][0]["cautions"] = [value]
    assert not _fast.schema_clean(document)
