"""``warta serve``: browse and search the archive in Datasette, read-only.

How the archive is served (read-only connections, facets, canned queries) is
in :mod:`archive.datasette_app` and :mod:`archive.datasette_metadata`; this
module is the command, and imports Datasette only when it runs.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING

import click

from archive.datasette_metadata import DATABASE_NAME
from archive.errors import ArchiveError
from archive.location import Location
from archive.location import shown as shown_location
from archive.paths import default_archive_path, location_option

if TYPE_CHECKING:
    from datasette.app import Datasette


def make_datasette(path: str | Path) -> Datasette:
    """A Datasette serving the archive at ``path`` read-only as ``/warta``.

    Call ``await ds.invoke_startup()`` before using it (``warta serve`` does).
    """
    from archive.datasette_app import create_datasette

    return create_datasette(path)


def check_archive(path: Path) -> None:
    """Raise :class:`click.ClickException` unless ``path`` is a readable archive
    (the checks of :func:`archive.preflight.check_archive`; exit 1 even when the
    file is missing, as ``python -m archive.serve`` runs outside the boundary)."""
    from archive import preflight

    try:
        preflight.check_archive(path, preflight.Access.READ)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket on ``host:port`` (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from exc
    return sock


def quiet_error_tracebacks() -> None:
    """Stop Datasette printing a traceback for every error page it serves.

    Datasette's default ``handle_exception`` hook prints each exception (a bad
    SQL query too) with its local variables to rich's global console, ~300
    lines, and every such hook runs even when another returns the page. The
    page is still served; a failing SQL query still logs its one ``ERROR:``
    line (from ``datasette.database``), and an unexpected error (HTTP 500)
    still prints its plain traceback. Nothing else in ``warta serve`` writes
    to rich's console.
    """
    import rich

    rich.reconfigure(quiet=True)


def run_server(ds: Datasette, sock: socket.socket) -> None:
    """Serve ``ds`` on an already bound socket until interrupted."""
    import uvicorn

    quiet_error_tracebacks()
    asyncio.run(ds.invoke_startup())
    config = uvicorn.Config(ds.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


@click.command("serve")
@location_option(
    "--archive",
    "archive_path",
    default=None,
    help="Archive file (default: $WARTA_ARCHIVE or ./warta.sqlite).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8001,
    show_default=True,
    help="Port (0 picks a free one; the URL is printed).",
)
@click.option(
    "--open/--no-open", "open_browser", default=False, help="Open a web browser."
)
def serve(
    archive_path: Location | None, host: str, port: int, open_browser: bool
) -> None:
    """Browse and search the archive in a web browser (Datasette, read-only)."""
    path = archive_path if archive_path is not None else default_archive_path()
    if isinstance(path, str):
        raise click.ClickException(
            "warta serve reads SQLite only (Datasette): copy the archive first, "
            f"`warta copy --from {shown_location(path)} --to warta-copy.sqlite`, then "
            "`warta serve --archive warta-copy.sqlite`"
        )
    check_archive(path)
    ds = make_datasette(path)
    sock = bind_socket(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    url = f"http://{shown}:{bound_port}/{DATABASE_NAME}/articles"
    click.echo(f"Serving {path} read-only at {url}  (Ctrl-C stops)")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    run_server(ds, sock)


if __name__ == "__main__":
    serve()
