"""A projection written for other tools: GraphML or GEXF (Gephi, Cytoscape), node-link JSON (d3)."""

from __future__ import annotations

import io
import json

import networkx as nx

EXPORT_FORMATS = ("graphml", "gexf", "json")


def export_graph(graph: nx.Graph, fmt: str) -> bytes:
    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")  # d3's names: nodes and links
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"{fmt}: not one of {', '.join(EXPORT_FORMATS)}")
    buffer = io.BytesIO()
    {"graphml": nx.write_graphml, "gexf": nx.write_gexf}[fmt](graph, buffer)
    return buffer.getvalue()
