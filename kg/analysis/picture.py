"""Pictures of one review's graph or of an entity's neighbourhood: SVG, PNG, or an HTML page to pan
and zoom.

The layout is layered, so that labels never overlap: each node sits in the column of its distance
from the centre (the review, or the entity), nodes stack in rows, and a node's label runs right of
it inside its column. Every edge goes from one column to the next; its role is written just before
the node it reaches, one line per incoming edge, in the block of rows that node is given.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import RDF, Graph, URIRef

from kg.errors import InputError

SCHEMA = "http://schema.org/"
COLOURS = {"review": "#6c757d", "film": "#d9480f", "person": "#1c7ed6", "character": "#74c0fc",
           "work": "#2b8a3e", "event": "#ae3ec9", "place": "#f08c00"}
KIND_NAMES = {"review": "review", "film": "film", "person": "person", "character": "character",
              "work": "book or source work", "event": "premiere or release", "place": "festival or country"}
FONT_SIZE = 9.0  # points
CHAR_WIDTH = 0.62 * FONT_SIZE  # a generous average glyph width (DejaVu Sans)
LINE = 1.9 * FONT_SIZE  # one row
MAX_LABEL = 38
PERSON_RELATIONS = {"director": "director", "author": "screenwriter", "musicBy": "composer",
                    "producer": "producer"}


@dataclass
class Placed:
    x: float
    y: float
    column: int


# --- what to draw --------------------------------------------------------------------------------


def review_picture_graph(graph: Graph) -> nx.DiGraph:
    """The entities of one review's graph and the roles between them (provenance left out)."""
    picture = nx.DiGraph()
    schema = lambda name: URIRef(SCHEMA + name)  # noqa: E731

    def name_of(node) -> str:
        value = graph.value(node, schema("name"))
        return str(value) if value is not None else str(node).rsplit("/", 1)[-1].rsplit(":", 1)[-1]

    def add(node, kind: str, label: str | None = None) -> str:
        key = str(node)
        if key not in picture:
            picture.add_node(key, kind=kind, label=_short(label or name_of(node)))
        return key

    def link(source: str, target: str, role: str) -> None:
        if picture.has_edge(source, target):
            picture[source][target]["role"] += f", {role}"
        else:
            picture.add_edge(source, target, role=role)

    for review in graph.subjects(RDF.type, schema("Review")):
        headline = graph.value(review, schema("name"))
        node = add(review, "review", str(headline) if headline else "the review")
        for film in graph.objects(review, schema("itemReviewed")):
            link(node, add(film, "film"), "reviews")
        for film in graph.objects(review, schema("mentions")):
            if (film, RDF.type, schema("Movie")) in graph:
                link(node, add(film, "film"), "mentions")
    for film in graph.subjects(RDF.type, schema("Movie")):
        source = add(film, "film")
        for prop, role in PERSON_RELATIONS.items():
            for person in graph.objects(film, schema(prop)):
                link(source, add(person, "person"), role)
        for cast in graph.objects(film, schema("actor")):
            if (cast, RDF.type, schema("PerformanceRole")) in graph:
                character = graph.value(cast, schema("characterName"))
                for person in graph.objects(cast, schema("actor")):
                    link(source, add(person, "person"), f"actor as {character}" if character else "actor")
            else:
                link(source, add(cast, "person"), "actor")
        for character in graph.objects(film, schema("character")):
            link(source, add(character, "character"), "character")
        for work in graph.objects(film, schema("isBasedOn")):
            authors = [name_of(a) for a in graph.objects(work, schema("author"))]
            untitled = graph.value(work, schema("name")) is None
            target = add(work, "work", f"a book by {', '.join(authors)}" if untitled and authors else None)
            link(source, target, "based on")
            for author in graph.objects(work, schema("author")):
                link(target, add(author, "person"), "author")
        for event in graph.objects(film, schema("releasedEvent")):
            date = graph.value(event, schema("startDate"))
            target = add(event, "event", f"released {date}" if date else "released")
            link(source, target, "release")
            for prop in ("superEvent", "location"):
                for place in graph.objects(event, schema(prop)):
                    link(target, add(place, "place"), "at" if prop == "location" else "during")
    return picture


