"""
Routine specs and pain-reports files, checked like documents; and a
document's ``$schema``, which may only name lowback's own schema.

A spec and a pain-reports file do not say their type, so ``lowback
validate --as`` and ``validate(..., kind=...)`` say it for them (a spec
may say it by its ``$schema``). Their problems carry pointers, codes,
messages, lines and columns, and both engines find the same ones.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lowback
from helpers import stopped_plan
from lowback._cli import main
from lowback._schemas import DOCUMENT_TYPES, schema_id
from strategies import edge_values, json_values, leaves, set_at

SPEC_ID = schema_id("routine-spec")


def _spec() -> dict[str, Any]:
    return {
        "title": "Evening",
        "items": [
            {"exercise": "pelvic-tilt", "repetitions": 10},
            {"exercise": "knee-to-chest", "repetitions": 2, "hold": 20},
        ],
    }


def _reports() -> list[dict[str, Any]]:
    return [
        {"day": 1, "change": "same"},
        {"day": 2, "exercise": "knee-to-chest", "before": 2, "after": 3},
    ]


def _pairs(report: lowback.Report) -> list[tuple[str, str]]:
    return sorted((p.code, p.pointer) for p in report)


# ---- Routine specs


def test_a_spec_is_checked_as_a_spec_when_told():
    """kind="routine-spec": valid as written, each problem located."""
    assert lowback.validate(_spec(), kind="routine-spec").valid
    spec = _spec()
    spec["items"][0]["reps"] = 10
    spec["items"][1]["hold"] = 45
    spec["colour"] = "red"
    assert [
        ("hold-out-of-range", "/items/1/hold"),
        ("unknown-field", "/colour"),
        ("unknown-field", "/items/0/reps"),
    ] == _pairs(lowback.validate(spec, kind="routine-spec"))


def test_without_kind_a_spec_is_no_document():
    """Told nothing, a spec is a document without a type, as before."""
    assert [("missing-type", "/type")] == _pairs(lowback.validate(_spec()))


def test_a_spec_naming_its_schema_is_checked_as_a_spec():
    """No type, and $schema the spec schema's id: checked as a spec."""
    spec = {"$schema": SPEC_ID, **_spec()}
    assert lowback.validate(spec).valid
    spec["items"][0]["repetitions"] = 0
    assert [("out-of-range", "/items/0/repetitions")] == _pairs(
        lowback.validate(spec)
    )
    # Another schema's id in a spec is foreign, once told it is a spec.
    spec = {"$schema": schema_id("routine"), **_spec()}
    assert [("missing-type", "/type")] == _pairs(lowback.validate(spec))
    assert [("foreign-schema", "/$schema")] == _pairs(
        lowback.validate(spec, kind="routine-spec")
    )


def test_spec_problems_carry_lines_and_columns():
    text = (
        '{\n  "title": "Evening",\n  "items": [\n'
        '    {"exercise": "pelvic-tilt", "repetitions": 5.0}\n  ]\n}\n'
    )
    report = lowback.validate_text(text, file="s.json", kind="routine-spec")
    [problem] = report.problems
    assert (problem.code, problem.pointer) == (
        "not-whole-number",
        "/items/0/repetitions",
    )
    assert (problem.file, problem.line, problem.column) == ("s.json", 4, 48)
    assert problem.message


def test_a_kind_that_is_not_one_is_refused():
    with pytest.raises(lowback.InvalidValueError, match="kind"):
        lowback.validate(_spec(), kind="catalog")  # type: ignore[arg-type]
    with pytest.raises(lowback.InvalidValueError, match="pain-reports"):
        lowback.validate_text("{}", kind="spec")  # type: ignore[arg-type]


# ---- Pain reports


def test_pain_reports_are_checked_when_told():
    assert lowback.validate(_reports(), kind="pain-reports").valid
    reports = [
        *_reports(),
        {"day": 0, "change": "same"},
        {"day": 4, "after": 3},
        {"day": 5, "change": "worst", "mood": "fine"},
        "day 6",
    ]
    assert [
        ("incomplete-report", "/3"),
        ("not-allowed", "/4/change"),
        ("out-of-range", "/2/day"),
        ("unknown-field", "/4/mood"),
        ("wrong-type", "/5"),
    ] == _pairs(lowback.validate(reports, kind="pain-reports"))


def test_without_kind_pain_reports_are_no_document():
    assert [("not-an-object", "")] == _pairs(lowback.validate(_reports()))


def test_pain_report_problems_carry_lines_and_columns():
    text = '[\n  {"day": 1, "change": "same"},\n  {"day": 2, "after": 3}\n]\n'
    [problem] = lowback.validate_text(text, kind="pain-reports").problems
    assert (problem.code, problem.pointer) == ("incomplete-report", "/1")
    assert (problem.line, problem.column) == (3, 3)
    assert "change" in problem.message


def test_an_item_that_is_not_a_report_is_named_by_its_place():
    [problem] = lowback.validate([3], kind="pain-reports").problems
    assert problem.message.startswith("item 0 must be an object")


# ---- Both engines


def _both(value: object, kind: Any) -> tuple[Any, Any]:
    pytest.importorskip("jsonschema_rs")
    reference = lowback.validate(value, engine="reference", kind=kind)
    fast = lowback.validate(value, engine="fast", kind=kind)
    text = json.dumps(value)
    return (
        (
            reference,
            lowback.validate_text(text, engine="reference", kind=kind),
        ),
        (fast, lowback.validate_text(text, engine="fast", kind=kind)),
    )


