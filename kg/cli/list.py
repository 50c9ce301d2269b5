"""kg list: the reviews a store holds, with the film, the date and the issues its report found."""

from __future__ import annotations

import argparse

from kg import api
from kg.cli.common import add_results_format_option, add_store_option, write_results
from kg.errors import EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("list", help="list the reviews in the store: review, film, date, issues")
    add_store_option(parser)
    add_results_format_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    write_results(api.list_reviews(store=args.store), args.format)
    return EXIT_OK
