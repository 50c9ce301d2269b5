"""Where everything goes in a picture: a layered layout in which no label overlaps another and no
line crosses a label.

Each node sits in the column of its distance from the centre, its label to its right. An edge
always runs from one column to a later one: in a free band between the columns it slants to a row
of its own in the block of rows its target is given, runs level under nothing to its role (written
right-aligned, just before the target), and then to the target. An edge spanning several columns
passes through an empty row reserved in each column it crosses. Within a column, nodes follow
their first source (so a film's people stay together), then go by kind and role.

Units are points, y grows downwards; text widths come from `measure(text, size, style)`, style
"normal", "bold" (the centre) or "italic" (roles).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import mean

import networkx as nx

FONT_SIZE = 9.0  # points
ROLE_SIZE = 0.9 * FONT_SIZE
LINE = 1.9 * FONT_SIZE  # one row
GAP = 0.4 * LINE  # between two nodes' blocks
LABEL_OFFSET = 8.0  # from a node's centre to its label
ROLE_GAP = 14.0  # from a role's end to its target's centre
PAD = 3.0  # between a line and the text it stops at
TRUNK_GAP = 7.0  # between two sources' vertical trunks
CORNER = 3.0  # corners of lines are cut this far back
KIND_ORDER = ("review", "film", "person", "character", "work", "event", "place", "organization")
ROLE_ORDER = ("reviews", "mentions", "director", "screenwriter", "composer", "producer", "cinematographer", "editor",
              "actor", "character", "based on", "author", "release", "during", "in", "review by", "published by")

Measure = Callable[[str, float, str], float]
Point = tuple[float, float]


@dataclass
class Text:
    text: str
    x: float
    y: float
    size: float
    align: str  # "left" or "right"
    kind: str  # "node" or "role"
    style: str = "normal"  # or "bold", "italic"


@dataclass
class Layout:
    nodes: dict[str, Point]  # marker centres
    texts: list[Text]
    lines: list[list[Point]]  # polylines
    width: float
    height: float
    columns: dict[str, int] = field(default_factory=dict)


def layered_layout(picture: nx.DiGraph, centre: str, measure: Measure) -> Layout:
    column, edges = _columns(picture, centre)
    # Legs: one per pair of neighbouring columns an edge crosses; dummies hold its reserved rows.
    incoming: dict[object, list[tuple[object, str | None]]] = {n: [] for n in picture}
    members: dict[int, list[object]] = {}
    for node in picture:
        members.setdefault(column[node], []).append(node)
    for source, target in edges:
        previous = source
        for c in range(column[source] + 1, column[target]):
            dummy = ("via", source, target, c)
            incoming[dummy] = [(previous, None)]
            members.setdefault(c, []).append(dummy)
            column[dummy] = c
            previous = dummy
        incoming[target].append((previous, _role(picture, source, target)))

    def label(node) -> str:
        return picture.nodes[node]["label"] if node in picture else ""

    # Rows, column by column: a node's block has one row per incoming edge.
    y: dict[object, float] = {}
    row: dict[tuple[object, object], float] = {}
    height = 0.0
    for c in sorted(members):
        def order(node):
            sources = [y[s] for s, _ in incoming[node] if s in y]
            roles = [r for _, r in incoming[node] if r]
            kind = picture.nodes[node]["kind"] if node in picture else "~"
            role = min((_rank(ROLE_ORDER, r) for r in roles), default=len(ROLE_ORDER))
            return (min(sources, default=0.0), _rank(KIND_ORDER, kind), role, mean(sources) if sources else 0.0,
                    label(node).casefold(), str(node))

        top = 0.0
        for node in sorted(members[c], key=order):
            legs = sorted(incoming[node], key=lambda leg: (y.get(leg[0], 0.0), str(leg[0])))
            rows = max(1, len(legs))
            y[node] = top + rows * LINE / 2
            for i, (source, _) in enumerate(legs):
                row[(source, node)] = top + (i + 0.5) * LINE
            top += rows * LINE + GAP
        height = max(height, top - GAP)

    # Columns left to right: [band of trunks][roles][node, label]. Each source with edges into a
    # column has a vertical trunk of its own in the band before it, the lowest source's leftmost.
    columns = sorted(members)
    style = {n: "bold" if n == centre else "normal" for n in picture}
    label_end = {n: LABEL_OFFSET + measure(label(n), FONT_SIZE, style[n]) for n in picture}
    node_x: dict[int, float] = {}
    band_end: dict[int, float] = {}
    right: dict[int, float] = {}
    trunk: dict[object, float] = {}
    for index, c in enumerate(columns):
        if index == 0:
            band_end[c] = node_x[c] = 0.0
        else:
            sources = sorted({s for n in members[c] for s, _ in incoming[n]}, key=lambda s: (y[s], str(s)))
            for k, source in enumerate(sources):
                trunk[source] = right[columns[index - 1]] + TRUNK_GAP * (len(sources) - k)
            band_end[c] = right[columns[index - 1]] + TRUNK_GAP * (len(sources) + 2)
            roles = [measure(r, ROLE_SIZE, "italic") for n in members[c] for _, r in incoming[n] if r]
            node_x[c] = band_end[c] + max(roles, default=0.0) + ROLE_GAP + (PAD if roles else 0.0)
        right[c] = node_x[c] + max((label_end[n] for n in members[c] if n in picture), default=0.0) + 2 * PAD

    nodes = {n: (node_x[column[n]], y[n]) for n in picture}
    texts = [Text(label(n), x + LABEL_OFFSET, y[n], FONT_SIZE, "left", "node", style[n])
             for n, (x, _) in nodes.items()]
    lines: list[list[Point]] = []
    for node in [*picture, *(n for n in incoming if n not in picture)]:
        c = column[node]
        for source, role in incoming[node]:
            before = columns[columns.index(c) - 1]
            ys, yr = y[source], row[(source, node)]
            start = (node_x[before] + label_end[source] + PAD, ys) if source in picture else (band_end[before], ys)
            path = [start, (trunk[source], ys), (trunk[source], yr), (band_end[c], yr)]
            if node not in picture:  # a reserved row: straight on through the column
                lines.append(path)
                continue
            anchor = node_x[c] - ROLE_GAP
            if role:
                path.append((anchor - measure(role, ROLE_SIZE, "italic") - PAD, yr))
                texts.append(Text(role, anchor, yr, ROLE_SIZE, "right", "role", "italic"))
                lines.append(path)
                path = [(anchor + PAD, yr)]
            lines.append([*path, (node_x[c], y[node])])
    lines = [_rounded(_simple(path)) for path in lines]
    width = max(right.values(), default=0.0)
    return Layout(nodes, texts, lines, width, height, {n: column[n] for n in picture})


def _columns(picture: nx.DiGraph, centre: str) -> tuple[dict, list[tuple[str, str]]]:
    """Each node's column, and every edge oriented from an earlier column to a later one."""
    undirected = picture.to_undirected(as_view=True)
    distance = nx.single_source_shortest_path_length(undirected, centre)
    far = 1 + max(distance.values(), default=0)
    column: dict = {n: distance.get(n, far) for n in picture}
    edges = []
    for a, b in undirected.edges():
        if column[a] != column[b]:
            edges.append((a, b) if column[a] < column[b] else (b, a))
        else:  # same distance: the edge's target moves one column on
            edges.append((a, b) if picture.has_edge(a, b) else (b, a))
    for _ in range(len(picture)):
        moved = False
        for source, target in edges:
            if column[target] <= column[source]:
                column[target] = column[source] + 1
                moved = True
        if not moved:
            break
    return column, [(s, t) for s, t in edges if column[s] < column[t]]  # a cycle cannot be drawn forward


