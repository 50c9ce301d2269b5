"""A store behind any SPARQL 1.1 server (Oxigraph, Apache Jena Fuseki, GraphDB, Virtuoso, Neptune).

The same operations as kg.store.ReviewStore, over HTTP with requests:

- reviews are written with SPARQL 1.1 Update requests: a review's old graph and report are dropped
  and the new ones inserted in ONE request, which these servers run as one transaction, so a reader
  or a failure sees the old review or the new one, never a mix. A batch of reviews shares a request
  up to `max_update_bytes`; a review is never split across requests;
- a non-review graph (the resolution and link graphs, which grow with the whole store) is written
  the same way, or, when larger than `max_update_bytes`, with a Graph Store Protocol PUT (Oxigraph
  refuses SPARQL bodies over 128 MB; a PUT is not one transaction there: it clears, then loads);
- reads are SPARQL 1.1 Protocol queries; export streams one SELECT over every named graph.

The default graph: like the embedded store, kg keeps the server's default graph as the set union of
the review graphs ("merged", Oxigraph and Fuseki out of the box), unless the server's default graph
already is the union of its named graphs ("union": Neptune, Virtuoso, GraphDB; Fuseki with
`tdb2:unionDefaultGraph true`), where kg writes named graphs only. `$KG_STORE_DEFAULT_GRAPH`
chooses; the default follows the URL's layout (see `endpoints`).

Endpoints: the URL given is the server's base, a Fuseki dataset, or a query endpoint; the update
and graph-store endpoints are derived from it, or named outright with `$KG_STORE_QUERY`,
`$KG_STORE_UPDATE` and `$KG_STORE_GSP`. Credentials: `user:password@` in the URL or
`$KG_STORE_USER`/`$KG_STORE_PASSWORD` (HTTP basic), or `$KG_STORE_TOKEN` (bearer); they are never
put in a message. Connection errors and 5xx answers are retried with exponential backoff.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox
import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kg.errors import QuerySyntaxError, StoreError
from kg.sources import USER_AGENT
from kg.store import KGV, build_record, report_graph_name

MERGED, UNION = "merged", "union"
N_TRIPLES = "application/n-triples"
# Queries: JSON results (every server writes them, booleans too), N-Triples for graphs. Export:
# TSV first, one line per row with terms in N-Triples syntax (lossless), streamed by pyoxigraph.
QUERY_ACCEPT = (f"application/sparql-results+json, application/sparql-results+xml;q=0.9, {N_TRIPLES};q=0.9, "
                "text/turtle;q=0.8, application/rdf+xml;q=0.7")
SOLUTIONS_ACCEPT = ("text/tab-separated-values, application/sparql-results+json;q=0.9, "
                    "application/sparql-results+xml;q=0.8")
MAX_UPDATE_BYTES = 16_000_000  # well below the servers' body limits (Oxigraph: 128 MB)
DERIVED_GRAPHS = ("/report", "graph:resolution", "graph:links")


class Endpoints(NamedTuple):
    query: str
    update: str
    store: str | None  # Graph Store Protocol; None when the layout has none kg can guess
    default_graph: str  # MERGED or UNION


def endpoints(url: str) -> Endpoints:
    """The endpoints and default-graph mode of the URL the user gave (without credentials), by the
    usual layout of each server; each can be overridden from the environment."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")

    def at(path: str) -> str:
        return urlunsplit(parts._replace(path=path, query="", fragment=""))

    head, _, last = path.rpartition("/")
    mode = MERGED
    if "/repositories/" in path:  # GraphDB, RDF4J: every graph is read when a query names none
        query, update, store, mode = at(path), at(path + "/statements"), at(path + "/rdf-graphs/service"), UNION
    elif path == "/sparql":  # Virtuoso, Neptune: one endpoint, the default graph the union of all
        query = update = at(path)
        store, mode = None, UNION
    elif last in ("query", "sparql"):  # Oxigraph /query; Fuseki /dataset/query or /dataset/sparql
        query, update = at(path), at(f"{head}/update")
        store = at(f"{head}/store" if not head else f"{head}/data")
    elif path:  # a Fuseki dataset: /dataset
        query, update, store = at(path + "/query"), at(path + "/update"), at(path + "/data")
    else:  # a server's base: Oxigraph's layout
        query, update, store = at("/query"), at("/update"), at("/store")
    env = os.environ
    return Endpoints(env.get("KG_STORE_QUERY", query), env.get("KG_STORE_UPDATE", update),
                     env.get("KG_STORE_GSP", store), env.get("KG_STORE_DEFAULT_GRAPH", mode).lower())


