"""
The validate reporters: colour only on a terminal, GitHub escaping.
"""

from __future__ import annotations

import io

import pytest

import lowback
from lowback._cli._reporters import colour as _colour
from lowback._cli._reporters import github_line, summary, text_line

PROBLEM = lowback.Problem(
    pointer="/a,b\nc",
    code="unknown-field",
    message="100% wrong:\nreally",
    line=3,
    column=7,
    file="dir,x/f:1.json",
)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_github_annotations_escape_what_github_reads_as_syntax():
    """%, line breaks, and : or , in properties are escaped as GitHub says."""
    assert (
        "::error file=dir%2Cx/f%3A1.json,line=3,col=7,title=lowback unknown-field"
        "::/a,b\\u000ac: 100%25 wrong:%0Areally"
    ) == github_line(PROBLEM)


def test_text_lines_are_plain_unless_colour_is_asked_for():
    """Without colour a line is str(problem); with it, ANSI codes around parts."""
    assert str(PROBLEM) == text_line(PROBLEM, colour=False)
    coloured = text_line(PROBLEM, colour=True)
    assert "\033[31m[unknown-field]\033[0m" in coloured
    assert "\n" not in coloured


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
    ],
)
def test_colour_only_on_a_terminal(monkeypatch, env, tty, expected):
    """Colour on a terminal, never in a pipe, never with NO_COLOR or TERM=dumb."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    stream = _Terminal() if tty else io.StringIO()
    assert expected == _colour(stream)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((0, 0, 1, None), "1 document valid"),
        ((0, 0, 41, 0.08), "41 documents valid (checked in 0.08 s)"),
        ((1, 1, 1, None), "1 problem in 1 of 1 document"),
        (
            (2, 2, 41, 0.08),
            "2 problems in 2 of 41 documents (41 checked in 0.08 s)",
        ),
    ],
)
def test_summary_lines(args, expected):
    """The closing line counts problems and documents, with timing when given."""
    assert expected == summary(*args)