@given(
    st.sampled_from(["routine-spec", "pain-reports"]),
    st.data(),
)
def test_the_engines_agree_on_mutated_specs_and_reports(kind, data):
    """
    After overwriting one or two values of a valid spec or reports file
    with any JSON value, both engines give the same report, for the
    value and for its text, whether told the kind or not.
    """
    value: Any = _spec() if kind == "routine-spec" else _reports()
    if kind == "routine-spec" and data.draw(st.booleans()):
        value = {"$schema": SPEC_ID, **value}
    for _ in range(data.draw(st.integers(0, 2))):
        paths = leaves(value)
        path = data.draw(st.sampled_from(paths))
        set_at(value, path, data.draw(json_values | edge_values))
    reference, fast = _both(value, kind)
    assert reference == fast
    reference, fast = _both(value, None)
    assert reference == fast


# ---- $schema in a document


def _documents() -> dict[str, dict[str, Any]]:
    return {
        "exercise": lowback.to_document(lowback.catalog().get("pelvic-tilt")),
        "catalog": lowback.to_document(lowback.catalog()),
        "routine": lowback.to_document(lowback.leaflet_routine()),
        "plan": lowback.to_document(stopped_plan()),
    }


FOREIGN = (
    "http://127.0.0.1/x",
    "file:///etc/passwd",
    "https://lowback" + ".dev/schemas/1.0/catalog.schema.json",  # the old id
    "https://lowback.github.io/schemas/1.0/routine-spec.schema.json",
    "https://json-schema.org/draft/2020-12/schema",
    "",
    5,
)


@pytest.mark.parametrize("kind", DOCUMENT_TYPES)
def test_a_document_may_name_only_its_own_schema(kind):
    """
    Its own schema's $id is accepted; any other value, another lowback
    schema's id included, is foreign-schema, by both engines.
    """
    document = _documents()[kind]
    own = {"$schema": lowback.schema(kind)["$id"], **document}
    assert lowback.validate(own, engine="reference").valid
    assert lowback.validate(own, engine="fast").valid
    others = [schema_id(n) for n in DOCUMENT_TYPES if n != kind]
    for value in [*FOREIGN, *others]:
        given_ = {**document, "$schema": value}
        reference = lowback.validate(given_, engine="reference")
        assert [("foreign-schema", "/$schema")] == _pairs(reference), value
        assert reference == lowback.validate(given_, engine="fast")
        [problem] = reference.problems
        assert repr(own["$schema"]) in problem.message


def test_a_foreign_schema_is_located_in_the_text():
    document = {"$schema": "file:///etc/passwd", **_documents()["exercise"]}
    text = json.dumps(document, indent=2)
    [problem] = lowback.validate_text(text, file="x.json").problems
    assert (problem.code, problem.line, problem.column) == (
        "foreign-schema",
        2,
        14,
    )


def test_loading_refuses_a_foreign_schema():
    document = {"$schema": "http://127.0.0.1/x", **_documents()["exercise"]}
    with pytest.raises(lowback.ContentError, match="foreign-schema"):
        lowback.loads(json.dumps(document), lowback.Exercise)


# ---- The command line


def _write(tmp_path, name: str, value: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(value, indent=2), encoding="utf-8")
    return str(path)


def test_validate_as_routine_spec(tmp_path, capsys):
    good = _write(tmp_path, "spec.json", _spec())
    assert 0 == main(["validate", "--as", "routine-spec", good])
    assert 1 == main(["validate", good])  # no type: not a document
    capsys.readouterr()
    bad = copy.deepcopy(_spec())
    bad["items"][0]["repeats"] = 3
    bad_file = _write(tmp_path, "bad.json", bad)
    assert 1 == main(["validate", "--as", "routine-spec", good, bad_file])
    out = capsys.readouterr().out
    assert f"{bad_file}:7:7: /items/0/repeats:" in out
    assert "[unknown-field]" in out
    assert "1 problem in 1 of 2 documents" in out


def test_validate_as_pain_reports_in_several_processes(tmp_path, capsys):
    """--as reaches the worker processes of -j."""
    files = [
        _write(tmp_path, f"r{i}.json", [*_reports(), {"day": i + 1}])
        for i in range(3)
    ]
    code = main(
        [
            "validate",
            "--as",
            "pain-reports",
            "-j",
            "2",
            "--format",
            "json",
            *files,
        ]
    )
    assert 1 == code
    found = json.loads(capsys.readouterr().out)
    assert [("incomplete-report", "/2", f) for f in files] == [
        (p["code"], p["pointer"], p["file"]) for p in found["problems"]
    ]
    assert all(p["line"] and p["column"] for p in found["problems"])


def test_validate_as_something_else_is_a_usage_error(tmp_path, capsys):
    good = _write(tmp_path, "spec.json", _spec())
    assert 2 == main(["validate", "--as", "catalog", good])
    assert "--as" in capsys.readouterr().err


def test_plan_reports_refuses_a_decimal_day(tmp_path, capsys):
    """--reports reads as strictly as validate --as pain-reports does."""
    reports = _write(
        tmp_path, "reports.json", [{"day": 1.0, "change": "same"}]
    )
    assert 1 == main(["plan", "--days", "3", "--reports", reports])
    assert "[not-whole-number]" in capsys.readouterr().err
