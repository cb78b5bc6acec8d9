"""``make demo``: crawl the three offline portals into ./warta.sqlite and show it.

Starts the mirror of each portal on a free loopback port (Berita Jakarta, a
WordPress-style municipal portal, Portal Jabar), runs ``warta crawl`` against
each (``generic`` for the WordPress portal, which has no profile), prints the
archive's statistics per site and a sample search, then stops the mirrors.
Each step is the real command a user would type.
"""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

ARCHIVE = Path(os.environ.get("WARTA_ARCHIVE", "warta.sqlite"))
MIRROR_ARTICLES = 40
#: (mirror portal, spider, extra crawl options)
PORTALS = (
    ("beritajakarta", "beritajakarta", ("--max-articles", "30")),
    ("wordpress", "generic", ()),
    ("jabar", "jabar", ()),
)


def _warta(*args: str) -> None:
    command = [sys.executable, "-m", "cli", *args]
    print("\n$ warta " + " ".join(args), flush=True)
    subprocess.run(command, check=True)


def _start_mirror(stack: ExitStack, portal: str) -> str:
    """Serve ``portal`` on a free port until the demo ends; its base URL."""
    mirror = subprocess.Popen(
        [sys.executable, "-m", "mirror", "--port", "0", "--portal", portal,
         "--articles", str(MIRROR_ARTICLES)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    stack.callback(mirror.wait, timeout=10)
    stack.callback(mirror.terminate)
    line = mirror.stdout.readline() if mirror.stdout else ""
    base_url = line.strip().rsplit(" ", 1)[-1]
    if not base_url.startswith("http://127.0.0.1:"):
        raise SystemExit(f"the {portal} mirror did not start: {line!r}")
    print(line.strip(), flush=True)
    return base_url


def main() -> None:
    """Run the demo from start to end; no mirror outlives it."""
    with ExitStack() as stack:
        for portal, spider, extra in PORTALS:
            base_url = _start_mirror(stack, portal)
            _warta(
                "crawl", spider, "--base-url", base_url,
                "--archive", str(ARCHIVE), *extra,
            )  # fmt: skip
        _warta("stats", "--archive", str(ARCHIVE))
        _warta("search", "pasar", "--archive", str(ARCHIVE), "--limit", "5")
    print(
        f"\nThe archive is {ARCHIVE}. Try: .venv/bin/warta search 'rusun' "
        "--since 2026-01-01, .venv/bin/warta serve, .venv/bin/warta --help"
    )


if __name__ == "__main__":
    main()
