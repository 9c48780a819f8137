"""
lowback inside someone else's app: values from a request, a plan that
takes reports, finds its days by date and gives one day's session, and
a stored plan loaded back.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lowback
from lowback import Change, ChosenDose, PainReport, PainRule, from_value
from lowback._converter import plain
from strategies import pain_reports, plans, routines

CLINIC = PainRule(max_pain=5, worse_by=6, source="Our clinic")


@pytest.fixture(scope="module")
def routine() -> lowback.Routine:
    return lowback.leaflet_routine()


@pytest.fixture(scope="module")
def year(routine: lowback.Routine) -> lowback.Plan:
    return lowback.plan(routine, 365, start=dt.date(2026, 1, 1))


def _problems(call) -> list[tuple[str, str]]:
    with pytest.raises(lowback.ContentError) as info:
        call()
    return [(p.pointer, p.code) for p in info.value.report.problems]


# ---- values from a request


@given(plans())
def test_each_report_reads_back_from_its_plain_value(plan):
    for report in plan.reports:
        value = json.loads(json.dumps(plain(report)))
        assert from_value(value, PainReport, within=plan) == report


@given(routines(), st.data())
def test_each_chosen_dose_reads_back_within_its_exercise(routine, data):
    item = data.draw(st.sampled_from(routine.items))
    value = json.loads(json.dumps(plain(item.dose)))
    made = from_value(value, ChosenDose, within=item.exercise)
    assert made == item.dose


def test_a_request_body_becomes_a_report():
    body = json.loads(
        '{"day": 5, "exercise": "pelvic-tilt", "change": "worse"}'
    )
    report = from_value(body, PainReport)
    assert report == PainReport(
        day=5, exercise="pelvic-tilt", change=Change.WORSE
    )


def test_every_problem_of_a_value_is_found_at_once_and_located(year):
    body = {"day": 400, "exercise": "pelvic-tlt", "change": "wrse", "x": 1}
    problems = _problems(
        lambda: from_value(body, PainReport, within=year, pointer="/report")
    )
    assert problems == [
        ("/report/x", "unknown-field"),
        ("/report/change", "not-allowed"),
        ("/report/day", "report-outside-plan"),
        ("/report/exercise", "unknown-exercise"),
    ]


def test_a_misspelt_exercise_gets_a_suggestion_where_the_catalog_is_known():
    body = {"day": 2, "exercise": "pelvic-tlt", "change": "same"}
    with pytest.raises(lowback.ContentError) as info:
        from_value(body, PainReport, within=lowback.catalog())
    (problem,) = info.value.report.problems
    assert "not in the catalog" in problem.message
    assert problem.message.endswith("did you mean 'pelvic-tilt'?")
    # Without a catalog, a report cannot know: it is read as it is.
    assert from_value(body, PainReport).exercise == "pelvic-tlt"


def test_a_report_must_say_how_the_pain_went():
    assert _problems(lambda: from_value({"day": 3}, PainReport)) == [
        ("", "incomplete-report")
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([], [("", "wrong-type")]),
        ({"day": 3.0, "change": "same"}, [("/day", "not-whole-number")]),
        ({"day": "3", "change": "same"}, [("/day", "wrong-type")]),
        ({"day": True, "change": "same"}, [("/day", "wrong-type")]),
        ({"change": "same"}, [("/day", "missing-field")]),
    ],
)
def test_values_are_read_as_strictly_as_documents(value, expected):
    found = _problems(lambda: from_value(value, PainReport))
    assert [code for _, code in found] == [code for _, code in expected]
    assert [p for p, _ in found] == [p for p, _ in expected]


def test_a_chosen_dose_outside_its_exercise_is_refused():
    tilt = lowback.catalog()["pelvic-tilt"]
    body = {"repetitions": 50, "holds": [5, 25], "sets": 1}
    assert _problems(lambda: from_value(body, ChosenDose, within=tilt)) == [
        ("/repetitions", "dose-outside-allowed"),
        ("/holds/1", "dose-outside-allowed"),
    ]
    # Past what any hold may be: the schema says so, once.
    body = {"repetitions": 5, "holds": [5, 45], "sets": 1}
    assert _problems(lambda: from_value(body, ChosenDose, within=tilt)) == [
        ("/holds/1", "out-of-range"),
    ]


def test_a_pain_rule_reads_from_a_value_and_refuses_a_bad_one():
    rule = from_value(
        {"worse_by": 6, "max_pain": 5, "source": "Our clinic"}, PainRule
    )
    assert rule == CLINIC
    assert from_value({}, PainRule) == PainRule()
    assert _problems(
        lambda: from_value({"worse_by": 0, "max": 5}, PainRule)
    ) == [("/max", "unknown-field"), ("/worse_by", "out-of-range")]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"cls": lowback.Plan}, "cls"),
        ({"cls": PainReport, "pointer": "report"}, "pointer"),
        ({"cls": PainReport, "within": "routine"}, "within"),
        ({"cls": ChosenDose, "within": lowback.catalog()}, "within"),
        ({"cls": PainRule, "within": lowback.catalog()}, "within"),
    ],
)
def test_arguments_that_are_not_allowed_are_refused(kwargs, field):
    with pytest.raises(lowback.InvalidValueError) as info:
        from_value({"day": 1, "change": "same"}, **kwargs)
    assert info.value.field == field
    with pytest.raises(lowback.InvalidValueError):  # whatever the value
        from_value([], **kwargs)


def test_the_error_of_a_value_survives_pickling():
    with pytest.raises(lowback.ContentError) as info:
        from_value({"day": 0}, PainReport, pointer="/r")
    again = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - ours
    assert again.report == info.value.report
    assert str(again) == str(info.value)


# ---- a plan in an app


def test_a_report_from_a_dict_keeps_the_clinics_rule(routine):
    """The issue's "done when": dict -> report -> plan, rule kept."""
    ruled = lowback.plan(
        routine, 28, start=dt.date(2026, 3, 2), pain_rule=CLINIC
    )
    body = {"day": 4, "exercise": "pelvic-tilt", "before": 2, "after": 4}
    after = ruled.with_reports(from_value(body, PainReport, within=ruled))
    assert after.pain_rule == CLINIC
    assert after.title == ruled.title
    assert after.start == ruled.start
    assert after.reports == (PainReport(**body),)
    # Not worse under the clinic's rule; worse under the leaflet's.
    assert after.dose(5, "pelvic-tilt") is not None
    leaflet = lowback.plan(routine, 28).with_reports(PainReport(**body))
    assert leaflet.dose(5, "pelvic-tilt") is None


