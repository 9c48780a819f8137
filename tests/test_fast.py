"""
The fast engine (orjson and jsonschema-rs) answers exactly as the
reference engine does.

Each test runs the same call twice, once with ``engine="reference"``
(``_json.parse``, python-jsonschema and every rule) and once with
``engine="fast"``, and compares everything: the value read, and every
problem with its code, pointer, message, line and column.
"""

from __future__ import annotations

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
from helpers import ALL, by_file, case_data
from lowback import _json
from lowback._rules import document_rules
from lowback._schemas import (
    DOCUMENT_TYPES,
    SCHEMA_NAMES,
    load_schema,
)
from lowback._validation import _fast, _reference, _validate, read_and_validate
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

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

pytest.importorskip("orjson")
rs = pytest.importorskip("jsonschema_rs")

LEAFLET = (
    Path(lowback.__file__).parent / "content" / "leaflet.json"
).read_bytes()


def _both(call: Callable[[lowback.Engine], Any]) -> tuple[Any, Any]:
    """
    Return what *call* gives with the reference engine and the fast one.
    """
    return call("reference"), call("fast")


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


def _read_and_check(
    data: str | bytes, engine: lowback.Engine
) -> tuple[Any, lowback.Report]:
    document, report = read_and_validate(data, file="doc.json", engine=engine)
    return _tagged(document), report


def _validate_both(document: Any) -> tuple[lowback.Report, lowback.Report]:
    return _both(lambda e: lowback.validate(document, engine=e))


def test_the_fast_engine_is_there_when_its_libraries_are(monkeypatch):
    """
    With orjson and jsonschema-rs installed and no LOWBACK_REFERENCE,
    "auto" means the fast engine, its libraries pass the probes, and a
    validator is built for every document type.
    """
    monkeypatch.delenv("LOWBACK_REFERENCE", raising=False)
    assert _validate.is_fast("auto")
    assert _fast.usable()
    for kind in DOCUMENT_TYPES:
        assert None is not _fast._validator(kind, _json.MAX_DEPTH)


