"""Drawing a picture graph with matplotlib: SVG, PNG, or an HTML page that pans and zooms offline.

Kinds of node differ in colour and shape (a legend says which); roles are written in italics.
`Drawing.overlapping_labels()` and `Drawing.lines_crossing_labels()` measure the rendered result.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import networkx as nx

from kg.analysis.layout import FONT_SIZE, Layout, layered_layout
from kg.errors import InputError

# kind: (matplotlib marker, colour, legend name)
MARKERS = {
    "review": ("H", "#495057", "review"),
    "film": ("s", "#d9480f", "film"),
    "person": ("o", "#1c7ed6", "person"),
    "character": ("v", "#4dabf7", "character"),
    "work": ("D", "#2b8a3e", "book or source work"),
    "event": ("^", "#ae3ec9", "premiere or release"),
    "place": ("p", "#f08c00", "festival or country"),
    "organization": ("P", "#868e96", "organization"),
}
SUFFIXES = (".svg", ".png", ".html", ".htm")
MAX_NODES = 600  # beyond this a picture is a wall of text: ask for a smaller neighbourhood
MARGIN = 16.0
HEADER = 62.0  # title and legend, above the picture
TITLE_SIZE = 1.3 * FONT_SIZE
DPI = 100


@lru_cache(maxsize=4096)
def measure(text: str, size: float, style: str = "normal") -> float:
    """The width of `text` in points, as matplotlib renders it (DejaVu Sans by default)."""
    from matplotlib.font_manager import FontProperties

    font = FontProperties(size=size, weight="bold" if style == "bold" else "normal",
                          style="italic" if style == "italic" else "normal")
    width, _, _ = _renderer().get_text_width_height_descent(text, font, ismath=False)
    return width * 72 / DPI


@lru_cache(maxsize=1)
def _renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, DPI)  # at the PNG's resolution: hinted widths differ a little between sizes


@dataclass
class Drawing:
    figure: object  # matplotlib Figure
    texts: list  # every Text artist: labels, roles, title, legend
    lines: list  # every Line2D drawn for an edge
    layout: Layout

    def _rendered(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(self.figure)  # lay out afresh at one resolution (a save may have changed it)
        canvas.draw()
        renderer = canvas.get_renderer()
        return [(t.get_text(), t.get_window_extent(renderer)) for t in self.texts]

    def overlapping_labels(self) -> list[tuple[str, str]]:
        """Pairs of texts whose rendered boxes overlap."""
        boxes = [(text, box.padded(-0.5)) for text, box in self._rendered()]
        return [(ta, tb) for i, (ta, a) in enumerate(boxes) for tb, b in boxes[i + 1:] if a.overlaps(b)]

    def lines_crossing_labels(self) -> list[str]:
        """Texts that an edge's line runs through."""
        boxes = [(text, box.padded(-0.5)) for text, box in self._rendered()]
        paths = [line.get_transform().transform_path(line.get_path()) for line in self.lines]
        return sorted({text for text, box in boxes for path in paths if path.intersects_bbox(box, filled=False)})

    def save(self, path: str | Path, title: str) -> None:
        """SVG, PNG, or an HTML page embedding the SVG with pan and zoom (no network needed)."""
        target = Path(path)
        suffix = check_suffix(target)
        if suffix in {".svg", ".png"}:
            self.figure.savefig(target, format=suffix[1:])
            return
        buffer = io.StringIO()
        self.figure.savefig(buffer, format="svg")
        svg = buffer.getvalue()
        target.write_text(PAGE.format(title=html.escape(title), svg=svg[svg.index("<svg"):]), encoding="utf-8")


def check_suffix(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: write a .svg, .png or .html file")
    return suffix


def render(picture: nx.DiGraph, centre: str, title: str) -> Drawing:
    """A matplotlib figure of the picture graph, 1 unit = 1 point, y growing downwards."""
    if len(picture) > MAX_NODES:
        raise InputError(f"{len(picture)} nodes are too many to draw legibly (at most {MAX_NODES}): "
                         "draw a smaller neighbourhood (--depth)")
    from matplotlib.figure import Figure  # not pyplot: no global state, no display needed

    layout = layered_layout(picture, centre, measure)
    kinds = sorted({picture.nodes[n]["kind"] for n in picture}, key=lambda k: list(MARKERS).index(k))
    legend_width = sum(16 + measure(MARKERS[k][2], FONT_SIZE) + 18 for k in kinds)
    width = max(layout.width, measure(title, TITLE_SIZE, "bold"), legend_width) + 2 * MARGIN
    height = layout.height + HEADER + 2 * MARGIN
    figure = Figure(figsize=(width / 72, height / 72), dpi=DPI)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(-MARGIN, width - MARGIN)
    axes.set_ylim(layout.height + MARGIN, -HEADER - MARGIN)
    axes.axis("off")
    lines = [axes.plot([x for x, _ in path], [y for _, y in path], color="#adb5bd", linewidth=0.8,
                       solid_joinstyle="round", zorder=1)[0] for path in layout.lines]
    for node, (x, y) in layout.nodes.items():
        marker, colour, _ = MARKERS.get(picture.nodes[node]["kind"], ("o", "#868e96", ""))
        axes.plot([x], [y], marker=marker, markersize=9 if node != centre else 11, color=colour,
                  markeredgecolor="white", markeredgewidth=1.0, zorder=2)
    texts = [axes.text(t.x, t.y, t.text, fontsize=t.size, ha=t.align, va="center", parse_math=False, zorder=3,
                       fontweight="bold" if t.style == "bold" else "normal",
                       fontstyle="italic" if t.style == "italic" else "normal",
                       color="#495057" if t.kind == "role" else "#212529") for t in layout.texts]
    texts.append(axes.text(0, -HEADER + 8, title, fontsize=TITLE_SIZE, fontweight="bold", ha="left", va="center",
                           parse_math=False))
    x = 0.0
    for kind in kinds:  # the legend, drawn by hand so that it is measured like every other text
        marker, colour, name = MARKERS[kind]
        axes.plot([x + 4], [-HEADER + 34], marker=marker, markersize=8, color=colour, markeredgecolor="white")
        texts.append(axes.text(x + 14, -HEADER + 34, name, fontsize=FONT_SIZE, ha="left", va="center"))
        x += 16 + measure(name, FONT_SIZE) + 18
    return Drawing(figure, texts, lines, layout)


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
