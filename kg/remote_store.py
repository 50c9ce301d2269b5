"""A store behind any SPARQL 1.1 server (Oxigraph, Apache Jena Fuseki, GraphDB, Virtuoso, Neptune).

The same operations as kg.store.ReviewStore, over HTTP with requests:

- writes are SPARQL 1.1 Update requests, one per batch of reviews, because one update request is
  one transaction on these servers: a review's graph, its report and the merged default graph
  (the set union of the review graphs, as in the embedded store) change together or not at all;
- reads are SPARQL 1.1 Protocol queries; export reads each named graph with the Graph Store HTTP
  Protocol (GET ?graph=…).

Endpoints: the URL given is the server's base (Oxigraph: `http://host:7878/`, then `/query`,
`/update`, `/store`) or its query endpoint (`…/query`, `…/sparql`, `…/repositories/NAME`), from which
the update endpoint is derived; `$KG_STORE_UPDATE` and `$KG_STORE_GSP` name them outright.
Credentials: `user:password@` in the URL or `$KG_STORE_USER`/`$KG_STORE_PASSWORD` (HTTP basic),
or `$KG_STORE_TOKEN` (bearer). Connection errors and 5xx answers are retried with backoff.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kg.errors import QuerySyntaxError, StoreError
from kg.sources import USER_AGENT
from kg.store import build_record, report_graph_name

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
DEFAULT_TIMEOUT = float(os.environ.get("KG_STORE_TIMEOUT", 60))


def endpoints(url: str) -> tuple[str, str, str]:
    """(query, update, graph store) endpoints from the URL the user gave."""
    path = urlsplit(url).path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last == "query":
        base = url.rstrip("/")[: -len("query")]
        query, update, store = base + "query", base + "update", base + "store"
    elif last == "sparql":  # Virtuoso, Neptune: one endpoint; Fuseki: …/sparql beside …/update, …/data
        query = url.rstrip("/")
        update, store = query, query[: -len("sparql")] + "data"
    elif "/repositories/" in path:  # GraphDB, RDF4J
        query = url.rstrip("/")
        update, store = query + "/statements", query + "/rdf-graphs/service"
    else:  # a server base, Oxigraph's layout
        base = url.rstrip("/") + "/"
        query, update, store = base + "query", base + "update", base + "store"
    return query, os.environ.get("KG_STORE_UPDATE", update), os.environ.get("KG_STORE_GSP", store)


class RemoteStore:
    def __init__(self, url: str, *, read_only: bool = False, timeout: float = DEFAULT_TIMEOUT) -> None:
        parts = urlsplit(url)
        self.read_only = read_only
        self.timeout = timeout
        self.session = requests.Session()
        retry = Retry(total=4, connect=3, read=2, status=4, backoff_factor=0.3, allowed_methods=None,
                      status_forcelist=(500, 502, 503, 504), raise_on_status=False, respect_retry_after_header=True)
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))
        self.session.headers["User-Agent"] = USER_AGENT
        user, password = parts.username, parts.password
        user, password = user or os.environ.get("KG_STORE_USER"), password or os.environ.get("KG_STORE_PASSWORD")
        if user:
            self.session.auth = (user, password or "")
        elif os.environ.get("KG_STORE_TOKEN"):
            self.session.headers["Authorization"] = f"Bearer {os.environ['KG_STORE_TOKEN']}"
        # The URL without credentials: it appears in messages.
        self.url = urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))
        self.path = self.url
        self.query_url, self.update_url, self.store_url = endpoints(self.url)

    # --- HTTP ----------------------------------------------------------------------------------

    def _post(self, endpoint: str, body: str, content_type: str, accept: str | None = None) -> requests.Response:
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        return self._send("POST", endpoint, data=body.encode("utf-8"), headers=headers)

    def _send(self, method: str, endpoint: str, **kwargs) -> requests.Response:
        try:
            response = self.session.request(method, endpoint, timeout=(min(10, self.timeout), self.timeout), **kwargs)
        except requests.exceptions.RetryError:
            raise StoreError(f"{endpoint}: the SPARQL endpoint kept failing (server errors, retried)") from None
        except requests.exceptions.ConnectionError as exc:
            raise StoreError(f"{endpoint}: SPARQL endpoint unreachable ({_reason(exc)})") from None
        except requests.exceptions.Timeout:
            raise StoreError(f"{endpoint}: no answer within {self.timeout:g} s") from None
        except requests.exceptions.RequestException as exc:
            raise StoreError(f"{endpoint}: {_reason(exc)}") from None
        if response.status_code in (401, 403):
            raise StoreError(f"{endpoint}: authentication failed (HTTP {response.status_code}); check "
                             "KG_STORE_USER/KG_STORE_PASSWORD or KG_STORE_TOKEN")
        if response.status_code == 400:
            raise QuerySyntaxError(f"{endpoint}: the server refused the request: {_first_line(response.text)}")
        if response.status_code >= 400:
            raise StoreError(f"{endpoint}: HTTP {response.status_code} {_first_line(response.text)}")
        return response

    def _update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.url}: opened read-only")
        self._post(self.update_url, sparql, "application/sparql-update")

    # --- writing -------------------------------------------------------------------------------

    def put_review(self, graph_name: str, graph, report, meta: dict[str, str | bool]) -> None:
        self.put_reviews([(graph_name, graph, report, meta)])

    def put_reviews(self, reviews: list) -> None:
        """Replace reviews (graph, report, build record, merged default graph) in one update request."""
        steps: list[str] = []
        inserts: list[str] = []
        for graph_name, graph, report, meta in reviews:
            graph_nt, report_nt = _ntriples(graph), _ntriples(report) + build_record(graph_name, meta)
            report_name = report_graph_name(graph_name)
            steps += _drop_steps(graph_name) + _drop_steps(report_name)
            inserts.append(f"GRAPH <{graph_name}> {{\n{graph_nt}}}\nGRAPH <{report_name}> {{\n{report_nt}}}\n"
                           f"{graph_nt}{report_nt}")
        steps.append("INSERT DATA {\n" + "".join(inserts) + "}")
        self._update(" ;\n".join(steps))

    def replace_graph(self, graph_name: str, ntriples: str) -> None:
        self._update(" ;\n".join([*_drop_steps(graph_name), f"INSERT DATA {{ GRAPH <{graph_name}> {{\n{ntriples}}}\n"
                                                            f"{ntriples}}}"]))

    def remove_review(self, graph_name: str) -> bool:
        if not bool(self.query(f"ASK {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}")):
            return False
        self._update(" ;\n".join(_drop_steps(graph_name) + _drop_steps(report_graph_name(graph_name))))
        return True

    def flush(self) -> None:
        pass  # every request is committed by the server when it answers

    # --- reading -------------------------------------------------------------------------------

    def query(self, sparql: str):
        """SPARQL over the server: pyoxigraph solutions or a boolean, or a list of triples."""
        response = self._post(self.query_url, sparql, "application/sparql-query",
                              accept=f"{RESULTS_JSON}, {N_TRIPLES};q=0.9, text/turtle;q=0.8")
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type in (RESULTS_JSON, "application/json"):
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        if content_type == "application/sparql-results+xml":
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.XML)
        rdf_format = ox.RdfFormat.TURTLE if "turtle" in content_type else ox.RdfFormat.N_TRIPLES
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=rdf_format)]

    def review_graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        derived = ("/report", "graph:resolution", "graph:links")
        return sorted(r["g"].value for r in rows if not r["g"].value.endswith(derived))

    def quads(self, graph_name: str | None = None):
        """Each named graph's quads, read with the Graph Store Protocol."""
        names = [graph_name] if graph_name else self._all_graphs()
        for name in names:
            response = self._send("GET", self.store_url, params={"graph": name}, headers={"Accept": N_TRIPLES})
            for quad in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(name))

    def _all_graphs(self) -> list[str]:
        return sorted(r["g"].value for r in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)


def _drop_steps(graph_name: str) -> list[str]:
    """Drop a graph and, from the merged default graph, what no other graph still states."""
    graph = f"<{graph_name}>"
    return [f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph}) }} }}",
            f"DROP SILENT GRAPH {graph}"]


def _ntriples(graph) -> str:
    if graph is None:
        return ""
    return graph if isinstance(graph, str) else graph.serialize(format="nt")


def _reason(exc: Exception) -> str:
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "timed out", "No route to host",
                   "Temporary failure in name resolution", "Max retries exceeded"):
        if marker in text:
            return "connection refused" if marker == "Connection refused" else marker.lower()
    return _first_line(text)


def _first_line(text: str) -> str:
    return " ".join(text.split())[:200] or "no message"
