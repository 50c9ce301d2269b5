"""kg remove REVIEW...: delete reviews (by the path or URL they were built from) from the store."""

from __future__ import annotations

import argparse
import sys

from kg import api
from kg.cli.common import add_root_option, add_store_option
from kg.errors import EXIT_INPUT, EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("remove", help="delete reviews and their reports from the store")
    parser.add_argument("reviews", nargs="+", metavar="REVIEW",
                        help="the file or URL a review was built from, a folder or a glob (as kg build takes them; "
                        "the files need not exist any more)")
    add_store_option(parser)
    add_root_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    missing = 0
    for source, removed in api.remove(args.reviews, store=args.store, root=args.root):
        for name in removed:
            print(f"kg: removed {name}", file=sys.stderr)
        if not removed:
            missing += 1
            print(f"kg: {source}: not in the store {args.store}", file=sys.stderr)
    return EXIT_INPUT if missing else EXIT_OK
