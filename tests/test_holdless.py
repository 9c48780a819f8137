"""
Phases without a hold: a clinic's cat-cow, end to end.

The cat-cow below is a clinic's own content, written for these tests;
it is not the leaflet's and is not in the built-in catalog. Its two
phases, arch and round, are movements without a hold.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle as R4BBundle

import lowback
from helpers import CAT_COW, clinic_document
from lowback._cli import main
from lowback.exports import to_fhir, to_ics, to_jsonld

CLINIC: dict[str, Any] = clinic_document(CAT_COW)


def _position_of_cat_cow() -> None:
    # The position must be one the format knows; fail loudly otherwise.
    assert CAT_COW["position"] in {p.value for p in lowback.Position}


def codes(document: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((p.code, p.pointer) for p in lowback.validate(document))


@pytest.fixture(scope="module")
def clinic() -> lowback.Catalog:
    _position_of_cat_cow()
    return lowback.loads(json.dumps(CLINIC), lowback.Catalog)


@pytest.fixture(scope="module")
def routine(clinic: lowback.Catalog) -> lowback.Routine:
    both = lowback.catalog().merge(clinic)
    builder = lowback.RoutineBuilder("Mornings", catalog=both)
    builder.add("pelvic-tilt", repetitions=10)
    builder.add("cat-cow", repetitions=10)
    return builder.build()


@pytest.fixture(scope="module")
def four_weeks(routine: lowback.Routine) -> lowback.Plan:
    return lowback.plan(routine, 28)


def test_a_clinic_catalog_with_a_cat_cow_is_valid(clinic):
    """Both engines accept phases without a hold, and the model reads them."""
    assert [] == codes(CLINIC)
    (exercise,) = clinic
    assert [None, None] == [p.hold for p in exercise.dose.phases]
    assert lowback.dumps(clinic)  # and it writes back
    again = lowback.loads(lowback.dumps(clinic), lowback.Catalog)
    assert clinic == again
    assert (
        "hold" not in json.loads(lowback.dumps(exercise))["dose"]["phases"][0]
    )


def test_the_cat_cow_is_not_in_the_builtin_catalog():
    """The clinic's cat-cow is the tests' own; the leaflet catalog has none."""
    assert "cat-cow" not in [e.id for e in lowback.catalog()]
    assert all(
        p.hold is not None for e in lowback.catalog() for p in e.dose.phases
    )


@pytest.mark.parametrize(
    ("hold", "code", "pointer"),
    [
        ({"min": 0, "max": 0}, "hold-out-of-range", "/hold/min"),
        ({"min": 5, "max": 60}, "hold-out-of-range", "/hold/max"),
        (None, "wrong-type", "/hold"),
        ({}, "missing-field", "/hold/min"),
    ],
)
def test_a_hold_given_stays_5_to_30_seconds(hold, code, pointer):
    """A zero hold is refused: a movement leaves hold out instead."""
    document = copy.deepcopy(CLINIC)
    document["exercises"][0]["dose"]["phases"][0]["hold"] = hold
    found = codes(document)
    assert (code, f"/exercises/0/dose/phases/0{pointer}") in found
    with pytest.raises(lowback.LowbackError):
        lowback.loads(json.dumps(document), lowback.Catalog)


def test_a_step_may_not_state_a_hold_for_a_movement():
    """Words that hold a phase without a hold contradict the dose."""
    document = copy.deepcopy(CLINIC)
    document["exercises"][0]["steps"][1]["text"] += " Hold for 5 seconds."
    assert [("step-contradicts-dose", "/exercises/0/steps/1/text")] == codes(
        document
    )


def _raise(**more: Any) -> dict[str, Any]:
    rule = {"rule": "raise-hold", "every": "week", "step": 1, "cap": 10}
    return {**rule, **more}


def test_raise_hold_needs_a_hold_to_raise():
    """Naming a movement, or raising a dose without holds, is refused."""
    document = copy.deepcopy(CLINIC)
    document["exercises"][0]["progression"] = _raise()
    assert [("no-hold-to-raise", "/exercises/0/progression/rule")] == codes(
        document
    )
    document["exercises"][0]["progression"] = _raise(phases=["round"])
    assert [
        ("no-hold-to-raise", "/exercises/0/progression/phases/0")
    ] == codes(document)


def test_raise_hold_without_phases_raises_the_held_ones():
    """With one held phase, an unnamed raise-hold raises it alone."""
    document = copy.deepcopy(CLINIC)
    exercise = document["exercises"][0]
    exercise["dose"]["phases"][0]["hold"] = {"min": 5, "max": 10}
    exercise["progression"] = _raise(every="day")
    clinic = lowback.loads(json.dumps(document), lowback.Catalog)
    routine = (
        lowback.RoutineBuilder("R", catalog=lowback.catalog().merge(clinic))
        .add("cat-cow")
        .build()
    )
    plan = lowback.plan(routine, 10)
    doses = [plan.dose(d, "cat-cow") for d in (1, 3, 10)]
    assert [(5, None), (7, None), (10, None)] == [
        d.holds for d in doses if d is not None
    ]
    exercise["progression"]["cap"] = 12
    assert [("target-outside-dose", "/exercises/0/progression/cap")] == codes(
        document
    )


def test_chosen_doses_of_a_movement_are_null(clinic):
    """A chosen dose has None for a movement, never a number of seconds."""
    (exercise,) = clinic
    assert (None, None) == exercise.dose.choose().holds
    with pytest.raises(lowback.InvalidValueError, match="without a hold"):
        exercise.dose.choose(holds=[5, None])
    with pytest.raises(lowback.InvalidValueError, match="no phase"):
        lowback.RoutineBuilder(
            "R", catalog=lowback.catalog().merge(clinic)
        ).add("cat-cow", hold=5)


def test_the_routine_times_movements_as_lowbacks_assumption(routine):
    """Each movement is a move cue of MOVEMENT_SECONDS, without hold words."""
    cues = [c for c in routine.timeline() if c.exercise == "cat-cow"]
    moves = [c for c in cues if c.kind is lowback.CueKind.MOVE]
    assert 20 == len(moves)
    assert {lowback.MOVEMENT_SECONDS} == {c.duration for c in moves}
    assert not any("Hold" in c.text for c in moves)
    assert {"arch", "round"} == {c.phase for c in moves}
    timeline = routine.timeline()
    assert timeline[-1].end == routine.estimated_duration
    assert all(a.end == b.start for a, b in itertools.pairwise(timeline))
    document = json.loads(lowback.dumps(routine))
    assert [None, None] == document["items"][1]["dose"]["holds"]
    assert [] == list(lowback.validate(document))
    document["items"][1]["dose"]["holds"] = [5, None]
    assert [("dose-outside-allowed", "/items/1/dose/holds/0")] == codes(
        document
    )


def test_a_four_week_plan_and_its_document(four_weeks):
    """The plan steps the cat-cow's repetitions and validates as written."""
    doses = [four_weeks.dose(d, "cat-cow") for d in (1, 8, 28)]
    assert [(10, (None, None)), (12, (None, None)), (12, (None, None))] == [
        (d.repetitions, d.holds) for d in doses if d is not None
    ]
    assert [] == list(lowback.validate(json.loads(lowback.dumps(four_weeks))))


