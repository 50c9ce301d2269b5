"""RDF files in (kg validate GRAPH): parsed with pyoxigraph, JSON-LD through pyld with schema.org's context
from the package, so that nothing is fetched; then an rdflib graph for pyshacl.

schema.org's https IRIs are read as the http ones of kg's graphs and shapes (schema.org treats the two
as the same vocabulary); without this, shapes that target schema:Review would check nothing.

rdflib's own dataset parsers are not used: they go through its deprecated ConjunctiveGraph, and its
JSON-LD parser fetches remote contexts (schema.org answers that request with an HTML page).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import InputError
from kg.graph.jsonld import quads_from_jsonld

if TYPE_CHECKING:
    from rdflib import Graph

RDF_SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def is_rdf_file(path: str) -> bool:
    return Path(path).suffix.lower() in RDF_SUFFIXES


def read_quads(path: str) -> list[ox.Quad]:
    """Every quad of an RDF file, its format told by its suffix; relative IRIs resolve against the file."""
    file = Path(path)
    rdf_format = RDF_SUFFIXES[file.suffix.lower()]
    if not file.is_file():
        raise InputError(f"{path}: no such file")
    base = file.resolve().as_uri()
    try:
        if rdf_format == ox.RdfFormat.JSON_LD:
            quads = quads_from_jsonld(json.loads(file.read_text(encoding="utf-8")), path, base)
        else:
            quads = list(ox.parse(path=str(file), format=rdf_format, base_iri=base))
    except (SyntaxError, ValueError) as exc:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        name = rdf_format.name if rdf_format != ox.RdfFormat.JSON_LD else "JSON"
        raise InputError(f"{path}: not valid {name}: {' '.join(str(exc).split())[:200]}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return [ox.Quad(*(_http_schema(term) for term in quad)) for quad in quads]


HTTPS_SCHEMA = "https://schema.org/"
HTTP_SCHEMA = "http://schema.org/"


def _http_schema(term):
    if isinstance(term, ox.NamedNode) and term.value.startswith(HTTPS_SCHEMA):
        return ox.NamedNode(HTTP_SCHEMA + term.value[len(HTTPS_SCHEMA):])
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(HTTPS_SCHEMA):
        return ox.Literal(term.value, datatype=_http_schema(term.datatype))
    return term


def to_rdflib_graph(quads: list[ox.Quad]) -> Graph:
    """The triples of every graph, merged into one rdflib graph (through N-Triples)."""
    from rdflib import Graph

    triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
    return graph
