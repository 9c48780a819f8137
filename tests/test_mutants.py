"""
Tests that kill the mutants a mutation run left alive.

mutmut (and a pass over the constants of the class bodies, which mutmut
leaves alone) was run over the model, dose, progression, plan, rule and
check modules; each test here pins a behaviour that one or more of the
surviving mutants changed without any other test noticing.
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import attrs
import pytest

import lowback


def _exercise(**changes):
    """A small valid exercise; *changes* replace its fields."""
    fields = {
        "id": "bridge",
        "name": "Bridge",
        "language": "en",
        "kind": lowback.ExerciseKind.STRENGTHENING,
        "position": lowback.Position.LYING_ON_BACK,
        "steps": (lowback.Step(text="Lift your hips.", phase="lift"),),
        "dose": lowback.Dose(
            repetitions=lowback.Range(8, 12),
            phases=(
                lowback.Phase(
                    id="lift", action="Lift.", hold=lowback.Range(5, 30)
                ),
            ),
        ),
        "provenance": lowback.Provenance(source="A clinic", licence="MIT"),
    }
    fields.update(changes)
    return lowback.Exercise(**fields)


def _plan_document(days=3, **options):
    """The document of a plan of the leaflet's routine."""
    plan = lowback.plan(lowback.leaflet_routine(), days, **options)
    return lowback.to_document(plan)


def _found(document):
    """The (code, pointer) of each problem the validator finds."""
    return [(p.code, p.pointer) for p in lowback.validate(document)]


# ---- _dose


def test_a_range_holds_only_whole_numbers_between_its_ends():
    """`in` on a Range is true for whole numbers from min to max and for nothing else."""
    allowed = lowback.Range(8, 12)
    assert [False, True, True, False] == [
        value in allowed for value in (7, 8, 12, 13)
    ]
    assert [False, False, False] == [
        value in allowed for value in (8.0, True, "9")
    ]


def test_a_range_reads_as_one_number_or_from_to():
    """A range prints as its one value when min is max, else as 'min to max'."""
    assert "8 to 12" == str(lowback.Range(8, 12))
    assert "5" == str(lowback.Range(5, 5))


def test_range_exactly_holds_one_value():
    """Range.exactly(n) is the range from n to n."""
    assert lowback.Range(7, 7) == lowback.Range.exactly(7)


def test_choosing_a_dose_keeps_the_sets_asked_for():
    """Dose.choose passes the sets it is given through to the chosen dose."""
    dose = lowback.Dose(
        repetitions=lowback.Range(8, 12),
        phases=(
            lowback.Phase(
                id="hold", action="Hold.", hold=lowback.Range(5, 30)
            ),
        ),
        sets=lowback.Range(1, 3),
    )
    assert lowback.ChosenDose(
        repetitions=8, holds=(5,), sets=2
    ) == dose.choose(sets=2)


def test_choosing_holds_that_are_not_a_list_names_what_was_given():
    """Holds given as something other than a list or tuple are refused with that value."""
    dose = _exercise().dose
    with pytest.raises(lowback.InvalidValueError) as info:
        dose.choose(holds="15")
    assert ("holds", "15") == (info.value.field, info.value.value)


# ---- _plan: pain reports and the pain rule


def test_an_incomplete_pain_report_is_refused_as_a_change():
    """A report with neither change nor before and after names the field 'change' and the report."""
    with pytest.raises(lowback.InvalidValueError) as info:
        lowback.PainReport(day=2, before=2)
    assert ("change", {"day": 2, "before": 2}) == (
        info.value.field,
        info.value.value,
    )


def test_a_pain_score_out_of_range_names_its_field():
    """A pain score outside 0 to 10 is refused naming 'before' or 'after'."""
    for field in ("before", "after"):
        with pytest.raises(lowback.InvalidValueError) as info:
            lowback.PainReport(
                day=1, change=lowback.Change.SAME, **{field: 11}
            )
        assert (field, 11) == (info.value.field, info.value.value)


def test_a_rise_of_exactly_worse_by_points_counts_as_worse():
    """Pain after that is worse_by points above before is worse; one point less is not."""
    rule = lowback.PainRule(worse_by=2)
    assert [True, False] == [
        rule.is_worse(lowback.PainReport(day=1, before=3, after=after))
        for after in (5, 4)
    ]


def test_pain_after_equal_to_max_pain_is_not_worse():
    """Only pain after above max_pain counts as worse, not pain equal to it."""
    rule = lowback.PainRule(worse_by=10, max_pain=6)
    assert [False, True] == [
        rule.is_worse(lowback.PainReport(day=1, before=pain, after=pain))
        for pain in (6, 7)
    ]


def test_half_a_before_and_after_pair_is_read_as_no_rise():
    """A report with a change and only one of before and after has no rise to compare."""
    rule = lowback.PainRule()
    same = lowback.Change.SAME
    assert [False, False, True] == [
        rule.is_worse(lowback.PainReport(day=1, after=9, change=same)),
        rule.is_worse(lowback.PainReport(day=1, before=0, change=same)),
        lowback.PainRule(max_pain=8).is_worse(
            lowback.PainReport(day=1, after=9, change=same)
        ),
    ]


def test_is_worse_refuses_what_is_not_a_report_naming_report():
    """PainRule.is_worse given something else raises InvalidValueError for 'report'."""
    with pytest.raises(lowback.InvalidValueError) as info:
        lowback.PainRule().is_worse({"day": 1, "change": "worse"})
    assert "report" == info.value.field


# ---- _plan: asking a plan for a dose


def test_any_whole_day_outside_the_plan_is_an_unknown_day():
    """Plan.dose raises UnknownDayError for any whole day outside the plan, large or small."""
    plan = lowback.plan(lowback.leaflet_routine(), 3)
    for day in (0, -1, -1000, 4, 1000, 2**62):
        with pytest.raises(lowback.UnknownDayError):
            plan.dose(day, "pelvic-tilt")


