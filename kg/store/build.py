"""Building a store: extract, validate and store every review, in parallel and incrementally.

Extraction and validation are pure functions of one file (`prepare_review`), so they run in worker
processes; the store has a single writer, the calling process, which replaces each review's graph
in one transaction. A review is skipped when neither its bytes nor the build settings changed since
it was stored (`kgv:sourceHash`, `kgv:buildKey` in its report graph), which is also how an
interrupted build resumes: what was stored before the interruption is skipped.
"""

from __future__ import annotations

import glob
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import BNode, Graph

from kg.errors import InputError, KgError
from kg.graph import rdf
from kg.graph.validate import ValidationReport, validate_graph
from kg.limits import DEFAULT_TIME_LIMIT, time_limit
from kg.settings import DEFAULT_STORE, VERSION
from kg.sources import DEFAULT_MAX_BYTES, is_url, source_name
from kg.sources.document import source_id
from kg.store import open_store
from kg.store.records import IS_REPORT_OF_G, KGV

REVIEW_SUFFIXES = {".txt", ".html", ".htm", ".xhtml", ".text", ".md"}
KG_VERSION = VERSION
# Below this many reviews to extract, worker start-up costs more than it saves.
MIN_FILES_PER_WORKER = 4
# Reviews written per store transaction: fewer commits, and still each review whole or absent.
WRITE_BATCH = 64


@dataclass(frozen=True)
class BuildSettings:
    """Everything besides a review's bytes that decides its graph; part of the skip key."""

    strict: bool = False
    shapes: str | None = None
    profile: str = "model"
    min_confidence: float = 0.0
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    base: str = rdf.DEFAULT_BASE
    time_limit: float = DEFAULT_TIME_LIMIT
    allow_private: bool = False
    root: str | None = None  # the folder sources are named relative to (default: the current one)
    source_base: str | None = None  # the URL the root is published at

    def key(self) -> str:
        """Changes when an option or kg's version would change the stored graph (the root changes
        the reviews' names, hence their graphs, instead)."""
        relevant = asdict(self)
        for setting in ("max_bytes", "time_limit", "allow_private", "root"):
            relevant.pop(setting)
        return hashlib.sha256(f"kg {KG_VERSION} {sorted(relevant.items())}".encode()).hexdigest()[:32]


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


@dataclass
class PreparedReview:
    """A review ready to store, small enough to send between processes (N-Triples text)."""

    result: BuildResult
    graph_name: str = ""
    graph_nt: str = ""
    report_nt: str = ""
    meta: dict[str, str | bool] = field(default_factory=dict)


def review_files(paths: Iterable[str]) -> Iterator[str]:
    """Files named, files under folders (recursively, symlinked folders not followed), and globs."""
    seen: set[str] = set()
    for path in paths:
        candidates = [path]
        if is_url(path):
            yield path
            continue
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
            elif not target.exists() and not target.is_symlink():  # a dangling link fails as its review
                raise InputError(f"{candidate}: no such file or folder")
            elif str(target) not in seen:
                seen.add(str(target))
                yield str(target)


def graph_name_of(source: str, base: str = rdf.DEFAULT_BASE, root: str | Path | None = None) -> str:
    """The named graph a review is stored in, from its path (relative to the build root) or URL alone."""
    return f"{base}graph:{source_id(source_name(source, root))}"


