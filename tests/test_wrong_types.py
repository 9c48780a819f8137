"""
Wrong types anywhere in the public API raise `InvalidValueError`.

Every public function, method and model class is called with a valid
set of arguments, then with each argument in turn replaced by a value
of a wrong type. Each call must either work or raise an error of the
family; a `TypeError`, `AttributeError`, `IndexError` or `KeyError`
from inside lowback is a failure.
An object that exists is valid: no model class may be built from a
wrong value.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import lowback

if TYPE_CHECKING:
    from collections.abc import Callable

#: Values of the wrong type for nearly every argument.
WRONG: tuple[Any, ...] = (
    None,
    [],
    {},
    "x",
    3.5,
    True,
    object(),
    b"x",
    -1,
    (1, 2),
)


@functools.cache
def _leaflet() -> dict[str, Any]:
    routine = lowback.leaflet_routine()
    item = routine.items[0]
    exercise = item.exercise
    plan = lowback.plan(routine, 7, start=dt.date(2026, 12, 1))
    return {
        "routine": routine,
        "plan": plan,
        "item": item,
        "exercise": exercise,
        "dose": exercise.dose,
        "chosen": item.dose,
        "phase": exercise.dose.phases[0],
        "range": lowback.Range(5, 10),
        "step": exercise.steps[0],
        "provenance": exercise.provenance,
        "notice": routine.safety_notices[0],
        "notices": routine.safety_notices,
        "catalog": lowback.catalog(),
        "report": lowback.PainReport(day=1, change=lowback.Change.SAME),
        "rule": lowback.PainRule(),
        "entry": plan.days[0].entries[0],
        "day": plan.days[0],
    }


def _calls(tmp: Path) -> dict[str, tuple[Callable[..., Any], dict[str, Any]]]:
    """
    Each callable with a set of keyword arguments it accepts.
    """
    v = _leaflet()
    good_file = tmp / "semi.json"
    good_file.write_text(lowback.dumps(v["exercise"]), "utf-8")
    records = tmp / "records.json"
    records.write_text('[{"id": "a", "name": "A"}]', "utf-8")
    builder = lowback.RoutineBuilder("x")
    return {
        "plan": (
            lowback.plan,
            {
                "routine": v["routine"],
                "days": 7,
                "start": dt.date(2026, 12, 1),
                "reports": (),
                "pain_rule": v["rule"],
                "title": "A title",
            },
        ),
        "handout": (
            lowback.handout,
            {"subject": v["routine"], "format": "text"},
        ),
        "progression_chart": (
            lowback.progression_chart,
            {"plan": v["plan"], "id_prefix": "p"},
        ),
        "timeline_strip": (
            lowback.timeline_strip,
            {"routine": v["routine"], "id_prefix": "t"},
        ),
        "to_fhir": (lowback.exports.to_fhir, {"subject": v["routine"]}),
        "to_jsonld": (lowback.exports.to_jsonld, {"subject": v["routine"]}),
        "to_ics": (lowback.exports.to_ics, {"plan": v["plan"]}),
        "dumps": (lowback.dumps, {"obj": v["exercise"]}),
        "to_document": (lowback.to_document, {"obj": v["exercise"]}),
        "loads": (
            lowback.loads,
            {
                "data": lowback.dumps(v["exercise"]),
                "cls": lowback.Exercise,
                "file": "x.json",
            },
        ),
        "load": (lowback.load, {"path": good_file, "cls": lowback.Exercise}),
        "from_document": (
            lowback.from_document,
            {
                "document": lowback.to_document(v["exercise"]),
                "cls": lowback.Exercise,
            },
        ),
        "validate": (
            lowback.validate,
            {"document": {}, "max_depth": 64, "engine": "auto"},
        ),
        "validate_text": (
            lowback.validate_text,
            {
                "data": "{}",
                "file": "x.json",
                "max_bytes": 100,
                "max_depth": 64,
                "engine": "auto",
            },
        ),
        "validate_line": (
            lowback.validate_line,
            {
                "data": "{}",
                "file": "x.jsonl",
                "line": 3,
                "max_bytes": 100,
                "max_depth": 64,
                "engine": "auto",
            },
        ),
        "validate_file": (
            lowback.validate_file,
            {"path": good_file, "max_bytes": 10**6, "max_depth": 64},
        ),
        "validate_many": (
            lowback.validate_many,
            {"paths": [good_file], "max_bytes": 10**6, "max_depth": 64},
        ),
        "schema": (lowback.schema, {"name": "exercise"}),
        "Catalog.get": (v["catalog"].get, {"exercise_id": "pelvic-tilt"}),
        "Catalog.filter": (
            v["catalog"].filter,
            {"kind": lowback.ExerciseKind.STRETCH, "equipment": "towel"},
        ),
        "Catalog.merge": (v["catalog"].merge, {}),
        "load_catalogs": (
            lowback.load_catalogs,
            {"base": v["catalog"]},
        ),
        "RoutineBuilder": (
            lowback.RoutineBuilder,
            {
                "title": "x",
                "catalog": v["catalog"],
                "language": "en",
                "rest": lowback.Rest(),
                "description": ("A paragraph.",),
            },
        ),
        "RoutineBuilder.add": (
            builder.add,
            {
                "exercise_id": "knee-to-chest",
                "repetitions": 2,
                "hold": 10,
                "sets": 1,
            },
        ),
        "RoutineBuilder.from_spec": (
            lowback.RoutineBuilder.from_spec,
            {
                "spec": {"title": "x", "items": [{"exercise": "pelvic-tilt"}]},
                "catalog": v["catalog"],
            },
        ),
        "Plan.dose": (
            v["plan"].dose,
            {"day": 1, "exercise_id": "semi-crunch"},
        ),
        "Routine.item": (v["routine"].item, {"exercise_id": "semi-crunch"}),
        "Routine.timeline": (v["routine"].timeline, {}),
        "Dose.choose": (
            v["dose"].choose,
            {"repetitions": 9, "holds": (5,), "sets": 1},
        ),
        "Dose.check": (v["dose"].check, {"chosen": v["chosen"]}),
        "PainRule.is_worse": (v["rule"].is_worse, {"report": v["report"]}),
        "import_records": (
            lowback.importers.import_records,
            {
                "source": "free-exercise-db",
                "data": "[]",
                "path": "x.json",
                "commit": "acd61f7",
            },
        ),
        "import_path": (
            lowback.importers.import_path,
            {"source": "free-exercise-db", "path": records, "commit": None},
        ),
        "Change": (lowback.Change, {"value": "worse"}),
        "Side": (lowback.Side, {"value": "left"}),
        "Range": (lowback.Range, {"min": 5, "max": 10}),
        "Phase": (
            lowback.Phase,
            {"id": "x", "action": "Hold.", "hold": v["range"]},
        ),
        "Dose": (
            lowback.Dose,
            {
                "repetitions": lowback.Range(1, 3),
                "phases": (v["phase"],),
                "sides": (lowback.Side.LEFT,),
                "sets": lowback.Range(1, 2),
            },
        ),
        "ChosenDose": (
            lowback.ChosenDose,
            {"repetitions": 3, "holds": (10,), "sets": 1},
        ),
        "Step": (
            lowback.Step,
            {"text": "Lie down.", "role": lowback.StepRole.SETUP},
        ),
        "Provenance": (
            lowback.Provenance,
            {
                "source": "A leaflet",
                "licence": "MIT",
                "url": "https://example.org/leaflet",
                "author": "y",
            },
        ),
        "LibraryDefault": (
            lowback.LibraryDefault,
            {"pointer": "/name", "note": "A note."},
        ),
        "SafetyNotice": (
            lowback.SafetyNotice,
            {
                "id": "x",
                "kind": lowback.NoticeKind.GENERAL,
                "text": "Take care.",
            },
        ),
        "Exercise": (
            lowback.Exercise,
            {
                "id": "x",
                "name": "X",
                "language": "en",
                "kind": lowback.ExerciseKind.STRETCH,
                "purpose": "A purpose.",
                "position": lowback.Position.SITTING,
                "equipment": ("towel",),
                "targets": ("back",),
                "steps": (v["step"],),
                "cautions": ("Go slowly.",),
                "dose": v["dose"],
                "progression": lowback.HoldSteady(),
                "library_defaults": (),
                "provenance": v["provenance"],
            },
        ),
        "Catalog": (
            lowback.Catalog,
            {
                "id": "x",
                "title": "X",
                "language": "en",
                "description": ("A paragraph.",),
                "safety_notices": v["notices"],
                "exercises": (v["exercise"],),
                "provenance": v["provenance"],
            },
        ),
        "Cue": (
            lowback.Cue,
            {
                "start": 0,
                "duration": 5,
                "kind": lowback.CueKind.HOLD,
                "exercise": "semi-crunch",
                "text": "Hold 5 s.",
                "repetition": 1,
                "repetitions": 8,
                "set": 1,
                "side": lowback.Side.LEFT,
                "phase": "raise",
            },
        ),
        "Rest": (
            lowback.Rest,
            {
                "between_repetitions": 1,
                "between_sides": 1,
                "between_sets": 1,
                "between_exercises": 1,
            },
        ),
        "RoutineItem": (
            lowback.RoutineItem,
            {"exercise": v["exercise"], "dose": v["chosen"]},
        ),
        "Routine": (
            lowback.Routine,
            {
                "title": "x",
                "language": "en",
                "description": (),
                "safety_notices": v["notices"],
                "items": (v["item"],),
                "rest": lowback.Rest(),
            },
        ),
        "PainReport": (
            lowback.PainReport,
            {
                "day": 1,
                "exercise": "semi-crunch",
                "before": 3,
                "after": 4,
                "change": lowback.Change.WORSE,
            },
        ),
        "PainRule": (
            lowback.PainRule,
            {"worse_by": 2, "max_pain": 5, "source": "A clinic."},
        ),
        "PlanEntry": (
            lowback.PlanEntry,
            {
                "exercise": "semi-crunch",
                "status": lowback.Status.GO,
                "dose": v["chosen"],
            },
        ),
        "PlanDay": (
            lowback.PlanDay,
            {
                "day": 1,
                "date": dt.date(2026, 12, 1),
                "entries": (v["entry"],),
                "advice": (),
            },
        ),
        "Plan": (
            lowback.Plan,
            {
                "title": v["plan"].title,
                "language": "en",
                "start": v["plan"].start,
                "safety_notices": v["notices"],
                "routine": v["routine"],
                "pain_rule": v["rule"],
                "reports": (),
                "days": v["plan"].days,
            },
        ),
    }


def _names() -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return sorted(_calls(Path(folder)))


@pytest.mark.parametrize("name", _names())
def test_valid_arguments_work(name, tmp_path):
    """Each call of the table works with its valid arguments (so the next test can fail)."""
    call, arguments = _calls(tmp_path)[name]
    if name == "Change" or name == "Side":
        call(*arguments.values())
    else:
        call(**arguments)


@pytest.mark.parametrize("name", _names())
def test_wrong_types_raise_errors_of_the_family(name, tmp_path):
    """
    Each argument of each call, given each wrong value, either works or
    raises an error of the family, never TypeError, AttributeError and
    the like.
    """
    call, arguments = _calls(tmp_path)[name]
    escaped = []
    for key in arguments:
        for wrong in WRONG:
            given = {**arguments, key: wrong}
            try:
                if name in {"Change", "Side"}:
                    call(*given.values())
                else:
                    call(**given)
            except lowback.LowbackError:
                continue
            except Exception as e:  # noqa: BLE001 - what the test looks for
                escaped.append(f"{key}={wrong!r}: {type(e).__name__}: {e}")
    assert [] == escaped


@pytest.mark.parametrize(
    "make",
    [
        lambda v: lowback.Exercise(**{**_exercise(v), "provenance": "x"}),
        lambda v: lowback.Exercise(**{**_exercise(v), "progression": "x"}),
        lambda v: lowback.Exercise(**{**_exercise(v), "dose": "x"}),
        lambda v: lowback.Plan(**{**_plan(v), "days": ()}),
        lambda v: lowback.Plan(
            **{**_plan(v), "days": v["plan"].days[1:] + v["plan"].days[:1]}
        ),
        lambda v: lowback.PlanEntry(
            exercise="semi-crunch",
            status=lowback.Status.STOPPED,
            dose=v["chosen"],
        ),
        lambda v: lowback.PlanEntry(
            exercise="semi-crunch", status=lowback.Status.GO
        ),
        lambda v: lowback.Phase(
            id="x", action="Hold.", hold=lowback.Range(5, 31)
        ),
        lambda v: lowback.RoutineItem(
            exercise="pelvic-tilt", dose=v["chosen"]
        ),
        lambda v: lowback.RoutineBuilder("x", rest={}),
        lambda v: lowback.plan(v["routine"], 7, pain_rule="x"),
        lambda v: lowback.plan(None, 7),
        lambda v: lowback.Change("wrose"),
    ],
)
def test_no_invalid_object_can_exist(make):
    """The calls the issue found accepted, or crashing, raise InvalidValueError."""
    with pytest.raises(lowback.InvalidValueError):
        make(_leaflet())


def _exercise(v: dict[str, Any]) -> dict[str, Any]:
    e = v["exercise"]
    return {
        "id": e.id,
        "name": e.name,
        "language": e.language,
        "kind": e.kind,
        "position": e.position,
        "steps": e.steps,
        "dose": e.dose,
        "provenance": e.provenance,
    }


def _plan(v: dict[str, Any]) -> dict[str, Any]:
    p = v["plan"]
    return {
        "title": p.title,
        "language": p.language,
        "start": p.start,
        "safety_notices": p.safety_notices,
        "routine": p.routine,
        "days": p.days,
    }


def test_change_names_the_words_allowed():
    """An enum looked up from a word that is not one of it lists those that are."""
    with pytest.raises(lowback.InvalidValueError) as info:
        lowback.Change("wrose")
    assert "'worse', 'same', 'better'" in str(info.value)
    assert isinstance(info.value, ValueError)
