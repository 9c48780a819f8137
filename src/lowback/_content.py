"""
The built-in content, and catalog files merged onto it.

The leaflet's catalog is a data file read through the same validating
loader as any third-party catalog.
"""

from __future__ import annotations

import functools
import os

from ._catalog import Catalog
from ._checks import check_instance
from ._documents import load, loads
from ._errors import DuplicateIdError, InvalidValueError


def load_catalogs(
    *paths: str | os.PathLike[str], base: Catalog | None = None
) -> Catalog:
    """
    Load catalog files and merge them, onto *base* if given.

    Raises:
        FileReadError: If a file cannot be read.
        ContentError: If a file is not a valid catalog.
        DuplicateIdError: If ids clash between catalogs.
    """
    if base is not None:
        check_instance("base", base, Catalog)
    loaded = [(load(p, Catalog), os.fspath(p)) for p in paths]
    if base is None:
        if not loaded:
            raise InvalidValueError(
                "paths",
                paths,
                "paths: give at least one path or a base catalog",
            )
        base, loaded = loaded[0][0], loaded[1:]
    for extra, path in loaded:
        try:
            base = base.merge(extra)
        except DuplicateIdError as e:
            raise DuplicateIdError(
                e.id, e.first, f"{e.second} ({path})"
            ) from None
    return base


def _builtin_text() -> bytes:
    from importlib import resources  # noqa: PLC0415 - keeps import light

    return (
        resources.files("lowback")
        .joinpath("content", "leaflet.json")
        .read_bytes()
    )


@functools.cache
def catalog() -> Catalog:
    """
    Return the built-in catalog.

    It holds the leaflet's four exercises and its two safety notices.
    It is read from a data file through the same validating loader as
    any third-party catalog, once per process.
    """
    return loads(_builtin_text(), Catalog, file="lowback/content/leaflet.json")


#: What lowback re-exports from here.
__all__ = [
    "catalog",
    "load_catalogs",
]
