"""
Handouts and pictures: the leaflet's content with the chosen doses in
it, the notices first and the stop rule last, in every format; SVG that
parses, says the same in words and stays grey.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lowback
from conftest import SHARED
from lowback._render._handout import dosed_steps
from strategies import chosen_doses, exercises, plans, routines

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

LEAFLET = SHARED / "seed" / "lower-back-exercises.txt"
SVG = "{http://www.w3.org/2000/svg}"


# -- turning each format back into plain words -------------------------------


class _Text(HTMLParser):
    """
    The text a reader sees in an HTML page: no style, no SVG.
    """

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:  # noqa: ARG002
        if tag in {"style", "svg", "title"} or self.skip:
            self.skip += tag not in _VOID
        if tag not in _VOID:
            self.open.append(tag)
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open.pop() == tag, f"</{tag}> closes another element"
        if self.skip:
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


_VOID = {"meta", "br", "img", "link", "input", "hr"}


def _svg_closing_tags(page: str) -> str:
    """
    Write SVG's self-closed elements open and closed, as HTML sees them.
    """
    return re.sub(r"<(\w+)([^<>]*)/>", r"<\1\2></\1>", page)


def words(text: str, format: str) -> str:  # noqa: A002
    """
    Return what a reader reads in a handout, as one line of words.
    """
    if format == "html":
        parser = _Text()
        parser.feed(_svg_closing_tags(text))
        parser.close()
        assert parser.open == [], f"unclosed elements: {parser.open}"
        text = "".join(parser.parts)
    elif format == "md":
        text = re.sub(r"^(#+|>|-) ?", "", text, flags=re.MULTILINE)
        # One pass: an escaped character is kept, emphasis dropped.
        text = re.sub(r"\\(.)|\*", lambda m: m.group(1) or "", text)
    else:
        text = text.replace("•", " ")
    return " ".join(unicodedata.normalize("NFKC", text).split())


# -- the leaflet -------------------------------------------------------------


def _leaflet() -> str:
    if not LEAFLET.is_file():
        pytest.skip(
            f"the leaflet is not at {LEAFLET}; it lives in shared/seed"
        )
    return LEAFLET.read_text(encoding="utf-8")


def _sections(text: str, names: list[str]) -> Iterator[tuple[str, list[str]]]:
    """
    Yield each exercise's name and its paragraphs and bullets.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    starts = [lines.index(name) for name in names]
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines) - 1
        yield (
            lines[start],
            [line.removeprefix("• ") for line in lines[start + 1 : end]],
        )


_RANGE = re.compile(r"(\d+) to (\d+) (seconds|times)")


def _dosed(line: str) -> re.Pattern[str]:
    """
    A leaflet line as a pattern: each range may be any one number.
    """
    parts = _RANGE.split(line)
    pattern = re.escape(parts[0])
    for i in range(1, len(parts), 4):
        pattern += rf"(\d+) {parts[i + 2]}" + re.escape(parts[i + 3])
    return re.compile(pattern)


@pytest.mark.parametrize("fmt", lowback.HANDOUT_FORMATS)
@pytest.mark.parametrize(
    "subject",
    ["routine", "plan"],
)
def test_leaflet_handout_carries_the_leaflet(fmt: str, subject: str) -> None:
    """
    Every line of the leaflet is in its handout, in order, with each range
    replaced by the dose the routine chose, inside that range.
    """
    leaflet = _leaflet()
    routine = lowback.leaflet_routine()
    made = (
        routine
        if subject == "routine"
        else lowback.plan(routine, 14, start=dt.date(2026, 12, 1))
    )
    read = words(lowback.handout(made, format=fmt), fmt)
    names = [item.exercise.name for item in routine.items]
    position = 0
    checked = 0
    for name, lines in _sections(leaflet, names):
        item = next(i for i in routine.items if i.exercise.name == name)
        position = read.index(name, position)
        for line in lines:
            found = _dosed(" ".join(line.split())).search(read, position)
            assert found, f"{name}: {line!r} is not in the {fmt} handout"
            for number, (low, high) in zip(
                found.groups(),
                [(int(a), int(b)) for a, b, _ in _RANGE.findall(line)],
                strict=True,
            ):
                assert low <= int(number) <= high, line
                chosen = {item.dose.repetitions, *item.dose.holds}
                assert int(number) in chosen, line
            position = found.end()
            checked += 1
    assert checked == 26 + 3  # the leaflet's bullets and purpose lines
    closing = " ".join(leaflet.strip().splitlines()[-1].split())
    described, stop = closing.split(". ", 1)
    assert stop == routine.safety_notices[1].text
    assert read.index(described + ".", position) < read.rindex(stop)


