"""
Exports: FHIR R4 bundles, schema.org JSON-LD and iCalendar, each read
back with the library its readers use.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import subprocess
import sys
import uuid
from typing import Any, NamedTuple

import icalendar
import pytest
import vobject
from fhir.resources.R4B.bundle import Bundle as R4BBundle
from hypothesis import given, settings
from pyld import jsonld

import lowback
from lowback.exports import (
    ACTIVITY_URL,
    DOSE_SYSTEM,
    SIDE_SYSTEM,
    to_fhir,
    to_ics,
    to_jsonld,
)
from strategies import plans, routines

SCHEMA = "https://schema.org/"
LEAFLET_NAMES = [
    "Semi Crunches",
    "Hamstring Stretches",
    "Pelvic Tilts",
    "Knee to Chest Stretches",
]


class Dose(NamedTuple):
    """
    A dose as an export gives it back: enough to compare with the model.
    """

    repetitions: int
    holds: tuple[int, ...]
    sets: int
    sides: tuple[str, ...]


def expected_doses(subject: lowback.Routine | lowback.Plan) -> dict[str, Dose]:
    """
    The dose of every exercise an export should carry, in routine order:
    the routine's, or a plan's day 1.
    """
    plan = subject if isinstance(subject, lowback.Plan) else None
    routine = subject.routine if plan is not None else subject
    doses = {}
    for item in routine.items:
        chosen = item.dose if plan is None else plan.dose(1, item.exercise.id)
        assert chosen is not None
        doses[item.exercise.id] = Dose(
            chosen.repetitions,
            chosen.holds,
            chosen.sets,
            tuple(s.value for s in item.exercise.dose.sides),
        )
    return doses


@pytest.fixture(scope="module")
def leaflet() -> lowback.Routine:
    return lowback.leaflet_routine()


@pytest.fixture(scope="module")
def leaflet_plan(leaflet: lowback.Routine) -> lowback.Plan:
    return lowback.plan(leaflet, 14, start=dt.date(2026, 12, 1))


@pytest.fixture(params=["routine", "plan"])
def leaflet_subject(request, leaflet, leaflet_plan):
    """The leaflet routine, then a 14-day plan of it."""
    return leaflet if request.param == "routine" else leaflet_plan


# ---- what every export shares


def test_exports_module_imports_its_libraries_only_when_used():
    """Importing the exports loads neither their writers nor the test-only readers."""
    code = (
        "import sys, lowback.exports; "
        "print(sorted(m for m in ('icalendar', 'pyld', 'fhir', 'pydantic', "
        "'garmin_fit_sdk') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )

    assert "[]" == result.stdout.strip()


@given(routines())
def test_session_seconds_agree_with_the_timeline(routine):
    """The session length in the exports is the one the routine's timeline gives."""
    assert routine.estimated_duration == sum(
        cue.duration for cue in routine.timeline()
    )


def test_session_seconds_of_the_leaflet(leaflet):
    """The leaflet's session lasts 3 min 42 s, as its timeline says."""
    assert (
        222
        == leaflet.estimated_duration
        == sum(cue.duration for cue in leaflet.timeline())
    )


# ---- FHIR


def fhir_doses(bundle: Any) -> dict[str, Dose]:
    """
    Read every exercise's dose back from a validated FHIR bundle, in the
    order of the PlanDefinition's actions.
    """
    resources = [entry.resource for entry in bundle.entry]
    (definition,) = [
        r for r in resources if r.get_resource_type() == "PlanDefinition"
    ]
    activities = {
        f"{r.url}|{r.version}": r
        for r in resources
        if r.get_resource_type() == "ActivityDefinition"
    }
    doses = {}
    for action in definition.action:
        if action.definitionCanonical is None:
            continue
        activity = activities[action.definitionCanonical]
        sequences = [d.sequence for d in activity.dosage]
        assert sequences == sorted(sequences)
        assert list(range(1, sequences[-1] + 1)) == sorted(set(sequences))
        # The first period's: a routine's dose, or a plan's of day 1.
        dosages = [d for d in activity.dosage if d.sequence == 1]
        # A movement without a hold has no duration.
        assert {"s"} >= {
            d.timing.repeat.durationUnit
            for d in dosages
            if d.timing is not None
        } - {None}
        amounts = {
            (a.type.coding[0].system, a.type.coding[0].code): int(
                a.doseQuantity.value
            )
            for d in dosages
            for a in d.doseAndRate
        }
        assert len(amounts) == 2, "every phase gives the same counts"
        sides = [
            tuple(
                c.coding[0].code
                for c in d.additionalInstruction or []
                if c.coding[0].system == SIDE_SYSTEM
            )
            for d in dosages
        ]
        assert len(set(sides)) == 1
        doses[activity.url.removeprefix(ACTIVITY_URL)] = Dose(
            amounts[DOSE_SYSTEM, "repetitions"],
            tuple(_duration(d.timing) for d in dosages),
            amounts[DOSE_SYSTEM, "sets"],
            sides[0],
        )
    return doses


