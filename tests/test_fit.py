"""
The FIT workout export, read back with Garmin's own decoder.

Each file is decoded with the FIT SDK, its repeat steps are done as a
watch does them, and the flat steps are compared with the session's
timeline, cue for cue, to the millisecond.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import garmin_fit_sdk as fit
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lowback
from helpers import CAT_COW, clinic_catalog
from lowback._cli import main
from lowback.exports import FIT_STRING_MAX, to_fit
from lowback.exports._fit import fit_text
from strategies import pain_reports, routines

REPEAT = "repeat_until_steps_cmplt"
LOWBACK = (sys.executable, "-m", "lowback")


def decode(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """
    Return the messages of a FIT file, failing unless it is whole.
    """
    decoder = fit.Decoder(fit.Stream.from_byte_array(bytearray(data)))
    assert decoder.is_fit()
    assert decoder.check_integrity()
    # The checks move the stream; a new one reads from the start.
    decoder = fit.Decoder(fit.Stream.from_byte_array(bytearray(data)))
    messages, errors = decoder.read(
        apply_scale_and_offset=False, merge_heart_rates=False
    )
    assert [] == errors
    return messages


def is_whole(data: bytes) -> bool:
    """
    Return whether Garmin's decoder finds a whole FIT file in *data*.
    """
    decoder = fit.Decoder(fit.Stream.from_byte_array(bytearray(data)))
    if not (decoder.is_fit() and decoder.check_integrity()):
        return False
    decoder = fit.Decoder(fit.Stream.from_byte_array(bytearray(data)))
    _, errors = decoder.read(
        apply_scale_and_offset=False, merge_heart_rates=False
    )
    return not errors


def flatten(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """
    Return the steps in the order a watch does them, repeats done.

    A repeat step sends the watch back to the step its duration names
    until the steps from there have been done as many times as its
    target says, in all.
    """
    assert [s["message_index"] for s in steps] == list(range(len(steps)))
    done: list[dict[str, Any]] = []
    passes: dict[int, int] = {}
    i = 0
    while i < len(steps):
        step = steps[i]
        if step["duration_type"] != REPEAT:
            done.append(step)
            i += 1
            continue
        assert step["duration_step"] < i
        passes[i] = passes.get(i, 1) + 1
        if passes[i] <= step["repeat_steps"]:
            i = step["duration_step"]
        else:
            del passes[i]
            i += 1
    return done


def check_steps(routine: lowback.Routine, data: bytes) -> list[Any]:
    """
    Check that the file, its repeats done, is *routine*'s timeline.

    Returns the flat steps.
    """
    messages = decode(data)
    workout = messages["workout_mesgs"][0]
    steps = messages["workout_step_mesgs"]
    assert len(steps) == workout["num_valid_steps"]
    assert "workout" == messages["file_id_mesgs"][0]["type"]
    flat = flatten(steps)
    # The safety notices the description has no room for come first.
    while flat and flat[0]["duration_type"] == "open":
        assert flat.pop(0)["wkt_step_name"].startswith("Safety")
    cues = routine.timeline()
    assert len(cues) == len(flat)
    seen: dict[str, int] = {}
    for cue, step in zip(cues, flat, strict=True):
        assert "time" == step["duration_type"]
        assert cue.duration * 1000 == step["duration_value"]
        if cue.kind is lowback.CueKind.REST:
            assert ("rest", "Rest") == (
                step["intensity"],
                step["wkt_step_name"],
            )
            assert cue.text in step["notes"]
            continue
        item = routine.item(cue.exercise)
        exercise = item.exercise
        phase = next(p for p in exercise.dose.phases if p.id == cue.phase)
        name = step["wkt_step_name"]
        assert "active" == step["intensity"]
        assert name.startswith(exercise.name)
        assert (cue.side is not None) == (f", {cue.side}" in name)
        if cue.side is not None:
            assert f", {cue.side.value}" in name
        if len(exercise.dose.phases) > 1:
            assert f", {phase.id}" in name
        if item.dose.sets > 1:
            assert name.endswith(f", set {cue.set}")
        hold = f"Hold {cue.duration} s."
        assert step["notes"].endswith(
            f"{phase.action} {hold}"
            if cue.kind is lowback.CueKind.HOLD
            else phase.action
        )
        # Each repetition is the next pass over the same step (two
        # exercises may have one name: the timeline says which is which).
        key = f"{cue.exercise}:{name}"
        seen[key] = seen.get(key, 0) + 1
        assert cue.repetition == seen[key]
    total = sum(s["duration_value"] for s in flat)
    assert 1000 * sum(c.duration for c in cues) == total
    assert 1000 * routine.estimated_duration == total
    return flat


@pytest.fixture(scope="module")
def leaflet() -> lowback.Routine:
    return lowback.leaflet_routine()


@pytest.fixture(scope="module")
def clinic_routine() -> lowback.Routine:
    """
    Cat-cow (phases without a hold), and a clinic's variant of it done
    one side at a time, in sets; then the leaflet's sided stretch.
    """
    sided = copy.deepcopy(CAT_COW)
    sided["id"] = "side-cat-cow"
    sided["name"] = "Side Cat-Cow"
    sided["dose"]["sides"] = ["left", "right"]
    sided["dose"]["sets"] = {"min": 1, "max": 3}
    builder = lowback.RoutineBuilder(
        "Mornings", catalog=clinic_catalog(CAT_COW, sided)
    )
    builder.add("cat-cow", repetitions=8)
    builder.add("side-cat-cow", repetitions=8, sets=2)
    builder.add("knee-to-chest", repetitions=3)
    builder.add("pelvic-tilt", repetitions=4)
    return builder.build()


def test_the_leaflet_routine_decodes_to_its_timeline(leaflet):
    """The leaflet's session comes back from the file cue for cue."""
    data = to_fit(leaflet)
    flat = check_steps(leaflet, data)
    messages = decode(data)
    workout = messages["workout_mesgs"][0]
    assert leaflet.title == workout["wkt_name"]
    assert ("training", "flexibility_training") == (
        workout["sport"],
        workout["sub_sport"],
    )
    # Every safety notice, whole, in the description.
    for notice in leaflet.safety_notices:
        assert notice.text in workout["wkt_description"]
    # Repeats make the file shorter than the timeline.
    assert len(messages["workout_step_mesgs"]) < len(flat)
    assert any(
        s["duration_type"] == REPEAT
        for s in decode(data)["workout_step_mesgs"]
    )
    # FIT's own exercise names where it has one; none for the pelvic tilt.
    names = {
        s["wkt_step_name"].split(",")[0]: s.get("exercise_category")
        for s in flat
        if s["intensity"] == "active"
    }
    assert {
        "Semi Crunches": "crunch",
        "Hamstring Stretches": "warm_up",
        "Pelvic Tilts": None,
        "Knee to Chest Stretches": "warm_up",
    } == names


