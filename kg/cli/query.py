"""kg query QUERY: SPARQL over the store, its variables bound with --param."""

from __future__ import annotations

import argparse

from kg import api
from kg.cli.common import add_results_format_option, add_store_option, write_results
from kg.errors import EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("query", help="run a SPARQL query over the store")
    parser.add_argument("query", help="a .rq file or the query text")
    add_store_option(parser)
    add_results_format_option(parser)
    parser.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                        help="bind the query's ?NAME (repeatable; a name given twice: either value). VALUE is "
                        "an IRI in <…>, a SPARQL literal (\"2010\"^^xsd:gYear, \"Ruth\"@en) or plain text (a string)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.graph.sparql import split_param

    params = [split_param(text) for text in args.param]
    write_results(api.query(args.query, store=args.store, params=params), args.format)
    return EXIT_OK