@pytest.mark.parametrize("fmt", lowback.HANDOUT_FORMATS)
def test_notices_first_and_stop_rule_last(fmt: str) -> None:
    routine = lowback.leaflet_routine()
    read = words(lowback.handout(routine, format=fmt), fmt)
    check, stop = (n.text for n in routine.safety_notices)
    first_step = read.index("Lie on the floor on your back.")
    last_step = read.rindex("Repeat 2 times for each leg.")
    assert read.index(check) < first_step
    assert read.index(stop) < first_step
    assert read.rindex(stop) > last_step
    assert read.count(stop) == 2
    assert read.count(check) == 1


def test_leaflet_handout_chosen_doses_are_written_in() -> None:
    """
    The steps say the chosen dose, not the leaflet's range.
    """
    routine = lowback.RoutineBuilder("Stretches").add(
        "hamstring-stretch", repetitions=3, hold=20
    )
    built = routine.add("knee-to-chest", repetitions=4, hold=30).build()
    text = words(lowback.handout(built), "text")
    assert "Hold for 20 seconds." in text
    assert "Repeat 3 times for each leg." in text
    assert "Hold the knee against the chest for 30 seconds" in text
    assert "Repeat 4 times for each leg." in text
    assert "15 to 30" not in text
    assert "2 to 4" not in text


def test_multi_phase_and_sets() -> None:
    tilt = lowback.catalog().get("pelvic-tilt")
    steps = dosed_steps(tilt, lowback.ChosenDose(repetitions=12, holds=(5, 5)))
    assert steps.count("Hold for 5 seconds, then release.") == 2
    assert "Start with 12 repetitions." in steps
    assert steps.index("Start with 12 repetitions.") == len(steps) - 2

    crunch = lowback.catalog().get("semi-crunch")
    bigger = attrs.evolve(crunch.dose, sets=lowback.Range(1, 3))
    crunch = attrs.evolve(crunch, dose=bigger, library_defaults=())
    steps = dosed_steps(
        crunch, lowback.ChosenDose(repetitions=10, holds=(5,), sets=2)
    )
    assert steps[-2:] == ("Repeat 10 times.", "Do 2 sets of these.")


def _cat_cow() -> lowback.Exercise:
    """
    The pelvic tilt's two phases, with move steps and no hold steps.
    """
    tilt = lowback.catalog().get("pelvic-tilt")
    move = lowback.StepRole.MOVE
    steps = (
        lowback.Step(
            text="Kneel on your hands and knees.", role=lowback.StepRole.SETUP
        ),
        lowback.Step(
            text="Breathe out and round your back.", role=move, phase="arch"
        ),
        lowback.Step(
            text="Breathe in and let your belly drop.",
            role=move,
            phase="flatten",
        ),
    )
    phases = tuple(
        attrs.evolve(p, hold=lowback.Range(5, 10)) for p in tilt.dose.phases
    )
    return attrs.evolve(
        tilt,
        dose=attrs.evolve(tilt.dose, phases=phases),
        id="cat-cow",
        name="Cat-cow",
        steps=steps,
        progression=None,
        library_defaults=(),
    )


@pytest.mark.parametrize("fmt", lowback.HANDOUT_FORMATS)
def test_each_phase_hold_follows_its_own_movement(fmt: str) -> None:
    """
    With move steps and no hold steps, each hold line follows its own
    phase's movement, in every format (it used to land before the second
    movement).
    """
    exercise = _cat_cow()
    dose = lowback.ChosenDose(repetitions=8, holds=(5, 6))
    assert dosed_steps(exercise, dose) == (
        "Kneel on your hands and knees.",
        "Breathe out and round your back.",
        "Hold for 5 seconds.",
        "Breathe in and let your belly drop.",
        "Hold for 6 seconds.",
        "Do this 8 times.",
    )
    leaflet = lowback.catalog()
    catalog = attrs.evolve(leaflet, exercises=(*leaflet.exercises, exercise))
    routine = (
        lowback.RoutineBuilder("Cat-cow", catalog=catalog)
        .add("cat-cow", repetitions=8, holds=(5, 6))
        .build()
    )
    said = words(lowback.handout(routine, format=fmt), fmt)
    assert re.search(
        "round your back.{0,12} Hold for 5 seconds.{0,12} Breathe in and "
        "let your belly drop.{0,12} Hold for 6 seconds",
        said,
    ), said