def test_a_day_that_is_not_a_whole_number_names_day():
    """Plan.dose refuses a day that is not a whole number with field 'day'."""
    plan = lowback.plan(lowback.leaflet_routine(), 3)
    with pytest.raises(lowback.InvalidValueError) as info:
        plan.dose(1.0, "pelvic-tilt")
    assert ("day", 1.0) == (info.value.field, info.value.value)


def test_an_unknown_exercise_on_the_last_day_is_an_unknown_exercise():
    """Asking the last day of a plan for an unknown exercise raises UnknownExerciseError."""
    plan = lowback.plan(lowback.leaflet_routine(), 2)
    for day in (1, 2):
        with pytest.raises(lowback.UnknownExerciseError):
            plan.dose(day, "bird-dog")


# ---- _plan: the validator's plan rule


def test_a_plan_document_without_reports_is_valid():
    """The reports of a plan document are optional: leaving them out is no problem."""
    document = _plan_document()
    del document["reports"]
    assert [] == _found(document)


def test_notices_that_are_not_the_routines_are_found_even_when_every_day_is_right():
    """A plan document whose notices differ from its routine's is a plan-mismatch at /safety_notices."""
    document = _plan_document()
    document["safety_notices"] = document["safety_notices"][::-1]
    assert [
        (
            "plan-mismatch",
            "/safety_notices",
            "a plan carries its routine's safety notices, unchanged",
        )
    ] == [(p.code, p.pointer, p.message) for p in lowback.validate(document)]


def test_a_language_that_is_not_the_routines_is_found_even_when_every_day_is_right():
    """A plan document in another language than its routine is a plan-mismatch at /language."""
    document = _plan_document()
    document["language"] = "de"
    assert [
        (
            "plan-mismatch",
            "/language",
            "a plan's language is its routine's, 'en'",
        )
    ] == [(p.code, p.pointer, p.message) for p in lowback.validate(document)]


def test_one_changed_day_of_a_dated_plan_is_the_only_problem():
    """Changing one day of a dated plan document is reported at that day alone."""
    document = _plan_document(start=dt.date(2026, 3, 2))
    document["days"][1]["entries"][2]["dose"]["repetitions"] = 9
    assert [("plan-mismatch", "/days/1")] == _found(document)


def test_a_day_the_model_cannot_hold_is_reported_and_the_others_compared():
    """A day with a going entry without a dose is a plan-mismatch there, and only there."""
    document = _plan_document(start=dt.date(2026, 3, 2))
    del document["days"][1]["entries"][0]["dose"]
    assert [("plan-mismatch", "/days/1")] == _found(document)
    document["days"][2]["entries"][0]["dose"]["repetitions"] = 9
    assert [
        ("plan-mismatch", "/days/1"),
        ("plan-mismatch", "/days/2"),
    ] == _found(document)


def _mismatch_message(document, day):
    """The plan-mismatch message of *day* after that day is changed."""
    expected = copy.deepcopy(document["days"][day - 1])
    document["days"][day - 1]["entries"][0]["dose"]["repetitions"] += 1
    (problem,) = lowback.validate(document)
    shown = json.dumps(expected, ensure_ascii=False, separators=(",", ":"))
    return shown, problem.message


def test_a_changed_day_is_shown_as_it_should_be_in_compact_json():
    """The plan-mismatch message shows the expected day as compact JSON."""
    routine = lowback.RoutineBuilder("Tilts").add("pelvic-tilt").build()
    document = lowback.to_document(lowback.plan(routine, 3))
    shown, message = _mismatch_message(document, 2)
    assert (
        "day 2 is not what the routine's progression rules and the pain "
        f"reports give; expected {shown}"
    ) == message


def test_a_long_expected_day_is_cut_to_300_characters():
    """The expected day in a plan-mismatch message is cut to 297 characters and '...'."""
    shown, message = _mismatch_message(_plan_document(), 2)
    assert 392 == len(shown)
    assert f"expected {shown[:297]}..." == message.split("; ", 1)[1]


# ---- _checks


def test_a_word_that_is_not_a_choice_is_refused_naming_the_enum_and_the_word():
    """Change('wrose') raises InvalidValueError for field 'Change', value 'wrose', saying what was given."""
    with pytest.raises(lowback.InvalidValueError) as info:
        lowback.Change("wrose")
    assert ("Change", "wrose") == (info.value.field, info.value.value)
    assert (
        "Change: expected one of 'worse', 'same', 'better', "
        "got the text 'wrose'"
    ) == str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        ({}, "an object"),
        ([1, 2], "an array of 2"),
        ("x" * 40, "the text '" + "x" * 40 + "'"),
        ("x" * 41, "the text '" + "x" * 37 + "...'"),
        (dt.date(2026, 1, 1), "datetime.date(2026, 1, 1)"),
    ],
)
def test_values_are_named_for_messages(value, expected):
    """describe names null, objects, arrays, text cut after 40 characters, and anything else by repr."""
    from lowback._checks import describe

    assert expected == describe(value)


# ---- _rules: pain reports


def test_a_report_without_a_day_is_not_also_incomplete():
    """A report with before and after but no day is only missing its day."""
    document = _plan_document()
    document["reports"] = [{"before": 2, "after": 3}]
    assert [("missing-field", "/reports/0/day")] == _found(document)


def test_report_problems_say_what_is_needed_and_what_the_routine_has():
    """An incomplete report and a report on an unknown exercise get the documented sentences."""
    document = _plan_document()
    document["reports"] = [
        {"day": 1, "before": 2},
        {"day": 1, "exercise": "bird-dog", "change": "same"},
    ]
    assert [
        (
            "a pain report needs a change (worse, same or better) or the pain "
            "before and after"
        ),
        (
            "'bird-dog' is not in the routine; its exercises are semi-crunch, "
            "hamstring-stretch, pelvic-tilt, knee-to-chest"
        ),
    ] == [p.message for p in lowback.validate(document)]


# ---- _rules: routines


def _routine_document():
    return lowback.to_document(lowback.leaflet_routine())


