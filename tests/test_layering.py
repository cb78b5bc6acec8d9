"""Each package imports only what its layer may (house style §2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

WARTA = ("cli", "crawler", "pipelines", "archive", "mirror", "sites")
EXTRACTOR_FORBIDDEN = (
    "scrapy", "itemadapter", "twisted", "dataset", "sqlalchemy", "sqlite3",
    "archive", "requests", "urllib.request", "socket", "http",
    "pipelines.storage", "crawler.spiders", "mirror", "cli",
)  # fmt: skip
# package directory -> forbidden import prefixes (imports by name at run time
# included). No file is exempt: the CLI is the one part that wires the others.
RULES: dict[str, tuple[str, ...]] = {
    "archive": ("scrapy", "itemadapter", "twisted", "crawler", "pipelines", "cli",
                "mirror", "sites"),
    "pipelines": ("cli", "mirror", "crawler.spiders", "crawler.settings"),
    "pipelines/extractors": EXTRACTOR_FORBIDDEN,
    "crawler": ("pipelines", "archive", "dataset", "sqlalchemy", "cli", "mirror"),
    "crawler/discovery": (*EXTRACTOR_FORBIDDEN, "crawler.urls", "crawler.links"),
    "mirror": ("scrapy", "twisted", "bs4", "lxml", *(p for p in WARTA if p != "mirror")),
    "cli": ("mirror",),
    # site profiles: pure rules (standard library and w3lib)
    "sites": (*EXTRACTOR_FORBIDDEN, "crawler", "pipelines", "bs4", "lxml"),
}  # fmt: skip
#: Scrapy's settings name the project's components (crawler and pipelines) by
#: dotted path; they may not name any other part.
SETTINGS_MAY_NAME = ("crawler", "pipelines", "scrapy")
#: A site profile declares its reader by dotted path; the extraction pipeline
#: resolves it (the profile itself never imports an extractor).
PROFILES_MAY_NAME = ("pipelines.extractors",)
CLOCK_CALLS = {
    ("datetime", "now"),
    ("date", "today"),
    ("time", "time"),
    ("datetime", "utcnow"),
}


def _by_name(node: ast.Call) -> str | None:
    """The module an ``import_module("x")``/``__import__("x")`` call names."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def _dotted_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """``"pkg.module:attr"`` / ``"pkg.module.Class"`` strings naming warta code."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.partition(":")[0]
            head = text.split(".")[0]
            dotted = "." in text and " " not in text and "/" not in text
            if (
                dotted
                and head in WARTA
                and text.replace(".", "").replace("_", "").isalnum()
            ):
                found.append((node.lineno, text))
    return found


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module a file imports: statements, and by name at run time."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and (module := _by_name(node)):
            found.append((node.lineno, module))
    return list(dict.fromkeys(found + _dotted_strings(tree)))


def _forbidden(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == f or module.startswith(f + ".") for f in prefixes)


def _violations(package: str) -> list[str]:
    forbidden = RULES[package]
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, module in _imports(tree):
            if rel == "crawler/settings.py" and _forbidden(module, SETTINGS_MAY_NAME):
                continue  # Scrapy loads the project's components by name
            if _declares_reader(rel, module, tree, line):
                continue
            if _forbidden(module, forbidden):
                problems.append(f"{rel}:{line} imports {module}")
    return problems


def _declares_reader(rel: str, module: str, tree: ast.AST, line: int) -> bool:
    """A ``sites/`` module naming its reader (a string, never an import)."""
    return (
        rel.startswith("sites/")
        and _forbidden(module, PROFILES_MAY_NAME)
        and (line, module) in _dotted_strings(tree)
    )


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_respects_its_layer(package: str) -> None:
    assert _violations(package) == []


def test_nothing_imports_the_cli() -> None:
    problems = [
        problem
        for package in ("archive", "crawler", "pipelines", "mirror", "sites")
        if (ROOT / package).is_dir()
        for problem in _violations_of(package, ("cli",))
    ]
    assert problems == []


def _violations_of(package: str, prefixes: tuple[str, ...]) -> list[str]:
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        problems += [
            f"{path.relative_to(ROOT).as_posix()}:{line} imports {module}"
            for line, module in _imports(tree)
            if _forbidden(module, prefixes)
        ]
    return problems


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import archive.store", ["archive.store"]),
        ("from pipelines import storage", ["pipelines"]),
        ("importlib.import_module('archive.cli')", ["archive.cli"]),
        ("__import__('mirror.server')", ["mirror.server"]),
        ("LAZY = {'search': 'archive.cli:search_command'}", ["archive.cli"]),
        ("PIPE = {'pipelines.storage.ArchivePipeline': 800}", ["pipelines.storage.ArchivePipeline"]),
        ("TEXT = 'see archive.store for details'", []),
        ("URL = 'https://m.beritajakarta.id/read/1'", []),
    ],
)  # fmt: skip
def test_imports_are_seen_also_when_made_by_name(source, expected) -> None:
    assert [module for _, module in _imports(ast.parse(source))] == expected


def test_extractors_never_read_the_clock() -> None:
    problems = []
    for path in sorted((ROOT / "pipelines/extractors").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) in CLOCK_CALLS
            ):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert problems == []


#: Names and URL patterns of known portals: the archive is told identities, so
#: none of its files may mention one (issue 10: "the archive knows no site").
SITE_MARKERS = ("jakarta", "jabar", "surabaya", "/read/", "m.berita", "go.id")


def test_the_archive_names_no_site() -> None:
    problems = []
    for path in sorted((ROOT / "archive").rglob("*")):
        if not path.is_file() or path.suffix not in {".py", ".css", ".html", ".js"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = [m for m in SITE_MARKERS if m in line.lower()]
            if found:
                problems.append(f"{path.relative_to(ROOT)}:{number} names {found}")
    assert problems == []
