"""Each package imports only what its layer may (house style §2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

EXTRACTOR_FORBIDDEN = (
    "scrapy", "itemadapter", "twisted", "dataset", "sqlalchemy", "sqlite3",
    "archive", "requests", "urllib.request", "socket", "http",
    "pipelines.storage", "crawler.spiders", "crawler.mirror",
)  # fmt: skip
# package directory -> (forbidden import prefixes, files exempt from the rule)
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "archive": (("scrapy", "itemadapter", "twisted", "crawler", "pipelines"), ()),
    "pipelines/extractors": (EXTRACTOR_FORBIDDEN, ()),
    "crawler": (
        ("pipelines", "archive", "dataset", "sqlalchemy"),
        # the composition root and the demo wire every layer together
        (
            "crawler/cli.py",
            "crawler/crawl.py",
            "crawler/demo.py",
            "crawler/__main__.py",
        ),
    ),
    "crawler/mirror": (("scrapy", "twisted", "pipelines", "archive"), ()),
    # site profiles: pure rules (standard library and w3lib)
    "sites": ((*EXTRACTOR_FORBIDDEN, "crawler", "pipelines", "bs4", "lxml"), ()),
}
CLOCK_CALLS = {
    ("datetime", "now"),
    ("date", "today"),
    ("time", "time"),
    ("datetime", "utcnow"),
}


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _violations(package: str) -> list[str]:
    forbidden, exempt = RULES[package]
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in exempt:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, module in _imports(tree):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                problems.append(f"{rel}:{line} imports {module}")
    return problems


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_respects_its_layer(package: str) -> None:
    assert _violations(package) == []


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
