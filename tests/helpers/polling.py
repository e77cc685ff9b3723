"""Waiting for something another process does: a condition checked until it holds, or the
test fails naming what never happened."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest


def wait_for(what: str, check: Callable[[], bool], timeout: float) -> None:
    """Check every 50 ms until ``check()`` is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}")
