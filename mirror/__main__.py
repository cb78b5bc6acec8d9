"""``warta-mirror`` (or ``python -m mirror``) ``--port 0 --articles N [--faults] [--portal NAME]``: run the mirror."""

from __future__ import annotations

import argparse
import sys

from mirror.portals import PORTALS
from mirror.server import DEFAULT_FAULT_DELAY, MirrorError, run_mirror


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, serve until interrupted; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="warta-mirror",
        description="Serve a deterministic offline mirror of a news portal "
        "on 127.0.0.1.",
    )
    parser.add_argument("--portal", choices=PORTALS, default="beritajakarta")
    parser.add_argument("--port", type=int, default=8000, help="0 = any free port")
    parser.add_argument("--articles", type=int, default=150, help="articles in all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--faults", action="store_true", help="20%% of URLs fail on first request"
    )
    parser.add_argument(
        "--fault-delay",
        type=float,
        default=DEFAULT_FAULT_DELAY,
        help="seconds a 'timeout' fault waits before answering",
    )
    parser.add_argument(
        "--count-views", action="store_true", help="each article fetch adds a view"
    )
    args = parser.parse_args(argv)
    try:
        run_mirror(
            args.port,
            args.articles,
            faults=args.faults,
            seed=args.seed,
            count_views=args.count_views,
            fault_delay=args.fault_delay,
            portal=args.portal,
        )
    except MirrorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def run() -> None:
    """The ``warta-mirror`` console script."""
    sys.exit(main())


if __name__ == "__main__":
    run()
