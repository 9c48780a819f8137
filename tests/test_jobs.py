"""
`lowback validate -j N`: the same report in N processes as in one, in
the same order, with the same exit status; progress inside large files.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import lowback
from lowback._cli import _parser, _reporters, main
from lowback._validation import _jobs

#: Stretches this long cut the test's JSON Lines file into many.
CHUNK = 2000


def _exercise(n: int) -> dict[str, object]:
    built_in = lowback.to_document(lowback.catalog())["exercises"]
    exercise = json.loads(json.dumps(built_in[n % len(built_in)]))
    exercise["id"] = f"{exercise['id']}-{n}"
    return {"type": "exercise", "format_version": "1.0", **exercise}


def _lines(count: int) -> str:
    """
    JSON Lines of exercises, some wrong, blank lines, a broken line, a
    line longer than several stretches, CRLF endings and no last newline.
    """
    lines = []
    for n in range(count):
        document = _exercise(n)
        if n % 7 == 3:
            document["dose"]["phases"][0]["hold"]["max"] = 45  # type: ignore[index]
        if n % 11 == 5:
            document["id"] = "Not A Slug"
        text = json.dumps(document)
        if n % 13 == 6:
            text = text[:60]
        if n == 20:
            text = json.dumps({**document, "purpose": "x" * (CHUNK * 3)})
        lines.append(text)
        if n % 17 == 0:
            lines.append("")
    return "\r\n".join(lines[:40]) + "\n" + "\n".join(lines[40:])


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """
    A folder of JSON files, good and bad, unreadable ones and a JSON
    Lines file cut into many stretches.
    """
    monkeypatch.setattr(_jobs, "CHUNK_BYTES", CHUNK)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "content"
    (folder / "sub").mkdir(parents=True)
    for n in range(12):
        document = _exercise(n)
        if n % 4 == 1:
            document["kind"] = "dancing"
        path = folder / ("sub" if n % 2 else ".") / f"e{n:02d}.json"
        path.write_text(json.dumps(document, indent=2), "utf-8")
    (folder / "broken.json").write_text('{"type": "exercise",', "utf-8")
    (folder / "gone.json").symlink_to(tmp_path / "nowhere.json")
    (folder / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    (folder / "empty.jsonl").write_text("\n\n", "utf-8")
    (folder / "many.jsonl").write_text(_lines(150), "utf-8")
    assert _jobs.cut([str(folder / "many.jsonl")])[-1].start > 40 * CHUNK
    return folder


def _validate(
    capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    status = main(["validate", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_two_processes_give_the_report_of_one(corpus, capsys, output):
    """
    Over a folder with a JSON Lines file cut into stretches, bad
    documents and unreadable files, -j 2 prints what -j 1 prints.
    """
    one = _validate(capsys, "--format", output, "-j", "1", "content")
    two = _validate(capsys, "--format", output, "-j", "2", "content")
    assert one == two
    status, out, err = one
    assert 2 == status
    assert [
        (
            "lowback: error: cannot read content/gone.json: No such file or "
            "directory"
        ),
        (
            "lowback: error: cannot read content/gone.jsonl: No such file or "
            "directory"
        ),
    ] == err.splitlines()
    if output == "json":
        report = json.loads(out)
        assert (17, 164) == (report["files"], report["checked"])
        lines = [
            p["line"]
            for p in report["problems"]
            if p["file"] == "content/many.jsonl"
        ]
        assert lines == sorted(lines)
        assert len(lines) > 30


def test_stretches_give_the_report_of_the_whole_file(corpus, capsys):
    """
    A JSON Lines file checked in stretches has the problems, lines and
    counts it has checked whole, by `validate_many`.
    """
    (whole,) = lowback.validate_many(["content/many.jsonl"])
    status, out, _ = _validate(
        capsys, "--format", "json", "-j", "2", "content/many.jsonl"
    )
    report = json.loads(out)
    assert 1 == status
    assert [p.to_dict() for p in whole.report] == report["problems"]
    assert (whole.documents, whole.invalid) == (
        report["checked"],
        report["invalid"],
    )
    long_line = [p for p in report["problems"] if p["line"] == 24]
    assert [] == long_line  # the line longer than three stretches is valid


def test_max_problems_stops_alike(corpus, capsys):
    """--max-problems stops after the same file, with the same counts."""
    args = ["--format", "json", "--max-problems", "5"]
    one = _validate(capsys, *args, "-j", "1", "content/many.jsonl", "content")
    two = _validate(capsys, *args, "-j", "2", "content/many.jsonl", "content")
    assert one == two
    assert json.loads(one[1])["truncated"]


def test_a_pool_started_by_spawn_gives_the_same_steps(corpus):
    """The workers need nothing of the parent: spawn gives the same."""
    files = lowback._validation.expand(["content"])
    pieces = _jobs.cut(files)
    one = list(_jobs.run(pieces, jobs=1))
    two = list(_jobs.run(pieces, jobs=2, start_method="spawn"))
    assert [str(s) for s in one] == [str(s) for s in two]
    assert len(pieces) > 40


@pytest.mark.parametrize("jobs", ["0", "-1", "257", "two", "1.5", ""])
def test_bad_job_counts_are_usage_errors(capsys, jobs):
    """-j takes a whole number from 1 to 256; anything else exits 2."""
    status, out, err = _validate(capsys, "-j", jobs, "x.json")
    assert (2, "") == (status, out)
    assert [
        (
            f"lowback: error: argument -j/--jobs: {jobs!r} is not a number of "
            "processes from 1 to 256 (see 'lowback validate --help')"
        )
    ] == err.splitlines()


def test_the_limits_agree():
    """The parser's most processes, kept apart to stay light, are the pool's."""
    assert _parser.MAX_JOBS == _jobs.MAX_JOBS
    assert 1 <= _jobs.usable_cores() <= _jobs.MAX_JOBS


def _die(pieces: object, limits: object) -> list[object]:
    os._exit(3)


def test_a_worker_crash_is_one_line_and_status_2(corpus, capsys, monkeypatch):
    """A worker that dies stops the check with one line, not a hang."""
    monkeypatch.setattr(_jobs, "check_pieces", _die)
    status, out, err = _validate(capsys, "-j", "2", "content/many.jsonl")
    assert (2, "") == (status, out)
    assert [
        (
            "lowback: error: a worker process stopped unexpectedly; check "
            "again with -j 1"
        )
    ] == err.splitlines()
    assert [] == multiprocessing.active_children()


def test_an_interrupt_stops_the_workers(corpus, capsys, monkeypatch):
    """Ctrl-C while results come in ends the pool and says so in a line."""

    def interrupt(*args: object) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(_reporters, "_show", interrupt)
    status, out, err = _validate(capsys, "-j", "2", "content/many.jsonl")
    assert (130, "", "lowback: interrupted\n") == (status, out, err)
    assert [] == multiprocessing.active_children()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_ctrl_c_stops_every_process_without_a_traceback(tmp_path):
    """
    SIGINT to the whole process group, as Ctrl-C sends it, ends the
    command with status 130 and one line; the workers ignore it.
    """
    lines = [json.dumps(_exercise(n)) for n in range(4000)]
    (tmp_path / "big.jsonl").write_text("\n".join(lines) * 5, "utf-8")
    command = [sys.executable, "-m", "lowback", "validate", "-j", "2"]
    process = subprocess.Popen(
        [*command, "big.jsonl"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 30
    while not children.read_text().split() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert (130, "", "lowback: interrupted\n") == (
        process.returncode,
        out,
        err,
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_counts_documents_and_bytes_inside_a_file(
    corpus, capsys, monkeypatch
):
    """
    On a terminal, a large file's progress counts its documents and
    bytes as its stretches are checked; elsewhere there is none.
    """
    monkeypatch.setattr(_reporters, "PROGRESS_BYTES", 10_000)
    size = (corpus / "many.jsonl").stat().st_size / 1e6
    status, _, err = _validate(capsys, "-j", "1", "content/many.jsonl")
    assert (1, "") == (status, err)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert 1 == main(["validate", "-j", "1", "content/many.jsonl"])
    shown = terminal.getvalue().split("\r")
    assert "\033[K" == shown[-1]  # cleared at the end
    steps = [
        re.fullmatch(
            r"checking (\d)/1 files?, (\d+) documents?, "
            r"([\d.]+)/([\d.]+) MB\033\[K",
            line,
        )
        for line in shown[1:-1]
        if line != "\033[K"  # cleared for a problem's line
    ]
    assert all(steps)
    counts = [(int(m[1]), int(m[2]), float(m[3])) for m in steps if m]
    assert (0, 0, 0.0) == counts[0]
    assert (1, 150, round(size, 1)) == counts[-1]
    assert len(counts) == len(_jobs.cut(["content/many.jsonl"])) + 1
    assert counts == sorted(counts)
    assert {f"{size:.1f}"} == {m[4] for m in steps if m}