# Cheap, and the arrangements that matter (two phases, neither held)
# are a small share of them: more examples than the profile's.
@settings(max_examples=max(300, settings.default.max_examples))
@given(exercises(short=True), st.data())
def test_a_phase_hold_line_follows_the_phase_last_step(
    exercise: lowback.Exercise, data: st.DataObject
) -> None:
    """
    For any arrangement of steps and phases, each phase that no step
    holds gets its hold line right after its last step, or at the end
    when it has no step; the steps keep their order.
    """
    ids = [p.id for p in exercise.dose.phases]
    roles = [None, lowback.StepRole.MOVE, lowback.StepRole.HOLD]
    count = data.draw(st.integers(1, 6))
    steps = tuple(
        lowback.Step(
            text=f"Step {i}.",
            role=data.draw(st.sampled_from(roles)),
            phase=data.draw(st.none() | st.sampled_from(ids)),
        )
        for i in range(count)
    )
    exercise = attrs.evolve(exercise, steps=steps, library_defaults=())
    dose = data.draw(chosen_doses(exercise))
    out = dosed_steps(exercise, dose)
    at = [
        next(n for n, line in enumerate(out) if line.startswith(f"Step {i}."))
        for i in range(len(exercise.steps))
    ]
    assert at == sorted(at)
    held = {s.phase for s in exercise.steps if s.role is lowback.StepRole.HOLD}
    for phase, hold in zip(exercise.dose.phases, dose.holds, strict=True):
        line = f"Hold for {hold} second{'' if hold == 1 else 's'}."
        own = [i for i, s in enumerate(exercise.steps) if s.phase == phase.id]
        if phase.id in held:
            continue
        if hold is None:
            # A movement without a hold gets no hold line: its action
            # alone where no step says it.
            assert not any("None" in text for text in out)
            if own:
                after = out[at[own[-1]] + 1 : at[own[-1]] + 2]
                assert not any(t.startswith("Hold for") for t in after)
            else:
                assert phase.action in out
            continue
        if own:
            assert out[at[own[-1]] + 1] == line
        else:
            assert f"{phase.action} {line}" in out


def _childs_pose(hold: lowback.Range, said: str) -> lowback.Exercise:
    """
    A Child's Pose as an importer gives it, its dose completed by hand.
    """
    knee = lowback.catalog().get("knee-to-chest")
    (phase,) = knee.dose.phases
    return attrs.evolve(
        knee,
        id="childs-pose",
        name="Child's Pose",
        steps=(
            lowback.Step(text="Kneel and sit back on your heels."),
            lowback.Step(
                text=f"Hold for {said}, breathing deeply.", phase=phase.id
            ),
            lowback.Step(text="Repeat 2 to 4 times."),
        ),
        dose=attrs.evolve(
            knee.dose,
            phases=(attrs.evolve(phase, hold=hold),),
            sides=(),
        ),
        cautions=(),
        library_defaults=(),
    )


def test_a_step_stating_another_hold_is_refused() -> None:
    """
    An imported Child's Pose says "Hold for 30 to 60 seconds"; its dose,
    completed by hand, holds 30 s. The validator locates the problem and
    the model refuses the exercise.
    """
    thirty = lowback.Range(30, 30)
    document = lowback.to_document(_childs_pose(thirty, "30 seconds"))
    document["steps"][1]["text"] = (
        "Hold for 30 to 60 seconds, breathing deeply."
    )
    report = lowback.validate(document)
    assert [("/steps/1/text", "step-contradicts-dose")] == [
        (p.pointer, p.code) for p in report
    ]
    assert report.problems[0].message == (
        "the step says to hold for 30 to 60 seconds, but phase 'pull' "
        "allows 30 seconds"
    )
    with pytest.raises(lowback.InvalidValueError):
        _childs_pose(thirty, "30 to 60 seconds")


