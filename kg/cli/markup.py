"""kg markup REVIEW: the review's schema.org JSON-LD, printed or embedded in the publisher's page."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from kg import api
from kg.cli.common import add_reading_options, write
from kg.errors import EXIT_INVALID, EXIT_OK, InputError


def register(commands) -> None:
    parser = commands.add_parser("markup", help="schema.org Review JSON-LD for the review's web page")
    parser.add_argument("review", help="a .txt or .html file, an http(s) URL, or - for stdin")
    parser.add_argument("--rating", help="the review's rating, VALUE/BEST (e.g. 4/5; 4 means 4/5); wins over the text")
    parser.add_argument("--author", help="the critic's name; wins over the byline")
    parser.add_argument("--publisher", help="the site's name")
    parser.add_argument("--url", help="the review page's URL")
    parser.add_argument("--image", metavar="URL",
                        help="the film's image (a poster); default: the one the page's markup or og:image gives")
    parser.add_argument("--date", help="the review's publication date, YYYY-MM-DD (or with a time); wins over the text")
    parser.add_argument("--body", choices=["full", "excerpt", "none"], default="full",
                        help="the reviewBody carried: the whole text (default), its opening paragraph, or none")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1, writing nothing, when Google's required fields are missing (for CI)")
    parser.add_argument("--page", help="an HTML page to write the markup into (in its <head>)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", help="where to write the page (default stdout)")
    target.add_argument("--in-place", action="store_true", help="rewrite --page itself")
    add_reading_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.markup.review import Overrides, conflicts, embed, read_review, safe_json, script_element

    if (args.output or args.in_place) and not args.page:
        raise InputError("-o and --in-place write a page: name it with --page PAGE.html")
    overrides = Overrides(rating=args.rating, author=args.author, publisher=args.publisher, url=args.url,
                          image=args.image, date=args.date, body=args.body)
    page = _read_page(args.page, args.max_bytes) if args.page else None
    review = read_review(args.review, min_confidence=args.min_confidence, encoding=args.encoding,
                         max_bytes=args.max_bytes, allow_private=args.allow_private, root=args.root,
                         source_base=args.source_base)
    own_page = page if page is not None else _review_page(args.review, args.max_bytes)
    data, report = api.markup(review, overrides, page=own_page)
    # What Google's rules still miss: required (violation) and recommended (warning).
    for issue in report.issues:
        if issue.severity in {"Violation", "Warning"}:
            print(f"kg: markup: {issue.severity.lower()}: {issue.message}", file=sys.stderr)
    if args.strict and report.violations:
        print(f"kg: markup: --strict: {len(report.violations)} of Google's required fields missing; nothing written",
              file=sys.stderr)
        return EXIT_INVALID
    if page is None:
        write((safe_json(data, ascii_only=False) + "\n").encode("utf-8"))
        return EXIT_OK
    for conflict in conflicts(page, data):
        print(f"kg: markup: {args.page}: {conflict}", file=sys.stderr)
    written = embed(page, script_element(data))
    destination = args.page if args.in_place else args.output
    if destination is None:
        write(written)
        return EXIT_OK
    _write_page(Path(destination), written, like=Path(args.page))
    return EXIT_OK


def _review_page(review: str, max_bytes: int) -> bytes | None:
    """The review's own page when it is a local HTML file (its og:image and markup image count)."""
    from kg.sources import HTML_SUFFIXES

    path = Path(review)
    if review == "-" or path.suffix.lower() not in HTML_SUFFIXES or not path.is_file():
        return None
    return _read_page(review, max_bytes)


def _read_page(name: str, max_bytes: int) -> bytes:
    path = Path(name)
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a directory, not a page")
        if path.stat().st_size > max_bytes:
            raise InputError(f"{name}: larger than the {max_bytes:,}-byte limit (raise it with --max-bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read the page: {exc.strerror or exc}") from None


def _write_page(destination: Path, data: bytes, like: Path) -> None:
    """Write through a temporary file and rename, so the page is never left half-written; a
    symlink is followed (the file it points to is rewritten) and the page's permissions are kept."""
    target = destination.resolve() if destination.is_symlink() else destination
    partial = target.with_name(f".{target.name}.kg-partial")
    try:
        with open(partial, "wb") as out:
            out.write(data)
        source = target if target.exists() else like
        if source.exists():
            shutil.copymode(source, partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"{destination}: cannot write the page: {exc.strerror or exc}") from None
