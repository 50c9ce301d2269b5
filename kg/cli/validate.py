"""kg validate GRAPH_OR_REVIEW: check a graph or a review against the SHACL shapes."""

from __future__ import annotations

import argparse
import json

from kg import api
from kg.cli.common import write
from kg.errors import EXIT_INVALID, EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("validate", help="check a graph file or a review against the SHACL shapes")
    parser.add_argument("target", metavar="GRAPH_OR_REVIEW")
    parser.add_argument("--shapes", help="folder (or file) of SHACL shapes in Turtle")
    parser.add_argument("--profile", choices=["model", "google", "all"], default="model",
                        help="model: the graph contract; google: Google's review-snippet rules; all: both")
    parser.add_argument("-f", "--format", choices=["text", "json", "turtle"], default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = api.validate(args.target, shapes=args.shapes, profile=args.profile)
    if args.format == "json":
        payload = {"conforms": report.conforms, "results": [vars(i) for i in report.issues]}
        write((json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode())
    elif args.format == "turtle":
        write(report.graph.serialize(format="turtle").encode())
    else:
        print(format_text(report))
    return EXIT_OK if report.conforms else EXIT_INVALID


def format_text(report) -> str:
    lines = ["conforms" if report.conforms else f"does not conform: {len(report.violations)} violation(s)"]
    current = None
    for issue in report.issues:
        if issue.focus != current:
            current = issue.focus
            lines.append(f"\n{issue.focus}")
        lines.append(f"  {issue.severity}: {issue.path}: {issue.message}")
        if issue.value:
            lines.append(f"    value: {issue.value}")
        if issue.sentence:
            lines.append(f'    from: "{issue.sentence.strip()}"')
    return "\n".join(lines)