def test_the_same_session_gives_the_same_bytes(leaflet):
    assert to_fit(leaflet) == to_fit(leaflet)


def test_phases_without_a_hold_sides_and_sets(clinic_routine):
    """Movements are timed steps of MOVEMENT_SECONDS; sides and sets show."""
    flat = check_steps(clinic_routine, to_fit(clinic_routine))
    names = {s["wkt_step_name"] for s in flat}
    assert {
        "Side Cat-Cow, left, arch, set 1",
        "Side Cat-Cow, right, round, set 2",
        "Knee to Chest Stretches, left",
        "Knee to Chest Stretches, right",
        "Pelvic Tilts, arch",
        "Pelvic Tilts, flatten",
    } <= names
    cat_cow = [s for s in flat if "Cat-Cow" in s["wkt_step_name"]]
    assert cat_cow
    assert {lowback.MOVEMENT_SECONDS * 1000} == {
        s["duration_value"] for s in cat_cow
    }
    assert not any("Hold" in s["notes"] for s in cat_cow)
    # Every side and every phase of the timeline is in the file.
    cues = clinic_routine.timeline()
    assert {c.side.value for c in cues if c.side} == {
        n.split(", ")[1] for n in names if n.startswith("Knee")
    }
    assert {c.phase for c in cues if c.exercise == "cat-cow" and c.phase} == {
        n.split(", ")[1] for n in names if n.startswith("Cat-Cow")
    }
    assert {
        (c.side.value, c.phase, c.set)
        for c in cues
        if c.exercise == "side-cat-cow" and c.side
    } == {
        (*n.split(", ")[1:3], int(n.split(" ")[-1]))
        for n in names
        if n.startswith("Side Cat-Cow")
    }


