"""A store behind a SPARQL 1.1 server, over HTTP with requests. Tested with Oxigraph's server and
Virtuoso Open Source 7.2 (tests/test_remote_store.py); written to the SPARQL 1.1 Protocol and Update.

The same operations as kg.store.embedded.ReviewStore:

- writes are SPARQL 1.1 Update requests. Replacing reviews deletes their build records first, then
  their graphs and report graphs (and their share of the merged graph), inserts the new graphs,
  copies them into the merged graph on the server, and writes the build records last. Oxigraph runs a
  request as one transaction; Virtuoso commits each operation of a request on its own, so the order
  is what keeps a store whole there: whatever stops the writes half way leaves a review without its
  build record, which the next build stores again. Requests stay under `max_update_bytes` (Virtuoso
  refuses a request text over 10 MB) and every `GRAPH { }` block under BLOCK_TRIPLES triples
  (Virtuoso's parser gives up near 5,000); a batch of reviews is split between operations, a graph
  too large for one request is split between blocks;
- a graph with blank nodes (the SHACL reports have them) goes whole in one `INSERT { } WHERE { }` of
  its own, one `GRAPH` block: Virtuoso refuses blank nodes in `INSERT DATA`, fails (SR002) on a
  template of several blocks whose triples all have blank nodes, and on a template of more than
  about 1,000 triples (SP031, too much SQL);
- reads are SPARQL 1.1 Protocol queries, CONSTRUCT and DESCRIBE asked for as N-Triples; answers become
  the embedded store's pyoxigraph objects, every literal in the form the embedded store gives it
  (Virtuoso writes `true` as `1` and blank nodes as `nodeID://` IRIs); an answer the server cut short
  (Virtuoso's ResultSetMaxRows) is an error, never a silently short result.

The default graph: as in the embedded store, queries read the set union of kg's graphs ("merged"),
kept by kg beside the named graphs: in the server's default graph (Oxigraph, Fuseki), or in a named
graph that every query names as its default graph with the protocol's `default-graph-uri` (Virtuoso,
whose default graph is every graph it holds, its own system graphs included: MERGED_GRAPH). "union"
leaves the server's own default graph (a server whose default graph is the union of its named graphs).
`$KG_STORE_DEFAULT_GRAPH` (merged, union, or the IRI of the merged graph) chooses; the default follows
the URL's layout (see `endpoints`).

Requests: form-encoded (`query=`, `update=`), which the protocol defines and every server answers
(Virtuoso does not answer a query POSTed as `application/sparql-query`), except for Oxigraph's layout,
where the body is the SPARQL text itself; `$KG_STORE_POST` (form, direct) chooses. Credentials:
`user:password@` in the URL or `$KG_STORE_USER`/`$KG_STORE_PASSWORD`, sent as HTTP basic, or digest
for Virtuoso's `/sparql-auth` (`$KG_STORE_AUTH`: basic, digest); or `$KG_STORE_TOKEN` (bearer); never
put in a message. Connection errors and 502/503/504 answers are retried with exponential backoff.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import groupby
from typing import NamedTuple
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.adapters import HTTPAdapter
from requests.auth import HTTPBasicAuth, HTTPDigestAuth
from urllib3.util.retry import Retry

from kg.errors import QuerySyntaxError, StoreError
from kg.settings import USER_AGENT
from kg.store.records import IS_REPORT_OF_G, KGV, SHARED_GRAPHS, as_ntriples, build_record, report_graph_name

MERGED, UNION = "merged", "union"
FORM, DIRECT = "form", "direct"
BASIC, DIGEST = "basic", "digest"
MERGED_GRAPH = "urn:kg:merged"  # the merged graph on a server that keeps no default graph of its own (Virtuoso)
N_TRIPLES = "application/n-triples"
SOLUTIONS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
TRIPLES_ACCEPT = f"{N_TRIPLES}, text/turtle;q=0.9, application/rdf+xml;q=0.8"
MAX_UPDATE_BYTES = 8_000_000  # Virtuoso: "string session longer than 10Mb"; Oxigraph: bodies up to 128 MB
BLOCK_TRIPLES = 1_000  # per GRAPH { } block: Virtuoso's parser runs out of stack near 5,000
XSD = "http://www.w3.org/2001/XMLSchema#"


class Endpoints(NamedTuple):
    query: str
    update: str
    default_graph: str  # MERGED, UNION, or the IRI of a named graph that queries read as the default graph
    post: str  # FORM or DIRECT
    auth: str  # BASIC or DIGEST


def endpoints(url: str) -> Endpoints:
    """The endpoints, default graph, request encoding and authentication of the URL the user gave
    (without credentials), by the usual layout of each server; each can be set from the environment."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")

    def at(path: str) -> str:
        return urlunsplit(parts._replace(path=path, query="", fragment=""))

    head, _, last = path.rpartition("/")
    default_graph, post, auth = MERGED, FORM, BASIC
    if "/repositories/" in path:  # GraphDB, RDF4J: every graph is read when a query names none
        query, update, default_graph = at(path), at(path + "/statements"), UNION
    elif path in ("/sparql", "/sparql-auth"):  # Virtuoso (and Neptune): one endpoint for both
        query = update = at(path)
        default_graph = MERGED_GRAPH
        auth = DIGEST if path == "/sparql-auth" else BASIC
    elif last in ("query", "sparql"):  # Oxigraph /query; Fuseki /dataset/query or /dataset/sparql
        query, update = at(path), at(f"{head}/update")
        post = DIRECT if not head else FORM
    elif path:  # a Fuseki dataset: /dataset
        query, update = at(path + "/query"), at(path + "/update")
    else:  # a server's base: Oxigraph's layout
        query, update, post = at("/query"), at("/update"), DIRECT
    env = os.environ
    return Endpoints(env.get("KG_STORE_QUERY", query), env.get("KG_STORE_UPDATE", update),
                     env.get("KG_STORE_DEFAULT_GRAPH", default_graph), env.get("KG_STORE_POST", post).lower(),
                     env.get("KG_STORE_AUTH", auth).lower())


