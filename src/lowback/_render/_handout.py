"""
Handouts: a routine or a plan as something a person reads and follows.

One layout, three renderings: plain text, Markdown and a printable HTML
page.
The safety notices come first and the stop rule last; the chosen doses
are written into the steps, so that "Hold for 15 to 30 seconds" reads
"Hold for 20 seconds" when 20 was chosen.
"""

from __future__ import annotations

import functools
import re
import textwrap
from html import escape
from typing import TYPE_CHECKING, Final, Literal, get_args

import attrs

from .._checks import check_choice, check_instance, count
from .._model import NoticeKind, SafetyNotice, StepRole
from .._plan import Plan
from .._problems import shown
from .._progression import AddRepetitions, ThroughRange
from .._routine import Routine
from .._rules._prose import holds as said_holds
from .._rules._prose import repetitions, rewrite
from .._version import __version__
from ._svg import progression_chart, timeline_strip
from ._text import columns, plan_notes, plan_table
from ._words import PLAIN, dose_words, duration

if TYPE_CHECKING:
    from .._dose import ChosenDose
    from .._model import Exercise

HandoutFormat = Literal["text", "md", "html"]
#: The formats `handout` writes.
HANDOUT_FORMATS: Final[tuple[HandoutFormat, ...]] = get_args(HandoutFormat)

_WIDTH = 72


# -- what a handout says, whatever its format -------------------------------


@attrs.frozen
class _Exercise:
    name: str
    purpose: str | None
    dose: str
    needs: str | None
    steps: tuple[str, ...]
    cautions: tuple[str, ...]


@attrs.frozen
class _PlanPart:
    intro: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str]


@attrs.frozen
class _Handout:
    title: str
    language: str
    notices: tuple[SafetyNotice, ...]
    exercises: tuple[_Exercise, ...]
    session: str
    description: tuple[str, ...]
    plan: _PlanPart | None
    sources: tuple[str, ...]
    #: A plan's pain rule in words, when it is not the leaflet's.
    rule: str | None = None

    @property
    def stop_rules(self) -> tuple[str, ...]:
        return (
            *(n.text for n in self.notices if n.kind is NoticeKind.STOP_RULE),
            *([self.rule] if self.rule else []),
        )


def dosed_steps(exercise: Exercise, dose: ChosenDose) -> tuple[str, ...]:
    """
    Return the steps of *exercise* with *dose* written into them.

    A hold step's seconds (``5 to 30 seconds``) become the chosen hold of
    its phase, a repeat step's count (``2 to 4 times``) the chosen
    repetitions, and a line is added where the steps do not say a chosen
    value: the hold of a phase, the repetitions, or the sets. A phase
    without a hold gets no hold line.
    """
    holds = {
        p.id: h for p, h in zip(exercise.dose.phases, dose.holds, strict=True)
    }
    steps_of = exercise.steps
    only = next(iter(holds)) if len(holds) == 1 else None
    # The phase whose hold each step's words say, if they say one.
    says = [
        (s.phase or only) if said_holds(s.text) else None for s in steps_of
    ]
    said = {
        s.phase for s in steps_of if s.role is StepRole.HOLD and s.phase
    } | {p for p in says if p is not None}
    # Where a phase has steps but none holds, its hold follows its last.
    last = {s.phase: i for i, s in enumerate(steps_of) if s.phase in holds}
    counted = False
    steps: list[str] = []
    for i, step in enumerate(steps_of):
        phase = says[i]
        text = step.text
        held = holds.get(step.phase or "")
        if phase is None and step.role is StepRole.HOLD and held is not None:
            text = f"{text} Hold for {count(held, 'second')}."
        text, stated = _chosen_in(text, holds.get(phase or ""), dose)
        counted = counted or stated
        steps.append(text)
        if (
            held is not None
            and step.phase not in said
            and last.get(step.phase or "") == i
        ):
            steps.append(f"Hold for {count(held, 'second')}.")
    # A phase without steps is said by its action; a movement without
    # a hold has no seconds to add.
    steps += [
        _phase_line(p.action, holds[p.id])
        for p in exercise.dose.phases
        if p.id not in said and p.id not in last
    ]
    if not counted:
        steps.insert(
            _before_progress(exercise, steps), _repeat(exercise, dose)
        )
    if dose.sets > 1:
        steps.append(f"Do {count(dose.sets, 'set')} of these.")
    return tuple(steps)


