"""
Routines: the builder, the leaflet routine, the session timeline.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given

import lowback
from helpers import REFERENCE, model_accepts
from strategies import NOTICES, routines


@given(routines())
def test_timeline_total_equals_estimated_duration(routine):
    """The cues follow each other without gaps; their total is the estimate."""
    cues = routine.timeline()
    assert routine.estimated_duration == sum(c.duration for c in cues)
    assert [0] + [c.end for c in cues[:-1]] == [c.start for c in cues]
    assert cues[-1].kind in {lowback.CueKind.HOLD, lowback.CueKind.MOVE}


@given(routines())
def test_timeline_has_every_phase_of_every_repetition_on_every_side(routine):
    """Holds and movements: repetitions x sides x phases x sets for each exercise, each hold inside 5-30 s."""
    cues = routine.timeline()
    for item in routine.items:
        allowed, dose = item.exercise.dose, item.dose
        holds = [
            c
            for c in cues
            if c.exercise == item.exercise.id
            and c.kind in {lowback.CueKind.HOLD, lowback.CueKind.MOVE}
        ]
        sides = max(1, len(allowed.sides))
        assert (
            len(holds)
            == dose.repetitions * sides * len(allowed.phases) * dose.sets
        )
        for cue in holds:
            phase = next(p for p in allowed.phases if p.id == cue.phase)
            if phase.hold is None:
                # A movement: lowback's timing, and no hold in its words.
                assert cue.kind is lowback.CueKind.MOVE
                assert cue.duration == lowback.MOVEMENT_SECONDS
                assert "Hold" not in cue.text
                continue
            assert cue.kind is lowback.CueKind.HOLD
            assert (
                lowback.HOLD_MIN_SECONDS
                <= cue.duration
                <= lowback.HOLD_MAX_SECONDS
            )
            assert cue.duration in phase.hold
        if allowed.sides:
            # Sides alternate within each repetition, in the content's order.
            first = [c.side for c in holds if c.phase == allowed.phases[0].id]
            assert first == list(allowed.sides) * (
                dose.repetitions * dose.sets
            )


@given(routines())
def test_routines_round_trip_and_validate(routine):
    """A routine dumps to a document the schema accepts and loads back equal."""
    text = lowback.dumps(routine)
    document = json.loads(text)
    assert [] == [
        e.message for e in REFERENCE["routine"].iter_errors(document)
    ]
    assert lowback.validate(document).valid
    assert routine == lowback.loads(text, lowback.Routine)
    assert model_accepts(document)


def test_builder_gives_the_issue_example():
    """Fluent building with per-leg counts, holds and the estimated duration."""
    routine = (
        lowback.RoutineBuilder("Lower back relief", catalog=lowback.catalog())
        .add("semi-crunch", repetitions=10)
        .add("hamstring-stretch", hold=20, repetitions=3)
        .add("pelvic-tilt", repetitions=10)
        .add("knee-to-chest", hold=15, repetitions=2)
        .build()
    )
    assert [
        ("semi-crunch", 10, (5,)),
        ("hamstring-stretch", 3, (20,)),
        ("pelvic-tilt", 10, (5, 5)),
        ("knee-to-chest", 2, (15,)),
    ] == [
        (i.exercise.id, i.dose.repetitions, i.dose.holds)
        for i in routine.items
    ]
    hamstring = [
        c for c in routine.timeline() if c.exercise == "hamstring-stretch"
    ]
    assert (
        "Left side, 2 of 3: Straighten your knee while gently pulling on the "
        "towel ends. Hold 20 s."
    ) in [c.text for c in hamstring]
    assert routine.safety_notices == lowback.catalog().safety_notices


def test_spec_gives_the_same_routine_as_the_builder():
    """A JSON routine spec and the same fluent calls build equal routines."""
    spec = {
        "title": "Mine",
        "rest": {"between_exercises": 20},
        "items": [
            {"exercise": "pelvic-tilt", "repetitions": 12},
            {"exercise": "hamstring-stretch", "hold": 25, "repetitions": 4},
        ],
    }
    fluent = (
        lowback.RoutineBuilder("Mine", rest=lowback.Rest(between_exercises=20))
        .add("pelvic-tilt", repetitions=12)
        .add("hamstring-stretch", hold=25, repetitions=4)
        .build()
    )
    assert fluent == lowback.RoutineBuilder.from_spec(spec)


@pytest.mark.parametrize(
    ("exercise", "choice", "message"),
    [
        (
            "semi-crunch",
            {"repetitions": 13},
            "semi-crunch: repetitions: 13 is outside the allowed 8 to 12",
        ),
        (
            "hamstring-stretch",
            {"hold": 10},
            "hamstring-stretch: holds[stretch]: 10 is outside the allowed 15 to 30",
        ),
        (
            "knee-to-chest",
            {"hold": 31},
            "knee-to-chest: holds[pull]: 31 is outside the allowed 5 to 30",
        ),
        (
            "pelvic-tilt",
            {"holds": [5]},
            "pelvic-tilt: holds: give one hold for each of the 2 phases (arch, flatten), got 1",
        ),
        (
            "pelvic-tilt",
            {"repetitions": 31},
            "pelvic-tilt: repetitions: 31 is outside the allowed 1 to 30",
        ),
        (
            "semi-crunch",
            {"repetitions": True},
            "semi-crunch: repetitions: expected a whole number from 8 to 12, got the boolean true",
        ),
        (
            "semi-crunch",
            {"sets": 2},
            "semi-crunch: sets: 2 is outside the allowed 1 to 1",
        ),
    ],
)
def test_a_bad_choice_names_exercise_field_range_and_value(
    exercise, choice, message
):
    """The builder refuses a dose outside the allowed one, saying where and why."""
    with pytest.raises(lowback.InvalidValueError) as info:
        lowback.RoutineBuilder("x").add(exercise, **choice)
    assert message == str(info.value)
    assert info.value.field.startswith(exercise)


def test_unknown_ids_and_repeats_are_refused():
    """Unknown ids suggest close ones; an exercise cannot be added twice."""
    with pytest.raises(lowback.UnknownExerciseError) as info:
        lowback.RoutineBuilder("x").add("pelvic-tlt")
    assert ("pelvic-tilt",) == info.value.suggestions
    with pytest.raises(lowback.InvalidValueError, match="already"):
        lowback.RoutineBuilder("x").add("pelvic-tilt").add("pelvic-tilt")
    with pytest.raises(lowback.InvalidValueError, match="add an exercise"):
        lowback.RoutineBuilder("x").build()


def test_spec_description():
    """A spec's description becomes the routine's, paragraph by paragraph."""
    spec = {
        "title": "x",
        "description": ["Gentle work for the back.", "Do it daily."],
        "items": [{"exercise": "pelvic-tilt"}],
    }
    routine = lowback.RoutineBuilder.from_spec(spec)
    assert routine.description == (
        "Gentle work for the back.",
        "Do it daily.",
    )
    spec["description"] = ["fine", 3]
    with pytest.raises(lowback.ContentError) as info:
        lowback.RoutineBuilder.from_spec(spec)
    assert [("/description/1", "wrong-type")] == [
        (p.pointer, p.code) for p in info.value.report
    ]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ([], [("", "wrong-type")]),
        (
            {"items": []},
            [("/items", "too-short"), ("/title", "missing-field")],
        ),
        ({"title": "x", "items": []}, [("/items", "too-short")]),
        (
            {"title": "x", "items": [{"repetitions": 3}]},
            [("/items/0/exercise", "missing-field")],
        ),
        (
            {"title": "x", "items": [{"exercise": "semi-crunch", "rep": 9}]},
            [("/items/0/rep", "unknown-field")],
        ),
        (
            {
                "title": "x",
                "colour": 1,
                "items": [{"exercise": "semi-crunch"}],
            },
            [("/colour", "unknown-field")],
        ),
        (
            {"title": "x", "description": "one", "items": []},
            [("/description", "wrong-type"), ("/items", "too-short")],
        ),
        (
            {"title": "x", "rest": {"between_laps": 1}, "items": []},
            [("/items", "too-short"), ("/rest/between_laps", "unknown-field")],
        ),
        (
            {"title": "x", "items": [{"exercise": "pelvic-tilt", "holds": 5}]},
            [("/items/0/holds", "wrong-type")],
        ),
        (
            {
                "title": "x",
                "items": [{"exercise": "pelvic-tilt", "sets": 2.0}],
            },
            [("/items/0/sets", "not-whole-number")],
        ),
    ],
)
def test_bad_specs_report_every_problem(spec, expected):
    """A malformed spec raises ContentError with every problem, located, in one go."""
    with pytest.raises(lowback.ContentError) as info:
        lowback.RoutineBuilder.from_spec(spec)
    assert expected == sorted((p.pointer, p.code) for p in info.value.report)


def test_a_spec_matches_its_schema():
    """What from_spec takes is what the shipped routine-spec schema describes."""
    spec = {
        "title": "x",
        "language": "en",
        "description": ["A paragraph."],
        "rest": {"between_sets": 10},
        "items": [
            {
                "exercise": "pelvic-tilt",
                "repetitions": 3,
                "holds": [5, 5],
                "sets": 1,
            }
        ],
    }
    assert REFERENCE["routine-spec"].is_valid(spec)
    assert lowback.RoutineBuilder.from_spec(spec).rest.between_sets == 10
    spec["items"][0]["reps"] = 3
    assert not REFERENCE["routine-spec"].is_valid(spec)


def test_the_leaflet_routine():
    """All four exercises, in the leaflet's order, at the low end of its ranges, with both notices."""
    routine = lowback.leaflet_routine()
    assert lowback.catalog().ids == tuple(i.exercise.id for i in routine.items)
    assert [(8, (5,)), (2, (15,)), (1, (5, 5)), (2, (5,))] == [
        (i.dose.repetitions, i.dose.holds) for i in routine.items
    ]
    kinds = {n.kind for n in routine.safety_notices}
    assert {
        lowback.NoticeKind.BEFORE_STARTING,
        lowback.NoticeKind.STOP_RULE,
    } <= kinds