@given(plans(with_reports=False), st.data())
def test_with_reports_is_the_plan_made_with_them(plan, data):
    reports = data.draw(pain_reports(plan.routine, len(plan.days)))
    made = lowback.plan(
        plan.routine,
        len(plan.days),
        start=plan.start,
        reports=reports,
        pain_rule=plan.pain_rule,
        title=plan.title,
    )
    assert plan.with_reports(*reports) == made


def test_with_reports_refuses_a_report_that_does_not_fit(year):
    with pytest.raises(lowback.InvalidValueError) as info:
        year.with_reports(
            PainReport(day=3, change=Change.SAME),
            PainReport(day=4, exercise="pelvic-tlt", change=Change.SAME),
        )
    assert str(info.value) == (
        "reports[1].exercise: 'pelvic-tlt' is not in the routine; its "
        "exercises are semi-crunch, hamstring-stretch, pelvic-tilt, "
        "knee-to-chest; did you mean 'pelvic-tilt'?"
    )
    with pytest.raises(lowback.InvalidValueError, match="past the plan"):
        year.with_reports(PainReport(day=366, change=Change.SAME))
    with pytest.raises(lowback.InvalidValueError, match="reports"):
        year.with_reports({"day": 3, "change": "same"})  # type: ignore[arg-type]


@given(plans(), st.data())
def test_day_on_finds_each_day_by_its_date(plan, data):
    day = data.draw(st.integers(1, len(plan.days)))
    if plan.start is None:
        with pytest.raises(lowback.InvalidValueError, match="no start"):
            plan.day_on(dt.date(2026, 1, 1))
        return
    date = plan.start + dt.timedelta(days=day - 1)
    assert plan.day_on(date) is plan.days[day - 1]
    assert plan.day_on(date).date == date


