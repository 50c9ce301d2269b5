"""RDF out: Turtle, N-Triples, N-Quads, TriG (pyoxigraph) and JSON-LD compacted with schema.org's context.

The schema.org context is read from the copy shipped in the package; nothing is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import pyoxigraph as ox
from rdflib import Graph

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
}
PREFIXES = {
    "schema": "http://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "kgv": "urn:kg:vocab:",
}
SCHEMA_CONTEXT_URLS = {
    "https://schema.org/",
    "https://schema.org",
    "http://schema.org/",
    "http://schema.org",
    "https://schema.org/docs/jsonldcontext.jsonld",
    "http://schema.org/docs/jsonldcontext.jsonld",
}
JSONLD_CONTEXT = ["https://schema.org/", {k: v for k, v in PREFIXES.items() if k not in {"schema", "rdf"}}]


@lru_cache(maxsize=1)
def schema_context() -> dict:
    return json.loads(resources.files("kg").joinpath("schemaorg-context.jsonld").read_text(encoding="utf-8"))


def offline_loader(url: str, options: dict | None = None) -> dict:
    """pyld document loader: schema.org's context from the package, and nothing from the network."""
    from pyld.jsonld import JsonLdError

    if url in SCHEMA_CONTEXT_URLS:
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": schema_context(),
        }
    raise JsonLdError(
        f"kg does not fetch remote JSON-LD documents: {url}", "jsonld.LoadDocumentError", code="loading document failed"
    )


def to_oxigraph_quads(graph: Graph, graph_name: str | None = None) -> list[ox.Quad]:
    """An rdflib graph's triples as pyoxigraph quads, in the named graph given (or the default)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    name = ox.NamedNode(graph_name) if graph_name else ox.DefaultGraph()
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def compact_jsonld(quads: Iterable[ox.Quad], context=None) -> dict:
    """JSON-LD compacted with schema.org's context (graph names kept when there are several)."""
    from pyld import jsonld
    from rdflib import Dataset

    # Through rdflib's expanded JSON-LD: pyld's own N-Quads reader splits lines at U+2028.
    dataset = Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"", format="nquads")
    expanded = json.loads(dataset.serialize(format="json-ld"))
    return jsonld.compact(expanded, context or JSONLD_CONTEXT, {"documentLoader": offline_loader})


def serialize(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Quads in one of FORMATS; Turtle and N-Triples hold one graph, so graph names are dropped."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "json-ld":
        return (json.dumps(compact_jsonld(quads), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    rdf_format = FORMATS[fmt]
    if not rdf_format.supports_datasets:
        triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        return ox.serialize(triples, format=rdf_format, prefixes=PREFIXES if fmt == "turtle" else None) or b""
    return ox.serialize(quads, format=rdf_format, prefixes=PREFIXES if fmt == "trig" else None) or b""
