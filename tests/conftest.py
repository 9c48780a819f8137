"""
Shared test setup: hypothesis profiles and a network that always fails.

``HYPOTHESIS_PROFILE`` picks the profile. By default, and in CI, it is
``ci``: derandomized, so every run checks the same examples, and sized
so that the whole suite runs in well under two minutes on two cores.
``HYPOTHESIS_PROFILE=deep`` searches far deeper, with new examples each
run, for a long local run before a release.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=60,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    deadline=None,
    max_examples=1000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: The shared folder beside the repository, with the leaflet and
#: third-party data; absent in some checkouts.
SHARED = Path(__file__).resolve().parents[2] / "shared"


class NetworkUsedError(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """
    Make any attempt to open a network connection fail the test.
    """

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsedError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
