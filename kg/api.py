"""The Python API: the same operations as the command line, which is a thin layer over these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg import rdf
from kg.build import BuildResult, BuildSettings, BuildSummary, graph_name_of, resolve_store, review_files
from kg.build import build as build_store
from kg.document import Document
from kg.errors import InputError
from kg.extract import extract_facts
from kg.facts import Fact
from kg.limits import DEFAULT_TIME_LIMIT
from kg.serialize import serialize, to_oxigraph_quads
from kg.sources import DEFAULT_MAX_BYTES, load, resolve_source_name
from kg.store import DEFAULT_STORE, ReviewStore, open_store
from kg.validate import ValidationReport, validate_graph

__all__ = [
    "BuildResult", "BuildSummary", "Review", "build", "export", "extract", "extract_document", "markup", "query",
    "read_graph_or_review", "remove", "review_files", "validate",
]


@dataclass
class Review:
    """One extracted review: its document, facts and schema.org graph."""

    document: Document
    facts: list[Fact]
    graph: Graph

    @property
    def graph_name(self) -> str:
        return str(rdf.graph_iri(self.document))

    def serialize(self, fmt: str = "turtle") -> bytes:
        return serialize(to_oxigraph_quads(self.graph, self.graph_name), fmt)


def extract_document(document: Document, *, min_confidence: float = 0.0, base: str = rdf.DEFAULT_BASE) -> Review:
    """A pure function from a document to its graph, safe to map over many documents in parallel."""
    facts = extract_facts(document, min_confidence=min_confidence)
    return Review(document, facts, rdf.to_graph(document, facts, base))


def extract(
    source: str,
    *,
    min_confidence: float = 0.0,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    base: str = rdf.DEFAULT_BASE,
    allow_private: bool = False,
) -> Review:
    """Read a review (path, http(s) URL or '-') and extract its graph. URLs on loopback or private
    networks are refused unless `allow_private`."""
    document = load(source, encoding=encoding, max_bytes=max_bytes, allow_private=allow_private)
    document.source = resolve_source_name(source)
    return extract_document(document, min_confidence=min_confidence, base=base)


def validate(
    graph_or_review: Graph | Review | str, shapes: str | None = None, profile: str = "model"
) -> ValidationReport:
    """Check a graph, an extracted Review, or a file (RDF or review text) against the shapes."""
    if isinstance(graph_or_review, Review):
        graph = graph_or_review.graph
    elif isinstance(graph_or_review, Graph):
        graph = graph_or_review
    else:
        graph = read_graph_or_review(graph_or_review)
    return validate_graph(graph, shapes, profile)


RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}


def read_graph_or_review(path: str) -> Graph:
    """An RDF file is parsed; anything else is read as a review and extracted."""
    fmt = RDF_SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        return extract(path).graph
    if not Path(path).is_file():
        raise InputError(f"{path}: no such file")
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    try:
        dataset.parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many exception types
        raise InputError(f"{path}: not valid {fmt}: {' '.join(str(exc).split())[:200]}") from None
    graph = Graph()
    for triple in dataset.triples((None, None, None)):
        graph.add(triple)
    return graph


def markup(review: Review, overrides=None) -> tuple[dict, ValidationReport]:
    """The review's schema.org JSON-LD, and what Google's rules say of it (profile "google")."""
    from kg.page_markup import Overrides, apply_overrides, markup_graph, to_jsonld

    graph = markup_graph(apply_overrides(review.graph, overrides or Overrides()))
    return to_jsonld(graph), validate_graph(graph, profile="google")


# --- building a store (kg.build) -----------------------------------------------------------------


def build(
    paths: Iterable[str],
    *,
    store: str | ReviewStore = DEFAULT_STORE,
    strict: bool = False,
    shapes: str | None = None,
    profile: str = "model",
    min_confidence: float = 0.0,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    base: str = rdf.DEFAULT_BASE,
    time_limit: float = DEFAULT_TIME_LIMIT,
    allow_private: bool = False,
    force: bool = False,
    jobs: int | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
) -> BuildSummary:
    """Extract, validate and store every review under `paths` (files, folders, globs, URLs), one named
    graph each, in `jobs` processes (default: every core), skipping reviews unchanged since the last build."""
    settings = BuildSettings(strict=strict, shapes=shapes, profile=profile, min_confidence=min_confidence,
                             encoding=encoding, max_bytes=max_bytes, base=base, time_limit=time_limit,
                             allow_private=allow_private)
    return build_store(paths, store=store, settings=settings, force=force, jobs=jobs, on_result=on_result)


def remove(sources: Iterable[str], *, store: str | ReviewStore = DEFAULT_STORE,
           base: str = rdf.DEFAULT_BASE) -> list[tuple[str, bool]]:
    """Delete reviews (named by the path or URL they were built from) and their reports from the store."""
    target = store if not isinstance(store, (str, Path)) else open_store(store)
    removed = [(source, target.remove_review(graph_name_of(source, base))) for source in sources]
    if any(done for _, done in removed):
        resolve_store(target, base)
    target.flush()
    return removed


# --- querying and exporting ---------------------------------------------------------------------


def read_query(query: str) -> str:
    """QUERY is a path to a .rq file or the SPARQL text itself."""
    if query.endswith((".rq", ".sparql")) or (len(query) < 300 and "\n" not in query and Path(query).is_file()):
        path = Path(query)
        if not path.is_file():
            raise InputError(f"{query}: no such query file")
        return path.read_text(encoding="utf-8")
    return query


def query(sparql: str, *, store: str | ReviewStore = DEFAULT_STORE):
    """Run a SPARQL query (text or .rq path) over the store; returns pyoxigraph results."""
    target = store if not isinstance(store, (str, Path)) else open_store(store, read_only=True)
    return target.query(read_query(sparql))


def export(*, store: str | ReviewStore = DEFAULT_STORE, fmt: str = "trig") -> bytes:
    """The whole store in one RDF format."""
    target = store if not isinstance(store, (str, Path)) else open_store(store, read_only=True)
    return serialize(target.quads(), fmt)
