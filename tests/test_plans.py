"""
Plans: progression from the rules in the content, and pain reports.
"""

from __future__ import annotations

import itertools
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lowback
from helpers import REFERENCE
from strategies import pain_reports, pain_rules, plans, routines


def _doses(plan, exercise_id):
    return [plan.dose(d.day, exercise_id) for d in plan.days]


@given(plans())
def test_no_day_leaves_the_allowed_dose_or_passes_a_cap(plan):
    """Every dose of every day is inside the allowed dose, 5-30 s, and the rule's cap."""
    for item in plan.routine.items:
        allowed, rule = item.exercise.dose, item.exercise.progression
        for dose in _doses(plan, item.exercise.id):
            if dose is None:
                continue
            allowed.check(dose)
            held = [h for h in dose.holds if h is not None]
            assert all(5 <= h <= 30 for h in held)
            assert [h is None for h in dose.holds] == [
                p.hold is None for p in allowed.phases
            ]
            if isinstance(rule, lowback.AddRepetitions):
                assert dose.repetitions <= max(
                    rule.target, item.dose.repetitions
                )
            if isinstance(rule, lowback.RaiseHold):
                chosen = [h for h in item.dose.holds if h is not None]
                assert max(held) <= max(rule.cap, *chosen)


@given(plans(with_reports=False))
def test_without_reports_doses_never_go_down(plan):
    """With no pain reports, no repetition count or hold ever decreases."""
    for item in plan.routine.items:
        doses = _doses(plan, item.exercise.id)
        assert None not in doses
        for before, after in itertools.pairwise(doses):
            assert before.repetitions <= after.repetitions
            assert all(
                a == b if a is None or b is None else a <= b
                for a, b in zip(before.holds, after.holds, strict=True)
            )
        assert doses[0] == item.dose


@given(routines(), st.data())
def test_after_a_worse_report_nothing_goes_up(routine, data):
    """After a worse report: doses freeze, the exercise stops, the plan says to see a doctor."""
    days = data.draw(st.integers(2, 40))
    report = lowback.PainReport(
        day=data.draw(st.integers(1, days - 1)),
        exercise=data.draw(
            st.none() | st.sampled_from([i.exercise.id for i in routine.items])
        ),
        change=lowback.Change.WORSE,
    )
    plan = lowback.plan(routine, days, reports=[report])
    calm = lowback.plan(routine, days)
    for item in routine.items:
        eid = item.exercise.id
        affected = report.exercise in {None, eid}
        for day in range(report.day + 1, days + 1):
            dose = plan.dose(day, eid)
            if affected:
                assert dose is None
            else:
                assert dose == calm.dose(report.day, eid)
        assert (
            _doses(plan, eid)[: report.day] == _doses(calm, eid)[: report.day]
        )
    for day in plan.days[report.day :]:
        assert any("talk to your doctor" in a for a in day.advice)
    for day in plan.days[: report.day]:
        assert () == day.advice


@given(plans())
def test_the_same_inputs_give_the_same_plan(plan):
    """Planning is deterministic."""
    again = lowback.plan(
        plan.routine,
        len(plan.days),
        start=plan.start,
        reports=plan.reports,
        pain_rule=plan.pain_rule,
    )
    assert plan == again


@given(
    routines(),
    st.integers(1, 3),
    st.integers(1, 40),
    st.sampled_from(lowback.Every),
)
def test_a_target_is_reached_on_the_day_the_rule_predicts(
    routine, step, extra, every
):
    """add-repetitions reaches its target on day 1 + ceil(gap/step) periods, not before."""
    item = routine.items[0]
    allowed = item.exercise.dose
    start = item.dose.repetitions
    target = min(allowed.repetitions.max, start + extra)
    rule = lowback.AddRepetitions(every=every, step=step, target=target)
    exercise = lowback.Exercise(
        **{**_fields(item.exercise), "progression": rule}
    )
    changed = lowback.Routine(
        title="t",
        language="en",
        safety_notices=routine.safety_notices,
        items=(lowback.RoutineItem(exercise=exercise, dose=item.dose),),
    )
    period = 1 if every is lowback.Every.DAY else 7
    predicted = 1 + math.ceil((target - start) / step) * period
    plan = lowback.plan(changed, predicted + 3)
    reps = [d.repetitions for d in _doses(plan, exercise.id)]
    assert predicted == 1 + reps.index(target)
    assert all(r == target for r in reps[predicted - 1 :])


def _fields(exercise):
    import attrs

    return {
        a.name: getattr(exercise, a.name) for a in attrs.fields(type(exercise))
    }


