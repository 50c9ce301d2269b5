"""The archive as one graph: networkx projections of the store, statistics, paths and pictures."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.analysis.paths import find_node, shortest_path
from kg.analysis.picture import draw, neighbourhood, review_picture_graph, save
from kg.analysis.project import PROJECTIONS, collaboration_graph, film_person_graph, review_film_graph
from kg.analysis.stats import format_stats, stats
from kg.errors import InputError

EXPORT_FORMATS = ("graphml", "gexf", "json")

__all__ = [
    "EXPORT_FORMATS", "collaboration_graph", "draw_picture", "export_graph", "film_person_graph", "format_stats",
    "review_film_graph", "shortest_path", "stats",
]


def export_graph(graph: nx.Graph, fmt: str) -> bytes:
    """GraphML or GEXF (Gephi, Cytoscape), or node-link JSON (d3)."""
    import io
    import json

    if fmt == "json":
        return (json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False, indent=1) + "\n").encode()
    buffer = io.BytesIO()
    {"graphml": nx.write_graphml, "gexf": nx.write_gexf}[fmt](graph, buffer)
    return buffer.getvalue()


def draw_picture(subject: str, output: str | Path, *, store=None, depth: int = 1):
    """Draw a review (a file, URL or '-') or, when `subject` is not a readable review, the
    neighbourhood of the person or film of that name in `store`. Returns the figure and its texts."""
    from kg import api

    path = Path(subject)
    if path.is_file() or subject.startswith(("http://", "https://")):
        review = api.extract(subject)
        picture = review_picture_graph(review.graph)
        centre = next(n for n, d in picture.nodes(data=True) if d["kind"] == "review")
        title = f"{picture.nodes[centre]['label']} ({subject})"
    else:
        if store is None:
            raise InputError(f"{subject}: no such review file, and no store to find it in")
        projection = film_person_graph(store)
        centre = find_node(projection, subject)
        picture = neighbourhood(projection, centre, depth)
        title = f"{projection.nodes[centre]['label']}: its neighbourhood in the store (depth {depth})"
    figure, texts = draw(picture, centre, title)
    save(figure, output, title)
    return figure, texts


PROJECTION_NAMES = tuple(PROJECTIONS)