def test_lowback_reference_makes_auto_the_reference_engine(monkeypatch):
    """
    LOWBACK_REFERENCE=1 in the environment makes "auto" the reference
    engine, read at each call; other values leave it fast. The engine
    asked for by name is that engine, whatever the environment says.
    """
    for value, expected in [
        ("1", False),
        (" 1 ", False),
        ("0", True),
        ("", True),
    ]:
        monkeypatch.setenv("LOWBACK_REFERENCE", value)
        assert expected == _validate.is_fast("auto"), value
        assert _validate.is_fast("fast")
        assert not _validate.is_fast("reference")
    code = (
        "import lowback._validation._validate as v; print(v.is_fast('auto'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "LOWBACK_REFERENCE": "1"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "False" == out.strip()


@pytest.mark.parametrize("engine", ["quick", None, 1, "FAST"])
def test_an_unknown_engine_is_refused(engine):
    """An engine that is not one of the three is an InvalidValueError naming them."""
    with pytest.raises(
        lowback.InvalidValueError, match="'auto', 'fast', 'reference'"
    ):
        lowback.validate({}, engine=engine)


def test_a_valid_catalog_never_reaches_the_reference_engine(monkeypatch):
    """
    The built-in catalog is read by orjson and checked by jsonschema-rs
    and the rules: neither the reference reader nor python-jsonschema
    nor the reference engine's passes run.
    """

    def unused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reference engine was used")

    monkeypatch.setattr(_fast, "reference_parse", unused)
    monkeypatch.setattr(_reference, "validator", unused)
    monkeypatch.setattr(_reference, "problems", unused)
    document, report = read_and_validate(LEAFLET, engine="fast")
    assert () == report.problems
    assert json.loads(LEAFLET) == document


@pytest.mark.parametrize("case", by_file(ALL))
def test_every_malformed_case_gets_the_same_report(case):
    """
    Every document of the malformed suite (tests/cases) is read and
    reported identically by both engines.
    """
    data = case_data(case)
    reference, fast = _both(lambda e: _read_and_check(data, e))
    assert reference == fast


@given(documents)
def test_valid_documents_get_the_same_report(obj):
    """
    A generated exercise or catalog is valid for both engines, as text
    and as a value, and reads back the same.
    """
    text = lowback.dumps(obj)
    reference, fast = _both(lambda e: _read_and_check(text, e))
    assert reference == fast
    assert () == fast[1].problems
    document = json.loads(text)
    assert _validate_both(document) == (lowback.Report(), lowback.Report())


def _mutated(document: dict[str, Any], data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(leaves(document)))
    set_at(document, path, data.draw(json_values | edge_values))


@given(documents, st.data())
def test_mutated_documents_get_the_same_report(obj, data):
    """
    After overwriting one or two values of a valid exercise or catalog
    with any JSON value, or a value at an edge the fast engine must hand
    over, both engines give the same report, for the value and for its
    text.
    """
    document = lowback.to_document(obj)
    for _ in range(data.draw(st.integers(1, 2))):
        _mutated(document, data)
    reference, fast = _validate_both(document)
    assert reference == fast
    text = json.dumps(document)
    reference, fast = _both(lambda e: _read_and_check(text, e))
    assert reference == fast


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(routines() | plans(with_reports=False), st.data())
def test_mutated_routines_and_plans_get_the_same_report(obj, data):
    """
    The same for routine and plan documents, valid and mutated.
    """
    document = lowback.to_document(obj)
    reference, fast = _validate_both(document)
    assert reference == fast
    _mutated(document, data)
    reference, fast = _validate_both(document)
    assert reference == fast


#: Fields of an exercise the rules read, and values that break or keep
#: them.
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
def test_the_engines_agree_on_every_rule(obj, data):
    """
    Where a rule fails (min above max, an unknown phase, a target outside
    the dose, a pointer naming nothing), both engines report the same
    problems; the fast engine's verdict is VALID exactly when the
    reference finds nothing, and when it finds only what the rules find,
    the verdict says the schema passed.
    """
    document = lowback.to_document(obj)
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
    reference, fast = _validate_both(document)
    assert reference == fast
    verdict = _fast.check(document)
    assert (verdict is _fast.Verdict.VALID) == (reference.problems == ())
    schema_errors = [
        *_reference.schema_problems(document, document["type"]),
        *_reference.walk(document, _json.MAX_DEPTH),
    ]
    if not schema_errors:
        rules = list(document_rules(document["type"], document))
        assert rules == list(reference.problems)
        expected = _fast.Verdict.RULES_FAIL if rules else _fast.Verdict.VALID
        assert expected == verdict


@given(json_texts())
def test_the_fast_reader_reads_as_the_reference_reader(data):
    """
    On any JSON text, valid or not (duplicate keys, NaN, big numbers,
    deep nesting, byte-order marks, invalid UTF-8, surrogates), the fast
    reader accepts exactly what ``_json.parse`` accepts, with the same
    value, and refuses the rest with the same located problems.
    """
    expected_value, expected_problems = _json.parse(data)
    value, problems = _fast.parse(data)
    assert expected_problems == problems
    assert _tagged(expected_value) == _tagged(value)


@pytest.mark.parametrize("depth", [1, 63, 64, 65, 253, 254, 255, 1024, 1100])
@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_the_fast_reader_reads_deep_nesting_as_the_reference(depth, opening):
    """
    Nesting around orjson's limits for writing (254) and reading (1024)
    is read exactly as by ``_json.parse``; the validator then refuses
    anything deeper than 64 on both paths alike.
    """
    closing = "]" if opening == "[" else "}"
    inner = "" if opening == "[" else "1"
    text = (opening * depth + inner + closing * depth).encode()
    expected_value, expected_problems = _json.parse(text)
    value, problems = _fast.parse(text)
    assert expected_problems == problems
    assert _tagged(expected_value) == _tagged(value)
    reference, fast = _both(lambda e: _read_and_check(text, e))
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
    data and nothing: the same value or problems as ``_json.parse``.
    """
    expected_value, expected_problems = _json.parse(text)
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
    shipped = {
        p for name in SCHEMA_NAMES for p in _patterns(load_schema(name))
    }
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
    assert bool(_reference.compiled(pattern).search(text)) == check.is_valid(
        text
    )


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


def test_the_fast_engine_is_what_a_plain_install_gives():
    """
    orjson and jsonschema-rs are dependencies, not an extra: a plain
    `pip install lowback` validates on the fast engine.
    """
    from importlib.metadata import requires

    from lowback._validation import _fast

    plain = [r for r in requires("lowback") or [] if "extra ==" not in r]
    names = {r.split(">")[0].split("=")[0].strip().lower() for r in plain}
    assert {"orjson", "jsonschema-rs"} <= names
    assert _fast.usable()
