"""Helpers for the ``warta serve`` tests: hand-ranked articles and a served subprocess."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from archive.store import open_archive
from tests.archive_factory import REPORTERS, SITE, article_row, article_url

REPO = Path(__file__).resolve().parents[1]
_URL = re.compile(r"(http://127\.0\.0\.1:\d+)/")

#: A word no factory article contains, put in the hand-ranked articles only.
RANKED_WORD = "kerakmutiara"
_FILLER = (
    "Pemerintah kota menggelar rapat koordinasi bersama warga dan perangkat "
    "kelurahan untuk membahas rencana kerja tahun depan di balai warga. "
)


def _article(
    site_id: int, title: str, body: str, published_at: str
) -> dict[str, object]:
    return article_row(
        url=article_url("id", site_id, title),
        site=SITE,
        site_article_id=str(site_id),
        language="id",
        title=title,
        published_at=published_at,
        reporter=REPORTERS[0],
        editor="Andry",
        translator=None,
        views=10,
        category="Lingkungan",
        image_url=None,
        image_caption=None,
        photo_credit=None,
        body=body,
    )


def add_ranked_articles(path: Path) -> list[int]:
    """Add three articles containing :data:`RANKED_WORD`; their ids, best match first.

    By hand: the word in the title (weighted 10×) beats three times in a short
    body, which beats once in a long body. Their dates run the other way (the
    best match is the oldest), so a date order never passes for relevance.
    """
    articles = [
        _article(
            990_001,
            f"Festival {RANKED_WORD.title()} di Taman Kota",
            "Panitia menyiapkan panggung dan stan kuliner untuk warga.",
            "2023-01-10T09:00:00+07:00",
        ),
        _article(
            990_002,
            "Warga Membersihkan Saluran Air",
            f"{RANKED_WORD} {RANKED_WORD} disebut warga. Lalu {RANKED_WORD} lagi.",
            "2023-02-10T09:00:00+07:00",
        ),
        _article(
            990_003,
            "Rapat Koordinasi Kelurahan",
            _FILLER * 6 + f"Sebutan {RANKED_WORD} muncul sekali. " + _FILLER * 6,
            "2023-03-10T09:00:00+07:00",
        ),
    ]
    with open_archive(path) as arc:
        results = arc.save_articles(
            articles, observed_at="2024-07-01T00:00:00+00:00", run_id=None
        )
    return [result.article_id for result in results]


@dataclass
class Served:
    """A running ``warta serve``: its base URL and the file its console goes to."""

    base: str
    console: Path

    def console_lines(self) -> list[str]:
        """Lines the server wrote to stdout and stderr so far."""
        return self.console.read_text(encoding="utf-8", errors="replace").splitlines()


@contextmanager
def serve_archive(archive: Path) -> Iterator[Served]:
    """Run ``python -m archive.serve`` on a free port of 127.0.0.1 until exit.

    stdout and stderr both go to one file, read by :meth:`Served.console_lines`.
    """
    console = archive.with_suffix(".console.log")
    with console.open("w", encoding="utf-8") as out:
        command = [sys.executable, "-m", "archive.serve", "--archive", str(archive)]
        proc = subprocess.Popen(
            [*command, "--port", "0"],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            served = Served(_wait_for_url(proc, console), console)
            _wait_until_up(proc, served.base)
            yield served
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_for_url(proc: subprocess.Popen[bytes], console: Path) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        match = _URL.search(console.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match.group(1)
        time.sleep(0.1)
    raise AssertionError(f"serve printed no URL: {console.read_text()[-2000:]}")


def _wait_until_up(proc: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.1)
