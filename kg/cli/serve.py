"""kg serve: the store as a read-only SPARQL endpoint with a query page."""

from __future__ import annotations

import argparse
import sys

from kg.cli.common import add_store_option
from kg.store.serve import DEFAULT_HOST, DEFAULT_PORT


def register(commands) -> None:
    parser = commands.add_parser("serve", help="serve the store as a read-only SPARQL endpoint")
    add_store_option(parser)
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default {DEFAULT_HOST}: this machine only; 0.0.0.0: everyone)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT})")
    parser.add_argument("--timeout", type=float, default=60, metavar="SECONDS", help="query time limit (default 60)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.store.serve import serve

    return serve(args.store, host=args.host, port=args.port, timeout=args.timeout,
                 announce=lambda line: print(f"kg: {line}", file=sys.stderr))