class RemoteStore:
    """The operations of kg.store.ReviewStore on a SPARQL 1.1 server."""

    def __init__(self, url: str, *, read_only: bool = False, timeout: float | None = None,
                 max_update_bytes: int = MAX_UPDATE_BYTES) -> None:
        self.read_only = read_only
        self.timeout = timeout if timeout is not None else float(os.environ.get("KG_STORE_TIMEOUT", 60))
        self.max_update_bytes = max_update_bytes
        # Messages name endpoints, so every URL is kept without its credentials.
        self.url, user, password = _without_credentials(url)
        self.path = self.url  # what the commands print for a store
        found = endpoints(self.url)
        if found.default_graph not in (MERGED, UNION):
            raise StoreError(f"$KG_STORE_DEFAULT_GRAPH is {found.default_graph!r}: use {MERGED} or {UNION}")
        self.query_url, query_user, query_password = _without_credentials(found.query)
        self.update_url, update_user, update_password = _without_credentials(found.update)
        self.store_url = _without_credentials(found.store)[0] if found.store else None
        self.merged = found.default_graph == MERGED

        self.session = requests.Session()
        # POST is retried too: a query is read-only, and an update drops then inserts whole graphs,
        # so running it twice (a lost answer to a request that went through) leaves the same state.
        retry = Retry(total=5, connect=3, read=2, status=3, backoff_factor=0.5, allowed_methods=None,
                      status_forcelist=(500, 502, 503, 504), raise_on_status=False,
                      respect_retry_after_header=True)
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, HTTPAdapter(max_retries=retry))
        self.session.headers["User-Agent"] = USER_AGENT
        user = user or query_user or update_user or os.environ.get("KG_STORE_USER")
        password = password or query_password or update_password or os.environ.get("KG_STORE_PASSWORD")
        if user:
            self.session.auth = (user, password or "")
        elif os.environ.get("KG_STORE_TOKEN"):
            self.session.headers["Authorization"] = f"Bearer {os.environ['KG_STORE_TOKEN']}"

    # --- HTTP ----------------------------------------------------------------------------------

    def _send(self, method: str, endpoint: str, **kwargs) -> requests.Response:
        """One request (retried by the adapter); every failure is a one-line KgError naming `endpoint`."""
        try:
            response = self.session.request(method, endpoint, timeout=(min(10.0, self.timeout), self.timeout),
                                            **kwargs)
        except requests.exceptions.RetryError:
            raise StoreError(f"{endpoint}: the SPARQL endpoint kept failing (server errors, retried)") from None
        except requests.exceptions.ConnectionError as exc:
            raise StoreError(f"{endpoint}: SPARQL endpoint unreachable ({_reason(exc)})") from None
        except requests.exceptions.Timeout:
            raise StoreError(f"{endpoint}: no answer within {self.timeout:g} s ($KG_STORE_TIMEOUT)") from None
        except requests.exceptions.RequestException as exc:
            raise StoreError(f"{endpoint}: {_reason(exc)}") from None
        status = response.status_code
        if status < 400:
            return response
        text = _first_line(response.text)
        response.close()
        if status in (401, 403):
            raise StoreError(f"{endpoint}: authentication failed (HTTP {status}); check the user and password "
                             "($KG_STORE_USER, $KG_STORE_PASSWORD) or $KG_STORE_TOKEN")
        if status == 400:  # the server could not parse the query (or, for a bug, kg's own update)
            raise QuerySyntaxError(f"{endpoint}: the server refused the SPARQL: {text}")
        if status in (404, 405):
            raise StoreError(f"{endpoint}: no SPARQL endpoint here (HTTP {status}); give the server's "
                             "query URL, or set $KG_STORE_QUERY, $KG_STORE_UPDATE or $KG_STORE_GSP")
        raise StoreError(f"{endpoint}: HTTP {status}: {text}")

    def _post(self, endpoint: str, body: str, content_type: str, accept: str | None = None,
              stream: bool = False) -> requests.Response:
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        return self._send("POST", endpoint, data=body.encode("utf-8"), headers=headers, stream=stream)

    def _update(self, sparql: str) -> None:
        self._writable()
        self._post(self.update_url, sparql, "application/sparql-update").close()

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.url}: opened read-only; this command does not write the store")

    # --- writing -------------------------------------------------------------------------------

    def put_review(self, graph_name: str, graph, report, meta: dict[str, str | bool]) -> None:
        """Replace one review's graph and its report (with the build record) in one update request."""
        self.put_reviews([(graph_name, graph, report, meta)])

    def put_reviews(self, reviews: list) -> None:
        """Replace reviews, each with its report and build record (kg.store.build_record, as embedded):
        one update request per `max_update_bytes` of them, each review whole inside one request."""
        drops: list[str] = []
        inserts: list[str] = []
        size = 0
        for graph_name, graph, report, meta in reviews:
            graph_nt, report_nt = _ntriples(graph), _ntriples(report) + build_record(graph_name, meta)
            report_name = report_graph_name(graph_name)
            insert = f"GRAPH {_iri(graph_name)} {{\n{graph_nt}}}\nGRAPH {_iri(report_name)} {{\n{report_nt}}}\n"
            if self.merged:
                insert += graph_nt + report_nt
            if inserts and size + len(insert) > self.max_update_bytes:
                self._update(_replace(drops, inserts))
                drops, inserts, size = [], [], 0
            drops += self._drop_steps(graph_name) + self._drop_steps(report_name)
            inserts.append(insert)
            size += len(insert)
        if inserts:
            self._update(_replace(drops, inserts))

    def replace_graph(self, graph_name: str, ntriples: str) -> None:
        """Replace one graph that is not a review's (the resolution links): one update request, or
        a graph-store PUT when it is too large for one."""
        if len(ntriples) <= self.max_update_bytes or not self.store_url:
            insert = f"GRAPH {_iri(graph_name)} {{\n{ntriples}}}\n" + (ntriples if self.merged else "")
            self._update(_replace(self._drop_steps(graph_name), [insert]))
            return
        # Three requests, so not one transaction: a failure in between leaves this derived graph
        # (or its share of the merged default graph) short until the next build recomputes it.
        self._update(" ;\n".join(self._drop_steps(graph_name)))
        self._writable()
        self._send("PUT", self.store_url, params={"graph": graph_name}, data=ntriples.encode("utf-8"),
                   headers={"Content-Type": N_TRIPLES}).close()
        if self.merged:
            self._update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(graph_name)} {{ ?s ?p ?o }} }}")

    def remove_review(self, graph_name: str) -> bool:
        """Delete a review and its report in one update request; False when it is not stored."""
        self._writable()
        if not bool(self.query(f"ASK {{ GRAPH {_iri(graph_name)} {{ ?s ?p ?o }} }}")):
            return False
        self._update(" ;\n".join(self._drop_steps(graph_name) + self._drop_steps(report_graph_name(graph_name))))
        return True

    def _drop_steps(self, graph_name: str) -> list[str]:
        """Drop a graph and (merged default graph) the default graph's triples no other graph states."""
        graph = _iri(graph_name)
        drop = f"DROP SILENT GRAPH {graph}"
        if not self.merged:
            return [drop]
        return [f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph}) }} }}", drop]

    def content_hash(self, graph_name: str) -> str | None:
        report = _iri(report_graph_name(graph_name))
        rows = self.query(f"SELECT ?hash WHERE {{ GRAPH {report} {{ {_iri(graph_name)} <{KGV}contentHash> ?hash }} }} "
                          "LIMIT 1")
        return next((row["hash"].value for row in rows), None)

    def flush(self) -> None:
        pass  # the server has committed every request it answered

    # --- reading -------------------------------------------------------------------------------

    def query(self, sparql: str):
        """SPARQL over the server, as pyoxigraph results: QuerySolutions, QueryBoolean, or
        QueryTriples (CONSTRUCT, DESCRIBE), which kg.results renders as the embedded store's."""
        response = self._post(self.query_url, sparql, "application/sparql-query", accept=QUERY_ACCEPT)
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media_type)
            if results_format is not None:
                return ox.parse_query_results(response.content, format=results_format)
            # A graph: pyoxigraph makes QueryTriples only from a store's query, so the triples go
            # through an in-memory store (CONSTRUCT's order is unspecified anyway).
            rdf_format = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES
            triples = ox.Store()
            triples.load(response.content, format=rdf_format)
            return triples.query("CONSTRUCT WHERE { ?s ?p ?o }")
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.query_url}: unreadable answer ({media_type or 'no type'}): "
                             f"{_first_line(str(exc))}") from None

    def quads(self, graph_name: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of all (not the merged default graph, derived from them),
        streamed from one SELECT: any size of store, without the Graph Store Protocol."""
        if graph_name:
            sparql = f"SELECT ?s ?p ?o WHERE {{ GRAPH {_iri(graph_name)} {{ ?s ?p ?o }} }}"
        else:
            sparql = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
        response = self._post(self.query_url, sparql, "application/sparql-query", accept=SOLUTIONS_ACCEPT,
                              stream=True)
        response.raw.decode_content = True  # gzip, if the server compressed
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        results_format = ox.QueryResultsFormat.from_media_type(media_type)
        try:
            if results_format is None:
                raise ValueError(f"not SPARQL results ({media_type or 'no type'})")
            graph = ox.NamedNode(graph_name) if graph_name else None
            for row in ox.parse_query_results(response.raw, format=results_format):
                yield ox.Quad(row["s"], row["p"], row["o"], graph or row["g"])
        except (OSError, SyntaxError, ValueError, urllib3.exceptions.HTTPError) as exc:
            raise StoreError(f"{self.query_url}: the answer broke off: {_first_line(str(exc))}") from None
        finally:
            response.close()

    def review_graphs(self) -> list[str]:
        return [name for name in self._all_graphs() if not name.endswith(DERIVED_GRAPHS)]

    def _all_graphs(self) -> list[str]:
        return sorted(r["g"].value for r in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def __len__(self) -> int:
        """Quads in named graphs."""
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)


def _replace(drops: list[str], inserts: list[str]) -> str:
    """One update request: the drops, then one INSERT DATA of every new graph."""
    return " ;\n".join([*drops, "INSERT DATA {\n" + "".join(inserts) + "}"])


def _iri(name: str) -> str:
    """An IRI as SPARQL writes it; pyoxigraph refuses what is not an IRI, so nothing else gets in."""
    try:
        return str(ox.NamedNode(name))
    except ValueError:
        raise StoreError(f"{name!r}: not an IRI, cannot name a graph") from None


def _without_credentials(url: str) -> tuple[str, str | None, str | None]:
    """The URL without `user:password@`, and the user and password it carried (percent-decoded)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    clean = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    user = unquote(parts.username) if parts.username else None
    return clean, user, unquote(parts.password) if parts.password is not None else None


def _ntriples(graph) -> str:
    if graph is None:
        return ""
    return graph if isinstance(graph, str) else graph.serialize(format="nt")


def _reason(exc: Exception) -> str:
    """Why a connection failed, in a few words (requests' text repeats the whole retry chain)."""
    text = str(exc)
    for marker, reason in (("Connection refused", "connection refused"), ("Name or service not known", "unknown host"),
                           ("nodename nor servname", "unknown host"), ("Temporary failure in name resolution",
                           "unknown host"), ("No route to host", "no route to host"), ("timed out", "timed out"),
                           ("CERTIFICATE_VERIFY_FAILED", "TLS certificate not trusted"),
                           ("Connection reset", "connection reset"), ("RemoteDisconnected", "connection closed")):
        if marker in text:
            return reason
    return _first_line(text)


def _first_line(text: str) -> str:
    return " ".join(text.split())[:200] or "no message"
