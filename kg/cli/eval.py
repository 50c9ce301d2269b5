"""kg eval GOLD...: precision, recall and F1 of extraction against gold facts."""

from __future__ import annotations

import argparse
import json

from kg.cli.common import write
from kg.errors import EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("eval", help="measure extraction against gold facts (precision, recall, F1)")
    parser.add_argument("gold", nargs="+", metavar="GOLD", help="gold files (JSON) naming their documents")
    parser.add_argument("--root", help="folder the gold files' document paths are relative to")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("-q", "--quiet", action="store_true", help="figures only, without the facts missed and wrong")
    parser.add_argument("--min-confidence", type=float, default=0.0, metavar="X")
    parser.add_argument("--by-folder", action="store_true",
                        help="figures per folder of the reviewed documents (one per outlet) instead of per relation")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.graph.evaluate import evaluate, format_report

    result = evaluate(args.gold, min_confidence=args.min_confidence, documents_root=args.root)
    if args.json:
        write((json.dumps(result, indent=2, ensure_ascii=False) + "\n").encode())
    else:
        print(format_report(result, verbose=not args.quiet, by_folder=args.by_folder))
    return EXIT_OK