def test_day_on_refuses_a_date_outside_the_plan(year):
    with pytest.raises(lowback.InvalidValueError) as info:
        year.day_on(dt.date(2025, 12, 31))
    assert str(info.value) == (
        "date: 2025-12-31 is not in the plan, which runs from 2026-01-01 "
        "to 2026-12-31"
    )
    assert year.day_on(dt.date(2026, 12, 31)).day == 365
    with pytest.raises(lowback.InvalidValueError, match="2027-01-01"):
        year.day_on(dt.date(2027, 1, 1))
    with pytest.raises(lowback.InvalidValueError, match=r"datetime\.date"):
        year.day_on(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC))  # type: ignore[arg-type]


@given(plans())
def test_a_days_session_is_the_routine_at_that_days_doses(plan):
    for planned in plan.days:
        session = plan.session(planned.day)
        going = [e for e in planned.entries if e.dose is not None]
        if not going:
            assert session is None
            continue
        assert session is not None
        assert [i.exercise.id for i in session.items] == [
            e.exercise for e in going
        ]
        for item in session.items:
            assert item.dose == plan.dose(planned.day, item.exercise.id)
        assert session.safety_notices == plan.safety_notices
        assert session.timeline()  # a session to the second


def test_a_session_leaves_out_what_pain_stopped(year):
    stopped = year.with_reports(
        PainReport(day=4, exercise="hamstring-stretch", change=Change.WORSE)
    )
    four, five = stopped.session(4), stopped.session(5)
    assert four is not None
    assert five is not None
    assert "hamstring-stretch" in {i.exercise.id for i in four.items}
    assert "hamstring-stretch" not in {i.exercise.id for i in five.items}
    everything = year.with_reports(PainReport(day=4, change=Change.WORSE))
    assert everything.session(5) is None
    with pytest.raises(lowback.UnknownDayError):
        year.session(366)


# ---- a stored plan, loaded back


@given(plans())
def test_a_stored_plan_loads_back_equal(plan):
    assert lowback.loads(lowback.dumps(plan), lowback.Plan) == plan


def test_loading_still_checks_the_days_against_the_routine(year):
    stopped = year.with_reports(
        PainReport(day=4, exercise="semi-crunch", change=Change.WORSE)
    )
    document = lowback.to_document(stopped)
    document["days"][9]["entries"][0] = document["days"][2]["entries"][0]
    with pytest.raises(lowback.ContentError) as info:
        lowback.loads(json.dumps(document), lowback.Plan)
    assert [(p.pointer, p.code) for p in info.value.report.problems] == [
        ("/days/9", "plan-mismatch")
    ]
    # A report taken out of the stored plan is found too.
    document = lowback.to_document(stopped)
    document["reports"] = []
    with pytest.raises(lowback.ContentError, match="plan-mismatch"):
        lowback.loads(json.dumps(document), lowback.Plan)


def test_a_plan_written_without_defaults_loads_equal(year):
    document = lowback.to_document(year)
    for day in document["days"]:
        for entry in day["entries"]:
            if entry.get("dose", {}).get("sets") == 1:
                del entry["dose"]["sets"]
    assert lowback.loads(json.dumps(document), lowback.Plan) == year


def test_a_pain_rule_file_is_checked_as_one_when_told():
    assert lowback.validate({"worse_by": 6}, kind="pain-rule").valid
    report = lowback.validate({"worse_by": 0, "over": 5}, kind="pain-rule")
    assert [(p.pointer, p.code) for p in report.problems] == [
        ("/over", "unknown-field"),
        ("/worse_by", "out-of-range"),
    ]
    assert not lowback.validate([], kind="pain-rule").valid


# ---- the pain rule travels with the plan


def test_a_clinics_rule_is_said_in_words_and_the_leaflets_is_not():
    assert lowback.PainRule().sentence is None
    assert CLINIC.sentence == (
        "Pain counts as worse when you say it is worse, when it is 6 or "
        "more points higher after a session than before it (on a scale of "
        "0 to 10), or when it is above 5 after a session. Source: Our "
        "clinic."
    )
    assert "above" not in PainRule(worse_by=2).sentence