def _phase_line(action: str, hold: int | None) -> str:
    if hold is None:
        return action
    return f"{action} Hold for {count(hold, 'second')}."


def _chosen_in(
    text: str, hold: int | None, dose: ChosenDose
) -> tuple[str, bool]:
    """
    Return *text* with each dose its words state made the chosen one.

    *hold* is the chosen hold of the phase whose hold the words state;
    also returns whether they state repetitions.
    """
    if hold is not None:
        text = rewrite(text, said_holds(text), functools.partial(count, hold))
    stated = repetitions(text)
    if stated:
        text = rewrite(
            text, stated, functools.partial(count, dose.repetitions)
        )
    return text, bool(stated)


def _before_progress(exercise: Exercise, steps: list[str]) -> int:
    progress = {s.text for s in exercise.steps if s.role is StepRole.PROGRESS}
    for i, text in enumerate(steps):
        if text in progress:
            return i
    return len(steps)


def _repeat(exercise: Exercise, dose: ChosenDose) -> str:
    each = " for each side" if exercise.dose.per_side else ""
    if isinstance(exercise.progression, AddRepetitions | ThroughRange):
        return f"Start with {count(dose.repetitions, 'repetition')}{each}."
    return f"Do this {count(dose.repetitions, 'time')}{each}."


def _words(text: str) -> str:
    """
    Return the words of *text*, casefolded, one space between them.
    """
    return " ".join(re.findall(r"\w+", text.casefold()))


def _said(caution: str, said: str | None) -> bool:
    """
    Whether the steps already say *caution*, word for word.

    *said* is the words of each step, one step a line (a line break is
    never inside a step's words, so no match spans two steps); None
    when there are no steps.
    """
    return said is not None and _words(caution) in said


def _exercise(exercise: Exercise, dose: ChosenDose) -> _Exercise:
    steps = dosed_steps(exercise, dose)
    # Each step's words once, not once for each caution.
    said = "\n".join(_words(s) for s in steps) if steps else None
    return _Exercise(
        name=exercise.name,
        purpose=exercise.purpose,
        dose=dose_words(exercise, dose, PLAIN),
        needs=", ".join(e.replace("-", " ") for e in exercise.equipment)
        or None,
        steps=steps,
        cautions=tuple(c for c in exercise.cautions if not _said(c, said)),
    )


def _gather(subject: Routine | Plan) -> _Handout:
    made = subject if isinstance(subject, Plan) else None
    routine = subject.routine if isinstance(subject, Plan) else subject
    part = None
    if made is not None:
        header, rows = plan_table(made)
        days = len(made.days)
        intro = f"{count(days, 'day')}, from day 1"
        if made.start is not None:
            intro += f" ({made.start.isoformat()})"
        intro += (
            " to day "
            f"{days}. Each day, do the session above with that day's doses."
        )
        part = _PlanPart(intro, header, rows, plan_notes(made))
    sources = dict.fromkeys(
        i.exercise.provenance.source for i in routine.items
    )
    return _Handout(
        title=subject.title,
        language=subject.language,
        notices=subject.safety_notices,
        exercises=tuple(_exercise(i.exercise, i.dose) for i in routine.items),
        session=(
            f"One session takes about {duration(routine.estimated_duration)}"
            ", with short rests."
        ),
        description=routine.description,
        plan=part,
        sources=tuple(sources),
        rule=None if made is None else made.pain_rule.sentence,
    )


def handout(
    subject: Routine | Plan,
    *,
    format: HandoutFormat = "text",  # noqa: A002 - as in the CLI's --format
) -> str:
    """
    Return a handout for a routine or a plan.

    The safety notices come first and the stop rule again at the end,
    after the routine's description, if it has one.
    Each exercise has its steps with the chosen dose written into them
    ("Hold for 20 seconds", "Repeat 3 times for each leg"), the cautions
    the steps do not already say, and what it needs.
    A plan's handout adds the day-by-day table and any advice; its HTML
    page adds a chart of the doses by day.
    The HTML page of either has the session's timeline strip, a print
    stylesheet with large type, and nothing that loads from elsewhere.

    Args:
        subject: A `Routine`, or a `Plan` for its routine and days.
        format: ``text``, ``md`` (Markdown) or ``html``.

    Raises:
        InvalidValueError: If *format* is not one of `HANDOUT_FORMATS`.
    """
    check_instance("subject", subject, (Routine, Plan))
    check_choice("format", format, HANDOUT_FORMATS)
    content = _gather(subject)
    if format == "md":
        return shown(_markdown(content))
    if format == "html":
        return shown(_html(content, subject))
    return shown(_text(content))


