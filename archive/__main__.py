"""``python -m archive``: the analyst commands without the crawler."""

from __future__ import annotations

from archive.cli import cli

if __name__ == "__main__":
    cli(prog_name="python -m archive")
