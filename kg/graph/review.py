"""One review read, extracted and mapped: source -> Document -> facts -> schema.org graph.

The stages' work joined for one review, which kg.api, kg.store.build, kg.markup and kg.analysis
call; rdflib, spaCy and the page reader are imported when a review is read, not with this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.settings import DEFAULT_BASE
from kg.sources import DEFAULT_MAX_BYTES, is_url, load, public_url, source_name
from kg.sources.document import Document

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.extract.facts import Fact


@dataclass
class Review:
    """One extracted review: its document, facts and schema.org graph."""

    document: Document
    facts: list[Fact]
    graph: Graph

    @property
    def graph_name(self) -> str:
        from kg.graph import rdf

        return str(rdf.graph_iri(self.document))

    def serialize(self, fmt: str = "turtle") -> bytes:
        from kg.graph.serialize import canonical_order, serialize, to_oxigraph_quads

        return serialize(canonical_order(to_oxigraph_quads(self.graph, self.graph_name)), fmt)


def extract_document(document: Document, *, min_confidence: float = 0.0, base: str = DEFAULT_BASE) -> Review:
    """A pure function from a document to its graph, safe to map over many documents in parallel."""
    from kg.extract.review_facts import extract_facts
    from kg.graph import rdf

    facts = extract_facts(document, min_confidence=min_confidence)
    return Review(document, facts, rdf.to_graph(document, facts, base))


def extract(
    source: str,
    *,
    min_confidence: float = 0.0,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    base: str = DEFAULT_BASE,
    allow_private: bool = False,
    root: str | Path | None = None,
    source_base: str | None = None,
) -> Review:
    """Read a review (path, http(s) URL or '-') and extract its graph. URLs on loopback or private
    networks are refused unless `allow_private`. A file is recorded by its path relative to `root`
    (default: the current folder); `source_base`, the URL `root` is published at, gives its public URL."""
    document = load(source, encoding=encoding, max_bytes=max_bytes, allow_private=allow_private)
    name_source(document, source, root, source_base)
    return extract_document(document, min_confidence=min_confidence, base=base)


def name_source(document: Document, source: str, root: str | Path | None, source_base: str | None) -> None:
    """Record where the document was read: its name relative to the build root, its public URL."""
    document.source = source_name(source, root)
    if source_base and source != "-" and not is_url(source):
        document.public_url = public_url(document.source, source_base)