def _footer(content: _Handout) -> tuple[str, str]:
    return (
        "Exercises from: " + "; ".join(content.sources) + ".",
        f"Made with lowback {__version__}.",
    )


# -- plain text -------------------------------------------------------------


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        _WIDTH,
        initial_indent=first,
        subsequent_indent=rest or " " * len(first),
        break_on_hyphens=False,
        break_long_words=False,
    )


def _text_exercise(n: int, e: _Exercise) -> list[str]:
    heading = f"{n}. {e.name}"
    lines = ["", heading, "-" * len(heading)]
    if e.purpose:
        lines += [*_wrap(e.purpose), ""]
    lines += _wrap(f"Your dose: {e.dose}.")
    if e.needs:
        lines += _wrap(f"You need: {e.needs}.")
    lines.append("")
    for step in e.steps:
        lines += _wrap(step, "  • ", "    ")
    for caution in e.cautions:
        lines += _wrap(f"Take care: {caution}", "  ")
    return lines


def _text(content: _Handout) -> str:
    lines = [content.title, "=" * len(content.title), "", "BEFORE YOU START"]
    for notice in content.notices:
        lines += _wrap(notice.text, "! ", "  ")
    for n, e in enumerate(content.exercises, 1):
        lines += _text_exercise(n, e)
    lines += ["", *_wrap(content.session)]
    for paragraph in content.description:
        lines += ["", *_wrap(paragraph)]
    if content.plan is not None:
        part = content.plan
        lines += ["", "YOUR PLAN", *_wrap(part.intro), ""]
        lines += [*columns(part.header, part.rows), ""]
        lines += [line for note in part.notes for line in _wrap(note)]
    lines += ["", "STOP IF IT GETS WORSE"]
    for text in content.stop_rules:
        lines += _wrap(text, "! ", "  ")
    lines.append("")
    for line in _footer(content):
        lines += _wrap(line)
    return "\n".join(lines) + "\n"


# -- Markdown ---------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\s*)(\d+)([.)])", r"\1\2\\\3", escaped)


def _markdown(content: _Handout) -> str:
    lines = [f"# {_md(content.title)}", "", "## Before you start", ""]
    for notice in content.notices:
        lines += [f"> **{_md(notice.text)}**", ">"]
    lines[-1] = ""
    for n, e in enumerate(content.exercises, 1):
        lines += [f"## {n}. {_md(e.name)}", ""]
        if e.purpose:
            lines += [f"*{_md(e.purpose)}*", ""]
        lines += [f"**Your dose:** {_md(e.dose)}.", ""]
        if e.needs:
            lines += [f"**You need:** {_md(e.needs)}.", ""]
        lines += [f"- {_md(step)}" for step in e.steps]
        lines += [f"- **Take care:** {_md(c)}" for c in e.cautions]
        lines.append("")
    lines += [_md(content.session), ""]
    lines += [f"{_md(paragraph)}\n" for paragraph in content.description]
    if content.plan is not None:
        part = content.plan
        lines += ["## Your plan", "", _md(part.intro), ""]
        lines += [
            "| " + " | ".join(part.header) + " |",
            "|" + "---|" * len(part.header),
            *("| " + " | ".join(_md(c) for c in r) + " |" for r in part.rows),
            "",
            *(f"{_md(note)}\n" for note in part.notes),
        ]
    lines += ["## Stop if it gets worse", ""]
    lines += [f"> **{_md(text)}**" for text in content.stop_rules]
    lines += ["", *(f"*{_md(line)}*  " for line in _footer(content))]
    lines[-1] = lines[-1].rstrip()
    return "\n".join(lines) + "\n"


# -- printable HTML ---------------------------------------------------------

