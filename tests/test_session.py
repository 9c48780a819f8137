"""
The session page in a real browser: headless Chromium, driven by
Playwright, with the page's clock under the test's control.

Skipped, with the reason, where Playwright or Chromium is absent
(Debian's ``chromium`` package, which ``.ci/run`` installs;
``LOWBACK_CHROMIUM`` names another binary). Playwright's own browsers are
not used.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from typing import TYPE_CHECKING, Any

import pytest

import lowback
from helpers import CAT_COW, CHROMIUM, NEEDS_CHROMIUM, clinic_catalog
from lowback._cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is in the test extra"
)
pytestmark = NEEDS_CHROMIUM

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
_MORNING = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


class Session:
    """
    One session page open in a fresh browser context, watched: every
    console message, page error and request is kept.
    """

    def __init__(
        self,
        browser: Browser,
        path: Path,
        viewport: dict[str, int] = PHONE,
        **options: Any,
    ) -> None:
        self.url = path.as_uri()
        self.context = browser.new_context(
            viewport=viewport, accept_downloads=True, **options
        )
        self.requests: list[str] = []
        self.console: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        # Nothing may leave: whatever is asked for besides the file fails.
        self.context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url == self.url
                else route.abort()
            ),
        )
        self.page: Page = self.context.new_page()
        self.page.on(
            "console", lambda m: self.console.append(f"{m.type}: {m.text}")
        )
        self.page.on("pageerror", lambda e: self.console.append(f"{e}"))
        # The page's clock stands still but when the test moves it.
        self.page.clock.install(time=_MORNING)
        self.page.goto(self.url)
        self.page.clock.pause_at(_MORNING + dt.timedelta(hours=1))

    def troubles(self) -> list[str]:
        """
        Return what went wrong: console messages, and requests for
        anything but the page itself.
        """
        return self.console + [r for r in self.requests if r != self.url]

    def state(self) -> dict[str, Any]:
        """
        Return what the page shows now.
        """
        state: dict[str, Any] = self.page.evaluate(
            """() => {
            const t = (id) => document.getElementById(id).textContent;
            const run = document.getElementById("run");
            return {
                running: !run.hidden,
                asking: !document.getElementById("ask").hidden,
                index: run.dataset.index === undefined
                    ? null : Number(run.dataset.index),
                exercise: run.dataset.exercise || null,
                name: t("exercise"), kind: t("kind"), side: t("side"),
                phase: t("phase"), count: t("count"), text: t("text"),
                timer: t("timer"), state: t("state"), said: t("say"),
            };
        }"""
        )
        return state

    def close(self) -> None:
        self.context.close()


def write(tmp_path: Path, html: str, name: str = "session") -> Path:
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    return path


def expected(routine: lowback.Routine) -> list[dict[str, Any]]:
    """
    Return what the page must show for each cue of the routine's timeline.
    """
    names = {i.exercise.id: i.exercise.name for i in routine.items}
    phased = {
        i.exercise.id for i in routine.items if len(i.exercise.dose.phases) > 1
    }
    return [
        {
            "start": cue.start,
            "duration": cue.duration,
            "exercise": cue.exercise,
            "name": names[cue.exercise],
            "kind": cue.kind.value.capitalize(),
            "text": cue.text,
            "side": f"{cue.side.value.capitalize()} side" if cue.side else "",
            "phase": cue.phase if cue.exercise in phased and cue.phase else "",
            "count": (
                f"{cue.repetition} of {cue.repetitions}"
                if cue.repetition
                else ""
            ),
        }
        for cue in routine.timeline()
    ]


def run_through(session: Session) -> list[dict[str, Any]]:
    """
    Start the session and let the clock run; return each cue as shown,
    with the second it appeared at and the seconds it stayed.

    A cue's duration is read twice: the countdown it starts from, and
    the time it stays (still there a millisecond before its end, gone
    at its end).
    """
    page, shown, now = session.page, [], 0
    page.click("#start")
    state = session.state()
    while state["running"]:
        seconds = int(state["timer"])
        page.clock.run_for(seconds * 1000 - 1)
        before = session.state()
        assert (before["index"], before["timer"]) == (state["index"], "1")
        page.clock.run_for(1)
        shown.append(
            {
                "start": now,
                "duration": seconds,
                **{k: state[k] for k in ("exercise", "name", "kind", "text")},
                **{k: state[k] for k in ("side", "phase", "count")},
            }
        )
        assert state["index"] == len(shown) - 1
        now += seconds
        state = session.state()
    assert state["asking"]
    return shown


@pytest.fixture(scope="module")
def leaflet() -> lowback.Routine:
    return lowback.leaflet_routine()


@pytest.fixture(scope="module")
def sided() -> lowback.Routine:
    """
    A routine with hold-less phases (the cat-cow), per-side exercises in
    two sets, and a two-phase hold.
    """
    builder = lowback.RoutineBuilder(
        "Mornings", catalog=clinic_catalog(CAT_COW)
    )
    builder.add("cat-cow", repetitions=8)
    builder.add("knee-to-chest", repetitions=2, hold=5)
    builder.add("pelvic-tilt", repetitions=2)
    return builder.build()


@pytest.fixture
def session(
    browser: Browser, tmp_path: Path, leaflet: lowback.Routine
) -> Iterator[Session]:
    opened = Session(browser, write(tmp_path, lowback.session_page(leaflet)))
    yield opened
    opened.close()


def test_the_leaflet_session_is_its_timeline(session, leaflet):
    """
    Every cue of the leaflet's session appears in order, at its second,
    for its seconds, saying what the timeline says; then the pain
    question. Not one console message, not one request.
    """
    assert run_through(session) == expected(leaflet)
    assert session.troubles() == []


def test_day_5_of_a_plan_is_that_days_timeline(browser, tmp_path, leaflet):
    made = lowback.plan(leaflet, 28)
    day5 = made.session(5)
    assert day5 is not None
    assert day5.timeline() != leaflet.timeline()  # the doses went up
    opened = Session(
        browser, write(tmp_path, lowback.session_page(made, day=5))
    )
    assert "Day 5:" in opened.page.inner_text("#about")
    assert run_through(opened) == expected(day5)
    assert opened.troubles() == []
    opened.close()


def test_sides_sets_and_movements(browser, tmp_path, sided):
    """
    Movements without a hold are timed as the timeline times them; each
    side, set and phase is shown.
    """
    opened = Session(browser, write(tmp_path, lowback.session_page(sided)))
    shown = run_through(opened)
    want = expected(sided)
    assert shown == want
    assert {c["side"] for c in shown} == {"", "Left side", "Right side"}
    assert {"arch", "round", "flatten"} <= {c["phase"] for c in shown}
    assert "Move" in {c["kind"] for c in shown}
    assert opened.troubles() == []
    opened.close()


def test_the_expected_cues_can_differ(leaflet, sided):
    """
    The comparison above can fail: the pages of two routines differ.
    """
    assert expected(leaflet) != expected(sided)
    first = expected(leaflet)
    assert first[1]["start"] == first[0]["duration"]


def test_pause_really_pauses(session):
    """
    Paused, the clock runs and the cue stays; resumed, it goes on from
    where it stood. Space pauses and resumes, as the button does.
    """
    page = session.page
    page.click("#start")
    page.clock.run_for(2000)
    assert session.state()["timer"] == "3"
    page.keyboard.press("Space")
    assert session.state()["state"] == "Paused"
    page.clock.run_for(600_000)
    paused = session.state()
    assert (paused["index"], paused["timer"]) == (0, "3")
    page.keyboard.press("Space")
    page.clock.run_for(2999)
    assert (session.state()["index"], session.state()["timer"]) == (0, "1")
    page.clock.run_for(1)
    assert session.state()["index"] == 1
    page.click("#pause")
    page.clock.run_for(600_000)
    assert session.state()["index"] == 1
    assert session.troubles() == []


def test_the_countdown_is_announced_now_and_then(session, leaflet):
    """
    Screen readers hear the step when it starts, then the seconds left
    every 5 seconds and at 3, 2 and 1: not every second.
    """
    cues = leaflet.timeline()
    held = next(i for i, c in enumerate(cues) if c.duration == 15)
    page = session.page
    page.click("#start")
    for _ in range(held):
        page.keyboard.press("ArrowRight")
    said = [session.state()["said"]]
    for _ in range(14):
        page.clock.run_for(1000)
        said.append(session.state()["said"])
    changes = [s for n, s in enumerate(said) if n == 0 or s != said[n - 1]]
    assert changes == [
        f"Hamstring Stretches. {cues[held].text} 15 seconds.",
        "10",
        "5",
        "3",
        "2",
        "1",
    ]
    assert session.troubles() == []


def test_back_and_skip_move_one_cue(session, leaflet):
    """
    Back and skip, by button or arrow key, move one cue and start it
    afresh; back stops at the first.
    """
    cues = leaflet.timeline()
    page = session.page
    page.click("#start")
    page.clock.run_for(1000)
    moves = [
        ("#skip", 1),
        ("ArrowRight", 2),
        ("#back", 1),
        ("ArrowLeft", 0),
        ("#back", 0),
    ]
    for move, index in moves:
        if move.startswith("#"):
            page.click(move)
        else:
            page.keyboard.press(move)
        state = session.state()
        assert (state["index"], state["text"]) == (index, cues[index].text)
        assert state["timer"] == str(cues[index].duration)
    assert session.troubles() == []


def _answer(page: Page, answers: dict[str, str]) -> None:
    for exercise, change in answers.items():
        page.check(f'input[name="{exercise}"][value="{change}"]')


def test_the_pain_report_makes_the_next_plan(browser, tmp_path, leaflet):
    """
    At the end of day 5's session the page asks about every exercise;
    one marked worse shows the stop rule, and the file it saves, and the
    text it copies, are pain reports that ``lowback plan --reports``
    takes: the exercise stops from day 6.
    """
    made = lowback.plan(leaflet, 28)
    opened = Session(
        browser,
        write(tmp_path, lowback.session_page(made, day=5)),
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = opened.page
    page.click("#start")
    page.clock.run_for(made.session(5).estimated_duration * 1000)
    asked = page.locator("#answers legend").all_inner_texts()
    assert asked == [i.exercise.name for i in leaflet.items]
    assert page.is_hidden("#stop")
    _answer(page, {"semi-crunch": "same", "pelvic-tilt": "better"})
    assert page.is_hidden("#stop")
    _answer(page, {"knee-to-chest": "worse"})
    assert page.is_visible("#stop")
    stop = leaflet.safety_notices[1].text
    assert page.inner_text("#rules") == stop
    with page.expect_download() as download:
        page.click("#save")
    assert download.value.suggested_filename == "pain-reports-day-5.json"
    saved = tmp_path / "reports.json"
    download.value.save_as(saved)
    page.click("#copy")
    # The clipboard answers when it has the text.
    sync_api.expect(page.locator("#saved")).to_have_text(
        "Copied to the clipboard."
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == saved.read_text(encoding="utf-8")
    assert json.loads(copied) == [
        {"day": 5, "exercise": "semi-crunch", "change": "same"},
        {"day": 5, "exercise": "pelvic-tilt", "change": "better"},
        {"day": 5, "exercise": "knee-to-chest", "change": "worse"},
    ]
    assert opened.troubles() == []
    opened.close()
    out = tmp_path / "plan.json"
    argv = ["plan", "--reports", str(saved), "--format", "json"]
    assert main([*argv, "-o", str(out)]) == 0
    days = json.loads(out.read_text(encoding="utf-8"))["days"]
    status = {
        day["day"]: {e["exercise"]: e["status"] for e in day["entries"]}
        for day in days
    }
    assert status[5]["knee-to-chest"] == "go"
    assert status[6] == {
        "semi-crunch": "go",
        "hamstring-stretch": "go",
        "pelvic-tilt": "go",
        "knee-to-chest": "stopped",
    }
    assert main(["validate", "--as", "pain-reports", str(saved)]) == 0


def test_it_hurts_more_asks_about_what_was_done(browser, tmp_path):
    """
    "It hurts more" pauses the session and asks about the exercises done
    so far only; the session can go on from where it stood.
    """
    made = lowback.plan(
        lowback.leaflet_routine(),
        28,
        pain_rule=lowback.PainRule(worse_by=2, source="A clinic's rule"),
    )
    opened = Session(
        browser, write(tmp_path, lowback.session_page(made, day=1))
    )
    page = opened.page
    page.click("#start")
    for _ in range(20):  # into the second exercise
        page.keyboard.press("ArrowRight")
    assert opened.state()["exercise"] == "hamstring-stretch"
    page.click("#hurts")
    legends = page.locator("#answers legend").all_inner_texts()
    assert legends == ["Semi Crunches", "Hamstring Stretches"]
    _answer(page, {"hamstring-stretch": "worse"})
    rules = page.locator("#rules p").all_inner_texts()
    assert rules == [
        made.safety_notices[1].text,
        made.pain_rule.sentence,
    ]
    assert page.input_value("#report") == (
        '[\n  {\n    "day": 1,\n    "exercise": "hamstring-stretch",\n'
        '    "change": "worse"\n  }\n]\n'
    )
    page.click("#resume")
    state = opened.state()
    assert (state["index"], state["state"]) == (20, "Paused")
    page.clock.run_for(60_000)
    assert opened.state()["index"] == 20
    assert opened.troubles() == []
    opened.close()


@pytest.mark.parametrize(
    ("tamper", "seen"),
    [
        (
            '<script src="https://example.com/x.js"></script>',
            "Content Security Policy",
        ),
        (
            "<iframe src='https://example.com/'></iframe>",
            "Content Security Policy",
        ),
        # Without the policy, the request itself is caught.
        ("<img alt='' src='https://example.com/x.png'>", "example.com"),
    ],
)
def test_a_page_that_reaches_out_is_caught(
    browser, tmp_path, leaflet, tamper, seen
):
    """
    The checks above can fail: a page that loads or sends anything has
    troubles, whether its policy blocks it or, with the policy gone, the
    request is made.
    """
    html = lowback.session_page(leaflet)
    if "example.com/x.png" in tamper:
        html = re.sub(
            r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html
        )
    html = html.replace("<main>", f"<main>{tamper}", 1)
    opened = Session(browser, write(tmp_path, html))
    troubles = opened.troubles()
    opened.close()
    assert any(seen in t for t in troubles), troubles


def test_fetch_is_refused_by_the_policy(session):
    session.page.evaluate("fetch('https://example.com/').catch(() => {})")
    troubles = session.troubles()
    assert troubles
    assert all("Content Security Policy" in t for t in troubles)
    assert "connect-src 'none'" in troubles[0]


def _focus_outline(page: Page) -> str:
    return str(
        page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    )


def test_keyboard_only(browser, tmp_path, sided):
    """
    With the keyboard alone: Tab to the start button and press Enter,
    skip to the end with the arrow keys, answer with the arrow keys and
    save the report with Enter. The focus is always visible.
    """
    opened = Session(browser, write(tmp_path, lowback.session_page(sided)))
    page = opened.page
    while page.evaluate("document.activeElement.id") != "start":
        page.keyboard.press("Tab")
    assert _focus_outline(page) == "solid"
    page.keyboard.press("Enter")
    assert opened.state()["index"] == 0
    assert page.evaluate("document.activeElement.id") == "pause"
    page.keyboard.press("Space")
    assert opened.state()["state"] == "Paused"
    for _ in range(len(sided.timeline())):
        page.keyboard.press("ArrowRight")
    assert opened.state()["asking"]
    assert page.evaluate("document.activeElement.id") == "asked"
    page.keyboard.press("Tab")  # the first exercise's first answer
    page.keyboard.press("ArrowRight")  # its second: the same
    assert _focus_outline(page) == "solid"
    assert json.loads(page.input_value("#report")) == [
        {"day": 1, "exercise": "cat-cow", "change": "same"}
    ]
    while page.evaluate("document.activeElement.id") != "save":
        page.keyboard.press("Tab")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "pain-reports-day-1.json"
    assert opened.troubles() == []
    opened.close()


def _no_sideways_scroll(page: Page) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= "
            "document.documentElement.clientWidth"
        )
    )


@pytest.mark.parametrize(
    "viewport",
    [
        {"width": 360, "height": 740},  # a narrow phone
        {"width": 640, "height": 400},  # a 1280x800 screen at 200%
    ],
)
def test_narrow_and_zoomed(browser, tmp_path, sided, viewport):
    """
    No sideways scrolling on a narrow phone or at 200% zoom, before,
    during and after the session.
    """
    opened = Session(
        browser, write(tmp_path, lowback.session_page(sided)), viewport
    )
    page = opened.page
    assert _no_sideways_scroll(page)
    page.click("#start")
    page.click("#how summary")
    assert _no_sideways_scroll(page)
    page.click("#hurts")
    _answer(page, {"cat-cow": "worse"})
    assert _no_sideways_scroll(page)
    assert opened.troubles() == []
    opened.close()


def test_sideways_scroll_is_caught(browser, tmp_path, sided):
    html = lowback.session_page(sided).replace(
        "<main>", "<main><p>" + "x" * 400 + "</p>", 1
    )
    html = html.replace("overflow-wrap: break-word;", "")
    html = re.sub(r"style-src '[^']*'", "style-src 'unsafe-inline'", html)
    opened = Session(
        browser, write(tmp_path, html), {"width": 360, "height": 740}
    )
    assert not _no_sideways_scroll(opened.page)
    opened.close()


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fore: str, back: str) -> float:
    """
    Return the WCAG contrast ratio of two CSS ``rgb()`` colours.
    """
    one, two = (
        _luminance(tuple(map(float, re.findall(r"[\d.]+", c))))
        for c in (fore, back)
    )
    high, low = max(one, two), min(one, two)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("fore", "back", "ratio"),
    [
        ("rgb(0, 0, 0)", "rgb(255, 255, 255)", 21.0),
        ("rgb(119, 119, 119)", "rgb(255, 255, 255)", 4.48),  # #777: fails
        ("rgb(255, 255, 255)", "rgb(255, 255, 255)", 1.0),
    ],
)
def test_contrast_ratio(fore, back, ratio):
    assert contrast(fore, back) == pytest.approx(ratio, abs=0.01)


_COLOURS = """() => {
    const back = (el) => {
        for (; el; el = el.parentElement) {
            const c = getComputedStyle(el).backgroundColor;
            if (c !== "rgba(0, 0, 0, 0)") return c;
        }
        return "rgb(255, 255, 255)";
    };
    const out = [];
    for (const el of document.querySelectorAll("main *")) {
        if (!el.offsetParent || !el.childNodes.length) continue;
        const text = [...el.childNodes].some(
            (n) => n.nodeType === 3 && n.textContent.trim());
        if (text) out.push([el.id || el.tagName,
            getComputedStyle(el).color, back(el)]);
    }
    return out;
}"""


def test_text_meets_wcag_aa_contrast(session):
    """
    Every piece of text shown, before, during and after the session, is
    at least 4.5 times as light or dark as its background.
    """
    page, seen = session.page, []
    seen += page.evaluate(_COLOURS)
    page.click("#start")
    page.click("#how summary")
    seen += page.evaluate(_COLOURS)
    page.clock.run_for(5000)  # a rest
    assert session.state()["kind"] == "Rest"
    seen += page.evaluate(_COLOURS)
    page.click("#hurts")
    _answer(page, {"semi-crunch": "worse"})
    seen += page.evaluate(_COLOURS)
    assert len(seen) > 20
    low = [
        (what, round(contrast(f, b), 2))
        for what, f, b in seen
        if contrast(f, b) < 4.5
    ]
    assert low == []


def test_screenshots(browser, tmp_path, sided):
    """
    The first cue, a hold and the pain question, in phone and desktop
    sizes: PNGs of the window's size, each far from blank.
    """
    html = write(tmp_path, lowback.session_page(sided))
    for size, viewport in [("phone", PHONE), ("desktop", DESKTOP)]:
        opened = Session(browser, html, viewport)
        page = opened.page
        shots = {"welcome": page.screenshot()}
        page.click("#start")
        shots["first"] = page.screenshot()
        kinds = [c.kind for c in sided.timeline()]
        for _ in range(kinds.index(lowback.CueKind.HOLD)):
            page.keyboard.press("ArrowRight")
        assert opened.state()["kind"] == "Hold"
        shots["hold"] = page.screenshot()
        page.click("#hurts")
        _answer(page, {"cat-cow": "same", "knee-to-chest": "worse"})
        shots["pain"] = page.screenshot()
        for name, png in shots.items():
            (tmp_path / f"{size}-{name}.png").write_bytes(png)
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            assert len(png) > 10_000, name
        assert opened.troubles() == []
        opened.close()
    if os.environ.get("LOWBACK_SCREENSHOTS"):
        target = os.environ["LOWBACK_SCREENSHOTS"]
        for png in tmp_path.glob("*.png"):
            shutil.copy(png, target)