def _simple(path: list[Point]) -> list[Point]:
    """Without repeated points and points in the middle of a straight run."""
    kept: list[Point] = []
    for point in path:
        if kept and abs(point[0] - kept[-1][0]) < 1e-6 and abs(point[1] - kept[-1][1]) < 1e-6:
            continue
        if len(kept) >= 2:
            (ax, ay), (bx, by) = kept[-2], kept[-1]
            if abs((bx - ax) * (point[1] - ay) - (by - ay) * (point[0] - ax)) < 1e-6:
                kept[-1] = point
                continue
        kept.append(point)
    return kept


def _rounded(path: list[Point]) -> list[Point]:
    """Each corner cut by a short diagonal: easier to follow than a right angle."""
    out = [path[0]]
    for previous, corner, following in zip(path, path[1:], path[2:], strict=False):
        points = []
        for other in (previous, following):
            dx, dy = other[0] - corner[0], other[1] - corner[1]
            length = (dx * dx + dy * dy) ** 0.5
            cut = min(CORNER, length / 2) / length
            points.append((corner[0] + dx * cut, corner[1] + dy * cut))
        out += points
    return [*out, path[-1]] if len(path) > 1 else out


def _role(picture: nx.DiGraph, a: str, b: str) -> str:
    return picture[a][b]["role"] if picture.has_edge(a, b) else picture[b][a]["role"]


def _rank(order: tuple[str, ...], value: str) -> int:
    first = value.split(" as ")[0].split(", ")[0]
    return order.index(first) if first in order else len(order)