def source_hash(file: str, max_bytes: int) -> str | None:
    """SHA-256 of the file's bytes, streamed; None when it cannot be read (the worker will say why)."""
    digest = hashlib.sha256()
    try:
        if not os.path.isfile(file) or os.path.getsize(file) > max_bytes:  # a pipe would block
            return None
        with open(file, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def prepare_review(file: str, settings: BuildSettings, file_hash: str | None = None) -> PreparedReview:
    """Extract and validate one review: a pure function of the file, run in a worker process."""
    from kg.graph.review import extract

    try:
        with time_limit(settings.time_limit, file):
            review = extract(file, min_confidence=settings.min_confidence, encoding=settings.encoding,
                             max_bytes=settings.max_bytes, base=settings.base, allow_private=settings.allow_private,
                             root=settings.root, source_base=settings.source_base)
            report = validate_graph(review.graph, settings.shapes, settings.profile)
    except KgError as exc:
        return PreparedReview(BuildResult(file, "failed", message=str(exc)))
    if not report.conforms and settings.strict:
        message = f"{len(report.violations)} violation(s)"
        return PreparedReview(BuildResult(file, "refused", message=message, report=_portable(report)))
    meta: dict[str, str | bool] = {
        "source": review.document.source,
        "contentHash": review.document.content_hash,
        "buildKey": settings.key(),
        "conforms": report.conforms,
    }
    if file_hash:
        meta["sourceHash"] = file_hash
    status = "stored" if report.conforms else "stored-with-violations"
    report_nt = ""
    if report.graph is not None:
        report_nt = _own_blank_nodes(report.graph, review.document.id).serialize(format="nt")
    return PreparedReview(
        BuildResult(file, status, triples=len(review.graph), report=_portable(report)),
        review.graph_name,
        review.graph.serialize(format="nt"),
        report_nt,
        meta,
    )


def _own_blank_nodes(graph: Graph, review_id: str) -> Graph:
    """The graph with blank-node labels of this review's own (`r<id>b<n>`): many reviews are loaded
    in one N-Quads document, where equal labels would be one node."""
    labels: dict[BNode, BNode] = {}

    def own(term):
        if isinstance(term, BNode):
            return labels.setdefault(term, BNode(f"r{review_id}b{len(labels)}"))
        return term

    relabelled = Graph()
    for s, p, o in graph:
        relabelled.add((own(s), p, own(o)))
    return relabelled


def review_nquads(file: str, settings: BuildSettings | None = None) -> str:
    """One review as N-Quads (its graph, its SHACL report and build record, in their named graphs
    and in the default graph), or "" when it fails or
    is refused: a pure function of the file, for cluster engines to map (see the README's Dask recipe).
    The partitions they write load with `oxigraph load` or pyoxigraph's `Store.bulk_load`."""
    from kg.store.records import build_record, to_nquads

    settings = settings or BuildSettings()
    file_hash = None if is_url(file) else source_hash(file, settings.max_bytes)
    prepared = prepare_review(file, settings, file_hash)
    if not prepared.graph_name:
        return ""
    report = prepared.report_nt + build_record(prepared.graph_name, prepared.meta)
    # Also as default-graph triples: the store's default graph is the merged set of its graphs.
    return to_nquads(prepared.graph_name, prepared.graph_nt, report) + prepared.graph_nt + report


def _portable(report: ValidationReport) -> ValidationReport:
    """The report without its rdflib graph, which is costly to send between processes."""
    return ValidationReport(report.conforms, report.issues)


def _prepare_task(task: tuple[str, BuildSettings, str | None]) -> PreparedReview:
    return prepare_review(*task)


def stored_keys(store) -> dict[str, tuple[str, str]]:
    """graph name -> (sourceHash, buildKey) of every review in the store, in one query."""
    query = (
        f"SELECT ?g ?source ?key WHERE {{ GRAPH ?r {{ ?g <{KGV}sourceHash> ?source ; <{KGV}buildKey> ?key }} "
        f"{IS_REPORT_OF_G} }}"
    )
    return {row["g"].value: (row["source"].value, row["key"].value) for row in store.query(query)}


def build(
    paths: Iterable[str],
    *,
    store=DEFAULT_STORE,
    settings: BuildSettings | None = None,
    force: bool = False,
    jobs: int | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
) -> BuildSummary:
    """Extract, validate and store every review under `paths`, one named graph per review.

    `jobs` worker processes extract (default: every core); unchanged reviews are skipped unless `force`.
    """
    settings = settings or BuildSettings()
    files = list(review_files(paths))
    target = open_store(store) if isinstance(store, (str, Path)) else store
    summary = BuildSummary()

    def record(result: BuildResult) -> None:
        summary.results.append(result)
        if on_result:
            on_result(result)

    known = {} if force else stored_keys(target)
    build_key = settings.key()
    tasks = []
    for file in files:
        file_hash = None if is_url(file) else source_hash(file, settings.max_bytes)
        if file_hash and known.get(graph_name_of(file, settings.base, settings.root)) == (file_hash, build_key):
            record(BuildResult(file, "skipped", message="unchanged since the last build"))
        else:
            tasks.append((file, settings, file_hash))
    pending: list[PreparedReview] = []

    def write_pending() -> None:
        batch = [(p.graph_name, p.graph_nt, p.report_nt, p.meta) for p in pending if p.graph_name]
        if batch:
            target.put_reviews(batch)
        for prepared in pending:  # reported once they are in the store
            record(prepared.result)
        pending.clear()

    try:
        for prepared in _prepare_all(tasks, jobs):
            pending.append(prepared)
            if len(pending) >= WRITE_BATCH:
                write_pending()
        write_pending()
        # Even when every review was skipped: a build killed after its last write but before this
        # left the links stale, and the build that resumes it has nothing else to do.
        resolve_store(target, settings.base)
    finally:
        target.flush()
    return summary


def resolve_store(store, base: str) -> None:
    """Recompute the links across reviews (kg.store.resolve)."""
    from kg.store.resolve import resolve

    resolve(store, base)


def _prepare_all(tasks: list, jobs: int | None) -> Iterator[PreparedReview]:
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks) // MIN_FILES_PER_WORKER))
    if jobs == 1:
        yield from map(_prepare_task, tasks)
        return
    # forkserver: workers do not inherit the parent's open store or threads.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    pool = multiprocessing.get_context(method).Pool(jobs)
    try:
        yield from pool.imap_unordered(_prepare_task, tasks, chunksize=max(1, min(16, len(tasks) // (jobs * 8))))
        pool.close()
    finally:
        pool.terminate()
        pool.join()
