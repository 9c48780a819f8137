"""
A routine or a plan as a FHIR R4 Bundle.

It holds a PlanDefinition and one ActivityDefinition for each exercise.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import escape
from typing import TYPE_CHECKING, Any, Final, Literal, cast, get_args

from .._checks import check_choice
from .._render._words import dose_words
from ._subject import (
    FHIR_BASE,
    Period,
    Subject,
    check_base,
    fingerprint,
    given,
    name_uuid,
)

if TYPE_CHECKING:
    from .._model import Exercise
    from .._plan import Plan
    from .._routine import Routine, RoutineItem

#: The canonical URL of an exercise's FHIR ActivityDefinition is this
#: followed by the exercise id, unless `to_fhir` is given another base.
ACTIVITY_URL: Final = f"{FHIR_BASE}/ActivityDefinition/"
#: Code system of the two kinds of dose quantity: repetitions and sets.
DOSE_SYSTEM: Final = f"{FHIR_BASE}/CodeSystem/dose"
#: Code system of the sides an exercise is done on, one at a time.
SIDE_SYSTEM: Final = f"{FHIR_BASE}/CodeSystem/side"
_UCUM: Final = "http://unitsofmeasure.org"


def _words(slug: str) -> str:
    return slug.replace("-", " ")


def _sides(exercise: Exercise) -> str:
    return ", then ".join(s.value for s in exercise.dose.sides)


def _steps(exercise: Exercise) -> str:
    e = exercise
    about = f"Starts {e.position.value.replace('-', ' ')}."
    if e.equipment:
        about += f" Needs {', '.join(e.equipment)}."
    parts = [
        about,
        "\n".join(f"{i}. {s.text}" for i, s in enumerate(e.steps, 1)),
    ]
    if e.cautions:
        parts.append(
            "Take care:\n\n" + "\n".join(f"- {c}" for c in e.cautions)
        )
    return "\n\n".join(parts)


def quantity(value: int, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": _UCUM, "code": code}


def _dose_amount(
    code: str, text: str, quantity: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": {
            "coding": [{"system": DOSE_SYSTEM, "code": code}],
            "text": text,
        },
        "doseQuantity": quantity,
    }


def _dosages(s: Subject, item: RoutineItem) -> list[dict[str, Any]]:
    """
    Return an exercise's Dosages: each period's, in order.

    A period of one dose has one Dosage per phase of a repetition. The
    periods follow one another, as a tapering dose does: their
    number is the Dosages' ``sequence``, and each is bounded by its days
    (``boundsPeriod`` in a dated plan, else ``boundsDuration``). Nothing
    is scheduled once an exercise is stopped. A routine is one period,
    with no bounds.
    """
    active = [p for p in s.periods(item) if p.dose is not None]
    return [
        dosage
        for n, period in enumerate(active, 1)
        for dosage in _period_dosages(s, item.exercise, period, n)
    ]


def _period_dosages(
    s: Subject, exercise: Exercise, period: Period, sequence: int
) -> list[dict[str, Any]]:
    """
    Return one Dosage per phase of a repetition for one period.

    Each carries the whole dose (repetitions and sets) and its phase's
    hold, so any one of them can be read alone.
    """
    dose = period.dose
    assert dose is not None  # noqa: S101 - only periods with a dose
    per_side = exercise.dose.per_side
    reps = "repetitions per side" if per_side else "repetitions"
    amounts = [
        _dose_amount(
            "repetitions",
            reps,
            quantity(dose.repetitions, reps, "{repetitions}"),
        ),
        _dose_amount("sets", "sets", quantity(dose.sets, "sets", "{sets}")),
    ]
    sides = [
        {
            "coding": [{"system": SIDE_SYSTEM, "code": side.value}],
            "text": f"{side.value} side",
        }
        for side in exercise.dose.sides
    ]
    whole = dose_words(exercise, dose)
    if per_side:
        whole += f", each side in turn ({_sides(exercise)})"
    if s.plan is not None:
        days = period.first, period.last
        whole = (
            f"Day {days[0]}: {whole}"
            if days[0] == days[1]
            else f"Days {days[0]} to {days[1]}: {whole}"
        )
    count = len(exercise.dose.phases)
    return [
        {
            "sequence": sequence,
            "text": (
                f"{whole}. Phase {n} of {count}, {phase.id}: "
                f"{phase.action} {_hold_words(hold)}"
            ),
            **given("additionalInstruction", sides),
            **_timing(s, period, hold),
            "doseAndRate": amounts,
        }
        for n, (phase, hold) in enumerate(
            zip(exercise.dose.phases, dose.holds, strict=True), 1
        )
    ]


def _hold_words(hold: int | None) -> str:
    return "No hold." if hold is None else f"Hold {hold} s."


def _timing(s: Subject, period: Period, hold: int | None) -> dict[str, Any]:
    """
    Return a Dosage's ``timing``, or nothing when it has none.

    That is the phase's hold and, in a plan, once a day within the
    period's days. A phase without a hold has no duration, so a Dosage
    of a routine has no timing at all.
    """
    hold_for = (
        None if hold is None else {"duration": hold, "durationUnit": "s"}
    )
    if s.plan is None:
        return given(
            "timing", None if hold_for is None else {"repeat": hold_for}
        )
    return {
        "timing": {"repeat": daily(s, period.first, period.last, hold_for)}
    }


def daily(
    s: Subject, first: int, last: int, more: dict[str, Any] | None = None
) -> dict[str, Any]:
    """
    Return a Timing's ``repeat``: once a day from *first* to *last*.

    *more* (such as a duration) goes after the bounds.
    """
    return {
        **_bounds(s, first, last),
        **(more or {}),
        "frequency": 1,
        "period": 1,
        "periodUnit": "d",
    }


def _bounds(s: Subject, first: int, last: int) -> dict[str, Any]:
    """
    Return the days from *first* to *last* as a Timing's bounds.

    They are dates in a dated plan, else how many days (the periods
    follow one another).
    """
    start, end = s.date(first), s.date(last)
    if start is None or end is None:
        days = last - first + 1
        return {"boundsDuration": quantity(days, "days", "d")}
    return {
        "boundsPeriod": {"start": start.isoformat(), "end": end.isoformat()}
    }


def _period(plan: Plan | None) -> dict[str, str] | None:
    """
    Return the dates of a dated plan as a FHIR Period, else None.
    """
    if plan is None or plan.start is None:
        return None
    end = plan.start + dt.timedelta(days=len(plan.days) - 1)
    return {"start": plan.start.isoformat(), "end": end.isoformat()}


def _course(s: Subject, item: RoutineItem) -> dict[str, Any]:
    """
    Return the timing of an exercise's action in a plan.

    That is the days it is done, ending where it stops; and, when it
    stops, a stop condition whose description gives the reason and the
    stop rule.
    """
    if s.plan is None:
        return {}
    periods = s.periods(item)
    active = [p for p in periods if p.dose is not None]
    stopped = [p for p in periods if p.dose is None]
    found: dict[str, Any] = {}
    if stopped:
        found["condition"] = [
            {
                "kind": "stop",
                "expression": {
                    "description": s.stopped(stopped[0].first),
                    "language": "text/fhirpath",
                    # The condition is met: the exercise has stopped.
                    "expression": "true",
                },
            }
        ]
    if active:
        # A Timing, which R4 and R5 both allow here: once a day, to the
        # last day the exercise is done.
        found["timingTiming"] = {"repeat": daily(s, 1, active[-1].last)}
    return found


def _name(text: str, fallback: str) -> str:
    """
    Return a name for machines, as FHIR's pdf-0 and adf-0 ask.

    That is the ASCII words of *text* run together, each capitalised
    ("PelvicTilt"), after *fallback* where they do not start with a
    letter.
    """
    name = "".join(w[:1].upper() + w[1:] for w in _WORDS.findall(text))
    if not name[:1].isalpha():
        name = fallback + name
    return name[:255]


_WORDS: Final = re.compile(r"[A-Za-z0-9]+")


def narrative(paragraphs: list[str], items: list[str]) -> dict[str, str]:
    """
    Return a generated FHIR Narrative: the paragraphs, then a list.
    """
    body = "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)
    if items:
        body += (
            "<ul>"
            + "".join(f"<li>{escape(i, quote=False)}</li>" for i in items)
            + "</ul>"
        )
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>',
    }


def _safety_text(s: Subject) -> str:
    return "\n\n".join(s.safety)


def versioned(resource: dict[str, Any], revision: int) -> dict[str, Any]:
    """
    Fill in a definition's ``id`` and ``version`` from what it holds.

    The version is semantic: its major number is *revision*, and after
    a ``+`` come the first 8 hex digits of the digest of the rest, so
    two definitions that differ never share a version. The id is a UUID
    of that digest: the same definition keeps its id in every export.
    Its strings are made ones FHIR accepts first (see `fhir_strings`).
    """
    text = _canonical(_unnamed(resource))
    if _odd_spaces(text):
        resource = cast("dict[str, Any]", _strings(resource))
        text = _canonical(_unnamed(resource))
    digest = fingerprint(text)
    resource["id"] = name_uuid(f"{resource['resourceType']}:{digest}")
    resource["version"] = f"{revision}.0.0+{digest[:8]}"
    return resource


def _unnamed(resource: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in resource.items() if k not in {"id", "version"}}


def _canonical(value: object) -> str:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def activity(s: Subject, item: RoutineItem, base: str) -> dict[str, Any]:
    """
    Return an exercise's ActivityDefinition, its URL under *base*.
    """
    exercise = item.exercise
    provenance = exercise.provenance
    citation: dict[str, Any] = {
        "type": "citation",
        "citation": provenance.source,
    }
    if provenance.url is not None:
        citation["document"] = {"url": provenance.url}
    usage = [*s.course(item), _safety_text(s)]
    # Keys in the order of the FHIR specification, for a reader's sake.
    definition = {
        "resourceType": "ActivityDefinition",
        "id": None,
        "language": exercise.language,
        "text": narrative(
            [exercise.name, dose_words(exercise, s.first_dose(item))],
            usage,
        ),
        "url": f"{base}/ActivityDefinition/{exercise.id}",
        "version": None,
        "name": _name(exercise.id, "Exercise"),
        "title": exercise.name,
        "status": "active",
        "description": _steps(exercise),
        **given("purpose", exercise.purpose),
        "usage": "\n\n".join(usage),
        "copyright": f"Licence: {provenance.licence}",
        "relatedArtifact": [citation],
        "kind": "ServiceRequest",
        "code": {"text": "Exercise therapy"},
        "intent": "proposal",
        "participant": [{"type": "patient"}],
        # No timing[x]: with a dosage, R4 puts the timing in the dosage.
        **given("dosage", _dosages(s, item)),
        # Readable words, not slugs: "lower back" for lower-back.
        **given(
            "bodySite",
            [{"text": t.replace("-", " ")} for t in exercise.targets],
        ),
    }
    return versioned(definition, s.revision(item))


def _actions(
    s: Subject, activities: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """
    Return the PlanDefinition's actions: the notices, then the exercises.
    """
    actions: list[dict[str, Any]] = [
        {
            "id": notice.id,
            "title": f"Safety: {notice.kind.value.replace('-', ' ')}",
            "description": notice.text,
            "requiredBehavior": "must",
        }
        for notice in s.notices
    ]
    return actions + [
        {
            "id": item.exercise.id,
            "title": item.exercise.name,
            "description": dose_words(item.exercise, s.first_dose(item)),
            **_course(s, item),
            "definitionCanonical": f"{a['url']}|{a['version']}",
        }
        for item, a in zip(s.routine.items, activities, strict=True)
    ]


#: The kinds of FHIR Bundle `to_fhir` makes.
BundleType = Literal["collection", "transaction"]
BUNDLE_TYPES: Final[tuple[BundleType, ...]] = get_args(BundleType)


def _definition(
    s: Subject, activities: list[dict[str, Any]], base: str
) -> dict[str, Any]:
    """
    Return the PlanDefinition of a routine or plan.

    Its URL names the routine, or the plan whatever its reports; its
    version counts the reports that changed it.
    """
    definition = {
        "resourceType": "PlanDefinition",
        "id": None,
        "language": s.language,
        "text": narrative(
            [s.title, s.summary(), *s.safety],
            [
                f"{i.exercise.name}: {dose_words(i.exercise, s.first_dose(i))}"
                for i in s.routine.items
            ],
        ),
        "url": f"{base}/PlanDefinition/{s.series}",
        "version": None,
        "name": _name(s.title, "Plan"),
        "title": s.title,
        "status": "active",
        "description": s.summary(),
        "usage": _safety_text(s),
        **given("effectivePeriod", _period(s.plan)),
        "action": _actions(s, activities),
    }
    return versioned(definition, s.revision())


def to_fhir(  # long: its docstring is the FHIR export's reference
    subject: Routine | Plan,
    *,
    bundle: BundleType = "collection",
    base: str = FHIR_BASE,
) -> dict[str, Any]:
    """
    Return a routine or plan as a FHIR R4 (4.0.1) Bundle, as JSON.

    The collection bundle holds one PlanDefinition, whose actions are the
    safety notices and then the exercises, each pointing to one
    ActivityDefinition with the steps and the dose: one Dosage per phase
    of a repetition, with the repetitions and sets as dose quantities and
    the phase's hold as its timing.
    A plan gives every dose as data: each period of one dose is a
    Dosage ``sequence`` bounded by its days, once a day, so reading the
    structured fields gives ``Plan.dose`` for every day. An exercise
    stopped after worse pain has no Dosage after its last day, and its
    action ends there, with a ``stop`` condition whose description gives
    the reason and the leaflet's stop rule.

    Text is written as FHIR's string type allows: a space other than
    space, tab, CR and LF (a no-break space, say) becomes a space.

    The definitions are canonical resources under *base*: the
    PlanDefinition's URL names the routine, or the plan whatever its
    reports, and each ActivityDefinition's names its exercise. Each has a
    semantic version whose major number is 1 and how many reports changed
    it, and which changes only when that definition does; its id is
    derived from what it holds, so an unchanged definition keeps its id.

    A ``transaction`` bundle can be posted to a FHIR server's base URL:
    each entry has a ``request`` to PUT its resource at its own id, so
    posting it again changes nothing, and posting it after new reports
    adds only the definitions that changed, as new versions; the
    PlanDefinition's actions name the ActivityDefinitions by canonical
    URL and version, which the server resolves.

    Args:
        subject: The routine or plan.
        bundle: ``collection`` (the default) or ``transaction``.
        base: The base of the definitions' canonical URLs: `FHIR_BASE`
            by default; give your own, such as your FHIR server's base,
            for URLs that are yours.

    Returns:
        The bundle, ready for `json.dumps`.

    Raises:
        InvalidValueError: If *bundle* is not one of `BUNDLE_TYPES`, or
            *base* not an http(s) URL (see `FHIR_BASE`).
    """
    check_choice("bundle", bundle, BUNDLE_TYPES)
    base = check_base(base)
    s = Subject(subject)
    activities = [activity(s, item, base) for item in s.routine.items]
    definition = _definition(s, activities, base)
    # The definitions' strings are FHIR's already (see `versioned`), and
    # their ids follow all they hold: so does the bundle's.
    ids = ",".join(r["id"] for r in [definition, *activities])
    return {
        "resourceType": "Bundle",
        "id": name_uuid(f"bundle:{ids}"),
        "type": bundle,
        "entry": [bundle_entry(r, bundle) for r in [definition, *activities]],
    }


# Whitespace that FHIR's string type refuses (its regex is
# [ \r\n\t\S]+, whose \S excludes Unicode spaces in Python and in
# JavaScript), and the byte order mark, which JavaScript counts as one.
_SPACES: Final = re.compile(r"[^\S \r\n\t]|\ufeff")
_ESCAPED_SPACES: Final = re.compile(r"\\u00(0[bBcC]|1[c-fC-F])")


def fhir_strings(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """
    Return a bundle's *entries* with strings FHIR's string type accepts.

    A space other than space, tab, CR and LF (such as a no-break space)
    becomes a space, and a byte order mark is dropped.
    """
    # Most content has none: one look at the whole finds out.
    if not _odd_spaces(json.dumps(entries, ensure_ascii=False)):
        return entries
    return [cast("dict[str, Any]", _strings(entry)) for entry in entries]


def _odd_spaces(text: str) -> bool:
    r"""
    Tell whether JSON *text* may hold a space `fhir_strings` rewrites.

    JSON writes some as escapes, such as ``\u000b``.
    """
    return bool(_SPACES.search(text) or _ESCAPED_SPACES.search(text))


def _strings(value: object) -> object:
    if isinstance(value, str):
        return _SPACES.sub(" ", value.replace("\ufeff", ""))
    if isinstance(value, dict):
        return {k: _strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v) for v in value]
    return value


def bundle_entry(
    resource: dict[str, Any], bundle: BundleType
) -> dict[str, Any]:
    """
    Return a bundle's entry for *resource*.

    In a transaction, the resource is PUT at its own id.
    """
    entry = {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
    if bundle == "transaction":
        url = f"{resource['resourceType']}/{resource['id']}"
        entry["request"] = {"method": "PUT", "url": url}
    return entry