def test_the_exercises_of_a_routine_document_are_checked_in_place():
    """An inverted range in a routine item's exercise is range-inverted there, with no dose problem besides."""
    document = _routine_document()
    document["items"][0]["exercise"]["dose"]["repetitions"] = {
        "min": 12,
        "max": 8,
    }
    assert [
        ("range-inverted", "/items/0/exercise/dose/repetitions/min")
    ] == _found(document)


def test_items_after_one_that_is_not_an_object_are_still_checked():
    """A routine item that is not an object does not stop the items after it from being checked."""
    document = _routine_document()
    document["items"][0]["exercise"]["dose"]["repetitions"] = {
        "min": 12,
        "max": 8,
    }
    document["items"].insert(0, "x")
    assert [
        ("wrong-type", "/items/0"),
        ("range-inverted", "/items/1/exercise/dose/repetitions/min"),
    ] == _found(document)


def test_an_exercise_twice_in_a_routine_document_is_a_duplicate_id():
    """The second item with the same exercise id is a duplicate-id at its exercise's id."""
    document = _routine_document()
    document["items"][1] = copy.deepcopy(document["items"][0])
    assert [("duplicate-id", "/items/1/exercise/id")] == _found(document)


def test_a_routine_with_a_schema_problem_gets_that_problem_alone():
    """Where the schema found a problem in the notices, the notice rule and the dose rule stay quiet."""
    document = _routine_document()
    document["safety_notices"][0]["kind"] = "oops"
    assert [("not-allowed", "/safety_notices/0/kind")] == _found(document)
    document = _routine_document()
    document["items"][0]["dose"]["repetitions"] = "x"
    assert [("wrong-type", "/items/0/dose/repetitions")] == _found(document)


# ---- _rules: plans


def test_the_routine_of_a_plan_document_is_checked_under_routine():
    """A chosen dose outside the allowed one in a plan's routine is located under /routine."""
    document = _plan_document()
    document["routine"]["items"][0]["dose"]["repetitions"] = 20
    assert [
        ("dose-outside-allowed", "/routine/items/0/dose/repetitions")
    ] == _found(document)


@pytest.mark.parametrize(
    ("routine", "expected"),
    [
        ([], [("wrong-type", "/routine")]),
        ({"items": 5}, [("wrong-type", "/routine/items")]),
        ({"items": ["x"]}, [("wrong-type", "/routine/items/0")]),
    ],
)
def test_a_plan_whose_routine_has_the_wrong_shape_gets_schema_problems_only(
    routine, expected
):
    """A plan's routine or items of the wrong type are the schema's to report; the rules pass over them."""
    document = _plan_document()
    document["routine"] = routine
    missing = [
        ("missing-field", f"/routine/{name}")
        for name in ("title", "language", "safety_notices")
    ]
    assert (missing if routine else []) + expected == _found(document)


def test_plan_days_that_are_not_a_list_are_the_schemas_to_report():
    """Days of the wrong type are a wrong-type problem, not a crash."""
    document = _plan_document()
    document["days"] = 5
    assert [("wrong-type", "/days")] == _found(document)


def test_a_start_or_day_date_that_is_no_calendar_day_is_a_bad_date():
    """'2026-02-30' as a plan's start or a day's date is refused as bad-date there."""
    document = _plan_document(start=dt.date(2026, 2, 27))
    document["start"] = "2026-02-30"
    document["days"][2]["date"] = "2026-02-31"
    assert [
        (
            "bad-date",
            "/start",
            "'2026-02-30' is not a calendar date; write it as YYYY-MM-DD",
        ),
        (
            "bad-date",
            "/days/2/date",
            "'2026-02-31' is not a calendar date; write it as YYYY-MM-DD",
        ),
    ] == [(p.code, p.pointer, p.message) for p in lowback.validate(document)]


# ---- _rules: exercises


def test_an_unknown_phase_message_lists_every_phase_of_the_dose():
    """A step naming no phase of the dose is told the dose's phases, quoted and comma-separated."""
    document = lowback.to_document(lowback.catalog().get("pelvic-tilt"))
    document["steps"][0]["phase"] = "raise"
    (problem,) = lowback.validate(document)
    assert (
        "unknown-phase",
        (
            "there is no phase 'raise' in the dose; its phases are 'arch', "
            "'flatten'"
        ),
    ) == (problem.code, problem.message)


# ---- _progression


def _two_phase_dose():
    return lowback.Dose(
        repetitions=lowback.Range(8, 12),
        phases=(
            lowback.Phase(id="up", action="Up.", hold=lowback.Range(5, 30)),
            lowback.Phase(
                id="down", action="Down.", hold=lowback.Range(5, 30)
            ),
        ),
    )


def _doses_by_day(progression, days, *, repetitions=8, holds=(5, 10)):
    """The (repetitions, holds) of each day of a plan of one exercise."""
    exercise = _exercise(
        steps=(lowback.Step(text="Move."),),
        dose=_two_phase_dose(),
        progression=progression,
    )
    item = lowback.RoutineItem(
        exercise=exercise,
        dose=exercise.dose.choose(repetitions=repetitions, holds=holds),
    )
    routine = lowback.Routine(
        title="One",
        language="en",
        safety_notices=lowback.leaflet_routine().safety_notices,
        items=(item,),
    )
    plan = lowback.plan(routine, days)
    return [
        (plan.dose(day, "bridge").repetitions, plan.dose(day, "bridge").holds)
        for day in range(1, days + 1)
    ]


def test_add_repetitions_every_day_steps_up_to_its_target_and_stops():
    """add-repetitions adds its step each day and never passes its target."""
    rule = lowback.AddRepetitions(every=lowback.Every.DAY, step=2, target=11)
    assert [8, 10, 11, 11] == [reps for reps, _ in _doses_by_day(rule, 4)]


