"""The Python API: the same operations as the command line, which is a thin layer over these."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg import rdf
from kg.document import Document
from kg.errors import InputError, KgError
from kg.extract import extract_facts
from kg.facts import Fact
from kg.serialize import serialize, to_oxigraph_quads
from kg.sources import DEFAULT_MAX_BYTES, load, resolve_source_name
from kg.store import DEFAULT_STORE, ReviewStore
from kg.validate import ValidationReport, validate_graph

REVIEW_SUFFIXES = {".txt", ".html", ".htm", ".xhtml", ".text", ".md"}


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


# --- building a store ---------------------------------------------------------------------------


@dataclass
class BuildResult:
    source: str
    status: str  # stored, stored-with-violations, refused, skipped, failed
    triples: int = 0
    message: str = ""
    report: ValidationReport | None = None


@dataclass
class BuildSummary:
    results: list[BuildResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[BuildResult]:
        return [r for r in self.results if r.status in {"failed", "refused"}]


def review_files(paths: Iterable[str]) -> Iterator[str]:
    """Files named, files under folders (recursively, symlinked folders not followed), and globs."""
    seen: set[str] = set()
    for path in paths:
        candidates = [path]
        if not Path(path).exists() and glob.has_magic(path):
            candidates = sorted(glob.glob(path, recursive=True))
            if not candidates:
                raise InputError(f"{path}: no file matches")
        for candidate in candidates:
            target = Path(candidate)
            if target.is_dir():
                for root, dirs, files in os.walk(target, followlinks=False):
                    dirs.sort()
                    for name in sorted(files):
                        file = Path(root, name)
                        if file.suffix.lower() in REVIEW_SUFFIXES and str(file) not in seen:
                            seen.add(str(file))
                            yield str(file)
            elif not target.exists():
                raise InputError(f"{candidate}: no such file or folder")
            elif str(target) not in seen:
                seen.add(str(target))
                yield str(target)


def build(
    paths: Iterable[str],
    *,
    store: str | ReviewStore = DEFAULT_STORE,
    strict: bool = False,
    shapes: str | None = None,
    profile: str = "model",
    min_confidence: float = 0.0,
    encoding: str | None = None,
    force: bool = False,
    on_result: Callable[[BuildResult], None] | None = None,
) -> BuildSummary:
    """Extract, validate and store every review under `paths`, one named graph per review."""
    files = list(review_files(paths))
    target = store if isinstance(store, ReviewStore) else ReviewStore(store)
    summary = BuildSummary()
    for file in files:
        result = build_one(
            target,
            file,
            strict=strict,
            shapes=shapes,
            profile=profile,
            min_confidence=min_confidence,
            encoding=encoding,
            force=force,
        )
        summary.results.append(result)
        if on_result:
            on_result(result)
    target.flush()
    return summary


def build_one(
    store: ReviewStore,
    file: str,
    *,
    strict: bool = False,
    shapes: str | None = None,
    profile: str = "model",
    min_confidence: float = 0.0,
    encoding: str | None = None,
    force: bool = False,
) -> BuildResult:
    try:
        review = extract(file, min_confidence=min_confidence, encoding=encoding)
    except KgError as exc:
        return BuildResult(file, "failed", message=str(exc))
    if not force and store.content_hash(review.graph_name) == review.document.content_hash:
        return BuildResult(file, "skipped", message="unchanged since the last build")
    report = validate_graph(review.graph, shapes, profile)
    if not report.conforms and strict:
        return BuildResult(file, "refused", message=f"{len(report.violations)} violation(s)", report=report)
    meta = {"source": review.document.source, "contentHash": review.document.content_hash, "conforms": report.conforms}
    store.put_review(review.graph_name, review.graph, report.graph, meta)
    status = "stored" if report.conforms else "stored-with-violations"
    return BuildResult(file, status, triples=len(review.graph), report=report)


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
    target = store if isinstance(store, ReviewStore) else ReviewStore(store, read_only=True)
    return target.query(read_query(sparql))


def export(*, store: str | ReviewStore = DEFAULT_STORE, fmt: str = "trig") -> bytes:
    """The whole store in one RDF format."""
    target = store if isinstance(store, ReviewStore) else ReviewStore(store, read_only=True)
    return serialize(target.quads(), fmt)
