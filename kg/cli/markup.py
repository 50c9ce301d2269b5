"""kg markup REVIEW: the review's schema.org JSON-LD, printed or embedded in the publisher's page."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from kg import api
from kg.cli.common import add_reading_options, write
from kg.errors import EXIT_OK, InputError


def register(commands) -> None:
    parser = commands.add_parser("markup", help="schema.org Review JSON-LD for the review's web page")
    parser.add_argument("review", help="a .txt or .html file, an http(s) URL, or - for stdin")
    parser.add_argument("--rating", help="the review's rating, VALUE/BEST (e.g. 4/5); wins over the text")
    parser.add_argument("--author", help="the critic's name; wins over the byline")
    parser.add_argument("--publisher", help="the site's name")
    parser.add_argument("--url", help="the review page's URL")
    parser.add_argument("--page", help="an HTML page to write the markup into (in its <head>)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", help="where to write the page (default stdout)")
    target.add_argument("--in-place", action="store_true", help="rewrite --page itself")
    add_reading_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.page_markup import Overrides, conflicts, embed, script_element

    if (args.output or args.in_place) and not args.page:
        raise InputError("-o and --in-place write a page: name it with --page PAGE.html")
    review = api.extract(args.review, min_confidence=args.min_confidence, encoding=args.encoding,
                         max_bytes=args.max_bytes)
    overrides = Overrides(rating=args.rating, author=args.author, publisher=args.publisher, url=args.url)
    data, report = api.markup(review, overrides)
    for issue in report.issues:
        if issue.severity in {"Violation", "Warning"}:
            print(f"kg: markup: {issue.severity.lower()}: {issue.message}", file=sys.stderr)
    if not args.page:
        write((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        return EXIT_OK
    page_path = Path(args.page)
    try:
        page = page_path.read_bytes()
    except OSError as exc:
        raise InputError(f"{args.page}: cannot read the page: {exc.strerror or exc}") from None
    for conflict in conflicts(page, data):
        print(f"kg: markup: {args.page}: {conflict}", file=sys.stderr)
    written = embed(page, script_element(data))
    destination = args.page if args.in_place else args.output
    if destination is None:
        write(written)
        return EXIT_OK
    partial = f"{destination}.partial"
    with open(partial, "wb") as out:
        out.write(written)
    os.replace(partial, destination)  # the page is never left half-written
    return EXIT_OK