def _duration(timing: Any) -> int | None:
    """The seconds a Dosage's timing holds; None for a movement."""
    if timing is None or timing.repeat.duration is None:
        return None
    return int(timing.repeat.duration)


def check_fhir(subject: lowback.Routine | lowback.Plan) -> Any:
    """
    Export *subject*, validate the bundle as FHIR R4 and read it back.
    """
    document = to_fhir(subject)
    bundle = R4BBundle.model_validate(document)
    resources = [entry.resource for entry in bundle.entry]
    notices = [n.text for n in subject.safety_notices]
    (definition,) = [
        r for r in resources if r.get_resource_type() == "PlanDefinition"
    ]

    assert json.loads(json.dumps(document)) == document
    assert "collection" == bundle.type
    assert list(expected_doses(subject).items()) == list(
        fhir_doses(bundle).items()
    )
    assert len(resources) == len({e.fullUrl for e in bundle.entry})
    for entry in bundle.entry:
        assert f"urn:uuid:{uuid.UUID(entry.resource.id)}" == entry.fullUrl
    for text in notices:
        assert text in definition.usage
        assert text in [a.description for a in definition.action]
        for activity in resources[1:]:
            assert text in activity.usage
    return bundle


def test_fhir_bundle_of_the_leaflet_validates_and_keeps_every_dose(
    leaflet_subject,
):
    """The leaflet routine and plan export as valid FHIR R4 bundles that give back each exercise's dose and both notices."""
    check_fhir(leaflet_subject)


def fhir_days(bundle: Any, plan: lowback.Plan) -> dict[str, list[Any]]:
    """
    Read each exercise's dose on every day of *plan* back from the
    structured fields of its bundle alone: each Dosage ``sequence`` is a
    period, bounded by its dates or, undated, by how many days it lasts
    after the one before. None where no Dosage covers a day.
    """
    resources = [entry.resource for entry in bundle.entry]
    found = {}
    for activity in resources[1:]:
        assert activity.timingTiming is None, "timing is in the dosage"
        days: list[Any] = [None] * len(plan.days)
        after = 0
        for sequence in sorted({d.sequence for d in activity.dosage or []}):
            dosages = [d for d in activity.dosage if d.sequence == sequence]
            repeats = [d.timing.repeat for d in dosages]
            (bounds,) = {
                (
                    (r.boundsPeriod.start, r.boundsPeriod.end)
                    if r.boundsPeriod
                    else int(r.boundsDuration.value)
                )
                for r in repeats
            }
            assert {(1, 1, "d")} == {
                (r.frequency, int(r.period), r.periodUnit) for r in repeats
            }
            if isinstance(bounds, int):
                first, last = after + 1, after + bounds
            else:
                first = (bounds[0] - plan.start).days + 1
                last = (bounds[1] - plan.start).days + 1
            assert first == after + 1, "periods follow one another"
            amounts = {
                a.type.coding[0].code: int(a.doseQuantity.value)
                for d in dosages
                for a in d.doseAndRate
            }
            dose = (
                amounts["repetitions"],
                tuple(
                    None if r.duration is None else int(r.duration)
                    for r in repeats
                ),
                amounts["sets"],
            )
            for day in range(first, last + 1):
                days[day - 1] = dose
            after = last
        found[activity.url.removeprefix(ACTIVITY_URL)] = days
    return found


def _plan_days(plan: lowback.Plan) -> dict[str, list[Any]]:
    return {
        item.exercise.id: [
            None
            if (d := plan.dose(day.day, item.exercise.id)) is None
            else (d.repetitions, d.holds, d.sets)
            for day in plan.days
        ]
        for item in plan.routine.items
    }


@given(routines() | plans())
def test_fhir_bundle_of_any_routine_or_plan_gives_back_its_doses(subject):
    """
    Any routine's or plan's bundle validates and gives back reps, holds,
    sets and sides of every exercise; a plan's structured fields alone
    give its dose on every day, as `Plan.dose` does, and an exercise's
    action ends on its last day, with a stop condition when it stopped.
    """
    bundle = check_fhir(subject)
    activities = [e.resource for e in bundle.entry][1:]
    if not isinstance(subject, lowback.Plan):
        assert [None] == list({a.timingTiming for a in activities})
        return
    assert _plan_days(subject) == fhir_days(bundle, subject)
    definition = bundle.entry[0].resource
    for action in definition.action[len(subject.safety_notices) :]:
        days = _plan_days(subject)[action.id]
        last = max(n for n, d in enumerate(days, 1) if d is not None)
        repeat = action.timingTiming.repeat
        assert (1, 1, "d") == (
            repeat.frequency,
            int(repeat.period),
            repeat.periodUnit,
        )
        if subject.start is None:
            assert last == int(repeat.boundsDuration.value)
        else:
            assert subject.days[last - 1].date == repeat.boundsPeriod.end
        stops = [c for c in action.condition or [] if c.kind == "stop"]
        assert bool(stops) == (None in days)


