"""
A plan as ServiceRequests of the HL7 Physical Activity guide.

The guide (``hl7.fhir.us.physical-activity``, FHIR R4) prescribes
exercise with its ``PAServiceRequest`` profile. Each period of one dose
of each exercise is one request: its days as ``occurrenceTiming``, its
repetitions as ``quantityQuantity`` and the whole dose in
``orderDetail`` and ``patientInstruction``, so nothing rests on
``$apply`` (which maps a definition's dosage to a MedicationRequest
only).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from .._checks import check_choice, check_instance, check_text
from .._errors import InvalidValueError
from .._plan import Plan
from .._render._words import dose_words
from ._fhir import (
    BUNDLE_TYPES,
    BundleType,
    activity,
    bundle_entry,
    daily,
    fhir_strings,
    narrative,
    quantity,
)
from ._subject import FHIR_BASE, Period, Subject, check_base, moment

if TYPE_CHECKING:
    import datetime as dt

    from .._routine import RoutineItem

#: The canonical URL of the guide's profile of an exercise prescription.
PA_SERVICE_REQUEST: Final = (
    "http://hl7.org/fhir/us/physical-activity/StructureDefinition/"
    "pa-servicerequest"
)
#: The guide's code system of its category ``PhysicalActivity``.
PA_CODES: Final = (
    "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes"
)
_REFERENCE = re.compile(r"(?P<type>[A-Za-z]+)/[A-Za-z0-9\-.]{1,64}")


def _reference(field: str, value: object, types: tuple[str, ...]) -> str:
    """
    Return a FHIR reference to a resource of one of *types*.

    Raises:
        InvalidValueError: If *value* is missing or not such a reference.
    """
    match = _REFERENCE.fullmatch(value) if isinstance(value, str) else None
    if match is None or match["type"] not in types:
        kinds = " or ".join(types)
        raise InvalidValueError(
            field,
            value,
            f"{field}: a PA ServiceRequest needs a reference to the "
            f"{kinds}, such as '{types[0]}/123', got {value!r}",
        )
    return value  # type: ignore[return-value]


def _request(
    s: Subject, item: RoutineItem, period: Period, given: dict[str, Any]
) -> dict[str, Any]:
    exercise = item.exercise
    dose = period.dose
    assert dose is not None  # noqa: S101 - only periods with a dose
    words = dose_words(exercise, dose)
    days = f"days {period.first} to {period.last}"
    unit = "repetitions per side" if exercise.dose.per_side else "repetitions"
    return {
        "resourceType": "ServiceRequest",
        "id": s.uuid(f"request:{exercise.id}:{period.first}"),
        "meta": {"profile": [PA_SERVICE_REQUEST]},
        "language": exercise.language,
        "text": narrative([f"{exercise.name}, {days}", words], s.stop_rules),
        "instantiatesCanonical": [given["definitions"][exercise.id]],
        "status": "active",
        "intent": "order",
        "category": [
            {
                "coding": [
                    {
                        "system": PA_CODES,
                        "code": "PhysicalActivity",
                        "display": "Physical Activity",
                    }
                ]
            }
        ],
        "code": {
            **given["code"],
            "text": f"Exercise therapy: {exercise.name}",
        },
        "orderDetail": [{"text": words}],
        "quantityQuantity": quantity(dose.repetitions, unit, "{repetitions}"),
        "subject": {"reference": given["patient"]},
        "occurrenceTiming": {"repeat": daily(s, period.first, period.last)},
        "authoredOn": given["authored"],
        "requester": {"reference": given["requester"]},
        "performer": [{"reference": given["patient"]}],
        "reasonCode": [{"text": given["reason"]}],
        "patientInstruction": " ".join(
            [f"{exercise.name}: {words}.", *s.stop_rules]
        ),
    }


def _order(
    patient: object,
    requester: object,
    reason: object,
    authored: object,
    code: object,
) -> dict[str, Any]:
    """
    Return what every request of an order shares, checked.

    Raises:
        InvalidValueError: If a part is missing or malformed.
    """
    if reason is None:
        raise InvalidValueError(
            "reason", reason, "reason: a PA ServiceRequest needs a reason"
        )
    check_text("reason", reason, 2000)
    if code is not None and not (
        isinstance(code, dict)
        and {"system", "code"} <= code.keys()
        and all(isinstance(v, str) and v.strip() for v in code.values())
    ):
        raise InvalidValueError(
            "code",
            code,
            f"code: expected a coding with a system and a code, got {code!r}",
        )
    return {
        "patient": _reference("patient", patient, ("Patient",)),
        "requester": _reference(
            "requester", requester, ("Practitioner", "PractitionerRole")
        ),
        "reason": reason,
        "authored": moment("authored", authored).isoformat(),
        "code": {"coding": [dict(code)]} if isinstance(code, dict) else {},
    }


def to_service_requests(  # noqa: PLR0913  # long: a docstring of each part
    plan: Plan,
    *,
    patient: str | None = None,
    requester: str | None = None,
    reason: str | None = None,
    authored: dt.datetime | None = None,
    code: dict[str, str] | None = None,
    bundle: BundleType = "collection",
    base: str = FHIR_BASE,
) -> dict[str, Any]:
    """
    Return a plan as ServiceRequests of the HL7 Physical Activity guide.

    Each period of one dose of each exercise is one ``PAServiceRequest``
    for its days (``occurrenceTiming``, once a day), with the repetitions
    as ``quantityQuantity``, the whole dose in ``orderDetail`` and the
    dose and the stop rule in ``patientInstruction``; an exercise stopped
    after worse pain has no request after its last day. The patient is
    the subject and the performer.

    Args:
        plan: The plan.
        patient: A reference to the patient, such as ``"Patient/123"``.
        requester: A reference to who orders it, a ``Practitioner`` or a
            ``PractitionerRole``.
        reason: Why, in words (``reasonCode.text``), as the profile asks.
        authored: When it is ordered, with a time zone: now by default.
        code: A coding of the intervention to add to ``code``, such as
            SNOMED CT's *Exercise therapy* from the guide's value set;
            lowback gives only the text, as SNOMED CT has its own licence.
        bundle: ``collection`` or ``transaction``, as in `to_fhir`.
        base: The base of the canonical URLs, as in `to_fhir`: each
            request instantiates the version of its exercise's
            ActivityDefinition that `to_fhir` gives with the same base.

    Returns:
        A Bundle of the requests, ready for `json.dumps`.

    Raises:
        InvalidValueError: If the patient, the requester or the reason is
            missing or malformed, or any other argument is wrong.
    """
    check_instance("plan", plan, Plan)
    check_choice("bundle", bundle, BUNDLE_TYPES)
    given = _order(patient, requester, reason, authored, code)
    base = check_base(base)
    s = Subject(plan)
    given["definitions"] = {
        item.exercise.id: f"{a['url']}|{a['version']}"
        for item in s.routine.items
        for a in [activity(s, item, base)]
    }
    requests = [
        _request(s, item, period, given)
        for item in s.routine.items
        for period in s.periods(item)
        if period.dose is not None
    ]
    return {
        "resourceType": "Bundle",
        "id": s.uuid("requests"),
        "type": bundle,
        "entry": fhir_strings([bundle_entry(r, bundle) for r in requests]),
    }
