"""``warta report``: PNG charts and index.html, also for empty archives.

The report's data (``data``: the command, the collected numbers) is checked on
both backends; where the output may go is about files, checked on SQLite.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from archive.charts import CHARTS, chart_growth, chart_views, chart_weeks
from archive.report import build_report
from archive.report_data import collect
from archive.store import open_archive
from cli.main import main
from tests.archive_factory import FactoryArchive, build_archive, build_empty_archive

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_NAMES = {chart.filename for chart in CHARTS}


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> FactoryArchive:
    return build_archive(tmp_path_factory.mktemp("report") / "warta.sqlite")


@pytest.fixture(scope="module")
def data(new_location: Callable[[], Path | str]) -> FactoryArchive:
    """The same factory archive on each backend."""
    return build_archive(new_location())


def _check_output(out: Path) -> str:
    names = {p.name for p in out.iterdir()}
    assert names == {*PNG_NAMES, "index.html"}
    for name in PNG_NAMES:
        data = (out / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE), name
        assert len(data) > 5_000, name  # a drawn chart, not an empty image
    page = (out / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'<img src="([^"]+)"', page)) == PNG_NAMES
    assert page.count("<figcaption>") == len(PNG_NAMES)
    return page


def test_report_command_writes_charts_and_index(data, tmp_path):
    file = data.path if isinstance(data.path, Path) else None
    before = file and hashlib.sha256(file.read_bytes()).hexdigest()
    out = tmp_path / "report"
    result = CliRunner().invoke(
        main, ["report", "--out", str(out), "--archive", str(data.path)]
    )
    assert result.exit_code == 0, result.output
    page = _check_output(out)
    assert "<th>Articles</th><td>60</td>" in page
    assert "<th>Crawl runs</th><td>3</td>" in page
    assert (file and hashlib.sha256(file.read_bytes()).hexdigest()) == before


def test_collected_numbers_match_the_archive(data):
    factory = data
    with open_archive(factory.path, read_only=True) as arc:
        data = collect(arc)
    dated = [a for a in factory.articles if a["published_at"]]
    assert sum(n for _, n in data.weeks) == len(dated)
    weeks = [w for w, _ in data.weeks]
    assert all(w.weekday() == 0 for w in weeks)  # Mondays
    assert weeks == [weeks[0] + timedelta(days=7 * i) for i in range(len(weeks))]
    first = min(date.fromisoformat(a["published_at"][:10]) for a in dated)
    assert weeks[0] == first - timedelta(days=first.weekday())
    assert sum(data.view_counts) == len(factory.articles)
    reporters = Counter(a["reporter"] for a in factory.articles)
    assert data.reporters == sorted(reporters.items(), key=lambda kv: (-kv[1], kv[0]))
    editors = Counter(a["editor"] for a in factory.articles)
    assert dict(data.editors) == dict(editors)


def test_view_growth_follows_the_most_viewed_articles(data):
    factory = data
    with open_archive(factory.path, read_only=True) as arc:
        data = collect(arc)
    top = sorted(factory.articles, key=lambda a: (-a["views"], factory.ids[a["url"]]))[
        :8
    ]
    assert [s.article_id for s in data.growth] == [factory.ids[a["url"]] for a in top]
    for series, article in zip(data.growth, top, strict=True):
        assert [v for _, v in series.points] == [
            run[article["url"]] for run in factory.views_by_run
        ]


def test_empty_archive_gives_no_data_charts(tmp_path):
    path = build_empty_archive(tmp_path / "empty.sqlite")
    with open_archive(path, read_only=True) as arc:
        files = build_report(arc, tmp_path / "out")
    assert {f.name for f in files} == {*PNG_NAMES, "index.html"}
    page = _check_output(tmp_path / "out")
    assert "<th>Articles</th><td>0</td>" in page
    assert "No article has a publication date yet." in page


def test_archive_without_view_history(tmp_path):
    factory = build_archive(tmp_path / "noviews.sqlite", articles=12, views=False)
    with open_archive(factory.path, read_only=True) as arc:
        data = collect(arc)
        build_report(arc, tmp_path / "out")
    page = _check_output(tmp_path / "out")
    assert "No article has a view count yet." in page
    assert data.growth == []
    assert data.weeks  # the other charts still have data
    for draw in (chart_growth, chart_views):
        ax = Figure().subplots()
        draw(ax, data)
        assert [t.get_text() for t in ax.texts if t.get_text().startswith("No data")], (
            draw
        )
    ax = Figure().subplots()
    chart_weeks(ax, data)
    assert len(ax.texts) == 0
    assert len(ax.patches) == len(data.weeks)


def test_report_reports_a_missing_archive_in_one_line(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--out",
            str(tmp_path / "out"),
            "--archive",
            str(tmp_path / "no.sqlite"),
        ],
    )
    assert result.exit_code == 2
    assert "archive not found" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def _report(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, (result.stderr.splitlines() or [""])[0]


def test_report_refuses_stdout_and_files(factory, tmp_path):
    archive = str(factory.path)
    assert _report("--out", "-", "--archive", archive) == (
        2,
        "Error: this command writes a directory; --out - is not possible",
    )
    before = hashlib.sha256(factory.path.read_bytes()).hexdigest()
    for out in (factory.path, tmp_path / "notes.txt"):
        out.touch()
        assert _report("--out", str(out), "--archive", archive, "--force") == (
            1,
            f"Error: {out} exists and is not a directory",
        )
    assert hashlib.sha256(factory.path.read_bytes()).hexdigest() == before


def test_report_into_a_foreign_directory_needs_force(factory, tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "thesis.tex").write_text("mine\n", encoding="utf-8")
    assert _report("--out", str(out), "--archive", str(factory.path)) == (
        1,
        (
            f"Error: {out} is not empty and holds no earlier report; give --force to "
            "write into it"
        ),
    )
    assert {p.name for p in out.iterdir()} == {"thesis.tex"}
    code, _ = _report("--out", str(out), "--archive", str(factory.path), "--force")
    assert code == 0
    assert {p.name for p in out.iterdir()} == {*PNG_NAMES, "index.html", "thesis.tex"}
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "mine\n"


def test_a_previous_report_is_refreshed_without_force(factory, tmp_path):
    out = tmp_path / "report"
    assert _report("--out", str(out), "--archive", str(factory.path))[0] == 0
    (out / "index.html").write_text(
        (out / "index.html").read_text(encoding="utf-8").replace("<h1>", "<h1>old "),
        encoding="utf-8",
    )
    assert _report("--out", str(out), "--archive", str(factory.path))[0] == 0
    page = _check_output(out)  # no temporary files left either
    assert "<h1>old " not in page


def test_a_report_file_linked_to_the_archive_is_refused(factory, tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "index.html").symlink_to(factory.path)
    before = hashlib.sha256(factory.path.read_bytes()).hexdigest()
    code, err = _report("--out", str(out), "--archive", str(factory.path), "--force")
    assert (code, err) == (
        1,
        (
            f"Error: {out / 'index.html'} is the archive ({factory.path}); refusing to "
            "write"
        ),
    )
    assert hashlib.sha256(factory.path.read_bytes()).hexdigest() == before
    assert {p.name for p in out.iterdir()} == {"index.html"}


def test_a_full_disk_leaves_no_report_behind(factory, small_disk):
    out = small_disk / "new" / "report"
    code, err = _report("--out", str(out), "--archive", str(factory.path))
    assert (code, err) == (
        1,
        f"Error: cannot write {out}: No space left on device",
    )
    assert list(small_disk.iterdir()) == []  # the directories it made are gone too
    old = small_disk / "old"
    old.mkdir()
    (old / "index.html").write_text("<title>warta report: x</title>\n")
    code, err = _report("--out", str(old), "--archive", str(factory.path))
    assert (code, err) == (1, f"Error: cannot write {old}: No space left on device")
    assert [p.name for p in old.iterdir()] == ["index.html"]
    assert (old / "index.html").read_text() == "<title>warta report: x</title>\n"