def test_day_5_of_a_plan_after_a_worse_report(leaflet):
    """The day's session: the stopped exercise is left out."""
    worse = lowback.PainReport(
        day=3, exercise="pelvic-tilt", change=lowback.Change.WORSE
    )
    plan = lowback.plan(
        leaflet, 28, start=dt.date(2026, 12, 1), reports=[worse]
    )
    session = plan.session(5)
    assert session is not None
    data = to_fit(plan, day=5)
    flat = check_steps(session, data)
    assert not any(s["wkt_step_name"].startswith("Pelvic") for s in flat)
    workout = decode(data)["workout_mesgs"][0]
    assert f"{plan.title}, day 5 of 28" == workout["wkt_name"]
    # Day 1 still has it, and is the default.
    assert to_fit(plan) == to_fit(plan, day=1)
    assert any(
        s["wkt_step_name"].startswith("Pelvic")
        for s in flatten(decode(to_fit(plan))["workout_step_mesgs"])
    )


def test_a_day_with_every_exercise_stopped_has_no_session(leaflet):
    worse = lowback.PainReport(day=2, change=lowback.Change.WORSE)
    plan = lowback.plan(leaflet, 7, reports=[worse])
    with pytest.raises(lowback.InvalidValueError, match="every exercise"):
        to_fit(plan, day=4)
    assert to_fit(plan, day=2)  # the day of the report still has it


def test_wrong_subjects_and_days(leaflet):
    with pytest.raises(lowback.InvalidValueError, match="routine has one"):
        to_fit(leaflet, day=1)
    with pytest.raises(lowback.InvalidValueError, match="subject"):
        to_fit("leaflet")  # type: ignore[arg-type]
    with pytest.raises(lowback.UnknownDayError):
        to_fit(lowback.plan(leaflet, 7), day=8)