def test_leaflet_pelvic_tilts_reach_30_on_day_30():
    """Pelvic tilts, 1 a day more from 1, reach the leaflet's 30 on day 30 and stay."""
    plan = lowback.plan(lowback.leaflet_routine(), 40)
    reps = [d.repetitions for d in _doses(plan, "pelvic-tilt")]
    assert 30 == 1 + reps.index(30)
    assert [30] * 11 == reps[29:]
    assert {8} == {d.repetitions for d in _doses(plan, "semi-crunch")}


@given(plans())
def test_plans_carry_both_notices_validate_and_round_trip(plan):
    """Every exported plan has both notices, passes its schema and the validator, and loads back."""
    text = lowback.dumps(plan)
    document = json.loads(text)
    kinds = {n["kind"] for n in document["safety_notices"]}
    assert {"before-starting", "stop-rule"} <= kinds
    assert [] == [e.message for e in REFERENCE["plan"].iter_errors(document)]
    assert lowback.validate(document).valid
    assert plan == lowback.loads(text, lowback.Plan)


@given(plans(), st.data())
def test_a_tampered_plan_is_caught(plan, data):
    """Changing any dose of any day makes the validator report that day."""
    document = lowback.to_document(plan)
    days = [
        (i, j)
        for i, day in enumerate(document["days"])
        for j, entry in enumerate(day["entries"])
        if "dose" in entry
    ]
    if not days:
        return
    i, j = data.draw(st.sampled_from(days))
    dose = document["days"][i]["entries"][j]["dose"]
    dose["repetitions"] = (
        dose["repetitions"] + 1 if dose["repetitions"] < 1000 else 999
    )
    report = lowback.validate(document)
    assert ("plan-mismatch", f"/days/{i}") in [
        (p.code, p.pointer) for p in report
    ]


@given(routines(), st.data())
def test_pain_rule_thresholds(routine, data):
    """A rise of worse_by points, or pain above max_pain, counts as worse; less does not."""
    rule = data.draw(pain_rules)
    before = data.draw(st.integers(0, 10))
    after = data.draw(st.integers(0, 10))
    report = lowback.PainReport(day=1, before=before, after=after)
    expected = after - before >= rule.worse_by or (
        rule.max_pain is not None and after > rule.max_pain
    )
    assert expected == rule.is_worse(report)
    assert rule.is_worse(
        lowback.PainReport(day=1, change=lowback.Change.WORSE)
    )
    assert not lowback.PainRule().is_worse(
        lowback.PainReport(day=1, change=lowback.Change.BETTER)
    )
    del routine


def test_reports_must_fit_the_plan():
    """Reports past the plan or about other exercises are refused, clearly."""
    routine = lowback.leaflet_routine()
    with pytest.raises(
        lowback.InvalidValueError, match="past the plan's 5 days"
    ):
        lowback.plan(
            routine,
            5,
            reports=[lowback.PainReport(day=6, change=lowback.Change.WORSE)],
        )
    with pytest.raises(lowback.InvalidValueError, match="not in the routine"):
        lowback.plan(
            routine,
            5,
            reports=[
                lowback.PainReport(
                    day=1, exercise="bird-dog", change=lowback.Change.SAME
                )
            ],
        )
    with pytest.raises(lowback.InvalidValueError, match="needs a change"):
        lowback.PainReport(day=1, before=3)


def test_plan_document_problems():
    """Incomplete reports, reports past the plan and unknown exercises are located."""
    document = lowback.to_document(lowback.plan(lowback.leaflet_routine(), 3))
    document["reports"] = [
        {"day": 1, "before": 2},
        {"day": 9, "change": "same"},
        {"day": 1, "exercise": "bird-dog", "change": "same"},
    ]
    assert [
        ("incomplete-report", "/reports/0"),
        ("report-outside-plan", "/reports/1/day"),
        ("unknown-exercise", "/reports/2/exercise"),
    ] == sorted((p.code, p.pointer) for p in lowback.validate(document))


@given(routines(), st.data())
def test_pain_reports_strategy_fits(routine, data):
    """Generated reports always make a plan (the strategy is honest)."""
    reports = data.draw(pain_reports(routine, 10))
    assert 10 == len(lowback.plan(routine, 10, reports=reports).days)


def test_asking_a_plan_or_routine_for_what_it_lacks():
    """Unknown exercises get close suggestions; days outside the plan are an IndexError."""
    plan = lowback.plan(lowback.leaflet_routine(), 3)
    with pytest.raises(lowback.UnknownExerciseError) as info:
        plan.dose(1, "pelvic-tilts")
    assert ("pelvic-tilt",) == info.value.suggestions
    with pytest.raises(IndexError, match="day 4 is not in the plan's 3 days"):
        plan.dose(4, "pelvic-tilt")
    with pytest.raises(lowback.UnknownExerciseError):
        plan.routine.item("bird-dog")
    assert "knee-to-chest" == plan.routine.item("knee-to-chest").exercise.id