def test_add_repetitions_every_week_steps_up_on_days_8_and_15():
    """A weekly rule steps up once every 7 days: on day 8, then day 15."""
    rule = lowback.AddRepetitions(every=lowback.Every.WEEK, step=1, target=12)
    assert [8] * 7 + [9] * 7 + [10] == [
        reps for reps, _ in _doses_by_day(rule, 15)
    ]


def test_add_repetitions_never_lowers_a_dose_above_its_target():
    """A chosen dose above the target stays where it is."""
    rule = lowback.AddRepetitions(every=lowback.Every.DAY, step=1, target=9)
    assert [11, 11, 11] == [
        reps for reps, _ in _doses_by_day(rule, 3, repetitions=11)
    ]


def test_through_range_steps_up_to_the_allowed_maximum():
    """through-range steps from the chosen repetitions to the allowed maximum and stays."""
    rule = lowback.ThroughRange(every=lowback.Every.DAY, step=3)
    assert [8, 11, 12, 12] == [reps for reps, _ in _doses_by_day(rule, 4)]


def test_raise_hold_without_phases_raises_every_phase_to_its_cap():
    """raise-hold with no phases named raises the hold of every phase, up to the cap."""
    rule = lowback.RaiseHold(every=lowback.Every.DAY, step=5, cap=15)
    assert [(5, 10), (10, 15), (15, 15), (15, 15)] == [
        holds for _, holds in _doses_by_day(rule, 4)
    ]


def test_raise_hold_on_one_phase_leaves_the_others():
    """raise-hold naming one phase raises that phase's hold only."""
    rule = lowback.RaiseHold(
        every=lowback.Every.DAY, step=5, cap=20, phases=("down",)
    )
    assert [(5, 10), (5, 15), (5, 20), (5, 20)] == [
        holds for _, holds in _doses_by_day(rule, 4)
    ]


def test_hold_steady_and_no_rule_keep_the_chosen_dose():
    """hold-steady, like no rule at all, gives the chosen dose every day."""
    for rule in (lowback.HoldSteady(), None):
        assert [(8, (5, 10))] * 3 == _doses_by_day(rule, 3)


# ---- every refusal names its field, the value and what is allowed


def _phase(phase_id="lift"):
    return lowback.Phase(
        id=phase_id, action="Lift.", hold=lowback.Range(5, 30)
    )


def _dose(**changes):
    fields = {"repetitions": lowback.Range(8, 12), "phases": (_phase(),)}
    fields.update(changes)
    return lowback.Dose(**fields)


def _chosen(**changes):
    fields = {"repetitions": 8, "holds": (5,)}
    fields.update(changes)
    return lowback.ChosenDose(**fields)


def _leaflet_plan():
    return lowback.plan(lowback.leaflet_routine(), 3)


def _with_day_2_changed():
    plan = _leaflet_plan()
    days = list(plan.days)
    days[1] = attrs.evolve(days[1], advice=("Rest.",))
    return attrs.evolve(plan, days=tuple(days))