@pytest.mark.parametrize("fmt", lowback.HANDOUT_FORMATS)
def test_the_handout_writes_the_chosen_dose_over_the_words(fmt: str) -> None:
    """
    Where the words allow a range, the handout prints the chosen hold and
    repetitions in their place, never the range.
    """
    pose = _childs_pose(lowback.Range(5, 30), "15 to 30 seconds")
    dose = lowback.ChosenDose(repetitions=3, holds=(20,))
    assert dosed_steps(pose, dose) == (
        "Kneel and sit back on your heels.",
        "Hold for 20 seconds, breathing deeply.",
        "Repeat 3 times.",
    )
    leaflet = lowback.catalog()
    catalog = attrs.evolve(leaflet, exercises=(*leaflet.exercises, pose))
    routine = (
        lowback.RoutineBuilder("Evening", catalog=catalog)
        .add("childs-pose", repetitions=3, holds=(20,))
        .build()
    )
    said = words(lowback.handout(routine, format=fmt), fmt)
    assert "Hold for 20 seconds, breathing deeply." in said
    assert "15 to 30" not in said
    assert "2 to 4" not in said


_STATED = re.compile(r"\b(\d+)(?: to (\d+))? (second|time|repetition)s?\b")


@given(exercises(short=True), st.data())
def test_no_handout_states_a_dose_other_than_the_chosen_one(
    exercise: lowback.Exercise, data: st.DataObject
) -> None:
    """
    Steps that state any allowed hold or number of repetitions in words,
    for any chosen dose: every hold and count the dosed steps state is
    the chosen one.
    """
    dose_ = exercise.dose
    reps = dose_.repetitions
    steps = list(exercise.steps)
    for phase in dose_.phases:
        if phase.hold is None:
            continue  # no words may hold a movement (the validator says)
        low = data.draw(st.integers(phase.hold.min, phase.hold.max))
        high = data.draw(st.integers(low, phase.hold.max))
        steps.append(
            lowback.Step(
                text=f"Hold for {low} to {high} seconds.", phase=phase.id
            )
        )
    low = data.draw(st.integers(reps.min, reps.max))
    steps.append(lowback.Step(text=f"Repeat {low} to {reps.max} times."))
    exercise = attrs.evolve(exercise, steps=tuple(steps), library_defaults=())
    dose = data.draw(chosen_doses(exercise))
    out = " ".join(dosed_steps(exercise, dose))
    for match in _STATED.finditer(out):
        assert match[2] is None, match[0]
        allowed = (
            set(dose.holds) if match[3] == "second" else {dose.repetitions}
        )
        assert int(match[1]) in allowed, match[0]


def test_html_handout_has_a_main_landmark_and_a_table_caption() -> None:
    """
    Everything a patient reads is inside one ``<main>``, and the plan's
    table says what it is in a ``<caption>``.
    """
    plan = lowback.plan(lowback.leaflet_routine(), 7)
    page = lowback.handout(plan, format="html")
    body = page[page.index("<body>") + len("<body>") : page.index("</body>")]
    assert body.strip().startswith("<main>")
    assert body.strip().endswith("</main>")
    assert body.count("<main>") == 1
    assert re.search(r"<table>\s*<caption>[^<]+</caption>", page)


def test_unknown_format_is_refused() -> None:
    with pytest.raises(lowback.InvalidValueError) as caught:
        lowback.handout(lowback.leaflet_routine(), format="pdf")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "format: expected one of text, md, html, got 'pdf'"
    )


# -- any routine or plan -----------------------------------------------------


def _holds_said(steps: tuple[str, ...], hold: int) -> bool:
    word = "second" if hold == 1 else "seconds"
    return any(f"{hold} {word}" in step for step in steps)


@given(routines())
def test_every_chosen_value_is_in_the_steps(routine: lowback.Routine) -> None:
    for item in routine.items:
        steps = dosed_steps(item.exercise, item.dose)
        for hold in item.dose.holds:
            if hold is None:
                assert not any("None" in s for s in steps)
            else:
                assert _holds_said(steps, hold)
        reps = item.dose.repetitions
        assert any(re.search(rf"\b{reps} (time|repetition)", s) for s in steps)
        if item.dose.sets > 1:
            assert f"Do {item.dose.sets} sets of these." in steps


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _marker(read: str, marker: str, *, last: bool = False) -> int:
    """
    Where a heading of the handout is, written as is or in capitals.
    """
    found = [
        (read.rindex if last else read.index)(m)
        for m in (marker, marker.upper())
        if m in read
    ]
    assert found, f"no {marker!r}"
    return found[0]


