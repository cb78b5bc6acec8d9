"""Deterministic generator of mangled pages for the robustness suite.

Every page is derived from the committed fixture pages
(``tests/fixtures/pages/<site>/*.html``) by one mangling: truncation at a
random offset, wrong or mixed encodings (cp1252/latin-1 bytes in a UTF-8 page,
UTF-16, a lying ``<meta charset>`` or ``Content-Type``), deep or unclosed
nesting, huge attributes, binary noise, an empty body, a page that is only a
PHP notice. The same seed gives the same pages, byte for byte.

``python -m tests.mangle DIR`` writes them out for a look.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "pages" / "beritajakarta"
SEED = 20260509
MB = 1024 * 1024

PHP_NOTICE = b"""
<div style="border:1px solid #990000;padding-left:20px;margin:0 0 10px 0;">
<h4>A PHP Error was encountered</h4>
<p>Severity: Notice</p>
<p>Message:  Trying to get property 'judul' of non-object</p>
<p>Filename: controllers/Read.php</p>
<p>Line Number: 97</p>
</div>"""


@dataclass(frozen=True)
class MangledPage:
    """One mangled page: a name saying how it was made, its bytes, its header."""

    name: str
    body: bytes
    content_type: str = "text/html"


Mangler = Callable[[bytes, random.Random], tuple[bytes, str]]


def fixture_pages() -> list[tuple[str, bytes]]:
    """``(stem, bytes)`` of every committed fixture page, sorted by name."""
    return [(p.stem, p.read_bytes()) for p in sorted(FIXTURES.glob("*.html"))]


def _html(body: bytes) -> tuple[bytes, str]:
    return body, "text/html"


def truncate(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Cut the page at a random byte offset (possibly inside a UTF-8 character)."""
    return _html(page[: rng.randrange(len(page))])


def cp1252_islands(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    """cp1252 quotes and latin-1 letters spliced into a UTF-8 page."""
    out = bytearray(page)
    for _ in range(rng.randint(1, 40)):
        at = rng.randrange(len(out))
        out[at:at] = rng.choice(
            [b"\x93kata\x94", b"caf\xe9", b"\x96", b"\xa0", b"\xff"]
        )
    return _html(bytes(out))


def reencode(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    """The whole page in another encoding, its ``<meta charset>`` still saying UTF-8."""
    text = page.decode("utf-8", errors="replace")
    encoding = rng.choice(["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be"])
    return _html(text.encode(encoding, errors="replace"))


def lying_charset(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    """UTF-8 bytes under a wrong or unknown charset (in the meta or the header)."""
    charset = rng.choice(
        ["utf-16", "shift_jis", "iso-2022-jp", "x-no-such-charset", "utf-32"]
    )
    if rng.random() < 0.5:
        return page.replace(
            b'charset="utf-8"', f'charset="{charset}"'.encode()
        ).replace(b"charset=UTF-8", f"charset={charset}".encode()), "text/html"
    return page, f"text/html; charset={charset}"


def deep_nesting(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    """10,000 nested elements inside the page (closed, or never closed)."""
    depth = 10_000
    tag = rng.choice([b"div", b"span", b"p", b"a", b"b", b"li", b"blockquote"])
    opening = b"<" + tag + b' class="content-body">'
    inner = opening * depth + b"teks dalam"
    if rng.random() < 0.5:
        inner += (b"</" + tag + b">") * depth
    at = _anchor(page, rng)
    return _html(page[:at] + inner + page[at:])


def unclosed(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Every closing tag removed (or every opening ``<`` of closing tags doubled)."""
    if rng.random() < 0.5:
        return _html(_drop_closing_tags(page))
    return _html(page.replace(b"</", b"<</"))


def huge_attribute(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A 5 MB attribute value on an element of the article."""
    name = rng.choice([b"alt", b"class", b"href", b"data-x", b"style"])
    value = rng.choice([b"a", b"news-read ", b"\xc3\xa9"]) * (5 * MB // 2)
    at = _anchor(page, rng)
    return _html(
        page[:at] + b"<img " + name + b'="' + value[: 5 * MB] + b'">' + page[at:]
    )


def noise(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Binary noise: alone, spliced into the page, or NUL bytes everywhere."""
    kind = rng.randrange(3)
    blob = rng.randbytes(rng.randint(1, 64 * 1024))
    if kind == 0:
        return _html(blob)
    if kind == 1:
        at = rng.randrange(len(page))
        return _html(page[:at] + blob + page[at:])
    return _html(page.replace(b" ", b"\x00", rng.randint(1, 500)))


def empty(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    """An empty or blank body, or a document with nothing in it."""
    return _html(
        rng.choice(
            [b"", b" ", b"\n\r\n\t", b"\xef\xbb\xbf", b"<html></html>", b"<!doctype html>",
             b"<html><head></head><body></body></html>", b"\xff\xfe", b"<"]
        )
    )  # fmt: skip


def php_notice_only(page: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Only the PHP notice the server prints, repeated, with no page after it."""
    return _html(PHP_NOTICE * rng.randint(1, 3))


def _anchor(page: bytes, rng: random.Random) -> int:
    """An offset just after an opening tag of the article (or anywhere)."""
    for marker in (
        b'<div class="content-body">',
        b'<div class="news-read">',
        b"<body>",
    ):
        at = page.find(marker)
        if at >= 0 and rng.random() < 0.8:
            return at + len(marker)
    return rng.randrange(len(page) + 1)


def _drop_closing_tags(page: bytes) -> bytes:
    out = bytearray()
    at = 0
    while (start := page.find(b"</", at)) >= 0:
        end = page.find(b">", start)
        if end < 0:
            break
        out += page[at:start]
        at = end + 1
    return bytes(out + page[at:])


# (mangler, pages per fixture): truncation dominates, the costly ones are few
MANGLERS: list[tuple[Mangler, int]] = [
    (truncate, 30),
    (cp1252_islands, 6),
    (reencode, 5),
    (lying_charset, 4),
    (deep_nesting, 1),
    (unclosed, 2),
    (noise, 4),
    (empty, 1),
    (php_notice_only, 1),
]
HUGE_PAGES = 4  # 5 MB attributes: a few suffice, each costs a parse of 5 MB


def mangled_pages(seed: int = SEED) -> Iterator[MangledPage]:
    """Every mangled page, in a fixed order (the same for the same seed)."""
    rng = random.Random(seed)
    fixtures = fixture_pages()
    for stem, page in fixtures:
        for mangler, count in MANGLERS:
            for index in range(count):
                body, content_type = mangler(page, rng)
                name = f"{stem}.{mangler.__name__}.{index}"
                yield MangledPage(name, body, content_type)
    articles = [(stem, page) for stem, page in fixtures if b"news-read" in page]
    for index in range(HUGE_PAGES):
        stem, page = articles[index % len(articles)]
        body, content_type = huge_attribute(page, rng)
        yield MangledPage(f"{stem}.huge_attribute.{index}", body, content_type)


def main(argv: list[str]) -> None:
    """Write every mangled page to DIR (``python -m tests.mangle DIR``)."""
    out = Path(argv[1] if len(argv) > 1 else "mangled")
    out.mkdir(parents=True, exist_ok=True)
    for page in mangled_pages():
        (out / f"{page.name}.html").write_bytes(page.body)


if __name__ == "__main__":
    main(sys.argv)