def _everywhere(plan: lowback.Plan) -> dict[str, str]:
    from lowback import exports

    return {
        **{
            f"handout {f}": lowback.handout(plan, format=f)
            for f in lowback.HANDOUT_FORMATS
        },
        "fhir": json.dumps(exports.to_fhir(plan)),
        "jsonld": json.dumps(exports.to_jsonld(plan)),
        "ics": exports.to_ics(plan).replace("\r\n ", ""),
        "pa-requests": json.dumps(
            exports.to_service_requests(
                plan,
                patient="Patient/1",
                requester="Practitioner/1",
                reason="Low back pain",
            )
        ),
    }


def test_a_clinics_rule_goes_wherever_the_plan_goes(routine):
    ruled = lowback.plan(
        routine, 5, start=dt.date(2026, 3, 2), pain_rule=CLINIC
    )
    leaflet = lowback.plan(routine, 5, start=dt.date(2026, 3, 2))
    for where, text in _everywhere(ruled).items():
        assert "Source: Our clinic" in text, where
    for where, text in _everywhere(leaflet).items():
        assert "Pain counts as worse" not in text, where


# ---- the command line takes a clinic's rule, and places report problems


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    from lowback._cli import main

    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_plan_takes_a_clinics_rule_from_a_file(capsys, tmp_path):
    rule = tmp_path / "rule.json"
    rule.write_text(json.dumps(plain(CLINIC)), encoding="utf-8")
    reports = tmp_path / "reports.json"
    reports.write_text(
        '[{"day": 4, "exercise": "pelvic-tilt", "before": 2, "after": 4}]',
        encoding="utf-8",
    )
    args = ("plan", "--days", "6", "--reports", str(reports), "--format")
    status, out, _ = _cli(capsys, *args, "json", "--rule", str(rule))
    assert status == 0
    ruled = lowback.loads(out, lowback.Plan)
    assert ruled.pain_rule == CLINIC
    assert ruled.dose(5, "pelvic-tilt") is not None  # not worse here
    status, out, _ = _cli(capsys, *args, "json")
    assert lowback.loads(out, lowback.Plan).dose(5, "pelvic-tilt") is None
    status, out, _ = _cli(capsys, "plan", "--days", "2", "--rule", str(rule))
    assert "Source: Our clinic." in out


def test_a_bad_rule_file_gets_every_problem_placed(capsys, tmp_path):
    rule = tmp_path / "rule.json"
    rule.write_text('{"worse_by": 0,\n "max": 5}', encoding="utf-8")
    status, out, err = _cli(capsys, "plan", "--rule", str(rule))
    assert status == 1
    assert out == ""
    assert [line.split(": ")[3] for line in err.splitlines()] == [
        f"{rule}:1:14",
        f"{rule}:2:2",
    ]


def test_a_report_about_another_exercise_is_placed_in_its_file(
    capsys, tmp_path
):
    reports = tmp_path / "reports.json"
    reports.write_text(
        '[{"day": 2, "change": "same"},\n'
        ' {"day": 3, "exercise": "pelvic-tlt", "change": "worse"}]',
        encoding="utf-8",
    )
    status, _, err = _cli(
        capsys, "plan", "--days", "5", "--reports", str(reports)
    )
    assert status == 1
    assert err.splitlines() == [
        (
            f"lowback: error: invalid content: {reports}:2:25: /1/exercise: "
            "'pelvic-tlt' is not in the routine; its exercises are "
            "semi-crunch, hamstring-stretch, pelvic-tilt, knee-to-chest; did "
            "you mean 'pelvic-tilt'? [unknown-exercise]"
        )
    ]


@given(plans(), st.integers(1, 90))
def test_with_days_keeps_what_the_plan_was_made_from(plan, days):
    if any(r.day > days for r in plan.reports):
        with pytest.raises(lowback.InvalidValueError, match="past the plan"):
            plan.with_days(days)
        return
    made = plan.with_days(days)
    assert len(made.days) == days
    assert (made.routine, made.pain_rule, made.reports, made.start) == (
        plan.routine,
        plan.pain_rule,
        plan.reports,
        plan.start,
    )
    assert made.title == plan.title
    shared = min(days, len(plan.days))
    assert made.days[:shared] == plan.days[:shared]
