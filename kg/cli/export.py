"""kg export: the whole store as RDF."""

from __future__ import annotations

import argparse
import os

from kg import api
from kg.cli.common import add_store_option, write
from kg.errors import EXIT_OK
from kg.settings import RDF_FORMATS


def register(commands) -> None:
    parser = commands.add_parser("export", help="write the whole store as RDF")
    add_store_option(parser)
    parser.add_argument("-f", "--format", choices=RDF_FORMATS, default="trig")
    parser.add_argument("-o", "--output", help="file to write (default stdout)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    data = api.export(store=args.store, fmt=args.format)
    if args.output:
        partial = f"{args.output}.partial"
        with open(partial, "wb") as out:
            out.write(data)
        os.replace(partial, args.output)  # a failed export never leaves half a file under the real name
    else:
        write(data)
    return EXIT_OK
