"""
Work grows in proportion to the input, not with its square.

Each test is a case a user met: a few kilobytes that took minutes.
Work is counted, not timed: the lines of lowback's own code a call runs
(a loop inside a loop runs its lines once per pair), or the calls to the
inner function that was run once per pair. Only a regular expression,
whose work happens in C, is given a time limit, in a process of its own,
far above what the linear work takes.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest

import lowback
from lowback.importers import _common, import_records

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType

#: lowback's own code, whose lines are counted.
SOURCE = str(Path(lowback.__file__).parent)


class TooMuchWorkError(BaseException):
    """
    More lines ran than a linear amount of work needs.

    A BaseException, so that no handler in the code under test takes it
    for a failure of its own and carries on.
    """


def lines_run(run: Callable[[], object], most: int) -> int:
    """
    Return how many lines of lowback's own code *run* runs.

    Raises:
        TooMuchWorkError: As soon as more than *most* have run, so that
            quadratic work fails fast instead of taking minutes.
    """
    count = 0

    def line(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if event == "line":
            count += 1
            if count > most:
                raise TooMuchWorkError(f"more than {most} lines run")
        return line

    def call(frame: FrameType, event: str, arg: object) -> Any:
        return line if frame.f_code.co_filename.startswith(SOURCE) else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        run()
    finally:
        sys.settrace(previous)
    return count


def _exercises(n: int) -> tuple[lowback.Exercise, ...]:
    """
    *n* copies of the leaflet's first exercise, ids ``e0`` to ``e<n-1>``.
    """
    first = lowback.catalog().exercises[0]
    return tuple(attrs.evolve(first, id=f"e{i}") for i in range(n))


def test_a_plan_reads_each_report_once_not_once_a_day() -> None:
    """5,000 reports over 1,000 days: each report costs a few lines, not a few for each day (5,000,000)."""
    routine = lowback.leaflet_routine()
    days, ids = 1000, [item.exercise.id for item in routine.items]
    worse = [lowback.PainReport(day=days - 1, change=lowback.Change.WORSE)]
    reports = [
        lowback.PainReport(
            day=1 + i % days,
            exercise=ids[i % len(ids)],
            change=lowback.Change.SAME if i % 2 else lowback.Change.BETTER,
        )
        for i in range(5000)
    ]
    made: list[lowback.Plan] = []

    alone = lines_run(
        lambda: lowback.plan(routine, days, reports=worse), most=10**8
    )
    lines_run(
        lambda: made.append(
            lowback.plan(routine, days, reports=[*reports, *worse])
        ),
        most=alone + 100 * len(reports),
    )

    (plan,) = made
    assert lowback.Status.STOPPED == plan.days[-1].entries[0].status
    assert lowback.Status.GO == plan.days[-2].entries[0].status
    assert alone > days * len(ids)  # the counting counts


def test_a_handout_reads_each_step_once_not_once_a_caution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """50 steps and 50 cautions: the words of each are found once, not 2,500 times."""
    first = lowback.catalog().exercises[0]
    exercise = attrs.evolve(
        first,
        steps=(
            *first.steps,
            *(
                lowback.Step(text=f"Keep step {i} slow.")
                for i in range(50 - len(first.steps))
            ),
        ),
        cautions=tuple(f"Caution {i}: not said." for i in range(50)),
    )
    catalog = attrs.evolve(lowback.catalog(), exercises=(exercise,))
    routine = (
        lowback.RoutineBuilder("One", catalog=catalog).add(exercise.id).build()
    )
    found = re.findall
    calls = 0

    def findall(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return found(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(re, "findall", findall)
        text = lowback.handout(routine)

    assert "Caution 49: not said." in text
    assert len(exercise.steps) == 50
    assert calls <= 2 * (len(exercise.steps) + len(exercise.cautions))


def test_a_builder_of_2000_exercises_looks_each_id_up_once() -> None:
    """Adding 2,000 exercises does not compare each with every one before it (2,000,000 comparisons)."""
    exercises = _exercises(2000)
    catalog = attrs.evolve(lowback.catalog(), exercises=exercises)
    builder = lowback.RoutineBuilder("Many", catalog=catalog)

    def add_all() -> None:
        for exercise in exercises:
            builder.add(exercise.id)

    lines_run(add_all, most=300 * len(exercises))
    with pytest.raises(lowback.InvalidValueError, match=r"e1999.* already"):
        builder.add("e1999")


def test_2000_records_of_one_id_get_their_ids_in_linear_work() -> None:
    """2,000 records of one id cost about what 2,000 of different ids do, not 2,000,000 tries for a free id."""
    distinct = json.dumps(
        [{"id": f"Id{i}", "name": "Same"} for i in range(2000)]
    )
    same = json.dumps([{"id": "Same_Id", "name": "Same"}] * 2000)
    drafts: list[Any] = []

    each = lines_run(
        lambda: import_records("free-exercise-db", distinct), most=10**8
    )
    lines_run(
        lambda: drafts.extend(import_records("free-exercise-db", same)),
        most=2 * each,
    )

    assert ["same-id", "same-id-2", "same-id-2000"] == [
        drafts[0].id,
        drafts[1].id,
        drafts[-1].id,
    ]
    assert len({d.id for d in drafts}) == 2000


def _laughs(n: int) -> str:
    """
    YAML of a few hundred bytes that aliases its way to n**4 exercises.
    """
    e, g, s, w = (", ".join([f"*{a}"] * n) for a in "egsw")
    return (
        "e: &e {name: Bird dog}\n"
        f"g: &g {{exercises: [{e}]}}\n"
        f"s: &s {{exercises: [{g}]}}\n"
        f"w: &w {{exercises: [{g}], sections: [{s}]}}\n"
        f"workouts: [{w}]\n"
    )


@pytest.mark.parametrize("module", ["yaml", "ruamel.yaml"])
def test_yaml_aliases_are_refused_before_they_multiply(
    module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A "billion laughs" workout-share file is refused, naming the alias and its line, with little work."""
    if importlib.util.find_spec(module.split(".", maxsplit=1)[0]) is None:
        pytest.skip(f"{module} is not installed")
    monkeypatch.setattr(
        _common, "_yaml_module", lambda: importlib.import_module(module)
    )
    laughs = _laughs(20)  # 506 bytes, 168,000 exercises

    with pytest.raises(lowback.InvalidValueError) as caught:
        lines_run(
            lambda: import_records(
                "workout-share", laughs, path="laughs.yaml"
            ),
            most=100_000,
        )

    assert "data" == caught.value.field
    assert str(caught.value) == (
        "data: laughs.yaml: line 2: *e is a YAML alias, which lowback does "
        "not read (aliases can make a small file huge); write the value out "
        "in full"
    )
    assert "\n" not in str(caught.value)


