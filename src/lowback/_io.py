"""
Files: read to a limit, and written whole or not at all.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ._checks import describe
from ._errors import FileReadError, FileWriteError, InvalidValueError
from ._json import MAX_BYTES


def _path(value: object) -> str:
    if not isinstance(value, (str, os.PathLike)):
        raise InvalidValueError(
            "path", value, f"path: expected a file path, got {describe(value)}"
        )
    return os.fspath(value)


def read_file(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """
    Return a file's bytes, or its first *limit* + 1 if it is larger.

    Reading stops there, so that a huge file (or ``/dev/zero``) costs no
    more than the limit: a reader that finds more than *limit* bytes
    refuses the document as too large, without reading the rest.

    Raises:
        FileReadError: If it is missing, a directory or unreadable.
        InvalidValueError: If *path* is not a path.
    """
    name = _path(path)
    try:
        with open(name, "rb") as f:  # noqa: PTH123
            return f.read(limit + 1)
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise FileReadError(name, reason) from e


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """
    Write *text* to a file as UTF-8, whole or not at all (see `write_bytes`).

    Raises:
        FileWriteError: If the file cannot be written.
        InvalidValueError: If *path* is not a path or *text* not text.
    """
    name = _path(path)
    if not isinstance(text, str):
        raise InvalidValueError(
            "text", text, f"text: expected text, got {describe(text)}"
        )
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise FileWriteError(name, type(e).__name__) from e
    write_bytes(name, data)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """
    Write *data* to a file, whole or not at all.

    The bytes go to a new file in the same folder, which replaces the
    target only once it is complete; on any failure that file is removed
    and the target is as it was.
    The file gets the permissions a new file gets (the umask applies).

    Raises:
        FileWriteError: If the file cannot be written.
        InvalidValueError: If *path* is not a path or *data* not bytes.
    """
    name = _path(path)
    if not isinstance(data, bytes):
        raise InvalidValueError(
            "data", data, f"data: expected bytes, got {describe(data)}"
        )
    target = Path(name)
    if not target.name:  # "", "." or "/": a folder, not a file
        raise FileWriteError(name, "it is a folder; name a file")
    temporary = target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")
    try:
        flags = (
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        )
        descriptor = os.open(temporary, flags, 0o666)
        try:
            with open(descriptor, "wb", closefd=True) as f:  # noqa: PTH123
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            temporary.replace(target)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise FileWriteError(name, reason) from e
