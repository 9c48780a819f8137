"""
The FHIR export meets the invariants that the FHIR R4 specification
writes in FHIRPath for every element type it uses, evaluated with
fhirpathpy, an engine independent of lowback, on the R4 model; and each
invariant rejects a bundle broken on purpose, so the check can fail.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING, Any

import fhirpathpy
import pytest
from fhirpathpy.models import models
from hypothesis import given, settings

import lowback
from helpers import stopped_plan
from strategies import plans

if TYPE_CHECKING:
    from collections.abc import Callable


R4 = models["r4"]

#: The invariants of FHIR R4 (4.0.1) for the elements a lowback bundle
#: holds: key, where they apply (a FHIRPath to the nodes), expression.
INVARIANTS: list[tuple[str, str, str]] = [
    (
        "bdl-1",
        "Bundle",
        "total.empty() or (type = 'searchset') or (type = 'history')",
    ),
    ("bdl-2", "Bundle", "entry.search.empty() or (type = 'searchset')"),
    (
        "bdl-3",
        "Bundle",
        (
            "entry.all(request.exists() = (%resource.type = 'batch' or "
            "%resource.type = 'transaction' or %resource.type = 'history'))"
        ),
    ),
    (
        "bdl-4",
        "Bundle",
        (
            "entry.all(response.exists() = (%resource.type = 'batch-response' or "
            "%resource.type = 'transaction-response' or "
            "%resource.type = 'history'))"
        ),
    ),
    (
        "bdl-7",
        "Bundle",
        (
            "(type = 'history') or entry.where(fullUrl.exists())"
            ".select(fullUrl&resource.meta.versionId).isDistinct()"
        ),
    ),
    (
        "bdl-5",
        "Bundle.entry",
        "resource.exists() or request.exists() or response.exists()",
    ),
    ("bdl-8", "Bundle.entry", "fullUrl.contains('/_history/').not()"),
    (
        "pdf-0",
        "Bundle.entry.resource.ofType(PlanDefinition)",
        "name.exists() implies name.matches('[A-Z]([A-Za-z0-9_]){0,254}')",
    ),
    (
        "adf-0",
        "Bundle.entry.resource.ofType(ActivityDefinition)",
        "name.exists() implies name.matches('[A-Z]([A-Za-z0-9_]){0,254}')",
    ),
    ("dom-2", "Bundle.entry.resource", "contained.contained.empty()"),
    (
        "tim-1",
        "Bundle.descendants().ofType(Timing).repeat",
        "duration.empty() or durationUnit.exists()",
    ),
    (
        "tim-2",
        "Bundle.descendants().ofType(Timing).repeat",
        "period.empty() or periodUnit.exists()",
    ),
    (
        "tim-4",
        "Bundle.descendants().ofType(Timing).repeat",
        "duration.exists() implies duration >= 0",
    ),
    (
        "tim-5",
        "Bundle.descendants().ofType(Timing).repeat",
        "period.exists() implies period >= 0",
    ),
    (
        "tim-6",
        "Bundle.descendants().ofType(Timing).repeat",
        "periodMax.empty() or period.exists()",
    ),
    (
        "tim-7",
        "Bundle.descendants().ofType(Timing).repeat",
        "durationMax.empty() or duration.exists()",
    ),
    (
        "tim-8",
        "Bundle.descendants().ofType(Timing).repeat",
        "countMax.empty() or count.exists()",
    ),
    (
        "tim-10",
        "Bundle.descendants().ofType(Timing).repeat",
        "timeOfDay.empty() or when.empty()",
    ),
    (
        "per-1",
        "Bundle.descendants().ofType(Period)",
        # R4 writes hasValue(), which fhirpathpy lacks; without extensions
        # on the dates, empty() is the same.
        "start.empty() or end.empty() or (start <= end)",
    ),
    (
        "qty-3",
        "Bundle.descendants().ofType(Quantity)",
        "code.empty() or system.exists()",
    ),
    (
        "exp-1",
        "Bundle.descendants().ofType(Expression)",
        "expression.exists() or reference.exists()",
    ),
]


def broken_invariants(bundle: dict[str, Any]) -> list[str]:
    """
    Return the keys of the invariants *bundle* breaks.

    An invariant of a type the bundle does not hold is passed over; the
    test of the leaflet's bundles checks that the types are there.
    """
    broken = []
    for key, where, expression in INVARIANTS:
        nodes = fhirpathpy.evaluate(bundle, f"{where}.count()", {}, R4)
        if nodes == [0]:
            continue
        held = fhirpathpy.evaluate(
            bundle, f"{where}.all({expression})", {"resource": bundle}, R4
        )
        if held != [True]:
            broken.append(key)
    return broken


def empty_values(value: object, at: str = "") -> list[str]:
    """
    Return where *value* holds an empty object, array or string, or a
    null: FHIR's JSON format allows none (ele-1, written for JSON).
    """
    if value is None or value in ({}, [], ""):
        return [at]
    if isinstance(value, dict):
        return [
            p for k, v in value.items() for p in empty_values(v, f"{at}/{k}")
        ]
    if isinstance(value, list):
        return [
            p
            for i, v in enumerate(value)
            for p in empty_values(v, f"{at}/{i}")
        ]
    return []


@pytest.mark.parametrize(
    "subject",
    [
        lowback.leaflet_routine(),
        stopped_plan(dt.date(2026, 12, 1)),
        stopped_plan(None),
    ],
    ids=["routine", "dated-plan", "undated-plan"],
)
def test_the_leaflet_bundles_meet_every_invariant(subject) -> None:
    bundle = lowback.exports.to_fhir(subject)
    assert [] == broken_invariants(bundle)
    assert [] == empty_values(bundle)
    # The types the invariants apply to are there to check.
    for kind in ("Timing", "Quantity", "Period", "Expression"):
        count = fhirpathpy.evaluate(
            bundle, f"Bundle.descendants().ofType({kind}).count()", {}, R4
        )
        if isinstance(subject, lowback.Plan):
            assert count[0] > 0 or (kind == "Period" and subject.start is None)


@settings(max_examples=10)
@given(plans())
def test_any_plan_bundle_meets_every_invariant(plan) -> None:
    bundle = lowback.exports.to_fhir(plan)
    assert [] == broken_invariants(bundle)
    assert [] == empty_values(bundle)


#: How to break each invariant, given the bundle, its PlanDefinition,
#: the pelvic tilt's first Dosage's ``timing.repeat`` and the tilt's
#: action in the PlanDefinition.
_BREAKS: dict[str, Callable[..., object]] = {
    "bdl-3": lambda b, d, r, a: b["entry"][0].update(
        request={"method": "PUT", "url": "x"}
    ),
    "bdl-7": lambda b, d, r, a: b["entry"][1].update(
        fullUrl=b["entry"][0]["fullUrl"]
    ),
    "bdl-8": lambda b, d, r, a: b["entry"][0].update(
        fullUrl=b["entry"][0]["fullUrl"] + "/_history/1"
    ),
    "pdf-0": lambda b, d, r, a: d.update(name="exercises for lower back"),
    "tim-1": lambda b, d, r, a: r.pop("durationUnit"),
    "tim-2": lambda b, d, r, a: r.pop("periodUnit"),
    "tim-4": lambda b, d, r, a: r.update(duration=-5),
    "per-1": lambda b, d, r, a: r["boundsPeriod"].update(end="2026-11-01"),
    "qty-3": lambda b, d, r, a: b["entry"][1]["resource"]["dosage"][0][
        "doseAndRate"
    ][0]["doseQuantity"].pop("system"),
    "exp-1": lambda b, d, r, a: a["condition"][0]["expression"].pop(
        "expression"
    ),
}


def _break(bundle: dict[str, Any], key: str) -> dict[str, Any]:
    """Return a copy of *bundle* that breaks the invariant *key*."""
    broken = copy.deepcopy(bundle)
    definition, *activities = [e["resource"] for e in broken["entry"]]
    repeat = activities[2]["dosage"][0]["timing"]["repeat"]
    _BREAKS[key](broken, definition, repeat, definition["action"][4])
    return broken


@pytest.mark.parametrize("key", sorted(_BREAKS))
def test_each_invariant_rejects_a_bundle_broken_on_purpose(key: str) -> None:
    bundle = lowback.exports.to_fhir(stopped_plan(dt.date(2026, 12, 1)))
    assert key in broken_invariants(_break(bundle, key))


def test_the_empty_value_check_rejects_an_empty_object() -> None:
    bundle = lowback.exports.to_fhir(stopped_plan(dt.date(2026, 12, 1)))
    bundle["entry"][0]["resource"]["action"][4]["condition"][0][
        "expression"
    ] = {}
    assert ["/entry/0/resource/action/4/condition/0/expression"] == (
        empty_values(bundle)
    )


def test_a_transaction_bundle_puts_each_resource_at_its_id() -> None:
    """
    ``bundle="transaction"`` gives a bundle a FHIR server takes: each
    entry PUT at its own id; it meets the invariants (bdl-3 asks for a
    request on every entry of a transaction, and on none of a collection).
    """
    from fhir.resources.R4B.bundle import Bundle

    plan = stopped_plan(dt.date(2026, 12, 1))
    bundle = lowback.exports.to_fhir(plan, bundle="transaction")
    assert "transaction" == bundle["type"]
    assert [
        {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"}
        for r in (e["resource"] for e in bundle["entry"])
    ] == [e["request"] for e in bundle["entry"]]
    assert [] == broken_invariants(bundle)
    Bundle.model_validate(bundle)
    collection = lowback.exports.to_fhir(plan)
    assert [] == [e for e in collection["entry"] if "request" in e]
    assert "bdl-3" in broken_invariants({**bundle, "type": "collection"})
    with pytest.raises(lowback.InvalidValueError) as caught:
        lowback.exports.to_fhir(plan, bundle="batch")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "bundle: expected one of collection, transaction, got 'batch'"
    )


def test_the_command_line_offers_the_bundle_types_of_the_library() -> None:
    from lowback._cli._parser import build

    parser = build()
    (commands,) = parser._subparsers._group_actions
    options = {o.dest: o for o in commands.choices["export"]._actions}
    assert tuple(options["bundle"].choices) == lowback.exports.BUNDLE_TYPES
