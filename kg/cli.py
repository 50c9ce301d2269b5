"""The `kg` command: a thin layer over kg.api. Errors are one line on stderr with a documented status."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from kg import api
from kg.errors import EXIT_INPUT, EXIT_INVALID, EXIT_OK, KgError
from kg.serialize import FORMATS
from kg.sources import DEFAULT_MAX_BYTES
from kg.store import DEFAULT_STORE

EXIT_INTERNAL = 70
STORE_HELP = f"store folder (default ./{DEFAULT_STORE}, or $KG_STORE)"


def _store_default() -> str:
    return os.environ.get("KG_STORE", DEFAULT_STORE)


def _write(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


# --- commands -----------------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace) -> int:
    review = api.extract(
        args.review, min_confidence=args.min_confidence, encoding=args.encoding, max_bytes=args.max_bytes
    )
    _write(review.serialize(args.format))
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from kg.progress import progress_reporter

    files = list(api.review_files(args.paths))
    with progress_reporter(len(files), "building") as advance:

        def report(result: api.BuildResult) -> None:
            advance()
            if result.status == "failed":
                print(f"kg: {result.message}", file=sys.stderr)
            elif result.report is not None and not result.report.conforms:
                verb = "refused" if result.status == "refused" else "stored with its report"
                for issue in result.report.violations:
                    print(f"kg: {result.source}: {issue.focus} {issue.path}: {issue.message} ({verb})", file=sys.stderr)

        summary = api.build(
            files,
            store=args.store,
            strict=args.strict,
            shapes=args.shapes,
            min_confidence=args.min_confidence,
            encoding=args.encoding,
            force=args.force,
            on_result=report,
        )
    parts = [
        f"{summary.count(s)} {s}"
        for s in ("stored", "stored-with-violations", "skipped", "refused", "failed")
        if summary.count(s)
    ]
    if len(summary.results) > 1 or not summary.failed:  # a lone failure has said all in its one line
        print(
            f"kg: {len(summary.results)} review(s): {', '.join(parts) or 'nothing to do'} -> {args.store}",
            file=sys.stderr,
        )
    if summary.count("failed"):
        return EXIT_INPUT
    return EXIT_INVALID if summary.count("refused") else EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from kg.results import print_table, render

    results = api.query(args.query, store=args.store)
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    data = render(results, fmt)
    if data is None:
        from rich.console import Console

        print_table(results, Console())
    else:
        _write(data)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    data = api.export(store=args.store, fmt=args.format)
    if args.output:
        tmp = f"{args.output}.partial"
        with open(tmp, "wb") as out:
            out.write(data)
        os.replace(tmp, args.output)  # a failed export never leaves half a file under the real name
    else:
        _write(data)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    report = api.validate(args.target, shapes=args.shapes)
    if args.format == "json":
        payload = {"conforms": report.conforms, "results": [vars(i) for i in report.issues]}
        _write((json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode())
    elif args.format == "turtle":
        _write(report.graph.serialize(format="turtle").encode())
    else:
        print("conforms" if report.conforms else f"does not conform: {len(report.violations)} violation(s)")
        current = None
        for issue in report.issues:
            if issue.focus != current:
                current = issue.focus
                print(f"\n{issue.focus}")
            print(f"  {issue.severity}: {issue.path}: {issue.message}")
            if issue.value:
                print(f"    value: {issue.value}")
            if issue.sentence:
                print(f'    from: "{issue.sentence.strip()}"')
    return EXIT_OK if report.conforms else EXIT_INVALID


def cmd_eval(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate, format_report

    result = evaluate(args.gold, min_confidence=args.min_confidence, documents_root=args.root)
    if args.json:
        _write((json.dumps(result, indent=2, ensure_ascii=False) + "\n").encode())
    else:
        print(format_report(result, verbose=not args.quiet))
    return EXIT_OK


# --- parser -------------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="kg", description="Film reviews in, a schema.org knowledge graph out.")
    main_parser.add_argument("--version", action="version", version="kg 0.1.0")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def reading_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--min-confidence",
            type=float,
            default=0.0,
            metavar="X",
            help="keep only statements whose rule has at least this confidence (0-1)",
        )
        p.add_argument("--encoding", help="text encoding of the input (default UTF-8; HTML: its declared charset)")
        p.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            metavar="N",
            help=f"refuse inputs larger than this (default {DEFAULT_MAX_BYTES:,}, or $KG_MAX_BYTES)",
        )

    p = commands.add_parser("extract", help="print the graph of one review")
    p.add_argument("review", help="a .txt or .html file, an http(s) URL, or - for stdin")
    p.add_argument("-f", "--format", choices=list(FORMATS), default="turtle")
    reading_options(p)
    p.set_defaults(func=cmd_extract)

    p = commands.add_parser("build", help="extract reviews into the store, one named graph each")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or globs")
    p.add_argument("--store", default=_store_default(), help=STORE_HELP)
    p.add_argument("--strict", action="store_true", help="refuse a review whose graph violates the shapes")
    p.add_argument("--shapes", help="folder of SHACL shapes (default: the shapes shipped with kg)")
    p.add_argument("--force", action="store_true", help="rebuild reviews even when unchanged")
    reading_options(p)
    p.set_defaults(func=cmd_build)

    p = commands.add_parser("query", help="run a SPARQL query over the store")
    p.add_argument("query", help="a .rq file or the query text")
    p.add_argument("--store", default=_store_default(), help=STORE_HELP)
    p.add_argument(
        "-f",
        "--format",
        choices=["table", "csv", "tsv", "json", "xml"],
        help="default: table on a terminal, csv otherwise",
    )
    p.set_defaults(func=cmd_query)

    p = commands.add_parser("export", help="write the whole store as RDF")
    p.add_argument("--store", default=_store_default(), help=STORE_HELP)
    p.add_argument("-f", "--format", choices=list(FORMATS), default="trig")
    p.add_argument("-o", "--output", help="file to write (default stdout)")
    p.set_defaults(func=cmd_export)

    p = commands.add_parser("validate", help="check a graph file or a review against the SHACL shapes")
    p.add_argument("target", metavar="GRAPH_OR_REVIEW")
    p.add_argument("--shapes", help="folder (or file) of SHACL shapes in Turtle")
    p.add_argument("-f", "--format", choices=["text", "json", "turtle"], default="text")
    p.set_defaults(func=cmd_validate)

    p = commands.add_parser("eval", help="measure extraction against gold facts (precision, recall, F1)")
    p.add_argument("gold", nargs="+", metavar="GOLD", help="gold files (JSON) naming their documents")
    p.add_argument("--root", help="folder the gold files' document paths are relative to")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("-q", "--quiet", action="store_true", help="figures only, without the facts missed and wrong")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="X")
    p.set_defaults(func=cmd_eval)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the promise is one line, never a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        print(
            f"kg: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:200]} "
            "(set KG_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