def test_fhir_plan_says_how_the_dose_moves_on(leaflet_plan):
    """A plan's ActivityDefinition says its rule and the dose of the last day."""
    bundle = to_fhir(leaflet_plan)
    (tilt,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"].get("url") == f"{ACTIVITY_URL}pelvic-tilt"
    ]

    assert tilt["usage"].startswith(
        "Progression: add 1 repetition every day until 30.\n\n"
        "Day 1: 1 repetition, hold 5 s + 5 s.\n\n"
        "Day 14: 14 repetitions, hold 5 s + 5 s.\n\n"
    )


def test_fhir_plan_says_when_an_exercise_stopped(leaflet):
    """An exercise stopped after worse pain is said to be stopped, from which day."""
    plan = lowback.plan(
        leaflet,
        5,
        reports=[
            lowback.PainReport(
                day=2, exercise="knee-to-chest", change=lowback.Change.WORSE
            )
        ],
    )
    bundle = to_fhir(plan)
    usage = {
        e["resource"]["url"]: e["resource"]["usage"]
        for e in bundle["entry"][1:]
    }

    assert (
        "Stopped from day 3, after worse pain: stop this exercise and talk "
        "to your doctor."
    ) in usage[f"{ACTIVITY_URL}knee-to-chest"]
    assert "Stopped" not in usage[f"{ACTIVITY_URL}semi-crunch"]


def test_fhir_never_schedules_a_stopped_exercise(leaflet):
    """
    28 days from 2026-12-01, "worse" for pelvic tilts on day 3: no
    structured field schedules them after day 3 (2026-12-03), each day's
    dose is `Plan.dose`'s (1 to 3 tilts, one period a day), and the stop
    is data: a stop condition with the reason and the leaflet's rule.
    """
    worse = lowback.PainReport(
        day=3, exercise="pelvic-tilt", change=lowback.Change.WORSE
    )
    plan = lowback.plan(
        leaflet, 28, start=dt.date(2026, 12, 1), reports=[worse]
    )
    document = to_fhir(plan)
    bundle = R4BBundle.model_validate(document)
    assert _plan_days(plan) == fhir_days(bundle, plan)
    (tilt,) = [
        e["resource"]
        for e in document["entry"]
        if e["resource"].get("url") == f"{ACTIVITY_URL}pelvic-tilt"
    ]
    ends = {
        d["timing"]["repeat"]["boundsPeriod"]["end"] for d in tilt["dosage"]
    }
    assert max(ends) == "2026-12-03"
    assert [1, 2, 3] == [
        a["doseQuantity"]["value"]
        for d in tilt["dosage"][::2]
        for a in d["doseAndRate"][:1]
    ]
    (action,) = [
        a
        for a in document["entry"][0]["resource"]["action"]
        if a["id"] == "pelvic-tilt"
    ]
    assert action["timingTiming"]["repeat"]["boundsPeriod"] == {
        "start": "2026-12-01",
        "end": "2026-12-03",
    }
    (stop,) = action["condition"]
    assert stop["kind"] == "stop"
    assert stop["expression"]["description"] == (
        "Stopped from day 4, after worse pain. " + plan.safety_notices[1].text
    )


XHTML = "{http://www.w3.org/1999/xhtml}"


@given(routines() | plans())
def test_fhir_resources_have_a_narrative_a_name_and_readable_body_sites(
    subject,
):
    """
    Each definition has a generated narrative, well-formed XHTML that
    says its title (and, for the plan, the notices); a name for machines
    as FHIR's pdf-0 and adf-0 ask; and body sites in words, not slugs.
    """
    import xml.etree.ElementTree as ET

    resources = [e["resource"] for e in to_fhir(subject)["entry"]]
    for resource in resources:
        text = resource["text"]
        assert "generated" == text["status"]
        div = ET.fromstring(text["div"])  # noqa: S314 - our own output
        assert f"{XHTML}div" == div.tag
        said = [p.text for p in div.iter(f"{XHTML}p")]
        assert resource["title"] == said[0]
        assert re.fullmatch(r"[A-Z][A-Za-z0-9_]{0,254}", resource["name"])
        for site in resource.get("bodySite", []):
            assert "-" not in site["text"]
    top = ET.fromstring(resources[0]["text"]["div"])  # noqa: S314 - ours
    said = [p.text for p in top.iter()]
    for notice in subject.safety_notices:
        assert notice.text in said


def test_fhir_names_and_narrative_of_the_leaflet(leaflet):
    """The leaflet's names, and a hostile title kept as text."""
    resources = [e["resource"] for e in to_fhir(leaflet)["entry"]]
    assert ["ExercisesForLowerBackPainRelief", "SemiCrunch"] == [
        r["name"] for r in resources[:2]
    ]
    assert [{"text": "back muscles"}] == resources[3]["bodySite"]
    hostile = (
        lowback.RoutineBuilder("</div><script>x</script> & 3 < 4")
        .add("pelvic-tilt", repetitions=3)
        .build()
    )
    (definition, _) = [e["resource"] for e in to_fhir(hostile)["entry"]]
    assert definition["name"] == "DivScriptXScript34"
    assert definition["text"]["div"].count("<div") == 1
    assert "&lt;/div&gt;&lt;script&gt;" in definition["text"]["div"]


