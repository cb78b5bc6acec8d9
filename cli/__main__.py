"""``python -m cli`` is the ``warta`` command."""

from cli.main import main

main(prog_name="warta")