def neighbourhood(projection: nx.Graph, centre: str, depth: int) -> nx.DiGraph:
    """An entity's neighbourhood in the film-person projection, as a picture graph."""
    nearby = nx.ego_graph(projection, centre, radius=depth)
    picture = nx.DiGraph()
    for node, data in nearby.nodes(data=True):
        picture.add_node(node, kind=data["kind"], label=_short(data["label"]))
    for a, b, data in nearby.edges(data=True):
        film, person = (a, b) if nearby.nodes[a]["kind"] == "film" else (b, a)
        roles = data["roles"] + (f" as {data['characters']}" if data.get("characters") else "")
        picture.add_edge(film, person, role=_short(roles))
    return picture


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


# --- where -------------------------------------------------------------------------------------


def layout(picture: nx.DiGraph, centre: str) -> tuple[dict[str, Placed], list[tuple[str, str, float, float]]]:
    """Node positions (points, y down) and edge-label anchors (source, target, x, y; right-aligned)."""
    undirected = picture.to_undirected(as_view=True)
    distance = nx.single_source_shortest_path_length(undirected, centre)
    column = {n: distance.get(n, 1 + max(distance.values(), default=0)) for n in picture}
    # Every edge must span one column forward: push targets right until it does.
    edges = []
    for a, b in undirected.edges():
        source, target = (a, b) if (column[a], a) <= (column[b], b) else (b, a)
        edges.append((source, target))
    for _ in range(len(picture)):
        moved = False
        for source, target in edges:
            if column[target] <= column[source]:
                column[target] = column[source] + 1
                moved = True
        if not moved:
            break
    incoming: dict[str, list[str]] = {n: [] for n in picture}
    for source, target in edges:
        incoming[target].append(source)
    columns: dict[int, list[str]] = {}
    for node in sorted(picture, key=lambda n: (picture.nodes[n]["kind"], picture.nodes[n]["label"].lower(), n)):
        columns.setdefault(column[node], []).append(node)
    label_width = {c: max(len(picture.nodes[n]["label"]) for n in nodes) * CHAR_WIDTH for c, nodes in columns.items()}
    edge_width = {c: max((len(_edge_role(picture, s, n)) for n in nodes for s in incoming[n]), default=0) * CHAR_WIDTH
                  for c, nodes in columns.items()}
    x = 0.0
    xs = {}
    for c in sorted(columns):
        if c > 0:
            x += edge_width[c] + 2 * CHAR_WIDTH
        xs[c] = x
        x += 12 + label_width[c] + 3 * CHAR_WIDTH
    placed: dict[str, Placed] = {}
    anchors: list[tuple[str, str, float, float]] = []
    for c, nodes in columns.items():
        y = 0.0
        for node in nodes:
            rows = max(1, len(incoming[node]))
            block_top = y
            placed[node] = Placed(xs[c], block_top + rows * LINE / 2, c)
            for i, source in enumerate(sorted(incoming[node])):
                anchors.append((source, node, xs[c] - 1.5 * CHAR_WIDTH, block_top + (i + 0.5) * LINE))
            y += rows * LINE + LINE * 0.4
    return placed, anchors


def _edge_role(picture: nx.DiGraph, a: str, b: str) -> str:
    if picture.has_edge(a, b):
        return picture[a][b]["role"]
    return picture[b][a]["role"]


# --- drawing -----------------------------------------------------------------------------------


