"""
The session page without a browser: what it holds, its policy, and the
``lowback session`` command. tests/test_session.py runs it in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lowback
from lowback._cli import main

if TYPE_CHECKING:
    from pathlib import Path

LEAFLET = lowback.leaflet_routine()


def _blocks(page: str) -> dict[str, str]:
    """
    Return the page's style, script and data blocks and its policy.
    """
    found = {
        "style": re.search(r"<style>(.*?)</style>", page, re.DOTALL),
        "script": re.search(r"<script>(.*?)</script>", page, re.DOTALL),
        "data": re.search(
            r'<script type="application/json" id="session-data">(.*?)'
            r"</script>",
            page,
            re.DOTALL,
        ),
        "policy": re.search(
            r'http-equiv="Content-Security-Policy" content="([^"]*)"', page
        ),
    }
    return {
        k: html.unescape(m.group(1)) if k == "policy" else m.group(1)
        for k, m in found.items()
        if m
    }


def _sha(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def test_the_policy_allows_only_the_pages_own_script_and_style():
    blocks = _blocks(lowback.session_page(LEAFLET))
    assert set(blocks) == {"style", "script", "data", "policy"}
    directives = dict(
        d.strip().split(" ", 1) for d in blocks["policy"].split(";")
    )
    assert directives == {
        "default-src": "'none'",
        "script-src": f"'{_sha(blocks['script'])}'",
        "style-src": f"'{_sha(blocks['style'])}'",
        "connect-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    # A changed script no longer matches its hash.
    assert _sha(blocks["script"] + " ") != _sha(blocks["script"])


def _data(page: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_blocks(page)["data"])
    return data


def test_the_data_is_the_timeline():
    data = _data(lowback.session_page(LEAFLET, day=3))
    cues = LEAFLET.timeline()
    assert [
        (c["start"], c["duration"], c["kind"], c["exercise"], c["text"])
        for c in data["cues"]
    ] == [
        (c.start, c.duration, c.kind.value, c.exercise, c.text) for c in cues
    ]
    assert data["day"] == 3
    assert data["notices"] == [n.text for n in LEAFLET.safety_notices]
    assert data["stopRules"] == [LEAFLET.safety_notices[1].text]
    assert [e["id"] for e in data["exercises"]] == [
        i.exercise.id for i in LEAFLET.items
    ]
    assert data["exercises"][0]["steps"][-1] == "Repeat 8 times."


def test_a_plans_day_and_its_clinic_rule():
    rule = lowback.PainRule(worse_by=2, source="A clinic")
    made = lowback.plan(LEAFLET, 10, pain_rule=rule)
    data = _data(lowback.session_page(made, day=10))
    day10 = made.session(10)
    assert day10 is not None
    assert [c["text"] for c in data["cues"]] == [
        c.text for c in day10.timeline()
    ]
    assert data["stopRules"] == [
        LEAFLET.safety_notices[1].text,
        rule.sentence,
    ]
    assert _data(lowback.session_page(made))["day"] == 1


def test_a_day_with_every_exercise_stopped_has_no_session():
    made = lowback.plan(
        LEAFLET,
        5,
        reports=[lowback.PainReport(day=2, change=lowback.Change.WORSE)],
    )
    with pytest.raises(lowback.InvalidValueError) as caught:
        lowback.session_page(made, day=3)
    message = str(caught.value)
    assert message.startswith("day 3: every exercise of the plan is stopped")
    assert "stop Semi Crunches and talk to your doctor" in message
    lowback.session_page(made, day=2)  # the day of the report still runs


@pytest.mark.parametrize(
    ("day", "error"),
    [
        (0, lowback.InvalidValueError),
        (True, lowback.InvalidValueError),
        ("5", lowback.InvalidValueError),
        (11, lowback.UnknownDayError),
    ],
)
def test_a_day_that_is_not_one(day, error):
    with pytest.raises(error):
        lowback.session_page(lowback.plan(LEAFLET, 10), day=day)


def test_only_routines_and_plans():
    with pytest.raises(lowback.InvalidValueError):
        lowback.session_page(LEAFLET.items[0])  # type: ignore[arg-type]


_TITLES = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() == t and t)


@given(title=_TITLES)
def test_no_title_breaks_out_of_its_place(title):
    """
    Whatever the text, the data block stays one JSON value that gives it
    back, and no markup comes from it.
    """
    try:
        routine = attrs.evolve(LEAFLET, title=title)
    except lowback.InvalidValueError:
        return
    page = lowback.session_page(routine)
    blocks = _blocks(page)
    assert "<" not in blocks["data"]
    assert _data(page)["title"] == title
    assert page.count("<script") == 2
    assert page.count("</script>") == 2


def test_hostile_text_is_escaped():
    title = "</script><script>alert(1)</script> &amp; <!--"
    page = lowback.session_page(attrs.evolve(LEAFLET, title=title))
    assert page.count("<script") == 2
    assert "alert(1)</script>" not in page
    assert "<!--" not in _blocks(page)["data"]
    assert _data(page)["title"] == title
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)" in page


def test_cli_writes_the_page(tmp_path: Path, capsys):
    out = tmp_path / "session.html"
    assert main(["session", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8") == lowback.session_page(LEAFLET)
    assert main(["session", "-o", "-"]) == 0
    assert capsys.readouterr().out == lowback.session_page(LEAFLET)


def test_cli_day_is_the_plans_day(tmp_path: Path, capsys):
    assert main(["session", "--day", "5"]) == 0
    page = capsys.readouterr().out
    assert page == lowback.session_page(lowback.plan(LEAFLET, 28), day=5)
    assert main(["session", "--day", "40"]) == 0
    page = capsys.readouterr().out
    assert page == lowback.session_page(lowback.plan(LEAFLET, 40), day=40)


@pytest.mark.parametrize(
    ("argv", "said", "status"),
    [
        (
            ["--day", "\u0665"],  # ARABIC-INDIC DIGIT FIVE
            "argument --day: '\u0665' is not a day from 1 to 3660",
            2,
        ),
        (["--day", "0"], "'0' is not a day from 1 to 3660", 2),
        (["--day", "12", "--days", "10"], "day 12 is not in the plan", 2),
        (["--start", "2026-1-1"], "not a date: '2026-1-1'", 2),
    ],
)
def test_cli_refuses(argv, said, status, capsys):
    assert main(["session", *argv]) == status
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert said in err[0]


def test_cli_a_day_with_nothing_to_do(tmp_path: Path, capsys):
    reports = tmp_path / "reports.json"
    reports.write_text('[{"day": 1, "change": "worse"}]', encoding="utf-8")
    argv = ["session", "--reports", str(reports), "--day", "2"]
    assert main(argv) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(
        "lowback: error: day 2: every exercise of the plan is stopped"
    )
    assert "talk to your doctor" in line
