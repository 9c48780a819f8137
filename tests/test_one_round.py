"""
One run of the validator finds every problem it can (issue "Outside in").
"""

from __future__ import annotations

import copy

import pytest

import lowback


def _catalog() -> dict:
    return lowback.to_document(lowback.catalog())


def _found(document: object) -> list[tuple[str, str]]:
    return [(p.pointer, p.code) for p in lowback.validate(document).problems]


def test_a_clinic_catalog_gets_every_problem_in_one_run():
    """
    The header, the schema and the rules across fields all report at
    once: a version written as a number, a hold of 60 s, a step naming a
    phase the dose lacks, and a misspelt field with its suggestion.
    """
    document = _catalog()
    document["format_version"] = 1.0
    exercise = document["exercises"][0]
    exercise["dose"]["phases"][0]["hold"] = {"min": 60, "max": 60}
    exercise["steps"][1]["phase"] = "rise"
    document["provenance"]["license"] = document["provenance"].pop("licence")
    problems = lowback.validate(document).problems
    found = {(p.pointer, p.code) for p in problems}
    assert {
        ("/format_version", "unsupported-version"),
        ("/exercises/0/dose/phases/0/hold/min", "hold-out-of-range"),
        ("/exercises/0/dose/phases/0/hold/max", "hold-out-of-range"),
        ("/exercises/0/steps/1/phase", "unknown-phase"),
        ("/provenance/licence", "missing-field"),
        ("/provenance/license", "unknown-field"),
    } <= found
    messages = {p.pointer: p.message for p in problems}
    assert "did you mean 'licence'?" in messages["/provenance/license"]
    assert 'as the text "1.0"' in messages["/format_version"]


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_both_engines_find_the_same_in_one_run(engine):
    """The fast engine hands such a document to the reference one whole."""
    document = _catalog()
    document["type"] = "catalogue"
    document["exercises"][1]["steps"][0]["phase"] = "nowhere"
    document["exercises"][1]["dose"]["phases"][0]["hold"]["max"] = 31
    found = [
        (p.pointer, p.code)
        for p in lowback.validate(document, engine=engine).problems
    ]
    assert sorted(found) == sorted(
        [
            ("/type", "unknown-type"),
            ("/exercises/1/steps/0/phase", "unknown-phase"),
            ("/exercises/1/dose/phases/0/hold/max", "hold-out-of-range"),
        ]
    )


def test_a_misspelt_type_is_checked_as_the_type_it_is_closest_to():
    document = _catalog()
    document["type"] = "Catalogue"
    document["exercises"][0]["id"] = "Not A Slug"
    problems = lowback.validate(document).problems
    assert [("/type", "unknown-type"), ("/exercises/0/id", "not-a-slug")] == [
        (p.pointer, p.code) for p in problems
    ]
    assert "did you mean 'catalog'?" in problems[0].message


@pytest.mark.parametrize(
    "kind",
    ["workout", "bundle", 5, None],
    ids=["workout", "bundle", "5", "null"],
)
def test_a_type_that_is_no_near_miss_stops_the_check(kind):
    """Nothing is guessed from a type unlike every lowback type."""
    document = _catalog()
    document["type"] = kind
    assert [("/type", "unknown-type")] == _found(document)


def test_a_document_without_a_type_is_not_guessed():
    """It may be no lowback document at all, such as a routine spec."""
    spec = {"title": "Evening", "items": [{"exercise": "pelvic-tilt"}]}
    assert [("/type", "missing-type")] == _found(spec)


def test_another_format_version_stops_the_check():
    """A version lowback does not read is not checked as its own."""
    document = _catalog()
    document["format_version"] = "2.0"
    document["exercises"][0]["id"] = "Not A Slug"
    assert [("/format_version", "unsupported-version")] == _found(document)


def test_a_version_left_out_does_not_stop_the_check():
    document = _catalog()
    del document["format_version"]
    document["exercises"][0]["id"] = "Not A Slug"
    assert [
        ("/format_version", "missing-version"),
        ("/exercises/0/id", "not-a-slug"),
    ] == _found(document)


def test_a_rule_does_not_repeat_a_wrong_shape():
    """
    Where what a rule reads has the wrong type, only the schema speaks:
    phase ids that are numbers give no unknown-phase for the steps.
    """
    document = _catalog()
    phases = document["exercises"][2]["dose"]["phases"]
    phases[0]["id"] = 5
    found = _found(document)
    assert ("/exercises/2/dose/phases/0/id", "wrong-type") in found
    assert not [code for _, code in found if code == "unknown-phase"]


def test_each_problem_is_reported_once():
    """
    A rule's problem where the schema found one is not said again: a
    phase that is no slug is not also an unknown phase.
    """
    broken = copy.deepcopy(_catalog())
    broken["exercises"][0]["steps"][1]["phase"] = "Rise!"
    found = _found(broken)
    assert [("/exercises/0/steps/1/phase", "not-a-slug")] == [
        f for f in found if f[0] == "/exercises/0/steps/1/phase"
    ]


def test_the_command_line_prints_every_problem_of_a_catalog(tmp_path, capsys):
    """--catalog prints each problem on a line of its own, not the first."""
    import json

    from lowback._cli import main

    document = _catalog()
    document["exercises"][0]["id"] = "Not A Slug"
    document["exercises"][1]["dose"]["phases"][0]["hold"]["max"] = 31
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["list", "--catalog", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert all(
        line.startswith("lowback: error: invalid content: ") for line in lines
    )
    assert "[not-a-slug]" in lines[0]
    assert "[hold-out-of-range]" in lines[1]
    assert "more problem" not in "".join(lines)