class RemoteStore:
    """The operations of kg.store.embedded.ReviewStore on a SPARQL 1.1 server."""

    def __init__(self, url: str, *, read_only: bool = False, timeout: float | None = None,
                 max_update_bytes: int | None = None) -> None:
        self.read_only = read_only
        self.timeout = timeout if timeout is not None else float(os.environ.get("KG_STORE_TIMEOUT", 60))
        try:
            self.max_update_bytes = max_update_bytes or int(os.environ.get("KG_STORE_MAX_UPDATE_BYTES",
                                                                           MAX_UPDATE_BYTES))
        except ValueError:
            raise StoreError("$KG_STORE_MAX_UPDATE_BYTES is not a number of bytes") from None
        # Messages name endpoints, so every URL is kept without its credentials.
        self.url, user, password = _without_credentials(url)
        self.path = self.url  # what the commands print for a store
        found = endpoints(self.url)
        mode = found.default_graph
        if mode.lower() in (MERGED, UNION):
            self.merged, self.merged_graph = mode.lower() == MERGED, None
        elif ":" in mode:
            self.merged, self.merged_graph = True, _iri(mode.strip("<>"))[1:-1]
        else:
            raise StoreError(f"$KG_STORE_DEFAULT_GRAPH is {mode!r}: use {MERGED}, {UNION} or the IRI of a graph")
        if found.post not in (FORM, DIRECT):
            raise StoreError(f"$KG_STORE_POST is {found.post!r}: use {FORM} or {DIRECT}")
        if found.auth not in (BASIC, DIGEST):
            raise StoreError(f"$KG_STORE_AUTH is {found.auth!r}: use {BASIC} or {DIGEST}")
        self.post = found.post
        self._templates = 0  # graphs written with blank nodes, for their labels
        self.query_url, query_user, query_password = _without_credentials(found.query)
        self.update_url, update_user, update_password = _without_credentials(found.update)

        self.session = requests.Session()
        # POST is retried too: a query is read-only, and an update deletes then inserts whole graphs,
        # so running it twice (a lost answer to a request that went through) leaves the same state.
        # Not 500: Virtuoso answers 500 to an update it refuses (rights, a value it cannot store).
        retry = Retry(total=5, connect=3, read=2, status=3, backoff_factor=0.5, allowed_methods=None,
                      status_forcelist=(502, 503, 504), raise_on_status=False, respect_retry_after_header=True)
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, HTTPAdapter(max_retries=retry))
        self.session.headers["User-Agent"] = USER_AGENT
        user = user or query_user or update_user or os.environ.get("KG_STORE_USER")
        password = password or query_password or update_password or os.environ.get("KG_STORE_PASSWORD")
        self.auth = found.auth if user else None
        if user:
            credentials = (user, password or "")
            self.session.auth = HTTPDigestAuth(*credentials) if found.auth == DIGEST else HTTPBasicAuth(*credentials)
        elif os.environ.get("KG_STORE_TOKEN"):
            self.session.headers["Authorization"] = f"Bearer {os.environ['KG_STORE_TOKEN']}"

    # --- HTTP ----------------------------------------------------------------------------------

    def _send(self, endpoint: str, params: list[tuple[str, str]], accept: str | None = None,
              writing: bool = False) -> requests.Response:
        """One POST of a query or an update (retried by the adapter); every failure is a one-line
        KgError naming `endpoint`."""
        operation = "update" if writing else "query"
        headers = {"Accept": accept} if accept else {}
        if self.post == FORM:  # requests form-encodes the pairs
            url_params, body = None, params
        else:  # the SPARQL text as the body, the other parameters in the URL
            headers["Content-Type"] = f"application/sparql-{operation}; charset=utf-8"
            url_params = [(name, value) for name, value in params if name != operation]
            body = next(value for name, value in params if name == operation).encode("utf-8")
        try:
            # Server errors retried to the end give their last answer (raise_on_status=False), read below.
            response = self.session.post(endpoint, params=url_params, data=body, headers=headers,
                                         timeout=(min(10.0, self.timeout), self.timeout))
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
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        response.close()
        if writing and (status == 403 or _refused_for_rights(text)):
            raise StoreError(f"{endpoint}: the server refused the update for lack of rights ({text}); " + RIGHTS_HINT)
        if status in (401, 403):
            hint = ""
            if status == 401 and challenge.startswith("digest") and self.auth != DIGEST:
                hint = "; the server asks for digest authentication: set KG_STORE_AUTH=digest"
            raise StoreError(f"{endpoint}: authentication failed (HTTP {status}); check the user and password "
                             f"($KG_STORE_USER, $KG_STORE_PASSWORD) or $KG_STORE_TOKEN{hint}")
        if status in (404, 405):
            raise StoreError(f"{endpoint}: no SPARQL endpoint here (HTTP {status}); give the server's "
                             "query URL, or set $KG_STORE_QUERY and $KG_STORE_UPDATE")
        if "SR171" in text or "timed out" in text.lower():
            raise StoreError(f"{endpoint}: the server stopped the {operation} at its time limit ({text}); "
                             "Virtuoso: raise MaxQueryExecutionTime in virtuoso.ini's [SPARQL] section")
        if writing:
            raise StoreError(f"{endpoint}: the server refused the update (HTTP {status}): {text}")
        if status == 400 or "SP030" in text or "SP031" in text:  # the server could not parse the query
            raise QuerySyntaxError(f"{endpoint}: the server refused the SPARQL: {text}")
        raise StoreError(f"{endpoint}: HTTP {status}: {text}")

    def _update(self, sparql: str) -> None:
        self._writable()
        try:
            self._send(self.update_url, [("update", sparql)], writing=True).close()
        except StoreError as refused:
            if "(HTTP 400)" not in str(refused):
                raise
            # Virtuoso compiles a large request for a user without update rights into more SQL than
            # it allows (SP031) before it checks the rights: a one-operation request tells which.
            self._send(self.update_url, [("update", f"DROP SILENT GRAPH <{KGV}rights-check>")], writing=True).close()
            raise

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.url}: opened read-only; this command does not write the store")

    # --- writing -------------------------------------------------------------------------------

    def put_review(self, graph_name: str, graph, report, meta: dict[str, str | bool]) -> None:
        """Replace one review's graph and its report (with the build record)."""
        self.put_reviews([(graph_name, graph, report, meta)])

    def put_reviews(self, reviews: list) -> None:
        """Replace reviews, each with its report and build record (kg.store.build_record, as embedded):
        the old build records, the old graphs (and their share of the merged graph), the new graphs,
        their copy into the merged graph, the new build records; in as few requests of at most
        `max_update_bytes` as hold them."""
        drops, inserts, records, written = [], [], [], []
        for graph_name, graph, report, meta in reviews:
            report_name = report_graph_name(graph_name)
            drops += [self._drop_record(graph_name), *self._drop_steps(graph_name), *self._drop_steps(report_name)]
            inserts += self._inserts(graph_name, as_ntriples(graph)) + self._inserts(report_name, as_ntriples(report))
            records += self._blocks(report_name, _lines(build_record(graph_name, meta)), merged=True)
            written += [graph_name, report_name]
        self._run([("update", step) for step in drops] + inserts + self._copies(written)
                  + [("data", block) for block in records])

    def replace_graph(self, graph_name: str, ntriples: str) -> None:
        """Replace one graph that is not a review's (the resolution or Wikidata links)."""
        self._run([("update", step) for step in self._drop_steps(graph_name)]
                  + self._inserts(graph_name, ntriples) + self._copies([graph_name]))

    def remove_review(self, graph_name: str) -> bool:
        """Delete a review and its report in one update request; False when it is not stored."""
        self._writable()
        if not bool(self.query(f"ASK {{ GRAPH {_iri(graph_name)} {{ ?s ?p ?o }} }}")):
            return False
        report_name = report_graph_name(graph_name)
        self._update(" ;\n".join([self._drop_record(graph_name), *self._drop_steps(graph_name),
                                  *self._drop_steps(report_name)]))
        return True

    def _inserts(self, graph_name: str, ntriples: str) -> list[tuple[str, str]]:
        """The units that insert one graph: `INSERT DATA` blocks, or, for a graph with blank nodes, one
        template (a blank node is the same node only within one operation, and Virtuoso refuses blank
        nodes in INSERT DATA)."""
        lines = _lines(ntriples)
        if any(_has_blank_node(line) for line in lines):
            # Labels made unique to this graph: Virtuoso refuses a label in two operations of a request.
            self._templates += 1
            prefix = f"kg{self._templates}x"
            # One block: Virtuoso fails (SR002) on a template of several blocks whose triples all
            # have blank nodes, as a conforming review's report.
            lines = [_relabel(line, prefix) for line in lines]
            return [("template", "".join(self._blocks(graph_name, lines, whole=True)))]
        return [("data", block) for block in self._blocks(graph_name, lines)]

    def _copies(self, graph_names: list[str]) -> list[tuple[str, str]]:
        """Copy graphs into the merged graph on the server (their blank nodes stay the same nodes)."""
        if not self.merged:
            return []
        return [("update", f"INSERT {{ {self._in_merged('?s ?p ?o')} }} WHERE {{ VALUES ?g {{ "
                           + " ".join(_iri(name) for name in graph_names[first:first + 100])
                           + " } GRAPH ?g { ?s ?p ?o } }")
                for first in range(0, len(graph_names), 100)]

    def _run(self, units: list[tuple[str, str]]) -> None:
        """Send update units in order, as few requests as hold them: ("update", an operation),
        ("data", triples for INSERT DATA) and ("template", triples for INSERT { } WHERE { }), the
        last two joined into one operation with their neighbours of the same kind."""
        request: list[tuple[str, str]] = []
        size = 0
        for kind, text in units:
            if not text:
                continue
            length = len(text.encode("utf-8")) + 32
            if request and size + length > self.max_update_bytes:
                self._update(_request(request))
                request, size = [], 0
            request.append((kind, text))
            size += length
        if request:
            self._update(_request(request))

    def _blocks(self, graph_name: str, lines: list[str], merged: bool = False, whole: bool = False) -> list[str]:
        """`GRAPH { }` blocks of at most BLOCK_TRIPLES lines and half of `max_update_bytes` each, or
        one (`whole`); and, `merged`, their copy in the merged graph."""
        graph = _iri(graph_name)
        blocks, chunk, size = [], [], 0
        limit = len(lines) if whole else BLOCK_TRIPLES
        for line in [*lines, None]:
            length = len(line.encode("utf-8")) + 1 if line is not None else 0
            full = len(chunk) == limit or (not whole and size + length > self.max_update_bytes // 2)
            if chunk and (line is None or full):
                text = "\n".join(chunk) + "\n"
                block = f"GRAPH {graph} {{\n{text}}}\n"
                if merged and self.merged:
                    block += f"GRAPH {_iri(self.merged_graph)} {{\n{text}}}\n" if self.merged_graph else text
                blocks.append(block)
                chunk, size = [], 0
            if line is not None:
                chunk.append(line)
                size += length
        return blocks

    def _drop_record(self, graph_name: str) -> str:
        """Delete a review's build record (from its report graph and the merged graph) first: a
        review without it is stored again by the next build, whatever else was left half done."""
        graph, report = _iri(graph_name), _iri(report_graph_name(graph_name))
        merged = self._in_merged(f"{graph} ?p ?o")
        return (f"DELETE {{ GRAPH {report} {{ {graph} ?p ?o }} {merged} }} "
                f"WHERE {{ GRAPH {report} {{ {graph} ?p ?o }} }}")

    def _drop_steps(self, graph_name: str) -> list[str]:
        """Drop a graph and (merged graph) the merged graph's triples no other graph states."""
        graph = _iri(graph_name)
        drop = f"DROP SILENT GRAPH {graph}"
        if not self.merged:
            return [drop]
        others = f"?other != {graph}" + (f" && ?other != {_iri(self.merged_graph)}" if self.merged_graph else "")
        return [f"DELETE {{ {self._in_merged('?s ?p ?o')} }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER ({others}) }} }}", drop]

    def _in_merged(self, pattern: str) -> str:
        if not self.merged:
            return ""
        return f"GRAPH {_iri(self.merged_graph)} {{ {pattern} }}" if self.merged_graph else pattern

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
        QueryTriples (CONSTRUCT, DESCRIBE), which kg.graph.results renders as the embedded store's."""
        form = _query_form(sparql)
        if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            # Virtuoso runs an update sent as `query=`: what the embedded store refuses is refused here.
            raise QuerySyntaxError(f"not a query: SELECT, ASK, CONSTRUCT or DESCRIBE expected, {form or 'nothing'} "
                                   "found (kg query does not update a store)")
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        params = [("query", sparql)]
        if self.merged_graph and not _names_its_dataset(sparql):
            # Virtuoso, given a default graph, finds nothing in GRAPH <iri> unless the graph is also
            # named (while GRAPH ?g still reads every graph): the graphs a query names are named.
            params.append(("default-graph-uri", self.merged_graph))
            params += [("named-graph-uri", name) for name in _graphs_named_in(sparql)]
        response = self._send(self.query_url, params, accept=TRIPLES_ACCEPT if graph_form else SOLUTIONS_ACCEPT)
        with response:
            media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            _check_complete(response, self.query_url)
            content = response.content
            virtuoso = response.headers.get("Server", "").startswith("Virtuoso")
        try:
            if graph_form:
                # pyoxigraph makes QueryTriples only from a store's query, so the triples go through
                # an in-memory store (which also gives each literal its canonical form).
                rdf_format = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES
                triples = ox.Store()
                triples.load(content, format=rdf_format)
                return triples.query("CONSTRUCT WHERE { ?s ?p ?o }")
            results_format = ox.QueryResultsFormat.from_media_type(media_type)
            if results_format is None:
                raise ValueError(f"not SPARQL results ({media_type or 'no type'})")
            if virtuoso and results_format == ox.QueryResultsFormat.JSON:
                content = _standard_json(content)
            return ox.parse_query_results(content, format=results_format)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.query_url}: unreadable answer ({media_type or 'no type'}): "
                             f"{_first_line(str(exc))}") from None

    def quads(self, graph_name: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of all kg's graphs (not the merged graph, derived from
        them, nor graphs of the server that are not kg's): a CONSTRUCT per graph, as N-Triples, each
        answer a graph's size, under a server's cap on rows (Virtuoso's ResultSetMaxRows) unless the
        graph is larger."""
        for name in [graph_name] if graph_name else sorted(self._graph_sizes()):
            graph = ox.NamedNode(name)
            for triple in self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(name)} {{ ?s ?p ?o }} }}"):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)

    def review_graphs(self) -> list[str]:
        """The reviews stored whole: those with a build record in their report graph."""
        query = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?r {{ ?g <{KGV}contentHash> ?hash }} {IS_REPORT_OF_G} }}"
        rows = self.query(query)
        return sorted(row["g"].value for row in rows)

    def _graph_sizes(self) -> dict[str, int]:
        """kg's named graphs and their quads: the reviews, their reports, the resolution and link
        graphs (not the server's other graphs, as Virtuoso's own)."""
        reviews = self.review_graphs()
        ours = set(reviews) | {report_graph_name(name) for name in reviews}
        rows = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        sizes = {row["g"].value: int(row["n"].value) for row in rows}
        return {name: size for name, size in sizes.items() if name in ours or name.endswith(SHARED_GRAPHS)}

    def __len__(self) -> int:
        """Quads in kg's named graphs."""
        return sum(self._graph_sizes().values())


RIGHTS_HINT = ("Virtuoso: run GRANT SPARQL_UPDATE TO \"SPARQL\"; in isql-vt (a private server only), or use "
               "http://USER:PASSWORD@HOST:8890/sparql-auth with a user granted SPARQL_UPDATE")


def _refused_for_rights(text: str) -> bool:
    """Virtuoso's answer to an update from a user without SPARQL_UPDATE (HTTP 500, SR186)."""
    return "SR186" in text or "No permission" in text or "permission denied" in text.lower()


def _check_complete(response: requests.Response, endpoint: str) -> None:
    """Virtuoso cuts an answer at [SPARQL] ResultSetMaxRows rows and says so only in a header."""
    cap = response.headers.get("X-SPARQL-MaxRows")
    if cap:
        raise StoreError(f"{endpoint}: the server cut the answer at {cap} rows; raise ResultSetMaxRows in the "
                         "[SPARQL] section of virtuoso.ini (or remove it), or narrow the query")


def _request(units: list[tuple[str, str]]) -> str:
    """One update request: the units in order, each run of data units one INSERT DATA, each template
    unit an INSERT { } WHERE { } of its own (Virtuoso fails, SR002, on a template of several `GRAPH`
    blocks whose triples all have blank nodes, as conforming reviews' reports)."""
    operations: list[str] = []
    for kind, run in groupby(units, key=lambda unit: unit[0]):
        texts = [text for _, text in run]
        if kind == "update":
            operations += texts
        elif kind == "data":
            operations.append("INSERT DATA {\n" + "".join(texts) + "}")
        else:
            operations += ["INSERT {\n" + text + "} WHERE {}" for text in texts]
    return " ;\n".join(operations)


def _lines(ntriples: str) -> list[str]:
    return [line for line in ntriples.splitlines() if line.strip()]


def _object_blank(line: str) -> str | None:
    """The label of an N-Triples line's object when it is a blank node (a literal holds a quote)."""
    tail = line.rstrip()[:-1].rstrip().rpartition(" ")[2]
    return tail[2:] if tail.startswith("_:") and '"' not in tail else None


def _has_blank_node(line: str) -> bool:
    return line.startswith("_:") or _object_blank(line) is not None


def _relabel(line: str, prefix: str) -> str:
    """An N-Triples line with its blank node labels prefixed."""
    if line.startswith("_:"):
        line = f"_:{prefix}{line[2:]}"
    label = _object_blank(line)
    if label is not None:
        line = f"{line.rstrip()[:-1].rstrip()[:-len(label) - 2]}_:{prefix}{label} ."
    return line


def _query_form(sparql: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first keyword after the prologue (PREFIX, BASE, comments,
    Virtuoso's DEFINE pragmas)."""
    position = 0
    prologue = re.compile(r"\s+|#[^\n]*|(?i:PREFIX)\s*[^\s:]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>"
                          r'|(?i:DEFINE)\s+\S+\s+(?:"[^"]*"|<[^>]*>|\S+)')  # Virtuoso's pragmas
    while match := prologue.match(sparql, position):
        if match.end() == position:
            break
        position = match.end()
    keyword = re.match(r"[A-Za-z]+", sparql[position:])
    return keyword.group(0).upper() if keyword else ""


def _names_its_dataset(sparql: str) -> bool:
    """Whether a query has FROM or FROM NAMED clauses (then kg does not set the default graph)."""
    pattern = r"\bFROM\s+(NAMED\s+)?(<|[A-Za-z_][\w.-]*:|:)"
    return re.search(pattern, _without_comments(sparql), re.IGNORECASE) is not None


# Strings (emptied), IRIs (kept) and comments (dropped): a query's clauses, read without its comments
# and literals.
_TOKENS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                     r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*')


def _without_comments(sparql: str) -> str:
    def keep(match: re.Match) -> str:
        token = match.group(0)
        return "" if token[0] == "#" else '""' if token[0] in "\"'" else token

    return _TOKENS.sub(keep, sparql)


def _graphs_named_in(sparql: str) -> list[str]:
    """The IRIs of `GRAPH <iri>` and `GRAPH prefix:name` patterns in a query, in order, once each
    (not a variable's name: `?graph kgv:source ?s` is no graph pattern)."""
    sparql = _without_comments(sparql)
    prefixes = dict(re.findall(r"PREFIX\s+([A-Za-z][\w.-]*|):\s*<([^>]*)>", sparql, re.IGNORECASE))
    names: dict[str, None] = {}
    for iri, prefix, local in re.findall(r"(?<![?$\w])GRAPH\s*(?:<([^>]*)>|([A-Za-z][\w.-]*|):([\w.:%-]*))", sparql,
                                         re.IGNORECASE):
        if iri:
            names[iri] = None
        elif prefix in prefixes:
            names[prefixes[prefix] + local.rstrip(".")] = None
    return list(names)


def _standard_json(content: bytes) -> bytes:
    """SPARQL JSON results from Virtuoso as the embedded store would give them: blank nodes with
    labels (not `nodeID://` IRIs) and literals of XSD types in canonical form (`true`, not `1`)."""
    data = json.loads(content)
    for binding in data.get("results", {}).get("bindings", []):
        for term in binding.values():
            kind = term.get("type")
            if kind == "bnode":
                term["value"] = re.sub(r"[^A-Za-z0-9_]", "_", term["value"].removeprefix("nodeID://"))
            elif kind in ("literal", "typed-literal") and term.get("datatype", "").startswith(XSD):
                term["value"], term["datatype"] = _canonical(term["value"], term["datatype"])
    return json.dumps(data).encode("utf-8")


_CANONICAL_SUBJECT = ox.NamedNode("urn:kg:canonical")


@lru_cache(maxsize=100_000)
def _canonical(value: str, datatype: str) -> tuple[str, str]:
    """A typed literal as Oxigraph stores it (the form kg's embedded store gives): `1` as a boolean
    reads `true`, `5014` as an xsd:nonNegativeInteger reads as an xsd:integer."""
    store = ox.Store()
    store.add(ox.Quad(_CANONICAL_SUBJECT, _CANONICAL_SUBJECT, ox.Literal(value, datatype=ox.NamedNode(datatype))))
    literal = next(iter(store)).object
    return literal.value, literal.datatype.value


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
