"""The Python API: the same operations as the command line, which is a thin layer over these.

Heavy libraries (rdflib, pyoxigraph, spaCy, pyshacl) are imported by the function that needs
them, so that `kg query` does not pay for extraction and `kg --help` for anything.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.graph.review import Review, extract, extract_document, name_source
from kg.limits import DEFAULT_TIME_LIMIT
from kg.settings import DEFAULT_BASE, DEFAULT_STORE
from kg.sources import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.graph.validate import ValidationReport
    from kg.store.build import BuildResult, BuildSummary
    from kg.store.embedded import ReviewStore

__all__ = [
    "BuildResult", "BuildSummary", "InputError", "Review", "build", "export", "extract", "extract_document",
    "list_reviews", "markup", "name_source", "query", "read_graph_or_review", "remove", "review_files", "validate",
]
# Names kg.api re-exports from kg.store.build, imported when first asked for.
_FROM_BUILD = {"BuildResult", "BuildSummary"}


def __getattr__(name: str):
    if name in _FROM_BUILD:
        return getattr(importlib.import_module("kg.store.build"), name)
    raise AttributeError(f"module 'kg.api' has no attribute {name!r}")


def validate(
    graph_or_review: Graph | Review | str, shapes: str | None = None, profile: str = "model"
) -> ValidationReport:
    """Check a graph, an extracted Review, or a file (RDF or review text) against the shapes."""
    from rdflib import Graph

    from kg.graph.validate import validate_graph

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
    from kg.graph.read_rdf import is_rdf_file, read_quads, to_rdflib_graph

    if not is_rdf_file(path):
        return extract(path).graph
    return to_rdflib_graph(read_quads(path))


def markup(review: Review, overrides=None, page: bytes | None = None) -> tuple[dict, ValidationReport]:
    """The review's schema.org JSON-LD, and what Google's rules say of it (profile "google"). Unless
    `overrides` give an image, the film's is the one the page (the publisher's `page`, which may be
    the review's own HTML) gives in its markup or og:image, else the one the review's page markup gives."""
    from dataclasses import replace

    from kg.graph.validate import validate_graph
    from kg.markup.page import markup_image, page_image
    from kg.markup.review import Overrides, apply_overrides, markup_graph, to_jsonld

    overrides = overrides or Overrides()
    if overrides.image is None:
        found = page_image(page, overrides.url) if page is not None else None
        found = found or markup_image(review.document.metadata.existing_markup, overrides.url)
        if found:
            overrides = replace(overrides, image=found, image_rule="page.image")
    graph = markup_graph(apply_overrides(review.graph, overrides))
    return to_jsonld(graph), validate_graph(graph, profile="google")


# --- building a store (kg.store.build) -----------------------------------------------------------


def review_files(paths: Iterable[str]) -> Iterable[str]:
    """Files named, files under folders (recursively) and globs; URLs as they are."""
    from kg.store.build import review_files as files_under

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
    root: str | Path | None = None,
    source_base: str | None = None,
) -> BuildSummary:
    """Extract, validate and store every review under `paths` (files, folders, globs, URLs), one named
    graph each, in `jobs` processes (default: every core), skipping reviews unchanged since the last build.
    Files are named by their path relative to `root` (default: the current folder); `source_base` is
    the URL `root` is published at, which gives each file its public URL (the review's schema:url)."""
    from kg.sources import check_source_base
    from kg.store.build import BuildSettings
    from kg.store.build import build as build_store

    if source_base:
        check_source_base(source_base)
    settings = BuildSettings(strict=strict, shapes=shapes, profile=profile, min_confidence=min_confidence,
                             encoding=encoding, max_bytes=max_bytes, base=base, time_limit=time_limit,
                             allow_private=allow_private, root=str(Path(root or ".").resolve()),
                             source_base=source_base)
    return build_store(paths, store=store, settings=settings, force=force, jobs=jobs, on_result=on_result)


def remove(reviews: Iterable[str], *, store: str | ReviewStore = DEFAULT_STORE, base: str = DEFAULT_BASE,
           root: str | Path | None = None) -> list[tuple[str, list[str]]]:
    """Delete reviews and their reports from the store. Each of `reviews` is a file or URL a review was
    built from, a folder (every review built from a file under it) or a glob, as `build` takes them;
    files need not exist any more. Returns, for each, the names of the reviews removed."""
    from kg.store import open_store
    from kg.store.build import graph_name_of, resolve_store
    from kg.store.inventory import matching, stored_sources

    target = store if not isinstance(store, (str, Path)) else open_store(store)
    stored = stored_sources(target)
    removed = []
    for review in reviews:
        names = [name for name in sorted(matching(review, list(stored), root))
                 if target.remove_review(stored.pop(name))]
        if not names and target.remove_review(graph_name_of(review, base, root)):  # stored without a record
            names = [review]
        removed.append((review, names))
    if any(names for _, names in removed):
        resolve_store(target, base)
    target.flush()
    return removed


def list_reviews(*, store: str | ReviewStore = DEFAULT_STORE):
    """The reviews in the store, one row each: the file or URL it was built from (`review`), the film it
    reviews, its date, and the number of results in its SHACL report (`issues`); pyoxigraph results."""
    from kg.store import open_store
    from kg.store.inventory import LIST_QUERY

    target = store if not isinstance(store, (str, Path)) else open_store(store, read_only=True)
    return target.query(LIST_QUERY)


# --- querying and exporting ---------------------------------------------------------------------


def query(sparql: str, *, store: str | ReviewStore = DEFAULT_STORE, params=None):
    """Run a SPARQL query (text or .rq path) over the store; returns pyoxigraph results. `params` binds
    the query's variables: {"director": "Ada Moreau"} (or a list of values, or (name, value) pairs);
    a value is an IRI in <…>, a SPARQL literal ("2011"^^xsd:gYear, "Ruth"@en) or plain text (a string).
    A syntax error names the line and column, and shows the line with a caret (for a remote server
    that refuses a query, where kg's own parser finds the error; else the server's message)."""
    from kg.errors import QuerySyntaxError
    from kg.graph.sparql import bind_params, parse_error, point_at, read_query
    from kg.store import open_store
    from kg.store.embedded import ReviewStore

    text = bind_params(read_query(sparql), params)
    target = store if not isinstance(store, (str, Path)) else open_store(store, read_only=True)
    try:
        return target.query(text)
    except QuerySyntaxError as exc:
        refused = str(exc)
        if isinstance(target, ReviewStore):
            raise QuerySyntaxError(point_at(text, refused)) from None
        endpoint, server_said, _ = refused.partition(": the server refused the SPARQL: ")
        if not server_said:  # refused before it was sent (an update given as a query)
            raise
        # A server's own dialect may take what kg's parser does not: the server's refusal is the
        # error, and kg's parser only says where, when it finds the error too.
        found = parse_error(text)
        if found:
            refused = f"{endpoint}{server_said}{found}"
        raise QuerySyntaxError(point_at(text, refused)) from None


def export(*, store: str | ReviewStore = DEFAULT_STORE, fmt: str = "trig") -> bytes:
    """The whole store in one RDF format."""
    from kg.graph.serialize import serialize
    from kg.store import open_store

    target = store if not isinstance(store, (str, Path)) else open_store(store, read_only=True)
    return serialize(target.quads(), fmt)