_LEFT = lowback.Side.LEFT
_TEXT_ERRORS = [
    pytest.param(
        lambda: lowback.Step(text=5),
        "text",
        5,
        "text: expected text, got 5",
        id="text-not-text",
    ),
    pytest.param(
        lambda: lowback.Step(text="  "),
        "text",
        "  ",
        "text: must not be blank",
        id="text-blank",
    ),
    pytest.param(
        lambda: lowback.Step(text="a\ud800"),
        "text",
        "a\ud800",
        "text: holds a lone surrogate, not a character",
        id="text-surrogate",
    ),
    pytest.param(
        lambda: lowback.Step(text="x" * 2001),
        "text",
        "x" * 2001,
        "text: at most 2000 characters, got 2001",
        id="text-too-long",
    ),
    pytest.param(
        lambda: lowback.Step(text="Lift.", phase="Lift"),
        "phase",
        "Lift",
        "phase: expected a lowercase slug of at most 64 characters such as "
        "'pelvic-tilt', got the text 'Lift'",
        id="slug",
    ),
    pytest.param(
        lambda: _exercise(language="e"),
        "language",
        "e",
        "language: expected a BCP 47 language tag such as 'en' or 'pt-BR', "
        "got the text 'e'",
        id="language",
    ),
    pytest.param(
        lambda: lowback.LibraryDefault(pointer="dose", note="Why."),
        "pointer",
        "dose",
        "pointer: a JSON Pointer starts with '/', such as '/dose/sets'; "
        "got 'dose'",
        id="pointer-without-slash",
    ),
    pytest.param(
        lambda: lowback.LibraryDefault(pointer=" ", note="Why."),
        "pointer",
        " ",
        "pointer: must not be blank",
        id="pointer-blank",
    ),
]
_SEQUENCE_ERRORS = [
    pytest.param(
        lambda: _exercise(equipment=["mat"]),
        "equipment",
        ["mat"],
        "equipment: expected a tuple, got list; wrap it in tuple()",
        id="not-a-tuple",
    ),
    pytest.param(
        lambda: _exercise(equipment=("Mat",)),
        "equipment",
        "Mat",
        "equipment: expected a lowercase slug of at most 64 characters such "
        "as 'pelvic-tilt', got the text 'Mat'",
        id="item-not-a-slug",
    ),
    pytest.param(
        lambda: _exercise(equipment=("mat", "mat")),
        "equipment",
        ("mat", "mat"),
        "equipment: each entry may be listed only once",
        id="listed-twice",
    ),
    pytest.param(
        lambda: _exercise(steps=()),
        "steps",
        (),
        "steps: give at least one",
        id="no-steps",
    ),
    pytest.param(
        lambda: _exercise(steps=("Lift.",)),
        "steps",
        "Lift.",
        "steps: expected a Step, got a str",
        id="step-not-a-step",
    ),
    pytest.param(
        lambda: _dose(phases=()),
        "phases",
        (),
        "phases: give at least one phase",
        id="no-phases",
    ),
    pytest.param(
        lambda: _dose(phases=("lift",)),
        "phases",
        "lift",
        "phases: expected a Phase, got a str",
        id="phase-not-a-phase",
    ),
    pytest.param(
        lambda: _dose(sides=("left",)),
        "sides",
        "left",
        "sides: expected one of Side.LEFT, Side.RIGHT, got 'left'; write "
        "Side.LEFT, or Side('left') for a word from a form or JSON",
        id="side-not-a-side",
    ),
    pytest.param(
        lambda: _dose(sides=(_LEFT, _LEFT)),
        "sides",
        (_LEFT, _LEFT),
        "sides: each entry may be listed only once",
        id="side-twice",
    ),
    pytest.param(
        lambda: _dose(phases=(_phase(), _phase())),
        "phases[1].id",
        "lift",
        "phases[1].id: the phase id 'lift' is already used at /phases/0; "
        "ids must be unique",
        id="phase-id-twice",
    ),
    pytest.param(
        lambda: _chosen(holds=[5]),
        "holds",
        [5],
        "holds: expected a tuple, got list; wrap it in tuple()",
        id="holds-not-a-tuple",
    ),
    pytest.param(
        lambda: _chosen(holds=()),
        "holds",
        (),
        "holds: give one or more",
        id="no-holds",
    ),
    pytest.param(
        lambda: _chosen(holds=(4,)),
        "holds[0]",
        4,
        "holds[0]: 4 is outside the allowed 5 to 30",
        id="hold-too-short",
    ),
]
_NUMBER_ERRORS = [
    pytest.param(
        lambda: lowback.Range(5, 3),
        "min",
        5,
        "range: min 5 is above max 3; swap them or make them equal",
        id="range-inverted",
    ),
    pytest.param(
        lambda: _dose(repetitions="8"),
        "repetitions",
        "8",
        "repetitions: expected a Range, got a str",
        id="range-not-a-range",
    ),
    pytest.param(
        lambda: _dose(repetitions=lowback.Range(0, 5)),
        "repetitions.min",
        0,
        "repetitions.min: 0 is outside the allowed 1 to 1000",
        id="range-min-too-low",
    ),
    pytest.param(
        lambda: _dose(repetitions=lowback.Range(1, 1001)),
        "repetitions.max",
        1001,
        "repetitions.max: 1001 is outside the allowed 1 to 1000",
        id="range-max-too-high",
    ),
    pytest.param(
        lambda: _chosen(repetitions=True),
        "repetitions",
        True,
        "repetitions: expected a whole number from 1 to 1000, got the "
        "boolean true",
        id="whole-not-whole",
    ),
    pytest.param(
        lambda: _chosen(repetitions=0),
        "repetitions",
        0,
        "repetitions: 0 is outside the allowed 1 to 1000",
        id="whole-outside",
    ),
]
_MODEL_ERRORS = [
    pytest.param(
        lambda: _exercise(kind="stretch"),
        "kind",
        "stretch",
        "kind: expected one of ExerciseKind.STRENGTHENING, "
        "ExerciseKind.STRETCH, ExerciseKind.MOBILITY, got 'stretch'; write "
        "ExerciseKind.STRETCH, or ExerciseKind('stretch') for a word from a "
        "form or JSON",
        id="member",
    ),
    pytest.param(
        lambda: _exercise(dose=5),
        "dose",
        5,
        "dose: expected a Dose, got an int",
        id="instance-int",
    ),
    pytest.param(
        lambda: lowback.RoutineItem(exercise="bridge", dose=_chosen()),
        "exercise",
        "bridge",
        "exercise: expected an Exercise, got a str",
        id="instance-exercise",
    ),
    pytest.param(
        lambda: _exercise(progression="add-repetitions"),
        "progression",
        "add-repetitions",
        "progression: expected one of AddRepetitions, RaiseHold, "
        "ThroughRange, HoldSteady or None, got 'add-repetitions'",
        id="progression",
    ),
    pytest.param(
        lambda: _exercise(steps=(lowback.Step(text="Go.", phase="push"),)),
        "steps[0].phase",
        "push",
        "steps[0].phase: there is no phase 'push' in the dose; its phases "
        "are 'lift'",
        id="exercise-rule",
    ),
    pytest.param(
        lambda: _exercise().dose.check((8, (5,), 1)),
        "dose",
        (8, (5,), 1),
        "dose: expected a ChosenDose, got a tuple",
        id="dose-check",
    ),
    pytest.param(
        lambda: _exercise().dose.choose(holds="15"),
        "holds",
        "15",
        "holds: give one hold for each of the 1 phases (lift), got the text "
        "'15'",
        id="choose-holds",
    ),
]
_PLAN_ERRORS = [
    pytest.param(
        lambda: lowback.plan("routine", 3),
        "routine",
        "routine",
        "routine: expected a Routine, got a str",
        id="plan-routine",
    ),
    pytest.param(
        lambda: lowback.plan(lowback.leaflet_routine(), 0),
        "days",
        0,
        "days: 0 is outside the allowed 1 to 3660",
        id="plan-days",
    ),
    pytest.param(
        lambda: lowback.plan(lowback.leaflet_routine(), 3, start="2026-03-02"),
        "start",
        "2026-03-02",
        "start: expected a date such as datetime.date(2026, 12, 1), got the "
        "text '2026-03-02'",
        id="plan-start",
    ),
    pytest.param(
        lambda: lowback.plan(lowback.leaflet_routine(), 3, pain_rule=1),
        "pain_rule",
        1,
        "pain_rule: expected a PainRule, got an int",
        id="plan-pain-rule",
    ),
    pytest.param(
        lambda: lowback.plan(lowback.leaflet_routine(), 3, reports="worse"),
        "reports",
        "worse",
        "reports: expected pain reports, got the text 'worse'",
        id="plan-reports",
    ),
    pytest.param(
        lambda: lowback.plan(lowback.leaflet_routine(), 3, reports=["worse"]),
        "reports",
        "worse",
        "reports: expected a PainReport, got a str",
        id="plan-report",
    ),
    pytest.param(
        lambda: lowback.PlanEntry(exercise="bridge", status=lowback.Status.GO),
        "dose",
        None,
        "dose: an exercise that goes on has a dose and a stopped one has "
        "none; got go with no dose",
        id="entry-going-without-dose",
    ),
    pytest.param(
        lambda: lowback.PlanEntry(
            exercise="bridge", status=lowback.Status.STOPPED, dose=_chosen()
        ),
        "dose",
        _chosen(),
        "dose: an exercise that goes on has a dose and a stopped one has "
        "none; got stopped with a dose",
        id="entry-stopped-with-dose",
    ),
    pytest.param(
        lambda: attrs.evolve(_leaflet_plan(), days=()),
        "days",
        0,
        "days: 0 is outside the allowed 1 to 3660",
        id="plan-no-days",
    ),
    pytest.param(
        lambda: attrs.evolve(
            _leaflet_plan(),
            reports=(lowback.PainReport(day=9, change=lowback.Change.SAME),),
        ),
        "reports[0].day",
        9,
        "reports[0].day: day 9 is past the plan's 3 days",
        id="plan-report-past-the-end",
    ),
]


