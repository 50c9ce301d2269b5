"""kg query QUERY: SPARQL over the store."""

from __future__ import annotations

import argparse
import sys

from kg import api
from kg.cli.common import add_store_option, write
from kg.errors import EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("query", help="run a SPARQL query over the store")
    parser.add_argument("query", help="a .rq file or the query text")
    add_store_option(parser)
    parser.add_argument("-f", "--format", choices=["table", "csv", "tsv", "json", "xml"],
                        help="default: table on a terminal, csv otherwise")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.results import print_table, render

    results = api.query(args.query, store=args.store)
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    data = render(results, fmt)
    if data is None:
        from rich.console import Console

        print_table(results, Console())
    else:
        write(data)
    return EXIT_OK
