"""kg extract REVIEW: print one review's graph."""

from __future__ import annotations

import argparse

from kg import api
from kg.cli.common import add_reading_options, write
from kg.errors import EXIT_OK
from kg.limits import time_limit
from kg.settings import RDF_FORMATS


def register(commands) -> None:
    parser = commands.add_parser("extract", help="print the graph of one review")
    parser.add_argument("review", help="a .txt or .html file, an http(s) URL, or - for stdin")
    parser.add_argument("-f", "--format", choices=RDF_FORMATS, default="turtle")
    add_reading_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with time_limit(args.time_limit, args.review):
        review = api.extract(args.review, min_confidence=args.min_confidence, encoding=args.encoding,
                             max_bytes=args.max_bytes, allow_private=args.allow_private, root=args.root,
                             source_base=args.source_base)
    write(review.serialize(args.format))
    return EXIT_OK
