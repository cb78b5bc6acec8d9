"""Lenient, safe parsing of untrusted XML and HTML (shared by the discovery modules).

XML is parsed with lxml in recover mode with entity resolution, DTD loading and
network access off, so a sitemap or feed can neither expand entities nor make
the parser fetch anything; broken documents give what could be recovered.
"""

from __future__ import annotations

import zlib

import lxml.etree
import lxml.html

MAX_BODY_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own cap (uncompressed)
_GZIP_MAGIC = b"\x1f\x8b"


def _parser() -> lxml.etree.XMLParser:
    return lxml.etree.XMLParser(
        recover=True,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )


def gunzip(body: bytes, limit: int = MAX_BODY_BYTES) -> bytes:
    """``body`` itself, or its gzip content (at most ``limit`` bytes; bad gzip: b"")."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return inflater.decompress(body, limit)
    except zlib.error:
        return b""


def parse_xml(body: str | bytes) -> lxml.etree._Element | None:
    """The root element of an XML document (gzip allowed), or None if none is found."""
    data = gunzip(body) if isinstance(body, bytes) else body.encode("utf-8")
    data = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data:
        return None
    try:
        root = lxml.etree.fromstring(data, parser=_parser())
    except lxml.etree.XMLSyntaxError:
        return None
    return root


def parse_html(html: str | bytes) -> lxml.html.HtmlElement | None:
    """The root of an HTML page, or None for an empty or unparsable one."""
    if not html or not html.strip():
        return None
    try:
        return lxml.html.fromstring(html)
    except ValueError:  # a str that declares its encoding: parse its bytes
        if isinstance(html, str):
            return parse_html(html.encode("utf-8"))
        return None
    except lxml.etree.ParserError:
        return None


def local_name(element: lxml.etree._Element) -> str:
    """An element's tag without its namespace, lower case ('' for comments)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return str(lxml.etree.QName(tag).localname).lower()


def child_text(element: lxml.etree._Element, name: str) -> str | None:
    """The stripped text of the first non-empty child named ``name`` (any namespace)."""
    for child in element:
        if local_name(child) == name:
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None
