"""kg build PATH...: extract, validate and store reviews, one named graph each, in parallel."""

from __future__ import annotations

import argparse
import sys

from kg import api
from kg.cli.common import add_reading_options, add_store_option
from kg.errors import EXIT_INPUT, EXIT_INVALID, EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("build", help="extract reviews into the store, one named graph each")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs or http(s) URLs")
    add_store_option(parser)
    parser.add_argument("--strict", action="store_true", help="refuse a review whose graph violates the shapes")
    parser.add_argument("--shapes", help="folder of SHACL shapes (default: the shapes shipped with kg)")
    parser.add_argument("--profile", choices=["model", "google", "all"], default="model",
                        help="model: the graph contract; google: Google's review-snippet rules; all: both")
    parser.add_argument("-j", "--jobs", type=int, metavar="N",
                        help="extraction processes (default: one per core; 1: no worker processes)")
    parser.add_argument("--force", action="store_true", help="rebuild reviews even when unchanged")
    add_reading_options(parser)
    parser.set_defaults(func=run)


def _report(result: api.BuildResult) -> None:
    if result.status == "failed":
        print(f"kg: {result.message}", file=sys.stderr)
    elif result.report is not None and not result.report.conforms:
        verb = "refused" if result.status == "refused" else "stored with its report"
        for issue in result.report.violations:
            print(f"kg: {result.source}: {issue.focus} {issue.path}: {issue.message} ({verb})", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from kg.progress import progress_reporter

    if args.jobs is not None and args.jobs < 1:
        raise api.InputError("--jobs must be at least 1")
    files = list(api.review_files(args.paths))
    with progress_reporter(len(files), "building") as advance:

        def on_result(result: api.BuildResult) -> None:
            advance()
            _report(result)

        summary = api.build(files, store=args.store, strict=args.strict, shapes=args.shapes, profile=args.profile,
                            min_confidence=args.min_confidence, encoding=args.encoding, max_bytes=args.max_bytes,
                            time_limit=args.time_limit, allow_private=args.allow_private, force=args.force,
                            jobs=args.jobs, on_result=on_result, root=args.root, source_base=args.source_base)
    statuses = ("stored", "stored-with-violations", "skipped", "refused", "failed")
    parts = [f"{summary.count(s)} {s}" for s in statuses if summary.count(s)]
    if len(summary.results) > 1 or not summary.failed:  # a lone failure has said all in its one line
        print(f"kg: {len(summary.results)} review(s): {', '.join(parts) or 'nothing to do'} -> {args.store}",
              file=sys.stderr)
    if summary.count("failed"):
        return EXIT_INPUT
    return EXIT_INVALID if summary.count("refused") else EXIT_OK