@pytest.mark.parametrize(
    ("make", "field", "value", "message"),
    _TEXT_ERRORS
    + _SEQUENCE_ERRORS
    + _NUMBER_ERRORS
    + _MODEL_ERRORS
    + _PLAN_ERRORS,
)
def test_a_refused_value_is_named_with_its_field_and_what_is_allowed(
    make, field, value, message
):
    """InvalidValueError carries the field and the value given, and says what is allowed."""
    with pytest.raises(lowback.InvalidValueError) as info:
        make()
    assert (field, value, message) == (
        info.value.field,
        info.value.value,
        str(info.value),
    )


def test_a_plan_whose_day_is_not_the_schedules_is_refused_at_that_day():
    """A Plan with a changed day is refused naming that day, with no value (the document has none)."""
    with pytest.raises(lowback.InvalidValueError) as info:
        _with_day_2_changed()
    day = lowback.to_document(_leaflet_plan())["days"][1]
    shown = json.dumps(day, ensure_ascii=False, separators=(",", ":"))
    assert (
        "days[1]",
        None,
        (
            "days[1]: day 2 is not what the routine's progression rules and the "
            f"pain reports give; expected {shown[:297]}..."
        ),
    ) == (info.value.field, info.value.value, str(info.value))


# ---- _plan: the schedule


def test_a_worse_report_stops_its_exercise_and_freezes_the_others():
    """After a worse report on day 2: that exercise stops with advice, the others stay at day 2's dose."""
    routine = lowback.leaflet_routine()
    reports = [
        lowback.PainReport(day=2, exercise="knee-to-chest", before=2, after=3),
        lowback.PainReport(
            day=4, exercise="semi-crunch", change=lowback.Change.WORSE
        ),
    ]
    plan = lowback.plan(routine, 6, reports=reports)
    assert [1, 2, 2, 2, 2, 2] == [
        plan.dose(day, "pelvic-tilt").repetitions for day in range(1, 7)
    ]
    assert [None] * 4 == [
        plan.dose(day, "knee-to-chest") for day in range(3, 7)
    ]
    assert (
        (
            "Your back pain got worse after day 2's session: stop Knee to Chest "
            "Stretches and talk to your doctor."
        ),
        (
            "Your back pain got worse after day 4's session: stop Semi Crunches "
            "and talk to your doctor."
        ),
    ) == plan.days[5].advice


def test_a_plan_takes_the_title_it_is_given():
    """plan(title=...) names the plan; without it the plan has the routine's title."""
    routine = lowback.leaflet_routine()
    assert ("March", routine.title) == (
        lowback.plan(routine, 2, title="March").title,
        lowback.plan(routine, 2).title,
    )


def test_the_default_pain_rule_quotes_the_leaflets_stop_rule():
    """The default pain rule is worse_by 1, no max_pain, with the leaflet's stop rule in its source."""
    rule = lowback.PainRule()
    notices = lowback.leaflet_routine().safety_notices
    (stop,) = [n for n in notices if n.kind is lowback.NoticeKind.STOP_RULE]
    assert (1, None) == (rule.worse_by, rule.max_pain)
    quoted = repr(stop.text)
    assert quoted == rule.source[-len(quoted) :]


# ---- _rules: documents


def test_duplicate_notice_ids_in_a_routine_document_are_found():
    """Two safety notices with one id are a duplicate-id at the second notice's id."""
    document = _routine_document()
    document["safety_notices"].append(
        {**document["safety_notices"][0], "kind": "general"}
    )
    assert [
        (
            "duplicate-id",
            "/safety_notices/2/id",
            (
                "the safety notice id 'check-first' is already used at "
                "/safety_notices/0; ids must be unique"
            ),
        )
    ] == [(p.code, p.pointer, p.message) for p in lowback.validate(document)]


def test_reports_after_one_that_is_not_an_object_are_still_checked():
    """A report that is not an object does not stop the reports after it from being checked."""
    document = _plan_document()
    document["reports"] = ["x", {"day": 1, "before": 2}]
    assert [
        ("wrong-type", "/reports/0"),
        ("incomplete-report", "/reports/1"),
    ] == _found(document)


def test_ids_that_are_not_text_are_not_duplicates():
    """Two phases with the same number as id get the schema's problems only."""
    document = _routine_document()
    phases = document["items"][2]["exercise"]["dose"]["phases"]
    phases[0]["id"] = phases[1]["id"] = 5
    assert [
        ("wrong-type", "/items/2/exercise/dose/phases/0/id"),
        ("wrong-type", "/items/2/exercise/dose/phases/1/id"),
    ] == _found(document)


def test_a_chosen_dose_and_an_allowed_dose_may_leave_their_sets_out():
    """Sets left out mean one set, on both sides; two chosen sets of a dose that allows one is located."""
    document = _routine_document()
    del document["items"][0]["exercise"]["dose"]["sets"]
    del document["items"][0]["dose"]["sets"]
    assert [] == _found(document)
    document["items"][0]["dose"]["sets"] = 2
    assert [("dose-outside-allowed", "/items/0/dose/sets")] == _found(document)