@pytest.mark.parametrize("form", lowback.HANDOUT_FORMATS)
@pytest.mark.parametrize("kind", ["routine", "plan"])
def test_handouts_say_no_hold_for_the_movements(
    routine, four_weeks, form, kind
):
    """Handouts in every format give the steps and no invented hold."""
    subject = routine if kind == "routine" else four_weeks
    page = lowback.handout(subject, format=form)
    assert "Slowly round your back up towards the ceiling." in page
    assert "10 times, no hold" in page
    assert "Hold for 5 seconds" in page  # the pelvic tilt keeps its hold
    if kind == "plan":
        cell = "10 x move\\+move" if form == "md" else "10 x move+move"
        assert cell in page


def test_pictures_show_movements(routine, four_weeks):
    """The timeline strip names movements; the chart has no hold panel."""
    strip = lowback.timeline_strip(routine)
    assert "20 movements" in strip
    assert ">move<" in strip
    chart = lowback.progression_chart(four_weeks)
    assert "hold in seconds" not in chart
    assert "Cat-Cow" in chart


@pytest.mark.parametrize("kind", ["routine", "plan"])
def test_fhir_dosages_of_a_movement_have_no_duration(
    routine, four_weeks, kind
):
    """One Dosage per phase; a movement's has no duration, and R4 reads it."""
    subject = routine if kind == "routine" else four_weeks
    document = to_fhir(subject)
    R4BBundle.model_validate(document)
    (activity,) = [
        e["resource"]
        for e in document["entry"]
        if e["resource"]["resourceType"] == "ActivityDefinition"
        and e["resource"]["name"].lower().startswith("cat")
    ]
    first = [d for d in activity["dosage"] if d["sequence"] == 1]
    assert 2 == len(first)
    for dosage in first:
        assert "No hold." in dosage["text"]
        repeat = dosage.get("timing", {}).get("repeat", {})
        assert "duration" not in repeat
        assert ("timing" in dosage) == (kind == "plan")


def test_jsonld_and_ical_of_a_movement(routine, four_weeks):
    """JSON-LD gives no duration for a movement; iCalendar says no hold."""
    node = next(
        p
        for p in to_jsonld(routine)["hasPart"]
        if p["identifier"] == "cat-cow"
    )
    assert "activityDuration" not in node
    tilt = next(
        p
        for p in to_jsonld(routine)["hasPart"]
        if p["identifier"] == "pelvic-tilt"
    )
    assert 2 == len(tilt["activityDuration"])
    dated = lowback.plan(four_weeks.routine, 28, start=dt.date(2026, 3, 2))
    calendar = to_ics(dated)
    assert "no hold" in calendar.replace("\r\n ", "")


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clinic.json").write_text(json.dumps(CLINIC))
    spec = {
        "title": "Mornings",
        "items": [
            {"exercise": "pelvic-tilt", "hold": 5},
            {"exercise": "cat-cow", "holds": [None, None]},
        ],
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    return ["--spec", "spec.json", "--catalog", "clinic.json"]


def test_cli_text_output(files, capsys):
    """show, routine, timeline and plan print movements without a hold."""
    assert 0 == main(["show", "cat-cow", "--catalog", "clinic.json"])
    shown = capsys.readouterr().out
    assert "arch, no hold; round, no hold" in shown
    assert 0 == main(["routine", *files])
    assert "8 repetitions, no hold" in capsys.readouterr().out
    assert 0 == main(["timeline", *files])
    timeline = capsys.readouterr().out
    assert "1 of 8: Let your stomach sink." in timeline
    assert 0 == main(["plan", *files, "--days", "28"])
    table = capsys.readouterr().out
    assert "8 x move+move" in table
    assert "move: a movement without a hold" in table
    for form in ("fhir", "jsonld", "ics"):
        dated = ["--start", "2026-03-02"] if form == "ics" else []
        assert 0 == main(["export", "--format", form, *files, *dated])
        assert "cat" in capsys.readouterr().out.lower()
