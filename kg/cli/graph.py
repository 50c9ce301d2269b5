"""kg graph stats|path|export|draw: the store as networkx graphs, and pictures."""

from __future__ import annotations

import argparse
import json

from kg.cli.common import add_store_option, write
from kg.errors import EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("graph", help="analyse the store as a graph (networkx) and draw it")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    stats = actions.add_parser("stats", help="sizes, components, central people, most reviewed films")
    add_store_option(stats)
    stats.add_argument("-f", "--format", choices=["text", "json"], default="text")
    stats.set_defaults(func=run_stats)

    path = actions.add_parser("path", help="the shortest chain of films and roles between two people or films")
    path.add_argument("source", metavar="A")
    path.add_argument("target", metavar="B")
    add_store_option(path)
    path.set_defaults(func=run_path)

    export = actions.add_parser("export", help="write a projection for Gephi, Cytoscape or d3")
    add_store_option(export)
    export.add_argument("-f", "--format", choices=["graphml", "gexf", "json"], default="graphml",
                        help="GraphML or GEXF for Gephi and Cytoscape, node-link JSON for d3")
    export.add_argument("--projection", choices=["film-person", "collaboration", "review-film"],
                        default="film-person", help="films and people, people and people, or reviews and films")
    export.add_argument("-o", "--output", help="file to write (default stdout)")
    export.set_defaults(func=run_export)

    draw = actions.add_parser("draw", help="a picture of one review's graph or of an entity's neighbourhood")
    draw.add_argument("subject", metavar="REVIEW_OR_ENTITY",
                      help="a review file, URL or - (stdin), or the name or IRI of a person or film in the store")
    draw.add_argument("-o", "--output", required=True, help="FILE.svg, FILE.png or FILE.html (pan and zoom)")
    draw.add_argument("--depth", type=_depth, default=2,
                      help="for a person or film: how many steps (film to person, person to film) out (default 2)")
    add_store_option(draw)
    draw.set_defaults(func=run_draw)


def _store(args):
    from kg.store import open_store

    return open_store(args.store, read_only=True)


def run_stats(args: argparse.Namespace) -> int:
    from kg.analysis import format_stats, stats

    figures = stats(_store(args))
    write((json.dumps(figures, indent=1, ensure_ascii=False) + "\n").encode() if args.format == "json"
          else format_stats(figures).encode())
    return EXIT_OK


def run_path(args: argparse.Namespace) -> int:
    from kg.analysis import shortest_path

    write(("\n".join(shortest_path(_store(args), args.source, args.target)) + "\n").encode())
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from kg.analysis import export_graph
    from kg.analysis.project import PROJECTIONS

    data = export_graph(PROJECTIONS[args.projection](_store(args)), args.format)
    if args.output:
        with open(args.output, "wb") as out:
            out.write(data)
    else:
        write(data)
    return EXIT_OK


def run_draw(args: argparse.Namespace) -> int:
    from kg.analysis import draw, is_review

    draw(args.subject, args.output, store=None if is_review(args.subject) else _store(args), depth=args.depth)
    return EXIT_OK


def _depth(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: a whole number of steps, 0 or more")
    return int(text)