@given(
    st.one_of(routines(), plans()),
    st.sampled_from(lowback.HANDOUT_FORMATS),
)
def test_any_handout_keeps_notices_and_exercises(
    subject: lowback.Routine | lowback.Plan, fmt: str
) -> None:
    """
    The notices come before the first exercise, each exercise comes in
    order under its number, and the stop rule comes after the last.
    """
    text = lowback.handout(subject, format=fmt)  # type: ignore[arg-type]
    read = words(text, fmt)
    routine = subject.routine if isinstance(subject, lowback.Plan) else subject
    before = _marker(read, "Before you start")
    position = before
    for n, item in enumerate(routine.items, 1):
        position = read.index(f"{n}. {_norm(item.exercise.name)}", position)
        if n == 1:
            for notice in subject.safety_notices:
                found = read.index(_norm(notice.text), before)
                assert before < found < position
    stop = _marker(read, "Stop if it gets worse", last=True)
    assert stop > position
    for notice in subject.safety_notices:
        if notice.kind is lowback.NoticeKind.STOP_RULE:
            assert read.index(_norm(notice.text), stop)
    if fmt == "html":
        assert text.count("<svg") == 1 + isinstance(subject, lowback.Plan)


# -- pictures ----------------------------------------------------------------

_GREY = re.compile(
    r"#([0-9a-f])\1\1|#([0-9a-f]{2})\2\2|black|white|none|url\(#[\w-]+\)"
)


def _svg(text: str) -> ET.Element:
    root = ET.fromstring(text)  # noqa: S314 - our own output
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    for element in root.iter():
        for key in ("fill", "stroke"):
            value = element.get(key)
            assert value is None or _GREY.fullmatch(value), (key, value)
    return root


def _said(root: ET.Element) -> str:
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text
    return desc.text


@given(plans())
def test_progression_chart(plan: lowback.Plan) -> None:
    root = _svg(lowback.progression_chart(plan))
    labels = [t.text or "" for t in root.iter(f"{SVG}text")]
    said = _said(root)
    stopped = any(e.dose is None for day in plan.days for e in day.entries)
    assert ("stopped" in labels) == stopped
    for n, item in enumerate(plan.routine.items):
        exercise = item.exercise
        per = " per side" if exercise.dose.per_side else ""
        assert f"{exercise.name}: repetitions{per}" in labels
        first = plan.days[0].entries[n].dose
        if first is not None:
            assert f"{first.repetitions} repetitions on day" in said
    for path in root.iter(f"{SVG}path"):
        assert path.get("stroke") == "black"
    # The y axis's labels (at the left, ending at the axis) never touch:
    # each is 14 px high.
    ticks = [
        float(t.get("y", 0))
        for t in root.iter(f"{SVG}text")
        if t.get("text-anchor") == "end" and float(t.get("x", 0)) < 56
    ]
    for a, b in itertools.combinations(ticks, 2):
        assert abs(a - b) >= 14 or abs(a - b) > 100  # another panel
    # In each panel, a target or cap is drawn after any hatching of
    # stopped days, so that it stays readable.
    for drawn in _panels(root, plan):
        if "limit" in drawn and "hatch" in drawn:
            assert drawn.index("limit") > drawn.index("hatch")


def _panels(root: ET.Element, plan: lowback.Plan) -> list[list[str]]:
    """
    Return what each panel of a progression chart draws, in order:
    ``hatch`` for stopped days, ``limit`` for a target or cap.
    """
    names = tuple(f"{i.exercise.name}: " for i in plan.routine.items)
    panels: list[list[str]] = []
    for e in root.iter():
        text = e.text or ""
        if e.tag == f"{SVG}rect" and e.get("fill", "").startswith("url("):
            panels[-1].append("hatch")
        elif e.tag != f"{SVG}text":
            continue
        elif e.get("font-weight") == "700" and text.startswith(names):
            panels.append([])
        elif panels and text.startswith(("target ", "cap ")):
            panels[-1].append("limit")
    return panels


def test_a_target_is_readable_over_stopped_days() -> None:
    """
    Pelvic tilts stopped on day 3 of 28: their panel hatches the days
    from 4 and draws "target 30" over the hatching, with a white halo.
    """
    plan = lowback.plan(
        lowback.leaflet_routine(),
        28,
        reports=[
            lowback.PainReport(
                day=3, exercise="pelvic-tilt", change=lowback.Change.WORSE
            )
        ],
    )
    root = _svg(lowback.progression_chart(plan))
    assert ["hatch", "limit"] in _panels(root, plan)
    (label,) = [t for t in root.iter(f"{SVG}text") if t.text == "target 30"]
    assert label.get("stroke") == "white"
    assert label.get("paint-order") == "stroke"


