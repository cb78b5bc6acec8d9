"""``python -m crawler`` is the ``warta`` command."""

from crawler.cli import main

main(prog_name="warta")
