"""
The HTML handout in a real browser: headless Chromium prints it to PDF
and takes a screenshot, with a fresh profile and no network.

Skipped, with the reason, where Chromium is not installed (Debian's
``chromium`` package; ``.ci/run`` installs it). ``LOWBACK_CHROMIUM``
names another binary.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import subprocess
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

import pytest

import lowback
from helpers import CHROMIUM, NEEDS_CHROMIUM

if TYPE_CHECKING:
    from pathlib import Path

pypdf = pytest.importorskip("pypdf", reason="pypdf is in the test extra")

pytestmark = NEEDS_CHROMIUM

#: Chromium writes each message of a page's console to its log as
#: ``INFO:CONSOLE...] "text", source: ...``.
_CONSOLE = re.compile(r":CONSOLE[^\]]*\] (.*)")


class Rendered(NamedTuple):
    pages: list[str]
    console: list[str]


def chromium(tmp_path: Path, page: Path, *output: str) -> list[str]:
    """
    Run headless Chromium on *page* and return its console messages.
    """
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            # No network: nothing of the browser's own, and a proxy that
            # is not there for anything a page might ask for.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--proxy-server=http://127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
            *output,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return _CONSOLE.findall(result.stderr)


def print_pdf(tmp_path: Path, html: str, name: str) -> Rendered:
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    console = chromium(
        tmp_path, page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}"
    )
    reader = pypdf.PdfReader(pdf)
    pages = [
        " ".join(unicodedata.normalize("NFKC", p.extract_text()).split())
        for p in reader.pages
    ]
    return Rendered(pages, console)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def leaflet() -> lowback.Routine:
    return lowback.leaflet_routine()


def test_leaflet_handout_prints(
    tmp_path: Path, leaflet: lowback.Routine
) -> None:
    """
    The leaflet's handout prints on a few A4 pages: the notices on the
    first, the stop rule on the last, every exercise and chosen dose in
    between, and not one console message.
    """
    printed = print_pdf(
        tmp_path, lowback.handout(leaflet, format="html"), "leaflet"
    )
    assert printed.console == []
    assert 2 <= len(printed.pages) <= 4
    check, stop = (_flat(n.text) for n in leaflet.safety_notices)
    first, last = printed.pages[0], printed.pages[-1]
    assert first.startswith("Exercises for Lower Back Pain Relief")
    assert check in first
    assert stop in first
    assert last.rindex(stop) > last.find("Stop if it gets worse")
    text = " ".join(printed.pages)
    for item in leaflet.items:
        assert item.exercise.name in text
    for said in (
        "Repeat 8 times.",
        "Hold for 15 seconds.",
        "Repeat 2 times for each leg.",
        "Hold the knee against the chest for 5 seconds",
    ):
        assert said in text


def test_plan_handout_prints_its_chart(tmp_path: Path) -> None:
    """
    A plan's handout prints with its chart (the SVG's words are text in
    the PDF) and its table, to the last day.
    """
    plan = lowback.plan(
        lowback.leaflet_routine(),
        28,
        start=dt.date(2026, 12, 1),
        reports=[
            lowback.PainReport(
                day=20, exercise="knee-to-chest", change=lowback.Change.WORSE
            )
        ],
    )
    printed = print_pdf(tmp_path, lowback.handout(plan, format="html"), "plan")
    assert printed.console == []
    text = " ".join(printed.pages)
    assert "Pelvic Tilts: repetitions" in text  # a panel of the chart
    assert "target 30" in text
    assert "stopped" in text
    assert "2026-12-28" in text  # the table's last day
    assert _flat(plan.safety_notices[1].text) in printed.pages[-1]


def test_a_page_that_loads_from_elsewhere_is_caught(
    tmp_path: Path, leaflet: lowback.Routine
) -> None:
    """
    The console check above can fail: a handout with an image from the
    web is refused by its own content security policy, which Chromium
    reports on the console.
    """
    html = lowback.handout(leaflet, format="html").replace(
        "<body>", '<body><img src="https://example.com/x.png" alt="">', 1
    )
    printed = print_pdf(tmp_path, html, "tampered")
    assert len(printed.console) == 1
    assert "Content Security Policy" in printed.console[0]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshot(tmp_path: Path, leaflet: lowback.Routine) -> None:
    """
    A screenshot of the handout is a PNG of the window's size, with far
    more to it than a blank page of the same size.
    """
    shots = {}
    for name, html in [
        ("handout", lowback.handout(leaflet, format="html")),
        ("blank", "<!DOCTYPE html><title>blank</title>"),
    ]:
        page = tmp_path / f"{name}.html"
        page.write_text(html, encoding="utf-8")
        png = tmp_path / f"{name}.png"
        console = chromium(
            tmp_path, page, "--window-size=900,1400", f"--screenshot={png}"
        )
        assert console == []
        shots[name] = png.read_bytes()
        assert _png_size(shots[name]) == (900, 1400)
    assert len(shots["handout"]) > 10 * len(shots["blank"])