_STYLE = """\
@page { size: A4; margin: 16mm 15mm; }
html { color: #000; background: #fff;
  font: 18px/1.5 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
body { max-width: 44rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.35rem; margin: 1.6rem 0 .4rem; break-after: avoid; }
.notices, .stop { border: 3px solid #000; padding: .5rem 1rem;
  margin: 1rem 0; }
.notices h2, .stop h2 { margin-top: .3rem; }
.notices p, .stop p { font-weight: bold; }
.exercise, .end { break-inside: avoid; }
.dose { font-size: 1.1rem; }
ul.steps li { margin: .3rem 0; }
.purpose { font-style: italic; }
figure { margin: 1rem 0; break-inside: avoid; }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { border: 1px solid #000; padding: .15rem .5rem; text-align: left; }
td { white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
footer { font-size: .8rem; margin-top: 2rem; }
@media print {
  html { font-size: 13pt; }
  body { max-width: none; padding: 0; }
}
"""


def _p(text: str, cls: str | None = None) -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{escape(text)}</p>"


def _html(content: _Handout, subject: Routine | Plan) -> str:
    routine = subject.routine if isinstance(subject, Plan) else subject
    body = [
        "<main>",
        f"<h1>{escape(content.title)}</h1>",
        '<section class="notices" aria-labelledby="before">',
        '<h2 id="before">Before you start</h2>',
        *(_p(n.text) for n in content.notices),
        "</section>",
    ]
    for n, e in enumerate(content.exercises, 1):
        body += _html_exercise(n, e)
    body += [
        "<figure>",
        timeline_strip(routine, id_prefix="session").rstrip(),
        f"<figcaption>{escape(content.session)}</figcaption>",
        "</figure>",
        *(_p(paragraph) for paragraph in content.description),
    ]
    if content.plan is not None and isinstance(subject, Plan):
        body += _html_plan(content.plan, subject)
    body += [
        '<div class="end">',
        '<section class="stop" aria-labelledby="stop">',
        '<h2 id="stop">Stop if it gets worse</h2>',
        *(_p(text) for text in content.stop_rules),
        "</section>",
        # Inside the last block, so the stop rule and the sources print
        # on the same page.
        "<footer>"
        + "<br>".join(escape(line) for line in _footer(content))
        + "</footer>",
        "</div>",
        "</main>",
    ]
    return (
        "\n".join([*_html_head(content), *body, "</body>", "</html>"]) + "\n"
    )


def _html_head(content: _Handout) -> list[str]:
    return [
        "<!DOCTYPE html>",
        f'<html lang="{escape(content.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        (
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        ),
        f'<meta name="generator" content="lowback {__version__}">',
        f"<title>{escape(content.title)}</title>",
        f"<style>\n{_STYLE}</style>",
        "</head>",
        "<body>",
    ]


def _html_exercise(n: int, e: _Exercise) -> list[str]:
    lines = ['<section class="exercise">', f"<h2>{n}. {escape(e.name)}</h2>"]
    if e.purpose:
        lines.append(_p(e.purpose, "purpose"))
    lines.append(
        f'<p class="dose"><strong>Your dose:</strong> {escape(e.dose)}.</p>'
    )
    if e.needs:
        lines.append(f"<p><strong>You need:</strong> {escape(e.needs)}.</p>")
    return [
        *lines,
        '<ul class="steps">',
        *(f"<li>{escape(s)}</li>" for s in e.steps),
        *(
            f"<li><strong>Take care:</strong> {escape(c)}</li>"
            for c in e.cautions
        ),
        "</ul>",
        "</section>",
    ]


def _html_plan(part: _PlanPart, plan: Plan) -> list[str]:
    return [
        "<section>",
        "<h2>Your plan</h2>",
        _p(part.intro),
        "<figure>",
        progression_chart(plan, id_prefix="plan").rstrip(),
        "</figure>",
        "<table>",
        "<caption>Your doses, day by day</caption>",
        "<thead><tr>"
        + "".join(f'<th scope="col">{escape(h)}</th>' for h in part.header)
        + "</tr></thead>",
        "<tbody>",
        *(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>"
            for r in part.rows
        ),
        "</tbody>",
        "</table>",
        *(_p(note) for note in part.notes),
        "</section>",
    ]


__all__ = ["HANDOUT_FORMATS", "HandoutFormat", "handout"]