def test_sets_left_out_of_a_chosen_dose_are_one_set():
    """A chosen dose without sets, of an exercise allowing 2 to 3 sets, is outside the allowed dose."""
    document = _routine_document()
    document["items"][0]["exercise"]["dose"]["sets"] = {"min": 2, "max": 3}
    del document["items"][0]["dose"]["sets"]
    assert [("dose-outside-allowed", "/items/0/dose/sets")] == _found(document)


def test_a_chosen_dose_with_a_hold_too_few_is_located_at_its_holds():
    """Fewer holds than phases is a dose-outside-allowed problem at the holds."""
    document = _routine_document()
    document["items"][2]["dose"]["holds"] = [5]
    assert [("dose-outside-allowed", "/items/2/dose/holds")] == _found(
        document
    )


def _exercise_document(**changes):
    document = lowback.to_document(_exercise(**changes))
    document.pop("library_defaults", None)
    return document


@pytest.mark.parametrize(
    ("left_out", "pointer"),
    [
        (("equipment",), "/equipment"),
        (("targets",), "/targets"),
        (("cautions",), "/cautions"),
        (("dose", "sides"), "/dose/sides"),
        (("dose", "sets"), "/dose/sets/max"),
    ],
)
def test_a_library_default_may_name_a_field_left_at_its_default(
    left_out, pointer
):
    """A library default's pointer resolves against the defaults of fields the document leaves out."""
    document = _exercise_document()
    holder = document
    for key in left_out[:-1]:
        holder = holder[key]
    holder.pop(left_out[-1], None)
    document["library_defaults"] = [{"pointer": pointer, "note": "Ours."}]
    assert [] == _found(document)


def test_a_library_default_may_name_the_phases_a_raise_hold_leaves_out():
    """/progression/phases resolves on a raise-hold progression that leaves its phases out."""
    document = _exercise_document(
        progression=lowback.RaiseHold(every=lowback.Every.DAY, step=5, cap=20)
    )
    document["progression"].pop("phases", None)
    document["library_defaults"] = [
        {"pointer": "/progression/phases", "note": "Ours."}
    ]
    assert [] == _found(document)


def test_a_library_default_may_not_name_the_header():
    """A pointer to the document's $schema names no value of the exercise."""
    document = {
        "$schema": lowback.schema("exercise")["$id"],
        **_exercise_document(),
    }
    document["library_defaults"] = [{"pointer": "/$schema", "note": "Ours."}]
    assert [("unresolved-pointer", "/library_defaults/0/pointer")] == _found(
        document
    )


def test_a_raise_hold_naming_an_unknown_phase_is_told_the_phases():
    """A raise-hold phase the dose lacks is an unknown-phase problem naming it and the dose's phases."""
    document = _exercise_document(
        progression=lowback.RaiseHold(every=lowback.Every.DAY, step=5, cap=20)
    )
    document["progression"]["phases"] = ["push"]
    assert [
        (
            "unknown-phase",
            "/progression/phases/0",
            "there is no phase 'push' in the dose; its phases are 'lift'",
        )
    ] == [(p.code, p.pointer, p.message) for p in lowback.validate(document)]


# ---- the bounds of the format, at their edges


def _notice(text):
    return lowback.SafetyNotice(
        id="n", kind=lowback.NoticeKind.GENERAL, text=text
    )


def _provenance(**changes):
    fields = {"source": "A clinic", "licence": "MIT"}
    fields.update(changes)
    return lowback.Provenance(**fields)


def _day(**changes):
    fields = {"day": 1, "entries": ()}
    fields.update(changes)
    return lowback.PlanDay(**fields)


#: (field, longest text it takes, how to make an object with that text)
_TEXT_LIMITS = [
    ("name", 200, lambda t: _exercise(name=t)),
    (
        "title",
        200,
        lambda t: lowback.plan(lowback.leaflet_routine(), 1, title=t),
    ),
    ("licence", 200, lambda t: _provenance(licence=t)),
    ("author", 200, lambda t: _provenance(author=t)),
    (
        "pointer",
        200,
        lambda t: lowback.LibraryDefault(pointer="/" + t[1:], note="N."),
    ),
    ("text", 2000, lambda t: lowback.Step(text=t)),
    ("source", 2000, lambda t: _provenance(source=t)),
    ("url", 2000, lambda t: _provenance(url="https://x.org/" + t[14:])),
    ("note", 2000, lambda t: lowback.LibraryDefault(pointer="/name", note=t)),
    ("text", 2000, _notice),
    ("purpose", 2000, lambda t: _exercise(purpose=t)),
    ("cautions", 2000, lambda t: _exercise(cautions=(t,))),
    (
        "action",
        2000,
        lambda t: lowback.Phase(id="p", action=t, hold=lowback.Range(5, 5)),
    ),
    ("source", 2000, lambda t: lowback.PainRule(source=t)),
    ("advice", 2000, lambda t: _day(advice=(t,))),
]


@pytest.mark.parametrize(
    ("field", "limit", "make"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in _TEXT_LIMITS],
)
def test_each_text_field_takes_text_up_to_its_limit_and_no_more(
    field, limit, make
):
    """Names, titles and licences take 200 characters, other texts 2000; one more is refused."""
    make("x" * limit)
    with pytest.raises(lowback.InvalidValueError) as info:
        make("x" * (limit + 1))
    assert field == info.value.field


def test_slugs_and_language_tags_have_their_longest():
    """An id takes 64 characters and a language tag 35; one more is refused."""
    tag = "en-" + "-".join(["abcdefgh"] * 3) + "-abcde"
    assert (64, 35) == (
        len(_exercise(id="a" * 64).id),
        len(_exercise(language=tag).language),
    )
    for changes in ({"id": "a" * 65}, {"language": tag + "f"}):
        with pytest.raises(lowback.InvalidValueError):
            _exercise(**changes)


