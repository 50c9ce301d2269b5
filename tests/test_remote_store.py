"""--store URL: a real Oxigraph server (`oxigraph serve`) on loopback, written and read over SPARQL 1.1,
compared with an embedded build of the same files; tiny loopback servers for retries and credentials."""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from kg import api
from kg.build import graph_name_of
from kg.errors import KgError, StoreError
from kg.rdf import DEFAULT_BASE
from kg.remote_store import MERGED, UNION, RemoteStore, endpoints
from kg.results import render
from kg.serve import oxigraph_command
from kg.store import ReviewStore
from tests.conftest import ROOT, SAMPLE, one_line_error, run_kg
from tests.test_build import store_quads, write_reviews

# Two reviews written for these tests; every name is invented.
REVIEWS = {
    "quarry-bell.txt": (
        "The Quarry Bell (2004)\nhttps://example.org/reviews/quarry-bell\n"
        '"The Quarry Bell," directed by Maren Oduya, stars Felix Harrowgate and Sunniva Tal and is based on '
        "the novel by Emeric Pole. Harrowgate plays Tobias Wren, a bell-ringer who hears the mine before it "
        "falls; Tal is his sister, Agnes. The music by Corvin Adebayo-Lusk is all low strings. It runs 104 "
        "minutes.\n"
    ),
    "salt-meridian.txt": (
        "Salt Meridian (2016)\nhttps://example.org/reviews/salt-meridian\n"
        '"Salt Meridian," a film by Ilse Varga with Dorian Kettle and Maren Oduya, was written by Pell '
        "Ashworth. Kettle plays a surveyor lost on the salt flats, and Oduya, better known as a director, "
        "plays the cartographer who sent him there. It runs 88 minutes and is rated PG.\n"
    ),
}
SQUATTER = "urn:kg:test:squatter"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path, *flags: str) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port, answering, until the block ends."""
    port = free_port()
    process = subprocess.Popen([oxigraph_command(), "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}", *flags],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url, timeout=1)
                break
            except requests.ConnectionError:
                assert process.poll() is None and time.monotonic() < deadline, "oxigraph serve did not start"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    with oxigraph_server(tmp_path / "server-data") as url:
        yield url


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The sample, the two reviews above and three generated ones."""
    folder = tmp_path / "reviews"
    write_reviews(folder, 3)
    shutil.copy(SAMPLE, folder / "sample.txt")
    for name, text in REVIEWS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build(folder: Path, store, *, env: dict | None = None) -> str:
    result = run_kg("build", folder, "--store", store, env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr.decode()


def remote_quads(url: str, tmp_path: Path) -> dict[str, set[str]]:
    """The server's named graphs, through `kg export`, compared as an embedded store's are
    (tests.test_build.store_quads: blank nodes canonical, kgv:builtAt left out)."""
    export = run_kg("export", "--store", url, "-f", "nquads")
    assert export.returncode == 0, export.stderr
    tmp_path.mkdir()
    store = ox.Store(str(tmp_path / "copy-store"))
    store.load(export.stdout, format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return store_quads(tmp_path / "copy-store")


def graph_sizes(store) -> dict[str, int]:
    """Quads per named graph, counted by the store itself."""
    result = run_kg("query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                    "--store", store, "-f", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def assert_same_store(url: str, local: Path, tmp_path: Path) -> None:
    """The server holds the embedded store's graphs, quad for quad, each graph the same size, and
    (merged default graph) a default graph that is exactly the set union of its named graphs."""
    sizes = graph_sizes(url)
    assert sizes == graph_sizes(local)
    assert remote_quads(url, tmp_path) == store_quads(local)
    store = RemoteStore(url, read_only=True)
    assert len(store) == sum(sizes.values())
    assert not bool(store.query("ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"))
    assert not bool(store.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"))


def test_build_query_rebuild_and_remove_match_an_embedded_store(server, corpus, tmp_path):
    local = tmp_path / "local"
    assert "6 stored" in build(corpus, server)
    build(corpus, local)
    assert_same_store(server, local, tmp_path / "a")

    # Every shipped query answers the same rows from both stores: the default graph is the set
    # union of the review graphs on the server too (each director once per film, not per graph).
    remote_store, embedded_store = RemoteStore(server, read_only=True), ReviewStore(local, read_only=True)
    rows = 0
    for query in sorted((ROOT / "queries").glob("*.rq")):
        remote = render(api.query(str(query), store=remote_store), "csv").splitlines()
        embedded = render(api.query(str(query), store=embedded_store), "csv").splitlines()
        assert remote[0] == embedded[0] and sorted(remote) == sorted(embedded), query.name
        rows += len(remote) - 1
    assert rows > 20
    del embedded_store  # its lock, before the next build
    movies = "CONSTRUCT { ?f <http://schema.org/name> ?n } WHERE { ?f a <http://schema.org/Movie> ; " \
             "<http://schema.org/name> ?n }"
    remote = run_kg("query", movies, "--store", server)
    assert remote.returncode == 0, remote.stderr
    assert b"The Quarry Bell" in remote.stdout
    embedded = run_kg("query", movies, "--store", local)
    assert sorted(remote.stdout.splitlines()) == sorted(embedded.stdout.splitlines())  # CONSTRUCT has no order

    # Unchanged: skipped. Changed: replaced, nothing left of the old text, nothing doubled.
    assert "6 skipped" in build(corpus, server)
    changed = corpus / "quarry-bell.txt"
    changed.write_text(REVIEWS["quarry-bell.txt"].replace("all low strings", "one cello"), encoding="utf-8")
    before = graph_sizes(server)
    assert "1 stored, 5 skipped" in build(corpus, server)
    build(corpus, local)
    assert graph_sizes(server).keys() == before.keys()
    assert_same_store(server, local, tmp_path / "b")

    # Removed with `kg remove`, and with RemoteStore.remove_review: gone with its report.
    assert run_kg("remove", changed, "--store", server).returncode == 0
    assert run_kg("remove", changed, "--store", local).returncode == 0
    assert_same_store(server, local, tmp_path / "c")
    salt = str(corpus / "salt-meridian.txt")
    store = RemoteStore(server)
    name = graph_name_of(salt, DEFAULT_BASE)
    assert store.remove_review(name) is True
    assert store.remove_review(name) is False
    api.remove([salt], store=str(local))
    assert name not in graph_sizes(server) and f"{name}/report" not in graph_sizes(server)
    # The resolution graph still names the removed review until a build recomputes it; compare
    # the review graphs only.
    review_graphs = {g: n for g, n in graph_sizes(local).items() if g in store.review_graphs()}
    assert {g: n for g, n in graph_sizes(server).items() if g in review_graphs} == review_graphs


def test_the_api_takes_a_url(server, corpus, tmp_path):
    files = sorted(str(f) for f in corpus.iterdir())
    summary = api.build(files, store=server)
    assert summary.count("stored") == len(files)
    local = tmp_path / "local"
    api.build(files, store=str(local))

    rows = api.query("SELECT ?g WHERE { GRAPH ?g { ?r a <http://schema.org/Review> } }", store=server)
    assert isinstance(rows, ox.QuerySolutions) and len(list(rows)) == len(files)
    assert isinstance(api.query("ASK { ?s a <http://schema.org/Review> }", store=server), ox.QueryBoolean)
    triples = api.query("CONSTRUCT WHERE { ?f a <http://schema.org/Movie> }", store=server)
    assert isinstance(triples, ox.QueryTriples) and len(list(triples)) >= len(files)
    exported = api.export(store=server, fmt="trig")
    assert b"The Quarry Bell" in exported

    remote = RemoteStore(server, read_only=True)
    embedded = ReviewStore(local, read_only=True)
    assert remote.review_graphs() == embedded.review_graphs()
    assert len(remote) == len(embedded)
    for name in remote.review_graphs():
        assert remote.content_hash(name) == embedded.content_hash(name) is not None
        assert len(list(remote.quads(name))) == len(list(embedded.quads(name)))
    assert remote.content_hash("https://example.org/no-such-review") is None


def test_reviews_and_large_graphs_split_into_several_requests(server, corpus, tmp_path):
    """Under a small request limit, a batch of reviews takes several update requests (each review
    whole in one) and a graph over the limit is PUT with the Graph Store Protocol, the merged
    default graph kept in step; the same store as an embedded build."""
    store = RemoteStore(server, max_update_bytes=3_000)
    sent: list[tuple[str, str]] = []
    request = store.session.request

    def spy(method, url, **kwargs):
        sent.append((method, url))
        return request(method, url, **kwargs)

    store.session.request = spy
    api.build([str(f) for f in sorted(corpus.iterdir())], store=store, jobs=1)
    local = tmp_path / "local"
    build(corpus, local)
    updates = [url for method, url in sent if method == "POST" and url.endswith("/update")]
    assert len(updates) >= 6  # at least one per review: each is larger than the limit
    assert_same_store(server, local, tmp_path / "a")

    big = "".join(f"<urn:kg:test:s{n}> <urn:kg:test:p> \"{n}\" .\n" for n in range(200))
    store.replace_graph(SQUATTER, big)
    assert ("PUT", f"{server}store") in sent
    assert graph_sizes(server)[SQUATTER] == 200
    assert len(list(store.query("SELECT * WHERE { ?s <urn:kg:test:p> ?o }"))) == 200  # in the default graph
    store.replace_graph(SQUATTER, "<urn:kg:test:s1> <urn:kg:test:p> \"one\" .\n")  # small: one update
    assert [r["o"].value for r in store.query("SELECT ?o WHERE { ?s <urn:kg:test:p> ?o }")] == ["one"]


def test_a_server_whose_default_graph_is_the_union(tmp_path, corpus):
    """KG_STORE_DEFAULT_GRAPH=union (Neptune, Virtuoso, GraphDB; here `oxigraph serve
    --union-default-graph`): kg writes named graphs only, and queries still see the reviews."""
    env = {**os.environ, "KG_STORE_DEFAULT_GRAPH": UNION}
    local = tmp_path / "local"
    build(corpus, local)
    with oxigraph_server(tmp_path / "server-data", "--union-default-graph") as url:
        build(corpus, url, env=env)
        stored_default = requests.get(f"{url}store?default", headers={"Accept": "application/n-triples"}, timeout=10)
        assert stored_default.status_code == 200 and stored_default.text.strip() == ""
        assert graph_sizes(url) == graph_sizes(local)
        assert remote_quads(url, tmp_path / "a") == store_quads(local)
        result = run_kg("query", "ASK { ?r a <http://schema.org/Review> }", "--store", url, "-f", "json")
        assert json.loads(result.stdout)["boolean"] is True
        assert run_kg("remove", corpus / "sample.txt", "--store", url, env=env).returncode == 0
        assert len(graph_sizes(url)) == len(graph_sizes(local)) - 2


def test_a_read_only_store_refuses_writes(server):
    store = RemoteStore(server, read_only=True)
    for write in (lambda: store.replace_graph(SQUATTER, ""), lambda: store.remove_review(SQUATTER),
                  lambda: store.put_review(SQUATTER, "", None, {"source": "x"})):
        with pytest.raises(StoreError, match="read-only"):
            write()
    assert store.review_graphs() == []


def test_a_down_endpoint_is_one_line_naming_it():
    port = free_port()
    result = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", "--store", f"http://editor:s3cret@127.0.0.1:{port}/")
    message = one_line_error(result)
    assert result.returncode == 4
    assert f"http://127.0.0.1:{port}/query: SPARQL endpoint unreachable (connection refused)" in message
    assert "s3cret" not in message and "editor" not in message


def test_a_syntax_error_is_the_servers_message_exit_3(server):
    result = run_kg("query", "SELECT * WHERE { ?s ?p", "--store", server)
    message = one_line_error(result)
    assert result.returncode == 3 and "refused the SPARQL" in message and "expected" in message


# --- tiny loopback servers -------------------------------------------------------------------------

EMPTY_RESULTS = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'


@contextlib.contextmanager
def tiny_server(statuses: list[int]) -> Iterator[tuple[str, list[dict]]]:
    """Answers POSTs with `statuses` in turn (then 200 and an empty result); records the headers."""
    calls: list[dict] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            calls.append(dict(self.headers))
            status = statuses[len(calls) - 1] if len(calls) <= len(statuses) else 200
            body = EMPTY_RESULTS if status == 200 else b"no"
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", calls
    finally:
        server.shutdown()
        server.server_close()


def test_server_errors_are_retried_with_the_credentials_of_the_url():
    with tiny_server([503, 503]) as (url, calls):
        store = RemoteStore(url.replace("http://", "http://editor:s%40cret@") + "query")
        assert list(store.query("SELECT ?s WHERE { ?s ?p ?o }")) == []
    assert len(calls) == 3
    expected = "Basic " + base64.b64encode(b"editor:s@cret").decode()
    assert all(call.get("Authorization") == expected for call in calls)
    assert "cret" not in store.url and "cret" not in store.query_url


def test_a_server_that_keeps_failing_is_one_line_exit_4():
    with tiny_server([503] * 10) as (url, calls):
        result = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", "--store", url)
    assert result.returncode == 4 and "HTTP 503" in one_line_error(result)
    assert len(calls) == 4  # the request and three retries


def test_credentials_from_the_environment_and_refused_ones():
    env = {**os.environ, "KG_STORE_USER": "editor", "KG_STORE_PASSWORD": "s3cret"}
    with tiny_server([401]) as (url, calls):
        result = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", "--store", url, env=env)
    message = one_line_error(result)
    assert result.returncode == 4 and "authentication failed" in message and "s3cret" not in message
    assert calls[0].get("Authorization") == "Basic " + base64.b64encode(b"editor:s3cret").decode()


def test_a_bearer_token_is_sent(monkeypatch):
    monkeypatch.setenv("KG_STORE_TOKEN", "tok-123")
    with tiny_server([]) as (url, calls):
        RemoteStore(url).query("SELECT ?s WHERE { ?s ?p ?o }")
    assert calls[-1].get("Authorization") == "Bearer tok-123"


@pytest.mark.parametrize(("url", "query", "update", "store", "mode"), [
    ("http://h:7878/", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store", MERGED),
    ("http://h:7878/query", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store", MERGED),
    ("http://h:3030/films", "http://h:3030/films/query", "http://h:3030/films/update", "http://h:3030/films/data",
     MERGED),
    ("http://h:3030/films/sparql", "http://h:3030/films/sparql", "http://h:3030/films/update",
     "http://h:3030/films/data", MERGED),
    ("http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql", None, UNION),
    ("http://h:7200/repositories/films", "http://h:7200/repositories/films",
     "http://h:7200/repositories/films/statements", "http://h:7200/repositories/films/rdf-graphs/service", UNION),
])
def test_endpoints_follow_each_servers_layout(monkeypatch, url, query, update, store, mode):
    for name in ("KG_STORE_QUERY", "KG_STORE_UPDATE", "KG_STORE_GSP", "KG_STORE_DEFAULT_GRAPH"):
        monkeypatch.delenv(name, raising=False)
    assert endpoints(url) == (query, update, store, mode)


def test_endpoints_from_the_environment(monkeypatch):
    monkeypatch.setenv("KG_STORE_QUERY", "https://u:p@db.example/q")
    monkeypatch.setenv("KG_STORE_UPDATE", "https://db.example/u")
    monkeypatch.setenv("KG_STORE_DEFAULT_GRAPH", "UNION")
    store = RemoteStore("https://db.example/")
    assert (store.query_url, store.update_url, store.merged) == ("https://db.example/q", "https://db.example/u", False)
    assert store.session.auth == ("u", "p")
    monkeypatch.setenv("KG_STORE_DEFAULT_GRAPH", "both")
    with pytest.raises(KgError, match="KG_STORE_DEFAULT_GRAPH"):
        RemoteStore("https://db.example/")
