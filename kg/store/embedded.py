"""The persistent store: an embedded Oxigraph database, one named graph per review.

A review's graph and its validation report are replaced together in one SPARQL update, which
Oxigraph runs as a single transaction: a reader sees the old review or the new one, never a mix.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, StoreError
from kg.settings import DEFAULT_STORE
from kg.store.records import KGV, SHARED_GRAPHS, as_ntriples, build_record, in_graph, report_graph_name, to_nquads

if TYPE_CHECKING:
    from rdflib import Graph


class StoreLock:
    """kg's own lock beside RocksDB's: Oxigraph leaves a reader open while another process writes
    undefined, so readers (kg query, export, serve) share `kg.lock` and a writer (kg build, remove)
    holds it alone. Both fail fast instead of waiting; the lock ends with the process."""

    FILE = "kg.lock"

    def __init__(self, path: Path, *, exclusive: bool) -> None:
        self._file = None
        try:
            import fcntl
        except ImportError:  # not on Windows: RocksDB's own LOCK still keeps writers apart
            return
        path.mkdir(parents=True, exist_ok=True)
        self._file = open(path / self.FILE, "a+b")  # noqa: SIM115 - held for the store's lifetime
        try:
            fcntl.flock(self._file, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            if exclusive:
                raise StoreError(f"{path}: the store is in use by another kg process ({self.FILE} is held by a "
                                 "build, query, export or serve); try again when it ends") from None
            raise StoreError(f"{path}: a kg build or remove is writing the store ({self.FILE} is held); "
                             "read it when that ends") from None


class ReviewStore:
    """An Oxigraph store on disk (or in memory when `path` is None)."""

    def __init__(self, path: str | Path | None = DEFAULT_STORE, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self._lock = None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: no store here (run kg build first)")
                self._lock = StoreLock(self.path, exclusive=False)
                self._store = ox.Store.read_only(str(self.path))
            else:
                self._lock = StoreLock(self.path, exclusive=True)
                self._store = ox.Store(str(self.path))
                self.merge_default_graph()
        except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged store as RuntimeError
            raise StoreError(_store_error(self.path, exc)) from None

    # --- writing -----------------------------------------------------------------------------

    def put_review(
        self, graph_name: str, graph: Graph | str, report: Graph | str | None, meta: dict[str, str | bool]
    ) -> None:
        """Replace one review's graph and report (rdflib graphs or N-Triples text)."""
        self.put_reviews([(graph_name, graph, report, meta)])

    def put_reviews(self, reviews: list[tuple[str, Graph | str, Graph | str | None, dict[str, str | bool]]]) -> None:
        """Replace several reviews: their old graphs are dropped (one transaction), then every new
        graph, report and build record is loaded in one transaction (N-Quads, far faster than SPARQL
        INSERT DATA). A crash in between leaves a review absent, never half-written, and without its
        build record, so the next build stores it again."""
        old = [name for graph_name, *_ in reviews for name in (graph_name, report_graph_name(graph_name))]
        self._drop_graphs(old)
        graphs = [(name, as_ntriples(graph), as_ntriples(report) + build_record(name, meta))
                  for name, graph, report, meta in reviews]
        self._load([to_nquads(name, graph, report) for name, graph, report in graphs],
                   [graph + report for _, graph, report in graphs])
        # Write RocksDB's memtables out now: left to itself it held about 0.4 MB per review in
        # memory, so a build's memory grew with the archive (1.4 GB at 2,500 reviews; 0.2 GB flushed).
        self.flush()

    def replace_graph(self, graph_name: str, ntriples: str) -> None:
        """Replace one named graph that is not a review's (the resolution links)."""
        self._drop_graphs([graph_name])
        self._load([in_graph(ntriples, graph_name)], [ntriples])

    def remove_review(self, graph_name: str) -> bool:
        if not self._store.contains_named_graph(ox.NamedNode(graph_name)):
            return False
        self._drop_graphs([graph_name, report_graph_name(graph_name)])
        return True

    # The default graph is the set union of every named graph, kept in step with them: Oxigraph's
    # union default graph is a bag (a triple in 30 review graphs binds 30 times), and joins over a
    # person or film named in many reviews would multiply. Queries read this merged set instead.

    def _drop_graphs(self, names: list[str]) -> None:
        """Drop named graphs, and from the merged default graph what no other graph still states;
        in one transaction."""
        present = [name for name in names if self._store.contains_named_graph(ox.NamedNode(name))]
        if not present:
            return
        steps = []
        for name in present:
            graph = ox.NamedNode(name)
            steps.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
                         f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph}) }} }}")
            steps.append(f"DROP GRAPH {graph}")
        self._write(lambda: self._store.update(" ;\n".join(steps)))

    def _load(self, named_nquads: list[str], default_ntriples: list[str]) -> None:
        """Named graphs and their triples in the merged default graph, in one transaction (blank
        nodes are shared within one load, so a report's nodes are the same in both)."""
        data = "".join(named_nquads) + "".join(default_ntriples)
        self._write(lambda: self._store.load(data, format=ox.RdfFormat.N_QUADS))

    def _write(self, operation) -> None:
        try:
            operation()
        except OSError as exc:
            raise StoreError(_store_error(self.path, exc)) from None

    def merge_default_graph(self) -> None:
        """Fill the merged default graph of a store built before it was kept (one pass)."""
        default = ox.DefaultGraph()
        empty = next(iter(self._store.quads_for_pattern(None, None, None, default)), None) is None
        if empty and next(iter(self._store.named_graphs()), None) is not None:
            self._write(lambda: self._store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def content_hash(self, graph_name: str) -> str | None:
        report = ox.NamedNode(report_graph_name(graph_name))
        for quad in self._store.quads_for_pattern(
            ox.NamedNode(graph_name), ox.NamedNode(f"{KGV}contentHash"), None, report
        ):
            return quad.object.value
        return None

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    # --- reading -----------------------------------------------------------------------------

    def query(self, sparql: str):
        """Run SPARQL; the default graph is the merged set of all review graphs (GRAPH ?g reads
        each review's own)."""
        try:
            return self._store.query(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax {exc}") from None
        except OSError as exc:
            raise StoreError(_store_error(self.path, exc)) from None

    def quads(self, graph_name: str | None = None):
        """The quads of one named graph, or of all (not the merged default graph, derived from them)."""
        if graph_name:
            return self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_name))
        return (q for q in self._store if not isinstance(q.graph_name, ox.DefaultGraph))

    def review_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs()
                      if not g.value.endswith(("/report", *SHARED_GRAPHS)))

    def __len__(self) -> int:
        """Quads in named graphs."""
        rows = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)


def _store_error(path: Path | None, exc: Exception) -> str:
    text = str(exc)
    if "corrupt" in text.lower():
        return f"{path}: the store is damaged ({' '.join(text.split())[:120]}); rebuild it into a new folder"
    if "lock" in text.lower() or "temporarily unavailable" in text.lower():
        return f"{path}: the store is in use by another kg process (its LOCK file is held); try again when it ends"
    return f"{path}: cannot open the store: {' '.join(text.split())[:200]}"