def draw(picture: nx.DiGraph, centre: str, title: str):
    """A matplotlib figure of the picture graph, and every text it holds (for overlap checks)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    placed, anchors = layout(picture, centre)
    width = max(p.x for p in placed.values()) + 12 + max(
        len(picture.nodes[n]["label"]) * CHAR_WIDTH for n in picture) + 40
    height = max(p.y for p in placed.values()) + 2 * LINE + 40
    figure = plt.figure(figsize=(max(width, 360) / 72, (height + 60) / 72), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(-20, max(width, 360) - 20)
    axes.set_ylim(height, -60)  # y grows downwards, with room for the title and legend above
    axes.axis("off")
    texts = []
    for source, target, x, y in anchors:
        start, end = placed[source], placed[target]
        axes.plot([start.x, x + 0.5 * CHAR_WIDTH, end.x], [start.y, y, end.y], color="#adb5bd", linewidth=0.8,
                  zorder=1)
        texts.append(axes.text(x, y, _edge_role(picture, source, target), fontsize=FONT_SIZE * 0.9,
                               color="#495057", ha="right", va="center", zorder=3, style="italic"))
    for node, where in placed.items():
        kind = picture.nodes[node]["kind"]
        axes.scatter([where.x], [where.y], s=90, color=COLOURS.get(kind, "#868e96"), zorder=2,
                     edgecolors="white", linewidths=1.2)
        texts.append(axes.text(where.x + 9, where.y, picture.nodes[node]["label"], fontsize=FONT_SIZE,
                               ha="left", va="center", zorder=3, fontweight="bold" if node == centre else "normal"))
    kinds = sorted({picture.nodes[n]["kind"] for n in picture}, key=list(COLOURS).index)
    handles = [Line2D([], [], marker="o", linestyle="", color=COLOURS[k], label=KIND_NAMES[k]) for k in kinds]
    legend = axes.legend(handles=handles, loc="upper left", ncol=len(handles), frameon=False, fontsize=FONT_SIZE,
                         bbox_to_anchor=(0, 1), borderaxespad=0.2)
    texts.append(axes.text(-10, -22, title, fontsize=FONT_SIZE * 1.3, fontweight="bold", ha="left", va="center"))
    return figure, texts + list(legend.get_texts())


def overlapping_labels(figure, texts) -> list[tuple[str, str]]:
    """Pairs of texts whose rendered boxes overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)  # lay everything out afresh at one resolution (a save may have changed it)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    found = []
    for i, (text_a, a) in enumerate(boxes):
        for text_b, b in boxes[i + 1:]:
            if a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5:
                found.append((text_a, text_b))
    return found


def save(figure, path: str | Path, title: str) -> None:
    """SVG, PNG, or an HTML page embedding the SVG with pan and zoom (no network needed)."""
    import io

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix in {".svg", ".png"}:
        figure.savefig(target, format=suffix[1:])
        return
    if suffix not in {".html", ".htm"}:
        raise InputError(f"{path}: write .svg, .png or .html")
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    target.write_text(PAGE.format(title=html.escape(title), svg=svg), encoding="utf-8")


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>html,body{{margin:0;height:100%;overflow:hidden;font-family:sans-serif}}
#view{{width:100%;height:100%;cursor:grab}}#view svg{{transform-origin:0 0}}
#help{{position:fixed;bottom:8px;left:8px;color:#666;font-size:12px;background:#fffc}}</style></head>
<body><div id="view">{svg}</div>
<div id="help">drag to pan · wheel to zoom · double-click to reset</div>
<script>
const view = document.getElementById("view"), svg = view.querySelector("svg");
let scale = 1, x = 0, y = 0, drag = null;
const apply = () => {{ svg.style.transform = `translate(${{x}}px, ${{y}}px) scale(${{scale}})`; }};
view.addEventListener("wheel", e => {{
  e.preventDefault();
  const factor = Math.exp(-e.deltaY / 500), rect = view.getBoundingClientRect();
  const px = e.clientX - rect.left, py = e.clientY - rect.top;
  x = px - (px - x) * factor; y = py - (py - y) * factor; scale *= factor; apply();
}}, {{passive: false}});
view.addEventListener("mousedown", e => {{ drag = [e.clientX - x, e.clientY - y]; view.style.cursor = "grabbing"; }});
window.addEventListener("mousemove", e => {{
  if (drag) {{ x = e.clientX - drag[0]; y = e.clientY - drag[1]; apply(); }}
}});
window.addEventListener("mouseup", () => {{ drag = null; view.style.cursor = "grab"; }});
view.addEventListener("dblclick", () => {{ scale = 1; x = 0; y = 0; apply(); }});
</script></body></html>
"""
