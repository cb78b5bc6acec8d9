"""``make demo``: crawl the bundled offline mirror into ./warta.sqlite and show it.

Starts the mirror on a free loopback port, runs ``warta crawl`` against it,
prints the archive's statistics and a sample search, then stops the mirror.
Each step is the real command a user would type.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ARCHIVE = Path(os.environ.get("WARTA_ARCHIVE", "warta.sqlite"))
MIRROR_ARTICLES = 150
DEMO_ARTICLES = 50


def _warta(*args: str) -> None:
    command = [sys.executable, "-m", "cli", *args]
    print("\n$ warta " + " ".join(args), flush=True)
    subprocess.run(command, check=True)


def main() -> None:
    """Run the demo from start to end; the mirror never outlives it."""
    mirror = subprocess.Popen(
        [sys.executable, "-m", "mirror", "--port", "0",
         "--articles", str(MIRROR_ARTICLES)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        line = mirror.stdout.readline() if mirror.stdout else ""
        base_url = line.strip().rsplit(" ", 1)[-1]
        if not base_url.startswith("http://127.0.0.1:"):
            raise SystemExit(f"the mirror did not start: {line!r}")
        print(line.strip(), flush=True)
        _warta(
            "crawl", "beritajakarta", "--base-url", base_url,
            "--archive", str(ARCHIVE), "--max-articles", str(DEMO_ARTICLES),
        )  # fmt: skip
        _warta("stats", "--archive", str(ARCHIVE))
        _warta("search", "harga pasar", "--archive", str(ARCHIVE), "--limit", "5")
        print(
            f"\nThe archive is {ARCHIVE}. Try: .venv/bin/warta search 'rusun' "
            "--since 2026-01-01, .venv/bin/warta serve, .venv/bin/warta --help"
        )
    finally:
        mirror.terminate()
        mirror.wait(timeout=10)


if __name__ == "__main__":
    main()
