"""
Text that could attack a terminal or a file format is refused, located,
and escaped by every renderer anyway (issue "Outside in", part 1).
"""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest

import lowback
from lowback.exports import to_ics

#: Each character the format refuses in text, by the name a test shows.
HOSTILE = {
    "escape": "\x1b[13A\x1b[J",
    "bell": "\x07",
    "carriage return": "\r",
    "line break": "\n",
    "tab": "\t",
    "null": "\x00",
    "vertical tab": "\x0b",
    "form feed": "\x0c",
    "delete": "\x7f",
    "next line": "\x85",
    "C1 CSI": "\x9b",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
}
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _exercise_document() -> dict:
    return lowback.to_document(lowback.catalog().get("pelvic-tilt"))


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_validator_refuses_each_control_character_at_its_place(
    name, engine
):
    document = _exercise_document()
    document["steps"][1]["text"] = f"Tighten{HOSTILE[name]} your stomach."
    problems = lowback.validate(document, engine=engine).problems
    assert [("/steps/1/text", "control-character")] == [
        (p.pointer, p.code) for p in problems
    ]
    assert "U+" in problems[0].message


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_model_refuses_each_control_character(name):
    with pytest.raises(lowback.InvalidValueError) as info:
        lowback.Step(text=f"Lie down.{HOSTILE[name]}")
    assert "control character" in str(info.value)


def test_every_text_of_every_document_type_is_checked():
    """Names, titles, notices, cautions and provenance alike."""
    document = lowback.to_document(lowback.catalog())
    document["title"] = "Clinic\nbook"
    document["safety_notices"][0]["text"] = "Stop\x1b[2K"
    document["exercises"][0]["cautions"][0] = "Careful\u2028now"
    document["provenance"]["source"] = "A\x07 leaflet"
    found = {(p.pointer, p.code) for p in lowback.validate(document).problems}
    assert {
        ("/title", "control-character"),
        ("/safety_notices/0/text", "control-character"),
        ("/exercises/0/cautions/0", "control-character"),
        ("/provenance/source", "control-character"),
    } == found


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(6)",
        "file:///etc/passwd",
        "ftp://example.org/a",
        "https://exa mple.org",
        "https://example.org/\x1b",
        "//example.org",
        "data:text/html,hi",
    ],
)
def test_a_provenance_url_is_http_or_https_only(url):
    document = _exercise_document()
    document["provenance"]["url"] = url
    for engine in ("fast", "reference"):
        problems = lowback.validate(document, engine=engine).problems
        assert [("/provenance/url", "bad-url")] == [
            (p.pointer, p.code) for p in problems
        ]
    with pytest.raises(lowback.InvalidValueError):
        lowback.Provenance(source="S", licence="MIT", url=url)


@pytest.mark.parametrize(
    "url", ["https://example.org/leaflet", "http://example.org/a?b=c#d"]
)
def test_http_and_https_urls_are_taken(url):
    document = _exercise_document()
    document["provenance"]["url"] = url
    assert lowback.validate(document).valid
    assert url == lowback.Provenance(source="S", licence="MIT", url=url).url


def _smuggled() -> lowback.Routine:
    """
    The leaflet routine with hostile text put in past the model's checks
    (as a bug or another library might), to see the renderers hold.
    """
    leaflet = lowback.leaflet_routine()
    # Copies: the built-in objects are shared, and must stay as they are.
    exercise = copy.copy(leaflet.items[0].exercise)
    object.__setattr__(exercise, "name", "Semi\x07\r crunch\u2028")
    item = copy.copy(leaflet.items[0])
    object.__setattr__(item, "exercise", exercise)
    routine = copy.copy(leaflet)
    object.__setattr__(routine, "items", (item, *leaflet.items[1:]))
    object.__setattr__(routine, "title", "Evening\x1b[13A\x1b[J\n# Hijack")
    return routine


@pytest.mark.parametrize("form", ["text", "md", "html"])
def test_handouts_escape_control_characters_and_keep_the_notices(form):
    routine = _smuggled()
    page = lowback.handout(routine, format=form)
    assert _CONTROL.search(page) is None
    assert "\\u001b" in page
    for notice in lowback.leaflet_routine().safety_notices:
        assert notice.text.split()[0] in page
    assert lowback.leaflet_routine().title in lowback.handout(
        lowback.leaflet_routine(), format=form
    )  # the built-in routine was not touched


def test_a_calendar_keeps_each_summary_on_its_line():
    """
    A title with a line break and an escape, smuggled into a plan, stays
    on the SUMMARY line of each event, escaped.
    """
    plan = lowback.plan(
        lowback.leaflet_routine(), 2, start=dt.date(2026, 1, 5)
    )
    object.__setattr__(plan, "title", "Evening\x1b[2K\nBEGIN:VEVENT")
    calendar = to_ics(plan)
    lines = calendar.splitlines()
    summaries = [line for line in lines if line.startswith("SUMMARY")]
    assert len(summaries) == 2
    assert all(_CONTROL.search(s) is None for s in summaries)
    assert 2 == sum(line == "BEGIN:VEVENT" for line in lines)


def test_the_check_for_escapes_can_fail():
    """The pattern the tests above use does see a raw escape and a break."""
    assert _CONTROL.search("a\x1bb") is not None
    assert _CONTROL.search("a\u2028b") is not None
    assert _CONTROL.search("a\nb") is None  # a renderer's own lines stay
