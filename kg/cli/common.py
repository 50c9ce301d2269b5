"""What every command shares: the store default, stdout writing, reading options."""

from __future__ import annotations

import argparse
import os
import sys

from kg.limits import DEFAULT_TIME_LIMIT
from kg.settings import DEFAULT_STORE
from kg.sources import DEFAULT_MAX_BYTES

STORE_HELP = (f"store folder, or the http(s):// URL of a SPARQL 1.1 server (default ./{DEFAULT_STORE}, "
              "or $KG_STORE; see README, Remote triple stores)")


def store_default() -> str:
    return os.environ.get("KG_STORE", DEFAULT_STORE)


def write(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


RESULT_FORMATS = ["table", "csv", "tsv", "json", "xml"]


def add_results_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--format", choices=RESULT_FORMATS,
                        help="default: table on a terminal, W3C SPARQL CSV otherwise")


def write_results(results, fmt: str | None) -> None:
    """SPARQL results: a table on a terminal, the format asked for (or CSV) otherwise."""
    from kg.graph.results import print_table, render

    fmt = fmt or ("table" if sys.stdout.isatty() else "csv")
    data = render(results, fmt)
    if data is None:
        from rich.console import Console

        print_table(results, Console())
    else:
        write(data)


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=store_default(), help=STORE_HELP)


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                        help="keep only statements whose rule has at least this confidence (0-1)")
    parser.add_argument("--encoding", help="text encoding of the input (default UTF-8; HTML: its declared charset)")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                        help=f"refuse inputs larger than this (default {DEFAULT_MAX_BYTES:,}, or $KG_MAX_BYTES)")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                        help=f"give up on a review after this long (default {DEFAULT_TIME_LIMIT:g}, or $KG_TIME_LIMIT; "
                        "0: no limit)")
    parser.add_argument("--allow-private", action="store_true",
                        help="let URLs reach loopback, private and link-local addresses (refused by default)")
    add_root_option(parser)
    parser.add_argument("--source-base", metavar="URL",
                        help="the URL the build root is published at: a file's public URL, its review's "
                        "schema:url, is this URL joined with its path under the root")


def add_root_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", metavar="DIR",
                        help="the build root: files are recorded by their path relative to it (default: the "
                        "current folder), never by where they lie on this machine")