def test_a_broken_file_is_rejected(leaflet):
    """A flipped byte or a cut file fails the check the tests rely on."""
    data = to_fit(leaflet)
    assert is_whole(data)
    for at in (20, len(data) // 2, len(data) - 3):
        flipped = bytearray(data)
        flipped[at] ^= 0x01
        assert not is_whole(bytes(flipped)), at
    assert not is_whole(data[:-1])
    assert not is_whole(data[: len(data) // 2])
    assert not is_whole(b"")


def safety_steps(data: bytes) -> list[str]:
    steps = decode(data)["workout_step_mesgs"]
    return [s["notes"] for s in steps if s["duration_type"] == "open"]


def test_a_plans_own_rule_comes_first_in_steps_of_its_own(leaflet):
    """
    A notice the description has no room for is a step to read first;
    one longer than a FIT string is split between words, none cut.
    """
    plan = lowback.plan(leaflet, 7, pain_rule=lowback.PainRule(worse_by=3))
    sentence = plan.pain_rule.sentence
    assert sentence
    assert len(sentence.encode()) > FIT_STRING_MAX
    data = to_fit(plan)
    workout = decode(data)["workout_mesgs"][0]
    for notice in leaflet.safety_notices:
        assert notice.text in workout["wkt_description"]
    assert sentence not in workout["wkt_description"]
    parts = safety_steps(data)
    assert len(parts) == 2
    assert sentence == " ".join(parts)
    names = [
        s.get("wkt_step_name") for s in decode(data)["workout_step_mesgs"]
    ]
    assert ["Safety 1 of 2", "Safety 2 of 2"] == names[:2]
    session = plan.session(1)
    assert session is not None
    check_steps(session, data)
    # The leaflet's own notices fit the description: no safety step.
    assert [] == safety_steps(to_fit(leaflet))


def test_notices_past_the_description_each_get_steps(leaflet):
    extra = [
        lowback.SafetyNotice(
            id=f"extra-{n}",
            kind=lowback.NoticeKind.BEFORE_STARTING,
            text=f"Note {n}: " + "keep breathing " * 20 + "x" * 300,
        )
        for n in range(2)
    ]
    routine = lowback.Routine(
        title="Long",
        language="en",
        safety_notices=(*leaflet.safety_notices, *extra),
        items=leaflet.items,
    )
    data = to_fit(routine)
    parts = safety_steps(data)
    assert all(len(p.encode()) <= FIT_STRING_MAX for p in parts)
    joined = "".join(parts)
    for notice in extra:
        assert notice.text.replace(" ", "") in joined.replace(" ", "")
    check_steps(routine, data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Semi Crunches", "Semi Crunches"),
        ("a" * 254, "a" * 254),
        ("a" * 255, "a" * 251 + "\N{HORIZONTAL ELLIPSIS}"),
        ("é" * 200, "é" * 125 + "\N{HORIZONTAL ELLIPSIS}"),
        ("one\nline", "one\\u000aline"),
    ],
)
def test_fit_text_holds_in_a_fit_string(text, expected):
    assert expected == fit_text(text)
    assert len(fit_text(text).encode()) <= FIT_STRING_MAX


def test_without_the_sdk_the_error_says_what_to_install(leaflet, monkeypatch):
    monkeypatch.setitem(sys.modules, "garmin_fit_sdk", None)
    with pytest.raises(ImportError, match="fit extra") as raised:
        to_fit(leaflet)
    assert isinstance(raised.value, lowback.LowbackError)
    again = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 - ours
    assert str(raised.value) == str(again)


@settings(max_examples=25, deadline=None)
@given(routine=routines())
def test_every_routine_decodes_to_its_timeline(routine):
    check_steps(routine, to_fit(routine))


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_every_day_of_a_plan_decodes_to_its_session(data):
    """Each day's file is that day's session; a day with none refuses."""
    routine = data.draw(routines())
    plan = lowback.plan(
        routine, 4, reports=data.draw(pain_reports(routine, 4))
    )
    for day in range(1, 5):
        session = plan.session(day)
        if session is None:
            with pytest.raises(lowback.InvalidValueError):
                to_fit(plan, day=day)
        else:
            check_steps(session, to_fit(plan, day=day))


# ---- the command line


def test_cli_writes_a_file_that_decodes(tmp_path, leaflet):
    out = tmp_path / "workout.fit"
    result = subprocess.run(
        [*LOWBACK, "export", "--format", "fit", "--day", "5", "-o", str(out)],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert (0, b"", b"") == (result.returncode, result.stdout, result.stderr)
    plan = lowback.plan(leaflet, 28)
    session = plan.session(5)
    assert session is not None
    check_steps(session, out.read_bytes())
    assert out.read_bytes() == to_fit(plan, day=5)


def test_cli_writes_bytes_to_a_pipe(leaflet):
    result = subprocess.run(
        [*LOWBACK, "export", "--format", "fit", "-o", "-"],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert (0, b"") == (result.returncode, result.stderr)
    assert to_fit(leaflet) == result.stdout


def test_cli_refuses_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert 2 == main(["export", "--format", "fit"])
    out, err = capsys.readouterr()
    assert "" == out
    assert 1 == err.count("\n")
    assert "binary file" in err
    assert "-o FILE" in err


def test_cli_day_is_for_fit_only(capsys):
    assert 2 == main(["export", "--format", "jsonld", "--day", "2"])
    err = capsys.readouterr().err
    assert "lowback: error: --day is for --format fit only\n" == err


def test_cli_a_failed_write_leaves_no_file(tmp_path, capsys):
    target = tmp_path / "missing" / "x.fit"
    status = main(["export", "--format", "fit", "-o", str(target)])
    err = capsys.readouterr().err
    assert 2 == status
    assert 1 == err.count("\n")
    assert err.startswith("lowback: error: ")
    assert [] == list(tmp_path.iterdir())


def test_cli_an_interrupted_write_leaves_the_old_file(
    tmp_path, monkeypatch, capsys
):
    """A write that fails half way removes its temporary file."""
    target = tmp_path / "x.fit"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", fail)
    assert 2 == main(["export", "--format", "fit", "-o", str(target)])
    err = capsys.readouterr().err
    assert "No space left on device" in err
    assert b"old" == target.read_bytes()
    assert ["x.fit"] == [p.name for p in tmp_path.iterdir()]


# ---- the picture in docs/fit.md, drawn from a decoded file

PICTURE = Path(__file__).parents[1] / "docs" / "fit-steps.svg"
COLOURS = {"active": "#1f5fa8", "rest": "#b8c2cc", "move": "#7a4fb0"}


def _colour(step: dict[str, Any]) -> str:
    if step.get("intensity") == "rest":
        return COLOURS["rest"]
    if "Hold" in step.get("notes", ""):
        return COLOURS["active"]
    return COLOURS["move"]


def draw(data: bytes) -> str:
    """
    Return an SVG of a FIT workout: the session as a bar, then each step
    of the file, with its repeats.
    """
    messages = decode(data)
    steps = messages["workout_step_mesgs"]
    flat = [s for s in flatten(steps) if s["duration_type"] == "time"]
    total = sum(s["duration_value"] for s in flat)
    width, left, row = 560, 20, 22
    top = 96
    height = top + row * len(steps) + 20
    title = html.escape(messages["workout_mesgs"][0]["wkt_name"])
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" '
            'font-family="sans-serif" font-size="13" role="img" '
            'aria-labelledby="fit-title">'
        ),
        f'<title id="fit-title">The steps of a FIT workout: {title}</title>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        (
            f'<text x="{left}" y="24" font-weight="bold">{title}: '
            f"{total // 60000} min {total // 1000 % 60:02d} s, "
            f"{len(flat)} timed steps done, {len(steps)} in the file</text>"
        ),
    ]
    x, span = 0, width - 2 * left
    for step in flat:
        w = step["duration_value"] * span / total
        out.append(
            f'<rect x="{left + x:.2f}" y="36" width="{w:.2f}" height="22" '
            f'fill="{_colour(step)}" stroke="#ffffff" stroke-width="0.5"/>'
        )
        x += w
    legend = [("hold", "active"), ("movement", "move"), ("rest", "rest")]
    for n, (label, key) in enumerate(legend):
        lx = left + n * 120
        out.append(
            f'<rect x="{lx}" y="68" width="12" height="12" '
            f'fill="{COLOURS[key]}"/>'
            f'<text x="{lx + 18}" y="79">{label}</text>'
        )
    for i, step in enumerate(steps):
        y = top + row * i + 15
        if step["duration_type"] == REPEAT:
            start = step["duration_step"]
            first = top + row * start + 4
            out.append(
                f'<path d="M 390 {first} h 10 V {y - 4} h -10" '
                'fill="none" stroke="#333333" stroke-width="1.5"/>'
                f'<text x="{left + 18}" y="{y}" font-style="italic">'
                f"{i + 1}. Repeat steps {start + 1} to {i}, "
                f"{step['repeat_steps']} times in all</text>"
            )
            continue
        seconds = (
            f"{step['duration_value'] // 1000} s"
            if step["duration_type"] == "time"
            else "until you go on"
        )
        name = html.escape(step.get("wkt_step_name", ""))
        out.append(
            f'<rect x="{left}" y="{y - 11}" width="12" height="12" '
            f'fill="{_colour(step)}"/>'
            f'<text x="{left + 18}" y="{y}">{i + 1}. {name}</text>'
            f'<text x="330" y="{y}">{seconds}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def test_the_picture_in_the_docs_is_drawn_from_the_export(leaflet):
    """docs/fit-steps.svg is the leaflet's file as decoded; redraw it with
    ``python tests/test_fit.py`` when the export changes."""
    assert draw(to_fit(leaflet)) == PICTURE.read_text(encoding="utf-8")


if __name__ == "__main__":
    PICTURE.write_text(
        draw(to_fit(lowback.leaflet_routine())), encoding="utf-8"
    )
