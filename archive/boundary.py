"""The one error boundary of the command line: exit codes and one-line errors.

Every ``warta`` command (and ``python -m archive``) runs inside
:class:`BoundaryGroup`. Errors cross into it as typed exceptions and leave it
as exactly one ``Error: …`` line on stderr and an exit code:

* 0 success;
* 1 error: the archive cannot be used (not SQLite, corrupt, a directory, an
  older or newer schema, read-only), a file or database error, a crawl that
  failed; any unexpected exception too (its traceback only with
  ``warta --debug``);
* 2 usage error: a bad option value, date, filter or query, a missing
  archive or input file (click's own usage errors exit 2 as well);
* 3 a crawl that finished but degraded (raised by the crawl as
  ``SystemExit(3)`` and let through unchanged).

An exception chooses its code with an ``exit_code`` attribute (see
:mod:`archive.errors`); :class:`CommandError` is the one for commands to raise.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import click
import sqlalchemy as sa

from archive.dates import DateInputError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_DEGRADED = 0, 1, 2, 3

#: The exit codes, as ``--help`` shows them (``\b``: click keeps the lines).
EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  error: one 'Error: ...' line on stderr (a traceback only with --debug)
  2  usage error: a bad option, date, filter or query; a missing archive
  3  the crawl finished but degraded (too many pages failed)"""


class CommandError(click.ClickException):
    """An error a command reports as one ``Error: …`` line (exit 1)."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(first_line(message))


class CommandUsageError(CommandError):
    """A usage error (exit 2) reported as one ``Error: …`` line."""

    exit_code = EXIT_USAGE


def command_error(message: str, exit_code: int = EXIT_ERROR) -> CommandError:
    """The :class:`CommandError` (or, for exit 2, usage error) for ``message``."""
    if exit_code == EXIT_USAGE:
        return CommandUsageError(message)
    return CommandError(message)


def first_line(message: str) -> str:
    """The first non-empty line of ``message`` (errors are one line)."""
    for line in message.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _database_message(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = first_line(str(orig)) or type(orig).__name__
    return f"database error: {text}"


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or first_line(str(exc)) or type(exc).__name__
    return f"{reason}: {exc.filename}" if exc.filename else reason


def as_command_error(exc: Exception) -> CommandError:
    """The one-line error (and exit code) that ``exc`` leaves the CLI as."""
    if isinstance(exc, click.UsageError):
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        return command_error(first_line(exc.format_message()) + hint, EXIT_USAGE)
    if isinstance(exc, click.ClickException):
        return command_error(exc.format_message(), exc.exit_code)  # 1 or 2
    if isinstance(exc, DateInputError):
        return command_error(str(exc), EXIT_USAGE)
    code = getattr(exc, "exit_code", None)
    if isinstance(code, int) and not isinstance(code, bool):
        return command_error(str(exc) or type(exc).__name__, code)
    if isinstance(exc, sa.exc.SQLAlchemyError | sqlite3.Error):
        return CommandError(_database_message(exc))
    if isinstance(exc, OSError):
        return CommandError(_os_message(exc))
    detail = first_line(str(exc))
    return CommandError(
        f"unexpected {type(exc).__name__}{': ' + detail if detail else ''} "
        "(run 'warta --debug ...' for the traceback)"
    )


class BoundaryGroup(click.Group):
    """A click group whose commands end with one line and an exit code.

    Adds the global ``--debug`` flag (show tracebacks). ``SystemExit`` (e.g.
    the crawl's exit 3), ``click.exceptions.Exit`` and Ctrl-C pass through.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(
            click.Option(
                ["--debug"],
                is_flag=True,
                expose_value=False,
                is_eager=True,
                help="Show the full traceback of an error.",
                callback=_remember_debug,
            )
        )

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn any error into a :class:`CommandError`."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.meta.get(_DEBUG):
                raise
            if isinstance(exc, CommandError):
                raise
            raise as_command_error(exc) from None


_DEBUG = "warta.debug"


def _remember_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta[_DEBUG] = value
