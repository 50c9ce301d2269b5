"""kg serve: a real Oxigraph server over a built store, read-only, on loopback by default."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
import requests

from tests.conftest import SAMPLE, one_line_error, run_kg


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    store = tmp_path_factory.mktemp("served") / "store"
    assert run_kg("build", SAMPLE, "--store", store).returncode == 0
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port)],
                               stderr=subprocess.PIPE)
    wait_until_listening(port, process)
    yield store, port
    process.terminate()
    process.wait(timeout=30)


COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
DIRECTORS = "PREFIX schema: <http://schema.org/> SELECT ?name WHERE { ?film schema:director/schema:name ?name }"


def sparql(port: int, query: str) -> requests.Response:
    return requests.post(f"http://127.0.0.1:{port}/query", data=query, timeout=10,
                         headers={"Content-Type": "application/sparql-query",
                                  "Accept": "application/sparql-results+json"})


def test_serves_sparql_over_the_union_of_review_graphs(served):
    _, port = served
    query = DIRECTORS
    response = sparql(port, query)
    assert response.status_code == 200
    names = {row["name"]["value"] for row in response.json()["results"]["bindings"]}
    assert names  # the sample's director, whoever the review names
    local = run_kg("query", query, "--store", served[0], "-f", "json")
    # While the server holds the store, kg query still reads it (readers share the lock).
    assert local.returncode == 0, local.stderr


def test_serves_a_query_page(served):
    page = requests.get(f"http://127.0.0.1:{served[1]}/", timeout=10, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "<html" in page.text.lower()


def test_updates_are_refused_and_nothing_changes(served):
    _, port = served
    before = sparql(port, COUNT_ALL).json()
    update = 'INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> "c" } }'
    response = requests.post(f"http://127.0.0.1:{port}/update", data=update, timeout=10,
                             headers={"Content-Type": "application/sparql-update"})
    assert response.status_code >= 400
    store_put = requests.put(f"http://127.0.0.1:{port}/store?graph=urn:x", data="<urn:a> <urn:b> <urn:c> .",
                             headers={"Content-Type": "application/n-triples"}, timeout=10)
    assert store_put.status_code >= 400
    after = sparql(port, COUNT_ALL).json()
    assert before == after


def test_binds_to_loopback_by_default(served):
    _, port = served
    listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
    if listening.returncode != 0:
        pytest.skip("ss is not available")
    local_addresses = {line.split()[3].rsplit(":", 1)[0] for line in listening.stdout.splitlines()}
    assert local_addresses == {"127.0.0.1"}


def test_a_build_does_not_write_under_a_server(served):
    store, _ = served
    result = run_kg("build", SAMPLE, "--store", store, "--force")
    assert result.returncode == 4 and "kg.lock" in one_line_error(result)


def test_serving_nothing_is_one_line(tmp_path):
    result = run_kg("serve", "--store", tmp_path / "none", "--port", str(free_port()))
    assert result.returncode == 4 and "no store here" in one_line_error(result)


def test_a_busy_port_is_one_line(tmp_path, served):
    store, port = served  # the fixture's server holds the port
    result = run_kg("serve", "--store", store, "--port", str(port), env={**os.environ, "RUST_BACKTRACE": "1"})
    assert result.returncode == 4
    assert f"127.0.0.1:{port} is in use" in one_line_error(result)


def test_a_failing_server_is_one_line_not_a_backtrace(tmp_path):
    store = tmp_path / "damaged"
    store.mkdir()
    (store / "CURRENT").write_text("garbage\n")  # looks like a store to kg; Oxigraph finds it corrupt
    result = run_kg("serve", "--store", store, "--port", str(free_port()), env={**os.environ, "RUST_BACKTRACE": "1"})
    assert result.returncode == 4
    error = one_line_error(result)
    assert error.startswith("kg: error: the Oxigraph server stopped: ") and "orrupt" in error
    assert "backtrace" not in error.lower()


def start(store, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port)],
                               stderr=subprocess.PIPE)
    wait_until_listening(port, process)
    return process


def port_is_free(port: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
        except requests.ConnectionError:
            return True
        time.sleep(0.2)
    return False


def test_sigterm_stops_the_server_and_kg_exits_0(served):
    port = free_port()
    process = start(served[0], port)
    process.terminate()
    assert process.wait(timeout=30) == 0
    assert process.stderr.read().decode().startswith("kg: serving ")
    assert port_is_free(port)


@pytest.mark.skipif(sys.platform != "linux", reason="the server follows kg's death through Linux's prctl")
def test_the_server_does_not_outlive_kg(served):
    port = free_port()
    process = start(served[0], port)
    process.kill()  # SIGKILL: kg cannot stop the server itself
    process.wait(timeout=30)
    assert port_is_free(port)
