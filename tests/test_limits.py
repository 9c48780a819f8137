"""
Each list of the format has a documented limit, the same in the model,
the schemas and both engines of the validator; and one session has a
limit on its holds, so that a few bytes cannot ask for hours of cues.
"""

from __future__ import annotations

import copy
from typing import Any

import attrs
import pytest

import lowback
from lowback import _checks as limits

#: (schema, where in it, the model's constant).
SCHEMA_LIMITS = [
    ("exercise", "$defs/dose/properties/phases", limits.PHASES_MAX),
    ("exercise", "$defs/raiseHold/properties/phases", limits.PHASES_MAX),
    ("exercise", "$defs/exercise/properties/steps", limits.STEPS_MAX),
    ("exercise", "$defs/exercise/properties/cautions", limits.CAUTIONS_MAX),
    ("exercise", "$defs/exercise/properties/equipment", limits.LIST_MAX),
    ("exercise", "$defs/exercise/properties/targets", limits.LIST_MAX),
    (
        "exercise",
        "$defs/exercise/properties/library_defaults",
        limits.LIST_MAX,
    ),
    ("routine", "$defs/routine/properties/items", limits.ITEMS_MAX),
    ("routine", "$defs/routine/properties/description", limits.LIST_MAX),
    ("routine", "$defs/routine/properties/safety_notices", limits.LIST_MAX),
    ("routine", "$defs/chosenDose/properties/holds", limits.PHASES_MAX),
    ("routine-spec", "properties/items", limits.ITEMS_MAX),
    ("routine-spec", "$defs/item/properties/holds", limits.PHASES_MAX),
    ("catalog", "properties/exercises", limits.EXERCISES_MAX),
    ("catalog", "properties/safety_notices", limits.LIST_MAX),
    ("plan", "properties/reports", limits.REPORTS_MAX),
    ("plan", "$defs/planDay/properties/entries", limits.ITEMS_MAX),
    ("plan", "$defs/planDay/properties/advice", limits.LIST_MAX),
]


@pytest.mark.parametrize(("name", "where", "most"), SCHEMA_LIMITS)
def test_the_schemas_say_the_models_limits(name, where, most) -> None:
    node: Any = lowback.schema(name)
    for part in where.split("/"):
        node = node[part]
    assert ("array", most) == (node["type"], node["maxItems"])


def _crunch() -> lowback.Exercise:
    return lowback.catalog().get("semi-crunch")


