"""
A clinic's own catalog, end to end (issue "Outside in", part 1, "Done
when"): every problem in one run, with suggestions; fixed, a routine, a
4-week plan and a handout; the bundled schema takes it offline.
"""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

import lowback
from helpers import CAT_COW

#: A wall sit the clinic wrote with a hold of a minute.
WALL_SIT = {
    "id": "wall-sit",
    "name": "Wall sit",
    "language": "en",
    "kind": "strengthening",
    "position": "standing",
    "steps": [
        {
            "text": "Slide down the wall until your knees are bent.",
            "phase": "sit",
        },
        {"text": "Hold for 60 seconds.", "phase": "sit"},
    ],
    "dose": {
        "repetitions": {"min": 2, "max": 3},
        "phases": [
            {
                "id": "sit",
                "action": "Sit against the wall.",
                "hold": {"min": 60, "max": 60},
            }
        ],
    },
    "provenance": {
        "source": "Written by the clinic's physiotherapists",
        "licence": "CC-BY-4.0",
    },
}


def _clinic() -> dict:
    leaflet = lowback.to_document(lowback.catalog())
    return {
        "type": "catalog",
        "format_version": "1.0",
        "id": "clinic",
        "title": "Our clinic's exercises",
        "language": "en",
        "safety_notices": leaflet["safety_notices"],
        "exercises": [CAT_COW, WALL_SIT],
        "provenance": {"source": "Our clinic", "license": "CC-BY-4.0"},
    }


def _found(document: object) -> set[tuple[str, str]]:
    return {(p.pointer, p.code) for p in lowback.validate(document).problems}


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_every_problem_of_the_clinic_catalog_in_one_run(engine):
    problems = lowback.validate(_clinic(), engine=engine).problems
    assert {
        ("/exercises/1/dose/phases/0/hold/min", "hold-out-of-range"),
        ("/exercises/1/dose/phases/0/hold/max", "hold-out-of-range"),
        ("/provenance/licence", "missing-field"),
        ("/provenance/license", "unknown-field"),
    } == {(p.pointer, p.code) for p in problems}
    (misspelt,) = [p for p in problems if p.code == "unknown-field"]
    assert "did you mean 'licence'?" in misspelt.message


def _fixed() -> dict:
    document = copy.deepcopy(_clinic())
    document["provenance"]["licence"] = document["provenance"].pop("license")
    wall_sit = document["exercises"][1]
    wall_sit["dose"]["phases"][0]["hold"] = {"min": 30, "max": 30}
    wall_sit["steps"][1]["text"] = "Hold for 30 seconds."
    return document


def test_fixed_it_builds_a_routine_a_plan_and_a_handout():
    document = _fixed()
    assert lowback.validate(document).valid
    catalog = lowback.from_document(document, lowback.Catalog)
    routine = (
        lowback.RoutineBuilder("Clinic morning", catalog=catalog)
        .add("cat-cow", repetitions=8)
        .add("wall-sit", repetitions=2)
        .build()
    )
    plan = lowback.plan(routine, 28)
    assert 28 == len(plan.days)
    # The text handout wraps its lines; its words are what count here.
    page = " ".join(lowback.handout(plan, format="text").split())
    assert "Slowly round your back up towards the ceiling." in page
    assert "Hold for 30 seconds." in page
    for notice in catalog.safety_notices:
        assert notice.text in page


def test_the_bundled_schema_takes_it_offline_and_refuses_the_broken():
    schema = lowback.schema("catalog")

    def refuse(uri: str) -> object:
        raise AssertionError(f"fetched {uri}")

    import referencing

    check = jsonschema.Draft202012Validator(
        schema, registry=referencing.Registry(retrieve=refuse)
    )
    assert list(check.iter_errors(_fixed())) == []
    errors = list(check.iter_errors(_clinic()))
    assert errors
    assert any(e.validator == "maximum" for e in errors)
    # The document as written, JSON and back, is what a file holds.
    assert list(check.iter_errors(json.loads(json.dumps(_fixed())))) == []