def test_no_routine_without_both_notices():
    """Building a routine without a stop rule fails; the builder adds the leaflet's."""
    item = lowback.leaflet_routine().items[0]
    with pytest.raises(lowback.InvalidValueError, match="stop-rule"):
        lowback.Routine(
            title="x", language="en", safety_notices=NOTICES[:1], items=(item,)
        )
    bare = lowback.Catalog(
        id="bare",
        title="Bare",
        language="en",
        safety_notices=(),
        exercises=(item.exercise,),
    )
    routine = (
        lowback.RoutineBuilder("x", catalog=bare).add(item.exercise.id).build()
    )
    assert lowback.catalog().safety_notices == routine.safety_notices


def test_routine_document_problems_are_located():
    """A routine document with a dose outside the allowed one, and no stop rule."""
    document = lowback.to_document(lowback.leaflet_routine())
    document["items"][1]["dose"]["holds"] = [40 - 10 - 20]
    document["items"][0]["dose"]["repetitions"] = 13
    document["safety_notices"][1]["kind"] = "general"
    assert [
        ("dose-outside-allowed", "/items/0/dose/repetitions"),
        ("dose-outside-allowed", "/items/1/dose/holds/0"),
        ("missing-safety-notice", "/safety_notices"),
    ] == sorted((p.code, p.pointer) for p in lowback.validate(document))


def test_names_with_braces_are_just_text():
    """An exercise named with braces does not break the cue texts."""
    exercise = lowback.catalog().get("semi-crunch")
    odd = lowback.Exercise(
        **{
            **{
                f.name: getattr(exercise, f.name)
                for f in exercise.__attrs_attrs__
            },
            "name": "Crunch {fast}",
            "id": "odd",
        }
    )
    routine = lowback.Routine(
        title="t",
        language="en",
        safety_notices=lowback.catalog().safety_notices,
        items=(
            lowback.RoutineItem(
                exercise=lowback.catalog().get("pelvic-tilt"),
                dose=lowback.catalog().get("pelvic-tilt").dose.choose(),
            ),
            lowback.RoutineItem(exercise=odd, dose=odd.dose.choose()),
        ),
    )
    assert "Rest 15 s. Next: Crunch {fast}." in [
        c.text for c in routine.timeline()
    ]
