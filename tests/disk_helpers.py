"""A real full disk for tests: a small tmpfs mounted for the test's duration."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def tmpfs(disk: Path, size: str) -> Iterator[Path]:
    """``disk`` (made here) as a tmpfs of ``size`` (``64k``, ``3m``) until exit.

    Skips the test where mounting is refused (it needs root and a mount
    namespace that allows it).
    """
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)
