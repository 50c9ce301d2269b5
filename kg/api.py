"""The Python API: the same operations as the command line, which is a thin layer over these.

Heavy libraries (rdflib, pyoxigraph, spaCy, pyshacl) are imported by the function that needs
them, so that `kg query` does not pay for extraction and `kg --help` for anything.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.document import Document
from kg.errors import InputError
from kg.limits import DEFAULT_TIME_LIMIT
from kg.settings import DEFAULT_BASE, DEFAULT_STORE
from kg.sources import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.build import BuildResult, BuildSummary
    from kg.facts import Fact
    from kg.store import ReviewStore
    from kg.validate import ValidationReport

__all__ = [
    "BuildResult", "BuildSummary", "InputError", "Review", "build", "export", "extract", "extract_document", "markup",
    "query", "read_graph_or_review", "remove", "review_files", "validate",
]
# Names kg.api re-exports from kg.build, imported when first asked for.
_FROM_BUILD = {"BuildResult", "BuildSummary"}


def __getattr__(name: str):
    if name in _FROM_BUILD:
        return getattr(importlib.import_module("kg.build"), name)
    raise AttributeError(f"module 'kg.api' has no attribute {name!r}")


@dataclass
class Review:
    """One extracted review: its document, facts and schema.org graph."""

    document: Document
    facts: list[Fact]
    graph: Graph

    @property
    def graph_name(self) -> str:
        from kg import rdf

        return str(rdf.graph_iri(self.document))

    def serialize(self, fmt: str = "turtle") -> bytes:
        from kg.serialize import canonical_order, serialize, to_oxigraph_quads

        return serialize(canonical_order(to_oxigraph_quads(self.graph, self.graph_name)), fmt)


def extract_document(document: Document, *, min_confidence: float = 0.0, base: str = DEFAULT_BASE) -> Review:
    """A pure function from a document to its graph, safe to map over many documents in parallel."""
    from kg import rdf
    from kg.extract import extract_facts

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
) -> Review:
    """Read a review (path, http(s) URL or '-') and extract its graph. URLs on loopback or private
    networks are refused unless `allow_private`."""
    from kg.sources import load, resolve_source_name

    document = load(source, encoding=encoding, max_bytes=max_bytes, allow_private=allow_private)
    document.source = resolve_source_name(source)
    return extract_document(document, min_confidence=min_confidence, base=base)


def validate(
    graph_or_review: Graph | Review | str, shapes: str | None = None, profile: str = "model"
) -> ValidationReport:
    """Check a graph, an extracted Review, or a file (RDF or review text) against the shapes."""
    from rdflib import Graph

    from kg.validate import validate_graph

    if isinstance(graph_or_review, Review):
        graph = graph_or_review.graph
    elif isinstance(graph_or_review, Graph):
        graph = graph_or_review
    else:
        graph = read_graph_or_review(graph_or_review)
    return validate_graph(graph, shapes, profile)


def read_graph_or_review(path: str) -> Graph:
    """An RDF file (its format told by its suffix) is parsed, JSON-LD with schema.org's context from the
    package and nothing fetched; anything else is read as a review and extracted."""
    from kg.read_rdf import is_rdf_file, read_quads, to_rdflib_graph

    if not is_rdf_file(path):
        return extract(path).graph
    return to_rdflib_graph(read_quads(path))


def markup(review: Review, overrides=None) -> tuple[dict, ValidationReport]:
    """The review's schema.org JSON-LD, and what Google's rules say of it (profile "google")."""
    from kg.page_markup import Overrides, apply_overrides, markup_graph, to_jsonld
    from kg.validate import validate_graph

    graph = markup_graph(apply_overrides(review.graph, overrides or Overrides()))
    return to_jsonld(graph), validate_graph(graph, profile="google")


# --- building a store (kg.build) -----------------------------------------------------------------


def review_files(paths: Iterable[str]) -> Iterable[str]:
    """Files named, files under folders (recursively) and globs; URLs as they are."""
    from kg.build import review_files as files_under

    return files_under(paths)


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
    base: str = DEFAULT_BASE,
    time_limit: float = DEFAULT_TIME_LIMIT,
    allow_private: bool = False,
    force: bool = False,
    jobs: int | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
) -> BuildSummary:
    """Extract, validate and store every review under `paths` (files, folders, globs, URLs), one named
    graph each, in `jobs` processes (default: every core), skipping reviews unchanged since the last build."""
    from kg.build import BuildSettings
    from kg.build import build as build_store

    settings = BuildSettings(strict=strict, shapes=shapes, profile=profile, min_confidence=min_confidence,
                             encoding=encoding, max_bytes=max_bytes, base=base, time_limit=time_limit,
                             allow_private=allow_private)
    return build_store(paths, store=store, settings=settings, force=force, jobs=jobs, on_result=on_result)


def remove(sources: Iterable[str], *, store: str | ReviewStore = DEFAULT_STORE,
           base: str = DEFAULT_BASE) -> list[tuple[str, bool]]:
    """Delete reviews (named by the path or URL they were built from) and their reports from the store."""
    from kg.build import graph_name_of, resolve_store
    from kg.store import open_store

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
    from kg.store import open_store

    target = store if not isinstance(store, (str, Path)) else open_store(store, read_only=True)
    return target.query(read_query(sparql))


def export(*, store: str | ReviewStore = DEFAULT_STORE, fmt: str = "trig") -> bytes:
    """The whole store in one RDF format."""
    from kg.serialize import serialize
    from kg.store import open_store

    target = store if not isinstance(store, (str, Path)) else open_store(store, read_only=True)
    return serialize(target.quads(), fmt)
