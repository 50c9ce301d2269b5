"""JSON-LD in and out with pyld, offline: schema.org's context is read from the copy shipped in the
package, and no other document is ever fetched.

kg's data exports carry their context inline (DATA_CONTEXT: schema.org as the vocabulary, and the
prefixes kg uses), so any JSON-LD reader turns them back into the same graph without a network.
Page markup keeps the short "https://schema.org" context that search engines expect (kg.markup.review).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import pyoxigraph as ox

from kg.errors import InputError

SCHEMA = "http://schema.org/"
PREFIXES = {
    "schema": SCHEMA,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "kgv": "urn:kg:vocab:",
}
# Terms are schema.org's property and type names ("name", "Movie"); other IRIs are written prefix:local.
DATA_CONTEXT = {"@vocab": SCHEMA, **{k: v for k, v in PREFIXES.items() if k != "schema"}}
SCHEMA_CONTEXT_URLS = {
    "https://schema.org/",
    "https://schema.org",
    "http://schema.org/",
    "http://schema.org",
    "https://schema.org/docs/jsonldcontext.jsonld",
    "http://schema.org/docs/jsonldcontext.jsonld",
    "https://schema.org/docs/jsonldcontext.json",
    "http://schema.org/docs/jsonldcontext.json",
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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


# --- quads <-> pyld's RDF dataset (no N-Quads text in between: pyld's N-Quads reader splits at U+2028) ---


def _from_pyld(term: dict):
    if term["type"] == "IRI":
        return ox.NamedNode(term["value"])
    if term["type"] == "blank node":
        return ox.BlankNode(term["value"].removeprefix("_:"))
    if term.get("language"):
        return ox.Literal(term["value"], language=term["language"])
    datatype = term.get("datatype") or XSD_STRING
    return ox.Literal(term["value"], datatype=None if datatype == XSD_STRING else ox.NamedNode(datatype))


def _graph_key(graph_name) -> str:
    if isinstance(graph_name, ox.DefaultGraph):
        return "@default"
    return graph_name.value if isinstance(graph_name, ox.NamedNode) else f"_:{graph_name.value}"


def to_jsonld(quads: Iterable[ox.Quad]) -> dict:
    """Quads as JSON-LD compacted with DATA_CONTEXT, which the document carries inline.

    This is JSON-LD's own RDF-to-JSON-LD conversion followed by compaction, written out for a context
    without coercions, where compaction is only a renaming: pyld's general algorithms took eight times
    as long as writing Turtle (tests/test_jsonld.py checks the two agree)."""
    graphs: dict[str, dict[str, dict]] = {}
    for quad in quads:
        nodes = graphs.setdefault(_graph_key(quad.graph_name), {})
        subject = _node_id(quad.subject)
        node = nodes.setdefault(subject, {"@id": subject})
        if quad.predicate == RDF_TYPE and not isinstance(quad.object, ox.Literal):
            values, value = node.setdefault("@type", []), _compact_iri(_node_id(quad.object), vocab=True)
        else:
            values, value = node.setdefault(_compact_iri(quad.predicate.value, vocab=True), []), _value(quad.object)
        if value not in values:
            values.append(value)
    default = graphs.pop("@default", {})
    for name, nodes in graphs.items():  # a named graph is a node of the default graph, holding @graph
        default.setdefault(name, {"@id": name})["@graph"] = _nodes(nodes)
    top = _nodes(default)
    if len(top) == 1:
        return {"@context": DATA_CONTEXT, **top[0]}
    return {"@context": DATA_CONTEXT, "@graph": top}


RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")


def _node_id(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _nodes(nodes: dict[str, dict]) -> list[dict]:
    """Node objects sorted by @id; a list of one value is written as the value itself."""
    out = []
    for key in sorted(nodes):
        node = {"@id": _compact_iri(key, vocab=False)}
        for prop, values in nodes[key].items():
            if prop != "@id":
                node[prop] = values[0] if len(values) == 1 and prop != "@graph" else values
        out.append(node)
    return out


def _value(term):
    if not isinstance(term, ox.Literal):
        return {"@id": _compact_iri(_node_id(term), vocab=False)}
    if term.language:
        return {"@language": term.language, "@value": term.value}
    if term.datatype.value == XSD_STRING:
        return term.value
    return {"@type": _compact_iri(term.datatype.value, vocab=True), "@value": term.value}


def _compact_iri(iri: str, *, vocab: bool) -> str:
    """An IRI as JSON-LD compaction writes it with DATA_CONTEXT: a schema.org name where a property or
    type is expected, else prefix:local, else the IRI itself."""
    if iri.startswith("_:"):
        return iri
    if vocab and iri.startswith(SCHEMA):
        local = iri[len(SCHEMA):]
        if local and ":" not in local and local not in DATA_CONTEXT:
            return local
    for prefix, namespace in DATA_CONTEXT.items():
        if prefix != "@vocab" and iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace):]
            if not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


def quads_from_jsonld(document, name: str, base: str | None = None) -> list[ox.Quad]:
    """The quads of a JSON-LD document (already parsed JSON). Its schema.org context is read from the
    package; any other remote context is refused with a line naming it, never fetched. A document
    without any @context is read with schema.org's, as schema.org shows such snippets."""
    from pyld import jsonld

    options = {"documentLoader": offline_loader, "base": base}
    if not _has_context(document):
        options["expandContext"] = schema_context()
    try:
        dataset = jsonld.to_rdf(document, options)
    except jsonld.JsonLdError as exc:
        raise InputError(f"{name}: not readable JSON-LD: {_reason(exc)}") from None
    quads = []
    for graph, triples in dataset.items():
        graph_name = ox.DefaultGraph() if graph == "@default" else _from_pyld(
            {"type": "blank node" if graph.startswith("_:") else "IRI", "value": graph})
        for triple in triples:
            try:
                quads.append(ox.Quad(_from_pyld(triple["subject"]), _from_pyld(triple["predicate"]),
                                     _from_pyld(triple["object"]), graph_name))
            except ValueError as exc:  # an IRI pyld let through that RDF does not accept
                raise InputError(f"{name}: not readable JSON-LD: {exc}") from None
    return quads


def _has_context(node) -> bool:
    if isinstance(node, dict):
        return "@context" in node or any(_has_context(value) for value in node.values())
    return isinstance(node, list) and any(_has_context(item) for item in node)


def _reason(exc: BaseException) -> str:
    """The innermost cause pyld gives (it chains its errors), on one line."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    text = " ".join(str(exc.args[0] if exc.args else exc).split())
    marker = "kg does not fetch remote JSON-LD documents: "
    if marker in text:
        url = text.split(marker, 1)[1].split()[0]
        return (f"its context {url} is not shipped with kg, and kg reads JSON-LD without the network "
                "(schema.org's context is shipped); expand the document or put its context inline")
    return text[:200]
