"""
Helpers the test modules share: the malformed cases, an independent
validator built from the top-level schemas, and whether the model
accepts a document.

Test modules import from here, never from each other.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import cattrs
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

import lowback
from lowback._converter import get_converter

CASES = Path(__file__).parent / "cases"
MANIFEST: dict[str, Any] = json.loads(
    (CASES / "cases.json").read_text(encoding="utf-8")
)
TEMPLATE = CASES / MANIFEST["template"]
ALL: list[dict[str, Any]] = MANIFEST["cases"]

#: A message cut off mid-phrase ends on one of these words.
DANGLING = re.compile(
    r"\b(?:a|an|and|at|by|for|from|in|is|of|on|or|the|to|with)$",
    re.IGNORECASE,
)
#: Time allowed for a case without its own ``max_seconds``.
DEFAULT_SECONDS = 10.0


def by_file(cases: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(case, id=case["file"]) for case in cases]


def _value_text(spec: dict[str, Any]) -> str:
    """
    Return the JSON text of the value a ``generate`` recipe asks for.
    """
    if "nested_arrays" in spec:
        depth = spec["nested_arrays"]
        return "[" * depth + "]" * depth
    if "nested_objects" in spec:
        depth = spec["nested_objects"]
        return '{"a": ' * depth + "1" + "}" * depth
    if "string" in spec:
        return '"' + "x" * spec["string"] + '"'
    msg = f"unknown generate recipe: {spec!r}"
    raise ValueError(msg)


def _generate(spec: dict[str, Any]) -> bytes:
    """
    Build a document from a recipe, as text, never as nested values.

    With ``field``, the template exercise gets that field set to the
    generated value; without, the value is the whole document.
    """
    value = _value_text(spec)
    field = spec.get("field")
    if field is None:
        return value.encode()
    document = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    placeholder = "\x00generated\x00"
    document[field] = placeholder
    text = json.dumps(document, indent=2) + "\n"
    return text.replace(json.dumps(placeholder), value, 1).encode()


def case_data(case: dict[str, Any]) -> bytes:
    if "generate" in case:
        return _generate(case["generate"])
    return (CASES / case["file"]).read_bytes()


def reference_validator(name: str) -> Draft202012Validator:
    """
    A validator built straight from the top-level schemas/ folder, the
    way a third party would, independent of lowback's own.
    """
    folder = Path(__file__).resolve().parents[1] / "schemas"
    loaded = {
        p.name: json.loads(p.read_text("utf-8"))
        for p in folder.glob("*.schema.json")
    }
    registry: Registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in loaded.values()
    )
    return Draft202012Validator(
        loaded[f"{name}.schema.json"], registry=registry
    )


REFERENCE = {n: reference_validator(n) for n in lowback.SCHEMA_NAMES}


def model_accepts(document: dict) -> bool:
    cls = {
        "exercise": lowback.Exercise,
        "catalog": lowback.Catalog,
        "routine": lowback.Routine,
        "plan": lowback.Plan,
    }[document["type"]]
    body = {
        k: v
        for k, v in document.items()
        if k not in {"type", "format_version"}
    }
    try:
        get_converter().structure(body, cls)
    except (
        cattrs.BaseValidationError,
        lowback.LowbackError,
        TypeError,
        ValueError,
    ):
        return False
    return True


def stopped_plan(start: dt.date | None = dt.date(2026, 12, 1)) -> lowback.Plan:
    """
    The case of "Faithful at the boundaries": the leaflet's routine for
    28 days, *start* its first, and a "worse" report for pelvic tilts on
    day 3.
    """
    worse = lowback.PainReport(
        day=3, exercise="pelvic-tilt", change=lowback.Change.WORSE
    )
    return lowback.plan(
        lowback.leaflet_routine(), 28, start=start, reports=[worse]
    )


#: A record in free-exercise-db's shape, written for these tests: a
#: cat stretch whose second step states a hold.
CAT_STRETCH: dict[str, Any] = {
    "id": "Cat_Stretch",
    "name": "Cat Stretch",
    "force": "static",
    "level": "beginner",
    "mechanic": None,
    "equipment": "body only",
    "primaryMuscles": ["lower back"],
    "secondaryMuscles": [],
    "instructions": [
        "Position yourself on the floor on your hands and knees.",
        "Hold for 15 seconds.",
    ],
    "category": "stretching",
    "images": [],
}


#: A clinic's cat-cow, written for these tests: not the leaflet's and
#: not built in. Its two phases, arch and round, are movements without
#: a hold.
CAT_COW: dict[str, Any] = {
    "id": "cat-cow",
    "name": "Cat-Cow",
    "language": "en",
    "kind": "mobility",
    "position": "hands-and-knees",
    "steps": [
        {
            "text": "Kneel on all fours, hands under your shoulders.",
            "role": "setup",
        },
        {
            "text": "Slowly let your stomach sink and lift your head.",
            "role": "move",
            "phase": "arch",
        },
        {
            "text": "Slowly round your back up towards the ceiling.",
            "role": "move",
            "phase": "round",
        },
        {"text": "Repeat 8 to 12 times.", "role": "repeat"},
    ],
    "dose": {
        "repetitions": {"min": 8, "max": 12},
        "phases": [
            {"id": "arch", "action": "Let your stomach sink."},
            {"id": "round", "action": "Round your back."},
        ],
    },
    "progression": {
        "rule": "add-repetitions",
        "every": "week",
        "step": 2,
        "target": 12,
    },
    "provenance": {
        "source": "A clinic's own example, written for lowback's tests",
        "licence": "CC0-1.0",
    },
}


def clinic_document(*exercises: dict[str, Any]) -> dict[str, Any]:
    """Return a clinic's catalog document holding *exercises*."""
    return {
        "type": "catalog",
        "format_version": "1.0",
        "id": "clinic",
        "title": "A clinic's exercises",
        "language": "en",
        "safety_notices": [],
        "exercises": list(exercises),
    }


def clinic_catalog(*exercises: dict[str, Any]) -> lowback.Catalog:
    """Return the built-in catalog with a clinic's *exercises* merged on."""
    clinic = lowback.from_document(
        clinic_document(*exercises), lowback.Catalog
    )
    return lowback.catalog().merge(clinic)


#: Debian's Chromium, or the binary ``LOWBACK_CHROMIUM`` names; None
#: where there is none, and the browser tests skip.
CHROMIUM: str | None = os.environ.get("LOWBACK_CHROMIUM") or next(
    filter(None, map(shutil.which, ["chromium", "chromium-browser"])), None
)
#: Marks a module of browser tests to skip, saying why, without Chromium.
NEEDS_CHROMIUM = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium, or set "
    "LOWBACK_CHROMIUM to its binary)",
)
