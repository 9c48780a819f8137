"""
ServiceRequests of the HL7 Physical Activity guide: checked against the
rules of its PAServiceRequest profile as the guide's FSH states them
(read from shared/thirdparty), with fhir.resources for R4 structure and
fhirpathpy for the profile's invariant; each rule rejects a request
broken on purpose.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import fhirpathpy
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhirpathpy.models import models
from hypothesis import given, settings

import lowback
from conftest import SHARED
from helpers import stopped_plan
from strategies import plans

FSH = SHARED / "thirdparty" / "hl7-physical-activity-ig" / "fsh"
STAMP = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
ORDER = {
    "patient": "Patient/example",
    "requester": "Practitioner/example",
    "reason": "Low back pain",
    "authored": STAMP,
}


def _fsh(name: str) -> str:
    path = FSH / name
    if not path.is_file():
        pytest.skip(
            f"{path} is absent: the guide's FSH lives in "
            "shared/thirdparty/hl7-physical-activity-ig"
        )
    return path.read_text(encoding="utf-8")


_ITEM = re.compile(
    r"^(?:Profile|ValueSet|CodeSystem|Invariant|Extension|Instance|RuleSet|Alias):",
    re.MULTILINE,
)


def _block(text: str, kind: str, name: str) -> list[str]:
    """Return the lines of one FSH item, from its header to the next."""
    header = re.search(rf"^{kind}:\s+{name}\s*$", text, re.MULTILINE)
    assert header is not None, f"no {kind} {name}"
    end = _ITEM.search(text, header.end())
    return text[
        header.start() : None if end is None else end.start()
    ].splitlines()


def _value_set(name: str) -> set[str]:
    """Return the codes a value set of Vocabulary.fsh lists."""
    lines = _block(_fsh("Vocabulary.fsh"), "ValueSet", name)
    found = set()
    for line in lines[1:]:
        match = re.match(r"\* \S*#([\w-]+)", line)
        if match:
            found.add(match[1])
    return found


def profile_rules() -> dict[str, Any]:
    """
    Return the rules of PAServiceRequest the tests check, as the FSH of
    Planning.fsh states them: cardinalities, a fixed category, required
    and preferred value sets, allowed choice types, reference targets
    and the invariants it obeys.
    """
    planning = _fsh("Planning.fsh")
    lines = _block(planning, "Profile", "PAServiceRequest")
    rules: dict[str, Any] = {"min": {}, "max": {}, "from": {}, "obeys": []}
    for line in lines:
        if m := re.fullmatch(
            r"\* (\w+(?:\[x\])?) (\d+)?\.\.(\d+|\*)\s*(MS)?\s*", line
        ):
            if m[2] is not None:
                rules["min"][m[1]] = int(m[2])
            if m[3] != "*":
                rules["max"][m[1]] = int(m[3])
        elif m := re.fullmatch(r"\* (\w+) from (\w+).*", line):
            rules["from"][m[1]] = m[2]
        elif m := re.fullmatch(r"\* category\[PA\] = (\w+)#(\w+)\s*", line):
            rules["category"] = m[2]
        elif m := re.fullmatch(r"\* occurrence\[x\] only (.+)", line):
            rules["occurrence"] = [t.strip() for t in m[1].split(" or ")]
        elif m := re.fullmatch(r"\* obeys ([\w-]+)\s*", line):
            rules["obeys"].append(m[1])
        elif m := re.fullmatch(
            r"\* (subject|requester) only Reference\((.+)\)", line
        ):
            rules[m[1]] = [t.strip() for t in m[2].split(" or ")]
    rules["invariants"] = {
        key: re.search(
            rf"Invariant: {key}\n(?:.*\n)*?Expression: \"(.+)\"", planning
        )[1]
        for key in rules["obeys"]
    }
    return rules


_TARGETS = {
    "USCorePatientProfile": "Patient",
    "USCorePractitionerProfile": "Practitioner",
    "USCorePractitionerRoleProfile": "PractitionerRole",
}


def _field_problems(
    request: dict[str, Any], rules: dict[str, Any]
) -> list[str]:
    """The cardinalities and the value sets of the coded fields."""
    problems = [
        f"{field} {low}.."
        for field, low in rules["min"].items()
        if low and field not in request
    ]
    problems += [
        f"{field} ..0"
        for field, high in rules["max"].items()
        if high == 0 and field in request
    ]
    problems += [
        f"{field} from {value_set}"
        for field, value_set in rules["from"].items()
        if field in ("status", "intent")
        and request.get(field) not in _value_set(value_set)
    ]
    return problems


def _shape_problems(
    request: dict[str, Any], rules: dict[str, Any]
) -> list[str]:
    """The fixed category, the choice of occurrence, the references."""
    problems = []
    codes = [
        c.get("code")
        for cat in request.get("category", [])
        for c in cat.get("coding", [])
    ]
    if rules["category"] not in codes:
        problems.append("category[PA]")
    allowed = {
        "occurrence" + t[:1].upper() + t[1:] for t in rules["occurrence"]
    }
    occurrence = {k for k in request if k.startswith("occurrence")}
    if len(occurrence) != 1 or not occurrence <= allowed:
        problems.append("occurrence[x]")
    for field in ("subject", "requester"):
        kinds = {_TARGETS[t] for t in rules[field] if t in _TARGETS}
        reference = request.get(field, {}).get("reference", "")
        if reference.split("/")[0] not in kinds:
            problems.append(f"{field} only Reference")
    return problems


def profile_problems(
    request: dict[str, Any], rules: dict[str, Any]
) -> list[str]:
    """Return the rules of the profile that *request* breaks."""
    problems = _field_problems(request, rules) + _shape_problems(
        request, rules
    )
    for key, expression in rules["invariants"].items():
        held = fhirpathpy.evaluate(request, expression, {}, models["r4"])
        if held != [True]:
            problems.append(key)
    return problems


def _requests(plan: lowback.Plan, **order: Any) -> list[dict[str, Any]]:
    bundle = lowback.exports.to_service_requests(plan, **{**ORDER, **order})
    Bundle.model_validate(bundle)
    return [e["resource"] for e in bundle["entry"]]


def test_the_profile_rules_are_read_from_the_fsh() -> None:
    rules = profile_rules()
    assert {"subject", "authoredOn", "requester", "category", "code"} <= {
        k for k, v in rules["min"].items() if v
    }
    assert rules["category"] == "PhysicalActivity"
    assert rules["obeys"] == ["pa-sr-1"]
    assert {"order", "original-order"} <= _value_set("PAServiceRequestIntent")


def test_the_leaflet_plan_as_pa_service_requests() -> None:
    """
    28 days, "worse" for pelvic tilts on day 3: every request meets the
    profile; the tilts have three, days 1 to 3, one repetition more each
    day, and none after; each carries the dose and the stop rule.
    """
    plan = stopped_plan()
    rules = profile_rules()
    requests = _requests(plan)
    for request in requests:
        assert [] == profile_problems(request, rules)
        assert plan.safety_notices[1].text in request["patientInstruction"]
    definitions = {
        e["resource"]["url"] + "|" + e["resource"]["version"]: e["resource"]
        for e in lowback.exports.to_fhir(plan)["entry"]
    }
    tilts = [
        r
        for r in requests
        if definitions[r["instantiatesCanonical"][0]]["url"]
        == lowback.exports.ACTIVITY_URL + "pelvic-tilt"
    ]
    assert [1, 2, 3] == [r["quantityQuantity"]["value"] for r in tilts]
    ends = [
        r["occurrenceTiming"]["repeat"]["boundsPeriod"]["end"] for r in tilts
    ]
    assert ["2026-12-01", "2026-12-02", "2026-12-03"] == ends
    assert "2026-12-01T09:00:00+00:00" == requests[0]["authoredOn"]


def test_requests_instantiate_the_definitions_of_the_same_base() -> None:
    """
    Each request names the version of its exercise's ActivityDefinition
    that `to_fhir` gives with the same base; a bad base is refused.
    """
    plan = stopped_plan()
    base = "https://fhir.example.org/r4"
    activities = {
        e["resource"]["url"]: e["resource"]["version"]
        for e in lowback.exports.to_fhir(plan, base=base)["entry"][1:]
    }
    named = {
        canonical
        for r in _requests(plan, base=base)
        for canonical in r["instantiatesCanonical"]
    }
    assert {f"{url}|{v}" for url, v in activities.items()} == named
    with pytest.raises(lowback.InvalidValueError, match=r"^base: expected"):
        _requests(plan, base="ftp://fhir.example.org")


@settings(max_examples=max(1, settings.default.max_examples // 3))
@given(plans())
def test_any_plan_gives_requests_the_profile_accepts(plan) -> None:
    rules = profile_rules()
    for request in _requests(plan):
        assert [] == profile_problems(request, rules)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "patient",
            None,
            "patient: a PA ServiceRequest needs a reference to the Patient, such as 'Patient/123', got None",
        ),
        (
            "requester",
            "Organization/1",
            "requester: a PA ServiceRequest needs a reference to the Practitioner or PractitionerRole, such as 'Practitioner/123', got 'Organization/1'",
        ),
        ("reason", None, "reason: a PA ServiceRequest needs a reason"),
        (
            "authored",
            dt.datetime(2026, 12, 1),  # noqa: DTZ001 - refused
            "authored: expected a datetime with a time zone, such as datetime.now(UTC), got datetime.datetime(2026, 12, 1, 0, 0)",
        ),
    ],
)
def test_what_the_profile_needs_is_refused_when_missing(
    field, value, message
) -> None:
    with pytest.raises(lowback.InvalidValueError) as caught:
        lowback.exports.to_service_requests(
            stopped_plan(), **{**ORDER, field: value}
        )
    assert (field, message) == (caught.value.field, str(caught.value))


@pytest.mark.parametrize(
    ("breaking", "rule"),
    [
        (lambda r: r.pop("requester"), "requester 1.."),
        (lambda r: r.pop("reasonCode"), "pa-sr-1"),
        (
            lambda r: r.update(intent="proposal"),
            "intent from PAServiceRequestIntent",
        ),
        (lambda r: r.update(category=[]), "category[PA]"),
        (lambda r: r.update(doNotPerform=True), "doNotPerform ..0"),
        (
            lambda r: r.update(subject={"reference": "Group/1"}),
            "subject only Reference",
        ),
    ],
)
def test_each_profile_rule_rejects_a_request_broken_on_purpose(
    breaking, rule
) -> None:
    request = copy.deepcopy(_requests(stopped_plan())[0])
    breaking(request)
    assert rule in profile_problems(request, profile_rules())
