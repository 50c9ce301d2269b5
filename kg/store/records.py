"""What a store keeps beside each review graph, written alike by the embedded and the remote store:
its report graph's name and its build record (kg's own vocabulary, `kgv:`), as N-Triples or N-Quads."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib import Graph

KGV = "urn:kg:vocab:"


# Graphs of the store that are no review's: the links across reviews (kg.store.resolve, kg link).
SHARED_GRAPHS = ("graph:resolution", "graph:links")


def report_graph_name(graph_name: str) -> str:
    return f"{graph_name}/report"


def is_report_of(report: str, graph: str) -> str:
    """A SPARQL filter: `?report` is the report graph of `?graph`. Where the server keeps the merged
    graph as a named graph (Virtuoso), it holds every build record too, and would match as well."""
    return f'FILTER (STR(?{report}) = CONCAT(STR(?{graph}), "/report"))'


IS_REPORT_OF_G = is_report_of("r", "g")


def build_record(graph_name: str, meta: dict[str, str | bool]) -> str:
    """The review's build record (source, hashes, conformance, time) as N-Triples for its report graph."""
    record = "".join(f"<{graph_name}> <{KGV}{key}> {_literal(value)} .\n" for key, value in meta.items())
    return record + f"<{graph_name}> <{KGV}builtAt> {_literal(datetime.now(timezone.utc))} .\n"


def to_nquads(graph_name: str, graph_ntriples: str, report_ntriples: str) -> str:
    """A review's graph and its report graph as N-Quads."""
    return in_graph(graph_ntriples, graph_name) + in_graph(report_ntriples, report_graph_name(graph_name))


def in_graph(ntriples: str, graph_name: str) -> str:
    """N-Triples lines as N-Quads of one graph (N-Triples escapes newlines, so lines are statements)."""
    return "".join(f"{line[:-1]}<{graph_name}> .\n" for line in ntriples.splitlines() if line.strip())


def as_ntriples(graph: Graph | str | None) -> str:
    """An rdflib graph, or N-Triples text as it is."""
    if graph is None:
        return ""
    return graph if isinstance(graph, str) else graph.serialize(format="nt")


def _literal(value) -> str:
    if isinstance(value, bool):
        return f'"{str(value).lower()}"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    if isinstance(value, datetime):
        return f'"{value.isoformat()}"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
    return ox.Literal(str(value)).__str__()
