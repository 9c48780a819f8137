"""
Typical user code; mypy --strict must accept it (it is not run).
"""

from __future__ import annotations

import json

import lowback

cat: lowback.Catalog = lowback.catalog()
tilt: lowback.Exercise = cat.get("pelvic-tilt")
phases: tuple[lowback.Phase, ...] = tilt.dose.phases
seconds: list[int] = [p.hold.max for p in phases]
text: str = lowback.dumps(tilt)
again: lowback.Exercise = lowback.loads(text, lowback.Exercise)
whole: lowback.Catalog = lowback.loads(lowback.dumps(cat), lowback.Catalog)
report: lowback.Report = lowback.validate(json.loads(text))
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