def _phases(n: int) -> tuple[lowback.Phase, ...]:
    return tuple(
        lowback.Phase(
            id=f"p{i}", action="Hold still.", hold=lowback.Range(5, 5)
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    ("field", "most", "make"),
    [
        ("steps", limits.STEPS_MAX, lambda e, n: e.steps[:1] * n),
        ("cautions", limits.CAUTIONS_MAX, lambda e, n: ("Go slowly.",) * n),
        (
            "equipment",
            limits.LIST_MAX,
            lambda e, n: tuple(f"t{i}" for i in range(n)),
        ),
        (
            "targets",
            limits.LIST_MAX,
            lambda e, n: tuple(f"t{i}" for i in range(n)),
        ),
    ],
)
def test_an_exercise_takes_its_limit_and_refuses_one_more(field, most, make):
    crunch = _crunch()
    assert most == len(
        getattr(attrs.evolve(crunch, **{field: make(crunch, most)}), field)
    )
    with pytest.raises(lowback.InvalidValueError) as caught:
        attrs.evolve(crunch, **{field: make(crunch, most + 1)})
    assert field == caught.value.field
    assert f"at most {most} entries, got {most + 1}" in str(caught.value)


def test_a_dose_takes_ten_phases_and_refuses_eleven() -> None:
    repetitions = lowback.Range(1, 1)
    ten = lowback.Dose(repetitions=repetitions, phases=_phases(10))
    assert 10 == len(ten.phases)
    with pytest.raises(lowback.InvalidValueError, match=r"^phases: at most"):
        lowback.Dose(repetitions=repetitions, phases=_phases(11))


def _routine_document(repetitions: int, sets: int) -> dict[str, Any]:
    """
    The leaflet's routine with the semi crunch allowing and choosing
    *repetitions* and *sets*.
    """
    document = lowback.to_document(lowback.leaflet_routine())
    item = document["items"][0]
    allowed = item["exercise"]["dose"]
    allowed["repetitions"] = {"min": 1, "max": 1000}
    allowed["sets"] = {"min": 1, "max": 20}
    item["exercise"].pop("progression", None)
    item["exercise"]["library_defaults"] = []
    item["dose"] = {**item["dose"], "repetitions": repetitions, "sets": sets}
    return document


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_session_of_more_than_10000_holds_is_a_located_problem(engine):
    """
    One exercise of 1,000 repetitions in 20 sets is 20,000 holds: the
    routine is refused at its items, by both engines and by the model.
    """
    fine = _routine_document(1000, 9)
    too_long = _routine_document(1000, 20)
    try:
        assert lowback.validate(fine, engine=engine).valid
        report = lowback.validate(too_long, engine=engine)
    except lowback.InvalidValueError as e:  # no fast engine here
        pytest.skip(str(e))
    assert [("/items", "session-too-long")] == [
        (p.pointer, p.code) for p in report.problems
    ]
    # 1,000 x 20 crunches; then the leaflet's other three as chosen:
    # hamstring 2 per leg, pelvic tilts 1 of two phases, knee 2 per leg.
    holds = 1000 * 20 + 2 * 2 + 1 * 2 + 2 * 2
    assert f"hold {holds} times" in report.problems[0].message
    with pytest.raises(lowback.ContentError):
        lowback.from_document(copy.deepcopy(too_long), lowback.Routine)


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_eleven_phases_are_a_located_problem(engine) -> None:
    document = lowback.to_document(_crunch())
    phase = document["dose"]["phases"][0]
    document["dose"]["phases"] = [{**phase, "id": f"p{i}"} for i in range(11)]
    document["steps"] = [{"text": "Hold still."}]
    try:
        report = lowback.validate(document, engine=engine)
    except lowback.InvalidValueError as e:
        pytest.skip(str(e))
    assert ("/dose/phases", "too-long") in [
        (p.pointer, p.code) for p in report.problems
    ]


def _wide_routine(exercises: int) -> lowback.Routine:
    crunch = _crunch()
    items = tuple(
        lowback.RoutineItem(
            exercise=attrs.evolve(crunch, id=f"crunch-{i}"),
            dose=crunch.dose.choose(),
        )
        for i in range(exercises)
    )
    return attrs.evolve(lowback.leaflet_routine(), items=items)


def test_a_plan_of_more_than_100000_doses_is_refused() -> None:
    wide = _wide_routine(30)
    with pytest.raises(lowback.InvalidValueError) as caught:
        lowback.plan(wide, 3334)
    assert "days" == caught.value.field
    assert "3334 days of 30 exercises has 100020 doses" in str(caught.value)
    assert 2 == len(lowback.plan(wide, 2).days)


def test_a_plan_document_of_too_many_doses_is_a_located_problem():
    """
    The fast engine reports it; the reference engine runs the same rule
    (called here directly: its schema pass over 102,000 doses takes
    seconds, in proportion to the document, which is megabytes).
    """
    from lowback._rules import plan_rules

    document = lowback.to_document(lowback.plan(_wide_routine(30), 2))
    document["days"] = document["days"] * 1700
    assert ("/days", "plan-too-large") in [
        (p.pointer, p.code) for p in plan_rules(document)
    ]
    try:
        report = lowback.validate(document, engine="fast")
    except lowback.InvalidValueError as e:
        pytest.skip(str(e))
    assert ("/days", "plan-too-large") in [
        (p.pointer, p.code) for p in report.problems
    ]


def test_a_plan_of_more_than_10000_reports_is_refused() -> None:
    same = lowback.PainReport(day=1, change=lowback.Change.SAME)
    routine = lowback.leaflet_routine()
    assert lowback.plan(routine, 28, reports=[same] * limits.REPORTS_MAX)
    with pytest.raises(lowback.InvalidValueError, match=r"^reports: at most"):
        lowback.plan(routine, 28, reports=[same] * (limits.REPORTS_MAX + 1))