#: (what is made, a value just inside, one just outside, on each side)
_NUMBER_LIMITS = [
    (lambda n: lowback.Range(n, 5), 0, -1),
    (lambda n: lowback.Range(0, n), 2**31 - 1, 2**31),
    (lambda n: _dose(repetitions=lowback.Range(1, n)), 1000, 1001),
    (lambda n: _dose(sets=lowback.Range(n, 1)), 1, 0),
    (lambda n: _dose(sets=lowback.Range(1, n)), 20, 21),
    (
        lambda n: lowback.Phase(
            id="p", action="A.", hold=lowback.Range(n, 30)
        ),
        5,
        4,
    ),
    (
        lambda n: lowback.Phase(id="p", action="A.", hold=lowback.Range(5, n)),
        30,
        31,
    ),
    (lambda n: _chosen(repetitions=n), 1, 0),
    (lambda n: _chosen(repetitions=n), 1000, 1001),
    (lambda n: _chosen(sets=n), 1, 0),
    (lambda n: _chosen(sets=n), 20, 21),
    (
        lambda n: lowback.AddRepetitions(
            every=lowback.Every.DAY, step=n, target=1
        ),
        1,
        0,
    ),
    (
        lambda n: lowback.AddRepetitions(
            every=lowback.Every.DAY, step=n, target=1
        ),
        1000,
        1001,
    ),
    (
        lambda n: lowback.AddRepetitions(
            every=lowback.Every.DAY, step=1, target=n
        ),
        1,
        0,
    ),
    (
        lambda n: lowback.AddRepetitions(
            every=lowback.Every.DAY, step=1, target=n
        ),
        1000,
        1001,
    ),
    (lambda n: lowback.ThroughRange(every=lowback.Every.DAY, step=n), 1, 0),
    (
        lambda n: lowback.ThroughRange(every=lowback.Every.DAY, step=n),
        1000,
        1001,
    ),
    (
        lambda n: lowback.RaiseHold(every=lowback.Every.DAY, step=n, cap=30),
        1,
        0,
    ),
    (
        lambda n: lowback.RaiseHold(every=lowback.Every.DAY, step=n, cap=30),
        25,
        26,
    ),
    (
        lambda n: lowback.RaiseHold(every=lowback.Every.DAY, step=1, cap=n),
        5,
        4,
    ),
    (
        lambda n: lowback.RaiseHold(every=lowback.Every.DAY, step=1, cap=n),
        30,
        31,
    ),
    (lambda n: lowback.PainReport(day=n, change=lowback.Change.SAME), 1, 0),
    (
        lambda n: lowback.PainReport(day=n, change=lowback.Change.SAME),
        3660,
        3661,
    ),
    (lambda n: lowback.PainReport(day=1, before=n, after=0), 0, -1),
    (lambda n: lowback.PainReport(day=1, before=n, after=0), 10, 11),
    (lambda n: lowback.PainRule(worse_by=n), 1, 0),
    (lambda n: lowback.PainRule(worse_by=n), 10, 11),
    (lambda n: lowback.PainRule(max_pain=n), 0, -1),
    (lambda n: lowback.PainRule(max_pain=n), 10, 11),
    (lambda n: _day(day=n), 1, 0),
    (lambda n: _day(day=n), 3660, 3661),
]


@pytest.mark.parametrize(("make", "inside", "outside"), _NUMBER_LIMITS)
def test_each_number_is_taken_up_to_its_bound_and_no_further(
    make, inside, outside
):
    """Every whole number of the model takes its bound and refuses the next number out."""
    make(inside)
    with pytest.raises(lowback.InvalidValueError):
        make(outside)


def test_a_plan_may_last_3660_days_and_no_more():
    """plan() makes a plan of DAYS_MAX (3660) days and refuses one of 3661."""
    routine = lowback.RoutineBuilder("Tilts").add("pelvic-tilt").build()
    assert 3660 == len(lowback.plan(routine, 3660).days)
    with pytest.raises(lowback.InvalidValueError):
        lowback.plan(routine, 3661)


def test_sets_default_to_one():
    """A dose allows one set, and a chosen dose is one set, unless told otherwise."""
    assert (lowback.Range(1, 1), 1) == (_dose().sets, _chosen().sets)


@pytest.mark.parametrize(
    ("cls", "args"),
    [
        (lowback.Step, ("Lift.",)),
        (lowback.Provenance, ("A clinic", "MIT")),
        (lowback.LibraryDefault, ("/name", "Why.")),
        (lowback.SafetyNotice, ("n", lowback.NoticeKind.GENERAL, "Text.")),
        (lowback.Dose, (lowback.Range(8, 12), (_phase(),))),
        (lowback.ChosenDose, (8, (5,))),
        (lowback.AddRepetitions, (lowback.Every.DAY, 1, 10)),
        (lowback.RaiseHold, (lowback.Every.DAY, 1, 10)),
        (lowback.ThroughRange, (lowback.Every.DAY, 1)),
        (lowback.PainReport, (1, None, None, None, lowback.Change.SAME)),
        (lowback.PainRule, (1,)),
        (lowback.PlanEntry, ("bridge", lowback.Status.STOPPED)),
        (lowback.PlanDay, (1, None, ())),
    ],
)
def test_the_wide_model_classes_take_keyword_arguments_only(cls, args):
    """The model classes with several fields refuse positional arguments."""
    with pytest.raises(TypeError):
        cls(*args)


def test_a_range_holds_whole_numbers_from_0_to_2_to_the_31_minus_1():
    """Both ends of a Range run from 0 to 2**31 - 1; past them the end is named."""
    top = 2**31 - 1
    assert (lowback.Range(0, 0), lowback.Range(top, top)) == (
        lowback.Range.exactly(0),
        lowback.Range.exactly(top),
    )
    for low, high, field in ((top + 1, top + 1, "min"), (0, -1, "max")):
        with pytest.raises(lowback.InvalidValueError) as info:
            lowback.Range(low, high)
        assert field == info.value.field
