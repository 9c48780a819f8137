"""
Invariants of the model, the converter, the schemas and the validator,
checked on generated content.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import lowback
from helpers import REFERENCE, model_accepts
from lowback._dose import HOLD_MAX_SECONDS, HOLD_MIN_SECONDS
from lowback._validation import read_and_validate
from strategies import (
    bad_holds,
    catalogs,
    documents,
    exercises,
    json_values,
    leaves,
    not_whole_numbers,
    plans,
    routines,
    set_at,
)


def _has_null(value: object) -> bool:
    if isinstance(value, dict):
        return any(_has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_null(v) for v in value)
    return value is None


@given(documents)
def test_dumps_is_valid_and_loads_back_equal(obj):
    """Every generated object dumps to JSON the schema accepts and loads back equal."""
    text = lowback.dumps(obj)
    document = json.loads(text)
    assert [] == [
        e.message for e in REFERENCE[document["type"]].iter_errors(document)
    ]
    assert () == lowback.validate(document).problems
    assert obj == lowback.loads(text, type(obj))


@given(documents)
def test_dumps_is_canonical(obj):
    """Dumping, loading and dumping again gives the same text; no nulls."""
    text = lowback.dumps(obj)
    assert text == lowback.dumps(lowback.loads(text, type(obj)))
    assert False is _has_null(json.loads(text))
    assert text.endswith("}\n")
    assert list(json.loads(text))[:2] == ["type", "format_version"]


@given(documents, st.data())
def test_schema_validator_and_model_agree_on_mutations(obj, data):
    """
    After overwriting any one value of a valid document, the validator
    accepts the document exactly when the model does.
    """
    document = lowback.to_document(obj)
    path = data.draw(st.sampled_from(leaves(document)))
    set_at(document, path, data.draw(json_values))
    report = lowback.validate(document)
    assert model_accepts(document) == report.valid, report.problems
    # The reference validator is never stricter than lowback.
    if report.valid:
        assert REFERENCE[document["type"]].is_valid(document)


@given(exercises(), bad_holds, st.sampled_from(["min", "max"]))
def test_holds_outside_bounds_are_rejected_everywhere(exercise, hold, end):
    """A hold outside 5 to 30 s is refused by the model, the schema and the validator."""
    phase = exercise.dose.phases[0]
    # A movement without a hold is given one to break.
    given_hold = phase.hold or lowback.Range(5, 30)
    low, high = (
        (hold, given_hold.max) if end == "min" else (given_hold.min, hold)
    )
    with pytest.raises(lowback.InvalidValueError):
        lowback.Phase(
            id=phase.id,
            action=phase.action,
            hold=lowback.Range(min(low, high), max(low, high)),
        )
    document = lowback.to_document(exercise)
    document["dose"]["phases"][0]["hold"] = {
        "min": given_hold.min,
        "max": given_hold.max,
    }
    document["dose"]["phases"][0]["hold"][end] = hold
    pointer = f"/dose/phases/0/hold/{end}"
    assert False is REFERENCE["exercise"].is_valid(document)
    report = lowback.validate(document)
    assert pointer in [p.pointer for p in report.problems]
    assert "hold-out-of-range" in report.codes


@given(exercises(), not_whole_numbers)
def test_non_whole_numbers_are_rejected_everywhere(exercise, value):
    """Booleans, decimals, text and null where a whole number belongs are refused."""
    with pytest.raises(lowback.InvalidValueError):
        lowback.Range(value, 10)  # type: ignore[arg-type]
    document = lowback.to_document(exercise)
    document["dose"]["repetitions"]["min"] = value
    report = lowback.validate(document)
    assert "/dose/repetitions/min" in [p.pointer for p in report.problems]
    assert False is model_accepts(document)


@given(exercises(), st.sampled_from([5.0, 10.0, 12.0]))
def test_whole_numbers_written_as_decimals_are_refused(exercise, value):
    """5.0 counts as an integer in JSON Schema 2020-12; lowback still refuses it."""
    document = lowback.to_document(exercise)
    phase = document["dose"]["phases"][0]
    phase.setdefault("hold", {"min": 5, "max": 30})["max"] = value
    assert REFERENCE["exercise"].is_valid(document)
    report = lowback.validate(document)
    assert "not-whole-number" in report.codes


@given(exercises(), st.data())
def test_inverted_ranges_are_rejected(exercise, data):
    """min above max is refused by the model and the validator, not the schema."""
    document = lowback.to_document(exercise)
    low = data.draw(st.integers(HOLD_MIN_SECONDS + 1, HOLD_MAX_SECONDS))
    high = data.draw(st.integers(HOLD_MIN_SECONDS, low - 1))
    document["dose"]["phases"][0]["hold"] = {"min": low, "max": high}
    assert REFERENCE["exercise"].is_valid(document)
    report = lowback.validate(document)
    assert [("range-inverted", "/dose/phases/0/hold/min")] == [
        (p.code, p.pointer) for p in report.problems
    ]
    with pytest.raises(lowback.InvalidValueError, match="above max"):
        lowback.Range(low, high)


@given(catalogs())
def test_catalog_ids_are_unique_and_merge_refuses_clashes(cat):
    """A catalog merged with itself clashes on every exercise id it has."""
    assume(len(cat) > 0)
    with pytest.raises(lowback.DuplicateIdError) as info:
        cat.merge(cat)
    assert info.value.id == cat.exercises[0].id
    assert cat == cat.merge(
        lowback.Catalog(
            id="empty",
            title="Empty",
            language="en",
            safety_notices=cat.safety_notices,
            exercises=(),
        )
    )


@given(exercises(), st.data())
def test_chosen_dose_inside_allowed_dose(exercise, data):
    """A dose chosen inside the allowed ranges is accepted; one outside is refused."""
    dose = exercise.dose
    reps = data.draw(st.integers(dose.repetitions.min, dose.repetitions.max))
    holds = [
        None
        if p.hold is None
        else data.draw(st.integers(p.hold.min, p.hold.max))
        for p in dose.phases
    ]
    chosen = dose.choose(repetitions=reps, holds=holds)
    assert (reps, tuple(holds)) == (chosen.repetitions, chosen.holds)
    held = [h for h in chosen.holds if h is not None]
    assert all(HOLD_MIN_SECONDS <= h <= HOLD_MAX_SECONDS for h in held)
    # A movement takes no hold, and a held phase needs one.
    swapped = [5 if h is None else None for h in holds]
    with pytest.raises(lowback.InvalidValueError, match="holds"):
        dose.choose(repetitions=reps, holds=swapped)
    with pytest.raises(lowback.InvalidValueError, match="repetitions"):
        dose.choose(repetitions=dose.repetitions.max + 1)


@given(documents)
def test_documents_survive_a_trip_through_bytes(obj):
    """The strict reader accepts what the writer writes, as UTF-8 bytes."""
    data = lowback.dumps(obj).encode("utf-8")
    document, report = read_and_validate(data)
    assert () == report.problems
    assert copy.deepcopy(document) == lowback.to_document(obj)


@given(routines(), st.data())
def test_routine_validator_and_model_agree_on_mutations(routine, data):
    """The validator accepts a mutated routine document exactly when the model does."""
    document = lowback.to_document(routine)
    path = data.draw(st.sampled_from(leaves(document)))
    set_at(document, path, data.draw(json_values))
    report = lowback.validate(document)
    assert model_accepts(document) == report.valid, report.problems


@given(plans(), st.data())
def test_a_plan_the_validator_accepts_is_one_the_model_builds(plan, data):
    """
    Plans are stricter than their model: a valid mutated plan document
    always loads; an invalid one may still fit the classes (say, a day
    that does not follow from the rules).
    """
    document = lowback.to_document(plan)
    path = data.draw(st.sampled_from(leaves(document)))
    set_at(document, path, data.draw(json_values))
    if lowback.validate(document).valid:
        assert model_accepts(document)
        made = lowback.from_document(document, lowback.Plan)
        assert document["days"] == lowback.to_document(made)["days"]


@pytest.mark.parametrize(
    ("hold", "allowed"),
    [
        (HOLD_MIN_SECONDS - 1, False),
        (HOLD_MIN_SECONDS, True),
        (HOLD_MAX_SECONDS, True),
        (HOLD_MAX_SECONDS + 1, False),
    ],
)
def test_every_layer_holds_the_5_to_30_second_envelope(hold, allowed):
    """
    A hold of 4 or 31 s is refused, and 5 and 30 s accepted, by each layer
    on its own: a Phase, a ChosenDose, a RaiseHold cap, the JSON Schema
    and the validator. A change to any one layer is caught here, not
    hidden by another that checks again.
    """
    # Around 5 s, the hold semi crunches' steps say in words.
    low, high = min(hold, 5), max(hold, 5)
    makers = {
        "Phase": lambda: lowback.Phase(
            id="x", action="Hold.", hold=lowback.Range(low, high)
        ),
        "ChosenDose": lambda: lowback.ChosenDose(repetitions=1, holds=(hold,)),
        "RaiseHold": lambda: lowback.RaiseHold(
            every=lowback.Every.DAY, step=1, cap=hold
        ),
    }
    for name, make in makers.items():
        if allowed:
            make()
        else:
            with pytest.raises(lowback.InvalidValueError):
                make()
            assert name
    document = lowback.to_document(lowback.catalog().get("semi-crunch"))
    document["dose"]["phases"][0]["hold"] = {"min": low, "max": high}
    assert allowed is REFERENCE["exercise"].is_valid(document)
    report = lowback.validate(document)
    assert ([] if allowed else ["hold-out-of-range"]) == list(report.codes)
