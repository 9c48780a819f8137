"""
Typical user code; mypy --strict must accept it (it is not run).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import lowback

cat: lowback.Catalog = lowback.catalog()
tilt: lowback.Exercise = cat.get("pelvic-tilt")
phases: tuple[lowback.Phase, ...] = tilt.dose.phases
seconds: list[int] = [p.hold.max for p in phases if p.hold is not None]
text: str = lowback.dumps(tilt)
again: lowback.Exercise = lowback.loads(text, lowback.Exercise)
whole: lowback.Catalog = lowback.loads(lowback.dumps(cat), lowback.Catalog)
report: lowback.Report = lowback.validate(json.loads(text))
line_report: lowback.Report = lowback.validate_line(
    text, file="x.jsonl", line=2
)
problems: list[tuple[str, str, str]] = [
    (p.pointer, p.code, p.message) for p in report
]
chosen: lowback.ChosenDose = tilt.dose.choose(repetitions=10)
stretches: lowback.Catalog = cat.filter(kind=lowback.ExerciseKind.STRETCH)
rule: lowback.Progression | None = tilt.progression
if isinstance(rule, lowback.AddRepetitions):
    target: int = rule.target
try:
    lowback.load("exercise.json", lowback.Exercise)
except lowback.ContentError as e:
    first: lowback.Problem = e.report.problems[0]
except lowback.LowbackError:
    pass

routine: lowback.Routine = lowback.leaflet_routine()
plan: lowback.Plan = lowback.plan(routine, 14, start=dt.date(2026, 12, 1))
same: lowback.Routine = lowback.loads(lowback.dumps(routine), lowback.Routine)
formats: tuple[str, ...] = lowback.HANDOUT_FORMATS
pages: list[str] = [
    lowback.handout(plan, format=f) for f in lowback.HANDOUT_FORMATS
]
page: str = lowback.handout(routine, format="html")
handout_text: str = lowback.handout(routine)
chart: str = lowback.progression_chart(plan, id_prefix="week")
strip: str = lowback.timeline_strip(routine, id_prefix="session")
bundle: dict[str, Any] = lowback.exports.to_fhir(routine)
plan_bundle: dict[str, Any] = lowback.exports.to_fhir(plan)
linked: dict[str, Any] = lowback.exports.to_jsonld(plan)
calendar: str = lowback.exports.to_ics(plan)
