"""--store URL: a real Oxigraph server (`oxigraph serve`) on loopback, written and read over SPARQL 1.1."""

from __future__ import annotations

import base64
import http.server
import socket
import subprocess
import threading
import time
from typing import ClassVar

import pytest
import requests

from kg import api
from kg.errors import KgError
from kg.remote_store import RemoteStore, endpoints
from kg.serve import oxigraph_command
from tests.conftest import SAMPLE, one_line_error, run_kg
from tests.test_build import invented_review, store_quads, write_reviews


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """A real Oxigraph SPARQL server on a free loopback port, with its own data folder."""
    port = free_port()
    process = subprocess.Popen([oxigraph_command(), "serve", "--location", str(tmp_path / "server-data"),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(url, timeout=1)
            break
        except requests.ConnectionError:
            assert process.poll() is None and time.monotonic() < deadline, "oxigraph serve did not start"
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=30)


def remote_quads(url: str, tmp_path) -> dict[str, set[str]]:
    """The server's named graphs, compared as the embedded store's are (via an export to a store)."""
    export = run_kg("export", "--store", url, "-f", "nquads")
    assert export.returncode == 0, export.stderr
    tmp_path.mkdir()
    copy = tmp_path / "copy.nq"
    copy.write_bytes(export.stdout)
    import pyoxigraph as ox

    store = ox.Store(str(tmp_path / "copy-store"))
    store.load(path=str(copy), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return store_quads(tmp_path / "copy-store")


def test_build_query_export_rebuild_and_remove_on_a_server(server, tmp_path):
    folder = tmp_path / "reviews"
    files = write_reviews(folder, 5)
    (folder / "sample.txt").write_bytes(SAMPLE.read_bytes())
    built = run_kg("build", folder, "--store", server)
    assert built.returncode == 0, built.stderr
    assert "6 stored" in built.stderr.decode()

    # The same graphs as an embedded build of the same files.
    local = tmp_path / "local"
    assert run_kg("build", folder, "--store", local).returncode == 0
    assert remote_quads(server, tmp_path / "a") == store_quads(local)

    # Queries read the merged default graph: each director once per film, not once per graph.
    result = run_kg("query", "queries/directors.rq", "--store", server, "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = result.stdout.decode().strip().splitlines()
    assert len(rows) == len(set(rows)) > 5

    again = run_kg("build", folder, "--store", server)
    assert "6 skipped" in again.stderr.decode()
    files[1].write_text(invented_review(1).replace("tired charm", "weary grace"), encoding="utf-8")
    changed = run_kg("build", folder, "--store", server)
    assert "1 stored, 5 skipped" in changed.stderr.decode(), changed.stderr
    assert run_kg("build", folder, "--store", local).returncode == 0
    assert remote_quads(server, tmp_path / "b") == store_quads(local)  # replaced: nothing duplicated or lost

    assert run_kg("remove", files[1], "--store", server).returncode == 0
    assert run_kg("remove", files[1], "--store", local).returncode == 0
    assert remote_quads(server, tmp_path / "c") == store_quads(local)


def test_the_api_takes_a_url_too(server, tmp_path):
    files = write_reviews(tmp_path / "reviews", 2)
    summary = api.build([str(f) for f in files], store=server)
    assert summary.count("stored") == 2
    rows = list(api.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", store=server))
    assert len(rows) >= 4  # two reviews, two reports
    assert bool(api.query("ASK { ?s a <http://schema.org/Review> }", store=server))


def test_a_down_endpoint_is_one_line_naming_it():
    url = f"http://127.0.0.1:{free_port()}/"
    result = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", "--store", url)
    message = one_line_error(result)
    assert result.returncode == 4 and "127.0.0.1" in message and "unreachable" in message


def test_a_syntax_error_is_reported_by_the_server(server):
    result = run_kg("query", "SELECT * WHERE { ?s ?p", "--store", server)
    assert result.returncode == 3 and "refused" in one_line_error(result)


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Fails twice with 503, then answers an empty result; records what it was sent."""

    calls: ClassVar[list[dict]] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _Flaky.calls.append(dict(self.headers))
        if len(_Flaky.calls) <= 2:
            self.send_response(503)
            self.end_headers()
            return
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_server_errors_are_retried_and_credentials_sent(monkeypatch):
    _Flaky.calls = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        store = RemoteStore(f"http://editor:s3cret@127.0.0.1:{server.server_address[1]}/query")
        assert list(store.query("SELECT ?s WHERE { ?s ?p ?o }")) == []
    finally:
        server.shutdown()
    assert len(_Flaky.calls) == 3
    expected = "Basic " + base64.b64encode(b"editor:s3cret").decode()
    assert all(call.get("Authorization") == expected for call in _Flaky.calls)
    assert "s3cret" not in store.url


def test_a_bearer_token_is_sent(monkeypatch):
    _Flaky.calls = [{}, {}]  # no failures left
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("KG_STORE_TOKEN", "tok-123")
    try:
        list(RemoteStore(f"http://127.0.0.1:{server.server_address[1]}/").query("ASK { ?s ?p ?o }"))
    finally:
        server.shutdown()
    assert _Flaky.calls[-1].get("Authorization") == "Bearer tok-123"


def test_a_read_only_store_refuses_writes(server):
    store = RemoteStore(server, read_only=True)
    with pytest.raises(KgError, match="read-only"):
        store.replace_graph("urn:x", "")


@pytest.mark.parametrize(("url", "update"), [
    ("http://h:7878/", "http://h:7878/update"),
    ("http://h:3030/ds/query", "http://h:3030/ds/update"),
    ("http://h:8890/sparql", "http://h:8890/sparql"),
    ("http://h:7200/repositories/films", "http://h:7200/repositories/films/statements"),
])
def test_endpoints_follow_each_servers_layout(url, update):
    assert endpoints(url)[1] == update
