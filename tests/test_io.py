"""
Files: a failed write leaves nothing behind, and says it was a write.
"""

from __future__ import annotations

import os

import pytest

import lowback
from lowback import _io
from lowback._cli import main


def test_a_write_replaces_the_file_whole(tmp_path):
    """The text arrives whole, as UTF-8, and nothing else is left in the folder."""
    target = tmp_path / "out.txt"
    target.write_text("old", "utf-8")
    _io.write_text(target, "new ✓\n")
    assert "new ✓\n" == target.read_text("utf-8")
    assert ["out.txt"] == sorted(p.name for p in tmp_path.iterdir())


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    """A written file is made as any new file is: the umask applies, not 0600."""
    old = os.umask(0o022)
    try:
        _io.write_text(tmp_path / "out.txt", "x")
    finally:
        os.umask(old)
    assert 0o644 == (tmp_path / "out.txt").stat().st_mode & 0o777


def test_a_failed_write_leaves_the_old_file_and_no_other(
    tmp_path, monkeypatch
):
    """When writing fails midway, the target is as it was and no partial file remains."""
    target = tmp_path / "out.txt"
    target.write_text("old", "utf-8")

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(lowback.FileWriteError) as info:
        _io.write_text(target, "new")
    assert "old" == target.read_text("utf-8")
    assert ["out.txt"] == sorted(p.name for p in tmp_path.iterdir())
    assert "cannot write" in str(info.value)
    assert "No space left on device" == info.value.reason
    assert isinstance(info.value, OSError)


def test_writing_into_a_missing_folder_is_a_write_error(tmp_path):
    """A folder that is not there gives FileWriteError, not FileReadError."""
    with pytest.raises(lowback.FileWriteError) as info:
        _io.write_text(tmp_path / "nope" / "out.txt", "x")
    assert not isinstance(info.value, lowback.FileReadError)
    assert str(tmp_path / "nope" / "out.txt") == info.value.path


@pytest.mark.parametrize(
    "args",
    [
        ["handout", "-o", "{tmp}/nope/handout.txt"],
        ["export", "--format", "fhir", "-o", "{tmp}/nope/plan.json"],
    ],
)
def test_the_cli_says_cannot_write_and_exits_2(args, tmp_path, capsys):
    """An -o file that cannot be written: one line, status 2, nothing written."""
    status = main([a.format(tmp=tmp_path) for a in args])
    err = capsys.readouterr().err
    assert 2 == status
    assert err.startswith("lowback: error: cannot write ")
    assert 1 == len(err.splitlines())
    assert [] == list(tmp_path.iterdir())


def test_import_into_a_file_is_a_write_error(tmp_path, capsys):
    """lowback import -o naming a file, not a folder, fails as a write, status 2."""
    records = tmp_path / "records.json"
    records.write_text('[{"id": "a", "name": "A"}]', "utf-8")
    blocker = tmp_path / "drafts"
    blocker.write_text("a file", "utf-8")
    status = main(
        ["import", "free-exercise-db", str(records), "-o", str(blocker)]
    )
    assert 2 == status
    assert "cannot write" in capsys.readouterr().err
