"""One lxml parse per page, and text helpers that know the site's markup quirks.

Which parser reads what, and why (``python benchmarks/extract.py --repeat 25``:
CPU time per page, best of 25 cold passes, 2-core shared VM, lxml 6.1, bs4 4.15):

* **Every page** is parsed once by libxml2's HTML parser into plain
  ``lxml.etree`` elements (the tree ``lxml.html`` builds, without its
  per-element Python class lookup; one parser per thread, no ID table), or
  not at all when the crawl's link discovery parsed it already: a reader
  takes a :class:`Document` (the HTML and its tree, given or parsed on first
  use). Dispatch reads this tree: canonical link, ``<base>``, ``div.news-read``.
* **Mobile pages** (``m.beritajakarta.id``: what the crawler fetches, the hot
  path) are read from that tree alone, with precompiled XPath and these
  helpers. Full extraction: 1.1 ms on the real 29 KiB pages (bare
  ``lxml.html`` parse 0.7 ms, ratio 0.61-0.63x) and 0.7 ms on the 12 KiB
  fixtures (0.52-0.59x). ``BeautifulSoup(html, "lxml")`` alone takes 10 ms and
  6.3 ms on the same pages: 9x the whole lxml extraction, so the hot path
  never builds a soup.
* **Desktop (www) pages** (markup never captured, read by labels and text
  order: a cold path) are read from ``BeautifulSoup(html, "lxml")``
  (:mod:`.soup`, :mod:`.blocks`, :mod:`.sites.beritajakarta_www`), breadcrumb
  and og/meta fallbacks included: 3.9-4.5 ms per 7 KiB fixture (3.1 ms of it the
  soup; on lxml this path took 1.0 ms). A ``SoupStrainer("body")`` saves 13-15%
  of the soup (11% of the path) but the fallbacks then need the head from a
  second parse; "only the article region" needs to know where the region is,
  which an unconfirmed template does not say: neither is used.
* Both trees come from libxml2 (the ``"lxml"`` builder), so they agree (a test
  renders every fixture both ways); ``html.parser`` would not: on the 2015
  pages it merges the whole body into one ``<p>``, libxml2 closes the outer
  ``<p>`` early.

Helpers never mutate the tree.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import TypeAlias

from lxml import etree

from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.text import normalize_space

Element: TypeAlias = etree._Element

SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link"}
)
#: Elements that start a new line of text (as a text browser renders them).
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center",
        "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip


class _Parsers(threading.local):
    """One pair of HTML parsers per thread (lxml parsers must not be shared
    across threads; making one per page costs more than a small page's parse).

    Comments never carry content (their tails stay text): dropping them while
    parsing makes the tree smaller. No ID table: nothing here looks up ids.
    """

    def __init__(self) -> None:
        self.text = etree.HTMLParser(remove_comments=True, collect_ids=False)
        self.utf8 = etree.HTMLParser(
            encoding="utf-8", remove_comments=True, collect_ids=False
        )


_PARSERS = _Parsers()


class Document:
    """A page's HTML and its lxml tree, parsed on first use and at most once.

    Readers take a document, so whoever parsed the page already (the crawl's
    link discovery, ``crawler.links.parse_page``, with :func:`parse`'s parser
    settings) passes that ``tree`` instead of having it parsed again. A given
    tree is trusted to be ``html``'s: it is never checked against it.
    """

    __slots__ = ("_failure", "_root", "html")

    def __init__(self, html: str, tree: Element | None = None) -> None:
        self.html = html
        self._root = tree
        self._failure: NotAnArticle | None = None

    @property
    def root(self) -> Element:
        """The tree (parsed now, on first use, unless given); :class:`NotAnArticle`
        when there is no document at all (that failure is kept, not retried)."""
        if self._root is None:
            if self._failure is not None:
                raise NotAnArticle(str(self._failure))
            try:
                self._root = parse(self.html)
            except NotAnArticle as failure:
                self._failure = failure
                raise
        return self._root


def parse(html: str) -> Element:
    """Parse a page; raise :class:`NotAnArticle` when there is no document at all."""
    if not html or html.isspace():
        raise NotAnArticle("empty document")
    try:
        root = etree.fromstring(html, _PARSERS.text)
    except ValueError:
        # a str with an XML encoding declaration: parse its UTF-8 bytes instead
        root = etree.fromstring(html.encode("utf-8"), _PARSERS.utf8)
    except etree.LxmlError as error:
        raise NotAnArticle(f"unparseable document: {error}") from error
    if root is None:
        raise NotAnArticle("empty document")
    return root


def xpath(expression: str) -> etree.XPath:
    """Compile an XPath once (module constants); class tests via ``has-class``."""
    return etree.XPath(expression, smart_strings=False)


def cls(name: str) -> str:
    """XPath predicate body: the element's class attribute contains the token.

    The plain ``contains`` runs first: it is cheap and rejects most elements.
    """
    return (
        f"contains(@class, '{name}') and "
        f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
    )


def has_class(element: Element, name: str) -> bool:
    """True when ``element`` carries the CSS class ``name``."""
    return name in (element.get("class") or "").split()


def is_icon(element: Element) -> bool:
    """True for an icon-font element (``<i class="material-icons">photo</i>``)."""
    classes = element.get("class")
    return bool(classes) and (
        "material-icons" in classes or "material-symbols" in classes
    )


def is_hidden(element: Element) -> bool:
    """True for an inline ``display: none`` element."""
    style = element.get("style")
    return bool(style) and "none" in style and "display" in style.replace(" ", "")


Skip = Callable[[Element], bool]


def _skip_icons(element: Element) -> bool:
    return is_icon(element)


def text_of(element: Element | None, skip: Skip = _skip_icons) -> str:
    """Visible text of ``element``, whitespace-normalised; icon words left out.

    ``<br>`` counts as a space; comments, scripts and elements for which
    ``skip`` is true are dropped (their tails kept).
    """
    if element is None:
        return ""
    if len(element) == 0:  # text only: the common case for links and spans
        return normalize_space(element.text or "")
    parts: list[str] = []
    _gather(element, parts, skip)
    return normalize_space("".join(parts))


def _gather(element: Element, parts: list[str], skip: Skip) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            pass  # comment or processing instruction: its tail is still text
        elif tag == "br":
            parts.append(" ")
        elif tag not in SKIP_TAGS and not skip(child):
            _gather(child, parts, skip)
        if child.tail:
            parts.append(child.tail)


def first_line(element: Element, skip: Skip = _skip_icons) -> str:
    """The first line of visible text of ``element``, whitespace-normalised.

    A link's title when the link wraps block content (``<a><h2>Title</h2>
    <div>date · views</div></a>``): text up to the first block boundary that
    follows some text. Inline markup and ``<br>`` do not end the line. An
    explicit stack, not recursion, walks the tree.
    """
    if len(element) == 0:
        return normalize_space(element.text or "")
    parts = [element.text or ""]
    stack: list[tuple[Element, Iterator[Element]]] = [(element, iter(element))]
    while stack:
        parent, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:  # leaving a descendant: a block ends the line
                if parent.tag in BLOCK_TAGS and _has_text(parts):
                    break
                parts.append(parent.tail or "")
            continue
        tag = child.tag
        if isinstance(tag, str) and tag in BLOCK_TAGS and _has_text(parts):
            break
        if not isinstance(tag, str) or tag in SKIP_TAGS or skip(child):
            parts.append(child.tail or "")
        elif tag == "br":
            parts.append(" " + (child.tail or ""))
        else:
            parts.append(child.text or "")
            stack.append((child, iter(child)))
    return normalize_space("".join(parts))


def _has_text(parts: list[str]) -> bool:
    return any(part and not part.isspace() for part in parts)


def plain_text(element: Element) -> str:
    """All text under ``element`` (libxml2's text serialiser), whitespace-normalised.

    The same text as ``"".join(element.itertext())`` (comments and processing
    instructions left out, ``<script>`` text kept), at a quarter of the cost;
    for elements without ``<br>`` or icons, where :func:`text_of` would agree.
    """
    return normalize_space(
        etree.tostring(element, method="text", encoding="unicode", with_tail=False)
    )


def attr(element: Element | None, name: str) -> str | None:
    """An attribute's value, whitespace-normalised; ``None`` when absent or empty."""
    if element is None:
        return None
    value = element.get(name)
    if value is None:
        return None
    return normalize_space(value) or None


def first(elements: list[Element]) -> Element | None:
    """The first element of an XPath result, or ``None``."""
    return elements[0] if elements else None


def first_match(context: Element, *queries: etree.XPath) -> Element | None:
    """The first result of the first query that finds one (fast path, then fallback).

    (Never ``a or b`` on elements: an element without children is falsy.)
    """
    for query in queries:
        found = query(context)
        if found:
            return found[0]
    return None