def test_progression_chart_says_the_days_in_words() -> None:
    routine = lowback.leaflet_routine()
    plan = lowback.plan(
        routine,
        12,
        reports=[
            lowback.PainReport(
                day=9, exercise="knee-to-chest", change=lowback.Change.WORSE
            )
        ],
    )
    said = _said(_svg(lowback.progression_chart(plan)))
    assert "Semi Crunches, repetitions: 8 repetitions on days 1 to 12." in said
    assert (
        "Pelvic Tilts, repetitions: 1 repetitions on day 1, "
        "2 repetitions on day 2," in said
    )
    assert "9 repetitions on days 9 to 12." in said  # nothing goes up
    assert (
        "Knee to Chest Stretches, repetitions per side: 2 repetitions on "
        "days 1 to 9, stopped on days 10 to 12." in said
    )


def test_progression_chart_draws_holds_that_change() -> None:
    stretch = lowback.catalog().get("hamstring-stretch")
    raising = attrs.evolve(
        stretch,
        progression=lowback.RaiseHold(every=lowback.Every.DAY, step=5, cap=30),
    )
    routine = attrs.evolve(
        lowback.leaflet_routine(),
        items=(
            lowback.RoutineItem(exercise=raising, dose=raising.dose.choose()),
        ),
    )
    root = _svg(lowback.progression_chart(lowback.plan(routine, 5)))
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Hamstring Stretches: hold in seconds" in labels
    assert "cap 30" in labels
    assert (
        "15 s on day 1, 20 s on day 2, 25 s on day 3, 30 s on days 4 to 5"
        in _said(root)
    )


@given(routines())
def test_timeline_strip(routine: lowback.Routine) -> None:
    root = _svg(lowback.timeline_strip(routine))
    cues = routine.timeline()
    bars = [
        r
        for r in root.iter(f"{SVG}rect")
        if r.get("y") == "64" and r.get("fill") != "none"
    ]
    kinds = [c.kind for c in cues]
    changes = sum(a is not b for a, b in itertools.pairwise(kinds))
    assert len(bars) == changes + 1
    dark = {
        "#222": lowback.CueKind.HOLD,
        "#888": lowback.CueKind.MOVE,
        "#ddd": lowback.CueKind.REST,
    }
    assert [dark[str(r.get("fill"))] for r in bars] == [
        k for n, k in enumerate(kinds) if n == 0 or k is not kinds[n - 1]
    ]
    widths = sum(float(r.get("width", 0)) for r in bars)
    assert widths == pytest.approx(640, abs=0.05 * len(bars) + 0.1)
    labels = [t.text for t in root.iter(f"{SVG}text")]
    for item in routine.items:
        assert item.exercise.name in labels


def test_id_prefix_is_checked() -> None:
    with pytest.raises(lowback.InvalidValueError, match="id_prefix"):
        lowback.timeline_strip(lowback.leaflet_routine(), id_prefix="1 x")
    text = lowback.timeline_strip(lowback.leaflet_routine(), id_prefix="s2")
    assert "id='s2-title'" in text


# -- the command -------------------------------------------------------------


def run(*words: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lowback", *words],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_cli_handout_writes_each_format(tmp_path: Path) -> None:
    for fmt in lowback.HANDOUT_FORMATS:
        result = run(
            "handout", "--format", fmt, "-o", f"h.{fmt}", cwd=tmp_path
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
        written = (tmp_path / f"h.{fmt}").read_text(encoding="utf-8")
        assert written == lowback.handout(
            lowback.leaflet_routine(),
            format=fmt,  # type: ignore[arg-type]
        )


def test_cli_handout_of_a_plan(tmp_path: Path) -> None:
    result = run(
        "handout", "--days", "3", "--start", "2026-12-01", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    expected = lowback.plan(
        lowback.leaflet_routine(), 3, start=dt.date(2026, 12, 1)
    )
    assert result.stdout == lowback.handout(expected)
    assert "YOUR PLAN" in result.stdout


def test_cli_handout_cannot_write(tmp_path: Path) -> None:
    result = run("handout", "-o", "missing/h.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "lowback: error: cannot write missing/h.txt: No such file or "
        "directory\n"
    )
