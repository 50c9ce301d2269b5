"""RDF out: Turtle, N-Triples, N-Quads, TriG (pyoxigraph) and JSON-LD with its context inline (kg.graph.jsonld).

A review's graph is written in a canonical order (`canonical_order`): the same input gives the same
bytes on every run, grouped by subject, so that graphs can be diffed and kept in git.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.graph.jsonld import PREFIXES, RDF_TYPE, offline_loader, schema_context, to_jsonld

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["FORMATS", "PREFIXES", "canonical_order", "offline_loader", "schema_context", "serialize",
           "to_oxigraph_quads"]

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "json-ld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
_DIGITS = re.compile(r"(\d+)")


def to_oxigraph_quads(graph: Graph, graph_name: str | None = None) -> list[ox.Quad]:
    """An rdflib graph's triples as pyoxigraph quads, in the named graph given (or the default)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    name = ox.NamedNode(graph_name) if graph_name else ox.DefaultGraph()
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def _natural(term) -> tuple:
    """Sort key of a term: its N-Triples text with numbers compared as numbers (statement/2 before /10)."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(str(term)))


def canonical_order(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads sorted by graph, subject, predicate (rdf:type first) and object; blank nodes, when
    there are any, relabelled canonically (RDFC-1.0) so that their labels do not change between runs."""
    quads = list(quads)
    if any(isinstance(term, ox.BlankNode) for q in quads for term in (q.subject, q.object, q.graph_name)):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    return sorted(quads, key=lambda q: (_natural(q.graph_name), _natural(q.subject), q.predicate != RDF_TYPE,
                                        _natural(q.predicate), _natural(q.object)))


def serialize(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Quads in one of FORMATS; Turtle and N-Triples hold one graph, so graph names are dropped."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "json-ld":
        return (json.dumps(to_jsonld(quads), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    rdf_format = FORMATS[fmt]
    if not rdf_format.supports_datasets:
        triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        return ox.serialize(triples, format=rdf_format, prefixes=PREFIXES if fmt == "turtle" else None) or b""
    return ox.serialize(quads, format=rdf_format, prefixes=PREFIXES if fmt == "trig" else None) or b""