def test_fhir_bundle_is_also_valid_fhir_r5(leaflet_subject):
    """The default (R5) models of fhir.resources read the bundle too, with every dose."""
    from fhir.resources.bundle import Bundle

    bundle = Bundle.model_validate(to_fhir(leaflet_subject))

    assert list(expected_doses(leaflet_subject).items()) == list(
        fhir_doses(bundle).items()
    )


def report_by_report(plan: lowback.Plan) -> list[lowback.Plan]:
    """
    Return *plan* as it was made with none of its reports, then after
    each in turn: the plans an app exports as reports come in.
    """
    return [
        lowback.plan(
            plan.routine,
            len(plan.days),
            start=plan.start,
            reports=plan.reports[:n],
            pain_rule=plan.pain_rule,
        )
        for n in range(len(plan.reports) + 1)
    ]


def _definitions(plan: lowback.Plan) -> dict[str, dict[str, Any]]:
    return {
        e["resource"]["url"]: e["resource"] for e in to_fhir(plan)["entry"]
    }


def _without_version(resource: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in resource.items() if k not in {"id", "version"}}


@settings(max_examples=max(1, settings.default.max_examples // 3))
@given(plans().filter(lambda p: p.reports))
def test_each_new_report_raises_the_versions_of_what_it_changes(plan):
    """
    Exporting after each report in turn keeps every canonical URL; a
    definition's major version rises by one, and its id changes, exactly
    when what it holds changed.
    """
    exports = [_definitions(p) for p in report_by_report(plan)]
    for definition in exports[0].values():
        assert definition["version"].startswith("1.0.0+")
    for old, new in itertools.pairwise(exports):
        assert list(old) == list(new)
        for url, definition in new.items():
            before = old[url]
            changed = _without_version(before) != _without_version(definition)
            major = int(definition["version"].split(".")[0])
            assert major == int(before["version"].split(".")[0]) + changed
            assert (definition["id"] != before["id"]) == changed
            assert (definition["version"] != before["version"]) == changed


def test_a_report_raises_only_the_versions_it_changes(leaflet):
    """
    28 days, "worse" for pelvic tilts on day 3, which freezes the others
    at their dose: only the definitions whose doses moved get version 2.
    """
    worse = lowback.PainReport(
        day=3, exercise="pelvic-tilt", change=lowback.Change.WORSE
    )
    dated = lowback.plan(leaflet, 28, start=dt.date(2026, 12, 1))
    before = _definitions(dated)
    after = _definitions(
        lowback.plan(leaflet, 28, start=dt.date(2026, 12, 1), reports=[worse])
    )
    majors = [d["version"].split("+")[0] for d in after.values()]
    # Only pelvic tilts progress in the leaflet; the rest keep one dose.
    assert ["2.0.0", "1.0.0", "1.0.0", "2.0.0", "1.0.0"] == majors
    kept = [url for url in before if before[url]["id"] == after[url]["id"]]
    assert [
        ACTIVITY_URL + exercise
        for exercise in ("semi-crunch", "hamstring-stretch", "knee-to-chest")
    ] == kept


def test_fhir_export_is_reproducible_and_ids_follow_content(
    leaflet, leaflet_plan
):
    """The same subject gives the same bundle; another subject other ids."""
    again = lowback.leaflet_routine()

    assert to_fhir(leaflet) == to_fhir(again)
    routine_ids = {e["fullUrl"] for e in to_fhir(leaflet)["entry"]}
    plan_ids = {e["fullUrl"] for e in to_fhir(leaflet_plan)["entry"]}
    assert set() == routine_ids & plan_ids


# ---- JSON-LD


def _refuse(url: str, options: object = None) -> dict[str, Any]:
    raise AssertionError(f"JSON-LD expansion tried to load {url}")


def expand(document: dict[str, Any]) -> dict[str, Any]:
    (node,) = jsonld.expand(document, {"documentLoader": _refuse})
    return node


def _values(node: dict[str, Any], term: str) -> list[Any]:
    return [v["@value"] for v in node.get(SCHEMA + term, [])]


def _one(node: dict[str, Any], term: str) -> Any:
    (value,) = _values(node, term)
    return value


def _phase_values(durations: list[Any], count: int) -> tuple[int | None, ...]:
    """
    Holds by phase from JSON-LD durations, each saying its place; None
    for a phase without one (a movement has no duration).
    """
    holds: list[int | None] = [None] * count
    for p in durations:
        place = re.match(r"Phase (\d+) of (\d+)", _one(p, "description"))
        assert place is not None
        assert count == int(place[2])
        holds[int(place[1]) - 1] = _one(p, "value")
    return tuple(holds)


def jsonld_doses(
    top: dict[str, Any], counts: dict[str, int]
) -> dict[str, Dose]:
    """
    Read every exercise's dose back from an expanded JSON-LD document,
    by full schema.org IRIs, in the order of their positions.
    """
    parts = sorted(top[SCHEMA + "hasPart"], key=lambda p: _one(p, "position"))
    doses = {}
    for part in parts:
        assert SCHEMA + "ExercisePlan" in part["@type"]
        (reps,) = part[SCHEMA + "repetitions"]
        extra = {
            _one(p, "propertyID"): p[SCHEMA + "value"]
            for p in reps[SCHEMA + "additionalProperty"]
        }
        sides = extra.get("sides", [{"@value": ""}])[0]["@value"]
        phases = part.get(SCHEMA + "activityDuration", [])
        assert {"SEC"} >= {_one(p, "unitCode") for p in phases}
        # Repeated values have no order in RDF: each says its place.
        identifier = _one(part, "identifier")
        doses[identifier] = Dose(
            _one(reps, "value"),
            _phase_values(phases, counts[identifier]),
            extra["sets"][0]["@value"],
            tuple(sides.split(", then ")) if sides else (),
        )
    return doses


def check_jsonld(subject: lowback.Routine | lowback.Plan) -> dict[str, Any]:
    """
    Export *subject*, expand it offline and read it back.
    """
    document = to_jsonld(subject)
    top = expand(document)
    routine = subject.routine if isinstance(subject, lowback.Plan) else subject

    assert json.loads(json.dumps(document)) == document
    assert isinstance(document["@context"], dict)
    assert [SCHEMA + "ExercisePlan", SCHEMA + "HowTo"] == top["@type"]
    assert [] == _lists(document), "JSON-LD lists are outside the ranges"
    assert [] == _warnings(document), "warning is for drugs"
    assert subject.title == _one(top, "name")
    counts = {
        i.exercise.id: len(i.exercise.dose.phases) for i in routine.items
    }
    assert list(expected_doses(subject).items()) == list(
        jsonld_doses(top, counts).items()
    )
    parts = {_one(p, "identifier"): p for p in top[SCHEMA + "hasPart"]}
    for item in routine.items:
        steps = sorted(
            parts[item.exercise.id][SCHEMA + "step"],
            key=lambda s: _one(s, "position"),
        )
        kinds = [SCHEMA + "HowToStep"] * len(item.exercise.steps) + [
            SCHEMA + "HowToTip"
        ] * len(item.exercise.cautions)
        assert kinds == [s["@type"][0] for s in steps]
        assert [
            *(s.text for s in item.exercise.steps),
            *item.exercise.cautions,
        ] == [_one(s, "text") for s in steps]
        assert item.exercise.name == _one(parts[item.exercise.id], "name")
    tips = sorted(top[SCHEMA + "step"], key=lambda s: _one(s, "position"))
    # The notices word for word, then a plan's own pain rule in words.
    rule = (
        subject.pain_rule.sentence
        if isinstance(subject, lowback.Plan)
        else None
    )
    assert [
        *(n.text for n in subject.safety_notices),
        *([rule] if rule else []),
    ] == [_one(t, "text") for t in tips]
    assert {SCHEMA + "HowToTip"} == {t["@type"][0] for t in tips}
    for notice in subject.safety_notices:
        assert notice.text in _one(top, "description")
    return top


def _objects(value: object) -> list[dict[str, Any]]:
    """Return every JSON object in *value*, itself included."""
    if isinstance(value, dict):
        return [value, *(x for v in value.values() for x in _objects(v))]
    if isinstance(value, list):
        return [x for v in value for x in _objects(v)]
    return []


def _lists(value: object) -> list[dict[str, Any]]:
    """Return every JSON-LD list (``@list``) in *value*."""
    return [o for o in _objects(value) if "@list" in o]


def _warnings(value: object) -> list[dict[str, Any]]:
    """Return every node of *value* with schema.org's drug `warning`."""
    return [o for o in _objects(value) if "warning" in o]


def test_the_jsonld_range_checks_can_fail():
    """The checks above find a list, and a `warning`, put in on purpose."""
    document = to_jsonld(lowback.leaflet_routine())
    document["hasPart"][1]["activityDuration"] = {"@list": []}
    assert _lists(document)
    document["hasPart"][0]["warning"] = ["x"]
    assert _warnings(document)


def test_jsonld_of_the_leaflet_expands_offline_with_every_dose(
    leaflet_subject,
):
    """The leaflet's JSON-LD expands without loading anything and keeps every exercise, dose, step and notice."""
    check_jsonld(leaflet_subject)


@given(routines() | plans())
def test_jsonld_of_any_routine_or_plan_keeps_every_dose(subject):
    """Any routine's or plan's JSON-LD gives back reps, holds, sets, sides and steps by full schema.org IRIs."""
    check_jsonld(subject)


def jsonld_days(
    top: dict[str, Any], plan: lowback.Plan
) -> dict[str, list[Any]]:
    """
    Read each exercise's dose on every day of *plan* back from the
    expanded JSON-LD alone: its parts are periods, each with its days
    and its dose, or no hold once stopped. None where no part has a dose.
    """
    found = {}
    counts = {
        i.exercise.id: len(i.exercise.dose.phases) for i in plan.routine.items
    }
    for part in top[SCHEMA + "hasPart"]:
        days: list[Any] = [None] * len(plan.days)
        periods = part[SCHEMA + "hasPart"]
        for period in sorted(periods, key=lambda p: _one(p, "position")):
            (reps,) = period[SCHEMA + "repetitions"]
            extra = {
                _one(p, "propertyID"): p
                for p in reps[SCHEMA + "additionalProperty"]
            }
            first = _one(extra["days"], "minValue")
            last = _one(extra["days"], "maxValue")
            if plan.start is not None:
                assert (
                    f"{plan.days[first - 1].date}/{plan.days[last - 1].date}"
                    == _one(period, "temporalCoverage")
                )
            if 0 == _one(reps, "value"):
                assert SCHEMA + "activityDuration" not in period
                continue
            count = counts[_one(part, "identifier")]
            dose = (
                _one(reps, "value"),
                _phase_values(
                    period.get(SCHEMA + "activityDuration", []), count
                ),
                _one(extra["sets"], "value"),
            )
            for day in range(first, last + 1):
                days[day - 1] = dose
        found[_one(part, "identifier")] = days
    return found


@given(plans())
def test_jsonld_of_any_plan_gives_every_day_as_data(plan):
    """
    Any plan's JSON-LD gives, from its structured values alone, each
    exercise's dose on every day as `Plan.dose` does, and nothing once
    an exercise is stopped.
    """
    assert _plan_days(plan) == jsonld_days(expand(to_jsonld(plan)), plan)


def test_jsonld_says_a_stopped_exercise_is_stopped(leaflet):
    """
    28 days, "worse" for pelvic tilts on day 3: their last part, days 4
    to 28, has 0 repetitions and says why, with the leaflet's stop rule.
    """
    worse = lowback.PainReport(
        day=3, exercise="pelvic-tilt", change=lowback.Change.WORSE
    )
    plan = lowback.plan(
        leaflet, 28, start=dt.date(2026, 12, 1), reports=[worse]
    )
    document = to_jsonld(plan)
    tilt = document["hasPart"][2]
    *active, stopped = tilt["hasPart"]
    assert [p["repetitions"]["value"] for p in active] == [1, 2, 3]
    assert stopped["temporalCoverage"] == "2026-12-04/2026-12-28"
    assert stopped["repetitions"]["value"] == 0
    assert "activityDuration" not in stopped
    assert stopped["additionalVariable"] == [
        "Stopped from day 4, after worse pain.",
        plan.safety_notices[1].text,
    ]
    assert _plan_days(plan) == jsonld_days(expand(document), plan)


def test_jsonld_of_a_plan_gives_its_days(leaflet_plan):
    """A dated plan says how often, how many days and which dates."""
    top = check_jsonld(leaflet_plan)

    assert "once a day" == _one(top, "activityFrequency")
    (days,) = top[SCHEMA + "activityDuration"]
    assert (14, "DAY") == (_one(days, "value"), _one(days, "unitCode"))
    assert "2026-12-01/2026-12-14" == _one(top, "temporalCoverage")


# ---- iCalendar

_DOSE_LINE = re.compile(
    r"(?P<reps>\d+) repetitions?(?P<per> per side)?, "
    r"(?:hold )?(?P<holds>(?:\d+ s|no hold)(?: \+ (?:\d+ s|no hold))*)"
    r"(?:, (?P<sets>\d+) sets)?"
)


def ics_doses(description: str, plan: lowback.Plan) -> list[Dose | None]:
    """
    Read a day's doses back from its description, one line an exercise;
    None for a stopped one.
    """
    lines = description.split("\n")
    doses: list[Dose | None] = []
    for item, line in zip(plan.routine.items, lines, strict=False):
        name = item.exercise.name
        assert line.startswith(f"{name}: "), line
        rest = line.removeprefix(f"{name}: ")
        if rest == "stopped":
            doses.append(None)
            continue
        match = _DOSE_LINE.fullmatch(rest)
        assert match is not None, rest
        sides = tuple(s.value for s in item.exercise.dose.sides)
        assert bool(match["per"]) == bool(sides)
        doses.append(
            Dose(
                int(match["reps"]),
                _said_holds(match["holds"], len(item.exercise.dose.phases)),
                int(match["sets"] or 1),
                sides,
            )
        )
    return doses


def _said_holds(words: str, count: int) -> tuple[int | None, ...]:
    """Holds from ``5 s + no hold``; ``no hold`` alone for all phases."""
    if words == "no hold":
        return (None,) * count
    return tuple(
        None if h == "no hold" else int(h.removesuffix(" s"))
        for h in words.split(" + ")
    )


def _plan_doses(plan: lowback.Plan, day: lowback.PlanDay) -> list[Dose | None]:
    sides = {
        i.exercise.id: tuple(s.value for s in i.exercise.dose.sides)
        for i in plan.routine.items
    }
    return [
        None
        if e.dose is None
        else Dose(
            e.dose.repetitions, e.dose.holds, e.dose.sets, sides[e.exercise]
        )
        for e in day.entries
    ]


def rfc5545_line_problems(text: str) -> list[str]:
    """
    Return what breaks RFC 5545's rules for content lines in *text*:
    every line ends in CRLF, no bare CR or LF, at most 75 octets a line
    (longer ones folded), and a folded line goes on with a space or tab.
    """
    if not text.endswith("\r\n"):
        return ["the last line does not end in CRLF"]
    problems = []
    for n, line in enumerate(text[:-2].split("\r\n"), 1):
        if "\r" in line or "\n" in line:
            problems.append(f"line {n}: a bare CR or LF")
        if len(line.encode("utf-8")) > 75:
            problems.append(f"line {n}: over 75 octets")
        if n > 1 and not line[:1].isspace() and ":" not in line:
            problems.append(f"line {n}: neither a property nor a fold")
    return problems


def test_the_calendar_checks_reject_broken_calendars(leaflet_plan):
    """
    The line check and vobject each reject a calendar broken on purpose,
    so that they can fail.
    """
    text = to_ics(leaflet_plan, stamp=STAMP)
    assert [] == rfc5545_line_problems(text)
    unfolded = text.replace("\r\n ", "")
    assert any("over 75 octets" in p for p in rfc5545_line_problems(unfolded))
    assert rfc5545_line_problems(text.replace("\r\n", "\n"))
    with pytest.raises(vobject.base.ParseError):
        vobject.readOne(text.replace("END:VEVENT\r\n", "", 1))


#: A fixed time of export, for calendars that must be the same each time.
STAMP = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def check_ics(plan: lowback.Plan) -> list[Any]:
    """
    Export *plan*, parse the calendar and compare each day with it.
    """
    text = to_ics(plan, stamp=STAMP)
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    lines = text.split("\r\n")
    assert plan.start is not None

    assert ["END:VCALENDAR", ""] == lines[-2:]
    assert [] == [line for line in lines if "\n" in line or "\r" in line]
    assert [] == [line for line in lines if len(line.encode()) > 75]
    assert f"-//lowback//lowback {lowback.__version__}//EN" == str(
        calendar["prodid"]
    )
    assert len(plan.days) == len(events)
    assert len(events) == len({str(e["uid"]) for e in events})
    assert [] == rfc5545_line_problems(text)
    # A second parser, vobject, reads the same events.
    second = vobject.readOne(text).vevent_list
    assert [str(e["uid"]) for e in events] == [e.uid.value for e in second]
    assert [str(e["description"]) for e in events] == [
        e.description.value for e in second
    ]
    assert [e.decoded("sequence") for e in events] == [
        int(e.sequence.value) for e in second
    ]
    for i, (day, event) in enumerate(zip(plan.days, events, strict=True)):
        start = event.decoded("dtstart")
        description = str(event["description"])
        assert not isinstance(start, dt.datetime)
        assert plan.start + dt.timedelta(days=i) == start
        assert re.fullmatch(
            rf"day-{day.day}-[0-9a-f-]{{36}}@lowback", event["uid"]
        )
        assert f"{plan.title}, day {day.day} of {len(plan.days)}" == str(
            event["summary"]
        )
        assert _plan_doses(plan, day) == ics_doses(description, plan)
        assert STAMP == event.decoded("dtstamp")
        assert isinstance(event.decoded("sequence"), int)
        if event.decoded("sequence"):
            assert STAMP == event.decoded("last-modified")
        else:
            assert "last-modified" not in event
        for advice in day.advice:
            assert advice in description.split("\n")
        for notice in plan.safety_notices:
            assert notice.text in description.split("\n")
    return events


def test_ics_of_the_leaflet_plan(leaflet_plan):
    """The leaflet plan's calendar has one all-day event a day, with the day's doses and both notices."""
    events = check_ics(leaflet_plan)

    assert to_ics(leaflet_plan, stamp=STAMP) == to_ics(
        lowback.plan(
            lowback.leaflet_routine(), 14, start=dt.date(2026, 12, 1)
        ),
        stamp=STAMP,
    )
    assert "14 repetitions" in str(events[13]["description"])
    assert [0] * 14 == [e.decoded("sequence") for e in events]


def test_ics_is_stamped_with_the_time_of_export(leaflet_plan):
    """
    DTSTAMP is the time of the export by default, never the plan's start
    (which can lie in the future); a stamp must carry its time zone.
    """
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    events = icalendar.Calendar.from_ical(to_ics(leaflet_plan)).walk("VEVENT")
    after = dt.datetime.now(dt.UTC)
    assert all(before <= e.decoded("dtstamp") <= after for e in events)
    with pytest.raises(lowback.InvalidValueError) as info:
        to_ics(leaflet_plan, stamp=dt.datetime(2026, 12, 1))  # noqa: DTZ001
    assert "stamp" == info.value.field
    assert str(info.value).startswith(
        "stamp: expected a datetime with a time zone"
    )


def _events(plan: lowback.Plan) -> dict[str, Any]:
    text = to_ics(plan, stamp=STAMP)
    return {
        str(e["uid"]): e
        for e in icalendar.Calendar.from_ical(text).walk("VEVENT")
    }


def test_a_re_export_after_a_report_updates_the_same_events(leaflet):
    """
    A 28-day plan, exported, then exported again after a "worse" report
    for pelvic tilts on day 3: every UID is the same, SEQUENCE rises on
    exactly the events that changed (days 4 to 28), and from day 4 no
    event schedules pelvic tilts.
    """
    start = dt.date(2026, 12, 1)
    first = _events(lowback.plan(leaflet, 28, start=start))
    worse = lowback.PainReport(
        day=3, exercise="pelvic-tilt", change=lowback.Change.WORSE
    )
    later = lowback.plan(leaflet, 28, start=start, reports=[worse])
    second = _events(later)
    assert list(first) == list(second)
    for n, uid in enumerate(first, 1):
        old, new = first[uid], second[uid]
        changed = str(old["description"]) != str(new["description"])
        assert changed == (n > 3)
        assert new.decoded("sequence") == old.decoded("sequence") + changed
        tilts = str(new["description"]).split("\n")[2]
        assert (tilts == "Pelvic Tilts: stopped") == (n > 3)


@given(plans().filter(lambda p: p.start is not None))
def test_ics_of_any_dated_plan_gives_back_every_day(plan):
    """Any dated plan's calendar gives back, day by day, each dose or stop, the advice and the notices."""
    check_ics(plan)


# Each example exports a calendar for each report in turn, and the
# icalendar library takes about 0.2 ms an event: a third of the examples.
@settings(max_examples=max(1, settings.default.max_examples // 3))
@given(plans().filter(lambda p: p.start is not None and p.reports))
def test_each_new_report_updates_the_events_it_changes(plan):
    """
    Exporting after each report in turn keeps every UID, and raises
    SEQUENCE on exactly the events whose text changed.
    """
    exports = [_events(p) for p in report_by_report(plan)]
    for old, new in itertools.pairwise(exports):
        assert list(old) == list(new)
        for uid, event in new.items():
            changed = str(old[uid]["description"]) != str(event["description"])
            assert event.decoded("sequence") == (
                old[uid].decoded("sequence") + changed
            )


def test_ics_says_stopped_exercises_are_stopped(leaflet):
    """After worse pain, the calendar says the exercise is stopped and gives the plan's advice."""
    plan = lowback.plan(
        leaflet,
        3,
        start=dt.date(2026, 12, 1),
        reports=[
            lowback.PainReport(
                day=1, exercise="semi-crunch", before=2, after=5
            )
        ],
    )
    events = check_ics(plan)

    lines = str(events[1]["description"]).split("\n")
    assert "Semi Crunches: stopped" == lines[0]
    assert (
        "Your back pain got worse after day 1's session: stop Semi Crunches "
        "and talk to your doctor."
    ) in lines


def test_ics_needs_a_start_date(leaflet):
    """A plan without a start date cannot be put in a calendar."""
    plan = lowback.plan(leaflet, 3)

    with pytest.raises(lowback.InvalidValueError) as info:
        to_ics(plan)
    assert (
        "an iCalendar export needs a plan with a start date; give "
        "plan(..., start=...)"
    ) == str(info.value)
    assert "start" == info.value.field


# ---- the leaflet, in every format


def _strings(value: object) -> list[str]:
    """
    Every string in a JSON value, keys aside.
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_leaflet_exports_keep_its_notices_and_exercises(leaflet, leaflet_plan):
    """Each export of the leaflet has the four exercise names and both notices word for word."""
    notices = [n.text for n in lowback.catalog().safety_notices]
    events = icalendar.Calendar.from_ical(to_ics(leaflet_plan)).walk("VEVENT")
    exports = {
        "fhir": _strings(to_fhir(leaflet)),
        "jsonld": _strings(to_jsonld(leaflet)),
        "ics": [str(e["description"]) for e in events],
    }

    assert 2 == len(notices)
    for name, texts in exports.items():
        for notice in [*notices, *LEAFLET_NAMES]:
            assert any(notice in text for text in texts), (name, notice)


@pytest.mark.parametrize(
    "base",
    [
        "",
        "fhir.example.org",
        "ftp://fhir.example.org",
        "https://",
        "https://fhir.example.org/r4?x=1",
        "https://fhir.example.org/r4#here",
        "https://fhir example.org",
        "https://fhir.example.org/\u00a0r4",
        "https://fhir.example.org/" + "a" * 1000,
        None,
        b"https://fhir.example.org",
    ],
)
def test_a_base_that_is_not_an_http_url_is_refused(leaflet, base):
    with pytest.raises(lowback.InvalidValueError) as caught:
        to_fhir(leaflet, base=base)
    assert "base" == caught.value.field
    assert str(caught.value).startswith("base: expected an http or https URL")


def test_a_base_names_the_definitions_and_not_the_code_systems(leaflet):
    bundle = to_fhir(leaflet, base="http://fhir.example.org:8080/r4/")
    definition, crunch = (e["resource"] for e in bundle["entry"][:2])
    assert definition["url"].startswith(
        "http://fhir.example.org:8080/r4/PlanDefinition/"
    )
    assert (
        "http://fhir.example.org:8080/r4/ActivityDefinition/semi-crunch"
        == crunch["url"]
    )
    (amount, *_) = crunch["dosage"][0]["doseAndRate"]
    assert DOSE_SYSTEM == amount["type"]["coding"][0]["system"]
    assert crunch["id"] != to_fhir(leaflet)["entry"][1]["resource"]["id"]
