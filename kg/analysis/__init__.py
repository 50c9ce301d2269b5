"""The archive as one graph: networkx projections of the store, statistics, paths and pictures.

    from kg.analysis import film_person_graph, stats, shortest_path, draw
    graph = film_person_graph("kg-store")           # a store, or its folder or URL
    print(stats("kg-store")["most_connected_people"])
    print(shortest_path("kg-store", "A Person", "A Film"))  # names or IRIs
    draw("data/sample-review.txt", "sample.svg")    # or a person's or film's name, with store=
"""

from __future__ import annotations

from pathlib import Path

from kg.analysis.export import EXPORT_FORMATS, export_graph
from kg.analysis.paths import find_node, shortest_path
from kg.analysis.picture import neighbourhood, review_picture_graph
from kg.analysis.project import PROJECTIONS, as_store, collaboration_graph, film_person_graph, review_film_graph
from kg.analysis.render import Drawing, check_suffix, render
from kg.analysis.stats import format_stats, stats
from kg.errors import InputError

__all__ = [
    "EXPORT_FORMATS", "PROJECTIONS", "Drawing", "collaboration_graph", "draw", "export_graph", "film_person_graph",
    "format_stats", "review_film_graph", "shortest_path", "stats",
]


def is_review(subject: str) -> bool:
    """A review to extract (a file, a URL or '-' for stdin), rather than a name to look up."""
    return subject == "-" or subject.startswith(("http://", "https://")) or Path(subject).is_file()


def draw(subject: str, output: str | Path, *, store=None, depth: int = 2) -> Drawing:
    """Draw a review (a file, URL or '-') extracted afresh, or the neighbourhood within `depth`
    films and roles of the person or film named `subject` in `store`; write `output` (.svg, .png,
    .html). Returns the drawing, which can measure itself."""
    from kg.graph.review import extract

    check_suffix(output)
    if is_review(subject):
        picture = review_picture_graph(extract(subject).graph)
        centre = next(n for n, d in picture.nodes(data=True) if d["kind"] == "review")
        title = f"{picture.nodes[centre]['label']} ({'stdin' if subject == '-' else subject})"
    else:
        if Path(subject).suffix.lower() in {".txt", ".html", ".htm"}:
            raise InputError(f"{subject}: no such review file")
        if store is None:
            raise InputError(f"{subject}: no such review file, and no store to find a person or film in")
        projection = film_person_graph(as_store(store))
        centre = find_node(projection, subject)
        picture = neighbourhood(projection, centre, depth)
        title = f"{projection.nodes[centre]['label']}: its neighbourhood in the store (depth {depth})"
    drawing = render(picture, centre, title)
    drawing.save(output, title)
    return drawing
