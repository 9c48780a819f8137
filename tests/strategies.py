"""
The one strategies module: valid model objects built from the bounds in
`lowback._dose`, and documents broken on purpose.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import strategies as st

import lowback
from lowback._dose import (
    HOLD_MAX_SECONDS,
    HOLD_MIN_SECONDS,
    REPETITIONS_MAX,
    SETS_MAX,
)

_SLUG_PART = st.text(
    "abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6
)
slugs = st.lists(_SLUG_PART, min_size=1, max_size=4).map("-".join)

#: Readable text: no control characters, line or paragraph separators
#: or lone surrogates, not blank.
texts = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(str.strip)
languages = st.sampled_from(["en", "de", "pt-BR", "es-419", "fr-CA"])


def ranges(low: int, high: int) -> st.SearchStrategy[lowback.Range]:
    return st.integers(low, high).flatmap(
        lambda a: st.integers(a, high).map(lambda b: lowback.Range(a, b))
    )


holds = ranges(HOLD_MIN_SECONDS, HOLD_MAX_SECONDS)


#: The most repetitions and sets an exercise of a routine allows here:
#: a session then has at most a few hundred cues, so timelines, plans,
#: handouts and exports stay quick to check; exercises on their own and
#: documents use the format's whole range.
SHORT_REPETITIONS = 12
SHORT_SETS = 3


@st.composite
def doses(
    draw: st.DrawFn,
    max_repetitions: int = REPETITIONS_MAX,
    max_sets: int = SETS_MAX,
) -> lowback.Dose:
    ids = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    # A phase may be a movement without a hold (a cat-cow's arch).
    phases = tuple(
        lowback.Phase(id=i, action=draw(texts), hold=draw(st.none() | holds))
        for i in ids
    )
    sides = draw(
        st.sampled_from(
            [
                (),
                (lowback.Side.LEFT, lowback.Side.RIGHT),
                (lowback.Side.RIGHT,),
            ]
        )
    )
    return lowback.Dose(
        repetitions=draw(ranges(1, max_repetitions)),
        phases=phases,
        sides=sides,
        sets=draw(ranges(1, max_sets)),
    )


@st.composite
def progressions(
    draw: st.DrawFn, dose: lowback.Dose
) -> lowback.Progression | None:
    every = draw(st.sampled_from(lowback.Every))
    kind = draw(st.sampled_from(["none", "add", "raise", "through", "steady"]))
    if kind == "add":
        reps = dose.repetitions
        return lowback.AddRepetitions(
            every=every,
            step=draw(st.integers(1, 5)),
            target=draw(st.integers(reps.min, reps.max)),
        )
    held = [p for p in dose.phases if p.hold is not None]
    if kind == "raise" and held:
        phase = draw(st.sampled_from(held))
        assert phase.hold is not None
        return lowback.RaiseHold(
            every=every,
            step=draw(st.integers(1, 25)),
            cap=draw(st.integers(phase.hold.min, phase.hold.max)),
            phases=(phase.id,),
        )
    if kind == "through":
        return lowback.ThroughRange(every=every, step=draw(st.integers(1, 5)))
    if kind == "steady":
        return lowback.HoldSteady()
    return None


@st.composite
def exercises(
    draw: st.DrawFn, exercise_id: str | None = None, *, short: bool = False
) -> lowback.Exercise:
    """
    Valid exercises; *short* ones allow few repetitions and sets.
    """
    dose = draw(doses(SHORT_REPETITIONS, SHORT_SETS) if short else doses())
    phase_ids = [p.id for p in dose.phases]
    steps = tuple(
        lowback.Step(
            text=draw(texts),
            role=draw(st.none() | st.sampled_from(lowback.StepRole)),
            phase=draw(st.none() | st.sampled_from(phase_ids)),
        )
        for _ in range(draw(st.integers(1, 4)))
    )
    progression = draw(progressions(dose))
    pointers = [
        "/dose/sets",
        "/dose/repetitions/min",
        "/name",
        "/steps/0/text",
    ]
    if progression is not None:
        pointers.append("/progression/rule")
    defaults = tuple(
        lowback.LibraryDefault(pointer=p, note=draw(texts))
        for p in draw(
            st.lists(st.sampled_from(pointers), max_size=2, unique=True)
        )
    )
    return lowback.Exercise(
        id=exercise_id or draw(slugs),
        name=draw(texts),
        language=draw(languages),
        kind=draw(st.sampled_from(lowback.ExerciseKind)),
        purpose=draw(st.none() | texts),
        position=draw(st.sampled_from(lowback.Position)),
        equipment=tuple(draw(st.lists(slugs, max_size=2, unique=True))),
        targets=tuple(draw(st.lists(slugs, max_size=3, unique=True))),
        steps=steps,
        cautions=tuple(draw(st.lists(texts, max_size=2))),
        dose=dose,
        progression=progression,
        library_defaults=defaults,
        provenance=lowback.Provenance(
            source=draw(texts),
            licence=draw(st.sampled_from(["CC0-1.0", "MIT", "NOASSERTION"])),
            url=draw(st.none() | st.just("https://example.org/x")),
            author=draw(st.none() | texts),
        ),
    )


@st.composite
def catalogs(draw: st.DrawFn) -> lowback.Catalog:
    ids = draw(st.lists(slugs, min_size=0, max_size=3, unique=True))
    notice_ids = draw(st.lists(slugs, max_size=2, unique=True))
    return lowback.Catalog(
        id=draw(slugs),
        title=draw(texts),
        language=draw(languages),
        description=tuple(draw(st.lists(texts, max_size=2))),
        safety_notices=tuple(
            lowback.SafetyNotice(
                id=i,
                kind=draw(st.sampled_from(lowback.NoticeKind)),
                text=draw(texts),
            )
            for i in notice_ids
        ),
        exercises=tuple(draw(exercises(exercise_id=i)) for i in ids),
        provenance=draw(
            st.none()
            | st.builds(
                lowback.Provenance, source=texts, licence=st.just("CC0-1.0")
            )
        ),
    )


documents = st.one_of(exercises(), catalogs())

#: Values that never belong where a whole number does.
not_whole_numbers = st.one_of(
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f != 0),
    st.text(max_size=3),
    st.none(),
)

#: Holds outside the 5 to 30 seconds every lowback hold must lie in.
bad_holds = st.one_of(
    st.integers(max_value=HOLD_MIN_SECONDS - 1),
    st.integers(min_value=HOLD_MAX_SECONDS + 1),
)

#: Any JSON value, for overwriting a field of a valid document.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 1100)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(
        ["left", "hold", "day", "/dose/sets", "en", "pelvic-tilt"]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


def leaves(
    document: Any, path: tuple[str | int, ...] = ()
) -> list[tuple[str | int, ...]]:
    """
    Return the path of every value inside a document, header excepted.
    """
    out: list[tuple[str | int, ...]] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if not path and key in {"type", "format_version"}:
                continue
            out.append((*path, key))
            out.extend(leaves(value, (*path, key)))
    elif isinstance(document, list):
        for i, value in enumerate(document):
            out.append((*path, i))
            out.extend(leaves(value, (*path, i)))
    return out


def set_at(document: Any, path: tuple[str | int, ...], value: Any) -> None:
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


# ---- routines and plans

NOTICES = (
    lowback.SafetyNotice(
        id="check-first",
        kind=lowback.NoticeKind.BEFORE_STARTING,
        text="Check with your healthcare professional first.",
    ),
    lowback.SafetyNotice(
        id="stop-if-worse",
        kind=lowback.NoticeKind.STOP_RULE,
        text="Stop if your pain gets worse.",
    ),
)

rests = st.builds(
    lowback.Rest,
    between_repetitions=st.integers(0, 10),
    between_sides=st.integers(0, 10),
    between_sets=st.integers(0, 60),
    between_exercises=st.integers(0, 60),
)


@st.composite
def chosen_doses(
    draw: st.DrawFn, exercise: lowback.Exercise
) -> lowback.ChosenDose:
    """Any dose inside what *exercise* allows."""
    allowed = exercise.dose
    reps = allowed.repetitions
    return lowback.ChosenDose(
        repetitions=draw(st.integers(reps.min, reps.max)),
        holds=tuple(
            None
            if p.hold is None
            else draw(st.integers(p.hold.min, p.hold.max))
            for p in allowed.phases
        ),
        sets=draw(st.integers(allowed.sets.min, allowed.sets.max)),
    )


@st.composite
def routines(draw: st.DrawFn) -> lowback.Routine:
    ids = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    items = []
    for exercise_id in ids:
        exercise = draw(exercises(exercise_id=exercise_id, short=True))
        items.append(
            lowback.RoutineItem(
                exercise=exercise, dose=draw(chosen_doses(exercise))
            )
        )
    return lowback.Routine(
        title=draw(texts),
        language=draw(languages),
        description=tuple(draw(st.lists(texts, max_size=2))),
        safety_notices=NOTICES,
        items=tuple(items),
        rest=draw(rests),
    )


@st.composite
def pain_reports(
    draw: st.DrawFn, routine: lowback.Routine, days: int
) -> tuple[lowback.PainReport, ...]:
    ids = [i.exercise.id for i in routine.items]
    reports = []
    for _ in range(draw(st.integers(0, 3))):
        before = draw(st.none() | st.integers(0, 10))
        after = None if before is None else draw(st.integers(0, 10))
        change = draw(
            st.sampled_from(lowback.Change)
            if before is None
            else st.none() | st.sampled_from(lowback.Change)
        )
        reports.append(
            lowback.PainReport(
                day=draw(st.integers(1, days)),
                exercise=draw(st.none() | st.sampled_from(ids)),
                before=before,
                after=after,
                change=change,
            )
        )
    return tuple(reports)


pain_rules = st.builds(
    lowback.PainRule,
    worse_by=st.integers(1, 4),
    max_pain=st.none() | st.integers(0, 10),
)


@st.composite
def plans(draw: st.DrawFn, with_reports: bool = True) -> lowback.Plan:
    routine = draw(routines())
    days = draw(st.integers(1, 60))
    reports = draw(pain_reports(routine, days)) if with_reports else ()
    start = draw(
        st.none()
        | st.dates(
            min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)
        )
    )
    return lowback.plan(
        routine, days, start=start, reports=reports, pain_rule=draw(pain_rules)
    )


# ---- the fast path: JSON text and values it must hand back


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


#: Values that overwrite a field of a valid document and that the fast
#: path must judge exactly as the reference path: integers at the 64 bit
#: and 100 digit edges, whole decimals, text that only Python or only
#: Rust counts as white space, a ``$`` before a final newline, lone
#: surrogates, and arrays nested around the 64 level limit.
edge_values = st.one_of(
    st.sampled_from(
        [
            2**63 - 1,
            2**63,
            2**64 - 1,
            2**64,
            -(2**63),
            -(2**63) - 1,
            10**100 - 1,
            10**100,
            -(10**100),
            5.0,
            -0.0,
            30.0,
            1e16,
            "\x1c",
            "\x1f",
            "\x85",
            "\u3000",
            "\ufeff",
            " \t",
            "en\n",
            "pelvic-tilt\n",
            "/dose/sets\n",
            "\ud800",
            "x\udc00",
        ]
    ),
    st.integers(50, 70).map(_nested),
)

_WHITE = st.sampled_from(["", "", " ", "\n", "\t", "\r\n  "])
_NUMBER_TEXTS = st.one_of(
    st.integers().map(str),
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.builds(
        "{}{}{}{}".format,
        st.sampled_from(["", "-"]),
        st.from_regex(r"\A(0|[1-9][0-9]{0,24})\Z"),
        st.sampled_from(["", ".0", ".5", ".000000000000000000001"]),
        st.sampled_from(["", "e5", "E-3", "e+308", "e309", "e-400", "e400"]),
    ),
    st.sampled_from(
        [
            "NaN",
            "Infinity",
            "-Infinity",
            "-0",
            "0e0",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1" + "0" * 101,
            "01",
            "1.",
            "+1",
        ]
    ),
)
_STRING_TEXTS = st.one_of(
    st.text(max_size=6).map(json.dumps),
    st.text(max_size=6).map(lambda s: json.dumps(s, ensure_ascii=False)),
    st.sampled_from(
        [
            '"\\ud800"',
            '"\\udc00"',
            '"\\ud83d\\ude00"',
            '"\\u003a"',
            '"\\u003A"',
            '"a:b"',
            '":"',
            '"\\""',
            '"\\\\"',
            '"\\\\u003a"',
            '"\\/"',
            '"\\x"',
            '"\t"',
            '"\u2028"',
        ]
    ),
)
#: Few keys, so that objects often repeat one, plainly or escaped.
_KEY_TEXTS = st.sampled_from(['"a"', '"b"', '"\\u0061"', '"a:"', '":"'])


def _array(items: list[str], white: str) -> str:
    return "[" + white + ("," + white).join(items) + white + "]"


def _object(members: list[tuple[str, str]], white: str) -> str:
    inner = ("," + white).join(f"{k}{white}:{white}{v}" for k, v in members)
    return "{" + white + inner + white + "}"


_JSON_TREES = st.recursive(
    _NUMBER_TEXTS
    | _STRING_TEXTS
    | st.sampled_from(["true", "false", "null", "tru", "nul"]),
    lambda children: (
        st.builds(_array, st.lists(children, max_size=4), _WHITE)
        | st.builds(
            _object,
            st.lists(
                st.tuples(_KEY_TEXTS | _STRING_TEXTS, children), max_size=4
            ),
            _WHITE,
        )
    ),
    max_leaves=12,
)
_DEEP_TEXTS = st.integers(1, 300).flatmap(
    lambda n: st.sampled_from(
        [
            "[" * n + "]" * n,
            '{"a":' * n + "1" + "}" * n,
            "[" * n + "]" * (n - 1),
        ]
    )
)


@st.composite
def json_texts(draw: st.DrawFn) -> str | bytes:
    """
    JSON text as a reader meets it, valid or not, as text or bytes.

    Duplicate keys (some escaped), NaN, Infinity and overflowing numbers,
    integers past 64 bits, lone surrogates, escaped colons, deep nesting,
    byte-order marks, invalid UTF-8, surrounding white space, trailing
    data, truncation and nothing at all.
    """
    text = draw(_WHITE) + draw(_JSON_TREES | _DEEP_TEXTS) + draw(_WHITE)
    text += draw(st.sampled_from(["", "", "", "", "", " 1", ",", "\x00"]))
    if draw(st.integers(0, 3)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["\ufeff", "\ud800", "\x1c"])) + text
    if draw(st.booleans()):
        return text
    data = text.encode("utf-8")
    damage = draw(
        st.sampled_from(
            [b"", b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff"]
        )
    )
    if damage.startswith((b"\xef", b"\xfe", b"\xff\xfe")):
        return damage + data
    at = draw(st.integers(0, len(data)))
    return data[:at] + damage + data[at:]