def test_html_that_is_a_million_unclosed_tags_is_text_in_linear_time() -> None:
    """A wger description of 1,000,000 '<' after markup the parser gives up on is read in seconds, not many minutes."""
    description = "<p>Lie down.</p><![bogus[" + "<" * 1_000_000
    fixtures = [
        {
            "model": "exercises.translation",
            "pk": 1,
            "fields": {"name": "Bridge", "description": description},
        }
    ]
    script = (
        "import json, sys\n"
        "from lowback.importers import import_records\n"
        "(draft,) = import_records('wger', sys.stdin.read())\n"
        "print(json.dumps(draft.document['steps'][-1]['text'][:40]))\n"
    )

    # Linear, this takes about a second; quadratic, over five minutes.
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(fixtures),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert json.loads(done.stdout) == "Lie down. <![bogus[" + "<" * 21


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lie" + " down" * 200_000 + " here", "None 0"),
        ("Lie down flat and " * 50_000 + "on your back", "lying-on-back 0"),
        ("Hold for " + "1-" * 100_000 + "5 seconds", "None 1"),
        ("switch " * 200_000, "None 0"),
    ],
)
def test_a_step_of_a_megabyte_is_read_for_position_and_dose_in_seconds(
    text: str, expected: str
) -> None:
    """The one reader of doses and positions in words takes a long, repetitive step in about a second, not minutes."""
    script = (
        "import sys\n"
        "from lowback._rules._prose import position, said\n"
        "text = sys.stdin.read()\n"
        "found = position(text)\n"
        "print(found and found.value, len(said(text).holds))\n"
    )

    # Linear, this takes well under a second; quadratic, many minutes.
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert expected == done.stdout.strip()
