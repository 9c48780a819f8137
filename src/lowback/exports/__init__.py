"""
Exports: routines and plans for other software.

One module a format, sharing one subject module:

- `to_fhir`: a FHIR R4 Bundle of a PlanDefinition and ActivityDefinitions;
- `to_jsonld`: schema.org JSON-LD, an ``ExercisePlan``;
- `to_ics`: an iCalendar file of a dated plan, one event a day;
- `to_fit`: one session as a FIT workout file, for Garmin watches;
- `to_service_requests`: a plan as ServiceRequests of the HL7 Physical
  Activity guide.

Every export carries the safety notices word for word, and is the same
for the same routine or plan (but for the calendar's time of export,
which `to_ics` takes as ``stamp=``).
Use it as ``lowback.exports``: it is loaded on first use.
"""

from ._fhir import (
    ACTIVITY_URL,
    BUNDLE_TYPES,
    DOSE_SYSTEM,
    SIDE_SYSTEM,
    BundleType,
    to_fhir,
)
from ._fit import FIT_STRING_MAX, to_fit
from ._ics import to_ics
from ._jsonld import JSONLD_CONTEXT, to_jsonld
from ._requests import PA_CODES, PA_SERVICE_REQUEST, to_service_requests
from ._subject import BASE_MAX, FHIR_BASE

__all__ = [
    "ACTIVITY_URL",
    "BASE_MAX",
    "BUNDLE_TYPES",
    "DOSE_SYSTEM",
    "FHIR_BASE",
    "FIT_STRING_MAX",
    "JSONLD_CONTEXT",
    "PA_CODES",
    "PA_SERVICE_REQUEST",
    "SIDE_SYSTEM",
    "BundleType",
    "to_fhir",
    "to_fit",
    "to_ics",
    "to_jsonld",
    "to_service_requests",
]
